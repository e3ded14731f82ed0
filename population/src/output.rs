//! The outcomes table (one row per practitioner) and the rejects table, as docs/POPULATION.md
//! lays them out.

use crate::adapter::Reject;
use crate::run::Sink;
use crate::table::{Type, Value, Writer};
use guidec::interpret::{Outcome, Plan};
use std::borrow::Cow;
use std::path::Path;

/// The outcome table's columns for a plan: `id`, `total_cents`, each section's, each indicator's.
pub fn outcome_columns(plan: &Plan<'_>, explain: bool) -> Vec<(String, Type)> {
    let blank = plan.blank_outcome();
    let mut columns = vec![
        ("id".to_string(), Type::Text),
        ("total_cents".to_string(), Type::Integer),
        ("total_incomplete".to_string(), Type::Boolean),
    ];
    for (id, _) in &blank.sections {
        columns.push((format!("sections.{id}.unlocked"), Type::Boolean));
        columns.push((format!("sections.{id}.amount_cents"), Type::Integer));
        columns.push((format!("sections.{id}.incomplete"), Type::Boolean));
    }
    for (id, _) in &blank.indicators {
        columns.push((format!("indicateurs.{id}.status"), Type::Text));
        columns.push((format!("indicateurs.{id}.amount_cents"), Type::Integer));
        columns.push((format!("indicateurs.{id}.max_cents"), Type::Integer));
        if explain {
            columns.push((format!("indicateurs.{id}.raisons"), Type::Text));
        }
    }
    columns
}

/// An outcome as a row of [`outcome_columns`].
pub fn outcome_row<'a>(id: &'a str, outcome: &'a Outcome<'_>, explain: bool) -> Vec<Value<'a>> {
    let mut row = vec![
        Value::Text(Cow::Borrowed(id)),
        Value::Integer(outcome.total_cents),
        Value::Boolean(outcome.total_incomplete),
    ];
    for (_, section) in &outcome.sections {
        row.push(Value::Boolean(section.unlocked));
        row.push(Value::Integer(section.amount_cents));
        row.push(Value::Boolean(section.incomplete));
    }
    for (_, indicator) in &outcome.indicators {
        row.push(Value::Text(Cow::Borrowed(indicator.status.name())));
        // An amount that cannot be determined is an empty cell (`null`), never 0.
        row.push(indicator.amount_cents.map_or(Value::Null, Value::Integer));
        // The most an undetermined amount can pay, when a maximum is known; empty otherwise.
        row.push(indicator.max_cents.map_or(Value::Null, Value::Integer));
        if explain {
            row.push(Value::Text(Cow::Owned(indicator.reasons.join("\n"))));
        }
    }
    row
}

/// The rejects table's columns.
pub fn reject_columns() -> Vec<(String, Type)> {
    vec![
        ("ligne".into(), Type::Integer),
        ("table".into(), Type::Text),
        ("id".into(), Type::Text),
        ("champ".into(), Type::Text),
        ("raison".into(), Type::Text),
    ]
}

/// The rejects file beside an outcomes file: `<out>` with `.rejets.csv`.
pub fn default_rejects(out: &Path) -> std::path::PathBuf {
    out.with_extension("rejets.csv")
}

/// Writes outcomes and rejects to their tables.
pub struct TableSink {
    outcomes: Writer,
    rejects: Writer,
    explain: bool,
}

impl TableSink {
    /// Creates both tables.
    pub fn create(
        plan: &Plan<'_>,
        out: &Path,
        rejects: &Path,
        explain: bool,
    ) -> Result<TableSink, String> {
        Ok(TableSink {
            outcomes: Writer::create(out, &outcome_columns(plan, explain))?,
            rejects: Writer::create(rejects, &reject_columns())?,
            explain,
        })
    }

    /// Closes both tables.
    pub fn finish(self) -> Result<(), String> {
        self.outcomes.finish()?;
        self.rejects.finish()
    }
}

impl Sink for TableSink {
    fn outcomes(&mut self, id: &str, outcomes: &[Outcome<'_>]) -> Result<(), String> {
        match outcomes.first() {
            Some(outcome) => self.outcomes.row(&outcome_row(id, outcome, self.explain)),
            None => Ok(()),
        }
    }

    fn reject(&mut self, reject: &Reject) -> Result<(), String> {
        self.rejects.row(&[
            Value::Integer(i64::try_from(reject.row).unwrap_or(i64::MAX)),
            Value::Text(Cow::Borrowed(reject.table)),
            Value::Text(Cow::Borrowed(&reject.id)),
            Value::Text(Cow::Borrowed(&reject.field)),
            Value::Text(Cow::Borrowed(&reject.reason)),
        ])
    }
}
