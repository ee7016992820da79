//! `attain check` on the sample returns and on a year of deliberately wrong returns.

use crate::common::{attain, root, sample_plan, sample_returns};
use rust_xlsxwriter::Workbook;

fn write_return(
    path: &std::path::Path,
    unit: &str,
    rows: &[(&str, &str, Option<f64>, Option<&str>)],
) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("监测数据").unwrap();
    sheet
        .write_string(0, 0, format!("填报单位：{unit}"))
        .unwrap();
    for (c, h) in ["指标名称", "计量单位", "本年数值", "上年数值"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for (r, (name, unit, number, text)) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        sheet.write_string(r, 0, *name).unwrap();
        sheet.write_string(r, 1, *unit).unwrap();
        match (number, text) {
            (Some(v), _) => {
                sheet.write_number(r, 2, *v).unwrap();
            }
            (None, Some(t)) => {
                sheet.write_string(r, 2, *t).unwrap();
            }
            _ => {}
        }
    }
    workbook.save(path).unwrap();
}

#[test]
fn sample_returns_show_only_the_deliberate_conflict() {
    let out = attain(
        &[
            "check",
            "--plan",
            sample_plan().to_str().unwrap(),
            "--data",
            sample_returns().to_str().unwrap(),
            "--year",
            "2025",
        ],
        &root(),
    );
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn wrong_returns_are_listed_with_cells_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let year_dir = dir.path().join("2025");
    std::fs::create_dir_all(&year_dir).unwrap();
    write_return(
        &year_dir.join("卫健委.xlsx"),
        "卫健委",
        &[
            ("孕产妇死亡率（1/10万）", "1/10万", Some(9.8), None),
            ("适龄妇女宫颈癌人群筛查率", "%", None, Some("约72")),
            ("适龄妇女乳腺癌人群筛查率", "%", Some(166.8), None),
            ("艾滋病母婴传播率", "岁", Some(1.5), None),
            ("妇女健康素养", "%", Some(31.8), None),
        ],
    );
    write_return(
        &year_dir.join("市统计局.xlsx"),
        "市统计局",
        &[("孕产妇死亡率", "1/10万", Some(10.1), None)],
    );
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
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());

    let json = attain(
        &[
            "check",
            "--plan",
            sample_plan().to_str().unwrap(),
            "--data",
            ".",
            "--year",
            "2025",
            "--format",
            "json",
        ],
        dir.path(),
    );
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["conflicts"], 1);
    assert_eq!(report["implausible"], 1);
    assert_eq!(report["errors"], 2);
}
