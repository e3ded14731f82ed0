//! The spec front end on any text: parse and check never panic; a spec that formats formats
//! once and for all, and means the same (`format_source` proves it, or says `Unsafe`: a bug).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let checked = guidec::driver::check_source(text, None);
    match guidec::format::format_source(text) {
        Ok(formatted) => {
            let again = guidec::format::format_source(&formatted)
                .unwrap_or_else(|e| panic!("the formatted text does not format: {e}"));
            assert_eq!(again, formatted, "formatting twice is not formatting once");
            let rechecked = guidec::driver::check_source(&formatted, None);
            assert_eq!(
                checked.edition.is_some(),
                rechecked.edition.is_some(),
                "formatting changed whether the spec checks"
            );
        }
        Err(unsafe_layout @ guidec::format::FormatError::Unsafe(_)) => {
            panic!("fmt: {unsafe_layout}")
        }
        Err(guidec::format::FormatError::Syntax(_)) => {}
    }
});
