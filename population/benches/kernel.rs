//! The act-rate kernel: the reference interpreter evaluating FAMI 2025 cases whose rate is given
//! by acts (the kernel `guidec-population run` uses), against a plain loop over the same acts'
//! decoded columns (`kernel::fse_rate`), the yardstick. Figures in BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use guidec::interpret::{Explain, Plan};
use guidec_population::adapter::{self, Declaration};
use guidec_population::columns::{self, Field};
use guidec_population::generate::{self, Request};
use guidec_population::kernel::{self, Columns};
use std::hint::black_box;
use std::path::PathBuf;

fn kernel(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let Ok(file) =
        guidec::driver::check_file(&root.join("specs/fami/chirurgiens_dentistes-2025.guide"))
    else {
        return;
    };
    let Some(edition) = file.edition else {
        return;
    };
    let plan = Plan::new(&edition);
    let practitioners = 500;
    let request = Request {
        practitioners,
        acts: 1_000_000,
        seed: 1,
    };
    let per = request.acts / practitioners as u64;
    let measures: Vec<adapter::Measure> = columns::act_measures(&edition)
        .into_iter()
        .map(|(path, indicator, rate)| adapter::Measure {
            path,
            indicator,
            rate,
        })
        .collect();
    let fields = vec![
        Field::Id,
        columns::parse("praticien.fse_annee_precedente", &[]).unwrap_or(Field::Id),
        columns::parse("praticien.attestation_sur_l_honneur", &[]).unwrap_or(Field::Id),
    ];
    let mut cases = Vec::new();
    let mut columns_of = Vec::new();
    let mut acts_total = 0u64;
    for k in 0..practitioners {
        let drawn = generate::draw(&edition, &request, k, per);
        let acts: Vec<adapter::ActRow> = drawn.acts.iter().map(|(_, a)| *a).collect();
        acts_total += acts.len() as u64;
        let declaration = Declaration {
            row: 1,
            id: drawn.id.clone(),
            cells: vec![
                Some(drawn.id.clone()),
                Some("true".into()),
                Some("true".into()),
            ],
        };
        let Ok(case_file) = adapter::case_file(&edition, &fields, &declaration, &acts, &measures)
        else {
            return;
        };
        let Ok(case) = adapter::validate(&case_file, &edition, &declaration, &acts, &measures)
        else {
            return;
        };
        cases.push(case);
        let mut columns = Columns::default();
        for act in &acts {
            columns.mode.push(act.mode);
            columns.flags.push(act.flags);
            columns
                .day
                .push(i32::try_from(act.date.day_number()).unwrap_or(0));
            let birth = act
                .birth
                .or_else(|| act.age_days.and_then(|d| act.date.days_before(d)));
            columns.three_months.push(birth.map_or(i32::MIN, |b| {
                let months = b.month() + 3;
                let (year, month) = (
                    b.year() + i32::try_from((months - 1) / 12).unwrap_or(0),
                    (months - 1) % 12 + 1,
                );
                guidec_runtime::Date::from_ymd(
                    year,
                    month,
                    b.day().min(guidec_runtime::days_in_month(year, month)),
                )
                .map_or(i32::MIN, |d| {
                    i32::try_from(d.day_number()).unwrap_or(i32::MIN)
                })
            }));
            columns.count.push(act.count);
        }
        columns_of.push(columns);
    }
    let start = i32::try_from(guidec_runtime::Date::first_of_year(2025).day_number()).unwrap_or(0);
    let end = i32::try_from(guidec_runtime::Date::last_of_year(2025).day_number()).unwrap_or(0);
    let mut group = c.benchmark_group("fse_rate_1M_acts");
    group.throughput(Throughput::Elements(acts_total));
    group.sample_size(20);
    group.bench_function("interpreter (Plan::evaluate, 500 cases)", |b| {
        let mut outcome = plan.blank_outcome();
        b.iter(|| {
            for case in &cases {
                plan.evaluate_into(black_box(case), Explain::No, &mut outcome);
                black_box(outcome.total_cents);
            }
        });
    });
    group.bench_function("plain loop over decoded columns", |b| {
        b.iter(|| {
            for columns in &columns_of {
                black_box(kernel::fse_rate(black_box(columns), start, end));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, kernel);
criterion_main!(benches);
