//! The one-report commands: `annual`, `booklet`, `midterm`, `final`, `self-eval`.

use attain::Error;
use attain::pipeline::{Due, ReportKind};

use super::{Inputs, Outcome, Output};

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

/// Runs one report command.
pub fn run(kind: ReportKind, args: Args) -> Result<Outcome, Error> {
    let Args { inputs, output } = args;
    let run = inputs.load()?;
    write_one(&run, kind, &output)
}

/// Runs `self-eval`.
pub fn run_unit(args: UnitArgs) -> Result<Outcome, Error> {
    let UnitArgs {
        unit,
        inputs,
        output,
    } = args;
    let run = inputs.load()?;
    let kind = ReportKind::self_eval(&run.catalog, &unit)?;
    write_one(&run, kind, &output)
}

fn write_one(
    run: &attain::pipeline::Run,
    kind: ReportKind,
    output: &Output,
) -> Result<Outcome, Error> {
    match kind.due(run) {
        Due::Yes => {}
        // Asked for by name: written with this year's data, with a note.
        Due::OtherYear { due, .. } => say!(
            "说明: 规划确定的{}年份为{due}年，此处按{}年数据生成。",
            kind.label().trim_end_matches("报告"),
            run.year()
        ),
        Due::NotInPlan(reason) => return Err(Error::Usage(reason)),
    }
    let renderer = output.renderer()?;
    let date = run.report_date(output.date.map(attain::pipeline::check_date).transpose()?);
    let written = kind
        .build(run, date)
        .write(&renderer, &output.out, output.keep_typst, date)?;
    say!("已写出 {}（{}）", written.path.display(), written.summary);
    super::warn_missing_glyphs(run, &written);
    Ok(Outcome::written(run.has_input_errors()))
}
