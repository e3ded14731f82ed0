//! The impact of a new edition over a population: the same declarations and acts run on both
//! editions (one pass, each practitioner's rows read once), then who gains, who loses, by how
//! much, per section and indicator, the totals (the new edition's cost), and the distribution of
//! the changes, as text, JSON or an HTML report with an SVG chart (minijinja, autoescaped).

use crate::adapter::Reject;
use crate::run::Sink;
use guidec::interpret::Outcome;
use guidec::ir::Edition;
use guidec::wording::{euros_in_words, group_thousands, status_in_words};
use serde::Serialize;
use std::collections::BTreeMap;

/// A practitioner's payment on both editions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The practitioner.
    pub id: String,
    /// Total on the old edition, in cents.
    pub old_cents: i64,
    /// Total on the new edition, in cents.
    pub new_cents: i64,
}

impl Change {
    /// New minus old.
    pub fn delta(&self) -> i64 {
        self.new_cents - self.old_cents
    }
}

/// A section's or an indicator's totals on both editions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Line {
    /// Its id (`sections.socle`, `indicateurs.aller_vers`).
    pub id: String,
    /// How the editions name it: the section's title, or the indicator's number and title (the
    /// new edition's words, the old one's for what the new one dropped); its id until
    /// [`Impact::describe`] is called.
    pub label: String,
    /// 0 for a section, 1 for an indicator, 2 for a sub-indicator (shown under its parent).
    pub depth: usize,
    /// Paid by the old edition, in cents (`None`: the old edition has no such id).
    pub old_cents: Option<i64>,
    /// Paid by the new edition, in cents.
    pub new_cents: Option<i64>,
    /// Practitioners paid more for it.
    pub gainers: u64,
    /// Practitioners paid less.
    pub losers: u64,
    /// Status changes, `old → new` with how many practitioners (indicators only).
    pub transitions: BTreeMap<String, u64>,
    /// Practitioners whose amount for it cannot be determined on the old edition (its cents
    /// count only what is known).
    pub old_undetermined: u64,
    /// The same on the new edition.
    pub new_undetermined: u64,
}

/// One bar of the distribution.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bin {
    /// Lowest change of the bin, in cents (inclusive).
    pub from_cents: i64,
    /// Highest change, in cents (exclusive).
    pub to_cents: i64,
    /// Practitioners.
    pub count: u64,
}

/// The impact report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Impact {
    /// The old edition's key.
    pub old: String,
    /// The new edition's key.
    pub new: String,
    /// What the report is about, in the editions' words (`Forfait structure, médecins :
    /// 2024 → 2025`); the keys until [`Impact::describe`] is called.
    pub heading: String,
    /// Practitioners evaluated on both.
    pub practitioners: u64,
    /// Paid more by the new edition.
    pub gainers: u64,
    /// Paid less.
    pub losers: u64,
    /// Paid the same.
    pub unchanged: u64,
    /// Paid by the old edition in all, in cents.
    pub old_total_cents: i64,
    /// Paid by the new edition in all, in cents.
    pub new_total_cents: i64,
    /// Practitioners whose total on the old edition is incomplete (an amount that cannot be
    /// determined): `old_total_cents` is then only what is known, at least what is paid.
    pub old_undetermined: u64,
    /// The same on the new edition.
    pub new_undetermined: u64,
    /// Per section and indicator.
    pub lines: Vec<Line>,
    /// The distribution of the changes.
    pub distribution: Vec<Bin>,
    /// The largest gains.
    pub top_gains: Vec<Change>,
    /// The largest losses.
    pub top_losses: Vec<Change>,
    /// Practitioners not evaluated (a row of theirs rejected, on either edition).
    pub rejected: u64,
    /// Columns passed over for an edition: `(edition, column)`.
    pub ignored_columns: Vec<(String, String)>,
    /// The year the data describe, when each edition read them moved into its own year
    /// (`None`: the dates as they are).
    pub data_year: Option<i32>,
    /// The editions' years, old and new (set by [`Impact::describe`]).
    pub years: Option<(i32, i32)>,
}

/// Collects both editions' outcomes; the rejects go on to another sink.
pub struct Collector<'s> {
    changes: Vec<Change>,
    /// Practitioners with an incomplete total, on the old and the new edition.
    undetermined: [u64; 2],
    lines: BTreeMap<String, (usize, Line)>,
    rejects: &'s mut dyn Sink,
}

impl<'s> Collector<'s> {
    /// A collector passing rejects to `rejects`.
    pub fn new(rejects: &'s mut dyn Sink) -> Collector<'s> {
        Collector {
            changes: Vec::new(),
            undetermined: [0; 2],
            lines: BTreeMap::new(),
            rejects,
        }
    }

    fn line(&mut self, id: String) -> &mut Line {
        let order = self.lines.len();
        &mut self
            .lines
            .entry(id.clone())
            .or_insert_with(|| {
                (
                    order,
                    Line {
                        label: id.clone(),
                        depth: depth_of(&id),
                        id,
                        ..Line::default()
                    },
                )
            })
            .1
    }

    /// The report, once every practitioner is collected.
    pub fn finish(self, old: &str, new: &str, rejected: u64) -> Impact {
        let mut impact = Impact {
            old: old.into(),
            new: new.into(),
            heading: format!("{old} → {new}"),
            rejected,
            ..Impact::default()
        };
        impact.old_undetermined = self.undetermined[0];
        impact.new_undetermined = self.undetermined[1];
        for change in &self.changes {
            impact.practitioners += 1;
            impact.old_total_cents += change.old_cents;
            impact.new_total_cents += change.new_cents;
            match change.delta().cmp(&0) {
                std::cmp::Ordering::Greater => impact.gainers += 1,
                std::cmp::Ordering::Less => impact.losers += 1,
                std::cmp::Ordering::Equal => impact.unchanged += 1,
            }
        }
        let mut lines: Vec<(usize, Line)> = self.lines.into_values().collect();
        lines.sort_by_key(|(order, _)| *order);
        impact.lines = lines.into_iter().map(|(_, line)| line).collect();
        impact.distribution = distribution(&self.changes);
        let mut by_delta: Vec<&Change> = self.changes.iter().filter(|c| c.delta() != 0).collect();
        by_delta.sort_by(|a, b| b.delta().cmp(&a.delta()).then(a.id.cmp(&b.id)));
        impact.top_gains = by_delta
            .iter()
            .filter(|c| c.delta() > 0)
            .take(10)
            .map(|c| (*c).clone())
            .collect();
        impact.top_losses = by_delta
            .iter()
            .rev()
            .filter(|c| c.delta() < 0)
            .take(10)
            .map(|c| (*c).clone())
            .collect();
        impact
    }
}

impl Sink for Collector<'_> {
    fn outcomes(&mut self, id: &str, outcomes: &[Outcome<'_>]) -> Result<(), String> {
        let [old, new] = outcomes else {
            return Err("deux éditions attendues".into());
        };
        self.changes.push(Change {
            id: id.into(),
            old_cents: old.total_cents,
            new_cents: new.total_cents,
        });
        let mut amounts: BTreeMap<String, [Option<i64>; 2]> = BTreeMap::new();
        // Which amounts cannot be determined, per side: counted apart, never taken for 0.
        let mut undetermined: BTreeMap<String, [bool; 2]> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        for (side, outcome) in [old, new].into_iter().enumerate() {
            if outcome.total_incomplete {
                if let Some(count) = self.undetermined.get_mut(side) {
                    *count += 1;
                }
            }
            for (sid, section) in &outcome.sections {
                if let Some(slot) = undetermined
                    .entry(format!("sections.{sid}"))
                    .or_default()
                    .get_mut(side)
                {
                    *slot = section.incomplete;
                }
            }
            for (iid, indicator) in &outcome.indicators {
                if let Some(slot) = undetermined
                    .entry(format!("indicateurs.{iid}"))
                    .or_default()
                    .get_mut(side)
                {
                    *slot = indicator.amount_cents.is_none();
                }
            }
            for (sid, section) in &outcome.sections {
                let key = format!("sections.{sid}");
                if !order.contains(&key) {
                    order.push(key.clone());
                }
                if let Some(slot) = amounts.entry(key).or_default().get_mut(side) {
                    *slot = Some(section.amount_cents);
                }
            }
            for (iid, indicator) in &outcome.indicators {
                let key = format!("indicateurs.{iid}");
                if !order.contains(&key) {
                    order.push(key.clone());
                }
                if let Some(slot) = amounts.entry(key).or_default().get_mut(side) {
                    // What is known of an undetermined amount: nothing (its scale is not given).
                    *slot = Some(indicator.amount_cents.unwrap_or(0));
                }
            }
        }
        for key in order {
            let [o, n] = amounts.get(&key).copied().unwrap_or_default();
            let transition = key.strip_prefix("indicateurs.").map(|iid| {
                let status = |outcome: &Outcome<'_>| {
                    outcome.indicator(iid).map_or("absent", |i| i.status.name())
                };
                (status(old), status(new))
            });
            let [old_undetermined, new_undetermined] =
                undetermined.get(&key).copied().unwrap_or_default();
            let line = self.line(key);
            line.old_undetermined += u64::from(old_undetermined);
            line.new_undetermined += u64::from(new_undetermined);
            if let Some(o) = o {
                *line.old_cents.get_or_insert(0) += o;
            }
            if let Some(n) = n {
                *line.new_cents.get_or_insert(0) += n;
            }
            match n.unwrap_or(0).cmp(&o.unwrap_or(0)) {
                std::cmp::Ordering::Greater => line.gainers += 1,
                std::cmp::Ordering::Less => line.losers += 1,
                std::cmp::Ordering::Equal => {}
            }
            if let Some((from, to)) = transition {
                if from != to {
                    *line
                        .transitions
                        .entry(format!("{from} → {to}"))
                        .or_default() += 1;
                }
            }
        }
        Ok(())
    }

    fn reject(&mut self, reject: &Reject) -> Result<(), String> {
        self.rejects.reject(reject)
    }
}

/// The changes in bins of a round width (in euros), at most about 24 bars.
fn distribution(changes: &[Change]) -> Vec<Bin> {
    let (Some(low), Some(high)) = (
        changes.iter().map(Change::delta).min(),
        changes.iter().map(Change::delta).max(),
    ) else {
        return Vec::new();
    };
    let spread = (high - low).max(1);
    let width = [
        100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000,
        1_000_000,
    ]
    .into_iter()
    .find(|w| spread / w < 24)
    .unwrap_or(10_000_000);
    let first = low.div_euclid(width) * width;
    let bins = usize::try_from((high - first) / width + 1).unwrap_or(1);
    let mut out: Vec<Bin> = (0..bins)
        .map(|b| {
            let from = first + width * i64::try_from(b).unwrap_or(0);
            Bin {
                from_cents: from,
                to_cents: from + width,
                count: 0,
            }
        })
        .collect();
    for change in changes {
        let index = usize::try_from((change.delta() - first) / width).unwrap_or(0);
        if let Some(bin) = out.get_mut(index) {
            bin.count += 1;
        }
    }
    out
}

fn signed(cents: i64) -> String {
    if cents > 0 {
        format!("+{}", euros_in_words(cents))
    } else {
        euros_in_words(cents)
    }
}

fn transitions_in_words(transitions: &BTreeMap<String, u64>) -> String {
    transition_items(transitions).join(" ; ")
}

/// Each status change in words with how many practitioners: `non atteint → atteint : 12`.
fn transition_items(transitions: &BTreeMap<String, u64>) -> Vec<String> {
    transitions
        .iter()
        .map(|(key, n)| {
            let words = key
                .split(" → ")
                .map(|s| status_in_words(s).unwrap_or(s))
                .collect::<Vec<_>>()
                .join(" → ");
            format!("{words} : {}", group_thousands(*n))
        })
        .collect()
}

/// Where a line id stands: 0 a section, 1 an indicator, 2 and more its sub-indicators.
fn depth_of(id: &str) -> usize {
    id.strip_prefix("indicateurs.")
        .map_or(0, |path| 1 + path.matches('.').count())
}

/// How an edition names its sections and indicators, by line id, in its order: each section
/// followed by its indicators (sub-indicators after their parent).
fn labels_of(edition: &Edition) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for section in &edition.sections {
        out.push((
            format!("sections.{}", section.id),
            section.title.resolved.clone(),
        ));
        for (path, indicator) in section.all_indicators() {
            let label = match indicator.number {
                Some(number) => format!("{number}. {}", indicator.title.resolved),
                None => indicator.title.resolved.clone(),
            };
            out.push((format!("indicateurs.{path}"), label));
        }
    }
    out
}

/// An edition as the report names it: `Forfait structure, médecins 2024`.
fn edition_in_words(edition: &Edition) -> String {
    format!(
        "{}, {} {}",
        edition.labels.programme,
        edition.labels.profession.to_lowercase(),
        edition.year
    )
}

impl Impact {
    /// How the editions read the data's dates, in a sentence (`None` when every edition is of
    /// the data's year, or the dates were read as given and the years are not known).
    pub fn dates_in_words(&self) -> Option<String> {
        let (old, new) = self.years?;
        let Some(year) = self.data_year else {
            return (old != new).then(|| {
                "Les dates de la population sont lues telles quelles par les deux éditions (--dates-as-given).".to_string()
            });
        };
        let moved: Vec<String> = [old, new]
            .into_iter()
            .filter(|y| *y != year)
            .map(|y| {
                let years = (y - year).abs();
                format!(
                    "sur l'édition {y}, chaque date est {} de {years} an{}",
                    if y > year { "avancée" } else { "reculée" },
                    if years > 1 { "s" } else { "" }
                )
            })
            .collect();
        (!moved.is_empty()).then(|| {
            format!(
                "La population décrit l'activité de l'année {year} ; {}, pour juger la même activité (un 29 février devient un 28, un âge reste le même au jour près).",
                moved.join(" ; ")
            )
        })
    }

    /// Names the report, its sections and indicators in the editions' words, and orders the lines
    /// as the new edition does (each section followed by its indicators), what only the old one
    /// has after them.
    pub fn describe(&mut self, old: &Edition, new: &Edition) {
        self.years = Some((old.year, new.year));
        self.heading = if old.programme == new.programme && old.profession == new.profession {
            format!(
                "{}, {} : {} → {}",
                new.labels.programme,
                new.labels.profession.to_lowercase(),
                old.year,
                new.year
            )
        } else {
            format!("{} → {}", edition_in_words(old), edition_in_words(new))
        };
        let mut rank: BTreeMap<String, (usize, String)> = BTreeMap::new();
        for (id, label) in labels_of(new).into_iter().chain(labels_of(old)) {
            let next = rank.len();
            rank.entry(id).or_insert((next, label));
        }
        for line in &mut self.lines {
            if let Some((_, label)) = rank.get(&line.id) {
                line.label.clone_from(label);
            }
        }
        // Lines neither edition names (none today) keep their place after the others.
        self.lines
            .sort_by_key(|line| rank.get(&line.id).map_or(usize::MAX, |(order, _)| *order));
    }

    /// The report as text, in French.
    pub fn text(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Impact de {} sur {} praticiens",
            self.heading,
            group_thousands(self.practitioners)
        );
        let _ = writeln!(
            out,
            "  gagnent : {}, perdent : {}, inchangés : {}",
            group_thousands(self.gainers),
            group_thousands(self.losers),
            group_thousands(self.unchanged)
        );
        let _ = writeln!(
            out,
            "  total versé : {} → {} ({}, coût de la nouvelle édition)",
            at_least(self.old_total_cents, self.old_undetermined),
            at_least(self.new_total_cents, self.new_undetermined),
            signed(self.new_total_cents - self.old_total_cents)
        );
        for (edition, count) in [
            ("l'ancienne", self.old_undetermined),
            ("la nouvelle", self.new_undetermined),
        ] {
            if count > 0 {
                let _ = writeln!(
                    out,
                    "  total incomplet sur {edition} édition : {} praticien(s) dont un montant n'est pas déterminé (le total n'en compte que le connu : au moins ce montant)",
                    group_thousands(count)
                );
            }
        }
        if let Some(dates) = self.dates_in_words() {
            let _ = writeln!(out, "  {dates}");
        }
        if self.rejected > 0 {
            let _ = writeln!(
                out,
                "  praticiens non évalués (lignes rejetées) : {}",
                group_thousands(self.rejected)
            );
        }
        let _ = writeln!(out, "\nPar section et indicateur :");
        for line in &self.lines {
            let amount = |c: Option<i64>| c.map_or_else(|| "absent".to_string(), euros_in_words);
            let _ = write!(
                out,
                "  {}{} ({}) : {} → {} ; gagnent {}, perdent {}",
                "  ".repeat(line.depth),
                line.label,
                line.id,
                amount(line.old_cents),
                amount(line.new_cents),
                group_thousands(line.gainers),
                group_thousands(line.losers)
            );
            if line.old_undetermined > 0 || line.new_undetermined > 0 {
                let _ = write!(
                    out,
                    " ; montant non déterminé : {} → {} praticien(s), au moins le montant dit",
                    group_thousands(line.old_undetermined),
                    group_thousands(line.new_undetermined)
                );
            }
            if !line.transitions.is_empty() {
                let _ = write!(
                    out,
                    " ; statuts : {}",
                    transitions_in_words(&line.transitions)
                );
            }
            let _ = writeln!(out);
        }
        let _ = writeln!(out, "\nRépartition des écarts par praticien :");
        for bin in &self.distribution {
            let _ = writeln!(
                out,
                "  [{} ; {}[ : {}",
                euros_in_words(bin.from_cents),
                euros_in_words(bin.to_cents),
                group_thousands(bin.count)
            );
        }
        for (title, list) in [
            ("Plus fortes hausses", &self.top_gains),
            ("Plus fortes baisses", &self.top_losses),
        ] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{title} :");
            for change in list {
                let _ = writeln!(
                    out,
                    "  {} : {} → {} ({})",
                    change.id,
                    euros_in_words(change.old_cents),
                    euros_in_words(change.new_cents),
                    signed(change.delta())
                );
            }
        }
        for (edition, column) in &self.ignored_columns {
            let _ = writeln!(out, "\nnote : colonne « {column} » ignorée pour {edition}");
        }
        out
    }

    /// The report as JSON.
    pub fn json(&self) -> Result<String, String> {
        serde_json::to_string_pretty(self).map_err(|e| e.to_string())
    }

    /// The report as an HTML page (French), the distribution drawn in SVG.
    pub fn html(&self) -> Result<String, String> {
        let mut env = minijinja::Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        env.add_template("impact.html", include_str!("../templates/impact.html"))
            .map_err(|e| e.to_string())?;
        let template = env.get_template("impact.html").map_err(|e| e.to_string())?;
        let amount = |c: Option<i64>| c.map_or_else(|| "absent".to_string(), euros_in_words);
        let lines: Vec<_> = self
            .lines
            .iter()
            .map(|l| {
                minijinja::context! {
                    id => l.id,
                    label => l.label,
                    depth => l.depth,
                    old => amount(l.old_cents),
                    new => amount(l.new_cents),
                    delta => signed(l.new_cents.unwrap_or(0) - l.old_cents.unwrap_or(0)),
                    gainers => group_thousands(l.gainers),
                    losers => group_thousands(l.losers),
                    transitions => transition_items(&l.transitions),
                    undetermined => (l.old_undetermined > 0 || l.new_undetermined > 0).then(|| format!(
                        "montant non déterminé : {} → {} praticien(s)",
                        group_thousands(l.old_undetermined),
                        group_thousands(l.new_undetermined)
                    )),
                }
            })
            .collect();
        let chart = Chart::of(&self.distribution);
        let changes = |list: &[Change]| -> Vec<minijinja::Value> {
            list.iter()
                .map(|c| {
                    minijinja::Value::from_serialize(minijinja::context! {
                        id => c.id,
                        old => euros_in_words(c.old_cents),
                        new => euros_in_words(c.new_cents),
                        delta => signed(c.delta()),
                    })
                })
                .collect()
        };
        template
            .render(minijinja::context! {
                old => self.old,
                new => self.new,
                heading => self.heading,
                dates => self.dates_in_words(),
                practitioners => group_thousands(self.practitioners),
                gainers => group_thousands(self.gainers),
                losers => group_thousands(self.losers),
                unchanged => group_thousands(self.unchanged),
                old_total => at_least(self.old_total_cents, self.old_undetermined),
                new_total => at_least(self.new_total_cents, self.new_undetermined),
                cost => signed(self.new_total_cents - self.old_total_cents),
                old_undetermined => (self.old_undetermined > 0).then(|| group_thousands(self.old_undetermined)),
                new_undetermined => (self.new_undetermined > 0).then(|| group_thousands(self.new_undetermined)),
                rejected => group_thousands(self.rejected),
                any_rejected => self.rejected > 0,
                lines => lines,
                chart => chart,
                top_gains => changes(&self.top_gains),
                top_losses => changes(&self.top_losses),
                ignored => self.ignored_columns.iter().map(|(e, c)| format!("{c} ({e})")).collect::<Vec<_>>(),
            })
            .map(|page| {
                // The editions' keys are ids (`programme/profession-year`); anything else is
                // left out of the comment, which nothing in a key can close.
                let key = |k: &str| -> String {
                    k.chars()
                        .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '/' | '-' | '.'))
                        .collect::<String>()
                        .replace("--", "-")
                };
                format!(
                    "<!-- generated by guidec-population from {} and {}, do not edit -->\n{page}",
                    key(&self.old),
                    key(&self.new)
                )
            })
            .map_err(|e| e.to_string())
    }
}

/// A total in euros, "au moins" when `undetermined` practitioners have an amount that cannot be
/// determined (the total counts only what is known of theirs).
fn at_least(cents: i64, undetermined: u64) -> String {
    if undetermined > 0 {
        format!("au moins {}", euros_in_words(cents))
    } else {
        euros_in_words(cents)
    }
}

/// The distribution as SVG geometry: bars in a 720 × 260 box, every number computed here.
#[derive(Serialize)]
struct Chart {
    width: i64,
    height: i64,
    bars: Vec<ChartBar>,
    axis_y: i64,
    max_label: String,
}

#[derive(Serialize)]
struct ChartBar {
    x: i64,
    y: i64,
    width: i64,
    height: i64,
    label: String,
    title: String,
    zero: bool,
    gain: bool,
}

impl Chart {
    fn of(bins: &[Bin]) -> Chart {
        let (width, height, left, bottom) = (720i64, 260i64, 40i64, 40i64);
        let plot = height - bottom - 10;
        let max = bins.iter().map(|b| b.count).max().unwrap_or(0).max(1);
        let n = i64::try_from(bins.len()).unwrap_or(1).max(1);
        let step = (width - left - 10) / n;
        let bars = bins
            .iter()
            .enumerate()
            .map(|(i, bin)| {
                let h = i64::try_from(
                    u128::from(bin.count) * u128::from(u64::try_from(plot).unwrap_or(0))
                        / u128::from(max),
                )
                .unwrap_or(0);
                ChartBar {
                    x: left + step * i64::try_from(i).unwrap_or(0),
                    y: 10 + plot - h,
                    width: (step - 2).max(1),
                    height: h,
                    label: euros_in_words(bin.from_cents),
                    title: format!(
                        "[{} ; {}[ : {} praticiens",
                        euros_in_words(bin.from_cents),
                        euros_in_words(bin.to_cents),
                        group_thousands(bin.count)
                    ),
                    zero: bin.from_cents <= 0 && bin.to_cents > 0,
                    gain: bin.from_cents > 0,
                }
            })
            .collect();
        Chart {
            width,
            height,
            bars,
            axis_y: 10 + plot,
            max_label: group_thousands(max),
        }
    }
}
