//! The acts table read straight into the runtime's packed acts: its columns are those of the editions' declared act schemas (`actes { … }`, listed by `guidec::emit_sql::act_columns`), each checked once against the file's header and types, each cell read by the case reader's rules and each act packed by the schema's own checks (`guidec_runtime::ActSchema::pack`), a refusal naming its column.
//!
//! A row becomes, per distinct act schema of the editions run (at most [`MAX_SCHEMAS`]), the
//! 16-byte act the case reader would have made of the same act in a case file: the interpreter
//! then counts the acts where they lie, with no case-file act, no text and no second check.

use crate::table::{Batch, Column, Reader, Stored};
use guidec::ir;
use guidec_runtime::acts::{Act, ActSchema, FieldKind, FieldValue, MAX_AGE_DAYS};
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
    pub fn new(editions: &[&ir::Edition], reader: &Reader, path: &str) -> Result<ActColumns, String> {
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

    /// Row `r`'s acts, one per schema, read by the case reader's rules and packed by each
    /// schema's checks; `values` is a buffer reused from row to row. A refusal names the
    /// column and says why.
    pub fn act(
        &self,
        columns: &BatchColumns<'_>,
        r: usize,
        values: &mut Vec<FieldValue>,
    ) -> Result<[Act; MAX_SCHEMAS], (String, String)> {
        let date = columns
            .date
            .date(r)
            .map_err(|e| ("date".to_string(), e))?
            .ok_or_else(|| ("date".to_string(), "date vide".to_string()))?;
        let count = match columns
            .count
            .integer(r)
            .map_err(|e| ("nombre".to_string(), e))?
        {
            None => 1,
            Some(n) => u32::try_from(n).map_err(|_| {
                (
                    "nombre".to_string(),
                    format!("attendu un nombre d'actes de 0 à 4 294 967 295, lu {n}"),
                )
            })?,
        };
        let mut acts: Option<[Act; MAX_SCHEMAS]> = None;
        for (slot, (schema, cells)) in self.schemas.iter().zip(&columns.fields).enumerate() {
            values.clear();
            for (field, (cell, days)) in schema.schema.fields().iter().zip(cells) {
                values.push(value(&field.kind, &field.key, cell, days, r)?);
            }
            let act = schema.schema.pack(date, count, values).map_err(|(at, reason)| {
                let column = match (schema.schema.fields().get(at), values.get(at)) {
                    (Some(field), value) => match (&field.kind, value) {
                        (FieldKind::Age { days, .. }, Some(FieldValue::AgeDays(_))) => days.clone(),
                        (FieldKind::Age { birth, .. }, _) => birth.clone(),
                        _ => field.key.clone(),
                    },
                    (None, _) => String::new(),
                };
                (column, reason)
            })?;
            let all = acts.get_or_insert([act; MAX_SCHEMAS]);
            if let Some(place) = all.get_mut(slot) {
                *place = act;
            }
        }
        acts.ok_or_else(|| ("date".to_string(), "aucun schéma d'actes".to_string()))
    }

    /// The practitioner's id of row `r` (trimmed; `None` when empty).
    pub fn id<'b>(&self, columns: &'b BatchColumns<'_>, r: usize) -> Option<std::borrow::Cow<'b, str>> {
        match columns.id.str(r) {
            Some(text) => Some(std::borrow::Cow::Borrowed(text.trim())).filter(|t| !t.is_empty()),
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

/// A field's value in row `r`, read by the case reader's rules.
fn value(
    kind: &FieldKind,
    key: &str,
    cell: &Column<'_>,
    days: &Column<'_>,
    r: usize,
) -> Result<FieldValue, (String, String)> {
    let refused = |reason: String| (key.to_string(), reason);
    Ok(match kind {
        FieldKind::YesNo => match cell.boolean(r).map_err(refused)? {
            Some(yes) => FieldValue::YesNo(yes),
            None => FieldValue::Absent,
        },
        FieldKind::List { values, .. } => {
            let text = match cell.str(r) {
                Some(text) => Some(std::borrow::Cow::Borrowed(text)),
                None => cell.text(r).map_err(refused)?,
            };
            match text.as_deref().map(str::trim) {
                None | Some("") => FieldValue::Absent,
                Some(name) => match values.iter().position(|v| v == name) {
                    Some(at) => FieldValue::Index(u32::try_from(at).unwrap_or(u32::MAX)),
                    // Refused by the schema, in its words.
                    None => FieldValue::Name(name.to_string()),
                },
            }
        }
        FieldKind::Age {
            birth,
            days: days_key,
        } => {
            let born = cell.date(r).map_err(|e| (birth.clone(), e))?;
            let aged = days.integer(r).map_err(|e| (days_key.clone(), e))?;
            let aged = match aged {
                None => None,
                Some(age) if (0..=MAX_AGE_DAYS).contains(&age) => u64::try_from(age).ok(),
                Some(age) => {
                    return Err((
                        days_key.clone(),
                        format!(
                            "un âge en jours va de 0 à {MAX_AGE_DAYS} (150 ans), trouvé {age}"
                        ),
                    ))
                }
            };
            match (born, aged) {
                (Some(born), Some(age)) => FieldValue::BirthAndAgeDays(born, age),
                (Some(born), None) => FieldValue::Birth(born),
                (None, Some(age)) => FieldValue::AgeDays(age),
                (None, None) => FieldValue::Absent,
            }
        }
        FieldKind::Date => match cell.date(r).map_err(refused)? {
            Some(day) => FieldValue::Date(day),
            None => FieldValue::Absent,
        },
        FieldKind::Number => match cell.integer(r).map_err(refused)? {
            None => FieldValue::Absent,
            Some(n) => FieldValue::Number(u32::try_from(n).map_err(|_| {
                refused(format!(
                    "attendu un nombre entier de 0 à 4 294 967 295, lu {n}"
                ))
            })?),
        },
    })
}
