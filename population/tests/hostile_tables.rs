//! Damaged tables: a generated population's Parquet and CSV files, cut short, with bytes
//! flipped, overwritten or inserted, are run again and again. Whatever the damage, `run` never
//! panics: it either refuses the file with a message naming it, or runs, every row read either
//! evaluated or written to the rejects with its row number, field and reason.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use guidec::interpret::Plan;
use guidec_population::generate::{self, Request};
use guidec_population::output::TableSink;
use guidec_population::run::{self, Options};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[path = "../../tests/support/random_cases.rs"]
mod random_cases;

/// The seeded generator of the random cases, so that every run damages the same bytes.
struct Draws(random_cases::Rng);

impl Draws {
    fn next(&mut self) -> u64 {
        self.0.next()
    }

    fn below(&mut self, bound: usize) -> usize {
        self.0.below(bound as u64) as usize
    }
}

/// One kind of damage done to a file's bytes.
fn damage(bytes: &[u8], draws: &mut Draws, text: bool) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let len = out.len();
    match draws.below(5) {
        // Cut short.
        0 => out.truncate(draws.below(len)),
        // Bits flipped here and there.
        1 => {
            for _ in 0..=draws.below(8) {
                let at = draws.below(len);
                out[at] ^= 1 << draws.below(8);
            }
        }
        // A run of bytes overwritten: with separators, digits and quotes for a CSV file, with
        // anything for Parquet (its lengths, offsets and page headers).
        2 => {
            let at = draws.below(len);
            let run = 1 + draws.below(16);
            for byte in out.iter_mut().skip(at).take(run) {
                *byte = if text {
                    b",\n\"9-e\xc3\xa9\xff"[draws.below(9)]
                } else {
                    (draws.next() & 0xff) as u8
                };
            }
        }
        // Bytes inserted.
        3 => {
            let at = draws.below(len);
            let inserted: Vec<u8> = (0..1 + draws.below(32))
                .map(|_| {
                    if text {
                        b",\n\"0x "[draws.below(6)]
                    } else {
                        (draws.next() & 0xff) as u8
                    }
                })
                .collect();
            out.splice(at..at, inserted);
        }
        // A huge number where a small one stands, or 0xff bytes over Parquet's footer.
        _ => {
            if text {
                let at = draws.below(len);
                out.splice(at..at, b"99999999999999999999999".iter().copied());
            } else {
                let end = len.saturating_sub(4);
                let from = end.saturating_sub(1 + draws.below(64));
                for byte in &mut out[from..end] {
                    *byte = 0xff;
                }
            }
        }
    }
    out
}

/// What a run on damaged tables came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Came {
    /// A file refused, with a message.
    Refused,
    /// Run, some rows rejected.
    RunWithRejects,
    /// Run, no row rejected (the damage fell where it changes a value, not the shape).
    Run,
}

/// Runs the edition on the tables; panics only if `run` does.
fn run_damaged(
    plan: &Plan<'_>,
    declarations: &Path,
    acts: &Path,
    out: &Path,
    attempt: usize,
) -> Came {
    let rejects = out.with_extension("rejets.csv");
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut sink = TableSink::create(plan, out, &rejects, false).unwrap();
        let result = run::run(
            &[plan],
            declarations,
            Some(acts),
            &Options::default(),
            false,
            &mut sink,
        );
        match result {
            Ok(summary) => {
                sink.finish().unwrap();
                assert!(
                    summary.evaluated <= summary.declarations,
                    "never more practitioners evaluated than declared: {summary:?}"
                );
                let rejected_rows = std::fs::read_to_string(&rejects).unwrap_or_default();
                let rejected = rejected_rows.lines().count().saturating_sub(1) as u64;
                assert!(
                    rejected >= summary.rejects,
                    "every reject counted is written: {summary:?}, {rejected} written"
                );
                if summary.rejects > 0 {
                    assert!(
                        rejected_rows.lines().skip(1).all(|line| line.len() > 10),
                        "a reject says its table, row, field and reason: {rejected_rows}"
                    );
                    Came::RunWithRejects
                } else {
                    Came::Run
                }
            }
            Err(message) => {
                assert!(
                    message.contains("declarations.") || message.contains("actes."),
                    "a refusal names the table: {message}"
                );
                if std::env::var_os("GUIDEC_SHOW_REFUSALS").is_some() {
                    eprintln!("{message}");
                }
                Came::Refused
            }
        }
    }));
    outcome.unwrap_or_else(|_| {
        panic!(
            "`run` panicked on damaged tables, attempt {attempt} ({})",
            declarations.display()
        )
    })
}

fn damaged_tables_never_panic(spec: &str, format: &str, tries: usize) {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(guidec::contained::quiet_contained_panics);
    let file = guidec::driver::check_file(&root().join(spec)).unwrap();
    let edition = file.edition.unwrap();
    let plan = Plan::new(&edition);
    let dir = tempfile::tempdir().unwrap();
    let declarations = dir.path().join(format!("declarations.{format}"));
    let acts = dir.path().join(format!("actes.{format}"));
    let request = Request {
        practitioners: 30,
        acts: 3_000,
        seed: 11,
    };
    generate::generate(&edition, &request, &declarations, &acts, None).unwrap();
    let clean_declarations = std::fs::read(&declarations).unwrap();
    let clean_acts = std::fs::read(&acts).unwrap();
    let out = dir.path().join("resultats.csv");
    let mut draws = Draws(random_cases::Rng(0x9e37_79b9_7f4a_7c15 ^ tries as u64));
    let text = format == "csv";
    let mut came = std::collections::BTreeMap::<Came, usize>::new();
    for attempt in 0..tries {
        // Damage one table, or both, and run.
        let which = draws.below(3);
        let damaged_declarations = if which != 1 {
            damage(&clean_declarations, &mut draws, text)
        } else {
            clean_declarations.clone()
        };
        let damaged_acts = if which != 0 {
            damage(&clean_acts, &mut draws, text)
        } else {
            clean_acts.clone()
        };
        std::fs::write(&declarations, &damaged_declarations).unwrap();
        std::fs::write(&acts, &damaged_acts).unwrap();
        *came
            .entry(run_damaged(&plan, &declarations, &acts, &out, attempt))
            .or_default() += 1;
    }
    // The damage reaches every outcome: files refused, and runs that go on rejecting rows.
    assert!(
        came.get(&Came::Refused).is_some_and(|n| *n > 0)
            && came.get(&Came::RunWithRejects).is_some_and(|n| *n > 0),
        "{spec} ({format}): {came:?}"
    );
}

#[test]
fn damaged_parquet_tables_are_refused_or_rejected_never_a_panic() {
    damaged_tables_never_panic(
        "specs/fami/chirurgiens_dentistes-2025.guide",
        "parquet",
        600,
    );
    damaged_tables_never_panic(
        "specs/forfait_structure/medecins-2024.guide",
        "parquet",
        300,
    );
}

#[test]
fn damaged_csv_tables_are_refused_or_rejected_never_a_panic() {
    damaged_tables_never_panic("specs/fami/chirurgiens_dentistes-2025.guide", "csv", 600);
    damaged_tables_never_panic("specs/forfait_structure/medecins-2024.guide", "csv", 300);
}
