//! Units of measure an indicator may be reported in.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A unit of measure, as written in plans and statistics forms.
///
/// Rates (`%`, `‰`, `1/万`, `1/10万`) are the same quantity at different scales and can be
/// converted into one another; every other unit stands alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub enum Unit {
    /// `%`
    Percent,
    /// `‰`
    Permille,
    /// `1/万`
    PerTenThousand,
    /// `1/10万`
    PerHundredThousand,
    /// `岁` (age, e.g. life expectancy)
    Age,
    /// `年` (a duration in years)
    Years,
    /// `小时`
    Hours,
    /// A count with its measure word (`个`, `人`, `万人`, `所` …) or a money amount.
    Count(CountWord),
    /// Per thousand people (`名/千人`, `张/千人`, `个/千人` for 托位数).
    PerThousandPeople(CountWord),
    /// A plain ratio such as a sex ratio.
    Ratio,
}

/// The measure word of a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CountWord {
    Ge,
    Ren,
    WanRen,
    Ming,
    Suo,
    Ci,
    Jian,
    Hu,
    Yuan,
    WanYuan,
    Zhang,
}

impl CountWord {
    fn symbol(self) -> &'static str {
        match self {
            CountWord::Ge => "个",
            CountWord::Ren => "人",
            CountWord::WanRen => "万人",
            CountWord::Ming => "名",
            CountWord::Suo => "所",
            CountWord::Ci => "次",
            CountWord::Jian => "件",
            CountWord::Hu => "户",
            CountWord::Yuan => "元",
            CountWord::WanYuan => "万元",
            CountWord::Zhang => "张",
        }
    }
}

/// How a change between two values of a unit is worded in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeStyle {
    /// A difference in points: `提高0.5个百分点`, `下降0.3个千分点`.
    Points(&'static str),
    /// A relative change in percent: `下降5.3%` (rates per 10,000 or 100,000).
    Relative,
    /// A difference with the unit: `增加2.1万人`, `延长0.3岁`.
    Amount,
}

impl Unit {
    /// Every unit a catalog may name, in its canonical spelling.
    pub const ALL: &'static [&'static str] = &[
        "%",
        "‰",
        "1/万",
        "1/10万",
        "岁",
        "年",
        "小时",
        "个",
        "人",
        "万人",
        "名",
        "所",
        "次",
        "件",
        "户",
        "元",
        "万元",
        "名/千人",
        "张/千人",
        "个/千人",
        "比值",
    ];

    /// Parses a unit as written in a catalog or a workbook; accepts common spellings.
    pub fn parse(text: &str) -> Option<Unit> {
        let normalized: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '％' => '%',
                '／' => '/',
                '１' => '1',
                '０' => '0',
                _ => c,
            })
            .collect();
        let unit = match normalized.as_str() {
            "%" | "百分比" | "百分之" => Unit::Percent,
            "‰" | "千分之" | "千分比" => Unit::Permille,
            "1/万" | "/万" | "1/10000" | "万分之一" | "1/1万" => Unit::PerTenThousand,
            "1/10万" | "/10万" | "1/100000" | "十万分之一" | "1/十万" => {
                Unit::PerHundredThousand
            }
            "岁" => Unit::Age,
            "年" => Unit::Years,
            "小时" => Unit::Hours,
            "个" => Unit::Count(CountWord::Ge),
            "人" => Unit::Count(CountWord::Ren),
            "万人" => Unit::Count(CountWord::WanRen),
            "名" => Unit::Count(CountWord::Ming),
            "所" => Unit::Count(CountWord::Suo),
            "次" => Unit::Count(CountWord::Ci),
            "件" => Unit::Count(CountWord::Jian),
            "户" => Unit::Count(CountWord::Hu),
            "元" => Unit::Count(CountWord::Yuan),
            "万元" => Unit::Count(CountWord::WanYuan),
            "名/千人" | "人/千人" => Unit::PerThousandPeople(CountWord::Ming),
            "张/千人" => Unit::PerThousandPeople(CountWord::Zhang),
            "个/千人" => Unit::PerThousandPeople(CountWord::Ge),
            "比值" | "比" => Unit::Ratio,
            _ => return None,
        };
        Some(unit)
    }

    /// The canonical spelling, as in [`Unit::ALL`].
    pub fn symbol(self) -> String {
        match self {
            Unit::Percent => "%".into(),
            Unit::Permille => "‰".into(),
            Unit::PerTenThousand => "1/万".into(),
            Unit::PerHundredThousand => "1/10万".into(),
            Unit::Age => "岁".into(),
            Unit::Years => "年".into(),
            Unit::Hours => "小时".into(),
            Unit::Count(word) => word.symbol().into(),
            Unit::PerThousandPeople(word) => format!("{}/千人", word.symbol()),
            Unit::Ratio => "比值".into(),
        }
    }

    /// Writes a number followed by this unit the way reports do: `9.8%`, `9.8/10万`,
    /// `79.5岁`, `52.3万人`; a ratio stays bare.
    pub fn with_number(self, number: &str) -> String {
        match self {
            Unit::PerTenThousand => format!("{number}/万"),
            Unit::PerHundredThousand => format!("{number}/10万"),
            Unit::Ratio => number.to_string(),
            other => format!("{number}{}", other.symbol()),
        }
    }

    /// How many of this unit make one whole, for rates; `None` for other units.
    pub fn rate_scale(self) -> Option<f64> {
        match self {
            Unit::Percent => Some(100.0),
            Unit::Permille => Some(1_000.0),
            Unit::PerTenThousand => Some(10_000.0),
            Unit::PerHundredThousand => Some(100_000.0),
            _ => None,
        }
    }

    /// The decimals values in this unit are printed with unless the catalog says otherwise:
    /// one for rates (`%`, `‰`, `1/万`, `1/10万`), years (受教育年限), hours, 万人 and 万元;
    /// two for ages (预期寿命), per-thousand-people figures and ratios; none for counts and
    /// 元.
    pub fn default_decimals(self) -> usize {
        match self {
            Unit::Percent | Unit::Permille | Unit::PerTenThousand | Unit::PerHundredThousand => 1,
            Unit::Age => 2,
            Unit::Years | Unit::Hours => 1,
            Unit::Count(CountWord::WanRen | CountWord::WanYuan) => 1,
            Unit::Count(
                CountWord::Ge
                | CountWord::Ren
                | CountWord::Ming
                | CountWord::Suo
                | CountWord::Ci
                | CountWord::Jian
                | CountWord::Hu
                | CountWord::Yuan
                | CountWord::Zhang,
            ) => 0,
            Unit::PerThousandPeople(_) => 2,
            Unit::Ratio => 2,
        }
    }

    /// How changes in this unit are worded.
    pub fn change_style(self) -> ChangeStyle {
        match self {
            Unit::Percent => ChangeStyle::Points("个百分点"),
            Unit::Permille => ChangeStyle::Points("个千分点"),
            Unit::PerTenThousand | Unit::PerHundredThousand => ChangeStyle::Relative,
            _ => ChangeStyle::Amount,
        }
    }

    /// Whether a change in this unit is a count going up or down (增加/减少) rather than a
    /// level rising or falling (提高/下降).
    pub fn is_count(self) -> bool {
        matches!(self, Unit::Count(_))
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.symbol())
    }
}

impl<'de> Deserialize<'de> for Unit {
    /// Reads a unit with a visitor, so that an unknown unit is reported at its own
    /// position in the YAML rather than at the start of the enclosing mapping.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct UnitVisitor;
        impl serde::de::Visitor<'_> for UnitVisitor {
            type Value = Unit;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("计量单位，例如 % 或 1/10万")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Unit, E> {
                Unit::parse(text).ok_or_else(|| {
                    E::custom(format!(
                        "未知的计量单位“{text}”，可用的单位：{}",
                        Unit::ALL.join("、")
                    ))
                })
            }
        }
        deserializer.deserialize_str(UnitVisitor)
    }
}

impl From<Unit> for String {
    fn from(unit: Unit) -> String {
        unit.symbol()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_unit_parses_back_to_itself() {
        for symbol in Unit::ALL {
            let unit = Unit::parse(symbol).unwrap_or_else(|| panic!("{symbol} should parse"));
            assert_eq!(unit.symbol(), *symbol);
        }
    }

    #[test]
    fn rates_written_in_words_parse() {
        assert_eq!(Unit::parse("十万分之一"), Some(Unit::PerHundredThousand));
        assert_eq!(Unit::parse("万分之一"), Some(Unit::PerTenThousand));
        assert_eq!(Unit::parse("％"), Some(Unit::Percent));
        assert_eq!(Unit::parse(" 1/10 万 "), Some(Unit::PerHundredThousand));
        assert_eq!(Unit::parse("公斤"), None);
    }

    #[test]
    fn numbers_are_written_with_their_unit() {
        assert_eq!(Unit::Percent.with_number("70"), "70%");
        assert_eq!(Unit::PerHundredThousand.with_number("9.8"), "9.8/10万");
        assert_eq!(
            Unit::Count(CountWord::WanRen).with_number("52.3"),
            "52.3万人"
        );
        assert_eq!(Unit::Ratio.with_number("1.05"), "1.05");
    }
}
