//! Shared and partly unknown amounts: an indicator's parts (`part …` of its measures), a section
//! total with a part no source details (`reste inconnu`), totals checked as "at least" when an
//! amount is unknown.

use super::amounts::{amount_as_written, check_total};
use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::ir::{self, Amount, AmountSpec};
use crate::msg;
use crate::span::Span;
use crate::wording::amount_in_words;

/// The most parts an indicator may have: the engines keep which parts held in one 64-bit word.
pub const MAX_PARTS: usize = 64;

/// An indicator's parts: in a section paid by indicator, not beside sub-indicators, at most
/// [`MAX_PARTS`], and adding up to the indicator's own amount when it states one.
pub fn check_parts(
    indicator: &ir::Indicator,
    section_paid: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !indicator.has_parts() {
        return;
    }
    let misplaced = if section_paid {
        Some(msg!(
            "e0206-part-in-section-paid-whole",
            indicator = &indicator.id
        ))
    } else if !indicator.subs.is_empty() {
        Some(msg!(
            "e0206-part-beside-sub-indicators",
            indicator = &indicator.id
        ))
    } else if indicator.parts().count() > MAX_PARTS {
        Some(msg!(
            "e0206-too-many-parts",
            indicator = &indicator.id,
            most = MAX_PARTS
        ))
    } else {
        None
    };
    if let Some(message) = misplaced {
        diagnostics.push(
            Diagnostic::error("E0206", indicator.span, message)
                .with_help(msg!("e0206-help-parts-paid-by-indicator")),
        );
        return;
    }
    let derived = indicator.parts().fold(Amount::default(), |acc, (_, part)| {
        acc.checked_add(part.value).unwrap_or(acc)
    });
    match indicator.amount.as_ref().map(|a| &a.value) {
        Some(AmountSpec::Known(stated)) => check_total(
            *stated,
            derived,
            indicator.span,
            msg!("e0202-what-parts", indicator = &indicator.id),
            diagnostics,
        ),
        // A scale beside parts is E0211, where the scale's measure is checked.
        Some(AmountSpec::Scaled { .. }) => {}
        Some(AmountSpec::Unknown(_) | AmountSpec::UpTo { .. }) => {
            diagnostics.push(
                Diagnostic::error(
                    "E0206",
                    indicator.span,
                    msg!("e0206-parts-of-unknown-amount", indicator = &indicator.id),
                )
                .with_help(msg!(
                    "e0206-help-parts-state-amount",
                    amount_as_written = amount_as_written(derived)
                )),
            );
        }
        None => {}
    }
}

/// A stated total when part of what it adds up is unknown: what is known must not exceed it.
pub fn check_total_at_least(
    stated: Amount,
    known: Amount,
    span: Span,
    section: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let points_exceed = matches!((stated.points, known.points), (Some(s), Some(k)) if k > s);
    if points_exceed || known.cents > stated.cents {
        diagnostics.push(
            Diagnostic::error(
                "E0202",
                span,
                msg!(
                    "e0202-known-exceeds-stated",
                    section = section,
                    known = amount_in_words(known),
                    stated = amount_in_words(stated)
                ),
            )
            .with_help(msg!("e0202-help-known-exceeds-stated")),
        );
    }
}

/// `reste inconnu` needs a stated total that the listed indicators do not reach (E0207).
pub fn check_unknown_rest(
    section: &ir::Section,
    rests: &[((&ast::Text, &Option<ast::Citation>), Span)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some((_, span)) = rests.first() else {
        return;
    };
    let message = match &section.stated_total {
        None => msg!("e0207-rest-without-total", section = &section.id),
        Some(total) => {
            let listed = section.listed_amount();
            if section.amount.is_some() {
                msg!("e0207-rest-in-section-paid-whole", section = &section.id)
            } else if listed == total.value {
                msg!(
                    "e0207-nothing-left",
                    section = &section.id,
                    total = amount_in_words(total.value)
                )
            } else {
                return;
            }
        }
    };
    diagnostics.push(Diagnostic::error("E0207", *span, message).with_help(msg!("e0207-help-rest")));
}
