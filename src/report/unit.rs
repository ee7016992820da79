//! A member unit's self-evaluation report (自评报告): the goals and indicators it answers
//! for, its data and verdicts, and its own words from the self-evaluation sheet.

use chrono::NaiveDate;
use serde::Serialize;

use super::format::{Printed, target_text};
use super::header::Header;
use super::table::{TableRow, table_row};
use crate::assess::Assessment;
use crate::catalog::Catalog;
use crate::intake::DataSet;

/// Everything a unit's self-evaluation report places.
#[derive(Debug, Clone, Serialize)]
pub struct UnitReport {
    pub unit: String,
    #[serde(flatten)]
    pub header: Header,
    /// `2025年自评报告`
    pub report_title: String,
    /// The opening paragraph with the counts.
    pub lead: String,
    /// The indicators it reports, with their verdicts.
    pub rows: Vec<TableRow>,
    /// Every goal it answers for, in plan order.
    pub goals: Vec<UnitGoal>,
}

/// One goal the unit answers for.
#[derive(Debug, Clone, Serialize)]
pub struct UnitGoal {
    pub code: String,
    pub domain: String,
    pub text: String,
    /// Its indicators as `name 2025年 9.8/10万（目标 …），已达标`.
    pub indicators: Vec<String>,
    /// The unit's conclusion, or empty when it gave none.
    pub conclusion: String,
    pub measures: String,
    pub problems: String,
    pub next_steps: String,
    /// Said when the unit gave no conclusion on a goal without indicators; empty
    /// otherwise.
    pub missing_conclusion: String,
}

/// Whether `unit` answers for anything in the plan: it reports an indicator or is named
/// responsible for a goal or a domain.
pub fn answers_for_anything(catalog: &Catalog, unit: &str) -> bool {
    catalog.indicators().any(|r| r.indicator.reporter == unit)
        || catalog.domains.iter().any(|d| {
            d.responsible.iter().any(|u| u == unit)
                || d.goals
                    .iter()
                    .any(|g| g.responsible.iter().any(|u| u == unit))
        })
}

/// Builds the self-evaluation report of `unit` for `assessment.year`.
pub fn build(
    catalog: &Catalog,
    data: &DataSet,
    assessment: &Assessment,
    unit: &str,
    date: NaiveDate,
) -> UnitReport {
    let year = assessment.year;
    let evaluations = data.latest_self_evaluations(year);
    let mut rows = Vec::new();
    let mut goals = Vec::new();
    for (d, domain) in catalog.domains.iter().enumerate() {
        for goal in &domain.goals {
            let responsible = goal.responsible_units(domain);
            let mut indicators = Vec::new();
            for r in catalog
                .indicators()
                .filter(|r| r.domain_index == d && r.goal.number == goal.number)
                .filter(|r| r.indicator.reporter == unit)
            {
                for result in assessment
                    .for_indicator(&r.indicator.id)
                    .filter(|x| x.applies)
                {
                    let row = table_row(catalog, r, result);
                    let now = result
                        .current
                        .as_ref()
                        .map(|p| format!("{}年{}", p.year, Printed::of(r.indicator).value(p.value)))
                        .unwrap_or_else(|| format!("{year}年无数据"));
                    indicators.push(format!(
                        "{}：{now}，目标{}，{}",
                        row.name,
                        target_text(
                            catalog,
                            &r.indicator.targets[result.target_index],
                            r.indicator
                        ),
                        result.verdict.label()
                    ));
                    rows.push(row);
                }
            }
            let own = evaluations.iter().find(|e| {
                e.domain_index == d
                    && e.goal_number == goal.number
                    && e.unit.as_deref() == Some(unit)
            });
            if indicators.is_empty() && own.is_none() && !responsible.iter().any(|u| u == unit) {
                continue;
            }
            let missing_conclusion = if own.is_none() && indicators.is_empty() {
                "本单位未填写该目标的自评结论。".to_string()
            } else {
                String::new()
            };
            goals.push(UnitGoal {
                missing_conclusion,
                code: catalog.goal_code(d, goal.number),
                domain: domain.name.clone(),
                text: goal.text.clone(),
                indicators,
                conclusion: own
                    .map(|e| e.conclusion.label().to_string())
                    .unwrap_or_default(),
                measures: own
                    .map(|e| e.measures.trim().to_string())
                    .unwrap_or_default(),
                problems: own
                    .map(|e| e.problems.trim().to_string())
                    .unwrap_or_default(),
                next_steps: own
                    .map(|e| e.next_steps.trim().to_string())
                    .unwrap_or_default(),
            });
        }
    }
    let attained = rows
        .iter()
        .filter(|r| matches!(r.verdict_code.as_str(), "met" | "met_early"))
        .count();
    let evaluated = goals.iter().filter(|g| !g.conclusion.is_empty()).count();
    let lead = format!(
        "根据《{}》的目标分工，{unit}负责主要目标{}项，填报监测指标{}项。{year}年，本单位填报的指标中已达标{attained}项；对{evaluated}项目标作出了自评结论。",
        catalog.plan.title,
        goals.len(),
        rows.len(),
    );
    UnitReport {
        unit: unit.to_string(),
        header: Header::new(catalog, year, date),
        report_title: format!("{year}年自评报告"),
        lead,
        rows,
        goals,
    }
}
