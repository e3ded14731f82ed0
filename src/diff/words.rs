//! Word-level diffs of texts: templates compared, resolved words shown.
//!
//! A text is cut into words, blanks and punctuation; a placeholder (`{N}`,
//! `{clôture}`) is one word whose key is the placeholder as written and whose
//! shown value is what it resolves to in its edition. Two texts are diffed
//! on the keys, so a year that moves with N is never a change, and the
//! segments show the resolved words.

use crate::ir::{self, Text};
use serde::Serialize;
use similar::{Algorithm, DiffOp};

/// What happened to a run of words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentOp {
    /// In both texts.
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

/// A run of words of a word-level diff, resolved for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// Kept, removed or added.
    pub op: SegmentOp,
    /// The words, as shown (placeholders resolved).
    pub text: String,
}

/// One piece of a template: literal text or a placeholder.
enum Part<'a> {
    Literal(&'a str),
    Placeholder(&'a str),
}

/// Cuts a template as the checker does: `{…}` up to the first `}`; an unclosed `{` is literal.
fn parts(template: &str) -> Vec<Part<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        let Some(close) = after.find('}') else {
            break;
        };
        if !before.is_empty() {
            out.push(Part::Literal(before));
        }
        out.push(Part::Placeholder(after.get(..=close).unwrap_or(after)));
        rest = after.get(close + 1..).unwrap_or("");
    }
    if !rest.is_empty() {
        out.push(Part::Literal(rest));
    }
    out
}

/// The value a placeholder takes in `resolved`, found by aligning the template's parts on it.
/// `None` when the alignment fails (the placeholders are then shown as written).
fn placeholder_values<'a>(parts: &[Part<'_>], resolved: &'a str) -> Option<Vec<&'a str>> {
    let mut values = Vec::new();
    let mut pos = 0;
    for (i, part) in parts.iter().enumerate() {
        let rest = resolved.get(pos..)?;
        match part {
            Part::Literal(literal) => {
                if !rest.starts_with(literal) {
                    return None;
                }
                pos += literal.len();
            }
            Part::Placeholder(_) => {
                let end = match parts.get(i + 1) {
                    None => rest.len(),
                    Some(Part::Literal(next)) => rest.find(next)?,
                    Some(Part::Placeholder(_)) => return None,
                };
                values.push(rest.get(..end)?);
                pos += end;
            }
        }
    }
    (pos == resolved.len()).then_some(values)
}

/// A word of a text: its key (compared) and what it shows.
#[derive(Clone, Debug)]
struct Token<'a> {
    key: &'a str,
    shown: &'a str,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Cuts literal text into runs of letters and digits, runs of blanks, and single other characters.
fn split_literal<'a>(text: &'a str, out: &mut Vec<Token<'a>>) {
    let classify = |c: char| {
        if c.is_whitespace() {
            1u8
        } else if is_word_char(c) {
            2
        } else {
            3
        }
    };
    let mut start = 0;
    let mut class = None;
    for (i, c) in text.char_indices() {
        let this = classify(c);
        if let Some(previous) = class {
            if previous != this || this == 3 {
                if let Some(piece) = text.get(start..i) {
                    out.push(Token {
                        key: piece,
                        shown: piece,
                    });
                }
                start = i;
            }
        }
        class = Some(this);
    }
    if let Some(piece) = text.get(start..).filter(|p| !p.is_empty()) {
        out.push(Token {
            key: piece,
            shown: piece,
        });
    }
}

fn tokens(text: &Text) -> Vec<Token<'_>> {
    let parts = parts(&text.template);
    let values = placeholder_values(&parts, &text.resolved);
    let mut out = Vec::new();
    let mut placeholder = 0;
    for part in &parts {
        match part {
            Part::Literal(literal) => split_literal(literal, &mut out),
            Part::Placeholder(key) => {
                let shown = values
                    .as_ref()
                    .and_then(|v| v.get(placeholder).copied())
                    .unwrap_or(key);
                placeholder += 1;
                out.push(Token { key, shown });
            }
        }
    }
    out
}

/// The word-level diff of two texts: compared on their templates, shown resolved.
pub fn word_diff(old: &Text, new: &Text) -> Vec<Segment> {
    let old_tokens = tokens(old);
    let new_tokens = tokens(new);
    let old_keys: Vec<&str> = old_tokens.iter().map(|t| t.key).collect();
    let new_keys: Vec<&str> = new_tokens.iter().map(|t| t.key).collect();
    let ops = similar::capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys);
    let mut items: Vec<(SegmentOp, &[Token<'_>])> = Vec::new();
    let mut kept_words = 0usize;
    for op in ops {
        match op {
            DiffOp::Equal { new_index, len, .. } => {
                let run = slice(&new_tokens, new_index, len);
                kept_words += run.iter().filter(|t| is_word(t)).count();
                items.push((SegmentOp::Equal, run));
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => items.push((SegmentOp::Delete, slice(&old_tokens, old_index, old_len))),
            DiffOp::Insert {
                new_index, new_len, ..
            } => items.push((SegmentOp::Insert, slice(&new_tokens, new_index, new_len))),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                items.push((SegmentOp::Delete, slice(&old_tokens, old_index, old_len)));
                items.push((SegmentOp::Insert, slice(&new_tokens, new_index, new_len)));
            }
        }
    }
    let shown = |tokens: &[Token<'_>]| tokens.iter().map(|t| t.shown).collect::<String>();
    // Texts that share too few words are shown as one text replaced by another.
    let words = |tokens: &[Token<'_>]| tokens.iter().filter(|t| is_word(t)).count();
    let most = words(&old_tokens).max(words(&new_tokens));
    if most > 0 && kept_words * 5 < most * 2 {
        let mut out = Vec::new();
        for (op, tokens) in [
            (SegmentOp::Delete, &old_tokens),
            (SegmentOp::Insert, &new_tokens),
        ] {
            if !tokens.is_empty() {
                out.push(Segment {
                    op,
                    text: shown(tokens),
                });
            }
        }
        return out;
    }
    // Runs of blanks and punctuation between two changes belong to the change:
    // `[-a b-]{+c d+}` reads better than `[-a-]{+c+} [-b-]{+d+}`.
    let mut segments: Vec<Segment> = Vec::new();
    let mut deleted = String::new();
    let mut inserted = String::new();
    let mut between = String::new();
    let flush = |segments: &mut Vec<Segment>, deleted: &mut String, inserted: &mut String| {
        for (op, text) in [(SegmentOp::Delete, deleted), (SegmentOp::Insert, inserted)] {
            if !text.is_empty() {
                segments.push(Segment {
                    op,
                    text: std::mem::take(text),
                });
            }
        }
    };
    let push_equal = |segments: &mut Vec<Segment>, text: String| {
        if text.is_empty() {
            return;
        }
        match segments.last_mut() {
            Some(last) if last.op == SegmentOp::Equal => last.text.push_str(&text),
            _ => segments.push(Segment {
                op: SegmentOp::Equal,
                text,
            }),
        }
    };
    for (op, tokens) in items {
        let text = shown(tokens);
        match op {
            SegmentOp::Equal => {
                let in_change = !deleted.is_empty() || !inserted.is_empty();
                if in_change && !tokens.iter().any(is_word) {
                    between.push_str(&text);
                } else {
                    flush(&mut segments, &mut deleted, &mut inserted);
                    push_equal(&mut segments, std::mem::take(&mut between));
                    push_equal(&mut segments, text);
                }
            }
            SegmentOp::Delete | SegmentOp::Insert => {
                if !between.is_empty() {
                    deleted.push_str(&between);
                    inserted.push_str(&between);
                    between.clear();
                }
                if op == SegmentOp::Delete {
                    deleted.push_str(&text);
                } else {
                    inserted.push_str(&text);
                }
            }
        }
    }
    flush(&mut segments, &mut deleted, &mut inserted);
    push_equal(&mut segments, between);
    segments
}

fn is_word(token: &Token<'_>) -> bool {
    token.key.starts_with('{') || token.key.chars().any(is_word_char)
}

fn slice<'s, 'a>(tokens: &'s [Token<'a>], start: usize, len: usize) -> &'s [Token<'a>] {
    tokens.get(start..start + len).unwrap_or(&[])
}

/// Whether two texts differ only in blanks, punctuation or case (or not at all once resolved).
pub fn rewording_only(old: &Text, new: &Text) -> bool {
    if old.resolved == new.resolved {
        return true;
    }
    let words = |text: &Text| -> Vec<String> {
        tokens(text)
            .iter()
            .filter(|t| t.key.starts_with('{') || t.key.chars().any(is_word_char))
            .map(|t| t.key.to_lowercase())
            .collect()
    };
    words(old) == words(new)
}

/// A text with only its resolved form, for values that have no template (built by the diff itself).
pub fn plain(text: impl Into<String>) -> ir::Text {
    let text = text.into();
    ir::Text {
        template: text.clone(),
        resolved: text,
    }
}

/// Prose as a reader sees it once its Markdown is rendered: emphasis and links reduced to their
/// words, paragraphs separated by a blank line, list items on lines of their own (`– ` or `1. `),
/// soft line breaks joined. Applied to the template and to the resolved text alike, so that the
/// word diff still compares templates.
pub fn markdown_plain(text: &Text) -> Text {
    Text {
        template: markdown_to_plain(&text.template),
        resolved: markdown_to_plain(&text.resolved),
    }
}

fn markdown_to_plain(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = String::new();
    // One counter per open list: `Some(next number)` for an ordered list.
    let mut lists: Vec<Option<u64>> = Vec::new();
    // A list item's marker was just written: its first paragraph goes on the same line.
    let mut after_marker = false;
    // A list was just opened: its first item follows the blank line already written.
    let mut list_opened = false;
    let trim_end = |out: &mut String| {
        let kept = out.trim_end_matches([' ', '\n']).len();
        out.truncate(kept);
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::BlockQuote(_))
                if !after_marker =>
            {
                trim_end(&mut out);
                if !out.is_empty() {
                    out.push_str(if lists.is_empty() { "\n\n" } else { "\n" });
                }
            }
            Event::Start(Tag::List(start)) => {
                if lists.is_empty() {
                    trim_end(&mut out);
                    if !out.is_empty() {
                        out.push_str("\n\n");
                    }
                }
                list_opened = lists.is_empty();
                lists.push(start);
                continue;
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                if !list_opened {
                    trim_end(&mut out);
                    if !out.is_empty() {
                        out.push('\n');
                    }
                }
                list_opened = false;
                out.push_str(&"  ".repeat(lists.len().saturating_sub(1)));
                match lists.last_mut() {
                    Some(Some(number)) => {
                        out.push_str(&format!("{number}. "));
                        *number = number.saturating_add(1);
                    }
                    _ => out.push_str("– "),
                }
                after_marker = true;
                continue;
            }
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                out.push_str(&text)
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            _ => {}
        }
        after_marker = false;
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn text(template: &str, resolved: &str) -> Text {
        Text {
            template: template.into(),
            resolved: resolved.into(),
        }
    }

    #[test]
    fn a_year_that_moves_with_n_is_not_a_change() {
        let old = text(
            "Nouveauté {N}, jusqu'au {clôture}.",
            "Nouveauté 2020, jusqu'au 31 janvier 2021.",
        );
        let new = text(
            "Nouveauté {N}, jusqu'au {clôture}.",
            "Nouveauté 2021, jusqu'au 1er mars 2022.",
        );
        let diff = word_diff(&old, &new);
        assert_eq!(diff.len(), 1);
        assert_eq!(diff[0].op, SegmentOp::Equal);
        assert_eq!(diff[0].text, "Nouveauté 2021, jusqu'au 1er mars 2022.");
    }

    #[test]
    fn changed_words_are_shown_resolved() {
        let old = text(
            "Le volet compte 3 indicateurs en {N}.",
            "Le volet compte 3 indicateurs en 2020.",
        );
        let new = text(
            "Le volet compte {nombre v} indicateurs en {N}.",
            "Le volet compte 4 indicateurs en 2021.",
        );
        let diff = word_diff(&old, &new);
        let deleted: String = diff
            .iter()
            .filter(|s| s.op == SegmentOp::Delete)
            .map(|s| s.text.clone())
            .collect();
        let inserted: String = diff
            .iter()
            .filter(|s| s.op == SegmentOp::Insert)
            .map(|s| s.text.clone())
            .collect();
        assert_eq!(deleted, "3");
        assert_eq!(inserted, "4");
        assert!(!rewording_only(&old, &new));
    }

    #[test]
    fn blanks_punctuation_and_case_are_rewording() {
        let old = text("Capacité à coder les données, médicales", "");
        let new = text("capacité  à coder les données médicales.", "x");
        assert!(rewording_only(&old, &new));
    }

    #[test]
    fn markdown_is_shown_as_read_not_as_written() {
        let prose = text(
            "Connectez-vous à **amelipro**\nsur ameli.fr.\n\n1. Suivez **Activités**.\n2. Cliquez sur « *Déclarer* ».",
            "",
        );
        let plain = markdown_plain(&prose);
        assert_eq!(
            plain.template,
            "Connectez-vous à amelipro sur ameli.fr.\n\n1. Suivez Activités.\n2. Cliquez sur « Déclarer »."
        );
    }
}
