//! attain: monitoring and evaluation reports for Chinese women's and children's
//! development plans.
//!
//! The pipeline runs one way, one module per stage:
//!
//! ```text
//! catalog (plan YAML) ──► intake (workbooks) ──► assess (verdicts) ──► report (view model) ──► render (Typst → PDF)
//!     Catalog               DataSet               Assessment           AnnualReport            PDF bytes
//! ```
//!
//! Problems in the input never stop the pipeline early: they are collected as
//! [`diag::Diagnostic`]s, located by file and line or by workbook cell, and printed by
//! the binary. Only a broken catalog is fatal.

pub mod assess;
pub mod catalog;
pub mod diag;
pub mod error;
pub mod guard;
pub mod import;
pub mod intake;
pub mod key;
pub mod memory;
pub mod number;
pub mod output;
pub mod parallel;
pub mod pipeline;
pub mod render;
pub mod report;

pub use error::Error;
