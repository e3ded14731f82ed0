//! A population for the SQL backend's differential test: for every edition under `specs/`, the
//! seeded random cases of the conformance tests written as the tables of `docs/POPULATION.md`
//! (`declarations.csv`, `actes.csv`) and the interpreter's outcome of each (`attendus.csv`).
//!
//! `cargo run --release --example sql_population -- OUT [COUNT [SPECS CASES]]` writes
//! `OUT/<programme>/<profession>-<year>/…` with COUNT practitioners per edition (10 000 when not
//! given), for the specs of SPECS and the hand-worked cases of CASES (`specs` and `tests/cases`
//! when not given; `.ci/run` also runs it on the test editions of scaled amounts, `tests/scales`,
//! of declared rates, `tests/declared`, and of optional indicators, `tests/optional`).
//! `tests/sql/differential.py` then runs `generated/sql/` over these tables on DuckDB and
//! on Spark and compares every practitioner's outcome with `attendus.csv`.

#[path = "../tests/support/random_cases.rs"]
mod random_cases;

use guidec::interpret::{Explain, Plan};
use guidec::{case, ir};
use random_cases::{exemption_names, random_case, seed_of, Rng};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The columns of an edition's acts table, in order, as every engine reads them
/// (`guidec::emit_sql::act_columns`), each with the other spellings a case file may use.
fn act_columns(edition: &ir::Edition) -> Vec<(String, Vec<String>)> {
    let aliases = |name: &str| {
        edition
            .acts
            .as_ref()
            .and_then(|a| a.runtime.fields().iter().find(|f| f.key == name))
            .map(|f| f.aliases.clone())
            .unwrap_or_default()
    };
    guidec::emit_sql::act_columns(edition.acts.as_ref())
        .into_iter()
        .map(|(name, _)| {
            let others = aliases(&name);
            (name, others)
        })
        .collect()
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage : sql_population DOSSIER [NOMBRE]");
        return ExitCode::from(2);
    };
    let count = match args.next().map(|n| n.parse::<usize>()) {
        None => 10_000,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("NOMBRE : un entier attendu");
            return ExitCode::from(2);
        }
    };
    let specs = args
        .next()
        .map_or_else(|| PathBuf::from("specs"), PathBuf::from);
    let hand_cases = args
        .next()
        .map_or_else(|| PathBuf::from("tests/cases"), PathBuf::from);
    let editions = match guidec::build::check_specs(&specs) {
        Ok(editions) => editions,
        Err(_) => {
            eprintln!(
                "les specs de {} ne passent pas la vérification",
                specs.display()
            );
            return ExitCode::from(1);
        }
    };
    for (_, edition) in &editions {
        let folder = out
            .join(&edition.programme)
            .join(format!("{}-{}", edition.profession, edition.year));
        match write_population(&folder, edition, count, &hand_cases) {
            Ok(skipped) => println!(
                "{} : les cas de {} et {count} praticiens tirés au hasard ({skipped} cas invalides écartés)",
                folder.display(),
                hand_cases.display()
            ),
            Err(error) => {
                eprintln!("{}: {error}", folder.display());
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}

/// A CSV field: quoted when it holds a comma, a quote or a line break.
fn field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// A scalar of a case file as a cell.
fn cell(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(","),
        Value::Null | Value::Object(_) => String::new(),
    }
}

/// One practitioner as rows: the declaration's cells by column, and the acts' rows.
fn rows(
    id: &str,
    case: &mut Value,
    columns: &[(String, Vec<String>)],
) -> (BTreeMap<String, String>, Vec<Vec<String>>) {
    let mut declaration = BTreeMap::new();
    let mut acts = Vec::new();
    if let Some(practitioner) = case.get("praticien").and_then(Value::as_object) {
        for (key, value) in practitioner {
            declaration.insert(format!("praticien.{key}"), cell(value));
        }
    }
    let Some(indicators) = case.get_mut("indicateurs").and_then(Value::as_object_mut) else {
        return (declaration, acts);
    };
    for (indicator, inputs) in indicators.iter_mut() {
        let Some(inputs) = inputs.as_object_mut() else {
            continue;
        };
        let path = format!("indicateurs.{indicator}");
        // An empty list of acts has no row: the row's case has no measure (docs/POPULATION.md).
        if let Some(rates) = inputs.get_mut("mesures").and_then(Value::as_object_mut) {
            rates.retain(|_, rate| {
                rate.get("actes")
                    .and_then(Value::as_array)
                    .is_none_or(|acts| !acts.is_empty())
            });
        }
        if inputs
            .get("mesures")
            .and_then(Value::as_object)
            .is_some_and(|m| m.is_empty())
        {
            inputs.remove("mesures");
        }
        for (key, value) in inputs.iter() {
            match (key.as_str(), value) {
                ("logiciels", Value::Object(roles)) => {
                    for (role, software) in roles {
                        let base = format!("{path}.logiciels.{role}");
                        match software.as_object() {
                            Some(details) if !details.is_empty() => {
                                for (detail, value) in details {
                                    declaration.insert(format!("{base}.{detail}"), cell(value));
                                }
                            }
                            _ => {
                                declaration.insert(base, "true".into());
                            }
                        }
                    }
                }
                ("nombres" | "constats", Value::Object(values)) => {
                    for (name, value) in values {
                        declaration.insert(format!("{path}.{key}.{name}"), cell(value));
                    }
                }
                // A declared rate stands in the declarations as its exact fraction (the reader's).
                ("taux", Value::Object(rates)) => {
                    for (rate, data) in rates {
                        let read = match data {
                            Value::String(percent) => {
                                guidec_runtime::DeclaredRate::percent(percent).ok()
                            }
                            Value::Number(percent) => {
                                guidec_runtime::DeclaredRate::percent(&percent.to_string()).ok()
                            }
                            other => other
                                .get("numerateur")
                                .and_then(Value::as_i64)
                                .zip(other.get("denominateur").and_then(Value::as_i64))
                                .and_then(|(n, d)| guidec_runtime::DeclaredRate::counts(n, d).ok()),
                        };
                        if let Some(declared) = read {
                            let base = format!("{path}.taux.{rate}");
                            declaration.insert(
                                format!("{base}.numerateur"),
                                declared.numerator.to_string(),
                            );
                            declaration.insert(
                                format!("{base}.denominateur"),
                                declared.denominator.to_string(),
                            );
                        }
                    }
                }
                ("mesures", Value::Object(rates)) => {
                    for (rate, data) in rates {
                        let mesure = format!("{path}.mesures.{rate}");
                        match data.get("actes").and_then(Value::as_array) {
                            Some(list) => {
                                for act in list {
                                    let mut row = vec![id.to_string(), mesure.clone()];
                                    for (column, others) in columns.iter().skip(2) {
                                        let value = act.get(column).or_else(|| {
                                            others.iter().find_map(|other| act.get(other))
                                        });
                                        row.push(value.map(cell).unwrap_or_default());
                                    }
                                    acts.push(row);
                                }
                            }
                            None => {
                                for part in ["numerateur", "denominateur"] {
                                    if let Some(value) = data.get(part) {
                                        declaration.insert(format!("{mesure}.{part}"), cell(value));
                                    }
                                }
                            }
                        }
                    }
                }
                (_, Value::Object(_)) => {}
                // The answer to a question is a word, `oui` or `non`; the case reader reads a
                // plain `oui` as a yes/no.
                ("reponse", Value::Bool(answer)) => {
                    let word = if *answer { "oui" } else { "non" };
                    declaration.insert(format!("{path}.{key}"), word.to_string());
                }
                _ => {
                    declaration.insert(format!("{path}.{key}"), cell(value));
                }
            }
        }
    }
    (declaration, acts)
}

/// Writes the tables: the edition's hand-worked cases, then `count` random ones; gives how many
/// cases were left out as invalid.
fn write_population(
    folder: &Path,
    edition: &ir::Edition,
    count: usize,
    hand_cases: &Path,
) -> Result<usize, String> {
    std::fs::create_dir_all(folder).map_err(|e| e.to_string())?;
    let plan = Plan::new(edition);
    let exemptions = exemption_names(edition);
    let mut rng = Rng(seed_of(&edition.key()) ^ 0x5157_4c00);
    let mut declarations = Vec::with_capacity(count);
    let mut acts_file = std::io::BufWriter::new(
        std::fs::File::create(folder.join("actes.csv")).map_err(|e| e.to_string())?,
    );
    let mut expected = std::io::BufWriter::new(
        std::fs::File::create(folder.join("attendus.csv")).map_err(|e| e.to_string())?,
    );
    let io = |e: std::io::Error| e.to_string();
    let columns = act_columns(edition);
    let header: Vec<&str> = columns.iter().map(|(name, _)| name.as_str()).collect();
    writeln!(acts_file, "{}", header.join(",")).map_err(io)?;
    let blank = plan.blank_outcome();
    let mut header = vec![
        String::from("id"),
        String::from("total_cents"),
        String::from("total_incomplete"),
    ];
    for (section, _) in &blank.sections {
        header.push(format!("sections.{section}.unlocked"));
        header.push(format!("sections.{section}.amount_cents"));
        header.push(format!("sections.{section}.incomplete"));
    }
    for (indicator, _) in &blank.indicators {
        header.push(format!("indicateurs.{indicator}.status"));
        header.push(format!("indicateurs.{indicator}.amount_cents"));
        header.push(format!("indicateurs.{indicator}.max_cents"));
    }
    writeln!(expected, "{}", header.join(",")).map_err(io)?;
    let mut skipped = 0usize;
    // The hand-worked cases of `tests/cases/` first (`cas:<file>`), then random ones.
    let mut cases: Vec<(String, Value)> = Vec::new();
    let hand = hand_cases
        .join(&edition.programme)
        .join(format!("{}-{}", edition.profession, edition.year));
    if let Ok(entries) = std::fs::read_dir(&hand) {
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
            let value: Value = guidec_runtime::case_file::from_str(&text)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
            cases.push((format!("cas:{}", stem.unwrap_or_default()), value));
        }
    }
    cases.reverse();
    let hand_count = cases.len();
    while declarations.len() < count + hand_count {
        let (id, mut value) = match cases.pop() {
            Some(case) => case,
            None => (
                format!("p{:06}", declarations.len() - hand_count),
                random_case(&mut rng, edition, &exemptions),
            ),
        };
        let (declaration, acts) = rows(&id, &mut value, &columns);
        let text = serde_json::to_string(&value).map_err(|e| e.to_string())?;
        // A random case the validator refuses (a 29th of February moved to a common year) is
        // a row `guidec-population run` rejects: it has no outcome, and no row here; another
        // is drawn.
        let Some(validated) = case::read(&text, edition)
            .ok()
            .and_then(|file| case::validate(&file, edition).ok())
        else {
            if id.starts_with("cas:") {
                eprintln!("{id} : le cas ne passe pas la validation, écarté");
            }
            skipped += 1;
            if skipped > count {
                return Err(String::from("trop de cas tirés invalides"));
            }
            continue;
        };
        let outcome = plan.evaluate(&validated, Explain::No);
        let mut line = vec![
            id.clone(),
            outcome.total_cents.to_string(),
            outcome.total_incomplete.to_string(),
        ];
        for (_, section) in &outcome.sections {
            line.push(section.unlocked.to_string());
            line.push(section.amount_cents.to_string());
            line.push(section.incomplete.to_string());
        }
        for (_, indicator) in &outcome.indicators {
            line.push(indicator.status.name().to_string());
            line.push(
                indicator
                    .amount_cents
                    .map_or_else(String::new, |c| c.to_string()),
            );
            line.push(
                indicator
                    .max_cents
                    .map_or_else(String::new, |c| c.to_string()),
            );
        }
        writeln!(expected, "{}", line.join(",")).map_err(io)?;
        for act in acts {
            let cells: Vec<String> = act.iter().map(|c| field(c)).collect();
            writeln!(acts_file, "{}", cells.join(",")).map_err(io)?;
        }
        declarations.push((id, declaration));
    }
    let columns: BTreeSet<&String> = declarations.iter().flat_map(|(_, d)| d.keys()).collect();
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(folder.join("declarations.csv")).map_err(|e| e.to_string())?,
    );
    let mut head = vec![String::from("id")];
    head.extend(columns.iter().map(|c| field(c)));
    writeln!(file, "{}", head.join(",")).map_err(io)?;
    for (id, declaration) in &declarations {
        let mut line = vec![field(id)];
        for column in &columns {
            line.push(field(declaration.get(*column).map_or("", String::as_str)));
        }
        writeln!(file, "{}", line.join(",")).map_err(io)?;
    }
    file.flush().map_err(io)?;
    acts_file.flush().map_err(io)?;
    expected.flush().map_err(io)?;
    Ok(skipped)
}
