//! `guidec diff`, `guidec new-year` and the impact on cases, against expected files.
//!
//! - `tests/diff/real/<programme>-<profession>-<old>-<new>.{json,md}`: the expected
//!   diff of each pair of consecutive real editions;
//! - `tests/diff/synthetic/<name>/{old,new}.guide` + `expected.md`: tiny pairs that
//!   each exercise one kind of change; the second line of `new.guide` lists the kinds
//!   the diff may report (`// kinds: amount, total`), and every listed kind must appear;
//! - `tests/diff/cases/*.yaml`: case files run on the 2020 and 2021 forfait structure.
//!
//! Every expected file is compared whole; `GUIDEC_BLESS=1 cargo test --release --test diff`
//! (re)writes them, then review the diff.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/snapshot.rs"]
mod snapshot;

use guidec::diff::{self, ChangeKind, Changes};
use guidec::driver::check_source;
use guidec::ir::{self, Edition, Indicator, Text};
use snapshot::{Skips, Snapshots};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &Path) -> Edition {
    let source = std::fs::read_to_string(path).unwrap();
    let checked = check_source(&source, None);
    checked
        .edition
        .unwrap_or_else(|| panic!("{} has errors: {:?}", path.display(), checked.diagnostics))
}

fn spec(name: &str) -> Edition {
    load(&root().join("specs").join(name))
}

const PAIRS: [(&str, &str, &str); 3] = [
    (
        "forfait_structure/medecins-2020.guide",
        "forfait_structure/medecins-2021.guide",
        "forfait_structure-medecins-2020-2021",
    ),
    (
        "forfait_structure/medecins-2021.guide",
        "forfait_structure/medecins-2024.guide",
        "forfait_structure-medecins-2021-2024",
    ),
    (
        "forfait_structure/medecins-2024.guide",
        "forfait_structure/medecins-2025.guide",
        "forfait_structure-medecins-2024-2025",
    ),
];

fn pair(index: usize) -> (Edition, Edition, Changes) {
    let (old, new, _) = PAIRS[index];
    let (old, new) = (spec(old), spec(new));
    let changes = diff::diff(&old, &new);
    (old, new, changes)
}

#[test]
fn real_pairs_match_their_expected_files() {
    let dir = root().join("tests/diff/real");
    let mut snapshots = Snapshots::new("tests/diff/real");
    for (index, (_, _, name)) in PAIRS.iter().enumerate() {
        let (old, new, changes) = pair(index);
        snapshots.check(
            &dir.join(format!("{name}.json")),
            &diff::render_json(&changes),
        );
        snapshots.check(
            &dir.join(format!("{name}.md")),
            &diff::render_markdown(&old, &new, &changes),
        );
    }
    // Every file of the folder is the expected diff of a pair.
    snapshots.no_stale(&dir, |_| true);
    assert_eq!(snapshots.finish(), 2 * PAIRS.len());
}

/// The files of a synthetic pair's folder.
const SYNTHETIC_FILES: [&str; 3] = ["old.guide", "new.guide", "expected.md"];

#[test]
fn synthetic_pairs_each_show_one_kind_of_change() {
    let dir = root().join("tests/diff/synthetic");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let mut skips = Skips::new("tests/diff/synthetic: pairs' folders", 0);
    let mut snapshots = Snapshots::new("tests/diff/synthetic");
    for case in entries {
        if !case.is_dir() {
            skips.skip(snapshot::shown(&case), "not a folder");
            continue;
        }
        skips.take();
        let old = load(&case.join("old.guide"));
        let new_source = std::fs::read_to_string(case.join("new.guide")).unwrap();
        let new = load(&case.join("new.guide"));
        let allowed: BTreeSet<String> = new_source
            .lines()
            .find_map(|l| l.strip_prefix("// kinds:"))
            .unwrap_or_else(|| panic!("{}: no `// kinds:` line", case.display()))
            .split(',')
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect();
        let changes = diff::diff(&old, &new);
        let seen: BTreeSet<String> = changes
            .changes
            .iter()
            .map(|c| c.kind.name().to_string())
            .collect();
        assert_eq!(
            seen,
            allowed,
            "{}: the kinds of change reported",
            case.display()
        );
        snapshots.check(
            &case.join("expected.md"),
            &diff::render_markdown(&old, &new, &changes),
        );
        // Nothing else in the folder: a file there would be read by nobody.
        snapshots.no_stale(&case, |p| {
            !SYNTHETIC_FILES.iter().any(|f| p.ends_with(f)) || p.ends_with("expected.md")
        });
    }
    assert!(skips.finish() >= 14, "the synthetic pairs are there");
    snapshots.finish();
}

#[test]
fn an_edition_against_itself_has_no_change() {
    for name in [
        "fami/chirurgiens_dentistes-2025.guide",
        "forfait_structure/medecins-2020.guide",
        "forfait_structure/medecins-2021.guide",
        "forfait_structure/medecins-2024.guide",
        "forfait_structure/medecins-2025.guide",
    ] {
        let edition = spec(name);
        let changes = diff::diff(&edition, &edition);
        assert!(changes.is_empty(), "{name}: {:?}", changes.changes);
        assert!(diff::render_text(&edition, &edition, &changes).contains("aucun changement"));
    }
}

#[test]
fn from_2020_to_2021() {
    let (_, _, changes) = pair(0);
    let tele: Vec<_> = changes.about("teletransmission").collect();
    assert!(
        tele.iter().any(|c| c.kind == ChangeKind::Neutralisation
            && c.before.as_ref().unwrap().text.starts_with("neutralisé")
            && c.after.as_ref().unwrap().text.starts_with("non neutralisé")),
        "télétransmission is no longer neutralised: {tele:?}"
    );
    let apicrypt = changes
        .about("messagerie_securisee")
        .find(|c| c.kind == ChangeKind::Option && c.subject.contains("apicrypt_v1"))
        .expect("the verdict on Apicrypt V1 changes");
    assert!(apicrypt
        .before
        .as_ref()
        .unwrap()
        .text
        .starts_with("acceptée"));
    assert!(apicrypt.after.as_ref().unwrap().text.starts_with("refusée"));
    assert_eq!(
        apicrypt.after.as_ref().unwrap().provenance.as_deref(),
        Some("001 p7")
    );
    let window = changes.of_kind(ChangeKind::Window).next().expect("opening");
    assert!(window
        .after
        .as_ref()
        .unwrap()
        .text
        .contains("1er décembre 2021"));
    let deadline = changes
        .of_kind(ChangeKind::Deadline)
        .next()
        .expect("deadline");
    assert!(deadline
        .after
        .as_ref()
        .unwrap()
        .text
        .contains("31 janvier 2022 minuit"));
}

#[test]
fn from_2021_to_2024() {
    let (_, _, changes) = pair(1);
    let split = changes
        .of_kind(ChangeKind::IndicatorSplit)
        .find(|c| c.indicator.as_deref() == Some("dematerialisation"))
        .expect("dématérialisation is split");
    let after = &split.after.as_ref().unwrap().text;
    for sub in [
        "teleservices",
        "alimentation_dmp",
        "messagerie_patients",
        "ordonnance_numerique",
        "appli_carte_vitale",
    ] {
        assert!(after.contains(sub), "{sub} in {after}");
    }
    // The sub-indicators are listed with the split, not as five additions.
    assert_eq!(changes.of_kind(ChangeKind::IndicatorAdded).count(), 0);
    let amount = changes
        .about("dematerialisation")
        .find(|c| c.kind == ChangeKind::Amount)
        .expect("the points of dématérialisation change");
    assert_eq!(
        amount.difference.as_ref().unwrap().points,
        Some(guidec::ir::Rational::from_integer(180))
    );
    let replaced = changes
        .of_kind(ChangeKind::IndicatorReplaced)
        .find(|c| c.indicator.as_deref() == Some("participation_sas"))
        .expect("participation_sas replaces soins_non_programmes");
    assert!(replaced.subject.contains("soins_non_programmes"));
    assert_eq!(
        replaced.difference, None,
        "the amounts are compared field by field"
    );
    let sas_amount = changes
        .about("participation_sas")
        .find(|c| c.kind == ChangeKind::Amount)
        .expect("150 → 200 points");
    assert_eq!(
        sas_amount.difference.as_ref().unwrap().points,
        Some(guidec::ir::Rational::from_integer(50))
    );
    assert!(
        changes
            .of_kind(ChangeKind::IndicatorRemoved)
            .next()
            .is_none(),
        "soins_non_programmes and messagerie_securisee are accounted for"
    );
    assert!(changes
        .of_kind(ChangeKind::IndicatorMerged)
        .any(|c| c.subject.contains("messagerie_securisee")));
    let total = changes
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::Total && c.section.as_deref() == Some("volet2"))
        .expect("the volet 2 total changes");
    assert_eq!(
        total.difference.as_ref().unwrap().points,
        Some(guidec::ir::Rational::from_integer(230))
    );
    assert_eq!(
        changes.summary.max_total_difference.points,
        Some(guidec::ir::Rational::from_integer(230))
    );
}

#[test]
fn from_2024_to_2025() {
    let (old, new, changes) = pair(2);
    assert!(changes.of_kind(ChangeKind::Window).next().is_some());
    let deadline = changes
        .of_kind(ChangeKind::Deadline)
        .next()
        .expect("deadline");
    assert!(deadline
        .after
        .as_ref()
        .unwrap()
        .text
        .contains("8 février 2026 inclus"));
    assert_every_changed_indicator_is_reported(&old, &new, &changes);
}

#[test]
fn every_changed_indicator_is_reported_in_every_pair() {
    for index in 0..PAIRS.len() {
        let (old, new, changes) = pair(index);
        assert_every_changed_indicator_is_reported(&old, &new, &changes);
    }
}

/// Every indicator present in both editions whose rules or words differ (provenance,
/// resolved years and sub-indicators aside) has at least one change reported.
fn assert_every_changed_indicator_is_reported(old: &Edition, new: &Edition, changes: &Changes) {
    let old_indicators: std::collections::HashMap<String, &Indicator> = old
        .sections
        .iter()
        .flat_map(|s| s.all_indicators())
        .collect();
    for section in &new.sections {
        for (id, indicator) in section.all_indicators() {
            let Some(before) = old_indicators.get(&id) else {
                continue;
            };
            if normalised(before) != normalised(indicator) {
                assert!(
                    changes.about(&id).next().is_some(),
                    "{id} changed but no change is reported"
                );
            }
        }
    }
}

fn text(t: &mut Text) {
    t.resolved = t.template.clone();
}

fn normalised(indicator: &Indicator) -> Indicator {
    let mut i = indicator.clone();
    i.provenance = None;
    i.subs.clear();
    i.continues.clear();
    i.continues_reason = None;
    i.span = Default::default();
    text(&mut i.title);
    if let Some(a) = &mut i.amount {
        a.provenance = None;
        if let ir::AmountSpec::Unknown(t) = &mut a.value {
            text(t);
        }
    }
    if let Some(q) = &mut i.question {
        q.provenance = None;
        text(&mut q.value);
    }
    if let Some(f) = &mut i.free_text {
        f.provenance = None;
        text(&mut f.value.label);
    }
    for s in &mut i.software {
        s.provenance = None;
        text(&mut s.value.label);
    }
    for e in &mut i.exemptions {
        e.provenance = None;
        text(&mut e.value.text);
    }
    for c in &mut i.choices {
        c.provenance = None;
        text(&mut c.label);
        for o in &mut c.options {
            o.provenance = None;
            text(&mut o.label);
        }
    }
    for r in &mut i.rates {
        r.provenance = None;
        text(&mut r.label);
        for x in &mut r.exclusions {
            x.provenance = None;
            text(&mut x.label);
        }
        if let Some(p) = &mut r.period {
            p.provenance = None;
        }
        if let Some(t) = &mut r.threshold {
            t.provenance = None;
        }
    }
    for c in &mut i.counts {
        c.provenance = None;
        text(&mut c.label);
        if let Some(t) = &mut c.threshold {
            t.provenance = None;
        }
    }
    for f in &mut i.findings {
        f.provenance = None;
        text(&mut f.value.label);
    }
    if let Some(p) = &mut i.prefill {
        p.provenance = None;
        text(&mut p.value.source);
        if let Some(o) = &mut p.value.otherwise {
            text(o);
        }
    }
    for e in &mut i.evidence {
        e.provenance = None;
        if let ir::EvidenceKind::Document(t) = &mut e.kind {
            text(t);
        }
        e.shows.iter_mut().for_each(text);
        if let Some(v) = &mut e.validity {
            text(v);
        }
    }
    if let Some(n) = &mut i.neutralised {
        n.provenance = None;
        text(&mut n.value);
    }
    for p in &mut i.prose {
        p.provenance = None;
        text(&mut p.text);
        if let ir::ProseKind::Case(t) = &mut p.kind {
            text(t);
        }
    }
    i
}

#[test]
fn filters_hide_prose_and_rewording() {
    let (_, _, mut changes) = pair(0);
    let all = changes.summary.total;
    let text_changes = changes.changes.iter().filter(|c| c.kind.is_text()).count();
    assert!(text_changes > 0);
    diff::apply_filter(
        &mut changes,
        diff::Filter {
            no_prose: true,
            ignore_rewording: false,
        },
    );
    assert_eq!(changes.summary.total, all - text_changes);
    assert_eq!(changes.summary.hidden, text_changes);
    assert!(changes.changes.iter().all(|c| !c.kind.is_text()));

    let dir = root().join("tests/diff/synthetic/rewording");
    let (old, new) = (load(&dir.join("old.guide")), load(&dir.join("new.guide")));
    let mut changes = diff::diff(&old, &new);
    assert!(changes.changes[0].rewording_only);
    diff::apply_filter(
        &mut changes,
        diff::Filter {
            no_prose: false,
            ignore_rewording: true,
        },
    );
    assert!(changes.is_empty());
}

#[test]
fn texts_are_compared_on_templates_and_shown_resolved() {
    let dir = root().join("tests/diff/synthetic/prose");
    let (old, new) = (load(&dir.join("old.guide")), load(&dir.join("new.guide")));
    let changes = diff::diff(&old, &new);
    let words = changes.changes[0].words.as_ref().unwrap();
    let shown: String = words
        .iter()
        .filter(|s| s.op != diff::SegmentOp::Delete)
        .map(|s| s.text.as_str())
        .collect();
    assert!(
        shown.contains("amelipro") && shown.contains("31/12/2025"),
        "{shown}"
    );
    assert!(!shown.contains("{portail}"));
}

#[test]
fn cases_run_on_both_editions() {
    let (old, new) = (
        spec("forfait_structure/medecins-2020.guide"),
        spec("forfait_structure/medecins-2021.guide"),
    );
    let dir = root().join("tests/diff/cases");
    let mut skips = Skips::new("tests/diff/cases: case files", 0);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() && path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            skips.take();
        } else {
            skips.skip(
                snapshot::shown(&path),
                "`guidec diff --cases` reads `.yaml` and `.yml` files only",
            );
        }
    }
    let files = skips.finish();
    let impact = diff::cases::run_cases(&old, &new, &dir).unwrap();
    assert_eq!(impact.totals.cases, files);
    assert_eq!(impact.totals.cases, 2);
    assert_eq!(impact.totals.evaluated, 2);
    assert_eq!(impact.totals.losing, 2);
    let apicrypt = impact
        .cases
        .iter()
        .find(|c| c.path.ends_with("apicrypt-v1.yaml"))
        .unwrap();
    assert_eq!(apicrypt.before.total_cents, Some(196_000));
    assert_eq!(apicrypt.after.total_cents, Some(0));
    assert!(apicrypt
        .status_changes
        .iter()
        .any(|s| s.new_id.as_deref() == Some("messagerie_securisee")
            && s.before == Some("met")
            && s.after == Some("not_met")));
    let full = impact
        .cases
        .iter()
        .find(|c| c.path.ends_with("tout-atteint.yaml"))
        .unwrap();
    assert_eq!(full.difference_cents, Some(-17_500));
    assert_eq!(
        full.after.skipped,
        vec!["indicateurs.equipements_connectes.choix.oxymetre".to_string()]
    );
    assert_eq!(impact.totals.lost_cents, 196_000 + 17_500);
}

#[test]
fn a_replaced_indicator_keeps_its_status_history() {
    let (old, new) = (
        spec("forfait_structure/medecins-2021.guide"),
        spec("forfait_structure/medecins-2024.guide"),
    );
    let pairs = diff::indicator_pairs(&old, &new);
    assert!(pairs.contains(&(
        "soins_non_programmes".to_string(),
        "participation_sas".to_string()
    )));
}

#[test]
fn new_year_on_fami_gives_a_2026_spec_that_differs_only_by_dates_and_provenance() {
    let path = root().join("specs/fami/chirurgiens_dentistes-2025.guide");
    let source = std::fs::read_to_string(&path).unwrap();
    let result = guidec::new_year::new_year(
        &source,
        2026,
        Some("specs/fami/chirurgiens_dentistes-2026.guide"),
    )
    .unwrap();
    assert!(result
        .text
        .contains("édition fami chirurgiens_dentistes 2026 {"));
    assert!(result.text.contains(
        "emprunt 004 \"004_6142dd41ec68d0fa.txt\" \"Guide méthodologique FAMI exercice 2025\" \"spec de l'édition {N-1}, à remplacer par le guide {N}\""
    ));
    assert!(result.diagnostics.iter().all(|d| !d.is_error()));
    assert!(
        result.unflagged_warnings().is_empty(),
        "only flagged lines may be warned about: {:?}",
        result.unflagged_warnings()
    );
    // Every {an YYYY} and every literal year is flagged, with a review comment above it.
    let lines: Vec<&str> = result.text.lines().collect();
    for flag in &result.flags {
        assert!(flag.comment_line < flag.line);
        assert!(
            lines[flag.comment_line - 1]
                .trim_start()
                .starts_with(guidec::new_year::MARKER),
            "line {} has its review comment",
            flag.line
        );
    }
    for literal in ["{an 2023}", "{an 2021}", "{an 2024}"] {
        assert!(
            result.flags.iter().any(|f| f.literal == literal),
            "{literal} is flagged"
        );
    }
    let old = load(&path);
    let new = check_source(&result.text, None).edition.unwrap();
    assert_eq!(new.year, 2026);
    // The sworn statements made in the declaration stay so.
    let sworn_in_declaration = |e: &guidec::ir::Edition| -> Vec<String> {
        e.sections
            .iter()
            .flat_map(|s| s.all_indicators())
            .filter(|(_, i)| i.evidence.iter().any(|e| e.sworn_in_declaration))
            .map(|(id, _)| id)
            .collect()
    };
    assert_eq!(
        sworn_in_declaration(&new),
        [
            "messagerie_securisee",
            "prise_en_charge_coordonnee",
            "aller_vers",
            "accueil_etudiant"
        ]
    );
    assert_eq!(sworn_in_declaration(&new), sworn_in_declaration(&old));
    assert_eq!(
        new.window.closing.value.date().unwrap().year,
        2027,
        "dates written relative to N move"
    );
    let changes = diff::diff(&old, &new);
    let allowed = [
        ChangeKind::Sources,
        ChangeKind::Window,
        ChangeKind::Deadline,
        ChangeKind::Assessment,
        ChangeKind::Payment,
    ];
    for change in &changes.changes {
        assert!(
            allowed.contains(&change.kind),
            "only dates and provenance change: {change:?}"
        );
    }
    assert!(changes
        .of_kind(ChangeKind::Sources)
        .any(|c| c.subject.contains("004") && c.subject.contains("empruntée")));
    assert_eq!(changes.new.borrowed_facts, changes.new.cited_facts);
    // Running it again on its own output gives the next year, without doubling the comments.
    let again = guidec::new_year::new_year(&result.text, 2027, None).unwrap();
    let markers = |t: &str| t.matches(guidec::new_year::MARKER).count();
    assert!(markers(&again.text) <= markers(&result.text) + 2);
}

// ------------------------------------------------------------------ command line

fn guidec(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_guidec"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("guidec-diff-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn cli_exit_codes() {
    let a = "specs/forfait_structure/medecins-2020.guide";
    let b = "specs/forfait_structure/medecins-2021.guide";
    let (code, out, _) = guidec(&["diff", a, a]);
    assert_eq!(code, 0);
    assert!(out.contains("aucun changement"));
    let (code, out, _) = guidec(&["diff", a, b, "--format", "json"]);
    assert_eq!(code, 0, "changes are not a failure");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(json["summary"]["total"].as_u64().unwrap() > 0);
    let (code, out, _) = guidec(&[
        "diff",
        a,
        b,
        "--format",
        "html",
        "--cases",
        "tests/diff/cases",
    ]);
    assert_eq!(code, 0);
    assert!(out.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    assert!(!out.contains("<script"));
    assert!(out.contains("<th scope=\"col\">"));
    assert!(out.contains("Qui gagne, qui perd"));
    assert!(out.contains("<svg class=\"chart\""));
    let (code, _, _) = guidec(&["diff", a, "does/not/exist.guide"]);
    assert_eq!(code, 2);
    let (code, _, _) = guidec(&["diff", a]);
    assert_eq!(code, 2);
    let dir = scratch("bad");
    let bad = dir.join("bad.guide");
    std::fs::write(&bad, "édition fami x 2025 { titre }").unwrap();
    let (code, _, _) = guidec(&["diff", a, bad.to_str().unwrap()]);
    assert_eq!(code, 1);
}

#[test]
fn cli_new_year_refuses_to_overwrite() {
    let dir = scratch("new-year");
    let out = dir.join("fami-2026.guide");
    let out = out.to_str().unwrap();
    let spec = "specs/fami/chirurgiens_dentistes-2025.guide";
    let (code, stdout, stderr) = guidec(&["new-year", spec, "--year", "2026", "--out", out]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("à revoir"));
    assert!(stdout.contains("{an 2023}"));
    let (code, _, stderr) = guidec(&["new-year", spec, "--year", "2026", "--out", out]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--force"));
    let (code, _, _) = guidec(&["new-year", spec, "--year", "2026", "--out", out, "--force"]);
    assert_eq!(code, 0);
    let (code, _, _) = guidec(&["new-year", spec, "--year", "2024", "--out", out, "--force"]);
    assert_eq!(code, 2, "a year before the spec's is a usage error");
    let (code, _, _) = guidec(&["check", out]);
    assert_eq!(code, 0);
}

#[test]
fn synthetic_editions_of_5000_indicators_diff_quickly() {
    let (old, new) = guidec::synthetic::synthetic_edition_pair(5_000);
    let old = check_source(&old, None).edition.unwrap();
    let new = check_source(&new, None).edition.unwrap();
    let start = std::time::Instant::now();
    let changes = diff::diff(&old, &new);
    let elapsed = start.elapsed();
    eprintln!(
        "diff of two 5 000-indicator editions: {} changes in {elapsed:?}",
        changes.summary.total
    );
    assert!(!changes.is_empty());
    assert!(
        elapsed < std::time::Duration::from_secs(30),
        "diff of two 5 000-indicator editions took {elapsed:?}"
    );
}

/// `reprend … en partie`: an old indicator split between two new ones is continued by each, and
/// the change report says so of both (without it, the second would be a new indicator).
#[test]
fn an_indicator_split_in_two_is_continued_by_both() {
    let new_source = std::fs::read_to_string(
        root().join("tests/check_valid/split_paper_unknown_identification.guide"),
    )
    .unwrap();
    let new = check_source(&new_source, None).edition.unwrap();
    let start = new_source.find("    indicateur bal_personnelle").unwrap();
    let end = new_source[start..].find("\n  }\n").unwrap() + start;
    let old_source = format!(
        "{}    indicateur messagerie \"Messagerie\" [004 §1.5] {{\n      type déclaratif [004 §1.5]\n      question \"Oui ?\" [004 §1.5]\n    }}{}",
        &new_source[..start],
        &new_source[end..]
    )
    .replace("édition fami test 2025 {", "édition fami test 2024 {");
    let checked = check_source(&old_source, None);
    let old = checked
        .edition
        .unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
    let pairs = diff::indicator_pairs(&old, &new);
    for new_id in ["bal_personnelle", "bal_organisationnelle"] {
        assert!(
            pairs.contains(&("messagerie".to_string(), new_id.to_string())),
            "{pairs:?}"
        );
    }
    let changes = diff::diff(&old, &new);
    let subjects: Vec<&str> = changes.changes.iter().map(|c| c.subject.as_str()).collect();
    for new_id in ["bal_personnelle", "bal_organisationnelle"] {
        assert!(
            subjects.contains(&format!("{new_id} remplace messagerie").as_str()),
            "{subjects:?}"
        );
    }
    assert!(
        !subjects
            .iter()
            .any(|s| s.contains("ajouté") || s.contains("supprimé")),
        "{subjects:?}"
    );
}

/// `guidec new-year` on an edition with an indicator optional for its year only
/// (`facultatif en N`): the copy keeps it optional for the new year, flagged for review, and
/// keeps an indicator optional always (`facultatif`) as it is, unflagged.
#[test]
fn new_year_flags_an_indicator_optional_for_one_year() {
    let path = root().join("tests/optional/specs/forfait_structure/essai-2022.guide");
    let source = std::fs::read_to_string(&path).unwrap();
    let result = guidec::new_year::new_year(&source, 2023, None).unwrap();
    let flagged: Vec<&guidec::new_year::Flag> = result
        .flags
        .iter()
        .filter(|f| f.kind == guidec::new_year::FlagKind::Optional)
        .collect();
    assert_eq!(flagged.len(), 1, "{:?}", result.flags);
    let lines: Vec<&str> = result.text.lines().collect();
    let flagged_line = lines[flagged[0].line - 1].trim();
    assert_eq!(flagged_line, "facultatif en N [900 §1.3]");
    let comment = lines[flagged[0].comment_line - 1];
    assert!(
        comment.contains("indicateur facultatif en 2022 seulement : le garder `facultatif en N` si le guide 2023 le laisse facultatif"),
        "{comment}"
    );
    // The copy checks, the indicator still optional (for 2023), the other one always.
    let checked = check_source(&result.text, None);
    let edition = checked.edition.unwrap();
    let optional: Vec<Option<ir::Optional>> = edition.sections[0]
        .indicators
        .iter()
        .map(|i| i.optional.as_ref().map(|o| o.value))
        .collect();
    assert_eq!(
        optional,
        [
            None,
            None,
            Some(ir::Optional::ForYear(2023)),
            Some(ir::Optional::Always)
        ]
    );
}
