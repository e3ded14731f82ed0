//! The reference interpreter: one practitioner's year evaluated over the lowered core, exactly.
//!
//! For each indicator a status and its reasons (each citing the spec's
//! provenance, worded by [`crate::reason`]), then the gating of sections and
//! the amounts. Integer cents, rationals compared by cross-multiplication in
//! `i128`: no floating point. The generated Rust code must agree with this
//! module on every case.

use crate::act_tests::{ActTally, RateTests, TallyTable, Test};
use crate::case::{Act, Answer, Case, EvidenceState, Inputs, Layout, RateView, Slots};
use crate::ir::{self, CivilDate};
use crate::lowered::{self, Condition, Core, EvidenceGate, Gate, Payment, Requirement};
use crate::reason::{FirstClaim, Given, Reason};
// Three-valued result of one condition: the runtime's, the same for every engine.
use guidec_runtime::Truth;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// What became of an indicator: the runtime's statuses, the same for every engine.
pub use guidec_runtime::Status;

/// An indicator's outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IndicatorOutcome {
    /// Its status.
    pub status: Status,
    /// What it pays, in cents (0 when its section is paid as a whole); `None` (JSON `null`) when
    /// it is paid but its amount cannot be determined: never a silent 0.
    pub amount_cents: Option<i64>,
    /// The most it can pay, when its amount is undetermined and a maximum is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_cents: Option<i64>,
    /// Why, each reason citing its provenance.
    pub reasons: Vec<String>,
    /// An optional indicator of a prerequisite section (`facultatif`): its section is met
    /// without it, and it pays its own amount on top.
    #[serde(skip_serializing_if = "guidec_runtime::is_false")]
    pub optional: bool,
    /// Which of its parts held (bit `i` for part `i`), for the payment: not in the contract.
    #[serde(skip)]
    pub parts_held: u64,
}

/// A section's outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SectionOutcome {
    /// Whether it pays.
    pub unlocked: bool,
    /// What it pays, in cents: only what is known of it when `incomplete`.
    pub amount_cents: i64,
    /// Part of what it pays cannot be determined.
    #[serde(skip_serializing_if = "guidec_runtime::is_false")]
    pub incomplete: bool,
}

/// The outcome of a practitioner's year: the JSON contract of `guidec eval`. Its ids are
/// borrowed from the [`Plan`] that evaluated it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome<'p> {
    /// The edition key.
    pub edition: &'p str,
    /// What is paid in all, in cents: only what is known of it when `total_incomplete`.
    pub total_cents: i64,
    /// Part of the total cannot be determined (an indicator's amount is `null`).
    #[serde(skip_serializing_if = "guidec_runtime::is_false")]
    pub total_incomplete: bool,
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

/// An edition made ready to evaluate, once: its lowered core ([`lowered::Core`]), in which ids
/// are written out, each input placed in the case's lists and each section's requirement
/// resolved to a position, and its rates' act conditions compiled into tests on the acts'
/// packed fields ([`crate::act_tests`]). Evaluating a case then looks nothing up by name, walks
/// no condition tree over acts and copies no id: the outcome borrows them from the plan.
#[derive(Clone, Debug)]
pub struct Plan<'e> {
    edition: &'e ir::Edition,
    core: Core,
    /// Indicators whose amounts the walk never sets (those of sections paid in one lump, and
    /// their subs): [`Plan::evaluate_into`] resets them, and nothing else, before a case.
    unpaid: Vec<usize>,
    /// Sections the gating order leaves out (on a cycle, which the checker rules out): never
    /// unlocked, [`Plan::evaluate_into`] resets them.
    ungated: Vec<usize>,
    /// Per section, what its gate and its payment read ([`SectionPlan`]).
    sections: Vec<SectionPlan>,
    acts: ActPlan,
}

/// The act conditions of an edition, compiled: per rate of the case's list of rates, its
/// tests when it is computed from acts; the first claim's test.
#[derive(Clone, Debug, Default)]
struct ActPlan {
    rates: Vec<Option<RateTests>>,
    first_claim: Option<Test>,
    /// Per rate of the case's list, how its acts are tallied when it is computed from acts.
    tallies: Vec<Option<TallyTable>>,
}

impl ActPlan {
    fn of(core: &Core) -> ActPlan {
        fn visit(condition: &Condition, slots: Slots, rates: &mut [Option<RateTests>]) {
            match condition {
                Condition::Rate(rate) => {
                    if let (Some(rule), Some(slot)) =
                        (&rate.acts, rates.get_mut(slots.rates + rate.offset))
                    {
                        *slot = Some(RateTests::new(rule));
                    }
                }
                Condition::Parts(parts) => {
                    for part in parts {
                        visit(&part.measure, slots, rates);
                    }
                }
                _ => {}
            }
        }
        let mut rates = vec![None; core.layout.lengths.rates];
        for indicator in &core.indicators {
            for condition in &indicator.conditions {
                visit(condition, indicator.slots, &mut rates);
            }
        }
        let first_claim = core.first_claim.as_ref().map(Test::compile);
        let tallies = rates
            .iter()
            .map(|tests| {
                tests
                    .as_ref()
                    .map(|tests| TallyTable::new(tests, first_claim.as_ref(), core.year))
            })
            .collect();
        ActPlan {
            rates,
            first_claim,
            tallies,
        }
    }
}

impl<'e> Plan<'e> {
    /// Plans the evaluation of `edition`'s cases.
    pub fn new(edition: &'e ir::Edition) -> Plan<'e> {
        let core = lowered::lower(edition);
        let acts = ActPlan::of(&core);
        let mut unpaid = Vec::new();
        let mut stack: Vec<usize> = core
            .sections
            .iter()
            .filter(|section| section.lump_cents.is_some())
            .flat_map(|section| section.indicators.iter().copied())
            .collect();
        while let Some(position) = stack.pop() {
            unpaid.push(position);
            if let Some(indicator) = core.indicators.get(position) {
                stack.extend(indicator.subs.iter().copied());
            }
        }
        let sections = core
            .sections
            .iter()
            .map(|section| {
                let optional = |position: &usize| {
                    core.indicators
                        .get(*position)
                        .is_some_and(|indicator| indicator.optional)
                };
                SectionPlan {
                    required: section
                        .indicators
                        .iter()
                        .copied()
                        .filter(|p| !optional(p))
                        .collect(),
                    paying: section
                        .indicators
                        .iter()
                        .copied()
                        .filter(|p| section.lump_cents.is_none() || optional(p))
                        .collect(),
                }
            })
            .collect();
        let ungated = (0..core.sections.len())
            .filter(|index| !core.gating_order.contains(index))
            .collect();
        Plan {
            edition,
            core,
            unpaid,
            ungated,
            sections,
            acts,
        }
    }

    /// The edition planned.
    pub fn edition(&self) -> &'e ir::Edition {
        self.edition
    }

    /// How the acts of the rate at `at` of the case's list of rates are tallied, when it is
    /// computed from acts.
    pub fn tally_table(&self, at: usize) -> Option<&TallyTable> {
        self.acts.tallies.get(at).and_then(Option::as_ref)
    }

    /// The places in the case's list of rates of the rate `rate` of indicator `indicator`
    /// (`indicateurs.<indicator>.mesures.<rate>`) computed from acts, or why acts cannot be
    /// given to it, in the case reader's words.
    pub fn measured_from_acts(&self, indicator: &str, rate: &str) -> Result<Vec<usize>, String> {
        let found = self
            .edition
            .sections
            .iter()
            .flat_map(|section| section.all_indicators())
            .map(|(_, indicator)| indicator)
            .zip(&self.core.layout.indicators)
            .find(|(i, _)| i.id == indicator);
        let Some((found, slots)) = found else {
            return Err(format!("l'édition n'a pas d'indicateur `{indicator}`"));
        };
        let Some(measured) = found.rates.iter().find(|r| r.id == rate) else {
            return Err(format!("cet indicateur ne mesure pas de taux `{rate}`"));
        };
        if measured.declared {
            return Err(format!(
                "le taux `{rate}` est déclaré par le praticien : il ne se calcule pas à partir des actes"
            ));
        }
        if measured.numerator.is_none() {
            return Err("l'édition ne donne pas de numérateur à ce taux, il ne se calcule donc pas à partir des actes : donnez `numerateur` et `denominateur`".into());
        }
        Ok(found
            .rates
            .iter()
            .enumerate()
            .filter(|(_, r)| r.id == rate)
            .map(|(offset, _)| slots.rates + offset)
            .filter(|at| self.tally_table(*at).is_some())
            .collect())
    }

    /// The lowered core evaluated.
    pub fn core(&self) -> &Core {
        &self.core
    }

    /// Where the edition's inputs stand in its validated cases.
    pub fn layout(&self) -> &Layout {
        &self.core.layout
    }

    /// Evaluates a case validated against the planned edition.
    pub fn evaluate(&self, case: &Case, explain: Explain) -> Outcome<'_> {
        let mut outcome = self.blank_outcome();
        self.fill(case, explain, &mut outcome);
        outcome
    }

    /// An outcome of the planned edition with nothing decided yet, for
    /// [`Plan::evaluate_into`]: its ids are borrowed from the plan.
    pub fn blank_outcome(&self) -> Outcome<'_> {
        let core = &self.core;
        Outcome {
            edition: &core.key,
            total_cents: 0,
            total_incomplete: false,
            sections: core
                .sections
                .iter()
                .map(|s| {
                    (
                        s.id.as_str(),
                        SectionOutcome {
                            unlocked: false,
                            amount_cents: 0,
                            incomplete: false,
                        },
                    )
                })
                .collect(),
            indicators: core
                .indicators
                .iter()
                .map(|i| {
                    (
                        i.id.as_str(),
                        IndicatorOutcome {
                            status: Status::Unknown,
                            amount_cents: Some(0),
                            max_cents: None,
                            reasons: Vec::new(),
                            optional: i.optional,
                            parts_held: 0,
                        },
                    )
                })
                .collect(),
        }
    }

    /// Evaluates a case into `outcome`, reusing its lists: a batch that evaluates case after
    /// case into one outcome allocates nothing but reasons. An outcome of another plan is
    /// replaced by a blank one first.
    pub fn evaluate_into<'p>(&'p self, case: &Case, explain: Explain, outcome: &mut Outcome<'p>) {
        let fits = std::ptr::eq(outcome.edition, self.core.key.as_str())
            && outcome.indicators.len() == self.core.indicators.len()
            && outcome.sections.len() == self.core.sections.len();
        if !fits {
            *outcome = self.blank_outcome();
        }
        // The walk clears every indicator's reasons and sets every status, part and section
        // amount, every unlock of a section in the gating order, and every indicator's amount but
        // those of lump sections: only these and the unlocks of the sections the gating order
        // leaves out (which stay locked) are left to reset.
        for position in &self.ungated {
            if let Some((_, section)) = outcome.sections.get_mut(*position) {
                section.unlocked = false;
            }
        }
        for position in &self.unpaid {
            if let Some((_, indicator)) = outcome.indicators.get_mut(*position) {
                indicator.amount_cents = Some(0);
                indicator.max_cents = None;
            }
        }
        self.fill(case, explain, outcome);
    }

    fn fill<'p>(&'p self, case: &Case, explain: Explain, outcome: &mut Outcome<'p>) {
        // A copy of the evaluation per choice, so that the one without reasons neither writes nor
        // tests anything for them.
        match explain {
            Explain::Yes => Evaluator::<true> {
                core: &self.core,
                acts: &self.acts,
                sections: &self.sections,
                case,
                parts_held: std::cell::Cell::new(0),
            }
            .run(outcome),
            Explain::No => Evaluator::<false> {
                core: &self.core,
                acts: &self.acts,
                sections: &self.sections,
                case,
                parts_held: std::cell::Cell::new(0),
            }
            .run(outcome),
        }
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

/// What a section's gate and payment read, resolved once in the [`Plan`].
#[derive(Clone, Debug, Default)]
struct SectionPlan {
    /// Its indicators that must be met for it to be (all but the optional ones, `facultatif`).
    required: Vec<usize>,
    /// The indicators paid one by one: all of them, or, in a section paid as a whole, only its
    /// optional ones (on top of the lump).
    paying: Vec<usize>,
}

/// Whether the section at `index` has required indicators and all count as met (its optional
/// indicators, `facultatif`, are not required).
fn all_met(
    sections: &[SectionPlan],
    index: usize,
    indicators: &[(&str, IndicatorOutcome)],
) -> bool {
    sections.get(index).is_some_and(|section| {
        !section.required.is_empty()
            && section.required.iter().all(|position| {
                indicators
                    .get(*position)
                    .is_some_and(|(_, o)| o.status.counts_as_met())
            })
    })
}

/// Pays an indicator of known amount ([`Payment::Cents`]) into its outcome: the amount when its
/// section is open and it counts as met, else 0; never undetermined. The one reading of a known
/// amount, for the section's loop and for [`Evaluator::pay`].
#[inline]
fn pay_cents(
    cents: i64,
    open: bool,
    outcome: Option<&mut (&str, IndicatorOutcome)>,
) -> Option<i64> {
    let Some((_, result)) = outcome else {
        return Some(0);
    };
    let paid = if open && result.status.counts_as_met() {
        cents
    } else {
        0
    };
    result.amount_cents = Some(paid);
    result.max_cents = None;
    Some(paid)
}

/// [`all_met`] of the sections looked at so far, for the first 64: bit `i` of `known` set once
/// section `i`'s is worked out, its value bit `i` of `met`.
#[derive(Default)]
struct MetSections {
    known: u64,
    met: u64,
}

impl MetSections {
    #[inline]
    fn all_met(
        &mut self,
        sections: &[SectionPlan],
        index: usize,
        indicators: &[(&str, IndicatorOutcome)],
    ) -> bool {
        let Some(bit) = 1u64.checked_shl(u32::try_from(index).unwrap_or(u32::MAX)) else {
            return all_met(sections, index, indicators);
        };
        if self.known & bit == 0 {
            self.known |= bit;
            if all_met(sections, index, indicators) {
                self.met |= bit;
            }
        }
        self.met & bit != 0
    }
}

struct Evaluator<'p, 'c, const EXPLAIN: bool> {
    core: &'p Core,
    acts: &'p ActPlan,
    sections: &'p [SectionPlan],
    case: &'c Case,
    /// Which parts of the indicator being decided held ([`Condition::Parts`]).
    parts_held: std::cell::Cell<u64>,
}

/// Where reasons go, when they are written (`EXPLAIN`).
struct Reasons<'r, const EXPLAIN: bool> {
    out: &'r mut Vec<String>,
}

impl<const EXPLAIN: bool> Reasons<'_, EXPLAIN> {
    #[inline]
    fn say<D: std::fmt::Display>(&mut self, reason: Reason<'_, D>) {
        if EXPLAIN {
            self.out.push(reason.to_string());
        }
    }
}

impl<'p, const EXPLAIN: bool> Evaluator<'p, '_, EXPLAIN> {
    fn run(&self, outcome: &mut Outcome<'p>) {
        let core = self.core;
        // Statuses: sub-indicators come after their parent, so going backwards decides them first.
        for (position, indicator) in core.indicators.iter().enumerate().rev() {
            let subs = SubStatuses::of(&indicator.subs, &outcome.indicators);
            let Some((_, result)) = outcome.indicators.get_mut(position) else {
                continue;
            };
            if !result.reasons.is_empty() {
                result.reasons.clear();
            }
            let mut reasons = Reasons::<EXPLAIN> {
                out: &mut result.reasons,
            };
            self.parts_held.set(0);
            result.status = self.status(position, indicator, subs, &mut reasons);
            // Neutralised or exempt, every part counts as held.
            result.parts_held = match result.status {
                Status::Neutralised | Status::Exempt => u64::MAX,
                _ => self.parts_held.get(),
            };
        }
        // Gating: a section is satisfied when its indicators are met and it is itself unlocked.
        // Whether a section's indicators are all met is worked out once (for the first 64
        // sections), for its own gate and for a section that requires it.
        let mut met = MetSections::default();
        for &index in &core.gating_order {
            let Some(section) = core.sections.get(index) else {
                continue;
            };
            let open = match section.gate {
                Gate::Prerequisite => met.all_met(self.sections, index, &outcome.indicators),
                Gate::Independent => true,
                Gate::Requires(None) => false,
                Gate::Requires(Some(required)) => {
                    outcome
                        .sections
                        .get(required)
                        .is_some_and(|(_, s)| s.unlocked)
                        && met.all_met(self.sections, required, &outcome.indicators)
                }
            };
            if let Some((_, result)) = outcome.sections.get_mut(index) {
                result.unlocked = open;
            }
        }
        // Amounts.
        let mut total: i64 = 0;
        let mut total_incomplete = false;
        for (index, section) in core.sections.iter().enumerate() {
            let open = outcome.sections.get(index).is_some_and(|(_, s)| s.unlocked);
            let lump = match section.lump_cents {
                Some(lump) if open => (lump, section.lump_undetermined),
                _ => (0, false),
            };
            // By indicator; in a section paid as a whole, only its optional indicators pay (on
            // top of the lump), the others paying nothing of their own.
            let paying = self
                .sections
                .get(index)
                .map_or(&[][..], |plan| plan.paying.as_slice());
            let (amount, incomplete) = paying.iter().fold(lump, |(sum, incomplete), position| {
                let paid = match self.core.indicators.get(*position).map(|i| &i.payment) {
                    // A known amount, the common case, is paid here rather than through a call.
                    Some(Payment::Cents(cents)) => {
                        pay_cents(*cents, open, outcome.indicators.get_mut(*position))
                    }
                    _ => self.pay(*position, open, &mut outcome.indicators),
                };
                (
                    sum.saturating_add(paid.unwrap_or(0)),
                    incomplete | paid.is_none(),
                )
            });
            if let Some((_, result)) = outcome.sections.get_mut(index) {
                result.amount_cents = amount;
                result.incomplete = incomplete;
            }
            total = total.saturating_add(amount);
            total_incomplete |= incomplete;
        }
        outcome.total_cents = total;
        outcome.total_incomplete = total_incomplete;
    }

    /// Sets the amounts of the indicator at `position` and its subs; returns what it pays,
    /// `None` when it is paid an amount that cannot be determined (or a sub-indicator is).
    fn pay(
        &self,
        position: usize,
        open: bool,
        outcomes: &mut [(&str, IndicatorOutcome)],
    ) -> Option<i64> {
        let Some(indicator) = self.core.indicators.get(position) else {
            return Some(0);
        };
        if let Payment::Cents(cents) = indicator.payment {
            return pay_cents(cents, open, outcomes.get_mut(position));
        }
        let met = outcomes
            .get(position)
            .is_some_and(|(_, o)| o.status.counts_as_met());
        let mut max = None;
        let paid = match &indicator.payment {
            Payment::SubIndicators => {
                // Every sub-indicator is paid (and its amount set), even after an undetermined one.
                let mut sum = Some(0i64);
                for sub in &indicator.subs {
                    // A sub-indicator of known amount, the common case, is paid without a call.
                    let paid = match self.core.indicators.get(*sub).map(|i| &i.payment) {
                        Some(Payment::Cents(cents)) => {
                            pay_cents(*cents, open, outcomes.get_mut(*sub))
                        }
                        _ => self.pay(*sub, open, outcomes),
                    };
                    sum = match (sum, paid) {
                        (Some(s), Some(p)) => Some(s.saturating_add(p)),
                        _ => None,
                    };
                }
                sum
            }
            Payment::Parts(shares) if open && met => {
                let held = outcomes.get(position).map_or(0, |(_, o)| o.parts_held);
                let mut sum = 0i64;
                let mut count = 0usize;
                for (i, share) in shares.iter().enumerate() {
                    if i < 64 && held & (1u64 << i) != 0 {
                        sum = sum.saturating_add(*share);
                        count += 1;
                    }
                }
                if let Some((_, outcome)) = outcomes.get_mut(position) {
                    Reasons::<EXPLAIN> {
                        out: &mut outcome.reasons,
                    }
                    .say::<&str>(Reason::PartsHeld {
                        held: count,
                        count: shares.len(),
                    });
                }
                Some(sum)
            }
            Payment::Unknown(text) if open && met => {
                if let Some((_, outcome)) = outcomes.get_mut(position) {
                    Reasons::<EXPLAIN> {
                        out: &mut outcome.reasons,
                    }
                    .say::<&str>(Reason::AmountUnknown { text });
                }
                None
            }
            Payment::Scaled(scaled) if open && met => {
                let value = self.case.number(indicator.slots.numbers + scaled.offset);
                let mut reasons =
                    outcomes
                        .get_mut(position)
                        .map(|(_, outcome)| Reasons::<EXPLAIN> {
                            out: &mut outcome.reasons,
                        });
                match value {
                    Some(value) => {
                        let cents = scaled.rule.cents_for(value);
                        if let Some(reasons) = reasons.as_mut() {
                            reasons.say::<&str>(Reason::AmountScaled {
                                label: &scaled.label,
                                value,
                                cents,
                                cite: &scaled.cite,
                            });
                        }
                        Some(cents)
                    }
                    None => {
                        if let Some(reasons) = reasons.as_mut() {
                            reasons.say::<&str>(Reason::AmountScaleMissing {
                                label: &scaled.label,
                                max_cents: scaled.max_cents,
                            });
                        }
                        max = Some(scaled.max_cents);
                        None
                    }
                }
            }
            Payment::UpTo { max_cents, text } if open && met => {
                if let Some((_, outcome)) = outcomes.get_mut(position) {
                    Reasons::<EXPLAIN> {
                        out: &mut outcome.reasons,
                    }
                    .say::<&str>(Reason::AmountUpTo {
                        text,
                        max_cents: *max_cents,
                    });
                }
                max = Some(*max_cents);
                None
            }
            _ => Some(0),
        };
        if let Some((_, outcome)) = outcomes.get_mut(position) {
            outcome.amount_cents = paid;
            outcome.max_cents = max;
        }
        paid
    }

    /// The status of the indicator at `position`, once its subs (summed up in `subs`) are decided.
    fn status(
        &self,
        position: usize,
        indicator: &lowered::Indicator,
        subs: SubStatuses,
        reasons: &mut Reasons<'_, EXPLAIN>,
    ) -> Status {
        if let Some(neutralised) = &indicator.neutralised {
            reasons.say::<&str>(Reason::Neutralised {
                text: &neutralised.text,
                cite: &neutralised.cite,
            });
            return Status::Neutralised;
        }
        let inputs = self.case.inputs(position);
        if let Some(exemption) = indicator.exemption.as_ref().filter(|_| inputs.exempt) {
            reasons.say::<&str>(Reason::Exempt {
                text: &exemption.text,
                cite: &exemption.cite,
            });
            return Status::Exempt;
        }
        let prefilled = indicator.prefill.is_some() && inputs.prefilled == Some(true);
        let mut truths = Tally::default();
        let mut used_exemption = false;
        let mut rest = indicator.conditions.as_slice();
        if let Some((Condition::SubIndicators, after)) = rest.split_first() {
            reasons.say::<&str>(Reason::SubIndicators {
                met: subs.met,
                count: subs.count,
            });
            truths.push(if subs.met == subs.count {
                Truth::True
            } else if subs.failed {
                Truth::False
            } else {
                Truth::Unknown
            });
            rest = after;
        }
        if prefilled {
            if let Some(prefill) = &indicator.prefill {
                reasons.say::<&str>(Reason::Prefilled {
                    source: prefill.source.as_deref(),
                    cite: &prefill.cite,
                });
            }
        }
        for condition in rest {
            let truth = if prefilled && condition.is_declared() {
                Truth::True
            } else {
                self.condition(
                    indicator.slots,
                    condition,
                    inputs,
                    subs,
                    &mut used_exemption,
                    reasons,
                )
            };
            if !EXPLAIN && truth == Truth::False {
                // The indicator is not met whatever follows, and no reason is written.
                return Status::NotMet;
            }
            truths.push(truth);
        }
        if truths.any_false {
            return Status::NotMet;
        }
        if truths.any_unknown || truths.count == 0 {
            if truths.count == 0 {
                reasons.say::<&str>(Reason::NothingToDecide);
            }
            return Status::Unknown;
        }
        // Conditions hold: evidence.
        for gate in &indicator.evidence {
            match self.evidence(gate, inputs, prefilled, reasons) {
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

    #[inline(always)]
    fn condition(
        &self,
        slots: Slots,
        condition: &Condition,
        inputs: &Inputs,
        subs: SubStatuses,
        used_exemption: &mut bool,
        reasons: &mut Reasons<'_, EXPLAIN>,
    ) -> Truth {
        let case = self.case;
        match condition {
            Condition::SubIndicators => Truth::from_bool(subs.met == subs.count),
            Condition::Question(question) => {
                let answer = match inputs.answer {
                    Some(Answer::Yes) => Given::Yes,
                    Some(Answer::No) => Given::No,
                    None => Given::Absent,
                };
                reasons.say::<&str>(Reason::Answer {
                    answer,
                    question: &question.text,
                    cite: &question.cite,
                });
                match answer {
                    Given::Yes => Truth::True,
                    Given::No => Truth::False,
                    Given::Absent => Truth::Unknown,
                }
            }
            Condition::Software {
                offset,
                label,
                exemption,
                deadline,
            } => {
                let state = case.software(slots.software + offset);
                let late = state
                    .acquired
                    .filter(|acquired| deadline.is_some_and(|d| *acquired > d));
                if state.declared && late.is_none() {
                    reasons.say::<&str>(Reason::SoftwareDeclared {
                        label: &label.text,
                        cite: &label.cite,
                    });
                    Truth::True
                } else if let Some(exemption) = exemption.as_ref().filter(|_| state.exempted) {
                    *used_exemption = true;
                    reasons.say::<&str>(Reason::SoftwareExempt {
                        label: &label.text,
                        text: &exemption.text,
                        cite: &exemption.cite,
                    });
                    Truth::True
                } else if let (Some(acquired), Some(deadline)) = (late, *deadline) {
                    reasons.say(Reason::SoftwareTooLate {
                        label: &label.text,
                        acquired,
                        deadline,
                        cite: &label.cite,
                    });
                    Truth::False
                } else {
                    reasons.say::<&str>(Reason::SoftwareMissing {
                        label: &label.text,
                        cite: &label.cite,
                    });
                    Truth::False
                }
            }
            Condition::Choice(choice) => self.choice(slots, choice, inputs, reasons),
            Condition::Rate(rate) => {
                let slot = slots.rates + rate.offset;
                self.rate(rate, slot, case.rate(slot), reasons)
            }
            Condition::DeclaredRate(rate) => {
                let Some(threshold) = &rate.threshold else {
                    return Truth::Unknown;
                };
                match case.declared(slots.rates + rate.offset) {
                    None => {
                        reasons.say::<&str>(Reason::DeclaredRateMissing { label: &rate.label });
                        Truth::Unknown
                    }
                    Some(value) => {
                        let met = threshold.op.holds(guidec_runtime::compare(
                            value.numerator,
                            value.denominator,
                            *threshold.value.numer(),
                            *threshold.value.denom(),
                        ));
                        reasons.say::<&str>(Reason::DeclaredRate {
                            label: &rate.label,
                            value,
                            comparison: threshold.op,
                            threshold: &threshold.written,
                            met,
                            cite: &threshold.cite,
                        });
                        Truth::from_bool(met)
                    }
                }
            }
            Condition::Count {
                offset,
                label,
                threshold,
            } => {
                let number = case.number(slots.numbers + offset);
                match (number, threshold) {
                    (None, _) => {
                        reasons.say::<&str>(Reason::CountMissing { label });
                        Truth::Unknown
                    }
                    (Some(_), None) => Truth::True,
                    (Some(value), Some(threshold)) => {
                        let met = threshold.op.holds(value.cmp(&threshold.value));
                        reasons.say::<&str>(Reason::Count {
                            label,
                            value,
                            comparison: threshold.op,
                            threshold: threshold.value,
                            met,
                            cite: &threshold.cite,
                        });
                        Truth::from_bool(met)
                    }
                }
            }
            Condition::Parts(parts) => {
                self.parts(slots, parts, inputs, subs, used_exemption, reasons)
            }
            Condition::Finding { offset, label } => {
                let found = Given::of(case.finding(slots.findings + offset));
                reasons.say::<&str>(Reason::Finding {
                    found,
                    label: &label.text,
                    cite: &label.cite,
                });
                match found {
                    Given::Yes => Truth::True,
                    Given::No => Truth::False,
                    Given::Absent => Truth::Unknown,
                }
            }
        }
    }

    /// The truth of an indicator's parts ([`Condition::Parts`]), each measure decided on its own.
    #[inline(never)]
    fn parts(
        &self,
        slots: Slots,
        parts: &[lowered::Part],
        inputs: &Inputs,
        subs: SubStatuses,
        used_exemption: &mut bool,
        reasons: &mut Reasons<'_, EXPLAIN>,
    ) -> Truth {
        let mut held = 0u64;
        let mut tally = guidec_runtime::truth::PartsTally::default();
        for (i, part) in parts.iter().enumerate() {
            let truth = self.condition_out_of_line(
                slots,
                &part.measure,
                inputs,
                subs,
                used_exemption,
                reasons,
            );
            reasons.say::<&str>(Reason::Part {
                label: &part.label,
                share: &part.written,
                held: truth == Truth::True,
                cite: &part.cite,
            });
            if truth == Truth::True && i < 64 {
                held |= 1u64 << i;
            }
            tally.push(truth);
        }
        self.parts_held.set(held);
        tally.truth()
    }

    /// [`Evaluator::condition`] as a call, for the measures of parts.
    #[inline(never)]
    fn condition_out_of_line(
        &self,
        slots: Slots,
        condition: &Condition,
        inputs: &Inputs,
        subs: SubStatuses,
        used_exemption: &mut bool,
        reasons: &mut Reasons<'_, EXPLAIN>,
    ) -> Truth {
        self.condition(slots, condition, inputs, subs, used_exemption, reasons)
    }

    /// The truth of one list of options.
    fn choice(
        &self,
        slots: Slots,
        choice: &lowered::Choice,
        inputs: &Inputs,
        reasons: &mut Reasons<'_, EXPLAIN>,
    ) -> Truth {
        let case = self.case;
        let first = slots.options + choice.options.first().map_or(0, |o| o.offset);
        if !EXPLAIN && choice.options.len() <= 64 {
            // Without reasons, a list of at most 64 options is decided from its ticks as bits: an
            // option accepted outright settles it, then those accepted from a minimum are read.
            let ticked = case.ticks(first, choice.options.len());
            if ticked == 0 {
                return if inputs.ticked_any {
                    Truth::False
                } else {
                    Truth::Unknown
                };
            }
            if ticked & choice.accepted_outright != 0 {
                return Truth::True;
            }
            let mut result = Truth::False;
            let mut counted = ticked & choice.accepted_from_minimum;
            while counted != 0 {
                let index = counted.trailing_zeros() as usize;
                counted &= counted - 1;
                let Some(option) = choice.options.get(index) else {
                    break;
                };
                result = self.option(option, slots.numbers, result, reasons);
                if result == Truth::True {
                    return Truth::True;
                }
            }
            return result;
        }
        let mut result = Truth::False;
        let mut any_ticked = false;
        // The list's options are read 64 at a time, as bits, and only the ticked ones looked at.
        for (chunk, options) in choice.options.chunks(64).enumerate() {
            let mut ticked = case.ticks(first + 64 * chunk, options.len());
            any_ticked |= ticked != 0;
            while ticked != 0 {
                let index = ticked.trailing_zeros() as usize;
                ticked &= ticked - 1;
                let Some(option) = options.get(index) else {
                    break;
                };
                result = self.option(option, slots.numbers, result, reasons);
                if !EXPLAIN && result == Truth::True {
                    // Nothing ticked later can change the truth, and no reason is written.
                    return Truth::True;
                }
            }
        }
        if !any_ticked {
            reasons.say::<&str>(Reason::NothingTicked {
                list: &choice.label,
            });
            return if inputs.ticked_any {
                Truth::False
            } else {
                Truth::Unknown
            };
        }
        result
    }

    /// What a ticked option makes of its list's truth so far, `result`; `numbers` is where the
    /// indicator's numbers start in the case's.
    fn option(
        &self,
        option: &lowered::ChoiceOption,
        numbers: usize,
        result: Truth,
        reasons: &mut Reasons<'_, EXPLAIN>,
    ) -> Truth {
        let label = &option.label;
        if !option.accepted {
            reasons.say::<&str>(Reason::OptionRefused {
                option: &label.text,
                cite: &label.cite,
            });
            return result;
        }
        let Some(minimum) = option.minimum_per_year else {
            reasons.say::<&str>(Reason::OptionAccepted {
                option: &label.text,
                cite: &label.cite,
            });
            return Truth::True;
        };
        match self.case.number(numbers + option.number_offset) {
            Some(number) if number >= minimum => {
                reasons.say::<&str>(Reason::OptionOften {
                    option: &label.text,
                    number,
                    minimum,
                    cite: &label.cite,
                });
                Truth::True
            }
            Some(number) => {
                reasons.say::<&str>(Reason::OptionTooRare {
                    option: &label.text,
                    number,
                    minimum,
                    cite: &label.cite,
                });
                result
            }
            None => {
                reasons.say::<&str>(Reason::OptionNumberMissing {
                    option: &label.text,
                });
                if result == Truth::False {
                    Truth::Unknown
                } else {
                    result
                }
            }
        }
    }

    fn rate(
        &self,
        rate: &lowered::Rate,
        slot: usize,
        data: Option<RateView<'_>>,
        reasons: &mut Reasons<'_, EXPLAIN>,
    ) -> Truth {
        let Some(threshold) = &rate.threshold else {
            return Truth::Unknown;
        };
        let (numerator, denominator) = match (data, &rate.acts) {
            (
                Some(RateView::Counts {
                    numerator,
                    denominator,
                }),
                _,
            ) => (numerator, denominator),
            (Some(RateView::Acts(acts)), Some(rule)) => {
                match self.count_acts(rule, slot, acts, reasons) {
                    Some(pair) => pair,
                    None => return Truth::Unknown,
                }
            }
            (Some(RateView::Tallied(tally)), Some(rule)) => {
                match self.count_tally(rule, slot, tally, reasons) {
                    Some(pair) => pair,
                    None => return Truth::Unknown,
                }
            }
            // No measure, or acts for a rate that is not computed from acts (the case reader
            // refuses them).
            _ => {
                reasons.say::<&str>(Reason::MeasureMissing { label: &rate.label });
                return Truth::Unknown;
            }
        };
        if denominator == 0 {
            reasons.say::<&str>(Reason::NoActCounted {
                label: &rate.label,
                cite: &threshold.cite,
            });
            return Truth::False;
        }
        let met = threshold.op.holds(guidec_runtime::compare(
            numerator,
            denominator,
            *threshold.value.numer(),
            *threshold.value.denom(),
        ));
        reasons.say::<&str>(Reason::Rate {
            label: &rate.label,
            numerator,
            denominator,
            comparison: threshold.op,
            threshold: &threshold.written,
            met,
            cite: &threshold.cite,
        });
        Truth::from_bool(met)
    }

    /// The measurement period's first day, or `None` when an input it needs is missing.
    fn period_start(
        &self,
        period: &lowered::Period,
        first_claim_of_acts: impl FnOnce() -> Option<guidec_runtime::Date>,
        reasons: &mut Reasons<'_, EXPLAIN>,
    ) -> Option<CivilDate> {
        let year = self.core.year;
        let january = CivilDate {
            year,
            month: 1,
            day: 1,
        };
        let lowered::Period::Individualised { cite } = period else {
            return Some(january);
        };
        match self.case.transmitted_previous_year {
            Some(true) => {
                reasons.say::<&str>(Reason::PeriodWholeYear { year, cite });
                Some(january)
            }
            None => {
                reasons.say::<&str>(Reason::PeriodUnknown { year });
                None
            }
            Some(false) => {
                // A line that stands for no act is no FSE.
                let first = self
                    .case
                    .first_claim
                    .or_else(|| first_claim_of_acts().map(CivilDate::of));
                let (start, first_claim) = match first {
                    Some(first) if first.year == year => {
                        let start = if first.month == 12 {
                            CivilDate {
                                year,
                                month: 12,
                                day: 1,
                            }
                        } else {
                            CivilDate {
                                year,
                                month: first.month + 1,
                                day: 1,
                            }
                        };
                        (start, FirstClaim::InYear { first, start })
                    }
                    Some(first) if first.year < year => (january, FirstClaim::Before(first)),
                    _ => (january, FirstClaim::None),
                };
                reasons.say(Reason::PeriodFromFirstClaim {
                    year,
                    first: first_claim,
                    cite,
                });
                Some(start)
            }
        }
    }

    /// The numerator and denominator of a rate over acts, by its tests compiled in the plan
    /// (`slot`: the rate's place in the case's rates), or `None` when an input its period needs
    /// is missing.
    fn count_acts(
        &self,
        rule: &lowered::ActRate,
        slot: usize,
        acts: &[Act],
        reasons: &mut Reasons<'_, EXPLAIN>,
    ) -> Option<(i64, i64)> {
        let year = self.core.year;
        let start = self.period_start(
            &rule.period,
            || {
                let claim = self.acts.first_claim.as_ref()?;
                guidec_runtime::first_claim(acts, year, |act| claim.holds(act))
            },
            reasons,
        )?;
        let end = CivilDate {
            year: self.core.year,
            month: 12,
            day: 31,
        };
        let start = start.packed().unwrap_or(guidec_runtime::Date::MAX);
        let end = end.packed().unwrap_or(guidec_runtime::Date::MIN);
        // Every rate over acts is compiled when the plan is made.
        let compiled = self.acts.rates.get(slot).and_then(Option::as_ref);
        let tests = match compiled {
            Some(tests) => std::borrow::Cow::Borrowed(tests),
            None => std::borrow::Cow::Owned(RateTests::new(rule)),
        };
        if !EXPLAIN {
            let counted = tests.count(acts, start, end, None);
            return Some((counted.numerator, counted.denominator));
        }
        // The exclusions' tallies are for the reasons, which allocate anyway.
        let mut excluded = vec![0i64; tests.exclusions()];
        let counted = tests.count(acts, start, end, Some(&mut excluded));
        Some(self.counted_with_reasons(rule, counted, &excluded, reasons))
    }

    /// The numerator and denominator of a rate from its acts' tally, as [`Self::count_acts`]
    /// counts the acts tallied, or `None` when an input its period needs is missing.
    fn count_tally(
        &self,
        rule: &lowered::ActRate,
        slot: usize,
        tally: &ActTally,
        reasons: &mut Reasons<'_, EXPLAIN>,
    ) -> Option<(i64, i64)> {
        let start = self.period_start(&rule.period, || tally.first_claim, reasons)?;
        let start = start.packed().unwrap_or(guidec_runtime::Date::MAX);
        let table = self.acts.tallies.get(slot).and_then(Option::as_ref)?;
        if !EXPLAIN {
            let counted = table.counted(tally, start, None);
            return Some((counted.numerator, counted.denominator));
        }
        let mut excluded = vec![0i64; rule.exclusions.len()];
        let counted = table.counted(tally, start, Some(&mut excluded));
        Some(self.counted_with_reasons(rule, counted, &excluded, reasons))
    }

    /// A rate's count, its acts outside the period and left out said.
    fn counted_with_reasons(
        &self,
        rule: &lowered::ActRate,
        counted: crate::act_tests::Counted,
        excluded: &[i64],
        reasons: &mut Reasons<'_, EXPLAIN>,
    ) -> (i64, i64) {
        if counted.outside > 0 {
            reasons.say::<&str>(Reason::OutsidePeriod {
                acts: counted.outside,
            });
        }
        for ((_, label), acts) in rule.exclusions.iter().zip(excluded) {
            if *acts > 0 {
                reasons.say::<&str>(Reason::Excluded {
                    acts: *acts,
                    label: &label.text,
                    cite: &label.cite,
                });
            }
        }
        (counted.numerator, counted.denominator)
    }

    /// Whether an evidence rule applies.
    fn required(&self, required: &Requirement, prefilled: bool) -> bool {
        match required {
            Requirement::Always => true,
            Requirement::UnlessPrefilled => !prefilled,
            Requirement::When(cases) => cases.iter().any(|case| match case {
                ir::EvidenceCase::Always => true,
                ir::EvidenceCase::FirstYear => self.case.first_year,
                ir::EvidenceCase::VendorChange => self.case.vendor_changed,
                ir::EvidenceCase::NotPrefilled => !prefilled,
                ir::EvidenceCase::OnRequest => self.case.evidence_requested,
            }),
        }
    }

    fn evidence(
        &self,
        gate: &EvidenceGate,
        inputs: &Inputs,
        prefilled: bool,
        reasons: &mut Reasons<'_, EXPLAIN>,
    ) -> Truth {
        match gate {
            EvidenceGate::SwornBox { required, cite } => {
                if !self.required(required, prefilled) {
                    return Truth::True;
                }
                let ticked = Given::of(self.case.sworn);
                reasons.say::<&str>(Reason::SwornBox { ticked, cite });
                match ticked {
                    Given::Yes => Truth::True,
                    Given::No => Truth::False,
                    Given::Absent => Truth::Unknown,
                }
            }
            EvidenceGate::SwornInDeclaration { required, cite } => {
                if self.required(required, prefilled) {
                    reasons.say::<&str>(Reason::SwornInDeclaration { cite });
                }
                Truth::True
            }
            EvidenceGate::Document { required, label } => {
                if !self.required(required, prefilled) {
                    return Truth::True;
                }
                let sent = match inputs.evidence {
                    Some(EvidenceState::Sent) => true,
                    Some(EvidenceState::Validated) => !self.case.vendor_changed,
                    Some(EvidenceState::Missing) | None => false,
                };
                reasons.say::<&str>(Reason::Document {
                    sent,
                    label: &label.text,
                    cite: &label.cite,
                });
                Truth::from_bool(sent)
            }
        }
    }
}

/// Whether a condition holds for an act, each field read at the place its schema gave it, node
/// by node: the reading the compiled tests of the plan ([`crate::act_tests`]) are proven equal
/// to. A test of an age or a date on an act that does not give it does not hold.
pub fn holds(condition: &ir::Condition, act: &Act) -> bool {
    let compare = |op: &ir::CompareOp, left: i64, right: i64| match op {
        ir::CompareOp::Less => left < right,
        ir::CompareOp::LessOrEqual => left <= right,
        ir::CompareOp::Greater => left > right,
        ir::CompareOp::GreaterOrEqual => left >= right,
        ir::CompareOp::Equal => left == right,
        ir::CompareOp::NotEqual => left != right,
    };
    match condition {
        ir::Condition::Any(parts) => parts.iter().any(|c| holds(c, act)),
        ir::Condition::All(parts) => parts.iter().all(|c| holds(c, act)),
        ir::Condition::Not(inner) => !holds(inner, act),
        ir::Condition::Flag(field) => act.at(field.place) != 0,
        ir::Condition::In { field, values, .. } => {
            let value = act.at(field.place);
            values.iter().any(|(index, _)| *index == value)
        }
        ir::Condition::Age {
            field,
            op,
            amount,
            unit,
        } => {
            let Some(birth) = act.date_in(field.place.word) else {
                return false;
            };
            let age = match unit {
                ir::AgeUnit::Days => guidec_runtime::age_in_days(birth, act.date),
                ir::AgeUnit::Months => guidec_runtime::age_in_months(birth, act.date),
                ir::AgeUnit::Years => guidec_runtime::age_in_years(birth, act.date),
            };
            compare(op, age, *amount)
        }
        ir::Condition::Date { field, op, date } => {
            let Some(day) = act.date_in(field.place.word) else {
                return false;
            };
            compare(op, day.day_number(), date.day_number())
        }
        ir::Condition::Number { field, op, value } => {
            compare(op, i64::from(act.word(field.place.word)), *value)
        }
    }
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
            crate::wording::euros_in_words(result.amount_cents)
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
                match (result.amount_cents, result.max_cents) {
                    (Some(cents), _) => crate::wording::euros_in_words(cents),
                    (None, Some(max)) => format!(
                        "non déterminé (au plus {})",
                        crate::wording::euros_in_words(max)
                    ),
                    (None, None) => "non déterminé".to_string(),
                }
            );
            if explain {
                for reason in &result.reasons {
                    let _ = writeln!(out, "{indent}    · {reason}");
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "\nTotal : {}{}",
        crate::wording::euros_in_words(outcome.total_cents),
        if outcome.total_incomplete {
            " (au moins : un montant n'est pas déterminé)"
        } else {
            ""
        }
    );
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
