//! The header fields every report model carries: the plan, the issuer, the date.

use chrono::NaiveDate;
use serde::Serialize;

use crate::catalog::Catalog;
pub use crate::intake::chinese_date;

/// What every report says about itself; flattened into each model, so templates read
/// `plan_title`, `date` … directly.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    /// The plan title, e.g. `株洲市妇女发展规划（2021—2025年）`.
    pub plan_title: String,
    /// Who issues the report.
    pub issuer: String,
    /// The document date, written out: `2026年3月31日`.
    pub date: String,
    /// The same date as `YYYY-MM-DD`, for PDF metadata.
    pub date_iso: String,
    /// The year the data is about.
    pub year: i32,
    pub baseline_year: i32,
}

impl Header {
    /// The header of a report on `year`, dated `date`.
    pub fn new(catalog: &Catalog, year: i32, date: NaiveDate) -> Header {
        Header {
            plan_title: catalog.plan.title.clone(),
            issuer: catalog.plan.issuer_name(),
            date: chinese_date(date),
            date_iso: date.format("%Y-%m-%d").to_string(),
            year,
            baseline_year: catalog.plan.baseline_year,
        }
    }
}
