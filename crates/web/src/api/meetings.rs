//! Meetings over the API (Meetings I): a cell's meetings, one meeting with its agenda,
//! roster and roll call, and what is recorded at it. The paths are a contract (issue 8).

use crate::routes::{access, Scope as S};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use chibo_app::meetings::{
    AttendanceInput, ContributionInput, MeetingInput, MeetingView, TaskInput, VoteInput,
};
use chibo_app::FieldError;
use chibo_domain::access::Capability as C;
use chibo_domain::meeting::{MeetingStatus, Transition};
use chibo_domain::{MeetingId, OrgId, PersonId};
use chibo_store::{MeetingSummary, VoteRecord};
use serde::{Deserialize, Serialize};

use super::ApiJson;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

/// `?year=` of the meeting list.
#[derive(Deserialize, Default)]
pub struct YearQuery {
    pub year: Option<i32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/orgs/{cell}/meetings",
    summary = "A cell's meetings in a year",
    tag = "meetings",
    params(
        ("cell" = i64, Path, description = "Cell id"),
        ("year" = Option<i32>, Query, description = "Year; default this year in Vietnam")
    ),
    responses((status = 200, description = "The meetings dated in the year, by date: id, kind, date, planned start, place, status, version")),
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Org))))
)]
pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(cell): Path<i64>,
    Query(q): Query<YearQuery>,
) -> Result<Json<Vec<MeetingSummary>>, WebError> {
    let year = q.year.unwrap_or(ctx.today.year());
    Ok(Json(
        chibo_app::meetings::list(&state.store, OrgId(cell), year).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/orgs/{cell}/meetings",
    summary = "Plan a meeting of a cell; its agenda comes from the rule set in force on its date",
    tag = "meetings",
    params(("cell" = i64, Path, description = "Cell id")),
    request_body = MeetingInput,
    responses((status = 201, description = "The meeting, as `GET /api/v1/meetings/{id}`")),
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Org))))
)]
pub async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(cell): Path<i64>,
    ApiJson(body): ApiJson<MeetingInput>,
) -> Result<(StatusCode, Json<MeetingView>), WebError> {
    let id = chibo_app::meetings::create(&state.store, &ctx.actor(), OrgId(cell), &body).await?;
    let view = chibo_app::meetings::show(&state.store, id).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}",
    summary = "A meeting: status, version, agenda steps with their state, roster with attendance, contributions, tasks, votes",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    responses((status = 200, description = "The meeting; `roster` lists everyone on the cell's roster on its date with `summoned`, `may_vote` and `attendance`")),
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Meeting))))
)]
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<MeetingView>, WebError> {
    Ok(Json(
        chibo_app::meetings::show(&state.store, MeetingId(id)).await?,
    ))
}

#[utoipa::path(
    put,
    path = "/api/v1/meetings/{id}/attendance/{person}",
    summary = "Record how a person on the roster attended (MTG-ATT-07)",
    tag = "meetings",
    params(
        ("id" = i64, Path, description = "Meeting id"),
        ("person" = i64, Path, description = "Person id: someone on the cell's roster on the meeting's date")
    ),
    request_body = AttendanceInput,
    responses((status = 204, description = "Recorded")),
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn set_attendance(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((id, person)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<AttendanceInput>,
) -> Result<StatusCode, WebError> {
    chibo_app::meetings::set_attendance(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        PersonId(person),
        &body,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The id of what was recorded.
#[derive(Serialize)]
pub struct Created {
    pub id: i64,
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/contributions",
    summary = "Record a contribution tied to an agenda step",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = ContributionInput,
    responses((status = 201, description = "`{id}` of the contribution")),
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn add_contribution(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ContributionInput>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let id =
        chibo_app::meetings::add_contribution(&state.store, &ctx.actor(), MeetingId(id), &body)
            .await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/tasks",
    summary = "Assign a task: owners and a deadline after the meeting (MTG-ORD-06/08)",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = TaskInput,
    responses((status = 201, description = "`{id}` of the task")),
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn add_task(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<TaskInput>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let id =
        chibo_app::meetings::add_task(&state.store, &ctx.actor(), MeetingId(id), &body).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/votes",
    summary = "Record a vote; the denominator is derived from the roster on the meeting's date, the roll call and the rule set in force (MTG-ATT-03), never typed",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = VoteInput,
    responses(
        (status = 201, description = "The vote with `denominator`, `denominator_breakdown` (summoned, each exclusion by person and reason) and `passed`"),
        (status = 422, description = "`too_many_votes` on `votes_for`: more votes than members present who may vote (MTG-ATT-01)")
    ),
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn record_vote(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<VoteInput>,
) -> Result<(StatusCode, Json<VoteRecord>), WebError> {
    let vote =
        chibo_app::meetings::record_vote(&state.store, &ctx.actor(), MeetingId(id), &body).await?;
    Ok((StatusCode::CREATED, Json(vote)))
}

/// Body of `POST /api/v1/meetings/{id}/transitions`.
#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct TransitionBody {
    /// `notify`, `start`, `close`, `postpone`, `reschedule`, `cancel`, `reopen`.
    pub action: Option<String>,
    /// Required to postpone, cancel or re-open.
    pub reason: Option<String>,
    /// The meeting version the client read; absent = no check.
    pub version: Option<i64>,
}

/// `{status}` after a transition.
#[derive(Serialize)]
pub struct StatusBody {
    pub status: MeetingStatus,
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/transitions",
    summary = "Move a meeting along its lifecycle (planned → notified → in progress → closed; postponed, cancelled, re-opened with a reason)",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = TransitionBody,
    responses((status = 200, description = "`{status}`"), (status = 409, description = "Stale version")),
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn transition(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<TransitionBody>,
) -> Result<Json<StatusBody>, WebError> {
    let reason = body.reason.clone().unwrap_or_default();
    let t = match body.action.as_deref().map(str::trim) {
        Some("notify") => Transition::Notify,
        Some("start") => Transition::Start,
        Some("close") => Transition::Close,
        Some("postpone") => Transition::Postpone { reason },
        Some("reschedule") => Transition::Reschedule,
        Some("cancel") => Transition::Cancel { reason },
        Some("reopen") => Transition::Reopen { reason },
        Some(_) => {
            return Err(WebError::Invalid(vec![FieldError::new(
                "to",
                "unknown_value",
            )]))
        }
        None => return Err(WebError::Invalid(vec![FieldError::new("to", "required")])),
    };
    let status = chibo_app::meetings::transition(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        &t,
        body.version,
    )
    .await?;
    Ok(Json(StatusBody { status }))
}
