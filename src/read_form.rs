//! `guidec read-form`: a filled fillable PDF form back into a case file that `guidec eval` takes.
//!
//! The form's fields are named after the case-file path they answer (`src/render/form.rs`); this
//! reads each field of the edition's form from the PDF (`render::fillable::read_fields`), turns
//! ticked boxes, chosen radio buttons and typed text into the case file's values, checks what can
//! be checked without the edition's rules (whole numbers, dates), and merges the insurer's measures
//! (rates, findings, pre-filling: what the paper form does not carry) from an optional case file.

use crate::ir::Edition;
use crate::render::fillable;
use crate::render::form::{self, FieldKind, Target};
use serde_json::{Map, Value};

/// A field of the filled form that cannot be read, with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormError {
    /// The field's name (`indicateurs.aller_vers.nombres.interventions`), or empty for the file.
    pub field: String,
    /// What is wrong, in French.
    pub message: String,
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "champ `{}` : {}", self.field, self.message)
        }
    }
}

fn error(field: &str, message: impl Into<String>) -> FormError {
    FormError {
        field: field.to_string(),
        message: message.into(),
    }
}

/// The object at `path` under `map`, created empty when missing (`None` if a value that is not
/// an object is in the way, which the form's own paths never make).
fn object_at<'a>(
    map: &'a mut Map<String, Value>,
    path: &[&str],
) -> Option<&'a mut Map<String, Value>> {
    let Some((first, rest)) = path.split_first() else {
        return Some(map);
    };
    map.entry((*first).to_string())
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .and_then(|next| object_at(next, rest))
}

/// `key: value` in the object at `path`.
fn set(root: &mut Map<String, Value>, path: &[&str], key: &str, value: Value) {
    if let Some(map) = object_at(root, path) {
        map.insert(key.to_string(), value);
    }
}

/// `value` added to the list `key` of the object at `path`.
fn push(root: &mut Map<String, Value>, path: &[&str], key: &str, value: &str) {
    if let Some(map) = object_at(root, path) {
        push_to_list(map, key, value);
    }
}

fn push_to_list(map: &mut Map<String, Value>, key: &str, value: &str) {
    let entry = map
        .entry(key.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(items) = entry {
        if !items.iter().any(|i| i.as_str() == Some(value)) {
            items.push(Value::String(value.to_string()));
        }
    }
}

/// A date as a case file writes it (`AAAA-MM-JJ`), from `JJ/MM/AAAA` or `AAAA-MM-JJ`.
fn case_date(text: &str) -> Option<String> {
    let text = text.trim();
    let (day, month, year) = if let Some((d, rest)) = text.split_once('/') {
        let (m, y) = rest.split_once('/')?;
        (d, m, y)
    } else {
        let mut parts = text.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        (d, m, y)
    };
    let number = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (d, m, y) = (
        number(day, 1..=2)?,
        number(month, 1..=2)?,
        number(year, 4..=4)?,
    );
    (1..=31)
        .contains(&d)
        .then_some(())
        .and((1..=12).contains(&m).then_some(()))?;
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// `b` merged into `a`: objects key by key, `a` winning on anything else.
fn merge(a: &mut Value, b: Value) {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in b {
                match a.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        a.insert(key, value);
                    }
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for item in b {
                if !a.contains(&item) {
                    a.push(item);
                }
            }
        }
        _ => {}
    }
}

/// The case file (YAML) a filled form of `edition` says, with the insurer's measures of
/// `measures` (a case file's text) merged in when given.
pub fn read_form(
    edition: &Edition,
    pdf: &[u8],
    measures: Option<&str>,
) -> Result<String, Vec<FormError>> {
    let values = fillable::read_fields(pdf).map_err(|e| vec![error("", e)])?;
    let view = form::form(edition);
    let fields = form::fields(&view);
    if let Some(missing) = fields.iter().find(|f| !values.contains_key(&f.name)) {
        return Err(vec![error(
            "",
            format!(
                "ce PDF n'est pas le formulaire de l'édition {} : il n'a pas le champ `{}`",
                edition.key(),
                missing.name
            ),
        )]);
    }
    let mut errors = Vec::new();
    let mut root = Map::new();
    root.insert("edition".into(), Value::String(edition.key()));
    let mut who: Vec<(String, String)> = Vec::new();
    for field in fields {
        let Some(raw) = values.get(&field.name) else {
            continue;
        };
        let raw = raw.trim();
        let ticked = match field.kind {
            FieldKind::Text => !raw.is_empty(),
            FieldKind::Check => !raw.is_empty() && raw != "Off",
            FieldKind::Radio => raw == field.value,
        };
        if !ticked {
            continue;
        }
        match &field.target {
            Target::Identity | Target::Signature => {
                who.push((field.caption.clone(), raw.to_string()))
            }
            Target::Specialty => {
                set(
                    &mut root,
                    &["praticien"],
                    "specialite",
                    Value::String(raw.into()),
                );
            }
            Target::PractitionerFlag(flag) => {
                set(&mut root, &["praticien"], flag, Value::Bool(true));
            }
            Target::Exemption(id) => {
                push(&mut root, &["praticien"], "exonerations", id);
            }
            Target::Answer(id) => {
                set(
                    &mut root,
                    &["indicateurs", id],
                    "reponse",
                    Value::String(field.value.clone()),
                );
            }
            Target::Choice { indicator, option } => {
                let option = option.as_deref().unwrap_or(&field.value);
                push(&mut root, &["indicateurs", indicator], "choix", option);
            }
            Target::Count(id, count) => match raw.replace([' ', '\u{a0}'], "").parse::<i64>() {
                Ok(n) if n >= 0 => {
                    set(
                        &mut root,
                        &["indicateurs", id, "nombres"],
                        count,
                        Value::from(n),
                    );
                }
                _ => errors.push(error(
                    &field.name,
                    format!("« {raw} » n'est pas un nombre entier positif ou nul"),
                )),
            },
            // Read by the case reader's rule, so that what the form gives the reader accepts.
            Target::DeclaredRate(id, rate) => match guidec_runtime::DeclaredRate::percent(raw) {
                Ok(declared) => {
                    set(
                        &mut root,
                        &["indicateurs", id, "taux"],
                        rate,
                        Value::String(declared.in_words()),
                    );
                }
                Err(why) => errors.push(error(&field.name, why)),
            },
            Target::Software(id, role, part) => {
                let value = if *part == "acquisition" {
                    match case_date(raw) {
                        Some(date) => date,
                        None => {
                            errors.push(error(
                                &field.name,
                                format!("« {raw} » n'est pas une date (JJ/MM/AAAA)"),
                            ));
                            continue;
                        }
                    }
                } else {
                    raw.to_string()
                };
                set(
                    &mut root,
                    &["indicateurs", id, "logiciels", role],
                    part,
                    Value::String(value),
                );
            }
            Target::FreeText(id) => {
                set(
                    &mut root,
                    &["indicateurs", id],
                    "texte",
                    Value::String(raw.into()),
                );
            }
            Target::Evidence(id) => {
                let state = if field.value == "valide" {
                    "validé"
                } else {
                    "envoyé"
                };
                set(
                    &mut root,
                    &["indicateurs", id],
                    "justificatif",
                    Value::String(state.into()),
                );
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let description = if who.is_empty() {
        "Lu d'un formulaire PDF rempli.".to_string()
    } else {
        format!(
            "Lu d'un formulaire PDF rempli : {}.",
            who.iter()
                .map(|(label, value)| format!("{label} : {value}"))
                .collect::<Vec<_>>()
                .join(" ; ")
        )
    };
    root.insert("description".into(), Value::String(description));
    let mut case = Value::Object(root);
    if let Some(text) = measures {
        let measured: Value = guidec_runtime::case_file::from_str(text).map_err(|e| {
            vec![error(
                "",
                format!("le fichier des mesures n'est pas un fichier de cas lisible : {e}"),
            )]
        })?;
        if let Some(other) = measured.get("edition").and_then(Value::as_str) {
            if other != edition.key() {
                return Err(vec![error(
                    "",
                    format!(
                        "le fichier des mesures est de l'édition {other}, le formulaire de l'édition {}",
                        edition.key()
                    ),
                )]);
            }
        }
        let mut measured = measured;
        if let Value::Object(map) = &mut measured {
            // The form's own description and the hand-worked outcome do not carry over.
            map.remove("description");
            map.remove("attendu");
        }
        merge(&mut case, measured);
    }
    let mut out = String::new();
    write_yaml(&mut out, &case, 0);
    Ok(out)
}

/// A case as YAML, in block style: maps and lists indented by two, yes/no as `oui`/`non`, every
/// text double-quoted (JSON's escapes are YAML's), numbers in decimal digits. What the case reader
/// reads back, and nothing else. Shared with the population generator, whose case files
/// `guidec eval` reads.
pub fn write_yaml(out: &mut String, value: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                let key = if !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                {
                    key.clone()
                } else {
                    serde_json::to_string(key).unwrap_or_default()
                };
                match item {
                    Value::Object(inner) if !inner.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        write_yaml(out, item, indent + 2);
                    }
                    Value::Array(items) if !items.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        write_yaml(out, item, indent + 2);
                    }
                    _ => out.push_str(&format!("{pad}{key}: {}\n", scalar(item))),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Object(inner) if !inner.is_empty() => {
                        let mut nested = String::new();
                        write_yaml(&mut nested, item, indent + 2);
                        let nested = nested.get(indent + 2..).unwrap_or("");
                        out.push_str(&format!("{pad}- {nested}"));
                    }
                    _ => out.push_str(&format!("{pad}- {}\n", scalar(item))),
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", scalar(other))),
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::Bool(true) => "oui".to_string(),
        Value::Bool(false) => "non".to_string(),
        Value::Null => "~".to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
        Value::Object(_) => "{}".to_string(),
        Value::Array(_) => "[]".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_in_both_forms() {
        assert_eq!(case_date("05/01/2024").as_deref(), Some("2024-01-05"));
        assert_eq!(case_date("2024-01-05").as_deref(), Some("2024-01-05"));
        assert_eq!(case_date("5/1/2024").as_deref(), Some("2024-01-05"));
        assert_eq!(case_date("32/01/2024"), None);
        assert_eq!(case_date("hier"), None);
    }

    #[test]
    fn measures_fill_what_the_form_leaves() {
        let mut a = serde_json::json!({"praticien": {"premiere_annee": true}, "indicateurs": {"x": {"choix": ["a"]}}});
        let b = serde_json::json!({"praticien": {"fse_annee_precedente": true, "premiere_annee": false}, "indicateurs": {"y": {"prerempli": true}}});
        merge(&mut a, b);
        assert_eq!(
            a,
            serde_json::json!({"praticien": {"premiere_annee": true, "fse_annee_precedente": true}, "indicateurs": {"x": {"choix": ["a"]}, "y": {"prerempli": true}}})
        );
    }
}
