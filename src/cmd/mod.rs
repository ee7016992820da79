//! Subcommands, one module each, and how their results become exit codes.

mod assess;
mod check;
mod import;
mod render;
mod report;
mod template;
mod templates;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use attain::diag::{Diagnostic, Severity};

/// Monitoring and evaluation reports for women's and children's development plans.
#[derive(Debug, Parser)]
#[command(
    name = "attain",
    version,
    about = "妇女儿童发展规划统计监测与评估报告生成工具"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 生成年度统计监测报告（PDF）
    Annual(report::Args),
    /// 生成年度统计资料（PDF）：各指标基期至监测年的数据表
    Booklet(report::Args),
    /// 生成中期评估报告（PDF）
    Midterm(report::Args),
    /// 生成终期评估报告（PDF）
    Final(report::Args),
    /// 生成一个成员单位的自评报告（PDF）
    SelfEval(report::UnitArgs),
    /// 生成当年应出的全部报告：年度报告、统计资料、评估报告（评估年份）和各单位自评报告
    Render(render::Args),
    /// 逐项判定目标达标情况，输出 JSON、CSV 或 XLSX 明细
    Assess(assess::Args),
    /// 检查报表：逐条列出问题，并汇总未报送单位、无数据指标、冲突和需核实的数值
    Check(check::Args),
    /// 为每个成员单位生成报表模板（XLSX），含填报说明和自评表
    Template(template::Args),
    /// 导出内置报告模板（Typst），供修改后用 --templates 使用
    Templates(templates::Args),
    /// 从发布的规划文本（.txt/.docx/.html）生成目标清单草稿
    Import(import::Args),
}

/// Options shared by every command that reads a plan and its returns.
#[derive(Debug, clap::Args)]
pub struct Inputs {
    /// 规划目标清单（YAML）
    #[arg(long, value_name = "FILE")]
    pub plan: PathBuf,
    /// 报表文件夹，内含按年份命名的子文件夹（2020、2021 …）
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// 监测年份（数据所属年份）
    #[arg(long)]
    pub year: i32,
    /// 方法参数文件（YAML），覆盖内置默认值和目标清单中的 method 设置
    #[arg(long, value_name = "FILE")]
    pub method: Option<PathBuf>,
    /// 同时显示提示级别的信息
    #[arg(long, short)]
    pub verbose: bool,
}

/// A plan read, its returns read and assessed, with the diagnostics printed.
pub struct Run {
    pub catalog: attain::catalog::Catalog,
    pub data: attain::intake::DataSet,
    pub assessment: attain::assess::Assessment,
    pub input_errors: bool,
}

/// Loads the plan, reads the returns, prints diagnostics, and assesses: the common start
/// of every command.
pub fn load_and_assess(inputs: &Inputs) -> Result<Run, Box<dyn std::error::Error>> {
    let (run, diagnostics) = prepare(
        &inputs.plan,
        &inputs.data,
        inputs.year,
        inputs.method.as_deref(),
    )
    .map_err(|e| e as Box<dyn std::error::Error>)?;
    print_diagnostics(&diagnostics, inputs.verbose);
    Ok(run)
}

/// Loads the plan, reads the returns and assesses them, without printing: the problems
/// found in the input come back with the run.
pub fn prepare(
    plan: &std::path::Path,
    data_dir: &std::path::Path,
    year: i32,
    method_file: Option<&std::path::Path>,
) -> Result<(Run, Vec<Diagnostic>), Box<dyn std::error::Error + Send + Sync>> {
    use attain::assess::{self, Method};
    let loaded = attain::catalog::load(plan)?;
    let mut method = Method::default().with(&loaded.catalog.method);
    if let Some(path) = method_file {
        method = method.with(&assess::load_overrides(path)?);
    }
    let problems = method.problems();
    if !problems.is_empty() {
        return Err(format!("方法参数有误：{}", problems.join("；")).into());
    }
    let data = attain::intake::read_returns(&loaded.catalog, data_dir, year);
    let mut diagnostics = loaded.warnings.clone();
    diagnostics.extend(data.diagnostics.iter().cloned());
    let input_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let assessment = assess::assess(&loaded.catalog, &data, year, method);
    Ok((
        Run {
            catalog: loaded.catalog,
            data,
            assessment,
            input_errors,
        },
        diagnostics,
    ))
}

/// Options shared by every command that writes a PDF.
#[derive(Debug, Clone, clap::Args)]
pub struct Output {
    /// 输出文件夹
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// 报告日期（YYYY-MM-DD）；默认取当年报表中最晚的填报日期
    #[arg(long, value_name = "DATE")]
    pub date: Option<chrono::NaiveDate>,
    /// 用此文件夹中的模板替换内置模板（按文件名逐个替换）
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// 除内置字体外，另从此文件夹加载字体
    #[arg(long, value_name = "DIR")]
    pub font_dir: Option<PathBuf>,
    /// 同时写出生成的 Typst 源文件（.typ），便于检查排版
    #[arg(long)]
    pub keep_typst: bool,
}

/// How a command ended when it did not fail outright.
pub struct Outcome {
    /// Whether the input had errors (values or files that could not be used).
    pub input_errors: bool,
}

impl Outcome {
    /// 0: clean; 1: output written, but some input could not be used.
    pub fn exit_code(&self) -> ExitCode {
        if self.input_errors {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Runs the chosen command.
pub fn run(cli: Cli) -> Result<Outcome, Box<dyn std::error::Error>> {
    match cli.command {
        Command::Annual(args) => report::run(report::Kind::Annual, args),
        Command::Booklet(args) => report::run(report::Kind::Booklet, args),
        Command::Midterm(args) => report::run(
            report::Kind::Evaluation(attain::report::evaluation::EvaluationKind::Midterm),
            args,
        ),
        Command::Final(args) => report::run(
            report::Kind::Evaluation(attain::report::evaluation::EvaluationKind::Final),
            args,
        ),
        Command::SelfEval(args) => report::run_unit(args),
        Command::Render(args) => render::run(args),
        Command::Assess(args) => assess::run(args),
        Command::Check(args) => check::run(args),
        Command::Template(args) => template::run(args),
        Command::Templates(args) => templates::run(args),
        Command::Import(args) => import::run(args),
    }
}

/// Prints diagnostics to standard error with a one-line summary; returns whether any was
/// an error.
pub fn print_diagnostics(diagnostics: &[Diagnostic], verbose: bool) -> bool {
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    for d in diagnostics {
        if verbose || d.severity > Severity::Note {
            eprintln!("{d}");
        }
    }
    let (errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    if errors + warnings + notes > 0 {
        let hidden = if verbose || notes == 0 {
            String::new()
        } else {
            format!("（提示 {notes} 条，加 --verbose 查看）")
        };
        eprintln!(
            "数据检查：错误 {errors} 条，警告 {warnings} 条{hidden}。有问题的数值未使用，其余数据照常生成报告。"
        );
    }
    errors > 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
