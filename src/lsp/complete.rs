//! Completion: the keywords a block accepts, ids, option ids, act fields and values, and the
//! placeholders of texts, from the text around the cursor (which need not parse).

use super::analysis::{Analysis, IdKind};
use super::lexer::{self, TokenKind};
use super::workspace::Sibling;
use crate::check::text;
use crate::span::Span;
use lsp_types::{CompletionItem, CompletionItemKind, InsertTextFormat};

/// The block the cursor stands in.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Block {
    /// Outside every block.
    Top,
    /// `édition … {`
    Edition,
    /// `section … {`
    Section,
    /// `indicateur id … {` or `sous-indicateur id … {`, with its id.
    Indicator(String),
    /// `choix … {`
    Choice,
    /// `taux … {`
    Rate,
    /// `nombre … {`
    Count,
    /// `justificatif … {`
    Evidence,
    /// `mode dans {`, `facturation hors {`: the field.
    Set(String),
    /// Something else.
    Other,
}

/// A keyword: what is typed, a snippet, what it means.
type Keyword = (&'static str, &'static str, &'static str);

const EDITION: &[Keyword] = &[
    ("titre", "titre \"$1\" [$2]", "le titre de l'édition"),
    ("source", "source ${1:004} \"${2:fichier}.txt\" \"${3:titre}\"", "un seed que cette édition encode"),
    ("emprunt", "emprunt ${1:002} \"${2:fichier}.txt\" \"${3:titre}\" \"${4:raison}\"", "un seed d'une autre édition dont elle reprend des faits"),
    ("convention", "convention \"$1\" [$2]", "la convention ou l'avenant"),
    ("valeur du point", "valeur du point ${1:7} € [$2]", "la valeur d'un point (édition en points)"),
    ("unité", "unité ${1|points,euros|}", "comment le guide donne les montants"),
    ("appréciation au", "appréciation au ${1:31/12/N} sans proratisation [$2]", "la date d'appréciation des indicateurs"),
    ("ouverture", "ouverture ${1:15/12/N} [$2]", "l'ouverture de la déclaration"),
    ("clôture", "clôture ${1:08/02/N+1} inclus [$2]", "la clôture de la déclaration"),
    ("paiement", "paiement \"$1\" [$2]", "quand le paiement est fait"),
    ("portail", "portail \"${1:amelipro}\"", "l'unique orthographe du portail"),
    ("en ligne", "en ligne \"$1\" bouton \"$2\" [$3]", "le chemin de la déclaration en ligne"),
    ("papier", "papier \"$1\" renvoi \"$2\" [$3]", "la voie papier et l'adresse de renvoi"),
    ("attestation", "attestation \"Je certifie $1\" [$2]", "l'attestation sur l'honneur du formulaire"),
    ("identification", "identification ${1:specialite} \"${2:Spécialité}\" [$3]", "un champ d'identification du formulaire, en plus de ceux que tout formulaire demande"),
    ("total maximal", "total maximal ${1:1 240 €} [$2]", "le maximum que donne le guide (vérifié)"),
    ("section", "section ${1:id} \"${2:titre}\" ${3|prérequis,complémentaire si,indépendant|} [$4] {\n\t$0\n}", "une section du guide"),
    ("annexe", "annexe ${1:id} \"${2:titre}\" [$3] \"\"\"\n$0\n\"\"\"", "un document annexé"),
];

const PROSE: &[Keyword] = &[
    (
        "description",
        "description \"\"\"\n\t$0\n\"\"\" [$1]",
        "de la prose (Markdown)",
    ),
    ("note", "note \"\"\"\n\t$0\n\"\"\" [$1]", "un « à noter »"),
    (
        "cas",
        "cas \"${1:titre}\" \"\"\"\n\t$0\n\"\"\" [$2]",
        "un « cas particulier »",
    ),
];

const SECTION: &[Keyword] = &[
    (
        "montant",
        "montant ${1:490 €} [$2]",
        "le montant de la section (payée en bloc)",
    ),
    (
        "total",
        "total ${1:835 points} [$2]",
        "le total que donne le guide (vérifié)",
    ),
    (
        "indicateur",
        "indicateur ${1:id} \"${2:titre}\" [$3] {\n\t$0\n}",
        "un indicateur",
    ),
    (
        "sous-indicateur",
        "sous-indicateur ${1:id} \"${2:titre}\" de ${3:parent} [$4] {\n\t$0\n}",
        "un sous-indicateur d'un indicateur",
    ),
];

const INDICATOR: &[Keyword] = &[
    (
        "numéro",
        "numéro ${1:1}",
        "le numéro de l'indicateur dans le tableau du guide",
    ),
    (
        "type",
        "type ${1|déclaratif,déclaratif avec pré-alimentation,automatisé|} [$2]",
        "qui fournit l'indicateur",
    ),
    (
        "montant",
        "montant ${1:100 €} [$2]",
        "le montant de l'indicateur",
    ),
    (
        "reprend",
        "reprend ${1:id} \"${2:raison}\"",
        "l'indicateur d'une édition antérieure qu'il continue",
    ),
    (
        "question",
        "question \"$1\" [$2]",
        "une question oui/non du formulaire",
    ),
    (
        "texte libre",
        "texte libre \"$1\" obligatoire si oui [$2]",
        "des lignes à remplir",
    ),
    (
        "logiciel",
        "logiciel ${1:id} \"${2:libellé}\" [$3]",
        "un logiciel à déclarer",
    ),
    (
        "choix unique",
        "choix unique \"$1\" [$2] {\n\taccepte ${3:id} \"$4\"\n}",
        "une liste d'options, une case",
    ),
    (
        "choix multiple",
        "choix multiple \"$1\" [$2] {\n\taccepte ${3:id} \"$4\"\n}",
        "une liste d'options, plusieurs cases",
    ),
    (
        "taux",
        "taux ${1:id} \"${2:libellé}\" [$3] {\n\tseuil au moins ${4:70 %}\n}",
        "un taux et son seuil (déclaré par le praticien dans un indicateur déclaratif)",
    ),
    (
        "nombre",
        "nombre ${1:id} \"${2:libellé}\" [$3] {\n\tseuil au moins ${4:3}\n}",
        "un nombre et son seuil",
    ),
    (
        "constat",
        "constat ${1:id} \"${2:libellé}\" [$3]",
        "un fait que mesure l'Assurance Maladie",
    ),
    (
        "pré-alimentation",
        "pré-alimentation \"$1\" sinon \"$2\" [$3]",
        "d'où viennent les valeurs pré-remplies",
    ),
    (
        "justificatif",
        "justificatif ${1|aucun,sur l'honneur,sur l'honneur dans la déclaration,pièce \"\"|} [$2]",
        "le justificatif demandé",
    ),
    (
        "neutralisé",
        "neutralisé \"$1\" [$2]",
        "compté comme atteint pour tous cette année",
    ),
    (
        "facultatif",
        "facultatif${1| en N,|} [$2]",
        "dans une section prérequis : non exigé, payé son propre montant en plus",
    ),
    (
        "exonération",
        "exonération ${1:id} \"$2\" [$3]",
        "un logiciel (ou `tout`) non exigé pour certains",
    ),
    (
        "sous-indicateur",
        "sous-indicateur ${1:id} \"${2:titre}\" [$3] {\n\t$0\n}",
        "un sous-indicateur",
    ),
];

const CHOICE: &[Keyword] = &[
    (
        "accepte",
        "accepte ${1:id} \"${2:libellé}\" [$3]",
        "une option qui valide l'indicateur",
    ),
    (
        "refuse",
        "refuse ${1:id} \"${2:libellé}\" [$3]",
        "une option qui ne le valide pas",
    ),
];

const RATE: &[Keyword] = &[
    (
        "numérateur",
        "numérateur actes où $1 [$2]",
        "les actes que compte le numérateur",
    ),
    (
        "dénominateur",
        "dénominateur actes [$1]",
        "les actes que compte le dénominateur",
    ),
    (
        "exclure",
        "exclure actes où $1 \"${2:libellé}\" [$3]",
        "des actes laissés de côté",
    ),
    (
        "période",
        "période année${1:, sinon individualisée} [$2]",
        "la période de mesure",
    ),
    (
        "seuil",
        "seuil au moins ${1:70 %} [$2]",
        "le seuil à atteindre",
    ),
];

const COUNT: &[Keyword] = &[(
    "seuil",
    "seuil au moins ${1:3} [$2]",
    "le seuil à atteindre",
)];

const EVIDENCE: &[Keyword] = &[
    ("requis", "requis ${1|toujours,première année,changement d'éditeur,sans pré-alimentation,sur demande|} [$2]", "quand le justificatif est demandé"),
    ("mentionne", "mentionne \"$1\" [$2]", "ce que le justificatif doit montrer"),
    ("valable", "valable \"$1\" [$2]", "combien de temps il reste valable"),
    ("validé à réception", "validé à réception [$1]", "l'indicateur ne compte qu'une fois le justificatif reçu"),
    ("conservé pour contrôle", "conservé pour contrôle [$1]", "gardé par le praticien pour un contrôle"),
];

const TOP: &[Keyword] = &[(
    "édition",
    "édition ${1:programme} ${2:profession} ${3:2026} {\n\t$0\n}",
    "l'édition que décrit le fichier",
)];

/// The fields of an act, with what they hold.
const ACT_FIELDS: &[(&str, &str)] = &[
    (
        "mode",
        "le mode de transmission : sesam_vitale, sesam_sans_vitale, degrade, papier",
    ),
    ("ame", "oui/non : le bénéficiaire a l'aide médicale d'État"),
    ("nir_provisoire", "oui/non : NIR provisoire"),
    ("âge", "l'âge du bénéficiaire à l'acte : `âge < 3 mois`"),
    ("ehpad", "oui/non : le bénéficiaire réside en EHPAD"),
    ("télésoin", "oui/non : l'acte est un télésoin"),
    ("facturation", "la facturation : standard, cerfa_s3404"),
];

const MODES: &[(&str, &str)] = &[
    ("sesam_vitale", "SESAM-Vitale, avec la carte Vitale"),
    ("sesam_sans_vitale", "SESAM sans Vitale"),
    ("degrade", "mode dégradé"),
    ("papier", "feuille de soins papier"),
];

const BILLINGS: &[(&str, &str)] = &[
    ("standard", "facturation standard"),
    (
        "cerfa_s3404",
        "facturation des établissements (Cerfa S3404)",
    ),
];

/// The completions at `offset` of the analysed document.
pub fn complete(
    analysis: &Analysis,
    offset: usize,
    snippets: bool,
    siblings: &dyn Fn() -> Vec<Sibling>,
) -> Vec<CompletionItem> {
    let text = analysis.text.as_str();
    let offset = offset.min(text.len());
    let tokens = lexer::tokens(text);
    // Inside a text, prose, comment or citation?
    if let Some(token) = tokens.iter().find(|t| {
        let open_ended = !t.closed || t.kind == TokenKind::Comment;
        t.span.start < offset && (offset < t.span.end || (open_ended && offset <= t.span.end))
    }) {
        return match token.kind {
            TokenKind::Text | TokenKind::Prose => {
                let before = text.get(token.span.start..offset).unwrap_or("");
                match before.rfind('{') {
                    Some(open) if !before.get(open..).unwrap_or("").contains('}') => {
                        placeholders(analysis)
                    }
                    _ => Vec::new(),
                }
            }
            TokenKind::Citation => {
                let before = text.get(token.span.start + 1..offset).unwrap_or("");
                if before.contains(' ') {
                    Vec::new()
                } else {
                    ids(analysis, IdKind::Source, CompletionItemKind::REFERENCE)
                }
            }
            TokenKind::Comment => Vec::new(),
            _ => statement(analysis, &tokens, offset, snippets, siblings),
        };
    }
    statement(analysis, &tokens, offset, snippets, siblings)
}

fn statement(
    analysis: &Analysis,
    tokens: &[lexer::Token],
    offset: usize,
    snippets: bool,
    siblings: &dyn Fn() -> Vec<Sibling>,
) -> Vec<CompletionItem> {
    let text = analysis.text.as_str();
    let block = block_at(text, tokens, offset);
    // The words of the line before the cursor, the word being typed left out.
    let line_start = text
        .get(..offset)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |i| i + 1);
    let partial_start = text
        .get(line_start..offset)
        .and_then(|l| {
            l.char_indices()
                .rev()
                .take_while(|(_, c)| lexer::is_word_char(*c))
                .last()
                .map(|(i, _)| line_start + i)
        })
        .unwrap_or(offset);
    let words: Vec<&str> = tokens
        .iter()
        .filter(|t| t.span.start >= line_start && t.span.end <= partial_start)
        .filter_map(|t| match t.kind {
            TokenKind::Word | TokenKind::Punct | TokenKind::Open => {
                text.get(t.span.start..t.span.end)
            }
            TokenKind::Text => Some("\"…\""),
            _ => None,
        })
        .collect();
    let first = words.first().copied();
    let last = words.last().copied();
    if let Block::Set(field) = &block {
        return values_of(field);
    }
    match (first, last) {
        (None, _) => keywords(&block, snippets),
        (Some("section"), Some("si")) => ids(analysis, IdKind::Section, CompletionItemKind::MODULE),
        (Some("section"), Some("\"…\"")) => ["prérequis", "complémentaire si", "indépendant"]
            .iter()
            .map(|w| {
                plain(
                    w,
                    CompletionItemKind::KEYWORD,
                    "comment la section est payée",
                )
            })
            .collect(),
        (Some("sous-indicateur"), Some("de")) => {
            ids(analysis, IdKind::Indicator, CompletionItemKind::CLASS)
        }
        (Some("reprend"), _) => {
            let mut out = Vec::new();
            for sibling in siblings() {
                for o in super::analysis::occurrences(&sibling.file, &sibling.text) {
                    if o.kind == IdKind::Indicator && o.definition {
                        out.push(with_detail(
                            plain(
                                &o.name,
                                CompletionItemKind::CLASS,
                                "indicateur d'une autre édition",
                            ),
                            &sibling.name(),
                        ));
                    }
                }
            }
            dedup(out)
        }
        (Some("indicateur" | "sous-indicateur" | "section" | "accepte" | "refuse"), Some(w))
            if words.len() == 1 && w == first.unwrap_or_default() =>
        {
            // A new id: those the other editions use, ids being stable from one year to the next.
            let kind = match w {
                "section" => IdKind::Section,
                "accepte" | "refuse" => IdKind::Option,
                _ => IdKind::Indicator,
            };
            let here: Vec<&str> = analysis
                .occurrences
                .iter()
                .filter(|o| o.kind == kind && o.definition)
                .map(|o| o.name.as_str())
                .collect();
            let mut out = Vec::new();
            for sibling in siblings() {
                for o in super::analysis::occurrences(&sibling.file, &sibling.text) {
                    if o.kind == kind && o.definition && !here.contains(&o.name.as_str()) {
                        out.push(with_detail(
                            plain(&o.name, CompletionItemKind::VALUE, "id d'une autre édition"),
                            &sibling.name(),
                        ));
                    }
                }
            }
            dedup(out)
        }
        (Some("exonération"), Some("exonération")) => {
            let mut out = vec![plain(
                "tout",
                CompletionItemKind::KEYWORD,
                "tout l'indicateur",
            )];
            if let Block::Indicator(id) = &block {
                out.extend(
                    analysis
                        .occurrences
                        .iter()
                        .filter(|o| {
                            o.kind == IdKind::Software
                                && o.definition
                                && o.scope.as_deref() == Some(id)
                        })
                        .map(|o| {
                            plain(
                                &o.name,
                                CompletionItemKind::FIELD,
                                "logiciel de l'indicateur",
                            )
                        }),
                );
            }
            out
        }
        (Some("type"), _) => [
            "déclaratif",
            "déclaratif avec pré-alimentation",
            "automatisé",
        ]
        .iter()
        .map(|w| plain(w, CompletionItemKind::KEYWORD, "type d'indicateur"))
        .collect(),
        (Some("unité"), _) => ["points", "euros"]
            .iter()
            .map(|w| plain(w, CompletionItemKind::KEYWORD, "unité des montants"))
            .collect(),
        (Some("choix"), _) => ["unique", "multiple"]
            .iter()
            .map(|w| plain(w, CompletionItemKind::KEYWORD, "une case, ou plusieurs"))
            .collect(),
        (Some("seuil"), Some("seuil")) => ["au moins", "plus de"]
            .iter()
            .map(|w| plain(w, CompletionItemKind::OPERATOR, "la comparaison"))
            .collect(),
        (Some("justificatif"), Some("justificatif")) => [
            "aucun",
            "sur l'honneur",
            "sur l'honneur dans la déclaration",
            "pièce",
        ]
        .iter()
        .map(|w| plain(w, CompletionItemKind::KEYWORD, "le justificatif"))
        .collect(),
        (Some("requis"), _) => [
            "toujours",
            "première année",
            "changement d'éditeur",
            "sans pré-alimentation",
            "sur demande",
        ]
        .iter()
        .map(|w| {
            plain(
                w,
                CompletionItemKind::KEYWORD,
                "quand le justificatif est demandé",
            )
        })
        .collect(),
        (Some("période"), _) => ["année", "année, sinon individualisée"]
            .iter()
            .map(|w| plain(w, CompletionItemKind::KEYWORD, "la période de mesure"))
            .collect(),
        (
            Some("numérateur" | "dénominateur" | "exclure"),
            Some("numérateur" | "dénominateur" | "exclure"),
        ) => {
            vec![plain(
                "actes où",
                CompletionItemKind::KEYWORD,
                "les actes qui satisfont une condition",
            )]
        }
        (
            Some("numérateur" | "dénominateur" | "exclure"),
            Some("où" | "et" | "ou" | "non" | "("),
        ) => {
            let mut out: Vec<CompletionItem> = ACT_FIELDS
                .iter()
                .map(|(f, doc)| plain(f, CompletionItemKind::FIELD, doc))
                .collect();
            if last != Some("non") {
                out.push(plain("non", CompletionItemKind::OPERATOR, "la négation"));
            }
            out
        }
        (Some("numérateur" | "dénominateur" | "exclure"), Some("=" | "≠" | "!=")) => {
            let field = words
                .get(words.len().saturating_sub(2))
                .copied()
                .unwrap_or("");
            values_of(field)
        }
        (Some("numérateur" | "dénominateur" | "exclure"), Some(w))
            if ACT_FIELDS.iter().any(|(f, _)| *f == w) =>
        {
            match w {
                "mode" | "facturation" => ["dans", "hors", "="]
                    .iter()
                    .map(|op| {
                        plain(
                            op,
                            CompletionItemKind::OPERATOR,
                            "une liste de valeurs, ou une valeur",
                        )
                    })
                    .collect(),
                "âge" => vec![plain("<", CompletionItemKind::OPERATOR, "âge < 3 mois")],
                _ => ["et", "ou"]
                    .iter()
                    .map(|op| plain(op, CompletionItemKind::OPERATOR, "une autre condition"))
                    .collect(),
            }
        }
        _ => Vec::new(),
    }
}

fn values_of(field: &str) -> Vec<CompletionItem> {
    let values = match field {
        "mode" => MODES,
        "facturation" => BILLINGS,
        _ => &[][..],
    };
    values
        .iter()
        .map(|(v, doc)| plain(v, CompletionItemKind::ENUM_MEMBER, doc))
        .collect()
}

/// The block that holds `offset`, from the braces before it.
fn block_at(text: &str, tokens: &[lexer::Token], offset: usize) -> Block {
    let mut stack: Vec<Block> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if token.span.start >= offset {
            break;
        }
        match token.kind {
            TokenKind::Open => {
                let previous = i
                    .checked_sub(1)
                    .and_then(|p| tokens.get(p))
                    .and_then(|t| text.get(t.span.start..t.span.end));
                let block = if let Some("dans" | "hors") = previous {
                    let field = i
                        .checked_sub(2)
                        .and_then(|p| tokens.get(p))
                        .and_then(|t| text.get(t.span.start..t.span.end))
                        .unwrap_or("");
                    Block::Set(field.to_string())
                } else {
                    opener(text, token.span)
                };
                stack.push(block);
            }
            TokenKind::Close => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.pop().unwrap_or(Block::Top)
}

/// The block a `{` opens, from the first words of its line.
fn opener(text: &str, brace: Span) -> Block {
    let line_start = text
        .get(..brace.start)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line = text.get(line_start..brace.start).unwrap_or("");
    let mut words = line.split_whitespace();
    match words.next() {
        Some("édition") => Block::Edition,
        Some("section") => Block::Section,
        Some("indicateur" | "sous-indicateur") => {
            Block::Indicator(words.next().unwrap_or_default().to_string())
        }
        Some("choix") => Block::Choice,
        Some("taux") => Block::Rate,
        Some("nombre") => Block::Count,
        Some("justificatif") => Block::Evidence,
        _ => Block::Other,
    }
}

fn keywords(block: &Block, snippets: bool) -> Vec<CompletionItem> {
    let lists: Vec<&[Keyword]> = match block {
        Block::Top => vec![TOP],
        Block::Edition => vec![EDITION, PROSE],
        Block::Section => vec![SECTION, PROSE],
        Block::Indicator(_) => vec![INDICATOR, PROSE],
        Block::Choice => vec![CHOICE],
        Block::Rate => vec![RATE],
        Block::Count => vec![COUNT],
        Block::Evidence => vec![EVIDENCE],
        Block::Set(_) | Block::Other => vec![],
    };
    lists
        .into_iter()
        .flatten()
        .map(|(word, snippet, doc)| {
            let mut item = plain(word, CompletionItemKind::KEYWORD, doc);
            if snippets {
                item.insert_text = Some((*snippet).to_string());
                item.insert_text_format = Some(InsertTextFormat::SNIPPET);
            }
            item
        })
        .collect()
}

fn ids(analysis: &Analysis, kind: IdKind, item_kind: CompletionItemKind) -> Vec<CompletionItem> {
    dedup(
        analysis
            .occurrences
            .iter()
            .filter(|o| o.kind == kind && o.definition)
            .map(|o| plain(&o.name, item_kind, kind.words()))
            .collect(),
    )
}

fn placeholders(analysis: &Analysis) -> Vec<CompletionItem> {
    let context = analysis.context.clone().unwrap_or_default();
    let mut names: Vec<(String, &str)> = vec![
        ("N".to_string(), "l'année de référence"),
        ("N+1".to_string(), "l'année suivante"),
        ("N-1".to_string(), "l'année précédente"),
        ("31/12/N".to_string(), "une date, l'année relative à N"),
        ("an 2021".to_string(), "une année fixe, non signalée"),
        ("ouverture".to_string(), "l'ouverture de la déclaration"),
        ("clôture".to_string(), "la clôture de la déclaration"),
        (
            "portail".to_string(),
            "le portail, dans son unique orthographe",
        ),
    ];
    for section in context.section_counts.keys() {
        names.push((
            format!("nombre {section}"),
            "le nombre d'indicateurs de la section",
        ));
        names.push((
            format!("nombre {section} déclaratifs"),
            "combien sont déclarés",
        ));
        names.push((
            format!("nombre {section} automatisés"),
            "combien sont mesurés",
        ));
        names.push((format!("total {section}"), "le total de la section"));
    }
    for (id, _) in &context.amounts {
        names.push((
            format!("montant {id}"),
            "le montant de la section ou de l'indicateur",
        ));
    }
    if context.max_total.is_some() {
        names.push(("total maximal".to_string(), "le total maximal de l'édition"));
    }
    names
        .into_iter()
        .map(|(name, doc)| {
            let resolved = text::resolve(
                &format!("{{{name}}}"),
                Span::default(),
                "",
                &context,
                &mut Vec::new(),
            )
            .resolved;
            with_detail(plain(&name, CompletionItemKind::CONSTANT, doc), &resolved)
        })
        .collect()
}

fn plain(label: &str, kind: CompletionItemKind, doc: &str) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        documentation: Some(lsp_types::Documentation::String(doc.to_string())),
        ..CompletionItem::default()
    }
}

fn with_detail(mut item: CompletionItem, detail: &str) -> CompletionItem {
    item.detail = Some(detail.to_string());
    item
}

fn dedup(mut items: Vec<CompletionItem>) -> Vec<CompletionItem> {
    let mut seen = std::collections::BTreeSet::new();
    items.retain(|i| seen.insert(i.label.clone()));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<String> {
        let offset = text.find('|').unwrap_or(text.len());
        let text = text.replacen('|', "", 1);
        let analysis = Analysis::new(text, None);
        complete(&analysis, offset, false, &Vec::new)
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn each_place_has_its_words() {
        let header =
            "édition fami x 2025 {\n  section socle \"S\" prérequis {\n    indicateur i \"T\" {\n";
        assert!(labels(&format!("{header}      |")).contains(&"numéro".to_string()));
        assert!(labels(&format!("{header}      taux t \"x\" {{\n        |"))
            .contains(&"seuil".to_string()));
        assert!(labels(&format!("{header}      question \"en {{|")).contains(&"N+1".to_string()));
        let fields = labels(&format!(
            "{header}      taux t \"x\" {{\n        numérateur actes où |"
        ));
        assert!(fields.contains(&"mode".to_string()));
        let modes = labels(&format!("{header}      taux t \"x\" {{\n        numérateur actes où mode dans {{sesam_vitale, |"));
        assert!(modes.contains(&"papier".to_string()));
        assert!(labels("|").contains(&"édition".to_string()));
        assert!(labels(&format!("{header}      // |")).is_empty());
    }
}
