//! Markdown prose to HTML, and to Markdown fit to publish: one place that sets pulldown-cmark's
//! options, raw HTML shown as text, links and images kept only when their destination is allowed
//! (`escape::link_allowed`: `http`, `https`, `mailto`, relative), otherwise shown as text.

use crate::escape;
use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

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
/// a spec cannot put a `<script>` into a page. A link or an image whose destination is not
/// allowed (`javascript:`, `data:`, `file:`, …) is rendered as its text.
pub fn to_html(markdown: &str) -> String {
    // For each open link or image, whether it was dropped (its end is dropped too).
    let mut dropped: Vec<bool> = Vec::new();
    let parser = Parser::new_ext(markdown, options()).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
            let drop = !escape::link_allowed(dest_url);
            dropped.push(drop);
            (!drop).then_some(event)
        }
        Event::End(TagEnd::Link | TagEnd::Image) => {
            let drop = dropped.pop().unwrap_or(false);
            (!drop).then_some(event)
        }
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 5 / 4);
    html::push_html(&mut out, parser);
    out
}

/// Where a Markdown text holds live markup a published Markdown file must not: raw HTML, or a
/// link or image whose destination is not allowed. Byte offsets of the first character of each.
fn live_markup(markdown: &str) -> Vec<usize> {
    let mut events = Parser::new_ext(markdown, options()).into_offset_iter();
    let mut at: Vec<usize> = events
        .by_ref()
        .filter_map(|(event, range)| match event {
            Event::Html(_) | Event::InlineHtml(_) => Some(range.start),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if !escape::link_allowed(&dest_url) =>
            {
                Some(range.start)
            }
            _ => None,
        })
        .collect();
    // A reference definition holds for the whole document (`guide.md` gathers every block): one
    // to a destination that is not allowed is made text even where nothing uses it.
    at.extend(
        events
            .reference_definitions()
            .iter()
            .filter(|(_, def)| !escape::link_allowed(&def.dest))
            .map(|(_, def)| def.span.start),
    );
    at
}

/// Prose as Markdown fit to publish (`guide.md`): the text as written, except that raw HTML and
/// links or images to a destination that is not allowed are made text, by a backslash before
/// their opening character. Checked by parsing again; if anything live were left, the whole text
/// is escaped instead.
pub fn to_markdown(markdown: &str) -> String {
    let mut text = markdown.to_string();
    for _ in 0..4 {
        let mut at = live_markup(&text);
        if at.is_empty() {
            return text;
        }
        at.sort_unstable();
        at.dedup();
        let mut out = String::with_capacity(text.len() + at.len());
        let mut from = 0;
        for start in at {
            out.push_str(text.get(from..start).unwrap_or_default());
            // An image starts with `!` and its link with the `[` after it: escape the `[`.
            let opening = if text.get(start..).is_some_and(|r| r.starts_with("![")) {
                start + 1
            } else {
                start
            };
            out.push_str(text.get(start..opening).unwrap_or_default());
            out.push('\\');
            from = opening;
        }
        out.push_str(text.get(from..).unwrap_or_default());
        text = out;
    }
    if live_markup(&text).is_empty() {
        text
    } else {
        escape::markdown_text(markdown)
    }
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
    fn links_to_other_schemes_are_text() {
        let html = to_html(
            "[a](javascript:alert(1)) ![b](file:///etc/passwd) [c](data:text/html,x) \
             <javascript:alert(2)> [d](https://ameli.fr) [e](annexe.pdf) [f](mailto:a@b.fr)",
        );
        for bad in ["javascript:", "file:", "data:", "<img"] {
            assert!(!html.contains(&format!("href=\"{bad}")), "{html}");
            assert!(
                !html.contains(bad) || !html.contains(&format!("=\"{bad}")),
                "{html}"
            );
        }
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("<a href=\"https://ameli.fr\">d</a>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"annexe.pdf\">e</a>"), "{html}");
        assert!(html.contains("<a href=\"mailto:a@b.fr\">f</a>"), "{html}");
        assert_eq!(html.matches("<a ").count(), 3, "{html}");
    }

    #[test]
    fn published_markdown_keeps_no_live_markup() {
        let text = "a <script>x</script> [j](javascript:y) ![i](file:///etc/passwd) \
                    <data:x> [ok](https://ameli.fr)\n\n<div>\nblock\n</div>\n\n\
                    [ref]: javascript:alert(1)\n";
        let safe = to_markdown(text);
        assert!(live_markup(&safe).is_empty(), "{safe}");
        assert!(safe.contains("[ok](https://ameli.fr)"), "{safe}");
        assert_eq!(
            to_markdown("**gras** et [lien](annexe.pdf)"),
            "**gras** et [lien](annexe.pdf)"
        );
    }

    #[test]
    fn headings_are_demoted_under_their_block() {
        let html = to_html_under("## Titre\n\ntexte\n\n### Sous-titre", 3);
        assert!(html.contains("<h4>Titre</h4>"), "{html}");
        assert!(html.contains("<h5>Sous-titre</h5>"), "{html}");
    }
}
