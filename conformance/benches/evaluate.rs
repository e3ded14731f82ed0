//! Evaluations per second, on one core, of the reference interpreter and of the generated code,
//! over a generated population of one million cases per edition (figures in BENCHMARKS.md).
//!
//! `evaluate/…` draws cases whose rates come as counts or as lists of acts (exclusions, periods
//! and ages computed act by act); `evaluate_counts/…` draws only cases whose rates come as
//! counts, as the insurer measures them. `GUIDEC_POPULATION` sets the population size
//! (default 1 000 000).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/population.rs"]
mod population;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use guidec::interpret::{self, Explain};
use guidec_generated as generated;
use population::{cases, edition};

macro_rules! bench_edition {
    ($c:expr, $key:literal, $module:ident, $counts_only:expr, $group:literal) => {{
        let size = population::population(1_000_000);
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
