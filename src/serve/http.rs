//! The preview's HTTP side: which URL names what ([`route`]), which requests are refused, and the
//! headers every answer carries (a strict Content-Security-Policy on pages).

use super::{page, Site, State};
use crate::i18n::{Lang, Msg};
use sha2::{Digest, Sha256};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tiny_http::{Header, Method, Request, Response};

/// The longest request target read, in bytes; a longer one is refused.
pub const MAX_TARGET: usize = 2048;

/// The prefix of the server's own addresses (no path of the site starts with `_`).
pub const OWN: &str = "_guidec";

/// What a URL names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/_guidec/version`: the current build's version, for the reload script.
    Version,
    /// `/_guidec/rechargement.js`: the reload script.
    Script,
    /// `/_guidec/verification.css`: the style of the server's own pages.
    Stylesheet,
    /// `/_guidec/verification.html`: the check report of the latest build.
    Check,
    /// `/_guidec/precedente/PATH`: a file of the last good build.
    LastGood(String),
    /// Any other path: a file of the site (`index.html` for a folder).
    Site(String),
}

/// Why a URL was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Longer than [`MAX_TARGET`].
    TooLong,
    /// Not a path (`http://…`, `*`), or one starting with `//`.
    NotAPath,
    /// A `%` not followed by two hexadecimal digits, or bytes that are not UTF-8.
    BadEncoding,
    /// A `.` or `..` segment, an empty one, or a hidden name (starting with `.`).
    DotSegment,
    /// A separator written encoded (`%2F`, `%5C`), a backslash, a colon, a control or bidi character.
    BadCharacter,
}

impl Refusal {
    /// The reason, from the catalogue.
    pub fn message(self) -> Msg {
        Msg::new(match self {
            Refusal::TooLong => "serve-refused-too-long",
            Refusal::NotAPath => "serve-refused-not-a-path",
            Refusal::BadEncoding => "serve-refused-encoding",
            Refusal::DotSegment => "serve-refused-dot-segment",
            Refusal::BadCharacter => "serve-refused-character",
        })
    }
}

/// What the request target `target` names, or why it is refused. The query is ignored; each
/// segment is percent-decoded on its own, then must be a plain name.
pub fn route(target: &str) -> Result<Route, Refusal> {
    if target.len() > MAX_TARGET {
        return Err(Refusal::TooLong);
    }
    let path = target.split('?').next().unwrap_or("");
    let Some(rest) = path.strip_prefix('/') else {
        return Err(Refusal::NotAPath);
    };
    if rest.starts_with('/') {
        return Err(Refusal::NotAPath);
    }
    let raw: Vec<&str> = rest.split('/').collect();
    let mut segments = Vec::with_capacity(raw.len());
    for (index, segment) in raw.iter().enumerate() {
        let decoded = decode(segment)?;
        if decoded.is_empty() {
            if index + 1 == raw.len() {
                continue;
            }
            return Err(Refusal::DotSegment);
        }
        if decoded.starts_with('.') {
            return Err(Refusal::DotSegment);
        }
        if decoded.chars().any(|c| {
            matches!(c, '/' | '\\' | ':' | '#')
                || c.is_control()
                || crate::escape::suspicious(c).is_some()
        }) {
            return Err(Refusal::BadCharacter);
        }
        segments.push(decoded);
    }
    let folder = raw.last().is_some_and(|s| s.is_empty());
    if segments.first().map(String::as_str) == Some(OWN) {
        let own: Vec<&str> = segments[1..].iter().map(String::as_str).collect();
        return Ok(match own.as_slice() {
            ["version"] => Route::Version,
            ["rechargement.js"] => Route::Script,
            ["verification.css"] => Route::Stylesheet,
            [] | ["verification.html"] => Route::Check,
            ["precedente", rest @ ..] => Route::LastGood(site_key(rest, folder)),
            _ => Route::Site(site_key(&own, folder)),
        });
    }
    let all: Vec<&str> = segments.iter().map(String::as_str).collect();
    Ok(Route::Site(site_key(&all, folder)))
}

/// The key of a site file: the segments joined, `index.html` for a folder.
fn site_key(segments: &[&str], folder: bool) -> String {
    let mut key = segments.join("/");
    if folder || segments.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    key
}

/// Percent-decodes one segment; refused when a `%` is not followed by two hexadecimal digits or
/// the bytes are not UTF-8.
fn decode(segment: &str) -> Result<String, Refusal> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let high = bytes.get(i + 1).and_then(|b| char::from(*b).to_digit(16));
            let low = bytes.get(i + 2).and_then(|b| char::from(*b).to_digit(16));
            match (high, low) {
                (Some(high), Some(low)) => {
                    out.push(u8::try_from(high * 16 + low).map_err(|_| Refusal::BadEncoding)?);
                    i += 3;
                }
                _ => return Err(Refusal::BadEncoding),
            }
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| Refusal::BadEncoding)
}

/// The `Host` values accepted: the loopback names with the port, and the address listened on. A
/// page of another site that resolves its own name to 127.0.0.1 (DNS rebinding) is refused.
pub fn allowed_hosts(address: SocketAddr) -> Vec<String> {
    let port = address.port();
    let mut hosts = vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        address.to_string(),
    ];
    hosts.sort();
    hosts.dedup();
    hosts
}

/// The Content-Security-Policy of a page: nothing but the server's own script, styles and
/// images, no plugin, no form, no frame, no base; inline `<style>` elements (the change reports')
/// allowed by the hash of their content, inline scripts and style attributes never.
pub fn content_security_policy(html: &str) -> String {
    let mut styles = String::new();
    for content in inline_styles(html) {
        styles.push_str(" 'sha256-");
        styles.push_str(&base64_standard(&Sha256::digest(content.as_bytes())));
        styles.push('\'');
    }
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self'{styles}; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'none'; frame-ancestors 'none'"
    )
}

/// The contents of the `<style>` elements of a page.
fn inline_styles(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<style>") {
        let after = &rest[start + "<style>".len()..];
        let Some(end) = after.find("</style>") else {
            break;
        };
        found.push(&after[..end]);
        rest = &after[end..];
    }
    found
}

/// Standard base64 with padding, as CSP hashes are written.
fn base64_standard(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A body and how to send it.
struct Answer {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Answer {
    fn page(status: u16, html: String) -> Answer {
        Answer {
            status,
            content_type: "text/html; charset=utf-8",
            body: html.into_bytes(),
        }
    }
}

/// The media type of a site file, from its extension.
fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("pdf") => "application/pdf",
        Some("md") => "text/plain; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// The reload tags put in a page's `<head>`: the version it shows and the fixed script.
fn reload_tags(version: u64) -> String {
    format!(
        "<meta name=\"guidec-version\" content=\"{version}\">\
         <script src=\"/{OWN}/rechargement.js\" defer></script>"
    )
}

/// A page with the reload tags, before its `</head>` (at its start when it has none).
fn with_reload(html: &[u8], version: u64) -> Vec<u8> {
    let tags = reload_tags(version);
    let text = String::from_utf8_lossy(html);
    match text.find("</head>") {
        Some(at) => format!("{}{tags}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{tags}{text}").into_bytes(),
    }
}

/// Answers one request; a failure to send (the browser went away) is not an error of the server.
pub fn answer(request: Request, state: &Mutex<State>, hosts: &[String], lang: Lang) {
    let answer = decide(&request, state, hosts, lang);
    let _ = request.respond(response(answer));
}

fn decide(request: &Request, state: &Mutex<State>, hosts: &[String], lang: Lang) -> Answer {
    if !matches!(request.method(), Method::Get | Method::Head) {
        return Answer::page(405, page::refused(&Msg::new("serve-refused-method"), lang));
    }
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_ascii_lowercase());
    if !host.is_some_and(|host| hosts.contains(&host)) {
        return Answer::page(421, page::refused(&Msg::new("serve-refused-host"), lang));
    }
    let route = match route(request.url()) {
        Ok(route) => route,
        Err(refusal) => return Answer::page(400, page::refused(&refusal.message(), lang)),
    };
    let (version, current, last_good, check_page) = {
        let state = state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        (
            state.version,
            state.current.clone(),
            state.last_good.clone(),
            Arc::clone(&state.check_page),
        )
    };
    match route {
        Route::Version => Answer {
            status: 200,
            content_type: "text/plain; charset=utf-8",
            body: version.to_string().into_bytes(),
        },
        Route::Script => Answer {
            status: 200,
            content_type: "text/javascript; charset=utf-8",
            body: page::RELOAD_SCRIPT.as_bytes().to_vec(),
        },
        Route::Stylesheet => Answer {
            status: 200,
            content_type: "text/css; charset=utf-8",
            body: page::STYLESHEET.as_bytes().to_vec(),
        },
        Route::Check => Answer {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: with_reload(check_page.as_bytes(), version),
        },
        Route::LastGood(path) => match last_good {
            Some((_, site)) => file(&site, &path, version, lang),
            None => Answer::page(404, page::not_found(&path, lang)),
        },
        Route::Site(path) => match current {
            Some(site) => file(&site, &path, version, lang),
            // The latest build failed: its check report stands in for every page of the site.
            None => Answer {
                status: 200,
                content_type: "text/html; charset=utf-8",
                body: with_reload(check_page.as_bytes(), version),
            },
        },
    }
}

/// A file of a site, pages with the reload tags.
fn file(site: &Site, path: &str, version: u64, lang: Lang) -> Answer {
    let Some(bytes) = site.get(path) else {
        if path == "favicon.ico" {
            // The site has no icon; browsers ask for one anyway.
            return Answer {
                status: 204,
                content_type: "image/x-icon",
                body: Vec::new(),
            };
        }
        return Answer::page(404, page::not_found(path, lang));
    };
    let content_type = content_type(path);
    let body = if content_type.starts_with("text/html") {
        with_reload(bytes, version)
    } else {
        bytes.clone()
    };
    Answer {
        status: 200,
        content_type,
        body,
    }
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn response(answer: Answer) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut headers = vec![
        header("Content-Type", answer.content_type),
        header("X-Content-Type-Options", "nosniff"),
        header("Referrer-Policy", "no-referrer"),
        header("Cache-Control", "no-store"),
        header("X-Frame-Options", "DENY"),
        header("Cross-Origin-Resource-Policy", "same-origin"),
    ];
    if answer.content_type.starts_with("text/html") {
        let csp = content_security_policy(&String::from_utf8_lossy(&answer.body));
        headers.push(header("Content-Security-Policy", &csp));
    }
    let mut response = Response::from_data(answer.body).with_status_code(answer.status);
    for header in headers.into_iter().flatten() {
        response.add_header(header);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_name_site_files() {
        assert_eq!(route("/"), Ok(Route::Site("index.html".into())));
        assert_eq!(
            route("/programme/profession-2025/"),
            Ok(Route::Site("programme/profession-2025/index.html".into()))
        );
        assert_eq!(
            route("/programme/profession-2024/formulaire.pdf?x=1"),
            Ok(Route::Site(
                "programme/profession-2024/formulaire.pdf".into()
            ))
        );
        assert_eq!(
            route("/caf%C3%A9.html"),
            Ok(Route::Site("café.html".into()))
        );
        assert_eq!(route("/_guidec/version"), Ok(Route::Version));
        assert_eq!(route("/_guidec/"), Ok(Route::Check));
        assert_eq!(
            route("/_guidec/precedente/"),
            Ok(Route::LastGood("index.html".into()))
        );
        assert_eq!(
            route("/_guidec/precedente/style.css"),
            Ok(Route::LastGood("style.css".into()))
        );
    }

    #[test]
    fn odd_paths_are_refused() {
        for (target, refusal) in [
            ("/../Cargo.toml", Refusal::DotSegment),
            ("/fami/../../etc/passwd", Refusal::DotSegment),
            ("/%2e%2e/%2e%2e/etc/passwd", Refusal::DotSegment),
            ("/./index.html", Refusal::DotSegment),
            ("/.git/config", Refusal::DotSegment),
            ("/a//b", Refusal::DotSegment),
            ("//etc/passwd", Refusal::NotAPath),
            ("http://example.org/", Refusal::NotAPath),
            ("*", Refusal::NotAPath),
            ("/fami%2F..%2F..%2Fx", Refusal::BadCharacter),
            ("/a%5C..%5Cb", Refusal::BadCharacter),
            ("/a\\b", Refusal::BadCharacter),
            ("/c:/windows", Refusal::BadCharacter),
            ("/index.html%00.pdf", Refusal::BadCharacter),
            ("/a%E2%80%AEb", Refusal::BadCharacter),
            ("/%zz", Refusal::BadEncoding),
            ("/%C3", Refusal::BadEncoding),
            ("/%", Refusal::BadEncoding),
        ] {
            assert_eq!(route(target), Err(refusal), "{target}");
        }
        assert_eq!(
            route(&format!("/{}", "a".repeat(MAX_TARGET))),
            Err(Refusal::TooLong)
        );
    }

    #[test]
    fn inline_styles_are_allowed_by_their_hash_only() {
        let csp = content_security_policy("<head><style>p{color:red}</style></head>");
        // printf 'p{color:red}' | openssl dgst -sha256 -binary | base64
        assert!(
            csp.contains("style-src 'self' 'sha256-p0bF+un5yUb9MBO6xRb8kPHlY2BdpHVtLiFkDrZPF64=';"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("script-src 'self';"), "{csp}");
        assert_eq!(base64_standard(b"abc"), "YWJj");
        assert_eq!(base64_standard(b"ab"), "YWI=");
        assert_eq!(base64_standard(b"a"), "YQ==");
    }

    #[test]
    fn pages_get_the_reload_tags_in_their_head() {
        let page = with_reload(
            b"<html><head><title>t</title></head><body></body></html>",
            7,
        );
        let page = String::from_utf8_lossy(&page);
        assert!(page.contains(
            "<title>t</title><meta name=\"guidec-version\" content=\"7\"><script src=\"/_guidec/rechargement.js\" defer></script></head>"
        ));
    }

    #[test]
    fn only_loopback_names_are_accepted_as_hosts() {
        let address = SocketAddr::from(([127, 0, 0, 1], 8000));
        let hosts = allowed_hosts(address);
        assert!(hosts.contains(&"localhost:8000".to_string()));
        assert!(hosts.contains(&"127.0.0.1:8000".to_string()));
        assert!(!hosts.iter().any(|h| h.contains("example")));
    }
}
