//! The reference interpreter: one practitioner's year evaluated over the IR, exactly.
//!
//! For each indicator a status and its reasons (each citing the spec's
//! provenance), then the gating of sections and the amounts. Integer cents,
//! rationals compared by cross-multiplication in `i128`: no floating point.
//! The generated Rust code must agree with this module on every case.

use crate::case::{Act, Answer, Case, EvidenceState, Inputs, Layout, RateData, Slots};
use crate::ir::{self, CivilDate, Condition, Indicator, Provenance};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// What became of an indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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
    /// Whether it counts as met for gating and payment.
    pub fn counts_as_met(self) -> bool {
        matches!(self, Status::Met | Status::Neutralised | Status::Exempt)
    }

    /// Every status.
    pub const ALL: [Status; 6] = [
        Status::Met,
        Status::NotMet,
        Status::Neutralised,
        Status::Exempt,
        Status::MissingEvidence,
        Status::Unknown,
    ];

    /// The contract's name.
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

    /// In French, for people.
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IndicatorOutcome {
    /// Its status.
    pub status: Status,
    /// What it pays, in cents (0 when its section is paid as a whole).
    pub amount_cents: i64,
    /// Why, each reason citing its provenance.
    pub reasons: Vec<String>,
}

/// A section's outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SectionOutcome {
    /// Whether it pays.
    pub unlocked: bool,
    /// What it pays, in cents.
    pub amount_cents: i64,
}

/// The outcome of a practitioner's year: the JSON contract of `guidec eval`. Its ids are
/// borrowed from the [`Plan`] that evaluated it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome<'p> {
    /// The edition key.
    pub edition: &'p str,
    /// What is paid in all, in cents.
    pub total_cents: i64,
    /// Per section, in the spec's order.
    #[serde(serialize_with = "ordered_map")]
    pub sections: Vec<(&'p str, SectionOutcome)>,
    /// Per indicator, in the spec's order, sub-indicators as `parent.child`.
    #[serde(serialize_with = "ordered_map")]
    pub indicators: Vec<(&'p str, IndicatorOutcome)>,
}

fn ordered_map<S: Serializer, V: Serialize>(
    entries: &[(&str, V)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(entries.len()))?;
    for (key, value) in entries {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

impl Outcome<'_> {
    /// The outcome of indicator `id`.
    pub fn indicator(&self, id: &str) -> Option<&IndicatorOutcome> {
        self.indicators
            .iter()
            .find(|(k, _)| *k == id)
            .map(|(_, v)| v)
    }

    /// The outcome of section `id`.
    pub fn section(&self, id: &str) -> Option<&SectionOutcome> {
        self.sections.iter().find(|(k, _)| *k == id).map(|(_, v)| v)
    }
}

/// Whether reasons are written (they cost allocations; the figures never depend on them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Explain {
    /// Write every reason.
    Yes,
    /// Statuses and amounts only.
    No,
}

/// ` [004 §1.4]`, or nothing without provenance.
pub fn cite(provenance: &Option<Provenance>) -> String {
    match provenance {
        Some(p) => format!(" [{p}]"),
        None => String::new(),
    }
}

/// A rate as a person reads it: `1100/1300 (84,62 %)`, rounded half up to two decimals.
pub fn ratio_in_words(numerator: i64, denominator: i64) -> String {
    if denominator == 0 {
        return format!("{numerator}/{denominator}");
    }
    let n = i128::from(numerator);
    let d = i128::from(denominator);
    let hundredths = (n * 20_000 / d + 1) / 2;
    format!(
        "{numerator}/{denominator} ({},{:02} %)",
        hundredths / 100,
        hundredths % 100
    )
}

/// A threshold as a person reads it: `≥ 70 %`, `≥ 2/3`.
pub fn threshold_in_words(threshold: &ir::RateThreshold) -> String {
    format!("{} {}", threshold.op.symbol(), threshold.written())
}

/// Whether `numerator/denominator` passes the threshold, exactly.
pub fn passes(numerator: i64, denominator: i64, threshold: &ir::RateThreshold) -> bool {
    let left = i128::from(numerator) * i128::from(*threshold.value.denom());
    let right = i128::from(*threshold.value.numer()) * i128::from(denominator);
    match threshold.op {
        ir::ThresholdOp::AtLeast => left >= right,
        ir::ThresholdOp::MoreThan => left > right,
    }
}

/// Three-valued result of one condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Truth {
    True,
    False,
    Unknown,
}

/// The conditions of an indicator as they are decided: whether one failed, one is unknown.
#[derive(Default)]
struct Tally {
    count: usize,
    any_false: bool,
    any_unknown: bool,
}

impl Tally {
    fn push(&mut self, truth: Truth) {
        self.count += 1;
        match truth {
            Truth::True => {}
            Truth::False => self.any_false = true,
            Truth::Unknown => self.any_unknown = true,
        }
    }
}

/// An edition made ready to evaluate, once: its ids written out, each indicator placed in the
/// case's lists, each section's requirement resolved to a position. Evaluating a case then looks
/// nothing up by name and copies no id: the outcome borrows them from the plan.
#[derive(Clone, Debug)]
pub struct Plan<'e> {
    edition: &'e ir::Edition,
    key: String,
    /// Where each indicator's inputs stand in a validated case, in the order of `indicators`.
    layout: Layout,
    indicators: Vec<PlannedIndicator<'e>>,
    sections: Vec<PlannedSection<'e>>,
    /// Sections in an order where each comes after the section it requires (sections on a
    /// cycle, which the checker rules out, are left out and stay locked).
    order: Vec<usize>,
}

/// An indicator, at its position in the edition's order (sections in order, each indicator before its sub-indicators).
#[derive(Clone, Debug)]
struct PlannedIndicator<'e> {
    /// `parent.child` for a sub-indicator.
    id: String,
    indicator: &'e Indicator,
    /// Positions of its sub-indicators.
    subs: Vec<usize>,
}

#[derive(Clone, Debug)]
struct PlannedSection<'e> {
    section: &'e ir::Section,
    gate: Gate,
    /// Positions of its indicators (not their sub-indicators).
    indicators: Vec<usize>,
    /// What it pays as a whole, when it is paid as a whole.
    lump_cents: Option<i64>,
}

#[derive(Clone, Copy, Debug)]
enum Gate {
    Prerequisite,
    Independent,
    /// Unlocked when the section at this position is unlocked and met; `None` when no section
    /// has the id (never unlocked).
    Requires(Option<usize>),
}

impl<'e> Plan<'e> {
    /// Plans the evaluation of `edition`'s cases.
    pub fn new(edition: &'e ir::Edition) -> Plan<'e> {
        let mut plan = Plan {
            edition,
            key: edition.key(),
            layout: Layout::of(edition),
            indicators: Vec::new(),
            sections: Vec::new(),
            order: edition.sections_in_gating_order(),
        };
        for section in &edition.sections {
            let mut tops = Vec::with_capacity(section.indicators.len());
            for indicator in &section.indicators {
                tops.push(plan.place(indicator, None));
            }
            let gate = match &section.gating {
                ir::Gating::Prerequisite => Gate::Prerequisite,
                ir::Gating::Independent => Gate::Independent,
                ir::Gating::Complementary { requires } => {
                    Gate::Requires(edition.sections.iter().position(|s| &s.id == requires))
                }
            };
            plan.sections.push(PlannedSection {
                section,
                gate,
                indicators: tops,
                lump_cents: section
                    .amount
                    .as_ref()
                    .map(|lump| lump.value.known().map_or(0, |a| a.cents)),
            });
        }
        plan
    }

    /// The edition planned.
    pub fn edition(&self) -> &'e ir::Edition {
        self.edition
    }

    /// Where the edition's inputs stand in its validated cases.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Places `indicator` and its subs in pre-order; returns its position.
    fn place(&mut self, indicator: &'e Indicator, parent: Option<&str>) -> usize {
        let here = self.indicators.len();
        let id = match parent {
            Some(p) => format!("{p}.{}", indicator.id),
            None => indicator.id.clone(),
        };
        self.indicators.push(PlannedIndicator {
            id: id.clone(),
            indicator,
            subs: Vec::with_capacity(indicator.subs.len()),
        });
        for sub in &indicator.subs {
            let position = self.place(sub, Some(&id));
            if let Some(planned) = self.indicators.get_mut(here) {
                planned.subs.push(position);
            }
        }
        here
    }

    /// Evaluates a case validated against the planned edition.
    pub fn evaluate(&self, case: &Case, explain: Explain) -> Outcome<'_> {
        Evaluator {
            plan: self,
            case,
            explain,
        }
        .run()
    }
}

/// What a parent's sub-indicators came to.
#[derive(Clone, Copy, Debug, Default)]
struct SubStatuses {
    count: usize,
    met: usize,
    /// One is not met or lacks its evidence.
    failed: bool,
}

impl SubStatuses {
    fn of(subs: &[usize], outcomes: &[(&str, IndicatorOutcome)]) -> SubStatuses {
        let mut summary = SubStatuses {
            count: subs.len(),
            ..SubStatuses::default()
        };
        for position in subs {
            let status = outcomes
                .get(*position)
                .map_or(Status::Unknown, |(_, o)| o.status);
            if status.counts_as_met() {
                summary.met += 1;
            }
            if matches!(status, Status::NotMet | Status::MissingEvidence) {
                summary.failed = true;
            }
        }
        summary
    }
}

struct Evaluator<'p, 'e, 'c> {
    plan: &'p Plan<'e>,
    case: &'c Case,
    explain: Explain,
}

impl<'p> Evaluator<'p, '_, '_> {
    fn reason(&self, reasons: &mut Vec<String>, make: impl FnOnce() -> String) {
        if self.explain == Explain::Yes {
            reasons.push(make());
        }
    }

    fn run(&self) -> Outcome<'p> {
        let plan = self.plan;
        let mut indicators: Vec<(&'p str, IndicatorOutcome)> = plan
            .indicators
            .iter()
            .map(|planned| {
                (
                    planned.id.as_str(),
                    IndicatorOutcome {
                        status: Status::Unknown,
                        amount_cents: 0,
                        reasons: Vec::new(),
                    },
                )
            })
            .collect();
        // Statuses: sub-indicators come after their parent, so going backwards decides them first.
        for position in (0..plan.indicators.len()).rev() {
            let Some(planned) = plan.indicators.get(position) else {
                continue;
            };
            let subs = SubStatuses::of(&planned.subs, &indicators);
            let mut reasons = Vec::new();
            let status = self.status(position, planned, subs, &mut reasons);
            if let Some((_, outcome)) = indicators.get_mut(position) {
                outcome.status = status;
                outcome.reasons = reasons;
            }
        }
        // Gating: a section is satisfied when its indicators are met and it is itself unlocked.
        let mut sections: Vec<(&'p str, SectionOutcome)> = plan
            .sections
            .iter()
            .map(|planned| {
                (
                    planned.section.id.as_str(),
                    SectionOutcome {
                        unlocked: false,
                        amount_cents: 0,
                    },
                )
            })
            .collect();
        let all_met = |index: usize| {
            plan.sections.get(index).is_some_and(|section| {
                !section.indicators.is_empty()
                    && section.indicators.iter().all(|position| {
                        indicators
                            .get(*position)
                            .is_some_and(|(_, o)| o.status.counts_as_met())
                    })
            })
        };
        for &index in &plan.order {
            let Some(section) = plan.sections.get(index) else {
                continue;
            };
            let open = match section.gate {
                Gate::Prerequisite => all_met(index),
                Gate::Independent => true,
                Gate::Requires(None) => false,
                Gate::Requires(Some(required)) => {
                    sections.get(required).is_some_and(|(_, o)| o.unlocked) && all_met(required)
                }
            };
            if let Some((_, outcome)) = sections.get_mut(index) {
                outcome.unlocked = open;
            }
        }
        // Amounts.
        let mut total: i64 = 0;
        for (section, (_, outcome)) in plan.sections.iter().zip(sections.iter_mut()) {
            let open = outcome.unlocked;
            let amount = match section.lump_cents {
                Some(lump) => {
                    if open {
                        lump
                    } else {
                        0
                    }
                }
                None => section.indicators.iter().fold(0i64, |sum, position| {
                    sum.saturating_add(self.pay(*position, open, &mut indicators))
                }),
            };
            outcome.amount_cents = amount;
            total = total.saturating_add(amount);
        }
        Outcome {
            edition: &plan.key,
            total_cents: total,
            sections,
            indicators,
        }
    }

    /// Sets the amounts of the indicator at `position` and its subs; returns what it pays.
    fn pay(&self, position: usize, open: bool, outcomes: &mut [(&str, IndicatorOutcome)]) -> i64 {
        let Some(planned) = self.plan.indicators.get(position) else {
            return 0;
        };
        let mut paid: i64 = 0;
        if planned.subs.is_empty() {
            let met = outcomes
                .get(position)
                .is_some_and(|(_, o)| o.status.counts_as_met());
            if open && met {
                match planned.indicator.amount.as_ref().map(|a| &a.value) {
                    Some(ir::AmountSpec::Known(amount)) => paid = amount.cents,
                    Some(ir::AmountSpec::Unknown(reason)) => {
                        if let Some((_, outcome)) = outcomes.get_mut(position) {
                            self.reason(&mut outcome.reasons, || {
                                format!("montant inconnu : {}", reason.resolved)
                            });
                        }
                    }
                    None => {}
                }
            }
        } else {
            for sub in &planned.subs {
                paid = paid.saturating_add(self.pay(*sub, open, outcomes));
            }
        }
        if let Some((_, outcome)) = outcomes.get_mut(position) {
            outcome.amount_cents = paid;
        }
        paid
    }

    /// The status of the indicator at `position`, once its subs (summed up in `subs`) are decided.
    fn status(
        &self,
        position: usize,
        planned: &PlannedIndicator<'_>,
        subs: SubStatuses,
        reasons: &mut Vec<String>,
    ) -> Status {
        let indicator = planned.indicator;
        let slots = self
            .plan
            .layout
            .indicators
            .get(position)
            .copied()
            .unwrap_or_default();
        let case = self.case;
        if let Some(neutralised) = &indicator.neutralised {
            self.reason(reasons, || {
                format!(
                    "neutralisé : {}{}",
                    neutralised.value.resolved,
                    cite(&neutralised.provenance)
                )
            });
            return Status::Neutralised;
        }
        let empty = Inputs::default();
        let inputs = case.indicators.get(position).unwrap_or(&empty);
        if let Some(exemption) = indicator
            .exemptions
            .iter()
            .find(|e| inputs.exempt && e.value.target == ir::ExemptionTarget::Whole)
        {
            self.reason(reasons, || {
                format!(
                    "exonéré : {}{}",
                    exemption.value.text.resolved,
                    cite(&exemption.provenance)
                )
            });
            return Status::Exempt;
        }
        let prefilled = indicator.kind == ir::Kind::Prefilled && inputs.prefilled == Some(true);
        let mut truths = Tally::default();
        let mut used_exemption = false;

        if subs.count > 0 {
            self.reason(reasons, || {
                format!(
                    "{} sous-indicateur(s) atteint(s) sur {}",
                    subs.met, subs.count
                )
            });
            truths.push(if subs.met == subs.count {
                Truth::True
            } else if subs.failed {
                Truth::False
            } else {
                Truth::Unknown
            });
        }
        if prefilled {
            if let Some(prefill) = &indicator.prefill {
                self.reason(reasons, || {
                    format!(
                        "pré-alimenté depuis {}{}",
                        prefill.value.source.resolved,
                        cite(&prefill.provenance)
                    )
                });
            } else {
                self.reason(reasons, || "pré-alimenté".to_string());
            }
        }
        if let Some(question) = &indicator.question {
            let truth = if prefilled {
                Truth::True
            } else {
                match inputs.answer {
                    Some(Answer::Yes) => {
                        self.reason(reasons, || {
                            format!(
                                "réponse oui à « {} »{}",
                                question.value.resolved,
                                cite(&question.provenance)
                            )
                        });
                        Truth::True
                    }
                    Some(Answer::No) => {
                        self.reason(reasons, || {
                            format!(
                                "réponse non à « {} »{}",
                                question.value.resolved,
                                cite(&question.provenance)
                            )
                        });
                        Truth::False
                    }
                    None => {
                        self.reason(reasons, || {
                            format!("pas de réponse à « {} »", question.value.resolved)
                        });
                        Truth::Unknown
                    }
                }
            };
            truths.push(truth);
        }
        for (offset, software) in indicator.software.iter().enumerate() {
            let role = &software.value.id;
            let state = case
                .software
                .get(slots.software + offset)
                .copied()
                .unwrap_or_default();
            let truth = if prefilled || state.declared {
                if !prefilled {
                    self.reason(reasons, || {
                        format!(
                            "logiciel déclaré : {}{}",
                            software.value.label.resolved,
                            cite(&software.provenance)
                        )
                    });
                }
                Truth::True
            } else if let Some(exemption) = indicator.exemptions.iter().find(|e| {
                state.exempted
                    && matches!(&e.value.target, ir::ExemptionTarget::Software(r) if r == role)
            }) {
                used_exemption = true;
                self.reason(reasons, || {
                    format!(
                        "exonéré du logiciel {} : {}{}",
                        software.value.label.resolved,
                        exemption.value.text.resolved,
                        cite(&exemption.provenance)
                    )
                });
                Truth::True
            } else {
                self.reason(reasons, || {
                    format!(
                        "logiciel non déclaré : {}{}",
                        software.value.label.resolved,
                        cite(&software.provenance)
                    )
                });
                Truth::False
            };
            truths.push(truth);
        }
        let mut first_option = 0;
        for choice in &indicator.choices {
            truths.push(if prefilled {
                Truth::True
            } else {
                self.choice(
                    choice,
                    inputs,
                    slots,
                    first_option,
                    indicator.counts.len(),
                    reasons,
                )
            });
            first_option += choice.options.len();
        }
        for (offset, rate) in indicator.rates.iter().enumerate() {
            let data = case
                .rates
                .get(slots.rates + offset)
                .and_then(Option::as_ref);
            truths.push(self.rate(rate, data, reasons));
        }
        for (offset, count) in indicator.counts.iter().enumerate() {
            let number = case.numbers.get(slots.numbers + offset).copied().flatten();
            truths.push(match number {
                None => {
                    self.reason(reasons, || {
                        format!("nombre manquant : {}", count.label.resolved)
                    });
                    Truth::Unknown
                }
                Some(value) => match &count.threshold {
                    None => Truth::True,
                    Some(threshold) => {
                        let ok = threshold.op.passes(&value, &threshold.value);
                        self.reason(reasons, || {
                            format!(
                                "{} = {value}, seuil {} {} : {}{}",
                                count.label.resolved,
                                threshold.op.symbol(),
                                threshold.value,
                                if ok { "atteint" } else { "non atteint" },
                                cite(&threshold.provenance)
                            )
                        });
                        if ok {
                            Truth::True
                        } else {
                            Truth::False
                        }
                    }
                },
            });
        }
        for (offset, finding) in indicator.findings.iter().enumerate() {
            let found = case
                .findings
                .get(slots.findings + offset)
                .copied()
                .flatten();
            truths.push(match found {
                Some(true) => {
                    self.reason(reasons, || {
                        format!(
                            "constaté : {}{}",
                            finding.value.label.resolved,
                            cite(&finding.provenance)
                        )
                    });
                    Truth::True
                }
                Some(false) => {
                    self.reason(reasons, || {
                        format!(
                            "non constaté : {}{}",
                            finding.value.label.resolved,
                            cite(&finding.provenance)
                        )
                    });
                    Truth::False
                }
                None => {
                    self.reason(reasons, || {
                        format!("constat manquant : {}", finding.value.label.resolved)
                    });
                    Truth::Unknown
                }
            });
        }
        if truths.any_false {
            return Status::NotMet;
        }
        if truths.any_unknown || truths.count == 0 {
            if truths.count == 0 {
                self.reason(reasons, || "aucune condition à évaluer".to_string());
            }
            return Status::Unknown;
        }
        // Conditions hold: evidence.
        for evidence in &indicator.evidence {
            match self.evidence(evidence, inputs, prefilled, reasons) {
                Truth::True => {}
                Truth::False => return Status::MissingEvidence,
                Truth::Unknown => return Status::Unknown,
            }
        }
        if used_exemption {
            Status::Exempt
        } else {
            Status::Met
        }
    }

    /// The truth of one list of options, whose first option is the indicator's `first_option`-th;
    /// numbers per year of options follow the indicator's `counts` counts.
    fn choice(
        &self,
        choice: &ir::Choice,
        inputs: &Inputs,
        slots: Slots,
        first_option: usize,
        counts: usize,
        reasons: &mut Vec<String>,
    ) -> Truth {
        let case = self.case;
        let ticked = |offset: &usize| {
            case.options
                .get(slots.options + first_option + offset)
                .copied()
                .unwrap_or(false)
        };
        if !(0..choice.options.len()).any(|offset| ticked(&offset)) {
            self.reason(reasons, || {
                format!("aucune option cochée pour « {} »", choice.label.resolved)
            });
            return if !inputs.ticked_any {
                Truth::Unknown
            } else {
                Truth::False
            };
        }
        let mut result = Truth::False;
        for (offset, option) in choice.options.iter().enumerate() {
            if !ticked(&offset) {
                continue;
            }
            if !option.accepted {
                self.reason(reasons, || {
                    format!(
                        "« {} » ne valide pas l'indicateur{}",
                        option.label.resolved,
                        cite(&option.provenance)
                    )
                });
                continue;
            }
            match option.minimum_per_year {
                None => {
                    self.reason(reasons, || {
                        format!(
                            "option retenue : « {} »{}",
                            option.label.resolved,
                            cite(&option.provenance)
                        )
                    });
                    result = Truth::True;
                }
                Some(minimum) => match case
                    .numbers
                    .get(slots.numbers + counts + first_option + offset)
                    .copied()
                    .flatten()
                {
                    Some(n) if n >= minimum => {
                        self.reason(reasons, || {
                            format!(
                                "option retenue : « {} » ({n} ≥ {minimum} par an){}",
                                option.label.resolved,
                                cite(&option.provenance)
                            )
                        });
                        result = Truth::True;
                    }
                    Some(n) => {
                        self.reason(reasons, || {
                            format!(
                                "« {} » : {n} par an, il en faut au moins {minimum}{}",
                                option.label.resolved,
                                cite(&option.provenance)
                            )
                        });
                    }
                    None => {
                        self.reason(reasons, || {
                            format!("« {} » : nombre par an manquant", option.label.resolved)
                        });
                        if result == Truth::False {
                            result = Truth::Unknown;
                        }
                    }
                },
            }
        }
        result
    }

    fn rate(&self, rate: &ir::Rate, data: Option<&RateData>, reasons: &mut Vec<String>) -> Truth {
        let Some(threshold) = &rate.threshold else {
            return Truth::Unknown;
        };
        let (numerator, denominator) = match data {
            None => {
                self.reason(reasons, || {
                    format!("mesure manquante : {}", rate.label.resolved)
                });
                return Truth::Unknown;
            }
            Some(RateData::Counts {
                numerator,
                denominator,
            }) => (*numerator, *denominator),
            Some(RateData::Acts(acts)) => match self.count_acts(rate, acts, reasons) {
                Some(pair) => pair,
                None => return Truth::Unknown,
            },
        };
        if denominator == 0 {
            self.reason(reasons, || {
                format!(
                    "{} : aucun acte retenu{}",
                    rate.label.resolved,
                    cite(&threshold.provenance)
                )
            });
            return Truth::False;
        }
        let ok = passes(numerator, denominator, threshold);
        self.reason(reasons, || {
            format!(
                "{} = {}, seuil {} : {}{}",
                rate.label.resolved,
                ratio_in_words(numerator, denominator),
                threshold_in_words(threshold),
                if ok { "atteint" } else { "non atteint" },
                cite(&threshold.provenance)
            )
        });
        if ok {
            Truth::True
        } else {
            Truth::False
        }
    }

    /// The measurement period's first day, or `None` when an input it needs is missing.
    fn period_start(
        &self,
        rate: &ir::Rate,
        acts: &[Act],
        reasons: &mut Vec<String>,
    ) -> Option<CivilDate> {
        let year = self.plan.edition.year;
        let january = CivilDate {
            year,
            month: 1,
            day: 1,
        };
        let Some(period) = &rate.period else {
            return Some(january);
        };
        if period.value == ir::Period::WholeYear {
            return Some(january);
        }
        match self.case.transmitted_previous_year {
            Some(true) => {
                self.reason(reasons, || {
                    format!(
                        "période : du 01/01/{year} au 31/12/{year} (télétransmission en {}){}",
                        year - 1,
                        cite(&period.provenance)
                    )
                });
                Some(january)
            }
            None => {
                self.reason(reasons, || {
                    format!(
                        "période : on ne sait pas si le professionnel a télétransmis en {}",
                        year - 1
                    )
                });
                None
            }
            Some(false) => {
                let first = self.case.first_claim.or_else(|| {
                    acts.iter()
                        .filter(|a| {
                            matches!(a.mode, ir::Mode::SesamVitale | ir::Mode::SesamSansVitale)
                                && a.date.year == year
                        })
                        .map(|a| a.date)
                        .min()
                });
                let start = match first {
                    Some(first) if first.year == year && first.month == 12 => CivilDate {
                        year,
                        month: 12,
                        day: 1,
                    },
                    Some(first) if first.year == year => CivilDate {
                        year,
                        month: first.month + 1,
                        day: 1,
                    },
                    _ => january,
                };
                self.reason(reasons, || match first {
                    Some(first) if first.year == year => format!(
                        "période individualisée : première FSE le {first}, calcul à partir du {start}{}",
                        cite(&period.provenance)
                    ),
                    _ => format!("période : du 01/01/{year} au 31/12/{year}, aucune FSE en {year}"),
                });
                Some(start)
            }
        }
    }

    fn count_acts(
        &self,
        rate: &ir::Rate,
        acts: &[Act],
        reasons: &mut Vec<String>,
    ) -> Option<(i64, i64)> {
        let start = self.period_start(rate, acts, reasons)?;
        let end = CivilDate {
            year: self.plan.edition.year,
            month: 12,
            day: 31,
        };
        let mut numerator: i64 = 0;
        let mut denominator: i64 = 0;
        let mut excluded = vec![0i64; rate.exclusions.len()];
        let mut outside: i64 = 0;
        for act in acts {
            let weight = i64::from(act.count);
            if act.date < start || act.date > end {
                outside = outside.saturating_add(weight);
                continue;
            }
            if let Some(index) = rate
                .exclusions
                .iter()
                .position(|e| holds(&e.condition, act))
            {
                if let Some(slot) = excluded.get_mut(index) {
                    *slot = slot.saturating_add(weight);
                }
                continue;
            }
            if rate.denominator.as_ref().is_none_or(|c| holds(c, act)) {
                denominator = denominator.saturating_add(weight);
            }
            if rate.numerator.as_ref().is_none_or(|c| holds(c, act)) {
                numerator = numerator.saturating_add(weight);
            }
        }
        if outside > 0 {
            self.reason(reasons, || format!("{outside} acte(s) hors période"));
        }
        for (exclusion, n) in rate.exclusions.iter().zip(&excluded) {
            if *n > 0 {
                self.reason(reasons, || {
                    format!(
                        "{n} acte(s) exclu(s) : {}{}",
                        exclusion.label.resolved,
                        cite(&exclusion.provenance)
                    )
                });
            }
        }
        Some((numerator, denominator))
    }

    /// Whether an evidence rule applies: its cases, or when none is given, a declaration (a document: always).
    fn required(&self, evidence: &ir::Evidence, prefilled: bool) -> bool {
        if evidence.required_when.is_empty() {
            return match evidence.kind {
                ir::EvidenceKind::Sworn => !prefilled,
                _ => true,
            };
        }
        evidence.required_when.iter().any(|case| match case {
            ir::EvidenceCase::Always => true,
            ir::EvidenceCase::FirstYear => self.case.first_year,
            ir::EvidenceCase::VendorChange => self.case.vendor_changed,
            ir::EvidenceCase::NotPrefilled => !prefilled,
            ir::EvidenceCase::OnRequest => self.case.evidence_requested,
        })
    }

    fn evidence(
        &self,
        evidence: &ir::Evidence,
        inputs: &Inputs,
        prefilled: bool,
        reasons: &mut Vec<String>,
    ) -> Truth {
        match &evidence.kind {
            ir::EvidenceKind::None => Truth::True,
            ir::EvidenceKind::Sworn => {
                if !self.required(evidence, prefilled) {
                    return Truth::True;
                }
                match self.case.sworn {
                    Some(true) => {
                        self.reason(reasons, || {
                            format!(
                                "attestation sur l'honneur cochée{}",
                                cite(&evidence.provenance)
                            )
                        });
                        Truth::True
                    }
                    Some(false) => {
                        self.reason(reasons, || {
                            format!(
                                "attestation sur l'honneur non cochée{}",
                                cite(&evidence.provenance)
                            )
                        });
                        Truth::False
                    }
                    None => {
                        self.reason(reasons, || {
                            "on ne sait pas si l'attestation sur l'honneur est cochée".to_string()
                        });
                        Truth::Unknown
                    }
                }
            }
            ir::EvidenceKind::Document(label) => {
                if !self.required(evidence, prefilled) {
                    return Truth::True;
                }
                let sent = match inputs.evidence {
                    Some(EvidenceState::Sent) => true,
                    Some(EvidenceState::Validated) => !self.case.vendor_changed,
                    Some(EvidenceState::Missing) | None => false,
                };
                if sent {
                    self.reason(reasons, || {
                        format!(
                            "justificatif transmis : {}{}",
                            label.resolved,
                            cite(&evidence.provenance)
                        )
                    });
                    Truth::True
                } else {
                    self.reason(reasons, || {
                        format!(
                            "justificatif requis et non transmis : {}{}",
                            label.resolved,
                            cite(&evidence.provenance)
                        )
                    });
                    Truth::False
                }
            }
        }
    }
}

/// Whether a condition holds for an act. An age test on an act without the beneficiary's age does not hold.
pub fn holds(condition: &Condition, act: &Act) -> bool {
    match condition {
        Condition::Any(parts) => parts.iter().any(|c| holds(c, act)),
        Condition::All(parts) => parts.iter().all(|c| holds(c, act)),
        Condition::Not(inner) => !holds(inner, act),
        Condition::Flag(flag) => match flag {
            ir::ActFlag::Ame => act.ame,
            ir::ActFlag::NirProvisoire => act.nir_provisoire,
            ir::ActFlag::Ehpad => act.ehpad,
            ir::ActFlag::Telesoin => act.telesoin,
        },
        Condition::ModeIn(modes) => modes.contains(&act.mode),
        Condition::BillingIn(routes) => routes.contains(&act.billing),
        Condition::Age { op, amount, unit } => {
            let Some(birth) = act.birth else { return false };
            let age = age_in(birth, act.date, *unit);
            match op {
                ir::CompareOp::Less => age < *amount,
                ir::CompareOp::LessOrEqual => age <= *amount,
                ir::CompareOp::Greater => age > *amount,
                ir::CompareOp::GreaterOrEqual => age >= *amount,
                ir::CompareOp::Equal => age == *amount,
                ir::CompareOp::NotEqual => age != *amount,
            }
        }
    }
}

/// Completed days, calendar months or years from `birth` to `date`.
pub fn age_in(birth: CivilDate, date: CivilDate, unit: ir::AgeUnit) -> i64 {
    match unit {
        ir::AgeUnit::Days => day_number(date) - day_number(birth),
        ir::AgeUnit::Months | ir::AgeUnit::Years => {
            let mut months = i64::from(date.year - birth.year) * 12 + i64::from(date.month)
                - i64::from(birth.month);
            if date.day < birth.day {
                months -= 1;
            }
            if unit == ir::AgeUnit::Years {
                months.div_euclid(12)
            } else {
                months
            }
        }
    }
}

/// Days since 0000-03-01 (proleptic Gregorian), for differences of dates.
pub fn day_number(date: CivilDate) -> i64 {
    let (year, month) = if date.month <= 2 {
        (i64::from(date.year) - 1, i64::from(date.month) + 9)
    } else {
        (i64::from(date.year), i64::from(date.month) - 3)
    };
    let era_days = 365 * year + year.div_euclid(4) - year.div_euclid(100) + year.div_euclid(400);
    era_days + (153 * month + 2) / 5 + i64::from(date.day) - 1
}

/// The outcome as a table for a person, in French; with `explain`, every reason under its indicator.
pub fn render_text(edition: &ir::Edition, outcome: &Outcome, explain: bool) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} ({})",
        edition.title.resolved,
        edition.key(),
        edition.year
    );
    for section in &edition.sections {
        let Some(result) = outcome.section(&section.id) else {
            continue;
        };
        let state = if result.unlocked {
            "débloqué"
        } else {
            "non débloqué"
        };
        let _ = writeln!(
            out,
            "\n{} [{}] — {state} — {}",
            section.title.resolved,
            section.id,
            ir::euros_in_words(result.amount_cents)
        );
        for (id, indicator) in section.all_indicators() {
            let Some(result) = outcome.indicator(&id) else {
                continue;
            };
            let depth = id.matches('.').count();
            let indent = "  ".repeat(depth + 1);
            let _ = writeln!(
                out,
                "{indent}{:<40} {:<22} {:>12}",
                truncate(&indicator.title.resolved, 40usize.saturating_sub(2 * depth)),
                result.status.label(),
                ir::euros_in_words(result.amount_cents)
            );
            if explain {
                for reason in &result.reasons {
                    let _ = writeln!(out, "{indent}    · {reason}");
                }
            }
        }
    }
    let _ = writeln!(out, "\nTotal : {}", ir::euros_in_words(outcome.total_cents));
    out
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// The date of a day number of [`day_number`], or `None` out of range.
pub fn date_of_day_number(number: i64) -> Option<CivilDate> {
    // Inverse of `day_number` (days since 0000-03-01), after H. Hinnant's civil-from-days.
    let era = number.div_euclid(146_097);
    let day_of_era = number.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era.checked_add(era.checked_mul(400)?)? + i64::from(month <= 2);
    Some(CivilDate {
        year: i32::try_from(year).ok()?,
        month: u32::try_from(month).ok()?,
        day: u32::try_from(day).ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        for year in [1900, 1999, 2000, 2024, 2025, 2100] {
            for month in 1..=12 {
                for day in 1..=ir::days_in_month(year, month) {
                    let date = CivilDate { year, month, day };
                    assert_eq!(date_of_day_number(day_number(date)), Some(date));
                }
            }
        }
        let first = CivilDate {
            year: 2025,
            month: 3,
            day: 1,
        };
        let last = CivilDate {
            year: 2025,
            month: 2,
            day: 28,
        };
        assert_eq!(day_number(first) - day_number(last), 1);
    }
}
