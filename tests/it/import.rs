//! `attain import` on a real plan: seed 000 (株洲, a 通知 carrying the women's and the
//! children's plan), as published text and as a LibreOffice .docx of the same text.

use std::path::{Path, PathBuf};

use crate::common::{attain, root};

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/import").join(name)
}

/// Runs `attain import FILE --out DIR`; returns stdout.
fn import(file: &Path, out: &Path) -> String {
    let output = attain(
        &[
            "import",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &root(),
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "import failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// A draft without its `# 来源：` line (the file name differs between formats).
fn without_source(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("# 来源："))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_notice_with_two_plans_gives_two_catalogs_that_load_and_render() {
    let out = tempfile::tempdir().unwrap();
    let stdout = import(&fixture("zhuzhou.txt"), out.path());
    assert!(
        stdout.contains("株洲市妇女发展规划（2021—2025年）"),
        "{stdout}"
    );
    assert!(
        stdout.contains("株洲市儿童发展规划（2021—2025年）"),
        "{stdout}"
    );
    assert!(stdout.contains("待核实"), "{stdout}");
    for (file, goals) in [("women.yaml", 80), ("children.yaml", 74)] {
        let loaded = attain::catalog::load(&out.path().join(file))
            .unwrap_or_else(|e| panic!("{file} does not load:\n{e}"));
        assert_eq!(loaded.catalog.goal_count(), goals, "{file}");
        assert!(loaded.warnings.is_empty(), "{file}: {:?}", loaded.warnings);
    }
    // The draft renders an annual report, with no returns at all.
    let data = tempfile::tempdir().unwrap();
    let reports = tempfile::tempdir().unwrap();
    let output = attain(
        &[
            "annual",
            "--plan",
            out.path().join("women.yaml").to_str().unwrap(),
            "--data",
            data.path().to_str().unwrap(),
            "--year",
            "2021",
            "--out",
            reports.path().to_str().unwrap(),
            "--date",
            "2022-04-01",
        ],
        &root(),
    );
    assert_ne!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pdfs: Vec<_> = std::fs::read_dir(reports.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 1);
    let bytes = std::fs::read(pdfs[0].path()).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
}

/// The .docx and .html were made from zhuzhou.txt by LibreOffice
/// (`soffice --headless --infilter="Text (encoded):UTF8,LF,,," --convert-to docx|html`).
#[test]
fn the_same_text_as_docx_or_html_imports_to_the_same_catalogs() {
    let from_txt = tempfile::tempdir().unwrap();
    import(&fixture("zhuzhou.txt"), from_txt.path());
    for ext in ["docx", "html"] {
        let other = tempfile::tempdir().unwrap();
        import(&fixture(&format!("zhuzhou.{ext}")), other.path());
        for file in ["women.yaml", "children.yaml"] {
            assert_eq!(
                without_source(&from_txt.path().join(file)),
                without_source(&other.path().join(file)),
                "{ext}: {file}"
            );
        }
    }
}

#[test]
fn a_pdf_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n").unwrap();
    let output = attain(
        &[
            "import",
            pdf.to_str().unwrap(),
            "--out",
            dir.path().to_str().unwrap(),
        ],
        &root(),
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("PDF") && stderr.contains(".docx"),
        "{stderr}"
    );
}

/// Its speed is measured by `cargo bench --bench pipeline` (docs/performance.md), not here.
#[test]
fn a_whole_seed_imports_into_two_plans() {
    let import = attain::import::import_file(&fixture("zhuzhou.txt")).unwrap();
    assert_eq!(import.plans.len(), 2);
}
