//! `guidec-population`: `run` (a population's payments), `generate` (a population drawn at
//! random), `diff` (the impact of a new edition over a population), `columns` (the declaration
//! columns of an edition). Exit codes: 0 done; 1 a spec has errors, or rows were rejected with
//! `--strict`; 2 usage or I/O error, or editions of different programmes without `--force`.

use clap::{Parser, Subcommand, ValueEnum};
use guidec_population::{columns, generate, impact, output, run};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const EXIT_OK: u8 = 0;
const EXIT_ERRORS: u8 = 1;
const EXIT_USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "guidec-population",
    version,
    about = "guidec sur toute une population : paiements et impact d'une édition à partir des déclarations et des actes (Parquet ou CSV)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Évalue chaque praticien des tables (ou d'un dossier de fichiers de cas) sur une édition : une ligne de résultats par praticien (exit 0 ; 1 : spec en erreur, ou lignes rejetées avec --strict ; 2 : usage ou entrée-sortie).
    Run {
        /// Le fichier de spec de l'édition.
        spec: PathBuf,
        /// La table des déclarations (`.parquet` ou `.csv`).
        #[arg(long, required_unless_present = "cases")]
        declarations: Option<PathBuf>,
        /// La table des actes (`.parquet` ou `.csv`).
        #[arg(long)]
        acts: Option<PathBuf>,
        /// Un dossier de fichiers de cas (`*.yaml`) au lieu des tables.
        #[arg(long, conflicts_with_all = ["declarations", "acts"])]
        cases: Option<PathBuf>,
        /// La table des résultats (`.parquet` ou `.csv`).
        #[arg(long)]
        out: PathBuf,
        /// La table des rejets (par défaut : à côté de `--out`, `.rejets.csv`).
        #[arg(long)]
        rejects: Option<PathBuf>,
        /// Écrire les raisons de chaque indicateur.
        #[arg(long)]
        raisons: bool,
        /// Sortir avec le code 1 quand une ligne est rejetée.
        #[arg(long)]
        strict: bool,
    },
    /// Tire une population au hasard (graine fixe : même graine, même population) : tables des déclarations et des actes, et des fichiers de cas.
    Generate {
        /// Le fichier de spec de l'édition.
        spec: PathBuf,
        /// Nombre de praticiens.
        #[arg(long)]
        practitioners: usize,
        /// Nombre de lignes d'actes en tout.
        #[arg(long = "act-rows", default_value_t = 0)]
        act_rows: u64,
        /// La graine.
        #[arg(long, default_value_t = 2025)]
        seed: u64,
        /// La table des déclarations à écrire (`.parquet` ou `.csv`).
        #[arg(long)]
        declarations: PathBuf,
        /// La table des actes à écrire.
        #[arg(long)]
        acts: PathBuf,
        /// Un dossier où écrire des praticiens en fichiers de cas (`<id>.yaml`).
        #[arg(long)]
        cases: Option<PathBuf>,
        /// Combien de praticiens écrire en fichiers de cas (les premiers).
        #[arg(long, default_value_t = 200)]
        case_count: usize,
    },
    /// Impact d'une nouvelle édition sur une population : qui gagne, qui perd, combien, par section et indicateur, et le coût total (exit 0 ; 1 : spec en erreur ; 2 : usage, ou éditions de programmes différents sans --force).
    Diff {
        /// La spec de l'ancienne édition.
        old: PathBuf,
        /// La spec de la nouvelle édition.
        new: PathBuf,
        /// La table des déclarations.
        #[arg(long)]
        declarations: PathBuf,
        /// La table des actes.
        #[arg(long)]
        acts: Option<PathBuf>,
        /// Format du rapport.
        #[arg(long, value_enum, default_value_t = ImpactFormat::Text)]
        format: ImpactFormat,
        /// Écrire le rapport dans ce fichier plutôt que sur la sortie standard.
        #[arg(long)]
        out: Option<PathBuf>,
        /// La table des rejets (par défaut : comptés seulement).
        #[arg(long)]
        rejects: Option<PathBuf>,
        /// Comparer tout de même des éditions de programmes ou de professions différents.
        #[arg(long)]
        force: bool,
        /// L'année que décrivent les données (par défaut : celle de l'ancienne édition) : sur
        /// une édition d'une autre année, chaque date est décalée d'autant d'années, pour juger
        /// la même activité.
        #[arg(long, conflicts_with = "dates_as_given")]
        data_year: Option<i32>,
        /// Ne décaler aucune date : chaque édition lit les dates telles qu'elles sont.
        #[arg(long)]
        dates_as_given: bool,
    },
    /// Liste les colonnes de la table des déclarations qu'une édition connaît, avec leur type.
    Columns {
        /// Le fichier de spec de l'édition.
        spec: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ImpactFormat {
    Text,
    Json,
    Html,
}

fn main() -> ExitCode {
    guidec::contained::quiet_contained_panics();
    let cli = Cli::parse();
    ExitCode::from(match cli.command {
        Command::Run {
            spec,
            declarations,
            acts,
            cases,
            out,
            rejects,
            raisons,
            strict,
        } => run_command(RunArgs {
            spec,
            declarations,
            acts,
            cases,
            out,
            rejects,
            raisons,
            strict,
        }),
        Command::Generate {
            spec,
            practitioners,
            act_rows,
            seed,
            declarations,
            acts,
            cases,
            case_count,
        } => {
            let edition = match load(&spec) {
                Ok(e) => e,
                Err(code) => return ExitCode::from(code),
            };
            let request = generate::Request {
                practitioners,
                acts: act_rows,
                seed,
            };
            match generate::generate(
                &edition,
                &request,
                &declarations,
                &acts,
                cases.as_deref().map(|c| (c, case_count)),
            ) {
                Ok(done) => {
                    eprintln!(
                        "{}, {}, {} écrits",
                        count(done.practitioners as u64, "praticien", "praticiens"),
                        count(done.acts, "ligne d'actes", "lignes d'actes"),
                        count(done.case_files as u64, "fichier de cas", "fichiers de cas")
                    );
                    EXIT_OK
                }
                Err(error) => {
                    eprintln!("erreur : {error}");
                    EXIT_USAGE
                }
            }
        }
        Command::Diff {
            old,
            new,
            declarations,
            acts,
            format,
            out,
            rejects,
            force,
            data_year,
            dates_as_given,
        } => diff_command(
            &old,
            &new,
            &declarations,
            acts.as_deref(),
            format,
            out.as_deref(),
            rejects.as_deref(),
            force,
            DataYear {
                year: data_year,
                as_given: dates_as_given,
            },
        ),
        Command::Columns { spec } => {
            let edition = match load(&spec) {
                Ok(e) => e,
                Err(code) => return ExitCode::from(code),
            };
            for field in columns::declaration_columns(&edition) {
                println!("{}\t{}", field.path(), field.kind().words());
            }
            EXIT_OK
        }
    })
}

/// A count and its noun, singular below 2 as French writes it.
fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n < 2 { one } else { many })
}

/// Loads a spec that checks without error, printing its diagnostics otherwise.
fn load(path: &Path) -> Result<guidec::ir::Edition, u8> {
    let file = guidec::driver::check_file(path).map_err(|error| {
        eprintln!(
            "erreur : impossible de lire « {} » : {error}",
            path.display()
        );
        EXIT_USAGE
    })?;
    match file.edition {
        Some(edition) => Ok(edition),
        None => {
            eprint!(
                "{}",
                file.report().render(guidec::diagnostic::Style::default())
            );
            Err(EXIT_ERRORS)
        }
    }
}

struct RunArgs {
    spec: PathBuf,
    declarations: Option<PathBuf>,
    acts: Option<PathBuf>,
    cases: Option<PathBuf>,
    out: PathBuf,
    rejects: Option<PathBuf>,
    raisons: bool,
    strict: bool,
}

fn run_command(args: RunArgs) -> u8 {
    let edition = match load(&args.spec) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let plan = guidec::interpret::Plan::new(&edition);
    let rejects = args
        .rejects
        .clone()
        .unwrap_or_else(|| output::default_rejects(&args.out));
    let mut sink = match output::TableSink::create(&plan, &args.out, &rejects, args.raisons) {
        Ok(sink) => sink,
        Err(error) => {
            eprintln!("erreur : {error}");
            return EXIT_USAGE;
        }
    };
    let options = run::Options {
        explain: args.raisons,
        progress: true,
        data_year: None,
    };
    let started = std::time::Instant::now();
    let result = match (&args.cases, &args.declarations) {
        (Some(folder), _) => run::run_case_files(&plan, folder, args.raisons, &mut sink),
        (None, Some(declarations)) => run::run(
            &[&plan],
            declarations,
            args.acts.as_deref(),
            &options,
            false,
            &mut sink,
        ),
        (None, None) => Err("donner --declarations ou --cases".into()),
    };
    let summary = match result.and_then(|s| sink.finish().map(|()| s)) {
        Ok(summary) => summary,
        Err(error) => {
            eprintln!("erreur : {error}");
            return EXIT_USAGE;
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "{} évalués, {} lues en {:.2} s ({:.0} actes/s) ; {}, {}{}",
        count(summary.evaluated, "praticien", "praticiens"),
        count(summary.acts, "ligne d'actes", "lignes d'actes"),
        seconds,
        summary.acts as f64 / seconds.max(1e-9),
        count(summary.rejects, "ligne rejetée", "lignes rejetées"),
        count(
            summary.practitioners_rejected,
            "praticien non évalué",
            "praticiens non évalués"
        ),
        if summary.rejects > 0 {
            format!(" (voir « {} »)", rejects.display())
        } else {
            String::new()
        }
    );
    eprintln!(
        "lecture et décompte des actes : {:.2} s ; évaluation : {:.2} s ; décomptes en mémoire : {:.1} Mio",
        summary.read_ms as f64 / 1000.0,
        summary.evaluate_ms as f64 / 1000.0,
        summary.tally_bytes as f64 / f64::from(1u32 << 20)
    );
    if args.strict && summary.rejects > 0 {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

/// A sink that only counts rejects, or writes them to a table.
struct Rejects(Option<guidec_population::table::Writer>);

impl run::Sink for Rejects {
    fn outcomes(&mut self, _: &str, _: &[guidec::interpret::Outcome<'_>]) -> Result<(), String> {
        Ok(())
    }

    fn reject(&mut self, reject: &guidec_population::adapter::Reject) -> Result<(), String> {
        use guidec_population::table::Value;
        use std::borrow::Cow;
        match &mut self.0 {
            Some(writer) => writer.row(&[
                Value::Integer(i64::try_from(reject.row).unwrap_or(i64::MAX)),
                Value::Text(Cow::Borrowed(reject.table)),
                Value::Text(Cow::Borrowed(&reject.id)),
                Value::Text(Cow::Borrowed(&reject.field)),
                Value::Text(Cow::Borrowed(&reject.reason)),
            ]),
            None => Ok(()),
        }
    }
}

/// Which year the impact's data describe (`--data-year`, `--dates-as-given`).
struct DataYear {
    year: Option<i32>,
    as_given: bool,
}

#[allow(clippy::too_many_arguments)]
fn diff_command(
    old: &Path,
    new: &Path,
    declarations: &Path,
    acts: Option<&Path>,
    format: ImpactFormat,
    out: Option<&Path>,
    rejects: Option<&Path>,
    force: bool,
    data_year: DataYear,
) -> u8 {
    let (old_edition, new_edition) = match (load(old), load(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let data_year = (!data_year.as_given).then(|| data_year.year.unwrap_or(old_edition.year));
    if (old_edition.programme != new_edition.programme
        || old_edition.profession != new_edition.profession)
        && !force
    {
        eprintln!(
            "erreur : {} et {} ne sont pas le même programme pour la même profession ; leurs paiements ne se comparent pas (--force pour comparer tout de même)",
            old_edition.key(),
            new_edition.key()
        );
        return EXIT_USAGE;
    }
    let plans = [
        guidec::interpret::Plan::new(&old_edition),
        guidec::interpret::Plan::new(&new_edition),
    ];
    let writer = match rejects {
        Some(path) => {
            match guidec_population::table::Writer::create(path, &output::reject_columns()) {
                Ok(w) => Some(w),
                Err(error) => {
                    eprintln!("erreur : {error}");
                    return EXIT_USAGE;
                }
            }
        }
        None => None,
    };
    let mut reject_sink = Rejects(writer);
    let mut collector = impact::Collector::new(&mut reject_sink);
    let options = run::Options {
        explain: false,
        progress: true,
        data_year,
    };
    let summary = match run::run(
        &[&plans[0], &plans[1]],
        declarations,
        acts,
        &options,
        true,
        &mut collector,
    ) {
        Ok(summary) => summary,
        Err(error) => {
            eprintln!("erreur : {error}");
            return EXIT_USAGE;
        }
    };
    let mut report = collector.finish(
        &old_edition.key(),
        &new_edition.key(),
        summary.practitioners_rejected,
    );
    report.ignored_columns = summary.ignored_columns;
    report.describe(&old_edition, &new_edition);
    report.data_year = data_year;
    if let Some(writer) = reject_sink.0 {
        if let Err(error) = writer.finish() {
            eprintln!("erreur : {error}");
            return EXIT_USAGE;
        }
    }
    let text = match format {
        ImpactFormat::Text => Ok(report.text()),
        ImpactFormat::Json => report.json(),
        ImpactFormat::Html => report.html(),
    };
    let text = match text {
        Ok(t) => t,
        Err(error) => {
            eprintln!("erreur : {error}");
            return EXIT_USAGE;
        }
    };
    match out {
        Some(path) => {
            if let Err(error) = std::fs::write(path, text) {
                eprintln!(
                    "erreur : impossible d'écrire « {} » : {error}",
                    path.display()
                );
                return EXIT_USAGE;
            }
        }
        None => print!("{text}"),
    }
    EXIT_OK
}
