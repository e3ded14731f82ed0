//! Case files: one practitioner's year for one edition, read from YAML and validated against the edition.
//!
//! The format is documented in README.md ("Fichiers de cas"). Reading is the runtime's one
//! reader of case files (`guidec_runtime::case_file`), which the generated code reads with too:
//! syntax, budget, strict yes/no, numbers and dates, unknown fields and wrong types, acts and
//! rates, each refused with the field's path, line and column. Validation then rejects what the
//! edition does not ask for: answers, options its lists do not have, mandatory free text left
//! empty.

use crate::ir::{self, CivilDate};
use guidec_runtime::case_file::{self, Spanned};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A problem in a case file, with where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaseError {
    /// Line, from 1 (0 when unknown).
    pub line: u64,
    /// Column, from 1 (0 when unknown).
    pub column: u64,
    /// The field, as a dotted path (`indicateurs.aller_vers.texte`).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}:{}: {}", self.line, self.column, self.message)
        } else {
            // As the runtime's reader words its errors: one case file, one wording.
            write!(
                f,
                "{}:{}: `{}` : {}",
                self.line, self.column, self.field, self.message
            )
        }
    }
}

/// A yes/no answer, and where the practitioner stands with a piece of evidence: the runtime's,
/// read by its rules.
pub use guidec_runtime::{Answer, EvidenceState};

/// A declared software (`editeur`, `nom`, `version`, `acquisition`), as the runtime reads it.
pub use guidec_runtime::Software as SoftwareInput;

/// A rate the practitioner declares, exact, as the runtime reads it.
pub use guidec_runtime::DeclaredRate;

/// A rate's counts or acts, checked as the runtime reads them (acts alone, or
/// `numerateur ≤ denominateur`; each act's birth date or age).
pub use guidec_runtime::RateInput;

/// A case file as written.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    /// The edition it runs on: `<programme>/<profession>-<year>`.
    pub edition: Spanned<String>,
    /// What the case shows.
    #[serde(default)]
    pub description: Option<String>,
    /// The practitioner's context.
    #[serde(default)]
    pub praticien: Practitioner,
    /// Inputs per indicator, by id (`parent.child` for a sub-indicator).
    #[serde(default)]
    pub indicateurs: BTreeMap<String, Spanned<IndicatorInput>>,
    /// The outcome worked out by hand.
    #[serde(default)]
    pub attendu: Option<Spanned<Expected>>,
}

impl CaseFile {
    /// The same year of activity `years` years later (earlier when negative): every date it
    /// gives (the first FSE, the software's acquisition, each act and its date fields, read by
    /// `schema`, the edition's acts) moved by whole years, an age kept to the day. What an impact
    /// runs on the new edition when the data describe the old edition's year. `Err` with the
    /// path of a date that leaves the calendar.
    pub fn move_years(
        &mut self,
        years: i32,
        schema: Option<&guidec_runtime::ActSchema>,
    ) -> Result<(), String> {
        if years == 0 {
            return Ok(());
        }
        let outside =
            |path: String| format!("{path} : la date décalée de {years} an(s) sort du calendrier");
        if let Some(date) = self.praticien.premiere_fse {
            self.praticien.premiere_fse = Some(
                date.add_years(years)
                    .ok_or_else(|| outside("praticien.premiere_fse".into()))?,
            );
        }
        for (id, indicator) in &mut self.indicateurs {
            for (role, software) in &mut indicator.value.logiciels {
                if let Some(date) = software.value.acquisition {
                    software.value.acquisition = Some(date.add_years(years).ok_or_else(|| {
                        outside(format!("indicateurs.{id}.logiciels.{role}.acquisition"))
                    })?);
                }
            }
            for (rate, input) in &mut indicator.value.mesures {
                let Some(acts) = input.value.actes.as_mut() else {
                    continue;
                };
                let Some(schema) = schema else {
                    return Err(format!(
                        "indicateurs.{id}.mesures.{rate}.actes : l'édition ne déclare pas ses actes"
                    ));
                };
                for (index, act) in acts.iter_mut().enumerate() {
                    *act = schema.act_moved_by_years(act, years).ok_or_else(|| {
                        outside(format!("indicateurs.{id}.mesures.{rate}.actes[{index}]"))
                    })?;
                }
            }
        }
        Ok(())
    }
}

/// The practitioner's context.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practitioner {
    /// Specialty, free text.
    #[serde(default)]
    pub specialite: Option<String>,
    /// Software roles (`lap`) or indicators the practitioner is exempt from (written null, none,
    /// as for the generated code).
    #[serde(default, deserialize_with = "list_or_null")]
    pub exonerations: Vec<Spanned<String>>,
    /// First year the practitioner declares.
    #[serde(default)]
    pub premiere_annee: bool,
    /// The software vendor changed this year.
    #[serde(default)]
    pub changement_editeur: bool,
    /// The caisse asked for the evidence that is sent on request.
    #[serde(default)]
    pub justificatif_demande: bool,
    /// The sworn-statement box is ticked.
    #[serde(default)]
    pub attestation_sur_l_honneur: Option<bool>,
    /// The practitioner transmitted FSE in N-1.
    #[serde(default)]
    pub fse_annee_precedente: Option<bool>,
    /// Date of the first FSE (`AAAA-MM-JJ`), for a practitioner who did not transmit in N-1.
    #[serde(default)]
    pub premiere_fse: Option<guidec_runtime::Date>,
}

/// Why a part of an indicator's inputs is refused when the edition does not ask for it (a
/// value given, or the part written empty or null).
fn not_taken(part: ir::CasePart) -> &'static str {
    match part {
        ir::CasePart::Prefilled => "cet indicateur n'est pas pré-rempli dans cette édition",
        ir::CasePart::Answer => "l'édition ne pose pas de question oui/non pour cet indicateur",
        ir::CasePart::Text => "l'édition ne demande pas de texte libre pour cet indicateur",
        ir::CasePart::Software => "cet indicateur ne déclare pas de logiciel",
        ir::CasePart::Choices => "cet indicateur n'a pas d'options à cocher",
        ir::CasePart::Counts => "cet indicateur ne compte rien",
        ir::CasePart::Measures => "cet indicateur ne mesure pas de taux",
        ir::CasePart::DeclaredRates => "cet indicateur ne fait pas déclarer de taux",
        ir::CasePart::Findings => "cet indicateur n'a pas de constat",
        ir::CasePart::Document => "cet indicateur ne demande pas de justificatif",
    }
}

/// A list a case may write null for an empty one (`exonerations:` with nothing after it), as
/// the generated code reads its sets of options.
fn list_or_null<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// What a case gives for one indicator.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorInput {
    /// Pre-filled from the insurer's data.
    #[serde(default)]
    pub prerempli: Part<Option<bool>>,
    /// The answer to the form's question.
    #[serde(default)]
    pub reponse: Part<Option<Spanned<Answer>>>,
    /// The free text written on the form.
    #[serde(default)]
    pub texte: Part<Option<Spanned<String>>>,
    /// Declared software, by role.
    #[serde(default)]
    pub logiciels: Part<BTreeMap<String, Spanned<SoftwareInput>>>,
    /// Ticked options, by id.
    #[serde(default)]
    pub choix: Part<Option<Spanned<Vec<String>>>>,
    /// Counts, by count id or by option id (for `au moins N par an`).
    #[serde(default)]
    pub nombres: Part<BTreeMap<String, Spanned<i64>>>,
    /// Measured rates, by rate id.
    #[serde(default)]
    pub mesures: Part<BTreeMap<String, Spanned<RateInput>>>,
    /// Rates the practitioner declares, by rate id: a percentage (`"23,5 %"`) or counts.
    #[serde(default)]
    pub taux: Part<BTreeMap<String, Spanned<DeclaredRate>>>,
    /// Facts measured by the insurer, by finding id.
    #[serde(default)]
    pub constats: Part<BTreeMap<String, Spanned<bool>>>,
    /// The evidence document.
    #[serde(default)]
    pub justificatif: Part<Option<Spanned<EvidenceState>>>,
}

/// A part of an indicator's inputs (`reponse`, `logiciels`, `nombres`, ...) with where the case
/// wrote it: a part written empty or null (`nombres: {}`, `texte: ~`) is still written, and
/// refused for an indicator that has no such part, as the generated code refuses it.
#[derive(Clone, Debug, Default)]
pub struct Part<T> {
    /// What the part holds (empty or `None` when the case leaves it out).
    pub value: T,
    /// Line and column of the part, when the case writes it.
    pub written_at: Option<(u64, u64)>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Part<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Part<T>, D::Error> {
        let spanned = Spanned::<T>::deserialize(deserializer)?;
        Ok(Part {
            value: spanned.value,
            written_at: Some((spanned.line, spanned.column)),
        })
    }
}

impl<K, V> Part<BTreeMap<K, V>> {
    /// Forgets that the case wrote the part when nothing is left in it (a case moved to another
    /// edition, its entries for that edition taken out).
    pub fn leave_out_if_empty(&mut self) {
        if self.value.is_empty() {
            self.written_at = None;
        }
    }
}

impl<T> Part<T> {
    /// Takes the part out, as if the case had not written it.
    pub fn leave_out(&mut self)
    where
        T: Default,
    {
        *self = Part::default();
    }
}

impl<T> std::ops::Deref for Part<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> std::ops::DerefMut for Part<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<'a, T> IntoIterator for &'a Part<T>
where
    &'a T: IntoIterator,
{
    type Item = <&'a T as IntoIterator>::Item;
    type IntoIter = <&'a T as IntoIterator>::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        (&self.value).into_iter()
    }
}

impl<'a, T> IntoIterator for &'a mut Part<T>
where
    &'a mut T: IntoIterator,
{
    type Item = <&'a mut T as IntoIterator>::Item;
    type IntoIter = <&'a mut T as IntoIterator>::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        (&mut self.value).into_iter()
    }
}

/// The outcome worked out by hand, as the runtime reads it (so that the generated code reads
/// and refuses the same `attendu` blocks).
pub use guidec_runtime::{Expected, ExpectedIndicator, ExpectedSection};

/// A case checked against its edition, ready to evaluate.
///
/// Every input stands at the position of what it answers in the edition, as
/// [`Layout`] places it: evaluation looks nothing up by name. All of a case's inputs lie in
/// one block ([`Cell`]s: per indicator its [`Inputs`], then the numbers, options, software
/// roles, rates and findings of the layout's lists), so that evaluating a case reads one run
/// of memory instead of a list per kind of input; most of that block lies inside the case
/// ([`Cells`]), so that a batch of cases is one run of memory too. Options are bits, 64 to a
/// cell, so that a list of options is read in one go ([`Case::ticks`]).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Case {
    /// First year of declaration.
    pub first_year: bool,
    /// Vendor changed.
    pub vendor_changed: bool,
    /// Evidence on request was requested.
    pub evidence_requested: bool,
    /// Sworn statement ticked.
    pub sworn: Option<bool>,
    /// Transmitted in N-1.
    pub transmitted_previous_year: Option<bool>,
    /// First FSE.
    pub first_claim: Option<CivilDate>,
    /// Every input, at its place.
    cells: Cells,
    /// Where each of the layout's lists starts in `cells` (the indicators' inputs start at 0).
    starts: Slots,
    /// How long each list is, in items (options: in options, not cells).
    lengths: Slots,
}

/// How many options a cell holds.
const TICKS_PER_CELL: usize = 64;

/// How many cells a case holds inside itself ([`Cells`]): enough for the editions of
/// today's guides (18 to 42), 768 bytes.
const INLINE_CELLS: usize = 48;

/// A case's cells: the first [`INLINE_CELLS`] inside the case, any others on the heap. A case
/// read from a population beside thousands of others is then read where it stands, one case
/// after the other, instead of at an address of its own that the processor cannot foresee.
/// Cells past the layout's are empty, as past a list's end ([`Case::cell`]), so reading one is
/// a single test of its position, as in a list.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Cells {
    inline: [Cell; INLINE_CELLS],
    /// The cells past the first [`INLINE_CELLS`]: none, and no allocation, for most editions.
    rest: Box<[Cell]>,
}

impl Cells {
    /// `length` empty cells.
    fn empty(length: usize) -> Cells {
        Cells {
            inline: std::array::from_fn(|_| Cell::Empty),
            rest: vec![Cell::Empty; length.saturating_sub(INLINE_CELLS)].into_boxed_slice(),
        }
    }

    #[inline]
    fn get(&self, at: usize) -> Option<&Cell> {
        match self.inline.get(at) {
            Some(cell) => Some(cell),
            None => self.past_inline(at),
        }
    }

    /// A cell past the first [`INLINE_CELLS`], out of the way of the common case.
    #[cold]
    #[inline(never)]
    fn past_inline(&self, at: usize) -> Option<&Cell> {
        self.rest.get(at.checked_sub(INLINE_CELLS)?)
    }

    fn get_mut(&mut self, at: usize) -> Option<&mut Cell> {
        match self.inline.get_mut(at) {
            Some(cell) => Some(cell),
            None => self.rest.get_mut(at.checked_sub(INLINE_CELLS)?),
        }
    }

    /// Every cell, in order (past the layout's too, up to [`INLINE_CELLS`]).
    fn iter_mut(&mut self) -> impl Iterator<Item = &mut Cell> {
        self.inline.iter_mut().chain(self.rest.iter_mut())
    }
}

impl Default for Cells {
    fn default() -> Cells {
        Cells::empty(0)
    }
}

/// One input of a validated case.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
enum Cell {
    /// Not given.
    #[default]
    Empty,
    /// An indicator's own inputs.
    Inputs(Inputs),
    /// A number.
    Number(i64),
    /// 64 options of the options' list, ticked or not: bit `i` of the `w`-th cell of the list
    /// is option `64 × w + i`; bits past the list's end are clear.
    Ticks(u64),
    /// A software role.
    Software(SoftwareState),
    /// A rate's counts that fit in 32 bits each, as most do: held in the cell itself, so
    /// that a case given by its counts is read without following a pointer.
    Counts {
        /// Numerator.
        numerator: u32,
        /// Denominator.
        denominator: u32,
    },
    /// Any other rate's data: acts, tallies, large counts (boxed: a cell stays as small as a
    /// number).
    Rate(Box<RateData>),
    /// A rate the practitioner declares (boxed, as a rate's data).
    Declared(Box<DeclaredRate>),
    /// A finding, made or not.
    Found(bool),
}

impl Cell {
    /// The cell holding a rate's data: counts in the cell when both fit, anything else boxed.
    fn of_rate(data: RateData) -> Cell {
        if let RateData::Counts {
            numerator,
            denominator,
        } = data
        {
            if let (Ok(numerator), Ok(denominator)) =
                (u32::try_from(numerator), u32::try_from(denominator))
            {
                return Cell::Counts {
                    numerator,
                    denominator,
                };
            }
        }
        Cell::Rate(Box::new(data))
    }
}

impl Case {
    fn blank(layout: &Layout) -> Case {
        let lengths = layout.lengths;
        let mut starts = Slots::default();
        let mut next = layout.indicators.len();
        let option_cells = lengths.options.div_ceil(TICKS_PER_CELL);
        for (start, length) in [
            (&mut starts.numbers, lengths.numbers),
            (&mut starts.options, option_cells),
            (&mut starts.software, lengths.software),
            (&mut starts.rates, lengths.rates),
            (&mut starts.findings, lengths.findings),
        ] {
            *start = next;
            next += length;
        }
        let mut cells = Cells::empty(next);
        for cell in cells.iter_mut().take(layout.indicators.len()) {
            *cell = Cell::Inputs(Inputs::default());
        }
        for cell in cells.iter_mut().skip(starts.options).take(option_cells) {
            *cell = Cell::Ticks(0);
        }
        for cell in cells
            .iter_mut()
            .skip(starts.software)
            .take(lengths.software)
        {
            *cell = Cell::Software(SoftwareState::default());
        }
        Case {
            cells,
            starts,
            lengths,
            ..Case::default()
        }
    }

    /// The cell at `at` of the list starting at `start`. Past the list's end stands the next
    /// list, whose cells are of another kind, which every accessor reads as nothing given: no
    /// length test is needed.
    #[inline]
    fn cell(&self, start: usize, at: usize) -> Option<&Cell> {
        self.cells.get(start + at)
    }

    fn cell_mut(&mut self, start: usize, length: usize, at: usize) -> Option<&mut Cell> {
        if at < length {
            self.cells.get_mut(start + at)
        } else {
            None
        }
    }

    /// The inputs of the indicator at position `indicator` of the edition's order: a reference,
    /// so that evaluation loads only the fields it reads.
    #[inline]
    pub fn inputs(&self, indicator: usize) -> &Inputs {
        match self.cells.get(indicator) {
            Some(Cell::Inputs(inputs)) => inputs,
            _ => &Inputs::NONE,
        }
    }

    /// The number at `at` of the numbers' list ([`Slots::numbers`]).
    #[inline]
    pub fn number(&self, at: usize) -> Option<i64> {
        match self.cell(self.starts.numbers, at) {
            Some(Cell::Number(n)) => Some(*n),
            _ => None,
        }
    }

    /// Whether the option at `at` of the options' list ([`Slots::options`]) is ticked.
    #[inline]
    pub fn ticked(&self, at: usize) -> bool {
        self.ticks(at, 1) != 0
    }

    /// The options `at..at + count` of the options' list ([`Slots::options`]) as bits: bit `i`
    /// set when option `at + i` is ticked; `count` at most 64. Past the list's end nothing is
    /// ticked.
    #[inline]
    pub fn ticks(&self, at: usize, count: usize) -> u64 {
        let word = |index: usize| match self.cell(self.starts.options, index) {
            Some(Cell::Ticks(bits)) => *bits,
            _ => 0,
        };
        let (index, shift) = (at / TICKS_PER_CELL, at % TICKS_PER_CELL);
        let mut bits = word(index) >> shift;
        if shift != 0 {
            bits |= word(index + 1) << (TICKS_PER_CELL - shift);
        }
        if count < TICKS_PER_CELL {
            bits &= (1u64 << count) - 1;
        }
        bits
    }

    /// The software role at `at` of the software list ([`Slots::software`]).
    #[inline]
    pub fn software(&self, at: usize) -> SoftwareState {
        match self.cell(self.starts.software, at) {
            Some(Cell::Software(state)) => *state,
            _ => SoftwareState::default(),
        }
    }

    /// The data of the rate at `at` of the rates' list ([`Slots::rates`]).
    #[inline]
    pub fn rate(&self, at: usize) -> Option<RateView<'_>> {
        match self.cell(self.starts.rates, at)? {
            Cell::Counts {
                numerator,
                denominator,
            } => Some(RateView::Counts {
                numerator: i64::from(*numerator),
                denominator: i64::from(*denominator),
            }),
            Cell::Rate(data) => Some(match &**data {
                RateData::Counts {
                    numerator,
                    denominator,
                } => RateView::Counts {
                    numerator: *numerator,
                    denominator: *denominator,
                },
                RateData::Acts(acts) => RateView::Acts(acts),
                RateData::Tallied(tally) => RateView::Tallied(tally),
            }),
            _ => None,
        }
    }

    /// Gives the rate at `at` of the rates' list its acts, counted as they were read; refused
    /// (the reason in French) when the case gives that rate already.
    pub fn put_tally(
        &mut self,
        at: usize,
        tally: crate::act_tests::ActTally,
    ) -> Result<(), String> {
        let (start, length) = (self.starts.rates, self.lengths.rates);
        match self.cell_mut(start, length, at) {
            Some(cell @ Cell::Empty) => {
                *cell = Cell::Rate(Box::new(RateData::Tallied(tally)));
                Ok(())
            }
            Some(_) => Err(
                "le taux est donné deux fois : `numerateur` et `denominateur` dans les déclarations, et des actes"
                    .into(),
            ),
            None => Err("ce taux n'a pas de place dans le cas".into()),
        }
    }

    /// The declared rate at `at` of the rates' list ([`Slots::rates`]).
    #[inline]
    pub fn declared(&self, at: usize) -> Option<DeclaredRate> {
        match self.cell(self.starts.rates, at) {
            Some(Cell::Declared(rate)) => Some(**rate),
            _ => None,
        }
    }

    /// The finding at `at` of the findings' list ([`Slots::findings`]).
    #[inline]
    pub fn finding(&self, at: usize) -> Option<bool> {
        match self.cell(self.starts.findings, at) {
            Some(Cell::Found(found)) => Some(*found),
            _ => None,
        }
    }

    /// How long each list of the case is (the edition's [`Layout::lengths`]).
    pub fn lengths(&self) -> Slots {
        self.lengths
    }
}

/// The validated inputs of one indicator that are not in the case's lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Inputs {
    /// Pre-filled.
    pub prefilled: Option<bool>,
    /// Answer.
    pub answer: Option<Answer>,
    /// Evidence.
    pub evidence: Option<EvidenceState>,
    /// The practitioner's exemptions name the indicator.
    pub exempt: bool,
    /// The case ticks some option of the indicator (its list of options is not empty).
    pub ticked_any: bool,
}

impl Inputs {
    /// Nothing given, as a constant to lend.
    pub const NONE: Inputs = Inputs {
        prefilled: None,
        answer: None,
        evidence: None,
        exempt: false,
        ticked_any: false,
    };
}

/// Nothing given: [`Inputs::NONE`].
impl Default for Inputs {
    fn default() -> Inputs {
        Inputs::NONE
    }
}

/// A software role of an indicator, as the case stands on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct SoftwareState {
    /// The practitioner declares software in this role.
    pub declared: bool,
    /// The practitioner's exemptions name the role.
    pub exempted: bool,
    /// When the declared software was acquired, if the case says.
    pub acquired: Option<guidec_runtime::Date>,
}

pub use crate::lowered::{Layout, Slots};

/// A rate's data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RateData {
    /// Counts given directly.
    Counts {
        /// Numerator.
        numerator: i64,
        /// Denominator.
        denominator: i64,
    },
    /// Acts.
    Acts(Vec<Act>),
    /// Acts counted as they were read, by the interpreter's plan of the edition
    /// ([`crate::interpret::Plan::tally_table`]): the population engine's.
    Tallied(crate::act_tests::ActTally),
}

/// A rate's data as a case holds it, lent ([`Case::rate`]): the same whether the case keeps
/// it in its cell or boxed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateView<'a> {
    /// Counts given directly.
    Counts {
        /// Numerator.
        numerator: i64,
        /// Denominator.
        denominator: i64,
    },
    /// Acts.
    Acts(&'a [Act]),
    /// Acts counted as they were read ([`RateData::Tallied`]).
    Tallied(&'a crate::act_tests::ActTally),
}

/// A validated act: the runtime's, read by its edition's act schema.
pub use guidec_runtime::Act;

/// Parses `AAAA-MM-JJ`, years 1 to 9999.
pub fn parse_date(text: &str) -> Option<CivilDate> {
    // The runtime's reader, which the generated code uses too: one case file, one meaning.
    guidec_runtime::Date::parse(text).map(CivilDate::of)
}

/// The date `days` days before `date` (days ≥ 0), or `None` out of the calendar's range.
pub fn days_before(date: CivilDate, days: i64) -> Option<CivilDate> {
    date.day_number()
        .checked_sub(days)
        .and_then(CivilDate::from_day_number)
}

fn at<T>(spanned: &Spanned<T>) -> (u64, u64) {
    (spanned.line, spanned.column)
}

struct Validator {
    errors: Vec<CaseError>,
}

impl Validator {
    fn error(
        &mut self,
        (line, column): (u64, u64),
        field: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.errors.push(CaseError {
            line,
            column,
            field: field.into(),
            message: message.into(),
        });
    }
}

/// Reads a case file's text with the runtime's one reader of case files: a syntax error, a
/// breach of its budget, an odd scalar, an unknown field or a wrong type is an error with the
/// field's path, line and column. Acts are read by `edition`'s act schema (`actes { ... }`).
pub fn read(text: &str, edition: &ir::Edition) -> Result<CaseFile, CaseError> {
    match &edition.acts {
        Some(acts) => guidec_runtime::reading_acts(&acts.runtime, || case_file::from_str(text)),
        None => case_file::from_str(text),
    }
    .map_err(CaseError::from)
}

impl From<case_file::Error> for CaseError {
    fn from(error: case_file::Error) -> CaseError {
        CaseError {
            line: error.line,
            column: error.column,
            field: error.path,
            message: error.message,
        }
    }
}

/// One indicator's places in the case being validated.
struct Placed<'a> {
    case: &'a mut Case,
    index: usize,
    slots: Slots,
}

impl Placed<'_> {
    fn inputs(&mut self, set: impl FnOnce(&mut Inputs)) {
        if let Some(Cell::Inputs(inputs)) = self.case.cells.get_mut(self.index) {
            set(inputs);
        }
    }

    fn software(&mut self, offset: usize, set: impl FnOnce(&mut SoftwareState)) {
        let (start, length) = (self.case.starts.software, self.case.lengths.software);
        if let Some(Cell::Software(state)) =
            self.case
                .cell_mut(start, length, self.slots.software + offset)
        {
            set(state);
        }
    }

    fn tick(&mut self, offset: usize) {
        let at = self.slots.options + offset;
        if at >= self.case.lengths.options {
            return;
        }
        let start = self.case.starts.options;
        let length = self.case.lengths.options.div_ceil(TICKS_PER_CELL);
        if let Some(Cell::Ticks(bits)) = self.case.cell_mut(start, length, at / TICKS_PER_CELL) {
            *bits |= 1 << (at % TICKS_PER_CELL);
        }
    }

    fn number(&mut self, offset: usize, value: i64) {
        let (start, length) = (self.case.starts.numbers, self.case.lengths.numbers);
        if let Some(cell) = self
            .case
            .cell_mut(start, length, self.slots.numbers + offset)
        {
            *cell = Cell::Number(value);
        }
    }

    fn rate(&mut self, offset: usize, data: RateData) {
        let (start, length) = (self.case.starts.rates, self.case.lengths.rates);
        if let Some(cell) = self.case.cell_mut(start, length, self.slots.rates + offset) {
            *cell = Cell::of_rate(data);
        }
    }

    fn declared(&mut self, offset: usize, rate: DeclaredRate) {
        let (start, length) = (self.case.starts.rates, self.case.lengths.rates);
        if let Some(cell) = self.case.cell_mut(start, length, self.slots.rates + offset) {
            *cell = Cell::Declared(Box::new(rate));
        }
    }

    fn finding(&mut self, offset: usize, value: bool) {
        let (start, length) = (self.case.starts.findings, self.case.lengths.findings);
        if let Some(cell) = self
            .case
            .cell_mut(start, length, self.slots.findings + offset)
        {
            *cell = Cell::Found(value);
        }
    }
}

/// Checks a case against its edition, giving the validated inputs or every problem found.
pub fn validate(file: &CaseFile, edition: &ir::Edition) -> Result<Case, Vec<CaseError>> {
    let mut validator = Validator { errors: Vec::new() };
    let key = edition.key();
    if file.edition.value != key {
        validator.error(
            at(&file.edition),
            "edition",
            format!(
                "le cas est pour `{}`, mais la spec est `{key}`",
                file.edition.value
            ),
        );
    }
    let layout = Layout::of(edition);
    let indicators: BTreeMap<String, (usize, &ir::Indicator)> = edition
        .sections
        .iter()
        .flat_map(|s| s.all_indicators())
        .enumerate()
        .map(|(index, (id, indicator))| (id, (index, indicator)))
        .collect();
    let mut case = Case {
        first_year: file.praticien.premiere_annee,
        vendor_changed: file.praticien.changement_editeur,
        evidence_requested: file.praticien.justificatif_demande,
        sworn: file.praticien.attestation_sur_l_honneur,
        transmitted_previous_year: file.praticien.fse_annee_precedente,
        ..Case::blank(&layout)
    };
    let mut exemptions: Vec<&str> = Vec::with_capacity(file.praticien.exonerations.len());
    for exemption in &file.praticien.exonerations {
        let known = indicators.values().any(|(_, i)| {
            i.exemptions.iter().any(|e| match &e.value.target {
                ir::ExemptionTarget::Software(role) => role == &exemption.value,
                ir::ExemptionTarget::Whole => i.id == exemption.value,
            })
        });
        if !known {
            validator.error(
                at(exemption),
                "praticien.exonerations",
                format!("l'édition n'a pas d'exonération `{}`", exemption.value),
            );
        }
        exemptions.push(&exemption.value);
    }
    // Exemptions are resolved once: each indicator and software role they name.
    for (index, indicator) in indicators.values() {
        let named = |id: &str| exemptions.contains(&id);
        let exempt = named(&indicator.id);
        let slots = layout.indicators.get(*index).copied().unwrap_or_default();
        let roles: Vec<bool> = indicator
            .software
            .iter()
            .map(|s| named(&s.value.id))
            .collect();
        let mut placed = Placed {
            case: &mut case,
            index: *index,
            slots,
        };
        placed.inputs(|inputs| inputs.exempt = exempt);
        for (offset, exempted) in roles.into_iter().enumerate() {
            placed.software(offset, |state| state.exempted = exempted);
        }
    }
    case.first_claim = file.praticien.premiere_fse.map(CivilDate::of);
    for (id, input) in &file.indicateurs {
        let field = format!("indicateurs.{id}");
        let Some(&(index, indicator)) = indicators.get(id) else {
            let known = indicators.keys().cloned().collect::<Vec<_>>().join(", ");
            validator.error(
                at(input),
                field,
                format!("l'édition n'a pas d'indicateur `{id}` ; ses indicateurs : {known}"),
            );
            continue;
        };
        let slots = layout.indicators.get(index).copied().unwrap_or_default();
        validator.indicator(
            indicator,
            &input.value,
            &field,
            at(input),
            &mut Placed {
                case: &mut case,
                index,
                slots,
            },
        );
    }
    if validator.errors.is_empty() {
        Ok(case)
    } else {
        let mut errors = validator.errors;
        errors.sort_by_key(|e| (e.line, e.column));
        Err(errors)
    }
}

impl Validator {
    fn indicator(
        &mut self,
        indicator: &ir::Indicator,
        input: &IndicatorInput,
        field: &str,
        place: (u64, u64),
        out: &mut Placed<'_>,
    ) {
        out.inputs(|i| i.prefilled = *input.prerempli);
        self.parts_the_indicator_lacks(indicator, input, field);
        if input.prerempli.is_some() && !indicator.takes(ir::CasePart::Prefilled) {
            self.error(
                place,
                format!("{field}.prerempli"),
                not_taken(ir::CasePart::Prefilled),
            );
        }
        if let Some(answer) = &*input.reponse {
            if !indicator.takes(ir::CasePart::Answer) {
                self.error(
                    at(answer),
                    format!("{field}.reponse"),
                    not_taken(ir::CasePart::Answer),
                );
            }
            out.inputs(|i| i.answer = Some(answer.value));
        }
        if let Some(text) = &*input.texte {
            if !indicator.takes(ir::CasePart::Text) {
                self.error(
                    at(text),
                    format!("{field}.texte"),
                    not_taken(ir::CasePart::Text),
                );
            }
        }
        if let Some(free) = &indicator.free_text {
            let empty = input
                .texte
                .as_ref()
                .is_none_or(|t| t.value.trim().is_empty());
            let yes = input.reponse.as_ref().map(|a| a.value) == Some(Answer::Yes);
            if free.value.mandatory_if_yes && yes && empty {
                let place = input.texte.as_ref().map_or(place, at);
                self.error(
                    place,
                    format!("{field}.texte"),
                    format!(
                        "la réponse est oui, donc « {} » doit être rempli",
                        free.value.label.resolved
                    ),
                );
            }
        }
        for (role, software) in &input.logiciels {
            if !indicator.software.iter().any(|s| &s.value.id == role) {
                let roles = indicator
                    .software
                    .iter()
                    .map(|s| s.value.id.clone())
                    .collect::<Vec<_>>()
                    .join(", ");
                self.error(
                    at(software),
                    format!("{field}.logiciels.{role}"),
                    format!(
                        "cet indicateur ne déclare pas de logiciel `{role}` (il déclare : {})",
                        if roles.is_empty() {
                            "aucun".into()
                        } else {
                            roles
                        }
                    ),
                );
            }
            let acquired = software.value.acquisition;
            for (offset, software) in indicator.software.iter().enumerate() {
                if &software.value.id == role {
                    out.software(offset, |s| {
                        s.declared = true;
                        s.acquired = acquired;
                    });
                }
            }
        }
        if let Some(choices) = &*input.choix {
            for choice in &choices.value {
                if !indicator
                    .choices
                    .iter()
                    .any(|c| c.options.iter().any(|o| &o.id == choice))
                {
                    let options = indicator
                        .options()
                        .map(|o| o.id.clone())
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.error(
                        at(choices),
                        format!("{field}.choix"),
                        format!(
                            "`{choice}` n'est pas une option de cet indicateur (options : {})",
                            if options.is_empty() {
                                "aucun".into()
                            } else {
                                options
                            }
                        ),
                    );
                }
            }
            for list in indicator.choices.iter().filter(|c| !c.multiple) {
                let ticked = choices
                    .value
                    .iter()
                    .filter(|c| list.options.iter().any(|o| &&o.id == c))
                    .count();
                if ticked > 1 {
                    self.error(
                        at(choices),
                        format!("{field}.choix"),
                        format!(
                            "« {} » prend une seule option, {ticked} sont cochées",
                            list.label.resolved
                        ),
                    );
                }
            }
            if *input.prerempli == Some(true) {
                for choice in &choices.value {
                    if let Some(option) = indicator
                        .options()
                        .find(|o| &o.id == choice && o.not_prefilled)
                    {
                        self.error(
                            at(choices),
                            format!("{field}.prerempli"),
                            format!(
                                "« {} » ne peut pas être pré-rempli : déclarez-le (`prerempli: non`)",
                                option.label.resolved
                            ),
                        );
                    }
                }
            }
            for (offset, option) in indicator.options().enumerate() {
                if choices.value.contains(&option.id) {
                    out.tick(offset);
                }
            }
            out.inputs(|i| i.ticked_any = !choices.value.is_empty());
        }
        for (id, value) in &input.nombres {
            let is_count = indicator.counts.iter().any(|c| &c.id == id);
            let is_option = indicator.choices.iter().any(|c| {
                c.options
                    .iter()
                    .any(|o| &o.id == id && o.minimum_per_year.is_some())
            });
            if !is_count && !is_option {
                self.error(
                    at(value),
                    format!("{field}.nombres.{id}"),
                    format!("cet indicateur ne compte pas de `{id}`"),
                );
            }
            for (offset, count) in indicator.counts.iter().enumerate() {
                if &count.id == id {
                    out.number(offset, value.value);
                }
            }
            for (offset, option) in indicator.options().enumerate() {
                if &option.id == id {
                    out.number(indicator.counts.len() + offset, value.value);
                }
            }
        }
        for (id, rate) in &input.mesures {
            let rate_field = format!("{field}.mesures.{id}");
            let Some(measured) = indicator.rates.iter().find(|r| &r.id == id) else {
                self.error(
                    at(rate),
                    rate_field.clone(),
                    format!("cet indicateur ne mesure pas de taux `{id}`"),
                );
                continue;
            };
            if measured.declared {
                self.error(
                    at(rate),
                    rate_field.clone(),
                    format!("le taux `{id}` est déclaré par le praticien : donnez-le sous `{field}.taux.{id}` (un pourcentage, `\"23,5 %\"`, ou `numerateur` et `denominateur`)"),
                );
                continue;
            }
            if rate.value.actes.is_some() && measured.numerator.is_none() {
                self.error(
                    at(rate),
                    format!("{rate_field}.actes"),
                    "l'édition ne donne pas de numérateur à ce taux, il ne se calcule donc pas à partir des actes : donnez `numerateur` et `denominateur`",
                );
                continue;
            }
            if let Some(data) = Validator::rate(&rate.value) {
                for (offset, _) in indicator
                    .rates
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| &r.id == id)
                {
                    out.rate(offset, data.clone());
                }
            }
        }
        for (id, declared) in &input.taux {
            let rate_field = format!("{field}.taux.{id}");
            match indicator.rates.iter().position(|r| &r.id == id) {
                None => self.error(
                    at(declared),
                    rate_field,
                    format!("cet indicateur ne déclare pas de taux `{id}`"),
                ),
                Some(offset) if indicator.rates.get(offset).is_some_and(|r| r.declared) => {
                    out.declared(offset, declared.value);
                }
                Some(_) => self.error(
                    at(declared),
                    rate_field,
                    format!("le taux `{id}` est mesuré par l'Assurance Maladie, non déclaré : donnez-le sous `{field}.mesures.{id}`"),
                ),
            }
        }
        for (id, value) in &input.constats {
            if !indicator.findings.iter().any(|f| &f.value.id == id) {
                self.error(
                    at(value),
                    format!("{field}.constats.{id}"),
                    format!("cet indicateur n'a pas de constat `{id}`"),
                );
            }
            for (offset, finding) in indicator.findings.iter().enumerate() {
                if &finding.value.id == id {
                    out.finding(offset, value.value);
                }
            }
        }
        if let Some(evidence) = &*input.justificatif {
            if !indicator.takes(ir::CasePart::Document) {
                self.error(
                    at(evidence),
                    format!("{field}.justificatif"),
                    not_taken(ir::CasePart::Document),
                );
            }
            out.inputs(|i| i.evidence = Some(evidence.value));
        }
    }

    /// A part written empty or null (`logiciels: {}`, `choix: []`, `texte: ~`, ...) that the
    /// indicator does not have: refused as the generated code refuses it (a part written with a
    /// value or entries has them refused on their own, below).
    fn parts_the_indicator_lacks(
        &mut self,
        indicator: &ir::Indicator,
        input: &IndicatorInput,
        field: &str,
    ) {
        for part in ir::CasePart::ALL {
            let (written_at, blank) = match part {
                ir::CasePart::Prefilled => (input.prerempli.written_at, input.prerempli.is_none()),
                ir::CasePart::Answer => (input.reponse.written_at, input.reponse.is_none()),
                ir::CasePart::Text => (input.texte.written_at, input.texte.is_none()),
                ir::CasePart::Software => (input.logiciels.written_at, input.logiciels.is_empty()),
                ir::CasePart::Choices => (
                    input.choix.written_at,
                    input.choix.as_ref().is_none_or(|c| c.value.is_empty()),
                ),
                ir::CasePart::Counts => (input.nombres.written_at, input.nombres.is_empty()),
                ir::CasePart::Measures => (input.mesures.written_at, input.mesures.is_empty()),
                ir::CasePart::DeclaredRates => (input.taux.written_at, input.taux.is_empty()),
                ir::CasePart::Findings => (input.constats.written_at, input.constats.is_empty()),
                ir::CasePart::Document => {
                    (input.justificatif.written_at, input.justificatif.is_none())
                }
            };
            if let Some(place) = written_at.filter(|_| blank && !indicator.takes(part)) {
                self.error(place, format!("{field}.{}", part.field()), not_taken(part));
            }
        }
    }

    /// A rate's data, from what the reader checked (acts alone, or ordered counts).
    fn rate(rate: &RateInput) -> Option<RateData> {
        match guidec_runtime::rate_data(Some(rate))? {
            guidec_runtime::RateData::Acts(acts) => Some(RateData::Acts(acts.to_vec())),
            guidec_runtime::RateData::Counts {
                numerator,
                denominator,
            } => Some(RateData::Counts {
                numerator,
                denominator,
            }),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// Past the cells kept inside the case, the cells on the heap are read and written at their
    /// place, and past the last one nothing is.
    #[test]
    fn cells_past_the_inline_ones_are_kept_on_the_heap() {
        let length = INLINE_CELLS + 3;
        let mut cells = Cells::empty(length);
        assert_eq!(cells.rest.len(), 3);
        assert_eq!(cells.iter_mut().count(), length);
        for at in [0, INLINE_CELLS - 1, INLINE_CELLS, length - 1] {
            *cells.get_mut(at).unwrap() = Cell::Number(i64::try_from(at).unwrap());
        }
        for at in [0, INLINE_CELLS - 1, INLINE_CELLS, length - 1] {
            assert_eq!(
                cells.get(at),
                Some(&Cell::Number(i64::try_from(at).unwrap()))
            );
        }
        assert_eq!(cells.get(1), Some(&Cell::Empty));
        assert_eq!(cells.get(length), None);
        assert!(cells.get_mut(length).is_none());
        // A short case allocates nothing, and its unused inline cells read as nothing given.
        let short = Cells::empty(5);
        assert!(short.rest.is_empty());
        assert_eq!(short.get(INLINE_CELLS - 1), Some(&Cell::Empty));
        assert_eq!(short.get(INLINE_CELLS), None);
    }

    #[test]
    fn counts_are_kept_in_their_cell_when_they_fit() {
        // A cell stays the size of a number's, counts included.
        assert_eq!(std::mem::size_of::<Cell>(), 16);
        let max = i64::from(u32::MAX);
        for (numerator, denominator, inline) in [
            (0, 0, true),
            (7, 10, true),
            (max, max, true),
            (max, max + 1, false),
            (max + 1, max + 1, false),
        ] {
            let cell = Cell::of_rate(RateData::Counts {
                numerator,
                denominator,
            });
            assert_eq!(
                matches!(cell, Cell::Counts { .. }),
                inline,
                "{numerator}/{denominator}"
            );
            let mut case = Case {
                cells: Cells::empty(1),
                ..Case::default()
            };
            *case.cells.get_mut(0).unwrap() = cell;
            assert_eq!(
                case.rate(0),
                Some(RateView::Counts {
                    numerator,
                    denominator
                })
            );
        }
        let acts = Cell::of_rate(RateData::Acts(Vec::new()));
        assert!(matches!(acts, Cell::Rate(_)));
    }
}
