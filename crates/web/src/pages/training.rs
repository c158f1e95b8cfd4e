//! Training mode pages (issue 13; TRN-01, TRN-02): the trainer's class page (groups, their
//! mock meetings and scores, the step-by-step comparison as a table and an SVG chart), the
//! review of a mock meeting, the situation bank and the quiz. Every page showing sandbox data
//! carries the "THỰC HÀNH" banner (`Layout::practice`).

use crate::routes::{access, Scope as S};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::{Extension, Form};
use chibo_domain::access::Capability as C;
use chibo_domain::ruleset::MeetingKind;
use chibo_domain::training::compare::CellState;
use chibo_domain::training::quiz::{self, Question};
use chibo_domain::training::{situations, Situation};
use chibo_domain::MeetingId;
use chibo_store::ParticipantRole;

use super::{render, Layout};
use crate::api::training::{kind_of, AnswerInput, KindQuery};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Catalog;
use crate::AppState;

pub struct MockRow {
    pub id: i64,
    pub kind: String,
    pub date: String,
    pub score: u32,
    pub findings: u32,
}

pub struct GroupRow {
    pub id: i64,
    pub name: String,
    pub learners: String,
    pub trainers: String,
    pub guests: String,
    pub meetings: Vec<MockRow>,
}

/// One cell of the comparison table: state code, words, minutes, finding codes.
pub struct CellView {
    pub state: &'static str,
    pub label: &'static str,
    pub minutes: String,
    pub findings: String,
}

pub struct StepRow {
    pub code: String,
    pub title: String,
    pub cells: Vec<CellView>,
}

#[derive(Template)]
#[template(path = "training_class.html")]
struct ClassPage {
    l: Layout,
    id: i64,
    title: String,
    course: String,
    held_on: String,
    practice_date: String,
    /// The version of the meeting guidance the course practises.
    guidance: String,
    groups: Vec<GroupRow>,
    kind: &'static str,
    kinds: Vec<(&'static str, &'static str)>,
    names: Vec<String>,
    scores: Vec<u32>,
    rows: Vec<StepRow>,
    chart: String,
    /// The owning committee's staff set the class up (TRN-01).
    may_manage: bool,
    /// Staff and the class's trainers plan a group's next mock meeting.
    may_plan: bool,
}

fn state_code(s: CellState) -> &'static str {
    match s {
        CellState::Done => "done",
        CellState::OutOfOrder => "out_of_order",
        CellState::Skipped => "skipped",
        CellState::NotApplicable => "not_applicable",
        CellState::NotHeld => "not_held",
        CellState::Absent => "absent",
    }
}

fn state_colour(s: CellState) -> &'static str {
    match s {
        CellState::Done => "#2e7d32",
        CellState::OutOfOrder => "#ef6c00",
        CellState::Skipped => "#c62828",
        CellState::NotApplicable => "#6d4c41",
        CellState::NotHeld => "#9e9e9e",
        CellState::Absent => "#eeeeee",
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The comparison drawn as an SVG: one column per group, one square per step coloured by how
/// the group held it, and the group's score as a bar below. Server-rendered, no script.
fn chart(
    t: &Catalog,
    c: &chibo_domain::training::Comparison<String>,
    states: &[Vec<CellState>],
) -> String {
    let cols = c.groups.len().max(1);
    let (label_w, cell, gap) = (60usize, 22usize, 4usize);
    let col_w = cell + gap;
    let rows = c.rows.len();
    let width = label_w + cols * col_w * 2 + 10;
    let grid_h = 24 + rows * (cell + gap);
    let bar_h = 120usize;
    let height = grid_h + bar_h + 30;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" \
         aria-label=\"{}\" class=\"trn-chart\" data-testid=\"trn-chart\" preserveAspectRatio=\"xMinYMin meet\">",
        esc(t.value("trn_chart"))
    );
    for (g, name) in c.groups.iter().enumerate() {
        let x = label_w + g * col_w * 2;
        out.push_str(&format!(
            "<text x=\"{}\" y=\"14\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
            x + cell / 2 + gap,
            esc(name)
        ));
    }
    for (r, row) in c.rows.iter().enumerate() {
        let y = 24 + r * (cell + gap);
        out.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"11\">{}</text>",
            y + cell - 6,
            esc(&row.code)
        ));
        for (g, s) in states.get(r).into_iter().flatten().enumerate() {
            let x = label_w + g * col_w * 2;
            out.push_str(&format!(
                "<rect x=\"{}\" y=\"{y}\" width=\"{cell}\" height=\"{cell}\" rx=\"3\" fill=\"{}\" data-state=\"{}\"><title>{} · {} · {}</title></rect>",
                x + gap,
                state_colour(*s),
                state_code(*s),
                esc(&row.code),
                esc(c.groups.get(g).map_or("", String::as_str)),
                esc(t.value(&format!("trn_cell_{}", state_code(*s))))
            ));
        }
    }
    let base = grid_h + bar_h;
    for (g, score) in c.scores.iter().enumerate() {
        let x = label_w + g * col_w * 2;
        let h = (*score as usize).min(100) * bar_h / 100;
        out.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{cell}\" height=\"{h}\" fill=\"#b71c1c\" data-score=\"{score}\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{score}</text>",
            x + gap,
            base - h,
            x + gap + cell / 2,
            base - h - 3
        ));
    }
    out.push_str(&format!(
        "<text x=\"0\" y=\"{}\" font-size=\"11\">{}</text><line x1=\"{label_w}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"#555\"/></svg>",
        base,
        esc(t.value("trn_score")),
        width - 5
    ));
    out
}

fn names(g: &chibo_store::GroupRecord, role: ParticipantRole) -> String {
    g.participants
        .iter()
        .filter(|p| p.role == role)
        .map(|p| p.full_name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[utoipa::path(
    get,
    path = "/training/classes/{id}",
    summary = "The trainer's page of a practice class: groups, their mock meetings and scores, the step-by-step comparison as a table and a chart (TRN-01)",
    extensions(("x-access" = json!(access(C::ViewTraining, S::TrainingClass))))
)]
pub async fn class_page(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Query(q): Query<KindQuery>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let kind = kind_of(&q)?;
    let o = chibo_app::training::class_overview(&state.store, id).await?;
    let comparison = chibo_app::training::compare_class(&state.store, id, kind).await?;
    let groups = o
        .record
        .groups
        .iter()
        .zip(&o.meetings)
        .map(|(g, ms)| GroupRow {
            id: g.id,
            name: g.name.clone(),
            learners: names(g, ParticipantRole::Learner),
            trainers: names(g, ParticipantRole::Trainer),
            guests: names(g, ParticipantRole::Guest),
            meetings: ms
                .iter()
                .map(|m| MockRow {
                    id: m.meeting.id.0,
                    kind: t
                        .value(&format!("meeting_{}", m.meeting.kind.code()))
                        .to_string(),
                    date: t.date(&m.meeting.date),
                    score: m.score,
                    findings: m.findings,
                })
                .collect(),
        })
        .collect();
    let states: Vec<Vec<CellState>> = comparison
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.state).collect())
        .collect();
    let rows = comparison
        .rows
        .iter()
        .map(|r| StepRow {
            code: r.code.clone(),
            title: r.title_vi.clone(),
            cells: r
                .cells
                .iter()
                .map(|c| CellView {
                    state: state_code(c.state),
                    label: t.value(&format!("trn_cell_{}", state_code(c.state))),
                    minutes: c.minutes.map(|m| format!("{m}′")).unwrap_or_default(),
                    findings: c.findings.join(", "),
                })
                .collect(),
        })
        .collect();
    let svg = chart(t, &comparison, &states);
    let owner = S::TrainingClass.resolve(&state, id, ctx.today).await?;
    let tree = state.store.org_tree().await?;
    let may_manage = super::can(&ctx, &tree, C::ManageTraining, owner);
    let trainer = match ctx.user.as_ref() {
        Some(u) => state.store.is_class_trainer(id, u.record.id.0).await?,
        None => false,
    };
    let may_plan = trainer || super::can(&ctx, &tree, C::PlanMockMeetings, owner);
    let guidance = chibo_app::rules::rules_on(&state.store, o.record.course.practice_date)
        .await?
        .version(chibo_domain::ruleset::Area::MeetingGuidance)
        .code
        .clone();
    render(&ClassPage {
        l: Layout::new(
            &ctx,
            format!("{} · {}", t.value("trn_class"), o.record.title),
        )
        .practice(true),
        id,
        title: o.record.title.clone(),
        course: o.record.course.title.clone(),
        held_on: t.date(&o.record.held_on),
        practice_date: t.date(&o.record.course.practice_date),
        guidance,
        groups,
        kind: kind.code(),
        kinds: [MeetingKind::Regular, MeetingKind::Thematic]
            .into_iter()
            .map(|k| (k.code(), t.value(&format!("meeting_{}", k.code()))))
            .collect(),
        names: comparison.groups.clone(),
        scores: comparison.scores.clone(),
        rows,
        chart: svg,
        may_manage,
        may_plan,
    })
}

pub struct FindingRow {
    pub code: &'static str,
    pub text: String,
    pub rules: Vec<String>,
    pub step: String,
    pub penalty: u32,
}

/// A situation injected into the meeting, as the review shows it.
pub struct InjectionRow {
    pub id: i64,
    pub title: String,
    pub setting: String,
    pub expected: String,
    pub rules: Vec<String>,
    pub step: String,
    pub by: String,
    pub handling: Option<String>,
    pub handled_by: String,
}

pub struct CommentRow {
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub body: String,
    pub author: String,
}

pub struct DiscussionStep {
    pub code: String,
    pub title: String,
    pub comments: Vec<CommentRow>,
}

/// What a rejected form typed, and its errors, shown again on the review.
#[derive(Default)]
pub struct ReviewKept {
    pub errors: Vec<(String, String)>,
    pub step: String,
    pub kind: String,
    pub body: String,
    pub handling: String,
}

#[derive(Template)]
#[template(path = "training_review.html")]
struct ReviewPage {
    l: Layout,
    id: i64,
    class: Option<i64>,
    group: String,
    kind: String,
    date: String,
    /// The guidance it is judged by (VER-01).
    guidance: String,
    score: u32,
    findings: Vec<FindingRow>,
    running: bool,
    injections: Vec<InjectionRow>,
    /// The bank's situations fitting this meeting's kind: `(code, title)`.
    bank: Vec<(String, String)>,
    may_inject: bool,
    may_handle: bool,
    may_discuss: bool,
    may_chair: bool,
    steps: Vec<DiscussionStep>,
    comment_kinds: Vec<(&'static str, &'static str)>,
    kept: ReviewKept,
}

impl ReviewPage {
    /// The message of a rejected form's field, if any.
    pub fn error(&self, field: &str) -> Option<&str> {
        self.kept
            .errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

#[utoipa::path(
    get,
    path = "/training/meetings/{id}/review",
    summary = "The automatic review of a mock meeting (findings citing rule IDs, the score), with the situations injected and their handling, and the group's discussion of each step (TRN-01/02)",
    extensions(("x-access" = json!(access(C::ViewTraining, S::MockMeeting))))
)]
pub async fn review_page(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    review_render(&state, &ctx, id, ReviewKept::default()).await
}

async fn review_render(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    kept: ReviewKept,
) -> Result<Response, WebError> {
    use chibo_domain::access::Capability as Cap;
    use chibo_domain::meeting::MeetingStatus;
    let t = ctx.t;
    let r = chibo_app::training::review_meeting(&state.store, MeetingId(id)).await?;
    let practice = chibo_app::training::practice(&state.store, &r).await?;
    let m = &r.view.meeting;
    let (class, group) = match state.store.training_group_of(m.org).await? {
        Some((gid, class, _)) => {
            let name = state
                .store
                .training_class(class)
                .await?
                .and_then(|c| c.groups.into_iter().find(|g| g.id == gid))
                .map(|g| g.name)
                .unwrap_or_default();
            (Some(class), name)
        }
        None => (None, String::new()),
    };
    let owner = crate::routes::Scope::MockMeeting
        .resolve(state, id, ctx.today)
        .await?
        .ok_or(WebError::NotFound)?;
    let tree = state.store.org_tree().await?;
    let may = |cap| crate::routes::may_at_meeting(state, ctx, &tree, cap, id, owner);
    let running = m.status == MeetingStatus::InProgress;
    let may_inject = may(Cap::InjectSituations).await?;
    let may_handle = may(Cap::HandleSituations).await?;
    let may_discuss = may(Cap::DiscussPractice).await?;
    let may_chair = may(Cap::ManageMeetings).await?;
    let kind = t.value(&format!("meeting_{}", m.kind.code())).to_string();
    // TRN-02: the bank of the committee owning the course, trainers' situations included.
    let bank = chibo_app::training_bank::injectable(&state.store, MeetingId(id))
        .await?
        .into_iter()
        .filter(|s| s.kinds.is_empty() || s.kinds.contains(&m.kind))
        .map(|s| (s.code, s.title_vi))
        .collect();
    // Who injected and who handled, by name: the store keeps the login (the audit's actor).
    let mut names: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut logins: Vec<String> = Vec::new();
    for i in &practice.situations {
        logins.push(i.injected_by.clone());
        logins.extend(i.handled_by.clone());
    }
    logins.sort();
    logins.dedup();
    for login in logins {
        let shown = match state.store.user_by_login(&login).await? {
            Some(u) => u.shown_name(None),
            None => login.clone(),
        };
        names.insert(login, shown);
    }
    let named = |login: &str| {
        names
            .get(login)
            .cloned()
            .unwrap_or_else(|| login.to_string())
    };
    let injections = practice
        .situations
        .iter()
        .map(|i| InjectionRow {
            id: i.id,
            title: i.situation.title_vi.clone(),
            setting: i.situation.setting_vi.clone(),
            expected: i.situation.expected_vi.clone(),
            rules: i.situation.rules.clone(),
            step: i.step.clone().unwrap_or_default(),
            by: named(&i.injected_by),
            handling: i.handling.clone(),
            handled_by: i.handled_by.as_deref().map(named).unwrap_or_default(),
        })
        .collect();
    let steps = practice
        .steps
        .into_iter()
        .map(|(code, title, comments)| DiscussionStep {
            code,
            title,
            comments: comments
                .into_iter()
                .map(|c| CommentRow {
                    kind: c.kind.code(),
                    kind_label: t.value(&format!("trn_comment_{}", c.kind.code())),
                    body: c.body,
                    author: c.author,
                })
                .collect(),
        })
        .collect();
    render(&ReviewPage {
        l: Layout::new(
            ctx,
            format!("{} · {group} · {kind}", t.value("trn_review_title")),
        )
        .practice(true),
        id,
        class,
        group,
        kind,
        date: t.date(&m.date),
        guidance: r.guidance.clone(),
        score: r.review.score,
        findings: r
            .review
            .findings
            .iter()
            .map(|f| FindingRow {
                code: f.code(),
                text: f.text_vi(),
                rules: f.rules(),
                step: f.step().unwrap_or_default().to_string(),
                penalty: f.penalty(),
            })
            .collect(),
        running,
        injections,
        bank,
        may_inject,
        may_handle,
        may_discuss,
        may_chair,
        steps,
        comment_kinds: chibo_domain::training::CommentKind::ALL
            .into_iter()
            .map(|k| (k.code(), t.value(&format!("trn_comment_{}", k.code()))))
            .collect(),
        kept,
    })
}

/// Where a practice form returns: a path of this site given as `back`, else the review.
fn back_to(back: Option<&str>, id: i64, anchor: &str) -> String {
    match back {
        Some(b) if !b.is_empty() => super::same_site_path(Some(b)),
        _ => format!("/training/meetings/{id}/review#{anchor}"),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct InjectForm {
    pub situation: String,
    pub back: Option<String>,
}

#[utoipa::path(
    post,
    path = "/training/meetings/{id}/situations",
    summary = "Inject a situation of the bank into the running mock meeting (TRN-02)",
    extensions(("x-access" = json!(access(C::InjectSituations, S::MockMeeting))))
)]
pub async fn inject_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<InjectForm>,
) -> Result<Response, WebError> {
    match chibo_app::training::inject(&state.store, &ctx.actor(), MeetingId(id), &f.situation).await
    {
        Ok(_) => Ok(super::see_other(&back_to(
            f.back.as_deref(),
            id,
            "situations",
        ))),
        Err(e) => {
            let kept = ReviewKept {
                errors: crate::forms::refused_messages(ctx.t, e)?,
                ..Default::default()
            };
            review_render(&state, &ctx, id, kept).await
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct HandlingForm {
    pub injection: i64,
    pub handling: String,
    pub back: Option<String>,
}

#[utoipa::path(
    post,
    path = "/training/meetings/{id}/handling",
    summary = "Record how an injected situation was handled (TRN-02)",
    extensions(("x-access" = json!(access(C::HandleSituations, S::MockMeeting))))
)]
pub async fn handling_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<HandlingForm>,
) -> Result<Response, WebError> {
    match chibo_app::training::handle(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        f.injection,
        &f.handling,
    )
    .await
    {
        Ok(()) => Ok(super::see_other(&back_to(
            f.back.as_deref(),
            id,
            "situations",
        ))),
        Err(e) => {
            let kept = ReviewKept {
                errors: crate::forms::refused_messages(ctx.t, e)?,
                handling: f.handling,
                ..Default::default()
            };
            review_render(&state, &ctx, id, kept).await
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct CommentForm {
    pub step: String,
    pub kind: String,
    pub body: String,
}

#[utoipa::path(
    post,
    path = "/training/meetings/{id}/comments",
    summary = "Comment on a step of the mock meeting: group members and the class's trainers (TRN-01)",
    extensions(("x-access" = json!(access(C::DiscussPractice, S::MockMeeting))))
)]
pub async fn comment_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<CommentForm>,
) -> Result<Response, WebError> {
    match chibo_app::training::comment(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        &f.step,
        &f.kind,
        &f.body,
        &crate::api::training::author(&ctx),
    )
    .await
    {
        Ok(_) => Ok(super::see_other(&format!(
            "/training/meetings/{id}/review#step-{}",
            f.step.trim()
        ))),
        Err(e) => {
            let kept = ReviewKept {
                errors: crate::forms::refused_messages(ctx.t, e)?,
                step: f.step,
                kind: f.kind,
                body: f.body,
                ..Default::default()
            };
            review_render(&state, &ctx, id, kept).await
        }
    }
}

#[derive(Template)]
#[template(path = "training_situations.html")]
struct SituationsPage {
    l: Layout,
    situations: Vec<Situation>,
    /// The committees' banks the user may open (TRN-02): `(id, name)`.
    banks: Vec<(i64, String)>,
}

#[utoipa::path(
    get,
    path = "/training/situations",
    summary = "The situation bank (tình huống) with the expected handling and the rules involved (TRN-01)",
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn situations_page(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
) -> Result<Response, WebError> {
    render(&SituationsPage {
        l: Layout::new(&ctx, ctx.t.value("trn_situations_title")),
        situations: situations::builtin(),
        banks: super::training_bank::banks_for(&state, &ctx).await?,
    })
}

/// The order choices are shown in for a question: a fixed shuffle seeded by the question's
/// code (FNV-1a), the same on every visit, so the right answer is not always in one place.
pub fn shuffled(q: &Question) -> Vec<usize> {
    let mut seed: u64 = 0xcbf2_9ce4_8422_2325;
    for b in q.code.bytes() {
        seed ^= u64::from(b);
        seed = seed.wrapping_mul(0x0100_0000_01b3);
    }
    let mut order: Vec<usize> = (0..q.choices.len()).collect();
    for i in (1..order.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let j = usize::try_from(seed % (i as u64 + 1)).unwrap_or(0);
        order.swap(i, j);
    }
    order
}

/// A question as the page shows it: its choices in the shuffled order (original index, text),
/// and after marking what was chosen and whether it was right.
pub struct QuestionRow {
    pub n: usize,
    pub code: &'static str,
    pub rule: &'static str,
    pub prompt: &'static str,
    pub choices: Vec<(usize, &'static str)>,
    pub chosen: Option<usize>,
    pub correct: Option<bool>,
    pub answer: &'static str,
    pub rule_text: &'static str,
}

impl QuestionRow {
    /// Whether choice `k` (original index) was the one chosen.
    pub fn is_chosen<K: std::borrow::Borrow<usize>>(&self, k: K) -> bool {
        self.chosen == Some(*k.borrow())
    }
}

#[derive(Template)]
#[template(path = "training_quiz.html")]
struct QuizPage {
    l: Layout,
    questions: Vec<QuestionRow>,
    marked: bool,
    correct: u32,
    asked: u32,
    percent: u32,
    error: Option<&'static str>,
}

fn quiz_rows() -> Vec<QuestionRow> {
    quiz::QUESTIONS
        .iter()
        .enumerate()
        .map(|(i, q)| QuestionRow {
            n: i + 1,
            code: q.code,
            rule: q.rule,
            prompt: q.prompt_vi,
            choices: shuffled(q)
                .into_iter()
                .filter_map(|k| q.choices.get(k).map(|c| (k, *c)))
                .collect(),
            chosen: None,
            correct: None,
            answer: q.choices.get(q.answer).copied().unwrap_or_default(),
            rule_text: q.rule_vi,
        })
        .collect()
}

#[utoipa::path(
    get,
    path = "/training/quiz",
    summary = "The quiz on the rules catalogue for \"good secretary\" contests (TRN-02)",
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn quiz_page(Extension(ctx): Extension<Ctx>) -> Result<Response, WebError> {
    render(&QuizPage {
        l: Layout::new(&ctx, ctx.t.value("trn_quiz_title")),
        questions: quiz_rows(),
        marked: false,
        correct: 0,
        asked: 0,
        percent: 0,
        error: None,
    })
}

#[utoipa::path(
    post,
    path = "/training/quiz",
    summary = "Mark the quiz: the score, and per question the right answer and the rule's text (TRN-02)",
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn quiz_submit(
    Extension(ctx): Extension<Ctx>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let answers: Vec<AnswerInput> = form
        .iter()
        .filter(|(k, _)| k != "csrf")
        .filter_map(|(k, v)| {
            v.parse::<usize>().ok().map(|choice| AnswerInput {
                question: k.clone(),
                choice,
            })
        })
        .collect();
    let mut rows = quiz_rows();
    let given: Vec<quiz::Answer> = answers
        .into_iter()
        .map(|a| quiz::Answer {
            question: a.question,
            choice: a.choice,
        })
        .collect();
    let (result, error) = match quiz::score(&given) {
        Ok(r) => (Some(r), None),
        Err(e) => (None, Some(ctx.t.error(e.code()))),
    };
    if let Some(r) = &result {
        for m in &r.marked {
            if let Some(row) = rows.iter_mut().find(|row| row.code == m.question.code) {
                row.chosen = Some(m.choice);
                row.correct = Some(m.correct);
            }
        }
    }
    render(&QuizPage {
        l: Layout::new(&ctx, ctx.t.value("trn_quiz_title")),
        questions: rows,
        marked: result.is_some(),
        correct: result.as_ref().map_or(0, |r| r.correct),
        asked: result.as_ref().map_or(0, |r| r.asked),
        percent: result.as_ref().map_or(0, |r| r.percent),
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// TRN-02: the shuffle is a permutation, the same on every call, and spreads the right
    /// answers (most questions' answer is the second choice) over the positions.
    #[test]
    fn quiz_choices_are_shuffled_deterministically() {
        let mut first_is_answer = 0;
        let mut second_is_answer = 0;
        for q in quiz::QUESTIONS {
            let order = shuffled(q);
            assert_eq!(order, shuffled(q));
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..q.choices.len()).collect::<Vec<_>>());
            first_is_answer += usize::from(order[0] == q.answer);
            second_is_answer += usize::from(order.get(1) == Some(&q.answer));
        }
        let n = quiz::QUESTIONS.len();
        assert!(second_is_answer * 2 < n, "{second_is_answer} of {n}");
        assert!(first_is_answer * 2 < n, "{first_is_answer} of {n}");
    }
}

pub struct HomeClass {
    pub id: i64,
    pub title: String,
    pub course: String,
    pub held_on: String,
}

pub struct HomeMeeting {
    pub id: i64,
    pub kind: String,
    pub date: String,
    pub status: String,
    /// The learner may chair it on the live screen (not closed yet).
    pub chair: bool,
}

pub struct HomeGroup {
    pub id: i64,
    /// A learner or a trainer plans the group's next mock meeting (TRN-01).
    pub may_plan: bool,
    pub name: String,
    pub class: i64,
    pub class_title: String,
    pub role: String,
    pub meetings: Vec<HomeMeeting>,
}

#[derive(Template)]
#[template(path = "training_home.html")]
struct HomePage {
    l: Layout,
    classes: Vec<HomeClass>,
    groups: Vec<HomeGroup>,
    /// The committees whose courses the user manages (staff): `(id, name)`.
    committees: Vec<(i64, String)>,
}

#[utoipa::path(
    get,
    path = "/training",
    summary = "Training mode's home: the practice classes the user may follow (trainers, committee staff) and the practice groups the user takes part in, with their mock meetings to chair or review (TRN-01)",
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn home_page(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let tree = state.store.org_tree().await?;
    let mut classes = Vec::new();
    let mine = match ctx.user.as_ref() {
        Some(u) => state.store.practice_groups_of(u.record.id.0).await?,
        None => Vec::new(),
    };
    for course in state.store.all_training_courses().await? {
        for (id, title, held_on) in state.store.training_classes(course.id).await? {
            let target = crate::routes::Scope::TrainingClass
                .resolve(&state, id, ctx.today)
                .await?;
            let trainer = mine
                .iter()
                .any(|g| g.class == id && g.role == ParticipantRole::Trainer);
            if trainer || crate::routes::may_get(&ctx, &tree, "/training/classes/{id}", target) {
                classes.push(HomeClass {
                    id,
                    title,
                    course: course.title.clone(),
                    held_on: t.date(&held_on),
                });
            }
        }
    }
    let mut groups = Vec::new();
    {
        for g in mine {
            // Dated in the period of the guidance each practises, possibly years apart.
            let meetings = state.store.meetings_of_all_years(g.sandbox).await?;
            let learner = g.role == ParticipantRole::Learner;
            groups.push(HomeGroup {
                id: g.group,
                may_plan: g.role != ParticipantRole::Guest,
                name: g.name,
                class: g.class,
                class_title: g.class_title,
                role: t
                    .value(match g.role {
                        ParticipantRole::Learner => "trn_learners",
                        ParticipantRole::Trainer => "trn_trainers",
                        ParticipantRole::Guest => "trn_guests",
                    })
                    .to_string(),
                meetings: meetings
                    .into_iter()
                    .map(|m| HomeMeeting {
                        id: m.id.0,
                        kind: t.value(&format!("meeting_{}", m.kind.code())).to_string(),
                        date: t.date(&m.date),
                        status: t.meetings.status(m.status.code()).to_string(),
                        chair: learner && m.status != chibo_domain::meeting::MeetingStatus::Closed,
                    })
                    .collect(),
            });
        }
    }
    let practice = !groups.is_empty() || !classes.is_empty();
    // Staff manage the courses of the committee they serve (TRN-01).
    let committees = ctx
        .user
        .as_ref()
        .map(|u| {
            u.subject
                .system_roles
                .iter()
                .filter_map(|r| match r {
                    chibo_domain::access::SystemRole::Staff { org } => Some(*org),
                    _ => None,
                })
                .filter_map(|org| tree.version_on(org, ctx.today))
                .filter(|v| !v.kind.is_cell())
                .map(|v| (v.org.0, v.name.to_string()))
                .collect()
        })
        .unwrap_or_default();
    render(&HomePage {
        l: Layout::new(&ctx, t.value("link_training")).practice(practice),
        classes,
        groups,
        committees,
    })
}
