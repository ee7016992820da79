//! The mid-term and final evaluation reports (中期/终期评估报告): the outline these
//! reports use, goal by goal, with the problems listed from the verdicts and the units'
//! own explanations, and the written sections from Markdown.

use chrono::NaiveDate;
use serde::Serialize;

use super::chart::{self, TrendChart, VerdictChart};
use super::format::{Printed, percent, target_text};
use super::header::Header;
use super::narrative::{DomainSection, Narrator, measure_name};
use super::sections::{self, WrittenSection};
use super::table::TableRow;
use crate::assess::{Assessment, Tally, TargetResult, Verdict};
use crate::catalog::{Catalog, chinese_numeral};
use crate::intake::{DataSet, SelfEvaluation};

/// Which evaluation a report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvaluationKind {
    Midterm,
    Final,
}

impl EvaluationKind {
    /// The machine key: `midterm` or `final` (its serde name).
    pub fn key(self) -> &'static str {
        crate::key::variant_name(&self)
    }

    /// `中期` or `终期`.
    pub fn label(self) -> &'static str {
        match self {
            EvaluationKind::Midterm => "中期",
            EvaluationKind::Final => "终期",
        }
    }

    /// The year the catalog names for this evaluation, if any.
    pub fn year(self, catalog: &Catalog) -> Option<i32> {
        match self {
            EvaluationKind::Midterm => catalog.plan.evaluations.midterm,
            EvaluationKind::Final => catalog.plan.evaluations.final_year,
        }
    }
}

/// Everything an evaluation report places; all text plain except the written sections'
/// `markup`, which is escaped Typst.
#[derive(Debug, Clone, Serialize)]
pub struct EvaluationReport {
    pub kind: EvaluationKind,
    #[serde(flatten)]
    pub header: Header,
    /// `中期评估报告` or `终期评估报告`.
    pub report_title: String,
    pub preface: WrittenSection,
    /// 总体情况: paragraphs with the counts and 达标率.
    pub overview: Vec<String>,
    /// Counts per domain, for the overview table.
    pub overview_rows: Vec<OverviewRow>,
    pub verdict_chart: VerdictChart,
    pub domains: Vec<EvaluationDomain>,
    /// 主要成效: one paragraph per domain with attained targets.
    pub achievements: Vec<String>,
    pub practices: WrittenSection,
    /// 存在的主要问题: the opening sentence, then one item per problem.
    pub problems_summary: String,
    pub problems: Vec<Problem>,
    pub suggestions: WrittenSection,
    /// 附件1: every indicator, by domain.
    pub appendix_tables: Vec<AppendixTable>,
    /// 附件2: the units' self-evaluations.
    pub self_evaluations: Vec<UnitSummary>,
    /// Said in 附件2 when no unit sent a self-evaluation; empty otherwise.
    pub self_evaluations_note: String,
    pub tally: Tally,
    pub qualitative_tally: Tally,
}

/// One domain's counts in the overview table.
#[derive(Debug, Clone, Serialize)]
pub struct OverviewRow {
    pub name: String,
    pub goals: usize,
    pub targets: usize,
    pub assessable: usize,
    pub attained: usize,
    /// 达标率 with its denominator, or `—`.
    pub rate: String,
    pub qualitative: usize,
    pub qualitative_attained: usize,
}

/// One domain, goal by goal.
#[derive(Debug, Clone, Serialize)]
pub struct EvaluationDomain {
    pub numeral: String,
    pub name: String,
    /// `牵头单位：…；责任单位：…` when the plan names them, else empty.
    pub units: String,
    pub summary: String,
    pub goals: Vec<EvaluationGoal>,
    pub charts: Vec<TrendChart>,
}

/// One goal: its verdict lines (quantitative) or its units' conclusions (qualitative).
#[derive(Debug, Clone, Serialize)]
pub struct EvaluationGoal {
    pub numeral: String,
    pub number: u32,
    /// `F0103`
    pub code: String,
    pub text: String,
    pub qualitative: bool,
    /// One sentence per target (quantitative) or per self-evaluation (qualitative).
    pub lines: Vec<String>,
    /// The goal's verdict label: for a qualitative goal from its conclusions; for a
    /// quantitative goal the least favourable of its targets.
    pub verdict: String,
    pub verdict_code: String,
}

/// A lagging, regressing, unmet or warned target, with the unit's explanation.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub domain: String,
    pub indicator: String,
    pub unit: String,
    /// What is wrong, with the numbers.
    pub detail: String,
    /// The responsible unit's own words (存在问题) from its self-evaluation, if any.
    pub explanation: String,
}

/// A domain's rows in the appendix table.
#[derive(Debug, Clone, Serialize)]
pub struct AppendixTable {
    /// 附表N.
    pub number: usize,
    pub name: String,
    pub rows: Vec<TableRow>,
}

/// One unit's self-evaluations, for the appendix.
#[derive(Debug, Clone, Serialize)]
pub struct UnitSummary {
    pub unit: String,
    pub items: Vec<UnitItem>,
}

/// One goal a unit evaluated.
#[derive(Debug, Clone, Serialize)]
pub struct UnitItem {
    pub code: String,
    pub goal: String,
    pub conclusion: String,
    pub measures: String,
    pub problems: String,
    pub next_steps: String,
}

/// Builds an evaluation report for `assessment.year`, with the written sections intake
/// read beside the returns.
pub fn build(
    kind: EvaluationKind,
    catalog: &Catalog,
    data: &DataSet,
    assessment: &Assessment,
    date: NaiveDate,
) -> EvaluationReport {
    let plan = &catalog.plan;
    let year = assessment.year;
    let tally = assessment.tally(None);
    let qualitative_tally = assessment.qualitative_tally(None);
    let written = |title: &str| sections::section(data, year, title);
    let (preface, practices, suggestions) = (
        written("前言"),
        written("主要做法和经验"),
        written("对策建议"),
    );

    let evaluations = data.latest_self_evaluations(year);
    // Each domain's sentences, table rows and charts, made once: the domain sections use
    // the summary and charts, the appendix the rows.
    let sections: Vec<DomainSection> = (0..catalog.domains.len())
        .map(|d| Narrator::new(catalog, data, assessment).domain_section(d))
        .collect();
    let appendix_tables = catalog
        .domains
        .iter()
        .zip(&sections)
        .filter(|(_, section)| !section.rows.is_empty())
        .enumerate()
        .map(|(i, (domain, section))| AppendixTable {
            number: i + 1,
            name: domain.name.clone(),
            rows: section.rows.clone(),
        })
        .collect();
    let domains: Vec<EvaluationDomain> = sections
        .into_iter()
        .enumerate()
        .map(|(d, section)| evaluation_domain(catalog, assessment, &evaluations, d, section))
        .collect();

    let mut overview = vec![format!(
        "《{}》共设{}个领域、主要目标{}项。其中，含量化指标的目标{}项，涉及监测指标{}个、目标值{}项；定性目标{}项。",
        plan.title,
        chinese_numeral(catalog.domains.len()),
        catalog.goal_count(),
        catalog.goal_count() - qualitative_tally.total,
        catalog.indicators().count(),
        tally.total,
        qualitative_tally.total,
    )];
    overview.push(match kind {
        EvaluationKind::Midterm => format!(
            "中期评估以{year}年数据为准。规划期末（{}年）的目标按“时间过半、任务过半”的原则判断进度；{year}年及以前到期的目标按是否达标判断。{}",
            plan.end_year,
            Narrator::new(catalog, data, assessment).counts(&tally)
        ),
        EvaluationKind::Final => format!(
            "终期评估以{year}年数据为准，按目标年的数值判断是否达标。{}",
            Narrator::new(catalog, data, assessment).counts(&tally)
        ),
    });
    overview.push(qualitative_sentence(&qualitative_tally));

    let overview_rows = catalog
        .domains
        .iter()
        .enumerate()
        .map(|(d, domain)| {
            let t = assessment.tally(Some(d));
            let q = assessment.qualitative_tally(Some(d));
            OverviewRow {
                name: domain.name.clone(),
                goals: domain.goals.len(),
                targets: t.total,
                assessable: t.assessable,
                attained: t.attained,
                rate: rate_text(&t),
                qualitative: q.total,
                qualitative_attained: q.attained,
            }
        })
        .collect();

    let achievements = achievements(catalog, assessment);
    let problems = problems(catalog, assessment, &evaluations);
    let problems_summary = if problems.is_empty() {
        "本次评估未发现进展滞后、出现倒退、未达标或预警的指标。".to_string()
    } else {
        format!(
            "对照规划目标，以下{}项指标进展滞后、出现倒退、未达标或列入预警，需重点关注（括号内为责任单位；“单位说明”摘自其自评材料）：",
            problems.len()
        )
    };

    let self_evaluations = unit_summaries(catalog, &evaluations);
    let self_evaluations_note = if self_evaluations.is_empty() {
        "本年度未收到成员单位的自评材料。".to_string()
    } else {
        String::new()
    };
    EvaluationReport {
        kind,
        header: Header::new(catalog, year, date),
        report_title: format!("{}评估报告", kind.label()),
        preface,
        overview,
        overview_rows,
        verdict_chart: chart::verdicts(catalog, assessment),
        domains,
        achievements,
        practices,
        problems_summary,
        problems,
        suggestions,
        appendix_tables,
        self_evaluations,
        self_evaluations_note,
        tally,
        qualitative_tally,
    }
}

fn rate_text(t: &Tally) -> String {
    match t.rate_percent() {
        Some(rate) => format!("{}（{}/{}）", percent(rate), t.attained, t.assessable),
        None => "—".into(),
    }
}

fn qualitative_sentence(q: &Tally) -> String {
    if q.total == 0 {
        return "规划未设定性目标。".into();
    }
    let mut s = format!(
        "{}项定性目标中，责任单位已报送自评结论的{}项",
        q.total, q.assessable
    );
    let parts: Vec<String> = [
        (Verdict::Met, "已实现"),
        (Verdict::BasicallyMet, "基本实现"),
        (Verdict::NotMet, "未实现"),
    ]
    .iter()
    .filter(|(v, _)| q.count(*v) > 0)
    .map(|(v, label)| format!("{label}{}项", q.count(*v)))
    .collect();
    if !parts.is_empty() {
        s.push_str(&format!("，其中{}", parts.join("，")));
    }
    if q.no_data > 0 {
        s.push_str(&format!("；尚未报送自评结论的{}项，暂无法判断", q.no_data));
    }
    s.push('。');
    s
}

fn evaluation_domain(
    catalog: &Catalog,
    assessment: &Assessment,
    evaluations: &[&SelfEvaluation],
    d: usize,
    section: DomainSection,
) -> EvaluationDomain {
    let domain = &catalog.domains[d];
    let goals = domain
        .goals
        .iter()
        .enumerate()
        .map(|(i, goal)| {
            let code = catalog.goal_code(d, goal.number);
            let (lines, verdict) = if goal.is_qualitative() {
                qualitative_lines(assessment, evaluations, d, goal.number, &goal.responsible)
            } else {
                quantitative_lines(catalog, assessment, d, goal.number)
            };
            EvaluationGoal {
                numeral: chinese_numeral(i + 1),
                number: goal.number,
                code,
                text: goal.text.clone(),
                qualitative: goal.is_qualitative(),
                lines,
                verdict: if goal.is_qualitative() {
                    qualitative_label(verdict).into()
                } else {
                    verdict.label().into()
                },
                verdict_code: verdict.code().into(),
            }
        })
        .collect();
    let mut units = Vec::new();
    if !domain.lead.is_empty() {
        units.push(format!("牵头单位：{}", domain.lead.join("、")));
    }
    if !domain.responsible.is_empty() {
        units.push(format!("责任单位：{}", domain.responsible.join("、")));
    }
    EvaluationDomain {
        numeral: chinese_numeral(d + 1),
        name: domain.name.clone(),
        units: units.join("；"),
        summary: section.summary,
        goals,
        charts: section.charts,
    }
}

/// `孕产妇死亡率：基期（2020年）11.6/10万，2025年9.8/10万，目标12/10万以下，已达标。`
fn quantitative_lines(
    catalog: &Catalog,
    assessment: &Assessment,
    d: usize,
    goal: u32,
) -> (Vec<String>, Verdict) {
    let mut lines = Vec::new();
    let mut worst: Option<Verdict> = None;
    for result in assessment
        .results
        .iter()
        .filter(|r| r.applies && r.domain_index == d && r.goal_number == goal)
    {
        lines.push(result_line(catalog, result));
        // The least favourable judged verdict; 无数据 only when nothing could be judged.
        let key = |v: Verdict| {
            if v == Verdict::NoData {
                u8::MAX
            } else {
                v.rank()
            }
        };
        worst = Some(match worst {
            Some(w) if key(w) <= key(result.verdict) => w,
            _ => result.verdict,
        });
    }
    (lines, worst.unwrap_or(Verdict::NoData))
}

/// One target's line: what it measures, then [`result_detail`].
fn result_line(catalog: &Catalog, result: &TargetResult) -> String {
    let r = catalog
        .indicator(&result.indicator_id)
        .expect("results name catalog indicators");
    format!(
        "{}：{}",
        measure_name(r, result),
        result_detail(catalog, result)
    )
}

/// Baseline → latest → target, verdict and, before the target year, the progress
/// against time elapsed.
fn result_detail(catalog: &Catalog, result: &TargetResult) -> String {
    let r = catalog
        .indicator(&result.indicator_id)
        .expect("results name catalog indicators");
    let ind = r.indicator;
    let target = &ind.targets[result.target_index];
    let point = |p: &Option<crate::assess::Point>, fallback: &str| match p {
        Some(p) => format!("{}年{}", p.year, Printed::of(ind).value(p.value)),
        None => fallback.to_string(),
    };
    let mut line = format!(
        "基期{}，最新{}，目标{}（{}年），{}",
        point(&result.baseline, "无数据"),
        point(&result.current, "无数据"),
        target_text(catalog, target, ind),
        result.target_year,
        result.verdict.label()
    );
    if let Some(p) = &result.progress
        && result.target_year > result.judged_year
        && let Some(progress) = p.progress
    {
        line.push_str(&format!(
            "（目标进度{}，时间进度{}）",
            percent(progress * 100.0),
            percent(p.elapsed * 100.0)
        ));
    }
    if !result.warnings.is_empty() {
        let labels: Vec<&str> = result.warnings.iter().map(|w| w.label()).collect();
        line.push_str(&format!("；预警：{}", labels.join("、")));
    }
    line.push('。');
    line
}

fn qualitative_lines(
    assessment: &Assessment,
    evaluations: &[&SelfEvaluation],
    d: usize,
    goal: u32,
    responsible: &[String],
) -> (Vec<String>, Verdict) {
    let verdict = assessment
        .goals
        .iter()
        .find(|g| g.domain_index == d && g.goal_number == goal)
        .map(|g| g.verdict)
        .unwrap_or(Verdict::NoData);
    let mut lines: Vec<String> = evaluations
        .iter()
        .filter(|e| e.domain_index == d && e.goal_number == goal)
        .map(|e| {
            let mut s = format!(
                "{}自评：{}。",
                e.unit.as_deref().unwrap_or("责任单位"),
                e.conclusion.label()
            );
            if !e.measures.trim().is_empty() {
                s.push_str(&format!("主要措施及成效：{}", ensure_stop(&e.measures)));
            }
            s
        })
        .collect();
    if lines.is_empty() {
        let units = assessment
            .goals
            .iter()
            .find(|g| g.domain_index == d && g.goal_number == goal)
            .map(|g| g.responsible.clone())
            .unwrap_or_else(|| responsible.to_vec());
        lines.push(if units.is_empty() {
            "未明确责任单位，暂无自评结论，无法判断。".to_string()
        } else {
            format!(
                "责任单位（{}）尚未报送自评结论，暂无法判断。",
                units.join("、")
            )
        });
    }
    (lines, verdict)
}

/// A qualitative goal's verdict in the words of the self-evaluation sheet.
fn qualitative_label(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Met | Verdict::MetEarly => "已实现",
        Verdict::BasicallyMet => "基本实现",
        Verdict::NotMet => "未实现",
        _ => "暂无自评结论",
    }
}

/// Ends a sentence with `。` unless it already ends with punctuation.
fn ensure_stop(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['。', '！', '？', '；', '.', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}。")
    }
}

/// Per domain, the attained targets and the largest improvements since the baseline; a
/// sentence saying so when nothing was attained.
fn achievements(catalog: &Catalog, assessment: &Assessment) -> Vec<String> {
    let mut out = Vec::new();
    for (d, domain) in catalog.domains.iter().enumerate() {
        let tally = assessment.tally(Some(d));
        let q = assessment.qualitative_tally(Some(d));
        if tally.attained == 0 && q.attained == 0 {
            continue;
        }
        let mut s = format!("{}领域", domain.name);
        if tally.total > 0 {
            s.push_str(&format!(
                "{}项目标值中已达标{}项",
                tally.total, tally.attained
            ));
            if tally.ahead + tally.on_track > 0 {
                s.push_str(&format!("，进度正常{}项", tally.ahead + tally.on_track));
            }
        }
        if q.attained > 0 {
            if tally.total > 0 {
                s.push('，');
            }
            s.push_str(&format!("定性目标已实现或基本实现{}项", q.attained));
        }
        let examples: Vec<String> = assessment
            .results
            .iter()
            .filter(|r| r.applies && r.domain_index == d && r.verdict.is_attained())
            .filter(|r| matches!(r.measure, crate::assess::Measure::Level))
            .filter_map(|r| {
                let (base, now) = (r.baseline.as_ref()?, r.current.as_ref()?);
                let ind = catalog.indicator(&r.indicator_id)?.indicator;
                (base.value != now.value).then(|| {
                    format!(
                        "{}由{}年的{}{}到{}年的{}",
                        ind.name,
                        base.year,
                        Printed::of(ind).value(base.value),
                        if now.value > base.value {
                            "提高"
                        } else {
                            "降低"
                        },
                        now.year,
                        Printed::of(ind).value(now.value)
                    )
                })
            })
            .take(4)
            .collect();
        if examples.is_empty() {
            s.push('。');
        } else {
            s.push_str(&format!("。{}。", examples.join("；")));
        }
        out.push(s);
    }
    if out.is_empty() {
        out.push("本次评估暂无已达标的目标。".to_string());
    }
    out
}

/// Lagging, regressing, unmet and warned targets, with the responsible unit's 存在问题.
fn problems(
    catalog: &Catalog,
    assessment: &Assessment,
    evaluations: &[&SelfEvaluation],
) -> Vec<Problem> {
    let mut out = Vec::new();
    for result in assessment.results.iter().filter(|r| r.applies) {
        let flagged = matches!(
            result.verdict,
            Verdict::Lagging | Verdict::Regressing | Verdict::NotMet | Verdict::BasicallyMet
        ) || !result.warnings.is_empty();
        if !flagged {
            continue;
        }
        let Some(r) = catalog.indicator(&result.indicator_id) else {
            continue;
        };
        let unit = r.indicator.reporter.clone();
        let explanation = evaluations
            .iter()
            .filter(|e| {
                e.domain_index == result.domain_index
                    && e.goal_number == result.goal_number
                    && !e.problems.trim().is_empty()
            })
            .map(|e| ensure_stop(&e.problems))
            .collect::<Vec<_>>()
            .join("");
        out.push(Problem {
            domain: r.domain.name.clone(),
            indicator: measure_name(r, result),
            unit,
            detail: result_detail(catalog, result),
            explanation,
        });
    }
    out
}

fn unit_summaries(catalog: &Catalog, evaluations: &[&SelfEvaluation]) -> Vec<UnitSummary> {
    let mut out: Vec<UnitSummary> = Vec::new();
    for unit in &catalog.units {
        let mut items: Vec<UnitItem> = evaluations
            .iter()
            .filter(|e| e.unit.as_deref() == Some(unit.name.as_str()))
            .map(|e| UnitItem {
                code: catalog.goal_code(e.domain_index, e.goal_number),
                goal: catalog.domains[e.domain_index]
                    .goals
                    .iter()
                    .find(|g| g.number == e.goal_number)
                    .map(|g| g.text.clone())
                    .unwrap_or_default(),
                conclusion: e.conclusion.label().into(),
                measures: e.measures.trim().into(),
                problems: e.problems.trim().into(),
                next_steps: e.next_steps.trim().into(),
            })
            .collect();
        items.sort_by(|a, b| a.code.cmp(&b.code));
        if !items.is_empty() {
            out.push(UnitSummary {
                unit: unit.name.clone(),
                items,
            });
        }
    }
    out
}
