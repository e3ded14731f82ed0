//! What every edition's evaluation shares, written once: statuses, truths and outcomes, the
//! reasons' writer, the calendar, acts and the rate over acts, exact rate comparisons and the
//! case inputs common to every edition.
//!
//! The generated crate `guidec-generated` (written by `guidec build`) holds one module per
//! edition, each with its typed case and straight-line evaluation; those modules call this
//! crate for everything that does not depend on the edition. It mirrors the reference
//! interpreter (`guidec::interpret`) function for function: integer cents, rates compared by
//! cross-multiplication in `i128`, saturating sums, no floating point and no panic.
//!
//! Everything is re-exported at the crate's root, so that generated code reads
//! `rt::Status`, `rt::Date` or `rt::at_least` after `use guidec_runtime as rt;`.

#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::float_arithmetic,
        clippy::as_conversions
    )
)]

pub mod acts;
pub mod calendar;
pub mod case_file;
pub mod declared;
pub mod inputs;
pub mod outcome;
pub mod ratio;
pub mod reason;
pub mod reasons;
pub mod truth;

pub use acts::{
    counts_data, first_claim, individual_start, rate_data, reading_acts, Act, ActSchema,
    CountsInput, CountsLine, Field, FieldKind, FieldValue, Place, RateData, RateInput, RateLine,
    ACT_WORDS, MAX_AGE_DAYS,
};
pub use calendar::{
    age_in_days, age_in_months, age_in_years, days_in_month, is_leap_year, month_name,
    month_steps_between, Date, MONTH_STEP,
};
pub use declared::DeclaredRate;
pub use inputs::{
    evidence_sent, present, Answer, Declared, EvidenceState, Expected, ExpectedIndicator,
    ExpectedSection, Software,
};
pub use outcome::{is_false, known_cents, sum, Explain, IndicatorOutcome, SectionOutcome, Status};
pub use ratio::{at_least, compare, more_than, ratio_in_words};
pub use reason::{euros, Comparison, DatedReason, FirstClaim, Given, Reason, TextReason};
pub use reasons::{met_word, Reasons};
pub use truth::{count_met, parts_held, parts_truth, subs_truth, Truth, Verdict};
