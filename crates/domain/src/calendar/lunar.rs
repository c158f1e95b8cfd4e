//! The Vietnamese lunisolar calendar (âm lịch), computed from astronomy for UTC+7 (CAL-01).
//!
//! Why compute instead of copying a table: Tết and Giỗ Tổ Hùng Vương are public holidays
//! (CAL-01), and the usual published tables are Chinese ones, computed for UTC+8. A new moon
//! that falls between 23:00 and 24:00 Beijing time falls on the previous day in Hà Nội, so the
//! two calendars differ in some years (Tết 1985: 21/1 in Vietnam, 20/2 in China; Tết 2007:
//! 17/2 in Vietnam, 18/2 in China).
//!
//! # Rules
//! - A month starts on the local (UTC+7) civil day of an astronomical new moon.
//! - Month 11 is the month containing the winter solstice (sun at 270°), dated in UTC+7.
//! - If 13 months separate two months 11, the first month after month 11 that contains no
//!   major solar term (trung khí: sun longitude a multiple of 30°) is a leap month; it repeats
//!   the number of the month before it.
//! - Solar terms and new moons are compared at day granularity: a month contains a term if
//!   the term's UTC+7 date lies between the month's first and last day.
//!
//! # Astronomy
//! New moons: the Meeus series for the mean lunation with the periodic and planetary
//! corrections (error well under a minute). Sun longitude: the Meeus low-precision solar
//! model with nutation and aberration (about 0.01°, i.e. minutes of time). Dynamical time is
//! turned into universal time with the Espenak–Meeus polynomials for ΔT.
//!
//! # Range and convention before 1968
//! Solar dates from 1900-01-01 to 2199-12-31 are accepted. The results are tested to match
//! the Vietnamese calendar for 1968–2100 (`data/tet-reference.csv`, plus the decreed Tết and
//! Giỗ Tổ days 2013–2027). Before 1968 the North (UTC+7) and the South (UTC+8) used different
//! calendars, so no single Vietnamese answer exists: chibo applies the UTC+7 computation
//! proleptically (the calendar of the North, and of all Vietnam since 1975).
//!
//! Where a new moon falls within a minute or two of local midnight the day depends on the
//! precision of the series and of ΔT. During development every month start 1900–2199 was
//! compared with a high-precision ephemeris (VSOP87/ELP): all agree except 1967-07-08 (new
//! moon 3 s after midnight, here 1967-07-07). The simpler series used by the common
//! Vietnamese lunar libraries differs from both at eight months whose new moon falls in the
//! last two minutes before midnight (1944-06, 2072-12, 2077-11, 2130-05, 2150-05, 2159-05,
//! Tết 2175 and 2199); chibo follows the sky. After about 2050 ΔT is extrapolated, so such
//! near-midnight months are a forecast.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use time::macros::date;
use time::Date;

use super::CalendarError;

/// Solar years (inclusive) whose dates can be converted.
pub const FIRST_YEAR: i32 = 1900;
/// Last solar year (inclusive) whose dates can be converted.
pub const LAST_YEAR: i32 = 2199;

/// Vietnam's civil time zone, in days.
const TZ_DAYS: f64 = 7.0 / 24.0;

/// A date in the Vietnamese lunar calendar. `leap` marks the day as belonging to the leap
/// month (tháng nhuận) that repeats `month`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LunarDate {
    /// The lunar year, named after the solar year in which its month 1 starts.
    pub year: i32,
    /// 1..=12; month 12 is "tháng Chạp", month 1 "tháng Giêng".
    pub month: u8,
    /// 1..=30.
    pub day: u8,
    pub leap: bool,
}

/// First solar date that can be converted.
pub const FIRST_DATE: Date = date!(1900 - 01 - 01);
/// Last solar date that can be converted.
pub const LAST_DATE: Date = date!(2199 - 12 - 31);

/// The lunar date of a solar date (CAL-01).
pub fn to_lunar(date: Date) -> Result<LunarDate, CalendarError> {
    check_range(date)?;
    let table = table();
    let jdn = date.to_julian_day();
    let idx = table.months.partition_point(|m| m.start <= jdn);
    // check_range guarantees table.months[0].start <= jdn < table.end.
    let m = table.months[idx.saturating_sub(1)];
    Ok(LunarDate {
        year: m.year,
        month: m.month,
        day: u8::try_from(jdn - m.start + 1).unwrap_or(0),
        leap: m.leap,
    })
}

/// The solar date of a lunar date. Fails if the month does not exist (e.g. a leap month in a
/// year without one), the day exceeds the month's length (29 or 30), or the result lies
/// outside the supported range.
pub fn from_lunar(lunar: LunarDate) -> Result<Date, CalendarError> {
    let no_such = || CalendarError::NoSuchLunarDate {
        year: lunar.year,
        month: lunar.month,
        day: lunar.day,
        leap: lunar.leap,
    };
    if !(1..=12).contains(&lunar.month) || lunar.day == 0 {
        return Err(no_such());
    }
    let table = table();
    let key = (lunar.year, lunar.month, lunar.leap);
    let idx = table
        .months
        .binary_search_by(|m| (m.year, m.month, m.leap).cmp(&key))
        .map_err(|_| no_such())?;
    let start = table.months[idx].start;
    let end = table.month_end(idx);
    let jdn = start + i32::from(lunar.day) - 1;
    if jdn >= end {
        return Err(no_such());
    }
    let date = Date::from_julian_day(jdn).map_err(|_| no_such())?;
    check_range(date)?;
    Ok(date)
}

/// Tết Nguyên đán of a lunar year: the solar date of day 1 of month 1 (CAL-01).
pub fn tet(year: i32) -> Result<Date, CalendarError> {
    check_year(year)?;
    from_lunar(LunarDate {
        year,
        month: 1,
        day: 1,
        leap: false,
    })
}

/// The leap month of a lunar year, if it has one (e.g. `Some(2)` for 2023, tháng 2 nhuận).
pub fn leap_month(year: i32) -> Result<Option<u8>, CalendarError> {
    check_year(year)?;
    Ok(table()
        .months
        .iter()
        .find(|m| m.year == year && m.leap)
        .map(|m| m.month))
}

/// Number of days (29 or 30) of a lunar month.
pub fn month_length(year: i32, month: u8, leap: bool) -> Result<u8, CalendarError> {
    let table = table();
    let idx = table
        .months
        .binary_search_by(|m| (m.year, m.month, m.leap).cmp(&(year, month, leap)))
        .map_err(|_| CalendarError::NoSuchLunarDate {
            year,
            month,
            day: 1,
            leap,
        })?;
    Ok(u8::try_from(table.month_end(idx) - table.months[idx].start).unwrap_or(0))
}

fn check_year(year: i32) -> Result<(), CalendarError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(CalendarError::YearOutOfRange {
            year,
            min: FIRST_YEAR,
            max: LAST_YEAR,
        })
    }
}

fn check_range(date: Date) -> Result<(), CalendarError> {
    let (min, max) = (FIRST_DATE, LAST_DATE);
    if date < min || date > max {
        Err(CalendarError::DateOutOfRange { date, min, max })
    } else {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The month table: computed once (a few thousand new moons), then every conversion is a
// binary search. Pure: nothing is read, only computed.

#[derive(Debug, Clone, Copy)]
struct MonthStart {
    /// Julian day number of the month's first day.
    start: i32,
    year: i32,
    month: u8,
    leap: bool,
}

#[derive(Debug)]
struct Table {
    /// Months in chronological order, which is also (year, month, leap) order.
    months: Vec<MonthStart>,
    /// Julian day number just after the last month.
    end: i32,
}

impl Table {
    fn month_end(&self, idx: usize) -> i32 {
        self.months.get(idx + 1).map_or(self.end, |m| m.start)
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(build_table)
}

fn build_table() -> Table {
    let mut months = Vec::with_capacity(13 * 305);
    // Lunar months 11 from December 1898 (covers 1 January 1900) to December 2200 (covers
    // 31 December 2199).
    let mut prev_k = month11_lunation(FIRST_YEAR - 2);
    for solar_year in (FIRST_YEAR - 1)..=(LAST_YEAR + 1) {
        let k = month11_lunation(solar_year);
        let count = k - prev_k;
        let leap_offset = if count == 13 {
            // The first month after month 11 without a major term. 13 months hold only 12
            // major terms, so one exists; the fallback only keeps the function total.
            (1..13)
                .find(|&i| {
                    term_sector(new_moon_day(prev_k + i))
                        == term_sector(new_moon_day(prev_k + i + 1))
                })
                .unwrap_or(12)
        } else {
            i64::MAX
        };
        let mut year = solar_year - 1;
        for i in 0..count {
            let number = if i >= leap_offset { i + 10 } else { i + 11 };
            let month = u8::try_from((number - 1) % 12 + 1).unwrap_or(1);
            let leap = i == leap_offset;
            if month == 1 && !leap {
                year = solar_year;
            }
            months.push(MonthStart {
                start: new_moon_day(prev_k + i),
                year,
                month,
                leap,
            });
        }
        prev_k = k;
    }
    Table {
        months,
        end: new_moon_day(prev_k),
    }
}

/// Lunation number (Meeus k, 0 = new moon of 6 January 2000) of the month 11 of a solar
/// year, i.e. the month that contains the December solstice.
fn month11_lunation(solar_year: i32) -> i64 {
    let dec31 = julian_day_number(solar_year, 12, 31);
    let mut k = ((f64::from(dec31) - 2_451_550.1) / 29.530_588_861).floor() as i64;
    while new_moon_day(k + 1) <= dec31 {
        k += 1;
    }
    while new_moon_day(k) > dec31 {
        k -= 1;
    }
    // The last new moon of December starts month 11 unless the solstice came before it.
    if sun_longitude_at_day_start(new_moon_day(k)) >= 270.0 {
        k - 1
    } else {
        k
    }
}

fn julian_day_number(year: i32, month: i32, day: i32) -> i32 {
    // Fliegel–Van Flandern, proleptic Gregorian.
    let a = (14 - month) / 12;
    let y = year + 4800 - a;
    let m = month + 12 * a - 3;
    day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
}

/// Sector (0..12) of the sun's apparent longitude at 00:00 UTC+7 of a day. A month contains
/// a major solar term exactly when the sector changes between its first day and the next
/// month's first day.
fn term_sector(jdn: i32) -> i32 {
    (sun_longitude_at_day_start(jdn) / 30.0).floor() as i32
}

/// Local (UTC+7) Julian day number of the day on which new moon `k` occurs.
fn new_moon_day(k: i64) -> i32 {
    let jde = new_moon_jde(k as f64);
    let jd_ut = jde - delta_t_seconds(jde) / 86_400.0;
    (jd_ut + TZ_DAYS + 0.5).floor() as i32
}

fn sun_longitude_at_day_start(jdn: i32) -> f64 {
    let jd_ut = f64::from(jdn) - 0.5 - TZ_DAYS;
    let jde = jd_ut + delta_t_seconds(jd_ut) / 86_400.0;
    sun_apparent_longitude(jde)
}

fn sin_deg(x: f64) -> f64 {
    x.to_radians().sin()
}

/// Julian Ephemeris Day of the true new moon of lunation `k` (Meeus, Astronomical
/// Algorithms, ch. 49).
fn new_moon_jde(k: f64) -> f64 {
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let t4 = t3 * t;
    let mean = 2_451_550.097_66 + 29.530_588_861 * k + 0.000_154_37 * t2 - 0.000_000_150 * t3
        + 0.000_000_000_73 * t4;
    let e = 1.0 - 0.002_516 * t - 0.000_007_4 * t2;
    let m = 2.5534 + 29.105_356_70 * k - 0.000_001_4 * t2 - 0.000_000_11 * t3;
    let mp =
        201.5643 + 385.816_935_28 * k + 0.010_758_2 * t2 + 0.000_012_38 * t3 - 0.000_000_058 * t4;
    let f =
        160.7108 + 390.670_502_84 * k - 0.001_611_8 * t2 - 0.000_002_27 * t3 + 0.000_000_011 * t4;
    let om = 124.7746 - 1.563_755_88 * k + 0.002_067_2 * t2 + 0.000_002_15 * t3;

    let periodic = -0.40720 * sin_deg(mp)
        + 0.17241 * e * sin_deg(m)
        + 0.01608 * sin_deg(2.0 * mp)
        + 0.01039 * sin_deg(2.0 * f)
        + 0.00739 * e * sin_deg(mp - m)
        - 0.00514 * e * sin_deg(mp + m)
        + 0.00208 * e * e * sin_deg(2.0 * m)
        - 0.00111 * sin_deg(mp - 2.0 * f)
        - 0.00057 * sin_deg(mp + 2.0 * f)
        + 0.00056 * e * sin_deg(2.0 * mp + m)
        - 0.00042 * sin_deg(3.0 * mp)
        + 0.00042 * e * sin_deg(m + 2.0 * f)
        + 0.00038 * e * sin_deg(m - 2.0 * f)
        - 0.00024 * e * sin_deg(2.0 * mp - m)
        - 0.00017 * sin_deg(om)
        - 0.00007 * sin_deg(mp + 2.0 * m)
        + 0.00004 * sin_deg(2.0 * mp - 2.0 * f)
        + 0.00004 * sin_deg(3.0 * m)
        + 0.00003 * sin_deg(mp + m - 2.0 * f)
        + 0.00003 * sin_deg(2.0 * mp + 2.0 * f)
        - 0.00003 * sin_deg(mp + m + 2.0 * f)
        + 0.00003 * sin_deg(mp - m + 2.0 * f)
        - 0.00002 * sin_deg(mp - m - 2.0 * f)
        - 0.00002 * sin_deg(3.0 * mp + m)
        + 0.00002 * sin_deg(4.0 * mp);

    let planetary = [
        (0.000_325, 299.77 + 0.107_408 * k - 0.009_173 * t2),
        (0.000_165, 251.88 + 0.016_321 * k),
        (0.000_164, 251.83 + 26.651_886 * k),
        (0.000_126, 349.42 + 36.412_478 * k),
        (0.000_110, 84.66 + 18.206_239 * k),
        (0.000_062, 141.74 + 53.303_771 * k),
        (0.000_060, 207.14 + 2.453_732 * k),
        (0.000_056, 154.84 + 7.306_860 * k),
        (0.000_047, 34.52 + 27.261_239 * k),
        (0.000_042, 207.19 + 0.121_824 * k),
        (0.000_040, 291.34 + 1.844_379 * k),
        (0.000_037, 161.72 + 24.198_154 * k),
        (0.000_035, 239.56 + 25.513_099 * k),
        (0.000_023, 331.55 + 3.592_518 * k),
    ]
    .iter()
    .map(|&(coef, arg)| coef * sin_deg(arg))
    .sum::<f64>();

    mean + periodic + planetary
}

/// Apparent geocentric longitude of the sun in degrees, 0..360 (Meeus ch. 25, low
/// precision).
fn sun_apparent_longitude(jde: f64) -> f64 {
    let t = (jde - 2_451_545.0) / 36_525.0;
    let t2 = t * t;
    let l0 = 280.466_46 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let m = 357.529_11 + 35_999.050_29 * t - 0.000_153_7 * t2;
    let c = (1.914_602 - 0.004_817 * t - 0.000_014 * t2) * sin_deg(m)
        + (0.019_993 - 0.000_101 * t) * sin_deg(2.0 * m)
        + 0.000_289 * sin_deg(3.0 * m);
    let omega = 125.04 - 1_934.136 * t;
    let lambda = l0 + c - 0.005_69 - 0.004_78 * sin_deg(omega);
    lambda.rem_euclid(360.0)
}

/// ΔT = TT − UT in seconds (Espenak & Meeus polynomials, valid 1900–2200; extrapolated
/// after 2005).
fn delta_t_seconds(jd: f64) -> f64 {
    let y = 2000.0 + (jd - 2_451_545.0) / 365.25;
    if y < 1920.0 {
        let t = y - 1900.0;
        -2.79 + 1.494_119 * t - 0.059_893_9 * t.powi(2) + 0.006_196_6 * t.powi(3)
            - 0.000_197 * t.powi(4)
    } else if y < 1941.0 {
        let t = y - 1920.0;
        21.20 + 0.844_93 * t - 0.076_100 * t.powi(2) + 0.002_093_6 * t.powi(3)
    } else if y < 1961.0 {
        let t = y - 1950.0;
        29.07 + 0.407 * t - t.powi(2) / 233.0 + t.powi(3) / 2547.0
    } else if y < 1986.0 {
        let t = y - 1975.0;
        45.45 + 1.067 * t - t.powi(2) / 260.0 - t.powi(3) / 718.0
    } else if y < 2005.0 {
        let t = y - 2000.0;
        63.86 + 0.3345 * t - 0.060_374 * t.powi(2)
            + 0.001_727_5 * t.powi(3)
            + 0.000_651_814 * t.powi(4)
            + 0.000_023_735_99 * t.powi(5)
    } else if y < 2050.0 {
        let t = y - 2000.0;
        62.92 + 0.322_17 * t + 0.005_589 * t.powi(2)
    } else if y < 2150.0 {
        let u = (y - 1820.0) / 100.0;
        -20.0 + 32.0 * u * u - 0.5628 * (2150.0 - y)
    } else {
        let u = (y - 1820.0) / 100.0;
        -20.0 + 32.0 * u * u
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeus_example_new_moon_1977() {
        // Meeus example 49.a: new moon of February 1977, k = -283, JDE 2443192.65118.
        let jde = new_moon_jde(-283.0);
        assert!((jde - 2_443_192.651_18).abs() < 0.000_1, "{jde}");
    }

    #[test]
    fn meeus_example_sun_1992() {
        // Meeus example 25.a: 1992 October 13.0 TD, apparent longitude 199.90895°.
        let lambda = sun_apparent_longitude(2_448_908.5);
        assert!((lambda - 199.908_95).abs() < 0.001, "{lambda}");
    }

    #[test]
    fn julian_day_number_matches_time_crate() {
        for (y, m, d) in [(1900, 1, 1), (2000, 2, 29), (2199, 12, 31), (1968, 1, 29)] {
            let date =
                Date::from_calendar_date(y, time::Month::try_from(m as u8).unwrap(), d as u8)
                    .unwrap();
            assert_eq!(julian_day_number(y, m, d), date.to_julian_day());
        }
    }

    #[test]
    fn range_ends_match_years() {
        assert_eq!(FIRST_DATE.year(), FIRST_YEAR);
        assert_eq!(LAST_DATE.year(), LAST_YEAR);
    }
}
