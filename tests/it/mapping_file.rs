//! The mapping file (`指标对照.xlsx`): `attain check` writes the unmatched names with
//! proposals; no value is ever taken from a row a person has not confirmed; a confirmed
//! row is used by every later run and survives every rewrite; its problems are located.

use std::path::Path;

use calamine::{Data, Reader};
use rust_xlsxwriter::Workbook;

use crate::common::{attain, sample_plan};
use attain::catalog;
use attain::intake::{self, MAPPING_FILE};

/// A return of 市卫生健康委 naming two indicators as units often do.
fn write_return(path: &Path, rows: &[(&str, f64)]) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "填报单位：市卫生健康委").unwrap();
    for (c, h) in ["指标名称", "计量单位", "本年数值"].iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for (r, (name, value)) in rows.iter().enumerate() {
        sheet.write_string(2 + r as u32, 0, *name).unwrap();
        sheet.write_number(2 + r as u32, 2, *value).unwrap();
    }
    workbook.save(path).unwrap();
}

/// The rows of the mapping sheet as text, header first.
fn mapping_rows(dir: &Path) -> Vec<Vec<String>> {
    let mut workbook = calamine::open_workbook_auto(dir.join(MAPPING_FILE)).unwrap();
    let range = workbook.worksheet_range("指标对照").unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|d| match d {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// Writes a mapping file with these rows (the header is the one `attain check` writes).
fn write_mapping(dir: &Path, rows: &[Vec<String>]) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("指标对照").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(r as u32, c as u16, text).unwrap();
            }
        }
    }
    workbook.save(dir.join(MAPPING_FILE)).unwrap();
}

fn check(dir: &Path) -> String {
    let out = attain(
        &[
            "check",
            "--plan",
            sample_plan().to_str().unwrap(),
            "--data",
            ".",
            "--year",
            "2025",
        ],
        dir,
    );
    String::from_utf8(out.stdout).unwrap()
}

const LIFE: &str = "female_life_expectancy";
const BREAST: &str = "breast_cancer_screening_rate";

#[test]
fn check_writes_the_mapping_file_and_no_value_comes_from_an_unconfirmed_row() {
    let catalog = catalog::load(&sample_plan()).unwrap().catalog;
    assert!(catalog.indicator(LIFE).is_some() && catalog.indicator(BREAST).is_some());
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("2025")).unwrap();
    write_return(
        &dir.path().join("2025/市卫生健康委.xlsx"),
        &[("妇女人均预期寿命", 81.06), ("乳腺癌人群筛查率", 66.8)],
    );
    let stdout = check(dir.path());
    assert!(
        stdout.contains("指标对照表（指标对照.xlsx）：新增 2 行；共 2 行，已确认 0 行，本次使用 0 行，待确认 2 行"),
        "{stdout}"
    );
    let rows = mapping_rows(dir.path());
    assert_eq!(
        rows,
        vec![
            [
                "工作簿",
                "工作表",
                "单元格",
                "填报的名称",
                "对应的指标",
                "确认",
                "其他可能",
                "备注"
            ]
            .map(String::from)
            .to_vec(),
            [
                "2025/市卫生健康委.xlsx",
                "Sheet1",
                "A3",
                "妇女人均预期寿命",
                "女性人均预期寿命",
                "",
                "女性人均健康预期寿命、妇女健康素养水平",
                ""
            ]
            .map(String::from)
            .to_vec(),
            [
                "2025/市卫生健康委.xlsx",
                "Sheet1",
                "A4",
                "乳腺癌人群筛查率",
                "适龄妇女乳腺癌人群筛查率",
                "",
                "适龄妇女宫颈癌人群筛查率",
                ""
            ]
            .map(String::from)
            .to_vec(),
        ]
    );
    // Both proposals are right, but nobody confirmed them: nothing is read.
    let data = intake::read_returns(&catalog, dir.path(), 2025);
    assert!(data.get(LIFE, None, 2025).is_none());
    assert!(data.get(BREAST, None, 2025).is_none());
    assert!(data.mapping_used.is_empty());

    // 否, a word that is not 是, and a proposal left alone are all unconfirmed.
    let mut edited = rows.clone();
    edited[1][5] = "否".into();
    edited[2][5] = "对的".into();
    write_mapping(dir.path(), &edited);
    let data = intake::read_returns(&catalog, dir.path(), 2025);
    assert!(data.get(LIFE, None, 2025).is_none());
    assert!(data.get(BREAST, None, 2025).is_none());
    let messages: Vec<String> = data.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        messages.contains(
            &"警告: 指标对照.xlsx › 指标对照!F3: 确认栏填的是“对的”，不是“是”，这一行未使用\n  提示: 确认对应关系时填“是”，否则留空或填“否”".to_string()
        ),
        "{messages:#?}"
    );
    // Nothing new was seen, so check leaves the person's file as it is.
    let before = std::fs::read(dir.path().join(MAPPING_FILE)).unwrap();
    check(dir.path());
    assert_eq!(
        std::fs::read(dir.path().join(MAPPING_FILE)).unwrap(),
        before
    );
}

#[test]
fn a_confirmed_row_is_used_by_every_later_run_and_kept_on_every_rewrite() {
    let catalog = catalog::load(&sample_plan()).unwrap().catalog;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("2024")).unwrap();
    std::fs::create_dir_all(dir.path().join("2025")).unwrap();
    write_return(
        &dir.path().join("2025/市卫生健康委.xlsx"),
        &[("妇女人均预期寿命", 81.06), ("乳腺癌人群筛查率", 66.8)],
    );
    check(dir.path());
    // The clerk confirms the first proposal, and picks nothing for the second.
    let mut rows = mapping_rows(dir.path());
    rows[1][5] = "是".into();
    rows[1][7] = "王××核对".into();
    write_mapping(dir.path(), &rows);

    let data = intake::read_returns(&catalog, dir.path(), 2025);
    assert_eq!(data.get(LIFE, None, 2025).map(|o| o.value), Some(81.06));
    assert!(data.get(BREAST, None, 2025).is_none());
    let stdout = check(dir.path());
    assert!(
        stdout.contains("说明: 2025/市卫生健康委.xlsx › Sheet1!A3: “妇女人均预期寿命”按指标对照表中已确认的一行（指标对照.xlsx › 指标对照!F2）读作指标“女性人均预期寿命”"),
        "{stdout}"
    );
    assert!(
        stdout.contains("共 2 行，已确认 1 行，本次使用 1 行，待确认 1 行"),
        "{stdout}"
    );

    // A later year's return writes the same name, and a new one: the confirmed row is
    // used there too; the new name is appended; the clerk's row is kept as written.
    write_return(
        &dir.path().join("2024/市卫生健康委.xlsx"),
        &[("妇女人均预期寿命", 80.9), ("妇女两癌筛查率", 60.0)],
    );
    let stdout = check(dir.path());
    assert!(
        stdout.contains("新增 1 行；共 3 行，已确认 1 行"),
        "{stdout}"
    );
    let after = mapping_rows(dir.path());
    assert_eq!(after[..3], rows[..3]);
    assert_eq!(after[3][3], "妇女两癌筛查率");
    assert_eq!(after[3][5], "");
    let data = intake::read_returns(&catalog, dir.path(), 2025);
    assert_eq!(data.get(LIFE, None, 2024).map(|o| o.value), Some(80.9));
    assert_eq!(data.get(LIFE, None, 2025).map(|o| o.value), Some(81.06));
}

#[test]
fn mapping_file_problems_are_located_and_those_rows_unused() {
    let catalog = catalog::load(&sample_plan()).unwrap().catalog;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("2025")).unwrap();
    write_return(
        &dir.path().join("2025/市卫生健康委.xlsx"),
        &[
            ("妇女人均预期寿命", 81.06),
            ("乳腺癌人群筛查率", 66.8),
            ("妇女两癌筛查率", 60.0),
            ("全市总人口", 390.0),
        ],
    );
    let header = [
        "工作簿",
        "工作表",
        "单元格",
        "填报的名称",
        "对应的指标",
        "确认",
        "其他可能",
        "备注",
    ];
    let row = |name: &str, indicator: &str, confirm: &str| {
        vec![
            String::new(),
            String::new(),
            String::new(),
            name.to_string(),
            indicator.to_string(),
            confirm.to_string(),
            String::new(),
            String::new(),
        ]
    };
    write_mapping(
        dir.path(),
        &[
            header.map(String::from).to_vec(),
            row("妇女人均预期寿命", "妇女寿命", "是"),
            row("乳腺癌人群筛查率", "", "是"),
            row("妇女两癌筛查率", "适龄妇女宫颈癌人群筛查率", "是"),
            row("妇女两癌筛查率", "适龄妇女乳腺癌人群筛查率", "是"),
            row("全市总人口", "（不是目标清单中的指标）", "是"),
        ],
    );
    let data = intake::read_returns(&catalog, dir.path(), 2025);
    let messages: Vec<String> = data
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        // The other years' folders are absent on purpose.
        .filter(|m| !m.contains("年的报表文件夹"))
        .collect();
    insta::assert_snapshot!(messages.join("\n"));
    assert!(data.get(LIFE, None, 2025).is_none());
    assert!(data.get(BREAST, None, 2025).is_none());
    assert!(
        data.get("cervical_cancer_screening_rate", None, 2025)
            .is_none()
    );
}
