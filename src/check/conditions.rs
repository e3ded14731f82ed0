//! Conditions on acts: the spec's field names and values typed against the act model.

use crate::ast::{self, Expr, Operand, Quantity};
use crate::diagnostic::Diagnostic;
use crate::i18n::Msg;
use crate::ir::{ActFlag, AgeUnit, Billing, CompareOp, Condition, Mode};
use crate::msg;

fn fields_help() -> Msg {
    msg!("e0303-help-fields")
}

/// Every field of an act, and every value of `mode` and `facturation`, as a condition names them.
const FIELDS: &[&str] = &[
    "mode",
    "facturation",
    "âge",
    "ame",
    "nir_provisoire",
    "ehpad",
    "télésoin",
];

/// "vouliez-vous dire …" when `word` is close to one of `candidates`, else the list of fields.
fn help_for(word: &str, candidates: &[&str]) -> Msg {
    match crate::syntax_help::closest(word, candidates.iter().copied()) {
        Some(best) => msg!("help-did-you-mean", word = best),
        None => fields_help(),
    }
}

fn value_names(field: &str) -> Vec<&'static str> {
    if field == "mode" {
        Mode::ALL.iter().map(|m| m.name()).collect()
    } else {
        Billing::ALL.iter().map(|b| b.name()).collect()
    }
}

fn flag(name: &str) -> Option<ActFlag> {
    match name {
        "ame" => Some(ActFlag::Ame),
        "nir_provisoire" => Some(ActFlag::NirProvisoire),
        "ehpad" => Some(ActFlag::Ehpad),
        "télésoin" | "telesoin" => Some(ActFlag::Telesoin),
        _ => None,
    }
}

fn mode(name: &str) -> Option<Mode> {
    Mode::ALL.into_iter().find(|m| m.name() == name)
}

fn billing(name: &str) -> Option<Billing> {
    Billing::ALL.into_iter().find(|b| b.name() == name)
}

fn unknown_field(field: &ast::Ident) -> Diagnostic {
    Diagnostic::error(
        "E0303",
        field.span,
        msg!("e0303-acts-have-field", field = field.node),
    )
    .with_help(help_for(&field.node, FIELDS))
}

/// Types a condition; `None` after pushing a diagnostic when it does not fit the act model.
pub fn resolve_condition(expr: &Expr, diagnostics: &mut Vec<Diagnostic>) -> Option<Condition> {
    match expr {
        Expr::Or(parts, _) => collect(parts, diagnostics).map(Condition::Any),
        Expr::And(parts, _) => collect(parts, diagnostics).map(Condition::All),
        Expr::Not(inner, _) => {
            resolve_condition(inner, diagnostics).map(|c| Condition::Not(Box::new(c)))
        }
        Expr::Flag(field) => match flag(&field.node) {
            Some(f) => Some(Condition::Flag(f)),
            None if matches!(field.node.as_str(), "mode" | "facturation" | "âge" | "age") => {
                diagnostics.push(
                    Diagnostic::error(
                        "E0303",
                        field.span,
                        msg!("e0303-yes-field", field = field.node),
                    )
                    .with_help(msg!("e0303-help-compare")),
                );
                None
            }
            None => {
                diagnostics.push(unknown_field(field));
                None
            }
        },
        Expr::Member {
            field,
            inside,
            values,
            span,
        } => {
            let condition = match field.node.as_str() {
                "mode" => names(values, mode, "mode", diagnostics).map(Condition::ModeIn),
                "facturation" => {
                    names(values, billing, "facturation", diagnostics).map(Condition::BillingIn)
                }
                _ => {
                    diagnostics.push(if flag(&field.node).is_some() || field.node == "âge" {
                        Diagnostic::error(
                            "E0303",
                            *span,
                            msg!("e0303-takes-list-values", field = field.node),
                        )
                        .with_help(fields_help())
                    } else {
                        unknown_field(field)
                    });
                    None
                }
            }?;
            Some(if *inside {
                condition
            } else {
                Condition::Not(Box::new(condition))
            })
        }
        Expr::Compare {
            field, op, value, ..
        } => {
            let compare = match op.node.as_str() {
                "<" => CompareOp::Less,
                "<=" => CompareOp::LessOrEqual,
                ">" => CompareOp::Greater,
                ">=" => CompareOp::GreaterOrEqual,
                "=" => CompareOp::Equal,
                _ => CompareOp::NotEqual,
            };
            match (field.node.as_str(), &value.node) {
                ("âge" | "age", Operand::Quantity(Quantity::Duration(amount, unit))) => {
                    Some(Condition::Age {
                        op: compare,
                        amount: *amount,
                        unit: match unit {
                            ast::DurationUnit::Days => AgeUnit::Days,
                            ast::DurationUnit::Months => AgeUnit::Months,
                            ast::DurationUnit::Years => AgeUnit::Years,
                        },
                    })
                }
                ("âge" | "age", _) => {
                    diagnostics.push(
                        Diagnostic::error("E0303", value.span, msg!("e0303-age-compared-duration"))
                            .with_help(msg!("e0303-help-write")),
                    );
                    None
                }
                ("mode" | "facturation", Operand::Name(name)) => {
                    let set = if field.node == "mode" {
                        mode(name).map(|m| Condition::ModeIn(vec![m]))
                    } else {
                        billing(name).map(|b| Condition::BillingIn(vec![b]))
                    };
                    let Some(set) = set else {
                        diagnostics.push(
                            Diagnostic::error(
                                "E0303",
                                value.span,
                                msg!("e0303-value", name = name, field = field.node),
                            )
                            .with_help(help_for(name, &value_names(&field.node))),
                        );
                        return None;
                    };
                    match compare {
                        CompareOp::Equal => Some(set),
                        CompareOp::NotEqual => Some(Condition::Not(Box::new(set))),
                        _ => {
                            diagnostics.push(
                                Diagnostic::error(
                                    "E0303",
                                    op.span,
                                    msg!("e0303-compared", field = field.node),
                                )
                                .with_help(fields_help()),
                            );
                            None
                        }
                    }
                }
                _ => {
                    diagnostics.push(
                        if flag(&field.node).is_some()
                            || field.node == "mode"
                            || field.node == "facturation"
                        {
                            Diagnostic::error(
                                "E0303",
                                value.span,
                                msg!("e0303-cannot-compared-value", field = field.node),
                            )
                            .with_help(fields_help())
                        } else {
                            unknown_field(field)
                        },
                    );
                    None
                }
            }
        }
    }
}

fn collect(parts: &[Expr], diagnostics: &mut Vec<Diagnostic>) -> Option<Vec<Condition>> {
    let resolved: Vec<Option<Condition>> = parts
        .iter()
        .map(|p| resolve_condition(p, diagnostics))
        .collect();
    resolved.into_iter().collect()
}

fn names<T>(
    values: &[ast::Ident],
    lookup: fn(&str) -> Option<T>,
    field: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<T>> {
    let mut out = Vec::new();
    let mut ok = true;
    for value in values {
        match lookup(&value.node) {
            Some(v) => out.push(v),
            None => {
                ok = false;
                diagnostics.push(
                    Diagnostic::error(
                        "E0303",
                        value.span,
                        msg!("e0303-value-2", value = value.node, field = field),
                    )
                    .with_help(help_for(&value.node, &value_names(field))),
                );
            }
        }
    }
    ok.then_some(out)
}
