//! Parsing: spec text to the owned AST, through the pest grammar in `grammar/guide.pest`.
//!
//! pest's `Pair` and `Rule` never leave this module. Lowering is one function
//! per grammar rule; an unexpected shape is a diagnostic, never a panic.

use crate::ast::*;
use crate::diagnostic::Diagnostic;
use crate::i18n::{Arg, Msg};
use crate::msg;
use crate::span::{Span, Spanned};
use pest::iterators::{Pair, Pairs};
use pest::Parser;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/guide.pest"]
struct GuideParser;

type Lowered<T> = Result<T, Diagnostic>;

/// The largest spec file guidec reads, in bytes (8 MiB, about 180 times the largest real edition):
/// memory stays a small multiple of it. A larger file is E0002.
pub const MAX_SPEC_BYTES: usize = 8 * 1024 * 1024;

/// How deep blocks (`{ … }`) and parentheses (`( … )`) may nest, together: 64 levels. A real
/// edition nests 6 (edition, section, indicator, sub-indicator, rate, a parenthesis). Parsing,
/// lowering, checking, formatting and every later walk recurse at most this deep; deeper is E0002.
pub const MAX_NESTING: usize = 64;

/// Parses a whole spec file. On a syntax error, the one diagnostic says where
/// and what was expected, in the author's words. A file over [`MAX_SPEC_BYTES`], or nesting
/// deeper than [`MAX_NESTING`], is refused before any parsing (E0002).
pub fn parse(text: &str) -> Result<File, Vec<Diagnostic>> {
    within_limits(text).map_err(|d| vec![d])?;
    let mut pairs =
        GuideParser::parse(Rule::file, text).map_err(|e| vec![syntax_error(&e, text)])?;
    let file = pairs.next().ok_or_else(|| {
        vec![Diagnostic::error(
            "E0001",
            Span::default(),
            msg!("e0001-empty-spec"),
        )]
    })?;
    lower_file(file).map_err(|d| vec![d])
}

/// Checks the size of a spec and the depth of its nesting, in one pass over its bytes that knows
/// comments, texts and prose (where braces and parentheses are words, not structure).
pub fn within_limits(text: &str) -> Result<(), Diagnostic> {
    if text.len() > MAX_SPEC_BYTES {
        return Err(Diagnostic::error(
            "E0002",
            Span::new(0, 0),
            msg!(
                "e0002-too-large",
                size = crate::wording::group_thousands(text.len() as u64),
                limit = crate::wording::group_thousands(MAX_SPEC_BYTES as u64)
            ),
        )
        .with_help(msg!("e0002-help-too-large")));
    }
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = find_byte(bytes, i, b'\n');
                continue;
            }
            b'"' if bytes.get(i..i + 3) == Some(b"\"\"\"") => {
                i = text
                    .get(i + 3..)
                    .and_then(|rest| rest.find("\"\"\""))
                    .map_or(bytes.len(), |end| i + 3 + end + 3);
                continue;
            }
            b'"' => {
                let mut j = i + 1;
                while let Some(&c) = bytes.get(j) {
                    match c {
                        b'\\' => j += 2,
                        b'"' | b'\n' => break,
                        _ => j += 1,
                    }
                }
                i = j + 1;
                continue;
            }
            // A citation (`[004 §1.4]`) is one token: what it holds is neither a comment nor
            // structure.
            b'[' => {
                let end = find_byte(bytes, i, b'\n');
                i = bytes
                    .get(i..end)
                    .and_then(|line| line.iter().position(|c| *c == b']'))
                    .map_or(i + 1, |k| i + k + 1);
                continue;
            }
            b'{' | b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Diagnostic::error(
                        "E0002",
                        Span::new(i, i + 1),
                        msg!("e0002-too-deep", max = MAX_NESTING),
                    )
                    .with_label(
                        Span::new(i, i + 1),
                        msg!("e0002-label-level", level = MAX_NESTING + 1),
                    )
                    .with_help(msg!("e0002-help-too-deep", max = MAX_NESTING)));
                }
            }
            b'}' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// The offset of the next `byte` at or after `from`, or the end.
fn find_byte(bytes: &[u8], from: usize, byte: u8) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|b| *b == byte))
        .map_or(bytes.len(), |k| from + k)
}

fn syntax_error(error: &pest::error::Error<Rule>, text: &str) -> Diagnostic {
    let span = match error.location {
        pest::error::InputLocation::Pos(p) => Span::new(p, p),
        pest::error::InputLocation::Span((s, e)) => Span::new(s, e),
    };
    let (message, expected, closes) = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let mut words: Vec<Expected> = positives
                .iter()
                .filter_map(|r| expected_words(*r))
                .flat_map(split_alternatives)
                .collect();
            let closes = positives.iter().any(|r| closes_block(*r));
            if closes {
                words.push(Expected::Phrase("syntax-close-block"));
            }
            words.sort_unstable_by_key(Expected::key);
            words.dedup();
            let args: Vec<Arg> = words.iter().map(Expected::arg).collect();
            let message = match args.as_slice() {
                [] => msg!("e0001-unexpected-text"),
                [one] => msg!("e0001-expected").with("expected", one.clone()),
                _ => msg!("e0001-expected").with("expected", Arg::List(args, "word-or")),
            };
            (message, words, closes)
        }
        pest::error::ErrorVariant::CustomError { message } => {
            (msg!("e0001-lexer", why = message), Vec::new(), false)
        }
    };
    let at = span.start.min(text.len());
    if closes {
        if let Some(open) = crate::syntax_help::unclosed_block(text, at) {
            let (line, _) = crate::diagnostic::LineIndex::new(text).line_column(open.start);
            return Diagnostic::error(
                "E0001",
                open,
                msg!(
                    "e0001-unclosed-block",
                    block = crate::syntax_help::block_name(
                        text.get(open.start..open.end).unwrap_or("")
                    )
                ),
            )
            .with_label(Span::new(at, at), msg!("e0001-label-still-open"))
            .with_help(msg!("e0001-help-close-block", line = line));
        }
    }
    let word = crate::syntax_help::word_at(text, at);
    let keywords: Vec<&str> = expected
        .iter()
        .filter_map(|e| match e {
            Expected::Keyword(k) => k.trim_matches('`').split([' ', '<']).next(),
            Expected::Phrase(_) => None,
        })
        .filter(|k| !k.is_empty())
        .collect();
    let wants = |phrases: &[&str]| {
        expected
            .iter()
            .any(|e| matches!(e, Expected::Phrase(p) if phrases.contains(p)))
    };
    let suggestion = word.and_then(|w| crate::syntax_help::closest(w, keywords.iter().copied()));
    let help = if let Some(best) = suggestion {
        msg!("help-did-you-mean", word = best)
    } else if expected
        .iter()
        .any(|e| matches!(e, Expected::Keyword(k) if k.starts_with("`édition")))
    {
        msg!("e0001-help-edition")
    } else if closes && at >= text.trim_end().len() {
        msg!("e0001-help-end-of-file")
    } else if let Some(amount) = crate::syntax_help::amount_fix(text.get(at..).unwrap_or(""))
        .filter(|_| wants(&["syntax-amount", "syntax-euros", "syntax-points"]))
    {
        msg!("e0001-help-amount-write", amount = amount)
    } else if wants(&["syntax-string"]) && text.get(at..).is_some_and(|t| t.starts_with('"')) {
        msg!("e0001-help-unclosed-string")
    } else if wants(&["syntax-string"]) {
        msg!("e0001-help-string")
    } else if wants(&["syntax-amount", "syntax-euros", "syntax-points"]) {
        msg!("e0001-help-amount")
    } else if wants(&["syntax-citation"]) {
        msg!("e0001-help-citation")
    } else if wants(&["syntax-ident"]) {
        msg!("e0001-help-ident")
    } else if let Some(w) = word {
        msg!("e0001-help-word-here", word = w)
    } else {
        msg!("e0001-help-see-docs-language-md")
    };
    // A misspelt word is underlined whole.
    let span = match (suggestion, word) {
        (Some(_), Some(w)) if span.is_empty() => Span::new(at, at + w.len()),
        _ => span,
    };
    Diagnostic::error("E0001", span, message).with_help(help)
}

/// What a syntax error says was expected: keywords (the same in every language) or a phrase.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expected {
    /// Keywords in backticks, such as `` `indicateur` ``.
    Keyword(&'static str),
    /// The id of a phrase of the catalogue, such as `syntax-string`.
    Phrase(&'static str),
}

impl Expected {
    fn key(&self) -> (u8, &'static str) {
        match self {
            Expected::Keyword(k) => (1, k),
            Expected::Phrase(p) if *p == "syntax-close-block" => (2, p),
            Expected::Phrase(p) => (0, p),
        }
    }

    fn arg(&self) -> Arg {
        match self {
            Expected::Keyword(k) => Arg::Text((*k).to_string()),
            Expected::Phrase(p) => Arg::Msg(Msg::new(p)),
        }
    }
}

/// `` "`a`, `b` or `c`" `` as its three keywords; a phrase stays whole.
fn split_alternatives(words: Expected) -> Vec<Expected> {
    match words {
        Expected::Keyword(k) => k
            .split(", ")
            .flat_map(|part| part.split(" or "))
            .map(Expected::Keyword)
            .collect(),
        phrase => vec![phrase],
    }
}

/// Whether a statement of this rule may stand where a block could also end with `}`.
fn closes_block(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::title_stmt
            | Rule::section
            | Rule::amount_stmt
            | Rule::indicator
            | Rule::number_stmt
            | Rule::kind_stmt
            | Rule::option
            | Rule::numerator_stmt
            | Rule::threshold_stmt
            | Rule::evidence_when
            | Rule::prose_stmt
    )
}

/// What a grammar rule is called in an author's words, for syntax errors.
fn expected_words(rule: Rule) -> Option<Expected> {
    Some(match rule {
        Rule::EOI => Expected::Phrase("syntax-eof"),
        Rule::ident => Expected::Phrase("syntax-ident"),
        Rule::source_id => Expected::Phrase("syntax-source-id"),
        Rule::string => Expected::Phrase("syntax-string"),
        Rule::prose_text => Expected::Phrase("syntax-prose"),
        Rule::integer => Expected::Phrase("syntax-integer"),
        Rule::decimal => Expected::Phrase("syntax-number"),
        Rule::year => Expected::Phrase("syntax-year"),
        Rule::date => Expected::Phrase("syntax-date"),
        Rule::approx_date => Expected::Phrase("syntax-approx-date"),
        Rule::euros => Expected::Phrase("syntax-euros"),
        Rule::points => Expected::Phrase("syntax-points"),
        Rule::percent => Expected::Phrase("syntax-percent"),
        Rule::fraction => Expected::Phrase("syntax-fraction"),
        Rule::duration => Expected::Phrase("syntax-duration"),
        Rule::citation => Expected::Phrase("syntax-citation"),
        Rule::edition => Expected::Keyword("`édition <programme> <profession> <année> {`"),
        Rule::title_stmt => Expected::Keyword("`titre`"),
        Rule::source_stmt => Expected::Keyword("`source`"),
        Rule::borrow_stmt => Expected::Keyword("`emprunt`"),
        Rule::convention_stmt => Expected::Keyword("`convention`"),
        Rule::point_value_stmt => Expected::Keyword("`valeur du point`"),
        Rule::unit_stmt => Expected::Keyword("`unité`"),
        Rule::unit_word => Expected::Keyword("`points` or `euros`"),
        Rule::assessment_stmt => Expected::Keyword("`appréciation`"),
        Rule::no_prorating => Expected::Keyword("`sans proratisation`"),
        Rule::opening_stmt => Expected::Keyword("`ouverture`"),
        Rule::closing_stmt => Expected::Keyword("`clôture`"),
        Rule::closing_time => Expected::Keyword("`inclus` or `minuit`"),
        Rule::provisional => Expected::Keyword("`prévisionnelle`"),
        Rule::unknown => Expected::Keyword("`inconnu` or `inconnue`"),
        Rule::payment_stmt => Expected::Keyword("`paiement`"),
        Rule::portal_stmt => Expected::Keyword("`portail`"),
        Rule::programme_stmt => Expected::Keyword("`programme`"),
        Rule::profession_stmt => Expected::Keyword("`profession`"),
        Rule::online_stmt => Expected::Keyword("`en ligne`"),
        Rule::paper_stmt => Expected::Keyword("`papier`"),
        Rule::paper_unknown => Expected::Keyword("`inconnu \"raison\"`"),
        Rule::identification_stmt => Expected::Keyword("`identification`"),
        Rule::identification_digits => Expected::Keyword("`<nombre> chiffres`"),
        Rule::continues_split => Expected::Keyword("`en partie`"),
        Rule::sworn_stmt => Expected::Keyword("`attestation`"),
        Rule::max_total_stmt => Expected::Keyword("`total maximal`"),
        Rule::section => Expected::Keyword("`section`"),
        Rule::acts_schema => Expected::Keyword("`actes`"),
        Rule::gating => Expected::Keyword("`prérequis`, `complémentaire si <section>` or `indépendant`"),
        Rule::gating_prerequisite => Expected::Keyword("`prérequis`"),
        Rule::gating_complementary => Expected::Keyword("`complémentaire si <section>`"),
        Rule::gating_independent => Expected::Keyword("`indépendant`"),
        Rule::amount_stmt => Expected::Keyword("`montant`"),
        Rule::amount_value => Expected::Phrase("syntax-amount"),
        Rule::amount_unknown => Expected::Keyword("`inconnu \"raison\"`"),
        Rule::amount_up_to => Expected::Keyword("`jusqu'à`"),
        Rule::amount_per_unit => Expected::Keyword("`par <nombre>, au plus`"),
        Rule::amount_brackets => Expected::Keyword("`barème selon <nombre>`"),
        Rule::bracket => Expected::Keyword("`de <n> à <n> :` or `<n> et plus :`"),
        Rule::bracket_closed => Expected::Keyword("`de <n> à <n>`"),
        Rule::bracket_open => Expected::Keyword("`<n> et plus`"),
        Rule::unknown_rest_stmt => Expected::Keyword("`reste inconnu`"),
        Rule::part_stmt => Expected::Keyword("`part`"),
        Rule::total_stmt => Expected::Keyword("`total`"),
        Rule::indicator => Expected::Keyword("`indicateur`"),
        Rule::sub_indicator => Expected::Keyword("`sous-indicateur`"),
        Rule::number_stmt => Expected::Keyword("`numéro`"),
        Rule::kind_stmt => Expected::Keyword("`type`"),
        Rule::kind_word => Expected::Keyword("`déclaratif`, `déclaratif avec pré-alimentation` or `automatisé`"),
        Rule::continues_stmt => Expected::Keyword("`reprend`"),
        Rule::question_stmt => Expected::Keyword("`question`"),
        Rule::free_text_stmt => Expected::Keyword("`texte libre`"),
        Rule::mandatory_if_yes => Expected::Keyword("`obligatoire si oui`"),
        Rule::software_stmt => Expected::Keyword("`logiciel`"),
        Rule::choice => Expected::Keyword("`choix`"),
        Rule::choice_arity => Expected::Keyword("`unique` or `multiple`"),
        Rule::option => Expected::Keyword("`accepte` or `refuse`"),
        Rule::option_verdict => Expected::Keyword("`accepte` or `refuse`"),
        Rule::option_minimum => Expected::Keyword("`au moins <n> par an`"),
        Rule::option_not_prefilled => Expected::Keyword("`sans pré-alimentation`"),
        Rule::rate => Expected::Keyword("`taux`"),
        Rule::numerator_stmt => Expected::Keyword("`numérateur`"),
        Rule::denominator_stmt => Expected::Keyword("`dénominateur`"),
        Rule::exclusion_stmt => Expected::Keyword("`exclure`"),
        Rule::period_stmt => Expected::Keyword("`période`"),
        Rule::period_individualised => Expected::Keyword("`, sinon individualisée`"),
        Rule::threshold_stmt => Expected::Keyword("`seuil`"),
        Rule::comparison_op => Expected::Keyword("`au moins` or `plus de`"),
        Rule::quantity => Expected::Phrase("syntax-quantity"),
        Rule::count => Expected::Keyword("`nombre`"),
        Rule::finding => Expected::Keyword("`constat`"),
        Rule::prefill_stmt => Expected::Keyword("`pré-alimentation`"),
        Rule::evidence => Expected::Keyword("`justificatif`"),
        Rule::evidence_kind => Expected::Keyword("`pièce \"...\"`, `sur l'honneur` or `aucun`"),
        Rule::sworn_in_declaration => Expected::Keyword("`dans la déclaration`"),
        Rule::evidence_when => Expected::Keyword("`requis`"),
        Rule::evidence_case => Expected::Keyword("`toujours`, `première année`, `changement d'éditeur`, `sans pré-alimentation` or `sur demande`"),
        Rule::evidence_shows => Expected::Keyword("`mentionne`"),
        Rule::evidence_validity => Expected::Keyword("`valable`"),
        Rule::evidence_validated_on_receipt => Expected::Keyword("`validé à réception`"),
        Rule::evidence_kept => Expected::Keyword("`conservé pour contrôle`"),
        Rule::neutralised_stmt => Expected::Keyword("`neutralisé`"),
        Rule::deadline_stmt => Expected::Keyword("`délai`"),
        Rule::optional_stmt => Expected::Keyword("`facultatif`"),
        Rule::optional_share => Expected::Keyword("`dont … facultatifs`"),
        Rule::exemption_stmt => Expected::Keyword("`exonération`"),
        Rule::expr | Rule::conjunction | Rule::negation => Expected::Phrase("syntax-condition"),
        Rule::membership | Rule::comparison | Rule::flag => Expected::Phrase("syntax-condition"),
        Rule::membership_op => Expected::Keyword("`dans` or `hors`"),
        Rule::compare_op => Expected::Phrase("syntax-compare"),
        Rule::prose_stmt => Expected::Keyword("`description`, `note` or `cas`"),
        Rule::prose_kind => Expected::Keyword("`description`, `note` or `cas`"),
        Rule::annex => Expected::Keyword("`annexe`"),
        _ => return None,
    })
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.end())
}

fn unexpected(pair: &Pair<'_, Rule>, what: &str) -> Diagnostic {
    Diagnostic::error(
        "E0001",
        span_of(pair),
        msg!(
            "e0001-unexpected-rule",
            rule = format!("{:?}", pair.as_rule()),
            what = what
        ),
    )
}

/// Takes the next pair, which must be of `rule`.
fn expect<'i>(pairs: &mut Pairs<'i, Rule>, rule: Rule, within: Span) -> Lowered<Pair<'i, Rule>> {
    match pairs.next() {
        Some(p) if p.as_rule() == rule => Ok(p),
        Some(p) => Err(unexpected(&p, &format!("{rule:?}"))),
        None => Err(Diagnostic::error(
            "E0001",
            within,
            msg!("e0001-missing-rule", rule = format!("{rule:?}")),
        )),
    }
}

/// Takes the next pair if it is of `rule`.
fn optional<'i>(pairs: &mut Pairs<'i, Rule>, rule: Rule) -> Option<Pair<'i, Rule>> {
    if pairs.peek().map(|p| p.as_rule()) == Some(rule) {
        pairs.next()
    } else {
        None
    }
}

fn optional_citation(pairs: &mut Pairs<'_, Rule>) -> Lowered<Option<Citation>> {
    optional(pairs, Rule::citation)
        .map(lower_citation)
        .transpose()
}

fn lower_file(pair: Pair<'_, Rule>) -> Lowered<File> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let edition = lower_edition(expect(&mut inner, Rule::edition, span)?)?;
    Ok(File { edition })
}

fn lower_ident(pair: Pair<'_, Rule>) -> Ident {
    Spanned::new(pair.as_str().to_string(), span_of(&pair))
}

fn lower_string(pair: Pair<'_, Rule>) -> Lowered<Text> {
    let span = span_of(&pair);
    let raw = pair
        .into_inner()
        .next()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    Ok(Spanned::new(out, span))
}

fn lower_prose_text(pair: Pair<'_, Rule>) -> Lowered<Text> {
    let span = span_of(&pair);
    let raw = pair
        .into_inner()
        .next()
        .map(|p| p.as_str())
        .unwrap_or_default();
    Ok(Spanned::new(dedent(raw), span))
}

/// Removes the common indentation of a prose block and its blank first and last lines.
pub fn dedent(raw: &str) -> String {
    let lines: Vec<&str> = raw.lines().collect();
    let start = lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .map_or(start, |i| i + 1);
    let body = lines.get(start..end).unwrap_or(&[]);
    let indent = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    body.iter()
        .map(|l| l.get(indent..).unwrap_or_else(|| l.trim_start()).trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

fn lower_integer(pair: Pair<'_, Rule>) -> Lowered<Spanned<i64>> {
    let span = span_of(&pair);
    let digits: String = pair
        .as_str()
        .chars()
        .filter(|c| c.is_ascii_digit())
        .collect();
    digits
        .parse::<i64>()
        .map(|v| Spanned::new(v, span))
        .map_err(|_| {
            Diagnostic::error("E0001", span, msg!("e0001-number-too-large"))
                .with_help(msg!("e0001-help-number-too-large"))
        })
}

fn lower_decimal(pair: Pair<'_, Rule>) -> Lowered<Spanned<Decimal>> {
    let span = span_of(&pair);
    let text = pair.as_str();
    let (whole, fraction) = match text.split_once(',') {
        Some((w, f)) => (w, f),
        None => (text, ""),
    };
    let digits: String = whole
        .chars()
        .chain(fraction.chars())
        .filter(|c| c.is_ascii_digit())
        .collect();
    let mantissa = digits.parse::<i64>().map_err(|_| {
        Diagnostic::error("E0001", span, msg!("e0001-number-too-large"))
            .with_help(msg!("e0001-help-number-too-large"))
    })?;
    let scale = u32::try_from(fraction.len())
        .map_err(|_| Diagnostic::error("E0001", span, msg!("e0001-too-many-decimals")))?;
    Ok(Spanned::new(Decimal { mantissa, scale }, span))
}

/// The number inside an `euros`, `percent` or `points` token.
fn inner_decimal(pair: Pair<'_, Rule>) -> Lowered<Spanned<Decimal>> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    match inner.next() {
        Some(p) if p.as_rule() == Rule::decimal => lower_decimal(p),
        Some(p) if p.as_rule() == Rule::integer => {
            let v = lower_integer(p)?;
            Ok(Spanned::new(
                Decimal {
                    mantissa: v.node,
                    scale: 0,
                },
                span,
            ))
        }
        Some(p) => Err(unexpected(&p, "a number")),
        None => Err(Diagnostic::error(
            "E0001",
            span,
            msg!("e0001-missing-number"),
        )),
    }
}

fn lower_year(pair: Pair<'_, Rule>) -> Lowered<Year> {
    let span = span_of(&pair);
    let inner = pair
        .into_inner()
        .next()
        .ok_or_else(|| Diagnostic::error("E0001", span, msg!("e0001-missing-year")))?;
    match inner.as_rule() {
        Rule::year_literal => inner
            .as_str()
            .parse::<i32>()
            .map(Year::Literal)
            .map_err(|_| Diagnostic::error("E0001", span, msg!("e0001-invalid-year"))),
        Rule::year_relative => {
            let mut parts = inner.into_inner();
            let sign = optional(&mut parts, Rule::year_sign);
            let offset = optional(&mut parts, Rule::year_offset);
            let magnitude = match offset {
                Some(o) => o.as_str().parse::<i32>().map_err(|_| {
                    Diagnostic::error("E0001", span, msg!("e0001-invalid-year-offset"))
                })?,
                None => 0,
            };
            let negative = sign.is_some_and(|s| s.as_str() == "-");
            Ok(Year::Relative(if negative {
                -magnitude
            } else {
                magnitude
            }))
        }
        _ => Err(unexpected(&inner, "a year")),
    }
}

fn lower_date(pair: Pair<'_, Rule>) -> Lowered<Date> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let day = if optional_rule_is(&inner, Rule::day) {
        let d = expect(&mut inner, Rule::day, span)?;
        d.as_str()
            .parse::<u32>()
            .map_err(|_| Diagnostic::error("E0001", span, msg!("e0001-invalid-day")))?
    } else {
        1
    };
    let month = expect(&mut inner, Rule::month, span)?
        .as_str()
        .parse::<u32>()
        .map_err(|_| Diagnostic::error("E0001", span, msg!("e0001-invalid-month")))?;
    let year = lower_year(expect(&mut inner, Rule::year, span)?)?;
    Ok(Date {
        day,
        month,
        year,
        span,
    })
}

fn optional_rule_is(pairs: &Pairs<'_, Rule>, rule: Rule) -> bool {
    pairs.peek().map(|p| p.as_rule()) == Some(rule)
}

fn lower_date_spec(pair: Pair<'_, Rule>) -> Lowered<DateSpec> {
    match pair.as_rule() {
        Rule::date => Ok(DateSpec::Exact(lower_date(pair)?)),
        Rule::approx_date => Ok(DateSpec::Early(lower_date(pair)?)),
        Rule::unknown => Ok(DateSpec::Unknown(span_of(&pair))),
        _ => Err(unexpected(&pair, "a date")),
    }
}

fn lower_citation(pair: Pair<'_, Rule>) -> Lowered<Citation> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let source = expect(&mut inner, Rule::source_id, span)?;
    let locator = optional(&mut inner, Rule::locator).map(|l| l.as_str().trim().to_string());
    Ok(Citation {
        source: Spanned::new(source.as_str().to_string(), span_of(&source)),
        locator,
        span,
    })
}

fn lower_edition(pair: Pair<'_, Rule>) -> Lowered<Edition> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let programme = lower_ident(expect(&mut inner, Rule::ident, span)?);
    let profession = lower_ident(expect(&mut inner, Rule::ident, span)?);
    let year = lower_integer(expect(&mut inner, Rule::integer, span)?)?;
    let header_span = Span::new(span.start, year.span.end);
    let items = inner.map(lower_edition_item).collect::<Lowered<Vec<_>>>()?;
    Ok(Edition {
        programme,
        profession,
        year,
        items,
        header_span,
    })
}

fn lower_edition_item(pair: Pair<'_, Rule>) -> Lowered<EditionItem> {
    let span = span_of(&pair);
    let rule = pair.as_rule();
    let mut inner = pair.into_inner();
    Ok(match rule {
        Rule::title_stmt => {
            let text = lower_string(expect(&mut inner, Rule::string, span)?)?;
            EditionItem::Title(text, optional_citation(&mut inner)?, span)
        }
        Rule::source_stmt => EditionItem::Source(lower_source(&mut inner, span)?),
        Rule::borrow_stmt => {
            let source = lower_source(&mut inner, span)?;
            let reason = lower_string(expect(&mut inner, Rule::string, span)?)?;
            EditionItem::Borrow(source, reason)
        }
        Rule::convention_stmt => {
            let text = lower_string(expect(&mut inner, Rule::string, span)?)?;
            EditionItem::Convention(text, optional_citation(&mut inner)?, span)
        }
        Rule::point_value_stmt => {
            let value = inner_decimal(expect(&mut inner, Rule::euros, span)?)?;
            EditionItem::PointValue(value, optional_citation(&mut inner)?, span)
        }
        Rule::unit_stmt => {
            let word = expect(&mut inner, Rule::unit_word, span)?;
            let unit = if word.as_str() == "points" {
                Unit::Points
            } else {
                Unit::Euros
            };
            EditionItem::Unit(Spanned::new(unit, span_of(&word)))
        }
        Rule::assessment_stmt => {
            let date = lower_date(expect(&mut inner, Rule::date, span)?)?;
            let no_prorating = optional(&mut inner, Rule::no_prorating).is_some();
            EditionItem::Assessment(date, no_prorating, optional_citation(&mut inner)?, span)
        }
        Rule::opening_stmt => {
            let date =
                lower_date_spec(inner.next().ok_or_else(|| {
                    Diagnostic::error("E0001", span, msg!("e0001-missing-date"))
                })?)?;
            let provisional = optional(&mut inner, Rule::provisional).is_some();
            EditionItem::Opening(date, provisional, optional_citation(&mut inner)?, span)
        }
        Rule::closing_stmt => {
            let date =
                lower_date_spec(inner.next().ok_or_else(|| {
                    Diagnostic::error("E0001", span, msg!("e0001-missing-date"))
                })?)?;
            let time = optional(&mut inner, Rule::closing_time).map(|t| {
                if t.as_str() == "minuit" {
                    ClosingTime::Midnight
                } else {
                    ClosingTime::Included
                }
            });
            let provisional = optional(&mut inner, Rule::provisional).is_some();
            EditionItem::Closing(
                date,
                time,
                provisional,
                optional_citation(&mut inner)?,
                span,
            )
        }
        Rule::payment_stmt => {
            let text = lower_string(expect(&mut inner, Rule::string, span)?)?;
            EditionItem::Payment(text, optional_citation(&mut inner)?, span)
        }
        Rule::portal_stmt => {
            EditionItem::Portal(lower_string(expect(&mut inner, Rule::string, span)?)?, span)
        }
        Rule::programme_stmt => {
            EditionItem::Programme(lower_string(expect(&mut inner, Rule::string, span)?)?, span)
        }
        Rule::profession_stmt => {
            let plural = lower_string(expect(&mut inner, Rule::string, span)?)?;
            let singular = optional(&mut inner, Rule::string)
                .map(lower_string)
                .transpose()?;
            EditionItem::Profession(plural, singular, span)
        }
        Rule::online_stmt => {
            let menu = lower_string(expect(&mut inner, Rule::string, span)?)?;
            let button = optional(&mut inner, Rule::string)
                .map(lower_string)
                .transpose()?;
            EditionItem::Online(menu, button, optional_citation(&mut inner)?, span)
        }
        Rule::paper_stmt => {
            if let Some(unknown) = optional(&mut inner, Rule::paper_unknown) {
                let s = span_of(&unknown);
                let mut parts = unknown.into_inner();
                let _unknown = expect(&mut parts, Rule::unknown, s)?;
                let reason = lower_string(expect(&mut parts, Rule::string, s)?)?;
                EditionItem::PaperUnknown(reason, optional_citation(&mut inner)?, span)
            } else {
                let how = lower_string(expect(&mut inner, Rule::string, span)?)?;
                let to = lower_string(expect(&mut inner, Rule::string, span)?)?;
                EditionItem::Paper(how, to, optional_citation(&mut inner)?, span)
            }
        }
        Rule::identification_stmt => {
            let id = lower_ident(expect(&mut inner, Rule::ident, span)?);
            let label = lower_string(expect(&mut inner, Rule::string, span)?)?;
            let digits = match optional(&mut inner, Rule::identification_digits) {
                Some(pair) => {
                    let s = span_of(&pair);
                    Some(lower_integer(expect(
                        &mut pair.into_inner(),
                        Rule::integer,
                        s,
                    )?)?)
                }
                None => None,
            };
            EditionItem::Identification(Identification {
                id,
                label,
                digits,
                citation: optional_citation(&mut inner)?,
                span,
            })
        }
        Rule::sworn_stmt => {
            let text = lower_string(expect(&mut inner, Rule::string, span)?)?;
            EditionItem::Sworn(text, optional_citation(&mut inner)?, span)
        }
        Rule::max_total_stmt => {
            let value = lower_amount_value(expect(&mut inner, Rule::amount_value, span)?)?;
            EditionItem::MaxTotal(value, optional_citation(&mut inner)?, span)
        }
        Rule::acts_schema => EditionItem::ActSchema(lower_acts_schema(span, inner)?),
        Rule::section => EditionItem::Section(lower_section(span, inner)?),
        Rule::annex => EditionItem::Annex(lower_annex(span, inner)?),
        Rule::prose_stmt => EditionItem::Prose(lower_prose(span, inner)?),
        _ => return Err(unexpected_in_block(rule, span, "édition")),
    })
}

fn lower_source(inner: &mut Pairs<'_, Rule>, span: Span) -> Lowered<Source> {
    let id = expect(inner, Rule::source_id, span)?;
    let file = lower_string(expect(inner, Rule::string, span)?)?;
    let title = lower_string(expect(inner, Rule::string, span)?)?;
    Ok(Source {
        id: Spanned::new(id.as_str().to_string(), span_of(&id)),
        file,
        title,
        span,
    })
}

fn lower_amount_value(pair: Pair<'_, Rule>) -> Lowered<AmountValue> {
    let span = span_of(&pair);
    let mut points = None;
    let mut euros = None;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::points => {
                let s = span_of(&part);
                let n = part
                    .into_inner()
                    .next()
                    .ok_or_else(|| Diagnostic::error("E0001", s, msg!("e0001-missing-number")))?;
                points = Some(Spanned::new(lower_decimal(n)?.node, s));
            }
            Rule::euros => {
                let s = span_of(&part);
                euros = Some(Spanned::new(inner_decimal(part)?.node, s));
            }
            _ => return Err(unexpected(&part, "an amount")),
        }
    }
    Ok(AmountValue {
        points,
        euros,
        span,
    })
}

fn lower_amount_stmt(span: Span, mut inner: Pairs<'_, Rule>) -> Lowered<AmountStmt> {
    let first = inner
        .next()
        .ok_or_else(|| Diagnostic::error("E0001", span, msg!("e0001-missing-amount")))?;
    let mut scale = None;
    let mut measured = None;
    let mut citation = None;
    let value = match first.as_rule() {
        Rule::amount_value => Ok(lower_amount_value(first)?),
        Rule::amount_per_unit => {
            let s = span_of(&first);
            let mut parts = first.into_inner();
            let unit = lower_amount_value(expect(&mut parts, Rule::amount_value, s)?)?;
            let measure = lower_ident(expect(&mut parts, Rule::ident, s)?);
            let cap = lower_amount_value(expect(&mut parts, Rule::amount_value, s)?)?;
            measured = Some(MeasuredAmount {
                measure,
                rule: MeasuredRule::PerUnit(unit),
            });
            Ok(cap)
        }
        Rule::amount_brackets => {
            let s = span_of(&first);
            let mut parts = first.into_inner();
            let measure = lower_ident(expect(&mut parts, Rule::ident, s)?);
            citation = optional_citation(&mut parts)?;
            let mut brackets = Vec::new();
            for pair in parts {
                brackets.push(lower_bracket(pair)?);
            }
            // The statement's value is the scale's maximum: its last bracket's amount (the
            // checker requires the amounts not to decrease).
            let last = brackets.last().map(|b: &Bracket| b.amount.clone());
            measured = Some(MeasuredAmount {
                measure,
                rule: MeasuredRule::Brackets(brackets),
            });
            match last {
                Some(last) => Ok(last),
                None => {
                    return Err(Diagnostic::error(
                        "E0001",
                        s,
                        msg!("e0001-scale-without-bracket"),
                    ))
                }
            }
        }
        Rule::amount_up_to => {
            let s = span_of(&first);
            let mut parts = first.into_inner();
            let max = lower_amount_value(expect(&mut parts, Rule::amount_value, s)?)?;
            scale = Some(lower_string(expect(&mut parts, Rule::string, s)?)?);
            Ok(max)
        }
        Rule::amount_unknown => {
            let s = span_of(&first);
            let mut parts = first.into_inner();
            let _unknown = expect(&mut parts, Rule::unknown, s)?;
            Err(lower_string(expect(&mut parts, Rule::string, s)?)?)
        }
        _ => return Err(unexpected(&first, "an amount")),
    };
    let citation = match citation {
        Some(citation) => Some(citation),
        None => optional_citation(&mut inner)?,
    };
    Ok(AmountStmt {
        value,
        scale,
        measured,
        citation,
        span,
    })
}

fn lower_bracket(pair: Pair<'_, Rule>) -> Lowered<Bracket> {
    let span = span_of(&pair);
    if pair.as_rule() != Rule::bracket {
        return Err(unexpected(&pair, "a bracket"));
    }
    let mut inner = pair.into_inner();
    let range = inner
        .next()
        .ok_or_else(|| Diagnostic::error("E0001", span, msg!("e0001-scale-without-bracket")))?;
    let (from, to) = match range.as_rule() {
        Rule::bracket_closed => {
            let s = span_of(&range);
            let mut bounds = range.into_inner();
            let from = lower_integer(expect(&mut bounds, Rule::integer, s)?)?;
            let to = lower_integer(expect(&mut bounds, Rule::integer, s)?)?;
            (from, Some(to))
        }
        Rule::bracket_open => {
            let s = span_of(&range);
            let mut bounds = range.into_inner();
            (lower_integer(expect(&mut bounds, Rule::integer, s)?)?, None)
        }
        _ => return Err(unexpected(&range, "a bracket")),
    };
    let amount = lower_amount_value(expect(&mut inner, Rule::amount_value, span)?)?;
    Ok(Bracket {
        from,
        to,
        amount,
        citation: optional_citation(&mut inner)?,
        span,
    })
}

fn lower_section(span: Span, mut inner: Pairs<'_, Rule>) -> Lowered<Section> {
    let id = lower_ident(expect(&mut inner, Rule::ident, span)?);
    let title = lower_string(expect(&mut inner, Rule::string, span)?)?;
    let gating = lower_gating(expect(&mut inner, Rule::gating, span)?)?;
    let citation = optional_citation(&mut inner)?;
    let header_span = Span::new(
        span.start,
        citation.as_ref().map_or(gating.span.end, |c| c.span.end),
    );
    let mut items = Vec::new();
    for pair in inner {
        let s = span_of(&pair);
        let rule = pair.as_rule();
        let parts = pair.into_inner();
        let item = match rule {
            Rule::amount_stmt => SectionItem::Amount(lower_amount_stmt(s, parts)?),
            Rule::total_stmt => {
                let mut parts = parts;
                let value = lower_amount_value(expect(&mut parts, Rule::amount_value, s)?)?;
                // `dont … facultatifs`: the optional part, an item of its own beside the total.
                if let Some(share) = optional(&mut parts, Rule::optional_share) {
                    let share_span = span_of(&share);
                    let mut share_parts = share.into_inner();
                    let optional_value = lower_amount_value(expect(
                        &mut share_parts,
                        Rule::amount_value,
                        share_span,
                    )?)?;
                    items.push(SectionItem::OptionalShare(optional_value, share_span));
                }
                SectionItem::Total(value, optional_citation(&mut parts)?, s)
            }
            Rule::unknown_rest_stmt => {
                let mut parts = parts;
                let _unknown = expect(&mut parts, Rule::unknown, s)?;
                let reason = lower_string(expect(&mut parts, Rule::string, s)?)?;
                SectionItem::UnknownRest(reason, optional_citation(&mut parts)?, s)
            }
            Rule::indicator => SectionItem::Indicator(lower_indicator(s, parts, false)?),
            Rule::sub_indicator => SectionItem::SubIndicator(lower_indicator(s, parts, true)?),
            Rule::prose_stmt => SectionItem::Prose(lower_prose(s, parts)?),
            _ => return Err(unexpected_in_block(rule, s, "section")),
        };
        items.push(item);
    }
    Ok(Section {
        id,
        title,
        gating,
        citation,
        items,
        header_span,
    })
}

fn lower_gating(pair: Pair<'_, Rule>) -> Lowered<Spanned<Gating>> {
    let span = span_of(&pair);
    let kind = pair
        .into_inner()
        .next()
        .ok_or_else(|| Diagnostic::error("E0001", span, msg!("e0001-missing-gating")))?;
    let gating = match kind.as_rule() {
        Rule::gating_prerequisite => Gating::Prerequisite,
        Rule::gating_independent => Gating::Independent,
        Rule::gating_complementary => {
            let s = span_of(&kind);
            let mut parts = kind.into_inner();
            Gating::Complementary(lower_ident(expect(&mut parts, Rule::ident, s)?))
        }
        _ => return Err(unexpected(&kind, "a gating")),
    };
    Ok(Spanned::new(gating, span))
}

fn lower_indicator(span: Span, mut inner: Pairs<'_, Rule>, is_sub: bool) -> Lowered<Indicator> {
    let id = lower_ident(expect(&mut inner, Rule::ident, span)?);
    let title = lower_string(expect(&mut inner, Rule::string, span)?)?;
    let parent = if is_sub {
        optional(&mut inner, Rule::ident).map(lower_ident)
    } else {
        None
    };
    let citation = optional_citation(&mut inner)?;
    let header_end = citation
        .as_ref()
        .map(|c| c.span.end)
        .or(parent.as_ref().map(|p| p.span.end))
        .unwrap_or(title.span.end);
    let items = inner
        .map(lower_indicator_item)
        .collect::<Lowered<Vec<_>>>()?;
    Ok(Indicator {
        id,
        title,
        parent,
        citation,
        items,
        header_span: Span::new(span.start, header_end),
    })
}

fn lower_indicator_item(pair: Pair<'_, Rule>) -> Lowered<IndicatorItem> {
    let span = span_of(&pair);
    let rule = pair.as_rule();
    let mut inner = pair.into_inner();
    Ok(match rule {
        Rule::number_stmt => {
            IndicatorItem::Number(lower_integer(expect(&mut inner, Rule::integer, span)?)?)
        }
        Rule::kind_stmt => {
            let word = expect(&mut inner, Rule::kind_word, span)?;
            let ws = span_of(&word);
            let kind = match word.into_inner().next().map(|p| p.as_rule()) {
                Some(Rule::kind_prefilled) => Kind::Prefilled,
                Some(Rule::kind_declarative) => Kind::Declarative,
                Some(Rule::kind_automated) => Kind::Automated,
                _ => {
                    return Err(Diagnostic::error(
                        "E0001",
                        ws,
                        msg!("e0001-unknown-indicator-type"),
                    ))
                }
            };
            IndicatorItem::Kind(Spanned::new(kind, ws), optional_citation(&mut inner)?)
        }
        Rule::amount_stmt => IndicatorItem::Amount(lower_amount_stmt(span, inner)?),
        Rule::continues_stmt => {
            let mut ids = Vec::new();
            while let Some(p) = optional(&mut inner, Rule::ident) {
                ids.push(lower_ident(p));
            }
            let split = optional(&mut inner, Rule::continues_split).is_some();
            let reason = optional(&mut inner, Rule::string)
                .map(lower_string)
                .transpose()?;
            IndicatorItem::Continues(ids, split, reason, optional_citation(&mut inner)?, span)
        }
        Rule::question_stmt => {
            let text = lower_string(expect(&mut inner, Rule::string, span)?)?;
            IndicatorItem::Question(text, optional_citation(&mut inner)?, span)
        }
        Rule::free_text_stmt => {
            let text = lower_string(expect(&mut inner, Rule::string, span)?)?;
            let mandatory = optional(&mut inner, Rule::mandatory_if_yes).is_some();
            IndicatorItem::FreeText(text, mandatory, optional_citation(&mut inner)?, span)
        }
        Rule::software_stmt => {
            let id = lower_ident(expect(&mut inner, Rule::ident, span)?);
            let label = lower_string(expect(&mut inner, Rule::string, span)?)?;
            IndicatorItem::Software(id, label, optional_citation(&mut inner)?, span)
        }
        Rule::choice => IndicatorItem::Choice(lower_choice(span, inner)?),
        Rule::rate => IndicatorItem::Rate(lower_rate(span, inner)?),
        Rule::count => {
            let id = lower_ident(expect(&mut inner, Rule::ident, span)?);
            let label = lower_string(expect(&mut inner, Rule::string, span)?)?;
            let citation = optional_citation(&mut inner)?;
            let mut thresholds = Vec::new();
            let mut parts = Vec::new();
            for pair in inner {
                if pair.as_rule() == Rule::part_stmt {
                    parts.push(lower_part(pair)?);
                } else {
                    thresholds.push(lower_threshold(pair)?);
                }
            }
            IndicatorItem::Count(Count {
                id,
                label,
                citation,
                thresholds,
                parts,
                span,
            })
        }
        Rule::finding => {
            let id = lower_ident(expect(&mut inner, Rule::ident, span)?);
            let label = lower_string(expect(&mut inner, Rule::string, span)?)?;
            IndicatorItem::Finding(id, label, optional_citation(&mut inner)?, span)
        }
        Rule::prefill_stmt => {
            let from = lower_string(expect(&mut inner, Rule::string, span)?)?;
            let otherwise = optional(&mut inner, Rule::string)
                .map(lower_string)
                .transpose()?;
            IndicatorItem::Prefill(from, otherwise, optional_citation(&mut inner)?, span)
        }
        Rule::evidence => IndicatorItem::Evidence(lower_evidence(span, inner)?),
        Rule::deadline_stmt => {
            let date = lower_date(expect(&mut inner, Rule::date, span)?)?;
            IndicatorItem::Deadline(date, optional_citation(&mut inner)?, span)
        }
        Rule::optional_stmt => {
            let year = optional(&mut inner, Rule::year)
                .map(|pair| {
                    let year_span = span_of(&pair);
                    lower_year(pair).map(|year| Spanned {
                        node: year,
                        span: year_span,
                    })
                })
                .transpose()?;
            IndicatorItem::Optional(year, optional_citation(&mut inner)?, span)
        }
        Rule::neutralised_stmt => {
            let text = lower_string(expect(&mut inner, Rule::string, span)?)?;
            IndicatorItem::Neutralised(text, optional_citation(&mut inner)?, span)
        }
        Rule::exemption_stmt => {
            let what = lower_ident(expect(&mut inner, Rule::ident, span)?);
            let text = lower_string(expect(&mut inner, Rule::string, span)?)?;
            IndicatorItem::Exemption(what, text, optional_citation(&mut inner)?, span)
        }
        Rule::sub_indicator => IndicatorItem::SubIndicator(lower_indicator(span, inner, true)?),
        Rule::prose_stmt => IndicatorItem::Prose(lower_prose(span, inner)?),
        _ => return Err(unexpected_in_block(rule, span, "indicateur")),
    })
}

fn lower_choice(span: Span, mut inner: Pairs<'_, Rule>) -> Lowered<Choice> {
    let arity = expect(&mut inner, Rule::choice_arity, span)?;
    let label = lower_string(expect(&mut inner, Rule::string, span)?)?;
    let citation = optional_citation(&mut inner)?;
    let options = inner.map(lower_option).collect::<Lowered<Vec<_>>>()?;
    Ok(Choice {
        multiple: arity.as_str() == "multiple",
        label,
        citation,
        options,
        span,
    })
}

fn lower_option(pair: Pair<'_, Rule>) -> Lowered<ChoiceOption> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let verdict = expect(&mut inner, Rule::option_verdict, span)?;
    let id = lower_ident(expect(&mut inner, Rule::ident, span)?);
    let label = lower_string(expect(&mut inner, Rule::string, span)?)?;
    let mut minimum_per_year = None;
    let mut not_prefilled = false;
    let mut citation = None;
    for part in inner {
        match part.as_rule() {
            Rule::option_minimum => {
                let s = span_of(&part);
                let mut parts = part.into_inner();
                let n = lower_integer(expect(&mut parts, Rule::integer, s)?)?;
                minimum_per_year = Some(Spanned::new(n.node, s));
            }
            Rule::option_not_prefilled => not_prefilled = true,
            Rule::citation => citation = Some(lower_citation(part)?),
            _ => return Err(unexpected(&part, "an option attribute")),
        }
    }
    Ok(ChoiceOption {
        accepted: verdict.as_str() == "accepte",
        id,
        label,
        minimum_per_year,
        not_prefilled,
        citation,
        span,
    })
}

fn lower_rate(span: Span, mut inner: Pairs<'_, Rule>) -> Lowered<Rate> {
    let id = lower_ident(expect(&mut inner, Rule::ident, span)?);
    let label = lower_string(expect(&mut inner, Rule::string, span)?)?;
    let citation = optional_citation(&mut inner)?;
    let mut rate = Rate {
        id,
        label,
        citation,
        numerator: Vec::new(),
        denominator: Vec::new(),
        exclusions: Vec::new(),
        periods: Vec::new(),
        thresholds: Vec::new(),
        parts: Vec::new(),
        span,
    };
    for pair in inner {
        let s = span_of(&pair);
        match pair.as_rule() {
            Rule::numerator_stmt | Rule::denominator_stmt => {
                let is_numerator = pair.as_rule() == Rule::numerator_stmt;
                let mut parts = pair.into_inner();
                let condition = optional(&mut parts, Rule::expr)
                    .map(lower_expr)
                    .transpose()?;
                let citation = optional_citation(&mut parts)?;
                let target = if is_numerator {
                    &mut rate.numerator
                } else {
                    &mut rate.denominator
                };
                target.push((condition, citation, s));
            }
            Rule::exclusion_stmt => {
                let mut parts = pair.into_inner();
                let condition = lower_expr(expect(&mut parts, Rule::expr, s)?)?;
                let label = lower_string(expect(&mut parts, Rule::string, s)?)?;
                rate.exclusions.push(Exclusion {
                    condition,
                    label,
                    citation: optional_citation(&mut parts)?,
                    span: s,
                });
            }
            Rule::period_stmt => {
                let mut parts = pair.into_inner();
                let individualised = optional(&mut parts, Rule::period_individualised).is_some();
                rate.periods.push(Period {
                    individualised,
                    citation: optional_citation(&mut parts)?,
                    span: s,
                });
            }
            Rule::threshold_stmt => rate.thresholds.push(lower_threshold(pair)?),
            Rule::part_stmt => rate.parts.push(lower_part(pair)?),
            _ => return Err(unexpected(&pair, "a statement of a rate")),
        }
    }
    Ok(rate)
}

fn lower_part(pair: Pair<'_, Rule>) -> Lowered<Part> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let value = lower_amount_value(expect(&mut inner, Rule::amount_value, span)?)?;
    Ok(Part {
        value,
        citation: optional_citation(&mut inner)?,
        span,
    })
}

fn lower_threshold(pair: Pair<'_, Rule>) -> Lowered<Threshold> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let op_pair = expect(&mut inner, Rule::comparison_op, span)?;
    let op = match op_pair.into_inner().next().map(|p| p.as_rule()) {
        Some(Rule::op_more_than) => ThresholdOp::MoreThan,
        _ => ThresholdOp::AtLeast,
    };
    let value = lower_quantity(expect(&mut inner, Rule::quantity, span)?)?;
    Ok(Threshold {
        op,
        value,
        citation: optional_citation(&mut inner)?,
        span,
    })
}

fn lower_quantity(pair: Pair<'_, Rule>) -> Lowered<Spanned<Quantity>> {
    let span = span_of(&pair);
    let inner = pair
        .into_inner()
        .next()
        .ok_or_else(|| Diagnostic::error("E0001", span, msg!("e0001-missing-value")))?;
    let quantity = match inner.as_rule() {
        Rule::percent => Quantity::Percent(inner_decimal(inner)?.node),
        Rule::euros => Quantity::Euros(inner_decimal(inner)?.node),
        Rule::points => Quantity::Points(inner_decimal(inner)?.node.mantissa),
        Rule::fraction => {
            let s = span_of(&inner);
            let mut parts = inner.into_inner();
            let n = lower_integer(expect(&mut parts, Rule::integer, s)?)?.node;
            let d = lower_integer(expect(&mut parts, Rule::integer, s)?)?.node;
            Quantity::Fraction(n, d)
        }
        Rule::duration => {
            let s = span_of(&inner);
            let mut parts = inner.into_inner();
            let n = lower_integer(expect(&mut parts, Rule::integer, s)?)?.node;
            let unit = match expect(&mut parts, Rule::duration_unit, s)?.as_str() {
                "mois" => DurationUnit::Months,
                "an" | "ans" => DurationUnit::Years,
                _ => DurationUnit::Days,
            };
            Quantity::Duration(n, unit)
        }
        Rule::integer => Quantity::Count(lower_integer(inner)?.node),
        _ => return Err(unexpected(&inner, "a quantity")),
    };
    Ok(Spanned::new(quantity, span))
}

fn lower_evidence(span: Span, mut inner: Pairs<'_, Rule>) -> Lowered<Evidence> {
    let kind_pair = expect(&mut inner, Rule::evidence_kind, span)?;
    let ks = span_of(&kind_pair);
    let kind_inner = kind_pair
        .into_inner()
        .next()
        .ok_or_else(|| Diagnostic::error("E0001", ks, msg!("e0001-missing-evidence-kind")))?;
    let kind = match kind_inner.as_rule() {
        Rule::evidence_document => {
            let s = span_of(&kind_inner);
            let mut parts = kind_inner.into_inner();
            EvidenceKind::Document(lower_string(expect(&mut parts, Rule::string, s)?)?)
        }
        Rule::evidence_sworn => EvidenceKind::Sworn {
            in_declaration: kind_inner
                .into_inner()
                .find(|p| p.as_rule() == Rule::sworn_in_declaration)
                .map(|p| span_of(&p)),
        },
        Rule::evidence_none => EvidenceKind::None,
        _ => return Err(unexpected(&kind_inner, "an evidence kind")),
    };
    let citation = optional_citation(&mut inner)?;
    let mut evidence = Evidence {
        kind,
        citation,
        when: Vec::new(),
        shows: Vec::new(),
        validity: Vec::new(),
        validated_on_receipt: None,
        kept_for_control: None,
        span,
    };
    for pair in inner {
        let s = span_of(&pair);
        let rule = pair.as_rule();
        let mut parts = pair.into_inner();
        match rule {
            Rule::evidence_when => {
                let mut cases = Vec::new();
                while let Some(c) = optional(&mut parts, Rule::evidence_case) {
                    let cs = span_of(&c);
                    let case = match c.into_inner().next().map(|p| p.as_rule()) {
                        Some(Rule::case_always) => EvidenceCase::Always,
                        Some(Rule::case_first_year) => EvidenceCase::FirstYear,
                        Some(Rule::case_vendor_change) => EvidenceCase::VendorChange,
                        Some(Rule::case_not_prefilled) => EvidenceCase::NotPrefilled,
                        Some(Rule::case_on_request) => EvidenceCase::OnRequest,
                        _ => {
                            return Err(Diagnostic::error(
                                "E0001",
                                cs,
                                msg!("e0001-unknown-evidence-case"),
                            ))
                        }
                    };
                    cases.push(Spanned::new(case, cs));
                }
                evidence.when.push((cases, optional_citation(&mut parts)?));
            }
            Rule::evidence_shows => {
                let mut texts = Vec::new();
                while let Some(t) = optional(&mut parts, Rule::string) {
                    texts.push(lower_string(t)?);
                }
                evidence.shows.push((texts, optional_citation(&mut parts)?));
            }
            Rule::evidence_validity => {
                let text = lower_string(expect(&mut parts, Rule::string, s)?)?;
                evidence
                    .validity
                    .push((text, optional_citation(&mut parts)?));
            }
            Rule::evidence_validated_on_receipt => {
                evidence.validated_on_receipt = Some(optional_citation(&mut parts)?);
            }
            Rule::evidence_kept => {
                evidence.kept_for_control = Some(optional_citation(&mut parts)?);
            }
            _ => return Err(unexpected_in_block(rule, s, "justificatif")),
        }
    }
    Ok(evidence)
}

/// `actes [cit] { ... }`: the act schema.
fn lower_acts_schema(span: Span, mut inner: Pairs<'_, Rule>) -> Lowered<ActSchema> {
    let citation = optional_citation(&mut inner)?;
    let mut schema = ActSchema {
        fields: Vec::new(),
        first_claim: None,
        citation,
        span,
    };
    for pair in inner {
        let s = span_of(&pair);
        let rule = pair.as_rule();
        let mut parts = pair.into_inner();
        if rule == Rule::act_first_claim {
            let expr = lower_expr(expect(&mut parts, Rule::expr, s)?)?;
            schema.first_claim = Some((expr, optional_citation(&mut parts)?));
            continue;
        }
        let name = lower_ident(expect(&mut parts, Rule::ident, s)?);
        let label = lower_string(expect(&mut parts, Rule::string, s)?)?;
        let mut key = None;
        let kind = match rule {
            Rule::act_yes_no => ActFieldKind::YesNo,
            Rule::act_date => ActFieldKind::Date,
            Rule::act_number => ActFieldKind::Number,
            Rule::act_age => {
                let birth = lower_ident(expect(&mut parts, Rule::ident, s)?);
                let days = lower_ident(expect(&mut parts, Rule::ident, s)?);
                ActFieldKind::Age { birth, days }
            }
            Rule::act_list => {
                let except = match optional(&mut parts, Rule::act_except) {
                    Some(pair) => {
                        let ps = span_of(&pair);
                        Some(lower_string(expect(
                            &mut pair.into_inner(),
                            Rule::string,
                            ps,
                        )?)?)
                    }
                    None => None,
                };
                if let Some(pair) = optional(&mut parts, Rule::act_key) {
                    let ps = span_of(&pair);
                    key = Some(lower_ident(expect(
                        &mut pair.into_inner(),
                        Rule::ident,
                        ps,
                    )?));
                }
                let default = match optional(&mut parts, Rule::act_default) {
                    Some(pair) => {
                        let ps = span_of(&pair);
                        Some(lower_ident(expect(
                            &mut pair.into_inner(),
                            Rule::ident,
                            ps,
                        )?))
                    }
                    None => None,
                };
                ActFieldKind::List {
                    values: Vec::new(),
                    except,
                    default,
                }
            }
            _ => return Err(unexpected_in_block(rule, s, "actes")),
        };
        if let Some(pair) = optional(&mut parts, Rule::act_key) {
            let ps = span_of(&pair);
            key = Some(lower_ident(expect(
                &mut pair.into_inner(),
                Rule::ident,
                ps,
            )?));
        }
        let citation = optional_citation(&mut parts)?;
        let mut kind = kind;
        if let ActFieldKind::List { values, .. } = &mut kind {
            while let Some(value) = optional(&mut parts, Rule::act_value) {
                let vs = span_of(&value);
                let mut value = value.into_inner();
                let id = lower_ident(expect(&mut value, Rule::ident, vs)?);
                let words = lower_string(expect(&mut value, Rule::string, vs)?)?;
                values.push((id, words));
            }
        }
        schema.fields.push(ActField {
            name,
            label,
            key,
            kind,
            citation,
            span: s,
        });
    }
    Ok(schema)
}

fn lower_expr(pair: Pair<'_, Rule>) -> Lowered<Expr> {
    let span = span_of(&pair);
    match pair.as_rule() {
        Rule::expr => lower_chain(pair, span, Expr::Or),
        Rule::conjunction => lower_chain(pair, span, Expr::And),
        Rule::negation => {
            let mut inner = pair.into_inner();
            let negated = optional(&mut inner, Rule::not_word).is_some();
            let atom = inner
                .next()
                .ok_or_else(|| Diagnostic::error("E0001", span, msg!("e0001-missing-condition")))?;
            let expr = lower_expr(atom)?;
            Ok(if negated {
                Expr::Not(Box::new(expr), span)
            } else {
                expr
            })
        }
        Rule::membership => {
            let mut inner = pair.into_inner();
            let field = lower_ident(expect(&mut inner, Rule::ident, span)?);
            let op = expect(&mut inner, Rule::membership_op, span)?;
            let values = inner.map(lower_ident).collect();
            Ok(Expr::Member {
                field,
                inside: op.as_str() == "dans",
                values,
                span,
            })
        }
        Rule::comparison => {
            let mut inner = pair.into_inner();
            let field = lower_ident(expect(&mut inner, Rule::ident, span)?);
            let op = expect(&mut inner, Rule::compare_op, span)?;
            let op = Spanned::new(op.as_str().to_string(), span_of(&op));
            let value_pair = inner
                .next()
                .ok_or_else(|| Diagnostic::error("E0001", span, msg!("e0001-missing-value")))?;
            let value = match value_pair.as_rule() {
                Rule::quantity => {
                    let q = lower_quantity(value_pair)?;
                    Spanned::new(Operand::Quantity(q.node), q.span)
                }
                Rule::ident => {
                    let i = lower_ident(value_pair);
                    Spanned::new(Operand::Name(i.node), i.span)
                }
                Rule::date => {
                    let date = lower_date(value_pair)?;
                    let at = date.span;
                    Spanned::new(Operand::Date(date), at)
                }
                _ => return Err(unexpected(&value_pair, "a value")),
            };
            Ok(Expr::Compare {
                field,
                op,
                value,
                span,
            })
        }
        Rule::flag => {
            let mut inner = pair.into_inner();
            Ok(Expr::Flag(lower_ident(expect(
                &mut inner,
                Rule::ident,
                span,
            )?)))
        }
        _ => Err(unexpected(&pair, "a condition")),
    }
}

/// `a ou b ou c` (or `a et b`): one condition alone stands for itself.
fn lower_chain(
    pair: Pair<'_, Rule>,
    span: Span,
    join: fn(Vec<Expr>, Span) -> Expr,
) -> Lowered<Expr> {
    let mut parts = pair
        .into_inner()
        .map(lower_expr)
        .collect::<Lowered<Vec<_>>>()?;
    if parts.len() == 1 {
        parts
            .pop()
            .ok_or_else(|| Diagnostic::error("E0001", span, msg!("e0001-empty-condition")))
    } else {
        Ok(join(parts, span))
    }
}

fn lower_prose(span: Span, mut inner: Pairs<'_, Rule>) -> Lowered<Prose> {
    let kind_pair = expect(&mut inner, Rule::prose_kind, span)?;
    let ks = span_of(&kind_pair);
    let kind_inner = kind_pair
        .into_inner()
        .next()
        .ok_or_else(|| Diagnostic::error("E0001", ks, msg!("e0001-missing-prose-kind")))?;
    let kind = match kind_inner.as_rule() {
        Rule::prose_description => ProseKind::Description,
        Rule::prose_note => ProseKind::Note,
        Rule::prose_drafting => ProseKind::Drafting,
        Rule::prose_case => {
            let s = span_of(&kind_inner);
            let mut parts = kind_inner.into_inner();
            ProseKind::Case(lower_string(expect(&mut parts, Rule::string, s)?)?)
        }
        _ => return Err(unexpected(&kind_inner, "a prose kind")),
    };
    let text = lower_prose_text(expect(&mut inner, Rule::prose_text, span)?)?;
    Ok(Prose {
        kind,
        text,
        citation: optional_citation(&mut inner)?,
        span,
    })
}

fn lower_annex(span: Span, mut inner: Pairs<'_, Rule>) -> Lowered<Annex> {
    let id = lower_ident(expect(&mut inner, Rule::ident, span)?);
    let title = lower_string(expect(&mut inner, Rule::string, span)?)?;
    let citation = optional_citation(&mut inner)?;
    let text = lower_prose_text(expect(&mut inner, Rule::prose_text, span)?)?;
    Ok(Annex {
        id,
        title,
        citation,
        text,
        span,
    })
}

/// E0001 for a grammar rule the lowering of `block` does not expect where it stands: the grammar
/// and the lowering disagree, which is a diagnostic, never a panic.
fn unexpected_in_block(rule: Rule, span: Span, block: &str) -> Diagnostic {
    Diagnostic::error(
        "E0001",
        span,
        msg!(
            "e0001-unexpected-in-block",
            rule = format!("{rule:?}"),
            block = block
        ),
    )
}
