//! Writes hostile workbooks and catalogs at the size of the robustness issue, to measure
//! what reading them costs with and without the intake guard (`examples/limits_probe.rs`).
//!
//! ```sh
//! cargo run --release --example make_hostile -- /tmp/hostile
//! ```
//!
//! The files under 50 KB are also kept in `tests/corpus/hostile/`.

use std::io::{Cursor, Write};
use std::path::Path;

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

type Body<'a> = &'a dyn Fn(&mut dyn Write);

fn zip_of(entries: &[(&str, Body<'_>)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in entries {
        let options = if *name == "mimetype" {
            SimpleFileOptions::default().compression_method(CompressionMethod::Stored)
        } else {
            SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .compression_level(Some(9))
                .large_file(true)
        };
        zip.start_file(*name, options).unwrap();
        body(&mut zip);
    }
    zip.finish().unwrap().into_inner()
}

fn text(s: &str) -> impl Fn(&mut dyn Write) + '_ {
    move |w| w.write_all(s.as_bytes()).unwrap()
}

/// A minimal `.xlsx` with one sheet, `Sheet1`, and the entries given.
fn xlsx(sheet: Body<'_>, more: &[(&str, Body<'_>)]) -> Vec<u8> {
    let package = text(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    let workbook = text(
        r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    let rels = text(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
    );
    let mut entries: Vec<(&str, Body<'_>)> = vec![
        ("_rels/.rels", &package),
        ("xl/workbook.xml", &workbook),
        ("xl/_rels/workbook.xml.rels", &rels),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    entries.extend_from_slice(more);
    zip_of(&entries)
}

/// A sheet: `rows` repeated `times`, inside `sheetData`.
fn sheet(rows: &str, times: usize) -> impl Fn(&mut dyn Write) + '_ {
    move |w| {
        w.write_all(br#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#)
            .unwrap();
        let block = rows.repeat(1000.min(times));
        for _ in 0..times / 1000 {
            w.write_all(block.as_bytes()).unwrap();
        }
        w.write_all(rows.repeat(times % 1000).as_bytes()).unwrap();
        w.write_all(b"</sheetData></worksheet>").unwrap();
    }
}

fn ods(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#;
    zip_of(&[
        (
            "mimetype",
            &text("application/vnd.oasis.opendocument.spreadsheet"),
        ),
        ("META-INF/manifest.xml", &text(manifest)),
        ("content.xml", &text(&content)),
    ])
}

fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend_from_slice(&(data.len() as u16).to_le_bytes());
    r.extend_from_slice(data);
    r
}

/// A BIFF8 workbook stream with one sheet of these records.
fn biff(sheet: &[Vec<u8>]) -> Vec<u8> {
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
    let pos = (head.len() + bound(0).len() + 4) as u32;
    head.extend(bound(pos));
    head.extend(record(0x000A, &[]));
    head.extend(bof(0x0010));
    head.extend(sheet.iter().flatten());
    head.extend(record(0x000A, &[]));
    head
}

/// A compound file holding `stream` as `Workbook`; `link` rewrites FAT entries.
fn cfb(stream: &[u8], link: impl Fn(u32) -> Option<u32>) -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    let mut stream = stream.to_vec();
    stream.resize(stream.len().max(4096).div_ceil(512) * 512, 0);
    let n = (stream.len() / 512) as u32;
    let fat_sectors = (n + 1).div_ceil(127);
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
    dir.extend(entry("Workbook", 2, 0, stream.len() as u32, 0xFFFF_FFFF));
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

fn main() {
    let dir = std::env::args().nth(1).expect("usage: make_hostile DIR");
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).unwrap();
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(dir.join(name), bytes).unwrap();
        println!("{name}: {} bytes", bytes.len());
    };

    // A value at A1 and one at XFD1048576: calamine allocates the grid between them.
    let far = sheet(
        r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        1,
    );
    write("far_cell_xfd1048576.xlsx", &xlsx(&far, &[]));

    // A shared-string table that declares four billion strings: calamine reserves them.
    let one = sheet(r#"<row><c t="s"><v>0</v></c></row>"#, 1);
    let declared = text(r#"<sst count="1" uniqueCount="4000000000"><si><t>x</t></si></sst>"#);
    write(
        "unique_count_4000000000.xlsx",
        &xlsx(&one, &[("xl/sharedStrings.xml", &declared)]),
    );

    // One 30,000-byte string shown by 120 rows × 1,000 cells: 3.6 GB of copies.
    let cells = format!("<row>{}</row>", r#"<c t="s"><v>0</v></c>"#.repeat(1000));
    let grid = sheet(&cells, 120);
    let long = format!(
        "<sst><si><t>{}</t></si></sst>",
        (0..30_000)
            .map(|i| (b'a' + (i * 7 % 26) as u8) as char)
            .collect::<String>()
    );
    let long = text(&long);
    write(
        "shared_string_bomb.xlsx",
        &xlsx(&grid, &[("xl/sharedStrings.xml", &long)]),
    );

    // 1 GB of sheet XML, 66 million cells, a few MB zipped.
    let row = format!("<row>{}</row>", "<c><v>1</v></c>".repeat(1000));
    write("sheet_bomb.xlsx", &xlsx(&sheet(&row, 66_000), &[]));

    // 4 million cells in 60 MB of XML, within the size an entry may declare.
    write("sheet_cells_bomb.xlsx", &xlsx(&sheet(&row, 4_000), &[]));

    // 200,000 empty entries: the zip reader indexes every one.
    let empty = text("");
    let names: Vec<String> = (0..200_000).map(|i| format!("x/{i}")).collect();
    let entries: Vec<(&str, Body<'_>)> = names
        .iter()
        .map(|n| (n.as_str(), &empty as Body<'_>))
        .collect();
    write("many_entries.xlsx", &xlsx(&one, &entries));

    // A sheet entry that says it unpacks to 4 GB.
    let mut declared = xlsx(&sheet(r#"<row><c><v>1</v></c></row>"#, 1), &[]);
    let name = b"xl/worksheets/sheet1.xml";
    for (signature, size_at, name_at) in [(b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)] {
        let mut i = 0;
        while let Some(at) = declared[i..].windows(4).position(|w| w == signature) {
            let at = i + at;
            if declared.get(at + name_at..at + name_at + name.len()) == Some(name) {
                declared[at + size_at..at + size_at + 4]
                    .copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
            }
            i = at + 4;
        }
    }
    write("declared_size_4gb.xlsx", &declared);

    // 20,000 cell formats, each a copy of a font with a 10,000-byte name.
    let styles = |w: &mut dyn Write| {
        write!(
            w,
            r#"<styleSheet><fonts><font><name val="{}"/></font></fonts><cellXfs>"#,
            "F".repeat(10_000)
        )
        .unwrap();
        for _ in 0..20_000 {
            w.write_all(br#"<xf fontId="0"/>"#).unwrap();
        }
        w.write_all(b"</cellXfs></styleSheet>").unwrap();
    };
    write(
        "styles_bomb.xlsx",
        &xlsx(&one, &[("xl/styles.xml", &styles)]),
    );

    // A value repeated over 1,000 columns and 95,000 rows: 95 million cells.
    write(
        "ods_repeat_bomb.ods",
        &ods(
            r#"<table:table-row table:number-rows-repeated="95000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/></table:table-row>"#,
        ),
    );

    // Eight cells of two billion spaces each.
    write(
        "ods_spaces_bomb.ods",
        &ods(
            r#"<table:table-row><table:table-cell table:number-columns-repeated="8" office:value-type="string"><text:p><text:s text:c="2000000000"/></text:p></table:table-cell></table:table-row>"#,
        ),
    );

    // A sheet that declares 2^31 rows by 256 columns, which calamine reserves.
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
    let number = record(0x0203, &[[0u8; 6].as_slice(), &1f64.to_le_bytes()].concat());
    write(
        "xls_declared_dimensions.xls",
        &cfb(&biff(&[dimensions, number.clone()]), |_| None),
    );

    // A directory sector chained to itself: calamine reads it forever.
    write(
        "xls_directory_loop.xls",
        &cfb(&biff(&[number]), |i| (i == 8).then_some(8)),
    );

    // 100,000-deep YAML, block and flow.
    write(
        "deep_block.yaml",
        format!("{}x\n", "- ".repeat(100_000)).as_bytes(),
    );
    write(
        "deep_flow.yaml",
        format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)).as_bytes(),
    );
}
