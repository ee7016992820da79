//! Hostile workbooks, built here rather than committed, each rejected with its own error
//! and fast; real workbooks accepted and read exactly as before.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use calamine::{Reader, open_workbook_auto};
use zip::write::{SimpleFileOptions, ZipWriter};
use zip::{CompressionMethod, ZipArchive};

use super::*;

/// Generous for a debug build on a shared two-core machine; a bomb takes minutes or aborts.
const FAST: Duration = Duration::from_secs(3);

type Body<'a> = &'a dyn Fn(&mut dyn Write);

fn zip_of(entries: &[(&str, Body<'_>)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in entries {
        let options = if *name == "mimetype" {
            SimpleFileOptions::default().compression_method(CompressionMethod::Stored)
        } else {
            SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .compression_level(Some(1))
        };
        zip.start_file(*name, options).unwrap();
        body(&mut zip);
    }
    zip.finish().unwrap().into_inner()
}

fn text(s: &str) -> impl Fn(&mut dyn Write) + '_ {
    move |w| w.write_all(s.as_bytes()).unwrap()
}

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

/// A minimal `.xlsx` that calamine opens: the sheets `(name, entry)` listed in order, the
/// entries given with their bodies.
fn xlsx(listed: &[(&str, &str)], entries: &[(&str, Body<'_>)]) -> Vec<u8> {
    let mut workbook = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (name, entry)) in listed.iter().enumerate() {
        workbook.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{}" r:id="rId{}"/>"#,
            i + 1,
            i + 1
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{}"/>"#,
            i + 1,
            entry.trim_start_matches("xl/")
        ));
    }
    workbook.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    let (rels_body, workbook_body, package) = (text(&rels), text(&workbook), text(RELS));
    let mut all: Vec<(&str, Body<'_>)> = vec![
        ("_rels/.rels", &package),
        ("xl/workbook.xml", &workbook_body),
        ("xl/_rels/workbook.xml.rels", &rels_body),
    ];
    all.extend_from_slice(entries);
    zip_of(&all)
}

fn sheet_xml(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// One sheet, `Sheet1`, with these rows.
fn one_sheet(rows: &str) -> Vec<u8> {
    let sheet = sheet_xml(rows);
    xlsx(
        &[("Sheet1", "xl/worksheets/sheet1.xml")],
        &[("xl/worksheets/sheet1.xml", &text(&sheet))],
    )
}

/// Inspects as `.xlsx` with the default limits; also how long it took.
fn check(bytes: &[u8], kind: WorkbookKind) -> (Result<(), LimitError>, Duration) {
    let start = Instant::now();
    let result = inspect(bytes, kind, &Limits::default());
    (result, start.elapsed())
}

fn rejected(bytes: &[u8], kind: WorkbookKind) -> LimitError {
    let (result, took) = check(bytes, kind);
    assert!(took < FAST, "took {took:?}");
    result.expect_err("should be rejected")
}

/// What calamine reads from bytes, for comparing with and without the guard.
fn read_all(bytes: Vec<u8>, kind: WorkbookKind) -> Vec<(String, calamine::Range<calamine::Data>)> {
    open_bytes(bytes, kind).unwrap().worksheets()
}

#[test]
fn minimal_workbooks_are_what_calamine_reads() {
    let bytes = one_sheet(
        r#"<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="inlineStr"><is><t>x</t></is></c></row>"#,
    );
    assert_eq!(check(&bytes, WorkbookKind::Xlsx).0, Ok(()));
    let sheets = read_all(bytes, WorkbookKind::Xlsx);
    assert_eq!(sheets.len(), 1);
    assert_eq!(sheets[0].1.get_size(), (1, 2));
    let bytes = ods(
        r#"<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#,
    );
    assert_eq!(check(&bytes, WorkbookKind::Ods).0, Ok(()));
    assert_eq!(read_all(bytes, WorkbookKind::Ods)[0].1.get_size(), (1, 1));
}

#[test]
fn a_cell_at_xfd1048576_is_too_far() {
    let bytes = one_sheet(
        r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
    );
    let error = rejected(&bytes, WorkbookKind::Xlsx);
    assert_eq!(
        error.to_string(),
        "工作表“Sheet1”引用了第 1048576 行、第 16384 列（XFD1048576），超出读取上限（100000 行、1000 列）"
    );
    assert!(error.hint().contains("右键“删除”"));
}

/// calamine builds a grid of formulas the way it builds the grid of values, and intake
/// asks for it when a table has a formula saved without its result: formulas without a
/// value at A1 and XFD1048576 would make it allocate 17 billion cells.
#[test]
fn formulas_count_as_cells_even_without_a_value() {
    let bytes = one_sheet(
        r#"<row r="1"><c r="A1"><f>1+1</f></c></row><row r="1048576"><c r="XFD1048576"><f>1+1</f></c></row>"#,
    );
    assert_eq!(
        rejected(&bytes, WorkbookKind::Xlsx).to_string(),
        "工作表“Sheet1”引用了第 1048576 行、第 16384 列（XFD1048576），超出读取上限（100000 行、1000 列）"
    );
    // An empty formula is no formula to calamine.
    let bytes = one_sheet(r#"<row r="1"><c r="A1"><f/></c><c r="XFD1"><f></f></c></row>"#);
    assert_eq!(check(&bytes, WorkbookKind::Xlsx).0, Ok(()));
}

/// calamine sizes its list of shared formulas by the largest `si`, and copies the shared
/// text, its references moved, into every cell that shares it.
#[test]
fn shared_formulas_are_bounded() {
    let bytes = one_sheet(
        r#"<row r="1"><c r="B1"><f t="shared" ref="B1" si="4000000000">A1</f><v>1</v></c></row>"#,
    );
    assert_eq!(
        rejected(&bytes, WorkbookKind::Xlsx).to_string(),
        "工作表“Sheet1”的单元格 B1 的公式过长或过于复杂，超出读取上限"
    );
    // 20,000 cells sharing a formula of 10,000 characters: 200 MB of copies, at least.
    let formula = "A1+".repeat(3333) + "A1";
    let mut rows = format!(
        r#"<row r="1"><c r="B1"><f t="shared" ref="B1:B20000" si="0">{formula}</f><v>1</v></c></row>"#
    );
    for r in 2..=20_000 {
        rows.push_str(&format!(
            r#"<row r="{r}"><c r="B{r}"><f t="shared" si="0"/><v>1</v></c></row>"#
        ));
    }
    let error = rejected(&one_sheet(&rows), WorkbookKind::Xlsx).to_string();
    assert!(error.starts_with("各单元格的文字展开后共"), "{error}");
    // A few cells sharing a short formula pass.
    let bytes = one_sheet(
        r#"<row r="1"><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f><v>2</v></c></row><row r="2"><c r="B2"><f t="shared" si="0"/><v>4</v></c></row>"#,
    );
    assert_eq!(check(&bytes, WorkbookKind::Xlsx).0, Ok(()));
}

#[test]
fn a_declared_dimension_is_not_trusted_either_way() {
    // A huge <dimension> over a small sheet is fine; a small one over a far cell is not.
    let sheet = r#"<worksheet><dimension ref="A1:XFD1048576"/><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>"#;
    let bytes = xlsx(
        &[("S", "xl/worksheets/s.xml")],
        &[("xl/worksheets/s.xml", &text(sheet))],
    );
    assert_eq!(check(&bytes, WorkbookKind::Xlsx).0, Ok(()));
    let sheet = r#"<worksheet><dimension ref="A1"/><sheetData><row r="200000"><c><v>1</v></c></row></sheetData></worksheet>"#;
    let bytes = xlsx(
        &[("S", "xl/worksheets/s.xml")],
        &[("xl/worksheets/s.xml", &text(sheet))],
    );
    assert!(matches!(
        rejected(&bytes, WorkbookKind::Xlsx),
        LimitError::TooFar {
            row: 200_000,
            column: 1,
            ..
        }
    ));
}

#[test]
fn cells_without_references_are_placed_as_calamine_places_them() {
    // No `r` anywhere: the 1,001st cell of the row is in column 1,001.
    let cells = "<c><v>1</v></c>".repeat(1_001);
    let bytes = one_sheet(&format!("<row>{cells}</row>"));
    assert!(matches!(
        rejected(&bytes, WorkbookKind::Xlsx),
        LimitError::TooFar {
            row: 1,
            column: 1_001,
            ..
        }
    ));
    // Rows without `r` count from the last numbered one.
    let bytes = one_sheet(r#"<row r="99999"/><row/><row><c><v>1</v></c></row>"#);
    assert!(matches!(
        rejected(&bytes, WorkbookKind::Xlsx),
        LimitError::TooFar { row: 100_001, .. }
    ));
    // Empty cells cost calamine nothing.
    let bytes = one_sheet(r#"<row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576" s="1"/></row>"#);
    assert_eq!(check(&bytes, WorkbookKind::Xlsx).0, Ok(()));
}

#[test]
fn a_huge_unique_count_is_rejected_before_reading() {
    let shared = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="4000000000"><si><t>x</t></si></sst>"#;
    let sheet = sheet_xml(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#);
    let bytes = xlsx(
        &[("Sheet1", "xl/worksheets/sheet1.xml")],
        &[
            ("xl/worksheets/sheet1.xml", &text(&sheet)),
            ("xl/sharedStrings.xml", &text(shared)),
        ],
    );
    assert_eq!(
        rejected(&bytes, WorkbookKind::Xlsx).to_string(),
        "共享字符串表声明有 4000000000 个字符串，超出读取上限（1000000 个）"
    );
}

/// One string of `length` bytes shown by `cells` cells, one a row (rows and cells without
/// `r`, so that the sheet compresses to almost nothing).
fn shared_string_bomb(length: usize, cells: usize) -> Vec<u8> {
    let shared = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>{}</t></si></sst>"#,
        "x".repeat(length)
    );
    let sheet = move |w: &mut dyn Write| {
        w.write_all(br#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#)
            .unwrap();
        for _ in 0..cells {
            w.write_all(br#"<row><c t="s"><v>0</v></c></row>"#).unwrap();
        }
        w.write_all(b"</sheetData></worksheet>").unwrap();
    };
    xlsx(
        &[("Sheet1", "xl/worksheets/sheet1.xml")],
        &[
            ("xl/worksheets/sheet1.xml", &sheet),
            ("xl/sharedStrings.xml", &text(&shared)),
        ],
    )
}

#[test]
fn a_shared_string_counts_in_every_cell_that_shows_it() {
    let bytes = shared_string_bomb(10_000, 90_000);
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    let error = rejected(&bytes, WorkbookKind::Xlsx);
    assert!(
        matches!(
            error,
            LimitError::CellText {
                bytes: 900_000_000,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("各单元格的文字展开后共 858.3 MB")
    );
    // The same string in a few cells is fine, and read as before.
    let bytes = shared_string_bomb(10_000, 100);
    assert_eq!(check(&bytes, WorkbookKind::Xlsx).0, Ok(()));
}

#[test]
fn too_many_cells_in_a_sheet() {
    // A tenth of the default, so that the debug build counts quickly.
    let limits = Limits {
        sheet_cells: 50_000,
        ..Limits::default()
    };
    let sheet = |w: &mut dyn Write| {
        w.write_all(b"<worksheet><sheetData>").unwrap();
        for r in 1..=60 {
            write!(w, r#"<row r="{r}">"#).unwrap();
            for _ in 0..1_000 {
                w.write_all(b"<c><v>1</v></c>").unwrap();
            }
            w.write_all(b"</row>").unwrap();
        }
        w.write_all(b"</sheetData></worksheet>").unwrap();
    };
    let bytes = xlsx(
        &[("大表", "xl/worksheets/sheet1.xml")],
        &[("xl/worksheets/sheet1.xml", &sheet)],
    );
    let start = Instant::now();
    let error = inspect(&bytes, WorkbookKind::Xlsx, &limits).unwrap_err();
    assert!(start.elapsed() < FAST);
    assert_eq!(
        error.to_string(),
        "工作表“大表”填有内容的单元格超过 50000 个，超出读取上限"
    );
}

#[test]
fn two_far_apart_cells_span_a_big_grid() {
    let bytes = one_sheet(
        r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="90000"><c r="ALL90000"><v>1</v></c></row>"#,
    );
    assert_eq!(
        rejected(&bytes, WorkbookKind::Xlsx).to_string(),
        "工作表“Sheet1”的数据区域 A1:ALL90000 有 90000000 个单元格，超出读取上限（2000000 个）"
    );
}

#[test]
fn a_sheet_listed_many_times_counts_many_times() {
    let rows: String = (1..=1_000)
        .map(|r| {
            format!(r#"<row r="{r}"><c r="A{r}"><v>1</v></c><c r="ALL{r}"><v>1</v></c></row>"#)
        })
        .collect();
    let sheet = sheet_xml(&rows);
    let names: Vec<String> = (0..5).map(|i| format!("S{i}")).collect();
    let listed: Vec<(&str, &str)> = names
        .iter()
        .map(|n| (n.as_str(), "xl/worksheets/sheet1.xml"))
        .collect();
    let bytes = xlsx(&listed, &[("xl/worksheets/sheet1.xml", &text(&sheet))]);
    assert!(matches!(
        rejected(&bytes, WorkbookKind::Xlsx),
        LimitError::WorkbookArea {
            cells: 5_000_000,
            ..
        }
    ));
}

/// A sheet of `mib` MiB of spaces: valid XML, nothing for calamine to keep, but all of it
/// to unpack and parse.
fn spaces(mib: usize) -> impl Fn(&mut dyn Write) {
    move |w| {
        w.write_all(b"<worksheet><sheetData>").unwrap();
        let spaces = vec![b' '; 1 << 20];
        for _ in 0..mib {
            w.write_all(&spaces).unwrap();
        }
        w.write_all(b"</sheetData></worksheet>").unwrap();
    }
}

#[test]
fn sheets_that_unpack_past_the_limit_are_stopped_there() {
    // Five sheets of 60 MB: each within the limit, together past it.
    let sheet = spaces(60);
    let names: Vec<String> = (1..=5)
        .map(|i| format!("xl/worksheets/sheet{i}.xml"))
        .collect();
    let entries: Vec<(&str, Body<'_>)> = names
        .iter()
        .map(|n| (n.as_str(), &sheet as Body<'_>))
        .collect();
    let listed: Vec<(&str, &str)> = names.iter().map(|n| (&n[14..20], n.as_str())).collect();
    let bytes = xlsx(&listed, &entries);
    assert!(bytes.len() < 4 << 20, "{} bytes", bytes.len());
    assert_eq!(
        rejected(&bytes, WorkbookKind::Xlsx).to_string(),
        "各内部文件解压后合计超过 256 MB，超出读取上限"
    );
    // One that says it is small and is not: the zip reader stops at the declared size, for
    // calamine as for the guard, so that only declared sizes need a limit.
    let sheet = spaces(80);
    let bytes = xlsx(
        &[("Sheet1", "xl/worksheets/sheet1.xml")],
        &[("xl/worksheets/sheet1.xml", &sheet)],
    );
    let bytes = declare_size(bytes, "xl/worksheets/sheet1.xml", 1_000);
    let mut zip = ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let mut unpacked = Vec::new();
    let read = zip
        .by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_end(&mut unpacked);
    assert!(
        read.is_err() && unpacked.len() < 1 << 20,
        "{}",
        unpacked.len()
    );
    assert_eq!(check(&bytes, WorkbookKind::Xlsx).0, Ok(()));
}

/// Sets the uncompressed size of `entry` in its local and central headers.
fn declare_size(mut bytes: Vec<u8>, entry: &str, size: u32) -> Vec<u8> {
    let name = entry.as_bytes();
    for (signature, size_at, name_at) in [(b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)] {
        let mut i = 0;
        while let Some(at) = bytes[i..].windows(4).position(|w| w == signature) {
            let at = i + at;
            if bytes.get(at + name_at..at + name_at + name.len()) == Some(name) {
                bytes[at + size_at..at + size_at + 4].copy_from_slice(&size.to_le_bytes());
            }
            i = at + 4;
        }
    }
    bytes
}

#[test]
fn a_huge_declared_size_is_rejected_unread() {
    let bytes = one_sheet(r#"<row r="1"><c r="A1"><v>1</v></c></row>"#);
    let bytes = declare_size(bytes, "xl/worksheets/sheet1.xml", 0xFFFF_FFF0);
    assert_eq!(
        ZipArchive::new(Cursor::new(&bytes))
            .unwrap()
            .by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .size(),
        0xFFFF_FFF0
    );
    assert_eq!(
        rejected(&bytes, WorkbookKind::Xlsx).to_string(),
        "内部文件“xl/worksheets/sheet1.xml”声明解压后有 4 GB，超出读取上限（64 MB）"
    );
}

#[test]
fn entries_are_found_where_calamine_finds_them() {
    // An absolute target, in other letters than the entry's name: calamine finds it.
    let far = sheet_xml(r#"<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>1</v></c></row>"#);
    let bytes = xlsx(&[("S", "/Data/Far.XML")], &[("data/far.xml", &text(&far))]);
    assert!(matches!(
        rejected(&bytes, WorkbookKind::Xlsx),
        LimitError::TooFar { column: 16_384, .. }
    ));
    // An entry no sheet lists is never read, by calamine or the guard.
    let fine = sheet_xml(r#"<row r="1"><c r="A1"><v>1</v></c></row>"#);
    let bytes = xlsx(
        &[("S", "xl/worksheets/sheet1.xml")],
        &[
            ("xl/worksheets/sheet1.xml", &text(&fine)),
            ("xl/worksheets/sheet2.xml", &text(&far)),
        ],
    );
    assert_eq!(check(&bytes, WorkbookKind::Xlsx).0, Ok(()));
    assert_eq!(read_all(bytes, WorkbookKind::Xlsx)[0].1.get_size(), (1, 1));
}

#[test]
fn too_many_entries() {
    let empty = text("");
    let names: Vec<String> = (0..10_001).map(|i| format!("x/{i}")).collect();
    let entries: Vec<(&str, Body<'_>)> = names
        .iter()
        .map(|n| (n.as_str(), &empty as Body<'_>))
        .collect();
    let bytes = zip_of(&entries);
    assert!(matches!(
        rejected(&bytes, WorkbookKind::Xlsx),
        LimitError::TooManyEntries {
            entries: 10_001,
            ..
        }
    ));
}

#[test]
fn cell_formats_that_copy_a_big_font() {
    let styles = |w: &mut dyn Write| {
        write!(
            w,
            r#"<styleSheet><fonts count="1"><font><name val="{}"/></font></fonts><cellXfs count="20000">"#,
            "F".repeat(10_000)
        )
        .unwrap();
        for _ in 0..20_000 {
            w.write_all(br#"<xf numFmtId="0" fontId="0"/>"#).unwrap();
        }
        w.write_all(b"</cellXfs></styleSheet>").unwrap();
    };
    let sheet = sheet_xml("");
    let bytes = xlsx(
        &[("Sheet1", "xl/worksheets/sheet1.xml")],
        &[
            ("xl/worksheets/sheet1.xml", &text(&sheet)),
            ("xl/styles.xml", &styles),
        ],
    );
    assert!(matches!(
        rejected(&bytes, WorkbookKind::Xlsx),
        LimitError::Styles { .. }
    ));
}

#[test]
fn nesting_calamine_would_read_differently_is_rejected() {
    let bytes = one_sheet(r#"<row r="1"><c r="A1"><v>1</v><c r="XFD1"><v>1</v></c></c></row>"#);
    assert_eq!(
        rejected(&bytes, WorkbookKind::Xlsx).to_string(),
        "内部文件“xl/worksheets/sheet1.xml”的结构有误（单元格中有 <c>），无法安全读取"
    );
    let bytes = one_sheet(r#"<row r="1"><c r="A1"><v>1</c></v></row>"#);
    assert!(matches!(
        rejected(&bytes, WorkbookKind::Xlsx),
        LimitError::Malformed { .. }
    ));
    let bytes = one_sheet(r#"<row r="1"><c r="A1" r="XFD1"><v>1</v></c></row>"#);
    assert!(matches!(
        rejected(&bytes, WorkbookKind::Xlsx),
        LimitError::Malformed { .. }
    ));
}

#[test]
fn limits_apply_as_set() {
    let bytes = one_sheet(r#"<row r="1"><c r="K1"><v>1</v></c></row>"#);
    let limits = Limits {
        columns: 10,
        ..Limits::default()
    };
    assert!(matches!(
        inspect(&bytes, WorkbookKind::Xlsx, &limits),
        Err(LimitError::TooFar { column: 11, .. })
    ));
    let limits = Limits {
        file_bytes: 100,
        ..Limits::default()
    };
    assert!(matches!(
        inspect(&bytes, WorkbookKind::Xlsx, &limits),
        Err(LimitError::FileTooLarge { .. })
    ));
}

fn ods(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(&[
        (
            "mimetype",
            &text("application/vnd.oasis.opendocument.spreadsheet"),
        ),
        ("META-INF/manifest.xml", &text(manifest)),
        ("content.xml", &text(&content)),
    ])
}

#[test]
fn an_ods_repeat_bomb_is_rejected() {
    let bytes = ods(
        r#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>"#,
    );
    assert!(bytes.len() < 2_000);
    assert!(matches!(
        rejected(&bytes, WorkbookKind::Ods),
        LimitError::TooFar {
            row: 1,
            column: 16_384,
            ..
        }
    ));
    let bytes = ods(
        r#"<table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="500" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#,
    );
    assert_eq!(
        rejected(&bytes, WorkbookKind::Ods).to_string(),
        "工作表“Sheet1”的单元格 A1 按重复次数展开为 500000 个单元格，超出读取上限（100000 个）"
    );
    // A spaces bomb: `text:s` repeats a space `text:c` times in every copy.
    let bytes = ods(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p><text:s text:c="100000000"/></text:p></table:table-cell></table:table-row>"#,
    );
    assert!(matches!(
        rejected(&bytes, WorkbookKind::Ods),
        LimitError::CellText { .. }
    ));
}

/// Found by the intake_workbook fuzz target (its second run): calamine looks a count up
/// and reads no attribute after it, so junk after `text:c` or a repeat count made the guard
/// take the element for one calamine fails on, while calamine read the count.
#[test]
fn counts_are_read_as_calamine_reads_them_whatever_follows() {
    let spaces = ods(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p><text:s text:c="2000000000"//></text:p></table:table-cell></table:table-row>"#,
    );
    let error = rejected(&spaces, WorkbookKind::Ods).to_string();
    assert!(
        error.starts_with("各单元格的文字展开后共 1.9 GB"),
        "{error}"
    );
    let rows = ods(
        r#"<table:table-row table:number-rows-repeated="1000000" x><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#,
    );
    let error = rejected(&rows, WorkbookKind::Ods).to_string();
    assert!(
        error.contains("按重复次数展开为 1000000 个单元格"),
        "{error}"
    );
}

#[test]
fn empty_ods_repeats_after_the_data_are_free() {
    // What LibreOffice writes below and right of every table.
    let bytes = ods(
        r#"<table:table-row><table:table-cell office:value-type="float" office:value="1"/><table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#,
    );
    assert_eq!(check(&bytes, WorkbookKind::Ods).0, Ok(()));
    // Empty rows between two values are not.
    let bytes = ods(
        r#"<table:table-row><table:table-cell table:number-columns-repeated="800"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="90000"><table:table-cell/></table:table-row><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#,
    );
    assert!(matches!(
        rejected(&bytes, WorkbookKind::Ods),
        LimitError::SheetArea {
            cells: 72_091_602,
            ..
        }
    ));
}

/// Every workbook shipped with the project, in every format.
fn real_workbooks() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    let mut dirs = vec![root.join("sample-data"), root.join("tests")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["xlsx", "xlsm", "xls", "ods"].contains(&e))
                && !path.components().any(|c| c.as_os_str() == "hostile")
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn real_workbooks_pass_and_read_as_before() {
    let workbooks = real_workbooks();
    assert!(workbooks.len() > 300, "{} workbooks", workbooks.len());
    for path in workbooks {
        let bytes = std::fs::read(&path).unwrap();
        let kind = WorkbookKind::detect(&path, &bytes).unwrap();
        assert_eq!(
            inspect(&bytes, kind, &Limits::default()),
            Ok(()),
            "{}",
            path.display()
        );
        let before = open_workbook_auto(&path).map(|mut w| w.worksheets());
        let after = open_checked(&path, &Limits::default()).map(|mut w| w.worksheets());
        match (before, after) {
            (Ok(before), Ok(after)) => assert_eq!(before, after, "{}", path.display()),
            (Err(before), Err(GuardedOpenError::Read(after))) => {
                assert_eq!(before.to_string(), after.to_string(), "{}", path.display())
            }
            (before, after) => panic!("{}: {before:?} / {after:?}", path.display()),
        }
    }
}

/// A BIFF record.
fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend_from_slice(&(data.len() as u16).to_le_bytes());
    r.extend_from_slice(data);
    r
}

/// A BIFF8 workbook stream with one sheet, `Sheet1`, of these records.
fn biff(sheet: &[Vec<u8>], globals: &[Vec<u8>]) -> Vec<u8> {
    let bof = |dt: u16| {
        record(
            0x0809,
            &[[0x00, 0x06], dt.to_le_bytes(), [0; 2], [0; 2]].concat(),
        )
    };
    let bound = |pos: u32| {
        let mut d = pos.to_le_bytes().to_vec();
        d.extend_from_slice(&[0, 0, 6, 0]);
        d.extend_from_slice(b"Sheet1");
        record(0x0085, &d)
    };
    let mut head = bof(0x0005);
    head.extend(globals.iter().flatten());
    let pos = (head.len() + bound(0).len() + 4) as u32;
    head.extend(bound(pos));
    head.extend(record(0x000A, &[]));
    head.extend(bof(0x0010));
    head.extend(sheet.iter().flatten());
    head.extend(record(0x000A, &[]));
    head
}

fn number(row: u16, col: u16) -> Vec<u8> {
    record(
        0x0203,
        &[
            &row.to_le_bytes()[..],
            &col.to_le_bytes(),
            &[0; 2],
            &1f64.to_le_bytes(),
        ]
        .concat(),
    )
}

/// A compound file holding `stream` as `Workbook`: its sectors, then the directory, then
/// the FAT. `link` may rewrite the FAT entry of each stream and directory sector (`None`:
/// keep).
fn cfb(stream: &[u8], declared: Option<u32>, link: impl Fn(u32) -> Option<u32>) -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    let mut stream = stream.to_vec();
    stream.resize(stream.len().max(4096).div_ceil(512) * 512, 0);
    let n = (stream.len() / 512) as u32;
    let fat_sectors = (n + 1).div_ceil(127);
    assert!(fat_sectors <= 109);
    let mut fat: Vec<u32> = (0..n)
        .map(|i| link(i).unwrap_or(if i + 1 < n { i + 1 } else { END }))
        .collect();
    fat.push(link(n).unwrap_or(END));
    fat.extend((0..fat_sectors).map(|_| 0xFFFF_FFFD));
    fat.resize(fat_sectors as usize * 128, 0xFFFF_FFFF);
    let entry = |name: &str, kind: u8, start: u32, size: u32, child: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u8> = name
            .encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect();
        e[..units.len()].copy_from_slice(&units);
        e[64..66].copy_from_slice(&(units.len() as u16).to_le_bytes());
        e[66] = kind;
        e[68..80].copy_from_slice(&[0xFF; 12]);
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    let mut dir = entry("Root Entry", 5, END, 0, 1);
    dir.extend(entry(
        "Workbook",
        2,
        0,
        declared.unwrap_or(stream.len() as u32),
        0xFFFF_FFFF,
    ));
    dir.resize(512, 0);
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    header[24..34].copy_from_slice(&[0x3E, 0, 3, 0, 0xFE, 0xFF, 9, 0, 6, 0]);
    header[44..48].copy_from_slice(&fat_sectors.to_le_bytes());
    header[48..52].copy_from_slice(&n.to_le_bytes());
    header[56..60].copy_from_slice(&4096u32.to_le_bytes());
    header[60..64].copy_from_slice(&END.to_le_bytes());
    header[68..72].copy_from_slice(&END.to_le_bytes());
    for (i, difat) in header[76..].chunks_exact_mut(4).enumerate() {
        let id = if (i as u32) < fat_sectors {
            n + 1 + i as u32
        } else {
            0xFFFF_FFFF
        };
        difat.copy_from_slice(&id.to_le_bytes());
    }
    let fat: Vec<u8> = fat.iter().flat_map(|f| f.to_le_bytes()).collect();
    [header, stream, dir, fat].concat()
}

fn xls(sheet: &[Vec<u8>], globals: &[Vec<u8>]) -> Vec<u8> {
    cfb(&biff(sheet, globals), None, |_| None)
}

#[test]
fn a_minimal_xls_is_what_calamine_reads() {
    let bytes = xls(&[number(0, 0), number(2, 1)], &[]);
    assert_eq!(check(&bytes, WorkbookKind::Xls).0, Ok(()));
    let sheets = read_all(bytes, WorkbookKind::Xls);
    assert_eq!(sheets[0].0, "Sheet1");
    assert_eq!(sheets[0].1.get_size(), (3, 2));
}

#[test]
fn xls_cells_are_bounded_like_xlsx_ones() {
    let bytes = xls(&[number(0, 0), number(0, 2000)], &[]);
    assert!(matches!(
        rejected(&bytes, WorkbookKind::Xls),
        LimitError::TooFar {
            row: 1,
            column: 2001,
            ..
        }
    ));
    let bytes = xls(&[number(0, 0), number(65535, 255)], &[]);
    assert_eq!(
        rejected(&bytes, WorkbookKind::Xls).to_string(),
        "工作表“Sheet1”的数据区域 A1:IV65536 有 16777216 个单元格，超出读取上限（2000000 个）"
    );
}

#[test]
fn a_declared_xls_range_is_not_reserved() {
    // calamine reserves the declared rows × columns before reading a cell.
    let dimensions = record(
        0x0200,
        &[
            &0u32.to_le_bytes()[..],
            &0x7FFF_FFFFu32.to_le_bytes(),
            &0u16.to_le_bytes(),
            &256u16.to_le_bytes(),
            &[0; 2],
        ]
        .concat(),
    );
    let bytes = xls(&[dimensions, number(0, 0)], &[]);
    assert!(bytes.len() < 8_000);
    assert_eq!(
        rejected(&bytes, WorkbookKind::Xls).to_string(),
        "工作表“Sheet1”声明的数据区域有 549755813632 个单元格，超出读取上限（2000000 个）"
    );
}

#[test]
fn a_looping_sector_chain_is_rejected() {
    // The last sector of the stream leads back to the first, and the stream claims 1 GB.
    let stream = biff(&[number(0, 0)], &[]);
    let bytes = cfb(&stream, Some(1 << 30), |i| (i == 7).then_some(0));
    assert_eq!(
        rejected(&bytes, WorkbookKind::Xls).to_string(),
        "文件的复合文档结构有误（扇区链成环），无法安全读取"
    );
    // A directory that leads back to itself, in a file named .xlsx: calamine reads the
    // directory of any compound file, looking for a password.
    let bytes = cfb(&stream, None, |i| (i == 8).then_some(8));
    assert!(matches!(
        rejected(&bytes, WorkbookKind::Xlsx),
        LimitError::MalformedXls { .. }
    ));
    assert!(matches!(
        rejected(&bytes, WorkbookKind::Xls),
        LimitError::MalformedXls { .. }
    ));
}

#[test]
fn xls_strings_count_at_their_declared_length() {
    // One shared string of 10,000 characters shown in 3,000 cells.
    let mut sst = [1u32.to_le_bytes(), 1u32.to_le_bytes()].concat();
    sst.extend_from_slice(&10_000u16.to_le_bytes());
    sst.push(1);
    sst.extend(std::iter::repeat_n([0x2C, 0x4E], 10_000).flatten());
    let cells: Vec<Vec<u8>> = (0..3_000u16)
        .map(|r| {
            record(
                0x00FD,
                &[&r.to_le_bytes()[..], &[0; 4], &0u32.to_le_bytes()].concat(),
            )
        })
        .collect();
    let bytes = xls(&cells, &[record(0x00FC, &sst)]);
    let error = rejected(&bytes, WorkbookKind::Xls);
    assert!(matches!(error, LimitError::CellText { .. }), "{error:?}");
    // Formula results that declare 65,535 characters and hold none.
    let strings: Vec<Vec<u8>> = (0..2_000)
        .map(|_| record(0x0207, &[0xFF, 0xFF, 0]))
        .collect();
    let bytes = xls(&strings, &[]);
    assert!(matches!(
        rejected(&bytes, WorkbookKind::Xls),
        LimitError::CellText { .. }
    ));
}

#[test]
fn an_xls_formula_calamine_would_take_minutes_over() {
    let mut formula = vec![0u8; 20];
    formula.extend_from_slice(&60_000u16.to_le_bytes());
    formula.push(0x1E);
    formula.extend_from_slice(&[1, 0]);
    formula.extend(std::iter::repeat_n(0x15, 59_997));
    let bytes = xls(&[record(0x0006, &formula)], &[]);
    assert_eq!(
        rejected(&bytes, WorkbookKind::Xls).to_string(),
        "工作表“Sheet1”的单元格 A1 的公式过长或过于复杂，超出读取上限"
    );
}

#[test]
fn the_hostile_corpus_is_rejected_fast() {
    let expected = [
        (
            "declared_size_4gb.xlsx",
            "内部文件“xl/worksheets/sheet1.xml”声明解压后有 4 GB，超出读取上限（64 MB）",
        ),
        (
            "far_cell_xfd1048576.xlsx",
            "工作表“Sheet1”引用了第 1048576 行、第 16384 列（XFD1048576），超出读取上限（100000 行、1000 列）",
        ),
        (
            "ods_repeat_bomb.ods",
            "工作表“Sheet1”的单元格 A1 按重复次数展开为 95000000 个单元格，超出读取上限（100000 个）",
        ),
        (
            "ods_spaces_bomb.ods",
            "各单元格的文字展开后共 1.9 GB（同一段文字被多个单元格引用时每处都计），超出读取上限（64 MB）",
        ),
        (
            "ods_spaces_bomb_broken_end_tag.ods",
            "各单元格的文字展开后共 1.9 GB（同一段文字被多个单元格引用时每处都计），超出读取上限（64 MB）",
        ),
        (
            "ods_spaces_bomb_junk_after_count.ods",
            "各单元格的文字展开后共 1.9 GB（同一段文字被多个单元格引用时每处都计），超出读取上限（64 MB）",
        ),
        (
            "shared_string_bomb.xlsx",
            "各单元格的文字展开后共 3.4 GB（同一段文字被多个单元格引用时每处都计），超出读取上限（64 MB）",
        ),
        (
            "styles_bomb.xlsx",
            "单元格格式展开后超过 64 MB，超出读取上限",
        ),
        (
            "unique_count_4000000000.xlsx",
            "共享字符串表声明有 4000000000 个字符串，超出读取上限（1000000 个）",
        ),
        (
            "xls_declared_dimensions.xls",
            "工作表“Sheet1”声明的数据区域有 549755813632 个单元格，超出读取上限（2000000 个）",
        ),
        (
            "xls_directory_loop.xls",
            "文件的复合文档结构有误（扇区链成环），无法安全读取",
        ),
        (
            "xlsb_far_cell.xlsb",
            "工作表“Sheet1”引用了第 1048576 行、第 16384 列（XFD1048576），超出读取上限（100000 行、1000 列）",
        ),
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/hostile");
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    found.sort();
    assert_eq!(found, expected.map(|(name, _)| name));
    for (name, message) in expected {
        let start = Instant::now();
        match open_checked(&dir.join(name), &Limits::default()) {
            Err(GuardedOpenError::Limit(error)) => assert_eq!(error.to_string(), message, "{name}"),
            Err(other) => panic!("{name}: {other}"),
            Ok(_) => panic!("{name}: accepted"),
        }
        assert!(start.elapsed() < FAST, "{name}: {:?}", start.elapsed());
    }
}
