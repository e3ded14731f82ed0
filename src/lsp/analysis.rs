//! One document analysed: parsed, checked, and its ids and texts indexed by position.
//!
//! The AST is walked once per question into [`Node`]s that borrow it: the ids (defined or
//! referred to), citations, texts and their placeholders, dates, amounts and statements. Hover,
//! definitions, references and the outline read these.

use crate::ast::{self, EditionItem, IndicatorItem, SectionItem};
use crate::check::text::TextContext;
use crate::diagnostic::Diagnostic;
use crate::ir;
use crate::span::{Span, Spanned};
use crate::{check, driver, parse};

/// What an id names. Software and measures are ids within their indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IdKind {
    /// `source 004`, `emprunt 000`, and every citation of it.
    Source,
    /// `section socle`, `complémentaire si socle`, `{nombre socle}`, `{total socle}`.
    Section,
    /// `indicateur x`, `sous-indicateur y de x`.
    Indicator,
    /// `reprend x`: an indicator of an earlier edition.
    Continued,
    /// `accepte x`, `refuse x`.
    Option,
    /// `logiciel x` and `exonération x`.
    Software,
    /// `taux x`, `nombre x`, `constat x`.
    Measure,
    /// `annexe x`.
    Annex,
    /// `ouverture …` and `{ouverture}`.
    Opening,
    /// `clôture …` and `{clôture}`.
    Closing,
    /// `portail "…"` and `{portail}`.
    Portal,
    /// The reference year in the header, and `{N}`, `{N+1}`….
    Year,
}

impl IdKind {
    /// What it is called, in French.
    pub fn words(self) -> &'static str {
        match self {
            IdKind::Source => "source",
            IdKind::Section => "section",
            IdKind::Indicator => "indicateur",
            IdKind::Continued => "indicateur repris d'une autre édition",
            IdKind::Option => "option",
            IdKind::Software => "logiciel",
            IdKind::Measure => "mesure",
            IdKind::Annex => "annexe",
            IdKind::Opening => "ouverture de la déclaration",
            IdKind::Closing => "clôture de la déclaration",
            IdKind::Portal => "portail",
            IdKind::Year => "année de référence",
        }
    }

    /// The kind whose definitions a reference of this kind goes to.
    pub fn defined_as(self) -> IdKind {
        match self {
            IdKind::Continued => IdKind::Indicator,
            other => other,
        }
    }
}

/// One place where an id stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// What it names.
    pub kind: IdKind,
    /// The id (for the window, the portal and the year: the keyword).
    pub name: String,
    /// The indicator it belongs to, for software and measures.
    pub scope: Option<String>,
    /// Where.
    pub span: Span,
    /// Whether this is where it is defined.
    pub definition: bool,
}

impl Occurrence {
    /// Whether `other` names the same thing (a `reprend` names an indicator).
    pub fn same_target(&self, other: &Occurrence) -> bool {
        self.kind.defined_as() == other.kind.defined_as()
            && self.name == other.name
            && self.scope == other.scope
    }
}

/// A statement that hover describes as a whole.
#[derive(Clone, Copy, Debug)]
pub enum Statement<'a> {
    /// The header `édition …`.
    Edition(&'a ast::Edition),
    /// A seed.
    Source(&'a ast::Source, Option<&'a ast::Text>),
    /// A section's header.
    Section(&'a ast::Section),
    /// An indicator's header.
    Indicator(&'a ast::Indicator),
    /// `montant`, `total`, `total maximal`, `valeur du point`.
    Amount(&'a ast::AmountValue),
    /// `seuil …`.
    Threshold(&'a ast::Threshold),
    /// An option of a list.
    Option(&'a ast::ChoiceOption),
}

/// What stands at a place of the document.
#[derive(Clone, Copy, Debug)]
pub enum Node<'a> {
    /// An id.
    Id(&'a Occurrence),
    /// `[004 §1.4]`.
    Citation(&'a ast::Citation),
    /// A quoted text or prose.
    Text(&'a ast::Text),
    /// `{…}` inside a text: the span of the braces, and what is between them.
    Placeholder(Span, &'a str),
    /// `31/12/N`.
    Date(&'a ast::Date),
    /// A statement, at its span.
    Statement(Span, Statement<'a>),
}

/// A document analysed.
#[derive(Debug)]
pub struct Analysis {
    /// Its text.
    pub text: String,
    /// Its syntax tree, when it parses.
    pub file: Option<ast::File>,
    /// What the parser and the checker found.
    pub diagnostics: Vec<Diagnostic>,
    /// The checked edition, when there is no error.
    pub edition: Option<ir::Edition>,
    /// What placeholders stand for, when it parses.
    pub context: Option<TextContext>,
    /// Every id, in source order.
    pub occurrences: Vec<Occurrence>,
}

impl Analysis {
    /// Parses and checks `text`; `path` is the file's name, checked against the header.
    pub fn new(text: String, path: Option<&str>) -> Analysis {
        let checked = driver::check_source(&text, path);
        let file = parse::parse(&text).ok();
        let context = file.as_ref().map(|f| check::text_context(f, &text));
        let occurrences = file
            .as_ref()
            .map(|f| occurrences(f, &text))
            .unwrap_or_default();
        Analysis {
            file,
            diagnostics: checked.diagnostics,
            edition: checked.edition,
            context,
            occurrences,
            text,
        }
    }

    /// Every node of the document whose span holds `offset` (its end included), smallest first.
    pub fn nodes_at(&self, offset: usize) -> Vec<Node<'_>> {
        let mut found: Vec<(Span, Node<'_>)> = Vec::new();
        for occurrence in &self.occurrences {
            if holds(occurrence.span, offset) {
                found.push((occurrence.span, Node::Id(occurrence)));
            }
        }
        if let Some(file) = &self.file {
            walk(file, &mut |span, node| {
                if holds(span, offset) {
                    found.push((span, node));
                }
            });
            for (span, inner) in placeholders_in(file, &self.text) {
                if holds(span, offset) {
                    found.push((span, Node::Placeholder(span, inner)));
                }
            }
        }
        // Smallest first; at equal spans a placeholder (its value), then an id, then the rest.
        found.sort_by_key(|(span, node)| {
            let rank = match node {
                Node::Placeholder(..) => 0,
                Node::Id(_) => 1,
                _ => 2,
            };
            (span.len(), rank)
        });
        found.into_iter().map(|(_, node)| node).collect()
    }

    /// The id at `offset`, if any.
    pub fn occurrence_at(&self, offset: usize) -> Option<&Occurrence> {
        self.occurrences
            .iter()
            .filter(|o| holds(o.span, offset))
            .min_by_key(|o| o.span.len())
    }
}

fn holds(span: Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

/// Every `{…}` of the texts of `file`, with the span of the braces and what is between them.
fn placeholders_in<'a>(file: &ast::File, source: &'a str) -> Vec<(Span, &'a str)> {
    let mut out = Vec::new();
    walk(file, &mut |span, node| {
        if let Node::Text(_) = node {
            out.extend(placeholder_spans(source, span));
        }
    });
    out
}

/// The `{…}` written within `span` of `source`.
pub fn placeholder_spans(source: &str, span: Span) -> Vec<(Span, &str)> {
    let mut out = Vec::new();
    let Some(slice) = source.get(span.start..span.end) else {
        return out;
    };
    let mut from = 0;
    while let Some(open) = slice.get(from..).and_then(|s| s.find('{')) {
        let open = from + open;
        let Some(close) = slice.get(open..).and_then(|s| s.find(['}', '\n'])) else {
            break;
        };
        let close = open + close;
        if slice.get(close..close + 1) == Some("}") {
            let inner = slice.get(open + 1..close).unwrap_or("");
            out.push((Span::new(span.start + open, span.start + close + 1), inner));
        }
        from = close + 1;
    }
    out
}

/// Calls `f` on every citation, text, date and described statement of `file`, with its span.
pub fn walk<'a>(file: &'a ast::File, f: &mut impl FnMut(Span, Node<'a>)) {
    let edition = &file.edition;
    f(
        edition.header_span,
        Node::Statement(edition.header_span, Statement::Edition(edition)),
    );
    for item in &edition.items {
        match item {
            EditionItem::Title(t, c, _)
            | EditionItem::Convention(t, c, _)
            | EditionItem::Payment(t, c, _)
            | EditionItem::Sworn(t, c, _) => {
                text(t, f);
                citation(c, f);
            }
            EditionItem::Source(s) => {
                f(s.span, Node::Statement(s.span, Statement::Source(s, None)));
                text(&s.file, f);
                text(&s.title, f);
            }
            EditionItem::Borrow(s, reason) => {
                f(
                    s.span,
                    Node::Statement(s.span, Statement::Source(s, Some(reason))),
                );
                text(&s.file, f);
                text(&s.title, f);
                text(reason, f);
            }
            EditionItem::PointValue(_, c, span) => {
                citation(c, f);
                let _ = span;
            }
            EditionItem::Unit(_) => {}
            EditionItem::Assessment(d, _, c, _) => {
                date(d, f);
                citation(c, f);
            }
            EditionItem::Opening(d, _, c, _) | EditionItem::Closing(d, _, _, c, _) => {
                if let ast::DateSpec::Exact(d) | ast::DateSpec::Early(d) = d {
                    date(d, f);
                }
                citation(c, f);
            }
            EditionItem::Portal(t, _) | EditionItem::Programme(t, _) => text(t, f),
            EditionItem::Profession(plural, singular, _) => {
                text(plural, f);
                if let Some(singular) = singular {
                    text(singular, f);
                }
            }
            EditionItem::Online(m, b, c, _) => {
                text(m, f);
                if let Some(b) = b {
                    text(b, f);
                }
                citation(c, f);
            }
            EditionItem::Paper(h, r, c, _) => {
                text(h, f);
                text(r, f);
                citation(c, f);
            }
            EditionItem::PaperUnknown(reason, c, _) => {
                text(reason, f);
                citation(c, f);
            }
            EditionItem::Identification(field) => {
                text(&field.label, f);
                citation(&field.citation, f);
            }
            EditionItem::MaxTotal(v, c, span) => {
                f(*span, Node::Statement(*span, Statement::Amount(v)));
                citation(c, f);
            }
            EditionItem::ActSchema(schema) => {
                citation(&schema.citation, f);
                for field in &schema.fields {
                    text(&field.label, f);
                    citation(&field.citation, f);
                    if let ast::ActFieldKind::List { values, except, .. } = &field.kind {
                        for (_, words) in values {
                            text(words, f);
                        }
                        if let Some(except) = except {
                            text(except, f);
                        }
                    }
                }
                if let Some((_, c)) = &schema.first_claim {
                    citation(c, f);
                }
            }
            EditionItem::Section(s) => section(s, f),
            EditionItem::Annex(a) => {
                text(&a.title, f);
                citation(&a.citation, f);
                text(&a.text, f);
            }
            EditionItem::Prose(p) => prose(p, f),
        }
    }
}

fn text<'a>(t: &'a ast::Text, f: &mut impl FnMut(Span, Node<'a>)) {
    f(t.span, Node::Text(t));
}

fn citation<'a>(c: &'a Option<ast::Citation>, f: &mut impl FnMut(Span, Node<'a>)) {
    if let Some(c) = c {
        f(c.span, Node::Citation(c));
    }
}

fn date<'a>(d: &'a ast::Date, f: &mut impl FnMut(Span, Node<'a>)) {
    f(d.span, Node::Date(d));
}

fn prose<'a>(p: &'a ast::Prose, f: &mut impl FnMut(Span, Node<'a>)) {
    if let ast::ProseKind::Case(title) = &p.kind {
        text(title, f);
    }
    text(&p.text, f);
    citation(&p.citation, f);
}

fn amount<'a>(a: &'a ast::AmountStmt, f: &mut impl FnMut(Span, Node<'a>)) {
    match &a.value {
        Ok(value) => f(a.span, Node::Statement(a.span, Statement::Amount(value))),
        Err(reason) => text(reason, f),
    }
    citation(&a.citation, f);
}

fn section<'a>(s: &'a ast::Section, f: &mut impl FnMut(Span, Node<'a>)) {
    f(
        s.header_span,
        Node::Statement(s.header_span, Statement::Section(s)),
    );
    text(&s.title, f);
    citation(&s.citation, f);
    for item in &s.items {
        match item {
            SectionItem::Amount(a) => amount(a, f),
            SectionItem::Total(v, c, span) => {
                f(*span, Node::Statement(*span, Statement::Amount(v)));
                citation(c, f);
            }
            SectionItem::UnknownRest(t, c, _) => {
                text(t, f);
                citation(c, f);
            }
            SectionItem::OptionalShare(v, span) => {
                f(*span, Node::Statement(*span, Statement::Amount(v)));
            }
            SectionItem::Indicator(i) | SectionItem::SubIndicator(i) => indicator(i, f),
            SectionItem::Prose(p) => prose(p, f),
        }
    }
}

fn threshold<'a>(t: &'a ast::Threshold, f: &mut impl FnMut(Span, Node<'a>)) {
    f(t.span, Node::Statement(t.span, Statement::Threshold(t)));
    citation(&t.citation, f);
}

fn indicator<'a>(i: &'a ast::Indicator, f: &mut impl FnMut(Span, Node<'a>)) {
    f(
        i.header_span,
        Node::Statement(i.header_span, Statement::Indicator(i)),
    );
    text(&i.title, f);
    citation(&i.citation, f);
    for item in &i.items {
        match item {
            IndicatorItem::Number(_) => {}
            IndicatorItem::Kind(_, c) => citation(c, f),
            IndicatorItem::Amount(a) => amount(a, f),
            IndicatorItem::Continues(_, _, reason, c, _) => {
                if let Some(reason) = reason {
                    text(reason, f);
                }
                citation(c, f);
            }
            IndicatorItem::Deadline(_, c, _) | IndicatorItem::Optional(_, c, _) => citation(c, f),
            IndicatorItem::Question(t, c, _)
            | IndicatorItem::FreeText(t, _, c, _)
            | IndicatorItem::Software(_, t, c, _)
            | IndicatorItem::Finding(_, t, c, _)
            | IndicatorItem::Neutralised(t, c, _)
            | IndicatorItem::Exemption(_, t, c, _) => {
                text(t, f);
                citation(c, f);
            }
            IndicatorItem::Choice(choice) => {
                text(&choice.label, f);
                citation(&choice.citation, f);
                for option in &choice.options {
                    f(
                        option.span,
                        Node::Statement(option.span, Statement::Option(option)),
                    );
                    text(&option.label, f);
                    citation(&option.citation, f);
                }
            }
            IndicatorItem::Rate(rate) => {
                text(&rate.label, f);
                citation(&rate.citation, f);
                for (_, c, _) in rate.numerator.iter().chain(&rate.denominator) {
                    citation(c, f);
                }
                for exclusion in &rate.exclusions {
                    text(&exclusion.label, f);
                    citation(&exclusion.citation, f);
                }
                for period in &rate.periods {
                    citation(&period.citation, f);
                }
                for t in &rate.thresholds {
                    threshold(t, f);
                }
            }
            IndicatorItem::Count(count) => {
                text(&count.label, f);
                citation(&count.citation, f);
                for t in &count.thresholds {
                    threshold(t, f);
                }
            }
            IndicatorItem::Prefill(t, otherwise, c, _) => {
                text(t, f);
                if let Some(o) = otherwise {
                    text(o, f);
                }
                citation(c, f);
            }
            IndicatorItem::Evidence(e) => {
                if let ast::EvidenceKind::Document(t) = &e.kind {
                    text(t, f);
                }
                citation(&e.citation, f);
                for (_, c) in &e.when {
                    citation(c, f);
                }
                for (texts, c) in &e.shows {
                    for t in texts {
                        text(t, f);
                    }
                    citation(c, f);
                }
                for (t, c) in &e.validity {
                    text(t, f);
                    citation(c, f);
                }
                for c in e.validated_on_receipt.iter().chain(&e.kept_for_control) {
                    citation(c, f);
                }
            }
            IndicatorItem::SubIndicator(sub) => indicator(sub, f),
            IndicatorItem::Prose(p) => prose(p, f),
        }
    }
}

/// Every id of `file`, defined or referred to, in source order.
pub fn occurrences(file: &ast::File, source: &str) -> Vec<Occurrence> {
    let mut out = Vec::new();
    let edition = &file.edition;
    let mut push = |kind: IdKind, name: &str, span: Span, definition: bool, scope: Option<&str>| {
        out.push(Occurrence {
            kind,
            name: name.to_string(),
            scope: scope.map(str::to_string),
            span,
            definition,
        });
    };
    push(IdKind::Year, "N", edition.year.span, true, None);
    for item in &edition.items {
        match item {
            EditionItem::Source(s) | EditionItem::Borrow(s, _) => {
                push(IdKind::Source, &s.id.node, s.id.span, true, None);
            }
            EditionItem::Opening(_, _, _, span) => {
                push(
                    IdKind::Opening,
                    "ouverture",
                    keyword(*span, "ouverture"),
                    true,
                    None,
                );
            }
            EditionItem::Closing(_, _, _, _, span) => {
                push(
                    IdKind::Closing,
                    "clôture",
                    keyword(*span, "clôture"),
                    true,
                    None,
                );
            }
            EditionItem::Portal(_, span) => {
                push(
                    IdKind::Portal,
                    "portail",
                    keyword(*span, "portail"),
                    true,
                    None,
                );
            }
            EditionItem::Section(s) => {
                push(IdKind::Section, &s.id.node, s.id.span, true, None);
                if let ast::Gating::Complementary(id) = &s.gating.node {
                    push(IdKind::Section, &id.node, id.span, false, None);
                }
                for item in &s.items {
                    if let SectionItem::Indicator(i) | SectionItem::SubIndicator(i) = item {
                        indicator_ids(i, &mut push);
                    }
                }
            }
            EditionItem::Annex(a) => push(IdKind::Annex, &a.id.node, a.id.span, true, None),
            _ => {}
        }
    }
    let citations = {
        let mut c = Vec::new();
        walk(file, &mut |_, node| {
            if let Node::Citation(citation) = node {
                c.push(citation.source.clone());
            }
        });
        c
    };
    for source_id in citations {
        push(IdKind::Source, &source_id.node, source_id.span, false, None);
    }
    for (span, inner) in placeholders_in(file, source) {
        let trimmed = inner.trim();
        let lead = inner.len() - inner.trim_start().len();
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        match words.as_slice() {
            ["nombre", section, ..] | ["total", section] => {
                if let Some(at) = trimmed.find(section) {
                    let start = span.start + 1 + lead + at;
                    push(
                        IdKind::Section,
                        section,
                        Span::new(start, start + section.len()),
                        false,
                        None,
                    );
                }
            }
            ["ouverture"] => push(IdKind::Opening, "ouverture", span, false, None),
            ["clôture"] => push(IdKind::Closing, "clôture", span, false, None),
            ["portail"] => push(IdKind::Portal, "portail", span, false, None),
            _ if check::text::relative_year(trimmed).is_some() => {
                push(IdKind::Year, "N", span, false, None);
            }
            _ => {}
        }
    }
    out.sort_by_key(|o| o.span.start);
    out
}

/// The span of the statement's first word when it is `word`, else the statement's.
fn keyword(span: Span, word: &str) -> Span {
    Span::new(span.start, span.start + word.len()).clamp_within(span)
}

trait Clamp {
    fn clamp_within(self, outer: Span) -> Span;
}

impl Clamp for Span {
    fn clamp_within(self, outer: Span) -> Span {
        Span::new(self.start.max(outer.start), self.end.min(outer.end))
    }
}

fn indicator_ids(
    i: &ast::Indicator,
    push: &mut impl FnMut(IdKind, &str, Span, bool, Option<&str>),
) {
    push(IdKind::Indicator, &i.id.node, i.id.span, true, None);
    if let Some(parent) = &i.parent {
        push(IdKind::Indicator, &parent.node, parent.span, false, None);
    }
    let scope = Some(i.id.node.as_str());
    let mut scoped = |kind: IdKind, id: &Spanned<String>, definition: bool| {
        let scope = if kind == IdKind::Continued {
            None
        } else {
            scope
        };
        push(kind, &id.node, id.span, definition, scope);
    };
    let mut subs = Vec::new();
    for item in &i.items {
        match item {
            IndicatorItem::Continues(ids, ..) => {
                for id in ids {
                    scoped(IdKind::Continued, id, false);
                }
            }
            IndicatorItem::Software(id, ..) => scoped(IdKind::Software, id, true),
            IndicatorItem::Exemption(id, ..) if id.node != "tout" => {
                scoped(IdKind::Software, id, false);
            }
            IndicatorItem::Choice(choice) => {
                for option in &choice.options {
                    scoped(IdKind::Option, &option.id, true);
                }
            }
            IndicatorItem::Rate(ast::Rate { id, .. })
            | IndicatorItem::Count(ast::Count { id, .. })
            | IndicatorItem::Finding(id, ..) => scoped(IdKind::Measure, id, true),
            IndicatorItem::SubIndicator(sub) => subs.push(sub),
            _ => {}
        }
    }
    for sub in subs {
        indicator_ids(sub, push);
    }
}
