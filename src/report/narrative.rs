//! Sentences and sections the report kinds share: the counts, the data sentences of each
//! indicator, a domain's section, the names of what is measured.

use serde::Serialize;

use super::chart::{self, TrendChart};
use super::format::{change, distance, percent, target_text, with_unit};
use super::table::{TableRow, table_row};
use crate::assess::{Assessment, Measure, Tally, TargetResult, Verdict, Warning};
use crate::catalog::{Catalog, IndicatorRef, Rule, chinese_numeral};
use crate::intake::DataSet;
use crate::number::round_to;

/// One domain's section: `一、妇女与健康`.
#[derive(Debug, Clone, Serialize)]
pub struct DomainSection {
    /// `一`
    pub numeral: String,
    /// `妇女与健康`
    pub name: String,
    /// The bold opening sentence with the domain's counts.
    pub summary: String,
    /// One subsection per goal with indicators.
    pub goals: Vec<GoalSection>,
    pub rows: Vec<TableRow>,
    /// The number of the domain's indicator table in its report (表N), counted over the
    /// tables the report prints; 0 when the domain has none.
    pub table_number: usize,
    /// Goals judged from evidence at evaluation time.
    pub qualitative: Vec<QualitativeGoal>,
    /// The subsection numeral of the qualitative goals, after the goal subsections.
    pub qualitative_numeral: String,
    /// The sentence introducing the qualitative goals.
    pub qualitative_intro: String,
    pub tally: Tally,
    /// One trend chart per indicator, baseline year to report year.
    pub charts: Vec<TrendChart>,
}

/// A goal with indicators and the data sentences about them.
#[derive(Debug, Clone, Serialize)]
pub struct GoalSection {
    /// The subsection numeral: `一` for `（一）`.
    pub numeral: String,
    /// The goal's number in the plan.
    pub number: u32,
    /// The goal, verbatim.
    pub text: String,
    /// One paragraph per indicator.
    pub paragraphs: Vec<String>,
}

/// A qualitative goal awaiting evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct QualitativeGoal {
    pub number: u32,
    pub text: String,
    pub responsible: String,
}

/// `在68项目标值中，有数据可监测的66项。其中，已达标60项，基本达标1项，未达标5项，达标率为90.9%（60/66）；暂无数据2项。`
/// Before the target year the progress verdicts are listed the same way.
pub fn counts_sentence(tally: &Tally, opening: &str, noun: &str) -> String {
    let mut sentence = format!(
        "{opening}{}{noun}，有数据可监测的{}项",
        tally.total, tally.assessable
    );
    let parts: Vec<String> = Verdict::ALL
        .iter()
        .filter(|v| v.is_assessable() && tally.count(**v) > 0)
        .map(|v| format!("{}{}项", v.label(), tally.count(*v)))
        .collect();
    if !parts.is_empty() {
        sentence.push_str(&format!("。其中，{}", parts.join("，")));
    }
    match tally.rate_percent() {
        Some(rate) => sentence.push_str(&format!(
            "；达标率为{}（{}/{}）",
            percent(rate),
            tally.attained,
            tally.assessable
        )),
        None => sentence.push_str("；暂无法计算达标率"),
    }
    let in_step = tally.ahead + tally.on_track;
    if in_step > 0 && tally.assessable > 0 {
        let share = (tally.attained + in_step) as f64 * 100.0 / tally.assessable as f64;
        sentence.push_str(&format!(
            "，达标或进度正常的共{}项，占{}",
            tally.attained + in_step,
            percent(share)
        ));
    }
    if tally.no_data > 0 {
        sentence.push_str(&format!("；暂无数据{}项", tally.no_data));
    }
    sentence.push('。');
    sentence
}

/// One domain's section: its summary, data sentences, table rows, charts and qualitative goals.
pub fn domain_section(
    catalog: &Catalog,
    data: &DataSet,
    assessment: &Assessment,
    d: usize,
) -> DomainSection {
    let domain = &catalog.domains[d];
    let tally = assessment.tally(Some(d));
    let mut goals: Vec<GoalSection> = Vec::new();
    let mut rows = Vec::new();
    let mut charts = Vec::new();
    for r in catalog.indicators().filter(|r| r.domain_index == d) {
        charts.push(chart::trend(catalog, data, r, assessment.year));
        let results: Vec<&TargetResult> = assessment.for_indicator(&r.indicator.id).collect();
        let paragraph = indicator_paragraph(catalog, data, assessment.year, r, &results);
        match goals.last_mut() {
            Some(goal) if goal.number == r.goal.number => goal.paragraphs.push(paragraph),
            _ => goals.push(GoalSection {
                numeral: chinese_numeral(goals.len() + 1),
                number: r.goal.number,
                text: r.goal.text.clone(),
                paragraphs: vec![paragraph],
            }),
        }
        for result in results {
            rows.push(table_row(catalog, r, result));
        }
    }
    let qualitative: Vec<QualitativeGoal> = domain
        .goals
        .iter()
        .filter(|g| g.is_qualitative())
        .map(|g| QualitativeGoal {
            number: g.number,
            text: g.text.clone(),
            responsible: g.responsible_units(domain).join("、"),
        })
        .collect();
    let qualitative_intro = format!(
        "本领域另有定性目标{}项，不设统计监测指标，待评估时依据责任单位的自评结论判断：",
        qualitative.len()
    );
    let summary = if tally.total == 0 {
        format!(
            "本领域{}项主要目标均为定性目标，不设统计监测指标，待评估时依据责任单位的自评结论判断。",
            domain.goals.len()
        )
    } else {
        counts_sentence(&tally, "本领域", "项目标值中")
    };
    DomainSection {
        numeral: chinese_numeral(d + 1),
        name: domain.name.clone(),
        summary,
        qualitative_numeral: chinese_numeral(goals.len() + 1),
        qualitative_intro,
        table_number: 0,
        goals,
        rows,
        qualitative,
        tally,
        charts,
    }
}

/// The display name of what a result measures: the indicator, or the gap between two of
/// its breakdowns.
pub fn measure_name(r: IndicatorRef<'_>, result: &TargetResult) -> String {
    match &result.measure {
        Measure::Level => r.indicator.name.clone(),
        Measure::Gap { a, b } => format!("{}（{a}与{b}差距）", r.indicator.name),
    }
}

/// The name of what a result's target is compared with, if it has a reference.
fn reference_name(catalog: &Catalog, r: IndicatorRef<'_>, result: &TargetResult) -> Option<String> {
    r.indicator.targets[result.target_index]
        .rule
        .reference()
        .map(|name| catalog.reference_label(name))
}

/// The data sentences for one indicator, in the style of published reports.
fn indicator_paragraph(
    catalog: &Catalog,
    data: &DataSet,
    year: i32,
    r: IndicatorRef<'_>,
    results: &[&TargetResult],
) -> String {
    let ind = r.indicator;
    let unit = ind.unit;
    let base_year = catalog.plan.baseline_year;
    let mut text = String::new();
    match data.get(&ind.id, None, year) {
        Some(now) => {
            text.push_str(&format!(
                "{year}年，{}为{}",
                ind.name,
                with_unit(now.value, unit)
            ));
            match data.get(&ind.id, None, year - 1) {
                Some(before) => match change(now.value, before.value, unit).as_str() {
                    "持平" => text.push_str("，与上年持平"),
                    moved => text.push_str(&format!("，比上年{moved}")),
                },
                None => text.push_str("，上年无数据"),
            }
            text.push('。');
        }
        None => text.push_str(&format!(
            "{year}年{}暂无数据（应由{}填报）。",
            ind.name, ind.reporter
        )),
    }
    let groups: Vec<String> = ind
        .breakdowns
        .iter()
        .filter_map(|b| {
            data.get(&ind.id, Some(b), year)
                .map(|o| format!("{}为{}", group_label(b), with_unit(o.value, unit)))
        })
        .collect();
    if !groups.is_empty() {
        text.push_str(&format!("其中，{}。", groups.join("，")));
    }

    for result in results {
        let target = &ind.targets[result.target_index];
        let goal_words = if target.aspirational {
            "规划力争目标"
        } else {
            "规划目标"
        };
        let reached = match result.verdict {
            Verdict::MetEarly => format!("已提前实现{goal_words}"),
            Verdict::Met => format!("已实现{goal_words}"),
            Verdict::BasicallyMet => format!("基本实现{goal_words}"),
            Verdict::Ahead => "进展快于时序进度".to_string(),
            Verdict::OnTrack => "进展符合时序进度".to_string(),
            Verdict::Lagging => "进展滞后于时序进度".to_string(),
            Verdict::Regressing => "较基期出现倒退".to_string(),
            Verdict::NotMet | Verdict::NoData => format!("尚未实现{goal_words}"),
        };
        let favourable = matches!(
            result.verdict,
            Verdict::MetEarly | Verdict::Met | Verdict::OnTrack | Verdict::Ahead
        );
        let mut wanted = target_text(catalog, target, ind);
        let bound = result.relative_bound();
        if let Some(value) = bound {
            let side = if matches!(target.rule, Rule::DecreaseBy { .. }) {
                "以下"
            } else {
                "以上"
            };
            wanted.push_str(&format!("，即{}{side}", with_unit(value, unit)));
        }
        let Some(current) = &result.current else {
            if let Measure::Gap { a, b } = &result.measure {
                text.push_str(&format!("{a}、{b}分组数据不全，无法判断差距变化。"));
            }
            continue;
        };
        let now = current.value;
        let sentence = match (&target.rule, &result.measure) {
            (_, Measure::Gap { a, b }) => {
                let mut s = format!(
                    "{}与{}差距为{}",
                    group_label(a),
                    group_label(b),
                    distance(now, 0.0, unit)
                );
                match &result.baseline {
                    Some(base) => {
                        let moved = change(now, base.value, unit);
                        let moved = if moved == "持平" {
                            "持平".to_string()
                        } else if now < base.value {
                            format!("缩小{}", distance(now, base.value, unit))
                        } else {
                            format!("扩大{}", distance(now, base.value, unit))
                        };
                        s.push_str(&format!(
                            "，与基期（{base_year}年）的{}相比{moved}，{}。",
                            distance(base.value, 0.0, unit),
                            if favourable {
                                "符合差距缩小的规划要求"
                            } else {
                                "未达到差距缩小的规划要求"
                            }
                        ));
                    }
                    None => s.push_str(&format!(
                        "，基期（{base_year}年）无分组数据，无法判断差距变化。"
                    )),
                }
                s
            }
            (Rule::Increase | Rule::Decrease | Rule::Maintain, _) => match &result.baseline {
                Some(base) => {
                    let moved = change(now, base.value, unit);
                    let moved = if moved == "持平" {
                        "持平".to_string()
                    } else {
                        moved
                    };
                    format!(
                        "与基期（{base_year}年）的{}相比{moved}，{}规划“{wanted}”的要求。",
                        with_unit(base.value, unit),
                        if favourable { "符合" } else { "未达到" }
                    )
                }
                None => {
                    format!("基期（{base_year}年）无数据，无法判断是否符合规划“{wanted}”的要求。")
                }
            },
            (Rule::About { .. } | Rule::Between { .. }, _) => {
                if favourable {
                    format!("处于规划目标（{wanted}）范围内，{reached}。")
                } else {
                    format!("偏离规划目标（{wanted}），{reached}。")
                }
            }
            // A relative target's value is a percentage: compare with the bound it sets.
            (
                Rule::AtMost { .. }
                | Rule::AtLeast { .. }
                | Rule::Below { .. }
                | Rule::Above { .. }
                | Rule::BetterThanReference { .. }
                | Rule::DecreaseBy { .. }
                | Rule::IncreaseBy { .. }
                | Rule::GapNarrows { .. },
                _,
            ) => match (
                target
                    .rule
                    .fixed_bound(result.baseline.as_ref().map(|p| p.value)),
                &result.reference,
            ) {
                (Some(t), _) => {
                    let relation = relation(now, t);
                    if favourable {
                        format!("{relation}{goal_words}（{wanted}），{reached}。")
                    } else {
                        format!(
                            "{relation}{goal_words}（{wanted}），距目标还差{}，{reached}。",
                            distance(now, t, unit)
                        )
                    }
                }
                (None, Some(reference)) => format!(
                    "{}{}（{}），{reached}。",
                    relation(now, reference.value),
                    reference_name(catalog, r, result).unwrap_or_default(),
                    with_unit(reference.value, unit)
                ),
                (None, None) => format!(
                    "参照值{}暂无数据，无法判断是否达标。",
                    reference_name(catalog, r, result).unwrap_or_default()
                ),
            },
        };
        text.push_str(&sentence);
        text.push_str(&warning_sentences(result, unit));
    }
    text
}

/// Sentences for the early warnings of one result.
fn warning_sentences(result: &TargetResult, unit: crate::catalog::Unit) -> String {
    let mut text = String::new();
    for warning in &result.warnings {
        match warning {
            Warning::HardToReach { projected } => text.push_str(&format!(
                "按目前趋势推算，{}年预计为{}，如期达标存在困难（预警）。",
                result.target_year,
                with_unit(round_to(*projected, 2), unit)
            )),
            Warning::Volatile {
                largest_change,
                year,
            } => text.push_str(&format!(
                "该指标年度间波动较大（{year}年较上年变动{}，预警）。",
                percent(largest_change * 100.0)
            )),
            Warning::MissingYears { years } => text.push_str(&format!(
                "该指标{}年连续无数据（预警）。",
                years
                    .iter()
                    .map(|y| y.to_string())
                    .collect::<Vec<_>>()
                    .join("、")
            )),
            Warning::WorseThanPrevious => text.push_str("但较上年有所退步，需予关注。"),
        }
    }
    text
}

/// A breakdown as named in a sentence: the sexes as 女性/男性, other groups as written.
fn group_label(group: &str) -> &str {
    match group {
        "女" => "女性",
        "男" => "男性",
        other => other,
    }
}

/// `低于`, `高于` or `达到`.
fn relation(now: f64, goalpost: f64) -> &'static str {
    if now < goalpost {
        "低于"
    } else if now > goalpost {
        "高于"
    } else {
        "达到"
    }
}
