//! The bodies of attain's three fuzz targets, their oracles and their structure-aware
//! mutators, shared by `cargo fuzz` (`fuzz/fuzz_targets/*.rs`, nightly, libFuzzer) and the
//! stable harness that CI runs (`tests/it/fuzz_targets.rs`, which includes this file).
//!
//! - [`intake_workbook`]: the bytes of a return file (`.xlsx`, `.xlsm`, `.xlsb`, `.ods`,
//!   `.xls` or `.csv`, told apart by their first bytes as intake does) through the read
//!   limits, calamine and the sheet reader.
//! - [`catalog_yaml`]: the bytes of a plan YAML through the catalog loader and validation;
//!   a catalog it accepts is assessed and its annual report built.
//! - [`markdown`]: a written section through `markdown_to_typst`, whose output is parsed
//!   as Typst: it must parse cleanly and hold no code but the few calls the converter
//!   writes, so no text can become Typst code.
//!
//! Each target panics when an oracle fails; a panic is a finding. The mutators know the
//! formats: a zipped workbook is unpacked, one of its XML parts is edited (cells, rows,
//! shared strings, repeat counts, references, numbers) and it is packed again with correct
//! sizes and checksums, so mutations reach the sheet parsers instead of failing at the
//! zip's CRC; a YAML file is edited by lines and scalars; Markdown by block and inline
//! syntax. Every mutator takes an `inner` byte mutator for what it does not know: libFuzzer's
//! own under `cargo fuzz`, [`mutate_bytes`] in the stable harness.

use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::sync::OnceLock;

use attain::catalog::{self, Catalog};
use attain::diag::Location;
use attain::intake::{self, DataSet, Limits, Matcher, Observation, Source, WorkbookKind};
use calamine::Data;
use typst::syntax::{SyntaxKind, SyntaxNode};

/// A byte mutator: mutates the buffer in place, keeping it at most `max` bytes long; the
/// `u64` seeds it.
pub type Inner<'a> = dyn FnMut(&mut Vec<u8>, usize, u64) + 'a;

// ---------------------------------------------------------------------------------------
// Target 1: workbook intake.

/// The plan every workbook is read against: the sample plan (80 goals of株洲市妇女规划).
fn sample_catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let text = include_str!("../../sample-data/zhuzhou/women.yaml");
        catalog::parse(text, Path::new("women.yaml"))
            .expect("the sample plan loads")
            .catalog
    })
}

/// The format intake would read these bytes as, for a file whose name says nothing: a zip
/// is an `.xlsx` (an `.ods` when its first entry says so, an `.xlsb` when it holds
/// `xl/workbook.bin`), a compound file an `.xls`; anything else is read as CSV (`None`).
pub fn workbook_kind(data: &[u8]) -> Option<WorkbookKind> {
    let kind = WorkbookKind::detect(Path::new("return"), data)?;
    if kind == WorkbookKind::Xlsx && contains(data, b"xl/workbook.bin") {
        return Some(WorkbookKind::Xlsb);
    }
    Some(kind)
}

/// Reads the bytes of one return file as intake does: written to a scratch file named for
/// its format (`2025/市卫生健康委.xlsx`), opened under the read limits as
/// `intake::source::open_workbook` opens it (with the formulas of every sheet), then read
/// whole by `intake::read_file`, which names the sending unit and reads every sheet.
///
/// Oracles: no panic in attain (`read_file` turns one into an internal-error message on
/// the file, which is a finding here; a panic inside calamine is caught as attain catches
/// it, printed once for each place, and is not attain's); what calamine holds for a
/// workbook the limits accepted stays within those limits (`docs/limits.md`); every value
/// read is finite.
pub fn intake_workbook(data: &[u8]) {
    let extension = match workbook_kind(data) {
        None => "csv",
        Some(WorkbookKind::Xlsx | WorkbookKind::Xlsm) => "xlsx",
        Some(WorkbookKind::Xlsb) => "xlsb",
        Some(WorkbookKind::Ods) => "ods",
        Some(WorkbookKind::Xls) => "xls",
    };
    let name = format!("市卫生健康委.{extension}");
    let path = scratch().join(&name);
    std::fs::write(&path, data).expect("a scratch file");
    let file = intake::ReturnFile {
        format: intake::Format::of(&path).expect("a return's extension"),
        path,
        shown: Path::new("2025").join(&name),
        year: 2025,
        // A workbook beside the year folders holds years as columns, and is read for them.
        in_year_folder: data.len().is_multiple_of(2),
    };
    match attain::guard::isolate(|| {
        let opened = intake::source::open_workbook(&file).ok()?;
        for sheet in &opened.sheets {
            let _ = opened.formulas(&sheet.name).get(0, 0);
        }
        Some(opened.sheets)
    }) {
        Ok(Some(sheets)) => check_within_limits(&sheets, &Limits::default()),
        Ok(None) => {}
        Err(panic) => caught(&panic.to_string(), panic.location.as_deref()),
    }
    let out = intake::read_file(&file, &Matcher::new(sample_catalog()));
    for problem in &out.diagnostics {
        if problem.message.starts_with("内部错误") {
            let at = problem.message.rsplit("位于 ").next();
            caught(&problem.message, at);
        }
    }
    for reading in &out.readings {
        assert!(
            reading.value.is_finite(),
            "{} read as {}",
            reading.cell,
            reading.value
        );
    }
}

/// A panic caught while reading a workbook: a finding when it happened in attain's code;
/// printed once for each place when it happened in a dependency (calamine), which
/// `intake::read_file` reports as an unreadable file.
fn caught(message: &str, at: Option<&str>) {
    let at = at.unwrap_or("");
    if !at.contains("/.cargo/registry/") && !at.contains("/rustc/") {
        panic!("attain panicked reading a workbook: {message}");
    }
    static SEEN: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let place = at.split('）').next().unwrap_or(at);
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if !seen.iter().any(|s| s == place) {
        eprintln!("a dependency panicked (caught, as intake does): {message}");
        seen.push(place.to_string());
    }
}

/// A folder of this process and thread for scratch files.
fn scratch() -> std::path::PathBuf {
    thread_local! {
        static DIR: std::path::PathBuf = {
            let id = format!("{:?}", std::thread::current().id());
            let id: String = id.chars().filter(char::is_ascii_digit).collect();
            let dir = std::env::temp_dir()
                .join(format!("attain-fuzz-{}-{id}", std::process::id()))
                .join("2025");
            std::fs::create_dir_all(&dir).expect("a scratch folder");
            dir
        };
    }
    DIR.with(Clone::clone)
}

/// What calamine made of a workbook (or the CSV reader of a text file) must stay within
/// the limits that let it through: each is an allocation the limits exist to bound.
fn check_within_limits(sheets: &[intake::Sheet], limits: &Limits) {
    let (mut area, mut cells, mut text) = (0u64, 0u64, 0u64);
    for intake::Sheet { name, range } in sheets {
        let Some((bottom, right)) = range.end() else {
            continue;
        };
        let (height, width) = range.get_size();
        let sheet_area = height as u64 * width as u64;
        assert!(
            sheet_area <= limits.sheet_area,
            "sheet {name:?} spans {height}×{width} cells, over the limit of {}",
            limits.sheet_area
        );
        assert!(
            u64::from(bottom) < limits.rows && u64::from(right) < limits.columns,
            "sheet {name:?} reaches row {} column {}",
            bottom + 1,
            right + 1
        );
        let used = range.used_cells().count() as u64;
        assert!(
            used <= limits.sheet_cells,
            "sheet {name:?} has {used} cells with a value"
        );
        area += sheet_area;
        cells += used;
        text += range
            .used_cells()
            .map(|(_, _, d)| match d {
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.len() as u64,
                _ => 0,
            })
            .sum::<u64>();
    }
    assert!(area <= limits.workbook_area, "the sheets span {area} cells");
    assert!(
        cells <= limits.workbook_cells,
        "the sheets hold {cells} cells"
    );
    assert!(
        text <= limits.cell_text_bytes,
        "the cells hold {text} bytes of text"
    );
}

// ---------------------------------------------------------------------------------------
// Target 2: the catalog loader.

/// Loads the bytes of a plan YAML as `catalog::load` does after reading the file (UTF-8
/// only, a byte-order mark dropped), then, when it is accepted, assesses it on values made
/// up for every indicator and builds its annual report.
///
/// Oracles: no panic; every located error points at a line and column of the text; an
/// accepted catalog can be assessed and reported on.
pub fn catalog_yaml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let path = Path::new("plan.yaml");
    let loaded = match catalog::parse(text, path) {
        Ok(loaded) => loaded,
        Err(problems) => {
            assert!(!problems.0.is_empty(), "rejected without a message");
            for problem in &problems.0 {
                check_location(problem.location.as_ref(), text);
            }
            return;
        }
    };
    for warning in &loaded.warnings {
        check_location(warning.location.as_ref(), text);
    }
    let catalog = &loaded.catalog;
    let plan = &catalog.plan;
    let _ = Matcher::new(catalog);
    let mut data = DataSet::default();
    for (i, r) in catalog.indicators().enumerate() {
        let _ = r.code(plan.subject);
        for (year, value) in [
            (plan.baseline_year, 10.0),
            (plan.end_year - 1, 12.5 + i as f64),
        ] {
            let obs = Observation {
                value,
                source: Source::Stated {
                    note: "fuzz".into(),
                },
            };
            data.insert(&r.indicator.id, None, year, obs);
        }
    }
    let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 15).expect("a date");
    for year in [plan.end_year, plan.baseline_year + 1] {
        let assessment =
            attain::assess::assess(catalog, &data, year, attain::assess::Method::default());
        let _ = attain::report::build_annual(catalog, &data, &assessment, date);
    }
}

/// A location in a YAML file must be in it: line 1 to one past the last, column ≥ 1.
fn check_location(location: Option<&Location>, text: &str) {
    if let Some(Location::Text { line, column, .. }) = location {
        let lines = text.lines().count().max(1) + 1;
        assert!(
            (1..=lines).contains(line) && *column >= 1,
            "located at {line}:{column} in a text of {lines} lines"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Target 3: the Markdown converter.

/// The calls `markdown_to_typst` writes; nothing else may be code in its output.
const CALLS: &[&str] = &[
    "written-heading-two",
    "written-heading-three",
    "written-heading-four",
    "written-item",
    "emph",
    "bold-fang",
    "line",
];

/// Converts the text (when UTF-8) at both places a written section takes in a report.
///
/// Oracles: no panic; the output is at most about 40 bytes per byte of input; it parses as
/// Typst markup without an error; its only code is the converter's own calls, each with
/// the arguments the converter gives it, and its text holds no markup that Typst would
/// interpret (headings, lists, math, raw text, links, labels, references, comments).
pub fn markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for level in [1, 2] {
        let typst = attain::report::sections::markdown_to_typst(text, level);
        assert!(
            typst.len() <= 40 * text.len() + 64,
            "{} bytes of Markdown became {} bytes of Typst",
            text.len(),
            typst.len()
        );
        if let Err(why) = check_typst(&typst) {
            panic!("{why}\n--- markdown ---\n{text}\n--- typst ---\n{typst}");
        }
    }
}

/// Whether `typst` parses as markup with no code but [`CALLS`].
pub fn check_typst(typst: &str) -> Result<(), String> {
    let root = typst::syntax::parse(typst);
    let (errors, _) = root.errors_and_warnings();
    if let Some(error) = errors.first() {
        return Err(format!("the output does not parse: {}", error.message));
    }
    markup_is_text(&root)
}

fn markup_is_text(node: &SyntaxNode) -> Result<(), String> {
    for child in node.children() {
        match child.kind() {
            SyntaxKind::Text
            | SyntaxKind::Space
            | SyntaxKind::Parbreak
            | SyntaxKind::Linebreak
            | SyntaxKind::Escape
            | SyntaxKind::Hash
            | SyntaxKind::Semicolon => {}
            SyntaxKind::FuncCall => call_is_ours(child)?,
            kind => {
                return Err(format!("text became {kind:?}: {:?}", child.full_text()));
            }
        }
    }
    Ok(())
}

fn call_is_ours(call: &SyntaxNode) -> Result<(), String> {
    let text = call.full_text();
    let mut children = call.children();
    let callee = children.next().ok_or("a call without a callee")?;
    let name = callee.full_text();
    if callee.kind() != SyntaxKind::Ident || !CALLS.contains(&name.as_str()) {
        return Err(format!("text became a call: {text:?}"));
    }
    let args = children.next().ok_or("a call without arguments")?;
    if args.kind() != SyntaxKind::Args || children.next().is_some() {
        return Err(format!("a call with more than arguments: {text:?}"));
    }
    let (mut blocks, mut ints, mut named) = (0, 0, Vec::new());
    for arg in args.children() {
        match arg.kind() {
            SyntaxKind::LeftParen
            | SyntaxKind::RightParen
            | SyntaxKind::Comma
            | SyntaxKind::Space => {}
            SyntaxKind::Int => ints += 1,
            SyntaxKind::Named => named.push(arg.full_text().to_string()),
            SyntaxKind::ContentBlock => {
                blocks += 1;
                for part in arg.children() {
                    match part.kind() {
                        SyntaxKind::LeftBracket | SyntaxKind::RightBracket => {}
                        SyntaxKind::Markup => markup_is_text(part)?,
                        kind => return Err(format!("{kind:?} in a content block: {text:?}")),
                    }
                }
            }
            kind => return Err(format!("{kind:?} as an argument: {text:?}")),
        }
    }
    let expected = match name.as_str() {
        "line" => named == ["length: 100%", "stroke: 0.5pt"] && blocks == 0 && ints == 0,
        "written-item" => named.is_empty() && blocks == 1 && ints == 1,
        _ => named.is_empty() && blocks == 1 && ints == 0,
    };
    if expected {
        Ok(())
    } else {
        Err(format!("a call with other arguments: {text:?}"))
    }
}

// ---------------------------------------------------------------------------------------
// Mutators.

/// xorshift64*: small, deterministic, good enough to choose mutations.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn pick<'a>(&mut self, items: &[&'a [u8]]) -> &'a [u8] {
        items[self.below(items.len())]
    }
    /// How many times to repeat something: mostly a few, sometimes hundreds.
    fn count(&mut self) -> usize {
        match self.below(8) {
            0 => 100 + self.below(2000),
            1 | 2 => 2 + self.below(30),
            _ => 1,
        }
    }
}

/// Numbers and words worth putting where a number, a reference or a type is.
const VALUES: &[&[u8]] = &[
    b"0",
    b"-1",
    b"1",
    b"2",
    b"255",
    b"256",
    b"65535",
    b"65536",
    b"100000",
    b"100001",
    b"1048576",
    b"1048577",
    b"16384",
    b"16385",
    b"2147483647",
    b"2147483648",
    b"4294967295",
    b"4294967296",
    b"18446744073709551616",
    b"1e308",
    b"-1e308",
    b"1e-320",
    b"NaN",
    b"inf",
    b"9.8",
    b"1,234.5",
    b"90.5%",
    b"A1",
    b"B2",
    b"Z9",
    b"AA10",
    b"ALL100000",
    b"ALM1",
    b"XFD1048576",
    b"XFE1",
    b"A0",
    b"A",
    b"1A",
    b"",
    b" ",
    b"s",
    b"str",
    b"inlineStr",
    b"b",
    b"e",
    b"n",
    b"d",
    b"float",
    b"string",
    b"percentage",
    b"currency",
    b"date",
    b"time",
    b"boolean",
    b"2025-03-15",
    b"2025-13-45T99:99:99",
    b"PT12H",
    b"&amp;",
    b"&#0;",
    b"&#x10FFFF;",
    b"&unknown;",
    b"\xe6\x8c\x87\xe6\xa0\x87\xe5\x90\x8d\xe7\xa7\xb0",
    b"\xe6\x9c\xac\xe5\xb9\xb4\xe6\x95\xb0\xe5\x80\xbc",
    b"2025\xe5\xb9\xb4",
];

/// Pieces of the XML inside `.xlsx` and `.ods` files.
const XML: &[&[u8]] = &[
    b"<c r=\"B2\" t=\"s\"><v>0</v></c>",
    b"<c r=\"C3\"><v>12.5</v></c>",
    b"<c r=\"D4\" t=\"inlineStr\"><is><t>\xe6\x8c\x87\xe6\xa0\x87\xe5\x90\x8d\xe7\xa7\xb0</t></is></c>",
    b"<c r=\"E5\" t=\"str\"><f>A1+1</f><v>x</v></c>",
    b"<c r=\"F6\" t=\"b\"><v>1</v></c>",
    b"<c r=\"G7\" t=\"e\"><v>#DIV/0!</v></c>",
    b"<c r=\"H8\" t=\"d\"><v>2025-03-15T00:00:00</v></c>",
    b"<c r=\"A9\" s=\"1\"><v>45000</v></c>",
    b"<c r=\"XFD1048576\"><v>1</v></c>",
    b"<c><v>3</v></c>",
    b"<c r=\"A1\"/>",
    b"<row r=\"7\"><c r=\"A7\" t=\"s\"><v>2</v></c></row>",
    b"<row r=\"100000\"><c r=\"ALL100000\"><v>1</v></c></row>",
    b"<row>",
    b"</row>",
    b"<si><t>\xe6\x9c\xac\xe5\xb9\xb4\xe6\x95\xb0\xe5\x80\xbc</t></si>",
    b"<si><r><t>a</t></r><r><rPr><b/></rPr><t>b</t></r></si>",
    b"<si><t xml:space=\"preserve\">  </t><rPh><t>x</t></rPh></si>",
    b"<mergeCell ref=\"A1:C2\"/>",
    b"<dimension ref=\"A1:XFD1048576\"/>",
    b"<xf numFmtId=\"14\" fontId=\"0\"/>",
    b"<numFmt numFmtId=\"200\" formatCode=\"yyyy-mm-dd\"/>",
    b"<font><name val=\"x\"/></font>",
    b"<sheet name=\"S\" sheetId=\"9\" r:id=\"rId1\"/>",
    b"<sheet name=\"\xe8\xa1\xa8\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/>",
    b"<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>",
    b"<Relationship Id=\"rId8\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"/xl/sharedStrings.xml\"/>",
    b"<definedName name=\"x\">Sheet1!$A$1</definedName>",
    b"<table:table-cell office:value-type=\"float\" office:value=\"9.8\"><text:p>9.8</text:p></table:table-cell>",
    b"<table:table-cell office:value-type=\"string\"><text:p>\xe6\x8c\x87\xe6\xa0\x87\xe5\x90\x8d\xe7\xa7\xb0</text:p></table:table-cell>",
    b"<table:table-cell office:value-type=\"percentage\" office:value=\"0.5\"/>",
    b"<table:table-cell office:value-type=\"date\" office:date-value=\"2025-03-15\"/>",
    b"<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\"/>",
    b"<table:table-cell table:number-columns-repeated=\"3\"/>",
    b"<table:table-cell table:number-columns-repeated=\"1000\" office:value-type=\"float\" office:value=\"1\"/>",
    b"<table:table-cell table:formula=\"of:=[.A1]+1\" office:value-type=\"float\" office:value=\"1\"/>",
    b"<table:covered-table-cell/>",
    b"<table:table-row table:number-rows-repeated=\"5\"><table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>",
    b"<table:table-row>",
    b"</table:table-row>",
    b"<table:table table:name=\"T\"><table:table-row><table:table-cell/></table:table-row></table:table>",
    b"<text:p>\xe6\x9c\xac\xe5\xb9\xb4\xe6\x95\xb0\xe5\x80\xbc</text:p>",
    b"<text:s text:c=\"3\"/>",
    b"<text:s/>",
    b"<text:span>x</text:span>",
    b"<text:line-break/>",
    b"<text:tab/>",
    b"<text:a xlink:href=\"x\">y</text:a>",
    b"<![CDATA[x]]>",
    b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
    b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
    b"&a;",
    b"<a><a><a><a><a><a><a><a>",
    b"</sheetData>",
    b"<!-- x -->",
    b"\x00",
    b"\xff\xfe",
];

/// Mutates a return file, keeping it at most `max` bytes: a zip is unpacked, one of its
/// parts mutated as XML (or by `inner`), or an entry dropped, duplicated, renamed or
/// stored instead of deflated, and packed again; a CSV text is mutated by lines and cells;
/// anything else, and one time in eight everything, by `inner`.
pub fn mutate_workbook(data: &mut Vec<u8>, max: usize, seed: u64, inner: &mut Inner<'_>) {
    let mut rng = Rng::new(seed);
    if rng.below(8) != 0 {
        if let Some(mut entries) = unzip(data) {
            mutate_entries(&mut entries, &mut rng, inner, max);
            let packed = zip(&entries);
            if packed.len() <= max {
                *data = packed;
                return;
            }
        } else if workbook_kind(data).is_none() && rng.below(2) == 0 {
            mutate_csv(data, &mut rng);
            data.truncate(max);
            return;
        }
    }
    inner(data, max, rng.next());
}

/// One entry of a zip, unpacked.
#[derive(Debug, Clone)]
struct Entry {
    name: String,
    data: Vec<u8>,
    deflate: bool,
}

/// The entries of a zip, each unpacked up to 4 MiB; `None` when it is no zip or has more
/// than 256 entries.
fn unzip(data: &[u8]) -> Option<Vec<Entry>> {
    if !data.starts_with(b"PK") {
        return None;
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(data)).ok()?;
    if archive.is_empty() || archive.len() > 256 {
        return None;
    }
    let mut entries = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let file = archive.by_index(i).ok()?;
        let name = file.name().ok()?.to_string();
        let deflate = file.compression() != zip::CompressionMethod::Stored;
        let mut data = Vec::new();
        file.take(4 << 20).read_to_end(&mut data).ok()?;
        entries.push(Entry {
            name,
            data,
            deflate,
        });
    }
    Some(entries)
}

/// The entries packed as a zip, in order, with correct sizes and checksums.
fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for entry in entries {
        let method = if entry.deflate {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(zip::DateTime::default());
        // A name the writer refuses (twice the same) leaves that entry out.
        if writer.start_file(entry.name.as_str(), options).is_ok() {
            let _ = writer.write_all(&entry.data);
        }
    }
    writer.finish().map(Cursor::into_inner).unwrap_or_default()
}

/// How likely an entry is to be mutated: the sheets and what they depend on most.
fn weight(name: &str) -> usize {
    let name = name.to_ascii_lowercase();
    let sheet = name.contains("sheet") && !name.contains("rels");
    if sheet || name.contains("content.xml") || name.contains("sharedstrings") {
        8
    } else if name.contains("workbook") || name.contains("styles") || name.contains("rels") {
        3
    } else {
        1
    }
}

fn mutate_entries(entries: &mut Vec<Entry>, rng: &mut Rng, inner: &mut Inner<'_>, max: usize) {
    let total: usize = entries.iter().map(|e| weight(&e.name)).sum();
    let mut at = rng.below(total);
    let mut index = 0;
    for (i, entry) in entries.iter().enumerate() {
        let w = weight(&entry.name);
        if at < w {
            index = i;
            break;
        }
        at -= w;
    }
    match rng.below(16) {
        0 if entries.len() > 1 => {
            entries.remove(index);
        }
        1 => {
            let mut copy = entries[index].clone();
            copy.name = match rng.below(3) {
                0 => copy.name.to_ascii_uppercase(),
                1 => copy.name.replace("sheet1", "sheet2"),
                _ => format!("{}x", copy.name),
            };
            if entries.iter().all(|e| e.name != copy.name) {
                entries.push(copy);
            }
        }
        2 => {
            let entry = &mut entries[index];
            entry.name = match rng.below(4) {
                0 => entry.name.to_ascii_uppercase(),
                1 => entry.name.replace('/', "\\"),
                2 => format!("/{}", entry.name),
                _ => entry.name.replace("sheet1", "sheet3"),
            };
        }
        3 => entries[index].deflate = !entries[index].deflate,
        4 if entries.len() > 1 => {
            let other = rng.below(entries.len());
            entries.swap(index, other);
        }
        // The binary records of an `.xlsb` get byte mutations only.
        _ if entries[index].name.ends_with(".bin") || rng.below(4) == 0 => {
            inner(&mut entries[index].data, max.max(1 << 16), rng.next())
        }
        _ => {
            for _ in 0..1 + rng.below(3) {
                mutate_xml(&mut entries[index].data, rng);
            }
        }
    }
}

/// Positions of `byte` in `data`.
fn positions(data: &[u8], byte: u8) -> Vec<usize> {
    data.iter()
        .enumerate()
        .filter_map(|(i, b)| (*b == byte).then_some(i))
        .collect()
}

fn contains(data: &[u8], needle: &[u8]) -> bool {
    data.windows(needle.len()).any(|w| w == needle)
}

/// One edit of XML text at its structure: a piece inserted at a tag, an attribute's or a
/// text's value replaced, an element repeated or removed, a number changed.
fn mutate_xml(data: &mut Vec<u8>, rng: &mut Rng) {
    let tags = positions(data, b'<');
    let tag = |rng: &mut Rng| -> usize {
        if tags.is_empty() {
            rng.below(data.len() + 1)
        } else {
            tags[rng.below(tags.len())]
        }
    };
    match rng.below(6) {
        0 => {
            let at = tag(rng);
            let piece = rng.pick(XML).repeat(rng.count());
            data.splice(at..at, piece);
        }
        1 => {
            // An attribute's value: after `="`, up to the next `"`.
            let quotes: Vec<usize> = data
                .windows(2)
                .enumerate()
                .filter_map(|(i, w)| (w == b"=\"").then_some(i + 2))
                .collect();
            if quotes.is_empty() {
                return;
            }
            let start = quotes[rng.below(quotes.len())];
            let end = data[start..]
                .iter()
                .position(|b| *b == b'"')
                .map_or(data.len(), |n| start + n);
            let value = rng.pick(VALUES).to_vec();
            data.splice(start..end, value);
        }
        2 => {
            // A text between tags: after a `>`, up to the next `<`.
            let closes = positions(data, b'>');
            if closes.is_empty() {
                return;
            }
            let start = closes[rng.below(closes.len())] + 1;
            let end = data[start..]
                .iter()
                .position(|b| *b == b'<')
                .map_or(data.len(), |n| start + n);
            let value = rng.pick(VALUES).repeat(rng.count());
            data.splice(start..end, value);
        }
        3 | 4 => {
            // The text from one tag to a later one, repeated or removed.
            if tags.len() < 2 {
                return;
            }
            let i = rng.below(tags.len() - 1);
            let j = (i + 1 + rng.below(8)).min(tags.len() - 1);
            let (start, end) = (tags[i], tags[j]);
            if rng.below(2) == 0 {
                let piece = data[start..end].repeat(rng.count());
                data.splice(end..end, piece);
            } else {
                data.drain(start..end);
            }
        }
        _ => {
            // A run of digits.
            let digits = positions(data, b'0')
                .into_iter()
                .chain((b'1'..=b'9').flat_map(|d| positions(data, d)))
                .collect::<Vec<_>>();
            if digits.is_empty() {
                return;
            }
            let start = digits[rng.below(digits.len())];
            let end = start
                + data[start..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
            let value = rng.pick(VALUES).to_vec();
            data.splice(start..end, value);
        }
    }
}

/// Pieces of a CSV return.
const CSV: &[&[u8]] = &[
    b",",
    b"\n",
    b"\r\n",
    b"\"",
    b"\"a,b\"",
    b"\"\"",
    b"\xe6\x8c\x87\xe6\xa0\x87\xe5\x90\x8d\xe7\xa7\xb0,\xe6\x9c\xac\xe5\xb9\xb4\xe6\x95\xb0\xe5\x80\xbc\n",
    b"\xd6\xb8\xb1\xea\xc3\xfb\xb3\xc6",
    b"\xef\xbb\xbf",
    b"9.8",
    b"90.5%",
    b"\xe2\x80\x94",
];

/// One edit of CSV text by lines and cells: a line repeated, a run of separators, a piece
/// inserted.
fn mutate_csv(data: &mut Vec<u8>, rng: &mut Rng) {
    let lines = positions(data, b'\n');
    match rng.below(3) {
        0 if !lines.is_empty() => {
            let i = rng.below(lines.len());
            let start = if i == 0 { 0 } else { lines[i - 1] + 1 };
            let line = data[start..=lines[i]].repeat(rng.count());
            data.splice(start..start, line);
        }
        1 => {
            let at = rng.below(data.len() + 1);
            let run = [b','].repeat(rng.count() * 10);
            data.splice(at..at, run);
        }
        _ => {
            let at = rng.below(data.len() + 1);
            data.splice(at..at, rng.pick(CSV).repeat(rng.count()));
        }
    }
}

/// Keys and values of a plan YAML (`docs/catalog.md`).
const YAML: &[&[u8]] = &[
    b"plan:",
    b"units:",
    b"domains:",
    b"goals:",
    b"indicators:",
    b"targets:",
    b"parts:",
    b"context:",
    b"title:",
    b"locality:",
    b"subject:",
    b"start_year:",
    b"end_year:",
    b"baseline_year:",
    b"issuer:",
    b"document:",
    b"evaluations:",
    b"name:",
    b"aliases:",
    b"id:",
    b"number:",
    b"text:",
    b"lead:",
    b"responsible:",
    b"reporter:",
    b"unit:",
    b"code:",
    b"direction:",
    b"baseline:",
    b"target:",
    b"year:",
    b"derive:",
    b"projection:",
    b"band:",
    b"value:",
    b"note:",
    b"women",
    b"children",
    b"2020",
    b"2025",
    b"2030",
    b"2021",
    b"1900",
    b"9999",
    b"-1",
    b"0",
    b"1e400",
    b".nan",
    b"~",
    b"null",
    b"[]",
    b"{}",
    b"\"\"",
    b"''",
    b"&a",
    b"*a",
    b"<<: *a",
    b"!!binary",
    b"!!str",
    b"? ",
    b"- ",
    b"- - ",
    b"|",
    b">-",
    b"---",
    b"...",
    b"#",
    b"\t",
    b"%",
    b"\xe2\x89\xa5 90%",
    b"\xe2\x89\xa4 1/10\xe4\xb8\x87",
    b"\xe4\xbf\x9d\xe6\x8c\x81\xe7\xa8\xb3\xe5\xae\x9a",
    b"50%\xe5\xb7\xa6\xe5\x8f\xb3",
    b"\xe9\x80\x90\xe6\xad\xa5\xe6\x8f\x90\xe9\xab\x98",
    b"\xe2\x80\xb0",
    b"\xe5\xb2\x81",
];

/// Mutates a plan YAML by lines (repeated, removed, moved, indented) and scalars (a key's
/// value replaced, a key or value inserted), or by `inner`.
pub fn mutate_yaml(data: &mut Vec<u8>, max: usize, seed: u64, inner: &mut Inner<'_>) {
    let mut rng = Rng::new(seed);
    let mut lines: Vec<Vec<u8>> = data.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    let n = lines.len();
    let i = rng.below(n);
    match rng.below(10) {
        0 => {
            let copies = rng.count();
            let j = (i + 1 + rng.below(6)).min(n);
            let block: Vec<Vec<u8>> = lines[i..j].to_vec();
            for _ in 0..copies.min(50) {
                lines.splice(j..j, block.iter().cloned());
            }
        }
        1 if n > 1 => {
            let j = (i + 1 + rng.below(6)).min(n);
            lines.drain(i..j);
        }
        2 => {
            let j = rng.below(n);
            lines.swap(i, j);
        }
        3 => {
            let line = &mut lines[i];
            if rng.below(2) == 0 {
                line.splice(0..0, *b"  ");
            } else if line.starts_with(b"  ") {
                line.drain(..2);
            }
        }
        4 | 5 => {
            // The value after `: `.
            let line = &mut lines[i];
            if let Some(at) = line.windows(2).position(|w| w == b": ") {
                line.truncate(at + 2);
                line.extend_from_slice(rng.pick(YAML));
            }
        }
        6 | 7 => {
            let line = &mut lines[i];
            let at = rng.below(line.len() + 1);
            line.splice(at..at, rng.pick(YAML).iter().copied());
        }
        _ => {
            inner(data, max, rng.next());
            return;
        }
    }
    let joined = lines.join(&b'\n');
    if joined.len() <= max {
        *data = joined;
    } else {
        inner(data, max, rng.next());
    }
}

/// Markdown syntax, and what is special in Typst.
const MARKDOWN: &[&[u8]] = &[
    b"# ",
    b"## ",
    b"### ",
    b"#### ",
    b"###### ",
    b"\n# ",
    b"\n",
    b"\n\n",
    b"  \n",
    b"\\\n",
    b"- ",
    b"\n- ",
    b"\n  - ",
    b"\n      - ",
    b"\n1. ",
    b"\n2) ",
    b"* ",
    b"+ ",
    b"**",
    b"*",
    b"_",
    b"__",
    b"`",
    b"``",
    b"\n```\n",
    b"\n~~~\n",
    b"    ",
    b"<!--",
    b"-->",
    b"<!-- x -->",
    b"<b>",
    b"</b>",
    b"<br>",
    b"<div>\n",
    b"[a](b)",
    b"![i](x)",
    b"<https://x.y>",
    b"https://x.y/z",
    b"> ",
    b"\n| a | b |\n|---|---|\n| c | d |\n",
    b"\n---\n",
    b"\n***\n",
    b"\n===\n",
    b"\\",
    b"#",
    b"$",
    b"$x$",
    b"[^1]",
    b"[^1]: n",
    b"&amp;",
    b"&#x23;",
    b"&#0;",
    b"//",
    b"/*",
    b"*/",
    b"@ref",
    b"<label>",
    b"=",
    b"~",
    b"'",
    b"\"",
    b"\t",
    b"\r",
    b"\r\n",
    b"]",
    b"[",
    b";",
    b"(",
    b")",
    b"{",
    b"}",
    b"-?",
    b"--",
    b"...",
    b"\xe4\xb8\x80\xe3\x80\x81",
    b"\xef\xbc\x88\xe4\xb8\x80\xef\xbc\x89",
    b"1.",
    b"1\xe3\x80\x81",
    b"#emph[x]",
    b"#read(\"/etc/passwd\")",
    b"]#panic(\"x\")[",
    b"\xe2\x80\xae",
    b"\xef\xbb\xbf",
    b"\x00",
];

/// Mutates Markdown: a piece of Markdown or Typst syntax inserted (sometimes many times), a
/// block repeated, or by `inner`.
pub fn mutate_markdown(data: &mut Vec<u8>, max: usize, seed: u64, inner: &mut Inner<'_>) {
    let mut rng = Rng::new(seed);
    match rng.below(4) {
        0 | 1 => {
            let at = rng.below(data.len() + 1);
            let piece = rng.pick(MARKDOWN).repeat(rng.count());
            data.splice(at..at, piece);
        }
        2 if !data.is_empty() => {
            let start = rng.below(data.len());
            let end = (start + 1 + rng.below(200)).min(data.len());
            let piece = data[start..end].repeat(rng.count());
            data.splice(end..end, piece);
        }
        _ => inner(data, max, rng.next()),
    }
    data.truncate(max);
}

/// A plain byte mutator for the stable harness (libFuzzer brings its own): bits flipped,
/// bytes set to edge values, runs inserted, removed or repeated, little-endian integers
/// overwritten (the lengths and sector numbers of an `.xls`).
pub fn mutate_bytes(data: &mut Vec<u8>, max: usize, seed: u64) {
    let mut rng = Rng::new(seed);
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        let at = rng.below(len);
        match rng.below(7) {
            0 if len > 0 => data[at] ^= 1 << rng.below(8),
            1 if len > 0 => data[at] = [0, 0xff, 0x7f, 0x80, b'<', b'"', b','][rng.below(7)],
            2 => {
                let run = (0..1 + rng.below(16)).map(|_| rng.next() as u8);
                data.splice(at..at, run);
            }
            3 if len > 0 => {
                let end = (at + 1 + rng.below(64)).min(len);
                data.drain(at..end);
            }
            4 if len > 0 => {
                let end = (at + 1 + rng.below(64)).min(len);
                let piece = data[at..end].repeat(rng.count());
                data.splice(end..end, piece);
            }
            5 if len >= 4 => {
                let at = at.min(len - 4);
                let value: u32 = [
                    0,
                    1,
                    0xffff,
                    0x1_0000,
                    0x7fff_ffff,
                    0xffff_fffe,
                    0xffff_ffff,
                ][rng.below(7)];
                data[at..at + 4].copy_from_slice(&value.to_le_bytes());
            }
            _ if len >= 2 => {
                let at = at.min(len - 2);
                let value: u16 = [0, 1, 0x100, 0x7fff, 0x8000, 0xffff][rng.below(6)];
                data[at..at + 2].copy_from_slice(&value.to_le_bytes());
            }
            _ => data.push(rng.next() as u8),
        }
    }
    data.truncate(max);
}

// ---------------------------------------------------------------------------------------
// Seeds.

/// Where each target's seeds come from, relative to the repository root: files, or
/// folders whose files (not recursively) are all seeds. `fuzz/seed.sh` copies the same.
pub const SEEDS: &[(&str, &[&str])] = &[
    (
        "intake_workbook",
        &[
            "tests/corpus/messy",
            "tests/corpus/hostile",
            "tests/fixtures/formats",
            "tests/cases/csv_returns_in_gbk_and_utf8/returns/2025",
        ],
    ),
    (
        "catalog_yaml",
        &[
            "sample-data/zhuzhou",
            "sample-data/luoyang",
            "sample-data/changning",
            "tests/cases/derived_from_parts/plan.yaml",
            "tests/cases/directional_and_about_targets/plan.yaml",
            "tests/cases/qualitative_goals_and_evaluation_reports/plan.yaml",
        ],
    ),
    (
        "markdown",
        &[
            "sample-data/zhuzhou/returns/women/2025",
            "tests/cases/qualitative_goals_and_evaluation_reports/returns/2025",
            "sample-data/zhuzhou",
            "docs",
        ],
    ),
];

/// The seed files of `target` under the repository at `root`, in name order.
pub fn seed_files(root: &Path, target: &str) -> Vec<std::path::PathBuf> {
    let extensions: &[&str] = match target {
        "intake_workbook" => &["xlsx", "xlsb", "xls", "ods", "csv"],
        "catalog_yaml" => &["yaml"],
        _ => &["md"],
    };
    let (_, sources) = SEEDS
        .iter()
        .find(|(name, _)| *name == target)
        .expect("a known target");
    let mut files = Vec::new();
    for source in *sources {
        let path = root.join(source);
        let mut found: Vec<_> = if path.is_dir() {
            std::fs::read_dir(&path)
                .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default()
        } else {
            vec![path]
        };
        found.retain(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| extensions.contains(&e))
        });
        found.sort();
        files.extend(found);
    }
    files
}
