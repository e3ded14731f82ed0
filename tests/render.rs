//! The guide pages, forms and PDFs: every indicator with its amount, derived totals, escaping,
//! determinism, and the PDF forms read back as text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/snapshot.rs"]
mod snapshot;

use guidec::ir::{self, Edition};
use guidec::render::pdf::PdfRenderer;
use guidec::render::{GuideRenderer, Output, Renderer, SiteEdition};
use snapshot::Skips;
use std::path::Path;

fn editions() -> Vec<(String, Edition)> {
    let files = guidec::driver::find_specs(&["specs".into()]).unwrap();
    assert!(!files.is_empty(), "no spec under specs/");
    files
        .iter()
        .map(|f| {
            let checked = guidec::driver::check_file(f).unwrap();
            let edition = checked
                .edition
                .unwrap_or_else(|| panic!("{} has errors", f.display()));
            (f.display().to_string(), edition)
        })
        .collect()
}

fn site(editions: &[(String, Edition)]) -> Vec<SiteEdition<'_>> {
    editions
        .iter()
        .map(|(spec, edition)| SiteEdition {
            spec: spec.clone(),
            edition,
        })
        .collect()
}

fn text_of<'a>(outputs: &'a [Output], path: &str) -> &'a str {
    let output = outputs
        .iter()
        .find(|o| o.path == Path::new(path))
        .unwrap_or_else(|| panic!("no output {path}"));
    std::str::from_utf8(&output.bytes).unwrap()
}

/// The text of an HTML page with tags removed and entities of interest decoded.
fn visible(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_indicator_appears_with_its_amount() {
    let editions = editions();
    let outputs = GuideRenderer.render(&site(&editions)).unwrap();
    for (_, edition) in &editions {
        let dir = guidec::render::edition_dir(edition);
        let page = visible(text_of(&outputs, &format!("{}/index.html", dir.display())));
        let markdown = text_of(&outputs, &format!("{}/guide.md", dir.display()));
        for section in &edition.sections {
            for (id, indicator) in section.all_indicators() {
                let title = squash(&indicator.title.resolved);
                assert!(
                    page.contains(&title),
                    "{}: `{id}` ({title}) missing from the guide page",
                    edition.key()
                );
                assert!(
                    squash(markdown).contains(&title),
                    "{}: `{id}` missing from the Markdown",
                    edition.key()
                );
                if section.amount.is_none() {
                    if let Some(ir::AmountSpec::Known(amount)) =
                        indicator.amount.as_ref().map(|a| &a.value)
                    {
                        let euros = squash(&guidec::wording::euros_in_words(amount.cents));
                        let row = page
                            .split(&title)
                            .nth(1)
                            .unwrap_or_else(|| panic!("{}: `{id}` has no row", edition.key()));
                        let cell: String = row.chars().take(120).collect();
                        assert!(
                            cell.contains(&euros),
                            "{}: `{id}` should show {euros} near its title: {cell}",
                            edition.key()
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn derived_totals_equal_the_sums_of_their_parts() {
    for (_, edition) in editions() {
        let model = guidec::render::view::edition(&edition, Vec::new());
        let mut edition_cents = 0;
        for (section, view) in edition.sections.iter().zip(&model.sections) {
            let listed: i64 = section
                .indicators
                .iter()
                .map(|i| i.max_amount().cents)
                .sum();
            let sum: i64 = match (
                &section.amount,
                &section.unknown_rest,
                &section.stated_total,
            ) {
                (Some(amount), _, _) => amount.value.known().map_or(0, |a| a.cents),
                // `reste inconnu`: the stated total, which the listed indicators do not reach.
                (None, Some(_), Some(total)) => {
                    assert!(
                        listed <= total.value.cents,
                        "{}: {}",
                        edition.key(),
                        section.id
                    );
                    total.value.cents
                }
                _ => listed,
            };
            assert_eq!(
                view.total_euros,
                guidec::wording::euros_in_words(sum),
                "{}: total of {}",
                edition.key(),
                section.id
            );
            assert_eq!(view.count, section.indicators.len());
            assert_eq!(
                view.count_declared + view.count_automated,
                view.count,
                "{}: {} counts",
                edition.key(),
                section.id
            );
            if let Some(stated) = &section.stated_total {
                assert_eq!(
                    stated.value.cents,
                    sum,
                    "{}: stated total of {}",
                    edition.key(),
                    section.id
                );
            }
            edition_cents += sum;
        }
        assert_eq!(
            model.max_euros,
            guidec::wording::euros_in_words(edition_cents),
            "{}",
            edition.key()
        );
        if let Some(stated) = &edition.stated_max_total {
            assert_eq!(stated.value.cents, edition_cents, "{}", edition.key());
        }
    }
}

#[test]
fn the_seeds_maxima_come_out_of_the_sums() {
    let editions = editions();
    let max = |key: &str| {
        editions
            .iter()
            .find(|(_, e)| e.key() == key)
            .map(|(_, e)| e.max_total().cents)
            .unwrap()
    };
    assert_eq!(max("fami/chirurgiens_dentistes-2025"), 124_000);
    assert_eq!(max("forfait_structure/medecins-2024"), 780_500);
    assert_eq!(max("forfait_structure/medecins-2020"), (280 + 605) * 700);
}

const HOSTILE: &str = r#"
édition fami chirurgiens_dentistes 2025 {
  titre "Guide <script>alert('titre')</script>"
  source 004 "004_6142dd41ec68d0fa.txt" "Guide"
  unité euros
  appréciation au 31/12/N sans proratisation [004 §3]
  ouverture 12/01/N+1 [004 §2]
  clôture 02/03/N+1 [004 §2]
  portail "amelipro"
  attestation "Je certifie <b>tout</b>." [004 §2]
  papier "Renvoyez le formulaire <img src=x onerror=alert(1)>." renvoi "CPAM <i>locale</i>" [004 §2]
  section socle "Socle <em>x</em>" prérequis [004 §1] {
    montant 490 € [004 §1]
    indicateur a "Indicateur <script>alert(2)</script>" [004 §1] {
      type déclaratif [004 §1]
      question "Oui <iframe>?" [004 §1]
      justificatif sur l'honneur [004 §1]
      description """
        Texte <script>alert(3)</script> et <div onclick="x">bloc</div>.
      """ [004 §1]
    }
  }
}
"#;

#[test]
fn text_from_a_spec_comes_out_escaped() {
    let checked = guidec::driver::check_source(HOSTILE, None);
    let edition = checked
        .edition
        .unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
    let editions = vec![(
        "specs/fami/chirurgiens_dentistes-2025.guide".to_string(),
        edition,
    )];
    let outputs = GuideRenderer.render(&site(&editions)).unwrap();
    for output in outputs
        .iter()
        .filter(|o| o.path.extension().is_some_and(|e| e == "html"))
    {
        let html = std::str::from_utf8(&output.bytes).unwrap();
        for raw in [
            "<script",
            "<iframe",
            "<img",
            "<b>",
            "<i>",
            "<em>x",
            "<div onclick",
        ] {
            assert!(
                !html.contains(raw),
                "{}: `{raw}` came through unescaped",
                output.path.display()
            );
        }
    }
    let page = text_of(&outputs, "site/fami/chirurgiens_dentistes-2025/index.html");
    assert!(
        page.contains("&lt;script&gt;alert(3)&lt;/script&gt;"),
        "prose should be shown as text"
    );
}

#[test]
fn rendering_is_deterministic() {
    let editions = editions();
    let first = GuideRenderer.render(&site(&editions)).unwrap();
    let second = GuideRenderer.render(&site(&editions)).unwrap();
    assert_eq!(first, second);
    let one = PdfRenderer.render(&site(&editions[..1])).unwrap();
    let two = PdfRenderer.render(&site(&editions[..1])).unwrap();
    assert_eq!(one, two, "PDF bytes differ between two runs");
}

/// Text of a PDF through `pdftotext` (poppler-utils), when it is installed.
fn pdf_text(bytes: &[u8], name: &str) -> Option<(String, usize)> {
    let dir = std::env::temp_dir().join(format!("guidec-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let text = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .ok()?;
    let info = std::process::Command::new("pdfinfo")
        .arg(&path)
        .output()
        .ok()?;
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or(0);
    Some((String::from_utf8_lossy(&text.stdout).to_string(), pages))
}

/// PDFs whose text checks may be skipped because `pdftotext` is missing: none on CI (`CI` set),
/// every one elsewhere, counted and printed.
fn pdf_skips(pdfs: usize) -> Skips {
    let bound = if std::env::var_os("CI").is_some() {
        0
    } else {
        pdfs
    };
    Skips::new(
        "PDFs read back as text (skipped without pdftotext, from poppler-utils; none on CI)",
        bound,
    )
}

#[test]
fn pdf_forms_read_back() {
    let editions = editions();
    let outputs = PdfRenderer.render(&site(&editions)).unwrap();
    // Each edition's form, and the FAMI annex.
    let mut skips = pdf_skips(editions.len() + 1);
    for (_, edition) in &editions {
        let dir = guidec::render::edition_dir(edition);
        let form = outputs
            .iter()
            .find(|o| o.path == dir.join("formulaire.pdf"))
            .unwrap_or_else(|| panic!("{}: no PDF form", edition.key()));
        assert!(
            form.bytes.starts_with(b"%PDF-"),
            "{}: not a PDF",
            edition.key()
        );
        let Some((text, pages)) = pdf_text(
            &form.bytes,
            &format!("{}.pdf", edition.key().replace('/', "-")),
        ) else {
            skips.skip(dir.join("formulaire.pdf").display(), "no pdftotext");
            continue;
        };
        skips.take();
        let text = squash(&text);
        assert!(
            (1..=4).contains(&pages),
            "{}: {pages} pages, at most 4",
            edition.key()
        );
        for section in &edition.sections {
            for indicator in &section.indicators {
                let title = squash(&indicator.title.resolved);
                let head: String = title.chars().take(40).collect();
                let at = text.find(&head).unwrap_or_else(|| {
                    panic!(
                        "{}: `{}` missing from the form: {head}",
                        edition.key(),
                        indicator.id
                    )
                });
                let after: String = text[at..]
                    .chars()
                    .take(title.chars().count() + 400)
                    .collect();
                if indicator.kind == ir::Kind::Automated
                    && indicator.subs.iter().all(|s| s.kind == ir::Kind::Automated)
                {
                    // Listed with nothing to declare, no box.
                    assert!(
                        after.contains("rien à déclarer"),
                        "{}: automated `{}` not listed as nothing to declare",
                        edition.key(),
                        indicator.id
                    );
                }
            }
        }
        let deadline = guidec::render::words::deadline(edition)
            .unwrap_or_else(|| "non communiquée à la date de publication".into());
        assert!(
            text.contains(&format!("date limite : {deadline}")),
            "{}: deadline {deadline} missing",
            edition.key()
        );
        if let Some(sworn) = &edition.sworn_statement {
            let head: String = squash(&sworn.value.resolved).chars().take(50).collect();
            assert!(
                text.contains(&head),
                "{}: sworn statement missing",
                edition.key()
            );
        }
        if let Some(paper) = &edition.paper {
            assert!(
                text.contains(&squash(&paper.value.return_to.resolved)),
                "{}: return address missing",
                edition.key()
            );
        }
    }
    let fami = editions
        .iter()
        .find(|(_, e)| e.programme == "fami")
        .map(|(_, e)| e)
        .unwrap();
    let annex = guidec::render::edition_dir(fami).join("annexe-attestation_editeur.pdf");
    let annex = outputs
        .iter()
        .find(|o| o.path == annex)
        .expect("FAMI annex PDF");
    match pdf_text(&annex.bytes, "annexe.pdf") {
        Some((text, _)) => {
            assert!(
                squash(&text).contains("DMP Compatible"),
                "annex text: {text}"
            );
            skips.take();
        }
        None => skips.skip(annex.path.display(), "no pdftotext"),
    }
    skips.finish();
}

/// The test-only edition with optional indicators in its prerequisite section
/// (`tests/optional/specs`): the guide page, its Markdown, the print form and the PDF form say
/// "facultatif en 2022" and "facultatif", each optional indicator's amount on top, and the
/// section's total with its optional part.
#[test]
fn optional_indicators_and_the_optional_part_of_a_total_are_shown() {
    let spec = "tests/optional/specs/forfait_structure/essai-2022.guide";
    let edition = guidec::driver::check_file(Path::new(spec))
        .unwrap()
        .edition
        .unwrap();
    let dir = guidec::render::edition_dir(&edition).display().to_string();
    let editions = vec![(spec.to_string(), edition)];
    let outputs = GuideRenderer.render(&site(&editions)).unwrap();
    let page = visible(text_of(&outputs, &format!("{dir}/index.html")));
    let markdown = squash(&text_of(&outputs, &format!("{dir}/guide.md")).replace("**", ""));
    let pdfs = PdfRenderer.render(&site(&editions)).unwrap();
    let form = visible(text_of(&pdfs, &format!("{dir}/formulaire.html")));
    for text in [&page, &markdown] {
        for expected in [
            "Indicateur facultatif en 2022 : il n'est pas exigé pour atteindre la section ; atteint, il est rémunéré 120 points (840 €) en plus",
            "Indicateur facultatif : il n'est pas exigé pour atteindre la section ; atteint, il est rémunéré 30 points (210 €) en plus",
            "Total 430 points (3 010 €), dont 150 points (1 050 €) pour les indicateurs facultatifs.",
            "Tous ces indicateurs, sauf les facultatifs, doivent être atteints",
        ] {
            assert!(text.contains(&squash(expected)), "missing « {expected} »: {text}");
        }
    }
    assert!(
        page.contains("280 points (1 960 €) si tous les indicateurs exigés sont atteints"),
        "{page}"
    );
    assert!(
        page.contains("les 2 indicateurs exigés doivent tous être atteints pour percevoir 280 points (1 960 €) ; 150 points (1 050 €) en plus pour les 2 indicateurs facultatifs"),
        "{page}"
    );
    for expected in [
        "280 points (1 960 €) ; total 430 points (3 010 €), dont 150 points (1 050 €) pour les indicateurs facultatifs",
        "S'impliquer dans la prise en charge coordonnée des patients (facultatif en 2022 : 120 points (840 €) en plus, s'il est atteint)",
        "Disposer d'un équipement de vidéotransmission (facultatif : 30 points (210 €) en plus, s'il est atteint)",
    ] {
        assert!(form.contains(&squash(expected)), "missing « {expected} »: {form}");
    }
    let pdf = pdfs
        .iter()
        .find(|o| o.path == Path::new(&format!("{dir}/formulaire.pdf")))
        .unwrap();
    let mut skips = pdf_skips(1);
    match pdf_text(&pdf.bytes, "essai-2022.pdf") {
        Some((text, _)) => {
            skips.take();
            let text = squash(&text);
            assert!(
                text.contains("(facultatif en 2022 : 120 points (840 €) en plus, s'il est"),
                "{text}"
            );
            assert!(
                text.contains("(facultatif : 30 points (210 €) en plus, s'il est atteint)"),
                "{text}"
            );
            assert!(text.contains("dont 150 points (1 050 €) pour"), "{text}");
        }
        None => skips.skip("essai-2022.pdf", "no pdftotext"),
    }
    skips.finish();
}
