//! The impact of a new edition on practitioners: the same case files run on both editions.
//!
//! Ids are stable across editions, so one case file describes one
//! practitioner's year for both. Its `edition` key is not checked; instead
//! each edition gets a lenient copy of the case, with the inputs it cannot
//! take left out (an indicator, an option, a software or a measure it does not
//! have, a pre-filling it does not do), and the report says what was left out.
//! Then both outcomes are compared: the amount before and after, and the
//! indicators whose status changed (paired through `reprend` as the diff
//! pairs them).

use super::indicator_pairs;
use crate::case::{self, CaseFile};
use crate::interpret::{self, Explain, Outcome, Plan};
use crate::ir::{self, CasePart, Edition};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One edition's view of a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaseSide {
    /// What the case is paid, when it could be evaluated: only what is known when `incomplete`.
    pub total_cents: Option<i64>,
    /// Part of the total is undetermined (an amount no source gives).
    #[serde(skip_serializing_if = "guidec_runtime::is_false")]
    pub incomplete: bool,
    /// Inputs left out because the edition cannot take them (`indicateurs.x`, `indicateurs.x.choix.y`).
    pub skipped: Vec<String>,
    /// Why the case could not be evaluated (a problem that leaving inputs out does not solve).
    pub errors: Vec<String>,
}

/// An indicator whose status changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    /// Its id in the old edition, when it had one.
    pub old_id: Option<String>,
    /// Its id in the new edition, when it has one.
    pub new_id: Option<String>,
    /// Old status (`met`, `not_met`, …), `None` when absent.
    pub before: Option<&'static str>,
    /// New status, `None` when absent.
    pub after: Option<&'static str>,
    /// What it paid before, in cents; `None` when undetermined.
    pub before_cents: Option<i64>,
    /// What it pays now, in cents; `None` when undetermined.
    pub after_cents: Option<i64>,
}

/// One case on both editions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaseOutcome {
    /// The case file, as named.
    pub path: String,
    /// Its description.
    pub description: Option<String>,
    /// On the old edition.
    pub before: CaseSide,
    /// On the new edition.
    pub after: CaseSide,
    /// after − before, in cents, when both were evaluated.
    pub difference_cents: Option<i64>,
    /// Indicators whose status changed.
    pub status_changes: Vec<StatusChange>,
}

/// Who gains, who loses, by how much.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImpactTotals {
    /// Case files read.
    pub cases: usize,
    /// Cases evaluated on both editions.
    pub evaluated: usize,
    /// Cases paid more.
    pub gaining: usize,
    /// Cases paid less.
    pub losing: usize,
    /// Cases paid the same.
    pub unchanged: usize,
    /// Sum of the gains, in cents.
    pub gained_cents: i64,
    /// Sum of the losses, in cents (positive).
    pub lost_cents: i64,
    /// Gains minus losses, in cents.
    pub net_cents: i64,
    /// The largest gain: (case, cents).
    pub largest_gain: Option<(String, i64)>,
    /// The largest loss: (case, cents, positive).
    pub largest_loss: Option<(String, i64)>,
}

/// The impact of the new edition on a set of cases.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CaseImpact {
    /// Each case, in file order.
    pub cases: Vec<CaseOutcome>,
    /// Totals.
    pub totals: ImpactTotals,
}

/// Runs every case file (`*.yaml`, `*.yml`) under `dir` on both editions.
pub fn run_cases(old: &Edition, new: &Edition, dir: &Path) -> Result<CaseImpact, String> {
    Ok(impact(old, new, &case_files(dir, None)?))
}

/// Every case file (`*.yaml`, `*.yml`) under `dir`, in name order, as (name, text): the name is
/// the path, or the path relative to `names_from` when given.
pub fn case_files(dir: &Path, names_from: Option<&Path>) -> Result<Vec<(String, String)>, String> {
    let mut paths = Vec::new();
    collect(dir, &mut paths)?;
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("lecture impossible de `{}` : {e}", path.display()))?;
        let name = names_from
            .and_then(|root| path.strip_prefix(root).ok())
            .unwrap_or(&path)
            .display()
            .to_string();
        files.push((name, text));
    }
    Ok(files)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect(&entry, out)?;
        } else if matches!(
            entry.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(entry);
        }
    }
    Ok(())
}

/// Runs case files given as (name, text) on both editions.
pub fn impact(old: &Edition, new: &Edition, files: &[(String, String)]) -> CaseImpact {
    let pairs = indicator_pairs(old, new);
    let (old, new) = (Plan::new(old), Plan::new(new));
    let mut cases = Vec::with_capacity(files.len());
    for (name, text) in files {
        cases.push(one_case(&old, &new, &pairs, name, text));
    }
    let mut totals = ImpactTotals {
        cases: cases.len(),
        ..ImpactTotals::default()
    };
    for case in &cases {
        let Some(d) = case.difference_cents else {
            continue;
        };
        totals.evaluated += 1;
        match d.signum() {
            1 => {
                totals.gaining += 1;
                totals.gained_cents += d;
                if totals.largest_gain.as_ref().is_none_or(|(_, g)| d > *g) {
                    totals.largest_gain = Some((case.path.clone(), d));
                }
            }
            -1 => {
                totals.losing += 1;
                totals.lost_cents += -d;
                if totals.largest_loss.as_ref().is_none_or(|(_, l)| -d > *l) {
                    totals.largest_loss = Some((case.path.clone(), -d));
                }
            }
            _ => totals.unchanged += 1,
        }
    }
    totals.net_cents = totals.gained_cents - totals.lost_cents;
    CaseImpact { cases, totals }
}

fn one_case(
    old: &Plan<'_>,
    new: &Plan<'_>,
    pairs: &[(String, String)],
    name: &str,
    text: &str,
) -> CaseOutcome {
    // Each side reads the case by its own edition's act schema.
    let read_old = case::read(text, old.edition());
    let read_new = case::read(text, new.edition());
    let file = match (&read_old, &read_new) {
        (Ok(file), _) | (_, Ok(file)) => file,
        (Err(error), Err(_)) => {
            let side = CaseSide {
                total_cents: None,
                incomplete: false,
                skipped: Vec::new(),
                errors: vec![error.to_string()],
            };
            return CaseOutcome {
                path: name.to_string(),
                description: None,
                before: side.clone(),
                after: side,
                difference_cents: None,
                status_changes: Vec::new(),
            };
        }
    };
    let (before, old_outcome) = evaluate(&read_old, old);
    let (after, new_outcome) = evaluate(&read_new, new);
    // A difference with an undetermined side would be a guess: none is given.
    let difference_cents = match (before.total_cents, after.total_cents) {
        (Some(b), Some(a)) if !before.incomplete && !after.incomplete => Some(a - b),
        _ => None,
    };
    let status_changes = match (&old_outcome, &new_outcome) {
        (Some(o), Some(n)) => status_changes(o, n, pairs),
        _ => Vec::new(),
    };
    CaseOutcome {
        path: name.to_string(),
        description: file.description.clone().map(|d| d.trim().to_string()),
        before,
        after,
        difference_cents,
        status_changes,
    }
}

fn evaluate<'p>(
    read: &Result<CaseFile, case::CaseError>,
    plan: &'p Plan<'_>,
) -> (CaseSide, Option<Outcome<'p>>) {
    let file = match read {
        Ok(file) => file,
        Err(error) => {
            return (
                CaseSide {
                    total_cents: None,
                    incomplete: false,
                    skipped: Vec::new(),
                    errors: vec![error.to_string()],
                },
                None,
            )
        }
    };
    let edition = plan.edition();
    let (mut lenient, skipped) = lenient(file, edition);
    // A case file describes the year of the edition it names: on an edition of another year,
    // the same activity, its dates moved by the difference.
    if let Some(year) = year_written_for(&file.edition.value) {
        let schema = edition.acts.as_ref().map(|a| &*a.runtime);
        if let Err(error) = lenient.move_years(edition.year.saturating_sub(year), schema) {
            return (
                CaseSide {
                    total_cents: None,
                    incomplete: false,
                    skipped,
                    errors: vec![error],
                },
                None,
            );
        }
    }
    match case::validate(&lenient, edition) {
        Ok(case) => {
            let outcome = plan.evaluate(&case, Explain::No);
            (
                CaseSide {
                    total_cents: Some(outcome.total_cents),
                    incomplete: outcome.total_incomplete,
                    skipped,
                    errors: Vec::new(),
                },
                Some(outcome),
            )
        }
        Err(errors) => (
            CaseSide {
                total_cents: None,
                incomplete: false,
                skipped,
                errors: errors.iter().map(ToString::to_string).collect(),
            },
            None,
        ),
    }
}

/// The year of the edition a case file names (`fami/chirurgiens_dentistes-2025`: 2025).
fn year_written_for(key: &str) -> Option<i32> {
    let (_, year) = key.rsplit_once('-')?;
    (year.len() == 4).then_some(())?;
    year.parse().ok()
}

fn status_changes(old: &Outcome, new: &Outcome, pairs: &[(String, String)]) -> Vec<StatusChange> {
    let old_map: HashMap<&str, &interpret::IndicatorOutcome> =
        old.indicators.iter().map(|(k, v)| (*k, v)).collect();
    let new_to_old: HashMap<&str, &str> = pairs
        .iter()
        .map(|(o, n)| (n.as_str(), o.as_str()))
        .collect();
    let mut seen_old: HashSet<&str> = HashSet::new();
    let mut out = Vec::new();
    for (id, outcome) in &new.indicators {
        let old_id = new_to_old.get(id).copied();
        let before = old_id.and_then(|o| old_map.get(o).copied());
        if let Some(o) = old_id {
            seen_old.insert(o);
        }
        let changed = match before {
            Some(b) => b.status != outcome.status || b.amount_cents != outcome.amount_cents,
            None => true,
        };
        if changed {
            out.push(StatusChange {
                old_id: old_id.map(str::to_string),
                new_id: Some(id.to_string()),
                before: before.map(|b| b.status.name()),
                after: Some(outcome.status.name()),
                before_cents: before.map_or(Some(0), |b| b.amount_cents),
                after_cents: outcome.amount_cents,
            });
        }
    }
    for (id, outcome) in &old.indicators {
        if !seen_old.contains(id) {
            out.push(StatusChange {
                old_id: Some(id.to_string()),
                new_id: None,
                before: Some(outcome.status.name()),
                after: None,
                before_cents: outcome.amount_cents,
                after_cents: Some(0),
            });
        }
    }
    out
}

/// A copy of `file` that `edition` accepts as far as leaving inputs out can make it:
/// the edition key set to the edition's, and every input it cannot take removed. Also
/// returns what was removed, as dotted fields.
pub fn lenient(file: &CaseFile, edition: &Edition) -> (CaseFile, Vec<String>) {
    let mut out = file.clone();
    out.edition.value = edition.key();
    out.attendu = None;
    let mut skipped = Vec::new();
    let indicators: BTreeMap<String, &ir::Indicator> = edition
        .sections
        .iter()
        .flat_map(|s| s.all_indicators())
        .collect();
    let exemptions: HashSet<String> = indicators
        .values()
        .flat_map(|i| {
            i.exemptions.iter().map(move |e| match &e.value.target {
                ir::ExemptionTarget::Software(role) => role.clone(),
                ir::ExemptionTarget::Whole => i.id.clone(),
            })
        })
        .collect();
    out.praticien.exonerations.retain(|e| {
        let keep = exemptions.contains(&e.value);
        if !keep {
            skipped.push(format!("praticien.exonerations.{}", e.value));
        }
        keep
    });
    let ids: Vec<String> = out.indicateurs.keys().cloned().collect();
    for id in ids {
        let Some(indicator) = indicators.get(&id) else {
            out.indicateurs.remove(&id);
            skipped.push(format!("indicateurs.{id}"));
            continue;
        };
        let Some(input) = out.indicateurs.get_mut(&id) else {
            continue;
        };
        let input = &mut input.value;
        let field = |what: &str| format!("indicateurs.{id}.{what}");
        // A part the edition does not have is left out (said skipped when it held a value).
        if !indicator.takes(CasePart::Prefilled) {
            if input.prerempli.is_some() {
                skipped.push(field("prerempli"));
            }
            input.prerempli.leave_out();
        }
        if !indicator.takes(CasePart::Answer) {
            if input.reponse.is_some() {
                skipped.push(field("reponse"));
            }
            input.reponse.leave_out();
        }
        if !indicator.takes(CasePart::Text) {
            if input.texte.is_some() {
                skipped.push(field("texte"));
            }
            input.texte.leave_out();
        }
        let roles: HashSet<&str> = indicator
            .software
            .iter()
            .map(|s| s.value.id.as_str())
            .collect();
        input.logiciels.retain(|role, _| {
            let keep = roles.contains(role.as_str());
            if !keep {
                skipped.push(field(&format!("logiciels.{role}")));
            }
            keep
        });
        let options: HashSet<&str> = indicator.options().map(|o| o.id.as_str()).collect();
        if let Some(choices) = &mut *input.choix {
            choices.value.retain(|c| {
                let keep = options.contains(c.as_str());
                if !keep {
                    skipped.push(field(&format!("choix.{c}")));
                }
                keep
            });
        }
        let counted: HashSet<&str> = indicator
            .counts
            .iter()
            .map(|c| c.id.as_str())
            .chain(
                indicator
                    .options()
                    .filter(|o| o.minimum_per_year.is_some())
                    .map(|o| o.id.as_str()),
            )
            .collect();
        input.nombres.retain(|k, _| {
            let keep = counted.contains(k.as_str());
            if !keep {
                skipped.push(field(&format!("nombres.{k}")));
            }
            keep
        });
        let rates: HashSet<&str> = indicator
            .rates
            .iter()
            .filter(|r| !r.declared)
            .map(|r| r.id.as_str())
            .collect();
        input.mesures.retain(|k, _| {
            let keep = rates.contains(k.as_str());
            if !keep {
                skipped.push(field(&format!("mesures.{k}")));
            }
            keep
        });
        let findings: HashSet<&str> = indicator
            .findings
            .iter()
            .map(|f| f.value.id.as_str())
            .collect();
        input.constats.retain(|k, _| {
            let keep = findings.contains(k.as_str());
            if !keep {
                skipped.push(field(&format!("constats.{k}")));
            }
            keep
        });
        let declared: HashSet<&str> = indicator
            .rates
            .iter()
            .filter(|r| r.declared)
            .map(|r| r.id.as_str())
            .collect();
        input.taux.retain(|k, _| {
            let keep = declared.contains(k.as_str());
            if !keep {
                skipped.push(field(&format!("taux.{k}")));
            }
            keep
        });
        // A part emptied above is left out, as if the case had not written it.
        input.logiciels.leave_out_if_empty();
        input.nombres.leave_out_if_empty();
        input.mesures.leave_out_if_empty();
        input.taux.leave_out_if_empty();
        input.constats.leave_out_if_empty();
        if !indicator.takes(CasePart::Choices) {
            input.choix.leave_out();
        }
        if !indicator.takes(CasePart::Document) {
            if input.justificatif.is_some() {
                skipped.push(field("justificatif"));
            }
            input.justificatif.leave_out();
        }
    }
    (out, skipped)
}
