//! The five forms of issue #15 item 6 through the real command line: a target on one
//! breakdown, clauses over several indicators (shared targets), a minimum for every
//! township (`each`), a regional gap (`regions`) and the same quantity under two goals
//! (`same_as`), in `tests/cases/catalog_forms` (whose model snapshot is in `cases.rs`).

use std::path::{Path, PathBuf};

use attain::pipeline::{Inputs, ReportKind, Run};

use crate::common::{attain, compact, laid_out_text, root};

fn case() -> PathBuf {
    root().join("tests/cases/catalog_forms")
}

fn run_cli(args: &[&str]) -> std::process::Output {
    let output = attain(args, &root());
    assert_ne!(
        output.status.code(),
        Some(2),
        "attain {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn text_of(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Every value cell's label on the 监测数据 sheet of a template.
fn template_rows(path: &Path) -> Vec<String> {
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto(path).unwrap();
    let sheet = workbook.worksheet_range("监测数据").unwrap();
    sheet
        .rows()
        .skip(3)
        .filter_map(|row| row.get(2).map(|c| c.to_string().trim().to_string()))
        .filter(|label| !label.is_empty())
        .collect()
}

#[test]
fn the_template_holds_the_rows_the_forms_need_and_each_quantity_once() {
    let out = tempfile::tempdir().unwrap();
    let plan = case().join("plan.yaml");
    run_cli(&[
        "template",
        "--plan",
        text_of(&plan),
        "--year",
        "2025",
        "--out",
        text_of(out.path()),
    ]);
    let rows = template_rows(&out.path().join("市卫生健康委.xlsx"));
    assert_eq!(
        rows,
        [
            "新生儿死亡率",
            "其中：城镇",
            "其中：农村",
            "其中：最高的县（市、区）",
            "其中：最低的县（市、区）",
            "其中：全省平均水平",
            // 婴儿死亡率 once, though two goals judge it.
            "婴儿死亡率",
            "其中：城镇",
            "其中：农村",
            "其中：最高的县（市、区）",
            "其中：最低的县（市、区）",
            "其中：全省平均水平",
            "适龄儿童免疫规划疫苗接种率",
            "其中：最低的乡镇（街道）",
            "3岁以下儿童系统管理率",
            "7岁以下儿童健康管理率",
        ]
    );
    let rows = template_rows(&out.path().join("市妇联.xlsx"));
    assert_eq!(
        rows,
        ["建立家长学校的社区（村）比例", "其中：城市", "其中：农村"]
    );
}

#[test]
fn check_reads_every_row_of_the_returns() {
    let plan = case().join("plan.yaml");
    let data = case().join("returns");
    let output = run_cli(&[
        "check",
        "--plan",
        text_of(&plan),
        "--data",
        text_of(&data),
        "--year",
        "2025",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // No row of the returns is left unread (an implied breakdown is a breakdown like any).
    assert!(
        !stdout.contains("未使用") && !stderr.contains("未使用"),
        "{stdout}\n{stderr}"
    );
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
}

#[test]
fn the_annual_report_judges_and_words_each_form() {
    let plan = case().join("plan.yaml");
    let data = case().join("returns");
    let out = tempfile::tempdir().unwrap();
    let output = run_cli(&[
        "annual",
        "--plan",
        text_of(&plan),
        "--data",
        text_of(&data),
        "--year",
        "2025",
        "--out",
        text_of(out.path()),
        "--date",
        "2026-04-01",
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pdfs: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 1);
    assert!(std::fs::read(pdfs[0].path()).unwrap().starts_with(b"%PDF"));

    // The same run in process: the verdicts, and the words the PDF lays out.
    let run = Run::load(Inputs {
        plan,
        data,
        year: 2025,
        method: None,
    })
    .unwrap();
    let verdict = |d: usize, g: u32, id: &str, t: usize| {
        run.assessment
            .results
            .iter()
            .find(|r| {
                r.domain_index == d
                    && r.goal_number == g
                    && r.indicator_id == id
                    && r.target_index == t
            })
            .unwrap_or_else(|| panic!("{d}.{g} {id} {t}"))
            .verdict
            .code()
    };
    // Shared: better than the province (2.8 < 2.9 met; 5.3 vs 4.9 not), 城乡 and 区域 gaps.
    assert_eq!(verdict(0, 1, "neonatal_mortality_rate", 1), "met");
    assert_eq!(verdict(0, 1, "infant_mortality_rate", 1), "not_met");
    assert_eq!(verdict(0, 1, "neonatal_mortality_rate", 2), "met");
    assert_eq!(verdict(0, 1, "infant_mortality_rate", 2), "not_met");
    assert_eq!(verdict(0, 1, "neonatal_mortality_rate", 3), "met");
    assert_eq!(verdict(0, 1, "infant_mortality_rate", 3), "not_met");
    // Every township: the lowest is 94.1 < 95, within the 2% tolerance.
    assert_eq!(verdict(0, 2, "immunization_coverage", 0), "basically_met");
    // 均达到90%以上: 92.4 met, 89.0 basically met.
    assert_eq!(verdict(0, 3, "under3_systematic_management_rate", 0), "met");
    assert_eq!(
        verdict(0, 3, "under7_health_management_rate", 0),
        "basically_met"
    );
    // One breakdown each: 城市 96.2 ≥ 95, 农村 82.5 < 85.
    assert_eq!(verdict(1, 1, "parent_school_share", 0), "met");
    assert_eq!(verdict(1, 1, "parent_school_share", 1), "not_met");
    // The repeat: 婴儿死亡率 5.6 → 5.3 持续下降, judged under the family goal.
    assert_eq!(verdict(1, 2, "infant_mortality_rate", 0), "met");
    // Six quantities: the repeat is not a seventh.
    assert_eq!(run.catalog.indicators().count(), 6);
    assert_eq!(run.catalog.entries().count(), 7);

    let date = run.report_date(None);
    let report = ReportKind::Annual.build(&run, date);
    let text = laid_out_text("annual.typ", &report.model, date);
    for sentence in [
        // A shared clause, once for the goal, judged for each indicator.
        "对规划“优于全省平均水平”的目标逐项判定：新生儿死亡率为2.8‰（全省平均水平为2.9‰），已达标；婴儿死亡率为5.3‰（全省平均水平为4.9‰），未达标，距目标仍差0.4个千分点。",
        "对规划“区域差距缩小”的目标逐项判定：新生儿死亡率县（市、区）间差距为2.1个千分点（2020年为3.0个千分点），已达标；婴儿死亡率县（市、区）间差距为4.8个千分点（2020年为3.4个千分点），未达标。",
        "对规划“3岁以下儿童系统管理率和7岁以下儿童健康管理率均达到90%以上”的目标逐项判定：3岁以下儿童系统管理率为92.4%，已达标；7岁以下儿童健康管理率为89.0%，基本达标，与目标相差1.0个百分点。",
        // Every township, judged on the lowest.
        "最低的乡镇（街道）与规划“各乡镇（街道）均在95%以上”的目标相差0.9个百分点，基本实现目标。",
        // A target on each breakdown.
        "城市实现规划“95%以上”的目标。农村距规划“85%以上”的目标仍差2.5个百分点。",
        // Counted once.
        "涉及监测指标6个、目标值14项",
    ] {
        assert!(text.contains(&compact(sentence)), "{sentence}\n{text}");
    }
    // The table names the breakdown and the shared target.
    assert!(
        text.contains("建立家长学校的社区（村）比例（农村）"),
        "{text}"
    );
    assert!(text.contains("（共同目标）"), "{text}");
}
