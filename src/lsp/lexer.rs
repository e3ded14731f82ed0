//! A forgiving scan of spec text into words, texts, prose, comments, citations and braces: what
//! completion reads around the cursor and what finds where a block ends, also in a file that
//! does not parse while it is being typed.

use crate::span::Span;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A keyword, an identifier, a number or a year.
    Word,
    /// `"..."`, possibly unterminated (then it runs to the end of the line).
    Text,
    /// `"""..."""`, possibly unterminated (then it runs to the end of the file).
    Prose,
    /// `// ...`
    Comment,
    /// `[004 §1.4]`, possibly unterminated (then it runs to the end of the line).
    Citation,
    /// `{`
    Open,
    /// `}`
    Close,
    /// Anything else: `,`, `=`, `(`, `€`, `%`…
    Punct,
}

/// A token and where it stands.
#[derive(Clone, Copy, Debug)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where.
    pub span: Span,
    /// Whether its closing delimiter was found.
    pub closed: bool,
}

/// Whether `c` may stand in a word (keywords such as `sous-indicateur`, `l'honneur` included).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '\'' | '+' | '/' | '§' | '.')
}

/// The tokens of `text`.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let rest = text.get(start..).unwrap_or("");
        let (kind, end, closed) = if c.is_whitespace() {
            continue;
        } else if rest.starts_with("//") {
            let end = rest.find('\n').map_or(text.len(), |i| start + i);
            (TokenKind::Comment, end, true)
        } else if rest.starts_with("\"\"\"") {
            match rest.get(3..).and_then(|r| r.find("\"\"\"")) {
                Some(i) => (TokenKind::Prose, start + 3 + i + 3, true),
                None => (TokenKind::Prose, text.len(), false),
            }
        } else if c == '"' {
            let mut end = None;
            let mut escaped = false;
            for (i, d) in rest.char_indices().skip(1) {
                if d == '\n' {
                    break;
                }
                if escaped {
                    escaped = false;
                } else if d == '\\' {
                    escaped = true;
                } else if d == '"' {
                    end = Some(start + i + 1);
                    break;
                }
            }
            match end {
                Some(end) => (TokenKind::Text, end, true),
                None => (
                    TokenKind::Text,
                    rest.find('\n').map_or(text.len(), |i| start + i),
                    false,
                ),
            }
        } else if c == '[' {
            let line_end = rest.find('\n').unwrap_or(rest.len());
            match rest.get(..line_end).and_then(|l| l.find(']')) {
                Some(i) => (TokenKind::Citation, start + i + 1, true),
                None => (TokenKind::Citation, start + line_end, false),
            }
        } else if c == '{' {
            (TokenKind::Open, start + 1, true)
        } else if c == '}' {
            (TokenKind::Close, start + 1, true)
        } else if is_word_char(c) {
            let len = rest
                .char_indices()
                .find(|(_, d)| !is_word_char(*d))
                .map_or(rest.len(), |(i, _)| i);
            (TokenKind::Word, start + len, true)
        } else {
            (TokenKind::Punct, start + c.len_utf8(), true)
        };
        out.push(Token {
            kind,
            span: Span::new(start, end),
            closed,
        });
        while chars.peek().is_some_and(|(i, _)| *i < end) {
            chars.next();
        }
    }
    out
}

/// The end of the block that the first `{` at or after `from` opens (one past its `}`), or `None`
/// when it is never closed.
pub fn block_end(text: &str, from: usize) -> Option<usize> {
    let mut depth = 0usize;
    for token in tokens(text.get(from..)?) {
        match token.kind {
            TokenKind::Open => depth += 1,
            TokenKind::Close if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    return Some(from + token.span.end);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_prose_and_comments_hide_their_braces() {
        let text = "section s \"a {N} b\" prérequis { // }\n note \"\"\" } \"\"\" } x";
        let kinds: Vec<TokenKind> = tokens(text).iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [
                TokenKind::Word,
                TokenKind::Word,
                TokenKind::Text,
                TokenKind::Word,
                TokenKind::Open,
                TokenKind::Comment,
                TokenKind::Word,
                TokenKind::Prose,
                TokenKind::Close,
                TokenKind::Word,
            ]
        );
        assert_eq!(block_end(text, 0), text.rfind('}').map(|i| i + 1));
        assert_eq!(block_end("x { \"", 0), None);
    }
}
