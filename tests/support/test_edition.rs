//! What the tests of a test-only edition (`tests/<name>/specs` and `tests/<name>/cases`: a
//! construct no real spec uses yet) share: its hand-worked cases run through the interpreter, and
//! through a second engine when one is given.

use std::path::Path;

/// Runs the hand-worked cases of `tests/<name>/cases` (under the repository's `root`) on the
/// specs of `tests/<name>/specs` and fails unless exactly `count` ran and every one passed; with
/// `engine`, on the interpreter and that engine both.
pub fn hand_worked_cases_pass(
    root: &Path,
    name: &str,
    count: usize,
    engine: Option<&guidec::runner::Engine>,
) {
    let folder = root.join("tests").join(name);
    let reports = guidec::runner::run(&[folder.join("cases")], &folder.join("specs"), engine)
        .unwrap_or_else(|error| panic!("the cases of tests/{name} do not run: {error:?}"));
    let report = guidec::runner::render(&reports);
    let ran: usize = reports.iter().map(|r| r.cases.len()).sum();
    assert_eq!(ran, count, "hand-worked cases of tests/{name}: {report}");
    if engine.is_some() {
        assert!(
            reports
                .iter()
                .all(|r| r.engines == "interpréteur et code généré"),
            "{report}"
        );
    }
    assert!(
        reports.iter().all(guidec::runner::EditionReport::passed),
        "{report}"
    );
}
