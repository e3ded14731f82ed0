//! Optional indicators of a prerequisite section (`facultatif`, `facultatif en N`): where they may
//! stand, for which year, and the optional part of their section's total (`dont … facultatifs`).

use super::amounts::{amount_as_written, check_total};
use super::shares::check_total_at_least;
use super::text::relative_name;
use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::ir::{self, Amount};
use crate::msg;
use crate::span::{Span, Spanned};
use crate::wording::amount_in_words;

/// `facultatif` or `facultatif en <année>` of an indicator, resolved against the reference year
/// `year`: a sub-indicator cannot be optional, and an indicator optional for one year is so in
/// the edition's own year (E0403, the indicator then still read as optional, so that its amount
/// is not reported again); a literal year is warned about (W0201).
pub fn resolve(
    written: &Option<Spanned<ast::Year>>,
    year: i32,
    dotted: &str,
    in_sub_indicator: bool,
    span: Span,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ir::Optional> {
    if in_sub_indicator {
        diagnostics.push(
            Diagnostic::error(
                "E0403",
                span,
                msg!("e0403-optional-sub-indicator", indicator = dotted),
            )
            .with_help(msg!("e0403-help-optional-sub-indicator")),
        );
        return None;
    }
    let Some(written) = written else {
        return Some(ir::Optional::Always);
    };
    let resolved = match written.node {
        ast::Year::Relative(offset) => year.checked_add(offset)?,
        ast::Year::Literal(literal) => {
            diagnostics.push(
                Diagnostic::warning(
                    "W0201",
                    written.span,
                    msg!("w0201-literal-year-written-relative", literal = literal),
                )
                .with_help(msg!(
                    "w0201-help-optional-year-relative",
                    year = relative_name(literal - year)
                )),
            );
            literal
        }
    };
    if resolved != year {
        diagnostics.push(
            Diagnostic::error(
                "E0403",
                written.span,
                msg!(
                    "e0403-optional-other-year",
                    indicator = dotted,
                    optional_year = resolved,
                    year = year
                ),
            )
            .with_help(msg!("e0403-help-optional-other-year", year = year)),
        );
        // Still optional for what follows: one mistake, one diagnostic (not also E0204 for its
        // amount).
    }
    Some(ir::Optional::ForYear(resolved))
}

/// The optional indicators of a section and the optional part of its total: only in a
/// prerequisite section, never all of its indicators (E0403); the `dont … facultatifs` of its
/// stated total, when it has optional indicators, equal to what they pay (E0202), and written
/// (E0104).
pub fn check_section(
    section: &ir::Section,
    stated_optional: Option<(Amount, Span)>,
    total_span: Option<Span>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let optional: Vec<&ir::Indicator> = section.optional_indicators().collect();
    if section.gating != ir::Gating::Prerequisite {
        for indicator in &optional {
            diagnostics.push(
                Diagnostic::error(
                    "E0403",
                    indicator.span,
                    msg!(
                        "e0403-optional-outside-prerequisite",
                        indicator = &indicator.id,
                        section = &section.id
                    ),
                )
                .with_help(msg!("e0403-help-optional-outside-prerequisite")),
            );
        }
    } else if !optional.is_empty() && optional.len() == section.indicators.len() {
        diagnostics.push(
            Diagnostic::error(
                "E0403",
                section.span,
                msg!("e0403-every-indicator-optional", section = &section.id),
            )
            .with_help(msg!("e0403-help-every-indicator-optional")),
        );
    }
    let derived = section.optional_amount();
    match (stated_optional, optional.is_empty()) {
        (Some((_, span)), true) => diagnostics.push(
            Diagnostic::error(
                "E0202",
                span,
                msg!(
                    "e0202-optional-share-without-optional",
                    section = &section.id
                ),
            )
            .with_help(msg!("e0202-help-optional-share-without-optional")),
        ),
        (Some((stated, span)), false) => {
            if optional.iter().all(|i| i.max_is_complete()) {
                check_total(
                    stated,
                    derived,
                    span,
                    msg!("e0202-what-optional", section = &section.id),
                    diagnostics,
                );
            } else {
                check_total_at_least(stated, derived, span, &section.id, diagnostics);
            }
        }
        (None, false) => {
            if let (Some(span), Some(total)) = (total_span, &section.stated_total) {
                diagnostics.push(
                    Diagnostic::error(
                        "E0104",
                        span,
                        msg!("e0104-total-without-optional-share", section = &section.id),
                    )
                    .with_help(msg!(
                        "e0104-help-total-without-optional-share",
                        total = amount_as_written(total.value),
                        optional = amount_as_written(derived),
                        optional_in_words = amount_in_words(derived)
                    )),
                );
            }
        }
        (None, true) => {}
    }
}
