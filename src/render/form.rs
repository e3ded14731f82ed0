//! The paper declaration form's model: one layout for the PDF (`templates/form.typ`) and the print
//! HTML (`templates/form.html`), and the list of its fields, each named after the case-file path
//! it answers, which the fillable PDF carries and `guidec read-form` reads back.
//!
//! Everything here is derived from the IR: the sections as the guide names them, with their
//! amounts; the guide's numbers; per declared indicator only the boxes the edition asks for;
//! neutralised and automated indicators said as such; the return address and deadline as one
//! sentence, whatever the spec states or leaves unknown.

use super::words;
use crate::ir::{self, Edition, EvidenceCase, EvidenceKind, Indicator, Kind, Section};
use serde::Serialize;

/// What a box of the form holds, and so how it becomes a PDF field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// A line or boxes of text.
    Text,
    /// A check box, ticked or not.
    Check,
    /// One box of a group of which a single one is ticked.
    Radio,
}

/// Where a field's answer goes in a case file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Who fills the form: kept in the case's description, not evaluated.
    Identity,
    /// `praticien.<flag>: true` when ticked.
    PractitionerFlag(&'static str),
    /// `praticien.specialite`.
    Specialty,
    /// `praticien.exonerations` holds this id when ticked.
    Exemption(String),
    /// `indicateurs.<id>.reponse`: `oui` or `non`.
    Answer(String),
    /// `indicateurs.<id>.choix` holds the ticked option (a radio's value, or this option).
    Choice {
        /// Dotted indicator id.
        indicator: String,
        /// The option, for a check box; `None` for a radio group (its value is the option).
        option: Option<String>,
    },
    /// `indicateurs.<id>.nombres.<count>`: a whole number.
    Count(String, String),
    /// `indicateurs.<id>.taux.<rate>`: a rate the practitioner declares, in %.
    DeclaredRate(String, String),
    /// `indicateurs.<id>.logiciels.<role>.<part>`.
    Software(String, String, &'static str),
    /// `indicateurs.<id>.texte`.
    FreeText(String),
    /// `indicateurs.<id>.justificatif`: the radio's value (`envoye`, `valide`).
    Evidence(String),
    /// Place and date of signature: kept in the description.
    Signature,
}

/// A field of the form.
#[derive(Clone, Debug, Serialize)]
pub struct Field {
    /// Its name in the PDF: the case-file path it answers (`indicateurs.aller_vers.reponse`).
    pub name: String,
    /// Its label, the tooltip (`/TU`) of the PDF field: what it is, said whole.
    pub label: String,
    /// What the form prints beside it (shorter where a heading says the rest).
    pub caption: String,
    /// Text, check box or radio.
    pub kind: FieldKind,
    /// The value of a radio box (`oui`, an option id), or empty.
    pub value: String,
    /// Digit boxes: how many (a comb field), or 0.
    pub digits: usize,
    /// Where its answer goes.
    #[serde(skip)]
    pub target: Target,
}

/// An option of a box group.
#[derive(Serialize)]
pub struct OptionBox {
    /// Its box.
    pub field: Field,
    /// Its label.
    pub label: String,
    /// A remark after the label (`ne valide pas l'indicateur`), or empty.
    pub remark: String,
    /// A number to give with it (`au moins 4 par an`), or none.
    pub count: Option<Field>,
    /// The count's threshold in words, or empty.
    pub count_hint: String,
}

/// A part of an item: a question, a list, software, a count, free text, evidence, a remark.
#[derive(Serialize)]
pub struct Control {
    /// `yesno`, `options`, `software`, `count`, `rate`, `text`, `evidence`, `situation`, `hint`,
    /// `exemption`.
    pub kind: &'static str,
    /// Its label (the question, the list's title, the software's role, the count, a remark).
    pub label: String,
    /// A second line in small print, or empty.
    pub hint: String,
    /// Its boxes, in order.
    pub options: Vec<OptionBox>,
    /// Its text fields (software: vendor, name, version, date; a count; free text).
    pub fields: Vec<Field>,
    /// The list takes several boxes.
    pub multiple: bool,
}

impl Control {
    fn new(kind: &'static str, label: impl Into<String>) -> Self {
        Control {
            kind,
            label: label.into(),
            hint: String::new(),
            options: Vec::new(),
            fields: Vec::new(),
            multiple: false,
        }
    }
}

/// A declared indicator (or sub-indicator) on the form.
#[derive(Serialize)]
pub struct Item {
    /// HTML anchor and Typst label of the item (`f-aller_vers`).
    pub anchor: String,
    /// `Indicateur 3`, or `Indicateur 1.2` for a sub-indicator.
    pub number: String,
    /// The guide's title.
    pub title: String,
    /// Its amount in words, or empty when its section is paid as a whole.
    pub amount: String,
    /// Neutralised: nothing to declare, and why.
    pub neutralised: String,
    /// Its parts.
    pub controls: Vec<Control>,
}

/// An indicator listed with nothing to declare.
#[derive(Serialize)]
pub struct Listed {
    /// `Indicateur 2`.
    pub number: String,
    /// Title (with its sub-indicators).
    pub title: String,
    /// Why there is nothing to declare: `mesuré par l'Assurance Maladie`, `neutralisé …`.
    pub why: String,
}

/// A section of the form, as the guide names it.
#[derive(Serialize)]
pub struct FormSection {
    /// `Volet 1 (prérequis)`.
    pub title: String,
    /// Its total in words.
    pub amount: String,
    /// How it is paid.
    pub gating: String,
    /// The indicators to declare.
    pub items: Vec<Item>,
    /// The indicators with nothing to declare.
    pub listed: Vec<Listed>,
}

/// The form of an edition.
#[derive(Serialize)]
pub struct FormView {
    /// `<programme>/<profession>-<year>`, as in `specs/`.
    pub key: String,
    /// The edition's title.
    pub title: String,
    /// `FAMI`.
    pub programme: String,
    /// The profession, plural, as the spec names it.
    pub profession: String,
    /// N.
    pub year: i32,
    /// Where and when to send it, as one sentence.
    pub return_sentence: String,
    /// How to get it on paper, as the guide says, or empty.
    pub paper: String,
    /// The online route, or empty.
    pub online: String,
    /// `Les deux sections sont à renseigner : …`, or empty with one section.
    pub sections_note: String,
    /// The identification block's fields, in order.
    pub identity: Vec<Field>,
    /// The same fields for the layout: the name and numbers every form asks first…
    pub identity_head: Vec<Field>,
    /// …then the fields the spec declares (`identification`), two to a row…
    pub identity_declared: Vec<Vec<Field>>,
    /// …then the address, telephone and e-mail.
    pub identity_tail: Vec<Field>,
    /// The running header's fields (name, number), repeated on every page.
    pub header: Vec<Field>,
    /// Sections.
    pub sections: Vec<FormSection>,
    /// The sworn statement's box and text.
    pub sworn: Option<OptionBox>,
    /// Place and date of signature.
    pub signature: Vec<Field>,
    /// The edition's maximum in words.
    pub max_total: String,
    /// The form's blocks in order, each with the page it falls on (from the PDF's layout).
    pub units: Vec<Unit>,
    /// How many pages the PDF has (0 before layout).
    pub pages: usize,
}

/// A block of the form that is never split across pages: the title, the identification, a
/// section's heading, an indicator, a section's list of what there is nothing to declare for, the
/// attestation. The PDF and the print HTML lay out the same units, in the same order.
#[derive(Clone, Debug, Serialize)]
pub struct Unit {
    /// `title`, `identity`, `section`, `item`, `listed`, `sworn`.
    pub kind: &'static str,
    /// Its section, for `section`, `item` and `listed`.
    pub s: usize,
    /// Its item within the section, for `item`.
    pub i: usize,
    /// The PDF page it falls on, from 1 (0 before layout).
    pub page: usize,
}

fn units(sections: &[FormSection]) -> Vec<Unit> {
    let unit = |kind, s, i| Unit {
        kind,
        s,
        i,
        page: 0,
    };
    let mut out = vec![unit("title", 0, 0), unit("identity", 0, 0)];
    for (s, section) in sections.iter().enumerate() {
        out.push(unit("section", s, 0));
        for i in 0..section.items.len() {
            out.push(unit("item", s, i));
        }
        if !section.listed.is_empty() {
            out.push(unit("listed", s, 0));
        }
    }
    out.push(unit("sworn", 0, 0));
    out
}

fn field(
    name: impl Into<String>,
    label: impl Into<String>,
    kind: FieldKind,
    target: Target,
) -> Field {
    let label = label.into();
    Field {
        name: name.into(),
        caption: label.clone(),
        label,
        kind,
        value: String::new(),
        digits: 0,
        target,
    }
}

fn text(name: impl Into<String>, label: impl Into<String>, target: Target) -> Field {
    field(name, label, FieldKind::Text, target)
}

fn digits(name: &str, label: &str, count: usize) -> Field {
    Field {
        digits: count,
        ..text(name, label, Target::Identity)
    }
}

/// A field of the identification block declared by the spec: `specialite` is the case files'
/// `praticien.specialite`; any other is kept in the case's description, like the name.
fn declared_identification(declared: &ir::IdentificationField) -> Field {
    let label = declared.label.resolved.clone();
    let field = if declared.id == SPECIALTY {
        text("praticien.specialite", label, Target::Specialty)
    } else {
        text(
            format!("identification.{}", declared.id),
            label,
            Target::Identity,
        )
    };
    Field {
        digits: declared.digits.unwrap_or(0),
        ..field
    }
}

/// The identification field that the case files read as `praticien.specialite`.
pub const SPECIALTY: &str = "specialite";

fn radio(name: &str, value: &str, label: impl Into<String>, target: Target) -> Field {
    Field {
        value: value.to_string(),
        ..field(name, label, FieldKind::Radio, target)
    }
}

fn squash(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A number in words, for the small counts a sentence names (`les deux volets`).
fn count_in_words(n: usize) -> String {
    match n {
        2 => "deux".into(),
        3 => "trois".into(),
        4 => "quatre".into(),
        5 => "cinq".into(),
        n => n.to_string(),
    }
}

/// The return sentence: where to send the form and by when, or that they are not known.
pub fn return_sentence(edition: &Edition) -> String {
    let address = edition
        .paper
        .as_ref()
        .map(|p| p.value.return_to.resolved.trim().to_string())
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| "votre caisse".to_string());
    let deadline = words::deadline(edition)
        .unwrap_or_else(|| "non communiquée à la date de publication".to_string());
    format!(
        "Formulaire à renvoyer complété, daté et signé, revêtu de votre cachet, avec vos justificatifs éventuels, à {address} ; date limite : {deadline}."
    )
}

struct Builder<'a> {
    edition: &'a Edition,
    /// The practitioner's situation boxes already on the form (one box per case-file field).
    situation_done: bool,
}

impl Builder<'_> {
    fn item(
        &mut self,
        indicator: &Indicator,
        dotted: &str,
        number: String,
        paid_whole: bool,
    ) -> Item {
        let base = format!("indicateurs.{dotted}");
        let mut controls = Vec::new();
        let title = indicator.title.resolved.clone();
        if let Some(prefill) = &indicator.prefill {
            let mut hint = Control::new(
                "hint",
                format!(
                    "En ligne, cet indicateur est pré-rempli à partir de : {}. Sur papier, déclarez-le ci-dessous.",
                    prefill.value.source.resolved
                ),
            );
            hint.hint = String::new();
            controls.push(hint);
        }
        if let Some(question) = &indicator.question {
            let q = question.value.resolved.clone();
            // A question that repeats the title asks whether the indicator is met.
            let label = if squash(&q) == squash(&title) {
                format!("Indicateur atteint au {}", self.edition.assessment.value)
            } else {
                q
            };
            let name = format!("{base}.reponse");
            let mut control = Control::new("yesno", label.clone());
            for (value, word) in [("oui", "Oui"), ("non", "Non")] {
                control.options.push(OptionBox {
                    field: radio(
                        &name,
                        value,
                        format!("{title} — {label} : {word}"),
                        Target::Answer(dotted.to_string()),
                    ),
                    label: word.to_string(),
                    remark: String::new(),
                    count: None,
                    count_hint: String::new(),
                });
            }
            controls.push(control);
        }
        let several_lists = indicator.choices.len() > 1;
        for (n, choice) in indicator.choices.iter().enumerate() {
            let mut control = Control::new("options", choice.label.resolved.clone());
            control.multiple = choice.multiple;
            control.hint = if choice.multiple {
                "cochez toutes les cases qui s'appliquent".into()
            } else {
                "cochez une seule case".into()
            };
            let group = if several_lists {
                format!("{base}.choix.{}", n + 1)
            } else {
                format!("{base}.choix")
            };
            for option in &choice.options {
                let label = option.label.resolved.clone();
                let box_field = if choice.multiple {
                    field(
                        format!("{base}.choix.{}", option.id),
                        format!("{} : {label}", choice.label.resolved),
                        FieldKind::Check,
                        Target::Choice {
                            indicator: dotted.to_string(),
                            option: Some(option.id.clone()),
                        },
                    )
                } else {
                    radio(
                        &group,
                        &option.id,
                        format!("{} : {label}", choice.label.resolved),
                        Target::Choice {
                            indicator: dotted.to_string(),
                            option: None,
                        },
                    )
                };
                let (count, count_hint) = match option.minimum_per_year {
                    Some(minimum) => (
                        Some(text(
                            format!("{base}.nombres.{}", option.id),
                            format!("{label} : nombre dans l'année"),
                            Target::Count(dotted.to_string(), option.id.clone()),
                        )),
                        format!("nombre dans l'année (au moins {minimum})"),
                    ),
                    None => (None, String::new()),
                };
                control.options.push(OptionBox {
                    field: box_field,
                    label,
                    remark: if option.accepted {
                        String::new()
                    } else {
                        "ne valide pas l'indicateur".into()
                    },
                    count,
                    count_hint,
                });
            }
            controls.push(control);
        }
        for software in &indicator.software {
            let role = &software.value.id;
            let mut control = Control::new("software", software.value.label.resolved.clone());
            for (part, label) in [
                ("editeur", "Éditeur"),
                ("nom", "Nom du logiciel"),
                ("version", "Version"),
                ("acquisition", "Acquis le (JJ/MM/AAAA)"),
            ] {
                control.fields.push(Field {
                    caption: label.to_string(),
                    ..text(
                        format!("{base}.logiciels.{role}.{part}"),
                        format!("{} : {label}", software.value.label.resolved),
                        Target::Software(dotted.to_string(), role.clone(), part),
                    )
                });
            }
            controls.push(control);
        }
        for exemption in &indicator.exemptions {
            let id = match &exemption.value.target {
                ir::ExemptionTarget::Software(role) => role.clone(),
                ir::ExemptionTarget::Whole => indicator.id.clone(),
            };
            let mut control = Control::new("exemption", "Exonération");
            control.options.push(OptionBox {
                field: field(
                    format!("praticien.exonerations.{id}"),
                    format!("Exonération : {}", exemption.value.text.resolved),
                    FieldKind::Check,
                    Target::Exemption(id),
                ),
                label: exemption.value.text.resolved.clone(),
                remark: String::new(),
                count: None,
                count_hint: String::new(),
            });
            controls.push(control);
        }
        for count in &indicator.counts {
            let mut control = Control::new("count", count.label.resolved.clone());
            control.hint = count
                .threshold
                .as_ref()
                .map(|t| format!("seuil : {} {}", t.op.words(), t.value))
                .unwrap_or_default();
            control.fields.push(text(
                format!("{base}.nombres.{}", count.id),
                count.label.resolved.clone(),
                Target::Count(dotted.to_string(), count.id.clone()),
            ));
            controls.push(control);
        }
        for rate in indicator.rates.iter().filter(|r| r.declared) {
            let mut control = Control::new("rate", rate.label.resolved.clone());
            control.hint = words::declared_rate_hint(rate);
            control.fields.push(text(
                format!("{base}.taux.{}", rate.id),
                format!("{} (en %)", rate.label.resolved),
                Target::DeclaredRate(dotted.to_string(), rate.id.clone()),
            ));
            controls.push(control);
        }
        if let Some(free) = &indicator.free_text {
            let mut control = Control::new("text", free.value.label.resolved.clone());
            if free.value.mandatory_if_yes {
                control.hint = "obligatoire si vous répondez oui".into();
            }
            control.fields.push(text(
                format!("{base}.texte"),
                free.value.label.resolved.clone(),
                Target::FreeText(dotted.to_string()),
            ));
            controls.push(control);
        }
        for evidence in &indicator.evidence {
            self.evidence(evidence, dotted, &title, &mut controls);
        }
        let own_amount = || {
            indicator
                .amount
                .as_ref()
                .map(|a| words::amount_spec(&a.value))
                .unwrap_or_else(|| words::amount(indicator.max_amount()))
        };
        let amount = match &indicator.optional {
            // Not required by its section, paid its own amount on top.
            Some(optional) => format!(
                "{} : {} en plus, s'il est atteint",
                optional.value.in_words(),
                own_amount()
            ),
            None if paid_whole => String::new(),
            None => own_amount(),
        };
        Item {
            anchor: format!("f-{}", dotted.replace('.', "-")),
            number,
            title,
            amount,
            neutralised: indicator
                .neutralised
                .as_ref()
                .map(|n| n.value.resolved.clone())
                .unwrap_or_default(),
            controls,
        }
    }

    fn evidence(
        &mut self,
        evidence: &ir::Evidence,
        dotted: &str,
        title: &str,
        controls: &mut Vec<Control>,
    ) {
        let cases = &evidence.required_when;
        match &evidence.kind {
            EvidenceKind::None => {}
            EvidenceKind::Sworn => {
                let sworn = if evidence.sworn_in_declaration {
                    "Justificatif : en déclarant cet indicateur, vous attestez sur l'honneur en remplir les conditions"
                } else {
                    "Justificatif : attestation sur l'honneur (en fin de formulaire)"
                };
                // Keeping the evidence for a later check is said only where the edition says it.
                let label = if evidence.kept_for_control {
                    format!("{sworn} ; conservez vos justificatifs pour un éventuel contrôle.")
                } else {
                    format!("{sworn}.")
                };
                let mut control = Control::new("hint", label);
                if !cases.is_empty() && !cases.contains(&EvidenceCase::Always) {
                    control.hint = words::evidence_when(evidence).unwrap_or_default();
                }
                controls.push(control);
            }
            EvidenceKind::Document(what) => {
                let what = what.resolved.clone();
                let shows = if evidence.shows.is_empty() {
                    String::new()
                } else {
                    format!(
                        " Il doit mentionner : {}.",
                        evidence
                            .shows
                            .iter()
                            .map(|s| s.resolved.clone())
                            .collect::<Vec<_>>()
                            .join(" ; ")
                    )
                };
                if cases.len() == 1 && cases[0] == EvidenceCase::OnRequest {
                    // Sent only when the caisse asks: nothing to join now.
                    let mut control = Control::new(
                        "hint",
                        format!("Justificatif à fournir sur demande de la caisse : {what}.{shows}"),
                    );
                    control.hint = "Conservez-le ; ne le joignez pas à ce formulaire.".into();
                    controls.push(control);
                    return;
                }
                let situational = cases
                    .iter()
                    .any(|c| matches!(c, EvidenceCase::FirstYear | EvidenceCase::VendorChange));
                if situational && !self.situation_done {
                    self.situation_done = true;
                    let mut control = Control::new(
                        "situation",
                        "Votre situation (elle décide si le justificatif est dû)",
                    );
                    control.multiple = true;
                    for (case, flag, label) in [
                        (
                            EvidenceCase::FirstYear,
                            "premiere_annee",
                            format!("{} est ma première année de déclaration", self.edition.year),
                        ),
                        (
                            EvidenceCase::VendorChange,
                            "changement_editeur",
                            format!("J'ai changé d'éditeur de logiciel en {}", self.edition.year),
                        ),
                    ] {
                        if cases.contains(&case) {
                            control.options.push(OptionBox {
                                field: field(
                                    format!("praticien.{flag}"),
                                    format!("{title} — situation : {label}"),
                                    FieldKind::Check,
                                    Target::PractitionerFlag(flag),
                                ),
                                label,
                                remark: String::new(),
                                count: None,
                                count_hint: String::new(),
                            });
                        }
                    }
                    controls.push(control);
                }
                let mut control =
                    Control::new("evidence", format!("Justificatif : {what}.{shows}"));
                control.hint = words::evidence_when(evidence).unwrap_or_default();
                let name = format!("indicateurs.{dotted}.justificatif");
                let mut states = vec![("envoye", "Je le joins à ce formulaire".to_string())];
                if situational || evidence.validity.is_some() {
                    states.push((
                        "valide",
                        "Pièce justificative déjà validée par la CPAM (ni première année, ni changement d'éditeur)".to_string(),
                    ));
                }
                for (value, label) in states {
                    control.options.push(OptionBox {
                        field: radio(
                            &name,
                            value,
                            format!("{title} — justificatif : {label}"),
                            Target::Evidence(dotted.to_string()),
                        ),
                        label,
                        remark: String::new(),
                        count: None,
                        count_hint: String::new(),
                    });
                }
                controls.push(control);
            }
        }
    }

    fn section(&mut self, section: &Section, number_prefix: &str) -> FormSection {
        let paid_whole = section.amount.is_some();
        let mut items = Vec::new();
        let mut listed = Vec::new();
        for (rank, indicator) in section.indicators.iter().enumerate() {
            let n = indicator.number.map_or(rank as i64 + 1, |n| n);
            let number = format!("{number_prefix}Indicateur {n}");
            let declared_subs = indicator.subs.iter().any(|s| s.kind != Kind::Automated);
            let neutralised = indicator
                .neutralised
                .as_ref()
                .map(|n| n.value.resolved.clone());
            if let Some(why) = neutralised {
                listed.push(Listed {
                    number,
                    title: indicator.title.resolved.clone(),
                    why: if why.to_lowercase().contains("neutralis") {
                        format!("{} : rien à déclarer", why.trim_end_matches('.'))
                    } else {
                        format!(
                            "neutralisé, {} : rien à déclarer",
                            why.trim_end_matches('.')
                        )
                    },
                });
            } else if indicator.kind == Kind::Automated && !declared_subs {
                let subs: Vec<String> = indicator
                    .subs
                    .iter()
                    .map(|s| s.title.resolved.clone())
                    .collect();
                listed.push(Listed {
                    number,
                    title: if subs.is_empty() {
                        indicator.title.resolved.clone()
                    } else {
                        format!("{} ({})", indicator.title.resolved, subs.join(" ; "))
                    },
                    why: match &indicator.optional {
                        Some(optional) => format!(
                            "{}, {} en plus s'il est atteint ; mesuré par l'Assurance Maladie : rien à déclarer",
                            optional.value.in_words(),
                            words::amount(indicator.max_amount())
                        ),
                        None => "mesuré par l'Assurance Maladie : rien à déclarer".into(),
                    },
                });
            } else if indicator.kind == Kind::Automated {
                // Measured as a whole, but some of its parts are declared.
                for (sub_rank, sub) in indicator.subs.iter().enumerate() {
                    let sub_number =
                        format!("{number}.{}", sub.number.map_or(sub_rank as i64 + 1, |n| n));
                    if sub.kind == Kind::Automated {
                        listed.push(Listed {
                            number: sub_number,
                            title: sub.title.resolved.clone(),
                            why: "mesuré par l'Assurance Maladie : rien à déclarer".into(),
                        });
                    } else {
                        items.push(self.item(
                            sub,
                            &format!("{}.{}", indicator.id, sub.id),
                            sub_number,
                            paid_whole,
                        ));
                    }
                }
            } else {
                items.push(self.item(indicator, &indicator.id, number, paid_whole));
            }
        }
        let optional = words::optional_part(section);
        FormSection {
            title: section.title.resolved.clone(),
            amount: section
                .amount
                .as_ref()
                .map(|a| {
                    if optional.is_empty() {
                        words::amount_spec(&a.value)
                    } else {
                        // `280 points (1 960 €) ; total 430 points (3 010 €), dont 150 points
                        // (1 050 €) pour les indicateurs facultatifs`
                        format!(
                            "{} ; {}",
                            words::amount_spec(&a.value),
                            optional.trim_end_matches('.').replacen("Total", "total", 1)
                        )
                    }
                })
                .unwrap_or_else(|| match section.unknown_rest_amount() {
                    Some(rest) => format!(
                        "{}, dont {} que les sources ne détaillent pas",
                        words::amount(section.max_amount()),
                        words::amount(rest)
                    ),
                    None => words::amount(section.max_amount()),
                }),
            gating: words::gating(section, self.edition),
            items,
            listed,
        }
    }
}

/// The form of an edition.
pub fn form(edition: &Edition) -> FormView {
    let mut builder = Builder {
        edition,
        situation_done: false,
    };
    let sections: Vec<FormSection> = edition
        .sections
        .iter()
        .map(|s| builder.section(s, ""))
        .collect();
    let with_items = sections.iter().filter(|s| !s.items.is_empty()).count();
    let sections_note = if with_items > 1 {
        // The guide's own word for its parts when every title starts with it (`Volet 1`, `Volet 2`).
        let firsts: Vec<&str> = sections
            .iter()
            .filter(|s| !s.items.is_empty())
            .filter_map(|s| s.title.split_whitespace().next())
            .collect();
        let noun = match firsts.first() {
            Some(first)
                if firsts.iter().all(|f| f == first) && first.chars().all(char::is_alphabetic) =>
            {
                format!("{}s", first.to_lowercase())
            }
            _ => "parties".to_string(),
        };
        format!(
            "Les {} {noun} sont à renseigner : {}.",
            count_in_words(with_items),
            sections
                .iter()
                .filter(|s| !s.items.is_empty())
                .map(|s| format!("« {} »", s.title))
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        String::new()
    };
    let online = edition
        .online
        .as_ref()
        .map(|route| {
            let button = route
                .value
                .button
                .as_ref()
                .map(|b| format!(", « {} »", b.resolved))
                .unwrap_or_default();
            format!(
                "Vous pouvez aussi déclarer en ligne sur {} : {}{button}.",
                edition.portal, route.value.menu.resolved
            )
        })
        .unwrap_or_default();
    let mut identity = vec![
        text("identification.nom", "Nom", Target::Identity),
        text("identification.prenom", "Prénom", Target::Identity),
        digits(
            "identification.numero_am",
            "N° Assurance Maladie (9 chiffres)",
            9,
        ),
        digits("identification.rpps", "N° RPPS (11 chiffres)", 11),
    ];
    // The fields the spec adds (`identification specialite "Spécialité"`), after the numbers.
    let declared: Vec<Field> = edition
        .labels
        .identification
        .iter()
        .map(declared_identification)
        .collect();
    let identity_head = identity.clone();
    identity.extend(declared.iter().cloned());
    let identity_tail = vec![
        text(
            "identification.adresse",
            "Adresse du cabinet",
            Target::Identity,
        ),
        digits("identification.code_postal", "Code postal", 5),
        text("identification.commune", "Commune", Target::Identity),
        digits("identification.telephone", "Téléphone", 10),
        text(
            "identification.courriel",
            "Adresse électronique",
            Target::Identity,
        ),
    ];
    identity.extend(identity_tail.iter().cloned());
    let identity_declared = declared.chunks(2).map(<[Field]>::to_vec).collect();
    let header = vec![
        text("identification.nom", "Nom", Target::Identity),
        digits(
            "identification.numero_am",
            "N° Assurance Maladie (9 chiffres)",
            9,
        ),
    ];
    FormView {
        key: edition.key(),
        title: edition.title.resolved.clone(),
        programme: edition.labels.programme.clone(),
        profession: edition.labels.profession.clone(),
        year: edition.year,
        return_sentence: return_sentence(edition),
        paper: edition
            .paper
            .as_ref()
            .map(|p| {
                let how = p
                    .value
                    .how
                    .resolved
                    .trim()
                    .trim_end_matches('.')
                    .to_string();
                format!("{how}.")
            })
            .filter(|how| how != ".")
            .unwrap_or_default(),
        online,
        sections_note,
        identity,
        identity_head,
        identity_declared,
        identity_tail,
        header,
        sworn: edition.sworn_statement.as_ref().map(|s| OptionBox {
            field: field(
                "praticien.attestation_sur_l_honneur",
                format!("Attestation sur l'honneur : {}", s.value.resolved),
                FieldKind::Check,
                Target::PractitionerFlag("attestation_sur_l_honneur"),
            ),
            label: s.value.resolved.clone(),
            remark: String::new(),
            count: None,
            count_hint: String::new(),
        }),
        signature: vec![
            text("signature.lieu", "Fait à", Target::Signature),
            text("signature.date", "Le (JJ/MM/AAAA)", Target::Signature),
        ],
        max_total: words::amount(edition.max_total()),
        units: units(&sections),
        pages: 0,
        sections,
    }
}

/// Every field of the form, once per name (a radio group once per value), in the form's order.
pub fn fields(view: &FormView) -> Vec<&Field> {
    fn push<'a>(f: &'a Field, out: &mut Vec<&'a Field>) {
        if !out.iter().any(|o| o.name == f.name && o.value == f.value) {
            out.push(f);
        }
    }
    let mut out: Vec<&Field> = Vec::new();
    for f in &view.identity {
        push(f, &mut out);
    }
    for section in &view.sections {
        for item in &section.items {
            for control in &item.controls {
                for option in &control.options {
                    push(&option.field, &mut out);
                    if let Some(count) = &option.count {
                        push(count, &mut out);
                    }
                }
                for f in &control.fields {
                    push(f, &mut out);
                }
            }
        }
    }
    if let Some(sworn) = &view.sworn {
        push(&sworn.field, &mut out);
    }
    for f in &view.signature {
        push(f, &mut out);
    }
    out
}
