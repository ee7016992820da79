//! `attain check`: every problem in a year's returns, then a summary; the exit code says
//! whether errors were found.

use attain::intake;
use attain::{Error, catalog};

use super::Outcome;

/// Output formats of the check.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 规划目标清单（YAML）
    #[arg(long, value_name = "FILE")]
    plan: std::path::PathBuf,
    /// 报表文件夹，内含按年份命名的子文件夹
    #[arg(long, value_name = "DIR")]
    data: std::path::PathBuf,
    /// 检查的年份
    #[arg(long)]
    year: i32,
    /// 输出格式
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// 比率类指标与上年相比变化超过此倍数时提示核实
    #[arg(long, default_value_t = 3.0)]
    factor: f64,
}

pub fn run(args: Args) -> Result<Outcome, Error> {
    let loaded = catalog::load(&args.plan).map_err(|diagnostics| Error::Catalog {
        path: args.plan.clone(),
        diagnostics,
    })?;
    let data = intake::read_returns(&loaded.catalog, &args.data, args.year);
    let mut report = intake::check(&loaded.catalog, &data, args.year, args.factor);
    report
        .diagnostics
        .splice(0..0, loaded.warnings.iter().cloned());
    // Names that matched nothing go to the mapping file for a person to confirm.
    match intake::mapping::update(&loaded.catalog, &args.data, &data) {
        Ok(update) => report.mapping = Some(update),
        Err(problem) => {
            report.warnings += 1;
            report.diagnostics.push(problem);
        }
    }
    match args.format {
        // JSON escapes control characters itself.
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report)
                .map_err(|e| Error::Usage(format!("无法输出 JSON：{e}")))?
        ),
        Format::Text => {
            for d in &report.diagnostics {
                println!("{d}");
            }
            if !report.diagnostics.is_empty() {
                println!();
            }
            show!("{}年报表检查结果", report.year);
            let list = |items: &[String]| {
                if items.is_empty() {
                    "无".to_string()
                } else {
                    items.join("、")
                }
            };
            show!(
                "  未报送的成员单位（{}）：{}",
                report.missing_units.len(),
                list(&report.missing_units)
            );
            show!(
                "  无数据的指标（{}）：{}",
                report.indicators_without_data.len(),
                list(&report.indicators_without_data)
            );
            if let Some(m) = &report.mapping
                && let Some(file) = &m.file
            {
                let added = if m.added > 0 {
                    format!("新增 {} 行；", m.added)
                } else {
                    String::new()
                };
                show!(
                    "  指标对照表（{}）：{added}共 {} 行，已确认 {} 行，本次使用 {} 行，待确认 {} 行",
                    file.display(),
                    m.rows,
                    m.confirmed,
                    m.used,
                    m.waiting
                );
            }
            show!("  数据冲突：{} 处", report.conflicts);
            show!("  需核实的数值：{} 处", report.implausible);
            show!("  错误 {} 条，警告 {} 条", report.errors, report.warnings);
        }
    }
    Ok(Outcome::written(report.errors > 0))
}
