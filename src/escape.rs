//! Escaping, one policy per output format, each applied in one place.
//!
//! - HTML: minijinja autoescapes every value (`src/render/mod.rs`); Markdown prose becomes HTML in
//!   `render::markdown::to_html`, raw HTML shown as text and links kept only when
//!   [`link_allowed`] says so.
//! - Markdown (`guide.md`, the Markdown change report): every value goes through
//!   [`markdown_text`] (the template formatter of `.md` templates, and `diff::render`), code
//!   through [`markdown_code`], prose through `render::markdown::to_markdown`.
//! - Comments and headers naming a file (HTML comments, the generated Rust modules' first line,
//!   the change reports): [`label`], which cannot end a comment nor start a line.
//! - Typst receives values, never source (`render::pdf`).
//! - The pages `guidec serve` writes itself (the check report, its refusals): every value, a
//!   diagnostic's message or a spec's line included, through [`html_text`].
//! - A spec's text: `check` warns about the characters [`suspicious`] names.

/// The characters of a file name kept as they are in a label; anything else is written `%XX`
/// (its UTF-8 bytes), as in a URL.
fn plain_in_label(c: char) -> bool {
    c.is_alphanumeric() && !c.is_control() || matches!(c, '/' | '.' | '_' | '+' | '-' | ' ' | '%')
}

/// A file name fit for a comment or a header line: letters, digits, `/`, `.`, `_`, `+`, `-`, `%`
/// and spaces kept, never two `-` in a row (an HTML comment ends at `--`), anything else (a line
/// break, `<`, `>`, `*`, a control or bidi character) written `%XX`. Labelling a label changes
/// nothing.
pub fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = ' ';
    for c in text.chars() {
        if plain_in_label(c) && !(c == '-' && previous == '-') {
            out.push(c);
        } else {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        previous = c;
    }
    out
}

/// Text for HTML character data or a quoted attribute value, shown as written: `&`, `<`, `>`, `"`
/// and `'` become character references, so no value opens a tag, an entity or ends an attribute.
/// Control and bidi characters ([`suspicious`]) other than the line break and the tab are written
/// as `\u{…}`, as the terminal report writes them.
pub fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() || suspicious(c).is_some() => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)))
            }
            c => out.push(c),
        }
    }
    out
}

/// Text for a Markdown document, shown as written: every character that could open markup (HTML,
/// an autolink, a link, an image or a footnote, an entity, emphasis, code, a table cell,
/// strikethrough) is escaped with a backslash. Line breaks become spaces: a value stays on its
/// line. (`]`, `>` and `!` open nothing once `[` and `<` are escaped.)
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | '<' | '&' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A Markdown code span holding `text` as written: fenced by more backticks than the longest run
/// inside, padded with a space when it starts or ends with a backtick.
pub fn markdown_code(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let longest = longest_run(&text, '`');
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A link destination written by guidec (`annexe-<id>.pdf`, `../<file>.html`) for a Markdown
/// link: anything but letters, digits and `/._-#` written `%XX`.
pub fn url_path(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '#') {
            out.push(c);
        } else {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The longest run of `c` in `text`.
pub fn longest_run(text: &str, c: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for d in text.chars() {
        run = if d == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// Whether a link or image destination written in prose may stay live: `http`, `https`,
/// `mailto`, or relative (no scheme). Blanks and controls a browser would drop are dropped
/// before the scheme is read, so `java\tscript:` is refused too.
pub fn link_allowed(destination: &str) -> bool {
    let cleaned: String = destination
        .chars()
        .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
        .collect();
    let end = cleaned.find(['/', '?', '#']).unwrap_or(cleaned.len());
    match cleaned.get(..end).and_then(|head| head.find(':')) {
        None => true,
        Some(colon) => {
            let scheme = cleaned
                .get(..colon)
                .unwrap_or_default()
                .to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
    }
}

/// What is wrong with a character in a spec's text, if anything: a control character (other than
/// a tab or a line break) or a character that changes the direction of the text (which can make
/// the text read differently from what it is, and which the Rust compiler refuses).
pub fn suspicious(c: char) -> Option<&'static str> {
    match c {
        '\t' | '\n' | '\r' => None,
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => Some("caractère de contrôle de la direction du texte"),
        c if c.is_control() => Some("caractère de contrôle"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_text_opens_no_tag_entity_nor_attribute() {
        let shown = html_text("<script>alert('x')</script> & \"q\" \u{1b}[31m\nligne");
        assert_eq!(
            shown,
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot; \\u{1b}[31m\nligne"
        );
        assert_eq!(html_text("1 240 € — évaluée"), "1 240 € — évaluée");
    }

    #[test]
    fn a_label_cannot_close_a_comment_nor_break_a_line() {
        let shown = label("specs/x\n--> <img src=x onerror=alert(1)>.guide");
        assert!(!shown.contains('\n') && !shown.contains("--") && !shown.contains('<'));
        assert_eq!(
            label("specs/fami/exemple-2025.guide"),
            "specs/fami/exemple-2025.guide"
        );
        assert_eq!(label("é\u{202E}"), "é%E2%80%AE");
        assert_eq!(label(&shown), shown);
    }

    #[test]
    fn markdown_text_opens_nothing() {
        assert_eq!(
            markdown_text("<script>[a](b) *c* `d` | &amp;"),
            "\\<script>\\[a](b) \\*c\\* \\`d\\` \\| \\&amp;"
        );
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`a"), "`` `a ``");
    }

    #[test]
    fn only_web_and_mail_links_and_relative_ones_are_allowed() {
        for ok in [
            "https://ameli.fr",
            "http://x",
            "MAILTO:a@b",
            "annexe.pdf",
            "../x.html#y",
            "/a:b",
            "?q=a:b",
            "",
        ] {
            assert!(link_allowed(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " java\tscript:alert(1)",
            "data:text/html,<script>",
            "file:///etc/passwd",
            "vbscript:x",
        ] {
            assert!(!link_allowed(bad), "{bad}");
        }
    }
}
