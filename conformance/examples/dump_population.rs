//! Writes the benchmarks' counts-only FAMI 2025 dentists population as one CSV, for the OpenFisca
//! comparison of `benches/openfisca/`: one row per practitioner, one column per input, and last
//! the reference interpreter's total, `total_cents`.
//!
//! ```text
//! cargo run --release -p guidec-conformance --example dump_population -- 1000000 /tmp/fami.csv
//! ```
//!
//! The cases are drawn as `benches/support/population.rs` draws them (`cases(key, size, true)`:
//! the same seed, the same rejections), so the sum of `total_cents` is the checksum that
//! `instructions fami_counts interpreter_batch` prints for the same `GUIDEC_POPULATION`.
//!
//! Every column is an integer, `-1` when the case does not give the input:
//! yes/no inputs (`prerempli`, `reponse`, `constat_…`, the practitioner's sworn statement and
//! FSE of N-1) `0`/`1`; flags the reader defaults to false (`premiere_annee`,
//! `changement_editeur`, `justificatif_demande`, `logiciel_…` declared) `0`/`1`; dates as
//! `AAAAMMJJ`; counts and a rate's numerator and denominator as given; `choix` `0` for a list
//! given with nothing ticked, else the ticked option's rank in the spec, from 1; `justificatif`
//! `0` for `absent`, `1` for `envoyé`, `2` for `validé`. Each case's JSON is read key by key:
//! a key this file does not know stops the dump rather than being left out.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../tests/support/random_cases.rs"]
mod random_cases;

use guidec::interpret::{Explain, Plan};
use guidec::ir;
use guidec_generated::fami_chirurgiens_dentistes_2025::Case as GeneratedCase;
use random_cases::{exemption_names, random_case, seed_of, Rng};
use serde_json::{Map, Value};
use std::io::Write as _;

const KEY: &str = "fami/chirurgiens_dentistes-2025";

/// One input of one indicator, read from its part of the case (`indicateurs.<id>`).
enum Input {
    Prefilled,
    Answer,
    SoftwareDeclared(String),
    SoftwareAcquired(String),
    /// The options of the indicator's one single-choice list, in the spec's order.
    Choice(Vec<String>),
    /// `nombres.<id>`: a count, or an option's number a year.
    Number(String),
    Numerator(String),
    Denominator(String),
    Finding(String),
    Document,
}

/// The indicator parts the columns read, and those no rule reads (free text): all but the
/// declared rates, which this edition has none of.
const PARTS: [ir::CasePart; 9] = [
    ir::CasePart::Prefilled,
    ir::CasePart::Answer,
    ir::CasePart::Text,
    ir::CasePart::Software,
    ir::CasePart::Choices,
    ir::CasePart::Counts,
    ir::CasePart::Measures,
    ir::CasePart::Findings,
    ir::CasePart::Document,
];

/// The practitioner's fields the columns read, after the specialty, which no rule reads; the
/// exemptions are checked empty (this edition has none).
const PRACTITIONER: [&str; 6] = [
    "premiere_annee",
    "changement_editeur",
    "justificatif_demande",
    "attestation_sur_l_honneur",
    "fse_annee_precedente",
    "premiere_fse",
];

/// The columns of an edition's indicators: `(indicator id, column name, input)`.
fn columns(edition: &ir::Edition) -> Vec<(String, String, Input)> {
    let mut columns = Vec::new();
    for section in &edition.sections {
        for (id, indicator) in section.all_indicators() {
            let name = id.replace('.', "__");
            let mut add = |suffix: String, input: Input| {
                columns.push((id.clone(), format!("{name}_{suffix}"), input));
            };
            if indicator.kind == ir::Kind::Prefilled {
                add("prerempli".into(), Input::Prefilled);
            }
            if indicator.question.is_some() {
                add("reponse".into(), Input::Answer);
            }
            for software in &indicator.software {
                let role = &software.value.id;
                add(
                    format!("logiciel_{role}"),
                    Input::SoftwareDeclared(role.clone()),
                );
                add(
                    format!("logiciel_{role}_acquisition"),
                    Input::SoftwareAcquired(role.clone()),
                );
            }
            match indicator.choices.as_slice() {
                [] => {}
                [list] if !list.multiple => add(
                    "choix".into(),
                    Input::Choice(list.options.iter().map(|o| o.id.clone()).collect()),
                ),
                _ => panic!("{id}: only one single-choice list per indicator is written"),
            }
            for count in &indicator.counts {
                add(
                    format!("nombre_{}", count.id),
                    Input::Number(count.id.clone()),
                );
            }
            for option in indicator.choices.iter().flat_map(|c| &c.options) {
                if option.minimum_per_year.is_some() {
                    add(
                        format!("nombre_{}", option.id),
                        Input::Number(option.id.clone()),
                    );
                }
            }
            for rate in &indicator.rates {
                assert!(!rate.declared, "{id}: declared rates are not written");
                add(
                    format!("mesure_{}_numerateur", rate.id),
                    Input::Numerator(rate.id.clone()),
                );
                add(
                    format!("mesure_{}_denominateur", rate.id),
                    Input::Denominator(rate.id.clone()),
                );
            }
            for finding in &indicator.findings {
                let finding = &finding.value.id;
                add(
                    format!("constat_{finding}"),
                    Input::Finding(finding.clone()),
                );
            }
            if indicator
                .evidence
                .iter()
                .any(|e| matches!(e.kind, ir::EvidenceKind::Document(_)))
            {
                add("justificatif".into(), Input::Document);
            }
        }
    }
    columns
}

fn yes_no(value: Option<&Value>) -> i64 {
    match value {
        None | Some(Value::Null) => -1,
        Some(Value::Bool(yes)) => i64::from(*yes),
        Some(other) => panic!("not a yes/no: {other}"),
    }
}

fn flag(value: Option<&Value>) -> i64 {
    yes_no(value).max(0)
}

/// `AAAA-MM-JJ` as `AAAAMMJJ`.
fn date(value: Option<&Value>) -> i64 {
    match value {
        None | Some(Value::Null) => -1,
        Some(Value::String(text)) => text.replace('-', "").parse().unwrap(),
        Some(other) => panic!("not a date: {other}"),
    }
}

fn number(value: Option<&Value>) -> i64 {
    match value {
        None | Some(Value::Null) => -1,
        Some(value) => value.as_i64().unwrap(),
    }
}

fn read(input: &Input, part: &Map<String, Value>) -> i64 {
    let entry = |field: &str, key: &str| part.get(field).and_then(|m| m.get(key));
    match input {
        Input::Prefilled => yes_no(part.get("prerempli")),
        Input::Answer => match part.get("reponse").and_then(Value::as_str) {
            None => -1,
            Some("oui") => 1,
            Some("non") => 0,
            Some(other) => panic!("answer {other}"),
        },
        Input::SoftwareDeclared(role) => i64::from(entry("logiciels", role).is_some()),
        Input::SoftwareAcquired(role) => {
            date(entry("logiciels", role).and_then(|s| s.get("acquisition")))
        }
        Input::Choice(options) => match part.get("choix") {
            None | Some(Value::Null) => -1,
            Some(Value::Array(ticked)) => match ticked.as_slice() {
                [] => 0,
                [one] => {
                    let rank = options.iter().position(|o| one.as_str() == Some(o));
                    i64::try_from(rank.unwrap()).unwrap() + 1
                }
                _ => panic!("more than one option ticked in a single-choice list"),
            },
            Some(other) => panic!("choix {other}"),
        },
        Input::Number(id) => number(entry("nombres", id)),
        Input::Numerator(id) | Input::Denominator(id) => {
            let rate = entry("mesures", id);
            assert!(
                rate.and_then(|r| r.get("actes")).is_none(),
                "a rate given as acts"
            );
            let field = if matches!(input, Input::Numerator(_)) {
                "numerateur"
            } else {
                "denominateur"
            };
            number(rate.and_then(|r| r.get(field)))
        }
        Input::Finding(id) => yes_no(entry("constats", id)),
        Input::Document => match part.get("justificatif").and_then(Value::as_str) {
            None => -1,
            Some("absent") => 0,
            Some("envoyé" | "envoye") => 1,
            Some("validé" | "valide") => 2,
            Some(other) => panic!("justificatif {other}"),
        },
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [size, path] = args.as_slice() else {
        panic!("usage: dump_population SIZE OUTPUT.csv");
    };
    let size: usize = size.parse().expect("SIZE: a number of practitioners");
    let spec = guidec_conformance::repository_root().join(format!("specs/{KEY}.guide"));
    let edition = guidec::driver::check_file(&spec)
        .unwrap()
        .edition
        .unwrap_or_else(|| panic!("{} has errors", spec.display()));
    let exemptions = exemption_names(&edition);
    assert!(exemptions.is_empty(), "exemptions are not written");
    let plan = Plan::new(&edition);
    let columns = columns(&edition);
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let header: Vec<&str> = PRACTITIONER
        .iter()
        .copied()
        .chain(columns.iter().map(|(_, name, _)| name.as_str()))
        .chain(["total_cents"])
        .collect();
    writeln!(out, "{}", header.join(",")).unwrap();
    // The draw of `population::cases(KEY, size, true)`, case by case.
    let mut rng = Rng(seed_of(KEY));
    let (mut written, mut sum) = (0usize, 0i64);
    let empty = Map::new();
    let mut row = Vec::with_capacity(header.len());
    while written < size {
        let value = random_case(&mut rng, &edition, &exemptions);
        let text = value.to_string();
        if text.contains("\"actes\"") {
            continue;
        }
        let case = guidec::case::read(&text, &edition)
            .ok()
            .and_then(|file| guidec::case::validate(&file, &edition).ok());
        let Some(case) = case else {
            continue;
        };
        if guidec_runtime::case_file::from_str::<GeneratedCase>(&text).is_err() {
            continue;
        }
        let outcome = plan.evaluate(&case, Explain::No);
        assert!(!outcome.total_incomplete, "an undetermined total");
        let practitioner = value
            .get("praticien")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        for key in practitioner.keys() {
            let known = PRACTITIONER.contains(&key.as_str())
                || key == "specialite"
                || (key == "exonerations"
                    && practitioner[key].as_array().is_none_or(Vec::is_empty));
            assert!(known, "praticien.{key} is not written");
        }
        let indicators = value["indicateurs"].as_object().unwrap();
        for (id, part) in indicators {
            for key in part.as_object().unwrap().keys() {
                assert!(
                    PARTS.iter().any(|part| part.field() == key),
                    "{id}.{key} is not written"
                );
            }
        }
        row.clear();
        row.push(flag(practitioner.get("premiere_annee")));
        row.push(flag(practitioner.get("changement_editeur")));
        row.push(flag(practitioner.get("justificatif_demande")));
        row.push(yes_no(practitioner.get("attestation_sur_l_honneur")));
        row.push(yes_no(practitioner.get("fse_annee_precedente")));
        row.push(date(practitioner.get("premiere_fse")));
        for (id, _, input) in &columns {
            let part = indicators
                .get(id)
                .and_then(Value::as_object)
                .unwrap_or(&empty);
            row.push(read(input, part));
        }
        row.push(outcome.total_cents);
        let line: Vec<String> = row.iter().map(i64::to_string).collect();
        writeln!(out, "{}", line.join(",")).unwrap();
        sum = sum.wrapping_add(outcome.total_cents);
        written += 1;
    }
    out.flush().unwrap();
    eprintln!("{written} practitioners written to {path}; sum of total_cents {sum}");
}
