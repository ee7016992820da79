//! The report set: the outline and every goal in the laid-out evaluation reports, and the
//! commands' behaviour. (Models and Typst are snapshotted on small cases in `cases.rs`.)

use crate::common::{
    attain, compact, laid_out_text, plan_sample, root, sample_plan, sample_returns,
};
use attain::report::{self, evaluation::EvaluationKind};
use chrono::NaiveDate;

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 24).unwrap()
}

/// The headings of the evaluation reports' outline, as laid out.
const OUTLINE: &[&str] = &[
    "目录",
    "前言",
    "一、评估工作开展情况",
    "二、总体评价",
    "三、各领域目标实现情况",
    "四、主要成效",
    "五、主要做法和经验",
    "六、存在的主要问题及原因",
    "七、对策建议",
    "附件1",
    "附件2",
    "附件3",
];

fn assert_outline_and_every_goal(
    kind: EvaluationKind,
    region: &str,
    subject: &str,
    year: i32,
) -> String {
    let (catalog, data, assessment) = plan_sample(region, subject, year);
    let model = report::evaluation::build(kind, &catalog, &data, &assessment, date());
    let text = laid_out_text("evaluation.typ", &model, date());
    for heading in OUTLINE {
        assert!(
            text.contains(&compact(heading)),
            "{region}/{subject}: no {heading}"
        );
    }
    let mut goals = 0;
    for domain in &catalog.domains {
        assert!(text.contains(&domain.name), "{}", domain.name);
        for goal in &domain.goals {
            assert!(
                text.contains(&compact(&goal.text)),
                "{region}/{subject}: goal {} {} not in the report",
                domain.name,
                goal.number
            );
            goals += 1;
        }
    }
    assert_eq!(goals, catalog.goal_count());
    text
}

#[test]
fn final_report_has_the_outline_and_every_goal() {
    let text = assert_outline_and_every_goal(EvaluationKind::Final, "zhuzhou", "women", 2025);
    // Written sections: 前言 and 对策建议 are in the sample data, 主要做法和经验 is not.
    assert!(text.contains("评估工作由市妇儿工委办公室牵头"));
    assert!(text.contains("补齐短板指标"));
    assert!(text.contains("【本部分待撰写】未找到书面材料2025/主要做法和经验.md"));
    assert!(
        !text.contains("示例文字"),
        "Markdown comments are not printed"
    );
    // A final report also looks ahead.
    assert!(text.contains("八、对下一周期规划的建议"));
    // Problems come with the responsible unit's own explanation.
    assert!(text.contains("原因：妇女焦虑障碍患病率不降反升"));
    // Qualitative goals carry the group's conclusion, then the unit's rating and evidence.
    assert!(text.contains("评估组结论：已实现。理由："), "{text}");
    assert!(text.contains("市卫生健康委自评：已实现。主要措施及成效：建成市、县、乡、村四级"));
    // Goals are counted as a whole beside the targets, with the denominator.
    assert!(text.contains("按主要目标计，规划80项主要目标中"));
    assert!(text.contains("主要目标达标率为"));
}

#[test]
fn midterm_report_has_the_outline_and_every_goal() {
    let text = assert_outline_and_every_goal(EvaluationKind::Midterm, "luoyang", "women", 2025);
    assert!(text.contains("时间过半、任务过半"));
    assert!(
        text.contains("的时间进度"),
        "progress is stated against time elapsed"
    );
    // A mid-term report headlines progress, not a final-style 达标率.
    assert!(text.contains("实现或进展顺利的共"));
    assert!(!text.contains("主要目标达标率"));
}

#[test]
fn a_plan_without_a_midterm_says_so_and_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let result = attain(
        &[
            "midterm",
            "--plan",
            sample_plan().to_str().unwrap(),
            "--data",
            sample_returns().to_str().unwrap(),
            "--year",
            "2023",
            "--out",
            out.path().to_str().unwrap(),
        ],
        &root(),
    );
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("未规定中期评估"), "{stderr}");
    assert!(stderr.contains("终期评估（2025年）"), "{stderr}");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn self_eval_takes_a_unit_by_name_or_alias_and_lists_the_units_otherwise() {
    let out = tempfile::tempdir().unwrap();
    let args = |unit: &str| {
        vec![
            "self-eval".to_string(),
            "--unit".into(),
            unit.into(),
            "--plan".into(),
            sample_plan().to_str().unwrap().into(),
            "--data".into(),
            sample_returns().to_str().unwrap().into(),
            "--year".into(),
            "2025".into(),
            "--out".into(),
            out.path().to_str().unwrap().into(),
        ]
    };
    let run = |unit: &str| {
        let a = args(unit);
        attain(&a.iter().map(String::as_str).collect::<Vec<_>>(), &root())
    };
    let ok = run("卫健委");
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(
        out.path()
            .join("自评报告/株洲市妇女发展规划（2021—2025年）2025年自评报告（市卫生健康委）.pdf")
            .exists()
    );
    let unknown = run("市气象局");
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains("没有成员单位“市气象局”") && stderr.contains("市妇联"),
        "{stderr}"
    );
}

#[test]
fn exported_templates_render_edited_and_are_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    let export = |force: bool| {
        let mut args = vec!["templates", "export", templates.to_str().unwrap()];
        if force {
            args.push("--force");
        }
        attain(&args, &root())
    };
    assert_eq!(export(false).status.code(), Some(0));
    for (name, text) in attain::render::TEMPLATES {
        assert_eq!(
            std::fs::read_to_string(templates.join(name)).unwrap(),
            *text
        );
    }
    // A second export keeps the user's edits unless told otherwise.
    let annual = templates.join("annual.typ");
    let edited = std::fs::read_to_string(&annual).unwrap().replace(
        "{% for p in lead -%}",
        "本报告由本局自定义模板生成。\n\n{% for p in lead -%}",
    );
    std::fs::write(&annual, &edited).unwrap();
    assert_eq!(export(false).status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&annual).unwrap(), edited);

    let out = dir.path().join("out");
    let result = attain(
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
            "--templates",
            templates.to_str().unwrap(),
            "--keep-typst",
        ],
        &root(),
    );
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let typ = out.join("株洲市妇女发展规划（2021—2025年）2025年统计监测报告.typ");
    assert!(
        std::fs::read_to_string(typ)
            .unwrap()
            .contains("本报告由本局自定义模板生成。")
    );
    assert!(
        out.join("株洲市妇女发展规划（2021—2025年）2025年统计监测报告.pdf")
            .exists()
    );
}
