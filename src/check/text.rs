//! Texts: placeholders (`{N}`, `{clôture}`, `{nombre volet1}`, `{montant aller_vers}`…) resolved,
//! and the warnings on what a guide should never type by hand (years, counts in digits or in
//! words, the edition's amounts, portal spellings), and on control and bidi characters anywhere in
//! a spec.

use crate::diagnostic::Diagnostic;
use crate::ir::{self, Amount};
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
    /// Per section and indicator (sub-indicators included), in the spec's order: its amount
    /// (a section's stated amount or total, else the sum of its indicators; an indicator's own
    /// amount, else the sum of its sub-indicators), `None` when unknown. `{montant ID}` reads it,
    /// and an amount typed in a text that equals one of them is warned about (W0205).
    pub amounts: Vec<(String, Option<Amount>)>,
    /// The sections and indicators of `amounts` whose amount is a maximum (a scale, an amount
    /// per unit with a cap, `jusqu'à … selon`, or a sum holding one): `{montant ID}` says
    /// « jusqu'à » before it.
    pub amounts_at_most: std::collections::BTreeSet<String>,
    /// The edition's `total maximal`, for `{total maximal}`.
    pub max_total: Option<Amount>,
}

impl TextContext {
    /// The amount of a section or an indicator: `None` when the id is unknown, `Some(None)` when
    /// its amount is.
    fn amount_of(&self, id: &str) -> Option<Option<Amount>> {
        self.amounts
            .iter()
            .find(|(name, _)| name == id)
            .map(|(_, amount)| *amount)
    }
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
        warn_counts_in_words(&literal, &at, diagnostics);
        warn_typed_amounts(&literal, &at, context, diagnostics);
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
    for (id, _) in &context.amounts {
        candidates.push(format!("montant {id}"));
    }
    candidates.push("total maximal".to_string());
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
        ["total", "maximal"] => context.max_total.map(crate::wording::amount_in_words),
        ["total", section] => context.section_totals.get(*section).cloned(),
        ["montant", id] => context.amount_of(id).map(|amount| {
            amount.map_or_else(
                || "montant non communiqué".to_string(),
                |amount| {
                    let words = crate::wording::amount_in_words(amount);
                    if context.amounts_at_most.contains(*id) {
                        format!("jusqu'à {words}")
                    } else {
                        words
                    }
                },
            )
        }),
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

/// The number words from two on that a count of indicators is written with ("les cinq autres
/// indicateurs"); "un indicateur" says what it is, not how many there are.
const NUMBER_WORDS: &[&str] = &[
    "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
    "treize", "quatorze", "quinze", "seize", "vingt",
];

/// How many words may stand between the number and `indicateurs` ("cinq autres indicateurs",
/// "deux nouveaux sous-indicateurs").
const WORDS_BETWEEN: usize = 2;

/// The words of `text` with their byte offsets: letters, hyphens and apostrophes.
fn words_of(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let in_word = c.is_alphabetic() || c == '-';
        match (start, in_word) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// W0203 for a count of indicators written in words: `les cinq autres indicateurs`.
fn warn_counts_in_words(text: &str, at_text: &Located<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let words = words_of(text);
    for (k, (start, word)) in words.iter().enumerate() {
        if !NUMBER_WORDS.iter().any(|n| n.eq_ignore_ascii_case(word)) {
            continue;
        }
        let found = words
            .iter()
            .skip(k + 1)
            .take(WORDS_BETWEEN + 1)
            .take_while(|(_, w)| !NUMBER_WORDS.iter().any(|n| n.eq_ignore_ascii_case(w)))
            .find(|(_, w)| {
                let w = w.to_lowercase();
                w.starts_with("indicateur") || w.starts_with("sous-indicateur")
            });
        let Some((end_start, end_word)) = found else {
            continue;
        };
        let end = end_start + end_word.len();
        let written = text.get(*start..end).unwrap_or(word);
        // Only words separated by spaces: a count that runs across a line or a sentence is not one.
        if written.contains(['\n', '.', ';', ':', ',']) {
            continue;
        }
        diagnostics.push(
            Diagnostic::warning(
                "W0203",
                at_text.place(written, *start),
                msg!("w0203-count-in-words", written = written),
            )
            .with_help(msg!("w0203-help-write-compiler-counts")),
        );
    }
}

/// An amount written in a text: where it starts, its text, and its value (cents, or points).
struct TypedAmount<'t> {
    start: usize,
    written: &'t str,
    cents: Option<i64>,
    points: Option<i64>,
}

/// A space that may group thousands or stand before the unit.
fn is_amount_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

/// The amounts in euros (`300 €`, `1 240 €`, `84,50 €`) and points (`280 points`) of `text`.
fn typed_amounts(text: &str) -> Vec<TypedAmount<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (start, c) = chars[k];
        let starts_number = c.is_ascii_digit()
            && (k == 0 || {
                let before = chars[k - 1].1;
                !before.is_alphanumeric() && !matches!(before, ',' | '.' | '/' | '-')
            });
        if !starts_number {
            k += 1;
            continue;
        }
        // Digits, in groups of three after a space.
        let mut digits = String::new();
        let mut j = k;
        while j < chars.len() && chars[j].1.is_ascii_digit() {
            digits.push(chars[j].1);
            j += 1;
        }
        while j + 3 < chars.len()
            && is_amount_space(chars[j].1)
            && chars[j + 1..j + 4].iter().all(|(_, d)| d.is_ascii_digit())
            && chars.get(j + 4).is_none_or(|(_, d)| !d.is_ascii_digit())
        {
            digits.extend(chars[j + 1..j + 4].iter().map(|(_, d)| *d));
            j += 4;
        }
        let mut fraction = String::new();
        if j + 1 < chars.len() && chars[j].1 == ',' && chars[j + 1].1.is_ascii_digit() {
            let mut f = j + 1;
            while f < chars.len() && chars[f].1.is_ascii_digit() {
                fraction.push(chars[f].1);
                f += 1;
            }
            j = f;
        }
        let mut u = j;
        while u < chars.len() && is_amount_space(chars[u].1) {
            u += 1;
        }
        let rest = chars.get(u).map_or("", |(at, _)| &text[*at..]);
        let unit_len = if rest.starts_with('€') {
            Some('€'.len_utf8())
        } else if rest.starts_with("points")
            && !rest["points".len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        {
            Some("points".len())
        } else {
            None
        };
        if let (Some(unit_len), Ok(whole)) = (unit_len, digits.parse::<i64>()) {
            let end = chars.get(u).map_or(text.len(), |(at, _)| at + unit_len);
            let written = &text[start..end];
            if rest.starts_with('€') {
                let cents = match fraction.len() {
                    0 => Some(0),
                    1 => fraction.parse::<i64>().ok().map(|f| f * 10),
                    2 => fraction.parse::<i64>().ok(),
                    _ => None,
                };
                out.push(TypedAmount {
                    start,
                    written,
                    cents: cents.and_then(|c| whole.checked_mul(100)?.checked_add(c)),
                    points: None,
                });
            } else if fraction.is_empty() {
                out.push(TypedAmount {
                    start,
                    written,
                    cents: None,
                    points: Some(whole),
                });
            }
        }
        k = j.max(k + 1);
    }
    out
}

/// W0205: an amount typed in a text that equals one of the edition's amounts (a section's, an
/// indicator's, the edition's maximum), which next year's edition would leave stale; the help
/// names the placeholders that give it.
fn warn_typed_amounts(
    text: &str,
    at_text: &Located<'_>,
    context: &TextContext,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for typed in typed_amounts(text) {
        let matches = |amount: &Amount| match (typed.cents, typed.points) {
            (Some(cents), _) => amount.cents == cents,
            (None, Some(points)) => {
                amount.points == Some(num_rational::Ratio::from_integer(points))
            }
            (None, None) => false,
        };
        let mut placeholders: Vec<String> = context
            .amounts
            .iter()
            .filter(|(_, amount)| amount.as_ref().is_some_and(matches))
            .map(|(id, _)| format!("`{{montant {id}}}`"))
            .collect();
        if context.max_total.as_ref().is_some_and(matches) {
            placeholders.push("`{total maximal}`".to_string());
        }
        if placeholders.is_empty() {
            continue;
        }
        diagnostics.push(
            Diagnostic::warning(
                "W0205",
                at_text.place(typed.written, typed.start),
                msg!("w0205-amount-typed-hand", written = typed.written),
            )
            .with_help(msg!(
                "w0205-help-write-placeholder",
                placeholders = placeholders.join(" ou ")
            )),
        );
    }
}
