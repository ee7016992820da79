//! `attain import`: a plan as published → one draft catalog per plan it holds, and a
//! summary of what to check.

use std::path::PathBuf;

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

pub fn run(args: Args) -> Result<Outcome, Box<dyn std::error::Error>> {
    let import = match attain::import::import_file(&args.file) {
        Ok(import) => import,
        Err(err) => {
            let hint = err.hint();
            return Err(match hint {
                Some(hint) => format!("{err}\n  提示: {hint}").into(),
                None => err.into(),
            });
        }
    };
    std::fs::create_dir_all(&args.out)
        .map_err(|e| format!("无法创建输出文件夹 {}：{e}", args.out.display()))?;
    for plan in &import.plans {
        let path = args.out.join(&plan.file_name);
        std::fs::write(&path, &plan.yaml)
            .map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
        print!(
            "{} → {}\n{}",
            plan.summary.title,
            path.display(),
            plan.summary.render()
        );
        for warning in &plan.warnings {
            eprintln!("{warning}");
        }
    }
    println!(
        "共 {} 个规划。草稿已通过目标清单检查；请核对标有“待核实”的各处后再用于报告。",
        import.plans.len()
    );
    Ok(Outcome {
        input_errors: false,
    })
}
