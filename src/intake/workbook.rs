//! Reading one return file: its sheets, whose each is, and every reading in it.
//!
//! The sender of a sheet is, in this order: the sheet's own 填报单位 (or 填表单位,
//! 报送单位 …); the sheet's name (a workbook may hold one sheet per unit); the one unit
//! that the workbook's other sheets name; the file name. Each is recognised by
//! [`super::units`]; a recognition by rule gets a note, a name that fits no unit or several
//! a warning.

use std::path::Path;

use super::fields::{FormFields, form_fields};
use super::matcher::Matcher;
use super::sheet::{SheetIn, WorkbookReturn, read_sheet};
use super::source::{self, Format, ReturnFile};
use super::units::UnitMatch;
use crate::catalog::MemberUnit;
use crate::diag::{CellRef, Diagnostic, Location};

/// Reads every sheet of one return file, as a return of a year's folder. `file` is the
/// path used in messages; `year` the year its one-year forms are about.
pub fn read_workbook(path: &Path, file: &Path, year: i32, matcher: &Matcher<'_>) -> WorkbookReturn {
    let format = Format::of(path).unwrap_or(Format::Xlsx);
    read_file(
        &ReturnFile {
            path: path.to_path_buf(),
            shown: file.to_path_buf(),
            year,
            in_year_folder: true,
            format,
        },
        matcher,
    )
}

/// Reads every sheet of one return file. A failure of the program while reading it (a
/// panic, in calamine or here) is reported as an error on the file and reading goes on
/// with the other files.
pub fn read_file(file: &ReturnFile, matcher: &Matcher<'_>) -> WorkbookReturn {
    crate::guard::isolate(|| read_file_unguarded(file, matcher)).unwrap_or_else(|panic| {
        let mut out = WorkbookReturn::default();
        out.diagnostics.push(
            Diagnostic::error(
                Some(Location::File {
                    path: file.shown.clone(),
                }),
                format!("内部错误：读取此文件时程序出错（{panic}），文件中的数据未使用"),
            )
            .with_hint("用 Excel 或 WPS 打开后另存为 .xlsx 再试；仍有问题请把该文件发给维护人员"),
        );
        out.unreadable = true;
        out
    })
}

/// A year a form states for itself, and where it says so.
#[derive(Debug, Clone, PartialEq, Eq)]
struct StatedYear {
    year: i32,
    /// `标题“…”` or `文件名“…”`.
    source: String,
}

/// The one year a form's title (a cell with 表 in the first rows of a sheet) or its file
/// name states, such as `（2024年）` or `2024年市卫生健康委`. Ranges (`2021—2025年`) and
/// dates (`2025年3月`) are not statements of the form's year; a title naming several years
/// states none.
fn stated_year(sheets: &[source::Sheet], path: &Path) -> Option<StatedYear> {
    const TITLE_ROWS: usize = 6;
    for sheet in sheets {
        for row in sheet.range.rows().take(TITLE_ROWS) {
            for cell in row {
                let text = cell.to_string();
                if !text.contains('表') || text.contains("日期") {
                    continue;
                }
                if let Some(year) = single_year(&text) {
                    return Some(StatedYear {
                        year,
                        source: format!("标题“{}”", text.trim()),
                    });
                }
            }
        }
    }
    let stem = path.file_stem()?.to_str()?;
    single_year(stem).map(|year| StatedYear {
        year,
        source: format!("文件名“{stem}”"),
    })
}

/// The year `text` names on its own (`2024年`, `2024年度`), when it names exactly one.
fn single_year(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().collect();
    let is_link = |c: Option<&char>| {
        c.is_some_and(|c| {
            c.is_ascii_digit() || matches!(c, '—' | '-' | '－' | '–' | '～' | '~' | '至' | '到')
        })
    };
    let mut years = Vec::new();
    let mut i = 0;
    while i + 4 < chars.len() {
        let digits = &chars[i..i + 4];
        let starts = i == 0 || !is_link(chars.get(i - 1));
        if starts && digits.iter().all(char::is_ascii_digit) && chars[i + 4] == '年' {
            let mut after = i + 5;
            if chars.get(after) == Some(&'度') {
                after += 1;
            }
            if !is_link(chars.get(after)) {
                let year: i32 = digits.iter().collect::<String>().parse().ok()?;
                if crate::catalog::YEARS.contains(&year) && !years.contains(&year) {
                    years.push(year);
                }
            }
            i = after;
        } else {
            i += 1;
        }
    }
    match years.as_slice() {
        [year] => Some(*year),
        _ => None,
    }
}

/// Fault injection for the tests of isolation, in debug builds only: reading a file named
/// as `ATTAIN_TEST_PANIC_ON` says panics as a bug would (no workbook is known to).
fn injected_fault(file: &ReturnFile) {
    if cfg!(debug_assertions)
        && let Ok(name) = std::env::var("ATTAIN_TEST_PANIC_ON")
        && file.path.file_name().and_then(|n| n.to_str()) == Some(name.as_str())
    {
        panic!("注入的测试故障（ATTAIN_TEST_PANIC_ON）");
    }
}

fn read_file_unguarded(file: &ReturnFile, matcher: &Matcher<'_>) -> WorkbookReturn {
    injected_fault(file);
    let mut out = WorkbookReturn::default();
    let (shown, year) = (file.shown.as_path(), file.year);
    let opened = match source::open_workbook(file) {
        Ok(opened) => opened,
        Err(err) => {
            out.diagnostics.push(err.diagnostic(shown));
            out.unreadable = true;
            return out;
        }
    };
    let sheets = &opened.sheets;
    let fields: Vec<FormFields> = sheets.iter().map(|s| form_fields(&s.range)).collect();
    out.date = fields.iter().find_map(|f| f.date);

    let units = &matcher.units;
    let field_units: Vec<Option<UnitMatch<'_>>> = fields
        .iter()
        .map(|f| {
            f.unit
                .as_ref()
                .map(|(name, _, _)| units.recognise(name, true))
        })
        .collect();
    let mut named: Vec<&MemberUnit> = field_units
        .iter()
        .flatten()
        .filter_map(UnitMatch::unit)
        .collect();
    named.dedup_by(|a, b| a.name == b.name);
    let stem = file.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let by_file = units.recognise(stem, true);
    let mut noted_file = false;

    let mut found_table = false;
    let mut unknown_sheets: Vec<&str> = Vec::new();
    for (i, sheet) in sheets.iter().enumerate() {
        let sheet_name = units.recognise(&sheet.name, true);
        let sheet_unit = sheet_name.unit();
        // The sender, and where it was found.
        let own = field_units[i].as_ref().and_then(UnitMatch::unit);
        let (unit, from) = match (own, sheet_unit, named.as_slice()) {
            (Some(u), _, _) => (Some(u), From::Field),
            (None, Some(u), _) => (Some(u), From::SheetName),
            (None, None, [u]) => (Some(*u), From::OtherSheets),
            _ => (by_file.unit(), From::FileName),
        };
        let field_cell =
            |row: u32, col: u32| Some(Location::Cell(CellRef::new(shown, &sheet.name, row, col)));
        // What the 填报单位 says, in a note or a warning.
        if let (Some((written, row, col)), Some(m)) = (&fields[i].unit, &field_units[i]) {
            let fallback = match (unit, from) {
                (Some(u), From::SheetName) => format!("；按工作表名认作“{}”", u.name),
                (Some(u), From::OtherSheets) => {
                    format!("；按本工作簿其他工作表的填报单位认作“{}”", u.name)
                }
                (Some(u), From::FileName) => format!("；按文件名认作“{}”", u.name),
                _ => String::new(),
            };
            if let Some(d) = field_diagnostic(written, m, &fallback) {
                out.diagnostics.push(Diagnostic {
                    location: field_cell(*row, *col),
                    ..d
                });
            }
        }
        let unit_name = unit.map(|u| u.name.as_str());
        let written = fields[i].unit.as_ref().map(|(n, _, _)| n.as_str());
        let before = (out.readings.len(), out.self_evaluations.len());
        let formulas = opened.formulas(&sheet.name);
        let is_table = read_sheet(
            &SheetIn {
                range: &sheet.range,
                file: shown,
                sheet: &sheet.name,
                year,
                in_year_folder: file.in_year_folder,
                unit: unit_name,
                written_unit: written,
                formulas: &formulas,
            },
            matcher,
            &mut out,
        );
        found_table |= is_table;
        // A sheet name or file name recognised by rule: say so once, for a table.
        match (from, &sheet_name, &by_file) {
            (From::SheetName, UnitMatch::ByRule(u, steps), _) if is_table => {
                out.diagnostics.push(Diagnostic::note(
                    field_cell(sheet.range.start().map_or(0, |s| s.0), 0),
                    format!(
                        "工作表名“{}”认作成员单位“{}”（{steps}）",
                        sheet.name, u.name
                    ),
                ));
            }
            (From::FileName, _, UnitMatch::ByRule(u, steps)) if is_table && !noted_file => {
                noted_file = true;
                out.diagnostics.push(Diagnostic::note(
                    Some(Location::File {
                        path: shown.to_path_buf(),
                    }),
                    format!("文件名认作成员单位“{}”（{steps}）", u.name),
                ));
            }
            _ => {}
        }
        if is_table {
            match unit {
                Some(u) => {
                    if !out.senders.contains(&u.name) {
                        out.senders.push(u.name.clone());
                    }
                    out.unit.get_or_insert_with(|| u.name.clone());
                }
                None => {
                    let read =
                        out.readings.len() > before.0 || out.self_evaluations.len() > before.1;
                    if read || sheets.len() == 1 {
                        unknown_sheets.push(&sheet.name);
                    }
                }
            }
        }
    }
    if let Some(stated) = stated_year(sheets, &file.path)
        && stated.year != year
    {
        out.diagnostics.push(
                Diagnostic::error(
                    Some(Location::File {
                        path: shown.to_path_buf(),
                    }),
                    format!(
                        "{}写的是 {} 年，但文件放在 {year} 年的文件夹中：本表数值未作为 {year} 年数据使用",
                        stated.source, stated.year
                    ),
                )
                .with_hint(format!(
                    "可能误放了往年的报表：请换成 {year} 年的报表，或改正标题中的年份"
                )),
            );
        out.readings
            .retain(|r| r.year != year && !r.from_other_year);
        out.gaps.retain(|g| g.year != year && g.year != year - 1);
        out.self_evaluations.retain(|e| e.year != year);
        return out;
    }
    if !found_table {
        out.diagnostics.push(
            Diagnostic::error(
                Some(Location::File {
                    path: shown.to_path_buf(),
                }),
                format!("工作簿中没有找到 {year} 年数据表的表头"),
            )
            .with_hint(format!(
                "表头行应含“指标名称”和“本年数值”（或“{year}年”）等列名"
            )),
        );
    } else if !unknown_sheets.is_empty() {
        let which = if out.senders.is_empty() {
            String::new()
        } else {
            format!("工作表“{}”的", unknown_sheets.join("”“"))
        };
        let mut hint =
            "在表头上方写“填报单位：单位名称”，或以单位名称命名文件（一个工作簿含几个单位时，以单位名称命名工作表）"
                .to_string();
        if let UnitMatch::Ambiguous(candidates) = &by_file {
            hint = format!(
                "文件名中有几个单位（{}）；{hint}",
                candidates
                    .iter()
                    .map(|u| u.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            );
        }
        out.diagnostics.push(
            Diagnostic::warning(
                Some(Location::File {
                    path: shown.to_path_buf(),
                }),
                format!("无法确定{which}填报单位，数值照常使用，但不能按责任单位判断冲突"),
            )
            .with_hint(hint),
        );
    }
    out
}

/// Where a sheet's sender was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum From {
    Field,
    SheetName,
    OtherSheets,
    FileName,
}

/// The note or warning a written 填报单位 gets; `fallback` says how the sender was found
/// instead when the written name was no help.
fn field_diagnostic(written: &str, m: &UnitMatch<'_>, fallback: &str) -> Option<Diagnostic> {
    let names = |units: &[&MemberUnit]| {
        units
            .iter()
            .map(|u| u.name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    };
    let alias = "如是同一单位，请在目标清单的 units 中为它添加别名（aliases）";
    Some(match m {
        UnitMatch::Exact(_) => return None,
        UnitMatch::ByRule(u, steps) => Diagnostic::note(
            None,
            format!("填报单位“{written}”认作成员单位“{}”（{steps}）", u.name),
        ),
        UnitMatch::Ambiguous(units) => Diagnostic::warning(
            None,
            format!(
                "填报单位“{written}”可能是{}，无法确定是哪一个{fallback}",
                names(units)
            ),
        )
        .with_hint("写全单位名称，或在目标清单的 units 中为它添加别名（aliases）"),
        UnitMatch::Foreign { place, like } => Diagnostic::warning(
            None,
            format!(
                "填报单位“{written}”是{place}的单位，不是本规划的成员单位（本规划有“{}”）{fallback}",
                like.name
            ),
        )
        .with_hint("核对这份报表是否放错了文件夹"),
        UnitMatch::Unknown(nearest) if nearest.is_empty() => Diagnostic::warning(
            None,
            format!("填报单位“{written}”不是目标清单中的成员单位{fallback}"),
        )
        .with_hint(alias),
        UnitMatch::Unknown(nearest) => Diagnostic::warning(
            None,
            format!("填报单位“{written}”不是目标清单中的成员单位{fallback}"),
        )
        .with_hint(format!("最接近的单位：{}；{alias}", names(nearest))),
    })
}

#[cfg(test)]
mod tests {
    use super::single_year;

    #[test]
    fn a_form_states_its_year_but_not_a_range_or_a_date() {
        assert_eq!(single_year("市卫生健康委监测统计表（2024年）"), Some(2024));
        assert_eq!(single_year("2024年市卫生健康委"), Some(2024));
        assert_eq!(single_year("2024年度报表"), Some(2024));
        assert_eq!(
            single_year("株洲市妇女发展规划（2021—2025年）统计监测报表"),
            None
        );
        assert_eq!(single_year("规划（2021-2025年）报表（2025年）"), Some(2025));
        assert_eq!(single_year("填报于2026年3月15日的表"), None);
        assert_eq!(single_year("2024年与2025年对比表"), None);
        assert_eq!(single_year("市教育局"), None);
        assert_eq!(single_year("12024年"), None);
    }
}
