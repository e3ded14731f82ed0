//! The fuzz targets' bodies (`guidec_conformance::fuzz`) on stable, as CI can afford them: over
//! the committed seed corpus (every case file of `tests/cases/` and `tests/case_errors/`, the
//! specs of `specs/` paired year after year, and every input the fuzzer found that once broke a
//! promise, in `fuzz/regressions/<target>/`), then over seeded mutations of it (deletions,
//! duplications, splices between seeds, YAML and spec tokens inserted). `GUIDEC_FUZZ_CASES`
//! sets how many mutations per target (default 2 000 for the case reader, 200 for the diff).
//! The coverage-guided fuzzer runs the same bodies (FUZZING.md).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use guidec_conformance::fuzz::{case_reader, editions, spec_diff, SPEC_DIFF_SEPARATOR};
use guidec_conformance::repository_root;
use std::path::{Path, PathBuf};

fn files(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files(&path, extension, out);
        } else if extension.is_empty() || path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
}

fn read_all(paths: &[PathBuf]) -> Vec<Vec<u8>> {
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// A small seeded generator (xorshift), so that a failure names a seed that replays it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The byte offsets of `text`'s character boundaries.
fn boundaries(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect()
}

/// One mutation of `seed`: a range deleted or duplicated, a token inserted, or a range of
/// another seed spliced in, cut at character boundaries so that the text stays UTF-8.
fn mutate(rng: &mut Rng, seed: &str, others: &[String], tokens: &[&str]) -> String {
    let cuts = boundaries(seed);
    let at = cuts[rng.below(cuts.len())];
    let to = cuts[rng.below(cuts.len())];
    let (start, end) = (at.min(to), at.max(to).min(at.min(to) + 200));
    let end = cuts
        .iter()
        .copied()
        .find(|&c| c >= end)
        .unwrap_or(seed.len());
    let mut out = String::with_capacity(seed.len() + 64);
    match rng.below(4) {
        0 => {
            out.push_str(&seed[..start]);
            out.push_str(&seed[end..]);
        }
        1 => {
            out.push_str(&seed[..end]);
            out.push_str(&seed[start..]);
        }
        2 => {
            out.push_str(&seed[..start]);
            out.push_str(tokens[rng.below(tokens.len())]);
            out.push_str(&seed[start..]);
        }
        _ => {
            let other = &others[rng.below(others.len())];
            let other_cuts = boundaries(other);
            let from = other_cuts[rng.below(other_cuts.len())];
            let upto = other_cuts
                .iter()
                .copied()
                .find(|&c| c >= from + rng.below(300))
                .unwrap_or(other.len());
            out.push_str(&seed[..start]);
            out.push_str(&other[from..upto]);
            out.push_str(&seed[end..]);
        }
    }
    out
}

fn wanted(default: usize) -> usize {
    std::env::var("GUIDEC_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Runs `body` on every seed, then on `count` mutations; a panic names the input.
fn run(target: &str, body: fn(&[u8]), seeds: &[Vec<u8>], count: usize, tokens: &[&str]) {
    assert!(!seeds.is_empty(), "{target}: no seed");
    for seed in seeds {
        body(seed);
    }
    let texts: Vec<String> = seeds
        .iter()
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect();
    let seed_value = 0x5eed_f022 ^ target.len() as u64;
    let mut rng = Rng(seed_value);
    for index in 0..count {
        let mut input = texts[rng.below(texts.len())].clone();
        for _ in 0..=rng.below(3) {
            input = mutate(&mut rng, &input, &texts, tokens);
        }
        let outcome = std::panic::catch_unwind(|| body(input.as_bytes()));
        if let Err(panic) = outcome {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!(
                "{target}: mutation #{index} (seed {seed_value:#x}) breaks a promise: {why}\ninput:\n{input}"
            );
        }
    }
    eprintln!(
        "{target}: {} seeds and {count} mutations, no promise broken",
        seeds.len()
    );
}

#[test]
fn case_reader_on_seeds_and_mutations() {
    let root = repository_root();
    let mut paths = Vec::new();
    files(&root.join("tests/cases"), "yaml", &mut paths);
    files(&root.join("tests/case_errors"), "yaml", &mut paths);
    files(&root.join("fuzz/regressions/case_reader"), "", &mut paths);
    let tokens = [
        "oui",
        "non",
        "true",
        "yes",
        "on",
        "~",
        "",
        "0x8",
        "-1",
        "010",
        "1e3",
        "\"8\"",
        " 8 ",
        "99999999999999999999",
        "2025-02-30",
        "{",
        "}",
        "[",
        "]",
        ", ",
        ": ",
        "\n- ",
        "\n  ",
        "&a ",
        "*a",
        "!!str ",
        "---\n",
        "\"",
        "'",
        "#",
        "? ",
        "|\n  x\n",
        "\u{202e}",
        "\t",
        "actes: [{date: 2025-03-01, mode: papier}]",
        "numerateur: 3",
        "age_jours: 54901",
        "naissance: 2025-12-31",
        "nombre: 0",
    ];
    run(
        "case_reader",
        case_reader,
        &read_all(&paths),
        wanted(2_000),
        &tokens,
    );
}

#[test]
fn spec_diff_on_seeds_and_mutations() {
    let root = repository_root();
    let mut paths = Vec::new();
    files(&root.join("specs"), "guide", &mut paths);
    assert!(editions().len() >= 2, "the specs check");
    let specs: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    // Each spec with the next (the years of one programme follow each other), and with itself.
    let mut seeds: Vec<Vec<u8>> = specs
        .windows(2)
        .map(|pair| format!("{}{SPEC_DIFF_SEPARATOR}{}", pair[0], pair[1]).into_bytes())
        .collect();
    seeds.extend(specs.iter().map(|s| s.clone().into_bytes()));
    let mut regressions = Vec::new();
    files(
        &root.join("fuzz/regressions/spec_diff"),
        "",
        &mut regressions,
    );
    seeds.extend(read_all(&regressions));
    let tokens = [
        "\n",
        " ",
        "{",
        "}",
        "\"",
        "2 €",
        "10 points",
        "au moins 3",
        "N+1",
        "31/12/N",
        "indicateur x \"X\" [002 lettre] {\n}\n",
        "reprend ",
        "option a \"A\"\n",
        "// x\n",
        SPEC_DIFF_SEPARATOR,
    ];
    run("spec_diff", spec_diff, &seeds, wanted(200), &tokens);
}
