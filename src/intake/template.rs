//! Return templates (`attain template`): one workbook per member unit, in exactly the
//! layout intake reads, so that a filled template reads back as typed.

use std::collections::HashMap;

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};

use super::DataSet;
use super::selfeval::Conclusion;
use crate::catalog::{Catalog, Indicator};

/// Values to write into a template's value cells: by (indicator or part id, breakdown).
/// Empty for a blank form; tests use it to fill a form the way a unit would.
pub type Prefill = HashMap<(String, Option<String>), f64>;

/// A self-evaluation to write into the 自评 sheet: conclusion, measures, problems, next
/// steps, keyed by (domain index, goal number).
pub type EvaluationPrefill = HashMap<(usize, u32), (Conclusion, String, String, String)>;

/// The header row of the return form, the one intake reads best.
pub const FORM_HEADERS: [&str; 7] = [
    "序号",
    "指标代码",
    "指标名称",
    "计量单位",
    "本年数值",
    "上年数值",
    "备注",
];

/// Member units that get a template: those that report an indicator or part, or answer
/// for a qualitative goal; in catalog order.
pub fn template_units(catalog: &Catalog) -> Vec<String> {
    catalog
        .units
        .iter()
        .map(|u| u.name.clone())
        .filter(|u| !rows_for(catalog, u).is_empty() || !goals_for(catalog, u).is_empty())
        .collect()
}

/// The indicators and parts `unit` reports, with their form codes.
fn rows_for<'a>(catalog: &'a Catalog, unit: &str) -> Vec<(String, &'a Indicator)> {
    catalog
        .indicators()
        .filter(|r| r.indicator.reporter == unit)
        .map(|r| (r.code(catalog.plan.subject), r.indicator))
        .chain(
            catalog
                .part_rows
                .iter()
                .filter(|p| p.reporter == unit)
                .map(|p| (p.code.clone().unwrap_or_default(), p)),
        )
        .collect()
}

/// The goals `unit` evaluates itself: the qualitative goals it answers for, and the goals
/// whose indicators it reports (there its 存在问题 explains a lagging figure); as
/// (domain index, goal number, text), in plan order.
fn goals_for<'a>(catalog: &'a Catalog, unit: &str) -> Vec<(usize, u32, &'a str)> {
    let mut out = Vec::new();
    for (d, domain) in catalog.domains.iter().enumerate() {
        for goal in &domain.goals {
            let answers = if goal.is_qualitative() {
                goal.responsible_units(domain).iter().any(|r| r == unit)
            } else {
                goal.indicators.iter().any(|i| i.reporter == unit)
            };
            if answers {
                out.push((d, goal.number, goal.text.as_str()));
            }
        }
    }
    out
}

/// Writes the template of `unit` for `year` as XLSX bytes. Last year's values come from
/// `previous` when given; `prefill` and `evaluations` fill the value and self-evaluation
/// cells.
pub fn write_template(
    catalog: &Catalog,
    unit: &str,
    year: i32,
    previous: Option<&DataSet>,
    prefill: &Prefill,
    evaluations: &EvaluationPrefill,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation date (1 January after the reporting year, when forms go out)
    // makes the same template the same bytes.
    if let Ok(created) = rust_xlsxwriter::ExcelDateTime::from_ymd((year + 1) as u16, 1, 1) {
        workbook.set_properties(
            &rust_xlsxwriter::DocProperties::new()
                .set_author(unit)
                .set_creation_datetime(&created),
        );
    }
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let header = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_background_color("#D9E1F2");
    let fixed = Format::new().set_border(FormatBorder::Thin);
    let input = Format::new()
        .set_border(FormatBorder::Thin)
        .set_unlocked()
        .set_background_color("#FFF2CC");
    let input_text = input.clone().set_text_wrap();
    let wrap = fixed.clone().set_text_wrap();
    let plan = &catalog.plan;

    // 填报说明
    let notes = workbook.add_worksheet();
    notes.set_name("填报说明")?;
    notes.set_column_width(0, 100)?;
    let lines = [
        format!("{}统计监测报表填报说明（{year}年）", plan.title),
        format!("填报单位：{unit}"),
        String::new(),
        "1. 请在“监测数据”表的黄色单元格中填写本单位负责的指标数值，其他单元格已锁定，请勿增删行列、改动表头。".into(),
        "2. 数值按“计量单位”列的单位填写，只填数字，不带 %、‰ 等符号；没有数据的留空，并在“备注”中说明原因。".into(),
        "3. “其中”行为分组数值（如城镇、农村，女、男），请与总数一并填写。".into(),
        "4. “上年数值”已按上年报送的数据预填；如上年数据有修订，请直接改正并在“备注”中注明。".into(),
        "5. “自评”表列出本单位负责的定性目标和本单位填报指标所属的目标：在“自评结论”中选择“已实现”“基本实现”或“未实现”，并填写主要措施及成效、存在问题、下一步打算；指标未达到进度的，请在“存在问题”中说明原因。".into(),
        "6. 填写“填报日期”后，以本单位名称命名文件（如“市卫生健康委.xlsx”）报送统计局。".into(),
    ];
    for (r, line) in lines.iter().enumerate() {
        notes.write_string(r as u32, 0, line)?;
    }

    // 监测数据
    let rows = rows_for(catalog, unit);
    let sheet = workbook.add_worksheet();
    sheet.set_name("监测数据")?;
    sheet.merge_range(
        0,
        0,
        0,
        6,
        &format!(
            "{}{}发展规划统计监测报表（{year}年）",
            plan.locality,
            plan.subject.label()
        ),
        &title,
    )?;
    sheet.write_string(1, 0, format!("填报单位：{unit}"))?;
    for (c, h) in FORM_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(2, c as u16, *h, &header)?;
    }
    for (c, width) in [6, 10, 40, 10, 12, 12, 24].iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    let number_only = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
        .set_error_title("只能填写数字")?
        .set_error_message("请只填写数字，不带单位或文字；没有数据的留空，并在备注中说明。")?;
    let mut row = 3u32;
    for (serial, (code, ind)) in rows.iter().enumerate() {
        let sub_rows = std::iter::once(None).chain(ind.sub_rows(catalog).map(Some));
        for breakdown in sub_rows {
            if breakdown.is_none() {
                sheet.write_number_with_format(row, 0, serial as f64 + 1.0, &fixed)?;
                sheet.write_string_with_format(row, 1, code, &fixed)?;
                sheet.write_string_with_format(row, 2, &ind.name, &wrap)?;
            } else {
                sheet.write_blank(row, 0, &fixed)?;
                sheet.write_blank(row, 1, &fixed)?;
                sheet.write_string_with_format(
                    row,
                    2,
                    format!("  其中：{}", breakdown.unwrap_or_default()),
                    &fixed,
                )?;
            }
            sheet.write_string_with_format(row, 3, ind.unit.symbol(), &fixed)?;
            let key = (ind.id.clone(), breakdown.map(str::to_string));
            match prefill.get(&key) {
                Some(v) => sheet.write_number_with_format(row, 4, *v, &input)?,
                None => sheet.write_blank(row, 4, &input)?,
            };
            let last = previous.and_then(|d| d.get(&ind.id, breakdown, year - 1));
            match last {
                Some(o) => sheet.write_number_with_format(row, 5, o.value, &input)?,
                None => sheet.write_blank(row, 5, &input)?,
            };
            sheet.write_blank(row, 6, &input_text)?;
            row += 1;
        }
    }
    if row > 3 {
        sheet.add_data_validation(3, 4, row - 1, 5, &number_only)?;
    }
    row += 1;
    sheet.write_string(row, 0, "单位负责人：")?;
    sheet.write_blank(row, 2, &input)?;
    sheet.write_string(row + 1, 0, "填报人：")?;
    sheet.write_blank(row + 1, 2, &input)?;
    sheet.write_string(row + 2, 0, "填报日期：")?;
    sheet.write_blank(row + 2, 2, &input)?;
    sheet.set_freeze_panes(3, 0)?;
    sheet.protect();

    // 自评
    let goals = goals_for(catalog, unit);
    let eval = workbook.add_worksheet();
    eval.set_name("自评")?;
    eval.merge_range(
        0,
        0,
        0,
        5,
        &format!("{}目标自评表（{year}年）", plan.title),
        &title,
    )?;
    eval.write_string(1, 0, format!("填报单位：{unit}"))?;
    let headers = [
        "目标编号",
        "目标内容",
        "自评结论",
        "主要措施及成效",
        "存在问题",
        "下一步打算",
    ];
    for (c, h) in headers.iter().enumerate() {
        eval.write_string_with_format(2, c as u16, *h, &header)?;
    }
    for (c, width) in [10, 40, 12, 40, 30, 30].iter().enumerate() {
        eval.set_column_width(c as u16, *width)?;
    }
    for (i, (d, number, text)) in goals.iter().enumerate() {
        let r = 3 + i as u32;
        eval.write_string_with_format(r, 0, catalog.goal_code(*d, *number), &fixed)?;
        eval.write_string_with_format(r, 1, *text, &wrap)?;
        match evaluations.get(&(*d, *number)) {
            Some((conclusion, measures, problems, next)) => {
                eval.write_string_with_format(r, 2, conclusion.label(), &input)?;
                eval.write_string_with_format(r, 3, measures, &input_text)?;
                eval.write_string_with_format(r, 4, problems, &input_text)?;
                eval.write_string_with_format(r, 5, next, &input_text)?;
            }
            None => {
                eval.write_blank(r, 2, &input)?;
                for c in 3..6 {
                    eval.write_blank(r, c, &input_text)?;
                }
            }
        }
    }
    if !goals.is_empty() {
        let choices = DataValidation::new()
            .allow_list_strings(&Conclusion::CHOICES)?
            .set_error_title("请从列表中选择")?
            .set_error_message("自评结论只能是“已实现”“基本实现”或“未实现”。")?;
        let last = 3 + goals.len() as u32 - 1;
        eval.add_data_validation(3, 2, last, 2, &choices)?;
    }
    eval.protect();

    workbook.save_to_buffer()
}
