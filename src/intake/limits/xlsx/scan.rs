//! One entry's scan: a state machine over its events that follows calamine's readers of
//! sheets (`XlsxCellReader::next_cell`), shared strings (`read_shared_strings`) and styles
//! (`read_styles`).

use std::collections::HashMap;
use std::io::BufRead;

use quick_xml::events::Event;

use super::super::xml::{self, Nesting, local, pick};
use super::super::{LimitError, Limits, Where, a1_range};
use super::duplicate;

/// What one entry would cost calamine.
#[derive(Debug, Default, Clone)]
pub(super) struct Part {
    /// Cells with a value.
    pub(super) cells: u64,
    /// 1-based top, left, bottom, right of the cells with a value.
    pub(super) bounds: Option<(u64, u64, u64, u64)>,
    /// Shared strings shown by cells, by index; `u32::MAX` where the index is unclear.
    pub(super) shared: Vec<u32>,
    /// Other text in cells, in bytes.
    pub(super) text: u64,
    /// Byte lengths of the `<si>` strings.
    pub(super) strings: Vec<u32>,
    /// Bytes unpacked.
    pub(super) bytes: u64,
}

impl Part {
    pub(super) fn area(&self) -> u64 {
        self.bounds.map_or(0, |(top, left, bottom, right)| {
            (bottom - top + 1).saturating_mul(right - left + 1)
        })
    }
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
    /// A formula, whose text calamine keeps when it reads the sheet's formulas.
    Formula,
    /// A value calamine skips.
    Skipped,
}

/// What a cell's `<f>` is to calamine's `worksheet_formula`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Formula {
    None,
    /// Its own text.
    Own,
    /// The first cell of a shared formula (`t="shared"` with `ref`): its text, kept for the
    /// cells that share it under its `si`.
    Shared(u64),
    /// A cell that shares formula `si`: the first cell's text, its references moved.
    Sharing(u64),
}

/// How many times longer than the shared text a moved copy can be: each reference is at
/// least two characters (`A1`) and at most ten (`XFD1048576`).
const MOVED: u64 = 5;

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
    formula: Formula,
    formula_text: u64,
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

/// One entry's scan.
pub(super) struct Scan<'a> {
    limits: &'a Limits,
    here: &'a Where,
    name: &'a str,
    flat_cells: &'a mut u64,
    style_bytes: &'a mut u64,
    nesting: Nesting,
    pub(super) part: Part,
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
    /// The text length of each shared formula, by `si`.
    shared_formulas: HashMap<u64, u64>,
}

/// What calamine's `Style` costs beyond the bytes copied into it.
const STYLE: u64 = (std::mem::size_of::<calamine::Style>() + 16) as u64;
/// A built-in number format's code, copied into the style.
const BUILTIN_FORMAT: u64 = 48;

impl<'a> Scan<'a> {
    pub(super) fn new(
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
            shared_formulas: HashMap::new(),
        }
    }

    pub(super) fn run(&mut self, input: &mut dyn BufRead) -> Result<(), LimitError> {
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
                    "f" => {
                        // calamine's `worksheet_formula` sizes its list of shared formulas
                        // by the largest `si`, and fails on one that is not a number.
                        let (t, si, reference) = match pick(attributes, ["t", "si", "ref"]) {
                            Ok([t, si, reference]) => (t, si, reference),
                            Err(_) => (None, None, None),
                        };
                        cell.formula = match (t, si.map(xml::number)) {
                            (Some("shared"), Some(Some(si))) => {
                                if si > self.limits.sheet_cells {
                                    let (row, column) = (cell.row + 1, cell.col + 1);
                                    return Err(LimitError::Formula {
                                        sheet: self.here.clone(),
                                        row,
                                        column,
                                    });
                                }
                                if reference.is_some() {
                                    Formula::Shared(si)
                                } else {
                                    Formula::Sharing(si)
                                }
                            }
                            (Some("shared"), _) => Formula::None,
                            _ => Formula::Own,
                        };
                        Some(Child::Formula)
                    }
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
                                formula: Formula::None,
                                formula_text: 0,
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
                Child::Formula => cell.formula_text += bytes,
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

    fn finish(&mut self, mut cell: Cell) -> Result<(), LimitError> {
        let limits = self.limits;
        self.col += 1;
        // A cell with a formula is a cell of the sheet's formula grid, which calamine builds
        // like the grid of values when intake asks for a formula: it counts as a cell, and
        // its formula's text as text.
        let formula = match cell.formula {
            Formula::None => 0,
            Formula::Own => cell.formula_text,
            Formula::Shared(si) => {
                self.shared_formulas.insert(si, cell.formula_text);
                cell.formula_text
            }
            Formula::Sharing(si) => self
                .shared_formulas
                .get(&si)
                .map_or(0, |&len| len.saturating_mul(MOVED)),
        };
        if formula > 0 {
            cell.content = true;
            cell.text += formula;
        }
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
