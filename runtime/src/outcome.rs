//! Statuses and outcomes: what became of an indicator and a section, as the JSON contract of `guidec eval --format json` writes them.

use serde::{Deserialize, Serialize};

/// Whether reasons are written (they cost allocations; the figures never depend on them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Explain {
    /// Write every reason.
    Yes,
    /// Statuses and amounts only.
    No,
}

/// What became of an indicator. Serialises as its contract name ([`Status::name`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every condition holds.
    Met,
    /// A condition fails.
    NotMet,
    /// Counted as met for everyone this year.
    Neutralised,
    /// Met thanks to an exemption.
    Exempt,
    /// Met, but evidence required is missing.
    MissingEvidence,
    /// An input the rule needs is absent.
    Unknown,
}

impl Status {
    /// Every status, in the contract's order.
    pub const ALL: [Status; 6] = [
        Status::Met,
        Status::NotMet,
        Status::Neutralised,
        Status::Exempt,
        Status::MissingEvidence,
        Status::Unknown,
    ];

    /// Whether it counts as met for gating and payment: met, neutralised or exempt.
    #[inline]
    pub fn counts_as_met(self) -> bool {
        matches!(self, Status::Met | Status::Neutralised | Status::Exempt)
    }

    /// The contract's name: `met`, `not_met`, `neutralised`, `exempt`, `missing_evidence`,
    /// `unknown`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not_met",
            Status::Neutralised => "neutralised",
            Status::Exempt => "exempt",
            Status::MissingEvidence => "missing_evidence",
            Status::Unknown => "unknown",
        }
    }

    /// The status of a contract name (the inverse of [`Status::name`]).
    pub fn from_name(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.name() == name)
    }

    /// In French, for people: `atteint`, `non atteint`, `neutralisé`, `exonéré`,
    /// `justificatif manquant`, `indéterminé`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "atteint",
            Status::NotMet => "non atteint",
            Status::Neutralised => "neutralisé",
            Status::Exempt => "exonéré",
            Status::MissingEvidence => "justificatif manquant",
            Status::Unknown => "indéterminé",
        }
    }
}

/// An indicator's outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorOutcome {
    /// Its status.
    pub status: Status,
    /// What it pays, in cents (0 when its section is paid as a whole); `None` (JSON `null`) when
    /// it is paid but its amount cannot be determined (`montant inconnu`, a scale no source
    /// gives): never a silent 0.
    pub amount_cents: Option<i64>,
    /// The most it can pay, when its amount is undetermined and its maximum is known; absent
    /// from the JSON otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_cents: Option<i64>,
    /// Why, each reason citing its provenance.
    pub reasons: Vec<String>,
    /// An optional indicator of a prerequisite section (`facultatif`): its section is met
    /// without it, and it pays its own amount on top; absent from the JSON when false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
}

/// A section's outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionOutcome {
    /// Whether it pays.
    pub unlocked: bool,
    /// What it pays, in cents: only what is known of it when `incomplete`.
    pub amount_cents: i64,
    /// Part of what it pays cannot be determined (an indicator's amount is `null`); absent from
    /// the JSON when false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub incomplete: bool,
}

/// For serde: a flag written only when set.
#[inline]
pub fn is_false(flag: &bool) -> bool {
    !*flag
}

/// What a paid indicator's amount comes to in a sum: its cents, 0 when undetermined.
#[inline]
pub fn known_cents(amount: Option<i64>) -> i64 {
    amount.unwrap_or(0)
}

/// The sum of amounts in cents, saturating at the bounds of `i64` instead of overflowing.
#[inline]
pub fn sum(amounts: &[i64]) -> i64 {
    amounts
        .iter()
        .fold(0i64, |total, amount| total.saturating_add(*amount))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn statuses_serialise_as_their_contract_names_and_read_back() {
        for status in Status::ALL {
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.name()));
            assert_eq!(serde_json::from_str::<Status>(&json).unwrap(), status);
            assert_eq!(Status::from_name(status.name()), Some(status));
        }
        assert_eq!(Status::from_name("atteint"), None);
        assert!(serde_json::from_str::<Status>("\"NotMet\"").is_err());
    }

    #[test]
    fn met_neutralised_and_exempt_count_as_met() {
        let counted: Vec<Status> = Status::ALL
            .into_iter()
            .filter(|s| s.counts_as_met())
            .collect();
        assert_eq!(counted, [Status::Met, Status::Neutralised, Status::Exempt]);
    }

    #[test]
    fn labels_are_french_and_distinct() {
        let labels: std::collections::BTreeSet<&str> =
            Status::ALL.iter().map(|s| s.label()).collect();
        assert_eq!(labels.len(), Status::ALL.len());
        assert_eq!(Status::MissingEvidence.label(), "justificatif manquant");
    }

    #[test]
    fn sums_saturate() {
        assert_eq!(sum(&[]), 0);
        assert_eq!(sum(&[15_000, 20_000, -5_000]), 30_000);
        assert_eq!(sum(&[i64::MAX, 1, 1]), i64::MAX);
        assert_eq!(sum(&[i64::MIN, -1]), i64::MIN);
    }

    #[test]
    fn outcomes_serialise_as_the_contract() {
        let indicator = IndicatorOutcome {
            status: Status::NotMet,
            amount_cents: Some(0),
            max_cents: None,
            reasons: vec!["seuil non atteint [004 §1.4]".to_string()],
            optional: false,
        };
        assert_eq!(
            serde_json::to_value(&indicator).unwrap(),
            serde_json::json!({"status": "not_met", "amount_cents": 0, "reasons": ["seuil non atteint [004 §1.4]"]})
        );
        let section = SectionOutcome {
            unlocked: true,
            amount_cents: 196_000,
            incomplete: false,
        };
        assert_eq!(
            serde_json::to_value(section).unwrap(),
            serde_json::json!({"unlocked": true, "amount_cents": 196_000})
        );
        let undetermined = IndicatorOutcome {
            status: Status::Met,
            amount_cents: None,
            max_cents: Some(252_000),
            reasons: Vec::new(),
            optional: false,
        };
        assert_eq!(
            serde_json::to_value(&undetermined).unwrap(),
            serde_json::json!({"status": "met", "amount_cents": null, "max_cents": 252_000, "reasons": []})
        );
        let optional = IndicatorOutcome {
            status: Status::Met,
            amount_cents: Some(84_000),
            max_cents: None,
            reasons: Vec::new(),
            optional: true,
        };
        assert_eq!(
            serde_json::to_value(&optional).unwrap(),
            serde_json::json!({"status": "met", "amount_cents": 84_000, "reasons": [], "optional": true})
        );
        let partly = SectionOutcome {
            unlocked: true,
            amount_cents: 35_000,
            incomplete: true,
        };
        assert_eq!(
            serde_json::to_value(partly).unwrap(),
            serde_json::json!({"unlocked": true, "amount_cents": 35_000, "incomplete": true})
        );
    }
}
