//! Change reports: plain text for a terminal, Markdown, a standalone HTML page, JSON.
//!
//! Every format shows the same things in the same order: the summary (counts
//! by kind, the maximum before and after, the declaration windows, the share
//! of borrowed facts), then the changes grouped by section and indicator, each
//! with its two values and their provenance, texts as word-level diffs; then,
//! when cases were run, who gains and who loses.

use super::cases::{CaseImpact, CaseOutcome};
use super::page::Titles;
use super::{Change, Changes, Segment, SegmentOp, Value};
use crate::ir::Edition;
use std::fmt::Write as _;

/// How a case runs on an edition of another year, said beside the impact on the cases.
const DATES_MOVED: &str = "Chaque cas décrit l'année de l'édition qu'il nomme : sur l'autre édition, ses dates sont décalées d'autant d'années, pour juger la même activité.";

/// A report: the changes, and the impact on cases when cases were run.
pub struct Report<'a> {
    /// The old edition.
    pub old: &'a Edition,
    /// The new edition.
    pub new: &'a Edition,
    /// What changed.
    pub changes: &'a Changes,
    /// The cases run on both editions.
    pub impact: Option<&'a CaseImpact>,
}

/// The changes as plain text.
pub fn render_text(old: &Edition, new: &Edition, changes: &Changes) -> String {
    Report {
        old,
        new,
        changes,
        impact: None,
    }
    .text()
}

/// The changes as Markdown.
pub fn render_markdown(old: &Edition, new: &Edition, changes: &Changes) -> String {
    Report {
        old,
        new,
        changes,
        impact: None,
    }
    .markdown()
}

/// The changes as a standalone, accessible HTML page (`lang="fr"`, semantic tables, no script).
pub fn render_html(
    old: &Edition,
    new: &Edition,
    changes: &Changes,
) -> Result<String, crate::render::RenderError> {
    Report {
        old,
        new,
        changes,
        impact: None,
    }
    .html()
}

/// The changes as JSON (the contract of `guidec diff --format json`).
pub fn render_json(changes: &Changes) -> String {
    Report::json_of(changes, None)
}

/// Where a group of changes belongs.
#[derive(Clone, PartialEq, Eq)]
enum Place {
    Edition,
    Section(String),
    Indicator(String, String),
}

fn place(change: &Change) -> Place {
    match (&change.section, &change.indicator) {
        (Some(s), Some(i)) => Place::Indicator(s.clone(), i.clone()),
        (Some(s), None) => Place::Section(s.clone()),
        _ => Place::Edition,
    }
}

/// The changes grouped by place, in order; a section's heading comes before its indicators',
/// even when the section itself has no change (so headings never skip a level).
fn groups(changes: &[Change]) -> Vec<(Place, Vec<&Change>)> {
    let mut out: Vec<(Place, Vec<&Change>)> = Vec::new();
    for change in changes {
        let p = place(change);
        match out.last_mut() {
            Some((last, list)) if *last == p => list.push(change),
            _ => {
                if let Place::Indicator(section, _) = &p {
                    let current = out.iter().rev().find_map(|(place, _)| match place {
                        Place::Section(s) | Place::Indicator(s, _) => Some(s.as_str()),
                        Place::Edition => None,
                    });
                    if current != Some(section.as_str()) {
                        out.push((Place::Section(section.clone()), Vec::new()));
                    }
                }
                out.push((p, vec![change]));
            }
        }
    }
    out
}

fn counts_in_words(changes: &Changes) -> String {
    changes
        .summary
        .by_kind
        .iter()
        .map(|k| format!("{} : {}", k.label, k.count))
        .collect::<Vec<_>>()
        .join(", ")
}

fn total_line(changes: &Changes) -> String {
    let n = changes.summary.total;
    let mut out = match n {
        0 => "aucun changement".to_string(),
        1 => "1 changement".to_string(),
        _ => format!("{n} changements"),
    };
    if changes.summary.hidden > 0 {
        out.push_str(&format!(
            " ({} masqué{} par --no-prose ou --ignore-rewording)",
            changes.summary.hidden,
            if changes.summary.hidden == 1 { "" } else { "s" }
        ));
    }
    out
}

fn euros(cents: i64) -> String {
    crate::wording::euros_in_words(cents)
}

fn signed_euros(cents: i64) -> String {
    super::signed_amount(None, cents)
}

pub(super) fn status_label(name: Option<&str>) -> &'static str {
    match name {
        None => "absent",
        Some(name) => crate::wording::status_in_words(name).unwrap_or("?"),
    }
}

fn status_change_ids(old: &Option<String>, new: &Option<String>) -> String {
    match (old, new) {
        (Some(o), Some(n)) if o == n => n.clone(),
        (Some(o), Some(n)) => format!("{o} → {n}"),
        (Some(o), None) => o.clone(),
        (None, Some(n)) => n.clone(),
        (None, None) => String::new(),
    }
}

pub(super) fn side_in_words(side: &super::cases::CaseSide) -> String {
    match side.total_cents {
        None => "non évalué".to_string(),
        Some(cents) if side.incomplete => {
            format!("au moins {} (montant non déterminé)", euros(cents))
        }
        Some(cents) => euros(cents),
    }
}

/// An indicator's amount in a status change: euros, or "non déterminé".
fn amount_or_undetermined(cents: Option<i64>) -> String {
    cents.map_or_else(|| "montant non déterminé".to_string(), euros)
}

impl Report<'_> {
    fn years(&self) -> (i32, i32) {
        (self.changes.old.year, self.changes.new.year)
    }

    // -------------------------------------------------------------- text

    /// Plain text, for a terminal.
    pub fn text(&self) -> String {
        let c = self.changes;
        let titles = Titles::of(self.old, self.new);
        let mut out = String::new();
        let _ = writeln!(out, "Changements {} → {}", c.old.edition, c.new.edition);
        let _ = writeln!(out);
        let _ = writeln!(out, "Résumé : {}", total_line(c));
        if !c.summary.by_kind.is_empty() {
            let _ = writeln!(out, "  par type : {}", counts_in_words(c));
        }
        let _ = writeln!(
            out,
            "  montant maximal : {} → {}, écart {}",
            c.old.max_total_text, c.new.max_total_text, c.summary.max_total_difference.text
        );
        if !c.summary.indicator_counts.is_empty() {
            let _ = writeln!(
                out,
                "  nombre d'indicateurs : {}",
                c.summary.indicator_counts_in_words()
            );
        }
        let _ = writeln!(out, "  saisie {} : {}", c.old.year, c.old.window);
        let _ = writeln!(out, "  saisie {} : {}", c.new.year, c.new.window);
        let _ = writeln!(
            out,
            "  faits repris d'une autre édition : {} sur {} → {} sur {}",
            c.old.borrowed_facts, c.old.cited_facts, c.new.borrowed_facts, c.new.cited_facts
        );
        for (place, changes) in groups(&c.changes) {
            let indent = match &place {
                Place::Edition => {
                    let _ = writeln!(out, "\nÉdition");
                    "  "
                }
                Place::Section(s) => {
                    let _ = writeln!(out, "\nSection {s} — {}", titles.section(s));
                    "  "
                }
                Place::Indicator(_, i) => {
                    let _ = writeln!(out, "\n  Indicateur {i} — {}", titles.indicator(i));
                    "    "
                }
            };
            for change in changes {
                text_change(&mut out, indent, change);
            }
        }
        if let Some(impact) = self.impact {
            self.text_impact(&mut out, impact);
        }
        out
    }

    fn text_impact(&self, out: &mut String, impact: &CaseImpact) {
        let (old_year, new_year) = self.years();
        let t = &impact.totals;
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Cas : {} lu{}, {} évalué{} sur les deux éditions",
            t.cases,
            if t.cases == 1 { "" } else { "s" },
            t.evaluated,
            if t.evaluated == 1 { "" } else { "s" }
        );
        if old_year != new_year {
            let _ = writeln!(out, "  {DATES_MOVED}");
        }
        let _ = writeln!(
            out,
            "  gagnent : {} ({}), perdent : {} (−{}), inchangés : {}, solde : {}",
            t.gaining,
            signed_euros(t.gained_cents),
            t.losing,
            euros(t.lost_cents),
            t.unchanged,
            signed_euros(t.net_cents)
        );
        if let Some((case, cents)) = &t.largest_gain {
            let _ = writeln!(
                out,
                "  plus forte hausse : {case} ({})",
                signed_euros(*cents)
            );
        }
        if let Some((case, cents)) = &t.largest_loss {
            let _ = writeln!(
                out,
                "  plus forte baisse : {case} ({})",
                signed_euros(-cents)
            );
        }
        for case in &impact.cases {
            let _ = writeln!(out);
            let _ = writeln!(out, "  {}", case.path);
            if let Some(d) = &case.description {
                let _ = writeln!(out, "    {}", d.replace('\n', " "));
            }
            let _ = writeln!(
                out,
                "    {old_year} : {} → {new_year} : {}{}",
                side_in_words(&case.before),
                side_in_words(&case.after),
                case.difference_cents
                    .map_or(String::new(), |d| format!(" ({})", signed_euros(d)))
            );
            for (year, side) in [(old_year, &case.before), (new_year, &case.after)] {
                if !side.skipped.is_empty() {
                    let _ = writeln!(
                        out,
                        "    ignorés en {year} (absents de l'édition) : {}",
                        side.skipped.join(", ")
                    );
                }
                for error in &side.errors {
                    let _ = writeln!(out, "    non évaluable en {year} : {error}");
                }
            }
            for s in &case.status_changes {
                let _ = writeln!(
                    out,
                    "    {} : {} ({}) → {} ({})",
                    status_change_ids(&s.old_id, &s.new_id),
                    status_label(s.before),
                    amount_or_undetermined(s.before_cents),
                    status_label(s.after),
                    amount_or_undetermined(s.after_cents)
                );
            }
        }
    }

    // -------------------------------------------------------------- markdown

    /// Markdown, for a repository or a review.
    pub fn markdown(&self) -> String {
        let c = self.changes;
        let titles = Titles::of(self.old, self.new);
        let (old_year, new_year) = self.years();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# Changements {} → {}\n",
            md_inline(&c.old.edition),
            md_inline(&c.new.edition)
        );
        let _ = writeln!(out, "## Résumé\n");
        let _ = writeln!(out, "**{}**", md_inline(&total_line(c)));
        if !c.summary.by_kind.is_empty() {
            let _ = writeln!(out, "\n| type de changement | nombre |\n|---|---:|");
            for k in &c.summary.by_kind {
                let _ = writeln!(out, "| {} | {} |", k.label, k.count);
            }
        }
        let _ = writeln!(
            out,
            "\n| | {old_year} | {new_year} | écart |\n|---|---|---|---|"
        );
        let _ = writeln!(
            out,
            "| montant maximal | {} | {} | {} |",
            md_cell(&c.old.max_total_text),
            md_cell(&c.new.max_total_text),
            md_cell(&c.summary.max_total_difference.text)
        );
        for count in &c.summary.indicator_counts {
            let _ = writeln!(
                out,
                "| nombre d'indicateurs de {} | {} | {} | {} |",
                md_cell(&count.section),
                count.before,
                count.after,
                if count.after >= count.before {
                    format!("+{}", count.after - count.before)
                } else {
                    format!("−{}", count.before - count.after)
                }
            );
        }
        let _ = writeln!(
            out,
            "| saisie | {} | {} | |",
            md_cell(&c.old.window),
            md_cell(&c.new.window)
        );
        let _ = writeln!(
            out,
            "| faits repris d'une autre édition | {} sur {} | {} sur {} | |",
            c.old.borrowed_facts, c.old.cited_facts, c.new.borrowed_facts, c.new.cited_facts
        );
        for (place, changes) in groups(&c.changes) {
            match &place {
                Place::Edition => {
                    let _ = writeln!(out, "\n## Édition\n");
                }
                Place::Section(s) => {
                    let _ = write!(
                        out,
                        "\n## Section `{s}` — {}\n{}",
                        md_inline(&titles.section(s)),
                        if changes.is_empty() { "" } else { "\n" }
                    );
                }
                Place::Indicator(_, i) => {
                    let _ = writeln!(
                        out,
                        "\n### Indicateur `{i}` — {}\n",
                        md_inline(&titles.indicator(i))
                    );
                }
            }
            for change in changes {
                md_change(&mut out, change);
            }
        }
        if let Some(impact) = self.impact {
            self.md_impact(&mut out, impact);
        }
        out
    }

    fn md_impact(&self, out: &mut String, impact: &CaseImpact) {
        let (old_year, new_year) = self.years();
        let t = &impact.totals;
        let _ = writeln!(out, "\n## Impact sur les cas\n");
        if old_year != new_year {
            let _ = writeln!(out, "{DATES_MOVED}\n");
        }
        let _ = writeln!(
            out,
            "{} cas lus, {} évalués sur les deux éditions : **{} gagnent** ({}), **{} perdent** (−{}), {} inchangés ; solde {}.\n",
            t.cases,
            t.evaluated,
            t.gaining,
            md_inline(&signed_euros(t.gained_cents)),
            t.losing,
            md_inline(&euros(t.lost_cents)),
            t.unchanged,
            md_inline(&signed_euros(t.net_cents))
        );
        let _ = writeln!(
            out,
            "| cas | {old_year} | {new_year} | écart | indicateurs dont le statut change |\n|---|---:|---:|---:|---|"
        );
        for case in &impact.cases {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                md_cell(&case.path),
                md_cell(&side_in_words(&case.before)),
                md_cell(&side_in_words(&case.after)),
                md_cell(&case.difference_cents.map_or(String::new(), signed_euros)),
                md_cell(&statuses_in_words(case))
            );
        }
        for case in &impact.cases {
            for (year, side) in [(old_year, &case.before), (new_year, &case.after)] {
                if !side.skipped.is_empty() {
                    let _ = writeln!(
                        out,
                        "\n- {} : ignorés en {year} (absents de l'édition) : {}",
                        crate::escape::markdown_code(&case.path),
                        md_inline(&side.skipped.join(", "))
                    );
                }
                for error in &side.errors {
                    let _ = writeln!(
                        out,
                        "\n- {} : non évaluable en {year} : {}",
                        crate::escape::markdown_code(&case.path),
                        md_inline(error)
                    );
                }
            }
        }
    }

    // -------------------------------------------------------------- html

    /// A standalone HTML page (`templates/changes.html`), without links to other pages.
    pub fn html(&self) -> Result<String, crate::render::RenderError> {
        super::page::html(self, &super::page::Links::default())
    }

    /// The HTML page as the site shows it, linked to the index and to both guides.
    pub fn html_in_site(
        &self,
        links: &super::page::Links,
    ) -> Result<String, crate::render::RenderError> {
        super::page::html(self, links)
    }

    // -------------------------------------------------------------- json

    /// JSON: the changes, and the cases when run.
    pub fn json(&self) -> String {
        Report::json_of(self.changes, self.impact)
    }

    fn json_of(changes: &Changes, impact: Option<&CaseImpact>) -> String {
        #[derive(serde::Serialize)]
        struct Document<'a> {
            #[serde(flatten)]
            changes: &'a Changes,
            #[serde(skip_serializing_if = "Option::is_none")]
            cases: Option<&'a CaseImpact>,
        }
        let document = Document {
            changes,
            cases: impact,
        };
        match serde_json::to_string_pretty(&document) {
            Ok(mut text) => {
                text.push('\n');
                text
            }
            Err(error) => format!("{{\"error\": \"{error}\"}}\n"),
        }
    }
}

fn statuses_in_words(case: &CaseOutcome) -> String {
    case.status_changes
        .iter()
        .map(|s| {
            format!(
                "{} : {} → {}",
                status_change_ids(&s.old_id, &s.new_id),
                status_label(s.before),
                status_label(s.after)
            )
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

// ------------------------------------------------------------------ text pieces

fn value_line(value: &Value) -> String {
    match &value.provenance {
        Some(p) => format!("{} [{p}]", value.text),
        None => value.text.clone(),
    }
}

pub(super) fn provenance_pair(change: &Change) -> Option<String> {
    let p = |v: &Option<Value>| v.as_ref().and_then(|v| v.provenance.clone());
    match (p(&change.before), p(&change.after)) {
        (None, None) => None,
        (Some(a), Some(b)) if a == b => Some(format!("[{a}]")),
        (a, b) => Some(format!(
            "[{}] → [{}]",
            a.unwrap_or_else(|| "—".to_string()),
            b.unwrap_or_else(|| "—".to_string())
        )),
    }
}

fn words_marked(words: &[Segment]) -> String {
    words
        .iter()
        .map(|s| match s.op {
            SegmentOp::Equal => s.text.clone(),
            SegmentOp::Delete => format!("[-{}-]", s.text),
            SegmentOp::Insert => format!("{{+{}+}}", s.text),
        })
        .collect()
}

fn indent_lines(text: &str, indent: &str) -> String {
    text.lines()
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                format!("{indent}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn text_change(out: &mut String, indent: &str, change: &Change) {
    let _ = writeln!(
        out,
        "{indent}* {} ({}{})",
        change.subject,
        change.kind.label(),
        if change.rewording_only {
            ", reformulation"
        } else {
            ""
        }
    );
    let deeper = format!("{indent}    ");
    if let Some(words) = &change.words {
        if let Some(p) = provenance_pair(change) {
            let _ = writeln!(out, "{deeper}{p}");
        }
        let _ = writeln!(out, "{}", indent_lines(&words_marked(words), &deeper));
    } else {
        if let Some(before) = &change.before {
            let _ = writeln!(
                out,
                "{deeper}avant : {}",
                indent_lines(&value_line(before), &deeper).trim_start()
            );
        }
        if let Some(after) = &change.after {
            let _ = writeln!(
                out,
                "{deeper}après : {}",
                indent_lines(&value_line(after), &deeper).trim_start()
            );
        }
    }
    if let Some(d) = &change.difference {
        let _ = writeln!(out, "{deeper}écart : {}", d.text);
    }
}

// ------------------------------------------------------------------ markdown pieces

/// Escapes Markdown's inline markup: the one Markdown text policy (`escape::markdown_text`), and
/// `]`, `>` and `#` as this report always did.
fn md_inline(text: &str) -> String {
    crate::escape::markdown_text(text)
        .replace(']', "\\]")
        .replace('>', "\\>")
        .replace('#', "\\#")
}

fn md_cell(text: &str) -> String {
    text.split('\n')
        .map(md_inline)
        .collect::<Vec<_>>()
        .join("<br>")
}

fn md_value(value: &Value) -> String {
    let text = if value.text.contains('\n') {
        md_inline(&value.text).replace('\n', " ")
    } else {
        md_inline(&value.text)
    };
    match &value.provenance {
        Some(p) => format!("{text} *({})*", md_inline(p)),
        None => text,
    }
}

/// A fence of tildes longer than any run of tildes in `text` (at least three): no line of the text
/// can close it, whatever it holds (backticks never close a tilde fence).
fn fence_for(text: &str) -> String {
    "~".repeat(crate::escape::longest_run(text, '~').max(2) + 1)
}

fn md_change(out: &mut String, change: &Change) {
    let _ = writeln!(
        out,
        "- **{}** — *{}{}*",
        md_inline(&change.subject),
        change.kind.label(),
        if change.rewording_only {
            ", reformulation"
        } else {
            ""
        }
    );
    if let Some(words) = &change.words {
        if let Some(p) = provenance_pair(change) {
            let _ = writeln!(out, "  - sources : {}", md_inline(&p));
        }
        let marked = words_marked(words);
        let fence = fence_for(&marked);
        let _ = writeln!(out, "\n  {fence}text");
        for line in marked.lines() {
            if line.is_empty() {
                let _ = writeln!(out);
            } else {
                let _ = writeln!(out, "  {line}");
            }
        }
        let _ = writeln!(out, "  {fence}\n");
    } else {
        if let Some(before) = &change.before {
            let _ = writeln!(out, "  - avant : {}", md_value(before));
        }
        if let Some(after) = &change.after {
            let _ = writeln!(out, "  - après : {}", md_value(after));
        }
    }
    if let Some(d) = &change.difference {
        let _ = writeln!(out, "  - écart : {}", md_inline(&d.text));
    }
}

// ------------------------------------------------------------------ html pieces
