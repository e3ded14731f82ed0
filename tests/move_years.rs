//! The same year of activity judged by an edition of another year (`CaseFile::move_years`, what
//! an impact over a population does): each hand-worked 2025 case of the FAMI dentists, its dates
//! moved into 2026, gets from the 2026 edition the same rate status as from 2025 (the rate's
//! rules are reconducted), while its dates left as they are fall outside 2026's year.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use guidec::interpret::{Explain, Plan};
use std::path::Path;

fn edition(path: &str) -> guidec::ir::Edition {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    guidec::driver::check_file(&root.join(path))
        .unwrap()
        .edition
        .expect("the spec checks clean")
}

#[test]
fn moved_cases_keep_their_rate_status_on_the_next_year() {
    let old = edition("specs/fami/chirurgiens_dentistes-2025.guide");
    let new = edition("specs/fami/chirurgiens_dentistes-2026.guide");
    let (old_plan, new_plan) = (Plan::new(&old), Plan::new(&new));
    let status = |plan: &Plan<'_>, edition: &guidec::ir::Edition, file: &guidec::case::CaseFile| {
        let case = guidec::case::validate(file, edition).unwrap();
        plan.evaluate(&case, Explain::No)
            .indicator("teletransmission")
            .map(|i| i.status)
    };
    let folder =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/fami/chirurgiens_dentistes-2025");
    let mut with_acts = 0;
    let mut outside = 0;
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let file = guidec::case::read(&text, &old).unwrap();
        let before = status(&old_plan, &old, &file);
        let mut as_given = file.clone();
        as_given.edition.value = new.key();
        let mut moved = as_given.clone();
        moved
            .move_years(1, new.acts.as_ref().map(|a| &*a.runtime))
            .unwrap();
        assert_eq!(
            status(&new_plan, &new, &moved),
            before,
            "{}: the same activity, the same rate",
            path.display()
        );
        if text.contains("actes:") {
            with_acts += 1;
            outside += usize::from(status(&new_plan, &new, &as_given) != before);
        }
    }
    assert!(with_acts >= 10, "the cases with acts: {with_acts}");
    assert!(
        outside >= with_acts / 2,
        "left in 2025, most rates read from acts change on 2026: {outside} of {with_acts}"
    );
}

#[test]
fn a_date_that_leaves_the_calendar_is_named() {
    let old = edition("specs/fami/chirurgiens_dentistes-2025.guide");
    let text = "edition: fami/chirurgiens_dentistes-2025\npraticien:\n  premiere_fse: 2025-05-12\n";
    let mut file = guidec::case::read(text, &old).unwrap();
    let error = file.move_years(i32::MAX, None).unwrap_err();
    assert!(error.starts_with("praticien.premiere_fse : "), "{error}");
}
