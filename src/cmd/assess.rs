//! `attain assess`: every target's verdict with the data behind it, as JSON, CSV or XLSX.

use std::io::Write;
use std::path::PathBuf;

use attain::report::audit;

use super::{Inputs, Outcome, load_and_assess};

/// Output formats of the audit table.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Json,
    Csv,
    Xlsx,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    /// 输出格式
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// 输出文件；不写时 JSON 和 CSV 输出到标准输出（XLSX 必须写文件）
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Outcome, Box<dyn std::error::Error>> {
    let run = load_and_assess(&args.inputs)?;
    let audit = audit::build(&run.catalog, &run.assessment);
    let bytes = match args.format {
        Format::Json => {
            let mut text = serde_json::to_vec_pretty(&audit)?;
            text.push(b'\n');
            text
        }
        Format::Csv => audit::to_csv(&audit)?,
        Format::Xlsx => {
            if args.out.is_none() {
                return Err("XLSX 格式需要用 --out 指定输出文件".into());
            }
            audit::to_xlsx(&audit)?
        }
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, &bytes)?;
            let t = &audit.summary;
            eprintln!(
                "已写出 {}（目标值 {} 项，可监测 {} 项，达标 {} 项）",
                path.display(),
                t.total,
                t.assessable,
                t.attained
            );
        }
        None => std::io::stdout().write_all(&bytes)?,
    }
    Ok(Outcome {
        input_errors: run.input_errors,
    })
}
