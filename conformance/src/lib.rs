//! The generated evaluation code proven against the reference interpreter.
//!
//! `guidec test` runs the interpreter alone, so that it works on any spec with the binary as it
//! is. This crate, built with the generated crate, runs every case folder of `tests/cases`
//! through both engines and compares them outcome for outcome (`tests/cases.rs`), compares them
//! on random cases, reasons included (`tests/differential.rs`), and measures both
//! (`benches/evaluate.rs`). `cargo test -p guidec-conformance --release` runs the tests; the
//! workspace's `cargo test --workspace --release` includes them.

pub mod fuzz;

use std::path::{Path, PathBuf};

/// The repository's root, where `specs/` and `tests/cases/` are.
pub fn repository_root() -> PathBuf {
    let crate_root = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate_root
        .parent()
        .map_or_else(|| crate_root.to_path_buf(), Path::to_path_buf)
}

/// The generated code as the second engine of [`guidec::runner::run`]: the case file's text
/// read by the runtime's one reader of case files (the interpreter's validator reads with it
/// too), deserialised into the generated `Case` of edition `key` and evaluated with its
/// reasons; its outcome as JSON, or why it could not run (the reader's error, worded as the
/// interpreter words it), or `None` when the generated crate has no such edition.
pub fn generated_engine(key: &str, text: &str) -> Option<Result<serde_json::Value, String>> {
    let document = match guidec_runtime::case_file::parse(text) {
        Ok(document) => document,
        Err(error) => return Some(Err(error.to_string())),
    };
    guidec_generated::evaluate_any(
        key,
        document.deserializer(),
        guidec_runtime::Explain::Yes,
        serde_json::value::Serializer,
    )
    .map(|result| {
        result.map_err(|failure| match failure {
            guidec_generated::Failure::Case(error) => error.to_string(),
            guidec_generated::Failure::Outcome(error) => error.to_string(),
        })
    })
}
