//! `attain render`: every report due for a plan-year, with a progress bar and a summary.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use attain::render::Renderer;
use attain::report::evaluation::EvaluationKind;
use attain::report::unit::answers_for_anything;
use indicatif::{ProgressBar, ProgressStyle};

use super::report::{Kind, Written, not_due, report_date, write_report};
use super::{Inputs, Outcome, Output, load_and_assess};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    #[command(flatten)]
    output: Output,
    /// 同时排版的报告数；默认为处理器核数
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
}

pub fn run(args: Args) -> Result<Outcome, Box<dyn std::error::Error>> {
    let Args {
        inputs,
        output,
        jobs,
    } = args;
    let run = load_and_assess(&inputs)?;
    let (catalog, data, assessment) = (&run.catalog, &run.data, &run.assessment);
    let year = inputs.year;

    let mut kinds = vec![
        Kind::Annual,
        Kind::Booklet,
        Kind::Evaluation(EvaluationKind::Midterm),
        Kind::Evaluation(EvaluationKind::Final),
    ];
    kinds.extend(
        catalog
            .units
            .iter()
            .filter(|u| answers_for_anything(catalog, &u.name))
            .map(|u| Kind::Unit(u.name.clone())),
    );
    let mut skipped = Vec::new();
    let due: Vec<Kind> = kinds
        .into_iter()
        .filter(|k| match not_due(k, catalog, year) {
            Some(reason) => {
                skipped.push(reason);
                false
            }
            None => true,
        })
        .collect();

    let renderer =
        Renderer::with_overrides(output.templates.as_deref(), output.font_dir.as_deref())?;
    let date = report_date(&output, data, year);
    let bar = ProgressBar::new(due.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} 生成报告 [{bar:30}] {pos}/{len} {wide_msg}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Result<Written, String>)>> = Mutex::new(Vec::new());
    let workers = jobs
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(1)
        .clamp(1, due.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(kind) = due.get(i) else { break };
                    bar.set_message(label(kind));
                    let result = write_report(
                        &renderer,
                        kind,
                        catalog,
                        data,
                        assessment,
                        &inputs.data,
                        &output,
                        date,
                    )
                    .map_err(|e| e.to_string());
                    results
                        .lock()
                        .expect("no worker panicked")
                        .push((i, result));
                    bar.inc(1);
                }
            });
        }
    });
    bar.finish_and_clear();

    let mut results = results.into_inner().expect("no worker panicked");
    results.sort_by_key(|(i, _)| *i);
    let mut failed = 0;
    let mut written = 0;
    eprintln!("{}{year}年报告：", catalog.plan.title);
    for (i, result) in &results {
        match result {
            Ok(w) => {
                written += 1;
                for p in &w.problems {
                    eprintln!("  警告: {p}");
                }
                eprintln!("  已写出 {}（{}）", w.path.display(), w.summary);
            }
            Err(e) => {
                failed += 1;
                eprintln!("  未能生成{}：{e}", label(&due[*i]));
            }
        }
    }
    for reason in &skipped {
        eprintln!("  跳过：{reason}");
    }
    eprintln!(
        "共写出 {written} 份，失败 {failed} 份，跳过 {} 份。",
        skipped.len()
    );
    if written == 0 {
        return Err("没有写出任何报告".into());
    }
    Ok(Outcome {
        input_errors: run.input_errors || failed > 0,
    })
}

fn label(kind: &Kind) -> String {
    match kind {
        Kind::Annual => "年度统计监测报告".into(),
        Kind::Booklet => "统计资料".into(),
        Kind::Evaluation(e) => format!("{}评估报告", e.label()),
        Kind::Unit(u) => format!("{u}自评报告"),
    }
}
