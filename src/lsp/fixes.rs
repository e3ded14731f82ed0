//! Quick fixes: the one edit that mends a diagnostic, where there is a single one (the euros of
//! an amount stated in points, a stated total, a placeholder misspelt).

use super::analysis::{placeholder_spans, walk, Analysis, Node, Statement};
use crate::ast::{self, EditionItem};
use crate::check::text;
use crate::diagnostic::Diagnostic;
use crate::ir::Amount;
use crate::span::Span;

/// A fix: what the editor offers, and the text that replaces the span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// The title of the action, in French.
    pub title: String,
    /// What is replaced.
    pub span: Span,
    /// By what.
    pub replacement: String,
}

/// The fix of `diagnostic`, when it has exactly one.
pub fn fix(analysis: &Analysis, diagnostic: &Diagnostic) -> Option<Fix> {
    match diagnostic.code {
        "E0201" => euros(analysis, diagnostic.span),
        "E0701" => placeholder(analysis, diagnostic.span),
        "E0202" => total(analysis, diagnostic.span),
        _ => None,
    }
}

/// E0201: the euros of `points = euros` made points × the point value.
fn euros(analysis: &Analysis, span: Span) -> Option<Fix> {
    let file = analysis.file.as_ref()?;
    let point_value = file.edition.items.iter().find_map(|i| match i {
        EditionItem::PointValue(v, _, _) => cents(v.node),
        _ => None,
    })?;
    let mut found = None;
    walk(file, &mut |_, node| {
        if let Node::Statement(_, Statement::Amount(value)) = node {
            if let (Some(points), Some(euros)) = (&value.points, &value.euros) {
                if euros.span.start == span.start && euros.span.end == span.end {
                    found = Some(points.node);
                }
            }
        }
    });
    let cents = found?.times_whole(point_value)?;
    let replacement = crate::check::amount_as_written(Amount {
        points: None,
        cents,
    });
    Some(Fix {
        title: format!("Écrire {replacement}"),
        span,
        replacement,
    })
}

/// E0202: a section's `total` or the edition's `total maximal` made the sum the checker derives.
/// The sum is the checker's own: the spec is checked again without the stated total, and the
/// fix is offered only when it then has no error.
fn total(analysis: &Analysis, span: Span) -> Option<Fix> {
    let file = analysis.file.as_ref()?;
    let mut target: Option<(Span, Span, Option<String>)> = None;
    for item in &file.edition.items {
        match item {
            EditionItem::MaxTotal(value, _, statement) if value.span.start == span.start => {
                target = Some((*statement, value.span, None));
            }
            EditionItem::Section(section) => {
                for item in &section.items {
                    if let ast::SectionItem::Total(value, _, statement) = item {
                        if value.span.start == span.start {
                            target = Some((*statement, value.span, Some(section.id.node.clone())));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let (statement, value, section) = target?;
    let mut without = analysis.text.clone();
    let blank = " ".repeat(statement.len());
    without.replace_range(statement.start..statement.end, &blank);
    let edition = crate::driver::check_source(&without, None).edition?;
    let derived = match section {
        None => edition.max_total(),
        Some(id) => edition.sections.iter().find(|s| s.id == id)?.max_amount(),
    };
    let replacement = crate::check::amount_as_written(derived);
    Some(Fix {
        title: format!("Écrire {replacement}"),
        span: value,
        replacement,
    })
}

/// E0701: the one known placeholder within two edits of the one written.
fn placeholder(analysis: &Analysis, span: Span) -> Option<Fix> {
    let (_, written) = placeholder_spans(&analysis.text, span).into_iter().next()?;
    let context = analysis.context.clone().unwrap_or_default();
    let mut known: Vec<String> = ["N", "ouverture", "clôture", "portail"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for section in context.section_counts.keys() {
        known.push(format!("nombre {section}"));
        known.push(format!("nombre {section} déclaratifs"));
        known.push(format!("nombre {section} automatisés"));
        known.push(format!("total {section}"));
    }
    let written = written.trim();
    let close: Vec<&String> = known.iter().filter(|k| distance(k, written) <= 2).collect();
    let [only] = close.as_slice() else {
        return None;
    };
    let replacement = format!("{{{only}}}");
    let resolved = text::resolve(&replacement, Span::default(), "", &context, &mut Vec::new());
    (resolved.resolved != replacement).then(|| Fix {
        title: format!("Écrire {replacement}"),
        span,
        replacement,
    })
}

fn cents(value: ast::Decimal) -> Option<i64> {
    match value.scale {
        0 => value.mantissa.checked_mul(100),
        1 => value.mantissa.checked_mul(10),
        2 => Some(value.mantissa),
        _ => None,
    }
}

/// Levenshtein distance, in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let value = (previous + usize::from(ca != *cb))
                .min(above + 1)
                .min(left + 1);
            previous = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("clôture", "cloture"), 1);
        assert_eq!(distance("portail", "portial"), 2);
        assert_eq!(distance("", "abc"), 3);
    }
}
