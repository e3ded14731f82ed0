//! Dates: `jj/mm/N+k` resolved against the reference year, and the declaration window checked.

use super::text::relative_name;
use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::ir::{self, CivilDate, DateValue};
use crate::msg;

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
                    Diagnostic::error("E0601", date.span, msg!("e0601-year-out-range"))
                        .with_help(msg!("e0601-help-reference-year-year-such")),
                );
                return None;
            }
        },
        ast::Year::Literal(literal) => {
            diagnostics.push(
                Diagnostic::warning(
                    "W0201",
                    date.span,
                    msg!("w0201-literal-year-written-relative", literal = literal),
                )
                .with_help(msg!(
                    "w0201-help-write-date-relative",
                    date = format!(
                        "{:02}/{:02}/{}",
                        date.day,
                        date.month,
                        relative_name(literal - year)
                    )
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
        let written_year = match date.year {
            ast::Year::Relative(offset) => relative_name(offset),
            ast::Year::Literal(literal) => literal.to_string(),
        };
        let diagnostic = if (1..=12).contains(&date.month) {
            let last = ir::days_in_month(resolved_year, date.month);
            Diagnostic::error(
                "E0601",
                date.span,
                msg!(
                    "e0601-no-such-day",
                    month = ir::month_name(date.month),
                    year = resolved_year,
                    day = date.day
                ),
            )
            .with_help(msg!(
                "e0601-help-last-day",
                month = ir::month_name(date.month),
                year = resolved_year,
                days = last,
                date = format!("{last:02}/{:02}/{written_year}", date.month)
            ))
        } else {
            Diagnostic::error(
                "E0601",
                date.span,
                msg!("e0601-no-such-month", month = date.month),
            )
            .with_help(msg!(
                "e0601-help-write-day-then-month",
                date = format!("{:02}/12/{written_year}", date.day.min(31))
            ))
        };
        diagnostics.push(diagnostic);
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
                    msg!(
                        "e0602-declaration-window-closes-before",
                        close = close,
                        open = open
                    ),
                )
                .with_label(opening_span, msg!("e0602-label-opens-here"))
                .with_help(msg!("e0602-help-check-years-deadline-january")),
            );
        }
    }
    if close < assessment {
        diagnostics.push(
            Diagnostic::error(
                "E0603",
                closing_span,
                msg!(
                    "e0603-declaration-window-closes-before",
                    close = close,
                    assessment = assessment
                ),
            )
            .with_help(msg!("e0603-help-deadline-falls-after-reference")),
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
