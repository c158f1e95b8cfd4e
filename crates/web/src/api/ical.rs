//! Calendar files of meetings (issue 9, notices): a meeting's `.ics`, and a per-user feed URL
//! with a secret, revocable token that calendar apps subscribe to without a session.

use crate::routes::{access, Scope as S};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use chibo_domain::access::Capability as C;
use chibo_domain::MeetingId;
use serde::Serialize;

use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

/// The UID domain of the events chibo writes.
const UID_HOST: &str = "chibo";

fn ics(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        body,
    )
        .into_response()
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}/ics",
    summary = "The meeting as an iCalendar file (planned start in Vietnam's time, the minimum length of its kind, place; cancelled or postponed meetings marked so)",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    responses((status = 200, description = "`text/calendar`")),
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Meeting))))
)]
pub async fn meeting_ics(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    Ok(ics(chibo_app::ical::meeting_ics(
        &state.store,
        MeetingId(id),
        UID_HOST,
    )
    .await?))
}

/// The feed URL, shown once: the token is stored only by its hash.
#[derive(Serialize)]
pub struct FeedIssued {
    pub url: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/account/calendar-feed",
    summary = "Issue (or replace) the user's calendar feed URL; the old URL stops working",
    tag = "session",
    responses((status = 201, description = "`{url}`: subscribe to it in a calendar app; shown once")),
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn issue_feed(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
) -> Result<(StatusCode, Json<FeedIssued>), WebError> {
    let user = ctx.user.as_ref().ok_or(WebError::Forbidden)?.record.id;
    let token = chibo_app::ical::issue_feed(&state.store, &ctx.actor(), user).await?;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    Ok((
        StatusCode::CREATED,
        Json(FeedIssued {
            url: format!("http://{host}/calendar/feed/{token}"),
        }),
    ))
}

#[utoipa::path(
    delete,
    path = "/api/v1/account/calendar-feed",
    summary = "Revoke the user's calendar feed URL",
    tag = "session",
    responses((status = 204, description = "Revoked")),
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn revoke_feed(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
) -> Result<StatusCode, WebError> {
    let user = ctx.user.as_ref().ok_or(WebError::Forbidden)?.record.id;
    chibo_app::ical::revoke_feed(&state.store, &ctx.actor(), user).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get,
    path = "/calendar/feed/{token}",
    summary = "A user's calendar feed: the meetings of their cell from last year to next; 404 once revoked",
    tag = "session",
    params(("token" = String, Path, description = "The secret token of the feed URL")),
    responses((status = 200, description = "`text/calendar`"), (status = 404, description = "Unknown or revoked")),
    extensions(("x-access" = json!(access(C::Public, S::None))))
)]
pub async fn feed(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    match chibo_app::ical::feed(&state.store, &token, ctx.today, UID_HOST).await? {
        Some(body) => Ok(ics(body)),
        None => Err(WebError::NotFound),
    }
}
