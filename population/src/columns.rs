//! The columns of a population's tables, named after the case-file paths (docs/POPULATION.md).
//!
//! A declaration column's name is parsed into a [`Field`] once, when a file's header is read;
//! whether an edition asks for that field is [`asks`]; the columns an edition knows are
//! [`declaration_columns`].

use guidec::ir;

/// What kind of value a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `true` / `false` (Parquet BOOLEAN).
    Boolean,
    /// A whole number (Parquet INT64 or INT32).
    Integer,
    /// `AAAA-MM-JJ` (Parquet DATE or text).
    Date,
    /// Free text.
    Text,
    /// Ids separated by `,`.
    List,
    /// `oui` / `non`.
    Answer,
    /// `envoyé` / `validé` / `absent`.
    Evidence,
}

impl Kind {
    /// The kind's name in French, as `colonnes` lists it.
    pub fn words(self) -> &'static str {
        match self {
            Kind::Boolean => "booléen (true, false)",
            Kind::Integer => "entier",
            Kind::Date => "date (AAAA-MM-JJ)",
            Kind::Text => "texte",
            Kind::List => "liste d'identifiants séparés par des virgules",
            Kind::Answer => "réponse (oui, non)",
            Kind::Evidence => "justificatif (envoyé, validé, absent)",
        }
    }
}

/// A practitioner's field (`praticien.…`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Practitioner {
    /// `specialite`.
    Specialty,
    /// `exonerations`.
    Exemptions,
    /// `premiere_annee`.
    FirstYear,
    /// `changement_editeur`.
    VendorChanged,
    /// `justificatif_demande`.
    EvidenceRequested,
    /// `attestation_sur_l_honneur`.
    Sworn,
    /// `fse_annee_precedente`.
    TransmittedPreviousYear,
    /// `premiere_fse`.
    FirstClaim,
}

/// A software role's detail (`logiciels.<role>.…`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SoftwareDetail {
    /// `editeur`.
    Vendor,
    /// `nom`.
    Name,
    /// `version`.
    Version,
    /// `acquisition`.
    Acquired,
}

/// One indicator's field (`indicateurs.<i>.…`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndicatorField {
    /// `prerempli`.
    Prefilled,
    /// `reponse`.
    Answer,
    /// `texte`.
    Text,
    /// `logiciels.<role>`: declared.
    Software(String),
    /// `logiciels.<role>.<detail>`.
    SoftwareDetail(String, SoftwareDetail),
    /// `choix`.
    Choices,
    /// `nombres.<n>`.
    Count(String),
    /// `mesures.<r>.numerateur`.
    Numerator(String),
    /// `mesures.<r>.denominateur`.
    Denominator(String),
    /// `taux.<r>.numerateur`: a rate the practitioner declares, as its exact fraction.
    DeclaredNumerator(String),
    /// `taux.<r>.denominateur`.
    DeclaredDenominator(String),
    /// `constats.<f>`.
    Finding(String),
    /// `justificatif`.
    Evidence,
}

/// The field a declaration column fills.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    /// The practitioner's id.
    Id,
    /// `praticien.…`.
    Practitioner(Practitioner),
    /// `indicateurs.<indicator>.…`.
    Indicator {
        /// The indicator's id as in case files (`parent.child` for a sub-indicator).
        indicator: String,
        /// Its field.
        field: IndicatorField,
    },
}

impl Field {
    /// The kind of value the column holds.
    pub fn kind(&self) -> Kind {
        match self {
            Field::Id => Kind::Text,
            Field::Practitioner(p) => match p {
                Practitioner::Specialty => Kind::Text,
                Practitioner::Exemptions => Kind::List,
                Practitioner::FirstClaim => Kind::Date,
                _ => Kind::Boolean,
            },
            Field::Indicator { field, .. } => match field {
                IndicatorField::Prefilled
                | IndicatorField::Software(_)
                | IndicatorField::Finding(_) => Kind::Boolean,
                IndicatorField::Answer => Kind::Answer,
                IndicatorField::Text => Kind::Text,
                IndicatorField::SoftwareDetail(_, SoftwareDetail::Acquired) => Kind::Date,
                IndicatorField::SoftwareDetail(..) => Kind::Text,
                IndicatorField::Choices => Kind::List,
                IndicatorField::Count(_)
                | IndicatorField::Numerator(_)
                | IndicatorField::Denominator(_)
                | IndicatorField::DeclaredNumerator(_)
                | IndicatorField::DeclaredDenominator(_) => Kind::Integer,
                IndicatorField::Evidence => Kind::Evidence,
            },
        }
    }

    /// The column's name: the case-file path.
    pub fn path(&self) -> String {
        match self {
            Field::Id => "id".into(),
            Field::Practitioner(p) => format!("praticien.{}", practitioner_name(*p)),
            Field::Indicator { indicator, field } => {
                let rest = match field {
                    IndicatorField::Prefilled => "prerempli".into(),
                    IndicatorField::Answer => "reponse".into(),
                    IndicatorField::Text => "texte".into(),
                    IndicatorField::Software(role) => format!("logiciels.{role}"),
                    IndicatorField::SoftwareDetail(role, detail) => {
                        format!("logiciels.{role}.{}", detail_name(*detail))
                    }
                    IndicatorField::Choices => "choix".into(),
                    IndicatorField::Count(n) => format!("nombres.{n}"),
                    IndicatorField::Numerator(r) => format!("mesures.{r}.numerateur"),
                    IndicatorField::Denominator(r) => format!("mesures.{r}.denominateur"),
                    IndicatorField::DeclaredNumerator(r) => format!("taux.{r}.numerateur"),
                    IndicatorField::DeclaredDenominator(r) => format!("taux.{r}.denominateur"),
                    IndicatorField::Finding(f) => format!("constats.{f}"),
                    IndicatorField::Evidence => "justificatif".into(),
                };
                format!("indicateurs.{indicator}.{rest}")
            }
        }
    }
}

const PRACTITIONER: [(Practitioner, &str); 8] = [
    (Practitioner::Specialty, "specialite"),
    (Practitioner::Exemptions, "exonerations"),
    (Practitioner::FirstYear, "premiere_annee"),
    (Practitioner::VendorChanged, "changement_editeur"),
    (Practitioner::EvidenceRequested, "justificatif_demande"),
    (Practitioner::Sworn, "attestation_sur_l_honneur"),
    (
        Practitioner::TransmittedPreviousYear,
        "fse_annee_precedente",
    ),
    (Practitioner::FirstClaim, "premiere_fse"),
];

const DETAILS: [(SoftwareDetail, &str); 4] = [
    (SoftwareDetail::Vendor, "editeur"),
    (SoftwareDetail::Name, "nom"),
    (SoftwareDetail::Version, "version"),
    (SoftwareDetail::Acquired, "acquisition"),
];

fn practitioner_name(field: Practitioner) -> &'static str {
    PRACTITIONER
        .iter()
        .find(|(p, _)| *p == field)
        .map_or("", |(_, name)| name)
}

fn detail_name(detail: SoftwareDetail) -> &'static str {
    DETAILS
        .iter()
        .find(|(d, _)| *d == detail)
        .map_or("", |(_, name)| name)
}

/// Parses a declaration column's name, or says in French why it is no case-file path.
///
/// The indicator is the longest of `known` (the edition's indicator ids) the path starts with;
/// failing that, the segments before the first field word.
pub fn parse(path: &str, known: &[String]) -> Result<Field, String> {
    if path == "id" {
        return Ok(Field::Id);
    }
    let unknown =
        || format!("« {path} » n'est pas un chemin de fichier de cas (docs/POPULATION.md)");
    if let Some(name) = path.strip_prefix("praticien.") {
        return PRACTITIONER
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(p, _)| Field::Practitioner(*p))
            .ok_or_else(unknown);
    }
    let Some(rest) = path.strip_prefix("indicateurs.") else {
        return Err(unknown());
    };
    let by_known = known
        .iter()
        .filter(|id| {
            rest.strip_prefix(id.as_str())
                .is_some_and(|after| after.starts_with('.'))
        })
        .max_by_key(|id| id.len());
    let (indicator, tail) = match by_known {
        Some(id) => (id.clone(), rest.get(id.len() + 1..).unwrap_or_default()),
        None => {
            let segments: Vec<&str> = rest.split('.').collect();
            let Some(at) = segments
                .iter()
                .position(|s| {
                    // A word that starts an indicator's field.
                    guidec::ir::CasePart::ALL
                        .iter()
                        .any(|part| part.field() == *s)
                })
                .filter(|at| *at > 0)
            else {
                return Err(unknown());
            };
            let id = segments.get(..at).unwrap_or_default().join(".");
            let tail = rest.get(id.len() + 1..).unwrap_or_default();
            (id, tail)
        }
    };
    let parts: Vec<&str> = tail.split('.').collect();
    let field = match parts.as_slice() {
        ["prerempli"] => IndicatorField::Prefilled,
        ["reponse"] => IndicatorField::Answer,
        ["texte"] => IndicatorField::Text,
        ["logiciels", role] => IndicatorField::Software((*role).into()),
        ["logiciels", role, detail] => {
            let Some((detail, _)) = DETAILS.iter().find(|(_, n)| n == detail) else {
                return Err(unknown());
            };
            IndicatorField::SoftwareDetail((*role).into(), *detail)
        }
        ["choix"] => IndicatorField::Choices,
        ["nombres", id] => IndicatorField::Count((*id).into()),
        ["mesures", id, "numerateur"] => IndicatorField::Numerator((*id).into()),
        ["mesures", id, "denominateur"] => IndicatorField::Denominator((*id).into()),
        ["taux", id, "numerateur"] => IndicatorField::DeclaredNumerator((*id).into()),
        ["taux", id, "denominateur"] => IndicatorField::DeclaredDenominator((*id).into()),
        ["constats", id] => IndicatorField::Finding((*id).into()),
        ["justificatif"] => IndicatorField::Evidence,
        _ => return Err(unknown()),
    };
    Ok(Field::Indicator { indicator, field })
}

/// The edition's indicator ids as case files write them (`parent.child` for a sub-indicator).
pub fn indicator_ids(edition: &ir::Edition) -> Vec<String> {
    edition
        .sections
        .iter()
        .flat_map(|s| s.all_indicators())
        .map(|(id, _)| id)
        .collect()
}

fn indicator<'e>(edition: &'e ir::Edition, id: &str) -> Option<&'e ir::Indicator> {
    edition
        .sections
        .iter()
        .flat_map(|s| s.all_indicators())
        .find(|(i, _)| i == id)
        .map(|(_, indicator)| indicator)
}

fn has_document(indicator: &ir::Indicator) -> bool {
    indicator
        .evidence
        .iter()
        .any(|e| matches!(e.kind, ir::EvidenceKind::Document(_)))
}

/// Whether the edition asks for this field: the case-file reader accepts it filled.
pub fn asks(edition: &ir::Edition, field: &Field) -> bool {
    match field {
        Field::Id | Field::Practitioner(_) => true,
        Field::Indicator {
            indicator: id,
            field,
        } => {
            let Some(indicator) = indicator(edition, id) else {
                return false;
            };
            let role = |role: &str| indicator.software.iter().any(|s| s.value.id == role);
            match field {
                IndicatorField::Prefilled => indicator.kind == ir::Kind::Prefilled,
                IndicatorField::Answer => indicator.question.is_some(),
                IndicatorField::Text => indicator.free_text.is_some(),
                IndicatorField::Software(r) | IndicatorField::SoftwareDetail(r, _) => role(r),
                IndicatorField::Choices => !indicator.choices.is_empty(),
                IndicatorField::Count(n) => {
                    indicator.counts.iter().any(|c| &c.id == n)
                        || indicator
                            .options()
                            .any(|o| &o.id == n && o.minimum_per_year.is_some())
                }
                IndicatorField::Numerator(r) | IndicatorField::Denominator(r) => indicator
                    .rates
                    .iter()
                    .any(|rate| &rate.id == r && !rate.declared),
                IndicatorField::DeclaredNumerator(r) | IndicatorField::DeclaredDenominator(r) => {
                    indicator
                        .rates
                        .iter()
                        .any(|rate| &rate.id == r && rate.declared)
                }
                IndicatorField::Finding(f) => indicator.findings.iter().any(|x| &x.value.id == f),
                IndicatorField::Evidence => has_document(indicator),
            }
        }
    }
}

/// Every declaration column the edition knows, in the spec's order, `id` first.
pub fn declaration_columns(edition: &ir::Edition) -> Vec<Field> {
    let mut columns = vec![Field::Id];
    columns.extend(PRACTITIONER.iter().map(|(p, _)| Field::Practitioner(*p)));
    for section in &edition.sections {
        for (id, indicator) in section.all_indicators() {
            let mut fields = Vec::new();
            if indicator.kind == ir::Kind::Prefilled {
                fields.push(IndicatorField::Prefilled);
            }
            if indicator.question.is_some() {
                fields.push(IndicatorField::Answer);
            }
            if indicator.free_text.is_some() {
                fields.push(IndicatorField::Text);
            }
            for software in &indicator.software {
                let role = &software.value.id;
                fields.push(IndicatorField::Software(role.clone()));
                for (detail, _) in DETAILS {
                    fields.push(IndicatorField::SoftwareDetail(role.clone(), detail));
                }
            }
            if !indicator.choices.is_empty() {
                fields.push(IndicatorField::Choices);
            }
            for count in &indicator.counts {
                fields.push(IndicatorField::Count(count.id.clone()));
            }
            for option in indicator.options() {
                if option.minimum_per_year.is_some() {
                    fields.push(IndicatorField::Count(option.id.clone()));
                }
            }
            for rate in &indicator.rates {
                if rate.declared {
                    fields.push(IndicatorField::DeclaredNumerator(rate.id.clone()));
                    fields.push(IndicatorField::DeclaredDenominator(rate.id.clone()));
                } else {
                    fields.push(IndicatorField::Numerator(rate.id.clone()));
                    fields.push(IndicatorField::Denominator(rate.id.clone()));
                }
            }
            for finding in &indicator.findings {
                fields.push(IndicatorField::Finding(finding.value.id.clone()));
            }
            if has_document(indicator) {
                fields.push(IndicatorField::Evidence);
            }
            columns.extend(fields.into_iter().map(|field| Field::Indicator {
                indicator: id.clone(),
                field,
            }));
        }
    }
    columns
}

/// The rates computed from acts: the values the acts' `mesure` column takes
/// (`indicateurs.<i>.mesures.<r>`), with their indicator and rate ids.
pub fn act_measures(edition: &ir::Edition) -> Vec<(String, String, String)> {
    let mut measures = Vec::new();
    for section in &edition.sections {
        for (id, indicator) in section.all_indicators() {
            for rate in &indicator.rates {
                if rate.numerator.is_some() {
                    measures.push((
                        format!("indicateurs.{id}.mesures.{}", rate.id),
                        id.clone(),
                        rate.id.clone(),
                    ));
                }
            }
        }
    }
    measures
}

/// Parses an acts row's `mesure` (`indicateurs.<i>.mesures.<r>`) into the indicator and rate ids.
pub fn parse_measure(measure: &str) -> Option<(String, String)> {
    let rest = measure.strip_prefix("indicateurs.")?;
    let (indicator, rate) = rest.rsplit_once(".mesures.")?;
    if indicator.is_empty() || rate.is_empty() || rate.contains('.') {
        return None;
    }
    Some((indicator.to_string(), rate.to_string()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_and_print_back() {
        let known = vec!["volet2".to_string(), "volet2.teleservices".to_string()];
        for path in [
            "id",
            "praticien.attestation_sur_l_honneur",
            "indicateurs.volet2.teleservices.reponse",
            "indicateurs.aller_vers.nombres.interventions",
            "indicateurs.teletransmission.mesures.fse.numerateur",
            "indicateurs.dmp.taux.dmp.numerateur",
            "indicateurs.dmp.taux.dmp.denominateur",
            "indicateurs.lap.logiciels.lap.acquisition",
            "indicateurs.lap.logiciels.lap",
        ] {
            assert_eq!(parse(path, &known).unwrap().path(), path);
        }
        assert_eq!(
            parse("indicateurs.volet2.teleservices.reponse", &known).unwrap(),
            Field::Indicator {
                indicator: "volet2.teleservices".into(),
                field: IndicatorField::Answer
            }
        );
        assert!(parse("praticien.age", &known).is_err());
        assert!(parse("indicateurs.x.mesures.fse", &known).is_err());
        assert!(parse("total", &known).is_err());
    }

    #[test]
    fn measures_parse() {
        assert_eq!(
            parse_measure("indicateurs.teletransmission.mesures.fse"),
            Some(("teletransmission".into(), "fse".into()))
        );
        assert_eq!(parse_measure("indicateurs.teletransmission"), None);
    }
}
