//! Text from catalogs and workbooks can never inject Typst or template code: hostile
//! strings print literally in every field of the report.

use crate::common::{compact, laid_out_text, sample};
use attain::assess::{self, Method};
use attain::catalog;
use attain::intake;
use attain::report;
use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;
use serde_json::Value;

const HOSTILE: &[&str] = &[
    r#"#read("/etc/passwd")"#,
    r#"]#panic("x")["#,
    "$x$",
    "= 标题",
    "*粗体* _斜体_",
    "<label> @ref",
    "// 注释 /* 块 */",
    r"\u{41} \ 反斜杠",
    "`raw` ~ 'a' \"b\"",
    "{{ 1 + 1 }} {% if true %}模板{% endif %} {# c #}",
    "#{ 1 + 1 } #let x = 1",
    "- 列表 + 编号 1. 列表 / 术语: 定义",
];

/// Replaces every string in a JSON value with a hostile one, cycling through the list.
/// Written-section `markup` is Typst that attain made from Markdown (escaped); it gets
/// hostile text escaped the same way, as attain would produce it.
fn poison(value: &mut Value, next: &mut usize) {
    match value {
        Value::String(s) => {
            *s = format!("{}{}", HOSTILE[*next % HOSTILE.len()], *next);
            *next += 1;
        }
        Value::Array(items) => items.iter_mut().for_each(|v| poison(v, next)),
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "markup" {
                    let text = format!("{}{}", HOSTILE[*next % HOSTILE.len()], *next);
                    *v = Value::String(attain::report::sections::markdown_to_typst(&text));
                    *next += 1;
                } else {
                    poison(v, next);
                }
            }
        }
        _ => {}
    }
}

#[test]
fn hostile_strings_in_every_model_field_of_every_template_print_literally() {
    let (catalog, data, assessment) = sample(2025);
    let date = NaiveDate::from_ymd_opt(2026, 3, 24).unwrap();
    let empty = tempfile::tempdir().unwrap();
    let (final_report, _) = report::evaluation::build(
        report::evaluation::EvaluationKind::Final,
        &catalog,
        &data,
        &assessment,
        empty.path(),
        date,
    );
    let mut written = final_report.clone();
    for section in [
        &mut written.preface,
        &mut written.practices,
        &mut written.suggestions,
    ] {
        section.present = true;
    }
    let models: Vec<(&str, Value)> = vec![
        (
            "annual.typ",
            serde_json::to_value(report::build_annual(&catalog, &data, &assessment, date)).unwrap(),
        ),
        (
            "booklet.typ",
            serde_json::to_value(report::booklet::build(&catalog, &data, 2025, date)).unwrap(),
        ),
        (
            "evaluation.typ",
            serde_json::to_value(&final_report).unwrap(),
        ),
        ("evaluation.typ", serde_json::to_value(&written).unwrap()),
        (
            "unit.typ",
            serde_json::to_value(report::unit::build(
                &catalog,
                &data,
                &assessment,
                "市卫生健康委",
                date,
            ))
            .unwrap(),
        ),
    ];
    for (template, mut value) in models {
        let mut count = 0;
        poison(&mut value, &mut count);
        let text = laid_out_text(template, &value, date);

        // Every printed field shows its hostile text verbatim (fields only used as
        // metadata, such as the ISO date and verdict codes, are not printed).
        let mut printed = 0;
        for i in 0..count {
            let wanted = compact(&format!("{}{i}", HOSTILE[i % HOSTILE.len()]));
            if text.contains(&wanted) {
                printed += 1;
            }
        }
        assert!(
            printed * 10 >= count * 8,
            "{template}: only {printed} of {count} hostile strings printed literally"
        );
        for needle in HOSTILE {
            assert!(
                text.contains(&compact(needle)),
                "{template}: {needle} not printed literally"
            );
        }
        assert!(!text.contains("root:x:0:0"), "{template}: a file was read");
    }
}

fn yaml(text: &str) -> String {
    // A JSON string is a valid YAML double-quoted scalar.
    serde_json::to_string(text).unwrap()
}

#[test]
fn hostile_catalog_and_workbook_text_flows_through_the_whole_pipeline() {
    let dir = tempfile::tempdir().unwrap();
    let name = r#"#read("/etc/passwd")率"#;
    let goal = r#"]#panic("x")[ 目标 $x$ = 标题"#;
    let plan = format!(
        r#"plan:
  title: {title}
  locality: 测试市
  subject: women
  start_year: 2021
  end_year: 2025
  baseline_year: 2020
units:
  - name: {unit}
domains:
  - id: health
    name: {domain}
    goals:
      - number: 1
        text: {goal}
        indicators:
          - id: hostile
            name: {name}
            unit: "%"
            reporter: {unit}
            breakdowns: [{group_a}, 农村]
            targets:
              - comparator: at_least
                value: 50
              - comparator: gap_narrows
                between: [{group_a}, 农村]
      - number: 2
        text: {qualitative}
        responsible: [{unit}]
"#,
        title = yaml("= 规划 *标题*"),
        unit = yaml("市#卫健委"),
        domain = yaml("妇女与$健康$"),
        goal = yaml(goal),
        name = yaml(name),
        group_a = yaml("城镇<a>"),
        qualitative = yaml("`raw` 定性 // 目标"),
    );
    let plan_path = dir.path().join("plan.yaml");
    std::fs::write(&plan_path, plan).unwrap();
    let loaded = catalog::load(&plan_path).unwrap_or_else(|e| panic!("{e}"));

    for (year, total, a, b) in [(2020, 40.0, 45.0, 35.0), (2025, 55.5, 57.0, 54.0)] {
        let year_dir = dir.path().join("returns").join(year.to_string());
        std::fs::create_dir_all(&year_dir).unwrap();
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "填报单位：市#卫健委").unwrap();
        for (c, h) in ["指标名称", "计量单位", "本年数值", "备注"]
            .iter()
            .enumerate()
        {
            sheet.write_string(1, c as u16, *h).unwrap();
        }
        let rows = [
            (name.to_string(), total),
            ("其中：城镇<a>".into(), a),
            ("其中：农村".into(), b),
        ];
        for (r, (label, v)) in rows.iter().enumerate() {
            let r = r as u32 + 2;
            sheet.write_string(r, 0, label).unwrap();
            sheet.write_string(r, 1, "%").unwrap();
            sheet.write_number(r, 2, *v).unwrap();
            sheet.write_string(r, 3, r#"#read("/etc/passwd")"#).unwrap();
        }
        workbook.save(year_dir.join("hostile.xlsx")).unwrap();
    }

    let data = intake::read_returns(&loaded.catalog, &dir.path().join("returns"), 2025);
    let errors: Vec<_> = data.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(data.get("hostile", None, 2025).map(|o| o.value), Some(55.5));
    let assessment = assess::assess(&loaded.catalog, &data, 2025, Method::default());
    let date = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let model = report::build_annual(&loaded.catalog, &data, &assessment, date);
    let text = laid_out_text("annual.typ", &model, date);
    for needle in [
        "=规划*标题*",
        "妇女与$健康$",
        &compact(goal),
        &compact(name),
        "城镇<a>为57%",
        "`raw`定性//目标",
        "市#卫健委",
    ] {
        assert!(
            text.contains(needle),
            "{needle} not printed literally in {text}"
        );
    }
}
