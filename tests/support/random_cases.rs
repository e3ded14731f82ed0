//! Random case files for an edition, from a seeded generator: shared by the differential test
//! and the evaluation benchmarks (included with `#[path]`, so it is not a test of its own).
#![allow(dead_code)]

use guidec::case;
use guidec::ir::{self, CivilDate};
use serde_json::{json, Map, Value};

/// splitmix64: small, fast, and the same sequence everywhere.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A number in `low..=high`.
    pub fn range(&mut self, low: i64, high: i64) -> i64 {
        let span = u64::try_from(high - low).unwrap_or(0) + 1;
        low + i64::try_from(self.below(span)).unwrap_or(0)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let index = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        &items[index]
    }
}

/// FNV-1a of the edition key: each edition its own fixed seed.
pub fn seed_of(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

pub fn date_text(date: CivilDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)
}

/// A date around year N: mostly in N (December and the year's bounds often), sometimes in N-1 or N+1.
pub fn random_date(rng: &mut Rng, year: i32) -> CivilDate {
    let year = match rng.below(10) {
        0 => year - 1,
        1 => year + 1,
        _ => year,
    };
    match rng.below(12) {
        0 => CivilDate {
            year,
            month: 1,
            day: 1,
        },
        1 => CivilDate {
            year,
            month: 12,
            day: 31,
        },
        2 | 3 => CivilDate {
            year,
            month: 12,
            day: u32::try_from(rng.range(1, 31)).unwrap_or(1),
        },
        _ => {
            let month = u32::try_from(rng.range(1, 12)).unwrap_or(1);
            let last = i64::from(ir::days_in_month(year, month));
            CivilDate {
                year,
                month,
                day: u32::try_from(rng.range(1, last)).unwrap_or(1),
            }
        }
    }
}

/// What a practitioner can be exempt from in an edition.
pub fn exemption_names(edition: &ir::Edition) -> Vec<String> {
    let mut names = Vec::new();
    for section in &edition.sections {
        for (_, indicator) in section.all_indicators() {
            for exemption in &indicator.exemptions {
                let name = match &exemption.value.target {
                    ir::ExemptionTarget::Software(role) => role.clone(),
                    ir::ExemptionTarget::Whole => indicator.id.clone(),
                };
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    names
}

/// How a case is drawn: at random, or leaning towards meeting every condition (so that sections
/// unlock and amounts are paid often enough to be compared).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Random,
    Favourable,
}

impl Profile {
    /// Whether this draw goes the favourable way.
    pub fn favours(self, rng: &mut Rng) -> bool {
        self == Profile::Favourable && rng.chance(90)
    }
}

/// A random act of an edition with act schema `schema`: the fields the specs of `specs/`
/// declare drawn around their rules' values (modes, flags, billing routes, ages around three
/// months), and any other declared field drawn by its kind (a list's values, yes/no, dates of
/// the year, small numbers), so that a field added to a schema is drawn with no change here.
pub fn random_act(
    rng: &mut Rng,
    year: i32,
    profile: Profile,
    schema: Option<&ir::ActSchema>,
) -> Value {
    let declared = |key: &str| schema.is_some_and(|s| s.fields.iter().any(|f| f.key == key));
    let known = [
        "mode",
        "ame",
        "nir_provisoire",
        "ehpad",
        "telesoin",
        "facturation",
    ];
    let favourable = profile.favours(rng);
    let date = if favourable && rng.chance(80) {
        CivilDate {
            year,
            ..random_date(rng, year)
        }
    } else {
        random_date(rng, year)
    };
    let mut act = Map::new();
    act.insert("date".into(), json!(date_text(date)));
    if declared("mode") {
        let mode = if favourable {
            rng.pick(&[
                "sesam_vitale",
                "sesam_vitale",
                "sesam_sans_vitale",
                "degrade",
            ])
        } else {
            rng.pick(&["sesam_vitale", "sesam_sans_vitale", "degrade", "papier"])
        };
        act.insert("mode".into(), json!(mode));
    }
    for (flag, percent) in [("ame", 10), ("nir_provisoire", 10), ("ehpad", 20)] {
        if !declared(flag) {
            continue;
        }
        if rng.chance(percent) {
            act.insert(flag.into(), json!(true));
        } else if rng.chance(5) {
            act.insert(flag.into(), json!(false));
        }
    }
    if declared("telesoin") && rng.chance(20) {
        let key = if rng.chance(50) {
            "telesoin"
        } else {
            "télésoin"
        };
        act.insert(key.into(), json!(true));
    }
    if declared("facturation") {
        match rng.below(5) {
            0 => {
                act.insert("facturation".into(), json!("standard"));
            }
            1 => {
                act.insert("facturation".into(), json!("cerfa_s3404"));
            }
            _ => {}
        }
    }
    for field in schema.map_or(&[][..], |s| &s.fields[..]) {
        match &field.kind {
            ir::ActFieldKind::Age { birth, days: key } => {
                // Ages around three months, the only age threshold of the specs, and some far
                // from it.
                let days = match rng.below(3) {
                    0 => rng.range(80, 100),
                    1 => rng.range(0, 400),
                    _ => rng.range(0, 40_000),
                };
                match rng.below(4) {
                    0 | 1 => {}
                    2 => {
                        act.insert(key.clone(), json!(days));
                    }
                    _ => {
                        let born = case::days_before(date, days).unwrap_or(date);
                        act.insert(birth.clone(), json!(date_text(born)));
                    }
                }
            }
            _ if known.contains(&field.key.as_str()) => {}
            ir::ActFieldKind::YesNo => {
                if rng.chance(30) {
                    act.insert(field.key.clone(), json!(rng.chance(50)));
                }
            }
            ir::ActFieldKind::List {
                values, default, ..
            } => {
                if default.is_none() || rng.chance(60) {
                    let names: Vec<&str> = values.iter().map(|v| v.name.as_str()).collect();
                    if !names.is_empty() {
                        act.insert(field.key.clone(), json!(*rng.pick(&names)));
                    }
                }
            }
            ir::ActFieldKind::Date => {
                if rng.chance(70) {
                    act.insert(field.key.clone(), json!(date_text(random_date(rng, year))));
                }
            }
            ir::ActFieldKind::Number => {
                if rng.chance(70) {
                    act.insert(field.key.clone(), json!(rng.range(0, 6)));
                }
            }
        }
    }
    if rng.chance(40) {
        act.insert("nombre".into(), json!(rng.range(0, 5)));
    }
    Value::Object(act)
}

/// A rate given as counts (around its threshold) or, when its spec says what its numerator
/// counts, as acts.
/// A random rate the practitioner declares: a percentage with a decimal around its threshold
/// (`"19,5 %"`), or counts.
pub fn random_declared_rate(rng: &mut Rng, rate: &ir::Rate, profile: Profile) -> Value {
    if rng.chance(30) {
        let denominator = rng.range(1, 2_000);
        return json!({ "numerateur": rng.range(0, denominator), "denominateur": denominator });
    }
    // In tenths of a percent, at the threshold, just under it or just over it.
    let at = rate.threshold.as_ref().map_or(500, |t| {
        (*t.value.numer() * 1000) / (*t.value.denom()).max(1)
    });
    let delta = if profile.favours(rng) {
        rng.range(0, 20)
    } else {
        rng.range(-20, 20)
    };
    let tenths = (at + delta).clamp(0, 1000);
    let text = match tenths % 10 {
        0 => format!("{} %", tenths / 10),
        rest => format!("{},{rest} %", tenths / 10),
    };
    json!(text)
}

pub fn random_rate(
    rng: &mut Rng,
    rate: &ir::Rate,
    year: i32,
    profile: Profile,
    schema: Option<&ir::ActSchema>,
) -> Value {
    if rate.numerator.is_some() && rng.chance(45) {
        let acts: Vec<Value> = (0..rng.range(0, 10))
            .map(|_| random_act(rng, year, profile, schema))
            .collect();
        return json!({ "actes": acts });
    }
    let denominator = if rng.chance(60) {
        *rng.pick(&[0, 1, 2, 3, 7, 10, 100, 300, 1300, 1_000_000])
    } else {
        rng.range(0, 5_000)
    };
    let numerator = match &rate.threshold {
        Some(threshold) if rng.chance(85) => {
            let (p, q) = (*threshold.value.numer(), *threshold.value.denom());
            // At the threshold, just under it or just over it.
            let at = (denominator * p + q - 1) / q;
            let delta = if profile.favours(rng) {
                rng.range(0, 1)
            } else {
                rng.range(-1, 1)
            };
            (at + delta).clamp(0, denominator)
        }
        _ => rng.range(0, denominator),
    };
    json!({ "numerateur": numerator, "denominateur": denominator })
}

/// One indicator's inputs, following what the edition asks for it.
pub fn random_inputs(
    rng: &mut Rng,
    indicator: &ir::Indicator,
    year: i32,
    profile: Profile,
    schema: Option<&ir::ActSchema>,
) -> Map<String, Value> {
    let mut inputs = Map::new();
    if indicator.kind == ir::Kind::Prefilled && rng.chance(70) {
        inputs.insert("prerempli".into(), json!(rng.chance(50)));
    }
    if indicator.question.is_some() {
        if profile.favours(rng) {
            inputs.insert("reponse".into(), json!("oui"));
        } else {
            match rng.below(4) {
                0 => {}
                1 | 2 => {
                    inputs.insert("reponse".into(), json!("oui"));
                }
                _ => {
                    inputs.insert("reponse".into(), json!("non"));
                }
            }
        }
    }
    let answered_yes = inputs.get("reponse") == Some(&json!("oui"));
    if indicator.free_text.is_some() && (answered_yes || rng.chance(50)) {
        inputs.insert(
            "texte".into(),
            json!("milieu scolaire (REP+), EHPAD des Lilas"),
        );
    }
    let mut software = Map::new();
    for declared in &indicator.software {
        if profile.favours(rng) || rng.chance(60) {
            let value = if rng.chance(50) {
                json!({})
            } else {
                json!({
                    "editeur": "Éditeur",
                    "nom": "Logiciel",
                    "version": "12.3",
                    "acquisition": date_text(random_date(rng, year)),
                })
            };
            software.insert(declared.value.id.clone(), value);
        }
    }
    if !software.is_empty() || (!indicator.software.is_empty() && rng.chance(10)) {
        inputs.insert("logiciels".into(), Value::Object(software));
    }
    let mut counts = Map::new();
    if !indicator.choices.is_empty() {
        let favourable = profile.favours(rng);
        match rng.below(6) {
            0 if !favourable => {}
            1 if !favourable => {
                inputs.insert("choix".into(), json!([]));
            }
            _ => {
                let mut ticked = Vec::new();
                for choice in &indicator.choices {
                    let accepted: Vec<&ir::ChoiceOption> =
                        choice.options.iter().filter(|o| o.accepted).collect();
                    if favourable && !accepted.is_empty() {
                        let option = *rng.pick(&accepted);
                        ticked.push(option.id.clone());
                        if let Some(minimum) = option.minimum_per_year {
                            counts.insert(option.id.clone(), json!(minimum + rng.range(0, 2)));
                        }
                    } else if choice.multiple {
                        for option in &choice.options {
                            if rng.chance(30) {
                                ticked.push(option.id.clone());
                            }
                        }
                    } else if !choice.options.is_empty() && rng.chance(85) {
                        ticked.push(rng.pick(&choice.options).id.clone());
                    }
                }
                inputs.insert("choix".into(), json!(ticked));
            }
        }
    }
    for count in &indicator.counts {
        if profile.favours(rng) || rng.chance(85) {
            let value = match &count.threshold {
                Some(threshold) if profile.favours(rng) => threshold.value + rng.range(1, 3),
                Some(threshold) if rng.chance(80) => (threshold.value + rng.range(-2, 2)).max(0),
                _ => rng.range(0, 20),
            };
            counts.insert(count.id.clone(), json!(value));
        }
    }
    for option in indicator.choices.iter().flat_map(|c| &c.options) {
        if let Some(minimum) = option.minimum_per_year {
            if !counts.contains_key(&option.id) && rng.chance(70) {
                counts.insert(
                    option.id.clone(),
                    json!((minimum + rng.range(-2, 2)).max(0)),
                );
            }
        }
    }
    if !counts.is_empty() {
        inputs.insert("nombres".into(), Value::Object(counts));
    }
    let mut rates = Map::new();
    let mut declared = Map::new();
    for rate in indicator.rates.iter().filter(|r| r.declared) {
        if profile.favours(rng) || rng.chance(85) {
            declared.insert(rate.id.clone(), random_declared_rate(rng, rate, profile));
        }
    }
    if !declared.is_empty() {
        inputs.insert("taux".into(), Value::Object(declared));
    }
    for rate in indicator.rates.iter().filter(|r| !r.declared) {
        if profile.favours(rng) || rng.chance(85) {
            rates.insert(
                rate.id.clone(),
                random_rate(rng, rate, year, profile, schema),
            );
        }
    }
    if !rates.is_empty() {
        inputs.insert("mesures".into(), Value::Object(rates));
    }
    let mut findings = Map::new();
    for finding in &indicator.findings {
        if profile.favours(rng) {
            findings.insert(finding.value.id.clone(), json!(true));
        } else if rng.chance(85) {
            findings.insert(finding.value.id.clone(), json!(rng.chance(75)));
        }
    }
    if !findings.is_empty() {
        inputs.insert("constats".into(), Value::Object(findings));
    }
    // An option that cannot be pre-filled (an organisational mailbox) is declared.
    let not_prefilled = |id: &Value| {
        indicator
            .choices
            .iter()
            .flat_map(|c| &c.options)
            .any(|o| o.not_prefilled && id.as_str() == Some(o.id.as_str()))
    };
    if inputs.get("prerempli") == Some(&json!(true))
        && inputs
            .get("choix")
            .and_then(Value::as_array)
            .is_some_and(|ticked| ticked.iter().any(not_prefilled))
    {
        inputs.insert("prerempli".into(), json!(false));
    }
    let has_document = indicator
        .evidence
        .iter()
        .any(|e| matches!(e.kind, ir::EvidenceKind::Document(_)));
    if has_document {
        if profile.favours(rng) {
            inputs.insert(
                "justificatif".into(),
                json!(rng.pick(&["envoyé", "envoye"])),
            );
        } else if rng.chance(80) {
            let state = rng.pick(&["envoyé", "envoye", "validé", "valide", "absent"]);
            inputs.insert("justificatif".into(), json!(state));
        }
    }
    inputs
}

/// A random case of `edition`, in the case-file format, that the validator accepts.
pub fn random_case(rng: &mut Rng, edition: &ir::Edition, exemptions: &[String]) -> Value {
    let year = edition.year;
    let profile = if rng.chance(40) {
        Profile::Favourable
    } else {
        Profile::Random
    };
    let mut practitioner = Map::new();
    if rng.chance(20) {
        practitioner.insert("specialite".into(), json!("médecine générale"));
    }
    if rng.chance(40) {
        let chosen: Vec<String> = exemptions
            .iter()
            .filter(|_| rng.chance(60))
            .cloned()
            .collect();
        practitioner.insert("exonerations".into(), json!(chosen));
    }
    for flag in [
        "premiere_annee",
        "changement_editeur",
        "justificatif_demande",
        "attestation_sur_l_honneur",
        "fse_annee_precedente",
    ] {
        let favourable = flag == "attestation_sur_l_honneur" && profile.favours(rng);
        match rng.below(3) {
            _ if favourable => {
                practitioner.insert(flag.into(), json!(true));
            }
            0 => {}
            1 => {
                practitioner.insert(flag.into(), json!(true));
            }
            _ => {
                practitioner.insert(flag.into(), json!(false));
            }
        }
    }
    if rng.chance(40) {
        practitioner.insert(
            "premiere_fse".into(),
            json!(date_text(random_date(rng, year))),
        );
    }
    let mut indicators = Map::new();
    for section in &edition.sections {
        for (id, indicator) in section.all_indicators() {
            if profile.favours(rng) || rng.chance(85) {
                let inputs = random_inputs(rng, indicator, year, profile, edition.acts.as_ref());
                if !inputs.is_empty() || rng.chance(30) {
                    indicators.insert(id, Value::Object(inputs));
                }
            }
        }
    }
    let mut case = Map::new();
    case.insert("edition".into(), json!(edition.key()));
    if rng.chance(10) {
        case.insert("description".into(), json!("cas tiré au hasard"));
    }
    if !practitioner.is_empty() || rng.chance(50) {
        case.insert("praticien".into(), Value::Object(practitioner));
    }
    case.insert("indicateurs".into(), Value::Object(indicators));
    Value::Object(case)
}

/// Makes a case invalid in one way the validator rejects (the generated `Case` need not reject it:
/// nothing is compared on such a case, it only checks that rejections are counted and rare).
pub fn break_case(rng: &mut Rng, case: &mut Value) {
    let pointer_targets = |case: &Value, field: &str| -> Vec<String> {
        let mut found = Vec::new();
        if let Some(indicators) = case.pointer("/indicateurs").and_then(Value::as_object) {
            for (id, inputs) in indicators {
                if inputs.get(field).is_some() {
                    found.push(format!("/indicateurs/{}/{field}", id.replace('/', "~1")));
                }
            }
        }
        found
    };
    let rates: Vec<String> = pointer_targets(case, "mesures")
        .into_iter()
        .flat_map(|pointer| {
            let ids: Vec<String> = case
                .pointer(&pointer)
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            ids.into_iter().map(move |id| format!("{pointer}/{id}"))
        })
        .collect();
    match rng.below(5) {
        0 if !rates.is_empty() => {
            let pointer = rng.pick(&rates).clone();
            if let Some(rate) = case.pointer_mut(&pointer) {
                *rate = if rng.chance(50) {
                    json!({ "numerateur": 8, "denominateur": 7 })
                } else {
                    json!({ "numerateur": 1, "denominateur": 2, "actes": [] })
                };
            }
        }
        1 if !rates.is_empty() => {
            let pointer = rng.pick(&rates).clone();
            if let Some(rate) = case.pointer_mut(&pointer) {
                let act = match rng.below(3) {
                    0 => json!({ "date": "2020-03-10", "mode": "papier", "age_jours": -3 }),
                    1 => {
                        json!({ "date": "2020-03-10", "mode": "papier", "age_jours": 3, "naissance": "2020-03-07" })
                    }
                    _ => {
                        json!({ "date": "2020-03-10", "mode": "papier", "naissance": "2020-03-11" })
                    }
                };
                *rate = json!({ "actes": [act] });
            }
        }
        2 => {
            if let Some(indicators) = case
                .pointer_mut("/indicateurs")
                .and_then(Value::as_object_mut)
            {
                indicators.insert("inconnu".into(), json!({}));
            }
        }
        3 => {
            if let Some(case) = case.as_object_mut() {
                case.insert(
                    "praticien".into(),
                    json!({ "exonerations": ["dermatologie"] }),
                );
            }
        }
        _ => {
            let counts = pointer_targets(case, "nombres");
            let target = counts.first().cloned();
            match target.and_then(|pointer| case.pointer_mut(&pointer)) {
                Some(Value::Object(counts)) if !counts.is_empty() => {
                    if let Some((_, value)) = counts.iter_mut().next() {
                        *value = json!(-1);
                    }
                }
                _ => {
                    if let Some(case) = case.as_object_mut() {
                        case.insert("inattendu".into(), json!(true));
                    }
                }
            }
        }
    }
}
