//! `.xlsx` and `.xlsm`: what calamine would allocate for each entry, and how often.
//!
//! The entries calamine reads are found as calamine finds them — the package
//! relationships name the workbook's folder, the workbook's relationships map each sheet
//! to an entry, any entry under any name, looked up case-insensitively — and each is
//! scanned as calamine reads it as a sheet, shared strings or styles. Entries calamine does
//! not read cost nothing and are not opened. `worksheets()` holds every sheet at once and
//! rereads an entry listed twice, so a sheet counts as often as the workbook lists it.

use std::collections::HashMap;
use std::io::BufRead;

use quick_xml::events::Event;

use super::archive::Archive;
use super::xml::{self, Nesting, local, pick};
use super::{LimitError, Limits, Where, a1_range};

/// What one entry would cost calamine.
#[derive(Debug, Default, Clone)]
struct Part {
    /// Cells with a value.
    cells: u64,
    /// 1-based top, left, bottom, right of the cells with a value.
    bounds: Option<(u64, u64, u64, u64)>,
    /// Shared strings shown by cells, by index; `u32::MAX` where the index is unclear.
    shared: Vec<u32>,
    /// Other text in cells, in bytes.
    text: u64,
    /// Byte lengths of the `<si>` strings.
    strings: Vec<u32>,
    /// Bytes unpacked.
    bytes: u64,
}

impl Part {
    fn area(&self) -> u64 {
        self.bounds.map_or(0, |(top, left, bottom, right)| {
            (bottom - top + 1).saturating_mul(right - left + 1)
        })
    }
}

pub(super) fn inspect(bytes: &[u8], limits: &Limits) -> Result<(), LimitError> {
    let Some(mut archive) = Archive::open(bytes, limits)? else {
        return Ok(());
    };
    // `Xlsx::new` reads, in this order, and fails at the first step that fails: the
    // package relationships, which name the workbook's folder and file; the shared
    // strings; the styles (and theme); the workbook's relationships; its sheet list.
    let Some(package) = archive.find("_rels/.rels") else {
        return Ok(());
    };
    let Some(Structure {
        office_document: Some(target),
        ..
    }) = structure(&mut archive, package, limits)?
    else {
        return Ok(());
    };
    let (dir, name) = match target.rfind('/') {
        Some(i) => target.split_at(i + 1),
        None => ("", target.as_str()),
    };
    let dir = dir.strip_prefix('/').unwrap_or(dir);
    let name = if name.is_empty() {
        "workbook.xml"
    } else {
        name
    };

    let mut cells = 0;
    let mut style_bytes = 0;
    let mut lengths = Vec::new();
    for (role, path) in [("sst", "sharedStrings.xml"), ("styles", "styles.xml")] {
        if let Some(i) = archive.find(&format!("{dir}{path}")) {
            let here = Where::Part(archive.name(i).to_string());
            let part = scan(&mut archive, i, &here, limits, &mut cells, &mut style_bytes)?;
            if role == "sst" {
                lengths = part.strings;
            }
        }
    }
    // calamine keeps a colour for each slot of the theme's colour scheme: bounded by the
    // entry's size, so the theme is only unpacked and counted.
    if let Some(i) = archive.find(&format!("{dir}theme/theme1.xml")) {
        archive.read(i, |input| {
            let _ = std::io::copy(input, &mut std::io::sink());
            Ok(())
        })?;
    }
    let Some(rels) = archive.find(&format!("{dir}_rels/{name}.rels")) else {
        return Ok(());
    };
    let Some(relationships) = structure(&mut archive, rels, limits)? else {
        return Ok(());
    };
    // Without the workbook entry calamine lists no sheets.
    let Some(workbook) = archive.find(&format!("{dir}{name}")) else {
        return Ok(());
    };
    let Some(workbook) = structure(&mut archive, workbook, limits)? else {
        return Ok(());
    };

    // Each sheet's entry, as calamine resolves it; a sheet it cannot resolve fails the
    // workbook. A sheet is read by name, so a second sheet of the same name reads the first.
    let mut first_by_name: HashMap<&str, Option<usize>> = HashMap::new();
    let mut sheets: Vec<(&str, Option<usize>)> = Vec::with_capacity(workbook.sheets.len());
    for (sheet_name, id) in &workbook.sheets {
        let Some((target, kind)) = relationships.targets.get(id) else {
            return Ok(());
        };
        if !matches!(
            kind.split('/').next_back(),
            Some("worksheet" | "chartsheet" | "dialogsheet")
        ) {
            return Ok(());
        }
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("{dir}{target}"),
        };
        let entry = archive.find(&path);
        let entry = *first_by_name.entry(sheet_name.as_str()).or_insert(entry);
        sheets.push((sheet_name, entry));
    }

    // Each entry is scanned once, and counted as often as it is listed: `worksheets()`
    // holds every sheet at once, and rereads an entry listed twice.
    let mut parts: HashMap<usize, Part> = HashMap::new();
    for &(sheet_name, entry) in &sheets {
        let Some(i) = entry else { continue };
        if let std::collections::hash_map::Entry::Vacant(slot) = parts.entry(i) {
            let here = Where::Sheet(sheet_name.to_string());
            slot.insert(scan(
                &mut archive,
                i,
                &here,
                limits,
                &mut cells,
                &mut style_bytes,
            )?);
        }
    }
    let longest = lengths.iter().copied().max().unwrap_or(0) as u64;
    let text = |part: &Part| {
        part.shared
            .iter()
            .map(|&i| match lengths.get(i as usize) {
                Some(&l) => l as u64,
                None if i == u32::MAX => longest,
                // An index past the table: calamine fails on the sheet.
                None => 0,
            })
            .sum::<u64>()
            + part.text
    };
    let total = |cost: &dyn Fn(&Part) -> u64| {
        sheets
            .iter()
            .filter_map(|(_, entry)| entry.and_then(|i| parts.get(&i)))
            .map(cost)
            .fold(0, u64::saturating_add)
    };
    let cells = total(&|p| p.cells);
    if cells > limits.workbook_cells {
        return Err(LimitError::WorkbookCells {
            cells,
            max: limits.workbook_cells,
        });
    }
    let area = total(&|p| p.area());
    if area > limits.workbook_area {
        return Err(LimitError::WorkbookArea {
            cells: area,
            max: limits.workbook_area,
        });
    }
    let text = total(&text);
    if text > limits.cell_text_bytes {
        return Err(LimitError::CellText {
            bytes: text,
            max: limits.cell_text_bytes,
        });
    }
    // Rereading a sheet listed twice costs its parsing again.
    let once: u64 = parts.values().map(|p| p.bytes).sum();
    let unpacked = archive.unpacked() - once + total(&|p| p.bytes);
    if unpacked > limits.unpacked_bytes {
        return Err(LimitError::UnpackedTooLarge {
            max: limits.unpacked_bytes,
        });
    }
    Ok(())
}

/// Scans entry `i` as calamine would read it as a sheet, as shared strings or as styles.
fn scan(
    archive: &mut Archive<'_>,
    i: usize,
    here: &Where,
    limits: &Limits,
    cells: &mut u64,
    style_bytes: &mut u64,
) -> Result<Part, LimitError> {
    let name = archive.name(i).to_string();
    let mut scan = Scan::new(limits, here, &name, cells, style_bytes);
    Ok(match archive.read(i, |input| scan.run(input))? {
        Some(((), bytes)) => Part { bytes, ..scan.part },
        None => Part::default(),
    })
}

/// What the package, workbook and relationship entries say.
#[derive(Debug, Default)]
struct Structure {
    office_document: Option<String>,
    /// Relationship id → target and type.
    targets: HashMap<String, (String, String)>,
    sheets: Vec<(String, String)>,
}

fn structure(
    archive: &mut Archive<'_>,
    i: usize,
    limits: &Limits,
) -> Result<Option<Structure>, LimitError> {
    let part = archive.name(i).to_string();
    let malformed = |detail: String| LimitError::Malformed {
        part: part.clone(),
        detail,
    };
    let found = archive.read(i, |input| {
        let mut reader = xml::reader(input);
        let mut buf = Vec::new();
        let mut found = Structure::default();
        let mut relationships = false;
        while let Ok(event) = reader.read_event_into(&mut buf) {
            match event {
                Event::Start(e) => match local(e.name().as_ref()) {
                    "Relationships" => relationships = true,
                    "Relationship" if relationships => {
                        let [id, kind, target] = pick(e.attributes_raw(), ["Id", "Type", "Target"])
                            .map_err(|key| malformed(format!("关系的属性{}", duplicate(key))))?;
                        if kind.is_some_and(|k| k.ends_with("/relationships/officeDocument"))
                            && let Some(target) = target
                        {
                            found.office_document = Some(unescape(target));
                        }
                        if let Some(id) = id {
                            found.targets.insert(
                                id.to_string(),
                                (
                                    target.unwrap_or_default().to_string(),
                                    kind.unwrap_or_default().to_string(),
                                ),
                            );
                            if found.targets.len() as u64 > limits.relationships {
                                return Err(LimitError::Relationships {
                                    max: limits.relationships,
                                });
                            }
                        }
                    }
                    "sheet" => {
                        let mut name = None;
                        let mut id = None;
                        for attribute in xml::attributes(e.attributes_raw()) {
                            let Ok((key, value)) = attribute else {
                                return Ok(found);
                            };
                            let slot = if key == "name" {
                                &mut name
                            } else if local(key) == "id" {
                                &mut id
                            } else {
                                continue;
                            };
                            if slot.replace(value).is_some() {
                                return Err(malformed(format!("工作表的属性“{key}”出现两次")));
                            }
                        }
                        found.sheets.push((
                            unescape(name.unwrap_or_default()),
                            id.unwrap_or_default().to_string(),
                        ));
                        if found.sheets.len() as u64 > limits.sheets {
                            return Err(LimitError::Sheets { max: limits.sheets });
                        }
                    }
                    _ => {}
                },
                Event::End(e) if local(e.name().as_ref()) == "Relationships" => {
                    relationships = false
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        Ok(found)
    })?;
    Ok(found.map(|(found, _)| found))
}

fn duplicate(key: Option<String>) -> String {
    match key {
        Some(key) => format!("“{key}”出现两次"),
        None => "无法解析".to_string(),
    }
}

fn unescape(raw: &str) -> String {
    quick_xml::escape::unescape(raw).map_or_else(|_| raw.to_string(), |s| s.into_owned())
}

/// Where a scan is in a sheet's `sheetData`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Before,
    In,
    /// Past `sheetData`, or past something calamine fails on: it reads no further.
    Done,
}

/// What a cell's child element is to calamine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Child {
    None,
    /// A value, the first event of which decides a shared string's index.
    Value {
        first: bool,
    },
    /// Inline rich text.
    Inline,
    /// A formula, or a value calamine skips.
    Skipped,
}

#[derive(Debug)]
struct Cell {
    /// 0-based.
    row: u64,
    col: u64,
    shared: bool,
    inline: bool,
    depth: usize,
    child: Child,
    content: bool,
    text: u64,
    index: Option<u32>,
}

/// A style container calamine reads, and the start of the item open in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    NumFmts,
    Fonts,
    Fills,
    Borders,
    CellXfs,
}

impl Container {
    fn of(local: &str) -> Option<(Container, &'static str)> {
        Some(match local {
            "numFmts" => (Container::NumFmts, "numFmt"),
            "fonts" => (Container::Fonts, "font"),
            "fills" => (Container::Fills, "fill"),
            "borders" => (Container::Borders, "border"),
            "cellXfs" => (Container::CellXfs, "xf"),
            _ => return None,
        })
    }
}

/// One entry's scan: a state machine over its events that follows calamine's readers of
/// sheets (`XlsxCellReader::next_cell`), shared strings (`read_shared_strings`) and
/// styles (`read_styles`).
struct Scan<'a> {
    limits: &'a Limits,
    here: &'a Where,
    name: &'a str,
    flat_cells: &'a mut u64,
    style_bytes: &'a mut u64,
    nesting: Nesting,
    part: Part,
    phase: Phase,
    row: u64,
    col: u64,
    cell: Option<Cell>,
    shared_strings: bool,
    string: Option<(usize, u64)>,
    string_bytes: u64,
    container: Option<(Container, &'static str)>,
    item: Option<(usize, u64)>,
    fonts: Vec<u64>,
    fills: Vec<u64>,
    borders: Vec<u64>,
    formats: HashMap<String, u64>,
}

/// What calamine's `Style` costs beyond the bytes copied into it.
const STYLE: u64 = (std::mem::size_of::<calamine::Style>() + 16) as u64;
/// A built-in number format's code, copied into the style.
const BUILTIN_FORMAT: u64 = 48;

impl<'a> Scan<'a> {
    fn new(
        limits: &'a Limits,
        here: &'a Where,
        name: &'a str,
        flat_cells: &'a mut u64,
        style_bytes: &'a mut u64,
    ) -> Self {
        Scan {
            limits,
            here,
            name,
            flat_cells,
            style_bytes,
            nesting: Nesting::default(),
            part: Part::default(),
            phase: Phase::Before,
            row: 0,
            col: 0,
            cell: None,
            shared_strings: false,
            string: None,
            string_bytes: 0,
            container: None,
            item: None,
            fonts: Vec::new(),
            fills: Vec::new(),
            borders: Vec::new(),
            formats: HashMap::new(),
        }
    }

    fn run(&mut self, input: &mut dyn BufRead) -> Result<(), LimitError> {
        let mut reader = xml::reader(input);
        let mut buf = Vec::new();
        loop {
            let before = reader.buffer_position();
            // An error stops calamine at the same place: the same parser, the same settings.
            let Ok(event) = reader.read_event_into(&mut buf) else {
                return Ok(());
            };
            match event {
                Event::Start(e) => self.start(e.name().as_ref(), e.attributes_raw(), before)?,
                Event::End(e) => self.end(e.name().as_ref(), reader.buffer_position())?,
                Event::Text(t) => self.text(&t, true)?,
                Event::CData(t) => self.text(&t, false)?,
                Event::GeneralRef(r) => self.text(&r, false)?,
                Event::Eof => return Ok(()),
                _ => {}
            }
            buf.clear();
        }
    }

    fn malformed(&self, detail: String) -> LimitError {
        LimitError::Malformed {
            part: self.name.to_string(),
            detail,
        }
    }

    fn start(&mut self, name: &str, attributes: &str, before: u64) -> Result<(), LimitError> {
        let local = local(name);
        let container = Container::of(local);
        if matches!(local, "sheetData" | "sst" | "styleSheet") || container.is_some() {
            self.nesting.on = true;
        }
        self.nesting
            .open(name, self.limits.xml_depth)
            .map_err(|d| self.malformed(d))?;
        self.first_event_seen();

        if self.cell.is_some() {
            if matches!(local, "c" | "row" | "sheetData") {
                return Err(self.malformed(format!("单元格中有 <{name}>")));
            }
            let depth = self.nesting.depth();
            let cell = self.cell.as_mut().expect("a cell is open");
            if depth == cell.depth + 1 {
                let child = match local {
                    "v" if cell.inline => Some(Child::Skipped),
                    "v" => {
                        cell.content = true;
                        if cell.shared {
                            // Until its text says otherwise, the index could be any.
                            cell.index = Some(u32::MAX);
                        }
                        Some(Child::Value { first: true })
                    }
                    "is" => {
                        cell.content = true;
                        Some(Child::Inline)
                    }
                    "f" => Some(Child::Skipped),
                    // calamine fails on the sheet here.
                    _ => None,
                };
                match child {
                    Some(child) => cell.child = child,
                    None => {
                        self.cell = None;
                        self.phase = Phase::Done;
                    }
                }
            }
        } else if self.phase == Phase::Before && local == "sheetData" {
            self.phase = Phase::In;
        } else if self.phase == Phase::In && local == "row" {
            match pick(attributes, ["r"]) {
                Ok([None]) => {}
                Ok([Some(r)]) => match xml::cell_reference(r) {
                    Some((row, _)) => self.row = row - 1,
                    None => self.phase = Phase::Done,
                },
                Err(Some(key)) => return Err(self.malformed(format!("行的属性“{key}”出现两次"))),
                Err(None) => self.phase = Phase::Done,
            }
        } else if self.phase == Phase::In && local == "c" {
            match pick(attributes, ["r", "t"]) {
                Ok([r, t]) => {
                    let position = match r.map(xml::cell_reference) {
                        None => Some((self.row, self.col)),
                        Some(Some((row, col))) if col > 0 => Some((row - 1, col - 1)),
                        Some(_) => None,
                    };
                    match position {
                        Some((row, col)) => {
                            self.col = col;
                            self.cell = Some(Cell {
                                row,
                                col,
                                shared: t == Some("s"),
                                inline: matches!(t, Some("inlineStr" | "is")),
                                depth: self.nesting.depth(),
                                child: Child::None,
                                content: false,
                                text: 0,
                                index: None,
                            });
                        }
                        None => self.phase = Phase::Done,
                    }
                }
                Err(Some(key)) => {
                    return Err(self.malformed(format!("单元格的属性“{key}”出现两次")));
                }
                Err(None) => self.phase = Phase::Done,
            }
        }

        if local == "sst" && !self.shared_strings {
            self.shared_strings = true;
            if let Ok([Some(declared)]) = pick(attributes, ["uniqueCount"]) {
                // calamine reserves room for this many strings before reading one.
                if xml::number(declared).is_none_or(|n| n > self.limits.shared_strings) {
                    return Err(LimitError::SharedStringsDeclared {
                        declared: declared.to_string(),
                        max: self.limits.shared_strings,
                    });
                }
            }
        } else if self.shared_strings && local == "si" {
            if self.string.is_some() {
                return Err(self.malformed("共享字符串中有 <si>".to_string()));
            }
            self.string = Some((self.nesting.depth(), 0));
        }

        self.style_start(name, local, container, attributes, before)
    }

    fn style_start(
        &mut self,
        name: &str,
        local: &str,
        opens: Option<(Container, &'static str)>,
        attributes: &str,
        before: u64,
    ) -> Result<(), LimitError> {
        if let Some(container) = opens {
            if self.container.is_some() {
                return Err(self.malformed(format!("样式中 <{name}> 套在另一组样式中")));
            }
            self.container = Some(container);
            return Ok(());
        }
        let Some((container, item)) = self.container else {
            return Ok(());
        };
        if local != item {
            return Ok(());
        }
        if self.item.is_some() {
            return Err(self.malformed(format!("样式中 <{name}> 套在同类样式中")));
        }
        self.item = Some((self.nesting.depth(), before));
        let cost = match container {
            Container::NumFmts => {
                let [id, code] = pick(attributes, ["numFmtId", "formatCode"])
                    .map_err(|key| self.malformed(format!("数字格式的属性{}", duplicate(key))))?;
                match (id, code) {
                    (Some(id), Some(code)) => {
                        let bytes = code.len() as u64;
                        self.formats.insert(id.to_string(), bytes);
                        2 * bytes + id.len() as u64 + 64
                    }
                    _ => 0,
                }
            }
            Container::CellXfs => {
                let [format, font, fill, border] =
                    pick(attributes, ["numFmtId", "fontId", "fillId", "borderId"]).map_err(
                        |key| self.malformed(format!("单元格格式的属性{}", duplicate(key))),
                    )?;
                let copied = |id: Option<&str>, sizes: &[u64]| match id {
                    None => 0,
                    Some(id) => match xml::number(id) {
                        Some(i) => sizes.get(i as usize).copied().unwrap_or(0),
                        None => sizes.iter().copied().max().unwrap_or(0),
                    },
                };
                let format = format.map_or(0, |id| {
                    self.formats.get(id).copied().unwrap_or(BUILTIN_FORMAT)
                });
                STYLE
                    + format
                    + copied(font, &self.fonts)
                    + copied(fill, &self.fills)
                    + copied(border, &self.borders)
            }
            // Counted with their size once they end.
            Container::Fonts | Container::Fills | Container::Borders => 0,
        };
        self.add_style(cost)
    }

    fn add_style(&mut self, cost: u64) -> Result<(), LimitError> {
        *self.style_bytes += cost;
        if *self.style_bytes > self.limits.style_bytes {
            return Err(LimitError::Styles {
                max: self.limits.style_bytes,
            });
        }
        Ok(())
    }

    fn end(&mut self, name: &str, after: u64) -> Result<(), LimitError> {
        self.nesting.close(name).map_err(|d| self.malformed(d))?;
        self.first_event_seen();
        let depth = self.nesting.depth();
        let local = local(name);

        if let Some(cell) = &mut self.cell {
            if depth == cell.depth {
                cell.child = Child::None;
            } else if depth + 1 == cell.depth {
                let cell = self.cell.take().expect("a cell is open");
                self.finish(cell)?;
            }
        } else if self.phase == Phase::In && local == "row" {
            self.row += 1;
            self.col = 0;
        } else if self.phase == Phase::In && local == "sheetData" {
            self.phase = Phase::Done;
        }

        if let Some((open, bytes)) = self.string
            && depth + 1 == open
        {
            self.string = None;
            self.part.strings.push(bytes.min(u32::MAX as u64) as u32);
            if self.part.strings.len() as u64 > self.limits.shared_strings {
                return Err(LimitError::SharedStrings {
                    max: self.limits.shared_strings,
                });
            }
        }

        if let Some((open, start)) = self.item
            && depth + 1 == open
        {
            self.item = None;
            let bytes = after.saturating_sub(start);
            match self.container {
                Some((Container::Fonts, _)) => self.fonts.push(bytes),
                Some((Container::Fills, _)) => self.fills.push(bytes),
                Some((Container::Borders, _)) => self.borders.push(bytes),
                _ => return Ok(()),
            }
            // The list itself, kept for the whole workbook.
            self.add_style(bytes + 64)?;
        } else if self
            .container
            .is_some_and(|(c, _)| Container::of(local).is_some_and(|(o, _)| o == c))
        {
            self.container = None;
        }
        Ok(())
    }

    fn text(&mut self, text: &str, plain: bool) -> Result<(), LimitError> {
        let bytes = text.len() as u64;
        if let Some(cell) = &mut self.cell {
            match cell.child {
                Child::Value { first } if cell.shared => {
                    if first {
                        cell.index = Some(match xml::number(text).filter(|_| plain) {
                            Some(i) if i < u32::MAX as u64 => i as u32,
                            _ => u32::MAX,
                        });
                    }
                }
                Child::Value { .. } | Child::Inline => cell.text += bytes,
                Child::None | Child::Skipped => {}
            }
        }
        self.first_event_seen();
        if let Some((_, length)) = &mut self.string {
            *length += bytes;
            self.string_bytes += bytes;
            if self.string_bytes > self.limits.shared_string_bytes {
                return Err(LimitError::SharedStringBytes {
                    max: self.limits.shared_string_bytes,
                });
            }
        }
        Ok(())
    }

    /// The first event inside a shared-string cell's `<v>` has been seen.
    fn first_event_seen(&mut self) {
        if let Some(Cell {
            child: Child::Value { first },
            ..
        }) = &mut self.cell
        {
            *first = false;
        }
    }

    fn finish(&mut self, cell: Cell) -> Result<(), LimitError> {
        let limits = self.limits;
        self.col += 1;
        if !cell.content {
            return Ok(());
        }
        let (row, col) = (cell.row + 1, cell.col + 1);
        if row > limits.rows || col > limits.columns {
            return Err(LimitError::TooFar {
                sheet: self.here.clone(),
                row,
                column: col,
                max_rows: limits.rows,
                max_columns: limits.columns,
            });
        }
        let part = &mut self.part;
        part.cells += 1;
        *self.flat_cells += 1;
        if part.cells > limits.sheet_cells {
            return Err(LimitError::SheetCells {
                sheet: self.here.clone(),
                max: limits.sheet_cells,
            });
        }
        if *self.flat_cells > limits.workbook_cells {
            return Err(LimitError::WorkbookCells {
                cells: *self.flat_cells,
                max: limits.workbook_cells,
            });
        }
        let (top, left, bottom, right) = part.bounds.unwrap_or((row, col, row, col));
        part.bounds = Some((top.min(row), left.min(col), bottom.max(row), right.max(col)));
        let area = part.area();
        if area > limits.sheet_area {
            let (top, left, bottom, right) = part.bounds.expect("just set");
            return Err(LimitError::SheetArea {
                sheet: self.here.clone(),
                range: a1_range(top, left, bottom, right),
                cells: area,
                max: limits.sheet_area,
            });
        }
        if let Some(index) = cell.index {
            part.shared.push(index);
        }
        part.text += cell.text;
        Ok(())
    }
}
