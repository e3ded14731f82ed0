//! The one place where a table row becomes a case: declaration cells are turned into a case file
//! (`guidec::case::CaseFile`), each cell read by the case reader's rules
//! (`guidec_runtime::case_file::field`), rates checked by the runtime's own conversion, then
//! validated exactly as a case file read from YAML is (`guidec::case::validate`); the acts, read
//! and checked by [`crate::acts`] and tallied by the run, are given to the validated case.
//!
//! The mapping is docs/POPULATION.md's; its inverse, a case file written as rows, is
//! [`crate::generate::rows_of_case`].

use crate::columns::{Field, IndicatorField, Practitioner, SoftwareDetail};
use guidec::case::{self, Answer, CaseFile, EvidenceState, IndicatorInput, SoftwareInput};
use guidec::ir;
use guidec_runtime::acts::{RateInput, RateLine};
use guidec_runtime::case_file::{self, Expected, Spanned, Value};
use guidec_runtime::{Date, DeclaredRate};
use std::collections::BTreeMap;

/// A row that does not fit: where, which field, why (in French).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reject {
    /// The row's number in its table, from 1 (0: the whole table).
    pub row: u64,
    /// `declarations`, `actes` or `cas`.
    pub table: &'static str,
    /// The practitioner, when known.
    pub id: String,
    /// The column or the case-file path.
    pub field: String,
    /// Why.
    pub reason: String,
}

/// A declarations row: its cells, in the order of the file's columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    /// The row's number, from 1.
    pub row: u64,
    /// The practitioner.
    pub id: String,
    /// The cells (an empty cell is `None`), aligned with the file's [`Field`]s.
    pub cells: Vec<Option<String>>,
}

/// A value built from a row: no line or column of a case file to point at.
fn spanned<T>(value: T) -> Spanned<T> {
    Spanned {
        value,
        line: 0,
        column: 0,
    }
}

/// A date as case files and tables write it: `AAAA-MM-JJ`.
pub fn iso(date: Date) -> String {
    // The calendar holds years 1 to 9999: four digits always.
    let year = u32::try_from(date.year()).unwrap_or(0).min(9999);
    let digit = |n: u32| char::from(b'0' + u8::try_from(n % 10).unwrap_or(0));
    let (month, day) = (date.month(), date.day());
    [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        '-',
        digit(month / 10),
        digit(month),
        '-',
        digit(day / 10),
        digit(day),
    ]
    .into_iter()
    .collect()
}

/// Reads a yes/no cell as the case reader reads a yes/no (`oui`, `non`, `true`, `false`).
pub fn boolean(text: &str) -> Result<bool, String> {
    case_file::yes_no(text.trim())
}

/// Reads a whole number cell.
pub fn integer(text: &str) -> Result<i64, String> {
    text.trim()
        .parse::<i64>()
        .map_err(|_| format!("attendu un nombre entier, lu « {} »", text.trim()))
}

/// Reads a date cell as the case reader reads a date (`AAAA-MM-JJ`), or written the French way
/// (`JJ/MM/AAAA`, as a spreadsheet set to French exports a date), checked the same way.
pub fn date(text: &str) -> Result<Date, String> {
    let text = text.trim();
    match iso_of_french_date(text) {
        Some(iso) => case_file::date(&iso),
        None => case_file::date(text),
    }
    .map_err(|error| format!("{error} (ou `JJ/MM/AAAA`)"))
}

/// `JJ/MM/AAAA` (two digits, two digits, four digits) written `AAAA-MM-JJ`; `None` for any other
/// text.
fn iso_of_french_date(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let french = bytes.len() == 10
        && bytes.get(2) == Some(&b'/')
        && bytes.get(5) == Some(&b'/')
        && digits(0..2)
        && digits(3..5)
        && digits(6..10);
    french.then(|| {
        format!(
            "{}-{}-{}",
            text.get(6..10).unwrap_or_default(),
            text.get(3..5).unwrap_or_default(),
            text.get(0..2).unwrap_or_default()
        )
    })
}

/// The largest whole number a case file's counts take (an `i64`).
const MAX_NUMBER: u64 = i64::MAX as u64;

/// Reads a declaration cell by the case reader's rules for `expected`, naming `path`.
fn cell(expected: Expected, text: &str, path: &str) -> Result<Value, String> {
    case_file::field(expected, text.trim(), path, 0, 0).map_err(|error| error.message)
}

fn cell_yes_no(text: &str, path: &str) -> Result<bool, String> {
    match cell(Expected::YesNo, text, path)? {
        Value::YesNo(value) => Ok(value),
        _ => Err("attendu `oui` ou `non`".into()),
    }
}

fn cell_number(text: &str, path: &str) -> Result<i64, String> {
    match cell(Expected::Number(MAX_NUMBER), text, path)? {
        Value::Number(n) => i64::try_from(n).map_err(|_| "nombre trop grand".to_string()),
        _ => Err("attendu un nombre entier".into()),
    }
}

fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// Builds the case file a declaration row stands for, or the cells that do not fit. Its acts
/// are not in it: the run tallies them as it reads them and gives the validated case their
/// tallies (`guidec::case::Case::put_tally`).
pub fn case_file(
    edition: &ir::Edition,
    fields: &[Field],
    declaration: &Declaration,
) -> Result<CaseFile, Vec<Reject>> {
    let mut rejects = Vec::new();
    let reject = |rejects: &mut Vec<Reject>, field: &Field, reason: String| {
        rejects.push(Reject {
            row: declaration.row,
            table: "declarations",
            id: declaration.id.clone(),
            field: field.path(),
            reason,
        });
    };
    let mut practitioner = case::Practitioner::default();
    let mut indicators: BTreeMap<String, IndicatorInput> = BTreeMap::new();
    let mut rates: BTreeMap<(String, String), RateLine> = BTreeMap::new();
    let mut declared: BTreeMap<(String, String), (Option<i64>, Option<i64>)> = BTreeMap::new();
    let mut declared_false: Vec<(String, String)> = Vec::new();
    for (field, cell) in fields.iter().zip(&declaration.cells) {
        let Some(text) = cell.as_deref() else {
            continue;
        };
        let path = field.path();
        match field {
            Field::Id => {}
            Field::Practitioner(p) => {
                let flag = |rejects: &mut Vec<Reject>| match cell_yes_no(text, &path) {
                    Ok(value) => Some(value),
                    Err(reason) => {
                        reject(rejects, field, reason);
                        None
                    }
                };
                match p {
                    Practitioner::Specialty => practitioner.specialite = Some(text.into()),
                    Practitioner::Exemptions => {
                        practitioner.exonerations = list(text).into_iter().map(spanned).collect();
                    }
                    Practitioner::FirstYear => {
                        practitioner.premiere_annee = flag(&mut rejects).unwrap_or_default();
                    }
                    Practitioner::VendorChanged => {
                        practitioner.changement_editeur = flag(&mut rejects).unwrap_or_default();
                    }
                    Practitioner::EvidenceRequested => {
                        practitioner.justificatif_demande = flag(&mut rejects).unwrap_or_default();
                    }
                    Practitioner::Sworn => {
                        practitioner.attestation_sur_l_honneur = flag(&mut rejects);
                    }
                    Practitioner::TransmittedPreviousYear => {
                        practitioner.fse_annee_precedente = flag(&mut rejects);
                    }
                    Practitioner::FirstClaim => match date(text) {
                        Ok(date) => practitioner.premiere_fse = Some(date),
                        Err(reason) => reject(&mut rejects, field, reason),
                    },
                }
            }
            Field::Indicator {
                indicator,
                field: what,
            } => {
                let input = indicators.entry(indicator.clone()).or_default();
                let result: Result<(), String> = (|| {
                    match what {
                        IndicatorField::Prefilled => {
                            *input.prerempli = Some(cell_yes_no(text, &path)?);
                        }
                        IndicatorField::Answer => {
                            *input.reponse = Some(spanned(if cell_yes_no(text, &path)? {
                                Answer::Yes
                            } else {
                                Answer::No
                            }));
                        }
                        IndicatorField::Text => *input.texte = Some(spanned(text.to_string())),
                        IndicatorField::Software(role) => {
                            if cell_yes_no(text, &path)? {
                                input
                                    .logiciels
                                    .entry(role.clone())
                                    .or_insert_with(|| spanned(SoftwareInput::default()));
                            } else {
                                declared_false.push((indicator.clone(), role.clone()));
                            }
                        }
                        IndicatorField::SoftwareDetail(role, detail) => {
                            let software = &mut input
                                .logiciels
                                .entry(role.clone())
                                .or_insert_with(|| spanned(SoftwareInput::default()))
                                .value;
                            let value = Some(text.to_string());
                            match detail {
                                SoftwareDetail::Vendor => software.editeur = value,
                                SoftwareDetail::Name => software.nom = value,
                                SoftwareDetail::Version => software.version = value,
                                SoftwareDetail::Acquired => {
                                    software.acquisition = Some(date(text)?);
                                }
                            }
                        }
                        IndicatorField::Choices => *input.choix = Some(spanned(list(text))),
                        IndicatorField::Count(id) => {
                            input
                                .nombres
                                .insert(id.clone(), spanned(cell_number(text, &path)?));
                        }
                        IndicatorField::Numerator(id) => {
                            rates
                                .entry((indicator.clone(), id.clone()))
                                .or_default()
                                .numerateur = Some(cell_number(text, &path)?);
                        }
                        IndicatorField::Denominator(id) => {
                            rates
                                .entry((indicator.clone(), id.clone()))
                                .or_default()
                                .denominateur = Some(cell_number(text, &path)?);
                        }
                        IndicatorField::DeclaredNumerator(id) => {
                            declared
                                .entry((indicator.clone(), id.clone()))
                                .or_default()
                                .0 = Some(cell_number(text, &path)?);
                        }
                        IndicatorField::DeclaredDenominator(id) => {
                            declared
                                .entry((indicator.clone(), id.clone()))
                                .or_default()
                                .1 = Some(cell_number(text, &path)?);
                        }
                        IndicatorField::Finding(id) => {
                            input
                                .constats
                                .insert(id.clone(), spanned(cell_yes_no(text, &path)?));
                        }
                        IndicatorField::Evidence => {
                            *input.justificatif = Some(spanned(match text.trim() {
                                "envoyé" | "envoye" => EvidenceState::Sent,
                                "validé" | "valide" => EvidenceState::Validated,
                                "absent" => EvidenceState::Missing,
                                other => {
                                    return Err(format!(
                                        "attendu `envoyé`, `validé` ou `absent`, lu « {other} »"
                                    ))
                                }
                            }));
                        }
                    }
                    Ok(())
                })();
                if let Err(reason) = result {
                    reject(&mut rejects, field, reason);
                }
            }
        }
    }
    for (indicator, role) in declared_false {
        if indicators
            .get(&indicator)
            .is_some_and(|input| input.logiciels.contains_key(&role))
        {
            rejects.push(Reject {
                row: declaration.row,
                table: "declarations",
                id: declaration.id.clone(),
                field: format!("indicateurs.{indicator}.logiciels.{role}"),
                reason: "le logiciel est dit non déclaré (`non`) mais ses détails sont remplis"
                    .into(),
            });
        }
    }
    for ((indicator, rate), counts) in declared {
        // The reader's own rule for a declared rate given as counts.
        let read = match counts {
            (Some(numerator), Some(denominator)) => DeclaredRate::counts(numerator, denominator),
            _ => Err("donnez `numerateur` et `denominateur`".into()),
        };
        match read {
            Ok(value) => {
                indicators
                    .entry(indicator)
                    .or_default()
                    .taux
                    .insert(rate, spanned(value));
            }
            Err(reason) => rejects.push(Reject {
                row: declaration.row,
                table: "declarations",
                id: declaration.id.clone(),
                field: format!("indicateurs.{indicator}.taux.{rate}"),
                reason,
            }),
        }
    }
    for ((indicator, rate), line) in rates {
        match RateInput::try_from(line) {
            Ok(input) => {
                indicators
                    .entry(indicator)
                    .or_default()
                    .mesures
                    .insert(rate, spanned(input));
            }
            Err(reason) => rejects.push(Reject {
                row: declaration.row,
                table: "declarations",
                id: declaration.id.clone(),
                field: format!("indicateurs.{indicator}.mesures.{rate}"),
                reason,
            }),
        }
    }
    if !rejects.is_empty() {
        return Err(rejects);
    }
    Ok(CaseFile {
        edition: spanned(edition.key()),
        description: None,
        praticien: practitioner,
        indicateurs: indicators
            .into_iter()
            .map(|(id, input)| (id, spanned(input)))
            .collect(),
        attendu: None,
    })
}

/// Validates the case file a row stands for, as the case-file reader does, giving the case or
/// the rejects, at the declaration's row (the acts were checked row by row as they were read).
pub fn validate(
    file: &CaseFile,
    edition: &ir::Edition,
    declaration: &Declaration,
) -> Result<case::Case, Vec<Reject>> {
    case::validate(file, edition).map_err(|errors| {
        errors
            .into_iter()
            .map(|error| Reject {
                row: declaration.row,
                table: "declarations",
                id: declaration.id.clone(),
                field: error.field,
                reason: error.message,
            })
            .collect()
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_case_files_write_them() {
        assert_eq!(iso(Date::from_ymd(2025, 3, 9).unwrap()), "2025-03-09");
        assert_eq!(iso(Date::from_ymd(12, 12, 31).unwrap()), "0012-12-31");
        assert_eq!(date("2025-03-09").map(iso).unwrap(), "2025-03-09");
    }

    #[test]
    fn dates_are_read_the_french_way_too_and_checked_the_same() {
        assert_eq!(date("09/03/2025").map(iso).unwrap(), "2025-03-09");
        assert_eq!(date(" 29/02/2024 ").map(iso).unwrap(), "2024-02-29");
        assert_eq!(date("31/12/2024").map(iso), Ok("2024-12-31".to_string()));
        for bad in [
            "29/02/2025",
            "9/3/2025",
            "09-03-2025",
            "32/01/2025",
            "09/03/25",
            "2025/03/09",
        ] {
            let error = date(bad).unwrap_err();
            assert!(
                error.contains("AAAA-MM-JJ") && error.contains("JJ/MM/AAAA"),
                "{bad}: {error}"
            );
        }
    }

    fn rate_cell(part: IndicatorField) -> Field {
        Field::Indicator {
            indicator: "teletransmission".into(),
            field: part,
        }
    }

    /// A declared rate's two columns become the case file's `taux`, by the reader's rule: a
    /// denominator of 0 is refused with the field and why.
    #[test]
    fn declared_rates_are_read_from_their_columns() {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/declared/specs/forfait_structure/declare-2025.guide");
        let edition = guidec::driver::check_file(&spec).unwrap().edition.unwrap();
        let declared = |part: &str| Field::Indicator {
            indicator: "dmp".into(),
            field: if part == "numerateur" {
                IndicatorField::DeclaredNumerator("dmp".into())
            } else {
                IndicatorField::DeclaredDenominator("dmp".into())
            },
        };
        let fields = [Field::Id, declared("numerateur"), declared("denominateur")];
        let row = |numerator: &str, denominator: &str| Declaration {
            row: 2,
            id: "p".into(),
            cells: vec![
                Some("p".into()),
                Some(numerator.into()),
                Some(denominator.into()),
            ],
        };
        let file = case_file(&edition, &fields, &row("235", "1000")).unwrap();
        let rate = file.indicateurs["dmp"].value.taux["dmp"].value;
        assert_eq!((rate.numerator, rate.denominator), (235, 1000));
        let rejects = case_file(&edition, &fields, &row("3", "0")).err().unwrap();
        assert_eq!(rejects.len(), 1);
        assert_eq!(rejects[0].field, "indicateurs.dmp.taux.dmp");
        assert!(
            rejects[0].reason.contains("au moins 1"),
            "{}",
            rejects[0].reason
        );
    }

    #[test]
    fn cells_are_refused_as_a_case_file_refuses_them() {
        let fields = [
            Field::Id,
            Field::Practitioner(Practitioner::Sworn),
            rate_cell(IndicatorField::Numerator("fse".into())),
            rate_cell(IndicatorField::Denominator("taux".into())),
        ];
        let declaration = Declaration {
            row: 4,
            id: "p".into(),
            cells: vec![
                Some("p".into()),
                Some("oui".into()),
                Some("-3".into()),
                Some("12".into()),
            ],
        };
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../specs/fami/chirurgiens_dentistes-2025.guide");
        let edition = guidec::driver::check_file(&spec).unwrap().edition.unwrap();
        let rejects = case_file(&edition, &fields, &declaration).err().unwrap();
        let reason = |field: &str| {
            rejects
                .iter()
                .find(|r| r.field == field)
                .map(|r| (r.table, r.row, r.reason.clone()))
        };
        assert_eq!(
            reason("indicateurs.teletransmission.mesures.fse.numerateur"),
            Some((
                "declarations",
                4,
                case_file::whole_number("-3", MAX_NUMBER).unwrap_err()
            ))
        );
        assert_eq!(
            reason("indicateurs.teletransmission.mesures.taux"),
            Some((
                "declarations",
                4,
                "donnez `numerateur` et `denominateur`, ou `actes`".into()
            ))
        );
        assert!(reason("praticien.attestation_sur_l_honneur").is_none());
    }
}
