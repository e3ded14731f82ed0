//! The random populations of the evaluation benchmarks, shared by `evaluate.rs` (criterion) and
//! `instructions.rs` (instruction counts under callgrind), included with `#[path]`.

#[path = "../../../tests/support/random_cases.rs"]
mod random_cases;

use random_cases::{exemption_names, random_case, seed_of, Rng};

/// The population size: `GUIDEC_POPULATION`, or `default`.
pub fn population(default: usize) -> usize {
    std::env::var("GUIDEC_POPULATION")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// The checked edition `key` of the repository's specs.
pub fn edition(key: &str) -> guidec::ir::Edition {
    let path = guidec_conformance::repository_root().join(format!("specs/{key}.guide"));
    guidec::driver::check_file(&path)
        .unwrap()
        .edition
        .unwrap_or_else(|| panic!("{} has errors", path.display()))
}

/// The same random cases, validated for the interpreter and typed for the generated module;
/// with `counts_only`, only cases whose rates are given as counts (as the insurer measures them),
/// without lists of acts. Each engine's population is read in one pass, as a batch loading its
/// cases would read them, so that each case's parts lie together in memory.
pub fn cases<T: serde::de::DeserializeOwned>(
    key: &str,
    size: usize,
    counts_only: bool,
) -> (Vec<guidec::case::Case>, Vec<T>) {
    let edition = edition(key);
    let exemptions = exemption_names(&edition);
    let mut rng = Rng(seed_of(key));
    // Kept as JSON text between the passes: a million parsed trees would take ten times the
    // memory.
    let mut texts = Vec::with_capacity(size);
    while texts.len() < size {
        let value = random_case(&mut rng, &edition, &exemptions);
        let text = value.to_string();
        if counts_only && text.contains("\"actes\"") {
            continue;
        }
        let valid = guidec::case::read(&text, &edition)
            .is_ok_and(|file| guidec::case::validate(&file, &edition).is_ok())
            && guidec_runtime::case_file::from_str::<T>(&text).is_ok();
        if valid {
            texts.push(text);
        }
    }
    let interpreted = texts
        .iter()
        .map(|text| {
            let file = guidec::case::read(text, &edition).unwrap();
            guidec::case::validate(&file, &edition).unwrap()
        })
        .collect();
    let typed = texts
        .iter()
        .map(|text| guidec_runtime::case_file::from_str(text).unwrap())
        .collect();
    (interpreted, typed)
}
