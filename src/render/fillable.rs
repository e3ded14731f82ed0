//! The fillable PDF: the form fields laid over the boxes of the form Typst has typeset, and the
//! filled values read back.
//!
//! Typst has no form fields; the form template marks each box with its field (`<field>` metadata,
//! see `templates/form.typ`), the typesetter reports where each mark fell (page, position, size),
//! and this module adds an AcroForm field there with `lopdf`: a text field (digit boxes become a
//! comb field of as many cells), a check box, or one button of a radio group. A field's fully
//! qualified name is the case-file path it answers (`indicateurs.aller_vers.reponse`: the parts
//! become the field hierarchy, as PDF names are dotted), its label is its tooltip (`/TU`), and a
//! radio button's label is its annotation's text (`/Contents`), so that a screen reader says what
//! each box is. Check boxes and radio buttons carry their own appearances; text fields are drawn by
//! the viewer (`/NeedAppearances`).

use super::form::FieldKind;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use std::collections::BTreeMap;

/// A box of the form where Typst put it: page from 1, position and size in points from the
/// page's top left corner.
#[derive(Clone, Debug)]
pub struct Placed {
    /// The field's fully qualified name.
    pub name: String,
    /// Its label.
    pub label: String,
    /// Text, check box or radio button.
    pub kind: FieldKind,
    /// A radio button's value.
    pub value: String,
    /// Digit boxes (a comb field), or 0.
    pub digits: usize,
    /// Page, from 1.
    pub page: usize,
    /// Left, in points.
    pub x: f64,
    /// Top, in points from the top of the page.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// A PDF text string: PDFDocEncoding for ASCII, UTF-16BE with its byte order mark otherwise.
fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// A PDF text string as Rust text (UTF-16BE with its mark, UTF-8 with its mark, or PDFDocEncoding).
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes
        .iter()
        .map(|&b| match b {
            0x84 => '—',
            0x85 => '–',
            0x8D => '“',
            0x8E => '”',
            0x8F => '‘',
            0x90 => '’',
            0x91 => '‚',
            0x92 => '™',
            0x93 => 'ﬁ',
            0x94 => 'ﬂ',
            0x96 => 'Œ',
            0x9C => 'œ',
            0xA0 => '€',
            b => char::from(b),
        })
        .collect()
}

fn name(bytes: &str) -> Object {
    Object::Name(bytes.as_bytes().to_vec())
}

fn real(value: f64) -> Object {
    // Geometry only: two decimals are finer than a printer's dot.
    Object::Real(((value * 100.0).round() / 100.0) as f32)
}

/// An appearance: a form XObject of the widget's size drawing `content`.
fn appearance(doc: &mut Document, w: f64, h: f64, content: String) -> ObjectId {
    let mut dict = Dictionary::new();
    dict.set("Type", name("XObject"));
    dict.set("Subtype", name("Form"));
    dict.set(
        "BBox",
        Object::Array(vec![real(0.0), real(0.0), real(w), real(h)]),
    );
    doc.add_object(Stream::new(dict, content.into_bytes()))
}

/// A cross in a box of `w` × `h`.
fn cross(w: f64, h: f64) -> String {
    let m = (w.min(h) * 0.18).max(1.0);
    format!(
        "q 0 g 0 G 1.1 w {m:.2} {m:.2} m {:.2} {:.2} l S {m:.2} {:.2} m {:.2} {m:.2} l S Q",
        w - m,
        h - m,
        h - m,
        w - m
    )
}

/// The PDF with a form field over every placed box; fields of one name share their value
/// (the practitioner's name in every page's header), a radio group's buttons share their name.
pub fn add_fields(pdf: &[u8], placed: &[Placed]) -> Result<Vec<u8>, String> {
    let mut doc = Document::load_mem(pdf).map_err(|e| format!("reading the typeset PDF: {e}"))?;
    let pages = doc.get_pages();
    let mut heights = BTreeMap::new();
    for (&number, &id) in &pages {
        let height = doc
            .get_dictionary(id)
            .ok()
            .and_then(|d| d.get(b"MediaBox").ok())
            .and_then(|b| b.as_array().ok())
            .and_then(|b| b.get(3))
            .and_then(|v| match v {
                Object::Integer(i) => Some(*i as f64),
                Object::Real(r) => Some(f64::from(*r)),
                _ => None,
            })
            .unwrap_or(841.89);
        heights.insert(number, height);
    }

    // The fields by name, in the form's order, each with its boxes.
    let mut groups: Vec<(&str, Vec<&Placed>)> = Vec::new();
    for p in placed {
        match groups.iter_mut().find(|(n, _)| *n == p.name) {
            Some((_, boxes)) => boxes.push(p),
            None => groups.push((&p.name, vec![p])),
        }
    }

    let helv = {
        let mut font = Dictionary::new();
        font.set("Type", name("Font"));
        font.set("Subtype", name("Type1"));
        font.set("BaseFont", name("Helvetica"));
        font.set("Encoding", name("WinAnsiEncoding"));
        doc.add_object(font)
    };

    // The hierarchy of names: `indicateurs` > `aller_vers` > `reponse`.
    let mut nodes: BTreeMap<String, ObjectId> = BTreeMap::new();
    let mut children: BTreeMap<String, Vec<ObjectId>> = BTreeMap::new();
    let mut roots: Vec<ObjectId> = Vec::new();
    let mut annots: BTreeMap<usize, Vec<ObjectId>> = BTreeMap::new();
    // Each widget with its page and label, for the structure tree.
    let mut tagged: Vec<(ObjectId, ObjectId, String)> = Vec::new();

    for (full, boxes) in &groups {
        let parts: Vec<&str> = full.split('.').collect();
        let mut parent: Option<ObjectId> = None;
        for depth in 0..parts.len().saturating_sub(1) {
            let path = parts[..=depth].join(".");
            let id = match nodes.get(&path) {
                Some(id) => *id,
                None => {
                    let id = doc.new_object_id();
                    nodes.insert(path.clone(), id);
                    match parent {
                        Some(p) => {
                            let parent_path = parts[..depth].join(".");
                            children.entry(parent_path).or_default().push(id);
                            let _ = p;
                        }
                        None => roots.push(id),
                    }
                    id
                }
            };
            parent = Some(id);
        }
        let first = boxes[0];
        let field_id = doc.new_object_id();
        let mut field = Dictionary::new();
        field.set("T", text_string(parts.last().copied().unwrap_or(full)));
        if let Some(p) = parent {
            field.set("Parent", Object::Reference(p));
            children
                .entry(parts[..parts.len() - 1].join("."))
                .or_default()
                .push(field_id);
        } else {
            roots.push(field_id);
        }
        let tooltip = match first.kind {
            FieldKind::Radio => first
                .label
                .rsplit_once(" : ")
                .map_or(first.label.as_str(), |(head, _)| head)
                .to_string(),
            _ => first.label.clone(),
        };
        field.set("TU", text_string(&tooltip));
        match first.kind {
            FieldKind::Text => {
                field.set("FT", name("Tx"));
                field.set("DA", text_string("/Helv 0 Tf 0 g"));
                field.set("V", text_string(""));
                let mut flags = 0i64;
                if first.digits > 0 {
                    field.set("MaxLen", Object::Integer(first.digits as i64));
                    flags |= 1 << 24; // comb
                } else if first.h > 20.0 {
                    flags |= 1 << 12; // multiline
                }
                if flags != 0 {
                    field.set("Ff", Object::Integer(flags));
                }
            }
            FieldKind::Check => {
                field.set("FT", name("Btn"));
                field.set("V", name("Off"));
            }
            FieldKind::Radio => {
                field.set("FT", name("Btn"));
                field.set("Ff", Object::Integer((1 << 15) | (1 << 14)));
                field.set("V", name("Off"));
            }
        }
        let mut kids = Vec::new();
        for b in boxes {
            let height = heights.get(&(b.page as u32)).copied().unwrap_or(841.89);
            let Some(&page_id) = pages.get(&(b.page as u32)) else {
                return Err(format!("field {full}: no page {}", b.page));
            };
            let mut widget = Dictionary::new();
            widget.set("Type", name("Annot"));
            widget.set("Subtype", name("Widget"));
            widget.set(
                "Rect",
                Object::Array(vec![
                    real(b.x),
                    real(height - b.y - b.h),
                    real(b.x + b.w),
                    real(height - b.y),
                ]),
            );
            widget.set("P", Object::Reference(page_id));
            widget.set("F", Object::Integer(4));
            match b.kind {
                FieldKind::Text => {}
                FieldKind::Check | FieldKind::Radio => {
                    let on = if b.kind == FieldKind::Check {
                        "Yes".to_string()
                    } else {
                        b.value.clone()
                    };
                    let on_ap = appearance(&mut doc, b.w, b.h, cross(b.w, b.h));
                    let off_ap = appearance(&mut doc, b.w, b.h, String::new());
                    let mut normal = Dictionary::new();
                    normal.set(on.as_bytes().to_vec(), Object::Reference(on_ap));
                    normal.set("Off", Object::Reference(off_ap));
                    let mut ap = Dictionary::new();
                    ap.set("N", Object::Dictionary(normal));
                    widget.set("AP", Object::Dictionary(ap));
                    widget.set("AS", name("Off"));
                    if b.kind == FieldKind::Radio {
                        widget.set("Contents", text_string(&b.label));
                    }
                }
            }
            let merged = boxes.len() == 1 && first.kind != FieldKind::Radio;
            if merged {
                for (k, v) in widget.iter() {
                    field.set(k.clone(), v.clone());
                }
                annots.entry(b.page).or_default().push(field_id);
                tagged.push((field_id, page_id, b.label.clone()));
            } else {
                widget.set("Parent", Object::Reference(field_id));
                let id = doc.add_object(widget);
                kids.push(Object::Reference(id));
                annots.entry(b.page).or_default().push(id);
                tagged.push((id, page_id, b.label.clone()));
            }
        }
        if !kids.is_empty() {
            field.set("Kids", Object::Array(kids));
        }
        doc.objects.insert(field_id, Object::Dictionary(field));
    }

    // The intermediate nodes of the names.
    for (path, id) in &nodes {
        let mut node = Dictionary::new();
        let (parent_path, part) = path.rsplit_once('.').unwrap_or(("", path));
        node.set("T", text_string(part));
        if !parent_path.is_empty() {
            if let Some(parent) = nodes.get(parent_path) {
                node.set("Parent", Object::Reference(*parent));
            }
        }
        let kids = children
            .get(path)
            .map(|k| k.iter().map(|id| Object::Reference(*id)).collect())
            .unwrap_or_default();
        node.set("Kids", Object::Array(kids));
        doc.objects.insert(*id, Object::Dictionary(node));
    }

    // Each page lists its widgets, in the order of the form (the tab order).
    for (page, ids) in annots {
        let Some(&page_id) = pages.get(&(page as u32)) else {
            continue;
        };
        let existing: Vec<Object> = {
            let dict = doc
                .get_dictionary(page_id)
                .map_err(|e| format!("page {page}: {e}"))?;
            array_in(&doc, dict.get(b"Annots"))
        };
        let mut all = existing;
        all.extend(ids.into_iter().map(Object::Reference));
        let dict = doc
            .get_dictionary_mut(page_id)
            .map_err(|e| format!("page {page}: {e}"))?;
        dict.set("Annots", Object::Array(all));
        dict.set("Tabs", name("S"));
    }

    tag_widgets(&mut doc, &tagged)?;

    let mut fonts = Dictionary::new();
    fonts.set("Helv", Object::Reference(helv));
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(fonts));
    let mut acroform = Dictionary::new();
    acroform.set(
        "Fields",
        Object::Array(roots.into_iter().map(Object::Reference).collect()),
    );
    acroform.set("DR", Object::Dictionary(resources));
    acroform.set("DA", text_string("/Helv 0 Tf 0 g"));
    acroform.set("NeedAppearances", Object::Boolean(true));
    let acroform = doc.add_object(acroform);
    let catalog = doc
        .catalog_mut()
        .map_err(|e| format!("the PDF's catalogue: {e}"))?;
    catalog.set("AcroForm", Object::Reference(acroform));
    // `/Suspects false` is the default; some readers of forms take a false value for a wrong type.
    if let Ok(Object::Dictionary(mark_info)) = catalog.get_mut(b"MarkInfo") {
        mark_info.remove(b"Suspects");
    }

    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| format!("writing the fillable PDF: {e}"))?;
    Ok(out)
}

/// Each widget in the structure tree (a `Form` element holding a reference to it, its label as
/// alternate text), so that the tagged PDF Typst wrote stays tagged: assistive technology reaches
/// the fields in the document's structure, after the content.
fn tag_widgets(doc: &mut Document, widgets: &[(ObjectId, ObjectId, String)]) -> Result<(), String> {
    let root_id = match doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"StructTreeRoot").ok())
    {
        Some(Object::Reference(r)) => *r,
        _ => return Ok(()),
    };
    let (document_id, mut next, mut nums) = {
        let root = doc
            .get_dictionary(root_id)
            .map_err(|e| format!("structure tree: {e}"))?;
        let document = match root.get(b"K") {
            Ok(Object::Array(kids)) => kids.first().and_then(|k| k.as_reference().ok()),
            Ok(Object::Reference(r)) => Some(*r),
            _ => None,
        };
        let nums = match root.get(b"ParentTree") {
            Ok(Object::Dictionary(tree)) => match tree.get(b"Nums") {
                Ok(Object::Array(nums)) => Some(nums.clone()),
                _ => None,
            },
            _ => None,
        };
        let next = match root.get(b"ParentTreeNextKey") {
            Ok(Object::Integer(n)) => *n,
            _ => 0,
        };
        match (document, nums) {
            (Some(document), Some(nums)) => (document, next, nums),
            // A parent tree in several levels: left as it is, untagged fields.
            _ => return Ok(()),
        }
    };
    let mut elements = Vec::new();
    for (widget, page, label) in widgets {
        let key = next;
        next += 1;
        let mut reference = Dictionary::new();
        reference.set("Type", name("OBJR"));
        reference.set("Obj", Object::Reference(*widget));
        reference.set("Pg", Object::Reference(*page));
        let mut element = Dictionary::new();
        element.set("Type", name("StructElem"));
        element.set("S", name("Form"));
        element.set("P", Object::Reference(document_id));
        element.set("Pg", Object::Reference(*page));
        element.set("Alt", text_string(label));
        element.set("K", Object::Dictionary(reference));
        let element = doc.add_object(element);
        elements.push(Object::Reference(element));
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(element));
        if let Ok(Object::Dictionary(dict)) = doc.get_object_mut(*widget) {
            dict.set("StructParent", Object::Integer(key));
        }
    }
    if let Ok(Object::Dictionary(document)) = doc.get_object_mut(document_id) {
        let mut kids = match document.get(b"K") {
            Ok(Object::Array(kids)) => kids.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        kids.extend(elements);
        document.set("K", Object::Array(kids));
    }
    let root = doc
        .get_dictionary_mut(root_id)
        .map_err(|e| format!("structure tree: {e}"))?;
    let mut tree = Dictionary::new();
    tree.set("Nums", Object::Array(nums));
    root.set("ParentTree", Object::Dictionary(tree));
    root.set("ParentTreeNextKey", Object::Integer(next));
    Ok(())
}

/// The values of a filled PDF form's fields, by fully qualified name: a text field's text, a
/// check box's or radio group's chosen state (`Yes`, an option), empty or `Off` when not filled.
/// Refusals are in French, for the one who filled it: they say what is wrong with the file, the
/// PDF reader's own words in brackets. The reader's panics on a damaged file are caught
/// ([`crate::contained`]) and refused the same way.
pub fn read_fields(pdf: &[u8]) -> Result<BTreeMap<String, String>, String> {
    crate::contained::contained(|| read_fields_of(pdf)).unwrap_or_else(|words| {
        Err(format!(
            "le fichier est un PDF endommagé, illisible par le lecteur de PDF ({words})"
        ))
    })
}

fn read_fields_of(pdf: &[u8]) -> Result<BTreeMap<String, String>, String> {
    let doc = Document::load_mem(pdf)
        .map_err(|e| format!("le fichier n'est pas un PDF lisible ({e})"))?;
    let catalog = doc
        .catalog()
        .map_err(|e| format!("le PDF n'a pas de catalogue lisible ({e})"))?;
    let acroform = match catalog.get(b"AcroForm") {
        Ok(Object::Reference(r)) => doc
            .get_dictionary(*r)
            .map_err(|e| format!("le formulaire du PDF est illisible ({e})"))?,
        Ok(Object::Dictionary(d)) => d,
        _ => return Err("le PDF n'a pas de champs de formulaire (pas de /AcroForm)".to_string()),
    };
    let fields = array_in(&doc, acroform.get(b"Fields"));
    let mut out = BTreeMap::new();
    let mut stack: Vec<(Object, String, usize)> = fields
        .into_iter()
        .rev()
        .map(|f| (f, String::new(), 0))
        .collect();
    let mut seen = 0usize;
    while let Some((object, prefix, depth)) = stack.pop() {
        seen += 1;
        if depth > 32 || seen > 100_000 {
            return Err(
                "l'arbre des champs du formulaire est trop profond ou trop grand".to_string(),
            );
        }
        let dict = match &object {
            Object::Reference(r) => match doc.get_dictionary(*r) {
                Ok(d) => d,
                Err(_) => continue,
            },
            Object::Dictionary(d) => d,
            _ => continue,
        };
        let full = match dict.get(b"T") {
            Ok(Object::String(bytes, _)) => {
                let part = decode_text(bytes);
                if prefix.is_empty() {
                    part
                } else {
                    format!("{prefix}.{part}")
                }
            }
            _ => prefix.clone(),
        };
        let value = match dict.get(b"V") {
            Ok(Object::String(bytes, _)) => Some(decode_text(bytes)),
            Ok(Object::Name(n)) => Some(String::from_utf8_lossy(n).into_owned()),
            Ok(Object::Reference(r)) => match doc.get_object(*r) {
                Ok(Object::String(bytes, _)) => Some(decode_text(bytes)),
                Ok(Object::Name(n)) => Some(String::from_utf8_lossy(n).into_owned()),
                _ => None,
            },
            _ => None,
        };
        if let Some(value) = value {
            out.insert(full.clone(), value);
        }
        if let Ok(Object::Array(kids)) = dict.get(b"Kids") {
            for kid in kids.iter().rev() {
                stack.push((kid.clone(), full.clone(), depth + 1));
            }
        }
    }
    Ok(out)
}

/// The array a dictionary entry holds, written in place or as a reference to it; none when the
/// entry is missing or is no array.
fn array_in(doc: &Document, entry: lopdf::Result<&Object>) -> Vec<Object> {
    match entry {
        Ok(Object::Array(items)) => items.clone(),
        Ok(Object::Reference(r)) => doc
            .get_object(*r)
            .ok()
            .and_then(|o| o.as_array().ok().cloned())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}
