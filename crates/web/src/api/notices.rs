//! In-app notices (issue 9, MTG-PREP-03): the caller's notices and marking one read, and the
//! superior committee member assigned to follow a cell (told of its meetings).

use crate::routes::{access, Scope as S};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use chibo_app::notices::LiaisonInput;
use chibo_domain::access::Capability as C;
use chibo_domain::OrgId;
use chibo_store::NoticeRecord;

use super::ApiJson;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

#[utoipa::path(
    get,
    path = "/api/v1/account/notices",
    summary = "The caller's notices, unread first: a meeting of their cell published (MTG-PREP-03), with its kind, date, start and place",
    tag = "session",
    responses((status = 200, description = "`[{id, kind, meeting, org, meeting_kind, meeting_date, planned_start, place, created_at, read}]`")),
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
) -> Result<Json<Vec<NoticeRecord>>, WebError> {
    let person = ctx.user.as_ref().and_then(|u| u.record.person);
    Ok(Json(match person {
        Some(p) => chibo_app::notices::of_person(&state.store, p).await?,
        None => Vec::new(),
    }))
}

/// Body of `POST /api/v1/account/notices/read`: the notices to mark read; absent: all.
#[derive(serde::Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct ReadBody {
    pub ids: Option<Vec<i64>>,
}

/// How many notices were marked read.
#[derive(serde::Serialize)]
pub struct ReadCount {
    pub read: u64,
}

#[utoipa::path(
    post,
    path = "/api/v1/account/notices/read",
    summary = "Mark the caller's notices read: those listed in `ids`, or all of them",
    tag = "session",
    request_body = ReadBody,
    responses((status = 200, description = "`{read}`: how many were unread and are now read (another person's notices are never touched)")),
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn read(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    ApiJson(body): ApiJson<ReadBody>,
) -> Result<Json<ReadCount>, WebError> {
    let person = ctx.user.as_ref().and_then(|u| u.record.person);
    let read =
        chibo_app::notices::mark_read(&state.store, &ctx.actor(), person, body.ids.as_deref())
            .await?;
    Ok(Json(ReadCount { read }))
}

#[utoipa::path(
    put,
    path = "/api/v1/orgs/{id}/liaison",
    summary = "The superior committee member assigned to follow this cell (MTG-PREP-03): told when its meetings are published",
    tag = "orgs",
    params(("id" = i64, Path, description = "Cell id")),
    request_body = LiaisonInput,
    responses((status = 204, description = "Assigned"), (status = 422, description = "`required`, `bad_date`")),
    extensions(("x-access" = json!(access(C::ManageOrgTree, S::Org))))
)]
pub async fn set_liaison(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<LiaisonInput>,
) -> Result<StatusCode, WebError> {
    chibo_app::notices::set_liaison(&state.store, &ctx.actor(), OrgId(id), &body).await?;
    Ok(StatusCode::NO_CONTENT)
}
