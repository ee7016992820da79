//! Integration tests: the real CLI on real files.
//!
//! One test binary for all of them: each binary links Typst, so one link
//! instead of eleven keeps the build quick and the target folder small.

mod common;

mod annual_report;
mod assess_cli;
mod cases;
mod catalog_forms;
mod check_cli;
mod derived;
mod errors;
mod escaping;
mod evaluation;
mod fuzz_intake;
mod fuzz_targets;
mod import;
mod intake_shapes;
mod mapping_file;
mod messy_corpus;
mod precision;
mod real_corpus;
mod reports;
mod robustness;
mod sample_plans;
mod self_evaluation;
mod snapshots;
mod template_round_trip;
