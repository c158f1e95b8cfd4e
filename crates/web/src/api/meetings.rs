//! Meetings over the API (Meetings I): a cell's meetings, one meeting with its agenda,
//! roster and roll call, and what is recorded at it. The paths are a contract (issue 8).

use crate::routes::{access, Scope as S};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use chibo_app::meetings::{
    AttendanceInput, ContributionInput, DetailsInput, MeetingInput, MeetingView, QualityInput,
    StepInput, TaskInput, ThematicInput, VoteInput,
};
use chibo_app::FieldError;
use chibo_domain::access::Capability as C;
use chibo_domain::meeting::quality::QualityRecord;
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
    responses((status = 200, description = "`{version}`: the meeting's version after the write"), (status = 409, description = "Stale version")),
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn set_attendance(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((id, person)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<AttendanceInput>,
) -> Result<Json<Versioned>, WebError> {
    let version = chibo_app::meetings::set_attendance(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        PersonId(person),
        &body,
    )
    .await?;
    Ok(Json(Versioned { version }))
}

/// The meeting's version after a write: every meeting write answers with it, so a client
/// sends it back with its next change and a watcher can match the live event it caused.
#[derive(Serialize)]
pub struct Versioned {
    pub version: i64,
}

/// The id of what was recorded and the meeting's version after the write.
#[derive(Serialize)]
pub struct Created {
    pub id: i64,
    pub version: i64,
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/contributions",
    summary = "Record a contribution tied to an agenda step",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = ContributionInput,
    responses((status = 201, description = "`{id, version}` of the contribution and the meeting after it")),
    extensions(("x-access" = json!(access(C::RecordContributions, S::Meeting))))
)]
pub async fn add_contribution(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ContributionInput>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let (id, version) =
        chibo_app::meetings::add_contribution(&state.store, &ctx.actor(), MeetingId(id), &body)
            .await?;
    Ok((StatusCode::CREATED, Json(Created { id, version })))
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/tasks",
    summary = "Assign a task: owners and a deadline after the meeting (MTG-ORD-06/08)",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = TaskInput,
    responses((status = 201, description = "`{id, version}` of the task and the meeting after it")),
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn add_task(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<TaskInput>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let (id, version) =
        chibo_app::meetings::add_task(&state.store, &ctx.actor(), MeetingId(id), &body).await?;
    Ok((StatusCode::CREATED, Json(Created { id, version })))
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/votes",
    summary = "Record a vote; the denominator is derived from the roster on the meeting's date, the roll call and the rule set in force (MTG-ATT-03), never typed",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = VoteInput,
    responses(
        (status = 201, description = "The vote with `denominator`, `denominator_breakdown` (summoned, each exclusion by person and reason), `passed`, `method`, and the meeting's `version` after it"),
        (status = 422, description = "`too_many_votes` on `votes_for`: more votes than members present who may vote (MTG-ATT-01)")
    ),
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn record_vote(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<VoteInput>,
) -> Result<(StatusCode, Json<VoteCreated>), WebError> {
    let (vote, version) =
        chibo_app::meetings::record_vote(&state.store, &ctx.actor(), MeetingId(id), &body).await?;
    Ok((StatusCode::CREATED, Json(VoteCreated { vote, version })))
}

/// A vote as counted, with the meeting's version after it.
#[derive(Serialize)]
pub struct VoteCreated {
    #[serde(flatten)]
    pub vote: VoteRecord,
    pub version: i64,
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

/// `{status, version}` after a transition.
#[derive(Serialize)]
pub struct StatusBody {
    pub status: MeetingStatus,
    pub version: i64,
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/transitions",
    summary = "Move a meeting along its lifecycle (planned → notified → in progress → closed; postponed, cancelled, re-opened with a reason)",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = TransitionBody,
    responses((status = 200, description = "`{status, version}`"), (status = 409, description = "Stale version")),
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
    let (status, version) = chibo_app::meetings::transition(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        &t,
        body.version,
    )
    .await?;
    Ok(Json(StatusBody { status, version }))
}

/// `{step, version}` after an agenda action.
#[derive(Serialize)]
pub struct StepDone {
    pub step: String,
    pub version: i64,
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/steps",
    summary = "Move through the agenda: start a step (the running one ends), finish it, mark a step not applicable with a reason, or add an item under other business",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = StepInput,
    responses(
        (status = 200, description = "`{step, version}`: the step concerned (the new item's code for other business)"),
        (status = 409, description = "Stale version"),
        (status = 422, description = "`meeting_not_in_progress`, `step_state`, `unknown_step`, `reason_required`")
    ),
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn step(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<StepInput>,
) -> Result<Json<StepDone>, WebError> {
    let (step, version) =
        chibo_app::meetings::step(&state.store, &ctx.actor(), MeetingId(id), &body).await?;
    Ok(Json(StepDone { step, version }))
}

#[utoipa::path(
    put,
    path = "/api/v1/meetings/{id}/details",
    summary = "How the meeting is held (in person, or online with its reason, MTG-ONL-01) and who runs it: chair, preparer (MTG-PREP-01), minute-taker (MTG-ORD-01), guests by name (MTG-ATT-05/06)",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = DetailsInput,
    responses((status = 200, description = "`{version}`"), (status = 409, description = "Stale version"), (status = 422, description = "`online_without_reason`, `not_on_roster`, `guest_without_name`")),
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn set_details(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<DetailsInput>,
) -> Result<Json<Versioned>, WebError> {
    let version =
        chibo_app::meetings::set_details(&state.store, &ctx.actor(), MeetingId(id), &body).await?;
    Ok(Json(Versioned { version }))
}

#[utoipa::path(
    put,
    path = "/api/v1/meetings/{id}/thematic",
    summary = "The thematic topic, its topic group (MTG-TH-04/05), presenter and draft text; a changed draft or presenter withdraws the approval (MTG-TH-01)",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = ThematicInput,
    responses((status = 200, description = "`{version}`"), (status = 409, description = "Stale version"), (status = 422, description = "`unknown_topic_group`, `not_on_roster`")),
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn set_thematic(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ThematicInput>,
) -> Result<Json<Versioned>, WebError> {
    let version =
        chibo_app::meetings::set_thematic(&state.store, &ctx.actor(), MeetingId(id), &body).await?;
    Ok(Json(Versioned { version }))
}

#[utoipa::path(
    put,
    path = "/api/v1/meetings/{id}/ceremony",
    summary = "The act of an admission ceremony: one new member (ADM-CER-02), the admission decision (number in the DOC-06 form, date, issuer, day received), the helping official member (ADM-PRB-01) and, past the ADM-CER-01 deadline, the superior committee's agreement. Approving the ceremony's minutes admits the person",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = chibo_app::ceremony::CeremonyInput,
    responses((status = 200, description = "`{version}`"), (status = 409, description = "Stale version"), (status = 422, description = "`one_member_per_act`, `malformed_reference`, `ceremony_before_decision`, `ceremony_late_without_agreement`, `helper_not_official`, `not_a_candidate`, `not_a_ceremony`")),
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn set_ceremony(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<chibo_app::ceremony::CeremonyInput>,
) -> Result<Json<Versioned>, WebError> {
    let version =
        chibo_app::ceremony::set(&state.store, &ctx.actor(), MeetingId(id), &body).await?;
    Ok(Json(Versioned { version }))
}

/// Body of `POST /api/v1/meetings/{id}/draft/files`: the file's name, type and bytes in
/// base64 (the API speaks JSON only; the page uploads the same through a form).
#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct DraftFileBody {
    pub name: Option<String>,
    pub content_type: Option<String>,
    pub content_base64: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/draft/files",
    summary = "Attach the presenter's draft as a file (withdraws an earlier approval, MTG-TH-01)",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = DraftFileBody,
    responses((status = 201, description = "`{id, version}` of the file and the meeting"), (status = 413, description = "Over the body limit")),
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn attach_draft_file(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<DraftFileBody>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body.content_base64.unwrap_or_default().trim())
        .map_err(|_| WebError::Invalid(vec![FieldError::new("content_base64", "malformed")]))?;
    let content_type = body
        .content_type
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "application/octet-stream".into());
    let (fid, version) = chibo_app::meetings::attach_draft_file(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        body.name.as_deref().unwrap_or(""),
        &content_type,
        &bytes,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Created { id: fid, version })))
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}/draft/files/{file}",
    summary = "Download an attached draft file",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id"), ("file" = i64, Path, description = "File id")),
    responses((status = 200, description = "The file, with its type and name")),
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Meeting))))
)]
pub async fn draft_file(
    State(state): State<AppState>,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<axum::response::Response, WebError> {
    use axum::response::IntoResponse;
    let f = state
        .store
        .meeting_file(MeetingId(id), file)
        .await?
        .ok_or(WebError::NotFound)?;
    let disposition = format!(
        "attachment; filename=\"draft-{}\"; filename*=UTF-8''{}",
        f.id,
        percent_encode(&f.file_name)
    );
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, f.content_type),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        f.body,
    )
        .into_response())
}

/// RFC 5987 percent-encoding of a file name (every byte outside the unreserved set).
fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Body of `POST /api/v1/meetings/{id}/draft/approval`.
#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct ApprovalBody {
    pub version: Option<i64>,
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/draft/approval",
    summary = "The secretary approves the thematic draft (MTG-TH-01): topic, presenter and a draft text or file are needed",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = ApprovalBody,
    responses((status = 200, description = "`{version}`"), (status = 422, description = "`draft_incomplete`")),
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn approve_draft(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ApprovalBody>,
) -> Result<Json<Versioned>, WebError> {
    let version = chibo_app::meetings::approve_draft(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        ctx.display_name(),
        body.version,
    )
    .await?;
    Ok(Json(Versioned { version }))
}

/// The proposed rating and the meeting's version after it.
#[derive(Serialize)]
pub struct QualityBody {
    #[serde(flatten)]
    pub quality: QualityRecord,
    pub version: i64,
}

#[utoipa::path(
    put,
    path = "/api/v1/meetings/{id}/quality",
    summary = "The secretary proposes the meeting's quality rating (MTG-QA-*): points per criterion on the points profile in force, or the criteria met on the pass/fail framework; the superior delegate present may confirm it. The meeting then votes on it (`kind: quality_grade`, MTG-QA-07)",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = QualityInput,
    responses((status = 200, description = "The rating with its outcome (total and grade, or met and missing criteria) and `version`"), (status = 422, description = "`wrong_scale`, `unknown_criterion`, `too_many_points`, `not_superior_delegate`")),
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn propose_quality(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<QualityInput>,
) -> Result<Json<QualityBody>, WebError> {
    let (quality, version) =
        chibo_app::meetings::propose_quality(&state.store, &ctx.actor(), MeetingId(id), &body)
            .await?;
    Ok(Json(QualityBody { quality, version }))
}

/// Body of `PUT /api/v1/meetings/{id}/my-absence`.
#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct AbsenceBody {
    pub reason: Option<String>,
}

#[utoipa::path(
    put,
    path = "/api/v1/meetings/{id}/my-absence",
    summary = "A member tells the cell beforehand why they will be absent (their own roll-call row, before the meeting starts; the committee decides whether the reason is accepted)",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = AbsenceBody,
    responses((status = 200, description = "`{version}`"), (status = 422, description = "`reason_required`, `not_on_roster`, `meeting_transition` (already started)")),
    extensions(("x-access" = json!(access(C::ExcuseOwnAbsence, S::Meeting))))
)]
pub async fn excuse_own_absence(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<AbsenceBody>,
) -> Result<Json<Versioned>, WebError> {
    let person = ctx.user.as_ref().and_then(|u| u.record.person);
    let version = chibo_app::meetings::excuse_own_absence(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        person,
        body.reason.as_deref().unwrap_or(""),
    )
    .await?;
    Ok(Json(Versioned { version }))
}

/// The minutes of a meeting: the approved snapshot (`approved: true`, with its
/// `schema_version`, `content_hash`, the approval and addenda) or, before approval, the draft
/// generated from the record as it stands.
#[derive(Serialize)]
pub struct MinutesBody {
    pub approved: bool,
    pub schema_version: u32,
    pub content_hash: Option<String>,
    pub minutes: serde_json::Value,
    pub approval: Option<chibo_store::Approval>,
    pub approved_at: Option<i64>,
    pub addenda: Vec<chibo_store::AddendumRecord>,
}

impl MinutesBody {
    /// The approved snapshot as the API shows it.
    fn approved(m: chibo_store::MinutesRecord) -> Result<Self, WebError> {
        Ok(Self {
            approved: true,
            schema_version: m.schema_version,
            content_hash: Some(m.content_hash),
            minutes: serde_json::to_value(&m.minutes)
                .map_err(|e| WebError::Internal(e.to_string()))?,
            approval: Some(m.approval),
            approved_at: Some(m.approved_at),
            addenda: m.addenda,
        })
    }
}

/// `?format=docx|pdf` of the document paths.
#[derive(Deserialize, Default)]
pub struct FormatQuery {
    pub format: Option<String>,
}

impl FormatQuery {
    /// The format asked for: none (JSON, where a path has it), or docx/pdf; anything else
    /// is refused with `format: malformed`.
    pub(crate) fn parse(&self) -> Result<Option<chibo_app::documents::Format>, WebError> {
        match self
            .format
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
        {
            None => Ok(None),
            Some(raw) => chibo_app::documents::Format::parse(raw)
                .map(Some)
                .ok_or_else(|| WebError::Invalid(vec![FieldError::new("format", "malformed")])),
        }
    }
}

/// `?year=&format=xlsx` of the registers and tables.
#[derive(Deserialize, Default)]
pub struct YearFormatQuery {
    pub year: Option<i32>,
    pub format: Option<String>,
}

impl YearFormatQuery {
    /// Whether the workbook is asked for: no format (JSON where a path has it) or `xlsx`;
    /// anything else is refused with `format: malformed`.
    pub(crate) fn xlsx(&self) -> Result<bool, WebError> {
        match self
            .format
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
        {
            None => Ok(false),
            Some(f) if f.eq_ignore_ascii_case("xlsx") => Ok(true),
            Some(_) => Err(WebError::Invalid(vec![FieldError::new(
                "format",
                "malformed",
            )])),
        }
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/orgs/{id}/registers/{kind}",
    summary = "A register of the cell as an Excel workbook: `members` (the member list on the year's last day, or today), `attendance` (member × month with status codes, totals and a chart), `meetings` (the year's meetings with attendance and quality grades), `tasks` (open tasks)",
    tag = "minutes",
    params(
        ("id" = i64, Path, description = "Cell id"),
        ("kind" = String, Path, description = "`members`, `attendance`, `meetings` or `tasks`"),
        ("year" = Option<i32>, Query, description = "Year; default this year in Vietnam"),
        ("format" = Option<String>, Query, description = "`xlsx` (the only format; default)")
    ),
    responses(
        (status = 200, description = "The workbook (`Content-Disposition: attachment`)"),
        (status = 404, description = "an unknown register"),
        (status = 422, description = "`format: malformed`")
    ),
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Org))))
)]
pub async fn register(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((id, kind)): Path<(i64, String)>,
    Query(q): Query<YearFormatQuery>,
) -> Result<Response, WebError> {
    if q.format.is_some() {
        q.xlsx()?;
    }
    let register = chibo_app::registers::Register::parse(&kind)
        .ok_or(WebError::from(chibo_app::AppError::NotFound("register")))?;
    let year = q.year.unwrap_or(ctx.today.year());
    Ok(download(
        chibo_app::registers::render(&state.store, OrgId(id), register, year, ctx.today).await?,
    ))
}

/// A rendered document as a download.
pub(crate) fn download(r: chibo_app::documents::Rendered) -> Response {
    (
        [
            (header::CONTENT_TYPE, r.content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                chibo_app::documents::content_disposition(&r.filename),
            ),
            (header::CACHE_CONTROL, "private, no-cache".to_owned()),
        ],
        r.bytes,
    )
        .into_response()
}

async fn document(
    state: &AppState,
    id: i64,
    which: chibo_app::documents::Which,
    format: chibo_app::documents::Format,
) -> Result<Response, WebError> {
    Ok(download(
        chibo_app::documents::render(&state.store, MeetingId(id), which, format).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}/minutes",
    summary = "The minutes: the frozen snapshot with its schema version and content hash once approved, else the draft generated from the record (MTG-MIN-02/03/04); with `format=docx|pdf`, the approved minutes as an official document (DOC-17) to download",
    tag = "minutes",
    params(
        ("id" = i64, Path, description = "Meeting id"),
        ("format" = Option<String>, Query, description = "`docx` or `pdf`: the document file instead of JSON (approved minutes only)")
    ),
    responses(
        (status = 200, description = "`{approved, schema_version, content_hash, minutes, approval, approved_at, addenda}`; with `format`, the file (`Content-Disposition: attachment`)"),
        (status = 422, description = "with `format`: `document_needs_approved_minutes` (not approved yet), `format: malformed`")
    ),
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Meeting))))
)]
pub async fn minutes(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<FormatQuery>,
) -> Result<Response, WebError> {
    if let Some(format) = q.parse()? {
        return document(&state, id, chibo_app::documents::Which::Minutes, format).await;
    }
    let id = MeetingId(id);
    if let Some(m) = state.store.minutes(id).await? {
        return Ok(Json(MinutesBody::approved(m)?).into_response());
    }
    let draft = chibo_app::minutes::draft(&state.store, id).await?;
    Ok(Json(MinutesBody {
        approved: false,
        schema_version: chibo_domain::meeting::minutes::MINUTES_SCHEMA_VERSION,
        content_hash: None,
        minutes: serde_json::to_value(&draft).map_err(|e| WebError::Internal(e.to_string()))?,
        approval: None,
        approved_at: None,
        addenda: Vec::new(),
    })
    .into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}/resolution",
    summary = "The meeting's monthly resolution (DOC-10) as DOCX or PDF, from the approved minutes: a draft marked DỰ THẢO without a number until signed, then with its number (DOC-19)",
    tag = "minutes",
    params(
        ("id" = i64, Path, description = "Meeting id"),
        ("format" = Option<String>, Query, description = "`docx` or `pdf` (default `pdf`)")
    ),
    responses(
        (status = 200, description = "The file (`Content-Disposition: attachment`)"),
        (status = 422, description = "`document_needs_approved_minutes`, `format: malformed`")
    ),
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Meeting))))
)]
pub async fn resolution(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<FormatQuery>,
) -> Result<Response, WebError> {
    let format = q.parse()?.unwrap_or(chibo_app::documents::Format::Pdf);
    document(&state, id, chibo_app::documents::Which::Resolution, format).await
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}/topic",
    summary = "The final text of a thematic meeting's topic (issue 10, document 4) as DOCX or PDF, from the approved minutes' thematic part: topic, presenter, the text as approved (or the attached file's name) and the chair's conclusion",
    tag = "minutes",
    params(
        ("id" = i64, Path, description = "Meeting id"),
        ("format" = Option<String>, Query, description = "`docx` or `pdf` (default `pdf`)")
    ),
    responses(
        (status = 200, description = "The file (`Content-Disposition: attachment`)"),
        (status = 422, description = "`document_needs_approved_minutes`, `topic_needs_thematic_meeting`, `format: malformed`")
    ),
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Meeting))))
)]
pub async fn topic(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<FormatQuery>,
) -> Result<Response, WebError> {
    let format = q.parse()?.unwrap_or(chibo_app::documents::Format::Pdf);
    document(&state, id, chibo_app::documents::Which::Topic, format).await
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/resolution/sign",
    summary = "The secretary signs the meeting's resolution (DOC-19, MTG-PREP-05): a closed meeting with approved minutes, once; it gets the next number of the cell's resolutions in the term of the meeting's date (DOC-05/06, `05-NQ/CB`)",
    tag = "minutes",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = chibo_app::documents::SignInput,
    responses(
        (status = 201, description = "`{id, org, kind, term_start, number, number_text, meeting, document_date, signed_at, signed_by, format_version}`"),
        (status = 422, description = "`document_needs_approved_minutes`, `resolution_already_signed`")
    ),
    extensions(("x-access" = json!(access(C::ApproveMinutes, S::Meeting))))
)]
pub async fn sign_resolution(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<chibo_app::documents::SignInput>,
) -> Result<(StatusCode, Json<serde_json::Value>), WebError> {
    let doc = chibo_app::documents::sign_resolution(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        ctx.display_name(),
        &body,
    )
    .await?;
    let mut body = serde_json::to_value(&doc).map_err(|e| WebError::Internal(e.to_string()))?;
    body["number_text"] = serde_json::Value::String(chibo_domain::document::number_text(
        doc.number,
        chibo_domain::ruleset::DocumentKind::Resolution,
        "CB",
    ));
    Ok((StatusCode::CREATED, Json(body)))
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/minutes/approve",
    summary = "The meeting approves its minutes (MTG-MIN-01, MTG-ORD-06): the vote is counted with its derived denominator; if it passes, the record is frozen as the snapshot and the meeting closes",
    tag = "minutes",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = chibo_app::minutes::ApproveInput,
    responses(
        (status = 201, description = "The approved minutes, as `GET …/minutes`"),
        (status = 422, description = "`not_approved` (the vote failed), `minutes_already_approved`, `meeting_not_in_progress`, `too_many_votes`")
    ),
    extensions(("x-access" = json!(access(C::ApproveMinutes, S::Meeting))))
)]
pub async fn approve_minutes(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<chibo_app::minutes::ApproveInput>,
) -> Result<(StatusCode, Json<MinutesBody>), WebError> {
    let m = chibo_app::minutes::approve(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        &body,
        ctx.display_name(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(MinutesBody::approved(m)?)))
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/minutes/addenda",
    summary = "A correction of approved minutes with its own approval vote; the snapshot never changes",
    tag = "minutes",
    params(("id" = i64, Path, description = "Meeting id")),
    request_body = chibo_app::minutes::AddendumInput,
    responses((status = 201, description = "`{id, version}`"), (status = 422, description = "`minutes_not_approved`, `not_approved`, `reason_required`")),
    extensions(("x-access" = json!(access(C::ApproveMinutes, S::Meeting))))
)]
pub async fn add_addendum(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<chibo_app::minutes::AddendumInput>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let aid = chibo_app::minutes::add_addendum(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        &body,
        ctx.today,
    )
    .await?;
    let version = state
        .store
        .meeting(MeetingId(id))
        .await?
        .map_or(0, |m| m.version);
    Ok((StatusCode::CREATED, Json(Created { id: aid, version })))
}

/// Body of `PUT /api/v1/meetings/{id}/contributions/{contribution}`.
#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct WordingBody {
    pub text: Option<String>,
}

#[utoipa::path(
    put,
    path = "/api/v1/meetings/{id}/contributions/{contribution}",
    summary = "The minute-taker corrects a contribution's wording before the minutes are approved; every edit is kept (who, when, before, after)",
    tag = "minutes",
    params(("id" = i64, Path, description = "Meeting id"), ("contribution" = i64, Path, description = "Contribution id")),
    request_body = WordingBody,
    responses((status = 200, description = "`{version}`"), (status = 422, description = "`minutes_already_approved`")),
    extensions(("x-access" = json!(access(C::RecordContributions, S::Meeting))))
)]
pub async fn edit_wording(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((id, contribution)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<WordingBody>,
) -> Result<Json<Versioned>, WebError> {
    let version = chibo_app::minutes::edit_wording(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        contribution,
        body.text.as_deref().unwrap_or(""),
        ctx.display_name(),
    )
    .await?;
    Ok(Json(Versioned { version }))
}

#[utoipa::path(
    put,
    path = "/api/v1/meetings/{id}/task-reviews/{task}",
    summary = "The meeting in progress reviews a task of an earlier meeting: done, in progress, or not done with a comment; open tasks roll forward to the next meeting (MTG-ORD-04)",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id (the reviewing meeting)"), ("task" = i64, Path, description = "Task id")),
    request_body = chibo_app::meetings::TaskReviewInput,
    responses((status = 200, description = "`{version}`"), (status = 422, description = "`reason_required` (not done without a comment), `meeting_not_in_progress`")),
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn review_task(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((id, task)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<chibo_app::meetings::TaskReviewInput>,
) -> Result<Json<Versioned>, WebError> {
    let version =
        chibo_app::meetings::review_task(&state.store, &ctx.actor(), MeetingId(id), task, &body)
            .await?;
    Ok(Json(Versioned { version }))
}

#[utoipa::path(
    get,
    path = "/api/v1/orgs/{cell}/tasks",
    summary = "The cell's open tasks (not yet reviewed as done) by deadline, with owners named and overdue ones flagged",
    tag = "meetings",
    params(("cell" = i64, Path, description = "Cell id")),
    responses((status = 200, description = "The open tasks: text, owners, deadline, meeting, reviews, `overdue`")),
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Org))))
)]
pub async fn open_tasks(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(cell): Path<i64>,
) -> Result<Json<Vec<chibo_app::meetings::OpenTask>>, WebError> {
    Ok(Json(
        chibo_app::meetings::open_tasks(&state.store, OrgId(cell), None, ctx.today).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/orgs/{cell}/absences",
    summary = "MTG-ATT-08: per member, the distinct months of the year with an unexcused absence from a regular meeting held; `alert` at 3 (ground for proposing removal)",
    tag = "meetings",
    params(
        ("cell" = i64, Path, description = "Cell id"),
        ("year" = Option<i32>, Query, description = "Year; default this year in Vietnam")
    ),
    responses((status = 200, description = "`[{person, name, months, alert}]`, most months first")),
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Org))))
)]
pub async fn unexcused_absences(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(cell): Path<i64>,
    Query(q): Query<YearQuery>,
) -> Result<Json<Vec<chibo_app::meetings::AbsenceCount>>, WebError> {
    let year = q.year.unwrap_or(ctx.today.year());
    Ok(Json(
        chibo_app::meetings::unexcused_absences(&state.store, OrgId(cell), year).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/orgs/{cell}/minutes",
    summary = "The cell's minutes book: the meetings of a year whose minutes were approved, by date, with each snapshot's content hash and number of addenda",
    tag = "minutes",
    params(
        ("cell" = i64, Path, description = "Cell id"),
        ("year" = Option<i32>, Query, description = "Year; default this year in Vietnam")
    ),
    responses((status = 200, description = "`[{meeting, date, kind, content_hash, schema_version, approved_at, addenda}]`")),
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Org))))
)]
pub async fn minutes_book(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(cell): Path<i64>,
    Query(q): Query<YearQuery>,
) -> Result<Json<Vec<chibo_store::MinutesBookEntry>>, WebError> {
    let year = q.year.unwrap_or(ctx.today.year());
    Ok(Json(state.store.minutes_book(OrgId(cell), year).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/attendance",
    summary = "A person's attendance history: the meetings of a year they were called to, by date, with how they attended",
    tag = "meetings",
    params(
        ("id" = i64, Path, description = "Person id"),
        ("year" = Option<i32>, Query, description = "Year; default this year in Vietnam")
    ),
    responses((status = 200, description = "`[{meeting, org, date, kind, status, presence}]`")),
    extensions(("x-access" = json!(access(C::ViewMembers, S::Person))))
)]
pub async fn attendance_of(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Query(q): Query<YearQuery>,
) -> Result<Json<Vec<chibo_app::meetings::AttendanceEntry>>, WebError> {
    let year = q.year.unwrap_or(ctx.today.year());
    Ok(Json(
        chibo_app::meetings::attendance_of(&state.store, PersonId(id), year).await?,
    ))
}
