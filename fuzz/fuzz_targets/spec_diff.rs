//! Two specs cut at `=====` (`guidec_conformance::fuzz::spec_diff`): when both check, `diff` and
//! its renderings never panic and an edition diffed with itself has no change.
//! `tests/fuzz_bodies.rs` runs the same body on stable in `cargo test`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    guidec_conformance::fuzz::spec_diff(data);
});
