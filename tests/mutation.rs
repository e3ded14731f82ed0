//! Mutated real specs never make the parser or the checker panic, and the
//! result is always coherent: an edition exactly when there is no error.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use guidec::diagnostic::{Diagnostic, Report};
use guidec::driver::check_source;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestError, TestRunner};
use std::path::{Path, PathBuf};

/// Cases per spec: enough to hit every kind of statement over time, few enough
/// to run in seconds in debug. `PROPTEST_CASES=5000` searches harder.
const CASES_PER_SPEC: u32 = 64;

/// The seed of the mutations: fixed, so that a failure is reproducible and the
/// suite is not flaky; `PROPTEST_RNG_SEED=<n>` explores other mutations.
const DEFAULT_SEED: u64 = 0x6775_6964_6563;

fn seed() -> u64 {
    std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_SEED)
}

fn cases_per_spec() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CASES_PER_SPEC)
}

/// A position drawn uniformly over any length: `Pos(raw)` is `raw / 2^64` of the way.
#[derive(Clone, Copy, Debug)]
struct Pos(usize);

impl Pos {
    /// The position in a sequence of `size` items (`size > 0`).
    fn index(self, size: usize) -> usize {
        let scaled = (size as u128 * self.0 as u128) >> usize::BITS;
        usize::try_from(scaled).unwrap().min(size.saturating_sub(1))
    }
}

fn pos() -> impl Strategy<Value = Pos> {
    any::<usize>().prop_map(Pos)
}

/// One edit of a spec's text, positions taken on its characters.
#[derive(Clone, Debug)]
enum Mutation {
    /// Inserts `text` before character `at`.
    Insert { at: Pos, text: String },
    /// Deletes up to `len` characters from `at`.
    Delete { at: Pos, len: usize },
    /// Swaps two ranges of up to `len` characters.
    Swap { a: Pos, b: Pos, len: usize },
    /// Writes line `line` twice.
    DuplicateLine { line: Pos },
    /// Replaces character `at` by `with`.
    Replace { at: Pos, with: char },
}

/// Characters that matter to the grammar and to the checker's byte arithmetic:
/// quotes, braces, brackets, digits, multi-byte letters and signs, line breaks.
fn interesting_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec![
            '"', '{', '}', '[', ']', '\\', '/', '\n', ' ', '\t', '\u{a0}', '\u{202f}', ',', '=',
            '%', '€', '<', '>', '≥', '≠', '§', '«', '»', '—', 'é', 'è', 'à', 'ç', 'É', 'N', '+',
            '-', '0', '1', '2', '9', '_', '#', '😀', '\u{0}',
        ]),
        1 => any::<char>(),
    ]
}

/// Texts to insert: random characters, or a word of the language.
fn insertion() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(interesting_char(), 1..6).prop_map(|c| c.into_iter().collect()),
        1 => prop::sample::select(vec![
            "\"", "\"\"\"", "{", "}", "{N+1}", "{total volet1}", "{nombre socle}", "{an 2021}",
            "{inconnu}", "2024", "ameli.pro", "4 indicateurs", "montant 1 €", "total 9 points",
            "31/02/N", "seuil au moins 200 %", "seuil au moins 1/0", "section x \"X\" prérequis {}",
            "indicateur x \"X\" { type automatisé }", "sous-indicateur y \"Y\" de x { }",
            "complémentaire si volet1", "[999 §1]", "// ", "99999999999999999999",
            "0,123 €", "âge < 3 ans", "mode dans {papier}",
        ])
        .prop_map(str::to_string),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (pos(), insertion()).prop_map(|(at, text)| Mutation::Insert { at, text }),
        2 => (pos(), 1..40usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        1 => (pos(), pos(), 1..30usize)
            .prop_map(|(a, b, len)| Mutation::Swap { a, b, len }),
        1 => pos().prop_map(|line| Mutation::DuplicateLine { line }),
        2 => (pos(), interesting_char()).prop_map(|(at, with)| Mutation::Replace { at, with }),
    ]
}

/// Applies `mutation` to `text`, working on characters so the result stays UTF-8.
fn apply(text: &str, mutation: &Mutation) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    match mutation {
        Mutation::Insert { at, text } => {
            let at = at.index(n + 1);
            chars.splice(at..at, text.chars());
        }
        Mutation::Delete { at, len } => {
            if n > 0 {
                let start = at.index(n);
                let end = (start + len).min(n);
                chars.drain(start..end);
            }
        }
        Mutation::Swap { a, b, len } => {
            if n > 0 {
                let (mut x, mut y) = (a.index(n), b.index(n));
                if x > y {
                    std::mem::swap(&mut x, &mut y);
                }
                // Two disjoint ranges: [x, x+l) and [y, y+l), l limited by the gap and the end.
                let l = (*len).min(y - x).min(n - y);
                if l > 0 {
                    let first: Vec<char> = chars[x..x + l].to_vec();
                    let second: Vec<char> = chars[y..y + l].to_vec();
                    chars.splice(y..y + l, first);
                    chars.splice(x..x + l, second);
                }
            }
        }
        Mutation::DuplicateLine { line } => {
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            if !lines.is_empty() {
                let i = line.index(lines.len());
                let mut out = String::with_capacity(text.len() + lines[i].len() + 1);
                for (j, l) in lines.iter().enumerate() {
                    out.push_str(l);
                    if j == i {
                        if !l.ends_with('\n') {
                            out.push('\n');
                        }
                        out.push_str(l);
                    }
                }
                return out;
            }
        }
        Mutation::Replace { at, with } => {
            if n > 0 {
                chars[at.index(n)] = *with;
            }
        }
    }
    chars.into_iter().collect()
}

fn real_specs(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            real_specs(&entry, out);
        } else if entry.extension().and_then(|e| e.to_str()) == Some("guide") {
            out.push(entry);
        }
    }
}

/// What must hold of any text, however broken.
fn check_coherent(text: &str, path: &str) -> Result<(), TestCaseError> {
    let checked = check_source(text, Some(path));
    let has_error = checked.diagnostics.iter().any(Diagnostic::is_error);
    prop_assert!(
        has_error != checked.edition.is_some(),
        "an edition must come exactly when there is no error (errors: {has_error})"
    );
    if checked.diagnostics.iter().any(|d| d.code == "E0001") {
        prop_assert_eq!(
            checked.diagnostics.len(),
            1,
            "a syntax error is reported alone"
        );
    }
    for d in &checked.diagnostics {
        prop_assert!(
            d.span.start <= d.span.end && d.span.end <= text.len(),
            "{} {}: span {:?} outside the text",
            d.code,
            d.text(guidec::i18n::Lang::Fr),
            d.span
        );
        prop_assert!(
            text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
            "{} {}: span {:?} cuts a character",
            d.code,
            d.text(guidec::i18n::Lang::Fr),
            d.span
        );
        prop_assert!(
            !d.text(guidec::i18n::Lang::Fr).is_empty(),
            "{}: empty message",
            d.code
        );
        prop_assert!(
            guidec::diagnostic::CODES
                .iter()
                .any(|(code, severity, _)| *code == d.code && *severity == d.severity),
            "{}: not in CODES with this severity",
            d.code
        );
    }
    // The printers must cope with whatever the checker found.
    let report = Report {
        path,
        source: text,
        diagnostics: &checked.diagnostics,
    };
    let json = report.to_json(guidec::i18n::Lang::Fr);
    prop_assert_eq!(json.len(), checked.diagnostics.len());
    if !checked.diagnostics.is_empty() {
        prop_assert!(!report
            .render(guidec::diagnostic::Style::default())
            .is_empty());
    }
    Ok(())
}

#[test]
fn mutated_specs_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = Vec::new();
    real_specs(&root.join("specs"), &mut specs);
    assert!(!specs.is_empty(), "no spec under specs/");
    let mut failures = Vec::new();
    for spec in &specs {
        let path = spec
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let source = std::fs::read_to_string(spec).unwrap();
        // The unmutated spec itself must be coherent too.
        check_coherent(&source, &path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut runner = TestRunner::new(Config {
            failure_persistence: None,
            rng_seed: RngSeed::Fixed(seed()),
            ..Config::with_cases(cases_per_spec())
        });
        let strategy = prop::collection::vec(mutation(), 1..4);
        let result = runner.run(&strategy, |mutations| {
            let mut text = source.clone();
            for m in &mutations {
                text = apply(&text, m);
            }
            check_coherent(&text, &path)
        });
        match result {
            Ok(()) => {}
            Err(TestError::Fail(reason, mutations)) => {
                let mut text = source.clone();
                for m in &mutations {
                    text = apply(&text, m);
                }
                failures.push(format!(
                    "{path} (PROPTEST_RNG_SEED={}): {reason}\nmutations: {mutations:?}\nmutated text:\n{text}",
                    seed()
                ));
            }
            Err(TestError::Abort(reason)) => failures.push(format!("{path}: aborted: {reason}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn mutations_keep_utf8_and_change_the_text() {
    let text = "é\"{}€\nligne deux\n";
    let n = text.chars().count();
    for i in 0..=n {
        let inserted = apply(
            text,
            &Mutation::Insert {
                at: Pos(i * (usize::MAX / (n + 1))),
                text: "😀".to_string(),
            },
        );
        assert_eq!(inserted.chars().count(), n + 1);
        assert!(inserted.contains('😀'));
    }
    let deleted = apply(text, &Mutation::Delete { at: Pos(0), len: 2 });
    assert_eq!(deleted, "{}€\nligne deux\n");
    let swapped = apply(
        text,
        &Mutation::Swap {
            a: Pos(0),
            b: Pos(usize::MAX / 2),
            len: 1,
        },
    );
    assert_eq!(swapped.chars().count(), n);
    assert_ne!(swapped, text);
    let duplicated = apply(
        text,
        &Mutation::DuplicateLine {
            line: Pos(usize::MAX - 1),
        },
    );
    assert_eq!(duplicated, "é\"{}€\nligne deux\nligne deux\n");
}
