//! Synthetic specs of any size, valid by construction, for benchmarks and scale tests.
//!
//! [`synthetic_spec`] writes an edition with exactly the requested number of
//! indicators (sub-indicators included, as [`crate::ir::Section::all_indicators`]
//! counts them), spread over a prerequisite section paid as a whole,
//! complementary sections with per-indicator amounts and a stated `total`, and
//! independent sections. Indicators cycle through nine shapes that together use
//! every kind of statement of the language (question, options, software, rates
//! with conditions on acts, counts, findings, evidence, prose with
//! placeholders, sub-indicators written inside or beside their parent). The
//! text depends only on the size: no randomness, no clock.
//!
//! [`synthetic_edition_pair`] writes two consecutive editions of the same
//! guide that differ in a deterministic fraction (about one in five, chosen
//! independently for each kind of change) of amounts, thresholds, options and
//! prose, for benchmarking the year-to-year diff.

use std::fmt::Write as _;

/// The reference year of [`synthetic_spec`]; the pair's second edition is the next year.
pub const BASE_YEAR: i32 = 2025;

/// At most this many indicators per complementary or independent section, as in real guides' tables.
const SECTION_SIZE: usize = 40;

/// At most this many indicators in the prerequisite section.
const PREREQUISITE_SIZE: usize = 40;

/// Value of a point, in euros.
const POINT_VALUE: u64 = 7;

/// How many shapes of indicator the generator cycles through.
const SHAPES: usize = 9;

/// The shape with sub-indicators, which takes three indicators (the parent and two subs).
const SHAPE_WITH_SUBS: usize = 6;

/// Salts that make each kind of change between editions independent of the others.
const SALT_AMOUNT: u64 = 0xA1;
const SALT_THRESHOLD: u64 = 0xB2;
const SALT_OPTION: u64 = 0xC3;
const SALT_PROSE: u64 = 0xD4;

/// A valid spec with `indicators` indicators (sub-indicators included), for year [`BASE_YEAR`].
///
/// It checks with no error and no warning through
/// [`crate::driver::check_source`]`(&text, None)`. The same size always gives
/// the same text.
pub fn synthetic_spec(indicators: usize) -> String {
    Generator {
        year: BASE_YEAR,
        later: false,
        serial: 0,
    }
    .edition(indicators)
}

/// Two consecutive editions (years [`BASE_YEAR`] and `BASE_YEAR + 1`) with the
/// same `indicators` indicators and ids; the second changes about one in five
/// amounts, thresholds, option lists and prose blocks (each kind chosen
/// independently). The first is [`synthetic_spec`]`(indicators)`.
pub fn synthetic_edition_pair(indicators: usize) -> (String, String) {
    let earlier = synthetic_spec(indicators);
    let later = Generator {
        year: BASE_YEAR + 1,
        later: true,
        serial: 0,
    }
    .edition(indicators);
    (earlier, later)
}

/// The act schema of every synthetic edition: the fields its rates' conditions name.
const ACT_SCHEMA: &str = r#"  actes {
    liste mode "transmis en" sauf "transmis hors" {
      sesam_vitale "SESAM-Vitale (avec la carte Vitale)",
      sesam_sans_vitale "SESAM sans Vitale",
      degrade "mode dégradé",
      papier "papier",
    }
    liste facturation "facturé par" sauf "facturé autrement que par" par défaut standard {
      standard "la facturation habituelle",
      cerfa_s3404 "la facturation électronique des établissements de santé (bordereau CERFA S3404)",
    }
    oui/non ame "bénéficiaire de l'aide médicale d'État"
    oui/non nir_provisoire "bénéficiaire avec un NIR provisoire"
    oui/non ehpad "bénéficiaire résidant en EHPAD"
    oui/non télésoin "acte de télésoin" clé telesoin
    âge âge "bénéficiaire âgé de" naissance naissance jours age_jours
    première fse actes où mode dans {sesam_vitale, sesam_sans_vitale}
  }
"#;

/// A 64-bit mix (splitmix64's finaliser): deterministic, well spread.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One of `items`, chosen by `key`.
fn pick<'a>(items: &[&'a str], key: u64) -> &'a str {
    let len = items.len() as u64;
    items
        .get(usize::try_from(key % len.max(1)).unwrap_or(0))
        .copied()
        .unwrap_or("")
}

/// A whole number French style, thousands separated by a space: `1 960`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// `280 points = 1 960 €`.
fn points_and_euros(points: u64) -> String {
    format!(
        "{} points = {} €",
        grouped(points),
        grouped(points * POINT_VALUE)
    )
}

/// How many indicators each section holds.
struct Plan {
    prerequisite: usize,
    complementary: Vec<usize>,
    independent: Vec<usize>,
}

fn chunks(total: usize, size: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut left = total;
    while left > 0 {
        let take = left.min(size);
        out.push(take);
        left -= take;
    }
    out
}

fn plan(indicators: usize) -> Plan {
    let prerequisite = (indicators / 10)
        .clamp(1, PREREQUISITE_SIZE)
        .min(indicators);
    let rest = indicators - prerequisite;
    let independent = if rest >= 2 { (rest / 6).max(1) } else { 0 };
    let complementary = rest - independent;
    Plan {
        prerequisite,
        complementary: chunks(complementary, SECTION_SIZE),
        independent: chunks(independent, SECTION_SIZE),
    }
}

/// How a section pays its indicators.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Paid {
    /// The section has one `montant`; indicators have none.
    BySection,
    /// Each indicator (or each of its sub-indicators) has its own `montant`.
    ByIndicator,
}

/// The section an indicator is written in.
struct SectionContext {
    /// Its ordinal, for citations (`[900 §3.12]`).
    ordinal: usize,
    paid: Paid,
}

/// A section written: its text and the points it can pay.
struct WrittenSection {
    id: String,
    text: String,
    points: u64,
}

const THEMES: [&str; 8] = [
    "la coordination des soins",
    "la prévention",
    "l'accès aux soins",
    "la dématérialisation des échanges",
    "la sécurité des données de santé",
    "l'accueil des étudiants",
    "la qualité des pratiques",
    "l'information des patients",
];

const PLACES: [&str; 5] = [
    "en milieu scolaire",
    "en EHPAD ou en établissement médico-social",
    "en centre d'hébergement",
    "en établissement pénitentiaire",
    "en unité de soins palliatifs",
];

struct Generator {
    year: i32,
    /// The second edition of a pair: some facts change.
    later: bool,
    /// Top-level indicators written so far; gives every indicator its own id.
    serial: usize,
}

impl Generator {
    /// Whether fact `salt` of indicator `serial` changes in this edition.
    fn changed(&self, serial: usize, salt: u64) -> bool {
        self.later && mix(((serial as u64) << 8) ^ salt) % 5 == 0
    }

    fn edition(&mut self, indicators: usize) -> String {
        let plan = plan(indicators);
        let mut sections = Vec::new();
        let mut ordinal = 1;

        let (socle, _) = self.section_body(
            &SectionContext {
                ordinal,
                paid: Paid::BySection,
            },
            plan.prerequisite,
        );
        let mut socle_points = 200 + 20 * plan.prerequisite as u64;
        if self.later {
            socle_points += 10;
        }
        let mut text = String::from(ACT_SCHEMA);
        let _ = writeln!(
            text,
            "  section socle \"Indicateurs obligatoires (pré-requis, socle)\" prérequis [900 §{ordinal}] {{"
        );
        let _ = writeln!(
            text,
            "    montant {} [900 §{ordinal} tableau]",
            points_and_euros(socle_points)
        );
        let _ = writeln!(text);
        let _ = writeln!(text, "    description \"\"\"");
        let _ = writeln!(
            text,
            "      Pour bénéficier de la rémunération forfaitaire ({{total socle}}), le professionnel"
        );
        let _ = writeln!(
            text,
            "      doit atteindre les {{nombre socle}} indicateurs obligatoires, dont {{nombre socle déclaratifs}}"
        );
        let _ = writeln!(
            text,
            "      à déclarer sur {{portail}} et {{nombre socle automatisés}} mesurés par l'Assurance Maladie."
        );
        let _ = writeln!(text, "    \"\"\" [900 §{ordinal}]");
        text.push_str(&socle);
        let _ = writeln!(text, "  }}");
        sections.push(WrittenSection {
            id: "socle".to_string(),
            text,
            points: socle_points,
        });

        for (k, &size) in plan.complementary.iter().enumerate() {
            ordinal += 1;
            let id = format!("volet_{}", k + 1);
            let (body, points) = self.section_body(
                &SectionContext {
                    ordinal,
                    paid: Paid::ByIndicator,
                },
                size,
            );
            let mut text = String::new();
            let _ = writeln!(
                text,
                "  section {id} \"Indicateurs complémentaires, volet {}\" complémentaire si socle [900 §{ordinal}] {{",
                k + 1
            );
            let _ = writeln!(
                text,
                "    total {} [900 §{ordinal} tableau]",
                points_and_euros(points)
            );
            let _ = writeln!(text);
            let _ = writeln!(text, "    description \"\"\"");
            let _ = writeln!(
                text,
                "      Ce volet compte {{nombre {id}}} indicateurs optionnels, indépendants les uns des autres,"
            );
            let _ = writeln!(
                text,
                "      pour un total de {{total {id}}}. Ils ne sont rémunérés que si le socle est atteint au {{31/12/N}}."
            );
            let _ = writeln!(text, "    \"\"\" [900 §{ordinal}]");
            text.push_str(&body);
            let _ = writeln!(text, "  }}");
            sections.push(WrittenSection { id, text, points });
        }

        for (k, &size) in plan.independent.iter().enumerate() {
            ordinal += 1;
            let id = format!("independants_{}", k + 1);
            let (body, points) = self.section_body(
                &SectionContext {
                    ordinal,
                    paid: Paid::ByIndicator,
                },
                size,
            );
            let mut text = String::new();
            let _ = writeln!(
                text,
                "  section {id} \"Indicateurs indépendants « aller vers », groupe {}\" indépendant [900 §{ordinal}] {{",
                k + 1
            );
            let _ = writeln!(text, "    note \"\"\"");
            let _ = writeln!(
                text,
                "      Ces indicateurs sont rémunérés indépendamment de l'atteinte du socle."
            );
            let _ = writeln!(text, "    \"\"\" [900 §{ordinal}]");
            text.push_str(&body);
            let _ = writeln!(text, "  }}");
            sections.push(WrittenSection { id, text, points });
        }

        let total: u64 = sections.iter().map(|s| s.points).sum();
        let mut out = String::new();
        self.header(&mut out, indicators, total, &sections);
        for section in &sections {
            let _ = writeln!(out);
            out.push_str(&section.text);
        }
        self.annex(&mut out);
        let _ = writeln!(out, "}}");
        out
    }

    fn header(&self, out: &mut String, indicators: usize, total: u64, sections: &[WrittenSection]) {
        let year = self.year;
        let _ = writeln!(
            out,
            "// Spec synthétique de {indicators} indicateurs, écrite par guidec::synthetic pour les bancs d'essai."
        );
        let _ = writeln!(out, "// Ce n'est pas un vrai guide.");
        let _ = writeln!(out, "édition synthetique banc_essai {year} {{");
        let _ = writeln!(
            out,
            "  titre \"Guide méthodologique synthétique, exercice {{N}}\" [900 titre]"
        );
        let _ = writeln!(
            out,
            "  source 900 \"900_synthetique.txt\" \"Guide méthodologique synthétique {year}\""
        );
        let _ = writeln!(
            out,
            "  emprunt 901 \"901_plaquette.txt\" \"Plaquette synthétique\" \"le guide ne décrit pas la voie papier\""
        );
        let _ = writeln!(
            out,
            "  convention \"Convention nationale synthétique (publiée au JO du 25 août {{an 2023}})\" [900 références]"
        );
        let _ = writeln!(out, "  unité points");
        let _ = writeln!(out, "  valeur du point {POINT_VALUE} € [900 tableau]");
        let _ = writeln!(out, "  appréciation au 31/12/N sans proratisation [900 §3]");
        let _ = writeln!(out, "  ouverture 12/01/N+1 prévisionnelle [900 §2]");
        let _ = writeln!(out, "  clôture 02/03/N+1 inclus [900 §2]");
        let _ = writeln!(
            out,
            "  paiement \"au cours du deuxième trimestre {{N+1}}\" [900 §3]"
        );
        let _ = writeln!(out, "  portail \"amelipro\"");
        let _ = writeln!(
            out,
            "  en ligne \"Activités > Convention – ROSP\" bouton \"Ma convention\" [900 §2]"
        );
        let _ = writeln!(
            out,
            "  papier \"Demandez un formulaire papier à votre caisse et renvoyez-le signé avant le {{clôture}}\" renvoi \"votre CPAM de rattachement\" [901 verso]"
        );
        let _ = writeln!(
            out,
            "  attestation \"Je certifie avoir satisfait aux conditions des indicateurs déclarés et m'engage à tenir à disposition de l'Assurance Maladie tout document justifiant de leur atteinte.\" [900 §2]"
        );
        let _ = writeln!(
            out,
            "  total maximal {} [900 §1 tableau]",
            points_and_euros(total)
        );
        let _ = writeln!(out);
        let _ = writeln!(out, "  description \"\"\"");
        let _ = writeln!(
            out,
            "    Le forfait accompagne les professionnels qui investissent dans les outils et les"
        );
        let _ = writeln!(
            out,
            "    organisations facilitant leur pratique. Pour l'année {{N}}, la saisie est ouverte"
        );
        let _ = writeln!(
            out,
            "    du {{ouverture}} au {{clôture}} sur {{portail}} ; le paiement intervient en {{N+1}}."
        );
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "    Le socle compte {{nombre socle}} indicateurs, rémunérés {{total socle}} s'ils sont tous atteints."
        );
        if let Some(first) = sections.iter().find(|s| s.id.starts_with("volet_")) {
            let id = &first.id;
            let _ = writeln!(
                out,
                "    Le premier volet complémentaire compte {{nombre {id} déclaratifs}} indicateurs déclaratifs"
            );
            let _ = writeln!(
                out,
                "    et {{nombre {id} automatisés}} automatisés, pour {{total {id}}} au plus."
            );
        }
        let _ = writeln!(out, "  \"\"\" [900 présentation]");
    }

    fn annex(&self, out: &mut String) {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "  annexe attestation_editeur \"Modèle d'attestation de l'éditeur\" [900 annexe 1] \"\"\""
        );
        let _ = writeln!(
            out,
            "    *Cette attestation est fournie sur papier à en-tête de l'éditeur.*"
        );
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "    | Nom du logiciel | Version | Date d'acquisition |"
        );
        let _ = writeln!(out, "    |---|---|---|");
        let _ = writeln!(out, "    | | | |");
        let _ = writeln!(out, "  \"\"\"");
    }

    /// The amount of indicator `serial` (part `part` for sub-indicators), in points.
    fn points(&self, serial: usize, part: u64) -> u64 {
        let base = 10 + (mix(((serial as u64) << 2) | part) % 20) * 5;
        if self.changed(serial, SALT_AMOUNT ^ part) {
            base + 5
        } else {
            base
        }
    }

    fn sub_points(&self, serial: usize, part: u64) -> u64 {
        self.points(serial, part + 1)
    }

    /// Writes `size` indicators (sub-indicators included) of one section; gives
    /// the text and the points its indicators pay when paid one by one.
    fn section_body(&mut self, section: &SectionContext, size: usize) -> (String, u64) {
        let mut out = String::new();
        let mut points = 0;
        let mut left = size;
        let mut number = 0;
        while left > 0 {
            number += 1;
            // The shape follows the serial number, so an indicator keeps its
            // shape across the two editions of a pair; the shape with
            // sub-indicators needs three places, and a question takes its
            // place near the end of a section.
            let serial = self.serial;
            self.serial += 1;
            let shape = serial % SHAPES;
            let _ = writeln!(out);
            let used = if shape == SHAPE_WITH_SUBS && left >= 3 {
                self.with_subs(&mut out, section, serial, number);
                points += self.sub_points(serial, 0) + self.sub_points(serial, 1);
                3
            } else if shape == SHAPE_WITH_SUBS {
                self.question(&mut out, section, serial, number);
                points += self.points(serial, 0);
                1
            } else {
                match shape {
                    0 => self.question(&mut out, section, serial, number),
                    1 => self.options(&mut out, section, serial, number),
                    2 => self.software(&mut out, section, serial, number),
                    3 => self.transmission_rate(&mut out, section, serial, number),
                    4 => self.count_and_findings(&mut out, section, serial, number),
                    5 => self.declared_count(&mut out, section, serial, number),
                    7 => self.prefilled_question(&mut out, section, serial, number),
                    _ => self.care_rate(&mut out, section, serial, number),
                }
                points += self.points(serial, 0);
                1
            };
            left -= used;
        }
        (out, points)
    }

    /// `montant` line of an indicator, when its section pays indicators one by one.
    fn amount_line(&self, out: &mut String, section: &SectionContext, serial: usize, part: u64) {
        if section.paid == Paid::ByIndicator {
            let _ = writeln!(
                out,
                "      montant {} [900 §{} tableau]",
                points_and_euros(self.points(serial, part)),
                section.ordinal
            );
        }
    }

    fn description(&self, out: &mut String, cite: &str, serial: usize, theme: &str) {
        let _ = writeln!(out, "      description \"\"\"");
        let _ = writeln!(
            out,
            "        Cet indicateur valorise l'engagement du professionnel dans {theme}. Il est"
        );
        let _ = writeln!(
            out,
            "        apprécié au {{31/12/N}} ; la saisie sur {{portail}} est ouverte du {{ouverture}} au {{clôture}}."
        );
        if self.changed(serial, SALT_PROSE) {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "        **Nouveauté {{N}}** : les conditions de validation ont été précisées par rapport à {{N-1}}."
            );
        }
        let _ = writeln!(out, "      \"\"\" [{cite}]");
    }

    fn threshold_percent(&self, serial: usize, base: u64) -> u64 {
        if self.changed(serial, SALT_THRESHOLD) {
            (base + 5).min(95)
        } else {
            base
        }
    }

    fn threshold_count(&self, serial: usize, base: u64) -> u64 {
        if self.changed(serial, SALT_THRESHOLD) {
            base + 1
        } else {
            base
        }
    }

    /// Shape 0: a yes/no question, sometimes with lines to write on or neutralised.
    fn question(&self, out: &mut String, s: &SectionContext, serial: usize, number: usize) {
        let o = s.ordinal;
        let theme = pick(&THEMES, mix(serial as u64));
        let _ = writeln!(
            out,
            "    indicateur question_{serial} \"S'impliquer dans {theme}\" [900 §{o}.{number}] {{"
        );
        let _ = writeln!(out, "      numéro {number}");
        let _ = writeln!(out, "      type déclaratif [900 §{o}.{number}]");
        self.amount_line(out, s, serial, 0);
        let _ = writeln!(
            out,
            "      question \"Le professionnel s'implique dans {theme}\" [900 §{o}.{number}]"
        );
        if serial % 2 == 0 {
            let _ = writeln!(
                out,
                "      texte libre \"Préciser les actions menées en {{N}}\" obligatoire si oui [900 §{o}.{number}]"
            );
        }
        if serial % 27 == 9 {
            let _ = writeln!(
                out,
                "      neutralisé \"crise sanitaire : l'indicateur est réputé atteint en {{N}}\" [900 §{o}.{number} à noter]"
            );
        }
        let _ = writeln!(
            out,
            "      justificatif sur l'honneur [900 §{o}.{number}] {{"
        );
        let _ = writeln!(out, "        requis sur demande [900 §{o}.{number}]");
        let _ = writeln!(out, "        conservé pour contrôle [900 §{o}.{number}]");
        let _ = writeln!(out, "      }}");
        self.description(out, &format!("900 §{o}.{number}"), serial, theme);
        let _ = writeln!(out, "    }}");
    }

    /// Shape 1: an option list with accepted and refused options.
    fn options(&self, out: &mut String, s: &SectionContext, serial: usize, number: usize) {
        let o = s.ordinal;
        let c = format!("900 §{o}.{number}");
        let arity = if serial % 2 == 0 {
            "unique"
        } else {
            "multiple"
        };
        let _ = writeln!(
            out,
            "    indicateur coordination_{serial} \"S'impliquer dans une démarche de prise en charge coordonnée\" [{c}] {{"
        );
        let _ = writeln!(out, "      numéro {number}");
        let _ = writeln!(out, "      type déclaratif [{c}]");
        self.amount_line(out, s, serial, 0);
        let _ = writeln!(
            out,
            "      choix {arity} \"Dispositif auquel le professionnel participe\" [{c}] {{"
        );
        let _ = writeln!(
            out,
            "        accepte msp \"Maison de santé pluri-professionnelle (MSP)\" [{c}]"
        );
        let _ = writeln!(
            out,
            "        accepte cpts \"Communauté professionnelle territoriale de santé (CPTS)\" [{c}]"
        );
        let _ = writeln!(
            out,
            "        accepte rcp \"Réunions de concertation pluridisciplinaire\" au moins {} par an [{c}]",
            self.threshold_count(serial, 4)
        );
        let _ = writeln!(
            out,
            "        refuse groupe_qualite \"Groupe qualité (échange sur les pratiques)\" [{c}]"
        );
        if self.changed(serial, SALT_OPTION) {
            let _ = writeln!(out, "        accepte prado \"PRADO\" [{c}]");
            let _ = writeln!(
                out,
                "        refuse dac \"Prise en charge individuelle suite à la sollicitation d'un DAC\" [{c}]"
            );
        } else {
            let _ = writeln!(out, "        refuse prado \"PRADO\" [{c}]");
        }
        let _ = writeln!(out, "      }}");
        let _ = writeln!(out, "      justificatif sur l'honneur [{c}] {{");
        let _ = writeln!(out, "        conservé pour contrôle [{c}]");
        let _ = writeln!(out, "      }}");
        self.description(out, &c, serial, "la coordination des soins");
        let _ = writeln!(out, "      note \"\"\"");
        let _ = writeln!(
            out,
            "        La participation à un groupe qualité ne permet pas de valider cet indicateur."
        );
        let _ = writeln!(out, "      \"\"\" [{c} à noter]");
        let _ = writeln!(out, "    }}");
    }

    /// Shape 2: software to declare, pre-filled, with documentary evidence.
    fn software(&self, out: &mut String, s: &SectionContext, serial: usize, number: usize) {
        let o = s.ordinal;
        let c = format!("900 §{o}.{number}");
        let _ = writeln!(
            out,
            "    indicateur logiciel_{serial} \"Disposer d'un logiciel métier compatible DMP avec LAP certifié\" [{c}] {{"
        );
        let _ = writeln!(out, "      numéro {number}");
        let _ = writeln!(out, "      type déclaratif avec pré-alimentation [{c}]");
        self.amount_line(out, s, serial, 0);
        let _ = writeln!(out, "      logiciel metier \"Logiciel métier\" [{c}]");
        let _ = writeln!(
            out,
            "      logiciel lap \"Logiciel d'aide à la prescription certifié par la HAS\" [{c}]"
        );
        let _ = writeln!(
            out,
            "      exonération lap \"Le LAP n'est pas exigé des professionnels qui ne prescrivent pas\" [{c}]"
        );
        let _ = writeln!(
            out,
            "      choix unique \"Compatibilité avec l'usage du DMP\" [{c}] {{"
        );
        let _ = writeln!(
            out,
            "        accepte compatible \"Logiciel métier compatible DMP\" [{c}]"
        );
        let _ = writeln!(
            out,
            "        accepte connecteur \"Recours à un connecteur associé\" sans pré-alimentation [{c}]"
        );
        if self.changed(serial, SALT_OPTION) {
            let _ = writeln!(
                out,
                "        accepte web_dmp \"Utilisation du « Web DMP »\" [{c}]"
            );
        } else {
            let _ = writeln!(
                out,
                "        refuse web_dmp \"Utilisation du « Web DMP »\" [{c}]"
            );
        }
        let _ = writeln!(out, "      }}");
        let _ = writeln!(
            out,
            "      pré-alimentation \"traces du système d'information du DMP\" sinon \"déclarer l'équipement sur {{portail}} et transmettre les justificatifs à la caisse\" [{c}]"
        );
        let _ = writeln!(
            out,
            "      justificatif pièce \"Facture ou attestation de l'éditeur (modèle en annexe)\" [{c}] {{"
        );
        let _ = writeln!(
            out,
            "        requis première année, changement d'éditeur, sans pré-alimentation [{c}]"
        );
        let _ = writeln!(
            out,
            "        mentionne \"l'éditeur du logiciel\", \"le nom du logiciel\", \"la date de son acquisition\" [{c}]"
        );
        let _ = writeln!(
            out,
            "        valable \"pour la durée de la convention\" [{c}]"
        );
        let _ = writeln!(out, "        validé à réception [{c}]");
        let _ = writeln!(out, "      }}");
        self.description(out, &c, serial, "la dématérialisation des échanges");
        let _ = writeln!(out, "    }}");
    }

    /// Shape 3: a transmission rate, with numerator, denominator, exclusions and period.
    fn transmission_rate(
        &self,
        out: &mut String,
        s: &SectionContext,
        serial: usize,
        number: usize,
    ) {
        let o = s.ordinal;
        let c = format!("900 §{o}.{number}");
        let base = 60 + (mix(serial as u64 ^ 0x33) % 5) * 5;
        let threshold = self.threshold_percent(serial, base);
        let _ = writeln!(
            out,
            "    indicateur teletransmission_{serial} \"Atteindre un taux de télétransmission en flux sécurisé\" [{c}] {{"
        );
        let _ = writeln!(out, "      numéro {number}");
        let _ = writeln!(out, "      type automatisé [{c}]");
        self.amount_line(out, s, serial, 0);
        let _ = writeln!(
            out,
            "      taux fse \"Taux de télétransmission en FSE (modes sécurisés Vitale et SESAM sans Vitale)\" [{c}] {{"
        );
        let _ = writeln!(
            out,
            "        numérateur actes où mode dans {{sesam_vitale, sesam_sans_vitale}} [{c}]"
        );
        let _ = writeln!(out, "        dénominateur actes [{c}]");
        let _ = writeln!(
            out,
            "        exclure actes où ame ou nir_provisoire \"les bénéficiaires de l'AME et les NIR provisoires\" [{c}]"
        );
        let _ = writeln!(
            out,
            "        exclure actes où âge < 3 mois \"les nourrissons de moins de trois mois\" [{c}]"
        );
        let _ = writeln!(out, "        période année, sinon individualisée [{c}]");
        let _ = writeln!(out, "        seuil au moins {threshold} % [{c}]");
        let _ = writeln!(out, "      }}");
        let _ = writeln!(out, "      justificatif aucun [{c}]");
        self.description(out, &c, serial, "la dématérialisation des échanges");
        let _ = writeln!(out, "    }}");
    }

    /// Shape 4: a measured count and findings (automated).
    fn count_and_findings(
        &self,
        out: &mut String,
        s: &SectionContext,
        serial: usize,
        number: usize,
    ) {
        let o = s.ordinal;
        let c = format!("900 §{o}.{number}");
        let _ = writeln!(
            out,
            "    indicateur sesam_vitale_{serial} \"Disposer d'une version à jour du cahier des charges SESAM-Vitale au {{31/12/N-1}}\" [{c}] {{"
        );
        let _ = writeln!(out, "      numéro {number}");
        let _ = writeln!(out, "      type automatisé [{c}]");
        self.amount_line(out, s, serial, 0);
        let _ = writeln!(
            out,
            "      nombre addendum \"Version 1.40 du cahier des charges : addendum installé\" [{c}] {{"
        );
        let _ = writeln!(
            out,
            "        seuil au moins {} [{c}]",
            self.threshold_count(serial, 8)
        );
        let _ = writeln!(out, "      }}");
        let _ = writeln!(
            out,
            "      constat avenant_tp \"Version équipée de l'avenant tiers payant\" [{c}]"
        );
        let _ = writeln!(
            out,
            "      constat facturation_conforme \"Facturation conforme au plus tard le {{31/12/N}}\" [{c}]"
        );
        let _ = writeln!(out, "      justificatif aucun [{c}]");
        self.description(out, &c, serial, "la qualité de la facturation");
        let _ = writeln!(out, "    }}");
    }

    /// Shape 5: a declared count with a question and lines to write on.
    fn declared_count(&self, out: &mut String, s: &SectionContext, serial: usize, number: usize) {
        let o = s.ordinal;
        let c = format!("900 §{o}.{number}");
        let place = pick(&PLACES, mix(serial as u64 ^ 0x55));
        let _ = writeln!(
            out,
            "    indicateur aller_vers_{serial} \"Interventions « aller vers » à destination des publics fragiles\" [{c}] {{"
        );
        let _ = writeln!(out, "      numéro {number}");
        let _ = writeln!(out, "      type déclaratif [{c}]");
        self.amount_line(out, s, serial, 0);
        let _ = writeln!(
            out,
            "      question \"Interventions réalisées en dehors du cabinet\" [{c}]"
        );
        let _ = writeln!(
            out,
            "      nombre interventions \"Interventions réalisées dans l'année, par exemple {place}\" [{c}] {{"
        );
        let _ = writeln!(
            out,
            "        seuil au moins {} [{c}]",
            self.threshold_count(serial, 3)
        );
        let _ = writeln!(out, "      }}");
        let _ = writeln!(
            out,
            "      texte libre \"Indiquer les lieux d'intervention\" obligatoire si oui [{c}]"
        );
        let _ = writeln!(out, "      justificatif sur l'honneur [{c}] {{");
        let _ = writeln!(out, "        conservé pour contrôle [{c}]");
        let _ = writeln!(out, "      }}");
        self.description(out, &c, serial, "l'accès aux soins des publics fragiles");
        let _ = writeln!(out, "      cas \"Collaborateur libéral\" \"\"\"");
        let _ = writeln!(
            out,
            "        Un collaborateur libéral valide l'indicateur pour ses propres interventions."
        );
        let _ = writeln!(out, "      \"\"\" [{c} cas particuliers]");
        let _ = writeln!(out, "    }}");
    }

    /// Shape 6: an automated parent with two sub-indicators, inside it or beside it (`de`).
    fn with_subs(&self, out: &mut String, s: &SectionContext, serial: usize, number: usize) {
        let o = s.ordinal;
        let c = format!("900 §{o}.{number}");
        let parent = format!("dematerialisation_{serial}");
        let beside = (serial / SHAPES) % 2 == 1;
        let states_sum = (serial / SHAPES) % 3 == 0;
        let _ = writeln!(
            out,
            "    indicateur {parent} \"Dématérialisation des téléservices\" [{c}] {{"
        );
        let _ = writeln!(out, "      numéro {number}");
        let _ = writeln!(out, "      type automatisé [{c}]");
        if s.paid == Paid::ByIndicator && states_sum {
            let sum = self.sub_points(serial, 0) + self.sub_points(serial, 1);
            let _ = writeln!(out, "      montant {} [{c} tableau]", points_and_euros(sum));
        }
        let _ = writeln!(out, "      justificatif aucun [{c}]");
        let subs = [
            (
                "teleservices",
                "Usage des téléservices (AAT, PSE, DCMT)",
                "usage_teleservices",
            ),
            (
                "alimentation_dmp",
                "Alimentation du DMP",
                "alimentation_dmp",
            ),
        ];
        let mut beside_text = String::new();
        for (part, (id, label, finding)) in (0u64..).zip(subs) {
            let (target, indent, header) = if beside {
                (
                    &mut beside_text,
                    "    ",
                    format!("sous-indicateur {id} \"{label}\" de {parent} [{c}] {{"),
                )
            } else {
                (
                    &mut *out,
                    "      ",
                    format!("sous-indicateur {id} \"{label}\" [{c}] {{"),
                )
            };
            let _ = writeln!(target, "{indent}{header}");
            let _ = writeln!(target, "{indent}  type automatisé [{c}]");
            if s.paid == Paid::ByIndicator {
                let _ = writeln!(
                    target,
                    "{indent}  montant {} [{c} tableau]",
                    points_and_euros(self.sub_points(serial, part))
                );
            }
            let _ = writeln!(target, "{indent}  constat {finding} \"{label}\" [{c}]");
            let _ = writeln!(target, "{indent}  justificatif aucun [{c}]");
            let _ = writeln!(target, "{indent}}}");
        }
        self.description(out, &c, serial, "la dématérialisation des échanges");
        let _ = writeln!(out, "    }}");
        out.push_str(&beside_text);
    }

    /// Shape 7: a question pre-filled from a directory.
    fn prefilled_question(
        &self,
        out: &mut String,
        s: &SectionContext,
        serial: usize,
        number: usize,
    ) {
        let o = s.ordinal;
        let c = format!("900 §{o}.{number}");
        let _ = writeln!(
            out,
            "    indicateur horaires_{serial} \"Afficher les horaires d'ouverture du cabinet dans l'annuaire santé\" [{c}] {{"
        );
        let _ = writeln!(out, "      numéro {number}");
        let _ = writeln!(out, "      type déclaratif avec pré-alimentation [{c}]");
        self.amount_line(out, s, serial, 0);
        let _ = writeln!(
            out,
            "      question \"Les horaires d'ouverture du cabinet sont affichés\" [{c}]"
        );
        let _ = writeln!(
            out,
            "      pré-alimentation \"annuaire santé\" sinon \"enregistrer les horaires depuis {{portail}}, rubrique Activités\" [{c}]"
        );
        let _ = writeln!(out, "      justificatif aucun [{c}]");
        self.description(out, &c, serial, "l'information des patients");
        let _ = writeln!(out, "    }}");
    }

    /// Shape 8: a rate over care acts, with a fraction or a strict threshold.
    fn care_rate(&self, out: &mut String, s: &SectionContext, serial: usize, number: usize) {
        let o = s.ordinal;
        let c = format!("900 §{o}.{number}");
        let changed = self.changed(serial, SALT_THRESHOLD);
        let threshold = match (serial / SHAPES % 2, changed) {
            (0, false) => "au moins 2/3".to_string(),
            (0, true) => "au moins 3/4".to_string(),
            _ => format!("plus de {} %", self.threshold_percent(serial, 50)),
        };
        let _ = writeln!(
            out,
            "    indicateur telesoin_{serial} \"Recourir au télésoin pour les patients hors établissement\" [{c}] {{"
        );
        let _ = writeln!(out, "      numéro {number}");
        let _ = writeln!(out, "      type automatisé [{c}]");
        self.amount_line(out, s, serial, 0);
        let _ = writeln!(
            out,
            "      taux part_telesoin \"Part des actes réalisés en télésoin\" [{c}] {{"
        );
        let _ = writeln!(
            out,
            "        numérateur actes où télésoin et non ehpad [{c}]"
        );
        let _ = writeln!(
            out,
            "        dénominateur actes où facturation = standard [{c}]"
        );
        let _ = writeln!(
            out,
            "        exclure actes où (ehpad et télésoin) ou mode = papier \"les actes en EHPAD et les feuilles papier\" [{c}]"
        );
        let _ = writeln!(
            out,
            "        exclure actes où facturation = cerfa_s3404 ou mode hors {{sesam_vitale, sesam_sans_vitale, degrade}} \"les actes des établissements\" [{c}]"
        );
        let _ = writeln!(out, "        période année [{c}]");
        let _ = writeln!(out, "        seuil {threshold} [{c}]");
        let _ = writeln!(out, "      }}");
        let _ = writeln!(
            out,
            "      constat equipement_video \"Équipement de vidéotransmission sécurisée\" [{c}]"
        );
        let _ = writeln!(out, "      justificatif aucun [{c}]");
        self.description(out, &c, serial, "l'accès aux soins");
        let _ = writeln!(out, "    }}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::check_source;

    fn check_clean(text: &str) -> usize {
        let checked = check_source(text, None);
        let shown: Vec<String> = checked
            .diagnostics
            .iter()
            .take(5)
            .map(|d| format!("{d:?}"))
            .collect();
        assert!(
            checked.diagnostics.is_empty(),
            "{} diagnostics, the first: {shown:#?}",
            checked.diagnostics.len()
        );
        checked.edition.map_or(0, |edition| {
            edition
                .sections
                .iter()
                .map(|s| s.all_indicators().len())
                .sum()
        })
    }

    #[test]
    fn sizes_check_clean_with_the_right_count() {
        for size in [1, 10, 500] {
            let text = synthetic_spec(size);
            assert_eq!(check_clean(&text), size, "size {size}");
        }
    }

    #[test]
    fn benchmark_sizes_check_clean() {
        for size in [1_000, 2_000, 5_000] {
            assert_eq!(check_clean(&synthetic_spec(size)), size, "size {size}");
        }
    }

    #[test]
    fn every_small_size_checks_clean() {
        for size in 1..=40 {
            assert_eq!(check_clean(&synthetic_spec(size)), size, "size {size}");
        }
    }

    #[test]
    fn deterministic() {
        assert_eq!(synthetic_spec(123), synthetic_spec(123));
        assert_eq!(synthetic_edition_pair(77), synthetic_edition_pair(77));
    }

    #[test]
    fn pair_checks_clean_and_differs() {
        for size in [1, 10, 500] {
            let (earlier, later) = synthetic_edition_pair(size);
            assert_eq!(earlier, synthetic_spec(size));
            assert_eq!(check_clean(&earlier), size);
            assert_eq!(check_clean(&later), size);
            assert_ne!(earlier, later);
        }
    }

    #[test]
    fn pair_changes_a_fraction_of_each_kind() {
        let (earlier, later) = synthetic_edition_pair(500);
        // Among the lines holding `needle`, in order, the share that differ.
        let changed_share = |needle: &str| {
            let pick = |text: &str| -> Vec<String> {
                text.lines()
                    .filter(|l| l.contains(needle))
                    .map(str::to_string)
                    .collect()
            };
            let (a, b) = (pick(&earlier), pick(&later));
            assert_eq!(a.len(), b.len(), "`{needle}` lines");
            let differing = a.iter().zip(&b).filter(|(x, y)| x != y).count();
            differing as f64 / a.len().max(1) as f64
        };
        for needle in ["montant", "seuil", "prado"] {
            let share = changed_share(needle);
            assert!((0.05..0.5).contains(&share), "`{needle}`: {share}");
        }
        let descriptions = earlier.matches("Cet indicateur valorise").count();
        let news = later.matches("Nouveauté").count();
        assert_eq!(earlier.matches("Nouveauté").count(), 0);
        assert!(news * 20 > descriptions && news * 2 < descriptions);
    }
}
