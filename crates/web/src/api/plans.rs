//! The annual thematic plan (issue 11): directives of superior committees, a cell's plan and
//! its items, the workflow (submit, acknowledge, return, revise) and the superior's view of
//! a year. The paths named in the issue are a contract.

use crate::routes::{access, Scope as S};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use chibo_app::plans::{CellPlanView, DirectiveInput, ItemsInput, PlanInput, PlanView, StepInput};
use chibo_domain::access::Capability as C;
use chibo_domain::OrgId;
use chibo_store::DirectiveRecord;
use serde::Serialize;

use super::meetings::{Versioned, YearQuery};
use super::ApiJson;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

/// The id of what was created.
#[derive(Serialize)]
pub struct Id {
    pub id: i64,
}

#[utoipa::path(
    post,
    path = "/api/v1/orgs/{committee}/directives",
    summary = "A superior committee's directive on thematic plans (PLAN-03): number in the DOC-06 form, date, issuer, title, year, due date, orientation topics; addressed to its subtree or a committee in it",
    tag = "plans",
    params(("committee" = i64, Path, description = "The sending committee")),
    request_body = DirectiveInput,
    responses((status = 201, description = "`{id}`"), (status = 422, description = "`malformed_reference`, `due_before_directive`, `directive_incomplete`, `outside_subtree`")),
    extensions(("x-access" = json!(access(C::ReviewPlans, S::Org))))
)]
pub async fn add_directive(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(committee): Path<i64>,
    ApiJson(body): ApiJson<DirectiveInput>,
) -> Result<(StatusCode, Json<Id>), WebError> {
    let id = chibo_app::plans::add_directive(&state.store, &ctx.actor(), OrgId(committee), &body)
        .await?;
    Ok((StatusCode::CREATED, Json(Id { id })))
}

#[utoipa::path(
    get,
    path = "/api/v1/orgs/{committee}/directives",
    summary = "The directives on thematic plans addressed to this organisation or a committee above it, for a year",
    tag = "plans",
    params(
        ("committee" = i64, Path, description = "Cell (or committee) id"),
        ("year" = Option<i32>, Query, description = "Plan year; default this year")
    ),
    responses((status = 200, description = "The directives, oldest first")),
    extensions(("x-access" = json!(access(C::ViewPlans, S::Org))))
)]
pub async fn directives(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(org): Path<i64>,
    Query(q): Query<YearQuery>,
) -> Result<Json<Vec<DirectiveRecord>>, WebError> {
    let year = q.year.unwrap_or(ctx.today.year());
    Ok(Json(state.store.directives_for(OrgId(org), year).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/orgs/{id}/plans",
    summary = "Start the cell's thematic plan for a year (PLAN-01: one per cell and year), a draft answering a directive",
    tag = "plans",
    params(("id" = i64, Path, description = "Cell id")),
    request_body = PlanInput,
    responses((status = 201, description = "The plan"), (status = 422, description = "`duplicate` on `year`: a plan for that year exists")),
    extensions(("x-access" = json!(access(C::DraftPlans, S::Org))))
)]
pub async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(cell): Path<i64>,
    ApiJson(body): ApiJson<PlanInput>,
) -> Result<(StatusCode, Json<PlanView>), WebError> {
    let id = chibo_app::plans::create(&state.store, &ctx.actor(), OrgId(cell), &body).await?;
    let view = chibo_app::plans::show(&state.store, id, ctx.today).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(
    get,
    path = "/api/v1/orgs/{id}/plans",
    summary = "The superior's view of a year: every cell of the subtree with its plan status (none, draft, submitted, returned, acknowledged) and per quarter the items' states (planned, scheduled, held, minutes approved, missed)",
    tag = "plans",
    params(
        ("id" = i64, Path, description = "Committee (or cell) id"),
        ("year" = Option<i32>, Query, description = "Plan year; default this year"),
        ("format" = Option<String>, Query, description = "`xlsx`: the table as an Excel workbook instead of JSON")
    ),
    responses(
        (status = 200, description = "One row per cell (JSON), or with `format=xlsx` the same table as an Excel workbook (`Content-Disposition: attachment`)"),
        (status = 422, description = "`format: malformed`")
    ),
    extensions(("x-access" = json!(access(C::ViewPlans, S::Org))))
)]
pub async fn under(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(committee): Path<i64>,
    Query(q): Query<super::meetings::YearFormatQuery>,
) -> Result<Response, WebError> {
    let year = q.year.unwrap_or(ctx.today.year());
    if q.xlsx()? {
        let file =
            chibo_app::registers::plan_status(&state.store, OrgId(committee), year, ctx.today)
                .await?;
        return Ok(super::meetings::download(file));
    }
    let rows: Vec<CellPlanView> =
        chibo_app::plans::under(&state.store, OrgId(committee), year, ctx.today).await?;
    Ok(Json(rows).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/plans/{id}",
    summary = "A plan: status, revision, items with their state against the record, every version the superior saw, comments",
    tag = "plans",
    params(("id" = i64, Path, description = "Plan id")),
    responses((status = 200, description = "The plan")),
    extensions(("x-access" = json!(access(C::ViewPlans, S::Plan))))
)]
pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Json<PlanView>, WebError> {
    Ok(Json(
        chibo_app::plans::show(&state.store, id, ctx.today).await?,
    ))
}

#[utoipa::path(
    put,
    path = "/api/v1/plans/{id}/items",
    summary = "The items of a draft: quarter, optional month in it, topic group of the rule set (MTG-TH-04/05) or a title, presenter (a member of the cell in that quarter), note",
    tag = "plans",
    params(("id" = i64, Path, description = "Plan id")),
    request_body = ItemsInput,
    responses((status = 200, description = "`{version}`"), (status = 409, description = "Stale version"), (status = 422, description = "`bad_quarter`, `month_outside_quarter`, `unknown_topic_group`, `not_on_roster`, `plan_transition`")),
    extensions(("x-access" = json!(access(C::DraftPlans, S::Plan))))
)]
pub async fn set_items(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ItemsInput>,
) -> Result<Json<Versioned>, WebError> {
    let version = chibo_app::plans::set_items(&state.store, &ctx.actor(), id, &body).await?;
    Ok(Json(Versioned { version }))
}

async fn step(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    name: &str,
    body: &StepInput,
) -> Result<Json<Versioned>, WebError> {
    let author = ctx
        .user
        .as_ref()
        .map(|u| u.display_name.clone())
        .unwrap_or_default();
    let version =
        chibo_app::plans::step(&state.store, &ctx.actor(), id, name, body, &author).await?;
    Ok(Json(Versioned { version }))
}

#[utoipa::path(
    post,
    path = "/api/v1/plans/{id}/submit",
    summary = "Submit the plan to the superior committee (PLAN-02: every quarter has a topic)",
    tag = "plans",
    params(("id" = i64, Path, description = "Plan id")),
    request_body = StepInput,
    responses((status = 200, description = "`{version}`"), (status = 422, description = "`missing_quarter`, `plan_transition`")),
    extensions(("x-access" = json!(access(C::DraftPlans, S::Plan))))
)]
pub async fn submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<StepInput>,
) -> Result<Json<Versioned>, WebError> {
    step(&state, &ctx, id, "submit", &body).await
}

#[utoipa::path(
    post,
    path = "/api/v1/plans/{id}/revise",
    summary = "Start a revision of a returned or acknowledged plan (PLAN-04); earlier versions stay readable",
    tag = "plans",
    params(("id" = i64, Path, description = "Plan id")),
    request_body = StepInput,
    responses((status = 200, description = "`{version}`"), (status = 422, description = "`plan_transition`")),
    extensions(("x-access" = json!(access(C::DraftPlans, S::Plan))))
)]
pub async fn revise(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<StepInput>,
) -> Result<Json<Versioned>, WebError> {
    step(&state, &ctx, id, "revise", &body).await
}

#[utoipa::path(
    post,
    path = "/api/v1/plans/{id}/acknowledge",
    summary = "The superior committee acknowledges a submitted plan (PLAN-04)",
    tag = "plans",
    params(("id" = i64, Path, description = "Plan id")),
    request_body = StepInput,
    responses((status = 200, description = "`{version}`"), (status = 422, description = "`plan_transition`")),
    extensions(("x-access" = json!(access(C::ReviewPlans, S::Plan))))
)]
pub async fn acknowledge(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<StepInput>,
) -> Result<Json<Versioned>, WebError> {
    step(&state, &ctx, id, "acknowledge", &body).await
}

#[utoipa::path(
    post,
    path = "/api/v1/plans/{id}/return",
    summary = "The superior committee returns a submitted plan with its comment (PLAN-04)",
    tag = "plans",
    params(("id" = i64, Path, description = "Plan id")),
    request_body = StepInput,
    responses((status = 200, description = "`{version}`"), (status = 422, description = "`comment_required`, `plan_transition`")),
    extensions(("x-access" = json!(access(C::ReviewPlans, S::Plan))))
)]
pub async fn return_plan(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<StepInput>,
) -> Result<Json<Versioned>, WebError> {
    step(&state, &ctx, id, "return", &body).await
}

#[utoipa::path(
    get,
    path = "/api/v1/plans/{id}/document",
    summary = "The plan as an official document (issue 11) in DOCX or PDF: numbered \"Số 01-KH/CB\" and dated as submitted (DOC-05/06) while submitted or acknowledged; a draft or returned plan prints DỰ THẢO without a number (DOC-19)",
    tag = "plans",
    params(
        ("id" = i64, Path, description = "Plan id"),
        ("format" = Option<String>, Query, description = "`docx` or `pdf` (default `pdf`)")
    ),
    responses(
        (status = 200, description = "The file (`Content-Disposition: attachment`)"),
        (status = 422, description = "`format: malformed`")
    ),
    extensions(("x-access" = json!(access(C::ViewPlans, S::Plan))))
)]
pub async fn document(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Query(q): Query<super::meetings::FormatQuery>,
) -> Result<Response, WebError> {
    let format = q.parse()?.unwrap_or(chibo_app::documents::Format::Pdf);
    let file = chibo_app::documents::render_plan(&state.store, id, format, ctx.today).await?;
    Ok(super::meetings::download(file))
}
