//! Working-day arithmetic for deadlines written in working days (VER-02).
//!
//! Why a prepared calendar: a deadline check may run for every record on a page, while the
//! holidays of a year take lunar computations and a merge with decreed data. The calendar is
//! therefore resolved once for a span of years into a running count of working days, and
//! every query is an index or a binary search.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;

use time::{Date, Duration, Month};

use super::holidays::{self, is_weekend, Holiday, SwappedWorkingDay, YearAdjustments};
use super::CalendarError;

/// Working days over a span of whole years (VER-02).
///
/// # Conventions
/// - A working day is a Monday–Friday that is not a day off, or a Saturday/Sunday that the
///   government made a working day (CAL-02). Days off are those of
///   [`holidays::holidays`]: decreed data where known, computed holidays elsewhere.
/// - [`add_working_days`](Self::add_working_days)`(event, n)` is the deadline "within n
///   working days of the event": the event's own day never counts, even when it is a working
///   day, and the result is the n-th working day after it (the event itself for n = 0).
/// - [`working_days_between`](Self::working_days_between)`(a, b)` counts the working days d
///   with a < d ≤ b, so that `add_working_days(a, n) == b` implies
///   `working_days_between(a, b) == n`. It is negative, −count(b < d ≤ a), when b < a.
/// - Dates outside the span give an error, never a guess.
#[derive(Debug, Clone)]
pub struct WorkingCalendar {
    first: Date,
    last: Date,
    /// `cumulative[i]` = number of working days among the first `i` days of the span.
    cumulative: Vec<u32>,
    holidays: Vec<Holiday>,
    swapped: Vec<SwappedWorkingDay>,
}

impl WorkingCalendar {
    /// Builds the calendar for `years` (within 2013–2199). `adjustments` are the decreed
    /// days an administrator entered (CAL-02); a year without an entry uses the built-in
    /// decreed days (2013–2027) or the computed holidays. Entries for years outside the span
    /// are ignored; two entries for one year are an error.
    pub fn new(
        years: RangeInclusive<i32>,
        adjustments: &[YearAdjustments],
    ) -> Result<Self, CalendarError> {
        let (first_year, last_year) = (*years.start(), *years.end());
        if first_year > last_year {
            return Err(CalendarError::EmptyYearSpan {
                first: first_year,
                last: last_year,
            });
        }
        let mut by_year: BTreeMap<i32, &YearAdjustments> = BTreeMap::new();
        for adj in adjustments {
            if by_year.insert(adj.year, adj).is_some() {
                return Err(CalendarError::DuplicateAdjustments { year: adj.year });
            }
        }
        let mut all_holidays = Vec::new();
        let mut swapped = Vec::new();
        for year in years {
            let (h, w) = holidays::resolve(year, by_year.get(&year).copied())?;
            all_holidays.extend(h);
            swapped.extend(w);
        }
        let out_of_range = |year| CalendarError::YearOutOfRange {
            year,
            min: holidays::HOLIDAY_FIRST_YEAR,
            max: holidays::HOLIDAY_LAST_YEAR,
        };
        let first = Date::from_calendar_date(first_year, Month::January, 1)
            .map_err(|_| out_of_range(first_year))?;
        let last = Date::from_calendar_date(last_year, Month::December, 31)
            .map_err(|_| out_of_range(last_year))?;

        let off: BTreeSet<Date> = all_holidays.iter().map(|h| h.date).collect();
        let worked: BTreeSet<Date> = swapped.iter().map(|w| w.date).collect();
        let days = usize::try_from(last.to_julian_day() - first.to_julian_day() + 1).unwrap_or(0);
        let mut cumulative = Vec::with_capacity(days + 1);
        cumulative.push(0u32);
        let mut count = 0u32;
        let mut date = first;
        for _ in 0..days {
            // VER-02: weekends and holidays are not working days, swapped days are.
            let working = !off.contains(&date) && (!is_weekend(date) || worked.contains(&date));
            count += u32::from(working);
            cumulative.push(count);
            date += Duration::days(1);
        }
        Ok(Self {
            first,
            last,
            cumulative,
            holidays: all_holidays,
            swapped,
        })
    }

    /// The calendar with the built-in decreed days and computed holidays only.
    pub fn builtin(years: RangeInclusive<i32>) -> Result<Self, CalendarError> {
        Self::new(years, &[])
    }

    /// First day covered (1 January of the first year).
    pub fn first_day(&self) -> Date {
        self.first
    }

    /// Last day covered (31 December of the last year).
    pub fn last_day(&self) -> Date {
        self.last
    }

    /// VER-02: Monday–Friday except days off, plus swapped Saturdays/Sundays.
    pub fn is_working_day(&self, date: Date) -> Result<bool, CalendarError> {
        let i = self.index(date)?;
        Ok(self.cumulative[i + 1] > self.cumulative[i])
    }

    /// The deadline n working days after `event` (VER-02): the event's day does not count,
    /// the result is the n-th working day after it; `n = 0` gives `event` itself.
    pub fn add_working_days(&self, event: Date, n: u32) -> Result<Date, CalendarError> {
        let i = self.index(event)?;
        if n == 0 {
            return Ok(event);
        }
        let target = u64::from(self.cumulative[i + 1]) + u64::from(n);
        // First p with cumulative[p] >= target; the day index is p - 1.
        let p = self.cumulative.partition_point(|&c| u64::from(c) < target);
        if p >= self.cumulative.len() {
            return Err(CalendarError::BeyondCalendar {
                from: event,
                working_days: n,
                last: self.last,
            });
        }
        Ok(self.first + Duration::days(i64::try_from(p - 1).unwrap_or(0)))
    }

    /// Working days d with a < d ≤ b (VER-02); negative when b < a, so that
    /// `between(a, b) + between(b, c) == between(a, c)`.
    pub fn working_days_between(&self, a: Date, b: Date) -> Result<i64, CalendarError> {
        let (ia, ib) = (self.index(a)?, self.index(b)?);
        Ok(i64::from(self.cumulative[ib + 1]) - i64::from(self.cumulative[ia + 1]))
    }

    /// The day off on a date, if any (to say why a day does not count).
    pub fn holiday_on(&self, date: Date) -> Option<&Holiday> {
        self.holidays
            .binary_search_by_key(&date, |h| h.date)
            .ok()
            .map(|i| &self.holidays[i])
    }

    /// All days off of the span, sorted.
    pub fn holidays(&self) -> &[Holiday] {
        &self.holidays
    }

    /// All swapped working days of the span, sorted.
    pub fn swapped_working_days(&self) -> &[SwappedWorkingDay] {
        &self.swapped
    }

    fn index(&self, date: Date) -> Result<usize, CalendarError> {
        if date < self.first || date > self.last {
            return Err(CalendarError::DateOutOfRange {
                date,
                min: self.first,
                max: self.last,
            });
        }
        usize::try_from(date.to_julian_day() - self.first.to_julian_day()).map_err(|_| {
            CalendarError::DateOutOfRange {
                date,
                min: self.first,
                max: self.last,
            }
        })
    }
}
