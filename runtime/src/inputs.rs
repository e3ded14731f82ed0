//! Case inputs common to every edition: yes/no answers, where a piece of evidence stands, declared software, and map entries that must have a value.

use crate::calendar::Date;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// A yes/no answer (`oui`, `non`), numbered as [`Truth`](crate::Truth) is; read as every
/// yes/no of a case file is (`crate::case_file::yes_no`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Answer {
    /// No.
    No = 0,
    /// Yes.
    Yes = 1,
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Answer, D::Error> {
        Ok(if bool::deserialize(deserializer)? {
            Answer::Yes
        } else {
            Answer::No
        })
    }
}

/// Where the practitioner stands with a piece of evidence (`envoyé`, `validé`, `absent`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
pub enum EvidenceState {
    /// Sent this year.
    #[serde(rename = "envoyé", alias = "envoye")]
    Sent,
    /// Validated by the caisse in an earlier year, still valid.
    #[serde(rename = "validé", alias = "valide")]
    Validated,
    /// Not sent.
    #[serde(rename = "absent")]
    Missing,
}

/// Whether a required document counts as sent: sent this year, or validated earlier unless the
/// software vendor changed since.
#[inline]
pub fn evidence_sent(state: Option<EvidenceState>, vendor_changed: bool) -> bool {
    (state == Some(EvidenceState::Sent))
        | ((state == Some(EvidenceState::Validated)) & !vendor_changed)
}

/// A declared software (`editeur`, `nom`, `version`, `acquisition`, each optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Software {
    /// Vendor.
    pub editeur: Option<String>,
    /// Name.
    pub nom: Option<String>,
    /// Version.
    pub version: Option<String>,
    /// Acquisition date.
    pub acquisition: Option<Date>,
}

/// A declared software as an evaluation reads it: its acquisition date beside the case, so that
/// testing it reads no other memory, and the rest of the declaration boxed (the case stays
/// small).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Declared {
    /// Acquisition date.
    pub acquisition: Option<Date>,
    /// The whole declaration.
    pub details: Box<Software>,
}

impl<'de> Deserialize<'de> for Declared {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Declared, D::Error> {
        let details = Software::deserialize(deserializer)?;
        Ok(Declared {
            acquisition: details.acquisition,
            details: Box::new(details),
        })
    }
}

/// Reads a map entry that must have a value when it is written: with
/// `#[serde(default, deserialize_with = "present")]`, an absent entry is `None` and `metier:`
/// alone is refused, as the case reader refuses it.
pub fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// The outcome worked out by hand (`attendu`), for tests; every field given must match. Every
/// engine reads it, so that a case file with a broken `attendu` is refused by all of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The total, in cents.
    #[serde(default)]
    pub total_cents: Option<i64>,
    /// Whether part of the total is undetermined.
    #[serde(default)]
    pub total_incomplete: Option<bool>,
    /// Per section.
    #[serde(default)]
    pub sections: BTreeMap<String, ExpectedSection>,
    /// Per indicator.
    #[serde(default)]
    pub indicateurs: BTreeMap<String, ExpectedIndicator>,
}

/// A section's expected outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedSection {
    /// Unlocked or not.
    #[serde(default)]
    pub unlocked: Option<bool>,
    /// What it pays, in cents.
    #[serde(default)]
    pub amount_cents: Option<i64>,
    /// Whether part of what it pays is undetermined.
    #[serde(default)]
    pub incomplete: Option<bool>,
}

/// An indicator's expected outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedIndicator {
    /// Its status (`met`, `not_met`, …).
    #[serde(default)]
    pub status: Option<String>,
    /// What it pays, in cents; `null` (`~`) when its amount is expected undetermined.
    #[serde(default, deserialize_with = "given_or_null")]
    pub amount_cents: Option<Option<i64>>,
    /// The most it can pay, when its amount is undetermined.
    #[serde(default)]
    pub max_cents: Option<i64>,
}

/// A field that may be given as `null`: absent is `None`, `null` is `Some(None)`.
fn given_or_null<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<i64>>, D::Error> {
    Option::<i64>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn answers_and_evidence_read_as_case_files_write_them() {
        let read = crate::case_file::from_str::<Answer>;
        assert_eq!(read("oui").unwrap(), Answer::Yes);
        assert_eq!(read("non").unwrap(), Answer::No);
        assert_eq!(read("true").unwrap(), Answer::Yes);
        assert_eq!(read("\"oui\"").unwrap(), Answer::Yes);
        for odd in ["yes", "\" oui\"", "y", "on", "1", "Oui"] {
            assert!(read(odd).is_err(), "{odd}");
        }
        for (text, state) in [
            ("envoyé", EvidenceState::Sent),
            ("envoye", EvidenceState::Sent),
            ("validé", EvidenceState::Validated),
            ("valide", EvidenceState::Validated),
            ("absent", EvidenceState::Missing),
        ] {
            assert_eq!(
                crate::case_file::from_str::<EvidenceState>(&format!("\"{text}\"")).unwrap(),
                state
            );
        }
    }

    #[test]
    fn evidence_validated_earlier_counts_unless_the_vendor_changed() {
        assert!(evidence_sent(Some(EvidenceState::Sent), false));
        assert!(evidence_sent(Some(EvidenceState::Sent), true));
        assert!(evidence_sent(Some(EvidenceState::Validated), false));
        assert!(!evidence_sent(Some(EvidenceState::Validated), true));
        assert!(!evidence_sent(Some(EvidenceState::Missing), false));
        assert!(!evidence_sent(None, false));
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Roles {
        #[serde(default, deserialize_with = "present")]
        metier: Option<Software>,
    }

    #[test]
    fn software_entries_must_have_a_value_when_written() {
        let absent: Roles = crate::case_file::from_str("{}").unwrap();
        assert_eq!(absent.metier, None);
        let empty: Roles = crate::case_file::from_str(r#"{"metier": {}}"#).unwrap();
        assert_eq!(empty.metier, Some(Software::default()));
        assert!(crate::case_file::from_str::<Roles>(r#"{"metier": null}"#).is_err());
        let full: Roles = crate::case_file::from_str(
            r#"{"metier": {"editeur": "É", "nom": "L", "version": "5.2", "acquisition": "2025-04-02"}}"#,
        )
        .unwrap();
        let software = full.metier.unwrap();
        assert_eq!(software.acquisition, Date::from_ymd(2025, 4, 2));
        assert!(crate::case_file::from_str::<Software>(r#"{"marque": "X"}"#).is_err());
    }
}
