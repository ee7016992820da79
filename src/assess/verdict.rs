//! Verdicts, warnings, and whether a value satisfies a target.

use serde::Serialize;

use crate::catalog::{Comparator, Direction};

/// The attainment verdict of one target (or qualitative goal), with a stable code and a
/// Chinese label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Met before its target year: 提前达标.
    MetEarly,
    /// Met in or after its target year: 已达标.
    Met,
    /// In or after the target year, short of it within the tolerance: 基本达标.
    BasicallyMet,
    /// Before the target year, progress well ahead of elapsed time: 快于进度.
    Ahead,
    /// Before the target year, progress in step with elapsed time: 符合进度.
    OnTrack,
    /// Before the target year, progress behind elapsed time: 进展滞后.
    Lagging,
    /// Before the target year, worse than at the start: 出现倒退.
    Regressing,
    /// In or after the target year, not met: 未达标.
    NotMet,
    /// A value needed for the judgement is missing: 无数据.
    NoData,
}

impl Verdict {
    /// Every verdict, in report order.
    pub const ALL: [Verdict; 9] = [
        Verdict::MetEarly,
        Verdict::Met,
        Verdict::BasicallyMet,
        Verdict::Ahead,
        Verdict::OnTrack,
        Verdict::Lagging,
        Verdict::Regressing,
        Verdict::NotMet,
        Verdict::NoData,
    ];

    /// The stable English code used in machine output.
    pub fn code(self) -> &'static str {
        match self {
            Verdict::MetEarly => "met_early",
            Verdict::Met => "met",
            Verdict::BasicallyMet => "basically_met",
            Verdict::Ahead => "ahead",
            Verdict::OnTrack => "on_track",
            Verdict::Lagging => "lagging",
            Verdict::Regressing => "regressing",
            Verdict::NotMet => "not_met",
            Verdict::NoData => "no_data",
        }
    }

    /// The Chinese label used in reports.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::MetEarly => "提前达标",
            Verdict::Met => "已达标",
            Verdict::BasicallyMet => "基本达标",
            Verdict::Ahead => "快于进度",
            Verdict::OnTrack => "符合进度",
            Verdict::Lagging => "进展滞后",
            Verdict::Regressing => "出现倒退",
            Verdict::NotMet => "未达标",
            Verdict::NoData => "无数据",
        }
    }

    /// Whether the target counts as attained (达标): met, early or on time.
    pub fn is_attained(self) -> bool {
        matches!(self, Verdict::Met | Verdict::MetEarly)
    }

    /// Whether the target could be judged at all.
    pub fn is_assessable(self) -> bool {
        self != Verdict::NoData
    }

    /// How good the verdict is, for comparing verdicts given in the same year for the same
    /// target: higher is better. Verdicts of the two regimes (before and in the target
    /// year) share the scale: met 6, ahead 5, on track or basically met 4, lagging 3,
    /// regressing or not met 2, no data 0.
    pub fn rank(self) -> u8 {
        match self {
            Verdict::MetEarly | Verdict::Met => 6,
            Verdict::Ahead => 5,
            Verdict::OnTrack | Verdict::BasicallyMet => 4,
            Verdict::Lagging => 3,
            Verdict::Regressing | Verdict::NotMet => 2,
            Verdict::NoData => 0,
        }
    }
}

/// A flag raised beside a verdict (预警).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Warning {
    /// 预计达标困难: the trend projected to the target year misses the target.
    HardToReach { projected: f64 },
    /// 波动较大: a year-to-year change larger than the bound.
    Volatile { largest_change: f64, year: i32 },
    /// 连续无数据: no value in the latest years.
    MissingYears { years: Vec<i32> },
    /// 较上年退步: better than at the start, but worse than last year.
    WorseThanPrevious,
}

impl Warning {
    /// The stable English code.
    pub fn code(&self) -> &'static str {
        match self {
            Warning::HardToReach { .. } => "hard_to_reach",
            Warning::Volatile { .. } => "volatile",
            Warning::MissingYears { .. } => "missing_years",
            Warning::WorseThanPrevious => "worse_than_previous",
        }
    }

    /// The Chinese label.
    pub fn label(&self) -> &'static str {
        match self {
            Warning::HardToReach { .. } => "预计达标困难",
            Warning::Volatile { .. } => "波动较大",
            Warning::MissingYears { .. } => "连续无数据",
            Warning::WorseThanPrevious => "较上年退步",
        }
    }
}

/// What a value is compared with.
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
}

/// Whether `value` satisfies `comparator` against `goalpost`. `direction` says which way
/// is better (for better-than targets); `maintain_band` is the half-width of "unchanged"
/// for `maintain`.
pub fn satisfies(
    comparator: Comparator,
    value: f64,
    goalpost: Goalpost,
    direction: Direction,
    maintain_band: f64,
) -> bool {
    match (comparator, goalpost) {
        (Comparator::AtMost | Comparator::DecreaseBy, Goalpost::Number { value: t }) => value <= t,
        (Comparator::AtLeast | Comparator::IncreaseBy, Goalpost::Number { value: t }) => value >= t,
        (Comparator::Below, Goalpost::Number { value: t }) => value < t,
        (Comparator::Above, Goalpost::Number { value: t }) => value > t,
        (Comparator::BetterThanReference, Goalpost::Number { value: t }) => match direction {
            Direction::Lower => value < t,
            _ => value > t,
        },
        (Comparator::About | Comparator::Between, Goalpost::Band { low, high }) => {
            low <= value && value <= high
        }
        (Comparator::Increase, Goalpost::Start { value: b }) => value > b,
        (Comparator::Decrease | Comparator::GapNarrows, Goalpost::Start { value: b }) => value < b,
        (Comparator::Maintain, Goalpost::Start { value: b }) => (value - b).abs() <= maintain_band,
        _ => false,
    }
}

/// How far `value` falls short of a numeric goalpost, as a share of the target value;
/// zero when it is met, `None` for goalposts without a fixed aim.
pub fn shortfall(comparator: Comparator, value: f64, goalpost: Goalpost) -> Option<f64> {
    let share = |gap: f64, of: f64| {
        if of == 0.0 {
            if gap == 0.0 { 0.0 } else { f64::INFINITY }
        } else {
            gap / of.abs()
        }
    };
    match (comparator, goalpost) {
        (
            Comparator::AtMost | Comparator::Below | Comparator::DecreaseBy,
            Goalpost::Number { value: t },
        ) => Some(share((value - t).max(0.0), t)),
        (
            Comparator::AtLeast | Comparator::Above | Comparator::IncreaseBy,
            Goalpost::Number { value: t },
        ) => Some(share((t - value).max(0.0), t)),
        (Comparator::About | Comparator::Between, Goalpost::Band { low, high }) => {
            let gap = (low - value).max(value - high).max(0.0);
            Some(share(gap, (low + high) / 2.0))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: Direction = Direction::Higher;

    fn n(value: f64) -> Goalpost {
        Goalpost::Number { value }
    }

    #[test]
    fn inclusive_and_strict_comparators_at_the_boundary() {
        // (comparator, value, target, satisfied)
        let table = [
            (Comparator::AtMost, 12.0, 12.0, true),
            (Comparator::AtMost, 12.01, 12.0, false),
            (Comparator::AtMost, 11.99, 12.0, true),
            (Comparator::AtLeast, 70.0, 70.0, true),
            (Comparator::AtLeast, 69.99, 70.0, false),
            (Comparator::Below, 12.0, 12.0, false),
            (Comparator::Below, 11.99, 12.0, true),
            (Comparator::Above, 55.0, 55.0, false),
            (Comparator::Above, 55.01, 55.0, true),
        ];
        for (c, v, t, want) in table {
            assert_eq!(satisfies(c, v, n(t), H, 0.0), want, "{c:?} {v} vs {t}");
        }
    }

    #[test]
    fn bands_are_closed() {
        let band = Goalpost::Band {
            low: 47.5,
            high: 52.5,
        };
        assert!(satisfies(Comparator::About, 47.5, band, H, 0.0));
        assert!(satisfies(Comparator::About, 52.5, band, H, 0.0));
        assert!(!satisfies(Comparator::About, 52.6, band, H, 0.0));
        assert!(!satisfies(Comparator::Between, 47.4, band, H, 0.0));
        assert_eq!(band.aim(40.0), 47.5);
        assert_eq!(band.aim(60.0), 52.5);
    }

    #[test]
    fn directions_compare_with_the_start() {
        let b = Goalpost::Start { value: 50.0 };
        assert!(satisfies(Comparator::Increase, 50.1, b, H, 0.0));
        assert!(!satisfies(Comparator::Increase, 50.0, b, H, 0.0));
        assert!(satisfies(Comparator::Decrease, 49.9, b, H, 0.0));
        let gap = Goalpost::Start { value: 2.0 };
        assert!(satisfies(Comparator::GapNarrows, 1.9, gap, H, 0.0));
        assert!(!satisfies(Comparator::GapNarrows, 2.0, gap, H, 0.0));
        assert!(satisfies(Comparator::Maintain, 51.0, b, H, 1.0));
        assert!(!satisfies(Comparator::Maintain, 51.1, b, H, 1.0));
    }

    #[test]
    fn better_than_reference_is_strict_and_follows_direction() {
        let r = n(30.0);
        assert!(satisfies(Comparator::BetterThanReference, 30.5, r, H, 0.0));
        assert!(!satisfies(Comparator::BetterThanReference, 30.0, r, H, 0.0));
        assert!(satisfies(
            Comparator::BetterThanReference,
            29.5,
            r,
            Direction::Lower,
            0.0
        ));
    }

    #[test]
    fn shortfall_is_a_share_of_the_target() {
        assert_eq!(
            shortfall(Comparator::AtMost, 12.24, n(12.0)).map(|s| (s * 100.0).round()),
            Some(2.0)
        );
        assert_eq!(shortfall(Comparator::AtLeast, 70.0, n(70.0)), Some(0.0));
        assert_eq!(shortfall(Comparator::AtLeast, 1.0, n(0.0)), Some(0.0));
        assert_eq!(
            shortfall(Comparator::AtMost, 1.0, n(0.0)),
            Some(f64::INFINITY)
        );
        assert_eq!(
            shortfall(Comparator::Increase, 1.0, Goalpost::Start { value: 0.0 }),
            None
        );
    }

    #[test]
    fn codes_and_labels_are_stable() {
        let pairs: Vec<_> = Verdict::ALL.iter().map(|v| (v.code(), v.label())).collect();
        assert_eq!(
            pairs,
            [
                ("met_early", "提前达标"),
                ("met", "已达标"),
                ("basically_met", "基本达标"),
                ("ahead", "快于进度"),
                ("on_track", "符合进度"),
                ("lagging", "进展滞后"),
                ("regressing", "出现倒退"),
                ("not_met", "未达标"),
                ("no_data", "无数据"),
            ]
        );
    }
}
