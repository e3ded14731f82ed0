//! Instructions per evaluation, counted by callgrind: a load-independent measure of both
//! engines, to guide work on a shared machine where wall-clock figures move with the load.
//!
//! `instructions POPULATION ENGINE` draws the population (`fami`, `forfait`, `fami_counts`,
//! `forfait_counts`: the editions and populations of `evaluate.rs`, `GUIDEC_POPULATION` cases,
//! default 5 000) and evaluates it once with one engine (`interpreter`, `interpreter_batch`,
//! `generated`) inside `measure`, the only function callgrind is told to count:
//!
//! ```text
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*measure*' \
//!     target/release/deps/instructions-… fami_counts interpreter
//! ```
//!
//! The total of instructions read (`Ir`) divided by the population is the cost of one
//! evaluation. Run outside callgrind, it prints the same checksum as the other engines, so a
//! mismatch between engines shows.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/population.rs"]
mod population;

use guidec::interpret::{self, Explain};
use guidec_generated as generated;
use population::{cases, edition};
use std::hint::black_box;

/// Evaluates every case once with `evaluate`; the sum of the totals, so nothing is left out.
#[inline(never)]
fn measure<C>(cases: &[C], mut evaluate: impl FnMut(&C) -> i64) -> i64 {
    let mut total = 0i64;
    for case in cases {
        total = total.wrapping_add(evaluate(black_box(case)));
    }
    total
}

/// [`measure`], timed: the checksum and the evaluations per second of the fastest of
/// `GUIDEC_PASSES` passes over the population (default 1, what callgrind counts; a rough figure
/// beside criterion's `evaluate`, which gives the figures quoted, but one that a run against
/// another engine can take several passes of, as that engine's best of several is taken).
fn timed<C>(cases: &[C], mut evaluate: impl FnMut(&C) -> i64) -> (i64, f64) {
    let passes = std::env::var("GUIDEC_PASSES")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let mut best = (0i64, 0f64);
    for _ in 0..passes {
        let start = std::time::Instant::now();
        let total = measure(cases, &mut evaluate);
        let seconds = start.elapsed().as_secs_f64();
        let rate = cases.len() as f64 / seconds.max(1e-9);
        if rate > best.1 {
            best = (total, rate);
        }
    }
    best
}

macro_rules! run {
    ($key:literal, $module:ident, $counts_only:expr, $engine:expr) => {{
        let size = population::population(5_000);
        let edition = edition($key);
        let (interpreted, typed) = cases::<generated::$module::Case>($key, size, $counts_only);
        let plan = interpret::Plan::new(&edition);
        match $engine {
            "interpreter" => timed(&interpreted, |case| {
                plan.evaluate(case, Explain::No).total_cents
            }),
            "interpreter_batch" => {
                let mut outcome = plan.blank_outcome();
                timed(&interpreted, |case| {
                    plan.evaluate_into(case, Explain::No, &mut outcome);
                    outcome.total_cents
                })
            }
            "interpreter_explain" => timed(&interpreted, |case| {
                plan.evaluate(case, Explain::Yes).total_cents
            }),
            "generated" => timed(&typed, |case| {
                generated::$module::evaluate_with(case, guidec_runtime::Explain::No).total_cents
            }),
            "generated_explain" => timed(&typed, |case| {
                generated::$module::evaluate_with(case, guidec_runtime::Explain::Yes).total_cents
            }),
            other => panic!("unknown engine {other}"),
        }
    }};
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` passes `--bench`: nothing to measure then.
    let (Some(population), Some(engine)) = (args.first(), args.get(1)) else {
        return;
    };
    if population.starts_with('-') {
        return;
    }
    let engine = engine.as_str();
    let (total, rate) = match population.as_str() {
        "fami" => run!(
            "fami/chirurgiens_dentistes-2025",
            fami_chirurgiens_dentistes_2025,
            false,
            engine
        ),
        "forfait" => run!(
            "forfait_structure/medecins-2024",
            forfait_structure_medecins_2024,
            false,
            engine
        ),
        "fami_counts" => run!(
            "fami/chirurgiens_dentistes-2025",
            fami_chirurgiens_dentistes_2025,
            true,
            engine
        ),
        "forfait_counts" => run!(
            "forfait_structure/medecins-2024",
            forfait_structure_medecins_2024,
            true,
            engine
        ),
        other => panic!("unknown population {other}"),
    };
    println!(
        "{population} {engine}: total {total}, {:.2} million a second",
        rate / 1e6
    );
}
