//! A rate the practitioner declares on the form (a `taux` of a declarative indicator), read
//! from a case file as a percentage (`"23,5 %"`, `23`) or as counts (`{numerateur: 235,
//! denominateur: 1000}`), kept as an exact fraction, never a float, and worded back as it was
//! written.

use crate::ratio::ratio_in_words;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// At most this many decimals in a declared percentage (`23,123456 %`): the fraction's
/// denominator, `100 × 10^decimals`, stays far within `i64`.
pub const MAX_DECIMALS: u32 = 6;

/// A declared rate: `numerator / denominator`, `0 ≤ numerator ≤ denominator`, `denominator >
/// 0`, exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DeclaredRate {
    /// The numerator.
    pub numerator: i64,
    /// The denominator, never 0.
    pub denominator: i64,
    /// Written as a percentage (its denominator is `100 × 10^k`, `k` its decimals), or as counts.
    pub as_percent: bool,
}

impl DeclaredRate {
    /// Reads a percentage as the form asks it: digits, at most [`MAX_DECIMALS`] decimals after a
    /// comma (or a point), then an optional `%`; from 0 to 100. The error says why, in French.
    pub fn percent(text: &str) -> Result<DeclaredRate, String> {
        let trimmed = text.trim();
        let number = trimmed
            .strip_suffix('%')
            .map_or(trimmed, str::trim_end)
            .trim_end_matches('\u{a0}');
        let refused = || {
            format!(
                "attendu un pourcentage de 0 à 100 écrit en chiffres, au plus {MAX_DECIMALS} décimales après la virgule (`23,5 %`), ou `numerateur` et `denominateur`, trouvé `{}`",
                crate::case_file::shorten(text)
            )
        };
        let (units, decimals) = match number.split_once([',', '.']) {
            Some((units, decimals)) => (units, decimals),
            None => (number, ""),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if units.is_empty()
            || units.len() > 3
            || !digits(units)
            || !digits(decimals)
            || (number.len() > units.len() && decimals.is_empty())
        {
            return Err(refused());
        }
        let places = u32::try_from(decimals.len()).map_err(|_| refused())?;
        if places > MAX_DECIMALS {
            return Err(format!(
                "le pourcentage `{}` a plus de {MAX_DECIMALS} décimales",
                crate::case_file::shorten(text)
            ));
        }
        let scale = 10i64.checked_pow(places).ok_or_else(refused)?;
        let whole: i64 = units.parse().map_err(|_| refused())?;
        let fraction: i64 = if decimals.is_empty() {
            0
        } else {
            decimals.parse().map_err(|_| refused())?
        };
        let numerator = whole
            .checked_mul(scale)
            .and_then(|n| n.checked_add(fraction))
            .ok_or_else(refused)?;
        let denominator = scale.checked_mul(100).ok_or_else(refused)?;
        if numerator > denominator {
            return Err(format!(
                "un taux déclaré est au plus 100 %, trouvé `{}`",
                crate::case_file::shorten(text)
            ));
        }
        Ok(DeclaredRate {
            numerator,
            denominator,
            as_percent: true,
        })
    }

    /// A rate given as counts: `0 ≤ numerator ≤ denominator`, `denominator > 0`.
    pub fn counts(numerator: i64, denominator: i64) -> Result<DeclaredRate, String> {
        if denominator <= 0 {
            return Err(
                "le dénominateur d'un taux déclaré est au moins 1 : un taux sur 0 n'a pas de valeur"
                    .into(),
            );
        }
        if numerator < 0 || numerator > denominator {
            return Err(format!(
                "le numérateur ({numerator}) dépasse le dénominateur ({denominator}) : attendu `numerateur` ≤ `denominateur`"
            ));
        }
        Ok(DeclaredRate {
            numerator,
            denominator,
            as_percent: false,
        })
    }

    /// The rate as the practitioner wrote it: `23,5 %` (exact, no trailing zero) for a
    /// percentage, `235/1000 (23,50 %)` for counts.
    pub fn in_words(&self) -> String {
        let scale = self.denominator.checked_div(100).unwrap_or(0);
        if !self.as_percent || scale <= 0 {
            return ratio_in_words(self.numerator, self.denominator);
        }
        let units = self.numerator.checked_div(scale).unwrap_or(0);
        let rest = self.numerator.checked_rem(scale).unwrap_or(0);
        let places = scale.checked_ilog10().unwrap_or(0);
        let width = usize::try_from(places).unwrap_or(0);
        let decimals = format!("{rest:0width$}");
        let decimals = decimals.trim_end_matches('0');
        if decimals.is_empty() {
            format!("{units} %")
        } else {
            format!("{units},{decimals} %")
        }
    }
}

impl<'de> Deserialize<'de> for DeclaredRate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<DeclaredRate, D::Error> {
        deserializer.deserialize_any(DeclaredVisitor)
    }
}

struct DeclaredVisitor;

impl<'de> Visitor<'de> for DeclaredVisitor {
    type Value = DeclaredRate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("un pourcentage (`23,5 %`) ou `numerateur` et `denominateur`")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<DeclaredRate, E> {
        DeclaredRate::percent(&value.to_string()).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<DeclaredRate, E> {
        DeclaredRate::percent(&value.to_string()).map_err(E::custom)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<DeclaredRate, E> {
        DeclaredRate::percent(if value { "oui" } else { "non" }).map_err(E::custom)
    }

    fn visit_unit<E: de::Error>(self) -> Result<DeclaredRate, E> {
        DeclaredRate::percent("").map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, _value: f64) -> Result<DeclaredRate, E> {
        Err(E::custom(
            "un taux déclaré s'écrit entre guillemets avec une virgule (`\"23,5 %\"`), jamais comme un nombre décimal",
        ))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<DeclaredRate, E> {
        DeclaredRate::percent(text).map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DeclaredRate, A::Error> {
        let counts = DeclaredCounts::deserialize(de::value::MapAccessDeserializer::new(map))?;
        match (counts.numerateur, counts.denominateur) {
            (Some(numerator), Some(denominator)) => {
                DeclaredRate::counts(numerator, denominator).map_err(de::Error::custom)
            }
            _ => Err(de::Error::custom(
                "donnez `numerateur` et `denominateur`, ou un pourcentage (`23,5 %`)",
            )),
        }
    }
}

/// A declared rate given as counts, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeclaredCounts {
    #[serde(default)]
    numerateur: Option<i64>,
    #[serde(default)]
    denominateur: Option<i64>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_exact_fractions() {
        let rate = DeclaredRate::percent("23,5 %").unwrap();
        assert_eq!((rate.numerator, rate.denominator), (235, 1000));
        assert_eq!(rate.in_words(), "23,5 %");
        let rate = DeclaredRate::percent("20").unwrap();
        assert_eq!((rate.numerator, rate.denominator), (20, 100));
        assert_eq!(rate.in_words(), "20 %");
        assert_eq!(
            DeclaredRate::percent("19.99%").unwrap().in_words(),
            "19,99 %"
        );
        assert_eq!(
            DeclaredRate::percent("20,50 %").unwrap().in_words(),
            "20,5 %"
        );
        assert_eq!(DeclaredRate::percent("100 %").unwrap().in_words(), "100 %");
        assert_eq!(
            DeclaredRate::percent("0,000001 %").unwrap().in_words(),
            "0,000001 %"
        );
    }

    #[test]
    fn a_bad_percentage_says_why() {
        for bad in [
            "", "%", "abc", "-3 %", "23,", ",5", "1 000", "2/3", "23,5 %%", "1e3",
        ] {
            let error = DeclaredRate::percent(bad).unwrap_err();
            assert!(
                error.starts_with("attendu un pourcentage"),
                "{bad}: {error}"
            );
        }
        assert_eq!(
            DeclaredRate::percent("100,5 %").unwrap_err(),
            "un taux déclaré est au plus 100 %, trouvé `100,5 %`"
        );
        assert!(DeclaredRate::percent("1,1234567")
            .unwrap_err()
            .contains("plus de 6 décimales"));
    }

    #[test]
    fn counts_are_ordered_over_a_denominator_of_one_at_least() {
        let rate = DeclaredRate::counts(230, 1000).unwrap();
        assert_eq!(rate.in_words(), "230/1000 (23,00 %)");
        assert!(DeclaredRate::counts(3, 0)
            .unwrap_err()
            .contains("au moins 1"));
        assert!(DeclaredRate::counts(4, 3).unwrap_err().contains("dépasse"));
        assert!(DeclaredRate::counts(-1, 3).is_err());
    }
}
