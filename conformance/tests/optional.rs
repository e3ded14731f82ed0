//! Optional indicators of a prerequisite section (`facultatif`), proven on both engines: the
//! test-only edition `tests/optional/specs/forfait_structure/essai-2022.guide`, whose generated
//! module is committed beside this test (`tests/optional/forfait_structure_essai_2022.rs`, kept
//! current by guidec's `tests/optional.rs`), runs its hand-worked cases through the interpreter
//! and the generated code with `guidec::runner`, and random cases through both.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// Written by guidec's Rust backend, laid out by it: rustfmt leaves it as it is.
#[path = "optional/forfait_structure_essai_2022.rs"]
#[allow(dead_code)]
#[rustfmt::skip]
mod essai;

#[path = "../../tests/support/test_edition.rs"]
mod test_edition;

use guidec_conformance::repository_root;
use serde::Serialize;

/// The generated module as the runner's second engine.
fn essai_engine(key: &str, text: &str) -> Option<Result<serde_json::Value, String>> {
    if key != essai::EDITION {
        return None;
    }
    let document = match guidec_runtime::case_file::parse(text) {
        Ok(document) => document,
        Err(error) => return Some(Err(error.to_string())),
    };
    let case = match <essai::Case as serde::Deserialize>::deserialize(document.deserializer()) {
        Ok(case) => case,
        Err(error) => return Some(Err(error.to_string())),
    };
    Some(
        essai::evaluate_with(&case, guidec_runtime::Explain::Yes)
            .serialize(serde_json::value::Serializer)
            .map_err(|e| e.to_string()),
    )
}

#[test]
fn the_hand_worked_cases_pass_on_both_engines() {
    test_edition::hand_worked_cases_pass(&repository_root(), "optional", 4, Some(&essai_engine));
}

#[path = "../../tests/support/random_cases.rs"]
mod random_cases;

#[test]
fn random_cases_agree() {
    let root = repository_root();
    let spec = root.join("tests/optional/specs/forfait_structure/essai-2022.guide");
    let edition = guidec::driver::check_file(&spec).unwrap().edition.unwrap();
    let exemptions = random_cases::exemption_names(&edition);
    let plan = guidec::interpret::Plan::new(&edition);
    let mut rng = random_cases::Rng(random_cases::seed_of(essai::EDITION));
    let (mut compared, mut optional_paid, mut attempts) = (0usize, 0usize, 0usize);
    while compared < 2_000 && attempts < 4_000 {
        attempts += 1;
        let value = random_cases::random_case(&mut rng, &edition, &exemptions);
        let text = serde_json::to_string(&value).unwrap();
        let Ok(case) = guidec::case::read(&text, &edition)
            .map_err(|e| vec![e])
            .and_then(|file| guidec::case::validate(&file, &edition))
        else {
            continue;
        };
        compared += 1;
        for explain in [
            guidec::interpret::Explain::Yes,
            guidec::interpret::Explain::No,
        ] {
            let expected = serde_json::to_value(plan.evaluate(&case, explain)).unwrap();
            // Read by the case files' one reader, as the generated code reads them.
            let document = guidec_runtime::case_file::parse(&text).unwrap();
            let typed =
                <essai::Case as serde::Deserialize>::deserialize(document.deserializer()).unwrap();
            let generated = essai::evaluate_with(
                &typed,
                match explain {
                    guidec::interpret::Explain::Yes => guidec_runtime::Explain::Yes,
                    guidec::interpret::Explain::No => guidec_runtime::Explain::No,
                },
            );
            let got = serde_json::to_value(&generated).unwrap();
            assert_eq!(got, expected, "case #{attempts}: {text}");
            if explain == guidec::interpret::Explain::No
                && expected["indicators"]["prise_en_charge_coordonnee"]["amount_cents"]
                    .as_i64()
                    .unwrap_or(0)
                    > 0
            {
                optional_paid += 1;
            }
        }
    }
    eprintln!("{compared} random cases compared, {optional_paid} pay the optional indicator");
    assert!(
        compared >= 1_900,
        "only {compared} of {attempts} cases were valid"
    );
    assert!(
        optional_paid > 0,
        "no random case pays the optional indicator"
    );
}
