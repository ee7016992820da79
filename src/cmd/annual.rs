//! `attain annual`: the annual monitoring report as a PDF.

use std::path::PathBuf;

use attain::render::Renderer;
use attain::report;

use super::{Inputs, Outcome, Output, load_and_assess};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    #[command(flatten)]
    output: Output,
}

pub fn run(args: Args) -> Result<Outcome, Box<dyn std::error::Error>> {
    let Args { inputs, output } = args;
    let run = load_and_assess(&inputs)?;
    let (catalog, data, assessment) = (&run.catalog, &run.data, &run.assessment);
    let date = output
        .date
        .or_else(|| data.latest_date(inputs.year))
        .unwrap_or_else(|| default_date(inputs.year));
    let model = report::build_annual(catalog, data, assessment, date);

    let renderer =
        Renderer::with_overrides(output.templates.as_deref(), output.font_dir.as_deref())?;
    let source = renderer.typst_source("annual.typ", &model)?;
    std::fs::create_dir_all(&output.out)?;
    let stem = format!("{}{}年统计监测报告", catalog.plan.title, inputs.year);
    if output.keep_typst {
        let typ = output.out.join(format!("{stem}.typ"));
        std::fs::write(&typ, &source)?;
        eprintln!("已写出 {}", typ.display());
    }
    let ident = format!("attain/annual/{}/{}", catalog.plan.title, inputs.year);
    let pdf = renderer.pdf("annual.typ", source, date, &ident)?;
    let path: PathBuf = output.out.join(format!("{stem}.pdf"));
    std::fs::write(&path, &pdf)?;
    let tally = &model.tally;
    eprintln!(
        "已写出 {}（目标值 {} 项，可监测 {} 项，已达标 {} 项）",
        path.display(),
        tally.total,
        tally.assessable,
        tally.attained
    );
    Ok(Outcome {
        input_errors: run.input_errors,
    })
}

/// The report date when neither `--date` nor any 填报日期 gives one: 31 March of the
/// following year, when annual reports are usually due.
fn default_date(year: i32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(year + 1, 3, 31).expect("31 March exists")
}
