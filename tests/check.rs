//! `guidec check` against expected diagnostics.
//!
//! Every `tests/check/NAME.guide` is a small spec with one intended problem, named after the
//! code it must produce (`e0201_cents.guide` gives E0201); `tests/check/NAME.expected` holds
//! its diagnostics whole, rendered as `guidec check` prints them without colour: code, message,
//! `file:line:column`, the source lines with every label, and the help. The cases the checker
//! once got wrong, `tests/check/regressions/NAME.guide`, have their `NAME.expected` beside them
//! too. `GUIDEC_BLESS=1 cargo test --release --test check` rewrites the expected files from what
//! the checker says now; review the diff.
//!
//! A case is checked without a file name (no W0302) unless its first line is
//! `// path: <path>`, which is then passed as the file's path; its diagnostics are shown on
//! the case's own file. `tests/check/seeds/` holds the source files the cases cite: the nearest
//! source folder of a case (W0304), at its own path or under `tests/check/`, whatever the machine.
//!
//! The `regression_*` tests at the end also state the right behaviour of each regression.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/snapshot.rs"]
mod snapshot;

use guidec::diagnostic::{Diagnostic, Report, Severity, Style, CODES};
use guidec::driver::check_source;
use guidec::i18n::Lang;
use guidec::span::line_column;
use snapshot::{Skips, Snapshots};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const CASES: &str = "tests/check";
const REGRESSIONS: &str = "tests/check/regressions";
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

/// The diagnostics one per line, `<error|warning> <CODE> <line>:<column> <message>`, for
/// failure messages.
fn render(source: &str, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let (line, column) = line_column(source, d.span.start);
        writeln!(
            out,
            "{} {} {line}:{column} {}",
            severity_word(d.severity),
            d.code,
            d.text(Lang::En)
        )
        .unwrap();
    }
    out
}

/// The diagnostics whole, as `guidec check` prints them without colour, shown on `path`: the
/// content of an expected file.
fn render_whole(path: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    Report {
        path,
        source,
        diagnostics,
    }
    .render(Style::default())
}

/// The path a case is checked under: its `// path:` first line, if any.
fn case_path(source: &str) -> Option<&str> {
    source
        .lines()
        .next()
        .and_then(|l| l.strip_prefix(PATH_DIRECTIVE))
        .map(str::trim)
}

/// Every `*.guide` of `dir`, sorted; every other entry is counted as skipped and must be an
/// `*.expected` file or a folder in `folders` (at most that many skips).
fn guides_in(dir: &str, folders: &[&str]) -> Vec<PathBuf> {
    let dir = crate_root().join(dir);
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let mut out = Vec::new();
    let mut stray = Skips::new(format!("{}: `.guide` cases", snapshot::shown(&dir)), 0);
    for path in entries {
        let extension = path.extension().and_then(|e| e.to_str());
        if path.is_file() && extension == Some("guide") {
            stray.take();
            out.push(path);
        } else if path.is_file() && extension == Some("expected") {
            // Compared with its case (and stale when it has none).
        } else if path.is_dir() && folders.iter().any(|f| path.ends_with(f)) {
            // Read by its own harness.
        } else {
            stray.skip(snapshot::shown(&path), "not a `.guide` case");
        }
    }
    stray.finish();
    assert!(!out.is_empty(), "no case in {}", dir.display());
    out
}

/// Every case of `tests/check/`.
fn cases() -> Vec<PathBuf> {
    guides_in(CASES, &["regressions", "seeds"])
}

/// Every case of `tests/check/regressions/`.
fn regressions() -> Vec<PathBuf> {
    guides_in(REGRESSIONS, &[])
}

fn case_name(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The code and severity a case is named for: `e0201_cents` is an E0201 error.
fn named_code(name: &str) -> Option<(String, Severity)> {
    let (code, _) = name.split_once('_')?;
    let severity = match code.chars().next()? {
        'e' => Severity::Error,
        'w' => Severity::Warning,
        _ => return None,
    };
    (code.len() == 5 && code[1..].chars().all(|c| c.is_ascii_digit()))
        .then(|| (code.to_ascii_uppercase(), severity))
}

/// One case checked, its diagnostics compared whole with its expected file.
fn check_case(guide: &Path, snapshots: &mut Snapshots, must_be_named: bool) {
    let name = snapshot::shown(guide);
    let source = std::fs::read_to_string(guide).unwrap();
    let checked = check_source(&source, case_path(&source));
    let has_error = checked.diagnostics.iter().any(Diagnostic::is_error);
    if has_error == checked.edition.is_some() {
        snapshots.fail(format!(
            "{name}: an edition must be returned exactly when there is no error \
             (errors: {has_error}, edition: {})",
            checked.edition.is_some()
        ));
    }
    if checked.diagnostics.is_empty() {
        snapshots.fail(format!(
            "{name}: produces no diagnostic; a case must show a problem"
        ));
    }
    let named = named_code(&case_name(guide));
    if let Some((code, severity)) = &named {
        let produced = checked
            .diagnostics
            .iter()
            .any(|d| d.code == code && d.severity == *severity);
        if !produced {
            snapshots.fail(format!(
                "{name}: named for {code}, which it does not produce; it gives:\n{}",
                render(&source, &checked.diagnostics)
            ));
        }
    } else if must_be_named {
        snapshots.fail(format!(
            "{name}: not named for a code (`e0201_what_it_shows.guide`)"
        ));
    }
    if let Err(message) = places_in_characters(&name, &source, &checked.diagnostics) {
        snapshots.fail(message);
    }
    snapshots.check(
        &guide.with_extension("expected"),
        &render_whole(&name, &source, &checked.diagnostics),
    );
}

/// Line and column from 1, the column counted in characters, worked out apart from
/// `guidec::span`.
fn place(source: &str, at: usize) -> (usize, usize) {
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// The places `guidec check --format json` gives (start, end and labels) count columns in
/// characters, as the text rendering's `file:line:column` does.
fn places_in_characters(
    name: &str,
    source: &str,
    diagnostics: &[Diagnostic],
) -> Result<(), String> {
    let report = Report {
        path: name,
        source,
        diagnostics,
    };
    for (d, json) in diagnostics.iter().zip(report.to_json(Lang::Fr)) {
        let start = place(source, d.span.start);
        let end = place(source, d.span.end);
        let labels: Vec<(usize, usize)> = d
            .labels
            .iter()
            .map(|l| place(source, l.span.start))
            .collect();
        let given: Vec<(usize, usize)> = json.labels.iter().map(|l| (l.line, l.column)).collect();
        if (json.line, json.column) != start
            || (json.end_line, json.end_column) != end
            || given != labels
        {
            return Err(format!(
                "{name}: {} is placed at {}:{}-{}:{} with labels at {given:?} in JSON, \
                 but its span is {start:?}-{end:?} with labels at {labels:?} in characters",
                d.code, json.line, json.column, json.end_line, json.end_column
            ));
        }
    }
    Ok(())
}

/// The one harness: every case of `tests/check/` checked against its expected file, or the
/// expected files rewritten with `GUIDEC_BLESS=1`.
#[test]
fn check() {
    let mut snapshots = Snapshots::new("tests/check");
    for guide in cases() {
        check_case(&guide, &mut snapshots, true);
    }
    snapshots.no_stale(&crate_root().join(CASES), |p| {
        p.extension().is_some_and(|e| e == "expected")
    });
    snapshots.finish();
}

/// The regressions' diagnostics, whole, against their expected files.
#[test]
fn regressions_match_their_expected_files() {
    let mut snapshots = Snapshots::new("tests/check/regressions");
    for guide in regressions() {
        check_case(&guide, &mut snapshots, false);
    }
    snapshots.no_stale(&crate_root().join(REGRESSIONS), |p| {
        p.extension().is_some_and(|e| e == "expected")
    });
    snapshots.finish();
}

/// (case, code, severity) of every diagnostic the cases of `tests/check/` produce.
fn produced_codes() -> Vec<(String, &'static str, Severity)> {
    let mut out = Vec::new();
    for guide in cases() {
        let name = case_name(&guide);
        let source = std::fs::read_to_string(&guide).unwrap();
        for d in check_source(&source, case_path(&source)).diagnostics {
            out.push((name.clone(), d.code, d.severity));
        }
    }
    out
}

#[test]
fn every_code_has_a_case() {
    let named: BTreeSet<String> = cases()
        .iter()
        .filter_map(|p| named_code(&case_name(p)))
        .map(|(code, _)| code)
        .collect();
    let produced: BTreeSet<&str> = produced_codes().into_iter().map(|(_, c, _)| c).collect();
    let missing: Vec<&str> = CODES
        .iter()
        .map(|(code, _, _)| *code)
        .filter(|code| !named.contains(*code) || !produced.contains(code))
        .collect();
    assert!(
        missing.is_empty(),
        "codes with no case named for them under {CASES}/: {missing:?}"
    );
}

#[test]
fn produced_codes_are_known_with_their_severity() {
    let produced = produced_codes();
    assert!(!produced.is_empty());
    for (name, code, severity) in produced {
        let Some((_, known, _)) = CODES.iter().find(|(c, _, _)| *c == code) else {
            panic!("{name} gives `{code}`, which is not in CODES");
        };
        assert_eq!(severity, *known, "{name}: `{code}` has the wrong severity");
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
                d.text(Lang::En),
                d.help_text(Lang::En),
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
        .text(Lang::En)
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
    assert!(diagnostics[0].text(Lang::En).contains("in another section"));
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
        !d.text(Lang::En).contains("decimals"),
        "`99 999 999 999 999 999 €` has no decimal; got `{}`",
        d.text(Lang::En)
    );
}

#[test]
fn regression_file_name_check_respects_folder_boundaries() {
    let (source, checked) = regression_case_without_panic("w0302_folder_suffix");
    assert_eq!(
        case_path(&source),
        Some("tests/check/specs/autrefami/test-2025.guide")
    );
    let checked = checked.unwrap();
    let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["W0302"]);
}

/// Valid specs that once drew a false positive: `tests/check_valid/*.guide` check with no error.
#[test]
fn valid_specs_check_clean() {
    let dir = crate_root().join("tests/check_valid");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut skips = Skips::new("tests/check_valid: `.guide` specs", 0);
    for path in paths {
        if !(path.is_file() && path.extension().is_some_and(|e| e == "guide")) {
            skips.skip(snapshot::shown(&path), "not a `.guide` spec");
            continue;
        }
        skips.take();
        let source = std::fs::read_to_string(&path).unwrap();
        let checked = guidec::driver::check_source(&source, None);
        assert!(
            checked.edition.is_some() && checked.diagnostics.is_empty(),
            "{} should check clean:\n{}",
            path.display(),
            render(&source, &checked.diagnostics)
        );
    }
    assert!(skips.finish() > 0, "no spec in {}", dir.display());
}
