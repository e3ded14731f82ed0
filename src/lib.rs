//! guidec: a rules-as-code compiler for the Assurance Maladie's forfait structure and FAMI guides.
//!
//! The pipeline: [`parse`] (text → [`ast`]), [`check`] (AST → [`ir`], with
//! [`diagnostic`]s), then the backends, which read the IR only. [`driver`]
//! finds spec files and runs the front end over them; [`wording`] writes
//! numbers, amounts, rates and citations in French for every output.

pub mod act_tests;
pub mod ast;
#[cfg(feature = "pdf")]
pub mod build;
pub mod case;
pub mod chart;
pub mod check;
pub mod contained;
pub mod diagnostic;
pub mod diff;
pub mod driver;
pub mod emit_rust;
pub mod emit_sql;
pub mod escape;
pub mod format;
pub mod i18n;
pub mod interpret;
pub mod ir;
pub mod lowered;
pub mod lsp;
pub mod new_year;
pub mod parse;
#[cfg(feature = "pdf")]
pub mod read_form;
pub mod render;
pub mod runner;
#[cfg(feature = "pdf")]
pub mod serve;
pub mod source_files;
pub mod span;
pub mod syntax_help;
pub mod synthetic;
pub mod wording;

/// The wording of reasons, from the runtime crate that the generated code uses too.
pub use guidec_runtime::reason;
