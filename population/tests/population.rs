//! The population engine against the case-file path: a generated population run from Parquet
//! and from CSV gives, for every practitioner, the outcome the interpreter gives on his case file
//! (what `guidec eval` prints); malformed rows land in the rejects and the run goes on; acts in
//! any order give the same outcomes, in a memory that does not grow with them; the impact report
//! adds up.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use guidec::interpret::{Explain, Plan};
use guidec_population::generate::{self, Request};
use guidec_population::output::TableSink;
use guidec_population::run::{self, Options, Summary};
use guidec_population::table::{Reader, Type, Writer};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn edition(spec: &str) -> guidec::ir::Edition {
    let file = guidec::driver::check_file(&root().join(spec)).unwrap();
    file.edition.unwrap()
}

/// All rows of a table, in order, as `column → text`.
fn all_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = Reader::open(path).unwrap();
    let columns = reader.columns.clone();
    let mut rows = Vec::new();
    while let Some(batch) = reader.next_batch() {
        let batch = batch.unwrap();
        for r in 0..batch.rows() {
            let mut row = BTreeMap::new();
            for (i, name) in columns.iter().enumerate() {
                let column = batch.column(Some(i));
                let text = column.text(r).unwrap().map(|t| t.into_owned());
                row.insert(name.clone(), text.unwrap_or_default());
            }
            rows.push(row);
        }
    }
    rows
}

/// Every row of a table, as `column → text`, by the value of `key`.
fn rows_by(path: &Path, key: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    all_rows(path)
        .into_iter()
        .map(|row| (row.get(key).cloned().unwrap_or_default(), row))
        .collect()
}

fn run_tables(
    plan: &Plan<'_>,
    declarations: &Path,
    acts: Option<&Path>,
    out: &Path,
    options: &Options,
) -> run::Summary {
    let rejects = out.with_extension("rejets.csv");
    let mut sink = TableSink::create(plan, out, &rejects, options.explain).unwrap();
    let summary = run::run(&[plan], declarations, acts, options, false, &mut sink).unwrap();
    sink.finish().unwrap();
    summary
}

/// The outcome the interpreter gives on a case file, as the outcomes table writes it.
fn expected_row(plan: &Plan<'_>, case_path: &Path, explain: bool) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(case_path).unwrap();
    let file = guidec::case::read(&text, plan.edition()).unwrap();
    let case = guidec::case::validate(&file, plan.edition()).unwrap();
    let outcome = plan.evaluate(&case, if explain { Explain::Yes } else { Explain::No });
    let mut row = BTreeMap::new();
    row.insert("total_cents".to_string(), outcome.total_cents.to_string());
    row.insert(
        "total_incomplete".to_string(),
        outcome.total_incomplete.to_string(),
    );
    for (id, section) in &outcome.sections {
        row.insert(
            format!("sections.{id}.unlocked"),
            section.unlocked.to_string(),
        );
        row.insert(
            format!("sections.{id}.amount_cents"),
            section.amount_cents.to_string(),
        );
        row.insert(
            format!("sections.{id}.incomplete"),
            section.incomplete.to_string(),
        );
    }
    for (id, indicator) in &outcome.indicators {
        row.insert(
            format!("indicateurs.{id}.status"),
            indicator.status.name().to_string(),
        );
        row.insert(
            format!("indicateurs.{id}.amount_cents"),
            indicator
                .amount_cents
                .map_or_else(String::new, |c| c.to_string()),
        );
        row.insert(
            format!("indicateurs.{id}.max_cents"),
            indicator
                .max_cents
                .map_or_else(String::new, |c| c.to_string()),
        );
        if explain {
            row.insert(
                format!("indicateurs.{id}.raisons"),
                indicator.reasons.join("\n"),
            );
        }
    }
    row
}

fn same_as_case_files(spec: &str, practitioners: usize, acts: u64, explain: bool) {
    let edition = edition(spec);
    let plan = Plan::new(&edition);
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cas");
    let request = Request {
        practitioners,
        acts,
        seed: 7,
    };
    for format in ["parquet", "csv"] {
        let declarations = dir.path().join(format!("declarations.{format}"));
        let act_file = dir.path().join(format!("actes.{format}"));
        let generated = generate::generate(
            &edition,
            &request,
            &declarations,
            &act_file,
            Some((&cases, practitioners)),
        )
        .unwrap();
        assert_eq!(generated.practitioners, practitioners);
        assert_eq!(generated.acts, acts);
        let out = dir.path().join(format!("resultats.{format}"));
        let options = Options {
            explain,
            ..Options::default()
        };
        let summary = run_tables(&plan, &declarations, Some(&act_file), &out, &options);
        assert_eq!(summary.rejects, 0, "{spec} ({format}): no row is rejected");
        assert_eq!(summary.evaluated as usize, practitioners);
        assert_eq!(summary.acts, acts);
        let outcomes = rows_by(&out, "id");
        assert_eq!(outcomes.len(), practitioners);
        let mut paid = 0;
        for (id, row) in &outcomes {
            let expected = expected_row(&plan, &cases.join(format!("{id}.yaml")), explain);
            for (column, value) in &expected {
                assert_eq!(
                    row.get(column),
                    Some(value),
                    "{spec} ({format}), {id}: `{column}` differs from the case file's outcome"
                );
            }
            assert_eq!(
                row.len(),
                expected.len() + 1,
                "{id}: the columns are the outcome's"
            );
            if row.get("total_cents").is_some_and(|t| t != "0") {
                paid += 1;
            }
        }
        // The spread is realistic: most practitioners are paid something.
        assert!(
            paid * 2 > practitioners,
            "{spec}: {paid} of {practitioners} paid"
        );
    }
}

#[test]
fn fami_tables_give_what_the_case_files_give() {
    same_as_case_files(
        "specs/fami/chirurgiens_dentistes-2025.guide",
        120,
        24_000,
        false,
    );
}

#[test]
fn forfait_tables_give_what_the_case_files_give_reasons_included() {
    same_as_case_files(
        "specs/forfait_structure/medecins-2024.guide",
        60,
        9_000,
        true,
    );
}

#[test]
fn a_field_declared_in_the_spec_is_a_column_of_the_acts_table() {
    // `régime`, declared by the test edition's act schema alone (tests/schema): the generator
    // writes its column, the run reads it, and the outcomes are the case files'.
    let spec = "tests/schema/specs/fami/regime-2025.guide";
    same_as_case_files(spec, 40, 8_000, true);
    let edition = edition(spec);
    let plan = Plan::new(&edition);
    let dir = tempfile::tempdir().unwrap();
    let declarations = dir.path().join("declarations.parquet");
    let acts = dir.path().join("actes.parquet");
    let request = Request {
        practitioners: 5,
        acts: 500,
        seed: 3,
    };
    generate::generate(&edition, &request, &declarations, &acts, None).unwrap();
    let header = Reader::open(&acts).unwrap().columns;
    assert_eq!(
        header,
        [
            "id",
            "mesure",
            "date",
            "mode",
            "regime",
            "age_jours",
            "naissance",
            "nombre"
        ],
        "the schema's columns, in the order every engine reads them"
    );
    // A value of the declared list excludes the act; a value outside it is refused, naming
    // the column, in the case reader's words.
    let declarations = dir.path().join("declarations.csv");
    std::fs::write(
        &declarations,
        "id,praticien.fse_annee_precedente
a,true
b,true
",
    )
    .unwrap();
    let acts = dir.path().join("actes.csv");
    std::fs::write(
        &acts,
        "id,mesure,date,mode,regime
         a,indicateurs.teletransmission.mesures.fse,2025-03-04,sesam_vitale,
         a,indicateurs.teletransmission.mesures.fse,2025-03-05,papier,agricole
         a,indicateurs.teletransmission.mesures.fse,2025-03-06,papier,independants
         b,indicateurs.teletransmission.mesures.fse,2025-03-04,papier,salarie
",
    )
    .unwrap();
    let out = dir.path().join("resultats.csv");
    let options = Options {
        explain: true,
        ..Options::default()
    };
    let summary = run_tables(&plan, &declarations, Some(&acts), &out, &options);
    assert_eq!(summary.evaluated, 1);
    let outcomes = rows_by(&out, "id");
    let a = &outcomes["a"];
    assert_eq!(a["indicateurs.teletransmission.status"], "met", "{a:#?}");
    assert!(
        a["indicateurs.teletransmission.raisons"]
            .contains("2 acte(s) exclu(s) : les patients des autres régimes"),
        "{a:#?}"
    );
    let rejects = all_rows(&out.with_extension("rejets.csv"));
    let refused = rejects
        .iter()
        .find(|r| r["table"] == "actes")
        .expect("the act of b is refused");
    assert_eq!(refused["ligne"], "4");
    assert_eq!(refused["champ"], "regime");
    assert_eq!(
        refused["raison"],
        "`salarie` n'est pas une valeur possible ici ; valeurs possibles : `general`, `agricole` ou `independants`"
    );
}

#[test]
fn the_acts_columns_are_checked_against_the_schema_before_any_row() {
    let edition = edition("specs/fami/chirurgiens_dentistes-2025.guide");
    let plan = Plan::new(&edition);
    let dir = tempfile::tempdir().unwrap();
    let declarations = dir.path().join("declarations.csv");
    std::fs::write(
        &declarations,
        "id
a
",
    )
    .unwrap();
    let error = |acts: &Path| {
        let out = dir.path().join("resultats.csv");
        let mut sink = TableSink::create(&plan, &out, &dir.path().join("r.csv"), false).unwrap();
        run::run(
            &[&plan],
            &declarations,
            Some(acts),
            &Options::default(),
            false,
            &mut sink,
        )
        .unwrap_err()
    };
    let csv = dir.path().join("actes.csv");
    // A column no schema declares, and a list without a default left out.
    std::fs::write(
        &csv,
        "id,mesure,date,regime
",
    )
    .unwrap();
    let said = error(&csv);
    assert!(
        said.contains("colonne inconnue de la table des actes : `regime`"),
        "{said}"
    );
    assert!(
        said.contains("la table des actes n'a pas de colonne `mode`"),
        "{said}"
    );
    // A column whose Parquet type cannot hold its field.
    let parquet = dir.path().join("actes.parquet");
    let columns: Vec<(String, Type)> = [
        ("id", Type::Text),
        ("mesure", Type::Text),
        ("date", Type::Integer),
        ("mode", Type::Text),
        ("ame", Type::Date),
    ]
    .into_iter()
    .map(|(n, t)| (n.to_string(), t))
    .collect();
    Writer::create(&parquet, &columns)
        .unwrap()
        .finish()
        .unwrap();
    let said = error(&parquet);
    assert!(
        said.contains(
            "la colonne `date` de la table des actes contient un nombre entier ; attendu une date"
        ),
        "{said}"
    );
    assert!(
        said.contains(
            "la colonne `ame` de la table des actes contient une date ; attendu un booléen"
        ),
        "{said}"
    );
}

#[test]
fn a_folder_of_case_files_runs_like_the_tables() {
    let edition = edition("specs/fami/chirurgiens_dentistes-2025.guide");
    let plan = Plan::new(&edition);
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cas");
    let declarations = dir.path().join("declarations.csv");
    let acts = dir.path().join("actes.csv");
    let request = Request {
        practitioners: 40,
        acts: 4_000,
        seed: 11,
    };
    generate::generate(&edition, &request, &declarations, &acts, Some((&cases, 40))).unwrap();
    let from_tables = dir.path().join("tables.csv");
    run_tables(
        &plan,
        &declarations,
        Some(&acts),
        &from_tables,
        &Options::default(),
    );
    let from_cases = dir.path().join("cas.csv");
    let mut sink = TableSink::create(&plan, &from_cases, &dir.path().join("r.csv"), false).unwrap();
    let summary = run::run_case_files(&plan, &cases, false, &mut sink).unwrap();
    sink.finish().unwrap();
    assert_eq!(summary.evaluated, 40);
    assert_eq!(rows_by(&from_tables, "id"), rows_by(&from_cases, "id"));
}

#[test]
fn acts_in_any_order_give_the_same_outcomes_and_the_memory_does_not_grow_with_them() {
    let edition = edition("specs/fami/chirurgiens_dentistes-2025.guide");
    let plan = Plan::new(&edition);
    let dir = tempfile::tempdir().unwrap();
    let declarations = dir.path().join("declarations.csv");
    let acts = dir.path().join("actes.csv");
    let request = Request {
        practitioners: 200,
        acts: 30_000,
        seed: 3,
    };
    generate::generate(&edition, &request, &declarations, &acts, None).unwrap();
    let in_order = dir.path().join("ordre.csv");
    let whole = run_tables(
        &plan,
        &declarations,
        Some(&acts),
        &in_order,
        &Options::default(),
    );
    assert_eq!(whole.evaluated, 200);
    // The same rows shuffled: every practitioner's acts spread over the whole table.
    let text = std::fs::read_to_string(&acts).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_string();
    let mut rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 30_000);
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for i in (1..rows.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        rows.swap(i, usize::try_from(state % (i as u64 + 1)).unwrap());
    }
    let shuffled = dir.path().join("melange.csv");
    std::fs::write(&shuffled, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
    let out = dir.path().join("melange-resultats.csv");
    let mixed = run_tables(
        &plan,
        &declarations,
        Some(&shuffled),
        &out,
        &Options::default(),
    );
    assert_eq!(mixed.evaluated, 200);
    assert_eq!(all_rows(&in_order), all_rows(&out));
    // The outcomes come in the declarations' order.
    let order: Vec<String> = all_rows(&in_order)
        .into_iter()
        .map(|r| r["id"].clone())
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    // The same rows as Parquet in row groups of 4 000 rows, read by a thread per core: the
    // same outcomes, in the same order.
    let grouped = dir.path().join("groupes.parquet");
    {
        let as_parquet = dir.path().join("actes.parquet");
        generate::generate(
            &edition,
            &request,
            &dir.path().join("d.parquet"),
            &as_parquet,
            None,
        )
        .unwrap();
        let input = std::fs::File::open(&as_parquet).unwrap();
        let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(input)
            .unwrap()
            .build()
            .unwrap();
        let batches: Vec<_> = reader.map(Result::unwrap).collect();
        let properties = parquet::file::properties::WriterProperties::builder()
            .set_max_row_group_size(4_000)
            .build();
        let output = std::fs::File::create(&grouped).unwrap();
        let mut writer =
            parquet::arrow::ArrowWriter::try_new(output, batches[0].schema(), Some(properties))
                .unwrap();
        for batch in &batches {
            writer.write(batch).unwrap();
        }
        writer.close().unwrap();
    }
    let groups = Reader::open(&grouped).unwrap();
    assert!(groups.row_groups().is_some_and(|g| g.count() >= 7));
    let out = dir.path().join("groupes-resultats.csv");
    let read = run_tables(
        &plan,
        &declarations,
        Some(&grouped),
        &out,
        &Options::default(),
    );
    assert_eq!(read.acts, 30_000);
    assert_eq!(all_rows(&in_order), all_rows(&out));
    // Twice the acts, the same practitioners: the same memory for the tallies.
    let more = dir.path().join("plus.csv");
    let more_declarations = dir.path().join("plus-declarations.csv");
    let request = Request {
        acts: 60_000,
        ..request
    };
    generate::generate(&edition, &request, &more_declarations, &more, None).unwrap();
    let twice = run_tables(
        &plan,
        &more_declarations,
        Some(&more),
        &dir.path().join("plus-resultats.csv"),
        &Options::default(),
    );
    assert_eq!(twice.acts, 60_000);
    assert!(whole.tally_bytes > 0);
    assert_eq!(twice.tally_bytes, whole.tally_bytes);
}

#[test]
fn malformed_rows_land_in_the_rejects_and_the_run_goes_on() {
    let edition = edition("specs/fami/chirurgiens_dentistes-2025.guide");
    let plan = Plan::new(&edition);
    let dir = tempfile::tempdir().unwrap();
    let declarations = dir.path().join("declarations.csv");
    std::fs::write(
        &declarations,
        "id,praticien.attestation_sur_l_honneur,praticien.fse_annee_precedente,indicateurs.aller_vers.reponse,indicateurs.aller_vers.nombres.interventions,indicateurs.teletransmission.mesures.fse.numerateur,indicateurs.teletransmission.mesures.fse.denominateur,indicateurs.aller_vers.texte\n\
         a,true,true,oui,3,,,EHPAD des Lilas\n\
         b,peut-être,true,,,,,\n\
         c,true,true,,,,,\n\
         d,true,true,,-2,,,\n\
         e,true,true,,,9,10,\n\
         a,true,true,,,,,\n\
         f,true,true,,,,,\n\
         g,true,true,oui,3,,,\n",
    )
    .unwrap();
    let acts = dir.path().join("actes.csv");
    std::fs::write(
        &acts,
        "id,mesure,date,mode,nombre\n\
         a,indicateurs.teletransmission.mesures.fse,2025-03-04,sesam_vitale,\n\
         c,indicateurs.teletransmission.mesures.fse,2025-02-30,sesam_vitale,1\n\
         c,indicateurs.teletransmission.mesures.fse,2025-03-01,fax,1\n\
         e,indicateurs.teletransmission.mesures.fse,2025-03-01,papier,1\n\
         z,indicateurs.teletransmission.mesures.fse,2025-03-01,papier,1\n\
         f,indicateurs.teletransmission.mesures.fse,2025-03-01,papier,1\n\
         f,indicateurs.teletransmission.mesures.fse,2025-03-02,sesam_vitale,3\n",
    )
    .unwrap();
    let out = dir.path().join("resultats.csv");
    let summary = run_tables(&plan, &declarations, Some(&acts), &out, &Options::default());
    let outcomes = rows_by(&out, "id");
    assert_eq!(
        outcomes.keys().cloned().collect::<Vec<_>>(),
        vec!["a".to_string(), "f".to_string()],
        "only the practitioners whose rows all fit are evaluated"
    );
    assert_eq!(outcomes["f"]["indicateurs.teletransmission.status"], "met");
    let rejects = all_rows(&out.with_extension("rejets.csv"));
    let said = |table: &str, row: &str, field: &str| {
        rejects
            .iter()
            .any(|r| r["table"] == table && r["ligne"] == row && r["champ"].starts_with(field))
    };
    assert!(
        said("declarations", "2", "praticien.attestation_sur_l_honneur"),
        "{rejects:#?}"
    );
    assert!(said("actes", "2", "date"), "{rejects:#?}");
    assert!(said("actes", "3", "mode"), "{rejects:#?}");
    assert!(said(
        "declarations",
        "4",
        "indicateurs.aller_vers.nombres.interventions"
    ));
    assert!(said(
        "declarations",
        "5",
        "indicateurs.teletransmission.mesures.fse"
    ));
    assert!(
        said("declarations", "6", "id"),
        "a repeated id: {rejects:#?}"
    );
    assert!(
        said("actes", "5", "id"),
        "an act of no declared practitioner: {rejects:#?}"
    );
    assert!(
        said("declarations", "8", "indicateurs.aller_vers.texte"),
        "the case-file validation: a yes needs its text: {rejects:#?}"
    );
    assert!(rejects.iter().all(|r| !r["raison"].is_empty()));
    assert_eq!(summary.rejects as usize, rejects.len());
    assert_eq!(summary.evaluated, 2);
}

#[test]
fn row_groups_tallied_on_several_threads_reject_the_rows_a_stream_rejects_in_the_same_order() {
    let edition = edition("specs/fami/chirurgiens_dentistes-2025.guide");
    let plan = Plan::new(&edition);
    let dir = tempfile::tempdir().unwrap();
    let declarations = dir.path().join("declarations.csv");
    let mut text =
        String::from("id,praticien.attestation_sur_l_honneur,praticien.fse_annee_precedente\n");
    for p in 0..30 {
        text.push_str(&format!("p{p:02},true,true\n"));
    }
    std::fs::write(&declarations, text).unwrap();
    // 12 000 acts; rows 997, 1 994, … name no declared practitioner, rows 1 601, 3 202, … a
    // date that does not exist (which keeps their practitioner out).
    let rows = 12_000usize;
    let mut expected = Vec::new();
    let (mut ids, mut dates, mut modes) = (Vec::new(), Vec::new(), Vec::new());
    for i in 1..=rows {
        let undeclared = i % 997 == 0;
        let bad_date = i % 1601 == 0;
        if undeclared || bad_date {
            expected.push(i.to_string());
        }
        ids.push(if undeclared {
            "inconnu".to_string()
        } else {
            format!("p{:02}", (i * 7) % 30)
        });
        dates.push(if bad_date {
            "2025-02-30".to_string()
        } else {
            format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28)
        });
        modes.push(if i % 5 == 0 { "papier" } else { "sesam_vitale" });
    }
    let measure = "indicateurs.teletransmission.mesures.fse";
    let csv = dir.path().join("actes.csv");
    let mut text = String::from("id,mesure,date,mode,nombre\n");
    for i in 0..rows {
        text.push_str(&format!(
            "{},{measure},{},{},1\n",
            ids[i], dates[i], modes[i]
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let grouped = dir.path().join("actes.parquet");
    {
        use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
        use std::sync::Arc;
        let text = |values: Vec<String>| Arc::new(StringArray::from(values)) as ArrayRef;
        let batch = RecordBatch::try_from_iter([
            ("id", text(ids)),
            ("mesure", text(vec![measure.to_string(); rows])),
            ("date", text(dates)),
            ("mode", text(modes.iter().map(|m| m.to_string()).collect())),
            (
                "nombre",
                Arc::new(Int64Array::from(vec![1i64; rows])) as ArrayRef,
            ),
        ])
        .unwrap();
        let properties = parquet::file::properties::WriterProperties::builder()
            .set_max_row_group_size(1_000)
            .build();
        let output = std::fs::File::create(&grouped).unwrap();
        let mut writer =
            parquet::arrow::ArrowWriter::try_new(output, batch.schema(), Some(properties)).unwrap();
        writer.write(&batch).unwrap();
        writer.close().unwrap();
    }
    assert_eq!(
        Reader::open(&grouped)
            .unwrap()
            .row_groups()
            .map(|g| g.count()),
        Some(12)
    );
    let stream_out = dir.path().join("flux.csv");
    let stream = run_tables(
        &plan,
        &declarations,
        Some(&csv),
        &stream_out,
        &Options::default(),
    );
    let groups_out = dir.path().join("groupes.csv");
    let groups = run_tables(
        &plan,
        &declarations,
        Some(&grouped),
        &groups_out,
        &Options::default(),
    );
    assert_eq!(groups.acts, rows as u64);
    // The acts refused, and a row for each practitioner they keep out.
    assert_eq!(
        groups.rejects,
        expected.len() as u64 + groups.practitioners_rejected
    );
    assert_eq!(
        stream,
        Summary {
            read_ms: stream.read_ms,
            evaluate_ms: stream.evaluate_ms,
            tally_bytes: stream.tally_bytes,
            ..groups.clone()
        }
    );
    let rejected: Vec<String> = all_rows(&groups_out.with_extension("rejets.csv"))
        .into_iter()
        .filter(|r| r["table"] == "actes")
        .map(|r| r["ligne"].clone())
        .collect();
    assert_eq!(rejected, expected, "every refused row, in the file's order");
    assert_eq!(
        all_rows(&groups_out.with_extension("rejets.csv")),
        all_rows(&stream_out.with_extension("rejets.csv"))
    );
    assert_eq!(all_rows(&groups_out), all_rows(&stream_out));
    // The bad dates kept their practitioners out, and only them.
    assert!(groups.practitioners_rejected > 0 && groups.evaluated > 0);
    assert_eq!(groups.evaluated + groups.practitioners_rejected, 30);
}

#[test]
fn unknown_columns_stop_the_run_before_any_row() {
    let edition = edition("specs/fami/chirurgiens_dentistes-2025.guide");
    let plan = Plan::new(&edition);
    let dir = tempfile::tempdir().unwrap();
    let declarations = dir.path().join("declarations.csv");
    std::fs::write(&declarations, "id,indicateurs.inconnu.reponse\na,oui\n").unwrap();
    let out = dir.path().join("resultats.csv");
    let mut sink = TableSink::create(&plan, &out, &dir.path().join("r.csv"), false).unwrap();
    let error = run::run(
        &[&plan],
        &declarations,
        None,
        &Options::default(),
        false,
        &mut sink,
    )
    .unwrap_err();
    assert!(error.contains("indicateurs.inconnu.reponse"), "{error}");
}

#[test]
fn the_same_seed_draws_the_same_population() {
    let edition = edition("specs/fami/chirurgiens_dentistes-2025.guide");
    let dir = tempfile::tempdir().unwrap();
    let request = Request {
        practitioners: 30,
        acts: 3_000,
        seed: 5,
    };
    let mut texts = Vec::new();
    for n in 0..2 {
        let d = dir.path().join(format!("d{n}.csv"));
        let a = dir.path().join(format!("a{n}.csv"));
        generate::generate(&edition, &request, &d, &a, None).unwrap();
        texts.push((std::fs::read(&d).unwrap(), std::fs::read(&a).unwrap()));
    }
    assert_eq!(texts[0], texts[1]);
    let acts = String::from_utf8(texts[0].1.clone()).unwrap();
    // A few practitioners start during the year, some acts fall outside it.
    assert!(acts.contains(",2024-12-") || acts.contains(",2026-01-"));
}

#[test]
fn the_impact_report_adds_up_and_draws_its_distribution() {
    let old = edition("specs/forfait_structure/medecins-2024.guide");
    let new = edition("specs/forfait_structure/medecins-2025.guide");
    let plans = [Plan::new(&old), Plan::new(&new)];
    let dir = tempfile::tempdir().unwrap();
    let declarations = dir.path().join("declarations.parquet");
    let acts = dir.path().join("actes.parquet");
    let request = Request {
        practitioners: 150,
        acts: 15_000,
        seed: 9,
    };
    generate::generate(&old, &request, &declarations, &acts, None).unwrap();
    struct NoRejects;
    impl run::Sink for NoRejects {
        fn outcomes(
            &mut self,
            _: &str,
            _: &[guidec::interpret::Outcome<'_>],
        ) -> Result<(), String> {
            Ok(())
        }
        fn reject(&mut self, _: &guidec_population::adapter::Reject) -> Result<(), String> {
            Ok(())
        }
    }
    let mut none = NoRejects;
    let mut collector = guidec_population::impact::Collector::new(&mut none);
    let summary = run::run(
        &[&plans[0], &plans[1]],
        &declarations,
        Some(&acts),
        &Options::default(),
        true,
        &mut collector,
    )
    .unwrap();
    let report = collector.finish(&old.key(), &new.key(), summary.practitioners_rejected);
    assert_eq!(report.practitioners + summary.practitioners_rejected, 150);
    assert_eq!(
        report.gainers + report.losers + report.unchanged,
        report.practitioners
    );
    // The old total is what `run` pays on the old edition alone.
    let out = dir.path().join("ancienne.csv");
    let lenient = run_tables(
        &plans[0],
        &declarations,
        Some(&acts),
        &out,
        &Options::default(),
    );
    assert_eq!(lenient.evaluated, report.practitioners);
    let old_total: i64 = rows_by(&out, "id")
        .values()
        .map(|r| r["total_cents"].parse::<i64>().unwrap())
        .sum();
    assert_eq!(report.old_total_cents, old_total);
    let binned: u64 = report.distribution.iter().map(|b| b.count).sum();
    assert_eq!(binned, report.practitioners);
    let html = report.html().unwrap();
    assert!(html.contains("<svg") && html.contains("<rect"));
    assert!(html.contains("coût de la nouvelle édition"));
    assert!(report.text().contains("gagnent"));
    let json: serde_json::Value = serde_json::from_str(&report.json().unwrap()).unwrap();
    assert_eq!(json["old"], old.key());
    // Named in the editions' words, each section followed by its indicators.
    let mut report = report;
    report.describe(&old, &new);
    assert_eq!(report.heading, "Forfait structure, médecins : 2024 → 2025");
    let volet2 = report
        .lines
        .iter()
        .position(|l| l.id == "sections.volet2")
        .unwrap();
    let first_of_volet2 = &report.lines[volet2 + 1];
    let section = new.sections.iter().find(|s| s.id == "volet2").unwrap();
    assert_eq!(
        first_of_volet2.id,
        format!("indicateurs.{}", section.indicators[0].id)
    );
    assert_eq!(first_of_volet2.label, section.indicators[0].title.resolved);
    assert_eq!(first_of_volet2.depth, 1);
    assert_eq!(report.lines[volet2].label, section.title.resolved);
    assert!(report
        .lines
        .iter()
        .any(|l| l.depth == 2 && l.id.matches('.').count() == 2));
    let html = report.html().unwrap();
    assert!(html.contains("<title>Impact de Forfait structure, médecins : 2024 → 2025</title>"));
    assert!(html.contains(&format!(
        "<td class=\"libelle\">{}<code>sections.volet2</code>",
        section.title.resolved
    )));
}

#[test]
fn the_impact_report_counts_undetermined_amounts_apart() {
    use run::Sink as _;
    // The test edition of scaled amounts on both sides: one of its hand-worked cases leaves the
    // measure of a scale out, so its amount and its total cannot be determined.
    let edition = edition("tests/scales/specs/forfait_structure/baremes-2026.guide");
    let plan = Plan::new(&edition);
    struct NoRejects;
    impl run::Sink for NoRejects {
        fn outcomes(
            &mut self,
            _: &str,
            _: &[guidec::interpret::Outcome<'_>],
        ) -> Result<(), String> {
            Ok(())
        }
        fn reject(&mut self, _: &guidec_population::adapter::Reject) -> Result<(), String> {
            Ok(())
        }
    }
    let mut none = NoRejects;
    let mut collector = guidec_population::impact::Collector::new(&mut none);
    let folder = root().join("tests/scales/cases/forfait_structure/baremes-2026");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let file = guidec::case::read(&text, &edition).unwrap();
        let case = guidec::case::validate(&file, &edition).unwrap();
        let outcome = plan.evaluate(&case, guidec::interpret::Explain::No);
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        collector
            .outcomes(&id, &[outcome.clone(), outcome])
            .unwrap();
    }
    let report = collector.finish(&edition.key(), &edition.key(), 0);
    assert_eq!(report.practitioners, 4);
    assert_eq!((report.old_undetermined, report.new_undetermined), (1, 1));
    let regulation = report
        .lines
        .iter()
        .find(|l| l.id == "indicateurs.regulation")
        .unwrap();
    assert_eq!(
        (regulation.old_undetermined, regulation.new_undetermined),
        (1, 1)
    );
    let volet2 = report
        .lines
        .iter()
        .find(|l| l.id == "sections.volet2")
        .unwrap();
    assert_eq!(volet2.new_undetermined, 1);
    let text = report.text();
    assert!(
        text.contains("total incomplet sur la nouvelle édition : 1 praticien(s) dont un montant n'est pas déterminé"),
        "{text}"
    );
    assert!(
        text.contains("total versé : au moins 12\u{202f}687,50 € → au moins 12\u{202f}687,50 €"),
        "{text}"
    );
    assert!(
        text.contains("; montant non déterminé : 1 → 1 praticien(s), au moins le montant dit"),
        "{text}"
    );
    let html = report.html().unwrap();
    assert!(html.contains("Total incomplet sur la nouvelle édition : 1 praticien(s)"));
}
