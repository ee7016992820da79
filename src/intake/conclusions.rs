//! The evaluation group's conclusions (评估组结论): a workbook beside the returns of the
//! evaluation year, `<data>/<year>/评估组结论.xlsx`, with the group's verdict and reason per
//! goal. The group, not the unit, signs the verdict on what is judged from evidence; its
//! conclusion overrides the units' self-ratings.

use calamine::{Data, Range};
use serde::Serialize;

use super::layout::cell_text;
use super::source::{self, ReturnFile};
use crate::catalog::Catalog;
use crate::diag::{CellRef, Diagnostic, Location};

/// The file name (without extension) of the evaluation group's workbook.
pub const GROUP_CONCLUSIONS: &str = "评估组结论";

/// A conclusion the evaluation group may give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupVerdict {
    /// 已实现
    Achieved,
    /// 基本实现
    BasicallyAchieved,
    /// 未实现
    NotAchieved,
    /// 进展顺利 (before the goal's year)
    OnTrack,
    /// 进展滞后 (before the goal's year)
    Lagging,
    /// 无法评估
    NotAssessable,
}

impl GroupVerdict {
    /// The words of the drop-down list, in order.
    pub const CHOICES: [&'static str; 6] = [
        "已实现",
        "基本实现",
        "未实现",
        "进展顺利",
        "进展滞后",
        "无法评估",
    ];

    /// Reads a conclusion as typed.
    pub fn parse(text: &str) -> Option<GroupVerdict> {
        Some(match text {
            "已实现" | "实现" | "已完成" | "已达标" | "提前实现" => {
                GroupVerdict::Achieved
            }
            "基本实现" | "基本完成" | "基本达标" => GroupVerdict::BasicallyAchieved,
            "未实现" | "未完成" | "未达标" => GroupVerdict::NotAchieved,
            "进展顺利" | "进度正常" | "符合进度" | "快于进度" => {
                GroupVerdict::OnTrack
            }
            "进展滞后" | "滞后" | "出现倒退" => GroupVerdict::Lagging,
            "无法评估" | "无数据" => GroupVerdict::NotAssessable,
            _ => return None,
        })
    }

    /// The Chinese word.
    pub fn label(self) -> &'static str {
        GroupVerdict::CHOICES[self as usize]
    }
}

/// The group's conclusion on one goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupConclusion {
    pub domain_index: usize,
    pub goal_number: u32,
    pub verdict: GroupVerdict,
    /// 理由: why, in the group's words.
    pub reason: String,
    /// The conclusion's cell.
    pub cell: CellRef,
}

/// Whether `file` is the evaluation group's workbook rather than a return.
pub fn is_group_workbook(file: &ReturnFile) -> bool {
    file.path
        .file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.trim() == GROUP_CONCLUSIONS)
}

/// Reads the evaluation group's workbook; every row it cannot use gets a located message.
pub fn read_group_conclusions(
    file: &ReturnFile,
    catalog: &Catalog,
) -> (Vec<GroupConclusion>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let sheets = match source::open(file) {
        Ok(sheets) => sheets,
        Err(err) => return (Vec::new(), vec![err.diagnostic(&file.shown)]),
    };
    let mut out: Vec<GroupConclusion> = Vec::new();
    let mut found = false;
    for sheet in &sheets {
        let Some(cols) = detect(&sheet.range) else {
            continue;
        };
        found = true;
        read_sheet(
            &sheet.range,
            &cols,
            file,
            &sheet.name,
            catalog,
            &mut out,
            &mut diagnostics,
        );
    }
    if !found {
        diagnostics.push(
            Diagnostic::error(
                Some(Location::File {
                    path: file.shown.clone(),
                }),
                "评估组结论表中没有找到表头（“目标编号”“评估组结论”等列），未使用",
            )
            .with_hint("用 attain template --evaluation 生成评估组结论表，填写后放回原处"),
        );
    }
    (out, diagnostics)
}

struct Columns {
    header_row: u32,
    code: Option<u32>,
    text: Option<u32>,
    verdict: u32,
    reason: Option<u32>,
}

fn detect(range: &Range<Data>) -> Option<Columns> {
    let (row0, col0) = range.start()?;
    for (r, row) in range.rows().enumerate().take(40) {
        let mut cols = Columns {
            header_row: row0 + r as u32,
            code: None,
            text: None,
            verdict: u32::MAX,
            reason: None,
        };
        for (c, cell) in row.iter().enumerate() {
            let col = col0 + c as u32;
            match cell_text(cell).as_str() {
                "目标编号" | "目标代码" => cols.code = Some(col),
                "目标内容" | "目标" => cols.text = Some(col),
                "评估组结论" | "评估结论" => cols.verdict = col,
                t if t.starts_with("理由")
                    || t.starts_with("依据")
                    || t.starts_with("评估组意见") =>
                {
                    cols.reason = Some(col)
                }
                _ => {}
            }
        }
        if cols.verdict != u32::MAX && (cols.code.is_some() || cols.text.is_some()) {
            return Some(cols);
        }
    }
    None
}

fn read_sheet(
    range: &Range<Data>,
    cols: &Columns,
    file: &ReturnFile,
    sheet: &str,
    catalog: &Catalog,
    out: &mut Vec<GroupConclusion>,
    diagnostics: &mut Vec<Diagnostic>,
) {
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
    let compact = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for row in cols.header_row + 1..=end_row {
        let code = text_at(row, cols.code);
        let text = text_at(row, cols.text);
        let verdict_text = compact(&text_at(row, Some(cols.verdict)));
        if code.is_empty() && text.is_empty() {
            continue;
        }
        let here = |col: u32| CellRef::new(&file.shown, sheet, row, col);
        let goal = catalog.goal_by_code_or_text(&code, &text);
        let Some((domain_index, goal_number)) = goal else {
            diagnostics.push(
                Diagnostic::warning(
                    Some(Location::Cell(here(cols.code.or(cols.text).unwrap_or(0)))),
                    format!(
                        "评估组结论表中的目标“{}”不在目标清单中，未使用",
                        if code.is_empty() { &text } else { &code }
                    ),
                )
                .with_hint("目标编号形如 F0103（领域序号两位、目标序号两位），或照录目标原文"),
            );
            continue;
        };
        // Rows judged by data only carry a note instead of a conclusion.
        if verdict_text.is_empty() || verdict_text.starts_with('（') {
            continue;
        }
        let Some(verdict) = GroupVerdict::parse(&verdict_text) else {
            diagnostics.push(
                Diagnostic::error(
                    Some(Location::Cell(here(cols.verdict))),
                    format!("评估组结论“{verdict_text}”无法识别，未使用"),
                )
                .with_hint(format!(
                    "从{}中选择",
                    GroupVerdict::CHOICES
                        .iter()
                        .map(|c| format!("“{c}”"))
                        .collect::<String>()
                )),
            );
            continue;
        };
        if let Some(first) = out
            .iter()
            .find(|c| c.domain_index == domain_index && c.goal_number == goal_number)
        {
            diagnostics.push(
                Diagnostic::warning(
                    Some(Location::Cell(here(cols.verdict))),
                    format!(
                        "目标 {} 的评估组结论已在 {} 填写，这里的“{verdict_text}”未使用",
                        catalog.goal_code(domain_index, goal_number),
                        first.cell
                    ),
                )
                .with_hint("每个目标只填一行评估组结论"),
            );
            continue;
        }
        out.push(GroupConclusion {
            domain_index,
            goal_number,
            verdict,
            reason: text_at(row, cols.reason),
            cell: here(cols.verdict),
        });
    }
}
