//! Every edition's PDF form read back page by page (`pdftotext -layout`, poppler-utils), as a
//! practitioner reads it: every declarative indicator under its section with its number; the
//! return address and the deadline in one sentence, without a hole ("à ," or "le date"); no
//! indicator's title on another page than its boxes; the practitioner's identification on every
//! page; and the print HTML, printed by headless Chromium, on as many pages as the PDF.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/snapshot.rs"]
mod snapshot;

use guidec::ir::{Edition, Kind};
use guidec::render::pdf::form_pdf;
use snapshot::Skips;
use std::path::{Path, PathBuf};
use std::process::Command;

fn editions() -> Vec<(String, Edition)> {
    let files = guidec::driver::find_specs(&["specs".into()]).unwrap();
    files
        .iter()
        .map(|f| {
            let edition = guidec::driver::check_file(f)
                .unwrap()
                .edition
                .unwrap_or_else(|| panic!("{} has errors", f.display()));
            (f.display().to_string(), edition)
        })
        .collect()
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("guidec-form-layout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Each page's text, or `None` without pdftotext.
fn pages(pdf: &Path, count: usize) -> Option<Vec<String>> {
    (1..=count)
        .map(|page| {
            let out = Command::new("pdftotext")
                .args(["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
                .arg(pdf)
                .arg("-")
                .output()
                .ok()?;
            out.status
                .success()
                .then(|| squash(&String::from_utf8_lossy(&out.stdout)))
        })
        .collect()
}

fn page_count(pdf: &Path) -> Option<usize> {
    let out = Command::new("pdfinfo").arg(pdf).output().ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|p| p.trim().parse().ok())
}

fn bound(count: usize) -> usize {
    if std::env::var_os("CI").is_some() {
        0
    } else {
        count
    }
}

#[test]
fn every_form_reads_right_page_by_page() {
    let editions = editions();
    let dir = scratch();
    let mut skips = Skips::new(
        "PDF forms read back page by page (skipped without pdftotext; none on CI)",
        bound(editions.len()),
    );
    for (_, edition) in &editions {
        let key = edition.key();
        let laid = form_pdf(edition).unwrap();
        let path = dir.join(format!("{}.pdf", key.replace('/', "-")));
        std::fs::write(&path, &laid.pdf).unwrap();
        let Some(count) = page_count(&path) else {
            skips.skip(&key, "no pdfinfo");
            continue;
        };
        let Some(texts) = pages(&path, count) else {
            skips.skip(&key, "no pdftotext");
            continue;
        };
        skips.take();
        assert_eq!(count, laid.view.pages, "{key}: pages");
        let whole = texts.join(" ");
        // The return sentence, whole, with no hole.
        let sentence = squash(&guidec::render::form::return_sentence(edition));
        assert!(
            whole.contains(&sentence),
            "{key}: no return sentence «{sentence}»"
        );
        assert!(
            sentence.contains(" à ") && sentence.contains("date limite : "),
            "{key}: {sentence}"
        );
        for hole in ["à ,", "à ;", "le date", "à .", "au plus tard le date"] {
            assert!(!whole.contains(hole), "{key}: the form reads «{hole}»");
        }
        if let Some(paper) = &edition.paper {
            let address = squash(&paper.value.return_to.resolved);
            assert!(sentence.contains(&address), "{key}: {sentence}");
        }
        // The identification on every page: the block on the first, the running header after.
        for (n, text) in texts.iter().enumerate() {
            assert!(
                text.contains("Nom") && text.contains("N° Assurance Maladie"),
                "{key}: page {} carries no identification line",
                n + 1
            );
        }
        // Every declared indicator: its number and title on the page of its boxes, under its section.
        for (s, section) in laid.view.sections.iter().enumerate() {
            let section_page = laid
                .view
                .units
                .iter()
                .find(|u| u.kind == "section" && u.s == s)
                .map(|u| u.page)
                .unwrap();
            assert!(
                texts[section_page - 1].contains(&squash(&section.title)),
                "{key}: section «{}» not on page {section_page}",
                section.title
            );
            for (i, item) in section.items.iter().enumerate() {
                let unit = laid
                    .view
                    .units
                    .iter()
                    .find(|u| u.kind == "item" && u.s == s && u.i == i)
                    .unwrap();
                assert!(
                    unit.page >= section_page,
                    "{key}: {} before its section",
                    item.number
                );
                let head: String = squash(&format!("{} — {}", item.number, item.title))
                    .chars()
                    .take(60)
                    .collect();
                let page = &texts[unit.page - 1];
                assert!(
                    page.contains(&head),
                    "{key}: «{head}» not on page {}",
                    unit.page
                );
                for other in texts.iter().enumerate().filter(|(n, _)| n + 1 != unit.page) {
                    assert!(
                        !other.1.contains(&head),
                        "{key}: «{head}» also on page {}",
                        other.0 + 1
                    );
                }
                // Its boxes are on the same page as its title.
                for f in laid
                    .fields
                    .iter()
                    .filter(|f| f.name.starts_with("indicateurs.") && item_owns(item, &f.name))
                {
                    assert_eq!(f.page, unit.page, "{key}: box {} of «{head}»", f.name);
                }
            }
        }
        // Every declarative indicator of the spec is on the form.
        for section in &edition.sections {
            for (id, indicator) in section.all_indicators() {
                let declared = indicator.kind != Kind::Automated && indicator.neutralised.is_none();
                let title: String = squash(&indicator.title.resolved).chars().take(40).collect();
                if declared {
                    assert!(whole.contains(&title), "{key}: `{id}` missing: {title}");
                }
            }
        }
    }
    skips.finish();
}

/// Whether the field `name` is one of the item's boxes.
fn item_owns(item: &guidec::render::form::Item, name: &str) -> bool {
    item.controls.iter().any(|c| {
        c.fields.iter().any(|f| f.name == name)
            || c.options
                .iter()
                .any(|o| o.field.name == name || o.count.as_ref().is_some_and(|f| f.name == name))
    })
}

#[test]
fn the_print_html_takes_the_pages_of_the_pdf() {
    let editions = editions();
    let dir = scratch();
    let mut skips = Skips::new(
        "print HTML printed by headless Chromium (skipped without chromium; none on CI)",
        bound(editions.len()),
    );
    // The style sheet beside the pages, as in generated/site.
    let site = dir.join("site");
    std::fs::create_dir_all(site.join("a/b")).unwrap();
    std::fs::write(
        site.join("style.css"),
        include_str!("../templates/style.css"),
    )
    .unwrap();
    for (spec, edition) in &editions {
        let key = edition.key();
        let laid = form_pdf(edition).unwrap();
        let html = guidec::render::form_html(&laid.view, spec).unwrap();
        let page = site.join(format!("a/b/{}.html", key.replace('/', "-")));
        std::fs::write(&page, html).unwrap();
        let printed = dir.join(format!("{}.html.pdf", key.replace('/', "-")));
        let run = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--print-to-pdf={}", printed.display()))
            .arg(format!("file://{}", page.display()))
            .output();
        if !run.as_ref().is_ok_and(|r| r.status.success()) || !printed.exists() {
            skips.skip(&key, "no chromium");
            continue;
        }
        let Some(count) = page_count(&printed) else {
            skips.skip(&key, "no pdfinfo");
            continue;
        };
        skips.take();
        assert_eq!(
            count, laid.view.pages,
            "{key}: the print HTML takes {count} pages, the PDF {}",
            laid.view.pages
        );
    }
    skips.finish();
}
