//! The `guidec` command line: check specs, build the outputs.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use guidec::diagnostic::{Severity, Style};
use guidec::driver;
use guidec::i18n::{io_error, Lang, Msg};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// The layout of `--help`, in French (clap's own is English).
const HELP_TEMPLATE: &str = "{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}";

/// Exit code: success, no error.
const EXIT_OK: u8 = 0;
/// Exit code: a spec (or a case) has errors.
const EXIT_ERRORS: u8 = 1;
/// Exit code: bad usage, or a file could not be read or written.
const EXIT_USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "guidec",
    version,
    about = "Compile les guides méthodologiques de l'Assurance Maladie (forfait structure, FAMI) à partir de leurs specs",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "Commandes",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Affiche l'aide.
    #[arg(short = 'h', long = "help", global = true, action = clap::ArgAction::Help)]
    help: Option<bool>,
    /// Affiche la version.
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    version: Option<bool>,
    /// Langue des messages : `fr` (par défaut) ou `en` ; sans elle, celle de la locale (`LC_ALL`,
    /// `LC_MESSAGES`, `LANG`), le français sauf si elle dit anglais.
    #[arg(long, global = true, value_enum, hide_possible_values = true)]
    lang: Option<LangArg>,
    /// Couleurs des diagnostics : `auto` (par défaut : sur un terminal, sauf si `NO_COLOR` est
    /// défini), `always` (toujours) ou `never` (jamais).
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, hide_possible_values = true, hide_default_value = true)]
    color: ColorArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    /// Français.
    Fr,
    /// English.
    En,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorArg {
    /// Colours on a terminal, unless `NO_COLOR` is set (to anything but the empty string).
    Auto,
    /// Always colours.
    Always,
    /// Never colours.
    Never,
}

/// How diagnostics are printed, chosen once from the command line and the environment.
static STYLE: std::sync::OnceLock<Style> = std::sync::OnceLock::new();

/// The language and colours of the diagnostics printed on standard error.
fn style() -> Style {
    STYLE.get().copied().unwrap_or_default()
}

fn choose_style(lang: Option<LangArg>, color: ColorArg) -> Style {
    let lang = match lang {
        Some(LangArg::Fr) => Lang::Fr,
        Some(LangArg::En) => Lang::En,
        None => Lang::from_env(),
    };
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let colour = match color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => !no_color && std::io::stderr().is_terminal(),
    };
    Style { lang, colour }
}

/// A line of the catalogue in the chosen language.
fn say(message: Msg) -> String {
    message.text(style().lang)
}

#[derive(Subcommand)]
enum Command {
    /// Vérifie des specs et affiche leurs diagnostics (sortie 0 : aucune erreur, 1 : des erreurs, 2 : usage ou entrée-sortie).
    Check {
        /// Fichiers de specs ou dossiers (par défaut : `specs/`).
        paths: Vec<PathBuf>,
        /// Format de sortie : `text` (par défaut, pour une personne) ou `json` (pour un outil).
        #[arg(long, value_enum, default_value_t = Format::Text, hide_possible_values = true, hide_default_value = true)]
        format: Format,
        /// Traite les avertissements comme des erreurs.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Évalue l'année d'un professionnel (un fichier de cas) sur une édition (sortie 1 : fichier de cas invalide).
    Eval {
        /// La spec de l'édition.
        spec: PathBuf,
        /// Le fichier de cas (YAML).
        case: PathBuf,
        /// Format de sortie : `text` (par défaut) ou `json`.
        #[arg(long, value_enum, default_value_t = Format::Text, hide_possible_values = true, hide_default_value = true)]
        format: Format,
        /// Montre les raisons de chaque statut (format texte).
        #[arg(long)]
        explain: bool,
    },
    /// Relit un formulaire PDF rempli (`formulaire.pdf`) en un fichier de cas que `eval` accepte (sortie 1 : un champ illisible ou un PDF qui n'est pas le formulaire de l'édition ; 2 : usage ou erreur d'entrée-sortie).
    ReadForm {
        /// La spec de l'édition du formulaire.
        spec: PathBuf,
        /// Le formulaire PDF rempli.
        pdf: PathBuf,
        /// Un fichier de cas portant ce que mesure l'Assurance Maladie (taux, constats, pré-alimentation), fusionné au cas lu.
        #[arg(long)]
        mesures: Option<PathBuf>,
        /// Écrit le fichier de cas ici plutôt que sur la sortie standard.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Passe chaque fichier de cas dans l'interpréteur, compare au résultat attendu et mesure la couverture (sortie 1 : un échec ou un indicateur jamais décidé).
    Test {
        /// Dossiers de cas (par défaut : `tests/cases`).
        paths: Vec<PathBuf>,
        /// Le dossier des specs (par défaut : `specs`).
        #[arg(long, default_value = "specs", hide_default_value = true)]
        specs: PathBuf,
    },
    /// Vérifie chaque spec de `specs/` et écrit les sorties dans `generated/`.
    Build {
        /// Le dossier des specs (par défaut : `specs`).
        #[arg(long, default_value = "specs", hide_default_value = true)]
        specs: PathBuf,
        /// Le dossier des sorties (par défaut : `generated`).
        #[arg(long, default_value = "generated", hide_default_value = true)]
        out: PathBuf,
        /// The case folders (`<programme>/<profession>-<year>/`) whose impact each change report shows, when the folder exists.
        #[arg(long, default_value = "tests/cases")]
        cases: PathBuf,
    },
    /// Montre ce qui change d'une édition à l'autre, par le sens (sortie 0 avec ou sans changements ; 1 : une spec a des erreurs ; 2 : usage ou entrée-sortie).
    Diff {
        /// La spec de l'ancienne édition.
        old: PathBuf,
        /// La spec de la nouvelle édition.
        new: PathBuf,
        /// Format du rapport : `text` (par défaut), `md` (Markdown), `html` (une page autonome) ou `json`.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text, hide_possible_values = true, hide_default_value = true)]
        format: DiffFormat,
        /// Masque les changements de formulation et de prose (titres, libellés, descriptions, notes, cas, annexes).
        #[arg(long)]
        no_prose: bool,
        /// Masque les changements de texte qui ne touchent que les blancs, la ponctuation ou la casse.
        #[arg(long)]
        ignore_rewording: bool,
        /// Passe les fichiers de cas de ce dossier sur les deux éditions : qui gagne, qui perd.
        #[arg(long)]
        cases: Option<PathBuf>,
        /// Écrit le rapport dans ce fichier au lieu de la sortie standard.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Compare editions of different programmes or professions (refused otherwise: exit 1).
        #[arg(long)]
        across: bool,
    },
    /// Écrit la spec de l'année suivante à partir de celle-ci : les dates relatives à N suivent, les années écrites en toutes lettres sont marquées à revoir.
    NewYear {
        /// La spec de l'édition en cours.
        spec: PathBuf,
        /// La nouvelle année de référence.
        #[arg(long)]
        year: i32,
        /// Où l'écrire (par défaut : `specs/<programme>/<profession>-<année>.guide`).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Remplace le fichier s'il existe.
        #[arg(long)]
        force: bool,
    },
    /// Met les specs en forme canonique, commentaires et prose gardés (sortie 1 avec `--check` quand un fichier changerait).
    Fmt {
        /// Fichiers de specs ou dossiers (par défaut : `specs/`).
        paths: Vec<PathBuf>,
        /// Ne change rien ; liste les fichiers qui changeraient.
        #[arg(long)]
        check: bool,
    },
    /// Lance le serveur de langage des éditeurs sur l'entrée et la sortie standard (sortie 0 quand l'éditeur clôt la session, 1 quand elle s'interrompt).
    Lsp {
        /// Sur l'entrée et la sortie standard, le seul transport (accepté parce que les clients des éditeurs le passent).
        #[arg(long)]
        stdio: bool,
    },
    /// Aperçu en direct : sert le site des specs sur 127.0.0.1, reconstruit en mémoire à chaque enregistrement, la page rechargée ; une spec en erreur montre ses diagnostics (sortie 2 quand il ne peut pas démarrer).
    Serve {
        /// Le dossier des specs, surveillé (par défaut : `specs`).
        #[arg(long, default_value = "specs", hide_default_value = true)]
        specs: PathBuf,
        /// Le port (par défaut : 8000 ; 0 : un port libre, l'adresse est affichée au démarrage).
        #[arg(long, default_value_t = 8000, hide_default_value = true)]
        port: u16,
        /// L'adresse d'écoute (par défaut : 127.0.0.1) : une adresse de bouclage (127.0.0.1, ::1), sauf avec `--allow-remote`.
        #[arg(long, default_value = "127.0.0.1", hide_default_value = true)]
        bind: std::net::IpAddr,
        /// Accepte une adresse `--bind` qui n'est pas de bouclage : l'aperçu est alors lisible depuis le réseau.
        #[arg(long)]
        allow_remote: bool,
        /// Écrit aussi les sorties de chaque construction réussie dans ce dossier (sans lui, rien n'est écrit).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// For a person, like rustc.
    Text,
    /// For tools: one JSON document.
    Json,
}

fn main() -> ExitCode {
    guidec::contained::quiet_contained_panics();
    // The subcommands' `--help` is laid out in French too.
    let command = Cli::command().mut_subcommands(|sub| sub.help_template(HELP_TEMPLATE));
    let cli = match command
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(error) => {
            match usage_error(&error, lang_of_raw_args()) {
                Some(text) => eprintln!("{text}"),
                None => {
                    let _ = error.print();
                }
            }
            return ExitCode::from(if error.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_OK
            });
        }
    };
    let _ = STYLE.set(choose_style(cli.lang, cli.color));
    ExitCode::from(match cli.command {
        Command::Check {
            paths,
            format,
            deny_warnings,
        } => check(paths, format, deny_warnings),
        Command::Build { specs, out, cases } => build(&specs, &out, &cases),
        Command::Test { paths, specs } => run_tests(paths, &specs),
        Command::Eval {
            spec,
            case,
            format,
            explain,
        } => eval(&spec, &case, format, explain),
        Command::ReadForm {
            spec,
            pdf,
            mesures,
            out,
        } => read_form(&spec, &pdf, mesures.as_deref(), out.as_deref()),
        Command::Diff {
            old,
            new,
            format,
            no_prose,
            ignore_rewording,
            cases,
            out,
            across,
        } => diff_editions(
            &old,
            &new,
            format,
            guidec::diff::Filter {
                no_prose,
                ignore_rewording,
            },
            cases.as_deref(),
            out.as_deref(),
            across,
        ),
        Command::NewYear {
            spec,
            year,
            out,
            force,
        } => new_year(&spec, year, out, force),
        Command::Fmt { paths, check } => fmt_specs(paths, check),
        Command::Serve {
            specs,
            port,
            bind,
            allow_remote,
            out,
        } => {
            let options = guidec::serve::Options {
                specs,
                bind,
                port,
                allow_remote,
                out,
                lang: style().lang,
            };
            match guidec::serve::run(&options) {
                Ok(()) => EXIT_OK,
                Err(why) => {
                    eprintln!("{}", say(why));
                    EXIT_USAGE
                }
            }
        }
        Command::Lsp { stdio: _ } => match guidec::lsp::run() {
            Ok(()) => EXIT_OK,
            Err(error) => {
                eprintln!("guidec lsp : {error}");
                EXIT_ERRORS
            }
        },
    })
}

/// The language asked for on a command line that did not parse: `--lang en` (or `--lang=en`)
/// among the arguments, else the locale's.
fn lang_of_raw_args() -> Lang {
    let args: Vec<String> = std::env::args().collect();
    for (i, arg) in args.iter().enumerate() {
        let value = match arg.strip_prefix("--lang=") {
            Some(value) => Some(value),
            None if arg == "--lang" => args.get(i + 1).map(String::as_str),
            None => None,
        };
        if let Some(lang) = value.and_then(Lang::from_tag) {
            return lang;
        }
    }
    Lang::from_env()
}

/// A usage error of the command line in words of the catalogue (the usual kinds: an unknown
/// command or option, a bad or missing value), with clap's suggestion; `None` for the others,
/// which clap prints itself.
fn usage_error(error: &clap::Error, lang: Lang) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |kind: ContextKind| {
        error.get(kind).map(|value| match value {
            ContextValue::String(text) => text.clone(),
            ContextValue::Strings(texts) => texts.join(", "),
            other => other.to_string(),
        })
    };
    let message = match error.kind() {
        ErrorKind::InvalidSubcommand => Msg::new("cli-usage-unknown-command")
            .arg("command", get(ContextKind::InvalidSubcommand)?),
        ErrorKind::UnknownArgument => {
            Msg::new("cli-usage-unknown-argument").arg("argument", get(ContextKind::InvalidArg)?)
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => Msg::new("cli-usage-invalid-value")
            .arg("value", get(ContextKind::InvalidValue)?)
            .arg("argument", get(ContextKind::InvalidArg)?),
        ErrorKind::MissingRequiredArgument => {
            Msg::new("cli-usage-missing-argument").arg("argument", get(ContextKind::InvalidArg)?)
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            Msg::new("cli-usage-missing-command")
        }
        ErrorKind::ArgumentConflict => Msg::new("cli-usage-conflict")
            .arg("argument", get(ContextKind::InvalidArg)?)
            .arg("other", get(ContextKind::PriorArg)?),
        _ => return None,
    };
    let mut text = message.text(lang);
    let suggestion =
        get(ContextKind::SuggestedSubcommand).or_else(|| get(ContextKind::SuggestedArg));
    if let Some(word) = suggestion {
        text.push_str(&format!(
            "\n  {} {}",
            Msg::new("report-help").text(lang),
            Msg::new("help-did-you-mean").arg("word", word).text(lang)
        ));
    }
    if let Some(valid) = get(ContextKind::ValidValue) {
        text.push_str(&format!(
            "\n  {}",
            Msg::new("cli-usage-valid-values")
                .arg("values", valid)
                .text(lang)
        ));
    }
    text.push_str(&format!("\n{}", Msg::new("cli-usage-more").text(lang)));
    Some(text)
}

/// The spec files named on the command line (default: `specs/`), or the exit code after saying why not.
fn spec_files(paths: Vec<PathBuf>) -> Result<Vec<PathBuf>, u8> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from("specs")]
    } else {
        paths
    };
    driver::find_specs(&paths).map_err(|error| {
        eprintln!(
            "{}",
            say(Msg::new("cli-error").phrase("error", io_error(&error)))
        );
        EXIT_USAGE
    })
}

fn check(paths: Vec<PathBuf>, format: Format, deny_warnings: bool) -> u8 {
    let files = match spec_files(paths) {
        Ok(files) => files,
        Err(code) => return code,
    };
    let mut checked = Vec::new();
    for path in &files {
        match driver::check_file(path) {
            Ok(file) => checked.push(file),
            Err(error) => {
                eprintln!(
                    "{}",
                    say(Msg::new("io-cannot-read")
                        .arg("path", path.display())
                        .phrase("error", io_error(&error)))
                );
                return EXIT_USAGE;
            }
        }
    }
    let errors: usize = checked.iter().map(|f| f.count(Severity::Error)).sum();
    let warnings: usize = checked.iter().map(|f| f.count(Severity::Warning)).sum();
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    match format {
        Format::Json => {
            let diagnostics: Vec<_> = checked
                .iter()
                .flat_map(|f| f.report().to_json(style().lang))
                .collect();
            let document = serde_json::json!({
                "files": checked.len(),
                "errors": errors,
                "warnings": warnings,
                "ok": !failed,
                "diagnostics": diagnostics,
            });
            match serde_json::to_string_pretty(&document) {
                Ok(text) => println!("{text}"),
                Err(error) => {
                    eprintln!(
                        "{}",
                        say(Msg::new("cli-cannot-serialise").arg("error", error))
                    );
                    return EXIT_USAGE;
                }
            }
        }
        Format::Text => {
            for file in &checked {
                eprint!("{}", file.report().render(style()));
            }
            let summary = Msg::new(if failed {
                "summary-check-failed"
            } else {
                "summary-check-ok"
            })
            .num("specs", checked.len())
            .num("errors", errors)
            .num("warnings", warnings)
            .arg(
                "denied",
                if deny_warnings && warnings > 0 {
                    "yes"
                } else {
                    "no"
                },
            );
            eprintln!("{}", say(summary));
        }
    }
    if failed {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

/// "cannot write `path`: why", worded.
fn cannot_write(path: &std::path::Path, error: &std::io::Error) -> Msg {
    Msg::new("cli-cannot-write")
        .arg("path", path.display())
        .phrase("error", io_error(error))
}

fn build(specs: &std::path::Path, out: &std::path::Path, cases: &std::path::Path) -> u8 {
    use guidec::build::{self, BuildError};
    let result = build::check_specs(specs).and_then(|editions| {
        let outputs = build::outputs(&editions, cases.is_dir().then_some(cases))?;
        Ok((editions, outputs))
    });
    let (editions, outputs) = match result {
        Ok(built) => built,
        Err(BuildError::Io(error)) => {
            eprintln!("{}", say(Msg::new("cli-error").phrase("error", error)));
            return EXIT_USAGE;
        }
        Err(BuildError::Specs(files)) => {
            for file in &files {
                eprint!("{}", file.report().render(style()));
            }
            eprintln!(
                "{}",
                say(Msg::new("summary-build-failed").num("specs", files.len()))
            );
            return EXIT_ERRORS;
        }
        Err(BuildError::Backend(error)) => {
            eprintln!(
                "{}",
                say(Msg::new("cli-backend-failed").arg("detail", error))
            );
            return EXIT_ERRORS;
        }
    };
    match build::write(out, &outputs) {
        Ok(summary) => {
            for path in &summary.stale_temporaries {
                let path = out.join(path);
                println!(
                    "{}",
                    say(Msg::new("cli-build-removed-temporary").arg("path", path.display()))
                );
            }
            for path in &summary.written {
                let path = out.join(path);
                println!(
                    "{}",
                    say(Msg::new("cli-build-wrote").arg("path", path.display()))
                );
            }
            for path in &summary.removed {
                let path = out.join(path);
                println!(
                    "{}",
                    say(Msg::new("cli-build-removed").arg("path", path.display()))
                );
            }
            println!(
                "{}",
                say(Msg::new("cli-build-ok")
                    .num("specs", editions.len())
                    .num("files", outputs.len())
                    .num("written", summary.written.len())
                    .num("unchanged", summary.unchanged)
                    .num("removed", summary.removed.len()))
            );
            EXIT_OK
        }
        Err(error) => {
            eprintln!(
                "{}",
                say(Msg::new("cli-build-write-failed").arg("detail", error.text(style().lang)))
            );
            EXIT_USAGE
        }
    }
}

/// Loads a spec that must check without error, printing its diagnostics otherwise.
fn load_edition(path: &std::path::Path) -> Result<guidec::ir::Edition, u8> {
    let file = driver::check_file(path).map_err(|error| {
        eprintln!(
            "{}",
            say(Msg::new("io-cannot-read")
                .arg("path", path.display())
                .phrase("error", io_error(&error)))
        );
        EXIT_USAGE
    })?;
    match file.edition {
        Some(edition) => Ok(edition),
        None => {
            eprint!("{}", file.report().render(style()));
            Err(EXIT_ERRORS)
        }
    }
}

fn eval(spec: &std::path::Path, case_path: &std::path::Path, format: Format, explain: bool) -> u8 {
    let edition = match load_edition(spec) {
        Ok(edition) => edition,
        Err(code) => return code,
    };
    let text = match std::fs::read_to_string(case_path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!(
                "{}",
                say(Msg::new("io-cannot-read")
                    .arg("path", case_path.display())
                    .phrase("error", io_error(&error)))
            );
            return EXIT_USAGE;
        }
    };
    let case = match guidec::case::read(&text, &edition)
        .map_err(|e| vec![e])
        .and_then(|file| guidec::case::validate(&file, &edition))
    {
        Ok(case) => case,
        Err(errors) => {
            for error in errors {
                eprintln!(
                    "{}",
                    say(Msg::new("cli-case-error")
                        .arg("path", case_path.display())
                        .arg("error", error))
                );
            }
            return EXIT_ERRORS;
        }
    };
    let plan = guidec::interpret::Plan::new(&edition);
    let outcome = plan.evaluate(&case, guidec::interpret::Explain::Yes);
    match format {
        Format::Json => match serde_json::to_string_pretty(&outcome) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!(
                    "{}",
                    say(Msg::new("cli-cannot-serialise").arg("error", error))
                );
                return EXIT_USAGE;
            }
        },
        Format::Text => print!(
            "{}",
            guidec::interpret::render_text(&edition, &outcome, explain)
        ),
    }
    EXIT_OK
}

fn read_form(
    spec: &std::path::Path,
    pdf: &std::path::Path,
    measures: Option<&std::path::Path>,
    out: Option<&std::path::Path>,
) -> u8 {
    let edition = match load_edition(spec) {
        Ok(edition) => edition,
        Err(code) => return code,
    };
    let bytes = match std::fs::read(pdf) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("erreur : impossible de lire `{}` : {error}", pdf.display());
            return EXIT_USAGE;
        }
    };
    let measures = match measures.map(std::fs::read_to_string).transpose() {
        Ok(text) => text,
        Err(error) => {
            eprintln!("erreur : impossible de lire le fichier des mesures : {error}");
            return EXIT_USAGE;
        }
    };
    match guidec::read_form::read_form(&edition, &bytes, measures.as_deref()) {
        Ok(case) => match out {
            Some(path) => match std::fs::write(path, case) {
                Ok(()) => EXIT_OK,
                Err(error) => {
                    eprintln!(
                        "erreur : impossible d'écrire `{}` : {error}",
                        path.display()
                    );
                    EXIT_USAGE
                }
            },
            None => {
                print!("{case}");
                EXIT_OK
            }
        },
        Err(errors) => {
            for error in errors {
                eprintln!("erreur : {}: {error}", pdf.display());
            }
            EXIT_ERRORS
        }
    }
}

fn run_tests(paths: Vec<PathBuf>, specs: &std::path::Path) -> u8 {
    let paths = if paths.is_empty() {
        vec![PathBuf::from("tests/cases")]
    } else {
        paths
    };
    // The interpreter alone: it reads any spec as it is, so a new edition passes without
    // rebuilding guidec. The generated code is proven against it by the conformance crate.
    match guidec::runner::run(&paths, specs, None) {
        Ok(reports) => {
            print!("{}", guidec::runner::render(&reports));
            if reports.iter().all(guidec::runner::EditionReport::passed) {
                EXIT_OK
            } else {
                EXIT_ERRORS
            }
        }
        Err(error) => {
            eprintln!("{}", say(Msg::new("cli-error").arg("error", error)));
            EXIT_USAGE
        }
    }
}

/// Output formats of `guidec diff`.
#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    /// For a person, in a terminal.
    Text,
    /// Markdown.
    Md,
    /// A standalone HTML page.
    Html,
    /// For tools: one JSON document.
    Json,
}

/// `guidec diff`: exit 0 whether or not there are changes.
fn diff_editions(
    old_path: &std::path::Path,
    new_path: &std::path::Path,
    format: DiffFormat,
    filter: guidec::diff::Filter,
    cases: Option<&std::path::Path>,
    out: Option<&std::path::Path>,
    across: bool,
) -> u8 {
    let old = match load_edition(old_path) {
        Ok(edition) => edition,
        Err(code) => return code,
    };
    let new = match load_edition(new_path) {
        Ok(edition) => edition,
        Err(code) => return code,
    };
    if !across && (old.programme != new.programme || old.profession != new.profession) {
        // Two professions' (or programmes') guides are not two years of one: their "changes"
        // and a gain or loss between them would mean nothing.
        eprintln!(
            "{}",
            say(Msg::new("diff-across")
                .arg(
                    "old",
                    format!("{} ({})", old.labels.profession, old.labels.programme)
                )
                .arg(
                    "new",
                    format!("{} ({})", new.labels.profession, new.labels.programme)
                ))
        );
        return EXIT_ERRORS;
    }
    let mut changes = guidec::diff::diff(&old, &new);
    guidec::diff::apply_filter(&mut changes, filter);
    let impact = match cases {
        Some(dir) => match guidec::diff::cases::run_cases(&old, &new, dir) {
            Ok(impact) => Some(impact),
            Err(error) => {
                eprintln!("{}", say(Msg::new("cli-error").arg("error", error)));
                return EXIT_USAGE;
            }
        },
        None => None,
    };
    let report = guidec::diff::render::Report {
        old: &old,
        new: &new,
        changes: &changes,
        impact: impact.as_ref(),
    };
    let text = match format {
        DiffFormat::Text => report.text(),
        DiffFormat::Md => report.markdown(),
        DiffFormat::Html => match report.html() {
            Ok(html) => html,
            Err(error) => {
                eprintln!("error: {error}");
                return EXIT_USAGE;
            }
        },
        DiffFormat::Json => report.json(),
    };
    match out {
        Some(path) => {
            if let Err(error) = std::fs::write(path, text) {
                eprintln!("{}", say(cannot_write(path, &error)));
                return EXIT_USAGE;
            }
        }
        None => print!("{text}"),
    }
    EXIT_OK
}

/// `guidec new-year`: writes next year's spec and lists what to review.
fn new_year(spec: &std::path::Path, year: i32, out: Option<PathBuf>, force: bool) -> u8 {
    let source = match std::fs::read_to_string(spec) {
        Ok(source) => source,
        Err(error) => {
            eprintln!(
                "{}",
                say(Msg::new("io-cannot-read")
                    .arg("path", spec.display())
                    .phrase("error", io_error(&error)))
            );
            return EXIT_USAGE;
        }
    };
    let old = match load_edition(spec) {
        Ok(edition) => edition,
        Err(code) => return code,
    };
    let path = out.unwrap_or_else(|| guidec::new_year::default_path(&old, year));
    if path.exists() && !force {
        eprintln!(
            "{}",
            say(Msg::new("cli-exists-use-force").arg("path", path.display()))
        );
        return EXIT_USAGE;
    }
    let result = match guidec::new_year::new_year(&source, year, path.to_str()) {
        Ok(result) => result,
        Err(guidec::new_year::NewYearError::Year(why)) => {
            eprintln!("{}", say(Msg::new("cli-error").phrase("error", why)));
            return EXIT_USAGE;
        }
        Err(error) => {
            eprintln!(
                "{}",
                say(Msg::new("cli-error").phrase("error", error.message()))
            );
            return EXIT_ERRORS;
        }
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Err(error) = std::fs::create_dir_all(parent) {
            eprintln!(
                "{}",
                say(Msg::new("cli-cannot-create")
                    .arg("path", parent.display())
                    .phrase("error", io_error(&error)))
            );
            return EXIT_USAGE;
        }
    }
    if let Err(error) = std::fs::write(&path, &result.text) {
        eprintln!("{}", say(cannot_write(&path, &error)));
        return EXIT_USAGE;
    }
    println!(
        "{}",
        say(Msg::new("cli-new-year-wrote")
            .arg("path", path.display())
            .arg("from", result.from)
            .arg("to", result.to)
            .num("lines", result.flags.len())
            .arg("marker", guidec::new_year::MARKER))
    );
    for flag in &result.flags {
        println!(
            "  {}:{}: {} `{}`",
            path.display(),
            flag.line,
            flag.kind.label(),
            flag.literal
        );
    }
    let warnings = result
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let unflagged: Vec<String> = result
        .unflagged_warnings()
        .iter()
        .map(|d| format!("{} {}", d.code, d.text(style().lang)))
        .collect();
    let summary = Msg::new("cli-new-year-check").num("warnings", warnings);
    println!(
        "{}",
        say(if unflagged.is_empty() {
            summary
        } else {
            Msg::new("cli-new-year-check-unflagged")
                .phrase("summary", summary)
                .arg("warnings", unflagged.join(" ; "))
        })
    );
    EXIT_OK
}

/// `guidec fmt`: lays specs out; with `--check`, lists those that would change (exit 1).
fn fmt_specs(paths: Vec<PathBuf>, check: bool) -> u8 {
    let files = match spec_files(paths) {
        Ok(files) => files,
        Err(code) => return code,
    };
    let mut failed = false;
    let mut changed = 0;
    for path in &files {
        let source = match std::fs::read_to_string(path) {
            Ok(source) => source,
            Err(error) => {
                eprintln!(
                    "{}",
                    say(Msg::new("io-cannot-read")
                        .arg("path", path.display())
                        .phrase("error", io_error(&error)))
                );
                return EXIT_USAGE;
            }
        };
        let formatted = match guidec::format::format_source(&source) {
            Ok(formatted) => formatted,
            Err(error) => {
                if let guidec::format::FormatError::Syntax(diagnostics) = &error {
                    let report = guidec::diagnostic::Report {
                        path: &path.to_string_lossy(),
                        source: &source,
                        diagnostics,
                    };
                    eprint!("{}", report.render(style()));
                }
                eprintln!(
                    "{}",
                    say(Msg::new("cli-fmt-failed")
                        .arg("path", path.display())
                        .phrase("why", error.message()))
                );
                failed = true;
                continue;
            }
        };
        if formatted == source {
            continue;
        }
        changed += 1;
        if check {
            println!(
                "{}",
                say(Msg::new("cli-fmt-would-reformat").arg("path", path.display()))
            );
        } else if let Err(error) = std::fs::write(path, formatted) {
            eprintln!("{}", say(cannot_write(path, &error)));
            return EXIT_USAGE;
        } else {
            println!(
                "{}",
                say(Msg::new("cli-fmt-formatted").arg("path", path.display()))
            );
        }
    }
    if failed || (check && changed > 0) {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}
