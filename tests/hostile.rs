//! Hostile inputs and hostile folders (issue 15), each with its expected outcome.
//!
//! Folders: a symbolic link in the outputs folder (to a folder outside, on an output's path, with
//! an unrelated name), a link planted at a temporary file's name, looping links in the outputs
//! and in the specs, a folder where a file goes, a name too long, a read-only folder, temporary
//! files left by a killed build, files that guidec did not generate. Texts: `javascript:`,
//! `data:` and `file:` links and images, raw HTML and hostile titles (HTML pages and `guide.md`),
//! a spec file name holding a line break and `-->`, direction and control characters in titles
//! (the generated crate still compiles: cargo checks it). Sizes: 100 000 nested parentheses,
//! 10 000 nested sub-indicators, a spec over the size limit (`check`, `fmt`, `new-year`,
//! `build`); case files at and past the reader's budget (150 000 act lines read; one node, one
//! byte, one level past refused).
//!
//! What each gives is compared whole with `tests/hostile/NAME.expected` through the snapshot
//! helper (temporary paths written `TMP`); `GUIDEC_BLESS=1 cargo test --release --test hostile`
//! rewrites them. The spec most cases build is forfait structure 2024, copied to a temporary
//! specs folder.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/snapshot.rs"]
mod snapshot;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SPEC: &str = "specs/forfait_structure/medecins-2024.guide";
const EXPECTED: &str = "tests/hostile";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn spec_text() -> String {
    std::fs::read_to_string(root().join(SPEC)).unwrap()
}

/// A temporary folder holding `specs/forfait_structure/medecins-2024.guide` with `text`.
fn with_spec(text: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("specs/forfait_structure");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("medecins-2024.guide"), text).unwrap();
    tmp
}

/// What a run of guidec gave: exit code, standard output and error.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `guidec args…` in `dir`, killed after two minutes (a loop must not hang the suite).
fn guidec(dir: &Path, args: &[&str]) -> Run {
    // Into files, not pipes: a long report must not block the child while it is waited for.
    let logs = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (logs.path().join("stdout"), logs.path().join("stderr"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_guidec"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::from(std::fs::File::create(&out_path).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&err_path).unwrap()))
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            child.kill().unwrap();
            panic!("guidec {args:?} still runs after two minutes");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = child.wait().unwrap();
    Run {
        code: status.code().expect("guidec was not killed"),
        stdout: String::from_utf8_lossy(&std::fs::read(out_path).unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&std::fs::read(err_path).unwrap()).into_owned(),
    }
}

fn build(dir: &Path) -> Run {
    guidec(dir, &["build", "--specs", "specs", "--out", "out"])
}

/// A run as its snapshot shows it: the exit code, then the lines of standard output that are not
/// `écrit …` (those are counted), then standard error; `tmp` written `TMP`.
fn shown(tmp: &Path, run: &Run) -> String {
    let wrote = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("écrit "))
        .count();
    let mut out = format!("exit {}\n", run.code);
    if wrote > 0 {
        writeln!(out, "({wrote} `écrit` lines)").unwrap();
    }
    for line in run.stdout.lines().filter(|l| !l.starts_with("écrit ")) {
        writeln!(out, "{line}").unwrap();
    }
    if !run.stderr.is_empty() {
        writeln!(out, "-- stderr").unwrap();
        out.push_str(&run.stderr);
    }
    out.replace(&tmp.display().to_string(), "TMP")
}

fn expect(name: &str, actual: &str) {
    snapshot::assert_snapshot(
        &root().join(EXPECTED).join(format!("{name}.expected")),
        actual,
    );
}

/// Every regular file under `dir` (links not followed) with its content, for "untouched" checks.
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(d) = folders.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                folders.push(entry.path());
            } else if kind.is_file() {
                out.push((entry.path(), std::fs::read(entry.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// A folder outside the outputs, with a plain file and a file that looks generated.
fn precious(tmp: &Path) -> PathBuf {
    let outside = tmp.join("outside");
    std::fs::create_dir_all(outside.join("nested")).unwrap();
    std::fs::write(outside.join("precious.txt"), "précieux\n").unwrap();
    std::fs::write(
        outside.join("nested/index.html"),
        "<!-- generated by guidec from elsewhere, do not edit -->\n",
    )
    .unwrap();
    outside
}

// ------------------------------------------------------------------------------------ folders

#[cfg(unix)]
#[test]
fn a_link_in_the_outputs_is_never_followed() {
    use std::os::unix::fs::symlink;
    let tmp = with_spec(&spec_text());
    let outside = precious(tmp.path());
    let before = contents(&outside);
    // A link with an unrelated name under site/: neither entered nor cleaned.
    std::fs::create_dir_all(tmp.path().join("out/site")).unwrap();
    symlink(&outside, tmp.path().join("out/site/x")).unwrap();
    let first = build(tmp.path());
    assert_eq!(
        contents(&outside),
        before,
        "files outside the outputs changed"
    );
    assert!(std::fs::symlink_metadata(tmp.path().join("out/site/x"))
        .unwrap()
        .file_type()
        .is_symlink());
    // A link on an output's path: refused, nothing written through it.
    std::fs::remove_dir_all(tmp.path().join("out/site/forfait_structure")).unwrap();
    symlink(&outside, tmp.path().join("out/site/forfait_structure")).unwrap();
    let second = build(tmp.path());
    assert_eq!(
        contents(&outside),
        before,
        "files outside the outputs changed"
    );
    // A link at an output file: refused too.
    std::fs::remove_file(tmp.path().join("out/site/forfait_structure")).unwrap();
    build(tmp.path());
    let target = tmp.path().join("out/site/style.css");
    std::fs::remove_file(&target).unwrap();
    symlink(outside.join("precious.txt"), &target).unwrap();
    let third = build(tmp.path());
    assert_eq!(
        contents(&outside),
        before,
        "files outside the outputs changed"
    );
    expect(
        "link_in_outputs",
        &format!(
            "== a link to a folder outside, named x, under site/\n{}\
             == a link to a folder outside at site/forfait_structure\n{}\
             == a link to a file outside at site/style.css\n{}",
            shown(tmp.path(), &first),
            shown(tmp.path(), &second),
            shown(tmp.path(), &third)
        ),
    );
}

#[cfg(unix)]
#[test]
fn a_link_planted_at_a_temporary_name_is_not_written_through() {
    use std::os::unix::fs::symlink;
    let tmp = with_spec(&spec_text());
    let outside = precious(tmp.path());
    let before = contents(&outside);
    build(tmp.path());
    // The fixed names of earlier versions, and names in the current pattern.
    let site = tmp.path().join("out/site");
    std::fs::write(site.join("style.css"), "changed, to be written again\n").unwrap();
    symlink(
        outside.join("precious.txt"),
        site.join(".style.css.guidec-tmp"),
    )
    .unwrap();
    symlink(
        outside.join("precious.txt"),
        site.join(".guidec-AAAAAA.tmp"),
    )
    .unwrap();
    let run = build(tmp.path());
    assert_eq!(contents(&outside), before, "the link's target was written");
    let css = std::fs::symlink_metadata(site.join("style.css")).unwrap();
    assert!(css.is_file(), "the output became a link");
    assert!(std::fs::read_to_string(site.join("style.css"))
        .unwrap()
        .starts_with("/* generated by guidec"));
    expect("temporary_name_link", &shown(tmp.path(), &run));
}

#[cfg(unix)]
#[test]
fn looping_links_do_not_hang_build_nor_check() {
    use std::os::unix::fs::symlink;
    let tmp = with_spec(&spec_text());
    build(tmp.path());
    let site = tmp.path().join("out/site");
    symlink(&site, site.join("a")).unwrap();
    symlink("../site", site.join("forfait_structure/b")).unwrap();
    let specs = tmp.path().join("specs");
    symlink(&specs, specs.join("forfait_structure/loop")).unwrap();
    symlink("..", specs.join("forfait_structure/up")).unwrap();
    let built = build(tmp.path());
    let checked = guidec(tmp.path(), &["check", "specs"]);
    let formatted = guidec(tmp.path(), &["fmt", "--check", "specs"]);
    expect(
        "looping_links",
        &format!(
            "== build\n{}== check\n{}== fmt --check\n{}",
            shown(tmp.path(), &built),
            shown(tmp.path(), &checked),
            shown(tmp.path(), &formatted)
        ),
    );
}

/// The outputs after a first build, each given old content: a failed build must leave them all.
fn outputs_made_old(tmp: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    build(tmp);
    let out = tmp.join("out");
    for (path, _) in contents(&out) {
        if path.extension().is_some_and(|e| e == "html" || e == "md") {
            std::fs::write(&path, "<!-- generated by guidec, old content -->\n").unwrap();
        }
    }
    contents(&out)
}

#[test]
fn a_folder_where_a_file_goes_stops_the_build_before_any_file_is_replaced() {
    let tmp = with_spec(&spec_text());
    let before = outputs_made_old(tmp.path());
    let guide = tmp
        .path()
        .join("out/site/forfait_structure/medecins-2024/guide.md");
    std::fs::remove_file(&guide).unwrap();
    std::fs::create_dir(&guide).unwrap();
    let run = build(tmp.path());
    let after = contents(&tmp.path().join("out"));
    let without_guide: Vec<_> = before.into_iter().filter(|(p, _)| *p != guide).collect();
    assert_eq!(after, without_guide, "files were replaced");
    expect("folder_where_a_file_goes", &shown(tmp.path(), &run));
}

#[test]
fn a_name_too_long_stops_the_build_before_any_file_is_replaced() {
    let long = "a".repeat(250);
    let text = std::fs::read_to_string(root().join("specs/fami/chirurgiens_dentistes-2025.guide"))
        .unwrap()
        .replace("annexe attestation_editeur ", &format!("annexe {long} "));
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("specs/fami")).unwrap();
    std::fs::write(
        tmp.path()
            .join("specs/fami/chirurgiens_dentistes-2025.guide"),
        &text,
    )
    .unwrap();
    let run = build(tmp.path());
    assert!(
        !tmp.path().join("out").exists() || contents(&tmp.path().join("out")).is_empty(),
        "something was written"
    );
    expect(
        "name_too_long",
        &shown(tmp.path(), &run).replace(&long, "<250 × a>"),
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_stops_the_build_before_any_file_is_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = with_spec(&spec_text());
    let before = outputs_made_old(tmp.path());
    let folder = tmp.path().join("out/site/forfait_structure/medecins-2024");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root writes anyway: then the folder is not read-only to this process, and the build succeeds.
    let writable = std::fs::write(folder.join("probe"), "").is_ok();
    let _ = std::fs::remove_file(folder.join("probe"));
    let run = build(tmp.path());
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    if writable {
        assert_eq!(run.code, 0, "{}", run.stderr);
        eprintln!("read-only folder: running as root, the folder stays writable; build ok");
        return;
    }
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        contents(&tmp.path().join("out")),
        before,
        "files were replaced"
    );
    assert!(
        run.stderr.contains("nothing was replaced"),
        "{}",
        run.stderr
    );
}

#[test]
fn temporary_files_of_a_killed_build_are_removed_and_only_generated_files_cleaned() {
    let tmp = with_spec(&spec_text());
    build(tmp.path());
    let out = tmp.path().join("out");
    for name in ["site/.guidec-Zx81Qa.tmp", "site/.index.html.guidec-tmp"] {
        std::fs::write(out.join(name), "half written").unwrap();
    }
    std::fs::create_dir_all(out.join("rust/src")).unwrap();
    std::fs::write(out.join("rust/src/.guidec-k3J9pP.tmp"), "half written").unwrap();
    // Not guidec's: kept. guidec's and no longer produced: removed.
    std::fs::write(out.join("site/notes.txt"), "mes notes\n").unwrap();
    std::fs::write(out.join("site/vieux.pdf"), "%PDF-1.7 not from guidec\n").unwrap();
    std::fs::create_dir_all(out.join("site/ancien")).unwrap();
    std::fs::write(
        out.join("site/ancien/index.html"),
        "<!-- generated by guidec from specs/, do not edit -->\n",
    )
    .unwrap();
    let run = build(tmp.path());
    assert!(out.join("site/notes.txt").exists());
    assert!(out.join("site/vieux.pdf").exists());
    assert!(!out.join("site/ancien/index.html").exists());
    assert!(!out.join("rust/src/.guidec-k3J9pP.tmp").exists());
    expect("killed_build_and_cleaning", &shown(tmp.path(), &run));
}

// ------------------------------------------------------------------------------------ texts

/// Forfait structure 2024 with hostile text in its title, its labels and its prose.
fn hostile_markup() -> String {
    let text = spec_text()
        .replace(
            "titre \"Forfait structure\"",
            "titre \"Forfait <script>alert(1)</script> [x](javascript:alert(2)) *gras* | tube `code` &amp; ~~barré~~\"",
        )
        .replacen(
            "    Ces forfaits sont versés",
            "    Lien [clic](javascript:alert(3)), image ![img](file:///etc/passwd),\n    \
             <img src=x onerror=alert(4)>, [d](data:text/html,<script>alert(5)</script>),\n    \
             <javascript:alert(6)>, [réf], [ok](https://www.ameli.fr) et [annexe](annexe.pdf).\n\n    \
             [réf]: javascript:alert(7)\n\n    \
             <div onclick=\"alert(8)\">bloc</div>\n\n    \
             Ces forfaits sont versés",
            1,
        );
    assert!(text.contains("alert(8)"));
    text
}

/// The outputs of the build of `text`, in memory.
fn outputs_of(tmp: &Path) -> Vec<guidec::render::Output> {
    let editions = guidec::build::check_specs(&tmp.join("specs")).unwrap_or_else(|e| match e {
        guidec::build::BuildError::Specs(files) => panic!(
            "{}",
            files
                .iter()
                .map(|f| f.report().render(guidec::diagnostic::Style::default()))
                .collect::<String>()
        ),
        other => panic!("{other:?}"),
    });
    guidec::build::outputs(&editions, None).unwrap()
}

/// Every `href="…"` and `src="…"` of an HTML page.
fn destinations(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for (at, _) in html.match_indices(attribute) {
            let rest = &html[at + attribute.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push(rest[..end].replace("&amp;", "&"));
        }
    }
    out
}

#[test]
fn hostile_text_never_becomes_live_markup() {
    let tmp = with_spec(&hostile_markup());
    let outputs = outputs_of(tmp.path());
    let mut report = String::new();
    for output in &outputs {
        let name = output.path.display().to_string();
        let ext = output
            .path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        if ext == "html" {
            let html = String::from_utf8(output.bytes.clone()).unwrap();
            for bad in ["<script", "<img", "<div onclick"] {
                assert!(!html.contains(bad), "{name} holds `{bad}`");
            }
            for destination in destinations(&html) {
                assert!(
                    guidec::escape::link_allowed(&destination),
                    "{name} links to `{destination}`"
                );
            }
            let shown = html.matches("alert(").count();
            writeln!(report, "{name}: {shown} `alert(` shown as text").unwrap();
        }
        if ext == "md" {
            let markdown = String::from_utf8(output.bytes.clone()).unwrap();
            let mut live = Vec::new();
            let mut parser =
                pulldown_cmark::Parser::new_ext(&markdown, pulldown_cmark::Options::all());
            for event in parser.by_ref() {
                match event {
                    pulldown_cmark::Event::Html(h) | pulldown_cmark::Event::InlineHtml(h)
                        if !h.starts_with("<!-- generated by guidec") =>
                    {
                        live.push(format!("raw HTML {h:?}"));
                    }
                    pulldown_cmark::Event::Start(
                        pulldown_cmark::Tag::Link { dest_url, .. }
                        | pulldown_cmark::Tag::Image { dest_url, .. },
                    ) if !guidec::escape::link_allowed(&dest_url) => {
                        live.push(format!("link to {dest_url:?}"));
                    }
                    _ => {}
                }
            }
            assert!(live.is_empty(), "{name} holds live markup: {live:?}");
            writeln!(report, "{name}: the lines that hold hostile text:").unwrap();
            for line in markdown.lines().filter(|l| l.contains("alert(")) {
                writeln!(report, "  {line}").unwrap();
            }
        }
    }
    expect("markup", &report);
}

#[test]
fn a_spec_file_name_never_becomes_markup_nor_code() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("specs/forfait_structure");
    std::fs::create_dir_all(&dir).unwrap();
    let name =
        "medecins-2024\n--> <img src=x onerror=alert(1)>\npub fn injected() -> u32 { 42 }\n.guide";
    std::fs::write(dir.join(name), spec_text()).unwrap();
    let outputs = outputs_of(tmp.path());
    let mut report = String::new();
    for output in outputs
        .iter()
        .filter(|o| o.path.extension().and_then(|e| e.to_str()) != Some("pdf"))
    {
        let text = String::from_utf8(output.bytes.clone()).unwrap();
        assert!(!text.contains("<img"), "{}", output.path.display());
        assert!(
            !text.contains("\npub fn injected"),
            "{}",
            output.path.display()
        );
        let first = text.lines().next().unwrap_or_default();
        if first.contains("medecins-2024%0A") {
            writeln!(report, "{}: {first}", output.path.display()).unwrap();
        }
    }
    expect("file_name", &report);
}

// ------------------------------------------------------------------------------------ sizes

/// `count` parentheses around an act condition of forfait structure 2024's rate.
fn nested_parentheses(count: usize) -> String {
    let text = spec_text();
    // The numerator's condition, in the rate (the act schema's `première fse` holds the same
    // condition, less deep).
    let condition = "mode dans {sesam_vitale, sesam_sans_vitale}";
    let numerator = format!("numérateur actes où {condition}");
    assert!(text.contains(&numerator));
    text.replacen(
        &numerator,
        &format!(
            "numérateur actes où {}{condition}{}",
            "(".repeat(count),
            ")".repeat(count)
        ),
        1,
    )
}

/// `count` sub-indicators, each inside the one before, in the first indicator.
fn nested_sub_indicators(count: usize) -> String {
    let text = spec_text();
    let anchor = "      numéro 1\n";
    assert!(text.contains(anchor));
    let mut nested = String::from(anchor);
    for k in 0..count {
        write!(nested, "sous-indicateur s{k} \"S\" {{ ").unwrap();
    }
    nested.push_str(&"} ".repeat(count));
    nested.push('\n');
    text.replacen(anchor, &nested, 1)
}

/// What `check`, `fmt` and `new-year` say of `text`, in process and on the command line.
fn refused(name: &str, text: &str) -> String {
    let checked = guidec::driver::check_source(text, None);
    let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code).collect();
    let formatted = match guidec::format::format_source(text) {
        Ok(_) => "formatted".to_string(),
        Err(error) => error.to_string(),
    };
    let next = match guidec::new_year::new_year(text, 2025, None) {
        Ok(_) => "written".to_string(),
        Err(guidec::new_year::NewYearError::OldSpec(d)) => {
            format!(
                "refused: {:?}",
                d.iter().map(|d| d.code).collect::<Vec<_>>()
            )
        }
        Err(error) => error.to_string(),
    };
    let tmp = with_spec(text);
    let spec = "specs/forfait_structure/medecins-2024.guide";
    let check = guidec(tmp.path(), &["check", spec]);
    let fmt = guidec(tmp.path(), &["fmt", "--check", spec]);
    let new_year = guidec(
        tmp.path(),
        &["new-year", spec, "--year", "2025", "--out", "n.guide"],
    );
    let built = build(tmp.path());
    let first_line = |run: &Run| {
        run.stderr
            .lines()
            .find(|l| !l.trim().is_empty() && !l.starts_with("E0002"))
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    format!(
        "{name} ({} bytes)\n\
         check_source: {codes:?}\n\
         format_source: {formatted}\n\
         new_year: {next}\n\
         guidec check: exit {}, {}\n\
         guidec fmt --check: exit {}, {}\n\
         guidec new-year: exit {}, {}\n\
         guidec build: exit {}, {}\n",
        text.len(),
        check.code,
        first_line(&check),
        fmt.code,
        first_line(&fmt),
        new_year.code,
        first_line(&new_year),
        built.code,
        first_line(&built),
    )
}

#[test]
fn deep_nesting_is_a_diagnostic_not_a_stack_overflow() {
    let parentheses = nested_parentheses(100_000);
    let subs = nested_sub_indicators(10_000);
    // The condition sits in 4 blocks (edition, section, indicator, rate) and holds `{…}`: 59
    // parentheses make 64 levels, allowed; 60 make 65.
    let just_over = nested_parentheses(60);
    let allowed = nested_parentheses(59);
    assert!(guidec::driver::check_source(&allowed, None)
        .diagnostics
        .iter()
        .all(|d| d.code != "E0002"));
    expect(
        "deep_nesting",
        &format!(
            "{}\n{}\n{}",
            refused("100 000 nested parentheses", &parentheses),
            refused("10 000 nested sub-indicators", &subs),
            refused("60 parentheses in a rate: 65 levels", &just_over)
        ),
    );
}

#[test]
fn a_spec_over_the_size_limit_is_a_diagnostic() {
    let mut text = spec_text();
    let padding = guidec::parse::MAX_SPEC_BYTES + 1 - text.len();
    text.push_str(&format!("//{}\n", "x".repeat(padding)));
    let checked = guidec::driver::check_source(&text, None);
    let shown: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message.text(guidec::i18n::Lang::Fr)))
        .collect();
    expect("size_limit", &format!("{}\n", shown.join("\n")));
    // The largest synthetic spec of the benchmarks stays well under the limit.
    let synthetic = guidec::synthetic::synthetic_spec(5_000);
    assert!(
        synthetic.len() < guidec::parse::MAX_SPEC_BYTES,
        "{} bytes",
        synthetic.len()
    );
}

#[test]
fn the_markdown_change_report_keeps_fence_breakers_inside_their_fence() {
    let dir = root().join("tests/diff/synthetic/fence_breakers");
    let load = |name: &str| {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        guidec::driver::check_source(&text, None)
            .edition
            .expect("the synthetic pair checks")
    };
    let (old, new) = (load("old.guide"), load("new.guide"));
    let changes = guidec::diff::diff(&old, &new);
    let markdown = guidec::diff::render::Report {
        old: &old,
        new: &new,
        changes: &changes,
        impact: None,
    }
    .markdown();
    let mut in_code = false;
    let mut code = String::new();
    for event in pulldown_cmark::Parser::new_ext(&markdown, pulldown_cmark::Options::all()) {
        match event {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::CodeBlock(_)) => in_code = true,
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::CodeBlock) => in_code = false,
            pulldown_cmark::Event::Text(t) if in_code => code.push_str(&t),
            pulldown_cmark::Event::Html(h) | pulldown_cmark::Event::InlineHtml(h) => {
                panic!("raw HTML in the report: {h:?}\n{markdown}")
            }
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) => {
                panic!("a link in the report: {dest_url:?}\n{markdown}")
            }
            _ => {}
        }
    }
    // Prose is shown as it reads: the spec's own "````" fence is Markdown syntax, gone; what it
    // fenced, and the fence breakers inside, stay inside the report's code block.
    for line in ["~~~~", "~~~~~~~", "<script>alert(1)</script>"] {
        assert!(
            code.lines().any(|l| l.contains(line)),
            "`{line}` is not inside the code block:\n{markdown}"
        );
    }
}

#[test]
fn hostile_text_never_becomes_live_markup_in_change_reports() {
    // The hostile edition follows the real 2021 one; a hostile case file runs on both.
    let tmp = with_spec(&hostile_markup());
    let specs = tmp.path().join("specs/forfait_structure");
    std::fs::copy(
        root().join("specs/forfait_structure/medecins-2021.guide"),
        specs.join("medecins-2021.guide"),
    )
    .unwrap();
    let cases = tmp.path().join("cases/forfait_structure/medecins-2024");
    std::fs::create_dir_all(&cases).unwrap();
    std::fs::write(
        cases.join("hostile.yaml"),
        "edition: forfait_structure/medecins-2024\n\
         description: \"<script>alert(9)</script> <img src=x onerror=alert(10)>\"\n\
         praticien:\n  attestation_sur_l_honneur: true\n",
    )
    .unwrap();
    let editions = guidec::build::check_specs(&tmp.path().join("specs")).unwrap();
    let outputs = guidec::build::outputs(&editions, Some(&tmp.path().join("cases"))).unwrap();
    let report = outputs
        .iter()
        .find(|o| o.path.ends_with("medecins-2021-2024-changements.html"))
        .expect("a change report from 2021 to the hostile 2024");
    let html = String::from_utf8(report.bytes.clone()).unwrap();
    for bad in ["<script", "<img", "<div onclick"] {
        assert!(!html.contains(bad), "the change report holds `{bad}`");
    }
    for destination in destinations(&html) {
        assert!(
            guidec::escape::link_allowed(&destination),
            "the change report links to `{destination}`"
        );
    }
    // The hostile texts are there, as text: the title, the prose, the case's description.
    for shown in ["alert(1)", "alert(8)", "alert(9)", "alert(10)"] {
        assert!(html.contains(shown), "`{shown}` is not shown as text");
    }
    assert!(
        html.contains("&lt;script&gt;alert(9)&lt;&#x2f;script&gt;")
            || html.contains("&lt;script&gt;alert(9)")
    );
    // The impact of the case is drawn.
    assert!(html.contains("<svg class=\"chart\""));
}

/// A FAMI 2025 case whose transmission rate is computed from `lines` act lines, in block style.
fn case_with_acts(lines: usize) -> String {
    let mut text = String::from(
        "edition: fami/chirurgiens_dentistes-2025\nindicateurs:\n  teletransmission:\n    mesures:\n      fse:\n        actes:\n",
    );
    let modes = [
        "sesam_vitale",
        "sesam_vitale",
        "sesam_sans_vitale",
        "papier",
    ];
    for line in 0..lines {
        let month = line % 12 + 1;
        let day = line % 28 + 1;
        writeln!(
            text,
            "          - {{date: 2025-{month:02}-{day:02}, mode: {}}}",
            modes[line % modes.len()]
        )
        .unwrap();
    }
    text
}

/// `guidec eval` on a FAMI 2025 case file written to a temporary folder: exit code, then the
/// total or the error (the file's name written `CASE`).
fn eval_case(text: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("cas.yaml");
    std::fs::write(&path, text).unwrap();
    let spec = root().join("specs/fami/chirurgiens_dentistes-2025.guide");
    let run = guidec(
        tmp.path(),
        &[
            "eval",
            spec.to_str().unwrap(),
            "cas.yaml",
            "--format",
            "json",
        ],
    );
    let total = serde_json::from_str::<serde_json::Value>(&run.stdout)
        .ok()
        .and_then(|outcome| outcome.get("total_cents").cloned());
    match total {
        Some(total) => format!("exit {}: total_cents {total}\n", run.code),
        None => format!(
            "exit {}: {}",
            run.code,
            run.stderr
                .replace(&path.display().to_string(), "CASE")
                .replace("cas.yaml", "CASE")
        ),
    }
}

/// The reader's budget (`guidec_runtime::case_file::LIMITS`, SECURITY.md): a population-size
/// act list is read, where the former reader refused 35 700 lines; past the budget's nodes,
/// size or depth, a case file is refused in words, never with unbounded memory or a crash.
#[test]
fn case_files_within_and_over_the_reader_budget() {
    let limits = guidec_runtime::case_file::LIMITS;
    // 150 000 act lines: 5 nodes each (a mapping, two keys, two values), 750 000 nodes.
    let population = case_with_acts(150_000);
    // Past the nodes: one act line more than the budget holds.
    let over_nodes = case_with_acts(limits.nodes / 5 + 1);
    assert!(
        over_nodes.len() < limits.bytes,
        "the nodes run out before the bytes"
    );
    // Past the size: a comment pads a small case over the limit.
    let mut over_size = case_with_acts(1);
    over_size.push_str(&format!("# {}\n", "x".repeat(limits.bytes)));
    // Past the depth: 100 000 nested flow sequences, and one level past the limit in blocks.
    let deep_flow = format!(
        "edition: fami/chirurgiens_dentistes-2025\ndescription: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    // Blocks: the case file's own mapping, then `levels` nested under `k0`.
    let blocks = |levels: usize| {
        let mut text = String::from("edition: fami/chirurgiens_dentistes-2025\n");
        for level in 0..levels {
            writeln!(text, "{}k{level}:", "  ".repeat(level)).unwrap();
        }
        text
    };
    expect(
        "case_budget",
        &format!(
            "150 000 act lines\n{}\n{} act lines, past {} nodes\n{}\npast {} bytes\n{}\n100 000 nested lists\n{}\n{} nested blocks, read (then refused by the format)\n{}\n{} nested blocks\n{}",
            eval_case(&population),
            limits.nodes / 5 + 1,
            limits.nodes,
            eval_case(&over_nodes),
            limits.bytes,
            eval_case(&over_size),
            eval_case(&deep_flow),
            limits.depth,
            eval_case(&blocks(limits.depth)),
            limits.depth + 1,
            eval_case(&blocks(limits.depth + 1)),
        ),
    );
}

/// The generated crate written for `tmp/specs` into `tmp/out/rust`, made a crate of its own
/// (the runtime at its path in this repository, the workspace's lock file for the same
/// versions) and checked by cargo, offline, in a target folder of its own under `target/`.
fn cargo_check_generated(tmp: &Path) -> std::process::Output {
    let crate_dir = tmp.join("out/rust");
    let manifest = crate_dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let runtime = root().join("runtime");
    let own = text.replace(
        "path = \"../../runtime\"",
        &format!("path = {:?}", runtime.display().to_string()),
    );
    assert_ne!(
        own, text,
        "the generated crate names the runtime by its path"
    );
    std::fs::write(&manifest, format!("{own}\n[workspace]\n")).unwrap();
    std::fs::copy(root().join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .args(["check", "--offline", "--release", "--quiet", "--target-dir"])
        .arg(root().join("target/hostile-generated-crate"))
        .current_dir(&crate_dir)
        .output()
        .unwrap()
}

/// Direction and control characters in a spec's titles (the edition's, every indicator's), its
/// questions and its sworn statement: `check` warns (W0204), `build` writes them escaped in the generated
/// code's doc comments and string literals, and the generated crate still compiles, which
/// cargo checks here on the crate `build` wrote.
#[test]
fn bidi_and_control_characters_still_give_a_generated_crate_that_compiles() {
    let hostile = "\u{202e}lésrevni\u{202c} \u{2066}isolé\u{2069} \u{200f}\u{7}";
    let mut text = spec_text()
        .replace("titre \"", &format!("titre \"{hostile} "))
        .replace("attestation \"", &format!("attestation \"{hostile} "))
        .replace("question \"", &format!("question \"{hostile} "));
    // Every indicator's title: `indicateur ID "…`.
    let mut titled = String::new();
    for line in text.lines() {
        match line.split_once("indicateur ") {
            Some((indent, rest)) if indent.trim().is_empty() && rest.contains(" \"") => {
                let (id, title) = rest.split_once(" \"").unwrap();
                writeln!(titled, "{indent}indicateur {id} \"{hostile} {title}").unwrap();
            }
            _ => writeln!(titled, "{line}").unwrap(),
        }
    }
    text = titled;
    let tmp = with_spec(&text);
    let checked = guidec(tmp.path(), &["check", "specs"]);
    assert!(checked.stderr.contains("W0204"), "{}", checked.stderr);
    let run = build(tmp.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let module = std::fs::read_to_string(
        tmp.path()
            .join("out/rust/src/forfait_structure_medecins_2024.rs"),
    )
    .unwrap();
    let lib = std::fs::read_to_string(tmp.path().join("out/rust/src/lib.rs")).unwrap();
    for code in [&module, &lib] {
        assert!(
            !code
                .chars()
                .any(|c| guidec::escape::suspicious(c).is_some()),
            "a direction or control character written raw"
        );
        assert!(
            code.contains("\\u{202e}"),
            "the override written as an escape"
        );
    }
    let checked = cargo_check_generated(tmp.path());
    assert!(
        checked.status.success(),
        "the generated crate does not compile:\n{}",
        String::from_utf8_lossy(&checked.stderr)
    );
}
