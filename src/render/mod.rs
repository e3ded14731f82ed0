//! Documents: the guide pages (HTML and Markdown), the index, and the paper declaration forms, from the IR.
//!
//! Renderers sit behind a small trait and return their files in memory; the
//! build writes them only when every spec checked and every renderer
//! succeeded. Templates are files in `templates/`, embedded at compile time.

#[cfg(feature = "pdf")]
pub mod fillable;
pub mod form;
pub mod markdown;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod view;
pub mod words;

use crate::ir::Edition;
use minijinja::{Environment, Value};
use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// An edition with the spec it comes from.
pub struct SiteEdition<'a> {
    /// `specs/<programme>/<profession>-<year>.guide`.
    pub spec: String,
    /// The checked edition.
    pub edition: &'a Edition,
}

/// One file of the outputs, relative to `generated/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// Where, relative to the outputs folder.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Why a renderer failed.
#[derive(Debug)]
pub struct RenderError(pub String);

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RenderError {}

impl From<minijinja::Error> for RenderError {
    fn from(error: minijinja::Error) -> Self {
        let mut message = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            message.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        RenderError(message)
    }
}

/// A backend that turns the checked editions into files.
pub trait Renderer {
    /// Its name, for messages.
    fn name(&self) -> &'static str;
    /// Every file it makes.
    fn render(&self, editions: &[SiteEdition<'_>]) -> Result<Vec<Output>, RenderError>;
}

/// The folder of an edition's documents: `site/<programme>/<profession>-<year>`.
pub fn edition_dir(edition: &Edition) -> PathBuf {
    PathBuf::from("site")
        .join(&edition.programme)
        .join(format!("{}-{}", edition.profession, edition.year))
}

/// The escaping of the Markdown templates (`*.md`).
const MARKDOWN: minijinja::AutoEscape = minijinja::AutoEscape::Custom("markdown");

/// The template environment, every template embedded. HTML templates autoescape HTML; Markdown
/// templates (`.md`) escape every value with `escape::markdown_text`, except values marked safe
/// (prose made safe by `markdown::to_markdown`); the `code` filter writes a code span.
pub fn environment() -> Result<Environment<'static>, RenderError> {
    let mut env = Environment::new();
    env.set_keep_trailing_newline(true);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".md") {
            MARKDOWN
        } else {
            minijinja::default_auto_escape_callback(name)
        }
    });
    env.set_formatter(|out, state, value| {
        if state.auto_escape() != MARKDOWN {
            return minijinja::escape_formatter(out, state, value);
        }
        let text = if value.is_undefined() {
            String::new()
        } else if value.is_safe() {
            value.to_string()
        } else {
            crate::escape::markdown_text(&value.to_string())
        };
        out.write_str(&text).map_err(minijinja::Error::from)
    });
    env.add_filter("code", |value: String| {
        Value::from_safe_string(crate::escape::markdown_code(&value))
    });
    env.add_filter("url", |value: String| {
        Value::from_safe_string(crate::escape::url_path(&value))
    });
    env.add_filter("label", |value: String| {
        Value::from_safe_string(crate::escape::label(&value))
    });
    env.add_template("base.html", include_str!("../../templates/base.html"))?;
    env.add_template("index.html", include_str!("../../templates/index.html"))?;
    env.add_template("guide.html", include_str!("../../templates/guide.html"))?;
    env.add_template("guide.md", include_str!("../../templates/guide.md"))?;
    env.add_template("form.html", include_str!("../../templates/form.html"))?;
    env.add_template("changes.html", include_str!("../../templates/changes.html"))?;
    env.add_template("notes.html", include_str!("../../templates/notes.html"))?;
    Ok(env)
}

/// The style sheet.
pub const STYLE: &str = include_str!("../../templates/style.css");

/// The previous edition of the same programme and profession, if any.
pub fn previous<'a>(
    editions: &'a [SiteEdition<'a>],
    edition: &Edition,
) -> Option<&'a SiteEdition<'a>> {
    editions
        .iter()
        .filter(|e| {
            e.edition.programme == edition.programme
                && e.edition.profession == edition.profession
                && e.edition.year < edition.year
        })
        .max_by_key(|e| e.edition.year)
}

/// The change report between two editions, relative to `site/<programme>/`.
pub fn changes_file(old: &Edition, new: &Edition) -> String {
    format!(
        "{}-{}-{}-changements.html",
        new.profession, old.year, new.year
    )
}

/// The guide pages, their Markdown, the HTML forms, the index and the style sheet.
pub struct GuideRenderer;

#[derive(Serialize)]
struct IndexEdition {
    year: i32,
    profession: String,
    count: usize,
    max_total: String,
    href: String,
    form_href: String,
    pdf_href: String,
    changes_href: String,
    previous_year: i32,
    notes_href: String,
}

#[derive(Serialize)]
struct IndexProgramme {
    id: String,
    label: String,
    editions: Vec<IndexEdition>,
}

fn header_html(spec: &str) -> String {
    format!(
        "<!-- generated by guidec from {}, do not edit -->\n",
        crate::escape::label(spec)
    )
}

/// The links of an edition's pages to its siblings.
fn links(editions: &[SiteEdition<'_>], edition: &Edition) -> Vec<view::Link> {
    let mut links = vec![
        view::Link {
            href: "formulaire.pdf".to_string(),
            label: "Formulaire de déclaration (PDF)".to_string(),
        },
        view::Link {
            href: "formulaire.html".to_string(),
            label: "Formulaire de déclaration (HTML à imprimer)".to_string(),
        },
        view::Link {
            href: "guide.md".to_string(),
            label: "Ce guide en Markdown".to_string(),
        },
    ];
    for annex in &edition.annexes {
        links.push(view::Link {
            href: format!("annexe-{}.pdf", annex.id),
            label: format!("{} (PDF)", annex.title.resolved),
        });
    }
    if let Some(old) = previous(editions, edition).map(|e| e.edition) {
        links.push(view::Link {
            href: format!("../{}", changes_file(old, edition)),
            label: format!("Changements depuis {}", old.year),
        });
    }
    links
}

/// The print HTML of a form laid out by the PDF (`pdf::form_pdf`): its units on the PDF's pages.
pub fn form_html(view: &form::FormView, spec: &str) -> Result<Vec<u8>, RenderError> {
    let env = environment()?;
    let context = minijinja::context! { e => view, root => "../../", spec => spec };
    let form = env.get_template("form.html")?.render(&context)?;
    Ok(format!("{}{form}", header_html(spec)).into_bytes())
}

impl Renderer for GuideRenderer {
    fn name(&self) -> &'static str {
        "guide pages"
    }

    fn render(&self, editions: &[SiteEdition<'_>]) -> Result<Vec<Output>, RenderError> {
        let env = environment()?;
        let mut outputs = Vec::new();
        outputs.push(Output {
            path: PathBuf::from("site/style.css"),
            bytes: STYLE.as_bytes().to_vec(),
        });
        let mut programmes: Vec<IndexProgramme> = Vec::new();
        let mut sorted: Vec<&SiteEdition<'_>> = editions.iter().collect();
        sorted.sort_by(|a, b| {
            (&a.edition.programme, &a.edition.profession, a.edition.year).cmp(&(
                &b.edition.programme,
                &b.edition.profession,
                b.edition.year,
            ))
        });
        for site_edition in &sorted {
            let edition = site_edition.edition;
            let dir = edition_dir(edition);
            let model = view::edition(edition, links(editions, edition));
            let context =
                minijinja::context! { e => &model, root => "../../", spec => &site_edition.spec };
            let guide = env.get_template("guide.html")?.render(&context)?;
            outputs.push(Output {
                path: dir.join("index.html"),
                bytes: format!("{}{guide}", header_html(&site_edition.spec)).into_bytes(),
            });
            let markdown = env.get_template("guide.md")?.render(&context)?;
            outputs.push(Output {
                path: dir.join("guide.md"),
                bytes: markdown.into_bytes(),
            });
            let drafting = view::drafting(edition);
            let notes = env.get_template("notes.html")?.render(
                minijinja::context! { d => &drafting, root => "../../", spec => &site_edition.spec },
            )?;
            outputs.push(Output {
                path: dir.join("notes-de-redaction.html"),
                bytes: format!("{}{notes}", header_html(&site_edition.spec)).into_bytes(),
            });
            let previous = previous(editions, edition).map(|e| e.edition);
            let entry = IndexEdition {
                year: edition.year,
                profession: edition.labels.profession.clone(),
                count: model.count,
                max_total: model.max_total.clone(),
                href: format!(
                    "{}/index.html",
                    dir.strip_prefix("site").unwrap_or(&dir).display()
                ),
                form_href: format!(
                    "{}/formulaire.html",
                    dir.strip_prefix("site").unwrap_or(&dir).display()
                ),
                pdf_href: format!(
                    "{}/formulaire.pdf",
                    dir.strip_prefix("site").unwrap_or(&dir).display()
                ),
                changes_href: previous
                    .map(|old| format!("{}/{}", edition.programme, changes_file(old, edition)))
                    .unwrap_or_default(),
                previous_year: previous.map_or(0, |old| old.year),
                notes_href: format!(
                    "{}/notes-de-redaction.html",
                    dir.strip_prefix("site").unwrap_or(&dir).display()
                ),
            };
            match programmes.iter_mut().find(|p| p.id == edition.programme) {
                Some(programme) => {
                    // The latest edition names its programme.
                    programme.label = edition.labels.programme.clone();
                    programme.editions.push(entry);
                }
                None => programmes.push(IndexProgramme {
                    id: edition.programme.clone(),
                    label: edition.labels.programme.clone(),
                    editions: vec![entry],
                }),
            }
        }
        let index = env
            .get_template("index.html")?
            .render(minijinja::context! { programmes => &programmes, root => "" })?;
        outputs.push(Output {
            path: PathBuf::from("site/index.html"),
            bytes: format!("{}{index}", header_html("specs/")).into_bytes(),
        });
        Ok(outputs)
    }
}
