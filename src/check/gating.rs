//! Gating: which section unlocks which, checked for cycles and for sections that can never be paid.

use crate::diagnostic::Diagnostic;
use crate::ir::{Gating, Section};
use crate::msg;
use std::collections::BTreeMap;

/// Checks the gating between sections: references exist, no cycle, no gate on an empty section.
pub fn check_gating(sections: &[Section], diagnostics: &mut Vec<Diagnostic>) {
    let by_id: BTreeMap<&str, &Section> = sections.iter().map(|s| (s.id.as_str(), s)).collect();
    for section in sections {
        let Gating::Complementary { requires } = &section.gating else {
            continue;
        };
        // An unknown section is reported where it is named (E0102, by the checker's section pass).
        let Some(required) = by_id.get(requires.as_str()) else {
            continue;
        };
        // Follow the chain of gates; coming back to this section is a cycle.
        let mut seen = vec![section.id.as_str()];
        let mut current: &Section = required;
        loop {
            if seen.contains(&current.id.as_str()) {
                let chain = seen
                    .iter()
                    .chain(std::iter::once(&current.id.as_str()))
                    .copied()
                    .collect::<Vec<_>>();
                if current.id == section.id {
                    diagnostics.push(
                        Diagnostic::error(
                            "E0401",
                            section.span,
                            msg!(
                                "e0401-section-unlocks-itself",
                                section_id = section.id,
                                chain = chain.join(" → ")
                            ),
                        )
                        .with_help(msg!("e0401-help-chain-must-end-section")),
                    );
                }
                break;
            }
            seen.push(current.id.as_str());
            match &current.gating {
                Gating::Complementary { requires } => match by_id.get(requires.as_str()) {
                    Some(next) => current = next,
                    None => break,
                },
                _ => break,
            }
        }
        if required.indicators.is_empty() {
            diagnostics.push(
                Diagnostic::error(
                    "E0402",
                    section.span,
                    msg!(
                        "e0402-section-can-never-paid",
                        section_id = section.id,
                        requires = requires
                    ),
                )
                .with_label(required.span, msg!("e0402-label-section-has-indicator"))
                .with_help(msg!("e0402-help-add-indicators-unlocking-section")),
            );
        }
    }
}
