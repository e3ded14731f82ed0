//! The bodies of the fuzz targets that need both engines or two editions (`fuzz/fuzz_targets/case_reader.rs`, `spec_diff.rs`), run by cargo-fuzz (libFuzzer) and, without it, by `tests/fuzz_bodies.rs` over the seed corpus and seeded mutations of it.
//!
//! Each body takes any bytes and panics only on a broken promise, which is what both drivers
//! report: a crash in the reader, the validator, an engine or the diff, or the two engines
//! disagreeing on one case file.

// A broken promise is a panic: it is what libFuzzer and the stable runner report.
#![allow(clippy::panic)]

use crate::{generated_engine, repository_root};
use guidec::interpret::{Explain, Plan};
use guidec::ir::Edition;
use std::sync::OnceLock;

/// Every spec under `specs/`, checked once, by edition key.
pub fn editions() -> &'static [(String, Edition)] {
    static EDITIONS: OnceLock<Vec<(String, Edition)>> = OnceLock::new();
    EDITIONS.get_or_init(|| {
        let specs = repository_root().join("specs");
        let paths = guidec::driver::find_specs(&[specs]).unwrap_or_default();
        paths
            .iter()
            .filter_map(|path| guidec::driver::check_file(path).ok()?.edition)
            .map(|edition| (edition.key(), edition))
            .collect()
    })
}

/// Whether two refusals are the same words, an unknown field's list of the fields possible
/// there aside (each engine lists its own: the generated code the edition's fields, the
/// interpreter's reader the format's).
pub fn same_refusal(generated: &str, interpreted: &str) -> bool {
    let unlisted = |words: &str| -> String {
        match words.split_once(" ; champs possibles ici : ") {
            Some((refusal, _)) if refusal.contains(": champ inconnu `") => refusal.to_string(),
            _ => words.to_string(),
        }
    };
    unlisted(generated) == unlisted(interpreted)
}

/// A case file's text, any bytes, on both engines, on the edition it names (the first edition
/// when it names none the specs have): no panic; a file the reader refuses is refused by both;
/// a file the validator accepts gives both engines the same outcome,
/// reasons included. (A file only the edition's validation refuses is not compared: three of
/// its rules, free text required by a yes, one option in a single-choice list and an option
/// that cannot be pre-filled, are checked by the interpreter's validator alone.)
pub fn case_reader(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let editions = editions();
    let named = edition_named(text);
    let Some((key, edition)) = editions
        .iter()
        .find(|(key, _)| Some(key) == named.as_ref())
        .or_else(|| editions.first())
    else {
        return;
    };
    let read = guidec::case::read(text, edition);
    let generated = generated_engine(key, text);
    let Some(generated) = generated else {
        panic!("no generated module for `{key}`");
    };
    match read {
        // Both refuse. Their words are the same when the first problem is one of the format
        // (`tests/case_errors/`, `conformance/tests/case_errors.rs`); a file also wrong for the
        // edition may show each engine another problem first: the generated code knows the
        // edition's ids as it reads (an unknown software role, an edition it does not have),
        // the interpreter's validator checks them after reading.
        Err(refused) => match generated {
            Err(_) => {}
            Ok(_) => panic!(
                "refused by the reader for the interpreter ({refused}), run by the generated code"
            ),
        },
        Ok(file) => {
            let Ok(case) = guidec::case::validate(&file, edition) else {
                return;
            };
            let interpreted =
                serde_json::to_value(Plan::new(edition).evaluate(&case, Explain::Yes))
                    .unwrap_or_default();
            match generated {
                Ok(outcome) => assert_eq!(outcome, interpreted, "the engines disagree on a case"),
                Err(words) => {
                    panic!("accepted by the interpreter, refused by the generated code: {words}")
                }
            }
        }
    }
}

/// The edition a case file's text names, when the reader reads its `edition` field.
fn edition_named(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Named {
        edition: Option<String>,
    }
    guidec_runtime::case_file::from_str::<Named>(text)
        .ok()?
        .edition
}

/// Where [`spec_diff`] cuts its input into the old and the new spec.
pub const SPEC_DIFF_SEPARATOR: &str = "\n=====\n";

/// Two specs, any bytes cut at [`SPEC_DIFF_SEPARATOR`] (the input without one is diffed with
/// itself): when both check, `diff` and its four renderings never panic, an edition diffed
/// with itself has no change, and the JSON rendering is JSON.
pub fn spec_diff(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (old, new) = text.split_once(SPEC_DIFF_SEPARATOR).unwrap_or((text, text));
    let (Some(old), Some(new)) = (
        guidec::driver::check_source(old, None).edition,
        guidec::driver::check_source(new, None).edition,
    ) else {
        return;
    };
    let itself = guidec::diff::diff(&old, &old);
    assert!(
        itself.is_empty(),
        "an edition differs from itself:\n{}",
        guidec::diff::render_text(&old, &old, &itself)
    );
    let changes = guidec::diff::diff(&old, &new);
    let _ = guidec::diff::render_text(&old, &new, &changes);
    let _ = guidec::diff::render_markdown(&old, &new, &changes);
    let _ = guidec::diff::render_html(&old, &new, &changes);
    let json = guidec::diff::render_json(&changes);
    assert!(
        serde_json::from_str::<serde_json::Value>(&json).is_ok(),
        "the JSON change report is not JSON"
    );
}
