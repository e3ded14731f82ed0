//! Every case folder of `tests/cases` run through both engines, the interpreter and the
//! generated code, with `guidec::runner` (as `guidec test` runs them with the interpreter
//! alone): every case's expected outcome is met, the generated code gives the interpreter's
//! outcome, reasons included, and every indicator is decided by some case.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use guidec::runner::{self, EditionReport, Engine};
use guidec_conformance::{generated_engine, repository_root};
use std::path::{Path, PathBuf};

/// The case files under `dir`, at any depth.
fn case_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
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
fn every_case_folder_passes_on_both_engines() {
    let root = repository_root();
    let cases = root.join("tests/cases");
    let engine: &Engine = &generated_engine;
    let reports = runner::run(
        std::slice::from_ref(&cases),
        &root.join("specs"),
        Some(engine),
    )
    .unwrap();
    let report = runner::render(&reports);
    eprint!("{report}");

    let mut files = Vec::new();
    case_files(&cases, &mut files);
    let run: usize = reports.iter().map(|r| r.cases.len()).sum();
    assert_eq!(
        run,
        files.len(),
        "every case file of {} is run",
        cases.display()
    );
    assert!(run > 0, "no case file under {}", cases.display());
    assert!(
        reports
            .iter()
            .all(|r| r.engines == "interpréteur et code généré"),
        "{report}"
    );
    assert!(
        report.contains("moteurs : interpréteur et code généré"),
        "{report}"
    );
    assert!(
        reports.iter().all(EditionReport::passed),
        "a case fails, the engines disagree, or an indicator is never decided:\n{report}"
    );
    assert!(
        report.ends_with(&format!("{run} passed, 0 failed\n")),
        "{report}"
    );
}
