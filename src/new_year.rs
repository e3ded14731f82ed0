//! `guidec new-year`: next year's spec, written from this year's.
//!
//! The header's year changes; every date and placeholder written relative to
//! N then moves by itself. What cannot move by itself is flagged for the
//! author: each literal year left in the spec (in a date, a text, a prose
//! block, a `{an YYYY}` or a comment) gets a `// À REVOIR (new-year): …`
//! line above it and is listed with its line number. Provisional and unknown
//! facts stay as they are. The `source` lines of the old edition become
//! `emprunt` lines ("spec de l'édition N-1, à remplacer par le guide N"), so
//! that every citation still resolves and every fact shows as carried from
//! last year; since an edition must encode one source, a placeholder `source`
//! for the new guide is declared (and flagged) until the author replaces it.
//!
//! The edit is made on the text, so comments and layout are kept.

use crate::diagnostic::{Diagnostic, Severity};
use crate::driver;
use crate::format::{lex, TokenKind};
use crate::i18n::Msg;
use crate::ir;
use crate::span::line_column;

/// The marker of the review comments this tool writes.
pub const MARKER: &str = "// À REVOIR (new-year):";

/// What kind of literal year was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    /// In a date: `12/01/2026`.
    Date,
    /// In a quoted text.
    Text,
    /// In a prose block.
    Prose,
    /// A fixed year placeholder: `{an 2021}`.
    FixedYear,
    /// In a comment.
    Comment,
    /// The placeholder source declared for the new guide.
    Source,
    /// An indicator optional for the old edition's year only (`facultatif en N`): kept optional
    /// in the new spec, for the author to confirm or make required again.
    Optional,
}

impl FlagKind {
    /// In French.
    pub fn label(self) -> &'static str {
        match self {
            FlagKind::Date => "date",
            FlagKind::Text => "texte",
            FlagKind::Prose => "prose",
            FlagKind::FixedYear => "année fixe",
            FlagKind::Comment => "commentaire",
            FlagKind::Source => "source",
            FlagKind::Optional => "facultatif",
        }
    }
}

/// A literal year (or a placeholder) for the author to review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    /// Line in the new spec (from 1) of what is flagged.
    pub line: usize,
    /// What kind.
    pub kind: FlagKind,
    /// As written: `2023`, `{an 2021}`, `12/01/2026`.
    pub literal: String,
    /// Line of its `// À REVOIR (new-year):` comment (above the statement, for prose).
    pub comment_line: usize,
}

/// The new spec.
#[derive(Clone, Debug)]
pub struct NewYear {
    /// Its text.
    pub text: String,
    /// The old reference year.
    pub from: i32,
    /// The new reference year.
    pub to: i32,
    /// What the author must review, in line order.
    pub flags: Vec<Flag>,
    /// What the checker says of the new spec (no error).
    pub diagnostics: Vec<Diagnostic>,
}

/// Why the new spec could not be written.
#[derive(Debug)]
pub enum NewYearError {
    /// The old spec has errors.
    OldSpec(Vec<Diagnostic>),
    /// The year is not after the old one.
    Year(Msg),
    /// The new spec would not check (a bug of this tool).
    NewSpec(Vec<Diagnostic>),
}

impl NewYearError {
    /// Why, from the catalogue.
    pub fn message(&self) -> Msg {
        match self {
            NewYearError::OldSpec(_) => Msg::new("new-year-old-spec-has-errors"),
            NewYearError::Year(why) => why.clone(),
            NewYearError::NewSpec(d) => Msg::new("new-year-new-spec-would-not-check").with(
                "errors",
                crate::i18n::Arg::List(
                    d.iter()
                        .filter(|d| d.is_error())
                        .map(|d| {
                            crate::i18n::Arg::Msg(
                                Msg::new("new-year-coded")
                                    .arg("code", d.code)
                                    .phrase("message", d.message.clone()),
                            )
                        })
                        .collect(),
                    "word-and",
                ),
            ),
        }
    }
}

impl std::fmt::Display for NewYearError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().text(crate::i18n::Lang::default()))
    }
}

/// Where a new edition's spec goes by default: `specs/<programme>/<profession>-<year>.guide`.
pub fn default_path(edition: &ir::Edition, year: i32) -> std::path::PathBuf {
    std::path::PathBuf::from(format!(
        "specs/{}/{}-{year}.{}",
        edition.programme,
        edition.profession,
        driver::SPEC_EXTENSION
    ))
}

/// The literal years (1990 to 2099) of a text outside placeholders, with their byte offsets,
/// and its `{an YYYY}` placeholders.
fn years_in(text: &str) -> Vec<(usize, String, FlagKind)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'{' {
            if let Some(close) = text.get(i..).and_then(|r| r.find('}')) {
                let inner = text.get(i + 1..i + close).unwrap_or("");
                if inner.trim().starts_with("an ") {
                    out.push((
                        i,
                        text.get(i..=i + close).unwrap_or("").to_string(),
                        FlagKind::FixedYear,
                    ));
                }
                i += close + 1;
                continue;
            }
        }
        let four = bytes.get(i..i + 4);
        let before_ok = i == 0 || !bytes[i - 1].is_ascii_digit();
        let after_ok = bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
        if let Some(window) = four {
            if before_ok && after_ok && window.iter().all(u8::is_ascii_digit) {
                let literal = text.get(i..i + 4).unwrap_or("");
                if literal
                    .parse::<i32>()
                    .is_ok_and(|y| (1990..=2099).contains(&y))
                {
                    out.push((i, literal.to_string(), FlagKind::Text));
                }
                i += 4;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// A date word with a literal year: `12/01/2026`, or `12/2026` after `début`.
fn literal_date(word: &str, after_early: bool) -> bool {
    let parts: Vec<&str> = word.split('/').collect();
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit())
    };
    match parts.as_slice() {
        [d, m, y] => digits(d, 1..=2) && digits(m, 1..=2) && digits(y, 4..=4),
        [m, y] if after_early => digits(m, 1..=2) && digits(y, 4..=4),
        _ => false,
    }
}

/// What the review comment says of one literal, for the new year `year`.
fn review_advice(kind: FlagKind, literal: &str, year: i32) -> String {
    let relative = |y: i32| match y - year {
        0 => "N".to_string(),
        d if d > 0 => format!("N+{d}"),
        d => format!("N{d}"),
    };
    match kind {
        FlagKind::Text | FlagKind::Prose => {
            let y: i32 = literal.parse().unwrap_or(year);
            format!(
                "année « {literal} » dans {} : l'écrire {{{}}} si elle suit l'année de référence, {{an {literal}}} si elle est fixe",
                if kind == FlagKind::Prose { "la prose" } else { "un texte" },
                relative(y)
            )
        }
        FlagKind::Date => {
            let (day_month, y) = literal.rsplit_once('/').unwrap_or((literal, ""));
            let y: i32 = y.parse().unwrap_or(year);
            format!(
                "date « {literal} » à l'année littérale : l'écrire {day_month}/{} si elle suit l'année de référence",
                relative(y)
            )
        }
        FlagKind::FixedYear => {
            format!("année fixe « {literal} » : vérifier qu'elle vaut encore pour {year}")
        }
        FlagKind::Comment => {
            format!("année « {literal} » dans un commentaire : le vérifier pour {year}")
        }
        FlagKind::Source => String::new(),
        FlagKind::Optional => format!(
            "indicateur facultatif en {literal} seulement : le garder `facultatif en N` si le guide {year} le laisse facultatif ; sinon retirer `facultatif en N`, ajouter son montant à celui de la section et retirer la part `dont … facultatifs` du total"
        ),
    }
}

struct Edit {
    start: usize,
    end: usize,
    text: String,
}

/// Writes next year's spec from `source` (the text of a spec that checks without error).
pub fn new_year(source: &str, year: i32, path: Option<&str>) -> Result<NewYear, NewYearError> {
    // Review comments of an earlier run are written anew.
    let base: String = source
        .split_inclusive('\n')
        .filter(|line| !line.trim_start().starts_with(MARKER))
        .collect();
    let checked = driver::check_source(&base, None);
    let Some(old) = checked.edition else {
        return Err(NewYearError::OldSpec(checked.diagnostics));
    };
    if year <= old.year {
        return Err(NewYearError::Year(
            Msg::new("new-year-year-not-after")
                .arg("year", year)
                .arg("old", old.year),
        ));
    }
    let step = year - old.year;
    let tokens = lex(&base).map_err(|(at, why)| {
        NewYearError::OldSpec(vec![Diagnostic::error(
            "E0001",
            crate::span::Span::new(at, at),
            crate::format::lex_message(why),
        )])
    })?;
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(base.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&start| start <= offset);
    // Lines that begin inside a prose block: a comment cannot go there.
    let mut prose_lines: Vec<(usize, usize, usize)> = Vec::new();
    for t in tokens.iter().filter(|t| t.kind == TokenKind::Prose) {
        prose_lines.push((
            line_of(t.start),
            line_of(t.start + t.text.len()),
            line_of(t.start),
        ));
    }
    let safe_line = |line: usize| -> usize {
        prose_lines
            .iter()
            .find(|(first, last, _)| line > *first && line <= *last)
            .map_or(line, |(_, _, start)| *start)
    };

    let mut edits: Vec<Edit> = Vec::new();
    // (line flagged, line the comment goes above, kind, literal)
    let mut found: Vec<(usize, usize, FlagKind, String)> = Vec::new();
    let mut first_source_line = None;
    let mut depth = 0usize;
    let mut header_seen = false;
    let mut skip_strings = 0usize;
    let mut previous_word: Option<&str> = None;
    for (index, token) in tokens.iter().enumerate() {
        match token.kind {
            TokenKind::Open => depth += 1,
            TokenKind::Close => depth = depth.saturating_sub(1),
            TokenKind::Word => {
                if !header_seen && token.text == "édition" {
                    header_seen = true;
                    if let Some(year_token) = tokens.get(index + 3) {
                        edits.push(Edit {
                            start: year_token.start,
                            end: year_token.start + year_token.text.len(),
                            text: year.to_string(),
                        });
                    }
                } else if depth == 1
                    && matches!(token.text, "source" | "emprunt")
                    && !previous_word.is_some_and(|w| matches!(w, "source" | "emprunt"))
                {
                    if first_source_line.is_none() {
                        first_source_line = Some(line_of(token.start));
                    }
                    // The file and the title name a seed: fixed facts, not flagged.
                    skip_strings = 2;
                    if token.text == "source" {
                        edits.push(Edit {
                            start: token.start,
                            end: token.start + token.text.len(),
                            text: "emprunt".to_string(),
                        });
                        if let Some(title) =
                            tokens.get(index + 3).filter(|t| t.kind == TokenKind::Str)
                        {
                            let at = title.start + title.text.len();
                            edits.push(Edit {
                                start: at,
                                end: at,
                                text: format!(
                                    " \"spec de l'édition {{N-{step}}}, à remplacer par le guide {{N}}\""
                                ),
                            });
                        }
                    }
                } else if token.text == "facultatif"
                    && tokens.get(index + 1).is_some_and(|t| t.text == "en")
                {
                    // Optional for the old year only: kept for the new one, and flagged.
                    let line = line_of(token.start);
                    found.push((
                        line,
                        safe_line(line),
                        FlagKind::Optional,
                        old.year.to_string(),
                    ));
                    if let Some(year_token) = tokens.get(index + 2) {
                        edits.push(Edit {
                            start: year_token.start,
                            end: year_token.start + year_token.text.len(),
                            text: "N".to_string(),
                        });
                    }
                } else if literal_date(token.text, previous_word == Some("début")) {
                    let line = line_of(token.start);
                    found.push((
                        line,
                        safe_line(line),
                        FlagKind::Date,
                        token.text.to_string(),
                    ));
                }
            }
            TokenKind::Str if skip_strings > 0 => skip_strings -= 1,
            TokenKind::Str | TokenKind::Prose => {
                let prose = token.kind == TokenKind::Prose;
                for (offset, literal, kind) in years_in(token.text) {
                    let line = line_of(token.start + offset);
                    let kind = match (kind, prose) {
                        (FlagKind::Text, true) => FlagKind::Prose,
                        (k, _) => k,
                    };
                    let above = if prose { line_of(token.start) } else { line };
                    found.push((line, safe_line(above), kind, literal));
                }
            }
            TokenKind::Comment if !token.text.starts_with(MARKER) => {
                for (_, literal, kind) in years_in(token.text) {
                    if kind == FlagKind::Text {
                        let line = line_of(token.start);
                        found.push((line, safe_line(line), FlagKind::Comment, literal));
                    }
                }
            }
            _ => {}
        }
        if token.kind == TokenKind::Word {
            previous_word = Some(token.text);
        } else if token.kind != TokenKind::Comment {
            previous_word = None;
        }
    }

    // Apply the in-line edits (they add no line).
    edits.sort_by_key(|e| std::cmp::Reverse(e.start));
    let mut text = base.clone();
    for edit in &edits {
        if text.is_char_boundary(edit.start) && text.is_char_boundary(edit.end) {
            text.replace_range(edit.start..edit.end, &edit.text);
        }
    }

    // Insert the review comments and the placeholder source, line by line.
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut above: std::collections::BTreeMap<usize, Vec<(FlagKind, String, usize)>> =
        std::collections::BTreeMap::new();
    for (line, target, kind, literal) in &found {
        above
            .entry(*target)
            .or_default()
            .push((*kind, literal.clone(), *line));
    }
    let mut out = String::with_capacity(text.len() + 4096);
    let mut flags = Vec::new();
    let mut new_line_of = vec![0usize; lines.len() + 2];
    let mut written = 0usize;
    let mut pending_flags: Vec<(usize, FlagKind, String, usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let number = i + 1;
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        if Some(number) == first_source_line {
            out.push_str(&format!(
                "{indent}{MARKER} source du guide {year} à déclarer (id, fichier, titre) et à citer ; en attendant, les faits sont repris de l'édition {} (emprunts ci-dessous)\n",
                old.year
            ));
            out.push_str(&format!(
                "{indent}source guide_{year} \"à fournir\" \"guide de l'édition {year} (à fournir)\"\n"
            ));
            written += 2;
            flags.push(Flag {
                line: written,
                kind: FlagKind::Source,
                literal: format!("guide_{year}"),
                comment_line: written - 1,
            });
        }
        if let Some(items) = above.get(&number) {
            let mut advice: Vec<String> = Vec::new();
            for (kind, literal, _) in items {
                let item = review_advice(*kind, literal, year);
                if !advice.contains(&item) {
                    advice.push(item);
                }
            }
            out.push_str(&format!("{indent}{MARKER} {}\n", advice.join(" ; ")));
            written += 1;
            for (kind, literal, flagged) in items {
                pending_flags.push((*flagged, *kind, literal.clone(), written));
            }
        }
        out.push_str(line);
        written += 1;
        new_line_of[number] = written;
    }
    for (line, kind, literal, comment_line) in pending_flags {
        flags.push(Flag {
            line: new_line_of.get(line).copied().unwrap_or(line),
            kind,
            literal,
            comment_line,
        });
    }
    flags.sort_by(|a, b| a.line.cmp(&b.line).then(a.literal.cmp(&b.literal)));
    flags.dedup();

    let checked = driver::check_source(&out, path);
    if checked.edition.is_none() {
        return Err(NewYearError::NewSpec(checked.diagnostics));
    }
    Ok(NewYear {
        text: out,
        from: old.year,
        to: year,
        flags,
        diagnostics: checked.diagnostics,
    })
}

impl NewYear {
    /// Warnings on lines that are not flagged for review (there should be none).
    pub fn unflagged_warnings(&self) -> Vec<&Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning && d.code != "W0801")
            .filter(|d| {
                let line = line_column(&self.text, d.span.start).0;
                !self.flags.iter().any(|f| f.line == line)
            })
            .collect()
    }
}
