//! Data checks for `attain check`: who has not submitted, what has no data, and values
//! that are possible but implausible.

use serde::Serialize;

use super::{DataSet, Source};
use crate::catalog::{Catalog, Unit};
use crate::diag::{Diagnostic, Location, Severity};

/// The outcome of checking one year's returns.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub year: i32,
    /// Every problem: reading problems first, then implausible values.
    pub diagnostics: Vec<Diagnostic>,
    /// Member units that report indicators but sent no workbook for the year: none of the
    /// year's workbooks was recognised as theirs, and none of their values came from a
    /// workbook whose sender could not be told.
    pub missing_units: Vec<String>,
    /// Indicators without a value for the year: `名称（填报单位）`.
    pub indicators_without_data: Vec<String>,
    /// Values reported twice with different numbers.
    pub conflicts: usize,
    /// Values flagged as implausible.
    pub implausible: usize,
    pub errors: usize,
    pub warnings: usize,
    /// What `attain check` did to the mapping file (`指标对照.xlsx`); filled by the command.
    pub mapping: Option<super::mapping::MappingUpdate>,
}

/// Checks the returns of `year`. `factor` bounds a plausible change of a rate from the
/// year before: a value more than `factor` times, or less than 1/`factor` of, last year's
/// is flagged.
pub fn check(catalog: &Catalog, data: &DataSet, year: i32, factor: f64) -> CheckReport {
    let mut diagnostics = data.diagnostics.clone();
    let submissions = || data.submissions.iter().filter(|s| s.year == year);
    let submitted: Vec<&str> = submissions().filter_map(|s| s.unit.as_deref()).collect();
    // A unit may have sent a workbook whose sender could not be told (warned while
    // reading): if its indicators have values from such a workbook, it is not called 未报送.
    let unattributed: Vec<&std::path::Path> = submissions()
        .filter(|s| s.unit.is_none())
        .map(|s| s.file.as_path())
        .collect();
    let read_from_unattributed = |unit: &str| {
        catalog
            .indicators()
            .filter(|r| r.indicator.reporter == unit)
            .filter_map(|r| data.get(&r.indicator.id, None, year))
            .any(|o| matches!(&o.source, Source::Cell(c) if unattributed.contains(&c.file.as_path())))
    };
    let mut missing_units: Vec<String> = catalog
        .indicators()
        .map(|r| r.indicator.reporter.clone())
        .filter(|u| !submitted.contains(&u.as_str()) && !read_from_unattributed(u))
        .collect();
    missing_units.sort();
    missing_units.dedup();

    let mut indicators_without_data = Vec::new();
    let mut implausible = 0;
    for r in catalog.indicators() {
        let ind = r.indicator;
        // What the targets are judged on and the returns lack: the total, or a breakdown a
        // target names (`其中：农村`, `其中：最低的乡镇（街道）`, the two rows of a gap).
        for row in catalog.judged_rows(&ind.id) {
            if data.get(&ind.id, row.as_deref(), year).is_none() {
                indicators_without_data.push(match row {
                    Some(b) => format!("{}（{b}）（{}）", ind.name, ind.reporter),
                    None => format!("{}（{}）", ind.name, ind.reporter),
                });
            }
        }
        let Some(now) = data.get(&ind.id, None, year) else {
            continue;
        };
        let location = match &now.source {
            Source::Cell(cell) => Some(Location::Cell(cell.clone())),
            _ => None,
        };
        let rows = std::iter::once((None, now)).chain(
            ind.breakdowns
                .iter()
                .filter_map(|b| data.get(&ind.id, Some(b), year).map(|o| (Some(b), o))),
        );
        for (breakdown, obs) in rows {
            let label = match breakdown {
                Some(b) => format!("{}（{b}）", ind.name),
                None => ind.name.clone(),
            };
            let here = match &obs.source {
                Source::Cell(cell) => Some(Location::Cell(cell.clone())),
                _ => location.clone(),
            };
            // Gross ratios (毛入学率) may exceed 100% by definition.
            let share = ind.unit == Unit::Percent && !ind.name.contains('毛');
            if share && obs.value > 100.0 {
                implausible += 1;
                diagnostics.push(
                    Diagnostic::warning(
                        here.clone(),
                        format!("“{label}”为 {}%，超过 100%", obs.value),
                    )
                    .with_hint("核实数值；比例不应超过 100%"),
                );
            }
            if obs.value < 0.0 {
                implausible += 1;
                diagnostics.push(
                    Diagnostic::warning(here.clone(), format!("“{label}”为负数 {}", obs.value))
                        .with_hint("核实数值"),
                );
            }
        }
        if ind.unit.rate_scale().is_some()
            && let Some(before) = data.get(&ind.id, None, year - 1)
            && before.value > 0.0
            && now.value > 0.0
        {
            let ratio = now.value / before.value;
            if ratio > factor || ratio < 1.0 / factor {
                implausible += 1;
                diagnostics.push(
                    Diagnostic::warning(
                        location,
                        format!(
                            "“{}”由上年的 {} 变为 {}，变化超过 {factor} 倍",
                            ind.name, before.value, now.value
                        ),
                    )
                    .with_hint("核实数值和计量单位（如 % 与 ‰ 是否填混）"),
                );
            }
        }
    }
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    CheckReport {
        year,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        missing_units,
        indicators_without_data,
        conflicts: data.conflicts.len(),
        implausible,
        diagnostics,
        mapping: None,
    }
}
