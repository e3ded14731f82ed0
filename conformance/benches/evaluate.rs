//! Evaluations per second, on one core, of the reference interpreter and of the generated code,
//! over a generated population of one million cases per edition (figures in BENCHMARKS.md).
//!
//! `evaluate/…` draws cases whose rates come as counts or as lists of acts (exclusions, periods
//! and ages computed act by act); `evaluate_counts/…` draws only cases whose rates come as
//! counts, as the insurer measures them. `GUIDEC_POPULATION` sets the population size
//! (default 1 000 000).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../tests/support/random_cases.rs"]
mod random_cases;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use guidec::interpret::{self, Explain};
use guidec_generated as generated;
use random_cases::{exemption_names, random_case, seed_of, Rng};

fn population() -> usize {
    std::env::var("GUIDEC_POPULATION")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000)
}

fn edition(key: &str) -> guidec::ir::Edition {
    let path = guidec_conformance::repository_root().join(format!("specs/{key}.guide"));
    guidec::driver::check_file(&path)
        .unwrap()
        .edition
        .unwrap_or_else(|| panic!("{} has errors", path.display()))
}

/// The same random cases, validated for the interpreter and typed for the generated module;
/// with `counts_only`, only cases whose rates are given as counts (as the insurer measures them),
/// without lists of acts. Each engine's population is read in one pass, as a batch loading its
/// cases would read them, so that each case's parts lie together in memory.
fn cases<T: serde::de::DeserializeOwned>(
    key: &str,
    size: usize,
    counts_only: bool,
) -> (Vec<guidec::case::Case>, Vec<T>) {
    let edition = edition(key);
    let exemptions = exemption_names(&edition);
    let mut rng = Rng(seed_of(key));
    // Kept as JSON text between the passes: a million parsed trees would take ten times the
    // memory.
    let mut texts = Vec::with_capacity(size);
    while texts.len() < size {
        let value = random_case(&mut rng, &edition, &exemptions);
        let text = value.to_string();
        if counts_only && text.contains("\"actes\"") {
            continue;
        }
        let valid = guidec::case::read(&text)
            .is_ok_and(|file| guidec::case::validate(&file, &edition).is_ok())
            && guidec_runtime::case_file::from_str::<T>(&text).is_ok();
        if valid {
            texts.push(text);
        }
    }
    let interpreted = texts
        .iter()
        .map(|text| {
            let file = guidec::case::read(text).unwrap();
            guidec::case::validate(&file, &edition).unwrap()
        })
        .collect();
    let typed = texts
        .iter()
        .map(|text| guidec_runtime::case_file::from_str(text).unwrap())
        .collect();
    (interpreted, typed)
}

macro_rules! bench_edition {
    ($c:expr, $key:literal, $module:ident, $counts_only:expr, $group:literal) => {{
        let size = population();
        let edition = edition($key);
        let (interpreted, typed) = cases::<generated::$module::Case>($key, size, $counts_only);
        let plan = interpret::Plan::new(&edition);
        let mut group = $c.benchmark_group(concat!($group, "/", $key));
        group.sample_size(10);
        group.throughput(Throughput::Elements(size as u64));
        group.bench_function("interpreter", |b| {
            b.iter(|| {
                let mut total = 0i64;
                for case in &interpreted {
                    total = total.wrapping_add(plan.evaluate(case, Explain::No).total_cents);
                }
                black_box(total)
            })
        });
        group.bench_function("interpreter_batch", |b| {
            b.iter(|| {
                let mut total = 0i64;
                let mut outcome = plan.blank_outcome();
                for case in &interpreted {
                    plan.evaluate_into(case, Explain::No, &mut outcome);
                    total = total.wrapping_add(outcome.total_cents);
                }
                black_box(total)
            })
        });
        group.bench_function("generated", |b| {
            b.iter(|| {
                let mut total = 0i64;
                for case in &typed {
                    total = total.wrapping_add(
                        generated::$module::evaluate_with(case, guidec_runtime::Explain::No)
                            .total_cents,
                    );
                }
                black_box(total)
            })
        });
        group.finish();
    }};
}

fn evaluate(c: &mut Criterion) {
    bench_edition!(
        c,
        "fami/chirurgiens_dentistes-2025",
        fami_chirurgiens_dentistes_2025,
        false,
        "evaluate"
    );
    bench_edition!(
        c,
        "forfait_structure/medecins-2024",
        forfait_structure_medecins_2024,
        false,
        "evaluate"
    );
    bench_edition!(
        c,
        "fami/chirurgiens_dentistes-2025",
        fami_chirurgiens_dentistes_2025,
        true,
        "evaluate_counts"
    );
    bench_edition!(
        c,
        "forfait_structure/medecins-2024",
        forfait_structure_medecins_2024,
        true,
        "evaluate_counts"
    );
}

criterion_group!(benches, evaluate);
criterion_main!(benches);
