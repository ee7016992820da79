//! Stage 4: report view models — the numbers, sentences and tables each report shows.
//!
//! Everything a reader sees is decided here, in Rust: values formatted exactly as reported,
//! changes worded by unit, verdicts and counts. Templates only place it.

pub mod annual;
pub mod audit;
pub mod booklet;
pub mod chart;
pub mod evaluation;
pub mod format;
pub mod sections;
pub mod unit;

pub use annual::{AnnualReport, build as build_annual, chinese_date};
