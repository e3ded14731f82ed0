//! The population engine: declarations read first, then the acts batch by batch (straight into
//! the runtime's packed acts by [`crate::acts`], the columns those of the editions' act
//! schemas), each act folded as it is read into its practitioner's tally of the rate it counts
//! for (`guidec::act_tests::TallyTable`, the interpreter's own compiled tests: per month and
//! per class), so that memory grows with the practitioners and never with the acts, in any
//! order of the rows; then each practitioner's case built and validated by [`crate::adapter`],
//! given its tallies, and evaluated by the reference interpreter (`guidec::interpret::Plan`)
//! on every core.

use crate::acts::{trimmed, ActColumns, BatchActs, TextCodes};
use crate::adapter::{self, Declaration, Reject};
use crate::columns::{self, Field};
use crate::table::{Batch, Reader, RowGroups};
use guidec::act_tests::{ActTally, TallyTable};
use guidec::interpret::{Explain, Outcome, Plan};
use guidec::ir;
use guidec_runtime::Date;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How a run goes.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Write each indicator's reasons.
    pub explain: bool,
    /// Show a progress bar (only when standard error is a terminal).
    pub progress: bool,
    /// The year the data describe, when an edition of another year is to judge the same
    /// activity (an impact): each practitioner's dates are moved by the difference, whole years
    /// ([`guidec::case::CaseFile::move_years`], and each act as it is read). `None`: the dates
    /// as they are.
    pub data_year: Option<i32>,
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Practitioners evaluated.
    pub evaluated: u64,
    /// Declaration rows read.
    pub declarations: u64,
    /// Acts rows read.
    pub acts: u64,
    /// Rows written to the rejects.
    pub rejects: u64,
    /// Practitioners not evaluated because a row of theirs was rejected.
    pub practitioners_rejected: u64,
    /// Columns passed over for an edition (`diff --population` only), with the edition's key.
    pub ignored_columns: Vec<(String, String)>,
    /// The memory the acts' tallies took, in bytes (it grows with the practitioners and the
    /// rates, never with the acts).
    pub tally_bytes: u64,
    /// Time spent reading the tables and tallying the acts, in milliseconds.
    pub read_ms: u64,
    /// Time spent building, validating and evaluating the cases, in milliseconds.
    pub evaluate_ms: u64,
}

/// One edition evaluated over the population: its plan and the columns and measures it reads.
pub struct EditionRun<'p> {
    /// The plan.
    pub plan: &'p Plan<'p>,
    /// The edition's key (`fami/chirurgiens_dentistes-2025`).
    pub key: String,
    /// Per declaration column, whether this edition reads it.
    reads: Vec<bool>,
    /// The slot of the acts' packing ([`crate::acts::BatchActs::acts`]) its acts are packed in.
    schema: usize,
    /// By how many years its acts are moved as they are read.
    years: i32,
    /// Its rates computed from acts: per one, its place in the case's rates, its tally table
    /// and where its counters start in a practitioner's.
    rates: Vec<TalliedRate<'p>>,
    /// The counters a practitioner takes, all rates together.
    stride: usize,
}

/// A rate computed from acts, as the run tallies it.
struct TalliedRate<'p> {
    slot: usize,
    table: &'p TallyTable,
    offset: usize,
}

/// Per edition, the acts tallied: per practitioner, every rate's counters side by side, and
/// per practitioner and rate whether an act was read and the first claim.
struct Tallies {
    counters: Vec<i64>,
    heads: Vec<Head>,
}

impl Tallies {
    /// Every edition's empty tallies for `practitioners`.
    fn new(runs: &[EditionRun<'_>], practitioners: usize) -> Vec<Tallies> {
        runs.iter()
            .map(|run| Tallies {
                counters: vec![0; run.stride.saturating_mul(practitioners)],
                heads: vec![Head::default(); run.rates.len().saturating_mul(practitioners)],
            })
            .collect()
    }

    /// The memory the tallies take, in bytes.
    fn bytes(tallies: &[Tallies]) -> u64 {
        tallies
            .iter()
            .map(|t| {
                (t.counters.len() * std::mem::size_of::<i64>()
                    + t.heads.len() * std::mem::size_of::<Head>()) as u64
            })
            .sum()
    }

    /// Adds the acts `other` tallied (the same editions and practitioners, another thread's
    /// rows): the counters summed, the earliest first claim kept.
    fn add(&mut self, other: &Tallies) {
        for (mine, theirs) in self.counters.iter_mut().zip(&other.counters) {
            *mine = mine.saturating_add(*theirs);
        }
        for (mine, theirs) in self.heads.iter_mut().zip(&other.heads) {
            mine.seen |= theirs.seen;
            mine.first_claim = match (mine.first_claim, theirs.first_claim) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
    }
}

/// What a tally holds besides its counters.
#[derive(Clone, Copy, Debug, Default)]
struct Head {
    /// An acts row was read for this rate.
    seen: bool,
    first_claim: Option<Date>,
}

/// The acts' measures met so far, each with the rates it counts for in each edition.
#[derive(Default)]
struct Measures {
    /// Per measure, per edition, the places of the edition's tallied rates it counts for (an
    /// index into [`EditionRun::rates`]), or why the edition takes no acts for it.
    targets: Vec<Vec<Result<Vec<usize>, String>>>,
    index: HashMap<String, u16>,
    /// The last measure named, and its index: acts of one measure often follow each other.
    last: Option<(String, u16)>,
}

/// Where the outcomes and the rejects go, in order.
pub trait Sink {
    /// A practitioner's outcomes, one per edition in the order given.
    fn outcomes(&mut self, id: &str, outcomes: &[Outcome<'_>]) -> Result<(), String>;
    /// A row that does not fit.
    fn reject(&mut self, reject: &Reject) -> Result<(), String>;
}

fn bar(options: &Options, length: u64, message: &str, bytes: bool) -> ProgressBar {
    use std::io::IsTerminal;
    if !options.progress || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(length);
    let template = if bytes {
        "{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})"
    } else {
        "{msg} [{bar:40}] {human_pos}/{human_len} ({per_sec}, {eta})"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(message.to_string());
    bar
}

/// The declarations read: in their order, each id's index, and the practitioners kept out.
struct Population {
    declarations: Vec<Declaration>,
    index: HashMap<String, u32>,
    /// Per declaration, a row of his was rejected.
    tainted: Vec<bool>,
}

/// Runs every edition over the population of `declarations` and `acts` (an acts file is
/// optional: the rates may be given as counts), outcomes and rejects to `sink`.
pub fn run(
    editions: &[&Plan<'_>],
    declarations: &Path,
    acts: Option<&Path>,
    options: &Options,
    lenient_columns: bool,
    sink: &mut dyn Sink,
) -> Result<Summary, String> {
    let mut summary = Summary::default();
    let started = std::time::Instant::now();
    let mut decl_reader = Reader::open(declarations)?;
    let mut known: Vec<String> = Vec::new();
    for plan in editions {
        for id in columns::indicator_ids(plan.edition()) {
            if !known.contains(&id) {
                known.push(id);
            }
        }
    }
    let mut fields = Vec::new();
    let mut bad_columns = Vec::new();
    for name in &decl_reader.columns {
        match columns::parse(name, &known) {
            Ok(field) => fields.push(field),
            Err(reason) => bad_columns.push(reason),
        }
    }
    if !fields.contains(&Field::Id) {
        bad_columns.push("pas de colonne `id`".to_string());
    }
    if !bad_columns.is_empty() {
        return Err(bad_columns
            .iter()
            .map(|reason| format!("« {} » : {reason}", declarations.display()))
            .collect::<Vec<_>>()
            .join("\n"));
    }
    let mut runs = Vec::new();
    for plan in editions {
        let edition = plan.edition();
        let reads: Vec<bool> = fields.iter().map(|f| columns::asks(edition, f)).collect();
        let unknown: Vec<String> = fields
            .iter()
            .zip(&reads)
            .filter(|(_, reads)| !**reads)
            .map(|(f, _)| f.path())
            .collect();
        if !unknown.is_empty() && !lenient_columns {
            return Err(format!(
                "« {} » : colonnes que l'édition {} ne connaît pas : {} (la liste : `guidec-population colonnes SPEC`)",
                declarations.display(),
                edition.key(),
                unknown.join(", ")
            ));
        }
        summary
            .ignored_columns
            .extend(unknown.into_iter().map(|c| (edition.key(), c)));
        let mut rates = Vec::new();
        let mut stride = 0usize;
        for slot in 0..plan.core().layout.lengths.rates {
            if let Some(table) = plan.tally_table(slot) {
                rates.push(TalliedRate {
                    slot,
                    table,
                    offset: stride,
                });
                stride = stride.saturating_add(table.width());
            }
        }
        runs.push(EditionRun {
            plan,
            key: edition.key(),
            reads,
            schema: 0,
            years: options
                .data_year
                .map_or(0, |year| edition.year.saturating_sub(year)),
            rates,
            stride,
        });
    }
    let id_column = decl_reader.index("id");

    let mut act_reader = match acts {
        Some(path) => {
            let reader = Reader::open(path)?;
            let plans: Vec<&ir::Edition> = editions.iter().map(|p| p.edition()).collect();
            let columns = ActColumns::new(&plans, &reader, &path.display().to_string())?;
            for (index, run) in runs.iter_mut().enumerate() {
                run.schema = columns.schema_of(index);
            }
            Some((reader, columns))
        }
        None => None,
    };

    // The declarations, in their order; a repeated id is rejected, the first kept.
    let mut population = Population {
        declarations: Vec::new(),
        index: HashMap::new(),
        tainted: Vec::new(),
    };
    let bar_decl = bar(
        options,
        decl_reader.size,
        "déclarations",
        !decl_reader.size_in_rows,
    );
    let mut row: u64 = 0;
    while let Some(batch) = decl_reader.next_batch() {
        let batch = batch?;
        let columns: Vec<_> = (0..fields.len()).map(|i| batch.column(Some(i))).collect();
        for r in 0..batch.rows() {
            row += 1;
            let id = batch
                .column(id_column)
                .text(r)
                .ok()
                .flatten()
                .map(|t| t.trim().to_string())
                .unwrap_or_default();
            if id.is_empty() {
                summary.rejects += 1;
                sink.reject(&Reject {
                    row,
                    table: "declarations",
                    id: String::new(),
                    field: "id".into(),
                    reason: "identifiant vide".into(),
                })?;
                continue;
            }
            if let Some(first) = population
                .index
                .get(&id)
                .and_then(|i| population.declarations.get(*i as usize))
            {
                summary.rejects += 1;
                summary.practitioners_rejected += 1;
                sink.reject(&Reject {
                    row,
                    table: "declarations",
                    id,
                    field: "id".into(),
                    reason: format!(
                        "identifiant en double : la ligne {} déclare déjà ce praticien",
                        first.row
                    ),
                })?;
                continue;
            }
            let mut cells = Vec::with_capacity(columns.len());
            let mut bad = None;
            for (index, column) in columns.iter().enumerate() {
                match column.text(r) {
                    Ok(cell) => cells.push(cell.map(|c| c.into_owned())),
                    Err(reason) => {
                        bad = Some((index, reason));
                        cells.push(None);
                    }
                }
            }
            if let Some((index, reason)) = &bad {
                summary.rejects += 1;
                sink.reject(&Reject {
                    row,
                    table: "declarations",
                    id: id.clone(),
                    field: fields.get(*index).map(Field::path).unwrap_or_default(),
                    reason: reason.clone(),
                })?;
            }
            let at = u32::try_from(population.declarations.len())
                .map_err(|_| "plus de 4 milliards de praticiens".to_string())?;
            population.index.insert(id.clone(), at);
            population.tainted.push(bad.is_some());
            population.declarations.push(Declaration { row, id, cells });
        }
        bar_decl.set_position(decl_reader.position(row));
    }
    bar_decl.finish_and_clear();
    summary.declarations = row;

    let practitioners = population.declarations.len();
    // Each edition's tallies (none without acts: every rate is then given as counts).
    let mut tallies: Vec<Tallies> = Tallies::new(&runs, 0);
    if let Some((reader, act_columns)) = act_reader.take() {
        let bar_acts = bar(options, reader.size, "actes", !reader.size_in_rows);
        let tainted = &mut population.tainted;
        let rejects = &mut summary.rejects;
        let mut write = |refused: Vec<Refused>| -> Result<(), String> {
            for Refused {
                reject,
                practitioner,
            } in refused
            {
                *rejects += 1;
                sink.reject(&reject)?;
                if let Some(flag) = practitioner.and_then(|at| tainted.get_mut(at)) {
                    *flag = true;
                }
            }
            Ok(())
        };
        let shared = Shared {
            act_columns: &act_columns,
            runs: &runs,
            index: &population.index,
            practitioners,
            bar: &bar_acts,
        };
        let (rows, mut tallied) = match reader.row_groups().cloned() {
            Some(groups) => tally_groups(&groups, shared, &mut write)?,
            None => tally_stream(reader, shared, &mut write)?,
        };
        summary.tally_bytes = tallied.iter().map(|t| Tallies::bytes(t)).sum();
        if let Some(first) = tallied.pop() {
            tallies = first;
            for other in &tallied {
                for (mine, theirs) in tallies.iter_mut().zip(other) {
                    mine.add(theirs);
                }
            }
        }
        bar_acts.finish_and_clear();
        summary.acts = rows;
    }

    summary.read_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let started = std::time::Instant::now();
    let bar_eval = bar(options, practitioners as u64, "évaluation", false);
    let explain = if options.explain {
        Explain::Yes
    } else {
        Explain::No
    };
    let indexed: Vec<(usize, &Declaration)> = population.declarations.iter().enumerate().collect();
    for wave in indexed.chunks(4096) {
        let results: Vec<Result<Vec<Outcome<'_>>, Vec<Reject>>> = wave
            .par_iter()
            .map(|(at, declaration)| {
                if population.tainted.get(*at).copied().unwrap_or(true) {
                    return Err(vec![Reject {
                        row: declaration.row,
                        table: "declarations",
                        id: declaration.id.clone(),
                        field: String::new(),
                        reason: "praticien non évalué : une de ses lignes est rejetée".into(),
                    }]);
                }
                evaluate(&runs, &tallies, &fields, *at, declaration, explain, options)
            })
            .collect();
        for ((_, declaration), result) in wave.iter().zip(results) {
            match result {
                Ok(outcomes) => {
                    summary.evaluated += 1;
                    sink.outcomes(&declaration.id, &outcomes)?;
                }
                Err(rejects) => {
                    summary.practitioners_rejected += 1;
                    for reject in &rejects {
                        summary.rejects += 1;
                        sink.reject(reject)?;
                    }
                }
            }
        }
        bar_eval.inc(wave.len() as u64);
    }
    bar_eval.finish_and_clear();
    summary.evaluate_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    Ok(summary)
}

/// One practitioner (the declaration at `at`) through every edition.
fn evaluate<'p>(
    runs: &[EditionRun<'p>],
    tallies: &[Tallies],
    fields: &[Field],
    at: usize,
    declaration: &Declaration,
    explain: Explain,
    options: &Options,
) -> Result<Vec<Outcome<'p>>, Vec<Reject>> {
    let mut outcomes = Vec::with_capacity(runs.len());
    for (run, tallied) in runs.iter().zip(tallies) {
        let edition: &ir::Edition = run.plan.edition();
        let reject = |field: String, reason: String| Reject {
            row: declaration.row,
            table: "declarations",
            id: declaration.id.clone(),
            field,
            reason,
        };
        // The columns this edition does not know are left out of its case.
        let own;
        let (fields, declaration_read) = if run.reads.iter().all(|r| *r) {
            (std::borrow::Cow::Borrowed(fields), declaration)
        } else {
            let (fields, cells): (Vec<Field>, Vec<Option<String>>) = fields
                .iter()
                .zip(&declaration.cells)
                .zip(&run.reads)
                .filter(|(_, reads)| **reads)
                .map(|((f, c), _)| (f.clone(), c.clone()))
                .unzip();
            own = Declaration {
                row: declaration.row,
                id: declaration.id.clone(),
                cells,
            };
            (std::borrow::Cow::Owned(fields), &own)
        };
        let mut file = adapter::case_file(edition, &fields, declaration_read)?;
        // The same activity in the edition's year (the acts were moved as they were tallied).
        if options.data_year.is_some() && run.years != 0 {
            file.move_years(run.years, None)
                .map_err(|reason| vec![reject(String::new(), reason)])?;
        }
        let mut case = adapter::validate(&file, edition, declaration_read)?;
        for (k, rate) in run.rates.iter().enumerate() {
            let head = tallied
                .heads
                .get(at * run.rates.len() + k)
                .copied()
                .unwrap_or_default();
            if !head.seen {
                continue;
            }
            let start = at * run.stride + rate.offset;
            let counters = tallied
                .counters
                .get(start..start + rate.table.width())
                .unwrap_or_default();
            let tally = ActTally {
                counters: counters.into(),
                first_claim: head.first_claim,
            };
            case.put_tally(rate.slot, tally).map_err(|reason| {
                vec![reject(
                    measure_path(edition, run.plan, rate.slot).unwrap_or_default(),
                    reason,
                )]
            })?;
        }
        outcomes.push(run.plan.evaluate(&case, explain));
    }
    Ok(outcomes)
}

/// The case-file path of the rate at `slot` of `plan`'s rates (`indicateurs.<i>.mesures.<r>`).
fn measure_path(edition: &ir::Edition, plan: &Plan<'_>, slot: usize) -> Option<String> {
    edition
        .sections
        .iter()
        .flat_map(|section| section.all_indicators())
        .map(|(_, indicator)| indicator)
        .zip(&plan.core().layout.indicators)
        .find_map(|(indicator, slots)| {
            let offset = slot.checked_sub(slots.rates)?;
            let rate = indicator.rates.get(offset)?;
            Some(format!("indicateurs.{}.mesures.{}", indicator.id, rate.id))
        })
}

/// What the thread reading a table of one piece (CSV, or Parquet of a single row group) sends
/// the thread tallying its acts: a batch read (its acts packed, and how far the reading has
/// gone), or why reading stopped; the end.
enum Piece {
    Batch(Result<(Batch, BatchActs, u64), String>),
    End,
}

/// What a thread tallying row groups sends the thread writing the rejects: a batch's rows
/// tallied and the rows refused among them, the end of a group, or why reading stopped.
enum Report {
    Batch { rows: u64, refused: Vec<Refused> },
    End,
    Failed(String),
}

/// What every thread reading and tallying the acts shares.
#[derive(Clone, Copy)]
struct Shared<'a, 'p> {
    act_columns: &'a ActColumns,
    runs: &'a [EditionRun<'p>],
    /// Each declared practitioner's index.
    index: &'a HashMap<String, u32>,
    practitioners: usize,
    bar: &'a ProgressBar,
}

/// The acts of a Parquet table of several row groups, read and tallied by as many threads as
/// there are cores (at most one per group), each taking every n-th group into tallies of its
/// own; the calling thread writes the rows refused in the file's order. The rows read, and
/// each thread's tallies.
fn tally_groups(
    groups: &RowGroups,
    shared: Shared<'_, '_>,
    write: &mut dyn FnMut(Vec<Refused>) -> Result<(), String>,
) -> Result<(u64, Vec<Vec<Tallies>>), String> {
    let Shared {
        act_columns, bar, ..
    } = shared;
    let count = groups.count();
    let threads = count
        .min(std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    // Each group's first row, so that every thread numbers its rows as the file does.
    let mut starts = Vec::with_capacity(count);
    let mut rows: u64 = 0;
    for group in 0..count {
        starts.push(rows);
        rows = rows.saturating_add(groups.rows(group));
    }
    let starts = &starts;
    std::thread::scope(|scope| {
        let mut receivers = Vec::with_capacity(threads);
        let mut handles = Vec::with_capacity(threads);
        for thread in 0..threads {
            let (sender, receiver) = std::sync::mpsc::sync_channel::<Report>(16);
            receivers.push(receiver);
            handles.push(scope.spawn(move || {
                let mut tallier = Tallier::new(shared);
                let mut acts = BatchActs::default();
                for group in (thread..count).step_by(threads) {
                    let mut row = starts.get(group).copied().unwrap_or(0);
                    let batches = match groups.read(group) {
                        Ok(batches) => batches,
                        Err(error) => {
                            let _ = sender.send(Report::Failed(error));
                            return tallier.tallies;
                        }
                    };
                    for batch in batches {
                        let batch = match batch {
                            Ok(batch) => batch,
                            Err(error) => {
                                let _ = sender.send(Report::Failed(error));
                                return tallier.tallies;
                            }
                        };
                        act_columns.read_batch(
                            &act_columns.columns(&batch),
                            batch.rows(),
                            &mut acts,
                        );
                        let mut refused = Vec::new();
                        let next = tallier.batch(&batch, &acts, row, &mut refused);
                        let report = Report::Batch {
                            rows: next.saturating_sub(row),
                            refused,
                        };
                        // The writer gone (a failure elsewhere): stop.
                        if sender.send(report).is_err() {
                            return tallier.tallies;
                        }
                        row = next;
                    }
                    if sender.send(Report::End).is_err() {
                        return tallier.tallies;
                    }
                }
                tallier.tallies
            }));
        }
        let mut read: u64 = 0;
        for group in 0..count {
            let Some(receiver) = receivers.get(group % threads) else {
                break;
            };
            loop {
                match receiver.recv() {
                    Ok(Report::Batch { rows, refused }) => {
                        read = read.saturating_add(rows);
                        write(refused)?;
                        bar.set_position(read);
                    }
                    Ok(Report::End) => break,
                    Ok(Report::Failed(error)) => return Err(error),
                    // A thread gone without its end: never a group silently short.
                    Err(_) => return Err("table des actes : lecture interrompue".into()),
                }
            }
        }
        drop(receivers);
        let tallies = handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .map_err(|_| "table des actes : lecture interrompue".to_string())
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok((read, tallies))
    })
}

/// The acts of a table read as one stream (CSV, or Parquet of a single row group): a thread
/// reads the batches and packs their acts while this one tallies them and writes the rows
/// refused. The rows read, and the tallies.
fn tally_stream(
    mut reader: Reader,
    shared: Shared<'_, '_>,
    write: &mut dyn FnMut(Vec<Refused>) -> Result<(), String>,
) -> Result<(u64, Vec<Vec<Tallies>>), String> {
    let Shared {
        act_columns, bar, ..
    } = shared;
    let size_in_rows = reader.size_in_rows;
    let mut tallier = Tallier::new(shared);
    let rows = std::thread::scope(|scope| -> Result<u64, String> {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Piece>(2);
        // The acts' buffers, sent back to be filled again.
        let (recycle, recycled) = std::sync::mpsc::channel::<BatchActs>();
        scope.spawn(move || {
            let mut rows: u64 = 0;
            while let Some(batch) = reader.next_batch() {
                let piece = batch.map(|batch| {
                    rows += batch.rows() as u64;
                    let mut acts = recycled.try_recv().unwrap_or_default();
                    act_columns.read_batch(&act_columns.columns(&batch), batch.rows(), &mut acts);
                    (batch, acts, reader.position(rows))
                });
                let failed = piece.is_err();
                if sender.send(Piece::Batch(piece)).is_err() || failed {
                    return;
                }
            }
            let _ = sender.send(Piece::End);
        });
        let mut row: u64 = 0;
        loop {
            let (batch, acts, position) = match receiver.recv() {
                Ok(Piece::Batch(piece)) => piece?,
                Ok(Piece::End) => break,
                // The reader gone without its end: never a table silently short.
                Err(_) => return Err("table des actes : lecture interrompue".to_string()),
            };
            let mut refused = Vec::new();
            row = tallier.batch(&batch, &acts, row, &mut refused);
            write(refused)?;
            // The reader may be gone: the buffer is then dropped.
            let _ = recycle.send(acts);
            bar.set_position(if size_in_rows { row } else { position });
        }
        Ok(row)
    })?;
    Ok((rows, vec![tallier.tallies]))
}

/// The code of an acts row whose practitioner's id is empty.
const EMPTY_ID: u32 = u32::MAX - 1;
/// The code of an acts row whose practitioner has no declaration.
const UNDECLARED: u32 = u32::MAX - 2;
/// The code of an acts row whose measure is empty.
const NO_MEASURE: u32 = u32::MAX - 1;
/// The code of an acts row whose measure is refused.
const BAD_MEASURE: u32 = u32::MAX - 2;

/// One thread's tallies of the acts it reads, in counters of its own (added together at the
/// end, [`Tallies::add`]), each row's practitioner and measure coded by its own dictionaries.
struct Tallier<'r, 'p> {
    runs: &'r [EditionRun<'p>],
    act_columns: &'r ActColumns,
    /// Each declared practitioner's index.
    index: &'r HashMap<String, u32>,
    tallies: Vec<Tallies>,
    measures: Measures,
    /// The practitioners' indexes of the id column's texts.
    id_codes: TextCodes,
    /// The measures' indexes of the measure column's texts.
    measure_codes: TextCodes,
    /// Per measure, the rates its acts are tallied in directly ([`direct_rates`]).
    direct: Vec<Option<Vec<DirectRate<'p>>>>,
    /// A batch's rows' practitioners and measures (kept across batches).
    row_practitioners: Vec<u32>,
    row_measures: Vec<u32>,
}

/// An acts row refused: its reject, and the practitioner it keeps out.
struct Refused {
    reject: Reject,
    practitioner: Option<usize>,
}

impl<'r, 'p> Tallier<'r, 'p> {
    fn new(shared: Shared<'r, 'p>) -> Tallier<'r, 'p> {
        Tallier {
            runs: shared.runs,
            index: shared.index,
            act_columns: shared.act_columns,
            tallies: Tallies::new(shared.runs, shared.practitioners),
            measures: Measures::default(),
            id_codes: TextCodes::default(),
            measure_codes: TextCodes::default(),
            direct: Vec::new(),
            row_practitioners: Vec::new(),
            row_measures: Vec::new(),
        }
    }

    /// Tallies a batch of acts rows, their acts packed by the editions' schemas
    /// ([`ActColumns::read_batch`]): each row's practitioner and measure, each act tallied for
    /// its practitioner in every edition. `row` is the number of rows before the batch; a row
    /// refused goes to `refused` with its number, column and reason.
    fn batch(
        &mut self,
        batch: &Batch,
        read: &BatchActs,
        mut row: u64,
        refused: &mut Vec<Refused>,
    ) -> u64 {
        let act_columns = self.act_columns;
        let columns = act_columns.columns(batch);
        let rows = batch.rows();
        let index = self.index;
        self.id_codes.codes(
            act_columns.id_column(&columns),
            rows,
            |text| match text.map(trimmed) {
                None | Some("") => EMPTY_ID,
                Some(id) => index.get(id).copied().unwrap_or(UNDECLARED),
            },
            &mut self.row_practitioners,
        );
        let runs = self.runs;
        let measures = &mut self.measures;
        self.measure_codes.codes(
            act_columns.measure_column(&columns),
            rows,
            |text| match text {
                None => NO_MEASURE,
                Some(path) => measures.measure(path, runs).map_or(BAD_MEASURE, u32::from),
            },
            &mut self.row_measures,
        );
        // Per measure, its rates in every edition when they are tallied directly.
        while self.direct.len() < self.measures.targets.len() {
            let targets = self.measures.targets.get(self.direct.len());
            self.direct
                .push(targets.and_then(|targets| direct_rates(self.runs, targets)));
        }
        for r in 0..rows {
            row += 1;
            let at = self.row_practitioners.get(r).copied().unwrap_or(EMPTY_ID);
            let measure = self.row_measures.get(r).copied().unwrap_or(NO_MEASURE);
            // The usual row: a declared practitioner, a measure every edition tallies, an act
            // read; tallied in a tight loop.
            if at < UNDECLARED && read.refused.get(r).is_some_and(Option::is_none) {
                if let Some(Some(rates)) = self.direct.get(measure as usize) {
                    let at = at as usize;
                    for rate in rates {
                        let (Some(act), Some(tallies)) =
                            (read.act(r, rate.schema), self.tallies.get_mut(rate.run))
                        else {
                            continue;
                        };
                        let start = at * rate.stride + rate.offset;
                        let head = tallies.heads.get_mut(at * rate.heads + rate.k);
                        let counters = tallies.counters.get_mut(start..start + rate.width);
                        if let (Some(head), Some(counters)) = (head, counters) {
                            head.seen = true;
                            rate.table.add(counters, &mut head.first_claim, &act);
                        }
                    }
                    continue;
                }
            }
            let id = || {
                act_columns
                    .id(&columns, r)
                    .map(|id| id.to_string())
                    .unwrap_or_default()
            };
            if at == EMPTY_ID || at == UNDECLARED {
                refused.push(Refused {
                    reject: Reject {
                        row,
                        table: "actes",
                        id: id(),
                        field: "id".into(),
                        reason: if at == EMPTY_ID {
                            "identifiant vide".into()
                        } else {
                            "aucune ligne de déclarations pour ce praticien".into()
                        },
                    },
                    practitioner: None,
                });
                continue;
            }
            let at = at as usize;
            let why: Option<(String, String)> = if measure == NO_MEASURE {
                Some(("mesure".into(), "mesure vide".into()))
            } else if measure == BAD_MEASURE {
                let reason = match act_columns.measure(&columns, r) {
                    Err(reason) => reason,
                    Ok(path) => self
                        .measures
                        .measure(path.as_deref().unwrap_or_default(), self.runs)
                        .err()
                        .unwrap_or_default(),
                };
                Some(("mesure".into(), reason))
            } else if let Some(why) = read.refused.get(r).and_then(Option::as_ref) {
                Some((**why).clone())
            } else {
                let targets = self
                    .measures
                    .targets
                    .get(measure as usize)
                    .map_or(&[][..], Vec::as_slice);
                tally_act(self.runs, &mut self.tallies, targets, read, r, at).err()
            };
            if let Some((field, reason)) = why {
                refused.push(Refused {
                    reject: Reject {
                        row,
                        table: "actes",
                        id: id(),
                        field,
                        reason,
                    },
                    practitioner: Some(at),
                });
            }
        }
        row
    }
}

/// A rate a measure's acts are tallied in directly: in which edition, by which schema, where
/// its counters and head are in a practitioner's.
struct DirectRate<'p> {
    run: usize,
    schema: usize,
    table: &'p TallyTable,
    stride: usize,
    offset: usize,
    width: usize,
    heads: usize,
    k: usize,
}

/// The rates a measure's acts are tallied in, in every edition, when each edition takes them
/// and none moves its dates (`None`: the row is tallied by [`tally_act`]).
fn direct_rates<'p>(
    runs: &[EditionRun<'p>],
    targets: &[Result<Vec<usize>, String>],
) -> Option<Vec<DirectRate<'p>>> {
    let mut direct = Vec::new();
    for (index, (run, target)) in runs.iter().zip(targets).enumerate() {
        if run.years != 0 {
            return None;
        }
        for k in target.as_ref().ok()? {
            let rate = run.rates.get(*k)?;
            direct.push(DirectRate {
                run: index,
                schema: run.schema,
                table: rate.table,
                stride: run.stride,
                offset: rate.offset,
                width: rate.table.width(),
                heads: run.rates.len(),
                k: *k,
            });
        }
    }
    (targets.len() == runs.len()).then_some(direct)
}

/// Tallies row `r`'s acts (one per schema) for the practitioner at `at` in every edition, into
/// the rates its measure counts for (`targets`, per edition); or why an edition refuses it.
#[inline]
fn tally_act(
    runs: &[EditionRun<'_>],
    tallies: &mut [Tallies],
    targets: &[Result<Vec<usize>, String>],
    read: &BatchActs,
    r: usize,
    at: usize,
) -> Result<(), (String, String)> {
    for ((run, tallies), target) in runs.iter().zip(tallies).zip(targets) {
        let rates = target
            .as_ref()
            .map_err(|e| ("mesure".to_string(), e.clone()))?;
        let Some(mut act) = read.act(r, run.schema) else {
            continue;
        };
        if run.years != 0 {
            let schema = run.plan.edition().acts.as_ref().map(|a| &*a.runtime);
            act = schema
                .and_then(|schema| schema.act_moved_by_years(&act, run.years))
                .ok_or_else(|| {
                    (
                        "date".to_string(),
                        format!(
                            "une date de l'acte, décalée de {} an(s), sort du calendrier",
                            run.years
                        ),
                    )
                })?;
        }
        for k in rates {
            let Some(rate) = run.rates.get(*k) else {
                continue;
            };
            let start = at * run.stride + rate.offset;
            let head = tallies.heads.get_mut(at * run.rates.len() + k);
            let counters = tallies.counters.get_mut(start..start + rate.table.width());
            if let (Some(head), Some(counters)) = (head, counters) {
                head.seen = true;
                rate.table.add(counters, &mut head.first_claim, &act);
            }
        }
    }
    Ok(())
}

impl Measures {
    /// The index of the measure `path` names (`indicateurs.<i>.mesures.<r>`), listed with the
    /// rates it counts for in each edition the first time it is met; the last one is kept at
    /// hand, acts of one measure often following each other.
    fn measure(&mut self, path: &str, runs: &[EditionRun<'_>]) -> Result<u16, String> {
        if let Some((last, index)) = &self.last {
            if last == path {
                return Ok(*index);
            }
        }
        let index = match self.index.get(path) {
            Some(index) => *index,
            None => {
                let Some((indicator, rate)) = columns::parse_measure(path) else {
                    return Err(format!(
                        "attendu `indicateurs.<indicateur>.mesures.<taux>`, lu « {path} »"
                    ));
                };
                let index = u16::try_from(self.targets.len())
                    .map_err(|_| "plus de 65 535 mesures différentes".to_string())?;
                let targets = runs
                    .iter()
                    .map(|run| {
                        let slots = run.plan.measured_from_acts(&indicator, &rate)?;
                        Ok(run
                            .rates
                            .iter()
                            .enumerate()
                            .filter(|(_, r)| slots.contains(&r.slot))
                            .map(|(k, _)| k)
                            .collect())
                    })
                    .collect();
                self.targets.push(targets);
                self.index.insert(path.to_string(), index);
                index
            }
        };
        self.last = Some((path.to_string(), index));
        Ok(index)
    }
}

/// Evaluates a folder of case files (`*.yaml`, found recursively) on one edition: the id of each
/// is its path below the folder, without `.yaml`.
pub fn run_case_files(
    plan: &Plan<'_>,
    folder: &Path,
    explain: bool,
    sink: &mut dyn Sink,
) -> Result<Summary, String> {
    let mut files = Vec::new();
    collect_yaml(folder, &mut files)?;
    files.sort();
    let mut summary = Summary::default();
    let explain = if explain { Explain::Yes } else { Explain::No };
    let edition = plan.edition();
    for wave in files.chunks(1024) {
        let results: Vec<(String, Result<Outcome<'_>, Vec<Reject>>)> = wave
            .par_iter()
            .map(|path| {
                let id = path
                    .strip_prefix(folder)
                    .unwrap_or(path)
                    .with_extension("")
                    .to_string_lossy()
                    .replace('\\', "/");
                let reject = |line: u64, field: String, reason: String| Reject {
                    row: line,
                    table: "cas",
                    id: id.clone(),
                    field,
                    reason,
                };
                let result = std::fs::read_to_string(path)
                    .map_err(|e| vec![reject(0, String::new(), format!("illisible : {e}"))])
                    .and_then(|text| {
                        guidec::case::read(&text, edition)
                            .map_err(|e| vec![e])
                            .and_then(|file| guidec::case::validate(&file, edition))
                            .map_err(|errors| {
                                errors
                                    .into_iter()
                                    .map(|e| reject(e.line, e.field, e.message))
                                    .collect()
                            })
                    })
                    .map(|case| plan.evaluate(&case, explain));
                (id, result)
            })
            .collect();
        for (id, result) in results {
            summary.declarations += 1;
            match result {
                Ok(outcome) => {
                    summary.evaluated += 1;
                    sink.outcomes(&id, std::slice::from_ref(&outcome))?;
                }
                Err(rejects) => {
                    summary.practitioners_rejected += 1;
                    for reject in &rejects {
                        summary.rejects += 1;
                        sink.reject(reject)?;
                    }
                }
            }
        }
    }
    Ok(summary)
}

fn collect_yaml(folder: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(folder)
        .map_err(|e| format!("impossible de lire « {} » : {e}", folder.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let kind = entry.file_type().map_err(|e| e.to_string())?;
        let path = entry.path();
        if kind.is_dir() {
            collect_yaml(&path, out)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
    Ok(())
}
