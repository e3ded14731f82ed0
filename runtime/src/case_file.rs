//! The one reader of case files: YAML text read into a tree within a budget, then deserialised by strict rules (yes/no, numbers, dates, null), every error in French with its field's path, line and column.
//!
//! Every engine reads a case file through this module: the interpreter's validator
//! (`guidec::case`) deserialises its `CaseFile` from it, and the generated code's typed `Case`
//! is deserialised from it too, so that both accept and refuse the same files with the same
//! messages. The rules, documented in README.md ("Fichiers de cas"):
//!
//! - a value means the same with or without quotes (`"oui"` is `oui`, `"12"` is `12`), and is
//!   spelt exactly, with no space around it;
//! - a yes/no is `oui` or `non` (`true` and `false` are read too; `yes`, `on`, `y`, `1` are not);
//! - a number is a whole number ≥ 0 in decimal digits, without sign, leading zero, separator,
//!   decimals or exponent (`12`, not `+12`, `012`, `0x0C`, `1_2`, `12.0` or `1e1`);
//! - a date is `AAAA-MM-JJ`, a day that exists, years 1 to 9999;
//! - a text is any scalar, taken as written (`version: 5.2` is the text `5.2`);
//! - nothing is `~`, `null` or an empty value without quotes, only where a field may be left
//!   out;
//! - a key is written once per mapping; anchors, aliases, tags and several documents are refused.
//!
//! The reader's budget ([`Limits`]) bounds what a hostile file can cost: its size, the
//! nesting depth and the number of nodes (SECURITY.md says why each is what it is).

use crate::calendar::Date;
use granit_parser::{ErrorKind, Event, Parser, ScalarStyle, ScanError};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

/// What the reader accepts at most.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The file's size, in bytes.
    pub bytes: usize,
    /// How deeply mappings and sequences nest.
    pub depth: usize,
    /// Nodes (every scalar, key included, mapping and sequence).
    pub nodes: usize,
}

/// The limits every engine reads case files with: 32 MiB, 32 levels, 2 000 000 nodes. A line
/// of acts is 5 to 20 nodes, so a case holds 100 000 act lines or more (a year of the busiest
/// practice is tens of thousands); the deepest field of the format is 8 levels down.
pub const LIMITS: Limits = Limits {
    bytes: 32 * 1024 * 1024,
    depth: 32,
    nodes: 2_000_000,
};

/// A case file that cannot be read, with where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// Line, from 1 (0 when unknown).
    pub line: u64,
    /// Column in characters, from 1 (0 when unknown).
    pub column: u64,
    /// The field, as a path (`indicateurs.teletransmission.mesures.fse.actes[3].date`); empty
    /// for the whole file.
    pub path: String,
    /// What is wrong, in French.
    pub message: String,
    /// Whether line, column and path are set (the innermost node an error passes sets them).
    placed: bool,
}

impl Error {
    /// An error at a place already known (a field of a data row, the whole file).
    pub fn at(
        line: u64,
        column: u64,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Error {
        Error {
            line,
            column,
            path: path.into(),
            message: message.into(),
            placed: true,
        }
    }

    fn unplaced(message: impl Into<String>) -> Error {
        Error {
            line: 0,
            column: 0,
            path: String::new(),
            message: message.into(),
            placed: false,
        }
    }

    fn placed_at(mut self, node: &Node<'_>, path: &Path<'_>) -> Error {
        if !self.placed {
            self.line = u64::from(node.line);
            self.column = u64::from(node.column);
            self.path = path.to_string();
            self.placed = true;
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}:{}: {}", self.line, self.column, self.message)
        } else {
            write!(
                f,
                "{}:{}: `{}` : {}",
                self.line, self.column, self.path, self.message
            )
        }
    }
}

impl std::error::Error for Error {}

/// `a`, `b` ou `c`, each in backquotes.
pub(crate) fn one_of<S: AsRef<str>>(words: &[S]) -> String {
    let words: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
    let words = words.as_slice();
    match words {
        [] => "aucun".to_string(),
        [only] => format!("`{only}`"),
        [rest @ .., last] => {
            let rest: Vec<String> = rest.iter().map(|w| format!("`{w}`")).collect();
            format!("{} ou `{last}`", rest.join(", "))
        }
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Error {
        Error::unplaced(message.to_string())
    }

    fn invalid_type(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Error {
        Error::unplaced(format!(
            "valeur d'un autre type qu'attendu ({unexpected} ; attendu : {expected})"
        ))
    }

    fn invalid_value(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Error {
        Error::unplaced(format!(
            "valeur refusée ({unexpected} ; attendu : {expected})"
        ))
    }

    fn invalid_length(length: usize, expected: &dyn de::Expected) -> Error {
        Error::unplaced(format!(
            "{length} éléments, longueur refusée (attendu : {expected})"
        ))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Error {
        Error::unplaced(format!(
            "`{variant}` n'est pas une valeur possible ici ; valeurs possibles : {}",
            one_of(expected)
        ))
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Error {
        Error::unplaced(format!(
            "champ inconnu `{field}` ; champs possibles ici : {}",
            one_of(expected)
        ))
    }

    fn missing_field(field: &'static str) -> Error {
        Error::unplaced(format!("le champ `{field}` manque"))
    }

    fn duplicate_field(field: &'static str) -> Error {
        Error::unplaced(format!("le champ `{field}` est écrit deux fois"))
    }
}

/// A node of the tree, where it starts.
#[derive(Clone, Debug)]
struct Node<'a> {
    kind: Kind<'a>,
    line: u32,
    column: u32,
}

#[derive(Clone, Debug)]
enum Kind<'a> {
    /// A scalar: its text after YAML's escapes, and whether it is plain (no quotes, no block).
    Scalar {
        text: Cow<'a, str>,
        plain: bool,
    },
    Sequence(Vec<Node<'a>>),
    Mapping(Vec<(Node<'a>, Node<'a>)>),
}

impl Node<'_> {
    fn plain(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, plain: true } => Some(text),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.plain(), Some("" | "~" | "null"))
    }

    /// What the node is, in words, for an error.
    fn shown(&self) -> String {
        match &self.kind {
            Kind::Scalar { .. } if self.is_null() => "une valeur vide".into(),
            Kind::Scalar { text, plain: true } => format!("`{}`", shorten(text)),
            Kind::Scalar { text, plain: false } => {
                format!("le texte entre guillemets `{}`", shorten(text))
            }
            Kind::Sequence(_) => "une liste".into(),
            Kind::Mapping(_) => "un bloc de champs".into(),
        }
    }
}

/// A value shown in a message: control characters escaped, at most 40 characters.
pub(crate) fn shorten(text: &str) -> String {
    let mut shown: String = text
        .chars()
        .take(40)
        .flat_map(|c| {
            if c.is_control() {
                c.escape_unicode().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    if text.chars().nth(40).is_some() {
        shown.push('…');
    }
    shown
}

/// A case file read into its tree, ready to deserialise.
#[derive(Clone, Debug)]
pub struct Document<'a> {
    root: Node<'a>,
}

/// Reads `text` into its tree with the [`LIMITS`]: YAML syntax, budget, duplicate keys,
/// anchors, aliases, tags and documents are checked here, types when it is deserialised.
pub fn parse(text: &str) -> Result<Document<'_>, Error> {
    parse_with(text, LIMITS)
}

fn position(line: usize, column0: usize) -> (u32, u32) {
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column0.saturating_add(1)).unwrap_or(u32::MAX),
    )
}

fn scan_error(error: &ScanError, limits: Limits) -> Error {
    let marker = error.marker();
    let (line, column) = position(marker.line(), marker.col());
    let message = match error.kind() {
        // The parser's own bound on flow nesting, met before the reader's depth.
        ErrorKind::RecursionLimitExceeded => format!(
            "les listes et blocs s'imbriquent ici sur plus de {} niveaux, la limite d'un fichier de cas",
            limits.depth
        ),
        _ => format!("YAML mal formé : {}", error.info()),
    };
    Error::at(u64::from(line), u64::from(column), "", message)
}

/// A collection being read.
enum Open<'a> {
    Sequence(Node<'a>, Vec<Node<'a>>),
    Mapping(Node<'a>, Vec<(Node<'a>, Node<'a>)>, Option<Node<'a>>),
}

/// The path of the node the collections being read are at (`indicateurs.aller_vers`).
fn path_of(stack: &[Open<'_>]) -> String {
    let mut path = String::new();
    for open in stack {
        match open {
            Open::Sequence(_, items) => path.push_str(&format!("[{}]", items.len())),
            Open::Mapping(
                _,
                _,
                Some(Node {
                    kind: Kind::Scalar { text, .. },
                    ..
                }),
            ) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&shorten(text));
            }
            Open::Mapping(..) => {}
        }
    }
    path
}

/// Reads `text` into its tree within `limits`.
pub fn parse_with(text: &str, limits: Limits) -> Result<Document<'_>, Error> {
    if text.len() > limits.bytes {
        return Err(Error::at(
            1,
            1,
            "",
            format!(
                "le fichier fait {} octets, plus que les {} qu'un fichier de cas peut faire",
                text.len(),
                limits.bytes
            ),
        ));
    }
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Open<'_>> = Vec::new();
    let mut root: Option<Node<'_>> = None;
    let mut documents = 0usize;
    let mut nodes = 0usize;
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| scan_error(&e, limits))?;
        let (line, column) = position(span.start.line(), span.start.col());
        let refuse = |message: String| {
            Err(Error::at(
                u64::from(line),
                u64::from(column),
                path_of(&stack),
                message,
            ))
        };
        let node = |kind| Node { kind, line, column };
        let finished: Node<'_> = match event {
            Event::DocumentStart(..) => {
                documents = documents.saturating_add(1);
                if documents > 1 {
                    return refuse("un fichier de cas est un seul document YAML : ce `---` en ouvre un deuxième".into());
                }
                continue;
            }
            Event::Alias(_) | Event::UnresolvedAlias(_) => {
                return refuse("les alias YAML (`*nom`) ne sont pas acceptés dans un fichier de cas : écrivez la valeur".into());
            }
            Event::Scalar(_, _, anchor, _)
            | Event::SequenceStart(_, anchor, _)
            | Event::MappingStart(_, anchor, _)
                if anchor != 0 =>
            {
                return refuse(
                    "les ancres YAML (`&nom`) ne sont pas acceptées dans un fichier de cas".into(),
                );
            }
            Event::Scalar(_, _, _, Some(_))
            | Event::SequenceStart(_, _, Some(_))
            | Event::MappingStart(_, _, Some(_)) => {
                return refuse(
                    "les étiquettes YAML (`!…`) ne sont pas acceptées dans un fichier de cas"
                        .into(),
                );
            }
            Event::Scalar(..) | Event::SequenceStart(..) | Event::MappingStart(..)
                if nodes >= limits.nodes =>
            {
                return refuse(format!(
                    "le fichier a plus de {} nœuds YAML (valeurs, clés, listes et blocs), la limite d'un fichier de cas",
                    limits.nodes
                ));
            }
            Event::SequenceStart(..) | Event::MappingStart(..) if stack.len() >= limits.depth => {
                return refuse(format!(
                    "les listes et blocs s'imbriquent ici sur plus de {} niveaux, la limite d'un fichier de cas",
                    limits.depth
                ));
            }
            Event::Scalar(text, style, _, None) => {
                nodes = nodes.saturating_add(1);
                node(Kind::Scalar {
                    text,
                    plain: style == ScalarStyle::Plain,
                })
            }
            Event::SequenceStart(..) => {
                nodes = nodes.saturating_add(1);
                stack.push(Open::Sequence(node(Kind::Sequence(Vec::new())), Vec::new()));
                continue;
            }
            Event::MappingStart(..) => {
                nodes = nodes.saturating_add(1);
                stack.push(Open::Mapping(
                    node(Kind::Mapping(Vec::new())),
                    Vec::new(),
                    None,
                ));
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Open::Sequence(mut at, items)) => {
                    at.kind = Kind::Sequence(items);
                    at
                }
                _ => {
                    return Err(Error::at(
                        u64::from(line),
                        u64::from(column),
                        "",
                        "YAML mal formé : fin de liste inattendue",
                    ))
                }
            },
            Event::MappingEnd => match stack.pop() {
                Some(Open::Mapping(mut at, entries, None)) => {
                    no_duplicate_key(&entries, &path_of(&stack))?;
                    at.kind = Kind::Mapping(entries);
                    at
                }
                _ => {
                    return Err(Error::at(
                        u64::from(line),
                        u64::from(column),
                        "",
                        "YAML mal formé : fin de bloc inattendue",
                    ))
                }
            },
            _ => continue,
        };
        match stack.last_mut() {
            Some(Open::Sequence(_, items)) => items.push(finished),
            Some(Open::Mapping(_, entries, key)) => match key.take() {
                Some(key) => entries.push((key, finished)),
                None if matches!(finished.kind, Kind::Scalar { .. }) => *key = Some(finished),
                None => {
                    return Err(Error::at(
                        u64::from(finished.line),
                        u64::from(finished.column),
                        path_of(&stack),
                        "une clé de bloc est un mot, pas une liste ni un bloc",
                    ))
                }
            },
            None => root = Some(finished),
        }
    }
    Ok(Document {
        root: root.unwrap_or(Node {
            kind: Kind::Scalar {
                text: Cow::Borrowed(""),
                plain: true,
            },
            line: 1,
            column: 1,
        }),
    })
}

/// Refuses a mapping that writes a key twice, at the second one.
fn no_duplicate_key(entries: &[(Node<'_>, Node<'_>)], parent: &str) -> Result<(), Error> {
    let mut keys: Vec<(&str, usize)> = entries
        .iter()
        .enumerate()
        .filter_map(|(index, (key, _))| match &key.kind {
            Kind::Scalar { text, .. } => Some((&**text, index)),
            _ => None,
        })
        .collect();
    keys.sort_unstable();
    for pair in keys.windows(2) {
        if let [(first, _), (second, index)] = pair {
            if first == second {
                if let Some((key, _)) = entries.get(*index) {
                    let path = if parent.is_empty() {
                        shorten(second)
                    } else {
                        format!("{parent}.{}", shorten(second))
                    };
                    return Err(Error::at(
                        u64::from(key.line),
                        u64::from(key.column),
                        path,
                        format!(
                            "la clé `{}` est écrite deux fois dans ce bloc",
                            shorten(second)
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Reads a case file's text into `T` by the rules of this module.
pub fn from_str<'de, T: Deserialize<'de>>(text: &str) -> Result<T, Error> {
    parse(text)?.read()
}

impl<'a> Document<'a> {
    /// Deserialises the document into `T`.
    pub fn read<'de, T: Deserialize<'de>>(&self) -> Result<T, Error> {
        T::deserialize(self.deserializer())
    }

    /// The document as a serde deserializer, for readers generic over one (the generated
    /// code's `evaluate_any`).
    pub fn deserializer(&self) -> Reader<'_, 'a> {
        Reader {
            node: &self.root,
            path: Path::Root,
        }
    }
}

/// Where a node is in the document.
#[derive(Clone, Copy)]
enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, key) => write!(f, "{}", shorten(key)),
            Path::Key(parent, key) => write!(f, "{parent}.{}", shorten(key)),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// A node of a [`Document`] as a serde deserializer.
pub struct Reader<'p, 'a> {
    node: &'p Node<'a>,
    path: Path<'p>,
}

/// The name [`Spanned`] asks to be deserialised by, which this reader answers with the node's
/// line and column.
const SPANNED: &str = "$guidec_runtime::Spanned";
const SPANNED_FIELDS: &[&str] = &["$line", "$column", "$value"];

/// A value with the line and column where the case file writes it (from this reader only).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Line, from 1.
    pub line: u64,
    /// Column in characters, from 1.
    pub column: u64,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Spanned<T>, D::Error> {
        struct SpannedVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
            type Value = Spanned<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("une valeur lue par le lecteur des fichiers de cas")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Spanned<T>, A::Error> {
                let line = map.next_entry::<String, u64>()?.map_or(0, |(_, v)| v);
                let column = map.next_entry::<String, u64>()?.map_or(0, |(_, v)| v);
                let value = match map.next_key::<String>()? {
                    Some(_) => map.next_value::<T>()?,
                    None => return Err(de::Error::missing_field("$value")),
                };
                Ok(Spanned {
                    value,
                    line,
                    column,
                })
            }
        }
        deserializer.deserialize_struct(
            SPANNED,
            SPANNED_FIELDS,
            SpannedVisitor(std::marker::PhantomData),
        )
    }
}

/// The rule a yes/no follows: `oui`, `non`, `true` or `false`, exactly.
pub fn yes_no(text: &str) -> Result<bool, String> {
    match text {
        "oui" | "true" => Ok(true),
        "non" | "false" => Ok(false),
        _ => Err(format!(
            "attendu `oui` ou `non`, trouvé `{}`",
            shorten(text)
        )),
    }
}

/// The rule a number follows: a whole number from 0 to `max`, in decimal digits, without
/// sign, leading zero, separator, decimals or exponent.
pub fn whole_number(text: &str, max: u64) -> Result<u64, String> {
    let digits = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if !digits {
        return Err(format!(
            "attendu un nombre entier positif ou nul écrit en chiffres (`12`, sans signe, zéro en tête, séparateur ni décimale), trouvé `{}`",
            shorten(text)
        ));
    }
    match text.parse::<u64>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(format!(
            "le nombre `{}` est trop grand : au plus {max}",
            shorten(text)
        )),
    }
}

/// The rule a date follows: `AAAA-MM-JJ`, a day that exists, years 1 to 9999.
pub fn date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| {
        format!(
            "attendu une date `AAAA-MM-JJ` qui existe, années 1 à 9999, trouvé `{}`",
            shorten(text)
        )
    })
}

/// What a field of a case expects, for readers that build cases from other sources (a table's
/// rows): the same rules as the case files' reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// `oui`/`non`.
    YesNo,
    /// A whole number from 0 to the bound.
    Number(u64),
    /// `AAAA-MM-JJ`.
    Date,
    /// Any text.
    Text,
}

/// A field's value read by [`field`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A yes/no.
    YesNo(bool),
    /// A whole number.
    Number(u64),
    /// A date.
    Date(Date),
    /// A text.
    Text(String),
}

/// Reads one field's text as `expected` (a table's cell), by the rules of case files; the
/// error names `path` and the place given.
pub fn field(
    expected: Expected,
    text: &str,
    path: &str,
    line: u64,
    column: u64,
) -> Result<Value, Error> {
    let read = match expected {
        Expected::YesNo => yes_no(text).map(Value::YesNo),
        Expected::Number(max) => whole_number(text, max).map(Value::Number),
        Expected::Date => date(text).map(Value::Date),
        Expected::Text => Ok(Value::Text(text.to_string())),
    };
    read.map_err(|message| Error::at(line, column, path, message))
}

impl<'p, 'a> Reader<'p, 'a> {
    fn fail<T>(&self, message: impl Into<String>) -> Result<T, Error> {
        Err(Error::unplaced(message).placed_at(self.node, &self.path))
    }

    fn scalar(&self, what: &str) -> Result<&'p str, Error> {
        match &self.node.kind {
            Kind::Scalar { .. } if self.node.is_null() => {
                self.fail(format!("attendu {what}, trouvé une valeur vide"))
            }
            Kind::Scalar { text, .. } => Ok(text),
            _ => self.fail(format!("attendu {what}, trouvé {}", self.node.shown())),
        }
    }

    fn number(&self, max: u64) -> Result<u64, Error> {
        let text = self.scalar("un nombre entier")?;
        whole_number(text, max).or_else(|message| self.fail(message))
    }

    fn place<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        result.map_err(|e| e.placed_at(self.node, &self.path))
    }
}

macro_rules! numbers {
    ($($method:ident $visit:ident $ty:ty),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                let max = u64::try_from(<$ty>::MAX).unwrap_or(u64::MAX);
                let n = self.number(max)?;
                let n = <$ty>::try_from(n).or_else(|_| self.fail("nombre trop grand"))?;
                self.place(visitor.$visit(n))
            }
        )*
    };
}

impl<'de, 'p, 'a> de::Deserializer<'de> for Reader<'p, 'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match &self.node.kind {
            Kind::Scalar { text, plain: true } => {
                if self.node.is_null() {
                    visitor.visit_unit()
                } else if let Ok(b) = yes_no(text) {
                    visitor.visit_bool(b)
                } else if let Ok(n) = whole_number(text, u64::MAX) {
                    visitor.visit_u64(n)
                } else {
                    visitor.visit_str(text)
                }
            }
            Kind::Scalar { text, plain: false } => visitor.visit_str(text),
            Kind::Sequence(items) => visitor.visit_seq(Items {
                items: items.iter(),
                index: 0,
                parent: &self.path,
            }),
            Kind::Mapping(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
                parent: &self.path,
            }),
        };
        self.place(result)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let text = self.scalar("`oui` ou `non`")?;
        let b = yes_no(text).or_else(|m| self.fail(m))?;
        self.place(visitor.visit_bool(b))
    }

    numbers! {
        deserialize_u8 visit_u8 u8,
        deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32,
        deserialize_u64 visit_u64 u64,
        deserialize_i8 visit_i8 i8,
        deserialize_i16 visit_i16 i16,
        deserialize_i32 visit_i32 i32,
        deserialize_i64 visit_i64 i64,
    }

    fn deserialize_f32<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        self.fail("un fichier de cas n'a pas de nombre décimal")
    }

    fn deserialize_f64<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        self.fail("un fichier de cas n'a pas de nombre décimal")
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let text = self.scalar("un texte")?;
        self.place(visitor.visit_str(text))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.node.is_null() {
            self.place(visitor.visit_none())
        } else {
            let (node, path) = (self.node, self.path);
            Reader { node, path }.place(visitor.visit_some(Reader { node, path }))
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.node.is_null() {
            self.place(visitor.visit_unit())
        } else {
            self.fail(format!(
                "attendu une valeur vide, trouvé {}",
                self.node.shown()
            ))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let (node, path) = (self.node, self.path);
        self.place(visitor.visit_newtype_struct(Reader { node, path }))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Sequence(items) => self.place(visitor.visit_seq(Items {
                items: items.iter(),
                index: 0,
                parent: &self.path,
            })),
            _ => self.fail(format!(
                "attendu une liste (`[a, b]` ou des lignes `- a`), trouvé {}",
                self.node.shown()
            )),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Mapping(entries) => self.place(visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
                parent: &self.path,
            })),
            _ => self.fail(format!(
                "attendu un bloc de champs `clé: valeur`, trouvé {}",
                self.node.shown()
            )),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == SPANNED {
            let (node, path) = (self.node, self.path);
            return self.place(visitor.visit_map(SpannedAccess {
                node,
                path,
                step: 0,
            }));
        }
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Scalar { text, .. } if !self.node.is_null() => {
                let text: &str = text;
                self.place(visitor.visit_enum(de::value::StrDeserializer::<Error>::new(text)))
            }
            _ => self.fail(format!(
                "attendu {}, trouvé {}",
                one_of(variants),
                self.node.shown()
            )),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// A sequence's items.
struct Items<'p, 'a> {
    items: std::slice::Iter<'p, Node<'a>>,
    index: usize,
    parent: &'p Path<'p>,
}

impl<'de> de::SeqAccess<'de> for Items<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(node) = self.items.next() else {
            return Ok(None);
        };
        let path = Path::Index(self.parent, self.index);
        self.index = self.index.saturating_add(1);
        seed.deserialize(Reader { node, path })
            .map(Some)
            .map_err(|e| e.placed_at(node, &path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// A mapping's entries.
struct Entries<'p, 'a> {
    entries: std::slice::Iter<'p, (Node<'a>, Node<'a>)>,
    value: Option<&'p (Node<'a>, Node<'a>)>,
    parent: &'p Path<'p>,
}

impl<'p> Entries<'p, '_> {
    fn key_of(entry: &'p (Node<'_>, Node<'_>)) -> &'p str {
        match &entry.0.kind {
            Kind::Scalar { text, .. } => text,
            _ => "",
        }
    }
}

impl<'de> de::MapAccess<'de> for Entries<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(entry);
        let path = Path::Key(self.parent, Entries::key_of(entry));
        seed.deserialize(Reader {
            node: &entry.0,
            path,
        })
        .map(Some)
        .map_err(|e| e.placed_at(&entry.0, &path))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some(entry) = self.value.take() else {
            return Err(Error::unplaced("valeur sans clé"));
        };
        let path = Path::Key(self.parent, Entries::key_of(entry));
        seed.deserialize(Reader {
            node: &entry.1,
            path,
        })
        .map_err(|e| e.placed_at(&entry.1, &path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// What [`Spanned`] is given: the node's line, its column, then the node itself.
struct SpannedAccess<'p, 'a> {
    node: &'p Node<'a>,
    path: Path<'p>,
    step: u8,
}

impl<'de> de::MapAccess<'de> for SpannedAccess<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(&name) = SPANNED_FIELDS.get(usize::from(self.step)) else {
            return Ok(None);
        };
        seed.deserialize(name.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let step = self.step;
        self.step = self.step.saturating_add(1);
        match step {
            0 => seed.deserialize(u64::from(self.node.line).into_deserializer()),
            1 => seed.deserialize(u64::from(self.node.column).into_deserializer()),
            _ => seed.deserialize(Reader {
                node: self.node,
                path: self.path,
            }),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    const SMALL: Limits = Limits {
        bytes: 64,
        depth: 3,
        nodes: 7,
    };

    fn refused(text: &str, limits: Limits) -> String {
        parse_with(text, limits).unwrap_err().to_string()
    }

    #[test]
    fn each_limit_is_met_and_refused_one_past_it() {
        // Bytes: 64 read, 65 refused.
        let at = format!("a: {}", "x".repeat(61));
        assert_eq!(at.len(), 64);
        assert!(parse_with(&at, SMALL).is_ok());
        assert!(refused(&format!("{at}x"), SMALL).contains("65 octets, plus que les 64"));
        // Nodes: a mapping and three entries is 7 nodes; a fourth entry makes 9.
        assert!(parse_with("{a: 1, b: 2, c: 3}", SMALL).is_ok());
        let over = refused("{a: 1, b: 2, c: 3, d: 4}", SMALL);
        assert!(
            over.starts_with("1:20: ") && over.contains("plus de 7 nœuds"),
            "{over}"
        );
        // Depth: three levels read, four refused, in flow and block style, with the path.
        assert!(parse_with("a: {b: [c]}", SMALL).is_ok());
        let flow = refused("a: {b: [[c]]}", SMALL);
        assert!(
            flow.contains("`a.b[0]` : les listes et blocs s'imbriquent ici sur plus de 3 niveaux"),
            "{flow}"
        );
        assert!(parse_with("a:\n  b:\n    c: 1\n", SMALL).is_ok());
        let block = refused("a:\n  b:\n    c:\n      d: 1\n", SMALL);
        assert!(block.contains("`a.b.c` : les listes"), "{block}");
    }

    #[test]
    fn the_format_reads_a_population_of_acts_within_the_limits() {
        let mut text = String::from("actes:\n");
        for day in 0..150_000 {
            text.push_str(&format!(
                "  - {{date: 2025-01-{:02}, mode: papier}}\n",
                day % 28 + 1
            ));
        }
        #[derive(Deserialize)]
        struct Acts {
            actes: Vec<crate::Act>,
        }
        let mode = crate::acts::FieldKind::List {
            values: vec!["papier".into()],
            default: None,
        };
        let schema = std::sync::Arc::new(
            crate::ActSchema::new(vec![("mode".into(), Vec::new(), mode)]).unwrap(),
        );
        let acts: Acts = crate::reading_acts(&schema, || from_str(&text)).unwrap();
        assert_eq!(acts.actes.len(), 150_000);
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Sample {
        #[serde(default)]
        oui: Option<bool>,
        #[serde(default)]
        n: Option<u32>,
        #[serde(default)]
        texte: Option<String>,
        #[serde(default)]
        liste: Vec<Spanned<u32>>,
        #[serde(default)]
        table: BTreeMap<String, Sample>,
    }

    fn sample(text: &str) -> Result<Sample, String> {
        from_str::<Sample>(text).map_err(|e| e.to_string())
    }

    #[test]
    fn scalars_follow_one_set_of_rules() {
        for (text, yes) in [
            ("oui", true),
            ("non", false),
            ("true", true),
            ("false", false),
            ("\"oui\"", true),
            ("'non'", false),
        ] {
            assert_eq!(
                sample(&format!("oui: {text}")).unwrap().oui,
                Some(yes),
                "{text}"
            );
        }
        for odd in [
            "yes", "no", "on", "off", "y", "n", "1", "0", "Oui", "TRUE", "\" oui\"", "[]",
        ] {
            let error = sample(&format!("oui: {odd}")).unwrap_err();
            assert!(
                error.starts_with("1:6: `oui` : attendu `oui` ou `non`"),
                "{odd}: {error}"
            );
        }
        for (text, n) in [
            ("0", 0),
            ("12", 12),
            ("\"12\"", 12),
            ("4294967295", u32::MAX),
        ] {
            assert_eq!(sample(&format!("n: {text}")).unwrap().n, Some(n), "{text}");
        }
        for odd in [
            "-1",
            "+1",
            "012",
            "0x8",
            "0o7",
            "1_0",
            "1.0",
            "1e1",
            ".5",
            "\" 8 \"",
            "huit",
            "4294967296",
        ] {
            let error = sample(&format!("n: {odd}")).unwrap_err();
            assert!(error.starts_with("1:4: `n` : "), "{odd}: {error}");
        }
        // A text is taken as written, numbers and yes/no included; nothing is `~`, `null` or empty.
        assert_eq!(sample("texte: 5.2").unwrap().texte.as_deref(), Some("5.2"));
        assert_eq!(sample("texte: oui").unwrap().texte.as_deref(), Some("oui"));
        assert_eq!(sample("texte: \"\"").unwrap().texte.as_deref(), Some(""));
        for nothing in ["texte: ~", "texte: null", "texte:"] {
            assert_eq!(sample(nothing).unwrap().texte, None, "{nothing}");
        }
    }

    #[test]
    fn errors_name_the_path_line_and_column_in_both_styles() {
        let block = "table:\n  a:\n    liste:\n      - 1\n      - deux\n";
        assert!(sample(block)
            .unwrap_err()
            .starts_with("5:9: `table.a.liste[1]` : "));
        let flow = "table: {a: {liste: [1, 2]}, b: {liste: [3, x]}}";
        assert!(sample(flow)
            .unwrap_err()
            .starts_with("1:44: `table.b.liste[1]` : "));
        let unknown = sample("table: {a: {inconnu: 1}}").unwrap_err();
        assert!(
            unknown.starts_with("1:13: `table.a.inconnu` : champ inconnu `inconnu`"),
            "{unknown}"
        );
        let spanned = sample("liste:\n  - 7\n  -   8\n").unwrap().liste;
        assert_eq!(
            (spanned[1].value, spanned[1].line, spanned[1].column),
            (8, 3, 7)
        );
    }

    #[test]
    fn yaml_beyond_plain_data_is_refused() {
        for (text, why) in [
            ("a: &x 1\nb: *x\n", "ancres"),
            ("a: !!str 1\n", "étiquettes"),
            ("a: 1\na: 2\n", "deux fois"),
            ("a: 1\n---\nb: 2\n", "seul document"),
            ("? [a]\n: 1\n", "une clé de bloc est un mot"),
            ("a: [1\n", "YAML mal formé"),
        ] {
            assert!(
                refused(text, LIMITS).contains(why),
                "{text}: {}",
                refused(text, LIMITS)
            );
        }
    }

    #[test]
    fn one_field_of_a_row_reads_by_the_same_rules() {
        assert_eq!(
            field(Expected::YesNo, "oui", "x", 2, 3),
            Ok(Value::YesNo(true))
        );
        assert_eq!(
            field(Expected::Number(10), "10", "x", 2, 3),
            Ok(Value::Number(10))
        );
        assert_eq!(
            field(Expected::Date, "2025-03-01", "x", 2, 3),
            Ok(Value::Date(Date::from_ymd(2025, 3, 1).unwrap()))
        );
        assert_eq!(
            field(Expected::Text, "5.2", "x", 2, 3),
            Ok(Value::Text("5.2".into()))
        );
        let error = field(Expected::Number(10), "11", "actes[3].nombre", 4, 5).unwrap_err();
        assert_eq!(
            error.to_string(),
            "4:5: `actes[3].nombre` : le nombre `11` est trop grand : au plus 10"
        );
        assert!(field(Expected::YesNo, "yes", "x", 1, 1).is_err());
    }
}
