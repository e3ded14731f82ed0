//! `guidec fmt`: the canonical layout changes no meaning, keeps every comment, and is idempotent.
//!
//! For every spec in `specs/` (and every small spec of `tests/diff/synthetic/` and `tests/scales/specs/`):
//! the checked IR before and after formatting is equal (IR types derive
//! `PartialEq`, spans never count), formatting twice equals formatting once,
//! and a spec whose layout was messed up formats to the same text as the spec.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/snapshot.rs"]
mod snapshot;

use guidec::driver::{check_source, find_specs};
use guidec::format::{comments, format_source};
use snapshot::Skips;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn specs() -> Vec<PathBuf> {
    let mut files = find_specs(&[root().join("specs")]).unwrap();
    files.extend(find_specs(&[root().join("tests/diff/synthetic")]).unwrap());
    files.extend(find_specs(&[root().join("tests/scales/specs")]).unwrap());
    assert!(files.len() >= 5);
    files
}

#[test]
fn formatting_keeps_the_meaning_and_the_comments() {
    for path in specs() {
        let source = std::fs::read_to_string(&path).unwrap();
        let formatted =
            format_source(&source).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let before = check_source(&source, None);
        let after = check_source(&formatted, None);
        assert!(before.edition.is_some(), "{} checks", path.display());
        assert_eq!(
            before.edition,
            after.edition,
            "{}: the IR is the same after formatting",
            path.display()
        );
        assert_eq!(
            before.diagnostics.len(),
            after.diagnostics.len(),
            "{}: the same diagnostics",
            path.display()
        );
        assert_eq!(
            comments(&source),
            comments(&formatted),
            "{}",
            path.display()
        );
    }
}

#[test]
fn formatting_twice_is_formatting_once() {
    for path in specs() {
        let source = std::fs::read_to_string(&path).unwrap();
        let once = format_source(&source).unwrap();
        let twice = format_source(&once).unwrap();
        assert_eq!(once, twice, "{}", path.display());
        assert!(
            !once.contains("\n\n\n"),
            "{}: at most one blank line",
            path.display()
        );
        assert!(
            once.lines().all(|l| l == l.trim_end()),
            "{}: no trailing blank",
            path.display()
        );
    }
}

/// Shifts every line, adds trailing blanks and blank lines after each `{`: layout only.
fn messed_up(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines() {
        out.push_str("   ");
        out.push_str(line);
        out.push_str("  \n");
        if line.trim_end().ends_with('{') {
            out.push_str("\n\n\n");
        }
    }
    out
}

#[test]
fn a_messed_up_layout_formats_back() {
    for path in specs() {
        let source = std::fs::read_to_string(&path).unwrap();
        let messy = messed_up(&source);
        assert_ne!(messy, source);
        assert_eq!(
            format_source(&messy).unwrap(),
            format_source(&source).unwrap(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn statements_are_split_one_per_line() {
    let source = "édition fami chirurgiens_dentistes 2025 { titre \"T\" source 004 \"f\" \"t\" unité euros appréciation au 31/12/N ouverture inconnue clôture inconnue portail \"amelipro\" section s \"S\" indépendant { indicateur a \"A\" { type déclaratif montant 10 € question \"Q ?\" justificatif aucun } } }\n";
    let formatted = format_source(source).unwrap();
    assert_eq!(
        formatted,
        "édition fami chirurgiens_dentistes 2025 {\n  titre \"T\"\n  source 004 \"f\" \"t\"\n  unité euros\n  appréciation au 31/12/N\n  ouverture inconnue\n  clôture inconnue\n  portail \"amelipro\"\n\n  section s \"S\" indépendant {\n    indicateur a \"A\" {\n      type déclaratif\n      montant 10 €\n      question \"Q ?\"\n      justificatif aucun\n    }\n  }\n}\n"
    );
}

#[test]
fn a_spec_that_does_not_parse_is_left_alone() {
    assert!(format_source("édition fami x 2025 { titre }").is_err());
}

#[test]
fn fmt_check_passes_on_the_specs() {
    let output = Command::new(env!("CARGO_BIN_EXE_guidec"))
        .args(["fmt", "--check", "specs"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "run `guidec fmt specs`: {}",
        String::from_utf8_lossy(&output.stdout)
    );
}

/// The checker's test specs that may not parse: the syntax-error cases (`e0001_*`, `e0002_*`), which are
/// skipped, counted, and at most this many.
const UNPARSED_AT_MOST: usize = 12;

#[test]
fn the_checker_test_specs_format_too() {
    // Small specs with one intended problem each: those that parse format, keep their
    // syntax tree (checked inside `format_source`) and format once and for all. Those that do
    // not parse are syntax-error cases (E0001, E0002), counted.
    let files = find_specs(&[root().join("tests/check")]).unwrap();
    let mut skips = Skips::new(
        "tests/check specs formatted (syntax-error cases skipped)",
        UNPARSED_AT_MOST,
    );
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        if guidec::parse::parse(&source).is_err() {
            let name = path.file_name().unwrap().to_string_lossy();
            assert!(
                name.starts_with("e0001_") || name.starts_with("e0002_"),
                "{}: does not parse, but is not a syntax-error case",
                path.display()
            );
            skips.skip(snapshot::shown(&path), "does not parse");
            continue;
        }
        let once = format_source(&source).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(format_source(&once).unwrap(), once, "{}", path.display());
        assert_eq!(comments(&source), comments(&once), "{}", path.display());
        skips.take();
    }
    assert!(skips.finish() > 0);
}

#[test]
fn decimal_commas_stay_glued() {
    let source = "édition forfait_structure medecins 2025 {\n  unité points\n  valeur du point 84,62 € [002]\n}\n";
    let formatted = format_source(source).unwrap();
    assert!(
        formatted.contains("valeur du point 84,62 € [002]"),
        "{formatted}"
    );
}

#[test]
fn a_sworn_statement_made_in_the_declaration_is_kept() {
    let source = "édition fami chirurgiens_dentistes 2025 { titre \"T\" source 004 \"f\" \"t\" unité euros appréciation au 31/12/N ouverture inconnue clôture inconnue portail \"amelipro\" attestation \"Je certifie\" section s \"S\" indépendant { indicateur a \"A\" { type déclaratif montant 10 € question \"Q ?\" justificatif sur l'honneur\n   dans   la\n déclaration [004 §1.7.2] { conservé pour contrôle } } indicateur b \"B\" { type déclaratif montant 10 € question \"Q ?\" justificatif sur l'honneur [004 §1] } } }\n";
    let formatted = format_source(source).unwrap();
    assert!(
        formatted.contains(
            "      justificatif sur l'honneur dans la déclaration [004 §1.7.2] {\n        conservé pour contrôle\n      }\n"
        ),
        "{formatted}"
    );
    let sworn = |text: &str| -> Vec<bool> {
        let edition = check_source(text, None).edition.unwrap();
        edition.sections[0]
            .indicators
            .iter()
            .map(|i| i.evidence[0].sworn_in_declaration)
            .collect()
    };
    assert_eq!(sworn(source), [true, false]);
    assert_eq!(sworn(&formatted), [true, false]);
}
