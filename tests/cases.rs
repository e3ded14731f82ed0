//! The hand-worked case files of `tests/cases/<programme>/<profession>-<year>/*.yaml` give the
//! outcome their `attendu` block states, through the reference interpreter, and together decide
//! every indicator of their edition: what `guidec test` checks (it also runs the generated code,
//! which `tests/differential.rs` compares on these files). No file under `tests/cases/` is passed
//! over: every entry is an edition's folder or a case file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/snapshot.rs"]
mod snapshot;

use snapshot::Skips;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The case files under `dir` (`<programme>/<profession>-<year>/<case>.yaml`, `depth` levels
/// down), counting every other entry as skipped.
fn case_files(dir: &Path, depth: usize, skips: &mut Skips, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for entry in entries {
        let yaml = entry.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if depth < 2 && entry.is_dir() {
            case_files(&entry, depth + 1, skips, out);
        } else if depth == 2 && entry.is_file() && yaml {
            skips.take();
            out.push(entry);
        } else {
            skips.skip(
                snapshot::shown(&entry),
                "not a `<programme>/<profession>-<year>/<case>.yaml` case file",
            );
        }
    }
}

#[test]
fn case_files_give_their_expected_outcomes() {
    let dir = root().join("tests/cases");
    let mut skips = Skips::new("tests/cases: case files", 0);
    let mut files = Vec::new();
    case_files(&dir, 0, &mut skips, &mut files);
    assert!(skips.finish() > 0, "no case file under {}", dir.display());
    let reports = guidec::runner::run(std::slice::from_ref(&dir), &root().join("specs"), None)
        .unwrap_or_else(|e| panic!("{e}"));
    let ran: usize = reports.iter().map(|r| r.cases.len()).sum();
    eprint!("{}", guidec::runner::render(&reports));
    assert_eq!(ran, files.len(), "every case file is run, once");
    assert!(
        reports.iter().all(guidec::runner::EditionReport::passed),
        "{}",
        guidec::runner::render(&reports)
    );
}
