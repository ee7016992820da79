//! Numbers, targets and changes written the way published reports write them.

use crate::catalog::{Catalog, ChangeStyle, Indicator, Target, Unit};
use crate::number::{exact_difference, round_to};

/// A number exactly as it was reported: the shortest text that reads back as the same
/// value (9.8 stays "9.8", 12.0 is "12"), never in exponent form.
pub fn number(value: f64) -> String {
    if value == 0.0 {
        return "0".into();
    }
    format!("{value}")
}

/// A number rounded to `decimals` places, trailing zeros kept (for computed shares).
pub fn fixed(value: f64, decimals: usize) -> String {
    format!("{value:.decimals$}")
}

/// A value with its unit: `9.8/10万`, `72.4%`, `81.06岁`.
pub fn with_unit(value: f64, unit: Unit) -> String {
    unit.with_number(&number(value))
}

/// The target as a plan writes it: `12/10万以下`, `70%以上`, `50%左右`, `逐步提高`;
/// `力争` before an aspirational one.
pub fn target_text(catalog: &Catalog, target: &Target, indicator: &Indicator) -> String {
    let core = target
        .rule
        .wording(indicator.unit, catalog.plan.baseline_year, &number, &|r| {
            catalog.reference_label(r)
        });
    if target.aspirational {
        format!("力争{core}")
    } else {
        core
    }
}

/// How a value moved from `before` to `now`: `提高0.5个百分点`, `下降5.8%`,
/// `增加2.1万人`, `与上年持平`-style `持平` when unchanged.
pub fn change(now: f64, before: f64, unit: Unit) -> String {
    let diff = exact_difference(now, before);
    if diff == 0.0 {
        return "持平".into();
    }
    let up = diff > 0.0;
    let amount = number(diff.abs());
    match unit.change_style() {
        ChangeStyle::Points(word) => {
            format!("{}{amount}{word}", if up { "提高" } else { "下降" })
        }
        ChangeStyle::Relative if before != 0.0 => {
            let relative = round_to((diff / before * 100.0).abs(), 1);
            format!(
                "{}{}%",
                if up { "上升" } else { "下降" },
                fixed(relative, 1)
            )
        }
        ChangeStyle::Relative => format!(
            "{}{}",
            if up { "上升" } else { "下降" },
            with_unit(diff.abs(), unit)
        ),
        ChangeStyle::Amount if unit.is_count() => format!(
            "{}{}",
            if up { "增加" } else { "减少" },
            with_unit(diff.abs(), unit)
        ),
        ChangeStyle::Amount => format!(
            "{}{}",
            if up { "提高" } else { "下降" },
            with_unit(diff.abs(), unit)
        ),
    }
}

/// The distance from a value to a target value, in the unit's own terms:
/// `2.6个百分点`, `1.3/10万`, `0.5岁`.
pub fn distance(now: f64, target: f64, unit: Unit) -> String {
    let gap = exact_difference(now, target).abs();
    match unit.change_style() {
        ChangeStyle::Points(word) => format!("{}{word}", number(gap)),
        _ => with_unit(gap, unit),
    }
}

/// A share in percent with one decimal: `81.3%`.
pub fn percent(value: f64) -> String {
    format!("{}%", fixed(round_to(value, 1), 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::CountWord;

    #[test]
    fn numbers_read_back_exactly() {
        assert_eq!(number(9.8), "9.8");
        assert_eq!(number(12.0), "12");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(1234567.25), "1234567.25");
        assert_eq!(number(0.1 + 0.2), "0.30000000000000004");
    }

    #[test]
    fn changes_are_unit_aware() {
        assert_eq!(change(72.4, 71.9, Unit::Percent), "提高0.5个百分点");
        assert_eq!(change(3.1, 3.4, Unit::Permille), "下降0.3个千分点");
        assert_eq!(change(9.8, 10.4, Unit::PerHundredThousand), "下降5.8%");
        assert_eq!(
            change(52.3, 50.2, Unit::Count(CountWord::WanRen)),
            "增加2.1万人"
        );
        assert_eq!(change(81.06, 80.9, Unit::Age), "提高0.16岁");
        assert_eq!(change(50.0, 50.0, Unit::Percent), "持平");
    }

    #[test]
    fn distances() {
        assert_eq!(distance(96.4, 98.0, Unit::Percent), "1.6个百分点");
        assert_eq!(distance(13.3, 12.0, Unit::PerHundredThousand), "1.3/10万");
    }
}
