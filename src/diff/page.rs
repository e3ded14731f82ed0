//! The change report as an HTML page: a view of the changes, written by `templates/changes.html`.
//!
//! The page opens with what a checker asks first: the edition's totals, then one row per
//! indicator with its type, amount, thresholds and evidence before and after, then the rule
//! changes and, behind a switch, the changes of wording; then, when case files were run, who gains
//! and who loses, with the distribution drawn as an SVG chart. Every label is the guide's, not an
//! id; every text goes through the template's autoescape.

use super::cases::CaseImpact;
use super::render::{provenance_pair, side_in_words, status_label, Report};
use super::{
    entries, indicator_amount, match_indicators, stated_or_unspecified, AmountDelta, Change, Link,
    Segment, SegmentOp, Value,
};
use crate::ir::{self, Edition, Indicator};
use crate::wording;
use serde::Serialize;
use std::collections::HashMap;

/// The report's own style, inlined: a report read alone looks the same as on the site.
const STYLE: &str = include_str!("../../templates/changes.css");

/// Where the report stands among the site's pages, for its links.
#[derive(Clone, Debug, Default)]
pub struct Links {
    /// The index, relative to the report.
    pub index: Option<String>,
    /// The old edition's guide page, relative to the report.
    pub old_guide: Option<String>,
    /// The new edition's guide page, relative to the report.
    pub new_guide: Option<String>,
}

#[derive(Serialize)]
struct PageView {
    title: String,
    old_title: String,
    new_title: String,
    old_year: i32,
    new_year: i32,
    index: Option<String>,
    old_guide: Option<String>,
    new_guide: Option<String>,
    style: &'static str,
    headline: String,
    summary: Vec<SummaryRow>,
    rule_kinds: Vec<KindRow>,
    text_kinds: Vec<KindRow>,
    hidden: usize,
    overview: Vec<OverviewRow>,
    groups: Vec<GroupView>,
    rule_count: usize,
    text_count: usize,
    impact: Option<ImpactView>,
}

#[derive(Serialize)]
struct SummaryRow {
    label: &'static str,
    before: String,
    after: String,
    difference: String,
}

#[derive(Serialize)]
struct KindRow {
    label: &'static str,
    count: usize,
}

/// One indicator, before and after.
#[derive(Serialize)]
struct OverviewRow {
    label: String,
    href: Option<String>,
    section: String,
    depth: usize,
    state: String,
    state_class: &'static str,
    cells: Vec<Cell>,
    difference: String,
}

#[derive(Serialize)]
struct Cell {
    before: String,
    after: String,
    changed: bool,
}

#[derive(Serialize)]
struct GroupView {
    anchor: String,
    heading: String,
    level: u8,
    href: Option<String>,
    rules: Vec<ChangeView>,
    texts: Vec<ChangeView>,
}

#[derive(Serialize)]
struct ChangeView {
    subject: String,
    kind: &'static str,
    rewording: bool,
    before: Option<ValueView>,
    after: Option<ValueView>,
    difference: String,
    paragraphs: Option<Vec<Vec<SegmentView>>>,
    provenance: Option<String>,
}

#[derive(Serialize)]
struct ValueView {
    paragraphs: Vec<String>,
    provenance: Option<String>,
}

#[derive(Serialize)]
struct SegmentView {
    op: &'static str,
    text: String,
}

#[derive(Serialize)]
struct ImpactView {
    headline: String,
    chart: Option<crate::chart::Histogram>,
    cases: Vec<CaseRow>,
}

#[derive(Serialize)]
struct CaseRow {
    name: String,
    description: Option<String>,
    before: String,
    after: String,
    difference: String,
    difference_class: &'static str,
    statuses: Vec<String>,
    ignored: Vec<String>,
}

/// The page for `report`, placed among the site's pages by `links`.
pub fn html(report: &Report<'_>, links: &Links) -> Result<String, crate::render::RenderError> {
    let view = view(report, links);
    let env = crate::render::environment()?;
    let template = env.get_template("changes.html")?;
    Ok(template.render(minijinja::Value::from_serialize(&view))?)
}

fn view(report: &Report<'_>, links: &Links) -> PageView {
    let c = report.changes;
    let (old, new) = (report.old, report.new);
    let titles = Titles::of(old, new);
    let anchors = IndicatorAnchors::of(old, new, links);
    let groups = groups(&c.changes, &titles, &anchors);
    let rule_count = c.changes.iter().filter(|c| !c.kind.is_text()).count();
    let text_count = c.changes.len() - rule_count;
    let kinds = |text: bool| {
        c.summary
            .by_kind
            .iter()
            .filter(|k| k.kind.is_text() == text)
            .map(|k| KindRow {
                label: k.label,
                count: k.count,
            })
            .collect::<Vec<_>>()
    };
    PageView {
        title: format!(
            "{} : ce qui change de {} à {}",
            edition_label(new),
            old.year,
            new.year
        ),
        old_title: c.old.title.clone(),
        new_title: c.new.title.clone(),
        old_year: old.year,
        new_year: new.year,
        index: links.index.clone(),
        old_guide: links.old_guide.clone(),
        new_guide: links.new_guide.clone(),
        style: STYLE,
        headline: headline(rule_count, text_count, c.summary.hidden),
        summary: vec![
            SummaryRow {
                label: "Montant maximal",
                before: c.old.max_total_text.clone(),
                after: c.new.max_total_text.clone(),
                difference: c.summary.max_total_difference.text.clone(),
            },
            SummaryRow {
                label: "Nombre d'indicateurs",
                before: c
                    .summary
                    .indicator_counts
                    .iter()
                    .map(|n| format!("{} : {}", n.section, n.before))
                    .collect::<Vec<_>>()
                    .join(" ; "),
                after: c
                    .summary
                    .indicator_counts
                    .iter()
                    .map(|n| format!("{} : {}", n.section, n.after))
                    .collect::<Vec<_>>()
                    .join(" ; "),
                difference: String::new(),
            },
            SummaryRow {
                label: "Saisie des indicateurs",
                before: c.old.window.clone(),
                after: c.new.window.clone(),
                difference: String::new(),
            },
            SummaryRow {
                label: "Indicateurs",
                before: count_indicators(old),
                after: count_indicators(new),
                difference: String::new(),
            },
            SummaryRow {
                label: "Faits repris d'une autre édition",
                before: format!("{} sur {}", c.old.borrowed_facts, c.old.cited_facts),
                after: format!("{} sur {}", c.new.borrowed_facts, c.new.cited_facts),
                difference: String::new(),
            },
        ]
        .into_iter()
        // The row of indicator counts only when a section's count changed.
        .filter(|row| !(row.before.is_empty() && row.after.is_empty() && row.difference.is_empty()))
        .collect(),
        rule_kinds: kinds(false),
        text_kinds: kinds(true),
        hidden: c.summary.hidden,
        overview: overview(old, new, &titles, &anchors),
        groups,
        rule_count,
        text_count,
        impact: report.impact.map(|impact| impact_view(impact, &titles)),
    }
}

/// The edition as its title names it, or its key when the title is empty.
fn edition_label(edition: &Edition) -> String {
    let title = edition.title.resolved.trim();
    if title.is_empty() {
        edition.key()
    } else {
        title.to_string()
    }
}

fn headline(rules: usize, texts: usize, hidden: usize) -> String {
    let plural = |n: usize, one: &str, many: &str| {
        if n > 1 {
            format!("{n} {many}")
        } else {
            format!("{n} {one}")
        }
    };
    let mut out = format!(
        "{} des règles, {} de libellé ou de texte",
        plural(rules, "changement", "changements"),
        plural(texts, "changement", "changements")
    );
    if hidden > 0 {
        out.push_str(&format!(
            " ; {} masqué{} par --no-prose ou --ignore-rewording",
            hidden,
            if hidden > 1 { "s" } else { "" }
        ));
    }
    out
}

fn count_indicators(edition: &Edition) -> String {
    let n: usize = edition.sections.iter().map(|s| s.indicators.len()).sum();
    let subs: usize = edition
        .sections
        .iter()
        .map(|s| s.all_indicators().len())
        .sum::<usize>()
        - n;
    if subs == 0 {
        format!("{n}")
    } else {
        format!("{n} (et {subs} sous-indicateurs)")
    }
}

/// Titles of sections and indicators, new edition first.
pub(super) struct Titles {
    sections: HashMap<String, String>,
    indicators: HashMap<String, String>,
}

impl Titles {
    pub(super) fn of(old: &Edition, new: &Edition) -> Self {
        let mut sections = HashMap::new();
        let mut indicators = HashMap::new();
        for edition in [old, new] {
            for section in &edition.sections {
                sections.insert(section.id.clone(), section.title.resolved.clone());
                for (id, indicator) in section.all_indicators() {
                    indicators.insert(id, indicator_label(indicator));
                }
            }
        }
        Titles {
            sections,
            indicators,
        }
    }

    pub(super) fn section(&self, id: &str) -> String {
        self.sections
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    pub(super) fn indicator(&self, id: &str) -> String {
        self.indicators
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }
}

/// `Indicateur 4 : Horaires`, or the title alone when the guide gives no number.
fn indicator_label(indicator: &Indicator) -> String {
    match indicator.number {
        Some(n) => format!("{n}. {}", indicator.title.resolved),
        None => indicator.title.resolved.clone(),
    }
}

/// Links to each indicator's place on the guide pages (`#indicateur-…`, as the guide names its
/// anchors).
struct IndicatorAnchors {
    old: HashMap<String, String>,
    new: HashMap<String, String>,
}

impl IndicatorAnchors {
    fn of(old: &Edition, new: &Edition, links: &Links) -> Self {
        let of = |edition: &Edition, guide: &Option<String>| {
            let mut out = HashMap::new();
            if let Some(guide) = guide {
                for section in &edition.sections {
                    for (id, _) in section.all_indicators() {
                        let anchor = crate::render::view::indicator_anchor(&id);
                        out.insert(id, format!("{guide}#{anchor}"));
                    }
                }
            }
            out
        };
        IndicatorAnchors {
            old: of(old, &links.old_guide),
            new: of(new, &links.new_guide),
        }
    }

    fn new_or_old(&self, id: &str) -> Option<String> {
        self.new.get(id).or_else(|| self.old.get(id)).cloned()
    }
}

// ------------------------------------------------------------------ overview

fn overview(
    old: &Edition,
    new: &Edition,
    titles: &Titles,
    anchors: &IndicatorAnchors,
) -> Vec<OverviewRow> {
    let old_entries = entries(old);
    let new_entries = entries(new);
    let matching = match_indicators(&old_entries, &new_entries);
    let mut rows = Vec::new();
    for (n, entry) in new_entries.iter().enumerate() {
        let link = matching.links.get(n).cloned().unwrap_or(Link::New);
        let before = match link {
            Link::Same(o) | Link::Moved(o) | Link::Replaced(o) => old_entries.get(o),
            Link::New => None,
        };
        let absorbed: Vec<String> = matching
            .absorbs
            .get(n)
            .into_iter()
            .flatten()
            .filter_map(|o| old_entries.get(*o))
            .map(|o| titles.indicator(&o.id))
            .collect();
        let (mut state, state_class) = match (&link, before) {
            (Link::New, _) | (_, None) => ("ajouté".to_string(), "ajoute"),
            (Link::Replaced(_), Some(o)) => (
                format!("remplace « {} »", titles.indicator(&o.id)),
                "modifie",
            ),
            (Link::Moved(_), Some(o)) => (
                format!("déplacé (depuis {})", titles.section(o.section)),
                "modifie",
            ),
            (Link::Same(_), Some(o)) => {
                if facts(o.indicator) == facts(entry.indicator) && absorbed.is_empty() {
                    ("inchangé".to_string(), "inchange")
                } else {
                    ("modifié".to_string(), "modifie")
                }
            }
        };
        if !absorbed.is_empty() {
            state.push_str(&format!(" ; reprend aussi {}", quoted_list(&absorbed)));
        }
        rows.push(row(
            &entry.id,
            entry.section,
            entry.indicator,
            before.map(|o| o.indicator),
            state,
            state_class,
            titles,
            anchors.new.get(&entry.id).cloned(),
        ));
    }
    for (o, entry) in old_entries.iter().enumerate() {
        if matching.accounted.get(o).copied().unwrap_or(true) {
            continue;
        }
        let mut row = row(
            &entry.id,
            entry.section,
            entry.indicator,
            None,
            "supprimé".to_string(),
            "supprime",
            titles,
            anchors.old.get(&entry.id).cloned(),
        );
        // A removed indicator: its facts are the "before" side.
        for cell in &mut row.cells {
            std::mem::swap(&mut cell.before, &mut cell.after);
        }
        if let Some(amount) = indicator_amount(entry.indicator) {
            row.difference = AmountDelta::between(amount.0, ir::Amount::default()).text;
        }
        rows.push(row);
    }
    rows
}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("« {i} »"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[allow(clippy::too_many_arguments)]
fn row(
    id: &str,
    section: &str,
    indicator: &Indicator,
    before: Option<&Indicator>,
    state: String,
    state_class: &'static str,
    titles: &Titles,
    href: Option<String>,
) -> OverviewRow {
    let after_facts = facts(indicator);
    let before_facts = before.map(facts);
    let cells = after_facts
        .iter()
        .enumerate()
        .map(|(i, after)| {
            let before = before_facts
                .as_ref()
                .and_then(|b| b.get(i).cloned())
                .unwrap_or_else(|| "—".to_string());
            Cell {
                // An indicator added (or removed) has one side only: nothing to compare.
                changed: before_facts.is_some() && before != *after,
                before,
                after: after.clone(),
            }
        })
        .collect();
    let difference = match (
        before.and_then(indicator_amount),
        indicator_amount(indicator),
    ) {
        (Some(b), Some(a)) if b.0 != a.0 => AmountDelta::between(b.0, a.0).text,
        (None, Some(a)) if a.0.cents != 0 => AmountDelta::between(ir::Amount::default(), a.0).text,
        _ => String::new(),
    };
    OverviewRow {
        label: titles.indicator(id),
        href,
        section: titles.section(section),
        depth: id.matches('.').count(),
        state,
        state_class,
        cells,
        difference,
    }
}

/// What the overview compares, in its column order: type, amount, thresholds, evidence.
fn facts(indicator: &Indicator) -> Vec<String> {
    let mut kind = indicator.kind.label().to_string();
    if indicator.neutralised.is_some() {
        kind.push_str(", neutralisé");
    }
    if indicator
        .exemptions
        .iter()
        .any(|e| matches!(e.value.target, ir::ExemptionTarget::Whole))
    {
        kind.push_str(", exonération possible");
    }
    let amount = indicator_amount(indicator).map_or("—".to_string(), |(_, words, _)| words);
    let mut thresholds: Vec<String> = indicator
        .rates
        .iter()
        .filter_map(|r| {
            r.threshold
                .as_ref()
                .map(|t| format!("{} {}", r.label.resolved, wording::threshold_in_sentence(t)))
        })
        .collect();
    thresholds.extend(indicator.counts.iter().filter_map(|c| {
        c.threshold
            .as_ref()
            .map(|t| format!("{} {} {}", c.label.resolved, t.op.words(), t.value))
    }));
    let thresholds = if thresholds.is_empty() {
        "—".to_string()
    } else {
        thresholds.join(" ; ")
    };
    let evidence = if indicator.evidence.is_empty() {
        "aucun".to_string()
    } else {
        indicator
            .evidence
            .iter()
            .map(evidence_summary)
            .collect::<Vec<_>>()
            .join(" ; ")
    };
    vec![kind, amount, thresholds, evidence]
}

fn evidence_summary(evidence: &ir::Evidence) -> String {
    let mut out = super::evidence_in_words(evidence);
    if matches!(evidence.kind, ir::EvidenceKind::None) {
        return out;
    }
    out.push_str(&format!(
        " ; conservé pour contrôle : {}",
        stated_or_unspecified(evidence.kept_for_control)
    ));
    out
}

// ------------------------------------------------------------------ details

fn groups(changes: &[Change], titles: &Titles, anchors: &IndicatorAnchors) -> Vec<GroupView> {
    let mut out: Vec<GroupView> = Vec::new();
    let mut current: Option<(Option<String>, Option<String>)> = None;
    for change in changes {
        let place = (change.section.clone(), change.indicator.clone());
        if current.as_ref() != Some(&place) {
            if let (Some(section), Some(_)) = &place {
                let section_open = out.iter().rev().find_map(|g| g.section_of());
                if section_open.as_deref() != Some(section.as_str()) {
                    out.push(group_for(
                        &(Some(section.clone()), None),
                        titles,
                        anchors,
                        out.len(),
                    ));
                }
            }
            out.push(group_for(&place, titles, anchors, out.len()));
            current = Some(place);
        }
        if let Some(group) = out.last_mut() {
            let view = change_view(change);
            if change.kind.is_text() {
                group.texts.push(view);
            } else {
                group.rules.push(view);
            }
        }
    }
    out
}

impl GroupView {
    fn section_of(&self) -> Option<String> {
        self.anchor
            .strip_prefix("changements-section-")
            .map(|s| s.split("--").next().unwrap_or(s).to_string())
    }
}

fn group_for(
    place: &(Option<String>, Option<String>),
    titles: &Titles,
    anchors: &IndicatorAnchors,
    n: usize,
) -> GroupView {
    let (anchor, heading, level, href) = match place {
        (Some(section), Some(indicator)) => (
            format!(
                "changements-section-{}--{}",
                section,
                indicator.replace('.', "-")
            ),
            titles.indicator(indicator),
            3,
            anchors.new_or_old(indicator),
        ),
        (Some(section), None) => (
            format!("changements-section-{section}"),
            titles.section(section),
            2,
            None,
        ),
        _ => (
            format!("changements-edition-{n}"),
            "L'édition".to_string(),
            2,
            None,
        ),
    };
    GroupView {
        anchor,
        heading,
        level,
        href,
        rules: Vec::new(),
        texts: Vec::new(),
    }
}

fn change_view(change: &Change) -> ChangeView {
    let value = |v: &Option<Value>| {
        v.as_ref().map(|v| ValueView {
            paragraphs: paragraphs(&v.text),
            provenance: v.provenance.clone(),
        })
    };
    ChangeView {
        subject: change.subject.clone(),
        kind: change.kind.label(),
        rewording: change.rewording_only,
        before: value(&change.before),
        after: value(&change.after),
        difference: change
            .difference
            .as_ref()
            .map_or(String::new(), |d| d.text.clone()),
        paragraphs: change.words.as_deref().map(segment_paragraphs),
        provenance: provenance_pair(change),
    }
}

/// A text cut into paragraphs at blank lines; a single line break kept as a line of its own.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// A word diff cut into paragraphs at blank lines, each a run of kept, removed and added words.
fn segment_paragraphs(segments: &[Segment]) -> Vec<Vec<SegmentView>> {
    let mut out: Vec<Vec<SegmentView>> = vec![Vec::new()];
    for segment in segments {
        let op = match segment.op {
            SegmentOp::Equal => "egal",
            SegmentOp::Delete => "supprime",
            SegmentOp::Insert => "ajoute",
        };
        let mut pieces = segment.text.split("\n\n").peekable();
        while let Some(piece) = pieces.next() {
            if !piece.is_empty() {
                if let Some(paragraph) = out.last_mut() {
                    paragraph.push(SegmentView {
                        op,
                        text: piece.to_string(),
                    });
                }
            }
            if pieces.peek().is_some() {
                out.push(Vec::new());
            }
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

// ------------------------------------------------------------------ impact

fn impact_view(impact: &CaseImpact, titles: &Titles) -> ImpactView {
    let t = &impact.totals;
    let differences: Vec<i64> = impact
        .cases
        .iter()
        .filter_map(|c| c.difference_cents)
        .collect();
    let headline = format!(
        "{} cas lus, {} évalués sur les deux éditions : {} gagne{} ({}), {} perd{} (−{}), {} inchangé{} ; solde {}.",
        t.cases,
        t.evaluated,
        t.gaining,
        if t.gaining > 1 { "nt" } else { "" },
        signed_euros(t.gained_cents),
        t.losing,
        if t.losing > 1 { "ent" } else { "" },
        wording::euros_in_words(t.lost_cents),
        t.unchanged,
        if t.unchanged > 1 { "s" } else { "" },
        signed_euros(t.net_cents)
    );
    let cases = impact
        .cases
        .iter()
        .map(|case| {
            let mut ignored = Vec::new();
            for (year, side) in [("avant", &case.before), ("après", &case.after)] {
                if !side.skipped.is_empty() {
                    ignored.push(format!(
                        "{year} : entrées sans objet dans cette édition ({})",
                        side.skipped.join(", ")
                    ));
                }
                for error in &side.errors {
                    ignored.push(format!("{year} : non évaluable ({error})"));
                }
            }
            let statuses = case
                .status_changes
                .iter()
                .map(|s| {
                    format!(
                        "« {} » : {} → {}",
                        titles.indicator(s.new_id.as_deref().or(s.old_id.as_deref()).unwrap_or("")),
                        status_label(s.before),
                        status_label(s.after)
                    )
                })
                .collect();
            CaseRow {
                name: case.path.clone(),
                description: case.description.clone(),
                before: side_in_words(&case.before),
                after: side_in_words(&case.after),
                difference: case
                    .difference_cents
                    .map_or("non évaluable".to_string(), signed_euros),
                difference_class: match case.difference_cents.map(i64::signum) {
                    Some(1) => "gain",
                    Some(-1) => "perte",
                    _ => "stable",
                },
                statuses,
                ignored,
            }
        })
        .collect();
    ImpactView {
        headline,
        chart: crate::chart::histogram(&differences, 24),
        cases,
    }
}

fn signed_euros(cents: i64) -> String {
    super::signed_amount(None, cents)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_word_diff_is_cut_at_blank_lines() {
        let segments = vec![
            Segment {
                op: SegmentOp::Equal,
                text: "Un.\n\nDeux ".into(),
            },
            Segment {
                op: SegmentOp::Insert,
                text: "et trois".into(),
            },
        ];
        let paragraphs = segment_paragraphs(&segments);
        assert_eq!(paragraphs.len(), 2);
        assert_eq!(paragraphs[0][0].text, "Un.");
        assert_eq!(paragraphs[1][1].op, "ajoute");
    }

    #[test]
    fn headline_counts_rules_apart_from_words() {
        assert_eq!(
            headline(3, 1, 0),
            "3 changements des règles, 1 changement de libellé ou de texte"
        );
    }
}
