//! The rows of the indicator table that the annual, evaluation and unit reports share.

use serde::Serialize;

use super::format::{number, target_text};
use super::narrative::measure_name;
use crate::assess::TargetResult;
use crate::catalog::{Catalog, IndicatorRef};

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

/// One target's row: what it measures, its values, target and verdict.
pub fn table_row(catalog: &Catalog, r: IndicatorRef<'_>, result: &TargetResult) -> TableRow {
    let cell = |p: &Option<crate::assess::Point>| {
        p.as_ref()
            .map(|p| number(p.value))
            .unwrap_or_else(|| "—".into())
    };
    let target = &r.indicator.targets[result.target_index];
    TableRow {
        name: measure_name(r, result),
        unit: r.indicator.unit.symbol(),
        baseline: cell(&result.baseline),
        previous: cell(&result.previous),
        current: cell(&result.current),
        target: target_text(catalog, target, r.indicator),
        verdict: result.verdict.label().into(),
        verdict_code: result.verdict.code().into(),
    }
}
