//! The working-day calendar against reference data (CAL-01, CAL-02, CAL-03, VER-02).
#![allow(clippy::unwrap_used, clippy::expect_used)]

// In a module so that `cargo test -p chibo-domain calendar` selects these tests.
mod calendar {
    use std::collections::{BTreeMap, BTreeSet};

    use chibo_domain::calendar::lunar::{self, FIRST_DATE, LAST_DATE};
    use chibo_domain::calendar::{
        builtin_adjustments, computed_holidays, from_lunar, holiday_law, holidays, parse_iso_date,
        swapped_working_days, tet, to_lunar, CalendarError, Holiday, HolidayKind, HolidayLaw,
        LunarDate, SwappedWorkingDay, WorkingCalendar, YearAdjustments,
    };
    use proptest::prelude::*;
    use time::macros::date;
    use time::{Date, Duration};

    const TET_REFERENCE: &str = include_str!("../data/tet-reference.csv");
    const DECREED: &str = include_str!("../data/vn-public-holidays-2013-2027.csv");

    fn lunar(year: i32, month: u8, day: u8, leap: bool) -> LunarDate {
        LunarDate {
            year,
            month,
            day,
            leap,
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Lunar calendar (CAL-01)

    #[test]
    fn cal_01_tet_matches_every_reference_year() {
        let mut rows = 0;
        for line in TET_REFERENCE.lines().skip(1) {
            let (year, date) = line.split_once(',').unwrap();
            let year: i32 = year.parse().unwrap();
            let expected = parse_iso_date(date).unwrap();
            assert_eq!(tet(year).unwrap(), expected, "Tết {year}");
            assert_eq!(to_lunar(expected).unwrap(), lunar(year, 1, 1, false));
            rows += 1;
        }
        assert_eq!(rows, 31);
    }

    #[test]
    fn cal_01_vietnam_is_utc7_not_china_utc8() {
        // 1985: Vietnam 21/1, China 20/2 (a month apart: the leap month differs).
        assert_eq!(tet(1985).unwrap(), date!(1985 - 01 - 21));
        assert_ne!(tet(1985).unwrap(), date!(1985 - 02 - 20));
        // 2007: Vietnam 17/2, China 18/2 (the new moon fell before midnight in Hà Nội only).
        assert_eq!(tet(2007).unwrap(), date!(2007 - 02 - 17));
        assert_eq!(
            to_lunar(date!(2007 - 02 - 18)).unwrap(),
            lunar(2007, 1, 2, false)
        );
    }

    #[test]
    fn cal_01_known_lunar_dates() {
        // Giỗ Tổ Hùng Vương 10/3 lunar.
        assert_eq!(
            from_lunar(lunar(2025, 3, 10, false)).unwrap(),
            date!(2025 - 04 - 07)
        );
        assert_eq!(
            from_lunar(lunar(2026, 3, 10, false)).unwrap(),
            date!(2026 - 04 - 26)
        );
        // Leap months: 2020 tháng 4 nhuận, 2023 tháng 2 nhuận, 2025 tháng 6 nhuận; none in 2024.
        assert_eq!(lunar::leap_month(2020).unwrap(), Some(4));
        assert_eq!(lunar::leap_month(2023).unwrap(), Some(2));
        assert_eq!(lunar::leap_month(2025).unwrap(), Some(6));
        assert_eq!(lunar::leap_month(2024).unwrap(), None);
        assert_eq!(
            to_lunar(date!(2023 - 03 - 22)).unwrap(),
            lunar(2023, 2, 1, true)
        );
        // Year-end: 2025-01-28 is the last day of Giáp Thìn, whose tháng Chạp had 29 days.
        assert_eq!(
            to_lunar(date!(2025 - 01 - 28)).unwrap(),
            lunar(2024, 12, 29, false)
        );
        assert_eq!(lunar::month_length(2024, 12, false).unwrap(), 29);
    }

    /// CAL-01: new moons within two minutes before midnight UTC+7, where the simpler series of
    /// the common Vietnamese lunar libraries puts the month one day later. A high-precision
    /// ephemeris (VSOP87/ELP, checked during development) agrees with these dates.
    #[test]
    fn cal_01_new_moons_just_before_midnight() {
        // New moon 1944-06-20 23:59:32 UTC+7.
        assert_eq!(
            to_lunar(date!(1944 - 06 - 20)).unwrap(),
            lunar(1944, 5, 1, false)
        );
        // New moon 2072-12-09 ~23:58 UTC+7 (ΔT extrapolated).
        assert_eq!(
            to_lunar(date!(2072 - 12 - 09)).unwrap(),
            lunar(2072, 11, 1, false)
        );
    }

    #[test]
    fn cal_01_nonexistent_lunar_dates_are_rejected() {
        for bad in [
            lunar(2025, 13, 1, false),
            lunar(2025, 0, 1, false),
            lunar(2025, 1, 0, false),
            lunar(2024, 12, 30, false), // tháng Chạp of 2024 has 29 days
            lunar(2024, 4, 1, true),    // 2024 has no leap month
            lunar(2025, 5, 1, true),    // 2025's leap month is 6
        ] {
            assert!(
                matches!(from_lunar(bad), Err(CalendarError::NoSuchLunarDate { .. })),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn cal_01_lunar_range_is_enforced() {
        assert_eq!(FIRST_DATE, date!(1900 - 01 - 01));
        assert_eq!(LAST_DATE, date!(2199 - 12 - 31));
        assert!(matches!(
            to_lunar(date!(1899 - 12 - 31)),
            Err(CalendarError::DateOutOfRange { .. })
        ));
        assert!(matches!(
            to_lunar(date!(2200 - 01 - 01)),
            Err(CalendarError::DateOutOfRange { .. })
        ));
        assert!(matches!(
            tet(1899),
            Err(CalendarError::YearOutOfRange {
                year: 1899,
                min: 1900,
                max: 2199
            })
        ));
        assert!(tet(1900).is_ok());
        assert!(tet(2199).is_ok());
        assert!(to_lunar(FIRST_DATE).is_ok());
        assert!(to_lunar(LAST_DATE).is_ok());
        // Lunar dates whose solar date falls outside the range are rejected too.
        assert!(matches!(
            from_lunar(lunar(2199, 12, 1, false)),
            Err(CalendarError::DateOutOfRange { .. })
        ));
    }

    /// CAL-01 property, checked exhaustively: every day 1900–2199 round-trips; months have 29
    /// or 30 days; a leap month is flagged, follows the month whose number it repeats, and
    /// there is at most one per year; a lunar year has 12 or 13 months.
    #[test]
    fn cal_01_every_day_round_trips_and_months_are_well_formed() {
        let mut date = FIRST_DATE;
        let mut prev = to_lunar(date).unwrap();
        let mut month_len = u32::from(prev.day);
        let mut months_in_year: BTreeMap<i32, (u32, u32)> = BTreeMap::new();
        let mut first_month = true;
        while date <= LAST_DATE {
            let l = to_lunar(date).unwrap();
            assert_eq!(from_lunar(l).unwrap(), date, "{l:?}");
            if date > FIRST_DATE {
                if l.day == 1 {
                    if !first_month {
                        assert!(
                            month_len == 29 || month_len == 30,
                            "{prev:?} ended after {month_len} days"
                        );
                    }
                    first_month = false;
                    if l.leap {
                        assert_eq!(l.month, prev.month, "leap {l:?} after {prev:?}");
                        assert!(!prev.leap);
                        assert_eq!(l.year, prev.year);
                    } else {
                        assert_eq!(l.month, prev.month % 12 + 1, "{l:?} after {prev:?}");
                        if l.month == 1 {
                            assert_eq!(l.year, prev.year + 1);
                        }
                    }
                    let entry = months_in_year.entry(l.year).or_default();
                    entry.0 += 1;
                    entry.1 += u32::from(l.leap);
                    month_len = 1;
                } else {
                    assert_eq!(l.day, prev.day + 1);
                    assert_eq!(
                        (l.year, l.month, l.leap),
                        (prev.year, prev.month, prev.leap)
                    );
                    month_len += 1;
                }
            }
            prev = l;
            date += Duration::days(1);
        }
        // Years fully inside the range.
        let mut leap_years = 0;
        for year in 1901..=2198 {
            let (months, leaps) = months_in_year[&year];
            assert!(leaps <= 1, "{year}");
            assert_eq!(months, 12 + leaps, "{year}");
            leap_years += leaps;
        }
        // Metonic cycle: 7 leap years in 19.
        let expected = f64::from(2198 - 1901 + 1) * 7.0 / 19.0;
        assert!(
            (f64::from(leap_years) - expected).abs() < 3.0,
            "{leap_years}"
        );
    }

    // ---------------------------------------------------------------------------------------------
    // Holidays (CAL-01, CAL-02, CAL-03)

    /// The CSV, grouped by year: the dates off, and the Saturdays worked in exchange.
    fn decreed() -> (BTreeMap<i32, Vec<Date>>, BTreeMap<i32, Vec<Date>>) {
        let mut off: BTreeMap<i32, Vec<Date>> = BTreeMap::new();
        let mut worked: BTreeMap<i32, Vec<Date>> = BTreeMap::new();
        for line in DECREED.lines().skip(1) {
            let (date, name) = line.split_once(',').unwrap();
            let date = parse_iso_date(date).unwrap();
            off.entry(date.year()).or_default().push(date);
            if let Some(rest) = name.strip_prefix("Day off (substituted from ") {
                let (m, rest) = rest.split_once('/').unwrap();
                let (d, y) = rest.trim_end_matches(')').split_once('/').unwrap();
                let w = parse_iso_date(&format!("{y}-{m}-{d}")).unwrap();
                worked.entry(w.year()).or_default().push(w);
            }
        }
        (off, worked)
    }

    fn dates(h: &[Holiday]) -> Vec<Date> {
        h.iter().map(|h| h.date).collect()
    }

    #[test]
    fn cal_02_holidays_2013_to_2027_equal_the_decreed_data() {
        let (off, worked) = decreed();
        for year in 2013..=2027 {
            let h = holidays(year, None).unwrap();
            assert_eq!(dates(&h), off[&year], "days off {year}");
            let w: Vec<Date> = swapped_working_days(year, None)
                .unwrap()
                .iter()
                .map(|w| w.date)
                .collect();
            assert_eq!(
                w,
                worked.get(&year).cloned().unwrap_or_default(),
                "worked {year}"
            );
            assert_eq!(builtin_adjustments(year).unwrap().year, year);
        }
        // Swapped Saturdays that belong to the neighbouring year's swap.
        assert!(worked[&2014].contains(&date!(2014 - 12 - 27)));
        assert!(worked[&2019].contains(&date!(2019 - 01 - 05)));
    }

    #[test]
    fn cal_01_holidays_outside_the_decreed_years_are_computed() {
        assert!(builtin_adjustments(2028).is_none());
        assert_eq!(
            holidays(2028, None).unwrap(),
            computed_holidays(2028).unwrap()
        );
        assert!(swapped_working_days(2028, None).unwrap().is_empty());
        // 2028: Tết on Wednesday 26/1 (computed), so 25/1..=29/1 are off.
        let h = dates(&holidays(2028, None).unwrap());
        let tet_2028 = tet(2028).unwrap();
        for offset in -1..=3 {
            assert!(h.contains(&(tet_2028 + Duration::days(offset))));
        }
    }

    #[test]
    fn cal_02_decreed_names_are_vietnamese() {
        let h = holidays(2025, None).unwrap();
        let names: Vec<(&str, HolidayKind)> =
            h.iter().map(|h| (h.name_vi.as_str(), h.kind)).collect();
        assert_eq!(
            names,
            [
                ("Tết Dương lịch", HolidayKind::Statutory),
                // Beyond the law's five Tết days: makes up for Saturday 1/2 (mùng 4).
                ("Tết Nguyên đán (28 tháng Chạp)", HolidayKind::Compensatory),
                ("Tết Nguyên đán (29 tháng Chạp)", HolidayKind::Statutory),
                (
                    "Tết Nguyên đán (mùng 1 tháng Giêng)",
                    HolidayKind::Statutory
                ),
                (
                    "Tết Nguyên đán (mùng 2 tháng Giêng)",
                    HolidayKind::Statutory
                ),
                (
                    "Tết Nguyên đán (mùng 3 tháng Giêng)",
                    HolidayKind::Statutory
                ),
                (
                    "Tết Nguyên đán (mùng 4 tháng Giêng)",
                    HolidayKind::Statutory
                ),
                ("Giỗ Tổ Hùng Vương", HolidayKind::Statutory),
                (
                    "Ngày Giải phóng miền Nam, thống nhất đất nước",
                    HolidayKind::Statutory
                ),
                ("Ngày Quốc tế Lao động", HolidayKind::Statutory),
                (
                    "Nghỉ hoán đổi (làm bù ngày 26/04/2025)",
                    HolidayKind::Swapped
                ),
                ("Quốc khánh (ngày nghỉ liền kề)", HolidayKind::Statutory),
                ("Quốc khánh", HolidayKind::Statutory),
            ]
        );
        assert_eq!(
            swapped_working_days(2025, None).unwrap(),
            [SwappedWorkingDay {
                date: date!(2025 - 04 - 26),
                name_vi: "Làm bù cho ngày nghỉ 02/05/2025".into(),
            }]
        );
        // No English name survives anywhere in the built-in data.
        for year in 2013..=2027 {
            for h in holidays(year, None).unwrap() {
                assert!(!h.name_vi.is_empty() && !h.name_vi.is_ascii(), "{h:?}");
            }
        }
        let observed = holidays(2023, None).unwrap();
        let may2 = observed
            .iter()
            .find(|h| h.date == date!(2023 - 05 - 02))
            .unwrap();
        assert_eq!(may2.name_vi, "Nghỉ bù Giỗ Tổ Hùng Vương");
        assert_eq!(may2.kind, HolidayKind::Compensatory);
    }

    #[test]
    fn cal_03_holiday_law_is_versioned_by_year() {
        assert_eq!(holiday_law(2013).unwrap(), HolidayLaw::LabourCode2012);
        assert_eq!(holiday_law(2020).unwrap(), HolidayLaw::LabourCode2012);
        assert_eq!(holiday_law(2021).unwrap(), HolidayLaw::LabourCode2019);
        assert_eq!(holiday_law(2025).unwrap(), HolidayLaw::LabourCode2019);
        assert_eq!(
            holiday_law(2026).unwrap(),
            HolidayLaw::LabourCode2019CultureDay
        );
        assert_eq!(
            HolidayLaw::LabourCode2019.name_vi(),
            "Bộ luật Lao động 2019, Điều 112"
        );
        assert_eq!(
            HolidayLaw::LabourCode2012.name_vi(),
            "Bộ luật Lao động 2012, Điều 115"
        );
        assert_eq!(HolidayLaw::LabourCode2019CultureDay.first_year(), 2026);
        // Before 2007 holidays are not encoded: an error, not a guess.
        assert!(matches!(
            holiday_law(2006),
            Err(CalendarError::YearOutOfRange {
                year: 2006,
                min: 2007,
                max: 2199
            })
        ));
        assert!(holidays(2006, None).is_err());
        // 2007–2012: the Labour Code 1994 as amended in 2007; 2013 whole under the 2012 code.
        for year in 2007..=2012 {
            assert_eq!(holiday_law(year).unwrap(), HolidayLaw::LabourCode1994);
        }
        assert_eq!(HolidayLaw::LabourCode1994.first_year(), 2007);
        assert_eq!(HolidayLaw::LabourCode2012.first_year(), 2013);
        assert_eq!(
            HolidayLaw::LabourCode1994.name_vi(),
            "Bộ luật Lao động 1994 (sửa đổi, bổ sung năm 2007), Điều 73"
        );
        assert_eq!(HolidayLaw::LabourCode1994.tet_days(), 4);
        assert_eq!(HolidayLaw::LabourCode2012.tet_days(), 5);
        assert!(holidays(2200, None).is_err());
    }

    #[test]
    fn cal_03_culture_day_from_2026_in_both_computed_and_decreed() {
        let culture =
            |year: i32| Date::from_calendar_date(year, time::Month::November, 24).unwrap();
        for year in [2026, 2027, 2030] {
            assert!(dates(&computed_holidays(year).unwrap()).contains(&culture(year)));
            assert!(dates(&holidays(year, None).unwrap()).contains(&culture(year)));
        }
        for year in [2024, 2025] {
            assert!(!dates(&computed_holidays(year).unwrap()).contains(&culture(year)));
            assert!(!dates(&holidays(year, None).unwrap()).contains(&culture(year)));
        }
    }

    /// CAL-01, CAL-03: 2007–2012 under the Labour Code 1994 as amended in 2007 (Art. 73): 1/1,
    /// Tết four days (last day of the lunar year + the first three), Giỗ Tổ 10/3 lunar, 30/4,
    /// 1/5, 2/9; a statutory day on a weekend gives the next weekday off; no day adjacent to
    /// 2/9. No decree is built in for these years: the computed days are the calendar.
    #[test]
    fn cal_01_cal_03_labour_code_1994_holidays_2007_to_2012() {
        let tet_days = |year: i32| {
            computed_holidays(year)
                .unwrap()
                .into_iter()
                .filter(|h| h.kind == HolidayKind::Statutory && h.name_vi.starts_with("Tết Ng"))
                .count()
        };
        for year in 2007..=2012 {
            assert!(
                builtin_adjustments(year).is_none(),
                "{year}: no decree built in"
            );
            assert_eq!(
                holidays(year, None).unwrap(),
                computed_holidays(year).unwrap()
            );
            assert_eq!(tet_days(year), 4, "{year}: Tết four days");
            let national = Date::from_calendar_date(year, time::Month::September, 1).unwrap();
            assert!(!dates(&computed_holidays(year).unwrap()).contains(&national));
        }
        assert_eq!(tet_days(2013), 5);
        assert_eq!(tet_days(2014), 5);

        // 2007: Tết Sat 17/2 (eve Fri 16/2, then Sun 18/2, Mon 19/2); Sat and Sun give Tue
        // 20/2 and Wed 21/2; Giỗ Tổ Thu 26/4; 2/9 a Sunday gives Mon 3/9.
        assert_eq!(
            dates(&computed_holidays(2007).unwrap()),
            [
                date!(2007 - 01 - 01),
                date!(2007 - 02 - 16),
                date!(2007 - 02 - 17),
                date!(2007 - 02 - 18),
                date!(2007 - 02 - 19),
                date!(2007 - 02 - 20),
                date!(2007 - 02 - 21),
                date!(2007 - 04 - 26),
                date!(2007 - 04 - 30),
                date!(2007 - 05 - 01),
                date!(2007 - 09 - 02),
                date!(2007 - 09 - 03),
            ]
        );
        let h2007 = computed_holidays(2007).unwrap();
        let gio_to = h2007
            .iter()
            .find(|h| h.date == date!(2007 - 04 - 26))
            .unwrap();
        assert_eq!(gio_to.name_vi, "Giỗ Tổ Hùng Vương");
        assert_eq!(gio_to.kind, HolidayKind::Statutory);
        // 2011: 30/4 Sat and 1/5 Sun give Mon 2/5 and Tue 3/5.
        let comp2011: Vec<Date> = computed_holidays(2011)
            .unwrap()
            .into_iter()
            .filter(|h| h.kind == HolidayKind::Compensatory)
            .map(|h| h.date)
            .collect();
        assert!(
            comp2011.contains(&date!(2011 - 05 - 02)) && comp2011.contains(&date!(2011 - 05 - 03))
        );
        // 2012: Giỗ Tổ fell on Sat 31/3, giving Mon 2/4.
        let h2012 = computed_holidays(2012).unwrap();
        assert!(h2012
            .iter()
            .any(|h| h.date == date!(2012 - 03 - 31) && h.name_vi == "Giỗ Tổ Hùng Vương"));
        assert!(h2012.iter().any(|h| h.date == date!(2012 - 04 - 02)
            && h.kind == HolidayKind::Compensatory
            && h.name_vi == "Nghỉ bù Giỗ Tổ Hùng Vương"));

        // VER-02 over those years: 5 working days from Fri 16/2/2007 skip Tết and its two
        // compensatory days.
        let cal = WorkingCalendar::builtin(2007..=2008).unwrap();
        assert_eq!(
            cal.add_working_days(date!(2007 - 02 - 15), 5).unwrap(),
            date!(2007 - 02 - 28)
        );
    }

    #[test]
    fn cal_01_labour_code_differences() {
        // LC 2012: 2/9 alone; LC 2019: plus an adjacent day.
        let h2020 = dates(&computed_holidays(2020).unwrap());
        assert!(h2020.contains(&date!(2020 - 09 - 02)));
        assert!(!h2020.contains(&date!(2020 - 09 - 01)) && !h2020.contains(&date!(2020 - 09 - 03)));
        let h2025 = dates(&computed_holidays(2025).unwrap());
        assert!(h2025.contains(&date!(2025 - 09 - 01)) && h2025.contains(&date!(2025 - 09 - 02)));
    }

    #[test]
    fn cal_02_computed_rules_agree_with_recent_decrees() {
        // 2026: the decree is the computed days plus one swap (Mon 31/8 for Sat 22/8).
        let mut computed_2026 = dates(&computed_holidays(2026).unwrap());
        computed_2026.push(date!(2026 - 08 - 31));
        computed_2026.sort();
        assert_eq!(dates(&holidays(2026, None).unwrap()), computed_2026);
        // 2027: Tết Sat 6/2 – Tue 9/2 and the eve Fri 5/2; the law gives two more days for the
        // weekend, the decree chose Thu 4/2 and Wed 10/2 where the default gives 10/2 and 11/2.
        let c2027 = dates(&computed_holidays(2027).unwrap());
        let d2027 = dates(&holidays(2027, None).unwrap());
        assert!(c2027.contains(&date!(2027 - 02 - 11)) && !d2027.contains(&date!(2027 - 02 - 11)));
        assert!(!c2027.contains(&date!(2027 - 02 - 04)) && d2027.contains(&date!(2027 - 02 - 04)));
        assert_eq!(c2027.len(), d2027.len());
        // Compensatory days: 2023 Giỗ Tổ (Sat 29/4) and 30/4 (Sun) -> Tue 2/5, Wed 3/5, and
        // 2/9 (Sat) -> Mon 4/9, exactly as decreed.
        let c2023 = computed_holidays(2023).unwrap();
        let comp: Vec<Date> = c2023
            .iter()
            .filter(|h| h.kind == HolidayKind::Compensatory)
            .map(|h| h.date)
            .collect();
        assert!(comp.contains(&date!(2023 - 05 - 02)) && comp.contains(&date!(2023 - 05 - 03)));
        assert!(comp.contains(&date!(2023 - 09 - 04)));
        // Tết 2013 began on a Saturday: two days were added after it, as decreed.
        let c2013 = dates(&computed_holidays(2013).unwrap());
        let d2013 = dates(&holidays(2013, None).unwrap());
        for day in 9..=15 {
            let d = Date::from_calendar_date(2013, time::Month::February, day).unwrap();
            assert!(c2013.contains(&d) && d2013.contains(&d));
        }
    }

    fn adjustments(year: i32) -> YearAdjustments {
        YearAdjustments {
            year,
            replaces_computed: false,
            days_off: Vec::new(),
            working_days: Vec::new(),
        }
    }

    fn day_off(date: Date) -> Holiday {
        Holiday {
            date,
            name_vi: "Nghỉ bù".into(),
            kind: HolidayKind::Extra,
        }
    }

    fn worked(date: Date) -> SwappedWorkingDay {
        SwappedWorkingDay {
            date,
            name_vi: "Làm bù".into(),
        }
    }

    #[test]
    fn cal_02_adjustments_are_validated() {
        let mut both = adjustments(2030);
        both.days_off.push(day_off(date!(2030 - 01 - 05)));
        both.working_days.push(worked(date!(2030 - 01 - 05)));
        assert_eq!(
            holidays(2030, Some(&both)),
            Err(CalendarError::DayOffAndWorkingDay {
                date: date!(2030 - 01 - 05)
            })
        );

        let mut outside = adjustments(2030);
        outside.days_off.push(day_off(date!(2031 - 01 - 02)));
        assert_eq!(
            outside.validate(),
            Err(CalendarError::DateOutsideYear {
                date: date!(2031 - 01 - 02),
                year: 2030
            })
        );

        let mut dup = adjustments(2030);
        dup.days_off.push(day_off(date!(2030 - 01 - 02)));
        dup.days_off.push(day_off(date!(2030 - 01 - 02)));
        assert_eq!(
            dup.validate(),
            Err(CalendarError::DuplicateDate {
                date: date!(2030 - 01 - 02),
                year: 2030
            })
        );

        let mut dup_worked = adjustments(2030);
        dup_worked.working_days.push(worked(date!(2030 - 01 - 05)));
        dup_worked.working_days.push(worked(date!(2030 - 01 - 05)));
        assert!(matches!(
            dup_worked.validate(),
            Err(CalendarError::DuplicateDate { .. })
        ));

        let mut weekday = adjustments(2030);
        weekday.working_days.push(worked(date!(2030 - 01 - 07)));
        assert_eq!(
            weekday.validate(),
            Err(CalendarError::WorkingDayNotWeekend {
                date: date!(2030 - 01 - 07)
            })
        );

        // A working day on a computed holiday (Sunday 1/9/2030 is not one; Sat 31/8 neither;
        // 2/9/2029 is a Sunday and a holiday).
        let mut on_holiday = adjustments(2029);
        on_holiday.working_days.push(worked(date!(2029 - 09 - 02)));
        assert_eq!(
            holidays(2029, Some(&on_holiday)),
            Err(CalendarError::DayOffAndWorkingDay {
                date: date!(2029 - 09 - 02)
            })
        );

        assert_eq!(
            holidays(2031, Some(&adjustments(2030))),
            Err(CalendarError::AdjustmentYearMismatch {
                expected: 2031,
                found: 2030
            })
        );
        assert!(matches!(
            adjustments(2006).validate(),
            Err(CalendarError::YearOutOfRange { .. })
        ));
        // 2007–2012 have no built-in decree, but an administrator may enter one (CAL-02).
        assert!(adjustments(2010).validate().is_ok());
    }

    #[test]
    fn cal_02_adjustments_add_to_or_replace_the_computed_days() {
        let computed = computed_holidays(2030).unwrap();
        let mut extra = adjustments(2030);
        extra.days_off.push(day_off(date!(2030 - 04 - 29)));
        let merged = holidays(2030, Some(&extra)).unwrap();
        assert_eq!(merged.len(), computed.len() + 1);
        assert!(merged.windows(2).all(|w| w[0].date < w[1].date), "sorted");

        let mut only = adjustments(2030);
        only.replaces_computed = true;
        only.days_off.push(day_off(date!(2030 - 01 - 01)));
        assert_eq!(
            dates(&holidays(2030, Some(&only)).unwrap()),
            [date!(2030 - 01 - 01)]
        );

        // An administrator's record replaces the built-in one for a decreed year.
        let mut own_2025 = builtin_adjustments(2025).unwrap();
        own_2025
            .days_off
            .retain(|h| h.date != date!(2025 - 05 - 02));
        own_2025.working_days.clear();
        assert!(!dates(&holidays(2025, Some(&own_2025)).unwrap()).contains(&date!(2025 - 05 - 02)));
    }

    #[test]
    fn cal_02_adjustments_are_plain_rows() {
        // The store persists them: plain serde types, one row per date.
        fn serde_type<T: serde::Serialize + serde::de::DeserializeOwned>() {}
        serde_type::<YearAdjustments>();
        serde_type::<Holiday>();
        serde_type::<LunarDate>();
        serde_type::<HolidayLaw>();
        let adj = builtin_adjustments(2026).unwrap();
        let first: &Holiday = &adj.days_off[0];
        assert_eq!(first.date, date!(2026 - 01 - 01));
        assert_eq!(first.name_vi, "Tết Dương lịch");
        assert!(adj.replaces_computed);
        assert_eq!(
            adj.working_days,
            [SwappedWorkingDay {
                date: date!(2026 - 08 - 22),
                name_vi: "Làm bù cho ngày nghỉ 31/08/2026".into(),
            }]
        );
    }

    // ---------------------------------------------------------------------------------------------
    // Working days (VER-02)

    fn calendar() -> WorkingCalendar {
        WorkingCalendar::builtin(2024..=2027).unwrap()
    }

    #[test]
    fn ver_02_deadline_across_tet_2025() {
        let cal = calendar();
        // Days off Mon 27/1 – Sat 1/2/2025; event on Friday 24/1.
        assert_eq!(
            cal.add_working_days(date!(2025 - 01 - 24), 1).unwrap(),
            date!(2025 - 02 - 03)
        );
        assert_eq!(
            cal.add_working_days(date!(2025 - 01 - 24), 5).unwrap(),
            date!(2025 - 02 - 07)
        );
        // An event on a day off: counting starts after it all the same.
        assert_eq!(
            cal.add_working_days(date!(2025 - 01 - 29), 1).unwrap(),
            date!(2025 - 02 - 03)
        );
        assert_eq!(
            cal.working_days_between(date!(2025 - 01 - 24), date!(2025 - 02 - 03))
                .unwrap(),
            1
        );
        assert!(!cal.is_working_day(date!(2025 - 01 - 27)).unwrap());
        assert_eq!(
            cal.holiday_on(date!(2025 - 01 - 29)).unwrap().name_vi,
            "Tết Nguyên đán (mùng 1 tháng Giêng)"
        );
    }

    #[test]
    fn ver_02_deadline_across_tet_2026() {
        let cal = calendar();
        // Days off Mon 16/2 – Fri 20/2/2026.
        assert_eq!(
            cal.add_working_days(date!(2026 - 02 - 13), 1).unwrap(),
            date!(2026 - 02 - 23)
        );
        assert_eq!(
            cal.add_working_days(date!(2026 - 02 - 12), 10).unwrap(),
            date!(2026 - 03 - 05)
        );
        assert_eq!(
            cal.working_days_between(date!(2026 - 02 - 01), date!(2026 - 02 - 28))
                .unwrap(),
            15
        );
    }

    #[test]
    fn ver_02_deadline_across_30_4_and_1_5_with_a_swapped_saturday() {
        let cal = calendar();
        // 2025: Sat 26/4 worked (CAL-02) in exchange for Fri 2/5; 30/4 and 1/5 off.
        assert!(cal.is_working_day(date!(2025 - 04 - 26)).unwrap());
        assert!(!cal.is_working_day(date!(2025 - 05 - 02)).unwrap());
        assert_eq!(
            cal.add_working_days(date!(2025 - 04 - 25), 1).unwrap(),
            date!(2025 - 04 - 26)
        );
        assert_eq!(
            cal.add_working_days(date!(2025 - 04 - 26), 2).unwrap(),
            date!(2025 - 04 - 29)
        );
        assert_eq!(
            cal.add_working_days(date!(2025 - 04 - 29), 1).unwrap(),
            date!(2025 - 05 - 05)
        );
        // An ordinary Saturday stays a day off.
        assert!(!cal.is_working_day(date!(2025 - 05 - 03)).unwrap());
    }

    #[test]
    fn ver_02_deadline_across_national_day() {
        let cal = calendar();
        // 2025: Mon 1/9 and Tue 2/9 off.
        assert_eq!(
            cal.add_working_days(date!(2025 - 08 - 29), 1).unwrap(),
            date!(2025 - 09 - 03)
        );
        // 2026: Sat 22/8 worked for Mon 31/8; Tue 1/9 and Wed 2/9 off.
        assert!(cal.is_working_day(date!(2026 - 08 - 22)).unwrap());
        assert_eq!(
            cal.add_working_days(date!(2026 - 08 - 21), 1).unwrap(),
            date!(2026 - 08 - 22)
        );
        assert_eq!(
            cal.add_working_days(date!(2026 - 08 - 28), 1).unwrap(),
            date!(2026 - 09 - 03)
        );
        assert_eq!(
            cal.working_days_between(date!(2026 - 08 - 21), date!(2026 - 09 - 04))
                .unwrap(),
            // Sat 22/8, Mon 24/8 – Fri 28/8, Thu 3/9, Fri 4/9.
            8
        );
    }

    #[test]
    fn ver_02_zero_days_and_negative_spans() {
        let cal = calendar();
        let d = date!(2025 - 06 - 14);
        assert_eq!(cal.add_working_days(d, 0).unwrap(), d);
        assert_eq!(cal.working_days_between(d, d).unwrap(), 0);
        assert_eq!(
            cal.working_days_between(date!(2025 - 02 - 03), date!(2025 - 01 - 24))
                .unwrap(),
            -1
        );
    }

    #[test]
    fn ver_02_out_of_span_is_an_error() {
        let cal = calendar();
        assert!(matches!(
            cal.is_working_day(date!(2023 - 12 - 31)),
            Err(CalendarError::DateOutOfRange { .. })
        ));
        assert!(matches!(
            cal.add_working_days(date!(2027 - 12 - 30), 5),
            Err(CalendarError::BeyondCalendar {
                working_days: 5,
                ..
            })
        ));
        assert!(matches!(
            WorkingCalendar::builtin(2006..=2008),
            Err(CalendarError::YearOutOfRange { year: 2006, .. })
        ));
        #[allow(clippy::reversed_empty_ranges)]
        let empty = 2025..=2024;
        assert!(matches!(
            WorkingCalendar::builtin(empty),
            Err(CalendarError::EmptyYearSpan { .. })
        ));
        assert!(matches!(
            WorkingCalendar::new(2030..=2031, &[adjustments(2030), adjustments(2030)]),
            Err(CalendarError::DuplicateAdjustments { year: 2030 })
        ));
    }

    #[test]
    fn ver_02_entered_adjustments_change_the_calendar() {
        let mut adj = adjustments(2030);
        adj.working_days.push(worked(date!(2030 - 01 - 05)));
        adj.days_off.push(day_off(date!(2030 - 01 - 07)));
        let cal = WorkingCalendar::new(2030..=2030, &[adj]).unwrap();
        assert!(cal.is_working_day(date!(2030 - 01 - 05)).unwrap());
        assert!(!cal.is_working_day(date!(2030 - 01 - 07)).unwrap());
        assert_eq!(
            cal.add_working_days(date!(2030 - 01 - 04), 2).unwrap(),
            date!(2030 - 01 - 08)
        );
    }

    #[test]
    fn ver_02_weekdays_of_2013_to_2027_follow_the_decreed_data() {
        let (off, worked) = decreed();
        let off: BTreeSet<Date> = off.into_values().flatten().collect();
        let worked: BTreeSet<Date> = worked.into_values().flatten().collect();
        let cal = WorkingCalendar::builtin(2013..=2027).unwrap();
        let mut d = cal.first_day();
        while d <= cal.last_day() {
            let weekend = matches!(d.weekday(), time::Weekday::Saturday | time::Weekday::Sunday);
            let expected = !off.contains(&d) && (!weekend || worked.contains(&d));
            assert_eq!(cal.is_working_day(d).unwrap(), expected, "{d}");
            d += Duration::days(1);
        }
    }

    proptest! {
        /// VER-02: add_working_days(a, n) = b implies working_days_between(a, b) = n, b is a
        /// working day, and no earlier day reaches n.
        #[test]
        fn ver_02_add_and_between_agree(offset in 0i64..(4 * 365), n in 0u32..200) {
            let cal = calendar();
            let a = cal.first_day() + Duration::days(offset);
            match cal.add_working_days(a, n) {
                Ok(b) => {
                    prop_assert_eq!(cal.working_days_between(a, b).unwrap(), i64::from(n));
                    prop_assert_eq!(cal.working_days_between(b, a).unwrap(), -i64::from(n));
                    if n > 0 {
                        prop_assert!(b > a);
                        prop_assert!(cal.is_working_day(b).unwrap());
                        let before = b - Duration::days(1);
                        prop_assert_eq!(cal.working_days_between(a, before).unwrap(), i64::from(n) - 1);
                    }
                }
                Err(e) => prop_assert!(
                    matches!(e, CalendarError::BeyondCalendar { .. }),
                    "unexpected error {:?}",
                    e
                ),
            }
        }

        /// VER-02: the count is additive over consecutive spans.
        #[test]
        fn ver_02_between_is_additive(x in 0i64..1461, y in 0i64..1461, z in 0i64..1461) {
            let cal = calendar();
            let day = |o: i64| cal.first_day() + Duration::days(o);
            let ab = cal.working_days_between(day(x), day(y)).unwrap();
            let bc = cal.working_days_between(day(y), day(z)).unwrap();
            prop_assert_eq!(ab + bc, cal.working_days_between(day(x), day(z)).unwrap());
        }

        /// CAL-01: from_lunar(to_lunar(d)) = d for random days across the whole range.
        #[test]
        fn cal_01_lunar_round_trip(offset in 0i64..109_572) {
            let d = FIRST_DATE + Duration::days(offset);
            prop_assume!(d <= LAST_DATE);
            prop_assert_eq!(from_lunar(to_lunar(d).unwrap()).unwrap(), d);
        }
    }
}
