//! The acts table read straight into the runtime's packed acts: its columns are those of the editions' declared act schemas (`actes { … }`, listed by `guidec::emit_sql::act_columns`), each checked once against the file's header and types, each cell read by the case reader's rules and each act packed by the schema's own checks (`guidec_runtime::ActSchema::pack`), a refusal naming its column.
//!
//! A row becomes, per distinct act schema of the editions run (at most [`MAX_SCHEMAS`]), the
//! 16-byte act the case reader would have made of the same act in a case file: the interpreter
//! then counts the acts where they lie, with no case-file act, no text and no second check.

use crate::table::{Batch, Column, Reader, Stored};
use arrow_array::Array as _;
use guidec::ir;
use guidec_runtime::acts::{Act, ActSchema, FieldKind, FieldValue, ACT_WORDS, MAX_AGE_DAYS};
use guidec_runtime::Date;
use std::sync::Arc;

/// The most act schemas one run reads acts by (`diff --population` runs two editions).
pub const MAX_SCHEMAS: usize = 2;

/// Where a declared field's cells are in the file.
#[derive(Clone, Debug)]
enum FieldColumns {
    /// One column (`None`: not in the file, every cell empty).
    One(Option<usize>),
    /// An age's two: its birth date and its age in days.
    Age {
        birth: Option<usize>,
        days: Option<usize>,
    },
}

/// A schema and where its fields are in the file.
#[derive(Clone, Debug)]
struct SchemaColumns {
    schema: Arc<ActSchema>,
    fields: Vec<FieldColumns>,
}

/// The acts table's columns, checked against the editions' act schemas; reads a row into its
/// packed acts.
#[derive(Clone, Debug)]
pub struct ActColumns {
    days: std::sync::Arc<DayTable>,
    id: usize,
    measure: usize,
    date: usize,
    count: Option<usize>,
    schemas: Vec<SchemaColumns>,
    editions: Vec<usize>,
}

/// The SQL type of a column as docs/POPULATION.md words it, and the stored types it may have.
fn fits(sql: &str, stored: &Stored) -> bool {
    matches!(
        (sql, stored),
        (_, Stored::Text)
            | ("BOOLEAN", Stored::Boolean)
            | ("BIGINT", Stored::Integer)
            | ("DATE", Stored::Date)
    )
}

fn expected_words(sql: &str) -> &'static str {
    match sql {
        "BOOLEAN" => "un booléen (ou du texte `oui`/`non`)",
        "BIGINT" => "un nombre entier (ou son texte)",
        "DATE" => "une date (ou du texte `AAAA-MM-JJ`)",
        _ => "du texte",
    }
}

fn stored_words(stored: &Stored) -> String {
    match stored {
        Stored::Text => "du texte".into(),
        Stored::Boolean => "un booléen".into(),
        Stored::Integer => "un nombre entier".into(),
        Stored::Date => "une date".into(),
        Stored::Other(kind) => format!("le type Parquet {kind}"),
    }
}

impl ActColumns {
    /// Checks the acts table's header (and, for Parquet, its types) against the act schemas of
    /// `editions`: every column is one of theirs (`guidec::emit_sql::act_columns`), `id`,
    /// `mesure` and `date` are there, and so is every list field without a default; a column
    /// of a type that cannot hold its field is refused. Each refusal, in French, names the
    /// column.
    pub fn new(
        editions: &[&ir::Edition],
        reader: &Reader,
        path: &str,
    ) -> Result<ActColumns, String> {
        let mut schemas: Vec<SchemaColumns> = Vec::new();
        let mut of_edition = Vec::with_capacity(editions.len());
        let mut expected: Vec<(String, &'static str)> = Vec::new();
        let mut errors = Vec::new();
        for edition in editions {
            let Some(acts) = &edition.acts else {
                return Err(format!(
                    "« {path} » : l'édition {} ne déclare pas de schéma d'actes (`actes {{ … }}`) : ses taux se donnent par `numerateur` et `denominateur`, sans table des actes",
                    edition.key()
                ));
            };
            for (name, kind) in guidec::emit_sql::act_columns(Some(acts)) {
                match expected.iter().find(|(n, _)| *n == name) {
                    Some((_, other)) if *other != kind => errors.push(format!(
                        "« {path} » : la colonne `{name}` des actes n'a pas le même type dans les éditions comparées ({other}, {kind})"
                    )),
                    Some(_) => {}
                    None => expected.push((name, kind)),
                }
            }
            let index = match schemas.iter().position(|s| *s.schema == *acts.runtime) {
                Some(index) => index,
                None => {
                    if schemas.len() == MAX_SCHEMAS {
                        return Err(format!(
                            "« {path} » : plus de {MAX_SCHEMAS} schémas d'actes différents dans une même exécution"
                        ));
                    }
                    let fields = acts
                        .runtime
                        .fields()
                        .iter()
                        .map(|field| match &field.kind {
                            FieldKind::Age { birth, days } => FieldColumns::Age {
                                birth: reader.index(birth),
                                days: reader.index(days),
                            },
                            _ => FieldColumns::One(reader.index(&field.key)),
                        })
                        .collect();
                    schemas.push(SchemaColumns {
                        schema: acts.runtime.clone(),
                        fields,
                    });
                    schemas.len() - 1
                }
            };
            of_edition.push(index);
        }
        let names = || {
            expected
                .iter()
                .map(|(n, _)| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (index, column) in reader.columns.iter().enumerate() {
            match expected.iter().find(|(n, _)| n == column) {
                None => errors.push(format!(
                    "« {path} » : colonne inconnue de la table des actes : `{column}` (colonnes des actes de l'édition : {})",
                    names()
                )),
                Some((_, sql)) => {
                    let stored = reader.stored.get(index).unwrap_or(&Stored::Text);
                    if !fits(sql, stored) {
                        errors.push(format!(
                            "« {path} » : la colonne `{column}` de la table des actes contient {} ; attendu {}",
                            stored_words(stored),
                            expected_words(sql)
                        ));
                    }
                }
            }
        }
        let mut required: Vec<String> = vec!["id".into(), "mesure".into(), "date".into()];
        for schema in &schemas {
            for field in schema.schema.fields() {
                if matches!(field.kind, FieldKind::List { default: None, .. })
                    && !required.contains(&field.key)
                {
                    required.push(field.key.clone());
                }
            }
        }
        for column in &required {
            if reader.index(column).is_none() {
                errors.push(format!(
                    "« {path} » : la table des actes n'a pas de colonne `{column}`{}",
                    if ["id", "mesure", "date"].contains(&column.as_str()) {
                        ""
                    } else {
                        " (une liste sans valeur par défaut : chaque acte la donne)"
                    }
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors.join("\n"));
        }
        let index = |name: &str| reader.index(name).unwrap_or(0);
        Ok(ActColumns {
            days: std::sync::Arc::new(DayTable::new()),
            id: index("id"),
            measure: index("mesure"),
            date: index("date"),
            count: reader.index("nombre"),
            schemas,
            editions: of_edition,
        })
    }

    /// The slot of [`BatchActs::acts`] the edition at `edition` (in the order given to
    /// [`ActColumns::new`]) reads.
    pub fn schema_of(&self, edition: usize) -> usize {
        self.editions.get(edition).copied().unwrap_or(0)
    }

    /// The columns of a batch, once per batch.
    pub fn columns<'b>(&self, batch: &'b Batch) -> BatchColumns<'b> {
        let one = |index: Option<usize>| batch.column(index);
        BatchColumns {
            id: one(Some(self.id)),
            measure: one(Some(self.measure)),
            date: one(Some(self.date)),
            count: one(self.count),
            fields: self
                .schemas
                .iter()
                .map(|schema| {
                    schema
                        .fields
                        .iter()
                        .map(|field| match field {
                            FieldColumns::One(index) => (one(*index), Column::Missing),
                            FieldColumns::Age { birth, days } => (one(*birth), one(*days)),
                        })
                        .collect()
                })
                .collect(),
        }
    }

    /// A batch's acts into `out`: per row its act per schema, or why the row is refused (its
    /// column and the reason, the first met in the order `date`, `nombre`, then each schema's
    /// fields), read a column at a time: each cell by the case reader's rules, each field's
    /// bits by the schema's own reading of a value (`ActSchema::field_bits`, which the case
    /// reader packs an act by too); the usual columns (Parquet dates, booleans, a list's
    /// dictionary, an age's birth or days) in tight loops, with what each value gives worked
    /// out once.
    pub fn read_batch(&self, columns: &BatchColumns<'_>, rows: usize, out: &mut BatchActs) {
        out.refused.clear();
        out.refused.resize(rows, None);
        out.heads.clear();
        out.heads.resize(rows, (Date::first_of_year(1), 1));
        out.words.clear();
        out.words.resize(rows, [[0; ACT_WORDS]; MAX_SCHEMAS]);
        let BatchActs {
            heads,
            words,
            refused,
        } = out;
        let refuse =
            |refused: &mut Vec<Option<Box<(String, String)>>>, r: usize, why: (String, String)| {
                if let Some(slot) = refused.get_mut(r) {
                    if slot.is_none() {
                        *slot = Some(Box::new(why));
                    }
                }
            };
        let outside = || "date hors du calendrier (années 1 à 9999)".to_string();
        match &columns.date {
            Column::Date32(array) => {
                for (r, (day, head)) in array.values().iter().zip(heads.iter_mut()).enumerate() {
                    match self.days.date(*day) {
                        _ if array.is_null(r) => {
                            refuse(refused, r, ("date".into(), "date vide".into()))
                        }
                        Some(date) => head.0 = date,
                        None => refuse(refused, r, ("date".into(), outside())),
                    }
                }
            }
            column => {
                for (r, date) in dates(column, rows).into_iter().enumerate() {
                    match date {
                        Ok(Some(date)) => {
                            if let Some(head) = heads.get_mut(r) {
                                head.0 = date;
                            }
                        }
                        Ok(None) => refuse(refused, r, ("date".into(), "date vide".into())),
                        Err(e) => refuse(refused, r, ("date".into(), e)),
                    }
                }
            }
        }
        let too_many = |n: i64| {
            (
                "nombre".to_string(),
                format!("attendu un nombre d'actes de 0 à 4 294 967 295, lu {n}"),
            )
        };
        match &columns.count {
            Column::Missing => {}
            Column::Int64(array) => {
                for (r, (n, head)) in array.values().iter().zip(heads.iter_mut()).enumerate() {
                    if array.is_valid(r) {
                        match u32::try_from(*n) {
                            Ok(n) => head.1 = n,
                            Err(_) => refuse(refused, r, too_many(*n)),
                        }
                    }
                }
            }
            column => {
                for (r, count) in integers(column, rows).into_iter().enumerate() {
                    match count {
                        Ok(None) => {}
                        Ok(Some(n)) => match (u32::try_from(n), heads.get_mut(r)) {
                            (Ok(n), Some(head)) => head.1 = n,
                            _ => refuse(refused, r, too_many(n)),
                        },
                        Err(e) => refuse(refused, r, ("nombre".into(), e)),
                    }
                }
            }
        }
        for (slot, (schema, cells)) in self.schemas.iter().zip(&columns.fields).enumerate() {
            for (index, (field, (cell, days))) in
                schema.schema.fields().iter().zip(cells).enumerate()
            {
                // The rows whose value is read by the schema's reading of any value: a value
                // the tight loops do not take, to be packed or refused in the schema's words.
                let mut slow: Vec<(usize, FieldRead)> = Vec::new();
                let word = field.place.word.min(ACT_WORDS - 1);
                let fast = match (&field.kind, cell) {
                    (FieldKind::YesNo, Column::Boolean(array)) => {
                        let (_, yes) = schema.schema.yes_no_bits(index, Some(true));
                        let (_, no) = schema.schema.yes_no_bits(index, Some(false));
                        let (_, absent) = schema.schema.yes_no_bits(index, None);
                        let values = array.values();
                        match array.nulls() {
                            None => {
                                for (value, words) in values.iter().zip(words.iter_mut()) {
                                    words[slot][word] |= if value { yes } else { no };
                                }
                            }
                            Some(nulls) => {
                                for ((value, valid), words) in
                                    values.iter().zip(nulls.iter()).zip(words.iter_mut())
                                {
                                    words[slot][word] |= match (valid, value) {
                                        (false, _) => absent,
                                        (true, true) => yes,
                                        (true, false) => no,
                                    };
                                }
                            }
                        }
                        true
                    }
                    (FieldKind::List { values, .. }, Column::Dictionary(keys, names)) => {
                        // What each name of the batch's dictionary gives, worked out once.
                        let mapped: Vec<Result<u32, FieldValue>> = (0..names.len())
                            .map(|k| {
                                let value = if names.is_null(k) {
                                    FieldValue::Absent
                                } else {
                                    list_value(values, trimmed(names.value(k)))
                                };
                                let at = match &value {
                                    FieldValue::Index(at) => Some(*at),
                                    FieldValue::Absent => None,
                                    _ => return Err(value),
                                };
                                schema
                                    .schema
                                    .list_bits(index, at)
                                    .map(|(_, bits)| bits)
                                    .map_err(|_| value)
                            })
                            .collect();
                        let absent = schema
                            .schema
                            .list_bits(index, None)
                            .map(|(_, bits)| bits)
                            .map_err(|_| FieldValue::Absent);
                        let key_values = keys.keys().values();
                        for (r, (key, words)) in key_values.iter().zip(words.iter_mut()).enumerate()
                        {
                            let given = if keys.is_null(r) {
                                &absent
                            } else {
                                usize::try_from(*key)
                                    .ok()
                                    .and_then(|k| mapped.get(k))
                                    .unwrap_or(&absent)
                            };
                            match given {
                                Ok(bits) => words[slot][word] |= bits,
                                Err(value) => slow.push((r, Ok(value.clone()))),
                            }
                        }
                        true
                    }
                    (FieldKind::List { values, .. }, Column::Utf8(array)) => {
                        let mut last: Option<(&str, u32)> = None;
                        for r in 0..rows {
                            let value = if array.is_null(r) {
                                FieldValue::Absent
                            } else {
                                let name = trimmed(array.value(r));
                                match last {
                                    Some((seen, at)) if seen == name => FieldValue::Index(at),
                                    _ => {
                                        let value = list_value(values, name);
                                        if let FieldValue::Index(at) = value {
                                            last = Some((name, at));
                                        }
                                        value
                                    }
                                }
                            };
                            let at = match value {
                                FieldValue::Index(at) => Some(at),
                                FieldValue::Absent => None,
                                other => {
                                    slow.push((r, Ok(other)));
                                    continue;
                                }
                            };
                            match (schema.schema.list_bits(index, at), words.get_mut(r)) {
                                (Ok((_, bits)), Some(words)) => words[slot][word] |= bits,
                                _ => slow.push((r, Ok(value))),
                            }
                        }
                        true
                    }
                    // An age: a birth date or an age in days, packed as the birth it gives;
                    // both, or a value out of range, by the schema's reading, which refuses.
                    (FieldKind::Age { .. }, _)
                        if matches!(cell, Column::Date32(_) | Column::Missing)
                            && matches!(days, Column::Int64(_) | Column::Missing) =>
                    {
                        let shift = field.place.shift;
                        let given = |column: &Column<'_>, r: usize| match column {
                            Column::Date32(a) => !a.is_null(r),
                            Column::Int64(a) => !a.is_null(r),
                            _ => false,
                        };
                        if let FieldKind::Age {
                            birth,
                            days: days_key,
                        } = &field.kind
                        {
                            for r in 0..rows {
                                let (has_birth, has_days) = (given(cell, r), given(days, r));
                                let date = heads.get(r).map_or(Date::MIN, |h| h.0);
                                let born = match (has_birth, has_days, cell, days) {
                                    (false, false, _, _) => continue,
                                    (true, false, Column::Date32(a), _) => {
                                        self.days.date(a.value(r)).filter(|born| *born <= date)
                                    }
                                    (false, true, _, Column::Int64(a)) => Some(a.value(r))
                                        .filter(|age| (0..=MAX_AGE_DAYS).contains(age))
                                        .and_then(|age| match &columns.date {
                                            // The act's day number less the age, looked up.
                                            Column::Date32(acts) => i32::try_from(age)
                                                .ok()
                                                .and_then(|age| acts.value(r).checked_sub(age))
                                                .and_then(|day| self.days.date(day)),
                                            _ => date.days_before(age),
                                        }),
                                    _ => None,
                                };
                                match (born, words.get_mut(r)) {
                                    (Some(born), Some(words)) => {
                                        words[slot][word] |= Date::to_bits(Some(born))
                                            .checked_shl(shift)
                                            .unwrap_or(0);
                                    }
                                    _ => slow.push((
                                        r,
                                        age_value(birth, days_key, cell.date(r), days.integer(r)),
                                    )),
                                }
                            }
                        }
                        true
                    }
                    _ => false,
                };
                if !fast {
                    slow = field_values(&field.kind, &field.key, cell, days, rows)
                        .into_iter()
                        .enumerate()
                        .collect();
                }
                for (r, value) in slow {
                    let Some(head) = heads.get(r) else {
                        continue;
                    };
                    let read = value.and_then(|value| {
                        schema
                            .schema
                            .field_bits(index, &value, head.0)
                            .map_err(|reason| (column_of(&field.kind, &field.key, &value), reason))
                    });
                    match read {
                        Ok((word, bits)) => {
                            if let Some(word) = words
                                .get_mut(r)
                                .and_then(|w| w.get_mut(slot))
                                .and_then(|w| w.get_mut(word))
                            {
                                *word |= bits;
                            }
                        }
                        Err(why) => refuse(refused, r, why),
                    }
                }
            }
        }
    }

    /// The batch's column of the practitioners' ids.
    pub fn id_column<'c, 'b>(&self, columns: &'c BatchColumns<'b>) -> &'c Column<'b> {
        &columns.id
    }

    /// The batch's column of the measures.
    pub fn measure_column<'c, 'b>(&self, columns: &'c BatchColumns<'b>) -> &'c Column<'b> {
        &columns.measure
    }

    /// The practitioner's id of row `r` (trimmed; `None` when empty).
    pub fn id<'b>(
        &self,
        columns: &'b BatchColumns<'_>,
        r: usize,
    ) -> Option<std::borrow::Cow<'b, str>> {
        match columns.id.str(r) {
            Some(text) => Some(std::borrow::Cow::Borrowed(trimmed(text))).filter(|t| !t.is_empty()),
            None => columns
                .id
                .text(r)
                .ok()
                .flatten()
                .map(|t| std::borrow::Cow::<'b, str>::Owned(t.trim().to_string()))
                .filter(|t| !t.is_empty()),
        }
    }

    /// The measure's path of row `r` (`None` when empty).
    pub fn measure<'b>(
        &self,
        columns: &'b BatchColumns<'_>,
        r: usize,
    ) -> Result<Option<std::borrow::Cow<'b, str>>, String> {
        match columns.measure.str(r) {
            Some(text) => Ok(Some(std::borrow::Cow::Borrowed(text))),
            None => columns.measure.text(r),
        }
    }
}

/// A code for a row's text (a practitioner's index, a measure's) that [`TextCodes`] has not
/// worked out yet.
const UNSEEN: u32 = u32::MAX;

/// Per row of a batch's text column, a code worked out once per distinct text: through the
/// column's dictionary when it has one (the codes kept while the batches share it), else by
/// the last text read (the rows of a practitioner, of a measure, often follow each other).
#[derive(Default)]
pub struct TextCodes {
    /// The dictionary the codes are for, kept alive so that its buffers are not reused.
    dictionary: Option<arrow_array::StringArray>,
    codes: Vec<u32>,
}

impl TextCodes {
    /// The code of each of `rows` rows of `column` into `out`: `code(None)` for an empty cell,
    /// `code(Some(text))` for a text, each distinct text asked once per dictionary.
    pub fn codes(
        &mut self,
        column: &Column<'_>,
        rows: usize,
        mut code: impl FnMut(Option<&str>) -> u32,
        out: &mut Vec<u32>,
    ) {
        out.clear();
        out.reserve(rows);
        if let Column::Dictionary(keys, names) = column {
            let same = self.dictionary.as_ref().is_some_and(|kept| {
                kept.len() == names.len()
                    && kept.value_data().as_ptr() == names.value_data().as_ptr()
                    && kept.value_offsets().as_ptr() == names.value_offsets().as_ptr()
            });
            if !same {
                self.dictionary = Some((*names).clone());
                self.codes.clear();
                self.codes.resize(names.len(), UNSEEN);
            }
            let empty = code(None);
            for (r, key) in keys.keys().values().iter().enumerate() {
                let at = usize::try_from(*key).ok().filter(|_| keys.is_valid(r));
                let given = match at.and_then(|at| self.codes.get(at).map(|c| (at, *c))) {
                    None => empty,
                    Some((_, known)) if known != UNSEEN => known,
                    Some((at, _)) => {
                        let found = if names.is_null(at) {
                            empty
                        } else {
                            code(Some(names.value(at)))
                        };
                        if let Some(slot) = self.codes.get_mut(at) {
                            *slot = found;
                        }
                        found
                    }
                };
                out.push(given);
            }
            return;
        }
        let mut last: Option<(String, u32)> = None;
        for r in 0..rows {
            let text = match column.str(r) {
                Some(text) => Some(std::borrow::Cow::Borrowed(text)),
                None => column.text(r).ok().flatten(),
            };
            let given = match (&text, &last) {
                (None, _) => code(None),
                (Some(text), Some((seen, known))) if **text == **seen => *known,
                (Some(text), _) => {
                    let found = code(Some(text));
                    last = Some((text.to_string(), found));
                    found
                }
            };
            out.push(given);
        }
    }
}

/// A batch's columns, for [`ActColumns::act`].
pub struct BatchColumns<'b> {
    id: Column<'b>,
    measure: Column<'b>,
    date: Column<'b>,
    count: Column<'b>,
    /// Per schema, per field, its column (an age: its birth's, then its age in days').
    fields: Vec<Vec<(Column<'b>, Column<'b>)>>,
}

/// A field's value in a row, or why it is refused: its column and the reason.
type FieldRead = Result<FieldValue, (String, String)>;

/// A batch's acts as [`ActColumns::read_batch`] reads them (its buffers filled again batch
/// after batch).
#[derive(Debug, Default)]
pub struct BatchActs {
    /// Per row, its date and how many acts it stands for.
    heads: Vec<(Date, u32)>,
    /// Per row, per schema, the act's words.
    words: Vec<[[u32; ACT_WORDS]; MAX_SCHEMAS]>,
    /// Per row, why it is refused, when it is: its column and the reason.
    pub refused: Vec<Option<Box<(String, String)>>>,
}

impl BatchActs {
    /// Row `r`'s act packed by schema `slot` (meaningless for a row refused).
    #[inline]
    pub fn act(&self, r: usize, slot: usize) -> Option<Act> {
        let (date, count) = *self.heads.get(r)?;
        let words = self.words.get(r)?;
        let words = words.get(slot).or(words.first())?;
        Some(Act::from_words(date, count, *words))
    }
}

impl std::fmt::Debug for DayTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DayTable({} days from {})", self.dates.len(), self.first)
    }
}

/// The dates of the days from 1850 to 2150, by Parquet's day number (days since 1970-01-01):
/// the dates of acts and births, read with a lookup; any other day through the calendar.
struct DayTable {
    first: i64,
    dates: Vec<Date>,
}

impl DayTable {
    fn new() -> DayTable {
        let from = |year| {
            Date::from_ymd(year, 1, 1).map_or(0, Date::day_number)
                - Date::from_ymd(1970, 1, 1).map_or(0, Date::day_number)
        };
        let (first, last) = (from(1850), from(2151));
        let dates = (first..last)
            .filter_map(|day| crate::table::date_of_unix_day(i32::try_from(day).ok()?))
            .collect();
        DayTable { first, dates }
    }

    #[inline]
    fn date(&self, day: i32) -> Option<Date> {
        usize::try_from(i64::from(day) - self.first)
            .ok()
            .and_then(|at| self.dates.get(at).copied())
            .or_else(|| crate::table::date_of_unix_day(day))
    }
}

/// The column a refusal of a field names: an age's birth date, or its age in days when that
/// is what the row gives.
fn column_of(kind: &FieldKind, key: &str, value: &FieldValue) -> String {
    match (kind, value) {
        (FieldKind::Age { days, .. }, FieldValue::AgeDays(_)) => days.clone(),
        (FieldKind::Age { birth, .. }, _) => birth.clone(),
        _ => key.to_string(),
    }
}

/// A column's dates, a batch at a time: a Parquet DATE column through a table of the days the
/// batch spans (a batch of acts spans about a year), any other by the case reader's rules.
fn dates(column: &Column<'_>, rows: usize) -> Vec<Result<Option<Date>, String>> {
    if let Column::Date32(array) = column {
        let days: Vec<Option<i32>> = (0..rows)
            .map(|r| (!array.is_null(r)).then(|| array.value(r)))
            .collect();
        let low = days.iter().flatten().min().copied().unwrap_or(0);
        let high = days.iter().flatten().max().copied().unwrap_or(0);
        let span = i64::from(high) - i64::from(low);
        if (0..=1 << 16).contains(&span) {
            let table: Vec<Option<Date>> = (i64::from(low)..=i64::from(high))
                .map(|day| crate::table::date_of_unix_day(i32::try_from(day).unwrap_or(0)))
                .collect();
            return days
                .into_iter()
                .map(|day| match day {
                    None => Ok(None),
                    Some(day) => usize::try_from(i64::from(day) - i64::from(low))
                        .ok()
                        .and_then(|at| table.get(at).copied().flatten())
                        .map(Some)
                        .ok_or_else(|| "date hors du calendrier (années 1 à 9999)".to_string()),
                })
                .collect();
        }
    }
    (0..rows).map(|r| column.date(r)).collect()
}

/// A column's whole numbers, a batch at a time.
fn integers(column: &Column<'_>, rows: usize) -> Vec<Result<Option<i64>, String>> {
    match column {
        Column::Missing => vec![Ok(None); rows],
        Column::Int64(array) => (0..rows)
            .map(|r| Ok((!array.is_null(r)).then(|| array.value(r))))
            .collect(),
        _ => (0..rows).map(|r| column.integer(r)).collect(),
    }
}

/// A column's yes/no, a batch at a time.
fn booleans(column: &Column<'_>, rows: usize) -> Vec<Result<Option<bool>, String>> {
    match column {
        Column::Missing => vec![Ok(None); rows],
        Column::Boolean(array) => (0..rows)
            .map(|r| Ok((!array.is_null(r)).then(|| array.value(r))))
            .collect(),
        _ => (0..rows).map(|r| column.boolean(r)).collect(),
    }
}

/// A list's values in a column, a batch at a time: by index in the list, the last name read
/// kept at hand (a column of acts repeats a few names); a name not in the list is kept as
/// written, for the schema to refuse in its words.
fn list_values(
    column: &Column<'_>,
    values: &[String],
    rows: usize,
) -> Vec<Result<FieldValue, String>> {
    let look_up = |name: &str| list_value(values, name);
    let mut last: Option<(&str, u32)> = None;
    let mut out = Vec::with_capacity(rows);
    for r in 0..rows {
        let value = match column.str(r) {
            Some(text) => {
                let name = trimmed(text);
                match last {
                    Some((seen, at)) if seen == name => Ok(FieldValue::Index(at)),
                    _ => {
                        let value = look_up(name);
                        if let FieldValue::Index(at) = value {
                            last = Some((name, at));
                        }
                        Ok(value)
                    }
                }
            }
            None => column
                .text(r)
                .map(|text| text.map_or(FieldValue::Absent, |t| look_up(t.trim()))),
        };
        out.push(value);
    }
    out
}

/// A list's value by its name: its index, nothing for an empty cell, the name as written
/// when it is not in the list (for the schema to refuse in its words).
fn list_value(values: &[String], name: &str) -> FieldValue {
    match values.iter().position(|v| v == name) {
        Some(at) => FieldValue::Index(u32::try_from(at).unwrap_or(u32::MAX)),
        None if name.is_empty() => FieldValue::Absent,
        None => FieldValue::Name(name.to_string()),
    }
}

/// A cell without the spaces around it, as the case reader reads a value (looked at only
/// when an end is a space).
#[inline]
pub fn trimmed(text: &str) -> &str {
    let bytes = text.as_bytes();
    let spaced = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_whitespace() || *b >= 0x80);
    if spaced(bytes.first()) || spaced(bytes.last()) {
        text.trim()
    } else {
        text
    }
}

/// An age's value from its two cells, a birth date and an age in days (0 to 150 years).
fn age_value(
    birth: &str,
    days: &str,
    born: Result<Option<Date>, String>,
    aged: Result<Option<i64>, String>,
) -> Result<FieldValue, (String, String)> {
    let born = born.map_err(named(birth))?;
    let aged = match aged.map_err(named(days))? {
        None => None,
        Some(age) if (0..=MAX_AGE_DAYS).contains(&age) => u64::try_from(age).ok(),
        Some(age) => {
            return Err((
                days.to_string(),
                format!("un âge en jours va de 0 à {MAX_AGE_DAYS} (150 ans), trouvé {age}"),
            ))
        }
    };
    Ok(match (born, aged) {
        (Some(born), Some(age)) => FieldValue::BirthAndAgeDays(born, age),
        (Some(born), None) => FieldValue::Birth(born),
        (None, Some(age)) => FieldValue::AgeDays(age),
        (None, None) => FieldValue::Absent,
    })
}

/// A refusal of `key`'s column, for its reason.
fn named(key: &str) -> impl Fn(String) -> (String, String) + '_ {
    move |reason| (key.to_string(), reason)
}

/// A field's values in a batch, read by the case reader's rules; a refusal names the column.
fn field_values(
    kind: &FieldKind,
    key: &str,
    cell: &Column<'_>,
    days: &Column<'_>,
    rows: usize,
) -> Vec<Result<FieldValue, (String, String)>> {
    match kind {
        FieldKind::YesNo => booleans(cell, rows)
            .into_iter()
            .map(|b| {
                b.map(|b| b.map_or(FieldValue::Absent, FieldValue::YesNo))
                    .map_err(named(key))
            })
            .collect(),
        FieldKind::List { values, .. } => list_values(cell, values, rows)
            .into_iter()
            .map(|v| v.map_err(named(key)))
            .collect(),
        FieldKind::Age {
            birth,
            days: days_key,
        } => dates(cell, rows)
            .into_iter()
            .zip(integers(days, rows))
            .map(|(born, aged)| age_value(birth, days_key, born, aged))
            .collect(),
        FieldKind::Date => dates(cell, rows)
            .into_iter()
            .map(|d| {
                d.map(|d| d.map_or(FieldValue::Absent, FieldValue::Date))
                    .map_err(named(key))
            })
            .collect(),
        FieldKind::Number => integers(cell, rows)
            .into_iter()
            .map(|n| match n.map_err(named(key))? {
                None => Ok(FieldValue::Absent),
                Some(n) => u32::try_from(n).map(FieldValue::Number).map_err(|_| {
                    (
                        key.to_string(),
                        format!("attendu un nombre entier de 0 à 4 294 967 295, lu {n}"),
                    )
                }),
            })
            .collect(),
    }
}
