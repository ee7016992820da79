//! Snapshots of the sample plan's verdicts, report model and generated Typst, so that any
//! change to a number, a sentence or the layout source shows up in review.

use crate::common::sample;
use attain::render::Renderer;
use attain::report;
use chrono::NaiveDate;

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 24).unwrap()
}

#[test]
fn sample_verdicts_2025() {
    let (catalog, _, assessment) = sample(2025);
    let lines: Vec<String> = assessment
        .results
        .iter()
        .map(|r| {
            let ind = catalog.indicator(&r.indicator_id).unwrap().indicator;
            let value = |p: &Option<attain::assess::Point>| {
                p.as_ref().map_or("—".to_string(), |p| p.value.to_string())
            };
            format!(
                "{}.{} {} [{}] base={} prev={} now={} → {} {}",
                r.domain_id,
                r.goal_number,
                ind.name,
                attain::catalog::comparator_key(r.comparator),
                value(&r.baseline),
                value(&r.previous),
                value(&r.current),
                r.verdict.code(),
                r.verdict.label()
            )
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn sample_annual_model_2025() {
    let (catalog, data, assessment) = sample(2025);
    let model = report::build_annual(&catalog, &data, &assessment, date());
    insta::assert_yaml_snapshot!(model);
}

#[test]
fn sample_annual_typst_2025() {
    let (catalog, data, assessment) = sample(2025);
    let model = report::build_annual(&catalog, &data, &assessment, date());
    let source = Renderer::new()
        .unwrap()
        .typst_source("annual.typ", &model)
        .unwrap();
    insta::assert_snapshot!(source);
}
