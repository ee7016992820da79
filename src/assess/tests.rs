//! Table-driven tests of the method at its boundaries, and properties that must hold for
//! any data.

use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::catalog;
use crate::intake::{Observation, Source};

/// A one-indicator plan 2021–2030 (baseline 2020) with the given target lines.
fn plan(unit: &str, breakdowns: &str, targets: &str) -> Catalog {
    let text = [
        "plan:",
        "  title: 测试",
        "  locality: 测试市",
        "  subject: women",
        "  start_year: 2021",
        "  end_year: 2030",
        "  baseline_year: 2020",
        "units:",
        "  - name: 单位",
        "domains:",
        "  - id: d",
        "    name: 领域",
        "    goals:",
        "      - number: 1",
        "        text: 目标",
        "        indicators:",
        "          - id: x",
        "            name: 指标",
        &format!("            unit: \"{unit}\""),
        "            reporter: 单位",
        &format!("            breakdowns: [{breakdowns}]"),
        "            targets:",
        targets,
    ]
    .join("\n");
    catalog::parse(&text, Path::new("t.yaml"))
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
        .catalog
}

fn target(line: &str) -> String {
    format!("              - {line}\n")
}

fn data(values: &[(Option<&str>, i32, f64)]) -> DataSet {
    let mut data = DataSet::default();
    for (breakdown, year, value) in values {
        data.insert(
            "x",
            *breakdown,
            *year,
            Observation {
                value: *value,
                source: Source::Stated {
                    note: "test".into(),
                },
            },
        );
    }
    data
}

fn verdict_of(catalog: &Catalog, data: &DataSet, year: i32) -> Verdict {
    assess(catalog, data, year, Method::default()).results[0].verdict
}

#[test]
fn numeric_targets_in_and_before_the_target_year() {
    // (target, baseline 2020, value, evaluation year, expected)
    let table: &[(&str, f64, f64, i32, Verdict)] = &[
        // ≤ 12 by 2025: exactly on target, just inside and just outside the 2% tolerance.
        (
            "comparator: at_most\n                value: 12\n                year: 2025",
            15.0,
            12.0,
            2025,
            Verdict::Met,
        ),
        (
            "comparator: at_most\n                value: 12\n                year: 2025",
            15.0,
            12.24,
            2025,
            Verdict::BasicallyMet,
        ),
        (
            "comparator: at_most\n                value: 12\n                year: 2025",
            15.0,
            12.25,
            2025,
            Verdict::NotMet,
        ),
        // < 12 is strict: 12 itself is short, within tolerance.
        (
            "comparator: below\n                value: 12\n                year: 2025",
            15.0,
            12.0,
            2025,
            Verdict::BasicallyMet,
        ),
        // Met at the start (95.6 ≥ 95) and lost since: 出现倒退, not a positive P.
        (
            "comparator: at_least\n                value: 95\n                year: 2030",
            95.6,
            94.8,
            2025,
            Verdict::Regressing,
        ),
        (
            "comparator: at_most\n                value: 12\n                year: 2030",
            11.0,
            12.5,
            2025,
            Verdict::Regressing,
        ),
        // ≥ 70 by 2025, judged in 2023 (τ = 0.6).
        (
            "comparator: at_least\n                value: 70\n                year: 2025",
            55.0,
            70.0,
            2023,
            Verdict::MetEarly,
        ),
        (
            "comparator: at_least\n                value: 70\n                year: 2025",
            55.0,
            66.0,
            2023,
            Verdict::Ahead,
        ),
        (
            "comparator: at_least\n                value: 70\n                year: 2025",
            55.0,
            64.0,
            2023,
            Verdict::OnTrack,
        ),
        (
            "comparator: at_least\n                value: 70\n                year: 2025",
            55.0,
            60.0,
            2023,
            Verdict::Lagging,
        ),
        (
            "comparator: at_least\n                value: 70\n                year: 2025",
            55.0,
            54.0,
            2023,
            Verdict::Regressing,
        ),
        // Target met at baseline: still met is early; lost is regressing.
        (
            "comparator: at_least\n                value: 70\n                year: 2025",
            72.0,
            71.0,
            2023,
            Verdict::MetEarly,
        ),
        (
            "comparator: at_least\n                value: 70\n                year: 2025",
            70.0,
            69.0,
            2023,
            Verdict::Regressing,
        ),
        // Zero baseline.
        (
            "comparator: at_least\n                value: 10\n                year: 2025",
            0.0,
            6.0,
            2023,
            Verdict::OnTrack,
        ),
        // 左右: band ±5% of 50.
        (
            "comparator: about\n                value: 50\n                year: 2025",
            45.0,
            52.5,
            2025,
            Verdict::Met,
        ),
        (
            "comparator: about\n                value: 50\n                year: 2025",
            45.0,
            53.5,
            2025,
            Verdict::BasicallyMet,
        ),
        (
            "comparator: about\n                value: 50\n                year: 2025",
            45.0,
            60.0,
            2025,
            Verdict::NotMet,
        ),
        // Range.
        (
            "comparator: between\n                min: 1\n                max: 2\n                year: 2025",
            3.0,
            2.0,
            2025,
            Verdict::Met,
        ),
        // Directions, before and in the target year.
        ("comparator: increase", 50.0, 51.0, 2025, Verdict::OnTrack),
        ("comparator: increase", 50.0, 50.0, 2025, Verdict::Lagging),
        (
            "comparator: increase",
            50.0,
            49.0,
            2025,
            Verdict::Regressing,
        ),
        ("comparator: increase", 50.0, 51.0, 2030, Verdict::Met),
        ("comparator: increase", 50.0, 49.0, 2030, Verdict::NotMet),
        ("comparator: decrease", 50.0, 49.0, 2030, Verdict::Met),
        ("comparator: maintain", 50.0, 52.5, 2030, Verdict::Met),
        ("comparator: maintain", 50.0, 52.6, 2030, Verdict::NotMet),
    ];
    for (line, base, value, year, expected) in table {
        let catalog = plan("%", "", &target(line));
        let data = data(&[(None, 2020, *base), (None, *year, *value)]);
        assert_eq!(
            verdict_of(&catalog, &data, *year),
            *expected,
            "{line} base {base} value {value} in {year}"
        );
    }
}

#[test]
fn missing_data() {
    let catalog = plan(
        "%",
        "",
        &target("comparator: at_least\n                value: 70\n                year: 2025"),
    );
    // No value in the evaluation year.
    let r = &assess(
        &catalog,
        &data(&[(None, 2020, 55.0)]),
        2023,
        Method::default(),
    )
    .results[0];
    assert_eq!(r.verdict, Verdict::NoData);
    assert_eq!(r.note.as_deref(), Some("2023年无数据"));
    assert!(r.warnings.iter().any(|w| w.code() == "missing_years"));
    // No baseline: progress runs from the first later year with data.
    let r = &assess(
        &catalog,
        &data(&[(None, 2021, 55.0), (None, 2023, 64.0)]),
        2023,
        Method::default(),
    )
    .results[0];
    assert_eq!(r.progress.map(|p| p.start_year), Some(2021));
    // P = 9/15 = 0.6 over τ = (2023 − 2021)/(2025 − 2021) = 0.5: ratio 1.2.
    assert_eq!(r.verdict, Verdict::Ahead);
    // Only the evaluation year has data: no starting point, no verdict.
    let r = &assess(
        &catalog,
        &data(&[(None, 2023, 64.0)]),
        2023,
        Method::default(),
    )
    .results[0];
    assert_eq!(r.verdict, Verdict::NoData);
}

#[test]
fn interim_and_final_targets_are_judged_in_their_own_years() {
    let targets =
        target("comparator: at_least\n                value: 80\n                year: 2025")
            + &target(
                "comparator: at_least\n                value: 82\n                year: 2030",
            );
    let catalog = plan("%", "", &targets);
    let data = data(&[(None, 2020, 70.0), (None, 2025, 79.0), (None, 2027, 81.0)]);
    let a = assess(&catalog, &data, 2027, Method::default());
    let (interim, last) = (&a.results[0], &a.results[1]);
    // The 2025 target is judged with 2025 data and no longer counted.
    assert_eq!(
        (interim.judged_year, interim.verdict, interim.applies),
        (2025, Verdict::BasicallyMet, false)
    );
    // The 2030 target applies in 2027: P = 11/12, τ = 0.7 → ratio 1.31.
    assert_eq!(
        (last.judged_year, last.verdict, last.applies),
        (2027, Verdict::Ahead, true)
    );
    assert_eq!(a.tally(None).total, 1);
    // In 2025 the interim target applies.
    let a = assess(&catalog, &data, 2025, Method::default());
    assert!(a.results[0].applies && !a.results[1].applies);
}

#[test]
fn gaps_between_breakdowns() {
    let catalog = plan(
        "1/10万",
        "城镇, 农村",
        &target("comparator: gap_narrows\n                between: [城镇, 农村]"),
    );
    let data = data(&[
        (Some("城镇"), 2020, 9.1),
        (Some("农村"), 2020, 13.9),
        (Some("城镇"), 2030, 8.6),
        (Some("农村"), 2030, 10.9),
    ]);
    let r = &assess(&catalog, &data, 2030, Method::default()).results[0];
    assert_eq!(r.baseline.as_ref().map(|p| p.value), Some(4.8));
    assert_eq!(r.current.as_ref().map(|p| p.value), Some(2.3));
    assert_eq!(r.verdict, Verdict::Met);
}

#[test]
fn early_warnings() {
    let catalog = plan(
        "%",
        "",
        &target("comparator: at_least\n                value: 90\n                year: 2030"),
    );
    // Slow linear progress: 70 → 72 in four years projects to 75 in 2030.
    let slow = data(&[(None, 2020, 70.0), (None, 2022, 71.0), (None, 2024, 72.0)]);
    let r = &assess(&catalog, &slow, 2024, Method::default()).results[0];
    assert!(
        matches!(r.warnings[0], Warning::HardToReach { projected } if (projected - 75.0).abs() < 1e-9)
    );
    // Compound growth from 70 to 72 also misses 90.
    let method = Method {
        projection: Projection::CompoundGrowth,
        ..Method::default()
    };
    let r = &assess(&catalog, &slow, 2024, method).results[0];
    assert_eq!(
        r.projection.map(|p| p.method),
        Some(Projection::CompoundGrowth)
    );
    // A 40% jump is volatile.
    let jumpy = data(&[(None, 2020, 50.0), (None, 2021, 70.0), (None, 2022, 71.0)]);
    let r = &assess(&catalog, &jumpy, 2022, Method::default()).results[0];
    assert!(r.warnings.iter().any(|w| w.code() == "volatile"));
}

#[test]
fn references_to_another_indicator_or_row() {
    let catalog = plan(
        "%",
        "",
        &target("comparator: better_than_reference\n                reference: 全省平均水平"),
    );
    let data = data(&[(None, 2030, 31.0), (Some("全省平均水平"), 2030, 30.0)]);
    let r = &assess(&catalog, &data, 2030, Method::default()).results[0];
    assert_eq!(r.reference.as_ref().map(|p| p.value), Some(30.0));
    assert_eq!(r.verdict, Verdict::Met);
}

proptest! {
    /// For a fixed target, baseline and year, a better value never gives a worse verdict.
    #[test]
    fn better_value_never_worse_verdict(
        base in 0.0f64..100.0,
        a in 0.0f64..100.0,
        b in 0.0f64..100.0,
        aim in 1.0f64..100.0,
        year in 2021i32..=2027,
        higher in any::<bool>(),
    ) {
        let comparator = if higher { "at_least" } else { "at_most" };
        let catalog = plan("%", "", &target(&format!(
            "comparator: {comparator}\n                value: {aim}\n                year: 2025"
        )));
        let (better, worse) = if (a >= b) == higher { (a, b) } else { (b, a) };
        let verdict = |v: f64| verdict_of(&catalog, &data(&[(None, 2020, base), (None, year.min(2025), v)]), year);
        prop_assert!(verdict(better).rank() >= verdict(worse).rank(),
            "{comparator} {aim}: {better} → {:?}, {worse} → {:?}", verdict(better), verdict(worse));
    }

    /// The tally counts what the results say, and the at-least target's verdicts follow
    /// from its data by the documented rule (checked against an oracle written from
    /// `docs/methodology.md` §3, independently of `judge`).
    #[test]
    fn tally_and_verdicts_follow_the_data(values in proptest::collection::vec(proptest::option::of(0.0f64..100.0), 11)) {
        let catalog = plan("%", "", &(target("comparator: at_least\n                value: 50\n                year: 2025")
            + &target("comparator: increase")));
        let mut d = DataSet::default();
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                d.insert("x", None, 2020 + i as i32, Observation { value: *v, source: Source::Stated { note: String::new() } });
            }
        }
        let value = |year: i32| values[(year - 2020) as usize];
        for year in 2021..=2030 {
            let assessment = assess(&catalog, &d, year, Method::default());
            let t = assessment.tally(None);
            let applicable: Vec<&TargetResult> = assessment.results.iter().filter(|r| r.applies).collect();
            prop_assert_eq!(t.total, applicable.len());
            for v in Verdict::ALL {
                prop_assert_eq!(t.count(v), applicable.iter().filter(|r| r.verdict == v).count(), "{:?} in {}", v, year);
            }
            prop_assert_eq!(t.assessable, applicable.iter().filter(|r| r.verdict != Verdict::NoData).count());
            prop_assert_eq!(t.attained, t.met + t.met_early);

            // The oracle for "≥ 50 by 2025".
            let at_least = assessment.results[0].verdict;
            let judged = year.min(2025);
            let expected = match value(judged) {
                None => Some(Verdict::NoData),
                Some(v) if v >= 50.0 && year >= 2025 => Some(Verdict::Met),
                Some(v) if v >= 50.0 => Some(Verdict::MetEarly),
                Some(v) if year >= 2025 && (50.0 - v) / 50.0 <= 0.02 + 1e-9 => Some(Verdict::BasicallyMet),
                Some(_) if year >= 2025 => Some(Verdict::NotMet),
                // Before 2025 and not met: a progress verdict, or no data without a start.
                Some(_) => None,
            };
            match expected {
                Some(want) => prop_assert_eq!(at_least, want, "{} in {}: {:?}", "at_least 50", year, values),
                None => prop_assert!(
                    matches!(at_least, Verdict::Ahead | Verdict::OnTrack | Verdict::Lagging | Verdict::Regressing | Verdict::NoData),
                    "{:?} before the target year", at_least
                ),
            }
        }
    }
}

#[test]
fn relative_targets_are_judged_against_the_baseline_value() {
    // (target, baseline 2020, value, evaluation year, expected)
    let table: &[(&str, f64, f64, i32, Verdict)] = &[
        // 以2020年为基数下降20%: 12.5 → bound 10.
        (
            "comparator: decrease_by\n                value: 20\n                year: 2025",
            12.5,
            10.0,
            2025,
            Verdict::Met,
        ),
        (
            "comparator: decrease_by\n                value: 20\n                year: 2025",
            12.5,
            10.5,
            2025,
            Verdict::NotMet,
        ),
        // Before the target year: τ = 0.6, P = 1.5/2.5 = 0.6 → 符合进度.
        (
            "comparator: decrease_by\n                value: 20\n                year: 2025",
            12.5,
            11.0,
            2023,
            Verdict::OnTrack,
        ),
        // 比2020年提高10%: 50 → bound 55.
        (
            "comparator: increase_by\n                value: 10\n                year: 2025",
            50.0,
            55.0,
            2025,
            Verdict::Met,
        ),
    ];
    for (target_yaml, base, now, year, expected) in table {
        let catalog = plan("1/10万", "", &target(target_yaml));
        let data = data(&[(None, 2020, *base), (None, *year, *now)]);
        assert_eq!(
            verdict_of(&catalog, &data, *year),
            *expected,
            "{target_yaml} base {base} now {now} in {year}"
        );
    }
    // Without a baseline value there is no bound: 无数据, with a note saying why.
    let catalog = plan(
        "1/10万",
        "",
        &target("comparator: decrease_by\n                value: 20"),
    );
    let data = data(&[(None, 2025, 9.0)]);
    let result = &assess(&catalog, &data, 2025, Method::default()).results[0];
    assert_eq!(result.verdict, Verdict::NoData);
    assert!(
        result
            .note
            .as_deref()
            .unwrap()
            .contains("无法确定相对目标值")
    );
}

/// The cases an independent check of the method found (issue #14.6), end to end.
#[test]
fn boundaries_are_judged_in_decimal_not_binary() {
    // maintain, band 5% of 1.20 = 0.06: 1.26 and 1.14 are inside, 1.27 is not.
    let catalog = plan("%", "", &target("comparator: maintain"));
    for (now, expected) in [
        (1.26, Verdict::OnTrack),
        (1.14, Verdict::OnTrack),
        (1.27, Verdict::Lagging),
    ] {
        let d = data(&[(None, 2020, 1.20), (None, 2023, now)]);
        assert_eq!(verdict_of(&catalog, &d, 2023), expected, "1.20 → {now}");
        let d = data(&[(None, 2020, 1.20), (None, 2030, now)]);
        let expected = if expected == Verdict::OnTrack {
            Verdict::Met
        } else {
            Verdict::NotMet
        };
        assert_eq!(verdict_of(&catalog, &d, 2030), expected, "1.20 → {now}");
    }
    // A change of exactly 30% is not 波动较大; a hair more is.
    let catalog = plan("%", "", &target("comparator: increase"));
    for (now, volatile) in [(2.99, false), (3.0, true)] {
        let d = data(&[(None, 2020, 2.3), (None, 2021, now)]);
        let r = &assess(&catalog, &d, 2021, Method::default()).results[0];
        assert_eq!(
            r.warnings.iter().any(|w| w.code() == "volatile"),
            volatile,
            "2.3 → {now}"
        );
    }
}

/// A 无数据 row carries 连续无数据 but no warning computed from earlier years.
#[test]
fn no_data_rows_carry_only_missing_years() {
    let catalog = plan("%", "", &target("comparator: increase"));
    // 2021 → 2022 swings by 100%, then two years without data.
    let d = data(&[(None, 2020, 10.0), (None, 2021, 10.0), (None, 2022, 20.0)]);
    let r = &assess(&catalog, &d, 2024, Method::default()).results[0];
    assert_eq!(r.verdict, Verdict::NoData);
    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code()).collect();
    assert_eq!(codes, ["missing_years"]);
    // With this year's value the swing is reported.
    let d = data(&[
        (None, 2020, 10.0),
        (None, 2021, 10.0),
        (None, 2022, 20.0),
        (None, 2024, 21.0),
    ]);
    let r = &assess(&catalog, &d, 2024, Method::default()).results[0];
    assert!(r.warnings.iter().any(|w| w.code() == "volatile"));
}

/// The forms of issue #15 item 6, each judged on what it names (`catalog::forms_tests`'s
/// plan, 2021–2025, judged in 2025): met, not met, no data.
#[test]
fn each_catalog_form_is_judged_on_what_it_names() {
    let catalog = catalog::parse(catalog::forms_tests::FORMS, Path::new("forms.yaml"))
        .unwrap()
        .catalog;
    type Obs = (&'static str, Option<&'static str>, i32, f64);
    /// (domain index, goal, indicator, target index).
    type Which = (usize, u32, &'static str, usize);
    // (what, values, which target, expected)
    let cases: Vec<(&str, Vec<Obs>, Which, Verdict)> = vec![
        // A target on one breakdown: the breakdown's value, not the total's.
        (
            "城市 ≥ 95: 96 met",
            vec![
                ("parent_school", None, 2025, 80.0),
                ("parent_school", Some("城市"), 2025, 96.0),
            ],
            (1, 1, "parent_school", 0),
            Verdict::Met,
        ),
        (
            "城市 ≥ 95: 90 not met, whatever the total",
            vec![
                ("parent_school", None, 2025, 99.0),
                ("parent_school", Some("城市"), 2025, 90.0),
            ],
            (1, 1, "parent_school", 0),
            Verdict::NotMet,
        ),
        (
            "农村 ≥ 85 on its own breakdown: 86 met",
            vec![
                ("parent_school", Some("城市"), 2025, 90.0),
                ("parent_school", Some("农村"), 2025, 86.0),
            ],
            (1, 1, "parent_school", 1),
            Verdict::Met,
        ),
        (
            "城市 without a value: no data, though the total has one",
            vec![("parent_school", None, 2025, 99.0)],
            (1, 1, "parent_school", 0),
            Verdict::NoData,
        ),
        // A shared urban–rural gap, judged for each indicator it names.
        (
            "shared 城乡差距: nmr 1.0 → 0.5 met",
            vec![
                ("nmr", Some("城镇"), 2020, 2.0),
                ("nmr", Some("农村"), 2020, 3.0),
                ("nmr", Some("城镇"), 2025, 2.0),
                ("nmr", Some("农村"), 2025, 2.5),
            ],
            (0, 1, "nmr", 1),
            Verdict::Met,
        ),
        (
            "shared 城乡差距: imr 1.0 → 1.2 not met",
            vec![
                ("imr", Some("城镇"), 2020, 4.0),
                ("imr", Some("农村"), 2020, 5.0),
                ("imr", Some("城镇"), 2025, 3.8),
                ("imr", Some("农村"), 2025, 5.0),
            ],
            (0, 1, "imr", 1),
            Verdict::NotMet,
        ),
        (
            "shared 城乡差距: imr without breakdowns, no data",
            vec![("imr", None, 2025, 4.0)],
            (0, 1, "imr", 1),
            Verdict::NoData,
        ),
        // A regional gap: the highest county less the lowest.
        (
            "区域差距: 2.0 → 1.5 met",
            vec![
                ("nmr", Some("最高的县（市、区）"), 2020, 4.0),
                ("nmr", Some("最低的县（市、区）"), 2020, 2.0),
                ("nmr", Some("最高的县（市、区）"), 2025, 3.5),
                ("nmr", Some("最低的县（市、区）"), 2025, 2.0),
            ],
            (0, 1, "nmr", 2),
            Verdict::Met,
        ),
        (
            "区域差距: 2.0 → 2.5 not met",
            vec![
                ("nmr", Some("最高的县（市、区）"), 2020, 4.0),
                ("nmr", Some("最低的县（市、区）"), 2020, 2.0),
                ("nmr", Some("最高的县（市、区）"), 2025, 4.5),
                ("nmr", Some("最低的县（市、区）"), 2025, 2.0),
            ],
            (0, 1, "nmr", 2),
            Verdict::NotMet,
        ),
        (
            "区域差距 without the lowest county: no data",
            vec![("nmr", Some("最高的县（市、区）"), 2025, 4.5)],
            (0, 1, "nmr", 2),
            Verdict::NoData,
        ),
        // A minimum for every township: the lowest township's value.
        (
            "each 乡镇 ≥ 95: lowest 96 met",
            vec![
                ("vaccination", None, 2025, 99.0),
                ("vaccination", Some("最低的乡镇（街道）"), 2025, 96.0),
            ],
            (0, 2, "vaccination", 0),
            Verdict::Met,
        ),
        (
            "each 乡镇 ≥ 95: lowest 90 not met though the total is 99",
            vec![
                ("vaccination", None, 2025, 99.0),
                ("vaccination", Some("最低的乡镇（街道）"), 2025, 90.0),
            ],
            (0, 2, "vaccination", 0),
            Verdict::NotMet,
        ),
        (
            "each 乡镇 without the lowest township: no data",
            vec![("vaccination", None, 2025, 99.0)],
            (0, 2, "vaccination", 0),
            Verdict::NoData,
        ),
        // The same quantity under two goals: one series, judged by each goal's targets.
        (
            "same_as: the repeat's 持续下降 on imr's values, met",
            vec![("imr", None, 2020, 5.5), ("imr", None, 2025, 4.5)],
            (1, 2, "imr", 0),
            Verdict::Met,
        ),
        (
            "same_as: imr's own ≤ 5 in its goal, from the same values",
            vec![("imr", None, 2020, 5.5), ("imr", None, 2025, 4.5)],
            (0, 1, "imr", 0),
            Verdict::Met,
        ),
        (
            "same_as: the repeat's 持续下降, not met",
            vec![("imr", None, 2020, 4.0), ("imr", None, 2025, 4.5)],
            (1, 2, "imr", 0),
            Verdict::NotMet,
        ),
        (
            "same_as: no values, no data",
            vec![],
            (1, 2, "imr", 0),
            Verdict::NoData,
        ),
    ];
    let mut failures = Vec::new();
    for (what, values, (d, g, id, t), want) in cases {
        let mut data = DataSet::default();
        for (ind, breakdown, year, value) in values {
            data.insert(
                ind,
                breakdown,
                year,
                Observation {
                    value,
                    source: Source::Stated {
                        note: "test".into(),
                    },
                },
            );
        }
        let assessment = assess(&catalog, &data, 2025, Method::default());
        let found: Vec<&TargetResult> = assessment
            .results
            .iter()
            .filter(|r| {
                r.domain_index == d
                    && r.goal_number == g
                    && r.indicator_id == id
                    && r.target_index == t
            })
            .collect();
        match found.as_slice() {
            [r] if r.verdict == want && r.applies => {}
            [r] => failures.push(format!(
                "{what}: want {want:?}, got {:?} (applies {})",
                r.verdict, r.applies
            )),
            other => failures.push(format!("{what}: {} results", other.len())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What each form measures, and that shared targets say which clause they come from.
#[test]
fn forms_name_their_measure() {
    let catalog = catalog::parse(catalog::forms_tests::FORMS, Path::new("forms.yaml"))
        .unwrap()
        .catalog;
    let assessment = assess(&catalog, &DataSet::default(), 2025, Method::default());
    let measures: Vec<(String, u32, String, Measure, Option<usize>)> = assessment
        .results
        .iter()
        .map(|r| {
            (
                r.domain_id.clone(),
                r.goal_number,
                r.indicator_id.clone(),
                r.measure.clone(),
                r.shared,
            )
        })
        .collect();
    let gap = |a: &str, b: &str| Measure::Gap {
        a: a.into(),
        b: b.into(),
    };
    let on = |b: &str| Measure::Breakdown {
        breakdown: b.into(),
    };
    let row = |d: &str, g: u32, id: &str, m: Measure, s: Option<usize>| {
        (d.to_string(), g, id.to_string(), m, s)
    };
    assert_eq!(
        measures,
        [
            row("health", 1, "nmr", Measure::Level, None),
            row("health", 1, "nmr", gap("城镇", "农村"), Some(0)),
            row(
                "health",
                1,
                "nmr",
                gap("最高的县（市、区）", "最低的县（市、区）"),
                Some(1)
            ),
            row("health", 1, "imr", Measure::Level, None),
            row("health", 1, "imr", gap("城镇", "农村"), Some(0)),
            row(
                "health",
                1,
                "imr",
                gap("最高的县（市、区）", "最低的县（市、区）"),
                Some(1)
            ),
            row("health", 2, "vaccination", on("最低的乡镇（街道）"), None),
            row("family", 1, "parent_school", on("城市"), None),
            row("family", 1, "parent_school", on("农村"), None),
            row("family", 2, "imr", Measure::Level, None),
        ]
    );
    // Each goal judges the repeat apart: the repeat's goal has one part.
    let family_2 = assessment.goal(1, 2).unwrap();
    assert_eq!(family_2.parts, 1);
}
