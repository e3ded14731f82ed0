//! Year-to-year changes between two editions, by meaning, not by line.
//!
//! [`diff`] reads two checked editions and lists what changed: indicators
//! matched by their stable (dotted) ids, by the spec's own `reprend`
//! statements, or by their own id under a new parent; then, for each pair,
//! every rule compared field by field, each change with both values and their
//! provenance. Texts are compared on their templates (a year that moves with N
//! is no change) and shown resolved, with a word-level diff. Everything is
//! indexed by id in hash maps: the diff is linear in the size of the editions.
//!
//! [`render`] writes the changes as text, Markdown, HTML or JSON; [`cases`]
//! runs the same case files on both editions and says who gains and who loses.

pub mod cases;
pub mod page;
pub mod render;
pub mod words;

pub use render::{render_html, render_json, render_markdown, render_text};
pub use words::{Segment, SegmentOp};

use crate::ir::{
    self, Amount, AmountSpec, Condition, DateValue, Edition, Indicator, Provenance, Text,
};
use crate::wording::{self, amount_in_words};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The kinds of change, in the order the summary lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A section appears.
    SectionAdded,
    /// A section disappears.
    SectionRemoved,
    /// A section's gating changes.
    SectionChanged,
    /// An indicator appears.
    IndicatorAdded,
    /// An indicator disappears.
    IndicatorRemoved,
    /// An indicator replaces another (`reprend`).
    IndicatorReplaced,
    /// An indicator moves to another section or parent.
    IndicatorMoved,
    /// An indicator is split into sub-indicators.
    IndicatorSplit,
    /// Indicators are merged into one (several `reprend`, or sub-indicators folded).
    IndicatorMerged,
    /// An amount: of an indicator or of a section paid as a whole.
    Amount,
    /// The value of a point, or the unit.
    PointValue,
    /// The most a section or the edition pays.
    Total,
    /// Declared, pre-filled or automated.
    IndicatorType,
    /// The number in the guide's table.
    Number,
    /// The form: questions, free text, software, option lists, the sworn statement.
    Form,
    /// What is measured: rates, counts, findings, numerators and denominators.
    Measure,
    /// A threshold.
    Threshold,
    /// Acts left out of a rate.
    Exclusion,
    /// A measurement period.
    Period,
    /// The act schema (`actes { … }`): a field added, removed, retyped or relabelled, a value of a
    /// list added or removed.
    ActSchema,
    /// An option, accepted or refused.
    Option,
    /// Evidence rules.
    Evidence,
    /// Pre-filling.
    Prefill,
    /// Neutralisation.
    Neutralisation,
    /// An indicator of a prerequisite section made optional (`facultatif`) or required again.
    Optional,
    /// Exemptions.
    Exemption,
    /// The opening of the declaration window.
    Window,
    /// The deadline.
    Deadline,
    /// The assessment date, prorating.
    Assessment,
    /// The payment period.
    Payment,
    /// The convention.
    Convention,
    /// The portal and the online and paper routes.
    Route,
    /// The seeds encoded or borrowed from.
    Sources,
    /// A title or a label, reworded.
    Wording,
    /// Prose: descriptions, notes, special cases, annexes.
    Prose,
}

impl ChangeKind {
    /// Every kind, in summary order.
    pub const ALL: [ChangeKind; 35] = [
        ChangeKind::SectionAdded,
        ChangeKind::SectionRemoved,
        ChangeKind::SectionChanged,
        ChangeKind::IndicatorAdded,
        ChangeKind::IndicatorRemoved,
        ChangeKind::IndicatorReplaced,
        ChangeKind::IndicatorMoved,
        ChangeKind::IndicatorSplit,
        ChangeKind::IndicatorMerged,
        ChangeKind::Amount,
        ChangeKind::PointValue,
        ChangeKind::Total,
        ChangeKind::IndicatorType,
        ChangeKind::Number,
        ChangeKind::Form,
        ChangeKind::Measure,
        ChangeKind::Threshold,
        ChangeKind::Exclusion,
        ChangeKind::Period,
        ChangeKind::ActSchema,
        ChangeKind::Option,
        ChangeKind::Evidence,
        ChangeKind::Prefill,
        ChangeKind::Neutralisation,
        ChangeKind::Optional,
        ChangeKind::Exemption,
        ChangeKind::Window,
        ChangeKind::Deadline,
        ChangeKind::Assessment,
        ChangeKind::Payment,
        ChangeKind::Convention,
        ChangeKind::Route,
        ChangeKind::Sources,
        ChangeKind::Wording,
        ChangeKind::Prose,
    ];

    /// The machine name (as in JSON).
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::SectionAdded => "section_added",
            ChangeKind::SectionRemoved => "section_removed",
            ChangeKind::SectionChanged => "section_changed",
            ChangeKind::IndicatorAdded => "indicator_added",
            ChangeKind::IndicatorRemoved => "indicator_removed",
            ChangeKind::IndicatorReplaced => "indicator_replaced",
            ChangeKind::IndicatorMoved => "indicator_moved",
            ChangeKind::IndicatorSplit => "indicator_split",
            ChangeKind::IndicatorMerged => "indicator_merged",
            ChangeKind::Amount => "amount",
            ChangeKind::PointValue => "point_value",
            ChangeKind::Total => "total",
            ChangeKind::IndicatorType => "indicator_type",
            ChangeKind::Number => "number",
            ChangeKind::Form => "form",
            ChangeKind::Measure => "measure",
            ChangeKind::Threshold => "threshold",
            ChangeKind::Exclusion => "exclusion",
            ChangeKind::Period => "period",
            ChangeKind::ActSchema => "act_schema",
            ChangeKind::Option => "option",
            ChangeKind::Evidence => "evidence",
            ChangeKind::Prefill => "prefill",
            ChangeKind::Neutralisation => "neutralisation",
            ChangeKind::Optional => "optional",
            ChangeKind::Exemption => "exemption",
            ChangeKind::Window => "window",
            ChangeKind::Deadline => "deadline",
            ChangeKind::Assessment => "assessment",
            ChangeKind::Payment => "payment",
            ChangeKind::Convention => "convention",
            ChangeKind::Route => "route",
            ChangeKind::Sources => "sources",
            ChangeKind::Wording => "wording",
            ChangeKind::Prose => "prose",
        }
    }

    /// In French, for people.
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::SectionAdded => "section ajoutée",
            ChangeKind::SectionRemoved => "section supprimée",
            ChangeKind::SectionChanged => "section modifiée",
            ChangeKind::IndicatorAdded => "indicateur ajouté",
            ChangeKind::IndicatorRemoved => "indicateur supprimé",
            ChangeKind::IndicatorReplaced => "indicateur remplacé",
            ChangeKind::IndicatorMoved => "indicateur déplacé",
            ChangeKind::IndicatorSplit => "indicateur scindé",
            ChangeKind::IndicatorMerged => "indicateurs fusionnés",
            ChangeKind::Amount => "montant",
            ChangeKind::PointValue => "valeur du point",
            ChangeKind::Total => "total",
            ChangeKind::IndicatorType => "type d'indicateur",
            ChangeKind::Number => "numéro",
            ChangeKind::Form => "formulaire",
            ChangeKind::Measure => "mesure",
            ChangeKind::Threshold => "seuil",
            ChangeKind::Exclusion => "exclusion",
            ChangeKind::Period => "période de mesure",
            ChangeKind::ActSchema => "schéma des actes",
            ChangeKind::Option => "option",
            ChangeKind::Evidence => "justificatif",
            ChangeKind::Prefill => "pré-alimentation",
            ChangeKind::Neutralisation => "neutralisation",
            ChangeKind::Optional => "indicateur facultatif",
            ChangeKind::Exemption => "exonération",
            ChangeKind::Window => "ouverture de la saisie",
            ChangeKind::Deadline => "clôture de la saisie",
            ChangeKind::Assessment => "appréciation",
            ChangeKind::Payment => "paiement",
            ChangeKind::Convention => "convention",
            ChangeKind::Route => "voies de déclaration",
            ChangeKind::Sources => "sources",
            ChangeKind::Wording => "libellé",
            ChangeKind::Prose => "texte",
        }
    }

    /// Whether the change is about words only (hidden by `--no-prose`).
    pub fn is_text(self) -> bool {
        matches!(self, ChangeKind::Wording | ChangeKind::Prose)
    }
}

/// An amount, for machines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct AmountFigures {
    /// Points, in an edition in points: a whole number, or an exact fraction as a text (`"45/2"`).
    #[serde(serialize_with = "points_figure")]
    pub points: Option<crate::ir::Rational>,
    /// Euro cents.
    pub cents: i64,
}

impl From<Amount> for AmountFigures {
    fn from(amount: Amount) -> Self {
        AmountFigures {
            points: amount.points,
            cents: amount.cents,
        }
    }
}

/// Points for machines: a JSON integer when whole, else the exact fraction as a text (`"45/2"`),
/// never a floating-point number.
fn points_figure<S: serde::Serializer>(
    points: &Option<crate::ir::Rational>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match points {
        None => serializer.serialize_none(),
        Some(p) if p.is_integer() => serializer.serialize_i64(p.to_integer()),
        Some(p) => serializer.serialize_str(&format!("{}/{}", p.numer(), p.denom())),
    }
}

/// One side of a change: the value shown, and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Value {
    /// The value, in words, resolved for its edition.
    pub text: String,
    /// Its provenance (`004 §1.4`, `repris de 002 tableau`), when cited.
    pub provenance: Option<String>,
    /// The figures, for an amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<AmountFigures>,
}

impl Value {
    fn new(text: impl Into<String>, provenance: Option<&Provenance>) -> Self {
        Value {
            text: text.into(),
            provenance: provenance.map(ToString::to_string),
            amount: None,
        }
    }

    fn amount(amount: Amount, text: impl Into<String>, provenance: Option<&Provenance>) -> Self {
        Value {
            amount: Some(amount.into()),
            ..Value::new(text, provenance)
        }
    }
}

/// The difference of two amounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AmountDelta {
    /// Points gained (negative: lost), when both sides are in points.
    #[serde(serialize_with = "points_figure")]
    pub points: Option<crate::ir::Rational>,
    /// Cents gained (negative: lost).
    pub cents: i64,
    /// In words: `+180 points (+1 260 €)`.
    pub text: String,
}

impl AmountDelta {
    /// `after − before`.
    pub fn between(before: Amount, after: Amount) -> Self {
        let points = match (before.points, after.points) {
            (Some(b), Some(a)) => num_traits::CheckedSub::checked_sub(&a, &b),
            _ => None,
        };
        let cents = after.cents.saturating_sub(before.cents);
        AmountDelta {
            points,
            cents,
            text: signed_amount(points, cents),
        }
    }
}

/// `+180 points (+1 260 €)`, `−30 €`, `±0 €`.
pub fn signed_amount(points: Option<crate::ir::Rational>, cents: i64) -> String {
    let sign = |n: i64| match n.signum() {
        1 => "+",
        -1 => "−",
        _ => "±",
    };
    let euros = format!(
        "{}{}",
        sign(cents),
        wording::euros_in_words(cents.saturating_abs())
    );
    match points {
        Some(p) => format!(
            "{}{} {} ({euros})",
            sign(if p > crate::ir::Rational::from_integer(0) {
                1
            } else if p < crate::ir::Rational::from_integer(0) {
                -1
            } else {
                0
            }),
            wording::points_in_words(p),
            wording::points_unit(p)
        ),
        None => euros,
    }
}

/// One change, with both values and their provenance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What kind of change.
    pub kind: ChangeKind,
    /// The section it is in (the new one for a moved indicator), `None` for the edition.
    pub section: Option<String>,
    /// The indicator, as a dotted id (`dematerialisation.teleservices`), `None` for a section or the edition.
    pub indicator: Option<String>,
    /// What changed, in words: `seuil du taux fse`, `option apicrypt_v1`.
    pub subject: String,
    /// The old value, `None` when it was added.
    pub before: Option<Value>,
    /// The new value, `None` when it was removed.
    pub after: Option<Value>,
    /// For amounts: after − before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<AmountDelta>,
    /// For texts: the word-level diff, resolved for display.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<Vec<Segment>>,
    /// A text change that only touches blanks, punctuation or case (hidden by `--ignore-rewording`).
    pub rewording_only: bool,
}

/// What an edition looks like, for the head of a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EditionSummary {
    /// `<programme>/<profession>-<year>`.
    pub edition: String,
    /// The reference year.
    pub year: i32,
    /// The title, resolved.
    pub title: String,
    /// The most a practitioner can receive.
    pub max_total: AmountFigures,
    /// The same, in words.
    pub max_total_text: String,
    /// The declaration window, in words.
    pub window: String,
    /// Facts that cite a source.
    pub cited_facts: usize,
    /// Of them, facts carried from another edition's seed.
    pub borrowed_facts: usize,
}

/// Counts of changes, the maxima before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// How many changes are listed.
    pub total: usize,
    /// How many of each kind, in summary order (kinds with none left out).
    pub by_kind: Vec<KindCount>,
    /// The maximum's difference, after − before.
    pub max_total_difference: AmountDelta,
    /// Changes left out by `--no-prose` or `--ignore-rewording`.
    pub hidden: usize,
    /// The sections, matched by id, whose number of indicators changed (derived).
    pub indicator_counts: Vec<SectionCount>,
}

/// A section's number of indicators in both editions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SectionCount {
    /// The section's id.
    pub section: String,
    /// Its indicators in the old edition.
    pub before: usize,
    /// Its indicators in the new edition.
    pub after: usize,
}

impl Summary {
    /// `volet1 : 5 → 4 ; volet2 : 8 → 12`, or empty.
    pub fn indicator_counts_in_words(&self) -> String {
        self.indicator_counts
            .iter()
            .map(|c| format!("{} : {} → {}", c.section, c.before, c.after))
            .collect::<Vec<_>>()
            .join(" ; ")
    }
}

/// The sections present in both editions whose number of indicators differs.
fn indicator_counts(old: &Edition, new: &Edition) -> Vec<SectionCount> {
    new.sections
        .iter()
        .filter_map(|n| {
            let o = old.section(&n.id)?;
            (o.indicators.len() != n.indicators.len()).then(|| SectionCount {
                section: n.id.clone(),
                before: o.indicators.len(),
                after: n.indicators.len(),
            })
        })
        .collect()
}

/// How many changes of one kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KindCount {
    /// The kind.
    pub kind: ChangeKind,
    /// In French.
    pub label: &'static str,
    /// How many.
    pub count: usize,
}

/// Everything that changed from one edition to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Changes {
    /// The old edition.
    pub old: EditionSummary,
    /// The new edition.
    pub new: EditionSummary,
    /// Counts and maxima.
    pub summary: Summary,
    /// The changes: the edition's, then section by section in the new order, removed ones last.
    pub changes: Vec<Change>,
}

impl Changes {
    /// Whether nothing changed (or everything that changed is hidden).
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Changes of kind `kind`.
    pub fn of_kind(&self, kind: ChangeKind) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.kind == kind)
    }

    /// Changes about indicator `id` (dotted).
    pub fn about(&self, id: &str) -> impl Iterator<Item = &Change> + '_ {
        let id = id.to_string();
        self.changes
            .iter()
            .filter(move |c| c.indicator.as_deref() == Some(id.as_str()))
    }
}

/// What to leave out of a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Leave out every change of wording and prose (`--no-prose`).
    pub no_prose: bool,
    /// Leave out text changes that only touch blanks, punctuation or case (`--ignore-rewording`).
    pub ignore_rewording: bool,
}

impl Filter {
    /// Whether `change` is kept.
    pub fn keeps(&self, change: &Change) -> bool {
        !(self.no_prose && change.kind.is_text() || self.ignore_rewording && change.rewording_only)
    }
}

/// Leaves out what `filter` hides, and counts it in the summary.
pub fn apply_filter(changes: &mut Changes, filter: Filter) {
    let before = changes.changes.len();
    changes.changes.retain(|c| filter.keeps(c));
    let hidden = before - changes.changes.len();
    let counts = std::mem::take(&mut changes.summary.indicator_counts);
    changes.summary = summarise(&changes.old, &changes.new, &changes.changes);
    changes.summary.hidden = hidden;
    changes.summary.indicator_counts = counts;
}

/// Every change from `old` to `new`.
pub fn diff(old: &Edition, new: &Edition) -> Changes {
    let mut differ = Differ {
        old,
        new,
        out: Vec::new(),
    };
    differ.edition();
    let old_summary = edition_summary(old);
    let new_summary = edition_summary(new);
    let mut summary = summarise(&old_summary, &new_summary, &differ.out);
    summary.indicator_counts = indicator_counts(old, new);
    Changes {
        old: old_summary,
        new: new_summary,
        summary,
        changes: differ.out,
    }
}

fn summarise(old: &EditionSummary, new: &EditionSummary, changes: &[Change]) -> Summary {
    let mut counts: HashMap<ChangeKind, usize> = HashMap::new();
    for change in changes {
        *counts.entry(change.kind).or_default() += 1;
    }
    let by_kind = ChangeKind::ALL
        .iter()
        .filter_map(|kind| {
            counts.get(kind).map(|&count| KindCount {
                kind: *kind,
                label: kind.label(),
                count,
            })
        })
        .collect();
    let figures = |f: AmountFigures| Amount {
        points: f.points,
        cents: f.cents,
    };
    Summary {
        total: changes.len(),
        by_kind,
        max_total_difference: AmountDelta::between(figures(old.max_total), figures(new.max_total)),
        hidden: 0,
        indicator_counts: Vec::new(),
    }
}

fn edition_summary(edition: &Edition) -> EditionSummary {
    let max = edition.max_total();
    let (cited, borrowed) = provenance_counts(edition);
    EditionSummary {
        edition: edition.key(),
        year: edition.year,
        title: edition.title.resolved.clone(),
        max_total: max.into(),
        max_total_text: amount_in_words(max),
        window: window_in_words(&edition.window),
        cited_facts: cited,
        borrowed_facts: borrowed,
    }
}

/// `ouverture 15 décembre 2025, clôture 8 février 2026 inclus`.
pub fn window_in_words(window: &ir::Window) -> String {
    format!(
        "ouverture {}, clôture {}",
        opening_in_words(window),
        closing_in_words(window)
    )
}

fn opening_in_words(window: &ir::Window) -> String {
    let mut out = window.opening.value.in_words();
    if window.opening_provisional {
        out.push_str(" (prévisionnelle)");
    }
    out
}

fn closing_in_words(window: &ir::Window) -> String {
    let mut out = window.closing.value.in_words();
    match window.closing_time {
        Some(ir::ClosingTime::Midnight) => out.push_str(" minuit"),
        Some(ir::ClosingTime::Included) => out.push_str(" inclus"),
        None => {}
    }
    if window.closing_provisional {
        out.push_str(" (prévisionnelle)");
    }
    out
}

/// (facts citing a source, of which borrowed).
fn provenance_counts(edition: &Edition) -> (usize, usize) {
    let mut counter = ProvenanceCounter::default();
    let e = edition;
    counter.fact(&e.convention);
    counter.add(e.point_value_provenance.as_ref());
    counter.add(e.assessment.provenance.as_ref());
    counter.add(e.window.opening.provenance.as_ref());
    counter.add(e.window.closing.provenance.as_ref());
    counter.fact(&e.payment);
    counter.fact(&e.online);
    counter.fact(&e.paper);
    counter.fact(&e.sworn_statement);
    counter.fact(&e.stated_max_total);
    for prose in &e.prose {
        counter.add(prose.provenance.as_ref());
    }
    for annex in &e.annexes {
        counter.add(annex.provenance.as_ref());
    }
    for section in &e.sections {
        counter.add(section.provenance.as_ref());
        counter.fact(&section.amount);
        counter.fact(&section.stated_total);
        for prose in &section.prose {
            counter.add(prose.provenance.as_ref());
        }
        for (_, indicator) in section.all_indicators() {
            counter.indicator(indicator);
        }
    }
    (counter.cited, counter.borrowed)
}

#[derive(Default)]
struct ProvenanceCounter {
    cited: usize,
    borrowed: usize,
}

impl ProvenanceCounter {
    fn add(&mut self, provenance: Option<&Provenance>) {
        if let Some(p) = provenance {
            self.cited += 1;
            if p.borrowed {
                self.borrowed += 1;
            }
        }
    }

    fn fact<T>(&mut self, fact: &Option<ir::Fact<T>>) {
        self.add(fact.as_ref().and_then(|f| f.provenance.as_ref()));
    }

    fn indicator(&mut self, i: &Indicator) {
        self.add(i.provenance.as_ref());
        self.fact(&i.amount);
        self.fact(&i.question);
        self.fact(&i.free_text);
        self.fact(&i.prefill);
        self.fact(&i.neutralised);
        for s in &i.software {
            self.add(s.provenance.as_ref());
        }
        for e in &i.exemptions {
            self.add(e.provenance.as_ref());
        }
        for f in &i.findings {
            self.add(f.provenance.as_ref());
        }
        for c in &i.choices {
            self.add(c.provenance.as_ref());
            for o in &c.options {
                self.add(o.provenance.as_ref());
            }
        }
        for r in &i.rates {
            self.add(r.provenance.as_ref());
            for x in &r.exclusions {
                self.add(x.provenance.as_ref());
            }
            self.fact(&r.period);
            self.add(r.threshold.as_ref().and_then(|t| t.provenance.as_ref()));
        }
        for c in &i.counts {
            self.add(c.provenance.as_ref());
            self.add(c.threshold.as_ref().and_then(|t| t.provenance.as_ref()));
        }
        for e in &i.evidence {
            self.add(e.provenance.as_ref());
        }
        for p in &i.prose {
            self.add(p.provenance.as_ref());
        }
    }
}

// ------------------------------------------------------------------ matching

/// An indicator of an edition, flattened: sub-indicators get dotted ids.
struct Entry<'a> {
    section: &'a str,
    id: String,
    indicator: &'a Indicator,
}

fn entries(edition: &Edition) -> Vec<Entry<'_>> {
    edition
        .sections
        .iter()
        .flat_map(|s| {
            s.all_indicators()
                .into_iter()
                .map(move |(id, indicator)| Entry {
                    section: &s.id,
                    id,
                    indicator,
                })
        })
        .collect()
}

fn leaf(id: &str) -> &str {
    id.rsplit_once('.').map_or(id, |(_, l)| l)
}

fn parent(id: &str) -> Option<&str> {
    id.rsplit_once('.').map(|(p, _)| p)
}

/// How a new indicator relates to the old edition.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Link {
    /// Same dotted id.
    Same(usize),
    /// Same own id, another parent.
    Moved(usize),
    /// Replaces one old indicator it names in `reprend`.
    Replaced(usize),
    /// Nothing in the old edition.
    New,
}

/// The pairing of the old and new indicators.
struct Matching {
    /// For each new entry, its link.
    links: Vec<Link>,
    /// For each new entry, the old entries it absorbs (`reprend` of an id gone, beyond a replacement).
    absorbs: Vec<Vec<usize>>,
    /// For each old entry, whether something in the new edition accounts for it.
    accounted: Vec<bool>,
}

fn match_indicators(old: &[Entry<'_>], new: &[Entry<'_>]) -> Matching {
    let old_by_id: HashMap<&str, usize> = old
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let new_ids: HashSet<&str> = new.iter().map(|e| e.id.as_str()).collect();
    let mut links = vec![Link::New; new.len()];
    let mut absorbs = vec![Vec::new(); new.len()];
    let mut accounted = vec![false; old.len()];
    for (n, entry) in new.iter().enumerate() {
        if let Some(&o) = old_by_id.get(entry.id.as_str()) {
            links[n] = Link::Same(o);
            accounted[o] = true;
        }
    }
    // Old ids gone from the new edition, by their own (leaf) id.
    let mut gone_by_leaf: HashMap<&str, Vec<usize>> = HashMap::new();
    for (o, entry) in old.iter().enumerate() {
        if !accounted[o] {
            gone_by_leaf.entry(leaf(&entry.id)).or_default().push(o);
        }
    }
    let find_gone = |id: &str, accounted: &[bool]| -> Option<usize> {
        if let Some(&o) = old_by_id.get(id) {
            return (!accounted[o] && !new_ids.contains(id)).then_some(o);
        }
        match gone_by_leaf.get(leaf(id)).map(Vec::as_slice) {
            Some([o]) if !accounted[*o] => Some(*o),
            _ => None,
        }
    };
    // `reprend`: the spec's own word on what continues what. An old indicator split between
    // several (`reprend … en partie`) is continued by each of them.
    let mut split: HashMap<&str, usize> = HashMap::new();
    for (n, entry) in new.iter().enumerate() {
        for continued in &entry.indicator.continues {
            let found = find_gone(continued, &accounted);
            let shared = entry
                .indicator
                .continues_split
                .then(|| split.get(continued.as_str()).copied())
                .flatten();
            let Some(o) = found.or(shared) else {
                continue;
            };
            if entry.indicator.continues_split {
                split.entry(continued.as_str()).or_insert(o);
            }
            accounted[o] = true;
            if links[n] == Link::New {
                links[n] = Link::Replaced(o);
            } else {
                absorbs[n].push(o);
            }
        }
    }
    // The same own id under another parent.
    for (n, entry) in new.iter().enumerate() {
        if links[n] != Link::New {
            continue;
        }
        if let Some(o) = find_gone(leaf(&entry.id), &accounted) {
            if leaf(&old[o].id) == leaf(&entry.id) {
                accounted[o] = true;
                links[n] = Link::Moved(o);
            }
        }
    }
    Matching {
        links,
        absorbs,
        accounted,
    }
}

/// Pairs of (old dotted id, new dotted id) for indicators that continue one another
/// (same id, moved, or replaced through `reprend`), in the new edition's order.
pub fn indicator_pairs(old: &Edition, new: &Edition) -> Vec<(String, String)> {
    let old_entries = entries(old);
    let new_entries = entries(new);
    let matching = match_indicators(&old_entries, &new_entries);
    new_entries
        .iter()
        .zip(&matching.links)
        .filter_map(|(entry, link)| match link {
            Link::Same(o) | Link::Moved(o) | Link::Replaced(o) => old_entries
                .get(*o)
                .map(|old| (old.id.clone(), entry.id.clone())),
            Link::New => None,
        })
        .collect()
}

// ------------------------------------------------------------------ differ

struct Differ<'a> {
    old: &'a Edition,
    new: &'a Edition,
    out: Vec<Change>,
}

#[derive(Clone)]
struct Scope {
    section: Option<String>,
    indicator: Option<String>,
}

impl Scope {
    fn edition() -> Self {
        Scope {
            section: None,
            indicator: None,
        }
    }

    fn section(id: &str) -> Self {
        Scope {
            section: Some(id.to_string()),
            indicator: None,
        }
    }

    fn indicator(section: &str, id: &str) -> Self {
        Scope {
            section: Some(section.to_string()),
            indicator: Some(id.to_string()),
        }
    }
}

/// Where an item of a list stands between two editions.
#[derive(Clone, Copy)]
enum Side {
    /// In both.
    Kept,
    /// Only in the new one.
    Added,
    /// Only in the old one.
    Removed,
}

fn prov<T>(fact: &ir::Fact<T>) -> Option<&Provenance> {
    fact.provenance.as_ref()
}

/// A date as written relative to N: equal keys are the same date for their editions.
fn date_key(value: &DateValue) -> (u8, u32, u32, Option<i32>, i32) {
    match value {
        DateValue::Exact {
            date,
            relative_year,
        } => (
            0,
            date.day,
            date.month,
            *relative_year,
            relative_year.map_or(date.year, |_| 0),
        ),
        DateValue::EarlyMonth {
            date,
            relative_year,
        } => (
            1,
            0,
            date.month,
            *relative_year,
            relative_year.map_or(date.year, |_| 0),
        ),
        DateValue::Unknown => (2, 0, 0, None, 0),
    }
}

fn kind_label(kind: ir::Kind) -> &'static str {
    kind.label()
}

fn verdict(option: &ir::ChoiceOption) -> String {
    let mut out = format!(
        "{} : {}",
        if option.accepted {
            "acceptée"
        } else {
            "refusée"
        },
        option.label.resolved
    );
    if let Some(min) = option.minimum_per_year {
        out.push_str(&format!(" (au moins {min} par an)"));
    }
    if option.not_prefilled {
        out.push_str(" (sans pré-alimentation)");
    }
    out
}

/// A condition on acts, as the spec writes it.
pub fn condition_in_words(condition: &Condition) -> String {
    fn inner(c: &Condition, nested: bool) -> String {
        let wrap = |s: String| if nested { format!("({s})") } else { s };
        match c {
            Condition::Any(parts) => wrap(
                parts
                    .iter()
                    .map(|p| inner(p, true))
                    .collect::<Vec<_>>()
                    .join(" ou "),
            ),
            Condition::All(parts) => wrap(
                parts
                    .iter()
                    .map(|p| inner(p, true))
                    .collect::<Vec<_>>()
                    .join(" et "),
            ),
            Condition::Not(c) => format!("non {}", inner(c, true)),
            Condition::Flag(field) => field.name.clone(),
            Condition::In { field, values, .. } => format!(
                "{} dans {{{}}}",
                field.name,
                values
                    .iter()
                    .map(|(_, v)| v.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Condition::Age {
                field,
                op,
                amount,
                unit,
            } => format!(
                "{} {} {amount} {}",
                field.name,
                op.symbol(),
                match unit {
                    ir::AgeUnit::Days => "jours",
                    ir::AgeUnit::Months => "mois",
                    ir::AgeUnit::Years => "ans",
                }
            ),
            Condition::Date { field, op, date } => {
                format!("{} {} {date}", field.name, op.symbol())
            }
            Condition::Number { field, op, value } => {
                format!("{} {} {value}", field.name, op.symbol())
            }
        }
    }
    inner(condition, false)
}

fn selection_in_words(condition: &Option<Condition>) -> String {
    match condition {
        Some(c) => format!("actes où {}", condition_in_words(c)),
        None => "tous les actes".to_string(),
    }
}

/// A numerator in words; none stated means the rate is given as counts, not read from acts.
fn numerator_in_words(condition: &Option<Condition>) -> String {
    match condition {
        Some(c) => format!("actes où {}", condition_in_words(c)),
        None => "non précisé (taux donné en nombres)".to_string(),
    }
}

fn period_in_words(period: ir::Period) -> &'static str {
    match period {
        ir::Period::WholeYear => "l'année",
        ir::Period::Individualised => {
            "l'année, ou depuis le 1er du mois suivant la première FSE si aucune FSE en N-1"
        }
    }
}

fn evidence_kind_in_words(evidence: &ir::Evidence) -> String {
    match &evidence.kind {
        ir::EvidenceKind::Document(label) => format!("pièce : {}", label.resolved),
        ir::EvidenceKind::Sworn if evidence.sworn_in_declaration => {
            "attestation sur l'honneur faite dans la déclaration de l'indicateur".to_string()
        }
        ir::EvidenceKind::Sworn => "attestation sur l'honneur".to_string(),
        ir::EvidenceKind::None => "aucun".to_string(),
    }
}

fn cases_in_words(cases: &[ir::EvidenceCase]) -> String {
    if cases.is_empty() {
        return "toujours".to_string();
    }
    cases
        .iter()
        .map(|c| c.label())
        .collect::<Vec<_>>()
        .join(", ")
}

fn texts_in_words(texts: &[Text]) -> String {
    texts
        .iter()
        .map(|t| t.resolved.as_str())
        .collect::<Vec<_>>()
        .join(" ; ")
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "oui"
    } else {
        "non"
    }
}

/// A fact the language can state but not deny (`validé à réception`, `conservé pour contrôle`):
/// its absence means the edition does not say, never "no".
fn stated_or_unspecified(value: bool) -> &'static str {
    if value {
        "oui"
    } else {
        "non précisé"
    }
}

fn gating_in_words(gating: &ir::Gating) -> String {
    match gating {
        ir::Gating::Prerequisite => "prérequis".to_string(),
        ir::Gating::Complementary { requires } => format!("complémentaire si {requires}"),
        ir::Gating::Independent => "indépendant".to_string(),
    }
}

fn prose_subject(kind: &ir::ProseKind) -> String {
    match kind {
        ir::ProseKind::Description => "description".to_string(),
        ir::ProseKind::Note => "note (à noter)".to_string(),
        ir::ProseKind::Case(title) => format!("cas particulier « {} »", title.resolved),
        ir::ProseKind::Drafting => "note de rédaction".to_string(),
    }
}

/// `description ajoutée`, `cas particulier « … » supprimé`.
fn prose_subject_with(kind: &ir::ProseKind, feminine: &str, masculine: &str) -> String {
    let word = if matches!(kind, ir::ProseKind::Case(_)) {
        masculine
    } else {
        feminine
    };
    format!("{} {word}", prose_subject(kind))
}

/// An indicator's amount in words, as it pays: its own, the sum of its sub-indicators', or none.
fn indicator_amount(indicator: &Indicator) -> Option<(Amount, String, Option<&Provenance>)> {
    match &indicator.amount {
        Some(fact) => match &fact.value {
            AmountSpec::Known(a) => Some((*a, amount_in_words(*a), prov(fact))),
            AmountSpec::Unknown(reason) => Some((
                Amount::default(),
                format!("inconnu ({})", reason.resolved),
                prov(fact),
            )),
            AmountSpec::UpTo { max, scale } => Some((
                *max,
                format!("jusqu'à {} selon {}", amount_in_words(*max), scale.resolved),
                prov(fact),
            )),
            AmountSpec::Scaled {
                label, scale, max, ..
            } => Some((
                *max,
                format!(
                    "jusqu'à {} : {}",
                    amount_in_words(*max),
                    crate::wording::scale_in_words(scale, label)
                ),
                prov(fact),
            )),
        },
        None if indicator.has_parts() => {
            let a = indicator.max_amount();
            Some((a, format!("{} (somme des parts)", amount_in_words(a)), None))
        }
        None if !indicator.subs.is_empty() => {
            let a = indicator.max_amount();
            Some((
                a,
                format!("{} (somme des sous-indicateurs)", amount_in_words(a)),
                None,
            ))
        }
        None => None,
    }
}

fn indicator_in_words(indicator: &Indicator) -> String {
    let mut out = format!(
        "{} — {}",
        indicator.title.resolved,
        kind_label(indicator.kind)
    );
    if let Some((_, amount, _)) = indicator_amount(indicator) {
        out.push_str(&format!(", {amount}"));
    }
    if indicator.neutralised.is_some() {
        out.push_str(", neutralisé");
    }
    out
}

impl<'a> Differ<'a> {
    fn push(
        &mut self,
        kind: ChangeKind,
        scope: &Scope,
        subject: impl Into<String>,
        before: Option<Value>,
        after: Option<Value>,
    ) -> &mut Change {
        self.out.push(Change {
            kind,
            section: scope.section.clone(),
            indicator: scope.indicator.clone(),
            subject: subject.into(),
            before,
            after,
            difference: None,
            words: None,
            rewording_only: false,
        });
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    /// A text that may be absent on either side: compared on templates, with a word diff when both exist.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        kind: ChangeKind,
        scope: &Scope,
        subject: impl Into<String>,
        old: Option<&Text>,
        old_provenance: Option<&Provenance>,
        new: Option<&Text>,
        new_provenance: Option<&Provenance>,
    ) {
        match (old, new) {
            (Some(o), Some(n)) if o.template == n.template => {}
            (None, None) => {}
            (o, n) => {
                // Prose is Markdown: compared and shown as it reads once rendered.
                let shown = |t: &Text| {
                    if kind == ChangeKind::Prose {
                        words::markdown_plain(t)
                    } else {
                        t.clone()
                    }
                };
                let (o, n) = (o.map(shown), n.map(shown));
                let change = self.push(
                    kind,
                    scope,
                    subject,
                    o.as_ref()
                        .map(|t| Value::new(t.resolved.clone(), old_provenance)),
                    n.as_ref()
                        .map(|t| Value::new(t.resolved.clone(), new_provenance)),
                );
                if let (Some(o), Some(n)) = (&o, &n) {
                    change.words = Some(words::word_diff(o, n));
                    change.rewording_only = words::rewording_only(o, n);
                }
            }
        }
    }

    /// A value compared by its words (no template): a change when they differ.
    #[allow(clippy::too_many_arguments)]
    fn value(
        &mut self,
        kind: ChangeKind,
        scope: &Scope,
        subject: impl Into<String>,
        old: Option<String>,
        old_provenance: Option<&Provenance>,
        new: Option<String>,
        new_provenance: Option<&Provenance>,
    ) {
        if old == new {
            return;
        }
        self.push(
            kind,
            scope,
            subject,
            old.map(|t| Value::new(t, old_provenance)),
            new.map(|t| Value::new(t, new_provenance)),
        );
    }

    fn edition(&mut self) {
        let (old, new) = (self.old, self.new);
        let scope = Scope::edition();
        self.text(
            ChangeKind::Wording,
            &scope,
            "titre de l'édition",
            Some(&old.title),
            None,
            Some(&new.title),
            None,
        );
        self.sources();
        self.text(
            ChangeKind::Convention,
            &scope,
            "convention",
            old.convention.as_ref().map(|f| &f.value),
            old.convention.as_ref().and_then(prov),
            new.convention.as_ref().map(|f| &f.value),
            new.convention.as_ref().and_then(prov),
        );
        if old.unit != new.unit {
            let words = |unit: ir::Unit| match unit {
                ir::Unit::Points { point_value_cents } => {
                    format!("{} le point", wording::euros_in_words(point_value_cents))
                }
                ir::Unit::Euros => "montants en euros".to_string(),
            };
            self.push(
                ChangeKind::PointValue,
                &scope,
                "valeur du point",
                Some(Value::new(
                    words(old.unit),
                    old.point_value_provenance.as_ref(),
                )),
                Some(Value::new(
                    words(new.unit),
                    new.point_value_provenance.as_ref(),
                )),
            );
        }
        let assessment = |e: &Edition| {
            let d = e.assessment.value;
            (
                d.day,
                d.month,
                d.year - e.year,
                e.no_prorating,
                format!(
                    "au {}{}",
                    d.in_words(),
                    if e.no_prorating {
                        ", sans proratisation"
                    } else {
                        ""
                    }
                ),
            )
        };
        let (a_old, a_new) = (assessment(old), assessment(new));
        if (a_old.0, a_old.1, a_old.2, a_old.3) != (a_new.0, a_new.1, a_new.2, a_new.3) {
            self.push(
                ChangeKind::Assessment,
                &scope,
                "appréciation des indicateurs",
                Some(Value::new(a_old.4, prov(&old.assessment))),
                Some(Value::new(a_new.4, prov(&new.assessment))),
            );
        }
        let (ow, nw) = (&old.window, &new.window);
        if date_key(&ow.opening.value) != date_key(&nw.opening.value)
            || ow.opening_provisional != nw.opening_provisional
        {
            self.push(
                ChangeKind::Window,
                &scope,
                "ouverture de la saisie",
                Some(Value::new(opening_in_words(ow), prov(&ow.opening))),
                Some(Value::new(opening_in_words(nw), prov(&nw.opening))),
            );
        }
        if date_key(&ow.closing.value) != date_key(&nw.closing.value)
            || ow.closing_time != nw.closing_time
            || ow.closing_provisional != nw.closing_provisional
        {
            self.push(
                ChangeKind::Deadline,
                &scope,
                "clôture de la saisie (date limite)",
                Some(Value::new(closing_in_words(ow), prov(&ow.closing))),
                Some(Value::new(closing_in_words(nw), prov(&nw.closing))),
            );
        }
        self.text(
            ChangeKind::Payment,
            &scope,
            "période de paiement",
            old.payment.as_ref().map(|f| &f.value),
            old.payment.as_ref().and_then(prov),
            new.payment.as_ref().map(|f| &f.value),
            new.payment.as_ref().and_then(prov),
        );
        self.value(
            ChangeKind::Route,
            &scope,
            "portail",
            Some(old.portal.clone()),
            None,
            Some(new.portal.clone()),
            None,
        );
        self.text(
            ChangeKind::Route,
            &scope,
            "déclaration en ligne : menu",
            old.online.as_ref().map(|f| &f.value.menu),
            old.online.as_ref().and_then(prov),
            new.online.as_ref().map(|f| &f.value.menu),
            new.online.as_ref().and_then(prov),
        );
        self.text(
            ChangeKind::Route,
            &scope,
            "déclaration en ligne : bouton",
            old.online.as_ref().and_then(|f| f.value.button.as_ref()),
            old.online.as_ref().and_then(prov),
            new.online.as_ref().and_then(|f| f.value.button.as_ref()),
            new.online.as_ref().and_then(prov),
        );
        self.text(
            ChangeKind::Route,
            &scope,
            "déclaration papier",
            old.paper.as_ref().map(|f| &f.value.how),
            old.paper.as_ref().and_then(prov),
            new.paper.as_ref().map(|f| &f.value.how),
            new.paper.as_ref().and_then(prov),
        );
        self.text(
            ChangeKind::Route,
            &scope,
            "déclaration papier : renvoi",
            old.paper.as_ref().map(|f| &f.value.return_to),
            old.paper.as_ref().and_then(prov),
            new.paper.as_ref().map(|f| &f.value.return_to),
            new.paper.as_ref().and_then(prov),
        );
        self.text(
            ChangeKind::Form,
            &scope,
            "attestation sur l'honneur",
            old.sworn_statement.as_ref().map(|f| &f.value),
            old.sworn_statement.as_ref().and_then(prov),
            new.sworn_statement.as_ref().map(|f| &f.value),
            new.sworn_statement.as_ref().and_then(prov),
        );
        let (max_old, max_new) = (old.max_total(), new.max_total());
        if max_old != max_new {
            let change = self.push(
                ChangeKind::Total,
                &scope,
                "montant maximal de l'édition",
                Some(Value::amount(
                    max_old,
                    amount_in_words(max_old),
                    old.stated_max_total.as_ref().and_then(prov),
                )),
                Some(Value::amount(
                    max_new,
                    amount_in_words(max_new),
                    new.stated_max_total.as_ref().and_then(prov),
                )),
            );
            change.difference = Some(AmountDelta::between(max_old, max_new));
        }
        self.prose_list(&scope, &old.prose, &new.prose);
        self.annexes();
        self.act_schema();
        self.sections();
    }

    /// The act schema (`actes { … }`): fields matched by name, each field's kind, key, words and,
    /// for a list, its values matched by name; the acts of a first claim.
    fn act_schema(&mut self) {
        let scope = Scope::edition();
        let no_fields: &[ir::ActField] = &[];
        let fields = |s: Option<&'a ir::ActSchema>| s.map_or(no_fields, |s| s.fields.as_slice());
        let (old, new) = (
            fields(self.old.acts.as_ref()),
            fields(self.new.acts.as_ref()),
        );
        let field_words = |f: &ir::ActField| {
            let mut words = format!("{} « {} » (clé `{}`)", f.kind.word(), f.label, f.key);
            if let ir::ActFieldKind::List { values, .. } = &f.kind {
                let listed: Vec<String> = values
                    .iter()
                    .map(|v| format!("`{}` « {} »", v.name, v.label))
                    .collect();
                words.push_str(&format!(" : {}", listed.join(", ")));
            }
            words
        };
        for field in new {
            let Some(before) = old.iter().find(|f| f.name == field.name) else {
                self.push(
                    ChangeKind::ActSchema,
                    &scope,
                    format!("champ d'acte `{}` ajouté", field.name),
                    None,
                    Some(Value::new(field_words(field), field.provenance.as_ref())),
                );
                continue;
            };
            let subject = |what: &str| format!("champ d'acte `{}` : {what}", field.name);
            let (was, is) = (before.provenance.as_ref(), field.provenance.as_ref());
            self.value(
                ChangeKind::ActSchema,
                &scope,
                subject("genre"),
                Some(before.kind.word().to_string()),
                was,
                Some(field.kind.word().to_string()),
                is,
            );
            self.value(
                ChangeKind::ActSchema,
                &scope,
                subject("clé"),
                Some(before.key.clone()),
                was,
                Some(field.key.clone()),
                is,
            );
            self.value(
                ChangeKind::ActSchema,
                &scope,
                subject("libellé"),
                Some(before.label.clone()),
                was,
                Some(field.label.clone()),
                is,
            );
            let list = |kind: &'a ir::ActFieldKind| match kind {
                ir::ActFieldKind::List {
                    values,
                    except,
                    default,
                } => Some((values, except, default.and_then(|d| values.get(d)))),
                _ => None,
            };
            let (Some((old_values, old_except, old_default)), Some((values, except, default))) =
                (list(&before.kind), list(&field.kind))
            else {
                continue;
            };
            for value in values {
                match old_values.iter().find(|v| v.name == value.name) {
                    None => {
                        self.push(
                            ChangeKind::ActSchema,
                            &scope,
                            subject(&format!("valeur `{}` ajoutée", value.name)),
                            None,
                            Some(Value::new(value.label.clone(), is)),
                        );
                    }
                    Some(old_value) => self.value(
                        ChangeKind::ActSchema,
                        &scope,
                        subject(&format!("libellé de la valeur `{}`", value.name)),
                        Some(old_value.label.clone()),
                        was,
                        Some(value.label.clone()),
                        is,
                    ),
                }
            }
            for old_value in old_values {
                if !values.iter().any(|v| v.name == old_value.name) {
                    self.push(
                        ChangeKind::ActSchema,
                        &scope,
                        subject(&format!("valeur `{}` supprimée", old_value.name)),
                        Some(Value::new(old_value.label.clone(), was)),
                        None,
                    );
                }
            }
            self.value(
                ChangeKind::ActSchema,
                &scope,
                subject("mots de « hors »"),
                old_except.clone(),
                was,
                except.clone(),
                is,
            );
            self.value(
                ChangeKind::ActSchema,
                &scope,
                subject("valeur par défaut"),
                old_default.map(|v| format!("`{}` « {} »", v.name, v.label)),
                was,
                default.map(|v| format!("`{}` « {} »", v.name, v.label)),
                is,
            );
        }
        for field in old {
            if !new.iter().any(|f| f.name == field.name) {
                self.push(
                    ChangeKind::ActSchema,
                    &scope,
                    format!("champ d'acte `{}` supprimé", field.name),
                    Some(Value::new(field_words(field), field.provenance.as_ref())),
                    None,
                );
            }
        }
        let first_claim = |s: Option<&ir::ActSchema>| {
            s.and_then(|s| s.first_claim.as_ref())
                .map(condition_in_words)
        };
        self.value(
            ChangeKind::ActSchema,
            &scope,
            "actes qui comptent comme première FSE",
            first_claim(self.old.acts.as_ref()),
            self.old.acts.as_ref().and_then(|s| s.provenance.as_ref()),
            first_claim(self.new.acts.as_ref()),
            self.new.acts.as_ref().and_then(|s| s.provenance.as_ref()),
        );
    }

    fn sources(&mut self) {
        let scope = Scope::edition();
        let old_by_id: HashMap<&str, &ir::Source> = self
            .old
            .sources
            .iter()
            .map(|s| (s.id.as_str(), s))
            .collect();
        let new_ids: HashSet<&str> = self.new.sources.iter().map(|s| s.id.as_str()).collect();
        let words = |s: &ir::Source| match &s.borrowed_because {
            Some(reason) => format!(
                "emprunt « {} » ({}) : {}",
                s.title.resolved, s.file, reason.resolved
            ),
            None => format!("source « {} » ({})", s.title.resolved, s.file),
        };
        for source in &self.new.sources {
            match old_by_id.get(source.id.as_str()) {
                None => {
                    self.push(
                        ChangeKind::Sources,
                        &scope,
                        format!("source {} ajoutée", source.id),
                        None,
                        Some(Value::new(words(source), None)),
                    );
                }
                Some(old) => {
                    let same = old.file == source.file
                        && old.title.template == source.title.template
                        && old.borrowed_because.as_ref().map(|t| &t.template)
                            == source.borrowed_because.as_ref().map(|t| &t.template);
                    if !same {
                        let subject = match (
                            old.borrowed_because.is_some(),
                            source.borrowed_because.is_some(),
                        ) {
                            (false, true) => format!(
                                "source {} : encodée → empruntée (ses faits sont repris d'une autre édition)",
                                source.id
                            ),
                            (true, false) => format!(
                                "source {} : empruntée → encodée",
                                source.id
                            ),
                            _ => format!("source {}", source.id),
                        };
                        self.push(
                            ChangeKind::Sources,
                            &scope,
                            subject,
                            Some(Value::new(words(old), None)),
                            Some(Value::new(words(source), None)),
                        );
                    }
                }
            }
        }
        for source in &self.old.sources {
            if !new_ids.contains(source.id.as_str()) {
                self.push(
                    ChangeKind::Sources,
                    &scope,
                    format!("source {} supprimée", source.id),
                    Some(Value::new(words(source), None)),
                    None,
                );
            }
        }
    }

    fn annexes(&mut self) {
        let scope = Scope::edition();
        let old_by_id: HashMap<&str, &ir::Annex> = self
            .old
            .annexes
            .iter()
            .map(|a| (a.id.as_str(), a))
            .collect();
        let new_ids: HashSet<&str> = self.new.annexes.iter().map(|a| a.id.as_str()).collect();
        for annex in &self.new.annexes {
            let old = old_by_id.get(annex.id.as_str());
            self.text(
                ChangeKind::Wording,
                &scope,
                format!("titre de l'annexe {}", annex.id),
                old.map(|a| &a.title),
                old.and_then(|a| a.provenance.as_ref()),
                Some(&annex.title),
                annex.provenance.as_ref(),
            );
            self.text(
                ChangeKind::Prose,
                &scope,
                format!("annexe {}", annex.id),
                old.map(|a| &a.text),
                old.and_then(|a| a.provenance.as_ref()),
                Some(&annex.text),
                annex.provenance.as_ref(),
            );
        }
        for annex in &self.old.annexes {
            if !new_ids.contains(annex.id.as_str()) {
                self.push(
                    ChangeKind::Prose,
                    &scope,
                    format!("annexe {} supprimée", annex.id),
                    Some(Value::new(
                        annex.title.resolved.clone(),
                        annex.provenance.as_ref(),
                    )),
                    None,
                );
            }
        }
    }

    /// Prose blocks: unchanged ones paired by their text, then the rest by kind (cases by title), in order.
    fn prose_list(&mut self, scope: &Scope, old: &[ir::Prose], new: &[ir::Prose]) {
        let mut old_by_text: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, p) in old.iter().enumerate().rev() {
            old_by_text
                .entry(p.text.template.as_str())
                .or_default()
                .push(i);
        }
        let mut old_used = vec![false; old.len()];
        let mut new_pair: Vec<Option<usize>> = vec![None; new.len()];
        for (n, p) in new.iter().enumerate() {
            if let Some(candidates) = old_by_text.get_mut(p.text.template.as_str()) {
                while let Some(o) = candidates.pop() {
                    if !old_used[o] && same_prose_kind(&old[o].kind, &p.kind) {
                        old_used[o] = true;
                        new_pair[n] = Some(o);
                        break;
                    }
                }
            }
        }
        // Cases by their title.
        let mut old_cases: HashMap<&str, Vec<usize>> = HashMap::new();
        for (o, p) in old.iter().enumerate().rev() {
            if let ir::ProseKind::Case(title) = &p.kind {
                if !old_used[o] {
                    old_cases
                        .entry(title.template.as_str())
                        .or_default()
                        .push(o);
                }
            }
        }
        for (n, p) in new.iter().enumerate() {
            if new_pair[n].is_some() {
                continue;
            }
            if let ir::ProseKind::Case(title) = &p.kind {
                if let Some(candidates) = old_cases.get_mut(title.template.as_str()) {
                    while let Some(o) = candidates.pop() {
                        if !old_used[o] {
                            old_used[o] = true;
                            new_pair[n] = Some(o);
                            break;
                        }
                    }
                }
            }
        }
        // The rest, kind by kind, in order.
        let mut pending: HashMap<u8, std::collections::VecDeque<usize>> = HashMap::new();
        for (o, p) in old.iter().enumerate() {
            if !old_used[o] {
                pending.entry(prose_rank(&p.kind)).or_default().push_back(o);
            }
        }
        for (n, p) in new.iter().enumerate() {
            if new_pair[n].is_some() {
                continue;
            }
            if let Some(queue) = pending.get_mut(&prose_rank(&p.kind)) {
                if let Some(o) = queue.pop_front() {
                    old_used[o] = true;
                    new_pair[n] = Some(o);
                }
            }
        }
        for (n, p) in new.iter().enumerate() {
            match new_pair[n].and_then(|o| old.get(o)) {
                Some(o) => {
                    if let (ir::ProseKind::Case(old_title), ir::ProseKind::Case(new_title)) =
                        (&o.kind, &p.kind)
                    {
                        self.text(
                            ChangeKind::Wording,
                            scope,
                            "titre d'un cas particulier",
                            Some(old_title),
                            o.provenance.as_ref(),
                            Some(new_title),
                            p.provenance.as_ref(),
                        );
                    }
                    self.text(
                        ChangeKind::Prose,
                        scope,
                        prose_subject(&p.kind),
                        Some(&o.text),
                        o.provenance.as_ref(),
                        Some(&p.text),
                        p.provenance.as_ref(),
                    );
                }
                None => {
                    self.push(
                        ChangeKind::Prose,
                        scope,
                        prose_subject_with(&p.kind, "ajoutée", "ajouté"),
                        None,
                        Some(Value::new(
                            words::markdown_plain(&p.text).resolved,
                            p.provenance.as_ref(),
                        )),
                    );
                }
            }
        }
        for (o, p) in old.iter().enumerate() {
            if !old_used[o] {
                self.push(
                    ChangeKind::Prose,
                    scope,
                    prose_subject_with(&p.kind, "supprimée", "supprimé"),
                    Some(Value::new(
                        words::markdown_plain(&p.text).resolved,
                        p.provenance.as_ref(),
                    )),
                    None,
                );
            }
        }
    }

    fn sections(&mut self) {
        let (old, new) = (self.old, self.new);
        let old_entries = entries(old);
        let new_entries = entries(new);
        let matching = match_indicators(&old_entries, &new_entries);
        let old_sections: HashMap<&str, &ir::Section> =
            old.sections.iter().map(|s| (s.id.as_str(), s)).collect();
        let new_sections: HashSet<&str> = new.sections.iter().map(|s| s.id.as_str()).collect();
        // Entries of the new edition grouped by section, in order; removed old entries by their old section.
        let mut new_by_section: HashMap<&str, Vec<usize>> = HashMap::new();
        for (n, e) in new_entries.iter().enumerate() {
            new_by_section.entry(e.section).or_default().push(n);
        }
        // Removed old entries by their old section; a sub-indicator removed with its parent is listed with it.
        let old_index: HashMap<&str, usize> = old_entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let mut removed_by_section: HashMap<&str, Vec<usize>> = HashMap::new();
        for (o, e) in old_entries.iter().enumerate() {
            let parent_removed = parent(&e.id)
                .and_then(|p| old_index.get(p))
                .is_some_and(|&p| !matching.accounted[p]);
            if !matching.accounted[o] && !parent_removed {
                removed_by_section.entry(e.section).or_default().push(o);
            }
        }
        // Sub-indicators folded into a split (new) or a merge of sub-indicators (old).
        let mut folded_new: HashSet<usize> = HashSet::new();
        let mut folded_old: HashSet<usize> = HashSet::new();
        let new_by_id: HashMap<&str, usize> = new_entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let old_by_id: HashMap<&str, usize> = old_entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        for (n, link) in matching.links.iter().enumerate() {
            let o = match link {
                Link::Same(o) | Link::Moved(o) | Link::Replaced(o) => *o,
                Link::New => continue,
            };
            let (old_i, new_i) = (old_entries[o].indicator, new_entries[n].indicator);
            if old_i.subs.is_empty() && !new_i.subs.is_empty() {
                for (id, _) in sub_ids(&new_entries[n].id, new_i) {
                    if let Some(&s) = new_by_id.get(id.as_str()) {
                        if matching.links[s] == Link::New {
                            folded_new.insert(s);
                        }
                    }
                }
            }
            if !old_i.subs.is_empty() && new_i.subs.is_empty() {
                for (id, _) in sub_ids(&old_entries[o].id, old_i) {
                    if let Some(&s) = old_by_id.get(id.as_str()) {
                        if !matching.accounted[s] {
                            folded_old.insert(s);
                        }
                    }
                }
            }
        }
        for section in &new.sections {
            let scope = Scope::section(&section.id);
            match old_sections.get(section.id.as_str()) {
                Some(old_section) => self.section_fields(&scope, old_section, section),
                None => {
                    self.push(
                        ChangeKind::SectionAdded,
                        &scope,
                        format!("section {} ajoutée", section.id),
                        None,
                        Some(Value::amount(
                            section.max_amount(),
                            format!(
                                "{} — {}, jusqu'à {}",
                                section.title.resolved,
                                gating_in_words(&section.gating),
                                amount_in_words(section.max_amount())
                            ),
                            section.provenance.as_ref(),
                        )),
                    );
                }
            }
            for &n in new_by_section
                .get(section.id.as_str())
                .map_or(&[][..], Vec::as_slice)
            {
                if folded_new.contains(&n) {
                    continue;
                }
                self.indicator(&old_entries, &new_entries, &new_by_id, &matching, n);
            }
            for &o in removed_by_section
                .get(section.id.as_str())
                .map_or(&[][..], Vec::as_slice)
            {
                if !folded_old.contains(&o) {
                    self.removed_indicator(&old_entries[o]);
                }
            }
        }
        for section in &old.sections {
            if new_sections.contains(section.id.as_str()) {
                continue;
            }
            let scope = Scope::section(&section.id);
            self.push(
                ChangeKind::SectionRemoved,
                &scope,
                format!("section {} supprimée", section.id),
                Some(Value::amount(
                    section.max_amount(),
                    format!(
                        "{} — {}, jusqu'à {}",
                        section.title.resolved,
                        gating_in_words(&section.gating),
                        amount_in_words(section.max_amount())
                    ),
                    section.provenance.as_ref(),
                )),
                None,
            );
            for &o in removed_by_section
                .get(section.id.as_str())
                .map_or(&[][..], Vec::as_slice)
            {
                if !folded_old.contains(&o) {
                    self.removed_indicator(&old_entries[o]);
                }
            }
        }
    }

    fn removed_indicator(&mut self, entry: &Entry<'_>) {
        let scope = Scope::indicator(entry.section, &entry.id);
        let before = indicator_added_value(&entry.id, entry.indicator);
        self.push(
            ChangeKind::IndicatorRemoved,
            &scope,
            format!("indicateur {} supprimé", entry.id),
            Some(before),
            None,
        );
    }

    fn section_fields(&mut self, scope: &Scope, old: &ir::Section, new: &ir::Section) {
        self.text(
            ChangeKind::Wording,
            scope,
            "titre de la section",
            Some(&old.title),
            old.provenance.as_ref(),
            Some(&new.title),
            new.provenance.as_ref(),
        );
        if old.gating != new.gating {
            self.push(
                ChangeKind::SectionChanged,
                scope,
                "mode de paiement de la section",
                Some(Value::new(
                    gating_in_words(&old.gating),
                    old.provenance.as_ref(),
                )),
                Some(Value::new(
                    gating_in_words(&new.gating),
                    new.provenance.as_ref(),
                )),
            );
        }
        let (own_old, own_new) = (section_own_amount(old), section_own_amount(new));
        let both_own = own_old.is_some() && own_new.is_some();
        if own_old.as_ref().map(|o| (o.0, &o.1)) != own_new.as_ref().map(|n| (n.0, &n.1)) {
            let change = self.push(
                ChangeKind::Amount,
                scope,
                "montant de la section (payée en bloc)",
                own_old
                    .as_ref()
                    .map(|(a, w, p)| Value::amount(*a, w.clone(), *p)),
                own_new
                    .as_ref()
                    .map(|(a, w, p)| Value::amount(*a, w.clone(), *p)),
            );
            if let (Some(o), Some(n)) = (&own_old, &own_new) {
                change.difference = Some(AmountDelta::between(o.0, n.0));
            }
        }
        let (max_old, max_new) = (old.max_amount(), new.max_amount());
        if !both_own && max_old != max_new {
            let change = self.push(
                ChangeKind::Total,
                scope,
                "montant maximal de la section",
                Some(Value::amount(
                    max_old,
                    amount_in_words(max_old),
                    old.stated_total.as_ref().and_then(prov),
                )),
                Some(Value::amount(
                    max_new,
                    amount_in_words(max_new),
                    new.stated_total.as_ref().and_then(prov),
                )),
            );
            change.difference = Some(AmountDelta::between(max_old, max_new));
        }
        let rest = |s: &ir::Section| {
            s.unknown_rest
                .as_ref()
                .map(|r| match s.unknown_rest_amount() {
                    Some(a) => format!(
                        "{} non détaillés : {}",
                        amount_in_words(a),
                        r.value.resolved
                    ),
                    None => r.value.resolved.clone(),
                })
        };
        // The part of the total its optional indicators pay (`dont … facultatifs`).
        let optional = |s: &ir::Section| {
            let amount = s.optional_amount();
            s.optional_indicators().next().map(|_| amount)
        };
        let (optional_old, optional_new) = (optional(old), optional(new));
        if optional_old != optional_new {
            let value = |s: &ir::Section, a: Amount| {
                Value::amount(
                    a,
                    amount_in_words(a),
                    s.stated_total.as_ref().and_then(prov),
                )
            };
            let change = self.push(
                ChangeKind::Total,
                scope,
                match (&optional_old, &optional_new) {
                    (None, _) => "part facultative du total ajoutée",
                    (_, None) => "part facultative du total supprimée",
                    _ => "part facultative du total",
                },
                optional_old.map(|a| value(old, a)),
                optional_new.map(|a| value(new, a)),
            );
            change.difference = Some(AmountDelta::between(
                optional_old.unwrap_or_default(),
                optional_new.unwrap_or_default(),
            ));
        }
        let (rest_old, rest_new) = (rest(old), rest(new));
        if rest_old != rest_new {
            self.push(
                ChangeKind::Total,
                scope,
                "part du total qu'aucune source ne détaille",
                rest_old.map(|t| Value::new(t, old.unknown_rest.as_ref().and_then(prov))),
                rest_new.map(|t| Value::new(t, new.unknown_rest.as_ref().and_then(prov))),
            );
        }
        self.prose_list(scope, &old.prose, &new.prose);
    }

    fn indicator(
        &mut self,
        old: &[Entry<'_>],
        new: &[Entry<'_>],
        new_by_id: &HashMap<&str, usize>,
        matching: &Matching,
        n: usize,
    ) {
        let entry = &new[n];
        let scope = Scope::indicator(entry.section, &entry.id);
        let paired = match &matching.links[n] {
            Link::Same(o) => {
                let o = &old[*o];
                // A sub-indicator moves with its parent: only the parent is said to move.
                if o.section != entry.section && parent(&entry.id).is_none() {
                    self.push(
                        ChangeKind::IndicatorMoved,
                        &scope,
                        format!("indicateur {} déplacé", entry.id),
                        Some(Value::new(
                            format!("section {}", o.section),
                            o.indicator.provenance.as_ref(),
                        )),
                        Some(Value::new(
                            format!("section {}", entry.section),
                            entry.indicator.provenance.as_ref(),
                        )),
                    );
                }
                Some(o)
            }
            Link::Moved(o) => {
                let o = &old[*o];
                self.push(
                    ChangeKind::IndicatorMoved,
                    &scope,
                    format!("indicateur {} déplacé", leaf(&entry.id)),
                    Some(Value::new(
                        format!("section {}, {}", o.section, o.id),
                        o.indicator.provenance.as_ref(),
                    )),
                    Some(Value::new(
                        format!("section {}, {}", entry.section, entry.id),
                        entry.indicator.provenance.as_ref(),
                    )),
                );
                Some(o)
            }
            Link::Replaced(first) if !matching.absorbs[n].is_empty() => {
                // A new indicator that continues several: one merge, no field-by-field comparison.
                let merged: Vec<&Entry<'_>> = std::iter::once(*first)
                    .chain(matching.absorbs[n].iter().copied())
                    .map(|o| &old[o])
                    .collect();
                let ids: Vec<&str> = merged.iter().map(|e| e.id.as_str()).collect();
                let mut after = indicator_value(entry.indicator);
                if let Some(reason) = &entry.indicator.continues_reason {
                    after.text = format!(
                        "{} (reprend {} : {})",
                        after.text,
                        ids.join(", "),
                        reason.resolved
                    );
                }
                let before = merged
                    .iter()
                    .map(|e| format!("{} : {}", e.id, indicator_in_words(e.indicator)))
                    .collect::<Vec<_>>()
                    .join(" ; ");
                let total = merged.iter().fold(Amount::default(), |acc, e| {
                    acc.checked_add(e.indicator.max_amount()).unwrap_or(acc)
                });
                let change = self.push(
                    ChangeKind::IndicatorMerged,
                    &scope,
                    format!("{} fusionnés en {}", ids.join(", "), entry.id),
                    Some(Value::amount(total, before, None)),
                    Some(after),
                );
                change.difference = Some(AmountDelta::between(total, entry.indicator.max_amount()));
                return;
            }
            Link::Replaced(o) => {
                let o = &old[*o];
                let mut after = indicator_value(entry.indicator);
                if let Some(reason) = &entry.indicator.continues_reason {
                    after.text = format!("{} (reprend {} : {})", after.text, o.id, reason.resolved);
                }
                self.push(
                    ChangeKind::IndicatorReplaced,
                    &scope,
                    format!("{} remplace {}", entry.id, o.id),
                    Some(indicator_value(o.indicator)),
                    Some(after),
                );
                Some(o)
            }
            Link::New => {
                // A parent added with this entry: its sub-indicators are listed with it.
                let parent_added = parent(&entry.id).is_some_and(|p| {
                    new_by_id
                        .get(p)
                        .is_some_and(|&i| matching.links[i] == Link::New)
                });
                if !parent_added {
                    self.push(
                        ChangeKind::IndicatorAdded,
                        &scope,
                        format!("indicateur {} ajouté", entry.id),
                        None,
                        Some(indicator_added_value(&entry.id, entry.indicator)),
                    );
                }
                None
            }
        };
        for &o in &matching.absorbs[n] {
            let o = &old[o];
            let mut after = indicator_value(entry.indicator);
            if let Some(reason) = &entry.indicator.continues_reason {
                after.text = format!("{} (reprend {} : {})", after.text, o.id, reason.resolved);
            }
            self.push(
                ChangeKind::IndicatorMerged,
                &scope,
                format!("{} fusionné dans {}", o.id, entry.id),
                Some(indicator_value(o.indicator)),
                Some(after),
            );
        }
        if let Some(o) = paired {
            let (oi, ni) = (o.indicator, entry.indicator);
            if oi.subs.is_empty() && !ni.subs.is_empty() {
                self.push(
                    ChangeKind::IndicatorSplit,
                    &scope,
                    format!("{} scindé en {} sous-indicateurs", entry.id, ni.subs.len()),
                    Some(indicator_value(oi)),
                    Some(Value::new(subs_in_words(ni), ni.provenance.as_ref())),
                );
            }
            if !oi.subs.is_empty() && ni.subs.is_empty() {
                self.push(
                    ChangeKind::IndicatorMerged,
                    &scope,
                    format!("sous-indicateurs de {} fusionnés", o.id),
                    Some(Value::new(subs_in_words(oi), oi.provenance.as_ref())),
                    Some(indicator_value(ni)),
                );
            }
            self.indicator_fields(&scope, oi, ni);
        }
    }

    fn indicator_fields(&mut self, scope: &Scope, old: &Indicator, new: &Indicator) {
        self.text(
            ChangeKind::Wording,
            scope,
            "intitulé",
            Some(&old.title),
            old.provenance.as_ref(),
            Some(&new.title),
            new.provenance.as_ref(),
        );
        self.value(
            ChangeKind::Number,
            scope,
            "numéro dans le tableau",
            old.number.map(|n| n.to_string()),
            old.provenance.as_ref(),
            new.number.map(|n| n.to_string()),
            new.provenance.as_ref(),
        );
        if old.kind != new.kind {
            self.push(
                ChangeKind::IndicatorType,
                scope,
                "type d'indicateur",
                Some(Value::new(old.kind.label(), old.provenance.as_ref())),
                Some(Value::new(new.kind.label(), new.provenance.as_ref())),
            );
        }
        let (amount_old, amount_new) = (indicator_amount(old), indicator_amount(new));
        // A scale is compared whole (per unit, cap, brackets), not by its maximum alone.
        let scale_of = |indicator: &Indicator| match indicator.amount.as_ref().map(|a| &a.value) {
            Some(AmountSpec::Scaled { scale, .. }) => Some(scale.clone()),
            _ => None,
        };
        let key = |a: &Option<(Amount, String, Option<&Provenance>)>| {
            a.as_ref()
                .map(|(amount, words, _)| (*amount, words.starts_with("inconnu")))
        };
        let scales_differ = scale_of(old) != scale_of(new);
        if key(&amount_old) != key(&amount_new) || scales_differ {
            let change = self.push(
                ChangeKind::Amount,
                scope,
                "montant",
                amount_old
                    .as_ref()
                    .map(|(a, w, p)| Value::amount(*a, w.clone(), *p)),
                amount_new
                    .as_ref()
                    .map(|(a, w, p)| Value::amount(*a, w.clone(), *p)),
            );
            change.difference = Some(AmountDelta::between(
                amount_old.as_ref().map(|a| a.0).unwrap_or_default(),
                amount_new.as_ref().map(|a| a.0).unwrap_or_default(),
            ));
        }
        self.neutralisation(scope, old, new);
        self.optional(scope, old, new);
        self.form(scope, old, new);
        self.choices(scope, old, new);
        self.rates(scope, old, new);
        self.counts(scope, old, new);
        self.parts(scope, old, new);
        self.deadline(scope, old, new);
        self.findings(scope, old, new);
        self.prefill(scope, old, new);
        self.evidence(scope, old, new);
        self.exemptions(scope, old, new);
        self.prose_list(scope, &old.prose, &new.prose);
    }

    /// The parts of an indicator's amount (`part …` of its measures): added, removed, changed.
    fn parts(&mut self, scope: &Scope, old: &Indicator, new: &Indicator) {
        let measure = |indicator: &Indicator, id: &str| {
            if indicator.rates.iter().any(|r| r.id == id) {
                format!("taux {id}")
            } else {
                format!("nombre {id}")
            }
        };
        let old_parts: HashMap<&str, &ir::Fact<Amount>> = old.parts().collect();
        let new_parts: HashMap<&str, &ir::Fact<Amount>> = new.parts().collect();
        for (id, part) in new.parts() {
            let after = Value::amount(part.value, amount_in_words(part.value), prov(part));
            match old_parts.get(id) {
                None => {
                    self.push(
                        ChangeKind::Amount,
                        scope,
                        format!("part du {} ajoutée", measure(new, id)),
                        None,
                        Some(after),
                    );
                }
                Some(o) if o.value != part.value => {
                    let change = self.push(
                        ChangeKind::Amount,
                        scope,
                        format!("part du {}", measure(new, id)),
                        Some(Value::amount(o.value, amount_in_words(o.value), prov(o))),
                        Some(after),
                    );
                    change.difference = Some(AmountDelta::between(o.value, part.value));
                }
                Some(_) => {}
            }
        }
        for (id, part) in old.parts() {
            if !new_parts.contains_key(id) {
                self.push(
                    ChangeKind::Amount,
                    scope,
                    format!("part du {} supprimée", measure(old, id)),
                    Some(Value::amount(
                        part.value,
                        amount_in_words(part.value),
                        prov(part),
                    )),
                    None,
                );
            }
        }
    }

    /// An extended deadline (`délai`) for the indicator's software.
    fn deadline(&mut self, scope: &Scope, old: &Indicator, new: &Indicator) {
        let words = |d: &Option<ir::Fact<ir::CivilDate>>| {
            d.as_ref().map(|f| {
                format!(
                    "équipement, déclaration et justificatif jusqu'au {}",
                    f.value.in_words()
                )
            })
        };
        let (before, after) = (words(&old.deadline), words(&new.deadline));
        if before != after {
            self.push(
                ChangeKind::Deadline,
                scope,
                match (&before, &after) {
                    (None, _) => "délai prolongé ajouté",
                    (_, None) => "délai prolongé supprimé",
                    _ => "délai prolongé",
                },
                before.map(|b| Value::new(b, old.deadline.as_ref().and_then(prov))),
                after.map(|a| Value::new(a, new.deadline.as_ref().and_then(prov))),
            );
        }
    }

    /// An indicator made optional (`facultatif`), required again, or optional for one year
    /// instead of always (or the reverse). Optional for its own year in both editions
    /// (`facultatif en N`) is no change.
    fn optional(&mut self, scope: &Scope, old: &Indicator, new: &Indicator) {
        let words = |o: &Option<ir::Fact<ir::Optional>>| match o {
            Some(o) => format!(
                "{} : pas exigé pour atteindre la section, payé en plus quand il est atteint",
                o.value.in_words()
            ),
            None => "obligatoire : exigé pour atteindre la section".to_string(),
        };
        let subject = match (&old.optional, &new.optional) {
            (None, None) => return,
            (Some(o), Some(n)) if o.value.for_one_year() == n.value.for_one_year() => return,
            (None, Some(_)) => "indicateur devenu facultatif",
            (Some(_), None) => "indicateur redevenu obligatoire",
            (Some(_), Some(n)) if n.value.for_one_year() => {
                "indicateur facultatif pour cette année seulement"
            }
            (Some(_), Some(_)) => "indicateur facultatif désormais sans limite d'année",
        };
        self.push(
            ChangeKind::Optional,
            scope,
            subject,
            Some(Value::new(
                words(&old.optional),
                old.optional
                    .as_ref()
                    .and_then(prov)
                    .or(old.provenance.as_ref()),
            )),
            Some(Value::new(
                words(&new.optional),
                new.optional
                    .as_ref()
                    .and_then(prov)
                    .or(new.provenance.as_ref()),
            )),
        );
    }

    fn neutralisation(&mut self, scope: &Scope, old: &Indicator, new: &Indicator) {
        match (&old.neutralised, &new.neutralised) {
            (None, None) => {}
            (Some(o), Some(n)) => self.text(
                ChangeKind::Neutralisation,
                scope,
                "motif de la neutralisation",
                Some(&o.value),
                prov(o),
                Some(&n.value),
                prov(n),
            ),
            (o, n) => {
                let words = |f: &Option<ir::Fact<Text>>| match f {
                    Some(f) => format!("neutralisé : {}", f.value.resolved),
                    None => "non neutralisé : l'indicateur doit être atteint".to_string(),
                };
                self.push(
                    ChangeKind::Neutralisation,
                    scope,
                    if n.is_some() {
                        "indicateur neutralisé"
                    } else {
                        "indicateur plus neutralisé"
                    },
                    Some(Value::new(
                        words(o),
                        o.as_ref().and_then(prov).or(old.provenance.as_ref()),
                    )),
                    Some(Value::new(
                        words(n),
                        n.as_ref().and_then(prov).or(new.provenance.as_ref()),
                    )),
                );
            }
        }
    }

    fn form(&mut self, scope: &Scope, old: &Indicator, new: &Indicator) {
        match (&old.question, &new.question) {
            (Some(o), Some(n)) => self.text(
                ChangeKind::Wording,
                scope,
                "question du formulaire",
                Some(&o.value),
                prov(o),
                Some(&n.value),
                prov(n),
            ),
            (o, n) => self.text(
                ChangeKind::Form,
                scope,
                if o.is_some() {
                    "question du formulaire supprimée"
                } else {
                    "question du formulaire ajoutée"
                },
                o.as_ref().map(|f| &f.value),
                o.as_ref().and_then(prov),
                n.as_ref().map(|f| &f.value),
                n.as_ref().and_then(prov),
            ),
        }
        match (&old.free_text, &new.free_text) {
            (Some(o), Some(n)) => {
                self.text(
                    ChangeKind::Wording,
                    scope,
                    "texte libre",
                    Some(&o.value.label),
                    prov(o),
                    Some(&n.value.label),
                    prov(n),
                );
                self.value(
                    ChangeKind::Form,
                    scope,
                    "texte libre obligatoire si oui",
                    Some(yes_no(o.value.mandatory_if_yes).to_string()),
                    prov(o),
                    Some(yes_no(n.value.mandatory_if_yes).to_string()),
                    prov(n),
                );
            }
            (o, n) => self.text(
                ChangeKind::Form,
                scope,
                if o.is_some() {
                    "texte libre supprimé"
                } else {
                    "texte libre ajouté"
                },
                o.as_ref().map(|f| &f.value.label),
                o.as_ref().and_then(prov),
                n.as_ref().map(|f| &f.value.label),
                n.as_ref().and_then(prov),
            ),
        }
        self.labelled_list(
            ChangeKind::Form,
            scope,
            &old.software,
            &new.software,
            |s| (s.id.as_str(), &s.label),
            |id, side| match side {
                Side::Kept => format!("logiciel {id}"),
                Side::Added => format!("logiciel {id} à déclarer ajouté"),
                Side::Removed => format!("logiciel {id} à déclarer supprimé"),
            },
        );
    }

    fn choices(&mut self, scope: &Scope, old: &Indicator, new: &Indicator) {
        for (i, choice) in new.choices.iter().enumerate() {
            match old.choices.get(i) {
                Some(o) => {
                    self.text(
                        ChangeKind::Wording,
                        scope,
                        "liste de choix",
                        Some(&o.label),
                        o.provenance.as_ref(),
                        Some(&choice.label),
                        choice.provenance.as_ref(),
                    );
                    let arity = |m: bool| if m { "choix multiple" } else { "choix unique" };
                    self.value(
                        ChangeKind::Form,
                        scope,
                        format!("liste « {} »", choice.label.resolved),
                        Some(arity(o.multiple).to_string()),
                        o.provenance.as_ref(),
                        Some(arity(choice.multiple).to_string()),
                        choice.provenance.as_ref(),
                    );
                }
                None => self.text(
                    ChangeKind::Form,
                    scope,
                    "liste de choix ajoutée",
                    None,
                    None,
                    Some(&choice.label),
                    choice.provenance.as_ref(),
                ),
            }
        }
        for choice in old.choices.iter().skip(new.choices.len()) {
            self.text(
                ChangeKind::Form,
                scope,
                "liste de choix supprimée",
                Some(&choice.label),
                choice.provenance.as_ref(),
                None,
                None,
            );
        }
        let old_options: HashMap<&str, &ir::ChoiceOption> =
            old.options().map(|o| (o.id.as_str(), o)).collect();
        let new_ids: HashSet<&str> = new.options().map(|o| o.id.as_str()).collect();
        for option in new.options() {
            match old_options.get(option.id.as_str()) {
                None => {
                    self.push(
                        ChangeKind::Option,
                        scope,
                        format!("option {} ajoutée", option.id),
                        None,
                        Some(Value::new(verdict(option), option.provenance.as_ref())),
                    );
                }
                Some(o) => {
                    let rule =
                        |x: &ir::ChoiceOption| (x.accepted, x.minimum_per_year, x.not_prefilled);
                    let rule_changed = rule(o) != rule(option);
                    if rule_changed {
                        let subject = match (o.accepted, option.accepted) {
                            (true, false) => format!("option {} : plus acceptée", option.id),
                            (false, true) => format!("option {} : désormais acceptée", option.id),
                            _ => format!("option {}", option.id),
                        };
                        self.push(
                            ChangeKind::Option,
                            scope,
                            subject,
                            Some(Value::new(verdict(o), o.provenance.as_ref())),
                            Some(Value::new(verdict(option), option.provenance.as_ref())),
                        );
                    }
                    if rule_changed {
                        continue;
                    }
                    self.text(
                        ChangeKind::Wording,
                        scope,
                        format!("libellé de l'option {}", option.id),
                        Some(&o.label),
                        o.provenance.as_ref(),
                        Some(&option.label),
                        option.provenance.as_ref(),
                    );
                }
            }
        }
        for option in old.options() {
            if !new_ids.contains(option.id.as_str()) {
                self.push(
                    ChangeKind::Option,
                    scope,
                    format!("option {} supprimée", option.id),
                    Some(Value::new(verdict(option), option.provenance.as_ref())),
                    None,
                );
            }
        }
    }

    fn rates(&mut self, scope: &Scope, old: &Indicator, new: &Indicator) {
        let old_rates: HashMap<&str, &ir::Rate> =
            old.rates.iter().map(|r| (r.id.as_str(), r)).collect();
        let new_ids: HashSet<&str> = new.rates.iter().map(|r| r.id.as_str()).collect();
        let rate_words = |r: &ir::Rate| {
            let mut out = r.label.resolved.clone();
            if let Some(t) = &r.threshold {
                out.push_str(&format!(", seuil {}", wording::threshold_in_sentence(t)));
            }
            out
        };
        for rate in &new.rates {
            let Some(o) = old_rates.get(rate.id.as_str()) else {
                self.push(
                    ChangeKind::Measure,
                    scope,
                    format!("taux {} ajouté", rate.id),
                    None,
                    Some(Value::new(rate_words(rate), rate.provenance.as_ref())),
                );
                continue;
            };
            let subject = |what: &str| format!("{what} du taux {}", rate.id);
            self.text(
                ChangeKind::Wording,
                scope,
                subject("libellé"),
                Some(&o.label),
                o.provenance.as_ref(),
                Some(&rate.label),
                rate.provenance.as_ref(),
            );
            if o.numerator != rate.numerator {
                self.push(
                    ChangeKind::Measure,
                    scope,
                    subject("numérateur"),
                    Some(Value::new(
                        numerator_in_words(&o.numerator),
                        o.numerator_provenance.as_ref().or(o.provenance.as_ref()),
                    )),
                    Some(Value::new(
                        numerator_in_words(&rate.numerator),
                        rate.numerator_provenance
                            .as_ref()
                            .or(rate.provenance.as_ref()),
                    )),
                );
            }
            if o.denominator != rate.denominator {
                self.push(
                    ChangeKind::Measure,
                    scope,
                    subject("dénominateur"),
                    Some(Value::new(
                        selection_in_words(&o.denominator),
                        o.provenance.as_ref(),
                    )),
                    Some(Value::new(
                        selection_in_words(&rate.denominator),
                        rate.provenance.as_ref(),
                    )),
                );
            }
            self.exclusions(scope, &rate.id, &o.exclusions, &rate.exclusions);
            let period = |p: &Option<ir::Fact<ir::Period>>| {
                p.as_ref().map(|f| period_in_words(f.value).to_string())
            };
            self.value(
                ChangeKind::Period,
                scope,
                subject("période de mesure"),
                period(&o.period),
                o.period.as_ref().and_then(prov),
                period(&rate.period),
                rate.period.as_ref().and_then(prov),
            );
            let threshold = |t: &Option<ir::RateThreshold>| t.as_ref().map(|t| (t.op, t.value));
            if threshold(&o.threshold) != threshold(&rate.threshold) {
                self.push(
                    ChangeKind::Threshold,
                    scope,
                    subject("seuil"),
                    Some(Value::new(
                        o.threshold
                            .as_ref()
                            .map_or("aucun".to_string(), wording::threshold_in_sentence),
                        o.threshold.as_ref().and_then(|t| t.provenance.as_ref()),
                    )),
                    Some(Value::new(
                        rate.threshold
                            .as_ref()
                            .map_or("aucun".to_string(), wording::threshold_in_sentence),
                        rate.threshold.as_ref().and_then(|t| t.provenance.as_ref()),
                    )),
                );
            }
        }
        for rate in &old.rates {
            if !new_ids.contains(rate.id.as_str()) {
                self.push(
                    ChangeKind::Measure,
                    scope,
                    format!("taux {} supprimé", rate.id),
                    Some(Value::new(rate_words(rate), rate.provenance.as_ref())),
                    None,
                );
            }
        }
    }

    fn exclusions(
        &mut self,
        scope: &Scope,
        rate: &str,
        old: &[ir::Exclusion],
        new: &[ir::Exclusion],
    ) {
        let words = |x: &ir::Exclusion| {
            format!(
                "{} (actes où {})",
                x.label.resolved,
                condition_in_words(&x.condition)
            )
        };
        let mut old_by_condition: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, x) in old.iter().enumerate().rev() {
            old_by_condition
                .entry(condition_in_words(&x.condition))
                .or_default()
                .push(i);
        }
        let mut used = vec![false; old.len()];
        let mut pair: Vec<Option<usize>> = vec![None; new.len()];
        for (n, x) in new.iter().enumerate() {
            if let Some(candidates) = old_by_condition.get_mut(&condition_in_words(&x.condition)) {
                if let Some(o) = candidates.pop() {
                    used[o] = true;
                    pair[n] = Some(o);
                }
            }
        }
        let mut old_by_label: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, x) in old.iter().enumerate().rev() {
            if !used[i] {
                old_by_label
                    .entry(x.label.template.as_str())
                    .or_default()
                    .push(i);
            }
        }
        let mut condition_changed = vec![false; new.len()];
        for (n, x) in new.iter().enumerate() {
            if pair[n].is_some() {
                continue;
            }
            if let Some(candidates) = old_by_label.get_mut(x.label.template.as_str()) {
                if let Some(o) = candidates.pop() {
                    used[o] = true;
                    pair[n] = Some(o);
                    condition_changed[n] = true;
                }
            }
        }
        for (n, x) in new.iter().enumerate() {
            match pair[n].and_then(|o| old.get(o)) {
                Some(o) if condition_changed[n] => {
                    self.push(
                        ChangeKind::Exclusion,
                        scope,
                        format!("exclusion du taux {rate} : actes concernés"),
                        Some(Value::new(words(o), o.provenance.as_ref())),
                        Some(Value::new(words(x), x.provenance.as_ref())),
                    );
                }
                Some(o) => self.text(
                    ChangeKind::Wording,
                    scope,
                    format!("libellé d'une exclusion du taux {rate}"),
                    Some(&o.label),
                    o.provenance.as_ref(),
                    Some(&x.label),
                    x.provenance.as_ref(),
                ),
                None => {
                    self.push(
                        ChangeKind::Exclusion,
                        scope,
                        format!("exclusion ajoutée au taux {rate}"),
                        None,
                        Some(Value::new(words(x), x.provenance.as_ref())),
                    );
                }
            }
        }
        for (o, x) in old.iter().enumerate() {
            if !used[o] {
                self.push(
                    ChangeKind::Exclusion,
                    scope,
                    format!("exclusion retirée du taux {rate}"),
                    Some(Value::new(words(x), x.provenance.as_ref())),
                    None,
                );
            }
        }
    }

    fn counts(&mut self, scope: &Scope, old: &Indicator, new: &Indicator) {
        let old_counts: HashMap<&str, &ir::Count> =
            old.counts.iter().map(|c| (c.id.as_str(), c)).collect();
        let new_ids: HashSet<&str> = new.counts.iter().map(|c| c.id.as_str()).collect();
        let threshold_words = |t: &Option<ir::CountThreshold>| match t {
            Some(t) => format!("{} {}", t.op.words(), t.value),
            None => "aucun".to_string(),
        };
        let count_words = |c: &ir::Count| {
            format!(
                "{}, seuil {}",
                c.label.resolved,
                threshold_words(&c.threshold)
            )
        };
        for count in &new.counts {
            let Some(o) = old_counts.get(count.id.as_str()) else {
                self.push(
                    ChangeKind::Measure,
                    scope,
                    format!("nombre {} ajouté", count.id),
                    None,
                    Some(Value::new(count_words(count), count.provenance.as_ref())),
                );
                continue;
            };
            self.text(
                ChangeKind::Wording,
                scope,
                format!("libellé du nombre {}", count.id),
                Some(&o.label),
                o.provenance.as_ref(),
                Some(&count.label),
                count.provenance.as_ref(),
            );
            let key = |t: &Option<ir::CountThreshold>| t.as_ref().map(|t| (t.op, t.value));
            if key(&o.threshold) != key(&count.threshold) {
                self.push(
                    ChangeKind::Threshold,
                    scope,
                    format!("seuil du nombre {}", count.id),
                    Some(Value::new(
                        threshold_words(&o.threshold),
                        o.threshold.as_ref().and_then(|t| t.provenance.as_ref()),
                    )),
                    Some(Value::new(
                        threshold_words(&count.threshold),
                        count.threshold.as_ref().and_then(|t| t.provenance.as_ref()),
                    )),
                );
            }
        }
        for count in &old.counts {
            if !new_ids.contains(count.id.as_str()) {
                self.push(
                    ChangeKind::Measure,
                    scope,
                    format!("nombre {} supprimé", count.id),
                    Some(Value::new(count_words(count), count.provenance.as_ref())),
                    None,
                );
            }
        }
    }

    fn findings(&mut self, scope: &Scope, old: &Indicator, new: &Indicator) {
        self.labelled_list(
            ChangeKind::Measure,
            scope,
            &old.findings,
            &new.findings,
            |f| (f.id.as_str(), &f.label),
            |id, side| match side {
                Side::Kept => format!("libellé du constat {id}"),
                Side::Added => format!("constat {id} ajouté"),
                Side::Removed => format!("constat {id} supprimé"),
            },
        );
    }

    /// A list of labelled items matched by id: the wording of those kept, and those added or
    /// removed (reported as `kind`), each named by `subject`.
    #[allow(clippy::too_many_arguments)]
    fn labelled_list<T>(
        &mut self,
        kind: ChangeKind,
        scope: &Scope,
        old: &[ir::Fact<T>],
        new: &[ir::Fact<T>],
        key: fn(&T) -> (&str, &Text),
        subject: fn(&str, Side) -> String,
    ) {
        let old_items: HashMap<&str, &ir::Fact<T>> =
            old.iter().map(|f| (key(&f.value).0, f)).collect();
        let new_ids: HashSet<&str> = new.iter().map(|f| key(&f.value).0).collect();
        for item in new {
            let (id, label) = key(&item.value);
            match old_items.get(id) {
                Some(o) => self.text(
                    ChangeKind::Wording,
                    scope,
                    subject(id, Side::Kept),
                    Some(key(&o.value).1),
                    prov(o),
                    Some(label),
                    prov(item),
                ),
                None => self.text(
                    kind,
                    scope,
                    subject(id, Side::Added),
                    None,
                    None,
                    Some(label),
                    prov(item),
                ),
            }
        }
        for item in old {
            let (id, label) = key(&item.value);
            if !new_ids.contains(id) {
                self.text(
                    kind,
                    scope,
                    subject(id, Side::Removed),
                    Some(label),
                    prov(item),
                    None,
                    None,
                );
            }
        }
    }

    fn prefill(&mut self, scope: &Scope, old: &Indicator, new: &Indicator) {
        let (o, n) = (&old.prefill, &new.prefill);
        self.text(
            ChangeKind::Prefill,
            scope,
            match (o, n) {
                (None, Some(_)) => "pré-alimentation ajoutée",
                (Some(_), None) => "pré-alimentation supprimée",
                _ => "source de la pré-alimentation",
            },
            o.as_ref().map(|f| &f.value.source),
            o.as_ref().and_then(prov),
            n.as_ref().map(|f| &f.value.source),
            n.as_ref().and_then(prov),
        );
        if let (Some(o), Some(n)) = (o, n) {
            self.text(
                ChangeKind::Prefill,
                scope,
                "sans pré-alimentation, le praticien doit",
                o.value.otherwise.as_ref(),
                prov(o),
                n.value.otherwise.as_ref(),
                prov(n),
            );
        }
    }

    fn evidence(&mut self, scope: &Scope, old: &Indicator, new: &Indicator) {
        for (i, n) in new.evidence.iter().enumerate() {
            let Some(o) = old.evidence.get(i) else {
                self.push(
                    ChangeKind::Evidence,
                    scope,
                    "justificatif ajouté",
                    None,
                    Some(Value::new(evidence_in_words(n), n.provenance.as_ref())),
                );
                continue;
            };
            let (op, np) = (o.provenance.as_ref(), n.provenance.as_ref());
            match (&o.kind, &n.kind) {
                (ir::EvidenceKind::Document(a), ir::EvidenceKind::Document(b)) => self.text(
                    ChangeKind::Evidence,
                    scope,
                    "pièce justificative",
                    Some(a),
                    op,
                    Some(b),
                    np,
                ),
                _ => self.value(
                    ChangeKind::Evidence,
                    scope,
                    "justificatif",
                    Some(evidence_kind_in_words(o)),
                    op,
                    Some(evidence_kind_in_words(n)),
                    np,
                ),
            }
            let mut cases_old = o.required_when.clone();
            let mut cases_new = n.required_when.clone();
            cases_old.sort();
            cases_new.sort();
            if cases_old != cases_new {
                self.push(
                    ChangeKind::Evidence,
                    scope,
                    "justificatif requis",
                    Some(Value::new(cases_in_words(&o.required_when), op)),
                    Some(Value::new(cases_in_words(&n.required_when), np)),
                );
            }
            let templates = |t: &[Text]| t.iter().map(|t| t.template.clone()).collect::<Vec<_>>();
            if templates(&o.shows) != templates(&n.shows) {
                let old_text = words::plain(texts_in_words(&o.shows));
                let new_text = words::plain(texts_in_words(&n.shows));
                let change = self.push(
                    ChangeKind::Evidence,
                    scope,
                    "mentions exigées sur le justificatif",
                    Some(Value::new(old_text.resolved.clone(), op)),
                    Some(Value::new(new_text.resolved.clone(), np)),
                );
                change.words = Some(words::word_diff(&old_text, &new_text));
                change.rewording_only = words::rewording_only(&old_text, &new_text);
            }
            self.text(
                ChangeKind::Evidence,
                scope,
                "validité du justificatif",
                o.validity.as_ref(),
                op,
                n.validity.as_ref(),
                np,
            );
            self.value(
                ChangeKind::Evidence,
                scope,
                "validé à réception du justificatif",
                Some(stated_or_unspecified(o.validated_on_receipt).to_string()),
                op,
                Some(stated_or_unspecified(n.validated_on_receipt).to_string()),
                np,
            );
            self.value(
                ChangeKind::Evidence,
                scope,
                "justificatifs conservés pour contrôle",
                Some(stated_or_unspecified(o.kept_for_control).to_string()),
                op,
                Some(stated_or_unspecified(n.kept_for_control).to_string()),
                np,
            );
        }
        for o in old.evidence.iter().skip(new.evidence.len()) {
            self.push(
                ChangeKind::Evidence,
                scope,
                "justificatif supprimé",
                Some(Value::new(evidence_in_words(o), o.provenance.as_ref())),
                None,
            );
        }
    }

    fn exemptions<'i>(&mut self, scope: &Scope, old: &'i Indicator, new: &'i Indicator) {
        let target = |e: &ir::Exemption| match &e.target {
            ir::ExemptionTarget::Software(role) => format!("logiciel {role}"),
            ir::ExemptionTarget::Whole => "indicateur entier".to_string(),
        };
        // An indicator may state several exemptions of one target: the k-th of a target in the
        // new edition is matched with the k-th of that target in the old one.
        let by_target = |exemptions: &'i [ir::Fact<ir::Exemption>]| {
            let mut by: HashMap<String, Vec<&'i ir::Fact<ir::Exemption>>> = HashMap::new();
            for e in exemptions {
                by.entry(target(&e.value)).or_default().push(e);
            }
            by
        };
        let old_by_target = by_target(&old.exemptions);
        let new_by_target = by_target(&new.exemptions);
        let mut seen: HashMap<String, usize> = HashMap::new();
        for e in &new.exemptions {
            let t = target(&e.value);
            let nth = seen.entry(t.clone()).or_default();
            let o = old_by_target.get(&t).and_then(|list| list.get(*nth));
            *nth += 1;
            self.text(
                ChangeKind::Exemption,
                scope,
                match o {
                    Some(_) => format!("exonération ({t})"),
                    None => format!("exonération ajoutée ({t})"),
                },
                o.map(|o| &o.value.text),
                o.and_then(|o| prov(o)),
                Some(&e.value.text),
                prov(e),
            );
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        for e in &old.exemptions {
            let t = target(&e.value);
            let nth = seen.entry(t.clone()).or_default();
            let kept = new_by_target.get(&t).is_some_and(|list| *nth < list.len());
            *nth += 1;
            if !kept {
                self.text(
                    ChangeKind::Exemption,
                    scope,
                    format!("exonération supprimée ({t})"),
                    Some(&e.value.text),
                    prov(e),
                    None,
                    None,
                );
            }
        }
    }
}

/// A section's own amount (paid as a whole), in words, with its provenance.
fn section_own_amount(s: &ir::Section) -> Option<(Amount, String, Option<&Provenance>)> {
    s.amount.as_ref().map(|f| {
        let (amount, words) = match &f.value {
            AmountSpec::Known(a) => (*a, amount_in_words(*a)),
            AmountSpec::Unknown(reason) => {
                (Amount::default(), format!("inconnu ({})", reason.resolved))
            }
            AmountSpec::UpTo { max, scale } => (
                *max,
                format!("jusqu'à {} selon {}", amount_in_words(*max), scale.resolved),
            ),
            AmountSpec::Scaled {
                label, scale, max, ..
            } => (
                *max,
                format!(
                    "jusqu'à {} : {}",
                    amount_in_words(*max),
                    crate::wording::scale_in_words(scale, label)
                ),
            ),
        };
        (amount, words, prov(f))
    })
}

fn same_prose_kind(a: &ir::ProseKind, b: &ir::ProseKind) -> bool {
    match (a, b) {
        (ir::ProseKind::Case(x), ir::ProseKind::Case(y)) => x.template == y.template,
        _ => prose_rank(a) == prose_rank(b),
    }
}

fn prose_rank(kind: &ir::ProseKind) -> u8 {
    match kind {
        ir::ProseKind::Description => 0,
        ir::ProseKind::Note => 1,
        ir::ProseKind::Case(_) => 2,
        ir::ProseKind::Drafting => 3,
    }
}

fn evidence_in_words(e: &ir::Evidence) -> String {
    let mut out = evidence_kind_in_words(e);
    if !e.required_when.is_empty() {
        out.push_str(&format!(", requis : {}", cases_in_words(&e.required_when)));
    }
    out
}

fn sub_ids<'i>(id: &str, indicator: &'i Indicator) -> Vec<(String, &'i Indicator)> {
    let mut out = Vec::new();
    fn walk<'i>(prefix: &str, i: &'i Indicator, out: &mut Vec<(String, &'i Indicator)>) {
        for sub in &i.subs {
            let id = format!("{prefix}.{}", sub.id);
            out.push((id.clone(), sub));
            walk(&id, sub, out);
        }
    }
    walk(id, indicator, &mut out);
    out
}

fn subs_in_words(indicator: &Indicator) -> String {
    indicator
        .subs
        .iter()
        .map(|s| {
            let amount = indicator_amount(s).map_or(String::new(), |(_, w, _)| format!(", {w}"));
            format!("{} « {} »{amount}", s.id, s.title.resolved)
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

fn indicator_value(indicator: &Indicator) -> Value {
    let mut value = Value::new(indicator_in_words(indicator), indicator.provenance.as_ref());
    value.amount = Some(indicator.max_amount().into());
    value
}

fn indicator_added_value(id: &str, indicator: &Indicator) -> Value {
    let mut value = indicator_value(indicator);
    if !indicator.subs.is_empty() {
        value.text = format!(
            "{} ; sous-indicateurs de {id} : {}",
            value.text,
            subs_in_words(indicator)
        );
    }
    value
}
