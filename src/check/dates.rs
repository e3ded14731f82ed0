//! Dates: `jj/mm/N+k` resolved against the reference year, and the declaration window checked.

use super::text::relative_name;
use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::ir::{self, CivilDate, DateValue};

/// Resolves a written date against reference year `year`; a literal year is warned about.
pub fn resolve_date(
    date: &ast::Date,
    year: i32,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(CivilDate, Option<i32>)> {
    let (resolved_year, relative) = match date.year {
        ast::Year::Relative(offset) => match year.checked_add(offset) {
            Some(resolved) => (resolved, Some(offset)),
            None => {
                diagnostics.push(
                    Diagnostic::error("E0601", date.span, "this year is out of range")
                        .with_help("the reference year is a year such as 2025"),
                );
                return None;
            }
        },
        ast::Year::Literal(literal) => {
            diagnostics.push(
                Diagnostic::warning(
                    "W0201",
                    date.span,
                    format!("literal year `{literal}` is not written relative to N"),
                )
                .with_help(format!(
                    "write `{:02}/{:02}/{}`, so that the next edition moves with N",
                    date.day,
                    date.month,
                    relative_name(literal - year)
                )),
            );
            (literal, None)
        }
    };
    let civil = CivilDate {
        year: resolved_year,
        month: date.month,
        day: date.day,
    };
    if !civil.is_valid() {
        let message = if (1..=12).contains(&date.month) {
            format!(
                "{} {} has no day {}",
                ir::month_name(date.month),
                resolved_year,
                date.day
            )
        } else {
            format!("there is no month {}", date.month)
        };
        diagnostics.push(
            Diagnostic::error("E0601", date.span, message)
                .with_help("write the day, then the month from 1 to 12: `31/12/N`"),
        );
        return None;
    }
    Some((civil, relative))
}

/// Resolves an opening or closing date.
pub fn resolve_date_spec(
    spec: &ast::DateSpec,
    year: i32,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<DateValue> {
    match spec {
        ast::DateSpec::Exact(date) => {
            resolve_date(date, year, diagnostics).map(|(date, relative_year)| DateValue::Exact {
                date,
                relative_year,
            })
        }
        ast::DateSpec::Early(date) => {
            resolve_date(date, year, diagnostics).map(|(date, relative_year)| {
                DateValue::EarlyMonth {
                    date,
                    relative_year,
                }
            })
        }
        ast::DateSpec::Unknown(_) => Some(DateValue::Unknown),
    }
}

/// Checks that the window closes after it opens and after the assessment date.
pub fn check_window(
    opening: &DateValue,
    closing: &DateValue,
    closing_span: crate::span::Span,
    opening_span: crate::span::Span,
    assessment: CivilDate,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(close) = closing.date() else { return };
    if let Some(open) = opening.date() {
        if close < open {
            diagnostics.push(
                Diagnostic::error(
                    "E0602",
                    closing_span,
                    format!("the declaration window closes on {close}, before it opens on {open}"),
                )
                .with_label(opening_span, "it opens here")
                .with_help("check the years: a deadline in January or February is usually `N+1`"),
            );
        }
    }
    if close < assessment {
        diagnostics.push(
            Diagnostic::error(
                "E0603",
                closing_span,
                format!("the declaration window closes on {close}, before the indicators are assessed on {assessment}"),
            )
            .with_help("the deadline falls after the reference year: write it with `N+1`"),
        );
    }
}

/// The window's dates in words, for `{ouverture}` and `{clôture}`.
pub fn in_words(value: &DateValue, time: Option<ir::ClosingTime>) -> String {
    let words = value.in_words();
    match time {
        Some(ir::ClosingTime::Midnight) => format!("{words} minuit"),
        Some(ir::ClosingTime::Included) => format!("{words} inclus"),
        None => words,
    }
}
