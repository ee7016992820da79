//! Verdicts, warnings, and whether a value satisfies a target.

use serde::Serialize;

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

    /// The stable English code used in machine output (its serde name).
    pub fn code(self) -> &'static str {
        crate::key::variant_name(&self)
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

/// The kinds of [`Warning`], without their data; serde names match `Warning`'s tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    HardToReach,
    Volatile,
    MissingYears,
    WorseThanPrevious,
}

/// A flag raised beside a verdict (预警).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Warning {
    /// 预计达标困难: the trend projected to the target year misses the target.
    HardToReach { projected: f64 },
    /// 波动较大: a year-to-year change larger than the bound.
    Volatile {
        largest_change: f64,
        year: i32,
        /// The values in the year before and in `year`.
        from: f64,
        to: f64,
    },
    /// 连续无数据: no value in the latest years.
    MissingYears { years: Vec<i32> },
    /// 较上年退步: better than at the start, but worse than last year.
    WorseThanPrevious,
}

impl Warning {
    /// What kind of warning it is.
    pub fn kind(&self) -> WarningKind {
        match self {
            Warning::HardToReach { .. } => WarningKind::HardToReach,
            Warning::Volatile { .. } => WarningKind::Volatile,
            Warning::MissingYears { .. } => WarningKind::MissingYears,
            Warning::WorseThanPrevious => WarningKind::WorseThanPrevious,
        }
    }

    /// The stable English code: the `code` tag it is serialized with.
    pub fn code(&self) -> &'static str {
        crate::key::variant_name(&self.kind())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warning_codes_are_their_serde_tags() {
        let all = [
            Warning::HardToReach { projected: 1.0 },
            Warning::Volatile {
                largest_change: 0.5,
                year: 2024,
                from: 10.0,
                to: 15.0,
            },
            Warning::MissingYears { years: vec![2024] },
            Warning::WorseThanPrevious,
        ];
        for w in all {
            let json = serde_json::to_value(&w).unwrap();
            assert_eq!(json["code"], w.code(), "{w:?}");
        }
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
