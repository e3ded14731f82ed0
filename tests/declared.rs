//! Rates the practitioner declares on the form (a `taux` of a declarative indicator), each with
//! its threshold, validated by the sworn statement: a test-only edition
//! (`tests/declared/specs`) whose hand-worked cases (`tests/declared/cases`) the interpreter
//! runs here (and the generated code in `conformance/tests/declared.rs`); its guide page and its
//! forms show each rate's field and threshold; a filled PDF form reads back to the same total;
//! the SQL reads the declared rate's columns.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/snapshot.rs"]
mod snapshot;

#[path = "support/test_edition.rs"]
mod test_edition;

use guidec::render::{GuideRenderer, Renderer, SiteEdition};
use snapshot::Skips;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn edition() -> guidec::ir::Edition {
    let spec = root().join("tests/declared/specs/forfait_structure/declare-2025.guide");
    let checked = guidec::driver::check_file(&spec).unwrap();
    // Its guide of test (900) is in no seeds folder (W0304): nothing else is said.
    let found: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code != "W0304")
        .map(|d| format!("{} {:?}", d.code, d.message))
        .collect();
    assert!(found.is_empty(), "{found:?}");
    checked
        .edition
        .unwrap_or_else(|| panic!("{spec:?} should check clean"))
}

/// The outcome of a case file's text, as JSON.
fn evaluate(edition: &guidec::ir::Edition, text: &str) -> serde_json::Value {
    let file = guidec::case::read(text, edition).unwrap_or_else(|e| panic!("{e}"));
    let case = guidec::case::validate(&file, edition).unwrap_or_else(|errors| panic!("{errors:?}"));
    let plan = guidec::interpret::Plan::new(edition);
    serde_json::to_value(plan.evaluate(&case, guidec::interpret::Explain::Yes)).unwrap()
}

#[test]
fn a_rate_of_a_declarative_indicator_is_declared() {
    let edition = edition();
    let rates: Vec<(String, bool)> = edition
        .sections
        .iter()
        .flat_map(|s| s.all_indicators())
        .flat_map(|(_, i)| i.rates.iter().map(|r| (r.id.clone(), r.declared)))
        .collect();
    assert_eq!(
        rates,
        [
            ("dmp".to_string(), true),
            ("mss".to_string(), true),
            ("aat".to_string(), true),
            ("pse".to_string(), true)
        ]
    );
    let core = guidec::lowered::lower(&edition);
    let declared = core
        .indicators
        .iter()
        .flat_map(|i| &i.conditions)
        .filter(|c| matches!(c, guidec::lowered::Condition::DeclaredRate(_)))
        .count();
    assert_eq!(declared, 2, "dmp and mss, the others are parts");
}

#[test]
fn the_hand_worked_cases_pass_on_the_interpreter() {
    test_edition::hand_worked_cases_pass(root(), "declared", 4, None);
}

#[test]
fn the_reasons_say_the_declared_value_and_its_threshold() {
    let edition = edition();
    let outcome = evaluate(
        &edition,
        "edition: forfait_structure/declare-2025\npraticien:\n  attestation_sur_l_honneur: oui\nindicateurs:\n  horaires:\n    reponse: oui\n  dmp:\n    taux:\n      dmp: \"19,5 %\"\n  mss:\n    taux:\n      mss: {numerateur: 7, denominateur: 100}\n",
    );
    let json = outcome;
    let reasons = |id: &str| -> Vec<String> {
        json["indicators"][id]["reasons"]
            .as_array()
            .unwrap_or_else(|| panic!("{json}"))
            .iter()
            .map(|r| r.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        reasons("dmp"),
        ["Part des consultations avec au moins un document versé au DMP = 19,5 % (déclaré), seuil ≥ 20 % : non atteint [900 §2.1]"]
    );
    assert_eq!(
        reasons("mss").first().unwrap(),
        "Part des consultations donnant lieu à un échange par messagerie sécurisée = 7/100 (7,00 %) (déclaré), seuil > 1/20 : atteint [900 §2.2]"
    );
    assert_eq!(
        reasons("teleservices"),
        [
            "taux déclaré manquant : Avis d'arrêt de travail en ligne (AAT)",
            "part non payée (22,5 points (157,50 €)) : Avis d'arrêt de travail en ligne (AAT) [900 §2.3]",
            "taux déclaré manquant : Protocole de soins électronique (PSE)",
            "part non payée (22,5 points (157,50 €)) : Protocole de soins électronique (PSE) [900 §2.3]"
        ]
    );
}

#[test]
fn a_bad_declared_rate_says_which_field_and_why() {
    let edition = edition();
    let read = |value: &str| {
        let text = format!(
            "edition: forfait_structure/declare-2025\nindicateurs:\n  dmp:\n    taux:\n      dmp: {value}\n"
        );
        match guidec::case::read(&text, &edition) {
            Err(error) => error.to_string(),
            Ok(file) => guidec::case::validate(&file, &edition)
                .err()
                .map(|errors| {
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default(),
        }
    };
    assert_eq!(
        read("\"120 %\""),
        "5:12: `indicateurs.dmp.taux.dmp` : un taux déclaré est au plus 100 %, trouvé `120 %`"
    );
    assert_eq!(
        read("beaucoup"),
        "5:12: `indicateurs.dmp.taux.dmp` : attendu un pourcentage de 0 à 100 écrit en chiffres, au plus 6 décimales après la virgule (`23,5 %`), ou `numerateur` et `denominateur`, trouvé `beaucoup`"
    );
    assert_eq!(
        read("{numerateur: 3, denominateur: 0}"),
        "5:12: `indicateurs.dmp.taux.dmp` : le dénominateur d'un taux déclaré est au moins 1 : un taux sur 0 n'a pas de valeur"
    );
    assert_eq!(
        read("{numerateur: 3}"),
        "5:12: `indicateurs.dmp.taux.dmp` : donnez `numerateur` et `denominateur`, ou un pourcentage (`23,5 %`)"
    );
    // Under `mesures`, a declared rate is refused, and under `taux` a rate no indicator declares.
    let text = "edition: forfait_structure/declare-2025\nindicateurs:\n  dmp:\n    mesures:\n      dmp: {numerateur: 1, denominateur: 4}\n    taux:\n      fse: \"20 %\"\n";
    let file = guidec::case::read(text, &edition).unwrap();
    let errors: Vec<String> = guidec::case::validate(&file, &edition)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [
            "5:12: `indicateurs.dmp.mesures.dmp` : le taux `dmp` est déclaré par le praticien : donnez-le sous `indicateurs.dmp.taux.dmp` (un pourcentage, `\"23,5 %\"`, ou `numerateur` et `denominateur`)",
            "7:12: `indicateurs.dmp.taux.fse` : cet indicateur ne déclare pas de taux `fse`"
        ]
    );
}

#[test]
fn the_guide_page_and_the_print_form_show_each_rate_with_its_threshold() {
    let edition = edition();
    let view = guidec::render::form::form(&edition);
    let fields = guidec::render::form::fields(&view);
    let field = fields
        .iter()
        .find(|f| f.name == "indicateurs.dmp.taux.dmp")
        .expect("the declared rate is a field of the form");
    assert_eq!(
        field.label,
        "Part des consultations avec au moins un document versé au DMP (en %)"
    );
    let html = guidec::render::form_html(
        &view,
        "tests/declared/specs/forfait_structure/declare-2025.guide",
    )
    .unwrap();
    let html = String::from_utf8(html).unwrap();
    assert!(
        html.contains("(en %, seuil : au moins 20 %)"),
        "the print form shows the threshold beside the field: {html}"
    );
    assert!(html.contains("(en %, seuil : plus de 1&#x2f;20)"));
    assert!(html.contains(r#"name="indicateurs.mss.taux.mss""#));
    let site = [SiteEdition {
        spec: "tests/declared/specs/forfait_structure/declare-2025.guide".into(),
        edition: &edition,
    }];
    let outputs = GuideRenderer.render(&site).unwrap();
    let page = |name: &str| {
        let path = guidec::render::edition_dir(&edition).join(name);
        let output = outputs.iter().find(|o| o.path == path).unwrap();
        String::from_utf8(output.bytes.clone()).unwrap()
    };
    let guide = page("index.html");
    assert!(guide.contains(
        "Part des consultations avec au moins un document versé au DMP supérieur ou égal à 20 %"
    ));
    assert!(guide.contains("<strong>Déclaré :</strong> taux déclaré par le praticien sur le formulaire, validé par son attestation sur l&#x27;honneur."), "{guide}");
    let markdown = page("guide.md");
    assert!(
        markdown.contains("- Déclaré : taux déclaré par le praticien sur le formulaire"),
        "{markdown}"
    );
    // A declared count shows its threshold on the form and the guide page too.
    assert!(html.contains("(seuil : au moins 3)"));
    assert!(guide.contains("Interventions hors du cabinet dans l&#x27;année"));
}

#[test]
fn the_backends_read_the_declared_rates() {
    let edition = edition();
    let label = "forfait_structure/declare-2025.guide".to_string();
    let sql = guidec::emit_sql::emit(&[(label.clone(), edition.clone())]);
    let sql: String = sql.iter().map(|(_, text)| text.as_str()).collect();
    assert!(
        sql.contains("`indicateurs.dmp.taux.dmp.numerateur` BIGINT"),
        "{sql}"
    );
    assert!(
        sql.contains("CAST(`indicateurs.dmp.taux.dmp.numerateur` AS DECIMAL(38, 0)) * 5 >= CAST(`indicateurs.dmp.taux.dmp.denominateur` AS DECIMAL(38, 0)) * 1"),
        "{sql}"
    );
    let rust = guidec::emit_rust::emit(&[(label, edition)]).unwrap();
    let module = rust
        .iter()
        .find(|(path, _)| path.ends_with("forfait_structure_declare_2025.rs"))
        .map(|(_, text)| text.clone())
        .unwrap();
    assert!(
        module.contains("pub dmp: Option<rt::DeclaredRate>"),
        "{module}"
    );
}

/// Whether pypdf can be imported (pip install pypdf; `.ci/run` installs it).
fn pypdf() -> bool {
    Command::new("python3")
        .args(["-c", "import pypdf"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn a_filled_form_reads_back_its_declared_rates() {
    let bound = usize::from(std::env::var_os("CI").is_none());
    let mut skips = Skips::new(
        "a form filled with pypdf (skipped without python3 and pypdf; none on CI)",
        bound,
    );
    if !pypdf() {
        skips.skip("forfait_structure/declare-2025", "no python3 with pypdf");
        skips.finish();
        return;
    }
    skips.take();
    let edition = edition();
    let dir: PathBuf = std::env::temp_dir().join(format!("guidec-declared-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let laid = guidec::render::pdf::form_pdf(&edition).unwrap();
    let form = dir.join("form.pdf");
    let filled = dir.join("filled.pdf");
    std::fs::write(&form, &laid.pdf).unwrap();
    let run = Command::new("python3")
        .arg(root().join("tests/forms/fill.py"))
        .arg(&form)
        .arg(root().join("tests/declared/answers.json"))
        .arg(&filled)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "fill.py failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text =
        guidec::read_form::read_form(&edition, &std::fs::read(&filled).unwrap(), None).unwrap();
    snapshot::assert_snapshot(&root().join("tests/declared/read-form.case.yaml"), &text);
    // The same inputs as the hand-worked case `tout-atteint`: its total, 1 487,50 €.
    let outcome = evaluate(&edition, &text);
    assert_eq!(outcome["total_cents"], 148_750);
    let _ = std::fs::remove_dir_all(&dir);
    skips.finish();
}

/// The generated module of the test edition, which `conformance/tests/declared.rs` runs beside
/// the interpreter, is the one the Rust backend writes (`GUIDEC_BLESS=1` rewrites it).
#[test]
fn the_generated_module_of_the_test_edition_is_fresh() {
    let edition = edition();
    let label = "tests/declared/specs/forfait_structure/declare-2025.guide".to_string();
    let rust = guidec::emit_rust::emit(&[(label, edition)]).unwrap();
    let module = rust
        .iter()
        .find(|(path, _)| path.ends_with("forfait_structure_declare_2025.rs"))
        .map(|(_, text)| text.clone())
        .unwrap();
    snapshot::assert_snapshot(
        &root().join("conformance/tests/declared/forfait_structure_declare_2025.rs"),
        &module,
    );
}
