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
