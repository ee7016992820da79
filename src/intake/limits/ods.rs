//! `.ods`: the tables of `content.xml` as calamine expands them.
//!
//! calamine's ODS reader (`read_table`, `read_row`, `get_range`) repeats a cell that holds
//! a value `number-columns-repeated` times, a row `number-rows-repeated` times, fills the
//! gaps between values with empty cells, and keeps every table at once, with a formula
//! string beside every cell. Empty repeats after the last value cost nothing.

use std::io::BufRead;

use quick_xml::events::Event;

use super::archive::Archive;
use super::xml::{self, Nesting};
use super::{LimitError, Limits, Where};

pub(super) fn inspect(bytes: &[u8], limits: &Limits) -> Result<(), LimitError> {
    let Some(mut archive) = Archive::open(bytes, limits)? else {
        return Ok(());
    };
    // `Ods::new` reads the manifest whole into one buffer, a bounded part of `meta.xml`,
    // and `content.xml`, where the tables are.
    if let Some(i) = archive.find_exact("META-INF/manifest.xml") {
        archive.read(i, |input| {
            let _ = std::io::copy(input, &mut std::io::sink());
            Ok(())
        })?;
    }
    let Some(content) = archive.find_exact("content.xml") else {
        return Ok(());
    };
    let mut totals = Totals::default();
    let mut scan = Scan {
        limits,
        name: "content.xml",
        totals: &mut totals,
        nesting: Nesting::default(),
        table: None,
    };
    archive.read(content, |input| scan.run(input))?;
    if totals.text > limits.cell_text_bytes {
        return Err(LimitError::CellText {
            bytes: totals.text,
            max: limits.cell_text_bytes,
        });
    }
    Ok(())
}

/// What all tables of the workbook cost together.
#[derive(Debug, Default)]
struct Totals {
    cells: u64,
    area: u64,
    text: u64,
}

#[derive(Debug)]
struct Table {
    here: Where,
    /// 0-based row where the next row element starts.
    row: u64,
    /// Cells kept while reading: each row up to its last value.
    cells: u64,
    /// 0-based first row with a value, and the end of the last one.
    rows: Option<(u64, u64)>,
    /// Widest row, up to its last value.
    width: u64,
    open_row: Option<Row>,
}

#[derive(Debug)]
struct Row {
    depth: usize,
    repeats: u64,
    /// Where the next cell starts.
    col: u64,
    /// End of the last cell with a value.
    end: u64,
    open_cell: Option<Cell>,
}

#[derive(Debug)]
struct Cell {
    depth: usize,
    start: u64,
    repeats: u64,
    content: bool,
    text: u64,
}

/// Attributes that make calamine keep a cell: a value, a value type, a formula.
const VALUE_ATTRIBUTES: [&str; 7] = [
    "office:value",
    "office:string-value",
    "office:date-value",
    "office:time-value",
    "office:boolean-value",
    "office:value-type",
    "table:formula",
];

/// The scan of one entry; `Ok` at any point calamine would fail on the whole file.
struct Scan<'a> {
    limits: &'a Limits,
    name: &'a str,
    totals: &'a mut Totals,
    nesting: Nesting,
    table: Option<Table>,
}

/// Why a scan stopped.
enum Stop {
    /// calamine fails on the file from here on: nothing more is allocated.
    Fails,
    Limit(LimitError),
}

impl From<LimitError> for Stop {
    fn from(e: LimitError) -> Self {
        Stop::Limit(e)
    }
}

impl Scan<'_> {
    fn run(&mut self, input: &mut dyn BufRead) -> Result<(), LimitError> {
        let mut reader = xml::reader(input);
        let mut buf = Vec::new();
        loop {
            let Ok(event) = reader.read_event_into(&mut buf) else {
                return Ok(());
            };
            let step = match event {
                Event::Start(e) => self.start(e.name().as_ref(), e.attributes_raw()),
                Event::End(e) => self.end(e.name().as_ref()),
                Event::Text(t) => self.text(t.len() as u64),
                Event::CData(t) => self.text(t.len() as u64),
                Event::GeneralRef(r) => self.text(r.len() as u64),
                Event::Eof => return Ok(()),
                _ => self.text(0),
            };
            match step {
                Ok(()) => {}
                Err(Stop::Fails) => return Ok(()),
                Err(Stop::Limit(e)) => return Err(e),
            }
            buf.clear();
        }
    }

    fn malformed(&self, detail: String) -> Stop {
        Stop::Limit(LimitError::Malformed {
            part: self.name.to_string(),
            detail,
        })
    }

    fn start(&mut self, name: &str, attributes: &str) -> Result<(), Stop> {
        if name == "table:table" {
            self.nesting.on = true;
        }
        self.nesting
            .open(name, self.limits.xml_depth)
            .map_err(|d| self.malformed(d))?;
        let depth = self.nesting.depth();
        let limits = self.limits;
        let Some(table) = &mut self.table else {
            if name == "table:table"
                && let Ok(Some(sheet)) = xml::raw_attr(attributes, "table:name")
            {
                self.table = Some(Table {
                    here: Where::Sheet(unescape(sheet)),
                    row: 0,
                    cells: 0,
                    rows: None,
                    width: 0,
                    open_row: None,
                });
            }
            return Ok(());
        };
        let Some(row) = &mut table.open_row else {
            match name {
                "table:table-row" => {
                    let repeats = repeats(attributes, "table:number-rows-repeated")?;
                    table.open_row = Some(Row {
                        depth,
                        repeats,
                        col: 0,
                        end: 0,
                        open_cell: None,
                    });
                }
                // calamine ends the outer table at the inner one's end.
                "table:table" => return Err(self.malformed("表格中套有表格".to_string())),
                _ => {}
            }
            return Ok(());
        };
        let Some(cell) = &mut row.open_cell else {
            // Between cells calamine accepts nothing but another cell.
            if !matches!(name, "table:table-cell" | "table:covered-table-cell") {
                return Err(Stop::Fails);
            }
            let repeats = repeats(attributes, "table:number-columns-repeated")?;
            let mut content = false;
            let mut text = 0;
            for attribute in xml::attributes(attributes) {
                let Ok((key, value)) = attribute else {
                    return Err(Stop::Fails);
                };
                if VALUE_ATTRIBUTES.contains(&key) {
                    content = true;
                    if key != "office:value-type" && key != "office:value" {
                        text += value.len() as u64;
                    }
                }
            }
            row.open_cell = Some(Cell {
                depth,
                start: row.col,
                repeats,
                content,
                text,
            });
            row.col = row.col.saturating_add(repeats);
            let _ = limits;
            return Ok(());
        };
        // Inside a cell: calamine reads it to its end; text:s repeats a space.
        match name {
            "table:table-cell" | "table:covered-table-cell" | "table:table-row" | "table:table" => {
                Err(self.malformed(format!("单元格中有 <{name}>")))
            }
            "text:s" => {
                let count = repeats(attributes, "text:c")?;
                cell.text = cell.text.saturating_add(count);
                // calamine appends the spaces as it reads them, before the cell ends: a
                // broken end tag after them stops it only once they are allocated.
                if cell.text > self.limits.cell_text_bytes {
                    return Err(LimitError::CellText {
                        bytes: cell.text,
                        max: self.limits.cell_text_bytes,
                    }
                    .into());
                }
                Ok(())
            }
            _ => {
                cell.text += 1;
                Ok(())
            }
        }
    }

    fn end(&mut self, name: &str) -> Result<(), Stop> {
        self.nesting.close(name).map_err(|d| self.malformed(d))?;
        let depth = self.nesting.depth();
        let limits = self.limits;
        let Some(table) = &mut self.table else {
            return Ok(());
        };
        let Some(row) = &mut table.open_row else {
            if name == "table:table" {
                self.table = None;
            }
            return Ok(());
        };
        if let Some(cell) = &row.open_cell {
            if depth + 1 != cell.depth {
                return Ok(());
            }
            let cell = row.open_cell.take().expect("a cell is open");
            if !cell.content {
                return Ok(());
            }
            let end = cell.start.saturating_add(cell.repeats);
            let top = table.row.saturating_add(1);
            if end > limits.columns {
                return Err(LimitError::TooFar {
                    sheet: table.here.clone(),
                    row: top,
                    column: end,
                    max_rows: limits.rows,
                    max_columns: limits.columns,
                }
                .into());
            }
            let expanded = cell.repeats.saturating_mul(row.repeats);
            if expanded > limits.repeated_cells {
                return Err(LimitError::RepeatedCells {
                    sheet: table.here.clone(),
                    row: top,
                    column: cell.start + 1,
                    cells: expanded,
                    max: limits.repeated_cells,
                }
                .into());
            }
            row.end = end;
            // Copied once into the row as read, once per repeat of the row in the grid.
            let text = cell
                .text
                .saturating_mul(cell.repeats)
                .saturating_mul(row.repeats.saturating_add(1));
            // Checked once the whole table is counted, to name the whole amount.
            self.totals.text = self.totals.text.saturating_add(text);
            return Ok(());
        }
        if depth + 1 != row.depth {
            return Ok(());
        }
        let row = table.open_row.take().expect("a row is open");
        let start = table.row;
        table.row = table.row.saturating_add(row.repeats);
        if row.end == 0 {
            return Ok(());
        }
        if table.row > limits.rows {
            return Err(LimitError::TooFar {
                sheet: table.here.clone(),
                row: table.row,
                column: row.end,
                max_rows: limits.rows,
                max_columns: limits.columns,
            }
            .into());
        }
        table.cells += row.end;
        self.totals.cells += row.end;
        if table.cells > limits.sheet_cells {
            return Err(LimitError::SheetCells {
                sheet: table.here.clone(),
                max: limits.sheet_cells,
            }
            .into());
        }
        if self.totals.cells > limits.workbook_cells {
            return Err(LimitError::WorkbookCells {
                cells: self.totals.cells,
                max: limits.workbook_cells,
            }
            .into());
        }
        let first = table.rows.map_or(start, |(first, _)| first);
        let old_area = area(table);
        table.rows = Some((first, table.row));
        table.width = table.width.max(row.end);
        let new_area = area(table);
        if new_area > limits.sheet_area {
            return Err(LimitError::SheetArea {
                sheet: table.here.clone(),
                range: super::a1_range(first + 1, 1, table.row, table.width),
                cells: new_area,
                max: limits.sheet_area,
            }
            .into());
        }
        self.totals.area = self.totals.area + new_area - old_area;
        if self.totals.area > limits.workbook_area {
            return Err(LimitError::WorkbookArea {
                cells: self.totals.area,
                max: limits.workbook_area,
            }
            .into());
        }
        Ok(())
    }

    fn text(&mut self, bytes: u64) -> Result<(), Stop> {
        match &mut self.table {
            Some(Table {
                open_row: Some(row),
                ..
            }) => match &mut row.open_cell {
                Some(cell) => {
                    cell.text += bytes;
                    Ok(())
                }
                // Text between cells: calamine's `read_row` fails.
                None => Err(Stop::Fails),
            },
            _ => Ok(()),
        }
    }
}

/// The grid calamine allocates for a table: from its first row with a value to its last,
/// as wide as its widest row.
fn area(table: &Table) -> u64 {
    table
        .rows
        .map_or(0, |(first, end)| (end - first).saturating_mul(table.width))
}

/// A repeat count as calamine parses it; a count it cannot parse fails the file.
/// A repeat count (or `text:s`'s count of spaces), looked up as calamine looks it up.
fn repeats(attributes: &str, key: &str) -> Result<u64, Stop> {
    match xml::raw_attr(attributes, key) {
        Ok(None) => Ok(1),
        Ok(Some(v)) => unescape(v).parse::<u64>().map_err(|_| Stop::Fails),
        Err(()) => Err(Stop::Fails),
    }
}

fn unescape(raw: &str) -> String {
    quick_xml::escape::unescape(raw).map_or_else(|_| raw.to_string(), |s| s.into_owned())
}
