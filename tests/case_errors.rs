//! Bad case files: each `tests/case_errors/NAME.yaml` beside `NAME.expected`, the errors
//! `guidec eval` must give (line:column, field, message), run on FAMI 2025, compared whole.
//! `GUIDEC_BLESS=1 cargo test --release --test case_errors` rewrites the expected files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/snapshot.rs"]
mod snapshot;

use snapshot::{Skips, Snapshots};
use std::path::Path;

const DIR: &str = "tests/case_errors";

#[test]
fn bad_case_files_name_the_field() {
    let spec = Path::new("specs/fami/chirurgiens_dentistes-2025.guide");
    let edition = guidec::driver::check_file(spec).unwrap().edition.unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut skips = Skips::new(format!("{DIR}: `.yaml` case files"), 0);
    let mut snapshots = Snapshots::new(DIR);
    for path in paths {
        match path.extension().and_then(|e| e.to_str()) {
            Some("yaml") if path.is_file() => skips.take(),
            Some("expected") if path.is_file() => continue,
            _ => {
                skips.skip(snapshot::shown(&path), "not a `.yaml` case file");
                continue;
            }
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let errors = guidec::case::read(&text, &edition)
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
        snapshots.check(&path.with_extension("expected"), &actual);
    }
    assert!(skips.finish() >= 6, "the folder holds the cases");
    snapshots.no_stale(&dir, |p| p.extension().is_some_and(|e| e == "expected"));
    snapshots.finish();
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
            "unknown-field.yaml:5:5: `indicateurs.aller_vers.inconnu` : champ inconnu `inconnu`"
        ),
        "{stderr}"
    );
}
