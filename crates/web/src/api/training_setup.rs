//! Setting up practice over JSON (issue 13, TRN-01): a committee's staff create courses,
//! classes, practice groups (each with its sandbox cell) and participants; a group's
//! learners and the class's trainers plan its mock meetings. Every route answers `201 {id}`
//! or 422 with the fields at fault.

use crate::routes::{access, Scope as S};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use chibo_app::training_setup::{ClassInput, CourseInput, GroupInput, MockInput, ParticipantInput};
use chibo_domain::access::Capability as C;
use chibo_domain::OrgId;

use super::plans::Id;
use super::ApiJson;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

fn created(id: i64) -> (StatusCode, Json<Id>) {
    (StatusCode::CREATED, Json(Id { id }))
}

#[utoipa::path(
    post,
    path = "/api/v1/orgs/{id}/training/courses",
    summary = "A practice course of this committee, practising the chosen version of the meeting guidance (`guidance`, e.g. \"HD 12/2018\") on `date` or a day it governs (TRN-01, VER-01)",
    tag = "training",
    params(("id" = i64, Path, description = "The owning committee")),
    request_body = CourseInput,
    responses((status = 201, description = "`{id}`"), (status = 422, description = "`training_owner_is_cell`, `training_unknown_guidance`, `training_date_outside_guidance`, `required`")),
    extensions(("x-access" = json!(access(C::ManageTraining, S::Org))))
)]
pub async fn create_course(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<CourseInput>,
) -> Result<(StatusCode, Json<Id>), WebError> {
    let id = chibo_app::training_setup::create_course(&state.store, &ctx.actor(), OrgId(id), &body)
        .await?;
    Ok(created(id))
}

#[utoipa::path(
    post,
    path = "/api/v1/training/courses/{id}/classes",
    summary = "A class of a practice course (TRN-01)",
    tag = "training",
    params(("id" = i64, Path, description = "Course id")),
    request_body = ClassInput,
    responses((status = 201, description = "`{id}`"), (status = 404, description = "`not_found`"), (status = 422, description = "`required`, `bad_date`")),
    extensions(("x-access" = json!(access(C::ManageTraining, S::TrainingCourse))))
)]
pub async fn create_class(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ClassInput>,
) -> Result<(StatusCode, Json<Id>), WebError> {
    let id = chibo_app::training_setup::create_class(&state.store, &ctx.actor(), id, &body).await?;
    Ok(created(id))
}

#[utoipa::path(
    post,
    path = "/api/v1/training/classes/{id}/groups",
    summary = "A practice group of a class, with its sandbox cell of `size` generated members (12 to 60, default 15: official, probationary, exempted, attached) (TRN-01)",
    tag = "training",
    params(("id" = i64, Path, description = "Class id")),
    request_body = GroupInput,
    responses((status = 201, description = "`{id}`"), (status = 404, description = "`not_found`"), (status = 422, description = "`required`, `training_group_size`")),
    extensions(("x-access" = json!(access(C::ManageTraining, S::TrainingClass))))
)]
pub async fn create_group(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<GroupInput>,
) -> Result<(StatusCode, Json<Id>), WebError> {
    let id = chibo_app::training_setup::create_group(&state.store, &ctx.actor(), id, &body).await?;
    Ok(created(id))
}

#[utoipa::path(
    post,
    path = "/api/v1/training/classes/{id}/participants",
    summary = "Someone taking part in a group of the class: learner, trainer or guest, optionally acting through a login (TRN-01)",
    tag = "training",
    params(("id" = i64, Path, description = "Class id")),
    request_body = ParticipantInput,
    responses((status = 201, description = "`{id}`"), (status = 404, description = "`not_found`"), (status = 422, description = "`required`, `unknown_value`, `unknown_login`, `training_already_in_group`")),
    extensions(("x-access" = json!(access(C::ManageTraining, S::TrainingClass))))
)]
pub async fn add_participant(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ParticipantInput>,
) -> Result<(StatusCode, Json<Id>), WebError> {
    let id =
        chibo_app::training_setup::add_participant(&state.store, &ctx.actor(), id, &body).await?;
    Ok(created(id))
}

#[utoipa::path(
    post,
    path = "/api/v1/training/groups/{id}/meetings",
    summary = "Plan the group's next mock meeting (regular or thematic) for a learner to chair, practising the course's guidance or another one chosen, dated inside it (TRN-01, VER-01)",
    tag = "training",
    params(("id" = i64, Path, description = "Practice group id")),
    request_body = MockInput,
    responses((status = 201, description = "`{id}` of the meeting"), (status = 404, description = "`not_found`"), (status = 422, description = "`required`, `unknown_value`, `training_unknown_guidance`, `training_date_outside_guidance`")),
    extensions(("x-access" = json!(access(C::PlanMockMeetings, S::TrainingGroup))))
)]
pub async fn plan_meeting(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<MockInput>,
) -> Result<(StatusCode, Json<Id>), WebError> {
    let m = chibo_app::training_setup::plan_meeting(&state.store, &ctx.actor(), id, &body).await?;
    Ok(created(m.0))
}
