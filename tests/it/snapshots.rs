//! A snapshot of every verdict of the sample plan, so that any change to a judgement shows
//! up in review. The report models and their Typst are pinned on small purpose-built cases
//! (`tests/it/cases.rs`).

use crate::common::sample;

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
                r.comparator.key(),
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
