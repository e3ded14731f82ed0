//! The other editions beside a document: the specs of the same folder (the same programme),
//! read from disk, for `reprend` and for the ids that stay the same from one year to the next.

use crate::ast;
use crate::parse;
use std::path::{Path, PathBuf};

/// Another edition's spec, parsed.
#[derive(Debug)]
pub struct Sibling {
    /// Its path.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Its syntax tree.
    pub file: ast::File,
}

impl Sibling {
    /// Its file name.
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// The specs that parse in the folder of `path`, but `path` itself, in name order.
pub fn siblings(path: &Path) -> Vec<Sibling> {
    let Some(folder) = path.parent() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().and_then(|e| e.to_str()) == Some(crate::driver::SPEC_EXTENSION)
                && p.file_name() != path.file_name()
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let file = parse::parse(&text).ok()?;
            Some(Sibling { path, text, file })
        })
        .collect()
}
