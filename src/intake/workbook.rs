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

/// Reads every sheet of one return file.
pub fn read_file(file: &ReturnFile, matcher: &Matcher<'_>) -> WorkbookReturn {
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
