//! The calendar (proleptic Gregorian): dates packed in four bytes, read from `AAAA-MM-JJ`, day numbers, days before and after, months, ages, first and last days of a year.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::num::NonZeroI32;

/// A calendar date (proleptic Gregorian), held in one number, `year × 512 + month × 32 + day`:
/// four bytes, never zero (so `Option<Date>` takes four bytes too), and ordered as dates follow
/// each other, so that two dates compare in one instruction.
///
/// Every `Date` is a day that exists, in years [`Date::MIN_YEAR`] to [`Date::MAX_YEAR`]. It
/// prints as `JJ/MM/AAAA` (`{}`) or `AAAA-MM-JJ` (`{:?}`), reads from `AAAA-MM-JJ` with years 1
/// to 9999 as case files write dates, and serialises as `AAAA-MM-JJ`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(NonZeroI32);

/// Bits of the packed number below the year: 4 for the month, 5 for the day.
const YEAR_SHIFT: u32 = 9;
/// Bits of the packed number below the month.
const MONTH_SHIFT: u32 = 5;

/// Days in 400 Gregorian years, after which the calendar repeats.
const DAYS_PER_ERA: i64 = 146_097;

impl Date {
    /// The earliest year a date can have: `year × 512` must fit in an `i32`.
    pub const MIN_YEAR: i32 = i32::MIN >> YEAR_SHIFT;
    /// The latest year a date can have.
    pub const MAX_YEAR: i32 = i32::MAX >> YEAR_SHIFT;
    /// The earliest date: the 1st of January of [`Date::MIN_YEAR`].
    pub const MIN: Date = Date::pack(Date::MIN_YEAR, 1, 1);
    /// The latest date: the 31st of December of [`Date::MAX_YEAR`].
    pub const MAX: Date = Date::pack(Date::MAX_YEAR, 12, 31);

    /// Packs a date known to exist (used for constants and clamped values only).
    const fn pack(year: i32, month: u32, day: u32) -> Date {
        let month_and_day = month.wrapping_shl(MONTH_SHIFT).wrapping_add(day);
        #[allow(clippy::as_conversions)] // month × 32 + day ≤ 415 fits in an i32
        let packed = year
            .wrapping_shl(YEAR_SHIFT)
            .wrapping_add(month_and_day as i32);
        match NonZeroI32::new(packed) {
            Some(packed) => Date(packed),
            // month × 32 + day is at least 33: the packed number is never zero.
            None => Date(NonZeroI32::MIN),
        }
    }

    /// The date, when it exists in the calendar: `month` 1 to 12, `day` 1 to the month's last,
    /// `year` in [`Date::MIN_YEAR`]..=[`Date::MAX_YEAR`].
    #[inline]
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        let exists = (Date::MIN_YEAR..=Date::MAX_YEAR).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        exists.then(|| Date::pack(year, month, day))
    }

    /// Parses `AAAA-MM-JJ` as case files write dates (blanks around it allowed): a date that
    /// exists, years 1 to 9999.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        if !(1..=9999).contains(&year) {
            return None;
        }
        Date::from_ymd(year, month, day)
    }

    /// The 1st of `month` of `year`, the month and the year brought within their ranges
    /// (1 to 12, [`Date::MIN_YEAR`] to [`Date::MAX_YEAR`]).
    #[inline]
    pub fn first_of_month(year: i32, month: u32) -> Date {
        Date::pack(
            year.clamp(Date::MIN_YEAR, Date::MAX_YEAR),
            month.clamp(1, 12),
            1,
        )
    }

    /// The last day of `month` of `year`, brought within their ranges as
    /// [`Date::first_of_month`] does.
    #[inline]
    pub fn last_of_month(year: i32, month: u32) -> Date {
        let (year, month) = (
            year.clamp(Date::MIN_YEAR, Date::MAX_YEAR),
            month.clamp(1, 12),
        );
        Date::pack(year, month, days_in_month(year, month))
    }

    /// The 1st of January of `year` (brought within [`Date::MIN_YEAR`]..=[`Date::MAX_YEAR`]).
    #[inline]
    pub fn first_of_year(year: i32) -> Date {
        Date::first_of_month(year, 1)
    }

    /// The 31st of December of `year` (brought within [`Date::MIN_YEAR`]..=[`Date::MAX_YEAR`]).
    #[inline]
    pub fn last_of_year(year: i32) -> Date {
        Date::last_of_month(year, 12)
    }

    /// Whether `date` and `deadline` are both given and `date` comes after `deadline`: a
    /// software acquired after the assessment date. Worked out without a jump (an absent date is
    /// the packed number 0, which no date has), so that on random cases no guess is wrong.
    #[inline]
    pub fn given_after(date: Option<Date>, deadline: Option<Date>) -> bool {
        let packed = |date: Option<Date>| date.map_or(0, |d| d.0.get());
        let (date, deadline) = (packed(date), packed(deadline));
        (date != 0) & (deadline != 0) & (date > deadline)
    }

    /// The packed number of a date as 32 bits, `0` for no date (no date packs to 0): how an
    /// act holds a declared date or a birth date in one of its words.
    #[inline]
    pub fn to_bits(date: Option<Date>) -> u32 {
        u32::from_ne_bytes(date.map_or(0, |d| d.0.get()).to_ne_bytes())
    }

    /// The date [`Date::to_bits`] packed, `None` for `0`. Only bits from [`Date::to_bits`] are
    /// ever given to it (an act's words are written by its schema alone).
    #[inline]
    pub fn from_bits(bits: u32) -> Option<Date> {
        NonZeroI32::new(i32::from_ne_bytes(bits.to_ne_bytes())).map(Date)
    }

    /// Year.
    #[inline]
    pub fn year(self) -> i32 {
        self.0.get() >> YEAR_SHIFT
    }

    /// Month, 1 to 12.
    #[inline]
    pub fn month(self) -> u32 {
        ((self.0.get() >> MONTH_SHIFT) & 15).unsigned_abs()
    }

    /// The date's month, 1 to 12, when it falls in `year`; 0 when it falls in another year.
    /// One subtraction and one comparison: the packed date shifted past its day is
    /// `year × 16 + month`.
    #[inline]
    pub fn month_in(self, year: i32) -> usize {
        // Exact: both terms are below 2^36 in size.
        let months =
            i64::from(self.0.get() >> MONTH_SHIFT).wrapping_sub(i64::from(year).wrapping_shl(4));
        if (1..=12).contains(&months) {
            usize::try_from(months).unwrap_or(0)
        } else {
            0
        }
    }

    /// Day of the month, 1 to 31.
    #[inline]
    pub fn day(self) -> u32 {
        (self.0.get() & 31).unsigned_abs()
    }

    /// The date counted in months, in steps of 32 with the day of the month below them:
    /// `year × 384 + month × 32 + day`, read off the packed `year × 512 + month × 32 + day`.
    /// Two dates' difference, floored to a multiple of 32, is 32 times the months completed.
    #[inline]
    fn month_steps(self) -> i64 {
        let packed = i64::from(self.0.get());
        // Exact: the packed date is an `i32`, so its year is below 2^22 in size and the steps
        // below 2^31, far inside an `i64` (wrapping operations, which never wrap here, cost
        // no test on the rate kernel's path).
        (packed >> YEAR_SHIFT)
            .wrapping_mul(384)
            .wrapping_add(packed & 511)
    }

    /// Days since 0000-03-01 (negative before it): the difference of two dates' day numbers is
    /// the number of days between them.
    #[inline]
    pub fn day_number(self) -> i64 {
        // Counted from March, so that the leap day is the last of the counted year.
        let (year, month) = if self.month() <= 2 {
            (
                i64::from(self.year()).saturating_sub(1),
                i64::from(self.month()).saturating_add(9),
            )
        } else {
            (
                i64::from(self.year()),
                i64::from(self.month()).saturating_sub(3),
            )
        };
        let year_days = year
            .saturating_mul(365)
            .saturating_add(year.div_euclid(4))
            .saturating_sub(year.div_euclid(100))
            .saturating_add(year.div_euclid(400));
        // Days from the 1st of March to the 1st of the month: 31, 30, 31, 30, 31 and again.
        let month_days = month
            .saturating_mul(153)
            .saturating_add(2)
            .checked_div(5)
            .unwrap_or(0);
        year_days
            .saturating_add(month_days)
            .saturating_add(i64::from(self.day()))
            .saturating_sub(1)
    }

    /// The date of a day number (the inverse of [`Date::day_number`]), `None` outside
    /// [`Date::MIN`]..=[`Date::MAX`]. After H. Hinnant's `civil_from_days`.
    pub fn from_day_number(number: i64) -> Option<Date> {
        let era = number.checked_div_euclid(DAYS_PER_ERA)?;
        let day_of_era = number.checked_rem_euclid(DAYS_PER_ERA)?;
        let year_of_era = day_of_era
            .checked_sub(day_of_era.checked_div(1460)?)?
            .checked_add(day_of_era.checked_div(36_524)?)?
            .checked_sub(day_of_era.checked_div(146_096)?)?
            .checked_div(365)?;
        let day_of_year = day_of_era.checked_sub(
            year_of_era
                .checked_mul(365)?
                .checked_add(year_of_era.checked_div(4)?)?
                .checked_sub(year_of_era.checked_div(100)?)?,
        )?;
        let month_index = day_of_year
            .checked_mul(5)?
            .checked_add(2)?
            .checked_div(153)?;
        let day = day_of_year
            .checked_sub(
                month_index
                    .checked_mul(153)?
                    .checked_add(2)?
                    .checked_div(5)?,
            )?
            .checked_add(1)?;
        let month = if month_index < 10 {
            month_index.checked_add(3)?
        } else {
            month_index.checked_sub(9)?
        };
        let year = era.checked_mul(400)?.checked_add(year_of_era)?;
        let year = if month <= 2 {
            year.checked_add(1)?
        } else {
            year
        };
        Date::from_ymd(
            i32::try_from(year).ok()?,
            u32::try_from(month).ok()?,
            u32::try_from(day).ok()?,
        )
    }

    /// The date `days` days after this one (before it when `days` is negative), `None` outside
    /// [`Date::MIN`]..=[`Date::MAX`].
    #[inline]
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_day_number(self.day_number().checked_add(days)?)
    }

    /// The same day `years` years later (earlier when negative), the 29th of February
    /// becoming the 28th in a year that has none; `None` outside the calendar's years.
    #[inline]
    pub fn add_years(self, years: i32) -> Option<Date> {
        let year = self.year().checked_add(years)?;
        let day = self.day().min(days_in_month(year, self.month()));
        Date::from_ymd(year, self.month(), day)
    }

    /// The date `days` days before this one, `None` outside [`Date::MIN`]..=[`Date::MAX`].
    #[inline]
    pub fn days_before(self, days: i64) -> Option<Date> {
        Date::from_day_number(self.day_number().checked_sub(days)?)
    }

    /// The date in French words: `8 février 2026`, `1er décembre 2021`.
    pub fn in_words(self) -> String {
        let month = month_name(self.month());
        match self.day() {
            1 => format!("1er {month} {}", self.year()),
            day => format!("{day} {month} {}", self.year()),
        }
    }
}

impl fmt::Display for Date {
    /// `JJ/MM/AAAA`, as reasons write dates.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:02}/{}", self.day(), self.month(), self.year())
    }
}

impl fmt::Debug for Date {
    /// `AAAA-MM-JJ`, as case files write dates.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        crate::case_file::date(&text).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{self:?}"))
    }
}

/// Whether `year` is a leap year of the Gregorian calendar.
#[inline]
pub fn is_leap_year(year: i32) -> bool {
    (year.rem_euclid(4) == 0 && year.rem_euclid(100) != 0) || year.rem_euclid(400) == 0
}

/// Days in `month` (1 to 12) of `year`; 0 for a month that does not exist.
#[inline]
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The French name of `month` (1 to 12, `décembre` past 12): `janvier` … `décembre`.
pub fn month_name(month: u32) -> &'static str {
    match month {
        0 | 1 => "janvier",
        2 => "février",
        3 => "mars",
        4 => "avril",
        5 => "mai",
        6 => "juin",
        7 => "juillet",
        8 => "août",
        9 => "septembre",
        10 => "octobre",
        11 => "novembre",
        _ => "décembre",
    }
}

/// Completed days from `birth` to `date` (negative when `date` comes first).
#[inline]
pub fn age_in_days(birth: Date, date: Date) -> i64 {
    date.day_number().saturating_sub(birth.day_number())
}

/// Completed calendar months from `birth` to `date`: a month is completed on the day of the
/// month of the birth (born on the 31st, a month is completed on the 31st only). Worked out
/// without a jump from the packed dates ([`Date::month_steps`]).
#[inline]
pub fn age_in_months(birth: Date, date: Date) -> i64 {
    // Whole steps of 32 between the two: the months, less one when the day is not reached.
    month_steps_between(birth, date)
        .checked_shr(MONTH_SHIFT)
        .unwrap_or(0)
}

/// The difference of two dates counted in steps of 32 a month ([`Date::month_steps`]): floored
/// to a multiple of [`MONTH_STEP`], it is that many times the months completed from `birth` to
/// `date` ([`age_in_months`]), so an age in months is compared with a number of months as these
/// steps with that number times [`MONTH_STEP`], without dividing.
#[inline]
pub fn month_steps_between(birth: Date, date: Date) -> i64 {
    // Exact: both are below 2^31 in size ([`Date::month_steps`]).
    date.month_steps().wrapping_sub(birth.month_steps())
}

/// The steps of [`month_steps_between`] in one month.
pub const MONTH_STEP: i64 = 1i64.wrapping_shl(MONTH_SHIFT);

/// Completed calendar years from `birth` to `date` (born on the 29th of February, a year is
/// completed on the 1st of March of a common year).
#[inline]
pub fn age_in_years(birth: Date, date: Date) -> i64 {
    age_in_months(birth, date)
        .checked_div_euclid(12)
        .unwrap_or(0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn date(year: i32, month: u32, day: u32) -> Date {
        Date::from_ymd(year, month, day).unwrap()
    }

    /// The day after, computed by hand from the lengths of months.
    fn next_day((year, month, day): (i32, u32, u32)) -> (i32, u32, u32) {
        if day < days_in_month(year, month) {
            (year, month, day + 1)
        } else if month < 12 {
            (year, month + 1, 1)
        } else {
            (year + 1, 1, 1)
        }
    }

    fn parts(date: Date) -> (i32, u32, u32) {
        (date.year(), date.month(), date.day())
    }

    #[test]
    fn a_month_in_its_year_is_counted_from_1_and_any_other_year_gives_0() {
        for year in [Date::MIN_YEAR, -1, 0, 1, 2024, 2025, Date::MAX_YEAR] {
            for month in 1..=12 {
                for day in [1, days_in_month(year, month)] {
                    let Some(at) = Date::from_ymd(year, month, day) else {
                        continue;
                    };
                    assert_eq!(at.month_in(year), month as usize, "{year}-{month}-{day}");
                    for other in [
                        year.wrapping_sub(1),
                        year.wrapping_add(1),
                        i32::MIN,
                        i32::MAX,
                    ] {
                        if other != year {
                            assert_eq!(at.month_in(other), 0, "{year}-{month}-{day} in {other}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_date_moves_by_whole_years() {
        let d = |y, m, day| Date::from_ymd(y, m, day).unwrap();
        assert_eq!(d(2025, 3, 9).add_years(1), Some(d(2026, 3, 9)));
        assert_eq!(d(2024, 2, 29).add_years(1), Some(d(2025, 2, 28)));
        assert_eq!(d(2024, 2, 29).add_years(4), Some(d(2028, 2, 29)));
        assert_eq!(d(2025, 12, 31).add_years(-2), Some(d(2023, 12, 31)));
        assert_eq!(d(2025, 1, 1).add_years(i32::MAX), None);
    }

    /// Every day of years 1 to 9999, in order: packing and unpacking, the order, day numbers
    /// (one apart from one day to the next, and back), and the text, for each.
    #[test]
    fn every_day_of_years_1_to_9999_round_trips() {
        let mut day = (1, 1, 1);
        let mut previous: Option<Date> = None;
        let mut count = 0i64;
        while day.0 <= 9999 {
            let packed = date(day.0, day.1, day.2);
            assert_eq!(parts(packed), day);
            let number = packed.day_number();
            assert_eq!(Date::from_day_number(number), Some(packed), "{day:?}");
            if let Some(previous) = previous {
                assert!(previous < packed, "{previous:?} before {packed:?}");
                assert_eq!(previous.day_number() + 1, number, "{day:?}");
                assert_eq!(previous.add_days(1), Some(packed));
                assert_eq!(packed.days_before(1), Some(previous));
            }
            if day.2 == 1 || day.2 >= 28 {
                let text = format!("{packed:?}");
                assert_eq!(Date::parse(&text), Some(packed), "{text}");
            }
            previous = Some(packed);
            count += 1;
            day = next_day(day);
        }
        // 9999 years of 365 days, and a leap day every 4 years but 3 in 400.
        assert_eq!(count, 9999 * 365 + 9999 / 4 - 9999 / 100 + 9999 / 400);
        assert_eq!(
            date(9999, 12, 31).day_number() - date(1, 1, 1).day_number() + 1,
            count
        );
    }

    #[test]
    fn day_numbers_count_from_the_1st_of_march_of_year_0() {
        assert_eq!(date(0, 3, 1).day_number(), 0);
        assert_eq!(date(0, 2, 29).day_number(), -1);
        assert_eq!(
            date(2025, 3, 1).day_number() - date(2025, 2, 28).day_number(),
            1
        );
        assert_eq!(
            date(2024, 3, 1).day_number() - date(2024, 2, 28).day_number(),
            2
        );
        assert_eq!(
            date(2026, 1, 1).day_number() - date(2025, 1, 1).day_number(),
            365
        );
        assert_eq!(
            date(2025, 1, 1).day_number() - date(2024, 1, 1).day_number(),
            366
        );
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        for (year, leap) in [
            (1600, true),
            (1700, false),
            (1800, false),
            (1900, false),
            (2000, true),
            (2023, false),
            (2024, true),
            (2025, false),
            (2100, false),
            (2400, true),
            (0, true),
            (-4, true),
            (-100, false),
            (-400, true),
            (-1, false),
        ] {
            assert_eq!(is_leap_year(year), leap, "{year}");
            assert_eq!(Date::from_ymd(year, 2, 29).is_some(), leap, "{year}");
            assert_eq!(days_in_month(year, 2), if leap { 29 } else { 28 });
        }
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2025-02-29").is_none());
        assert!(Date::parse("1900-02-29").is_none());
        assert!(Date::parse("2000-02-29").is_some());
    }

    #[test]
    fn dates_that_do_not_exist_are_refused() {
        for (year, month, day) in [
            (2025, 0, 1),
            (2025, 13, 1),
            (2025, 1, 0),
            (2025, 1, 32),
            (2025, 4, 31),
            (2025, 6, 31),
            (2025, 9, 31),
            (2025, 11, 31),
            (Date::MAX_YEAR + 1, 1, 1),
            (Date::MIN_YEAR - 1, 12, 31),
        ] {
            assert_eq!(
                Date::from_ymd(year, month, day),
                None,
                "{year}-{month}-{day}"
            );
        }
        for month in 1..=12 {
            assert!(Date::from_ymd(2025, month, days_in_month(2025, month)).is_some());
            assert!(Date::from_ymd(2025, month, days_in_month(2025, month) + 1).is_none());
        }
        assert_eq!(days_in_month(2025, 0), 0);
        assert_eq!(days_in_month(2025, 13), 0);
    }

    #[test]
    fn case_files_write_years_1_to_9999() {
        assert_eq!(Date::parse("0001-01-01"), Some(date(1, 1, 1)));
        assert_eq!(Date::parse("9999-12-31"), Some(date(9999, 12, 31)));
        assert_eq!(Date::parse(" 2025-05-12 "), Some(date(2025, 5, 12)));
        assert_eq!(Date::parse("2025-5-2"), Some(date(2025, 5, 2)));
        for text in [
            "0000-12-31",
            "10000-01-01",
            "-2025-01-01",
            "2025-01",
            "2025-01-01-01",
            "2025/01/01",
            "",
            "aaaa-mm-jj",
            "2025-01-01T00:00",
        ] {
            assert_eq!(Date::parse(text), None, "{text:?}");
        }
    }

    /// The packed range's ends: the first and last days, the years around 0, and the ends of
    /// every month there.
    #[test]
    fn the_ends_of_the_range_pack_and_number_exactly() {
        assert_eq!(parts(Date::MIN), (Date::MIN_YEAR, 1, 1));
        // A date after a deadline, only when both are given.
        let (early, late) = (Date::from_ymd(2024, 12, 31), Date::from_ymd(2025, 1, 1));
        assert!(Date::given_after(late, early));
        assert!(!Date::given_after(early, early));
        assert!(!Date::given_after(early, late));
        assert!(!Date::given_after(None, early));
        assert!(!Date::given_after(late, None));
        assert!(Date::given_after(Some(Date::MAX), Some(Date::MIN)));
        assert_eq!(parts(Date::MAX), (Date::MAX_YEAR, 12, 31));
        assert_eq!(Date::MIN_YEAR, -4_194_304);
        assert_eq!(Date::MAX_YEAR, 4_194_303);
        for year in [
            Date::MIN_YEAR,
            Date::MIN_YEAR + 1,
            -401,
            -400,
            -1,
            0,
            1,
            399,
            400,
            Date::MAX_YEAR - 1,
            Date::MAX_YEAR,
        ] {
            let mut previous: Option<Date> = None;
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    let packed = date(year, month, day);
                    assert_eq!(parts(packed), (year, month, day));
                    assert_eq!(Date::from_day_number(packed.day_number()), Some(packed));
                    if let Some(previous) = previous {
                        assert!(previous < packed);
                        assert_eq!(previous.day_number() + 1, packed.day_number());
                    }
                    previous = Some(packed);
                }
            }
        }
        assert_eq!(Date::from_day_number(Date::MIN.day_number() - 1), None);
        assert_eq!(Date::from_day_number(Date::MAX.day_number() + 1), None);
        assert_eq!(Date::MAX.add_days(1), None);
        assert_eq!(Date::MIN.days_before(1), None);
        assert_eq!(Date::MIN.days_before(i64::MIN), None);
        assert_eq!(Date::MAX.add_days(i64::MAX), None);
        assert_eq!(Date::from_day_number(i64::MIN), None);
        assert_eq!(Date::from_day_number(i64::MAX), None);
        assert!(date(-1, 12, 31) < date(0, 1, 1));
        assert!(date(Date::MIN_YEAR, 12, 31) < date(Date::MIN_YEAR + 1, 1, 1));
    }

    #[test]
    fn dates_take_four_bytes_with_or_without_a_value() {
        assert_eq!(std::mem::size_of::<Date>(), 4);
        assert_eq!(std::mem::size_of::<Option<Date>>(), 4);
    }

    #[test]
    fn first_and_last_days() {
        assert_eq!(Date::first_of_year(2025), date(2025, 1, 1));
        assert_eq!(Date::last_of_year(2025), date(2025, 12, 31));
        assert_eq!(Date::first_of_month(2025, 6), date(2025, 6, 1));
        assert_eq!(Date::last_of_month(2024, 2), date(2024, 2, 29));
        assert_eq!(Date::last_of_month(2025, 2), date(2025, 2, 28));
        assert_eq!(Date::last_of_month(2025, 4), date(2025, 4, 30));
        // Out of range, brought within it: still days that exist.
        assert_eq!(Date::first_of_month(2025, 13), date(2025, 12, 1));
        assert_eq!(Date::first_of_month(2025, 0), date(2025, 1, 1));
        assert_eq!(Date::first_of_year(i32::MAX), date(Date::MAX_YEAR, 1, 1));
        assert_eq!(Date::last_of_year(i32::MAX), Date::MAX);
        assert_eq!(Date::first_of_year(i32::MIN), Date::MIN);
    }

    #[test]
    fn ages_in_days_months_and_years() {
        let birth = date(2025, 1, 31);
        assert_eq!(age_in_days(birth, date(2025, 3, 1)), 29);
        assert_eq!(age_in_days(date(2024, 1, 31), date(2024, 3, 1)), 30);
        assert_eq!(age_in_days(date(2025, 3, 1), birth), -29);
        // Born on the 31st: no month is completed before the 31st comes.
        assert_eq!(age_in_months(birth, date(2025, 2, 28)), 0);
        assert_eq!(age_in_months(birth, date(2025, 3, 30)), 1);
        assert_eq!(age_in_months(birth, date(2025, 3, 31)), 2);
        assert_eq!(age_in_months(date(2025, 5, 12), date(2025, 8, 11)), 2);
        assert_eq!(age_in_months(date(2025, 5, 12), date(2025, 8, 12)), 3);
        // Born on the 29th of February.
        let leap = date(2024, 2, 29);
        assert_eq!(age_in_years(leap, date(2025, 2, 28)), 0);
        assert_eq!(age_in_years(leap, date(2025, 3, 1)), 1);
        assert_eq!(age_in_years(leap, date(2028, 2, 29)), 4);
        assert_eq!(age_in_years(date(1950, 6, 15), date(2025, 6, 14)), 74);
        assert_eq!(age_in_years(date(1950, 6, 15), date(2025, 6, 15)), 75);
        // Before the birth: counted down, whole years floored.
        assert_eq!(age_in_months(date(2025, 6, 15), date(2025, 6, 14)), -1);
        assert_eq!(age_in_years(date(2025, 6, 15), date(2025, 6, 14)), -1);
        assert_eq!(
            age_in_days(Date::MIN, Date::MAX),
            Date::MAX.day_number() - Date::MIN.day_number()
        );
    }

    /// The months completed worked out from the packed dates are those counted from the
    /// years, months and days, on random pairs and on the month ends and leap days.
    #[test]
    fn ages_in_months_from_packed_dates_are_counted_as_in_the_calendar() {
        let counted = |birth: Date, on: Date| {
            let months = i64::from(on.year() - birth.year()) * 12 + i64::from(on.month())
                - i64::from(birth.month());
            months - i64::from(on.day() < birth.day())
        };
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut draw = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let mut pairs = Vec::new();
        while pairs.len() < 20_000 {
            let mut one = || {
                let year = 1890 + i32::try_from(draw(200)).unwrap();
                Date::from_ymd(year, 1 + draw(12) as u32, 1 + draw(31) as u32)
            };
            if let (Some(a), Some(b)) = (one(), one()) {
                pairs.push((a, b));
            }
        }
        let edges = [
            date(2024, 2, 29),
            date(2025, 2, 28),
            date(2025, 3, 31),
            date(2025, 1, 31),
            date(2025, 4, 30),
            date(2000, 2, 29),
            date(-4, 12, 31),
        ];
        for a in edges {
            for b in edges {
                pairs.push((a, b));
            }
        }
        pairs.push((Date::MIN, Date::MAX));
        pairs.push((Date::MAX, Date::MIN));
        for (birth, on) in pairs {
            assert_eq!(
                age_in_months(birth, on),
                counted(birth, on),
                "{birth:?} → {on:?}"
            );
        }
    }

    /// An age in days gives back the birth: `days_before` and `age_in_days` are inverse.
    #[test]
    fn days_before_and_ages_in_days_are_inverse() {
        let act = date(2025, 9, 15);
        for days in 0..=60_000 {
            let birth = act.days_before(days).unwrap();
            assert_eq!(age_in_days(birth, act), days);
            assert_eq!(birth.add_days(days), Some(act));
        }
        assert_eq!(date(2025, 3, 1).days_before(1), Some(date(2025, 2, 28)));
        assert_eq!(date(2024, 3, 1).days_before(1), Some(date(2024, 2, 29)));
        assert_eq!(date(2025, 1, 1).days_before(1), Some(date(2024, 12, 31)));
        assert_eq!(date(1, 1, 1).days_before(1), Some(date(0, 12, 31)));
    }

    #[test]
    fn dates_print_read_and_serialise() {
        let day = date(2025, 5, 2);
        assert_eq!(day.to_string(), "02/05/2025");
        assert_eq!(format!("{day:?}"), "2025-05-02");
        assert_eq!(day.in_words(), "2 mai 2025");
        assert_eq!(date(2021, 12, 1).in_words(), "1er décembre 2021");
        assert_eq!(date(2026, 2, 8).in_words(), "8 février 2026");
        assert_eq!(serde_json::to_string(&day).unwrap(), "\"2025-05-02\"");
        assert_eq!(serde_json::from_str::<Date>("\"2025-05-02\"").unwrap(), day);
        let error = serde_json::from_str::<Date>("\"2025-02-30\"").unwrap_err();
        assert!(
            error.to_string().contains(
                "attendu une date `AAAA-MM-JJ` qui existe, années 1 à 9999, trouvé `2025-02-30`"
            ),
            "{error}"
        );
        assert!(serde_json::from_str::<Date>("20250502").is_err());
        let names: Vec<&str> = (1..=12).map(month_name).collect();
        assert_eq!(names[0], "janvier");
        assert_eq!(names[7], "août");
        assert_eq!(names[11], "décembre");
    }
}
