//! The French wording of numbers shared by every output: euros, points, amounts, thousands, rationals, thresholds, ratios, citations.
//!
//! One place says how a number reads in French (narrow no-break space between
//! thousands, a comma before the decimals, `−` for a negative amount), so that
//! the guide pages, the forms, the change reports, the explanations and the
//! checker's diagnostics write every amount, rate and citation alike. It reads
//! IR values and nothing else.

use crate::ir::{Amount, Provenance, RateNotation, RateThreshold, Rational};

/// A whole number with French thousands separators (narrow no-break space): `1 240`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// Cents written as French euros: `1 960 €`, `84,50 €`, `−30 €`.
pub fn euros_in_words(cents: i64) -> String {
    let negative = cents < 0;
    let cents = cents.unsigned_abs();
    let whole = group_thousands(cents / 100);
    let fraction = cents % 100;
    let sign = if negative { "−" } else { "" };
    if fraction == 0 {
        format!("{sign}{whole} €")
    } else {
        format!("{sign}{whole},{fraction:02} €")
    }
}

/// Points written with thousands separators, without the unit: `1 680`, `22,5`, `837,5`.
pub fn points_in_words(points: Rational) -> String {
    let whole = group_thousands(points.to_integer().unsigned_abs());
    if points.is_integer() {
        return whole;
    }
    let fraction = rational_in_words(num_traits::Signed::abs(&points.fract()));
    // `0,5` → `,5`: the whole part is written with its thousands.
    match fraction.strip_prefix('0') {
        Some(decimals) if decimals.starts_with(',') => format!("{whole}{decimals}"),
        _ => rational_in_words(points),
    }
}

/// The word for `points` points: « point » below two (`0 point`, `1,5 point`), « points » from
/// two on, as French writes it.
pub fn points_unit(points: Rational) -> &'static str {
    if num_traits::Signed::abs(&points) < Rational::from_integer(2) {
        "point"
    } else {
        "points"
    }
}

/// An amount in words, in the edition's unit: `280 points (1 960 €)`, `0 point (0 €)` or `490 €`.
pub fn amount_in_words(amount: Amount) -> String {
    match amount.points {
        Some(points) => format!(
            "{} {} ({})",
            points_in_words(points),
            points_unit(points),
            euros_in_words(amount.cents)
        ),
        None => euros_in_words(amount.cents),
    }
}

/// A scale in words, its measure named by its label: `5 points (35 €) par unité de « Patients
/// adressés », au plus 360 points (2 520 €)`, or `selon « Patients adressés » : de 0 à 9, 0 point
/// (0 €) ; de 10 à 49, 120 points (840 €) ; 50 et plus, 360 points (2 520 €)`.
pub fn scale_in_words(scale: &crate::ir::Scale, measure: &str) -> String {
    match scale {
        crate::ir::Scale::PerUnit { unit, cap } => format!(
            "{} par unité de « {measure} », au plus {}",
            amount_in_words(*unit),
            amount_in_words(*cap)
        ),
        crate::ir::Scale::Brackets(brackets) => {
            let brackets: Vec<String> = brackets
                .iter()
                .map(|b| {
                    format!(
                        "{}, {}",
                        bracket_range_in_words(b),
                        amount_in_words(b.amount)
                    )
                })
                .collect();
            format!("selon « {measure} » : {}", brackets.join(" ; "))
        }
    }
}

/// A bracket's values in words: `de 10 à 49`, `50 et plus`.
pub fn bracket_range_in_words(bracket: &crate::ir::Bracket) -> String {
    let from = group_thousands(bracket.from.unsigned_abs());
    match bracket.to {
        Some(to) => format!("de {from} à {}", group_thousands(to.unsigned_abs())),
        None => format!("{from} et plus"),
    }
}

/// A rational written in French decimals when it has a finite expansion (`62,5`), else as a fraction (`2/3`).
pub fn rational_in_words(value: Rational) -> String {
    if value.is_integer() {
        return value.to_integer().to_string();
    }
    let mut denominator = *value.denom();
    for factor in [2, 5] {
        while denominator % factor == 0 {
            denominator /= factor;
        }
    }
    if denominator != 1 {
        return format!("{}/{}", value.numer(), value.denom());
    }
    let mut scale = 0u32;
    let mut scaled = value;
    while !scaled.is_integer() && scale < 18 {
        scaled *= Rational::from_integer(10);
        scale += 1;
    }
    let n = scaled.to_integer();
    let unit = 10i64.pow(scale);
    let sign = if n < 0 { "-" } else { "" };
    let n = n.abs();
    format!(
        "{sign}{},{:0width$}",
        n / unit,
        n % unit,
        width = scale as usize
    )
}

/// A rate threshold with its symbol, as an explanation reads it: `≥ 70 %`, `> 2/3`.
pub fn threshold_in_words(threshold: &RateThreshold) -> String {
    format!("{} {}", threshold.op.symbol(), threshold_written(threshold))
}

/// A rate threshold as the guide writes it: `70 %`, `2/3`, `62,5 %`.
pub fn threshold_written(threshold: &RateThreshold) -> String {
    match threshold.notation {
        RateNotation::Fraction => {
            format!("{}/{}", threshold.value.numer(), threshold.value.denom())
        }
        RateNotation::Percent => format!(
            "{} %",
            rational_in_words(threshold.value * Rational::from_integer(100))
        ),
    }
}

/// A rate threshold in a sentence, as a change report reads it: `au moins 70 %`, `plus de 2/3`.
pub fn threshold_in_sentence(threshold: &RateThreshold) -> String {
    format!("{} {}", threshold.op.words(), threshold_written(threshold))
}

/// A rate as a person reads it: `1100/1300 (84,62 %)`, rounded half up to two decimals (the
/// reasons' own wording, shared with the generated code).
pub use guidec_runtime::ratio_in_words;

/// A citation after a sentence: ` [004 §1.4]`, ` [repris de 002 tableau]`, or nothing when not cited.
pub fn cite(provenance: &Option<Provenance>) -> String {
    match provenance {
        Some(p) => format!(" [{p}]"),
        None => String::new(),
    }
}

/// The French label of an evaluation status given by its contract name (`met` → `atteint`), when it is one.
pub fn status_in_words(name: &str) -> Option<&'static str> {
    Some(match name {
        "met" => "atteint",
        "not_met" => "non atteint",
        "neutralised" => "neutralisé",
        "exempt" => "exonéré",
        "missing_evidence" => "justificatif manquant",
        "unknown" => "indéterminé",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{RateNotation, ThresholdOp};

    #[test]
    fn euros_group_thousands_and_keep_cents() {
        assert_eq!(euros_in_words(124_000), "1\u{202f}240 €");
        assert_eq!(euros_in_words(8_450), "84,50 €");
        assert_eq!(euros_in_words(123_456_789), "1\u{202f}234\u{202f}567,89 €");
        assert_eq!(euros_in_words(5), "0,05 €");
        assert_eq!(euros_in_words(0), "0 €");
    }

    #[test]
    fn negative_euros_take_the_minus_sign() {
        assert_eq!(euros_in_words(-3_000), "−30 €");
        assert_eq!(euros_in_words(-126_050), "−1\u{202f}260,50 €");
        assert_eq!(euros_in_words(i64::MIN).chars().next(), Some('−'));
    }

    #[test]
    fn thousands_and_points() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1_000), "1\u{202f}000");
        assert_eq!(group_thousands(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(points_in_words(Rational::from_integer(835)), "835");
        assert_eq!(points_in_words(Rational::new(45, 2)), "22,5");
        assert_eq!(points_unit(Rational::from_integer(0)), "point");
        assert_eq!(points_unit(Rational::new(3, 2)), "point");
        assert_eq!(points_unit(Rational::from_integer(2)), "points");
        assert_eq!(points_unit(Rational::from_integer(-5)), "points");
        assert_eq!(points_in_words(Rational::new(16_751, 2)), "8\u{202f}375,5");
        assert_eq!(
            amount_in_words(Amount {
                points: Some(Rational::from_integer(280)),
                cents: 196_000
            }),
            "280 points (1\u{202f}960 €)"
        );
        assert_eq!(
            amount_in_words(Amount {
                points: None,
                cents: 49_000
            }),
            "490 €"
        );
    }

    #[test]
    fn rationals_in_decimals_or_fractions() {
        assert_eq!(rational_in_words(Rational::new(125, 2)), "62,5");
        assert_eq!(rational_in_words(Rational::new(2, 3)), "2/3");
        assert_eq!(rational_in_words(Rational::from_integer(70)), "70");
        assert_eq!(rational_in_words(Rational::new(-5, 4)), "-1,25");
        assert_eq!(rational_in_words(Rational::new(1, 40)), "0,025");
    }

    #[test]
    fn thresholds_with_symbol_or_words() {
        let percent = RateThreshold {
            op: ThresholdOp::AtLeast,
            value: Rational::new(7, 10),
            notation: RateNotation::Percent,
            provenance: None,
        };
        let fraction = RateThreshold {
            op: ThresholdOp::MoreThan,
            value: Rational::new(2, 3),
            notation: RateNotation::Fraction,
            provenance: None,
        };
        assert_eq!(threshold_in_words(&percent), "≥ 70 %");
        assert_eq!(threshold_in_words(&fraction), "> 2/3");
        assert_eq!(threshold_in_sentence(&percent), "au moins 70 %");
        assert_eq!(threshold_in_sentence(&fraction), "plus de 2/3");
        let half = RateThreshold {
            value: Rational::new(5, 8),
            ..percent
        };
        assert_eq!(threshold_in_words(&half), "≥ 62,5 %");
    }

    #[test]
    fn ratios_round_half_up() {
        assert_eq!(ratio_in_words(1100, 1300), "1100/1300 (84,62 %)");
        // 1/8 = 12,5 % exactly; 1/800 = 0,125 % rounds up to 0,13 %.
        assert_eq!(ratio_in_words(1, 8), "1/8 (12,50 %)");
        assert_eq!(ratio_in_words(1, 800), "1/800 (0,13 %)");
        // 2/3 = 66,666… % rounds to 66,67 %; 1/3 to 33,33 %.
        assert_eq!(ratio_in_words(2, 3), "2/3 (66,67 %)");
        assert_eq!(ratio_in_words(1, 3), "1/3 (33,33 %)");
        assert_eq!(ratio_in_words(300, 300), "300/300 (100,00 %)");
        assert_eq!(ratio_in_words(0, 0), "0/0");
    }

    #[test]
    fn citations() {
        let provenance = Provenance {
            source: "004".to_string(),
            file: "004.txt".to_string(),
            locator: Some("§1.4".to_string()),
            borrowed: false,
        };
        assert_eq!(cite(&Some(provenance.clone())), " [004 §1.4]");
        let borrowed = Provenance {
            borrowed: true,
            ..provenance
        };
        assert_eq!(cite(&Some(borrowed)), " [repris de 004 §1.4]");
        assert_eq!(cite(&None), "");
    }

    #[test]
    fn the_same_words_as_the_interpreter() {
        // The change report names statuses as the outcomes do.
        for status in guidec_runtime::Status::ALL {
            assert_eq!(status_in_words(status.name()), Some(status.label()));
        }
        assert_eq!(status_in_words("autre"), None);
    }
}
