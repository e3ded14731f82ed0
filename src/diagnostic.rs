//! Diagnostics: stable codes, severities, spans, and their rendering (rustc-like text, or JSON).
//!
//! A diagnostic holds no sentence: its message, labels and help are entries of the catalogue
//! ([`crate::i18n`]), worded when the report is printed, in French unless English is asked for.

use crate::i18n::{Lang, Msg};
use crate::span::Span;
use serde::Serialize;
use std::fmt::Write as _;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The spec cannot be built.
    Error,
    /// The spec builds, but something deserves the author's eye.
    Warning,
}

/// A secondary place that explains a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What it says about that place.
    pub message: Msg,
}

/// One finding of the parser or the checker about a spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, `E…` or `W…` (see [`CODES`]).
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// Lowercase message; user input in backticks.
    pub message: Msg,
    /// The main place.
    pub span: Span,
    /// Other places.
    pub labels: Vec<Label>,
    /// What to do about it (boxed: a diagnostic travels in `Result`s and stays small).
    pub help: Option<Box<Msg>>,
}

impl Diagnostic {
    /// An error with `code` at `span`.
    pub fn error(code: &'static str, span: Span, message: Msg) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message,
            span,
            labels: Vec::new(),
            help: None,
        }
    }

    /// A warning with `code` at `span`.
    pub fn warning(code: &'static str, span: Span, message: Msg) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, span, message)
        }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: Msg) -> Self {
        self.help = Some(Box::new(help));
        self
    }

    /// Adds a secondary label.
    pub fn with_label(mut self, span: Span, message: Msg) -> Self {
        self.labels.push(Label { span, message });
        self
    }

    /// Whether it is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message, worded in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        self.message.text(lang)
    }

    /// The help, worded in `lang`.
    pub fn help_text(&self, lang: Lang) -> Option<String> {
        self.help.as_ref().map(|h| h.text(lang))
    }
}

/// Every diagnostic code, with its severity and what it means. Tests check that
/// each has an example under `tests/check/`.
pub const CODES: &[(&str, Severity, &str)] = &[
    ("E0001", Severity::Error, "syntax error"),
    (
        "E0002",
        Severity::Error,
        "spec beyond the language's limits (nesting depth, file size)",
    ),
    ("E0101", Severity::Error, "duplicate id"),
    ("E0102", Severity::Error, "unknown reference"),
    ("E0103", Severity::Error, "sub-indicator outside its parent"),
    ("E0104", Severity::Error, "missing statement"),
    ("E0105", Severity::Error, "repeated statement"),
    ("E0106", Severity::Error, "statement out of place"),
    (
        "E0107",
        Severity::Error,
        "two indicators continue the same old one without saying it is split",
    ),
    (
        "E0201",
        Severity::Error,
        "stated euros are not points times the point value",
    ),
    (
        "E0202",
        Severity::Error,
        "stated total is not the sum of its parts",
    ),
    ("E0203", Severity::Error, "amount in the wrong unit"),
    ("E0204", Severity::Error, "amount paid twice or not at all"),
    (
        "E0205",
        Severity::Error,
        "points whose euros are not whole cents",
    ),
    ("E0206", Severity::Error, "part of an amount misplaced"),
    (
        "E0207",
        Severity::Error,
        "unknown rest of a total that has none",
    ),
    (
        "E0210",
        Severity::Error,
        "invalid scale: per-unit amount, cap or brackets",
    ),
    (
        "E0211",
        Severity::Error,
        "scaled amount without a count of its indicator to follow",
    ),
    (
        "E0301",
        Severity::Error,
        "number out of range (a threshold, the digit boxes of an identification field)",
    ),
    ("E0302", Severity::Error, "threshold of the wrong unit"),
    (
        "E0303",
        Severity::Error,
        "condition on an unknown act field or value",
    ),
    (
        "E0304",
        Severity::Error,
        "rate read from acts without what its numerator counts",
    ),
    ("E0305", Severity::Error, "invalid act schema"),
    (
        "E0306",
        Severity::Error,
        "condition on acts without an act schema",
    ),
    ("E0401", Severity::Error, "cyclic gating"),
    ("E0402", Severity::Error, "unreachable section"),
    (
        "E0403",
        Severity::Error,
        "optional indicator out of place (outside a prerequisite section, a sub-indicator, another year, every indicator)",
    ),
    (
        "E0501",
        Severity::Error,
        "declarative indicator with nothing to declare",
    ),
    (
        "E0502",
        Severity::Error,
        "automated indicator that asks the practitioner",
    ),
    (
        "E0503",
        Severity::Error,
        "option list with no accepted option",
    ),
    (
        "E0504",
        Severity::Error,
        "pre-filled indicator with no pre-filling source",
    ),
    ("E0505", Severity::Error, "declared rate computed from acts"),
    (
        "E0506",
        Severity::Error,
        "declared rate without a sworn statement",
    ),
    ("E0601", Severity::Error, "invalid date"),
    (
        "E0602",
        Severity::Error,
        "declaration window closes before it opens",
    ),
    (
        "E0603",
        Severity::Error,
        "declaration window closes before the end of the reference year",
    ),
    ("E0701", Severity::Error, "unknown placeholder"),
    (
        "W0201",
        Severity::Warning,
        "literal year not written relative to N",
    ),
    (
        "W0202",
        Severity::Warning,
        "variant spelling of the portal's name",
    ),
    (
        "W0203",
        Severity::Warning,
        "count of indicators typed by hand",
    ),
    (
        "W0204",
        Severity::Warning,
        "control or bidi character in the spec",
    ),
    (
        "W0205",
        Severity::Warning,
        "amount of the edition typed by hand",
    ),
    ("W0301", Severity::Warning, "fact without provenance"),
    (
        "W0302",
        Severity::Warning,
        "file name does not match the edition",
    ),
    (
        "W0303",
        Severity::Warning,
        "no paper route, nor `papier inconnu`: the form does not say where to send it",
    ),
    (
        "W0304",
        Severity::Warning,
        "cited source file in no seeds or editions folder",
    ),
    (
        "W0305",
        Severity::Warning,
        "evidence refers to an annex the edition does not declare",
    ),
    (
        "W0801",
        Severity::Warning,
        "review marker left by `new-year`",
    ),
];

/// A spec's text with its diagnostics, ready to print.
pub struct Report<'a> {
    /// The file name as given.
    pub path: &'a str,
    /// The file's text.
    pub source: &'a str,
    /// What was found.
    pub diagnostics: &'a [Diagnostic],
}

/// How a report is printed as text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    /// The language of the messages.
    pub lang: Lang,
    /// ANSI colours (a terminal that wants them).
    pub colour: bool,
}

/// Where the lines of a text start, to place byte offsets in lines and columns without rescanning
/// the text for every diagnostic.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// The index of `text`, made in one pass.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { text, starts }
    }

    /// The line (from 0) of byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|start| *start <= offset)
            .saturating_sub(1)
    }

    /// How many lines the text has (a last line without newline counts; an empty last one too).
    fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The text of line `line` (from 0), without its end of line.
    fn line_text(&self, line: usize) -> &'a str {
        let start = self.starts.get(line).copied().unwrap_or(self.text.len());
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next.saturating_sub(1));
        let text = self.text.get(start..end.max(start)).unwrap_or("");
        text.strip_suffix('\r').unwrap_or(text)
    }

    /// Line and column (both from 1, the column in characters) of byte `offset`.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.line_of(offset);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line + 1, column)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The widest a printed line gets; longer messages wrap and longer source lines are clipped.
const WIDTH: usize = 100;
/// The longest source line shown whole.
const LONGEST_LINE: usize = 160;
/// How many characters of a longer source line are shown around its labels.
const SNIPPET_WIDTH: usize = 100;

/// A span placed on its line, in displayed cells.
struct Placed<'m> {
    line: usize,
    start: usize,
    end: usize,
    text: Option<&'m str>,
    primary: bool,
}

impl Report<'_> {
    /// Renders every diagnostic like rustc, with the source lines, in `style`'s language and
    /// colours. The text is indexed once: the time grows with the number of diagnostics, not
    /// with the number of diagnostics times the length of the file.
    pub fn render(&self, style: Style) -> String {
        let index = LineIndex::new(self.source);
        let mut out = String::new();
        for diagnostic in self.diagnostics {
            self.render_one(&index, diagnostic, style, &mut out);
            out.push('\n');
        }
        out
    }

    fn render_one(&self, index: &LineIndex<'_>, d: &Diagnostic, style: Style, out: &mut String) {
        let paint = Paint(style.colour);
        let (mark, tone) = match d.severity {
            Severity::Error => ("×", Tone::Error),
            Severity::Warning => ("⚠", Tone::Warning),
        };
        let _ = writeln!(out, "{}\n", paint.tone(tone, d.code));
        let message = escape_controls(&d.text(style.lang));
        for (i, line) in wrap(&message, WIDTH - 4).iter().enumerate() {
            let lead = if i == 0 {
                paint.tone(tone, mark)
            } else {
                "│".to_string()
            };
            let _ = writeln!(out, "  {lead} {line}");
        }
        let label_texts: Vec<String> = d
            .labels
            .iter()
            .map(|l| escape_controls(&l.message.text(style.lang)))
            .collect();
        let mut spans = vec![(d.span, None, true)];
        spans.extend(
            d.labels
                .iter()
                .zip(&label_texts)
                .map(|(l, t)| (l.span, Some(t.as_str()), false)),
        );
        let placed: Vec<Placed<'_>> = spans
            .into_iter()
            .map(|(span, text, primary)| place(index, self.source, span, text, primary))
            .collect();
        let (line, column) = index.line_column(shown_span(self.source, d.span).start);
        // The lines shown: each label's line with one line of context around it.
        let mut shown: Vec<usize> = placed
            .iter()
            .flat_map(|p| p.line.saturating_sub(1)..=p.line + 1)
            .filter(|l| *l < index.line_count())
            .collect();
        shown.sort_unstable();
        shown.dedup();
        // A last empty line (after the final newline) is shown only when a label stands on it.
        shown.retain(|l| {
            *l + 1 < index.line_count()
                || !index.line_text(*l).is_empty()
                || placed.iter().any(|p| p.line == *l)
        });
        let width = shown.last().map_or(1, |l| (l + 1).to_string().len());
        let pad = " ".repeat(width + 2);
        let _ = writeln!(
            out,
            "{pad}╭─[{}:{line}:{column}]",
            escape_controls(self.path)
        );
        let mut previous: Option<usize> = None;
        for &l in &shown {
            if previous.is_some_and(|p| l > p + 1) {
                let _ = writeln!(out, "{pad}⋮");
            }
            previous = Some(l);
            let on_line: Vec<&Placed<'_>> = placed.iter().filter(|p| p.line == l).collect();
            let (text, shift) = clip(index.line_text(l), &on_line);
            let gutter = paint.dim(&format!(" {:>width$} │", l + 1));
            let _ = writeln!(
                out,
                "{gutter}{}",
                if text.is_empty() {
                    String::new()
                } else {
                    format!(" {text}")
                }
            );
            render_underlines(out, &pad, &on_line, shift, tone, paint);
        }
        let _ = writeln!(out, "{pad}╰────");
        if let Some(help) = d.help_text(style.lang) {
            let help = escape_controls(&help);
            let word = help_word(style.lang);
            let indent = " ".repeat(display_width(&word) + 3);
            for (i, line) in wrap(&help, WIDTH - indent.len()).iter().enumerate() {
                if i == 0 {
                    let _ = writeln!(out, "  {} {line}", paint.tone(Tone::Help, &word));
                } else {
                    let _ = writeln!(out, "{indent}{line}");
                }
            }
        }
    }

    /// The diagnostics as JSON values, with line and column (in characters), in `lang`.
    pub fn to_json(&self, lang: Lang) -> Vec<JsonDiagnostic> {
        let index = LineIndex::new(self.source);
        self.diagnostics
            .iter()
            .map(|d| {
                let (line, column) = index.line_column(d.span.start);
                let (end_line, end_column) = index.line_column(d.span.end);
                JsonDiagnostic {
                    file: self.path.to_string(),
                    code: d.code,
                    severity: d.severity,
                    message: d.text(lang),
                    line,
                    column,
                    end_line,
                    end_column,
                    help: d.help_text(lang),
                    labels: d
                        .labels
                        .iter()
                        .map(|l| {
                            let (line, column) = index.line_column(l.span.start);
                            JsonLabel {
                                message: l.message.text(lang),
                                line,
                                column,
                            }
                        })
                        .collect(),
                }
            })
            .collect()
    }
}

fn help_word(lang: Lang) -> String {
    crate::i18n::Msg::new("report-help").text(lang)
}

/// A span as shown: without the blanks and line ends it may carry after its last word.
fn shown_span(source: &str, span: Span) -> Span {
    let start = floor_char_boundary(source, span.start.min(source.len()));
    let end = floor_char_boundary(source, span.end.min(source.len())).max(start);
    let text = source.get(start..end).unwrap_or("");
    let trimmed = text.trim_end();
    if trimmed.is_empty() {
        Span::new(
            start,
            start + usize::from(!text.is_empty() && !text.starts_with('\n')),
        )
    } else {
        Span::new(start, start + trimmed.len())
    }
}

/// Where a span stands on its first line, in displayed cells (a span over several lines is
/// underlined to the end of its first line).
fn place<'m>(
    index: &LineIndex<'_>,
    source: &str,
    span: Span,
    text: Option<&'m str>,
    primary: bool,
) -> Placed<'m> {
    let span = shown_span(source, span);
    let line = index.line_of(span.start);
    let line_start = index.starts.get(line).copied().unwrap_or(0);
    let line_text = index.line_text(line);
    let line_end = line_start + line_text.len();
    let cells = |to: usize| {
        source
            .get(line_start..to.clamp(line_start, line_end))
            .map_or(0, display_width)
    };
    let start = cells(span.start);
    let end = if span.end > line_end {
        display_width(line_text) + usize::from(span.end > line_end + 1 || line_text.is_empty())
    } else {
        cells(span.end)
    };
    Placed {
        line,
        start,
        end: end.max(start),
        text,
        primary,
    }
}

/// The line as shown, clipped around its labels when it is too long, and how many cells were
/// cut on the left.
fn clip(line: &str, labels: &[&Placed<'_>]) -> (String, usize) {
    let shown = escape_controls(&line.replace('\t', "    "));
    let width = display_width(&shown);
    if width <= LONGEST_LINE {
        return (shown, 0);
    }
    let first = labels.iter().map(|p| p.start).min().unwrap_or(0);
    let from = first.saturating_sub(SNIPPET_WIDTH / 3);
    let to = (from + SNIPPET_WIDTH).min(width);
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut cell = 0;
    for c in shown.chars() {
        let w = char_width(c);
        if cell >= from && cell + w <= to {
            out.push(c);
        }
        cell += w;
    }
    if to < width {
        out.push('…');
    }
    (out, from.saturating_sub(usize::from(from > 0)))
}

fn render_underlines(
    out: &mut String,
    pad: &str,
    on_line: &[&Placed<'_>],
    shift: usize,
    tone: Tone,
    paint: Paint,
) {
    if on_line.is_empty() {
        return;
    }
    let limit = if shift == 0 && on_line.iter().all(|p| p.end <= LONGEST_LINE + 1) {
        LONGEST_LINE + 1
    } else {
        SNIPPET_WIDTH + 2
    };
    let at = |p: &Placed<'_>| {
        let start = p.start.saturating_sub(shift).min(limit);
        let end = p.end.saturating_sub(shift).clamp(start, limit);
        (start, end)
    };
    let mut sorted: Vec<&Placed<'_>> = on_line.to_vec();
    sorted.sort_by_key(|p| (p.start, p.end));
    // The row of underlines, each with a tick where its label hangs.
    let mut row = String::new();
    let mut cell = 0;
    let mut ticks = Vec::new();
    for p in &sorted {
        let (start, end) = at(p);
        if start < cell {
            continue;
        }
        row.push_str(&" ".repeat(start - cell));
        let len = end - start;
        let piece = if len == 0 {
            "▲".to_string()
        } else {
            let middle = len.saturating_sub(1) / 2;
            (0..len)
                .map(|i| {
                    if i == middle && p.text.is_some() {
                        '┬'
                    } else {
                        '─'
                    }
                })
                .collect()
        };
        row.push_str(&paint.tone(if p.primary { tone } else { Tone::Label }, &piece));
        cell = start + len.max(1);
        if let Some(text) = p.text {
            ticks.push((start + len.saturating_sub(1) / 2, text));
        }
    }
    let _ = writeln!(out, "{pad}{} {row}", paint.dim("·"));
    // Then each label's text, the rightmost first, under its tick.
    for k in (0..ticks.len()).rev() {
        let mut line = String::new();
        let mut cell = 0;
        for (i, (tick, text)) in ticks.iter().enumerate().take(k + 1) {
            line.push_str(&" ".repeat(tick.saturating_sub(cell)));
            if i == k {
                line.push_str(&paint.tone(Tone::Label, &format!("╰── {text}")));
            } else {
                line.push_str(&paint.tone(Tone::Label, "│"));
            }
            cell = tick + 1;
        }
        let _ = writeln!(out, "{pad}{} {line}", paint.dim("·"));
    }
}

/// Words wrapped to lines of at most `width` characters (a longer word stands alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            if !line.is_empty() && display_width(&line) + 1 + display_width(word) > width {
                lines.push(std::mem::take(&mut line));
            } else if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// Control characters written as escapes (`\u{1b}`), so that a spec cannot drive the terminal.
pub fn escape_controls(text: &str) -> String {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn display_width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    if c.is_control() {
        // Escaped when shown: `\u{…}`.
        c.escape_unicode().count()
    } else {
        unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
    }
}

#[derive(Clone, Copy)]
enum Tone {
    Error,
    Warning,
    Label,
    Help,
}

/// ANSI colours, or none.
#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn tone(self, tone: Tone, text: &str) -> String {
        if !self.0 {
            return text.to_string();
        }
        let code = match tone {
            Tone::Error => "1;31",
            Tone::Warning => "1;33",
            Tone::Label => "1;36",
            Tone::Help => "1;32",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }

    fn dim(self, text: &str) -> String {
        if self.0 {
            format!("\x1b[2m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// A diagnostic as `guidec check --format json` prints it.
#[derive(Clone, Debug, Serialize)]
pub struct JsonDiagnostic {
    /// The spec file.
    pub file: String,
    /// Stable code.
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: Severity,
    /// The message.
    pub message: String,
    /// Line of the start, from 1.
    pub line: usize,
    /// Column of the start, from 1, in characters.
    pub column: usize,
    /// Line of the end.
    pub end_line: usize,
    /// Column of the end.
    pub end_column: usize,
    /// What to do.
    pub help: Option<String>,
    /// Secondary places.
    pub labels: Vec<JsonLabel>,
}

/// A secondary place in JSON.
#[derive(Clone, Debug, Serialize)]
pub struct JsonLabel {
    /// What it says.
    pub message: String,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}
