//! Every workbook of the messy corpus (`tests/corpus/messy`) is read correctly or rejected
//! with the exact expected message.

use std::path::Path;

use crate::common::{root, sample_plan};
use attain::catalog::{self, Catalog};
use attain::intake;

/// What intake makes of one case: the values read with their cells, then every message.
fn read_case(catalog: &Catalog, dir: &Path, case: &str) -> (Vec<String>, Vec<String>) {
    let data_dir = tempfile::tempdir().unwrap();
    for year in ["2024", "2025"] {
        std::fs::create_dir_all(data_dir.path().join(year)).unwrap();
    }
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        let (base, companion) = stem
            .split_once('@')
            .map_or((stem, None), |(b, c)| (b, Some(c)));
        if base != case {
            continue;
        }
        let target = match companion {
            None => data_dir.path().join("2025").join(&name),
            Some("2024") => data_dir.path().join("2024").join(format!("{base}.{ext}")),
            Some(other) => data_dir.path().join("2025").join(format!("{other}.{ext}")),
        };
        std::fs::copy(&path, target).unwrap();
    }
    let data = intake::read_returns(catalog, data_dir.path(), 2025);
    let check = intake::check(catalog, &data, 2025, 3.0);
    let mut values = Vec::new();
    for r in catalog.indicators() {
        let ind = r.indicator;
        for b in std::iter::once(None).chain(ind.breakdowns.iter().map(Some)) {
            for year in 2020..=2025 {
                if let Some(o) = data.get(&ind.id, b.map(String::as_str), year) {
                    let name = match b {
                        Some(b) => format!("{}（{b}）", ind.name),
                        None => ind.name.clone(),
                    };
                    values.push(format!("{year} {name} = {} ← {}", o.value, o.source));
                }
            }
        }
    }
    let messages = check
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        // The other years' folders are absent on purpose.
        .filter(|m| !m.contains("年的报表文件夹"))
        .collect();
    (values, messages)
}

/// One snapshot per case; `insta::glob!` checks every case and reports all that fail, not
/// only the first.
#[test]
fn every_messy_workbook_is_read_or_rejected_as_expected() {
    let catalog = catalog::load(&sample_plan()).unwrap().catalog;
    let dir = root().join("tests/corpus/messy");
    let mut cases = 0;
    insta::glob!(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests"),
        "corpus/messy/*.*",
        |path| {
            let name = path.file_name().unwrap().to_str().unwrap();
            // Companions (`case@2024.xlsx`, `case@单位.xlsx`) belong to their case.
            if name.contains('@') {
                return;
            }
            cases += 1;
            let case = name.rsplit_once('.').map_or(name, |(s, _)| s);
            let (values, messages) = read_case(&catalog, &dir, case);
            let text = format!(
                "values:\n{}\nmessages:\n{}",
                values.join("\n"),
                messages.join("\n")
            );
            insta::assert_snapshot!(text);
        }
    );
    assert!(cases >= 25, "only {cases} cases");
}

/// The same form as .xlsx, .xls and .ods gives the same values.
#[test]
fn the_clean_form_reads_the_same_in_every_format() {
    let catalog = catalog::load(&sample_plan()).unwrap().catalog;
    let dir = root().join("tests/corpus/messy");
    let strip = |values: Vec<String>| -> Vec<String> {
        values
            .into_iter()
            .map(|v| v.split(" ← ").next().unwrap().to_string())
            .collect()
    };
    let (xlsx, _) = read_case(&catalog, &dir, "clean_form");
    for case in ["legacy_excel_97", "opendocument"] {
        let (values, messages) = read_case(&catalog, &dir, case);
        assert_eq!(strip(values), strip(xlsx.clone()), "{case}");
        assert!(messages.is_empty(), "{case}: {messages:?}");
    }
}
