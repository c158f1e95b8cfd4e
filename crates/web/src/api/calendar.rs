//! The working-day calendar over the API (CAL-01..03, VER-02).

use crate::routes::{access, Scope as S};
use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use chibo_app::calendar::{self as cal, AdjustmentsInput, YearHolidays};
use chibo_app::FieldError;
use chibo_domain::access::Capability as C;
use serde::Deserialize;
use serde_json::{json, Value};

use super::ApiJson;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

fn iso(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn parse_year(raw: &str) -> Result<i32, WebError> {
    raw.trim()
        .parse::<i32>()
        .map_err(|_| WebError::Invalid(vec![FieldError::new("year", "malformed")]))
}

/// `GET /api/v1/calendar/holidays/{year}`: the days off and swapped working days of a year,
/// the holiday law in force (CAL-03) and where the list comes from (stored, built-in,
/// computed).
#[utoipa::path(
    get,
    path = "/api/v1/calendar/holidays/{year}",
    summary = "Public holidays and swapped working days of a year, with the holiday law in force (CAL-01..03)",
    tag = "calendar", params(("year" = i32, Path, description = "Year, e.g. 2026")), responses((status = 200, description = "The year's days off and working days")),
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn holidays(
    State(state): State<AppState>,
    Path(year): Path<String>,
) -> Result<Json<YearHolidays>, WebError> {
    let year = parse_year(&year)?;
    Ok(Json(cal::year_holidays(&state.store, year).await?))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct WorkingDaysQuery {
    /// Start date (dd/mm/yyyy or yyyy-mm-dd); with n: the n-th working day after it;
    /// alone: whether it is a working day.
    #[param(format = Date)]
    pub date: Option<String>,
    /// Number of working days (whole, not negative).
    pub n: Option<String>,
    /// With to: count the working days d with from < d ≤ to.
    #[param(format = Date)]
    pub from: Option<String>,
    /// End of the count.
    #[param(format = Date)]
    pub to: Option<String>,
}

/// `GET /api/v1/calendar/working-days` (VER-02), three questions on one resource:
/// - `?date=D&n=N` → `{"date", "n", "deadline"}`: the N-th working day after D (D itself
///   does not count);
/// - `?from=A&to=B` → `{"from", "to", "working_days"}`: working days d with A < d ≤ B;
/// - `?date=D` → `{"date", "is_working_day"}`.
#[utoipa::path(
    get,
    path = "/api/v1/calendar/working-days",
    summary = "Working days: ?date=&n= gives the n-th working day after date; ?from=&to= counts them; ?date= alone tells whether it is one (VER-02)",
    tag = "calendar", params(WorkingDaysQuery), responses((status = 200, description = "The answer")),
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn working_days(
    State(state): State<AppState>,
    Query(q): Query<WorkingDaysQuery>,
) -> Result<Json<Value>, WebError> {
    let store = &state.store;
    match (&q.date, &q.n, &q.from, &q.to) {
        (Some(date), Some(n), _, _) => {
            let date = cal::parse_date_field("date", date)?;
            let n = cal::parse_n(n)?;
            let deadline = cal::add_working_days(store, date, n).await?;
            Ok(Json(
                json!({"date": iso(date), "n": n, "deadline": iso(deadline)}),
            ))
        }
        (None, None, Some(from), Some(to)) => {
            let from = cal::parse_date_field("from", from)?;
            let to = cal::parse_date_field("to", to)?;
            let count = cal::working_days_between(store, from, to).await?;
            Ok(Json(
                json!({"from": iso(from), "to": iso(to), "working_days": count}),
            ))
        }
        (Some(date), None, None, None) => {
            let date = cal::parse_date_field("date", date)?;
            let working = cal::is_working_day(store, date).await?;
            Ok(Json(json!({"date": iso(date), "is_working_day": working})))
        }
        (None, Some(_), _, _) => Err(WebError::Invalid(vec![FieldError::new("date", "required")])),
        (_, _, Some(_), None) => Err(WebError::Invalid(vec![FieldError::new("to", "required")])),
        (_, _, None, Some(_)) => Err(WebError::Invalid(vec![FieldError::new("from", "required")])),
        _ => Err(WebError::Invalid(vec![FieldError::new("date", "required")])),
    }
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct LunarQuery {
    /// Solar date (dd/mm/yyyy or yyyy-mm-dd); default today in Vietnam.
    #[param(format = Date)]
    pub date: Option<String>,
}

/// `GET /api/v1/calendar/lunar?date=`: the Vietnamese lunar date (UTC+7) of a day (CAL-01).
#[utoipa::path(
    get,
    path = "/api/v1/calendar/lunar",
    summary = "Vietnamese lunar date of ?date= (CAL-01)",
    tag = "calendar", params(LunarQuery), responses((status = 200, description = "The lunar date")),
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn lunar(
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<LunarQuery>,
) -> Result<Json<Value>, WebError> {
    let date = match &q.date {
        Some(raw) => cal::parse_date_field("date", raw)?,
        None => ctx.today,
    };
    let l = chibo_domain::calendar::to_lunar(date)
        .map_err(|e| WebError::from(chibo_app::AppError::from(e)))?;
    Ok(Json(json!({"date": iso(date), "lunar": l})))
}

/// `POST /api/v1/calendar/adjustments/{year}` (administrators, CAL-02): replaces the
/// decreed days of the year. Body: `{"replaces_computed": true, "days": [{"date":
/// "17/02/2028", "kind": "day_off"|"working_day", "name": "…", "holiday_kind": …}]}`.
#[utoipa::path(
    post,
    path = "/api/v1/calendar/adjustments/{year}",
    summary = "Replace a year's decreed days off and working days (CAL-02; administrators)",
    tag = "calendar", params(("year" = i32, Path, description = "Year, e.g. 2026")), request_body = AdjustmentsInput, responses((status = 200, description = "The year's days after the change")),
    extensions(("x-access" = json!(access(C::ManageRuleSets, S::None))))
)]
pub async fn set_adjustments(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(year): Path<String>,
    ApiJson(input): ApiJson<AdjustmentsInput>,
) -> Result<Json<YearHolidays>, WebError> {
    let year = parse_year(&year)?;
    Ok(Json(
        cal::set_adjustments(&state.store, &ctx.actor(), year, &input).await?,
    ))
}
