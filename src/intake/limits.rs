//! Limits on what a workbook may make the reader allocate, checked on its bytes before
//! calamine sees them.
//!
//! calamine trusts what a file says: a declared `uniqueCount`, a `<dimension>`, a cell
//! reference at `XFD1048576`, a repeat count of a billion. Each turns a few kilobytes into
//! gigabytes, and an allocation that fails aborts the process, which `catch_unwind` cannot
//! stop. [`inspect`] walks the bytes first — decompressing each zip entry as a stream,
//! counting, and stopping at the first limit passed — so that anything it accepts stays
//! within a few hundred MB in calamine. [`open_checked`] reads a file once, inspects it
//! and opens it from memory.
//!
//! Every limit, its value and its message are listed in `docs/limits.md`.

mod archive;
#[cfg(test)]
mod hostile;
mod ods;
mod xls;
mod xlsb;
mod xlsx;
mod xml;

use std::fmt;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Ods, Sheets, Xls, Xlsb, Xlsx, open_workbook_from_rs};

/// What a workbook may hold. The defaults are about a hundred times a real return (under
/// 5 MB, under 100,000 cells, a few hundred rows and tens of columns), and small enough
/// that everything accepted together stays well under 1 GB in calamine.
///
/// calamine keeps every sheet of a workbook in memory at once, as a dense grid over the
/// rectangle its values span (32 bytes a cell; `.ods` also keeps a formula string per
/// cell, 56 bytes together) plus, while reading, a list of the cells with a value
/// (40 bytes each). Text is copied into every cell that shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in bytes: 32 MiB. The file is read into memory whole, and a zip's
    /// directory costs the zip reader a few hundred bytes an entry.
    pub file_bytes: u64,
    /// Most entries in a zip (`.xlsx`, `.xlsm`, `.xlsb`, `.ods`): 10,000. A workbook
    /// has a dozen, a few hundred with many sheets, charts and comments.
    pub zip_entries: u64,
    /// Most sheets a workbook lists: 1,000. calamine keeps each sheet's name and path, and
    /// reads every sheet, so this bounds the work on sheets that point at one big entry.
    pub sheets: u64,
    /// Most relationships in the workbook's relationship entry: 10,000 (a workbook has one
    /// for each sheet, plus a few).
    pub relationships: u64,
    /// Most bytes one zip entry may decompress to: 64 MiB. A sheet of 100,000 cells is
    /// about 10 MB of XML; deflate turns 1 KB into 1 MB of repeated text.
    pub part_bytes: u64,
    /// Most bytes all entries together may decompress to, counting a sheet as often as the
    /// workbook lists it: 256 MiB. This bounds the time spent parsing.
    pub unpacked_bytes: u64,
    /// Most cells with a value in one sheet: 500,000 (20 MB while reading).
    pub sheet_cells: u64,
    /// Most cells with a value in all sheets together: 1,000,000.
    pub workbook_cells: u64,
    /// Furthest row a value may be in, counted from 1: 100,000. The furthest row and
    /// column actually used by a value are counted; a declared `<dimension>` is ignored.
    pub rows: u64,
    /// Furthest column a value may be in, counted from 1: 1,000 (column `ALL`).
    pub columns: u64,
    /// Most cells in the rectangle spanned by one sheet's values, which calamine allocates
    /// whole: 2,000,000 (64 MB; 112 MB for `.ods`).
    pub sheet_area: u64,
    /// Most cells in those rectangles over all sheets: 4,000,000 (128 MB; 224 MB for
    /// `.ods`).
    pub workbook_area: u64,
    /// Most strings in an `.xlsx` shared-string table, or an `.xls` one: 1,000,000. A
    /// declared `uniqueCount` above this is rejected before anything is read, since
    /// calamine reserves that many strings up front.
    pub shared_strings: u64,
    /// Most bytes of text in the shared-string table: 32 MiB.
    pub shared_string_bytes: u64,
    /// Most bytes of text all cells together expand to: 64 MiB. A shared string shown in
    /// 100,000 cells is copied 100,000 times, so it counts 100,000 times.
    pub cell_text_bytes: u64,
    /// Most bytes the cell formats (`cellXfs`) of an `.xlsx` expand to: 64 MiB. calamine
    /// copies a format's font, fill, border and number format into each of them; Excel
    /// allows 64,000 formats, a few hundred bytes each.
    pub style_bytes: u64,
    /// Most cells one `.ods` cell may stand for through `number-columns-repeated` and its
    /// row's `number-rows-repeated`, when it holds a value: 100,000. Empty repeated cells
    /// and rows are free (LibreOffice writes a million of them after the data) unless a
    /// value follows them.
    pub repeated_cells: u64,
    /// Deepest nesting of XML elements in a sheet, the shared strings or the styles: 256.
    /// Real files nest under 20 deep.
    pub xml_depth: u64,
}

impl Default for Limits {
    fn default() -> Self {
        const MIB: u64 = 1024 * 1024;
        Limits {
            file_bytes: 32 * MIB,
            zip_entries: 10_000,
            sheets: 1_000,
            relationships: 10_000,
            part_bytes: 64 * MIB,
            unpacked_bytes: 256 * MIB,
            sheet_cells: 500_000,
            workbook_cells: 1_000_000,
            rows: 100_000,
            columns: 1_000,
            sheet_area: 2_000_000,
            workbook_area: 4_000_000,
            shared_strings: 1_000_000,
            shared_string_bytes: 32 * MIB,
            cell_text_bytes: 64 * MIB,
            style_bytes: 64 * MIB,
            repeated_cells: 100_000,
            xml_depth: 256,
        }
    }
}

/// The format of a workbook file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbookKind {
    Xlsx,
    Xlsm,
    Xlsb,
    Ods,
    Xls,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0";
const ODS_MIMETYPE: &[u8] = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet";

impl WorkbookKind {
    /// The format by extension, corrected by the file's first bytes: a zip named `.xls`
    /// is read as `.xlsx` (or `.ods` when its first entry says so), a compound file named
    /// `.ods` as `.xls`. A compound file named `.xlsx` stays `.xlsx`: that is how Excel
    /// stores a workbook with an open password, and calamine says so. `None` when neither
    /// the extension nor the bytes name a workbook format.
    pub fn detect(path: &Path, bytes: &[u8]) -> Option<WorkbookKind> {
        let by_extension = path.extension().and_then(|e| e.to_str()).and_then(|e| {
            match e.to_ascii_lowercase().as_str() {
                "xlsx" | "xlam" => Some(WorkbookKind::Xlsx),
                "xlsm" => Some(WorkbookKind::Xlsm),
                "xlsb" => Some(WorkbookKind::Xlsb),
                "ods" => Some(WorkbookKind::Ods),
                "xls" | "xla" => Some(WorkbookKind::Xls),
                _ => None,
            }
        });
        let zipped = |kind: Option<WorkbookKind>| match kind {
            Some(WorkbookKind::Xls) | None => {
                // An .ods zip stores its mimetype first, uncompressed, right after the
                // 30-byte local header.
                if bytes.get(30..30 + ODS_MIMETYPE.len()) == Some(ODS_MIMETYPE) {
                    WorkbookKind::Ods
                } else {
                    WorkbookKind::Xlsx
                }
            }
            Some(kind) => kind,
        };
        if bytes.starts_with(ZIP_MAGIC) {
            Some(zipped(by_extension))
        } else if bytes.starts_with(CFB_MAGIC) {
            match by_extension {
                Some(WorkbookKind::Ods) | None => Some(WorkbookKind::Xls),
                kind => kind,
            }
        } else {
            by_extension
        }
    }
}

/// A sheet or, when no sheet names it, a file inside the workbook; or a CSV file, read as
/// one sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Where {
    Sheet(String),
    Part(String),
    Csv,
}

impl fmt::Display for Where {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Where::Sheet(name) => write!(f, "工作表“{name}”"),
            Where::Part(path) => write!(f, "内部文件“{path}”"),
            Where::Csv => f.write_str("CSV 文件"),
        }
    }
}

/// Why a workbook was not read. `Display` is the message shown to users; [`hint`] says
/// what the member unit should do about it.
///
/// [`hint`]: LimitError::hint
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    #[error("文件大小 {}，超出读取上限（{}）", size(*bytes), size(*max))]
    FileTooLarge { bytes: u64, max: u64 },
    #[error("压缩包内有 {entries} 个文件，超出读取上限（{max} 个）")]
    TooManyEntries { entries: u64, max: u64 },
    #[error("工作簿列出的工作表超过 {max} 个，超出读取上限")]
    Sheets { max: u64 },
    #[error("工作簿的关系表超过 {max} 项，超出读取上限")]
    Relationships { max: u64 },
    #[error("内部文件“{part}”声明解压后有 {}，超出读取上限（{}）", size(*declared), size(*max))]
    PartDeclaredTooLarge {
        part: String,
        declared: u64,
        max: u64,
    },
    #[error("内部文件“{part}”解压后超过 {}，超出读取上限", size(*max))]
    PartTooLarge { part: String, max: u64 },
    #[error("各内部文件解压后合计超过 {}，超出读取上限", size(*max))]
    UnpackedTooLarge { max: u64 },
    #[error(
        "{sheet}引用了第 {row} 行、第 {column} 列（{}），超出读取上限（{max_rows} 行、{max_columns} 列）",
        a1(*row, *column)
    )]
    TooFar {
        sheet: Where,
        /// 1-based.
        row: u64,
        /// 1-based.
        column: u64,
        max_rows: u64,
        max_columns: u64,
    },
    #[error("{sheet}的数据区域 {range} 有 {cells} 个单元格，超出读取上限（{max} 个）")]
    SheetArea {
        sheet: Where,
        range: String,
        cells: u64,
        max: u64,
    },
    #[error("{sheet}声明的数据区域有 {cells} 个单元格，超出读取上限（{max} 个）")]
    DeclaredArea { sheet: Where, cells: u64, max: u64 },
    #[error("各工作表的数据区域合计 {cells} 个单元格，超出读取上限（{max} 个）")]
    WorkbookArea { cells: u64, max: u64 },
    #[error("{sheet}填有内容的单元格超过 {max} 个，超出读取上限")]
    SheetCells { sheet: Where, max: u64 },
    #[error("各工作表填有内容的单元格合计 {cells} 个，超出读取上限（{max} 个）")]
    WorkbookCells { cells: u64, max: u64 },
    #[error("共享字符串表声明有 {declared} 个字符串，超出读取上限（{max} 个）")]
    SharedStringsDeclared { declared: String, max: u64 },
    #[error("共享字符串表的字符串超过 {max} 个，超出读取上限")]
    SharedStrings { max: u64 },
    #[error("共享字符串表的文字超过 {}，超出读取上限", size(*max))]
    SharedStringBytes { max: u64 },
    #[error(
        "各单元格的文字展开后共 {}（同一段文字被多个单元格引用时每处都计），超出读取上限（{}）",
        size(*bytes),
        size(*max)
    )]
    CellText { bytes: u64, max: u64 },
    #[error("单元格格式展开后超过 {}，超出读取上限", size(*max))]
    Styles { max: u64 },
    #[error(
        "{sheet}的单元格 {} 按重复次数展开为 {cells} 个单元格，超出读取上限（{max} 个）",
        a1(*row, *column)
    )]
    RepeatedCells {
        sheet: Where,
        /// 1-based.
        row: u64,
        /// 1-based.
        column: u64,
        cells: u64,
        max: u64,
    },
    #[error("{sheet}的单元格 {} 的公式过长或过于复杂，超出读取上限", a1(*row, *column))]
    Formula {
        sheet: Where,
        /// 1-based.
        row: u64,
        /// 1-based.
        column: u64,
    },
    #[error("内部文件“{part}”的结构有误（{detail}），无法安全读取")]
    Malformed { part: String, detail: String },
    #[error("文件的复合文档结构有误（{detail}），无法安全读取")]
    MalformedXls { detail: String },
}

impl LimitError {
    /// What the member unit should do, in Chinese.
    pub fn hint(&self) -> &'static str {
        match self {
            LimitError::FileTooLarge { .. } => {
                "报表文件通常只有几百 KB：删除表中的图片、附件和无关的工作表，另存后再报送"
            }
            LimitError::TooFar { .. }
            | LimitError::SheetArea { .. }
            | LimitError::DeclaredArea { .. }
            | LimitError::WorkbookArea { .. } => {
                "数据区域之外有远处的单元格被填写过：选中数据区域以外的多余行和列，右键“删除”（不是按 Delete 清除内容），另存后再报送"
            }
            LimitError::SheetCells { .. }
            | LimitError::WorkbookCells { .. }
            | LimitError::Sheets { .. } => "报表只需要监测表：删除无关的工作表和数据，另存后再报送",
            LimitError::SharedStrings { .. }
            | LimitError::SharedStringBytes { .. }
            | LimitError::CellText { .. } => {
                "表中有大段或大量重复的文字：删除多余的文字和无关的工作表，另存后再报送"
            }
            LimitError::Styles { .. } => {
                "表中单元格格式过多：选中多余的区域，用“开始 › 清除 › 清除格式”去掉格式，另存后再报送"
            }
            LimitError::RepeatedCells { .. } => {
                "表中有大片重复的内容：删除多余的行和列，另存后再报送"
            }
            LimitError::Formula { .. } => "删除或简化这个公式（报表中可以只填数值），另存后再报送",
            LimitError::TooManyEntries { .. }
            | LimitError::Relationships { .. }
            | LimitError::PartDeclaredTooLarge { .. }
            | LimitError::PartTooLarge { .. }
            | LimitError::UnpackedTooLarge { .. }
            | LimitError::SharedStringsDeclared { .. }
            | LimitError::Malformed { .. }
            | LimitError::MalformedXls { .. } => {
                "文件可能已损坏，或不是 Excel/WPS 保存的报表：请报送单位用 Excel 或 WPS 打开后另存为 .xlsx 再报送"
            }
        }
    }
}

/// Checks a workbook's bytes against `limits` before calamine reads them.
///
/// `Ok` also for bytes that are not a workbook of `kind` at all (not a zip, a truncated
/// file, a password): calamine fails on those by itself, with its own message.
pub fn inspect(bytes: &[u8], kind: WorkbookKind, limits: &Limits) -> Result<(), LimitError> {
    let len = bytes.len() as u64;
    if len > limits.file_bytes {
        return Err(LimitError::FileTooLarge {
            bytes: len,
            max: limits.file_bytes,
        });
    }
    if bytes.starts_with(CFB_MAGIC) {
        // A compound file: an .xls, or an encrypted .xlsx that calamine refuses anyway.
        return match kind {
            WorkbookKind::Xls => xls::inspect(bytes, limits),
            _ => xls::inspect_container(bytes),
        };
    }
    match kind {
        WorkbookKind::Xlsx | WorkbookKind::Xlsm => xlsx::inspect(bytes, limits),
        WorkbookKind::Ods => ods::inspect(bytes, limits),
        WorkbookKind::Xlsb => xlsb::inspect(bytes, limits),
        WorkbookKind::Xls => Ok(()),
    }
}

/// Checks a value of a CSV file, at 1-based `row` and `column`, the `values`-th with text,
/// against the limits of a sheet: a CSV file is held as calamine holds a sheet, a grid over
/// the rectangle its values span, so the same bounds apply.
pub(super) fn check_csv_value(
    row: u64,
    column: u64,
    values: u64,
    limits: &Limits,
) -> Result<(), LimitError> {
    if row > limits.rows || column > limits.columns {
        return Err(LimitError::TooFar {
            sheet: Where::Csv,
            row,
            column,
            max_rows: limits.rows,
            max_columns: limits.columns,
        });
    }
    if values > limits.sheet_cells {
        return Err(LimitError::SheetCells {
            sheet: Where::Csv,
            max: limits.sheet_cells,
        });
    }
    Ok(())
}

/// Checks the rectangle from A1 to the 1-based `bottom` row and `right` column, which the
/// grid of a CSV file's values takes, against [`Limits::sheet_area`].
pub(super) fn check_csv_area(bottom: u64, right: u64, limits: &Limits) -> Result<(), LimitError> {
    let cells = bottom * right;
    if cells > limits.sheet_area {
        return Err(LimitError::SheetArea {
            sheet: Where::Csv,
            range: a1_range(1, 1, bottom, right),
            cells,
            max: limits.sheet_area,
        });
    }
    Ok(())
}

/// Why [`open_checked`] gave no workbook.
#[derive(Debug, thiserror::Error)]
pub enum GuardedOpenError {
    /// The file could not be read.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The file passes a limit; nothing was given to calamine.
    #[error("{0}")]
    Limit(#[from] LimitError),
    /// calamine could not open it; the message is calamine's, as from
    /// `open_workbook_auto`.
    #[error("{0}")]
    Read(#[from] calamine::Error),
}

/// Reads the file at `path` once, checks it with [`inspect`], and opens it with calamine
/// from memory. The format is [`WorkbookKind::detect`]ed from the extension and the bytes.
pub fn open_checked(
    path: &Path,
    limits: &Limits,
) -> Result<Sheets<Cursor<Vec<u8>>>, GuardedOpenError> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > limits.file_bytes {
        return Err(LimitError::FileTooLarge {
            bytes: len,
            max: limits.file_bytes,
        }
        .into());
    }
    // The file may grow between the size check and the read; never read past the limit.
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limits.file_bytes + 1).read_to_end(&mut bytes)?;
    let kind = WorkbookKind::detect(path, &bytes)
        .ok_or(calamine::Error::Msg("Cannot detect file format"))?;
    inspect(&bytes, kind, limits)?;
    Ok(open_bytes(bytes, kind)?)
}

/// Opens a workbook held in memory as `kind`, without checking it: call [`inspect`] first.
pub fn open_bytes(
    bytes: Vec<u8>,
    kind: WorkbookKind,
) -> Result<Sheets<Cursor<Vec<u8>>>, calamine::Error> {
    let cursor = Cursor::new(bytes);
    Ok(match kind {
        WorkbookKind::Xlsx | WorkbookKind::Xlsm => Sheets::Xlsx(
            open_workbook_from_rs::<Xlsx<_>, _>(cursor).map_err(calamine::Error::Xlsx)?,
        ),
        WorkbookKind::Xlsb => Sheets::Xlsb(
            open_workbook_from_rs::<Xlsb<_>, _>(cursor).map_err(calamine::Error::Xlsb)?,
        ),
        WorkbookKind::Ods => {
            Sheets::Ods(open_workbook_from_rs::<Ods<_>, _>(cursor).map_err(calamine::Error::Ods)?)
        }
        WorkbookKind::Xls => {
            Sheets::Xls(open_workbook_from_rs::<Xls<_>, _>(cursor).map_err(calamine::Error::Xls)?)
        }
    })
}

/// A byte count for messages: `512 字节`, `34 KB`, `64 MB`, `4 GB` (1 KB = 1,024 bytes).
fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} 字节");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let text = format!("{value:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    format!("{text} {}", UNITS[unit])
}

/// The A1 reference of a 1-based row and column; columns past `XFD` still get letters.
fn a1(row: u64, column: u64) -> String {
    let mut n = column;
    let mut letters = Vec::new();
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{row}",
        String::from_utf8(letters).expect("ASCII letters")
    )
}

/// The A1 range of 1-based corners, e.g. `A1:XFD1048576`.
fn a1_range(top: u64, left: u64, bottom: u64, right: u64) -> String {
    format!("{}:{}", a1(top, left), a1(bottom, right))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(size(512), "512 字节");
        assert_eq!(size(34 * 1024), "34 KB");
        assert_eq!(size(64 * 1024 * 1024), "64 MB");
        assert_eq!(size(4_000_000_000), "3.7 GB");
    }

    #[test]
    fn references_follow_excel() {
        assert_eq!(a1(1_048_576, 16_384), "XFD1048576");
        assert_eq!(a1(1, 1), "A1");
        assert_eq!(a1_range(1, 1, 300, 26), "A1:Z300");
    }

    #[test]
    fn kind_follows_extension_then_bytes() {
        let zip = b"PK\x03\x04rest";
        let cfb = b"\xD0\xCF\x11\xE0rest";
        let detect = |name: &str, bytes: &[u8]| WorkbookKind::detect(Path::new(name), bytes);
        assert_eq!(detect("a.xlsx", zip), Some(WorkbookKind::Xlsx));
        assert_eq!(detect("a.XLSM", zip), Some(WorkbookKind::Xlsm));
        assert_eq!(detect("a.xls", zip), Some(WorkbookKind::Xlsx));
        assert_eq!(detect("a.xls", cfb), Some(WorkbookKind::Xls));
        assert_eq!(detect("a.xlsx", cfb), Some(WorkbookKind::Xlsx));
        assert_eq!(detect("a.ods", cfb), Some(WorkbookKind::Xls));
        assert_eq!(detect("a.txt", zip), Some(WorkbookKind::Xlsx));
        assert_eq!(detect("a.csv", b"a,b"), None);
        assert_eq!(detect("a.xlsx", b"a,b"), Some(WorkbookKind::Xlsx));
        let mut ods = b"PK\x03\x04".to_vec();
        ods.resize(30, 0);
        ods.extend_from_slice(ODS_MIMETYPE);
        assert_eq!(detect("a.xls", &ods), Some(WorkbookKind::Ods));
    }
}
