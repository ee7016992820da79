//! Decimal-exact arithmetic on reported values, shared by every stage.
//!
//! Values arrive with a few decimals; binary floating point turns 9.8 − 10.4 into
//! −0.6000000000000005. These helpers round through decimal text so that results read
//! the way a statistician computes them by hand.

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
        assert_eq!(round_to(9.0909, 1), 9.1);
    }
}
