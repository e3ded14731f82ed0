//! A case file's text on both engines (`guidec_conformance::fuzz::case_reader`): the one reader,
//! the interpreter's validator and evaluation, the generated code; no panic, the same refusal,
//! the same outcome. `tests/fuzz_bodies.rs` runs the same body on stable in `cargo test`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    guidec_conformance::fuzz::case_reader(data);
});
