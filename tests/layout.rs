//! A validated case holds each input at the place `case::Layout` gives it: one set of places per
//! indicator of every edition, in the edition's order, each list as long as what the indicators
//! ask; and a case file's answers land at their indicator's places.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use guidec::case::{self, Layout, RateView};
use guidec::ir;
use std::path::Path;

fn edition(key: &str) -> ir::Edition {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("specs/{key}.guide"));
    guidec::driver::check_file(&path)
        .unwrap()
        .edition
        .unwrap_or_else(|| panic!("{} has errors", path.display()))
}

/// The indicators of an edition in its order, with their dotted ids.
fn indicators(edition: &ir::Edition) -> Vec<(String, &ir::Indicator)> {
    edition
        .sections
        .iter()
        .flat_map(|s| s.all_indicators())
        .collect()
}

#[test]
fn every_indicator_has_its_places_one_after_the_other() {
    for key in [
        "fami/chirurgiens_dentistes-2025",
        "forfait_structure/medecins-2020",
        "forfait_structure/medecins-2021",
        "forfait_structure/medecins-2024",
        "forfait_structure/medecins-2025",
    ] {
        let edition = edition(key);
        let layout = Layout::of(&edition);
        let all = indicators(&edition);
        assert_eq!(layout.indicators.len(), all.len(), "{key}");
        let options = |i: &ir::Indicator| i.choices.iter().map(|c| c.options.len()).sum::<usize>();
        let mut expected = case::Slots::default();
        for ((id, indicator), slots) in all.iter().zip(&layout.indicators) {
            assert_eq!(*slots, expected, "{key}: {id}");
            expected.numbers += indicator.counts.len() + options(indicator);
            expected.options += options(indicator);
            expected.software += indicator.software.len();
            expected.rates += indicator.rates.len();
            expected.findings += indicator.findings.len();
        }
        assert_eq!(layout.lengths, expected, "{key}");
        assert!(
            layout.lengths.rates > 0 && layout.lengths.findings + layout.lengths.options > 0,
            "{key}: the editions measure rates and ask for options or findings"
        );
    }
}

#[test]
fn a_case_lands_at_its_indicators_places() {
    let key = "fami/chirurgiens_dentistes-2025";
    let edition = edition(key);
    let layout = Layout::of(&edition);
    let text = "edition: fami/chirurgiens_dentistes-2025
praticien:
  attestation_sur_l_honneur: true
indicateurs:
  sesam_vitale:
    nombres: {addendum: 8}
    constats: {facturation_conforme: true}
  teletransmission:
    mesures:
      fse: {numerateur: 1100, denominateur: 1300}
  prise_en_charge_coordonnee:
    choix: [cpts]
";
    let file = case::read(text, &edition).unwrap();
    let validated = case::validate(&file, &edition).unwrap();
    let lengths = validated.lengths();
    assert_eq!(lengths, layout.lengths);
    // Past the end of a list there is nothing.
    assert_eq!(validated.number(lengths.numbers), None);
    assert!(!validated.ticked(lengths.options));
    assert_eq!(validated.rate(lengths.rates), None);
    assert_eq!(validated.finding(lengths.findings), None);
    let all = indicators(&edition);
    let position = |id: &str| all.iter().position(|(i, _)| i == id).unwrap();

    let sesam = position("sesam_vitale");
    let (_, indicator) = &all[sesam];
    let slots = layout.indicators[sesam];
    let count = indicator
        .counts
        .iter()
        .position(|c| c.id == "addendum")
        .unwrap();
    assert_eq!(validated.number(slots.numbers + count), Some(8));
    let finding = indicator
        .findings
        .iter()
        .position(|f| f.value.id == "facturation_conforme")
        .unwrap();
    assert_eq!(validated.finding(slots.findings + finding), Some(true));

    let teletransmission = position("teletransmission");
    let slots = layout.indicators[teletransmission];
    assert_eq!(
        validated.rate(slots.rates),
        Some(RateView::Counts {
            numerator: 1100,
            denominator: 1300
        })
    );

    let coordinated = position("prise_en_charge_coordonnee");
    let (_, indicator) = &all[coordinated];
    let slots = layout.indicators[coordinated];
    let options: Vec<&str> = indicator
        .choices
        .iter()
        .flat_map(|c| c.options.iter().map(|o| o.id.as_str()))
        .collect();
    for (offset, option) in options.iter().enumerate() {
        assert_eq!(
            validated.ticked(slots.options + offset),
            *option == "cpts",
            "option {option}"
        );
    }
    assert!(validated.inputs(coordinated).ticked_any);
    // Nothing else is given: every other place is empty.
    let given = |length: usize, at: &dyn Fn(usize) -> bool| (0..length).filter(|i| at(*i)).count();
    assert_eq!(given(lengths.options, &|i| validated.ticked(i)), 1);
    assert_eq!(given(lengths.rates, &|i| validated.rate(i).is_some()), 1);
    assert_eq!(
        given(lengths.numbers, &|i| validated.number(i).is_some()),
        1
    );
    assert_eq!(
        given(lengths.findings, &|i| validated.finding(i).is_some()),
        1
    );
}
