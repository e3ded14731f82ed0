//! The IR in French words: amounts, thresholds, conditions, gating, evidence, as the guides write them.

use crate::ir::{self, Condition, Edition, EvidenceKind, Gating, Section};
use crate::wording;

/// `[004 §1.4]`, `[repris de 002 tableau]`, or nothing.
pub fn provenance(provenance: &Option<ir::Provenance>) -> String {
    wording::cite(provenance).trim().to_string()
}

/// An amount in the edition's unit: `280 points (1 960 €)` or `490 €`.
pub fn amount(amount: ir::Amount) -> String {
    wording::amount_in_words(amount)
}

/// An amount that may be unknown.
pub fn amount_spec(spec: &ir::AmountSpec) -> String {
    match spec {
        ir::AmountSpec::Known(a) => amount(*a),
        ir::AmountSpec::Unknown(reason) => format!("montant inconnu ({})", reason.resolved),
        ir::AmountSpec::UpTo { max, scale } => {
            format!("jusqu'à {}, selon {}", amount(*max), scale.resolved)
        }
        ir::AmountSpec::Scaled {
            label, scale, max, ..
        } => format!(
            "jusqu'à {} : {}",
            amount(*max),
            wording::scale_in_words(scale, label)
        ),
    }
}

/// Points alone, `280`, or empty.
pub fn points(amount: ir::Amount) -> String {
    amount
        .points
        .map(wording::points_in_words)
        .unwrap_or_default()
}

/// Euros alone, `1 960 €`.
pub fn euros(amount: ir::Amount) -> String {
    wording::euros_in_words(amount.cents)
}

/// How a section is paid, in a sentence.
pub fn gating(section: &Section, edition: &Edition) -> String {
    match &section.gating {
        Gating::Prerequisite if section.optional_indicators().next().is_some() => {
            "Tous ces indicateurs, sauf les facultatifs, doivent être atteints : ils conditionnent la rémunération de cette section et déclenchent celle des sections qui en dépendent. Un indicateur facultatif n'est pas exigé ; atteint, il est rémunéré de son propre montant, en plus de celui de la section, quand les indicateurs exigés le sont."
                .to_string()
        }
        Gating::Prerequisite => {
            "Tous ces indicateurs doivent être atteints : ils conditionnent la rémunération de cette section et déclenchent celle des sections qui en dépendent."
                .to_string()
        }
        Gating::Complementary { requires } => {
            let title = edition.section(requires).map_or(requires.clone(), |s| s.title.resolved.clone());
            format!(
                "Chaque indicateur est rémunéré indépendamment des autres, uniquement si la section « {title} » est atteinte."
            )
        }
        Gating::Independent => "Chaque indicateur est rémunéré indépendamment de l'atteinte des autres sections.".to_string(),
    }
}

/// The optional part of a section's total, in a sentence: `Total 430 points (3 010 €), dont
/// 150 points (1 050 €) pour les indicateurs facultatifs.`; empty without optional indicators.
pub fn optional_part(section: &Section) -> String {
    if section.optional_indicators().next().is_none() {
        return String::new();
    }
    format!(
        "Total {}, dont {} pour les indicateurs facultatifs.",
        amount(section.max_amount()),
        amount(section.optional_amount())
    )
}

/// How long an indicator is optional: `facultatif en 2022`, `facultatif`; empty when required.
pub fn optional(indicator: &ir::Indicator) -> String {
    indicator
        .optional
        .as_ref()
        .map(|o| o.value.in_words())
        .unwrap_or_default()
}

/// The short name of a gating: `pré-requis`, `complémentaire`, `indépendant`.
pub fn gating_short(section: &Section) -> &'static str {
    match section.gating {
        Gating::Prerequisite => "pré-requis",
        Gating::Complementary { .. } => "complémentaire",
        Gating::Independent => "indépendant",
    }
}

fn list(items: Vec<String>, joiner: &str) -> String {
    match items.len() {
        0 => String::new(),
        1 => items.into_iter().next().unwrap_or_default(),
        _ => {
            let mut items = items;
            let last = items.pop().unwrap_or_default();
            format!("{} {joiner} {last}", items.join(", "))
        }
    }
}

/// A condition on acts in words, each field in its schema's words.
pub fn condition(condition: &Condition) -> String {
    let values = |values: &[(u32, ir::ActValue)], joiner: &str| {
        list(
            values.iter().map(|(_, v)| v.label.clone()).collect(),
            joiner,
        )
    };
    match condition {
        Condition::Any(parts) => list(parts.iter().map(condition_grouped).collect(), "ou"),
        Condition::All(parts) => list(parts.iter().map(condition_grouped).collect(), "et"),
        Condition::Not(inner) => match inner.as_ref() {
            Condition::In {
                values: tested,
                except: Some(except),
                ..
            } => format!("{except} {}", values(tested, "et")),
            other => format!("non ({})", self::condition(other)),
        },
        Condition::Flag(field) => field.label.clone(),
        Condition::In {
            field,
            values: tested,
            ..
        } => format!("{} {}", field.label, values(tested, "ou")),
        Condition::Age {
            field,
            op,
            amount,
            unit,
        } => {
            let unit = match unit {
                ir::AgeUnit::Days => "jours",
                ir::AgeUnit::Months => "mois",
                ir::AgeUnit::Years => "ans",
            };
            format!("{} {} {amount} {unit}", field.label, compare_words(*op))
        }
        Condition::Date { field, op, date } => {
            let words = match op {
                ir::CompareOp::Less => "avant le",
                ir::CompareOp::LessOrEqual => "au plus tard le",
                ir::CompareOp::Greater => "après le",
                ir::CompareOp::GreaterOrEqual => "au plus tôt le",
                ir::CompareOp::Equal => "le",
                ir::CompareOp::NotEqual => "un autre jour que le",
            };
            format!("{} {words} {date}", field.label)
        }
        Condition::Number { field, op, value } => {
            format!("{} {} {value}", field.label, compare_words(*op))
        }
    }
}

fn condition_grouped(part: &Condition) -> String {
    match part {
        Condition::Any(_) | Condition::All(_) => format!("({})", condition(part)),
        other => condition(other),
    }
}

fn compare_words(op: ir::CompareOp) -> &'static str {
    match op {
        ir::CompareOp::Less => "moins de",
        ir::CompareOp::LessOrEqual => "au plus",
        ir::CompareOp::Greater => "plus de",
        ir::CompareOp::GreaterOrEqual => "au moins",
        ir::CompareOp::Equal => "exactement",
        ir::CompareOp::NotEqual => "autre que",
    }
}

/// A rate as a formula, as its rule states it: `nombre d'actes transmis en … / nombre total d'actes ≥ 70 %`.
/// Empty for a rate whose numerator is not stated (a rate measured by the insurer and given as
/// counts): nothing is said about which acts it counts, so no formula is shown.
pub fn rate_formula(rate: &ir::Rate) -> String {
    let Some(numerator) = rate.numerator.as_ref() else {
        return String::new();
    };
    let numerator = format!("nombre d'actes {}", condition(numerator));
    let denominator = rate
        .denominator
        .as_ref()
        .map_or("nombre total d'actes".to_string(), |c| {
            format!("nombre d'actes {}", condition(c))
        });
    let threshold = rate
        .threshold
        .as_ref()
        .map(|t| format!(" {}", wording::threshold_in_words(t)))
        .unwrap_or_default();
    format!("{numerator} / {denominator}{threshold}")
}

/// A rate's threshold in a sentence.
pub fn rate_threshold(rate: &ir::Rate) -> Option<String> {
    let threshold = rate.threshold.as_ref()?;
    let words = match threshold.op {
        ir::ThresholdOp::AtLeast => "supérieur ou égal à",
        ir::ThresholdOp::MoreThan => "strictement supérieur à",
    };
    Some(format!(
        "{} {words} {}",
        rate.label.resolved,
        crate::wording::threshold_written(threshold)
    ))
}

/// What the guide page and the form say of a rate the practitioner declares.
pub const DECLARED_RATE: &str =
    "taux déclaré par le praticien sur le formulaire, validé par son attestation sur l'honneur";

/// The form's hint beside a declared rate's field: the unit and the threshold to reach.
pub fn declared_rate_hint(rate: &ir::Rate) -> String {
    match &rate.threshold {
        Some(threshold) => format!(
            "en %, seuil : {} {}",
            threshold.op.words(),
            crate::wording::threshold_written(threshold)
        ),
        None => "en %".into(),
    }
}

/// A measurement period in a sentence.
pub fn period(period: ir::Period, year: i32) -> String {
    match period {
        ir::Period::WholeYear => format!("Du 1er janvier au 31 décembre {year}."),
        ir::Period::Individualised => format!(
            "Du 1er janvier au 31 décembre {year} pour le professionnel qui a télétransmis en {}. Sinon, à partir du 1er jour du mois civil suivant sa première FSE (première FSE en mai : calcul à partir du 1er juin) ; un début d'activité en décembre {year} compte à partir du 1er décembre.",
            year - 1
        ),
    }
}

/// A measure's threshold followed by the part of the indicator's amount it pays, when it has one:
/// `… supérieur ou égal à 70 % — part payée si ce seuil est atteint : 22,5 points (157,50 €)`.
pub fn with_part(threshold: String, part: &Option<ir::Fact<ir::Amount>>) -> String {
    match part {
        Some(part) => format!(
            "{threshold} — part payée si ce seuil est atteint, quels que soient les autres : {}",
            amount(part.value)
        ),
        None => threshold,
    }
}

/// A count's threshold in a sentence.
pub fn count_threshold(count: &ir::Count) -> Option<String> {
    let threshold = count.threshold.as_ref()?;
    Some(format!(
        "{} : {} {}",
        count.label.resolved,
        threshold.op.words(),
        threshold.value
    ))
}

/// What kind of evidence, in words.
pub fn evidence_kind(evidence: &ir::Evidence) -> String {
    match &evidence.kind {
        EvidenceKind::Document(label) => label.resolved.clone(),
        EvidenceKind::Sworn if evidence.sworn_in_declaration => {
            "Attestation sur l'honneur faite dans la déclaration de l'indicateur".to_string()
        }
        EvidenceKind::Sworn => "Attestation sur l'honneur".to_string(),
        EvidenceKind::None => "Pas de justificatif demandé".to_string(),
    }
}

/// When evidence is required, in words.
pub fn evidence_when(evidence: &ir::Evidence) -> Option<String> {
    if evidence.required_when.is_empty() {
        return None;
    }
    Some(format!(
        "Requis {}.",
        list(
            evidence
                .required_when
                .iter()
                .map(|c| c.label().to_string())
                .collect(),
            "ou"
        )
    ))
}

/// The evidence of an indicator in a short cell: `Facture/attestation éditeur`, `Attestation sur l'honneur`.
pub fn evidence_summary(indicator: &ir::Indicator) -> String {
    let kinds: Vec<String> = indicator.evidence.iter().map(evidence_kind).collect();
    if kinds.is_empty() {
        "—".to_string()
    } else {
        kinds.join(" ; ")
    }
}

/// The declaration window in a sentence: `Du 15 décembre 2025 au 8 février 2026 inclus`.
pub fn window(edition: &Edition) -> String {
    let window = &edition.window;
    let opening = window.opening.value.in_words();
    let closing = crate::ir::DateValue::in_words(&window.closing.value);
    let time = match window.closing_time {
        Some(ir::ClosingTime::Included) => " inclus",
        Some(ir::ClosingTime::Midnight) => " minuit",
        None => "",
    };
    let provisional = if window.opening_provisional || window.closing_provisional {
        " (dates prévisionnelles)"
    } else {
        ""
    };
    match (&window.opening.value, &window.closing.value) {
        (ir::DateValue::Unknown, ir::DateValue::Unknown) => "Dates de saisie non communiquées par le guide.".to_string(),
        (_, ir::DateValue::Unknown) => format!("Ouverture de la saisie : {opening}{provisional} ; date limite non communiquée par le guide."),
        (ir::DateValue::Unknown, _) => format!("Saisie jusqu'au {closing}{time}{provisional}."),
        _ => format!("Du {opening} au {closing}{time}{provisional}."),
    }
}

/// The deadline alone, `8 février 2026`, when known.
pub fn deadline(edition: &Edition) -> Option<String> {
    edition.window.closing.value.date().map(|d| d.in_words())
}
