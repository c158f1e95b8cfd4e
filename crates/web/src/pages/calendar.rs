//! The calendar page: a year's public holidays with the holiday law in force (CAL-01..03),
//! a working-day calculator (VER-02), and for administrators the entry of the year's decreed
//! days (CAL-02).

use crate::routes::{access, Scope as S};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::{Extension, Form};
use chibo_app::calendar::{self as cal, YearHolidays};
use chibo_app::{AppError, FieldError};
use chibo_domain::access::Capability as C;
use chibo_domain::access::Capability;
use chibo_domain::calendar::{HolidayKind, HolidayLaw, HOLIDAY_FIRST_YEAR, HOLIDAY_LAST_YEAR};
use chibo_domain::org::OrgTree;
use serde::Deserialize;

use super::{can, render, see_other, Layout};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Catalog;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CalendarQuery {
    pub year: Option<String>,
    pub date: Option<String>,
    pub n: Option<String>,
    pub saved: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AdjustmentsForm {
    pub year: Option<String>,
    pub lines: Option<String>,
}

pub struct DayRow {
    pub date: String,
    pub weekday: &'static str,
    pub name: String,
    pub kind: &'static str,
}

/// The calculator's answer, or why there is none.
pub struct Calculation {
    pub deadline: Option<String>,
    pub weekday: &'static str,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    l: Layout,
    year: i32,
    prev_year: Option<i32>,
    next_year: Option<i32>,
    law: &'static str,
    source: &'static str,
    days_off: Vec<DayRow>,
    working_days: Vec<DayRow>,
    calc_date: String,
    calc_n: String,
    calc: Option<Calculation>,
    is_admin: bool,
    lines: String,
    errors: Vec<String>,
    saved: bool,
}

fn weekday(t: &Catalog, d: time::Date) -> &'static str {
    let i = usize::from(d.weekday().number_days_from_monday());
    t.calendar.weekdays.get(i).copied().unwrap_or("")
}

fn law_label(t: &Catalog, law: HolidayLaw) -> &'static str {
    if t.lang == "vi" {
        return law.name_vi();
    }
    t.value(match law {
        HolidayLaw::LabourCode1994 => "law_labour_code_1994",
        HolidayLaw::LabourCode2012 => "law_labour_code_2012",
        HolidayLaw::LabourCode2019 => "law_labour_code_2019",
        HolidayLaw::LabourCode2019CultureDay => "law_labour_code_2019_culture_day",
    })
}

fn kind_label(t: &Catalog, k: HolidayKind) -> &'static str {
    t.value(match k {
        HolidayKind::Statutory => "holiday_statutory",
        HolidayKind::Compensatory => "holiday_compensatory",
        HolidayKind::Swapped => "holiday_swapped",
        HolidayKind::Extra => "holiday_extra",
    })
}

/// "Dòng 3: …" for errors on one line of the textarea, "Field: …" otherwise.
fn error_lines(t: &Catalog, errors: &[FieldError]) -> Vec<String> {
    errors
        .iter()
        .map(|e| {
            let line = e
                .field
                .strip_prefix("days[")
                .and_then(|r| r.strip_suffix(']'))
                .and_then(|n| n.parse::<usize>().ok());
            match line {
                Some(i) => format!("{} {}: {}", t.calendar.line_label, i + 1, t.error(e.code)),
                None => format!("{}: {}", t.field(&e.field), t.error(e.code)),
            }
        })
        .collect()
}

fn parse_year(ctx: &Ctx, raw: &Option<String>) -> i32 {
    raw.as_deref()
        .and_then(|y| y.trim().parse::<i32>().ok())
        .filter(|y| (HOLIDAY_FIRST_YEAR..=HOLIDAY_LAST_YEAR).contains(y))
        .unwrap_or_else(|| ctx.today.year())
}

fn rows(t: &Catalog, h: &YearHolidays) -> (Vec<DayRow>, Vec<DayRow>) {
    let off = h
        .days_off
        .iter()
        .map(|d| DayRow {
            date: t.date(&d.date),
            weekday: weekday(t, d.date),
            name: d.name_vi.clone(),
            kind: kind_label(t, d.kind),
        })
        .collect();
    let worked = h
        .working_days
        .iter()
        .map(|w| DayRow {
            date: t.date(&w.date),
            weekday: weekday(t, w.date),
            name: w.name_vi.clone(),
            kind: "",
        })
        .collect();
    (off, worked)
}

async fn calculate(state: &AppState, t: &Catalog, date: &str, n: &str) -> Calculation {
    let result = async {
        let date = cal::parse_date_field("date", date)?;
        let n = cal::parse_n(n)?;
        cal::add_working_days(&state.store, date, n).await
    }
    .await;
    match result {
        Ok(d) => Calculation {
            deadline: Some(t.date(&d)),
            weekday: weekday(t, d),
            error: None,
        },
        Err(AppError::Invalid(errors)) => Calculation {
            deadline: None,
            weekday: "",
            error: Some(
                errors
                    .iter()
                    .map(|e| format!("{}: {}", t.field(&e.field), t.error(e.code)))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        },
        Err(_) => Calculation {
            deadline: None,
            weekday: "",
            error: Some(t.error_pages.error_internal.to_string()),
        },
    }
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    ctx: &Ctx,
    year: i32,
    calc_date: String,
    calc_n: String,
    lines: Option<String>,
    errors: &[FieldError],
    saved: bool,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let h = cal::year_holidays(&state.store, year).await?;
    let (days_off, working_days) = rows(t, &h);
    let calc = if calc_date.trim().is_empty() && calc_n.trim().is_empty() {
        None
    } else {
        Some(calculate(state, t, &calc_date, &calc_n).await)
    };
    let is_admin = can(ctx, &OrgTree::default(), Capability::ManageRuleSets, None);
    let page = CalendarPage {
        l: Layout::new(ctx, format!("{} {year}", t.calendar.calendar_title)),
        year,
        prev_year: (year > HOLIDAY_FIRST_YEAR).then(|| year - 1),
        next_year: (year < HOLIDAY_LAST_YEAR).then(|| year + 1),
        law: law_label(t, h.law),
        source: t.value(match h.source {
            cal::HolidaySource::Stored => "source_stored",
            cal::HolidaySource::Builtin => "source_builtin",
            cal::HolidaySource::Computed => "source_computed",
        }),
        days_off,
        working_days,
        calc_date,
        calc_n,
        calc,
        is_admin,
        lines: lines.unwrap_or_else(|| cal::as_lines(&h)),
        errors: error_lines(t, errors),
        saved,
    };
    let mut response = render(&page)?;
    if !errors.is_empty() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// `GET /calendar?year=&date=&n=`.
#[utoipa::path(
    get,
    path = "/calendar",
    summary = "Calendar: a year's holidays and the working-day calculator (CAL-01..03, VER-02)",
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn calendar(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<CalendarQuery>,
) -> Result<Response, WebError> {
    // A year that is not a number, or outside the calendar, is an error, not this year.
    let year = match q.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => ctx.today.year(),
        Some(raw) => match raw.parse::<i32>() {
            Ok(y) if (HOLIDAY_FIRST_YEAR..=HOLIDAY_LAST_YEAR).contains(&y) => y,
            Ok(_) => {
                return Err(WebError::Invalid(vec![FieldError::new(
                    "year",
                    "year_out_of_range",
                )]))
            }
            Err(_) => {
                return Err(WebError::Invalid(vec![FieldError::new(
                    "year",
                    "malformed",
                )]))
            }
        },
    };
    let calc_date = q.date.clone().unwrap_or_default();
    let calc_n = q.n.clone().unwrap_or_default();
    page(
        &state,
        &ctx,
        year,
        calc_date,
        calc_n,
        None,
        &[],
        q.saved.is_some(),
    )
    .await
}

/// `POST /calendar/adjustments` (administrators, CAL-02): replaces the year's decreed days
/// from the textarea; errors keep the typed lines and name the line at fault.
#[utoipa::path(
    post,
    path = "/calendar/adjustments",
    summary = "Enter a year's decreed days off and working days (CAL-02)",
    extensions(("x-access" = json!(access(C::ManageRuleSets, S::None))))
)]
pub async fn adjustments_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Form(form): Form<AdjustmentsForm>,
) -> Result<Response, WebError> {
    let year_raw = form.year.clone().unwrap_or_default();
    let lines = form.lines.clone().unwrap_or_default();
    // A year outside the calendar's range and a refused list re-show the form the same way,
    // with the typed lines kept.
    let (year, result) = match year_raw.trim().parse::<i32>() {
        Ok(y) if (HOLIDAY_FIRST_YEAR..=HOLIDAY_LAST_YEAR).contains(&y) => (
            y,
            cal::set_adjustment_lines(&state.store, &ctx.actor(), y, &lines, true)
                .await
                .map(|_| ()),
        ),
        _ => (
            parse_year(&ctx, &None),
            Err(AppError::Invalid(vec![FieldError::new(
                "year",
                "year_out_of_range",
            )])),
        ),
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/calendar?year={year}&saved=1"))),
        Err(AppError::Invalid(errors)) => {
            page(
                &state,
                &ctx,
                year,
                String::new(),
                String::new(),
                Some(lines),
                &errors,
                false,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
