//! `.xlsb`: what calamine would allocate for each sheet, read from the binary records as
//! calamine reads them (`Xlsb::new`, `XlsbCellsReader::next_cell`, `worksheet_range`).
//!
//! calamine spans a sheet's cells with one grid, so a value at `A1` and one at
//! `XFD1048576` make it allocate 17 billion cells; and it copies a shared string into every
//! cell that shows it. The shared strings (`xl/sharedStrings.bin`), the workbook's sheet list
//! (`xl/workbook.bin`), its relationships (`xl/_rels/workbook.bin.rels`) and every sheet
//! listed are read here first, metered, and counted against the same limits as an `.xlsx`.
//! Other entries calamine does not open, and neither does this.

use std::collections::HashMap;
use std::io::{BufRead, Read};

use super::archive::Archive;
use super::{LimitError, Limits, Where, a1_range};

pub(super) fn inspect(bytes: &[u8], limits: &Limits) -> Result<(), LimitError> {
    let Some(mut archive) = Archive::open(bytes, limits)? else {
        return Ok(());
    };
    // `Xlsb::new` reads, in this order: the shared strings, the styles, the workbook's
    // relationships and its sheet list. Styles are kept as one small format a record.
    let strings = match archive.find("xl/sharedStrings.bin") {
        Some(i) => shared_strings(&mut archive, i, limits)?,
        None => Vec::new(),
    };
    if let Some(i) = archive.find("xl/styles.bin") {
        archive.read(i, |input| {
            let _ = std::io::copy(input, &mut std::io::sink());
            Ok(())
        })?;
    }
    let relationships = match archive.find_exact("xl/_rels/workbook.bin.rels") {
        Some(i) => super::xlsx::relationship_targets(&mut archive, i, limits)?,
        None => HashMap::new(),
    };
    let Some(workbook) = archive.find("xl/workbook.bin") else {
        return Ok(());
    };
    let Some(sheets) = sheet_list(&mut archive, workbook, &relationships, limits)? else {
        return Ok(());
    };

    // `worksheets()` reads each sheet by name (a second sheet of a name reads the first)
    // and holds them all at once.
    let mut first_by_name: HashMap<String, Option<usize>> = HashMap::new();
    let mut scanned: HashMap<usize, Sheet> = HashMap::new();
    let (mut cells, mut area, mut text) = (0u64, 0u64, 0u64);
    for (name, path) in &sheets {
        let entry = *first_by_name
            .entry(name.clone())
            .or_insert_with(|| archive.find(path));
        let Some(i) = entry else { continue };
        if let std::collections::hash_map::Entry::Vacant(slot) = scanned.entry(i) {
            let here = Where::Sheet(name.clone());
            slot.insert(scan_sheet(&mut archive, i, &here, &strings, limits)?);
        }
        let sheet = &scanned[&i];
        cells = cells.saturating_add(sheet.cells);
        area = area.saturating_add(sheet.area());
        text = text.saturating_add(sheet.text);
    }
    if cells > limits.workbook_cells {
        return Err(LimitError::WorkbookCells {
            cells,
            max: limits.workbook_cells,
        });
    }
    if area > limits.workbook_area {
        return Err(LimitError::WorkbookArea {
            cells: area,
            max: limits.workbook_area,
        });
    }
    if text > limits.cell_text_bytes {
        return Err(LimitError::CellText {
            bytes: text,
            max: limits.cell_text_bytes,
        });
    }
    Ok(())
}

/// Reads the records of an entry as calamine's `RecordIter` does: a type of one or two
/// bytes, a length of one to four, then the body. The body is copied over the start of
/// `buf`, which only grows, as calamine's buffer does: a short record leaves the bytes of
/// a longer one after it, and calamine reads them. `None` at the end, or where calamine's
/// read fails.
struct Records<'r> {
    input: &'r mut dyn BufRead,
    buf: Vec<u8>,
    body: Vec<u8>,
}

impl Records<'_> {
    fn byte(&mut self) -> Option<u8> {
        let mut b = [0];
        self.input.read_exact(&mut b).ok()?;
        Some(b[0])
    }

    /// The next record's type and length; its body is in `self.buf[..len]`.
    fn next(&mut self) -> Option<(u16, usize)> {
        let b = self.byte()?;
        let typ = if b & 0x80 != 0 {
            u16::from(b & 0x7F) + (u16::from(self.byte()? & 0x7F) << 7)
        } else {
            u16::from(b)
        };
        let mut b = self.byte()?;
        let mut len = usize::from(b & 0x7F);
        for i in 1..4 {
            if b & 0x80 == 0 {
                break;
            }
            b = self.byte()?;
            len += usize::from(b & 0x7F) << (7 * i);
        }
        self.body.clear();
        (&mut *self.input)
            .take(len as u64)
            .read_to_end(&mut self.body)
            .ok()?;
        if self.body.len() < len {
            return None;
        }
        if self.buf.len() < len {
            self.buf.resize(len, 0);
        }
        self.buf[..len].copy_from_slice(&self.body);
        Some((typ, len))
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        let bytes = self.buf.get(at..at + 4)?;
        Some(u32::from_le_bytes(bytes.try_into().ok()?))
    }
}

/// The UTF-8 bytes calamine makes of the wide string at `at` of `buf[..len]`: at most
/// three a UTF-16 unit. `None` where calamine fails on it.
fn wide_text(records: &Records<'_>, at: usize, len: usize) -> Option<u64> {
    let units = u64::from(records.u32_at(at)?);
    let end = (at as u64 + 4).checked_add(units * 2)?;
    // calamine reads the string from the whole buffer, not only this record's bytes.
    let _ = len;
    if end > records.buf.len() as u64 {
        return None;
    }
    Some(units * 3)
}

/// The byte length each shared string takes in calamine, in table order
/// (`read_shared_strings`: `BrtSSTItem` records after `BrtBeginSst`).
fn shared_strings(
    archive: &mut Archive<'_>,
    i: usize,
    limits: &Limits,
) -> Result<Vec<u64>, LimitError> {
    let found = archive.read(i, |input| {
        let mut records = Records {
            input,
            buf: Vec::new(),
            body: Vec::new(),
        };
        let mut lengths = Vec::new();
        let mut bytes = 0u64;
        let mut started = false;
        while let Some((typ, len)) = records.next() {
            match typ {
                0x009F => started = true,
                0x0013 if started => {
                    let Some(text) = wide_text(&records, 1, len) else {
                        break;
                    };
                    lengths.push(text);
                    bytes += text;
                    if lengths.len() as u64 > limits.shared_strings {
                        return Err(LimitError::SharedStrings {
                            max: limits.shared_strings,
                        });
                    }
                    if bytes > limits.shared_string_bytes {
                        return Err(LimitError::SharedStringBytes {
                            max: limits.shared_string_bytes,
                        });
                    }
                }
                _ => {}
            }
        }
        Ok(lengths)
    })?;
    Ok(found.map(|(lengths, _)| lengths).unwrap_or_default())
}

/// The sheets `xl/workbook.bin` lists (`BrtBundleSh` records up to `BrtEndBundleShs`),
/// each with the entry its relationship names. `None` where calamine fails on the list.
fn sheet_list(
    archive: &mut Archive<'_>,
    i: usize,
    relationships: &HashMap<String, String>,
    limits: &Limits,
) -> Result<Option<Vec<(String, String)>>, LimitError> {
    let found = archive.read(i, |input| {
        let mut records = Records {
            input,
            buf: Vec::new(),
            body: Vec::new(),
        };
        let mut sheets = Vec::new();
        while let Some((typ, len)) = records.next() {
            match typ {
                0x009C => {
                    let Some(id_units) = records.u32_at(8) else {
                        return Ok(None);
                    };
                    if id_units == u32::MAX {
                        continue;
                    }
                    let id_end = 12 + id_units as usize * 2;
                    let (Some(id), Some(_)) = (
                        records.buf.get(12..id_end),
                        wide_text(&records, id_end, len),
                    ) else {
                        return Ok(None);
                    };
                    let id: Vec<u16> = id
                        .chunks_exact(2)
                        .map(|c| u16::from_le_bytes([c[0], c[1]]))
                        .collect();
                    let id = String::from_utf16_lossy(&id);
                    let Some(target) = relationships.get(&id) else {
                        return Ok(None);
                    };
                    let name_units = records.u32_at(id_end).unwrap_or(0) as usize;
                    let name: Vec<u16> = records
                        .buf
                        .get(id_end + 4..id_end + 4 + name_units * 2)
                        .unwrap_or_default()
                        .chunks_exact(2)
                        .map(|c| u16::from_le_bytes([c[0], c[1]]))
                        .collect();
                    sheets.push((String::from_utf16_lossy(&name), format!("xl/{target}")));
                    if sheets.len() as u64 > limits.sheets {
                        return Err(LimitError::Sheets { max: limits.sheets });
                    }
                }
                0x0090 => break,
                _ => {}
            }
        }
        Ok(Some(sheets))
    })?;
    Ok(found.and_then(|(sheets, _)| sheets))
}

/// What one sheet costs calamine.
#[derive(Debug, Default)]
struct Sheet {
    cells: u64,
    /// 0-based top, left, bottom, right of the cells.
    bounds: Option<(u64, u64, u64, u64)>,
    text: u64,
}

impl Sheet {
    fn area(&self) -> u64 {
        self.bounds.map_or(0, |(top, left, bottom, right)| {
            (bottom - top + 1).saturating_mul(right - left + 1)
        })
    }
}

/// Scans a sheet entry as `XlsbCellsReader` reads it: from `BrtBeginSheetData` to
/// `BrtEndSheetData`, a row from each `BrtRowHdr` (a row past 1,048,576 ends the sheet),
/// a cell from each value record, its column the first four bytes of the buffer.
fn scan_sheet(
    archive: &mut Archive<'_>,
    i: usize,
    here: &Where,
    strings: &[u64],
    limits: &Limits,
) -> Result<Sheet, LimitError> {
    let found = archive.read(i, |input| {
        let mut records = Records {
            input,
            buf: Vec::new(),
            body: Vec::new(),
        };
        let mut sheet = Sheet::default();
        let mut in_data = false;
        let mut row = 0u64;
        while let Some((typ, len)) = records.next() {
            if !in_data {
                in_data = typ == 0x0091;
                continue;
            }
            let text = match typ {
                0x0000 => {
                    let Some(r) = records.u32_at(0) else { break };
                    if r > 0x0010_0000 {
                        break;
                    }
                    row = u64::from(r);
                    continue;
                }
                0x0092 => break,
                0x0002..=0x0005 | 0x0009 | 0x000A => 0,
                0x0006 | 0x0008 => match wide_text(&records, 8, len) {
                    Some(text) => text,
                    None => break,
                },
                0x0007 => {
                    let Some(index) = records.u32_at(8) else {
                        break;
                    };
                    match strings.get(index as usize) {
                        Some(&text) => text,
                        // Past the table: calamine fails on the sheet.
                        None => break,
                    }
                }
                _ => continue,
            };
            let Some(col) = records.u32_at(0) else { break };
            let col = u64::from(col);
            if row + 1 > limits.rows || col + 1 > limits.columns {
                return Err(LimitError::TooFar {
                    sheet: here.clone(),
                    row: row + 1,
                    column: col + 1,
                    max_rows: limits.rows,
                    max_columns: limits.columns,
                });
            }
            sheet.cells += 1;
            if sheet.cells > limits.sheet_cells {
                return Err(LimitError::SheetCells {
                    sheet: here.clone(),
                    max: limits.sheet_cells,
                });
            }
            sheet.text += text;
            sheet.bounds = Some(match sheet.bounds {
                None => (row, col, row, col),
                Some((t, l, b, r)) => (t.min(row), l.min(col), b.max(row), r.max(col)),
            });
            let area = sheet.area();
            if area > limits.sheet_area {
                let (t, l, b, r) = sheet.bounds.unwrap_or_default();
                return Err(LimitError::SheetArea {
                    sheet: here.clone(),
                    range: a1_range(t + 1, l + 1, b + 1, r + 1),
                    cells: area,
                    max: limits.sheet_area,
                });
            }
        }
        Ok(sheet)
    })?;
    Ok(found.map(|(sheet, _)| sheet).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::{GuardedOpenError, Limits, open_checked};

    fn corpus(path: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus")
            .join(path)
    }

    /// Found while writing the fuzz targets: `.xlsb` files were only unpacked, and one of
    /// 932 bytes with values at A1 and XFD1048576 made calamine allocate 512 GiB.
    #[test]
    fn a_far_cell_in_an_xlsb_is_rejected() {
        match open_checked(&corpus("hostile/xlsb_far_cell.xlsb"), &Limits::default()) {
            Err(GuardedOpenError::Limit(err)) => assert_eq!(
                err.to_string(),
                "工作表“Sheet1”引用了第 1048576 行、第 16384 列（XFD1048576），超出读取上限（100000 行、1000 列）"
            ),
            Err(other) => panic!("{other}"),
            Ok(_) => panic!("accepted"),
        }
    }

    #[test]
    fn an_ordinary_xlsb_passes_and_small_limits_stop_it() {
        let path = corpus("messy/binary_workbook.xlsb");
        let mut book = open_checked(&path, &Limits::default()).unwrap();
        let sheets = calamine::Reader::worksheets(&mut book);
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].1.get_size(), (5, 4));
        let small = |limits: Limits| match open_checked(&path, &limits) {
            Err(GuardedOpenError::Limit(err)) => err.to_string(),
            _ => panic!("accepted"),
        };
        let default = Limits::default();
        assert_eq!(
            small(Limits {
                sheet_cells: 10,
                ..default.clone()
            }),
            "工作表“Sheet1”填有内容的单元格超过 10 个，超出读取上限"
        );
        assert_eq!(
            small(Limits {
                sheet_area: 12,
                ..default.clone()
            }),
            "工作表“Sheet1”的数据区域 A1:D4 有 16 个单元格，超出读取上限（12 个）"
        );
        assert!(
            small(Limits {
                cell_text_bytes: 50,
                ..default
            })
            .starts_with("各单元格的文字展开后共")
        );
    }
}
