//! `guidec test`: every case file run against its expected outcome, with the coverage of indicators and branches.
//!
//! Case files live in `tests/cases/<programme>/<profession>-<year>/`, the
//! folder mirroring the spec `specs/<programme>/<profession>-<year>.guide` they
//! run on. Each case's `attendu` block is compared with the outcome; the
//! report counts, per edition, the indicators that cases decided, and the
//! branches exercised: each status each indicator can take, each exclusion
//! applied to an act, each gate open and shut.
//!
//! The interpreter runs every case, so `guidec test` works on any spec, one
//! written after the binary was built included. A second engine can be given
//! and is then compared with the interpreter on every case: the conformance
//! crate (`conformance/`) passes the generated code. The report names the
//! engines that ran.

use crate::case::{self, RateView};
use crate::driver;
use crate::i18n::{io_error, Lang, Msg};
use crate::interpret::{self, Explain, Outcome, Plan, Status};
use crate::ir;
use crate::lowered;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A line of the report, in French: the catalogue's words (`runner-…`), except the last line,
/// `N passed, N failed`, kept as test runners write it so that tools reading it find it.
fn say(message: Msg) -> String {
    message.text(Lang::default())
}

/// A second engine to compare with the interpreter, the generated code: given the edition key
/// and the case file's text, its outcome as JSON (or why it could not run), `None` when it has
/// no such edition.
pub type Engine = dyn Fn(&str, &str) -> Option<Result<serde_json::Value, String>>;

/// The engines of a run as the report names them: the interpreter alone, or with the generated
/// code compared with it.
pub fn engines_in_words(engine: Option<&Engine>) -> &'static str {
    match engine {
        Some(_) => "interpréteur et code généré",
        None => "interpréteur",
    }
}

/// The result of one case file.
#[derive(Debug)]
pub struct CaseResult {
    /// The file.
    pub path: PathBuf,
    /// What went wrong; empty when the case passed.
    pub failures: Vec<String>,
}

/// What the cases of one edition exercised.
#[derive(Debug, Default)]
pub struct Coverage {
    /// Indicators (dotted ids) with a decided status in some case.
    pub indicators_decided: BTreeSet<String>,
    /// Every indicator of the edition.
    pub indicators_total: usize,
    /// (indicator, status) pairs seen.
    pub statuses_seen: BTreeSet<(String, Status)>,
    /// (indicator, status) pairs the edition can produce.
    pub statuses_possible: BTreeSet<(String, Status)>,
    /// (indicator.rate, exclusion index) applied to at least one act.
    pub exclusions_seen: BTreeSet<(String, usize)>,
    /// Every exclusion.
    pub exclusions_total: usize,
    /// (section, unlocked) seen.
    pub gates_seen: BTreeSet<(String, bool)>,
    /// (section, unlocked) possible.
    pub gates_possible: BTreeSet<(String, bool)>,
}

impl Coverage {
    /// Branches seen and possible: statuses, exclusions and gates together.
    pub fn branches(&self) -> (usize, usize) {
        let seen = self
            .statuses_seen
            .intersection(&self.statuses_possible)
            .count()
            + self.exclusions_seen.len()
            + self.gates_seen.intersection(&self.gates_possible).count();
        let total =
            self.statuses_possible.len() + self.exclusions_total + self.gates_possible.len();
        (seen, total)
    }

    /// The indicators no case decided.
    pub fn undecided(&self, edition: &ir::Edition) -> Vec<String> {
        edition
            .sections
            .iter()
            .flat_map(|s| s.all_indicators())
            .map(|(id, _)| id)
            .filter(|id| !self.indicators_decided.contains(id))
            .collect()
    }
}

/// The report of one edition.
#[derive(Debug)]
pub struct EditionReport {
    /// The edition key.
    pub key: String,
    /// The spec it ran on.
    pub spec: PathBuf,
    /// The engines that ran its cases, in words ([`engines_in_words`]).
    pub engines: &'static str,
    /// Each case.
    pub cases: Vec<CaseResult>,
    /// What the cases exercised.
    pub coverage: Coverage,
    /// Indicators no case decided.
    pub undecided: Vec<String>,
}

impl EditionReport {
    /// Whether every case passed and every indicator was decided.
    pub fn passed(&self) -> bool {
        self.cases.iter().all(|c| c.failures.is_empty()) && self.undecided.is_empty()
    }
}

/// Runs the case folders under `paths` (folders of editions, or a folder holding them).
/// `specs` is the folder of specs; `engine`, when given, is compared with the interpreter on every case.
pub fn run(
    paths: &[PathBuf],
    specs: &Path,
    engine: Option<&Engine>,
) -> Result<Vec<EditionReport>, String> {
    let mut folders = BTreeMap::new();
    for path in paths {
        collect_folders(path, &mut folders)?;
    }
    let mut reports = Vec::new();
    for (key, files) in folders {
        let spec = specs.join(format!("{key}.{}", driver::SPEC_EXTENSION));
        let checked = driver::check_file(&spec).map_err(|e| {
            say(Msg::new("io-cannot-read-plain")
                .arg("path", spec.display())
                .phrase("error", io_error(&e)))
        })?;
        let Some(edition) = checked.edition else {
            return Err(say(
                Msg::new("runner-spec-has-errors").arg("path", spec.display())
            ));
        };
        reports.push(run_edition(&key, &spec, &edition, &files, engine));
    }
    Ok(reports)
}

/// Finds `<programme>/<profession>-<year>` folders of case files under `path`.
fn collect_folders(path: &Path, out: &mut BTreeMap<String, Vec<PathBuf>>) -> Result<(), String> {
    let read = |dir: &Path| -> Result<Vec<PathBuf>, String> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| {
                say(Msg::new("io-cannot-read-plain")
                    .arg("path", dir.display())
                    .phrase("error", io_error(&e)))
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        Ok(entries)
    };
    if !path.is_dir() {
        return Err(say(
            Msg::new("runner-not-a-folder").arg("path", path.display())
        ));
    }
    let entries = read(path)?;
    let cases: Vec<PathBuf> = entries
        .iter()
        .filter(|p| {
            p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
        })
        .cloned()
        .collect();
    if !cases.is_empty() {
        let profession_year = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let programme = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        out.entry(format!("{programme}/{profession_year}"))
            .or_default()
            .extend(cases);
    }
    for entry in entries.iter().filter(|p| p.is_dir()) {
        collect_folders(entry, out)?;
    }
    Ok(())
}

/// The statuses an indicator can take, read from its lowered core as the engines evaluate it: a
/// condition that can only be decided true or false never gives `unknown`, a list whose options
/// all validate never gives `not_met`, a sworn statement made in the declaration never lacks.
fn possible_statuses(node: &lowered::Indicator) -> Vec<Status> {
    use lowered::{Condition, EvidenceGate};
    if node.neutralised.is_some() {
        return vec![Status::Neutralised];
    }
    let lists = node
        .conditions
        .iter()
        .filter(|c| matches!(c, Condition::Choice(_)))
        .count();
    let can_fail = node.conditions.iter().any(|c| match c {
        Condition::Choice(choice) => {
            lists > 1
                || choice
                    .options
                    .iter()
                    .any(|o| !o.accepted || o.minimum_per_year.is_some())
        }
        Condition::Count { threshold, .. } => threshold.is_some(),
        _ => true,
    });
    let can_be_unknown = node.conditions.is_empty()
        || node
            .conditions
            .iter()
            .any(|c| !matches!(c, Condition::Software { .. }))
        || node
            .evidence
            .iter()
            .any(|g| matches!(g, EvidenceGate::SwornBox { .. }));
    let mut statuses = vec![Status::Met];
    if can_fail {
        statuses.push(Status::NotMet);
    }
    if can_be_unknown {
        statuses.push(Status::Unknown);
    }
    let software_exemption = node.conditions.iter().any(|c| {
        matches!(
            c,
            Condition::Software {
                exemption: Some(_),
                ..
            }
        )
    });
    if node.exemption.is_some() || software_exemption {
        statuses.push(Status::Exempt);
    }
    if node.evidence.iter().any(|g| {
        matches!(
            g,
            EvidenceGate::SwornBox { .. } | EvidenceGate::Document { .. }
        )
    }) {
        statuses.push(Status::MissingEvidence);
    }
    statuses
}

fn run_edition(
    key: &str,
    spec: &Path,
    edition: &ir::Edition,
    files: &[PathBuf],
    engine: Option<&Engine>,
) -> EditionReport {
    let mut coverage = Coverage::default();
    let plan = Plan::new(edition);
    let mut nodes = plan.core().indicators.iter();
    for section in &edition.sections {
        for (id, indicator) in section.all_indicators() {
            coverage.indicators_total += 1;
            for status in nodes.next().map(possible_statuses).unwrap_or_default() {
                coverage.statuses_possible.insert((id.clone(), status));
            }
            coverage.exclusions_total += indicator
                .rates
                .iter()
                .map(|r| r.exclusions.len())
                .sum::<usize>();
        }
        coverage.gates_possible.insert((section.id.clone(), true));
        if section.gating != ir::Gating::Independent {
            coverage.gates_possible.insert((section.id.clone(), false));
        }
    }
    let mut cases = Vec::new();
    for path in files {
        let mut failures = Vec::new();
        match run_case(path, &plan, engine, &mut coverage) {
            Ok(more) => failures.extend(more),
            Err(errors) => failures.extend(errors),
        }
        cases.push(CaseResult {
            path: path.clone(),
            failures,
        });
    }
    let undecided = coverage.undecided(edition);
    EditionReport {
        key: key.to_string(),
        spec: spec.to_path_buf(),
        engines: engines_in_words(engine),
        cases,
        coverage,
        undecided,
    }
}

fn run_case(
    path: &Path,
    plan: &Plan<'_>,
    engine: Option<&Engine>,
    coverage: &mut Coverage,
) -> Result<Vec<String>, Vec<String>> {
    let edition = plan.edition();
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![say(
            Msg::new("runner-cannot-read-case").phrase("error", io_error(&e))
        )]
    })?;
    let file = case::read(&text, edition).map_err(|e| vec![e.to_string()])?;
    let validated = case::validate(&file, edition)
        .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    let outcome = plan.evaluate(&validated, Explain::Yes);
    let mut failures = Vec::new();
    match &file.attendu {
        Some(expected) => compare_expected(&expected.value, &outcome, &mut failures),
        None => failures.push(say(Msg::new("runner-no-expected"))),
    }
    if let Some(engine) = engine {
        match engine(&edition.key(), &text) {
            Some(Ok(generated)) => match serde_json::to_value(&outcome) {
                Ok(reference) if reference == generated => {}
                Ok(reference) => failures.push(say(Msg::new("runner-engines-disagree")
                    .arg("reference", reference)
                    .arg("generated", generated))),
                Err(e) => failures.push(say(Msg::new("runner-cannot-serialise").arg("error", e))),
            },
            Some(Err(error)) => failures.push(say(
                Msg::new("runner-generated-cannot-run").arg("error", error)
            )),
            None => failures.push(say(
                Msg::new("runner-generated-no-edition").arg("edition", edition.key())
            )),
        }
    }
    record_coverage(plan, &validated, &outcome, coverage);
    Ok(failures)
}

fn compare_expected(expected: &case::Expected, outcome: &Outcome, failures: &mut Vec<String>) {
    if let Some(total) = expected.total_cents {
        if total != outcome.total_cents {
            failures.push(say(Msg::new("runner-expected-got")
                .arg("field", "total_cents")
                .arg("expected", total)
                .arg("got", outcome.total_cents)));
        }
    }
    if let Some(incomplete) = expected.total_incomplete {
        if incomplete != outcome.total_incomplete {
            failures.push(say(Msg::new("runner-expected-got")
                .arg("field", "total_incomplete")
                .arg("expected", incomplete)
                .arg("got", outcome.total_incomplete)));
        }
    }
    for (id, section) in &expected.sections {
        let Some(actual) = outcome.section(id) else {
            failures.push(say(Msg::new("runner-no-such-section").arg("id", id)));
            continue;
        };
        if let Some(unlocked) = section.unlocked {
            if unlocked != actual.unlocked {
                failures.push(say(Msg::new("runner-expected-got")
                    .arg("field", format!("sections.{id}.unlocked"))
                    .arg("expected", unlocked)
                    .arg("got", actual.unlocked)));
            }
        }
        if let Some(amount) = section.amount_cents {
            if amount != actual.amount_cents {
                failures.push(say(Msg::new("runner-expected-got")
                    .arg("field", format!("sections.{id}.amount_cents"))
                    .arg("expected", amount)
                    .arg("got", actual.amount_cents)));
            }
        }
        if let Some(incomplete) = section.incomplete {
            if incomplete != actual.incomplete {
                failures.push(say(Msg::new("runner-expected-got")
                    .arg("field", format!("sections.{id}.incomplete"))
                    .arg("expected", incomplete)
                    .arg("got", actual.incomplete)));
            }
        }
    }
    for (id, indicator) in &expected.indicateurs {
        let Some(actual) = outcome.indicator(id) else {
            failures.push(say(Msg::new("runner-no-such-indicator").arg("id", id)));
            continue;
        };
        if let Some(status) = &indicator.status {
            if status != actual.status.name() {
                let got = if actual.reasons.is_empty() {
                    actual.status.name().to_string()
                } else {
                    format!("{} ({})", actual.status.name(), actual.reasons.join(" ; "))
                };
                failures.push(say(Msg::new("runner-expected-got")
                    .arg("field", format!("indicateurs.{id}.status"))
                    .arg("expected", status)
                    .arg("got", got)));
            }
        }
        if let Some(amount) = indicator.amount_cents {
            if amount != actual.amount_cents {
                failures.push(say(Msg::new("runner-expected-got")
                    .arg("field", format!("indicateurs.{id}.amount_cents"))
                    .arg("expected", cents_or_null(amount))
                    .arg("got", cents_or_null(actual.amount_cents))));
            }
        }
        if let Some(max) = indicator.max_cents {
            if Some(max) != actual.max_cents {
                failures.push(say(Msg::new("runner-expected-got")
                    .arg("field", format!("indicateurs.{id}.max_cents"))
                    .arg("expected", max)
                    .arg("got", cents_or_null(actual.max_cents))));
            }
        }
    }
}

/// An amount as the JSON contract writes it: cents, or `null` when undetermined.
fn cents_or_null(amount: Option<i64>) -> String {
    amount.map_or_else(|| "null".to_string(), |cents| cents.to_string())
}

fn record_coverage(
    plan: &Plan<'_>,
    validated: &case::Case,
    outcome: &Outcome,
    coverage: &mut Coverage,
) {
    for (id, result) in &outcome.indicators {
        if result.status != Status::Unknown {
            coverage.indicators_decided.insert(id.to_string());
        }
        coverage
            .statuses_seen
            .insert((id.to_string(), result.status));
    }
    for (id, section) in &outcome.sections {
        coverage
            .gates_seen
            .insert((id.to_string(), section.unlocked));
    }
    let edition = plan.edition();
    let indicators = edition.sections.iter().flat_map(|s| s.all_indicators());
    for ((id, indicator), slots) in indicators.zip(&plan.layout().indicators) {
        for (offset, rate) in indicator.rates.iter().enumerate() {
            let Some(RateView::Acts(acts)) = validated.rate(slots.rates + offset) else {
                continue;
            };
            for act in acts {
                if let Some(index) = rate
                    .exclusions
                    .iter()
                    .position(|e| interpret::holds(&e.condition, act))
                {
                    coverage
                        .exclusions_seen
                        .insert((format!("{id}.{}", rate.id), index));
                }
            }
        }
    }
}

/// The report for a person: each failing case, then per edition the cases passed, the engines
/// that ran them and the coverage, then `N passed, N failed` alone on the last line.
pub fn render(reports: &[EditionReport]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for report in reports {
        let passed = report
            .cases
            .iter()
            .filter(|c| c.failures.is_empty())
            .count();
        for case in report.cases.iter().filter(|c| !c.failures.is_empty()) {
            let _ = writeln!(
                out,
                "{}",
                say(Msg::new("runner-case-failed").arg("path", case.path.display()))
            );
            for failure in &case.failures {
                let _ = writeln!(out, "  {failure}");
            }
        }
        let c = &report.coverage;
        let (seen, total) = c.branches();
        let line = Msg::new("runner-edition-line")
            .arg("edition", &report.key)
            .num("cases", report.cases.len())
            .num("passed", passed)
            .arg("engines", report.engines)
            .arg(
                "decided",
                format!("{}/{}", c.indicators_decided.len(), c.indicators_total),
            )
            .arg("branches", format!("{seen}/{total}"))
            .arg(
                "statuses",
                format!(
                    "{}/{}",
                    c.statuses_seen.intersection(&c.statuses_possible).count(),
                    c.statuses_possible.len()
                ),
            )
            .arg(
                "exclusions",
                format!("{}/{}", c.exclusions_seen.len(), c.exclusions_total),
            )
            .arg(
                "gates",
                format!(
                    "{}/{}",
                    c.gates_seen.intersection(&c.gates_possible).count(),
                    c.gates_possible.len()
                ),
            );
        let _ = writeln!(out, "{}", say(line));
        if !report.undecided.is_empty() {
            let _ = writeln!(
                out,
                "  {}",
                say(Msg::new("runner-undecided").arg("ids", report.undecided.join(", ")))
            );
        }
        let unseen: Vec<String> = c
            .statuses_possible
            .difference(&c.statuses_seen)
            .map(|(id, status)| format!("{id} {}", status.name()))
            .collect();
        if !unseen.is_empty() {
            let _ = writeln!(
                out,
                "  {}",
                say(Msg::new("runner-unseen-statuses").arg("statuses", unseen.join(", ")))
            );
        }
    }
    let failed = reports.iter().filter(|r| !r.passed()).count();
    let cases: usize = reports.iter().map(|r| r.cases.len()).sum();
    let failing: usize = reports
        .iter()
        .map(|r| r.cases.iter().filter(|c| !c.failures.is_empty()).count())
        .sum();
    let _ = writeln!(
        out,
        "{} passed, {} failed{}",
        cases - failing,
        failing,
        if failed > 0 && failing == 0 {
            format!(" ({})", say(Msg::new("runner-coverage-incomplete")))
        } else {
            String::new()
        }
    );
    out
}
