//! Stage 3: a verdict for every target of the catalog in a reference year.
//!
//! [`assess`] takes the catalog and the data set and judges each target with
//! [`verdict::satisfies`]; [`Assessment::tally`] rolls verdicts up per domain and overall.
//! The method's parameters live in [`Method`].

mod verdict;

use serde::Serialize;

pub use verdict::{Goalpost, Verdict, satisfies};

use crate::catalog::{Catalog, Comparator, Target};
use crate::intake::{DataSet, Source};

/// Parameters of the attainment method.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Method {
    /// Half-width of the band of a 左右 target, as a share of the target value, when the
    /// target gives no `band` of its own: 0.05 makes "50%左右" mean 47.5–52.5.
    pub about_band_relative: f64,
    /// Half-width of "unchanged" for 保持稳定, as a share of the baseline value.
    pub maintain_band_relative: f64,
}

impl Default for Method {
    fn default() -> Self {
        Method {
            about_band_relative: 0.05,
            maintain_band_relative: 0.05,
        }
    }
}

/// A value used in a judgement, with the cells it came from (two for a gap).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub value: f64,
    pub sources: Vec<Source>,
}

/// What is measured for a target: the indicator itself or the gap between two breakdowns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Measure {
    Level,
    Gap { a: String, b: String },
}

/// The judgement of one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetResult {
    pub domain_index: usize,
    pub domain_id: String,
    pub goal_number: u32,
    pub indicator_id: String,
    /// Index of the target within its indicator.
    pub target_index: usize,
    pub measure: Measure,
    pub comparator: Comparator,
    pub target_year: i32,
    pub aspirational: bool,
    /// What the value was compared with, when it could be established.
    #[serde(skip)]
    pub goalpost: Option<Goalpost>,
    /// The value in the reference year.
    pub current: Option<Point>,
    /// The value in the year before.
    pub previous: Option<Point>,
    /// The value in the baseline year.
    pub baseline: Option<Point>,
    /// The reference value, for targets relative to another indicator or a reference row.
    pub reference: Option<Point>,
    pub verdict: Verdict,
}

/// Verdict counts for a set of targets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// All targets.
    pub total: usize,
    /// Targets with the data to judge them (the denominator of 达标率).
    pub assessable: usize,
    /// Targets met, early or on time.
    pub attained: usize,
    pub met_early: usize,
    pub met: usize,
    pub not_met: usize,
    pub no_data: usize,
}

impl Tally {
    fn add(&mut self, verdict: Verdict) {
        self.total += 1;
        if verdict.is_assessable() {
            self.assessable += 1;
        }
        if verdict.is_attained() {
            self.attained += 1;
        }
        match verdict {
            Verdict::MetEarly => self.met_early += 1,
            Verdict::Met => self.met += 1,
            Verdict::NotMet => self.not_met += 1,
            Verdict::NoData => self.no_data += 1,
        }
    }

    /// 达标率 = attained / assessable, in percent; `None` when nothing is assessable.
    pub fn rate_percent(&self) -> Option<f64> {
        (self.assessable > 0).then(|| self.attained as f64 * 100.0 / self.assessable as f64)
    }
}

/// Verdicts for every target of a catalog in one reference year.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub year: i32,
    pub method: Method,
    pub results: Vec<TargetResult>,
}

impl Assessment {
    /// Counts for one domain (by index), or for the whole plan.
    pub fn tally(&self, domain_index: Option<usize>) -> Tally {
        let mut tally = Tally::default();
        for r in &self.results {
            if domain_index.is_none_or(|d| d == r.domain_index) {
                tally.add(r.verdict);
            }
        }
        tally
    }

    /// The results of one indicator, in target order.
    pub fn for_indicator<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a TargetResult> {
        self.results.iter().filter(move |r| r.indicator_id == id)
    }
}

/// Judges every target of the catalog in `year`.
pub fn assess(catalog: &Catalog, data: &DataSet, year: i32, method: Method) -> Assessment {
    let mut results = Vec::new();
    for r in catalog.indicators() {
        let indicator = r.indicator;
        let direction = indicator.better_direction();
        for (target_index, target) in indicator.targets.iter().enumerate() {
            let measure = match (&target.comparator, &target.between) {
                (Comparator::GapNarrows, Some(pair)) if pair.len() == 2 => Measure::Gap {
                    a: pair[0].clone(),
                    b: pair[1].clone(),
                },
                _ => Measure::Level,
            };
            let point = |y: i32| measure_point(data, &indicator.id, &measure, y);
            let current = point(year);
            let previous = point(year - 1);
            let baseline = point(catalog.plan.baseline_year);
            let reference = target
                .reference
                .as_deref()
                .and_then(|name| reference_point(catalog, data, &indicator.id, name, year));
            let goalpost = goalpost(target, baseline.as_ref(), reference.as_ref(), method);
            let target_year = catalog.target_year(target);
            let maintain_band = baseline
                .as_ref()
                .map_or(0.0, |b| b.value.abs() * method.maintain_band_relative);
            let verdict = match (&current, goalpost) {
                (Some(current), Some(goalpost)) => {
                    if satisfies(
                        target.comparator,
                        current.value,
                        goalpost,
                        direction,
                        maintain_band,
                    ) {
                        if year < target_year {
                            Verdict::MetEarly
                        } else {
                            Verdict::Met
                        }
                    } else {
                        Verdict::NotMet
                    }
                }
                _ => Verdict::NoData,
            };
            results.push(TargetResult {
                domain_index: r.domain_index,
                domain_id: r.domain.id.clone(),
                goal_number: r.goal.number,
                indicator_id: indicator.id.clone(),
                target_index,
                measure,
                comparator: target.comparator,
                target_year,
                aspirational: target.aspirational,
                goalpost,
                current,
                previous,
                baseline,
                reference,
                verdict,
            });
        }
    }
    Assessment {
        year,
        method,
        results,
    }
}

/// The value a target is compared with, if it can be established.
fn goalpost(
    target: &Target,
    baseline: Option<&Point>,
    reference: Option<&Point>,
    method: Method,
) -> Option<Goalpost> {
    match target.comparator {
        Comparator::AtMost | Comparator::AtLeast | Comparator::Below | Comparator::Above => target
            .value
            .or(reference.map(|r| r.value))
            .map(Goalpost::Number),
        Comparator::BetterThanReference => reference.map(|r| Goalpost::Number(r.value)),
        Comparator::About => {
            let value = target.value?;
            let band = target
                .band
                .unwrap_or(value.abs() * method.about_band_relative);
            Some(Goalpost::Band {
                low: value - band,
                high: value + band,
            })
        }
        Comparator::Between => Some(Goalpost::Band {
            low: target.min?,
            high: target.max?,
        }),
        Comparator::Increase
        | Comparator::Decrease
        | Comparator::Maintain
        | Comparator::GapNarrows => baseline.map(|b| Goalpost::Baseline(b.value)),
    }
}

/// The indicator's value, or the gap between two breakdowns, in one year.
fn measure_point(data: &DataSet, id: &str, measure: &Measure, year: i32) -> Option<Point> {
    match measure {
        Measure::Level => data.get(id, None, year).map(|o| Point {
            value: o.value,
            sources: vec![o.source.clone()],
        }),
        Measure::Gap { a, b } => {
            let a = data.get(id, Some(a), year)?;
            let b = data.get(id, Some(b), year)?;
            Some(Point {
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
        value: observation.value,
        sources: vec![observation.source.clone()],
    })
}

/// `a - b` rounded to the decimals of its operands, so that 9.8 − 10.4 is −0.6 and not
/// −0.6000000000000005.
pub fn exact_difference(a: f64, b: f64) -> f64 {
    let decimals = decimals_of(a).max(decimals_of(b));
    round_to(a - b, decimals)
}

/// The number of decimals in the shortest representation of `value`.
pub fn decimals_of(value: f64) -> usize {
    let text = format!("{value}");
    text.find('.').map_or(0, |dot| text.len() - dot - 1)
}

/// Rounds half away from zero to `decimals` places, through decimal text.
pub fn round_to(value: f64, decimals: usize) -> f64 {
    format!("{value:.decimals$}").parse().unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_exact_to_the_operands_decimals() {
        assert_eq!(exact_difference(9.8, 10.4), -0.6);
        assert_eq!(exact_difference(72.4, 70.0), 2.4);
        assert_eq!(exact_difference(0.52, 0.86), -0.34);
        assert_eq!(decimals_of(12.0), 0);
        assert_eq!(decimals_of(0.125), 3);
    }

    #[test]
    fn rate_states_its_denominator() {
        let mut tally = Tally::default();
        for v in [
            Verdict::Met,
            Verdict::MetEarly,
            Verdict::NotMet,
            Verdict::NoData,
        ] {
            tally.add(v);
        }
        assert_eq!((tally.total, tally.assessable, tally.attained), (4, 3, 2));
        let rate = tally.rate_percent().unwrap();
        assert!((rate - 66.666).abs() < 0.01);
        assert_eq!(Tally::default().rate_percent(), None);
    }
}
