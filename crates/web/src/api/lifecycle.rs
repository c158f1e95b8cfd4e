//! The membership lifecycle (issue 12): a member's exemption (MEM-EX-01/02), temporary
//! transfer (MEM-TR-03), official transfer and its steps (MEM-TR-01/02) and discipline by the
//! cell (MEM-DIS-01), and the member's records with what falls due. A transfer's steps are
//! recorded by the member's cell (`/people/{id}/…`) or by the receiving cell
//! (`/orgs/{id}/transfers/…`): it is followed at both. The deadline feed
//! (`GET /api/v1/orgs/{id}/deadlines`) lists these deadlines with the admission ones.

use crate::routes::{access, Scope as S};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use chibo_app::lifecycle::{
    DisciplineInput, EventView, ExemptionInput, TemporaryTransferInput, TransferInput,
    TransferScope, TransferStepInput,
};
use chibo_domain::access::Capability as C;
use chibo_domain::{OrgId, PersonId};

use super::admissions::Id;
use super::meetings::Versioned;
use super::ApiJson;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/lifecycle",
    summary = "A member's lifecycle records (exemptions, temporary and official transfers, disciplines), oldest first, each open one with what falls due: rule, trigger, last working day, working days left",
    tag = "lifecycle",
    params(("id" = i64, Path, description = "Person id")),
    responses((status = 200, description = "The records")),
    extensions(("x-access" = json!(access(C::ViewMembers, S::Person))))
)]
pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<EventView>>, WebError> {
    Ok(Json(
        chibo_app::lifecycle::events(&state.store, PersonId(id), ctx.today).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/exemptions",
    summary = "MEM-EX-01: an exemption from work and activities decided by the cell's resolution (ground, resolution date, period, certificate for poor health, day reported upward); the member is exempted over the period (MEM-EX-02: out of the vote denominator when absent, MTG-ATT-03; not graded in the annual review)",
    tag = "lifecycle",
    params(("id" = i64, Path, description = "Person id")),
    request_body = ExemptionInput,
    responses((status = 201, description = "`{id}`"), (status = 422, description = "`exemption_certificate_required`, `exemption_before_resolution`, `exemption_report_before_resolution`, `not_at_home`, `overlap`")),
    extensions(("x-access" = json!(access(C::EditMembers, S::Person))))
)]
pub async fn exemption(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ExemptionInput>,
) -> Result<(StatusCode, Json<Id>), WebError> {
    let id =
        chibo_app::lifecycle::record_exemption(&state.store, &ctx.actor(), PersonId(id), &body)
            .await?;
    Ok(created(id))
}

#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/exemptions/{exemption}/steps",
    summary = "MEM-EX-01/02: `reported` (the directly superior committee informed, once, not before the resolution) or `returned` (the member back from that day: the exempted status ends the day before), in one unit of work",
    tag = "lifecycle",
    params(("id" = i64, Path, description = "Person id"), ("exemption" = i64, Path, description = "Exemption record id")),
    request_body = TransferStepInput,
    responses((status = 200, description = "`{version}`"), (status = 409, description = "Stale version"), (status = 422, description = "`exemption_order`, `exemption_report_before_resolution`")),
    extensions(("x-access" = json!(access(C::EditMembers, S::Person))))
)]
pub async fn exemption_step(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((id, exemption)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<TransferStepInput>,
) -> Result<Json<Versioned>, WebError> {
    let version = chibo_app::lifecycle::exemption_step(
        &state.store,
        &ctx.actor(),
        exemption,
        PersonId(id),
        &body,
    )
    .await?;
    Ok(Json(Versioned { version }))
}

#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/temporary-transfers",
    summary = "MEM-TR-03: a temporary transfer from the member's home cell (work: 3 months to under 1 year; study: to 2 years) to a host cell in chibo (attached there, MTG-ATT-12) or named outside it (away at home); the member keeps official membership and any committee seat",
    tag = "lifecycle",
    params(("id" = i64, Path, description = "Person id")),
    request_body = TemporaryTransferInput,
    responses((status = 201, description = "`{id}`"), (status = 422, description = "`temporary_transfer_length`, `host_is_home`, `host_required`, `not_at_home`, `not_a_cell`")),
    extensions(("x-access" = json!(access(C::EditMembers, S::Person))))
)]
pub async fn temporary_transfer(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<TemporaryTransferInput>,
) -> Result<(StatusCode, Json<Id>), WebError> {
    let id = chibo_app::lifecycle::record_temporary_transfer(
        &state.store,
        &ctx.actor(),
        PersonId(id),
        &body,
    )
    .await?;
    Ok(created(id))
}

#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/transfers",
    summary = "MEM-TR-01: an official transfer decided (new job, retirement, move) from the member's home cell to a receiving cell (in chibo or named); the letter falls due within 60 working days of the decision, tracked at both cells",
    tag = "lifecycle",
    params(("id" = i64, Path, description = "Person id")),
    request_body = TransferInput,
    responses((status = 201, description = "`{id}`"), (status = 422, description = "`receiving_is_sending`, `receiving_required`, `transfer_open`, `not_at_home`, `reason_required`")),
    extensions(("x-access" = json!(access(C::EditMembers, S::Person))))
)]
pub async fn transfer(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<TransferInput>,
) -> Result<(StatusCode, Json<Id>), WebError> {
    let id = chibo_app::lifecycle::record_transfer(&state.store, &ctx.actor(), PersonId(id), &body)
        .await?;
    Ok(created(id))
}

#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/transfers/{transfer}/steps",
    summary = "MEM-TR-01/02, recorded by the member's cell: `letter` (issued; late after 60 working days is flagged) or `received` (the home placement ends the day before and starts at the receiving cell; late after 30 working days is flagged), in one unit of work",
    tag = "lifecycle",
    params(("id" = i64, Path, description = "Person id"), ("transfer" = i64, Path, description = "Transfer record id")),
    request_body = TransferStepInput,
    responses((status = 200, description = "`{version}`"), (status = 409, description = "Stale version"), (status = 422, description = "`letter_before_decision`, `received_before_letter`, `transfer_order`")),
    extensions(("x-access" = json!(access(C::EditMembers, S::Person))))
)]
pub async fn member_transfer_step(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((id, transfer)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<TransferStepInput>,
) -> Result<Json<Versioned>, WebError> {
    step_transfer(
        &state,
        &ctx,
        transfer,
        TransferScope::Person(PersonId(id)),
        &body,
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/orgs/{id}/transfers/{transfer}/steps",
    summary = "MEM-TR-01/02, recorded by the sending or the receiving cell: `letter` or `received`, as on the member's route",
    tag = "lifecycle",
    params(("id" = i64, Path, description = "Sending or receiving cell id"), ("transfer" = i64, Path, description = "Transfer record id")),
    request_body = TransferStepInput,
    responses((status = 200, description = "`{version}`"), (status = 409, description = "Stale version"), (status = 422, description = "`letter_before_decision`, `received_before_letter`, `transfer_order`")),
    extensions(("x-access" = json!(access(C::EditMembers, S::Org))))
)]
pub async fn cell_transfer_step(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((org, transfer)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<TransferStepInput>,
) -> Result<Json<Versioned>, WebError> {
    step_transfer(
        &state,
        &ctx,
        transfer,
        TransferScope::Org(OrgId(org)),
        &body,
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/disciplines",
    summary = "MEM-DIS-01: a reprimand or warning decided by the member's cell, in effect from the vote's date; more than half of the denominator in favour (MTG-ATT-02), the denominator derived at the meeting (MTG-ATT-03: a meeting's recorded discipline vote) or typed, never above the official members summoned",
    tag = "lifecycle",
    params(("id" = i64, Path, description = "Person id")),
    request_body = DisciplineInput,
    responses((status = 201, description = "`{id}`"), (status = 422, description = "`discipline_vote_not_majority`, `denominator_too_large`, `too_many_votes`, `vote_mismatch`, `not_at_home`")),
    extensions(("x-access" = json!(access(C::EditMembers, S::Person))))
)]
pub async fn discipline(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<DisciplineInput>,
) -> Result<(StatusCode, Json<Id>), WebError> {
    let id =
        chibo_app::lifecycle::record_discipline(&state.store, &ctx.actor(), PersonId(id), &body)
            .await?;
    Ok(created(id))
}

/// A lifecycle record created: `201` with its id.
fn created(id: i64) -> (StatusCode, Json<Id>) {
    (StatusCode::CREATED, Json(Id { id }))
}

/// A transfer's step, recorded by the member's cell or by the sending or receiving cell: the
/// scope says which (the member's and the cell's routes share this body).
async fn step_transfer(
    state: &AppState,
    ctx: &Ctx,
    transfer: i64,
    scope: TransferScope,
    body: &TransferStepInput,
) -> Result<Json<Versioned>, WebError> {
    let version =
        chibo_app::lifecycle::transfer_step(&state.store, &ctx.actor(), transfer, scope, body)
            .await?;
    Ok(Json(Versioned { version }))
}
