//! Working-day calendar: Vietnamese lunar calendar (UTC+7), public holidays versioned by the
//! holiday law in force, decreed per-year adjustments, and working-day arithmetic (VER-02).
//!
//! Why it exists: the regulations set many deadlines in working days (ngày làm việc), and a
//! deadline that ignores Tết or a swapped Saturday is wrong by up to a week (VER-02). Public
//! holidays follow the lunar calendar (CAL-01), the law that lists them changes (CAL-03), and
//! every year the government moves days off and working days around (CAL-02), so the
//! calendar is three layers:
//!
//! 1. [`lunar`]: the lunar calendar, computed from astronomy for UTC+7 — not copied from a
//!    Chinese (UTC+8) table, which puts Tết on another day in some years.
//! 2. [`mod@holidays`]: the days off the law in force gives for a year (computed), replaced by
//!    the decreed days where they are known (built in for 2013–2027) or entered by an
//!    administrator ([`YearAdjustments`]).
//! 3. [`working_days`]: a [`WorkingCalendar`] built once for a span of years, answering
//!    "is this a working day" and "which day is the n-th working day after this one".
//!
//! # Conventions
//! - Everything is pure: dates come in as arguments, reference data is compiled in.
//! - Supported years: the lunar calendar converts solar dates 1900–2199
//!   ([`lunar::FIRST_YEAR`]..=[`lunar::LAST_YEAR`]); holidays and working days cover
//!   2013–2199 ([`HOLIDAY_FIRST_YEAR`]..=[`HOLIDAY_LAST_YEAR`]), because the holiday lists
//!   of the earlier labour codes are not encoded. Outside these ranges every function
//!   returns a typed error instead of a guess.
//! - Deadlines (VER-02): the day of the triggering event does not count; the deadline is the
//!   n-th working day after it. See [`WorkingCalendar`].

pub mod holidays;
pub mod lunar;
pub mod working_days;

use time::{Date, Month};

pub use holidays::{
    builtin_adjustments, computed_holidays, holiday_law, holidays, swapped_working_days, Holiday,
    HolidayKind, HolidayLaw, SwappedWorkingDay, YearAdjustments, HOLIDAY_FIRST_YEAR,
    HOLIDAY_LAST_YEAR,
};
pub use lunar::{from_lunar, tet, to_lunar, LunarDate};
pub use working_days::WorkingCalendar;

/// Everything that can go wrong in the calendar. Each variant carries the values a
/// Vietnamese message needs (the date, the year, the supported range…); the web crate
/// words them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// Text that is not a calendar date ("31/02/2025", "2025-13-01", "hôm qua").
    #[error("not a valid date: {input:?} (expected {expected})")]
    BadDate {
        input: String,
        /// The expected format, e.g. "dd/mm/yyyy".
        expected: &'static str,
    },
    #[error("year {year} is outside the supported range {min}..={max}")]
    YearOutOfRange { year: i32, min: i32, max: i32 },
    #[error("date {date} is outside the supported range {min}..={max}")]
    DateOutOfRange { date: Date, min: Date, max: Date },
    /// A lunar date that does not exist: month 13, day 30 of a 29-day month, a leap month in
    /// a year whose leap month is another one.
    #[error("no such lunar date: day {day} of month {month} (leap: {leap}) of lunar year {year}")]
    NoSuchLunarDate {
        year: i32,
        month: u8,
        day: u8,
        leap: bool,
    },
    /// The same date appears twice among the days off, or twice among the working days.
    #[error("{date} is listed more than once in the adjustments for {year}")]
    DuplicateDate { date: Date, year: i32 },
    /// A date cannot be both a day off and a (swapped) working day.
    #[error("{date} is both a day off and a working day")]
    DayOffAndWorkingDay { date: Date },
    /// Adjustments for a year may only name dates of that year.
    #[error("{date} is not in year {year}")]
    DateOutsideYear { date: Date, year: i32 },
    /// A swapped working day replaces a Saturday or Sunday; a weekday already is one.
    #[error("{date} is not a Saturday or Sunday, so it cannot be made a working day")]
    WorkingDayNotWeekend { date: Date },
    #[error("adjustments for {found} were given for year {expected}")]
    AdjustmentYearMismatch { expected: i32, found: i32 },
    #[error("empty span of years {first}..={last}")]
    EmptyYearSpan { first: i32, last: i32 },
    /// The deadline falls after the last day the calendar was built for: build it for more
    /// years.
    #[error(
        "the {working_days}th working day after {from} lies beyond {last}, the end of the calendar"
    )]
    BeyondCalendar {
        from: Date,
        working_days: u32,
        last: Date,
    },
    #[error("adjustments for {year} were given more than once")]
    DuplicateAdjustments { year: i32 },
    /// The compiled-in reference data is malformed (caught by the tests, never by users).
    #[error("reference data, line {line}: {reason}")]
    BadReferenceData { line: usize, reason: String },
}

/// Parses an ISO date `yyyy-mm-dd` (as in forms and APIs), rejecting dates that do not
/// exist, such as `2025-02-31`.
pub fn parse_iso_date(input: &str) -> Result<Date, CalendarError> {
    const EXPECTED: &str = "yyyy-mm-dd";
    let bad = || CalendarError::BadDate {
        input: input.to_owned(),
        expected: EXPECTED,
    };
    let mut parts = input.trim().split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    build_date(y, m, d).ok_or_else(bad)
}

/// Parses a date written the Vietnamese way, `dd/mm/yyyy` (one-digit day and month
/// accepted: "2/9/2025"), rejecting dates that do not exist, such as `31/02/2025`.
pub fn parse_vn_date(input: &str) -> Result<Date, CalendarError> {
    const EXPECTED: &str = "dd/mm/yyyy";
    let bad = || CalendarError::BadDate {
        input: input.to_owned(),
        expected: EXPECTED,
    };
    let mut parts = input.trim().split('/');
    let (Some(d), Some(m), Some(y), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
        return Err(bad());
    }
    build_date(y, m, d).ok_or_else(bad)
}

/// Formats a date the Vietnamese way, `dd/mm/yyyy`, as in names of swapped days.
pub fn format_vn_date(date: Date) -> String {
    format!(
        "{:02}/{:02}/{:04}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

fn build_date(y: &str, m: &str, d: &str) -> Option<Date> {
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(y) && all_digits(m) && all_digits(d)) {
        return None;
    }
    let year: i32 = y.parse().ok()?;
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    let day: u8 = d.parse().ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn parses_iso_and_vn_dates() {
        assert_eq!(parse_iso_date("2025-09-02"), Ok(date!(2025 - 09 - 02)));
        assert_eq!(parse_vn_date("02/09/2025"), Ok(date!(2025 - 09 - 02)));
        assert_eq!(parse_vn_date(" 2/9/2025 "), Ok(date!(2025 - 09 - 02)));
        assert_eq!(parse_vn_date("29/02/2024"), Ok(date!(2024 - 02 - 29)));
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for bad in [
            "2025-02-31",
            "2025-13-01",
            "2025-2-1",
            "+2025-01-01",
            "2025-01-01-",
            "",
            "hôm qua",
        ] {
            assert!(
                matches!(
                    parse_iso_date(bad),
                    Err(CalendarError::BadDate {
                        expected: "yyyy-mm-dd",
                        ..
                    })
                ),
                "{bad}"
            );
        }
        for bad in [
            "31/02/2025",
            "29/02/2025",
            "00/01/2025",
            "1/13/2025",
            "01/01/25",
            "1/1/+202",
            "2025-01-01",
            "1//2025",
        ] {
            assert!(
                matches!(
                    parse_vn_date(bad),
                    Err(CalendarError::BadDate {
                        expected: "dd/mm/yyyy",
                        ..
                    })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn formats_vn_dates() {
        assert_eq!(format_vn_date(date!(2025 - 09 - 02)), "02/09/2025");
    }
}
