//! Self-evaluation sheets (自评表): a unit's conclusion and evidence for the qualitative
//! goals it answers for.

use std::path::Path;

use calamine::{Data, Range};
use serde::Serialize;

use super::layout::cell_text;
use crate::catalog::Catalog;
use crate::diag::{CellRef, Diagnostic, Location};

/// A unit's conclusion on a goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Conclusion {
    /// 已实现
    Achieved,
    /// 基本实现
    BasicallyAchieved,
    /// 未实现
    NotAchieved,
}

impl Conclusion {
    /// The words a unit picks from the list.
    pub const CHOICES: [&'static str; 3] = ["已实现", "基本实现", "未实现"];

    /// Reads a conclusion as typed.
    pub fn parse(text: &str) -> Option<Conclusion> {
        match text {
            "已实现" | "实现" | "已完成" | "已达标" => Some(Conclusion::Achieved),
            "基本实现" | "基本完成" | "基本达标" => Some(Conclusion::BasicallyAchieved),
            "未实现" | "未完成" | "未达标" => Some(Conclusion::NotAchieved),
            _ => None,
        }
    }

    /// The Chinese word.
    pub fn label(self) -> &'static str {
        Conclusion::CHOICES[self as usize]
    }
}

/// One unit's self-evaluation of one goal for one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfEvaluation {
    pub year: i32,
    pub unit: Option<String>,
    pub domain_index: usize,
    pub goal_number: u32,
    pub conclusion: Conclusion,
    /// 主要措施及成效
    pub measures: String,
    /// 存在问题
    pub problems: String,
    /// 下一步打算
    pub next_steps: String,
    /// The conclusion's cell.
    pub cell: CellRef,
}

/// Column positions of a self-evaluation sheet.
struct Columns {
    header_row: u32,
    code: Option<u32>,
    text: Option<u32>,
    conclusion: u32,
    measures: Option<u32>,
    problems: Option<u32>,
    next_steps: Option<u32>,
}

fn detect(range: &Range<Data>) -> Option<Columns> {
    let (row0, col0) = range.start()?;
    for (r, row) in range.rows().enumerate().take(40) {
        let mut cols = Columns {
            header_row: row0 + r as u32,
            code: None,
            text: None,
            conclusion: u32::MAX,
            measures: None,
            problems: None,
            next_steps: None,
        };
        for (c, cell) in row.iter().enumerate() {
            let col = col0 + c as u32;
            match cell_text(cell).as_str() {
                "目标编号" | "目标代码" => cols.code = Some(col),
                "目标内容" | "目标" => cols.text = Some(col),
                "自评结论" | "实现情况" | "目标实现情况" => cols.conclusion = col,
                t if t.starts_with("主要措施") => cols.measures = Some(col),
                t if t.starts_with("存在问题") || t.starts_with("存在的问题") => {
                    cols.problems = Some(col)
                }
                t if t.starts_with("下一步") => cols.next_steps = Some(col),
                _ => {}
            }
        }
        if cols.conclusion != u32::MAX && (cols.code.is_some() || cols.text.is_some()) {
            return Some(cols);
        }
    }
    None
}

/// Reads a self-evaluation sheet, if `range` is one. Returns `None` when it is not.
pub fn read_sheet(
    range: &Range<Data>,
    catalog: &Catalog,
    file: &Path,
    sheet: &str,
    year: i32,
    unit: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<SelfEvaluation>> {
    let cols = detect(range)?;
    let (end_row, _) = range.end().unwrap_or((0, 0));
    let text_at = |row: u32, col: Option<u32>| -> String {
        col.and_then(|c| range.get_value((row, c)))
            .map(|d| match d {
                Data::String(s) => s.trim().to_string(),
                Data::Empty => String::new(),
                other => other.to_string(),
            })
            .unwrap_or_default()
    };
    let normalize = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut out = Vec::new();
    for row in cols.header_row + 1..=end_row {
        let code = text_at(row, cols.code);
        let text = text_at(row, cols.text);
        let conclusion_text = normalize(&text_at(row, Some(cols.conclusion)));
        if code.is_empty() && text.is_empty() {
            continue;
        }
        let here = |col: u32| CellRef::new(file, sheet, row, col);
        let goal = catalog.goal_by_code_or_text(&code, &text);
        let Some((domain_index, goal_number)) = goal else {
            diagnostics.push(
                Diagnostic::warning(
                    Some(Location::Cell(here(cols.code.or(cols.text).unwrap_or(0)))),
                    format!(
                        "自评表中的目标“{}”不在目标清单中，未使用",
                        if code.is_empty() { &text } else { &code }
                    ),
                )
                .with_hint("目标编号形如 F0103（领域序号两位、目标序号两位），或照录目标原文"),
            );
            continue;
        };
        if conclusion_text.is_empty() {
            continue;
        }
        let Some(conclusion) = Conclusion::parse(&conclusion_text) else {
            diagnostics.push(
                Diagnostic::error(
                    Some(Location::Cell(here(cols.conclusion))),
                    format!("自评结论“{conclusion_text}”无法识别，未使用"),
                )
                .with_hint("从“已实现”“基本实现”“未实现”中选择"),
            );
            continue;
        };
        out.push(SelfEvaluation {
            year,
            unit: unit.map(str::to_string),
            domain_index,
            goal_number,
            conclusion,
            measures: text_at(row, cols.measures),
            problems: text_at(row, cols.problems),
            next_steps: text_at(row, cols.next_steps),
            cell: here(cols.conclusion),
        });
    }
    Some(out)
}
