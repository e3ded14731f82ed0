//! The pages the preview writes itself: the check report (every diagnostic with its file, line
//! and column, and the source lines as `guidec check` prints them), and the refusal and
//! not-found pages. Every value goes through [`escape::html_text`]; the words come from the
//! catalogue.

use super::Outcome;
use crate::diagnostic::Severity;
use crate::escape::html_text;
use crate::i18n::{Lang, Msg};
use std::fmt::Write;

/// The reload script of every page served: it asks for the current version and reloads the page
/// when it is no longer the one the page was served with. Fixed text: nothing of a spec in it.
pub const RELOAD_SCRIPT: &str = r#"// guidec serve : recharge la page quand les specs ont été reconstruites.
"use strict";
(function () {
  var meta = document.querySelector('meta[name="guidec-version"]');
  if (!meta) { return; }
  var shown = meta.getAttribute("content");
  function ask() {
    fetch("/_guidec/version", { cache: "no-store" })
      .then(function (answer) { return answer.ok ? answer.text() : shown; })
      .then(function (version) {
        if (version.trim() !== shown) { window.location.reload(); } else { window.setTimeout(ask, 300); }
      })
      .catch(function () { window.setTimeout(ask, 1000); });
  }
  window.setTimeout(ask, 300);
})();
"#;

/// The style of the server's own pages.
pub const STYLESHEET: &str = "\
body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.45}\
main{max-width:72rem;margin:0 auto;padding:1.5rem}\
h1{font-size:1.6rem;margin:0 0 .75rem}\
h2{font-size:1.15rem;margin:1.75rem 0 .5rem}\
.statut{font-size:1.05rem}\
.echec h1{color:#a4000f}\
.reussite h1{color:#0b6b2b}\
ol.diagnostics{padding-left:1.25rem}\
ol.diagnostics li{margin:.5rem 0}\
.lieu{font-family:ui-monospace,monospace;font-weight:600}\
.code{font-family:ui-monospace,monospace;background:#eee;padding:0 .25rem;border-radius:3px}\
.error .gravite{color:#a4000f;font-weight:600}\
.warning .gravite{color:#7a4b00;font-weight:600}\
.aide{margin:.15rem 0 0;color:#333}\
pre{background:#f5f5f5;border:1px solid #ddd;padding:.75rem;overflow-x:auto;font-size:.9rem}\
a{color:#0645ad}\
";

/// The head of a page of the server, in `lang`.
fn head(title: &str, lang: Lang) -> String {
    let code = match lang {
        Lang::Fr => "fr",
        Lang::En => "en",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"/_guidec/verification.css\">\n</head>\n",
        html_text(title)
    )
}

fn num(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// The check report of a build: a failure's diagnostics first, with the way to the last good
/// build; for a good build, its warnings and the way to the site.
pub fn check_report(outcome: &Outcome, version: u64, last_good: Option<u64>, lang: Lang) -> String {
    let say = |m: Msg| m.text(lang);
    let failed = outcome.site.is_none();
    let title = say(Msg::new(if failed {
        "serve-page-title-failed"
    } else {
        "serve-page-title-ok"
    }));
    let mut html = head(&title, lang);
    let _ = write!(
        html,
        "<body class=\"{}\">\n<main id=\"verification\">\n<h1>{}</h1>\n",
        if failed { "echec" } else { "reussite" },
        html_text(&title)
    );
    let _ = writeln!(
        html,
        "<p class=\"statut\">{}</p>",
        html_text(&say(Msg::new("serve-page-summary")
            .num("errors", outcome.errors)
            .num("warnings", outcome.warnings)
            .num("specs", outcome.spec_count)))
    );
    if let Some(problem) = &outcome.problem {
        let _ = writeln!(
            html,
            "<p class=\"probleme\">{}</p>",
            html_text(&say(problem.clone()))
        );
    }
    if failed {
        let _ = writeln!(
            html,
            "<p>{}</p>",
            html_text(&say(Msg::new("serve-page-waiting")))
        );
        match last_good {
            Some(good) => {
                let _ = writeln!(
                    html,
                    "<p><a id=\"precedente\" href=\"/_guidec/precedente/\">{}</a></p>",
                    html_text(&say(
                        Msg::new("serve-page-last-good").num("version", num(good))
                    ))
                );
            }
            None => {
                let _ = writeln!(
                    html,
                    "<p>{}</p>",
                    html_text(&say(Msg::new("serve-page-no-last-good")))
                );
            }
        }
    } else {
        let _ = writeln!(
            html,
            "<p><a href=\"/\">{}</a></p>",
            html_text(&say(
                Msg::new("serve-page-site").num("version", num(version))
            ))
        );
    }
    for spec in &outcome.specs {
        let _ = writeln!(
            html,
            "<section>\n<h2><code>{}</code></h2>\n<ol class=\"diagnostics\">",
            html_text(&spec.path)
        );
        for d in &spec.diagnostics {
            let (class, severity) = match d.severity {
                Severity::Error => ("error", "serve-page-error"),
                Severity::Warning => ("warning", "serve-page-warning"),
            };
            let _ = write!(
                html,
                "<li class=\"{class}\"><p><span class=\"lieu\">{}:{}:{}</span> \
                 <span class=\"gravite\">{}</span> <span class=\"code\">{}</span> : \
                 <span class=\"message\">{}</span></p>",
                html_text(&d.file),
                d.line,
                d.column,
                html_text(&say(Msg::new(severity))),
                html_text(d.code),
                html_text(&d.message)
            );
            if let Some(help) = &d.help {
                let _ = write!(
                    html,
                    "<p class=\"aide\">{} : {}</p>",
                    html_text(&say(Msg::new("serve-page-help"))),
                    html_text(help)
                );
            }
            html.push_str("</li>\n");
        }
        let _ = writeln!(
            html,
            "</ol>\n<pre>{}</pre>\n</section>",
            html_text(&spec.rendered)
        );
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

/// The page of a refused request: why, and the way back to the site.
pub fn refused(why: &Msg, lang: Lang) -> String {
    let title = Msg::new("serve-refused-title").text(lang);
    format!(
        "{}<body class=\"echec\">\n<main>\n<h1>{}</h1>\n<p>{}</p>\n<p><a href=\"/\">{}</a></p>\n</main>\n</body>\n</html>\n",
        head(&title, lang),
        html_text(&title),
        html_text(&why.text(lang)),
        html_text(&Msg::new("serve-page-home").text(lang))
    )
}

/// The page of a path the site does not have.
pub fn not_found(path: &str, lang: Lang) -> String {
    let title = Msg::new("serve-not-found-title").text(lang);
    format!(
        "{}<body class=\"echec\">\n<main>\n<h1>{}</h1>\n<p>{}</p>\n<p><a href=\"/\">{}</a></p>\n</main>\n</body>\n</html>\n",
        head(&title, lang),
        html_text(&title),
        html_text(&Msg::new("serve-not-found").arg("path", path).text(lang)),
        html_text(&Msg::new("serve-page-home").text(lang))
    )
}
