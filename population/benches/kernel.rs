//! The act-rate kernel: the tally of each act into its practitioner's counters, what
//! `guidec-population run` does per act (`guidec::act_tests::TallyTable::add`, the interpreter's
//! compiled tests), and the reference interpreter evaluating FAMI 2025 cases whose rate is given
//! by a list of acts, against a plain loop over the same acts' decoded columns
//! (`kernel::fse_rate`), the yardstick. Figures in BENCHMARKS.md.

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
    let Some(table) = plan
        .measured_from_acts("teletransmission", "fse")
        .ok()
        .and_then(|slots| slots.first().copied())
        .and_then(|slot| plan.tally_table(slot))
    else {
        return;
    };
    let fields = vec![
        Field::Id,
        columns::parse("praticien.fse_annee_precedente", &[]).unwrap_or(Field::Id),
        columns::parse("praticien.attestation_sur_l_honneur", &[]).unwrap_or(Field::Id),
    ];
    let Some(schema) = edition.acts.as_ref().map(|a| a.runtime.clone()) else {
        return;
    };
    let place = |key: &str| {
        schema
            .fields()
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.place)
    };
    let (Some(mode), Some(billing), Some(age)) =
        (place("mode"), place("facturation"), place("âge"))
    else {
        return;
    };
    let flags: Vec<(guidec_runtime::Place, u8)> = [
        ("ame", kernel::flag::AME),
        ("nir_provisoire", kernel::flag::NIR_PROVISOIRE),
        ("ehpad", kernel::flag::EHPAD),
        ("telesoin", kernel::flag::TELESOIN),
    ]
    .into_iter()
    .filter_map(|(key, bit)| Some((place(key)?, bit)))
    .collect();
    let mut cases = Vec::new();
    let mut acts_of = Vec::new();
    let mut columns_of = Vec::new();
    let mut acts_total = 0u64;
    for k in 0..practitioners {
        let drawn = generate::draw(&edition, &request, k, per);
        let mut acts = Vec::with_capacity(drawn.acts.len());
        for act in &drawn.acts {
            let Ok(packed) = schema.act(act.date, act.count, &act.values) else {
                return;
            };
            acts.push(packed);
        }
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
        let Ok(mut case_file) = adapter::case_file(&edition, &fields, &declaration) else {
            return;
        };
        case_file
            .indicateurs
            .entry("teletransmission".into())
            .or_insert_with(|| guidec_runtime::case_file::Spanned {
                value: Default::default(),
                line: 0,
                column: 0,
            })
            .value
            .mesures
            .insert(
                "fse".into(),
                guidec_runtime::case_file::Spanned {
                    value: guidec_runtime::RateInput {
                        numerateur: None,
                        denominateur: None,
                        actes: Some(acts.clone()),
                    },
                    line: 0,
                    column: 0,
                },
            );
        let Ok(case) = adapter::validate(&case_file, &edition, &declaration) else {
            return;
        };
        cases.push(case);
        // The yardstick's columns, decoded from the same acts.
        let mut columns = Columns::default();
        for act in &acts {
            let act = *act;
            columns.mode.push(u8::try_from(act.at(mode)).unwrap_or(3));
            let mut bits = 0u8;
            for (place, bit) in &flags {
                if act.at(*place) != 0 {
                    bits |= bit;
                }
            }
            if act.at(billing) == 1 {
                bits |= kernel::flag::CERFA_S3404;
            }
            columns.flags.push(bits);
            columns
                .day
                .push(i32::try_from(act.date.day_number()).unwrap_or(0));
            let birth = act.date_in(age.word);
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
        acts_of.push(acts);
    }
    let start = i32::try_from(guidec_runtime::Date::first_of_year(2025).day_number()).unwrap_or(0);
    let end = i32::try_from(guidec_runtime::Date::last_of_year(2025).day_number()).unwrap_or(0);
    let mut group = c.benchmark_group("fse_rate_1M_acts");
    group.throughput(Throughput::Elements(acts_total));
    group.sample_size(20);
    group.bench_function("tally of each act (TallyTable::add, what run does)", |b| {
        let mut counters = vec![0i64; table.width()];
        b.iter(|| {
            for acts in &acts_of {
                counters.fill(0);
                let mut first = None;
                // The acts hidden from the optimiser once per practitioner, as the yardstick's
                // columns are: hidden act by act, every field of the table is read again per act.
                for act in black_box(acts.as_slice()) {
                    table.add(&mut counters, &mut first, act);
                }
                black_box((&counters, first));
            }
        });
    });
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
