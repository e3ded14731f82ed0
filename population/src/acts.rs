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

/// An acts row once read: its row number, its measure and its act packed by each schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActRow {
    /// The row's number in the acts table, from 1.
    pub row: u64,
    /// The rate it counts for: an index into the run's list of measures.
    pub measure: u16,
    /// The act, packed by each of the run's schemas ([`ActColumns::schema_of`]); slots past
    /// the run's schemas repeat the first.
    pub acts: [Act; MAX_SCHEMAS],
}

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
            id: index("id"),
            measure: index("mesure"),
            date: index("date"),
            count: reader.index("nombre"),
            schemas,
            editions: of_edition,
        })
    }

    /// The slot of [`ActRow::acts`] the edition at `edition` (in the order given to
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

    /// A batch's acts, a row's acts per schema or why the row is refused (its column and the
    /// reason, the first met in the order `date`, `nombre`, then each schema's fields), read a
    /// column at a time: each cell by the case reader's rules, each field's bits by the
    /// schema's own reading of a value (`ActSchema::field_bits`, which the case reader packs
    /// an act by too).
    pub fn read_batch(&self, columns: &BatchColumns<'_>, rows: usize, out: &mut Vec<RowActs>) {
        out.clear();
        let dates = dates(&columns.date, rows);
        let counts = integers(&columns.count, rows);
        let mut refused: Vec<Option<(String, String)>> = vec![None; rows];
        let mut heads: Vec<(Date, u32)> = Vec::with_capacity(rows);
        for (r, (date, count)) in dates.into_iter().zip(counts).enumerate() {
            let head = match (date, count) {
                (Err(e), _) => Err(("date".to_string(), e)),
                (Ok(None), _) => Err(("date".to_string(), "date vide".to_string())),
                (_, Err(e)) => Err(("nombre".to_string(), e)),
                (Ok(Some(date)), Ok(count)) => match count {
                    None => Ok((date, 1)),
                    Some(n) => u32::try_from(n).map(|n| (date, n)).map_err(|_| {
                        (
                            "nombre".to_string(),
                            format!("attendu un nombre d'actes de 0 à 4 294 967 295, lu {n}"),
                        )
                    }),
                },
            };
            match head {
                Ok(head) => heads.push(head),
                Err(why) => {
                    heads.push((Date::first_of_year(1), 0));
                    if let Some(slot) = refused.get_mut(r) {
                        *slot = Some(why);
                    }
                }
            }
        }
        let mut words: Vec<[[u32; ACT_WORDS]; MAX_SCHEMAS]> =
            vec![[[0; ACT_WORDS]; MAX_SCHEMAS]; rows];
        for (slot, (schema, cells)) in self.schemas.iter().zip(&columns.fields).enumerate() {
            for (index, (field, (cell, days))) in
                schema.schema.fields().iter().zip(cells).enumerate()
            {
                // The usual columns, read in place (Parquet booleans, a list's names), each by
                // the schema's reading of a yes/no or a list's value; any other, and a value
                // refused, by the schema's reading of any value.
                let mut slow: Vec<(usize, FieldRead)> = Vec::new();
                let mut put = |r: usize, (word, bits): (usize, u32)| {
                    if refused.get(r).is_some_and(Option::is_none) {
                        if let Some(word) = words
                            .get_mut(r)
                            .and_then(|w| w.get_mut(slot))
                            .and_then(|w| w.get_mut(word))
                        {
                            *word |= bits;
                        }
                    }
                };
                let fast = match (&field.kind, cell) {
                    (FieldKind::YesNo, Column::Boolean(array)) => {
                        for r in 0..rows {
                            let yes = (!array.is_null(r)).then(|| array.value(r));
                            put(r, schema.schema.yes_no_bits(index, yes));
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
                            match schema.schema.list_bits(index, at) {
                                Ok(bits) => put(r, bits),
                                Err(_) => slow.push((r, Ok(value))),
                            }
                        }
                        true
                    }
                    (FieldKind::List { values, .. }, Column::Dictionary(keys, names)) => {
                        // Each name of the batch's dictionary looked up once.
                        let mapped: Vec<FieldValue> = (0..names.len())
                            .map(|k| {
                                if names.is_null(k) {
                                    FieldValue::Absent
                                } else {
                                    list_value(values, trimmed(names.value(k)))
                                }
                            })
                            .collect();
                        for r in 0..rows {
                            let value = if keys.is_null(r) {
                                &FieldValue::Absent
                            } else {
                                usize::try_from(keys.keys().value(r))
                                    .ok()
                                    .and_then(|k| mapped.get(k))
                                    .unwrap_or(&FieldValue::Absent)
                            };
                            let at = match value {
                                FieldValue::Index(at) => Some(*at),
                                FieldValue::Absent => None,
                                other => {
                                    slow.push((r, Ok(other.clone())));
                                    continue;
                                }
                            };
                            match schema.schema.list_bits(index, at) {
                                Ok(bits) => put(r, bits),
                                Err(_) => slow.push((r, Ok(value.clone()))),
                            }
                        }
                        true
                    }
                    // An age: most rows give neither a birth nor an age in days (nothing to
                    // pack); the others by the schema's reading of their values.
                    (FieldKind::Age { .. }, _)
                        if matches!(cell, Column::Date32(_) | Column::Missing)
                            && matches!(days, Column::Int64(_) | Column::Missing) =>
                    {
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
                                if given(cell, r) || given(days, r) {
                                    let value =
                                        age_value(birth, days_key, cell.date(r), days.integer(r));
                                    slow.push((r, value));
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
                    let (Some(head), Some(row_refused)) = (heads.get(r), refused.get_mut(r)) else {
                        continue;
                    };
                    if row_refused.is_some() {
                        continue;
                    }
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
                        Err(why) => *row_refused = Some(why),
                    }
                }
            }
        }
        let used = self.schemas.len().max(1);
        for ((refused, (date, count)), words) in refused.into_iter().zip(heads).zip(words) {
            out.push(match refused {
                Some(why) => Err(why),
                None => {
                    let first = Act::from_words(date, count, words[0]);
                    let mut acts = [first; MAX_SCHEMAS];
                    for (slot, act) in acts.iter_mut().enumerate().take(used).skip(1) {
                        *act = Act::from_words(date, count, words[slot]);
                    }
                    Ok(acts)
                }
            });
        }
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

/// A row's acts, one per schema, or why the row is refused: its column and the reason.
pub type RowActs = Result<[Act; MAX_SCHEMAS], (String, String)>;

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
