//! The `guidec` command line: check specs, build the outputs.

use clap::{Parser, Subcommand, ValueEnum};
use guidec::diagnostic::Severity;
use guidec::driver;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

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
    about = "Compiles the Assurance Maladie's forfait structure and FAMI guides from specs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Checks specs and prints their diagnostics (exit 0: no error, 1: errors, 2: usage or I/O error).
    Check {
        /// Spec files or folders (default: `specs/`).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Evaluates one practitioner's year (a case file) on an edition (exit 1 on a bad case file).
    Eval {
        /// The spec of the edition.
        spec: PathBuf,
        /// The case file (YAML).
        case: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Show the reasons of every status (text format).
        #[arg(long)]
        explain: bool,
    },
    /// Runs every case file against its expected outcome and reports coverage (exit 1 on a failure or an undecided indicator).
    Test {
        /// Case folders (default: `tests/cases`).
        paths: Vec<PathBuf>,
        /// Where the specs are.
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
    },
    /// Checks every spec under `specs/` and writes the outputs into `generated/`.
    Build {
        /// Where the specs are.
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        /// Where the outputs go.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
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
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_OK
            });
        }
    };
    ExitCode::from(match cli.command {
        Command::Check {
            paths,
            format,
            deny_warnings,
        } => check(paths, format, deny_warnings),
        Command::Build { specs, out } => build(&specs, &out),
        Command::Test { paths, specs } => run_tests(paths, &specs),
        Command::Eval {
            spec,
            case,
            format,
            explain,
        } => eval(&spec, &case, format, explain),
    })
}

fn check(paths: Vec<PathBuf>, format: Format, deny_warnings: bool) -> u8 {
    let paths = if paths.is_empty() {
        vec![PathBuf::from("specs")]
    } else {
        paths
    };
    let files = match driver::find_specs(&paths) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let mut checked = Vec::new();
    for path in &files {
        match driver::check_file(path) {
            Ok(file) => checked.push(file),
            Err(error) => {
                eprintln!("error: cannot read `{}`: {error}", path.display());
                return EXIT_USAGE;
            }
        }
    }
    let errors: usize = checked.iter().map(|f| f.count(Severity::Error)).sum();
    let warnings: usize = checked.iter().map(|f| f.count(Severity::Warning)).sum();
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    match format {
        Format::Json => {
            let diagnostics: Vec<_> = checked.iter().flat_map(|f| f.report().to_json()).collect();
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
                    eprintln!("error: {error}");
                    return EXIT_USAGE;
                }
            }
        }
        Format::Text => {
            let colour = std::io::stderr().is_terminal();
            for file in &checked {
                eprint!("{}", file.report().render(colour));
            }
            let verdict = if failed { "failed" } else { "ok" };
            eprintln!(
                "check {verdict}: {} spec{}, {errors} error{}, {warnings} warning{}{}",
                checked.len(),
                plural(checked.len()),
                plural(errors),
                plural(warnings),
                if deny_warnings && warnings > 0 {
                    " (warnings denied)"
                } else {
                    ""
                }
            );
        }
    }
    if failed {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn build(specs: &std::path::Path, out: &std::path::Path) -> u8 {
    let files = match driver::find_specs(&[specs.to_path_buf()]) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let mut failed = false;
    for path in &files {
        match driver::check_file(path) {
            Ok(file) => {
                if file.count(Severity::Error) > 0 {
                    eprint!("{}", file.report().render(std::io::stderr().is_terminal()));
                    failed = true;
                } else if let Some(edition) = &file.edition {
                    println!(
                        "checked {} → would write {}/{}",
                        path.display(),
                        out.display(),
                        edition.key()
                    );
                }
            }
            Err(error) => {
                eprintln!("error: cannot read `{}`: {error}", path.display());
                return EXIT_USAGE;
            }
        }
    }
    if failed {
        eprintln!("build failed: nothing was written");
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

/// Loads a spec that must check without error, printing its diagnostics otherwise.
fn load_edition(path: &std::path::Path) -> Result<guidec::ir::Edition, u8> {
    let file = driver::check_file(path).map_err(|error| {
        eprintln!("error: cannot read `{}`: {error}", path.display());
        EXIT_USAGE
    })?;
    match file.edition {
        Some(edition) => Ok(edition),
        None => {
            eprint!("{}", file.report().render(std::io::stderr().is_terminal()));
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
            eprintln!("error: cannot read `{}`: {error}", case_path.display());
            return EXIT_USAGE;
        }
    };
    let case = match guidec::case::read(&text)
        .map_err(|e| vec![e])
        .and_then(|file| guidec::case::validate(&file, &edition))
    {
        Ok(case) => case,
        Err(errors) => {
            for error in errors {
                eprintln!("error: {}:{error}", case_path.display());
            }
            return EXIT_ERRORS;
        }
    };
    let outcome = guidec::interpret::evaluate(&edition, &case, guidec::interpret::Explain::Yes);
    match format {
        Format::Json => match serde_json::to_string_pretty(&outcome) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!("error: {error}");
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

fn run_tests(paths: Vec<PathBuf>, specs: &std::path::Path) -> u8 {
    let paths = if paths.is_empty() {
        vec![PathBuf::from("tests/cases")]
    } else {
        paths
    };
    match guidec::runner::run(&paths, specs, None) {
        Ok(reports) => {
            print!("{}", guidec::runner::render(&reports, "interpreter"));
            if reports.iter().all(guidec::runner::EditionReport::passed) {
                EXIT_OK
            } else {
                EXIT_ERRORS
            }
        }
        Err(error) => {
            eprintln!("error: {error}");
            EXIT_USAGE
        }
    }
}
