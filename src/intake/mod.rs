//! Stage 2: the member units' returns, read once into a [`DataSet`].
//!
//! Returns live in one folder per year (`<data>/<year>/*.xlsx|xls|xlsb|ods|csv`). Reading
//! runs in three steps, each with a public entry point so that another source needs no
//! fork: [`source`] finds the files and opens each into sheets; [`sheet`] turns one sheet
//! into readings (its header found by `layout`, its names matched by `matcher`, its
//! numbers read by `value` and, for formulas saved without a result, `formula`), with the
//! sender of each sheet found by `workbook` (`fields`, `units`); [`merge`] merges the
//! readings of every file into the data set. Names a person confirmed in the mapping file
//! ([`mapping`]) are matched too. Every value is kept with the cell it came from; every
//! problem becomes a [`Diagnostic`] and reading carries on with the good data. The written
//! sections (Markdown beside the returns) are read here too.

mod check;
mod conclusions;
mod fields;
mod formula;
mod layout;
mod limits;
pub mod mapping;
mod matcher;
pub mod merge;
mod selfeval;
pub mod sheet;
pub mod source;
mod template;
mod units;
mod value;
mod workbook;
mod written;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

pub use check::{CheckReport, check};
pub use conclusions::{GROUP_CONCLUSIONS, GroupConclusion, GroupVerdict};
pub use fields::{FormFields, form_fields};
pub use layout::{ColumnYear, Layout, ValueColumn, detect};
pub use limits::{
    GuardedOpenError, LimitError, Limits, Where, WorkbookKind, inspect, open_bytes, open_checked,
};
pub use mapping::{MAPPING_FILE, Mapping};
pub use matcher::{Matcher, NameMatch, normalize_name};
pub use selfeval::{Conclusion, SelfEvaluation};
pub use sheet::{
    Gap, Reading, SheetIn, Unmatched, WorkbookReturn, chinese_date, convert, read_range, read_sheet,
};
pub use source::{Format, Formulas, Opened, ReturnFile, Sheet};
pub use template::{EvaluationPrefill, FORM_HEADERS, Prefill, template_units, write_template};
pub use value::{CellValue, MAX_MAGNITUDE, read_cell, read_text};
pub use workbook::{read_file, read_workbook};
pub use written::{DOMAIN_FOLDER, MAX_LIST_DEPTH, MAX_WRITTEN_BYTES, WrittenText, read_written};

use crate::catalog::Catalog;
use crate::diag::{CellRef, Diagnostic};

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

/// A value reported twice with different numbers, and which was used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    pub indicator: String,
    pub breakdown: Option<String>,
    pub year: i32,
    /// The value used and its cell.
    pub used: (f64, CellRef),
    /// The other value and its cell.
    pub other: (f64, CellRef),
    /// Whether the value used came from the unit that reports the indicator and the other
    /// did not; otherwise the first file read won (files are read in name order).
    pub by_reporter: bool,
}

/// Key of a value: indicator id, breakdown (none for the total), year.
pub(crate) type Key = (String, Option<String>, i32);

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
    /// Values reported twice with different numbers.
    pub conflicts: Vec<Conflict>,
    /// The written sections of the report year, by title.
    pub written: Vec<WrittenText>,
    /// The evaluation group's conclusions for the report year (`评估组结论.xlsx`).
    pub group_conclusions: Vec<GroupConclusion>,
    /// Why a value is missing where a return says so (`数据暂缺` in its cell): the first
    /// such cell for each key without a value.
    pub gaps: BTreeMap<Key, Gap>,
    /// Indicator names that matched nothing, in reading order, for the mapping file.
    pub unmatched: Vec<Unmatched>,
    /// The mapping file as read (none when the data folder has none).
    pub mapping: Mapping,
    /// The mapping-file cells of the confirmed rows used, once per use.
    pub mapping_used: Vec<CellRef>,
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

    /// The cell that says why a value is missing, if a return says so.
    pub fn gap(&self, indicator: &str, breakdown: Option<&str>, year: i32) -> Option<&Gap> {
        self.gaps
            .get(&(indicator.to_string(), breakdown.map(str::to_string), year))
    }

    /// Whether `unit` sent any return for `year`.
    pub fn submitted(&self, unit: &str, year: i32) -> bool {
        self.submissions
            .iter()
            .any(|s| s.year == year && s.unit.as_deref() == Some(unit))
    }

    /// The written section titled `title` (`前言`, `领域/妇女与健康` …), if provided.
    pub fn written(&self, title: &str) -> Option<&WrittenText> {
        self.written.iter().find(|w| w.title == title)
    }

    /// The self-evaluations of `year`, one per (unit, goal): a later sheet replaces an
    /// earlier one.
    pub fn latest_self_evaluations(&self, year: i32) -> Vec<&SelfEvaluation> {
        let mut out: Vec<&SelfEvaluation> = Vec::new();
        for e in self.self_evaluations.iter().filter(|e| e.year == year) {
            out.retain(|o| {
                !(o.unit == e.unit
                    && o.domain_index == e.domain_index
                    && o.goal_number == e.goal_number)
            });
            out.push(e);
        }
        out
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

/// Reads the returns of every year from the plan's baseline year to `year`, and the
/// written sections of `year`: the mapping file ([`Mapping::read`]), [`source::find`],
/// then [`read_file`] for each file (in parallel), then [`merge::merge`].
pub fn read_returns(catalog: &Catalog, data_dir: &Path, year: i32) -> DataSet {
    let mapping = Mapping::read(catalog, data_dir);
    let matcher = Matcher::with_mapping(catalog, &mapping);
    let mut found = source::find(data_dir, catalog.plan.baseline_year, year);
    // The evaluation group's workbook is not a return: read apart, for the report year.
    let (groups, returns): (Vec<ReturnFile>, Vec<ReturnFile>) = found
        .files
        .drain(..)
        .partition(conclusions::is_group_workbook);
    found.files = returns;
    // Files are read in parallel and merged in file order, so the result and its messages
    // are the same however many threads read them. At least eight files a thread: fewer
    // are not worth a thread's start.
    let threads = crate::parallel::cores().min(found.files.len().div_ceil(8));
    let returns = crate::parallel::map(&found.files, threads, |file| read_file(file, &matcher));
    let mut data = merge::merge(
        catalog,
        found.files.into_iter().zip(returns).collect(),
        year,
    );
    data.diagnostics.splice(
        0..0,
        found
            .diagnostics
            .into_iter()
            .chain(mapping.diagnostics.clone()),
    );
    data.mapping = mapping;
    let (written, problems) = read_written(data_dir, year);
    data.written = written;
    data.diagnostics.extend(problems);
    for file in groups.iter().filter(|f| f.year == year) {
        let (conclusions, problems) = conclusions::read_group_conclusions(file, catalog);
        data.group_conclusions.extend(conclusions);
        data.diagnostics.extend(problems);
    }
    data
}
