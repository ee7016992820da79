//! Where returns come from: the files of a data folder, and each file opened into sheets.
//!
//! [`find`] lists the return files of a plan-year (one folder per year, plus workbooks in
//! the data folder itself that hold several years as columns). [`open`] turns one file
//! into its sheets, whatever the format: Excel and WPS workbooks through calamine, CSV
//! (UTF-8 or GB18030, as Chinese Excel saves it) as a workbook of one sheet. Everything
//! after this step works on sheets and does not know where they came from.

use std::cell::{OnceCell, RefCell};
use std::path::{Path, PathBuf};

use calamine::{Data, Range, Reader, Sheets};

use crate::diag::{Diagnostic, Location};

/// The file formats a return may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Excel 2007+ (`.xlsx`, `.xlsm`).
    Xlsx,
    /// Excel binary workbook (`.xlsb`).
    Xlsb,
    /// Excel 97–2003 (`.xls`).
    Xls,
    /// OpenDocument (`.ods`).
    Ods,
    /// Comma-separated text (`.csv`), one sheet.
    Csv,
}

impl Format {
    /// The format a file name's extension says, if it is one intake reads.
    pub fn of(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_lowercase();
        Some(match extension.as_str() {
            "xlsx" | "xlsm" => Format::Xlsx,
            "xlsb" => Format::Xlsb,
            "xls" => Format::Xls,
            "ods" => Format::Ods,
            "csv" => Format::Csv,
            _ => return None,
        })
    }
}

/// One return file of a plan-year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnFile {
    /// Where it is.
    pub path: PathBuf,
    /// How messages name it: relative to the data folder.
    pub shown: PathBuf,
    /// The year its one-year forms are about: its folder's year, or the report year for
    /// a workbook in the data folder itself.
    pub year: i32,
    /// In a year's folder (not in the data folder itself, where workbooks hold the years
    /// as columns and may hold later years than the report's).
    pub in_year_folder: bool,
    pub format: Format,
}

/// The return files found, with what was missing.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub files: Vec<ReturnFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The return files for the years `first..=year` under `data_dir`: each year's folder
/// `<data_dir>/<year>/`, and workbooks in `data_dir` itself (read for `year`). What is
/// missing is said: no data folder or no returns for `year` are errors; a file that is not
/// a return, or a name that almost is one (`x.xlsx ` with a space), is reported; links out
/// of the data folder, pipes and devices are refused.
pub fn find(data_dir: &Path, first: i32, year: i32) -> Found {
    let mut found = Found::default();
    if !data_dir.is_dir() {
        found.diagnostics.push(
            Diagnostic::error(
                Some(Location::File {
                    path: data_dir.to_path_buf(),
                }),
                "报表文件夹不存在，所有指标按无数据处理",
            )
            .with_hint(
                "检查 --data 的路径：它应是内含按年份命名的子文件夹（2020、2021 …）的文件夹",
            ),
        );
        return found;
    }
    let root = data_dir
        .canonicalize()
        .unwrap_or_else(|_| data_dir.to_path_buf());
    let root_files = files_in(data_dir, &root, data_dir, &mut found.diagnostics);
    let push = |path: PathBuf, year: i32, in_year_folder: bool, found: &mut Found| {
        let format = Format::of(&path).or_else(|| Format::of(&trimmed_name(&path)));
        if let Some(format) = format {
            let shown = path.strip_prefix(data_dir).unwrap_or(&path).to_path_buf();
            found.files.push(ReturnFile {
                path,
                shown,
                year,
                in_year_folder,
                format,
            });
        }
    };
    for path in root_files.iter().cloned() {
        push(path, year, false, &mut found);
    }
    for y in first..=year {
        let dir = data_dir.join(y.to_string());
        if dir.is_dir() {
            let files = files_in(&dir, &root, data_dir, &mut found.diagnostics);
            if files.is_empty() && y == year && root_files.is_empty() {
                found.diagnostics.push(
                    Diagnostic::error(
                        Some(Location::File { path: dir.clone() }),
                        format!("{y} 年的报表文件夹中没有可读取的报表，{y} 年按无数据处理"),
                    )
                    .with_hint("报表应为 .xlsx、.xlsm、.xlsb、.xls、.ods 或 .csv 文件"),
                );
            }
            for path in files {
                push(path, y, true, &mut found);
            }
        } else if root_files.is_empty() {
            let message = format!("没有 {y} 年的报表文件夹，{y} 年按无数据处理");
            let location = Some(Location::File { path: dir.clone() });
            let hint = format!("把 {y} 年的报表放在 {} 中", dir.display());
            found.diagnostics.push(if y == year {
                Diagnostic::error(location, message).with_hint(hint)
            } else {
                Diagnostic::warning(location, message).with_hint(hint)
            });
        }
    }
    found
}

/// The path with the spaces around its file name's extension removed.
fn trimmed_name(path: &Path) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    path.with_file_name(name.trim())
}

/// Files of a year folder that are read but are not returns.
const KNOWN_OTHERS: &[&str] = &["md", "txt", "doc", "docx", "pdf"];

/// The return files directly in `dir`, sorted. Office's lock files (`~$name.xlsx`),
/// hidden files and the mapping file (`指标对照.xlsx`) are skipped; written sections (`.md`) are read elsewhere; every other file
/// that is not a return, and every file that is not a regular file inside the data folder
/// `root`, is reported (paths shown relative to `data_dir`).
fn files_in(
    dir: &Path,
    root: &Path,
    data_dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let shown = |p: &Path| p.strip_prefix(data_dir).unwrap_or(p).to_path_buf();
    let mut files = Vec::new();
    for p in paths {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("~$")
            || name.starts_with('.')
            || name == super::mapping::MAPPING_FILE
            || p.is_dir()
        {
            continue;
        }
        let format = Format::of(&p);
        let almost = format.is_none() && Format::of(&trimmed_name(&p)).is_some();
        if format.is_none() && !almost {
            let extension = p
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_lowercase();
            if !KNOWN_OTHERS.contains(&extension.as_str()) {
                diagnostics.push(
                    Diagnostic::warning(
                        Some(Location::File { path: shown(&p) }),
                        "不是报表文件，未读取",
                    )
                    .with_hint("报表应为 .xlsx、.xlsm、.xlsb、.xls、.ods 或 .csv 文件"),
                );
            }
            continue;
        }
        if let Err(why) = check_regular(&p, root) {
            diagnostics.push(
                Diagnostic::error(Some(Location::File { path: shown(&p) }), why)
                    .with_hint("把报表文件本身复制到数据文件夹中"),
            );
            continue;
        }
        if almost {
            diagnostics.push(
                Diagnostic::error(
                    Some(Location::File { path: shown(&p) }),
                    "文件名的扩展名前后有空格，已按报表读取",
                )
                .with_hint("把文件改名，去掉扩展名前后的空格"),
            );
        }
        files.push(p);
    }
    files
}

/// Whether `path` may be read as input: a regular file, or a link to a regular file, inside
/// the data folder `root` (already canonical). A link out of the folder, a pipe or a device
/// is refused with the reason.
pub fn check_regular(path: &Path, root: &Path) -> Result<(), String> {
    let meta = std::fs::symlink_metadata(path)
        .map_err(|e| format!("无法读取：{}", crate::error::io_reason(&e)))?;
    if meta.file_type().is_symlink() {
        let target = path
            .canonicalize()
            .map_err(|e| format!("链接指向的文件无法读取：{}", crate::error::io_reason(&e)))?;
        if !target.starts_with(root) {
            return Err(format!(
                "是指向数据文件夹以外（{}）的链接，未读取",
                target.display()
            ));
        }
        let meta = std::fs::metadata(path)
            .map_err(|e| format!("无法读取：{}", crate::error::io_reason(&e)))?;
        if !meta.is_file() {
            return Err("链接指向的不是普通文件，未读取".into());
        }
        return Ok(());
    }
    if !meta.is_file() {
        return Err("不是普通文件（可能是管道或设备），未读取".into());
    }
    Ok(())
}

/// One sheet of a return: its name and its cells.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet's name; empty for a CSV file, which has one unnamed sheet.
    pub name: String,
    pub range: Range<Data>,
}

/// Why a return file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("工作簿设有打开密码，无法读取")]
    Password,
    #[error("文件不完整，或不是 Excel/WPS 工作簿（{0}）")]
    NotAWorkbook(String),
    #[error("无法打开工作簿（{0}）")]
    Unreadable(String),
    #[error("无法读取文件：{}", crate::error::io_reason(.0))]
    Io(#[from] std::io::Error),
    #[error("文件不是 UTF-8 或 GBK 编码的文本，无法读取")]
    Encoding,
    #[error("CSV 文件格式有误：{0}")]
    Csv(String),
    /// The file passes one of the reading limits (`docs/limits.md`); nothing in it is used.
    #[error("{0}")]
    Limit(super::limits::LimitError),
}

impl OpenError {
    /// What the unit that sent the file should do.
    pub fn hint(&self) -> &'static str {
        match self {
            OpenError::Password => "请报送单位去掉打开密码后另存再报送",
            OpenError::NotAWorkbook(_) => {
                "可能下载不完整或被改了扩展名：请报送单位用 Excel 或 WPS 打开后另存为 .xlsx 再报送"
            }
            OpenError::Unreadable(_) | OpenError::Io(_) => {
                "用 Excel 或 WPS 打开后另存为 .xlsx 再报送"
            }
            OpenError::Limit(err) => err.hint(),
            OpenError::Encoding | OpenError::Csv(_) => {
                "用 Excel 或 WPS 打开后另存为 .xlsx，或另存为 UTF-8 编码的 CSV"
            }
        }
    }

    /// The error as a diagnostic on `shown`.
    pub fn diagnostic(&self, shown: &Path) -> Diagnostic {
        Diagnostic::error(
            Some(Location::File {
                path: shown.to_path_buf(),
            }),
            self.to_string(),
        )
        .with_hint(self.hint())
    }
}

impl From<calamine::Error> for OpenError {
    fn from(err: calamine::Error) -> OpenError {
        use calamine::{Error, OdsError, XlsError, XlsbError, XlsxError};
        let detail = err.to_string();
        match err {
            Error::Xlsx(XlsxError::Password)
            | Error::Xls(XlsError::Password)
            | Error::Xlsb(XlsbError::Password)
            | Error::Ods(OdsError::Password) => OpenError::Password,
            Error::Xlsx(XlsxError::Zip(_))
            | Error::Xlsb(XlsbError::Zip(_))
            | Error::Ods(OdsError::Zip(_))
            | Error::Xls(XlsError::Cfb(_)) => OpenError::NotAWorkbook(detail),
            Error::Io(e) => OpenError::Io(e),
            _ => OpenError::Unreadable(detail),
        }
    }
}

/// Opens a return file into its sheets, in the workbook's order.
pub fn open(file: &ReturnFile) -> Result<Vec<Sheet>, OpenError> {
    open_workbook(file).map(|opened| opened.sheets)
}

/// A workbook opened: its sheets, and the workbook itself for the formulas of cells saved
/// without a result, read only when such a cell is met.
pub struct Opened {
    pub sheets: Vec<Sheet>,
    workbook: Option<RefCell<Sheets<std::io::Cursor<Vec<u8>>>>>,
}

impl Opened {
    /// The formulas of the sheet named `sheet`, read on first use.
    pub fn formulas(&self, sheet: &str) -> Formulas<'_> {
        Formulas {
            workbook: self.workbook.as_ref(),
            sheet: sheet.to_string(),
            cache: OnceCell::new(),
        }
    }
}

/// The formulas of one sheet, read from the workbook the first time one is asked for.
pub struct Formulas<'w> {
    workbook: Option<&'w RefCell<Sheets<std::io::Cursor<Vec<u8>>>>>,
    sheet: String,
    cache: OnceCell<Option<Range<String>>>,
}

impl Formulas<'_> {
    /// No formulas: a CSV file, or a sheet made in memory.
    pub fn none() -> Formulas<'static> {
        Formulas {
            workbook: None,
            sheet: String::new(),
            cache: OnceCell::new(),
        }
    }

    /// The formula of a cell (zero-based, absolute), without its `=`, if it has one.
    pub fn get(&self, row: u32, col: u32) -> Option<&str> {
        let range = self.cache.get_or_init(|| {
            let workbook = self.workbook?;
            workbook.borrow_mut().worksheet_formula(&self.sheet).ok()
        });
        range
            .as_ref()?
            .get_value((row, col))
            .map(String::as_str)
            .filter(|f| !f.trim().is_empty())
    }
}

/// Opens a return file into its sheets, keeping the workbook for its formulas.
pub fn open_workbook(file: &ReturnFile) -> Result<Opened, OpenError> {
    match file.format {
        Format::Csv => {
            let max = super::limits::Limits::default().file_bytes;
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(
                &mut std::io::Read::take(std::fs::File::open(&file.path)?, max + 1),
                &mut bytes,
            )?;
            if bytes.len() as u64 > max {
                return Err(OpenError::Limit(super::limits::LimitError::FileTooLarge {
                    bytes: std::fs::metadata(&file.path).map_or(max + 1, |m| m.len()),
                    max,
                }));
            }
            Ok(Opened {
                sheets: vec![csv_sheet(&bytes)?],
                workbook: None,
            })
        }
        Format::Xlsx | Format::Xlsb | Format::Xls | Format::Ods => {
            let mut workbook =
                super::limits::open_checked(&file.path, &super::limits::Limits::default())
                    .map_err(|err| match err {
                        super::limits::GuardedOpenError::Io(e) => OpenError::Io(e),
                        super::limits::GuardedOpenError::Limit(e) => OpenError::Limit(e),
                        super::limits::GuardedOpenError::Read(e) => OpenError::from(e),
                    })?;
            let sheets = workbook
                .worksheets()
                .into_iter()
                .map(|(name, range)| Sheet { name, range })
                .collect();
            Ok(Opened {
                sheets,
                workbook: Some(RefCell::new(workbook)),
            })
        }
    }
}

/// Reads CSV bytes as one sheet of text cells: UTF-8 (with or without a byte-order mark)
/// or, failing that, GB18030 (of which GBK is a subset). The sheet spans A1 to its last
/// row and column with a value, and the limits of a workbook's sheet apply to it
/// (`docs/limits.md`): a value past row 100,000 or column 1,000, more than 500,000 values,
/// or a rectangle of more than 2,000,000 cells is refused before the grid is made.
pub fn csv_sheet(bytes: &[u8]) -> Result<Sheet, OpenError> {
    csv_sheet_with(bytes, &super::limits::Limits::default())
}

fn csv_sheet_with(bytes: &[u8], limits: &super::limits::Limits) -> Result<Sheet, OpenError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .ok_or(OpenError::Encoding)?,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    // Only the cells with text are kept while reading: a line of commas is not a row of
    // empty strings.
    let mut cells: Vec<(u32, u32, String)> = Vec::new();
    let (mut bottom, mut right) = (0u64, 0u64);
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| OpenError::Csv(e.to_string()))?;
        for (c, cell) in record.iter().enumerate() {
            if cell.trim().is_empty() {
                continue;
            }
            let (row, column) = (r as u64 + 1, c as u64 + 1);
            super::limits::check_csv_value(row, column, cells.len() as u64 + 1, limits)
                .map_err(OpenError::Limit)?;
            bottom = bottom.max(row);
            right = right.max(column);
            cells.push((r as u32, c as u32, cell.to_string()));
        }
    }
    super::limits::check_csv_area(bottom, right, limits).map_err(OpenError::Limit)?;
    let mut range = if cells.is_empty() {
        Range::empty()
    } else {
        Range::new((0, 0), (bottom as u32 - 1, right as u32 - 1))
    };
    for (r, c, cell) in cells {
        range.set_value((r, c), Data::String(cell));
    }
    Ok(Sheet {
        name: String::new(),
        range,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(sheet: &Sheet) -> Vec<Vec<String>> {
        sheet
            .range
            .rows()
            .map(|row| row.iter().map(|d| d.to_string()).collect())
            .collect()
    }

    #[test]
    fn csv_reads_in_utf8_with_or_without_a_bom_and_in_gbk() {
        let text = "指标名称,本年数值\n孕产妇死亡率,9.8\n";
        let want = vec![
            vec!["指标名称".to_string(), "本年数值".to_string()],
            vec!["孕产妇死亡率".to_string(), "9.8".to_string()],
        ];
        assert_eq!(cells(&csv_sheet(text.as_bytes()).unwrap()), want);
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(cells(&csv_sheet(&bom).unwrap()), want);
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(cells(&csv_sheet(&gbk).unwrap()), want);
    }

    #[test]
    fn csv_rows_of_different_lengths_and_quoted_commas() {
        let sheet = csv_sheet("a\n\"1,234.5\",x,y\n".as_bytes()).unwrap();
        assert_eq!(sheet.range.get_size(), (2, 3));
        assert_eq!(
            sheet.range.get_value((1, 0)),
            Some(&Data::String("1,234.5".into()))
        );
    }

    #[test]
    fn bytes_in_no_known_encoding_are_refused() {
        assert!(matches!(
            csv_sheet(&[0x81, 0x20, 0xFF, 0xFE]),
            Err(OpenError::Encoding)
        ));
    }

    /// Found by fuzzing (`fuzz_targets::intake_workbook`): a line of thousands of commas
    /// made a grid of every row times that width, unbounded; 2 MB of CSV asked for 3 TB.
    #[test]
    fn a_csv_file_is_held_to_the_limits_of_a_sheet() {
        use super::super::limits::{LimitError, Where};
        let limits = super::super::limits::Limits::default();
        // Values out to column 5,000: past the 1,000 columns a sheet may use.
        let wide = format!("指标名称,本年数值\n{}x\n", ",".repeat(4999));
        match csv_sheet(wide.as_bytes()) {
            Err(OpenError::Limit(LimitError::TooFar {
                sheet: Where::Csv,
                row: 2,
                column: 5000,
                ..
            })) => {}
            other => panic!("{other:?}"),
        }
        // A million empty fields are free; the grid spans only the values.
        let commas = format!("a{}\n{}b\n", ",".repeat(1_000_000), ",\n".repeat(1000));
        let sheet = csv_sheet(commas.as_bytes()).unwrap();
        assert_eq!(sheet.range.get_size(), (1002, 1));
        // 1,000 columns of 3,000 rows: within both bounds, over the 2,000,000-cell grid.
        let mut far = "x\n".repeat(2999);
        far.push_str(&format!("{}y\n", ",".repeat(999)));
        let err = csv_sheet(far.as_bytes()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "CSV 文件的数据区域 A1:ALL3000 有 3000000 个单元格，超出读取上限（2000000 个）"
        );
        // More values than a sheet may hold.
        let small = super::super::limits::Limits {
            sheet_cells: 3,
            ..limits
        };
        assert!(matches!(
            csv_sheet_with(b"a,b\nc,d\n", &small),
            Err(OpenError::Limit(LimitError::SheetCells { .. }))
        ));
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::of(Path::new("a.XLSX")), Some(Format::Xlsx));
        assert_eq!(Format::of(Path::new("a.csv")), Some(Format::Csv));
        assert_eq!(Format::of(Path::new("a.xlsb")), Some(Format::Xlsb));
        assert_eq!(Format::of(Path::new("a.txt")), None);
    }
}
