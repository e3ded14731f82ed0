//! A rate's act conditions compiled once, for the interpreter's [`crate::interpret::Plan`]: each `actes où …` condition becomes a [`Test`] on an act's packed words, and a rate's conditions together a [`RateTests`], a table from the bits they read to what becomes of an act.
//!
//! A condition ([`ir::Condition`]) names the fields it tests; compiled, it reads them at the
//! places the edition's act schema gave them (`guidec_runtime::ActSchema`): the bits of a yes/no
//! or a list, tested against the set of values asked, a birth date's word for an age, a date's
//! or a number's word. A rate's exclusions, denominator and numerator read few bits: the bits of
//! the words their yes/no and list fields take, plus one bit per other test (an age, a date, a
//! number). When they are at most [`TABLE_BITS`], every combination is decided once, when the
//! plan is made, in the order the interpreter decides an act (the first exclusion that holds,
//! then the denominator and the numerator), and counting a case's acts is a lookup per act, with
//! no jump on the act's fields and nothing allocated. [`crate::interpret::holds`], the reading
//! of a condition node by node, is the reference the compiled tests are proven equal to (the
//! tests below, over every rate of `specs/`).

use crate::ir::{self, AgeUnit, CompareOp};
use crate::lowered::ActRate;
use guidec_runtime::acts::ACT_WORDS;
use guidec_runtime::{Act, Date, MONTH_STEP};

/// The most bits a rate's table is indexed by (a table of 4 096 bytes).
pub const TABLE_BITS: u32 = 12;

/// The most exclusions a table's entry can name.
const TABLE_EXCLUSIONS: usize = 63;

/// The values of a list field a test asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Values {
    /// Bit `v` set for value `v` (every value asked is below 64).
    Small(u64),
    /// The values asked, in order.
    Listed(Box<[u32]>),
}

impl Values {
    #[inline]
    fn contains(&self, value: u32) -> bool {
        match self {
            Values::Small(set) => value < 64 && (set >> value) & 1 != 0,
            Values::Listed(values) => values.contains(&value),
        }
    }
}

/// A condition on an act, compiled: every field read at its place in the act's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Test {
    /// Always (`true`) or never.
    Const(bool),
    /// The bits `shift .. shift + width` of word `word` (a yes/no's 0 or 1, a list's index)
    /// are one of `values`.
    Field {
        /// The word.
        word: usize,
        /// The first bit.
        shift: u32,
        /// `2^width − 1`.
        mask: u32,
        /// The values that hold.
        values: Values,
    },
    /// The age at the act, from the birth date held in word `word`, compared with `amount`
    /// units; does not hold when the birth is unknown.
    Age {
        /// The word of the birth date.
        word: usize,
        /// The comparison.
        op: CompareOp,
        /// How many units.
        amount: i64,
        /// Which unit.
        unit: AgeUnit,
    },
    /// The date held in word `word` compared with the day `day` (a day number); does not hold
    /// when the date is unknown.
    Date {
        /// The word.
        word: usize,
        /// The comparison.
        op: CompareOp,
        /// The day compared with, as a day number.
        day: i64,
    },
    /// The number held in word `word` compared with `value`.
    Number {
        /// The word.
        word: usize,
        /// The comparison.
        op: CompareOp,
        /// The number compared with.
        value: i64,
    },
    /// Does not hold.
    Not(Box<Test>),
    /// All hold.
    All(Box<[Test]>),
    /// One holds.
    Any(Box<[Test]>),
}

#[inline]
fn compare(op: CompareOp, left: i64, right: i64) -> bool {
    match op {
        CompareOp::Less => left < right,
        CompareOp::LessOrEqual => left <= right,
        CompareOp::Greater => left > right,
        CompareOp::GreaterOrEqual => left >= right,
        CompareOp::Equal => left == right,
        CompareOp::NotEqual => left != right,
    }
}

impl Test {
    /// Compiles a condition on an act.
    pub fn compile(condition: &ir::Condition) -> Test {
        let mask = |width: u32| {
            1u32.checked_shl(width)
                .map_or(u32::MAX, |m| m.wrapping_sub(1))
        };
        match condition {
            ir::Condition::Any(parts) => {
                let parts: Vec<Test> = parts.iter().map(Test::compile).collect();
                match parts.len() {
                    0 => Test::Const(false),
                    1 => parts.into_iter().next().unwrap_or(Test::Const(false)),
                    _ => Test::Any(parts.into_boxed_slice()),
                }
            }
            ir::Condition::All(parts) => {
                let parts: Vec<Test> = parts.iter().map(Test::compile).collect();
                match parts.len() {
                    0 => Test::Const(true),
                    1 => parts.into_iter().next().unwrap_or(Test::Const(true)),
                    _ => Test::All(parts.into_boxed_slice()),
                }
            }
            ir::Condition::Not(inner) => match Test::compile(inner) {
                Test::Const(holds) => Test::Const(!holds),
                Test::Not(inner) => *inner,
                inner => Test::Not(Box::new(inner)),
            },
            // A yes/no holds when its bit is set: any value but 0 of its bits.
            ir::Condition::Flag(field) => {
                let (word, shift, mask) =
                    (field.place.word, field.place.shift, mask(field.place.width));
                match 1u64.checked_shl(mask.saturating_add(1)) {
                    // Every value of its bits but 0.
                    Some(all) => Test::Field {
                        word,
                        shift,
                        mask,
                        values: Values::Small(all.wrapping_sub(1) & !1),
                    },
                    None => Test::Not(Box::new(Test::Field {
                        word,
                        shift,
                        mask,
                        values: Values::Small(1),
                    })),
                }
            }
            ir::Condition::In { field, values, .. } => {
                let indexes: Vec<u32> = values.iter().map(|(index, _)| *index).collect();
                let values = if indexes.iter().all(|i| *i < 64) {
                    Values::Small(indexes.iter().fold(0u64, |set, i| set | (1u64 << i)))
                } else {
                    Values::Listed(indexes.into_boxed_slice())
                };
                Test::Field {
                    word: field.place.word,
                    shift: field.place.shift,
                    mask: mask(field.place.width),
                    values,
                }
            }
            ir::Condition::Age {
                field,
                op,
                amount,
                unit,
            } => Test::Age {
                word: field.place.word,
                op: *op,
                amount: *amount,
                unit: *unit,
            },
            ir::Condition::Date { field, op, date } => Test::Date {
                word: field.place.word,
                op: *op,
                day: date.day_number(),
            },
            ir::Condition::Number { field, op, value } => Test::Number {
                word: field.place.word,
                op: *op,
                value: *value,
            },
        }
    }

    /// Whether the test holds for `act`.
    #[inline]
    pub fn holds(&self, act: &Act) -> bool {
        match self {
            Test::Const(holds) => *holds,
            Test::Field {
                word,
                shift,
                mask,
                values,
            } => values.contains(act.word(*word).checked_shr(*shift).unwrap_or(0) & mask),
            Test::Age {
                word,
                op,
                amount,
                unit,
            } => match act.date_in(*word) {
                None => false,
                Some(birth) => {
                    let age = match unit {
                        AgeUnit::Days => guidec_runtime::age_in_days(birth, act.date),
                        AgeUnit::Months => guidec_runtime::age_in_months(birth, act.date),
                        AgeUnit::Years => guidec_runtime::age_in_years(birth, act.date),
                    };
                    compare(*op, age, *amount)
                }
            },
            Test::Date { word, op, day } => act
                .date_in(*word)
                .is_some_and(|date| compare(*op, date.day_number(), *day)),
            Test::Number { word, op, value } => compare(*op, i64::from(act.word(*word)), *value),
            Test::Not(inner) => !inner.holds(act),
            Test::All(parts) => parts.iter().all(|t| t.holds(act)),
            Test::Any(parts) => parts.iter().any(|t| t.holds(act)),
        }
    }

    /// Whether the test holds for the acts of table key `key` (see [`Key`]).
    fn holds_keyed(&self, key: u32, layout: &Key) -> bool {
        match self {
            Test::Const(holds) => *holds,
            Test::Field {
                word,
                shift,
                mask,
                values,
            } => {
                let at = layout.shifts.get(*word).copied().unwrap_or(0);
                let bits = key.checked_shr(at).unwrap_or(0)
                    & layout.masks.get(*word).copied().unwrap_or(0);
                values.contains(bits.checked_shr(*shift).unwrap_or(0) & mask)
            }
            Test::Not(inner) => !inner.holds_keyed(key, layout),
            Test::All(parts) => parts.iter().all(|t| t.holds_keyed(key, layout)),
            Test::Any(parts) => parts.iter().any(|t| t.holds_keyed(key, layout)),
            atom => layout
                .atoms
                .iter()
                .position(|a| a == atom)
                .and_then(|i| u32::try_from(i).ok())
                .is_some_and(|i| {
                    key.checked_shr(layout.atoms_at.saturating_add(i))
                        .unwrap_or(0)
                        & 1
                        != 0
                }),
        }
    }

    /// The highest bit (exclusive) read in each word by the field tests, and the other tests
    /// (ages, dates, numbers), each once.
    fn reads(&self, high: &mut [u32; ACT_WORDS], atoms: &mut Vec<Test>) {
        match self {
            Test::Const(_) => {}
            Test::Field {
                word, shift, mask, ..
            } => {
                let top = shift.saturating_add(u32::BITS - mask.leading_zeros());
                // A word past the act's is read as 0 by `Act::word`, by no key.
                if let Some(slot) = high.get_mut(*word) {
                    *slot = (*slot).max(top);
                }
            }
            Test::Not(inner) => inner.reads(high, atoms),
            Test::All(parts) | Test::Any(parts) => {
                for part in parts.iter() {
                    part.reads(high, atoms);
                }
            }
            atom => {
                if !atoms.contains(atom) {
                    atoms.push(atom.clone());
                }
            }
        }
    }
}

/// How a table key is made of an act: the low bits of each word the field tests read, side by
/// side, then a bit per other test.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Key {
    /// Per word, the bits of it that the key takes (its low bits).
    masks: [u32; ACT_WORDS],
    /// Per word, where its bits start in the key.
    shifts: [u32; ACT_WORDS],
    /// The other tests, a bit each from `atoms_at`.
    atoms: Vec<Test>,
    /// The first of them when it is an age in months (the usual `âge < 3 mois`, put first),
    /// worked out inline by [`Key::of`], its bit at `atoms_at`.
    age: Option<AgeWindow>,
    /// The others, as [`Key::of`] works them out, their bits after it.
    others: Vec<Atom>,
    /// Where the other tests' bits start.
    atoms_at: u32,
}

/// A test of a key that is not read as bits, as [`Key::of`] works it out: an age in months
/// (`âge < 3 mois`, the usual one) inline, as a window of months' steps, without the call and
/// the matches of [`Test::holds`]; any other by [`Test::holds`].
#[derive(Clone, Debug, PartialEq, Eq)]
enum Atom {
    AgeInMonths(AgeWindow),
    Other(Test),
}

/// An age in months on an act's date, of the birth date in `word`, compared with a number of
/// months, as a window of [`guidec_runtime::month_steps_between`]: the age is those steps
/// floored to a multiple of [`MONTH_STEP`] and divided by it, so `âge < a` holds below
/// `a × MONTH_STEP` steps, `âge ≤ a` below `(a + 1) × MONTH_STEP`, `âge = a` between the two,
/// and `>`, `≥` and `≠` outside those windows. No division and no match on the comparison per
/// act. (Steps between two dates of years 1 to 9999 stay far below the saturated bounds.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct AgeWindow {
    word: usize,
    /// The window's first step.
    low: i64,
    /// The step after the window.
    high: i64,
    /// The test holds outside the window.
    outside: bool,
}

impl AgeWindow {
    fn new(word: usize, op: CompareOp, amount: i64) -> AgeWindow {
        let at = amount.saturating_mul(MONTH_STEP);
        let next = amount.saturating_add(1).saturating_mul(MONTH_STEP);
        let (low, high, outside) = match op {
            CompareOp::Less => (i64::MIN, at, false),
            CompareOp::LessOrEqual => (i64::MIN, next, false),
            CompareOp::GreaterOrEqual => (i64::MIN, at, true),
            CompareOp::Greater => (i64::MIN, next, true),
            CompareOp::Equal => (at, next, false),
            CompareOp::NotEqual => (at, next, true),
        };
        AgeWindow {
            word,
            low,
            high,
            outside,
        }
    }

    #[inline(always)]
    fn holds(&self, act: &Act) -> bool {
        act.date_in(self.word).is_some_and(|birth| {
            let steps = guidec_runtime::month_steps_between(birth, act.date);
            (self.low <= steps && steps < self.high) != self.outside
        })
    }
}

impl Atom {
    fn of(test: &Test) -> Atom {
        match test {
            Test::Age {
                word,
                op,
                amount,
                unit: AgeUnit::Months,
            } => Atom::AgeInMonths(AgeWindow::new(*word, *op, *amount)),
            other => Atom::Other(other.clone()),
        }
    }

    #[inline(always)]
    fn holds(&self, act: &Act) -> bool {
        match self {
            Atom::AgeInMonths(window) => window.holds(act),
            Atom::Other(test) => test.holds(act),
        }
    }
}

impl Key {
    /// The key of the bits `tests` read, and how many bits it has, when they are at most
    /// [`TABLE_BITS`].
    fn for_tests<'t>(tests: impl Iterator<Item = &'t Test>) -> Option<(Key, u32)> {
        let mut high = [0u32; ACT_WORDS];
        let mut atoms = Vec::new();
        for test in tests {
            test.reads(&mut high, &mut atoms);
        }
        let mut masks = [0u32; ACT_WORDS];
        let mut shifts = [0u32; ACT_WORDS];
        let mut bits = 0u32;
        for word in 0..ACT_WORDS {
            let top = high[word];
            masks[word] = 1u32
                .checked_shl(top)
                .map_or(u32::MAX, |m| m.wrapping_sub(1));
            shifts[word] = bits;
            bits = bits.saturating_add(top);
        }
        let atoms_at = bits;
        bits = bits.saturating_add(u32::try_from(atoms.len()).unwrap_or(u32::MAX));
        if bits > TABLE_BITS {
            return None;
        }
        // An age in months first, so that its bit is worked out without a walk of the others.
        let mut checks: Vec<Atom> = atoms.iter().map(Atom::of).collect();
        if let Some(at) = checks
            .iter()
            .position(|a| matches!(a, Atom::AgeInMonths(_)))
        {
            atoms[..=at].rotate_right(1);
            checks[..=at].rotate_right(1);
        }
        let age = match checks.first() {
            Some(Atom::AgeInMonths(window)) => Some(*window),
            _ => None,
        };
        Some((
            Key {
                masks,
                shifts,
                age,
                others: checks
                    .into_iter()
                    .skip(usize::from(age.is_some()))
                    .collect(),
                atoms,
                atoms_at,
            },
            bits,
        ))
    }

    #[inline(always)]
    fn of(&self, act: &Act) -> usize {
        let mut key = 0u32;
        // A shift is below `TABLE_BITS`.
        for ((word, mask), shift) in act.words().iter().zip(&self.masks).zip(&self.shifts) {
            key |= (word & mask).wrapping_shl(*shift);
        }
        // The atoms' bits too: [`Key::for_tests`] keeps every bit below `TABLE_BITS`, so no
        // shift below wraps.
        let mut at = self.atoms_at;
        if let Some(window) = &self.age {
            key |= u32::from(window.holds(act)).wrapping_shl(at);
            at = at.wrapping_add(1);
        }
        for atom in &self.others {
            key |= u32::from(atom.holds(act)).wrapping_shl(at);
            at = at.wrapping_add(1);
        }
        usize::try_from(key).unwrap_or(0)
    }
}

/// What became of a rate's acts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counted {
    /// Acts in the numerator.
    pub numerator: i64,
    /// Acts in the denominator.
    pub denominator: i64,
    /// Acts outside the period.
    pub outside: i64,
}

/// A rate over acts, compiled: its exclusions (the first that holds leaves the act out), its
/// denominator and numerator; a table of every combination of the bits they read when these
/// are few.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateTests {
    exclusions: Box<[Test]>,
    denominator: Option<Test>,
    numerator: Test,
    table: Option<Table>,
}

/// Per key, what becomes of an act: bit 0 counted in the denominator, bit 1 in the numerator,
/// bits 2 and up the exclusion that holds, plus one (0: none).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Table {
    key: Key,
    entries: Box<[u8]>,
}

impl RateTests {
    /// Compiles a rate's act conditions, and its table when they read at most [`TABLE_BITS`]
    /// bits and name at most 63 exclusions.
    pub fn new(rule: &ActRate) -> RateTests {
        let exclusions: Box<[Test]> = rule
            .exclusions
            .iter()
            .map(|(c, _)| Test::compile(c))
            .collect();
        let denominator = rule.denominator.as_ref().map(Test::compile);
        let numerator = Test::compile(&rule.numerator);
        let mut tests = RateTests {
            exclusions,
            denominator,
            numerator,
            table: None,
        };
        tests.table = tests.table();
        tests
    }

    fn table(&self) -> Option<Table> {
        if self.exclusions.len() > TABLE_EXCLUSIONS {
            return None;
        }
        let (key, bits) = Key::for_tests(self.tests())?;
        let entries = (0u32..1u32 << bits)
            .map(|k| match self.class_by(|t| t.holds_keyed(k, &key)) {
                kept if kept < CLASSES_KEPT => u8::try_from(kept).unwrap_or(0),
                excluded => u8::try_from(excluded - CLASSES_KEPT + 1).unwrap_or(0) << 2,
            })
            .collect();
        Some(Table { key, entries })
    }

    /// The rate's tests: its exclusions, its denominator, its numerator.
    fn tests(&self) -> impl Iterator<Item = &Test> {
        self.exclusions
            .iter()
            .chain(self.denominator.iter())
            .chain(std::iter::once(&self.numerator))
    }

    /// What becomes of an act inside the period: its class ([`TallyTable`]).
    fn class_of(&self, act: &Act) -> usize {
        self.class_by(|t| t.holds(act))
    }

    /// The class of an act of which each test holds as `holds` says: the first exclusion
    /// that holds, else whether it is in the denominator and in the numerator.
    #[inline]
    fn class_by(&self, holds: impl Fn(&Test) -> bool) -> usize {
        match self.exclusions.iter().position(&holds) {
            Some(index) => CLASSES_KEPT + index,
            None => {
                usize::from(self.denominator.as_ref().is_none_or(&holds))
                    | (usize::from(holds(&self.numerator)) << 1)
            }
        }
    }

    /// How many exclusions the rate has.
    pub fn exclusions(&self) -> usize {
        self.exclusions.len()
    }

    /// Whether the rate is counted through a table (its conditions read few bits).
    pub fn tabled(&self) -> bool {
        self.table.is_some()
    }

    /// Counts `acts` (each weighted by its `count`) from `start` to `end` inclusive: outside the
    /// period, left out by an exclusion (the first that holds, added to `excluded[index]` when
    /// given, a slot per exclusion), in the denominator, in the numerator.
    pub fn count(
        &self,
        acts: &[Act],
        start: Date,
        end: Date,
        excluded: Option<&mut [i64]>,
    ) -> Counted {
        match (&self.table, excluded) {
            (Some(table), None) => table.count(acts, start, end),
            (Some(table), Some(excluded)) => table.count_excluded(acts, start, end, excluded),
            (None, excluded) => self.count_tests(acts, start, end, excluded),
        }
    }

    /// The count by the tests themselves, act by act.
    fn count_tests(
        &self,
        acts: &[Act],
        start: Date,
        end: Date,
        mut excluded: Option<&mut [i64]>,
    ) -> Counted {
        let mut counted = Counted::default();
        for act in acts {
            let weight = i64::from(act.count);
            if act.date < start || act.date > end {
                counted.outside = counted.outside.saturating_add(weight);
                continue;
            }
            if let Some(index) = self.exclusions.iter().position(|t| t.holds(act)) {
                if let Some(slot) = excluded.as_deref_mut().and_then(|e| e.get_mut(index)) {
                    *slot = slot.saturating_add(weight);
                }
                continue;
            }
            if self.denominator.as_ref().is_none_or(|t| t.holds(act)) {
                counted.denominator = counted.denominator.saturating_add(weight);
            }
            if self.numerator.holds(act) {
                counted.numerator = counted.numerator.saturating_add(weight);
            }
        }
        counted
    }
}

impl Table {
    /// The count without the exclusions' tallies: a lookup per act, no jump on its fields.
    #[inline]
    fn count(&self, acts: &[Act], start: Date, end: Date) -> Counted {
        let mut numerator = 0i64;
        let mut denominator = 0i64;
        let mut outside = 0i64;
        for act in acts {
            let weight = i64::from(act.count);
            let inside = i64::from((act.date >= start) & (act.date <= end));
            let entry = i64::from(self.entries.get(self.key.of(act)).copied().unwrap_or(0));
            let counted = weight * inside;
            outside += weight - counted;
            denominator += counted * (entry & 1);
            numerator += counted * ((entry >> 1) & 1);
        }
        Counted {
            numerator,
            denominator,
            outside,
        }
    }

    /// The count with the exclusions' tallies, for the reasons.
    fn count_excluded(
        &self,
        acts: &[Act],
        start: Date,
        end: Date,
        excluded: &mut [i64],
    ) -> Counted {
        let mut counted = Counted::default();
        for act in acts {
            let weight = i64::from(act.count);
            if act.date < start || act.date > end {
                counted.outside = counted.outside.saturating_add(weight);
                continue;
            }
            let entry = self.entries.get(self.key.of(act)).copied().unwrap_or(0);
            match usize::from(entry >> 2) {
                0 => {
                    if entry & 1 != 0 {
                        counted.denominator = counted.denominator.saturating_add(weight);
                    }
                    if entry & 2 != 0 {
                        counted.numerator = counted.numerator.saturating_add(weight);
                    }
                }
                index => {
                    if let Some(slot) = excluded.get_mut(index - 1) {
                        *slot = slot.saturating_add(weight);
                    }
                }
            }
        }
        counted
    }
}

/// The classes of an act the exclusions keep: bit 0 counted in the denominator, bit 1 in the
/// numerator; class `CLASSES_KEPT + k` is an act left out by exclusion `k`.
const CLASSES_KEPT: usize = 4;

/// The buckets of a tally: 0 for the acts outside the rate's year, 1 to 12 for its months.
pub const TALLY_BUCKETS: usize = 13;

/// The bit of a tally table's entry set when the act is a claim; the bits below it give where
/// the act's class starts among the counters.
const CLAIM_BIT: u16 = 1 << 15;

// Every class a table is made for (those of at most `TABLE_EXCLUSIONS` exclusions) starts
// below `CLAIM_BIT`, so an entry holds its start whole.
const _: () = assert!((CLASSES_KEPT + TABLE_EXCLUSIONS) * TALLY_BUCKETS < CLAIM_BIT as usize);

/// A rate's acts counted once, where they fall: per bucket ([`TALLY_BUCKETS`]: outside the
/// year, then each month of it) and per class (in the denominator, in the numerator, left out
/// by each exclusion), with the first claim of the year; what an act list gives a rate, for any
/// period that starts on the 1st of a month of the year and ends on its 31 December, which is
/// every period of the language ([`crate::lowered::Period`]). The population engine folds each
/// act into its practitioner's tally as it reads it, so that its memory grows with the
/// practitioners, never with the acts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActTally {
    /// Per class, per bucket, the acts' weights.
    pub counters: Box<[i64]>,
    /// The first act of the year that is a claim (`première fse actes où …`), a line that
    /// stands for no act left out.
    pub first_claim: Option<Date>,
}

/// How a rate's acts are tallied: its tests compiled, the first claim's, its year, and, when
/// they read few bits, a table from an act's bits to its class and whether it is a claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TallyTable {
    tests: RateTests,
    claim: Option<Test>,
    year: i32,
    classes: usize,
    /// Per key, where the act's class starts among the counters (its class times
    /// [`TALLY_BUCKETS`]), and [`CLAIM_BIT`] set when it is a claim.
    table: Option<(Key, Box<[u16]>)>,
}

impl TallyTable {
    /// The tally of a rate's acts (`tests`) for the edition of `year`, whose first claim is
    /// `claim`.
    pub fn new(tests: &RateTests, claim: Option<&Test>, year: i32) -> TallyTable {
        let classes = CLASSES_KEPT + tests.exclusions();
        let table = (tests.exclusions() <= TABLE_EXCLUSIONS)
            .then(|| Key::for_tests(tests.tests().chain(claim)))
            .flatten()
            .map(|(key, bits)| {
                let entries = (0u32..1u32 << bits)
                    .map(|k| {
                        let class = tests.class_by(|t| t.holds_keyed(k, &key));
                        let claim = claim.is_some_and(|t| t.holds_keyed(k, &key));
                        // Below `CLAIM_BIT`, as asserted where it is defined.
                        u16::try_from(class * TALLY_BUCKETS).unwrap_or(0)
                            | if claim { CLAIM_BIT } else { 0 }
                    })
                    .collect();
                (key, entries)
            });
        TallyTable {
            tests: tests.clone(),
            claim: claim.cloned(),
            year,
            classes,
            table,
        }
    }

    /// How many counters a tally holds.
    pub fn width(&self) -> usize {
        TALLY_BUCKETS * self.classes
    }

    /// An empty tally.
    pub fn empty(&self) -> ActTally {
        ActTally {
            counters: vec![0; self.width()].into_boxed_slice(),
            first_claim: None,
        }
    }

    /// Adds `act` to a tally's `counters` (a slice of [`TallyTable::width`]) and first claim.
    /// The counters are laid out class after class, each class a bucket per month, so that the
    /// table gives the class's first counter and the act's month is added to it.
    #[inline(always)]
    pub fn add(&self, counters: &mut [i64], first_claim: &mut Option<Date>, act: &Act) {
        let (class_start, claim) = match &self.table {
            Some((key, entries)) => {
                let entry = entries.get(key.of(act)).copied().unwrap_or(0);
                (usize::from(entry & !CLAIM_BIT), entry & CLAIM_BIT != 0)
            }
            None => (
                self.tests.class_of(act) * TALLY_BUCKETS,
                self.claim.as_ref().is_some_and(|t| t.holds(act)),
            ),
        };
        let bucket = act.date.month_in(self.year);
        if let Some(slot) = counters.get_mut(class_start + bucket) {
            *slot = slot.saturating_add(i64::from(act.count));
        }
        if claim && bucket != 0 && act.count > 0 {
            *first_claim = Some(first_claim.map_or(act.date, |first| first.min(act.date)));
        }
    }

    /// A tally of `acts`.
    pub fn tally(&self, acts: &[Act]) -> ActTally {
        let mut tally = self.empty();
        for act in acts {
            self.add(&mut tally.counters, &mut tally.first_claim, act);
        }
        tally
    }

    /// The count of a tally from `start` to the 31 December of the year, as
    /// [`RateTests::count`] counts the acts tallied: outside the period, left out by an
    /// exclusion (added to `excluded[index]` when given), in the denominator, in the numerator.
    pub fn counted(
        &self,
        tally: &ActTally,
        start: Date,
        mut excluded: Option<&mut [i64]>,
    ) -> Counted {
        // The first bucket inside the period.
        let first = match start.year().cmp(&self.year) {
            std::cmp::Ordering::Less => 1,
            std::cmp::Ordering::Equal => usize::try_from(start.month()).unwrap_or(1).max(1),
            std::cmp::Ordering::Greater => TALLY_BUCKETS,
        };
        let mut counted = Counted::default();
        for (class, counters) in tally.counters.chunks(TALLY_BUCKETS).enumerate() {
            for (bucket, weight) in counters.iter().enumerate() {
                if bucket < first {
                    counted.outside = counted.outside.saturating_add(*weight);
                } else if class < CLASSES_KEPT {
                    if class & 1 != 0 {
                        counted.denominator = counted.denominator.saturating_add(*weight);
                    }
                    if class & 2 != 0 {
                        counted.numerator = counted.numerator.saturating_add(*weight);
                    }
                } else if let Some(slot) = excluded
                    .as_deref_mut()
                    .and_then(|e| e.get_mut(class - CLASSES_KEPT))
                {
                    *slot = slot.saturating_add(*weight);
                }
            }
        }
        counted
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use guidec_runtime::acts::{FieldKind, FieldValue};

    /// A small random generator (xorshift), seeded.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n.max(1)
        }
    }

    fn specs() -> Vec<ir::Edition> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut editions = Vec::new();
        for folder in [
            "specs/fami",
            "specs/forfait_structure",
            "tests/schema/specs/fami",
        ] {
            for entry in std::fs::read_dir(root.join(folder)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "guide") {
                    let checked = crate::driver::check_file(&path).unwrap();
                    editions.push(checked.edition.unwrap());
                }
            }
        }
        editions
    }

    /// A random act of `schema`: every field given or not, ages around the thresholds.
    fn random_act(schema: &guidec_runtime::ActSchema, rng: &mut Rng) -> Act {
        let date = Date::from_day_number(
            Date::first_of_year(2025).day_number() - 20 + i64::try_from(rng.below(410)).unwrap(),
        )
        .unwrap();
        let values: Vec<FieldValue> = schema
            .fields()
            .iter()
            .map(|field| match &field.kind {
                FieldKind::YesNo => FieldValue::YesNo(rng.below(4) == 0),
                FieldKind::List { values, default } => {
                    if default.is_some() && rng.below(3) == 0 {
                        FieldValue::Absent
                    } else {
                        let at = usize::try_from(rng.below(values.len() as u64)).unwrap();
                        FieldValue::Name(values[at].clone())
                    }
                }
                FieldKind::Age { .. } => match rng.below(3) {
                    0 => FieldValue::Absent,
                    1 => FieldValue::AgeDays(rng.below(200)),
                    _ => FieldValue::Birth(
                        date.days_before(i64::try_from(rng.below(40_000)).unwrap())
                            .unwrap(),
                    ),
                },
                FieldKind::Date => {
                    if rng.below(2) == 0 {
                        FieldValue::Absent
                    } else {
                        FieldValue::Date(
                            date.days_before(i64::try_from(rng.below(400)).unwrap())
                                .unwrap(),
                        )
                    }
                }
                FieldKind::Number => FieldValue::Number(u32::try_from(rng.below(50)).unwrap()),
            })
            .collect();
        schema
            .act(date, u32::try_from(rng.below(4)).unwrap(), &values)
            .unwrap()
    }

    /// The count as the interpreter defines it, condition by condition ([`crate::interpret::holds`]).
    fn reference(rule: &ActRate, acts: &[Act], start: Date, end: Date) -> (Counted, Vec<i64>) {
        let holds = crate::interpret::holds;
        let mut counted = Counted::default();
        let mut excluded = vec![0i64; rule.exclusions.len()];
        for act in acts {
            let weight = i64::from(act.count);
            if act.date < start || act.date > end {
                counted.outside += weight;
                continue;
            }
            if let Some(index) = rule.exclusions.iter().position(|(c, _)| holds(c, act)) {
                excluded[index] += weight;
                continue;
            }
            if rule.denominator.as_ref().is_none_or(|c| holds(c, act)) {
                counted.denominator += weight;
            }
            if holds(&rule.numerator, act) {
                counted.numerator += weight;
            }
        }
        (counted, excluded)
    }

    /// The rates of `edition` computed from acts, lowered.
    fn rates_over_acts(edition: &ir::Edition) -> Vec<ActRate> {
        crate::lowered::lower(edition)
            .indicators
            .iter()
            .flat_map(|i| i.conditions.iter())
            .filter_map(|c| match c {
                crate::lowered::Condition::Rate(rate) => rate.acts.as_deref().cloned(),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn an_age_window_holds_as_the_age_in_months_compared() {
        let ops = [
            CompareOp::Less,
            CompareOp::LessOrEqual,
            CompareOp::Greater,
            CompareOp::GreaterOrEqual,
            CompareOp::Equal,
            CompareOp::NotEqual,
        ];
        let mut rng = Rng(0xa9e_2025);
        let mut held = 0;
        for _ in 0..20_000 {
            let date = Date::from_day_number(
                Date::first_of_year(2024).day_number() + i64::try_from(rng.below(800)).unwrap(),
            )
            .unwrap();
            let birth = date
                .days_before(i64::try_from(rng.below(4_000)).unwrap() - 200)
                .unwrap();
            let words = [Date::to_bits(Some(birth)), 0];
            let act = Act::from_words(date, 1, words);
            let months = guidec_runtime::age_in_months(birth, date);
            for op in ops {
                for amount in [-1, 0, 1, 2, 3, 4, 12, 59, 60, 61, 130, i64::MAX, i64::MIN] {
                    let window = AgeWindow::new(0, op, amount);
                    let expected = compare(op, months, amount);
                    assert_eq!(
                        window.holds(&act),
                        expected,
                        "{birth:?} → {date:?}: {months} months {op:?} {amount}"
                    );
                    held += usize::from(expected);
                }
            }
        }
        assert!(held > 100_000, "{held}");
        // No birth date: the test does not hold, whatever the comparison.
        let act = Act::from_words(Date::first_of_year(2025), 1, [0, 0]);
        for op in ops {
            assert!(!AgeWindow::new(0, op, 3).holds(&act));
        }
    }

    #[test]
    fn compiled_rates_count_as_the_conditions_read_node_by_node() {
        let mut rng = Rng(0x5eed_2025);
        let mut rates = 0;
        for edition in specs() {
            let Some(schema) = &edition.acts else {
                continue;
            };
            for rule in rates_over_acts(&edition) {
                rates += 1;
                let tests = RateTests::new(&rule);
                assert!(tests.tabled(), "{}: the rate's table", edition.key());
                let mut untabled = tests.clone();
                untabled.table = None;
                let start = Date::first_of_month(2025, 1 + u32::try_from(rng.below(12)).unwrap());
                let end = Date::last_of_year(2025);
                let acts: Vec<Act> = (0..5_000)
                    .map(|_| random_act(&schema.runtime, &mut rng))
                    .collect();
                let (expected, expected_excluded) = reference(&rule, &acts, start, end);
                for tests in [&tests, &untabled] {
                    assert_eq!(
                        tests.count(&acts, start, end, None),
                        expected,
                        "{}",
                        edition.key()
                    );
                    let mut excluded = vec![0i64; tests.exclusions()];
                    assert_eq!(
                        tests.count(&acts, start, end, Some(&mut excluded)),
                        expected,
                        "{}",
                        edition.key()
                    );
                    assert_eq!(excluded, expected_excluded, "{}", edition.key());
                }
                if let Some(claim) = &schema.first_claim {
                    let test = Test::compile(claim);
                    for act in &acts {
                        assert_eq!(test.holds(act), crate::interpret::holds(claim, act));
                    }
                }
            }
        }
        assert!(rates >= 6, "{rates} rates over acts");
    }

    #[test]
    fn tallies_count_as_the_acts_they_tally() {
        let mut rng = Rng(0x7a11_2025);
        let mut rates = 0;
        for edition in specs() {
            let Some(schema) = &edition.acts else {
                continue;
            };
            let claim = schema.first_claim.as_ref().map(Test::compile);
            for rule in rates_over_acts(&edition) {
                rates += 1;
                let tests = RateTests::new(&rule);
                let tabled = TallyTable::new(&tests, claim.as_ref(), 2025);
                assert!(
                    tabled.table.is_some(),
                    "{}: the tally's table",
                    edition.key()
                );
                let mut untabled = tabled.clone();
                untabled.table = None;
                let acts: Vec<Act> = (0..3_000)
                    .map(|_| random_act(&schema.runtime, &mut rng))
                    .collect();
                let first = guidec_runtime::first_claim(&acts, 2025, |act| {
                    claim.as_ref().is_some_and(|t| t.holds(act))
                });
                for table in [&tabled, &untabled] {
                    let tally = table.tally(&acts);
                    assert_eq!(tally.first_claim, first, "{}", edition.key());
                    let end = Date::last_of_year(2025);
                    let starts = (1..=12)
                        .map(|m| Date::first_of_month(2025, m))
                        .chain([Date::first_of_year(2026)]);
                    for start in starts {
                        let mut expected_excluded = vec![0i64; tests.exclusions()];
                        let expected = tests.count(&acts, start, end, Some(&mut expected_excluded));
                        let mut excluded = vec![0i64; tests.exclusions()];
                        assert_eq!(
                            table.counted(&tally, start, Some(&mut excluded)),
                            expected,
                            "{} from {start:?}",
                            edition.key()
                        );
                        assert_eq!(excluded, expected_excluded, "{}", edition.key());
                        assert_eq!(table.counted(&tally, start, None), expected);
                    }
                }
            }
        }
        assert!(rates >= 6, "{rates} rates over acts");
    }

    #[test]
    fn conditions_that_read_too_many_bits_are_counted_test_by_test() {
        let number = |word: usize, value: i64| Test::Number {
            word,
            op: CompareOp::Greater,
            value,
        };
        let tests = RateTests {
            exclusions: (0..13).map(|v| number(0, v)).collect(),
            denominator: None,
            numerator: Test::Const(true),
            table: None,
        };
        assert!(tests.table().is_none());
    }
}
