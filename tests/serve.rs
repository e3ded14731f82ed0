//! `guidec serve` over HTTP: odd URLs and foreign hosts refused, loopback addresses only, a
//! rebuild after each write of a spec (the check report while it fails, the page again once
//! fixed), nothing written into the folder it runs in.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The FAMI spec, the one the tests edit.
const FAMI: &str = "specs/fami/chirurgiens_dentistes-2025.guide";
/// Its guide page.
const FAMI_PAGE: &str = "/fami/chirurgiens_dentistes-2025/index.html";

/// A running `guidec serve` on a copy of the specs, stopped when dropped.
struct Served {
    child: Child,
    address: SocketAddr,
    folder: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Starts `guidec serve --port 0` in a temporary folder holding a copy of `specs/`, and reads the
/// address it prints.
fn serve() -> Served {
    let folder = tempfile::tempdir().unwrap();
    copy_folder(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("specs"),
        &folder.path().join("specs"),
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_guidec"))
        .args(["serve", "--port", "0"])
        .current_dir(folder.path())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let address = loop {
        let line = lines
            .next()
            .expect("guidec serve ended before printing its address")
            .unwrap();
        if let Some(at) = line.find("http://") {
            let rest = &line[at + "http://".len()..];
            let end = rest.find('/').unwrap();
            break rest[..end].parse::<SocketAddr>().unwrap();
        }
    };
    // Keep reading (and dropping) what it prints, so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Served {
        child,
        address,
        folder,
    }
}

/// An answer: status, headers (lowercase names), body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request exactly as written (no client normalises the target).
fn request(address: SocketAddr, method: &str, target: &str, host: &str) -> Answer {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: body.to_string(),
    }
}

fn get(served: &Served, target: &str) -> Answer {
    request(
        served.address,
        "GET",
        target,
        &format!("127.0.0.1:{}", served.address.port()),
    )
}

fn version(served: &Served) -> u64 {
    get(served, "/_guidec/version").body.trim().parse().unwrap()
}

/// Waits (10 s at most) for the version to move past `seen`, and returns the new one.
fn next_version(served: &Served, seen: u64) -> u64 {
    let start = Instant::now();
    loop {
        let now = version(served);
        if now > seen {
            return now;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no rebuild after the write"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn edit(served: &Served, from: &str, to: &str) {
    let path: PathBuf = served.folder.path().join(FAMI);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in the spec");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn pages_are_served_with_a_strict_policy_and_the_reload_tags() {
    let served = serve();
    assert!(served.address.ip().is_loopback(), "{}", served.address);
    assert_eq!(served.address.ip().to_string(), "127.0.0.1");
    let index = get(&served, "/");
    assert_eq!(index.status, 200);
    assert!(index
        .body
        .contains("<meta name=\"guidec-version\" content=\"1\">"));
    assert!(index
        .body
        .contains("<script src=\"/_guidec/rechargement.js\" defer></script></head>"));
    let csp = index.header("content-security-policy").unwrap();
    assert!(
        csp.starts_with("default-src 'none'; script-src 'self';"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe"), "{csp}");
    assert_eq!(index.header("x-content-type-options"), Some("nosniff"));
    // The change report's inline style is allowed by its hash.
    let changes = get(
        &served,
        "/forfait_structure/medecins-2024-2025-changements.html",
    );
    assert_eq!(changes.status, 200);
    assert!(changes
        .header("content-security-policy")
        .unwrap()
        .contains("style-src 'self' 'sha256-"));
    let pdf = get(&served, "/fami/chirurgiens_dentistes-2025/formulaire.pdf");
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    let script = get(&served, "/_guidec/rechargement.js");
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.body.contains("/_guidec/version"));
    assert_eq!(get(&served, "/_guidec/precedente/").status, 200);
    // Nothing was written beside the specs: the site lives in memory.
    let entries: Vec<_> = std::fs::read_dir(served.folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, vec![std::ffi::OsString::from("specs")]);
}

#[test]
fn odd_urls_foreign_hosts_and_other_methods_are_refused() {
    let served = serve();
    // A file next to the specs: no URL may reach it.
    std::fs::write(served.folder.path().join("secret.txt"), "SECRET").unwrap();
    std::os::unix::fs::symlink(
        served.folder.path().join("secret.txt"),
        served.folder.path().join("specs/lien.html"),
    )
    .unwrap();
    for target in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/fami/..%2f..%2fsecret.txt",
        "/fami%5c..%5c..%5csecret.txt",
        "/fami/./index.html",
        "//etc/passwd",
        "/.git/config",
        "/index.html%00.pdf",
        "/%ff",
        "/a\\b",
        "http://127.0.0.1/secret.txt",
    ] {
        let answer = get(&served, target);
        assert_eq!(answer.status, 400, "{target}");
        assert!(answer.body.contains("Adresse refusée"), "{target}");
        assert!(!answer.body.contains("SECRET") && !answer.body.contains("root:"));
    }
    // Not in the site (the link in specs/ is not a file of the site either): not found.
    for target in [
        "/secret.txt",
        "/lien.html",
        "/specs/fami/chirurgiens_dentistes-2025.guide",
    ] {
        let answer = get(&served, target);
        assert_eq!(answer.status, 404, "{target}");
        assert!(answer.body.contains("Page introuvable"));
    }
    let port = served.address.port();
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
    ] {
        let answer = request(served.address, "GET", "/", &host);
        assert_eq!(answer.status, 421, "{host}");
    }
    assert_eq!(
        request(served.address, "GET", "/", &format!("localhost:{port}")).status,
        200
    );
    let post = request(served.address, "POST", "/", &format!("127.0.0.1:{port}"));
    assert_eq!(post.status, 405);
    assert!(post.body.contains("GET et HEAD"));
}

#[test]
fn only_loopback_addresses_are_listened_on_without_the_flag() {
    for address in ["0.0.0.0", "192.0.2.1", "::"] {
        let output = Command::new(env!("CARGO_BIN_EXE_guidec"))
            .args(["serve", "--port", "0", "--bind", address])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{address}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("n'est pas une adresse de bouclage")
                && stderr.contains("--allow-remote"),
            "{stderr}"
        );
    }
}

#[test]
fn a_write_rebuilds_and_a_failing_spec_shows_its_diagnostics() {
    let served = serve();
    let first = version(&served);
    assert!(get(&served, FAMI_PAGE).body.contains("(490 €)"));

    // A new amount, with its total: the page shows it.
    edit(
        &served,
        "    montant 490 € [004 §1]",
        "    montant 590 € [004 §1]",
    );
    edit(&served, "total maximal 1 240 €", "total maximal 1 340 €");
    let second = next_version(&served, first);
    // Both writes may fall in one build or in two: wait for the one that has both.
    let mut seen = second;
    while get(&served, FAMI_PAGE)
        .body
        .contains("Des specs ont des erreurs")
    {
        seen = next_version(&served, seen);
    }
    let page = get(&served, FAMI_PAGE);
    assert!(page.body.contains("(590 €)"), "{}", page.body);
    assert!(page.body.contains(&format!(
        "<meta name=\"guidec-version\" content=\"{seen}\">"
    )));

    // The total no longer adds up: every page of the site shows the check report, in French,
    // with the place of the mistake; the last good build stays reachable.
    edit(&served, "total maximal 1 340 €", "total maximal 1 240 €");
    let failing = next_version(&served, seen);
    let report = get(&served, FAMI_PAGE);
    assert_eq!(report.status, 200);
    assert!(report.body.contains("Des specs ont des erreurs"));
    assert!(report
        .body
        .contains("specs/fami/chirurgiens_dentistes-2025.guide:47:17"));
    assert!(report.body.contains("E0202"));
    assert!(report
        .body
        .contains("les sections totalisent 1\u{202f}340 €, pas 1\u{202f}240 €"));
    assert!(report.body.contains("href=\"/_guidec/precedente/\""));
    assert_eq!(get(&served, "/_guidec/verification.html").body, report.body);
    let last_good = get(
        &served,
        "/_guidec/precedente/fami/chirurgiens_dentistes-2025/index.html",
    );
    assert_eq!(last_good.status, 200);
    assert!(last_good.body.contains("(590 €)"));

    // Fixed: the page is back.
    edit(&served, "total maximal 1 240 €", "total maximal 1 340 €");
    next_version(&served, failing);
    let back = get(&served, FAMI_PAGE);
    assert!(back.body.contains("(590 €)"));
    assert!(!back.body.contains("Des specs ont des erreurs"));
}
