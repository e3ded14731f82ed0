//! The population generator: any number of practitioners and acts for an edition, deterministic
//! by seed, with a realistic spread (most practitioners transmit well above the threshold, some
//! around it, a few low, a few starting during the year). The declarations are drawn by the
//! random-case logic the conformance tests use (`tests/support/random_cases.rs`), leaning
//! favourable; the acts are drawn here, per practitioner.
//!
//! Written as the declarations and acts tables (Parquet or CSV), and each practitioner as a case
//! file on request: [`rows_of_case`] is the case file → row direction of docs/POPULATION.md.

#[path = "../../tests/support/random_cases.rs"]
mod random_cases;

use crate::adapter;
use crate::columns::{self, Field, Kind};
use crate::table::{Type, Value, Writer};
use guidec::ir;
use guidec_runtime::acts::{FieldKind, FieldValue};
use guidec_runtime::Date;
use random_cases::{Profile, Rng};
use rayon::prelude::*;
use serde_json::{json, Map, Value as Json};
use std::borrow::Cow;
use std::path::Path;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Request {
    /// How many practitioners.
    pub practitioners: usize,
    /// How many acts rows in all.
    pub acts: u64,
    /// The seed: the same seed, the same population.
    pub seed: u64,
}

/// One practitioner drawn: his case file without acts, and his acts.
pub struct Drawn {
    /// `p0000001`.
    pub id: String,
    /// The case file (JSON), acts left out.
    pub case: Json,
    /// The acts.
    pub acts: Vec<DrawnAct>,
}

/// An act drawn: its measure, its date, how many identical acts it stands for, and a value per
/// field of the edition's act schema, in the schema's order (a list's value by its index).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DrawnAct {
    /// The measure's index in [`columns::act_measures`].
    pub measure: usize,
    /// Date.
    pub date: Date,
    /// How many identical acts.
    pub count: u32,
    /// The fields' values.
    pub values: Vec<FieldValue>,
}

/// A value of a list field drawn by its name (`None`: not in the list).
fn named(values: &[String], name: &str) -> Option<FieldValue> {
    values
        .iter()
        .position(|v| v == name)
        .and_then(|at| u32::try_from(at).ok())
        .map(FieldValue::Index)
}

/// A field's value for an act: the fields of `specs/` at their usual rates (the transmission
/// mode secure or not as `secure` says, the five exclusions' fields rare), any other field a
/// value of its kind now and then.
fn draw_value(rng: &mut Rng, key: &str, kind: &FieldKind, secure: bool, date: Date) -> FieldValue {
    let random_index = |rng: &mut Rng, values: &[String]| {
        FieldValue::Index(u32::try_from(rng.below(values.len().max(1) as u64)).unwrap_or(0))
    };
    match kind {
        FieldKind::List { values, .. } if key == "mode" => {
            let name = match (secure, rng.chance(92), rng.chance(30)) {
                (true, true, _) => "sesam_vitale",
                (true, false, _) => "sesam_sans_vitale",
                (false, _, true) => "degrade",
                (false, _, false) => "papier",
            };
            named(values, name).unwrap_or_else(|| random_index(rng, values))
        }
        FieldKind::List { values, .. } if key == "facturation" => {
            if rng.below(1000) < 5 {
                named(values, "cerfa_s3404").unwrap_or(FieldValue::Absent)
            } else {
                FieldValue::Absent
            }
        }
        FieldKind::List { values, default } => {
            if default.is_some() && !rng.chance(10) {
                FieldValue::Absent
            } else {
                random_index(rng, values)
            }
        }
        FieldKind::YesNo => {
            let per_thousand = match key {
                "nir_provisoire" => 10,
                "ehpad" => 30,
                _ => 20,
            };
            FieldValue::YesNo(rng.below(1000) < per_thousand)
        }
        FieldKind::Age { .. } => match rng.below(100) {
            0..=69 => FieldValue::Absent,
            70..=94 => FieldValue::AgeDays(rng.range(100, 30_000).unsigned_abs()),
            _ => date
                .days_before(rng.range(0, 200))
                .map_or(FieldValue::Absent, FieldValue::Birth),
        },
        FieldKind::Date | FieldKind::Number => FieldValue::Absent,
    }
}

fn mix(seed: u64, index: u64, salt: u64) -> Rng {
    let mut rng = Rng(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt);
    rng.next();
    rng
}

/// A number in `[0, 1)` with 1/1 000 000 steps.
fn unit(rng: &mut Rng) -> f64 {
    // The generator's spread only; no rule is evaluated in floating point.
    rng.below(1_000_000) as f64 / 1_000_000.0
}

/// The acts each practitioner gets: about `total / practitioners` each, from a fifth to nearly
/// twice the mean, summing to `total` exactly.
fn act_counts(request: &Request) -> Vec<u64> {
    let weights: Vec<u64> = (0..request.practitioners as u64)
        .map(|k| 200 + mix(request.seed, k, 0x5745_4947_4854).below(1600))
        .collect();
    let sum: u128 = weights.iter().map(|w| u128::from(*w)).sum::<u128>().max(1);
    let mut counts: Vec<u64> = weights
        .iter()
        .map(|w| u64::try_from(u128::from(request.acts) * u128::from(*w) / sum).unwrap_or(0))
        .collect();
    let given: u64 = counts.iter().sum();
    let mut left = request.acts.saturating_sub(given);
    for count in counts.iter_mut() {
        if left == 0 {
            break;
        }
        *count += 1;
        left -= 1;
    }
    counts
}

/// Draws practitioner `index` of the population.
pub fn draw(edition: &ir::Edition, request: &Request, index: usize, acts: u64) -> Drawn {
    let mut rng = mix(
        request.seed,
        index as u64,
        random_cases::seed_of(&edition.key()),
    );
    let year = edition.year;
    let exemptions = random_cases::exemption_names(edition);
    let measures = columns::act_measures(edition);
    let favourable = rng.chance(85);
    let profile = if favourable {
        Profile::Favourable
    } else {
        Profile::Random
    };
    let mut practitioner = Map::new();
    if rng.chance(30) {
        practitioner.insert("specialite".into(), json!("omnipratique"));
    }
    if rng.chance(3) && !exemptions.is_empty() {
        practitioner.insert(
            "exonerations".into(),
            json!([rng.pick(&exemptions).clone()]),
        );
    }
    for (flag, percent) in [
        ("premiere_annee", 4),
        ("changement_editeur", 5),
        ("justificatif_demande", 10),
    ] {
        if rng.chance(percent) {
            practitioner.insert(flag.into(), json!(true));
        }
    }
    match rng.below(100) {
        0..=94 => {
            practitioner.insert("attestation_sur_l_honneur".into(), json!(true));
        }
        95..=97 => {
            practitioner.insert("attestation_sur_l_honneur".into(), json!(false));
        }
        _ => {}
    }
    // A few start transmitting during the year: their period is individualised.
    let starter = rng.chance(6);
    practitioner.insert("fse_annee_precedente".into(), json!(!starter));
    let start_month = if starter {
        u32::try_from(rng.range(2, 12)).unwrap_or(6)
    } else {
        1
    };
    let mut indicators = Map::new();
    for section in &edition.sections {
        for (id, indicator) in section.all_indicators() {
            let mut inputs = random_cases::random_inputs(
                &mut rng,
                indicator,
                year,
                profile,
                edition.acts.as_ref(),
            );
            // The rates computed from acts take theirs from the acts table.
            if let Some(Json::Object(rates)) = inputs.get_mut("mesures") {
                rates.retain(|rate, _| {
                    !measures
                        .iter()
                        .any(|(_, i, r)| i == &id && r == rate && acts > 0)
                });
                if rates.values().any(|v| v.get("actes").is_some()) {
                    rates.retain(|_, v| v.get("actes").is_none());
                }
                if rates.is_empty() {
                    inputs.remove("mesures");
                }
            }
            if !inputs.is_empty() {
                indicators.insert(id, Json::Object(inputs));
            }
        }
    }
    // The share of acts sent as FSE: most well above the threshold, some around it, a few low.
    let threshold = edition
        .sections
        .iter()
        .flat_map(|s| s.all_indicators())
        .flat_map(|(_, i)| i.rates.iter())
        .find(|r| r.numerator.is_some())
        .and_then(|r| r.threshold.as_ref())
        .map_or(0.7, |t| {
            *t.value.numer() as f64 / (*t.value.denom()).max(1) as f64
        });
    let share = match rng.below(100) {
        0..=77 => 0.92 + 0.075 * unit(&mut rng),
        78..=91 => threshold - 0.04 + 0.08 * unit(&mut rng),
        _ => 0.2 + (threshold - 0.25).max(0.0) * unit(&mut rng),
    };
    let first_day = Date::first_of_month(year, start_month).day_number();
    let last_day = Date::last_of_year(year).day_number();
    let span = u64::try_from(last_day - first_day + 1).unwrap_or(1);
    let mut drawn_acts = Vec::with_capacity(usize::try_from(acts).unwrap_or(0));
    let fields = edition
        .acts
        .as_ref()
        .map_or(&[][..], |a| a.runtime.fields());
    let share_millionths = (share.clamp(0.0, 1.0) * 1_000_000.0) as u64;
    for a in 0..acts {
        let measure = usize::try_from(a % measures.len().max(1) as u64).unwrap_or(0);
        let day = if rng.chance(2) {
            // Outside the period: the December before, the January after.
            if rng.chance(50) {
                first_day - 1 - rng.range(0, 30)
            } else {
                last_day + 1 + rng.range(0, 30)
            }
        } else {
            first_day + i64::try_from(rng.below(span)).unwrap_or(0)
        };
        let date = Date::from_day_number(day).unwrap_or_else(|| Date::first_of_year(year));
        let secure = rng.below(1_000_000) < share_millionths;
        let values: Vec<FieldValue> = fields
            .iter()
            .map(|field| draw_value(&mut rng, &field.key, &field.kind, secure, date))
            .collect();
        let count = if rng.chance(3) {
            u32::try_from(rng.range(2, 4)).unwrap_or(1)
        } else {
            1
        };
        drawn_acts.push(DrawnAct {
            measure,
            date,
            count,
            values,
        });
    }
    // Half the starters give their first FSE's date (by the schema's `première fse`); the
    // others leave it to be read in the acts.
    if starter && rng.chance(50) {
        if let Some((schema, claim)) = edition
            .acts
            .as_ref()
            .and_then(|a| Some((&a.runtime, a.first_claim.as_ref()?)))
        {
            let claim = guidec::act_tests::Test::compile(claim);
            let first = drawn_acts
                .iter()
                .filter(|a| a.count > 0 && a.date.year() == year)
                .filter(|a| {
                    schema
                        .act(a.date, a.count, &a.values)
                        .is_ok_and(|act| claim.holds(&act))
                })
                .map(|a| a.date)
                .min();
            if let Some(first) = first {
                practitioner.insert("premiere_fse".into(), json!(adapter::iso(first)));
            }
        }
    }
    let mut case = Map::new();
    case.insert("edition".into(), json!(edition.key()));
    case.insert("praticien".into(), Json::Object(practitioner));
    case.insert("indicateurs".into(), Json::Object(indicators));
    Drawn {
        id: format!("p{:07}", index + 1),
        case: Json::Object(case),
        acts: drawn_acts,
    }
}

/// A case file's fields (acts left out) as `(column, text)` pairs: the case file → row direction.
pub fn rows_of_case(case: &Json) -> Vec<(String, String)> {
    let mut cells = Vec::new();
    let text = |value: &Json| match value {
        Json::String(s) => s.clone(),
        Json::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), String::from))
            .collect::<Vec<_>>()
            .join(","),
        other => other.to_string(),
    };
    if let Some(Json::Object(practitioner)) = case.get("praticien") {
        for (key, value) in practitioner {
            cells.push((format!("praticien.{key}"), text(value)));
        }
    }
    if let Some(Json::Object(indicators)) = case.get("indicateurs") {
        for (id, inputs) in indicators {
            let Json::Object(inputs) = inputs else {
                continue;
            };
            for (key, value) in inputs {
                let base = format!("indicateurs.{id}.{key}");
                match (key.as_str(), value) {
                    ("logiciels", Json::Object(roles)) => {
                        for (role, details) in roles {
                            let details = details.as_object().cloned().unwrap_or_default();
                            if details.is_empty() {
                                cells.push((format!("{base}.{role}"), "true".into()));
                            }
                            for (detail, value) in details {
                                cells.push((format!("{base}.{role}.{detail}"), text(&value)));
                            }
                        }
                    }
                    ("nombres" | "constats", Json::Object(items)) => {
                        for (item, value) in items {
                            cells.push((format!("{base}.{item}"), text(value)));
                        }
                    }
                    ("mesures", Json::Object(rates)) => {
                        for (rate, value) in rates {
                            for part in ["numerateur", "denominateur"] {
                                if let Some(v) = value.get(part) {
                                    cells.push((format!("{base}.{rate}.{part}"), text(v)));
                                }
                            }
                        }
                    }
                    // A declared rate stands in the table as its exact fraction, as the reader
                    // reads a percentage.
                    ("taux", Json::Object(rates)) => {
                        for (rate, value) in rates {
                            let read = match value {
                                Json::String(percent) => {
                                    guidec_runtime::DeclaredRate::percent(percent).ok()
                                }
                                Json::Number(percent) => {
                                    guidec_runtime::DeclaredRate::percent(&percent.to_string()).ok()
                                }
                                other => match (
                                    other.get("numerateur").and_then(Json::as_i64),
                                    other.get("denominateur").and_then(Json::as_i64),
                                ) {
                                    (Some(n), Some(d)) => {
                                        guidec_runtime::DeclaredRate::counts(n, d).ok()
                                    }
                                    _ => None,
                                },
                            };
                            if let Some(declared) = read {
                                cells.push((
                                    format!("{base}.{rate}.numerateur"),
                                    declared.numerator.to_string(),
                                ));
                                cells.push((
                                    format!("{base}.{rate}.denominateur"),
                                    declared.denominator.to_string(),
                                ));
                            }
                        }
                    }
                    ("choix", Json::Array(items)) if items.is_empty() => {}
                    _ => cells.push((base, text(value))),
                }
            }
        }
    }
    cells
}

/// An act as a case file writes it: its date, each field given (a yes/no only when yes), its
/// count when not 1.
fn act_json(schema: &guidec_runtime::ActSchema, act: &DrawnAct) -> Json {
    let mut out = Map::new();
    out.insert("date".into(), json!(adapter::iso(act.date)));
    for (field, value) in schema.fields().iter().zip(&act.values) {
        match (&field.kind, value) {
            (FieldKind::YesNo, FieldValue::YesNo(true)) => {
                out.insert(field.key.clone(), json!(true));
            }
            (FieldKind::List { values, .. }, FieldValue::Index(at)) => {
                if let Some(name) = usize::try_from(*at).ok().and_then(|at| values.get(at)) {
                    out.insert(field.key.clone(), json!(name));
                }
            }
            (FieldKind::Age { birth, .. }, FieldValue::Birth(born)) => {
                out.insert(birth.clone(), json!(adapter::iso(*born)));
            }
            (FieldKind::Age { days, .. }, FieldValue::AgeDays(age)) => {
                out.insert(days.clone(), json!(age));
            }
            (FieldKind::Date, FieldValue::Date(day)) => {
                out.insert(field.key.clone(), json!(adapter::iso(*day)));
            }
            (FieldKind::Number, FieldValue::Number(n)) => {
                out.insert(field.key.clone(), json!(n));
            }
            _ => {}
        }
    }
    if act.count != 1 {
        out.insert("nombre".into(), json!(act.count));
    }
    Json::Object(out)
}

/// The cells of an act's row, from `date` to `nombre`, in the order of
/// `guidec::emit_sql::act_columns` (an age: its age in days, then its birth date).
fn act_cells<'a>(
    schema: &'a guidec_runtime::ActSchema,
    act: &DrawnAct,
    cells: &mut Vec<Value<'a>>,
) {
    cells.push(Value::Date(act.date));
    for (field, value) in schema.fields().iter().zip(&act.values) {
        match &field.kind {
            FieldKind::YesNo => {
                cells.push(Value::Boolean(matches!(value, FieldValue::YesNo(true))));
            }
            FieldKind::List { values, default } => {
                let at = match value {
                    FieldValue::Index(at) => usize::try_from(*at).ok(),
                    _ => default.and_then(|d| usize::try_from(d).ok()),
                };
                cells.push(
                    at.and_then(|at| values.get(at))
                        .map_or(Value::Null, |name| {
                            Value::Text(Cow::Borrowed(name.as_str()))
                        }),
                );
            }
            FieldKind::Age { .. } => {
                let (days, born) = match value {
                    FieldValue::AgeDays(age) => (
                        i64::try_from(*age).map_or(Value::Null, Value::Integer),
                        Value::Null,
                    ),
                    FieldValue::Birth(born) => (Value::Null, Value::Date(*born)),
                    _ => (Value::Null, Value::Null),
                };
                cells.push(days);
                cells.push(born);
            }
            FieldKind::Date => cells.push(match value {
                FieldValue::Date(day) => Value::Date(*day),
                _ => Value::Null,
            }),
            FieldKind::Number => cells.push(match value {
                FieldValue::Number(n) => Value::Integer(i64::from(*n)),
                _ => Value::Null,
            }),
        }
    }
    cells.push(Value::Integer(i64::from(act.count)));
}

/// The whole case file of a practitioner drawn, acts included, as YAML text.
pub fn case_file_text(edition: &ir::Edition, drawn: &Drawn) -> Result<String, String> {
    let measures = columns::act_measures(edition);
    let mut case = drawn.case.clone();
    let Some(schema) = edition.acts.as_ref().map(|a| &a.runtime) else {
        let mut text = String::new();
        guidec::read_form::write_yaml(&mut text, &case, 0);
        return Ok(text);
    };
    for (index, (_, indicator, rate)) in measures.iter().enumerate() {
        let acts: Vec<Json> = drawn
            .acts
            .iter()
            .filter(|a| a.measure == index)
            .map(|a| act_json(schema, a))
            .collect();
        if acts.is_empty() {
            continue;
        }
        let Some(Json::Object(indicators)) = case.get_mut("indicateurs") else {
            continue;
        };
        let inputs = indicators
            .entry(indicator.clone())
            .or_insert_with(|| Json::Object(Map::new()));
        if let Json::Object(inputs) = inputs {
            let rates = inputs
                .entry("mesures")
                .or_insert_with(|| Json::Object(Map::new()));
            if let Json::Object(rates) = rates {
                rates.insert(rate.clone(), json!({ "actes": acts }));
            }
        }
    }
    let mut text = String::new();
    guidec::read_form::write_yaml(&mut text, &case, 0);
    Ok(text)
}

/// What a generation wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Generated {
    /// Practitioners.
    pub practitioners: usize,
    /// Acts rows.
    pub acts: u64,
    /// Case files.
    pub case_files: usize,
}

fn column_type(kind: Kind) -> Type {
    match kind {
        Kind::Boolean => Type::Boolean,
        Kind::Integer => Type::Integer,
        Kind::Date => Type::Date,
        _ => Type::Text,
    }
}

fn cell_value(kind: Kind, text: &str) -> Value<'static> {
    match kind {
        Kind::Boolean => adapter::boolean(text).map_or(Value::Null, Value::Boolean),
        Kind::Integer => adapter::integer(text).map_or(Value::Null, Value::Integer),
        Kind::Date => adapter::date(text).map_or(Value::Null, Value::Date),
        _ => Value::Text(Cow::Owned(text.to_string())),
    }
}

/// Generates a population: the declarations table, the acts table, and, for the first
/// `case_files` practitioners, a case file each in `cases` (`<id>.yaml`).
pub fn generate(
    edition: &ir::Edition,
    request: &Request,
    declarations: &Path,
    acts: &Path,
    cases: Option<(&Path, usize)>,
) -> Result<Generated, String> {
    let fields = columns::declaration_columns(edition);
    let known = columns::indicator_ids(edition);
    let mut declaration_writer = Writer::create(
        declarations,
        &fields
            .iter()
            .map(|f| (f.path(), column_type(f.kind())))
            .collect::<Vec<_>>(),
    )?;
    // The acts table's columns: those of the edition's act schema, as every engine reads them.
    let act_columns: Vec<(String, Type)> = guidec::emit_sql::act_columns(edition.acts.as_ref())
        .into_iter()
        .map(|(name, sql)| {
            let kind = match sql {
                "BOOLEAN" => Type::Boolean,
                "BIGINT" => Type::Integer,
                "DATE" => Type::Date,
                _ => Type::Text,
            };
            (name, kind)
        })
        .collect();
    let mut act_writer = Writer::create(acts, &act_columns)?;
    let schema = edition.acts.as_ref().map(|a| a.runtime.clone());
    if let Some((folder, _)) = cases {
        std::fs::create_dir_all(folder)
            .map_err(|e| format!("impossible de créer « {} » : {e}", folder.display()))?;
    }
    let measures = columns::act_measures(edition);
    let counts = act_counts(request);
    let mut generated = Generated::default();
    let indices: Vec<usize> = (0..request.practitioners).collect();
    for wave in indices.chunks(256) {
        let drawn: Vec<Drawn> = wave
            .par_iter()
            .map(|k| draw(edition, request, *k, counts.get(*k).copied().unwrap_or(0)))
            .collect();
        for (k, practitioner) in wave.iter().zip(&drawn) {
            let cells = rows_of_case(&practitioner.case);
            let mut row: Vec<Value<'_>> = Vec::with_capacity(fields.len());
            for field in &fields {
                if *field == Field::Id {
                    row.push(Value::Text(Cow::Borrowed(&practitioner.id)));
                    continue;
                }
                let path = field.path();
                row.push(
                    cells
                        .iter()
                        .find(|(p, _)| *p == path)
                        .map_or(Value::Null, |(_, text)| cell_value(field.kind(), text)),
                );
            }
            // Every cell drawn has its column: the generator writes nothing the reader would drop.
            for (path, _) in &cells {
                if !fields.iter().any(|f| &f.path() == path) {
                    return Err(format!(
                        "{} : le champ « {path} » n'a pas de colonne (les colonnes connues : {})",
                        practitioner.id,
                        known.join(", ")
                    ));
                }
            }
            declaration_writer.row(&row)?;
            if let Some(schema) = &schema {
                let mut cells = Vec::with_capacity(act_columns.len());
                for act in &practitioner.acts {
                    let path = measures.get(act.measure).map_or("", |(p, _, _)| p.as_str());
                    cells.clear();
                    cells.push(Value::Text(Cow::Borrowed(&practitioner.id)));
                    cells.push(Value::Text(Cow::Borrowed(path)));
                    act_cells(schema, act, &mut cells);
                    act_writer.row(&cells)?;
                    generated.acts += 1;
                }
            }
            if let Some((folder, limit)) = cases {
                if *k < limit {
                    let text = case_file_text(edition, practitioner)?;
                    let path = folder.join(format!("{}.yaml", practitioner.id));
                    std::fs::write(&path, text)
                        .map_err(|e| format!("impossible d'écrire « {} » : {e}", path.display()))?;
                    generated.case_files += 1;
                }
            }
            generated.practitioners += 1;
        }
    }
    declaration_writer.finish()?;
    act_writer.finish()?;
    Ok(generated)
}
