//! `guidec lsp`: a language server on standard input and output, for the rule authors' editors.
//!
//! Diagnostics as one types (the checker's, placed in UTF-16 columns as the protocol counts),
//! hover (texts with `{N}` and dates filled in, amounts in euros and points, the cited seed's
//! title and lines), definitions and references of ids, completion, the outline, formatting by
//! `guidec fmt`'s function and quick fixes. Every document is analysed again on each change
//! (a spec checks in a few milliseconds). Nothing it says is in English, and no request can
//! bring it down: a handler that fails answers with an error.

mod analysis;
mod complete;
mod fixes;
mod hover;
mod lexer;
mod position;
mod seeds;
mod workspace;

pub use position::LineIndex;

use analysis::{Analysis, IdKind, Occurrence};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    References, Request as _,
};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CompletionOptions, CompletionParams, CompletionResponse,
    DiagnosticRelatedInformation, DiagnosticSeverity, DocumentFormattingParams, DocumentSymbol,
    DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams, GotoDefinitionResponse,
    Hover, HoverContents, HoverParams, HoverProviderCapability, InitializeParams, Location,
    MarkupContent, MarkupKind, NumberOrString, OneOf, PublishDiagnosticsParams, ReferenceParams,
    ServerCapabilities, ServerInfo, SymbolKind, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use workspace::Sibling;

/// Runs the server until the client says `exit`; an error says, in French, why it stopped.
pub fn run() -> Result<(), String> {
    let (connection, threads) = Connection::stdio();
    let capabilities =
        serde_json::to_value(capabilities()).map_err(|e| format!("capacités illisibles : {e}"))?;
    let init = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": ServerInfo { name: "guidec".to_string(), version: Some(env!("CARGO_PKG_VERSION").to_string()) },
    });
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("l'éditeur n'a pas ouvert la session : {e}"))?;
    connection
        .initialize_finish(id, init)
        .map_err(|e| format!("l'éditeur n'a pas ouvert la session : {e}"))?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let snippets = params
        .capabilities
        .text_document
        .as_ref()
        .and_then(|t| t.completion.as_ref())
        .and_then(|c| c.completion_item.as_ref())
        .and_then(|i| i.snippet_support)
        .unwrap_or(false);
    let mut server = Server {
        connection: &connection,
        documents: HashMap::new(),
        snippets,
    };
    server.main_loop()?;
    drop(connection);
    threads
        .join()
        .map_err(|e| format!("fin de session anormale : {e}"))
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["{".to_string(), "[".to_string(), " ".to_string()]),
            ..CompletionOptions::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// An open document.
struct Document {
    uri: Uri,
    path: Option<PathBuf>,
    index: LineIndex,
    analysis: Analysis,
}

impl Document {
    fn new(uri: Uri, text: String) -> Document {
        let path = path_of(&uri);
        let name = path.as_ref().and_then(|p| p.to_str()).map(str::to_string);
        let index = LineIndex::new(&text);
        let analysis = Analysis::new(text, name.as_deref());
        Document {
            uri,
            path,
            index,
            analysis,
        }
    }

    fn text(&self) -> &str {
        &self.analysis.text
    }

    fn offset(&self, position: lsp_types::Position) -> usize {
        self.index.offset(self.text(), position)
    }

    fn range(&self, span: crate::span::Span) -> lsp_types::Range {
        self.index.range(self.text(), span)
    }

    fn siblings(&self) -> Vec<Sibling> {
        self.path
            .as_deref()
            .map(workspace::siblings)
            .unwrap_or_default()
    }
}

struct Server<'a> {
    connection: &'a Connection,
    documents: HashMap<String, Document>,
    snippets: bool,
}

/// A handler's failure: the protocol's code and a French message.
type Failure = (i32, String);

impl Server<'_> {
    fn main_loop(&mut self) -> Result<(), String> {
        while let Ok(message) = self.connection.receiver.recv() {
            match message {
                Message::Request(request) => {
                    match self.connection.handle_shutdown(&request) {
                        Ok(true) => return Ok(()),
                        Ok(false) => {}
                        Err(e) => return Err(format!("arrêt mal mené : {e}")),
                    }
                    let id = request.id.clone();
                    let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        self.request(request)
                    }))
                    .unwrap_or_else(|_| {
                        Err((
                            ErrorCode::InternalError as i32,
                            "erreur interne de guidec sur cette demande ; le serveur continue"
                                .to_string(),
                        ))
                    });
                    self.send(match answer {
                        Ok(value) => Response::new_ok(id, value),
                        Err((code, message)) => Response::new_err(id, code, message),
                    });
                }
                Message::Notification(notification) => {
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        self.notification(notification)
                    }));
                }
                Message::Response(_) => {}
            }
        }
        Ok(())
    }

    fn send(&self, message: impl Into<Message>) {
        let _ = self.connection.sender.send(message.into());
    }

    fn publish(&self, document: &Document) {
        let params = PublishDiagnosticsParams {
            uri: document.uri.clone(),
            diagnostics: diagnostics(document),
            version: None,
        };
        self.send(Notification::new(
            PublishDiagnostics::METHOD.to_string(),
            params,
        ));
    }

    fn notification(&mut self, notification: Notification) {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(
                    notification.params,
                ) {
                    let document = Document::new(p.text_document.uri, p.text_document.text);
                    self.publish(&document);
                    self.documents
                        .insert(document.uri.as_str().to_string(), document);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(
                    notification.params,
                ) {
                    let key = p.text_document.uri.as_str().to_string();
                    let mut text = self
                        .documents
                        .get(&key)
                        .map(|d| d.text().to_string())
                        .unwrap_or_default();
                    for change in p.content_changes {
                        match change.range {
                            None => text = change.text,
                            Some(range) => {
                                let index = LineIndex::new(&text);
                                let start = index.offset(&text, range.start);
                                let end = index.offset(&text, range.end).max(start);
                                text.replace_range(start..end, &change.text);
                            }
                        }
                    }
                    let document = Document::new(p.text_document.uri, text);
                    self.publish(&document);
                    self.documents.insert(key, document);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(
                    notification.params,
                ) {
                    self.documents.remove(p.text_document.uri.as_str());
                    self.send(Notification::new(
                        PublishDiagnostics::METHOD.to_string(),
                        PublishDiagnosticsParams {
                            uri: p.text_document.uri,
                            diagnostics: Vec::new(),
                            version: None,
                        },
                    ));
                }
            }
            DidSaveTextDocument::METHOD => {}
            _ => {}
        }
    }

    fn document(&self, uri: &Uri) -> Result<&Document, Failure> {
        self.documents.get(uri.as_str()).ok_or_else(|| {
            (
                ErrorCode::InvalidParams as i32,
                format!("document non ouvert : {}", uri.as_str()),
            )
        })
    }

    fn request(&self, request: Request) -> Result<serde_json::Value, Failure> {
        fn params<P: serde::de::DeserializeOwned>(request: Request) -> Result<P, Failure> {
            serde_json::from_value(request.params).map_err(|e| {
                (
                    ErrorCode::InvalidParams as i32,
                    format!("paramètres illisibles pour `{}` : {e}", request.method),
                )
            })
        }
        fn json(value: impl serde::Serialize) -> Result<serde_json::Value, Failure> {
            serde_json::to_value(value).map_err(|e| {
                (
                    ErrorCode::InternalError as i32,
                    format!("réponse impossible à écrire : {e}"),
                )
            })
        }
        match request.method.as_str() {
            HoverRequest::METHOD => {
                let p: HoverParams = params(request)?;
                let document = self.document(&p.text_document_position_params.text_document.uri)?;
                let offset = document.offset(p.text_document_position_params.position);
                let found = hover::hover(
                    &document.analysis,
                    offset,
                    document.path.as_deref(),
                    &|| document.siblings(),
                );
                json(found.map(|(span, markdown)| Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: markdown,
                    }),
                    range: Some(document.range(span)),
                }))
            }
            GotoDefinition::METHOD => {
                let p: GotoDefinitionParams = params(request)?;
                let document = self.document(&p.text_document_position_params.text_document.uri)?;
                let offset = document.offset(p.text_document_position_params.position);
                let locations = definitions(document, offset);
                json(if locations.is_empty() {
                    None
                } else {
                    Some(GotoDefinitionResponse::Array(locations))
                })
            }
            References::METHOD => {
                let p: ReferenceParams = params(request)?;
                let document = self.document(&p.text_document_position.text_document.uri)?;
                let offset = document.offset(p.text_document_position.position);
                json(references(document, offset, p.context.include_declaration))
            }
            Completion::METHOD => {
                let p: CompletionParams = params(request)?;
                let document = self.document(&p.text_document_position.text_document.uri)?;
                let offset = document.offset(p.text_document_position.position);
                // A space typed in the indentation asks for nothing: no list of keywords at each blank.
                let by_space = p
                    .context
                    .as_ref()
                    .and_then(|c| c.trigger_character.as_deref())
                    == Some(" ");
                let line = document.text().get(..offset).unwrap_or("");
                let line = line.rsplit('\n').next().unwrap_or("");
                if by_space && line.trim().is_empty() {
                    return json(CompletionResponse::Array(Vec::new()));
                }
                let items = complete::complete(&document.analysis, offset, self.snippets, &|| {
                    document.siblings()
                });
                json(CompletionResponse::Array(items))
            }
            DocumentSymbolRequest::METHOD => {
                let p: DocumentSymbolParams = params(request)?;
                let document = self.document(&p.text_document.uri)?;
                json(DocumentSymbolResponse::Nested(symbols(document)))
            }
            Formatting::METHOD => {
                let p: DocumentFormattingParams = params(request)?;
                let document = self.document(&p.text_document.uri)?;
                match crate::format::format_source(document.text()) {
                    Ok(formatted) if formatted == document.text() => json(Vec::<TextEdit>::new()),
                    Ok(formatted) => json(vec![TextEdit {
                        range: document.range(crate::span::Span::new(0, document.text().len())),
                        new_text: formatted,
                    }]),
                    Err(crate::format::FormatError::Syntax(_)) => Err((
                        ErrorCode::RequestFailed as i32,
                        "mise en forme impossible : la spec ne se lit pas ; corrigez d'abord l'erreur de syntaxe".to_string(),
                    )),
                    Err(crate::format::FormatError::Unsafe(_)) => Err((
                        ErrorCode::RequestFailed as i32,
                        "mise en forme refusée : le texte mis en forme ne voudrait plus dire la même chose ; le fichier est laissé tel quel".to_string(),
                    )),
                }
            }
            CodeActionRequest::METHOD => {
                let p: CodeActionParams = params(request)?;
                let document = self.document(&p.text_document.uri)?;
                json(code_actions(document, p.range))
            }
            _ => Err((
                ErrorCode::MethodNotFound as i32,
                format!("demande non prise en charge : {}", request.method),
            )),
        }
    }
}

/// The document's diagnostics in the protocol's terms.
fn diagnostics(document: &Document) -> Vec<lsp_types::Diagnostic> {
    document
        .analysis
        .diagnostics
        .iter()
        .map(|d| {
            // The editor speaks to a rule author: diagnostics in French.
            let lang = crate::i18n::Lang::Fr;
            let mut message = d.message.text(lang);
            if let Some(help) = &d.help {
                message.push_str("\naide : ");
                message.push_str(&help.text(lang));
            }
            let related: Vec<DiagnosticRelatedInformation> = d
                .labels
                .iter()
                .map(|l| DiagnosticRelatedInformation {
                    location: Location::new(document.uri.clone(), document.range(l.span)),
                    message: l.message.text(lang),
                })
                .collect();
            lsp_types::Diagnostic {
                range: document.range(visible(document.text(), d.span)),
                severity: Some(if d.is_error() {
                    DiagnosticSeverity::ERROR
                } else {
                    DiagnosticSeverity::WARNING
                }),
                code: Some(NumberOrString::String(d.code.to_string())),
                source: Some("guidec".to_string()),
                message,
                related_information: (!related.is_empty()).then_some(related),
                ..lsp_types::Diagnostic::default()
            }
        })
        .collect()
}

/// An empty span widened to the character it stands before, so that the editor shows it.
fn visible(text: &str, span: crate::span::Span) -> crate::span::Span {
    if !span.is_empty() {
        return span;
    }
    match text.get(span.start..).and_then(|rest| rest.chars().next()) {
        Some(c) if c != '\n' => crate::span::Span::new(span.start, span.start + c.len_utf8()),
        _ => span,
    }
}

/// Where the id at `offset` is defined: in the document, or in the other editions for `reprend`.
fn definitions(document: &Document, offset: usize) -> Vec<Location> {
    let Some(occurrence) = document.analysis.occurrence_at(offset) else {
        return Vec::new();
    };
    if occurrence.kind == IdKind::Continued {
        let mut out = Vec::new();
        for sibling in document.siblings() {
            let index = LineIndex::new(&sibling.text);
            for o in analysis::occurrences(&sibling.file, &sibling.text) {
                if o.definition && o.same_target(occurrence) {
                    if let Some(uri) = uri_of(&sibling.path) {
                        out.push(Location::new(uri, index.range(&sibling.text, o.span)));
                    }
                }
            }
        }
        return out;
    }
    document
        .analysis
        .occurrences
        .iter()
        .filter(|o| o.definition && o.same_target(occurrence))
        .map(|o| Location::new(document.uri.clone(), document.range(o.span)))
        .collect()
}

/// Every place that names the id at `offset`; for indicators, sections and options (ids stable
/// from one year to the next), also in the other editions of the folder.
fn references(document: &Document, offset: usize, declaration: bool) -> Vec<Location> {
    let Some(occurrence) = document.analysis.occurrence_at(offset) else {
        return Vec::new();
    };
    let keep = |o: &Occurrence| o.same_target(occurrence) && (declaration || !o.definition);
    let mut out: Vec<Location> = document
        .analysis
        .occurrences
        .iter()
        .filter(|o| keep(o))
        .map(|o| Location::new(document.uri.clone(), document.range(o.span)))
        .collect();
    let across = matches!(
        occurrence.kind.defined_as(),
        IdKind::Indicator | IdKind::Section | IdKind::Option
    );
    if across {
        for sibling in document.siblings() {
            let index = LineIndex::new(&sibling.text);
            let Some(uri) = uri_of(&sibling.path) else {
                continue;
            };
            for o in analysis::occurrences(&sibling.file, &sibling.text) {
                if keep(&o) {
                    out.push(Location::new(
                        uri.clone(),
                        index.range(&sibling.text, o.span),
                    ));
                }
            }
        }
    }
    out
}

/// The outline: sources, sections with their indicators (and what these measure), annexes.
fn symbols(document: &Document) -> Vec<DocumentSymbol> {
    use crate::ast::{EditionItem, SectionItem};
    let Some(file) = &document.analysis.file else {
        return Vec::new();
    };
    let outline = Outline { document };
    let mut out = Vec::new();
    for item in &file.edition.items {
        match item {
            EditionItem::Source(s) | EditionItem::Borrow(s, _) => {
                out.push(outline.symbol(
                    (&s.id.node, &s.title.node),
                    SymbolKind::FILE,
                    (s.span, s.id.span),
                    vec![],
                ));
            }
            EditionItem::Section(s) => {
                let children = s
                    .items
                    .iter()
                    .filter_map(|item| match item {
                        SectionItem::Indicator(i) | SectionItem::SubIndicator(i) => {
                            Some(outline.indicator(i))
                        }
                        _ => None,
                    })
                    .collect();
                out.push(outline.symbol(
                    (&s.id.node, &s.title.node),
                    SymbolKind::NAMESPACE,
                    (outline.block(s.header_span), s.id.span),
                    children,
                ));
            }
            EditionItem::Annex(a) => {
                out.push(outline.symbol(
                    (&a.id.node, &a.title.node),
                    SymbolKind::STRUCT,
                    (a.span, a.id.span),
                    vec![],
                ));
            }
            _ => {}
        }
    }
    out
}

struct Outline<'a> {
    document: &'a Document,
}

impl Outline<'_> {
    /// From a header to the end of the block it opens.
    fn block(&self, header: crate::span::Span) -> crate::span::Span {
        let end = lexer::block_end(self.document.text(), header.end).unwrap_or(header.end);
        crate::span::Span::new(header.start, end)
    }

    /// A symbol: (name, detail), its kind, (the whole, the id), its children.
    fn symbol(
        &self,
        (name, detail): (&str, &str),
        kind: SymbolKind,
        (whole, id): (crate::span::Span, crate::span::Span),
        children: Vec<DocumentSymbol>,
    ) -> DocumentSymbol {
        let start = id.start.max(whole.start);
        let selection = crate::span::Span::new(start, id.end.min(whole.end).max(start));
        #[allow(deprecated)]
        DocumentSymbol {
            name: if name.is_empty() {
                "?".to_string()
            } else {
                name.to_string()
            },
            detail: (!detail.is_empty()).then(|| detail.to_string()),
            kind,
            tags: None,
            deprecated: None,
            range: self.document.range(whole),
            selection_range: self.document.range(selection),
            children: (!children.is_empty()).then_some(children),
        }
    }

    fn indicator(&self, i: &crate::ast::Indicator) -> DocumentSymbol {
        use crate::ast::IndicatorItem;
        let mut children = Vec::new();
        for item in &i.items {
            match item {
                IndicatorItem::Rate(r) => children.push(self.symbol(
                    (&r.id.node, &r.label.node),
                    SymbolKind::FIELD,
                    (r.span, r.id.span),
                    vec![],
                )),
                IndicatorItem::Count(c) => children.push(self.symbol(
                    (&c.id.node, &c.label.node),
                    SymbolKind::FIELD,
                    (c.span, c.id.span),
                    vec![],
                )),
                IndicatorItem::Finding(id, label, _, span) => children.push(self.symbol(
                    (&id.node, &label.node),
                    SymbolKind::FIELD,
                    (*span, id.span),
                    vec![],
                )),
                IndicatorItem::Choice(choice) => {
                    for o in &choice.options {
                        children.push(self.symbol(
                            (&o.id.node, &o.label.node),
                            SymbolKind::ENUM_MEMBER,
                            (o.span, o.id.span),
                            vec![],
                        ));
                    }
                }
                IndicatorItem::SubIndicator(sub) => children.push(self.indicator(sub)),
                _ => {}
            }
        }
        self.symbol(
            (&i.id.node, &i.title.node),
            SymbolKind::CLASS,
            (self.block(i.header_span), i.id.span),
            children,
        )
    }
}

/// The quick fixes of the diagnostics that meet `range`.
fn code_actions(document: &Document, range: lsp_types::Range) -> Vec<CodeActionOrCommand> {
    let start = document.offset(range.start);
    let end = document.offset(range.end);
    let all = diagnostics(document);
    document
        .analysis
        .diagnostics
        .iter()
        .zip(all)
        .filter(|(d, _)| d.span.start <= end && start <= d.span.end)
        .filter_map(|(d, lsp)| {
            let fix = fixes::fix(&document.analysis, d)?;
            let edit = TextEdit {
                range: document.range(fix.span),
                new_text: fix.replacement,
            };
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp]),
                edit: Some(WorkspaceEdit::new(HashMap::from([(
                    document.uri.clone(),
                    vec![edit],
                )]))),
                is_preferred: Some(true),
                ..CodeAction::default()
            }))
        })
        .collect()
}

/// The path of a `file:` URI.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let rest = rest.get(rest.find('/')?..)?;
    let mut bytes = Vec::with_capacity(rest.len());
    let raw = rest.as_bytes();
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        if b == b'%' {
            let hex = raw
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                bytes.push(value);
                i += 3;
                continue;
            }
        }
        bytes.push(b);
        i += 1;
    }
    String::from_utf8(bytes).ok().map(PathBuf::from)
}

/// The `file:` URI of an absolute path.
pub fn uri_of(path: &Path) -> Option<Uri> {
    let path = std::path::absolute(path).ok()?;
    let mut out = String::from("file://");
    for b in path.to_str()?.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every question at many places of every real spec cut short at many places: no panic.
    #[test]
    fn no_answer_panics_on_specs_cut_anywhere() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
        let specs = crate::driver::find_specs(&[root]).unwrap_or_default();
        assert!(specs.len() >= 5, "{specs:?}");
        for spec in specs {
            let text = std::fs::read_to_string(&spec).unwrap_or_default();
            let mut cuts: Vec<usize> = (0..24).map(|i| text.len() * i / 23).collect();
            cuts.push(text.len() / 2 + 1);
            for cut in cuts {
                let mut cut = cut.min(text.len());
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                let Some(uri) = uri_of(&spec) else {
                    continue;
                };
                let document = Document::new(uri, text.get(..cut).unwrap_or("").to_string());
                let len = document.text().len();
                for i in 0..=40 {
                    let mut offset = len * i / 40;
                    while !document.text().is_char_boundary(offset) {
                        offset -= 1;
                    }
                    let _ = hover::hover(&document.analysis, offset, None, &Vec::new);
                    let _ = complete::complete(&document.analysis, offset, true, &Vec::new);
                    let _ = definitions(&document, offset);
                    let _ = references(&document, offset, true);
                    let position = document.index.position(document.text(), offset);
                    assert_eq!(document.offset(position), offset);
                }
                let _ = symbols(&document);
                let _ = diagnostics(&document);
                let whole = lsp_types::Range::new(
                    lsp_types::Position::new(0, 0),
                    lsp_types::Position::new(u32::MAX, 0),
                );
                let _ = code_actions(&document, whole);
            }
        }
    }

    #[test]
    fn uris_and_paths_round_trip_with_accents() {
        let path = Path::new("/tmp/spécs/a b.guide");
        let uri = uri_of(path);
        assert_eq!(
            uri.as_ref().map(|u| u.as_str()),
            Some("file:///tmp/sp%C3%A9cs/a%20b.guide")
        );
        assert_eq!(uri.and_then(|u| path_of(&u)), Some(path.to_path_buf()));
    }
}
