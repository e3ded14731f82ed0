//! The panics of a third-party decoder on damaged input (the `parquet` crate on some damaged
//! pages, a PDF reader on a damaged file), caught where the decoder is called and turned into
//! an error, and kept off standard error.

use std::cell::Cell;
use std::panic::AssertUnwindSafe;

thread_local! {
    /// Whether this thread is inside a [`contained`] step.
    static INSIDE: Cell<bool> = const { Cell::new(false) };
}

/// Runs `step`; a panic inside it becomes `Err` with the panic's own words (empty when it gave
/// none), for the caller to word in French.
pub fn contained<T>(step: impl FnOnce() -> T) -> Result<T, String> {
    let inside = INSIDE.with(|flag| flag.replace(true));
    let result = std::panic::catch_unwind(AssertUnwindSafe(step));
    INSIDE.with(|flag| flag.set(inside));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|words| (*words).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}

/// Keeps the panics that [`contained`] turns into errors off standard error (each is reported
/// once, as that error); any other panic is printed as before. For a program's `main`.
pub fn quiet_contained_panics() {
    let before = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !INSIDE.with(Cell::get) {
            before(info);
        }
    }));
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_becomes_its_words_and_the_flag_is_restored() {
        assert_eq!(contained(|| 7), Ok(7));
        let words = contained(|| -> u8 { panic!("index {} past the end", 9) });
        assert_eq!(words, Err("index 9 past the end".to_string()));
        let nested = contained(|| contained(|| -> u8 { panic!("inner") }));
        assert_eq!(nested, Ok(Err("inner".to_string())));
        assert!(!INSIDE.with(Cell::get), "outside every step again");
    }
}
