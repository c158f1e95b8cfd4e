//! Rule sets (VER-01) and local settings (MTG-QA-02..04, MTG-DUR-01, MTG-DAY-01) over the
//! API.

use crate::routes::{access, Scope as S};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use chibo_app::rules::{self, AreaTimeline, LocalSettingsView, RuleSetView};
use chibo_domain::access::Capability as C;
use chibo_domain::ruleset::RuleVersion;
use chibo_domain::OrgId;
use serde_json::Value;

use super::orgs::{query_date, DateQuery};
use super::ApiJson;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

/// `GET /api/v1/rulesets`: every version of every area, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/rulesets",
    summary = "Every rule version, by area (VER-01)",
    tag = "rules", responses((status = 200, description = "Areas with their version timelines")),
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<AreaTimeline>>, WebError> {
    let catalogue = rules::catalogue(&state.store).await?;
    Ok(Json(rules::timelines(&catalogue)))
}

/// `GET /api/v1/rulesets/on?date=`: the rule set composed for a date (VER-01).
#[utoipa::path(
    get,
    path = "/api/v1/rulesets/on",
    summary = "The rule set in force on ?date= (default today): versions, agendas, parameters (VER-01)",
    tag = "rules", params(("date" = Option<String>, Query, format = Date, description = "The date whose rules are composed; default today in Vietnam")), responses((status = 200, description = "The composed rule set")),
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn on(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<DateQuery>,
) -> Result<Json<RuleSetView>, WebError> {
    let date = query_date(&ctx, &q)?;
    let set = rules::rules_on(&state.store, date).await?;
    Ok(Json(RuleSetView::of(&set)))
}

/// `POST /api/v1/rulesets` (administrators): adds a future version; the body is the whole
/// version as `GET /api/v1/rulesets` shows it (VER-01).
#[utoipa::path(
    post,
    path = "/api/v1/rulesets",
    summary = "Add a future rule version (VER-01; administrators)",
    tag = "rules", request_body(content = serde_json::Value, description = "A whole rule version, as listed by GET /api/v1/rulesets: area, code, title_vi, effective_from (yyyy-mm-dd, after today), sources, summary_vi, parameters"), responses((status = 201, description = "Created")),
    extensions(("x-access" = json!(access(C::ManageRuleSets, S::None))))
)]
pub async fn add_version(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    ApiJson(body): ApiJson<Value>,
) -> Result<(StatusCode, Json<RuleVersion>), WebError> {
    let version = rules::parse_version(&body, None).map_err(WebError::Invalid)?;
    rules::add_version(&state.store, &ctx.actor(), &version, ctx.today).await?;
    Ok((StatusCode::CREATED, Json(version)))
}

/// `GET /api/v1/orgs/{id}/local-settings?date=`: what the organisation sets and what is in
/// force for it after inheritance on the date.
#[utoipa::path(
    get,
    path = "/api/v1/orgs/{id}/local-settings",
    summary = "Local settings of an organisation: its own and those in force after inheritance (MTG-QA-02..04, MTG-DUR-01, MTG-DAY-01)",
    tag = "rules", params(("id" = i64, Path, description = "Organisation id"), ("date" = Option<String>, Query, format = Date, description = "View as of this date (dd/mm/yyyy or yyyy-mm-dd); default today in Vietnam")), responses((status = 200, description = "Own and effective settings")),
    extensions(("x-access" = json!(access(C::ViewOrg, S::Org))))
)]
pub async fn local_settings(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Query(q): Query<DateQuery>,
) -> Result<Json<LocalSettingsView>, WebError> {
    let date = query_date(&ctx, &q)?;
    Ok(Json(
        rules::local_settings(&state.store, OrgId(id), date).await?,
    ))
}

/// `POST /api/v1/orgs/{id}/local-settings`: replaces what the organisation sets for the
/// units under it (MTG-QA-02/03/04, MTG-DUR-01, MTG-DAY-01); absent fields are inherited.
#[utoipa::path(
    post,
    path = "/api/v1/orgs/{id}/local-settings",
    summary = "Set the local settings of an organisation for the units under it (MTG-QA-02..04, MTG-DUR-01, MTG-DAY-01)",
    tag = "rules", params(("id" = i64, Path, description = "Organisation id")), request_body(content = serde_json::Value, description = "What the organisation sets for the units under it; absent fields are inherited: criteria, grade_thresholds, full_marks_for_good, attendance_bands, min_meeting_minutes, min_combined_minutes, meeting_day"), responses((status = 200, description = "Own and effective settings")),
    extensions(("x-access" = json!(access(C::ManageLocalSettings, S::Org))))
)]
pub async fn set_local_settings(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<LocalSettingsView>, WebError> {
    let overrides = rules::parse_overrides(&body).map_err(WebError::Invalid)?;
    Ok(Json(
        rules::set_local_settings(&state.store, &ctx.actor(), OrgId(id), &overrides, ctx.today)
            .await?,
    ))
}
