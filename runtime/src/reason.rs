//! Reasons as values: what an engine tested, with which values, citing which rule, and their one
//! French wording.
//!
//! Every engine builds a [`Reason`] where it decides something and turns it into text with
//! [`Reason::to_string`] (its `Display`), so the interpreter and the generated code say the same
//! thing by construction: the interpreter at run time, the Rust backend at generation time
//! for fixed texts and the generated code at run time for texts with values. A citation is
//! given already written (` [004 §1.4]`, or empty).

use crate::calendar::Date;
use crate::ratio::ratio_in_words;
use crate::reasons::met_word;
use std::fmt;

/// The three answers to a yes/no input: given yes, given no, or not given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Given {
    /// Given, and yes.
    Yes,
    /// Given, and no.
    No,
    /// Not given.
    Absent,
}

impl Given {
    /// `Some(true)` → `Yes`, `Some(false)` → `No`, `None` → `Absent`.
    pub fn of(value: Option<bool>) -> Given {
        match value {
            Some(true) => Given::Yes,
            Some(false) => Given::No,
            None => Given::Absent,
        }
    }
}

/// A comparison with a threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// ≥
    AtLeast,
    /// >
    MoreThan,
}

impl Comparison {
    /// Whether a value that compares with its threshold as `ordering` passes it.
    #[inline]
    pub fn holds(self, ordering: std::cmp::Ordering) -> bool {
        match self {
            Comparison::AtLeast => ordering != std::cmp::Ordering::Less,
            Comparison::MoreThan => ordering == std::cmp::Ordering::Greater,
        }
    }

    /// `≥` or `>`.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AtLeast => "≥",
            Comparison::MoreThan => ">",
        }
    }
}

/// How the first FSE places the measurement period of a practitioner who did not transmit in N-1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FirstClaim<D> {
    /// In N: the period starts on `start`.
    InYear {
        /// The first FSE.
        first: D,
        /// The first day counted.
        start: D,
    },
    /// Before N: the whole year counts.
    Before(D),
    /// No FSE in N (none at all, or only after N).
    None,
}

/// Why an indicator, a rate or an amount came out as it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason<'a, D = &'a str> {
    /// The indicator is neutralised this year.
    Neutralised {
        /// The guide's words.
        text: &'a str,
        /// The citation.
        cite: &'a str,
    },
    /// The practitioner is exempt from the whole indicator.
    Exempt {
        /// Who is exempt, in the guide's words.
        text: &'a str,
        /// The citation.
        cite: &'a str,
    },
    /// How many sub-indicators count as met.
    SubIndicators {
        /// Met.
        met: usize,
        /// In all.
        count: usize,
    },
    /// The indicator was pre-filled from the insurer's data.
    Prefilled {
        /// Where from, when the spec says it.
        source: Option<&'a str>,
        /// The citation.
        cite: &'a str,
    },
    /// The answer to the form's question.
    Answer {
        /// The answer.
        answer: Given,
        /// The question.
        question: &'a str,
        /// The citation.
        cite: &'a str,
    },
    /// Software in a role is declared.
    SoftwareDeclared {
        /// The role's label.
        label: &'a str,
        /// The citation.
        cite: &'a str,
    },
    /// Software in a role is declared, but acquired after the date by which it must be had.
    SoftwareTooLate {
        /// The role's label.
        label: &'a str,
        /// The acquisition date.
        acquired: D,
        /// The date by which it must be had.
        deadline: D,
        /// The citation.
        cite: &'a str,
    },
    /// The practitioner is exempt from a software role.
    SoftwareExempt {
        /// The role's label.
        label: &'a str,
        /// Who is exempt.
        text: &'a str,
        /// The exemption's citation.
        cite: &'a str,
    },
    /// No software declared in a role.
    SoftwareMissing {
        /// The role's label.
        label: &'a str,
        /// The citation.
        cite: &'a str,
    },
    /// No option of a list is ticked.
    NothingTicked {
        /// The list's question.
        list: &'a str,
    },
    /// A ticked option that does not validate the indicator.
    OptionRefused {
        /// The option.
        option: &'a str,
        /// The citation.
        cite: &'a str,
    },
    /// A ticked option that validates the indicator.
    OptionAccepted {
        /// The option.
        option: &'a str,
        /// The citation.
        cite: &'a str,
    },
    /// A ticked option that counts from a number a year, reached.
    OptionOften {
        /// The option.
        option: &'a str,
        /// How many a year.
        number: i64,
        /// How many are needed.
        minimum: i64,
        /// The citation.
        cite: &'a str,
    },
    /// A ticked option that counts from a number a year, not reached.
    OptionTooRare {
        /// The option.
        option: &'a str,
        /// How many a year.
        number: i64,
        /// How many are needed.
        minimum: i64,
        /// The citation.
        cite: &'a str,
    },
    /// A ticked option whose number a year is not given.
    OptionNumberMissing {
        /// The option.
        option: &'a str,
    },
    /// A rate's measure is not given.
    MeasureMissing {
        /// The rate.
        label: &'a str,
    },
    /// No act is left in a rate once the period and the exclusions are applied.
    NoActCounted {
        /// The rate.
        label: &'a str,
        /// The threshold's citation.
        cite: &'a str,
    },
    /// A rate compared with its threshold.
    Rate {
        /// The rate.
        label: &'a str,
        /// Numerator.
        numerator: i64,
        /// Denominator (not 0).
        denominator: i64,
        /// The comparison.
        comparison: Comparison,
        /// The threshold as the guide writes it (`70 %`, `2/3`).
        threshold: &'a str,
        /// Whether it passes.
        met: bool,
        /// The threshold's citation.
        cite: &'a str,
    },
    /// The practitioner transmitted in N-1: the whole year counts.
    PeriodWholeYear {
        /// N.
        year: i32,
        /// The period's citation.
        cite: &'a str,
    },
    /// It is not known whether the practitioner transmitted in N-1.
    PeriodUnknown {
        /// N.
        year: i32,
    },
    /// A practitioner who did not transmit in N-1: where the first FSE places the period.
    PeriodFromFirstClaim {
        /// N.
        year: i32,
        /// The first FSE.
        first: FirstClaim<D>,
        /// The period's citation.
        cite: &'a str,
    },
    /// Acts outside the measurement period.
    OutsidePeriod {
        /// How many.
        acts: i64,
    },
    /// Acts left out by an exclusion.
    Excluded {
        /// How many.
        acts: i64,
        /// The exclusion, in the guide's words.
        label: &'a str,
        /// The citation.
        cite: &'a str,
    },
    /// A count is not given.
    CountMissing {
        /// The count.
        label: &'a str,
    },
    /// A count compared with its threshold.
    Count {
        /// The count.
        label: &'a str,
        /// Its value.
        value: i64,
        /// The comparison.
        comparison: Comparison,
        /// The threshold.
        threshold: i64,
        /// Whether it passes.
        met: bool,
        /// The threshold's citation.
        cite: &'a str,
    },
    /// A fact measured by the insurer.
    Finding {
        /// What was found, or not, or not given.
        found: Given,
        /// The fact.
        label: &'a str,
        /// The citation.
        cite: &'a str,
    },
    /// An indicator with nothing to decide it.
    NothingToDecide,
    /// The form's sworn-statement box.
    SwornBox {
        /// Ticked, not ticked, or not given.
        ticked: Given,
        /// The citation.
        cite: &'a str,
    },
    /// The sworn statement is made by declaring the indicator itself.
    SwornInDeclaration {
        /// The citation.
        cite: &'a str,
    },
    /// An evidence document sent, or not.
    Document {
        /// Sent (or validated earlier and still valid).
        sent: bool,
        /// The document.
        label: &'a str,
        /// The citation.
        cite: &'a str,
    },
    /// The amount is not stated by the guide.
    AmountUnknown {
        /// Why, in the spec's words.
        text: &'a str,
    },
    /// The amount follows a scale no source gives: undetermined, at most `max_cents`.
    AmountUpTo {
        /// What it depends on, in the spec's words.
        text: &'a str,
        /// The most it pays, in cents.
        max_cents: i64,
    },
    /// The amount follows a scale of a measure (`par …, au plus …`, `barème selon …`): what it
    /// gives for the measure's value.
    AmountScaled {
        /// The measure's label.
        label: &'a str,
        /// The measure's value.
        value: i64,
        /// What the scale pays for it, in cents.
        cents: i64,
        /// The citation of the scale.
        cite: &'a str,
    },
    /// The amount follows a scale of a measure that is not given: undetermined, at most
    /// `max_cents`.
    AmountScaleMissing {
        /// The measure's label.
        label: &'a str,
        /// The most it pays, in cents.
        max_cents: i64,
    },
    /// A measure's part of the indicator's amount: paid or not, as its threshold is met.
    Part {
        /// The measure's label.
        label: &'a str,
        /// The share, as the guide writes it.
        share: &'a str,
        /// Whether its threshold was met.
        held: bool,
        /// The citation of the share.
        cite: &'a str,
    },
    /// How many of an indicator's parts are paid.
    PartsHeld {
        /// Parts whose threshold is met.
        held: usize,
        /// Parts in all.
        count: usize,
    },
}

/// Cents as French euros in a reason, as the pages write them: `1 400 €`, `157,50 €` (narrow
/// no-break space between thousands).
pub fn euros(cents: i64) -> String {
    let sign = if cents < 0 { "−" } else { "" };
    let cents = cents.unsigned_abs();
    let digits = cents.checked_div(100).unwrap_or(0).to_string();
    let mut whole = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && digits.len().saturating_sub(i).is_multiple_of(3) {
            whole.push('\u{202f}');
        }
        whole.push(c);
    }
    match cents.checked_rem(100).unwrap_or(0) {
        0 => format!("{sign}{whole} €"),
        fraction => format!("{sign}{whole},{fraction:02} €"),
    }
}

/// A reason whose dates, if it has any, are given as text (or have none).
pub type TextReason<'a> = Reason<'a, &'a str>;

/// A reason whose dates are dates.
pub type DatedReason<'a> = Reason<'a, Date>;

impl<D: fmt::Display> fmt::Display for Reason<'_, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Neutralised { text, cite } => write!(f, "neutralisé : {text}{cite}"),
            Reason::Exempt { text, cite } => write!(f, "exonéré : {text}{cite}"),
            Reason::SubIndicators { met, count } => {
                write!(f, "{met} sous-indicateur(s) atteint(s) sur {count}")
            }
            Reason::Prefilled {
                source: Some(source),
                cite,
            } => write!(f, "pré-alimenté depuis {source}{cite}"),
            Reason::Prefilled { source: None, .. } => f.write_str("pré-alimenté"),
            Reason::Answer {
                answer: Given::Yes,
                question,
                cite,
            } => write!(f, "réponse oui à « {question} »{cite}"),
            Reason::Answer {
                answer: Given::No,
                question,
                cite,
            } => write!(f, "réponse non à « {question} »{cite}"),
            Reason::Answer {
                answer: Given::Absent,
                question,
                ..
            } => write!(f, "pas de réponse à « {question} »"),
            Reason::SoftwareDeclared { label, cite } => {
                write!(f, "logiciel déclaré : {label}{cite}")
            }
            Reason::SoftwareTooLate {
                label,
                acquired,
                deadline,
                cite,
            } => write!(
                f,
                "logiciel acquis le {acquired}, après le {deadline} : {label}{cite}"
            ),
            Reason::SoftwareExempt { label, text, cite } => {
                write!(f, "exonéré du logiciel {label} : {text}{cite}")
            }
            Reason::SoftwareMissing { label, cite } => {
                write!(f, "logiciel non déclaré : {label}{cite}")
            }
            Reason::NothingTicked { list } => write!(f, "aucune option cochée pour « {list} »"),
            Reason::OptionRefused { option, cite } => {
                write!(f, "« {option} » ne valide pas l'indicateur{cite}")
            }
            Reason::OptionAccepted { option, cite } => {
                write!(f, "option retenue : « {option} »{cite}")
            }
            Reason::OptionOften {
                option,
                number,
                minimum,
                cite,
            } => write!(
                f,
                "option retenue : « {option} » ({number} ≥ {minimum} par an){cite}"
            ),
            Reason::OptionTooRare {
                option,
                number,
                minimum,
                cite,
            } => write!(
                f,
                "« {option} » : {number} par an, il en faut au moins {minimum}{cite}"
            ),
            Reason::OptionNumberMissing { option } => {
                write!(f, "« {option} » : nombre par an manquant")
            }
            Reason::MeasureMissing { label } => write!(f, "mesure manquante : {label}"),
            Reason::NoActCounted { label, cite } => write!(f, "{label} : aucun acte retenu{cite}"),
            Reason::Rate {
                label,
                numerator,
                denominator,
                comparison,
                threshold,
                met,
                cite,
            } => write!(
                f,
                "{label} = {}, seuil {} {threshold} : {}{cite}",
                ratio_in_words(*numerator, *denominator),
                comparison.symbol(),
                met_word(*met)
            ),
            Reason::PeriodWholeYear { year, cite } => write!(
                f,
                "période : du 01/01/{year} au 31/12/{year} (télétransmission en {}){cite}",
                year.saturating_sub(1)
            ),
            Reason::PeriodUnknown { year } => write!(
                f,
                "période : on ne sait pas si le professionnel a télétransmis en {}",
                year.saturating_sub(1)
            ),
            Reason::PeriodFromFirstClaim { year, first, cite } => match first {
                FirstClaim::InYear { first, start } => write!(
                    f,
                    "période individualisée : première FSE le {first}, calcul à partir du {start}{cite}"
                ),
                FirstClaim::Before(first) => write!(
                    f,
                    "période : du 01/01/{year} au 31/12/{year}, première FSE le {first}, avant {year}{cite}"
                ),
                FirstClaim::None => write!(
                    f,
                    "période : du 01/01/{year} au 31/12/{year}, aucune FSE en {year}"
                ),
            },
            Reason::OutsidePeriod { acts } => write!(f, "{acts} acte(s) hors période"),
            Reason::Excluded { acts, label, cite } => {
                write!(f, "{acts} acte(s) exclu(s) : {label}{cite}")
            }
            Reason::CountMissing { label } => write!(f, "nombre manquant : {label}"),
            Reason::Count {
                label,
                value,
                comparison,
                threshold,
                met,
                cite,
            } => write!(
                f,
                "{label} = {value}, seuil {} {threshold} : {}{cite}",
                comparison.symbol(),
                met_word(*met)
            ),
            Reason::Finding {
                found: Given::Yes,
                label,
                cite,
            } => write!(f, "constaté : {label}{cite}"),
            Reason::Finding {
                found: Given::No,
                label,
                cite,
            } => write!(f, "non constaté : {label}{cite}"),
            Reason::Finding {
                found: Given::Absent,
                label,
                ..
            } => write!(f, "constat manquant : {label}"),
            Reason::NothingToDecide => f.write_str("aucune condition à évaluer"),
            Reason::SwornBox {
                ticked: Given::Yes,
                cite,
            } => write!(f, "attestation sur l'honneur cochée{cite}"),
            Reason::SwornBox {
                ticked: Given::No,
                cite,
            } => write!(f, "attestation sur l'honneur non cochée{cite}"),
            Reason::SwornBox {
                ticked: Given::Absent,
                ..
            } => f.write_str("on ne sait pas si l'attestation sur l'honneur est cochée"),
            Reason::SwornInDeclaration { cite } => write!(
                f,
                "attestation sur l'honneur faite dans la déclaration de l'indicateur{cite}"
            ),
            Reason::Document {
                sent: true,
                label,
                cite,
            } => write!(f, "justificatif transmis : {label}{cite}"),
            Reason::Document {
                sent: false,
                label,
                cite,
            } => write!(f, "justificatif requis et non transmis : {label}{cite}"),
            Reason::AmountUnknown { text } => write!(f, "montant inconnu : {text}"),
            Reason::AmountUpTo { text, max_cents } => write!(
                f,
                "montant non déterminé, au plus {} : selon {text}",
                euros(*max_cents)
            ),
            Reason::AmountScaled {
                label,
                value,
                cents,
                cite,
            } => write!(
                f,
                "montant selon le barème : {label} = {value}, soit {}{cite}",
                euros(*cents)
            ),
            Reason::AmountScaleMissing { label, max_cents } => write!(
                f,
                "montant non déterminé, au plus {} : {label} non donné",
                euros(*max_cents)
            ),
            Reason::Part {
                label,
                share,
                held,
                cite,
            } => {
                if *held {
                    write!(f, "part payée ({share}) : {label}{cite}")
                } else {
                    write!(f, "part non payée ({share}) : {label}{cite}")
                }
            }
            Reason::PartsHeld { held, count } => {
                write!(f, "{held} part(s) payée(s) sur {count}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_as_the_guides_write() {
        let rate: Reason = Reason::Rate {
            label: "Taux FSE",
            numerator: 200,
            denominator: 300,
            comparison: Comparison::AtLeast,
            threshold: "2/3",
            met: true,
            cite: " [002 tableau]",
        };
        assert_eq!(
            rate.to_string(),
            "Taux FSE = 200/300 (66,67 %), seuil ≥ 2/3 : atteint [002 tableau]"
        );
        let before: Reason = Reason::PeriodFromFirstClaim {
            year: 2025,
            first: FirstClaim::Before("15/03/2024"),
            cite: " [004 §1.4.1]",
        };
        assert_eq!(
            before.to_string(),
            "période : du 01/01/2025 au 31/12/2025, première FSE le 15/03/2024, avant 2025 [004 §1.4.1]"
        );
        let late: Reason = Reason::SoftwareTooLate {
            label: "Logiciel métier",
            acquired: "02/01/2026",
            deadline: "31/12/2025",
            cite: "",
        };
        assert_eq!(
            late.to_string(),
            "logiciel acquis le 02/01/2026, après le 31/12/2025 : Logiciel métier"
        );
    }
}
