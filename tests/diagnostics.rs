//! The message catalogue (French and English) and the text rendering of diagnostics: every id
//! in both languages, columns in characters, long lines clipped, control characters escaped, time
//! linear in the number of diagnostics.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use guidec::diagnostic::{Diagnostic, Report, Style, CODES};
use guidec::i18n::{Lang, Msg, ENGLISH_FTL, FRENCH_FTL};
use guidec::msg;
use guidec::span::Span;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The ids of a catalogue with the variables each entry uses.
fn entries(ftl: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current = None;
    for line in ftl.lines() {
        let starts_entry = line.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        if starts_entry {
            if let Some((id, _)) = line.split_once(" =") {
                current = Some(id.trim().to_string());
                out.entry(id.trim().to_string()).or_default();
            }
        } else if line.starts_with('#') || line.is_empty() {
            current = None;
        }
        if let Some(id) = &current {
            let mut rest = line;
            while let Some(at) = rest.find('$') {
                rest = &rest[at + 1..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                out.get_mut(id).unwrap().insert(name);
            }
        }
    }
    out
}

#[test]
fn both_catalogues_parse() {
    for (name, ftl) in [("fr.ftl", FRENCH_FTL), ("en.ftl", ENGLISH_FTL)] {
        if let Err((_, errors)) = fluent_bundle::FluentResource::try_new(ftl.to_string()) {
            panic!("{name} does not parse: {errors:?}");
        }
    }
}

#[test]
fn both_languages_hold_the_same_ids_with_the_same_arguments() {
    let french = entries(FRENCH_FTL);
    let english = entries(ENGLISH_FTL);
    let only_fr: Vec<&String> = french
        .keys()
        .filter(|k| !english.contains_key(*k))
        .collect();
    let only_en: Vec<&String> = english
        .keys()
        .filter(|k| !french.contains_key(*k))
        .collect();
    assert!(only_fr.is_empty(), "missing in en.ftl: {only_fr:?}");
    assert!(only_en.is_empty(), "missing in fr.ftl: {only_en:?}");
    for (id, vars) in &french {
        assert_eq!(
            Some(vars),
            english.get(id),
            "`{id}` takes other arguments in en.ftl"
        );
    }
}

/// Every string of `src/` that names a message (`msg!("…")`, `Msg::new("…")`, a phrase id) is
/// an entry of both catalogues.
#[test]
fn every_message_id_used_in_the_code_is_in_both_catalogues() {
    let prefixes = [
        "e0",
        "w0",
        "syntax-",
        "quantity-",
        "summary-",
        "report-",
        "help-",
        "word-",
        "io-",
        "serve-",
        "cli-",
        "build-",
        "fmt-",
        "new-year-",
        "runner-",
    ];
    let mut used = BTreeSet::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for literal in text.split('"').skip(1).step_by(2) {
                let looks_like_id = prefixes.iter().any(|p| literal.starts_with(p))
                    && literal.contains('-')
                    && literal
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                if looks_like_id {
                    used.insert(literal.to_string());
                }
            }
        }
    }
    assert!(used.len() > 100, "found only {} ids", used.len());
    let catalogue = guidec::i18n::catalogue();
    for lang in [Lang::Fr, Lang::En] {
        let missing: Vec<&String> = used.iter().filter(|id| !catalogue.has(lang, id)).collect();
        assert!(missing.is_empty(), "missing in {lang:?}: {missing:?}");
    }
}

/// Every code has its messages in the catalogue (their ids start with the code).
#[test]
fn every_code_has_its_messages() {
    let french = entries(FRENCH_FTL);
    for (code, _, _) in CODES {
        let prefix = format!("{}-", code.to_ascii_lowercase());
        assert!(
            french.keys().any(|id| id.starts_with(&prefix)),
            "no message for {code}"
        );
    }
}

#[test]
fn plurals_and_lists_are_worded_per_language() {
    let summary = |lang| {
        Msg::new("summary-check-ok")
            .num("specs", 1)
            .num("errors", 0)
            .num("warnings", 2)
            .text(lang)
    };
    assert_eq!(
        summary(Lang::Fr),
        "vérification réussie : 1 spec, 0 erreur, 2 avertissements"
    );
    assert_eq!(summary(Lang::En), "check ok: 1 spec, 0 errors, 2 warnings");
    let list = guidec::i18n::Arg::List(
        vec![
            guidec::i18n::Arg::Text("`a`".into()),
            guidec::i18n::Arg::Text("`b`".into()),
            guidec::i18n::Arg::Msg(Msg::new("syntax-close-block")),
        ],
        "word-or",
    );
    let expected = msg!("e0001-expected").with("expected", list);
    assert_eq!(
        expected.text(Lang::Fr),
        "attendu : `a`, `b` ou `}` pour fermer le bloc"
    );
    assert_eq!(
        expected.text(Lang::En),
        "expected `a`, `b` or `}` to close the block"
    );
}

#[test]
fn the_locale_picks_the_language() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_string())
        }
    };
    assert_eq!(Lang::from_locale(env(&[])), Lang::Fr);
    assert_eq!(Lang::from_locale(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
    assert_eq!(Lang::from_locale(env(&[("LANG", "C")])), Lang::Fr);
    assert_eq!(
        Lang::from_locale(env(&[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "fr_FR")])),
        Lang::Fr
    );
    assert_eq!(
        Lang::from_locale(env(&[("LC_ALL", ""), ("LANG", "en")])),
        Lang::En,
        "an empty variable does not count"
    );
}

fn render(source: &str, diagnostics: &[Diagnostic]) -> String {
    Report {
        path: "x.guide",
        source,
        diagnostics,
    }
    .render(Style::default())
}

fn warning_at(source: &str, needle: &str) -> Diagnostic {
    let at = source.find(needle).unwrap();
    Diagnostic::warning(
        "W0301",
        Span::new(at, at + needle.len()),
        msg!("w0301-amount-without-provenance"),
    )
}

/// The text output counts columns in characters, as JSON does: `é` is one column.
#[test]
fn columns_are_characters_in_text_and_json() {
    let source = "édition « é » {\n  titre \"Télétransmission éàù\" montant\n}\n";
    let d = warning_at(source, "montant");
    let text = render(source, std::slice::from_ref(&d));
    let json = Report {
        path: "x.guide",
        source,
        diagnostics: std::slice::from_ref(&d),
    }
    .to_json(Lang::Fr);
    let column = "  titre \"Télétransmission éàù\" ".chars().count() + 1;
    assert_eq!(json[0].column, column);
    assert!(text.contains(&format!("x.guide:2:{column}]")), "{text}");
    // The underline stands under the word.
    let line = text.lines().find(|l| l.contains("·")).unwrap();
    let source_line = text.lines().find(|l| l.contains("titre")).unwrap();
    assert_eq!(
        line.chars().position(|c| c == '─'),
        source_line
            .find("montant")
            .map(|b| source_line[..b].chars().count())
    );
}

/// A diagnostic far along a very long line does not panic, and its snippet is clipped.
#[test]
fn a_diagnostic_past_column_65535_is_clipped() {
    let source = format!(
        "édition {{\n  titre \"{}\" montant\n}}\n",
        "é".repeat(70_000)
    );
    let d = warning_at(&source, "montant");
    let text = render(&source, &[d]);
    assert!(
        text.contains(&format!("x.guide:2:{}]", 70_000 + 12)),
        "{}",
        &text[..200.min(text.len())]
    );
    assert!(text.lines().all(|l| l.chars().count() < 200), "clipped");
    assert!(text.contains("…"));
    assert!(text.contains("montant"));
}

/// Control characters of a spec (an escape sequence in a text) are shown escaped, never sent to
/// the terminal.
#[test]
fn control_characters_are_escaped() {
    let source = "édition {\n  titre \"\u{1b}[2J\u{7}rouge\" montant\n}\n";
    let at = source.find("montant").unwrap();
    let d = Diagnostic::error(
        "E0701",
        Span::new(at, at + 7),
        msg!("e0701-unknown-placeholder", inner = "\u{1b}[31m"),
    );
    let text = render(source, &[d]);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(text.contains("\\u{1b}[2J\\u{7}rouge"), "{text}");
}

/// Rendering takes time in proportion to the number of diagnostics: 20 000 warnings on a
/// 20 000-line file are rendered in well under a second in a release build.
#[test]
fn rendering_is_linear_in_the_number_of_diagnostics() {
    let mut source = String::from("édition fami test 2025 {\n");
    for i in 0..20_000 {
        source.push_str(&format!("  montant {i} € // é\n"));
    }
    source.push_str("}\n");
    let diagnostics: Vec<Diagnostic> = source
        .match_indices("montant")
        .map(|(at, _)| {
            Diagnostic::warning(
                "W0301",
                Span::new(at, at + 7),
                msg!("w0301-amount-without-provenance"),
            )
        })
        .collect();
    let started = std::time::Instant::now();
    let text = render(&source, &diagnostics);
    let took = started.elapsed();
    assert_eq!(text.matches("W0301").count(), 20_000);
    let bound = if cfg!(debug_assertions) { 20.0 } else { 2.0 };
    assert!(took.as_secs_f64() < bound, "20 000 warnings took {took:?}");
}
