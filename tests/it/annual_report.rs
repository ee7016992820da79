//! The annual monitoring report end to end: the real CLI on the sample data, the PDF it
//! writes, the text and fonts a reader sees, and the numbers that reach the page.

use std::collections::BTreeMap;

use crate::common::{attain, root, sample, sample_plan, sample_returns};
use attain::catalog::Unit;
use attain::render::{Renderer, export_pdf, text_runs};
use attain::report::format::Printed;
use attain::report::{self, chinese_date};
use calamine::{Data, Reader, open_workbook_auto};
use chrono::NaiveDate;

const DOMAIN_HEADINGS: [&str; 8] = [
    "一、妇女与健康",
    "二、妇女与教育",
    "三、妇女与经济",
    "四、妇女参与决策和管理",
    "五、妇女与社会保障",
    "六、妇女与家庭建设",
    "七、妇女与环境",
    "八、妇女与法律",
];

fn render_sample_with_cli(out: &std::path::Path) -> Vec<u8> {
    let output = attain(
        &[
            "annual",
            "--plan",
            sample_plan().to_str().unwrap(),
            "--data",
            sample_returns().to_str().unwrap(),
            "--year",
            "2025",
            "--out",
            out.to_str().unwrap(),
        ],
        &root(),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "attain failed: {stderr}");
    let pdf = out.join("株洲市妇女发展规划（2021—2025年）2025年统计监测报告.pdf");
    std::fs::read(&pdf).unwrap_or_else(|e| panic!("{}: {e}\n{stderr}", pdf.display()))
}

#[test]
fn cli_renders_the_sample_report_byte_identically_with_fonts_embedded() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = render_sample_with_cli(a.path());
    let second = render_sample_with_cli(b.path());
    assert!(first.starts_with(b"%PDF-"));
    assert!(first == second, "two renders of the same input differ");

    let pdf = lopdf::Document::load_mem(&first).expect("a readable PDF");
    let pages = pdf.get_pages();
    assert!(pages.len() >= 15, "only {} pages", pages.len());

    // Every bundled family is embedded as a subset (ABCDEF+Name).
    let mut fonts = BTreeMap::new();
    for page in pages.values() {
        for font in pdf.get_page_fonts(*page).unwrap().values() {
            if let Ok(name) = font.get(b"BaseFont").and_then(|n| n.as_name()) {
                fonts.insert(String::from_utf8_lossy(name).to_string(), ());
            }
        }
    }
    for family in [
        "NotoSerifCJKsc-Black",
        "NotoSansSC-Regular",
        "LXGWWenKai-Regular",
        "FandolFang-Regular",
    ] {
        let subset = fonts
            .keys()
            .any(|f| f.len() > 7 && f.as_bytes()[6] == b'+' && f[7..].starts_with(family));
        assert!(subset, "{family} not embedded as a subset: {fonts:?}");
    }

    // The text layer holds the domain headings, as pdftotext would find them.
    let page_numbers: Vec<u32> = pages.keys().copied().collect();
    let text: String = pdf
        .extract_text(&page_numbers)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for heading in DOMAIN_HEADINGS {
        assert!(text.contains(heading), "PDF text lacks {heading}");
    }
    assert!(
        text.contains("2025年，孕产妇死亡率为9.8/10万"),
        "PDF text lacks the MMR sentence"
    );
}

#[test]
fn a_missing_returns_folder_is_reported_and_the_report_still_renders() {
    let out = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let output = attain(
        &[
            "annual",
            "--plan",
            sample_plan().to_str().unwrap(),
            "--data",
            data.path().to_str().unwrap(),
            "--year",
            "2025",
            "--out",
            out.path().to_str().unwrap(),
            "--date",
            "2026-04-01",
        ],
        &root(),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Missing data for the report year is never silent: the report is written, exit 1.
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("错误: ")
            && stderr.contains("没有 2025 年的报表文件夹，2025 年按无数据处理"),
        "{stderr}"
    );
    assert!(stderr.contains("可监测 0 项"), "{stderr}");
}

#[test]
fn a_broken_catalog_stops_with_its_position_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    let text = std::fs::read_to_string(sample_plan()).unwrap().replacen(
        "start_year: 2021",
        "start_year: 二〇二一",
        1,
    );
    std::fs::write(&plan, text).unwrap();
    let output = attain(
        &[
            "annual",
            "--plan",
            "plan.yaml",
            "--data",
            "returns",
            "--year",
            "2025",
            "--out",
            "out",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("错误: plan.yaml:9:15: 目标清单格式错误：plan.start_year：应为整数，这里是文字“二〇二一”"),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn headings_and_body_are_set_in_the_intended_fonts() {
    let (catalog, data, assessment) = sample(2025);
    let date = NaiveDate::from_ymd_opt(2026, 3, 24).unwrap();
    let model = report::build_annual(&catalog, &data, &assessment, date);
    let renderer = Renderer::new().unwrap();
    let source = renderer.typst_source("annual.typ", &model).unwrap();
    let document = renderer.document("annual.typ", source, date).unwrap();
    let runs = text_runs(&document);
    let family_of = |needle: &str| {
        runs.iter()
            .find(|r| r.text.contains(needle))
            .map(|r| r.family.clone())
            .unwrap_or_else(|| panic!("no text run contains {needle}"))
    };
    assert_eq!(family_of("统计监测报告"), "Noto Serif CJK SC");
    assert_eq!(family_of("一、妇女与健康"), "Noto Sans SC");
    assert_eq!(family_of("（一）存在的问题"), "LXGW WenKai");
    assert_eq!(family_of("孕产妇死亡率为"), "FandolFang R");
    // Page numbers in 宋体, as GB/T 9704 asks.
    assert_eq!(family_of("— 1 —"), "FandolSong");
    // The title page carries no page number; the first body page is "— 1 —".
    assert!(runs.iter().any(|r| r.page == 2 && r.text == "— 1 —"));
    assert!(!runs.iter().any(|r| r.page == 1 && r.text.starts_with("— ")));

    // Page numbers, headings and the text layer agree with the model.
    let all: String = runs.iter().map(|r| r.text.as_str()).collect();
    for heading in DOMAIN_HEADINGS {
        assert!(all.contains(heading), "{heading}");
    }
    let pdf = export_pdf(&document, date, "test").unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

/// Reads every value straight from the sample workbooks with calamine, independently of
/// attain's intake, and checks that each reaches the report model's table unchanged.
#[test]
fn every_sample_workbook_value_reaches_the_report_exactly() {
    let (catalog, data, assessment) = sample(2025);
    let model = report::build_annual(
        &catalog,
        &data,
        &assessment,
        NaiveDate::from_ymd_opt(2026, 3, 24).unwrap(),
    );
    let rows: BTreeMap<&str, &report::table::TableRow> = model
        .domains
        .iter()
        .flat_map(|d| &d.rows)
        .map(|r| (r.name.as_str(), r))
        .collect();

    let text: String = model
        .domains
        .iter()
        .flat_map(|d| &d.paragraphs)
        .map(String::as_str)
        .collect();
    let dir = sample_returns().join("2025");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let is_return = path.extension().is_some_and(|e| e == "xlsx")
            && path
                .file_stem()
                .is_some_and(|s| s != attain::intake::GROUP_CONCLUSIONS);
        if !is_return {
            continue; // written sections (.md), CSV figures and the group's workbook
        }
        let mut workbook = open_workbook_auto(&path).unwrap();
        let range = workbook.worksheet_range("监测数据").unwrap();
        for row in range.rows() {
            // Columns: 序号, 指标代码, 指标名称, 计量单位, 本年数值, 上年数值, 备注.
            let (Some(Data::String(code)), Some(Data::String(name))) = (row.get(1), row.get(2))
            else {
                continue;
            };
            if !code.starts_with('F') {
                continue;
            }
            // A row kept by a unit that no longer answers for it is a reported conflict;
            // the responsible unit's value is the one that counts.
            let unit_name = path.file_stem().unwrap().to_str().unwrap();
            let reporter = catalog
                .indicators()
                .find(|r| r.code(catalog.plan.subject) == *code)
                .map(|r| r.indicator.reporter.as_str());
            if reporter != Some(unit_name) {
                continue;
            }
            let indicator = catalog
                .indicators()
                .find(|r| r.code(catalog.plan.subject) == *code)
                .unwrap()
                .indicator;
            assert_eq!(Unit::parse(&row[3].to_string()), Some(indicator.unit));
            let printed = Printed::of(indicator);
            let (expected, sentence) = match row.get(4) {
                Some(Data::Float(v)) => {
                    // Printed at the indicator's precision, without losing a digit.
                    let shown = printed.number(*v);
                    assert_eq!(
                        shown.parse::<f64>().unwrap(),
                        *v,
                        "{name}: {v} printed {shown}"
                    );
                    (shown, format!("2025年，{name}为{}", printed.value(*v)))
                }
                _ => ("—".to_string(), format!("2025年{name}暂无数据")),
            };
            // The sentence about the indicator quotes the value as typed …
            assert!(text.contains(&sentence), "no “{sentence}” in the report");
            // … and so does its table row (an indicator judged only by a gap has none).
            if let Some(table_row) = rows.get(name.as_str()) {
                assert_eq!(table_row.current, expected, "{name} in {}", path.display());
            }
            checked += 1;
        }
    }
    assert_eq!(
        checked,
        catalog.indicators().count(),
        "every indicator checked once"
    );
}

#[test]
fn the_mmr_sentence_reads_like_a_published_report() {
    let (catalog, data, assessment) = sample(2025);
    let model = report::build_annual(
        &catalog,
        &data,
        &assessment,
        NaiveDate::from_ymd_opt(2026, 3, 24).unwrap(),
    );
    let health = &model.domains[0];
    let mmr = health
        .paragraphs
        .iter()
        .find(|p| p.contains("孕产妇死亡率为"))
        .unwrap();
    assert_eq!(
        mmr,
        "2025年，孕产妇死亡率为9.8/10万，比2024年降低3.9%。\
         其中，城镇孕产妇死亡率为8.6/10万，比2024年降低1.1%；农村孕产妇死亡率为10.9/10万，比2024年降低5.2%；\
         最高的县（市、区）孕产妇死亡率为15.8/10万，比2024年降低6.5%；最低的县（市、区）孕产妇死亡率为5.5/10万，比2024年降低1.8%。\
         实现规划“12/10万以下”的目标。\
         城镇与农村差距为2.3/10万，比2020年的4.8/10万缩小2.5/10万，实现规划“城镇与农村差距缩小”的目标。\
         县（市、区）间差距（最高与最低之差）为10.3/10万，比2020年的15.0/10万缩小4.7/10万，实现规划“县（市、区）间差距缩小”的目标。"
    );
    assert_eq!(
        chinese_date(NaiveDate::from_ymd_opt(2026, 3, 24).unwrap()),
        "2026年3月24日"
    );
}
