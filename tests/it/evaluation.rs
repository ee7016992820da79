//! The evaluation reports and the self-evaluations: the group's conclusions override the
//! units' ratings, every goal is judged as a whole, the 目录 points at the right pages, and
//! each unit's report holds exactly its goals.

use attain::assess::{GoalVerdict, JudgedBy, Verdict};
use attain::pipeline::{Inputs, ReportKind, Run};
use attain::render::{Renderer, text_runs};

use crate::common::{attain, root};

fn case() -> std::path::PathBuf {
    root().join("tests/cases/qualitative_goals_and_evaluation_reports")
}

fn load(data: &std::path::Path) -> Run {
    Run::load(Inputs {
        plan: case().join("plan.yaml"),
        data: data.to_path_buf(),
        year: 2025,
        method: None,
    })
    .unwrap()
}

#[test]
fn the_groups_conclusion_overrides_the_units_rating_and_says_so() {
    let run = load(&case().join("returns"));
    // 市卫生健康委 rated health goal 2 基本实现; the group says 已实现.
    let goal = run.assessment.goal(0, 2).unwrap();
    assert_eq!(goal.evaluations[0].conclusion.label(), "基本实现");
    assert_eq!(goal.evidence, Some(Verdict::Met));
    assert_eq!(goal.evidence_by, Some(JudgedBy::Group));
    assert_eq!(goal.verdict, GoalVerdict::Achieved);
    // A mixed goal: its number met, its clause judged 基本实现 by the group.
    let mixed = run.assessment.goal(0, 1).unwrap();
    assert_eq!(mixed.verdict, GoalVerdict::BasicallyAchieved);
    // Bad rows are located.
    let messages: Vec<String> = run.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("错误: 2025/评估组结论.csv › C4: 评估组结论“差不多”无法识别")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("评估组结论.csv › A5") && m.contains("F0999")),
        "{messages:?}"
    );
    // The report says whose conclusion it is.
    let date = run.report_date(None);
    let report = ReportKind::Final.build(&run, date);
    let attain::pipeline::Model::Evaluation(model) = &report.model else {
        panic!("an evaluation model")
    };
    let goal = &model.domains[0].goals[1];
    assert_eq!(goal.judged_by, "评估组");
    assert!(
        goal.evidence[0].starts_with("评估组结论：已实现。理由：妇幼保健机构全部达标"),
        "{:?}",
        goal.evidence
    );
    assert_eq!(model.domains[0].goals[0].judged_by, "监测数据、评估组");
}

#[test]
fn the_template_reads_back_as_the_groups_conclusions() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("returns");
    copy_dir(&case().join("returns"), &data);
    std::fs::remove_file(data.join("2025/评估组结论.csv")).unwrap();
    let output = attain(
        &[
            "template",
            "--evaluation",
            "--plan",
            case().join("plan.yaml").to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
            "--year",
            "2025",
            "--out",
            data.join("2025").to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let run = load(&data);
    assert!(
        run.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        run.diagnostics
    );
    // Pre-filled with the units' ratings, read back as the group's: nothing changes but
    // who signed.
    let goal = run.assessment.goal(0, 2).unwrap();
    assert_eq!(goal.evidence, Some(Verdict::BasicallyMet));
    assert_eq!(goal.evidence_by, Some(JudgedBy::Group));
    assert_eq!(run.data.group_conclusions.len(), 2);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn the_contents_page_gives_the_page_each_section_starts_on() {
    let run = load(&case().join("returns"));
    let date = run.report_date(None);
    let report = ReportKind::Final.build(&run, date);
    let renderer = Renderer::new().unwrap();
    let document = renderer
        .document("evaluation.typ", report.typst(&renderer).unwrap(), date)
        .unwrap();
    let runs = text_runs(&document);
    let contents = runs
        .iter()
        .find(|r| r.text == "目　录")
        .expect("a contents page")
        .page;
    let mut checked = 0;
    for heading in [
        "一、评估工作开展情况",
        "二、总体评价",
        "三、各领域目标实现情况",
        "六、存在的主要问题及原因",
    ] {
        // On the contents page: the heading, then its page number.
        let at = runs
            .iter()
            .position(|r| r.page == contents && r.text.contains(heading))
            .unwrap_or_else(|| panic!("{heading} not in the contents"));
        let digits = |t: &str| t.chars().filter(|c| c.is_ascii_digit()).collect::<String>();
        let listed = runs[at + 1..]
            .iter()
            .find(|r| r.page == contents && !digits(&r.text).is_empty())
            .map(|r| digits(&r.text))
            .unwrap();
        // In the body: the page the heading is on, by its printed page number.
        let body = runs
            .iter()
            .find(|r| r.page > contents && r.text.contains(heading))
            .unwrap()
            .page;
        let printed = runs
            .iter()
            .find(|r| r.page == body && r.text.starts_with("— "))
            .map(|r| r.text.trim_matches(|c| c == '—' || c == ' ').to_string())
            .unwrap();
        assert_eq!(listed, printed, "{heading}");
        checked += 1;
    }
    assert_eq!(checked, 4);
}

#[test]
fn each_unit_answers_for_its_own_goals_and_a_domains_list_for_the_rest() {
    let run = load(&case().join("returns"));
    let date = run.report_date(None);
    let goals_of = |unit: &str| -> Vec<String> {
        let report = ReportKind::SelfEval(unit.into()).build(&run, date);
        let attain::pipeline::Model::Unit(model) = &report.model else {
            panic!("a unit model")
        };
        model
            .domains
            .iter()
            .flat_map(|d| {
                d.goals
                    .iter()
                    .map(move |g| format!("{} {}", d.name, g.heading))
            })
            .collect()
    };
    // Named only in the family domain's list: the domain's goal without its own
    // responsible units, not the one that names 市妇联.
    assert_eq!(
        goals_of("市民政局"),
        ["妇女与家庭建设 目标2：婚姻家庭关系健康稳定。"]
    );
    assert_eq!(
        goals_of("市妇联"),
        [
            "妇女与家庭建设 目标1：树立新时代家庭观。",
            "妇女与环境 目标1：农村卫生厕所普及率达到95%以上。",
        ]
    );
    // 市卫生健康委: the health domain's list and the indicator it reports.
    assert_eq!(goals_of("市卫生健康委").len(), 2);
}
