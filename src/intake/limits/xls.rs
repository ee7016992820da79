//! `.xls`: the compound file and the BIFF records calamine reads when it opens one.
//!
//! calamine's compound-file reader follows sector chains until they end, so a chain that
//! loops grows without bound; its BIFF reader reserves room for the range a sheet's
//! `DIMENSIONS` record declares, and allocates each string at the length its record
//! declares. All sheets are read when the workbook is opened. This module walks the same
//! chains and records the same way, with each chain bounded by the file, and counts what
//! calamine would keep. Where calamine would panic (an index out of range), the file is
//! rejected as malformed; where it would fail with an error, the file is passed on to
//! fail there.

mod cfb;

use cfb::Cfb;

use super::{LimitError, Limits, Where, a1_range};

/// Why a walk stopped.
enum Stop {
    /// calamine fails on the file here with an error: nothing more is allocated.
    Fails,
    Limit(LimitError),
}

impl From<LimitError> for Stop {
    fn from(e: LimitError) -> Self {
        Stop::Limit(e)
    }
}

fn malformed(detail: &str) -> Stop {
    Stop::Limit(LimitError::MalformedXls {
        detail: detail.to_string(),
    })
}

/// Checks an `.xls`: its compound file, then its workbook stream.
pub(super) fn inspect(bytes: &[u8], limits: &Limits) -> Result<(), LimitError> {
    let checked = Cfb::read(bytes).and_then(|cfb| {
        // calamine tries `Book` after any error reading `Workbook`; a chain that loops is
        // no error to calamine, it never ends.
        let stream = match cfb.stream("Workbook") {
            Err(Stop::Fails) => cfb.stream("Book")?,
            stream => stream?,
        };
        workbook(&stream, limits)
    });
    match checked {
        Ok(()) | Err(Stop::Fails) => Ok(()),
        Err(Stop::Limit(e)) => Err(e),
    }
}

/// Checks only the compound file, as calamine reads one when a workbook with an open
/// password (an `.xlsx` inside a compound file) is opened.
pub(super) fn inspect_container(bytes: &[u8]) -> Result<(), LimitError> {
    match Cfb::read(bytes) {
        Ok(_) | Err(Stop::Fails) => Ok(()),
        Err(Stop::Limit(e)) => Err(e),
    }
}

fn u16_at(b: &[u8], at: usize) -> Result<u16, Stop> {
    b.get(at..at + 2)
        .map(|s| u16::from_le_bytes([s[0], s[1]]))
        .ok_or_else(|| malformed("记录过短"))
}

fn u32_at(b: &[u8], at: usize) -> Result<u32, Stop> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
        .ok_or_else(|| malformed("记录过短"))
}

/// A BIFF record with the `CONTINUE` records after it, as calamine's `RecordIter` gives it.
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    cont: std::collections::VecDeque<&'a [u8]>,
    /// Bytes of the stream it took.
    bytes: usize,
}

impl<'a> Record<'a> {
    fn next_continue(&mut self) -> bool {
        match self.cont.pop_front() {
            Some(data) => {
                self.data = data;
                true
            }
            None => false,
        }
    }

    fn skip(&mut self, mut len: usize) -> Result<(), Stop> {
        while len > 0 {
            if self.data.is_empty() && !self.next_continue() {
                return Err(Stop::Fails);
            }
            let n = len.min(self.data.len());
            self.data = &self.data[n..];
            len -= n;
        }
        Ok(())
    }
}

fn records(mut stream: &[u8]) -> impl Iterator<Item = Result<Record<'_>, Stop>> {
    std::iter::from_fn(move || {
        if stream.len() < 4 {
            return (!stream.is_empty()).then_some(Err(Stop::Fails));
        }
        let typ = u16::from_le_bytes([stream[0], stream[1]]);
        let len = u16::from_le_bytes([stream[2], stream[3]]) as usize;
        if stream.len() < len + 4 {
            return Some(Err(Stop::Fails));
        }
        let data = &stream[4..len + 4];
        stream = &stream[len + 4..];
        let mut bytes = len + 4;
        let mut cont = std::collections::VecDeque::new();
        let is_continue = |s: &[u8]| s.len() > 4 && u16::from_le_bytes([s[0], s[1]]) == 0x003C;
        if is_continue(stream) {
            while is_continue(stream) {
                let len = u16::from_le_bytes([stream[2], stream[3]]) as usize;
                if stream.len() < len + 4 {
                    return Some(Err(Stop::Fails));
                }
                cont.push_back(&stream[4..len + 4]);
                stream = &stream[len + 4..];
                bytes += len + 4;
            }
        }
        Some(Ok(Record {
            typ,
            data,
            cont,
            bytes,
        }))
    })
}

/// Upper bounds of the UTF-8 bytes of the shared strings (`parse_sst`): a string
/// reserves its declared length and grows to at most three bytes a UTF-16 unit, two a
/// single-byte character.
fn shared_strings(r: &mut Record<'_>, limits: &Limits) -> Result<Vec<u32>, Stop> {
    if r.data.len() < 8 {
        return Err(Stop::Fails);
    }
    r.data = &r.data[8..];
    let mut strings = Vec::new();
    let mut total: u64 = 0;
    while !r.data.is_empty() || r.next_continue() {
        if r.data.len() < 3 {
            return Err(Stop::Fails);
        }
        let cch = u16_at(r.data, 0)? as usize;
        let flags = r.data[2];
        r.data = &r.data[3..];
        let mut high = flags & 1 != 0;
        let mut runs = 0;
        if flags & 0x8 != 0 {
            runs = u16_at(r.data, 0)? as usize;
            r.data = &r.data[2..];
        }
        let mut ext = 0;
        if flags & 0x4 != 0 {
            ext = u32_at(r.data, 0)? as i32 as usize;
            r.data = &r.data[4..];
        }
        let mut left = cch;
        let mut bytes = 0;
        while left > 0 {
            let width = if high { 2 } else { 1 };
            let n = left.min(r.data.len() / width);
            bytes += n * if high { 3 } else { 2 };
            r.data = &r.data[n * width..];
            left -= n;
            if left > 0 {
                if !r.next_continue() {
                    return Err(Stop::Fails);
                }
                high = *r
                    .data
                    .first()
                    .ok_or_else(|| malformed("字符串续记录为空"))?
                    & 1
                    != 0;
                r.data = &r.data[1..];
            }
        }
        r.skip(runs * 4)?;
        r.skip(ext)?;
        let bound = bytes.max(cch) as u64;
        strings.push(bound as u32);
        total += bound + 24;
        if strings.len() as u64 > limits.shared_strings {
            return Err(LimitError::SharedStrings {
                max: limits.shared_strings,
            }
            .into());
        }
        if total > limits.shared_string_bytes {
            return Err(LimitError::SharedStringBytes {
                max: limits.shared_string_bytes,
            }
            .into());
        }
    }
    Ok(strings)
}

/// The globals, then every sheet, as `Xls::parse_workbook` reads them.
fn workbook(stream: &[u8], limits: &Limits) -> Result<(), Stop> {
    let mut strings: Vec<u32> = Vec::new();
    let mut sheets: Vec<(usize, Where)> = Vec::new();
    let mut biff8 = true;
    let mut longest_name: u64 = 0;
    for record in records(stream) {
        let mut r = record?;
        match r.typ {
            0x002F if u16_at(r.data, 0)? != 0 => return Err(Stop::Fails),
            0x0809 => {
                let version = u16_at(r.data, 0)?;
                biff8 = match version {
                    0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => false,
                    0 => r.data.get(2..4) != Some(&[0x00, 0x10]),
                    _ => true,
                };
            }
            0x0085 => {
                let pos = u32_at(r.data, 0)? as usize;
                let (Some(&visible), Some(&kind)) = (r.data.get(4), r.data.get(5)) else {
                    return Err(malformed("工作表记录过短"));
                };
                if visible & 0x3F > 2 || !matches!(kind, 0 | 1 | 2 | 6) {
                    return Err(Stop::Fails);
                }
                let name = sheet_name(&r.data[6..], biff8, sheets.len());
                longest_name = longest_name.max(3 * r.data.len() as u64);
                sheets.push((pos, Where::Sheet(name)));
                if sheets.len() as u64 > limits.sheets {
                    return Err(LimitError::Sheets { max: limits.sheets }.into());
                }
            }
            0x0018 => {
                let cch = *r.data.get(3).ok_or_else(|| malformed("名称记录过短"))? as u64;
                if r.data.len() < 14 {
                    return Err(malformed("名称记录过短"));
                }
                longest_name = longest_name.max(3 * cch);
            }
            0x00FC => strings = shared_strings(&mut r, limits)?,
            0x000A => break,
            _ => {}
        }
    }

    let mut totals = Totals::default();
    for (pos, here) in &sheets {
        let sheet = stream
            .get(*pos..)
            .ok_or_else(|| malformed("工作表位置超出数据流"))?;
        let mut walk = Sheet {
            limits,
            here,
            strings: &strings,
            longest_name,
            totals: &mut totals,
            cells: 0,
            bounds: None,
            formula: (0, 0),
        };
        walk.run(sheet)?;
    }
    if totals.text > limits.cell_text_bytes {
        return Err(LimitError::CellText {
            bytes: totals.text,
            max: limits.cell_text_bytes,
        }
        .into());
    }
    Ok(())
}

/// A sheet's name for messages: `ShortXLUnicodeString` in BIFF8, else the n-th sheet.
fn sheet_name(data: &[u8], biff8: bool, index: usize) -> String {
    let fallback = || format!("第 {} 个工作表", index + 1);
    if !biff8 || data.len() < 2 {
        return fallback();
    }
    let cch = data[0] as usize;
    let text = &data[2..];
    let name: String = if data[1] & 1 != 0 {
        let units = text
            .chunks_exact(2)
            .take(cch)
            .map(|u| u16::from_le_bytes([u[0], u[1]]));
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    } else {
        text.iter().take(cch).map(|&b| b as char).collect()
    };
    let name = name.replace('\0', "");
    if name.is_empty() { fallback() } else { name }
}

#[derive(Debug, Default)]
struct Totals {
    cells: u64,
    area: u64,
    text: u64,
    walked: u64,
}

struct Sheet<'a> {
    limits: &'a Limits,
    here: &'a Where,
    strings: &'a [u32],
    longest_name: u64,
    totals: &'a mut Totals,
    cells: u64,
    /// 1-based top, left, bottom, right of the cells calamine keeps.
    bounds: Option<(u64, u64, u64, u64)>,
    /// Where the last formula was, for the string record that follows it (0-based).
    formula: (u64, u64),
}

impl Sheet<'_> {
    fn run(&mut self, stream: &[u8]) -> Result<(), Stop> {
        let limits = self.limits;
        let mut seen_bof = false;
        let mut depth = 0usize;
        for record in records(stream) {
            let r = record?;
            self.totals.walked += r.bytes as u64;
            if self.totals.walked > limits.unpacked_bytes {
                return Err(LimitError::UnpackedTooLarge {
                    max: limits.unpacked_bytes,
                }
                .into());
            }
            if depth > 0 {
                match r.typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let d = r.data;
            match r.typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x0200 => self.dimensions(d)?,
                // NUMBER, BOOLERR, RK
                0x0203 | 0x0205 | 0x027E => self.cell(d, 0)?,
                // LABEL, RSTRING: a string reserved at its declared length.
                0x0204 | 0x00D6 => {
                    let cch = u16_at(d, 6).unwrap_or(0) as u64;
                    self.cell(d, 3 * cch.max(d.len() as u64))?
                }
                // STRING, the text result of the formula before it.
                0x0207 => {
                    let cch = u16_at(d, 0).unwrap_or(0) as u64;
                    let (row, col) = self.formula;
                    self.place(row, col, 3 * cch.max(d.len() as u64))?
                }
                // LABELSST: a copy of a shared string, when there is one.
                0x00FD => {
                    if d.len() < 10 {
                        return Err(Stop::Fails);
                    }
                    if let Some(&bytes) = self.strings.get(u32_at(d, 6)? as usize) {
                        self.cell(d, bytes as u64)?;
                    }
                }
                // MULRK: several numbers in a row.
                0x00BD => {
                    if d.len() < 6 {
                        return Err(Stop::Fails);
                    }
                    let row = u16_at(d, 0)? as u64;
                    let first = u16_at(d, 2)?;
                    let last = u16_at(d, d.len() - 2)?;
                    let count = last
                        .checked_sub(first)
                        .ok_or_else(|| malformed("MULRK 记录的列范围颠倒"))?
                        as usize
                        + 1;
                    if d.len() != 6 + 6 * count {
                        return Err(Stop::Fails);
                    }
                    for col in first as u64..=last as u64 {
                        self.place(row, col, 0)?;
                    }
                }
                0x0006 => self.formula(d)?,
                0x000A => break,
                _ => {}
            }
        }
        Ok(())
    }

    /// `DIMENSIONS`: calamine reserves the declared range, so it must be small.
    fn dimensions(&mut self, d: &[u8]) -> Result<(), Stop> {
        let (rf, rl, mut cf, cl) = match d.len() {
            10 => (
                u16_at(d, 0)? as u32,
                u16_at(d, 2)? as u32,
                u16_at(d, 4)? as u32,
                u16_at(d, 6)? as u32,
            ),
            14 | 16 => (
                u32_at(d, 0)?,
                u32_at(d, 4)?,
                u16_at(d, 8)? as u32,
                u16_at(d, 10)? as u32,
            ),
            _ => return Err(Stop::Fails),
        };
        if 0xFF < cf || cl < cf {
            cf = 0;
        }
        let (start, end) = if rl >= 1 && cl >= 1 {
            ((rf, cf), (rl - 1, cl - 1))
        } else {
            ((rf, cf), (rf, cf))
        };
        // An end before the start overflows in calamine: as good as unbounded.
        let rows = (end.0 as u64 + 1)
            .checked_sub(start.0 as u64)
            .unwrap_or(u64::MAX);
        let cols = (end.1 as u64 + 1)
            .checked_sub(start.1 as u64)
            .unwrap_or(u64::MAX);
        let cells = rows.saturating_mul(cols);
        if cells > self.limits.sheet_area {
            return Err(LimitError::DeclaredArea {
                sheet: self.here.clone(),
                cells,
                max: self.limits.sheet_area,
            }
            .into());
        }
        Ok(())
    }

    /// A record that starts with the row and column of one cell.
    fn cell(&mut self, d: &[u8], text: u64) -> Result<(), Stop> {
        let row = u16_at(d, 0).map_err(|_| Stop::Fails)? as u64;
        let col = u16_at(d, 2).map_err(|_| Stop::Fails)? as u64;
        self.place(row, col, text)
    }

    /// `FORMULA`: a value cell, and a formula string beside it whose length is bounded
    /// from its tokens (a name or a sheet name can be copied into it by a five-byte
    /// token), as is the time calamine spends inserting into it.
    fn formula(&mut self, d: &[u8]) -> Result<(), Stop> {
        if d.len() < 20 {
            return Err(Stop::Fails);
        }
        let row = u16_at(d, 0)? as u64;
        let col = u16_at(d, 2)? as u64;
        self.formula = (row, col);
        let rgce = &d[20..];
        let cce = u16_at(rgce, 0).map_err(|_| malformed("公式记录过短"))? as usize;
        let tokens = rgce
            .get(2..2 + cce)
            .ok_or_else(|| malformed("公式长度超出记录"))?;
        let count = |codes: &[u8]| tokens.iter().filter(|b| codes.contains(b)).count() as u64;
        let names = count(&[0x23, 0x43, 0x63]);
        let sheets = count(&[
            0x3A, 0x5A, 0x7A, 0x3B, 0x5B, 0x7B, 0x3C, 0x5C, 0x7C, 0x3D, 0x5D, 0x7D,
        ]);
        let spaces = count(&[0x19]);
        let inserts = count(&[0x12, 0x13, 0x15, 0x19]);
        let bytes = 16 * cce as u64
            + names * (self.longest_name + 16)
            + sheets * (self.longest_name + 32)
            + spaces * 256;
        // calamine inserts into the formula's text for these tokens, each time moving
        // what follows.
        if bytes > self.limits.cell_text_bytes / 64
            || inserts.saturating_mul(bytes) > self.limits.cell_text_bytes
        {
            return Err(LimitError::Formula {
                sheet: self.here.clone(),
                row: row + 1,
                column: col + 1,
            }
            .into());
        }
        self.place(row, col, bytes + 24)
    }

    /// A cell calamine keeps at 0-based `row`, `col`, with `text` bytes of text.
    fn place(&mut self, row: u64, col: u64, text: u64) -> Result<(), Stop> {
        let limits = self.limits;
        let (row, col) = (row + 1, col + 1);
        if row > limits.rows || col > limits.columns {
            return Err(LimitError::TooFar {
                sheet: self.here.clone(),
                row,
                column: col,
                max_rows: limits.rows,
                max_columns: limits.columns,
            }
            .into());
        }
        self.cells += 1;
        self.totals.cells += 1;
        if self.cells > limits.sheet_cells {
            return Err(LimitError::SheetCells {
                sheet: self.here.clone(),
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
        let area =
            |b: Option<(u64, u64, u64, u64)>| b.map_or(0, |(t, l, b, r)| (b - t + 1) * (r - l + 1));
        let before = area(self.bounds);
        let (t, l, b, r) = self.bounds.unwrap_or((row, col, row, col));
        self.bounds = Some((t.min(row), l.min(col), b.max(row), r.max(col)));
        let (t, l, b, r) = self.bounds.expect("just set");
        let now = area(self.bounds);
        if now > limits.sheet_area {
            return Err(LimitError::SheetArea {
                sheet: self.here.clone(),
                range: a1_range(t, l, b, r),
                cells: now,
                max: limits.sheet_area,
            }
            .into());
        }
        self.totals.area += now - before;
        if self.totals.area > limits.workbook_area {
            return Err(LimitError::WorkbookArea {
                cells: self.totals.area,
                max: limits.workbook_area,
            }
            .into());
        }
        // Checked once every sheet is counted, to name the whole amount.
        self.totals.text = self.totals.text.saturating_add(text);
        Ok(())
    }
}
