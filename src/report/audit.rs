//! The audit table: every target with the values, cells, method quantities and verdict
//! behind it, for `attain assess` (JSON, CSV, XLSX). Schema in `docs/assess-output.md`.

use serde::Serialize;

use super::format::target_text;
use crate::assess::{Assessment, Measure, Method, Point, Tally};
use crate::catalog::Catalog;

/// One target's judgement, flat, for machines and auditors.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRow {
    pub domain_id: String,
    pub domain: String,
    pub goal_code: String,
    pub goal_number: u32,
    pub goal_text: String,
    pub indicator_id: String,
    pub indicator_code: String,
    pub indicator: String,
    pub unit: String,
    /// Empty for the indicator itself; `城镇−农村差距` for a gap between breakdowns.
    pub breakdown: String,
    pub comparator: String,
    pub target: String,
    pub target_value: Option<f64>,
    pub target_year: i32,
    pub aspirational: bool,
    pub applies: bool,
    pub judged_year: i32,
    pub baseline_year: i32,
    pub baseline_value: Option<f64>,
    pub baseline_source: String,
    pub previous_value: Option<f64>,
    pub previous_source: String,
    pub current_value: Option<f64>,
    pub current_source: String,
    pub reference_value: Option<f64>,
    pub reference_source: String,
    pub change_from_previous: Option<f64>,
    pub change_from_baseline: Option<f64>,
    pub progress_start_year: Option<i32>,
    pub progress_p: Option<f64>,
    pub elapsed_tau: Option<f64>,
    pub progress_ratio: Option<f64>,
    pub projection_method: String,
    pub projection_value: Option<f64>,
    pub verdict: String,
    pub verdict_label: String,
    /// Warning codes separated by `;`.
    pub warnings: String,
    /// Warning labels separated by `；`.
    pub warning_labels: String,
    pub note: String,
}

/// Counts for one domain.
#[derive(Debug, Clone, Serialize)]
pub struct DomainSummary {
    pub domain_id: String,
    pub domain: String,
    pub targets: Tally,
    pub qualitative_goals: Tally,
}

/// A qualitative goal's judgement.
#[derive(Debug, Clone, Serialize)]
pub struct QualitativeRow {
    pub domain_id: String,
    pub goal_code: String,
    pub goal_text: String,
    pub responsible: String,
    pub verdict: String,
    pub verdict_label: String,
    /// Each answering unit's conclusion: `市妇联：已实现`.
    pub conclusions: String,
}

/// The whole audit: the plan, the year, the method used, the counts and every row.
#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    pub plan: String,
    pub year: i32,
    pub method: Method,
    pub summary: Tally,
    pub qualitative_summary: Tally,
    pub domains: Vec<DomainSummary>,
    /// The applicable targets under early warning: `指标（分组）：预警`.
    pub warned: Vec<String>,
    pub targets: Vec<AuditRow>,
    pub qualitative: Vec<QualitativeRow>,
}

fn sources(point: &Option<Point>) -> String {
    point
        .as_ref()
        .map(|p| {
            p.sources
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("；")
        })
        .unwrap_or_default()
}

/// A computed quantity without the sign of a zero: P = 0 ÷ (x* − x₀) with x* < x₀ is
/// −0 in floating point, which JSON and CSV would print as `-0.0`.
fn signless(value: Option<f64>) -> Option<f64> {
    value.map(|v| if v == 0.0 { 0.0 } else { v })
}

/// Builds the audit of an assessment.
pub fn build(catalog: &Catalog, assessment: &Assessment) -> Audit {
    let subject = catalog.plan.subject;
    let targets: Vec<AuditRow> = assessment
        .results
        .iter()
        .map(|r| {
            let ir = catalog
                .entry(r.domain_index, r.goal_number, &r.indicator_id)
                .expect("results come from the catalog");
            let ind = ir.indicator;
            let target = &ind.targets[r.target_index];
            AuditRow {
                domain_id: r.domain_id.clone(),
                domain: ir.domain.name.clone(),
                goal_code: catalog.goal_code(r.domain_index, r.goal_number),
                goal_number: r.goal_number,
                goal_text: ir.goal.text.clone(),
                indicator_id: ind.id.clone(),
                indicator_code: ir.code(subject),
                indicator: ind.name.clone(),
                unit: ind.unit.symbol(),
                breakdown: match &r.measure {
                    Measure::Level => String::new(),
                    Measure::Breakdown { breakdown } => breakdown.clone(),
                    Measure::Gap { a, b } => format!("{a}−{b}差距"),
                },
                comparator: r.comparator.key().to_string(),
                target: target_text(catalog, target, ind),
                // For a relative target, the bound it sets from the baseline value.
                target_value: target
                    .rule
                    .target_value(r.baseline.as_ref().map(|p| p.value))
                    .or(r.reference.as_ref().map(|p| p.value)),
                target_year: r.target_year,
                aspirational: r.aspirational,
                applies: r.applies,
                judged_year: r.judged_year,
                baseline_year: catalog.plan.baseline_year,
                baseline_value: r.baseline.as_ref().map(|p| p.value),
                baseline_source: sources(&r.baseline),
                previous_value: r.previous.as_ref().map(|p| p.value),
                previous_source: sources(&r.previous),
                current_value: r.current.as_ref().map(|p| p.value),
                current_source: sources(&r.current),
                reference_value: r.reference.as_ref().map(|p| p.value),
                reference_source: sources(&r.reference),
                change_from_previous: signless(r.change_from_previous),
                change_from_baseline: signless(r.change_from_baseline),
                progress_start_year: r.progress.map(|p| p.start_year),
                progress_p: signless(r.progress.and_then(|p| p.progress)),
                elapsed_tau: r.progress.map(|p| p.elapsed),
                progress_ratio: signless(r.progress.and_then(|p| p.ratio)),
                projection_method: r
                    .projection
                    .map(|p| format!("{:?}", p.method))
                    .map(|m| match m.as_str() {
                        "LeastSquares" => "least_squares".into(),
                        _ => "compound_growth".into(),
                    })
                    .unwrap_or_default(),
                projection_value: signless(r.projection.map(|p| p.value)),
                verdict: r.verdict.code().into(),
                verdict_label: r.verdict.label().into(),
                warnings: r
                    .warnings
                    .iter()
                    .map(|w| w.code())
                    .collect::<Vec<_>>()
                    .join(";"),
                warning_labels: r
                    .warnings
                    .iter()
                    .map(|w| w.label())
                    .collect::<Vec<_>>()
                    .join("；"),
                note: r.note.clone().unwrap_or_default(),
            }
        })
        .collect();
    let qualitative = assessment
        .goals
        .iter()
        .map(|g| {
            let domain = &catalog.domains[g.domain_index];
            let goal = domain
                .goals
                .iter()
                .find(|x| x.number == g.goal_number)
                .expect("goal results come from the catalog");
            QualitativeRow {
                domain_id: g.domain_id.clone(),
                goal_code: catalog.goal_code(g.domain_index, g.goal_number),
                goal_text: goal.text.clone(),
                responsible: g.responsible.join("、"),
                verdict: g.verdict.code().into(),
                verdict_label: g.verdict.label().into(),
                conclusions: g
                    .evaluations
                    .iter()
                    .map(|e| {
                        format!(
                            "{}：{}",
                            e.unit.as_deref().unwrap_or("未知单位"),
                            e.conclusion.label()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("；"),
            }
        })
        .collect();
    Audit {
        plan: catalog.plan.title.clone(),
        year: assessment.year,
        method: assessment.method,
        summary: assessment.tally(None),
        qualitative_summary: assessment.qualitative_tally(None),
        domains: catalog
            .domains
            .iter()
            .enumerate()
            .map(|(d, domain)| DomainSummary {
                domain_id: domain.id.clone(),
                domain: domain.name.clone(),
                targets: assessment.tally(Some(d)),
                qualitative_goals: assessment.qualitative_tally(Some(d)),
            })
            .collect(),
        warned: targets
            .iter()
            .filter(|r| r.applies && !r.warnings.is_empty())
            .map(|r| {
                let what = if r.breakdown.is_empty() {
                    r.indicator.clone()
                } else {
                    format!("{}（{}）", r.indicator, r.breakdown)
                };
                format!("{what}：{}", r.warning_labels)
            })
            .collect(),
        targets,
        qualitative,
    }
}

/// The CSV of the target rows, with a header row of the field names.
pub fn to_csv(audit: &Audit) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in &audit.targets {
        writer.serialize(row)?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// Column titles of the XLSX sheet, in field order.
pub const XLSX_TITLES: &[&str] = &[
    "领域编号",
    "领域",
    "目标编号",
    "目标序号",
    "目标内容",
    "指标编号",
    "指标代码",
    "指标",
    "计量单位",
    "分组",
    "比较方式",
    "规划目标",
    "目标值",
    "目标年份",
    "力争目标",
    "本年适用",
    "判定所用年份",
    "基期年份",
    "基期值",
    "基期来源",
    "上年值",
    "上年来源",
    "本年值",
    "本年来源",
    "参照值",
    "参照来源",
    "比上年变化",
    "比基期变化",
    "进度起点年份",
    "进度P",
    "时间进度τ",
    "P/τ",
    "外推方法",
    "外推值",
    "判定代码",
    "判定",
    "预警代码",
    "预警",
    "说明",
];

/// The audit as an XLSX workbook: 目标判定 (every target) and 汇总 (counts).
pub fn to_xlsx(audit: &Audit) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("目标判定")?;
    for (c, title) in XLSX_TITLES.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *title, &bold)?;
    }
    for (r, row) in audit.targets.iter().enumerate() {
        let value = serde_json::to_value(row).expect("rows serialize");
        let fields = value.as_object().expect("rows are objects");
        for (c, (_, v)) in fields.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match v {
                serde_json::Value::Number(n) => {
                    sheet.write_number(r, c, n.as_f64().unwrap_or_default())?;
                }
                serde_json::Value::Bool(b) => {
                    sheet.write_string(r, c, if *b { "是" } else { "否" })?;
                }
                serde_json::Value::String(s) => {
                    sheet.write_string(r, c, s)?;
                }
                _ => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    let summary = workbook.add_worksheet();
    summary.set_name("汇总")?;
    let headers = [
        "领域",
        "目标值项数",
        "可监测",
        "达标",
        "提前达标",
        "已达标",
        "基本达标",
        "快于进度",
        "符合进度",
        "进展滞后",
        "出现倒退",
        "未达标",
        "无数据",
        "预警",
        "达标率(%)",
    ];
    for (c, h) in headers.iter().enumerate() {
        summary.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    let rows = audit
        .domains
        .iter()
        .map(|d| (d.domain.as_str(), &d.targets))
        .chain(std::iter::once(("合计", &audit.summary)));
    for (r, (name, t)) in rows.enumerate() {
        let r = r as u32 + 1;
        summary.write_string(r, 0, name)?;
        let counts = [
            t.total,
            t.assessable,
            t.attained,
            t.met_early,
            t.met,
            t.basically_met,
            t.ahead,
            t.on_track,
            t.lagging,
            t.regressing,
            t.not_met,
            t.no_data,
            t.warned,
        ];
        for (c, n) in counts.iter().enumerate() {
            summary.write_number(r, c as u16 + 1, *n as f64)?;
        }
        if let Some(rate) = t.rate_percent() {
            summary.write_number(r, 14, (rate * 10.0).round() / 10.0)?;
        }
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::{Method, assess};
    use crate::intake::{DataSet, Observation, Source};

    /// A plan with one indicator aiming `at_most`/`at_least` 50 by 2030, baseline 2020.
    fn plan(comparator: &str) -> Catalog {
        let text = format!(
            "plan: {{title: 测试, locality: 测试市, subject: women, start_year: 2021, \
             end_year: 2030, baseline_year: 2020}}\n\
             units: [{{name: 单位}}]\n\
             domains:\n- id: d\n  name: 领域\n  goals:\n  - number: 1\n    text: 目标\n    \
             indicators:\n    - {{id: x, name: 指标, unit: '%', reporter: 单位, \
             targets: [{{comparator: {comparator}, value: 50}}]}}\n"
        );
        crate::catalog::parse(&text, std::path::Path::new("t.yaml"))
            .unwrap_or_else(|e| panic!("{e}"))
            .catalog
    }

    #[test]
    fn no_progress_prints_as_zero_never_minus_zero() {
        // (comparator, baseline, now): P = 0 with x* above and below x₀.
        let cases = [("at_most", 60.0, 60.0), ("at_least", 40.0, 40.0)];
        for (comparator, baseline, now) in cases {
            let catalog = plan(comparator);
            let mut data = DataSet::default();
            for (year, value) in [(2020, baseline), (2023, now)] {
                let source = Source::Stated { note: "t".into() };
                data.insert("x", None, year, Observation { value, source });
            }
            let audit = build(&catalog, &assess(&catalog, &data, 2023, Method::default()));
            let row = &audit.targets[0];
            assert_eq!(row.progress_p, Some(0.0), "{comparator}");
            let json = serde_json::to_string(row).unwrap();
            assert!(json.contains("\"progress_p\":0.0"), "{comparator}: {json}");
            let csv = String::from_utf8(to_csv(&audit).unwrap()).unwrap();
            assert!(!csv.contains("-0"), "{comparator}: {csv}");
        }
    }
}
