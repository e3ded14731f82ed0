//! Positions: the byte offsets of spans to the protocol's line and UTF-16 column, and back.

use crate::span::Span;
use lsp_types::{Position, Range};

/// The start of every line of a text, to turn byte offsets into positions and back.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The lines of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The position of byte `offset` of `text` (clamped to the text, moved back to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .starts
            .partition_point(|s| *s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0).min(offset);
        let column: usize = text
            .get(start..offset)
            .map_or(0, |s| s.chars().map(char::len_utf16).sum());
        Position::new(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
        )
    }

    /// The range of `span` in `text`.
    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end.max(span.start)),
        )
    }

    /// The byte offset of `position` in `text`: past the end of a line is its end, past the last line the text's end.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(start) = usize::try_from(position.line)
            .ok()
            .and_then(|line| self.starts.get(line).copied())
        else {
            return text.len();
        };
        let line = text.get(start..).unwrap_or("");
        let line = line.split('\n').next().unwrap_or("");
        let wanted = usize::try_from(position.character).unwrap_or(usize::MAX);
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= wanted {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + line.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_count_one_utf16_unit_and_round_trip() {
        let text = "é\n  \"télé€\" 𝄞x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap_or(0);
        let p = index.position(text, x);
        // `  "télé€" ` is 10 units, the musical sign two more.
        assert_eq!(p, Position::new(1, 12));
        assert_eq!(index.offset(text, p), x);
        assert_eq!(index.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(index.offset(text, Position::new(0, 99)), "é".len());
        // Inside a character: moved back to its start.
        assert_eq!(index.position(text, 1), Position::new(0, 0));
    }
}
