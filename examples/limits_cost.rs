//! What the intake guard costs on a year of ordinary returns: 100 workbooks of 200 rows,
//! written as `benches/pipeline.rs` writes them, opened and read by calamine with and
//! without `intake::open_checked`. Prints the fastest of 21 runs of each, interleaved, so
//! that other work on a shared machine distorts the comparison least.
//!
//! ```sh
//! cargo run --release --example limits_cost
//! ```

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use attain::intake::{Limits, WorkbookKind, inspect, open_checked};
use calamine::{Reader, open_workbook_auto};
use rust_xlsxwriter::Workbook;

fn main() {
    let dir = std::env::temp_dir().join("attain-limits-cost");
    std::fs::create_dir_all(&dir).unwrap();
    let files: Vec<PathBuf> = (0..100).map(|k| write(&dir, k)).collect();
    let limits = Limits::default();

    let bytes: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let [unguarded, guarded, guard_only] = fastest([
        &mut || {
            for file in &files {
                let sheets = open_workbook_auto(file).unwrap().worksheets();
                assert_eq!(sheets[0].1.get_size().0, 203);
            }
        },
        &mut || {
            for file in &files {
                let sheets = open_checked(file, &limits).unwrap().worksheets();
                assert_eq!(sheets[0].1.get_size().0, 203);
            }
        },
        &mut || {
            for b in &bytes {
                inspect(b, WorkbookKind::Xlsx, &limits).unwrap();
            }
        },
    ]);
    println!(
        "100 workbooks × 200 rows ({} KB each):",
        bytes[0].len() / 1024
    );
    println!("  calamine alone (open_workbook_auto + worksheets): {unguarded:.1?}");
    println!("  guarded (open_checked + worksheets):              {guarded:.1?}");
    println!("  the guard alone (inspect, bytes in memory):       {guard_only:.1?}");
}

/// The fastest of 21 runs of each, interleaved.
fn fastest<const N: usize>(mut runs: [&mut dyn FnMut(); N]) -> [Duration; N] {
    let mut best = [Duration::MAX; N];
    for _ in 0..21 {
        for (run, best) in runs.iter_mut().zip(&mut best) {
            let start = Instant::now();
            run();
            *best = (*best).min(start.elapsed());
        }
    }
    best
}

/// A return like the benchmark's: a title, the unit, a header and 200 indicator rows.
fn write(dir: &Path, k: usize) -> PathBuf {
    let path = dir.join(format!("county{k:03}.xlsx"));
    if path.exists() {
        return path;
    }
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .write_string(0, 0, "测试市妇女发展规划统计监测报表")
        .unwrap();
    sheet.write_string(1, 0, "填报单位：测试单位0").unwrap();
    for (c, h) in ["指标名称", "计量单位", "本年数值", "备注"]
        .iter()
        .enumerate()
    {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    for r in 0..200u32 {
        sheet
            .write_string(r + 3, 0, format!("测试指标第{r}项的名称"))
            .unwrap();
        sheet.write_string(r + 3, 1, "%").unwrap();
        sheet
            .write_number(r + 3, 2, 50.0 + r as f64 / 10.0)
            .unwrap();
    }
    workbook.save(&path).unwrap();
    path
}
