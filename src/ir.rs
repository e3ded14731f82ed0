//! The checked intermediate representation of an edition: resolved, typed, exact.
//!
//! Every backend (interpreter, Rust emitter, guide and form renderers, diff)
//! reads this and nothing else. Years and dates are resolved against N, money
//! is in integer cents, rates are exact rationals, and every fact keeps its
//! provenance. Spans are kept for later diagnostics but never count in
//! equality.

use crate::span::Span;
use guidec_runtime::Date;
use num_rational::Ratio;
use std::fmt;

/// An exact rational, for rates and thresholds.
pub type Rational = Ratio<i64>;

/// Where a fact comes from: a seed and a place in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    /// The source id, `004`.
    pub source: String,
    /// The seed's file name.
    pub file: String,
    /// Section, page, table or note, as cited.
    pub locator: Option<String>,
    /// Carried from another edition's seed (an `emprunt`), not stated by this edition's guide.
    pub borrowed: bool,
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.borrowed {
            write!(f, "repris de ")?;
        }
        write!(f, "{}", self.source)?;
        if let Some(locator) = &self.locator {
            write!(f, " {locator}")?;
        }
        Ok(())
    }
}

/// A value with its provenance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact<T> {
    /// The value.
    pub value: T,
    /// Where it comes from, when cited.
    pub provenance: Option<Provenance>,
}

/// A text: the template as written (placeholders kept) and the text resolved for this edition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// As written, `{N}` and the like kept: what the year-to-year diff compares.
    pub template: String,
    /// With every placeholder replaced: what outputs show.
    pub resolved: String,
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.resolved)
    }
}

/// A calendar date, resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    /// Year.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day, 1 to 31.
    pub day: u32,
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:02}/{}", self.day, self.month, self.year)
    }
}

impl CivilDate {
    /// The date in French words: `8 février 2026`, `1er décembre 2021`.
    pub fn in_words(&self) -> String {
        let day = if self.day == 1 {
            "1er".to_string()
        } else {
            self.day.to_string()
        };
        format!("{day} {} {}", month_name(self.month), self.year)
    }

    /// The runtime's packed date (`None` for a date not in the calendar or out of its range):
    /// every calculation on dates is done there, once for every engine.
    pub fn packed(self) -> Option<Date> {
        Date::from_ymd(self.year, self.month, self.day)
    }

    /// The unpacked view of a runtime date.
    pub fn of(date: Date) -> CivilDate {
        CivilDate {
            year: date.year(),
            month: date.month(),
            day: date.day(),
        }
    }

    /// Days since the runtime calendar's origin, for differences of dates (0 for a date not in
    /// the calendar, which validated inputs never hold).
    pub fn day_number(self) -> i64 {
        self.packed().map_or(0, Date::day_number)
    }

    /// The date of a [`CivilDate::day_number`], or `None` out of range.
    pub fn from_day_number(number: i64) -> Option<CivilDate> {
        Date::from_day_number(number).map(CivilDate::of)
    }

    /// Completed days, calendar months or years from `self` (a birth) to `date`.
    pub fn age_at(self, date: CivilDate, unit: AgeUnit) -> i64 {
        let (Some(birth), Some(date)) = (self.packed(), date.packed()) else {
            return 0;
        };
        match unit {
            AgeUnit::Days => guidec_runtime::age_in_days(birth, date),
            AgeUnit::Months => guidec_runtime::age_in_months(birth, date),
            AgeUnit::Years => guidec_runtime::age_in_years(birth, date),
        }
    }

    /// Whether the date exists in the calendar.
    pub fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
    }
}

/// The French name of month `month` (1 to 12), and the days in a month: the runtime's calendar.
pub use guidec_runtime::{days_in_month, month_name};

/// A date as a guide gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateValue {
    /// A day.
    Exact {
        /// The date.
        date: CivilDate,
        /// Its year as written relative to N (`Some(1)` for `N+1`), `None` for a literal year.
        relative_year: Option<i32>,
    },
    /// The first days of a month ("début décembre").
    EarlyMonth {
        /// The first of the month.
        date: CivilDate,
        /// Its year relative to N, `None` for a literal year.
        relative_year: Option<i32>,
    },
    /// Not stated.
    Unknown,
}

impl DateValue {
    /// The date, when stated (the 1st of the month for an approximate one).
    pub fn date(&self) -> Option<CivilDate> {
        match self {
            DateValue::Exact { date, .. } | DateValue::EarlyMonth { date, .. } => Some(*date),
            DateValue::Unknown => None,
        }
    }

    /// The date in words, `inconnue` when not stated.
    pub fn in_words(&self) -> String {
        match self {
            DateValue::Exact { date, .. } => date.in_words(),
            DateValue::EarlyMonth { date, .. } => {
                format!("début {} {}", month_name(date.month), date.year)
            }
            DateValue::Unknown => "date non communiquée".to_string(),
        }
    }
}

/// When the declaration window closes on its last day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClosingTime {
    /// The whole day (`inclus`).
    Included,
    /// Until midnight (`minuit`).
    Midnight,
}

/// The declaration window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    /// Opening.
    pub opening: Fact<DateValue>,
    /// Whether the opening is planned, not final.
    pub opening_provisional: bool,
    /// The deadline.
    pub closing: Fact<DateValue>,
    /// `inclus` or `minuit`.
    pub closing_time: Option<ClosingTime>,
    /// Whether the deadline is planned, not final.
    pub closing_provisional: bool,
}

/// How amounts are stated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Points, paid at `point_value_cents` each.
    Points {
        /// Value of one point, in cents.
        point_value_cents: i64,
    },
    /// Euros.
    Euros,
}

/// An amount: cents always, points when the edition counts in points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Amount {
    /// Points, in a points edition: exact, a part may be fractional (`22,5 points`).
    pub points: Option<Rational>,
    /// Euro cents.
    pub cents: i64,
}

impl Amount {
    /// The sum of two amounts.
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        let points = match (self.points, other.points) {
            (Some(a), Some(b)) => Some(num_traits::CheckedAdd::checked_add(&a, &b)?),
            (None, None) => None,
            (a, b) => a.or(b),
        };
        Some(Amount {
            points,
            cents: self.cents.checked_add(other.cents)?,
        })
    }
}

/// An amount, or the reason it is not known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountSpec {
    /// Known.
    Known(Amount),
    /// Not stated by any seed.
    Unknown(Text),
    /// `montant jusqu'à 360 points selon "…"`: at most `max`, by a scale no source gives.
    UpTo {
        /// The most it pays.
        max: Amount,
        /// What the amount depends on, and why the scale is not known.
        scale: Text,
    },
    /// `montant 5 points par patients, au plus 360 points`, `montant barème selon patients { … }`:
    /// an amount that a `nombre` of the indicator decides, at most `max`.
    Scaled {
        /// The id of the indicator's `nombre` it depends on.
        measure: String,
        /// That `nombre`'s label, resolved.
        label: String,
        /// How.
        scale: Scale,
        /// The most it pays: the cap, or the last bracket's amount.
        max: Amount,
    },
}

/// How a scaled amount follows its measure: exact, in cents (and points in a points edition).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scale {
    /// So much per unit, up to a cap that is a whole number of units.
    PerUnit {
        /// Per unit.
        unit: Amount,
        /// The cap.
        cap: Amount,
    },
    /// By brackets from 0, in order, without gap nor overlap, the last open, amounts not
    /// decreasing.
    Brackets(Vec<Bracket>),
}

/// One bracket of a [`Scale::Brackets`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bracket {
    /// Its least value.
    pub from: i64,
    /// Its greatest, included; `None` for the last (`… et plus`).
    pub to: Option<i64>,
    /// What it pays.
    pub amount: Amount,
}

impl AmountSpec {
    /// The amount when known.
    pub fn known(&self) -> Option<Amount> {
        match self {
            AmountSpec::Known(a) => Some(*a),
            AmountSpec::Unknown(_) | AmountSpec::UpTo { .. } | AmountSpec::Scaled { .. } => None,
        }
    }

    /// The most it pays, when that is known: the amount, or the maximum of a scale.
    pub fn max(&self) -> Option<Amount> {
        match self {
            AmountSpec::Known(a)
            | AmountSpec::UpTo { max: a, .. }
            | AmountSpec::Scaled { max: a, .. } => Some(*a),
            AmountSpec::Unknown(_) => None,
        }
    }
}

/// A seed the edition encodes or borrows from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// `004`
    pub id: String,
    /// File name under `shared/seeds/`.
    pub file: String,
    /// Title.
    pub title: Text,
    /// For a borrowed source, why facts are carried from it.
    pub borrowed_because: Option<Text>,
}

/// One edition of a guide, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edition {
    /// `forfait_structure`, `fami`.
    pub programme: String,
    /// The profession id of the header (`<profession>` in `specs/<programme>/<profession>-<year>.guide`).
    pub profession: String,
    /// The reference year N.
    pub year: i32,
    /// Title.
    pub title: Text,
    /// Seeds.
    pub sources: Vec<Source>,
    /// The convention.
    pub convention: Option<Fact<Text>>,
    /// How amounts are stated.
    pub unit: Unit,
    /// Provenance of the point value, in a points edition.
    pub point_value_provenance: Option<Provenance>,
    /// The assessment date (31/12/N).
    pub assessment: Fact<CivilDate>,
    /// No prorating.
    pub no_prorating: bool,
    /// The declaration window.
    pub window: Window,
    /// When payment is made.
    pub payment: Option<Fact<Text>>,
    /// The portal's one spelling.
    pub portal: String,
    /// How the pages name the programme and the profession.
    pub labels: Labels,
    /// Online route.
    pub online: Option<Fact<OnlineRoute>>,
    /// Paper route.
    pub paper: Option<Fact<PaperRoute>>,
    /// `papier inconnu "raison"`: why no source describes the paper route.
    pub paper_unknown: Option<Fact<Text>>,
    /// The sworn statement.
    pub sworn_statement: Option<Fact<Text>>,
    /// The maximum as stated, checked equal to the derived one.
    pub stated_max_total: Option<Fact<Amount>>,
    /// The fields its acts carry (`actes { ... }`), `None` when it declares none.
    pub acts: Option<ActSchema>,
    /// Sections, in order.
    pub sections: Vec<Section>,
    /// Annexed documents.
    pub annexes: Vec<Annex>,
    /// Prose of the edition.
    pub prose: Vec<Prose>,
}

/// Where and how to declare online.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OnlineRoute {
    /// Menu path.
    pub menu: Text,
    /// Button or service to click.
    pub button: Option<Text>,
}

/// The paper route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaperRoute {
    /// How to get and send the form.
    pub how: Text,
    /// Where to send it.
    pub return_to: Text,
}

/// How a section is paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gating {
    /// All-or-nothing; unlocks others.
    Prerequisite,
    /// Paid only when section `requires` is met.
    Complementary {
        /// The section id.
        requires: String,
    },
    /// Paid whatever the other sections.
    Independent,
}

/// A section of the guide.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: Text,
    /// How it is paid.
    pub gating: Gating,
    /// Provenance.
    pub provenance: Option<Provenance>,
    /// Paid as a whole when met (volet 1, socle).
    pub amount: Option<Fact<AmountSpec>>,
    /// The total the guide states for its indicators, checked.
    pub stated_total: Option<Fact<Amount>>,
    /// `reste inconnu "raison"`: the stated total holds items no source lists, with why.
    pub unknown_rest: Option<Fact<Text>>,
    /// `total … dont 120 points facultatifs`: the part of the stated total that its optional
    /// indicators pay, checked (shares the stated total's provenance).
    pub stated_optional: Option<Amount>,
    /// Indicators, in order.
    pub indicators: Vec<Indicator>,
    /// Prose.
    pub prose: Vec<Prose>,
    /// Where it is declared.
    pub span: Span,
}

impl Section {
    /// The most this section can pay: its own amount, or the sum of its indicators' (unknown
    /// amounts count 0: [`Section::max_is_complete`] says whether there are any).
    pub fn max_amount(&self) -> Amount {
        if let Some(amount) = &self.amount {
            // Its optional indicators are paid on top of its lump.
            let lump = amount.value.max().unwrap_or_default();
            return lump.checked_add(self.optional_amount()).unwrap_or(lump);
        }
        // With `reste inconnu`, the stated total holds what no source lists: it is the maximum.
        if let (Some(_), Some(total)) = (&self.unknown_rest, &self.stated_total) {
            return total.value;
        }
        self.listed_amount()
    }

    /// The sum of what its indicators can pay (unknown amounts count 0), whatever its own
    /// amount or its stated total.
    pub fn listed_amount(&self) -> Amount {
        self.indicators
            .iter()
            .map(Indicator::max_amount)
            .fold(Amount::default(), |acc, a| {
                acc.checked_add(a).unwrap_or(acc)
            })
    }

    /// Whether [`Section::max_amount`] is the whole of what it can pay: no unknown amount, and no
    /// `reste inconnu`.
    pub fn max_is_complete(&self) -> bool {
        if let Some(amount) = &self.amount {
            return !matches!(amount.value, AmountSpec::Unknown(_))
                && self.optional_indicators().all(Indicator::max_is_complete);
        }
        self.unknown_rest.is_none() && self.indicators.iter().all(Indicator::max_is_complete)
    }

    /// What no source details of its stated total (`reste inconnu`): the total less what its
    /// indicators pay; `None` without `reste inconnu` or a stated total, or when what is listed
    /// exceeds it.
    pub fn unknown_rest_amount(&self) -> Option<Amount> {
        self.unknown_rest.as_ref()?;
        let total = self.stated_total.as_ref()?.value;
        let listed = self.listed_amount();
        let cents = total.cents.checked_sub(listed.cents).filter(|c| *c >= 0)?;
        let points = match (total.points, listed.points) {
            (Some(t), Some(l)) => Some(num_traits::CheckedSub::checked_sub(&t, &l)?),
            (t, _) => t,
        };
        Some(Amount { points, cents })
    }

    /// Its optional indicators (`facultatif`), in order.
    pub fn optional_indicators(&self) -> impl Iterator<Item = &Indicator> {
        self.indicators.iter().filter(|i| i.optional.is_some())
    }

    /// What its optional indicators can pay (unknown amounts count 0): the `dont … facultatifs`
    /// of its total.
    pub fn optional_amount(&self) -> Amount {
        self.optional_indicators()
            .map(Indicator::max_amount)
            .fold(Amount::default(), |acc, a| {
                acc.checked_add(a).unwrap_or(acc)
            })
    }

    /// Every indicator of the section with its sub-indicators, parents before their sub-indicators, with dotted ids (`parent.child`).
    pub fn all_indicators(&self) -> Vec<(String, &Indicator)> {
        let mut out = Vec::new();
        for indicator in &self.indicators {
            indicator.collect(None, &mut out);
        }
        out
    }
}

/// The three kinds of indicators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Declared by the practitioner.
    Declarative,
    /// Declared, pre-filled from the insurer's data.
    Prefilled,
    /// Measured by the insurer.
    Automated,
}

impl Kind {
    /// The guides' words.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Declarative => "Déclaratif",
            Kind::Prefilled => "Déclaratif avec pré-alimentation",
            Kind::Automated => "Automatisé",
        }
    }

    /// A stable machine name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Declarative => "declaratif",
            Kind::Prefilled => "declaratif_pre_alimente",
            Kind::Automated => "automatise",
        }
    }
}

/// How the pages name an edition's programme and profession: stated by the spec
/// (`programme "…"`, `profession "…" au singulier "…"`), or made from the ids when it does not say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labels {
    /// `Forfait structure`.
    pub programme: String,
    /// The plural, as the spec names the profession.
    pub profession: String,
    /// The profession in the singular, as the spec names it.
    pub profession_singular: String,
    /// The fields of the form's identification block that this edition adds to those every form
    /// asks (`identification specialite "Spécialité"`), in the spec's order.
    pub identification: Vec<IdentificationField>,
}

/// The ids of the identification fields every form asks, in the form's order (the practitioner's
/// name, numbers, address, telephone, e-mail); a spec's `identification` adds to them, after the
/// RPPS number.
pub const COMMON_IDENTIFICATION: &[&str] = &[
    "nom",
    "prenom",
    "numero_am",
    "rpps",
    "adresse",
    "code_postal",
    "commune",
    "telephone",
    "courriel",
];

/// The most digit boxes an identification field may have (`identification x "…" 99 chiffres` is
/// drawn with this many).
pub const MAX_IDENTIFICATION_DIGITS: usize = 20;

/// A field of the form's identification block declared by the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentificationField {
    /// Its id: `specialite` is the case files' `praticien.specialite`; any other is kept in the
    /// case's description as `identification.<id>`.
    pub id: String,
    /// Its label on the form.
    pub label: Text,
    /// How many digit boxes, when it is written in digits.
    pub digits: Option<usize>,
}

/// An indicator or a sub-indicator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Indicator {
    /// Stable id (not dotted).
    pub id: String,
    /// What it asks, in the guide's words.
    pub title: Text,
    /// Number in the guide's table.
    pub number: Option<i64>,
    /// Who provides it.
    pub kind: Kind,
    /// Provenance.
    pub provenance: Option<Provenance>,
    /// Its own amount (complementary and independent sections, sub-indicators).
    pub amount: Option<Fact<AmountSpec>>,
    /// Ids of earlier editions it continues or absorbs.
    pub continues: Vec<String>,
    /// Why it continues them.
    pub continues_reason: Option<Text>,
    /// `reprend … en partie`: the old indicator is split between this one and others.
    pub continues_split: bool,
    /// The yes/no question of the form.
    pub question: Option<Fact<Text>>,
    /// Free text of the form.
    pub free_text: Option<Fact<FreeText>>,
    /// Software to declare; all required.
    pub software: Vec<Fact<Software>>,
    /// Exemptions.
    pub exemptions: Vec<Fact<Exemption>>,
    /// Option lists.
    pub choices: Vec<Choice>,
    /// Measured ratios.
    pub rates: Vec<Rate>,
    /// Counts.
    pub counts: Vec<Count>,
    /// Facts measured by the insurer.
    pub findings: Vec<Fact<Finding>>,
    /// Pre-filling.
    pub prefill: Option<Fact<Prefill>>,
    /// Evidence rules, in order.
    pub evidence: Vec<Evidence>,
    /// Neutralised this year.
    pub neutralised: Option<Fact<Text>>,
    /// `délai`: its software may be had until this date instead of the assessment date.
    pub deadline: Option<Fact<CivilDate>>,
    /// `facultatif`: in a prerequisite section, not required to validate it, paid its own amount.
    pub optional: Option<Fact<Optional>>,
    /// Sub-indicators.
    pub subs: Vec<Indicator>,
    /// Prose.
    pub prose: Vec<Prose>,
    /// Where it is declared.
    pub span: Span,
}

/// A part of an indicator's inputs in a case file (`indicateurs.<id>.<part>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CasePart {
    /// `prerempli`.
    Prefilled,
    /// `reponse`.
    Answer,
    /// `texte`.
    Text,
    /// `logiciels`.
    Software,
    /// `choix`.
    Choices,
    /// `nombres`: counts, and the yearly number of an option with a minimum.
    Counts,
    /// `mesures`: the rates the insurer measures.
    Measures,
    /// `taux`: the rates the practitioner declares.
    DeclaredRates,
    /// `constats`.
    Findings,
    /// `justificatif`.
    Document,
}

impl CasePart {
    /// Every part, in the order a case file writes them.
    pub const ALL: [CasePart; 10] = [
        CasePart::Prefilled,
        CasePart::Answer,
        CasePart::Text,
        CasePart::Software,
        CasePart::Choices,
        CasePart::Counts,
        CasePart::Measures,
        CasePart::DeclaredRates,
        CasePart::Findings,
        CasePart::Document,
    ];

    /// Its field in a case file.
    pub fn field(self) -> &'static str {
        match self {
            CasePart::Prefilled => "prerempli",
            CasePart::Answer => "reponse",
            CasePart::Text => "texte",
            CasePart::Software => "logiciels",
            CasePart::Choices => "choix",
            CasePart::Counts => "nombres",
            CasePart::Measures => "mesures",
            CasePart::DeclaredRates => "taux",
            CasePart::Findings => "constats",
            CasePart::Document => "justificatif",
        }
    }
}

impl Indicator {
    /// Whether a case may give `part` for this indicator: the one rule of the fields the
    /// generated code's input type has, of what the interpreter's validator takes, and of what
    /// a case moved to another edition keeps.
    pub fn takes(&self, part: CasePart) -> bool {
        match part {
            CasePart::Prefilled => self.kind == Kind::Prefilled,
            CasePart::Answer => self.question.is_some(),
            CasePart::Text => self.free_text.is_some(),
            CasePart::Software => !self.software.is_empty(),
            CasePart::Choices => !self.choices.is_empty(),
            CasePart::Counts => {
                !self.counts.is_empty() || self.options().any(|o| o.minimum_per_year.is_some())
            }
            CasePart::Measures => self.rates.iter().any(|r| !r.declared),
            CasePart::DeclaredRates => self.rates.iter().any(|r| r.declared),
            CasePart::Findings => !self.findings.is_empty(),
            CasePart::Document => self
                .evidence
                .iter()
                .any(|e| matches!(e.kind, EvidenceKind::Document(_))),
        }
    }

    /// The options of all its lists, in order: the order in which a validated case holds them.
    pub fn options(&self) -> impl Iterator<Item = &ChoiceOption> {
        self.choices.iter().flat_map(|c| c.options.iter())
    }

    /// The most it can pay: its amount, or the sum of its parts' or its sub-indicators'
    /// (unknown amounts count 0: [`Indicator::max_is_complete`] says whether there are any).
    pub fn max_amount(&self) -> Amount {
        if let Some(amount) = &self.amount {
            return amount.value.max().unwrap_or_default();
        }
        if self.has_parts() {
            return self.parts().fold(Amount::default(), |acc, (_, a)| {
                acc.checked_add(a.value).unwrap_or(acc)
            });
        }
        self.subs
            .iter()
            .map(Indicator::max_amount)
            .fold(Amount::default(), |acc, a| {
                acc.checked_add(a).unwrap_or(acc)
            })
    }

    /// Its parts (`part …` of its rates, then of its counts), each with the measure's id.
    pub fn parts(&self) -> impl Iterator<Item = (&str, &Fact<Amount>)> {
        let rates = self
            .rates
            .iter()
            .filter_map(|r| Some((r.id.as_str(), r.part.as_ref()?)));
        let counts = self
            .counts
            .iter()
            .filter_map(|c| Some((c.id.as_str(), c.part.as_ref()?)));
        rates.chain(counts)
    }

    /// Whether its amount is shared between measures (`part …`).
    pub fn has_parts(&self) -> bool {
        self.parts().next().is_some()
    }

    /// Whether [`Indicator::max_amount`] is the whole of what it can pay: no amount of its own
    /// or of a sub-indicator is unknown.
    pub fn max_is_complete(&self) -> bool {
        match self.amount.as_ref().map(|a| &a.value) {
            Some(AmountSpec::Unknown(_)) => false,
            Some(_) => true,
            None => self.subs.iter().all(Indicator::max_is_complete),
        }
    }

    fn collect<'a>(&'a self, parent: Option<&str>, out: &mut Vec<(String, &'a Indicator)>) {
        let id = match parent {
            Some(p) => format!("{p}.{}", self.id),
            None => self.id.clone(),
        };
        out.push((id.clone(), self));
        for sub in &self.subs {
            sub.collect(Some(&id), out);
        }
    }

    /// Whether the practitioner has something to fill in on the form for it.
    pub fn has_form_elements(&self) -> bool {
        self.question.is_some()
            || self.free_text.is_some()
            || !self.software.is_empty()
            || !self.choices.is_empty()
    }
}

/// How long an indicator of a prerequisite section is optional (`facultatif`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Optional {
    /// `facultatif`: in every edition that carries the statement (`guidec new-year` keeps it).
    Always,
    /// `facultatif en N`: for the edition's year only (`guidec new-year` flags it for review);
    /// the year, resolved.
    ForYear(i32),
}

impl Optional {
    /// How the pages write it: `facultatif`, `facultatif en 2022`.
    pub fn in_words(self) -> String {
        match self {
            Optional::Always => "facultatif".to_string(),
            Optional::ForYear(year) => format!("facultatif en {year}"),
        }
    }

    /// Whether it is optional for the edition's year only.
    pub fn for_one_year(self) -> bool {
        matches!(self, Optional::ForYear(_))
    }
}

/// Lines to write on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FreeText {
    /// What to write.
    pub label: Text,
    /// Must be given when the answer is yes.
    pub mandatory_if_yes: bool,
}

/// A software to declare.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Software {
    /// Role id (`metier`, `dmp`, `lap`).
    pub id: String,
    /// Label.
    pub label: Text,
}

/// What an exemption waives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExemptionTarget {
    /// One software role.
    Software(String),
    /// The whole indicator.
    Whole,
}

/// Some practitioners need not meet part of an indicator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exemption {
    /// What is waived.
    pub target: ExemptionTarget,
    /// Who, in the guide's words.
    pub text: Text,
}

/// An option list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Several boxes may be ticked.
    pub multiple: bool,
    /// The question.
    pub label: Text,
    /// Provenance.
    pub provenance: Option<Provenance>,
    /// Options, in order.
    pub options: Vec<ChoiceOption>,
}

/// An option and its verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoiceOption {
    /// Stable id.
    pub id: String,
    /// Label.
    pub label: Text,
    /// Whether it validates the indicator.
    pub accepted: bool,
    /// It counts only from this number a year on.
    pub minimum_per_year: Option<i64>,
    /// Choosing it means the indicator cannot be pre-filled.
    pub not_prefilled: bool,
    /// Provenance.
    pub provenance: Option<Provenance>,
}

/// A comparison with a threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThresholdOp {
    /// ≥
    AtLeast,
    /// >
    MoreThan,
}

impl ThresholdOp {
    /// Whether `value` passes a threshold `limit`.
    pub fn passes<T: PartialOrd>(self, value: &T, limit: &T) -> bool {
        match self {
            ThresholdOp::AtLeast => value >= limit,
            ThresholdOp::MoreThan => value > limit,
        }
    }

    /// `≥` or `>`.
    pub fn symbol(self) -> &'static str {
        match self {
            ThresholdOp::AtLeast => "≥",
            ThresholdOp::MoreThan => ">",
        }
    }

    /// `au moins` or `plus de`.
    pub fn words(self) -> &'static str {
        match self {
            ThresholdOp::AtLeast => "au moins",
            ThresholdOp::MoreThan => "plus de",
        }
    }
}

/// How a rate threshold was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateNotation {
    /// `70 %`
    Percent,
    /// `2/3`
    Fraction,
}

/// A threshold on a rate, exact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateThreshold {
    /// The comparison.
    pub op: ThresholdOp,
    /// The limit, between 0 and 1.
    pub value: Rational,
    /// As the guide writes it.
    pub notation: RateNotation,
    /// Provenance.
    pub provenance: Option<Provenance>,
}

/// A measured ratio and its threshold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rate {
    /// Id of the measure.
    pub id: String,
    /// Label.
    pub label: Text,
    /// Provenance.
    pub provenance: Option<Provenance>,
    /// Which acts count in the numerator. `None` only for a rate with no act-level rule (no
    /// exclusion, denominator or period: the checker's E0304), measured by the insurer and given
    /// as counts.
    pub numerator: Option<Condition>,
    /// Provenance of the numerator's condition, when cited (it may come from another seed than the rate).
    pub numerator_provenance: Option<Provenance>,
    /// Which acts count in the denominator (`None`: all acts).
    pub denominator: Option<Condition>,
    /// Acts left out of both.
    pub exclusions: Vec<Exclusion>,
    /// Over which period.
    pub period: Option<Fact<Period>>,
    /// The threshold.
    pub threshold: Option<RateThreshold>,
    /// `part …`: the share of the indicator's amount paid when its threshold is met.
    pub part: Option<Fact<Amount>>,
    /// The practitioner declares it on the form (a rate of a declarative indicator, validated by
    /// the sworn statement): a case file gives it under `taux`, never from acts.
    pub declared: bool,
}

/// A measurement period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// The whole reference year.
    WholeYear,
    /// The whole year for those who transmitted in N-1; otherwise from the 1st of the month after the first FSE, December kept.
    Individualised,
}

/// Acts left out of a rate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exclusion {
    /// Which acts.
    pub condition: Condition,
    /// In the guide's words.
    pub label: Text,
    /// Provenance.
    pub provenance: Option<Provenance>,
}

/// A count and its threshold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Count {
    /// Id of the measure.
    pub id: String,
    /// Label.
    pub label: Text,
    /// Provenance.
    pub provenance: Option<Provenance>,
    /// The threshold.
    pub threshold: Option<CountThreshold>,
    /// `part …`: the share of the indicator's amount paid when its threshold is met.
    pub part: Option<Fact<Amount>>,
}

/// A threshold on a count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountThreshold {
    /// The comparison.
    pub op: ThresholdOp,
    /// The limit.
    pub value: i64,
    /// Provenance.
    pub provenance: Option<Provenance>,
}

/// A fact the insurer measures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Id.
    pub id: String,
    /// Label.
    pub label: Text,
}

/// Where pre-filled values come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prefill {
    /// The source of the data.
    pub source: Text,
    /// What to do when it is missing.
    pub otherwise: Option<Text>,
}

/// What kind of evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvidenceKind {
    /// A document to send.
    Document(Text),
    /// A sworn statement.
    Sworn,
    /// Nothing.
    None,
}

/// When evidence is required.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EvidenceCase {
    /// Every year.
    Always,
    /// First year of declaration.
    FirstYear,
    /// The vendor changed.
    VendorChange,
    /// Not pre-filled.
    NotPrefilled,
    /// When the caisse asks.
    OnRequest,
}

impl EvidenceCase {
    /// In the guides' words.
    pub fn label(self) -> &'static str {
        match self {
            EvidenceCase::Always => "chaque année",
            EvidenceCase::FirstYear => "la première année de déclaration",
            EvidenceCase::VendorChange => "en cas de changement d'éditeur",
            EvidenceCase::NotPrefilled => "si l'indicateur n'est pas pré-alimenté",
            EvidenceCase::OnRequest => "sur demande de la caisse",
        }
    }
}

/// An evidence rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// What kind.
    pub kind: EvidenceKind,
    /// Provenance.
    pub provenance: Option<Provenance>,
    /// When it is required (empty: always, for a document).
    pub required_when: Vec<EvidenceCase>,
    /// What it must show.
    pub shows: Vec<Text>,
    /// How long it stays valid.
    pub validity: Option<Text>,
    /// The indicator counts only once it is sent.
    pub validated_on_receipt: bool,
    /// Kept by the practitioner for a later check.
    pub kept_for_control: bool,
    /// For a sworn statement (`EvidenceKind::Sworn`): `true` when the statement is made by the
    /// indicator's own declaration (`justificatif sur l'honneur dans la déclaration`: selecting an
    /// option of its list, ticking its box), so that declaring the indicator is swearing to it;
    /// `false` (the default) when it is the form's single sworn-statement box, the edition's
    /// `attestation` (`praticien.attestation_sur_l_honneur` in a case file). Always `false` for
    /// other kinds of evidence.
    pub sworn_in_declaration: bool,
}

/// The fields an edition's acts carry, as its `actes { ... }` block declares them: their names,
/// words and kinds, each placed in an act's words by the runtime's schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActSchema {
    /// The fields, in the spec's order.
    pub fields: Vec<ActField>,
    /// The acts whose first in N starts an individualised period (`première fse actes où ...`).
    pub first_claim: Option<Condition>,
    /// The reader's schema: keys, kinds and places; shared with the case reader.
    pub runtime: std::sync::Arc<guidec_runtime::ActSchema>,
    /// Provenance.
    pub provenance: Option<Provenance>,
}

/// A declared field of an act.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActField {
    /// Its name in conditions (`télésoin`).
    pub name: String,
    /// Its case-file key and column (`telesoin`).
    pub key: String,
    /// Its words (`acte de télésoin`, `transmis en`).
    pub label: String,
    /// What it holds.
    pub kind: ActFieldKind,
    /// Where an act holds it.
    pub place: guidec_runtime::Place,
    /// Provenance.
    pub provenance: Option<Provenance>,
}

/// The kind of a declared field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActFieldKind {
    /// Yes or no, no when not written.
    YesNo,
    /// A value from a list.
    List {
        /// The values, in order (an act holds the index).
        values: Vec<ActValue>,
        /// The words of a test that the value is not in a list (`transmis hors`).
        except: Option<String>,
        /// The index of the value of an act that does not write it.
        default: Option<usize>,
    },
    /// The beneficiary's age at the act, from a birth date or an age in days.
    Age {
        /// The birth date's case-file key.
        birth: String,
        /// The age in days' case-file key.
        days: String,
    },
    /// A date, unknown when not written.
    Date,
    /// A whole number, 0 when not written.
    Number,
}

impl ActFieldKind {
    /// The kind in the spec's word.
    pub fn word(&self) -> &'static str {
        match self {
            ActFieldKind::YesNo => "oui/non",
            ActFieldKind::List { .. } => "liste",
            ActFieldKind::Age { .. } => "âge",
            ActFieldKind::Date => "date",
            ActFieldKind::Number => "nombre",
        }
    }
}

/// A value of a list field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActValue {
    /// Its name (`sesam_vitale`).
    pub name: String,
    /// Its words (`SESAM-Vitale (avec la carte Vitale)`).
    pub label: String,
}

/// A field a condition tests: its name, words and place, written out so that every engine and
/// every output reads the condition alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldRef {
    /// Its name in conditions.
    pub name: String,
    /// Its case-file key and column.
    pub key: String,
    /// Its words.
    pub label: String,
    /// Where an act holds it.
    pub place: guidec_runtime::Place,
}

/// A comparison of an act's age field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// <
    Less,
    /// ≤
    LessOrEqual,
    /// >
    Greater,
    /// ≥
    GreaterOrEqual,
    /// =
    Equal,
    /// ≠
    NotEqual,
}

impl CompareOp {
    /// The symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Less => "<",
            CompareOp::LessOrEqual => "≤",
            CompareOp::Greater => ">",
            CompareOp::GreaterOrEqual => "≥",
            CompareOp::Equal => "=",
            CompareOp::NotEqual => "≠",
        }
    }
}

/// An age as a calendar duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgeUnit {
    /// Days.
    Days,
    /// Calendar months.
    Months,
    /// Calendar years.
    Years,
}

/// A typed condition on an act, over the fields of its edition's schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// Any holds.
    Any(Vec<Condition>),
    /// All hold.
    All(Vec<Condition>),
    /// Does not hold.
    Not(Box<Condition>),
    /// A yes/no field is yes.
    Flag(FieldRef),
    /// A list field's value is one of these (indexes, in the list's order).
    In {
        /// The field.
        field: FieldRef,
        /// The values tested, in the list's order.
        values: Vec<(u32, ActValue)>,
        /// The words of `hors` (`transmis hors`).
        except: Option<String>,
    },
    /// The beneficiary's age at the act compared with a duration (false when unknown).
    Age {
        /// The field (its word holds the birth date).
        field: FieldRef,
        /// The comparison.
        op: CompareOp,
        /// How many units.
        amount: i64,
        /// Which unit.
        unit: AgeUnit,
    },
    /// A date field compared with a date (false when unknown).
    Date {
        /// The field.
        field: FieldRef,
        /// The comparison.
        op: CompareOp,
        /// The date.
        date: CivilDate,
    },
    /// A number field compared with a number.
    Number {
        /// The field.
        field: FieldRef,
        /// The comparison.
        op: CompareOp,
        /// The number.
        value: i64,
    },
}

/// A block of Markdown prose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prose {
    /// What kind.
    pub kind: ProseKind,
    /// The Markdown.
    pub text: Text,
    /// Provenance.
    pub provenance: Option<Provenance>,
}

/// Kinds of prose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProseKind {
    /// A description.
    Description,
    /// "À noter".
    Note,
    /// "Cas particulier", with its title.
    Case(Text),
    /// A note for the spec's authors and checkers (`note de rédaction`): the spec's reasoning
    /// about its seed. Shown on the edition's "notes de rédaction" page, never on the guide page
    /// nor on the form.
    Drafting,
}

/// An annexed document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annex {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: Text,
    /// Provenance.
    pub provenance: Option<Provenance>,
    /// The document, Markdown.
    pub text: Text,
}

impl Edition {
    /// `<programme>/<profession>-<year>`: the edition's path stem.
    pub fn key(&self) -> String {
        format!("{}/{}-{}", self.programme, self.profession, self.year)
    }

    /// The most a practitioner can receive (unknown amounts count 0).
    pub fn max_total(&self) -> Amount {
        self.sections
            .iter()
            .map(Section::max_amount)
            .fold(Amount::default(), |acc, a| {
                acc.checked_add(a).unwrap_or(acc)
            })
    }

    /// Whether [`Edition::max_total`] is the whole of what a practitioner can receive.
    pub fn max_is_complete(&self) -> bool {
        self.sections.iter().all(Section::max_is_complete)
    }

    /// Positions of the sections in an order where each comes after the section it requires;
    /// sections on a cycle (the checker rules these out) are left out, and stay locked.
    pub fn sections_in_gating_order(&self) -> Vec<usize> {
        let count = self.sections.len();
        let mut order = Vec::with_capacity(count);
        // A section is placed once what it requires is placed; `count` rounds suffice without a cycle.
        for _ in 0..count {
            for (index, section) in self.sections.iter().enumerate() {
                if order.contains(&index) {
                    continue;
                }
                let ready = match &section.gating {
                    Gating::Complementary { requires } => {
                        match self.sections.iter().position(|o| &o.id == requires) {
                            Some(required) => order.contains(&required),
                            // A missing section: locked, nothing to wait for.
                            None => true,
                        }
                    }
                    _ => true,
                };
                if ready {
                    order.push(index);
                }
            }
        }
        order
    }

    /// The section with id `id`.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }
}
