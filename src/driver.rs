//! The front end over files: finding specs, reading them, parsing and checking each.

use crate::check::{self, Checked};
use crate::diagnostic::{Diagnostic, Report, Severity};
use crate::ir;
use crate::parse;
use std::path::{Path, PathBuf};

/// The extension of spec files.
pub const SPEC_EXTENSION: &str = "guide";

/// One spec file, read and checked.
#[derive(Debug)]
pub struct CheckedFile {
    /// Its path as found.
    pub path: PathBuf,
    /// Its text.
    pub source: String,
    /// The edition, when there is no error.
    pub edition: Option<ir::Edition>,
    /// What the parser and the checker found.
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckedFile {
    /// How many diagnostics of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// A printable report of its diagnostics.
    pub fn report(&self) -> Report<'_> {
        Report {
            path: path_str(&self.path),
            source: &self.source,
            diagnostics: &self.diagnostics,
        }
    }
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap_or("<non-UTF-8 path>")
}

/// Parses and checks one spec's text.
pub fn check_source(source: &str, path: Option<&str>) -> Checked {
    match parse::parse(source) {
        Ok(file) => check::check(&file, source, path),
        Err(diagnostics) => Checked {
            edition: None,
            diagnostics,
        },
    }
}

/// Reads and checks one spec file.
pub fn check_file(path: &Path) -> std::io::Result<CheckedFile> {
    let source = std::fs::read_to_string(path)?;
    let checked = check_source(&source, Some(path_str(path)));
    Ok(CheckedFile {
        path: path.to_path_buf(),
        source,
        edition: checked.edition,
        diagnostics: checked.diagnostics,
    })
}

/// A path named on the command line that does not exist: the payload of `find_specs`'s
/// `NotFound` error, worded by `i18n::io_error` with the path.
#[derive(Debug)]
pub struct MissingPath(pub PathBuf);

impl std::fmt::Display for MissingPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            &crate::i18n::Msg::new("io-path-not-found")
                .arg("path", self.0.display())
                .text(crate::i18n::Lang::default()),
        )
    }
}

impl std::error::Error for MissingPath {}

/// The spec files named by `paths`: files as given, folders searched for
/// `*.guide` recursively, in a stable order. A link to a folder is followed once: a folder already
/// searched (the same real folder, reached again through a link, a loop) is not searched again.
pub fn find_specs(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut searched = std::collections::BTreeSet::new();
    for path in paths {
        if path.is_dir() {
            collect(path, &mut searched, &mut out)?;
        } else if path.exists() {
            out.push(path.clone());
        } else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                MissingPath(path.clone()),
            ));
        }
    }
    Ok(out)
}

/// Searches `root` and the folders under it, each real folder once, without recursion.
fn collect(
    root: &Path,
    searched: &mut std::collections::BTreeSet<PathBuf>,
    out: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    let mut folders = vec![root.to_path_buf()];
    while let Some(dir) = folders.pop() {
        if !searched.insert(std::fs::canonicalize(&dir)?) {
            continue;
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        let mut subfolders = Vec::new();
        for entry in entries {
            if entry.is_dir() {
                subfolders.push(entry);
            } else if entry.extension().and_then(|e| e.to_str()) == Some(SPEC_EXTENSION) {
                out.push(entry);
            }
        }
        folders.extend(subfolders.into_iter().rev());
    }
    Ok(())
}
