//! Imports the seed plans and compares each draft with the project's hand-made catalog:
//! the measurement table of `docs/import.md`.
//!
//! ```sh
//! cargo run --release --example import_score -- /work/shared/seeds [--details] [--out DIR]
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;

use attain::import::{self, score};

/// Seed file, sample-data folder, plans it holds.
const SEEDS: &[(&str, &str)] = &[
    ("000_544f485fb9f52b01.txt", "zhuzhou"),
    ("001_9c981936ea884473.txt", "luoyang"),
    ("002_684425739db54e33.txt", "changning"),
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seeds = PathBuf::from(
        args.first()
            .map(String::as_str)
            .unwrap_or("../shared/seeds"),
    );
    let details = args.iter().any(|a| a == "--details");
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut scores = Vec::new();
    for (file, region) in SEEDS {
        let started = Instant::now();
        let imported = import::import_file(&seeds.join(file)).expect("seed imports");
        let elapsed = started.elapsed();
        println!(
            "{file}: {} plan(s) in {:.1} ms",
            imported.plans.len(),
            elapsed.as_secs_f64() * 1000.0
        );
        for plan in &imported.plans {
            if let Some(dir) = &out {
                std::fs::create_dir_all(dir.join(region)).unwrap();
                std::fs::write(dir.join(region).join(&plan.file_name), &plan.yaml).unwrap();
            }
            let reference = root.join("sample-data").join(region).join(&plan.file_name);
            let reference = attain::catalog::load(&reference)
                .expect("reference loads")
                .catalog;
            let s = score::score(plan, &reference);
            if details {
                println!("== {}", s.title);
                for p in &s.goal_problems {
                    println!("  goal  {p}");
                }
                for w in &s.wrong {
                    println!(
                        "  wrong {}{}: expected {} / found {}",
                        w.goal,
                        if w.marked {
                            " [待核实]"
                        } else {
                            " [NOT MARKED]"
                        },
                        w.expected,
                        w.found.as_deref().unwrap_or("—")
                    );
                }
                for e in &s.extra {
                    println!("  extra {e}");
                }
            }
            scores.push(s);
        }
    }
    println!("\n{}", score::table(&scores));
}
