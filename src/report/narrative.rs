//! The sentences the reports share, in the grammar statistics bureaus publish: a level and
//! its change with the comparison year named, breakdowns and the gap between the sexes in
//! their own clauses, a verdict that quotes the plan's target and varies with the case,
//! early warnings with the years and figures behind them, a headline judgement per domain
//! and an overall judgement from the counts. Every sentence follows from the data by the
//! rules in `docs/narrative.md`; nothing is invented.

use serde::Serialize;

use super::chart::{self, TrendChart};
use super::format::{Change, Printed, percent, target_text};
use super::table::{TableRow, table_row};
use crate::assess::{Assessment, Measure, Point, Tally, TargetResult, Verdict, Warning};
use crate::catalog::{Catalog, Direction, Goal, IndicatorRef, Rule, chinese_numeral};
use crate::intake::DataSet;

/// One domain's section: `一、妇女与健康`.
#[derive(Debug, Clone, Serialize)]
pub struct DomainSection {
    /// `一`
    pub numeral: String,
    /// `妇女与健康`
    pub name: String,
    /// The bold judgement that opens the section, from its indicators' movement:
    /// `妇女与健康领域主要指标持续改善。`; empty when nothing can be compared.
    pub headline: String,
    /// The counts of the domain's targets, as progress or attainment.
    pub summary: String,
    /// The data sentences, one paragraph per goal with indicators.
    pub paragraphs: Vec<String>,
    pub rows: Vec<TableRow>,
    /// The number of the domain's indicator table in its report (表N), counted over the
    /// tables the report prints; 0 when the domain has none.
    pub table_number: usize,
    /// Goals judged from evidence at evaluation time.
    pub qualitative: Vec<QualitativeGoal>,
    pub tally: Tally,
    /// One trend chart per indicator, baseline year to report year.
    pub charts: Vec<TrendChart>,
}

/// A qualitative goal, with who answers for it.
#[derive(Debug, Clone, Serialize)]
pub struct QualitativeGoal {
    pub number: u32,
    pub text: String,
    pub responsible: String,
}

/// Writes the sentences of one plan-year.
pub struct Narrator<'a> {
    pub catalog: &'a Catalog,
    pub data: &'a DataSet,
    pub assessment: &'a Assessment,
    /// Whether values are compared over the plan period (the evaluation reports: `由2020年
    /// 的5.4‰下降到2025年的4.0‰`) rather than with the year before (the annual report).
    pub period: bool,
}

impl<'a> Narrator<'a> {
    /// Sentences of the annual report: each value against the year before.
    pub fn new(catalog: &'a Catalog, data: &'a DataSet, assessment: &'a Assessment) -> Self {
        Narrator {
            catalog,
            data,
            assessment,
            period: false,
        }
    }

    /// Sentences of the evaluation reports: each value over the period, from the baseline.
    pub fn over_period(
        catalog: &'a Catalog,
        data: &'a DataSet,
        assessment: &'a Assessment,
    ) -> Self {
        Narrator {
            period: true,
            ..Narrator::new(catalog, data, assessment)
        }
    }

    /// The first year from the baseline with a value of `breakdown` (None for the total),
    /// before `year`.
    fn first_year(&self, id: &str, breakdown: Option<&str>) -> Option<(i32, f64)> {
        (self.catalog.plan.baseline_year..self.year())
            .find_map(|y| self.data.get(id, breakdown, y).map(|o| (y, o.value)))
    }

    /// `孕产妇死亡率由2020年的11.6/10万下降到2025年的9.8/10万`; `…2025年为9.8/10万，与2020年
    /// 持平`; without an earlier value `2025年，孕产妇死亡率为9.8/10万`.
    fn movement_over(&self, name: &str, p: Printed, first: Option<(i32, f64)>, now: f64) -> String {
        let year = self.year();
        let Some((since, before)) = first else {
            return format!("{year}年，{}", level_phrase(name, p, now));
        };
        let (up, down) = p.verbs();
        let stem = match p.unit {
            crate::catalog::Unit::PerThousandPeople(_) => name
                .strip_suffix("数量")
                .or_else(|| name.strip_suffix('数'))
                .unwrap_or(name),
            _ => name,
        };
        match p.change(now, before, 0.0) {
            Change::Flat | Change::BasicallyFlat => {
                format!("{year}年，{}，与{since}年持平", level_phrase(name, p, now))
            }
            Change::Up(_) => format!(
                "{stem}由{since}年的{}{up}到{year}年的{}",
                p.value(before),
                p.value(now)
            ),
            Change::Down(_) => format!(
                "{stem}由{since}年的{}{down}到{year}年的{}",
                p.value(before),
                p.value(now)
            ),
        }
    }

    fn year(&self) -> i32 {
        self.assessment.year
    }

    fn flat(&self) -> f64 {
        self.assessment.method.flat_relative
    }

    /// One domain's section.
    pub fn domain_section(&self, d: usize) -> DomainSection {
        let catalog = self.catalog;
        let domain = &catalog.domains[d];
        let tally = self.assessment.tally(Some(d));
        let mut paragraphs: Vec<(u32, String)> = Vec::new();
        let mut rows = Vec::new();
        let mut charts = Vec::new();
        for goal in &domain.goals {
            let entries: Vec<IndicatorRef<'_>> = catalog
                .entries()
                .filter(|r| r.domain_index == d && r.goal.number == goal.number)
                .collect();
            if entries.is_empty() {
                continue;
            }
            for &r in &entries {
                charts.extend(chart::trends(catalog, self.data, r, self.year()));
                for result in self.assessment.for_entry(r).filter(|x| x.applies) {
                    rows.push(table_row(catalog, r, result));
                }
            }
            paragraphs.push((goal.number, self.goal_sentences(d, goal, &|_| true)));
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
        let summary = if tally.total == 0 {
            format!(
                "本领域{}项主要目标均为定性目标，不设统计监测指标，在评估时依据评估组的结论判断（见附件）。",
                domain.goals.len()
            )
        } else {
            format!("本领域{}。", self.counts(&tally))
        };
        DomainSection {
            numeral: chinese_numeral(d + 1),
            name: domain.name.clone(),
            headline: self.headline(d),
            summary,
            paragraphs: paragraphs.into_iter().map(|(_, p)| p).collect(),
            rows,
            table_number: 0,
            qualitative,
            tally,
            charts,
        }
    }

    /// The domain's headline judgement from its indicators' movement since the year before
    /// (or since the baseline, without a value for the year before), each judged by its
    /// better direction at the printed precision: three quarters or more better and none
    /// worse, 持续改善; half or more better, 总体向好; more worse than better, 部分指标有所
    /// 下滑; else 总体保持稳定. Empty when no indicator can be compared.
    pub fn headline(&self, d: usize) -> String {
        let (mut better, mut worse, mut compared) = (0usize, 0usize, 0usize);
        let year = self.year();
        let mut seen: Vec<&str> = Vec::new();
        for r in self.catalog.entries().filter(|r| r.domain_index == d) {
            let ind = r.indicator;
            // A quantity that two of the domain's goals judge counts once.
            if seen.contains(&ind.id.as_str()) {
                continue;
            }
            seen.push(&ind.id);
            let direction = ind.better_direction();
            if direction == Direction::Neutral {
                continue;
            }
            let Some(now) = self.data.get(&ind.id, None, year) else {
                continue;
            };
            let before = self
                .data
                .get(&ind.id, None, year - 1)
                .or_else(|| {
                    self.data
                        .get(&ind.id, None, self.catalog.plan.baseline_year)
                })
                .filter(|_| year > self.catalog.plan.baseline_year);
            let Some(before) = before else { continue };
            compared += 1;
            let p = Printed::of(ind);
            let diff = p.rounded(now.value) - p.rounded(before.value);
            let improved = match direction {
                Direction::Higher => diff > 0.0,
                Direction::Lower => diff < 0.0,
                Direction::Neutral => false,
            };
            let worsened = diff != 0.0 && !improved;
            better += usize::from(improved);
            worse += usize::from(worsened);
        }
        if compared == 0 {
            return String::new();
        }
        let judgement = if better * 4 >= compared * 3 && worse == 0 {
            "主要指标持续改善"
        } else if better * 2 >= compared {
            "主要指标总体向好"
        } else if worse > better {
            "部分指标有所下滑"
        } else {
            "主要指标总体保持稳定"
        };
        format!("{}领域{judgement}。", self.catalog.domains[d].name)
    }

    /// The counts of a set of targets: as progress before their year (提前实现、快于进度 …),
    /// as attainment in it (已实现 … 达标率), or both when some are due and some not.
    pub fn counts(&self, tally: &Tally) -> String {
        let mut text = if tally.total > tally.assessable {
            format!(
                "{}项目标值中，可监测{}项，其",
                tally.total, tally.assessable
            )
        } else {
            format!("可监测的{}项目标值", tally.assessable)
        };
        let due_parts = [
            (Verdict::Met, "已实现"),
            (Verdict::BasicallyMet, "基本实现"),
            (Verdict::NotMet, "未实现"),
        ];
        let pending_parts = [
            (Verdict::MetEarly, "已提前实现"),
            (Verdict::Ahead, "快于进度"),
            (Verdict::OnTrack, "符合进度"),
            (Verdict::Lagging, "进展滞后"),
            (Verdict::Regressing, "出现倒退"),
        ];
        let list = |parts: &[(Verdict, &str)]| -> Vec<String> {
            parts
                .iter()
                .filter(|(v, _)| tally.count(*v) > 0)
                .map(|(v, label)| format!("{label}{}项", tally.count(*v)))
                .collect()
        };
        let due: usize = due_parts.iter().map(|(v, _)| tally.count(*v)).sum();
        let pending: usize = pending_parts.iter().map(|(v, _)| tally.count(*v)).sum();
        match (due > 0, pending > 0) {
            (true, false) => {
                text.push_str(&format!("中，{}", list(&due_parts).join("，")));
                if let Some(rate) = tally.rate_percent() {
                    text.push_str(&format!(
                        "，达标率为{}（{}/{}）",
                        percent(rate),
                        tally.attained,
                        tally.assessable
                    ));
                }
            }
            (false, true) => {
                text.push_str(&format!("中，{}", list(&pending_parts).join("，")));
            }
            (true, true) => {
                text.push_str(&format!(
                    "中，已到目标年份的{due}项{}；尚未到期的{pending}项中，{}",
                    list(&due_parts).join("、"),
                    list(&pending_parts).join("，")
                ));
            }
            (false, false) => {}
        }
        if tally.no_data > 0 {
            text.push_str(&format!("；另有{}项暂无数据", tally.no_data));
        }
        text
    }

    /// The overall judgement from the plan's counts (`docs/narrative.md`): of the targets
    /// with data, the share met, met early or on track decides 总体进展顺利 (80% or more),
    /// 总体平稳推进 (60% or more) or 进展不够平衡; then how many lag, regress or miss: 少数
    /// (under a fifth), 部分 (under two fifths), 较多.
    pub fn overall(&self, tally: &Tally) -> String {
        if tally.assessable == 0 {
            return "规划各项监测指标暂无可用于判断的数据。".into();
        }
        let good = tally.attained + tally.ahead + tally.on_track;
        let behind = tally.lagging + tally.regressing;
        let missed = tally.not_met;
        let share = |n: usize| n as f64 / tally.assessable as f64;
        let mut text = if share(good) >= 0.8 - 1e-9 {
            "规划实施总体进展顺利".to_string()
        } else if share(good) >= 0.6 - 1e-9 {
            "规划实施总体平稳推进".to_string()
        } else {
            "规划实施进展不够平衡".to_string()
        };
        let few = |n: usize| {
            if share(n) < 0.2 {
                "少数"
            } else if share(n) < 0.4 {
                "部分"
            } else {
                "较多"
            }
        };
        if behind > 0 {
            text.push_str(&format!("，{}指标进展滞后", few(behind)));
        }
        if missed > 0 {
            text.push_str(&format!("，{}指标未实现目标", few(missed)));
        }
        text.push('。');
        text
    }

    /// The sentences of one goal: each entry's data sentences with the verdicts of its own
    /// targets, then the verdicts of each of the goal's shared targets, stated once for the
    /// goal and judged for each indicator it names. `only` picks the entries spoken of (a
    /// unit's report speaks of the indicators it reports).
    pub fn goal_sentences(
        &self,
        d: usize,
        goal: &Goal,
        only: &dyn Fn(IndicatorRef<'_>) -> bool,
    ) -> String {
        let entries: Vec<IndicatorRef<'_>> = self
            .catalog
            .entries()
            .filter(|r| r.domain_index == d && r.goal.number == goal.number)
            .filter(|r| only(*r))
            .collect();
        let mut text = String::new();
        for &r in &entries {
            let results: Vec<&TargetResult> =
                self.assessment.for_entry(r).filter(|x| x.applies).collect();
            text.push_str(&self.entry_sentences(r, &results, true));
        }
        // Shared targets quoting the same words (`城乡区域差距` as an urban–rural and a
        // regional gap) are one sentence.
        let mut said: Vec<usize> = Vec::new();
        for (j, spec) in goal.shared_targets.iter().enumerate() {
            if said.contains(&j) {
                continue;
            }
            let alike: Vec<usize> = (j..goal.shared_targets.len())
                .filter(|&k| {
                    k == j
                        || (spec.clause.is_some() && goal.shared_targets[k].clause == spec.clause)
                })
                .collect();
            said.extend(&alike);
            let items: Vec<(IndicatorRef<'_>, &TargetResult)> = alike
                .iter()
                .flat_map(|&k| {
                    entries.iter().flat_map(move |&r| {
                        self.assessment
                            .for_entry(r)
                            .filter(move |x| x.applies && x.shared == Some(k))
                            .map(move |x| (r, x))
                    })
                })
                .collect();
            text.push_str(&self.shared_sentence(&items));
        }
        text
    }

    /// One shared target's verdicts: `对规划“孕早期艾滋病、梅毒和乙肝检测率均达98%以上”的目标
    /// 逐项判定：艾滋病检测率为98.5%，已达标；梅毒检测率为97.2%，未达标，距目标仍差0.8个
    /// 百分点。` Empty without items.
    pub fn shared_sentence(&self, items: &[(IndicatorRef<'_>, &TargetResult)]) -> String {
        let Some((first, result)) = items.first() else {
            return String::new();
        };
        let target = &first.indicator.targets[result.target_index];
        let quote = target
            .clause
            .clone()
            .unwrap_or_else(|| target_text(self.catalog, target, first.indicator));
        let goal = if target.aspirational {
            "力争目标"
        } else {
            "目标"
        };
        let parts: Vec<String> = items
            .iter()
            .map(|(r, result)| self.shared_item(*r, result))
            .collect();
        format!("对规划“{quote}”的{goal}逐项判定：{}。", parts.join("；"))
    }

    /// One indicator's part of a shared target's sentence: `梅毒检测率为97.2%，未达标，距目标
    /// 仍差0.8个百分点`.
    fn shared_item(&self, r: IndicatorRef<'_>, result: &TargetResult) -> String {
        let ind = r.indicator;
        let target = &ind.targets[result.target_index];
        let p = Printed::of(ind);
        let name = measure_phrase(r, result);
        let Some(current) = &result.current else {
            return format!("{name}暂无数据");
        };
        let gap = matches!(result.measure, Measure::Gap { .. });
        let value = if gap {
            p.distance(current.value, 0.0)
        } else {
            p.value(current.value)
        };
        let mut text = format!("{name}为{value}");
        // A direction: how far it moved from the start, which is what it is judged on.
        if !gap
            && target.rule.is_directional()
            && let Some(start) = result.start.as_ref().filter(|s| s.year < current.year)
        {
            text.push('，');
            text.push_str(&p.change_since(current.value, start.value, start.year, 0.0));
        }
        if gap && let Some(start) = &result.start {
            text.push_str(&format!(
                "（{}年为{}）",
                start.year,
                p.distance(start.value, 0.0)
            ));
        }
        if let Some(reference) = &result.reference {
            let label = target
                .rule
                .reference()
                .map(|x| self.catalog.reference_label(x))
                .unwrap_or_default();
            text.push_str(&format!("（{label}为{}）", p.value(reference.value)));
        }
        text.push('，');
        text.push_str(result.verdict.label());
        let bound = (!target.rule.is_directional())
            .then(|| result.goalpost.map(|g| g.aim(current.value)))
            .flatten()
            .filter(|_| result.reference.is_none() || target.rule.reference().is_some());
        match (result.verdict, bound) {
            (Verdict::NotMet, Some(b)) => {
                text.push_str(&format!("，距目标仍差{}", p.distance(current.value, b)));
            }
            (Verdict::BasicallyMet, Some(b)) => {
                text.push_str(&format!("，与目标相差{}", p.distance(current.value, b)));
            }
            _ => {}
        }
        text
    }

    /// The data sentences of one indicator, then the verdict of each target that applies
    /// and its warnings.
    pub fn indicator_sentences(&self, r: IndicatorRef<'_>, results: &[&TargetResult]) -> String {
        self.entry_sentences(r, results, false)
    }

    /// [`Narrator::indicator_sentences`]; with `shared_apart`, the verdicts of shared
    /// targets are left to the goal's [`Narrator::shared_sentence`].
    fn entry_sentences(
        &self,
        r: IndicatorRef<'_>,
        results: &[&TargetResult],
        shared_apart: bool,
    ) -> String {
        let mut text = self.level_sentence(r);
        // The first verdict continues the level sentence when it has no breakdown clauses
        // (`…比2024年提高0.16岁，已连续5年提高…`); otherwise each is a sentence of its own.
        let mut joined = !text.contains("其中，");
        let mut warnings = String::new();
        let mut missing: Vec<&str> = Vec::new();
        for result in results {
            if shared_apart && result.shared.is_some() {
                warnings.push_str(&self.warning_clause(r, result));
                continue;
            }
            // A target on a breakdown without a value: say why, once per breakdown.
            if let (Measure::Breakdown { breakdown }, None) = (&result.measure, &result.current)
                && !missing.contains(&breakdown.as_str())
            {
                missing.push(breakdown);
                if text.ends_with('，') {
                    text.pop();
                    text.push('。');
                }
                text.push_str(&format!(
                    "{breakdown}{}{}。",
                    r.indicator.name,
                    self.missing_reason(r, Some(breakdown))
                ));
                joined = false;
            }
            if let Some(verdict) = self.verdict_clause(r, result) {
                if joined && text.ends_with('。') {
                    text.pop();
                    text.push('，');
                }
                text.push_str(&verdict);
                joined = false;
            }
            warnings.push_str(&self.warning_clause(r, result));
        }
        text.push_str(&warnings);
        text
    }

    /// `2025年，孕产妇死亡率为9.8/10万，比2024年降低5.8%。其中，城镇…；农村…。`
    fn level_sentence(&self, r: IndicatorRef<'_>) -> String {
        let ind = r.indicator;
        let p = Printed::of(ind);
        let year = self.year();
        let sexes = sex_pair(&ind.breakdowns);
        let value = |b: Option<&str>, y: i32| self.data.get(&ind.id, b, y).map(|o| o.value);
        if self.period {
            return self.period_sentence(r);
        }
        let mut text = match value(None, year) {
            Some(now) => {
                let mut s = format!("{year}年，{}", level_phrase(&ind.name, p, now));
                if let Some(change) = self.change_clause(p, |y| value(None, y)) {
                    s.push('，');
                    s.push_str(&change);
                }
                s
            }
            None => {
                let both = sexes.and_then(|(f, m)| value(Some(f), year).zip(value(Some(m), year)));
                match (sexes, both) {
                    (Some(_), Some((f, m))) => format!(
                        "{year}年，女性、男性{}分别为{}和{}",
                        ind.name,
                        p.value(f),
                        p.value(m)
                    ),
                    _ => format!("{year}年{}{}", ind.name, self.missing_reason(r, None)),
                }
            }
        };
        // The two sexes and their gap.
        if let Some((f, m)) = sexes
            && let (Some(fv), Some(mv)) = (value(Some(f), year), value(Some(m), year))
        {
            if value(None, year).is_some() {
                text.push_str(&format!(
                    "。其中，女性为{}，男性为{}",
                    p.value(fv),
                    p.value(mv)
                ));
            }
            text.push_str(&format!("，性别差为{}", p.distance(fv, mv)));
            if let (Some(fp), Some(mp)) = (value(Some(f), year - 1), value(Some(m), year - 1)) {
                let (gap, before) = (
                    (p.rounded(fv) - p.rounded(mv)).abs(),
                    (p.rounded(fp) - p.rounded(mp)).abs(),
                );
                text.push_str(&match p.change(gap, before, 0.0) {
                    Change::Flat | Change::BasicallyFlat => format!("，与{}年持平", year - 1),
                    Change::Down(_) => {
                        format!("，比{}年缩小{}", year - 1, p.distance(gap, before))
                    }
                    Change::Up(_) => format!("，比{}年扩大{}", year - 1, p.distance(gap, before)),
                });
            }
        }
        // Other breakdowns, each with its own change.
        let others: Vec<String> = ind
            .breakdowns
            .iter()
            .filter(|b| sexes.is_none_or(|(f, m)| b.as_str() != f && b.as_str() != m))
            .filter_map(|b| {
                let now = value(Some(b), year)?;
                let mut clause = format!("{b}{}", level_phrase(&ind.name, p, now));
                if let Some(change) = self.change_clause(p, |y| value(Some(b), y)) {
                    clause.push('，');
                    clause.push_str(&change);
                }
                Some(clause)
            })
            .collect();
        if !others.is_empty() {
            text.push_str(&format!("。其中，{}", others.join("；")));
        }
        text.push('。');
        text
    }

    /// The level sentence over the period: the total, the sexes, the other breakdowns, each
    /// from its first year to the report year.
    fn period_sentence(&self, r: IndicatorRef<'_>) -> String {
        let ind = r.indicator;
        let p = Printed::of(ind);
        let year = self.year();
        let value = |b: Option<&str>| self.data.get(&ind.id, b, year).map(|o| o.value);
        let sexes = sex_pair(&ind.breakdowns);
        let mut text = match value(None) {
            Some(now) => self.movement_over(&ind.name, p, self.first_year(&ind.id, None), now),
            None => match sexes.and_then(|(f, m)| value(Some(f)).zip(value(Some(m)))) {
                Some((f, m)) => format!(
                    "{year}年，女性、男性{}分别为{}和{}",
                    ind.name,
                    p.value(f),
                    p.value(m)
                ),
                None => format!("{year}年{}{}", ind.name, self.missing_reason(r, None)),
            },
        };
        let mut clauses = Vec::new();
        for b in &ind.breakdowns {
            let Some(now) = value(Some(b)) else { continue };
            let label = match sexes {
                Some((f, _)) if b == f => "女性",
                Some((_, m)) if b == m => "男性",
                _ => b,
            };
            let first = self.first_year(&ind.id, Some(b));
            clauses.push(self.movement_over(&format!("{label}{}", ind.name), p, first, now));
        }
        if let Some((f, m)) = sexes
            && let (Some(fv), Some(mv)) = (value(Some(f)), value(Some(m)))
            && !ind.targets.iter().any(|t| t.rule.gap().is_some())
        {
            clauses.push(format!("性别差为{}", p.distance(fv, mv)));
        }
        if !clauses.is_empty() && (value(None).is_some() || sexes.is_none()) {
            text.push_str(&format!("。其中，{}", clauses.join("；")));
        }
        text.push('。');
        text
    }

    /// The change from the year before, else from the baseline: `比2024年下降0.4个千分点`.
    fn change_clause(&self, p: Printed, value: impl Fn(i32) -> Option<f64>) -> Option<String> {
        let year = self.year();
        let now = value(year)?;
        let base_year = self.catalog.plan.baseline_year;
        let (before, since) = match value(year - 1) {
            Some(before) => (before, year - 1),
            None if year - 1 > base_year => (value(base_year)?, base_year),
            None => return None,
        };
        Some(p.change_since(now, before, since, self.flat()))
    }

    /// Why there is no value: the return's own words, a form without it, or no form.
    fn missing_reason(&self, r: IndicatorRef<'_>, breakdown: Option<&str>) -> String {
        let ind = r.indicator;
        let year = self.year();
        if let Some(gap) = self.data.gap(&ind.id, breakdown, year) {
            format!("暂无数据（{}报表注明“{}”）", ind.reporter, gap.mark)
        } else if self.data.submitted(&ind.reporter, year) {
            format!("暂无数据（{}报表中未填报）", ind.reporter)
        } else {
            format!("暂无数据（{}未报送{year}年报表）", ind.reporter)
        }
    }

    /// The verdict of one target in words that quote the plan's target, varied by case;
    /// `None` when there is nothing to say (no data: the level sentence says why). A target
    /// on one breakdown starts with it: `农村距规划“85%以上”的目标仍差1.0个百分点。`
    pub fn verdict_clause(&self, r: IndicatorRef<'_>, result: &TargetResult) -> Option<String> {
        let words = self.verdict_words(r, result)?;
        Some(match result.measure.breakdown() {
            Some(breakdown) => format!("{breakdown}{words}"),
            None => words,
        })
    }

    fn verdict_words(&self, r: IndicatorRef<'_>, result: &TargetResult) -> Option<String> {
        let ind = r.indicator;
        let target = &ind.targets[result.target_index];
        let p = Printed::of(ind);
        let current = result.current.as_ref()?;
        let wording = target_text(self.catalog, target, ind);
        let (goal, quoted) = if target.aspirational {
            ("力争目标", wording.trim_start_matches("力争").to_string())
        } else {
            ("目标", wording)
        };
        let plan = format!("规划“{quoted}”的{goal}");
        let start = result.start.as_ref();
        let since = |s: &Point| s.year;
        let progress = || -> Option<String> {
            let progress = result.progress.as_ref()?;
            let share = progress.progress?;
            Some(
                format!(
                    "已完成{plan}进度的{}，{}{}的时间进度",
                    percent(share * 100.0),
                    match result.verdict {
                        Verdict::Ahead => "快于",
                        Verdict::OnTrack => "与",
                        _ => "慢于",
                    },
                    percent(progress.elapsed * 100.0)
                ) + if result.verdict == Verdict::OnTrack {
                    "基本同步"
                } else {
                    ""
                },
            )
        };
        let now = current.value;
        let clause = match (&target.rule, &result.measure) {
            (_, Measure::Gap { a, b }) => {
                let s = start?;
                let sexes = sex_pair(&ind.breakdowns).is_some_and(|(f, m)| {
                    [f, m].contains(&a.as_str()) && [f, m].contains(&b.as_str())
                });
                let words = match p.change(now, s.value, 0.0) {
                    Change::Flat | Change::BasicallyFlat => format!("与{}年持平", s.year),
                    Change::Down(_) => format!(
                        "比{}年的{}缩小{}",
                        s.year,
                        p.distance(s.value, 0.0),
                        p.distance(now, s.value)
                    ),
                    Change::Up(_) => format!(
                        "比{}年的{}扩大{}",
                        s.year,
                        p.distance(s.value, 0.0),
                        p.distance(now, s.value)
                    ),
                };
                // The sexes' gap was given with the levels; an urban–rural gap is new here.
                let moved = if sexes {
                    format!("性别差{words}")
                } else if let Some(regions) = &target.regions {
                    format!(
                        "{regions}间差距（最高与最低之差）为{}，{words}",
                        p.distance(now, 0.0)
                    )
                } else {
                    format!("{a}与{b}差距为{}，{words}", p.distance(now, 0.0))
                };
                match result.verdict {
                    Verdict::Met => format!("{moved}，实现{plan}"),
                    Verdict::NotMet | Verdict::BasicallyMet => format!("{moved}，未实现{plan}"),
                    Verdict::OnTrack | Verdict::Ahead | Verdict::MetEarly => moved,
                    Verdict::Lagging => format!("{moved}，尚未体现{plan}要求"),
                    Verdict::Regressing => format!("{moved}，与{plan}要求相反"),
                    Verdict::NoData => return None,
                }
            }
            (Rule::Increase | Rule::Decrease, Measure::Level | Measure::Breakdown { .. }) => {
                let s = start?;
                let (up, down) = p.verbs();
                let streak = self.streak(r, &target.rule, result.measure.breakdown());
                let moved = match p.change(now, s.value, 0.0) {
                    Change::Flat | Change::BasicallyFlat => format!("与{}年持平", since(s)),
                    Change::Up(amount) => format!("比{}年{up}{amount}", since(s)),
                    Change::Down(amount) => format!("比{}年{down}{amount}", since(s)),
                };
                let moved = if streak >= 3 {
                    let verb = if matches!(target.rule, Rule::Increase) {
                        up
                    } else {
                        down
                    };
                    format!(
                        "已连续{streak}年{verb}，{}",
                        moved.replacen('年', "年累计", 1)
                    )
                } else {
                    moved
                };
                if self.period {
                    // The level sentence already runs from the start: judge only.
                    return match result.verdict {
                        Verdict::Met => Some(format!("实现{plan}。")),
                        Verdict::NotMet | Verdict::BasicallyMet => Some(format!("未实现{plan}。")),
                        Verdict::Lagging => Some(format!("尚未体现{plan}要求。")),
                        Verdict::Regressing => Some(format!("与{plan}要求相反。")),
                        Verdict::OnTrack | Verdict::Ahead | Verdict::MetEarly | Verdict::NoData => {
                            None
                        }
                    };
                }
                match result.verdict {
                    // The movement says it: a direction met needs no formula of its own.
                    Verdict::Met | Verdict::OnTrack | Verdict::Ahead | Verdict::MetEarly => {
                        // Compared with the year before already; say the longer view only.
                        if s.year == self.year() - 1 && streak < 3 {
                            return None;
                        }
                        moved
                    }
                    Verdict::NotMet | Verdict::BasicallyMet => format!("{moved}，未实现{plan}"),
                    Verdict::Lagging => format!("{moved}，尚未体现{plan}要求"),
                    Verdict::Regressing => format!("{moved}，与{plan}要求相反"),
                    Verdict::NoData => return None,
                }
            }
            (Rule::Maintain, Measure::Level | Measure::Breakdown { .. }) => {
                let s = start?;
                match result.verdict {
                    Verdict::Met | Verdict::OnTrack | Verdict::Ahead | Verdict::MetEarly => {
                        format!(
                            "与{}年的{}相比变化不大，符合{plan}",
                            s.year,
                            p.value(s.value)
                        )
                    }
                    Verdict::NoData => return None,
                    _ => format!(
                        "与{}年的{}相比{}，超出“保持稳定”的范围",
                        s.year,
                        p.value(s.value),
                        p.change_since(now, s.value, s.year, 0.0)
                            .trim_start_matches(&format!("比{}年", s.year))
                    ),
                }
            }
            (
                Rule::About { .. } | Rule::Between { .. },
                Measure::Level | Measure::Breakdown { .. },
            ) => match result.verdict {
                Verdict::Met | Verdict::MetEarly => format!("处于{plan}范围内"),
                Verdict::BasicallyMet => format!("接近{plan}范围，基本实现目标"),
                Verdict::NotMet => format!("偏离{plan}范围"),
                Verdict::Ahead | Verdict::OnTrack | Verdict::Lagging => progress()?,
                Verdict::Regressing => format!("与{}年相比偏离{plan}更远", start?.year),
                Verdict::NoData => return None,
            },
            (
                Rule::AtMost { .. }
                | Rule::AtLeast { .. }
                | Rule::Below { .. }
                | Rule::Above { .. }
                | Rule::BetterThanReference { .. }
                | Rule::DecreaseBy { .. }
                | Rule::IncreaseBy { .. }
                | Rule::GapNarrows { .. },
                Measure::Level | Measure::Breakdown { .. },
            ) => {
                let bound = result.goalpost.map(|g| g.aim(now));
                let reference = result.reference.as_ref().map(|point| {
                    format!(
                        "（{}为{}）",
                        target
                            .rule
                            .reference()
                            .map(|r| self.catalog.reference_label(r))
                            .unwrap_or_default(),
                        p.value(point.value)
                    )
                });
                let relative = target
                    .rule
                    .relative_bound(result.baseline.as_ref().map_or(f64::NAN, |b| b.value))
                    .filter(|b| b.is_finite())
                    .map(|b| {
                        let side = if matches!(target.rule, Rule::DecreaseBy { .. }) {
                            "以下"
                        } else {
                            "以上"
                        };
                        format!("（即{}{side}）", p.value(b))
                    });
                let plan = format!(
                    "{plan}{}{}",
                    relative.unwrap_or_default(),
                    reference.unwrap_or_default()
                );
                match result.verdict {
                    Verdict::Met => match bound {
                        Some(b) if p.rounded(now) == p.rounded(b) => format!("达到{plan}"),
                        _ => format!("实现{plan}"),
                    },
                    Verdict::MetEarly => format!("已提前实现{plan}"),
                    Verdict::BasicallyMet => match bound {
                        Some(b) => format!("与{plan}相差{}，基本实现目标", p.distance(now, b)),
                        None => format!("基本实现{plan}"),
                    },
                    Verdict::NotMet => match bound {
                        Some(b) => format!("距{plan}仍差{}", p.distance(now, b)),
                        None => format!("未实现{plan}"),
                    },
                    Verdict::Ahead | Verdict::OnTrack | Verdict::Lagging => progress()?,
                    Verdict::Regressing => {
                        let s = start?;
                        match result.progress.as_ref().and_then(|x| x.progress) {
                            None => format!("{}年曾达到{plan}，{}年未能保持", s.year, current.year),
                            Some(_) => format!(
                                "与{}年的{}相比出现倒退，距{plan}更远",
                                s.year,
                                p.value(s.value)
                            ),
                        }
                    }
                    Verdict::NoData => return None,
                }
            }
        };
        Some(format!("{clause}。"))
    }

    /// How many years in a row, up to the report year, the indicator moved the way `rule`
    /// wants (at the printed precision).
    fn streak(&self, r: IndicatorRef<'_>, rule: &Rule, breakdown: Option<&str>) -> usize {
        let ind = r.indicator;
        let p = Printed::of(ind);
        let mut years = 0;
        let mut year = self.year();
        while let (Some(now), Some(before)) = (
            self.data.get(&ind.id, breakdown, year),
            self.data.get(&ind.id, breakdown, year - 1),
        ) {
            let diff = p.rounded(now.value) - p.rounded(before.value);
            let wanted = match rule {
                Rule::Increase => diff > 0.0,
                _ => diff < 0.0,
            };
            if !wanted {
                break;
            }
            years += 1;
            year -= 1;
        }
        years
    }

    /// The early warnings of one result, each with the years and figures behind it.
    /// A warning on a breakdown or a gap names it (`最低的乡镇（街道）适龄儿童免疫规划疫苗接种率
    /// 2024、2025年连续无数据`); one on the indicator itself does not.
    pub fn warning_clause(&self, r: IndicatorRef<'_>, result: &TargetResult) -> String {
        let p = Printed::of(r.indicator);
        let subject = match result.measure {
            Measure::Level => String::new(),
            Measure::Breakdown { .. } | Measure::Gap { .. } => measure_phrase(r, result),
        };
        let mut text = String::new();
        for warning in &result.warnings {
            match warning {
                Warning::HardToReach { projected } => {
                    let first = result.start.as_ref().map_or(result.judged_year, |s| s.year);
                    text.push_str(&format!(
                        "按{first}—{}年的趋势推算，{subject}{}年预计为{}，如期实现目标有难度（预警）。",
                        result.judged_year,
                        result.target_year,
                        p.value(*projected)
                    ));
                }
                Warning::Volatile {
                    largest_change,
                    year,
                    from,
                    to,
                } => text.push_str(&format!(
                    "{subject}{year}年由{}年的{}变为{}，变动{}，波动较大（预警）。",
                    year - 1,
                    p.value(*from),
                    p.value(*to),
                    percent(largest_change * 100.0)
                )),
                Warning::MissingYears { years } => text.push_str(&format!(
                    "{}{}年连续无数据（预警）。",
                    if subject.is_empty() {
                        "该指标"
                    } else {
                        &subject
                    },
                    years
                        .iter()
                        .map(|y| y.to_string())
                        .collect::<Vec<_>>()
                        .join("、")
                )),
                // The level sentence already says it fell against the year before.
                Warning::WorseThanPrevious => {}
            }
        }
        text
    }
}

/// The two breakdowns that are the sexes (`女`/`男` or `女性`/`男性`), if both are there.
fn sex_pair(breakdowns: &[String]) -> Option<(&str, &str)> {
    let find = |names: [&str; 2]| {
        breakdowns
            .iter()
            .find(|b| names.contains(&b.as_str()))
            .map(String::as_str)
    };
    find(["女", "女性"]).zip(find(["男", "男性"]))
}

/// `孕产妇死亡率为9.8/10万`; a per-thousand figure without 为 and without the trailing 数
/// of its name: `每千人口执业（助理）医师0.78名`.
fn level_phrase(name: &str, p: Printed, value: f64) -> String {
    match p.unit {
        crate::catalog::Unit::PerThousandPeople(_) => {
            let stem = name
                .strip_suffix("数量")
                .or_else(|| name.strip_suffix('数'))
                .unwrap_or(name);
            format!("{stem}{}", p.value(value))
        }
        _ => format!("{name}为{}", p.value(value)),
    }
}

/// What a result measures, as the subject of a sentence: `婴儿死亡率`, `农村婴儿死亡率`,
/// `婴儿死亡率城镇与农村差距`, `婴儿死亡率县（市、区）间差距`.
pub fn measure_phrase(r: IndicatorRef<'_>, result: &TargetResult) -> String {
    let name = &r.indicator.name;
    let target = &r.indicator.targets[result.target_index];
    match (&result.measure, &target.regions) {
        (Measure::Level, _) => name.clone(),
        (Measure::Breakdown { breakdown }, _) => format!("{breakdown}{name}"),
        (Measure::Gap { .. }, Some(regions)) => format!("{name}{regions}间差距"),
        (Measure::Gap { a, b }, None) => format!("{name}{a}与{b}差距"),
    }
}

/// The display name of what a result measures: the indicator, one of its breakdowns, or
/// the gap between two of them.
pub fn measure_name(r: IndicatorRef<'_>, result: &TargetResult) -> String {
    let target = &r.indicator.targets[result.target_index];
    match (&result.measure, &target.regions) {
        (Measure::Level, _) => r.indicator.name.clone(),
        (Measure::Breakdown { breakdown }, _) => format!("{}（{breakdown}）", r.indicator.name),
        (Measure::Gap { .. }, Some(regions)) => format!("{}（{regions}间差距）", r.indicator.name),
        (Measure::Gap { a, b }, None) => format!("{}（{a}与{b}差距）", r.indicator.name),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::assess::{Method, assess};
    use crate::intake::{DataSet, Observation, Source, Submission};

    /// A plan 2021–2025 (baseline 2020) with one indicator `x` (`unit`, `breakdowns`) and
    /// the given target lines.
    fn plan(name: &str, unit: &str, extra: &str, targets: &str) -> Catalog {
        let text = format!(
            "plan:\n  title: 测试规划\n  locality: 测试市\n  subject: women\n  start_year: 2021\n  end_year: 2025\n  baseline_year: 2020\nunits:\n  - name: 市卫生健康委\ndomains:\n  - id: d\n    name: 妇女与健康\n    goals:\n      - number: 1\n        text: 目标\n        indicators:\n          - id: x\n            name: {name}\n            unit: \"{unit}\"\n            reporter: 市卫生健康委\n{extra}            targets:\n{targets}"
        );
        crate::catalog::parse(&text, Path::new("t.yaml"))
            .unwrap_or_else(|e| panic!("{e}\n{text}"))
            .catalog
    }

    fn data(values: &[(Option<&str>, i32, f64)]) -> DataSet {
        let mut data = DataSet::default();
        for (breakdown, year, value) in values {
            data.insert(
                "x",
                *breakdown,
                *year,
                Observation {
                    value: *value,
                    source: Source::Stated { note: "t".into() },
                },
            );
        }
        data
    }

    /// The sentences about `x` in `year`.
    fn sentences(catalog: &Catalog, data: &DataSet, year: i32, method: Method) -> String {
        let assessment = assess(catalog, data, year, method);
        let narrator = Narrator::new(catalog, data, &assessment);
        let r = catalog.indicator("x").unwrap();
        let results: Vec<&TargetResult> = assessment
            .for_indicator("x")
            .filter(|x| x.applies)
            .collect();
        narrator.indicator_sentences(r, &results)
    }

    fn series(values: &[f64]) -> Vec<(Option<&'static str>, i32, f64)> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| (None, 2020 + i as i32, *v))
            .collect()
    }

    fn at_most(v: &str) -> String {
        format!("              - comparator: at_most\n                value: {v}\n")
    }

    fn at_least(v: &str) -> String {
        format!("              - comparator: at_least\n                value: {v}\n")
    }

    /// (what it shows, name, unit, extra keys, targets, values, year, expected).
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        String,
        Vec<(Option<&'static str>, i32, f64)>,
        i32,
        &'static str,
    );

    /// Every form of the sentences.
    #[test]
    fn sentences_in_nbs_grammar() {
        let m = Method::default();
        let increase = "              - comparator: increase\n";
        let gap =
            "              - comparator: gap_narrows\n                between: [城镇, 农村]\n";
        let sexes_gap =
            "              - comparator: gap_narrows\n                between: [女, 男]\n";
        let table: Vec<Case> = vec![
            (
                "‰ in points, met, the comparison year named",
                "婴儿死亡率",
                "‰",
                "",
                at_most("5"),
                series(&[5.4, 5.1, 4.8, 4.5, 4.4, 4.0]),
                2025,
                "2025年，婴儿死亡率为4.0‰，比2024年下降0.4个千分点，实现规划“5‰以下”的目标。",
            ),
            (
                "% with its trailing zero, met exactly at the bound",
                "学前教育毛入园率",
                "%",
                "",
                at_least("92"),
                series(&[88.0, 89.5, 90.1, 90.8, 91.1, 92.0]),
                2025,
                "2025年，学前教育毛入园率为92.0%，比2024年提高0.9个百分点，达到规划“92%以上”的目标。",
            ),
            (
                "1/10万 relative, not met with the distance",
                "孕产妇死亡率",
                "1/10万",
                "",
                at_most("12"),
                series(&[15.8, 15.2, 14.9, 14.6, 15.1, 14.3]),
                2025,
                "2025年，孕产妇死亡率为14.3/10万，比2024年降低5.3%，距规划“12/10万以下”的目标仍差2.3/10万。",
            ),
            (
                "basically met: the distance and the tolerance",
                "高中阶段毛入学率",
                "%",
                "",
                at_least("98"),
                series(&[93.8, 94.4, 94.7, 95.4, 96.0, 96.4]),
                2025,
                "2025年，高中阶段毛入学率为96.4%，比2024年提高0.4个百分点，与规划“98%以上”的目标相差1.6个百分点，基本实现目标。",
            ),
            (
                "unchanged at the printed precision is 持平",
                "孕产妇死亡率",
                "1/10万",
                "",
                at_most("20"),
                series(&[13.0, 12.9, 12.8, 12.7, 12.52, 12.46]),
                2025,
                "2025年，孕产妇死亡率为12.5/10万，与2024年持平，实现规划“20/10万以下”的目标。",
            ),
            (
                "a change computed from the printed levels",
                "宫颈癌筛查率",
                "%",
                "",
                at_least("50"),
                series(&[40.0, 41.0, 42.0, 43.0, 10.14, 10.26]),
                2025,
                "2025年，宫颈癌筛查率为10.3%，比2024年提高0.2个百分点，距规划“50%以上”的目标仍差39.7个百分点。2024年由2023年的43.0%变为10.1%，变动76.4%，波动较大（预警）。",
            ),
            (
                "before the year: met early",
                "住院分娩率",
                "%",
                "",
                at_least("99"),
                series(&[98.6, 99.0, 99.2, 99.5]),
                2023,
                "2023年，住院分娩率为99.5%，比2022年提高0.3个百分点，已提前实现规划“99%以上”的目标。",
            ),
            (
                "before the year: progress against time",
                "宫颈癌筛查率",
                "%",
                "",
                at_least("70"),
                series(&[55.0, 58.0, 61.0, 65.7]),
                2023,
                "2023年，宫颈癌筛查率为65.7%，比2022年提高4.7个百分点，已完成规划“70%以上”的目标进度的71.3%，与60.0%的时间进度基本同步。",
            ),
            (
                "before the year: lagging, and the projection at the printed precision",
                "高中阶段毛入学率",
                "%",
                "",
                at_least("98"),
                series(&[93.8, 94.4, 94.7, 95.4]),
                2023,
                "2023年，高中阶段毛入学率为95.4%，比2022年提高0.7个百分点，已完成规划“98%以上”的目标进度的38.1%，慢于60.0%的时间进度。按2020—2023年的趋势推算，2025年预计为96.4%，如期实现目标有难度（预警）。",
            ),
            (
                "before the year: regressing from the start",
                "宫颈癌筛查率",
                "%",
                "",
                at_least("70"),
                series(&[55.0, 54.0, 53.0, 52.1]),
                2023,
                "2023年，宫颈癌筛查率为52.1%，比2022年下降0.9个百分点，与2020年的55.0%相比出现倒退，距规划“70%以上”的目标更远。按2020—2023年的趋势推算，2025年预计为50.1%，如期实现目标有难度（预警）。",
            ),
            (
                "a share cannot exceed 100%: 达到100%",
                "覆盖率",
                "%",
                "",
                at_least("100"),
                series(&[96.0, 97.0, 98.0, 99.0, 99.5, 100.0]),
                2025,
                "2025年，覆盖率为100.0%，比2024年提高0.5个百分点，达到规划“达到100%”的目标。",
            ),
            (
                "a direction met: the movement says it, with the streak",
                "女性人均预期寿命",
                "岁",
                "",
                increase.to_string(),
                series(&[80.12, 80.33, 80.56, 80.68, 80.9, 81.06]),
                2025,
                "2025年，女性人均预期寿命为81.06岁，比2024年提高0.16岁，已连续5年提高，比2020年累计提高0.94岁。",
            ),
            (
                "a direction missed",
                "职业院校在校生中女生比例",
                "%",
                "",
                increase.to_string(),
                series(&[42.8, 42.5, 42.2, 42.3, 42.1, 41.9]),
                2025,
                "2025年，职业院校在校生中女生比例为41.9%，比2024年下降0.2个百分点，比2020年下降0.9个百分点，未实现规划“逐步提高”的目标。",
            ),
            (
                "a direction flat before its year",
                "职业院校在校生中女生比例",
                "%",
                "",
                increase.to_string(),
                series(&[42.8, 42.5, 42.6, 42.8]),
                2023,
                "2023年，职业院校在校生中女生比例为42.8%，比2022年提高0.2个百分点，与2020年持平，尚未体现规划“逐步提高”的目标要求。",
            ),
            (
                "a relative target states its bound",
                "儿童伤害死亡率",
                "1/10万",
                "",
                "              - comparator: decrease_by\n                value: 20\n".to_string(),
                series(&[12.5, 12.0, 11.4, 10.9, 10.3, 9.8]),
                2025,
                "2025年，儿童伤害死亡率为9.8/10万，比2024年降低4.9%，实现规划“较2020年下降20%以上”的目标（即10.0/10万以下）。",
            ),
            (
                "左右: inside the band",
                "居委会成员中女性比例",
                "%",
                "",
                "              - comparator: about\n                value: 50\n".to_string(),
                series(&[48.0, 49.2, 50.6, 51.0, 50.2, 50.6]),
                2025,
                "2025年，居委会成员中女性比例为50.6%，比2024年提高0.4个百分点，处于规划“50%左右”的目标范围内。",
            ),
            (
                "people counted in 万人 and 亿人",
                "参保人数",
                "人",
                "",
                increase.to_string(),
                series(&[
                    480_000_000.0,
                    482_000_000.0,
                    485_000_000.0,
                    487_000_000.0,
                    481_794_000.0,
                    490_000_000.0,
                ]),
                2025,
                "2025年，参保人数为4.9亿人，比2024年增加820.6万人，比2020年增加1000.0万人。",
            ),
            (
                "a per-thousand figure reads naturally",
                "每千人口执业（助理）医师数",
                "名/千人",
                "",
                increase.to_string(),
                series(&[0.64, 0.66, 0.7, 0.72, 0.75, 0.78]),
                2025,
                "2025年，每千人口执业（助理）医师0.78名，比2024年增加0.03名，已连续5年增加，比2020年累计增加0.14名。",
            ),
            (
                "urban and rural, each with its own change, then the gap",
                "孕产妇死亡率",
                "1/10万",
                "            breakdowns: [城镇, 农村]\n",
                at_most("20") + gap,
                vec![
                    (None, 2020, 16.0),
                    (Some("城镇"), 2020, 12.0),
                    (Some("农村"), 2020, 19.0),
                    (None, 2024, 15.1),
                    (Some("城镇"), 2024, 12.5),
                    (Some("农村"), 2024, 17.0),
                    (None, 2025, 14.3),
                    (Some("城镇"), 2025, 12.5),
                    (Some("农村"), 2025, 15.9),
                ],
                2025,
                "2025年，孕产妇死亡率为14.3/10万，比2024年降低5.3%。其中，城镇孕产妇死亡率为12.5/10万，与2024年持平；农村孕产妇死亡率为15.9/10万，比2024年降低6.5%。实现规划“20/10万以下”的目标。城镇与农村差距为3.4/10万，比2020年的7.0/10万缩小3.6/10万，实现规划“城镇与农村差距缩小”的目标。",
            ),
            (
                "the two sexes and their gap",
                "具备科学素质的比例",
                "%",
                "            breakdowns: [女, 男]\n",
                sexes_gap.to_string(),
                vec![
                    (Some("女"), 2020, 6.2),
                    (Some("男"), 2020, 11.9),
                    (Some("女"), 2024, 8.4),
                    (Some("男"), 2024, 13.7),
                    (Some("女"), 2025, 8.7),
                    (Some("男"), 2025, 12.5),
                ],
                2025,
                "2025年，女性、男性具备科学素质的比例分别为8.7%和12.5%，性别差为3.8个百分点，比2024年缩小1.5个百分点，性别差比2020年的5.7个百分点缩小1.9个百分点，实现规划“女与男差距缩小”的目标。",
            ),
            (
                "no data, with the reason",
                "孕产妇死亡率",
                "1/10万",
                "",
                at_most("12"),
                series(&[15.0, 14.0]),
                2025,
                "2025年孕产妇死亡率暂无数据（市卫生健康委未报送2025年报表）。该指标2024、2025年连续无数据（预警）。",
            ),
        ];
        let mut failures = Vec::new();
        // 基本持平 when the method sets a threshold.
        let flat = Method {
            flat_relative: 0.005,
            ..Method::default()
        };
        let got = sentences(
            &plan("住院分娩率", "%", "", &at_least("99")),
            &data(&series(&[99.6, 99.7, 99.7, 99.8, 99.7, 99.8])),
            2025,
            flat,
        );
        let want = "2025年，住院分娩率为99.8%，与2024年基本持平，实现规划“99%以上”的目标。";
        if got != want {
            failures.push(format!("基本持平:\n  want {want}\n  got  {got}"));
        }
        // No volatility between tiny counts: 1 → 2 persons.
        let got = sentences(
            &plan("孕产妇死亡人数", "人", "", &at_most("5")),
            &data(&series(&[3.0, 2.0, 2.0, 1.0, 1.0, 2.0])),
            2025,
            m,
        );
        let want = "2025年，孕产妇死亡人数为2人，比2024年增加1人，实现规划“5人以下”的目标。";
        if got != want {
            failures.push(format!("tiny counts:\n  want {want}\n  got  {got}"));
        }
        for (what, name, unit, extra, targets, values, year, want) in table {
            let got = sentences(&plan(name, unit, extra, &targets), &data(&values), year, m);
            if got != want {
                failures.push(format!("{what}:\n  want {want}\n  got  {got}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Why a value is missing: the return's own words, a form without it, no form.
    #[test]
    fn missing_values_say_why() {
        let catalog = plan("孕产妇死亡率", "1/10万", "", &at_most("12"));
        let mut d = data(&series(&[15.0, 14.0, 13.0, 12.0, 11.0]));
        d.submissions.push(Submission {
            year: 2025,
            file: "2025/市卫生健康委.xlsx".into(),
            unit: Some("市卫生健康委".into()),
            date: None,
        });
        let got = sentences(&catalog, &d, 2025, Method::default());
        assert_eq!(
            got,
            "2025年孕产妇死亡率暂无数据（市卫生健康委报表中未填报）。"
        );
        d.gaps.insert(
            ("x".into(), None, 2025),
            crate::intake::Gap {
                indicator: "x".into(),
                breakdown: None,
                year: 2025,
                mark: "数据暂缺".into(),
                cell: crate::diag::CellRef::new("2025/市卫生健康委.xlsx", "监测数据", 5, 4),
            },
        );
        let got = sentences(&catalog, &d, 2025, Method::default());
        assert_eq!(
            got,
            "2025年孕产妇死亡率暂无数据（市卫生健康委报表注明“数据暂缺”）。"
        );
    }
}

#[cfg(test)]
mod forms_tests {
    use std::path::Path;

    use super::*;
    use crate::assess::{Method, assess};
    use crate::intake::{Observation, Source};

    /// The five forms in words: `catalog::forms_tests`'s plan with a few values, 2025.
    pub(crate) fn forms_paragraphs() -> Vec<Vec<String>> {
        let catalog =
            crate::catalog::parse(crate::catalog::forms_tests::FORMS, Path::new("forms.yaml"))
                .unwrap()
                .catalog;
        let mut data = DataSet::default();
        let values: &[(&str, Option<&str>, i32, f64)] = &[
            ("nmr", None, 2020, 3.2),
            ("nmr", None, 2024, 2.9),
            ("nmr", None, 2025, 2.8),
            ("nmr", Some("城镇"), 2020, 2.4),
            ("nmr", Some("农村"), 2020, 3.6),
            ("nmr", Some("城镇"), 2025, 2.3),
            ("nmr", Some("农村"), 2025, 3.1),
            ("nmr", Some("最高的县（市、区）"), 2020, 4.6),
            ("nmr", Some("最低的县（市、区）"), 2020, 1.9),
            ("nmr", Some("最高的县（市、区）"), 2025, 3.9),
            ("nmr", Some("最低的县（市、区）"), 2025, 1.8),
            ("imr", None, 2020, 5.6),
            ("imr", None, 2024, 5.2),
            ("imr", None, 2025, 5.3),
            ("imr", Some("城镇"), 2020, 4.9),
            ("imr", Some("农村"), 2020, 6.0),
            ("imr", Some("城镇"), 2025, 4.6),
            ("imr", Some("农村"), 2025, 6.0),
            ("vaccination", None, 2024, 98.8),
            ("vaccination", None, 2025, 99.1),
            ("vaccination", Some("最低的乡镇（街道）"), 2024, 93.5),
            ("vaccination", Some("最低的乡镇（街道）"), 2025, 94.1),
            ("parent_school", Some("城市"), 2024, 94.0),
            ("parent_school", Some("农村"), 2024, 80.0),
            ("parent_school", Some("城市"), 2025, 96.2),
            ("parent_school", Some("农村"), 2025, 82.5),
        ];
        for (id, b, y, v) in values {
            data.insert(
                id,
                *b,
                *y,
                Observation {
                    value: *v,
                    source: Source::Stated { note: "t".into() },
                },
            );
        }
        let assessment = assess(&catalog, &data, 2025, Method::default());
        let narrator = Narrator::new(&catalog, &data, &assessment);
        (0..catalog.domains.len())
            .map(|d| narrator.domain_section(d).paragraphs)
            .collect()
    }

    #[test]
    fn each_form_is_worded() {
        let got = forms_paragraphs();
        let want: Vec<Vec<&str>> = vec![
            vec![
                // Shared targets once for the goal, judged for each indicator; the regional
                // gap between the highest and the lowest county.
                "2025年，新生儿死亡率为2.8‰，比2024年下降0.1个千分点。其中，城镇新生儿死亡率为2.3‰，比2020年下降0.1个千分点；农村新生儿死亡率为3.1‰，比2020年下降0.5个千分点；最高的县（市、区）新生儿死亡率为3.9‰，比2020年下降0.7个千分点；最低的县（市、区）新生儿死亡率为1.8‰，比2020年下降0.1个千分点。实现规划“3‰以下”的目标。2025年，婴儿死亡率为5.3‰，比2024年提高0.1个千分点。其中，城镇婴儿死亡率为4.6‰，比2020年下降0.3个千分点；农村婴儿死亡率为6.0‰，与2020年持平。距规划“5‰以下”的目标仍差0.3个千分点。婴儿死亡率县（市、区）间差距2024、2025年连续无数据（预警）。对规划“城乡差距缩小”的目标逐项判定：新生儿死亡率城镇与农村差距为0.8个千分点（2020年为1.2个千分点），已达标；婴儿死亡率城镇与农村差距为1.4个千分点（2020年为1.1个千分点），未达标。对规划“区域差距缩小”的目标逐项判定：新生儿死亡率县（市、区）间差距为2.1个千分点（2020年为2.7个千分点），已达标；婴儿死亡率县（市、区）间差距暂无数据。",
                // Every township: the lowest one's value against the minimum.
                "2025年，适龄儿童免疫规划疫苗接种率为99.1%，比2024年提高0.3个百分点。其中，最低的乡镇（街道）适龄儿童免疫规划疫苗接种率为94.1%，比2024年提高0.6个百分点。最低的乡镇（街道）与规划“各乡镇（街道）均在95%以上”的目标相差0.9个百分点，基本实现目标。",
            ],
            vec![
                // A target on each breakdown.
                "2025年建立家长学校的社区比例暂无数据（市妇联未报送2025年报表）。其中，城市建立家长学校的社区比例为96.2%，比2024年提高2.2个百分点；农村建立家长学校的社区比例为82.5%，比2024年提高2.5个百分点。城市实现规划“95%以上”的目标。农村距规划“85%以上”的目标仍差2.5个百分点。",
                // The repeat under its second goal: the same values, its own target.
                "2025年，婴儿死亡率为5.3‰，比2024年提高0.1个千分点。其中，城镇婴儿死亡率为4.6‰，比2020年下降0.3个千分点；农村婴儿死亡率为6.0‰，与2020年持平。比2020年下降0.3个千分点。",
            ],
        ];
        assert_eq!(got, want);
    }
}
