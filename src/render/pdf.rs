//! PDF: the paper declaration form and the annexed documents, typeset by Typst embedded as a library.
//!
//! The templates (`templates/form.typ`, `templates/annex.typ`) receive their
//! data through `sys.inputs`, as values, never as markup: a text from a spec
//! is always set as text. Fonts are Typst's embedded ones; no system font is
//! read, so the same specs give the same bytes on every machine.

use super::fillable::{self, Placed};
use super::form::{self, FieldKind, FormView};
use super::{edition_dir, Output, RenderError, Renderer, SiteEdition};
use crate::ir::Edition;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use typst::foundations::{Array, Dict, Label, Selector, Str, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst_as_lib::typst_kit_options::TypstKitFontOptions;
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

const FORM_TEMPLATE: &str = include_str!("../../templates/form.typ");
const ANNEX_TEMPLATE: &str = include_str!("../../templates/annex.typ");

/// A JSON value as a Typst value (numbers as integers; these models hold no fraction).
fn to_typst(value: &serde_json::Value) -> Value {
    match value {
        serde_json::Value::Null => Value::None,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map_or_else(|| Value::Str(Str::from(n.to_string())), Value::Int),
        // Control and direction characters (W0204 warns of them) are left out: no font draws
        // them, and an accessible PDF (PDF/UA-1) refuses text it cannot draw.
        serde_json::Value::String(s) => Value::Str(Str::from(
            s.chars()
                .filter(|c| crate::escape::suspicious(*c).is_none())
                .collect::<String>(),
        )),
        serde_json::Value::Array(items) => {
            Value::Array(items.iter().map(to_typst).collect::<Array>())
        }
        serde_json::Value::Object(map) => {
            let mut dict = Dict::new();
            for (key, value) in map {
                dict.insert(Str::from(key.as_str()), to_typst(value));
            }
            Value::Dict(dict)
        }
    }
}

fn engine(template: &'static str) -> TypstEngine<typst_as_lib::TypstTemplateMainFile> {
    TypstEngine::builder()
        .main_file(template)
        .search_fonts_with(
            TypstKitFontOptions::default()
                .include_system_fonts(false)
                .include_embedded_fonts(true),
        )
        .build()
}

fn layout(
    template: &'static str,
    key: &str,
    model: &impl Serialize,
    what: &str,
) -> Result<PagedDocument, RenderError> {
    let json = serde_json::to_value(model).map_err(|e| RenderError(format!("{what}: {e}")))?;
    let mut inputs = Dict::new();
    inputs.insert(Str::from(key), to_typst(&json));
    let warned = engine(template).compile_with_input::<_, PagedDocument>(inputs);
    warned
        .output
        .map_err(|e| RenderError(format!("{what}: typesetting failed: {e:?}")))
}

fn export(document: &PagedDocument, what: &str) -> Result<Vec<u8>, RenderError> {
    typst_pdf::pdf(document, &typst_pdf::PdfOptions::default())
        .map_err(|e| RenderError(format!("{what}: PDF export failed: {e:?}")))
}

/// The form's PDF declared PDF/UA-1 (tagged, titled, in French; Typst checks it as it writes).
/// PDF/A is not declared: its fields would need embedded fonts for their text and no
/// `/NeedAppearances`, which a form meant to be filled in any reader needs.
fn export_accessible(document: &PagedDocument, what: &str) -> Result<Vec<u8>, RenderError> {
    let standards = typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1])
        .map_err(|e| RenderError(format!("{what}: PDF standards: {e:?}")))?;
    let options = typst_pdf::PdfOptions {
        standards,
        ..typst_pdf::PdfOptions::default()
    };
    typst_pdf::pdf(document, &options)
        .map_err(|e| RenderError(format!("{what}: PDF/UA-1 export failed: {e:?}")))
}

fn typeset(
    template: &'static str,
    key: &str,
    model: &impl Serialize,
    what: &str,
) -> Result<Vec<u8>, RenderError> {
    export(&layout(template, key, model, what)?, what)
}

/// The metadata values marked with `label`, each with its page and position (points from the
/// page's top left).
fn marks(document: &PagedDocument, label: &str) -> Vec<(Value, usize, f64, f64)> {
    let Some(label) = Label::new(PicoStr::intern(label)) else {
        return Vec::new();
    };
    let introspector = document.introspector();
    introspector
        .query(&Selector::Label(label))
        .iter()
        .filter_map(|content| {
            let value = content.to_packed::<MetadataElem>()?.value.clone();
            let position = introspector.position(content.location()?)?;
            Some((
                value,
                position.page.get(),
                position.point.x.to_pt(),
                position.point.y.to_pt(),
            ))
        })
        .collect()
}

fn text_of(dict: &Dict, key: &str) -> String {
    match dict.get(key) {
        Ok(Value::Str(s)) => s.as_str().to_string(),
        _ => String::new(),
    }
}

fn number_of(dict: &Dict, key: &str) -> f64 {
    match dict.get(key) {
        Ok(Value::Float(f)) => *f,
        Ok(Value::Int(i)) => *i as f64,
        _ => 0.0,
    }
}

/// A form laid out: the fillable PDF, and the form's model with the page of each unit.
pub struct LaidOutForm {
    /// The fillable PDF.
    pub pdf: Vec<u8>,
    /// The model, each unit with its page, and the page count.
    pub view: FormView,
    /// The boxes where the fields are.
    pub fields: Vec<Placed>,
}

/// The paper form of an edition, typeset, with its fields; the model knows each unit's page.
pub fn form_pdf(edition: &Edition) -> Result<LaidOutForm, RenderError> {
    let what = format!("form of {}", edition.key());
    let mut view = form::form(edition);
    let document = layout(FORM_TEMPLATE, "e", &view, &what)?;
    view.pages = document.pages().len();
    for (value, page, _, _) in marks(&document, "unit") {
        if let Value::Int(n) = value {
            if let Some(unit) = usize::try_from(n).ok().and_then(|n| view.units.get_mut(n)) {
                unit.page = page;
            }
        }
    }
    let mut fields = Vec::new();
    for (value, page, x, y) in marks(&document, "field") {
        let Value::Dict(dict) = value else { continue };
        let kind = match text_of(&dict, "kind").as_str() {
            "check" => FieldKind::Check,
            "radio" => FieldKind::Radio,
            _ => FieldKind::Text,
        };
        fields.push(Placed {
            name: text_of(&dict, "name"),
            label: text_of(&dict, "label"),
            kind,
            value: text_of(&dict, "value"),
            digits: usize::try_from(match dict.get("digits") {
                Ok(Value::Int(i)) => *i,
                _ => 0,
            })
            .unwrap_or(0),
            page,
            x,
            y,
            w: number_of(&dict, "w"),
            h: number_of(&dict, "h"),
        });
    }
    let pdf = export_accessible(&document, &what)?;
    let pdf =
        fillable::add_fields(&pdf, &fields).map_err(|e| RenderError(format!("{what}: {e}")))?;
    Ok(LaidOutForm { pdf, view, fields })
}

/// A run of text in an annex.
#[derive(Serialize, Default, Clone)]
struct Run {
    text: String,
    strong: bool,
    emph: bool,
    sup: bool,
    brk: bool,
}

/// A block of an annex.
#[derive(Serialize)]
struct Block {
    kind: &'static str,
    runs: Vec<Run>,
    ordered: bool,
    items: Vec<Vec<Run>>,
    rows: Vec<Vec<Vec<Run>>>,
    label: String,
}

impl Block {
    fn new(kind: &'static str) -> Self {
        Block {
            kind,
            runs: Vec::new(),
            ordered: false,
            items: Vec::new(),
            rows: Vec::new(),
            label: String::new(),
        }
    }
}

/// Markdown as the blocks the annex template lays out: headings, paragraphs, lists, tables, footnotes.
fn blocks(markdown: &str) -> Vec<Block> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    let mut out: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    let mut runs: Vec<Run> = Vec::new();
    let (mut strong, mut emph) = (false, false);
    let mut footnotes: Vec<String> = Vec::new();
    let mut row: Vec<Vec<Run>> = Vec::new();
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Heading { .. }) => current = Some(Block::new("heading")),
            Event::Start(Tag::Paragraph) if current.is_none() => {
                current = Some(Block::new("paragraph"))
            }
            Event::Start(Tag::List(start)) => {
                let mut block = Block::new("list");
                block.ordered = start.is_some();
                current = Some(block);
            }
            Event::Start(Tag::Table(_)) => current = Some(Block::new("table")),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let mut block = Block::new("footnote");
                let number = footnotes
                    .iter()
                    .position(|f| f.as_str() == &*label)
                    .map_or(footnotes.len() + 1, |i| i + 1);
                block.label = number.to_string();
                current = Some(block);
            }
            Event::Start(Tag::Strong) => strong = true,
            Event::End(TagEnd::Strong) => strong = false,
            Event::Start(Tag::Emphasis) => emph = true,
            Event::End(TagEnd::Emphasis) => emph = false,
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                runs.push(Run {
                    text: text.to_string(),
                    strong,
                    emph,
                    ..Run::default()
                })
            }
            Event::SoftBreak => runs.push(Run {
                text: " ".to_string(),
                ..Run::default()
            }),
            Event::HardBreak => {
                if let Some(last) = runs.last_mut() {
                    last.brk = true;
                }
            }
            Event::FootnoteReference(label) => {
                if !footnotes.iter().any(|f| f.as_str() == &*label) {
                    footnotes.push(label.to_string());
                }
                let number = footnotes
                    .iter()
                    .position(|f| f.as_str() == &*label)
                    .map_or(0, |i| i + 1);
                runs.push(Run {
                    text: number.to_string(),
                    sup: true,
                    ..Run::default()
                });
            }
            Event::End(TagEnd::Item) => {
                if let Some(block) = current.as_mut() {
                    block.items.push(std::mem::take(&mut runs));
                }
            }
            Event::End(TagEnd::TableCell) => row.push(std::mem::take(&mut runs)),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                if let Some(block) = current.as_mut() {
                    block.rows.push(std::mem::take(&mut row));
                }
            }
            Event::End(TagEnd::Heading(_) | TagEnd::FootnoteDefinition) => {
                if let Some(mut block) = current.take() {
                    block.runs = std::mem::take(&mut runs);
                    out.push(block);
                }
            }
            Event::End(TagEnd::Paragraph)
                if current.as_ref().is_some_and(|b| b.kind == "paragraph") =>
            {
                if let Some(mut block) = current.take() {
                    block.runs = std::mem::take(&mut runs);
                    out.push(block);
                }
            }
            Event::End(TagEnd::List(_) | TagEnd::Table) => {
                if let Some(block) = current.take() {
                    out.push(block);
                }
            }
            _ => {}
        }
    }
    out
}

#[derive(Serialize)]
struct AnnexModel<'a> {
    title: &'a str,
    edition: String,
    source: String,
    blocks: Vec<Block>,
}

/// The paper forms and the annexes as PDF.
pub struct PdfRenderer;

impl Renderer for PdfRenderer {
    fn name(&self) -> &'static str {
        "PDF forms"
    }

    fn render(&self, editions: &[SiteEdition<'_>]) -> Result<Vec<Output>, RenderError> {
        let mut outputs = Vec::new();
        for site_edition in editions {
            let edition = site_edition.edition;
            let dir = edition_dir(edition);
            let form = form_pdf(edition)?;
            outputs.push(Output {
                path: dir.join("formulaire.html"),
                bytes: super::form_html(&form.view, &site_edition.spec)?,
            });
            outputs.push(Output {
                path: dir.join("formulaire.pdf"),
                bytes: form.pdf,
            });
            for annex in &edition.annexes {
                let model = AnnexModel {
                    title: &annex.title.resolved,
                    edition: edition.title.resolved.clone(),
                    source: super::words::provenance(&annex.provenance),
                    blocks: blocks(&annex.text.resolved),
                };
                let pdf = typeset(
                    ANNEX_TEMPLATE,
                    "a",
                    &model,
                    &format!("annex {} of {}", annex.id, edition.key()),
                )?;
                outputs.push(Output {
                    path: dir.join(format!("annexe-{}.pdf", annex.id)),
                    bytes: pdf,
                });
            }
        }
        Ok(outputs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_blocks() {
        let blocks = blocks("Un **gras** et *italique*[^1].\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n[^1]: Note.");
        let kinds: Vec<&str> = blocks.iter().map(|b| b.kind).collect();
        assert_eq!(kinds, ["paragraph", "list", "table", "footnote"]);
        assert!(blocks[0].runs.iter().any(|r| r.strong && r.text == "gras"));
        assert!(blocks[0].runs.iter().any(|r| r.sup && r.text == "1"));
        assert_eq!(blocks[1].items.len(), 2);
        assert_eq!(blocks[2].rows.len(), 2);
        assert_eq!(blocks[3].label, "1");
    }
}
