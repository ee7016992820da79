//! `attain assess` on the sample plan: a verdict for every target, in every format, with
//! the same counts as the annual report.

use crate::common::{attain, root, sample, sample_plan, sample_returns};
use attain::report;
use chrono::NaiveDate;

fn assess(args: &[&str]) -> std::process::Output {
    let (plan, data) = (sample_plan(), sample_returns());
    let mut all = vec![
        "assess",
        "--plan",
        plan.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let out = attain(&all, &root());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn json_has_a_verdict_for_every_target_and_the_report_counts() {
    for year in [2023, 2025] {
        let out = assess(&["--year", &year.to_string()]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let targets = json["targets"].as_array().unwrap();
        let (catalog, data, assessment) = sample(year);
        let expected: usize = catalog
            .indicators()
            .map(|r| r.indicator.targets.len())
            .sum();
        assert_eq!(targets.len(), expected);
        for t in targets {
            assert!(t["verdict"].as_str().is_some_and(|v| !v.is_empty()), "{t}");
            assert!(
                t["verdict_label"].as_str().is_some_and(|v| !v.is_empty()),
                "{t}"
            );
        }
        // The annual report's counts are the JSON's.
        let model = report::build_annual(
            &catalog,
            &data,
            &assessment,
            NaiveDate::from_ymd_opt(year + 1, 3, 1).unwrap(),
        );
        let summary = &json["summary"];
        assert_eq!(summary["total"], model.tally.total);
        assert_eq!(summary["assessable"], model.tally.assessable);
        assert_eq!(summary["attained"], model.tally.attained);
        let lead = model.lead.join("");
        assert!(
            lead.contains(&format!("可监测{}项", summary["assessable"]))
                || lead.contains(&format!("可监测的{}项", summary["assessable"])),
            "{lead}"
        );
        // 达标率 is stated once targets are due, from the same counts.
        if lead.contains("达标率") {
            assert!(
                lead.contains(&format!(
                    "达标率为{:.1}%（{}/{}）",
                    model.tally.attained as f64 * 100.0 / model.tally.assessable as f64,
                    summary["attained"],
                    summary["assessable"]
                )),
                "{lead}"
            );
        }
        for (d, domain) in model.domains.iter().enumerate() {
            assert_eq!(json["domains"][d]["targets"]["total"], domain.tally.total);
            assert_eq!(
                json["domains"][d]["targets"]["attained"],
                domain.tally.attained
            );
        }
    }
}

#[test]
fn every_value_names_its_cell() {
    let out = assess(&["--year", "2025"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for t in json["targets"].as_array().unwrap() {
        if !t["current_value"].is_null() {
            let source = t["current_source"].as_str().unwrap();
            assert!(
                source.starts_with("2025/") && source.contains(".xlsx › 监测数据!"),
                "{source}"
            );
        }
    }
}

#[test]
fn csv_and_xlsx_hold_the_same_rows() {
    let out = assess(&["--year", "2025", "--format", "csv"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("domain_id,domain,goal_code,goal_number,goal_text,indicator_id"));
    assert_eq!(
        header.split(',').count(),
        attain::report::audit::XLSX_TITLES.len()
    );
    assert_eq!(lines.count(), 69);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.xlsx");
    assess(&[
        "--year",
        "2025",
        "--format",
        "xlsx",
        "--out",
        path.to_str().unwrap(),
    ]);
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto(&path).unwrap();
    let sheet = workbook.worksheet_range("目标判定").unwrap();
    assert_eq!(sheet.height(), 70);
    assert_eq!(sheet.get((0, 35)).unwrap().to_string(), "判定");
    let summary = workbook.worksheet_range("汇总").unwrap();
    assert_eq!(summary.get((9, 0)).unwrap().to_string(), "合计");
}

#[test]
fn a_method_file_changes_the_verdicts() {
    let dir = tempfile::tempdir().unwrap();
    let method = dir.path().join("method.yaml");
    std::fs::write(&method, "basic_tolerance_relative: 0.0\n").unwrap();
    let strict = assess(&["--year", "2025", "--method", method.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_slice(&strict.stdout).unwrap();
    assert_eq!(json["summary"]["basically_met"], 0);
    assert_eq!(json["method"]["basic_tolerance_relative"], 0.0);
    let default = assess(&["--year", "2025"]);
    let json: serde_json::Value = serde_json::from_slice(&default.stdout).unwrap();
    assert_eq!(json["summary"]["basically_met"], 1);
}
