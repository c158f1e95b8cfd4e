//! Public holidays (ngày nghỉ lễ, tết) per year: the days the law in force gives (CAL-01,
//! CAL-03), replaced by the days actually decreed for that year where they are known
//! (CAL-02).
//!
//! Why two layers: the law fixes which holidays exist, but each year the government chooses
//! the Tết days, grants compensatory days (nghỉ bù) and swaps weekdays with Saturdays (nghỉ
//! hoán đổi / làm bù). The computed days are a faithful default for years nobody has entered
//! yet; decreed data, built in for 2013–2027 and entered by an administrator for other
//! years, is authoritative where it exists.
//!
//! # Conventions
//! - Holidays are known from 2007 ([`HOLIDAY_FIRST_YEAR`]); earlier years are rejected. The law
//!   is chosen per calendar year ([`HolidayLaw::for_year`]):
//!   - **2007–2012: Labour Code 1994 as amended in 2007, Art. 73** — 1/1, Tết (four days),
//!     Giỗ Tổ Hùng Vương 10/3 lunar (a day off from 2007), 30/4, 1/5, 2/9, one day each
//!     otherwise; "if these days fall on the weekly rest day, the worker takes the next day
//!     off" (the compensatory rule below, applied to Saturdays and Sundays as for civil
//!     servants since 1999).
//!   - **2013–2020: Labour Code 2012, Art. 115** (in force 1/5/2013): Tết five days. 2013 is
//!     taken whole under the 2012 code: its decree already gave Tết five days (the built-in
//!     2013 data), and the two codes agree on every other day of 2013.
//!   - **2021–2025: Labour Code 2019, Art. 112**: plus a day adjacent to 2/9.
//!   - **From 2026**: plus 24/11, Ngày Văn hóa Việt Nam.
//! - **What is approximate for 2007–2012.** No decreed data is built in for these years, so the
//!   computed days are used: Tết's four days are taken as the last day of the lunar year and
//!   the first three of the new one (the law said "four days" and each year's decision placed
//!   them, usually so); a weekend statutory day gives the next weekday off; the swaps and extra
//!   days the government decreed in those years (nghỉ hoán đổi, làm bù) are not known. Working-
//!   day deadlines over those years can therefore be a few days off. An administrator who
//!   enters a year's decreed days (CAL-02) replaces the computed ones.
//! - The day adjacent to Quốc khánh (Labour Code 2019: 2/9 "and one adjacent day, before or
//!   after") defaults to **1/9**, except that **3/9** is taken when 2/9 is a Thursday (3/9
//!   bridges to the weekend) or when 1/9 is a Sunday. This reproduces every decree of
//!   2021–2027; the decree for the year, when entered, wins.
//! - Compensatory days (Labour Code 2012 Art. 115.3, 2019 Art. 111.3): a statutory day off on
//!   a Saturday or Sunday gives a day off on the next weekday that is not already off.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month, Weekday};

use super::lunar::{self, LunarDate};
use super::{format_vn_date, CalendarError};

/// First year for which holidays (and therefore working days) are known: 2007, when the
/// amended Labour Code 1994 made Giỗ Tổ Hùng Vương a day off; its list is the oldest encoded
/// (computed only: decreed data is built in from 2013).
pub const HOLIDAY_FIRST_YEAR: i32 = 2007;
/// Last year for which holidays are known: the end of the lunar calendar's range.
pub const HOLIDAY_LAST_YEAR: i32 = lunar::LAST_YEAR;

/// The decreed days off 2013–2027 (English names), from the public `holidays` dataset.
const DECREED_CSV: &str = include_str!("../../data/vn-public-holidays-2013-2027.csv");

/// Why a date is a day off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    /// A day the holiday law lists (CAL-01, CAL-03), including the five Tết days.
    Statutory,
    /// Nghỉ bù: replaces a statutory day that fell on a weekend (CAL-02).
    Compensatory,
    /// Nghỉ hoán đổi: a weekday off in exchange for a weekend day worked (CAL-02).
    Swapped,
    /// Any other day off the government decrees.
    Extra,
}

impl HolidayKind {
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Statutory => "Nghỉ lễ, tết",
            Self::Compensatory => "Nghỉ bù",
            Self::Swapped => "Nghỉ hoán đổi",
            Self::Extra => "Nghỉ theo quyết định",
        }
    }
}

/// A public day off.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Holiday {
    pub date: Date,
    /// Vietnamese name with diacritics, as printed in documents ("Quốc khánh").
    pub name_vi: String,
    pub kind: HolidayKind,
}

/// A Saturday or Sunday that the government makes a working day (làm bù), in exchange for a
/// weekday off (CAL-02).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SwappedWorkingDay {
    pub date: Date,
    pub name_vi: String,
}

/// The days the government decreed for one year (CAL-02), as the store persists them: one
/// row per day off and per swapped working day.
///
/// With `replaces_computed`, `days_off` is the complete list of the year's days off and the
/// computed holidays are ignored (the usual case once the decree is published). Without it,
/// `days_off` is added to the computed holidays, an entry on a computed date replacing it.
/// Dates must lie in `year`: a day off on 31/12/2018 swapped with Saturday 5/1/2019 is
/// entered in 2018 (the day off) and in 2019 (the working day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearAdjustments {
    pub year: i32,
    pub replaces_computed: bool,
    pub days_off: Vec<Holiday>,
    pub working_days: Vec<SwappedWorkingDay>,
}

impl YearAdjustments {
    /// Rejects what would make the calendar ambiguous: a date outside the year, a date
    /// listed twice, a date both off and worked, a "working day" that is not a weekend day.
    pub fn validate(&self) -> Result<(), CalendarError> {
        check_year(self.year)?;
        let in_year = |date: Date| {
            if date.year() == self.year {
                Ok(())
            } else {
                Err(CalendarError::DateOutsideYear {
                    date,
                    year: self.year,
                })
            }
        };
        let mut off = BTreeSet::new();
        for h in &self.days_off {
            in_year(h.date)?;
            if !off.insert(h.date) {
                return Err(CalendarError::DuplicateDate {
                    date: h.date,
                    year: self.year,
                });
            }
        }
        let mut worked = BTreeSet::new();
        for w in &self.working_days {
            in_year(w.date)?;
            if !is_weekend(w.date) {
                return Err(CalendarError::WorkingDayNotWeekend { date: w.date });
            }
            if !worked.insert(w.date) {
                return Err(CalendarError::DuplicateDate {
                    date: w.date,
                    year: self.year,
                });
            }
            if off.contains(&w.date) {
                return Err(CalendarError::DayOffAndWorkingDay { date: w.date });
            }
        }
        Ok(())
    }
}

/// The holiday law in force for a year (CAL-03: the list of holidays is itself versioned).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayLaw {
    /// 2007–2012: 1/1, Tết (4 days), 10/3 lunar (from 2007), 30/4, 1/5, 2/9 (Labour Code 1994
    /// as amended in 2007, Art. 73).
    LabourCode1994,
    /// 2013–2020: 1/1, Tết (5 days), 10/3 lunar, 30/4, 1/5, 2/9.
    LabourCode2012,
    /// 2021–2025: as 2012, plus one day adjacent to 2/9.
    LabourCode2019,
    /// From 2026: as 2019, plus 24/11, Ngày Văn hóa Việt Nam (CAL-03).
    LabourCode2019CultureDay,
}

impl HolidayLaw {
    pub fn for_year(year: i32) -> Result<Self, CalendarError> {
        check_year(year)?;
        Ok(match year {
            ..=2012 => Self::LabourCode1994,
            2013..=2020 => Self::LabourCode2012,
            2021..=2025 => Self::LabourCode2019,
            _ => Self::LabourCode2019CultureDay,
        })
    }

    /// First year in which the version applies.
    pub fn first_year(self) -> i32 {
        match self {
            Self::LabourCode1994 => HOLIDAY_FIRST_YEAR,
            Self::LabourCode2012 => 2013,
            Self::LabourCode2019 => 2021,
            Self::LabourCode2019CultureDay => 2026,
        }
    }

    /// The legal basis, as cited in Vietnamese documents.
    pub fn name_vi(self) -> &'static str {
        match self {
            Self::LabourCode1994 => "Bộ luật Lao động 1994 (sửa đổi, bổ sung năm 2007), Điều 73",
            Self::LabourCode2012 => "Bộ luật Lao động 2012, Điều 115",
            Self::LabourCode2019 => "Bộ luật Lao động 2019, Điều 112",
            Self::LabourCode2019CultureDay => {
                "Bộ luật Lao động 2019, Điều 112, và Ngày Văn hóa Việt Nam (24/11)"
            }
        }
    }
}

impl HolidayLaw {
    /// Days of Tết the law gives (CAL-01): four under the Labour Code 1994, five since 2013.
    pub fn tet_days(self) -> i64 {
        match self {
            Self::LabourCode1994 => 4,
            _ => 5,
        }
    }
}

/// The holiday law in force for a year (CAL-03).
pub fn holiday_law(year: i32) -> Result<HolidayLaw, CalendarError> {
    HolidayLaw::for_year(year)
}

/// The days off of a year, sorted by date.
///
/// `adjustments`: the decreed days an administrator entered for the year (CAL-02). With
/// `None`, the built-in decreed days are used where they exist (2013–2027,
/// [`builtin_adjustments`]) and the computed holidays elsewhere ([`computed_holidays`]).
pub fn holidays(
    year: i32,
    adjustments: Option<&YearAdjustments>,
) -> Result<Vec<Holiday>, CalendarError> {
    Ok(resolve(year, adjustments)?.0)
}

/// The Saturdays and Sundays that are working days in a year (CAL-02), sorted by date; same
/// `adjustments` convention as [`holidays`].
pub fn swapped_working_days(
    year: i32,
    adjustments: Option<&YearAdjustments>,
) -> Result<Vec<SwappedWorkingDay>, CalendarError> {
    Ok(resolve(year, adjustments)?.1)
}

/// Days off and swapped working days of a year, both sorted, checked against each other.
pub(crate) fn resolve(
    year: i32,
    adjustments: Option<&YearAdjustments>,
) -> Result<(Vec<Holiday>, Vec<SwappedWorkingDay>), CalendarError> {
    check_year(year)?;
    let builtin;
    let adjustments = match adjustments {
        Some(a) => Some(a),
        None => {
            builtin = builtin_adjustments(year);
            builtin.as_ref()
        }
    };
    let Some(adj) = adjustments else {
        return Ok((computed_holidays(year)?, Vec::new()));
    };
    if adj.year != year {
        return Err(CalendarError::AdjustmentYearMismatch {
            expected: year,
            found: adj.year,
        });
    }
    adj.validate()?;
    let mut days: BTreeMap<Date, Holiday> = if adj.replaces_computed {
        BTreeMap::new()
    } else {
        computed_holidays(year)?
            .into_iter()
            .map(|h| (h.date, h))
            .collect()
    };
    for h in &adj.days_off {
        days.insert(h.date, h.clone());
    }
    let mut worked = adj.working_days.clone();
    worked.sort_by_key(|w| w.date);
    if let Some(w) = worked.iter().find(|w| days.contains_key(&w.date)) {
        return Err(CalendarError::DayOffAndWorkingDay { date: w.date });
    }
    Ok((days.into_values().collect(), worked))
}

/// The days off the law in force gives for a year, without any decree (CAL-01, CAL-03):
/// the statutory days, Tết as the last day of the lunar year and the first four of the new
/// one (the first three under the Labour Code 1994, 2007–2012), the day adjacent to 2/9 by the default above, and a compensatory day for each
/// statutory day on a weekend. Sorted by date.
pub fn computed_holidays(year: i32) -> Result<Vec<Holiday>, CalendarError> {
    let law = HolidayLaw::for_year(year)?;
    let ymd = |month: Month, day: u8| {
        Date::from_calendar_date(year, month, day).map_err(|_| CalendarError::YearOutOfRange {
            year,
            min: HOLIDAY_FIRST_YEAR,
            max: HOLIDAY_LAST_YEAR,
        })
    };
    // (date, name, name of the compensatory day)
    let mut statutory: Vec<(Date, String, &str)> = Vec::new();
    statutory.push((
        ymd(Month::January, 1)?,
        "Tết Dương lịch".into(),
        "Tết Dương lịch",
    ));
    // CAL-01: Tết, last day of the old lunar year + days 1..=4 of the new one (1..=3 under
    // the Labour Code 1994).
    let tet = lunar::tet(year)?;
    for offset in -1..=(law.tet_days() - 2) {
        let date = tet + Duration::days(offset);
        statutory.push((date, tet_day_name(date)?, "Tết Nguyên đán"));
    }
    // CAL-01: Giỗ Tổ Hùng Vương, 10/3 lunar (a day off since 2007, the first year encoded).
    let hung_kings = lunar::from_lunar(LunarDate {
        year,
        month: 3,
        day: 10,
        leap: false,
    })?;
    statutory.push((hung_kings, HUNG_KINGS.into(), HUNG_KINGS));
    statutory.push((ymd(Month::April, 30)?, LIBERATION.into(), LIBERATION));
    statutory.push((ymd(Month::May, 1)?, LABOUR.into(), LABOUR));
    let national_day = ymd(Month::September, 2)?;
    statutory.push((national_day, NATIONAL.into(), NATIONAL));
    if law >= HolidayLaw::LabourCode2019 {
        statutory.push((
            national_day_adjacent(national_day),
            NATIONAL_ADJACENT.into(),
            NATIONAL,
        ));
    }
    // CAL-03: from 2026, Ngày Văn hóa Việt Nam.
    if law >= HolidayLaw::LabourCode2019CultureDay {
        statutory.push((ymd(Month::November, 24)?, CULTURE.into(), CULTURE));
    }
    statutory.sort_by_key(|(date, _, _)| *date);

    let mut off: BTreeSet<Date> = statutory.iter().map(|(d, _, _)| *d).collect();
    let mut result: Vec<Holiday> = Vec::new();
    for (date, name, comp_name) in statutory {
        if is_weekend(date) {
            // CAL-02 default: the next weekday not already off.
            let mut comp = date + Duration::days(1);
            while is_weekend(comp) || off.contains(&comp) {
                comp += Duration::days(1);
            }
            off.insert(comp);
            result.push(Holiday {
                date: comp,
                name_vi: format!("Nghỉ bù {comp_name}"),
                kind: HolidayKind::Compensatory,
            });
        }
        result.push(Holiday {
            date,
            name_vi: name,
            kind: HolidayKind::Statutory,
        });
    }
    result.sort_by_key(|h| h.date);
    Ok(result)
}

/// The decreed days of a year (CAL-02), built in for 2013–2027 from the public `holidays`
/// dataset, names translated to Vietnamese. Such a year's days off are complete
/// (`replaces_computed`); its working days are the Saturdays worked in exchange for a
/// weekday off ("Day off (substituted from …)"), which may belong to the neighbouring
/// year's swap (Saturday 27/12/2014 was worked for Friday 2/1/2015).
pub fn builtin_adjustments(year: i32) -> Option<YearAdjustments> {
    builtin().ok()?.get(&year).cloned()
}

/// The parsed built-in data, or the reason it does not parse (a test keeps it parsing).
pub(crate) fn builtin() -> Result<&'static BTreeMap<i32, YearAdjustments>, &'static CalendarError> {
    static BUILTIN: OnceLock<Result<BTreeMap<i32, YearAdjustments>, CalendarError>> =
        OnceLock::new();
    BUILTIN.get_or_init(|| parse_decreed(DECREED_CSV)).as_ref()
}

const HUNG_KINGS: &str = "Giỗ Tổ Hùng Vương";
const LIBERATION: &str = "Ngày Giải phóng miền Nam, thống nhất đất nước";
const LABOUR: &str = "Ngày Quốc tế Lao động";
const NATIONAL: &str = "Quốc khánh";
const NATIONAL_ADJACENT: &str = "Quốc khánh (ngày nghỉ liền kề)";
const CULTURE: &str = "Ngày Văn hóa Việt Nam";

fn check_year(year: i32) -> Result<(), CalendarError> {
    if (HOLIDAY_FIRST_YEAR..=HOLIDAY_LAST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(CalendarError::YearOutOfRange {
            year,
            min: HOLIDAY_FIRST_YEAR,
            max: HOLIDAY_LAST_YEAR,
        })
    }
}

pub(crate) fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// See the module doc: 1/9 unless 3/9 gives the longer break.
fn national_day_adjacent(national_day: Date) -> Date {
    let before = national_day - Duration::days(1);
    if national_day.weekday() == Weekday::Thursday || is_weekend(before) {
        national_day + Duration::days(1)
    } else {
        before
    }
}

/// "Tết Nguyên đán (30 tháng Chạp)", "Tết Nguyên đán (mùng 1 tháng Giêng)".
fn tet_day_name(date: Date) -> Result<String, CalendarError> {
    let l = lunar::to_lunar(date)?;
    Ok(match (l.month, l.day) {
        (12, d) => format!("Tết Nguyên đán ({d} tháng Chạp)"),
        (1, d @ 1..=10) => format!("Tết Nguyên đán (mùng {d} tháng Giêng)"),
        (m, d) => format!("Tết Nguyên đán (ngày {d} tháng {m} âm lịch)"),
    })
}

/// Parses the built-in CSV (`date,name`, English names). Every name must be known, and
/// every Tết row must fall on the day our lunar calendar gives it: the dataset doubles as a
/// check of [`lunar`] for 2013–2027.
fn parse_decreed(csv: &str) -> Result<BTreeMap<i32, YearAdjustments>, CalendarError> {
    let mut years: BTreeMap<i32, YearAdjustments> = BTreeMap::new();
    fn entry(years: &mut BTreeMap<i32, YearAdjustments>, year: i32) -> &mut YearAdjustments {
        years.entry(year).or_insert_with(|| YearAdjustments {
            year,
            replaces_computed: true,
            days_off: Vec::new(),
            working_days: Vec::new(),
        })
    }
    for (idx, line) in csv.lines().enumerate().skip(1) {
        let line_no = idx + 1;
        let bad = |reason: String| CalendarError::BadReferenceData {
            line: line_no,
            reason,
        };
        if line.trim().is_empty() {
            continue;
        }
        let (date, name) = line
            .split_once(',')
            .ok_or_else(|| bad("expected `date,name`".into()))?;
        let date = super::parse_iso_date(date).map_err(|e| bad(e.to_string()))?;
        let (name_vi, kind, worked) = translate(date, name.trim()).map_err(bad)?;
        if let Some(w) = worked {
            entry(&mut years, w.year())
                .working_days
                .push(SwappedWorkingDay {
                    date: w,
                    name_vi: format!("Làm bù cho ngày nghỉ {}", format_vn_date(date)),
                });
        }
        entry(&mut years, date.year()).days_off.push(Holiday {
            date,
            name_vi,
            kind,
        });
    }
    for adj in years.values_mut() {
        adj.days_off.sort_by_key(|h| h.date);
        adj.working_days.sort_by_key(|w| w.date);
        adj.validate()?;
    }
    Ok(years)
}

/// Vietnamese name and kind of a dataset row, and the working day it was swapped with.
fn translate(date: Date, en: &str) -> Result<(String, HolidayKind, Option<Date>), String> {
    if let Some(rest) = en.strip_prefix("Day off (substituted from ") {
        let us = rest
            .strip_suffix(')')
            .ok_or_else(|| format!("unterminated {en:?}"))?;
        // The dataset writes MM/DD/YYYY.
        let mut parts = us.split('/');
        let (Some(m), Some(d), Some(y), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(format!("bad date in {en:?}"));
        };
        let worked = super::parse_vn_date(&format!("{d}/{m}/{y}")).map_err(|e| e.to_string())?;
        let name = format!("Nghỉ hoán đổi (làm bù ngày {})", format_vn_date(worked));
        return Ok((name, HolidayKind::Swapped, Some(worked)));
    }
    if let Some(base) = en.strip_suffix(" (observed)") {
        let vi = base_name(base)?;
        return Ok((format!("Nghỉ bù {vi}"), HolidayKind::Compensatory, None));
    }
    // Tết rows: the dataset's label must match the day our lunar calendar computes.
    let tet_offset = match en {
        "29 of Lunar New Year" => Some(-2),
        "Lunar New Year's Eve" => Some(-1),
        "Lunar New Year" => Some(0),
        "Second Day of Lunar New Year" => Some(1),
        "Third Day of Lunar New Year" => Some(2),
        "Fourth Day of Lunar New Year" => Some(3),
        "Fifth Day of Lunar New Year" => Some(4),
        "Sixth Day of Lunar New Year" => Some(5),
        _ => None,
    };
    if let Some(offset) = tet_offset {
        let tet = lunar::tet(date.year()).map_err(|e| e.to_string())?;
        if date != tet + Duration::days(offset) {
            return Err(format!("{en:?} on {date}, but Tết is {tet}"));
        }
        // Days beyond the law's five make up for weekend days within Tết.
        let kind = if (-1..=3).contains(&offset) {
            HolidayKind::Statutory
        } else {
            HolidayKind::Compensatory
        };
        return Ok((tet_day_name(date).map_err(|e| e.to_string())?, kind, None));
    }
    if en == "Hung Kings' Commemoration Day" {
        let hung_kings = lunar::from_lunar(LunarDate {
            year: date.year(),
            month: 3,
            day: 10,
            leap: false,
        })
        .map_err(|e| e.to_string())?;
        if date != hung_kings {
            return Err(format!("{en:?} on {date}, but 10/3 lunar is {hung_kings}"));
        }
    }
    let vi = match en {
        "National Day" if (u8::from(date.month()), date.day()) != (9, 2) => {
            NATIONAL_ADJACENT.to_owned()
        }
        _ => base_name(en)?,
    };
    Ok((vi, HolidayKind::Statutory, None))
}

fn base_name(en: &str) -> Result<String, String> {
    let vi = match en {
        "New Year's Day" => "Tết Dương lịch",
        "Hung Kings' Commemoration Day" => HUNG_KINGS,
        "Liberation Day/Reunification Day" => LIBERATION,
        "International Labor Day" => LABOUR,
        "National Day" => NATIONAL,
        "Vietnam Cultural Day" => CULTURE,
        other => return Err(format!("unknown holiday name {other:?}")),
    };
    Ok(vi.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn builtin_data_parses() {
        let years = builtin().unwrap();
        assert_eq!(
            years.keys().copied().collect::<Vec<_>>(),
            (2013..=2027).collect::<Vec<_>>()
        );
    }

    #[test]
    fn national_day_adjacent_default_matches_2021_to_2027_decrees() {
        // CAL-01: 3/9 in 2021, 2024, 2027; 1/9 in 2022, 2023, 2025, 2026.
        let expected = [
            date!(2021 - 09 - 03),
            date!(2022 - 09 - 01),
            date!(2023 - 09 - 01),
            date!(2024 - 09 - 03),
            date!(2025 - 09 - 01),
            date!(2026 - 09 - 01),
            date!(2027 - 09 - 03),
        ];
        for adjacent in expected {
            let national = adjacent.replace_day(2).unwrap();
            assert_eq!(national_day_adjacent(national), adjacent);
        }
    }

    #[test]
    fn tet_day_names() {
        assert_eq!(
            tet_day_name(date!(2025 - 01 - 29)).unwrap(),
            "Tết Nguyên đán (mùng 1 tháng Giêng)"
        );
        // Tháng Chạp of Giáp Thìn had 29 days.
        assert_eq!(
            tet_day_name(date!(2025 - 01 - 28)).unwrap(),
            "Tết Nguyên đán (29 tháng Chạp)"
        );
    }
}
