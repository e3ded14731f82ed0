//! Texts: placeholders (`{N}`, `{clôture}`, `{nombre volet1}`…) resolved, and the
//! warnings on what a guide should never type by hand (years, counts, portal spellings), and on
//! control and bidi characters anywhere in a spec.

use crate::diagnostic::Diagnostic;
use crate::ir;
use crate::msg;
use crate::span::Span;
use std::collections::BTreeMap;

/// What placeholders can refer to, gathered before texts are resolved.
#[derive(Clone, Debug, Default)]
pub struct TextContext {
    /// The reference year N.
    pub year: i32,
    /// The portal's one spelling.
    pub portal: Option<String>,
    /// The opening of the window, in words.
    pub opening: Option<String>,
    /// The deadline, in words.
    pub closing: Option<String>,
    /// Per section: (indicators, declared ones, automated ones).
    pub section_counts: BTreeMap<String, (usize, usize, usize)>,
    /// Per section: its total, in words.
    pub section_totals: BTreeMap<String, String>,
}

/// W0204: a control character (other than a tab or a line break) or a character that changes the
/// direction of the text (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), once per line, at
/// its first such character. They can make a text read otherwise than it is written, and the
/// Rust compiler refuses them in the generated code.
pub fn control_characters(source: &str, diagnostics: &mut Vec<Diagnostic>) {
    let mut line_start = 0;
    for line in source.split_inclusive('\n') {
        if let Some((at, c, what)) = line
            .char_indices()
            .find_map(|(k, c)| crate::escape::suspicious(c).map(|what| (k, c, what)))
        {
            let start = line_start + at;
            let span = Span::new(start, start + c.len_utf8());
            diagnostics.push(
                Diagnostic::warning(
                    "W0204",
                    span,
                    msg!(
                        "w0204-suspicious",
                        what = what,
                        code = format!("{:04X}", u32::from(c))
                    ),
                )
                .with_label(span, msg!("w0204-label-here"))
                .with_help(msg!("w0204-help-remove")),
            );
        }
        line_start += line.len();
    }
}

/// Resolves the placeholders of `template`, written at `span` in `source`.
/// Problems are pushed to `diagnostics`; an unknown placeholder is kept as written.
pub fn resolve(
    template: &str,
    span: Span,
    source: &str,
    context: &TextContext,
    diagnostics: &mut Vec<Diagnostic>,
) -> ir::Text {
    resolve_with(template, span, source, context, diagnostics, true)
}

/// Like [`resolve`]; `warn` off for texts quoted from elsewhere (a seed's title keeps its year).
pub fn resolve_with(
    template: &str,
    span: Span,
    source: &str,
    context: &TextContext,
    diagnostics: &mut Vec<Diagnostic>,
    warn: bool,
) -> ir::Text {
    let mut resolved = String::with_capacity(template.len());
    let mut literal = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        resolved.push_str(before);
        literal.push_str(before);
        let Some(close) = after.find('}') else {
            resolved.push_str(after);
            literal.push_str(after);
            rest = "";
            break;
        };
        let inner = after.get(1..close).unwrap_or("");
        // The placeholder is blanked in `literal`, byte for byte, so positions match the template.
        literal.push_str(&" ".repeat(close + 1));
        match expand(inner.trim(), context) {
            Expanded::Value(value) => resolved.push_str(&value),
            // A placeholder whose statement is in error already: reported there, not again here.
            Expanded::Failed => resolved.push_str(after.get(..=close).unwrap_or("")),
            Expanded::Unknown => {
                let needle = format!("{{{inner}}}");
                let at = locate_nth(
                    source,
                    span,
                    &needle,
                    occurrences_before(template, &needle, template.len() - after.len()),
                );
                diagnostics.push(
                    Diagnostic::error(
                        "E0701",
                        at,
                        msg!("e0701-unknown-placeholder", inner = inner),
                    )
                    .with_help(
                        match closest_placeholder(inner.trim(), context) {
                            Some(best) => msg!(
                                "e0701-help-did-you-mean",
                                placeholder = format!("{{{best}}}")
                            ),
                            None => msg!("e0701-help-placeholders-are"),
                        },
                    ),
                );
                resolved.push_str(after.get(..=close).unwrap_or(""));
            }
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    resolved.push_str(rest);
    literal.push_str(rest);
    if warn {
        let at = Located {
            template,
            span,
            source,
            cursors: std::cell::RefCell::new(BTreeMap::new()),
        };
        warn_literal_years(&literal, &at, context.year, diagnostics);
        warn_portal_spellings(&literal, &at, context.portal.as_deref(), diagnostics);
        warn_typed_counts(&literal, &at, diagnostics);
    }
    ir::Text {
        template: template.to_string(),
        resolved,
    }
}

/// What a placeholder gives.
enum Expanded {
    /// Its value.
    Value(String),
    /// A placeholder of the language whose value could not be worked out, because the statement
    /// it reads is in error (an invalid `clôture`): that error is reported, this one is not.
    Failed,
    /// Not a placeholder of the language.
    Unknown,
}

/// The placeholder of the language closest to a misspelt one (`{cloture}` → `clôture`).
fn closest_placeholder(inner: &str, context: &TextContext) -> Option<String> {
    let mut candidates: Vec<String> = ["N", "ouverture", "clôture", "portail"]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
    for section in context.section_counts.keys() {
        candidates.push(format!("nombre {section}"));
        candidates.push(format!("nombre {section} déclaratifs"));
        candidates.push(format!("nombre {section} automatisés"));
        candidates.push(format!("total {section}"));
    }
    crate::syntax_help::closest(inner, candidates.iter().map(String::as_str)).map(str::to_string)
}

/// The value of one placeholder.
fn expand(inner: &str, context: &TextContext) -> Expanded {
    match inner {
        "ouverture" => {
            return context
                .opening
                .clone()
                .map_or(Expanded::Failed, Expanded::Value)
        }
        "clôture" => {
            return context
                .closing
                .clone()
                .map_or(Expanded::Failed, Expanded::Value)
        }
        _ => {}
    }
    expand_known(inner, context).map_or(Expanded::Unknown, Expanded::Value)
}

/// The value of one placeholder, or `None` when it is unknown.
fn expand_known(inner: &str, context: &TextContext) -> Option<String> {
    if let Some(offset) = relative_year(inner) {
        return context.year.checked_add(offset).map(|y| y.to_string());
    }
    if let Some(date) = relative_date(inner, context.year) {
        return Some(date.to_string());
    }
    if let Some(year) = inner.strip_prefix("an ") {
        let year = year.trim();
        if year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) {
            return Some(year.to_string());
        }
        return None;
    }
    if inner == "portail" {
        return context.portal.clone();
    }
    let words: Vec<&str> = inner.split_whitespace().collect();
    match words.as_slice() {
        ["nombre", section] => context
            .section_counts
            .get(*section)
            .map(|c| c.0.to_string()),
        ["nombre", section, "déclaratifs"] => context
            .section_counts
            .get(*section)
            .map(|c| c.1.to_string()),
        ["nombre", section, "automatisés"] => context
            .section_counts
            .get(*section)
            .map(|c| c.2.to_string()),
        ["total", section] => context.section_totals.get(*section).cloned(),
        _ => None,
    }
}

/// `N`, `N+1`, `N-3` as an offset.
pub fn relative_year(text: &str) -> Option<i32> {
    let rest = text.strip_prefix('N')?;
    if rest.is_empty() {
        return Some(0);
    }
    let (negative, digits) = if let Some(digits) = rest.strip_prefix('+') {
        (false, digits)
    } else if let Some(digits) = rest.strip_prefix('-') {
        (true, digits)
    } else {
        return None;
    };
    if digits.is_empty() || digits.len() > 2 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let magnitude: i32 = digits.parse().ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// `31/12/N+1` resolved against `year`.
fn relative_date(text: &str, year: i32) -> Option<ir::CivilDate> {
    let mut parts = text.splitn(3, '/');
    let day: u32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let offset = relative_year(parts.next()?)?;
    let date = ir::CivilDate {
        year: year.checked_add(offset)?,
        month,
        day,
    };
    date.is_valid().then_some(date)
}

/// The span of occurrence `nth` (from 0) of `needle` within `span` of `source`, or `span` itself.
/// A text's template and its source hold the same occurrences (escapes and indentation aside).
pub fn locate_nth(source: &str, span: Span, needle: &str, nth: usize) -> Span {
    source
        .get(span.start..span.end)
        .and_then(|slice| slice.match_indices(needle).nth(nth))
        .map_or(span, |(i, _)| {
            Span::new(span.start + i, span.start + i + needle.len())
        })
}

/// How many times `needle` occurs in `text` before byte `at`.
fn occurrences_before(text: &str, needle: &str, at: usize) -> usize {
    text.get(..at)
        .map_or(0, |before| before.matches(needle).count())
}

/// A text's template with where it stands in the source, to place findings on their own occurrence.
struct Located<'a> {
    template: &'a str,
    span: Span,
    source: &'a str,
    /// Per needle, where the last search stopped, so that findings placed in order are placed in
    /// one pass over the text (a prose of 20 000 lines with a year on each is not rescanned for
    /// each year).
    cursors: std::cell::RefCell<BTreeMap<String, Cursor>>,
}

/// How far the search for one needle went.
#[derive(Clone, Copy, Default)]
struct Cursor {
    /// Bytes of the template searched.
    template_at: usize,
    /// Occurrences in them.
    count: usize,
    /// Occurrences found in the source text so far.
    found: usize,
    /// Where to search the source from for the next one.
    source_at: usize,
}

impl Located<'_> {
    /// The span of `needle` found at byte `at` of the template.
    fn place(&self, needle: &str, at: usize) -> Span {
        let mut cursors = self.cursors.borrow_mut();
        let mut cursor = cursors.get(needle).copied().unwrap_or_default();
        if cursor.template_at > at {
            cursor = Cursor::default();
        }
        let count = cursor.count
            + self
                .template
                .get(cursor.template_at..at)
                .map_or(0, |t| t.matches(needle).count());
        if cursor.found > count {
            cursor.found = 0;
            cursor.source_at = 0;
        }
        let slice = self
            .source
            .get(self.span.start..self.span.end)
            .unwrap_or("");
        let found = slice
            .get(cursor.source_at..)
            .and_then(|rest| rest.match_indices(needle).nth(count - cursor.found))
            .map(|(i, _)| cursor.source_at + i);
        let span = found.map_or(self.span, |i| {
            Span::new(self.span.start + i, self.span.start + i + needle.len())
        });
        cursors.insert(
            needle.to_string(),
            match found {
                Some(i) => Cursor {
                    template_at: at,
                    count,
                    found: count + 1,
                    source_at: i + needle.len(),
                },
                None => Cursor::default(),
            },
        );
        span
    }
}

fn warn_literal_years(
    text: &str,
    at_text: &Located<'_>,
    year: i32,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let window = &bytes[i..i + 4];
        let before_ok = i == 0 || !bytes[i - 1].is_ascii_digit();
        let after_ok = i + 4 == bytes.len() || !bytes[i + 4].is_ascii_digit();
        if before_ok
            && after_ok
            && window.iter().all(u8::is_ascii_digit)
            && (window[0] == b'1' || window[0] == b'2')
        {
            let literal = std::str::from_utf8(window).unwrap_or("");
            if let Ok(value) = literal.parse::<i32>() {
                if (1990..=2099).contains(&value) {
                    let at = at_text.place(literal, i);
                    diagnostics.push(
                        Diagnostic::warning(
                            "W0201",
                            at,
                            msg!("w0201-literal-year-written-relative", literal = literal),
                        )
                        .with_help(msg!(
                            "w0201-help-write-if-follows-reference",
                            relative_name = relative_name(value - year),
                            literal = literal
                        )),
                    );
                }
            }
            i += 4;
        } else {
            i += 1;
        }
    }
}

/// `N`, `N+1`, `N-3` for an offset.
pub fn relative_name(offset: i32) -> String {
    match offset {
        0 => "N".to_string(),
        o if o > 0 => format!("N+{o}"),
        o => format!("N{o}"),
    }
}

fn warn_portal_spellings(
    text: &str,
    at_text: &Located<'_>,
    portal: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // ASCII lowercasing keeps byte offsets aligned with `text`.
    let ascii_lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = ascii_lower.get(from..).and_then(|s| s.find("ameli")) {
        let start = from + found;
        let tail = ascii_lower.get(start + 5..).unwrap_or("");
        let variant_len = if tail.starts_with("pro") {
            Some(8)
        } else if tail.starts_with(".pro") || tail.starts_with(" pro") || tail.starts_with("-pro") {
            Some(9)
        } else if tail.starts_with('o') && !tail.chars().nth(1).is_some_and(|c| c.is_alphanumeric())
        {
            Some(6)
        } else {
            None
        };
        if let Some(len) = variant_len {
            let written = text.get(start..start + len).unwrap_or("");
            let after_ok = !text
                .get(start + len..)
                .and_then(|s| s.chars().next())
                .is_some_and(|c| c.is_alphanumeric());
            if after_ok && Some(written) != portal {
                let at = at_text.place(written, start);
                diagnostics.push(
                    Diagnostic::warning(
                        "W0202",
                        at,
                        msg!("w0202-portal-spelled-here", written = written),
                    )
                    .with_help(msg!("w0202-help-write-so-every-output")),
                );
            }
        }
        from = start + 5;
    }
}

fn warn_typed_counts(text: &str, at_text: &Located<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower.get(from..).and_then(|s| s.find(" indicateur")) {
        let at = from + found;
        let digits: String = lower
            .get(..at)
            .unwrap_or("")
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        if !digits.is_empty() {
            let count: String = digits.chars().rev().collect();
            let word_end = text
                .get(at + 1..)
                .and_then(|rest| rest.find(|c: char| !c.is_alphabetic()))
                .map_or(text.len(), |end| at + 1 + end);
            let written = format!(
                "{count}{}",
                text.get(at..word_end).unwrap_or(" indicateurs")
            );
            let start = at - count.len();
            diagnostics.push(
                Diagnostic::warning(
                    "W0203",
                    at_text.place(&written, start),
                    msg!("w0203-count-indicators-typed-hand", written = written),
                )
                .with_help(msg!("w0203-help-write-compiler-counts")),
            );
        }
        from = at + 11;
    }
}
