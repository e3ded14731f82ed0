//! guidec over a whole population: declarations and acts as Parquet or CSV tables
//! (docs/POPULATION.md), the acts tallied by practitioner as they are read, each practitioner's
//! case built through the case-file validation and evaluated by the reference interpreter on
//! every core; a population generator; the impact of a new edition over a population.
//!
//! Kept out of the `guidec` crate so that its build never compiles arrow or parquet.

pub mod acts;
pub mod adapter;
pub mod columns;
pub mod generate;
pub mod impact;
pub mod kernel;
pub mod output;
pub mod run;
pub mod table;
