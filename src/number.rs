//! Decimal-exact arithmetic on reported values, shared by every stage.
//!
//! Values arrive with a few decimals; binary floating point turns 9.8 − 10.4 into
//! −0.6000000000000005. These helpers round through decimal text so that results read
//! the way a statistician computes them by hand.

/// The largest magnitude a value may have: 10¹⁵, beyond which a double no longer holds
/// every integer exactly and no indicator of a plan (counts of people, yuan, rates) goes.
/// Larger values are almost always a typing slip (a pasted ID number, 1.7E+308).
pub const MAX_MAGNITUDE: f64 = 1e15;

/// The number of decimals in the shortest representation of `value`.
pub fn decimals_of(value: f64) -> usize {
    let text = format!("{value}");
    text.find('.').map_or(0, |dot| text.len() - dot - 1)
}

/// Rounds to `decimals` places, through decimal text.
pub fn round_to(value: f64, decimals: usize) -> f64 {
    format!("{value:.decimals$}").parse().unwrap_or(value)
}

/// `a - b` rounded to the decimals of its operands: 9.8 − 10.4 is −0.6.
pub fn exact_difference(a: f64, b: f64) -> f64 {
    round_to(a - b, decimals_of(a).max(decimals_of(b)))
}

/// `value` rounded half away from zero (四舍五入) to `decimals` places, written with
/// exactly that many decimals: 2.25 → "2.3", 4 → "4.0", −0.04 → "0.0" (never "-0.0").
/// Rounds the shortest decimal form of the value, so 2.675 is "2.68" as a person reads it,
/// not "2.67" as its binary form would round.
pub fn fixed(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let text = format!("{}", value.abs());
    let (int_part, frac_part) = text.split_once('.').unwrap_or((&text, ""));
    let mut digits: Vec<u8> = int_part
        .bytes()
        .chain(
            frac_part
                .bytes()
                .chain(std::iter::repeat(b'0'))
                .take(decimals),
        )
        .map(|b| b - b'0')
        .collect();
    // Round half up on the first dropped digit.
    if frac_part.len() > decimals && frac_part.as_bytes()[decimals] >= b'5' {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, 1);
                break;
            }
            i -= 1;
            if digits[i] == 9 {
                digits[i] = 0;
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let int_len = digits.len() - decimals;
    let mut out: String = digits[..int_len]
        .iter()
        .map(|d| (b'0' + d) as char)
        .collect();
    if out.is_empty() {
        out.push('0');
    }
    if decimals > 0 {
        out.push('.');
        out.extend(digits[int_len..].iter().map(|d| (b'0' + d) as char));
    }
    let zero = digits.iter().all(|d| *d == 0);
    if value < 0.0 && !zero {
        out.insert(0, '-');
    }
    out
}

/// `value` rounded half away from zero to `decimals` places, as a number.
pub fn round_half_up(value: f64, decimals: usize) -> f64 {
    fixed(value, decimals).parse().unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_rounds_half_up_and_keeps_trailing_zeros() {
        let table = [
            (4.0, 1, "4.0"),
            (2.25, 1, "2.3"),
            (2.675, 2, "2.68"),
            (9.95, 1, "10.0"),
            (99.96, 1, "100.0"),
            (0.04, 1, "0.0"),
            (-0.04, 1, "0.0"),
            (-0.05, 1, "-0.1"),
            (12.0, 0, "12"),
            (12.5, 0, "13"),
            (0.776, 2, "0.78"),
            (81.064, 2, "81.06"),
            (1234567.25, 1, "1234567.3"),
            (0.0000001, 3, "0.000"),
        ];
        for (value, decimals, want) in table {
            assert_eq!(fixed(value, decimals), want, "{value} to {decimals}");
        }
        assert_eq!(round_half_up(2.25, 1), 2.3);
    }

    #[test]
    fn differences_are_exact_to_the_operands_decimals() {
        assert_eq!(exact_difference(9.8, 10.4), -0.6);
        assert_eq!(exact_difference(72.4, 70.0), 2.4);
        assert_eq!(exact_difference(0.52, 0.86), -0.34);
        assert_eq!(decimals_of(12.0), 0);
        assert_eq!(decimals_of(0.125), 3);
        assert_eq!(round_to(9.0909, 1), 9.1);
    }
}
