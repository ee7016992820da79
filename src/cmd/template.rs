//! `attain template`: one return workbook per member unit, ready to fill.

use std::path::PathBuf;

use attain::error::{create_dir, write_file};
use attain::intake::{self, EvaluationPrefill, Prefill};
use attain::{Error, catalog};

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 规划目标清单（YAML）
    #[arg(long, value_name = "FILE")]
    plan: PathBuf,
    /// 报表所属年份
    #[arg(long)]
    year: i32,
    /// 输出文件夹
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// 已有报表文件夹：用其中上一年的数据预填“上年数值”
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Outcome, Error> {
    let loaded = catalog::load(&args.plan).map_err(|diagnostics| Error::Catalog {
        path: args.plan.clone(),
        diagnostics,
    })?;
    let catalog = &loaded.catalog;
    let previous = args
        .data
        .as_ref()
        .map(|dir| intake::read_returns(catalog, dir, args.year - 1));
    create_dir(&args.out)?;
    let units = intake::template_units(catalog);
    for unit in &units {
        let bytes = intake::write_template(
            catalog,
            unit,
            args.year,
            previous.as_ref(),
            &Prefill::new(),
            &EvaluationPrefill::new(),
        )
        .map_err(|e| Error::Usage(format!("无法生成“{unit}”的报表模板：{e}")))?;
        write_file(&args.out.join(format!("{unit}.xlsx")), &bytes)?;
    }
    eprintln!(
        "已为 {} 个成员单位写出 {} 年报表模板到 {}",
        units.len(),
        args.year,
        args.out.display()
    );
    Ok(Outcome::Clean)
}
