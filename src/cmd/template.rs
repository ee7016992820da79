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
    /// 改为生成评估组结论表（评估组结论.xlsx）：每项主要目标一行，预填计算结论、单位自评及佐证；需要 --data
    #[arg(long, requires = "data")]
    evaluation: bool,
}

pub fn run(args: Args) -> Result<Outcome, Error> {
    if args.evaluation {
        return evaluation(&args);
    }
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
        let name = attain::pipeline::unit_file_name(catalog, unit);
        let bytes = intake::write_template(
            catalog,
            unit,
            args.year,
            previous.as_ref(),
            &Prefill::new(),
            &EvaluationPrefill::new(),
        )
        .map_err(|e| Error::Usage(format!("无法生成“{unit}”的报表模板：{e}")))?;
        write_file(&args.out.join(format!("{name}.xlsx")), &bytes)?;
    }
    say!(
        "已为 {} 个成员单位写出 {} 年报表模板到 {}",
        units.len(),
        args.year,
        args.out.display()
    );
    Ok(Outcome::Clean)
}

/// `attain template --evaluation`: the evaluation group's workbook for the year.
fn evaluation(args: &Args) -> Result<Outcome, Error> {
    let Some(data) = &args.data else {
        return Err(Error::Usage("--evaluation 需要 --data 报表文件夹".into()));
    };
    let run = attain::pipeline::Run::load(attain::pipeline::Inputs {
        plan: args.plan.clone(),
        data: data.clone(),
        year: args.year,
        method: None,
    })?;
    super::print_diagnostics(&run.diagnostics, false);
    let bytes = attain::report::conclusions::group_workbook(&run.catalog, &run.assessment)
        .map_err(|e| Error::Usage(format!("无法生成评估组结论表：{e}")))?;
    create_dir(&args.out)?;
    let path = args
        .out
        .join(format!("{}.xlsx", attain::intake::GROUP_CONCLUSIONS));
    write_file(&path, &bytes)?;
    say!(
        "已写出 {}（{} 项主要目标）。评估组填写“评估组结论”和“理由”后，放在 {} 中即可生效。",
        path.display(),
        run.catalog.goal_count(),
        data.join(args.year.to_string()).display()
    );
    Ok(Outcome::Clean)
}
