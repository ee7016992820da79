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

/// Replaces every string in a JSON value with `make(i)` for the i-th string, and returns
/// how many there were. Written-section `markup` is Typst that attain made from Markdown
/// (escaped); it gets the text converted the same way, as attain would produce it.
fn poison(value: &mut Value, paths: &mut Vec<String>, at: &str, make: &dyn Fn(usize) -> String) {
    match value {
        Value::String(s) => {
            *s = make(paths.len());
            paths.push(at.to_string());
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                poison(v, paths, &format!("{at}[{i}]"), make);
            }
        }
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "markup" {
                    *v = Value::String(attain::report::sections::markdown_to_typst(
                        &make(paths.len()),
                        1,
                    ));
                    paths.push(format!("{at}.{key}"));
                } else {
                    poison(v, paths, &format!("{at}.{key}"), make);
                }
            }
        }
        _ => {}
    }
}

/// What a reader should see of string `i` at `path`: the string itself, or for a written
/// section (Markdown) its text without the Markdown syntax.
fn expected(path: &str, text: &str) -> String {
    if !path.ends_with(".markup") {
        return compact(text);
    }
    use pulldown_cmark::{Event, Parser};
    compact(
        &Parser::new(text)
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.to_string()),
                _ => None,
            })
            .collect::<String>(),
    )
}

fn hostile(i: usize) -> String {
    format!("{}{i}号", HOSTILE[i % HOSTILE.len()])
}

fn marker(i: usize) -> String {
    format!("标记{i}号")
}

#[test]
fn hostile_strings_in_every_model_field_of_every_template_print_literally() {
    let (catalog, data, assessment) = sample(2025);
    let date = NaiveDate::from_ymd_opt(2026, 3, 24).unwrap();
    let mut no_sections = data.clone();
    no_sections.written.clear();
    let final_report = report::evaluation::build(
        report::evaluation::EvaluationKind::Final,
        &catalog,
        &no_sections,
        &assessment,
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
    for (template, value) in models {
        // First with a plain marker in every string, to learn which strings the template
        // prints at all (some are metadata: the ISO date, verdict codes for colours).
        let (mut plain, mut paths) = (value.clone(), Vec::new());
        poison(&mut plain, &mut paths, "", &marker);
        let count = paths.len();
        let text = laid_out_text(template, &plain, date);
        let printed: Vec<usize> = (0..count).filter(|i| text.contains(&marker(*i))).collect();
        assert!(
            printed.len() * 2 >= count,
            "{template}: only {} of {count} strings are printed at all",
            printed.len()
        );

        // Then with hostile text: every string that was printed prints literally.
        let (mut poisoned, mut paths) = (value, Vec::new());
        poison(&mut poisoned, &mut paths, "", &hostile);
        let text = laid_out_text(template, &poisoned, date);
        // A long string in a narrow table cell may be split over two pages, its halves
        // interleaved with the other cells of the row and the page furniture: such a string
        // is checked again alone, every other string a marker (CJK and digits only), where
        // each of its characters must appear in order. Its markup characters can then only
        // come from itself.
        let garbled: Vec<String> = printed
            .iter()
            .filter(|i| !text.contains(&expected(&paths[**i], &hostile(**i))))
            .filter(|i| {
                let (mut alone, mut seen) = (plain.clone(), Vec::new());
                let only = |j: usize| if j == **i { hostile(j) } else { marker(j) };
                poison(&mut alone, &mut seen, "", &only);
                let text = laid_out_text(template, &alone, date);
                let mut rest = text.chars();
                !expected(&paths[**i], &hostile(**i))
                    .chars()
                    .all(|c| rest.by_ref().any(|r| r == c))
            })
            .map(|i| format!("{}: {}", paths[*i], hostile(*i)))
            .collect();
        assert!(
            garbled.is_empty(),
            "{template}: {} of {} printed strings not printed literally: {garbled:?}",
            garbled.len(),
            printed.len()
        );
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
        &compact(name),
        &format!("城镇<a>{}为57.0%", compact(name)),
        "`raw`定性//目标",
        "市#卫健委",
    ] {
        assert!(
            text.contains(needle),
            "{needle} not printed literally in {text}"
        );
    }
    // The annual report cites targets, not goal texts; the evaluation report has every goal.
    let final_report = report::evaluation::build(
        report::evaluation::EvaluationKind::Final,
        &loaded.catalog,
        &data,
        &assessment,
        date,
    );
    let text = laid_out_text("evaluation.typ", &final_report, date);
    for needle in [&compact(goal), &compact(name), "`raw`定性//目标"] {
        assert!(
            text.contains(needle),
            "{needle} not printed literally in {text}"
        );
    }
}
