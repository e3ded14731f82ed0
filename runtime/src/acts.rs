//! Acts and the rate over acts: an act as a case file writes it, checked and read into 16 bytes; a rate's data (counts or acts), checked as it is read; the first secure claim and the individualised period's start.

use crate::calendar::Date;
use serde::Deserialize;
use std::fmt;

/// Transmission modes (`sesam_vitale`, `sesam_sans_vitale`, `degrade`, `papier`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// FSE with the Carte Vitale.
    SesamVitale,
    /// FSE in SESAM sans Vitale.
    SesamSansVitale,
    /// Degraded mode.
    Degrade,
    /// Paper.
    Papier,
}

impl Mode {
    /// Whether the act was sent as a secure electronic claim (SESAM-Vitale, SESAM sans Vitale).
    #[inline]
    pub fn is_secure(self) -> bool {
        matches!(self, Mode::SesamVitale | Mode::SesamSansVitale)
    }
}

/// Billing routes (`standard`, `cerfa_s3404`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Billing {
    /// The usual route.
    #[default]
    Standard,
    /// Electronic billing of health establishments on CERFA S3404.
    CerfaS3404,
}

/// An act as a case file writes it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActInput {
    /// Date of the act.
    pub date: Date,
    /// Transmission mode.
    pub mode: Mode,
    /// Beneficiary with the aide médicale d'État.
    #[serde(default)]
    pub ame: bool,
    /// Beneficiary with a provisional NIR.
    #[serde(default)]
    pub nir_provisoire: bool,
    /// Beneficiary living in an EHPAD at the act.
    #[serde(default)]
    pub ehpad: bool,
    /// A télésoin act.
    #[serde(default, alias = "télésoin")]
    pub telesoin: bool,
    /// Billing route.
    #[serde(default)]
    pub facturation: Billing,
    /// The beneficiary's age at the act, in days, 0 to [`MAX_AGE_DAYS`].
    #[serde(default, deserialize_with = "age_in_days")]
    pub age_jours: Option<i64>,
    /// The beneficiary's birth date.
    #[serde(default)]
    pub naissance: Option<Date>,
    /// How many identical acts this line stands for (1 when not written).
    #[serde(default = "one")]
    pub nombre: u32,
}

fn one() -> u32 {
    1
}

/// Reads an age in days: a whole number from 0 to [`MAX_AGE_DAYS`].
fn age_in_days<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    match Option::<u64>::deserialize(deserializer)? {
        None => Ok(None),
        Some(days) => match i64::try_from(days) {
            Ok(days) if days <= MAX_AGE_DAYS => Ok(Some(days)),
            _ => Err(serde::de::Error::custom(format!(
                "un âge en jours va de 0 à {MAX_AGE_DAYS} (150 ans), trouvé {days}"
            ))),
        },
    }
}

/// The oldest age in days an act may give for its beneficiary (150 years of 366 days), as the
/// case reader accepts it.
pub const MAX_AGE_DAYS: i64 = 150 * 366;

/// An act, its beneficiary's birth date worked out as it is read, in 16 bytes: an evaluation
/// reads a case's acts one after the other, and the fewer memory lines they span, the less it
/// waits for them.
#[derive(Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "ActInput")]
pub struct Act {
    /// Date.
    pub date: Date,
    /// Birth date of the beneficiary, when known.
    pub birth: Option<Date>,
    /// How many identical acts.
    pub count: u32,
    /// Mode.
    pub mode: Mode,
    /// Billing route.
    pub billing: Billing,
    /// AME, provisional NIR, EHPAD, télésoin: a bit each, read by the methods of those names.
    flags: u8,
}

impl fmt::Debug for Act {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Act")
            .field("date", &self.date)
            .field("birth", &self.birth)
            .field("count", &self.count)
            .field("mode", &self.mode)
            .field("billing", &self.billing)
            .field("ame", &self.ame())
            .field("nir_provisoire", &self.nir_provisoire())
            .field("ehpad", &self.ehpad())
            .field("telesoin", &self.telesoin())
            .finish()
    }
}

impl TryFrom<ActInput> for Act {
    type Error = String;

    /// The act of a checked line: [`Act::check`], then [`Act::from_input`].
    fn try_from(input: ActInput) -> Result<Act, String> {
        Act::check(&input)?;
        Ok(Act::from_input(&input))
    }
}

impl Act {
    const AME: u8 = 1;
    const NIR_PROVISOIRE: u8 = 2;
    const EHPAD: u8 = 4;
    const TELESOIN: u8 = 8;

    /// Whether a case file's line is one every engine accepts: a birth date or an age, not
    /// both; a birth date on or before the act; an age that gives a birth in the calendar.
    pub fn check(input: &ActInput) -> Result<(), String> {
        match (input.naissance, input.age_jours) {
            (Some(_), Some(_)) => Err("donnez `naissance` ou `age_jours`, pas les deux".into()),
            (Some(birth), None) if birth > input.date => Err(format!(
                "la naissance ({birth:?}) tombe après l'acte ({:?})",
                input.date
            )),
            (None, Some(days))
                if !(0..=MAX_AGE_DAYS).contains(&days)
                    || input.date.days_before(days).is_none() =>
            {
                Err(format!(
                    "un âge de {days} jours à l'acte du {:?} place la naissance hors du calendrier",
                    input.date
                ))
            }
            _ => Ok(()),
        }
    }

    /// The act of a case file's line. The birth is the birth date, or the act's date less the
    /// age in days; a birth date after the act, an age outside 0 to [`MAX_AGE_DAYS`], or both
    /// a birth date and an age leave the birth unknown.
    pub fn from_input(input: &ActInput) -> Act {
        let birth = match (input.naissance, input.age_jours) {
            (Some(birth), None) if birth <= input.date => Some(birth),
            (None, Some(days)) if (0..=MAX_AGE_DAYS).contains(&days) => {
                input.date.days_before(days)
            }
            _ => None,
        };
        let flag = |set: bool, bit: u8| if set { bit } else { 0 };
        let flags = flag(input.ame, Act::AME)
            | flag(input.nir_provisoire, Act::NIR_PROVISOIRE)
            | flag(input.ehpad, Act::EHPAD)
            | flag(input.telesoin, Act::TELESOIN);
        Act {
            date: input.date,
            birth,
            count: input.nombre,
            mode: input.mode,
            billing: input.facturation,
            flags,
        }
    }

    /// The beneficiary has the aide médicale d'État.
    #[inline]
    pub fn ame(&self) -> bool {
        self.flags & Act::AME != 0
    }

    /// The beneficiary has a provisional NIR.
    #[inline]
    pub fn nir_provisoire(&self) -> bool {
        self.flags & Act::NIR_PROVISOIRE != 0
    }

    /// The beneficiary lived in an EHPAD at the act.
    #[inline]
    pub fn ehpad(&self) -> bool {
        self.flags & Act::EHPAD != 0
    }

    /// A télésoin act.
    #[inline]
    pub fn telesoin(&self) -> bool {
        self.flags & Act::TELESOIN != 0
    }
}

/// A rate as a case file writes it: its counts, or the acts it is computed from; read only
/// when it is one or the other, with `numerateur ≤ denominateur` ([`RateLine`] is what is
/// written).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RateLine")]
pub struct RateInput {
    /// Acts in the numerator (counts given directly).
    pub numerateur: Option<i64>,
    /// Acts in the denominator (counts given directly).
    pub denominateur: Option<i64>,
    /// The acts, from which exclusions and the period are applied, each read into an [`Act`].
    pub actes: Option<Vec<Act>>,
}

/// A rate as written, before it is checked into a [`RateInput`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLine {
    /// Acts in the numerator.
    pub numerateur: Option<i64>,
    /// Acts in the denominator.
    pub denominateur: Option<i64>,
    /// The acts.
    pub actes: Option<Vec<Act>>,
}

/// Why counts are refused, or `None`: both given, `numerateur ≤ denominateur`.
fn counts_refused(numerator: Option<i64>, denominator: Option<i64>) -> Option<String> {
    match (numerator, denominator) {
        (Some(n), Some(d)) if n > d => Some(format!(
            "le numérateur ({n}) dépasse le dénominateur ({d}) : attendu `numerateur` ≤ `denominateur`"
        )),
        (Some(_), Some(_)) => None,
        _ => Some("donnez `numerateur` et `denominateur`".into()),
    }
}

impl TryFrom<RateLine> for RateInput {
    type Error = String;

    fn try_from(line: RateLine) -> Result<RateInput, String> {
        match (&line.actes, line.numerateur, line.denominateur) {
            (Some(_), None, None) => {}
            (None, n, d) => {
                if let Some(refused) = counts_refused(n, d) {
                    return Err(format!("{refused}, ou `actes`"));
                }
            }
            _ => {
                return Err(
                    "donnez `numerateur` et `denominateur`, ou `actes`, pas les deux".into(),
                )
            }
        }
        Ok(RateInput {
            numerateur: line.numerateur,
            denominateur: line.denominateur,
            actes: line.actes,
        })
    }
}

/// A rate's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateData<'a> {
    /// Counts given directly.
    Counts {
        /// Numerator.
        numerator: i64,
        /// Denominator.
        denominator: i64,
    },
    /// Acts.
    Acts(&'a [Act]),
}

/// A rate's data as the case validator accepts it: acts alone, or
/// `0 ≤ numerateur ≤ denominateur`; anything else is no data.
#[inline]
pub fn rate_data(input: Option<&RateInput>) -> Option<RateData<'_>> {
    let input = input?;
    match (&input.actes, input.numerateur, input.denominateur) {
        (Some(acts), None, None) => Some(RateData::Acts(acts)),
        (None, Some(numerator), Some(denominator)) => {
            if numerator < 0 || denominator < 0 || numerator > denominator {
                None
            } else {
                Some(RateData::Counts {
                    numerator,
                    denominator,
                })
            }
        }
        _ => None,
    }
}

/// A rate measured by the insurer and given as counts only: its spec states no numerator, so
/// it is not computed from acts, and a case file that gives it acts is refused; read only with
/// both counts, `numerateur ≤ denominateur`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "CountsLine")]
pub struct CountsInput {
    /// The numerator.
    pub numerateur: Option<i64>,
    /// The denominator.
    pub denominateur: Option<i64>,
}

/// Counts as written, before they are checked into [`CountsInput`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CountsLine {
    /// The numerator.
    pub numerateur: Option<i64>,
    /// The denominator.
    pub denominateur: Option<i64>,
}

impl TryFrom<CountsLine> for CountsInput {
    type Error = String;

    fn try_from(line: CountsLine) -> Result<CountsInput, String> {
        match counts_refused(line.numerateur, line.denominateur) {
            Some(refused) => Err(refused),
            None => Ok(CountsInput {
                numerateur: line.numerateur,
                denominateur: line.denominateur,
            }),
        }
    }
}

/// A rate given as counts, as the case validator accepts it: `0 ≤ numerateur ≤
/// denominateur`; anything else is no data.
#[inline]
pub fn counts_data(input: Option<&CountsInput>) -> Option<RateData<'static>> {
    let input = input?;
    match (input.numerateur, input.denominateur) {
        (Some(numerator), Some(denominator)) if 0 <= numerator && numerator <= denominator => {
            Some(RateData::Counts {
                numerator,
                denominator,
            })
        }
        _ => None,
    }
}

/// The date of the first act of `year` sent in a secure mode (SESAM-Vitale, SESAM sans
/// Vitale); a line that stands for no act (`nombre: 0`) is no FSE.
#[inline]
pub fn first_secure_claim(acts: &[Act], year: i32) -> Option<Date> {
    acts.iter()
        .filter(|act| act.count > 0 && act.mode.is_secure() && act.date.year() == year)
        .map(|act| act.date)
        .min()
}

/// The individualised period's first day: the 1st of the month after the first FSE of `year`
/// (the 1st of December for a first FSE in December), else the 1st of January.
#[inline]
pub fn individual_start(first: Option<Date>, year: i32) -> Date {
    match first {
        Some(first) if first.year() == year && first.month() == 12 => {
            Date::first_of_month(year, 12)
        }
        Some(first) if first.year() == year => {
            Date::first_of_month(year, first.month().saturating_add(1))
        }
        _ => Date::first_of_year(year),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn date(year: i32, month: u32, day: u32) -> Date {
        Date::from_ymd(year, month, day).unwrap()
    }

    fn act(json: &str) -> Act {
        crate::case_file::from_str(json).unwrap()
    }

    fn refused(json: &str) -> String {
        crate::case_file::from_str::<Act>(json)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn acts_take_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Act>(), 16);
    }

    #[test]
    fn acts_read_as_case_files_write_them() {
        let read = act(r#"{"date": "2025-05-12", "mode": "sesam_vitale"}"#);
        assert_eq!(read.date, date(2025, 5, 12));
        assert_eq!(read.mode, Mode::SesamVitale);
        assert_eq!(read.billing, Billing::Standard);
        assert_eq!(read.count, 1);
        assert_eq!(read.birth, None);
        assert!(!(read.ame() || read.nir_provisoire() || read.ehpad() || read.telesoin()));

        let flagged = act(
            r#"{"date": "2025-07-01", "mode": "papier", "ame": true, "ehpad": true, "télésoin": true, "facturation": "cerfa_s3404", "nombre": 50}"#,
        );
        assert!(flagged.ame() && flagged.ehpad() && flagged.telesoin());
        assert!(!flagged.nir_provisoire());
        assert_eq!(flagged.billing, Billing::CerfaS3404);
        assert_eq!(flagged.count, 50);
        let nir = act(r#"{"date": "2025-07-01", "mode": "degrade", "nir_provisoire": true}"#);
        assert!(nir.nir_provisoire() && !nir.ame());

        assert!(refused(r#"{"date": "2025-07-01", "mode": "fax"}"#).contains("`fax`"));
        assert!(refused(r#"{"date": "2025-07-01", "mode": "papier", "x": 1}"#).contains("`x`"));
        assert!(refused(r#"{"mode": "papier"}"#).contains("`date` manque"));
    }

    #[test]
    fn the_birth_comes_from_a_birth_date_or_an_age_in_days() {
        let born = act(r#"{"date": "2025-09-15", "mode": "degrade", "naissance": "2025-08-01"}"#);
        assert_eq!(born.birth, Some(date(2025, 8, 1)));
        let aged = act(r#"{"date": "2025-03-01", "mode": "degrade", "age_jours": 1}"#);
        assert_eq!(aged.birth, Some(date(2025, 2, 28)));
        let newborn = act(r#"{"date": "2025-03-01", "mode": "degrade", "age_jours": 0}"#);
        assert_eq!(newborn.birth, Some(date(2025, 3, 1)));
        let oldest = act(r#"{"date": "2025-03-01", "mode": "degrade", "age_jours": 54900}"#);
        assert_eq!(oldest.birth, date(2025, 3, 1).days_before(MAX_AGE_DAYS));
        // Refused: born after the act, too old, a negative age, or both given.
        for (json, why) in [
            (
                r#"{"date": "2025-09-15", "mode": "degrade", "naissance": "2025-09-16"}"#,
                "après l'acte",
            ),
            (
                r#"{"date": "2025-09-15", "mode": "degrade", "age_jours": 54901}"#,
                "0 à 54900",
            ),
            (
                r#"{"date": "2025-09-15", "mode": "degrade", "age_jours": -1}"#,
                "sans signe",
            ),
            (
                r#"{"date": "2025-09-15", "mode": "degrade", "age_jours": 3, "naissance": "2025-09-12"}"#,
                "pas les deux",
            ),
        ] {
            assert!(refused(json).contains(why), "{json}: {}", refused(json));
        }
    }

    #[test]
    fn rate_data_is_acts_alone_or_ordered_counts() {
        let counts = |n: Option<i64>, d: Option<i64>| RateInput {
            numerateur: n,
            denominateur: d,
            actes: None,
        };
        assert_eq!(
            rate_data(Some(&counts(Some(2), Some(3)))),
            Some(RateData::Counts {
                numerator: 2,
                denominator: 3
            })
        );
        assert!(rate_data(Some(&counts(Some(0), Some(0)))).is_some());
        assert_eq!(rate_data(Some(&counts(Some(4), Some(3)))), None);
        assert_eq!(rate_data(Some(&counts(Some(-1), Some(3)))), None);
        assert_eq!(rate_data(Some(&counts(Some(1), None))), None);
        assert_eq!(rate_data(Some(&counts(None, None))), None);
        assert_eq!(rate_data(None), None);
        let acts = vec![act(r#"{"date": "2025-05-12", "mode": "papier"}"#)];
        let with_acts = RateInput {
            actes: Some(acts.clone()),
            ..RateInput::default()
        };
        assert_eq!(rate_data(Some(&with_acts)), Some(RateData::Acts(&acts)));
        let both = RateInput {
            numerateur: Some(1),
            ..with_acts.clone()
        };
        assert_eq!(rate_data(Some(&both)), None);
    }

    #[test]
    fn the_individualised_period_starts_the_month_after_the_first_fse() {
        let acts = [
            act(r#"{"date": "2024-03-01", "mode": "sesam_vitale"}"#),
            act(r#"{"date": "2025-04-20", "mode": "papier"}"#),
            act(r#"{"date": "2025-06-03", "mode": "sesam_sans_vitale"}"#),
            act(r#"{"date": "2025-05-12", "mode": "sesam_vitale"}"#),
            act(r#"{"date": "2025-01-02", "mode": "degrade"}"#),
        ];
        let first = first_secure_claim(&acts, 2025);
        assert_eq!(first, Some(date(2025, 5, 12)));
        assert_eq!(individual_start(first, 2025), date(2025, 6, 1));
        assert_eq!(first_secure_claim(&acts, 2023), None);
        assert_eq!(individual_start(None, 2025), date(2025, 1, 1));
        assert_eq!(
            individual_start(Some(date(2025, 12, 10)), 2025),
            date(2025, 12, 1)
        );
        assert_eq!(
            individual_start(Some(date(2025, 11, 30)), 2025),
            date(2025, 12, 1)
        );
        assert_eq!(
            individual_start(Some(date(2024, 5, 1)), 2025),
            date(2025, 1, 1)
        );
    }
}
