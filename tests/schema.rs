//! A field the compiler does not know, declared in a spec's act schema (`tests/schema/specs`):
//! `régime`, a value from a list, used in an exclusion ("régime général uniquement") and in
//! case files (`tests/schema/cases`), evaluated, read back by the case reader, and written by
//! the Rust and SQL backends, with nothing in `src/` naming it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn edition() -> guidec::ir::Edition {
    let spec = root().join("tests/schema/specs/fami/regime-2025.guide");
    let checked = guidec::driver::check_file(&spec).unwrap();
    checked
        .edition
        .unwrap_or_else(|| panic!("{spec:?} should check clean"))
}

#[test]
fn a_declared_field_is_read_tested_and_evaluated() {
    let edition = edition();
    let schema = edition.acts.as_ref().unwrap();
    let regime = schema.fields.iter().find(|f| f.name == "régime").unwrap();
    assert_eq!(regime.key, "regime");
    assert!(matches!(
        regime.kind,
        guidec::ir::ActFieldKind::List {
            default: Some(0),
            ..
        }
    ));
    let reports = guidec::runner::run(
        &[root().join("tests/schema/cases")],
        &root().join("tests/schema/specs"),
        None,
    )
    .unwrap();
    let ran: usize = reports.iter().map(|r| r.cases.len()).sum();
    assert_eq!(ran, 2);
    assert!(
        reports.iter().all(guidec::runner::EditionReport::passed),
        "{}",
        guidec::runner::render(&reports)
    );
}

#[test]
fn a_value_outside_the_declared_list_is_refused_by_the_reader() {
    let edition = edition();
    let text = "edition: fami/regime-2025\nindicateurs:\n  teletransmission:\n    mesures:\n      fse:\n        actes:\n          - {date: 2025-03-10, mode: papier, regime: salarie}\n";
    let error = guidec::case::read(text, &edition).unwrap_err().to_string();
    assert_eq!(
        error,
        "7:54: `indicateurs.teletransmission.mesures.fse.actes[0].regime` : `salarie` n'est pas une valeur possible ici ; valeurs possibles : `general`, `agricole` ou `independants`"
    );
}

#[test]
fn the_backends_write_the_declared_field() {
    let edition = edition();
    let sql = guidec::emit_sql::emit(&[("fami/regime-2025.guide".to_string(), edition.clone())]);
    let sql: String = sql.iter().map(|(_, text)| text.as_str()).collect();
    assert!(sql.contains("`regime` STRING"), "{sql}");
    assert!(
        sql.contains("COALESCE(`regime`, 'general') AS `regime`"),
        "{sql}"
    );
    assert!(sql.contains("a.`regime` IN ('general')"), "{sql}");
    let rust = guidec::emit_rust::emit(&[("fami/regime-2025.guide".to_string(), edition)]).unwrap();
    let module = rust
        .iter()
        .find(|(path, _)| path.ends_with("fami_regime_2025.rs"))
        .map(|(_, text)| text.clone())
        .unwrap();
    assert!(module.contains("String::from(\"regime\")"), "{module}");
}
