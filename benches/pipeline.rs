//! The pipeline benchmark: each stage on generated inputs of growing size, medians of
//! several runs, and peak memory, so the slowest stage is visible.
//!
//! Run with `cargo bench --bench pipeline` (add `-- --quick` for one run per case). The
//! generated inputs go to `target/bench-data/` and are reused. Results are printed as a
//! Markdown table; `docs/performance.md` records them with the machine they came from.
//!
//! In-process stages are timed with `Instant`; peak memory of in-process stages is the
//! growth of this process's high-water mark (`VmHWM`, reset through
//! `/proc/self/clear_refs`); fresh-process cases run the release `attain` binary and
//! read its `VmHWM` until it exits. Linux only for the memory columns.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use attain::assess::{self, Method};
use attain::catalog::{self, Catalog};
use attain::intake::{self, Matcher};
use attain::pipeline::{Inputs, ReportKind, Run};
use attain::render::Renderer;
use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;

const BASELINE: i32 = 2020;
const YEAR: i32 = 2025;
/// Member units per generated plan: with 6 years, 30 workbooks per plan.
const UNITS: usize = 5;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 1 } else { 5 };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("target/bench-data");
    std::fs::create_dir_all(&data).unwrap();
    let attain = PathBuf::from(env!("CARGO_BIN_EXE_attain"));
    let mut rows: Vec<Row> = Vec::new();

    // 1. Intake: N workbooks of 200 rows each.
    let wide = data.join("intake");
    let wide_plan = generated_plan(&wide, "wide", 200, 1);
    let wide_catalog = catalog::load(&wide_plan).unwrap().catalog;
    for n in [10, 100] {
        let files = intake_workbooks(&wide, &wide_catalog, n);
        let matcher = Matcher::new(&wide_catalog);
        rows.push(measure_in_process(
            &format!("intake: {n} workbooks × 200 rows"),
            runs,
            || {
                let mut values = 0;
                for file in &files {
                    values += intake::read_workbook(file, file, YEAR, &matcher)
                        .readings
                        .len();
                }
                assert_eq!(values, n * 200);
            },
        ));
    }

    // 1b. `attain import` of a whole seed file (two plans).
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/zhuzhou.txt");
    rows.push(measure_in_process(
        "import: a whole seed file (株洲, two plans)",
        runs,
        || {
            let import = attain::import::import_file(&seed).unwrap();
            assert_eq!(import.plans.len(), 2);
        },
    ));

    // 2. Assessment, report model and typesetting for catalogs of growing size.
    let renderer = Renderer::new().unwrap();
    let date = NaiveDate::from_ymd_opt(YEAR + 1, 3, 31).unwrap();
    for targets in [50, 150, 500] {
        let dir = data.join(format!("plan-{targets}"));
        let plan = generated_plan(&dir, "women", targets, UNITS);
        let catalog = catalog::load(&plan).unwrap().catalog;
        let returns = dir.join("returns/women");
        write_returns(&returns, &catalog);
        let inputs = Inputs {
            plan: plan.clone(),
            data: returns.clone(),
            year: YEAR,
            method: None,
        };
        rows.push(measure_in_process(
            &format!("read_returns: {targets} targets, 30 workbooks"),
            runs,
            || {
                intake::read_returns(&catalog, &returns, YEAR);
            },
        ));
        let run = Run::load(inputs.clone()).unwrap();
        rows.push(measure_in_process(
            &format!("assess: {targets} targets"),
            runs,
            || {
                assess::assess(&catalog, &run.data, YEAR, Method::default());
            },
        ));
        rows.push(measure_in_process(
            &format!("Run::load (catalog, returns, assessment): {targets} targets"),
            runs,
            || {
                Run::load(inputs.clone()).unwrap();
            },
        ));
        rows.push(measure_in_process(
            &format!("annual model + Typst source: {targets} targets"),
            runs,
            || {
                ReportKind::Annual
                    .build(&run, date)
                    .typst(&renderer)
                    .unwrap();
            },
        ));
        let source = ReportKind::Annual
            .build(&run, date)
            .typst(&renderer)
            .unwrap();
        let mut pages = 0;
        let mut bytes = 0;
        rows.push(measure_in_process(
            &format!("typeset + PDF (in process, cold memo cache): {targets} targets"),
            runs,
            || {
                // Without this Typst would replay its memoised layout of the last run.
                comemo::evict(0);
                let document = renderer
                    .document("annual.typ", source.clone(), date)
                    .unwrap();
                pages = document.pages().len();
                bytes = attain::render::export_pdf(&document, date, "bench")
                    .unwrap()
                    .len();
            },
        ));
        rows.last_mut().unwrap().note = format!("{pages} pages, {} KB", bytes / 1024);
        rows.push(measure_process(
            &format!("attain annual (fresh process): {targets} targets"),
            runs,
            Command::new(&attain).args([
                "annual",
                "--plan",
                plan.to_str().unwrap(),
                "--data",
                returns.to_str().unwrap(),
                "--year",
                &YEAR.to_string(),
                "--out",
                dir.join("out").to_str().unwrap(),
                "--keep-typst",
            ]),
        ));
    }

    // 3. The sample plan, and the same source through the typst command-line compiler.
    let sample_out = data.join("sample-out");
    rows.push(measure_process(
        "attain annual (fresh process): 株洲 women sample, 97 workbooks",
        runs,
        Command::new(&attain).args([
            "annual",
            "--plan",
            root.join("sample-data/zhuzhou/women.yaml")
                .to_str()
                .unwrap(),
            "--data",
            root.join("sample-data/zhuzhou/returns/women")
                .to_str()
                .unwrap(),
            "--year",
            "2025",
            "--out",
            sample_out.to_str().unwrap(),
            "--keep-typst",
        ]),
    ));
    let typ = sample_out.join("株洲市妇女发展规划（2021—2025年）2025年统计监测报告.typ");
    if Command::new("typst").arg("--version").output().is_ok() {
        rows.push(measure_process(
            "typst compile (CLI, same source, bundled fonts only)",
            runs,
            Command::new("typst").args([
                "compile",
                "--ignore-system-fonts",
                "--font-path",
                root.join("fonts").to_str().unwrap(),
                typ.to_str().unwrap(),
                sample_out.join("typst-cli.pdf").to_str().unwrap(),
            ]),
        ));
    } else {
        eprintln!("（未找到 typst 命令行程序，跳过与之的对比）");
    }

    // 4. Batches of region-plans: annual report + booklet each.
    for regions in [1, 10, 100] {
        let dir = data.join(format!("batch-{regions}"));
        for r in 0..regions {
            let region = dir.join(format!("region{r:03}"));
            let plan = generated_plan(&region, "women", 60, UNITS);
            let catalog = catalog::load(&plan).unwrap().catalog;
            write_returns(&region.join("returns/women"), &catalog);
        }
        let out = data.join(format!("batch-{regions}-out"));
        let mut row = measure_process(
            &format!("attain render --regions: {regions} region-plans × (annual + booklet)"),
            if regions == 100 { runs.min(3) } else { runs },
            Command::new(&attain).args([
                "render",
                "--regions",
                dir.to_str().unwrap(),
                "--year",
                &YEAR.to_string(),
                "--reports",
                "annual,booklet",
                "--out",
                out.to_str().unwrap(),
            ]),
        );
        let reports = 2 * regions;
        row.note = format!(
            "{reports} reports, {:.1} reports/s",
            reports as f64 / row.median.as_secs_f64()
        );
        rows.push(row);
    }

    println!();
    println!("| stage | median | min | max | peak memory | note |");
    println!("|---|---:|---:|---:|---:|---|");
    for row in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            row.name,
            ms(row.median),
            ms(row.min),
            ms(row.max),
            row.peak_kb
                .map(|kb| format!("{} MB", kb / 1024))
                .unwrap_or_else(|| "—".into()),
            row.note
        );
    }
    let slowest = rows
        .iter()
        .filter(|r| !r.name.starts_with("attain render"))
        .max_by_key(|r| r.median)
        .unwrap();
    println!(
        "\nslowest single stage: {} ({})",
        slowest.name,
        ms(slowest.median)
    );
}

struct Row {
    name: String,
    median: Duration,
    min: Duration,
    max: Duration,
    peak_kb: Option<u64>,
    note: String,
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn summarise(name: &str, mut times: Vec<Duration>, peak_kb: Option<u64>) -> Row {
    times.sort();
    let row = Row {
        name: name.to_string(),
        median: times[times.len() / 2],
        min: times[0],
        max: times[times.len() - 1],
        peak_kb,
        note: String::new(),
    };
    eprintln!("{name}: {}", ms(row.median));
    row
}

/// Times `work` `runs` times after one warm-up; peak memory is this process's
/// high-water mark during the runs (reset before them).
fn measure_in_process(name: &str, runs: usize, mut work: impl FnMut()) -> Row {
    work();
    reset_peak();
    let times = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    let peak = read_status("self", "VmHWM:");
    summarise(name, times, peak)
}

/// Runs a command `runs` times after one warm-up; peak memory is its largest `VmHWM`.
fn measure_process(name: &str, runs: usize, command: &mut Command) -> Row {
    command.stdout(std::process::Stdio::null());
    command.stderr(std::process::Stdio::null());
    let mut run = || {
        let start = Instant::now();
        let mut child = command.spawn().expect("command starts");
        let pid = child.id().to_string();
        let mut peak = 0;
        loop {
            if let Some(kb) = read_status(&pid, "VmHWM:") {
                peak = peak.max(kb);
            }
            match child.try_wait().unwrap() {
                Some(status) => {
                    assert!(status.code().is_some_and(|c| c <= 1), "{name}: {status}");
                    return (start.elapsed(), peak);
                }
                None => std::thread::sleep(Duration::from_millis(2)),
            }
        }
    };
    run();
    let results: Vec<(Duration, u64)> = (0..runs).map(|_| run()).collect();
    let peak = results.iter().map(|r| r.1).max().filter(|kb| *kb > 0);
    summarise(name, results.into_iter().map(|r| r.0).collect(), peak)
}

/// A `/proc/<pid>/status` field in kB.
fn read_status(pid: &str, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets this process's high-water mark to its current size.
fn reset_peak() {
    // Not every kernel allows it; the mark then covers the whole benchmark so far.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Writes (once) a plan of `targets` targets in 8 domains, reported by `units` units.
fn generated_plan(dir: &Path, name: &str, targets: usize, units: usize) -> PathBuf {
    let path = dir.join(format!("{name}.yaml"));
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(dir).unwrap();
    let mut yaml = format!(
        "plan:\n  title: 测试市妇女发展规划（2021—2025年）\n  locality: 测试市\n  subject: women\n  start_year: 2021\n  end_year: 2025\n  baseline_year: {BASELINE}\n  evaluations:\n    final: 2025\nunits:\n"
    );
    for u in 0..units {
        yaml.push_str(&format!("  - name: 测试单位{u}\n"));
    }
    yaml.push_str("domains:\n");
    let per_domain = targets.div_ceil(8);
    let mut made = 0;
    for d in 0..8 {
        yaml.push_str(&format!(
            "  - id: d{d}\n    name: 妇女与领域{d}\n    goals:\n"
        ));
        let mut goal = 0;
        while made < targets && goal < per_domain {
            goal += 1;
            let comparator = match made % 4 {
                0 => "comparator: at_least\n                value: 60",
                1 => "comparator: at_most\n                value: 12",
                2 => "comparator: increase",
                _ => "comparator: decrease",
            };
            yaml.push_str(&format!(
                "      - number: {goal}\n        text: 第{made}项测试目标，指标达到规划要求。\n        indicators:\n          - id: i{made}\n            name: 测试指标{made}比例\n            unit: \"%\"\n            reporter: 测试单位{}\n            targets:\n              - {comparator}\n",
                made % units
            ));
            made += 1;
        }
    }
    std::fs::write(&path, yaml).unwrap();
    path
}

/// A value for indicator `i` in `year`: rising slowly, different per indicator.
fn value(i: usize, year: i32) -> f64 {
    let base = 40.0 + (i % 37) as f64;
    ((base + (year - BASELINE) as f64 * 1.3) * 10.0).round() / 10.0
}

/// Writes (once) one workbook per unit per year for a generated plan.
fn write_returns(dir: &Path, catalog: &Catalog) {
    if dir.join(YEAR.to_string()).exists() {
        return;
    }
    for year in BASELINE..=YEAR {
        let year_dir = dir.join(year.to_string());
        std::fs::create_dir_all(&year_dir).unwrap();
        for unit in &catalog.units {
            let rows: Vec<(String, f64)> = catalog
                .indicators()
                .enumerate()
                .filter(|(_, r)| r.indicator.reporter == unit.name)
                .map(|(i, r)| (r.indicator.name.clone(), value(i, year)))
                .collect();
            write_workbook(
                &year_dir.join(format!("{}.xlsx", unit.name)),
                &unit.name,
                &rows,
            );
        }
    }
}

/// Writes (once) `n` workbooks of the wide plan's 200 rows, as from `n` counties.
fn intake_workbooks(dir: &Path, catalog: &Catalog, n: usize) -> Vec<PathBuf> {
    let folder = dir.join(format!("workbooks-{n}"));
    std::fs::create_dir_all(&folder).unwrap();
    let rows: Vec<(String, f64)> = catalog
        .indicators()
        .enumerate()
        .map(|(i, r)| (r.indicator.name.clone(), value(i, YEAR)))
        .collect();
    (0..n)
        .map(|k| {
            let path = folder.join(format!("county{k:03}.xlsx"));
            if !path.exists() {
                write_workbook(&path, "测试单位0", &rows);
            }
            path
        })
        .collect()
}

fn write_workbook(path: &Path, unit: &str, rows: &[(String, f64)]) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .write_string(0, 0, "测试市妇女发展规划统计监测报表")
        .unwrap();
    sheet
        .write_string(1, 0, format!("填报单位：{unit}"))
        .unwrap();
    for (c, h) in ["指标名称", "计量单位", "本年数值", "备注"]
        .iter()
        .enumerate()
    {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    for (r, (name, v)) in rows.iter().enumerate() {
        let r = r as u32 + 3;
        sheet.write_string(r, 0, name).unwrap();
        sheet.write_string(r, 1, "%").unwrap();
        sheet.write_number(r, 2, *v).unwrap();
    }
    workbook.save(path).unwrap();
}
