//! The real-returns corpus (`tests/corpus/real`): one city's 2025 women's-plan returns as
//! five member units sent them. Every workbook, as .xlsx, .xls and .ods, reads every value
//! a careful clerk would read (`present.tsv`, written by the generator beside the cells),
//! and none wrong.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{root, sample_plan};
use attain::catalog::{self, Catalog};
use attain::intake::{self, DataSet};

/// (indicator id, breakdown, year) → value.
type Values = BTreeMap<(String, Option<String>, i32), f64>;

fn corpus() -> PathBuf {
    root().join("tests/corpus/real")
}

/// The values present in a case's workbook, from `present.tsv`.
fn present(catalog: &Catalog, case: &str) -> Values {
    let text = std::fs::read_to_string(corpus().join("present.tsv")).unwrap();
    let mut out = Values::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        if f[0] != case {
            continue;
        }
        let id = catalog
            .indicators()
            .find(|r| r.indicator.name == f[2])
            .unwrap_or_else(|| panic!("present.tsv names {}", f[2]))
            .indicator
            .id
            .clone();
        let breakdown = (!f[3].is_empty()).then(|| f[3].to_string());
        out.insert(
            (id, breakdown, f[1].parse().unwrap()),
            f[4].parse().unwrap(),
        );
    }
    assert!(!out.is_empty(), "nothing present for {case}");
    out
}

/// Every value read, by key.
fn read(catalog: &Catalog, data: &DataSet) -> Values {
    let mut out = Values::new();
    for r in catalog.indicators() {
        let ind = r.indicator;
        for b in std::iter::once(None).chain(ind.breakdowns.iter().map(Some)) {
            for year in 2015..=2025 {
                if let Some(o) = data.get(&ind.id, b.map(String::as_str), year) {
                    out.insert((ind.id.clone(), b.cloned(), year), o.value);
                }
            }
        }
    }
    out
}

/// Reads `files` from the 2025 folder of a fresh data folder, with the clerk's confirmed
/// mapping file in it when `mapping` is set.
fn read_folder(
    catalog: &Catalog,
    files: &[PathBuf],
    mapping: bool,
) -> (DataSet, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let year = dir.path().join("2025");
    std::fs::create_dir_all(&year).unwrap();
    for file in files {
        std::fs::copy(file, year.join(file.file_name().unwrap())).unwrap();
    }
    if mapping {
        std::fs::copy(
            corpus().join(intake::MAPPING_FILE),
            dir.path().join(intake::MAPPING_FILE),
        )
        .unwrap();
    }
    (intake::read_returns(catalog, dir.path(), 2025), dir)
}

/// (values read that are present with the same value, present, wrong or extra).
fn score(present: &Values, read: &Values) -> (usize, usize, Vec<String>) {
    let right = present
        .iter()
        .filter(|(k, v)| read.get(*k) == Some(*v))
        .count();
    let wrong = read
        .iter()
        .filter(|(k, v)| present.get(*k) != Some(*v))
        .map(|(k, v)| format!("{k:?} = {v}, present: {:?}", present.get(k)))
        .collect();
    (right, present.len(), wrong)
}

fn messages(data: &DataSet) -> Vec<String> {
    data.diagnostics
        .iter()
        .map(|d| d.to_string())
        .filter(|m| !m.contains("年的报表文件夹"))
        .collect()
}

fn case_of(path: &Path) -> String {
    path.file_stem().unwrap().to_str().unwrap().to_string()
}

/// One snapshot per workbook and format: the values read with their cells, the messages,
/// and the score; with the clerk's confirmed mapping file, every present value is read.
#[test]
fn every_real_workbook_reads_every_value_a_clerk_would() {
    let catalog = catalog::load(&sample_plan()).unwrap().catalog;
    let mut files = 0;
    insta::glob!(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests"),
        "corpus/real/*.{xlsx,xls,ods}",
        |path| {
            if path.file_name().unwrap() == intake::MAPPING_FILE {
                return;
            }
            files += 1;
            let case = case_of(path);
            let (data, _dir) = read_folder(&catalog, &[path.to_path_buf()], true);
            let got = read(&catalog, &data);
            let (right, present, wrong) = score(&present(&catalog, &case), &got);
            assert!(wrong.is_empty(), "{case}: wrong values {wrong:#?}");
            assert_eq!(
                right,
                present,
                "{}: {right} of {present} read",
                path.display()
            );
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
            let senders: Vec<String> = data
                .submissions
                .iter()
                .map(|s| s.unit.clone().unwrap_or_else(|| "（未知）".into()))
                .collect();
            insta::assert_snapshot!(format!(
                "read {right} of {present} values present, 0 wrong\nsenders: {}\nvalues:\n{}\nmessages:\n{}",
                senders.join("、"),
                values.join("\n"),
                messages(&data).join("\n")
            ));
        }
    );
    assert_eq!(files, 12, "four workbooks in three formats");
}

/// The five units' returns read together, before and after the clerk confirms the names
/// `attain check` proposed: per case, values read of values present; every unit whose
/// values were read is counted as having reported; the formats agree.
#[test]
fn the_five_units_returns_read_together() {
    let catalog = catalog::load(&sample_plan()).unwrap().catalog;
    let mut table =
        vec!["format | case | read before confirming | read after | present | wrong".to_string()];
    let mut by_format: Vec<Values> = Vec::new();
    for ext in ["xlsx", "xls", "ods"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .filter(|p| p.file_name().unwrap() != intake::MAPPING_FILE)
            .collect();
        files.sort();
        assert_eq!(files.len(), 4, "{ext}");
        let (before, _b) = read_folder(&catalog, &files, false);
        let (after, _a) = read_folder(&catalog, &files, true);
        let (before_values, after_values) = (read(&catalog, &before), read(&catalog, &after));
        let mut totals = (0, 0, 0, 0);
        for file in &files {
            let case = case_of(file);
            let present = present(&catalog, &case);
            let only = |all: &Values| -> Values {
                all.iter()
                    .filter(|(k, _)| present.contains_key(*k))
                    .map(|(k, v)| (k.clone(), *v))
                    .collect()
            };
            let (right_before, n, wrong_before) = score(&present, &only(&before_values));
            let (right_after, _, wrong_after) = score(&present, &only(&after_values));
            assert!(wrong_before.is_empty() && wrong_after.is_empty(), "{case}");
            table.push(format!(
                "{ext} | {case} | {right_before} | {right_after} | {n} | 0"
            ));
            totals.0 += right_before;
            totals.1 += right_after;
            totals.2 += n;
        }
        // Nothing is read that no workbook holds.
        let all_present: Values = files
            .iter()
            .flat_map(|f| present(&catalog, &case_of(f)))
            .collect();
        let (_, _, extra) = score(&all_present, &after_values);
        assert!(extra.is_empty(), "{ext}: {extra:#?}");
        totals.3 = extra.len();
        table.push(format!(
            "{ext} | all | {} | {} | {} | {}",
            totals.0, totals.1, totals.2, totals.3
        ));
        let check = intake::check(&catalog, &after, 2025, 3.0);
        for unit in [
            "市卫生健康委",
            "市统计局",
            "市民政局",
            "市委组织部",
            "市医疗保障局",
        ] {
            assert!(
                !check.missing_units.contains(&unit.to_string()),
                "{ext}: {unit} listed as 未报送: {:?}",
                check.missing_units
            );
        }
        assert_eq!(check.errors, 0, "{ext}: {:#?}", check.diagnostics);
        by_format.push(after_values);
    }
    assert_eq!(by_format[0], by_format[1], "xlsx and xls");
    assert_eq!(by_format[0], by_format[2], "xlsx and ods");
    insta::assert_snapshot!(table.join("\n"));
}
