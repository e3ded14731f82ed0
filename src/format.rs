//! `guidec fmt`: the canonical layout of a spec, over its source text.
//!
//! The AST drops comments, so the formatter works on the text: a small lexer
//! that knows strings, prose blocks, citations and comments (which it never
//! changes, byte for byte), and the block structure (which statement words
//! open which blocks, which words start a statement in each block). It lays
//! out one statement per line, indented by two spaces per block, with single
//! spaces between words, no trailing blank, at most one blank line in a row
//! and a blank line around each section, indicator and annex; prose is
//! re-indented one level under its statement (the parser dedents prose, so
//! its meaning is unchanged).
//!
//! Line breaks are whitespace to the grammar, so layout cannot change a
//! spec's meaning; [`format_source`] still proves it on every file: the
//! formatted text must parse to the same syntax tree (spans never count) and
//! keep the same comments, or the file is left as it was.

use crate::diagnostic::Diagnostic;
use crate::i18n::Msg;
use crate::parse;

/// The kinds of tokens of a spec's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// A keyword, an identifier, a number, a date, an operator: anything between blanks.
    Word,
    /// `"..."`
    Str,
    /// `"""..."""`
    Prose,
    /// `[004 §1.4]`
    Citation,
    /// `// ...` to the end of the line.
    Comment,
    /// `{`
    Open,
    /// `}`
    Close,
    /// `,`
    Comma,
    /// `(`
    LParen,
    /// `)`
    RParen,
}

/// A token, with where it is.
#[derive(Clone, Debug)]
pub(crate) struct Token<'a> {
    /// What kind.
    pub kind: TokenKind,
    /// Its text, as written.
    pub text: &'a str,
    /// Byte offset of its first character.
    pub start: usize,
    /// Line breaks between the previous token and this one.
    pub newlines_before: usize,
    /// Whether it is the first token of its source line.
    pub line_start: bool,
}

/// Cuts a spec's text into tokens. An unterminated string, prose or citation is an error at its offset.
pub(crate) fn lex(source: &str) -> Result<Vec<Token<'_>>, (usize, &'static str)> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut newlines = 0;
    let mut line_start = true;
    while i < source.len() {
        let Some(c) = source.get(i..).and_then(|s| s.chars().next()) else {
            break;
        };
        if c == '\n' {
            newlines += 1;
            line_start = true;
            i += 1;
            continue;
        }
        if c == ' ' || c == '\t' || c == '\r' || c == '\u{A0}' {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let rest = source.get(i..).unwrap_or("");
        let (kind, end) = if rest.starts_with("//") {
            let end = rest.find('\n').map_or(source.len(), |e| i + e);
            (TokenKind::Comment, end)
        } else if rest.starts_with("\"\"\"") {
            let close = rest
                .get(3..)
                .and_then(|r| r.find("\"\"\""))
                .ok_or((start, "prose block without its closing `\"\"\"`"))?;
            (TokenKind::Prose, i + 3 + close + 3)
        } else if c == '"' {
            let mut j = i + 1;
            loop {
                match bytes.get(j) {
                    None | Some(b'\n') => return Err((start, "text without its closing quote")),
                    Some(b'\\') => j += 2,
                    Some(b'"') => break,
                    Some(_) => j += 1,
                }
            }
            (TokenKind::Str, j + 1)
        } else if c == '[' {
            let close = rest
                .find([']', '\n'])
                .filter(|&e| rest.as_bytes().get(e) == Some(&b']'))
                .ok_or((start, "citation without its closing `]`"))?;
            (TokenKind::Citation, i + close + 1)
        } else {
            match c {
                '{' => (TokenKind::Open, i + 1),
                '}' => (TokenKind::Close, i + 1),
                ',' => (TokenKind::Comma, i + 1),
                '(' => (TokenKind::LParen, i + 1),
                ')' => (TokenKind::RParen, i + 1),
                _ => {
                    let mut end = i;
                    for (k, ch) in rest.char_indices() {
                        let stop = matches!(
                            ch,
                            ' ' | '\t'
                                | '\r'
                                | '\n'
                                | '\u{A0}'
                                | '{'
                                | '}'
                                | ','
                                | '('
                                | ')'
                                | '"'
                                | '['
                        ) && !decimal_comma(rest, k)
                            || rest.get(k..).is_some_and(|r| r.starts_with("//"));
                        if stop {
                            break;
                        }
                        end = i + k + ch.len_utf8();
                    }
                    (TokenKind::Word, end)
                }
            }
        };
        tokens.push(Token {
            kind,
            text: source.get(start..end).unwrap_or(""),
            start,
            newlines_before: newlines,
            line_start,
        });
        newlines = 0;
        line_start = false;
        i = end;
    }
    Ok(tokens)
}

/// Whether the `,` at byte `k` of `text` is a decimal comma (`84,62`): a digit on each side.
fn decimal_comma(text: &str, k: usize) -> bool {
    let bytes = text.as_bytes();
    bytes.get(k) == Some(&b',')
        && k > 0
        && bytes.get(k - 1).is_some_and(u8::is_ascii_digit)
        && bytes.get(k + 1).is_some_and(u8::is_ascii_digit)
}

/// The kinds of blocks, each with the words that start its statements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Block {
    /// Outside the edition.
    Top,
    /// `édition … { }`
    Edition,
    /// `section … { }`
    Section,
    /// `indicateur` or `sous-indicateur … { }`
    Indicator,
    /// `choix … { }`
    Choice,
    /// `taux … { }`
    Rate,
    /// `nombre … { }`
    Count,
    /// `justificatif … { }`
    Evidence,
    /// `montant barème selon … { }`: one bracket a line.
    Scale,
    /// `actes { }`
    Acts,
    /// `{a, b}` in a condition.
    Set,
    /// A block the formatter does not know.
    Other,
}

impl Block {
    fn starts(self, word: &str) -> bool {
        let words: &[&str] = match self {
            Block::Top => &["édition"],
            Block::Edition => &[
                "titre",
                "source",
                "emprunt",
                "convention",
                "programme",
                "profession",
                "valeur",
                "unité",
                "appréciation",
                "ouverture",
                "clôture",
                "paiement",
                "portail",
                "en",
                "papier",
                "attestation",
                "identification",
                "total",
                "actes",
                "section",
                "annexe",
                "description",
                "note",
                "cas",
            ],
            Block::Section => &[
                "montant",
                "total",
                "reste",
                "indicateur",
                "sous-indicateur",
                "description",
                "note",
                "cas",
            ],
            Block::Indicator => &[
                "numéro",
                "type",
                "montant",
                "reprend",
                "question",
                "texte",
                "logiciel",
                "choix",
                "taux",
                "nombre",
                "constat",
                "pré-alimentation",
                "justificatif",
                "neutralisé",
                "exonération",
                "délai",
                "facultatif",
                "sous-indicateur",
                "description",
                "note",
                "cas",
            ],
            Block::Choice => &["accepte", "refuse"],
            Block::Rate => &[
                "numérateur",
                "dénominateur",
                "exclure",
                "période",
                "seuil",
                "part",
            ],
            Block::Count => &["seuil", "part"],
            Block::Acts => &["liste", "oui/non", "âge", "date", "nombre", "première"],
            Block::Evidence => &["requis", "mentionne", "valable", "validé", "conservé"],
            // Brackets start with a number or `de`: see [`bracket_starts`].
            Block::Scale | Block::Set | Block::Other => &[],
        };
        words.contains(&word)
    }

    /// The block a statement starting with `word` opens with `{`.
    pub(crate) fn opened_by(word: &str) -> Block {
        match word {
            "édition" => Block::Edition,
            "section" => Block::Section,
            "indicateur" | "sous-indicateur" => Block::Indicator,
            "choix" => Block::Choice,
            "taux" => Block::Rate,
            "nombre" => Block::Count,
            "justificatif" => Block::Evidence,
            "actes" => Block::Acts,
            "montant" => Block::Scale,
            _ => Block::Other,
        }
    }
}

/// Whether `word` starts a bracket of a `barème`: `de 10 à 49 : …`, or the number of `50 et
/// plus : …` right after the previous bracket's amount (or its citation, or the block's `{`).
fn bracket_starts(word: &str, previous: Option<&str>) -> bool {
    word == "de"
        || (word.starts_with(|c: char| c.is_ascii_digit())
            && matches!(previous, None | Some("point" | "points" | "€")))
}

/// Words after which the next word is an id or a continuation, never a statement.
fn takes_argument(word: &str) -> bool {
    matches!(
        word,
        "logiciel"
            | "constat"
            | "taux"
            | "nombre"
            | "accepte"
            | "refuse"
            | "exonération"
            | "reprend"
            | "identification"
            | "section"
            | "indicateur"
            | "sous-indicateur"
            | "annexe"
            | "de"
            | "si"
            | "source"
            | "emprunt"
            | "édition"
            | "avec"
            | "sans"
            | "âge"
            | "liste"
            | "oui/non"
    )
}

/// Statements set apart by blank lines (sub-indicators keep the blank lines their author gave them).
fn is_item(word: &str) -> bool {
    matches!(word, "section" | "indicateur" | "annexe")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineKind {
    Code,
    Comment,
    Open,
    Close,
}

struct Line {
    depth: usize,
    text: String,
    kind: LineKind,
    blank_before: bool,
    item_start: bool,
    item_end: bool,
    continuation: bool,
}

/// Why a file cannot be formatted.
#[derive(Debug)]
pub enum FormatError {
    /// The file does not parse.
    Syntax(Vec<Diagnostic>),
    /// The formatted text would not mean the same (a formatter bug): the file is left as it was.
    Unsafe(Msg),
}

impl FormatError {
    /// Why, from the catalogue (the first syntax error's message for a spec that does not parse).
    pub fn message(&self) -> Msg {
        match self {
            FormatError::Syntax(d) => Msg::new("fmt-does-not-parse").phrase(
                "error",
                d.first()
                    .map_or_else(|| Msg::new("fmt-no-detail"), |d| d.message.clone()),
            ),
            FormatError::Unsafe(why) => Msg::new("fmt-left-unchanged").phrase("why", why.clone()),
        }
    }
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().text(crate::i18n::Lang::default()))
    }
}

/// The comments of a text, in order, without trailing blanks.
pub fn comments(source: &str) -> Vec<String> {
    lex(source)
        .map(|tokens| {
            tokens
                .iter()
                .filter(|t| t.kind == TokenKind::Comment)
                .map(|t| t.text.trim_end().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The canonical layout of a spec, checked to mean the same as `source`
/// (same syntax tree, same comments). A spec that does not parse is an error.
pub fn format_source(source: &str) -> Result<String, FormatError> {
    let before = parse::parse(source).map_err(FormatError::Syntax)?;
    let formatted = layout(source).map_err(|(at, why)| {
        FormatError::Syntax(vec![Diagnostic::error(
            "E0001",
            crate::span::Span::new(at, at),
            lex_message(why),
        )])
    })?;
    let after = parse::parse(&formatted).map_err(|d| {
        FormatError::Unsafe(
            Msg::new("fmt-would-not-parse").phrase(
                "error",
                d.first()
                    .map_or_else(|| Msg::new("fmt-no-detail"), |d| d.message.clone()),
            ),
        )
    })?;
    if before != after {
        return Err(FormatError::Unsafe(Msg::new("fmt-would-change-meaning")));
    }
    if comments(source) != comments(&formatted) {
        return Err(FormatError::Unsafe(Msg::new("fmt-would-lose-comments")));
    }
    Ok(formatted)
}

/// The prose block `raw` (with its quotes) re-indented: content one level under `depth`.
fn prose_block(raw: &str, depth: usize) -> String {
    let inner = raw.get(3..raw.len().saturating_sub(3)).unwrap_or_default();
    let text = parse::dedent(inner);
    if text.is_empty() {
        return "\"\"\" \"\"\"".to_string();
    }
    let content = "  ".repeat(depth + 1);
    let mut body = String::from("\"\"\"\n");
    for line in text.lines() {
        if !line.is_empty() {
            body.push_str(&content);
            body.push_str(line);
        }
        body.push('\n');
    }
    body.push_str(&"  ".repeat(depth));
    body.push_str("\"\"\"");
    let new_inner = body.get(3..body.len() - 3).unwrap_or_default();
    if parse::dedent(new_inner) == text {
        body
    } else {
        raw.to_string()
    }
}

struct Layout {
    lines: Vec<Line>,
    current: Option<Line>,
    stack: Vec<Block>,
    /// The first word of the statement being laid out.
    statement: Option<String>,
    /// A statement is under way in the current block (a comment may interrupt it).
    in_statement: bool,
    previous_word: Option<String>,
    pending_blank: bool,
    /// For each open indicator block: whether it is an `indicateur` (set apart by blank lines).
    block_items: Vec<bool>,
}

impl Layout {
    fn depth(&self) -> usize {
        self.stack
            .iter()
            .filter(|b| !matches!(b, Block::Set | Block::Top))
            .count()
    }

    fn block(&self) -> Block {
        self.stack.last().copied().unwrap_or(Block::Top)
    }

    fn flush(&mut self) {
        if let Some(line) = self.current.take() {
            self.lines.push(line);
        }
    }

    fn start_line(&mut self, kind: LineKind, continuation: bool) {
        self.flush();
        let blank = std::mem::take(&mut self.pending_blank);
        self.current = Some(Line {
            depth: self.depth(),
            text: String::new(),
            kind,
            blank_before: blank,
            item_start: false,
            item_end: false,
            continuation,
        });
    }

    fn append(&mut self, text: &str, space_before: bool) {
        if let Some(line) = &mut self.current {
            let glued = line.text.ends_with('(')
                || (line.text.ends_with('{') && self.stack.last() == Some(&Block::Set));
            if !line.text.is_empty() && space_before && !glued {
                line.text.push(' ');
            }
            line.text.push_str(text);
        }
    }
}

/// A lexing or layout error of [`lex`] as a catalogue message.
pub(crate) fn lex_message(why: &str) -> crate::i18n::Msg {
    match why {
        "prose block without its closing `\"\"\"`" => crate::msg!("e0001-lex-prose"),
        "text without its closing quote" => crate::msg!("e0001-lex-text"),
        "citation without its closing `]`" => crate::msg!("e0001-lex-citation"),
        other => crate::msg!("e0001-lexer", why = other),
    }
}

/// Lays out the tokens of `source`.
fn layout(source: &str) -> Result<String, (usize, &'static str)> {
    let tokens = lex(source)?;
    let mut l = Layout {
        lines: Vec::new(),
        current: None,
        stack: vec![Block::Top],
        statement: None,
        in_statement: false,
        previous_word: None,
        pending_blank: false,
        block_items: Vec::new(),
    };
    for token in &tokens {
        if token.newlines_before >= 2 {
            l.pending_blank = true;
        }
        match token.kind {
            TokenKind::Comment => {
                let text = token.text.trim_end();
                let after_brace = l.current.is_none()
                    && !token.line_start
                    && l.lines
                        .last()
                        .is_some_and(|line| matches!(line.kind, LineKind::Open | LineKind::Close));
                if after_brace {
                    if let Some(line) = l.lines.last_mut() {
                        line.text.push(' ');
                        line.text.push_str(text);
                    }
                } else if token.line_start || l.current.is_none() {
                    l.start_line(LineKind::Comment, false);
                    l.append(text, false);
                    l.flush();
                } else {
                    l.append(text, true);
                    l.flush();
                }
            }
            TokenKind::Open => {
                let set = matches!(l.previous_word.as_deref(), Some("dans" | "hors"));
                if set {
                    if l.current.is_none() {
                        l.start_line(LineKind::Code, l.in_statement);
                    }
                    l.append("{", true);
                    l.stack.push(Block::Set);
                } else {
                    if l.current.is_none() {
                        l.start_line(LineKind::Code, l.in_statement);
                    }
                    l.append("{", true);
                    if let Some(line) = &mut l.current {
                        line.kind = LineKind::Open;
                    }
                    l.flush();
                    let opener = l.statement.as_deref().unwrap_or("");
                    let block = Block::opened_by(opener);
                    if block == Block::Indicator {
                        l.block_items.push(is_item(opener));
                    }
                    l.stack.push(block);
                    l.statement = None;
                    l.in_statement = false;
                    l.pending_blank = false;
                }
                l.previous_word = None;
            }
            TokenKind::Close => {
                if l.block() == Block::Set {
                    l.append("}", false);
                    l.stack.pop();
                } else {
                    l.flush();
                    let closing = l.stack.pop().unwrap_or(Block::Top);
                    let item_end = match closing {
                        Block::Section => true,
                        Block::Indicator => l.block_items.pop().unwrap_or(false),
                        _ => false,
                    };
                    l.pending_blank = false;
                    l.start_line(LineKind::Close, false);
                    l.append("}", false);
                    if let Some(line) = &mut l.current {
                        line.item_end = item_end;
                    }
                    l.flush();
                    l.statement = None;
                    l.in_statement = false;
                    if l.stack.is_empty() {
                        l.stack.push(Block::Top);
                    }
                }
                l.previous_word = None;
            }
            _ => {
                let word = (token.kind == TokenKind::Word).then_some(token.text);
                let guarded = l.previous_word.as_deref().is_some_and(takes_argument)
                    || l.current.as_ref().is_some_and(|c| c.text.ends_with(','));
                let starts = if l.block() == Block::Scale {
                    word.is_some_and(|w| bracket_starts(w, l.previous_word.as_deref()))
                } else {
                    word.is_some_and(|w| l.block().starts(w)) && !guarded
                };
                if starts {
                    l.start_line(LineKind::Code, false);
                    l.statement = word.map(str::to_string);
                    l.in_statement = true;
                    if let Some(line) = &mut l.current {
                        line.item_start = word.is_some_and(is_item);
                    }
                } else if l.current.is_none() {
                    let continuation = l.in_statement;
                    l.start_line(LineKind::Code, continuation);
                    if !continuation {
                        l.statement = word.map(str::to_string);
                        l.in_statement = true;
                    }
                }
                let text = match token.kind {
                    TokenKind::Prose => {
                        let depth = l.current.as_ref().map_or(0, |c| c.depth);
                        prose_block(token.text, depth)
                    }
                    _ => token.text.to_string(),
                };
                let space = !matches!(token.kind, TokenKind::Comma | TokenKind::RParen);
                l.append(&text, space);
                l.previous_word = word.map(str::to_string);
            }
        }
    }
    l.flush();
    Ok(render(settle_blank_lines(l.lines)))
}

fn settle_blank_lines(mut lines: Vec<Line>) -> Vec<Line> {
    let n = lines.len();
    for i in 0..n {
        if lines[i].item_start {
            let mut g = i;
            while g > 0 && lines[g - 1].kind == LineKind::Comment && !lines[g].blank_before {
                g -= 1;
            }
            if g > 0 && lines[g - 1].kind != LineKind::Open {
                lines[g].blank_before = true;
            }
        }
        if lines[i].kind == LineKind::Close
            && lines[i].item_end
            && i + 1 < n
            && lines[i + 1].kind != LineKind::Close
        {
            lines[i + 1].blank_before = true;
        }
    }
    for i in 0..n {
        let after_open = i > 0 && lines[i - 1].kind == LineKind::Open;
        if i == 0 || after_open || lines[i].kind == LineKind::Close {
            lines[i].blank_before = false;
        }
    }
    lines
}

fn render(lines: Vec<Line>) -> String {
    let mut out = String::new();
    for line in lines {
        if line.blank_before {
            out.push('\n');
        }
        let mut indent = "  ".repeat(line.depth);
        if line.continuation {
            indent.push_str("    ");
        }
        out.push_str(&indent);
        out.push_str(line.text.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const MESSY: &str = "// tête\nédition fami exemple 2025 {\n   titre   \"T {N}\"   [004 p1]\nsource 004 \"f.txt\" \"t\"\n\n\n\n  unité euros appréciation au 31/12/N\n  ouverture inconnue clôture inconnue portail \"amelipro\"\n  section socle \"S\" prérequis [004 §1] { montant 490 € [004 §1]\n  indicateur a \"A\" [004 §1] {\n type automatisé // commentaire\n taux fse \"F\" { exclure actes où ehpad et mode hors {sesam_vitale,sesam_sans_vitale} \"x\" seuil au moins 70 % }\n      description \"\"\"\n   Ligne un\n      retrait\n   \"\"\" [004 §1]\n }\n indicateur b \"B\" { type automatisé }\n }\n}\n";

    #[test]
    fn messy_specs_are_laid_out_and_keep_their_meaning() {
        let once = format_source(MESSY).unwrap();
        let twice = format_source(&once).unwrap();
        assert_eq!(once, twice, "formatting twice changes nothing");
        assert!(once.contains("  titre \"T {N}\" [004 p1]\n"));
        assert!(once.contains("mode hors {sesam_vitale, sesam_sans_vitale}"));
        assert!(once.contains("      type automatisé // commentaire\n"));
        assert!(once.contains(
            "      description \"\"\"\n        Ligne un\n           retrait\n      \"\"\" [004 §1]\n"
        ));
        assert!(!once.contains("\n\n\n"));
        assert!(once.contains("    }\n\n    indicateur b"));
    }
}
