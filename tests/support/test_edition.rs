//! What the tests of a test-only edition (`tests/<name>/specs` and `tests/<name>/cases`: a
//! construct no real spec uses yet) share: its hand-worked cases run through the interpreter.

use std::path::Path;

/// Runs the hand-worked cases of `tests/<name>/cases` on the specs of `tests/<name>/specs` and
/// fails unless exactly `count` ran and every one passed.
pub fn hand_worked_cases_pass(name: &str, count: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name);
    let reports = guidec::runner::run(&[root.join("cases")], &root.join("specs"), None)
        .unwrap_or_else(|error| panic!("the cases of tests/{name} do not run: {error:?}"));
    let ran: usize = reports.iter().map(|r| r.cases.len()).sum();
    assert_eq!(ran, count, "hand-worked cases of tests/{name}");
    assert!(
        reports.iter().all(guidec::runner::EditionReport::passed),
        "{}",
        guidec::runner::render(&reports)
    );
}
