//! `attain assess`: every target's verdict with the data behind it, as JSON, CSV or XLSX.

use std::io::Write;
use std::path::PathBuf;

use attain::Error;
use attain::error::write_file;
use attain::report::audit;

use super::{Inputs, Outcome};

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

pub fn run(args: Args) -> Result<Outcome, Error> {
    if matches!(args.format, Format::Xlsx) && args.out.is_none() {
        return Err(Error::Usage("XLSX 格式需要用 --out 指定输出文件".into()));
    }
    let run = args.inputs.load()?;
    let audit = audit::build(&run.catalog, &run.assessment);
    let export = |e: &dyn std::fmt::Display| Error::Usage(format!("无法生成明细表：{e}"));
    let bytes = match args.format {
        Format::Json => {
            let mut text = serde_json::to_vec_pretty(&audit).map_err(|e| export(&e))?;
            text.push(b'\n');
            text
        }
        Format::Csv => audit::to_csv(&audit).map_err(|e| export(&e))?,
        Format::Xlsx => audit::to_xlsx(&audit).map_err(|e| export(&e))?,
    };
    match &args.out {
        Some(path) => {
            write_file(path, &bytes)?;
            let t = &audit.summary;
            say!(
                "已写出 {}（目标值 {} 项，可监测 {} 项，达标 {} 项）",
                path.display(),
                t.total,
                t.assessable,
                t.attained
            );
        }
        None => std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| Error::io("写入", std::path::Path::new("标准输出"), e))?,
    }
    Ok(Outcome::written(run.has_input_errors()))
}
