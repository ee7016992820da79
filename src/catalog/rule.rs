//! Typed target rules: what each comparator means, in one place.
//!
//! A `targets:` entry of the YAML is read by serde as a [`TargetSpec`] (every key optional,
//! so that errors are located by serde and by validation). Validation turns each spec into
//! a [`Rule`] with exactly the data its comparator needs. Everything that depends on the
//! kind of target lives here as a method of `Rule`, each an exhaustive `match` with no
//! catch-all arm, so a new rule does not compile until every question has an answer:
//! which keys it takes ([`TargetSpec::to_rule`]), what a value is compared with
//! ([`Rule::goalpost`]), whether a value satisfies it ([`Rule::satisfies`]), how far short a
//! value falls ([`Rule::shortfall`]), what is drawn on a chart ([`Rule::chart_values`]) and
//! how a report words it ([`Rule::wording`]).

use serde::{Deserialize, Serialize};

use super::model::Direction;
use super::unit::Unit;

/// Allowance for binary rounding when a difference is compared with a band: the 10⁻⁹ of
/// `docs/methodology.md` §1, the same as the assessment's thresholds use.
const TOLERANCE: f64 = 1e-9;

/// One `targets:` entry as written in YAML.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSpec {
    pub comparator: Comparator,
    /// The target value for `at_most`, `at_least`, `below`, `above`, `about`; the
    /// percentage for `decrease_by` and `increase_by`.
    #[serde(default)]
    pub value: Option<f64>,
    /// Bounds for `between`.
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    /// Half-width of the band for `about`, in the indicator's unit; default from the method.
    #[serde(default)]
    pub band: Option<f64>,
    /// The two breakdowns whose gap must narrow, for `gap_narrows`.
    #[serde(default)]
    pub between: Option<Vec<String>>,
    /// For `gap_narrows` instead of `between`: the kind of region (`县（市、区）`) whose
    /// highest and lowest values must come closer (区域差距缩小). The indicator gets the
    /// implied breakdowns `最高的…` and `最低的…`.
    #[serde(default)]
    pub regions: Option<String>,
    /// The one breakdown the target is judged on (`农村`), instead of the total.
    #[serde(default)]
    pub breakdown: Option<String>,
    /// A minimum (or maximum) every sub-unit must meet (`乡镇（街道）`): judged on the implied
    /// breakdown `最低的…` (`最高的…` for an upper bound), the extreme sub-unit's value.
    #[serde(default)]
    pub each: Option<String>,
    /// In a goal's `shared_targets` only: the ids of the indicators the one clause speaks of.
    #[serde(default)]
    pub indicators: Option<Vec<String>>,
    /// What the value is compared with instead of a fixed `value`: the id of another
    /// indicator (its value in the same year), or the name of a reference row reported under
    /// this indicator such as `全省平均水平`. Used by `better_than_reference` and, in place
    /// of `value`, by `at_most`, `at_least`, `below` and `above`.
    #[serde(default)]
    pub reference: Option<String>,
    /// The year the target is due; the plan's end year when not given.
    #[serde(default)]
    pub year: Option<i32>,
    /// 力争: judged the same way, reported as aspirational.
    #[serde(default)]
    pub aspirational: bool,
    /// The words of the goal this target comes from.
    #[serde(default)]
    pub clause: Option<String>,
}

/// How a value is compared with its target: the `comparator` key of the YAML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// ≤ value (以下, 以内, 不超过).
    #[serde(alias = "<=", alias = "≤")]
    AtMost,
    /// ≥ value (以上, 达到, 不低于).
    #[serde(alias = ">=", alias = "≥")]
    AtLeast,
    /// < value (低于).
    #[serde(alias = "<")]
    Below,
    /// > value (高于, 超过).
    #[serde(alias = ">")]
    Above,
    /// Within a band around value (左右).
    About,
    /// min ≤ x ≤ max.
    Between,
    /// Rises (逐步提高).
    Increase,
    /// Falls (逐步降低).
    Decrease,
    /// Stays where it was (保持稳定).
    Maintain,
    /// The gap between two breakdowns narrows (差距缩小).
    GapNarrows,
    /// Better than a reference value supplied with the data (优于全省平均水平).
    BetterThanReference,
    /// Falls by at least `value` percent from the baseline year (以2020年为基数下降20%).
    DecreaseBy,
    /// Rises by at least `value` percent from the baseline year (比2020年提高10%).
    IncreaseBy,
}

impl Comparator {
    /// The YAML key, e.g. `at_most` (its serde name).
    pub fn key(self) -> &'static str {
        crate::key::variant_name(&self)
    }

    /// The keys of a `targets:` entry this comparator takes besides `comparator`, `year`,
    /// `aspirational` and `clause`.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            Comparator::AtMost | Comparator::AtLeast | Comparator::Below | Comparator::Above => {
                &["value", "reference"]
            }
            Comparator::About => &["value", "band"],
            Comparator::Between => &["min", "max"],
            Comparator::Increase | Comparator::Decrease | Comparator::Maintain => &[],
            Comparator::GapNarrows => &["between", "regions"],
            Comparator::BetterThanReference => &["reference"],
            Comparator::DecreaseBy | Comparator::IncreaseBy => &["value"],
        }
    }
}

/// What a bounded target is compared with.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// A number written in the plan.
    Value(f64),
    /// Another indicator's id, or the name of a reference row such as `全省平均水平`.
    Reference(String),
}

/// A validated target rule: the comparator with exactly the data it needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// ≤ bound (以下, 以内, 不超过).
    AtMost { bound: Bound },
    /// ≥ bound (以上, 达到, 不低于).
    AtLeast { bound: Bound },
    /// < bound (低于).
    Below { bound: Bound },
    /// > bound (高于, 超过).
    Above { bound: Bound },
    /// value ± band (左右); the band defaults to a share of the value (method setting).
    About { value: f64, band: Option<f64> },
    /// min ≤ x ≤ max.
    Between { min: f64, max: f64 },
    /// Higher than at the start (逐步提高).
    Increase,
    /// Lower than at the start (逐步降低).
    Decrease,
    /// Within a band around the start (保持稳定).
    Maintain,
    /// The gap between breakdowns `a` and `b` smaller than at the start (差距缩小).
    GapNarrows { a: String, b: String },
    /// Better than a reference value, by the indicator's direction (优于全省平均水平).
    BetterThanReference { reference: String },
    /// At most the baseline value less `percent` percent (以2020年为基数下降20%).
    DecreaseBy { percent: f64 },
    /// At least the baseline value plus `percent` percent.
    IncreaseBy { percent: f64 },
}

/// What a value is compared with, once the data needed to fix it is known.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Goalpost {
    /// A fixed or reference number, for ≤ ≥ < > and better-than.
    Number { value: f64 },
    /// A closed band, for 左右 and ranges.
    Band { low: f64, high: f64 },
    /// The starting value, for directional targets.
    Start { value: f64 },
}

impl Goalpost {
    /// The number progress is measured towards from `start`: the target value, or the
    /// edge of the band nearest to the start.
    pub fn aim(self, start: f64) -> f64 {
        match self {
            Goalpost::Number { value } | Goalpost::Start { value } => value,
            Goalpost::Band { low, high } => {
                if start < low {
                    low
                } else {
                    high
                }
            }
        }
    }

    /// The lower and upper edge: a band's ends, or the number twice.
    fn edges(self) -> (f64, f64) {
        match self {
            Goalpost::Number { value } | Goalpost::Start { value } => (value, value),
            Goalpost::Band { low, high } => (low, high),
        }
    }
}

/// A problem with one `targets:` entry: the key it concerns (`None` for the entry itself)
/// and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecProblem {
    pub key: Option<&'static str>,
    pub message: String,
}

/// The implied breakdown that holds the extreme sub-unit's value: `最低的乡镇（街道）`, or
/// `最高的乡镇（街道）` when `highest`.
pub fn extreme_breakdown(sub_unit: &str, highest: bool) -> String {
    format!(
        "{}的{}",
        if highest { "最高" } else { "最低" },
        sub_unit.trim()
    )
}

/// The two implied breakdowns of a regional gap: the highest and the lowest region.
pub fn region_extremes(regions: &str) -> (String, String) {
    (
        extreme_breakdown(regions, true),
        extreme_breakdown(regions, false),
    )
}

impl TargetSpec {
    /// The rule this entry states, or every problem that keeps it from stating one: a key
    /// the comparator needs and lacks, a key it does not use, a value out of range.
    pub fn to_rule(&self) -> Result<Rule, Vec<SpecProblem>> {
        let name = self.comparator.key();
        let missing = |key: &str| {
            vec![SpecProblem {
                key: None,
                message: format!("比较方式 {name} 需要填写 {key}"),
            }]
        };
        let required = |value: Option<f64>, key: &str| value.ok_or_else(|| missing(key));
        let bounded = |make: fn(Bound) -> Rule| self.bound().map(make).map_err(|p| vec![p]);
        // The rule is built from the keys the comparator takes.
        let rule: Result<Rule, Vec<SpecProblem>> = match self.comparator {
            Comparator::AtMost => bounded(|bound| Rule::AtMost { bound }),
            Comparator::AtLeast => bounded(|bound| Rule::AtLeast { bound }),
            Comparator::Below => bounded(|bound| Rule::Below { bound }),
            Comparator::Above => bounded(|bound| Rule::Above { bound }),
            Comparator::About => required(self.value, "value").map(|value| Rule::About {
                value,
                band: self.band,
            }),
            Comparator::Between => match (self.min, self.max) {
                (Some(min), Some(max)) => Ok(Rule::Between { min, max }),
                (min, max) => Err([(min, "min"), (max, "max")]
                    .into_iter()
                    .filter(|(v, _)| v.is_none())
                    .flat_map(|(_, key)| missing(key))
                    .collect()),
            },
            Comparator::Increase => Ok(Rule::Increase),
            Comparator::Decrease => Ok(Rule::Decrease),
            Comparator::Maintain => Ok(Rule::Maintain),
            Comparator::GapNarrows => match (self.between.as_deref(), &self.regions) {
                (Some(_), Some(_)) => Err(vec![SpecProblem {
                    key: Some("regions"),
                    message: "差距缩小写 between（两个分组）或 regions（区域），不能同时写".into(),
                }]),
                (Some([a, b]), None) => Ok(Rule::GapNarrows {
                    a: a.clone(),
                    b: b.clone(),
                }),
                (Some(_), None) => Err(vec![SpecProblem {
                    key: Some("between"),
                    message: "差距缩小需要两个不同的分组，例如 [城镇, 农村]".into(),
                }]),
                (None, Some(regions)) if regions.trim().is_empty() => Err(vec![SpecProblem {
                    key: Some("regions"),
                    message: "regions 应写区域的层级，例如 县（市、区）".into(),
                }]),
                (None, Some(regions)) => {
                    let (a, b) = region_extremes(regions);
                    Ok(Rule::GapNarrows { a, b })
                }
                (None, None) => Err(missing(
                    "between（两个分组，如 [城镇, 农村]）或 regions（区域，如 县（市、区））",
                )),
            },
            Comparator::BetterThanReference => self
                .reference
                .clone()
                .map(|reference| Rule::BetterThanReference { reference })
                .ok_or_else(|| missing("reference（参照值名称）")),
            Comparator::DecreaseBy => {
                required(self.value, "value").map(|percent| Rule::DecreaseBy { percent })
            }
            Comparator::IncreaseBy => {
                required(self.value, "value").map(|percent| Rule::IncreaseBy { percent })
            }
        };
        let mut problems = match &rule {
            Ok(rule) => rule.range_problems(),
            Err(problems) => problems.clone(),
        };
        let present = [
            ("value", self.value.is_some()),
            ("min", self.min.is_some()),
            ("max", self.max.is_some()),
            ("band", self.band.is_some()),
            ("between", self.between.is_some()),
            ("regions", self.regions.is_some()),
            ("reference", self.reference.is_some()),
        ];
        let allowed = self.comparator.keys();
        for (key, is_present) in present {
            if is_present && !allowed.contains(&key) {
                problems.push(SpecProblem {
                    key: Some(key),
                    message: format!("比较方式 {name} 不使用 {key}"),
                });
            }
        }
        match rule {
            Ok(rule) if problems.is_empty() => Ok(rule),
            _ => Err(problems),
        }
    }

    /// `value` or `reference`, exactly one.
    fn bound(&self) -> Result<Bound, SpecProblem> {
        let name = self.comparator.key();
        match (self.value, &self.reference) {
            (Some(value), None) => Ok(Bound::Value(value)),
            (None, Some(reference)) => Ok(Bound::Reference(reference.clone())),
            (Some(_), Some(_)) => Err(SpecProblem {
                key: Some("reference"),
                message: format!("比较方式 {name} 的 value 与 reference 只能填一个"),
            }),
            (None, None) => Err(SpecProblem {
                key: None,
                message: format!(
                    "比较方式 {name} 需要填写 value（目标值）或 reference（参照指标）"
                ),
            }),
        }
    }
}

impl Rule {
    /// The comparator this rule was written with.
    pub fn comparator(&self) -> Comparator {
        match self {
            Rule::AtMost { .. } => Comparator::AtMost,
            Rule::AtLeast { .. } => Comparator::AtLeast,
            Rule::Below { .. } => Comparator::Below,
            Rule::Above { .. } => Comparator::Above,
            Rule::About { .. } => Comparator::About,
            Rule::Between { .. } => Comparator::Between,
            Rule::Increase => Comparator::Increase,
            Rule::Decrease => Comparator::Decrease,
            Rule::Maintain => Comparator::Maintain,
            Rule::GapNarrows { .. } => Comparator::GapNarrows,
            Rule::BetterThanReference { .. } => Comparator::BetterThanReference,
            Rule::DecreaseBy { .. } => Comparator::DecreaseBy,
            Rule::IncreaseBy { .. } => Comparator::IncreaseBy,
        }
    }

    /// Values the rule's own data must respect (a band above zero, min ≤ max …).
    fn range_problems(&self) -> Vec<SpecProblem> {
        let problem = |key: &'static str, message: String| SpecProblem {
            key: Some(key),
            message,
        };
        let mut out = Vec::new();
        match self {
            Rule::AtMost { bound }
            | Rule::AtLeast { bound }
            | Rule::Below { bound }
            | Rule::Above { bound } => match bound {
                Bound::Value(_) | Bound::Reference(_) => {}
            },
            Rule::About { band, .. } => {
                if let Some(band) = band
                    && *band <= 0.0
                {
                    out.push(problem(
                        "band",
                        format!("左右的容差 band 必须大于 0，现为 {band}"),
                    ));
                }
            }
            Rule::Between { min, max } => {
                if min > max {
                    out.push(problem("min", format!("区间下限 {min} 大于上限 {max}")));
                }
            }
            Rule::Increase | Rule::Decrease | Rule::Maintain => {}
            Rule::GapNarrows { a, b } => {
                if a == b {
                    out.push(problem(
                        "between",
                        "差距缩小需要两个不同的分组，例如 [城镇, 农村]".into(),
                    ));
                }
            }
            Rule::BetterThanReference { .. } => {}
            Rule::DecreaseBy { percent } => {
                if !(*percent > 0.0 && *percent < 100.0) {
                    out.push(problem(
                        "value",
                        "比较方式 decrease_by 的 value 是相对基期的百分数，应大于 0、小于 100"
                            .into(),
                    ));
                }
            }
            Rule::IncreaseBy { percent } => {
                if *percent <= 0.0 || percent.is_nan() {
                    out.push(problem(
                        "value",
                        "比较方式 increase_by 的 value 是相对基期的百分数，应大于 0".into(),
                    ));
                }
            }
        }
        out
    }

    /// The two breakdowns whose gap the rule judges, for `gap_narrows`.
    pub fn gap(&self) -> Option<(&str, &str)> {
        match self {
            Rule::GapNarrows { a, b } => Some((a, b)),
            Rule::AtMost { .. }
            | Rule::AtLeast { .. }
            | Rule::Below { .. }
            | Rule::Above { .. }
            | Rule::About { .. }
            | Rule::Between { .. }
            | Rule::Increase
            | Rule::Decrease
            | Rule::Maintain
            | Rule::BetterThanReference { .. }
            | Rule::DecreaseBy { .. }
            | Rule::IncreaseBy { .. } => None,
        }
    }

    /// For a target every sub-unit must meet (`each`): whether the sub-unit that decides it
    /// is the highest (`Some(true)`: an upper bound holds for every sub-unit when it holds
    /// for the highest) or the lowest (`Some(false)`). `direction` decides for better-than
    /// rules. `None` for rules one extreme sub-unit cannot decide: ranges and 左右 (both ends
    /// matter), directions and relative changes (each sub-unit moves from its own start),
    /// gaps, and better-than without a direction.
    pub fn deciding_extreme(&self, direction: Direction) -> Option<bool> {
        match self {
            Rule::AtLeast { .. } | Rule::Above { .. } => Some(false),
            Rule::AtMost { .. } | Rule::Below { .. } => Some(true),
            Rule::BetterThanReference { .. } => match direction {
                Direction::Lower => Some(true),
                Direction::Higher => Some(false),
                Direction::Neutral => None,
            },
            Rule::About { .. }
            | Rule::Between { .. }
            | Rule::Increase
            | Rule::Decrease
            | Rule::Maintain
            | Rule::GapNarrows { .. }
            | Rule::DecreaseBy { .. }
            | Rule::IncreaseBy { .. } => None,
        }
    }

    /// Whether the rule only states a direction of change (it holds year by year and is
    /// never met early).
    pub fn is_directional(&self) -> bool {
        match self {
            Rule::Increase | Rule::Decrease | Rule::Maintain | Rule::GapNarrows { .. } => true,
            Rule::AtMost { .. }
            | Rule::AtLeast { .. }
            | Rule::Below { .. }
            | Rule::Above { .. }
            | Rule::About { .. }
            | Rule::Between { .. }
            | Rule::BetterThanReference { .. }
            | Rule::DecreaseBy { .. }
            | Rule::IncreaseBy { .. } => false,
        }
    }

    /// Whether the rule is a change relative to the baseline year's value.
    pub fn is_relative(&self) -> bool {
        match self {
            Rule::DecreaseBy { .. } | Rule::IncreaseBy { .. } => true,
            Rule::AtMost { .. }
            | Rule::AtLeast { .. }
            | Rule::Below { .. }
            | Rule::Above { .. }
            | Rule::About { .. }
            | Rule::Between { .. }
            | Rule::Increase
            | Rule::Decrease
            | Rule::Maintain
            | Rule::GapNarrows { .. }
            | Rule::BetterThanReference { .. } => false,
        }
    }

    /// The direction the rule implies is better, if any.
    pub fn implied_direction(&self) -> Option<Direction> {
        match self {
            Rule::AtLeast { .. }
            | Rule::Above { .. }
            | Rule::Increase
            | Rule::IncreaseBy { .. } => Some(Direction::Higher),
            Rule::AtMost { .. } | Rule::Below { .. } | Rule::Decrease | Rule::DecreaseBy { .. } => {
                Some(Direction::Lower)
            }
            Rule::About { .. }
            | Rule::Between { .. }
            | Rule::Maintain
            | Rule::GapNarrows { .. }
            | Rule::BetterThanReference { .. } => None,
        }
    }

    /// The reference the rule compares with (an indicator id or a reference row), if any.
    pub fn reference(&self) -> Option<&str> {
        match self {
            Rule::AtMost { bound }
            | Rule::AtLeast { bound }
            | Rule::Below { bound }
            | Rule::Above { bound } => match bound {
                Bound::Reference(r) => Some(r),
                Bound::Value(_) => None,
            },
            Rule::BetterThanReference { reference } => Some(reference),
            Rule::About { .. }
            | Rule::Between { .. }
            | Rule::Increase
            | Rule::Decrease
            | Rule::Maintain
            | Rule::GapNarrows { .. }
            | Rule::DecreaseBy { .. }
            | Rule::IncreaseBy { .. } => None,
        }
    }

    /// The fixed number a bounded rule is compared with: its value, or for a relative rule
    /// the bound it sets from `baseline`; `None` for the others and for references.
    pub fn fixed_bound(&self, baseline: Option<f64>) -> Option<f64> {
        match self {
            Rule::AtMost { bound }
            | Rule::AtLeast { bound }
            | Rule::Below { bound }
            | Rule::Above { bound } => match bound {
                Bound::Value(v) => Some(*v),
                Bound::Reference(_) => None,
            },
            Rule::DecreaseBy { .. } | Rule::IncreaseBy { .. } => {
                baseline.and_then(|b| self.relative_bound(b))
            }
            Rule::About { .. }
            | Rule::Between { .. }
            | Rule::Increase
            | Rule::Decrease
            | Rule::Maintain
            | Rule::GapNarrows { .. }
            | Rule::BetterThanReference { .. } => None,
        }
    }

    /// The number the plan writes in the clause: a bound's value, the centre of 左右, the
    /// percentage of a relative rule; `None` for ranges, directions and references.
    pub fn written_value(&self) -> Option<f64> {
        match self {
            Rule::AtMost { bound }
            | Rule::AtLeast { bound }
            | Rule::Below { bound }
            | Rule::Above { bound } => match bound {
                Bound::Value(v) => Some(*v),
                Bound::Reference(_) => None,
            },
            Rule::About { value, .. } => Some(*value),
            Rule::DecreaseBy { percent } | Rule::IncreaseBy { percent } => Some(*percent),
            Rule::Between { .. }
            | Rule::Increase
            | Rule::Decrease
            | Rule::Maintain
            | Rule::GapNarrows { .. }
            | Rule::BetterThanReference { .. } => None,
        }
    }

    /// The one number the target is compared with, for tables and exports: a bound's
    /// value, the centre of 左右, or a relative rule's bound from `baseline`; `None` for
    /// ranges, directions and references.
    pub fn target_value(&self, baseline: Option<f64>) -> Option<f64> {
        match self {
            Rule::About { value, .. } => Some(*value),
            Rule::AtMost { .. }
            | Rule::AtLeast { .. }
            | Rule::Below { .. }
            | Rule::Above { .. }
            | Rule::DecreaseBy { .. }
            | Rule::IncreaseBy { .. }
            | Rule::Between { .. }
            | Rule::Increase
            | Rule::Decrease
            | Rule::Maintain
            | Rule::GapNarrows { .. }
            | Rule::BetterThanReference { .. } => self.fixed_bound(baseline),
        }
    }

    /// For a relative rule, the bound it sets from the baseline value: the baseline moved
    /// by the percentage, to six decimals (so 12.5 less 20% is 10, not
    /// 10.000000000000002). `None` for other rules.
    pub fn relative_bound(&self, baseline: f64) -> Option<f64> {
        let moved = |sign: f64, percent: f64| {
            crate::number::round_to(baseline * (1.0 + sign * percent / 100.0), 6)
        };
        match self {
            Rule::DecreaseBy { percent } => Some(moved(-1.0, *percent)),
            Rule::IncreaseBy { percent } => Some(moved(1.0, *percent)),
            Rule::AtMost { .. }
            | Rule::AtLeast { .. }
            | Rule::Below { .. }
            | Rule::Above { .. }
            | Rule::About { .. }
            | Rule::Between { .. }
            | Rule::Increase
            | Rule::Decrease
            | Rule::Maintain
            | Rule::GapNarrows { .. }
            | Rule::BetterThanReference { .. } => None,
        }
    }

    /// What a value is compared with, given the starting value (for directions), the
    /// baseline value (for relative rules) and the reference value (for references);
    /// `about_band_relative` is the method's default half-width of 左右. `None` when a
    /// value it needs is missing.
    pub fn goalpost(
        &self,
        start: Option<f64>,
        baseline: Option<f64>,
        reference: Option<f64>,
        about_band_relative: f64,
    ) -> Option<Goalpost> {
        let number = |value: f64| Goalpost::Number { value };
        match self {
            Rule::AtMost { bound }
            | Rule::AtLeast { bound }
            | Rule::Below { bound }
            | Rule::Above { bound } => match bound {
                Bound::Value(v) => Some(number(*v)),
                Bound::Reference(_) => reference.map(number),
            },
            Rule::BetterThanReference { .. } => reference.map(number),
            Rule::DecreaseBy { .. } | Rule::IncreaseBy { .. } => {
                self.relative_bound(baseline?).map(number)
            }
            Rule::About { value, band } => {
                let band = band.unwrap_or(value.abs() * about_band_relative);
                Some(Goalpost::Band {
                    low: value - band,
                    high: value + band,
                })
            }
            Rule::Between { min, max } => Some(Goalpost::Band {
                low: *min,
                high: *max,
            }),
            Rule::Increase | Rule::Decrease | Rule::Maintain | Rule::GapNarrows { .. } => {
                start.map(|value| Goalpost::Start { value })
            }
        }
    }

    /// Why [`Rule::goalpost`] found nothing to compare with.
    pub fn missing_goalpost_reason(&self, baseline_year: i32) -> String {
        match self {
            Rule::Increase | Rule::Decrease | Rule::Maintain | Rule::GapNarrows { .. } => {
                "基期及其后各年均无数据，无法判断变化方向".into()
            }
            Rule::DecreaseBy { .. } | Rule::IncreaseBy { .. } => {
                format!("基期（{baseline_year}年）无数据，无法确定相对目标值")
            }
            Rule::AtMost { .. }
            | Rule::AtLeast { .. }
            | Rule::Below { .. }
            | Rule::Above { .. }
            | Rule::About { .. }
            | Rule::Between { .. }
            | Rule::BetterThanReference { .. } => "参照值无数据".into(),
        }
    }

    /// Whether `value` satisfies the rule against `goalpost`. `direction` says which way
    /// is better (for better-than rules); `maintain_band` is the half-width of "unchanged"
    /// for `maintain`.
    pub fn satisfies(
        &self,
        value: f64,
        goalpost: Goalpost,
        direction: Direction,
        maintain_band: f64,
    ) -> bool {
        let (low, high) = goalpost.edges();
        match self {
            Rule::AtMost { .. } | Rule::DecreaseBy { .. } => value <= high,
            Rule::AtLeast { .. } | Rule::IncreaseBy { .. } => value >= low,
            Rule::Below { .. } => value < low,
            Rule::Above { .. } => value > high,
            Rule::BetterThanReference { .. } => match direction {
                Direction::Lower => value < low,
                Direction::Higher | Direction::Neutral => value > high,
            },
            Rule::About { .. } | Rule::Between { .. } => low <= value && value <= high,
            Rule::Increase => value > high,
            Rule::Decrease | Rule::GapNarrows { .. } => value < low,
            // The difference is taken exactly (1.26 − 1.20 = 0.06, not 0.06000000000000005)
            // and compared with the band allowing binary rounding (docs/methodology.md §1).
            Rule::Maintain => {
                crate::number::exact_difference(value, low).abs() <= maintain_band + TOLERANCE
            }
        }
    }

    /// How far `value` falls short of the goalpost, as a share of the target value; zero
    /// when it is met; `None` for rules without a fixed aim (directions, better-than).
    pub fn shortfall(&self, value: f64, goalpost: Goalpost) -> Option<f64> {
        let share = |gap: f64, of: f64| {
            if of == 0.0 {
                if gap == 0.0 { 0.0 } else { f64::INFINITY }
            } else {
                gap / of.abs()
            }
        };
        let (low, high) = goalpost.edges();
        match self {
            Rule::AtMost { .. } | Rule::Below { .. } | Rule::DecreaseBy { .. } => {
                Some(share((value - high).max(0.0), high))
            }
            Rule::AtLeast { .. } | Rule::Above { .. } | Rule::IncreaseBy { .. } => {
                Some(share((low - value).max(0.0), low))
            }
            Rule::About { .. } | Rule::Between { .. } => {
                let gap = (low - value).max(value - high).max(0.0);
                Some(share(gap, (low + high) / 2.0))
            }
            Rule::Increase
            | Rule::Decrease
            | Rule::Maintain
            | Rule::GapNarrows { .. }
            | Rule::BetterThanReference { .. } => None,
        }
    }

    /// The values drawn as target lines on the indicator's trend chart (a range draws both
    /// ends); empty when the rule has no number to draw, in which case the chart names it
    /// in words. `baseline` is the baseline value, for relative rules.
    pub fn chart_values(&self, baseline: Option<f64>) -> Vec<f64> {
        match self {
            Rule::AtMost { bound }
            | Rule::AtLeast { bound }
            | Rule::Below { bound }
            | Rule::Above { bound } => match bound {
                Bound::Value(v) => vec![*v],
                Bound::Reference(_) => Vec::new(),
            },
            Rule::About { value, .. } => vec![*value],
            Rule::Between { min, max } => vec![*min, *max],
            Rule::DecreaseBy { .. } | Rule::IncreaseBy { .. } => baseline
                .and_then(|b| self.relative_bound(b))
                .into_iter()
                .collect(),
            Rule::Increase
            | Rule::Decrease
            | Rule::Maintain
            | Rule::GapNarrows { .. }
            | Rule::BetterThanReference { .. } => Vec::new(),
        }
    }

    /// The rule as a plan writes it: `12/10万以下`, `70%以上`, `50%左右`, `逐步提高`.
    /// `number` writes a bare number, `reference_label` names a reference, and
    /// `baseline_year` is the year relative rules count from.
    pub fn wording(
        &self,
        unit: Unit,
        baseline_year: i32,
        number: &dyn Fn(f64) -> String,
        reference_label: &dyn Fn(&str) -> String,
    ) -> String {
        let value = |v: f64| unit.with_number(&number(v));
        // A share cannot exceed 100% nor a rate fall below 0: "100%以上" reads "达到100%".
        let whole = unit.rate_scale().is_some_and(|scale| scale == 100.0);
        match self {
            Rule::AtMost { bound } => match bound {
                Bound::Value(v) if *v == 0.0 => "降至0".to_string(),
                Bound::Value(v) => format!("{}以下", value(*v)),
                Bound::Reference(r) => format!("不高于{}", reference_label(r)),
            },
            Rule::AtLeast { bound } => match bound {
                Bound::Value(v) if whole && *v == 100.0 => format!("达到{}", value(*v)),
                Bound::Value(v) => format!("{}以上", value(*v)),
                Bound::Reference(r) => format!("不低于{}", reference_label(r)),
            },
            Rule::Below { bound } => match bound {
                Bound::Value(v) => format!("低于{}", value(*v)),
                Bound::Reference(r) => format!("低于{}", reference_label(r)),
            },
            Rule::Above { bound } => match bound {
                Bound::Value(v) => format!("高于{}", value(*v)),
                Bound::Reference(r) => format!("高于{}", reference_label(r)),
            },
            Rule::About { value: v, .. } => format!("{}左右", value(*v)),
            Rule::Between { min, max } => format!("{}—{}", number(*min), value(*max)),
            Rule::Increase => "逐步提高".into(),
            Rule::Decrease => "逐步降低".into(),
            Rule::Maintain => "保持稳定".into(),
            Rule::GapNarrows { a, b } => format!("{a}与{b}差距缩小"),
            Rule::BetterThanReference { reference } => {
                format!("优于{}", reference_label(reference))
            }
            Rule::DecreaseBy { percent } => {
                format!("较{baseline_year}年下降{}%以上", number(*percent))
            }
            Rule::IncreaseBy { percent } => {
                format!("较{baseline_year}年提高{}%以上", number(*percent))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: Direction = Direction::Higher;

    fn n(value: f64) -> Goalpost {
        Goalpost::Number { value }
    }

    fn at_most(v: f64) -> Rule {
        Rule::AtMost {
            bound: Bound::Value(v),
        }
    }

    fn at_least(v: f64) -> Rule {
        Rule::AtLeast {
            bound: Bound::Value(v),
        }
    }

    fn spec(yaml: &str) -> TargetSpec {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn comparator_keys_are_the_serde_names() {
        let keys: Vec<&str> = [
            Comparator::AtMost,
            Comparator::AtLeast,
            Comparator::Below,
            Comparator::Above,
            Comparator::About,
            Comparator::Between,
            Comparator::Increase,
            Comparator::Decrease,
            Comparator::Maintain,
            Comparator::GapNarrows,
            Comparator::BetterThanReference,
            Comparator::DecreaseBy,
            Comparator::IncreaseBy,
        ]
        .iter()
        .map(|c| c.key())
        .collect();
        assert_eq!(
            keys,
            [
                "at_most",
                "at_least",
                "below",
                "above",
                "about",
                "between",
                "increase",
                "decrease",
                "maintain",
                "gap_narrows",
                "better_than_reference",
                "decrease_by",
                "increase_by"
            ]
        );
    }

    #[test]
    fn specs_become_rules_with_exactly_their_keys() {
        assert_eq!(
            spec("{comparator: at_most, value: 12}").to_rule(),
            Ok(at_most(12.0))
        );
        assert_eq!(
            spec("{comparator: about, value: 50, band: 2}").to_rule(),
            Ok(Rule::About {
                value: 50.0,
                band: Some(2.0)
            })
        );
        assert_eq!(
            spec("{comparator: gap_narrows, between: [城镇, 农村]}").to_rule(),
            Ok(Rule::GapNarrows {
                a: "城镇".into(),
                b: "农村".into()
            })
        );
        let messages = |yaml: &str| -> Vec<String> {
            spec(yaml)
                .to_rule()
                .unwrap_err()
                .into_iter()
                .map(|p| format!("{:?}: {}", p.key, p.message))
                .collect()
        };
        assert_eq!(
            messages("{comparator: increase, value: 3}"),
            ["Some(\"value\"): 比较方式 increase 不使用 value"]
        );
        assert_eq!(
            messages("{comparator: between, min: 5}"),
            ["None: 比较方式 between 需要填写 max"]
        );
        assert_eq!(
            messages("{comparator: at_least}"),
            ["None: 比较方式 at_least 需要填写 value（目标值）或 reference（参照指标）"]
        );
        assert_eq!(
            messages("{comparator: decrease_by, value: 120}"),
            [
                "Some(\"value\"): 比较方式 decrease_by 的 value 是相对基期的百分数，应大于 0、小于 100"
            ]
        );
        assert_eq!(
            messages("{comparator: between, min: 9, max: 3}"),
            ["Some(\"min\"): 区间下限 9 大于上限 3"]
        );
    }

    #[test]
    fn inclusive_and_strict_comparators_at_the_boundary() {
        let below = |v| Rule::Below {
            bound: Bound::Value(v),
        };
        let above = |v| Rule::Above {
            bound: Bound::Value(v),
        };
        // (rule, value, target, satisfied)
        let table = [
            (at_most(12.0), 12.0, 12.0, true),
            (at_most(12.0), 12.01, 12.0, false),
            (at_most(12.0), 11.99, 12.0, true),
            (at_least(70.0), 70.0, 70.0, true),
            (at_least(70.0), 69.99, 70.0, false),
            (below(12.0), 12.0, 12.0, false),
            (below(12.0), 11.99, 12.0, true),
            (above(55.0), 55.0, 55.0, false),
            (above(55.0), 55.01, 55.0, true),
        ];
        for (rule, v, t, want) in table {
            assert_eq!(rule.satisfies(v, n(t), H, 0.0), want, "{rule:?} {v} vs {t}");
        }
    }

    #[test]
    fn bands_are_closed() {
        let band = Goalpost::Band {
            low: 47.5,
            high: 52.5,
        };
        let about = Rule::About {
            value: 50.0,
            band: None,
        };
        let between = Rule::Between {
            min: 47.5,
            max: 52.5,
        };
        assert!(about.satisfies(47.5, band, H, 0.0));
        assert!(about.satisfies(52.5, band, H, 0.0));
        assert!(!about.satisfies(52.6, band, H, 0.0));
        assert!(!between.satisfies(47.4, band, H, 0.0));
        assert_eq!(band.aim(40.0), 47.5);
        assert_eq!(band.aim(60.0), 52.5);
        assert_eq!(about.goalpost(None, None, None, 0.05), Some(band));
    }

    #[test]
    fn directions_compare_with_the_start() {
        let b = Goalpost::Start { value: 50.0 };
        assert!(Rule::Increase.satisfies(50.1, b, H, 0.0));
        assert!(!Rule::Increase.satisfies(50.0, b, H, 0.0));
        assert!(Rule::Decrease.satisfies(49.9, b, H, 0.0));
        let gap = Goalpost::Start { value: 2.0 };
        let narrows = Rule::GapNarrows {
            a: "城镇".into(),
            b: "农村".into(),
        };
        assert!(narrows.satisfies(1.9, gap, H, 0.0));
        assert!(!narrows.satisfies(2.0, gap, H, 0.0));
        assert!(Rule::Maintain.satisfies(51.0, b, H, 1.0));
        assert!(!Rule::Maintain.satisfies(51.1, b, H, 1.0));
    }

    #[test]
    fn maintain_takes_the_difference_exactly() {
        // (start, value, band, within the band?)
        let cases = [
            (1.20, 1.26, 0.06, true),
            (1.20, 1.14, 0.06, true),
            (1.20, 1.2 * 1.05, 1.2 * 0.05, true),
            (0.3, 0.1 + 0.2, 0.0, true),
            (72.4, 73.1, 0.7, true),
            (72.4, 71.7, 0.7, true),
            (1.20, 1.27, 0.06, false),
            (1.20, 1.13, 0.06, false),
            (72.4, 73.2, 0.7, false),
        ];
        for (start, value, band, within) in cases {
            let b = Goalpost::Start { value: start };
            assert_eq!(
                Rule::Maintain.satisfies(value, b, H, band),
                within,
                "{start} → {value}, band {band}"
            );
        }
    }

    #[test]
    fn better_than_reference_is_strict_and_follows_direction() {
        let rule = Rule::BetterThanReference {
            reference: "全省平均水平".into(),
        };
        let r = n(30.0);
        assert!(rule.satisfies(30.5, r, H, 0.0));
        assert!(!rule.satisfies(30.0, r, H, 0.0));
        assert!(rule.satisfies(29.5, r, Direction::Lower, 0.0));
    }

    #[test]
    fn shortfall_is_a_share_of_the_target() {
        assert_eq!(
            at_most(12.0)
                .shortfall(12.24, n(12.0))
                .map(|s| (s * 100.0).round()),
            Some(2.0)
        );
        assert_eq!(at_least(70.0).shortfall(70.0, n(70.0)), Some(0.0));
        assert_eq!(at_least(0.0).shortfall(1.0, n(0.0)), Some(0.0));
        assert_eq!(at_most(0.0).shortfall(1.0, n(0.0)), Some(f64::INFINITY));
        assert_eq!(
            Rule::Increase.shortfall(1.0, Goalpost::Start { value: 0.0 }),
            None
        );
    }

    #[test]
    fn relative_rules_set_their_bound_from_the_baseline() {
        let rule = Rule::DecreaseBy { percent: 20.0 };
        assert_eq!(rule.relative_bound(12.5), Some(10.0));
        assert_eq!(rule.goalpost(None, Some(12.5), None, 0.05), Some(n(10.0)));
        assert_eq!(rule.goalpost(None, None, None, 0.05), None);
        assert_eq!(rule.chart_values(Some(12.5)), [10.0]);
        assert!(rule.chart_values(None).is_empty());
    }

    #[test]
    fn wording_follows_the_plan() {
        let number = |v: f64| format!("{v}");
        let label = |r: &str| format!("【{r}】");
        let word = |rule: Rule, unit: Unit| rule.wording(unit, 2020, &number, &label);
        assert_eq!(word(at_most(12.0), Unit::PerHundredThousand), "12/10万以下");
        assert_eq!(word(at_least(70.0), Unit::Percent), "70%以上");
        assert_eq!(word(at_least(100.0), Unit::Percent), "达到100%");
        assert_eq!(word(at_most(0.0), Unit::PerHundredThousand), "降至0");
        assert_eq!(
            word(
                Rule::About {
                    value: 50.0,
                    band: None
                },
                Unit::Percent
            ),
            "50%左右"
        );
        assert_eq!(
            word(Rule::DecreaseBy { percent: 20.0 }, Unit::PerHundredThousand),
            "较2020年下降20%以上"
        );
        assert_eq!(
            word(
                Rule::AtLeast {
                    bound: Bound::Reference("x".into())
                },
                Unit::Percent
            ),
            "不低于【x】"
        );
    }
}
