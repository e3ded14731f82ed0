//! Amounts that cannot be determined (`montant inconnu`, `montant jusqu'à … selon`): never a
//! silent 0 in the outcome, totals marked incomplete, stated totals checked as "at least", and
//! every backend given the same nodes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use guidec::driver::check_source;
use guidec::interpret::{Explain, Plan};
use guidec::ir;

/// A complementary section with a known amount, an unknown one and a scaled one whose scale is
/// not given; its stated total counts the known and the maximum (50 + 360 = 410 points), the
/// unknown amount adding to it.
const SPEC: &str = r#"édition forfait_structure essai 2023 {
  titre "Essai" [004 §0]
  source 004 "004.txt" "Guide"
  unité points
  valeur du point 7 € [004 §0]
  appréciation au 31/12/N [004 §3]
  ouverture 15/12/N [004 §3]
  clôture 08/02/N+1 inclus [004 §3]
  portail "amelipro"
  attestation "Je certifie" [004 §3]
  section volet1 "Volet 1" prérequis [004 §1] {
    montant 280 points [004 §1]
    indicateur horaires "Horaires" [004 §1.1] {
      type déclaratif [004 §1.1]
      question "Oui ?" [004 §1.1]
      justificatif aucun [004 §1.1]
    }
  }
  section volet2 "Volet 2" complémentaire si volet1 [004 §2] {
    total 410 points [004 §2]
    indicateur codage "Codage" [004 §2.1] {
      type déclaratif [004 §2.1]
      montant 50 points [004 §2.1]
      question "Oui ?" [004 §2.1]
      justificatif aucun [004 §2.1]
    }
    indicateur regulation "Patients adressés par la régulation" [004 §2.2] {
      type déclaratif [004 §2.2]
      montant jusqu'à 360 points selon "le volume de patients adressés ; le barème n'est pas publié" [004 §2.2]
      question "Oui ?" [004 §2.2]
      justificatif aucun [004 §2.2]
    }
    indicateur inconnu "Indicateur sans montant connu" [004 §2.3] {
      type déclaratif [004 §2.3]
      montant inconnu "aucune source ne le donne" [004 §2.3]
      question "Oui ?" [004 §2.3]
      justificatif aucun [004 §2.3]
    }
  }
}
"#;

fn edition() -> ir::Edition {
    let checked = check_source(SPEC, Some("specs/forfait_structure/essai-2023.guide"));
    let errors: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| format!("{} {:?}", d.code, d.message))
        .collect();
    checked
        .edition
        .unwrap_or_else(|| panic!("the spec checks clean: {errors:?}"))
}

fn outcome(edition: &ir::Edition, answers: &str) -> serde_json::Value {
    let text = format!(
        "edition: forfait_structure/essai-2023\npraticien:\n  attestation_sur_l_honneur: oui\nindicateurs:\n  horaires:\n    reponse: oui\n{answers}"
    );
    let file = guidec::case::read(&text, edition).unwrap();
    let case = guidec::case::validate(&file, edition).unwrap();
    let plan = Plan::new(edition);
    serde_json::to_value(plan.evaluate(&case, Explain::Yes)).unwrap()
}

#[test]
fn an_undetermined_amount_is_null_with_its_maximum_and_the_total_is_incomplete() {
    let edition = edition();
    let json = outcome(
        &edition,
        "  codage:\n    reponse: oui\n  regulation:\n    reponse: oui\n  inconnu:\n    reponse: oui\n",
    );
    // Volet 1: 280 × 7 € = 1 960 €; codage 50 × 7 € = 350 €; the two others undetermined.
    assert_eq!(json["total_cents"], 231_000);
    assert_eq!(json["total_incomplete"], true);
    assert_eq!(json["sections"]["volet2"]["amount_cents"], 35_000);
    assert_eq!(json["sections"]["volet2"]["incomplete"], true);
    assert!(json["sections"]["volet1"].get("incomplete").is_none());
    let regulation = &json["indicators"]["regulation"];
    assert_eq!(regulation["status"], "met");
    assert!(regulation["amount_cents"].is_null());
    assert_eq!(regulation["max_cents"], 252_000);
    let reasons = regulation["reasons"].as_array().unwrap();
    assert!(reasons.iter().any(|r| r
        .as_str()
        .unwrap()
        .starts_with("montant non déterminé, au plus 2\u{202f}520 €")));
    let unknown = &json["indicators"]["inconnu"];
    assert!(unknown["amount_cents"].is_null());
    assert!(unknown.get("max_cents").is_none());
    assert_eq!(json["indicators"]["codage"]["amount_cents"], 35_000);
}

#[test]
fn an_undetermined_amount_not_paid_is_zero_and_the_total_complete() {
    let edition = edition();
    let json = outcome(
        &edition,
        "  codage:\n    reponse: oui\n  regulation:\n    reponse: non\n  inconnu:\n    reponse: non\n",
    );
    assert_eq!(json["total_cents"], 231_000);
    assert!(json.get("total_incomplete").is_none());
    assert_eq!(json["indicators"]["regulation"]["amount_cents"], 0);
    assert!(json["indicators"]["regulation"].get("max_cents").is_none());
}

#[test]
fn a_stated_total_with_an_unknown_part_is_checked_as_a_floor() {
    // 50 + 360 known as a maximum: 410 is accepted, and so would be more; the maximum of the
    // edition is incomplete.
    let edition = edition();
    assert!(!edition.max_is_complete());
    let volet2 = edition.section("volet2").unwrap();
    assert_eq!(volet2.max_amount().cents, 287_000);
    let lower = SPEC.replace("total 410 points", "total 300 points");
    let checked = check_source(&lower, Some("specs/forfait_structure/essai-2023.guide"));
    assert!(checked.edition.is_none());
    assert!(checked.diagnostics.iter().any(|d| d.code == "E0202"));
}

#[test]
fn every_backend_writes_the_undetermined_amounts() {
    let edition = edition();
    let editions = vec![("forfait_structure/essai-2023.guide".to_string(), edition)];
    let rust = guidec::emit_rust::emit(&editions).expect("the generated code is Rust");
    let module = rust
        .iter()
        .find(|(path, _)| path.to_string_lossy().contains("essai_2023"))
        .map(|(_, text)| text.clone())
        .unwrap();
    assert!(module.contains("max_cents: if undetermined_regulation"));
    assert!(module.contains("total_incomplete"));
    let sql = guidec::emit_sql::emit(&editions);
    let text = &sql.first().unwrap().1;
    assert!(text.contains("THEN CAST(NULL AS BIGINT)"));
    assert!(text.contains("COALESCE(`montant.regulation`, CAST(0 AS BIGINT))"));
}
