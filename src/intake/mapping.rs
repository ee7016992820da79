//! The mapping file (`<data>/指标对照.xlsx`): names written on returns that match no
//! catalog indicator, each with a proposed indicator, for a person to confirm once.
//!
//! `attain check` writes it: one row per unmatched name, with where it was seen, the
//! closest catalog indicator (a drop-down of every indicator) and an empty 确认 column
//! (a drop-down of 是/否). Rows already in the file are kept as they are, with whatever a
//! person wrote in them; only names not yet in the file are added. Every run reads it: a
//! row is used only when its 确认 is `是`, and then every return that writes that name
//! reads it as the row's indicator, with a note naming the row. A confirmed row may also
//! say `（不是目标清单中的指标）`, which turns the name's warning into a note. The file is
//! read with the same located diagnostics as a return.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use rust_xlsxwriter::{DataValidation, Format, Formula, Workbook, XlsxError};

use super::DataSet;
use super::layout::cell_text;
use super::matcher::{Matcher, normalize_name};
use super::source::OpenError;
use crate::catalog::{Catalog, Indicator};
use crate::diag::{CellRef, Diagnostic, Location};

/// The mapping file's name in the data folder.
pub const MAPPING_FILE: &str = "指标对照.xlsx";

/// The sheet that holds the rows.
const SHEET: &str = "指标对照";

/// The columns, in the order written. Read back by their titles, so a person may move
/// them.
const TITLES: [&str; 8] = [
    "工作簿",
    "工作表",
    "单元格",
    "填报的名称",
    "对应的指标",
    "确认",
    "其他可能",
    "备注",
];

/// What a person picks in 对应的指标 for a name that is no catalog indicator.
pub const NOT_AN_INDICATOR: &str = "（不是目标清单中的指标）";

/// Words in 确认 that confirm a row, and words that leave it unconfirmed.
const YES: &[&str] = &["是", "√", "✓", "✔", "确认", "Y", "y", "yes", "Yes", "YES"];
const NO: &[&str] = &["", "否", "×", "✗", "N", "n", "no", "No", "NO", "待确认"];

/// One row of the mapping file, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MappingRow {
    pub workbook: String,
    pub sheet: String,
    pub cell: String,
    /// The name as written on the return.
    pub written: String,
    /// The catalog indicator it stands for, as a person left it (proposed or chosen).
    pub indicator: String,
    /// The 确认 cell as typed.
    pub confirm: String,
    pub others: String,
    pub note: String,
}

/// The mapping file as read: its rows, the confirmed ones, and the problems found in it.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    /// Where it is, relative to the data folder; `None` when there is no file.
    pub file: Option<PathBuf>,
    pub rows: Vec<MappingRow>,
    pub diagnostics: Vec<Diagnostic>,
    /// The file is there but could not be read: it must not be overwritten.
    pub unreadable: bool,
    confirmed: HashMap<String, Confirmed>,
}

/// A name a person confirmed: the indicator (none: confirmed as no catalog indicator) and
/// the cell of the confirmation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Confirmed {
    pub indicator: Option<String>,
    pub cell: CellRef,
}

impl Mapping {
    /// Reads `<data_dir>/指标对照.xlsx`, if there is one.
    pub fn read(catalog: &Catalog, data_dir: &Path) -> Mapping {
        let path = data_dir.join(MAPPING_FILE);
        if !path.is_file() {
            return Mapping::default();
        }
        let shown = PathBuf::from(MAPPING_FILE);
        let mut mapping = Mapping {
            file: Some(shown.clone()),
            ..Mapping::default()
        };
        let sheets = match calamine::open_workbook_auto(&path) {
            Ok(mut workbook) => workbook.worksheets(),
            Err(err) => {
                mapping.unreadable = true;
                let d = OpenError::from(err).diagnostic(&shown);
                mapping.diagnostics.push(
                    Diagnostic {
                        message: format!("指标对照表无法读取，未使用：{}", d.message),
                        ..d
                    }
                    .with_hint(
                        "用 Excel 或 WPS 打开后另存为 .xlsx；或删除它，attain check 会重新生成",
                    ),
                );
                return mapping;
            }
        };
        let found = sheets
            .iter()
            .filter(|(name, _)| name == SHEET)
            .chain(sheets.iter())
            .find_map(|(name, range)| header(range).map(|h| (name, range, h)));
        let Some((sheet, range, (header_row, cols))) = found else {
            mapping.unreadable = true;
            mapping.diagnostics.push(
                Diagnostic::error(
                    Some(Location::File { path: shown }),
                    "指标对照表中没有找到表头（填报的名称、对应的指标、确认），未使用",
                )
                .with_hint("删除它，attain check 会重新生成"),
            );
            return mapping;
        };
        let matcher = Matcher::new(catalog);
        let (end_row, _) = range.end().unwrap_or((0, 0));
        let text = |row: u32, col: Option<u32>| -> String {
            col.and_then(|c| range.get_value((row, c)))
                .map(|d| match d {
                    Data::String(s) => s.trim().to_string(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .unwrap_or_default()
        };
        let here = |row: u32, col: Option<u32>| {
            Some(Location::Cell(CellRef::new(
                &shown,
                sheet,
                row,
                col.unwrap_or(0),
            )))
        };
        // Confirmed rows by name; a name confirmed twice for two indicators is neither.
        let mut by_name: HashMap<String, Vec<(Confirmed, u32)>> = HashMap::new();
        for row in header_row + 1..=end_row {
            let r = MappingRow {
                workbook: text(row, cols[0]),
                sheet: text(row, cols[1]),
                cell: text(row, cols[2]),
                written: text(row, cols[3]),
                indicator: text(row, cols[4]),
                confirm: text(row, cols[5]),
                others: text(row, cols[6]),
                note: text(row, cols[7]),
            };
            if r.written.is_empty() {
                continue;
            }
            let confirm = cell_text(&Data::String(r.confirm.clone()));
            let confirmed = if YES.contains(&confirm.as_str()) {
                true
            } else {
                if !NO.contains(&confirm.as_str()) {
                    mapping.diagnostics.push(
                        Diagnostic::warning(
                            here(row, cols[5]),
                            format!("确认栏填的是“{}”，不是“是”，这一行未使用", r.confirm),
                        )
                        .with_hint("确认对应关系时填“是”，否则留空或填“否”"),
                    );
                }
                false
            };
            if confirmed {
                let indicator = if r.indicator == NOT_AN_INDICATOR {
                    Some(None)
                } else if r.indicator.is_empty() {
                    mapping.diagnostics.push(
                        Diagnostic::warning(
                            here(row, cols[4]),
                            format!("“{}”已确认，但没有填对应的指标，这一行未使用", r.written),
                        )
                        .with_hint(format!(
                            "从下拉列表中选择指标；不是目标清单中的指标时选“{NOT_AN_INDICATOR}”"
                        )),
                    );
                    None
                } else {
                    match resolve(catalog, &matcher, &r.indicator) {
                        Some(ind) => Some(Some(ind.id.clone())),
                        None => {
                            let closest = matcher.closest(&r.indicator);
                            let mut d = Diagnostic::error(
                                here(row, cols[4]),
                                format!("对应的指标“{}”不在目标清单中，这一行未使用", r.indicator),
                            );
                            d = d.with_hint(if closest.is_empty() {
                                "从下拉列表中选择指标".to_string()
                            } else {
                                format!("从下拉列表中选择指标；最接近的：{}", closest.join("、"))
                            });
                            mapping.diagnostics.push(d);
                            None
                        }
                    }
                };
                if let Some(indicator) = indicator {
                    let cell = CellRef::new(&shown, sheet, row, cols[5].unwrap_or(0));
                    by_name
                        .entry(normalize_name(&r.written))
                        .or_default()
                        .push((Confirmed { indicator, cell }, row));
                }
            }
            mapping.rows.push(r);
        }
        for (key, confirmations) in by_name {
            let first = &confirmations[0].0;
            if confirmations
                .iter()
                .all(|(c, _)| c.indicator == first.indicator)
            {
                mapping.confirmed.insert(key, first.clone());
            } else {
                for (c, row) in &confirmations {
                    mapping.diagnostics.push(
                        Diagnostic::error(
                            Some(Location::Cell(c.cell.clone())),
                            format!(
                                "“{}”在指标对照表中确认了几个不同的指标（第{}行），这几行都未使用",
                                text(*row, cols[3]),
                                confirmations
                                    .iter()
                                    .map(|(_, r)| (r + 1).to_string())
                                    .collect::<Vec<_>>()
                                    .join("、")
                            ),
                        )
                        .with_hint("同一个名称只保留一行确认"),
                    );
                }
            }
        }
        // Messages in row order, whatever order the names were hashed in.
        mapping.diagnostics.sort_by_key(|d| match &d.location {
            Some(Location::Cell(c)) => (c.row, c.col),
            _ => (0, 0),
        });
        mapping
    }

    /// The confirmed rows, by normalised written name.
    pub(crate) fn confirmed(&self) -> HashMap<String, Confirmed> {
        self.confirmed.clone()
    }

    /// How many rows are confirmed and usable.
    pub fn confirmed_count(&self) -> usize {
        self.confirmed.len()
    }
}

/// The catalog indicator (or part) a 对应的指标 cell names: its name, an alias, its id or
/// its form code.
fn resolve<'a>(catalog: &'a Catalog, matcher: &Matcher<'a>, text: &str) -> Option<&'a Indicator> {
    matcher
        .by_name(text)
        .or_else(|| matcher.by_code(text))
        .or_else(|| catalog.row_definition(text.trim()))
}

/// The header row and the column of each title, found by title.
fn header(range: &calamine::Range<Data>) -> Option<(u32, [Option<u32>; 8])> {
    let (row0, col0) = range.start()?;
    for (r, row) in range.rows().enumerate().take(10) {
        let mut cols = [None; 8];
        for (c, cell) in row.iter().enumerate() {
            let text = cell_text(cell);
            if let Some(i) = TITLES.iter().position(|t| *t == text) {
                cols[i].get_or_insert(col0 + c as u32);
            }
        }
        if cols[3].is_some() && cols[4].is_some() && cols[5].is_some() {
            return Some((row0 + r as u32, cols));
        }
    }
    None
}

/// What `attain check` did to the mapping file.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct MappingUpdate {
    /// The file, relative to the data folder; `None` when there is none and none was
    /// needed.
    pub file: Option<PathBuf>,
    /// Rows added for names not yet in the file.
    pub added: usize,
    /// Rows in the file after the update.
    pub rows: usize,
    /// Rows confirmed and usable.
    pub confirmed: usize,
    /// Confirmed rows used by this run's returns (each row once).
    pub used: usize,
    /// Rows waiting for a person's confirmation.
    pub waiting: usize,
}

/// Adds a row for every name of `data.unmatched` that the mapping file does not hold yet,
/// keeping every existing row as it is; writes the file only when a row was added. A file
/// that could not be read is never overwritten.
pub fn update(
    catalog: &Catalog,
    data_dir: &Path,
    data: &DataSet,
) -> Result<MappingUpdate, Diagnostic> {
    let mapping = &data.mapping;
    let mut rows = mapping.rows.clone();
    let mut keys: Vec<String> = rows.iter().map(|r| normalize_name(&r.written)).collect();
    let mut added = 0;
    for u in &data.unmatched {
        let key = normalize_name(&u.name);
        if keys.contains(&key) {
            continue;
        }
        keys.push(key);
        added += 1;
        rows.push(MappingRow {
            workbook: u.cell.file.display().to_string(),
            sheet: u.cell.sheet.clone(),
            cell: u.cell.a1(),
            written: u.name.clone(),
            indicator: u.suggestions.first().cloned().unwrap_or_default(),
            confirm: String::new(),
            others: u
                .suggestions
                .iter()
                .skip(1)
                .cloned()
                .collect::<Vec<_>>()
                .join("、"),
            note: String::new(),
        });
    }
    let mut used: Vec<&CellRef> = data.mapping_used.iter().collect();
    used.sort();
    used.dedup();
    let waiting = rows
        .iter()
        .filter(|r| !YES.contains(&cell_text(&Data::String(r.confirm.clone())).as_str()))
        .count();
    let mut outcome = MappingUpdate {
        file: mapping.file.clone(),
        added: 0,
        rows: rows.len(),
        confirmed: mapping.confirmed_count(),
        used: used.len(),
        waiting,
    };
    if added == 0 {
        return Ok(outcome);
    }
    let shown = PathBuf::from(MAPPING_FILE);
    let location = Some(Location::File {
        path: shown.clone(),
    });
    if mapping.unreadable {
        return Err(Diagnostic::warning(
            location,
            format!("指标对照表无法读取，{added} 个新的名称没有写入"),
        )
        .with_hint("改正或删除指标对照表后重新运行 attain check"));
    }
    let bytes = write(catalog, &rows)
        .map_err(|e| Diagnostic::warning(location.clone(), format!("无法生成指标对照表：{e}")))?;
    // Written beside and renamed, so that an interrupted run leaves the old file whole.
    let path = data_dir.join(MAPPING_FILE);
    let partial = data_dir.join(format!(".{MAPPING_FILE}.partial"));
    std::fs::write(&partial, bytes)
        .and_then(|_| std::fs::rename(&partial, &path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            Diagnostic::warning(
                location.clone(),
                format!("无法写入指标对照表：{}", crate::error::io_reason(&e)),
            )
            .with_hint("如果它正在 Excel 或 WPS 中打开，关闭后重新运行 attain check")
        })?;
    outcome.file = Some(shown);
    outcome.added = added;
    Ok(outcome)
}

/// The mapping file as XLSX bytes: the rows, with drop-downs of the catalog's indicators
/// and of 是/否, and a sheet of instructions.
fn write(catalog: &Catalog, rows: &[MappingRow]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold().set_background_color("D9E1F2");
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET)?;
    for (c, title) in TITLES.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *title, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        let cells = [
            &r.workbook,
            &r.sheet,
            &r.cell,
            &r.written,
            &r.indicator,
            &r.confirm,
            &r.others,
            &r.note,
        ];
        for (c, text) in cells.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(row, c as u16, *text)?;
            }
        }
    }
    for (c, width) in [24, 12, 8, 30, 30, 8, 40, 20].iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let last = rows.len().max(1) as u32 + 200;
    let names: Vec<String> = std::iter::once(NOT_AN_INDICATOR.to_string())
        .chain(catalog.indicators().map(|r| r.indicator.name.clone()))
        .chain(catalog.part_rows.iter().map(|p| p.name.clone()))
        .collect();
    let choose = DataValidation::new()
        .allow_list_formula(Formula::new(format!("=指标清单!$A$1:$A${}", names.len())))
        .set_error_title("请从列表中选择")?
        .set_error_message("对应的指标只能是目标清单中的指标。")?;
    sheet.add_data_validation(1, 4, last, 4, &choose)?;
    let confirm = DataValidation::new()
        .allow_list_strings(&["是", "否"])?
        .set_input_title("确认")?
        .set_input_message("对应的指标无误时选“是”；只有“是”的行会被使用。")?;
    sheet.add_data_validation(1, 5, last, 5, &confirm)?;

    let help = workbook.add_worksheet();
    help.set_name("填写说明")?;
    let lines = [
        "指标对照表：报表中写法与目标清单不同、无法自动对应的指标名称。",
        "每一行是 attain check 在报表中遇到的一个名称，“对应的指标”是最接近的目标清单指标（“其他可能”列出其余候选）。",
        "核对后，在“确认”栏选“是”；建议有误时，先在“对应的指标”中改选正确的指标再确认。",
        "不是目标清单中的指标时，“对应的指标”选“（不是目标清单中的指标）”并确认，以后不再提示。",
        "只有“确认”为“是”的行会被使用；以后每次读取报表，凡写作该名称的行都按确认的指标读取，并在检查结果中说明。",
        "再次运行 attain check 时，已有的行（包括确认）原样保留，只追加新遇到的名称。",
    ];
    for (i, line) in lines.iter().enumerate() {
        help.write_string(i as u32, 0, *line)?;
    }
    help.set_column_width(0, 120)?;

    let list = workbook.add_worksheet();
    list.set_name("指标清单")?;
    for (i, name) in names.iter().enumerate() {
        list.write_string(i as u32, 0, name)?;
    }
    list.set_hidden(true);
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_and_no_words_do_not_overlap() {
        assert!(YES.iter().all(|y| !NO.contains(y)));
    }
}
