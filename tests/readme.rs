//! The README's examples are real: its case files are the ones `guidec test` runs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[test]
fn readme_case_files_are_the_tested_ones() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let blocks: Vec<&str> = readme
        .split("```yaml\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap())
        .collect();
    let files = [
        "tests/cases/fami/chirurgiens_dentistes-2025/readme-exemple.yaml",
        "tests/cases/forfait_structure/medecins-2024/readme-exemple.yaml",
    ];
    assert_eq!(blocks.len(), files.len(), "one YAML example per case file");
    for (block, file) in blocks.iter().zip(files) {
        let text = std::fs::read_to_string(file).unwrap();
        assert_eq!(*block, text, "README example differs from {file}");
    }
}

/// The README's E0201 example is what `guidec check` prints (in French, without colour) for the
/// change it describes: volet 1 of 2024 at 281 points with 1 960 € left.
#[test]
fn readme_diagnostic_example_is_the_real_output() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let example = readme
        .split("```text\n")
        .find(|block| block.starts_with("E0201\n"))
        .and_then(|block| block.split("```").next())
        .expect("the README shows an E0201 example");
    let path = "specs/forfait_structure/medecins-2024.guide";
    let source = std::fs::read_to_string(path).unwrap();
    let changed = source.replacen(
        "montant 280 points = 1 960 €",
        "montant 281 points = 1 960 €",
        1,
    );
    assert_ne!(
        source, changed,
        "volet 1 of 2024 is stated as 280 points = 1 960 €"
    );
    let checked = guidec::driver::check_source(&changed, Some(path));
    let report = guidec::diagnostic::Report {
        path,
        source: &changed,
        diagnostics: &checked.diagnostics,
    };
    let printed = format!(
        "{}{}\n",
        report.render(guidec::diagnostic::Style::default()),
        guidec::i18n::Msg::new("summary-check-failed")
            .num("specs", 1)
            .num("errors", 1)
            .num("warnings", 0)
            .arg("denied", "no")
            .text(guidec::i18n::Lang::Fr)
    );
    assert_eq!(example, printed);
}
