//! Every value a report prints has exactly its indicator's number of decimals: in the
//! sentences, the tables, the charts and the booklet, for every sample plan.

use attain::pipeline::{Inputs, ReportKind, Run};
use attain::report::format::Printed;
use attain::report::narrative::Narrator;

use crate::common::plan_paths;

/// The decimals of a printed number.
fn decimals(number: &str) -> usize {
    number.split_once('.').map_or(0, |(_, f)| f.len())
}

const PLANS: [(&str, &str); 5] = [
    ("zhuzhou", "women"),
    ("zhuzhou", "children"),
    ("luoyang", "women"),
    ("luoyang", "children"),
    ("changning", "children"),
];

fn run(region: &str, subject: &str, year: i32) -> Run {
    let (plan, data) = plan_paths(region, subject);
    Run::load(Inputs {
        plan,
        data,
        year,
        method: None,
    })
    .unwrap()
}

#[test]
fn sentences_print_every_value_at_its_indicators_precision() {
    // A number with the indicator's unit right after it, outside the plan's quoted target.
    let mut checked = 0;
    let mut wrong = Vec::new();
    let quoted = regex::Regex::new("“[^”]*”").unwrap();
    for (region, subject) in PLANS {
        for year in [2023, 2025] {
            let run = run(region, subject, year);
            let narrator = Narrator::new(&run.catalog, &run.data, &run.assessment);
            for r in run.catalog.indicators() {
                let ind = r.indicator;
                let printed = Printed::of(ind);
                let results: Vec<_> = run
                    .assessment
                    .for_indicator(&ind.id)
                    .filter(|x| x.applies)
                    .collect();
                let text = narrator.indicator_sentences(r, &results);
                // Drop the quoted targets (the plan's own words) and computed shares.
                let unquoted = quoted.replace_all(&text, "");
                let symbol = regex::escape(
                    printed
                        .value(1.0)
                        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.'),
                );
                let pattern = format!(r"(变动|进度的)?(\d+(?:\.\d+)?)({symbol})(的时间进度)?");
                for m in regex::Regex::new(&pattern)
                    .unwrap()
                    .captures_iter(&unquoted)
                {
                    if m.get(1).is_some() || m.get(4).is_some() {
                        continue;
                    }
                    // People in 万人/亿人 carry one decimal by the magnitude rule.
                    let number = &m[2];
                    let before = unquoted[..m.get(2).unwrap().start()].chars().last();
                    if matches!(m[3].chars().next(), Some('万' | '亿')) || before == Some('万') {
                        continue;
                    }
                    // For the unit 年: a year (2025年) or a streak (连续5年) is not a value.
                    let year_like = number.len() == 4 && !number.contains('.');
                    if &m[3] == "年" && (year_like || before == Some('续')) {
                        continue;
                    }
                    checked += 1;
                    if decimals(number) != printed.decimals {
                        wrong.push(format!(
                            "{region}/{subject} {year} {}: {number}{} in “{text}”",
                            ind.name, &m[3]
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} values checked");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn tables_charts_and_the_booklet_print_every_value_at_its_precision() {
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (region, subject) in PLANS {
        let run = run(region, subject, 2025);
        let date = run.report_date(None);
        let booklet = attain::report::booklet::build(&run.catalog, &run.data, 2025, date);
        let annual = attain::report::build_annual(&run.catalog, &run.data, &run.assessment, date);
        let precision = |name: &str| -> Option<usize> {
            let base = name.split('（').next().unwrap_or(name);
            run.catalog
                .indicators()
                .find(|r| r.indicator.name == base)
                .map(|r| Printed::of(r.indicator).decimals)
        };
        let mut check = |what: String, value: &str, want: usize| {
            if value != "—" && !value.is_empty() {
                checked += 1;
                if decimals(value) != want {
                    wrong.push(format!("{what}: {value} (want {want} decimals)"));
                }
            }
        };
        for domain in &annual.domains {
            for row in &domain.rows {
                let Some(want) = precision(&row.name) else {
                    continue;
                };
                for value in [&row.baseline, &row.previous, &row.current] {
                    check(
                        format!("{region}/{subject} table {}", row.name),
                        value,
                        want,
                    );
                }
            }
            for chart in &domain.charts {
                let Some(want) = precision(&chart.title) else {
                    continue;
                };
                for label in &chart.labels {
                    check(
                        format!("{region}/{subject} chart {}", chart.title),
                        label,
                        want,
                    );
                }
            }
        }
        for table in &booklet.tables {
            let mut current = None;
            for row in &table.rows {
                if !row.indent {
                    current = precision(&row.name);
                }
                let Some(want) = current else { continue };
                for value in &row.values {
                    check(
                        format!("{region}/{subject} booklet {}", row.name),
                        value,
                        want,
                    );
                }
            }
        }
        // And the report kinds build without a value at any other precision.
        let _ = ReportKind::Annual.build(&run, date);
    }
    assert!(checked > 1000, "only {checked} values checked");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
