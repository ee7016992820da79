//! Numbers, targets and changes written the way statistics bureaus publish them.
//!
//! Every value a report prints goes through [`Printed`]: at the indicator's display
//! precision (`decimals` in the catalog, else by unit, see [`Unit::default_decimals`]),
//! rounded half up, trailing zeros kept (4.0‰, 92.0%), counts of people scaled to 万人 or
//! 亿人. A change is computed from the printed levels, so it always agrees with them.
//! Exports (`attain assess`) keep the exact values.

use crate::catalog::{Catalog, ChangeStyle, CountWord, Indicator, Target, Unit};
use crate::number::{exact_difference, fixed, round_half_up};

/// How an indicator's values are printed: its unit and decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Printed {
    pub unit: Unit,
    pub decimals: usize,
}

/// Which way a value moved, and by how much, as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Unchanged at the printed precision.
    Flat,
    /// Changed by less than the 基本持平 threshold.
    BasicallyFlat,
    Up(String),
    Down(String),
}

impl Printed {
    /// How `indicator`'s values are printed.
    pub fn of(indicator: &Indicator) -> Printed {
        Printed {
            unit: indicator.unit,
            decimals: indicator.display_decimals(),
        }
    }

    /// The value at the printed precision.
    pub fn rounded(&self, value: f64) -> f64 {
        round_half_up(value, self.decimals)
    }

    /// The bare number at the printed precision, for tables and charts: `4.0`, `81.06`.
    pub fn number(&self, value: f64) -> String {
        fixed(value, self.decimals)
    }

    /// The value with its unit, as in a sentence: `9.8/10万`, `4.0‰`, `81.06岁`; people
    /// counted in 万人 or 亿人 (`52.3万人`, `4.9亿人`); a per-thousand figure with its
    /// measure word only (`0.78名`: the name says 每千人口).
    pub fn value(&self, value: f64) -> String {
        if let Unit::PerThousandPeople(word) = self.unit {
            return format!("{}{}", self.number(value), Unit::Count(word).symbol());
        }
        match self.people_magnitude(value) {
            Some((scaled, word)) => format!("{}{word}", fixed(scaled, 1)),
            None => self.unit.with_number(&self.number(value)),
        }
    }

    /// For counts of people, the value in 万人 or 亿人 when it is that large.
    fn people_magnitude(&self, value: f64) -> Option<(f64, &'static str)> {
        let people = match self.unit {
            Unit::Count(CountWord::Ren) => value,
            Unit::Count(CountWord::WanRen) => value * 10_000.0,
            _ => return None,
        };
        if people.abs() >= 100_000_000.0 {
            Some((people / 100_000_000.0, "亿人"))
        } else if people.abs() >= 10_000.0 {
            Some((people / 10_000.0, "万人"))
        } else {
            None
        }
    }

    /// The distance between two values in the unit's own terms, at the printed precision:
    /// `1.6个百分点`, `1.3/10万`, `0.50岁`.
    pub fn distance(&self, a: f64, b: f64) -> String {
        let gap = exact_difference(self.rounded(a), self.rounded(b)).abs();
        match self.unit.change_style() {
            ChangeStyle::Points(word) => format!("{}{word}", self.number(gap)),
            ChangeStyle::Relative | ChangeStyle::Amount => self.value(gap),
        }
    }

    /// How `now` moved from `before`, computed from the printed values. Rates per 10,000
    /// and 100,000 move relatively (in %, one decimal); % and ‰ in points; the rest by the
    /// amount. A move smaller than `flat_relative` of `before` is 基本持平 (0 turns this off).
    pub fn change(&self, now: f64, before: f64, flat_relative: f64) -> Change {
        let (now, before) = (self.rounded(now), self.rounded(before));
        let diff = exact_difference(now, before);
        if diff == 0.0 {
            return Change::Flat;
        }
        if flat_relative > 0.0 && before != 0.0 && (diff / before).abs() < flat_relative {
            return Change::BasicallyFlat;
        }
        let amount = match self.unit.change_style() {
            ChangeStyle::Points(word) => format!("{}{word}", self.number(diff.abs())),
            ChangeStyle::Relative if before != 0.0 => {
                format!("{}%", fixed((diff / before * 100.0).abs(), 1))
            }
            ChangeStyle::Relative | ChangeStyle::Amount => self.value(diff.abs()),
        };
        if diff > 0.0 {
            Change::Up(amount)
        } else {
            Change::Down(amount)
        }
    }

    /// The verbs for a rise and a fall in this unit: 提高/下降 for levels, 上升/降低 for
    /// rates per 10,000 and 100,000, 增加/减少 for counts, amounts and per-thousand
    /// figures.
    pub fn verbs(&self) -> (&'static str, &'static str) {
        match self.unit {
            Unit::PerTenThousand | Unit::PerHundredThousand => ("上升", "降低"),
            Unit::Count(_) | Unit::PerThousandPeople(_) => ("增加", "减少"),
            Unit::Percent | Unit::Permille | Unit::Age | Unit::Years | Unit::Hours => {
                ("提高", "下降")
            }
            Unit::Ratio => ("提高", "下降"),
        }
    }

    /// The change from year `since` in words: `比2024年下降0.4个千分点`, `与2024年持平`,
    /// `比2024年降低5.3%`.
    pub fn change_since(&self, now: f64, before: f64, since: i32, flat_relative: f64) -> String {
        let (up, down) = self.verbs();
        match self.change(now, before, flat_relative) {
            Change::Flat => format!("与{since}年持平"),
            Change::BasicallyFlat => format!("与{since}年基本持平"),
            Change::Up(amount) => format!("比{since}年{up}{amount}"),
            Change::Down(amount) => format!("比{since}年{down}{amount}"),
        }
    }
}

/// A number as the plan writes it: the shortest text that reads back as the same value
/// (12, 9.8), never in exponent form. For targets, which are the plan's words.
pub fn number(value: f64) -> String {
    if value == 0.0 {
        return "0".into();
    }
    format!("{value}")
}

/// A number rounded half up to `decimals` places, trailing zeros kept (for computed
/// shares such as 达标率).
pub fn fixed_share(value: f64, decimals: usize) -> String {
    fixed(value, decimals)
}

/// A share in percent with one decimal: `81.3%`.
pub fn percent(value: f64) -> String {
    format!("{}%", fixed(value, 1))
}

/// The target as a plan writes it: `12/10万以下`, `70%以上`, `50%左右`, `逐步提高`;
/// `力争` before an aspirational one.
///
/// A regional gap reads `县（市、区）间差距缩小`; a target every sub-unit must meet
/// `各乡镇（街道）均在95%以上`. The breakdown a target is judged on is named by the row or
/// sentence that carries it, not here.
pub fn target_text(catalog: &Catalog, target: &Target, indicator: &Indicator) -> String {
    let core = match &target.regions {
        Some(regions) => format!("{regions}间差距缩小"),
        None => target
            .rule
            .wording(indicator.unit, catalog.plan.baseline_year, &number, &|r| {
                catalog.reference_label(r)
            }),
    };
    let core = match &target.each {
        // `95%以上` → `均在95%以上`; `达到100%`, `低于5‰`, `优于全省平均水平` → `均…`.
        Some(each) if core.ends_with("以上") || core.ends_with("以下") => {
            format!("各{each}均在{core}")
        }
        Some(each) => format!("各{each}均{core}"),
        None => core,
    };
    if target.aspirational {
        format!("力争{core}")
    } else {
        core
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(unit: Unit, decimals: usize) -> Printed {
        Printed { unit, decimals }
    }

    /// (unit, decimals, value, printed)
    #[test]
    fn values_are_printed_at_their_precision() {
        let table = [
            (Unit::Permille, 1, 4.0, "4.0‰"),
            (Unit::Percent, 1, 50.0, "50.0%"),
            (Unit::Percent, 1, 96.32, "96.3%"),
            (Unit::PerHundredThousand, 1, 9.8, "9.8/10万"),
            (Unit::Age, 2, 81.06, "81.06岁"),
            (Unit::Age, 2, 80.1, "80.10岁"),
            (Unit::PerThousandPeople(CountWord::Ming), 2, 0.78, "0.78名"),
            (Unit::Count(CountWord::Ren), 0, 490_000_000.0, "4.9亿人"),
            (Unit::Count(CountWord::Ren), 0, 8_206_000.0, "820.6万人"),
            (Unit::Count(CountWord::Ren), 0, 9876.0, "9876人"),
            (Unit::Count(CountWord::WanRen), 1, 52.3, "52.3万人"),
            (Unit::Count(CountWord::WanRen), 1, 49_000.0, "4.9亿人"),
            (Unit::Count(CountWord::Suo), 0, 12.0, "12所"),
            (Unit::Ratio, 2, 1.05, "1.05"),
        ];
        for (unit, decimals, value, want) in table {
            assert_eq!(printed(unit, decimals).value(value), want, "{value}{unit}");
        }
    }

    /// (unit, decimals, now, before, words)
    #[test]
    fn changes_agree_with_the_printed_levels() {
        let table = [
            (Unit::Percent, 1, 72.4, 71.9, "比2024年提高0.5个百分点"),
            (Unit::Permille, 1, 3.1, 3.5, "比2024年下降0.4个千分点"),
            (Unit::PerHundredThousand, 1, 14.3, 15.1, "比2024年降低5.3%"),
            (Unit::PerHundredThousand, 1, 12.5, 12.5, "与2024年持平"),
            // 4.04 and 3.96 both print as 4.0: no change.
            (Unit::Permille, 1, 4.04, 3.96, "与2024年持平"),
            // 10.26 → 10.3, 10.14 → 10.1: the change is 0.2, not 0.12.
            (Unit::Percent, 1, 10.26, 10.14, "比2024年提高0.2个百分点"),
            (
                Unit::Count(CountWord::Ren),
                0,
                8_206_000.0,
                0.0,
                "比2024年增加820.6万人",
            ),
            (Unit::Age, 2, 81.06, 80.9, "比2024年提高0.16岁"),
            (
                Unit::PerThousandPeople(CountWord::Ming),
                2,
                0.78,
                0.64,
                "比2024年增加0.14名",
            ),
        ];
        for (unit, decimals, now, before, want) in table {
            assert_eq!(
                printed(unit, decimals).change_since(now, before, 2024, 0.0),
                want,
                "{now} vs {before}"
            );
        }
        assert_eq!(
            printed(Unit::Percent, 1).change_since(99.8, 99.7, 2020, 0.005),
            "与2020年基本持平"
        );
    }

    #[test]
    fn distances() {
        assert_eq!(
            printed(Unit::Percent, 1).distance(96.4, 98.0),
            "1.6个百分点"
        );
        assert_eq!(
            printed(Unit::PerHundredThousand, 1).distance(13.3, 12.0),
            "1.3/10万"
        );
    }

    #[test]
    fn plan_numbers_read_back_exactly() {
        assert_eq!(number(9.8), "9.8");
        assert_eq!(number(12.0), "12");
        assert_eq!(number(-0.0), "0");
    }
}
