//! `guidec serve`: the rule author's live preview — the site of the specs, rebuilt on every save.
//!
//! The specs are built in memory (the same [`build::outputs`] as `guidec build`, nothing written
//! unless `--out` asks), and the site's files are served from that memory by a small blocking
//! HTTP server (`tiny_http`) on a loopback address: no file on disk is ever served, so no URL can
//! name one. A watcher (`notify`) rebuilds after each save, once the folder has been quiet for
//! [`DEBOUNCE`]; every page served carries the build's version and a fixed script
//! (`/_guidec/rechargement.js`) that asks for the current version and reloads the page when it
//! changes. When a spec does not check, every page of the site shows the check report instead
//! (diagnostics in French with file:line:column and the source lines), and the last good build
//! stays reachable under `/_guidec/precedente/`. URLs are read by [`http::route`], which refuses
//! dot segments, encoded separators, control characters and hidden names; pages are sent with a
//! strict Content-Security-Policy ([`http`]).

mod http;
mod page;

use crate::build::{self, BuildError};
use crate::diagnostic::{JsonDiagnostic, Severity, Style};
use crate::driver;
use crate::i18n::{Lang, Msg};
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

pub use http::{route, Refusal, Route};

/// How long the specs folder must stay quiet after a change before the rebuild: an editor's save
/// (a temporary file written, renamed over the spec) is one rebuild, not three.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// How many requests are answered at once.
const WORKERS: usize = 4;

/// What `guidec serve` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    /// The specs folder, watched.
    pub specs: PathBuf,
    /// The address to listen on: a loopback address unless `allow_remote`.
    pub bind: IpAddr,
    /// The port (0: any free port, printed at start).
    pub port: u16,
    /// Accept an address other than a loopback one (the site is then readable from the network).
    pub allow_remote: bool,
    /// Also write every good build's outputs into this folder, as `guidec build --out` would.
    pub out: Option<PathBuf>,
    /// The language of the diagnostics and of the pages the server writes itself.
    pub lang: Lang,
}

/// The files of a built site, by their path under `site/` (`/`-separated, as in a URL).
pub type Site = BTreeMap<String, Vec<u8>>;

/// One spec's diagnostics, for the check report.
#[derive(Clone, Debug)]
pub struct SpecReport {
    /// The spec's path, as found under the specs folder.
    pub path: String,
    /// Its diagnostics, worded, with line and column in characters.
    pub diagnostics: Vec<JsonDiagnostic>,
    /// The same, rendered as `guidec check` prints them (source lines and underlines, no colour).
    pub rendered: String,
}

/// What one build gave.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// The site, when every spec checked and every backend succeeded.
    pub site: Option<Site>,
    /// Every spec's diagnostics (warnings too, when the build succeeded).
    pub specs: Vec<SpecReport>,
    /// Why the build could not run or finish, beside the diagnostics (a folder that cannot be
    /// read, a backend that failed).
    pub problem: Option<Msg>,
    /// How many specs were found.
    pub spec_count: usize,
    /// Errors over every spec.
    pub errors: usize,
    /// Warnings over every spec.
    pub warnings: usize,
}

/// Builds the site of the specs under `specs` in memory; with `out`, also writes every output of
/// a good build there (through [`build::write`]: links refused, temporary files renamed).
pub fn build_site(specs: &Path, lang: Lang, out: Option<&Path>) -> Outcome {
    let mut outcome = Outcome::default();
    let files = match driver::find_specs(&[specs.to_path_buf()]) {
        Ok(files) => files,
        Err(error) => {
            outcome.problem = Some(
                Msg::new("serve-cannot-read-specs")
                    .arg("path", specs.display())
                    .phrase("error", crate::i18n::io_error(&error)),
            );
            return outcome;
        }
    };
    outcome.spec_count = files.len();
    let mut editions = Vec::new();
    for path in &files {
        let file = match driver::check_file(path) {
            Ok(file) => file,
            Err(error) => {
                outcome.problem = Some(
                    Msg::new("serve-cannot-read-spec")
                        .arg("path", path.display())
                        .phrase("error", crate::i18n::io_error(&error)),
                );
                continue;
            }
        };
        outcome.errors += file.count(Severity::Error);
        outcome.warnings += file.count(Severity::Warning);
        if !file.diagnostics.is_empty() {
            let report = file.report();
            outcome.specs.push(SpecReport {
                path: path.display().to_string(),
                diagnostics: report.to_json(lang),
                rendered: report.render(Style {
                    lang,
                    colour: false,
                }),
            });
        }
        if let Some(edition) = file
            .edition
            .filter(|_| file.diagnostics.iter().all(|d| !d.is_error()))
        {
            let label = crate::escape::label(&crate::emit_rust::spec_label(specs, &file.path));
            editions.push((label, edition));
        }
    }
    if outcome.errors > 0 || outcome.problem.is_some() {
        return outcome;
    }
    // The change reports show the impact of the case files beside the specs, as `guidec build` does.
    let cases = Path::new("tests/cases");
    let outputs = match build::outputs(&editions, cases.is_dir().then_some(cases)) {
        Ok(outputs) => outputs,
        Err(BuildError::Backend(detail)) => {
            outcome.problem = Some(Msg::new("serve-backend-failed").arg("detail", detail));
            return outcome;
        }
        Err(BuildError::Io(why)) => {
            outcome.problem = Some(why);
            return outcome;
        }
        Err(BuildError::Specs(_)) => {
            outcome.problem = Some(Msg::new("serve-specs-changed"));
            return outcome;
        }
    };
    if let Some(out) = out {
        if let Err(error) = build::write(out, &outputs) {
            outcome.problem = Some(
                Msg::new("serve-cannot-write")
                    .arg("path", out.display())
                    .arg("detail", error.text(lang)),
            );
        }
    }
    outcome.site = Some(site_files(outputs));
    outcome
}

/// The outputs under `site/`, keyed by their `/`-separated path below it.
fn site_files(outputs: Vec<crate::render::Output>) -> Site {
    let mut site = Site::new();
    for output in outputs {
        let Ok(relative) = output.path.strip_prefix("site") else {
            continue;
        };
        let parts: Option<Vec<&str>> = relative
            .components()
            .map(|c| c.as_os_str().to_str())
            .collect();
        if let Some(parts) = parts.filter(|p| !p.is_empty()) {
            site.insert(parts.join("/"), output.bytes);
        }
    }
    site
}

/// What the server shows, replaced whole after each build.
#[derive(Debug, Default)]
pub struct State {
    /// Counts the builds: the pages' reload script compares it with the one it was served with.
    pub version: u64,
    /// The latest build's site, when it succeeded.
    pub current: Option<Arc<Site>>,
    /// The last build that succeeded, and its version.
    pub last_good: Option<(u64, Arc<Site>)>,
    /// The check report of the latest build, as an HTML page (without the reload tags).
    pub check_page: Arc<String>,
}

impl State {
    /// Takes in a build's outcome as the next version.
    pub fn publish(&mut self, mut outcome: Outcome, lang: Lang) {
        self.version += 1;
        let last_good = if outcome.site.is_some() {
            Some(self.version)
        } else {
            self.last_good.as_ref().map(|(version, _)| *version)
        };
        self.check_page = Arc::new(page::check_report(&outcome, self.version, last_good, lang));
        self.current = outcome.site.take().map(Arc::new);
        if let Some(site) = &self.current {
            self.last_good = Some((self.version, Arc::clone(site)));
        }
    }
}

/// The line printed after a build.
fn summary(outcome: &Outcome, version: u64) -> Msg {
    match (&outcome.site, &outcome.problem) {
        (Some(site), None) => Msg::new("serve-rebuilt")
            .num("version", usize::try_from(version).unwrap_or(usize::MAX))
            .num("specs", outcome.spec_count)
            .num("files", site.len())
            .num("warnings", outcome.warnings),
        (_, Some(problem)) => Msg::new("serve-rebuild-problem")
            .num("version", usize::try_from(version).unwrap_or(usize::MAX))
            .phrase("problem", problem.clone()),
        (None, None) => Msg::new("serve-rebuild-failed")
            .num("version", usize::try_from(version).unwrap_or(usize::MAX))
            .num("errors", outcome.errors)
            .num("warnings", outcome.warnings),
    }
}

/// Whether `address` may be listened on without `--allow-remote`: a loopback address.
pub fn is_local(address: IpAddr) -> bool {
    address.is_loopback()
}

/// Runs the preview until the process is stopped; returns only on a failure to start or to keep
/// watching, worded.
pub fn run(options: &Options) -> Result<(), Msg> {
    if !options.allow_remote && !is_local(options.bind) {
        return Err(Msg::new("serve-not-loopback").arg("address", options.bind));
    }
    let wanted = SocketAddr::new(options.bind, options.port);
    let server = tiny_http::Server::http(wanted).map_err(|error| {
        let why = match error.downcast_ref::<std::io::Error>() {
            Some(io) => crate::i18n::io_error(io),
            None => Msg::new("io-kind-other").arg("detail", error),
        };
        Msg::new("serve-cannot-bind")
            .arg("address", wanted)
            .phrase("error", why)
    })?;
    let address = server.server_addr().to_ip().unwrap_or(wanted);
    let server = Arc::new(server);

    let (events, changes) = mpsc::channel();
    let cannot_watch = |error: notify::Error| {
        Msg::new("serve-cannot-watch")
            .arg("path", options.specs.display())
            .phrase("error", watch_error(&error, &options.specs))
    };
    let mut watcher = notify::recommended_watcher(events).map_err(cannot_watch)?;
    notify::Watcher::watch(
        &mut watcher,
        &options.specs,
        notify::RecursiveMode::Recursive,
    )
    .map_err(cannot_watch)?;

    let state = Arc::new(Mutex::new(State::default()));
    rebuild(options, &state);
    let hosts = http::allowed_hosts(address);
    let lang = options.lang;
    for _ in 0..WORKERS {
        let server = Arc::clone(&server);
        let state = Arc::clone(&state);
        let hosts = hosts.clone();
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                http::answer(request, &state, &hosts, lang);
            }
        });
    }
    let url = format!("http://{address}/");
    println!(
        "{}",
        Msg::new("serve-listening")
            .arg("url", &url)
            .arg("specs", options.specs.display())
            .text(options.lang)
    );

    loop {
        let Ok(first) = changes.recv() else {
            return Err(Msg::new("serve-watch-ended").arg("path", options.specs.display()));
        };
        if !concerns_specs(&first) {
            continue;
        }
        // Wait for the folder to be quiet: the rest of the same save.
        loop {
            match changes.recv_timeout(DEBOUNCE) {
                Ok(_) => continue,
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(Msg::new("serve-watch-ended").arg("path", options.specs.display()))
                }
            }
        }
        rebuild(options, &state);
    }
}

/// A watcher's error in words of the catalogue.
fn watch_error(error: &notify::Error, path: &Path) -> Msg {
    match &error.kind {
        notify::ErrorKind::PathNotFound => {
            Msg::new("io-path-not-found").arg("path", path.display())
        }
        notify::ErrorKind::Io(io) => crate::i18n::io_error(io),
        notify::ErrorKind::MaxFilesWatch => Msg::new("serve-too-many-watches"),
        _ => Msg::new("io-kind-other").arg("detail", error),
    }
}

/// Builds and publishes the next version, printing one line.
fn rebuild(options: &Options, state: &Mutex<State>) {
    let outcome = build_site(&options.specs, options.lang, options.out.as_deref());
    let line = {
        let mut state = state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let line = summary(&outcome, state.version + 1).text(options.lang);
        state.publish(outcome, options.lang);
        line
    };
    println!("{line}");
}

/// Whether a watcher event may change the build: a change (not a mere read) of a `.guide` file
/// or of a folder (a spec moved in or out with it); editors' swap and backup files are not.
fn concerns_specs(event: &notify::Result<notify::Event>) -> bool {
    let Ok(event) = event else {
        // The watcher lost events (its queue overflowed): rebuild to be sure.
        return true;
    };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return false;
    }
    event
        .paths
        .iter()
        .any(|path| path.extension().is_some_and(|e| e == "guide") || path.extension().is_none())
}
