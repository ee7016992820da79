//! `attain import`: a plan as published → one draft catalog per plan it holds, and a
//! summary of what to check.

use std::path::PathBuf;

use attain::Error;
use attain::error::{create_dir, write_file};

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 规划文件（.txt、.docx 或从政府网站保存的 .html）
    #[arg(value_name = "PLAN_FILE")]
    file: PathBuf,
    /// 输出文件夹：每个规划写一个目标清单（women.yaml、children.yaml）
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

pub fn run(args: Args) -> Result<Outcome, Error> {
    let import = attain::import::import_file(&args.file)?;
    create_dir(&args.out)?;
    for plan in &import.plans {
        let path = args.out.join(&plan.file_name);
        write_file(&path, plan.yaml.as_bytes())?;
        show!("{} → {}", plan.summary.title, path.display());
        for line in plan.summary.render().lines() {
            show!("{line}");
        }
        for warning in &plan.warnings {
            eprintln!("{warning}");
        }
    }
    show!(
        "共 {} 个规划。草稿已通过目标清单检查；请核对标有“待核实”的各处后再用于报告。",
        import.plans.len()
    );
    Ok(Outcome::Clean)
}
