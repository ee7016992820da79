//! Subcommands, one module each: each parses its arguments, calls the library's
//! pipeline, prints, and says how it ended ([`Outcome`]).

/// Prints one line to standard error with control characters escaped
/// ([`attain::diag::printable`]): the line may hold cell text or file names.
macro_rules! say {
    ($($arg:tt)*) => {
        eprintln!("{}", attain::diag::printable(&format!($($arg)*)))
    };
}

/// [`say!`] for standard output.
macro_rules! show {
    ($($arg:tt)*) => {
        println!("{}", attain::diag::printable(&format!($($arg)*)))
    };
}

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

use attain::Error;
use attain::diag::{Diagnostic, Severity};
use attain::pipeline;

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

impl Inputs {
    /// The pipeline's inputs.
    pub fn pipeline(&self) -> pipeline::Inputs {
        pipeline::Inputs {
            plan: self.plan.clone(),
            data: self.data.clone(),
            year: self.year,
            method: self.method.clone(),
        }
    }

    /// Loads and assesses, then prints the run's diagnostics.
    pub fn load(&self) -> Result<pipeline::Run, Error> {
        let run = pipeline::Run::load(self.pipeline())?;
        print_diagnostics(&run.diagnostics, self.verbose);
        Ok(run)
    }
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

impl Output {
    /// The renderer these options ask for.
    pub fn renderer(&self) -> Result<attain::render::Renderer, Error> {
        Ok(attain::render::Renderer::with_overrides(
            self.templates.as_deref(),
            self.font_dir.as_deref(),
        )?)
    }
}

/// How a command ended, as the README's exit codes promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything written from clean input: exit 0.
    Clean,
    /// Output written, but some input could not be used or some output failed: exit 1.
    Problems,
    /// Nothing written: exit 2.
    NothingWritten,
}

impl Outcome {
    /// `Clean`, or `Problems` when `problems` is true.
    pub fn written(problems: bool) -> Outcome {
        if problems {
            Outcome::Problems
        } else {
            Outcome::Clean
        }
    }

    /// The process exit code.
    pub fn exit_code(self) -> ExitCode {
        ExitCode::from(match self {
            Outcome::Clean => 0,
            Outcome::Problems => 1,
            Outcome::NothingWritten => 2,
        })
    }
}

/// Runs the chosen command.
pub fn run(cli: Cli) -> Result<Outcome, Error> {
    match cli.command {
        Command::Annual(args) => report::run(pipeline::ReportKind::Annual, args),
        Command::Booklet(args) => report::run(pipeline::ReportKind::Booklet, args),
        Command::Midterm(args) => report::run(pipeline::ReportKind::Midterm, args),
        Command::Final(args) => report::run(pipeline::ReportKind::Final, args),
        Command::SelfEval(args) => report::run_unit(args),
        Command::Render(args) => render::run(args),
        Command::Assess(args) => assess::run(args),
        Command::Check(args) => check::run(args),
        Command::Template(args) => template::run(args),
        Command::Templates(args) => templates::run(args),
        Command::Import(args) => import::run(args),
    }
}

/// Prints an error that stopped a command: its located diagnostics, then the error and
/// its causes.
pub fn print_error(err: &Error) {
    if let Some(diagnostics) = err.diagnostics() {
        eprintln!("{diagnostics}");
    }
    let mut chain = err.chain().into_iter();
    if let Some(first) = chain.next() {
        say!("错误: {first}");
    }
    for cause in chain {
        say!("  原因: {cause}");
    }
    if let Some(hint) = err.hint() {
        say!("  提示: {hint}");
    }
}

/// Warns of the characters no font has in a report just written, with where they came from.
pub fn warn_missing_glyphs(run: &attain::pipeline::Run, written: &attain::pipeline::Written) {
    for d in run.glyph_warnings(&written.path, &written.missing_glyphs) {
        eprintln!("{d}");
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
            format!("（说明 {notes} 条，加 --verbose 查看）")
        };
        say!(
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
