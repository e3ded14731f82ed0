//! Both engines refuse the same bad case files: every `tests/case_errors/NAME.yaml` (whose
//! expected errors, as the interpreter's validator gives them, are in `NAME.expected`, checked
//! by the compiler's `tests/case_errors.rs`) is read by the generated code too, through the
//! runtime's one reader. A file the reader refuses (odd scalars, syntax, budget, acts, rates,
//! unknown fields) gives both engines the same message, word for word, at the same place (an
//! unknown field's list of the fields possible there is each engine's own: the generated code
//! lists the edition's, the interpreter's reader the format's); a
//! file only the edition's validation refuses (an answer the edition does not ask for) is
//! refused by the generated code's typed case as well.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use guidec_conformance::fuzz::same_refusal;
use guidec_conformance::{generated_engine, repository_root};

const KEY: &str = "fami/chirurgiens_dentistes-2025";

#[test]
fn both_engines_refuse_every_bad_case_file_with_the_same_words() {
    let root = repository_root();
    let spec = root.join("specs/fami/chirurgiens_dentistes-2025.guide");
    let edition = guidec::driver::check_file(&spec).unwrap().edition.unwrap();
    let dir = root.join("tests/case_errors");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    let (mut same_words, mut both_refuse) = (0, 0);
    let mut failures = Vec::new();
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let generated = generated_engine(KEY, &text).expect("FAMI 2025 is generated");
        match guidec::case::read(&text, &edition) {
            Err(read) => match generated {
                Err(words) if same_refusal(&words, &read.to_string()) => same_words += 1,
                Err(words) => failures.push(format!(
                    "{name}: the engines word the refusal differently:\n  interpreter: {read}\n  generated:   {words}"
                )),
                Ok(_) => failures.push(format!(
                    "{name}: refused by the interpreter's reader ({read}), run by the generated code"
                )),
            },
            Ok(file) => match (guidec::case::validate(&file, &edition), generated) {
                (Err(_), Err(_)) => both_refuse += 1,
                (Err(errors), Ok(_)) => failures.push(format!(
                    "{name}: refused by the validator ({}), run by the generated code",
                    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
                )),
                (Ok(_), _) => failures.push(format!(
                    "{name}: accepted by the interpreter, but it stands in tests/case_errors"
                )),
            },
        }
    }
    eprintln!(
        "{} bad case files: {same_words} refused by the reader with the same words on both engines, {both_refuse} refused by the edition's validation and by the generated code's typed case",
        paths.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(same_words >= 30, "the folder holds the odd scalars");
}

/// Spellings the rules accept, each read by both engines to the same case and outcome: yes/no
/// in French or as `true`/`false`, quoted or not, numbers quoted or not, flow and block styles.
#[test]
fn both_engines_accept_the_same_spellings() {
    let root = repository_root();
    let spec = root.join("specs/fami/chirurgiens_dentistes-2025.guide");
    let edition = guidec::driver::check_file(&spec).unwrap().edition.unwrap();
    let plan = guidec::interpret::Plan::new(&edition);
    let head = "edition: fami/chirurgiens_dentistes-2025\n";
    let bodies = [
        "praticien: {attestation_sur_l_honneur: oui, fse_annee_precedente: non}\nindicateurs:\n  logiciel_metier: {prerempli: oui}\n",
        "praticien: {attestation_sur_l_honneur: true, fse_annee_precedente: false}\nindicateurs:\n  logiciel_metier: {prerempli: true}\n",
        "praticien:\n  attestation_sur_l_honneur: \"oui\"\n  fse_annee_precedente: 'non'\nindicateurs:\n  logiciel_metier:\n    prerempli: \"true\"\n",
        "indicateurs:\n  aller_vers: {reponse: oui, nombres: {interventions: 3}, texte: Foyer}\n",
        "indicateurs:\n  aller_vers: {reponse: \"oui\", nombres: {interventions: \"3\"}, texte: 'Foyer'}\n",
        "indicateurs:\n  aller_vers:\n    reponse: oui\n    nombres:\n      interventions: 3\n    texte: |\n      Foyer\n",
        "indicateurs:\n  sesam_vitale: {constats: {facturation_conforme: non}, nombres: {addendum: 0}}\n  teletransmission:\n    mesures:\n      fse:\n        actes:\n          - {date: 2025-03-01, mode: papier, ame: oui, nombre: 2}\n          - {date: \"2025-04-01\", mode: sesam_vitale, ehpad: non, age_jours: 0}\n",
        "praticien: {attestation_sur_l_honneur: ~, premiere_fse: 2025-02-03}\nindicateurs: {}\n",
    ];
    for body in bodies {
        let text = format!("{head}{body}");
        let file = guidec::case::read(&text, &edition).unwrap_or_else(|e| panic!("{text}\n{e}"));
        let case = guidec::case::validate(&file, &edition).unwrap_or_else(|e| {
            panic!(
                "{text}\n{}",
                e.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        let interpreted =
            serde_json::to_value(plan.evaluate(&case, guidec::interpret::Explain::Yes)).unwrap();
        let generated = generated_engine(KEY, &text)
            .expect("FAMI 2025 is generated")
            .unwrap_or_else(|e| panic!("{text}\nthe generated code refuses it: {e}"));
        assert_eq!(interpreted, generated, "{text}");
    }
}

/// Every part of an indicator's inputs (`logiciels`, `choix`, `nombres`, `mesures`, `taux`,
/// `constats`, and the scalars `prerempli`, `reponse`, `texte`, `justificatif`), written empty,
/// null or alone on every indicator of every generated edition: the engines accept the same files,
/// with the same outcome, and refuse the same ones (a part the indicator does not have is
/// refused, even written empty); so are each part's entries, by their own ids, written null or
/// empty, and the practitioner's fields written null.
#[test]
fn every_part_written_on_every_indicator_is_accepted_or_refused_alike() {
    let parts = [
        "logiciels: {}",
        "choix: []",
        "nombres: {}",
        "mesures: {}",
        "taux: {}",
        "constats: {}",
        "prerempli: non",
        "reponse: non",
        "texte: Foyer",
        "justificatif: absent",
        "prerempli: ~",
        "reponse: ~",
        "texte: ~",
        "choix: ~",
        "justificatif: ~",
    ];
    let (mut accepted, mut refused) = (0, 0);
    let mut failures = Vec::new();
    let mut count = |key: &str, edition: &guidec::ir::Edition, text: String| match both_engines(
        key, edition, &text,
    ) {
        None => {}
        Some(Ok(true)) => accepted += 1,
        Some(Ok(false)) => refused += 1,
        Some(Err(why)) => failures.push(format!("{text}→ {why}")),
    };
    for (key, edition) in guidec_conformance::fuzz::editions() {
        for section in &edition.sections {
            for (dotted, indicator) in section.all_indicators() {
                for part in parts {
                    count(
                        key,
                        edition,
                        format!("edition: {key}\nindicateurs:\n  {dotted}: {{{part}}}\n"),
                    );
                }
                // Each entry of the indicator's parts, by its own id, written null or empty.
                let mut entries: Vec<(&str, &str)> = Vec::new();
                entries.extend(
                    indicator
                        .software
                        .iter()
                        .map(|s| ("logiciels", s.value.id.as_str())),
                );
                entries.extend(indicator.counts.iter().map(|c| ("nombres", c.id.as_str())));
                entries.extend(
                    indicator
                        .options()
                        .filter(|o| o.minimum_per_year.is_some())
                        .map(|o| ("nombres", o.id.as_str())),
                );
                entries.extend(
                    indicator
                        .rates
                        .iter()
                        .map(|r| (if r.declared { "taux" } else { "mesures" }, r.id.as_str())),
                );
                entries.extend(
                    indicator
                        .findings
                        .iter()
                        .map(|f| ("constats", f.value.id.as_str())),
                );
                for (part, id) in entries {
                    for value in ["~", "{}", "[]"] {
                        count(
                            key,
                            edition,
                            format!("edition: {key}\nindicateurs:\n  {dotted}:\n    {part}:\n      {id}: {value}\n"),
                        );
                    }
                }
            }
        }
        // The practitioner's fields, written null.
        for field in [
            "specialite",
            "exonerations",
            "premiere_annee",
            "changement_editeur",
            "justificatif_demande",
            "attestation_sur_l_honneur",
            "fse_annee_precedente",
            "premiere_fse",
        ] {
            count(
                key,
                edition,
                format!("edition: {key}\npraticien:\n  {field}: ~\n"),
            );
        }
    }
    eprintln!("{accepted} files accepted alike, {refused} refused alike");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        accepted > 100 && refused > 100,
        "{accepted} accepted, {refused} refused"
    );
}

/// How the two engines take one case file: `Some(Ok(true))` both accept it with the same outcome,
/// `Some(Ok(false))` both refuse it, `Some(Err(why))` they disagree; `None` when the edition has
/// no generated code.
fn both_engines(
    key: &str,
    edition: &guidec::ir::Edition,
    text: &str,
) -> Option<Result<bool, String>> {
    let generated = generated_engine(key, text)?;
    let interpreted = guidec::case::read(text, edition)
        .map_err(|e| e.to_string())
        .and_then(|file| {
            guidec::case::validate(&file, edition).map_err(|errors| {
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            })
        })
        .map(|case| {
            serde_json::to_value(
                guidec::interpret::Plan::new(edition)
                    .evaluate(&case, guidec::interpret::Explain::Yes),
            )
            .unwrap()
        });
    Some(match (interpreted, generated) {
        (Ok(a), Ok(b)) if a == b => Ok(true),
        (Err(_), Err(_)) => Ok(false),
        (Ok(_), Ok(_)) => Err("the outcomes differ".into()),
        (Ok(_), Err(words)) => Err(format!(
            "accepted by the interpreter, refused by the generated code: {words}"
        )),
        (Err(words), Ok(_)) => Err(format!(
            "refused by the interpreter ({words}), run by the generated code"
        )),
    })
}
