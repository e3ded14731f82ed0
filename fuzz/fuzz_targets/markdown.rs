//! The prose renderers on any text: the HTML holds no live markup that the text did not get
//! from guidec's allow-list (only the tags pulldown-cmark writes for Markdown, links and images
//! only to allowed destinations, no event attribute), and the published Markdown, read again,
//! holds no raw HTML and no link to another scheme.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Options, Parser, Tag};

/// The tags pulldown-cmark writes for Markdown (tables, footnotes, strikethrough).
const TAGS: &[&str] = &[
    "p",
    "a",
    "em",
    "strong",
    "code",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "del",
    "hr",
    "br",
    "sup",
    "div",
    "img",
    "input",
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = guidec::render::markdown::to_html(text);
    for (at, _) in html.match_indices('<') {
        let rest = &html[at + 1..];
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(TAGS.contains(&name.as_str()), "tag `<{name}` in {html:?}");
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        for attribute in ["href=\"", "src=\""] {
            if let Some(k) = tag.find(attribute) {
                let value = &tag[k + attribute.len()..];
                let value = &value[..value.find('"').unwrap_or(value.len())];
                let value = value.replace("&amp;", "&");
                assert!(
                    guidec::escape::link_allowed(&value),
                    "`{value}` in {html:?}"
                );
            }
        }
        // The tag without its quoted values: no attribute named `on…`.
        let mut outside = String::new();
        let mut quoted = false;
        for c in tag.chars() {
            if c == '"' {
                quoted = !quoted;
            } else if !quoted {
                outside.push(c);
            }
        }
        assert!(
            !outside
                .split_whitespace()
                .any(|w| w.to_ascii_lowercase().starts_with("on")),
            "an event attribute in {html:?}"
        );
    }
    let markdown = guidec::render::markdown::to_markdown(text);
    // Read back as a GitHub-flavoured reader would.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM;
    for event in Parser::new_ext(&markdown, options) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML {h:?} in {markdown:?}"),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => assert!(
                guidec::escape::link_allowed(&dest_url),
                "a link to {dest_url:?} in {markdown:?}"
            ),
            _ => {}
        }
    }
});
