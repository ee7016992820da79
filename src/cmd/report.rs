//! The report commands: `annual`, `booklet`, `midterm`, `final`, `self-eval`, and the
//! pieces `render` shares with them.

use std::path::{Path, PathBuf};

use attain::assess::Assessment;
use attain::catalog::Catalog;
use attain::intake::DataSet;
use attain::render::Renderer;
use attain::report::{self, evaluation::EvaluationKind};
use chrono::NaiveDate;

use super::{Inputs, Outcome, Output, load_and_assess};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, clap::Args)]
pub struct UnitArgs {
    /// 成员单位名称（或目标清单中的别名）
    #[arg(long)]
    pub unit: String,
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub output: Output,
}

/// Which report to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Annual,
    Booklet,
    Evaluation(EvaluationKind),
    Unit(String),
}

impl Kind {
    /// What the report is called: `年度统计监测报告`, `市妇联自评报告` …
    pub fn label(&self) -> String {
        match self {
            Kind::Annual => "年度统计监测报告".into(),
            Kind::Booklet => "统计资料".into(),
            Kind::Evaluation(e) => format!("{}评估报告", e.label()),
            Kind::Unit(u) => format!("{u}自评报告"),
        }
    }
}

/// A report written or skipped, for summaries.
pub struct Written {
    pub path: PathBuf,
    /// One line about what is in it.
    pub summary: String,
    /// Problems met that did not stop it (unreadable written sections).
    pub problems: Vec<String>,
}

/// The document date: `--date`, else the latest 填报日期 of the year's returns, else 31
/// March of the following year, when annual reports are usually due.
pub fn report_date(output: &Output, data: &DataSet, year: i32) -> NaiveDate {
    output
        .date
        .or_else(|| data.latest_date(year))
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(year + 1, 3, 31).expect("31 March exists"))
}

/// Why a report is not due: `None` when it is.
pub fn not_due(kind: &Kind, catalog: &Catalog, year: i32) -> Option<String> {
    let Kind::Evaluation(evaluation) = kind else {
        return None;
    };
    match evaluation.year(catalog) {
        None => Some(format!(
            "《{}》未规定{}评估（{}），不生成{}评估报告",
            catalog.plan.title,
            evaluation.label(),
            evaluations_named(catalog),
            evaluation.label()
        )),
        Some(due) if due != year => Some(format!(
            "《{}》的{}评估在{due}年，{year}年不生成",
            catalog.plan.title,
            evaluation.label()
        )),
        Some(_) => None,
    }
}

/// `规划只设年度监测和终期评估（2025年）`.
fn evaluations_named(catalog: &Catalog) -> String {
    let e = &catalog.plan.evaluations;
    let mut parts = vec!["年度监测".to_string()];
    if let Some(y) = e.midterm {
        parts.push(format!("中期评估（{y}年）"));
    }
    if let Some(y) = e.final_year {
        parts.push(format!("终期评估（{y}年）"));
    }
    format!("规划只设{}", parts.join("、"))
}

/// Builds, typesets and writes one report; returns where it went.
#[allow(clippy::too_many_arguments)]
pub fn write_report(
    renderer: &Renderer,
    kind: &Kind,
    catalog: &Catalog,
    data: &DataSet,
    assessment: &Assessment,
    data_dir: &Path,
    output: &Output,
    date: NaiveDate,
) -> Result<Written, Box<dyn std::error::Error + Send + Sync>> {
    let year = assessment.year;
    let title = &file_name_part(&catalog.plan.title);
    let mut problems = Vec::new();
    let (template, stem, ident, source, summary) = match kind {
        Kind::Annual => {
            let model = report::build_annual(catalog, data, assessment, date);
            let t = &model.tally;
            (
                "annual.typ",
                format!("{title}{year}年统计监测报告"),
                "annual".to_string(),
                renderer.typst_source("annual.typ", &model)?,
                format!(
                    "目标值 {} 项，可监测 {} 项，已达标 {} 项",
                    t.total, t.assessable, t.attained
                ),
            )
        }
        Kind::Booklet => {
            let model = report::booklet::build(catalog, data, year, date);
            (
                "booklet.typ",
                format!("{title}{year}年统计资料"),
                "booklet".to_string(),
                renderer.typst_source("booklet.typ", &model)?,
                format!(
                    "{} 张统计表，{} 行",
                    model.tables.len(),
                    model.tables.iter().map(|t| t.rows.len()).sum::<usize>()
                ),
            )
        }
        Kind::Evaluation(evaluation) => {
            let (model, read_problems) =
                report::evaluation::build(*evaluation, catalog, data, assessment, data_dir, date);
            problems = read_problems;
            let missing: Vec<&str> = [&model.preface, &model.practices, &model.suggestions]
                .iter()
                .filter(|s| !s.present)
                .map(|s| s.title.as_str())
                .collect();
            let t = &model.tally;
            let mut summary = format!(
                "目标值 {} 项，可监测 {} 项，已达标 {} 项；问题指标 {} 项",
                t.total,
                t.assessable,
                t.attained,
                model.problems.len()
            );
            if !missing.is_empty() {
                summary.push_str(&format!("；待撰写：{}", missing.join("、")));
            }
            (
                "evaluation.typ",
                format!("{title}{}", model.report_title),
                format!("{evaluation:?}").to_lowercase(),
                renderer.typst_source("evaluation.typ", &model)?,
                summary,
            )
        }
        Kind::Unit(unit) => {
            let model = report::unit::build(catalog, data, assessment, unit, date);
            let evaluated = model
                .goals
                .iter()
                .filter(|g| !g.conclusion.is_empty())
                .count();
            (
                "unit.typ",
                format!(
                    "自评报告/{title}{year}年自评报告（{}）",
                    file_name_part(unit)
                ),
                format!("unit/{unit}"),
                renderer.typst_source("unit.typ", &model)?,
                format!(
                    "目标 {} 项，指标 {} 项，自评结论 {evaluated} 项",
                    model.goals.len(),
                    model.rows.len()
                ),
            )
        }
    };
    let path = output.out.join(format!("{stem}.pdf"));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    if output.keep_typst {
        std::fs::write(path.with_extension("typ"), &source)?;
    }
    let ident = format!("attain/{ident}/{title}/{year}");
    let pdf = renderer.pdf(template, source, date, &ident)?;
    std::fs::write(&path, &pdf)?;
    Ok(Written {
        path,
        summary,
        problems,
    })
}

/// Text made safe for a file name on every system: path separators and the characters
/// Windows forbids become `_`. The title and unit names come from the catalog.
fn file_name_part(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect::<String>()
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string()
}

/// Runs one report command.
pub fn run(kind: Kind, args: Args) -> Result<Outcome, Box<dyn std::error::Error>> {
    let Args { inputs, output } = args;
    let run = load_and_assess(&inputs)?;
    let (catalog, data, assessment) = (&run.catalog, &run.data, &run.assessment);
    if let Kind::Evaluation(evaluation) = &kind {
        match evaluation.year(catalog) {
            None => {
                return Err(not_due(&kind, catalog, inputs.year)
                    .unwrap_or_default()
                    .into());
            }
            Some(due) if due != inputs.year => eprintln!(
                "提示: 规划确定的{}评估年份为{due}年，此处按{}年数据生成。",
                evaluation.label(),
                inputs.year
            ),
            Some(_) => {}
        }
    }
    let kind = match kind {
        Kind::Unit(name) => Kind::Unit(resolve_unit(catalog, &name)?),
        other => other,
    };
    let renderer =
        Renderer::with_overrides(output.templates.as_deref(), output.font_dir.as_deref())?;
    let date = report_date(&output, data, inputs.year);
    let written = write_report(
        &renderer,
        &kind,
        catalog,
        data,
        assessment,
        &inputs.data,
        &output,
        date,
    )
    .map_err(|e| e.to_string())?;
    for p in &written.problems {
        eprintln!("警告: {p}");
    }
    eprintln!("已写出 {}（{}）", written.path.display(), written.summary);
    Ok(Outcome {
        input_errors: run.input_errors,
    })
}

/// Runs `self-eval`.
pub fn run_unit(args: UnitArgs) -> Result<Outcome, Box<dyn std::error::Error>> {
    let UnitArgs {
        unit,
        inputs,
        output,
    } = args;
    run(Kind::Unit(unit), Args { inputs, output })
}

/// The member unit `name` names, by name or alias.
fn resolve_unit(catalog: &Catalog, name: &str) -> Result<String, String> {
    let name = name.trim();
    catalog
        .units
        .iter()
        .find(|u| u.name == name || u.aliases.iter().any(|a| a == name))
        .map(|u| u.name.clone())
        .ok_or_else(|| {
            let names: Vec<&str> = catalog.units.iter().map(|u| u.name.as_str()).collect();
            format!("目标清单中没有成员单位“{name}”。可选：{}", names.join("、"))
        })
}

#[cfg(test)]
mod tests {
    use super::file_name_part;

    #[test]
    fn names_from_the_catalog_make_safe_file_names() {
        assert_eq!(
            file_name_part("株洲市妇女发展规划（2021—2025年）"),
            "株洲市妇女发展规划（2021—2025年）"
        );
        assert_eq!(file_name_part("市卫健委/疾控中心"), "市卫健委_疾控中心");
        assert_eq!(file_name_part("../a:b*c?\"d<e>f|"), "_a_b_c__d_e_f_");
    }
}
