//! The two shapes of returns: one workbook per year, and one workbook with the years as
//! columns; and the same workbook read as .xlsx, .xls and .ods.

use crate::common::{root, sample_plan};
use attain::catalog;
use attain::intake;
use rust_xlsxwriter::Workbook;

#[test]
fn a_workbook_with_years_as_columns_gives_every_year() {
    let catalog = catalog::load(&sample_plan()).unwrap().catalog;
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .write_string(0, 0, "株洲市妇女发展监测指标（2020—2025年）")
        .unwrap();
    sheet.write_string(1, 0, "填报单位：市卫生健康委").unwrap();
    sheet.write_string(2, 0, "指标名称").unwrap();
    sheet.write_string(2, 1, "计量单位").unwrap();
    for (i, year) in (2020..=2025).enumerate() {
        // Headers as typed: some as numbers, some as text.
        if i % 2 == 0 {
            sheet.write_number(2, 2 + i as u16, year as f64).unwrap();
        } else {
            sheet
                .write_string(2, 2 + i as u16, format!("{year}年"))
                .unwrap();
        }
    }
    let mmr = [11.6, 11.2, 10.9, 10.5, 10.2, 9.8];
    sheet.write_string(3, 0, "孕产妇死亡率").unwrap();
    sheet.write_string(3, 1, "1/10万").unwrap();
    for (i, v) in mmr.iter().enumerate() {
        sheet.write_number(3, 2 + i as u16, *v).unwrap();
    }
    workbook
        .save(dir.path().join("卫健委历年数据.xlsx"))
        .unwrap();

    let data = intake::read_returns(&catalog, dir.path(), 2025);
    for (i, v) in mmr.iter().enumerate() {
        let o = data
            .get("maternal_mortality_ratio", None, 2020 + i as i32)
            .unwrap();
        assert_eq!(o.value, *v);
    }
    let cell = data
        .get("maternal_mortality_ratio", None, 2023)
        .unwrap()
        .source
        .to_string();
    assert_eq!(cell, "卫健委历年数据.xlsx › Sheet1!F4");
    // The year folders are not needed, so their absence is not reported.
    assert!(data.diagnostics.is_empty(), "{:?}", data.diagnostics);
}

/// The same form saved by LibreOffice as .xls and .ods reads exactly like the .xlsx.
#[test]
fn xlsx_xls_and_ods_read_the_same() {
    let catalog = catalog::load(&sample_plan()).unwrap().catalog;
    let fixtures = root().join("tests/fixtures/formats");
    let mut seen = Vec::new();
    for ext in ["xlsx", "xls", "ods"] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("2025")).unwrap();
        std::fs::copy(
            fixtures.join(format!("市卫生健康委.{ext}")),
            dir.path().join("2025").join(format!("市卫生健康委.{ext}")),
        )
        .unwrap();
        let data = intake::read_returns(&catalog, dir.path(), 2025);
        let values: Vec<(String, Option<f64>, Option<f64>)> = catalog
            .indicators()
            .filter(|r| r.indicator.reporter == "市卫生健康委")
            .map(|r| {
                let id = &r.indicator.id;
                (
                    id.clone(),
                    data.get(id, None, 2025).map(|o| o.value),
                    data.get(id, None, 2024).map(|o| o.value),
                )
            })
            .collect();
        let errors: Vec<_> = data.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{ext}: {errors:?}");
        seen.push((ext, values));
    }
    assert_eq!(seen[0].1, seen[1].1, "xls differs from xlsx");
    assert_eq!(seen[0].1, seen[2].1, "ods differs from xlsx");
    // 市卫生健康委 reports 13 indicators; two are blank in 2025 on purpose.
    assert_eq!(seen[0].1.len(), 13);
    assert_eq!(
        seen[0].1.iter().filter(|(_, now, _)| now.is_some()).count(),
        11
    );
}

/// A row number before a name that itself opens with a digit is stripped, and only the
/// row number: `2、0—6岁…` is the 0—6岁 indicator; `5岁以下…` keeps its 5.
#[test]
fn row_numbers_before_names_that_start_with_a_digit() {
    let (plan, _) = crate::common::plan_paths("luoyang", "children");
    let catalog = catalog::load(&plan).unwrap().catalog;
    let reporter = |id: &str| catalog.indicator(id).unwrap().indicator.reporter.clone();
    assert_eq!(
        reporter("eye_care_coverage_0_6"),
        reporter("under5_mortality_rate")
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("2025")).unwrap();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .write_string(
            0,
            0,
            format!("填报单位：{}", reporter("under5_mortality_rate")),
        )
        .unwrap();
    for (c, h) in ["指标名称", "本年数值"].iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let rows = [
        ("1、5岁以下儿童死亡率（‰）", 4.1),
        ("2、0—6岁儿童眼保健和视力检查覆盖率（%）", 93.5),
    ];
    for (r, (name, value)) in rows.iter().enumerate() {
        sheet.write_string(2 + r as u32, 0, *name).unwrap();
        sheet.write_number(2 + r as u32, 1, *value).unwrap();
    }
    workbook.save(dir.path().join("2025/卫健委.xlsx")).unwrap();
    let data = intake::read_returns(&catalog, dir.path(), 2025);
    assert_eq!(
        data.get("under5_mortality_rate", None, 2025)
            .map(|o| o.value),
        Some(4.1)
    );
    assert_eq!(
        data.get("eye_care_coverage_0_6", None, 2025)
            .map(|o| o.value),
        Some(93.5)
    );
    assert!(data.unmatched.is_empty(), "{:?}", data.unmatched);
}

/// A workbook whose sender cannot be told still counts for the units whose values it
/// holds: they are not listed as 未报送 (a warning says the sender is unknown).
#[test]
fn a_unit_whose_values_were_read_is_never_listed_as_not_submitted() {
    let catalog = catalog::load(&sample_plan()).unwrap().catalog;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("2025")).unwrap();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, h) in ["指标名称", "本年数值"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "孕产妇死亡率").unwrap();
    sheet.write_number(1, 1, 9.8).unwrap();
    workbook
        .save(dir.path().join("2025/监测数据.xlsx"))
        .unwrap();
    let data = intake::read_returns(&catalog, dir.path(), 2025);
    let check = intake::check(&catalog, &data, 2025, 3.0);
    assert!(!check.missing_units.contains(&"市卫生健康委".to_string()));
    assert!(check.missing_units.contains(&"市统计局".to_string()));
    assert!(
        check
            .diagnostics
            .iter()
            .any(|d| d.message.starts_with("无法确定填报单位")),
        "{:#?}",
        check.diagnostics
    );
}
