//! The `guidec check` command line: exit codes, text and JSON output.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/snapshot.rs"]
mod snapshot;

use std::path::Path;
use std::process::{Command, Output};

/// A case with one error (E0201 at 13:26), checked under its own path (so also W0302).
const INVALID: &str = "tests/check/e0201_euros_not_points_times_value.guide";
/// A case with warnings only (W0203).
const WARNINGS_ONLY: &str = "tests/check/w0203_typed_count.guide";

/// Runs `guidec args…` from the crate root.
fn guidec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guidec"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        // The messages' language and colours come from the command line alone: French, no colour.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("NO_COLOR")
        .output()
        .expect("run guidec")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("guidec was not killed")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(output))
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", stdout(output)))
}

fn count_guides(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            if p.is_dir() {
                count_guides(&p)
            } else {
                usize::from(p.extension().and_then(|e| e.to_str()) == Some("guide"))
            }
        })
        .sum()
}

#[test]
fn real_specs_check_ok() {
    let output = guidec(&["check", "specs/"]);
    let err = stderr(&output);
    assert_eq!(code(&output), 0, "{err}");
    let specs = count_guides(&Path::new(env!("CARGO_MANIFEST_DIR")).join("specs"));
    assert!(
        err.contains(&format!(
            "vérification réussie : {specs} specs, 0 erreur, 0 avertissement"
        )),
        "{err}"
    );
    assert!(
        stdout(&output).is_empty(),
        "text diagnostics go to stderr only"
    );
}

#[test]
fn specs_is_the_default_folder() {
    let output = guidec(&["check"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let explicit = guidec(&["check", "specs"]);
    assert_eq!(stderr(&output), stderr(&explicit));
}

#[test]
fn an_invalid_file_fails_and_names_the_place_and_the_code() {
    let output = guidec(&["check", INVALID]);
    let err = stderr(&output);
    assert_eq!(code(&output), 1, "{err}");
    assert!(err.contains(&format!("{INVALID}:13:26")), "{err}");
    assert!(err.contains("E0201"), "{err}");
    assert!(
        err.contains("280 points à 7 € le point font 1\u{202f}960 €, pas 1\u{202f}950 €"),
        "{err}"
    );
    assert!(
        err.contains("écrivez `280 points = 1 960 €`, ou corrigez les points"),
        "the help is shown: {err}"
    );
    // The file is not named after its edition: the path is checked for real.
    assert!(err.contains("W0302"), "{err}");
    assert!(
        err.contains("vérification échouée : 1 spec, 1 erreur, 1 avertissement"),
        "{err}"
    );
}

/// What the command prints for a file with an error and a warning, whole, in each format:
/// `tests/cli/NAME.txt` (standard error, text) and `tests/cli/NAME.json` (standard output).
#[test]
fn the_outputs_of_an_invalid_file_are_whole() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli");
    let mut snapshots = snapshot::Snapshots::new("tests/cli");
    for (name, args, exit) in [
        ("check-invalid", vec!["check", INVALID], 1),
        (
            "check-invalid",
            vec!["check", "--format", "json", INVALID],
            1,
        ),
        (
            "check-warnings-denied",
            vec!["check", "--deny-warnings", WARNINGS_ONLY],
            1,
        ),
    ] {
        let output = guidec(&args);
        assert_eq!(code(&output), exit, "guidec {args:?}: {}", stderr(&output));
        if args.contains(&"json") {
            assert!(stderr(&output).is_empty(), "JSON goes to stdout only");
            snapshots.check(&dir.join(format!("{name}.json")), &stdout(&output));
        } else {
            assert!(stdout(&output).is_empty(), "text goes to stderr only");
            snapshots.check(&dir.join(format!("{name}.txt")), &stderr(&output));
        }
    }
    snapshots.no_stale(&dir, |_| true);
    assert_eq!(snapshots.finish(), 3);
}

#[test]
fn a_syntax_error_fails_and_names_the_place() {
    let path = "tests/check/e0001_wrong_keyword.guide";
    let output = guidec(&["check", path]);
    let err = stderr(&output);
    assert_eq!(code(&output), 1, "{err}");
    assert!(err.contains(&format!("{path}:13:5")), "{err}");
    assert!(err.contains("E0001"), "{err}");
    assert!(err.contains("`indicateur`"), "{err}");
}

#[test]
fn a_nonexistent_path_is_a_usage_error() {
    let output = guidec(&["check", "specs/nowhere/nothing-2025.guide"]);
    let err = stderr(&output);
    assert_eq!(code(&output), 2, "{err}");
    assert!(err.contains("specs/nowhere/nothing-2025.guide"), "{err}");
    assert!(err.contains("n'existe pas"), "{err}");
}

#[test]
fn a_nonexistent_path_among_good_ones_is_still_a_usage_error() {
    let output = guidec(&["check", "specs", "nowhere"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
}

#[test]
fn an_unknown_option_is_a_usage_error() {
    let output = guidec(&["check", "--no-such-option", "specs"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
}

#[test]
fn json_lists_the_diagnostics_with_their_places() {
    let output = guidec(&["check", "--format", "json", INVALID]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let doc = json(&output);
    assert_eq!(doc["files"], 1);
    assert_eq!(doc["errors"], 1);
    assert_eq!(doc["warnings"], 1);
    assert_eq!(doc["ok"], false);
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    let found: Vec<(&str, &str, u64, u64)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [("W0302", "warning", 2, 1), ("E0201", "error", 13, 26)]
    );
    let e0201 = &diagnostics[1];
    assert_eq!(e0201["file"], INVALID);
    // The span covers `1 950 €`.
    assert_eq!(e0201["end_line"], 13);
    assert_eq!(e0201["end_column"], 26 + "1 950 €".chars().count());
    assert_eq!(e0201["labels"][0]["message"], "ces points");
    assert_eq!(e0201["labels"][0]["column"], 13);
    assert!(e0201["help"].as_str().unwrap().contains("1 960 €"));
}

#[test]
fn json_of_the_real_specs_is_clean() {
    let output = guidec(&["check", "--format", "json", "specs"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let doc = json(&output);
    let specs = count_guides(&Path::new(env!("CARGO_MANIFEST_DIR")).join("specs"));
    assert_eq!(doc["files"], specs);
    assert_eq!(doc["errors"], 0);
    assert_eq!(doc["warnings"], 0);
    assert_eq!(doc["ok"], true);
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 0);
}

/// The JSON of all the cases of `tests/check/`, whole (places, ends, labels, help), is what the
/// checker gives each case as `tests/check.rs` checks it against its expected file, shown on the
/// case's file (apart from W0302, which the command line adds for every file not named after its
/// edition). The cases are named one by one: the regressions of `tests/check/regressions/`
/// include one that once crashed the checker.
#[test]
fn json_of_the_cases_agrees_with_the_checked_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cases: Vec<String> = std::fs::read_dir(root.join("tests/check"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("guide"))
        .map(|p| format!("tests/check/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    cases.sort();
    let mut args = vec!["check", "--format", "json"];
    args.extend(cases.iter().map(String::as_str));
    let output = guidec(&args);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let doc = json(&output);
    assert_eq!(doc["files"], cases.len());
    let not_w0302 = |d: &serde_json::Value| d["code"] != "W0302";
    let from_json: Vec<serde_json::Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| not_w0302(d))
        .cloned()
        .collect();
    let mut from_checker = Vec::new();
    for case in &cases {
        let source = std::fs::read_to_string(root.join(case)).unwrap();
        // The path the check harness checks the case under: its `// path:` first line, if any.
        let path = source
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("// path: "))
            .map(str::trim);
        let checked = guidec::driver::check_source(&source, path);
        let report = guidec::diagnostic::Report {
            path: case,
            source: &source,
            diagnostics: &checked.diagnostics,
        };
        let json = serde_json::to_value(report.to_json(guidec::i18n::Lang::Fr)).unwrap();
        from_checker.extend(
            json.as_array()
                .unwrap()
                .iter()
                .filter(|d| not_w0302(d))
                .cloned(),
        );
    }
    assert!(!from_checker.is_empty());
    assert_eq!(from_json.len(), from_checker.len());
    for (json, checker) in from_json.iter().zip(&from_checker) {
        assert_eq!(
            json, checker,
            "`guidec check --format json` against the checker"
        );
    }
    assert_eq!(
        doc["errors"],
        doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .count()
    );
}

#[test]
fn warnings_alone_pass_unless_denied() {
    let allowed = guidec(&["check", WARNINGS_ONLY]);
    let err = stderr(&allowed);
    assert_eq!(code(&allowed), 0, "{err}");
    assert!(err.contains("W0203"), "{err}");
    assert!(
        err.contains("vérification réussie : 1 spec, 0 erreur"),
        "{err}"
    );

    let denied = guidec(&["check", "--deny-warnings", WARNINGS_ONLY]);
    let err = stderr(&denied);
    assert_eq!(code(&denied), 1, "{err}");
    assert!(err.contains("W0203"), "{err}");
    assert!(err.contains("vérification échouée"), "{err}");
    assert!(err.contains("(avertissements refusés)"), "{err}");

    let json_denied = guidec(&[
        "check",
        "--deny-warnings",
        "--format",
        "json",
        WARNINGS_ONLY,
    ]);
    assert_eq!(code(&json_denied), 1);
    let doc = json(&json_denied);
    assert_eq!(doc["errors"], 0);
    assert!(doc["warnings"].as_u64().unwrap() >= 1);
    assert_eq!(doc["ok"], false);
}

#[test]
fn denying_warnings_keeps_the_real_specs_ok() {
    let output = guidec(&["check", "--deny-warnings", "specs"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
}

#[test]
fn regression_a_placeholder_with_an_accent_does_not_crash_the_command() {
    let path = "tests/check/regressions/e0701_accented_placeholder.guide";
    let output = guidec(&["check", path]);
    let err = stderr(&output);
    assert_eq!(code(&output), 1, "{err}");
    assert!(err.contains("E0701"), "{err}");
}

/// A folder under the system's temporary folder, removed when dropped.
struct TempFolder(std::path::PathBuf);

impl TempFolder {
    fn new(name: &str) -> TempFolder {
        let path = std::env::temp_dir().join(format!("guidec-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempFolder(path)
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A rule author's new edition passes `guidec test` with the binary as it is: a spec written
/// after guidec was built (FAMI 2025 for another profession), and two hand-worked cases for it,
/// run by the interpreter, which the report names.
#[test]
fn guidec_test_runs_a_spec_written_after_the_binary_was_built() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let folder = TempFolder::new("new-edition");
    let (old_key, new_key) = (
        "fami/chirurgiens_dentistes-2025",
        "fami/orthophonistes-2025",
    );
    let generated = std::fs::read_to_string(root.join("generated/rust/src/lib.rs")).unwrap();
    assert!(
        !generated.contains("orthophonistes"),
        "the new edition must be one the generated code does not know"
    );

    let spec = std::fs::read_to_string(root.join(format!("specs/{old_key}.guide"))).unwrap();
    let heading = "édition fami chirurgiens_dentistes 2025 {";
    assert_eq!(spec.matches(heading).count(), 1);
    let spec = spec.replace(heading, "édition fami orthophonistes 2025 {");
    let specs = folder.0.join("specs");
    std::fs::create_dir_all(specs.join("fami")).unwrap();
    std::fs::write(specs.join(format!("{new_key}.guide")), spec).unwrap();

    let cases = folder.0.join("cases");
    std::fs::create_dir_all(cases.join(new_key)).unwrap();
    for name in ["readme-exemple.yaml", "maximum.yaml"] {
        let case = std::fs::read_to_string(root.join(format!("tests/cases/{old_key}/{name}")))
            .unwrap()
            .replace(
                &format!("edition: {old_key}\n"),
                &format!("edition: {new_key}\n"),
            );
        assert!(case.starts_with(&format!("edition: {new_key}\n")), "{name}");
        std::fs::write(cases.join(new_key).join(name), case).unwrap();
    }

    let output = guidec(&[
        "test",
        "--specs",
        specs.to_str().unwrap(),
        cases.to_str().unwrap(),
    ]);
    let out = stdout(&output);
    assert_eq!(code(&output), 0, "{out}{}", stderr(&output));
    assert!(
        out.contains(&format!(
            "{new_key} : 2 cas, 2 réussis (moteurs : interpréteur)"
        )),
        "{out}"
    );
    assert!(out.ends_with("2 passed, 0 failed\n"), "{out}");
}

/// `guidec test` on the repository's cases names the one engine it runs.
#[test]
fn guidec_test_says_which_engines_ran() {
    let output = guidec(&["test"]);
    let out = stdout(&output);
    assert_eq!(code(&output), 0, "{out}{}", stderr(&output));
    assert!(out.contains("(moteurs : interpréteur)"), "{out}");
    assert!(!out.contains("code généré"), "{out}");
}

/// Messages are French by default; English with `--lang en`, or from the locale (`LC_ALL`, then
/// `LC_MESSAGES`, then `LANG`), and `--lang` wins over the locale.
#[test]
fn the_language_is_french_unless_english_is_asked_for() {
    let french = stderr(&guidec(&["check", INVALID]));
    assert!(
        french.contains("aide : écrivez `280 points = 1 960 €`"),
        "{french}"
    );
    let english = stderr(&guidec(&["check", "--lang", "en", INVALID]));
    assert!(
        english.contains("help: write `280 points = 1 960 €`, or correct the points"),
        "{english}"
    );
    assert!(
        english.contains("check failed: 1 spec, 1 error, 1 warning"),
        "{english}"
    );
    let from_locale = |vars: &[(&str, &str)], args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_guidec"));
        command
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG");
        for (name, value) in vars {
            command.env(name, value);
        }
        stderr(&command.output().unwrap())
    };
    assert_eq!(
        from_locale(&[("LANG", "en_GB.UTF-8")], &["check", INVALID]),
        english
    );
    assert_eq!(
        from_locale(
            &[("LANG", "en_GB.UTF-8"), ("LC_ALL", "fr_FR.UTF-8")],
            &["check", INVALID]
        ),
        french
    );
    assert_eq!(
        from_locale(&[("LC_MESSAGES", "en_US")], &["check", INVALID]),
        english
    );
    assert_eq!(
        from_locale(&[("LANG", "C.UTF-8")], &["check", INVALID]),
        french
    );
    assert_eq!(
        from_locale(
            &[("LANG", "en_GB.UTF-8")],
            &["check", "--lang", "fr", INVALID]
        ),
        french
    );
    // JSON speaks the same language.
    let doc = json(&guidec(&[
        "check", "--lang", "en", "--format", "json", INVALID,
    ]));
    let messages: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("a point are")),
        "{messages:?}"
    );
}

/// `--color always` colours, `--color never` and `auto` off a terminal do not, nor does
/// `NO_COLOR` with `auto`.
#[test]
fn colours_follow_the_switch_and_no_color() {
    let always = stderr(&guidec(&["check", "--color", "always", INVALID]));
    assert!(always.contains("\x1b["), "{always}");
    let never = stderr(&guidec(&["check", "--color", "never", INVALID]));
    assert!(!never.contains('\x1b'), "{never}");
    let auto = stderr(&guidec(&["check", INVALID]));
    assert!(!auto.contains('\x1b'), "not a terminal: {auto}");
    let no_color = Command::new(env!("CARGO_BIN_EXE_guidec"))
        .args(["check", INVALID])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stderr(&no_color).contains('\x1b'));
    let bad = guidec(&["check", "--color", "sometimes", INVALID]);
    assert_eq!(code(&bad), 2);
}

/// A spec that `new-year` left with its `// À REVOIR (new-year):` markers is not "ok, 0 warnings".
#[test]
fn new_year_markers_are_warnings_until_removed() {
    let dir = std::env::temp_dir().join(format!("guidec-markers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("chirurgiens_dentistes-2026.guide");
    let made = guidec(&[
        "new-year",
        "specs/fami/chirurgiens_dentistes-2025.guide",
        "--year",
        "2026",
        "--force",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&made), 0, "{}", stderr(&made));
    let text = std::fs::read_to_string(&out).unwrap();
    let markers = text.matches("// À REVOIR (new-year):").count();
    assert!(markers > 0);
    let doc = json(&guidec(&[
        "check",
        "--format",
        "json",
        out.to_str().unwrap(),
    ]));
    let w0801 = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "W0801")
        .count();
    assert_eq!(w0801, markers, "one W0801 per marker");
    let cleaned: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("// À REVOIR (new-year):"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&out, cleaned).unwrap();
    let doc = json(&guidec(&[
        "check",
        "--format",
        "json",
        out.to_str().unwrap(),
    ]));
    assert!(doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["code"] != "W0801"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn diff_between_two_professions_stops_unless_asked() {
    let out = guidec(&[
        "diff",
        "specs/fami/chirurgiens_dentistes-2025.guide",
        "specs/forfait_structure/medecins-2025.guide",
    ]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains("ne sont pas deux années d'un même guide"),
        "{err}"
    );
    assert!(
        err.contains("Chirurgiens-dentistes") && err.contains("Médecins"),
        "{err}"
    );
    let out = guidec(&[
        "diff",
        "--across",
        "specs/fami/chirurgiens_dentistes-2025.guide",
        "specs/forfait_structure/medecins-2025.guide",
    ]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("Changements"));
}

#[test]
fn diff_between_two_professions_of_one_programme_stops_unless_asked() {
    let dentists = "specs/fami/chirurgiens_dentistes-2025.guide";
    let physios = "specs/fami/masseurs_kinesitherapeutes-2025.guide";
    for extra in [&[][..], &["--cases", "tests/cases"][..]] {
        let mut args = vec!["diff"];
        args.extend_from_slice(extra);
        args.extend([dentists, physios]);
        let out = guidec(&args);
        assert_eq!(code(&out), 1, "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains("ne sont pas deux années d'un même guide")
                && err.contains("Masseurs-kinésithérapeutes"),
            "{err}"
        );
        assert!(
            stdout(&out).is_empty(),
            "nothing compared: {}",
            stdout(&out)
        );
    }
}

/// The build compares each edition with the previous year of its own programme and profession
/// only: the FAMI's two professions of 2025 get no change report between them, the dentists'
/// 2025 and 2026 one (the committed outputs, which `tests/generated.rs` proves fresh).
#[test]
fn the_build_makes_no_change_report_between_two_professions() {
    let fami: Vec<String> = std::fs::read_dir("generated/site/fami")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        fami.iter().any(|f| f == "masseurs_kinesitherapeutes-2025"),
        "{fami:?}"
    );
    // The one FAMI change report is between two years of the dentists'.
    let reports: Vec<&String> = fami
        .iter()
        .filter(|f| f.ends_with("-changements.html"))
        .collect();
    assert_eq!(
        reports,
        ["chirurgiens_dentistes-2025-2026-changements.html"],
        "{fami:?}"
    );
    let forfait: Vec<String> = std::fs::read_dir("generated/site/forfait_structure")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with("-changements.html"))
        .collect();
    assert!(
        !forfait.is_empty(),
        "the forfait structure's years are compared"
    );
}
