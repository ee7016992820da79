//! Reading one return file: its sheets, whose it is, and every reading in it.

use std::path::Path;

use super::matcher::Matcher;
use super::sheet::{WorkbookReturn, find_form_fields, read_sheet};
use super::source::{self, Format, ReturnFile};
use crate::diag::{Diagnostic, Location};

/// Reads every sheet of one return file. `file` is the path used in messages; `year` the
/// year its one-year forms are about.
pub fn read_workbook(path: &Path, file: &Path, year: i32, matcher: &Matcher<'_>) -> WorkbookReturn {
    let format = Format::of(path).unwrap_or(Format::Xlsx);
    read_file(
        &ReturnFile {
            path: path.to_path_buf(),
            shown: file.to_path_buf(),
            year,
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

fn read_file_unguarded(file: &ReturnFile, matcher: &Matcher<'_>) -> WorkbookReturn {
    let mut out = WorkbookReturn::default();
    let (shown, year) = (file.shown.as_path(), file.year);
    let sheets = match source::open(file) {
        Ok(sheets) => sheets,
        Err(err) => {
            out.diagnostics.push(err.diagnostic(shown));
            out.unreadable = true;
            return out;
        }
    };
    for sheet in &sheets {
        find_form_fields(&sheet.range, &mut out);
    }
    // 填报单位 may be written as an alias; use the catalog's name.
    out.unit = out
        .unit
        .as_deref()
        .and_then(|u| matcher.catalog.unit_named(u))
        .or_else(|| {
            let stem = file.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            matcher.catalog.unit_named(stem)
        })
        .map(|u| u.name.clone())
        .or(out.unit);
    let mut found_table = false;
    for sheet in &sheets {
        found_table |= read_sheet(&sheet.range, shown, &sheet.name, year, matcher, &mut out);
    }
    if let Some(stated) = stated_year(&sheets, &file.path)
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
            .retain(|r| r.year != year && !r.from_previous_column);
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
    }
    out
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
