//! Year-to-year diff: the real consecutive editions, synthetic pairs of growing size (the time must
//! grow linearly), and the impact report on 100 000 cases (figures in BENCHMARKS.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/support/random_cases.rs"]
mod random_cases;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use guidec::ir::Edition;
use random_cases::{exemption_names, random_case, seed_of, Rng};

fn edition(key: &str) -> Edition {
    let path = format!("specs/{key}.guide");
    guidec::driver::check_file(std::path::Path::new(&path))
        .unwrap()
        .edition
        .unwrap_or_else(|| panic!("{path} has errors"))
}

fn checked(text: &str) -> Edition {
    let checked = guidec::driver::check_source(text, None);
    checked
        .edition
        .unwrap_or_else(|| panic!("synthetic spec has errors: {:?}", checked.diagnostics))
}

fn real_pairs(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff/real");
    for (old, new) in [("2020", "2021"), ("2021", "2024"), ("2024", "2025")] {
        let old_edition = edition(&format!("forfait_structure/medecins-{old}"));
        let new_edition = edition(&format!("forfait_structure/medecins-{new}"));
        group.bench_function(format!("{old}-{new}"), |b| {
            b.iter(|| black_box(guidec::diff::diff(&old_edition, &new_edition)))
        });
    }
    group.finish();
}

fn synthetic_pairs(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff/synthetic");
    group.sample_size(10);
    for size in [500usize, 1_000, 2_000, 5_000] {
        let (old, new) = guidec::synthetic::synthetic_edition_pair(size);
        let (old, new) = (checked(&old), checked(&new));
        group.throughput(Throughput::Elements(size as u64));
        group.bench_function(format!("{size}"), |b| {
            b.iter(|| black_box(guidec::diff::diff(&old, &new)))
        });
    }
    group.finish();
}

fn impact(c: &mut Criterion) {
    let size: usize = std::env::var("GUIDEC_IMPACT_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let old = edition("forfait_structure/medecins-2024");
    let new = edition("forfait_structure/medecins-2025");
    let exemptions = exemption_names(&old);
    let mut rng = Rng(seed_of("impact"));
    let files: Vec<(String, String)> = (0..size)
        .map(|i| {
            let case = random_case(&mut rng, &old, &exemptions);
            (
                format!("cas-{i}.yaml"),
                serde_json::to_string(&case).unwrap(),
            )
        })
        .collect();
    let mut group = c.benchmark_group("diff/impact");
    group.sample_size(10);
    group.throughput(Throughput::Elements(size as u64));
    group.bench_function(format!("{size} cases 2024-2025"), |b| {
        b.iter(|| black_box(guidec::diff::cases::impact(&old, &new, &files)))
    });
    group.finish();
}

criterion_group!(benches, real_pairs, synthetic_pairs, impact);
criterion_main!(benches);
