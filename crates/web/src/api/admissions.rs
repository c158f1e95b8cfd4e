//! The admission pipeline (issue 12): open a case in a cell, read it with its timeline,
//! checklist and deadlines, record a step (forward, back with a reason, closed) or a
//! document, and what falls due in an organisation's subtree. The paths named in the issue
//! are a contract; `{cell}` and `{org}` are declared `{id}` (axum takes one parameter name
//! per path position, and `/api/v1/orgs/{id}/…` is the name already in use).

use crate::routes::{access, Scope as S};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use chibo_app::admissions::{BoardCard, CaseInput, CaseView, DocumentInput, TransitionInput};
use chibo_app::lifecycle::FeedLine;
use chibo_domain::access::Capability as C;
use chibo_domain::OrgId;
use serde::{Deserialize, Serialize};

use super::meetings::Versioned;
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
    path = "/api/v1/orgs/{id}/admissions",
    summary = "List a sympathiser of the cell with a helping official member: opens an admission case (ADM-PIPE-01; at most one open case per person, a new attempt after a closed one)",
    tag = "admissions",
    params(("id" = i64, Path, description = "Cell id (the issue's `{cell}`)")),
    request_body = CaseInput,
    responses((status = 201, description = "The case"), (status = 422, description = "`duplicate` on `person`: an open case exists; `helper_not_official`")),
    extensions(("x-access" = json!(access(C::ManageAdmissions, S::Org))))
)]
pub async fn open(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(cell): Path<i64>,
    ApiJson(body): ApiJson<CaseInput>,
) -> Result<(StatusCode, Json<CaseView>), WebError> {
    let id = chibo_app::admissions::open(&state.store, &ctx.actor(), OrgId(cell), &body).await?;
    let view = chibo_app::admissions::show(&state.store, id, ctx.today).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(
    get,
    path = "/api/v1/orgs/{id}/admissions",
    summary = "The pipeline board of a cell or a committee's subtree: open cases by stage, each with its nearest deadline in working days",
    tag = "admissions",
    params(("id" = i64, Path, description = "Cell or committee id")),
    responses((status = 200, description = "The cards, by stage")),
    extensions(("x-access" = json!(access(C::ViewAdmissions, S::Org))))
)]
pub async fn board(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(org): Path<i64>,
) -> Result<Json<Vec<BoardCard>>, WebError> {
    Ok(Json(
        chibo_app::admissions::board(&state.store, OrgId(org), ctx.today).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/admissions/{id}",
    summary = "An admission case: stage, facts, probation end and official date (ADM-PRB-01/03), deadlines with their rule and working days left, the timeline of steps, the checklist of documents",
    tag = "admissions",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, description = "The case")),
    extensions(("x-access" = json!(access(C::ViewAdmissions, S::Admission))))
)]
pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Json<CaseView>, WebError> {
    Ok(Json(
        chibo_app::admissions::show(&state.store, id, ctx.today).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/admissions/{id}/transitions",
    summary = "One step of a case: forward to the next stage only (ADM-PIPE-01), each checked by its rule (ADM-CERT-01, ADM-AGE-01, ADM-EDU-01, ADM-INT-01..03, ADM-VOTE-01, ORG-02, CHR-VOTE-02, ADM-CER-01, ADM-REC-01/02/06); `back` to an earlier stage or `close` with a reason; `removed` from probation (ADM-REC-02)",
    tag = "admissions",
    params(("id" = i64, Path, description = "Case id")),
    request_body = TransitionInput,
    responses((status = 200, description = "`{version}`"), (status = 409, description = "Stale version"), (status = 422, description = "The rule's code, e.g. `vote_below_two_thirds`, `certificate_expired`, `applicant_too_young`, `introducer_not_official`, `ceremony_before_decision`, `recognition_inside_probation`, `admission_order`")),
    extensions(("x-access" = json!(access(C::ManageAdmissions, S::Admission))))
)]
pub async fn transition(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<TransitionInput>,
) -> Result<Json<Versioned>, WebError> {
    let version = chibo_app::admissions::transition(&state.store, &ctx.actor(), id, &body).await?;
    Ok(Json(Versioned { version }))
}

#[utoipa::path(
    post,
    path = "/api/v1/admissions/{id}/documents",
    summary = "Record a document of the case's checklist (ADM-PIPE-01, ADM-REC-04): kind, date, number, file name, note",
    tag = "admissions",
    params(("id" = i64, Path, description = "Case id")),
    request_body = DocumentInput,
    responses((status = 201, description = "`{id}`")),
    extensions(("x-access" = json!(access(C::ManageAdmissions, S::Admission))))
)]
pub async fn add_document(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<DocumentInput>,
) -> Result<(StatusCode, Json<Id>), WebError> {
    let id = chibo_app::admissions::add_document(&state.store, &ctx.actor(), id, &body).await?;
    Ok((StatusCode::CREATED, Json(Id { id })))
}

/// `?within=30`: only what falls due within that many working days (overdue included).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct WithinQuery {
    pub within: Option<u32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/orgs/{id}/deadlines",
    summary = "What falls due in the organisation's subtree, earliest first: each open admission case's deadline with its rule (ADM-DEC-02, ADM-CER-01, ADM-LL-01, ADM-REC-01, ADM-REC-03), trigger, last working day and working days left; and, marked `source: lifecycle`, the membership deadlines (MEM-TR-01/02 at both the sending and the receiving cell, MEM-TR-03 return, MEM-EX-01 report upward, MEM-EX-02 end) and the MEM-DEL-01 removal grounds raised from the meetings record (MTG-ATT-08, with `months`)",
    tag = "admissions",
    params(
        ("id" = i64, Path, description = "Organisation id (the issue's `{org}`)"),
        ("within" = Option<u32>, Query, description = "Only what falls due within this many working days")
    ),
    responses((status = 200, description = "The deadlines")),
    extensions(("x-access" = json!(access(C::ViewAdmissions, S::Org))))
)]
pub async fn deadlines(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(org): Path<i64>,
    Query(q): Query<WithinQuery>,
) -> Result<Json<Vec<FeedLine>>, WebError> {
    Ok(Json(
        chibo_app::lifecycle::feed(&state.store, OrgId(org), ctx.today, q.within).await?,
    ))
}
