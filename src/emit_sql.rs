//! The SQL backend: every checked edition becomes one SQL file of views that compute, from a table of declarations and a table of acts, every practitioner's outcome, exactly.
//!
//! The file reads the tables of `docs/POPULATION.md` (columns named after the case-file paths)
//! and translates the lowered core ([`crate::lowered`]) node by node, as the interpreter
//! evaluates it: the rates over acts (exclusions, the individualised period from the first
//! secure claim, December kept), each condition three-valued (SQL's `TRUE`, `FALSE` and `NULL`
//! are the interpreter's true, false and unknown, and `AND` combines them as it does), the
//! evidence gates in order, the statuses, the section gates in gating order, the amounts and
//! the total. Integers only: a rate is compared with its threshold by cross-multiplication in
//! `DECIMAL(38, 0)` (`numerateur * q >= p * denominateur`), never by a division.
//!
//! One text runs unchanged on DuckDB and on Apache Spark SQL: identifiers are quoted with
//! backticks (both accept them), a `NULL` is always typed, and only functions both engines
//! share are used (`year`, `month`, `day`, `date_add`, `least`, `instr`, `concat`, `replace`,
//! `COALESCE`). The views are temporary (`CREATE OR REPLACE TEMPORARY VIEW`), named
//! `guidec_<edition>_…`, and the last one, [`OUTCOMES`], holds one row per declared
//! practitioner in the outcomes layout. The file's head lists every column it reads, with its
//! type, in lines a program can read (`-- declarations: `col` TYPE`).

use crate::ir::{self, AgeUnit, CompareOp, Edition, Rational};
use crate::lowered::{self, Condition, Core, EvidenceGate, Gate, Payment, Period, Requirement};
use guidec_runtime::Comparison;
use std::fmt::Write as _;
use std::path::PathBuf;

/// The table of declarations the SQL reads (one row per practitioner).
pub const DECLARATIONS: &str = "declarations";
/// The table of acts the SQL reads (one row per act or group of identical acts).
pub const ACTS: &str = "actes";

/// The view the SQL ends with: one row per practitioner, the outcomes layout.
pub const OUTCOMES: &str = "resultats";

/// Every SQL file, paths relative to the SQL folder (`generated/sql`):
/// `<programme>/<profession>-<year>.sql`, sorted by path.
///
/// `editions` pairs each spec's path as shown in the headers with its checked edition.
pub fn emit(editions: &[(String, Edition)]) -> Vec<(PathBuf, String)> {
    let mut files: Vec<(PathBuf, String)> = editions
        .iter()
        .map(|(spec, edition)| {
            let path = PathBuf::from(&edition.programme)
                .join(format!("{}-{}.sql", edition.profession, edition.year));
            (path, edition_sql(spec, edition))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// An identifier, quoted with backticks (DuckDB and Spark SQL both read them).
fn ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// A string literal.
fn text(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// A date literal.
fn date(date: guidec_runtime::Date) -> String {
    format!(
        "DATE '{:04}-{:02}-{:02}'",
        date.year(),
        date.month(),
        date.day()
    )
}

/// The unknown truth.
const UNKNOWN: &str = "CAST(NULL AS BOOLEAN)";

/// The statuses that count as met for gating and payment.
fn counts_as_met(status: &str) -> String {
    let names: Vec<String> = guidec_runtime::Status::ALL
        .iter()
        .filter(|s| s.counts_as_met())
        .map(|s| text(s.name()))
        .collect();
    format!("{status} IN ({})", names.join(", "))
}

/// A name fit for a view: lower-case letters, digits and `_`.
fn view_name(key: &str) -> String {
    let mut out = String::from("guidec_");
    for c in key.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out
}

/// A column the SQL reads, with the type it expects.
struct Column {
    name: String,
    kind: &'static str,
}

/// An acts rate of the edition: the acts of `mesure` in the acts table.
struct ActsRate<'c> {
    /// `indicateurs.<i>.mesures.<r>`.
    mesure: String,
    rule: &'c lowered::ActRate,
}

struct EditionEmitter<'e> {
    core: Core,
    /// Per indicator of the core, its IR node.
    indicators: Vec<&'e ir::Indicator>,
    /// The columns of the declarations read, in the order of first use.
    read: Vec<Column>,
    /// The views' prefix.
    prefix: String,
    /// The edition's act schema.
    acts: Option<&'e ir::ActSchema>,
}

fn edition_sql(spec: &str, edition: &Edition) -> String {
    let core = lowered::lower(edition);
    let indicators: Vec<&ir::Indicator> = edition
        .sections
        .iter()
        .flat_map(|s| s.all_indicators())
        .map(|(_, indicator)| indicator)
        .collect();
    let mut emitter = EditionEmitter {
        prefix: view_name(&core.key),
        core,
        indicators,
        read: Vec::new(),
        acts: edition.acts.as_ref(),
    };
    emitter.file(spec)
}

impl<'e> EditionEmitter<'e> {
    /// A column of the declarations, recorded as read.
    fn declared(&mut self, name: String, kind: &'static str) -> String {
        let quoted = ident(&name);
        if !self.read.iter().any(|c| c.name == name) {
            self.read.push(Column { name, kind });
        }
        quoted
    }

    /// Whether the comma-separated list in column `name` holds `item` (false when empty).
    fn listed(&mut self, name: &str, item: &str) -> String {
        let column = self.declared(name.to_string(), "STRING");
        format!(
            "COALESCE(instr(concat(',', replace({column}, ' ', ''), ','), {}) > 0, FALSE)",
            text(&format!(",{item},"))
        )
    }

    /// A flag of the practitioner that is false when absent.
    fn flag(&mut self, name: &str) -> String {
        let column = self.declared(format!("praticien.{name}"), "BOOLEAN");
        format!("COALESCE({column}, FALSE)")
    }

    fn view(&self, suffix: &str) -> String {
        ident(&format!("{}_{suffix}", self.prefix))
    }

    /// The acts rates, in the core's order.
    fn acts_rates(&self) -> Vec<ActsRate<'_>> {
        let mut rates = Vec::new();
        for (indicator, ir_indicator) in self.core.indicators.iter().zip(&self.indicators) {
            for condition in &indicator.conditions {
                if let Condition::Rate(rate) = condition {
                    if let (Some(rule), Some(ir_rate)) =
                        (&rate.acts, ir_indicator.rates.get(rate.offset))
                    {
                        rates.push(ActsRate {
                            mesure: format!("indicateurs.{}.mesures.{}", indicator.id, ir_rate.id),
                            rule,
                        });
                    }
                }
            }
        }
        rates
    }

    fn file(&mut self, spec: &str) -> String {
        let year = self.core.year;
        let mut body = String::new();
        let acts_rates: Vec<(String, lowered::ActRate)> = self
            .acts_rates()
            .into_iter()
            .map(|r| (r.mesure, r.rule.clone()))
            .collect();
        if !acts_rates.is_empty() {
            body.push_str(&self.acts_views(&acts_rates));
        }
        // The inputs: each declaration with its rates over acts.
        let mut inputs = format!(
            "CREATE OR REPLACE TEMPORARY VIEW {} AS\nSELECT d.*",
            self.view("entrees")
        );
        for (mesure, _) in &acts_rates {
            for part in ["lignes", "numerateur", "denominateur"] {
                let name = ident(&format!("taux.{mesure}.{part}"));
                let _ = write!(inputs, ",\n  t.{name} AS {name}");
            }
        }
        let _ = write!(inputs, "\nFROM {} d", ident(DECLARATIONS));
        if !acts_rates.is_empty() {
            let _ = write!(
                inputs,
                "\nLEFT JOIN {} t ON t.`id` = d.`id`",
                self.view("taux")
            );
        }
        inputs.push_str(";\n\n");
        body.push_str(&inputs);
        // Statuses, the deepest sub-indicators first: a parent reads its subs' statuses.
        let depths = self.depths();
        let deepest = depths.iter().copied().max().unwrap_or(0);
        let mut previous = self.view("entrees");
        for depth in (0..=deepest).rev() {
            let mut conditions = String::new();
            let mut statuses = String::new();
            for position in 0..self.core.indicators.len() {
                if depths.get(position) != Some(&depth) {
                    continue;
                }
                let (columns, status) = self.status(position);
                let id = self
                    .core
                    .indicators
                    .get(position)
                    .map_or("", |i| i.id.as_str());
                let label = crate::escape::label(id);
                if !columns.is_empty() {
                    let _ = write!(conditions, ",\n  -- {label}");
                }
                for (name, truth) in columns {
                    let _ = write!(conditions, "\n  {truth} AS {name},");
                }
                if conditions.ends_with(',') {
                    conditions.pop();
                }
                let _ = write!(
                    statuses,
                    ",\n  -- {label}\n  {status} AS {}",
                    ident(&format!("statut.{id}"))
                );
            }
            if !conditions.is_empty() {
                let name = self.view(&format!("conditions_{depth}"));
                let _ = write!(
                    body,
                    "CREATE OR REPLACE TEMPORARY VIEW {name} AS\nSELECT e.*{conditions}\nFROM {previous} e;\n\n"
                );
                previous = name;
            }
            let name = self.view(&format!("statuts_{depth}"));
            let _ = write!(
                body,
                "CREATE OR REPLACE TEMPORARY VIEW {name} AS\nSELECT e.*{statuses}\nFROM {previous} e;\n\n"
            );
            previous = name;
        }
        // Section gates, in gating order.
        let mut unlocked: Vec<String> = vec![String::from("FALSE"); self.core.sections.len()];
        for &index in &self.core.gating_order {
            let Some(section) = self.core.sections.get(index) else {
                continue;
            };
            let open = match section.gate {
                Gate::Prerequisite => self.all_met(index),
                Gate::Independent => String::from("TRUE"),
                Gate::Requires(None) => String::from("FALSE"),
                Gate::Requires(Some(required)) => format!(
                    "({} AND {})",
                    unlocked
                        .get(required)
                        .cloned()
                        .unwrap_or_else(|| "FALSE".into()),
                    self.all_met(required)
                ),
            };
            if let Some(slot) = unlocked.get_mut(index) {
                *slot = open;
            }
        }
        let gates = self.view("deblocages");
        let mut view = format!("CREATE OR REPLACE TEMPORARY VIEW {gates} AS\nSELECT e.*");
        for (section, open) in self.core.sections.iter().zip(&unlocked) {
            let _ = write!(
                view,
                ",\n  {open} AS {}",
                ident(&format!("debloquee.{}", section.id))
            );
        }
        let _ = write!(view, "\nFROM {previous} e;\n\n");
        body.push_str(&view);
        // Amounts.
        let amounts = self.view("montants");
        let mut view = format!("CREATE OR REPLACE TEMPORARY VIEW {amounts} AS\nSELECT e.*");
        let mut section_of = vec![0usize; self.core.indicators.len()];
        for (index, section) in self.core.sections.iter().enumerate() {
            for &top in &section.indicators {
                self.mark_section(top, index, &mut section_of);
            }
        }
        let ids: Vec<String> = self.core.indicators.iter().map(|i| i.id.clone()).collect();
        for (position, id) in ids.iter().enumerate() {
            let section = section_of.get(position).copied().unwrap_or(0);
            let open = self
                .core
                .sections
                .get(section)
                .map(|s| ident(&format!("debloquee.{}", s.id)))
                .unwrap_or_else(|| "FALSE".into());
            let paid = self.pay(position, &open);
            let _ = write!(view, ",\n  {paid} AS {}", ident(&format!("montant.{id}")));
        }
        let _ = write!(view, "\nFROM {gates} e;\n\n");
        body.push_str(&view);
        // The outcomes.
        let mut view = format!(
            "CREATE OR REPLACE TEMPORARY VIEW {} AS\nSELECT e.`id` AS `id`",
            ident(OUTCOMES)
        );
        let mut section_amounts = Vec::new();
        // Whether part of what each section pays cannot be determined (`incomplete`).
        let mut section_incomplete = Vec::new();
        for section in &self.core.sections {
            let open = ident(&format!("debloquee.{}", section.id));
            // Its optional indicators, paid on top of a lump, may be undetermined too.
            let optional_undetermined: Vec<String> = section
                .indicators
                .iter()
                .filter_map(|p| self.core.indicators.get(*p))
                .filter(|i| i.optional && section.lump_cents.is_some())
                .map(|i| format!("{} IS NULL", ident(&format!("montant.{}", i.id))))
                .collect();
            section_incomplete.push(match section.lump_cents {
                Some(_) if !optional_undetermined.is_empty() => format!(
                    "({}{})",
                    if section.lump_undetermined {
                        format!("COALESCE({open}, FALSE) OR ")
                    } else {
                        String::new()
                    },
                    optional_undetermined.join(" OR ")
                ),
                Some(_) if section.lump_undetermined => format!("COALESCE({open}, FALSE)"),
                Some(_) => String::from("FALSE"),
                None if section.indicators.is_empty() => String::from("FALSE"),
                None => {
                    let undetermined: Vec<String> = section
                        .indicators
                        .iter()
                        .filter_map(|p| self.core.indicators.get(*p))
                        .map(|i| format!("{} IS NULL", ident(&format!("montant.{}", i.id))))
                        .collect();
                    format!("({})", undetermined.join(" OR "))
                }
            });
            let amount = match section.lump_cents {
                Some(lump) => {
                    let lump = format!(
                        "CASE WHEN {open} THEN CAST({lump} AS BIGINT) ELSE CAST(0 AS BIGINT) END"
                    );
                    // Its optional indicators are paid on top of the lump.
                    let optional: Vec<String> = section
                        .indicators
                        .iter()
                        .filter_map(|p| self.core.indicators.get(*p))
                        .filter(|i| i.optional)
                        .map(|i| {
                            format!(
                                "COALESCE({}, CAST(0 AS BIGINT))",
                                ident(&format!("montant.{}", i.id))
                            )
                        })
                        .collect();
                    if optional.is_empty() {
                        lump
                    } else {
                        format!("({lump} + {})", optional.join(" + "))
                    }
                }
                None if section.indicators.is_empty() => String::from("CAST(0 AS BIGINT)"),
                None => {
                    let parts: Vec<String> = section
                        .indicators
                        .iter()
                        .filter_map(|p| self.core.indicators.get(*p))
                        // An undetermined amount (`NULL`) adds nothing to what is known.
                        .map(|i| {
                            format!(
                                "COALESCE({}, CAST(0 AS BIGINT))",
                                ident(&format!("montant.{}", i.id))
                            )
                        })
                        .collect();
                    format!("({})", parts.join(" + "))
                }
            };
            section_amounts.push(amount);
        }
        let total = if section_amounts.is_empty() {
            String::from("CAST(0 AS BIGINT)")
        } else {
            format!("CAST({} AS BIGINT)", section_amounts.join("\n    + "))
        };
        let _ = write!(view, ",\n  {total} AS `total_cents`");
        let total_incomplete = if section_incomplete.is_empty() {
            String::from("FALSE")
        } else {
            format!("({})", section_incomplete.join("\n    OR "))
        };
        let _ = write!(view, ",\n  {total_incomplete} AS `total_incomplete`");
        for ((section, amount), incomplete) in self
            .core
            .sections
            .iter()
            .zip(&section_amounts)
            .zip(&section_incomplete)
        {
            let _ = write!(
                view,
                ",\n  {} AS {},\n  CAST({amount} AS BIGINT) AS {},\n  {incomplete} AS {}",
                ident(&format!("debloquee.{}", section.id)),
                ident(&format!("sections.{}.unlocked", section.id)),
                ident(&format!("sections.{}.amount_cents", section.id)),
                ident(&format!("sections.{}.incomplete", section.id)),
            );
        }
        for indicator in &self.core.indicators {
            let amount = ident(&format!("montant.{}", indicator.id));
            // The most an undetermined amount can pay, when a maximum is known.
            let max = match &indicator.payment {
                Payment::UpTo { max_cents, .. } => format!(
                    "CASE WHEN {amount} IS NULL THEN CAST({max_cents} AS BIGINT) ELSE CAST(NULL AS BIGINT) END"
                ),
                Payment::Scaled(scaled) => format!(
                    "CASE WHEN {amount} IS NULL THEN CAST({} AS BIGINT) ELSE CAST(NULL AS BIGINT) END",
                    scaled.max_cents
                ),
                _ => String::from("CAST(NULL AS BIGINT)"),
            };
            let _ = write!(
                view,
                ",\n  {} AS {},\n  CAST({amount} AS BIGINT) AS {},\n  {max} AS {}",
                ident(&format!("statut.{}", indicator.id)),
                ident(&format!("indicateurs.{}.status", indicator.id)),
                ident(&format!("indicateurs.{}.amount_cents", indicator.id)),
                ident(&format!("indicateurs.{}.max_cents", indicator.id)),
            );
        }
        let _ = write!(view, "\nFROM {amounts} e;\n");
        body.push_str(&view);
        let mut head = String::new();
        let _ = writeln!(
            head,
            "-- {} from {spec}, do not edit",
            crate::emit_rust::HEADER_MARK
        );
        let _ = writeln!(
            head,
            "--\n-- Édition {} (année de référence {year}) : les règles du guide en SQL, évaluées pour",
            crate::escape::label(&self.core.key)
        );
        let _ = writeln!(
            head,
            "-- chaque praticien comme l'interpréteur de guidec les évalue (docs/POPULATION.md)."
        );
        let _ = writeln!(
            head,
            "-- Lit les tables `{DECLARATIONS}` (une ligne par praticien) et `{ACTS}` (une ligne par acte"
        );
        let _ = writeln!(
            head,
            "-- ou groupe d'actes identiques) ; écrit la vue `{OUTCOMES}` (une ligne par praticien déclaré)."
        );
        let _ = writeln!(
            head,
            "-- S'exécute tel quel sur DuckDB et sur Spark SQL. Les données sont supposées valides"
        );
        let _ = writeln!(
            head,
            "-- (ce que `guidec-population run` accepte) : ce fichier ne rejette aucune ligne."
        );
        let _ = writeln!(
            head,
            "--\n-- Colonnes lues (une colonne absente du fichier est à fournir vide, du type indiqué) :"
        );
        for column in &self.read {
            let _ = writeln!(
                head,
                "-- {DECLARATIONS}: {} {}",
                ident(&column.name),
                column.kind
            );
        }
        if !acts_rates.is_empty() {
            for (name, kind) in act_columns(self.acts) {
                let _ = writeln!(head, "-- {ACTS}: {} {kind}", ident(&name));
            }
        }
        head.push('\n');
        head.push_str(&body);
        head
    }

    /// The views over acts: per practitioner, measure and month of the year the acts counted;
    /// the individualised periods' first months; per practitioner the rates' numerators and
    /// denominators over their periods.
    fn acts_views(&mut self, rates: &[(String, lowered::ActRate)]) -> String {
        let year = self.core.year;
        let mut out = String::new();
        let claim = self
            .core
            .first_claim
            .as_ref()
            .map_or_else(|| String::from("FALSE"), act_condition);
        let normalised = normalised_fields(self.acts);
        let measures: Vec<String> = rates.iter().map(|(m, _)| text(m)).collect();
        let month = format!("CASE WHEN year(a.`date`) = {year} THEN month(a.`date`) ELSE 0 END");
        let counted = |pick: &dyn Fn(&lowered::ActRate) -> String| {
            let mut case = String::from("CASE a.`mesure`");
            for (mesure, rule) in rates {
                let mut test = pick(rule);
                if !rule.exclusions.is_empty() {
                    let excluded: Vec<String> = rule
                        .exclusions
                        .iter()
                        .map(|(c, _)| act_condition(c))
                        .collect();
                    test = format!("NOT ({}) AND {test}", excluded.join(" OR "));
                }
                let _ = write!(case, "\n      WHEN {} THEN {test}", text(mesure));
            }
            case.push_str("\n      ELSE FALSE END");
            case
        };
        let numerator = counted(&|rule| act_condition(&rule.numerator));
        let denominator = counted(&|rule| {
            rule.denominator
                .as_ref()
                .map_or_else(|| String::from("TRUE"), act_condition)
        });
        let _ = write!(
            out,
            "-- Les actes comptés, par praticien, mesure et mois de {year} (0 : hors de l'année).\n\
             CREATE OR REPLACE TEMPORARY VIEW {} AS\n\
             SELECT a.`id` AS `id`, a.`mesure` AS `mesure`, {month} AS `mois`,\n  \
             COUNT(*) AS `lignes`,\n  \
             MIN(CASE WHEN a.`nombre` > 0 AND {claim} AND year(a.`date`) = {year} THEN a.`date` END) AS `premiere_fse`,\n  \
             SUM(CASE WHEN {numerator} THEN a.`nombre` ELSE 0 END) AS `numerateur`,\n  \
             SUM(CASE WHEN {denominator} THEN a.`nombre` ELSE 0 END) AS `denominateur`\n\
             FROM (\n  \
             SELECT `id`, `mesure`, `date`,{normalised}\n    \
             COALESCE(`nombre`, 1) AS `nombre`\n  \
             FROM {}\n  \
             WHERE `mesure` IN ({})\n\
             ) a\n\
             GROUP BY a.`id`, a.`mesure`, {month};\n\n",
            self.view("actes_mois"),
            ident(ACTS),
            measures.join(", "),
        );
        // The first month of each individualised period.
        let individualised: Vec<&String> = rates
            .iter()
            .filter(|(_, r)| matches!(r.period, Period::Individualised { .. }))
            .map(|(m, _)| m)
            .collect();
        if !individualised.is_empty() {
            let previous = self.declared("praticien.fse_annee_precedente".into(), "BOOLEAN");
            let declared_first = self.declared("praticien.premiere_fse".into(), "DATE");
            let mut view = format!(
                "-- Le premier mois de chaque période individualisée : janvier pour qui a télétransmis en {}, sinon\n\
                 -- le mois après la première FSE de {year} (déclarée, ou la première des actes), décembre gardé.\n\
                 CREATE OR REPLACE TEMPORARY VIEW {} AS\nSELECT d.`id` AS `id`",
                year - 1,
                self.view("debuts")
            );
            let mut firsts = String::from("SELECT `id`");
            for mesure in &individualised {
                let first = format!("COALESCE(d.{declared_first}, f.{})", ident(mesure));
                let _ = write!(
                    view,
                    ",\n  CASE WHEN d.{previous} THEN 1\n    WHEN year({first}) = {year} THEN least(month({first}) + 1, 12)\n    ELSE 1 END AS {}",
                    ident(mesure)
                );
                let _ = write!(
                    firsts,
                    ", MIN(CASE WHEN `mesure` = {} THEN `premiere_fse` END) AS {}",
                    text(mesure),
                    ident(mesure)
                );
            }
            let _ = write!(
                view,
                "\nFROM {} d\nLEFT JOIN ({firsts} FROM {} GROUP BY `id`) f ON f.`id` = d.`id`;\n\n",
                ident(DECLARATIONS),
                self.view("actes_mois")
            );
            out.push_str(&view);
        }
        let mut view = format!(
            "-- Par praticien, chaque taux sur sa période : lignes d'actes, numérateur, dénominateur.\n\
             CREATE OR REPLACE TEMPORARY VIEW {} AS\nSELECT m.`id` AS `id`",
            self.view("taux")
        );
        for (mesure, rule) in rates {
            let start = match rule.period {
                Period::Individualised { .. } => format!("s.{}", ident(mesure)),
                Period::WholeYear => String::from("1"),
            };
            let _ = write!(
                view,
                ",\n  SUM(CASE WHEN m.`mesure` = {0} THEN m.`lignes` ELSE 0 END) AS {1},\n  \
                 SUM(CASE WHEN m.`mesure` = {0} AND m.`mois` >= {start} THEN m.`numerateur` ELSE 0 END) AS {2},\n  \
                 SUM(CASE WHEN m.`mesure` = {0} AND m.`mois` >= {start} THEN m.`denominateur` ELSE 0 END) AS {3}",
                text(mesure),
                ident(&format!("taux.{mesure}.lignes")),
                ident(&format!("taux.{mesure}.numerateur")),
                ident(&format!("taux.{mesure}.denominateur")),
            );
        }
        let _ = write!(view, "\nFROM {} m", self.view("actes_mois"));
        if !individualised.is_empty() {
            let _ = write!(
                view,
                "\nLEFT JOIN {} s ON s.`id` = m.`id`",
                self.view("debuts")
            );
        }
        view.push_str("\nGROUP BY m.`id`;\n\n");
        out.push_str(&view);
        out
    }

    /// Each indicator's depth: 0 for a section's indicators, 1 for their subs, …
    fn depths(&self) -> Vec<usize> {
        let mut depths = vec![0usize; self.core.indicators.len()];
        for (position, indicator) in self.core.indicators.iter().enumerate() {
            let depth = depths.get(position).copied().unwrap_or(0);
            for &sub in &indicator.subs {
                if let Some(slot) = depths.get_mut(sub) {
                    *slot = depth + 1;
                }
            }
        }
        depths
    }

    fn mark_section(&self, position: usize, section: usize, out: &mut [usize]) {
        if let Some(slot) = out.get_mut(position) {
            *slot = section;
        }
        if let Some(indicator) = self.core.indicators.get(position) {
            for &sub in &indicator.subs {
                self.mark_section(sub, section, out);
            }
        }
    }

    /// Whether the section at `index` has required indicators and all count as met (its
    /// optional indicators, `facultatif`, are not required).
    fn all_met(&self, index: usize) -> String {
        let Some(section) = self.core.sections.get(index) else {
            return String::from("FALSE");
        };
        let parts: Vec<String> = section
            .indicators
            .iter()
            .filter_map(|p| self.core.indicators.get(*p))
            .filter(|i| !i.optional)
            .map(|i| counts_as_met(&ident(&format!("statut.{}", i.id))))
            .collect();
        if parts.is_empty() {
            return String::from("FALSE");
        }
        format!("({})", parts.join(" AND "))
    }

    /// What the indicator at `position` pays, its section's gate being `open`.
    fn pay(&mut self, position: usize, open: &str) -> String {
        let Some(indicator) = self.core.indicators.get(position).cloned() else {
            return String::from("CAST(0 AS BIGINT)");
        };
        match &indicator.payment {
            Payment::SubIndicators => {
                let parts: Vec<String> = indicator
                    .subs
                    .iter()
                    .map(|sub| self.pay(*sub, open))
                    .collect();
                if parts.is_empty() {
                    String::from("CAST(0 AS BIGINT)")
                } else {
                    format!("({})", parts.join(" + "))
                }
            }
            Payment::Cents(cents) => format!(
                "CASE WHEN {open} AND {} THEN CAST({cents} AS BIGINT) ELSE CAST(0 AS BIGINT) END",
                counts_as_met(&ident(&format!("statut.{}", indicator.id)))
            ),
            Payment::Parts(shares) if indicator.neutralised.is_some() => {
                // Neutralised: every part counts as held (no part column is computed).
                let all: i64 = shares.iter().fold(0i64, |sum, s| sum.saturating_add(*s));
                format!("CASE WHEN {open} THEN CAST({all} AS BIGINT) ELSE CAST(0 AS BIGINT) END")
            }
            Payment::Parts(shares) => {
                let status = ident(&format!("statut.{}", indicator.id));
                let all: i64 = shares.iter().fold(0i64, |sum, s| sum.saturating_add(*s));
                let held: Vec<String> = shares
                    .iter()
                    .enumerate()
                    .map(|(n, share)| {
                        let part = ident(&format!("part.{}.{}", indicator.id, n + 1));
                        format!("CASE WHEN {part} THEN CAST({share} AS BIGINT) ELSE CAST(0 AS BIGINT) END")
                    })
                    .collect();
                // Exempt: every part counts as held, as for the interpreter.
                format!(
                    "CASE WHEN {open} AND {status} = 'exempt' THEN CAST({all} AS BIGINT) WHEN {open} AND {} THEN ({}) ELSE CAST(0 AS BIGINT) END",
                    counts_as_met(&status),
                    if held.is_empty() {
                        String::from("CAST(0 AS BIGINT)")
                    } else {
                        held.join(" + ")
                    }
                )
            }
            Payment::Scaled(scaled) => {
                let id = self
                    .indicators
                    .get(position)
                    .and_then(|i| i.counts.get(scaled.offset))
                    .map(|c| c.id.clone())
                    .unwrap_or_default();
                let number = self.declared(
                    format!("indicateurs.{}.nombres.{id}", indicator.id),
                    "BIGINT",
                );
                // A count not given: `NULL`, the amount undetermined (never a silent 0).
                let scale = match &scaled.rule {
                    lowered::ScaleRule::PerUnit {
                        unit_cents,
                        cap_cents,
                    } => {
                        // The cap is a whole number of units: from that many on, the cap, so
                        // that the product never exceeds it (nor overflows).
                        let units = if *unit_cents > 0 {
                            cap_cents / unit_cents
                        } else {
                            0
                        };
                        format!(
                            "CASE WHEN {number} IS NULL THEN CAST(NULL AS BIGINT) WHEN {number} >= {units} THEN CAST({cap_cents} AS BIGINT) WHEN {number} <= 0 THEN CAST(0 AS BIGINT) ELSE {number} * CAST({unit_cents} AS BIGINT) END"
                        )
                    }
                    lowered::ScaleRule::Brackets(brackets) => {
                        let mut arms =
                            format!("CASE WHEN {number} IS NULL THEN CAST(NULL AS BIGINT)");
                        for (from, cents) in brackets.iter().rev() {
                            let _ = write!(
                                arms,
                                " WHEN {number} >= {from} THEN CAST({cents} AS BIGINT)"
                            );
                        }
                        arms.push_str(" ELSE CAST(0 AS BIGINT) END");
                        arms
                    }
                };
                format!(
                    "CASE WHEN {open} AND {} THEN {scale} ELSE CAST(0 AS BIGINT) END",
                    counts_as_met(&ident(&format!("statut.{}", indicator.id)))
                )
            }
            // Paid an amount that cannot be determined: `NULL`, never a silent 0.
            Payment::Unknown(_) | Payment::UpTo { .. } => format!(
                "CASE WHEN {open} AND {} THEN CAST(NULL AS BIGINT) ELSE CAST(0 AS BIGINT) END",
                counts_as_met(&ident(&format!("statut.{}", indicator.id)))
            ),
            Payment::Nothing => String::from("CAST(0 AS BIGINT)"),
        }
    }

    /// The status of the indicator at `position`: the columns of its conditions' and evidence
    /// gates' truths (named `condition.<i>.<n>`, `preuve.<i>.<n>`, `exoneration.<i>`), and the
    /// status as an SQL expression over them.
    fn status(&mut self, position: usize) -> (Vec<(String, String)>, String) {
        let (Some(indicator), Some(ir_indicator)) = (
            self.core.indicators.get(position).cloned(),
            self.indicators.get(position).copied(),
        ) else {
            return (Vec::new(), text("unknown"));
        };
        if indicator.neutralised.is_some() {
            return (Vec::new(), text("neutralised"));
        }
        let path = format!("indicateurs.{}", indicator.id);
        let mut columns = Vec::new();
        let mut arms: Vec<(String, &'static str)> = Vec::new();
        if indicator.exemption.is_some() {
            arms.push((
                self.listed("praticien.exonerations", &ir_indicator.id),
                "exempt",
            ));
        }
        let prefilled = if indicator.prefill.is_some() {
            let column = self.declared(format!("{path}.prerempli"), "BOOLEAN");
            Some(format!("COALESCE({column}, FALSE)"))
        } else {
            None
        };
        let mut truths = Vec::new();
        let mut exemptions_used = Vec::new();
        for (index, condition) in indicator.conditions.iter().enumerate() {
            let truth = if let Condition::Parts(parts) = condition {
                // Each part's truth in a column of its own (`part.<i>.<n>`), read by the payment.
                let mut truths = Vec::new();
                for (n, part) in parts.iter().enumerate() {
                    let truth = self.condition(
                        &indicator,
                        ir_indicator,
                        &part.measure,
                        &path,
                        &mut exemptions_used,
                    );
                    let name = ident(&format!("part.{}.{}", indicator.id, n + 1));
                    truths.push(format!("({truth})"));
                    columns.push((name, truth));
                }
                parts_truth(&truths)
            } else {
                self.condition(
                    &indicator,
                    ir_indicator,
                    condition,
                    &path,
                    &mut exemptions_used,
                )
            };
            let truth = match &prefilled {
                Some(prefilled) if condition.is_declared() => format!("({prefilled} OR {truth})"),
                _ => truth,
            };
            let name = ident(&format!("condition.{}.{}", indicator.id, index + 1));
            columns.push((name.clone(), truth));
            truths.push(name);
        }
        if truths.is_empty() {
            arms.push((String::from("TRUE"), "unknown"));
        } else {
            let all = format!("({})", truths.join(" AND "));
            arms.push((format!("NOT {all}"), "not_met"));
            arms.push((format!("{all} IS NULL"), "unknown"));
        }
        let not_prefilled = prefilled
            .as_ref()
            .map_or_else(|| String::from("TRUE"), |p| format!("(NOT {p})"));
        for (index, gate) in indicator.evidence.iter().enumerate() {
            let truth = match gate {
                EvidenceGate::SwornInDeclaration { .. } => continue,
                EvidenceGate::SwornBox { required, .. } => {
                    let required = self.required(required, &not_prefilled);
                    let sworn =
                        self.declared("praticien.attestation_sur_l_honneur".into(), "BOOLEAN");
                    format!("(NOT {required} OR {sworn})")
                }
                EvidenceGate::Document { required, .. } => {
                    let required = self.required(required, &not_prefilled);
                    let state = self.declared(format!("{path}.justificatif"), "STRING");
                    let changed = self.flag("changement_editeur");
                    format!(
                        "(NOT {required} OR COALESCE({state} IN ('envoyé', 'envoye') OR ({state} IN ('validé', 'valide') AND NOT {changed}), FALSE))"
                    )
                }
            };
            let name = ident(&format!("preuve.{}.{}", indicator.id, index + 1));
            columns.push((name.clone(), truth));
            arms.push((format!("NOT {name}"), "missing_evidence"));
            arms.push((format!("{name} IS NULL"), "unknown"));
        }
        // The conditions hold with an exemption from a software role: counted as met by
        // exemption. With pre-filling, no software condition is evaluated, so none is used.
        if !exemptions_used.is_empty() {
            let used = format!("({})", exemptions_used.join(" OR "));
            let used = match &prefilled {
                Some(prefilled) => format!("(NOT {prefilled} AND {used})"),
                None => used,
            };
            let name = ident(&format!("exoneration.{}", indicator.id));
            columns.push((name.clone(), used));
            arms.push((name, "exempt"));
        }
        let mut out = String::from("CASE");
        for (test, status) in arms {
            let _ = write!(out, "\n    WHEN {test} THEN {}", text(status));
        }
        out.push_str("\n    ELSE 'met' END");
        (columns, out)
    }

    /// Whether an evidence rule applies.
    fn required(&mut self, required: &Requirement, not_prefilled: &str) -> String {
        match required {
            Requirement::Always => String::from("TRUE"),
            Requirement::UnlessPrefilled => not_prefilled.to_string(),
            Requirement::When(cases) => {
                let mut parts = Vec::new();
                for case in cases {
                    parts.push(match case {
                        ir::EvidenceCase::Always => String::from("TRUE"),
                        ir::EvidenceCase::FirstYear => self.flag("premiere_annee"),
                        ir::EvidenceCase::VendorChange => self.flag("changement_editeur"),
                        ir::EvidenceCase::NotPrefilled => not_prefilled.to_string(),
                        ir::EvidenceCase::OnRequest => self.flag("justificatif_demande"),
                    });
                }
                if parts.is_empty() {
                    String::from("FALSE")
                } else {
                    format!("({})", parts.join(" OR "))
                }
            }
        }
    }

    /// One condition's truth: `TRUE`, `FALSE` or `NULL` (unknown).
    fn condition(
        &mut self,
        indicator: &lowered::Indicator,
        ir_indicator: &ir::Indicator,
        condition: &Condition,
        path: &str,
        exemptions_used: &mut Vec<String>,
    ) -> String {
        match condition {
            Condition::Parts(parts) => {
                let truths: Vec<String> = parts
                    .iter()
                    .map(|part| {
                        self.condition(
                            indicator,
                            ir_indicator,
                            &part.measure,
                            path,
                            exemptions_used,
                        )
                    })
                    .map(|truth| format!("({truth})"))
                    .collect();
                parts_truth(&truths)
            }
            Condition::SubIndicators => {
                let statuses: Vec<String> = indicator
                    .subs
                    .iter()
                    .filter_map(|s| self.core.indicators.get(*s))
                    .map(|s| ident(&format!("statut.{}", s.id)))
                    .collect();
                let all: Vec<String> = statuses.iter().map(|s| counts_as_met(s)).collect();
                let failed: Vec<String> = statuses
                    .iter()
                    .map(|s| format!("{s} IN ('not_met', 'missing_evidence')"))
                    .collect();
                format!(
                    "CASE WHEN {} THEN TRUE WHEN {} THEN FALSE ELSE {UNKNOWN} END",
                    if all.is_empty() {
                        "TRUE".into()
                    } else {
                        all.join(" AND ")
                    },
                    if failed.is_empty() {
                        "FALSE".into()
                    } else {
                        failed.join(" OR ")
                    }
                )
            }
            Condition::Question(_) => {
                let answer = self.declared(format!("{path}.reponse"), "STRING");
                format!(
                    "CASE WHEN {answer} = 'oui' THEN TRUE WHEN {answer} = 'non' THEN FALSE ELSE {UNKNOWN} END"
                )
            }
            Condition::Software {
                offset,
                exemption,
                deadline,
                ..
            } => {
                let role = ir_indicator
                    .software
                    .get(*offset)
                    .map(|s| s.value.id.clone())
                    .unwrap_or_default();
                let base = format!("{path}.logiciels.{role}");
                let mut declared = vec![format!(
                    "COALESCE({}, FALSE)",
                    self.declared(base.clone(), "BOOLEAN")
                )];
                for detail in ["editeur", "nom", "version"] {
                    let column = self.declared(format!("{base}.{detail}"), "STRING");
                    declared.push(format!("{column} IS NOT NULL"));
                }
                let acquired = self.declared(format!("{base}.acquisition"), "DATE");
                declared.push(format!("{acquired} IS NOT NULL"));
                let late = match deadline {
                    Some(deadline) => format!("COALESCE({acquired} > {}, FALSE)", date(*deadline)),
                    None => String::from("FALSE"),
                };
                let held = format!("(({}) AND NOT {late})", declared.join(" OR "));
                if exemption.is_some() {
                    let exempted = self.listed("praticien.exonerations", &role);
                    exemptions_used.push(format!("(NOT {held} AND {exempted})"));
                    format!("({held} OR {exempted})")
                } else {
                    held
                }
            }
            Condition::Choice(choice) => {
                let choix = format!("{path}.choix");
                let listed = self.declared(choix.clone(), "STRING");
                let ticked_any = format!("COALESCE(trim({listed}) <> '', FALSE)");
                let mut any_ticked = Vec::new();
                let mut qualifies = Vec::new();
                let mut pending = Vec::new();
                for option in &choice.options {
                    let id = ir_indicator
                        .options()
                        .nth(option.offset)
                        .map(|o| o.id.clone())
                        .unwrap_or_default();
                    let ticked = self.listed(&choix, &id);
                    any_ticked.push(ticked.clone());
                    if !option.accepted {
                        continue;
                    }
                    match option.minimum_per_year {
                        None => qualifies.push(ticked),
                        Some(minimum) => {
                            let number = self.declared(format!("{path}.nombres.{id}"), "BIGINT");
                            qualifies.push(format!(
                                "({ticked} AND COALESCE({number} >= {minimum}, FALSE))"
                            ));
                            pending.push(format!("({ticked} AND {number} IS NULL)"));
                        }
                    }
                }
                let or = |parts: &[String]| {
                    if parts.is_empty() {
                        String::from("FALSE")
                    } else {
                        format!("({})", parts.join(" OR "))
                    }
                };
                format!(
                    "CASE WHEN NOT {} THEN CASE WHEN {ticked_any} THEN FALSE ELSE {UNKNOWN} END\n      WHEN {} THEN TRUE WHEN {} THEN {UNKNOWN} ELSE FALSE END",
                    or(&any_ticked),
                    or(&qualifies),
                    or(&pending)
                )
            }
            Condition::Rate(rate) => {
                let Some(threshold) = &rate.threshold else {
                    return String::from(UNKNOWN);
                };
                let id = ir_indicator
                    .rates
                    .get(rate.offset)
                    .map(|r| r.id.clone())
                    .unwrap_or_default();
                let mesure = format!("{path}.mesures.{id}");
                let numerator = self.declared(format!("{mesure}.numerateur"), "BIGINT");
                let denominator = self.declared(format!("{mesure}.denominateur"), "BIGINT");
                let compare = |n: &str, d: &str| {
                    format!(
                        "CASE WHEN {d} = 0 THEN FALSE ELSE {} END",
                        ratio_meets(n, d, threshold.op, threshold.value)
                    )
                };
                let mut out = format!(
                    "CASE WHEN {numerator} IS NOT NULL AND {denominator} IS NOT NULL THEN {}",
                    compare(&numerator, &denominator)
                );
                if let Some(rule) = &rate.acts {
                    let lines = ident(&format!("taux.{mesure}.lignes"));
                    let acts = compare(
                        &ident(&format!("taux.{mesure}.numerateur")),
                        &ident(&format!("taux.{mesure}.denominateur")),
                    );
                    let acts = match rule.period {
                        Period::Individualised { .. } => {
                            let previous =
                                self.declared("praticien.fse_annee_precedente".into(), "BOOLEAN");
                            format!("CASE WHEN {previous} IS NULL THEN {UNKNOWN} ELSE {acts} END")
                        }
                        Period::WholeYear => acts,
                    };
                    let _ = write!(out, "\n      WHEN COALESCE({lines}, 0) > 0 THEN {acts}");
                }
                let _ = write!(out, "\n      ELSE {UNKNOWN} END");
                out
            }
            Condition::DeclaredRate(rate) => {
                let Some(threshold) = &rate.threshold else {
                    return String::from(UNKNOWN);
                };
                let id = ir_indicator
                    .rates
                    .get(rate.offset)
                    .map(|r| r.id.clone())
                    .unwrap_or_default();
                // Declared as a percentage or as counts, it stands in the declarations as its
                // exact fraction (the case reader's), its denominator never 0.
                let declared = format!("{path}.taux.{id}");
                let numerator = self.declared(format!("{declared}.numerateur"), "BIGINT");
                let denominator = self.declared(format!("{declared}.denominateur"), "BIGINT");
                format!(
                    "CASE WHEN {numerator} IS NOT NULL AND {denominator} IS NOT NULL THEN {} ELSE {UNKNOWN} END",
                    ratio_meets(&numerator, &denominator, threshold.op, threshold.value)
                )
            }
            Condition::Count {
                offset, threshold, ..
            } => {
                let id = ir_indicator
                    .counts
                    .get(*offset)
                    .map(|c| c.id.clone())
                    .unwrap_or_default();
                let number = self.declared(format!("{path}.nombres.{id}"), "BIGINT");
                match threshold {
                    None => format!("CASE WHEN {number} IS NULL THEN {UNKNOWN} ELSE TRUE END"),
                    Some(threshold) => {
                        let op = match threshold.op {
                            Comparison::AtLeast => ">=",
                            Comparison::MoreThan => ">",
                        };
                        format!("({number} {op} {})", threshold.value)
                    }
                }
            }
            Condition::Finding { offset, .. } => {
                let id = ir_indicator
                    .findings
                    .get(*offset)
                    .map(|f| f.value.id.clone())
                    .unwrap_or_default();
                self.declared(format!("{path}.constats.{id}"), "BOOLEAN")
            }
        }
    }
}

/// The columns of the table [`ACTS`] for an edition's act schema, with their SQL types, in
/// order: the practitioner (`id`), the measure (`mesure`), the act's `date`, each declared
/// field's column under its key (an age's two: its age in days, its birth date), and how many
/// acts the row counts (`nombre`). The one list of the acts table's columns: the SQL reads them,
/// the population engine reads and writes them (docs/POPULATION.md).
pub fn act_columns(schema: Option<&ir::ActSchema>) -> Vec<(String, &'static str)> {
    let mut columns = vec![
        ("id".to_string(), "STRING"),
        ("mesure".to_string(), "STRING"),
        ("date".to_string(), "DATE"),
    ];
    for field in schema.map_or(&[][..], |s| &s.fields[..]) {
        match &field.kind {
            ir::ActFieldKind::YesNo => columns.push((field.key.clone(), "BOOLEAN")),
            ir::ActFieldKind::List { .. } => columns.push((field.key.clone(), "STRING")),
            ir::ActFieldKind::Age { birth, days } => {
                columns.push((days.clone(), "BIGINT"));
                columns.push((birth.clone(), "DATE"));
            }
            ir::ActFieldKind::Date => columns.push((field.key.clone(), "DATE")),
            ir::ActFieldKind::Number => columns.push((field.key.clone(), "BIGINT")),
        }
    }
    columns.push(("nombre".to_string(), "BIGINT"));
    columns
}

/// The declared fields of the acts table as the conditions read them: an absent yes/no is no, an
/// absent list value its default, an absent number 0, an age the birth it gives (under the
/// field's key; unknown for both or neither, a birth after the act, an age out of range).
fn normalised_fields(schema: Option<&ir::ActSchema>) -> String {
    let mut out = String::new();
    for field in schema.map_or(&[][..], |s| &s.fields[..]) {
        let key = ident(&field.key);
        let column = match &field.kind {
            ir::ActFieldKind::YesNo => format!("COALESCE({key}, FALSE) AS {key}"),
            ir::ActFieldKind::List {
                values,
                default: Some(default),
                ..
            } => format!(
                "COALESCE({key}, {}) AS {key}",
                values
                    .get(*default)
                    .map_or_else(|| String::from("NULL"), |v| text(&v.name))
            ),
            ir::ActFieldKind::List { .. } | ir::ActFieldKind::Date => key,
            ir::ActFieldKind::Number => format!("COALESCE({key}, 0) AS {key}"),
            ir::ActFieldKind::Age { birth, days } => {
                let (birth, days) = (ident(birth), ident(days));
                format!(
                    "CASE WHEN {birth} IS NOT NULL AND {days} IS NULL AND {birth} <= `date` THEN {birth}\n      \
                     WHEN {birth} IS NULL AND {days} BETWEEN 0 AND {} THEN date_add(`date`, CAST(-{days} AS INT))\n    \
                     END AS {key}",
                    guidec_runtime::acts::MAX_AGE_DAYS
                )
            }
        };
        let _ = write!(out, "\n    {column},");
    }
    out
}

/// Whether a condition holds for an act of the normalised acts (`a`): never unknown, an age
/// test on an act without the beneficiary's birth does not hold.
fn act_condition(condition: &ir::Condition) -> String {
    match condition {
        ir::Condition::Any(parts) if parts.is_empty() => String::from("FALSE"),
        ir::Condition::All(parts) if parts.is_empty() => String::from("TRUE"),
        ir::Condition::Any(parts) => format!(
            "({})",
            parts
                .iter()
                .map(act_condition)
                .collect::<Vec<_>>()
                .join(" OR ")
        ),
        ir::Condition::All(parts) => format!(
            "({})",
            parts
                .iter()
                .map(act_condition)
                .collect::<Vec<_>>()
                .join(" AND ")
        ),
        ir::Condition::Not(inner) => format!("(NOT {})", act_condition(inner)),
        ir::Condition::Flag(field) => format!("a.{}", ident(&field.key)),
        ir::Condition::In { values, .. } if values.is_empty() => String::from("FALSE"),
        ir::Condition::In { field, values, .. } => format!(
            "a.{} IN ({})",
            ident(&field.key),
            values
                .iter()
                .map(|(_, v)| text(&v.name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ir::Condition::Date { field, op, date } => format!(
            "(a.{0} IS NOT NULL AND a.{0} {1} DATE '{2:04}-{3:02}-{4:02}')",
            ident(&field.key),
            compare_op(*op),
            date.year,
            date.month,
            date.day
        ),
        ir::Condition::Number { field, op, value } => {
            format!("a.{} {} {value}", ident(&field.key), compare_op(*op))
        }
        ir::Condition::Age {
            field,
            op,
            amount,
            unit,
        } => {
            let birth = format!("a.{}", ident(&field.key));
            let months = months(&birth);
            let test = match unit {
                // Completed days: the act's date against the birth plus `amount` days.
                AgeUnit::Days => match i32::try_from(*amount) {
                    Ok(days) if amount.unsigned_abs() <= DAYS_BETWEEN_ANY_DATES => {
                        format!("a.`date` {} date_add({birth}, {days})", compare_op(*op))
                    }
                    // Further than any two dates are apart: every age is below (or above) it.
                    _ => String::from(match (op, *amount > 0) {
                        (CompareOp::Less | CompareOp::LessOrEqual | CompareOp::NotEqual, true) => {
                            "TRUE"
                        }
                        (
                            CompareOp::Greater | CompareOp::GreaterOrEqual | CompareOp::NotEqual,
                            false,
                        ) => "TRUE",
                        _ => "FALSE",
                    }),
                },
                AgeUnit::Months => format!("{months} {} {amount}", compare_op(*op)),
                // Completed years are completed months divided by 12, rounded down: compared
                // as months, with no division.
                AgeUnit::Years => {
                    let low = amount.saturating_mul(12);
                    let high = amount.saturating_add(1).saturating_mul(12);
                    match op {
                        CompareOp::Less => format!("{months} < {low}"),
                        CompareOp::LessOrEqual => format!("{months} < {high}"),
                        CompareOp::Greater => format!("{months} >= {high}"),
                        CompareOp::GreaterOrEqual => format!("{months} >= {low}"),
                        CompareOp::Equal => format!("({months} >= {low} AND {months} < {high})"),
                        CompareOp::NotEqual => {
                            format!("({months} < {low} OR {months} >= {high})")
                        }
                    }
                }
            };
            format!("({birth} IS NOT NULL AND COALESCE({test}, FALSE))")
        }
    }
}

/// More days than lie between the first and the last date of the calendar (years 1 to 9999):
/// an age compared with more days is decided without date arithmetic, which would leave the
/// calendar.
const DAYS_BETWEEN_ANY_DATES: u64 = 3_700_000;

/// Completed calendar months from the birth (the column `birth`) to the act (a month is
/// completed on the day of the month of the birth), as `guidec_runtime::age_in_months` counts them.
fn months(birth: &str) -> String {
    format!("((year(a.`date`) - year({birth})) * 12 + month(a.`date`) - month({birth}) - CASE WHEN day(a.`date`) < day({birth}) THEN 1 ELSE 0 END)")
}

/// The SQL operator of a comparison, with the act's age on its left (days: the act's date
/// against the birth plus the amount, the same order).
fn compare_op(op: CompareOp) -> &'static str {
    match op {
        CompareOp::Less => "<",
        CompareOp::LessOrEqual => "<=",
        CompareOp::Greater => ">",
        CompareOp::GreaterOrEqual => ">=",
        CompareOp::Equal => "=",
        CompareOp::NotEqual => "<>",
    }
}

/// The truth of [`Condition::Parts`] over its parts' truths: `TRUE` when one holds, `FALSE` when
/// every one fails, else `NULL`, as the interpreter's.
fn parts_truth(truths: &[String]) -> String {
    if truths.is_empty() {
        return String::from("FALSE");
    }
    let any: Vec<String> = truths.iter().map(|t| format!("{t} IS TRUE")).collect();
    let all: Vec<String> = truths.iter().map(|t| format!("{t} IS FALSE")).collect();
    format!(
        "CASE WHEN {} THEN TRUE WHEN {} THEN FALSE ELSE {UNKNOWN} END",
        any.join(" OR "),
        all.join(" AND ")
    )
}

/// Whether the ratio `numerator / denominator` (a denominator not 0) meets a threshold, in exact
/// integer arithmetic: the cross-multiplication by the threshold's fraction `p/q`.
fn ratio_meets(numerator: &str, denominator: &str, op: Comparison, value: Rational) -> String {
    let (p, q) = (*value.numer(), *value.denom());
    let op = match op {
        Comparison::AtLeast => ">=",
        Comparison::MoreThan => ">",
    };
    format!(
        "CAST({numerator} AS DECIMAL(38, 0)) * {q} {op} CAST({denominator} AS DECIMAL(38, 0)) * {p}"
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_texts_are_quoted() {
        assert_eq!(ident("a.b"), "`a.b`");
        assert_eq!(ident("a`b"), "`a``b`");
        assert_eq!(text("l'acte"), "'l''acte'");
        assert_eq!(
            view_name("programme/profession-2025"),
            "guidec_programme_profession_2025"
        );
    }

    #[test]
    fn conditions_on_acts_hold_or_not_never_unknown() {
        let field = |key: &str| ir::FieldRef {
            name: key.to_string(),
            key: key.to_string(),
            label: String::new(),
            place: guidec_runtime::Place {
                word: 0,
                shift: 0,
                width: 2,
            },
        };
        let age = |op, amount, unit| {
            act_condition(&ir::Condition::Age {
                field: field("âge"),
                op,
                amount,
                unit,
            })
        };
        let sql = age(CompareOp::Less, 3, AgeUnit::Months);
        assert!(
            sql.starts_with("(a.`âge` IS NOT NULL AND COALESCE("),
            "{sql}"
        );
        let papier = ir::ActValue {
            name: "papier".into(),
            label: "papier".into(),
        };
        assert_eq!(
            act_condition(&ir::Condition::In {
                field: field("mode"),
                values: vec![(3, papier)],
                except: None
            }),
            "a.`mode` IN ('papier')"
        );
        assert_eq!(act_condition(&ir::Condition::Any(Vec::new())), "FALSE");
        let days = |op, amount| age(op, amount, AgeUnit::Days);
        assert!(days(CompareOp::Less, 90).contains("a.`date` < date_add(a.`âge`, 90)"));
        assert!(days(CompareOp::Less, 10_000_000).contains("COALESCE(TRUE, FALSE)"));
        assert!(days(CompareOp::Greater, 10_000_000).contains("COALESCE(FALSE, FALSE)"));
        // Years are compared as completed months, with no division.
        let years = age(CompareOp::LessOrEqual, 2, AgeUnit::Years);
        assert!(years.contains(" < 36"), "{years}");
        let number = act_condition(&ir::Condition::Number {
            field: field("dents"),
            op: CompareOp::GreaterOrEqual,
            value: 2,
        });
        assert_eq!(number, "a.`dents` >= 2");
    }
}
