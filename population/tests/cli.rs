//! The `guidec-population` command: its exit codes and its messages, in French.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_guidec-population"));
    command.current_dir(root());
    command
}

#[test]
fn generate_then_run_then_diff() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d.csv");
    let a = dir.path().join("a.parquet");
    let generated = command()
        .args(["generate", "specs/forfait_structure/medecins-2024.guide"])
        .args(["--practitioners", "30", "--act-rows", "3000", "--seed", "4"])
        .arg("--declarations")
        .arg(&d)
        .arg("--acts")
        .arg(&a)
        .output()
        .unwrap();
    assert!(generated.status.success(), "{generated:?}");
    let out = dir.path().join("r.parquet");
    let run = command()
        .args([
            "run",
            "specs/forfait_structure/medecins-2024.guide",
            "--raisons",
        ])
        .arg("--declarations")
        .arg(&d)
        .arg("--acts")
        .arg(&a)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{said}");
    assert!(said.contains("30 praticiens évalués"), "{said}");
    assert!(said.contains("0 ligne rejetée"), "{said}");
    assert!(out.exists() && dir.path().join("r.rejets.csv").exists());
    let report = dir.path().join("impact.html");
    let diff = command()
        .args(["diff", "specs/forfait_structure/medecins-2024.guide"])
        .arg("specs/forfait_structure/medecins-2025.guide")
        .arg("--declarations")
        .arg(&d)
        .arg("--acts")
        .arg(&a)
        .args(["--format", "html", "--out"])
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(diff.status.code(), Some(0), "{diff:?}");
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("<svg") && html.contains("lang=\"fr\""));
}

#[test]
fn editions_of_different_programmes_are_not_compared_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d.csv");
    std::fs::write(&d, "id\na\n").unwrap();
    let diff = command()
        .args(["diff", "specs/forfait_structure/medecins-2024.guide"])
        .arg("specs/fami/chirurgiens_dentistes-2025.guide")
        .arg("--declarations")
        .arg(&d)
        .output()
        .unwrap();
    assert_eq!(diff.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&diff.stderr).contains("pas le même programme"));
    let forced = command()
        .args(["diff", "specs/forfait_structure/medecins-2024.guide"])
        .arg("specs/fami/chirurgiens_dentistes-2025.guide")
        .arg("--declarations")
        .arg(&d)
        .args(["--force", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(forced.status.code(), Some(0), "{forced:?}");
    let json: serde_json::Value = serde_json::from_slice(&forced.stdout).unwrap();
    assert_eq!(json["practitioners"], 1);
}

#[test]
fn strict_runs_exit_1_on_a_rejected_row_and_bad_files_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d.csv");
    std::fs::write(&d, "id,praticien.attestation_sur_l_honneur\na,oui\nb,yes\n").unwrap();
    let out = dir.path().join("r.csv");
    let run = |strict: bool| {
        let mut c = command();
        c.args([
            "run",
            "specs/fami/chirurgiens_dentistes-2025.guide",
            "--declarations",
        ])
        .arg(&d)
        .arg("--out")
        .arg(&out);
        if strict {
            c.arg("--strict");
        }
        c.output().unwrap()
    };
    assert_eq!(run(false).status.code(), Some(0));
    let strict = run(true);
    assert_eq!(strict.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("1 ligne rejetée"));
    let rejects = std::fs::read_to_string(dir.path().join("r.rejets.csv")).unwrap();
    assert!(
        rejects.contains("attendu `oui` ou `non`, trouvé `yes`"),
        "{rejects}"
    );
    let missing = command()
        .args(["run", "specs/fami/chirurgiens_dentistes-2025.guide"])
        .args(["--declarations", "/nonexistent/d.parquet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let columns = command()
        .args(["columns", "specs/fami/chirurgiens_dentistes-2025.guide"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&columns.stdout);
    assert!(listed.contains("indicateurs.teletransmission.mesures.fse.numerateur\tentier"));
}
