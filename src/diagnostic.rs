//! Diagnostics: stable codes, severities, spans, and their rendering (rustc-like via miette, or JSON).

use crate::span::{line_column, Span};
use serde::Serialize;
use std::fmt;

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
    pub message: String,
}

/// One finding of the parser or the checker about a spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, `E…` or `W…` (see [`CODES`]).
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// Lowercase message; user input in backticks.
    pub message: String,
    /// The main place.
    pub span: Span,
    /// Other places.
    pub labels: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with `code` at `span`.
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            span,
            labels: Vec::new(),
            help: None,
        }
    }

    /// A warning with `code` at `span`.
    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, span, message)
        }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary label.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Whether it is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
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
    ("E0301", Severity::Error, "threshold out of range"),
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
    ("E0401", Severity::Error, "cyclic gating"),
    ("E0402", Severity::Error, "unreachable section"),
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
    ("W0301", Severity::Warning, "fact without provenance"),
    (
        "W0302",
        Severity::Warning,
        "file name does not match the edition",
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

struct MietteView<'a> {
    diagnostic: &'a Diagnostic,
    source: miette::NamedSource<String>,
}

impl fmt::Debug for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.diagnostic.message)
    }
}

impl fmt::Display for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.diagnostic.message)
    }
}

impl std::error::Error for MietteView<'_> {}

impl miette::Diagnostic for MietteView<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let primary = miette::LabeledSpan::new_primary_with_span(None, self.diagnostic.span);
        let others = self
            .diagnostic
            .labels
            .iter()
            .map(|l| miette::LabeledSpan::new_with_span(Some(l.message.clone()), l.span));
        Some(Box::new(std::iter::once(primary).chain(others)))
    }
}

impl Report<'_> {
    /// Renders every diagnostic like rustc, with the source line, without colour
    /// unless `colour` is set.
    pub fn render(&self, colour: bool) -> String {
        let theme = if colour {
            miette::GraphicalTheme::unicode()
        } else {
            miette::GraphicalTheme::unicode_nocolor()
        };
        let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
        let mut out = String::new();
        for diagnostic in self.diagnostics {
            let view = MietteView {
                diagnostic,
                source: miette::NamedSource::new(self.path, self.source.to_string()),
            };
            let mut rendered = String::new();
            if handler.render_report(&mut rendered, &view).is_err() {
                let (line, column) = line_column(self.source, diagnostic.span.start);
                rendered = format!(
                    "{}[{}]: {}\n  --> {}:{line}:{column}\n",
                    severity_word(diagnostic.severity),
                    diagnostic.code,
                    diagnostic.message,
                    self.path
                );
            }
            out.push_str(&rendered);
            out.push('\n');
        }
        out
    }

    /// The diagnostics as JSON values, with line and column.
    pub fn to_json(&self) -> Vec<JsonDiagnostic> {
        self.diagnostics
            .iter()
            .map(|d| {
                let (line, column) = line_column(self.source, d.span.start);
                let (end_line, end_column) = line_column(self.source, d.span.end);
                JsonDiagnostic {
                    file: self.path.to_string(),
                    code: d.code,
                    severity: d.severity,
                    message: d.message.clone(),
                    line,
                    column,
                    end_line,
                    end_column,
                    help: d.help.clone(),
                    labels: d
                        .labels
                        .iter()
                        .map(|l| {
                            let (line, column) = line_column(self.source, l.span.start);
                            JsonLabel {
                                message: l.message.clone(),
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

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
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
