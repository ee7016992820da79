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
use crate::catalog::{Catalog, Direction, IndicatorRef, Rule, chinese_numeral};
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
}

impl<'a> Narrator<'a> {
    pub fn new(catalog: &'a Catalog, data: &'a DataSet, assessment: &'a Assessment) -> Self {
        Narrator {
            catalog,
            data,
            assessment,
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
        for r in catalog.indicators().filter(|r| r.domain_index == d) {
            let results: Vec<&TargetResult> = self
                .assessment
                .for_indicator(&r.indicator.id)
                .filter(|x| x.applies)
                .collect();
            charts.extend(chart::trends(catalog, self.data, r, self.year()));
            let text = self.indicator_sentences(r, &results);
            match paragraphs.last_mut() {
                Some((goal, paragraph)) if *goal == r.goal.number => paragraph.push_str(&text),
                _ => paragraphs.push((r.goal.number, text)),
            }
            for result in &results {
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
        for r in self.catalog.indicators().filter(|r| r.domain_index == d) {
            let ind = r.indicator;
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
                .or_else(|| self.data.get(&ind.id, None, self.catalog.plan.baseline_year))
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
        let predicate = if better * 4 >= compared * 3 && worse == 0 {
            "持续改善"
        } else if better * 2 >= compared {
            "总体向好"
        } else if worse > better {
            "部分指标有所下滑"
        } else {
            "总体保持稳定"
        };
        format!(
            "{}领域主要指标{predicate}。",
            self.catalog.domains[d].name
        )
    }

    /// The counts of a set of targets: as progress before their year (提前实现、快于进度 …),
    /// as attainment in it (已实现 … 达标率), or both when some are due and some not.
    pub fn counts(&self, tally: &Tally) -> String {
        let mut text = if tally.total > tally.assessable {
            format!("{}项目标值中，可监测{}项，其", tally.total, tally.assessable)
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

    /// The data sentences of one indicator, then the verdict of each target that applies
    /// and its warnings.
    pub fn indicator_sentences(&self, r: IndicatorRef<'_>, results: &[&TargetResult]) -> String {
        let mut text = self.level_sentence(r);
        // The first verdict continues the level sentence when it has no breakdown clauses
        // (`…比2024年提高0.16岁，已连续5年提高…`); otherwise each is a sentence of its own.
        let mut joined = !text.contains("其中，");
        let mut warnings = String::new();
        for result in results {
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
    /// `None` when there is nothing to say (no data: the level sentence says why).
    pub fn verdict_clause(&self, r: IndicatorRef<'_>, result: &TargetResult) -> Option<String> {
        let ind = r.indicator;
        let target = &ind.targets[result.target_index];
        let p = Printed::of(ind);
        let current = result.current.as_ref()?;
        let wording = target_text(self.catalog, target, ind);
        let (goal, quoted) = if target.aspirational {
            (
                "力争目标",
                wording.trim_start_matches("力争").to_string(),
            )
        } else {
            ("目标", wording)
        };
        let plan = format!("规划“{quoted}”的{goal}");
        let start = result.start.as_ref();
        let since = |s: &Point| s.year;
        let progress = || -> Option<String> {
            let progress = result.progress.as_ref()?;
            let share = progress.progress?;
            Some(format!(
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
            })
        };
        let now = current.value;
        let clause = match (&target.rule, &result.measure) {
            (_, Measure::Gap { a, b }) => {
                let s = start?;
                let sexes = sex_pair(&ind.breakdowns)
                    .is_some_and(|(f, m)| [f, m].contains(&a.as_str()) && [f, m].contains(&b.as_str()));
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
            (Rule::Increase | Rule::Decrease, Measure::Level) => {
                let s = start?;
                let (up, down) = p.verbs();
                let streak = self.streak(r, &target.rule);
                let moved = match p.change(now, s.value, 0.0) {
                    Change::Flat | Change::BasicallyFlat => format!("与{}年持平", since(s)),
                    Change::Up(amount) => format!("比{}年{up}{amount}", since(s)),
                    Change::Down(amount) => format!("比{}年{down}{amount}", since(s)),
                };
                let moved = if streak >= 3 {
                    let verb = if matches!(target.rule, Rule::Increase) { up } else { down };
                    format!("已连续{streak}年{verb}，{}", moved.replacen('年', "年累计", 1))
                } else {
                    moved
                };
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
            (Rule::Maintain, Measure::Level) => {
                let s = start?;
                match result.verdict {
                    Verdict::Met | Verdict::OnTrack | Verdict::Ahead | Verdict::MetEarly => format!(
                        "与{}年的{}相比变化不大，符合{plan}",
                        s.year,
                        p.value(s.value)
                    ),
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
            (Rule::About { .. } | Rule::Between { .. }, Measure::Level) => match result.verdict {
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
                Measure::Level,
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
    fn streak(&self, r: IndicatorRef<'_>, rule: &Rule) -> usize {
        let ind = r.indicator;
        let p = Printed::of(ind);
        let mut years = 0;
        let mut year = self.year();
        while let (Some(now), Some(before)) = (
            self.data.get(&ind.id, None, year),
            self.data.get(&ind.id, None, year - 1),
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
    pub fn warning_clause(&self, r: IndicatorRef<'_>, result: &TargetResult) -> String {
        let p = Printed::of(r.indicator);
        let mut text = String::new();
        for warning in &result.warnings {
            match warning {
                Warning::HardToReach { projected } => {
                    let first = result.start.as_ref().map_or(result.judged_year, |s| s.year);
                    text.push_str(&format!(
                        "按{first}—{}年的趋势推算，{}年预计为{}，如期实现目标有难度（预警）。",
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
                    "{year}年由{}年的{}变为{}，变动{}，波动较大（预警）。",
                    year - 1,
                    p.value(*from),
                    p.value(*to),
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

/// The display name of what a result measures: the indicator, or the gap between two of
/// its breakdowns.
pub fn measure_name(r: IndicatorRef<'_>, result: &TargetResult) -> String {
    match &result.measure {
        Measure::Level => r.indicator.name.clone(),
        Measure::Gap { a, b } => format!("{}（{a}与{b}差距）", r.indicator.name),
    }
}
