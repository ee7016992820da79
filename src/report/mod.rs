//! Stage 4: report view models — the numbers, sentences and tables each report shows.
//!
//! Everything a reader sees is decided here, in Rust: values formatted exactly as reported,
//! changes worded by unit, verdicts and counts. Templates only place it.
//!
//! Each report kind is one module (`annual`, `booklet`, `evaluation`, `unit`, and the
//! `audit` export) and depends only on the shared modules (`header`, `narrative`,
//! `problems`, `quality`, `table`, `chart`, `format`, `sections`), never on another kind.

pub mod annual;
pub mod audit;
pub mod booklet;
pub mod chart;
pub mod conclusions;
pub mod evaluation;
pub mod format;
pub mod header;
pub mod narrative;
pub mod problems;
pub mod quality;
pub mod sections;
pub mod table;
pub mod unit;

pub use annual::{AnnualReport, build as build_annual};
pub use evaluation::EvaluationKind;
pub use header::{Header, chinese_date};
