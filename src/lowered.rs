//! The lowered core: an edition as every engine evaluates it, made once from the checked IR.
//!
//! Each indicator is a sequence of gates and three-valued conditions over typed inputs, each
//! input at a fixed position of a validated case ([`Slots`]), each node carrying its labels and
//! its citation already written; then evidence gates, section gates and amounts. The
//! interpreter evaluates this form and the Rust backend translates it node by node, so the order
//! of the rules (neutralised → exemption → sub-indicators → pre-filled → question → software →
//! options → rates (measured or declared) → counts → findings → evidence) and what each rule tests are written here
//! once. A new statement kind is a new [`Condition`] (or [`EvidenceGate`], [`Payment`]) variant.

use crate::ir::{self, Provenance};
use crate::wording::cite;
use guidec_runtime::{Comparison, Date};

/// A text of the guide with the citation of the rule that states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cited {
    /// The text, resolved for the edition.
    pub text: String,
    /// ` [004 §1.4]`, or empty.
    pub cite: String,
}

impl Cited {
    fn of(text: &ir::Text, provenance: &Option<Provenance>) -> Cited {
        Cited {
            text: text.resolved.clone(),
            cite: cite(provenance),
        }
    }
}

/// Where an indicator's inputs start in a validated case's lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Slots {
    /// In the case's numbers: the indicator's counts, then a number per year per option.
    pub numbers: usize,
    /// In the case's ticked options: the options of all its lists, in order.
    pub options: usize,
    /// In the case's software roles.
    pub software: usize,
    /// In the case's rates.
    pub rates: usize,
    /// In the case's findings.
    pub findings: usize,
}

/// The places of an edition's inputs in a validated case, worked out from the edition alone.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Layout {
    /// Per indicator, in the edition's order: sections in order, each indicator before its sub-indicators.
    pub indicators: Vec<Slots>,
    /// The length of each list.
    pub lengths: Slots,
}

impl Layout {
    /// The layout of `edition`'s inputs.
    pub fn of(edition: &ir::Edition) -> Layout {
        let mut layout = Layout::default();
        for section in &edition.sections {
            for (_, indicator) in section.all_indicators() {
                layout.indicators.push(layout.lengths);
                let option_count = indicator.options().count();
                let next = &mut layout.lengths;
                next.numbers += indicator.counts.len() + option_count;
                next.options += option_count;
                next.software += indicator.software.len();
                next.rates += indicator.rates.len();
                next.findings += indicator.findings.len();
            }
        }
        layout
    }
}

/// An edition, lowered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Core {
    /// `programme/profession-year`.
    pub key: String,
    /// The reference year N.
    pub year: i32,
    /// Indicators in pre-order: sections in order, each indicator before its sub-indicators.
    pub indicators: Vec<Indicator>,
    /// Sections, in the spec's order.
    pub sections: Vec<Section>,
    /// Section positions in an order where each comes after the section it requires.
    pub gating_order: Vec<usize>,
    /// Where each indicator's inputs stand in a validated case.
    pub layout: Layout,
    /// Which acts are a claim, whose first in N starts an individualised period (the act
    /// schema's `première fse actes où ...`; `None`: no act is).
    pub first_claim: Option<ir::Condition>,
}

/// An indicator, lowered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Indicator {
    /// The id in outcomes: `parent.child` for a sub-indicator.
    pub id: String,
    /// Positions of its sub-indicators in [`Core::indicators`].
    pub subs: Vec<usize>,
    /// Where its inputs stand in a validated case.
    pub slots: Slots,
    /// Counted as met for everyone this year: decided before anything else.
    pub neutralised: Option<Cited>,
    /// An exemption from the whole indicator: decided next, when the case claims it.
    pub exemption: Option<Cited>,
    /// It can be pre-filled from the insurer's data (where from, when the spec says it); a
    /// pre-filled indicator satisfies its declared conditions ([`Condition::is_declared`]).
    pub prefill: Option<Prefill>,
    /// What must hold, in order; none unknown and none false for the indicator to be met.
    pub conditions: Vec<Condition>,
    /// Evidence, looked at in order once the conditions hold.
    pub evidence: Vec<EvidenceGate>,
    /// What it pays when met and its section pays by indicator (or, optional, on top of its
    /// section's lump).
    pub payment: Payment,
    /// `facultatif`: an indicator of a prerequisite section that its section's gate does not
    /// require; paid its own amount when met and its section is unlocked.
    pub optional: bool,
}

/// Where pre-filled values come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prefill {
    /// The source of the data, when stated.
    pub source: Option<String>,
    /// The citation.
    pub cite: String,
}

/// A condition of an indicator: true, false or unknown (an input it needs is absent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// Every sub-indicator counts as met (false when one is not met or lacks its evidence).
    SubIndicators,
    /// The form's yes/no question is answered yes.
    Question(Cited),
    /// Software is declared in a role (at [`Slots::software`] + `offset`), had by `deadline`.
    Software {
        /// Position among the indicator's roles.
        offset: usize,
        /// The role's label and citation.
        label: Cited,
        /// An exemption from this role.
        exemption: Option<Cited>,
        /// The date by which it must be had (the assessment date, 31/12/N).
        /// `None` for an assessment date out of the calendar's range (none can be had by it).
        deadline: Option<Date>,
    },
    /// A ticked option of a list validates the indicator.
    Choice(Choice),
    /// A rate passes its threshold.
    Rate(Rate),
    /// A rate the practitioner declares on the form passes its threshold; the sworn statement
    /// of the indicator's evidence validates it.
    DeclaredRate(DeclaredRate),
    /// A count passes its threshold (or is given, without threshold).
    Count {
        /// Position among the indicator's counts.
        offset: usize,
        /// The count's label.
        label: String,
        /// Its threshold.
        threshold: Option<CountThreshold>,
    },
    /// A fact the insurer measures is found.
    Finding {
        /// Position among the indicator's findings.
        offset: usize,
        /// What is found, and the citation.
        label: Cited,
    },
    /// Measures that each pay their part of the indicator's amount when their own threshold is
    /// met (`part …`, partial thresholds): true when one holds, false when none can, unknown
    /// otherwise. Which held is kept for [`Payment::Parts`], bit `i` for part `i`.
    Parts(Vec<Part>),
}

/// One measure of [`Condition::Parts`] and its share of the amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The measure: a [`Condition::Rate`], a [`Condition::DeclaredRate`] or a
    /// [`Condition::Count`] with its threshold.
    pub measure: Condition,
    /// The measure's label.
    pub label: String,
    /// Its share, in cents.
    pub cents: i64,
    /// Its share as the guide writes it (`22,5 points (157,50 €)`).
    pub written: String,
    /// The citation of the share.
    pub cite: String,
}

impl Condition {
    /// Whether the practitioner declares it, so that pre-filling satisfies it.
    pub fn is_declared(&self) -> bool {
        matches!(
            self,
            Condition::Question(_) | Condition::Software { .. } | Condition::Choice(_)
        )
    }
}

/// A list of options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The list's question.
    pub label: String,
    /// Its options.
    pub options: Vec<ChoiceOption>,
    /// Bit `i` set when option `i` validates the list once ticked, whatever its numbers
    /// (accepted, with no minimum a year); 0 for a list of more than 64 options.
    pub accepted_outright: u64,
    /// Bit `i` set when option `i` validates the list only from its minimum a year on; 0 for a
    /// list of more than 64 options.
    pub accepted_from_minimum: u64,
}

/// An option of a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoiceOption {
    /// Position among the indicator's options (all lists, in order).
    pub offset: usize,
    /// Its label and citation.
    pub label: Cited,
    /// Whether ticking it validates the indicator.
    pub accepted: bool,
    /// It counts only from this number a year on; the number stands in the case's numbers at
    /// [`Slots::numbers`] + `number_offset`.
    pub minimum_per_year: Option<i64>,
    /// Where its number a year stands, after the indicator's counts.
    pub number_offset: usize,
}

/// A threshold on a count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountThreshold {
    /// The comparison.
    pub op: Comparison,
    /// The limit.
    pub value: i64,
    /// The citation.
    pub cite: String,
}

/// A rate and its threshold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rate {
    /// Position among the indicator's rates.
    pub offset: usize,
    /// The rate's label.
    pub label: String,
    /// Its threshold (a rate without one is unknown).
    pub threshold: Option<RateThreshold>,
    /// How it is computed from a list of acts; `None` for a rate only given as counts.
    pub acts: Option<Box<ActRate>>,
}

/// A rate declared by the practitioner and its threshold: its value stands in the case's rates,
/// at [`Slots::rates`] + `offset`, as the runtime's `DeclaredRate` (an exact fraction).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclaredRate {
    /// Position among the indicator's rates.
    pub offset: usize,
    /// The rate's label.
    pub label: String,
    /// Its threshold (a rate without one is unknown).
    pub threshold: Option<RateThreshold>,
}

/// A threshold on a rate, exact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateThreshold {
    /// The comparison.
    pub op: Comparison,
    /// The limit, between 0 and 1.
    pub value: ir::Rational,
    /// As the guide writes it (`70 %`, `2/3`).
    pub written: String,
    /// The citation.
    pub cite: String,
}

/// A rate computed from acts: which acts count, over which period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActRate {
    /// Which acts count in the numerator.
    pub numerator: ir::Condition,
    /// Which acts count in the denominator (`None`: every act left).
    pub denominator: Option<ir::Condition>,
    /// Acts left out of both, each with its label; the first that holds is counted.
    pub exclusions: Vec<(ir::Condition, Cited)>,
    /// The measurement period.
    pub period: Period,
}

/// A measurement period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Period {
    /// The whole reference year.
    WholeYear,
    /// The whole year for those who transmitted in N-1; otherwise from the 1st of the month
    /// after the first FSE of N (December kept): the first act that is a claim by
    /// [`Core::first_claim`].
    Individualised {
        /// The citation.
        cite: String,
    },
}

/// When an evidence rule applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Requirement {
    /// Always.
    Always,
    /// Unless the indicator is pre-filled.
    UnlessPrefilled,
    /// In any of these cases.
    When(Vec<ir::EvidenceCase>),
}

/// Evidence looked at once an indicator's conditions hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvidenceGate {
    /// The form's single sworn-statement box.
    SwornBox {
        /// When it applies.
        required: Requirement,
        /// The citation.
        cite: String,
    },
    /// The sworn statement is made by declaring the indicator itself.
    SwornInDeclaration {
        /// When it applies.
        required: Requirement,
        /// The citation.
        cite: String,
    },
    /// A document to send.
    Document {
        /// When it applies.
        required: Requirement,
        /// The document and the citation.
        label: Cited,
    },
}

/// What an indicator pays when met, in a section paid by indicator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payment {
    /// Nothing of its own (its section pays as a whole, or it has no amount).
    Nothing,
    /// A known amount, in cents.
    Cents(i64),
    /// An amount the guide does not state, with why: undetermined when met, never 0.
    Unknown(String),
    /// At most `max_cents`, by a scale no source gives (`montant jusqu'à … selon "…"`):
    /// undetermined when met, with its maximum.
    UpTo {
        /// The most it pays.
        max_cents: i64,
        /// What the amount depends on.
        text: String,
    },
    /// By a scale of one of its counts (`montant … par …, au plus …`, `montant barème selon …`):
    /// what the scale gives for the count's value; undetermined, at most its maximum, when the
    /// count is not given.
    Scaled(Box<Scaled>),
    /// The parts of its [`Condition::Parts`] that held, each its share, in order.
    Parts(Vec<i64>),
    /// The sum of what its sub-indicators pay.
    SubIndicators,
}

/// A scaled amount, lowered: exact cents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scaled {
    /// Position of its measure among the indicator's counts (in the case's numbers at
    /// [`Slots::numbers`] + `offset`).
    pub offset: usize,
    /// The measure's label.
    pub label: String,
    /// How the amount follows the measure.
    pub rule: ScaleRule,
    /// The most it pays, in cents.
    pub max_cents: i64,
    /// The citation of the scale.
    pub cite: String,
}

/// How a scaled amount follows its measure, in cents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScaleRule {
    /// `unit_cents` per unit, at most `cap_cents` (a whole number of units).
    PerUnit {
        /// Per unit.
        unit_cents: i64,
        /// The cap.
        cap_cents: i64,
    },
    /// Brackets in order, each its least value and what it pays; the first from 0, the last
    /// open.
    Brackets(Vec<(i64, i64)>),
}

impl ScaleRule {
    /// What the scale pays for `value` units (a negative value, which the case reader refuses,
    /// pays as 0).
    pub fn cents_for(&self, value: i64) -> i64 {
        match self {
            ScaleRule::PerUnit {
                unit_cents,
                cap_cents,
            } => {
                let cents = i128::from(value.max(0))
                    .saturating_mul(i128::from(*unit_cents))
                    .min(i128::from(*cap_cents));
                i64::try_from(cents).unwrap_or(*cap_cents)
            }
            ScaleRule::Brackets(brackets) => brackets
                .iter()
                .rev()
                .find(|(from, _)| *from <= value)
                .map_or(0, |(_, cents)| *cents),
        }
    }
}

/// A section, lowered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// Its id.
    pub id: String,
    /// How it is unlocked.
    pub gate: Gate,
    /// Positions of its indicators (not their sub-indicators) in [`Core::indicators`]; its gate
    /// requires those that are not [`Indicator::optional`].
    pub indicators: Vec<usize>,
    /// What it pays as a whole when unlocked (its optional indicators pay on top of it); `None`
    /// when it pays by indicator.
    pub lump_cents: Option<i64>,
    /// Its lump's amount is not known (`montant inconnu`, `jusqu'à … selon`): when unlocked,
    /// what it pays is undetermined and `lump_cents` is only what is known of it (0).
    pub lump_undetermined: bool,
}

/// How a section is unlocked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// When all its indicators that are not optional count as met.
    Prerequisite,
    /// Always.
    Independent,
    /// When the section at this position is unlocked and all its indicators count as met;
    /// `None` when no section has the id required (never unlocked).
    Requires(Option<usize>),
}

/// The runtime's comparison for a threshold of the IR.
fn comparison(op: ir::ThresholdOp) -> Comparison {
    match op {
        ir::ThresholdOp::AtLeast => Comparison::AtLeast,
        ir::ThresholdOp::MoreThan => Comparison::MoreThan,
    }
}

/// Lowers a checked edition.
pub fn lower(edition: &ir::Edition) -> Core {
    let mut core = Core {
        key: edition.key(),
        year: edition.year,
        indicators: Vec::new(),
        sections: Vec::with_capacity(edition.sections.len()),
        gating_order: edition.sections_in_gating_order(),
        layout: Layout::of(edition),
        first_claim: edition.acts.as_ref().and_then(|a| a.first_claim.clone()),
    };
    let deadline = edition.assessment.value.packed();
    for section in &edition.sections {
        let lump_cents = section
            .amount
            .as_ref()
            .map(|lump| lump.value.known().map_or(0, |a| a.cents));
        let lump_undetermined = section
            .amount
            .as_ref()
            .is_some_and(|lump| lump.value.known().is_none());
        let mut tops = Vec::with_capacity(section.indicators.len());
        for indicator in &section.indicators {
            // An optional indicator is paid its own amount, on top of its section's lump.
            tops.push(place(
                &mut core,
                indicator,
                None,
                lump_cents.is_some() && indicator.optional.is_none(),
                deadline,
            ));
        }
        let gate = match &section.gating {
            ir::Gating::Prerequisite => Gate::Prerequisite,
            ir::Gating::Independent => Gate::Independent,
            ir::Gating::Complementary { requires } => {
                Gate::Requires(edition.sections.iter().position(|s| &s.id == requires))
            }
        };
        core.sections.push(Section {
            id: section.id.clone(),
            gate,
            indicators: tops,
            lump_cents,
            lump_undetermined,
        });
    }
    core
}

/// Places `indicator` and its sub-indicators in pre-order; returns its position.
fn place(
    core: &mut Core,
    indicator: &ir::Indicator,
    parent: Option<&str>,
    paid_as_a_whole: bool,
    deadline: Option<Date>,
) -> usize {
    let here = core.indicators.len();
    let id = match parent {
        Some(p) => format!("{p}.{}", indicator.id),
        None => indicator.id.clone(),
    };
    let slots = core
        .layout
        .indicators
        .get(here)
        .copied()
        .unwrap_or_default();
    // An extended deadline (`délai`) replaces the assessment date for its software.
    let deadline = match &indicator.deadline {
        Some(extended) => extended.value.packed(),
        None => deadline,
    };
    let lowered = lower_indicator(indicator, id.clone(), slots, paid_as_a_whole, deadline);
    core.indicators.push(lowered);
    for sub in &indicator.subs {
        let position = place(core, sub, Some(&id), paid_as_a_whole, deadline);
        if let Some(lowered) = core.indicators.get_mut(here) {
            lowered.subs.push(position);
        }
    }
    here
}

fn lower_indicator(
    indicator: &ir::Indicator,
    id: String,
    slots: Slots,
    paid_as_a_whole: bool,
    deadline: Option<Date>,
) -> Indicator {
    let mut conditions = Vec::new();
    if !indicator.subs.is_empty() {
        conditions.push(Condition::SubIndicators);
    }
    if let Some(question) = &indicator.question {
        conditions.push(Condition::Question(Cited::of(
            &question.value,
            &question.provenance,
        )));
    }
    for (offset, software) in indicator.software.iter().enumerate() {
        let role = &software.value.id;
        let exemption = indicator
            .exemptions
            .iter()
            .find(|e| matches!(&e.value.target, ir::ExemptionTarget::Software(r) if r == role));
        conditions.push(Condition::Software {
            offset,
            label: Cited::of(&software.value.label, &software.provenance),
            exemption: exemption.map(|e| Cited::of(&e.value.text, &e.provenance)),
            deadline,
        });
    }
    let mut first_option = 0;
    for choice in &indicator.choices {
        let options = choice
            .options
            .iter()
            .enumerate()
            .map(|(index, option)| ChoiceOption {
                offset: first_option + index,
                label: Cited::of(&option.label, &option.provenance),
                accepted: option.accepted,
                minimum_per_year: option.minimum_per_year,
                number_offset: indicator.counts.len() + first_option + index,
            })
            .collect::<Vec<_>>();
        first_option += choice.options.len();
        let mask = |keep: fn(&ChoiceOption) -> bool| {
            if options.len() > 64 {
                return 0;
            }
            options
                .iter()
                .enumerate()
                .filter(|(_, option)| keep(option))
                .fold(0u64, |bits, (index, _)| bits | (1u64 << index))
        };
        let accepted_outright = mask(|o| o.accepted && o.minimum_per_year.is_none());
        let accepted_from_minimum = mask(|o| o.accepted && o.minimum_per_year.is_some());
        conditions.push(Condition::Choice(Choice {
            label: choice.label.resolved.clone(),
            options,
            accepted_outright,
            accepted_from_minimum,
        }));
    }
    let mut parts = Vec::new();
    for (offset, rate) in indicator.rates.iter().enumerate() {
        let measure = if rate.declared {
            let lowered = lower_rate(offset, rate);
            Condition::DeclaredRate(DeclaredRate {
                offset,
                label: lowered.label,
                threshold: lowered.threshold,
            })
        } else {
            Condition::Rate(lower_rate(offset, rate))
        };
        match &rate.part {
            Some(part) => parts.push(lower_part(measure, &rate.label, part)),
            None => conditions.push(measure),
        }
    }
    // The measure of a scaled amount sizes the amount: without a threshold it is no condition.
    let scaled_measure = match indicator.amount.as_ref().map(|a| &a.value) {
        Some(ir::AmountSpec::Scaled { measure, .. }) => Some(measure.as_str()),
        _ => None,
    };
    for (offset, count) in indicator.counts.iter().enumerate() {
        if count.threshold.is_none() && scaled_measure == Some(count.id.as_str()) {
            continue;
        }
        let measure = Condition::Count {
            offset,
            label: count.label.resolved.clone(),
            threshold: count.threshold.as_ref().map(|t| CountThreshold {
                op: comparison(t.op),
                value: t.value,
                cite: cite(&t.provenance),
            }),
        };
        match &count.part {
            Some(part) => parts.push(lower_part(measure, &count.label, part)),
            None => conditions.push(measure),
        }
    }
    let shares: Vec<i64> = parts.iter().map(|p| p.cents).collect();
    if !parts.is_empty() {
        conditions.push(Condition::Parts(parts));
    }
    for (offset, finding) in indicator.findings.iter().enumerate() {
        conditions.push(Condition::Finding {
            offset,
            label: Cited::of(&finding.value.label, &finding.provenance),
        });
    }
    let payment = if !indicator.subs.is_empty() {
        Payment::SubIndicators
    } else if paid_as_a_whole {
        Payment::Nothing
    } else if !shares.is_empty() {
        Payment::Parts(shares)
    } else {
        match indicator.amount.as_ref().map(|a| &a.value) {
            Some(ir::AmountSpec::Known(amount)) => Payment::Cents(amount.cents),
            Some(ir::AmountSpec::Unknown(reason)) => Payment::Unknown(reason.resolved.clone()),
            Some(ir::AmountSpec::UpTo { max, scale }) => Payment::UpTo {
                max_cents: max.cents,
                text: scale.resolved.clone(),
            },
            Some(ir::AmountSpec::Scaled {
                measure,
                label,
                scale,
                max,
            }) => Payment::Scaled(Box::new(Scaled {
                offset: indicator
                    .counts
                    .iter()
                    .position(|c| &c.id == measure)
                    .unwrap_or_default(),
                label: label.clone(),
                rule: match scale {
                    ir::Scale::PerUnit { unit, cap } => ScaleRule::PerUnit {
                        unit_cents: unit.cents,
                        cap_cents: cap.cents,
                    },
                    ir::Scale::Brackets(brackets) => ScaleRule::Brackets(
                        brackets.iter().map(|b| (b.from, b.amount.cents)).collect(),
                    ),
                },
                max_cents: max.cents,
                cite: indicator
                    .amount
                    .as_ref()
                    .map_or_else(String::new, |a| cite(&a.provenance)),
            })),
            None => Payment::Nothing,
        }
    };
    Indicator {
        id,
        subs: Vec::with_capacity(indicator.subs.len()),
        slots,
        neutralised: indicator
            .neutralised
            .as_ref()
            .map(|n| Cited::of(&n.value, &n.provenance)),
        exemption: indicator
            .exemptions
            .iter()
            .find(|e| e.value.target == ir::ExemptionTarget::Whole)
            .map(|e| Cited::of(&e.value.text, &e.provenance)),
        prefill: (indicator.kind == ir::Kind::Prefilled).then(|| Prefill {
            source: indicator
                .prefill
                .as_ref()
                .map(|p| p.value.source.resolved.clone()),
            cite: indicator
                .prefill
                .as_ref()
                .map_or_else(String::new, |p| cite(&p.provenance)),
        }),
        conditions,
        evidence: indicator
            .evidence
            .iter()
            .filter_map(lower_evidence)
            .collect(),
        payment,
        optional: indicator.optional.is_some(),
    }
}

fn lower_part(measure: Condition, label: &ir::Text, part: &ir::Fact<ir::Amount>) -> Part {
    Part {
        measure,
        label: label.resolved.clone(),
        cents: part.value.cents,
        written: crate::wording::amount_in_words(part.value),
        cite: cite(&part.provenance),
    }
}

fn lower_rate(offset: usize, rate: &ir::Rate) -> Rate {
    let acts = rate.numerator.as_ref().map(|numerator| {
        Box::new(ActRate {
            numerator: numerator.clone(),
            denominator: rate.denominator.clone(),
            exclusions: rate
                .exclusions
                .iter()
                .map(|e| (e.condition.clone(), Cited::of(&e.label, &e.provenance)))
                .collect(),
            period: match &rate.period {
                Some(period) if period.value == ir::Period::Individualised => {
                    Period::Individualised {
                        cite: cite(&period.provenance),
                    }
                }
                _ => Period::WholeYear,
            },
        })
    });
    Rate {
        offset,
        label: rate.label.resolved.clone(),
        threshold: rate.threshold.as_ref().map(|t| RateThreshold {
            op: comparison(t.op),
            value: t.value,
            written: crate::wording::threshold_written(t),
            cite: cite(&t.provenance),
        }),
        acts,
    }
}

fn lower_evidence(evidence: &ir::Evidence) -> Option<EvidenceGate> {
    let required = |default: Requirement| {
        if evidence.required_when.is_empty() {
            default
        } else {
            Requirement::When(evidence.required_when.clone())
        }
    };
    let cite = cite(&evidence.provenance);
    match &evidence.kind {
        ir::EvidenceKind::None => None,
        ir::EvidenceKind::Sworn if evidence.sworn_in_declaration => {
            Some(EvidenceGate::SwornInDeclaration {
                required: required(Requirement::UnlessPrefilled),
                cite,
            })
        }
        ir::EvidenceKind::Sworn => Some(EvidenceGate::SwornBox {
            required: required(Requirement::UnlessPrefilled),
            cite,
        }),
        ir::EvidenceKind::Document(label) => Some(EvidenceGate::Document {
            required: required(Requirement::Always),
            label: Cited {
                text: label.resolved.clone(),
                cite,
            },
        }),
    }
}
