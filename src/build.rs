//! The build: every spec checked, every backend run in memory, then the outputs written at once.
//!
//! Nothing is written unless every spec checked without error and every
//! backend succeeded; each file is written through a temporary file renamed
//! over it, and only when its content changed. The same function computes
//! what the committed `generated/` must hold, for the staleness test.

use crate::driver::{self, CheckedFile};
use crate::emit_rust;
use crate::i18n::{io_error, Lang, Msg};
use crate::ir::Edition;
use crate::render::{self, Output, Renderer, SiteEdition};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Why a build did not produce its outputs.
#[derive(Debug)]
pub enum BuildError {
    /// A spec could not be read.
    Io(Msg),
    /// Specs with errors, to be reported.
    Specs(Vec<CheckedFile>),
    /// A backend failed.
    Backend(String),
}

/// Reads and checks every spec under `specs`, labelled `specs/…` as outputs name them.
pub fn check_specs(specs: &Path) -> Result<Vec<(String, Edition)>, BuildError> {
    let files = driver::find_specs(&[specs.to_path_buf()]).map_err(|e| {
        BuildError::Io(
            Msg::new("build-cannot-read-specs")
                .arg("path", specs.display())
                .phrase("error", io_error(&e)),
        )
    })?;
    let mut editions = Vec::new();
    let mut failed = Vec::new();
    for path in &files {
        let file = driver::check_file(path).map_err(|e| {
            BuildError::Io(
                Msg::new("build-cannot-read")
                    .arg("path", path.display())
                    .phrase("error", io_error(&e)),
            )
        })?;
        match file.edition.clone() {
            Some(edition) if file.diagnostics.iter().all(|d| !d.is_error()) => {
                // The label goes into comments and headers of every output (HTML comments,
                // the generated Rust modules' first line, the change reports): made safe once here.
                let label = crate::escape::label(&emit_rust::spec_label(specs, path));
                editions.push((label, edition));
            }
            _ => failed.push(file),
        }
    }
    if failed.is_empty() {
        Ok(editions)
    } else {
        Err(BuildError::Specs(failed))
    }
}

/// Every output of the build, in memory, paths relative to the outputs folder. `cases`: the case
/// folders (`<cases>/<programme>/<profession>-<year>/`), whose files each change report runs on
/// its two editions (who gains, who loses); `None` or a missing folder: reports without them.
pub fn outputs(
    editions: &[(String, Edition)],
    cases: Option<&Path>,
) -> Result<Vec<Output>, BuildError> {
    let mut outputs: Vec<Output> = emit_rust::emit(editions)
        .map_err(|e| BuildError::Backend(format!("rust: {e}")))?
        .into_iter()
        .map(|(path, content)| Output {
            path: PathBuf::from("rust").join(path),
            bytes: content.into_bytes(),
        })
        .collect();
    outputs.extend(
        crate::emit_sql::emit(editions)
            .into_iter()
            .map(|(path, content)| Output {
                path: PathBuf::from("sql").join(path),
                bytes: content.into_bytes(),
            }),
    );
    let site: Vec<SiteEdition<'_>> = editions
        .iter()
        .map(|(spec, edition)| SiteEdition {
            spec: spec.clone(),
            edition,
        })
        .collect();
    let renderers: [&dyn Renderer; 2] = [&render::GuideRenderer, &render::pdf::PdfRenderer];
    for renderer in renderers {
        let files = renderer
            .render(&site)
            .map_err(|e| BuildError::Backend(format!("{}: {e}", renderer.name())))?;
        outputs.extend(files);
    }
    outputs.extend(change_reports(&site, cases)?);
    Ok(outputs)
}

/// The change report from each edition's previous one (as the guide pages link it), beside their
/// guide pages, with the impact of both editions' case files when there are any.
fn change_reports(
    site: &[SiteEdition<'_>],
    cases: Option<&Path>,
) -> Result<Vec<Output>, BuildError> {
    let mut out = Vec::new();
    for new in site {
        let Some(previous) = render::previous(site, new.edition) else {
            continue;
        };
        let (old, old_spec) = (previous.edition, &previous.spec);
        let changes = crate::diff::diff(old, new.edition);
        let mut files = Vec::new();
        if let Some(root) = cases {
            for edition in [old, new.edition] {
                let folder = root
                    .join(&edition.programme)
                    .join(format!("{}-{}", edition.profession, edition.year));
                if folder.is_dir() {
                    let found =
                        crate::diff::cases::case_files(&folder, Some(root)).map_err(|error| {
                            BuildError::Io(
                                Msg::new("build-cannot-read-cases")
                                    .arg("path", folder.display())
                                    .arg("error", error),
                            )
                        })?;
                    files.extend(found);
                }
            }
        }
        let impact =
            (!files.is_empty()).then(|| crate::diff::cases::impact(old, new.edition, &files));
        let report = crate::diff::render::Report {
            old,
            new: new.edition,
            changes: &changes,
            impact: impact.as_ref(),
        };
        let edition_page = |e: &Edition| format!("{}-{}/index.html", e.profession, e.year);
        let links = crate::diff::page::Links {
            index: Some("../index.html".to_string()),
            old_guide: Some(edition_page(old)),
            new_guide: Some(edition_page(new.edition)),
        };
        let html = report
            .html_in_site(&links)
            .map_err(|e| BuildError::Backend(format!("changements : {e}")))?;
        out.push(Output {
            path: PathBuf::from("site")
                .join(&new.edition.programme)
                .join(render::changes_file(old, new.edition)),
            bytes: format!(
                "<!-- generated by guidec from {} and {}, do not edit -->\n{html}",
                crate::escape::label(old_spec),
                crate::escape::label(&new.spec)
            )
            .into_bytes(),
        });
    }
    Ok(out)
}

/// What writing did.
#[derive(Debug, Default)]
pub struct WriteSummary {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// Files already up to date.
    pub unchanged: usize,
    /// Generated files no longer produced, removed.
    pub removed: Vec<PathBuf>,
    /// Temporary files left by an interrupted build, removed.
    pub stale_temporaries: Vec<PathBuf>,
}

/// Why writing stopped, and what it had done by then.
#[derive(Debug)]
pub struct WriteError {
    /// What went wrong.
    pub message: Msg,
    /// Files already replaced by their new content when it stopped.
    pub replaced: Vec<PathBuf>,
    /// Files that still hold their old content (or do not exist yet).
    pub not_replaced: Vec<PathBuf>,
}

impl WriteError {
    fn before_any(message: Msg, outputs: &[Output]) -> Self {
        WriteError {
            message,
            replaced: Vec::new(),
            not_replaced: outputs.iter().map(|o| o.path.clone()).collect(),
        }
    }
}

impl WriteError {
    /// What went wrong and, when some files were replaced, which hold their new content and
    /// which their previous one, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let mut text = self.message.text(lang);
        if self.replaced.is_empty() {
            text.push('\n');
            text.push_str(&Msg::new("build-nothing-replaced").text(lang));
            return text;
        }
        text.push('\n');
        text.push_str(
            &Msg::new("build-new-content")
                .num("files", self.replaced.len())
                .text(lang),
        );
        for path in &self.replaced {
            text.push_str(&format!(
                "\n  {} {}",
                Msg::new("build-new").text(lang),
                path.display()
            ));
        }
        text.push('\n');
        text.push_str(
            &Msg::new("build-old-content")
                .num("files", self.not_replaced.len())
                .text(lang),
        );
        for path in &self.not_replaced {
            text.push_str(&format!(
                "\n  {} {}",
                Msg::new("build-old").text(lang),
                path.display()
            ));
        }
        text
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::default()))
    }
}

/// The longest file name most file systems accept, in bytes.
const MAX_NAME_BYTES: usize = 255;

/// The prefix and suffix of guidec's temporary files (`.guidec-XXXXXX.tmp`).
const TEMPORARY_PREFIX: &str = ".guidec-";
const TEMPORARY_SUFFIX: &str = ".tmp";
/// The fixed-name temporary files of earlier versions (`.NAME.guidec-tmp`), cleaned too.
const OLD_TEMPORARY_SUFFIX: &str = ".guidec-tmp";

/// Whether `name` is one of guidec's temporary files.
fn is_temporary(name: &str) -> bool {
    (name.starts_with(TEMPORARY_PREFIX) && name.ends_with(TEMPORARY_SUFFIX))
        || (name.starts_with('.') && name.ends_with(OLD_TEMPORARY_SUFFIX))
}

/// What the walk of the outputs folder found.
#[derive(Default)]
struct OnDisk {
    /// Regular files whose content says guidec generated them.
    generated: Vec<PathBuf>,
    /// Temporary files of guidec, left by an interrupted build.
    temporaries: Vec<PathBuf>,
}

/// Files of the outputs folder that a build owns: the regular files whose first line says guidec
/// generated them (PDFs: their metadata). Symbolic links are never followed nor counted.
pub fn generated_on_disk(out: &Path) -> Vec<PathBuf> {
    walk_out(out).generated
}

/// Walks the outputs folder without following links (a link is neither a folder to enter nor a
/// file of guidec), skipping `target/` (the generated crate's build folder).
fn walk_out(out: &Path) -> OnDisk {
    let mut found = OnDisk::default();
    let mut folders = vec![out.to_path_buf()];
    while let Some(dir) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<(PathBuf, std::fs::FileType)> = entries
            .filter_map(|e| e.ok().and_then(|e| Some((e.path(), e.file_type().ok()?))))
            .collect();
        entries.sort_by(|a, b| b.0.cmp(&a.0));
        for (path, kind) in entries {
            if kind.is_symlink() {
                continue;
            }
            if kind.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    folders.push(path);
                }
                continue;
            }
            if !kind.is_file() {
                continue;
            }
            let relative = path.strip_prefix(out).unwrap_or(&path).to_path_buf();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if is_temporary(name) {
                found.temporaries.push(relative);
            } else if carries_mark(&path) {
                found.generated.push(relative);
            }
        }
    }
    found.generated.sort();
    found.temporaries.sort();
    found
}

/// Whether a regular file says guidec generated it: its first line holds the mark, or, for a PDF,
/// its metadata (the keywords Typst writes from the templates' `#set document`).
fn carries_mark(path: &Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::new();
    if file.take(64 * 1024).read_to_end(&mut head).is_err() {
        return false;
    }
    if head.starts_with(b"%PDF-") {
        return std::fs::read(path).is_ok_and(|bytes| {
            bytes
                .windows(emit_rust::HEADER_MARK.len())
                .any(|w| w == emit_rust::HEADER_MARK.as_bytes())
        });
    }
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    says_guidec_made_it(&String::from_utf8_lossy(first_line))
}

/// Whether a first line holds the compiler's mark, « generated by guidec » as a whole word: the
/// reports of `guidec-population` (« generated by guidec-population », `generated/impact/`) are
/// another tool's, which a build neither rewrites nor removes.
fn says_guidec_made_it(first_line: &str) -> bool {
    first_line
        .match_indices(emit_rust::HEADER_MARK)
        .any(|(at, mark)| {
            !first_line[at + mark.len()..]
                .chars()
                .next()
                .is_some_and(|c| c == '-' || c == '_' || c.is_alphanumeric())
        })
}

/// The differences between the outputs and the folder: files missing or different, and generated
/// files no longer produced. Empty when the folder is up to date.
pub fn stale(out: &Path, outputs: &[Output]) -> Vec<String> {
    let mut problems = Vec::new();
    for output in outputs {
        match std::fs::read(out.join(&output.path)) {
            Ok(bytes) if bytes == output.bytes => {}
            Ok(_) => problems.push(format!("{} differs", output.path.display())),
            Err(_) => problems.push(format!("{} is missing", output.path.display())),
        }
    }
    let produced: BTreeSet<&Path> = outputs.iter().map(|o| o.path.as_path()).collect();
    for path in generated_on_disk(out) {
        if !produced.contains(path.as_path()) {
            problems.push(format!("{} is no longer generated", path.display()));
        }
    }
    problems
}

/// Checks that an output can be written at `out/relative` without going through a link: a
/// relative path of plain names, no link and no file on the way, no link or folder at the target,
/// a file name the file system accepts.
fn check_target(out: &Path, relative: &Path) -> Result<(), Msg> {
    use std::path::Component;
    let mut names = Vec::new();
    for component in relative.components() {
        let Component::Normal(name) = component else {
            return Err(Msg::new("build-refused-not-plain").arg("path", relative.display()));
        };
        if name.len() > MAX_NAME_BYTES {
            return Err(Msg::new("build-name-too-long")
                .arg("path", out.join(relative).display())
                .num("bytes", name.len())
                .num("max", MAX_NAME_BYTES));
        }
        names.push(name);
    }
    let mut at = out.to_path_buf();
    for (k, name) in names.iter().enumerate() {
        at.push(name);
        let last = k + 1 == names.len();
        match std::fs::symlink_metadata(&at) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(error) => {
                return Err(Msg::new("build-cannot-inspect")
                    .arg("path", at.display())
                    .phrase("error", io_error(&error)))
            }
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(Msg::new("build-refused-link")
                    .arg("path", out.join(relative).display())
                    .arg("link", at.display()))
            }
            Ok(meta) if last && !meta.is_file() => {
                return Err(Msg::new("build-not-a-file").arg("path", at.display()))
            }
            Ok(meta) if !last && !meta.is_dir() => {
                return Err(Msg::new("build-not-a-folder")
                    .arg("path", out.join(relative).display())
                    .arg("file", at.display()))
            }
            Ok(_) => {}
        }
    }
    Ok(())
}

/// An output written to its temporary file, ready to be renamed over its target.
struct Staged {
    relative: PathBuf,
    target: PathBuf,
    temporary: tempfile::NamedTempFile,
}

/// Writes every output whose content changed, then removes generated files no longer produced.
///
/// Every target is checked, and every new content written to a temporary file created
/// exclusively beside its target, before the first file is replaced: a link, a name too long or a
/// folder that cannot be written stops the build with nothing replaced. Temporary files left by an
/// interrupted build are removed first.
pub fn write(out: &Path, outputs: &[Output]) -> Result<WriteSummary, WriteError> {
    let mut summary = WriteSummary::default();
    let on_disk = walk_out(out);
    for relative in on_disk.temporaries {
        let path = out.join(&relative);
        std::fs::remove_file(&path).map_err(|e| {
            WriteError::before_any(
                Msg::new("build-cannot-remove")
                    .arg("path", path.display())
                    .phrase("error", io_error(&e)),
                outputs,
            )
        })?;
        summary.stale_temporaries.push(relative);
    }
    for output in outputs {
        check_target(out, &output.path)
            .map_err(|message| WriteError::before_any(message, outputs))?;
    }
    let mut staged = Vec::new();
    for output in outputs {
        let target = out.join(&output.path);
        if std::fs::read(&target).is_ok_and(|old| old == output.bytes) {
            summary.unchanged += 1;
            continue;
        }
        let temporary = stage(&target, &output.bytes).map_err(|e| {
            WriteError::before_any(
                Msg::new("build-cannot-write")
                    .arg("path", target.display())
                    .phrase("error", io_error(&e)),
                outputs,
            )
        })?;
        staged.push(Staged {
            relative: output.path.clone(),
            target,
            temporary,
        });
    }
    summary.written = replace_all(staged, |temporary, target| {
        temporary.persist(target).map(|_| ()).map_err(|e| e.error)
    })?;
    let produced: BTreeSet<&Path> = outputs.iter().map(|o| o.path.as_path()).collect();
    for relative in on_disk.generated {
        if !produced.contains(relative.as_path()) {
            let path = out.join(&relative);
            std::fs::remove_file(&path).map_err(|e| WriteError {
                message: Msg::new("build-cannot-remove")
                    .arg("path", path.display())
                    .phrase("error", io_error(&e)),
                replaced: summary.written.clone(),
                not_replaced: Vec::new(),
            })?;
            summary.removed.push(relative);
        }
    }
    Ok(summary)
}

/// Renames every staged file over its target, in order; on a failure, says which were replaced and
/// which were not (their temporary files are removed).
fn replace_all(
    staged: Vec<Staged>,
    mut persist: impl FnMut(tempfile::NamedTempFile, &Path) -> std::io::Result<()>,
) -> Result<Vec<PathBuf>, WriteError> {
    let mut replaced = Vec::new();
    let mut rest = staged.into_iter();
    while let Some(file) = rest.next() {
        if let Err(error) = persist(file.temporary, &file.target) {
            return Err(WriteError {
                message: Msg::new("build-cannot-replace")
                    .arg("path", file.target.display())
                    .phrase("error", io_error(&error)),
                replaced,
                not_replaced: std::iter::once(file.relative)
                    .chain(rest.map(|f| f.relative))
                    .collect(),
            });
        }
        replaced.push(file.relative);
    }
    Ok(replaced)
}

/// Writes `bytes` to a new temporary file beside `target` (created exclusively, with a short
/// random name), with the target's permissions or `rw-r--r--`.
fn stage(target: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    use std::io::Write;
    let folder = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let mut temporary = tempfile::Builder::new()
        .prefix(TEMPORARY_PREFIX)
        .suffix(TEMPORARY_SUFFIX)
        .tempfile_in(folder)?;
    temporary.write_all(bytes)?;
    temporary.flush()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::symlink_metadata(target)
            .ok()
            .filter(|m| m.is_file())
            .map_or(0o644, |m| m.permissions().mode() & 0o777);
        temporary
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    Ok(temporary)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_compilers_mark_is_a_whole_word() {
        assert!(says_guidec_made_it(
            "<!-- generated by guidec from specs/a.guide, do not edit -->"
        ));
        assert!(says_guidec_made_it("// generated by guidec, do not edit"));
        assert!(says_guidec_made_it("-- generated by guidec"));
        assert!(!says_guidec_made_it(
            "<!-- generated by guidec-population from a and b, do not edit -->"
        ));
        assert!(!says_guidec_made_it("nothing to see"));
    }

    fn staged(dir: &Path, name: &str) -> Staged {
        let target = dir.join(name);
        Staged {
            relative: PathBuf::from(name),
            temporary: stage(&target, name.as_bytes()).unwrap(),
            target,
        }
    }

    #[test]
    fn a_failure_mid_way_says_which_files_are_new_and_which_are_old() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![
            staged(dir.path(), "a"),
            staged(dir.path(), "b"),
            staged(dir.path(), "c"),
        ];
        let mut calls = 0;
        let error = replace_all(files, |temporary, target| {
            calls += 1;
            if calls == 2 {
                return Err(std::io::Error::other("disk full"));
            }
            temporary.persist(target).map(|_| ()).map_err(|e| e.error)
        })
        .unwrap_err();
        assert_eq!(error.replaced, vec![PathBuf::from("a")]);
        assert_eq!(
            error.not_replaced,
            vec![PathBuf::from("b"), PathBuf::from("c")]
        );
        let shown = error.to_string();
        assert!(
            shown.contains("nouveau a") && shown.contains("ancien b") && shown.contains("ancien c"),
            "{shown}"
        );
        let shown = error.text(Lang::En);
        assert!(shown.contains("new a") && shown.contains("old b") && shown.contains("old c"));
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(left, vec!["a".to_string()], "temporary files are removed");
    }

    #[test]
    fn temporary_names_are_recognised() {
        assert!(is_temporary(".guidec-a1B2c3.tmp"));
        assert!(is_temporary(".index.html.guidec-tmp"));
        assert!(!is_temporary("index.html"));
        assert!(!is_temporary("guidec-notes.tmp"));
    }
}
