//! The télétransmission rate over decoded act columns, written as a plain loop: the yardstick
//! the interpreter's act-rate evaluation is measured against (`benches/kernel.rs`). It is no
//! engine: the payments always come from the interpreter.

/// The flags of [`Columns::flags`]: the FAMI 2025 act schema's yes/no fields and its billing.
pub mod flag {
    /// `ame`.
    pub const AME: u8 = 1;
    /// `nir_provisoire`.
    pub const NIR_PROVISOIRE: u8 = 2;
    /// `ehpad`.
    pub const EHPAD: u8 = 4;
    /// `telesoin`.
    pub const TELESOIN: u8 = 8;
    /// `facturation: cerfa_s3404`.
    pub const CERFA_S3404: u8 = 16;
}

/// Decoded act columns, one value per act (modes as indices of the FAMI 2025 list
/// `sesam_vitale`, `sesam_sans_vitale`, `degrade`, `papier`, [`flag`]s, dates as day numbers,
/// birth day numbers or `i32::MIN`).
#[derive(Clone, Debug, Default)]
pub struct Columns {
    /// Mode index.
    pub mode: Vec<u8>,
    /// Flags.
    pub flags: Vec<u8>,
    /// Day number of the act.
    pub day: Vec<i32>,
    /// Day number from which the beneficiary is three months old (`i32::MIN`: unknown age).
    pub three_months: Vec<i32>,
    /// How many acts.
    pub count: Vec<u32>,
}

/// FSE and counted acts of the FAMI 2025 rate (five exclusions) between `start` and `end`
/// (day numbers, inclusive), branch-free per act.
pub fn fse_rate(columns: &Columns, start: i32, end: i32) -> (i64, i64) {
    let mut numerator = 0i64;
    let mut denominator = 0i64;
    let acts = columns
        .mode
        .iter()
        .zip(&columns.flags)
        .zip(&columns.day)
        .zip(&columns.three_months)
        .zip(&columns.count);
    for ((((&m, &f), &d), &young), &count) in acts {
        let secure = m <= 1;
        let in_period = d >= start && d <= end;
        let excluded = (f & (flag::AME | flag::NIR_PROVISOIRE | flag::CERFA_S3404)) != 0
            || d < young
            || ((f & flag::EHPAD) != 0 && !secure)
            || ((f & flag::TELESOIN) != 0 && m != 1);
        let counted = i64::from(in_period & !excluded) * i64::from(count);
        denominator += counted;
        numerator += counted * i64::from(secure);
    }
    (numerator, denominator)
}
