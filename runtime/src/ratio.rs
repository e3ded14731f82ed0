//! Exact rates: a rate compared with a threshold by cross-multiplication in `i128` (2/3 is 2/3), and a rate in words as reasons write it.

use std::cmp::Ordering;

/// How `numerator/denominator` compares with `limit_numerator/limit_denominator`, exactly
/// (denominators positive): by cross-multiplication in `i128`, where no product of two `i64`
/// overflows.
#[inline]
pub fn compare(
    numerator: i64,
    denominator: i64,
    limit_numerator: i64,
    limit_denominator: i64,
) -> Ordering {
    let left = i128::from(numerator).saturating_mul(i128::from(limit_denominator));
    let right = i128::from(limit_numerator).saturating_mul(i128::from(denominator));
    left.cmp(&right)
}

/// Whether `numerator/denominator ≥ limit_numerator/limit_denominator`, exactly (denominators
/// positive).
#[inline]
pub fn at_least(
    numerator: i64,
    denominator: i64,
    limit_numerator: i64,
    limit_denominator: i64,
) -> bool {
    compare(numerator, denominator, limit_numerator, limit_denominator) != Ordering::Less
}

/// Whether `numerator/denominator > limit_numerator/limit_denominator`, exactly (denominators
/// positive).
#[inline]
pub fn more_than(
    numerator: i64,
    denominator: i64,
    limit_numerator: i64,
    limit_denominator: i64,
) -> bool {
    compare(numerator, denominator, limit_numerator, limit_denominator) == Ordering::Greater
}

/// A rate as a person reads it: `1100/1300 (84,62 %)`, the percentage rounded half up to two
/// decimals with a decimal comma; `n/0` alone when the denominator is zero.
pub fn ratio_in_words(numerator: i64, denominator: i64) -> String {
    let n = i128::from(numerator);
    let d = i128::from(denominator);
    // Twice the hundredths of a percent, truncated: adding one and halving rounds half up.
    match n.saturating_mul(20_000).checked_div(d) {
        None => format!("{numerator}/{denominator}"),
        Some(twice) => {
            let hundredths = twice.saturating_add(1).checked_div(2).unwrap_or(0);
            let units = hundredths.checked_div(100).unwrap_or(0);
            let rest = hundredths.checked_rem(100).unwrap_or(0);
            format!("{numerator}/{denominator} ({units},{rest:02} %)")
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_compare_exactly() {
        // 2/3 is 2/3: 666 666/1 000 000 is below it, 2 000 000/3 000 000 is on it.
        assert!(!at_least(666_666, 1_000_000, 2, 3));
        assert!(at_least(2_000_000, 3_000_000, 2, 3));
        assert!(!more_than(2_000_000, 3_000_000, 2, 3));
        assert!(more_than(2_000_001, 3_000_000, 2, 3));
        // 70 %: 699/1000 is not, 700/1000 is.
        assert!(!at_least(699, 1000, 70, 100));
        assert!(at_least(700, 1000, 70, 100));
        assert!(!more_than(700, 1000, 70, 100));
        assert_eq!(compare(1, 2, 2, 4), Ordering::Equal);
        assert_eq!(compare(0, 1, 0, 5), Ordering::Equal);
        // No overflow at the ends of i64.
        assert!(at_least(i64::MAX, i64::MAX, 1, 1));
        assert!(!more_than(i64::MAX - 1, i64::MAX, 1, 1));
        assert!(more_than(i64::MAX, i64::MAX - 1, 1, 1));
    }

    /// The rounding as the interpreter writes it, on a grid of small rates.
    #[test]
    fn rates_in_words_round_half_up_to_two_decimals() {
        assert_eq!(ratio_in_words(1100, 1300), "1100/1300 (84,62 %)");
        assert_eq!(ratio_in_words(2, 3), "2/3 (66,67 %)");
        assert_eq!(ratio_in_words(1, 3), "1/3 (33,33 %)");
        assert_eq!(ratio_in_words(0, 5), "0/5 (0,00 %)");
        assert_eq!(ratio_in_words(5, 5), "5/5 (100,00 %)");
        assert_eq!(ratio_in_words(1, 8), "1/8 (12,50 %)");
        // 1/20 000 is 0,005 %, half of a hundredth: rounded up; 1/80 000 is less: down.
        assert_eq!(ratio_in_words(1, 20_000), "1/20000 (0,01 %)");
        assert_eq!(ratio_in_words(1, 80_000), "1/80000 (0,00 %)");
        assert_eq!(ratio_in_words(7, 0), "7/0");
        for denominator in 1..=200i64 {
            for numerator in 0..=denominator {
                let exact = numerator * 10_000 * 2 / denominator;
                let hundredths = (exact + 1) / 2;
                assert_eq!(
                    ratio_in_words(numerator, denominator),
                    format!(
                        "{numerator}/{denominator} ({},{:02} %)",
                        hundredths / 100,
                        hundredths % 100
                    )
                );
            }
        }
    }
}
