//! `guidec check` against expected diagnostics.
//!
//! Every `tests/check/NAME.guide` is a small spec with one intended problem;
//! `tests/check/NAME.expected` lists the diagnostics it must produce, one per
//! line: `<error|warning> <CODE> <line>:<column> <message>`. Run
//! `UPDATE_EXPECT=1 cargo test --test check check` to (re)write the expected
//! files from what the checker says now, then review the diff.
//!
//! A case is checked without a file name (no W0302) unless its first line is
//! `// path: <path>`, which is then passed as the file's path.
//!
//! `tests/check/regressions/` holds cases the checker once got wrong (a panic,
//! an overflow, a misplaced span); the `regression_*` tests at the end state the
//! right behaviour.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use guidec::diagnostic::{Diagnostic, Severity, CODES};
use guidec::driver::check_source;
use guidec::span::line_column;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const CASES: &str = "tests/check";
const PATH_DIRECTIVE: &str = "// path: ";

fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The diagnostics in the expected-file format, one per line.
fn render(source: &str, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let (line, column) = line_column(source, d.span.start);
        writeln!(
            out,
            "{} {} {line}:{column} {}",
            severity_word(d.severity),
            d.code,
            d.message
        )
        .unwrap();
    }
    out
}

/// The path a case is checked under: its `// path:` first line, if any.
fn case_path(source: &str) -> Option<&str> {
    source
        .lines()
        .next()
        .and_then(|l| l.strip_prefix(PATH_DIRECTIVE))
        .map(str::trim)
}

/// Every `*.guide` of `tests/check/`, sorted.
fn cases() -> Vec<PathBuf> {
    let dir = crate_root().join(CASES);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("guide"))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no case in {}", dir.display());
    out
}

fn case_name(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// Line-by-line diff: lines only expected (`-`) and only produced (`+`), in order.
fn diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    // Longest common subsequence, small inputs.
    let mut lcs = vec![vec![0usize; a.len() + 1]; e.len() + 1];
    for i in (0..e.len()).rev() {
        for j in (0..a.len()).rev() {
            lcs[i][j] = if e[i] == a[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    while i < e.len() || j < a.len() {
        if i < e.len() && j < a.len() && e[i] == a[j] {
            writeln!(out, "    {}", e[i]).unwrap();
            i += 1;
            j += 1;
        } else if i < e.len() && (j == a.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            writeln!(out, "  - {}", e[i]).unwrap();
            i += 1;
        } else {
            writeln!(out, "  + {}", a[j]).unwrap();
            j += 1;
        }
    }
    out
}

/// The one harness: every case checked against its expected file, or the
/// expected files rewritten with `UPDATE_EXPECT=1`.
#[test]
fn check() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v != "0" && !v.is_empty());
    let mut failures = Vec::new();
    let mut count = 0;
    for guide in cases() {
        count += 1;
        let name = case_name(&guide);
        let source = std::fs::read_to_string(&guide).unwrap();
        let checked = check_source(&source, case_path(&source));
        let actual = render(&source, &checked.diagnostics);
        let has_error = checked.diagnostics.iter().any(Diagnostic::is_error);
        if has_error == checked.edition.is_some() {
            failures.push(format!(
                "{name}: an edition must be returned exactly when there is no error \
                 (errors: {has_error}, edition: {})",
                checked.edition.is_some()
            ));
        }
        if checked.diagnostics.is_empty() {
            failures.push(format!(
                "{name}: produces no diagnostic; a case must show a problem"
            ));
        }
        let expected_path = guide.with_extension("expected");
        if update {
            let previous = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if previous != actual {
                std::fs::write(&expected_path, &actual).unwrap();
                eprintln!("updated {}", expected_path.display());
            }
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => failures.push(format!(
                "{CASES}/{name}.guide: diagnostics differ from {CASES}/{name}.expected \
                 (- expected, + actual):\n{}",
                diff(&expected, &actual)
            )),
            Err(_) => failures.push(format!(
                "{CASES}/{name}.guide: no {CASES}/{name}.expected; it would be:\n{actual}"
            )),
        }
    }
    // Expected files with no case are stale.
    for entry in std::fs::read_dir(crate_root().join(CASES)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) == Some("expected")
            && !path.with_extension("guide").exists()
        {
            failures.push(format!("{}: no matching .guide", path.display()));
        }
    }
    assert!(count > 0);
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed (rerun with UPDATE_EXPECT=1 to accept the new output):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The (severity, code) pairs named in the expected files.
fn expected_codes() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for guide in cases() {
        let name = case_name(&guide);
        let text = std::fs::read_to_string(guide.with_extension("expected")).unwrap_or_default();
        for line in text.lines() {
            let mut words = line.split(' ');
            let severity = words.next().unwrap_or("").to_string();
            let code = words.next().unwrap_or("").to_string();
            out.push((name.clone(), severity, code));
        }
    }
    out
}

#[test]
fn every_code_has_a_case() {
    let seen: BTreeSet<String> = expected_codes().into_iter().map(|(_, _, c)| c).collect();
    let missing: Vec<&str> = CODES
        .iter()
        .map(|(code, _, _)| *code)
        .filter(|code| !seen.contains(*code))
        .collect();
    assert!(
        missing.is_empty(),
        "codes with no example under {CASES}/: {missing:?}"
    );
}

#[test]
fn expected_codes_are_known_with_their_severity() {
    let lines = expected_codes();
    assert!(!lines.is_empty());
    for (name, severity, code) in lines {
        let Some((_, known, _)) = CODES.iter().find(|(c, _, _)| *c == code) else {
            panic!("{name}.expected names `{code}`, which is not in CODES");
        };
        assert_eq!(
            severity,
            severity_word(*known),
            "{name}.expected: `{code}` has the wrong severity"
        );
    }
}

#[test]
fn codes_are_unique_and_well_formed() {
    let mut seen = BTreeSet::new();
    for (code, severity, meaning) in CODES {
        assert!(seen.insert(*code), "`{code}` is listed twice in CODES");
        assert_eq!(code.len(), 5, "`{code}`");
        let prefix = match severity {
            Severity::Error => 'E',
            Severity::Warning => 'W',
        };
        assert!(code.starts_with(prefix), "`{code}` is a {severity:?}");
        assert!(code[1..].chars().all(|c| c.is_ascii_digit()), "`{code}`");
        assert!(!meaning.is_empty(), "`{code}` has no meaning");
    }
}

/// Every `*.guide` under `dir`, recursively, sorted.
fn guides_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            guides_under(&entry, out);
        } else if entry.extension().and_then(|e| e.to_str()) == Some("guide") {
            out.push(entry);
        }
    }
}

/// The real specs, as paths relative to the crate root (`specs/fami/…`).
fn real_specs() -> Vec<(String, String)> {
    let root = crate_root();
    let mut paths = Vec::new();
    guides_under(&root.join("specs"), &mut paths);
    assert!(!paths.is_empty(), "no spec under specs/");
    paths
        .into_iter()
        .map(|p| {
            let relative = p
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (relative, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

#[test]
fn real_specs_check_clean() {
    let mut failures = String::new();
    let specs = real_specs();
    for (path, source) in &specs {
        let checked = check_source(source, Some(path));
        if !checked.diagnostics.is_empty() {
            write!(
                failures,
                "{path}:\n{}",
                render(source, &checked.diagnostics)
            )
            .unwrap();
        }
        if checked.edition.is_none() {
            writeln!(failures, "{path}: no edition").unwrap();
        }
    }
    assert!(
        failures.is_empty(),
        "real specs must check with no error and no warning:\n{failures}"
    );
}

const FORFAIT_2024: &str = "specs/forfait_structure/medecins-2024.guide";

fn forfait_2024() -> String {
    std::fs::read_to_string(crate_root().join(FORFAIT_2024)).unwrap()
}

/// Replaces the one occurrence of `from` in `source`, returning the text and the byte offset.
fn replace_once(source: &str, from: &str, to: &str) -> (String, usize) {
    assert_eq!(
        source.matches(from).count(),
        1,
        "`{from}` must occur once in {FORFAIT_2024}"
    );
    let at = source.find(from).unwrap();
    (source.replacen(from, to, 1), at)
}

fn errors(source: &str, path: &str) -> Vec<(String, usize, usize, String, Option<String>)> {
    let checked = check_source(source, Some(path));
    assert!(
        checked.edition.is_none(),
        "a spec with an error yields no edition"
    );
    checked
        .diagnostics
        .iter()
        .map(|d| {
            let (line, column) = line_column(source, d.span.start);
            (
                d.code.to_string(),
                line,
                column,
                d.message.clone(),
                d.help.clone(),
            )
        })
        .collect()
}

#[test]
fn wrong_points_in_a_real_spec_give_the_right_euros() {
    let source = forfait_2024();
    let (mutated, at) = replace_once(
        &source,
        "montant 280 points = 1 960 €",
        "montant 281 points = 1 960 €",
    );
    let found = errors(&mutated, FORFAIT_2024);
    assert_eq!(
        found.len(),
        1,
        "one error expected, the stated euros; got {found:#?}"
    );
    let (code, line, column, message, help) = &found[0];
    assert_eq!(code, "E0201");
    // The span is the stated euros, after `montant 281 points = `.
    let euros = at + "montant 281 points = ".len();
    assert_eq!(
        (*line, *column),
        line_column(&mutated, euros),
        "E0201 points at the stated euros of the amount"
    );
    let nnbsp = '\u{202f}';
    assert_eq!(
        message,
        &format!("281 points at 7 € a point are 1{nnbsp}967 €, not 1{nnbsp}960 €")
    );
    assert_eq!(
        help.as_deref(),
        Some("write `281 points = 1 967 €`, or correct the points")
    );
}

#[test]
fn wrong_section_total_in_a_real_spec_says_what_it_should_be() {
    let source = forfait_2024();
    let (mutated, at) = replace_once(
        &source,
        "total 835 points = 5 845 €",
        "total 836 points = 5 852 €",
    );
    let (line, _) = line_column(&mutated, at);
    let found = errors(&mutated, FORFAIT_2024);
    assert_eq!(
        found.len(),
        1,
        "one error expected, the total; got {found:#?}"
    );
    let (code, at_line, _, message, help) = &found[0];
    assert_eq!(code, "E0202");
    assert_eq!(*at_line, line, "E0202 on the line of the total");
    let nnbsp = '\u{202f}';
    assert_eq!(
        message,
        &format!(
            "the indicators of section `volet2` add up to 835 points (5{nnbsp}845 €), \
             not 836 points (5{nnbsp}852 €)"
        )
    );
    assert_eq!(
        help.as_deref(),
        Some("the total should be `835 points = 5 845 €`; or correct the amounts it sums")
    );
}

#[test]
fn a_real_spec_renamed_is_warned_about() {
    let source = forfait_2024();
    let checked = check_source(&source, Some("specs/forfait_structure/medecins-2023.guide"));
    let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["W0302"]);
    assert!(
        checked.edition.is_some(),
        "a warning does not withhold the edition"
    );
    assert!(checked.diagnostics[0]
        .message
        .contains("specs/forfait_structure/medecins-2024.guide"));
}

// ---------------------------------------------------------------- regressions
//
// Cases under `tests/check/regressions/` that the checker once got wrong. Each
// test states the right behaviour.

fn regression_case(name: &str) -> (String, Vec<Diagnostic>) {
    let (source, checked) = regression_case_without_panic(name);
    let checked = checked.unwrap_or_else(|panic| panic!("the checker panicked: {panic}"));
    (source, checked.diagnostics)
}

/// Line and column of every diagnostic with `code`.
fn places(source: &str, diagnostics: &[Diagnostic], code: &str) -> Vec<(usize, usize)> {
    diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| line_column(source, d.span.start))
        .collect()
}

/// Line and column of every occurrence of `needle` in `source`.
fn occurrences(source: &str, needle: &str) -> Vec<(usize, usize)> {
    source
        .match_indices(needle)
        .map(|(at, _)| line_column(source, at))
        .collect()
}

#[test]
fn regression_sub_indicator_whose_parent_is_in_a_later_section() {
    let (source, diagnostics) = regression_case("e0103_parent_in_later_section");
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["E0103"], "{}", render(&source, &diagnostics));
    assert!(diagnostics[0].message.contains("in another section"));
    assert_eq!(
        places(&source, &diagnostics, "E0103"),
        occurrences(&source, "codage [002")
    );
}

#[test]
fn regression_section_gated_on_itself_is_reported_once() {
    let (source, diagnostics) = regression_case("e0401_gated_on_itself");
    assert_eq!(
        places(&source, &diagnostics, "E0401").len(),
        1,
        "{}",
        render(&source, &diagnostics)
    );
    assert_eq!(diagnostics.len(), 1);
}

#[test]
fn regression_literal_year_after_a_fixed_year_is_placed_on_itself() {
    let (source, diagnostics) = regression_case("w0201_year_after_fixed_year");
    let literal = occurrences(&source, "en 2021 ?")
        .into_iter()
        .map(|(line, column)| (line, column + 3))
        .collect::<Vec<_>>();
    assert_eq!(
        places(&source, &diagnostics, "W0201"),
        literal,
        "{}",
        render(&source, &diagnostics)
    );
}

#[test]
fn regression_repeated_spellings_are_each_placed_on_themselves() {
    let (source, diagnostics) = regression_case("same_spelling_twice");
    let years: Vec<(usize, usize)> = occurrences(&source, "2026")
        .into_iter()
        .filter(|(line, _)| *line == 11)
        .collect();
    assert_eq!(years.len(), 2);
    assert_eq!(
        places(&source, &diagnostics, "W0201"),
        years,
        "{}",
        render(&source, &diagnostics)
    );
    assert_eq!(
        places(&source, &diagnostics, "W0202"),
        occurrences(&source, "ameli pro")
    );
}

/// Checks `name` of `tests/check/regressions/`, under its `// path:` if any, turning a panic into an error.
fn regression_case_without_panic(name: &str) -> (String, Result<guidec::check::Checked, String>) {
    let path = crate_root()
        .join(CASES)
        .join("regressions")
        .join(format!("{name}.guide"));
    let source = std::fs::read_to_string(&path).unwrap();
    let checked =
        std::panic::catch_unwind(|| check_source(&source, case_path(&source))).map_err(|panic| {
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_string()))
                .unwrap_or_default()
        });
    (source, checked)
}

#[test]
fn regression_placeholder_with_a_multibyte_character_after_n() {
    let (source, checked) = regression_case_without_panic("e0701_accented_placeholder");
    let checked = checked.unwrap_or_else(|panic| panic!("the checker panicked: {panic}"));
    assert_eq!(
        render(&source, &checked.diagnostics),
        "error E0701 10:33 unknown placeholder `{Né}`\n"
    );
}

#[test]
fn regression_reference_year_overflow() {
    let (_, checked) = regression_case_without_panic("huge_year");
    let checked = checked.unwrap_or_else(|panic| panic!("the checker panicked: {panic}"));
    assert!(
        checked.edition.is_none(),
        "no edition for year 2147483647 + 1"
    );
    assert!(checked.diagnostics.iter().any(Diagnostic::is_error));
}

#[test]
fn regression_overflowing_points_are_reported() {
    let (source, checked) = regression_case_without_panic("points_overflow");
    let checked = checked.unwrap();
    let errors: Vec<(usize, usize)> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| line_column(&source, d.span.start))
        .collect();
    assert!(
        errors.iter().any(|(line, _)| *line == 13),
        "the amount on line 13 does not fit in cents; got {}",
        render(&source, &checked.diagnostics)
    );
    assert!(
        checked.edition.is_none(),
        "the edition must not be built without its amount"
    );
}

#[test]
fn regression_overflowing_euros_are_not_a_matter_of_decimals() {
    let (source, checked) = regression_case_without_panic("euros_overflow");
    let checked = checked.unwrap();
    assert_eq!(checked.diagnostics.len(), 1);
    let d = &checked.diagnostics[0];
    assert_eq!(line_column(&source, d.span.start).0, 12);
    assert!(
        !d.message.contains("decimals"),
        "`99 999 999 999 999 999 €` has no decimal; got `{}`",
        d.message
    );
}

#[test]
fn regression_file_name_check_respects_folder_boundaries() {
    let (source, checked) = regression_case_without_panic("w0302_folder_suffix");
    assert_eq!(case_path(&source), Some("specs/autrefami/test-2025.guide"));
    let checked = checked.unwrap();
    let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["W0302"]);
}

/// Valid specs that once drew a false positive: `tests/check_valid/*.guide` check with no error.
#[test]
fn valid_specs_check_clean() {
    let mut paths: Vec<_> = std::fs::read_dir("tests/check_valid")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "guide"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for path in paths {
        let source = std::fs::read_to_string(&path).unwrap();
        let checked = guidec::driver::check_source(&source, None);
        assert!(
            checked.edition.is_some() && checked.diagnostics.is_empty(),
            "{} should check clean:\n{}",
            path.display(),
            render(&source, &checked.diagnostics)
        );
    }
}
