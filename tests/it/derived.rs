//! An indicator computed from reported parts, and values reported in another rate unit.

use attain::assess::{self, Method, Verdict};
use attain::catalog;
use attain::intake::{self, Source};
use rust_xlsxwriter::Workbook;

const PLAN: &str = r#"plan:
  title: 测试规划
  locality: 测试市
  subject: women
  start_year: 2021
  end_year: 2025
  baseline_year: 2020
units:
  - name: 市卫生健康委
parts:
  - id: maternal_deaths
    name: 孕产妇死亡人数
    unit: 人
    reporter: 市卫生健康委
  - id: live_births
    name: 活产数
    unit: 人
    reporter: 市卫生健康委
domains:
  - id: health
    name: 妇女与健康
    goals:
      - number: 1
        text: 孕产妇死亡率控制在12/10万以下；住院分娩率达到99%以上。
        indicators:
          - id: mmr
            name: 孕产妇死亡率
            unit: 1/10万
            reporter: 市卫生健康委
            derive: {numerator: maternal_deaths, denominator: live_births, decimals: 1}
            targets:
              - comparator: at_most
                value: 12
          - id: hospital_delivery
            name: 住院分娩率
            unit: "%"
            reporter: 市卫生健康委
            targets:
              - comparator: at_least
                value: 99
"#;

#[test]
fn parts_compute_the_indicator_and_permille_converts_to_percent() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, PLAN).unwrap();
    let catalog = catalog::load(&plan)
        .unwrap_or_else(|e| panic!("{e}"))
        .catalog;
    for (year, deaths, births, delivery) in
        [(2020, 5.0, 41000.0, "995‰"), (2025, 3.0, 33000.0, "998‰")]
    {
        let year_dir = dir.path().join("returns").join(year.to_string());
        std::fs::create_dir_all(&year_dir).unwrap();
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        for (c, h) in ["指标名称", "计量单位", "本年数值"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        sheet.write_string(1, 0, "孕产妇死亡人数").unwrap();
        sheet.write_number(1, 2, deaths).unwrap();
        sheet.write_string(2, 0, "活产数").unwrap();
        sheet.write_number(2, 2, births).unwrap();
        sheet.write_string(3, 0, "住院分娩率").unwrap();
        sheet.write_string(3, 2, delivery).unwrap();
        workbook.save(year_dir.join("市卫生健康委.xlsx")).unwrap();
    }
    let data = intake::read_returns(&catalog, &dir.path().join("returns"), 2025);
    let mmr = data.get("mmr", None, 2025).unwrap();
    // 3 / 33000 × 100000 = 9.0909… → 9.1 (one decimal, as declared).
    assert_eq!(mmr.value, 9.1);
    assert!(matches!(&mmr.source, Source::Derived { note }
        if note == "由孕产妇死亡人数（2025/市卫生健康委.xlsx › Sheet1!C2）÷活产数（2025/市卫生健康委.xlsx › Sheet1!C3）计算"));
    // 998‰ against a % indicator is 99.8%, exactly.
    assert_eq!(
        data.get("hospital_delivery", None, 2025).unwrap().value,
        99.8
    );
    assert!(
        data.diagnostics
            .iter()
            .any(|d| d.message.contains("按 ‰ 填报，已换算为 %"))
    );
    let assessment = assess::assess(&catalog, &data, 2025, Method::default());
    assert!(assessment.results.iter().all(|r| r.verdict == Verdict::Met));
}

#[test]
fn a_derivation_from_an_unknown_part_is_refused() {
    let text = PLAN.replace("numerator: maternal_deaths", "numerator: deaths");
    let err = catalog::parse(&text, std::path::Path::new("plan.yaml")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "错误: plan.yaml:30:33: 计算用的“deaths”既不是指标也不是 parts 中的数据项\n  提示: 在 parts 中列出该数据项（编号、名称、单位、填报单位）"
    );
}
