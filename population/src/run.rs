//! The population engine: declarations and acts read batch by batch (the acts straight into the
//! runtime's packed acts by [`crate::acts`], the columns those of the editions' act schemas),
//! grouped by practitioner within a memory budget (spilled to partition files by a hash of the
//! id when they do not fit), each practitioner's case built and validated by [`crate::adapter`],
//! then evaluated by the reference interpreter (`guidec::interpret::Plan`) on every core.

use crate::acts::{ActColumns, ActRow, MAX_SCHEMAS};
use crate::adapter::{self, Declaration, Measure, Reject};
use crate::columns::{self, Field};
use crate::table::{Batch, Reader};
use guidec::interpret::{Explain, Outcome, Plan};
use guidec::ir;
use guidec_runtime::Date;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// How a run goes.
#[derive(Clone, Debug)]
pub struct Options {
    /// The memory the grouped acts may take, in bytes; beyond it they are spilled to partitions.
    pub memory_bytes: u64,
    /// Write each indicator's reasons.
    pub explain: bool,
    /// Show a progress bar (only when standard error is a terminal).
    pub progress: bool,
    /// Where spill files go (default: the system's temporary folder).
    pub spill_dir: Option<PathBuf>,
    /// The year the data describe, when an edition of another year is to judge the same
    /// activity (an impact): each practitioner's dates are moved by the difference, whole years
    /// ([`guidec::case::CaseFile::move_years`]). `None`: the dates as they are.
    pub data_year: Option<i32>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            memory_bytes: 1 << 30,
            explain: false,
            progress: false,
            spill_dir: None,
            data_year: None,
        }
    }
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
    /// Partitions the acts were grouped in (1: all in memory, nothing spilled).
    pub partitions: usize,
    /// Columns passed over for an edition (`diff --population` only), with the edition's key.
    pub ignored_columns: Vec<(String, String)>,
    /// Time spent reading and grouping the tables, in milliseconds.
    pub read_ms: u64,
    /// Time spent building, validating and evaluating the cases, in milliseconds.
    pub evaluate_ms: u64,
}

/// The memory an act takes while its partition is grouped (the row read, then grouped by
/// practitioner), in bytes: an upper estimate.
const ACT_MEMORY: u64 = 128;

/// One edition evaluated over the population: its plan and the columns and measures it reads.
pub struct EditionRun<'p> {
    /// The plan.
    pub plan: &'p Plan<'p>,
    /// The edition's key (`fami/chirurgiens_dentistes-2025`).
    pub key: String,
    /// Per declaration column, whether this edition reads it.
    reads: Vec<bool>,
    /// The slot of [`ActRow::acts`] its acts are packed in.
    schema: usize,
}

/// The declarations' columns and the acts' measures, once the headers are read.
struct Inputs {
    fields: Vec<Field>,
    measures: Vec<Measure>,
    measure_index: HashMap<String, u16>,
    /// The last measure named, and its index: acts of one measure often follow each other.
    last_measure: Option<(String, u16)>,
}

/// Where the outcomes and the rejects go, in order.
pub trait Sink {
    /// A practitioner's outcomes, one per edition in the order given.
    fn outcomes(&mut self, id: &str, outcomes: &[Outcome<'_>]) -> Result<(), String>;
    /// A row that does not fit.
    fn reject(&mut self, reject: &Reject) -> Result<(), String>;
}

fn fnv(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
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
        bad_columns.push(format!(
            "« {} » n'a pas de colonne `id`",
            declarations.display()
        ));
    }
    if !bad_columns.is_empty() {
        return Err(bad_columns.join("\n"));
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
                "colonnes que l'édition {} ne connaît pas : {} (la liste : `guidec-population colonnes SPEC`)",
                edition.key(),
                unknown.join(", ")
            ));
        }
        summary
            .ignored_columns
            .extend(unknown.into_iter().map(|c| (edition.key(), c)));
        runs.push(EditionRun {
            plan,
            key: edition.key(),
            reads,
            schema: 0,
        });
    }
    let id_column = decl_reader.index("id");
    let mut inputs = Inputs {
        fields,
        measures: Vec::new(),
        measure_index: HashMap::new(),
        last_measure: None,
    };

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

    // How many partitions the budget asks for, from the tables' sizes.
    let act_rows_estimate =
        act_reader.as_ref().map_or(
            0,
            |(r, _)| if r.size_in_rows { r.size } else { r.size / 40 },
        );
    let decl_estimate = if decl_reader.size_in_rows {
        decl_reader.size * 64 * (inputs.fields.len() as u64 + 1)
    } else {
        decl_reader.size * 4
    };
    let estimate = act_rows_estimate * ACT_MEMORY + decl_estimate;
    let partitions = usize::try_from(estimate.div_ceil(options.memory_bytes.max(1)))
        .unwrap_or(usize::MAX)
        .clamp(1, 1024)
        .next_power_of_two()
        .min(1024);
    summary.partitions = partitions;

    let mut store = Store::new(partitions, options)?;
    let mut tainted: HashSet<String> = HashSet::new();

    // The declarations.
    let bar_decl = bar(
        options,
        decl_reader.size,
        "déclarations",
        !decl_reader.size_in_rows,
    );
    let mut row: u64 = 0;
    while let Some(batch) = decl_reader.next_batch() {
        let batch = batch.map_err(|e| format!("« {} » : {e}", declarations.display()))?;
        let columns: Vec<_> = (0..inputs.fields.len())
            .map(|i| batch.column(Some(i)))
            .collect();
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
            if let Some((index, reason)) = bad {
                summary.rejects += 1;
                tainted.insert(id.clone());
                sink.reject(&Reject {
                    row,
                    table: "declarations",
                    id: id.clone(),
                    field: inputs
                        .fields
                        .get(index)
                        .map(Field::path)
                        .unwrap_or_default(),
                    reason,
                })?;
            }
            store.declaration(Declaration { row, id, cells })?;
        }
        bar_decl.set_position(decl_reader.position(row));
    }
    bar_decl.finish_and_clear();
    summary.declarations = row;

    // The acts: a thread reads and decodes the file's batches while this one turns them into
    // acts rows and groups them.
    if let Some((mut reader, act_columns)) = act_reader.take() {
        let bar_acts = bar(options, reader.size, "actes", !reader.size_in_rows);
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Result<(Batch, u64), String>>(2);
        let mut row: u64 = 0;
        let result = std::thread::scope(|scope| -> Result<(), String> {
            scope.spawn(move || {
                let mut rows: u64 = 0;
                while let Some(batch) = reader.next_batch() {
                    let message = batch.map(|b| {
                        rows += b.rows() as u64;
                        let position = reader.position(rows);
                        (b, position)
                    });
                    let failed = message.is_err();
                    if sender.send(message).is_err() || failed {
                        break;
                    }
                }
            });
            for message in receiver {
                let (batch, position) = message.map_err(|e| format!("table des actes : {e}"))?;
                row = read_acts(
                    &batch,
                    &act_columns,
                    row,
                    &mut inputs,
                    &mut store,
                    &mut tainted,
                    &mut summary,
                    sink,
                )?;
                bar_acts.set_position(position);
            }
            Ok(())
        });
        result?;
        bar_acts.finish_and_clear();
        summary.acts = row;
    }

    summary.read_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let started = std::time::Instant::now();
    // Partition by partition: group, build, validate, evaluate.
    let bar_eval = bar(options, summary.declarations, "évaluation", false);
    let explain = if options.explain {
        Explain::Yes
    } else {
        Explain::No
    };
    for partition in 0..partitions {
        let (declarations, orphans, duplicates) = store.take(partition)?;
        for (row, id, first) in duplicates {
            summary.rejects += 1;
            summary.practitioners_rejected += 1;
            sink.reject(&Reject {
                row,
                table: "declarations",
                id,
                field: "id".into(),
                reason: format!(
                    "identifiant en double : la ligne {first} déclare déjà ce praticien"
                ),
            })?;
        }
        for (id, act) in orphans {
            summary.rejects += 1;
            sink.reject(&Reject {
                row: act.row,
                table: "actes",
                id,
                field: "id".into(),
                reason: "aucune ligne de déclarations pour ce praticien".into(),
            })?;
        }
        for wave in declarations.chunks(4096) {
            let results: Vec<Result<Vec<Outcome<'_>>, Vec<Reject>>> = wave
                .par_iter()
                .map(|(declaration, acts)| {
                    if tainted.contains(&declaration.id) {
                        return Err(vec![Reject {
                            row: declaration.row,
                            table: "declarations",
                            id: declaration.id.clone(),
                            field: String::new(),
                            reason: "praticien non évalué : une de ses lignes est rejetée".into(),
                        }]);
                    }
                    evaluate(
                        &runs,
                        &inputs,
                        declaration,
                        acts,
                        explain,
                        options.data_year,
                    )
                })
                .collect();
            for ((declaration, _), result) in wave.iter().zip(results) {
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
    }
    bar_eval.finish_and_clear();
    summary.evaluate_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    Ok(summary)
}

/// One practitioner through every edition.
fn evaluate<'p>(
    runs: &[EditionRun<'p>],
    inputs: &Inputs,
    declaration: &Declaration,
    acts: &[ActRow],
    explain: Explain,
    data_year: Option<i32>,
) -> Result<Vec<Outcome<'p>>, Vec<Reject>> {
    let mut outcomes = Vec::with_capacity(runs.len());
    for run in runs {
        let edition: &ir::Edition = run.plan.edition();
        // The same activity in the edition's year.
        let moved = |mut file: guidec::case::CaseFile, own: &Declaration| {
            let Some(year) = data_year else {
                return Ok(file);
            };
            let schema = edition.acts.as_ref().map(|a| &*a.runtime);
            match file.move_years(edition.year.saturating_sub(year), schema) {
                Ok(()) => Ok(file),
                Err(reason) => Err(vec![Reject {
                    row: own.row,
                    table: "declarations",
                    id: own.id.clone(),
                    field: String::new(),
                    reason,
                }]),
            }
        };
        let case = if run.reads.iter().all(|r| *r) {
            let file = adapter::case_file(
                edition,
                &inputs.fields,
                declaration,
                acts,
                run.schema,
                &inputs.measures,
            )?;
            let file = moved(file, declaration)?;
            adapter::validate(&file, edition, declaration)?
        } else {
            // The columns this edition does not know are left out of its case.
            let (fields, cells): (Vec<Field>, Vec<Option<String>>) = inputs
                .fields
                .iter()
                .zip(&declaration.cells)
                .zip(&run.reads)
                .filter(|(_, reads)| **reads)
                .map(|((f, c), _)| (f.clone(), c.clone()))
                .unzip();
            let own = Declaration {
                row: declaration.row,
                id: declaration.id.clone(),
                cells,
            };
            let file =
                adapter::case_file(edition, &fields, &own, acts, run.schema, &inputs.measures)?;
            let file = moved(file, &own)?;
            adapter::validate(&file, edition, &own)?
        };
        outcomes.push(run.plan.evaluate(&case, explain));
    }
    Ok(outcomes)
}

/// Reads a batch of acts rows: each row's practitioner, measure and acts packed by the
/// editions' schemas ([`ActColumns::act`]), stored for grouping; a row refused goes to the
/// rejects with its column and reason, and keeps its practitioner out.
#[allow(clippy::too_many_arguments)]
fn read_acts(
    batch: &Batch,
    act_columns: &ActColumns,
    mut row: u64,
    inputs: &mut Inputs,
    store: &mut Store,
    tainted: &mut HashSet<String>,
    summary: &mut Summary,
    sink: &mut dyn Sink,
) -> Result<u64, String> {
    let columns = act_columns.columns(batch);
    let mut acts = Vec::with_capacity(batch.rows());
    act_columns.read_batch(&columns, batch.rows(), &mut acts);
    for (r, read) in acts.into_iter().enumerate() {
        row += 1;
        let Some(practitioner) = act_columns.id(&columns, r) else {
            summary.rejects += 1;
            sink.reject(&Reject {
                row,
                table: "actes",
                id: String::new(),
                field: "id".into(),
                reason: "identifiant vide".into(),
            })?;
            continue;
        };
        let decoded = (|| -> Result<ActRow, (String, String)> {
            let path = act_columns
                .measure(&columns, r)
                .map_err(|e| ("mesure".to_string(), e))?
                .ok_or_else(|| ("mesure".to_string(), "mesure vide".to_string()))?;
            let measure = inputs
                .measure(&path)
                .map_err(|e| ("mesure".to_string(), e))?;
            let acts = read?;
            Ok(ActRow { row, measure, acts })
        })();
        match decoded {
            Ok(act) => store.act(&practitioner, act)?,
            Err((field, reason)) => {
                summary.rejects += 1;
                sink.reject(&Reject {
                    row,
                    table: "actes",
                    id: practitioner.to_string(),
                    field,
                    reason,
                })?;
                tainted.insert(practitioner.to_string());
            }
        }
    }
    Ok(row)
}

impl Inputs {
    /// The index of the measure `path` names (`indicateurs.<i>.mesures.<r>`), listed the first
    /// time it is met; the last one is kept at hand, acts of one measure often following each
    /// other.
    fn measure(&mut self, path: &str) -> Result<u16, String> {
        if let Some((last, index)) = &self.last_measure {
            if last == path {
                return Ok(*index);
            }
        }
        let index = match self.measure_index.get(path) {
            Some(index) => *index,
            None => {
                let Some((indicator, rate)) = columns::parse_measure(path) else {
                    return Err(format!(
                        "attendu `indicateurs.<indicateur>.mesures.<taux>`, lu « {path} »"
                    ));
                };
                let index = u16::try_from(self.measures.len())
                    .map_err(|_| "plus de 65 535 mesures différentes".to_string())?;
                self.measures.push(Measure {
                    path: path.to_string(),
                    indicator,
                    rate,
                });
                self.measure_index.insert(path.to_string(), index);
                index
            }
        };
        self.last_measure = Some((path.to_string(), index));
        Ok(index)
    }
}

/// The declarations and acts grouped by partition: in memory for one partition, in spill files
/// (one pair per partition, removed with the folder) for more.
struct Store {
    partitions: usize,
    memory: Option<Memory>,
    spill: Option<Spill>,
}

/// One partition held in memory: the acts name their practitioner by an index into `names`.
#[derive(Default)]
struct Memory {
    declarations: Vec<Declaration>,
    acts: Vec<(u32, ActRow)>,
    ids: HashMap<String, u32>,
    names: Vec<String>,
    last: Option<(String, u32)>,
}

impl Memory {
    /// The index of a practitioner's id, the same for every act of his.
    fn intern(&mut self, id: &str) -> Result<u32, String> {
        if let Some((last, index)) = &self.last {
            if last == id {
                return Ok(*index);
            }
        }
        let index = match self.ids.get(id) {
            Some(index) => *index,
            None => {
                let index = u32::try_from(self.names.len())
                    .map_err(|_| "plus de 4 milliards de praticiens dans les actes".to_string())?;
                self.ids.insert(id.to_string(), index);
                self.names.push(id.to_string());
                index
            }
        };
        self.last = Some((id.to_string(), index));
        Ok(index)
    }
}

struct Spill {
    /// The practitioners' ids, each written once: a spilled act names its practitioner by
    /// his index (memory grows with the practitioners, not with the acts).
    ids: Memory,
    _dir: tempfile::TempDir,
    paths: Vec<(PathBuf, PathBuf)>,
    writers: Vec<(BufWriter<File>, BufWriter<File>)>,
}

/// A partition's practitioners with their acts, the acts of no declared practitioner, and the
/// declaration rows that repeat an id (row, id, the first row of that id).
type Grouped = (
    Vec<(Declaration, Vec<ActRow>)>,
    Vec<(String, ActRow)>,
    Vec<(u64, String, u64)>,
);

impl Store {
    fn new(partitions: usize, options: &Options) -> Result<Store, String> {
        if partitions <= 1 {
            return Ok(Store {
                partitions: 1,
                memory: Some(Memory::default()),
                spill: None,
            });
        }
        let dir = match &options.spill_dir {
            Some(dir) => tempfile::Builder::new()
                .prefix("guidec-population")
                .tempdir_in(dir),
            None => tempfile::Builder::new()
                .prefix("guidec-population")
                .tempdir(),
        }
        .map_err(|e| format!("impossible de créer le dossier de débordement : {e}"))?;
        let buffer = usize::try_from(options.memory_bytes / (4 * partitions as u64))
            .unwrap_or(1 << 16)
            .clamp(4096, 1 << 18);
        let mut paths = Vec::with_capacity(partitions);
        let mut writers = Vec::with_capacity(partitions);
        for partition in 0..partitions {
            let declarations = dir.path().join(format!("{partition}.declarations"));
            let acts = dir.path().join(format!("{partition}.actes"));
            let open = |path: &Path| {
                File::create(path)
                    .map(|f| BufWriter::with_capacity(buffer, f))
                    .map_err(|e| format!("impossible d'écrire « {} » : {e}", path.display()))
            };
            writers.push((open(&declarations)?, open(&acts)?));
            paths.push((declarations, acts));
        }
        Ok(Store {
            partitions,
            memory: None,
            spill: Some(Spill {
                ids: Memory::default(),
                _dir: dir,
                paths,
                writers,
            }),
        })
    }

    fn partition(&self, id: &str) -> usize {
        usize::try_from(fnv(id) % self.partitions as u64).unwrap_or(0)
    }

    fn declaration(&mut self, declaration: Declaration) -> Result<(), String> {
        let partition = self.partition(&declaration.id);
        if let Some(memory) = &mut self.memory {
            memory.declarations.push(declaration);
            return Ok(());
        }
        let Some((writer, _)) = self
            .spill
            .as_mut()
            .and_then(|s| s.writers.get_mut(partition))
        else {
            return Ok(());
        };
        encode_declaration(writer, &declaration).map_err(spill_error)
    }

    fn act(&mut self, id: &str, act: ActRow) -> Result<(), String> {
        if let Some(memory) = &mut self.memory {
            let index = memory.intern(id)?;
            memory.acts.push((index, act));
            return Ok(());
        }
        let partition = self.partition(id);
        let Some(spill) = self.spill.as_mut() else {
            return Ok(());
        };
        let index = spill.ids.intern(id)?;
        let Some((_, writer)) = spill.writers.get_mut(partition) else {
            return Ok(());
        };
        encode_act(writer, index, &act).map_err(spill_error)
    }

    /// A partition's practitioners in the declarations' order, each with his acts in the acts'
    /// order, and the acts of no declared practitioner.
    fn take(&mut self, partition: usize) -> Result<Grouped, String> {
        if let Some(memory) = &mut self.memory {
            let memory = std::mem::take(memory);
            return Ok(group(memory.declarations, memory.acts, &memory.names));
        }
        if let Some(spill) = &mut self.spill {
            for (d, a) in &mut spill.writers {
                d.flush().map_err(spill_error)?;
                a.flush().map_err(spill_error)?;
            }
            let Some((d, a)) = spill.paths.get(partition) else {
                return Ok((Vec::new(), Vec::new(), Vec::new()));
            };
            let declarations = decode_all(d, decode_declaration)?;
            let acts = decode_all(a, decode_act)?;
            // The partition is read: its files are emptied to give the disk back.
            let _ = File::create(d);
            let _ = File::create(a);
            return Ok(group(declarations, acts, &spill.ids.names));
        }
        Ok((Vec::new(), Vec::new(), Vec::new()))
    }
}

/// A partition's practitioners with their acts, acts naming practitioners by interned index.
fn group(declarations: Vec<Declaration>, acts: Vec<(u32, ActRow)>, names: &[String]) -> Grouped {
    group_keyed(
        declarations,
        acts.into_iter().map(|(i, act)| (Ok(i), act)).collect(),
        names,
    )
}

/// Groups acts by practitioner: each act names him by an index into `names` or by his id.
fn group_keyed(
    declarations: Vec<Declaration>,
    acts: Vec<(Result<u32, String>, ActRow)>,
    names: &[String],
) -> Grouped {
    let mut index: HashMap<String, usize> = HashMap::with_capacity(declarations.len());
    let mut grouped: Vec<(Declaration, Vec<ActRow>)> = Vec::with_capacity(declarations.len());
    let mut duplicates = Vec::new();
    for declaration in declarations {
        if let Some(first) = index.get(&declaration.id).and_then(|i| grouped.get(*i)) {
            duplicates.push((declaration.row, declaration.id.clone(), first.0.row));
            continue;
        }
        index.insert(declaration.id.clone(), grouped.len());
        grouped.push((declaration, Vec::new()));
    }
    // Each interned name is looked up once.
    let slots: Vec<Option<usize>> = names.iter().map(|n| index.get(n).copied()).collect();
    let mut orphans = Vec::new();
    for (key, act) in acts {
        let slot = match &key {
            Ok(i) => slots.get(*i as usize).copied().flatten(),
            Err(id) => index.get(id).copied(),
        };
        match slot.and_then(|i| grouped.get_mut(i)) {
            Some((_, list)) => list.push(act),
            None => {
                let id = match key {
                    Ok(i) => names.get(i as usize).cloned().unwrap_or_default(),
                    Err(id) => id,
                };
                orphans.push((id, act));
            }
        }
    }
    (grouped, orphans, duplicates)
}

fn spill_error(error: std::io::Error) -> String {
    format!("fichier de débordement : {error}")
}

fn put_str(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    out.write_all(&u32::try_from(text.len()).unwrap_or(u32::MAX).to_le_bytes())?;
    out.write_all(text.as_bytes())
}

fn encode_declaration(out: &mut impl Write, d: &Declaration) -> std::io::Result<()> {
    out.write_all(&d.row.to_le_bytes())?;
    put_str(out, &d.id)?;
    out.write_all(&u32::try_from(d.cells.len()).unwrap_or(0).to_le_bytes())?;
    for cell in &d.cells {
        match cell {
            None => out.write_all(&[0])?,
            Some(text) => {
                out.write_all(&[1])?;
                put_str(out, text)?;
            }
        }
    }
    Ok(())
}

/// The bytes of an act row after its id in a spill file: its row, its measure, each packed
/// act's date, count and words.
const ACT_BYTES: usize = 8 + 2 + MAX_SCHEMAS * 4 * (2 + guidec_runtime::ACT_WORDS);

fn encode_act(out: &mut impl Write, id: u32, act: &ActRow) -> std::io::Result<()> {
    let mut bytes = [0u8; 4 + ACT_BYTES];
    let mut at = 0usize;
    let mut put = |part: &[u8]| {
        if let Some(slot) = bytes.get_mut(at..at + part.len()) {
            slot.copy_from_slice(part);
        }
        at += part.len();
    };
    put(&id.to_le_bytes());
    put(&act.row.to_le_bytes());
    put(&act.measure.to_le_bytes());
    for packed in &act.acts {
        put(&Date::to_bits(Some(packed.date)).to_le_bytes());
        put(&packed.count.to_le_bytes());
        for word in packed.words() {
            put(&word.to_le_bytes());
        }
    }
    out.write_all(&bytes)
}

fn get<const N: usize>(input: &mut impl Read) -> std::io::Result<[u8; N]> {
    let mut bytes = [0u8; N];
    input.read_exact(&mut bytes)?;
    Ok(bytes)
}

fn get_str(input: &mut impl Read) -> std::io::Result<String> {
    let length = u32::from_le_bytes(get(input)?) as usize;
    let mut bytes = vec![0u8; length];
    input.read_exact(&mut bytes)?;
    String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

fn bad_data(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string())
}

fn decode_declaration(input: &mut BufReader<File>) -> std::io::Result<Option<Declaration>> {
    let mut first = [0u8; 8];
    match input.read_exact(&mut first) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let row = u64::from_le_bytes(first);
    let id = get_str(input)?;
    let count = u32::from_le_bytes(get(input)?) as usize;
    let mut cells = Vec::with_capacity(count.min(1 << 16));
    for _ in 0..count {
        let [tag] = get(input)?;
        cells.push(match tag {
            0 => None,
            _ => Some(get_str(input)?),
        });
    }
    Ok(Some(Declaration { row, id, cells }))
}

fn decode_act(input: &mut BufReader<File>) -> std::io::Result<Option<(u32, ActRow)>> {
    let mut first = [0u8; 4];
    match input.read_exact(&mut first) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let id = u32::from_le_bytes(first);
    let bytes: [u8; ACT_BYTES] = get(input)?;
    let mut at = 0usize;
    let mut take = |n: usize| -> std::io::Result<&[u8]> {
        let part = bytes.get(at..at + n).ok_or_else(|| bad_data("acte"))?;
        at += n;
        Ok(part)
    };
    let word = |part: &[u8]| -> std::io::Result<u32> {
        Ok(u32::from_le_bytes(
            part.try_into().map_err(|_| bad_data("acte"))?,
        ))
    };
    let row = u64::from_le_bytes(take(8)?.try_into().map_err(|_| bad_data("acte"))?);
    let measure = u16::from_le_bytes(take(2)?.try_into().map_err(|_| bad_data("acte"))?);
    let mut acts = Vec::with_capacity(MAX_SCHEMAS);
    for _ in 0..MAX_SCHEMAS {
        let date = Date::from_bits(word(take(4)?)?).ok_or_else(|| bad_data("date"))?;
        let count = word(take(4)?)?;
        let mut words = [0u32; guidec_runtime::ACT_WORDS];
        for slot in &mut words {
            *slot = word(take(4)?)?;
        }
        acts.push(guidec_runtime::Act::from_words(date, count, words));
    }
    let acts: [guidec_runtime::Act; MAX_SCHEMAS] = acts.try_into().map_err(|_| bad_data("acte"))?;
    Ok(Some((id, ActRow { row, measure, acts })))
}

fn decode_all<T>(
    path: &Path,
    decode: fn(&mut BufReader<File>) -> std::io::Result<Option<T>>,
) -> Result<Vec<T>, String> {
    let file = File::open(path).map_err(spill_error)?;
    let mut input = BufReader::with_capacity(1 << 20, file);
    let mut out = Vec::new();
    while let Some(item) = decode(&mut input).map_err(spill_error)? {
        out.push(item);
    }
    Ok(out)
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
    let mut summary = Summary {
        partitions: 1,
        ..Summary::default()
    };
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
