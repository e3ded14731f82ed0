//! Markdown prose to HTML: one place that sets pulldown-cmark's options, raw HTML escaped.

use pulldown_cmark::{html, Event, Options, Parser};

/// The Markdown options every page uses: tables, footnotes, strikethrough, smart punctuation off
/// (the guides' French punctuation is kept as written).
fn options() -> Options {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options
}

/// Renders Markdown to HTML. Raw HTML in the text is shown as text, never passed through:
/// a spec cannot put a `<script>` into a page.
pub fn to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 5 / 4);
    html::push_html(&mut out, parser);
    out
}

/// Renders prose nested under a heading of level `base`: its headings are shifted so that the
/// highest one becomes level `base + 1`, keeping the page's outline in order.
pub fn to_html_under(markdown: &str, base: u8) -> String {
    let level_of = |line: &str| -> Option<usize> {
        let hashes = line.chars().take_while(|c| *c == '#').count();
        (hashes > 0 && line.chars().nth(hashes) == Some(' ')).then_some(hashes)
    };
    let Some(top) = markdown.lines().filter_map(level_of).min() else {
        return to_html(markdown);
    };
    let shifted: String = markdown
        .lines()
        .map(|line| match level_of(line) {
            Some(hashes) => {
                let level = (usize::from(base) + 1 + hashes - top).min(6);
                format!(
                    "{}{}\n",
                    "#".repeat(level),
                    line.get(hashes..).unwrap_or_default()
                )
            }
            None => format!("{line}\n"),
        })
        .collect();
    to_html(&shifted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped() {
        let html = to_html("a <script>alert(1)</script> b\n\n<div onclick=\"x\">c</div>");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<div"), "{html}");
    }

    #[test]
    fn headings_are_demoted_under_their_block() {
        let html = to_html_under("## Titre\n\ntexte\n\n### Sous-titre", 3);
        assert!(html.contains("<h4>Titre</h4>"), "{html}");
        assert!(html.contains("<h5>Sous-titre</h5>"), "{html}");
    }
}
