//! Stage 3: a verdict for every target and qualitative goal in an evaluation year.
//!
//! The method (`docs/methodology.md`): a target due by the evaluation year is judged with
//! the data of its own target year (已达标, 基本达标, 未达标); a target not yet due is
//! 提前达标 when already met and otherwise judged by the time-share rule (快于进度, 符合进度,
//! 进展滞后, 出现倒退). Early warnings (预警) sit beside the verdict. Qualitative goals take
//! the responsible units' self-evaluation. [`Assessment::tally`] rolls verdicts up.

mod goals;
mod method;
mod progress;
mod verdict;

use std::collections::BTreeMap;

use serde::Serialize;

pub use crate::catalog::Goalpost;
pub use goals::{GoalResult, GoalTally, GoalVerdict, JudgedBy, combine, judge_goals};
pub use method::{Method, MethodOverrides, Projection, load_overrides};
pub use progress::{
    Progress, Projected, Swing, is_volatile, largest_swing, progress, project, time_share_verdict,
};
pub use verdict::{Verdict, Warning, WarningKind};

use crate::catalog::{Catalog, Comparator, Direction, Indicator, Target};
use crate::intake::{DataSet, Source};
use crate::number::exact_difference;

/// Allowance for binary rounding when a computed share or ratio is compared with a
/// threshold of the method: 0.24/12 is 0.020000000000000018 in floating point, and must
/// still count as within a 2% tolerance.
pub(crate) const EPSILON: f64 = 1e-9;

/// A value used in a judgement, with its year and the cells it came from (two for a gap).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub year: i32,
    pub value: f64,
    pub sources: Vec<Source>,
}

/// What is measured for a target: the indicator itself, one of its breakdowns (as written,
/// or the extreme sub-unit that `each` implies), or the gap between two breakdowns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Measure {
    Level,
    Breakdown { breakdown: String },
    Gap { a: String, b: String },
}

impl Measure {
    /// The breakdown a level is read from: `None` for the total.
    pub fn breakdown(&self) -> Option<&str> {
        match self {
            Measure::Breakdown { breakdown } => Some(breakdown),
            Measure::Level | Measure::Gap { .. } => None,
        }
    }
}

/// The judgement of one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetResult {
    pub domain_index: usize,
    pub domain_id: String,
    pub goal_number: u32,
    pub indicator_id: String,
    /// Index of the target within its entry's targets (its own, then the goal's shared
    /// targets that list it).
    pub target_index: usize,
    /// For a target of the goal's `shared_targets`: its index there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared: Option<usize>,
    pub measure: Measure,
    pub comparator: Comparator,
    /// Whether the target is relative to the baseline value (its goalpost is the bound
    /// the percentage sets).
    #[serde(skip)]
    pub is_relative: bool,
    pub target_year: i32,
    pub aspirational: bool,
    /// The year whose data was judged: the evaluation year, or the target year of a
    /// target already due.
    pub judged_year: i32,
    /// Whether this is the target that applies in the evaluation year (of interim and
    /// final targets for the same measure, the next one due); only these are counted.
    pub applies: bool,
    /// What the value was compared with, when it could be established.
    pub goalpost: Option<Goalpost>,
    /// The value in the judged year.
    pub current: Option<Point>,
    /// The value in the year before.
    pub previous: Option<Point>,
    /// The value in the baseline year.
    pub baseline: Option<Point>,
    /// Where progress and direction are measured from: the baseline, or the first later
    /// year with data.
    pub start: Option<Point>,
    /// The reference value, for targets relative to another indicator or a reference row.
    pub reference: Option<Point>,
    /// Change from the previous year (current − previous), exact to the data's decimals.
    pub change_from_previous: Option<f64>,
    /// Change from the baseline year.
    pub change_from_baseline: Option<f64>,
    /// P and τ, for numeric targets judged before their year.
    pub progress: Option<Progress>,
    /// The trend projected to the target year, for numeric targets not yet due.
    pub projection: Option<Projected>,
    pub verdict: Verdict,
    pub warnings: Vec<Warning>,
    /// Why the verdict is 无数据, or another remark on how it was reached.
    pub note: Option<String>,
}

impl TargetResult {
    /// For a relative target (`decrease_by`, `increase_by`), the bound it was judged
    /// against; `None` for other targets or without a baseline value.
    pub fn relative_bound(&self) -> Option<f64> {
        match self.goalpost {
            Some(Goalpost::Number { value }) if self.is_relative => Some(value),
            _ => None,
        }
    }
}

/// Verdict counts for a set of targets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// All targets counted.
    pub total: usize,
    /// Targets with the data to judge them (the denominator of 达标率).
    pub assessable: usize,
    /// Met, early or on time (the numerator of 达标率).
    pub attained: usize,
    pub met_early: usize,
    pub met: usize,
    pub basically_met: usize,
    pub ahead: usize,
    pub on_track: usize,
    pub lagging: usize,
    pub regressing: usize,
    pub not_met: usize,
    pub no_data: usize,
    /// Targets with at least one early warning.
    pub warned: usize,
}

impl Tally {
    fn add(&mut self, verdict: Verdict, warned: bool, method: &Method) {
        self.total += 1;
        self.assessable += usize::from(verdict.is_assessable());
        self.attained += usize::from(
            verdict.is_attained()
                || (method.basic_counts_as_met && verdict == Verdict::BasicallyMet),
        );
        self.warned += usize::from(warned);
        *match verdict {
            Verdict::MetEarly => &mut self.met_early,
            Verdict::Met => &mut self.met,
            Verdict::BasicallyMet => &mut self.basically_met,
            Verdict::Ahead => &mut self.ahead,
            Verdict::OnTrack => &mut self.on_track,
            Verdict::Lagging => &mut self.lagging,
            Verdict::Regressing => &mut self.regressing,
            Verdict::NotMet => &mut self.not_met,
            Verdict::NoData => &mut self.no_data,
        } += 1;
    }

    /// 达标率 = attained / assessable, in percent (attained: met or met early, and 基本达标
    /// when the method counts it); `None` when nothing is assessable.
    pub fn rate_percent(&self) -> Option<f64> {
        (self.assessable > 0).then(|| self.attained as f64 * 100.0 / self.assessable as f64)
    }

    /// The count of one verdict.
    pub fn count(&self, verdict: Verdict) -> usize {
        match verdict {
            Verdict::MetEarly => self.met_early,
            Verdict::Met => self.met,
            Verdict::BasicallyMet => self.basically_met,
            Verdict::Ahead => self.ahead,
            Verdict::OnTrack => self.on_track,
            Verdict::Lagging => self.lagging,
            Verdict::Regressing => self.regressing,
            Verdict::NotMet => self.not_met,
            Verdict::NoData => self.no_data,
        }
    }
}

/// Verdicts for every target and qualitative goal of a catalog in one evaluation year.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub year: i32,
    pub method: Method,
    pub results: Vec<TargetResult>,
    /// Every goal judged as a whole, in catalog order.
    pub goals: Vec<GoalResult>,
}

impl Assessment {
    /// Counts of the applicable targets for one domain (by index), or for the plan.
    pub fn tally(&self, domain_index: Option<usize>) -> Tally {
        let mut tally = Tally::default();
        for r in self.results.iter().filter(|r| r.applies) {
            if domain_index.is_none_or(|d| d == r.domain_index) {
                tally.add(r.verdict, !r.warnings.is_empty(), &self.method);
            }
        }
        tally
    }

    /// Counts of the qualitative goals (those without indicators) for one domain, or for
    /// the plan, by the verdict of their evidence.
    pub fn qualitative_tally(&self, domain_index: Option<usize>) -> Tally {
        let mut tally = Tally::default();
        for g in self.goals.iter().filter(|g| g.qualitative) {
            if domain_index.is_none_or(|d| d == g.domain_index) {
                tally.add(g.evidence.unwrap_or(Verdict::NoData), false, &self.method);
            }
        }
        tally
    }

    /// Goal-level counts for one domain, or for the plan.
    pub fn goal_tally(&self, domain_index: Option<usize>) -> GoalTally {
        GoalTally::of(
            self.goals
                .iter()
                .filter(|g| domain_index.is_none_or(|d| d == g.domain_index)),
            &self.method,
        )
    }

    /// The judgement of one goal.
    pub fn goal(&self, domain_index: usize, goal_number: u32) -> Option<&GoalResult> {
        self.goals
            .iter()
            .find(|g| g.domain_index == domain_index && g.goal_number == goal_number)
    }

    /// The results of one indicator in every goal it appears in, in target order.
    pub fn for_indicator<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a TargetResult> {
        self.results.iter().filter(move |r| r.indicator_id == id)
    }

    /// The results of one entry (an indicator in one goal), in target order.
    pub fn for_entry<'a>(
        &'a self,
        r: crate::catalog::IndicatorRef<'a>,
    ) -> impl Iterator<Item = &'a TargetResult> {
        self.results.iter().filter(move |x| {
            x.indicator_id == r.indicator.id
                && x.domain_index == r.domain_index
                && x.goal_number == r.goal.number
        })
    }

    /// Applicable results with at least one early warning.
    pub fn warned(&self) -> impl Iterator<Item = &TargetResult> {
        self.results
            .iter()
            .filter(|r| r.applies && !r.warnings.is_empty())
    }
}

/// Judges every target and qualitative goal of the catalog in evaluation year `year`.
pub fn assess(catalog: &Catalog, data: &DataSet, year: i32, method: Method) -> Assessment {
    let mut results = Vec::new();
    for r in catalog.entries() {
        for (target_index, target) in r.indicator.targets.iter().enumerate() {
            let mut result = judge(catalog, data, r.indicator, target, year, &method);
            result.domain_index = r.domain_index;
            result.domain_id = r.domain.id.clone();
            result.goal_number = r.goal.number;
            result.target_index = target_index;
            results.push(result);
        }
    }
    mark_applicable(&mut results, year);
    let goals = judge_goals(catalog, data, &results, year);
    Assessment {
        year,
        method,
        results,
        goals,
    }
}

/// Of the targets of one goal for the same indicator and measure, the one that applies in
/// `year` is the first due in or after it; when all are past, the last. (A `same_as`
/// repeat's targets belong to their own goal.)
fn mark_applicable(results: &mut [TargetResult], year: i32) {
    type Group = (usize, u32, String, Measure);
    let mut groups: BTreeMap<Group, Vec<usize>> = BTreeMap::new();
    for (i, r) in results.iter().enumerate() {
        groups
            .entry((
                r.domain_index,
                r.goal_number,
                r.indicator_id.clone(),
                r.measure.clone(),
            ))
            .or_default()
            .push(i);
    }
    for members in groups.values() {
        let due_next = members
            .iter()
            .filter(|&&i| results[i].target_year >= year)
            .min_by_key(|&&i| results[i].target_year)
            .map(|&i| results[i].target_year);
        let chosen_year = due_next.unwrap_or_else(|| {
            members
                .iter()
                .map(|&i| results[i].target_year)
                .max()
                .unwrap_or(year)
        });
        for &i in members {
            results[i].applies = results[i].target_year == chosen_year;
        }
    }
}

/// The indicator's value (total or breakdown), or the gap between two breakdowns, in one
/// year.
fn measure_point(data: &DataSet, id: &str, measure: &Measure, year: i32) -> Option<Point> {
    match measure {
        Measure::Level | Measure::Breakdown { .. } => {
            data.get(id, measure.breakdown(), year).map(|o| Point {
                year,
                value: o.value,
                sources: vec![o.source.clone()],
            })
        }
        Measure::Gap { a, b } => {
            let a = data.get(id, Some(a), year)?;
            let b = data.get(id, Some(b), year)?;
            Some(Point {
                year,
                value: exact_difference(a.value, b.value).abs(),
                sources: vec![a.source.clone(), b.source.clone()],
            })
        }
    }
}

/// A reference value: another indicator's total, or a reference row of this indicator.
fn reference_point(
    catalog: &Catalog,
    data: &DataSet,
    id: &str,
    name: &str,
    year: i32,
) -> Option<Point> {
    let observation = match catalog.indicator(name) {
        Some(other) => data.get(&other.indicator.id, None, year),
        None => data.get(id, Some(name), year),
    }?;
    Some(Point {
        year,
        value: observation.value,
        sources: vec![observation.source.clone()],
    })
}

fn judge(
    catalog: &Catalog,
    data: &DataSet,
    indicator: &Indicator,
    target: &Target,
    year: i32,
    method: &Method,
) -> TargetResult {
    let rule = &target.rule;
    let measure = match (rule.gap(), &target.breakdown) {
        (Some((a, b)), _) => Measure::Gap {
            a: a.to_string(),
            b: b.to_string(),
        },
        (None, Some(breakdown)) => Measure::Breakdown {
            breakdown: breakdown.clone(),
        },
        (None, None) => Measure::Level,
    };
    // A gap is better when smaller, whatever the indicator's own direction.
    let direction = match measure {
        Measure::Gap { .. } => Direction::Lower,
        Measure::Level | Measure::Breakdown { .. } => indicator.better_direction(),
    };
    let base_year = catalog.plan.baseline_year;
    let target_year = catalog.target_year(target);
    let judged_year = year.min(target_year);
    let point = |y: i32| measure_point(data, &indicator.id, &measure, y);
    let current = point(judged_year);
    let previous = point(judged_year - 1);
    let baseline = point(base_year);
    // Progress runs from the baseline, or from the first later year with data.
    let start = baseline
        .clone()
        .or_else(|| (base_year + 1..judged_year).find_map(point));
    let reference = rule
        .reference()
        .and_then(|name| reference_point(catalog, data, &indicator.id, name, judged_year));
    let goalpost = rule.goalpost(
        start.as_ref().map(|p| p.value),
        baseline.as_ref().map(|p| p.value),
        reference.as_ref().map(|p| p.value),
        method.about_band_relative,
    );
    let series: Vec<(i32, f64)> = (base_year..=judged_year)
        .filter_map(|y| point(y).map(|p| (y, p.value)))
        .collect();

    let mut result = TargetResult {
        domain_index: 0,
        domain_id: String::new(),
        goal_number: 0,
        indicator_id: indicator.id.clone(),
        target_index: 0,
        shared: target.shared,
        measure: measure.clone(),
        comparator: rule.comparator(),
        is_relative: rule.is_relative(),
        target_year,
        aspirational: target.aspirational,
        judged_year,
        applies: true,
        goalpost,
        change_from_previous: current
            .as_ref()
            .zip(previous.as_ref())
            .map(|(c, p)| exact_difference(c.value, p.value)),
        change_from_baseline: current
            .as_ref()
            .zip(baseline.as_ref())
            .map(|(c, b)| exact_difference(c.value, b.value)),
        current: current.clone(),
        previous,
        start: start.clone(),
        baseline,
        reference,
        progress: None,
        projection: None,
        verdict: Verdict::NoData,
        warnings: Vec::new(),
        note: None,
    };

    // 连续无数据 needs no judgement, and explains a 无数据 verdict.
    if judged_year == year {
        let missing: Vec<i32> = (0..method.missing_years as i32)
            .map(|k| year - k)
            .filter(|y| *y >= base_year)
            .collect();
        if missing.len() == method.missing_years as usize
            && missing.iter().all(|y| point(*y).is_none())
        {
            result.warnings.push(Warning::MissingYears {
                years: missing.into_iter().rev().collect(),
            });
        }
    }

    // A 无数据 row carries only 连续无数据: the other warnings qualify a judgement, and
    // there is none (docs/methodology.md §4).
    let Some(current) = current else {
        result.note = Some(format!("{judged_year}年无数据"));
        return result;
    };
    let Some(goalpost) = goalpost else {
        result.note = Some(rule.missing_goalpost_reason(base_year));
        return result;
    };
    // Counts, and rates derived from counts, are too small to judge when both years'
    // counts are below the method's minimum.
    let count_of = |y: i32| -> Option<f64> {
        if indicator.unit.is_count() {
            point(y).map(|p| p.value)
        } else {
            let derive = indicator.derive.as_ref()?;
            data.get(&derive.numerator, measure.breakdown(), y)
                .map(|o| o.value)
        }
    };
    let small = |a: i32, b: i32| match (count_of(a), count_of(b)) {
        (Some(x), Some(y)) => {
            x.abs() < method.volatility_min_count && y.abs() < method.volatility_min_count
        }
        _ => false,
    };
    if let Some(swing) = largest_swing(&series, method.volatility_window as usize, small)
        && is_volatile(swing.share, method)
    {
        result.warnings.push(Warning::Volatile {
            largest_change: swing.share,
            year: swing.year,
            from: swing.from,
            to: swing.to,
        });
    }
    let maintain_band = start
        .as_ref()
        .map_or(0.0, |s| s.value.abs() * method.maintain_band_relative);
    let met = rule.satisfies(current.value, goalpost, direction, maintain_band);
    let directional = rule.is_directional();

    if judged_year >= target_year {
        result.verdict = if met {
            Verdict::Met
        } else if rule
            .shortfall(current.value, goalpost)
            .is_some_and(|s| s <= method.basic_tolerance_relative + EPSILON)
        {
            Verdict::BasicallyMet
        } else {
            Verdict::NotMet
        };
    } else if directional {
        // A direction is never met early: it holds year by year.
        result.verdict = if met {
            Verdict::OnTrack
        } else if rule.comparator() == Comparator::Maintain
            || current.value == goalpost.aim(current.value)
        {
            // Out of the "unchanged" band, or no change where a change was wanted.
            Verdict::Lagging
        } else {
            Verdict::Regressing
        };
    } else if met {
        result.verdict = Verdict::MetEarly;
    } else {
        match &start {
            Some(start) => {
                // Met at the start and not now: x* = x₀, which the method calls 出现倒退
                // (a start beyond the bound would otherwise give a positive P).
                let met_at_start = rule.satisfies(start.value, goalpost, direction, maintain_band);
                let aim = if met_at_start {
                    start.value
                } else {
                    goalpost.aim(start.value)
                };
                let p = progress(
                    start.year,
                    start.value,
                    judged_year,
                    current.value,
                    aim,
                    target_year,
                );
                result.verdict = time_share_verdict(&p, method);
                result.progress = Some(p);
            }
            None => {
                result.note = Some("基期及其后各年均无数据，无法计算进度".into());
                result
                    .warnings
                    .retain(|w| matches!(w, Warning::MissingYears { .. }));
                return result;
            }
        }
    }

    if directional
        && result.verdict.is_assessable()
        && let Some(change) = result.change_from_previous
    {
        let worse = match direction {
            Direction::Higher => change < 0.0,
            Direction::Lower => change > 0.0,
            Direction::Neutral => false,
        };
        if worse && matches!(result.verdict, Verdict::Met | Verdict::OnTrack) {
            result.warnings.push(Warning::WorseThanPrevious);
        }
    }
    if judged_year < target_year
        && !directional
        && !met
        && let Some(projected) = project(&series, target_year, method.projection)
    {
        if !rule.satisfies(projected.value, goalpost, direction, maintain_band) {
            result.warnings.push(Warning::HardToReach {
                projected: projected.value,
            });
        }
        result.projection = Some(projected);
    }
    result
}

#[cfg(test)]
mod tests;
