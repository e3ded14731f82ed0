//! Scaled amounts (`montant … par <nombre>, au plus …`, `montant barème selon <nombre> { … }`)
//! on a test-only edition (`tests/scales/specs`): the hand-worked cases of `tests/scales/cases`
//! through the interpreter, an absent measure giving an undetermined amount with its maximum,
//! and the Rust and SQL backends writing the scale.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/test_edition.rs"]
mod test_edition;

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn edition() -> guidec::ir::Edition {
    let spec = root().join("tests/scales/specs/forfait_structure/baremes-2026.guide");
    let checked = guidec::driver::check_file(&spec).unwrap();
    checked
        .edition
        .unwrap_or_else(|| panic!("{spec:?} should check clean"))
}

#[test]
fn the_hand_worked_cases_pass() {
    test_edition::hand_worked_cases_pass(root(), "scales", 4, None);
}

#[test]
fn the_section_total_counts_a_scale_at_its_maximum() {
    let edition = edition();
    let volet2 = edition.section("volet2").unwrap();
    assert_eq!(volet2.max_amount().cents, 497_000);
    assert!(volet2.max_is_complete());
}

#[test]
fn the_reasons_say_what_the_scale_gives() {
    let edition = edition();
    let text = "edition: forfait_structure/baremes-2026\nindicateurs:\n  horaires: {reponse: oui}\n  regulation:\n    constats: {participation: oui}\n    nombres: {patients: 37}\n  plages: {nombres: {plages: 5}}\n";
    let file = guidec::case::read(text, &edition).unwrap();
    let case = guidec::case::validate(&file, &edition).unwrap();
    let plan = guidec::interpret::Plan::new(&edition);
    let outcome = plan.evaluate(&case, guidec::interpret::Explain::Yes);
    let regulation = outcome.indicator("regulation").unwrap();
    assert_eq!(regulation.amount_cents, Some(64_750));
    let said = guidec::reason::TextReason::AmountScaled {
        label: "Patients adressés par la régulation",
        value: 37,
        cents: 64_750,
        cite: " [900 §2.1]",
    }
    .to_string();
    assert!(
        said.starts_with(
            "montant selon le barème : Patients adressés par la régulation = 37, soit 647,50"
        ),
        "{said}"
    );
    assert!(
        regulation.reasons.contains(&said),
        "{:?}",
        regulation.reasons
    );
}

#[test]
fn the_backends_write_the_scale() {
    let edition = edition();
    let sql = guidec::emit_sql::emit(&[(
        "forfait_structure/baremes-2026.guide".to_string(),
        edition.clone(),
    )]);
    let sql: String = sql.iter().map(|(_, text)| text.as_str()).collect();
    // Per unit: the cap from 144 units on (360 / 2,5), the product below it.
    assert!(
        sql.contains(
            "WHEN `indicateurs.regulation.nombres.patients` >= 144 THEN CAST(252000 AS BIGINT)"
        ),
        "{sql}"
    );
    // Brackets, the highest first; a count not given is `NULL`.
    assert!(
        sql.contains("CASE WHEN `indicateurs.plages.nombres.plages` IS NULL THEN CAST(NULL AS BIGINT) WHEN `indicateurs.plages.nombres.plages` >= 5 THEN CAST(210000 AS BIGINT) WHEN `indicateurs.plages.nombres.plages` >= 1 THEN CAST(84000 AS BIGINT) WHEN `indicateurs.plages.nombres.plages` >= 0 THEN CAST(0 AS BIGINT) ELSE CAST(0 AS BIGINT) END"),
        "{sql}"
    );
    assert!(
        sql.contains("AS `indicateurs.regulation.max_cents`"),
        "{sql}"
    );
    assert!(sql.contains("AS `sections.volet2.incomplete`"), "{sql}");
    assert!(sql.contains("AS `total_incomplete`"), "{sql}");
    let rust =
        guidec::emit_rust::emit(&[("forfait_structure/baremes-2026.guide".to_string(), edition)])
            .unwrap();
    let module = rust
        .iter()
        .find(|(path, _)| path.ends_with("forfait_structure_baremes_2026.rs"))
        .map(|(_, text)| text.clone())
        .unwrap();
    assert!(module.contains("rt::TextReason::AmountScaled"), "{module}");
    assert!(module.contains("if value >= 5"), "{module}");
}

/// The Rust backend's code for the test edition, built as a crate of its own (the runtime at
/// its path in this repository, the workspace's lock file for the same versions, offline, in a
/// target folder of its own under `target/`) with a small program that evaluates case files by
/// the generated `evaluate_any`; each hand-worked case's outcome, reasons included, must be the
/// interpreter's.
#[test]
fn the_generated_code_agrees_with_the_interpreter_on_every_case() {
    let edition = edition();
    let crate_dir = root().join("target/scales-engine");
    let generated = crate_dir.join("generated");
    let _ = std::fs::remove_dir_all(&crate_dir);
    let files = guidec::emit_rust::emit(&[(
        "forfait_structure/baremes-2026.guide".to_string(),
        edition.clone(),
    )])
    .unwrap();
    let runtime = root().join("runtime");
    for (path, text) in files {
        let target = generated.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let text = text.replace(
            "path = \"../../runtime\"",
            &format!("path = {:?}", runtime.display().to_string()),
        );
        std::fs::write(target, text).unwrap();
    }
    std::fs::create_dir_all(crate_dir.join("src")).unwrap();
    std::fs::write(
        crate_dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"scales-engine\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nguidec-generated = {{ path = \"generated\" }}\nguidec-runtime = {{ path = {:?} }}\nserde_json = \"1\"\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    )
    .unwrap();
    std::fs::write(
        crate_dir.join("src/main.rs"),
        r#"//! Evaluates each case file named on the command line by the generated code; one JSON outcome a line.
fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let line = match guidec_runtime::case_file::parse(&text) {
            Ok(document) => match guidec_generated::evaluate_any(
                "forfait_structure/baremes-2026",
                document.deserializer(),
                guidec_runtime::Explain::Yes,
                serde_json::value::Serializer,
            ) {
                Some(Ok(value)) => value.to_string(),
                Some(Err(_)) => String::from("\"case refused\""),
                None => String::from("\"no edition\""),
            },
            Err(error) => serde_json::Value::String(error.to_string()).to_string(),
        };
        println!("{line}");
    }
}
"#,
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
    let cases_dir = root().join("tests/scales/cases/forfait_structure/baremes-2026");
    let mut cases: Vec<_> = std::fs::read_dir(&cases_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    cases.sort();
    assert_eq!(cases.len(), 4);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let run = std::process::Command::new(cargo)
        .args(["run", "--offline", "--release", "--quiet", "--target-dir"])
        .arg(root().join("target/scales-engine-target"))
        .arg("--")
        .args(&cases)
        .current_dir(&crate_dir)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8(run.stdout).unwrap();
    let generated: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(generated.len(), cases.len());
    let plan = guidec::interpret::Plan::new(&edition);
    for (path, generated) in cases.iter().zip(&generated) {
        let text = std::fs::read_to_string(path).unwrap();
        let file = guidec::case::read(&text, &edition).unwrap();
        let case = guidec::case::validate(&file, &edition).unwrap();
        let interpreted =
            serde_json::to_value(plan.evaluate(&case, guidec::interpret::Explain::Yes)).unwrap();
        assert_eq!(&interpreted, generated, "{}", path.display());
    }
}

/// `{montant ID}` of an indicator paid by a scale, or of a section summing one, says it is a
/// maximum; a known amount is given as it is.
#[test]
fn the_amount_placeholder_of_a_scale_says_up_to() {
    let spec = root().join("tests/scales/specs/forfait_structure/baremes-2026.guide");
    let source = std::fs::read_to_string(spec).unwrap();
    let anchor = "    indicateur regulation \"Patients adressés par la régulation\" [900 §2.1] {\n";
    assert!(source.contains(anchor));
    let with_prose = source.replacen(
        anchor,
        &format!(
            "{anchor}      description \"\"\"\n        Régulation : {{montant regulation}} ; plages : {{montant plages}} ; volet 1 : {{montant volet1}}.\n      \"\"\" [900 §2.1]\n"
        ),
        1,
    );
    let checked = guidec::driver::check_source(&with_prose, Some("baremes-2026.guide"));
    let edition = checked
        .edition
        .unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
    let regulation = edition
        .sections
        .iter()
        .flat_map(|s| s.all_indicators())
        .find(|(id, _)| id == "regulation")
        .unwrap()
        .1;
    let text = &regulation.prose.first().unwrap().text.resolved;
    assert!(text.contains("Régulation : jusqu'à 360 points"), "{text}");
    assert!(text.contains("plages : jusqu'à"), "{text}");
    assert!(text.contains("volet 1 : 280 points"), "{text}");
}
