//! The fillable PDF forms: every box of the form is a field named after the case-file path it
//! answers, with its label as tooltip; a form filled by a PDF library (pypdf, as a reader would)
//! reads back with `read_form` into a case file (`tests/forms/KEY.case.yaml`) that evaluates to the
//! total worked out by hand.
//!
//! Inputs beside their expected output in `tests/forms/`: `KEY.answers.json` (what is typed and
//! ticked), `KEY.mesures.yaml` (what the insurer measures), `KEY.case.yaml` (the case read back;
//! `GUIDEC_BLESS=1` rewrites it). `fill.py` fills a form with pypdf.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/random_cases.rs"]
mod random_cases;
#[path = "support/snapshot.rs"]
mod snapshot;

use guidec::render::form::{self, FieldKind};
use guidec::render::pdf::form_pdf;
use snapshot::Skips;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn edition(key: &str) -> guidec::ir::Edition {
    let path = root().join(format!("specs/{key}.guide"));
    guidec::driver::check_file(&path)
        .unwrap()
        .edition
        .unwrap_or_else(|| panic!("{} has errors", path.display()))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("guidec-forms-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Whether pypdf can be imported (pip install pypdf; `.ci/run` installs it).
fn pypdf() -> bool {
    Command::new("python3")
        .args(["-c", "import pypdf"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Forms filled with pypdf that may be skipped without it: none on CI (`CI` set).
fn skips(count: usize) -> Skips {
    let bound = if std::env::var_os("CI").is_some() {
        0
    } else {
        count
    };
    Skips::new(
        "forms filled with pypdf (skipped without python3 and pypdf; none on CI)",
        bound,
    )
}

/// Fills the form of `key` with pypdf, reads it back, evaluates it: the total in cents, and the
/// fields as pypdf lists them.
fn round_trip(key: &str, dir: &Path) -> (i64, serde_json::Value) {
    let edition = edition(key);
    let stem = key.replace('/', "-");
    let laid = form_pdf(&edition).unwrap();
    let form = dir.join(format!("{stem}.pdf"));
    let filled = dir.join(format!("{stem}.filled.pdf"));
    let listing = dir.join(format!("{stem}.fields.json"));
    std::fs::write(&form, &laid.pdf).unwrap();
    let inputs = root().join("tests/forms");
    let run = Command::new("python3")
        .arg(inputs.join("fill.py"))
        .arg(&form)
        .arg(inputs.join(format!("{stem}.answers.json")))
        .arg(&filled)
        .arg(&listing)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{key}: fill.py failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let measures = std::fs::read_to_string(inputs.join(format!("{stem}.mesures.yaml"))).unwrap();
    let case_text =
        guidec::read_form::read_form(&edition, &std::fs::read(&filled).unwrap(), Some(&measures))
            .unwrap_or_else(|errors| panic!("{key}: {errors:?}"));
    snapshot::assert_snapshot(&inputs.join(format!("{stem}.case.yaml")), &case_text);
    let file = guidec::case::read(&case_text, &edition).unwrap_or_else(|e| panic!("{key}: {e}"));
    let case = guidec::case::validate(&file, &edition)
        .unwrap_or_else(|errors| panic!("{key}: {errors:?}"));
    let plan = guidec::interpret::Plan::new(&edition);
    let total = plan
        .evaluate(&case, guidec::interpret::Explain::No)
        .total_cents;
    let listing: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&listing).unwrap()).unwrap();
    // Every box of the form is a field of the PDF, under its name, with its label as tooltip.
    let view = &laid.view;
    for field in form::fields(view) {
        let listed = listing
            .get(&field.name)
            .unwrap_or_else(|| panic!("{key}: no PDF field {}", field.name));
        let kind = listed["type"].as_str().unwrap();
        match field.kind {
            FieldKind::Text => assert_eq!(kind, "/Tx", "{key}: {}", field.name),
            FieldKind::Check => {
                assert_eq!(kind, "/Btn", "{key}: {}", field.name);
                assert_eq!(
                    listed["tooltip"],
                    field.label.as_str(),
                    "{key}: {}",
                    field.name
                );
            }
            FieldKind::Radio => {
                assert_eq!(kind, "/Btn", "{key}: {}", field.name);
                let states: Vec<&str> = listed["states"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|s| s.as_str())
                    .collect();
                assert!(
                    states.contains(&format!("/{}", field.value).as_str()),
                    "{key}: {} has no state {} ({states:?})",
                    field.name,
                    field.value
                );
            }
        }
        if field.kind == FieldKind::Text {
            assert_eq!(
                listed["tooltip"],
                field.label.as_str(),
                "{key}: {}",
                field.name
            );
        }
        assert!(
            !listed["tooltip"].as_str().unwrap_or_default().is_empty(),
            "{key}: {} has no tooltip",
            field.name
        );
    }
    (total, listing)
}

#[test]
fn filled_forms_read_back_to_their_totals() {
    let dir = scratch("round-trip");
    // By hand: FAMI 2025, socle 490 € (software declared with its evidence joined, first year;
    // hours shown; personal MSSanté box; SESAM-Vitale addendum 8 and 95 % FSE measured), CPTS
    // 100 €, three "aller vers" interventions 300 €, no student: 890 €.
    // Forfait structure 2024, everything of the maximum (7 805 €) but "services aux patients"
    // answered no (70 points, 490 €): 7 315 €.
    let cases = [
        ("fami/chirurgiens_dentistes-2025", 89_000),
        ("forfait_structure/medecins-2024", 731_500),
    ];
    let mut skips = skips(cases.len());
    let available = pypdf();
    for (key, expected) in cases {
        if !available {
            skips.skip(key, "no python3 with pypdf");
            continue;
        }
        skips.take();
        let (total, listing) = round_trip(key, &dir);
        assert_eq!(total, expected, "{key}: total after read-form");
        assert!(
            listing.get("praticien.attestation_sur_l_honneur").is_some(),
            "{key}: the sworn statement is a field"
        );
    }
    skips.finish();
}

#[test]
fn every_form_has_its_fields_and_reads_back_empty() {
    for key in [
        "fami/chirurgiens_dentistes-2025",
        "fami/masseurs_kinesitherapeutes-2025",
        "forfait_structure/medecins-2020",
        "forfait_structure/medecins-2021",
        "forfait_structure/medecins-2024",
        "forfait_structure/medecins-2025",
    ] {
        let edition = edition(key);
        let laid = form_pdf(&edition).unwrap();
        let values = guidec::render::fillable::read_fields(&laid.pdf).unwrap();
        for field in form::fields(&laid.view) {
            assert!(
                values.contains_key(&field.name),
                "{key}: field {} missing",
                field.name
            );
        }
        // The name and number are on every page: one field, a box per page.
        let pages = laid.view.pages;
        for name in ["identification.nom", "identification.numero_am"] {
            let boxes: std::collections::BTreeSet<usize> = laid
                .fields
                .iter()
                .filter(|f| f.name == name)
                .map(|f| f.page)
                .collect();
            assert_eq!(
                boxes.len(),
                pages,
                "{key}: {name} on {boxes:?} of {pages} pages"
            );
        }
        // An empty form reads back as a case with nothing declared, which validates.
        let text = guidec::read_form::read_form(&edition, &laid.pdf, None).unwrap();
        let file = guidec::case::read(&text, &edition).unwrap();
        guidec::case::validate(&file, &edition).unwrap();
    }
}

/// Every spec under `specs/`, as `<programme>/<profession>-<year>`.
fn every_key() -> Vec<String> {
    let mut keys = Vec::new();
    for programme in std::fs::read_dir(root().join("specs")).unwrap() {
        let programme = programme.unwrap().path();
        if !programme.is_dir() {
            continue;
        }
        for spec in std::fs::read_dir(&programme).unwrap() {
            let spec = spec.unwrap().path();
            if spec.extension().is_some_and(|e| e == "guide") {
                keys.push(format!(
                    "{}/{}",
                    programme.file_name().unwrap().to_string_lossy(),
                    spec.file_stem().unwrap().to_string_lossy()
                ));
            }
        }
    }
    keys.sort();
    assert!(keys.len() >= 6, "specs found: {keys:?}");
    keys
}

/// No form of any edition has an empty return address or a sentence with a hole: the return
/// sentence names a place and a deadline, the paper text (when there is one) is a sentence, and
/// no text of the identification block is empty.
#[test]
fn every_form_says_where_and_when_to_return_it_in_whole_sentences() {
    for key in every_key() {
        let view = form::form(&edition(&key));
        let sentence = &view.return_sentence;
        for hole in [
            " à ,",
            " à ;",
            "à  ",
            " ; date limite : .",
            "le date",
            ", ,",
            " .",
        ] {
            assert!(
                !sentence.contains(hole),
                "{key}: `{hole}` in « {sentence} »"
            );
        }
        let (address, deadline) = sentence
            .split_once(" ; date limite : ")
            .unwrap_or_else(|| panic!("{key}: no deadline in « {sentence} »"));
        let place = address.rsplit(" à ").next().unwrap_or("");
        assert!(
            place.trim().len() > 3,
            "{key}: no return address in « {sentence} »"
        );
        assert!(
            deadline.trim_end_matches('.').trim().len() > 3,
            "{key}: « {sentence} »"
        );
        assert!(
            view.paper.is_empty() || view.paper.len() > 2,
            "{key}: « {} »",
            view.paper
        );
        for field in &view.identity {
            assert!(
                !field.label.trim().is_empty(),
                "{key}: an identification field without label"
            );
        }
    }
}

/// The identification block asks what every form asks, and a specialty only where the spec
/// declares it (`identification specialite "Spécialité"`: the forfait structure's editions).
#[test]
fn the_specialty_is_asked_only_where_the_spec_declares_it() {
    for key in every_key() {
        let edition = edition(&key);
        let view = form::form(&edition);
        let asks = view
            .identity
            .iter()
            .any(|f| f.name == "praticien.specialite");
        let declared = edition
            .labels
            .identification
            .iter()
            .any(|f| f.id == "specialite");
        assert_eq!(asks, declared, "{key}");
        assert_eq!(asks, key.starts_with("forfait_structure/"), "{key}");
    }
}

#[test]
fn a_pdf_that_is_not_the_form_is_refused() {
    let edition = edition("fami/chirurgiens_dentistes-2025");
    let other = edition_form("forfait_structure/medecins-2024");
    let errors = guidec::read_form::read_form(&edition, &other, None).unwrap_err();
    assert!(
        errors[0].message.contains("n'est pas le formulaire"),
        "{errors:?}"
    );
    let errors = guidec::read_form::read_form(&edition, b"%PDF-1.7 incomplet", None).unwrap_err();
    assert!(errors[0].message.contains("PDF"), "{errors:?}");
}

fn edition_form(key: &str) -> Vec<u8> {
    form_pdf(&edition(key)).unwrap().pdf
}

/// A damaged form: the FAMI 2025 form cut short, with bits flipped, bytes overwritten or a run
/// of bytes inserted, 400 times. `read_form` never panics: it reads a case, or refuses the file
/// in French.
#[test]
fn a_damaged_form_is_read_or_refused_never_a_panic() {
    let edition = edition("fami/chirurgiens_dentistes-2025");
    let clean = edition_form("fami/chirurgiens_dentistes-2025");
    let mut rng = random_cases::Rng(0x2545_f491_4f6c_dd1d);
    let mut below = |bound: usize| rng.below(bound as u64) as usize;
    let (mut read, mut refused) = (0, 0);
    for attempt in 0..400 {
        let mut pdf = clean.clone();
        let len = pdf.len();
        match below(4) {
            0 => pdf.truncate(below(len)),
            1 => {
                for _ in 0..=below(16) {
                    let at = below(len);
                    pdf[at] ^= 1 << below(8);
                }
            }
            2 => {
                let at = below(len);
                for byte in pdf.iter_mut().skip(at).take(1 + below(64)) {
                    *byte = b"0123456789 /<>[]()RobjendxrefFieldsAcroForm"[below(43)];
                }
            }
            _ => {
                let at = below(len);
                let run: Vec<u8> = (0..1 + below(64)).map(|_| (below(256)) as u8).collect();
                pdf.splice(at..at, run);
            }
        }
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            guidec::read_form::read_form(&edition, &pdf, None)
        }));
        match outcome {
            Ok(Ok(_)) => read += 1,
            Ok(Err(errors)) => {
                refused += 1;
                assert!(!errors.is_empty(), "attempt {attempt}: a refusal says why");
                for error in &errors {
                    assert!(
                        !error.message.starts_with("not ") && !error.message.starts_with("no "),
                        "attempt {attempt}: in French: {error}"
                    );
                }
            }
            Err(_) => panic!("attempt {attempt}: `read_form` panicked on a damaged form"),
        }
    }
    assert!(read > 0 && refused > 0, "read {read}, refused {refused}");
}
