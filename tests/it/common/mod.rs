//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use attain::assess::{self, Assessment, Method};
use attain::catalog::{self, Catalog};
use attain::intake::{self, DataSet};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample plan's catalog path.
pub fn sample_plan() -> PathBuf {
    root().join("sample-data/zhuzhou/women.yaml")
}

/// The sample plan's returns folder.
pub fn sample_returns() -> PathBuf {
    root().join("sample-data/zhuzhou/returns/women")
}

/// The sample plan, its 2020–`year` returns and their assessment.
pub fn sample(year: i32) -> (Catalog, DataSet, Assessment) {
    let catalog = catalog::load(&sample_plan())
        .expect("sample plan loads")
        .catalog;
    let data = intake::read_returns(&catalog, &sample_returns(), year);
    let assessment = assess::assess(&catalog, &data, year, Method::default());
    (catalog, data, assessment)
}

/// Runs the built `attain` binary.
pub fn attain(args: &[&str], cwd: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_attain"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("attain runs")
}

/// A sample plan by region and subject (`("luoyang", "women")`): catalog path and returns.
pub fn plan_paths(region: &str, subject: &str) -> (PathBuf, PathBuf) {
    let dir = root().join("sample-data").join(region);
    (
        dir.join(format!("{subject}.yaml")),
        dir.join("returns").join(subject),
    )
}

/// A sample plan, its returns up to `year` and their assessment.
pub fn plan_sample(region: &str, subject: &str, year: i32) -> (Catalog, DataSet, Assessment) {
    let (plan, returns) = plan_paths(region, subject);
    let catalog = catalog::load(&plan).expect("sample plan loads").catalog;
    let data = intake::read_returns(&catalog, &returns, year);
    let assessment = assess::assess(&catalog, &data, year, Method::default());
    (catalog, data, assessment)
}

/// Text without whitespace, for finding sentences in laid-out text.
pub fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A template filled with `model` and laid out: the text a reader sees, without
/// whitespace and without the page numbers (`— 3 —`), so that a sentence split over two
/// pages reads as one. A template or Typst error fails the test with its message.
pub fn laid_out_text(
    template: &str,
    model: &impl serde::Serialize,
    date: chrono::NaiveDate,
) -> String {
    let renderer = attain::render::Renderer::new().unwrap();
    let source = renderer.typst_source(template, model).unwrap();
    let document = renderer
        .document(template, source, date)
        .unwrap_or_else(|e| panic!("{template} did not compile: {e}"));
    let page_number = regex::Regex::new(r"^— \d+ —$").unwrap();
    compact(
        &attain::render::text_runs(&document)
            .into_iter()
            .filter(|r| !page_number.is_match(&r.text))
            .map(|r| r.text)
            .collect::<String>(),
    )
}
