//! Verdicts and the rule that gives one for a target.
//!
//! First cut of the method: a target is met or not in the reference year, early when the
//! target year is still ahead, and without data when a needed value is missing.

use serde::Serialize;

use crate::catalog::{Comparator, Direction};

/// The attainment verdict of one target, with a stable code and a Chinese label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Met before its target year: 提前达标.
    MetEarly,
    /// Met in or after its target year: 已达标.
    Met,
    /// Not met: 未达标.
    NotMet,
    /// A value needed for the judgement is missing: 无数据.
    NoData,
}

impl Verdict {
    /// Every verdict, in report order.
    pub const ALL: [Verdict; 4] = [
        Verdict::MetEarly,
        Verdict::Met,
        Verdict::NotMet,
        Verdict::NoData,
    ];

    /// The stable English code used in machine output.
    pub fn code(self) -> &'static str {
        match self {
            Verdict::MetEarly => "met_early",
            Verdict::Met => "met",
            Verdict::NotMet => "not_met",
            Verdict::NoData => "no_data",
        }
    }

    /// The Chinese label used in reports.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::MetEarly => "提前达标",
            Verdict::Met => "已达标",
            Verdict::NotMet => "未达标",
            Verdict::NoData => "无数据",
        }
    }

    /// Whether the target counts as attained (达标).
    pub fn is_attained(self) -> bool {
        matches!(self, Verdict::Met | Verdict::MetEarly)
    }

    /// Whether the target could be judged at all.
    pub fn is_assessable(self) -> bool {
        self != Verdict::NoData
    }
}

/// What a value is compared with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Goalpost {
    /// A fixed or reference number, for ≤ ≥ < >.
    Number(f64),
    /// A closed band, for 左右 and ranges.
    Band { low: f64, high: f64 },
    /// The baseline value, for directional targets.
    Baseline(f64),
}

/// Whether `value` satisfies `comparator` against `goalpost`. `direction` says which way
/// is better (for directional targets and references); `maintain_band` is the half-width
/// of "unchanged" for `maintain`.
pub fn satisfies(
    comparator: Comparator,
    value: f64,
    goalpost: Goalpost,
    direction: Direction,
    maintain_band: f64,
) -> bool {
    match (comparator, goalpost) {
        (Comparator::AtMost, Goalpost::Number(t)) => value <= t,
        (Comparator::AtLeast, Goalpost::Number(t)) => value >= t,
        (Comparator::Below, Goalpost::Number(t)) => value < t,
        (Comparator::Above, Goalpost::Number(t)) => value > t,
        (Comparator::BetterThanReference, Goalpost::Number(t)) => match direction {
            Direction::Lower => value < t,
            _ => value > t,
        },
        (Comparator::About | Comparator::Between, Goalpost::Band { low, high }) => {
            low <= value && value <= high
        }
        (Comparator::Increase, Goalpost::Baseline(b)) => value > b,
        (Comparator::Decrease | Comparator::GapNarrows, Goalpost::Baseline(b)) => value < b,
        (Comparator::Maintain, Goalpost::Baseline(b)) => (value - b).abs() <= maintain_band,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: Direction = Direction::Higher;

    #[test]
    fn inclusive_and_strict_comparators_at_the_boundary() {
        let n = Goalpost::Number(12.0);
        assert!(satisfies(Comparator::AtMost, 12.0, n, H, 0.0));
        assert!(!satisfies(Comparator::AtMost, 12.01, n, H, 0.0));
        assert!(satisfies(Comparator::AtLeast, 12.0, n, H, 0.0));
        assert!(!satisfies(Comparator::AtLeast, 11.99, n, H, 0.0));
        assert!(!satisfies(Comparator::Below, 12.0, n, H, 0.0));
        assert!(satisfies(Comparator::Below, 11.99, n, H, 0.0));
        assert!(!satisfies(Comparator::Above, 12.0, n, H, 0.0));
        assert!(satisfies(Comparator::Above, 12.01, n, H, 0.0));
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
    }

    #[test]
    fn directions_compare_with_the_baseline() {
        let b = Goalpost::Baseline(50.0);
        assert!(satisfies(Comparator::Increase, 50.1, b, H, 0.0));
        assert!(!satisfies(Comparator::Increase, 50.0, b, H, 0.0));
        assert!(satisfies(Comparator::Decrease, 49.9, b, H, 0.0));
        assert!(satisfies(
            Comparator::GapNarrows,
            1.9,
            Goalpost::Baseline(2.0),
            H,
            0.0
        ));
        assert!(!satisfies(
            Comparator::GapNarrows,
            2.0,
            Goalpost::Baseline(2.0),
            H,
            0.0
        ));
        assert!(satisfies(Comparator::Maintain, 51.0, b, H, 1.0));
        assert!(!satisfies(Comparator::Maintain, 51.1, b, H, 1.0));
    }

    #[test]
    fn better_than_reference_follows_direction() {
        let r = Goalpost::Number(30.0);
        assert!(satisfies(
            Comparator::BetterThanReference,
            30.5,
            r,
            Direction::Higher,
            0.0
        ));
        assert!(!satisfies(
            Comparator::BetterThanReference,
            30.0,
            r,
            Direction::Higher,
            0.0
        ));
        assert!(satisfies(
            Comparator::BetterThanReference,
            29.5,
            r,
            Direction::Lower,
            0.0
        ));
    }

    #[test]
    fn codes_and_labels_are_stable() {
        let pairs: Vec<_> = Verdict::ALL.iter().map(|v| (v.code(), v.label())).collect();
        assert_eq!(
            pairs,
            [
                ("met_early", "提前达标"),
                ("met", "已达标"),
                ("not_met", "未达标"),
                ("no_data", "无数据")
            ]
        );
    }
}
