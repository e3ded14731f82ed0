//! Checking: the AST resolved into the IR, with every inconsistency reported as a diagnostic.
//!
//! One walk over the edition resolves years, amounts, texts, conditions and
//! provenance; the submodules hold each family of rules. All diagnostics are
//! collected; the IR is returned only when there is no error.

mod amounts;
mod conditions;
mod dates;
mod gating;
pub mod text;

/// Old path of `wording::amount_in_words`, kept only for `interpret`, `case` and `emit_rust` until they switch.
pub use crate::wording::amount_in_words;
pub use amounts::amount_as_written;

use crate::ast::{self, EditionItem, IndicatorItem, SectionItem};
use crate::diagnostic::Diagnostic;
use crate::ir::{self, Amount, AmountSpec, Fact, Provenance};
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
    text::control_characters(source, &mut diagnostics);
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    let has_error = diagnostics.iter().any(Diagnostic::is_error);
    Checked {
        edition: if has_error { None } else { edition },
        diagnostics,
    }
}

struct SourceInfo {
    file: String,
    borrowed: bool,
}

struct Checker<'a> {
    source: &'a str,
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
                Diagnostic::error("E0105", *span, format!("`{what}` is given more than once"))
                    .with_label(*first, "first given here")
                    .with_help("keep one; a block states each fact once"),
            );
        }
    }
    items.first().map(|(item, _)| item.clone())
}

impl<'a> Checker<'a> {
    fn new(edition: &ast::Edition, source: &'a str) -> Self {
        let year = i32::try_from(edition.year.node).unwrap_or(0);
        Checker {
            source,
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
                        format!(
                            "the citation names source `{}`, which the edition does not declare",
                            citation.source.node
                        ),
                    )
                    .with_help(format!(
                        "declare it with `source` or `emprunt`; declared sources: {}",
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known
                        }
                    )),
                );
                None
            }
        }
    }

    fn fact<T>(&mut self, value: T, citation: &Option<ast::Citation>) -> Fact<T> {
        Fact {
            value,
            provenance: self.provenance(citation),
        }
    }

    fn missing(&mut self, span: Span, what: &str, help: &str) {
        self.diagnostics.push(
            Diagnostic::error("E0104", span, format!("missing `{what}`"))
                .with_help(help.to_string()),
        );
    }

    fn edition(&mut self, edition: &ast::Edition, path: Option<&str>) -> Option<ir::Edition> {
        let header = edition.header_span;
        if !(1000..=9999).contains(&edition.year.node) {
            self.diagnostics.push(
                Diagnostic::error(
                    "E0601",
                    edition.year.span,
                    format!("`{}` is not a reference year", edition.year.node),
                )
                .with_help("the reference year N is written with four digits, such as `2025`"),
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
                        format!("source `{}` is declared twice", source.id.node),
                    )
                    .with_help("each source id names one seed"),
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
        if !source_list.iter().any(|(_, b)| b.is_none()) {
            self.missing(
                header,
                "source",
                "name the seed this edition encodes: `source 004 \"004_….txt\" \"title\"`",
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
                            Diagnostic::error("E0203", value.span, "the value of a point is a positive amount with at most two decimals")
                                .with_help("write `valeur du point 7 €`"),
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
                    "an edition in points needs `valeur du point 7 €`",
                );
                ir::Unit::Points {
                    point_value_cents: 1,
                }
            }
            (Some(ast::Unit::Euros), Some(_)) | (None, Some(_)) => {
                if let Some((_, span)) = point_values.first() {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "E0106",
                            *span,
                            "`valeur du point` in an edition that is not in points",
                        )
                        .with_help("declare `unité points`, or remove the point value"),
                    );
                }
                ir::Unit::Euros
            }
            (Some(ast::Unit::Euros), None) => ir::Unit::Euros,
            (None, None) => {
                self.missing(
                    header,
                    "unité",
                    "say how the guide states amounts: `unité points` or `unité euros`",
                );
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
                self.missing(header, "appréciation", "say when indicators are assessed: `appréciation au 31/12/N sans proratisation`");
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
                    "give the opening of the declaration window, or `ouverture inconnue`",
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
                self.missing(
                    header,
                    "clôture",
                    "give the deadline, or `clôture inconnue`",
                );
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
                self.missing(
                    header,
                    "portail",
                    "give the portal's one spelling: `portail \"amelipro\"`",
                );
                String::new()
            }
        };
        self.context.portal = Some(portal.clone());

        let sections_ast = gather!(EditionItem::Section(s) => s);
        self.gather_counts(&sections_ast);

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
                self.missing(
                    header,
                    "titre",
                    "give the edition's title: `titre \"Forfait structure 2025\"`",
                );
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
        let papers = gather!(EditionItem::Paper(h, r, c, s) => ((h, r, c), *s));
        let paper = single(&papers, "papier", &mut self.diagnostics).map(|(h, r, c)| {
            let how = self.text(h);
            let return_to = self.text(r);
            self.fact(ir::PaperRoute { how, return_to }, c)
        });
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

        let mut sections: Vec<ir::Section> = Vec::new();
        let mut section_ids: BTreeMap<String, Span> = BTreeMap::new();
        for section in &sections_ast {
            if let Some(first) = section_ids.get(&section.id.node) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0101",
                        section.id.span,
                        format!("section `{}` is declared twice", section.id.node),
                    )
                    .with_label(*first, "first declared here")
                    .with_help("give each section its own id"),
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
                "the form of an edition with declared indicators needs its sworn statement: `attestation \"Je certifie …\"`",
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
                        format!("annex `{}` is declared twice", annex.id.node),
                    )
                    .with_help("give each annex its own id"),
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
            online,
            paper,
            sworn_statement,
            stated_max_total: stated_max.as_ref().map(|(f, _)| f.clone()),
            sections,
            annexes,
            prose,
        };
        if let Some((stated, span)) = stated_max {
            amounts::check_total(
                stated.value,
                edition_ir.max_total(),
                span,
                "the sections",
                &mut self.diagnostics,
            );
        }
        Some(edition_ir)
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
                    format!("this edition belongs in `specs/{expected}`, not `{path}`"),
                )
                .with_help(
                    "name the file after its programme, profession and year, so that tools find it",
                ),
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
        }
    }

    fn amount(&mut self, stmt: &ast::AmountStmt) -> Option<Fact<AmountSpec>> {
        let value = match &stmt.value {
            Ok(value) => AmountSpec::Known(amounts::resolve_amount(
                value,
                self.unit,
                &mut self.diagnostics,
            )?),
            Err(reason) => AmountSpec::Unknown(self.text(reason)),
        };
        if stmt.citation.is_none() {
            self.diagnostics.push(
                Diagnostic::warning("W0301", stmt.span, "amount without provenance")
                    .with_help("cite the seed that states it: `[002 tableau]`"),
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
                            format!(
                                "section `{}` is paid if section `{}` is met, but there is no such section",
                                section.id.node, id.node
                            ),
                        )
                        .with_help(format!("sections are: {known}")),
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
        let amount = amount_stmt.and_then(|a| self.amount(a));
        if amount.is_some() && gating != ir::Gating::Prerequisite {
            if let Some(stmt) = amount_stmt {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0106",
                        stmt.span,
                        "only a `prérequis` section is paid as a whole",
                    )
                    .with_help("give each indicator of this section its own `montant`"),
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
                        format!("sub-indicator `{}` stands outside any indicator", sub.id.node),
                    )
                    .with_help("write it inside its parent indicator, or name the parent: `sous-indicateur id \"…\" de parent`"),
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
                        format!("sub-indicator `{}` is in section `{}`, but its parent `{}` is in another section", sub.id.node, section.id.node, parent_id.node)
                    } else {
                        format!("sub-indicator `{}` names parent `{}`, which does not exist", sub.id.node, parent_id.node)
                    },
                )
                .with_help("a sub-indicator belongs to an indicator of its own section"),
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
                SectionItem::SubIndicator(_) | SectionItem::Amount(_) | SectionItem::Total(..) => {}
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
            indicators,
            prose,
            span: section.header_span,
        };
        if let Some((stated, span)) = stated_total {
            let derived = match &resolved.amount {
                Some(a) => a.value.known().unwrap_or_default(),
                None => resolved.max_amount(),
            };
            let what = if resolved.amount.is_some() {
                format!(
                    "section `{}` is paid {} as a whole; its stated total and amount",
                    resolved.id,
                    wording::amount_in_words(derived)
                )
            } else {
                format!("the indicators of section `{}`", resolved.id)
            };
            amounts::check_total(stated.value, derived, span, &what, &mut self.diagnostics);
        }
        Some(resolved)
    }

    /// Amounts must be paid exactly once: by the section, by the indicator, or by its sub-indicators.
    fn check_paid(&mut self, indicator: &ir::Indicator, gating: &ir::Gating, section_paid: bool) {
        let own = indicator.amount.is_some();
        let subs_paid =
            !indicator.subs.is_empty() && indicator.subs.iter().all(|s| s.amount.is_some());
        if section_paid && (own || indicator.subs.iter().any(|s| s.amount.is_some())) {
            self.diagnostics.push(
                Diagnostic::error(
                    "E0204",
                    indicator.span,
                    format!(
                        "indicator `{}` has its own amount, but its section is paid as a whole",
                        indicator.id
                    ),
                )
                .with_help("keep the amount on the section, or on the indicators, not both"),
            );
        } else if !section_paid && *gating != ir::Gating::Prerequisite && !own && !subs_paid {
            self.diagnostics.push(
                Diagnostic::error(
                    "E0204",
                    indicator.span,
                    format!(
                        "indicator `{}` is never paid: it has no amount",
                        indicator.id
                    ),
                )
                .with_help(
                    "give it a `montant`, or `montant inconnu \"raison\"` when no seed states it",
                ),
            );
        }
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
                    &format!("the sub-indicators of `{}`", indicator.id),
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
                    format!("indicator `{dotted}` is declared twice"),
                )
                .with_label(*first, "first declared here")
                .with_help("ids are stable across editions: give each indicator its own"),
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
                        format!(
                            "sub-indicator `{}` names parent `{}` but stands inside `{enclosing}`",
                            indicator.id.node, named.node
                        ),
                    )
                    .with_help("move it into its parent, or correct the name after `de`"),
                );
            }
        }
        if indicator.citation.is_none() {
            self.diagnostics.push(
                Diagnostic::warning(
                    "W0301",
                    indicator.header_span,
                    format!("indicator `{dotted}` has no provenance"),
                )
                .with_help("cite the seed and section that state it: `[004 §1.4]`"),
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
                        "say who provides it: `type déclaratif`, `type déclaratif avec pré-alimentation` or `type automatisé`",
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
            subs: Vec::new(),
            prose: Vec::new(),
            span: indicator.header_span,
        };
        let mut seen: BTreeMap<&'static str, Span> = BTreeMap::new();
        let mut measure_ids: BTreeMap<String, Span> = BTreeMap::new();
        let mut declared_count = false;
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
                            format!("`{name}` is given more than once"),
                        )
                        .with_label(*first, "first given here")
                        .with_help("keep one; a block states each fact once"),
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
                    }
                }
                IndicatorItem::Continues(ids, reason, _, _) => {
                    out.continues.extend(ids.iter().map(|i| i.node.clone()));
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
                                format!("software `{}` is declared twice", id.node),
                            )
                            .with_help("each software role is declared once"),
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
                    if let Some(r) = self.rate(rate) {
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
                        Diagnostic::error("E0102", what.span, format!("the exemption waives software `{role}`, which this indicator does not declare"))
                            .with_help("name a `logiciel` of this indicator, or `tout` for the whole indicator"),
                    );
                }
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
                            format!("declarative indicator `{dotted}` has nothing to declare on the form"),
                        )
                        .with_help("add a `question`, a `choix`, a `logiciel` or a `nombre` for the practitioner to fill in"),
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
                            format!("indicator `{dotted}` is pre-filled, but the spec does not say from where"),
                        )
                        .with_help("add `pré-alimentation \"source\" sinon \"what the practitioner does\"`"),
                    );
                }
            }
            ir::Kind::Automated => {
                if out.has_form_elements() {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "E0502",
                            indicator.header_span,
                            format!("automated indicator `{dotted}` asks the practitioner to fill in the form"),
                        )
                        .with_help("an automated indicator is measured by the insurer: use `taux`, `nombre` or `constat`, or make it declarative"),
                    );
                }
                if let Some(span) = asks_evidence {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "E0502",
                            span,
                            format!(
                                "automated indicator `{dotted}` asks the practitioner for evidence"
                            ),
                        )
                        .with_help("the insurer measures it: write `justificatif aucun`"),
                    );
                }
                if !has_own_rule && out.subs.is_empty() {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "E0104",
                            indicator.header_span,
                            format!("automated indicator `{dotted}` measures nothing"),
                        )
                        .with_help("add the `taux`, `nombre` or `constat` the insurer measures"),
                    );
                }
            }
        }
        Some(out)
    }

    fn duplicate_measure(&mut self, id: &ast::Ident, first: Span) {
        self.diagnostics.push(
            Diagnostic::error(
                "E0101",
                id.span,
                format!("measure `{}` is declared twice in this indicator", id.node),
            )
            .with_label(first, "first declared here")
            .with_help("give each `taux`, `nombre` and `constat` its own id"),
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
                        format!("option `{}` is listed twice", option.id.node),
                    )
                    .with_label(first, "first listed here")
                    .with_help("list each option once, with `accepte` or `refuse`"),
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
                    "no option of this list validates the indicator",
                )
                .with_help("mark the options that validate it with `accepte`"),
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

    fn rate(&mut self, rate: &ast::Rate) -> Option<ir::Rate> {
        self.check_numerator_stated(rate);
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
            .and_then(|e| conditions::resolve_condition(e, &mut self.diagnostics));
        let denominator = single(&denominators, "dénominateur", &mut self.diagnostics)
            .and_then(|(e, _, _)| e.as_ref())
            .and_then(|e| conditions::resolve_condition(e, &mut self.diagnostics));
        let mut exclusions = Vec::new();
        for exclusion in &rate.exclusions {
            if exclusion.citation.is_none() {
                self.diagnostics.push(
                    Diagnostic::warning("W0301", exclusion.span, "exclusion without provenance")
                        .with_help("cite the seed that states it: `[004 §1.4]`"),
                );
            }
            let condition =
                conditions::resolve_condition(&exclusion.condition, &mut self.diagnostics);
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
                self.missing(
                    rate.span,
                    "seuil",
                    "give the rate's threshold: `seuil au moins 70 %` or `seuil au moins 2/3`",
                );
                None
            }
        };
        let label = self.text(&rate.label);
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
        })
    }

    /// A rate read from acts says which acts its numerator counts (E0304): without it every act
    /// would count as transmitted and the rate would always be 100 %. A rate with no act-level
    /// rule at all (only its `seuil`) is measured by the insurer and given as counts.
    fn check_numerator_stated(&mut self, rate: &ast::Rate) {
        let help = "say which acts count: `numérateur actes où mode dans {sesam_vitale, sesam_sans_vitale} [cit]`";
        // `taux fse`: the rate, without its block.
        let rate_span = Span::new(rate.span.start, rate.id.span.end);
        if let Some((None, _, span)) = rate.numerator.first() {
            self.diagnostics.push(
                Diagnostic::error(
                    "E0304",
                    rate_span,
                    format!(
                        "the numerator of rate `{}` counts every act: the rate would always be 100 %",
                        rate.id.node
                    ),
                )
                .with_label(*span, "this numerator has no condition")
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
            .map(|e| (e.span, "`exclure` reads the rate from acts"))
            .or_else(|| {
                rate.denominator
                    .first()
                    .map(|d| (d.2, "`dénominateur` reads the rate from acts"))
            })
            .or_else(|| {
                rate.periods
                    .first()
                    .map(|p| (p.span, "`période` reads the rate from acts"))
            });
        if let Some((span, label)) = act_rule {
            self.diagnostics.push(
                Diagnostic::error(
                    "E0304",
                    rate_span,
                    format!(
                        "rate `{}` is read from acts but does not say what its numerator counts",
                        rate.id.node
                    ),
                )
                .with_label(span, label)
                .with_help(format!(
                    "{help}; a rate that the insurer measures and gives as counts states only its `seuil`"
                )),
            );
        }
    }

    fn rate_threshold(&mut self, threshold: &ast::Threshold) -> Option<ir::RateThreshold> {
        if threshold.citation.is_none() {
            self.diagnostics.push(
                Diagnostic::warning("W0301", threshold.span, "threshold without provenance")
                    .with_help("cite the seed that states it: `[004 §1.4]`"),
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
                            "a fraction cannot have 0 below the line",
                        )
                        .with_help("write a fraction between 0 and 1, such as `2/3`"),
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
                        format!(
                            "a rate is compared with a percentage or a fraction, not {}",
                            quantity_kind(other)
                        ),
                    )
                    .with_help("write `seuil au moins 70 %` or `seuil au moins 2/3`"),
                );
                return None;
            }
        };
        if value > ir::Rational::from_integer(1) {
            self.diagnostics.push(
                Diagnostic::error("E0301", threshold.value.span, "a rate cannot exceed 100 %")
                    .with_help(
                        "a rate threshold lies between 0 % and 100 % (a fraction between 0 and 1)",
                    ),
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
                            Diagnostic::warning("W0301", t.span, "threshold without provenance")
                                .with_help("cite the seed that states it: `[004 §1.7]`"),
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
                            format!(
                                "a count is compared with a whole number, not {}",
                                quantity_kind(other)
                            ),
                        )
                        .with_help("write `seuil au moins 3`"),
                    );
                    None
                }
            },
            None => None,
        };
        let label = self.text(&count.label);
        Some(ir::Count {
            id: count.id.node.clone(),
            label,
            provenance: self.provenance(&count.citation),
            threshold,
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
                        Diagnostic::error("E0105", case.span, "this case is given more than once")
                            .with_help("list each case once"),
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

fn quantity_kind(quantity: &ast::Quantity) -> &'static str {
    match quantity {
        ast::Quantity::Percent(_) => "a percentage",
        ast::Quantity::Fraction(..) => "a fraction",
        ast::Quantity::Euros(_) => "an amount in euros",
        ast::Quantity::Points(_) => "an amount in points",
        ast::Quantity::Duration(..) => "a duration",
        ast::Quantity::Count(_) => "a count",
    }
}
