//! Use cases of the working-day calendar (CAL-01..03, VER-02): the holidays of a year, the
//! working-day arithmetic over the built-in data plus what administrators entered, and the
//! entry of a year's decreed days (CAL-02).
//!
//! Stored adjustments win: a year an administrator entered replaces that year's built-in
//! decreed days (2013–2027) or computed holidays (CAL-02).

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use chibo_domain::calendar::{
    self, format_vn_date, CalendarError, Holiday, HolidayKind, HolidayLaw, SwappedWorkingDay,
    WorkingCalendar, YearAdjustments, HOLIDAY_FIRST_YEAR, HOLIDAY_LAST_YEAR,
};
use chibo_store::{Actor, Store};
use serde::{Deserialize, Serialize};
use time::Date;
use unicode_normalization::UnicodeNormalization;

use crate::error::{calendar_error, AppError, FieldError};
use crate::input::parse_date;

time::serde::format_description!(iso, Date, "[year]-[month]-[day]");

/// Where the days off of a year come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidaySource {
    /// Entered by an administrator (CAL-02).
    Stored,
    /// The decreed days shipped with chibo (2013–2027).
    Builtin,
    /// Computed from the holiday law in force (CAL-01, CAL-03); no decree known yet.
    Computed,
}

impl HolidaySource {
    pub fn code(self) -> &'static str {
        match self {
            Self::Stored => "stored",
            Self::Builtin => "builtin",
            Self::Computed => "computed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayOff {
    #[serde(with = "iso")]
    pub date: Date,
    pub name_vi: String,
    pub kind: HolidayKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkingDay {
    #[serde(with = "iso")]
    pub date: Date,
    pub name_vi: String,
}

/// A year's days off and swapped working days, with the law that lists the holidays
/// (CAL-03) and where the list comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearHolidays {
    pub year: i32,
    pub law: HolidayLaw,
    pub law_name_vi: &'static str,
    pub source: HolidaySource,
    pub days_off: Vec<DayOff>,
    pub working_days: Vec<WorkingDay>,
}

fn year_in_range(year: i32) -> Result<(), AppError> {
    if (HOLIDAY_FIRST_YEAR..=HOLIDAY_LAST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(AppError::Invalid(vec![FieldError::new(
            "year",
            "year_out_of_range",
        )]))
    }
}

/// The holidays of `year`: stored adjustments, else the built-in decreed days, else the
/// computed holidays (CAL-01..03).
pub async fn year_holidays(store: &Store, year: i32) -> Result<YearHolidays, AppError> {
    year_in_range(year)?;
    let stored = store.year_adjustments(year).await?;
    let source = match (&stored, calendar::builtin_adjustments(year)) {
        (Some(_), _) => HolidaySource::Stored,
        (None, Some(_)) => HolidaySource::Builtin,
        (None, None) => HolidaySource::Computed,
    };
    let law = calendar::holiday_law(year)?;
    let days_off = calendar::holidays(year, stored.as_ref())?
        .into_iter()
        .map(|h| DayOff {
            date: h.date,
            name_vi: h.name_vi,
            kind: h.kind,
        })
        .collect();
    let working_days = calendar::swapped_working_days(year, stored.as_ref())?
        .into_iter()
        .map(|w| WorkingDay {
            date: w.date,
            name_vi: w.name_vi,
        })
        .collect();
    Ok(YearHolidays {
        year,
        law,
        law_name_vi: law.name_vi(),
        source,
        days_off,
        working_days,
    })
}

/// VER-02: the working calendar over `years`, from the built-in data and the adjustments
/// administrators entered (a stored year replaces the built-in year, CAL-02).
pub async fn working_calendar(
    store: &Store,
    years: RangeInclusive<i32>,
) -> Result<WorkingCalendar, AppError> {
    let (first, last) = (*years.start(), *years.end());
    year_in_range(first)?;
    year_in_range(last)?;
    let stored: Vec<YearAdjustments> = store
        .all_adjustments()
        .await?
        .into_iter()
        .filter(|a| years.contains(&a.year))
        .collect();
    Ok(WorkingCalendar::new(years, &stored)?)
}

/// The years a calendar must span for "n working days after `from`": generous (about 250
/// working days a year), capped at the last supported year.
pub fn span_for(from: Date, n: u32) -> RangeInclusive<i32> {
    let extra = i32::try_from(n / 200).unwrap_or(i32::MAX / 2);
    let last = from
        .year()
        .saturating_add(1)
        .saturating_add(extra)
        .min(HOLIDAY_LAST_YEAR);
    from.year()..=last.max(from.year())
}

fn field(field: &'static str, code: &'static str) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, code)])
}

/// Parses N of "n working days": a whole number, not negative.
pub fn parse_n(raw: &str) -> Result<u32, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(field("n", "required"));
    }
    match raw.parse::<i64>() {
        Ok(v) if v < 0 => Err(field("n", "negative")),
        Ok(v) => u32::try_from(v).map_err(|_| field("n", "beyond_calendar")),
        Err(_) => Err(field("n", "malformed")),
    }
}

/// Parses a date typed as dd/mm/yyyy or ISO, naming the field on error.
pub fn parse_date_field(name: &'static str, raw: &str) -> Result<Date, AppError> {
    if raw.trim().is_empty() {
        return Err(field(name, "required"));
    }
    parse_date(raw).ok_or_else(|| field(name, "bad_date"))
}

fn with_field(err: CalendarError, name: &'static str) -> AppError {
    let mut e = calendar_error(&err);
    if e.field == "date" {
        e.field = name.to_string();
    }
    AppError::Invalid(vec![e])
}

/// VER-02: the deadline "within `n` working days of `from`": the n-th working day after it
/// (the day itself does not count).
pub async fn add_working_days(store: &Store, from: Date, n: u32) -> Result<Date, AppError> {
    year_in_range(from.year()).map_err(|_| field("date", "date_out_of_range"))?;
    let cal = working_calendar(store, span_for(from, n)).await?;
    cal.add_working_days(from, n)
        .map_err(|e| with_field(e, "date"))
}

/// VER-02: the working days d with `from` < d ≤ `to` (negative when `to` < `from`).
pub async fn working_days_between(store: &Store, from: Date, to: Date) -> Result<i64, AppError> {
    year_in_range(from.year()).map_err(|_| field("from", "date_out_of_range"))?;
    year_in_range(to.year()).map_err(|_| field("to", "date_out_of_range"))?;
    let years = from.year().min(to.year())..=from.year().max(to.year());
    let cal = working_calendar(store, years).await?;
    cal.working_days_between(from, to)
        .map_err(|e| with_field(e, "from"))
}

/// VER-02: whether `date` is a working day.
pub async fn is_working_day(store: &Store, date: Date) -> Result<bool, AppError> {
    year_in_range(date.year()).map_err(|_| field("date", "date_out_of_range"))?;
    let cal = working_calendar(store, date.year()..=date.year()).await?;
    cal.is_working_day(date).map_err(|e| with_field(e, "date"))
}

/// One day of a year's adjustments as typed or sent (CAL-02).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DayInput {
    /// dd/mm/yyyy or yyyy-mm-dd.
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2010-03-08")))]
    pub date: Option<String>,
    /// `day_off` (or "nghỉ") or `working_day` (or "làm").
    pub kind: Option<String>,
    /// Vietnamese name; required for a day off ("Tết Nguyên đán"), "Làm bù" by default for
    /// a working day.
    pub name: Option<String>,
    /// For a day off: `statutory`, `compensatory`, `swapped` or `extra`; guessed from the
    /// name when absent ("Nghỉ bù …" is compensatory).
    pub holiday_kind: Option<String>,
}

/// A year's decreed days (CAL-02) as sent to the API.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AdjustmentsInput {
    /// The days off are the year's complete list (default) rather than additions to the
    /// computed holidays.
    pub replaces_computed: Option<bool>,
    pub days: Option<Vec<DayInput>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum DayKind {
    Off,
    Working,
}

fn day_kind(raw: &str) -> Option<DayKind> {
    let k: String = raw.nfc().collect::<String>().trim().to_lowercase();
    match k.as_str() {
        "day_off" | "off" | "nghỉ" | "nghi" | "ngày nghỉ" => Some(DayKind::Off),
        "working_day" | "working" | "work" | "làm" | "lam" | "làm bù" | "làm việc" => {
            Some(DayKind::Working)
        }
        _ => None,
    }
}

fn holiday_kind_code(raw: &str) -> Option<HolidayKind> {
    match raw.trim() {
        "statutory" => Some(HolidayKind::Statutory),
        "compensatory" => Some(HolidayKind::Compensatory),
        "swapped" => Some(HolidayKind::Swapped),
        "extra" => Some(HolidayKind::Extra),
        _ => None,
    }
}

fn guess_holiday_kind(name: &str) -> HolidayKind {
    let lower = name.to_lowercase();
    if lower.starts_with("nghỉ bù") {
        HolidayKind::Compensatory
    } else if lower.contains("hoán đổi") {
        HolidayKind::Swapped
    } else {
        HolidayKind::Statutory
    }
}

fn clean(raw: &Option<String>) -> Option<String> {
    crate::input::clean(raw)
}

impl AdjustmentsInput {
    /// Parses the days of `year`, collecting every error; errors about one day are reported
    /// on the field `days[i]` (i its index), about the whole list on `days`. Also checks
    /// the domain's rules (a day both off and working…, CAL-02) so the error names the day.
    pub fn parse(&self, year: i32) -> Result<YearAdjustments, Vec<FieldError>> {
        if !(HOLIDAY_FIRST_YEAR..=HOLIDAY_LAST_YEAR).contains(&year) {
            return Err(vec![FieldError::new("year", "year_out_of_range")]);
        }
        let days = match &self.days {
            Some(d) if !d.is_empty() => d,
            _ => return Err(vec![FieldError::new("days", "required")]),
        };
        let mut errors = Vec::new();
        let mut adj = YearAdjustments {
            year,
            replaces_computed: self.replaces_computed.unwrap_or(true),
            days_off: Vec::new(),
            working_days: Vec::new(),
        };
        // The index in `days` of each date, to name the day of a domain error.
        let mut index_of: BTreeMap<Date, usize> = BTreeMap::new();
        for (i, d) in days.iter().enumerate() {
            let at = format!("days[{i}]");
            let date = match clean(&d.date) {
                None => {
                    errors.push(FieldError::new(at.clone(), "required"));
                    None
                }
                Some(raw) => {
                    let parsed = parse_date(&raw);
                    match parsed {
                        None => errors.push(FieldError::new(at.clone(), "bad_date")),
                        Some(date) if date.year() != year => {
                            errors.push(FieldError::new(at.clone(), "date_outside_year"))
                        }
                        Some(_) => {}
                    }
                    parsed.filter(|date| date.year() == year)
                }
            };
            let kind = match clean(&d.kind) {
                None => {
                    errors.push(FieldError::new(at.clone(), "required"));
                    None
                }
                Some(raw) => {
                    let k = day_kind(&raw);
                    if k.is_none() {
                        errors.push(FieldError::new(at.clone(), "unknown_value"));
                    }
                    k
                }
            };
            let name = clean(&d.name);
            let holiday_kind = match clean(&d.holiday_kind) {
                None => None,
                Some(raw) => {
                    let k = holiday_kind_code(&raw);
                    if k.is_none() {
                        errors.push(FieldError::new(at.clone(), "unknown_value"));
                    }
                    k
                }
            };
            let (Some(date), Some(kind)) = (date, kind) else {
                continue;
            };
            index_of.entry(date).or_insert(i);
            match kind {
                DayKind::Off => {
                    let Some(name) = name else {
                        errors.push(FieldError::new(at, "name_required"));
                        continue;
                    };
                    adj.days_off.push(Holiday {
                        date,
                        kind: holiday_kind.unwrap_or_else(|| guess_holiday_kind(&name)),
                        name_vi: name,
                    });
                }
                DayKind::Working => adj.working_days.push(SwappedWorkingDay {
                    date,
                    name_vi: name.unwrap_or_else(|| "Làm bù".to_string()),
                }),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        if let Err(e) = adj.validate() {
            let mut fe = calendar_error(&e);
            let date = match e {
                CalendarError::DayOffAndWorkingDay { date }
                | CalendarError::DuplicateDate { date, .. }
                | CalendarError::DateOutsideYear { date, .. }
                | CalendarError::WorkingDayNotWeekend { date } => Some(date),
                _ => None,
            };
            if let Some(i) = date.and_then(|d| {
                // The later of two clashing entries is the one to fix.
                days.iter()
                    .enumerate()
                    .rev()
                    .find(|(_, x)| clean(&x.date).and_then(|r| parse_date(&r)) == Some(d))
                    .map(|(i, _)| i)
                    .or_else(|| index_of.get(&d).copied())
            }) {
                fe.field = format!("days[{i}]");
            }
            return Err(vec![fe]);
        }
        Ok(adj)
    }

    /// The adjustments typed in a textarea, one day a line: `dd/mm/yyyy;nghỉ|làm;tên`
    /// (blank lines and lines starting with `#` are skipped). Errors on line k are reported
    /// on `days[k-1]`.
    fn from_lines(text: &str, replaces_computed: bool) -> Self {
        let mut days = Vec::new();
        for line in text.lines() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                // Keep the numbering of lines: an empty entry, skipped below.
                days.push(None);
                continue;
            }
            let mut parts = trimmed.splitn(3, ';').map(str::trim);
            let part = |p: Option<&str>| p.filter(|s| !s.is_empty()).map(str::to_string);
            days.push(Some(DayInput {
                date: part(parts.next()),
                kind: part(parts.next()),
                name: part(parts.next()),
                holiday_kind: None,
            }));
        }
        Self {
            replaces_computed: Some(replaces_computed),
            days: Some(days.into_iter().map(Option::unwrap_or_default).collect()),
        }
    }
}

/// Lines produced by [`AdjustmentsInput::from_lines`], with blank entries removed from the
/// list before parsing but their indices kept for error messages.
fn without_blanks(input: &AdjustmentsInput) -> (AdjustmentsInput, Vec<usize>) {
    let mut kept = Vec::new();
    let mut days = Vec::new();
    for (i, d) in input.days.iter().flatten().enumerate() {
        if d.date.is_some() || d.kind.is_some() || d.name.is_some() {
            kept.push(i);
            days.push(d.clone());
        }
    }
    (
        AdjustmentsInput {
            replaces_computed: input.replaces_computed,
            days: Some(days),
        },
        kept,
    )
}

/// Parses the textarea form of a year's adjustments; errors name the line as `days[k]`,
/// k = line number − 1.
pub fn parse_lines(
    year: i32,
    text: &str,
    replaces_computed: bool,
) -> Result<YearAdjustments, Vec<FieldError>> {
    let (compact, lines) = without_blanks(&AdjustmentsInput::from_lines(text, replaces_computed));
    compact.parse(year).map_err(|errors| {
        errors
            .into_iter()
            .map(|mut e| {
                if let Some(i) = e
                    .field
                    .strip_prefix("days[")
                    .and_then(|r| r.strip_suffix(']'))
                    .and_then(|n| n.parse::<usize>().ok())
                {
                    e.field = format!("days[{}]", lines.get(i).copied().unwrap_or(i));
                }
                e
            })
            .collect()
    })
}

/// The current days of a year as textarea lines (`dd/mm/yyyy;nghỉ;tên`), to prefill the
/// administrator's form.
pub fn as_lines(h: &YearHolidays) -> String {
    let mut rows: Vec<(Date, String)> = h
        .days_off
        .iter()
        .map(|d| {
            (
                d.date,
                format!("{};nghỉ;{}", format_vn_date(d.date), d.name_vi),
            )
        })
        .chain(h.working_days.iter().map(|w| {
            (
                w.date,
                format!("{};làm;{}", format_vn_date(w.date), w.name_vi),
            )
        }))
        .collect();
    rows.sort_by_key(|(d, _)| *d);
    rows.into_iter()
        .map(|(_, l)| l)
        .collect::<Vec<_>>()
        .join("\n")
}

/// CAL-02: an administrator replaces the decreed days of `year`. Audited by the store.
pub async fn set_adjustments(
    store: &Store,
    actor: &Actor,
    year: i32,
    input: &AdjustmentsInput,
) -> Result<YearHolidays, AppError> {
    let adj = input.parse(year)?;
    let mut w = store.write(actor).await?;
    w.settings().set_year_adjustments(&adj).await?;
    w.commit().await?;
    year_holidays(store, year).await
}

/// CAL-02: as [`set_adjustments`], from the textarea of the calendar page.
pub async fn set_adjustment_lines(
    store: &Store,
    actor: &Actor,
    year: i32,
    text: &str,
    replaces_computed: bool,
) -> Result<YearHolidays, AppError> {
    let adj = parse_lines(year, text, replaces_computed)?;
    let mut w = store.write(actor).await?;
    w.settings().set_year_adjustments(&adj).await?;
    w.commit().await?;
    year_holidays(store, year).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    async fn store() -> (Store, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite://{}/cal.db", dir.path().display()))
            .await
            .unwrap();
        (store, dir)
    }

    #[test]
    fn cal_02_lines_parse_both_date_forms_and_guess_kinds() {
        let adj = parse_lines(
            2028,
            "# Tết 2028\n25/01/2028;nghỉ;Tết Nguyên đán\n\n2028-01-31;nghỉ;Nghỉ bù Tết\n05/02/2028;làm;Làm bù",
            true,
        )
        .unwrap();
        assert_eq!(adj.days_off.len(), 2);
        assert_eq!(adj.days_off[0].kind, HolidayKind::Statutory);
        assert_eq!(adj.days_off[1].kind, HolidayKind::Compensatory);
        assert_eq!(adj.working_days[0].date, date!(2028 - 02 - 05));
        assert!(adj.replaces_computed);
    }

    #[test]
    fn cal_02_errors_name_the_line() {
        let errors = parse_lines(
            2028,
            "25/01/2028;nghỉ;Tết\n\n31/02/2028;nghỉ;Sai\n01/01/2029;nghỉ;Năm khác\n03/01/2028;chơi;x",
            true,
        )
        .unwrap_err();
        let got: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            vec![
                ("days[2]", "bad_date"),
                ("days[3]", "date_outside_year"),
                ("days[4]", "unknown_value")
            ]
        );
        // CAL-02: the same day off and working is refused, on the later line.
        let errors =
            parse_lines(2028, "05/02/2028;nghỉ;Tết\n05/02/2028;làm;Làm bù", true).unwrap_err();
        assert_eq!(errors[0].field, "days[1]");
        assert_eq!(errors[0].code, "day_off_and_working_day");
        // A weekday cannot be "made" a working day.
        let errors = parse_lines(2028, "07/02/2028;làm;Làm bù", true).unwrap_err();
        assert_eq!(errors[0].code, "working_day_not_weekend");
        assert_eq!(
            AdjustmentsInput::default().parse(2028).unwrap_err()[0].code,
            "required"
        );
        assert_eq!(
            AdjustmentsInput::default().parse(1999).unwrap_err()[0].code,
            "year_out_of_range"
        );
    }

    #[test]
    fn n_must_be_a_whole_non_negative_number() {
        assert_eq!(parse_n("5").unwrap(), 5);
        assert_eq!(
            parse_n("-1").unwrap_err().field_errors()[0].code,
            "negative"
        );
        assert_eq!(
            parse_n("x").unwrap_err().field_errors()[0].code,
            "malformed"
        );
        assert_eq!(parse_n(" ").unwrap_err().field_errors()[0].code, "required");
    }

    #[tokio::test]
    async fn ver_02_stored_year_replaces_the_builtin_year() {
        let (store, _dir) = store().await;
        // Built in: 2/9/2025 (Tuesday) and 1/9 are days off; Friday 29/8 is a working day.
        assert_eq!(
            add_working_days(&store, date!(2025 - 08 - 28), 1)
                .await
                .unwrap(),
            date!(2025 - 08 - 29)
        );
        assert_eq!(
            year_holidays(&store, 2025).await.unwrap().source,
            HolidaySource::Builtin
        );
        // An administrator makes Friday 29/8/2025 a day off as well (CAL-02).
        let mut lines = as_lines(&year_holidays(&store, 2025).await.unwrap());
        lines.push_str("\n29/08/2025;nghỉ;Nghỉ thêm");
        set_adjustment_lines(&store, &Actor::system("test", 0), 2025, &lines, true)
            .await
            .unwrap();
        let h = year_holidays(&store, 2025).await.unwrap();
        assert_eq!(h.source, HolidaySource::Stored);
        assert_eq!(
            add_working_days(&store, date!(2025 - 08 - 28), 1)
                .await
                .unwrap(),
            date!(2025 - 09 - 03)
        );
        assert_eq!(
            working_days_between(&store, date!(2025 - 08 - 28), date!(2025 - 09 - 03))
                .await
                .unwrap(),
            1
        );
        assert!(!is_working_day(&store, date!(2025 - 08 - 29)).await.unwrap());
        // Other years keep the built-in data.
        assert_eq!(
            year_holidays(&store, 2026).await.unwrap().source,
            HolidaySource::Builtin
        );
        assert_eq!(
            year_holidays(&store, 2030).await.unwrap().source,
            HolidaySource::Computed
        );
    }

    #[tokio::test]
    async fn cal_02_bad_adjustments_store_nothing() {
        let (store, _dir) = store().await;
        let input = AdjustmentsInput {
            replaces_computed: Some(true),
            days: Some(vec![
                DayInput {
                    date: s("06/02/2028"),
                    kind: s("day_off"),
                    name: s("Tết"),
                    holiday_kind: None,
                },
                DayInput {
                    date: s("2028-02-06"),
                    kind: s("working_day"),
                    name: None,
                    holiday_kind: None,
                },
            ]),
        };
        let err = set_adjustments(&store, &Actor::system("test", 0), 2028, &input)
            .await
            .unwrap_err()
            .field_errors();
        assert_eq!(err[0].code, "day_off_and_working_day");
        assert!(store.year_adjustments(2028).await.unwrap().is_none());
    }
}
