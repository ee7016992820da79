//! The evaluation group's workbook (`attain template --evaluation`): one row per goal,
//! pre-filled with the computed verdicts, the units' self-ratings and their evidence, with
//! a drop-down 评估组结论 for the part of each goal judged from evidence. Filled in and put
//! back as `<data>/<year>/评估组结论.xlsx`, it overrides the units' self-ratings.

use rust_xlsxwriter::{DataValidation, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::assess::{Assessment, Verdict};
use crate::catalog::Catalog;
use crate::intake::GroupVerdict;

/// The columns, as the intake reads them back (`目标编号`, `评估组结论`, `理由`).
const HEADERS: [(&str, f64); 9] = [
    ("目标编号", 9.0),
    ("领域", 12.0),
    ("目标内容", 48.0),
    ("定性部分", 30.0),
    ("计算结论（参考）", 12.0),
    ("单位自评", 20.0),
    ("单位佐证（主要措施及成效）", 40.0),
    ("评估组结论", 12.0),
    ("理由", 36.0),
];

/// The group's words for a verdict of the evidence part, to pre-fill the drop-down.
fn as_group_words(verdict: Verdict) -> Option<GroupVerdict> {
    Some(match verdict {
        Verdict::Met | Verdict::MetEarly => GroupVerdict::Achieved,
        Verdict::BasicallyMet => GroupVerdict::BasicallyAchieved,
        Verdict::NotMet => GroupVerdict::NotAchieved,
        Verdict::Ahead | Verdict::OnTrack => GroupVerdict::OnTrack,
        Verdict::Lagging | Verdict::Regressing => GroupVerdict::Lagging,
        Verdict::NoData => return None,
    })
}

/// Writes the evaluation group's workbook for `assessment.year` as XLSX bytes.
pub fn group_workbook(catalog: &Catalog, assessment: &Assessment) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_text_wrap()
        .set_background_color("#D9E1F2");
    let fixed = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let input = Format::new()
        .set_border(FormatBorder::Thin)
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color("#FFF2CC");
    let sheet = workbook.add_worksheet();
    sheet.set_name("评估组结论")?;
    sheet.write_string_with_format(
        0,
        0,
        format!("《{}》{}年评估组结论", catalog.plan.title, assessment.year),
        &title,
    )?;
    sheet.write_string(
        1,
        0,
        "说明：黄色单元格由评估组填写。“评估组结论”针对目标中依据材料判定的部分（定性目标，或目标中的定性表述），已按责任单位自评预填，可修改；“理由”写明依据。只由监测数据判定的目标不必填写。",
    )?;
    for (c, (h, width)) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(2, c as u16, *h, &header)?;
        sheet.set_column_width(c as u16, *width)?;
    }
    let mut row = 3u32;
    let mut evidence_rows = Vec::new();
    for (d, domain) in catalog.domains.iter().enumerate() {
        for goal in &domain.goals {
            let result = assessment.goal(d, goal.number);
            let clauses = if goal.is_qualitative() {
                "（整个目标）".to_string()
            } else {
                goal.qualitative.join("；")
            };
            let self_ratings = result
                .map(|g| {
                    g.evaluations
                        .iter()
                        .map(|e| {
                            format!(
                                "{}：{}",
                                e.unit.as_deref().unwrap_or("未知单位"),
                                e.conclusion.label()
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("；")
                })
                .unwrap_or_default();
            let evidence = result
                .map(|g| {
                    g.evaluations
                        .iter()
                        .filter(|e| !e.measures.trim().is_empty())
                        .map(|e| {
                            format!(
                                "{}：{}",
                                e.unit.as_deref().unwrap_or("未知单位"),
                                e.measures.trim()
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default();
            sheet.write_string_with_format(row, 0, catalog.goal_code(d, goal.number), &fixed)?;
            sheet.write_string_with_format(row, 1, &domain.name, &fixed)?;
            sheet.write_string_with_format(row, 2, &goal.text, &fixed)?;
            sheet.write_string_with_format(row, 3, &clauses, &fixed)?;
            sheet.write_string_with_format(
                row,
                4,
                result.map_or("无法评估", |g| g.verdict.label()),
                &fixed,
            )?;
            sheet.write_string_with_format(row, 5, &self_ratings, &fixed)?;
            sheet.write_string_with_format(row, 6, &evidence, &fixed)?;
            if goal.has_evidence_part() {
                let prefill = result
                    .and_then(|g| {
                        g.group
                            .as_ref()
                            .map(|c| c.verdict)
                            .or_else(|| g.evidence.and_then(as_group_words))
                    })
                    .map(GroupVerdict::label)
                    .unwrap_or("");
                sheet.write_string_with_format(row, 7, prefill, &input)?;
                let reason = result
                    .and_then(|g| g.group.as_ref())
                    .map_or("", |c| c.reason.as_str());
                sheet.write_string_with_format(row, 8, reason, &input)?;
                evidence_rows.push(row);
            } else {
                sheet.write_string_with_format(row, 7, "（由监测数据判定）", &fixed)?;
                sheet.write_string_with_format(row, 8, "", &fixed)?;
            }
            row += 1;
        }
    }
    let choices = DataValidation::new()
        .allow_list_strings(&GroupVerdict::CHOICES)?
        .set_error_title("请从列表中选择")?
        .set_error_message("评估组结论只能从列表中选择。")?;
    for r in evidence_rows {
        sheet.add_data_validation(r, 7, r, 7, &choices)?;
    }
    sheet.set_freeze_panes(3, 3)?;
    sheet.protect();
    workbook.save_to_buffer()
}
