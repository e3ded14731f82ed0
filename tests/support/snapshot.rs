//! The one snapshot helper of the data-driven tests, shared by `#[path]`.
//!
//! An output is compared whole with its expected file; on a mismatch the failure names the file,
//! shows a line diff (`-` expected, `+` actual, with line numbers) and says how to accept the new
//! output. One switch rewrites the expected files: `GUIDEC_BLESS=1 cargo test --release`. An
//! expected file that is missing is a failure, unless blessing; an expected file no input gives
//! is a failure too ([`Snapshots::no_stale`]).
//!
//! [`Skips`] counts the inputs a harness passes over (a file of the wrong kind, a case that does
//! not apply), prints the count and fails above a stated bound, so that nothing is skipped
//! silently.
//!
//! Each harness uses part of this module.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The environment variable that rewrites the expected files instead of comparing them.
pub const SWITCH: &str = "GUIDEC_BLESS";

/// The switch that came before, refused so that nobody believes it still works.
const OLD_SWITCH: &str = "UPDATE_EXPECT";

/// Whether this run rewrites the expected files: `GUIDEC_BLESS` set, neither empty nor `0`.
pub fn blessing() -> bool {
    assert!(
        std::env::var_os(OLD_SWITCH).is_none(),
        "{OLD_SWITCH} is no longer read: run with {SWITCH}=1 to rewrite the expected files"
    );
    std::env::var_os(SWITCH).is_some_and(|v| !v.is_empty() && v != "0")
}

/// `path` from the crate root, for messages.
pub fn shown(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// A unified line diff of `expected` against `actual`, three lines of context, each hunk headed
/// with its line numbers (`@@ -expected +actual @@`).
pub fn line_diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .header("expected", "actual")
        .to_string()
}

/// Compares `actual` with the file at `path`, or writes it there when blessing.
/// The error names the file, shows the diff and tells the switch.
pub fn compare(path: &Path, actual: &str) -> Result<(), String> {
    let previous = std::fs::read_to_string(path);
    if blessing() {
        if previous.as_deref().ok() != Some(actual) {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap();
            }
            std::fs::write(path, actual).unwrap();
            eprintln!("blessed {}", shown(path));
        }
        return Ok(());
    }
    match previous {
        Ok(expected) if expected == actual => Ok(()),
        Ok(expected) => Err(format!(
            "{} differs from the output (- expected, + actual):\n{}\
             if the new output is right, rerun with {SWITCH}=1 and review the diff",
            shown(path),
            line_diff(&expected, actual)
        )),
        Err(error) => Err(format!(
            "{} cannot be read ({error}); the output would be:\n{}\
             rerun with {SWITCH}=1 to write it, then review it",
            shown(path),
            line_diff("", actual)
        )),
    }
}

/// [`compare`], failing the test at once.
pub fn assert_snapshot(path: &Path, actual: &str) {
    if let Err(message) = compare(path, actual) {
        panic!("{message}");
    }
}

/// Many expected files compared in one test: every mismatch is listed, then the test fails.
pub struct Snapshots {
    what: String,
    checked: BTreeSet<PathBuf>,
    failures: Vec<String>,
}

impl Snapshots {
    /// `what` names the inputs in the final message (`"tests/check specs"`).
    pub fn new(what: impl Into<String>) -> Self {
        Self {
            what: what.into(),
            checked: BTreeSet::new(),
            failures: Vec::new(),
        }
    }

    /// Compares `actual` with the file at `path` (or blesses it), keeping any mismatch.
    pub fn check(&mut self, path: &Path, actual: &str) {
        self.checked.insert(path.to_path_buf());
        if let Err(message) = compare(path, actual) {
            self.failures.push(message);
        }
    }

    /// Any other failure about the inputs, reported with the mismatches.
    pub fn fail(&mut self, message: impl Into<String>) {
        self.failures.push(message.into());
    }

    /// Every file of `dir` (not below) that `is_expected` says is an expected file must have been
    /// compared: one that no input gives is stale.
    pub fn no_stale(&mut self, dir: &Path, is_expected: impl Fn(&Path) -> bool) {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", shown(dir)))
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file() && is_expected(p))
            .collect();
        paths.sort();
        for path in paths {
            if !self.checked.contains(&path) {
                self.failures.push(format!(
                    "{}: compared with nothing (an expected file no input gives, or a file nobody reads); \
                     delete it or restore its input",
                    shown(&path)
                ));
            }
        }
    }

    /// Fails the test if anything differed, listing every failure; returns how many files were
    /// compared.
    pub fn finish(self) -> usize {
        let compared = self.checked.len();
        assert!(compared > 0, "{}: no expected file was compared", self.what);
        assert!(
            self.failures.is_empty(),
            "{}: {} failure(s), {compared} expected file(s) compared \
             ({SWITCH}=1 rewrites the expected files; then review the diff):\n\n{}",
            self.what,
            self.failures.len(),
            self.failures.join("\n\n")
        );
        eprintln!("{}: {compared} expected files compared", self.what);
        compared
    }
}

/// The inputs a harness passes over, counted: [`Skips::finish`] prints the count and fails when
/// it is above the bound.
pub struct Skips {
    what: String,
    bound: usize,
    taken: usize,
    skipped: Vec<String>,
}

impl Skips {
    /// `what` names the inputs (`"tests/check specs formatted"`); at most `bound` may be skipped.
    pub fn new(what: impl Into<String>, bound: usize) -> Self {
        Self {
            what: what.into(),
            bound,
            taken: 0,
            skipped: Vec::new(),
        }
    }

    /// One input used.
    pub fn take(&mut self) {
        self.taken += 1;
    }

    /// One input passed over, and why.
    pub fn skip(&mut self, input: impl std::fmt::Display, why: impl std::fmt::Display) {
        self.skipped.push(format!("{input} ({why})"));
    }

    /// How many were skipped so far.
    pub fn skipped(&self) -> usize {
        self.skipped.len()
    }

    /// Prints the count; fails if more than the bound were skipped. Returns the inputs taken.
    pub fn finish(self) -> usize {
        let list = if self.skipped.is_empty() {
            String::new()
        } else {
            format!(":\n  {}", self.skipped.join("\n  "))
        };
        let summary = format!(
            "{}: {} taken, {} skipped (at most {} allowed){list}",
            self.what,
            self.taken,
            self.skipped.len(),
            self.bound
        );
        eprintln!("{summary}");
        assert!(
            self.skipped.len() <= self.bound,
            "too many skipped: {summary}"
        );
        self.taken
    }
}
