//! Help computed from the text at hand: the closest word for a misspelling ("vouliez-vous dire
//! `indicateur` ?"), the word at a position, and the block a missing `}` leaves open.

use crate::span::Span;

/// The candidate closest to `word` by edit distance, when it is close enough to be a misspelling
/// of it (at most a quarter of the word's letters changed, and not `word` itself).
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let length = word.chars().count();
    if length < 2 {
        return None;
    }
    let limit = (length / 4).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, c)| (*distance, *c))
        .map(|(_, c)| c)
}

/// The word (letters, digits, `_`, `-`) that starts at byte `at` of `text`, if any.
pub fn word_at(text: &str, at: usize) -> Option<&str> {
    let rest = text.get(at..)?;
    let end = rest
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '-'))
        .map_or(rest.len(), |(i, _)| i);
    rest.get(..end).filter(|w| !w.is_empty())
}

/// The opening of the block a missing `}` leaves open, for a syntax error at byte `at` where a
/// `}` could close a block: the header of that block (from its first word to its `{`).
///
/// Blocks are matched by their braces (outside texts, prose and comments), and the indentation
/// tells which one lacks its `}`: a `}` less indented than the line that opened the innermost
/// block closes an outer one; a statement at the error, at the start of its line and no more
/// indented than the innermost block's opening line, stands after that block; and at the end of
/// the file, the blocks still open are.
pub fn unclosed_block(text: &str, at: usize) -> Option<Span> {
    let mut open: Vec<usize> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < at.min(bytes.len()) {
        match bytes.get(i) {
            Some(b'/') if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes.get(i) != Some(&b'\n') {
                    i += 1;
                }
            }
            Some(b'"') if text.get(i..).is_some_and(|t| t.starts_with("\"\"\"")) => {
                i += 3;
                while i < bytes.len() && !text.get(i..).is_some_and(|t| t.starts_with("\"\"\"")) {
                    i += 1;
                }
                i += 3;
                continue;
            }
            Some(b'"') => {
                i += 1;
                while i < bytes.len() && bytes.get(i) != Some(&b'"') && bytes.get(i) != Some(&b'\n')
                {
                    if bytes.get(i) == Some(&b'\\') {
                        i += 1;
                    }
                    i += 1;
                }
            }
            Some(b'{') => open.push(i),
            Some(b'}') => {
                if let Some(&top) = open.last() {
                    if indentation(text, i) < indentation(text, top) && first_on_line(text, i) {
                        return Some(header(text, top));
                    }
                }
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    let top = *open.last()?;
    let at_end = text.get(at..).is_none_or(|rest| rest.trim().is_empty());
    if at_end || (first_on_line(text, at) && indentation(text, at) <= indentation(text, top)) {
        return Some(header(text, top));
    }
    None
}

/// An amount written with a unit the language does not know (`490 euros`, `50 pts`), as it
/// should be written (`490 €`, `50 points`).
pub fn amount_fix(text: &str) -> Option<String> {
    let number_end = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ' ' || *c == ','))
        .map_or(text.len(), |(i, _)| i);
    let number = text.get(..number_end)?.trim();
    if number.is_empty() || !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let unit = word_at(text, number_end)?.to_lowercase();
    let unit = match unit.as_str() {
        "euros" | "euro" | "eur" | "e" => "€",
        "pts" | "pt" | "pts." | "pnts" => "points",
        _ => return None,
    };
    Some(format!("{number} {unit}"))
}

/// A block's name from its header: its keyword and id (`indicateur logiciel`), without its title.
pub fn block_name(header: &str) -> String {
    header
        .split(['"', '[', '{'])
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn line_start(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |i| i + 1)
}

fn indentation(text: &str, at: usize) -> usize {
    let start = line_start(text, at);
    text.get(start..).map_or(0, |line| {
        line.len() - line.trim_start_matches([' ', '\t']).len()
    })
}

fn first_on_line(text: &str, at: usize) -> bool {
    text.get(line_start(text, at)..at)
        .is_some_and(|before| before.trim().is_empty())
}

/// The header of the block whose `{` is at `brace`: from the first word of its line to the brace.
fn header(text: &str, brace: usize) -> Span {
    let start = line_start(text, brace) + indentation(text, brace);
    Span::new(start.min(brace), brace + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let words = ["indicateur", "section", "montant"];
        assert_eq!(closest("indicteur", words), Some("indicateur"));
        assert_eq!(closest("indicator", words), Some("indicateur"));
        assert_eq!(closest("zzz", words), None);
    }

    #[test]
    fn finds_the_block_left_open() {
        let text = "a {\n  b {\n    c {\n    d\n  }\n}\n";
        let open = unclosed_block(text, text.len()).map(|s| &text[s.start..s.end]);
        assert_eq!(open, Some("c {"));
    }
}
