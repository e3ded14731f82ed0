//! Rates the practitioner declares, on both engines: the test edition of `tests/declared/`
//! (its spec checked, its generated module `declared/forfait_structure_declare_2025.rs` written
//! by the Rust backend and kept fresh by the compiler's `tests/declared.rs`) runs its hand-worked
//! cases through the interpreter and the generated code with `guidec::runner`, and both give the
//! same outcome, reasons included, on random cases (declared rates as percentages and as counts,
//! around their thresholds).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[rustfmt::skip]
#[allow(dead_code)]
#[path = "declared/forfait_structure_declare_2025.rs"]
mod forfait_structure_declare_2025;

#[path = "../../tests/support/random_cases.rs"]
mod random_cases;

#[path = "../../tests/support/test_edition.rs"]
mod test_edition;

use forfait_structure_declare_2025 as generated;
use guidec::interpret::{Explain, Plan};
use guidec::runner::Engine;
use guidec_conformance::repository_root;
use guidec_runtime as rt;
use std::path::PathBuf;

fn specs() -> PathBuf {
    repository_root().join("tests/declared/specs")
}

fn edition() -> guidec::ir::Edition {
    let spec = specs().join("forfait_structure/declare-2025.guide");
    guidec::driver::check_file(&spec)
        .unwrap()
        .edition
        .unwrap_or_else(|| panic!("{} has errors", spec.display()))
}

/// The generated module as the runner's second engine, as `guidec_conformance::generated_engine`
/// runs the generated crate's.
fn engine(key: &str, text: &str) -> Option<Result<serde_json::Value, String>> {
    if key != generated::EDITION {
        return None;
    }
    Some(
        rt::case_file::from_str::<generated::Case>(text)
            .map_err(|e| e.to_string())
            .and_then(|case| {
                serde_json::to_value(generated::evaluate_with(&case, rt::Explain::Yes))
                    .map_err(|e| e.to_string())
            }),
    )
}

#[test]
fn the_hand_worked_cases_pass_on_both_engines() {
    let engine: &Engine = &engine;
    test_edition::hand_worked_cases_pass(&repository_root(), "declared", 4, Some(engine));
}

#[test]
fn random_cases_agree_on_both_engines() {
    let edition = edition();
    let plan = Plan::new(&edition);
    let exemptions = random_cases::exemption_names(&edition);
    let mut rng = random_cases::Rng(random_cases::seed_of(generated::EDITION));
    let (mut compared, mut skipped, mut declared) = (0, 0, 0);
    for _ in 0..5_000 {
        let value = random_cases::random_case(&mut rng, &edition, &exemptions);
        let text = value.to_string();
        declared += usize::from(text.contains("\"taux\""));
        let Ok(file) = guidec::case::read(&text, &edition) else {
            skipped += 1;
            continue;
        };
        let Ok(case) = guidec::case::validate(&file, &edition) else {
            skipped += 1;
            continue;
        };
        for (explain, rt_explain) in [
            (Explain::Yes, rt::Explain::Yes),
            (Explain::No, rt::Explain::No),
        ] {
            let interpreted = serde_json::to_value(plan.evaluate(&case, explain)).unwrap();
            let typed: generated::Case =
                rt::case_file::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
            let got = serde_json::to_value(generated::evaluate_with(&typed, rt_explain)).unwrap();
            assert_eq!(interpreted, got, "{text}");
        }
        compared += 1;
    }
    assert!(
        skipped * 20 <= compared + skipped,
        "{skipped} cases skipped"
    );
    assert!(
        declared * 2 > compared,
        "most random cases declare a rate: {declared}"
    );
}
