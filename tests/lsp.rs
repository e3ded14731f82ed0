//! `guidec lsp` driven as an editor drives it: the built binary on stdio, a real spec opened, and
//! the answers to diagnostics, hover, definition, references, completion, outline, formatting
//! and quick fixes checked, positions in UTF-16 as the protocol counts them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for responses.
    notifications: Vec<Value>,
}

impl Client {
    fn start() -> Client {
        Client::start_with(&["lsp"])
    }

    fn start_with(arguments: &[&str]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_guidec"))
            .args(arguments)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("guidec lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let value: Value = serde_json::from_slice(&body).expect("JSON from the server");
                if sender.send(value).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
            notifications: Vec::new(),
        }
    }

    fn write(&mut self, value: Value) {
        let body = value.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn receive(&mut self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(30))
            .expect("the server answers within 30 s")
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.write(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The whole response (`result` or `error`) to a request.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.write(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.receive();
            if message.get("id") == Some(&json!(id)) {
                return message;
            }
            self.notifications.push(message);
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.call(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        if let Some(i) = self.notifications.iter().position(|n| {
            n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri
        }) {
            let n = self.notifications.remove(i);
            return n["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
        }
        loop {
            let n = self.receive();
            if n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri {
                return n["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
            self.notifications.push(n);
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "guide", "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }
}

fn uri_of(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_str().expect("UTF-8 path").bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn spec(relative: &str) -> (PathBuf, String, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text = std::fs::read_to_string(&path).expect("the real spec");
    let uri = uri_of(&path);
    (path, text, uri)
}

/// The LSP position (line, UTF-16 column) of byte `offset` of `text`.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[start..].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": character})
}

/// The position of the `nth` occurrence of `needle`, `shift` bytes into it.
fn at(text: &str, needle: &str, shift: usize) -> Value {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` in the spec"));
    position(text, offset + shift)
}

fn line_of(text: &str, needle: &str) -> usize {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` in the spec"));
    text[..offset].matches('\n').count()
}

fn hover_text(client: &mut Client, uri: &str, position: Value) -> String {
    let result = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": position}),
    );
    result["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("a hover: {result}"))
        .to_string()
}

fn labels(result: &Value) -> Vec<String> {
    let items = result
        .as_array()
        .or_else(|| result["items"].as_array())
        .cloned()
        .unwrap_or_default();
    items
        .iter()
        .filter_map(|i| i["label"].as_str().map(str::to_string))
        .collect()
}

/// The clients of editors (VS Code's `vscode-languageclient` with the stdio transport) pass
/// `--stdio`: the server starts on it and answers as without it.
#[test]
fn the_stdio_flag_editors_pass_is_accepted() {
    let mut client = Client::start_with(&["lsp", "--stdio"]);
    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert!(!init["capabilities"]["hoverProvider"].is_null(), "{init}");
    client.notify("initialized", json!({}));
    let shutdown = client.call("shutdown", json!(null));
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    client.notify("exit", json!(null));
    let status = client.child.wait().expect("the server exits");
    assert!(status.success(), "{status}");
}

#[test]
fn an_editor_session_on_the_real_specs() {
    let mut client = Client::start();
    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    let capabilities = &init["capabilities"];
    for capability in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "completionProvider",
        "documentSymbolProvider",
        "documentFormattingProvider",
        "codeActionProvider",
    ] {
        assert!(
            !capabilities[capability].is_null(),
            "{capability}: {capabilities}"
        );
    }
    client.notify("initialized", json!({}));

    // Diagnostics: the real FAMI 2025 spec checks without error.
    let (_, fami, fami_uri) = spec("specs/fami/chirurgiens_dentistes-2025.guide");
    let published = client.open(&fami_uri, &fami);
    assert!(
        published.iter().all(|d| d["severity"] != 1),
        "errors in the real spec: {published:?}"
    );

    // Diagnostics as one types: a misspelt placeholder after accented words, placed in UTF-16
    // columns, with its quick fix.
    let typo = fami.replacen(
        "\"au cours du deuxième trimestre {N+1}\"",
        "\"au cours du deuxième trimestre {N+1}, avant le {clotûre}\"",
        1,
    );
    assert_ne!(typo, fami);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": fami_uri, "version": 2}, "contentChanges": [{"text": typo}]}),
    );
    let published = client.diagnostics(&fami_uri);
    let e0701 = published
        .iter()
        .find(|d| d["code"] == "E0701")
        .unwrap_or_else(|| panic!("E0701 published: {published:?}"));
    let start = typo.find("{clotûre}").expect("the typo");
    assert_eq!(e0701["severity"], 1);
    assert_eq!(e0701["source"], "guidec");
    assert_eq!(e0701["range"]["start"], position(&typo, start));
    assert_eq!(
        e0701["range"]["end"],
        position(&typo, start + "{clotûre}".len())
    );
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": fami_uri}, "range": e0701["range"], "context": {"diagnostics": [e0701]}}),
    );
    let edit = &actions[0]["edit"]["changes"][&fami_uri][0];
    assert_eq!(edit["newText"], "{clôture}", "{actions}");
    assert_eq!(edit["range"], e0701["range"]);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": fami_uri, "version": 3}, "contentChanges": [{"text": fami}]}),
    );
    let published = client.diagnostics(&fami_uri);
    assert!(
        published.iter().all(|d| d["severity"] != 1),
        "{published:?}"
    );

    // Hover: a `{N}` resolved, the amount of a section in euros, a section's summary, a
    // citation's source and seed.
    let title = hover_text(&mut client, &fami_uri, at(&fami, "exercice {N} —", 10));
    assert!(title.contains("`{N}` devient **2025**"), "{title}");
    let text = hover_text(
        &mut client,
        &fami_uri,
        at(&fami, "trimestre {N+1}\" [004 §3]", 2),
    );
    assert!(
        text.contains("au cours du deuxième trimestre 2026"),
        "{text}"
    );
    let amount = hover_text(&mut client, &fami_uri, at(&fami, "montant 490 €", 9));
    assert!(amount.contains("**490 €**"), "{amount}");
    let section = hover_text(&mut client, &fami_uri, at(&fami, "section socle", 10));
    assert!(section.contains("Indicateurs obligatoires"), "{section}");
    assert!(section.contains("prérequis"), "{section}");
    let citation = hover_text(&mut client, &fami_uri, at(&fami, "[004 §1.4.1] {", 7));
    assert!(
        citation.contains("Guide méthodologique FAMI exercice 2025"),
        "{citation}"
    );
    assert!(citation.contains("§1.4.1"), "{citation}");
    let seeds =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/004_6142dd41ec68d0fa.txt");
    if seeds.is_file() {
        assert!(citation.contains("Extrait du seed"), "{citation}");
        assert!(citation.contains("1.4.1. Description"), "{citation}");
    }
    let date = hover_text(&mut client, &fami_uri, at(&fami, "ouverture 12/01/N+1", 11));
    assert!(date.contains("12 janvier 2026"), "{date}");

    // An amount in points: the euros and the points.
    let (_, fs2024, fs2024_uri) = spec("specs/forfait_structure/medecins-2024.guide");
    let published = client.open(&fs2024_uri, &fs2024);
    assert!(
        published.iter().all(|d| d["severity"] != 1),
        "{published:?}"
    );
    let points = hover_text(
        &mut client,
        &fs2024_uri,
        at(&fs2024, "montant 280 points = 1 960 €", 10),
    );
    assert!(
        points.contains("280 points = 1\u{202f}960 €") && points.contains("7 € le point"),
        "{points}"
    );

    // Definition: `complémentaire si socle` goes to `section socle`; `{nombre socle}` too.
    let socle_line = line_of(&fami, "section socle");
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": fami_uri}, "position": at(&fami, "complémentaire si socle", 19)}),
    );
    assert_eq!(definition[0]["uri"], fami_uri, "{definition}");
    assert_eq!(definition[0]["range"]["start"]["line"], socle_line);
    assert_eq!(
        definition[0]["range"]["start"],
        at(&fami, "section socle", 8),
        "{definition}"
    );
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": fami_uri}, "position": at(&fami, "{nombre socle}", 9)}),
    );
    assert_eq!(definition[0]["range"]["start"]["line"], socle_line);
    // A citation's source goes to its `source` statement.
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": fami_uri}, "position": at(&fami, "[004 §1.4.1] {", 2)}),
    );
    assert_eq!(
        definition[0]["range"]["start"],
        at(&fami, "source 004", 7),
        "{definition}"
    );

    // References: the section `socle` is named by the gating and the placeholders.
    let references = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": fami_uri}, "position": at(&fami, "section socle", 9), "context": {"includeDeclaration": true}}),
    );
    let references = references.as_array().cloned().unwrap_or_default();
    let lines: Vec<u64> = references
        .iter()
        .filter(|r| r["uri"] == fami_uri)
        .filter_map(|r| r["range"]["start"]["line"].as_u64())
        .collect();
    let gating_line = line_of(&fami, "complémentaire si socle") as u64;
    let placeholder_uses =
        fami.matches("{nombre socle}").count() + fami.matches("{total socle}").count();
    assert!(lines.contains(&(socle_line as u64)), "{lines:?}");
    assert!(lines.contains(&gating_line), "{lines:?}");
    assert_eq!(lines.len(), 2 + placeholder_uses, "{lines:?}");

    // Completion: placeholders in a text, keywords of an indicator block, act fields.
    let placeholders = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": fami_uri}, "position": at(&fami, "exercice {N} —", 10)}),
    );
    let placeholders = labels(&placeholders);
    for expected in [
        "N+1",
        "clôture",
        "portail",
        "total socle",
        "nombre socle déclaratifs",
    ] {
        assert!(
            placeholders.contains(&expected.to_string()),
            "{expected}: {placeholders:?}"
        );
    }
    let kind_line = at(
        &fami,
        "      type déclaratif avec pré-alimentation [004 §1.1.2]\n\n",
        0,
    );
    let blank = json!({"line": kind_line["line"].as_u64().unwrap_or(0) + 1, "character": 6});
    let keywords = labels(&client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": fami_uri}, "position": blank}),
    ));
    for expected in [
        "numéro",
        "logiciel",
        "justificatif",
        "choix unique",
        "sous-indicateur",
    ] {
        assert!(
            keywords.contains(&expected.to_string()),
            "{expected}: {keywords:?}"
        );
    }
    assert!(!keywords.contains(&"accepte".to_string()), "{keywords:?}");
    let fields = labels(&client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": fami_uri}, "position": at(&fami, "numérateur actes où mode", "numérateur actes où ".len())}),
    ));
    for expected in ["mode", "ame", "âge", "facturation"] {
        assert!(
            fields.contains(&expected.to_string()),
            "{expected}: {fields:?}"
        );
    }
    let sources = labels(&client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": fami_uri}, "position": at(&fami, "[004 §1.4.1] {", 1)}),
    ));
    assert_eq!(sources, ["004", "000", "001"], "{sources:?}");

    // The outline: sections holding their indicators.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": fami_uri}}),
    );
    let symbols = symbols.as_array().cloned().unwrap_or_default();
    let socle = symbols
        .iter()
        .find(|s| s["name"] == "socle")
        .unwrap_or_else(|| panic!("socle in the outline: {symbols:?}"));
    let children: Vec<&str> = socle["children"]
        .as_array()
        .map(|c| c.iter().filter_map(|s| s["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        children,
        [
            "logiciel_metier",
            "sesam_vitale",
            "horaires_annuaire",
            "teletransmission",
            "messagerie_securisee"
        ]
    );

    // Formatting: a real spec is laid out already; a spec with its layout broken gets it back.
    let edits = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": fami_uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(edits, json!([]));
    let (_, fs2025, _) = spec("specs/forfait_structure/medecins-2025.guide");
    let broken = fs2025.replace("\n    montant ", "\n montant   ");
    assert_ne!(broken, fs2025);
    let broken_uri = "file:///nulle-part/medecins-2025.guide";
    client.open(broken_uri, &broken);
    let edits = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": broken_uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(edits[0]["newText"], fs2025, "{edits}");

    // A quick fix for E0201: the euros of 281 points at 7 €.
    let wrong = fs2024.replacen(
        "montant 280 points = 1 960 €",
        "montant 281 points = 1 960 €",
        1,
    );
    let wrong_uri = "file:///nulle-part/forfait_structure/medecins-2024.guide";
    let published = client.open(wrong_uri, &wrong);
    let e0201 = published
        .iter()
        .find(|d| d["code"] == "E0201")
        .unwrap_or_else(|| panic!("E0201: {published:?}"))
        .clone();
    let euros = wrong
        .find("1 960 € [002 tableau, volet 1]")
        .expect("the euros");
    assert_eq!(e0201["range"]["start"], position(&wrong, euros));
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": wrong_uri}, "range": e0201["range"], "context": {"diagnostics": [e0201]}}),
    );
    assert_eq!(
        actions[0]["edit"]["changes"][wrong_uri][0]["newText"], "1 967 €",
        "{actions}"
    );

    // A quick fix for E0202: the total the checker derives, for a section and for the edition.
    for (spec_text, from, to, expected, name) in [
        (
            &fs2024,
            "total 835 points = 5 845 €",
            "total 836 points = 5 852 €",
            "835 points = 5 845 €",
            "forfait_structure/medecins-2024.guide",
        ),
        (
            &fami,
            "total maximal 1 240 €",
            "total maximal 1 250 €",
            "1 240 €",
            "fami/chirurgiens_dentistes-2025.guide",
        ),
    ] {
        let wrong = spec_text.replacen(from, to, 1);
        assert_ne!(&wrong, spec_text);
        let uri = format!("file:///ailleurs/{name}");
        let published = client.open(&uri, &wrong);
        let e0202 = published
            .iter()
            .find(|d| d["code"] == "E0202")
            .unwrap_or_else(|| panic!("E0202: {published:?}"))
            .clone();
        let actions = client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": e0202["range"], "context": {"diagnostics": [e0202]}}),
        );
        let edit = &actions[0]["edit"]["changes"][&uri][0];
        assert_eq!(edit["newText"], expected, "{actions}");
        let value = wrong.find(to).expect("the total") + to.find(char::is_numeric).expect("digits");
        assert_eq!(edit["range"]["start"], position(&wrong, value), "{actions}");
    }

    // Nothing brings it down: text that does not parse, positions past the end, unknown requests.
    let garbage_uri = "file:///nulle-part/garbage.guide";
    let published = client.open(garbage_uri, "édition {{{ \"é\u{1F600}\n}} [ §");
    assert_eq!(published[0]["code"], "E0001", "{published:?}");
    for (line, character) in [(0, 0), (0, 9), (1, 3), (99, 99)] {
        for method in [
            "textDocument/hover",
            "textDocument/definition",
            "textDocument/completion",
        ] {
            client.request(
                method,
                json!({"textDocument": {"uri": garbage_uri}, "position": {"line": line, "character": character}}),
            );
        }
    }
    let formatting = client.call(
        "textDocument/formatting",
        json!({"textDocument": {"uri": garbage_uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert!(
        formatting["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("la spec ne se lit pas")),
        "{formatting}"
    );
    let unknown = client.call("guidec/inconnu", json!({}));
    assert!(unknown["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("non prise en charge")));
    let closed = client.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///jamais/ouvert.guide"}, "position": {"line": 0, "character": 0}}),
    );
    assert!(closed["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("document non ouvert")));

    // The session ends as the protocol says.
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().expect("the server exits");
    assert!(status.success(), "{status}");
}
