//! The act schema (`actes { ... }`) resolved into the IR's, and conditions on acts typed
//! against it: every field, value and kind of comparison is the schema's, never the compiler's.

use crate::ast::{self, Expr, Operand, Quantity};
use crate::diagnostic::Diagnostic;
use crate::i18n::Msg;
use crate::ir::{self, ActFieldKind, AgeUnit, CompareOp, Condition, FieldRef, Provenance};
use crate::msg;
use crate::span::Span;
use guidec_runtime::acts::{ActSchema as RuntimeSchema, FieldKind};
use std::sync::Arc;

/// The fields of the schema, each with its kind, as help lists them.
fn fields_help(schema: &ir::ActSchema) -> Msg {
    let fields: Vec<String> = schema
        .fields
        .iter()
        .map(|f| match &f.kind {
            ActFieldKind::List { values, .. } => format!(
                "`{}` ({})",
                f.name,
                values
                    .iter()
                    .map(|v| v.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            kind => format!("`{}` ({})", f.name, kind.word()),
        })
        .collect();
    msg!("e0303-help-fields", fields = fields.join(", "))
}

/// A test of `field` written as its kind asks, for help.
fn example(field: &ir::ActField) -> String {
    match &field.kind {
        ActFieldKind::YesNo => field.name.clone(),
        ActFieldKind::List { values, .. } => format!(
            "{} dans {{{}}}",
            field.name,
            values.first().map_or("", |v| v.name.as_str())
        ),
        ActFieldKind::Age { .. } => format!("{} < 3 mois", field.name),
        ActFieldKind::Date => format!("{} < 01/07/N", field.name),
        ActFieldKind::Number => format!("{} >= 2", field.name),
    }
}

/// "vouliez-vous dire …" when `word` is close to one of `candidates`, else `otherwise`.
fn help_for<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>, otherwise: Msg) -> Msg {
    match crate::syntax_help::closest(word, candidates) {
        Some(best) => msg!("help-did-you-mean", word = best),
        None => otherwise,
    }
}

/// Resolves an edition's `actes { ... }` block: names, keys and values once each, a default
/// from its list, the fields within an act's words (E0305); then the first-claim condition.
pub fn resolve_schema(
    schema: &ast::ActSchema,
    provenance: &mut dyn FnMut(&Option<ast::Citation>) -> Option<Provenance>,
    year: i32,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ir::ActSchema> {
    let mut ok = true;
    let mut names: Vec<(&str, Span)> = Vec::new();
    let mut fields = Vec::new();
    let mut runtime_fields = Vec::new();
    for reserved in ["date", "nombre"] {
        names.push((reserved, schema.span));
    }
    for field in &schema.fields {
        let name = field.name.node.as_str();
        let key = field.key.as_ref().map_or(name, |k| k.node.as_str());
        let mut keys = vec![(name, field.name.span)];
        if key != name {
            keys.push((key, field.key.as_ref().map_or(field.span, |k| k.span)));
        }
        let kind = match &field.kind {
            ast::ActFieldKind::YesNo => (ActFieldKind::YesNo, FieldKind::YesNo),
            ast::ActFieldKind::Date => (ActFieldKind::Date, FieldKind::Date),
            ast::ActFieldKind::Number => (ActFieldKind::Number, FieldKind::Number),
            ast::ActFieldKind::Age { birth, days } => {
                keys = vec![(name, field.name.span), (&birth.node, birth.span)];
                keys.push((&days.node, days.span));
                (
                    ActFieldKind::Age {
                        birth: birth.node.clone(),
                        days: days.node.clone(),
                    },
                    FieldKind::Age {
                        birth: birth.node.clone(),
                        days: days.node.clone(),
                    },
                )
            }
            ast::ActFieldKind::List {
                values,
                except,
                default,
            } => {
                let mut seen: Vec<(&str, Span)> = Vec::new();
                for (value, _) in values {
                    if let Some((_, first)) = seen.iter().find(|(v, _)| *v == value.node) {
                        ok = false;
                        diagnostics.push(
                            Diagnostic::error(
                                "E0305",
                                value.span,
                                msg!("e0305-value-twice", value = value.node, field = name),
                            )
                            .with_label(*first, msg!("e0305-label-first"))
                            .with_help(msg!("e0305-help-value-twice")),
                        );
                    } else {
                        seen.push((&value.node, value.span));
                    }
                }
                let default_index = match default {
                    Some(default) => {
                        match values.iter().position(|(v, _)| v.node == default.node) {
                            Some(index) => Some(index),
                            None => {
                                ok = false;
                                diagnostics.push(
                                    Diagnostic::error(
                                        "E0305",
                                        default.span,
                                        msg!("e0305-default", value = default.node, field = name),
                                    )
                                    .with_help(help_for(
                                        &default.node,
                                        values.iter().map(|(v, _)| v.node.as_str()),
                                        msg!("e0305-help-default"),
                                    )),
                                );
                                None
                            }
                        }
                    }
                    None => None,
                };
                let ir_values: Vec<ir::ActValue> = values
                    .iter()
                    .map(|(v, words)| ir::ActValue {
                        name: v.node.clone(),
                        label: words.node.clone(),
                    })
                    .collect();
                (
                    ActFieldKind::List {
                        values: ir_values,
                        except: except.as_ref().map(|e| e.node.clone()),
                        default: default_index,
                    },
                    FieldKind::List {
                        values: values.iter().map(|(v, _)| v.node.clone()).collect(),
                        default: default_index.and_then(|i| u32::try_from(i).ok()),
                    },
                )
            }
        };
        for (key, span) in &keys {
            if let Some((_, first)) = names.iter().find(|(n, _)| n == key) {
                ok = false;
                diagnostics.push(
                    Diagnostic::error("E0305", *span, msg!("e0305-key-twice", key = key))
                        .with_label(*first, msg!("e0305-label-first"))
                        .with_help(msg!("e0305-help-key-twice")),
                );
            }
        }
        names.extend(keys.iter().copied());
        let aliases = if key != name && !matches!(kind.1, FieldKind::Age { .. }) {
            vec![name.to_string()]
        } else {
            Vec::new()
        };
        runtime_fields.push((key.to_string(), aliases, kind.1));
        fields.push(ir::ActField {
            name: name.to_string(),
            key: key.to_string(),
            label: field.label.node.clone(),
            kind: kind.0,
            place: guidec_runtime::Place {
                word: 0,
                shift: 0,
                width: 0,
            },
            provenance: provenance(&field.citation),
        });
    }
    if !ok {
        return None;
    }
    let runtime = match RuntimeSchema::new(runtime_fields) {
        Ok(runtime) => runtime,
        Err(bits) => {
            diagnostics.push(
                Diagnostic::error(
                    "E0305",
                    schema.span,
                    msg!(
                        "e0305-too-many-bits",
                        bits = bits,
                        words = guidec_runtime::ACT_WORDS
                    ),
                )
                .with_help(msg!("e0305-help-too-many-bits")),
            );
            return None;
        }
    };
    for (field, placed) in fields.iter_mut().zip(runtime.fields()) {
        field.place = placed.place;
    }
    let mut resolved = ir::ActSchema {
        fields,
        first_claim: None,
        runtime: Arc::new(runtime),
        provenance: provenance(&schema.citation),
    };
    if let Some((expr, _)) = &schema.first_claim {
        resolved.first_claim = resolve_condition(expr, Some(&resolved), year, diagnostics);
    }
    Some(resolved)
}

fn reference(field: &ir::ActField) -> FieldRef {
    FieldRef {
        name: field.name.clone(),
        key: field.key.clone(),
        label: field.label.clone(),
        place: field.place,
    }
}

fn compare_op(op: &str) -> CompareOp {
    match op {
        "<" => CompareOp::Less,
        "<=" => CompareOp::LessOrEqual,
        ">" => CompareOp::Greater,
        ">=" => CompareOp::GreaterOrEqual,
        "=" => CompareOp::Equal,
        _ => CompareOp::NotEqual,
    }
}

struct Resolver<'s, 'd> {
    schema: &'s ir::ActSchema,
    year: i32,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Resolver<'_, '_> {
    fn field(&mut self, name: &ast::Ident) -> Option<&'_ ir::ActField> {
        let schema = self.schema;
        let found = schema
            .fields
            .iter()
            .find(|f| f.name == name.node || f.key == name.node);
        if found.is_none() {
            self.diagnostics.push(
                Diagnostic::error(
                    "E0303",
                    name.span,
                    msg!("e0303-acts-have-field", field = name.node),
                )
                .with_help(help_for(
                    &name.node,
                    schema.fields.iter().map(|f| f.name.as_str()),
                    fields_help(schema),
                )),
            );
        }
        found
    }

    fn wrong_kind(&mut self, span: Span, message: Msg, field: &ir::ActField) -> Option<Condition> {
        self.diagnostics.push(
            Diagnostic::error("E0303", span, message)
                .with_help(msg!("e0303-help-compare", example = example(field))),
        );
        None
    }

    fn value(
        &mut self,
        field: &ir::ActField,
        value: &str,
        span: Span,
    ) -> Option<(u32, ir::ActValue)> {
        let ActFieldKind::List { values, .. } = &field.kind else {
            return None;
        };
        match values.iter().position(|v| v.name == value) {
            Some(index) => values
                .get(index)
                .map(|v| (u32::try_from(index).unwrap_or(0), v.clone())),
            None => {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0303",
                        span,
                        msg!("e0303-value-2", value = value, field = field.name),
                    )
                    .with_help(help_for(
                        value,
                        values.iter().map(|v| v.name.as_str()),
                        msg!(
                            "e0303-help-values",
                            field = field.name,
                            values = values
                                .iter()
                                .map(|v| format!("`{}`", v.name))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )),
                );
                None
            }
        }
    }

    fn list(field: &ir::ActField, mut values: Vec<(u32, ir::ActValue)>) -> Condition {
        values.sort_by_key(|(index, _)| *index);
        values.dedup_by_key(|(index, _)| *index);
        let except = match &field.kind {
            ActFieldKind::List { except, .. } => except.clone(),
            _ => None,
        };
        Condition::In {
            field: reference(field),
            values,
            except,
        }
    }

    fn resolve(&mut self, expr: &Expr) -> Option<Condition> {
        match expr {
            Expr::Or(parts, _) => self.collect(parts).map(Condition::Any),
            Expr::And(parts, _) => self.collect(parts).map(Condition::All),
            Expr::Not(inner, _) => self.resolve(inner).map(|c| Condition::Not(Box::new(c))),
            Expr::Flag(name) => {
                let field = self.field(name)?.clone();
                match field.kind {
                    ActFieldKind::YesNo => Some(Condition::Flag(reference(&field))),
                    _ => self.wrong_kind(
                        name.span,
                        msg!("e0303-yes-field", field = name.node),
                        &field,
                    ),
                }
            }
            Expr::Member {
                field: name,
                inside,
                values,
                span,
            } => {
                let field = self.field(name)?.clone();
                if !matches!(field.kind, ActFieldKind::List { .. }) {
                    return self.wrong_kind(
                        *span,
                        msg!("e0303-takes-list-values", field = name.node),
                        &field,
                    );
                }
                let resolved: Vec<Option<(u32, ir::ActValue)>> = values
                    .iter()
                    .map(|v| self.value(&field, &v.node, v.span))
                    .collect();
                let resolved: Option<Vec<_>> = resolved.into_iter().collect();
                let condition = Resolver::list(&field, resolved?);
                Some(if *inside {
                    condition
                } else {
                    Condition::Not(Box::new(condition))
                })
            }
            Expr::Compare {
                field: name,
                op,
                value,
                ..
            } => {
                let field = self.field(name)?.clone();
                let compare = compare_op(&op.node);
                match (&field.kind, &value.node) {
                    (
                        ActFieldKind::Age { .. },
                        Operand::Quantity(Quantity::Duration(amount, unit)),
                    ) => Some(Condition::Age {
                        field: reference(&field),
                        op: compare,
                        amount: *amount,
                        unit: match unit {
                            ast::DurationUnit::Days => AgeUnit::Days,
                            ast::DurationUnit::Months => AgeUnit::Months,
                            ast::DurationUnit::Years => AgeUnit::Years,
                        },
                    }),
                    (ActFieldKind::Age { .. }, _) => self.wrong_kind(
                        value.span,
                        msg!("e0303-age-compared-duration", field = field.name),
                        &field,
                    ),
                    (ActFieldKind::Number, Operand::Quantity(Quantity::Count(n))) => {
                        Some(Condition::Number {
                            field: reference(&field),
                            op: compare,
                            value: *n,
                        })
                    }
                    (ActFieldKind::Number, _) => self.wrong_kind(
                        value.span,
                        msg!("e0303-number-compared-number", field = field.name),
                        &field,
                    ),
                    (ActFieldKind::Date, Operand::Date(date)) => {
                        let (date, _) =
                            super::dates::resolve_date(date, self.year, self.diagnostics)?;
                        Some(Condition::Date {
                            field: reference(&field),
                            op: compare,
                            date,
                        })
                    }
                    (ActFieldKind::Date, _) => self.wrong_kind(
                        value.span,
                        msg!("e0303-date-compared-date", field = field.name),
                        &field,
                    ),
                    (ActFieldKind::List { .. }, Operand::Name(name)) => {
                        let value = self.value(&field, name, value.span)?;
                        let set = Resolver::list(&field, vec![value]);
                        match compare {
                            CompareOp::Equal => Some(set),
                            CompareOp::NotEqual => Some(Condition::Not(Box::new(set))),
                            _ => self.wrong_kind(
                                op.span,
                                msg!("e0303-compared", field = field.name),
                                &field,
                            ),
                        }
                    }
                    _ => self.wrong_kind(
                        value.span,
                        msg!("e0303-cannot-compared-value", field = field.name),
                        &field,
                    ),
                }
            }
        }
    }

    fn collect(&mut self, parts: &[Expr]) -> Option<Vec<Condition>> {
        let resolved: Vec<Option<Condition>> = parts.iter().map(|p| self.resolve(p)).collect();
        resolved.into_iter().collect()
    }
}

/// Types a condition against the edition's act schema; `None` after pushing a diagnostic when
/// it does not fit (no schema: E0306; an unknown field or value, a wrong kind of test: E0303).
pub fn resolve_condition(
    expr: &Expr,
    schema: Option<&ir::ActSchema>,
    year: i32,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Condition> {
    let Some(schema) = schema else {
        diagnostics.push(
            Diagnostic::error("E0306", expr.span(), msg!("e0306-no-schema"))
                .with_help(msg!("e0306-help-declare")),
        );
        return None;
    };
    Resolver {
        schema,
        year,
        diagnostics,
    }
    .resolve(expr)
}
