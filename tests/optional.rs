//! Optional indicators of a prerequisite section (`facultatif`, `facultatif en N`), on a
//! test-only edition (`tests/optional/specs`) with hand-worked cases (`tests/optional/cases`):
//! the interpreter meets every case; the outcome says which indicators are optional; the Rust
//! module the backend writes for the edition is the one committed beside the conformance test
//! that proves it against the interpreter (`conformance/tests/optional.rs`); the SQL pays the
//! optional indicators on top of the section's lump and leaves them out of its gate.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/snapshot.rs"]
mod snapshot;

#[path = "support/test_edition.rs"]
mod test_edition;

use std::path::Path;

const SPEC: &str = "tests/optional/specs/forfait_structure/essai-2022.guide";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn edition() -> guidec::ir::Edition {
    let spec = root().join(SPEC);
    let checked = guidec::driver::check_file(&spec).unwrap();
    checked
        .edition
        .unwrap_or_else(|| panic!("{spec:?} should check clean"))
}

#[test]
fn the_optional_indicators_and_the_optional_part_of_the_total_are_checked_and_kept() {
    let edition = edition();
    let volet1 = &edition.sections[0];
    let optional: Vec<(&str, guidec::ir::Optional)> = volet1
        .indicators
        .iter()
        .filter_map(|i| Some((i.id.as_str(), i.optional.as_ref()?.value)))
        .collect();
    assert_eq!(
        optional,
        [
            (
                "prise_en_charge_coordonnee",
                guidec::ir::Optional::ForYear(2022)
            ),
            ("equipement", guidec::ir::Optional::Always),
        ]
    );
    // 280 points paid as a whole, and 120 + 30 points to the optional indicators.
    assert_eq!(volet1.max_amount().cents, 301_000);
    assert_eq!(volet1.optional_amount().cents, 105_000);
    assert_eq!(volet1.stated_optional.map(|a| a.cents), Some(105_000));
}

#[test]
fn the_hand_worked_cases_pass_on_the_interpreter() {
    test_edition::hand_worked_cases_pass(root(), "optional", 4, None);
}

#[test]
fn the_outcome_says_which_indicators_are_optional() {
    let edition = edition();
    let text = std::fs::read_to_string(
        root().join("tests/optional/cases/forfait_structure/essai-2022/tout-atteint.yaml"),
    )
    .unwrap();
    let file = guidec::case::read(&text, &edition).unwrap();
    let case = guidec::case::validate(&file, &edition).unwrap();
    let plan = guidec::interpret::Plan::new(&edition);
    let outcome = plan.evaluate(&case, guidec::interpret::Explain::No);
    let json = serde_json::to_value(&outcome).unwrap();
    let optional = |id: &str| json["indicators"][id].get("optional").cloned();
    assert_eq!(
        optional("prise_en_charge_coordonnee"),
        Some(serde_json::Value::Bool(true))
    );
    assert_eq!(optional("equipement"), Some(serde_json::Value::Bool(true)));
    assert_eq!(optional("logiciel_metier"), None, "absent when false");
}

#[test]
fn the_rust_module_of_the_edition_is_the_one_the_conformance_test_runs() {
    let edition = edition();
    let files = guidec::emit_rust::emit(&[(SPEC.to_string(), edition)]).unwrap();
    let module = files
        .iter()
        .find(|(path, _)| path.ends_with("forfait_structure_essai_2022.rs"))
        .map(|(_, text)| text.clone())
        .unwrap();
    snapshot::assert_snapshot(
        &root().join("conformance/tests/optional/forfait_structure_essai_2022.rs"),
        &module,
    );
}

#[test]
fn the_sql_pays_optional_indicators_on_top_of_the_lump_and_gates_without_them() {
    let edition = edition();
    let sql =
        guidec::emit_sql::emit(&[("forfait_structure/essai-2022.guide".to_string(), edition)]);
    let sql: String = sql.iter().map(|(_, text)| text.as_str()).collect();
    assert!(
        sql.contains("(CASE WHEN `debloquee.volet1` THEN CAST(196000 AS BIGINT) ELSE CAST(0 AS BIGINT) END + COALESCE(`montant.prise_en_charge_coordonnee`, CAST(0 AS BIGINT)) + COALESCE(`montant.equipement`, CAST(0 AS BIGINT)))"),
        "{sql}"
    );
    let gate = sql
        .lines()
        .find(|line| line.contains("AS `debloquee.volet1`"))
        .unwrap();
    assert!(gate.contains("`statut.logiciel_metier`"), "{gate}");
    assert!(!gate.contains("`statut.equipement`"), "{gate}");
    assert!(
        !gate.contains("`statut.prise_en_charge_coordonnee`"),
        "{gate}"
    );
}
