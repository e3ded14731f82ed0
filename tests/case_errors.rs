//! Bad case files: each `tests/case_errors/NAME.yaml` beside `NAME.expected`, the errors
//! `guidec eval` must give (line:column, field, message), run on FAMI 2025.
//! `UPDATE_EXPECT=1 cargo test --test case_errors` rewrites the expected files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

#[test]
fn bad_case_files_name_the_field() {
    let spec = Path::new("specs/fami/chirurgiens_dentistes-2025.guide");
    let edition = guidec::driver::check_file(spec).unwrap().edition.unwrap();
    let mut paths: Vec<_> = std::fs::read_dir("tests/case_errors")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 6, "the folder holds the cases");
    let mut failures = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let errors = guidec::case::read(&text)
            .map_err(|e| vec![e])
            .and_then(|file| guidec::case::validate(&file, &edition))
            .err()
            .unwrap_or_else(|| panic!("{} should be rejected", path.display()));
        let actual: String = errors.iter().map(|e| format!("{e}\n")).collect();
        for error in &errors {
            assert!(
                error.line > 0 && error.column > 0,
                "{}: no place for {error}",
                path.display()
            );
        }
        let expected_path = path.with_extension("expected");
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{}:\n--- expected\n{expected}+++ actual\n{actual}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_bad_case_file_exits_1() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_guidec"))
        .args([
            "eval",
            "specs/fami/chirurgiens_dentistes-2025.guide",
            "tests/case_errors/unknown-field.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "unknown-field.yaml:5:5: `indicateurs.aller_vers.inconnu`: unknown field `inconnu`"
        ),
        "{stderr}"
    );
}
