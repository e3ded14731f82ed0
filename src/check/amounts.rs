//! Amounts: points and euros converted to exact cents, and stated sums checked against derived ones.

use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::i18n::Msg;
use crate::ir::{self, Amount};
use crate::msg;
use crate::span::Span;
use crate::wording::{amount_in_words, euros_in_words};

/// Cents of a decimal number of euros, when it has at most two decimals.
pub fn decimal_to_cents(value: ast::Decimal) -> Option<i64> {
    match value.scale {
        0 => value.mantissa.checked_mul(100),
        1 => value.mantissa.checked_mul(10),
        2 => Some(value.mantissa),
        _ => None,
    }
}

/// An amount as the author would write it in a spec: `280 points = 1 960 €` or `490 €`.
pub fn amount_as_written(amount: Amount) -> String {
    let euros = euros_in_words(amount.cents).replace('\u{202f}', " ");
    match amount.points {
        Some(points) => format!(
            "{} points = {euros}",
            crate::wording::points_in_words(points).replace('\u{202f}', " ")
        ),
        None => euros,
    }
}

/// Converts an amount as written into cents (and points), checking that stated
/// euros equal points times the point value.
pub fn resolve_amount(
    value: &ast::AmountValue,
    unit: ir::Unit,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Amount> {
    let stated_cents = match &value.euros {
        Some(euros) => match decimal_to_cents(euros.node) {
            Some(cents) if cents <= MAX_CENTS => Some(cents),
            _ if euros.node.scale > 2 => {
                diagnostics.push(
                    Diagnostic::error("E0203", euros.span, msg!("e0203-amount-euros-has-most"))
                        .with_help(msg!("e0203-help-write-euros-cents-such")),
                );
                return None;
            }
            _ => {
                diagnostics.push(too_large(euros.span));
                return None;
            }
        },
        None => None,
    };
    match unit {
        ir::Unit::Euros => {
            if let Some(points) = &value.points {
                diagnostics.push(
                    Diagnostic::error(
                        "E0203",
                        points.span,
                        msg!("e0203-edition-states-amounts-euros"),
                    )
                    .with_help(msg!("e0203-help-write-amount-euros-declare")),
                );
                return None;
            }
            stated_cents.map(|cents| Amount {
                points: None,
                cents,
            })
        }
        ir::Unit::Points { point_value_cents } => match (&value.points, stated_cents) {
            (Some(points), stated) => {
                let Some(exact) = points.node.ratio() else {
                    diagnostics.push(too_large(points.span));
                    return None;
                };
                let Some(cents) = points
                    .node
                    .times_whole(point_value_cents)
                    .filter(|c| c.abs() <= MAX_CENTS)
                else {
                    let product = num_traits::CheckedMul::checked_mul(
                        &exact,
                        &ir::Rational::from_integer(point_value_cents),
                    )
                    .filter(|c| c.to_integer().abs() <= MAX_CENTS);
                    match product {
                        // Fractional points whose euros fall between two cents.
                        Some(product) => diagnostics.push(
                            Diagnostic::error(
                                "E0205",
                                points.span,
                                msg!(
                                    "e0205-points-not-whole-cents",
                                    points = points.node,
                                    euros_in_words = euros_in_words(point_value_cents),
                                    euros = crate::wording::rational_in_words(
                                        product / ir::Rational::from_integer(100)
                                    )
                                ),
                            )
                            .with_help(msg!("e0205-help-points-whole-cents")),
                        ),
                        None => diagnostics.push(too_large(points.span)),
                    }
                    return None;
                };
                if let (Some(stated), Some(euros)) = (stated, &value.euros) {
                    if stated != cents {
                        diagnostics.push(
                            Diagnostic::error(
                                "E0201",
                                euros.span,
                                msg!(
                                    "e0201-points-point-are",
                                    points = points.node,
                                    euros_in_words = euros_in_words(point_value_cents),
                                    euros_in_words2 = euros_in_words(cents),
                                    euros_in_words3 = euros_in_words(stated)
                                ),
                            )
                            .with_label(points.span, msg!("e0201-label-these-points"))
                            .with_help(msg!(
                                "e0201-help-write-correct-points",
                                amount_as_written = amount_as_written(Amount {
                                    points: Some(exact),
                                    cents
                                })
                            )),
                        );
                    }
                }
                Some(Amount {
                    points: Some(exact),
                    cents,
                })
            }
            (None, Some(cents)) => {
                if point_value_cents == 0 || cents % point_value_cents != 0 {
                    diagnostics.push(
                        Diagnostic::error(
                            "E0203",
                            value.span,
                            msg!(
                                "e0203-whole-number-points-point",
                                euros_in_words = euros_in_words(cents),
                                euros_in_words1 = euros_in_words(point_value_cents)
                            ),
                        )
                        .with_help(msg!("e0203-help-write-amount-points-guide")),
                    );
                    return None;
                }
                Some(Amount {
                    points: Some(ir::Rational::from_integer(cents / point_value_cents)),
                    cents,
                })
            }
            (None, None) => None,
        },
    }
}

/// The largest amount a spec may state, in cents (ten billion euros): sums of any number of
/// indicators then stay far from the limits of 64-bit cents.
pub const MAX_CENTS: i64 = 1_000_000_000_000;

fn too_large(span: Span) -> Diagnostic {
    Diagnostic::error("E0203", span, msg!("e0203-amount-too-large"))
        .with_help(msg!("e0203-help-amount-most-ten-billion"))
}

/// Checks that a stated total equals the derived one; `what` names the parts.
pub fn check_total(
    stated: Amount,
    derived: Amount,
    span: Span,
    what: Msg,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let points_differ = matches!((stated.points, derived.points), (Some(a), Some(b)) if a != b);
    if points_differ || stated.cents != derived.cents {
        diagnostics.push(
            Diagnostic::error(
                "E0202",
                span,
                msg!(
                    "e0202-add-up",
                    amount_in_words = amount_in_words(derived),
                    amount_in_words2 = amount_in_words(stated)
                )
                .phrase("what", what),
            )
            .with_help(msg!(
                "e0202-help-total-should-correct-amounts",
                amount_as_written = amount_as_written(derived)
            )),
        );
    }
}
