//! Scaled amounts: an amount per unit of a measure of the indicator, up to a cap
//! (`montant 5 points par patients, au plus 360 points`), or by brackets of it
//! (`montant barème selon patients { … }`). Exact: per unit, cap and brackets are amounts in
//! whole cents; the cap is a whole number of units; brackets start at 0, follow one another
//! without gap nor overlap, end open, and pay amounts that do not decrease (E0210). The measure
//! is a `nombre` of the same indicator, without a part (E0211).

use super::amounts::{amount_as_written, resolve_amount};
use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::ir::{self, Amount, AmountSpec, Scale};
use crate::msg;
use crate::span::Span;
use crate::wording::amount_in_words;

/// The amount a scaled statement states: its scale, exact, and its maximum (`max`, the
/// statement's value: the cap or the last bracket's amount). `None` after a diagnostic.
pub fn resolve(
    measured: &ast::MeasuredAmount,
    max: &ast::AmountValue,
    unit: ir::Unit,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<AmountSpec> {
    let measure = measured.measure.node.clone();
    match &measured.rule {
        ast::MeasuredRule::PerUnit(per_unit) => {
            let per_unit_amount = resolve_amount(per_unit, unit, diagnostics)?;
            let cap = resolve_amount(max, unit, diagnostics)?;
            if per_unit_amount.cents <= 0 {
                diagnostics.push(
                    Diagnostic::error("E0210", per_unit.span, msg!("e0210-per-unit-nothing"))
                        .with_help(msg!("e0210-help-per-unit-nothing")),
                );
                return None;
            }
            if cap.cents < per_unit_amount.cents || cap.cents % per_unit_amount.cents != 0 {
                let below = cap.cents / per_unit_amount.cents;
                let lower = Amount {
                    points: multiple(per_unit_amount.points, below),
                    cents: per_unit_amount.cents.saturating_mul(below.max(1)),
                };
                let upper = Amount {
                    points: multiple(per_unit_amount.points, below.saturating_add(1)),
                    cents: per_unit_amount
                        .cents
                        .saturating_mul(below.saturating_add(1)),
                };
                diagnostics.push(
                    Diagnostic::error(
                        "E0210",
                        max.span,
                        msg!(
                            "e0210-cap-not-multiple",
                            cap = amount_in_words(cap),
                            per_unit = amount_in_words(per_unit_amount)
                        ),
                    )
                    .with_help(msg!(
                        "e0210-help-cap-multiple",
                        lower = amount_as_written(lower),
                        upper = amount_as_written(upper)
                    )),
                );
                return None;
            }
            Some(AmountSpec::Scaled {
                measure,
                label: String::new(),
                scale: Scale::PerUnit {
                    unit: per_unit_amount,
                    cap,
                },
                max: cap,
            })
        }
        ast::MeasuredRule::Brackets(brackets) => {
            let mut resolved = Vec::with_capacity(brackets.len());
            let mut failed = false;
            for bracket in brackets {
                match resolve_amount(&bracket.amount, unit, diagnostics) {
                    Some(amount) => resolved.push(ir::Bracket {
                        from: bracket.from.node,
                        to: bracket.to.as_ref().map(|t| t.node),
                        amount,
                    }),
                    None => failed = true,
                }
            }
            if failed || !brackets_in_order(brackets, &resolved, diagnostics) {
                return None;
            }
            let last = resolved.last()?.amount;
            Some(AmountSpec::Scaled {
                measure,
                label: String::new(),
                scale: Scale::Brackets(resolved),
                max: last,
            })
        }
    }
}

/// `points` times `n`, exact.
fn multiple(points: Option<ir::Rational>, n: i64) -> Option<ir::Rational> {
    points.and_then(|p| {
        num_traits::CheckedMul::checked_mul(&p, &ir::Rational::from_integer(n.max(1)))
    })
}

/// Brackets start at 0, each from the one after the previous one's last value, only the last
/// open, each from no more than its last value, and amounts that do not decrease: one
/// diagnostic for the first bracket out of order.
fn brackets_in_order(
    written: &[ast::Bracket],
    resolved: &[ir::Bracket],
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let mut previous: Option<(&ast::Bracket, &ir::Bracket)> = None;
    for (ast_bracket, bracket) in written.iter().zip(resolved) {
        let problem = match previous {
            None if bracket.from != 0 => Some((
                ast_bracket.from.span,
                msg!("e0210-first-not-zero", from = bracket.from),
                msg!("e0210-help-first-not-zero", from = bracket.from),
            )),
            None => None,
            Some((_, before)) => match before.to {
                None => Some((
                    ast_bracket.span,
                    msg!("e0210-after-open", from = before.from),
                    msg!("e0210-help-after-open"),
                )),
                Some(to) if bracket.from <= to => Some((
                    ast_bracket.from.span,
                    msg!("e0210-overlap", from = bracket.from, to = to),
                    msg!("e0210-help-next-from", next = to.saturating_add(1)),
                )),
                Some(to) if bracket.from > to.saturating_add(1) => Some((
                    ast_bracket.from.span,
                    msg!(
                        "e0210-gap",
                        gap_from = to.saturating_add(1),
                        gap_to = bracket.from.saturating_sub(1)
                    ),
                    msg!("e0210-help-next-from", next = to.saturating_add(1)),
                )),
                Some(_) => None,
            },
        };
        let problem = problem.or_else(|| match (bracket.to, &ast_bracket.to) {
            (Some(to), Some(written_to)) if to < bracket.from => Some((
                written_to.span,
                msg!("e0210-bracket-backwards", from = bracket.from, to = to),
                msg!("e0210-help-bracket-backwards", from = bracket.from, to = to),
            )),
            _ => None,
        });
        let problem = problem.or_else(|| match previous {
            Some((_, before)) if bracket.amount.cents < before.amount.cents => Some((
                ast_bracket.amount.span,
                msg!(
                    "e0210-amount-decreases",
                    amount = amount_in_words(bracket.amount),
                    before = amount_in_words(before.amount)
                ),
                msg!("e0210-help-amount-decreases"),
            )),
            _ => None,
        });
        if let Some((span, message, help)) = problem {
            diagnostics.push(Diagnostic::error("E0210", span, message).with_help(help));
            return false;
        }
        previous = Some((ast_bracket, bracket));
    }
    match (previous, written.last()) {
        (Some((_, last)), Some(ast_last)) if last.to.is_some() => {
            let to = last.to.unwrap_or(last.from);
            diagnostics.push(
                Diagnostic::error("E0210", ast_last.span, msg!("e0210-last-closed", to = to))
                    .with_help(msg!(
                        "e0210-help-last-closed",
                        from = last.from,
                        amount = amount_as_written(last.amount)
                    )),
            );
            false
        }
        _ => true,
    }
}

/// The measure of an indicator's scaled amount: one of its own `nombre`s, without a `part`, and
/// (when the count has no threshold, so that it is not a condition) beside some other condition;
/// its label written into the amount. `span` is the measure's id in the statement.
pub fn check_measure(indicator: &mut ir::Indicator, span: Span, diagnostics: &mut Vec<Diagnostic>) {
    let Some(fact) = indicator.amount.as_mut() else {
        return;
    };
    let AmountSpec::Scaled { measure, label, .. } = &mut fact.value else {
        return;
    };
    let counts: Vec<String> = indicator
        .counts
        .iter()
        .map(|c| format!("`{}`", c.id))
        .collect();
    let Some(count) = indicator.counts.iter().find(|c| &c.id == measure) else {
        let message = if indicator.rates.iter().any(|r| &r.id == measure) {
            msg!(
                "e0211-measure-is-rate",
                indicator = &indicator.id,
                measure = &*measure
            )
        } else {
            msg!(
                "e0211-measure-unknown",
                indicator = &indicator.id,
                measure = &*measure
            )
        };
        let help = if counts.is_empty() {
            msg!("e0211-help-declare-count", measure = &*measure)
        } else {
            msg!("e0211-help-counts-are", counts = counts.join(", "))
        };
        diagnostics.push(Diagnostic::error("E0211", span, message).with_help(help));
        return;
    };
    *label = count.label.resolved.clone();
    let problem = if count.part.is_some() || indicator.has_parts() {
        Some((
            msg!("e0211-measure-with-part", measure = &count.id),
            msg!("e0211-help-measure-with-part"),
        ))
    } else if !indicator.subs.is_empty() {
        Some((
            msg!("e0211-beside-sub-indicators", indicator = &indicator.id),
            msg!("e0211-help-beside-sub-indicators"),
        ))
    } else if count.threshold.is_none() && !has_other_condition(indicator, &count.id) {
        Some((
            msg!(
                "e0211-nothing-decides",
                indicator = &indicator.id,
                measure = &count.id
            ),
            msg!("e0211-help-nothing-decides", measure = &count.id),
        ))
    } else {
        None
    };
    if let Some((message, help)) = problem {
        diagnostics.push(Diagnostic::error("E0211", span, message).with_help(help));
    }
}

/// Whether the indicator decides its status by something other than the count `measure`.
fn has_other_condition(indicator: &ir::Indicator, measure: &str) -> bool {
    indicator.question.is_some()
        || !indicator.software.is_empty()
        || !indicator.choices.is_empty()
        || !indicator.rates.is_empty()
        || !indicator.findings.is_empty()
        || indicator.counts.iter().any(|c| c.id != measure)
}

/// A section's `montant` cannot follow a measure: a section has none.
pub fn section_scale(measured: &ast::MeasuredAmount, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.push(
        Diagnostic::error(
            "E0211",
            measured.measure.span,
            msg!("e0211-section-scaled", measure = &measured.measure.node),
        )
        .with_help(msg!("e0211-help-section-scaled")),
    );
}
