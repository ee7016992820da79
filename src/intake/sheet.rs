//! Turning one sheet (a calamine `Range`) into readings of catalog indicators.
//!
//! A sheet is a self-evaluation sheet or a returns table; [`read_sheet`] tells which and
//! reads it. The sheet may come from any source: a workbook, a CSV file, a test.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Range};
use chrono::NaiveDate;

use super::fields::form_fields;
use super::formula::{self, SheetCells};
use super::layout::{self, Layout, cell_text};
use super::matcher::{Matcher, NameMatch, halfwidth, split_unit, strip_numbering};
use super::selfeval::{self, SelfEvaluation};
use super::source::Formulas;
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
    /// Read from a column of another year than the workbook's own (上年, 基期, or another
    /// year's column of a years-as-columns table): that year's own return wins over it.
    pub from_other_year: bool,
    /// The member unit whose sheet it is, as named in the catalog.
    pub unit: Option<String>,
}

/// An indicator name that matched nothing, with the names it looks most like.
#[derive(Debug, Clone, PartialEq)]
pub struct Unmatched {
    pub cell: CellRef,
    /// The name as written (trimmed).
    pub name: String,
    pub suggestions: Vec<String>,
}

/// What one workbook held.
#[derive(Debug, Clone, Default)]
pub struct WorkbookReturn {
    /// The member unit it came from, as named in the catalog: the unit of its first table.
    pub unit: Option<String>,
    /// Every unit with a table or self-evaluation in it (a workbook may hold several
    /// units' sheets).
    pub senders: Vec<String>,
    /// 填报日期, when given.
    pub date: Option<NaiveDate>,
    pub readings: Vec<Reading>,
    /// Self-evaluations of qualitative goals.
    pub self_evaluations: Vec<SelfEvaluation>,
    /// Names that matched no indicator, for the mapping file.
    pub unmatched: Vec<Unmatched>,
    /// The mapping-file cells of the confirmed rows used.
    pub mapping_used: Vec<CellRef>,
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

/// One sheet to read, with what is known about it.
pub struct SheetIn<'s> {
    pub range: &'s Range<Data>,
    /// The file as named in messages.
    pub file: &'s Path,
    pub sheet: &'s str,
    /// The year of the workbook's folder (the report year for a workbook in the data
    /// folder itself).
    pub year: i32,
    /// The workbook is in a year's folder, so its tables are about that year; one in the
    /// data folder itself may hold any years.
    pub in_year_folder: bool,
    /// The sending unit, as named in the catalog.
    pub unit: Option<&'s str>,
    /// What the sending unit wrote, for self-evaluations when it is not a catalog unit.
    pub written_unit: Option<&'s str>,
    pub formulas: &'s Formulas<'s>,
}

/// Lines of a form that end its data region.
fn is_footer(name: &str) -> bool {
    const FOOTERS: &[&str] = &[
        "负责人",
        "单位负责人",
        "填报人",
        "填表人",
        "制表人",
        "审核人",
        "统计负责人",
        "联系人",
        "联系电话",
        "填报日期",
        "填表日期",
        "报送日期",
        "报出日期",
        "填报单位",
        "填表单位",
        "报送单位",
        "报表单位",
        "上报单位",
        "单位（盖章）",
        "单位(盖章)",
        "注:",
        "注：",
        "说明:",
        "说明：",
        "备注:",
        "备注：",
    ];
    FOOTERS.iter().any(|f| name.starts_with(f))
}

/// Rows that number the columns under a header: 甲, 乙, 栏次.
fn is_column_numbers(name: &str) -> bool {
    ["甲", "乙", "丙", "丁", "栏次", "行次"].contains(&name)
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

/// The indicator's breakdown a column header names: as written, or 女性/男性 for 女/男.
fn resolve_breakdown<'i>(
    ind: &'i Indicator,
    matcher: &'i Matcher<'_>,
    label: &str,
) -> Option<&'i str> {
    let label = match label {
        "女性" | "女童" => "女",
        "男性" | "男童" => "男",
        other => other,
    };
    ind.sub_rows(matcher.catalog)
        .find(|b| *b == label || halfwidth(b) == label)
}

/// Reads one sheet on its own, with its form fields: what [`super::read_file`] does for
/// each sheet of a file, without a file name or other sheets to recognise the sender by.
/// Used by the fuzz tests and by sources of one sheet.
pub fn read_range(
    range: &Range<Data>,
    file: &Path,
    sheet: &str,
    year: i32,
    matcher: &Matcher<'_>,
) -> WorkbookReturn {
    let mut out = WorkbookReturn::default();
    let fields = form_fields(range);
    out.date = fields.date;
    let written = fields.unit.as_ref().map(|(name, _, _)| name.as_str());
    let unit = written
        .and_then(|w| matcher.units.recognise(w, true).unit())
        .or_else(|| matcher.units.recognise(sheet, false).unit())
        .map(|u| u.name.clone());
    out.unit = unit.clone();
    let formulas = Formulas::none();
    read_sheet(
        &SheetIn {
            range,
            file,
            sheet,
            year,
            in_year_folder: true,
            unit: unit.as_deref(),
            written_unit: written,
            formulas: &formulas,
        },
        matcher,
        &mut out,
    );
    out
}

/// Reads one sheet as a self-evaluation sheet or a returns table, into `out`; returns
/// whether it was either.
pub fn read_sheet(input: &SheetIn<'_>, matcher: &Matcher<'_>, out: &mut WorkbookReturn) -> bool {
    if let Some(evaluations) = selfeval::read_sheet(
        input.range,
        matcher.catalog,
        input.file,
        input.sheet,
        input.year,
        input.unit.or(input.written_unit),
        &mut out.diagnostics,
    ) {
        out.self_evaluations.extend(evaluations);
        true
    } else if let Some(layout) = layout::detect(input.range) {
        read_table(input, &layout, matcher, out);
        true
    } else {
        false
    }
}

/// A date as Chinese documents write it: `2026年3月15日`.
pub fn chinese_date(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

fn read_table(
    input: &SheetIn<'_>,
    layout: &Layout,
    matcher: &Matcher<'_>,
    out: &mut WorkbookReturn,
) {
    let (range, year) = (input.range, input.year);
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let get = |row: u32, col: u32| -> &Data { range.get_value((row, col)).unwrap_or(&Data::Empty) };
    let cell = |row: u32, col: u32| CellRef::new(input.file, input.sheet, row, col);
    let (end_row, end_col) = range.end().unwrap_or((0, 0));
    let baseline_year = matcher.catalog.plan.baseline_year;
    let slots = layout.value_columns(year, baseline_year);
    let mut current: Option<&Indicator> = None;
    // Columns whose meaning is known; a number in any other column is reported once per
    // column, so that no value in the data region goes unmentioned.
    let header_text = |col: u32| {
        let mut text = cell_text(get(layout.header_row, col));
        let mut row = layout.header_row;
        while text.is_empty() && row > row0 {
            row -= 1;
            text = cell_text(get(row, col));
        }
        text
    };
    let known: Vec<u32> = [
        Some(layout.name_col),
        layout.code_col,
        layout.unit_col,
        layout.note_col,
    ]
    .into_iter()
    .flatten()
    .chain(slots.iter().map(|s| s.col))
    .chain((col0..=end_col).filter(|c| {
        matches!(
            header_text(*c).as_str(),
            "序号" | "行次" | "栏次" | "顺序号"
        )
    }))
    .collect();
    let mut unread: BTreeMap<u32, (usize, CellRef)> = BTreeMap::new();
    let mut later: BTreeMap<u32, (usize, CellRef, i32)> = BTreeMap::new();
    if input.in_year_folder && !layout.has_year(year) {
        let mut years: Vec<i32> = slots.iter().map(|s| s.year).collect();
        years.sort();
        years.dedup();
        out.diagnostics.push(
            Diagnostic::warning(
                Some(Location::Cell(cell(layout.header_row, layout.name_col))),
                format!(
                    "表中没有 {year} 年的数据列（表头的年份：{}），按各列的年份读取",
                    years
                        .iter()
                        .map(|y| format!("{y}年"))
                        .collect::<Vec<_>>()
                        .join("、")
                ),
            )
            .with_hint(format!("核对这份报表是否应放在 {year} 年的文件夹中")),
        );
    }

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
        let has_number = (col0..=end_col)
            .filter(|c| *c != layout.name_col)
            .find(|c| !matches!(get(row, *c), Data::Empty | Data::String(_)));
        if compact.is_empty() {
            if let Some(col) = has_number {
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
        if is_column_numbers(&compact) {
            continue;
        }
        // A domain heading (一、妇女与健康) between the rows of a table.
        let bare = strip_numbering(&halfwidth(&compact)).to_string();
        if has_number.is_none() && matcher.catalog.domains.iter().any(|d| d.name == bare) {
            current = None;
            continue;
        }
        for col in (col0..=end_col).filter(|c| !known.contains(c)) {
            if let Data::Float(_) | Data::Int(_) = get(row, col) {
                unread.entry(col).or_insert_with(|| (0, cell(row, col))).0 += 1;
            }
        }

        // Which indicator, and which breakdown of it, does this row hold?
        let name_here = cell(row, layout.name_col);
        let (indicator, breakdown) = if let Some(group) = breakdown_name(&compact) {
            match current {
                Some(ind) if ind.sub_rows(matcher.catalog).any(|b| b == group) => {
                    (ind, Some(group.to_string()))
                }
                Some(ind) => {
                    out.diagnostics.push(
                        Diagnostic::warning(
                            Some(Location::Cell(name_here)),
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
                        Some(Location::Cell(name_here)),
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
            let found = by_code
                .map(NameMatch::Name)
                .or_else(|| matcher.find(&compact));
            match found {
                Some(NameMatch::Name(ind)) => {
                    current = Some(ind);
                    (ind, None)
                }
                Some(NameMatch::Variant(ind, why)) => {
                    out.diagnostics.push(Diagnostic::note(
                        Some(Location::Cell(name_here)),
                        format!("“{name}”读作指标“{}”（{why}）", ind.name),
                    ));
                    current = Some(ind);
                    (ind, None)
                }
                Some(NameMatch::Confirmed(ind, mapping_cell)) => {
                    out.diagnostics.push(Diagnostic::note(
                        Some(Location::Cell(name_here)),
                        format!(
                            "“{name}”按指标对照表中已确认的一行（{mapping_cell}）读作指标“{}”",
                            ind.name
                        ),
                    ));
                    out.mapping_used.push(mapping_cell);
                    current = Some(ind);
                    (ind, None)
                }
                Some(NameMatch::ConfirmedNone(mapping_cell)) => {
                    out.mapping_used.push(mapping_cell.clone());
                    out.diagnostics.push(Diagnostic::note(
                        Some(Location::Cell(name_here)),
                        format!(
                            "“{name}”已在指标对照表中确认不对应目标清单中的指标（{mapping_cell}），未使用"
                        ),
                    ));
                    current = None;
                    continue;
                }
                None => match bracketed_breakdown(&compact, matcher) {
                    Some((ind, group)) => {
                        current = Some(ind);
                        (ind, Some(group))
                    }
                    None => {
                        current = None;
                        let closest = matcher.closest(&compact);
                        let mut d = Diagnostic::warning(
                            Some(Location::Cell(name_here.clone())),
                            format!("指标“{name}”不在目标清单中，未使用"),
                        );
                        if !closest.is_empty() {
                            d = d.with_hint(format!(
                                "最接近的指标：{}；是其中之一时，在指标对照表（attain check 生成）中确认",
                                closest.join("、")
                            ));
                        }
                        out.diagnostics.push(d);
                        out.unmatched.push(Unmatched {
                            cell: name_here,
                            name: name.clone(),
                            suggestions: closest,
                        });
                        continue;
                    }
                },
            }
        };

        let row_unit = row_unit(input, layout, row, &compact, indicator, out);

        let mut unknown_breakdowns: Vec<(String, CellRef)> = Vec::new();
        for slot in &slots {
            let here = cell(row, slot.col);
            let data = get(row, slot.col);
            if slot.year > year {
                if let (true, Data::Float(_) | Data::Int(_)) = (input.in_year_folder, data) {
                    later
                        .entry(slot.col)
                        .or_insert_with(|| (0, here.clone(), slot.year))
                        .0 += 1;
                }
                continue;
            }
            let column_breakdown = match slot.breakdown {
                None => None,
                Some(label) => match (resolve_breakdown(indicator, matcher, label), &breakdown) {
                    (Some(b), None) => Some(b.to_string()),
                    _ => {
                        if !matches!(read_cell(data), CellValue::Missing) {
                            unknown_breakdowns.push((label.to_string(), here));
                        }
                        continue;
                    }
                },
            };
            let value = match cell_value(input, row, slot.col, indicator, out) {
                Some(value) => value,
                None => {
                    // A dash only says "no data"; words say why (数据暂缺, 未统计 …).
                    if let Data::String(text) = data
                        && matches!(read_cell(data), CellValue::Missing)
                        && text.trim().chars().any(|c| !"—–-－/／ ".contains(c))
                    {
                        out.gaps.push(Gap {
                            indicator: indicator.id.clone(),
                            breakdown: column_breakdown.or_else(|| breakdown.clone()),
                            year: slot.year,
                            mark: text.trim().to_string(),
                            cell: here,
                        });
                    }
                    continue;
                }
            };
            let CellValue::Number { value, sign } = value else {
                unreachable!("cell_value gives numbers only");
            };
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
                        breakdown: column_breakdown.or_else(|| breakdown.clone()),
                        year: slot.year,
                        value,
                        cell: here,
                        from_other_year: slot.other_year,
                        unit: input.unit.map(str::to_string),
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
        if let Some((_, first)) = unknown_breakdowns.first() {
            let mut labels: Vec<&str> =
                unknown_breakdowns.iter().map(|(l, _)| l.as_str()).collect();
            labels.dedup();
            let groups: Vec<&str> = indicator.sub_rows(matcher.catalog).collect();
            let message = match &breakdown {
                Some(b) => format!(
                    "“{name}”已是分组“{b}”，“{}”列的数值未使用",
                    labels.join("”“")
                ),
                None => format!(
                    "指标“{}”没有“{}”分组，这一行{}列的数值未使用",
                    indicator.name,
                    labels.join("”“"),
                    if labels.len() > 1 { "这些" } else { "该" }
                ),
            };
            let hint = if groups.is_empty() {
                "目标清单中该指标不分组".to_string()
            } else {
                format!("该指标的分组：{}", groups.join("、"))
            };
            out.diagnostics.push(
                Diagnostic::warning(Some(Location::Cell(first.clone())), message).with_hint(hint),
            );
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
    for (_, (count, first, column_year)) in later {
        out.diagnostics.push(
            Diagnostic::warning(
                Some(Location::Cell(first)),
                format!(
                    "{column_year}年的列晚于本文件夹的年份（{year}年），其中 {count} 个数值未使用"
                ),
            )
            .with_hint(format!(
                "把含 {column_year} 年数据的报表放在 {column_year} 年的文件夹或数据文件夹中"
            )),
        );
    }
}

/// A name with a breakdown in brackets: `孕产妇死亡率（农村）`.
fn bracketed_breakdown<'a>(
    compact: &str,
    matcher: &Matcher<'a>,
) -> Option<(&'a Indicator, String)> {
    let text = halfwidth(compact);
    let inner = text.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let (base, group) = (&inner[..open], &inner[open + 1..]);
    let ind = matcher.by_name(base)?;
    let group = resolve_breakdown(ind, matcher, group)?.to_string();
    Some((ind, group))
}

/// The unit a row states: in the unit column, else in brackets after the name
/// (`孕产妇死亡率（1/10万）`); `None` when it states none or one that cannot be read (said).
fn row_unit(
    input: &SheetIn<'_>,
    layout: &Layout,
    row: u32,
    compact: &str,
    indicator: &Indicator,
    out: &mut WorkbookReturn,
) -> Option<Unit> {
    let get = |col: u32| input.range.get_value((row, col)).unwrap_or(&Data::Empty);
    let here = |col: u32| CellRef::new(input.file, input.sheet, row, col);
    let unknown = |text: &str, col: u32, out: &mut WorkbookReturn| {
        out.diagnostics.push(Diagnostic::warning(
            Some(Location::Cell(here(col))),
            format!(
                "无法识别计量单位“{text}”，按目标清单的单位“{}”读取",
                indicator.unit
            ),
        ));
    };
    let name = halfwidth(compact);
    let name = strip_numbering(&name);
    let in_name = split_unit(name).map(|(_, u)| u.to_string());
    let in_column = layout
        .unit_col
        .map(|c| cell_text(get(c)))
        .filter(|t| !t.is_empty());
    match (in_column, in_name) {
        (Some(text), in_name) => {
            let unit = Unit::parse(&text);
            if unit.is_none() {
                unknown(&text, layout.unit_col.unwrap_or(0), out);
            }
            if let (Some(unit), Some(named)) = (unit, in_name.as_deref().and_then(Unit::parse))
                && unit != named
            {
                out.diagnostics.push(Diagnostic::warning(
                    Some(Location::Cell(here(layout.name_col))),
                    format!(
                        "名称后括号中的单位“{named}”与计量单位列的“{unit}”不同，按计量单位列读取"
                    ),
                ).with_hint("改正其中有误的一处"));
            }
            unit
        }
        (None, Some(text)) => {
            let unit = Unit::parse(&text);
            if unit.is_none() {
                unknown(&text, layout.name_col, out);
            }
            unit
        }
        (None, None) => None,
    }
}

/// The number in a value cell, or `None` (with a message when it is not a number). A
/// formula saved without its result, or with an error as result, is computed when it is
/// plain arithmetic, with a note.
fn cell_value(
    input: &SheetIn<'_>,
    row: u32,
    col: u32,
    indicator: &Indicator,
    out: &mut WorkbookReturn,
) -> Option<CellValue> {
    let data = input.range.get_value((row, col)).unwrap_or(&Data::Empty);
    let here = CellRef::new(input.file, input.sheet, row, col);
    let unresolved = match data {
        Data::Empty | Data::Error(_) => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    };
    let formula = if unresolved {
        input.formulas.get(row, col)
    } else {
        None
    };
    if let Some(text) = formula {
        let cells = SheetCells {
            range: input.range,
            formulas: |r, c| input.formulas.get(r, c),
        };
        let shown = formula::shown(text);
        let cached = match data {
            Data::Error(e) => format!("保存的计算结果是错误值 {e}"),
            _ => "没有保存计算结果".to_string(),
        };
        return match formula::evaluate(&cells, row, col) {
            Ok(value) => {
                out.diagnostics.push(Diagnostic::note(
                    Some(Location::Cell(here)),
                    format!(
                        "“{}”的单元格是公式 {shown}，{cached}，按公式算得 {value}",
                        indicator.name
                    ),
                ));
                Some(CellValue::Number { value, sign: None })
            }
            Err(why) => {
                out.diagnostics.push(
                    Diagnostic::error(
                        Some(Location::Cell(here)),
                        format!(
                            "“{}”的单元格是公式 {shown}，{cached}，无法计算（{why}），未使用",
                            indicator.name
                        ),
                    )
                    .with_hint(
                        "在 Excel 或 WPS 中打开、保存后再报送（会存入计算结果），或改填数值",
                    ),
                );
                None
            }
        };
    }
    match read_cell(data) {
        CellValue::Missing => None,
        CellValue::Invalid(reason) => {
            out.diagnostics.push(
                Diagnostic::error(
                    Some(Location::Cell(here)),
                    format!("“{}”的数值{reason}，未使用", indicator.name),
                )
                .with_hint("填写数字；没有数据时填“—”或留空"),
            );
            None
        }
        number => Some(number),
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
}
