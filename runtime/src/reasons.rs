//! The reasons' writer: an indicator's reasons written into its outcome when they are asked for, and nothing done otherwise.

/// Where an indicator's reasons are written: its outcome's list when `EXPLAIN`, nowhere
/// otherwise (then every push compiles to nothing). Its methods are generic, so they are
/// compiled in the calling crate; they carry no `#[inline]` hint, as in the former in-crate
/// runtime (with one, each reason's allocation was inlined into the evaluation, which grew).
#[derive(Debug)]
pub struct Reasons<'a, const EXPLAIN: bool> {
    list: &'a mut Vec<String>,
}

impl<'a, const EXPLAIN: bool> Reasons<'a, EXPLAIN> {
    /// Writes into `list` when `EXPLAIN`.
    pub fn to(list: &'a mut Vec<String>) -> Reasons<'a, EXPLAIN> {
        Reasons { list }
    }

    /// Adds a reason made on demand: `make` runs only when `EXPLAIN`.
    pub fn push(&mut self, make: impl FnOnce() -> String) {
        if EXPLAIN {
            self.list.push(make());
        }
    }

    /// Adds a fixed reason.
    pub fn push_str(&mut self, text: &str) {
        if EXPLAIN {
            self.list.push(text.to_string());
        }
    }
}

/// `atteint` or `non atteint`, as reasons word a condition's result.
#[inline]
pub fn met_word(ok: bool) -> &'static str {
    if ok {
        "atteint"
    } else {
        "non atteint"
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_written_only_when_asked_for() {
        let mut written = Vec::new();
        let mut reasons = Reasons::<true>::to(&mut written);
        reasons.push(|| format!("taux {}", 70));
        reasons.push_str("justificatif envoyé");
        assert_eq!(written, ["taux 70", "justificatif envoyé"]);

        let mut skipped = Vec::new();
        let mut reasons = Reasons::<false>::to(&mut skipped);
        reasons.push(|| panic!("a reason is made although none is asked for"));
        reasons.push_str("justificatif envoyé");
        assert!(skipped.is_empty());
    }

    #[test]
    fn met_words() {
        assert_eq!(met_word(true), "atteint");
        assert_eq!(met_word(false), "non atteint");
    }
}
