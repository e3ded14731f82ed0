//! The seeds (source guides) beside the specs: found from a spec's path, and the lines of a
//! seed around the section a citation names.

use std::path::{Path, PathBuf};

/// The source file `file` for the spec at `spec`: in a `seeds` or `editions` folder beside the
/// specs (in one of the spec's parent folders) or in `../shared/` from one of them
/// (`crate::source_files`).
pub fn find(spec: &Path, file: &str) -> Option<PathBuf> {
    crate::source_files::find(spec, file)
}

/// How many lines an excerpt shows.
const EXCERPT_LINES: usize = 8;

/// The first line (from 0) of `seed` that the locator of a citation names, and the excerpt from
/// there: a section number (`§1.4.1`) is looked for as a heading, away from the table of
/// contents; otherwise the words quoted (`« … »`), the whole locator, then each of its parts.
pub fn excerpt(seed: &str, locator: &str) -> Option<(usize, Vec<String>)> {
    let lines: Vec<&str> = seed.lines().collect();
    let found = section_number(locator)
        .and_then(|number| heading(&lines, &number))
        .or_else(|| {
            phrases(locator)
                .iter()
                .find_map(|phrase| containing(&lines, phrase))
        })?;
    let excerpt = lines
        .iter()
        .skip(found)
        .take(EXCERPT_LINES)
        .map(|l| l.trim_end().to_string())
        .collect();
    Some((found, excerpt))
}

/// `1.4.1` from `§1.4.1 à noter`.
fn section_number(locator: &str) -> Option<String> {
    let after = locator.split('§').nth(1)?;
    let number: String = after
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let number = number.trim_end_matches('.').to_string();
    (!number.is_empty()).then_some(number)
}

/// The line that starts with `number` as a heading, not as an entry of the table of contents.
fn heading(lines: &[&str], number: &str) -> Option<usize> {
    let starts = |line: &str| {
        let line = line.trim_start().trim_start_matches('#').trim_start();
        line.strip_prefix(number).is_some_and(|rest| {
            rest.starts_with(". ") || rest.starts_with(' ') || rest.starts_with('\t') || rest == "."
        })
    };
    let in_contents = |line: &str| {
        let t = line.trim_end();
        t.contains("....")
            || t.rsplit(['\t', ' '])
                .next()
                .is_some_and(|last| !last.is_empty() && last.chars().all(|c| c.is_ascii_digit()))
                && t.contains('\t')
    };
    lines
        .iter()
        .position(|l| starts(l) && !in_contents(l))
        .or_else(|| lines.iter().position(|l| starts(l)))
}

/// What to look for in the seed's lines, best first.
fn phrases(locator: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let (Some(open), Some(close)) = (locator.find('«'), locator.rfind('»')) {
        if let Some(quoted) = locator.get(open + '«'.len_utf8()..close) {
            out.push(quoted.trim().to_string());
        }
    }
    out.push(locator.trim().to_string());
    out.extend(
        locator
            .split([',', ';'])
            .map(|p| p.trim().to_string())
            .filter(|p| p.chars().count() > 2),
    );
    out.retain(|p| !p.is_empty());
    out
}

fn containing(lines: &[&str], phrase: &str) -> Option<usize> {
    let phrase = phrase.to_lowercase();
    lines
        .iter()
        .position(|l| l.to_lowercase().contains(&phrase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_is_found_as_a_heading_not_in_the_contents() {
        let seed = "Sommaire\n1.4. Atteindre un taux\t9\n\nTexte\n1.4. Atteindre un taux ≥ 70%\n1.4.1. Description\nLe taux…\n";
        let (line, lines) = excerpt(seed, "§1.4.1").unwrap_or_default();
        assert_eq!(line, 5);
        assert_eq!(
            lines.first().map(String::as_str),
            Some("1.4.1. Description")
        );
        assert_eq!(excerpt(seed, "§1.4").map(|e| e.0), Some(4));
        assert_eq!(excerpt(seed, "texte, autre").map(|e| e.0), Some(3));
        assert_eq!(excerpt(seed, "§9.9"), None);
    }
}
