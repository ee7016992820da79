//! `attain templates export DIR`: writes the shipped report templates for editing.

use std::path::PathBuf;

use attain::Error;
use attain::error::{create_dir, write_file};
use attain::render::TEMPLATES;

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// 把内置报告模板写到文件夹中，修改后用 --templates 指定该文件夹即可生效
    Export {
        /// 目标文件夹
        dir: PathBuf,
        /// 覆盖已有的同名文件
        #[arg(long)]
        force: bool,
    },
}

pub fn run(args: Args) -> Result<Outcome, Error> {
    let Action::Export { dir, force } = args.action;
    create_dir(&dir)?;
    let existing: Vec<String> = TEMPLATES
        .iter()
        .filter(|(name, _)| dir.join(name).exists())
        .map(|(name, _)| name.to_string())
        .collect();
    if !existing.is_empty() && !force {
        return Err(Error::Usage(format!(
            "{} 中已有模板文件（{}），未覆盖；如需覆盖请加 --force",
            dir.display(),
            existing.join("、")
        )));
    }
    for (name, text) in TEMPLATES {
        write_file(&dir.join(name), text.as_bytes())?;
    }
    say!(
        "已写出 {} 个模板到 {}。修改后，在生成报告时加 --templates {} 即可使用；未修改的文件可以删除，缺少的文件用内置模板。",
        TEMPLATES.len(),
        dir.display(),
        dir.display()
    );
    Ok(Outcome::Clean)
}
