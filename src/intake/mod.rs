//! Stage 2: the member units' returns, read once into a [`DataSet`].
//!
//! Returns live in one folder per year (`<data>/<year>/*.xlsx|xls|ods`). Every workbook is
//! opened once; every value is kept with the cell it came from; every problem becomes a
//! [`Diagnostic`] and reading carries on with the good data.

mod check;
mod layout;
mod limits;
mod selfeval;
mod template;
mod value;
mod workbook;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

pub use check::{CheckReport, check};
pub use layout::{Layout, detect};
pub use limits::{
    LimitError, Limits, OpenError, Where, WorkbookKind, inspect, open_bytes, open_checked,
};
pub use selfeval::{Conclusion, SelfEvaluation};
pub use template::{EvaluationPrefill, FORM_HEADERS, Prefill, template_units, write_template};
pub use value::{CellValue, read_cell, read_text};
pub use workbook::{
    Matcher, Reading, WorkbookReturn, convert, normalize_name, read_range, read_workbook,
};

use crate::catalog::Catalog;
use crate::diag::{CellRef, Diagnostic, Location};

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// A workbook cell.
    Cell(CellRef),
    /// A figure the plan states, with its source text.
    Stated { note: String },
    /// A value computed from reported parts, with how.
    Derived { note: String },
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Cell(cell) => write!(f, "{cell}"),
            Source::Stated { note } | Source::Derived { note } => f.write_str(note),
        }
    }
}

/// One value of an indicator (or of one of its breakdowns) for one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    pub value: f64,
    pub source: Source,
}

/// A workbook that was read, and whose it was.
#[derive(Debug, Clone, Serialize)]
pub struct Submission {
    pub year: i32,
    pub file: PathBuf,
    pub unit: Option<String>,
    pub date: Option<NaiveDate>,
}

/// Key of a value: indicator id, breakdown (none for the total), year.
type Key = (String, Option<String>, i32);

/// All values read for a plan, with every problem met while reading them.
#[derive(Debug, Clone, Default)]
pub struct DataSet {
    values: BTreeMap<Key, Observation>,
    /// Every problem found, in reading order.
    pub diagnostics: Vec<Diagnostic>,
    /// Every workbook read.
    pub submissions: Vec<Submission>,
    /// Self-evaluations of qualitative goals, in reading order.
    pub self_evaluations: Vec<SelfEvaluation>,
    /// Values reported twice with different numbers (the first cell is the one used).
    pub conflicts: Vec<(CellRef, CellRef)>,
}

impl DataSet {
    /// The value of an indicator's total (`breakdown` `None`) or of one breakdown.
    pub fn get(&self, indicator: &str, breakdown: Option<&str>, year: i32) -> Option<&Observation> {
        self.values
            .get(&(indicator.to_string(), breakdown.map(str::to_string), year))
    }

    /// Sets a value directly (used by tests and by stated baselines).
    pub fn insert(
        &mut self,
        indicator: &str,
        breakdown: Option<&str>,
        year: i32,
        obs: Observation,
    ) {
        self.values.insert(
            (indicator.to_string(), breakdown.map(str::to_string), year),
            obs,
        );
    }

    /// The number of values held.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether no value was read at all.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The latest 填报日期 among the workbooks of `year`.
    pub fn latest_date(&self, year: i32) -> Option<NaiveDate> {
        self.submissions
            .iter()
            .filter(|s| s.year == year)
            .filter_map(|s| s.date)
            .max()
    }
}

/// File extensions read as workbooks.
const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods"];

/// Reads the returns of every year from the plan's baseline year to `year`.
pub fn read_returns(catalog: &Catalog, data_dir: &Path, year: i32) -> DataSet {
    let matcher = Matcher::new(catalog);
    let mut data = DataSet::default();
    let mut readings: Vec<(Reading, bool)> = Vec::new();

    // Workbooks in the data folder itself hold several years as columns; each year's
    // own forms are in a folder named after the year.
    let root_files = workbook_files(data_dir);
    let folders = std::iter::once((data_dir.to_path_buf(), year))
        .chain((catalog.plan.baseline_year..=year).map(|y| (data_dir.join(y.to_string()), y)));
    let mut jobs: Vec<(PathBuf, PathBuf, i32)> = Vec::new();
    for (i, (dir, y)) in folders.enumerate() {
        let files = if i == 0 {
            root_files.clone()
        } else if dir.is_dir() {
            workbook_files(&dir)
        } else {
            if root_files.is_empty() {
                data.diagnostics.push(
                    Diagnostic::warning(
                        Some(Location::File { path: dir.clone() }),
                        format!("没有 {y} 年的报表文件夹，{y} 年按无数据处理"),
                    )
                    .with_hint(format!("把 {y} 年的报表放在 {} 中", dir.display())),
                );
            }
            continue;
        };
        for path in files {
            let shown = path.strip_prefix(data_dir).unwrap_or(&path).to_path_buf();
            jobs.push((path, shown, y));
        }
    }
    // Workbooks are read in parallel and merged in file order, so the result and its
    // messages are the same however many threads read them.
    // At least eight workbooks a thread: fewer are not worth a thread's start.
    let threads = crate::parallel::cores().min(jobs.len().div_ceil(8));
    let returns = crate::parallel::map(&jobs, threads, |(path, shown, y)| {
        read_workbook(path, shown, *y, &matcher)
    });
    for ((_, shown, y), got) in jobs.into_iter().zip(returns) {
        data.diagnostics.extend(got.diagnostics);
        data.submissions.push(Submission {
            year: y,
            file: shown.clone(),
            unit: got.unit.clone(),
            date: got.date,
        });
        if got.unit.is_none() && !got.unreadable {
            data.diagnostics.push(
                Diagnostic::warning(
                    Some(Location::File { path: shown }),
                    "无法确定填报单位，数值照常使用，但不能按责任单位判断冲突",
                )
                .with_hint("在表头上方写“填报单位：单位名称”，或以单位名称命名文件"),
            );
        }
        data.self_evaluations.extend(got.self_evaluations);
        for reading in got.readings {
            let from_reporter = catalog
                .row_definition(&reading.indicator)
                .zip(got.unit.as_deref())
                .is_some_and(|(r, unit)| r.reporter == unit);
            readings.push((reading, from_reporter));
        }
    }
    resolve(catalog, &mut data, readings);
    derive(catalog, &mut data, year);
    add_stated_baselines(catalog, &mut data);
    data
}

/// The workbooks directly in `dir`, sorted; Office's lock files (`~$name.xlsx`) skipped.
fn workbook_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            p.is_file()
                && !name.starts_with("~$")
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| WORKBOOK_EXTENSIONS.contains(&e.to_lowercase().as_str()))
        })
        .collect();
    files.sort();
    files
}

/// Chooses one value per key: a year's own form before the next year's 上年 column, the
/// responsible unit before others; reports conflicts.
fn resolve(catalog: &Catalog, data: &mut DataSet, readings: Vec<(Reading, bool)>) {
    let mut by_key: BTreeMap<Key, Vec<(Reading, bool)>> = BTreeMap::new();
    for (reading, from_reporter) in readings {
        let key = (
            reading.indicator.clone(),
            reading.breakdown.clone(),
            reading.year,
        );
        by_key
            .entry(key)
            .or_default()
            .push((reading, from_reporter));
    }
    for (key, mut candidates) in by_key {
        // Stable: within the same rank, the first file read wins.
        candidates.sort_by_key(|(r, from_reporter)| (r.from_previous_column, !from_reporter));
        let (chosen, _) = &candidates[0];
        let name = catalog
            .row_definition(&key.0)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| key.0.clone());
        let label = match &key.1 {
            Some(b) => format!("{name}（{b}）"),
            None => name,
        };
        for (other, _) in &candidates[1..] {
            if other.value == chosen.value {
                continue;
            }
            let diagnostic = if other.from_previous_column && !chosen.from_previous_column {
                Diagnostic::warning(
                    Some(Location::Cell(other.cell.clone())),
                    format!(
                        "{}年“{label}”在这里填的是 {}，与 {} 年报表中的 {}（{}）不一致，采用后者",
                        other.year, other.value, chosen.year, chosen.value, chosen.cell
                    ),
                )
                .with_hint("核对两处数据，更正有误的一处")
            } else {
                data.conflicts
                    .push((chosen.cell.clone(), other.cell.clone()));
                Diagnostic::warning(
                    Some(Location::Cell(other.cell.clone())),
                    format!(
                        "{}年“{label}”有两个不同的数值：{}（{}）与 {}（本处），采用前者",
                        chosen.year, chosen.value, chosen.cell, other.value
                    ),
                )
                .with_hint("以负责填报该指标的单位数据为准；请两单位核对")
            };
            data.diagnostics.push(diagnostic);
        }
        data.values.insert(
            key,
            Observation {
                value: chosen.value,
                source: Source::Cell(chosen.cell.clone()),
            },
        );
    }
}

/// Computes indicators from their parts in the years where they were not reported:
/// numerator ÷ denominator × the unit's scale, rounded to the declared decimals.
fn derive(catalog: &Catalog, data: &mut DataSet, year: i32) {
    for r in catalog.indicators() {
        let Some(spec) = &r.indicator.derive else {
            continue;
        };
        let scale = r.indicator.unit.rate_scale().unwrap_or(1.0);
        let decimals = spec.decimals.unwrap_or(2) as usize;
        let name = |id: &str| {
            catalog
                .row_definition(id)
                .map_or(id.to_string(), |d| d.name.clone())
        };
        for y in catalog.plan.baseline_year..=year {
            if data.get(&r.indicator.id, None, y).is_some() {
                continue;
            }
            let (Some(num), Some(den)) = (
                data.get(&spec.numerator, None, y).cloned(),
                data.get(&spec.denominator, None, y).cloned(),
            ) else {
                continue;
            };
            if den.value == 0.0 {
                data.diagnostics.push(Diagnostic::warning(
                    match &den.source {
                        Source::Cell(cell) => Some(Location::Cell(cell.clone())),
                        _ => None,
                    },
                    format!(
                        "{y}年“{}”为 0，无法计算“{}”",
                        name(&spec.denominator),
                        r.indicator.name
                    ),
                ));
                continue;
            }
            let value = crate::number::round_to(num.value / den.value * scale, decimals);
            let note = format!(
                "由{}（{}）÷{}（{}）计算",
                name(&spec.numerator),
                num.source,
                name(&spec.denominator),
                den.source
            );
            data.insert(
                &r.indicator.id,
                None,
                y,
                Observation {
                    value,
                    source: Source::Derived { note },
                },
            );
        }
    }
}

/// Adds baseline figures the plan states where no return gives the baseline year.
fn add_stated_baselines(catalog: &Catalog, data: &mut DataSet) {
    for r in catalog.indicators() {
        if let Some(stated) = &r.indicator.baseline {
            let year = stated.year.unwrap_or(catalog.plan.baseline_year);
            if data.get(&r.indicator.id, None, year).is_none() {
                let note = stated
                    .source
                    .clone()
                    .unwrap_or_else(|| "规划文本所载基期数据".to_string());
                data.insert(
                    &r.indicator.id,
                    None,
                    year,
                    Observation {
                        value: stated.value,
                        source: Source::Stated { note },
                    },
                );
            }
        }
    }
}
