//! Checking: the AST resolved into the IR, with every inconsistency reported as a diagnostic.
//!
//! One walk over the edition resolves years, amounts, texts, conditions and
//! provenance; the submodules hold each family of rules. All diagnostics are
//! collected; the IR is returned only when there is no error.

mod amounts;
mod conditions;
mod dates;
mod gating;
mod optional;
mod scales;
mod shares;
pub mod text;

/// Old path of `wording::amount_in_words`, kept only for `interpret`, `case` and `emit_rust` until they switch.
pub use crate::wording::amount_in_words;
pub use amounts::amount_as_written;

use crate::ast::{self, EditionItem, IndicatorItem, SectionItem};
use crate::diagnostic::Diagnostic;
use crate::i18n::Msg;
use crate::ir::{self, Amount, AmountSpec, Fact, Provenance};
use crate::msg;
use crate::span::Span;
use crate::wording;
use std::collections::{BTreeMap, BTreeSet};
use text::TextContext;

/// What checking a spec gives: the IR when there is no error, and every diagnostic.
#[derive(Debug)]
pub struct Checked {
    /// The edition, when there is no error.
    pub edition: Option<ir::Edition>,
    /// Errors and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks a parsed spec. `source` is its text (for placing diagnostics inside
/// texts), `path` its file name (checked against the header) when known.
pub fn check(file: &ast::File, source: &str, path: Option<&str>) -> Checked {
    let mut checker = Checker::new(&file.edition, source);
    let edition = checker.edition(&file.edition, path);
    let mut diagnostics = checker.diagnostics;
    review_markers(source, &mut diagnostics);
    text::control_characters(source, &mut diagnostics);
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    let has_error = diagnostics.iter().any(Diagnostic::is_error);
    Checked {
        edition: if has_error { None } else { edition },
        diagnostics,
    }
}

/// What the placeholders of a parsed spec stand for (the year, the portal, the window, each
/// section's counts and total), gathered as [`check`] gathers them, even when the spec has errors:
/// what an editor shows a text resolved to.
pub fn text_context(file: &ast::File, source: &str) -> TextContext {
    let mut checker = Checker::new(&file.edition, source);
    let _ = checker.edition(&file.edition, None);
    checker.context
}

/// W0801: every `// À REVOIR (new-year):` comment that `guidec new-year` wrote and the author has
/// not removed yet, so that `check` does not say "0 warnings" on a spec still to be reviewed.
fn review_markers(source: &str, diagnostics: &mut Vec<Diagnostic>) {
    let Ok(tokens) = crate::format::lex(source) else {
        return;
    };
    for token in tokens {
        if token.kind != crate::format::TokenKind::Comment {
            continue;
        }
        let Some(rest) = token.text.strip_prefix(crate::new_year::MARKER) else {
            continue;
        };
        let text = token.text.trim_end();
        diagnostics.push(
            Diagnostic::warning(
                "W0801",
                Span::new(token.start, token.start + text.len()),
                msg!("w0801-review-marker", what = rest.trim()),
            )
            .with_help(msg!("w0801-help-review")),
        );
    }
}

struct SourceInfo {
    file: String,
    borrowed: bool,
}

/// A `papier` statement as written: its text and return address, or (`papier inconnu`) its
/// reason; and its citation.
type PaperItem<'a> = (
    Result<(&'a ast::Text, &'a ast::Text), &'a ast::Text>,
    &'a Option<ast::Citation>,
);

/// One `reprend`: which old id, by which indicator, whether it says `en partie`.
struct Continued {
    old: String,
    by: String,
    split: bool,
    span: Span,
}

struct Checker<'a> {
    source: &'a str,
    /// Where indicators start whose `montant` was written but not resolved (its diagnostic
    /// given): no E0204 for them as well.
    unresolved_amounts: std::collections::BTreeSet<usize>,
    /// Every `reprend`, in the spec's order, for E0107.
    continued: Vec<Continued>,
    diagnostics: Vec<Diagnostic>,
    year: i32,
    sources: BTreeMap<String, SourceInfo>,
    unit: ir::Unit,
    context: TextContext,
    indicator_ids: BTreeMap<String, Span>,
    /// Every top-level indicator id with its section, read from the AST before checking.
    top_level: BTreeMap<String, String>,
    /// Every section id, read from the AST before checking.
    section_names: BTreeSet<String>,
    /// The edition's act schema, resolved before its sections.
    acts: Option<ir::ActSchema>,
    /// The edition declares an act schema that has errors: conditions on acts are not checked
    /// again against it (one mistake, one diagnostic).
    acts_failed: bool,
}

/// Takes the only item of a statement that may appear once; a repeat is E0105.
fn single<T: Clone>(
    items: &[(T, Span)],
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    if let [(_, first), rest @ ..] = items {
        for (_, span) in rest {
            diagnostics.push(
                Diagnostic::error(
                    "E0105",
                    *span,
                    msg!("e0105-given-more-than-once", what = what),
                )
                .with_label(*first, msg!("e0105-label-first-given-here"))
                .with_help(msg!("e0105-help-keep-one-block-states")),
            );
        }
    }
    items.first().map(|(item, _)| item.clone())
}

impl<'a> Checker<'a> {
    fn new(edition: &ast::Edition, source: &'a str) -> Self {
        let year = i32::try_from(edition.year.node).unwrap_or(0);
        Checker {
            unresolved_amounts: std::collections::BTreeSet::new(),
            source,
            continued: Vec::new(),
            diagnostics: Vec::new(),
            year,
            sources: BTreeMap::new(),
            unit: ir::Unit::Euros,
            context: TextContext {
                year,
                ..TextContext::default()
            },
            indicator_ids: BTreeMap::new(),
            top_level: BTreeMap::new(),
            section_names: BTreeSet::new(),
            acts: None,
            acts_failed: false,
        }
    }

    fn text(&mut self, text: &ast::Text) -> ir::Text {
        text::resolve(
            &text.node,
            text.span,
            self.source,
            &self.context,
            &mut self.diagnostics,
        )
    }

    fn provenance(&mut self, citation: &Option<ast::Citation>) -> Option<Provenance> {
        let citation = citation.as_ref()?;
        match self.sources.get(&citation.source.node) {
            Some(info) => Some(Provenance {
                source: citation.source.node.clone(),
                file: info.file.clone(),
                locator: citation.locator.clone(),
                borrowed: info.borrowed,
            }),
            None => {
                let known = backticked(self.sources.keys());
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0102",
                        citation.source.span,
                        msg!(
                            "e0102-citation-names-source-edition",
                            citation_source = citation.source.node
                        ),
                    )
                    .with_help(
                        if let Some(best) = closest(&citation.source.node, self.sources.keys()) {
                            msg!("help-did-you-mean", word = best)
                        } else if known.is_empty() {
                            msg!("e0102-help-declare-no-sources")
                        } else {
                            msg!("e0102-help-declare-declared-sources", known = known)
                        },
                    ),
                );
                None
            }
        }
    }

    /// The help of W0301: cite a source this spec declares (its own seed before a borrowed one).
    fn cite_help(&self) -> Msg {
        let own = self.sources.iter().find(|(_, info)| !info.borrowed);
        match own.or_else(|| self.sources.iter().next()) {
            Some((id, _)) => msg!("w0301-help-cite", example = format!("[{id} §…]")),
            None => msg!("w0301-help-cite-no-source"),
        }
    }

    fn fact<T>(&mut self, value: T, citation: &Option<ast::Citation>) -> Fact<T> {
        Fact {
            value,
            provenance: self.provenance(citation),
        }
    }

    fn missing(&mut self, span: Span, what: &str, help: Msg) {
        self.diagnostics.push(
            Diagnostic::error("E0104", span, msg!("e0104-missing", what = what)).with_help(help),
        );
    }

    fn edition(&mut self, edition: &ast::Edition, path: Option<&str>) -> Option<ir::Edition> {
        let header = edition.header_span;
        if !(1000..=9999).contains(&edition.year.node) {
            self.diagnostics.push(
                Diagnostic::error(
                    "E0601",
                    edition.year.span,
                    msg!("e0601-reference-year", edition_year = edition.year.node),
                )
                .with_help(msg!("e0601-help-reference-year-n-written")),
            );
            return None;
        }
        if let Some(path) = path {
            self.check_path(edition, path);
        }
        let items = &edition.items;
        // Sources first: citations everywhere refer to them.
        let mut source_list = Vec::new();
        for item in items {
            let (source, borrowed) = match item {
                EditionItem::Source(s) => (s, None),
                EditionItem::Borrow(s, reason) => (s, Some(reason)),
                _ => continue,
            };
            if self.sources.contains_key(&source.id.node) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0101",
                        source.id.span,
                        msg!("e0101-source-declared-twice", source_id = source.id.node),
                    )
                    .with_help(msg!("e0101-help-each-source-id-names")),
                );
                continue;
            }
            self.sources.insert(
                source.id.node.clone(),
                SourceInfo {
                    file: source.file.node.clone(),
                    borrowed: borrowed.is_some(),
                },
            );
            source_list.push((source, borrowed));
        }
        let source_files: Vec<(String, Span)> = source_list
            .iter()
            .map(|(s, _)| (s.file.node.clone(), s.file.span))
            .collect();
        if !source_list.iter().any(|(_, b)| b.is_none()) {
            self.missing(
                header,
                "source",
                msg!("e0104-help-name-seed-edition-encodes"),
            );
        }

        macro_rules! gather {
            ($pattern:pat => $value:expr) => {
                items
                    .iter()
                    .filter_map(|item| match item {
                        $pattern => Some($value),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            };
        }
        let units = gather!(EditionItem::Unit(u) => (&u.node, u.span));
        let point_values = gather!(EditionItem::PointValue(v, c, s) => ((v, c), *s));
        let unit = single(&units, "unité", &mut self.diagnostics).copied();
        let point_value = single(&point_values, "valeur du point", &mut self.diagnostics);
        let mut point_value_provenance = None;
        self.unit = match (unit, point_value) {
            (Some(ast::Unit::Points), Some((value, citation))) => {
                point_value_provenance = self.provenance(citation);
                match amounts::decimal_to_cents(value.node) {
                    Some(cents) if cents > 0 => ir::Unit::Points {
                        point_value_cents: cents,
                    },
                    _ => {
                        self.diagnostics.push(
                            Diagnostic::error(
                                "E0203",
                                value.span,
                                msg!("e0203-value-point-positive-amount"),
                            )
                            .with_help(msg!("e0203-help-write")),
                        );
                        ir::Unit::Points {
                            point_value_cents: 1,
                        }
                    }
                }
            }
            (Some(ast::Unit::Points), None) => {
                self.missing(
                    header,
                    "valeur du point",
                    msg!("e0104-help-edition-points-needs"),
                );
                ir::Unit::Points {
                    point_value_cents: 1,
                }
            }
            (Some(ast::Unit::Euros), Some(_)) | (None, Some(_)) => {
                if let Some((_, span)) = point_values.first() {
                    self.diagnostics.push(
                        Diagnostic::error("E0106", *span, msg!("e0106-edition-points"))
                            .with_help(msg!("e0106-help-declare-remove-point-value")),
                    );
                }
                ir::Unit::Euros
            }
            (Some(ast::Unit::Euros), None) => ir::Unit::Euros,
            (None, None) => {
                self.missing(header, "unité", msg!("e0104-help-say-how-guide-states"));
                ir::Unit::Euros
            }
        };

        // Calendar, before texts: `{ouverture}` and `{clôture}` need it.
        let assessments = gather!(EditionItem::Assessment(d, p, c, s) => ((d, *p, c), *s));
        let assessment = match single(&assessments, "appréciation", &mut self.diagnostics) {
            Some((date, no_prorating, citation)) => {
                let resolved = dates::resolve_date(date, self.year, &mut self.diagnostics);
                let provenance = self.provenance(citation);
                resolved.map(|(d, _)| {
                    (
                        Fact {
                            value: d,
                            provenance,
                        },
                        no_prorating,
                    )
                })
            }
            None => {
                self.missing(
                    header,
                    "appréciation",
                    msg!("e0104-help-say-when-indicators-are"),
                );
                None
            }
        };
        let openings = gather!(EditionItem::Opening(d, p, c, s) => ((d, *p, c), *s));
        let closings = gather!(EditionItem::Closing(d, t, p, c, s) => ((d, *t, *p, c), *s));
        let opening = match single(&openings, "ouverture", &mut self.diagnostics) {
            Some((date, provisional, citation)) => {
                let value = dates::resolve_date_spec(date, self.year, &mut self.diagnostics);
                let provenance = self.provenance(citation);
                value.map(|v| {
                    (
                        Fact {
                            value: v,
                            provenance,
                        },
                        provisional,
                    )
                })
            }
            None => {
                self.missing(
                    header,
                    "ouverture",
                    msg!("e0104-help-give-opening-declaration-window"),
                );
                None
            }
        };
        let closing = match single(&closings, "clôture", &mut self.diagnostics) {
            Some((date, time, provisional, citation)) => {
                let value = dates::resolve_date_spec(date, self.year, &mut self.diagnostics);
                let provenance = self.provenance(citation);
                value.map(|v| {
                    (
                        Fact {
                            value: v,
                            provenance,
                        },
                        time.map(closing_time),
                        provisional,
                    )
                })
            }
            None => {
                self.missing(header, "clôture", msg!("e0104-help-give-deadline"));
                None
            }
        };
        if let (Some((open, _)), Some((close, _, _)), Some((assess, _))) =
            (&opening, &closing, &assessment)
        {
            dates::check_window(
                &open.value,
                &close.value,
                closings.first().map_or(header, |c| c.1),
                openings.first().map_or(header, |o| o.1),
                assess.value,
                &mut self.diagnostics,
            );
        }
        self.context.opening = opening
            .as_ref()
            .map(|(o, _)| dates::in_words(&o.value, None));
        self.context.closing = closing
            .as_ref()
            .map(|(c, t, _)| dates::in_words(&c.value, *t));

        let portals = gather!(EditionItem::Portal(t, s) => (t, *s));
        let portal = match single(&portals, "portail", &mut self.diagnostics) {
            Some(p) => p.node.clone(),
            None => {
                self.missing(header, "portail", msg!("e0104-help-give-portal-s-one"));
                String::new()
            }
        };
        self.context.portal = Some(portal.clone());
        let labels = self.labels(edition, items);

        let sections_ast = gather!(EditionItem::Section(s) => s);
        self.gather_counts(&sections_ast);
        let mut scratch = Vec::new();
        self.context.max_total = items.iter().find_map(|item| match item {
            EditionItem::MaxTotal(value, _, _) => {
                amounts::resolve_amount(value, self.unit, &mut scratch)
            }
            _ => None,
        });

        let sources = source_list
            .into_iter()
            .map(|(s, borrowed)| ir::Source {
                id: s.id.node.clone(),
                file: s.file.node.clone(),
                title: text::resolve_with(
                    &s.title.node,
                    s.title.span,
                    self.source,
                    &self.context,
                    &mut self.diagnostics,
                    false,
                ),
                borrowed_because: borrowed.map(|r| self.text(r)),
            })
            .collect();

        let titles = gather!(EditionItem::Title(t, c, s) => ((t, c), *s));
        let title = match single(&titles, "titre", &mut self.diagnostics) {
            Some((t, _)) => self.text(t),
            None => {
                self.missing(header, "titre", msg!("e0104-help-give-edition-s-title"));
                ir::Text {
                    template: String::new(),
                    resolved: String::new(),
                }
            }
        };
        let conventions = gather!(EditionItem::Convention(t, c, s) => ((t, c), *s));
        let convention = single(&conventions, "convention", &mut self.diagnostics).map(|(t, c)| {
            let value = self.text(t);
            self.fact(value, c)
        });
        let payments = gather!(EditionItem::Payment(t, c, s) => ((t, c), *s));
        let payment = single(&payments, "paiement", &mut self.diagnostics).map(|(t, c)| {
            let value = self.text(t);
            self.fact(value, c)
        });
        let onlines = gather!(EditionItem::Online(m, b, c, s) => ((m, b, c), *s));
        let online = single(&onlines, "en ligne", &mut self.diagnostics).map(|(m, b, c)| {
            let menu = self.text(m);
            let button = b.as_ref().map(|b| self.text(b));
            self.fact(ir::OnlineRoute { menu, button }, c)
        });
        // `papier "…" renvoi "…"` gives the route and its return address; `papier inconnu "…"`
        // says why no source gives them.
        let papers: Vec<(PaperItem<'_>, Span)> = items
            .iter()
            .filter_map(|item| match item {
                EditionItem::Paper(h, r, c, s) => Some(((Ok((h, r)), c), *s)),
                EditionItem::PaperUnknown(reason, c, s) => Some(((Err(reason), c), *s)),
                _ => None,
            })
            .collect();
        let mut paper = None;
        let mut paper_unknown = None;
        match single(&papers, "papier", &mut self.diagnostics) {
            Some((Ok((h, r)), c)) => {
                let how = self.text(h);
                let return_to = self.text(r);
                paper = Some(self.fact(ir::PaperRoute { how, return_to }, c));
            }
            Some((Err(reason), c)) => {
                let value = self.text(reason);
                paper_unknown = Some(self.fact(value, c));
            }
            None => {}
        }
        // The paper form prints where to send it: a paper route with a blank text or return
        // address, and an edition that says how to declare online but neither gives its paper
        // route nor says that no source describes it (`papier inconnu`), are warned about (the
        // form then reads "à renvoyer à votre caisse"). A spec with no route at all (a small
        // example) is not.
        let blank = |t: &ir::Text| t.resolved.trim().is_empty();
        let blank_paper = paper
            .as_ref()
            .is_some_and(|p| blank(&p.value.return_to) || blank(&p.value.how));
        if blank_paper || (online.is_some() && paper.is_none() && paper_unknown.is_none()) {
            self.diagnostics.push(
                Diagnostic::warning("W0303", header, msg!("w0303-no-paper-route"))
                    .with_help(msg!("w0303-help-paper-route")),
            );
        }
        let sworns = gather!(EditionItem::Sworn(t, c, s) => ((t, c), *s));
        let sworn_statement =
            single(&sworns, "attestation", &mut self.diagnostics).map(|(t, c)| {
                let value = self.text(t);
                self.fact(value, c)
            });
        let max_totals = gather!(EditionItem::MaxTotal(v, c, s) => ((v, c), *s));
        let stated_max =
            single(&max_totals, "total maximal", &mut self.diagnostics).and_then(|(v, c)| {
                let amount = amounts::resolve_amount(v, self.unit, &mut self.diagnostics)?;
                Some((self.fact(amount, c), v.span))
            });

        let schemas = gather!(EditionItem::ActSchema(a) => (a, a.span));
        if let Some(schema) = single(&schemas, "actes", &mut self.diagnostics) {
            let mut diagnostics = std::mem::take(&mut self.diagnostics);
            let year = self.year;
            let acts = conditions::resolve_schema(
                schema,
                &mut |citation| self.provenance(citation),
                year,
                &mut diagnostics,
            );
            self.acts_failed = acts.is_none();
            self.acts = acts;
            diagnostics.append(&mut self.diagnostics);
            self.diagnostics = diagnostics;
        }

        let mut sections: Vec<ir::Section> = Vec::new();
        let mut section_ids: BTreeMap<String, Span> = BTreeMap::new();
        for section in &sections_ast {
            if let Some(first) = section_ids.get(&section.id.node) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0101",
                        section.id.span,
                        msg!("e0101-section-declared-twice", section_id = section.id.node),
                    )
                    .with_label(*first, msg!("e0101-label-first-declared-here"))
                    .with_help(msg!("e0101-help-give-each-section-own")),
                );
                continue;
            }
            section_ids.insert(section.id.node.clone(), section.id.span);
            if let Some(s) = self.section(section) {
                sections.push(s);
            }
        }
        gating::check_gating(&sections, &mut self.diagnostics);

        let declares_something = sections
            .iter()
            .flat_map(|s| s.all_indicators())
            .any(|(_, i)| i.kind != ir::Kind::Automated);
        if declares_something && sworn_statement.is_none() {
            self.missing(
                header,
                "attestation",
                msg!("e0104-help-form-edition-declared-indicators"),
            );
        }

        let annexes_ast = gather!(EditionItem::Annex(a) => a);
        let mut annex_ids = BTreeSet::new();
        let mut annexes = Vec::new();
        for annex in annexes_ast {
            if !annex_ids.insert(annex.id.node.clone()) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0101",
                        annex.id.span,
                        msg!("e0101-annex-declared-twice", annex_id = annex.id.node),
                    )
                    .with_help(msg!("e0101-help-give-each-annex-own")),
                );
            }
            let title = self.text(&annex.title);
            let body = self.text(&annex.text);
            let provenance = self.provenance(&annex.citation);
            annexes.push(ir::Annex {
                id: annex.id.node.clone(),
                title,
                provenance,
                text: body,
            });
        }
        let prose_ast = gather!(EditionItem::Prose(p) => p);
        let prose = prose_ast.into_iter().map(|p| self.prose(p)).collect();
        self.check_continued();
        if annexes.is_empty() {
            for section in &sections_ast {
                self.annex_mentions(section);
            }
        }
        if let Some(path) = path {
            self.source_files(&source_files, path);
        }

        let edition_ir = ir::Edition {
            programme: edition.programme.node.clone(),
            profession: edition.profession.node.clone(),
            year: self.year,
            title,
            sources,
            convention,
            unit: self.unit,
            point_value_provenance,
            assessment: assessment.as_ref().map(|(a, _)| a.clone())?,
            no_prorating: assessment.as_ref().is_some_and(|(_, n)| *n),
            window: ir::Window {
                opening: opening.as_ref().map(|(o, _)| o.clone())?,
                opening_provisional: opening.as_ref().is_some_and(|(_, p)| *p),
                closing: closing.as_ref().map(|(c, _, _)| c.clone())?,
                closing_time: closing.as_ref().and_then(|(_, t, _)| *t),
                closing_provisional: closing.as_ref().is_some_and(|(_, _, p)| *p),
            },
            payment,
            portal,
            labels,
            online,
            paper,
            paper_unknown,
            sworn_statement,
            stated_max_total: stated_max.as_ref().map(|(f, _)| f.clone()),
            acts: self.acts.clone(),
            sections,
            annexes,
            prose,
        };
        if let Some((stated, span)) = stated_max {
            amounts::check_total(
                stated.value,
                edition_ir.max_total(),
                span,
                msg!("e0202-what-sections"),
                &mut self.diagnostics,
            );
        }
        Some(edition_ir)
    }

    /// The programme's and the profession's names as the pages write them; made from the ids
    /// (`mon_metier` → `Mon metier`) when the spec does not state them.
    fn labels(&mut self, edition: &ast::Edition, items: &[EditionItem]) -> ir::Labels {
        let programmes: Vec<(String, Span)> = items
            .iter()
            .filter_map(|item| match item {
                EditionItem::Programme(t, s) => Some((t.node.clone(), *s)),
                _ => None,
            })
            .collect();
        let professions: Vec<((String, Option<String>), Span)> = items
            .iter()
            .filter_map(|item| match item {
                EditionItem::Profession(plural, singular, s) => Some((
                    (
                        plural.node.clone(),
                        singular.as_ref().map(|t| t.node.clone()),
                    ),
                    *s,
                )),
                _ => None,
            })
            .collect();
        let from_id = |id: &str| {
            let words = id.replace('_', " ");
            let mut chars = words.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => words,
            }
        };
        let programme = single(&programmes, "programme", &mut self.diagnostics)
            .unwrap_or_else(|| from_id(&edition.programme.node));
        let (profession, profession_singular) =
            match single(&professions, "profession", &mut self.diagnostics) {
                Some((plural, singular)) => {
                    let singular = singular.unwrap_or_else(|| plural.to_lowercase());
                    (plural, singular)
                }
                None => {
                    let shown = from_id(&edition.profession.node);
                    let singular = shown.to_lowercase();
                    (shown, singular)
                }
            };
        let mut identification: Vec<ir::IdentificationField> = Vec::new();
        let mut identification_ids: BTreeMap<String, Span> = BTreeMap::new();
        for item in items {
            let EditionItem::Identification(field) = item else {
                continue;
            };
            let id = &field.id.node;
            let reserved = ir::COMMON_IDENTIFICATION.iter().any(|common| common == id);
            if reserved || identification_ids.contains_key(id) {
                let mut diagnostic = Diagnostic::error(
                    "E0101",
                    field.id.span,
                    msg!("e0101-identification-declared-twice", field_id = id),
                )
                .with_help(msg!(
                    "e0101-help-identification-common",
                    common = backticked(
                        ir::COMMON_IDENTIFICATION
                            .iter()
                            .map(|c| (*c).to_string())
                            .collect::<Vec<_>>()
                            .iter()
                    )
                ));
                if let Some(first) = identification_ids.get(id) {
                    diagnostic =
                        diagnostic.with_label(*first, msg!("e0101-label-first-declared-here"));
                }
                self.diagnostics.push(diagnostic);
                continue;
            }
            identification_ids.insert(id.clone(), field.id.span);
            if let Some(digits) = field.digits.as_ref().filter(|d| {
                usize::try_from(d.node)
                    .map_or(true, |d| !(1..=ir::MAX_IDENTIFICATION_DIGITS).contains(&d))
            }) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0301",
                        digits.span,
                        msg!("e0301-identification-digits", digits = digits.node),
                    )
                    .with_help(msg!(
                        "e0301-help-identification-digits",
                        most = ir::MAX_IDENTIFICATION_DIGITS
                    )),
                );
            }
            let label = self.text(&field.label);
            let _ = self.provenance(&field.citation);
            identification.push(ir::IdentificationField {
                id: id.clone(),
                label,
                digits: field
                    .digits
                    .as_ref()
                    .and_then(|d| usize::try_from(d.node).ok())
                    .map(|d| d.clamp(1, ir::MAX_IDENTIFICATION_DIGITS)),
            });
        }
        ir::Labels {
            programme,
            profession,
            profession_singular,
            identification,
        }
    }

    /// E0107: two indicators that continue the same old one, unless each says `reprend … en
    /// partie` (the old one is split between them).
    fn check_continued(&mut self) {
        let continued = std::mem::take(&mut self.continued);
        for (k, later) in continued.iter().enumerate() {
            let Some(first) = continued[..k]
                .iter()
                .find(|c| c.old == later.old && c.by != later.by)
            else {
                continue;
            };
            if first.split && later.split {
                continue;
            }
            self.diagnostics.push(
                Diagnostic::error(
                    "E0107",
                    later.span,
                    msg!(
                        "e0107-continued-twice",
                        old = later.old,
                        first = first.by,
                        later = later.by
                    ),
                )
                .with_label(first.span, msg!("e0107-label-first-continues"))
                .with_help(msg!(
                    "e0107-help-split",
                    old = later.old,
                    first = first.by,
                    later = later.by
                )),
            );
        }
    }

    /// W0305: evidence that points to an annex ("modèle en annexe 1") in an edition that
    /// declares none.
    fn annex_mentions(&mut self, section: &ast::Section) {
        fn texts_of<'t>(indicator: &'t ast::Indicator, out: &mut Vec<&'t ast::Text>) {
            for item in &indicator.items {
                match item {
                    IndicatorItem::Evidence(evidence) => {
                        if let ast::EvidenceKind::Document(label) = &evidence.kind {
                            out.push(label);
                        }
                        out.extend(evidence.shows.iter().flat_map(|(texts, _)| texts));
                        out.extend(evidence.validity.iter().map(|(text, _)| text));
                    }
                    IndicatorItem::SubIndicator(sub) => texts_of(sub, out),
                    _ => {}
                }
            }
        }
        let mut texts = Vec::new();
        for item in &section.items {
            if let SectionItem::Indicator(i) | SectionItem::SubIndicator(i) = item {
                texts_of(i, &mut texts);
            }
        }
        for text in texts {
            let lower = text.node.to_lowercase();
            let Some(at) = lower.find("annexe") else {
                continue;
            };
            // `to_lowercase` keeps the byte length of "annexe" (ASCII); the word is found
            // again in the source for its span.
            let word = text.node.get(at..at + "annexe".len()).unwrap_or("annexe");
            let span = text::locate_nth(self.source, text.span, word, 0);
            self.diagnostics.push(
                Diagnostic::warning(
                    "W0305",
                    span,
                    msg!("w0305-annex-not-declared", written = text.node.trim()),
                )
                .with_help(msg!("w0305-help-declare-annex")),
            );
        }
    }

    /// W0304: a `source` or `emprunt` file that is in no seeds or editions folder found from the
    /// spec's path (`crate::source_files`). When no such folder is found at all (a clone
    /// without the source guides), nothing is said: there is nothing to compare with.
    fn source_files(&mut self, files: &[(String, Span)], path: &str) {
        let folders = crate::source_files::folders(std::path::Path::new(path));
        if folders.is_empty() {
            return;
        }
        for (file, span) in files {
            if crate::source_files::find_in(&folders, file).is_some() {
                continue;
            }
            let shown = folders
                .iter()
                .map(|f| format!("`{}`", f.display()))
                .collect::<Vec<_>>()
                .join(", ");
            self.diagnostics.push(
                Diagnostic::warning(
                    "W0304",
                    *span,
                    msg!("w0304-source-file-not-found", file = file),
                )
                .with_help(msg!("w0304-help-source-folders", folders = shown)),
            );
        }
    }

    fn check_path(&mut self, edition: &ast::Edition, path: &str) {
        let expected = format!(
            "{}/{}-{}.guide",
            edition.programme.node, edition.profession.node, edition.year.node
        );
        let normalised = path.replace('\\', "/");
        if normalised != expected && !normalised.ends_with(&format!("/{expected}")) {
            self.diagnostics.push(
                Diagnostic::warning(
                    "W0302",
                    edition.header_span,
                    msg!("w0302-edition-belongs", expected = expected, path = path),
                )
                .with_help(msg!("w0302-help-name-file-after-programme")),
            );
        }
    }

    /// Counts and totals of each section, for `{nombre …}` and `{total …}`.
    fn gather_counts(&mut self, sections: &[&ast::Section]) {
        for section in sections {
            self.section_names.insert(section.id.node.clone());
            let mut counts = (0, 0, 0);
            for item in &section.items {
                if let SectionItem::Indicator(indicator) = item {
                    self.top_level
                        .entry(indicator.id.node.clone())
                        .or_insert_with(|| section.id.node.clone());
                    counts.0 += 1;
                    let kind = indicator.items.iter().find_map(|i| match i {
                        IndicatorItem::Kind(k, _) => Some(k.node),
                        _ => None,
                    });
                    match kind {
                        Some(ast::Kind::Automated) => counts.2 += 1,
                        Some(_) => counts.1 += 1,
                        None => {}
                    }
                }
            }
            self.context
                .section_counts
                .insert(section.id.node.clone(), counts);
            let mut scratch = Vec::new();
            let stated = section.items.iter().find_map(|item| match item {
                SectionItem::Total(value, _, _)
                | SectionItem::Amount(ast::AmountStmt {
                    value: Ok(value), ..
                }) => amounts::resolve_amount(value, self.unit, &mut scratch),
                _ => None,
            });
            let total = stated.or_else(|| {
                section
                    .items
                    .iter()
                    .filter_map(|item| match item {
                        SectionItem::Indicator(indicator) => {
                            Some(ast_indicator_amount(indicator, self.unit))
                        }
                        _ => None,
                    })
                    .try_fold(Amount::default(), |acc, a| acc.checked_add(a?))
            });
            if let Some(total) = total {
                self.context
                    .section_totals
                    .insert(section.id.node.clone(), wording::amount_in_words(total));
            }
            self.context.amounts.push((section.id.node.clone(), total));
            let section_at_most = section.items.iter().any(|item| match item {
                SectionItem::Amount(stmt) => is_a_maximum(stmt),
                SectionItem::Total(..) => false,
                SectionItem::Indicator(indicator) => stated.is_none() && at_most(indicator),
                _ => false,
            });
            if section_at_most {
                self.context.amounts_at_most.insert(section.id.node.clone());
            }
            for item in &section.items {
                if let SectionItem::Indicator(indicator) | SectionItem::SubIndicator(indicator) =
                    item
                {
                    gather_indicator_amounts(indicator, self.unit, &mut self.context);
                }
            }
        }
    }

    fn amount(&mut self, stmt: &ast::AmountStmt) -> Option<Fact<AmountSpec>> {
        let value = match (&stmt.value, &stmt.scale) {
            (Ok(value), None) if stmt.measured.is_some() => {
                let measured = stmt.measured.as_ref()?;
                scales::resolve(measured, value, self.unit, &mut self.diagnostics)?
            }
            (Ok(value), None) => AmountSpec::Known(amounts::resolve_amount(
                value,
                self.unit,
                &mut self.diagnostics,
            )?),
            (Ok(value), Some(scale)) => AmountSpec::UpTo {
                max: amounts::resolve_amount(value, self.unit, &mut self.diagnostics)?,
                scale: self.text(scale),
            },
            (Err(reason), _) => AmountSpec::Unknown(self.text(reason)),
        };
        if stmt.citation.is_none() {
            self.diagnostics.push(
                Diagnostic::warning("W0301", stmt.span, msg!("w0301-amount-without-provenance"))
                    .with_help(self.cite_help()),
            );
        }
        Some(self.fact(value, &stmt.citation))
    }

    fn section(&mut self, section: &ast::Section) -> Option<ir::Section> {
        let gating = match &section.gating.node {
            ast::Gating::Prerequisite => ir::Gating::Prerequisite,
            ast::Gating::Independent => ir::Gating::Independent,
            ast::Gating::Complementary(id) => {
                if !self.section_names.contains(&id.node) {
                    let known = backticked(self.section_names.iter());
                    self.diagnostics.push(
                        Diagnostic::error(
                            "E0102",
                            id.span,
                            msg!(
                                "e0102-section-paid-if-section",
                                section_id = section.id.node,
                                id = id.node
                            ),
                        )
                        .with_help(
                            match closest(&id.node, self.section_names.iter()) {
                                Some(best) => msg!("help-did-you-mean", word = best),
                                None => msg!("e0102-help-sections-are", known = known),
                            },
                        ),
                    );
                }
                ir::Gating::Complementary {
                    requires: id.node.clone(),
                }
            }
        };
        let amounts_ast: Vec<(&ast::AmountStmt, Span)> = section
            .items
            .iter()
            .filter_map(|i| match i {
                SectionItem::Amount(a) => Some((a, a.span)),
                _ => None,
            })
            .collect();
        let amount_stmt = single(&amounts_ast, "montant", &mut self.diagnostics);
        let amount = match amount_stmt.and_then(|a| a.measured.as_ref()) {
            Some(measured) => {
                scales::section_scale(measured, &mut self.diagnostics);
                None
            }
            None => amount_stmt.and_then(|a| self.amount(a)),
        };
        if amount.is_some() && gating != ir::Gating::Prerequisite {
            if let Some(stmt) = amount_stmt {
                self.diagnostics.push(
                    Diagnostic::error("E0106", stmt.span, msg!("e0106-only-section-paid-whole"))
                        .with_help(msg!("e0106-help-give-each-indicator-section")),
                );
            }
        }
        let totals: Vec<((&ast::AmountValue, &Option<ast::Citation>), Span)> = section
            .items
            .iter()
            .filter_map(|i| match i {
                SectionItem::Total(v, c, s) => Some(((v, c), *s)),
                _ => None,
            })
            .collect();
        let stated_total = single(&totals, "total", &mut self.diagnostics).and_then(|(v, c)| {
            let amount = amounts::resolve_amount(v, self.unit, &mut self.diagnostics)?;
            Some((self.fact(amount, c), v.span))
        });
        let optional_shares: Vec<(&ast::AmountValue, Span)> = section
            .items
            .iter()
            .filter_map(|i| match i {
                SectionItem::OptionalShare(v, s) => Some((v, *s)),
                _ => None,
            })
            .collect();
        let stated_optional = single(
            &optional_shares,
            "dont … facultatifs",
            &mut self.diagnostics,
        )
        .and_then(|v| {
            let amount = amounts::resolve_amount(v, self.unit, &mut self.diagnostics)?;
            Some((amount, v.span))
        });
        let rests: Vec<((&ast::Text, &Option<ast::Citation>), Span)> = section
            .items
            .iter()
            .filter_map(|i| match i {
                SectionItem::UnknownRest(t, c, s) => Some(((t, c), *s)),
                _ => None,
            })
            .collect();
        let unknown_rest =
            single(&rests, "reste inconnu", &mut self.diagnostics).map(|(text, citation)| {
                let text = self.text(text);
                self.fact(text, citation)
            });

        // Sub-indicators written beside their parent (`de parent`) are checked as the parent's own.
        let mut beside: BTreeMap<&str, Vec<&ast::Indicator>> = BTreeMap::new();
        for item in &section.items {
            let SectionItem::SubIndicator(sub) = item else {
                continue;
            };
            let Some(parent_id) = &sub.parent else {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0103",
                        sub.header_span,
                        msg!("e0103-sub-indicator-stands-outside", sub_id = sub.id.node),
                    )
                    .with_help(msg!("e0103-help-write-inside-parent-indicator")),
                );
                continue;
            };
            let elsewhere = match self.top_level.get(&parent_id.node) {
                Some(home) if *home == section.id.node => {
                    beside.entry(parent_id.node.as_str()).or_default().push(sub);
                    continue;
                }
                home => home.is_some(),
            };
            self.diagnostics.push(
                Diagnostic::error(
                    if elsewhere { "E0103" } else { "E0102" },
                    parent_id.span,
                    if elsewhere {
                        msg!(
                            "e0103-parent-in-another-section",
                            sub = &sub.id.node,
                            section = &section.id.node,
                            parent = &parent_id.node
                        )
                    } else {
                        msg!(
                            "e0102-unknown-parent",
                            sub = &sub.id.node,
                            parent = &parent_id.node
                        )
                    },
                )
                .with_help(
                    match (elsewhere, closest(&parent_id.node, self.top_level.keys())) {
                        (false, Some(best)) => msg!("help-did-you-mean", word = best),
                        _ => msg!("e0103-help-sub-indicator-belongs-indicator"),
                    },
                ),
            );
        }
        let mut indicators: Vec<ir::Indicator> = Vec::new();
        let mut prose = Vec::new();
        for item in &section.items {
            match item {
                SectionItem::Indicator(indicator) => {
                    let subs = beside
                        .get(indicator.id.node.as_str())
                        .map_or(&[][..], Vec::as_slice);
                    if let Some(i) = self.indicator(indicator, None, None, subs) {
                        indicators.push(i);
                    }
                }
                SectionItem::Prose(p) => prose.push(self.prose(p)),
                SectionItem::SubIndicator(_)
                | SectionItem::Amount(_)
                | SectionItem::Total(..)
                | SectionItem::OptionalShare(..)
                | SectionItem::UnknownRest(..) => {}
            }
        }
        for indicator in &indicators {
            self.check_paid(indicator, &gating, amount.is_some());
        }

        let resolved = ir::Section {
            id: section.id.node.clone(),
            title: self.text(&section.title),
            gating,
            provenance: self.provenance(&section.citation),
            amount,
            stated_total: stated_total.as_ref().map(|(f, _)| f.clone()),
            unknown_rest,
            stated_optional: stated_optional.map(|(amount, _)| amount),
            indicators,
            prose,
            span: section.header_span,
        };
        optional::check_section(
            &resolved,
            stated_optional,
            stated_total.as_ref().map(|(_, span)| *span),
            &mut self.diagnostics,
        );
        shares::check_unknown_rest(&resolved, &rests, &mut self.diagnostics);
        if let (Some((stated, span)), false) = (&stated_total, resolved.max_is_complete()) {
            // Part of what the section pays is unknown: the stated total is checked to be at
            // least what is known, never called wrong for the part no source gives.
            let derived = resolved.listed_amount();
            shares::check_total_at_least(
                stated.value,
                derived,
                *span,
                &resolved.id,
                &mut self.diagnostics,
            );
        } else if let Some((stated, span)) = stated_total {
            let derived = match &resolved.amount {
                // Its optional indicators are paid on top of its lump.
                Some(a) => {
                    let lump = a.value.known().unwrap_or_default();
                    lump.checked_add(resolved.optional_amount()).unwrap_or(lump)
                }
                None => resolved.max_amount(),
            };
            let what = if let (Some(lump), true) = (
                &resolved.amount,
                resolved.optional_indicators().next().is_some(),
            ) {
                msg!(
                    "e0202-what-section-whole-and-optional",
                    section = resolved.id,
                    amount = wording::amount_in_words(lump.value.known().unwrap_or_default()),
                    optional = wording::amount_in_words(resolved.optional_amount())
                )
            } else if resolved.amount.is_some() {
                msg!(
                    "e0202-what-section-whole",
                    section = resolved.id,
                    amount = wording::amount_in_words(derived)
                )
            } else {
                msg!("e0202-what-indicators", section = resolved.id)
            };
            amounts::check_total(stated.value, derived, span, what, &mut self.diagnostics);
        }
        Some(resolved)
    }

    /// Amounts must be paid exactly once: by the section, by the indicator, or by its sub-indicators.
    fn check_paid(&mut self, indicator: &ir::Indicator, gating: &ir::Gating, section_paid: bool) {
        // An optional indicator is paid its own amount, whatever its section's lump.
        let optional = indicator.optional.is_some();
        let section_paid = section_paid && !optional;
        let own = indicator.amount.is_some();
        let subs_paid =
            !indicator.subs.is_empty() && indicator.subs.iter().all(|s| s.amount.is_some());
        if section_paid && (own || indicator.subs.iter().any(|s| s.amount.is_some())) {
            self.diagnostics.push(
                Diagnostic::error(
                    "E0204",
                    indicator.span,
                    msg!(
                        "e0204-indicator-has-own-amount",
                        indicator_id = indicator.id
                    ),
                )
                .with_help(msg!("e0204-help-keep-amount-section-indicators")),
            );
        } else if !section_paid
            && (*gating != ir::Gating::Prerequisite || optional)
            && !own
            && !self.unresolved_amounts.contains(&indicator.span.start)
            && !subs_paid
            && !indicator.has_parts()
        {
            self.diagnostics.push(if optional {
                Diagnostic::error(
                    "E0204",
                    indicator.span,
                    msg!("e0204-optional-without-amount", indicator_id = indicator.id),
                )
                .with_help(msg!("e0204-help-optional-without-amount"))
            } else {
                Diagnostic::error(
                    "E0204",
                    indicator.span,
                    msg!(
                        "e0204-indicator-never-paid-has",
                        indicator_id = indicator.id
                    ),
                )
                .with_help(msg!("e0204-help-give-when-seed-states"))
            });
        }
        shares::check_parts(indicator, section_paid, &mut self.diagnostics);
        if own && !indicator.subs.is_empty() {
            if let (Some(AmountSpec::Known(stated)), true) = (
                indicator.amount.as_ref().map(|a| &a.value),
                indicator.subs.iter().all(|s| s.amount.is_some()),
            ) {
                let derived = indicator
                    .subs
                    .iter()
                    .map(ir::Indicator::max_amount)
                    .fold(Amount::default(), |acc, a| {
                        acc.checked_add(a).unwrap_or(acc)
                    });
                amounts::check_total(
                    *stated,
                    derived,
                    indicator.span,
                    msg!("e0202-what-sub-indicators", indicator = indicator.id),
                    &mut self.diagnostics,
                );
            }
        }
    }

    fn indicator(
        &mut self,
        indicator: &ast::Indicator,
        parent: Option<&str>,
        parent_kind: Option<ir::Kind>,
        beside: &[&ast::Indicator],
    ) -> Option<ir::Indicator> {
        let dotted = match parent {
            Some(p) => format!("{p}.{}", indicator.id.node),
            None => indicator.id.node.clone(),
        };
        if let Some(first) = self.indicator_ids.get(&dotted) {
            self.diagnostics.push(
                Diagnostic::error(
                    "E0101",
                    indicator.id.span,
                    msg!("e0101-indicator-declared-twice", dotted = dotted),
                )
                .with_label(*first, msg!("e0101-label-first-declared-here"))
                .with_help(msg!("e0101-help-ids-are-stable-across")),
            );
            return None;
        }
        self.indicator_ids.insert(dotted.clone(), indicator.id.span);
        if let (Some(named), Some(enclosing)) = (&indicator.parent, parent) {
            if named.node != enclosing {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0103",
                        named.span,
                        msg!(
                            "e0103-sub-indicator-names-parent",
                            indicator_id = indicator.id.node,
                            named = named.node,
                            enclosing = enclosing
                        ),
                    )
                    .with_help(msg!("e0103-help-move-into-parent-correct")),
                );
            }
        }
        if indicator.citation.is_none() {
            self.diagnostics.push(
                Diagnostic::warning(
                    "W0301",
                    indicator.header_span,
                    msg!("w0301-indicator-has-provenance", dotted = dotted),
                )
                .with_help(self.cite_help()),
            );
        }
        let items = &indicator.items;
        let kinds: Vec<((ir::Kind, &Option<ast::Citation>), Span)> = items
            .iter()
            .filter_map(|i| match i {
                IndicatorItem::Kind(k, c) => Some(((convert_kind(k.node), c), k.span)),
                _ => None,
            })
            .collect();
        let kind = match single(&kinds, "type", &mut self.diagnostics) {
            Some((k, _)) => k,
            None => match parent_kind {
                Some(k) => k,
                None => {
                    self.missing(
                        indicator.header_span,
                        "type",
                        msg!("e0104-help-say-who-provides"),
                    );
                    ir::Kind::Declarative
                }
            },
        };

        let mut out = ir::Indicator {
            id: indicator.id.node.clone(),
            title: self.text(&indicator.title),
            number: None,
            kind,
            provenance: self.provenance(&indicator.citation),
            amount: None,
            continues: Vec::new(),
            continues_reason: None,
            continues_split: false,
            question: None,
            free_text: None,
            software: Vec::new(),
            exemptions: Vec::new(),
            choices: Vec::new(),
            rates: Vec::new(),
            counts: Vec::new(),
            findings: Vec::new(),
            prefill: None,
            evidence: Vec::new(),
            neutralised: None,
            deadline: None,
            optional: None,
            subs: Vec::new(),
            prose: Vec::new(),
            span: indicator.header_span,
        };
        let mut seen: BTreeMap<&'static str, Span> = BTreeMap::new();
        let mut measure_ids: BTreeMap<String, Span> = BTreeMap::new();
        let mut declared_count = false;
        let mut declared_rate: Option<Span> = None;
        let mut asks_evidence: Option<Span> = None;
        for item in items {
            let once = |name: &'static str,
                        span: Span,
                        seen: &mut BTreeMap<&'static str, Span>,
                        diagnostics: &mut Vec<Diagnostic>| {
                if let Some(first) = seen.get(name) {
                    diagnostics.push(
                        Diagnostic::error(
                            "E0105",
                            span,
                            msg!("e0105-given-more-than-once-2", name = name),
                        )
                        .with_label(*first, msg!("e0105-label-first-given-here"))
                        .with_help(msg!("e0105-help-keep-one-block-states")),
                    );
                    false
                } else {
                    seen.insert(name, span);
                    true
                }
            };
            match item {
                IndicatorItem::Number(n) => {
                    if once("numéro", n.span, &mut seen, &mut self.diagnostics) {
                        out.number = Some(n.node);
                    }
                }
                IndicatorItem::Kind(..) => {}
                IndicatorItem::Amount(stmt) => {
                    if once("montant", stmt.span, &mut seen, &mut self.diagnostics) {
                        out.amount = self.amount(stmt);
                        if out.amount.is_none() {
                            self.unresolved_amounts.insert(indicator.header_span.start);
                        }
                    }
                }
                IndicatorItem::Continues(ids, split, reason, _, span) => {
                    out.continues.extend(ids.iter().map(|i| i.node.clone()));
                    out.continues_split |= *split;
                    for old in ids {
                        self.continued.push(Continued {
                            old: old.node.clone(),
                            by: indicator.id.node.clone(),
                            split: *split,
                            span: *span,
                        });
                    }
                    if let Some(r) = reason {
                        out.continues_reason = Some(self.text(r));
                    }
                }
                IndicatorItem::Question(text, citation, span) => {
                    if once("question", *span, &mut seen, &mut self.diagnostics) {
                        let value = self.text(text);
                        out.question = Some(self.fact(value, citation));
                    }
                }
                IndicatorItem::FreeText(text, mandatory, citation, span) => {
                    if once("texte libre", *span, &mut seen, &mut self.diagnostics) {
                        let label = self.text(text);
                        out.free_text = Some(self.fact(
                            ir::FreeText {
                                label,
                                mandatory_if_yes: *mandatory,
                            },
                            citation,
                        ));
                    }
                }
                IndicatorItem::Software(id, label, citation, _) => {
                    if out.software.iter().any(|s| s.value.id == id.node) {
                        self.diagnostics.push(
                            Diagnostic::error(
                                "E0101",
                                id.span,
                                msg!("e0101-software-declared-twice", id = id.node),
                            )
                            .with_help(msg!("e0101-help-each-software-role-declared")),
                        );
                    } else {
                        let label = self.text(label);
                        let fact = self.fact(
                            ir::Software {
                                id: id.node.clone(),
                                label,
                            },
                            citation,
                        );
                        out.software.push(fact);
                    }
                }
                IndicatorItem::Choice(choice) => {
                    let resolved = self.choice(choice);
                    out.choices.push(resolved);
                }
                IndicatorItem::Rate(rate) => {
                    if let Some(first) = measure_ids.insert(rate.id.node.clone(), rate.id.span) {
                        self.duplicate_measure(&rate.id, first);
                    }
                    // A rate of a declarative indicator is declared by the practitioner, as a
                    // count is (docs/LANGUAGE.md, « Taux et nombres déclarés »).
                    let declared = kind != ir::Kind::Automated;
                    if declared {
                        declared_count = true;
                        declared_rate.get_or_insert(Span::new(rate.span.start, rate.id.span.end));
                    }
                    if let Some(r) = self.rate(rate, declared) {
                        out.rates.push(r);
                    }
                }
                IndicatorItem::Count(count) => {
                    if let Some(first) = measure_ids.insert(count.id.node.clone(), count.id.span) {
                        self.duplicate_measure(&count.id, first);
                    }
                    declared_count = true;
                    if let Some(c) = self.count(count) {
                        out.counts.push(c);
                    }
                }
                IndicatorItem::Finding(id, label, citation, _) => {
                    if let Some(first) = measure_ids.insert(id.node.clone(), id.span) {
                        self.duplicate_measure(id, first);
                    }
                    let label = self.text(label);
                    let fact = self.fact(
                        ir::Finding {
                            id: id.node.clone(),
                            label,
                        },
                        citation,
                    );
                    out.findings.push(fact);
                }
                IndicatorItem::Prefill(from, otherwise, citation, span) => {
                    if once("pré-alimentation", *span, &mut seen, &mut self.diagnostics) {
                        let source = self.text(from);
                        let otherwise = otherwise.as_ref().map(|o| self.text(o));
                        out.prefill = Some(self.fact(ir::Prefill { source, otherwise }, citation));
                    }
                }
                IndicatorItem::Evidence(evidence) => {
                    if !matches!(evidence.kind, ast::EvidenceKind::None) && asks_evidence.is_none()
                    {
                        asks_evidence = Some(evidence.span);
                    }
                    let resolved = self.evidence(evidence);
                    out.evidence.push(resolved);
                }
                IndicatorItem::Deadline(date, citation, span) => {
                    if once("délai", *span, &mut seen, &mut self.diagnostics) {
                        if let Some((value, _)) =
                            dates::resolve_date(date, self.year, &mut self.diagnostics)
                        {
                            out.deadline = Some(self.fact(value, citation));
                        }
                    }
                }
                IndicatorItem::Optional(year, citation, span) => {
                    if once("facultatif", *span, &mut seen, &mut self.diagnostics) {
                        if let Some(value) = optional::resolve(
                            year,
                            self.year,
                            &dotted,
                            parent.is_some(),
                            *span,
                            &mut self.diagnostics,
                        ) {
                            out.optional = Some(self.fact(value, citation));
                        }
                    }
                }
                IndicatorItem::Neutralised(text, citation, span) => {
                    if once("neutralisé", *span, &mut seen, &mut self.diagnostics) {
                        let value = self.text(text);
                        out.neutralised = Some(self.fact(value, citation));
                    }
                }
                IndicatorItem::Exemption(what, text, citation, _) => {
                    let target = if what.node == "tout" {
                        ir::ExemptionTarget::Whole
                    } else {
                        ir::ExemptionTarget::Software(what.node.clone())
                    };
                    let value = self.text(text);
                    out.exemptions.push(self.fact(
                        ir::Exemption {
                            target,
                            text: value,
                        },
                        citation,
                    ));
                }
                IndicatorItem::SubIndicator(sub) => {
                    if let Some(s) = self.indicator(sub, Some(&dotted), Some(kind), &[]) {
                        out.subs.push(s);
                    }
                }
                IndicatorItem::Prose(p) => {
                    let resolved = self.prose(p);
                    out.prose.push(resolved);
                }
            }
        }
        for sub in beside {
            if let Some(s) = self.indicator(sub, Some(&dotted), Some(kind), &[]) {
                out.subs.push(s);
            }
        }
        // Exemptions name a declared software.
        for (exemption, item) in out.exemptions.iter().zip(
            items
                .iter()
                .filter(|i| matches!(i, IndicatorItem::Exemption(..))),
        ) {
            if let (ir::ExemptionTarget::Software(role), IndicatorItem::Exemption(what, ..)) =
                (&exemption.value.target, item)
            {
                if !out.software.iter().any(|s| &s.value.id == role) {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "E0102",
                            what.span,
                            msg!("e0102-exemption-waives-software-indicator", role = role),
                        )
                        .with_help(
                            match closest(role, out.software.iter().map(|s| &s.value.id)) {
                                Some(best) => msg!("help-did-you-mean", word = best),
                                None => msg!("e0102-help-name-indicator-whole-indicator"),
                            },
                        ),
                    );
                }
            }
        }
        // A declared rate is validated by the practitioner's sworn statement (E0506).
        if let Some(span) = declared_rate {
            let sworn = out
                .evidence
                .iter()
                .any(|e| matches!(e.kind, ir::EvidenceKind::Sworn));
            if !sworn {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0506",
                        span,
                        msg!("e0506-declared-rate-not-sworn", dotted = dotted),
                    )
                    .with_help(msg!("e0506-help-add-sworn-statement")),
                );
            }
        }
        let has_own_rule = out.question.is_some()
            || !out.software.is_empty()
            || !out.choices.is_empty()
            || !out.rates.is_empty()
            || !out.counts.is_empty()
            || !out.findings.is_empty()
            || out.neutralised.is_some();
        match kind {
            ir::Kind::Declarative | ir::Kind::Prefilled => {
                if !out.has_form_elements() && !declared_count && out.subs.is_empty() {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "E0501",
                            indicator.header_span,
                            msg!("e0501-declarative-indicator-has-nothing", dotted = dotted),
                        )
                        .with_help(msg!("e0501-help-add-practitioner-fill")),
                    );
                }
                if kind == ir::Kind::Prefilled
                    && out.prefill.is_none()
                    && parent_kind != Some(ir::Kind::Prefilled)
                {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "E0504",
                            indicator.header_span,
                            msg!("e0504-indicator-pre-filled-but", dotted = dotted),
                        )
                        .with_help(msg!("e0504-help-add")),
                    );
                }
            }
            ir::Kind::Automated => {
                if out.has_form_elements() {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "E0502",
                            indicator.header_span,
                            msg!(
                                "e0502-automated-indicator-asks-practitioner",
                                dotted = dotted
                            ),
                        )
                        .with_help(msg!("e0502-help-automated-indicator-measured-insurer")),
                    );
                }
                if let Some(span) = asks_evidence {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "E0502",
                            span,
                            msg!(
                                "e0502-automated-indicator-asks-practitioner-2",
                                dotted = dotted
                            ),
                        )
                        .with_help(msg!("e0502-help-insurer-measures-write")),
                    );
                }
                if !has_own_rule && out.subs.is_empty() {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "E0104",
                            indicator.header_span,
                            msg!(
                                "e0104-automated-indicator-measures-nothing",
                                dotted = dotted
                            ),
                        )
                        .with_help(msg!("e0104-help-add-insurer-measures")),
                    );
                }
            }
        }
        if let Some(span) = items.iter().find_map(|item| match item {
            IndicatorItem::Amount(ast::AmountStmt {
                measured: Some(measured),
                ..
            }) => Some(measured.measure.span),
            _ => None,
        }) {
            scales::check_measure(&mut out, span, &mut self.diagnostics);
        }
        Some(out)
    }

    fn duplicate_measure(&mut self, id: &ast::Ident, first: Span) {
        self.diagnostics.push(
            Diagnostic::error(
                "E0101",
                id.span,
                msg!("e0101-measure-declared-twice-indicator", id = id.node),
            )
            .with_label(first, msg!("e0101-label-first-declared-here"))
            .with_help(msg!("e0101-help-give-each-own-id")),
        );
    }

    fn choice(&mut self, choice: &ast::Choice) -> ir::Choice {
        let mut ids = BTreeMap::new();
        let mut options = Vec::new();
        for option in &choice.options {
            if let Some(first) = ids.insert(option.id.node.clone(), option.id.span) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0101",
                        option.id.span,
                        msg!("e0101-option-listed-twice", option_id = option.id.node),
                    )
                    .with_label(first, msg!("e0101-label-first-listed-here"))
                    .with_help(msg!("e0101-help-list-each-option-once")),
                );
                continue;
            }
            let label = self.text(&option.label);
            let provenance = self.provenance(&option.citation);
            options.push(ir::ChoiceOption {
                id: option.id.node.clone(),
                label,
                accepted: option.accepted,
                minimum_per_year: option.minimum_per_year.as_ref().map(|m| m.node),
                not_prefilled: option.not_prefilled,
                provenance,
            });
        }
        if !options.iter().any(|o| o.accepted) {
            self.diagnostics.push(
                Diagnostic::error(
                    "E0503",
                    choice.span,
                    msg!("e0503-option-list-validates-indicator"),
                )
                .with_help(msg!("e0503-help-mark-options-validate")),
            );
        }
        let label = self.text(&choice.label);
        ir::Choice {
            multiple: choice.multiple,
            label,
            provenance: self.provenance(&choice.citation),
            options,
        }
    }

    /// A condition on acts typed against the edition's schema; `None`, saying nothing more, when
    /// the schema itself has errors.
    fn act_condition(&mut self, expr: &ast::Expr) -> Option<ir::Condition> {
        if self.acts_failed {
            return None;
        }
        conditions::resolve_condition(expr, self.acts.as_ref(), self.year, &mut self.diagnostics)
    }

    fn rate(&mut self, rate: &ast::Rate, declared: bool) -> Option<ir::Rate> {
        if declared {
            self.check_declared_rate_has_no_act_rule(rate);
        } else {
            self.check_numerator_stated(rate);
        }
        let numerators: Vec<(&ast::ActSelection, Span)> =
            rate.numerator.iter().map(|n| (n, n.2)).collect();
        let denominators: Vec<(&ast::ActSelection, Span)> =
            rate.denominator.iter().map(|n| (n, n.2)).collect();
        let stated_numerator = single(&numerators, "numérateur", &mut self.diagnostics);
        let numerator_provenance = stated_numerator
            .as_ref()
            .and_then(|(_, citation, _)| self.provenance(citation));
        let numerator = stated_numerator
            .and_then(|(e, _, _)| e.as_ref())
            .and_then(|e| self.act_condition(e));
        let denominator = single(&denominators, "dénominateur", &mut self.diagnostics)
            .and_then(|(e, _, _)| e.as_ref())
            .and_then(|e| self.act_condition(e));
        let mut exclusions = Vec::new();
        for exclusion in &rate.exclusions {
            if exclusion.citation.is_none() {
                self.diagnostics.push(
                    Diagnostic::warning(
                        "W0301",
                        exclusion.span,
                        msg!("w0301-exclusion-without-provenance"),
                    )
                    .with_help(self.cite_help()),
                );
            }
            let condition = self.act_condition(&exclusion.condition);
            let label = self.text(&exclusion.label);
            let provenance = self.provenance(&exclusion.citation);
            if let Some(condition) = condition {
                exclusions.push(ir::Exclusion {
                    condition,
                    label,
                    provenance,
                });
            }
        }
        let periods: Vec<(&ast::Period, Span)> = rate.periods.iter().map(|p| (p, p.span)).collect();
        let period = single(&periods, "période", &mut self.diagnostics).map(|p| {
            let no_claim = self.acts.as_ref().is_none_or(|a| a.first_claim.is_none());
            if p.individualised && no_claim && !self.acts_failed {
                self.diagnostics.push(
                    Diagnostic::error("E0306", p.span, msg!("e0306-no-first-claim"))
                        .with_help(msg!("e0306-help-first-claim")),
                );
            }
            let value = if p.individualised {
                ir::Period::Individualised
            } else {
                ir::Period::WholeYear
            };
            self.fact(value, &p.citation)
        });
        let thresholds: Vec<(&ast::Threshold, Span)> =
            rate.thresholds.iter().map(|t| (t, t.span)).collect();
        let threshold = match single(&thresholds, "seuil", &mut self.diagnostics) {
            Some(t) => self.rate_threshold(t),
            None => {
                self.missing(rate.span, "seuil", msg!("e0104-help-give-rate-s-threshold"));
                None
            }
        };
        let label = self.text(&rate.label);
        let part = self.part(&rate.parts, threshold.is_some());
        Some(ir::Rate {
            id: rate.id.node.clone(),
            label,
            provenance: self.provenance(&rate.citation),
            numerator,
            numerator_provenance,
            denominator,
            exclusions,
            period,
            threshold,
            part,
            declared,
        })
    }

    /// A rate the practitioner declares is a value written on the form, not a count of acts
    /// (E0505): it states no numerator, denominator, exclusion or period.
    fn check_declared_rate_has_no_act_rule(&mut self, rate: &ast::Rate) {
        let act_rule = rate
            .numerator
            .first()
            .map(|n| (n.2, "numérateur"))
            .or_else(|| rate.denominator.first().map(|d| (d.2, "dénominateur")))
            .or_else(|| rate.exclusions.first().map(|e| (e.span, "exclure")))
            .or_else(|| rate.periods.first().map(|p| (p.span, "période")));
        if let Some((span, statement)) = act_rule {
            self.diagnostics.push(
                Diagnostic::error(
                    "E0505",
                    span,
                    msg!(
                        "e0505-declared-rate-reads-acts",
                        rate_id = rate.id.node,
                        statement = statement
                    ),
                )
                .with_label(
                    Span::new(rate.span.start, rate.id.span.end),
                    msg!("e0505-label-declared-here"),
                )
                .with_help(msg!("e0505-help-declared-or-automated")),
            );
        }
    }

    /// The one `part …` of a measure, resolved; a part needs its measure's threshold (E0206).
    fn part(&mut self, parts: &[ast::Part], has_threshold: bool) -> Option<Fact<Amount>> {
        let spanned: Vec<(&ast::Part, Span)> = parts.iter().map(|p| (p, p.span)).collect();
        let part = single(&spanned, "part", &mut self.diagnostics)?;
        if !has_threshold {
            self.diagnostics.push(
                Diagnostic::error("E0206", part.span, msg!("e0206-part-without-threshold"))
                    .with_help(msg!("e0206-help-part-needs-threshold")),
            );
        }
        if part.citation.is_none() {
            self.diagnostics.push(
                Diagnostic::warning("W0301", part.span, msg!("w0301-amount-without-provenance"))
                    .with_help(self.cite_help()),
            );
        }
        // A part that failed to resolve (its diagnostic is given) still stands as a part, so that
        // its indicator is not also called never paid; the IR is not returned with an error.
        let amount = amounts::resolve_amount(&part.value, self.unit, &mut self.diagnostics)
            .unwrap_or_default();
        Some(self.fact(amount, &part.citation))
    }

    /// A rate read from acts says which acts its numerator counts (E0304): without it every act
    /// would count as transmitted and the rate would always be 100 %. A rate with no act-level
    /// rule at all (only its `seuil`) is measured by the insurer and given as counts.
    fn check_numerator_stated(&mut self, rate: &ast::Rate) {
        let help = msg!("e0304-help-say-which-acts-count");
        // `taux fse`: the rate, without its block.
        let rate_span = Span::new(rate.span.start, rate.id.span.end);
        if let Some((None, _, span)) = rate.numerator.first() {
            self.diagnostics.push(
                Diagnostic::error(
                    "E0304",
                    rate_span,
                    msg!("e0304-numerator-rate-counts-every", rate_id = rate.id.node),
                )
                .with_label(*span, msg!("e0304-label-numerator-has-condition"))
                .with_help(help),
            );
            return;
        }
        if !rate.numerator.is_empty() {
            return;
        }
        let act_rule = rate
            .exclusions
            .first()
            .map(|e| (e.span, "exclure"))
            .or_else(|| rate.denominator.first().map(|d| (d.2, "dénominateur")))
            .or_else(|| rate.periods.first().map(|p| (p.span, "période")));
        if let Some((span, label)) = act_rule {
            self.diagnostics.push(
                Diagnostic::error(
                    "E0304",
                    rate_span,
                    msg!("e0304-rate-read-from-acts", rate_id = rate.id.node),
                )
                .with_label(span, msg!("e0304-label-reads-from-acts", statement = label))
                .with_help(msg!("e0304-help-rate-insurer-measures-gives")),
            );
        }
    }

    fn rate_threshold(&mut self, threshold: &ast::Threshold) -> Option<ir::RateThreshold> {
        if threshold.citation.is_none() {
            self.diagnostics.push(
                Diagnostic::warning(
                    "W0301",
                    threshold.span,
                    msg!("w0301-threshold-without-provenance"),
                )
                .with_help(self.cite_help()),
            );
        }
        let (value, notation) = match &threshold.value.node {
            ast::Quantity::Percent(p) => {
                let denominator = 10i64.checked_pow(p.scale)?.checked_mul(100)?;
                (
                    ir::Rational::new(p.mantissa, denominator),
                    ir::RateNotation::Percent,
                )
            }
            ast::Quantity::Fraction(n, d) => {
                if *d == 0 {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "E0301",
                            threshold.value.span,
                            msg!("e0301-fraction-cannot-have-below"),
                        )
                        .with_help(msg!("e0301-help-write-fraction-between-such")),
                    );
                    return None;
                }
                (ir::Rational::new(*n, *d), ir::RateNotation::Fraction)
            }
            other => {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0302",
                        threshold.value.span,
                        msg!("e0302-rate-compared-percentage-fraction")
                            .phrase("kind", quantity_kind(other)),
                    )
                    .with_help(match whole_number(other) {
                        Some(n) if (0..=100).contains(&n) => msg!(
                            "e0302-help-rate-write",
                            suggestion = format!("seuil {} {n} %", op_words(threshold.op))
                        ),
                        _ => msg!("e0302-help-write"),
                    }),
                );
                return None;
            }
        };
        if value > ir::Rational::from_integer(1) {
            self.diagnostics.push(
                Diagnostic::error(
                    "E0301",
                    threshold.value.span,
                    msg!("e0301-rate-cannot-exceed"),
                )
                .with_help(msg!("e0301-help-rate-threshold-lies-between")),
            );
            return None;
        }
        let provenance = self.provenance(&threshold.citation);
        Some(ir::RateThreshold {
            op: convert_op(threshold.op),
            value,
            notation,
            provenance,
        })
    }

    fn count(&mut self, count: &ast::Count) -> Option<ir::Count> {
        let thresholds: Vec<(&ast::Threshold, Span)> =
            count.thresholds.iter().map(|t| (t, t.span)).collect();
        let threshold = match single(&thresholds, "seuil", &mut self.diagnostics) {
            Some(t) => match &t.value.node {
                ast::Quantity::Count(n) => {
                    if t.citation.is_none() {
                        self.diagnostics.push(
                            Diagnostic::warning(
                                "W0301",
                                t.span,
                                msg!("w0301-threshold-without-provenance"),
                            )
                            .with_help(self.cite_help()),
                        );
                    }
                    let provenance = self.provenance(&t.citation);
                    Some(ir::CountThreshold {
                        op: convert_op(t.op),
                        value: *n,
                        provenance,
                    })
                }
                other => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "E0302",
                            t.value.span,
                            msg!("e0302-count-compared-whole-number")
                                .phrase("kind", quantity_kind(other)),
                        )
                        .with_help(match whole_number(other) {
                            Some(n) => msg!(
                                "e0302-help-count-write",
                                suggestion = format!("seuil {} {n}", op_words(t.op))
                            ),
                            None => msg!("e0302-help-write-2"),
                        }),
                    );
                    None
                }
            },
            None => None,
        };
        let label = self.text(&count.label);
        let part = self.part(&count.parts, threshold.is_some());
        Some(ir::Count {
            id: count.id.node.clone(),
            label,
            provenance: self.provenance(&count.citation),
            threshold,
            part,
        })
    }

    fn evidence(&mut self, evidence: &ast::Evidence) -> ir::Evidence {
        let kind = match &evidence.kind {
            ast::EvidenceKind::Document(label) => ir::EvidenceKind::Document(self.text(label)),
            ast::EvidenceKind::Sworn { .. } => ir::EvidenceKind::Sworn,
            ast::EvidenceKind::None => ir::EvidenceKind::None,
        };
        let mut required_when = Vec::new();
        for (cases, _) in &evidence.when {
            for case in cases {
                let converted = convert_case(case.node);
                if required_when.contains(&converted) {
                    self.diagnostics.push(
                        Diagnostic::error("E0105", case.span, msg!("e0105-case-given-more-than"))
                            .with_help(msg!("e0105-help-list-each-case-once")),
                    );
                } else {
                    required_when.push(converted);
                }
            }
        }
        let shows = evidence
            .shows
            .iter()
            .flat_map(|(texts, _)| texts.iter())
            .map(|t| self.text(t))
            .collect();
        let validity = evidence.validity.first().map(|(t, _)| self.text(t));
        ir::Evidence {
            kind,
            provenance: self.provenance(&evidence.citation),
            required_when,
            shows,
            validity,
            validated_on_receipt: evidence.validated_on_receipt.is_some(),
            kept_for_control: evidence.kept_for_control.is_some(),
            sworn_in_declaration: matches!(
                evidence.kind,
                ast::EvidenceKind::Sworn {
                    in_declaration: Some(_)
                }
            ),
        }
    }

    fn prose(&mut self, prose: &ast::Prose) -> ir::Prose {
        let kind = match &prose.kind {
            ast::ProseKind::Description => ir::ProseKind::Description,
            ast::ProseKind::Note => ir::ProseKind::Note,
            ast::ProseKind::Drafting => ir::ProseKind::Drafting,
            ast::ProseKind::Case(title) => ir::ProseKind::Case(self.text(title)),
        };
        let text = self.text(&prose.text);
        ir::Prose {
            kind,
            text,
            provenance: self.provenance(&prose.citation),
        }
    }
}

/// The amount an indicator of the AST pays, its own or its sub-indicators', for `{total …}`.
fn ast_indicator_amount(indicator: &ast::Indicator, unit: ir::Unit) -> Option<Amount> {
    let mut scratch = Vec::new();
    let own = indicator.items.iter().find_map(|item| match item {
        IndicatorItem::Amount(ast::AmountStmt {
            value: Ok(value), ..
        }) => amounts::resolve_amount(value, unit, &mut scratch),
        _ => None,
    });
    own.or_else(|| {
        indicator
            .items
            .iter()
            .filter_map(|item| match item {
                IndicatorItem::SubIndicator(sub) => Some(ast_indicator_amount(sub, unit)),
                _ => None,
            })
            .try_fold(Amount::default(), |acc, a| acc.checked_add(a?))
    })
}

/// `indicator`'s amount and those of its sub-indicators, in the spec's order, for `{montant …}`.
fn gather_indicator_amounts(indicator: &ast::Indicator, unit: ir::Unit, context: &mut TextContext) {
    // An indicator paid with its section has no amount of its own: no `{montant …}` for it.
    if states_amount(indicator) {
        context.amounts.push((
            indicator.id.node.clone(),
            ast_indicator_amount(indicator, unit),
        ));
        if at_most(indicator) {
            context.amounts_at_most.insert(indicator.id.node.clone());
        }
    }
    for item in &indicator.items {
        if let IndicatorItem::SubIndicator(sub) = item {
            gather_indicator_amounts(sub, unit, context);
        }
    }
}

/// Whether an amount statement gives a maximum: a scale, an amount per unit with a cap, or
/// `jusqu'à … selon`.
fn is_a_maximum(stmt: &ast::AmountStmt) -> bool {
    stmt.scale.is_some() || stmt.measured.is_some()
}

/// Whether `indicator`'s amount, as [`ast_indicator_amount`] gives it, is a maximum: its own
/// amount is one, or, without one, a sub-indicator's is.
fn at_most(indicator: &ast::Indicator) -> bool {
    let own = indicator.items.iter().find_map(|item| match item {
        IndicatorItem::Amount(stmt) => Some(is_a_maximum(stmt)),
        _ => None,
    });
    own.unwrap_or_else(|| {
        indicator.items.iter().any(|item| match item {
            IndicatorItem::SubIndicator(sub) => at_most(sub),
            _ => false,
        })
    })
}

/// Whether `indicator` or one of its sub-indicators states an amount (known or not).
fn states_amount(indicator: &ast::Indicator) -> bool {
    indicator.items.iter().any(|item| match item {
        IndicatorItem::Amount(_) => true,
        IndicatorItem::SubIndicator(sub) => states_amount(sub),
        _ => false,
    })
}

/// The name closest to a misspelt `word`, for "vouliez-vous dire …".
fn closest<'n>(word: &str, names: impl Iterator<Item = &'n String>) -> Option<&'n str> {
    crate::syntax_help::closest(word, names.map(String::as_str))
}

/// `` `a`, `b`, `c` ``: names listed in a help line.
fn backticked<'n>(names: impl Iterator<Item = &'n String>) -> String {
    names
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn convert_kind(kind: ast::Kind) -> ir::Kind {
    match kind {
        ast::Kind::Declarative => ir::Kind::Declarative,
        ast::Kind::Prefilled => ir::Kind::Prefilled,
        ast::Kind::Automated => ir::Kind::Automated,
    }
}

fn convert_op(op: ast::ThresholdOp) -> ir::ThresholdOp {
    match op {
        ast::ThresholdOp::AtLeast => ir::ThresholdOp::AtLeast,
        ast::ThresholdOp::MoreThan => ir::ThresholdOp::MoreThan,
    }
}

fn convert_case(case: ast::EvidenceCase) -> ir::EvidenceCase {
    match case {
        ast::EvidenceCase::Always => ir::EvidenceCase::Always,
        ast::EvidenceCase::FirstYear => ir::EvidenceCase::FirstYear,
        ast::EvidenceCase::VendorChange => ir::EvidenceCase::VendorChange,
        ast::EvidenceCase::NotPrefilled => ir::EvidenceCase::NotPrefilled,
        ast::EvidenceCase::OnRequest => ir::EvidenceCase::OnRequest,
    }
}

fn closing_time(time: ast::ClosingTime) -> ir::ClosingTime {
    match time {
        ast::ClosingTime::Included => ir::ClosingTime::Included,
        ast::ClosingTime::Midnight => ir::ClosingTime::Midnight,
    }
}

/// The whole number a mistyped threshold stands for (`8 %` → 8), for the help of E0302.
fn whole_number(quantity: &ast::Quantity) -> Option<i64> {
    match quantity {
        ast::Quantity::Percent(d) | ast::Quantity::Euros(d) if d.scale == 0 => Some(d.mantissa),
        ast::Quantity::Fraction(n, 1) => Some(*n),
        ast::Quantity::Points(n) | ast::Quantity::Duration(n, _) | ast::Quantity::Count(n) => {
            Some(*n)
        }
        _ => None,
    }
}

/// A threshold's comparison, as written in a spec.
fn op_words(op: ast::ThresholdOp) -> &'static str {
    match op {
        ast::ThresholdOp::AtLeast => "au moins",
        ast::ThresholdOp::MoreThan => "plus de",
    }
}

fn quantity_kind(quantity: &ast::Quantity) -> Msg {
    Msg::new(match quantity {
        ast::Quantity::Percent(_) => "quantity-percentage",
        ast::Quantity::Fraction(..) => "quantity-fraction",
        ast::Quantity::Euros(_) => "quantity-euros",
        ast::Quantity::Points(_) => "quantity-points",
        ast::Quantity::Duration(..) => "quantity-duration",
        ast::Quantity::Count(_) => "quantity-count",
    })
}
