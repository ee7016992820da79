//! Qualitative goals are judged from the responsible units' self-evaluation sheets.

use crate::common::sample_plan;
use attain::assess::{self, Method, Verdict};
use attain::catalog;
use attain::intake;
use rust_xlsxwriter::Workbook;

#[test]
fn self_evaluation_sheets_give_qualitative_verdicts() {
    let catalog = catalog::load(&sample_plan()).unwrap().catalog;
    let dir = tempfile::tempdir().unwrap();
    let year_dir = dir.path().join("2025");
    std::fs::create_dir_all(&year_dir).unwrap();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("自评").unwrap();
    sheet.write_string(0, 0, "目标自评表（2025年）").unwrap();
    sheet.write_string(1, 0, "填报单位：妇联").unwrap();
    let header = [
        "目标编号",
        "目标内容",
        "自评结论",
        "主要措施及成效",
        "存在问题",
        "下一步打算",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    let rows = [
        // Law goal 1 (F0801) by code; family goal 1 by its text only; an unknown code; a bad conclusion.
        ("F0801", "", "已实现", "开展宣传120场", "", "继续宣传"),
        (
            "",
            "树立新时代家庭观，弘扬爱国爱家、向上向善、共建共享的家庭文明新风尚，推动社会主义核心价值观在家庭落地生根。",
            "基本实现",
            "评选最美家庭",
            "覆盖面不足",
            "",
        ),
        ("F0899", "", "已实现", "", "", ""),
        ("F0802", "", "差不多", "", "", ""),
    ];
    for (r, row) in rows.iter().enumerate() {
        let values = [row.0, row.1, row.2, row.3, row.4, row.5];
        for (c, v) in values.iter().enumerate() {
            sheet.write_string(r as u32 + 3, c as u16, *v).unwrap();
        }
    }
    workbook.save(year_dir.join("市妇联.xlsx")).unwrap();

    let data = intake::read_returns(&catalog, dir.path(), 2025);
    assert_eq!(data.self_evaluations.len(), 2);
    let e = &data.self_evaluations[0];
    assert_eq!(
        (e.domain_index, e.goal_number, e.unit.as_deref()),
        (7, 1, Some("市妇联"))
    );
    assert_eq!(e.measures, "开展宣传120场");
    assert_eq!(e.cell.to_string(), "2025/市妇联.xlsx › 自评!C4");
    let messages: Vec<String> = data.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("自评!A6") && m.contains("F0899")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("错误: 2025/市妇联.xlsx › 自评!C7: 自评结论“差不多”无法识别")),
        "{messages:?}"
    );

    let assessment = assess::assess(&catalog, &data, 2025, Method::default());
    let verdict = |d: usize, n: u32| {
        assessment
            .goals
            .iter()
            .find(|g| g.domain_index == d && g.goal_number == n)
            .unwrap()
            .evidence
    };
    assert_eq!(verdict(7, 1), Some(Verdict::Met));
    assert_eq!(verdict(5, 1), Some(Verdict::BasicallyMet));
    assert_eq!(verdict(7, 2), Some(Verdict::NoData));
    let tally = assessment.qualitative_tally(None);
    assert_eq!((tally.total, tally.assessable, tally.attained), (42, 2, 1));
}
