//! Rule sets (VER-01) and local settings (MTG-QA-02..04, MTG-DUR-01, MTG-DAY-01) over the
//! API.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use chibo_app::rules::{self, AreaTimeline, LocalSettingsView, RuleSetView};
use chibo_domain::ruleset::RuleVersion;
use chibo_domain::OrgId;
use serde_json::Value;

use super::orgs::{query_date, DateQuery};
use super::ApiJson;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

/// `GET /api/v1/rulesets`: every version of every area, oldest first.
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<AreaTimeline>>, WebError> {
    let catalogue = rules::catalogue(&state.store).await?;
    Ok(Json(rules::timelines(&catalogue)))
}

/// `GET /api/v1/rulesets/on?date=`: the rule set composed for a date (VER-01).
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
