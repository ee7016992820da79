//! The rows of the indicator table that the annual, evaluation and unit reports share.

use serde::Serialize;

use super::format::{Printed, target_text};
use super::narrative::measure_name;
use crate::assess::{Measure, TargetResult};
use crate::catalog::{Catalog, ChangeStyle, IndicatorRef};

/// One row of a domain's indicator table.
#[derive(Debug, Clone, Serialize)]
pub struct TableRow {
    pub name: String,
    pub unit: String,
    pub baseline: String,
    pub previous: String,
    pub current: String,
    pub target: String,
    pub verdict: String,
    /// The verdict's stable code, for styling.
    pub verdict_code: String,
}

/// One target's row: what it measures, its values at the indicator's precision, its target
/// and verdict. A gap's row is in points for % and ‰.
pub fn table_row(catalog: &Catalog, r: IndicatorRef<'_>, result: &TargetResult) -> TableRow {
    let printed = Printed::of(r.indicator);
    let cell = |p: &Option<crate::assess::Point>| {
        p.as_ref()
            .map(|p| printed.number(p.value))
            .unwrap_or_else(|| "—".into())
    };
    let target = &r.indicator.targets[result.target_index];
    // A shared target says so: the one clause is judged for each indicator it names.
    let shared = if target.shared.is_some() {
        "（共同目标）"
    } else {
        ""
    };
    let unit = match (&result.measure, r.indicator.unit.change_style()) {
        (Measure::Gap { .. }, ChangeStyle::Points(word)) => {
            word.trim_start_matches('个').to_string()
        }
        _ => r.indicator.unit.symbol(),
    };
    TableRow {
        name: measure_name(r, result),
        unit,
        baseline: cell(&result.baseline),
        previous: cell(&result.previous),
        current: cell(&result.current),
        target: format!("{}{shared}", target_text(catalog, target, r.indicator)),
        verdict: result.verdict.label().into(),
        verdict_code: result.verdict.code().into(),
    }
}
