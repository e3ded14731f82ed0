//! Acts and the rate over acts: an act as a case file writes it, checked and read into 16 bytes; a rate's data (counts or acts), checked as it is read; the first secure claim and the individualised period's start.

use crate::calendar::Date;
use serde::Deserialize;
use std::fmt;

/// The kind of a declared field of an act, as its edition's schema (`actes { … }`) declares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// `oui/non`: `false` when not written. One bit.
    YesNo,
    /// A value from a list: its values' names, and the one taken when not written (`None`: the
    /// field must be written). As many bits as the list's indexes need.
    List {
        /// The values' names, in the schema's order (an act holds the index).
        values: Vec<String>,
        /// The index of the value taken when the field is not written.
        default: Option<u32>,
    },
    /// The beneficiary's age at the act, given as a birth date or as an age in days (one of
    /// them, or neither: unknown). A word: the birth date.
    Age {
        /// The case-file key of the birth date (`naissance`).
        birth: String,
        /// The case-file key of the age in days (`age_jours`).
        days: String,
    },
    /// A date, unknown when not written. A word.
    Date,
    /// A whole number from 0 to 4 294 967 295, 0 when not written. A word.
    Number,
}

impl FieldKind {
    /// How many bits of an act it takes (a word for a date, an age or a number).
    pub fn width(&self) -> u32 {
        match self {
            FieldKind::YesNo => 1,
            FieldKind::List { values, .. } => {
                let highest = u32::try_from(values.len().saturating_sub(1)).unwrap_or(u32::MAX);
                u32::BITS.saturating_sub(highest.leading_zeros()).max(1)
            }
            FieldKind::Age { .. } | FieldKind::Date | FieldKind::Number => u32::BITS,
        }
    }
}

/// Where a field stands in an act: bits `shift .. shift + width` of word `word`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Place {
    /// The word, 0 to [`ACT_WORDS`] − 1.
    pub word: usize,
    /// The first bit.
    pub shift: u32,
    /// How many bits.
    pub width: u32,
}

/// A declared field of an act: its case-file key (and the other spellings accepted), its kind,
/// its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The key a case file writes it under (and the column of the acts table).
    pub key: String,
    /// Other spellings a case file may use (`télésoin` for `telesoin`).
    pub aliases: Vec<String>,
    /// What it holds.
    pub kind: FieldKind,
    /// Where an act holds it.
    pub place: Place,
}

/// How many 32-bit words an act has for its declared fields: with its date and its count, an
/// act takes 16 bytes.
pub const ACT_WORDS: usize = 2;

/// The declared fields of an edition's acts, each placed in an act's words: what the case
/// reader reads, and where every engine finds a field. Made by [`ActSchema::new`] from the
/// edition's `actes { … }` block (the compiler) or from the same values written out in the
/// generated code, so that both read acts alike.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ActSchema {
    fields: Vec<Field>,
}

/// A field's value as a case file or a table's row gives it, before it is packed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldValue {
    /// Not given.
    Absent,
    /// A yes/no.
    YesNo(bool),
    /// A value's name of a list.
    Name(String),
    /// A value of a list by its index in the list (a table's cell already looked up).
    Index(u32),
    /// A birth date (for an age).
    Birth(Date),
    /// An age in days (for an age).
    AgeDays(u64),
    /// Both a birth date and an age in days (refused).
    BirthAndAgeDays(Date, u64),
    /// A date.
    Date(Date),
    /// A whole number.
    Number(u32),
}

impl ActSchema {
    /// The same act `years` years later (earlier when negative): its date and its date fields
    /// moved by [`Date::add_years`], an age kept to the day (the birth moved with the act).
    /// `None` when a date leaves the calendar.
    pub fn act_moved_by_years(&self, act: &Act, years: i32) -> Option<Act> {
        let date = act.date.add_years(years)?;
        let mut words = act.words;
        for field in &self.fields {
            let age = match field.kind {
                FieldKind::Age { .. } => true,
                FieldKind::Date => false,
                FieldKind::YesNo | FieldKind::List { .. } | FieldKind::Number => continue,
            };
            let slot = words.get_mut(field.place.word)?;
            // An unknown date stays unknown.
            let Some(old) = Date::from_bits(*slot) else {
                continue;
            };
            let moved = if age {
                date.days_before(act.date.day_number().checked_sub(old.day_number())?)?
            } else {
                old.add_years(years)?
            };
            *slot = Date::to_bits(Some(moved));
        }
        Some(Act {
            date,
            count: act.count,
            words,
        })
    }

    /// Places `fields` (key, other spellings, kind) in an act's words: dates, ages and numbers
    /// a word each, in order; then yes/no and lists packed bit by bit in the words left. `Err`
    /// with the number of bits asked when they do not fit in [`ACT_WORDS`] words.
    pub fn new(fields: Vec<(String, Vec<String>, FieldKind)>) -> Result<ActSchema, u32> {
        let asked: u32 = fields
            .iter()
            .map(|(_, _, kind)| kind.width())
            .fold(0u32, u32::saturating_add);
        let whole = fields
            .iter()
            .filter(|(_, _, k)| k.width() == u32::BITS)
            .count();
        let mut next_word = 0usize;
        let mut bit_word = whole;
        let mut bit_shift = 0u32;
        let mut placed = Vec::with_capacity(fields.len());
        for (key, aliases, kind) in fields {
            let width = kind.width();
            let place = if width == u32::BITS {
                let place = Place {
                    word: next_word,
                    shift: 0,
                    width,
                };
                next_word = next_word.saturating_add(1);
                place
            } else {
                if bit_shift.saturating_add(width) > u32::BITS {
                    bit_word = bit_word.saturating_add(1);
                    bit_shift = 0;
                }
                let place = Place {
                    word: bit_word,
                    shift: bit_shift,
                    width,
                };
                bit_shift = bit_shift.saturating_add(width);
                place
            };
            if place.word >= ACT_WORDS {
                return Err(asked);
            }
            placed.push(Field {
                key,
                aliases,
                kind,
                place,
            });
        }
        Ok(ActSchema { fields: placed })
    }

    /// The fields, in the schema's order.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// Every key an act may have in a case file, as an unknown key's error lists them.
    pub fn keys(&self) -> Vec<&str> {
        let mut keys = vec!["date"];
        for field in &self.fields {
            match &field.kind {
                FieldKind::Age { birth, days } => {
                    keys.push(birth);
                    keys.push(days);
                }
                _ => keys.push(&field.key),
            }
        }
        keys.push("nombre");
        keys
    }

    /// The act of a line: its date, how many identical acts it stands for, and a value per
    /// field (in the schema's order; a missing one is [`FieldValue::Absent`]). Refused, in
    /// French, when a list's value is not in its list or a field that must be written is not,
    /// when both a birth date and an age are given, when the birth falls after the act or out
    /// of the calendar.
    pub fn act(&self, date: Date, count: u32, values: &[FieldValue]) -> Result<Act, String> {
        self.pack(date, count, values)
            .map_err(|(_, refused)| refused)
    }

    /// [`ActSchema::act`], a refusal naming the field refused by its index in the schema.
    pub fn pack(
        &self,
        date: Date,
        count: u32,
        values: &[FieldValue],
    ) -> Result<Act, (usize, String)> {
        let mut words = [0u32; ACT_WORDS];
        for index in 0..self.fields.len() {
            let value = values.get(index).unwrap_or(&FieldValue::Absent);
            let (word, bits) = self
                .field_bits(index, value, date)
                .map_err(|refused| (index, refused))?;
            if let Some(word) = words.get_mut(word) {
                *word |= bits;
            }
        }
        Ok(Act { date, count, words })
    }

    /// The bits field `index` takes for `value` on an act of `date`: its word, and the bits
    /// shifted to its place; refused, in French, as [`ActSchema::act`] refuses. The one
    /// reading of a field's value, act by act ([`ActSchema::pack`]) or a table's column at a
    /// time.
    #[inline]
    pub fn field_bits(
        &self,
        index: usize,
        value: &FieldValue,
        date: Date,
    ) -> Result<(usize, u32), String> {
        let Some(field) = self.fields.get(index) else {
            return Ok((0, 0));
        };
        let refuse = |refused: String| Err(refused);
        let bits: u32 = match (&field.kind, value) {
            (FieldKind::YesNo, FieldValue::YesNo(yes)) => {
                return Ok(self.yes_no_bits(index, Some(*yes)))
            }
            (FieldKind::YesNo, _) => return Ok(self.yes_no_bits(index, None)),
            (FieldKind::List { values, .. }, FieldValue::Name(name)) => {
                match values.iter().position(|v| v == name) {
                    Some(at) => {
                        return self.list_bits(index, Some(u32::try_from(at).unwrap_or(u32::MAX)))
                    }
                    None => {
                        return refuse(format!(
                            "`{name}` n'est pas une valeur possible ici ; valeurs possibles : {}",
                            crate::case_file::one_of(values)
                        ))
                    }
                }
            }
            (FieldKind::List { .. }, FieldValue::Index(at)) => {
                return self.list_bits(index, Some(*at))
            }
            (FieldKind::List { .. }, _) => return self.list_bits(index, None),
            (FieldKind::Age { birth, days }, value) => {
                let born = match value {
                    FieldValue::BirthAndAgeDays(..) => {
                        return refuse(format!("donnez `{birth}` ou `{days}`, pas les deux"))
                    }
                    FieldValue::Birth(born) if *born > date => {
                        return refuse(format!(
                            "la naissance ({born:?}) tombe après l'acte ({date:?})"
                        ))
                    }
                    FieldValue::Birth(born) => Some(*born),
                    FieldValue::AgeDays(age) => {
                        let born = i64::try_from(*age)
                            .ok()
                            .filter(|age| *age <= MAX_AGE_DAYS)
                            .and_then(|age| date.days_before(age));
                        if born.is_none() {
                            return refuse(format!(
                                "un âge de {age} jours à l'acte du {date:?} place la naissance hors du calendrier"
                            ));
                        }
                        born
                    }
                    _ => None,
                };
                Date::to_bits(born)
            }
            (FieldKind::Date, FieldValue::Date(day)) => Date::to_bits(Some(*day)),
            (FieldKind::Date, _) => 0,
            (FieldKind::Number, FieldValue::Number(n)) => *n,
            (FieldKind::Number, _) => 0,
        };
        let place = field.place;
        Ok((place.word, bits.checked_shl(place.shift).unwrap_or(0)))
    }

    /// The bits of yes/no field `index` ([`ActSchema::field_bits`]): its word, and 1 at its
    /// place for yes; no when not given.
    #[inline]
    pub fn yes_no_bits(&self, index: usize, yes: Option<bool>) -> (usize, u32) {
        let place = self.fields.get(index).map_or(
            Place {
                word: 0,
                shift: 0,
                width: 0,
            },
            |f| f.place,
        );
        let bit = u32::from(yes.unwrap_or(false));
        (place.word, bit.checked_shl(place.shift).unwrap_or(0))
    }

    /// The bits of list field `index` for the value at `at` of its list, its default when not
    /// given ([`ActSchema::field_bits`]); refused, in French, for a value past the list or a
    /// field that must be given.
    #[inline]
    pub fn list_bits(&self, index: usize, at: Option<u32>) -> Result<(usize, u32), String> {
        let Some(field) = self.fields.get(index) else {
            return Ok((0, 0));
        };
        let FieldKind::List { values, default } = &field.kind else {
            return Ok((0, 0));
        };
        let bits = match at {
            Some(at) if usize::try_from(at).is_ok_and(|at| at < values.len()) => at,
            Some(at) => {
                return Err(format!(
                    "la valeur n° {at} n'est pas une valeur possible ici ; valeurs possibles : {}",
                    crate::case_file::one_of(values)
                ))
            }
            None => match default {
                Some(default) => *default,
                None => return Err(format!("le champ `{}` manque", field.key)),
            },
        };
        let place = field.place;
        Ok((place.word, bits.checked_shl(place.shift).unwrap_or(0)))
    }
}

/// Reads an age in days: a whole number from 0 to [`MAX_AGE_DAYS`].
fn age_in_days<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    match Option::<u64>::deserialize(deserializer)? {
        None => Ok(None),
        Some(days) => match i64::try_from(days) {
            Ok(signed) if signed <= MAX_AGE_DAYS => Ok(Some(days)),
            _ => Err(serde::de::Error::custom(format!(
                "un âge en jours va de 0 à {MAX_AGE_DAYS} (150 ans), trouvé {days}"
            ))),
        },
    }
}

/// The oldest age in days an act may give for its beneficiary (150 years of 366 days), as the
/// case reader accepts it.
pub const MAX_AGE_DAYS: i64 = 150 * 366;

/// An act in 16 bytes: its date, how many identical acts it stands for, and its declared
/// fields packed in two words by its edition's [`ActSchema`] (an age as the birth date it
/// gives, worked out as it is read). An evaluation reads a case's acts one after the other, and
/// the fewer memory lines they span, the less it waits for them; the engines read a field at
/// the place the schema gave it ([`Act::bits`], [`Act::date_in`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Act {
    /// Date.
    pub date: Date,
    /// How many identical acts.
    pub count: u32,
    /// The declared fields.
    words: [u32; ACT_WORDS],
}

impl fmt::Debug for Act {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Act")
            .field("date", &self.date)
            .field("count", &self.count)
            .field("words", &self.words)
            .finish()
    }
}

impl Act {
    /// Word `word` of the declared fields (0 past the last).
    #[inline]
    pub fn word(&self, word: usize) -> u32 {
        self.words.get(word).copied().unwrap_or(0)
    }

    /// The bits of a field: a yes/no's 0 or 1, a list's index.
    #[inline]
    pub fn bits(&self, word: usize, shift: u32, width: u32) -> u32 {
        let mask = 1u32
            .checked_shl(width)
            .map_or(u32::MAX, |m| m.wrapping_sub(1));
        self.word(word).checked_shr(shift).unwrap_or(0) & mask
    }

    /// A yes/no field.
    #[inline]
    pub fn flag(&self, word: usize, shift: u32) -> bool {
        self.bits(word, shift, 1) != 0
    }

    /// A date field, or an age field's birth date: `None` when unknown.
    #[inline]
    pub fn date_in(&self, word: usize) -> Option<Date> {
        Date::from_bits(self.word(word))
    }

    /// The bits of a field at its place.
    #[inline]
    pub fn at(&self, place: Place) -> u32 {
        self.bits(place.word, place.shift, place.width)
    }

    /// The words of the declared fields, as [`Act::from_words`] takes them back.
    #[inline]
    pub fn words(&self) -> [u32; ACT_WORDS] {
        self.words
    }

    /// An act made again from what [`Act::words`] gave of an act its schema packed (a spill
    /// file's act, written and read back by the same run): no field is checked again.
    #[inline]
    pub fn from_words(date: Date, count: u32, words: [u32; ACT_WORDS]) -> Act {
        Act { date, count, words }
    }
}

thread_local! {
    /// The schema the acts being read follow ([`reading_acts`]).
    static READING: std::cell::RefCell<Option<std::sync::Arc<ActSchema>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `read` (a case file's deserialisation) with `schema` as the schema of the acts it
/// reads: an [`Act`] deserialises by the schema of the innermost `reading_acts` around it.
pub fn reading_acts<R>(schema: &std::sync::Arc<ActSchema>, read: impl FnOnce() -> R) -> R {
    struct Restore(Option<std::sync::Arc<ActSchema>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            READING.with(|reading| *reading.borrow_mut() = previous);
        }
    }
    let previous = READING.with(|reading| reading.borrow_mut().replace(schema.clone()));
    let _restore = Restore(previous);
    read()
}

impl<'de> Deserialize<'de> for Act {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Act, D::Error> {
        match READING.with(|reading| reading.borrow().clone()) {
            Some(schema) => deserializer.deserialize_map(ActVisitor(&schema)),
            None => Err(serde::de::Error::custom(
                "cette édition ne déclare pas de schéma d'actes (`actes { … }`) : ses taux se donnent par `numerateur` et `denominateur`",
            )),
        }
    }
}

/// What a key of an act names.
enum Key {
    Date,
    Count,
    Field(usize),
    Birth(usize),
    Days(usize),
}

struct KeySeed<'s>(&'s ActSchema);

impl<'de> serde::de::DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        let key = String::deserialize(deserializer)?;
        match key.as_str() {
            "date" => return Ok(Key::Date),
            "nombre" => return Ok(Key::Count),
            _ => {}
        }
        for (index, field) in self.0.fields.iter().enumerate() {
            match &field.kind {
                FieldKind::Age { birth, days } if *birth == key => return Ok(Key::Birth(index)),
                FieldKind::Age { days, .. } if *days == key => return Ok(Key::Days(index)),
                FieldKind::Age { .. } => {}
                _ if field.key == key || field.aliases.contains(&key) => {
                    return Ok(Key::Field(index))
                }
                _ => {}
            }
        }
        Err(serde::de::Error::custom(format!(
            "champ inconnu `{key}` ; champs possibles ici : {}",
            crate::case_file::one_of(&self.0.keys())
        )))
    }
}

/// A list's value, read as a text and checked against its list.
struct ListSeed<'s>(&'s [String]);

impl<'de> serde::de::DeserializeSeed<'de> for ListSeed<'_> {
    type Value = String;
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        let name = String::deserialize(deserializer)?;
        if self.0.contains(&name) {
            Ok(name)
        } else {
            Err(serde::de::Error::custom(format!(
                "`{name}` n'est pas une valeur possible ici ; valeurs possibles : {}",
                crate::case_file::one_of(self.0)
            )))
        }
    }
}

struct AgeSeed;

impl<'de> serde::de::DeserializeSeed<'de> for AgeSeed {
    type Value = Option<u64>;
    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Option<u64>, D::Error> {
        age_in_days(deserializer)
    }
}

struct ActVisitor<'s>(&'s ActSchema);

impl<'de> serde::de::Visitor<'de> for ActVisitor<'_> {
    type Value = Act;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("un acte")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Act, A::Error> {
        use serde::de::Error as _;
        let schema = self.0;
        let mut date: Option<Date> = None;
        let mut count: Option<u32> = None;
        let mut values = vec![FieldValue::Absent; schema.fields.len()];
        let mut seen: Vec<&str> = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed(schema))? {
            let name: &str = match &key {
                Key::Date => "date",
                Key::Count => "nombre",
                Key::Field(i) | Key::Birth(i) | Key::Days(i) => {
                    match (&key, schema.fields.get(*i)) {
                        (
                            Key::Birth(_),
                            Some(Field {
                                kind: FieldKind::Age { birth, .. },
                                ..
                            }),
                        ) => birth,
                        (
                            Key::Days(_),
                            Some(Field {
                                kind: FieldKind::Age { days, .. },
                                ..
                            }),
                        ) => days,
                        (_, field) => field.map_or("", |f| f.key.as_str()),
                    }
                }
            };
            if seen.contains(&name) {
                return Err(A::Error::custom(format!(
                    "le champ `{name}` est écrit deux fois"
                )));
            }
            seen.push(name);
            match key {
                Key::Date => date = Some(map.next_value()?),
                Key::Count => count = Some(map.next_value()?),
                Key::Field(i) => {
                    let kind = schema.fields.get(i).map(|f| &f.kind);
                    let value = match kind {
                        Some(FieldKind::YesNo) => FieldValue::YesNo(map.next_value()?),
                        Some(FieldKind::List { values, .. }) => {
                            FieldValue::Name(map.next_value_seed(ListSeed(values))?)
                        }
                        Some(FieldKind::Date) => match map.next_value::<Option<Date>>()? {
                            Some(day) => FieldValue::Date(day),
                            None => FieldValue::Absent,
                        },
                        Some(FieldKind::Number) => FieldValue::Number(map.next_value()?),
                        Some(FieldKind::Age { .. }) | None => FieldValue::Absent,
                    };
                    if let Some(slot) = values.get_mut(i) {
                        *slot = value;
                    }
                }
                Key::Birth(i) => {
                    if let Some(born) = map.next_value::<Option<Date>>()? {
                        if let Some(slot) = values.get_mut(i) {
                            *slot = match slot {
                                FieldValue::AgeDays(days) => {
                                    FieldValue::BirthAndAgeDays(born, *days)
                                }
                                _ => FieldValue::Birth(born),
                            };
                        }
                    }
                }
                Key::Days(i) => {
                    if let Some(days) = map.next_value_seed(AgeSeed)? {
                        if let Some(slot) = values.get_mut(i) {
                            *slot = match slot {
                                FieldValue::Birth(born) => FieldValue::BirthAndAgeDays(*born, days),
                                _ => FieldValue::AgeDays(days),
                            };
                        }
                    }
                }
            }
        }
        let Some(date) = date else {
            return Err(A::Error::custom("le champ `date` manque"));
        };
        schema
            .act(date, count.unwrap_or(1), &values)
            .map_err(A::Error::custom)
    }
}

/// A rate as a case file writes it: its counts, or the acts it is computed from; read only
/// when it is one or the other, with `numerateur ≤ denominateur` ([`RateLine`] is what is
/// written).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RateLine")]
pub struct RateInput {
    /// Acts in the numerator (counts given directly).
    pub numerateur: Option<i64>,
    /// Acts in the denominator (counts given directly).
    pub denominateur: Option<i64>,
    /// The acts, from which exclusions and the period are applied, each read into an [`Act`].
    pub actes: Option<Vec<Act>>,
}

/// A rate as written, before it is checked into a [`RateInput`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLine {
    /// Acts in the numerator.
    pub numerateur: Option<i64>,
    /// Acts in the denominator.
    pub denominateur: Option<i64>,
    /// The acts.
    pub actes: Option<Vec<Act>>,
}

/// Why counts are refused, or `None`: both given, `numerateur ≤ denominateur`.
fn counts_refused(numerator: Option<i64>, denominator: Option<i64>) -> Option<String> {
    match (numerator, denominator) {
        (Some(n), Some(d)) if n > d => Some(format!(
            "le numérateur ({n}) dépasse le dénominateur ({d}) : attendu `numerateur` ≤ `denominateur`"
        )),
        (Some(_), Some(_)) => None,
        _ => Some("donnez `numerateur` et `denominateur`".into()),
    }
}

impl TryFrom<RateLine> for RateInput {
    type Error = String;

    fn try_from(line: RateLine) -> Result<RateInput, String> {
        match (&line.actes, line.numerateur, line.denominateur) {
            (Some(_), None, None) => {}
            (None, n, d) => {
                if let Some(refused) = counts_refused(n, d) {
                    return Err(format!("{refused}, ou `actes`"));
                }
            }
            _ => {
                return Err(
                    "donnez `numerateur` et `denominateur`, ou `actes`, pas les deux".into(),
                )
            }
        }
        Ok(RateInput {
            numerateur: line.numerateur,
            denominateur: line.denominateur,
            actes: line.actes,
        })
    }
}

/// A rate's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateData<'a> {
    /// Counts given directly.
    Counts {
        /// Numerator.
        numerator: i64,
        /// Denominator.
        denominator: i64,
    },
    /// Acts.
    Acts(&'a [Act]),
}

/// A rate's data as the case validator accepts it: acts alone, or
/// `0 ≤ numerateur ≤ denominateur`; anything else is no data.
#[inline]
pub fn rate_data(input: Option<&RateInput>) -> Option<RateData<'_>> {
    let input = input?;
    match (&input.actes, input.numerateur, input.denominateur) {
        (Some(acts), None, None) => Some(RateData::Acts(acts)),
        (None, Some(numerator), Some(denominator)) => {
            if numerator < 0 || denominator < 0 || numerator > denominator {
                None
            } else {
                Some(RateData::Counts {
                    numerator,
                    denominator,
                })
            }
        }
        _ => None,
    }
}

/// A rate measured by the insurer and given as counts only: its spec states no numerator, so
/// it is not computed from acts, and a case file that gives it acts is refused; read only with
/// both counts, `numerateur ≤ denominateur`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "CountsLine")]
pub struct CountsInput {
    /// The numerator.
    pub numerateur: Option<i64>,
    /// The denominator.
    pub denominateur: Option<i64>,
}

/// Counts as written, before they are checked into [`CountsInput`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CountsLine {
    /// The numerator.
    pub numerateur: Option<i64>,
    /// The denominator.
    pub denominateur: Option<i64>,
}

impl TryFrom<CountsLine> for CountsInput {
    type Error = String;

    fn try_from(line: CountsLine) -> Result<CountsInput, String> {
        match counts_refused(line.numerateur, line.denominateur) {
            Some(refused) => Err(refused),
            None => Ok(CountsInput {
                numerateur: line.numerateur,
                denominateur: line.denominateur,
            }),
        }
    }
}

/// A rate given as counts, as the case validator accepts it: `0 ≤ numerateur ≤
/// denominateur`; anything else is no data.
#[inline]
pub fn counts_data(input: Option<&CountsInput>) -> Option<RateData<'static>> {
    let input = input?;
    match (input.numerateur, input.denominateur) {
        (Some(numerator), Some(denominator)) if 0 <= numerator && numerator <= denominator => {
            Some(RateData::Counts {
                numerator,
                denominator,
            })
        }
        _ => None,
    }
}

/// The date of the first act of `year` that is a claim by the edition's schema (`première fse
/// actes où …`); a line that stands for no act (`nombre: 0`) is no claim.
#[inline]
pub fn first_claim(acts: &[Act], year: i32, is_claim: impl Fn(&Act) -> bool) -> Option<Date> {
    acts.iter()
        .filter(|act| act.count > 0 && act.date.year() == year && is_claim(act))
        .map(|act| act.date)
        .min()
}

/// The individualised period's first day: the 1st of the month after the first FSE of `year`
/// (the 1st of December for a first FSE in December), else the 1st of January.
#[inline]
pub fn individual_start(first: Option<Date>, year: i32) -> Date {
    match first {
        Some(first) if first.year() == year && first.month() == 12 => {
            Date::first_of_month(year, 12)
        }
        Some(first) if first.year() == year => {
            Date::first_of_month(year, first.month().saturating_add(1))
        }
        _ => Date::first_of_year(year),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn date(year: i32, month: u32, day: u32) -> Date {
        Date::from_ymd(year, month, day).unwrap()
    }

    /// The FAMI 2025 schema, as its spec declares it.
    fn schema() -> std::sync::Arc<ActSchema> {
        let list = |values: &[&str], default: Option<u32>| FieldKind::List {
            values: values.iter().map(|v| v.to_string()).collect(),
            default,
        };
        let field = |key: &str, kind: FieldKind| (key.to_string(), Vec::new(), kind);
        std::sync::Arc::new(
            ActSchema::new(vec![
                field(
                    "mode",
                    list(
                        &["sesam_vitale", "sesam_sans_vitale", "degrade", "papier"],
                        None,
                    ),
                ),
                field("facturation", list(&["standard", "cerfa_s3404"], Some(0))),
                field("ame", FieldKind::YesNo),
                field("nir_provisoire", FieldKind::YesNo),
                field("ehpad", FieldKind::YesNo),
                ("telesoin".into(), vec!["télésoin".into()], FieldKind::YesNo),
                field(
                    "âge",
                    FieldKind::Age {
                        birth: "naissance".into(),
                        days: "age_jours".into(),
                    },
                ),
            ])
            .unwrap(),
        )
    }

    fn act(json: &str) -> Act {
        reading_acts(&schema(), || crate::case_file::from_str(json)).unwrap()
    }

    fn refused(json: &str) -> String {
        reading_acts(&schema(), || crate::case_file::from_str::<Act>(json))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn an_act_moved_by_years_keeps_its_fields_and_its_age_to_the_day() {
        let schema = schema();
        let baby = act(
            r#"{"date": "2024-05-15", "mode": "papier", "ehpad": true, "naissance": "2024-02-29"}"#,
        );
        let moved = schema.act_moved_by_years(&baby, 1).unwrap();
        assert_eq!(moved.date, date(2025, 5, 15));
        assert_eq!(moved.count, baby.count);
        // 76 days old at the act, before and after.
        let birth = |a: &Act| a.date_in(schema.fields()[6].place.word).unwrap();
        assert_eq!(crate::calendar::age_in_days(birth(&baby), baby.date), 76);
        assert_eq!(crate::calendar::age_in_days(birth(&moved), moved.date), 76);
        assert_eq!(
            moved.word(1),
            baby.word(1),
            "the other fields are the same bits"
        );
        // An unknown age stays unknown; the 29th of February becomes the 28th.
        let leap = act(r#"{"date": "2024-02-29", "mode": "sesam_vitale"}"#);
        let moved = schema.act_moved_by_years(&leap, 1).unwrap();
        assert_eq!(moved.date, date(2025, 2, 28));
        assert_eq!(moved.date_in(schema.fields()[6].place.word), None);
        assert_eq!(
            schema.act_moved_by_years(&leap, -1).unwrap().date,
            date(2023, 2, 28)
        );
        assert!(schema.act_moved_by_years(&leap, i32::MAX).is_none());
    }

    #[test]
    fn acts_take_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Act>(), 16);
    }

    #[test]
    fn fields_are_placed_words_first_then_bits() {
        let schema = schema();
        let places: Vec<Place> = schema.fields().iter().map(|f| f.place).collect();
        let place = |word, shift, width| Place { word, shift, width };
        assert_eq!(
            places,
            [
                place(1, 0, 2),
                place(1, 2, 1),
                place(1, 3, 1),
                place(1, 4, 1),
                place(1, 5, 1),
                place(1, 6, 1),
                place(0, 0, 32)
            ]
        );
        // Three words asked: refused, with the bits asked.
        let word = |key: &str| (key.to_string(), Vec::new(), FieldKind::Number);
        assert_eq!(
            ActSchema::new(vec![word("a"), word("b"), word("c")]),
            Err(96)
        );
        assert_eq!(
            FieldKind::List {
                values: vec!["a".into()],
                default: None
            }
            .width(),
            1
        );
        let five = FieldKind::List {
            values: (0..5).map(|i| i.to_string()).collect(),
            default: None,
        };
        assert_eq!(five.width(), 3);
    }

    #[test]
    fn acts_read_as_case_files_write_them() {
        let schema = schema();
        let [mode, billing, ame, nir, ehpad, telesoin, age] =
            [0, 1, 2, 3, 4, 5, 6].map(|i| schema.fields()[i].place);
        let read = act(r#"{"date": "2025-05-12", "mode": "sesam_vitale"}"#);
        assert_eq!(read.date, date(2025, 5, 12));
        assert_eq!(read.at(mode), 0);
        assert_eq!(read.at(billing), 0);
        assert_eq!(read.count, 1);
        assert_eq!(read.date_in(age.word), None);
        assert!([ame, nir, ehpad, telesoin].iter().all(|p| read.at(*p) == 0));

        let flagged = act(
            r#"{"date": "2025-07-01", "mode": "papier", "ame": true, "ehpad": true, "télésoin": true, "facturation": "cerfa_s3404", "nombre": 50}"#,
        );
        assert!(flagged.flag(ame.word, ame.shift) && flagged.at(ehpad) == 1);
        assert_eq!(flagged.at(telesoin), 1);
        assert_eq!(flagged.at(nir), 0);
        assert_eq!(flagged.at(mode), 3);
        assert_eq!(flagged.at(billing), 1);
        assert_eq!(flagged.count, 50);

        assert!(refused(r#"{"date": "2025-07-01", "mode": "fax"}"#).contains("`fax`"));
        assert!(refused(r#"{"date": "2025-07-01", "mode": "papier", "x": 1}"#).contains("`x`"));
        assert!(refused(r#"{"mode": "papier"}"#).contains("`date` manque"));
        assert!(refused(r#"{"date": "2025-07-01"}"#).contains("`mode` manque"));
        assert!(
            refused(r#"{"date": "2025-07-01", "mode": "papier", "ame": true, "ame": false}"#)
                .contains("deux fois")
        );
        // Without a schema, acts are refused, in words.
        assert!(
            crate::case_file::from_str::<Act>(r#"{"date": "2025-07-01"}"#)
                .unwrap_err()
                .to_string()
                .contains("schéma d'actes")
        );
    }

    #[test]
    fn a_table_packs_an_act_as_a_case_file_does() {
        // By index (a table's cell already looked up) as by name; a refusal names its field.
        let schema = schema();
        let day = date(2025, 7, 1);
        let by_name = act(
            r#"{"date": "2025-07-01", "mode": "papier", "ame": true, "facturation": "cerfa_s3404", "age_jours": 10}"#,
        );
        let mut values = vec![FieldValue::Absent; schema.fields().len()];
        values[0] = FieldValue::Index(3);
        values[1] = FieldValue::Index(1);
        values[2] = FieldValue::YesNo(true);
        values[6] = FieldValue::AgeDays(10);
        assert_eq!(schema.pack(day, 1, &values), Ok(by_name));
        assert_eq!(
            schema.yes_no_bits(2, Some(true)),
            (
                schema.fields()[2].place.word,
                1 << schema.fields()[2].place.shift
            )
        );
        assert_eq!(schema.list_bits(1, None), Ok((1, 0)), "the default");
        values[0] = FieldValue::Index(4);
        let (field, why) = schema.pack(day, 1, &values).unwrap_err();
        assert_eq!(field, 0);
        assert!(why.contains("valeurs possibles"), "{why}");
        values[0] = FieldValue::Absent;
        assert_eq!(
            schema.pack(day, 1, &values),
            Err((0, "le champ `mode` manque".to_string()))
        );
        let words = by_name.words();
        assert_eq!(Act::from_words(by_name.date, by_name.count, words), by_name);
    }

    #[test]
    fn the_birth_comes_from_a_birth_date_or_an_age_in_days() {
        let age = schema().fields()[6].place.word;
        let born = act(r#"{"date": "2025-09-15", "mode": "degrade", "naissance": "2025-08-01"}"#);
        assert_eq!(born.date_in(age), Some(date(2025, 8, 1)));
        let aged = act(r#"{"date": "2025-03-01", "mode": "degrade", "age_jours": 1}"#);
        assert_eq!(aged.date_in(age), Some(date(2025, 2, 28)));
        let newborn = act(r#"{"date": "2025-03-01", "mode": "degrade", "age_jours": 0}"#);
        assert_eq!(newborn.date_in(age), Some(date(2025, 3, 1)));
        let oldest = act(r#"{"date": "2025-03-01", "mode": "degrade", "age_jours": 54900}"#);
        assert_eq!(
            oldest.date_in(age),
            date(2025, 3, 1).days_before(MAX_AGE_DAYS)
        );
        // Refused: born after the act, too old, a negative age, or both given.
        for (json, why) in [
            (
                r#"{"date": "2025-09-15", "mode": "degrade", "naissance": "2025-09-16"}"#,
                "après l'acte",
            ),
            (
                r#"{"date": "2025-09-15", "mode": "degrade", "age_jours": 54901}"#,
                "0 à 54900",
            ),
            (
                r#"{"date": "2025-09-15", "mode": "degrade", "age_jours": -1}"#,
                "sans signe",
            ),
            (
                r#"{"date": "2025-09-15", "mode": "degrade", "age_jours": 3, "naissance": "2025-09-12"}"#,
                "pas les deux",
            ),
        ] {
            assert!(refused(json).contains(why), "{json}: {}", refused(json));
        }
    }

    #[test]
    fn rate_data_is_acts_alone_or_ordered_counts() {
        let counts = |n: Option<i64>, d: Option<i64>| RateInput {
            numerateur: n,
            denominateur: d,
            actes: None,
        };
        assert_eq!(
            rate_data(Some(&counts(Some(2), Some(3)))),
            Some(RateData::Counts {
                numerator: 2,
                denominator: 3
            })
        );
        assert!(rate_data(Some(&counts(Some(0), Some(0)))).is_some());
        assert_eq!(rate_data(Some(&counts(Some(4), Some(3)))), None);
        assert_eq!(rate_data(Some(&counts(Some(-1), Some(3)))), None);
        assert_eq!(rate_data(Some(&counts(Some(1), None))), None);
        assert_eq!(rate_data(Some(&counts(None, None))), None);
        assert_eq!(rate_data(None), None);
        let acts = vec![act(r#"{"date": "2025-05-12", "mode": "papier"}"#)];
        let with_acts = RateInput {
            actes: Some(acts.clone()),
            ..RateInput::default()
        };
        assert_eq!(rate_data(Some(&with_acts)), Some(RateData::Acts(&acts)));
        let both = RateInput {
            numerateur: Some(1),
            ..with_acts.clone()
        };
        assert_eq!(rate_data(Some(&both)), None);
    }

    #[test]
    fn the_individualised_period_starts_the_month_after_the_first_fse() {
        let acts = [
            act(r#"{"date": "2024-03-01", "mode": "sesam_vitale"}"#),
            act(r#"{"date": "2025-04-20", "mode": "papier"}"#),
            act(r#"{"date": "2025-06-03", "mode": "sesam_sans_vitale"}"#),
            act(r#"{"date": "2025-05-12", "mode": "sesam_vitale"}"#),
            act(r#"{"date": "2025-01-02", "mode": "degrade"}"#),
        ];
        let mode = schema().fields()[0].place;
        let secure = |act: &Act| act.at(mode) <= 1;
        let first = first_claim(&acts, 2025, secure);
        assert_eq!(first, Some(date(2025, 5, 12)));
        assert_eq!(individual_start(first, 2025), date(2025, 6, 1));
        assert_eq!(first_claim(&acts, 2023, secure), None);
        assert_eq!(individual_start(None, 2025), date(2025, 1, 1));
        assert_eq!(
            individual_start(Some(date(2025, 12, 10)), 2025),
            date(2025, 12, 1)
        );
        assert_eq!(
            individual_start(Some(date(2025, 11, 30)), 2025),
            date(2025, 12, 1)
        );
        assert_eq!(
            individual_start(Some(date(2024, 5, 1)), 2025),
            date(2025, 1, 1)
        );
    }
}
