//! The page model: an edition laid out as the guides lay it out, with every count and total derived.
//!
//! The guide page (HTML and Markdown) and the paper form read this model
//! through their templates; nothing in it is typed by hand.

use super::{markdown, words};
use crate::ir::{self, Edition, Indicator, Kind, ProseKind, Section};
use minijinja::Value;
use serde::Serialize;

/// A fact's text with its provenance.
#[derive(Serialize)]
pub struct Cited {
    /// The text.
    pub text: String,
    /// `[004 §1.4]`, or empty.
    pub source: String,
}

fn cited(text: impl Into<String>, provenance: &Option<ir::Provenance>) -> Cited {
    Cited {
        text: text.into(),
        source: words::provenance(provenance),
    }
}

/// A prose block.
#[derive(Serialize)]
pub struct ProseView {
    /// `À noter`, `Cas particulier : …`, or empty for a description.
    pub label: String,
    /// `note`, `case`, `description`.
    pub kind: &'static str,
    /// Rendered HTML (raw HTML in the spec escaped).
    pub html: Value,
    /// The Markdown as written, placeholders resolved, raw HTML and links to other schemes made
    /// text (`markdown::to_markdown`), marked safe for the Markdown template.
    pub markdown: Value,
    /// Provenance.
    pub source: String,
}

fn prose(prose: &ir::Prose, heading_base: u8) -> ProseView {
    let (label, kind) = match &prose.kind {
        ProseKind::Description => (String::new(), "description"),
        ProseKind::Note => ("À noter".to_string(), "note"),
        ProseKind::Case(title) => (format!("Cas particulier : {}", title.resolved), "case"),
        ProseKind::Drafting => ("Note de rédaction".to_string(), "drafting"),
    };
    ProseView {
        label,
        kind,
        html: Value::from_safe_string(markdown::to_html_under(&prose.text.resolved, heading_base)),
        markdown: Value::from_safe_string(markdown::to_markdown(&prose.text.resolved)),
        source: words::provenance(&prose.provenance),
    }
}

/// An option of a list.
#[derive(Serialize)]
pub struct OptionView {
    /// Stable id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Whether it validates the indicator.
    pub accepted: bool,
    /// `au moins 4 par an`, or empty.
    pub minimum: String,
    /// It cannot be pre-filled.
    pub not_prefilled: bool,
    /// Provenance.
    pub source: String,
}

/// An option list.
#[derive(Serialize)]
pub struct ChoiceView {
    /// The question.
    pub label: String,
    /// Several boxes may be ticked.
    pub multiple: bool,
    /// Options that validate the indicator.
    pub accepted: Vec<OptionView>,
    /// Options that do not.
    pub rejected: Vec<OptionView>,
    /// All options in order.
    pub options: Vec<OptionView>,
    /// Provenance.
    pub source: String,
}

fn option(option: &ir::ChoiceOption) -> OptionView {
    OptionView {
        id: option.id.clone(),
        label: option.label.resolved.clone(),
        accepted: option.accepted,
        minimum: option
            .minimum_per_year
            .map(|m| format!("au moins {m} par an"))
            .unwrap_or_default(),
        not_prefilled: option.not_prefilled,
        source: words::provenance(&option.provenance),
    }
}

/// A measured rate.
#[derive(Serialize)]
pub struct RateView {
    /// Label.
    pub label: String,
    /// The threshold in a sentence.
    pub threshold: String,
    /// The formula.
    pub formula: String,
    /// Provenance of the threshold.
    pub threshold_source: String,
    /// Exclusions.
    pub exclusions: Vec<Cited>,
    /// The period in a sentence.
    pub period: Option<Cited>,
    /// Provenance of the rate.
    pub source: String,
    /// Provenance of the numerator's condition, when it differs from the rate's.
    pub numerator_source: String,
    /// Who gives it when the practitioner declares it (a rate of a declarative indicator), or empty.
    pub declared: String,
}

/// An evidence rule.
#[derive(Serialize)]
pub struct EvidenceView {
    /// What.
    pub what: String,
    /// `none`, `document`, `sworn`.
    pub kind: &'static str,
    /// A sworn statement made by the indicator's own declaration, not by the form's single box.
    pub in_declaration: bool,
    /// When it is required.
    pub when: String,
    /// What it must show.
    pub shows: Vec<String>,
    /// How long it is valid.
    pub validity: String,
    /// The indicator counts only once it is sent.
    pub validated_on_receipt: bool,
    /// Kept for a later check.
    pub kept_for_control: bool,
    /// Provenance.
    pub source: String,
}

/// An indicator on the guide page.
#[derive(Serialize)]
pub struct IndicatorView {
    /// Dotted id.
    pub id: String,
    /// HTML anchor.
    pub anchor: String,
    /// `Indicateur 3`, or empty.
    pub number: String,
    /// Title.
    pub title: String,
    /// `Déclaratif`, …
    pub kind: &'static str,
    /// `declaratif`, …
    pub kind_name: &'static str,
    /// Whether the practitioner declares it.
    pub declared: bool,
    /// Its amount in words, or empty when the section is paid as a whole.
    pub amount: String,
    /// Points alone.
    pub points: String,
    /// Euros alone.
    pub euros: String,
    /// Provenance.
    pub source: String,
    /// Neutralised.
    pub neutralised: Option<Cited>,
    /// `facultatif en 2022`, `facultatif`: not required by its prerequisite section, paid its
    /// own amount on top; empty when required.
    pub optional: String,
    /// The provenance of `facultatif`.
    pub optional_source: String,
    /// Descriptions.
    pub descriptions: Vec<ProseView>,
    /// Notes and special cases.
    pub notes: Vec<ProseView>,
    /// The form's question.
    pub question: Option<Cited>,
    /// Free text.
    pub free_text: Option<Cited>,
    /// Whether the free text is mandatory when yes.
    pub free_text_mandatory: bool,
    /// Software to declare.
    pub software: Vec<Cited>,
    /// Exemptions.
    pub exemptions: Vec<Cited>,
    /// Option lists.
    pub choices: Vec<ChoiceView>,
    /// Rates.
    pub rates: Vec<RateView>,
    /// Counts with their thresholds.
    pub counts: Vec<Cited>,
    /// Counts declared on the form (label only).
    pub count_labels: Vec<String>,
    /// Facts measured by the insurer.
    pub findings: Vec<Cited>,
    /// Pre-filling.
    pub prefill: Option<Cited>,
    /// What to do without pre-filling.
    pub prefill_otherwise: String,
    /// Evidence.
    pub evidence: Vec<EvidenceView>,
    /// Evidence in a short cell.
    pub evidence_summary: String,
    /// What the summary table says beside the type: neutralised, exemption.
    pub summary_notes: Vec<String>,
    /// Sub-indicators.
    pub subs: Vec<IndicatorView>,
}

fn indicator(
    indicator: &Indicator,
    dotted: &str,
    section_paid: bool,
    edition: &Edition,
) -> IndicatorView {
    let amount = indicator.amount.as_ref().map(|a| a.value.clone());
    let derived = indicator.max_amount();
    // An optional indicator is paid its own amount, whatever its section's lump.
    let section_paid = section_paid && indicator.optional.is_none();
    let (amount_words, points, euros) = if section_paid {
        (String::new(), String::new(), String::new())
    } else {
        match &amount {
            Some(ir::AmountSpec::Unknown(_)) => (
                words::amount_spec(
                    amount
                        .as_ref()
                        .map_or(&ir::AmountSpec::Known(derived), |a| a),
                ),
                String::new(),
                "inconnu".to_string(),
            ),
            // A scale: its maximum, "jusqu'à", and the scale itself in a sentence.
            Some(spec @ ir::AmountSpec::Scaled { .. }) => (
                words::amount_spec(spec),
                format!("jusqu'à {}", words::points(derived)),
                format!("jusqu'à {}", words::euros(derived)),
            ),
            _ => (
                words::amount(derived),
                words::points(derived),
                words::euros(derived),
            ),
        }
    };
    let mut descriptions = Vec::new();
    let mut notes = Vec::new();
    for p in &indicator.prose {
        match p.kind {
            ProseKind::Description => descriptions.push(prose(p, 3)),
            ProseKind::Drafting => {}
            _ => notes.push(prose(p, 4)),
        }
    }
    let year = edition.year;
    IndicatorView {
        id: dotted.to_string(),
        anchor: indicator_anchor(dotted),
        number: indicator
            .number
            .map(|n| format!("Indicateur {n}"))
            .unwrap_or_default(),
        title: indicator.title.resolved.clone(),
        kind: indicator.kind.label(),
        kind_name: indicator.kind.name(),
        declared: indicator.kind != Kind::Automated,
        amount: amount_words,
        points,
        euros,
        source: words::provenance(&indicator.provenance),
        neutralised: indicator
            .neutralised
            .as_ref()
            .map(|n| cited(n.value.resolved.clone(), &n.provenance)),
        optional: words::optional(indicator),
        optional_source: indicator
            .optional
            .as_ref()
            .map(|o| words::provenance(&o.provenance))
            .unwrap_or_default(),
        descriptions,
        notes,
        question: indicator
            .question
            .as_ref()
            .map(|q| cited(q.value.resolved.clone(), &q.provenance)),
        free_text: indicator
            .free_text
            .as_ref()
            .map(|f| cited(f.value.label.resolved.clone(), &f.provenance)),
        free_text_mandatory: indicator
            .free_text
            .as_ref()
            .is_some_and(|f| f.value.mandatory_if_yes),
        software: indicator
            .software
            .iter()
            .map(|s| {
                let text = match &indicator.deadline {
                    Some(deadline) => format!(
                        "{} (équipement, déclaration et justificatif jusqu'au {})",
                        s.value.label.resolved,
                        deadline.value.in_words()
                    ),
                    None => s.value.label.resolved.clone(),
                };
                cited(text, &s.provenance)
            })
            .collect(),
        exemptions: indicator
            .exemptions
            .iter()
            .map(|e| cited(e.value.text.resolved.clone(), &e.provenance))
            .collect(),
        choices: indicator
            .choices
            .iter()
            .map(|c| ChoiceView {
                label: c.label.resolved.clone(),
                multiple: c.multiple,
                accepted: c
                    .options
                    .iter()
                    .filter(|o| o.accepted)
                    .map(option)
                    .collect(),
                rejected: c
                    .options
                    .iter()
                    .filter(|o| !o.accepted)
                    .map(option)
                    .collect(),
                options: c.options.iter().map(option).collect(),
                source: words::provenance(&c.provenance),
            })
            .collect(),
        rates: indicator
            .rates
            .iter()
            .map(|r| RateView {
                label: r.label.resolved.clone(),
                threshold: words::with_part(words::rate_threshold(r).unwrap_or_default(), &r.part),
                formula: words::rate_formula(r),
                threshold_source: r
                    .threshold
                    .as_ref()
                    .map(|t| words::provenance(&t.provenance))
                    .unwrap_or_default(),
                exclusions: r
                    .exclusions
                    .iter()
                    .map(|e| {
                        // The guide's own words: the condition as the engines read it is the
                        // spec's business, not the reader's.
                        cited(e.label.resolved.clone(), &e.provenance)
                    })
                    .collect(),
                period: r
                    .period
                    .as_ref()
                    .map(|p| cited(words::period(p.value, year), &p.provenance)),
                source: words::provenance(&r.provenance),
                numerator_source: if r.numerator_provenance.is_some()
                    && r.numerator_provenance != r.provenance
                {
                    words::provenance(&r.numerator_provenance)
                } else {
                    String::new()
                },
                declared: if r.declared {
                    words::DECLARED_RATE.to_string()
                } else {
                    String::new()
                },
            })
            .collect(),
        counts: indicator
            .counts
            .iter()
            .map(|c| {
                let text = words::with_part(
                    words::count_threshold(c).unwrap_or_else(|| c.label.resolved.clone()),
                    &c.part,
                );
                cited(
                    text,
                    &c.threshold
                        .as_ref()
                        .and_then(|t| t.provenance.clone())
                        .or_else(|| c.provenance.clone()),
                )
            })
            .collect(),
        count_labels: indicator
            .counts
            .iter()
            .map(|c| c.label.resolved.clone())
            .collect(),
        findings: indicator
            .findings
            .iter()
            .map(|f| cited(f.value.label.resolved.clone(), &f.provenance))
            .collect(),
        prefill: indicator
            .prefill
            .as_ref()
            .map(|p| cited(p.value.source.resolved.clone(), &p.provenance)),
        prefill_otherwise: indicator
            .prefill
            .as_ref()
            .and_then(|p| p.value.otherwise.as_ref())
            .map(|o| o.resolved.clone())
            .unwrap_or_default(),
        evidence: indicator.evidence.iter().map(evidence).collect(),
        evidence_summary: words::evidence_summary(indicator),
        summary_notes: summary_notes(indicator, year),
        subs: indicator
            .subs
            .iter()
            .map(|s| self::indicator(s, &format!("{dotted}.{}", s.id), section_paid, edition))
            .collect(),
    }
}

fn evidence(evidence: &ir::Evidence) -> EvidenceView {
    EvidenceView {
        what: words::evidence_kind(evidence),
        kind: match evidence.kind {
            ir::EvidenceKind::None => "none",
            ir::EvidenceKind::Document(_) => "document",
            ir::EvidenceKind::Sworn => "sworn",
        },
        in_declaration: evidence.sworn_in_declaration,
        when: words::evidence_when(evidence).unwrap_or_default(),
        shows: evidence.shows.iter().map(|s| s.resolved.clone()).collect(),
        validity: evidence
            .validity
            .as_ref()
            .map(|v| v.resolved.clone())
            .unwrap_or_default(),
        validated_on_receipt: evidence.validated_on_receipt,
        kept_for_control: evidence.kept_for_control,
        source: words::provenance(&evidence.provenance),
    }
}

/// A section on the guide page.
#[derive(Serialize)]
pub struct SectionView {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// `pré-requis`, `complémentaire`, `indépendant`.
    pub gating_short: &'static str,
    /// How it is paid, in a sentence.
    pub gating: String,
    /// Paid as a whole: its amount.
    pub lump_sum: String,
    /// Its total, derived.
    pub total: String,
    /// Total points, derived.
    pub total_points: String,
    /// Total euros, derived.
    pub total_euros: String,
    /// `reste inconnu`: the part of the stated total no source details, with why (empty when none).
    pub unknown_rest: String,
    /// The optional part of its total, in a sentence (empty without optional indicators).
    pub optional_part: String,
    /// Its provenance.
    pub unknown_rest_source: String,
    /// How many indicators.
    pub count: usize,
    /// How many the practitioner declares.
    pub count_declared: usize,
    /// How many the insurer measures.
    pub count_automated: usize,
    /// `4 indicateurs, dont 2 déclaratifs`: derived.
    pub count_words: String,
    /// Prose.
    pub prose: Vec<ProseView>,
    /// Indicators.
    pub indicators: Vec<IndicatorView>,
    /// Provenance.
    pub source: String,
}

fn count_words(count: usize, declared: usize) -> String {
    let noun = if count > 1 {
        "indicateurs"
    } else {
        "indicateur"
    };
    if declared == count {
        let kind = if count > 1 {
            "déclaratifs"
        } else {
            "déclaratif"
        };
        format!("{count} {noun} {kind}")
    } else if declared == 0 {
        let kind = if count > 1 {
            "automatisés"
        } else {
            "automatisé"
        };
        format!("{count} {noun} {kind}")
    } else {
        format!("{count} {noun}, dont {declared} à déclarer")
    }
}

fn section(section: &Section, edition: &Edition) -> SectionView {
    let paid_whole = section.amount.is_some();
    let total = section.max_amount();
    let count = section.indicators.len();
    let declared = section
        .indicators
        .iter()
        .filter(|i| i.kind != Kind::Automated)
        .count();
    SectionView {
        id: section.id.clone(),
        title: section.title.resolved.clone(),
        gating_short: words::gating_short(section),
        gating: words::gating(section, edition),
        lump_sum: section
            .amount
            .as_ref()
            .map(|a| words::amount_spec(&a.value))
            .unwrap_or_default(),
        total: words::amount(total),
        total_points: words::points(total),
        total_euros: words::euros(total),
        unknown_rest: section
            .unknown_rest
            .as_ref()
            .map(|rest| match section.unknown_rest_amount() {
                Some(amount) => format!(
                    "Dont {} que les sources ne détaillent pas : {}.",
                    words::amount(amount),
                    rest.value.resolved
                ),
                None => format!(
                    "Une partie du total n'est pas détaillée : {}.",
                    rest.value.resolved
                ),
            })
            .unwrap_or_default(),
        optional_part: words::optional_part(section),
        unknown_rest_source: section
            .unknown_rest
            .as_ref()
            .map(|rest| words::provenance(&rest.provenance))
            .unwrap_or_default(),
        count,
        count_declared: declared,
        count_automated: count - declared,
        count_words: count_words(count, declared),
        prose: section
            .prose
            .iter()
            .filter(|p| p.kind != ProseKind::Drafting)
            .map(|p| prose(p, 2))
            .collect(),
        indicators: section
            .indicators
            .iter()
            .map(|i| indicator(i, &i.id, paid_whole, edition))
            .collect(),
        source: words::provenance(&section.provenance),
    }
}

/// A source of the edition.
#[derive(Serialize)]
pub struct SourceView {
    /// `004`.
    pub id: String,
    /// File name.
    pub file: String,
    /// Title.
    pub title: String,
    /// Why facts are carried from it, for a borrowed source.
    pub borrowed_because: String,
}

/// A link to another output.
#[derive(Serialize)]
pub struct Link {
    /// Where, relative to the page.
    pub href: String,
    /// What.
    pub label: String,
}

/// An edition on its guide page and form.
#[derive(Serialize)]
pub struct EditionView {
    /// `<programme>/<profession>-<year>`.
    pub key: String,
    /// Title.
    pub title: String,
    /// `FAMI`.
    pub programme: String,
    /// The profession, as the spec names it (`profession "…"`).
    pub profession: String,
    /// N.
    pub year: i32,
    /// The convention.
    pub convention: Option<Cited>,
    /// The window in a sentence.
    pub window: String,
    /// Provenance of the deadline.
    pub window_source: String,
    /// The deadline alone.
    pub deadline: String,
    /// The portal.
    pub portal: String,
    /// Online route.
    pub online_menu: String,
    /// Button.
    pub online_button: String,
    /// Provenance of the online route.
    pub online_source: String,
    /// Paper route.
    pub paper: Option<Cited>,
    /// Where to send the form.
    pub return_to: String,
    /// Sworn statement.
    pub sworn: Option<Cited>,
    /// Assessment date.
    pub assessment: String,
    /// No prorating.
    pub no_prorating: bool,
    /// Payment period.
    pub payment: Option<Cited>,
    /// Sections.
    pub sections: Vec<SectionView>,
    /// The maximum, derived.
    pub max_total: String,
    /// Points of the maximum.
    pub max_points: String,
    /// Euros of the maximum.
    pub max_euros: String,
    /// Points edition.
    pub in_points: bool,
    /// `7 €`.
    pub point_value: String,
    /// How many indicators in all.
    pub count: usize,
    /// How the payment is computed, sentence by sentence.
    pub payment_rules: Vec<String>,
    /// Edition prose.
    pub prose: Vec<ProseView>,
    /// Sources.
    pub sources: Vec<SourceView>,
    /// Links to the form, annexes and the change report.
    pub links: Vec<Link>,
    /// Annexes.
    pub annexes: Vec<AnnexView>,
    /// Declared indicators, in order, for the form.
    pub declared: Vec<IndicatorView>,
    /// Automated indicators, for the form.
    pub automated: Vec<IndicatorView>,
}

/// An annex.
#[derive(Serialize)]
pub struct AnnexView {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// HTML.
    pub html: Value,
    /// Markdown fit to publish (`markdown::to_markdown`), marked safe for the Markdown template.
    pub markdown: Value,
    /// Provenance.
    pub source: String,
}

/// The page model of an edition; `links` are the page's links to its siblings.
pub fn edition(edition: &Edition, links: Vec<Link>) -> EditionView {
    let max = edition.max_total();
    let sections: Vec<SectionView> = edition
        .sections
        .iter()
        .map(|s| section(s, edition))
        .collect();
    let mut payment_rules = Vec::new();
    for s in &edition.sections {
        let amount = s.max_amount();
        payment_rules.push(match &s.gating {
            ir::Gating::Prerequisite if s.optional_indicators().next().is_some() => {
                let optional = s.optional_indicators().count();
                let required = s.indicators.len() - optional;
                format!(
                    "« {} » : les {required} indicateurs exigés doivent tous être atteints pour percevoir {} ; {} en plus pour {}, chacun payé quand il est atteint.",
                    s.title.resolved,
                    words::amount(s.amount.as_ref().and_then(|a| a.value.known()).unwrap_or_default()),
                    words::amount(s.optional_amount()),
                    if optional > 1 { format!("les {optional} indicateurs facultatifs") } else { "l'indicateur facultatif".to_string() }
                )
            }
            ir::Gating::Prerequisite => format!(
                "« {} » : les {} indicateurs doivent tous être atteints pour percevoir {}.",
                s.title.resolved,
                s.indicators.len(),
                words::amount(amount)
            ),
            ir::Gating::Complementary { requires } => format!(
                "« {} » : jusqu'à {}, chaque indicateur étant rémunéré indépendamment, sous réserve que la section « {} » soit atteinte.",
                s.title.resolved,
                words::amount(amount),
                edition.section(requires).map_or(requires.as_str(), |r| r.title.resolved.as_str())
            ),
            ir::Gating::Independent => format!(
                "« {} » : jusqu'à {}, chaque indicateur étant rémunéré indépendamment de l'atteinte des autres sections.",
                s.title.resolved,
                words::amount(amount)
            ),
        });
    }
    payment_rules.push(format!(
        "L'atteinte des indicateurs est appréciée au {}{}.",
        edition.assessment.value,
        if edition.no_prorating {
            " ; les indicateurs ne font l'objet d'aucune proratisation"
        } else {
            ""
        }
    ));
    if let Some(payment) = &edition.payment {
        payment_rules.push(format!(
            "Paiement : {}.",
            payment.value.resolved.trim_end_matches('.')
        ));
    }
    payment_rules.push(format!("Rémunération maximale : {}.", words::amount(max)));
    let mut declared = Vec::new();
    let mut automated = Vec::new();
    for s in &edition.sections {
        for i in &s.indicators {
            let view = indicator(i, &i.id, s.amount.is_some(), edition);
            if i.kind == Kind::Automated && i.subs.iter().all(|sub| sub.kind == Kind::Automated) {
                automated.push(view);
            } else {
                declared.push(view);
            }
        }
    }
    let (online_menu, online_button, online_source) = match &edition.online {
        Some(route) => (
            route.value.menu.resolved.clone(),
            route
                .value
                .button
                .as_ref()
                .map(|b| b.resolved.clone())
                .unwrap_or_default(),
            words::provenance(&route.provenance),
        ),
        None => (String::new(), String::new(), String::new()),
    };
    EditionView {
        key: edition.key(),
        title: edition.title.resolved.clone(),
        programme: edition.labels.programme.clone(),
        profession: edition.labels.profession.clone(),
        year: edition.year,
        convention: edition
            .convention
            .as_ref()
            .map(|c| cited(c.value.resolved.clone(), &c.provenance)),
        window: words::window(edition),
        window_source: words::provenance(&edition.window.closing.provenance),
        deadline: words::deadline(edition).unwrap_or_else(|| "date non communiquée".to_string()),
        portal: edition.portal.clone(),
        online_menu,
        online_button,
        online_source,
        paper: edition
            .paper
            .as_ref()
            .map(|p| cited(p.value.how.resolved.clone(), &p.provenance)),
        return_to: edition
            .paper
            .as_ref()
            .map(|p| p.value.return_to.resolved.clone())
            .unwrap_or_default(),
        sworn: edition
            .sworn_statement
            .as_ref()
            .map(|s| cited(s.value.resolved.clone(), &s.provenance)),
        assessment: edition.assessment.value.to_string(),
        no_prorating: edition.no_prorating,
        payment: edition
            .payment
            .as_ref()
            .map(|p| cited(p.value.resolved.clone(), &p.provenance)),
        count: sections.iter().map(|s| s.count).sum(),
        sections,
        max_total: words::amount(max),
        max_points: words::points(max),
        max_euros: words::euros(max),
        in_points: matches!(edition.unit, ir::Unit::Points { .. }),
        point_value: match edition.unit {
            ir::Unit::Points { point_value_cents } => {
                crate::wording::euros_in_words(point_value_cents)
            }
            ir::Unit::Euros => String::new(),
        },
        payment_rules,
        prose: edition
            .prose
            .iter()
            .filter(|p| p.kind != ProseKind::Drafting)
            .map(|p| prose(p, 2))
            .collect(),
        sources: edition
            .sources
            .iter()
            .map(|s| SourceView {
                id: s.id.clone(),
                file: s.file.clone(),
                title: s.title.resolved.clone(),
                borrowed_because: s
                    .borrowed_because
                    .as_ref()
                    .map(|b| b.resolved.clone())
                    .unwrap_or_default(),
            })
            .collect(),
        links,
        annexes: edition
            .annexes
            .iter()
            .map(|a| AnnexView {
                id: a.id.clone(),
                title: a.title.resolved.clone(),
                html: Value::from_safe_string(markdown::to_html_under(&a.text.resolved, 1)),
                markdown: Value::from_safe_string(markdown::to_markdown(&a.text.resolved)),
                source: words::provenance(&a.provenance),
            })
            .collect(),
        declared,
        automated,
    }
}

/// The anchor of an indicator on its guide page (`indicateur-teleservices-ameli`), from its dotted
/// id: what the change reports link to.
pub fn indicator_anchor(dotted: &str) -> String {
    format!("indicateur-{}", dotted.replace('.', "-"))
}

/// The notes meant for the spec's authors and checkers, one edition: its `note de rédaction`
/// blocks and the reasons given for `reprend`, each where it stands. Never on the guide page.
#[derive(Serialize)]
pub struct DraftingView {
    /// The edition's title.
    pub title: String,
    /// N.
    pub year: i32,
    /// The notes, in the spec's order.
    pub notes: Vec<DraftingNote>,
}

/// One note for the spec's authors.
#[derive(Serialize)]
pub struct DraftingNote {
    /// Where: `Édition`, a section's title, an indicator's title.
    pub place: String,
    /// The place on the guide page, when it has one.
    pub href: Option<String>,
    /// `Note de rédaction`, `Reprend « … »`.
    pub label: String,
    /// The note, as HTML.
    pub html: Value,
    /// Provenance.
    pub source: String,
}

/// The notes for the spec's authors of `edition`.
pub fn drafting(edition: &Edition) -> DraftingView {
    let mut notes = Vec::new();
    let push = |notes: &mut Vec<DraftingNote>, place: &str, href: Option<String>, p: &ir::Prose| {
        if p.kind == ProseKind::Drafting {
            notes.push(DraftingNote {
                place: place.to_string(),
                href,
                label: "Note de rédaction".to_string(),
                html: Value::from_safe_string(markdown::to_html_under(&p.text.resolved, 3)),
                source: words::provenance(&p.provenance),
            });
        }
    };
    for p in &edition.prose {
        push(&mut notes, "L'édition", None, p);
    }
    for section in &edition.sections {
        let href = Some(format!("index.html#section-{}", section.id));
        for p in &section.prose {
            push(&mut notes, &section.title.resolved, href.clone(), p);
        }
        for (dotted, indicator) in section.all_indicators() {
            let href = Some(format!("index.html#{}", indicator_anchor(&dotted)));
            for p in &indicator.prose {
                push(&mut notes, &indicator.title.resolved, href.clone(), p);
            }
            if !indicator.continues.is_empty() {
                let continued = indicator
                    .continues
                    .iter()
                    .map(|c| format!("« {c} »"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let reason = indicator
                    .continues_reason
                    .as_ref()
                    .map(|r| r.resolved.clone())
                    .unwrap_or_default();
                notes.push(DraftingNote {
                    place: indicator.title.resolved.clone(),
                    href,
                    label: format!("Reprend {continued}"),
                    html: Value::from_safe_string(markdown::to_html_under(&reason, 3)),
                    source: words::provenance(&indicator.provenance),
                });
            }
        }
    }
    DraftingView {
        title: edition.title.resolved.clone(),
        year: edition.year,
        notes,
    }
}

/// What the summary table must say of an indicator beside its type, so that no reader of the
/// table alone takes a neutralised or waivable indicator for an ordinary one.
fn summary_notes(indicator: &Indicator, year: i32) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(optional) = &indicator.optional {
        out.push(optional.value.in_words());
    }
    if indicator.neutralised.is_some() {
        out.push(format!("neutralisé en {year}"));
    }
    for exemption in &indicator.exemptions {
        out.push(match &exemption.value.target {
            ir::ExemptionTarget::Whole => "exonération possible".to_string(),
            // The role by its label: its id is the spec's, not the reader's.
            ir::ExemptionTarget::Software(role) => indicator
                .software
                .iter()
                .find(|software| software.value.id == *role)
                .map_or_else(
                    || "exonération possible".to_string(),
                    |software| format!("exonération possible : {}", software.value.label.resolved),
                ),
        });
    }
    out
}
