//! Reads one workbook as intake would — the guard, then calamine — and says what happened
//! and how long it took; a `.yaml` is parsed as a catalog. With `--unguarded`, calamine
//! alone, as intake read workbooks before the guard.
//!
//! ```sh
//! /usr/bin/time -v target/release/examples/limits_probe /tmp/hostile/sheet_bomb.xlsx
//! ```

use std::path::Path;
use std::time::Instant;

use attain::intake::{GuardedOpenError, Limits, open_checked};
use calamine::Reader;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let unguarded = args.iter().any(|a| a == "--unguarded");
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: limits_probe FILE [--unguarded]");
        std::process::exit(2);
    };
    let path = Path::new(path);
    let start = Instant::now();
    if path.extension().is_some_and(|e| e == "yaml") {
        let text = std::fs::read_to_string(path).unwrap();
        let outcome = if unguarded {
            // What `catalog::parse` did first before the check.
            serde_yaml::from_str::<attain::catalog::Catalog>(&text)
                .map(|_| "parsed".to_string())
                .map_err(|e| e.to_string())
        } else {
            attain::catalog::parse(&text, path)
                .map(|_| "parsed".to_string())
                .map_err(|e| e.to_string())
        };
        report(outcome, start);
        return;
    }
    let sheets = if unguarded {
        calamine::open_workbook_auto(path)
            .map(|mut w| w.worksheets())
            .map_err(|e| e.to_string())
    } else {
        match open_checked(path, &Limits::default()) {
            Ok(mut workbook) => Ok(workbook.worksheets()),
            Err(GuardedOpenError::Limit(e)) => Err(format!("{e}\n  提示: {}", e.hint())),
            Err(e) => Err(e.to_string()),
        }
    };
    let outcome = sheets.map(|sheets| {
        let cells: usize = sheets
            .iter()
            .map(|(_, r)| r.get_size().0 * r.get_size().1)
            .sum();
        format!("read {} sheets, {cells} cells in their grids", sheets.len())
    });
    report(outcome, start);
}

fn report(outcome: Result<String, String>, start: Instant) {
    let took = start.elapsed();
    match outcome {
        Ok(what) => println!("accepted in {took:.1?}: {what}"),
        Err(why) => println!("rejected in {took:.1?}: {why}"),
    }
}
