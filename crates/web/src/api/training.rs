//! Training mode (issue 13; TRN-01, TRN-02): a committee's practice classes with their
//! groups and mock meetings, the review of a mock meeting, the comparison of a class's groups,
//! the situation bank and the quiz. Classes and mock meetings are decided against the
//! committee owning the course (`ViewTraining`); the situation bank and the quiz are the
//! rules catalogue, open to everyone logged in. Every answer about sandbox data carries
//! `"practice": true` (THỰC HÀNH).

use crate::routes::{access, Scope as S};
use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use chibo_domain::access::Capability as C;
use chibo_domain::ruleset::MeetingKind;
use chibo_domain::training::compare::Comparison;
use chibo_domain::training::quiz::{self, Answer, QuizResult};
use chibo_domain::training::{situations, Finding, Situation};
use chibo_domain::{MeetingId, OrgId};
use chibo_store::{CourseRecord, GroupRecord};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ApiJson;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

/// A course with its classes `(id, title, held_on)`.
#[derive(Serialize)]
pub struct CourseView {
    #[serde(flatten)]
    pub course: CourseRecord,
    pub classes: Vec<ClassItem>,
}

#[derive(Serialize)]
pub struct ClassItem {
    pub id: i64,
    pub title: String,
    pub held_on: time::Date,
}

#[utoipa::path(
    get,
    path = "/api/v1/orgs/{id}/training/courses",
    summary = "The practice courses a committee owns, newest first, with their classes (TRN-01)",
    tag = "training",
    params(("id" = i64, Path, description = "The owning committee")),
    responses((status = 200, description = "The courses")),
    extensions(("x-access" = json!(access(C::ViewTraining, S::Org))))
)]
pub async fn courses(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<CourseView>>, WebError> {
    let mut out = Vec::new();
    for course in state.store.training_courses(OrgId(id)).await? {
        let classes = state
            .store
            .training_classes(course.id)
            .await?
            .into_iter()
            .map(|(id, title, held_on)| ClassItem { id, title, held_on })
            .collect();
        out.push(CourseView { course, classes });
    }
    Ok(Json(out))
}

/// A mock meeting with its review's score.
#[derive(Serialize)]
pub struct MockItem {
    pub id: i64,
    pub kind: MeetingKind,
    pub date: time::Date,
    pub status: chibo_domain::meeting::MeetingStatus,
    pub score: u32,
    pub findings: u32,
}

#[derive(Serialize)]
pub struct GroupView {
    #[serde(flatten)]
    pub group: GroupRecord,
    pub meetings: Vec<MockItem>,
}

#[derive(Serialize)]
pub struct ClassView {
    pub practice: bool,
    pub id: i64,
    pub title: String,
    pub held_on: time::Date,
    pub course: CourseRecord,
    pub groups: Vec<GroupView>,
}

#[utoipa::path(
    get,
    path = "/api/v1/training/classes/{id}",
    summary = "A practice class: its course, its groups with their participants and sandbox cell, and each group's mock meetings with the review's score (TRN-01)",
    tag = "training",
    params(("id" = i64, Path, description = "Class id")),
    responses((status = 200, description = "The class"), (status = 404, description = "`not_found`")),
    extensions(("x-access" = json!(access(C::ViewTraining, S::TrainingClass))))
)]
pub async fn class(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<ClassView>, WebError> {
    let o = chibo_app::training::class_overview(&state.store, id).await?;
    let groups = o
        .record
        .groups
        .into_iter()
        .zip(o.meetings)
        .map(|(group, meetings)| GroupView {
            group,
            meetings: meetings
                .into_iter()
                .map(|m| MockItem {
                    id: m.meeting.id.0,
                    kind: m.meeting.kind,
                    date: m.meeting.date,
                    status: m.meeting.status,
                    score: m.score,
                    findings: m.findings,
                })
                .collect(),
        })
        .collect();
    Ok(Json(ClassView {
        practice: true,
        id: o.record.id,
        title: o.record.title,
        held_on: o.record.held_on,
        course: o.record.course,
        groups,
    }))
}

/// `kind`: `regular` (default) or `thematic`.
#[derive(Deserialize, Default)]
pub struct KindQuery {
    pub kind: Option<String>,
}

/// The kind asked for; an unknown one is a 400.
pub fn kind_of(q: &KindQuery) -> Result<MeetingKind, WebError> {
    match q.kind.as_deref() {
        None | Some("") => Ok(MeetingKind::Regular),
        Some(k) => MeetingKind::from_code(k)
            .ok_or_else(|| WebError::BadRequest(format!("unknown meeting kind {k}"))),
    }
}

#[derive(Serialize)]
pub struct ComparisonView {
    pub practice: bool,
    pub kind: MeetingKind,
    #[serde(flatten)]
    pub comparison: Comparison<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/training/classes/{id}/comparison",
    summary = "The class's groups compared step by step on their latest mock meeting of a kind: per step and group how it was held and the review's findings there; per group the score (TRN-01)",
    tag = "training",
    params(
        ("id" = i64, Path, description = "Class id"),
        ("kind" = Option<String>, Query, description = "`regular` (default) or `thematic`")
    ),
    responses((status = 200, description = "The comparison"), (status = 400, description = "`bad_request`: unknown kind")),
    extensions(("x-access" = json!(access(C::ViewTraining, S::TrainingClass))))
)]
pub async fn comparison(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<KindQuery>,
) -> Result<Json<ComparisonView>, WebError> {
    let kind = kind_of(&q)?;
    let comparison = chibo_app::training::compare_class(&state.store, id, kind).await?;
    Ok(Json(ComparisonView {
        practice: true,
        kind,
        comparison,
    }))
}

/// One finding: its code, the rules it cites, the step it concerns, its points and words.
#[derive(Serialize)]
pub struct FindingView {
    pub code: &'static str,
    pub rules: Vec<String>,
    pub step: Option<String>,
    pub penalty: u32,
    pub text_vi: String,
    pub detail: Finding,
}

impl From<&Finding> for FindingView {
    fn from(f: &Finding) -> Self {
        Self {
            code: f.code(),
            rules: f.rules(),
            step: f.step().map(str::to_string),
            penalty: f.penalty(),
            text_vi: f.text_vi(),
            detail: f.clone(),
        }
    }
}

#[derive(Serialize)]
pub struct ReviewView {
    pub practice: bool,
    pub meeting: i64,
    pub kind: MeetingKind,
    pub date: time::Date,
    /// The version of the meeting guidance it is judged by (VER-01), e.g. "HD 12/2018".
    pub guidance: String,
    pub score: u32,
    pub findings: Vec<FindingView>,
}

#[utoipa::path(
    get,
    path = "/api/v1/training/meetings/{id}/review",
    summary = "The automatic review of a mock meeting against the rule set of its date (the guidance it practises, `guidance`): each finding citing its rule IDs, and the score out of 100 (TRN-01)",
    tag = "training",
    params(("id" = i64, Path, description = "Mock meeting id (a meeting of a sandbox cell)")),
    responses((status = 200, description = "The review"), (status = 404, description = "`not_found`: no such meeting, or not a mock meeting")),
    extensions(("x-access" = json!(access(C::ViewTraining, S::MockMeeting))))
)]
pub async fn review(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<ReviewView>, WebError> {
    let r = chibo_app::training::review_meeting(&state.store, MeetingId(id)).await?;
    Ok(Json(ReviewView {
        practice: true,
        meeting: id,
        kind: r.view.meeting.kind,
        date: r.view.meeting.date,
        guidance: r.guidance,
        score: r.review.score,
        findings: r.review.findings.iter().map(FindingView::from).collect(),
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/training/situations",
    summary = "The situation bank (tình huống): each situation with the expected handling, the rules involved, the step and kinds of meeting it fits (TRN-01)",
    tag = "training",
    responses((status = 200, description = "The situations")),
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn situations_list() -> Json<Vec<Situation>> {
    Json(situations::builtin())
}

/// A quiz question without its answer.
#[derive(Serialize)]
pub struct QuestionView {
    pub code: &'static str,
    pub rule: &'static str,
    pub prompt_vi: &'static str,
    pub choices: &'static [&'static str],
}

#[utoipa::path(
    get,
    path = "/api/v1/training/quiz",
    summary = "The quiz on the rules catalogue: every question with its rule ID and choices, never the answer (TRN-02)",
    tag = "training",
    responses((status = 200, description = "The questions")),
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn quiz_questions() -> Json<Vec<QuestionView>> {
    Json(
        quiz::QUESTIONS
            .iter()
            .map(|q| QuestionView {
                code: q.code,
                rule: q.rule,
                prompt_vi: q.prompt_vi,
                choices: q.choices,
            })
            .collect(),
    )
}

/// One answer: the question's code and the index of the choice (from 0).
#[derive(Deserialize, ToSchema)]
pub struct AnswerInput {
    pub question: String,
    pub choice: usize,
}

/// The answers to mark.
#[derive(Deserialize, ToSchema)]
pub struct QuizInput {
    pub answers: Vec<AnswerInput>,
}

/// Marks answers (TRN-02); an unknown question, a choice out of range or a question answered
/// twice is a 422 naming it.
pub fn mark(answers: &[AnswerInput]) -> Result<QuizResult, WebError> {
    let answers: Vec<Answer> = answers
        .iter()
        .map(|a| Answer {
            question: a.question.clone(),
            choice: a.choice,
        })
        .collect();
    quiz::score(&answers)
        .map_err(|e| WebError::Invalid(vec![chibo_app::FieldError::new("answers", e.code())]))
}

#[utoipa::path(
    post,
    path = "/api/v1/training/quiz",
    summary = "Mark quiz answers: per question whether it is right, the correct choice and the rule's text; the score out of 100 (TRN-02). Nothing is stored",
    tag = "training",
    request_body = QuizInput,
    responses((status = 200, description = "The result"), (status = 422, description = "`quiz_unknown_question`, `quiz_no_such_choice`, `quiz_answered_twice` on `answers`")),
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn quiz_answer(
    Extension(_ctx): Extension<Ctx>,
    ApiJson(body): ApiJson<QuizInput>,
) -> Result<Json<QuizResult>, WebError> {
    mark(&body.answers).map(Json)
}

/// The situation to inject: its code in the bank (`GET /api/v1/training/situations`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct InjectInput {
    pub situation: String,
}

/// The injection created.
#[derive(Serialize)]
pub struct Injected {
    pub injection: i64,
}

#[utoipa::path(
    post,
    path = "/api/v1/training/meetings/{id}/situations",
    summary = "Inject a situation of the bank into a running mock meeting: the learner's live screen shows it at once (TRN-02)",
    tag = "training",
    params(("id" = i64, Path, description = "Mock meeting id")),
    request_body = InjectInput,
    responses((status = 201, description = "Injected"), (status = 422, description = "`situation_unknown` on `situation`, `situation_wrong_kind`, `situation_not_running` on `status`")),
    extensions(("x-access" = json!(access(C::InjectSituations, S::MockMeeting))))
)]
pub async fn inject(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<InjectInput>,
) -> Result<(axum::http::StatusCode, Json<Injected>), WebError> {
    let injection =
        chibo_app::training::inject(&state.store, &ctx.actor(), MeetingId(id), &body.situation)
            .await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(Injected { injection }),
    ))
}

/// How an injected situation was handled.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct HandlingInput {
    /// The injection (from the discussion or the live state's `situation.id`).
    pub injection: i64,
    pub handling: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/training/meetings/{id}/handling",
    summary = "Record how an injected situation was handled (once), by the group's learner or a trainer (TRN-02)",
    tag = "training",
    params(("id" = i64, Path, description = "Mock meeting id")),
    request_body = HandlingInput,
    responses((status = 204, description = "Recorded"), (status = 404, description = "`not_found`: no such injection at this meeting"), (status = 422, description = "`required`, `practice_too_long` on `handling`; `situation_already_handled`")),
    extensions(("x-access" = json!(access(C::HandleSituations, S::MockMeeting))))
)]
pub async fn handling(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<HandlingInput>,
) -> Result<axum::http::StatusCode, WebError> {
    chibo_app::training::handle(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        body.injection,
        &body.handling,
    )
    .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// A comment on a step.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CommentInput {
    /// The step's code in the meeting's agenda ("M2").
    pub step: String,
    /// `went_well`, `difficulty` or `experience`.
    pub kind: String,
    pub body: String,
}

/// The name a comment or handling is signed with: the user's display name.
pub fn author(ctx: &Ctx) -> String {
    ctx.user
        .as_ref()
        .map(|u| u.display_name.clone())
        .unwrap_or_default()
}

#[utoipa::path(
    post,
    path = "/api/v1/training/meetings/{id}/comments",
    summary = "Comment on one step of a mock meeting: what went well, a difficulty, experience from one's own cell — by the group's members and the class's trainers only (TRN-01)",
    tag = "training",
    params(("id" = i64, Path, description = "Mock meeting id")),
    request_body = CommentInput,
    responses((status = 201, description = "Recorded"), (status = 422, description = "`unknown_step` on `step`, `malformed` on `kind`, `required`/`practice_too_long` on `body`")),
    extensions(("x-access" = json!(access(C::DiscussPractice, S::MockMeeting))))
)]
pub async fn comment(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<CommentInput>,
) -> Result<axum::http::StatusCode, WebError> {
    chibo_app::training::comment(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        &body.step,
        &body.kind,
        &body.body,
        &author(&ctx),
    )
    .await?;
    Ok(axum::http::StatusCode::CREATED)
}

#[derive(Serialize)]
pub struct DiscussionView {
    pub practice: bool,
    #[serde(flatten)]
    pub practice_record: chibo_app::training::Practice,
}

#[utoipa::path(
    get,
    path = "/api/v1/training/meetings/{id}/discussion",
    summary = "The practice beside a mock meeting's review: the situations injected with their handling, and the comments on each step in agenda order (TRN-01/02)",
    tag = "training",
    params(("id" = i64, Path, description = "Mock meeting id")),
    responses((status = 200, description = "The discussion")),
    extensions(("x-access" = json!(access(C::ViewTraining, S::MockMeeting))))
)]
pub async fn discussion(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<DiscussionView>, WebError> {
    let r = chibo_app::training::review_meeting(&state.store, MeetingId(id)).await?;
    Ok(Json(DiscussionView {
        practice: true,
        practice_record: chibo_app::training::practice(&state.store, &r).await?,
    }))
}

/// `format`: `xlsx` (default) or `pdf`.
#[derive(Deserialize, Default)]
pub struct FormatQuery {
    pub format: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/training/classes/{id}/results",
    summary = "The class's results — scores per meeting, learner and group, and the groups compared step by step — as an Excel workbook or a PDF report, marked THỰC HÀNH (TRN-01)",
    tag = "training",
    params(
        ("id" = i64, Path, description = "Class id"),
        ("format" = Option<String>, Query, description = "`xlsx` (default) or `pdf`")
    ),
    responses((status = 200, description = "The file"), (status = 400, description = "`bad_request`: unknown format")),
    extensions(("x-access" = json!(access(C::ViewTraining, S::TrainingClass))))
)]
pub async fn results(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Query(q): Query<FormatQuery>,
) -> Result<axum::response::Response, WebError> {
    let pdf = match q.format.as_deref() {
        None | Some("") | Some("xlsx") => false,
        Some("pdf") => true,
        Some(other) => return Err(WebError::BadRequest(format!("unknown format {other}"))),
    };
    let r = chibo_app::training::export_results(&state.store, id, pdf, ctx.today).await?;
    Ok(super::meetings::download(r))
}
