//! A member unit's self-evaluation report (自评报告), in the form units submit to the
//! committee: 主送, 基本情况, 目标完成情况, 主要措施及成效, 存在问题及原因, 下一步打算, and the
//! unit's signature. The data parts are complete; the written parts come from the unit's
//! self-evaluation sheet, and where it wrote nothing the report says what to write (a unit
//! that wrote nothing at all gets a draft, marked 草稿).
//!
//! Which goals are the unit's (`docs/methodology.md` §5): a goal whose own `responsible`
//! names it; a goal without its own `responsible` in a domain whose `responsible` names it;
//! and a goal with an indicator it reports.

use chrono::NaiveDate;
use serde::Serialize;

use super::format::Printed;
use super::header::Header;
use super::narrative::{Narrator, measure_name};
use super::problems::{ensure_stop, is_problem};
use super::table::{TableRow, table_row};
use crate::assess::{Assessment, GoalVerdict};
use crate::catalog::{Catalog, Domain, Goal, chinese_numeral};
use crate::intake::DataSet;

/// Everything a unit's self-evaluation report places.
#[derive(Debug, Clone, Serialize)]
pub struct UnitReport {
    /// The unit's name in the catalog.
    pub unit: String,
    /// The unit's full name with its city, for the cover and the signature.
    pub full_name: String,
    #[serde(flatten)]
    pub header: Header,
    /// `2025年自评报告`
    pub report_title: String,
    /// Whether the unit filled in nothing: the report is a draft with what to write.
    pub draft: bool,
    /// 主送: the committee the report goes to, e.g. `株洲市人民政府妇女儿童工作委员会：`.
    pub addressee: String,
    /// 一、基本情况.
    pub basics: Vec<String>,
    /// 二、目标完成情况, by domain.
    pub domains: Vec<UnitDomain>,
    /// 三、主要措施及成效, one item per goal.
    pub measures: Vec<WrittenItem>,
    /// 四、存在问题及原因: every unmet, lagging or warned target, with the unit's reason.
    pub problems: Vec<WrittenItem>,
    /// 五、下一步打算.
    pub next_steps: Vec<WrittenItem>,
    /// The indicators it reports, with their verdicts (附表).
    pub rows: Vec<TableRow>,
    /// Counts, for summaries: goals, indicators, goals with a conclusion.
    pub goal_count: usize,
    pub indicator_count: usize,
    pub evaluated: usize,
}

/// The unit's goals in one domain.
#[derive(Debug, Clone, Serialize)]
pub struct UnitDomain {
    pub numeral: String,
    pub name: String,
    pub goals: Vec<UnitGoal>,
}

/// One goal the unit answers for.
#[derive(Debug, Clone, Serialize)]
pub struct UnitGoal {
    /// `目标3：孕产妇死亡率控制在12/10万以下……`
    pub heading: String,
    /// The data sentences of the indicators the unit reports.
    pub data: String,
    /// `自评结论：基本实现。` or a mark that it is to be filled in.
    pub conclusion: String,
    /// The goal's verdict as a whole (data and evidence).
    pub verdict: String,
    pub verdict_code: String,
}

/// A written item: what it is about, then the unit's words or what to write.
#[derive(Debug, Clone, Serialize)]
pub struct WrittenItem {
    pub about: String,
    pub text: String,
    /// Whether `text` is a placeholder saying what to write.
    pub missing: bool,
}

/// Whether the goal is the unit's (see the module documentation).
fn answers_for(domain: &Domain, goal: &Goal, unit: &str) -> bool {
    goal.responsible_units(domain).iter().any(|u| u == unit)
        || goal.indicators.iter().any(|i| i.reporter == unit)
}

/// Whether `unit` answers for anything in the plan: it reports an indicator or is named
/// responsible for a goal or a domain.
pub fn answers_for_anything(catalog: &Catalog, unit: &str) -> bool {
    catalog
        .domains
        .iter()
        .any(|d| d.goals.iter().any(|g| answers_for(d, g, unit)))
}

/// The unit's full name with its city: the longest name or alias that starts with the
/// locality, else the locality followed by the name without its leading 市/县/区.
pub fn full_name(catalog: &Catalog, unit: &str) -> String {
    let locality = catalog.plan.locality.as_str();
    let Some(member) = catalog.unit_named(unit) else {
        return unit.to_string();
    };
    if let Some(long) = std::iter::once(&member.name)
        .chain(&member.aliases)
        .filter(|n| n.starts_with(locality))
        .max_by_key(|n| n.chars().count())
    {
        return long.clone();
    }
    let bare = member
        .name
        .strip_prefix(['市', '县', '区'])
        .unwrap_or(&member.name);
    format!("{locality}{bare}")
}

const TO_WRITE: &str = "【待填写】";

/// Builds the self-evaluation report of `unit` for `assessment.year`.
pub fn build(
    catalog: &Catalog,
    data: &DataSet,
    assessment: &Assessment,
    unit: &str,
    date: NaiveDate,
) -> UnitReport {
    let year = assessment.year;
    let evaluation_year = [
        catalog.plan.evaluations.midterm,
        catalog.plan.evaluations.final_year,
    ]
    .contains(&Some(year));
    let narrator = if evaluation_year {
        Narrator::over_period(catalog, data, assessment)
    } else {
        Narrator::new(catalog, data, assessment)
    };
    let evaluations = data.latest_self_evaluations(year);
    let own = |d: usize, number: u32| {
        evaluations.iter().find(|e| {
            e.domain_index == d && e.goal_number == number && e.unit.as_deref() == Some(unit)
        })
    };
    let mut domains = Vec::new();
    let mut measures = Vec::new();
    let mut problems = Vec::new();
    let mut next_steps = Vec::new();
    let mut rows = Vec::new();
    let (mut goal_count, mut qualitative_count, mut indicator_count, mut target_count) =
        (0, 0, 0, 0);
    let mut evaluated = 0;
    for (d, domain) in catalog.domains.iter().enumerate() {
        let mut goals = Vec::new();
        for goal in domain.goals.iter().filter(|g| answers_for(domain, g, unit)) {
            goal_count += 1;
            qualitative_count += usize::from(goal.is_qualitative());
            let about = format!("{}第{}项目标", domain.name, goal.number);
            let text = narrator.goal_sentences(d, goal, &|r| r.indicator.reporter == unit);
            for r in catalog
                .entries()
                .filter(|r| r.domain_index == d && r.goal.number == goal.number)
                .filter(|r| r.indicator.reporter == unit)
            {
                // A quantity judged under two goals is one indicator the unit reports.
                if !r.indicator.is_repeat() {
                    indicator_count += 1;
                }
                let results: Vec<_> = assessment.for_entry(r).filter(|x| x.applies).collect();
                target_count += results.len();
                for result in &results {
                    rows.push(table_row(catalog, r, result));
                    if is_problem(result.verdict, !result.warnings.is_empty()) {
                        let p = Printed::of(r.indicator);
                        let value = result
                            .current
                            .as_ref()
                            .map(|c| format!("{}年为{}", c.year, p.value(c.value)))
                            .unwrap_or_else(|| format!("{year}年无数据"));
                        let reason = own(d, goal.number)
                            .map(|e| e.problems.trim())
                            .filter(|t| !t.is_empty());
                        problems.push(WrittenItem {
                            about: format!(
                                "{}（{value}，{}）",
                                measure_name(r, result),
                                result.verdict.label()
                            ),
                            text: reason.map(ensure_stop).unwrap_or_else(|| {
                                format!("{TO_WRITE}请说明该指标{}的原因。", result.verdict.label())
                            }),
                            missing: reason.is_none(),
                        });
                    }
                }
            }
            let mine = own(d, goal.number);
            evaluated += usize::from(mine.is_some());
            let conclusion = match mine {
                Some(e) => format!("自评结论：{}。", e.conclusion.label()),
                None if goal.has_evidence_part() => {
                    format!("自评结论：{TO_WRITE}请在自评表中选择“已实现”“基本实现”或“未实现”。")
                }
                None => String::new(),
            };
            let written =
                |text: Option<&str>, what: &str| match text.filter(|t| !t.trim().is_empty()) {
                    Some(t) => WrittenItem {
                        about: about.clone(),
                        text: ensure_stop(t),
                        missing: false,
                    },
                    None => WrittenItem {
                        about: about.clone(),
                        text: format!("{TO_WRITE}{what}"),
                        missing: true,
                    },
                };
            measures.push(written(
                mine.map(|e| e.measures.as_str()),
                "请写明为实现该目标采取的主要措施及取得的成效，尽量用数据说明。",
            ));
            next_steps.push(written(
                mine.map(|e| e.next_steps.as_str()),
                "请写明下一步的工作打算。",
            ));
            let verdict = assessment
                .goal(d, goal.number)
                .map_or(GoalVerdict::NotAssessable, |g| g.verdict);
            goals.push(UnitGoal {
                heading: format!("目标{}：{}", goal.number, goal.text),
                data: text,
                conclusion,
                verdict: verdict.label().into(),
                verdict_code: verdict.code().into(),
            });
        }
        if !goals.is_empty() {
            domains.push(UnitDomain {
                numeral: chinese_numeral(domains.len() + 1),
                name: domain.name.clone(),
                goals,
            });
        }
    }
    let full = full_name(catalog, unit);
    let draft = evaluated == 0;
    let mut basics = vec![format!(
        "根据《{}》的目标任务分工，{full}负责主要目标{goal_count}项（其中定性目标{qualitative_count}项），填报监测指标{indicator_count}个、涉及目标值{target_count}项。",
        catalog.plan.title
    )];
    let attained = rows
        .iter()
        .filter(|r| matches!(r.verdict_code.as_str(), "met" | "met_early"))
        .count();
    if target_count > 0 {
        basics.push(format!(
            "{year}年，本单位填报的{target_count}项目标值中，已达标（含提前达标）{attained}项；需说明原因的{}项（见第四部分）。",
            problems.len()
        ));
    }
    basics.push(if draft {
        format!("本单位尚未报送{year}年自评表，以下文字部分均为待填写的提纲（草稿）。")
    } else {
        format!("本单位对{evaluated}项目标作出了自评结论。")
    });
    UnitReport {
        unit: unit.to_string(),
        full_name: full,
        header: Header::new(catalog, year, date),
        report_title: format!("{year}年自评报告"),
        draft,
        addressee: format!("{}：", catalog.plan.issuer_name()),
        basics,
        domains,
        measures,
        problems,
        next_steps,
        rows,
        goal_count,
        indicator_count,
        evaluated,
    }
}
