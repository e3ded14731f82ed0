//! The source documents a spec cites (`source`, `emprunt`): the seed guides and the editions'
//! facts files, found in `seeds` and `editions` folders beside the specs or in `../shared/`.

use std::path::{Path, PathBuf};

/// The folders that hold source documents, by the name a spec's folder tree gives them.
const FOLDERS: &[&str] = &["seeds", "editions"];

/// The source folders that exist at one folder: `seeds` and `editions` in it, then in
/// `../shared/` from it.
fn at(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for base in [folder.to_path_buf(), folder.join("..").join("shared")] {
        for name in FOLDERS {
            let candidate = base.join(name);
            if candidate.is_dir() {
                found.push(candidate);
            }
        }
    }
    found
}

/// The source folders nearest to the spec at `spec`: those of the first of its parent folders
/// (from the nearest up) that has any. Empty when none has one, as on a clone of the project
/// without its source guides.
pub fn folders(spec: &Path) -> Vec<PathBuf> {
    let Some(start) = spec.parent() else {
        return Vec::new();
    };
    start
        .ancestors()
        .map(at)
        .find(|found| !found.is_empty())
        .unwrap_or_default()
}

/// Whether `file` names a file alone (no folder, no `..`): the only names looked up.
fn plain(file: &str) -> bool {
    !(file.is_empty() || file.contains('/') || file.contains('\\') || file.contains(".."))
}

/// `file` in one of `folders`.
pub fn find_in(folders: &[PathBuf], file: &str) -> Option<PathBuf> {
    if !plain(file) {
        return None;
    }
    folders
        .iter()
        .map(|folder| folder.join(file))
        .find(|candidate| candidate.is_file())
}

/// `file` in the source folders of any of the spec's parent folders, the nearest first.
pub fn find(spec: &Path, file: &str) -> Option<PathBuf> {
    if !plain(file) {
        return None;
    }
    spec.parent()?
        .ancestors()
        .find_map(|folder| find_in(&at(folder), file))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn nearest_folders_and_files() {
        let root = tempfile::tempdir().unwrap();
        let specs = root.path().join("projet").join("specs").join("fami");
        std::fs::create_dir_all(&specs).unwrap();
        let spec = specs.join("x-2025.guide");
        assert!(folders(&spec).is_empty(), "no source folder anywhere");
        let seeds = root.path().join("shared").join("seeds");
        std::fs::create_dir_all(&seeds).unwrap();
        std::fs::write(seeds.join("004.txt"), "guide").unwrap();
        let found = folders(&spec);
        assert_eq!(found.len(), 1);
        assert!(found[0].ends_with("shared/seeds"));
        assert!(find_in(&found, "004.txt").is_some());
        assert!(find_in(&found, "005.txt").is_none());
        assert!(find_in(&found, "../seeds/004.txt").is_none());
        assert!(find(&spec, "004.txt").is_some());
    }
}
