//! Turning one sheet (a calamine `Range`) into readings of catalog indicators.
//!
//! A sheet is a self-evaluation sheet or a returns table; [`read_sheet`] tells which and
//! reads it. The sheet may come from any source: a workbook, a CSV file, a test.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Range};
use chrono::NaiveDate;

use super::layout::{self, Layout, cell_text};
use super::matcher::Matcher;
use super::selfeval::{self, SelfEvaluation};
use super::value::{CellValue, read_cell};
use crate::catalog::{Indicator, Unit};
use crate::diag::{CellRef, Diagnostic, Location};

/// One value read from a cell, already in the indicator's unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub indicator: String,
    pub breakdown: Option<String>,
    pub year: i32,
    pub value: f64,
    pub cell: CellRef,
    /// Read from the form's 上年 column rather than from that year's own form.
    pub from_previous_column: bool,
}

/// What one workbook held.
#[derive(Debug, Clone, Default)]
pub struct WorkbookReturn {
    /// The member unit it came from (填报单位, else the file name), as named in the catalog.
    pub unit: Option<String>,
    /// 填报日期, when given.
    pub date: Option<NaiveDate>,
    pub readings: Vec<Reading>,
    /// Self-evaluations of qualitative goals.
    pub self_evaluations: Vec<SelfEvaluation>,
    /// The file could not be opened at all.
    pub unreadable: bool,
    pub diagnostics: Vec<Diagnostic>,
    /// Value cells that say why there is no value (`数据暂缺`, `—`), as written.
    pub gaps: Vec<Gap>,
}

/// A value cell that says there is no value, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub indicator: String,
    pub breakdown: Option<String>,
    pub year: i32,
    /// The cell's text, trimmed: `数据暂缺`, `—`, `无`.
    pub mark: String,
    pub cell: CellRef,
}

/// Lines of a form that end its data region.
fn is_footer(name: &str) -> bool {
    const FOOTERS: &[&str] = &[
        "负责人",
        "单位负责人",
        "填报人",
        "填表人",
        "审核人",
        "统计负责人",
        "填报日期",
        "报出日期",
        "注:",
        "注：",
        "说明:",
        "说明：",
        "备注:",
        "备注：",
    ];
    FOOTERS.iter().any(|f| name.starts_with(f))
}

/// Strips a breakdown marker: `其中：城镇` → `城镇`.
fn breakdown_name(name: &str) -> Option<&str> {
    for prefix in ["其中:", "其中：", "其中"] {
        if let Some(rest) = name.strip_prefix(prefix) {
            return Some(rest.trim_start_matches([':', '：']));
        }
    }
    None
}

/// Reads one sheet on its own, with its form fields: what [`super::read_workbook`] does
/// for each sheet of a file. Used by the fuzz tests and by sources of one sheet.
pub fn read_range(
    range: &Range<Data>,
    file: &Path,
    sheet: &str,
    year: i32,
    matcher: &Matcher<'_>,
) -> WorkbookReturn {
    let mut out = WorkbookReturn::default();
    find_form_fields(range, &mut out);
    read_sheet(range, file, sheet, year, matcher, &mut out);
    out
}

/// Reads one sheet as a self-evaluation sheet or a returns table, into `out`; returns
/// whether it was either. `file` and `sheet` name the cells in messages.
pub fn read_sheet(
    range: &Range<Data>,
    file: &Path,
    sheet: &str,
    year: i32,
    matcher: &Matcher<'_>,
    out: &mut WorkbookReturn,
) -> bool {
    if let Some(evaluations) = selfeval::read_sheet(
        range,
        matcher.catalog,
        file,
        sheet,
        year,
        out.unit.as_deref(),
        &mut out.diagnostics,
    ) {
        out.self_evaluations.extend(evaluations);
        true
    } else if let Some(layout) = layout::detect(range, year) {
        read_table(range, &layout, file, sheet, year, matcher, out);
        true
    } else {
        false
    }
}

/// Picks up 填报单位 and 填报日期 wherever they are on a sheet.
pub fn find_form_fields(range: &Range<Data>, out: &mut WorkbookReturn) {
    for row in range.rows() {
        for (c, cell) in row.iter().enumerate() {
            let text = cell_text(cell);
            let next = || row[c + 1..].iter().find(|d| !matches!(d, Data::Empty));
            if let Some(rest) = field_value(&text, "填报单位") {
                let name = if rest.is_empty() {
                    next().map(cell_text).unwrap_or_default()
                } else {
                    rest.to_string()
                };
                let name = name
                    .trim_end_matches("（盖章）")
                    .trim_end_matches("(盖章)")
                    .to_string();
                if out.unit.is_none() && !name.is_empty() {
                    out.unit = Some(name);
                }
            }
            if let Some(rest) = field_value(&text, "填报日期") {
                let date = if rest.is_empty() {
                    next().and_then(cell_date)
                } else {
                    parse_date(rest)
                };
                out.date = out.date.or(date);
            }
        }
    }
}

/// The text after `label：` in a cell such as `填报单位：市卫生健康委`.
fn field_value<'t>(text: &'t str, label: &str) -> Option<&'t str> {
    text.find(label).map(|at| {
        let rest = &text[at + label.len()..];
        let rest = rest.trim_start_matches([':', '：']);
        // A footer cell may hold several fields: 负责人：张三 填报日期：…
        let end = ["负责人", "填报人", "填报日期", "联系电话"]
            .iter()
            .filter_map(|f| rest.find(f))
            .min()
            .unwrap_or(rest.len());
        &rest[..end]
    })
}

fn cell_date(data: &Data) -> Option<NaiveDate> {
    match data {
        Data::DateTime(dt) => dt.as_datetime().map(|d| d.date()),
        Data::String(s) => parse_date(s),
        _ => None,
    }
}

/// A date as Chinese documents write it: `2026年3月15日`.
pub fn chinese_date(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// Parses `2026年3月15日`, `2026-03-15`, `2026/3/15` or `2026.3.15`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let parts: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    match parts.as_slice() {
        [y, m, d, ..] => NaiveDate::from_ymd_opt(*y as i32, *m, *d),
        _ => None,
    }
}

fn read_table(
    range: &Range<Data>,
    layout: &Layout,
    file: &Path,
    sheet: &str,
    year: i32,
    matcher: &Matcher<'_>,
    out: &mut WorkbookReturn,
) {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let get = |row: u32, col: u32| -> &Data { range.get_value((row, col)).unwrap_or(&Data::Empty) };
    let cell = |row: u32, col: u32| CellRef::new(file, sheet, row, col);
    let (_, end_col) = range.end().unwrap_or((0, 0));
    let (end_row, _) = range.end().unwrap_or((0, 0));
    let mut current: Option<&Indicator> = None;
    // Columns whose meaning is known; a number in any other column is reported once per
    // column, so that no value in the data region goes unmentioned.
    let header_text = |col: u32| {
        let mut text = cell_text(get(layout.header_row, col));
        if text.is_empty() && layout.header_row > row0 {
            text = cell_text(get(layout.header_row - 1, col));
        }
        text
    };
    let known: Vec<u32> = [Some(layout.name_col), layout.code_col, layout.unit_col]
        .into_iter()
        .chain([
            Some(layout.current_col),
            layout.previous_col,
            layout.note_col,
        ])
        .chain([layout.baseline_col])
        .flatten()
        .chain(layout.year_cols.iter().map(|(c, _)| *c))
        .chain((col0..=end_col).filter(|c| {
            matches!(
                header_text(*c).as_str(),
                "序号" | "行次" | "栏次" | "顺序号"
            )
        }))
        .collect();
    let mut unread: BTreeMap<u32, (usize, CellRef)> = BTreeMap::new();

    for row in layout.header_row + 1..=end_row {
        let name_cell = get(row, layout.name_col);
        let name = match name_cell {
            Data::String(s) => s.trim().to_string(),
            Data::Empty => String::new(),
            other => other.to_string(),
        };
        let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        if is_footer(&compact) {
            break;
        }
        if compact.is_empty() {
            let stray = (col0..=end_col)
                .filter(|c| *c != layout.name_col)
                .find(|c| !matches!(get(row, *c), Data::Empty | Data::String(_)));
            if let Some(col) = stray {
                out.diagnostics.push(
                    Diagnostic::warning(
                        Some(Location::Cell(cell(row, col))),
                        "这一行有数值但没有指标名称，未使用",
                    )
                    .with_hint("补上指标名称，或删除这一行"),
                );
            }
            continue;
        }
        for col in (col0..=end_col).filter(|c| !known.contains(c)) {
            if let Data::Float(_) | Data::Int(_) = get(row, col) {
                unread.entry(col).or_insert_with(|| (0, cell(row, col))).0 += 1;
            }
        }

        // Which indicator, and which breakdown of it, does this row hold?
        let (indicator, breakdown) = if let Some(group) = breakdown_name(&compact) {
            match current {
                Some(ind) if ind.sub_rows(matcher.catalog).any(|b| b == group) => {
                    (ind, Some(group.to_string()))
                }
                Some(ind) => {
                    out.diagnostics.push(
                        Diagnostic::warning(
                            Some(Location::Cell(cell(row, layout.name_col))),
                            format!("“{}”不是指标“{}”的分组，未使用", name, ind.name),
                        )
                        .with_hint(format!(
                            "该指标的分组：{}",
                            ind.sub_rows(matcher.catalog).collect::<Vec<_>>().join("、")
                        )),
                    );
                    continue;
                }
                None => {
                    out.diagnostics.push(Diagnostic::warning(
                        Some(Location::Cell(cell(row, layout.name_col))),
                        format!("分组行“{name}”上方没有可识别的指标，未使用"),
                    ));
                    continue;
                }
            }
        } else if let Some(ind) =
            current.filter(|ind| ind.sub_rows(matcher.catalog).any(|b| b == compact))
        {
            (ind, Some(compact.clone()))
        } else {
            let by_code = layout
                .code_col
                .map(|c| cell_text(get(row, c)))
                .filter(|code| !code.is_empty())
                .and_then(|code| matcher.by_code(&code));
            match by_code.or_else(|| matcher.by_name(&compact)) {
                Some(ind) => {
                    current = Some(ind);
                    (ind, None)
                }
                None => {
                    current = None;
                    let closest = matcher.closest(&compact);
                    let mut d = Diagnostic::warning(
                        Some(Location::Cell(cell(row, layout.name_col))),
                        format!("指标“{name}”不在目标清单中，未使用"),
                    );
                    if !closest.is_empty() {
                        d = d.with_hint(format!("最接近的指标：{}", closest.join("、")));
                    }
                    out.diagnostics.push(d);
                    continue;
                }
            }
        };

        // The unit written on the row, if any.
        let row_unit = match layout.unit_col.map(|c| (c, cell_text(get(row, c)))) {
            Some((col, text)) if !text.is_empty() => match Unit::parse(&text) {
                Some(unit) => Some(unit),
                None => {
                    out.diagnostics.push(Diagnostic::warning(
                        Some(Location::Cell(cell(row, col))),
                        format!(
                            "无法识别计量单位“{text}”，按目标清单的单位“{}”读取",
                            indicator.unit
                        ),
                    ));
                    None
                }
            },
            _ => None,
        };

        let baseline = layout
            .baseline_col
            .map(|c| (c, matcher.catalog.plan.baseline_year, true));
        for (col, value_year, from_previous_column) in
            layout.value_columns(year).into_iter().chain(baseline)
        {
            let here = cell(row, col);
            match read_cell(get(row, col)) {
                CellValue::Missing => {
                    // A dash only says "no data"; words say why (数据暂缺, 未统计 …).
                    if let Data::String(text) = get(row, col)
                        && text.trim().chars().any(|c| !"—–-－/／ ".contains(c))
                    {
                        out.gaps.push(Gap {
                            indicator: indicator.id.clone(),
                            breakdown: breakdown.clone(),
                            year: value_year,
                            mark: text.trim().to_string(),
                            cell: here,
                        });
                    }
                }
                CellValue::Invalid(reason) => out.diagnostics.push(
                    Diagnostic::error(
                        Some(Location::Cell(here)),
                        format!("“{}”的数值{reason}，未使用", indicator.name),
                    )
                    .with_hint("填写数字；没有数据时填“—”或留空"),
                ),
                CellValue::Number { value, sign } => {
                    let stated = sign
                        .and_then(|s| Unit::parse(&s.to_string()))
                        .or(row_unit)
                        .unwrap_or(indicator.unit);
                    match convert(value, stated, indicator.unit) {
                        Some(value) => {
                            if stated != indicator.unit {
                                out.diagnostics.push(Diagnostic::note(
                                    Some(Location::Cell(here.clone())),
                                    format!(
                                        "“{}”按 {stated} 填报，已换算为 {}",
                                        indicator.name, indicator.unit
                                    ),
                                ));
                            }
                            out.readings.push(Reading {
                                indicator: indicator.id.clone(),
                                breakdown: breakdown.clone(),
                                year: value_year,
                                value,
                                cell: here,
                                from_previous_column,
                            });
                        }
                        None => out.diagnostics.push(
                            Diagnostic::error(
                                Some(Location::Cell(here)),
                                format!(
                                    "“{}”的计量单位应为 {}，填报的是 {stated}，无法换算，未使用",
                                    indicator.name, indicator.unit
                                ),
                            )
                            .with_hint(format!("按 {} 填报", indicator.unit)),
                        ),
                    }
                }
            }
        }
        if let Some(col) = layout.note_col {
            // Notes are free text; nothing to read, but a number there is probably a
            // value typed into the wrong column.
            if let Data::Float(_) | Data::Int(_) = get(row, col) {
                out.diagnostics.push(Diagnostic::warning(
                    Some(Location::Cell(cell(row, col))),
                    "备注栏中填了数值，未使用；如果是本年数值，请移到数值列",
                ));
            }
        }
    }
    for (col, (count, first)) in unread {
        let title = header_text(col);
        let title = if title.is_empty() {
            format!("第{}列", crate::diag::column_letters(col))
        } else {
            format!("“{title}”列")
        };
        out.diagnostics.push(
            Diagnostic::warning(
                Some(Location::Cell(first)),
                format!("{title}不是可识别的数据列，其中 {count} 个数值未使用"),
            )
            .with_hint("本年、上年数值请填在“本年数值”“上年数值”列；如该列有用，请说明其含义"),
        );
    }
}

/// Converts a value between units: the same unit as is, rates by shifting the decimal
/// point exactly; `None` when the units measure different things.
pub fn convert(value: f64, from: Unit, to: Unit) -> Option<f64> {
    if from == to {
        return Some(value);
    }
    let (from_scale, to_scale) = (from.rate_scale()?, to.rate_scale()?);
    let exponent = (to_scale / from_scale).log10().round() as i32;
    // Going through decimal text keeps 3.2‰ → 0.32% exact instead of 0.32000000000000006.
    format!("{value}e{exponent}").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_convert_exactly() {
        assert_eq!(convert(3.2, Unit::Permille, Unit::Percent), Some(0.32));
        assert_eq!(convert(0.32, Unit::Percent, Unit::Permille), Some(3.2));
        assert_eq!(
            convert(1.5, Unit::PerTenThousand, Unit::PerHundredThousand),
            Some(15.0)
        );
        assert_eq!(convert(12.0, Unit::Percent, Unit::Age), None);
    }

    #[test]
    fn dates_in_common_spellings() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 15);
        assert_eq!(parse_date("2026年3月15日"), d);
        assert_eq!(parse_date("2026-03-15"), d);
        assert_eq!(parse_date("2026/3/15"), d);
        assert_eq!(parse_date("三月"), None);
    }

    #[test]
    fn form_fields_split_on_other_labels() {
        assert_eq!(
            field_value("填报单位：市卫生健康委", "填报单位"),
            Some("市卫生健康委")
        );
        assert_eq!(
            field_value("负责人：张三填报日期：2026年3月15日", "填报日期"),
            Some("2026年3月15日")
        );
    }
}
