//! The generated code agrees with the reference interpreter, outcome for outcome (statuses,
//! amounts, gating and every reason): on every case file under `tests/cases/`, and on at least
//! 10 000 random cases per edition from a seeded generator that follows the edition's case format.
//!
//! Each random case is built as JSON (which is YAML), read and validated by `guidec::case` and
//! evaluated by `guidec::interpret`; the same JSON is deserialised into the generated module's
//! typed `Case` and evaluated by its `evaluate_with`. Cases the validator rejects are counted and
//! skipped. Set `GUIDEC_RANDOM_CASES` to run more (or fewer) cases per edition.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use guidec::case;
use guidec::interpret::{self, Explain};
use guidec::ir::{self, CivilDate};
use guidec_generated as generated;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Random cases compared per edition, at least.
const RANDOM_CASES: usize = 10_000;

/// Where a case comes from: a case file's text, or a JSON value.
#[derive(Clone, Copy)]
enum Source<'a> {
    Yaml(&'a str),
    Json(&'a Value),
}

fn explain_of(explain: Explain) -> generated::runtime::Explain {
    match explain {
        Explain::Yes => generated::runtime::Explain::Yes,
        Explain::No => generated::runtime::Explain::No,
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
                        Source::Yaml(text) => serde_saphyr::from_str(text).map_err(|e| e.to_string())?,
                        Source::Json(value) => {
                            serde_json::from_value(value.clone()).map_err(|e| e.to_string())?
                        }
                    };
                    let outcome = generated::$module::evaluate_with(&case, explain_of(explain));
                    serde_json::to_value(&outcome).map_err(|e| e.to_string())
                })*
                other => Err(format!(
                    "no generated module for `{other}`: add it to `generated_editions!` in tests/differential.rs"
                )),
            }
        }

        /// Whether the YAML reader and the JSON reader give the same generated `Case`.
        fn same_case_both_ways(key: &str, text: &str, value: &Value) -> Result<bool, String> {
            match key {
                $($key => {
                    let from_yaml: generated::$module::Case =
                        serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
                    let from_json: generated::$module::Case =
                        serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
                    Ok(from_yaml == from_json)
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
    "forfait_structure/medecins-2020" => forfait_structure_medecins_2020,
    "forfait_structure/medecins-2021" => forfait_structure_medecins_2021,
    "forfait_structure/medecins-2024" => forfait_structure_medecins_2024,
    "forfait_structure/medecins-2025" => forfait_structure_medecins_2025,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
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

/// The interpreter's outcome of a validated case, as JSON.
fn interpreted(edition: &ir::Edition, case: &case::Case, explain: Explain) -> Value {
    serde_json::to_value(interpret::evaluate(edition, case, explain))
        .expect("an outcome serialises")
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
    let mut failures = Vec::new();
    for path in &files {
        // tests/cases/<programme>/<profession>-<year>/<case>.yaml
        let relative = path.strip_prefix(&cases_dir).unwrap_or(path);
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let [programme, edition_dir, _] = parts.as_slice() else {
            continue;
        };
        let key = format!("{programme}/{edition_dir}");
        let edition = editions
            .get(&key)
            .unwrap_or_else(|| panic!("{}: no spec for `{key}`", path.display()));
        let text = std::fs::read_to_string(path).expect("a case file is readable");
        let validated = case::read(&text)
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
    eprintln!(
        "case files: {} found, {compared} compared, {} rejected by the validator{}",
        files.len(),
        rejected.len(),
        if rejected.is_empty() {
            String::new()
        } else {
            format!(" ({})", rejected.join(", "))
        }
    );
    assert!(
        failures.is_empty(),
        "the generated code disagrees with the interpreter:\n{}",
        failures.join("\n")
    );
    assert!(compared > 0, "no case file under {}", cases_dir.display());
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
        "add every edition to `generated_editions!` in tests/differential.rs"
    );
}

// ---------------------------------------------------------------------------------------------
// A seeded generator

/// splitmix64: small, fast, and the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A number in `low..=high`.
    fn range(&mut self, low: i64, high: i64) -> i64 {
        let span = u64::try_from(high - low).unwrap_or(0) + 1;
        low + i64::try_from(self.below(span)).unwrap_or(0)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let index = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        &items[index]
    }
}

/// FNV-1a of the edition key: each edition its own fixed seed.
fn seed_of(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn date_text(date: CivilDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)
}

/// A date around year N: mostly in N (December and the year's bounds often), sometimes in N-1 or N+1.
fn random_date(rng: &mut Rng, year: i32) -> CivilDate {
    let year = match rng.below(10) {
        0 => year - 1,
        1 => year + 1,
        _ => year,
    };
    match rng.below(12) {
        0 => CivilDate {
            year,
            month: 1,
            day: 1,
        },
        1 => CivilDate {
            year,
            month: 12,
            day: 31,
        },
        2 | 3 => CivilDate {
            year,
            month: 12,
            day: u32::try_from(rng.range(1, 31)).unwrap_or(1),
        },
        _ => {
            let month = u32::try_from(rng.range(1, 12)).unwrap_or(1);
            let last = i64::from(ir::days_in_month(year, month));
            CivilDate {
                year,
                month,
                day: u32::try_from(rng.range(1, last)).unwrap_or(1),
            }
        }
    }
}

/// What a practitioner can be exempt from in an edition.
fn exemption_names(edition: &ir::Edition) -> Vec<String> {
    let mut names = Vec::new();
    for section in &edition.sections {
        for (_, indicator) in section.all_indicators() {
            for exemption in &indicator.exemptions {
                let name = match &exemption.value.target {
                    ir::ExemptionTarget::Software(role) => role.clone(),
                    ir::ExemptionTarget::Whole => indicator.id.clone(),
                };
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    names
}

/// How a case is drawn: at random, or leaning towards meeting every condition (so that sections
/// unlock and amounts are paid often enough to be compared).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Profile {
    Random,
    Favourable,
}

impl Profile {
    /// Whether this draw goes the favourable way.
    fn favours(self, rng: &mut Rng) -> bool {
        self == Profile::Favourable && rng.chance(90)
    }
}

fn random_act(rng: &mut Rng, year: i32, profile: Profile) -> Value {
    let favourable = profile.favours(rng);
    let date = if favourable && rng.chance(80) {
        CivilDate {
            year,
            ..random_date(rng, year)
        }
    } else {
        random_date(rng, year)
    };
    let mut act = Map::new();
    act.insert("date".into(), json!(date_text(date)));
    let mode = if favourable {
        rng.pick(&[
            "sesam_vitale",
            "sesam_vitale",
            "sesam_sans_vitale",
            "degrade",
        ])
    } else {
        rng.pick(&["sesam_vitale", "sesam_sans_vitale", "degrade", "papier"])
    };
    act.insert("mode".into(), json!(mode));
    for (flag, percent) in [("ame", 10), ("nir_provisoire", 10), ("ehpad", 20)] {
        if rng.chance(percent) {
            act.insert(flag.into(), json!(true));
        } else if rng.chance(5) {
            act.insert(flag.into(), json!(false));
        }
    }
    if rng.chance(20) {
        let key = if rng.chance(50) {
            "telesoin"
        } else {
            "télésoin"
        };
        act.insert(key.into(), json!(true));
    }
    match rng.below(5) {
        0 => {
            act.insert("facturation".into(), json!("standard"));
        }
        1 => {
            act.insert("facturation".into(), json!("cerfa_s3404"));
        }
        _ => {}
    }
    // Ages around three months, the only age threshold of the specs, and some far from it.
    let days = match rng.below(3) {
        0 => rng.range(80, 100),
        1 => rng.range(0, 400),
        _ => rng.range(0, 40_000),
    };
    match rng.below(4) {
        0 | 1 => {}
        2 => {
            act.insert("age_jours".into(), json!(days));
        }
        _ => {
            let birth = case::days_before(date, days).unwrap_or(date);
            act.insert("naissance".into(), json!(date_text(birth)));
        }
    }
    if rng.chance(40) {
        act.insert("nombre".into(), json!(rng.range(0, 5)));
    }
    Value::Object(act)
}

/// A rate given as counts (around its threshold) or as acts.
fn random_rate(rng: &mut Rng, rate: &ir::Rate, year: i32, profile: Profile) -> Value {
    if rng.chance(45) {
        let acts: Vec<Value> = (0..rng.range(0, 10))
            .map(|_| random_act(rng, year, profile))
            .collect();
        return json!({ "actes": acts });
    }
    let denominator = if rng.chance(60) {
        *rng.pick(&[0, 1, 2, 3, 7, 10, 100, 300, 1300, 1_000_000])
    } else {
        rng.range(0, 5_000)
    };
    let numerator = match &rate.threshold {
        Some(threshold) if rng.chance(85) => {
            let (p, q) = (*threshold.value.numer(), *threshold.value.denom());
            // At the threshold, just under it or just over it.
            let at = (denominator * p + q - 1) / q;
            let delta = if profile.favours(rng) {
                rng.range(0, 1)
            } else {
                rng.range(-1, 1)
            };
            (at + delta).clamp(0, denominator)
        }
        _ => rng.range(0, denominator),
    };
    json!({ "numerateur": numerator, "denominateur": denominator })
}

/// One indicator's inputs, following what the edition asks for it.
fn random_inputs(
    rng: &mut Rng,
    indicator: &ir::Indicator,
    year: i32,
    profile: Profile,
) -> Map<String, Value> {
    let mut inputs = Map::new();
    if indicator.kind == ir::Kind::Prefilled && rng.chance(70) {
        inputs.insert("prerempli".into(), json!(rng.chance(50)));
    }
    if indicator.question.is_some() {
        if profile.favours(rng) {
            inputs.insert("reponse".into(), json!("oui"));
        } else {
            match rng.below(4) {
                0 => {}
                1 | 2 => {
                    inputs.insert("reponse".into(), json!("oui"));
                }
                _ => {
                    inputs.insert("reponse".into(), json!("non"));
                }
            }
        }
    }
    let answered_yes = inputs.get("reponse") == Some(&json!("oui"));
    if indicator.free_text.is_some() && (answered_yes || rng.chance(50)) {
        inputs.insert(
            "texte".into(),
            json!("milieu scolaire (REP+), EHPAD des Lilas"),
        );
    }
    let mut software = Map::new();
    for declared in &indicator.software {
        if profile.favours(rng) || rng.chance(60) {
            let value = if rng.chance(50) {
                json!({})
            } else {
                json!({
                    "editeur": "Éditeur",
                    "nom": "Logiciel",
                    "version": "12.3",
                    "acquisition": date_text(random_date(rng, year)),
                })
            };
            software.insert(declared.value.id.clone(), value);
        }
    }
    if !software.is_empty() || (!indicator.software.is_empty() && rng.chance(10)) {
        inputs.insert("logiciels".into(), Value::Object(software));
    }
    let mut counts = Map::new();
    if !indicator.choices.is_empty() {
        let favourable = profile.favours(rng);
        match rng.below(6) {
            0 if !favourable => {}
            1 if !favourable => {
                inputs.insert("choix".into(), json!([]));
            }
            _ => {
                let mut ticked = Vec::new();
                for choice in &indicator.choices {
                    let accepted: Vec<&ir::ChoiceOption> =
                        choice.options.iter().filter(|o| o.accepted).collect();
                    if favourable && !accepted.is_empty() {
                        let option = *rng.pick(&accepted);
                        ticked.push(option.id.clone());
                        if let Some(minimum) = option.minimum_per_year {
                            counts.insert(option.id.clone(), json!(minimum + rng.range(0, 2)));
                        }
                    } else if choice.multiple {
                        for option in &choice.options {
                            if rng.chance(30) {
                                ticked.push(option.id.clone());
                            }
                        }
                    } else if !choice.options.is_empty() && rng.chance(85) {
                        ticked.push(rng.pick(&choice.options).id.clone());
                    }
                }
                inputs.insert("choix".into(), json!(ticked));
            }
        }
    }
    for count in &indicator.counts {
        if profile.favours(rng) || rng.chance(85) {
            let value = match &count.threshold {
                Some(threshold) if profile.favours(rng) => threshold.value + rng.range(1, 3),
                Some(threshold) if rng.chance(80) => (threshold.value + rng.range(-2, 2)).max(0),
                _ => rng.range(0, 20),
            };
            counts.insert(count.id.clone(), json!(value));
        }
    }
    for option in indicator.choices.iter().flat_map(|c| &c.options) {
        if let Some(minimum) = option.minimum_per_year {
            if !counts.contains_key(&option.id) && rng.chance(70) {
                counts.insert(
                    option.id.clone(),
                    json!((minimum + rng.range(-2, 2)).max(0)),
                );
            }
        }
    }
    if !counts.is_empty() {
        inputs.insert("nombres".into(), Value::Object(counts));
    }
    let mut rates = Map::new();
    for rate in &indicator.rates {
        if profile.favours(rng) || rng.chance(85) {
            rates.insert(rate.id.clone(), random_rate(rng, rate, year, profile));
        }
    }
    if !rates.is_empty() {
        inputs.insert("mesures".into(), Value::Object(rates));
    }
    let mut findings = Map::new();
    for finding in &indicator.findings {
        if profile.favours(rng) {
            findings.insert(finding.value.id.clone(), json!(true));
        } else if rng.chance(85) {
            findings.insert(finding.value.id.clone(), json!(rng.chance(75)));
        }
    }
    if !findings.is_empty() {
        inputs.insert("constats".into(), Value::Object(findings));
    }
    // An option that cannot be pre-filled (an organisational mailbox) is declared.
    let not_prefilled = |id: &Value| {
        indicator
            .choices
            .iter()
            .flat_map(|c| &c.options)
            .any(|o| o.not_prefilled && id.as_str() == Some(o.id.as_str()))
    };
    if inputs.get("prerempli") == Some(&json!(true))
        && inputs
            .get("choix")
            .and_then(Value::as_array)
            .is_some_and(|ticked| ticked.iter().any(not_prefilled))
    {
        inputs.insert("prerempli".into(), json!(false));
    }
    let has_document = indicator
        .evidence
        .iter()
        .any(|e| matches!(e.kind, ir::EvidenceKind::Document(_)));
    if has_document {
        if profile.favours(rng) {
            inputs.insert(
                "justificatif".into(),
                json!(rng.pick(&["envoyé", "envoye"])),
            );
        } else if rng.chance(80) {
            let state = rng.pick(&["envoyé", "envoye", "validé", "valide", "absent"]);
            inputs.insert("justificatif".into(), json!(state));
        }
    }
    inputs
}

/// A random case of `edition`, in the case-file format, that the validator accepts.
fn random_case(rng: &mut Rng, edition: &ir::Edition, exemptions: &[String]) -> Value {
    let year = edition.year;
    let profile = if rng.chance(40) {
        Profile::Favourable
    } else {
        Profile::Random
    };
    let mut practitioner = Map::new();
    if rng.chance(20) {
        practitioner.insert("specialite".into(), json!("médecine générale"));
    }
    if rng.chance(40) {
        let chosen: Vec<String> = exemptions
            .iter()
            .filter(|_| rng.chance(60))
            .cloned()
            .collect();
        practitioner.insert("exonerations".into(), json!(chosen));
    }
    for flag in [
        "premiere_annee",
        "changement_editeur",
        "justificatif_demande",
        "attestation_sur_l_honneur",
        "fse_annee_precedente",
    ] {
        let favourable = flag == "attestation_sur_l_honneur" && profile.favours(rng);
        match rng.below(3) {
            _ if favourable => {
                practitioner.insert(flag.into(), json!(true));
            }
            0 => {}
            1 => {
                practitioner.insert(flag.into(), json!(true));
            }
            _ => {
                practitioner.insert(flag.into(), json!(false));
            }
        }
    }
    if rng.chance(40) {
        practitioner.insert(
            "premiere_fse".into(),
            json!(date_text(random_date(rng, year))),
        );
    }
    let mut indicators = Map::new();
    for section in &edition.sections {
        for (id, indicator) in section.all_indicators() {
            if profile.favours(rng) || rng.chance(85) {
                let inputs = random_inputs(rng, indicator, year, profile);
                if !inputs.is_empty() || rng.chance(30) {
                    indicators.insert(id, Value::Object(inputs));
                }
            }
        }
    }
    let mut case = Map::new();
    case.insert("edition".into(), json!(edition.key()));
    if rng.chance(10) {
        case.insert("description".into(), json!("cas tiré au hasard"));
    }
    if !practitioner.is_empty() || rng.chance(50) {
        case.insert("praticien".into(), Value::Object(practitioner));
    }
    case.insert("indicateurs".into(), Value::Object(indicators));
    Value::Object(case)
}

/// Makes a case invalid in one way the validator rejects (the generated `Case` need not reject it:
/// nothing is compared on such a case, it only checks that rejections are counted and rare).
fn break_case(rng: &mut Rng, case: &mut Value) {
    let pointer_targets = |case: &Value, field: &str| -> Vec<String> {
        let mut found = Vec::new();
        if let Some(indicators) = case.pointer("/indicateurs").and_then(Value::as_object) {
            for (id, inputs) in indicators {
                if inputs.get(field).is_some() {
                    found.push(format!("/indicateurs/{}/{field}", id.replace('/', "~1")));
                }
            }
        }
        found
    };
    let rates: Vec<String> = pointer_targets(case, "mesures")
        .into_iter()
        .flat_map(|pointer| {
            let ids: Vec<String> = case
                .pointer(&pointer)
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            ids.into_iter().map(move |id| format!("{pointer}/{id}"))
        })
        .collect();
    match rng.below(5) {
        0 if !rates.is_empty() => {
            let pointer = rng.pick(&rates).clone();
            if let Some(rate) = case.pointer_mut(&pointer) {
                *rate = if rng.chance(50) {
                    json!({ "numerateur": 8, "denominateur": 7 })
                } else {
                    json!({ "numerateur": 1, "denominateur": 2, "actes": [] })
                };
            }
        }
        1 if !rates.is_empty() => {
            let pointer = rng.pick(&rates).clone();
            if let Some(rate) = case.pointer_mut(&pointer) {
                let act = match rng.below(3) {
                    0 => json!({ "date": "2020-03-10", "mode": "papier", "age_jours": -3 }),
                    1 => {
                        json!({ "date": "2020-03-10", "mode": "papier", "age_jours": 3, "naissance": "2020-03-07" })
                    }
                    _ => {
                        json!({ "date": "2020-03-10", "mode": "papier", "naissance": "2020-03-11" })
                    }
                };
                *rate = json!({ "actes": [act] });
            }
        }
        2 => {
            if let Some(indicators) = case
                .pointer_mut("/indicateurs")
                .and_then(Value::as_object_mut)
            {
                indicators.insert("inconnu".into(), json!({}));
            }
        }
        3 => {
            if let Some(case) = case.as_object_mut() {
                case.insert(
                    "praticien".into(),
                    json!({ "exonerations": ["dermatologie"] }),
                );
            }
        }
        _ => {
            let counts = pointer_targets(case, "nombres");
            let target = counts.first().cloned();
            match target.and_then(|pointer| case.pointer_mut(&pointer)) {
                Some(Value::Object(counts)) if !counts.is_empty() => {
                    if let Some((_, value)) = counts.iter_mut().next() {
                        *value = json!(-1);
                    }
                }
                _ => {
                    if let Some(case) = case.as_object_mut() {
                        case.insert("inattendu".into(), json!(true));
                    }
                }
            }
        }
    }
}

fn random_cases_agree(key: &str) {
    let edition = edition(key);
    let exemptions = exemption_names(&edition);
    let wanted = std::env::var("GUIDEC_RANDOM_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(RANDOM_CASES);
    let seed = seed_of(key);
    let mut rng = Rng(seed);
    let (mut compared, mut rejected, mut attempts, mut yaml_checked) =
        (0usize, 0usize, 0usize, 0usize);
    let mut failures: Vec<String> = Vec::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut paid = 0usize;
    while compared < wanted && attempts < wanted * 2 {
        attempts += 1;
        let mut value = random_case(&mut rng, &edition, &exemptions);
        if rng.chance(3) {
            break_case(&mut rng, &mut value);
        }
        let text = serde_json::to_string(&value).expect("a case serialises");
        let validated = case::read(&text)
            .map_err(|e| vec![e])
            .and_then(|file| case::validate(&file, &edition));
        let Ok(validated) = validated else {
            rejected += 1;
            continue;
        };
        compared += 1;
        for explain in [Explain::Yes, Explain::No] {
            let expected = interpreted(&edition, &validated, explain);
            let outcome = generated_outcome(key, Source::Json(&value), explain);
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
        // The YAML reader gives the same typed case as the JSON one.
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
        "{key}: {compared} random cases compared (seed {seed:#x}), {rejected} rejected by the validator out of {attempts}, \
         {yaml_checked} also read as YAML; {paid} pay something; {} (indicator, status) pairs over {indicators} indicators, statuses {statuses:?}",
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
    assert!(
        rejected * 10 < attempts,
        "the generator makes too many invalid cases: {rejected} of {attempts}"
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
        let got = generated::runtime::days_before(
            generated::runtime::Date {
                year: date.year,
                month: date.month,
                day: date.day,
            },
            days,
        );
        let got = got.map(|d| (d.year, d.month, d.day));
        assert_eq!(
            got,
            expected.map(|e| (e.year, e.month, e.day)),
            "{days} days before {date}"
        );
    }
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
        let validated = case::read(text)
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
