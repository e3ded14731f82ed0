//! The generated code agrees with the reference interpreter, outcome for outcome (statuses,
//! amounts, gating and every reason): on every case file under `tests/cases/`, and on at least
//! 10 000 random cases per edition from a seeded generator that follows the edition's case format.
//!
//! Each random case is built as JSON (which is YAML), read and validated by `guidec::case` and
//! evaluated by `guidec::interpret`; the same JSON is deserialised into the generated module's
//! typed `Case` and evaluated by its `evaluate_with`, with and without reasons. A case is skipped
//! when the validator rejects it (and a case file when its path names no edition): skipped cases
//! are counted, printed, and fail the test past [`MAX_SKIPPED_PERCENT`], since the cases compared
//! would then no longer be the population drawn. Set `GUIDEC_RANDOM_CASES` to run more (or
//! fewer) cases per edition.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use guidec::case;
use guidec::interpret::{Explain, Plan};
use guidec::ir;
use guidec_generated as generated;
use guidec_runtime as rt;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Random cases compared per edition, at least.
const RANDOM_CASES: usize = 10_000;

/// The most cases a test may skip, in percent of those it drew (or found).
const MAX_SKIPPED_PERCENT: usize = 5;

/// Fails when more than [`MAX_SKIPPED_PERCENT`] of `total` cases were skipped.
fn assert_few_skipped(what: &str, skipped: usize, total: usize) {
    assert!(
        skipped * 100 <= total * MAX_SKIPPED_PERCENT,
        "{what}: {skipped} of {total} cases skipped, more than {MAX_SKIPPED_PERCENT} %"
    );
}

/// Where a case comes from: a case file's text (JSON is YAML in flow style), read by the
/// runtime's one reader of case files as the interpreter's validator reads it.
#[derive(Clone, Copy)]
enum Source<'a> {
    Yaml(&'a str),
}

fn explain_of(explain: Explain) -> rt::Explain {
    match explain {
        Explain::Yes => rt::Explain::Yes,
        Explain::No => rt::Explain::No,
    }
}

/// The generated module of each edition key; one random test per edition.
macro_rules! generated_editions {
    ($($key:literal => $module:ident),* $(,)?) => {
        /// Every edition key with a generated module.
        const KEYS: &[&str] = &[$($key),*];

        /// Deserialises a case into the generated module of `key` and evaluates it.
        fn generated_outcome(key: &str, source: Source<'_>, explain: Explain) -> Result<Value, String> {
            match key {
                $($key => {
                    let case: generated::$module::Case = match source {
                        Source::Yaml(text) => rt::case_file::from_str(text).map_err(|e| e.to_string())?,
                    };
                    let outcome = generated::$module::evaluate_with(&case, explain_of(explain));
                    serde_json::to_value(&outcome).map_err(|e| e.to_string())
                })*
                other => Err(format!(
                    "no generated module for `{other}`: add it to `generated_editions!` in conformance/tests/differential.rs"
                )),
            }
        }

        /// Whether the case written in flow style (JSON) and in block style give the same
        /// generated `Case`.
        fn same_case_both_ways(key: &str, text: &str, value: &Value) -> Result<bool, String> {
            match key {
                $($key => {
                    let from_flow: generated::$module::Case =
                        rt::case_file::from_str(text).map_err(|e| e.to_string())?;
                    let mut block = String::new();
                    block_yaml(value, 0, &mut block);
                    let from_block: generated::$module::Case =
                        rt::case_file::from_str(&block).map_err(|e| format!("{e}\n{block}"))?;
                    Ok(from_flow == from_block)
                })*
                other => Err(format!("no generated module for `{other}`")),
            }
        }

        mod random {
            $(
                #[test]
                fn $module() {
                    super::random_cases_agree($key);
                }
            )*
        }
    };
}

generated_editions! {
    "fami/chirurgiens_dentistes-2025" => fami_chirurgiens_dentistes_2025,
    "fami/chirurgiens_dentistes-2026" => fami_chirurgiens_dentistes_2026,
    "fami/masseurs_kinesitherapeutes-2025" => fami_masseurs_kinesitherapeutes_2025,
    "forfait_structure/medecins-2020" => forfait_structure_medecins_2020,
    "forfait_structure/medecins-2021" => forfait_structure_medecins_2021,
    "forfait_structure/medecins-2023" => forfait_structure_medecins_2023,
    "forfait_structure/medecins-2024" => forfait_structure_medecins_2024,
    "forfait_structure/medecins-2025" => forfait_structure_medecins_2025,
}

fn root() -> PathBuf {
    guidec_conformance::repository_root()
}

/// Every spec under `specs/`, checked, by edition key.
fn editions() -> BTreeMap<String, ir::Edition> {
    let paths = guidec::driver::find_specs(&[root().join("specs")]).expect("specs/ is readable");
    paths
        .iter()
        .map(|path| {
            let file = guidec::driver::check_file(path).expect("a spec is readable");
            match file.edition {
                Some(edition) => (edition.key(), edition),
                None => panic!("{} has errors", path.display()),
            }
        })
        .collect()
}

fn edition(key: &str) -> ir::Edition {
    editions()
        .remove(key)
        .unwrap_or_else(|| panic!("no spec for `{key}` under specs/"))
}

/// The interpreter's outcome of a validated case, as JSON (the edition planned afresh each time).
fn interpreted(edition: &ir::Edition, case: &case::Case, explain: Explain) -> Value {
    serde_json::to_value(Plan::new(edition).evaluate(case, explain)).expect("an outcome serialises")
}

/// `value` written in YAML's block style (`key:` lines, `- ` items), strings in double quotes.
fn block_yaml(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    let scalar = |value: &Value| match value {
        Value::Null => "~".to_string(),
        Value::Object(map) if map.is_empty() => "{}".to_string(),
        Value::Array(items) if items.is_empty() => "[]".to_string(),
        other => other.to_string(),
    };
    let nested = |value: &Value| match value {
        Value::Object(map) => !map.is_empty(),
        Value::Array(items) => !items.is_empty(),
        _ => false,
    };
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, item) in map {
                let key = Value::String(key.clone()).to_string();
                if nested(item) {
                    out.push_str(&format!("{pad}{key}:\n"));
                    block_yaml(item, indent + 2, out);
                } else {
                    out.push_str(&format!("{pad}{key}: {}\n", scalar(item)));
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                if nested(item) {
                    out.push_str(&format!("{pad}-\n"));
                    block_yaml(item, indent + 2, out);
                } else {
                    out.push_str(&format!("{pad}- {}\n", scalar(item)));
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", scalar(other))),
    }
}

/// The first place two JSON values differ, as a path.
fn first_difference(expected: &Value, got: &Value, path: &str) -> Option<String> {
    match (expected, got) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            keys.into_iter().find_map(|k| match (a.get(k), b.get(k)) {
                (Some(x), Some(y)) => first_difference(x, y, &format!("{path}.{k}")),
                (x, y) => Some(format!("{path}.{k}: interpreter {x:?}, generated {y:?}")),
            })
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, &format!("{path}[{i}]"))),
        _ if expected == got => None,
        _ => Some(format!("{path}: interpreter {expected}, generated {got}")),
    }
}

// ---------------------------------------------------------------------------------------------
// Case files

fn case_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            case_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

#[test]
fn case_files_agree() {
    let editions = editions();
    let cases_dir = root().join("tests/cases");
    let mut files = Vec::new();
    case_files(&cases_dir, &mut files);
    let mut compared = 0;
    let mut rejected = Vec::new();
    let mut unplaced = Vec::new();
    let mut failures = Vec::new();
    for path in &files {
        // tests/cases/<programme>/<profession>-<year>/<case>.yaml
        let relative = path.strip_prefix(&cases_dir).unwrap_or(path);
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let [programme, edition_dir, _] = parts.as_slice() else {
            unplaced.push(relative.display().to_string());
            continue;
        };
        let key = format!("{programme}/{edition_dir}");
        let edition = editions
            .get(&key)
            .unwrap_or_else(|| panic!("{}: no spec for `{key}`", path.display()));
        let text = std::fs::read_to_string(path).expect("a case file is readable");
        let validated = case::read(&text, edition)
            .map_err(|e| vec![e])
            .and_then(|file| case::validate(&file, edition));
        let Ok(validated) = validated else {
            rejected.push(relative.display().to_string());
            continue;
        };
        for explain in [Explain::Yes, Explain::No] {
            let expected = interpreted(edition, &validated, explain);
            match generated_outcome(&key, Source::Yaml(&text), explain) {
                Ok(got) if got == expected => {}
                Ok(got) => failures.push(format!(
                    "{}: {}",
                    relative.display(),
                    first_difference(&expected, &got, "outcome").unwrap_or_default()
                )),
                Err(error) => failures.push(format!(
                    "{}: the generated `Case` rejects a case the validator accepts: {error}",
                    relative.display()
                )),
            }
        }
        compared += 1;
    }
    let listed = |skipped: &[String]| {
        if skipped.is_empty() {
            String::new()
        } else {
            format!(" ({})", skipped.join(", "))
        }
    };
    eprintln!(
        "case files: {} found, {compared} compared; skipped: {} rejected by the validator{}, {} not in a `<programme>/<profession>-<year>/` folder{}",
        files.len(),
        rejected.len(),
        listed(&rejected),
        unplaced.len(),
        listed(&unplaced),
    );
    assert!(
        failures.is_empty(),
        "the generated code disagrees with the interpreter:\n{}",
        failures.join("\n")
    );
    assert!(compared > 0, "no case file under {}", cases_dir.display());
    assert_few_skipped("case files", rejected.len() + unplaced.len(), files.len());
}

#[test]
fn every_edition_has_a_generated_module() {
    let keys: BTreeSet<String> = editions().into_keys().collect();
    let generated: BTreeSet<String> = generated::EDITIONS.iter().map(|k| k.to_string()).collect();
    let tested: BTreeSet<String> = KEYS.iter().map(|k| k.to_string()).collect();
    assert_eq!(
        keys, generated,
        "specs/ and generated/rust differ: run `cargo run --release -- build`"
    );
    assert_eq!(
        keys, tested,
        "add every edition to `generated_editions!` in conformance/tests/differential.rs"
    );
}

// ---------------------------------------------------------------------------------------------
// A seeded generator, shared with the benchmarks

#[path = "../../tests/support/random_cases.rs"]
mod random_cases;
use random_cases::{break_case, exemption_names, random_case, random_date, seed_of, Rng};

fn random_cases_agree(key: &str) {
    let edition = edition(key);
    let exemptions = exemption_names(&edition);
    let wanted = std::env::var("GUIDEC_RANDOM_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(RANDOM_CASES);
    let seed = seed_of(key);
    let mut rng = Rng(seed);
    let (mut compared, mut attempts, mut yaml_checked) = (0usize, 0usize, 0usize);
    // Cases made invalid on purpose (`break_case`), and those the validator rejected among them
    // and among the others: only the latter are skipped cases.
    let (mut broken, mut broken_rejected, mut skipped) = (0usize, 0usize, 0usize);
    let mut failures: Vec<String> = Vec::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut paid = 0usize;
    // One outcome refilled case after case (`Plan::evaluate_into`, as population runs and
    // benchmarks use it) must say what a fresh one says, whatever the case before it left.
    let plan = Plan::new(&edition);
    let mut refilled = plan.blank_outcome();
    while compared < wanted && attempts < wanted * 2 {
        attempts += 1;
        let mut value = random_case(&mut rng, &edition, &exemptions);
        let broken_on_purpose = rng.chance(3);
        if broken_on_purpose {
            broken += 1;
            break_case(&mut rng, &mut value);
        }
        let text = serde_json::to_string(&value).expect("a case serialises");
        let validated = case::read(&text, &edition)
            .map_err(|e| vec![e])
            .and_then(|file| case::validate(&file, &edition));
        let Ok(validated) = validated else {
            if broken_on_purpose {
                broken_rejected += 1;
            } else {
                skipped += 1;
            }
            continue;
        };
        compared += 1;
        for explain in [Explain::Yes, Explain::No] {
            let expected = interpreted(&edition, &validated, explain);
            plan.evaluate_into(&validated, explain, &mut refilled);
            let again = serde_json::to_value(&refilled).expect("an outcome serialises");
            if again != expected && failures.len() < 5 {
                failures.push(format!(
                    "case #{attempts} ({explain:?}): the refilled outcome differs: {}\n  case: {text}",
                    first_difference(&expected, &again, "outcome").unwrap_or_default()
                ));
            }
            let outcome = generated_outcome(key, Source::Yaml(&text), explain);
            let problem = match &outcome {
                Ok(got) if *got == expected => None,
                Ok(got) => first_difference(&expected, got, "outcome"),
                Err(error) => Some(format!(
                    "the generated `Case` rejects a case the validator accepts: {error}"
                )),
            };
            if let Some(problem) = problem {
                if failures.len() < 5 {
                    failures.push(format!(
                        "case #{attempts} (seed {seed:#x}, {explain:?}): {problem}\n  case: {text}"
                    ));
                }
            }
            if explain == Explain::Yes {
                if let Some(indicators) = expected.get("indicators").and_then(Value::as_object) {
                    for (id, result) in indicators {
                        let status = result.get("status").and_then(Value::as_str).unwrap_or("?");
                        seen.insert((id.clone(), status.to_string()));
                    }
                }
                if expected
                    .get("total_cents")
                    .and_then(Value::as_i64)
                    .unwrap_or(0)
                    > 0
                {
                    paid += 1;
                }
            }
        }
        // The case in block style gives the same typed case as in flow style.
        if compared % 8 == 0 {
            yaml_checked += 1;
            match same_case_both_ways(key, &text, &value) {
                Ok(true) => {}
                Ok(false) => failures.push(format!(
                    "case #{attempts}: YAML and JSON give different cases: {text}"
                )),
                Err(error) => failures.push(format!("case #{attempts}: {error}: {text}")),
            }
        }
    }
    let indicators: usize = edition
        .sections
        .iter()
        .map(|s| s.all_indicators().len())
        .sum();
    let statuses: BTreeSet<&str> = seen.iter().map(|(_, s)| s.as_str()).collect();
    eprintln!(
        "{key}: {attempts} random cases drawn (seed {seed:#x}), {compared} compared, {yaml_checked} also read as YAML; \
         {broken} broken on purpose, {broken_rejected} of them rejected by the validator; \
         skipped: {skipped} of the {} others, rejected by the validator; \
         {paid} pay something; {} (indicator, status) pairs over {indicators} indicators, statuses {statuses:?}",
        attempts - broken,
        seen.len()
    );
    assert!(
        failures.is_empty(),
        "the generated code disagrees with the interpreter on {key}:\n{}",
        failures.join("\n\n")
    );
    assert!(
        compared >= wanted,
        "only {compared} of {attempts} cases were valid"
    );
    assert_few_skipped(
        &format!("{key}, random cases not broken on purpose"),
        skipped,
        attempts - broken,
    );
    assert_eq!(
        broken_rejected, broken,
        "{key}: the validator accepts cases broken on purpose"
    );
}

#[test]
fn dates_before_agree_with_the_validator() {
    let mut rng = Rng(0x5eed);
    for _ in 0..20_000 {
        let year = i32::try_from(rng.range(1900, 2100)).unwrap_or(2025);
        let date = random_date(&mut rng, year);
        let days = if rng.chance(50) {
            rng.range(0, 400)
        } else {
            rng.range(0, 60_000)
        };
        let expected = case::days_before(date, days);
        let start = rt::Date::from_ymd(date.year, date.month, date.day).unwrap();
        let got = start.days_before(days);
        let got = got.map(|d| (d.year(), d.month(), d.day()));
        assert_eq!(
            got,
            expected.map(|e| (e.year, e.month, e.day)),
            "{days} days before {date}"
        );
    }
}

/// The runtime's dates, packed in one number, order and print as the validator's do,
/// across years, months and days, negative years (births long before year 1) included.
#[test]
fn packed_dates_order_as_the_validator_orders_them() {
    let mut rng = Rng(0xda7e);
    let pack = |date: ir::CivilDate| rt::Date::from_ymd(date.year, date.month, date.day);
    for _ in 0..20_000 {
        let pick = |rng: &mut Rng| {
            let year = i32::try_from(rng.range(-300, 9999)).unwrap_or(2025);
            random_date(rng, year)
        };
        let (left, right) = (pick(&mut rng), pick(&mut rng));
        let (packed_left, packed_right) = (pack(left).unwrap(), pack(right).unwrap());
        assert_eq!(
            packed_left.cmp(&packed_right),
            left.cmp(&right),
            "{left} against {right}"
        );
        assert_eq!(
            (packed_left.year(), packed_left.month(), packed_left.day()),
            (left.year, left.month, left.day)
        );
        assert_eq!(packed_left.to_string(), left.to_string());
    }
    assert!(rt::Date::from_ymd(2025, 2, 29).is_none());
    assert!(rt::Date::from_ymd(2024, 2, 29).is_some());
    assert!(rt::Date::parse("10000-01-01").is_none());
    assert!(case::parse_date("10000-01-01").is_none());
}

/// Case-file spellings the random JSON never uses (empty values, `~`, aliases, flow and block
/// styles): the validator and the generated `Case` accept and refuse the same, and agree.
#[test]
fn yaml_spellings_agree() {
    let key = "forfait_structure/medecins-2025";
    let edition = edition(key);
    let texts = [
        "edition: forfait_structure/medecins-2025\nindicateurs:\n  logiciel_metier:\n    logiciels:\n      metier:\n      lap: ~\n    justificatif: envoye\n",
        "edition: forfait_structure/medecins-2025\nindicateurs:\n  logiciel_metier:\n    logiciels: {metier: {}, lap: {editeur: X, acquisition: 2025-02-03}}\n    justificatif: validé\npraticien:\n  premiere_annee: true\n",
        "edition: forfait_structure/medecins-2025\nindicateurs:\n  logiciel_metier: {}\n  horaires_annuaire:\n    prerempli: true\n  teletransmission:\n    mesures:\n      fse:\n        actes:\n          - {date: 2025-03-01, mode: degrade, télésoin: true}\n          - {date: 2025-03-02, mode: sesam_vitale, nombre: 3, naissance: 2025-01-15}\n          - date: \"2025-12-31\"\n            mode: papier\n            age_jours: 0\n",
        "edition: forfait_structure/medecins-2025\npraticien:\n  exonerations: [lap]\n  attestation_sur_l_honneur: true\nindicateurs:\n  logiciel_metier:\n    prerempli: false\n    logiciels:\n      metier: {}\n  codage_donnees: {reponse: oui}\n  dematerialisation.teleservices: {constats: {usage_teleservices: true}}\n",
        "edition: forfait_structure/medecins-2025\nindicateurs:\n  logiciel_metier:\n  codage_donnees:\n",
    ];
    for text in texts {
        let validated = case::read(text, &edition)
            .map_err(|e| vec![e])
            .and_then(|file| case::validate(&file, &edition));
        let generated = generated_outcome(key, Source::Yaml(text), Explain::Yes);
        match validated {
            Ok(validated) => {
                let expected = interpreted(&edition, &validated, Explain::Yes);
                match generated {
                    Ok(got) => assert!(
                        got == expected,
                        "{text}\n{}",
                        first_difference(&expected, &got, "outcome").unwrap_or_default()
                    ),
                    Err(error) => panic!("{text}\nthe generated `Case` rejects it: {error}"),
                }
            }
            Err(errors) => assert!(
                generated.is_err(),
                "{text}\nrejected by the validator ({}) but read by the generated `Case`",
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        }
    }
}
