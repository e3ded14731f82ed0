//! Hover: what the statement, text, date, amount, citation or id under the cursor resolves to,
//! in French Markdown.

use super::analysis::{Analysis, IdKind, Node, Occurrence, Statement};
use super::seeds;
use super::workspace::Sibling;
use crate::ast::{self, EditionItem, IndicatorItem, SectionItem};
use crate::check::text::{self, TextContext};
use crate::span::Span;
use crate::wording::{euros_in_words, points_in_words};
use std::path::Path;

/// What the editor shows over `offset`: the span described and the Markdown.
pub fn hover(
    analysis: &Analysis,
    offset: usize,
    path: Option<&Path>,
    siblings: &dyn Fn() -> Vec<Sibling>,
) -> Option<(Span, String)> {
    let file = analysis.file.as_ref()?;
    let describe = Describe {
        analysis,
        file,
        path,
    };
    for node in analysis.nodes_at(offset) {
        let found = match node {
            Node::Id(occurrence) => describe.id(occurrence, siblings),
            Node::Citation(c) => Some((c.span, describe.citation(c))),
            Node::Placeholder(span, inner) => Some((span, describe.placeholder(inner))),
            Node::Text(t) if t.node.contains('{') => Some((t.span, describe.text(t))),
            Node::Text(_) => None,
            Node::Date(d) => Some((d.span, describe.date(d))),
            Node::Statement(span, statement) => describe.statement(statement).map(|s| (span, s)),
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

struct Describe<'a> {
    analysis: &'a Analysis,
    file: &'a ast::File,
    path: Option<&'a Path>,
}

impl Describe<'_> {
    fn context(&self) -> TextContext {
        self.analysis.context.clone().unwrap_or_default()
    }

    fn resolve(&self, template: &str, span: Span) -> String {
        text::resolve(
            template,
            span,
            &self.analysis.text,
            &self.context(),
            &mut Vec::new(),
        )
        .resolved
    }

    fn text(&self, t: &ast::Text) -> String {
        let resolved = self.resolve(&t.node, t.span);
        format!("**Texte résolu**\n\n{}", quote(&resolved))
    }

    fn placeholder(&self, inner: &str) -> String {
        let written = format!("{{{inner}}}");
        let mut diagnostics = Vec::new();
        let resolved = text::resolve(
            &written,
            Span::default(),
            "",
            &self.context(),
            &mut diagnostics,
        )
        .resolved;
        if diagnostics.iter().any(|d| d.code == "E0701") {
            format!(
                "`{written}` : paramètre inconnu.\n\nParamètres possibles : `{{N}}`, `{{N+1}}`, `{{N-3}}`, \
                 `{{31/12/N}}`, `{{an 2021}}`, `{{ouverture}}`, `{{clôture}}`, `{{portail}}`, \
                 `{{nombre <section>}}`, `{{nombre <section> déclaratifs}}`, \
                 `{{nombre <section> automatisés}}`, `{{total <section>}}`."
            )
        } else {
            format!("`{written}` devient **{resolved}**")
        }
    }

    fn date(&self, d: &ast::Date) -> String {
        let year = match d.year {
            ast::Year::Relative(offset) => self.year().saturating_add(offset),
            ast::Year::Literal(year) => year,
        };
        let date = crate::ir::CivilDate {
            year,
            month: d.month,
            day: d.day,
        };
        if date.is_valid() {
            format!("**{}** ({date})", date.in_words())
        } else {
            format!(
                "Cette date n'existe pas ({:02}/{:02}/{year}).",
                d.day, d.month
            )
        }
    }

    fn year(&self) -> i32 {
        i32::try_from(self.file.edition.year.node).unwrap_or(0)
    }

    /// The point value in cents, in an edition stated in points.
    fn point_value(&self) -> Option<i64> {
        let in_points = self
            .file
            .edition
            .items
            .iter()
            .any(|i| matches!(i, EditionItem::Unit(u) if u.node == ast::Unit::Points));
        if !in_points {
            return None;
        }
        self.file.edition.items.iter().find_map(|i| match i {
            EditionItem::PointValue(v, _, _) => cents(v.node),
            _ => None,
        })
    }

    fn amount(&self, value: &ast::AmountValue) -> String {
        let stated = value.euros.as_ref().and_then(|e| cents(e.node));
        match (self.point_value(), &value.points, stated) {
            (Some(pv), Some(points), stated) => {
                let Some(computed) = points.node.times_whole(pv) else {
                    return "Montant trop grand, ou qui ne fait pas un nombre entier de centimes."
                        .to_string();
                };
                let points_value = points.node.ratio().unwrap_or_default();
                let mut out = format!(
                    "**{} points = {}** ({} le point)",
                    points_in_words(points_value),
                    euros_in_words(computed),
                    euros_in_words(pv)
                );
                if let Some(stated) = stated.filter(|s| *s != computed) {
                    out.push_str(&format!(
                        "\n\nLe texte indique {}, mais {} points à {} font {}.",
                        euros_in_words(stated),
                        points_in_words(points_value),
                        euros_in_words(pv),
                        euros_in_words(computed)
                    ));
                }
                out
            }
            (Some(pv), None, Some(stated)) if pv > 0 && stated % pv == 0 => format!(
                "**{} = {} points** ({} le point)",
                euros_in_words(stated),
                points_in_words(crate::ir::Rational::from_integer(stated / pv)),
                euros_in_words(pv)
            ),
            (Some(pv), None, Some(stated)) => format!(
                "**{}**, qui ne fait pas un nombre entier de points à {} le point.",
                euros_in_words(stated),
                euros_in_words(pv)
            ),
            (None, _, Some(stated)) => format!("**{}**", euros_in_words(stated)),
            (None, Some(points), None) => format!(
                "**{} points**, dans une édition qui n'est pas en points (`unité points` et `valeur du point` manquent).",
                points.node
            ),
            _ => "Montant sans valeur en euros.".to_string(),
        }
    }

    fn source(&self, id: &str) -> Option<(&ast::Source, Option<&ast::Text>)> {
        self.file.edition.items.iter().find_map(|i| match i {
            EditionItem::Source(s) if s.id.node == id => Some((s, None)),
            EditionItem::Borrow(s, reason) if s.id.node == id => Some((s, Some(reason))),
            _ => None,
        })
    }

    fn source_summary(&self, source: &ast::Source, reason: Option<&ast::Text>) -> String {
        let mut out = format!(
            "**Source {}** — {}\n\nFichier : `{}`",
            source.id.node,
            self.resolve(&source.title.node, source.title.span),
            source.file.node
        );
        if let Some(reason) = reason {
            out.push_str(&format!(
                "\n\nEmprunt à une autre édition : {}",
                self.resolve(&reason.node, reason.span)
            ));
        }
        out
    }

    fn citation(&self, c: &ast::Citation) -> String {
        let Some((source, reason)) = self.source(&c.source.node) else {
            return format!(
                "La source `{}` n'est pas déclarée dans cette édition (`source` ou `emprunt`).",
                c.source.node
            );
        };
        let mut out = self.source_summary(source, reason);
        if let Some(locator) = &c.locator {
            out.push_str(&format!("\n\nEndroit cité : {locator}"));
        }
        match self.path.and_then(|p| seeds::find(p, &source.file.node)) {
            Some(seed_path) => {
                let seed = std::fs::read_to_string(&seed_path).unwrap_or_default();
                let found = c
                    .locator
                    .as_deref()
                    .and_then(|l| seeds::excerpt(&seed, l));
                match found {
                    Some((line, lines)) => {
                        out.push_str(&format!(
                            "\n\nExtrait du seed (lignes {} à {}) :\n\n```text\n{}\n```",
                            line + 1,
                            line + lines.len(),
                            lines.join("\n").replace("```", "'''")
                        ));
                    }
                    None => out.push_str("\n\nL'endroit cité n'a pas été trouvé dans le seed."),
                }
            }
            None => out.push_str(
                "\n\nLe seed n'est pas à portée (ni dans un dossier `seeds` à côté des specs, ni dans `../shared/seeds`).",
            ),
        }
        out
    }

    fn section_summary(&self, s: &ast::Section) -> String {
        let gating = match &s.gating.node {
            ast::Gating::Prerequisite => {
                "prérequis : tous ses indicateurs doivent être atteints ; elle débloque les sections qui la nomment".to_string()
            }
            ast::Gating::Complementary(id) => format!(
                "complémentaire : chaque indicateur est payé seul, si la section `{}` est atteinte",
                id.node
            ),
            ast::Gating::Independent => {
                "indépendante : chaque indicateur est payé quelles que soient les autres sections".to_string()
            }
        };
        let mut out = format!(
            "**Section `{}`** — {}\n\nPaiement : {gating}",
            s.id.node,
            self.resolve(&s.title.node, s.title.span)
        );
        let context = self.context();
        if let Some((all, declared, automated)) = context.section_counts.get(&s.id.node) {
            out.push_str(&format!(
                "\n\n{} indicateur{} ({declared} déclaratif{}, {automated} automatisé{})",
                all,
                plural(*all),
                plural(*declared),
                plural(*automated)
            ));
        }
        if let Some(total) = context.section_totals.get(&s.id.node) {
            out.push_str(&format!("\n\nTotal : {total}"));
        }
        for item in &s.items {
            if let SectionItem::Amount(ast::AmountStmt {
                value: Ok(value), ..
            }) = item
            {
                out.push_str(&format!("\n\nMontant : {}", self.amount(value)));
            }
        }
        out
    }

    fn indicator_summary(&self, i: &ast::Indicator) -> String {
        let number = i.items.iter().find_map(|item| match item {
            IndicatorItem::Number(n) => Some(n.node),
            _ => None,
        });
        let mut out = match number {
            Some(n) => format!("**Indicateur n° {n} `{}`**", i.id.node),
            None => format!("**Indicateur `{}`**", i.id.node),
        };
        out.push_str(&format!(
            "\n\n{}",
            self.resolve(&i.title.node, i.title.span)
        ));
        for item in &i.items {
            match item {
                IndicatorItem::Kind(kind, _) => out.push_str(&format!(
                    "\n\nType : {}",
                    match kind.node {
                        ast::Kind::Declarative => "déclaratif",
                        ast::Kind::Prefilled => "déclaratif avec pré-alimentation",
                        ast::Kind::Automated => "automatisé",
                    }
                )),
                IndicatorItem::Amount(ast::AmountStmt {
                    value: Ok(value), ..
                }) => out.push_str(&format!("\n\nMontant : {}", self.amount(value))),
                IndicatorItem::Neutralised(t, _, _) => out.push_str(&format!(
                    "\n\nNeutralisé : {}",
                    self.resolve(&t.node, t.span)
                )),
                _ => {}
            }
        }
        if let Some(c) = &i.citation {
            if let Some((source, _)) = self.source(&c.source.node) {
                out.push_str(&format!(
                    "\n\nSource : {} — {}",
                    source.id.node,
                    self.resolve(&source.title.node, source.title.span)
                ));
                if let Some(l) = &c.locator {
                    out.push_str(&format!(", {l}"));
                }
            }
        }
        out
    }

    fn statement(&self, statement: Statement<'_>) -> Option<String> {
        Some(match statement {
            Statement::Edition(e) => {
                let mut out = format!(
                    "**Édition {} {}**, année de référence N = {}",
                    e.programme.node, e.profession.node, e.year.node
                );
                if let Some(edition) = &self.analysis.edition {
                    out.push_str(&format!("\n\n{}", edition.title.resolved));
                    let count = edition
                        .sections
                        .iter()
                        .map(|s| s.all_indicators().len())
                        .sum::<usize>();
                    out.push_str(&format!(
                        "\n\n{} section{}, {count} indicateur{} ; total maximal : {}",
                        edition.sections.len(),
                        plural(edition.sections.len()),
                        plural(count),
                        crate::wording::amount_in_words(edition.max_total())
                    ));
                }
                out
            }
            Statement::Source(s, reason) => self.source_summary(s, reason),
            Statement::Section(s) => self.section_summary(s),
            Statement::Indicator(i) => self.indicator_summary(i),
            Statement::Amount(v) => format!("Montant : {}", self.amount(v)),
            Statement::Threshold(t) => format!("Seuil : **{}**", threshold(t)),
            Statement::Option(o) => {
                let mut out = format!(
                    "**Option `{}`** ({}) — {}",
                    o.id.node,
                    if o.accepted {
                        "acceptée : elle valide l'indicateur"
                    } else {
                        "refusée : elle ne valide pas l'indicateur"
                    },
                    self.resolve(&o.label.node, o.label.span)
                );
                if let Some(min) = &o.minimum_per_year {
                    out.push_str(&format!(
                        "\n\nCompte à partir de {} par an (le formulaire demande le nombre).",
                        min.node
                    ));
                }
                if o.not_prefilled {
                    out.push_str("\n\nLa choisir empêche la pré-alimentation de l'indicateur.");
                }
                out
            }
        })
    }

    fn id(
        &self,
        occurrence: &Occurrence,
        siblings: &dyn Fn() -> Vec<Sibling>,
    ) -> Option<(Span, String)> {
        let span = occurrence.span;
        let name = occurrence.name.as_str();
        let context = self.context();
        let described = match occurrence.kind {
            IdKind::Section => find_section(self.file, name).map(|s| self.section_summary(s)),
            IdKind::Indicator => find_indicator(self.file, name).map(|i| self.indicator_summary(i)),
            IdKind::Continued => Some({
                let mut out = format!(
                    "**Reprend `{name}`**, un indicateur d'une édition antérieure (pour le diff d'une année à l'autre)."
                );
                for sibling in siblings() {
                    if let Some(i) = find_indicator(&sibling.file, name) {
                        let context = crate::check::text_context(&sibling.file, &sibling.text);
                        let title = text::resolve(
                            &i.title.node,
                            i.title.span,
                            &sibling.text,
                            &context,
                            &mut Vec::new(),
                        );
                        out.push_str(&format!("\n\n- `{}` : {}", sibling.name(), title.resolved));
                    }
                }
                out
            }),
            IdKind::Source => self
                .source(name)
                .map(|(s, reason)| self.source_summary(s, reason)),
            IdKind::Year => Some(format!("Année de référence : **N = {}**", self.year())),
            IdKind::Opening => context
                .opening
                .map(|o| format!("Ouverture de la déclaration : **{o}**")),
            IdKind::Closing => context
                .closing
                .map(|c| format!("Clôture de la déclaration : **{c}**")),
            IdKind::Portal => context
                .portal
                .map(|p| format!("Le portail s'écrit **{p}**")),
            IdKind::Option | IdKind::Software | IdKind::Measure | IdKind::Annex => {
                // Their statements say more; an id alone says what it is.
                let label = self.label_of(occurrence);
                Some(format!(
                    "**{} `{name}`**{}",
                    capitalised(occurrence.kind.words()),
                    label.map(|l| format!(" — {l}")).unwrap_or_default()
                ))
            }
        };
        match (occurrence.kind, described) {
            (IdKind::Option, _) => None,
            (_, Some(text)) => Some((span, text)),
            (_, None) => Some((
                span,
                format!(
                    "{} `{name}` : introuvable dans cette édition.",
                    capitalised(occurrence.kind.words())
                ),
            )),
        }
    }

    fn label_of(&self, occurrence: &Occurrence) -> Option<String> {
        let indicator = find_indicator(self.file, occurrence.scope.as_deref()?)?;
        let name = occurrence.name.as_str();
        indicator.items.iter().find_map(|item| {
            let label = match item {
                IndicatorItem::Software(id, t, _, _) if id.node == name => t,
                IndicatorItem::Rate(r) if r.id.node == name => &r.label,
                IndicatorItem::Count(c) if c.id.node == name => &c.label,
                IndicatorItem::Finding(id, t, _, _) if id.node == name => t,
                _ => return None,
            };
            Some(self.resolve(&label.node, label.span))
        })
    }
}

/// The section `id` of `file`.
pub fn find_section<'a>(file: &'a ast::File, id: &str) -> Option<&'a ast::Section> {
    file.edition.items.iter().find_map(|i| match i {
        EditionItem::Section(s) if s.id.node == id => Some(s),
        _ => None,
    })
}

/// The indicator or sub-indicator `id` of `file`.
pub fn find_indicator<'a>(file: &'a ast::File, id: &str) -> Option<&'a ast::Indicator> {
    fn within<'a>(i: &'a ast::Indicator, id: &str) -> Option<&'a ast::Indicator> {
        if i.id.node == id {
            return Some(i);
        }
        i.items.iter().find_map(|item| match item {
            IndicatorItem::SubIndicator(sub) => within(sub, id),
            _ => None,
        })
    }
    file.edition.items.iter().find_map(|i| match i {
        EditionItem::Section(s) => s.items.iter().find_map(|item| match item {
            SectionItem::Indicator(i) | SectionItem::SubIndicator(i) => within(i, id),
            _ => None,
        }),
        _ => None,
    })
}

/// Cents of a decimal number of euros with at most two decimals.
fn cents(value: ast::Decimal) -> Option<i64> {
    match value.scale {
        0 => value.mantissa.checked_mul(100),
        1 => value.mantissa.checked_mul(10),
        2 => Some(value.mantissa),
        _ => None,
    }
}

fn decimal(value: ast::Decimal) -> String {
    let digits = value.mantissa.unsigned_abs().to_string();
    let scale = usize::try_from(value.scale).unwrap_or(0);
    if scale == 0 || digits.len() <= scale {
        return if scale == 0 {
            digits
        } else {
            format!("0,{digits:0>scale$}")
        };
    }
    let (whole, fraction) = digits.split_at(digits.len() - scale);
    format!("{whole},{fraction}")
}

fn threshold(t: &ast::Threshold) -> String {
    let op = match t.op {
        ast::ThresholdOp::AtLeast => "au moins",
        ast::ThresholdOp::MoreThan => "plus de",
    };
    let value = match &t.value.node {
        ast::Quantity::Percent(d) => format!("{} %", decimal(*d)),
        ast::Quantity::Fraction(a, b) => format!("{a}/{b}"),
        ast::Quantity::Euros(d) => format!("{} €", decimal(*d)),
        ast::Quantity::Points(p) => format!("{p} points"),
        ast::Quantity::Duration(n, unit) => format!(
            "{n} {}",
            match unit {
                ast::DurationUnit::Days => "jours",
                ast::DurationUnit::Months => "mois",
                ast::DurationUnit::Years => "ans",
            }
        ),
        ast::Quantity::Count(n) => n.to_string(),
    };
    format!("{op} {value}")
}

fn quote(text: &str) -> String {
    text.lines()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn plural(n: usize) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

fn capitalised(words: &str) -> String {
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
