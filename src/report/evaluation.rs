//! The mid-term and final evaluation reports (中期/终期评估报告), in the outline local
//! governments publish: 前言; 评估工作开展情况; 总体评价; 各领域目标实现情况; 主要成效;
//! 主要做法和经验; 存在的主要问题及原因; 对策建议 (and, for the final report, 对下一周期规划的
//! 建议); appendices with every goal's verdict and who judged it, the indicator table, and
//! the units' self-evaluations. Every goal is judged as a whole (`assess::GoalResult`).

use chrono::NaiveDate;
use serde::Serialize;

use super::chart::{self, TrendChart, VerdictChart};
use super::format::{Printed, percent};
use super::header::Header;
use super::narrative::Narrator;
use super::problems::{ProblemDomain, ensure_stop, problems};
use super::sections::{self, WrittenSection};
use super::table::{TableRow, table_row};
use crate::assess::{Assessment, GoalTally, GoalVerdict, JudgedBy, Tally};
use crate::catalog::{Catalog, Direction, chinese_numeral};
use crate::intake::{DOMAIN_FOLDER, DataSet, SelfEvaluation};

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
    /// 一、评估工作开展情况: organisation, method, data sources, tolerance and 达标率, from
    /// the method settings and the returns; then the group's own account, if written.
    pub conduct: Vec<String>,
    pub conduct_written: WrittenSection,
    /// 二、总体评价: the counts at goal and target level and the overall judgement.
    pub overall: Vec<String>,
    pub overall_written: WrittenSection,
    /// Counts per domain, for the overview table.
    pub overview_rows: Vec<OverviewRow>,
    pub verdict_chart: VerdictChart,
    /// 三、各领域目标实现情况.
    pub domains: Vec<EvaluationDomain>,
    /// 四、主要成效: one paragraph per domain with improvements, largest first.
    pub achievements: Vec<String>,
    pub practices: WrittenSection,
    /// 六、存在的主要问题及原因.
    pub problems_intro: String,
    pub problems: Vec<ProblemDomain>,
    pub suggestions: WrittenSection,
    /// 对下一周期规划的建议 (the final report only).
    pub next_plan: Option<WrittenSection>,
    /// 附件1: every goal, its verdict and who judged it.
    pub goal_table: Vec<GoalRow>,
    /// 附件2: every indicator, by domain.
    pub appendix_tables: Vec<AppendixTable>,
    /// 附件3: the units' self-evaluations.
    pub self_evaluations: Vec<UnitSummary>,
    /// Said in 附件3 when no unit sent a self-evaluation; empty otherwise.
    pub self_evaluations_note: String,
    pub tally: Tally,
    pub goal_tally: GoalTally,
}

/// One domain's goal counts in the overview table.
#[derive(Debug, Clone, Serialize)]
pub struct OverviewRow {
    pub name: String,
    pub goals: usize,
    /// 已实现 (with 提前实现), 基本实现, 进展顺利, 进展滞后, 未实现, 无法评估.
    pub achieved: usize,
    pub basically: usize,
    pub on_track: usize,
    pub lagging: usize,
    pub not_achieved: usize,
    pub not_assessable: usize,
    /// The targets' 达标率 (or progress share before their year) with its denominator.
    pub targets: String,
}

/// One domain's section.
#[derive(Debug, Clone, Serialize)]
pub struct EvaluationDomain {
    pub numeral: String,
    pub name: String,
    /// `牵头单位：…；责任单位：…` when the plan names them, else empty.
    pub units: String,
    /// The bold judgement from the indicators' movement over the period.
    pub headline: String,
    /// The goal-level and target-level counts of the domain.
    pub summary: String,
    pub goals: Vec<EvaluationGoal>,
    /// The domain's written addition (`领域/<name>.md`), if any.
    pub written: WrittenSection,
    pub charts: Vec<TrendChart>,
}

/// One goal: its data sentences and its evidence, and the verdict as a whole.
#[derive(Debug, Clone, Serialize)]
pub struct EvaluationGoal {
    pub number: u32,
    pub text: String,
    /// The data sentences (over the period) of its indicators.
    pub data: String,
    /// The evidence part: the group's conclusion, the units' self-ratings and measures.
    pub evidence: Vec<String>,
    pub verdict: String,
    pub verdict_code: String,
    /// Who judged it: `数据`, `评估组`, `数据、评估组` …
    pub judged_by: String,
}

/// One row of 附件1: a goal and its verdict.
#[derive(Debug, Clone, Serialize)]
pub struct GoalRow {
    pub domain: String,
    pub number: u32,
    pub text: String,
    pub verdict: String,
    pub judged_by: String,
}

/// A domain's rows in the indicator appendix.
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
    pub number: String,
    pub goal: String,
    pub conclusion: String,
    pub measures: String,
    pub problems: String,
    pub next_steps: String,
}

/// Who judged a goal: its data, the group, the units.
fn judged_by(catalog: &Catalog, assessment: &Assessment, d: usize, number: u32) -> String {
    let Some(goal) = assessment.goal(d, number) else {
        return String::new();
    };
    let mut by = Vec::new();
    let has_targets = catalog.domains[d]
        .goals
        .iter()
        .any(|g| g.number == number && !g.is_qualitative());
    if has_targets {
        by.push("监测数据");
    }
    match goal.evidence_by {
        Some(JudgedBy::Group) => by.push("评估组"),
        Some(JudgedBy::Units) => by.push("责任单位自评"),
        None if goal.evidence.is_some() => by.push("（无结论）"),
        None => {}
    }
    by.join("、")
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
    let year = assessment.year;
    let narrator = Narrator::over_period(catalog, data, assessment);
    let tally = assessment.tally(None);
    let goal_tally = assessment.goal_tally(None);
    let written = |title: &str, level: usize| sections::section(data, year, title, level);
    let evaluations = data.latest_self_evaluations(year);

    let domains: Vec<EvaluationDomain> = (0..catalog.domains.len())
        .map(|d| domain(catalog, data, assessment, &narrator, &evaluations, d))
        .collect();

    let mut appendix_tables = Vec::new();
    for (d, domain) in catalog.domains.iter().enumerate() {
        let rows: Vec<TableRow> = catalog
            .entries()
            .filter(|r| r.domain_index == d)
            .flat_map(|r| {
                assessment
                    .for_entry(r)
                    .filter(|x| x.applies)
                    .map(move |x| table_row(catalog, r, x))
            })
            .collect();
        if !rows.is_empty() {
            appendix_tables.push(AppendixTable {
                number: appendix_tables.len() + 1,
                name: domain.name.clone(),
                rows,
            });
        }
    }

    let overview_rows = catalog
        .domains
        .iter()
        .enumerate()
        .map(|(d, domain)| {
            let g = assessment.goal_tally(Some(d));
            OverviewRow {
                name: domain.name.clone(),
                goals: g.total,
                achieved: g.achieved + g.achieved_early,
                basically: g.basically_achieved,
                on_track: g.on_track,
                lagging: g.lagging,
                not_achieved: g.not_achieved,
                not_assessable: g.not_assessable,
                targets: target_share(kind, &assessment.tally(Some(d))),
            }
        })
        .collect();

    let problems = problems(&narrator, &evaluations);
    let count: usize = problems.iter().map(|d| d.items.len()).sum();
    let problems_intro = if count == 0 {
        "本次评估未发现进展滞后、出现倒退、未达标或列入预警的指标。".to_string()
    } else {
        format!(
            "对照规划目标，有{count}项指标进展滞后、出现倒退、未实现目标或列入预警，按领域列示如下（括号内为填报单位；“原因”摘自责任单位自评材料）："
        )
    };

    let self_evaluations = unit_summaries(catalog, &evaluations);
    let self_evaluations_note = if self_evaluations.is_empty() {
        "本次评估未收到成员单位的自评材料。".to_string()
    } else {
        String::new()
    };
    let goal_table = catalog
        .domains
        .iter()
        .enumerate()
        .flat_map(|(d, domain)| {
            domain.goals.iter().map(move |g| GoalRow {
                domain: short_name(&domain.name),
                number: g.number,
                text: g.text.clone(),
                verdict: assessment
                    .goal(d, g.number)
                    .map_or(GoalVerdict::NotAssessable, |r| r.verdict)
                    .label()
                    .into(),
                judged_by: judged_by(catalog, assessment, d, g.number),
            })
        })
        .collect();

    EvaluationReport {
        kind,
        header: Header::new(catalog, year, date),
        report_title: format!("{}评估报告", kind.label()),
        preface: written("前言", 1),
        conduct: conduct(kind, catalog, data, assessment),
        conduct_written: written("评估工作开展情况", 1),
        overall: overall(kind, catalog, &narrator, &tally, &goal_tally),
        overall_written: written("总体评价", 1),
        overview_rows,
        verdict_chart: chart::verdicts(catalog, assessment),
        domains,
        achievements: achievements(catalog, data, assessment),
        practices: written("主要做法和经验", 1),
        problems_intro,
        problems,
        suggestions: written("对策建议", 1),
        next_plan: (kind == EvaluationKind::Final).then(|| written("对下一周期规划的建议", 1)),
        goal_table,
        appendix_tables,
        self_evaluations,
        self_evaluations_note,
        tally,
        goal_tally,
    }
}

/// `妇女与健康` → `健康`: the domain's short name for narrow table columns.
fn short_name(name: &str) -> String {
    name.split_once('与')
        .map(|(_, rest)| rest.to_string())
        .unwrap_or_else(|| name.to_string())
}

/// A domain's targets in one cell: the 达标率 of a final report, the share met or on
/// track of a mid-term one, with the denominator.
fn target_share(kind: EvaluationKind, t: &Tally) -> String {
    if t.assessable == 0 {
        return "—".into();
    }
    let good = match kind {
        EvaluationKind::Final => t.attained,
        EvaluationKind::Midterm => t.attained + t.ahead + t.on_track,
    };
    format!(
        "{}（{good}/{}）",
        percent(good as f64 * 100.0 / t.assessable as f64),
        t.assessable
    )
}

/// 一、评估工作开展情况, from the method and the returns.
fn conduct(
    kind: EvaluationKind,
    catalog: &Catalog,
    data: &DataSet,
    assessment: &Assessment,
) -> Vec<String> {
    let plan = &catalog.plan;
    let year = assessment.year;
    let m = &assessment.method;
    let reporting: Vec<&str> = catalog
        .units
        .iter()
        .filter(|u| data.submitted(&u.name, year))
        .map(|u| u.name.as_str())
        .collect();
    let mut evaluated: Vec<&str> = data
        .latest_self_evaluations(year)
        .iter()
        .filter_map(|e| e.unit.as_deref())
        .collect();
    evaluated.sort();
    evaluated.dedup();
    let group = data.group_conclusions.len();
    let mut sources = format!(
        "{}个成员单位报送的{}—{year}年统计数据",
        reporting.len(),
        plan.baseline_year
    );
    if !evaluated.is_empty() {
        sources.push_str(&format!("、{}个成员单位的自评材料", evaluated.len()));
    }
    if group > 0 {
        sources.push_str(&format!("和评估组对{group}项主要目标的评估结论"));
    }
    let basic = if m.basic_counts_as_met {
        "（含基本达标）"
    } else {
        ""
    };
    let mut out = vec![
        format!(
            "根据《{}》关于监测评估的要求，{}组织开展了规划{}评估。本次评估以{}年为基期、{year}年为评估年份，依据{sources}，对规划{}个领域{}项主要目标、{}项目标值逐项进行评估。",
            plan.title,
            plan.issuer_name(),
            kind.label(),
            plan.baseline_year,
            chinese_numeral(catalog.domains.len()),
            catalog.goal_count(),
            assessment.tally(None).total,
        ),
        format!(
            "评估方法：目标年份已到的目标值按规划目标判定已达标、基本达标或未达标，与目标值相差不超过目标值{}的为基本达标；尚未到期的目标值按“时间过半、任务过半”的原则，将完成目标的进度与时间进度相比，进度达到时间进度{}倍以上的为快于进度，{}倍以上的为符合进度，其余为进展滞后，比基期退步的为出现倒退。定性目标和主要目标中的定性表述，以评估组结论为准；评估组未作结论的，参考责任单位的自评结论。每项主要目标综合其各项目标值和定性表述判定为已实现、基本实现、未实现或（尚未到期时）提前实现、进展顺利、进展滞后，缺少全部数据的为无法评估。",
            percent(m.basic_tolerance_relative * 100.0),
            crate::report::format::number(m.ahead_ratio),
            crate::report::format::number(m.on_track_ratio),
        ),
        format!(
            "达标率＝已达标（含提前达标）{basic}的项数÷可监测的项数；无数据的不计入分母，单独列出。主要目标的达标率按同一口径计算。"
        ),
    ];
    if !reporting.is_empty() {
        out.push(format!("数据来源：{}。", reporting.join("、")));
    }
    out
}

/// 二、总体评价: goal-level and target-level counts, then the judgement.
fn overall(
    kind: EvaluationKind,
    catalog: &Catalog,
    narrator: &Narrator<'_>,
    tally: &Tally,
    goals: &GoalTally,
) -> Vec<String> {
    let mut parts: Vec<String> = [
        (goals.achieved_early, "提前实现"),
        (goals.achieved, "已实现"),
        (goals.basically_achieved, "基本实现"),
        (goals.on_track, "进展顺利"),
        (goals.lagging, "进展滞后"),
        (goals.not_achieved, "未实现"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, label)| format!("{label}{n}项"))
    .collect();
    if goals.not_assessable > 0 {
        parts.push(format!("无法评估{}项", goals.not_assessable));
    }
    let mut goal_sentence = format!(
        "按主要目标计，规划{}项主要目标中，{}",
        catalog.goal_count(),
        parts.join("，")
    );
    match kind {
        EvaluationKind::Final => {
            if let Some(rate) = goals.rate_percent() {
                goal_sentence.push_str(&format!(
                    "；主要目标达标率为{}（{}/{}）",
                    percent(rate),
                    goals.attained,
                    goals.assessable
                ));
            }
        }
        EvaluationKind::Midterm => {
            let good = goals.achieved_early + goals.achieved + goals.on_track;
            if goals.assessable > 0 {
                goal_sentence.push_str(&format!(
                    "；实现或进展顺利的共{good}项，占可评估主要目标（{}项）的{}",
                    goals.assessable,
                    percent(good as f64 * 100.0 / goals.assessable as f64)
                ));
            }
        }
    }
    goal_sentence.push('。');
    let mut target_sentence = format!("按目标值计，{}", narrator.counts(tally));
    if kind == EvaluationKind::Midterm && tally.assessable > 0 {
        let good = tally.attained + tally.ahead + tally.on_track;
        target_sentence.push_str(&format!(
            "；达标或进度正常的共{good}项，占{}",
            percent(good as f64 * 100.0 / tally.assessable as f64)
        ));
    }
    target_sentence.push('。');
    let judgement = match kind {
        EvaluationKind::Midterm => {
            let good = tally.attained + tally.ahead + tally.on_track;
            if tally.assessable > 0 && good * 2 >= tally.assessable {
                format!(
                    "总体看，规划实施实现了“时间过半、任务过半”。{}",
                    narrator.overall(tally)
                )
            } else {
                format!(
                    "总体看，规划实施尚未实现“时间过半、任务过半”。{}",
                    narrator.overall(tally)
                )
            }
        }
        EvaluationKind::Final => narrator.overall(tally),
    };
    vec![goal_sentence, target_sentence, judgement]
}

fn domain(
    catalog: &Catalog,
    data: &DataSet,
    assessment: &Assessment,
    narrator: &Narrator<'_>,
    evaluations: &[&SelfEvaluation],
    d: usize,
) -> EvaluationDomain {
    let domain = &catalog.domains[d];
    let year = assessment.year;
    let mut charts = Vec::new();
    let goals = domain
        .goals
        .iter()
        .map(|goal| {
            for r in catalog
                .entries()
                .filter(|r| r.domain_index == d && r.goal.number == goal.number)
            {
                charts.extend(chart::trends(catalog, data, r, year));
            }
            let text = narrator.goal_sentences(d, goal, &|_| true);
            let result = assessment.goal(d, goal.number);
            let verdict = result.map_or(GoalVerdict::NotAssessable, |g| g.verdict);
            EvaluationGoal {
                number: goal.number,
                text: goal.text.clone(),
                data: text,
                evidence: evidence_lines(catalog, assessment, evaluations, d, goal.number),
                verdict: verdict.label().into(),
                verdict_code: verdict.code().into(),
                judged_by: judged_by(catalog, assessment, d, goal.number),
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
    let g = assessment.goal_tally(Some(d));
    let t = assessment.tally(Some(d));
    let mut parts: Vec<String> = GoalVerdict::ALL
        .iter()
        .filter(|v| g.count(**v) > 0)
        .map(|v| format!("{}{}项", v.label(), g.count(*v)))
        .collect();
    if parts.is_empty() {
        parts.push("均无法评估".into());
    }
    let mut summary = format!(
        "本领域{}项主要目标中，{}",
        domain.goals.len(),
        parts.join("，")
    );
    if t.total > 0 {
        summary.push_str(&format!("；{}", narrator.counts(&t)));
    }
    summary.push('。');
    EvaluationDomain {
        numeral: chinese_numeral(d + 1),
        name: domain.name.clone(),
        units: units.join("；"),
        headline: narrator.headline(d),
        summary,
        goals,
        written: sections::section(data, year, &format!("{DOMAIN_FOLDER}/{}", domain.name), 2),
        charts,
    }
}

/// The evidence of a goal's qualitative part: the group's conclusion with its reason, then
/// each unit's self-rating and its measures.
fn evidence_lines(
    catalog: &Catalog,
    assessment: &Assessment,
    evaluations: &[&SelfEvaluation],
    d: usize,
    number: u32,
) -> Vec<String> {
    let Some(goal) = catalog.domains[d].goals.iter().find(|g| g.number == number) else {
        return Vec::new();
    };
    if !goal.has_evidence_part() {
        return Vec::new();
    }
    let mut lines = Vec::new();
    let clauses = if goal.is_qualitative() {
        String::new()
    } else {
        format!("（定性表述：{}）", goal.qualitative.join("；"))
    };
    let result = assessment.goal(d, number);
    if let Some(group) = result.and_then(|g| g.group.as_ref()) {
        let mut line = format!("评估组结论{clauses}：{}。", group.verdict.label());
        if !group.reason.trim().is_empty() {
            line.push_str(&format!("理由：{}", ensure_stop(&group.reason)));
        }
        lines.push(line);
    }
    for e in evaluations
        .iter()
        .filter(|e| e.domain_index == d && e.goal_number == number)
    {
        let mut line = format!(
            "{}自评{}：{}。",
            e.unit.as_deref().unwrap_or("责任单位"),
            if lines.is_empty() { &clauses } else { "" },
            e.conclusion.label()
        );
        if !e.measures.trim().is_empty() {
            line.push_str(&format!("主要措施及成效：{}", ensure_stop(&e.measures)));
        }
        lines.push(line);
    }
    if lines.is_empty() {
        let units = result.map(|g| g.responsible.clone()).unwrap_or_default();
        lines.push(if units.is_empty() {
            format!("未明确责任单位，评估组和责任单位均未作出结论{clauses}，暂无法评估。")
        } else {
            format!(
                "评估组尚未作出结论，责任单位（{}）未报送自评材料{clauses}，暂无法评估。",
                units.join("、")
            )
        });
    }
    lines
}

/// 主要成效: per domain, the goals achieved and the indicators that improved most over the
/// period (by the share of their starting value, largest first, at most five), each with its
/// numbers; domains with nothing to report are left out.
fn achievements(catalog: &Catalog, data: &DataSet, assessment: &Assessment) -> Vec<String> {
    let year = assessment.year;
    let mut out = Vec::new();
    for (d, domain) in catalog.domains.iter().enumerate() {
        let mut improved: Vec<(f64, String)> = Vec::new();
        for r in catalog.indicators().filter(|r| r.domain_index == d) {
            let ind = r.indicator;
            let direction = ind.better_direction();
            if direction == Direction::Neutral {
                continue;
            }
            let p = Printed::of(ind);
            let Some(now) = data.get(&ind.id, None, year) else {
                continue;
            };
            let Some((since, before)) = (catalog.plan.baseline_year..year)
                .find_map(|y| data.get(&ind.id, None, y).map(|o| (y, o.value)))
            else {
                continue;
            };
            let (now, before) = (p.rounded(now.value), p.rounded(before));
            let diff = now - before;
            let better = match direction {
                Direction::Higher => diff > 0.0,
                Direction::Lower => diff < 0.0,
                Direction::Neutral => false,
            };
            if !better || before == 0.0 {
                continue;
            }
            let (up, down) = p.verbs();
            let moved = p.change_since(now, before, since, 0.0);
            let phrase = format!(
                "{}由{since}年的{}{}到{year}年的{}（{}）",
                ind.name,
                p.value(before),
                if diff > 0.0 { up } else { down },
                p.value(now),
                moved.trim_start_matches(&format!("比{since}年"))
            );
            improved.push(((diff / before).abs(), phrase));
        }
        improved.sort_by(|a, b| b.0.total_cmp(&a.0));
        let goals = assessment.goal_tally(Some(d));
        let achieved = goals.achieved + goals.achieved_early;
        if improved.is_empty() && achieved == 0 {
            continue;
        }
        let mut text = format!("{}领域", domain.name);
        if achieved > 0 {
            text.push_str(&format!(
                "{}项主要目标中已实现{achieved}项",
                domain.goals.len()
            ));
        }
        if !improved.is_empty() {
            if achieved > 0 {
                text.push('，');
            }
            let list: Vec<String> = improved.into_iter().take(5).map(|(_, p)| p).collect();
            text.push_str(&format!("主要指标明显改善：{}", list.join("；")));
        }
        text.push('。');
        out.push(text);
    }
    if out.is_empty() {
        out.push("与基期相比，各领域监测指标暂无改善的数据。".to_string());
    }
    out
}

fn unit_summaries(catalog: &Catalog, evaluations: &[&SelfEvaluation]) -> Vec<UnitSummary> {
    let mut out: Vec<UnitSummary> = Vec::new();
    for unit in &catalog.units {
        let mut items: Vec<(usize, u32, UnitItem)> = evaluations
            .iter()
            .filter(|e| e.unit.as_deref() == Some(unit.name.as_str()))
            .map(|e| {
                let domain = &catalog.domains[e.domain_index];
                (
                    e.domain_index,
                    e.goal_number,
                    UnitItem {
                        number: format!("{}第{}项", short_name(&domain.name), e.goal_number),
                        goal: domain
                            .goals
                            .iter()
                            .find(|g| g.number == e.goal_number)
                            .map(|g| g.text.clone())
                            .unwrap_or_default(),
                        conclusion: e.conclusion.label().into(),
                        measures: e.measures.trim().into(),
                        problems: e.problems.trim().into(),
                        next_steps: e.next_steps.trim().into(),
                    },
                )
            })
            .collect();
        items.sort_by_key(|(d, g, _)| (*d, *g));
        if !items.is_empty() {
            out.push(UnitSummary {
                unit: unit.name.clone(),
                items: items.into_iter().map(|(_, _, i)| i).collect(),
            });
        }
    }
    out
}
