//! Benchmarks of the front end (parse + check), figures in BENCHMARKS.md.
//!
//! - `real_specs`: each spec under `specs/`, and all of them one after the other;
//! - `synthetic`: generated specs of 500 to 5 000 indicators, with the
//!   throughput in indicators per second, so that linear growth shows as a flat rate;
//! - `parse_only`: parsing alone against parse + check, on the 5 000-indicator spec.
//!
//! Run with `cargo bench --bench check`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use guidec::driver::{check_source, find_specs};
use guidec::synthetic::synthetic_spec;
use std::path::PathBuf;
use std::time::Duration;

/// Synthetic sizes, in indicators (sub-indicators included).
const SIZES: [usize; 4] = [500, 1_000, 2_000, 5_000];

/// Parses and checks a synthetic spec; panics if it does not check, so that a
/// broken spec is never timed as a fast failure.
fn parse_and_check(text: &str) -> usize {
    let checked = check_source(text, None);
    let edition = checked
        .edition
        .expect("the spec checks without error, as the benchmark assumes");
    edition.sections.len()
}

/// The real specs: (path, text), read once at the start.
fn real_specs() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs");
    find_specs(&[root])
        .expect("specs/ is readable")
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("a spec is readable");
            (path.to_string_lossy().into_owned(), text)
        })
        .collect()
}

/// `forfait_structure/medecins-2024` from `.../specs/forfait_structure/medecins-2024.guide`.
fn short_name(path: &str) -> String {
    let normalised = path.replace('\\', "/");
    let tail = normalised
        .rsplit_once("specs/")
        .map_or(normalised.as_str(), |(_, t)| t);
    tail.trim_end_matches(".guide").to_string()
}

/// Parses and checks a real spec; gives its diagnostics count. Specs are
/// being written alongside the compiler, so one with errors is still timed
/// (and named on stderr at the start) rather than stopping the benchmark.
fn check_real(text: &str, path: &str) -> usize {
    check_source(text, Some(path)).diagnostics.len()
}

fn bench_real_specs(c: &mut Criterion) {
    let specs = real_specs();
    assert!(!specs.is_empty(), "no spec under specs/");
    for (path, text) in &specs {
        let checked = check_source(text, Some(path));
        if checked.edition.is_none() {
            eprintln!(
                "warning: {} does not check ({} diagnostics); it is timed anyway",
                short_name(path),
                checked.diagnostics.len()
            );
        }
    }
    let mut group = c.benchmark_group("real_specs");
    for (path, text) in &specs {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(short_name(path)),
            text,
            |b, text| b.iter(|| check_real(black_box(text), path)),
        );
    }
    let all_bytes: usize = specs.iter().map(|(_, t)| t.len()).sum();
    group.throughput(Throughput::Bytes(all_bytes as u64));
    group.bench_function(format!("all_{}", specs.len()), |b| {
        b.iter(|| {
            specs
                .iter()
                .map(|(path, text)| check_real(black_box(text), path))
                .sum::<usize>()
        })
    });
    group.finish();
}

fn bench_synthetic(c: &mut Criterion) {
    let mut group = c.benchmark_group("synthetic");
    // The 5 000-indicator spec takes tens of milliseconds a run: fewer samples
    // keep the whole group within a few minutes on a shared machine.
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    for size in SIZES {
        let text = synthetic_spec(size);
        group.throughput(Throughput::Elements(size as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size), &text, |b, text| {
            b.iter(|| parse_and_check(black_box(text)))
        });
    }
    group.finish();
}

fn bench_parse_only(c: &mut Criterion) {
    let size = 5_000;
    let text = synthetic_spec(size);
    let mut group = c.benchmark_group("parse_only");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(size as u64));
    group.bench_with_input(BenchmarkId::new("parse", size), &text, |b, text| {
        b.iter(|| guidec::parse::parse(black_box(text)).is_ok())
    });
    group.bench_with_input(
        BenchmarkId::new("parse_and_check", size),
        &text,
        |b, text| b.iter(|| parse_and_check(black_box(text))),
    );
    group.finish();
}

criterion_group!(benches, bench_real_specs, bench_synthetic, bench_parse_only);
criterion_main!(benches);
