//! `attain render`: every report due in a year, for one plan or for every plan of many
//! regions, in parallel, with a progress bar and a summary.
//!
//! One renderer serves every report: fonts are loaded once and templates parsed once.
//! Typst's memo cache is trimmed after each report so memory stays flat however many are
//! written.

use std::path::{Path, PathBuf};

use attain::Error;
use attain::pipeline::{self, Due, ReportGroup, ReportKind, Run};
use indicatif::{ProgressBar, ProgressStyle};

use super::{Outcome, Output, print_diagnostics};

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["plan", "regions"])))]
pub struct Args {
    /// 规划目标清单（YAML）；与 --data 一起给出，生成一个规划的报告
    #[arg(long, value_name = "FILE", requires = "data")]
    plan: Option<PathBuf>,
    /// 该规划的报表文件夹，内含按年份命名的子文件夹
    #[arg(long, value_name = "DIR", requires = "plan")]
    data: Option<PathBuf>,
    /// 地区文件夹（可多个）：每个地区一个子文件夹，内含目标清单 <规划>.yaml 和报表 returns/<规划>/；
    /// 文件夹本身含目标清单时，视为一个地区
    #[arg(long, value_name = "DIR", num_args = 1.., conflicts_with = "plan")]
    regions: Vec<PathBuf>,
    /// 监测年份（数据所属年份）
    #[arg(long)]
    year: i32,
    /// 只生成这些报告（逗号分隔）：annual、booklet、evaluation、self-eval；默认全部
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    reports: Vec<ReportChoice>,
    /// 方法参数文件（YAML），覆盖内置默认值和目标清单中的 method 设置
    #[arg(long, value_name = "FILE")]
    method: Option<PathBuf>,
    /// 同时显示提示级别的信息
    #[arg(long, short)]
    verbose: bool,
    /// 同时排版的报告数；默认为处理器核数
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    #[command(flatten)]
    output: Output,
}

/// The report kinds `--reports` can choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportChoice {
    Annual,
    Booklet,
    Evaluation,
    SelfEval,
}

impl ReportChoice {
    fn group(self) -> ReportGroup {
        match self {
            ReportChoice::Annual => ReportGroup::Annual,
            ReportChoice::Booklet => ReportGroup::Booklet,
            ReportChoice::Evaluation => ReportGroup::Evaluation,
            ReportChoice::SelfEval => ReportGroup::SelfEval,
        }
    }
}

/// One plan to render: its catalog and returns, and where its reports go.
#[derive(Clone)]
struct PlanSource {
    /// `株洲/women` in batch mode; empty for a single plan.
    label: String,
    plan: PathBuf,
    data: PathBuf,
    out: PathBuf,
}

/// A plan read and assessed.
struct Loaded {
    source: PlanSource,
    run: Run,
    output: Output,
}

pub fn run(args: Args) -> Result<Outcome, Error> {
    let sources = match (&args.plan, &args.data) {
        (Some(plan), Some(data)) => vec![PlanSource {
            label: String::new(),
            plan: plan.clone(),
            data: data.clone(),
            out: args.output.out.clone(),
        }],
        _ => find_plans(&args.regions, &args.output.out)?,
    };
    if sources.is_empty() {
        return Err(Error::Usage(
            "在给出的地区文件夹中没有找到目标清单（<规划>.yaml 与 returns/<规划>/）".into(),
        ));
    }
    if let Some(date) = args.output.date {
        pipeline::check_date(date)?;
    }
    let workers = args.jobs.unwrap_or_else(attain::parallel::cores);
    let batch = args.plan.is_none();
    let renderer = args.output.renderer()?;

    // Read and assess every plan, in parallel; a plan that cannot be read is reported.
    let loaded = attain::parallel::map(&sources, workers, |source| {
        let inputs = pipeline::Inputs {
            plan: source.plan.clone(),
            data: source.data.clone(),
            year: args.year,
            method: args.method.clone(),
        };
        let load = Error::isolate(
            || format!("规划 {}", source.plan.display()),
            || Run::load(inputs),
        );
        match load {
            Ok(run) => Ok(Loaded {
                output: Output {
                    out: source.out.clone(),
                    ..args.output.clone()
                },
                source: source.clone(),
                run,
            }),
            Err(err) => Err(Box::new((source.clone(), err))),
        }
    });
    let mut plans = Vec::new();
    let mut failed_plans = Vec::new();
    for result in loaded {
        match result {
            Ok(plan) => plans.push(plan),
            Err(failure) => failed_plans.push(*failure),
        }
    }
    for plan in &plans {
        if !plan.run.diagnostics.is_empty() && batch {
            say!("【{}】", plan.source.label);
        }
        print_diagnostics(&plan.run.diagnostics, args.verbose);
    }

    // Every report due, for every plan.
    let chosen: Vec<ReportGroup> = args.reports.iter().map(|c| c.group()).collect();
    let mut jobs: Vec<(usize, ReportKind)> = Vec::new();
    let mut skipped: Vec<(usize, String)> = Vec::new();
    for (p, plan) in plans.iter().enumerate() {
        let kinds = ReportKind::all(&plan.run)
            .into_iter()
            .filter(|k| chosen.is_empty() || chosen.contains(&k.group()));
        for kind in kinds {
            match kind.due(&plan.run) {
                Due::Yes => jobs.push((p, kind)),
                Due::OtherYear { reason, .. } | Due::NotInPlan(reason) => skipped.push((p, reason)),
            }
        }
    }

    let bar = ProgressBar::new(jobs.len() as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} 生成报告 [{bar:30}] {pos}/{len}（{per_sec}，剩余 {eta}）{wide_msg}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    let results = attain::parallel::map(&jobs, workers, |(p, kind)| {
        let plan = &plans[*p];
        bar.set_message(
            attain::diag::printable(&format!("{}{}", plan.source.label, kind.label())).into_owned(),
        );
        let run = &plan.run;
        let date = run.report_date(plan.output.date);
        let result = Error::isolate(
            || format!("{}{}", plan.source.label, kind.label()),
            || {
                kind.build(run, date).write(
                    &renderer,
                    &plan.output.out,
                    plan.output.keep_typst,
                    date,
                )
            },
        );
        // Keep Typst's memo cache from growing with every report: entries unused for
        // a couple of documents go.
        comemo::evict(2);
        bar.inc(1);
        (*p, kind.clone(), result)
    });
    bar.finish_and_clear();

    // The summary, plan by plan.
    let (mut written, mut failed) = (0, 0);
    for (p, plan) in plans.iter().enumerate() {
        say!(
            "{}{}{}年报告：",
            if batch {
                format!("【{}】", plan.source.label)
            } else {
                String::new()
            },
            plan.run.catalog.plan.title,
            args.year
        );
        for (_, kind, result) in results.iter().filter(|(q, _, _)| *q == p) {
            match result {
                Ok(w) => {
                    written += 1;
                    if !batch || !matches!(kind, ReportKind::SelfEval(_)) {
                        say!("  已写出 {}（{}）", w.path.display(), w.summary);
                    }
                    super::warn_missing_glyphs(&plan.run, w);
                }
                Err(e) => {
                    failed += 1;
                    say!("  未能生成{}：{}", kind.label(), e.chain().join("；"));
                }
            }
        }
        if batch {
            let units = results
                .iter()
                .filter(|(q, k, r)| *q == p && matches!(k, ReportKind::SelfEval(_)) && r.is_ok())
                .count();
            if units > 0 {
                say!(
                    "  已写出 {units} 份成员单位自评报告到 {}",
                    plan.output.out.join("自评报告").display()
                );
            }
        }
        for (_, reason) in skipped.iter().filter(|(q, _)| *q == p) {
            say!("  跳过：{reason}");
        }
    }
    for (source, err) in &failed_plans {
        if let Some(diagnostics) = err.diagnostics() {
            eprintln!("{diagnostics}");
        }
        let name = if source.label.is_empty() {
            source.plan.display().to_string()
        } else {
            source.label.clone()
        };
        say!("【{name}】未能读取，未生成报告：{}", err.chain().join("；"));
    }
    say!(
        "共写出 {written} 份，失败 {failed} 份，跳过 {} 份{}。",
        skipped.len(),
        if failed_plans.is_empty() {
            String::new()
        } else {
            format!("；{} 个规划未能读取", failed_plans.len())
        }
    );
    if written == 0 {
        say!("错误: 没有写出任何报告");
        return Ok(Outcome::NothingWritten);
    }
    Ok(Outcome::written(
        failed > 0 || !failed_plans.is_empty() || plans.iter().any(|p| p.run.has_input_errors()),
    ))
}

/// The plans under the region folders: `<region>/<plan>.yaml` with `<region>/returns/<plan>/`.
/// A folder that holds catalogs itself is one region. Reports go to `<out>/<region>/<plan>/`.
fn find_plans(roots: &[PathBuf], out: &Path) -> Result<Vec<PlanSource>, Error> {
    let mut found = Vec::new();
    for root in roots {
        let regions = if catalogs_in(root)?.is_empty() {
            let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
                .map_err(|e| Error::io("读取文件夹", root, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect();
            dirs.sort();
            dirs
        } else {
            vec![root.clone()]
        };
        for region in regions {
            let name = region
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            for (stem, plan) in catalogs_in(&region)? {
                found.push(PlanSource {
                    label: format!("{name}/{stem}"),
                    data: region.join("returns").join(&stem),
                    out: out.join(&name).join(&stem),
                    plan,
                });
            }
        }
    }
    Ok(found)
}

/// The catalogs in a folder that have returns beside them: (plan name, path), sorted.
fn catalogs_in(dir: &Path) -> Result<Vec<(String, PathBuf)>, Error> {
    let read = |e| Error::io("读取文件夹", dir, e);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read)? {
        let path = entry.map_err(read)?.path();
        let is_yaml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        // `women.synthetic.yaml` and the like are not catalogs.
        if is_yaml && !stem.contains('.') && dir.join("returns").join(stem).is_dir() {
            out.push((stem.to_string(), path.clone()));
        }
    }
    out.sort();
    Ok(out)
}
