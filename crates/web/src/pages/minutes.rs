//! Minutes and follow-up pages (issue 9): the minutes reading view — the draft generated
//! from the record, read aloud in the room and put to the vote, then the same URL showing the
//! frozen snapshot with its content hash and addenda —, the minute-taker's wording
//! corrections, the review of last month's tasks at step M2, the MTG-PREP-05 countdown, and
//! a cell's minutes book, open tasks and MTG-ATT-08 alerts. Every action is a plain form POST
//! (303 back, or the same screen with the message and what was typed, 422); the use cases are
//! those the JSON API calls.

use crate::routes::{access, Scope as S};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::{Extension, Form};
use chibo_app::meeting_screen::MeetingScreen;
use chibo_app::AppError;
use chibo_domain::access::Capability as C;
use chibo_domain::meeting::minutes::MinutesV1;
use chibo_domain::meeting::warnings::Warning;
use chibo_domain::meeting::{MeetingStatus, StepState};
use chibo_domain::{MeetingId, OrgId};
use chibo_store::MinutesRecord;
use serde::Deserialize;
use time::PrimitiveDateTime;

use super::meetings::{
    again, back_to, field_errors, load_screen, result_line, warning_text, FormState, Forms, Model,
    Names,
};
use super::{render, Layout};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Catalog;
use crate::AppState;

fn hhmm(dt: &PrimitiveDateTime) -> String {
    format!("{:02}:{:02}", dt.hour(), dt.minute())
}

/// "19:30–21:15"; an end on another day carries its date ("19:30 – 04/11/2025 01:01").
fn span(t: &'static Catalog, a: &PrimitiveDateTime, b: &PrimitiveDateTime) -> String {
    if a.date() == b.date() {
        format!("{}–{}", hhmm(a), hhmm(b))
    } else {
        format!("{} – {} {}", hhmm(a), t.date(&b.date()), hhmm(b))
    }
}

/// Unix seconds as "dd/mm/yyyy HH:MM" in Vietnam's time.
fn local_stamp(t: &'static Catalog, unix: i64) -> String {
    let offset = time::UtcOffset::from_hms(crate::ctx::VN_OFFSET_HOURS, 0, 0)
        .unwrap_or(time::UtcOffset::UTC);
    match time::OffsetDateTime::from_unix_timestamp(unix) {
        Ok(at) => {
            let at = at.to_offset(offset);
            format!("{} {:02}:{:02}", t.date(&at.date()), at.hour(), at.minute())
        }
        Err(_) => String::new(),
    }
}

/// The day in Vietnam of a stored instant (Unix seconds).
fn stamp_date(unix: i64) -> time::Date {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map(|t| t.to_offset(time::macros::offset!(+7)).date())
        .unwrap_or(time::Date::MIN)
}

// ------------------------------------------------------------------- on the meeting screens

/// MTG-PREP-05: the last day to sign the resolution, publish and report upward.
pub struct Publish {
    pub due: String,
    /// "còn 2 ngày", "hôm nay là hạn cuối", "quá hạn 3 ngày".
    pub left: String,
    pub overdue: bool,
    /// "Đã ký nghị quyết ngày …" once signed: the countdown stops.
    pub signed: Option<String>,
}

/// The documents of a meeting closed by approving its minutes (issue 10): downloads, and
/// the sign form for the secretary while the resolution is unsigned.
pub struct DocumentsBlock {
    /// "Số 05-NQ/CB, ký ngày … " once signed.
    pub signed: Option<String>,
    pub can_sign: bool,
    /// A thematic meeting or combined session: the topic's final text (issue 10, document 4).
    pub has_topic: bool,
}

/// A task of an earlier meeting brought to this one's assessment step (MTG-ORD-04).
pub struct CarriedRow {
    pub task: i64,
    pub text: String,
    pub owners: String,
    pub deadline: String,
    pub assigned_on: String,
    pub overdue: bool,
    /// The latest review before this meeting, in words.
    pub last: Option<String>,
    /// The review recorded at this meeting, in words.
    pub here: Option<String>,
    /// What the form shows: the progress code and comment (typed values after an error).
    pub progress: String,
    pub comment: String,
    pub error: Option<String>,
}

/// What the meeting page and the live screen add for issue 9.
pub struct MeetingFollowup {
    pub publish: Option<Publish>,
    pub documents: Option<DocumentsBlock>,
    /// The step at which the tasks are reviewed ("M2"), if the agenda has one.
    pub carried_step: Option<String>,
    pub carried: Vec<CarriedRow>,
    /// The step being held (or next) is the assessment step: the panel opens.
    pub at_carried_step: bool,
    /// The chair may record reviews (the meeting is in progress).
    pub can_review: bool,
    pub progresses: Vec<(&'static str, &'static str)>,
}

pub fn meeting_followup(
    ctx: &Ctx,
    s: &MeetingScreen,
    forms: &Forms,
    can_manage: bool,
    can_sign: bool,
    names: &Names,
) -> MeetingFollowup {
    let t = ctx.t;
    let ft = &t.followup;
    let m = &s.view.meeting;
    let held = matches!(m.status, MeetingStatus::InProgress | MeetingStatus::Closed);
    let signed_on = s
        .view
        .resolution
        .as_ref()
        .map(|d| t.date(&stamp_date(d.signed_at)));
    let publish = s.view.publish_due_by.filter(|_| held).map(|due| {
        let days = (due - ctx.today).whole_days();
        let left = match days {
            d if d > 0 => ft.days_left.replace("{n}", &d.to_string()),
            0 => ft.due_today.to_string(),
            d => ft.overdue_by.replace("{n}", &(-d).to_string()),
        };
        Publish {
            due: t.date(&due),
            left,
            overdue: days < 0 && signed_on.is_none(),
            signed: signed_on
                .as_ref()
                .map(|d| ft.publish_signed.replace("{date}", d)),
        }
    });
    // Documents render from approved minutes only: a meeting closed before minutes existed
    // (closed under Meetings I) has none to offer.
    let documents = s.minutes_approved.then(|| DocumentsBlock {
        signed: s.view.resolution.as_ref().map(|d| {
            ft.resolution_signed
                .replace(
                    "{number}",
                    &chibo_domain::document::number_text(
                        d.number,
                        chibo_domain::ruleset::DocumentKind::Resolution,
                        "CB",
                    ),
                )
                .replace("{date}", signed_on.as_deref().unwrap_or_default())
                .replace("{by}", &d.signed_by)
        }),
        can_sign: can_sign && s.view.resolution.is_none(),
        has_topic: matches!(
            s.view.meeting.kind,
            chibo_domain::ruleset::MeetingKind::Thematic
                | chibo_domain::ruleset::MeetingKind::Combined
        ),
    });
    let review_words = |r: &chibo_store::TaskReviewRecord| {
        let mut words = format!(
            "{} ({})",
            ft.progress(r.review.progress.code()),
            t.date(&r.meeting_date)
        );
        if let Some(c) = r.review.comment.as_deref().filter(|c| !c.is_empty()) {
            words.push_str(&format!(": {c}"));
        }
        words
    };
    let carried = s
        .view
        .carried_tasks
        .iter()
        .map(|c| {
            let here = c.reviews.iter().rev().find(|r| r.meeting == m.id);
            let last = c.reviews.iter().rev().find(|r| r.meeting_date < m.date);
            let (mut progress, mut comment) = here
                .map(|r| {
                    (
                        r.review.progress.code().to_string(),
                        r.review.comment.clone().unwrap_or_default(),
                    )
                })
                .unwrap_or_default();
            let mut error = None;
            if let Some((task, f)) = &forms.review {
                if *task == c.task.id {
                    progress = f.v("progress").to_string();
                    comment = f.v("comment").to_string();
                    error = Some(
                        f.errors
                            .iter()
                            .map(|(_, m)| m.as_str())
                            .collect::<Vec<_>>()
                            .join(" "),
                    );
                }
            }
            CarriedRow {
                task: c.task.id,
                text: c.task.task.text.clone(),
                owners: c
                    .task
                    .task
                    .owners
                    .iter()
                    .map(|p| names.of(*p))
                    .collect::<Vec<_>>()
                    .join(", "),
                deadline: t.date(&c.task.task.deadline),
                assigned_on: t.date(&c.meeting_date),
                overdue: chibo_domain::meeting::work::overdue(
                    c.task.task.deadline,
                    c.reviews.last().map(|r| r.review.progress),
                    ctx.today,
                ),
                last: last.map(review_words),
                here: here.map(review_words),
                progress,
                comment,
                error,
            }
        })
        .collect();
    let steps = m.agenda.steps();
    let focus = m
        .agenda
        .current()
        .or_else(|| steps.iter().find(|s| matches!(s.state, StepState::Pending)));
    MeetingFollowup {
        publish,
        documents,
        at_carried_step: focus.is_some_and(|f| Some(&f.code) == s.view.carried_to.as_ref()),
        carried_step: s.view.carried_to.clone(),
        carried,
        can_review: can_manage && m.status == MeetingStatus::InProgress,
        progresses: ft.progresses.to_vec(),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReviewForm {
    pub progress: Option<String>,
    pub comment: Option<String>,
    pub back: Option<String>,
}

#[utoipa::path(
    post,
    path = "/meetings/{id}/task-reviews/{task}",
    summary = "Review a task of an earlier meeting at step M2: done, in progress, or not done with a comment (MTG-ORD-04)",
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn review_task(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((id, task)): Path<(i64, i64)>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, WebError> {
    let input = chibo_app::meetings::TaskReviewInput {
        progress: f.progress.clone().filter(|p| !p.trim().is_empty()),
        comment: f.comment.clone().filter(|c| !c.trim().is_empty()),
    };
    match chibo_app::meetings::review_task(&state.store, &ctx.actor(), MeetingId(id), task, &input)
        .await
    {
        Ok(_) => Ok(back_to(id, &f.back, &format!("t-{task}"))),
        Err(e) => {
            let errors = match e {
                AppError::Stale { .. } => vec![chibo_app::FieldError::new("progress", "stale")],
                other => field_errors(other)?,
            };
            let forms = Forms {
                review: Some((
                    task,
                    FormState::new(
                        ctx.t,
                        &[
                            ("progress", f.progress.as_deref().unwrap_or("")),
                            ("comment", f.comment.as_deref().unwrap_or("")),
                        ],
                        &errors,
                    ),
                )),
                ..Default::default()
            };
            again(&state, &ctx, id, &f.back, forms).await
        }
    }
}

// ----------------------------------------------------------------------- the reading view

pub struct ReadStep {
    pub code: String,
    pub title: String,
    /// "19:35–19:50", "Không áp dụng: …", "Chưa tiến hành".
    pub note: String,
    /// (speaker, text).
    pub contributions: Vec<(String, String)>,
}

pub struct ReadVote {
    pub subject: String,
    pub kind: &'static str,
    pub method: &'static str,
    pub counts: String,
    pub result: String,
    pub passed: bool,
    pub denominator: String,
    pub excluded: Vec<(String, String)>,
}

pub struct WordingRow {
    pub id: i64,
    pub step: String,
    pub speaker: String,
    pub text: String,
    pub error: Option<String>,
}

/// The minutes as the reading view shows them, draft or frozen alike.
pub struct Reading {
    pub cell: String,
    pub approved: bool,
    pub facts: Vec<(&'static str, String)>,
    pub guests: Vec<String>,
    pub attendance: Vec<(&'static str, String)>,
    pub absentees: Vec<(String, String)>,
    pub steps: Vec<ReadStep>,
    pub conclusion: Option<String>,
    pub votes: Vec<ReadVote>,
    /// (text, owners, deadline).
    pub tasks: Vec<(String, String, String)>,
    pub quality: String,
    pub thematic: Vec<(&'static str, String)>,
    /// The admission ceremony's act (ADM-CER-01..03), for a ceremony.
    pub ceremony: Vec<(&'static str, String)>,
    /// (words, rule IDs).
    pub warnings: Vec<(String, String)>,
    pub sign_chair: String,
    pub sign_taker: String,
    pub content_hash: String,
    pub schema_version: u32,
    pub approved_at: String,
    pub approval: String,
    pub approval_counts: String,
    pub recorded_by: String,
    /// (approved on, text, vote).
    pub addenda: Vec<(String, String, String)>,
    pub wording: Vec<WordingRow>,
}

fn reading(
    ctx: &Ctx,
    m: &Model,
    s: &MeetingScreen,
    minutes: &MinutesV1,
    frozen: Option<&MinutesRecord>,
    forms: &Forms,
) -> Reading {
    let t = ctx.t;
    let ft = &t.followup;
    let names = Names::of_roster(&s.view.roster);
    let unset = || ft.not_set.to_string();
    let time = match (minutes.started, minutes.ended) {
        (Some(a), Some(b)) => span(t, &a, &b),
        (Some(a), None) => hhmm(&a),
        _ => ft.time_not_held.to_string(),
    };
    let mode = match minutes.online_reason.as_deref() {
        Some(reason) => format!("{} — {reason}", t.meetings.mode_online),
        None => t.meetings.mode_in_person.to_string(),
    };
    let chair = minutes
        .chair
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_else(unset);
    let taker = minutes
        .minute_taker
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_else(unset);
    let facts = vec![
        (
            ft.kind,
            t.value(&format!("meeting_{}", minutes.kind)).to_string(),
        ),
        (ft.date, t.date(&minutes.date)),
        (ft.time, time),
        (ft.place, minutes.place.clone()),
        (ft.mode, mode),
        (ft.chair, chair.clone()),
        (ft.minute_taker, taker.clone()),
    ];
    let guests = minutes
        .guests
        .iter()
        .map(|g| {
            let mut line = g.name.clone();
            if let Some(p) = g.position.as_deref().filter(|p| !p.is_empty()) {
                line.push_str(&format!(", {p}"));
            }
            format!("{line} ({})", t.meetings.guest_role(&g.role))
        })
        .collect();
    let a = &minutes.attendance;
    let mut attendance = vec![(
        ft.total,
        format!(
            "{} ({} {}, {} {})",
            a.total, a.official, ft.official, a.probationary, ft.probationary
        ),
    )];
    if a.attached_here > 0 {
        attendance.push((ft.attached_here, a.attached_here.to_string()));
    }
    if a.exempted > 0 {
        attendance.push((ft.exempted, a.exempted.to_string()));
    }
    if a.away_elsewhere > 0 {
        attendance.push((ft.away_elsewhere, a.away_elsewhere.to_string()));
    }
    attendance.push((ft.summoned, a.summoned.to_string()));
    attendance.push((
        ft.present,
        format!(
            "{}/{} ({}); {}",
            a.present,
            a.summoned,
            t.percent(a.present, a.summoned).replace(' ', "\u{a0}"),
            ft.present_detail
                .replace("{official}", &a.present_official.to_string())
                .replace("{probationary}", &a.present_probationary.to_string())
                .replace("{attached}", &a.present_attached.to_string())
        ),
    ));
    attendance.push((ft.absent_excused, a.absent_excused.to_string()));
    attendance.push((ft.absent_unexcused, a.absent_unexcused.to_string()));
    let absentees = minutes
        .absentees
        .iter()
        .map(|x| {
            let why = match (&x.reason, x.accepted) {
                (Some(r), true) => format!("{r} — {}", ft.reason_accepted),
                (Some(r), false) => format!("{r} — {}", ft.reason_not_accepted),
                (None, _) => ft.no_reason.to_string(),
            };
            (x.name.clone(), why)
        })
        .collect();
    let steps = minutes
        .steps
        .iter()
        .map(|st| ReadStep {
            code: st.code.clone(),
            title: st.title.clone(),
            note: match (st.started, st.ended, &st.not_applicable_reason) {
                (_, _, Some(r)) => format!("{}: {r}", ft.not_applicable),
                (Some(a), Some(b), _) => span(t, &a, &b),
                (Some(a), None, _) => hhmm(&a),
                _ => ft.not_held.to_string(),
            },
            contributions: st
                .contributions
                .iter()
                .map(|c| (c.speaker.clone(), c.text.clone()))
                .collect(),
        })
        .collect();
    let votes = minutes
        .votes
        .iter()
        .map(|v| ReadVote {
            subject: v.subject.clone(),
            kind: t.meetings.vote_kind(&v.kind),
            method: t.meetings.vote_method(&v.method),
            counts: format!(
                "{} {} · {} {} · {} {}",
                t.meetings.votes_for,
                v.votes_for,
                t.meetings.against,
                v.against,
                t.meetings.abstain,
                v.abstain
            ),
            result: result_line(t, v.votes_for, v.denominator, v.passed),
            passed: v.passed,
            denominator: format!(
                "{} {} = {} {}{}",
                t.meetings.denominator,
                v.denominator,
                t.meetings.summoned.to_lowercase(),
                v.summoned,
                " − 1".repeat(v.excluded.len())
            ),
            excluded: v
                .excluded
                .iter()
                .map(|e| (e.name.clone(), e.reason.clone()))
                .collect(),
        })
        .collect();
    let tasks = minutes
        .tasks
        .iter()
        .map(|k| (k.text.clone(), k.owners.join(", "), t.date(&k.deadline)))
        .collect();
    let thematic = minutes
        .thematic
        .as_ref()
        .map(|th| {
            let mut rows = vec![
                (ft.topic, th.topic.clone().unwrap_or_else(unset)),
                (ft.presenter, th.presenter.clone().unwrap_or_else(unset)),
            ];
            if let Some(d) = &th.draft_text {
                rows.push((ft.draft_text, d.clone()));
            }
            if let Some(f) = &th.draft_file {
                rows.push((ft.draft_file, f.clone()));
            }
            if let Some(by) = &th.approved_by {
                rows.push((ft.draft_approved_by, by.clone()));
            }
            rows
        })
        .unwrap_or_default();
    let ceremony = minutes
        .ceremony
        .as_ref()
        .map(|c| {
            let mut rows = vec![
                (t.field("new_members"), c.new_member.name.clone()),
                (t.field("decision_ref"), c.decision.clone()),
                (t.field("decision_date"), t.date(&c.decision_date)),
                (t.field("issuer"), c.issuer.clone()),
                (t.field("received_on"), t.date(&c.received_on)),
                (t.field("helper"), c.helper.name.clone()),
            ];
            if let Some(d) = c.deadline {
                rows.push((t.field("ceremony_deadline"), t.date(&d)));
            }
            if let Some(a) = &c.agreement {
                rows.push((t.field("agreement_ref"), a.clone()));
            }
            if let Some(d) = c.agreement_date {
                rows.push((t.field("agreement_date"), t.date(&d)));
            }
            rows.push((t.field("probation_ends"), t.date(&c.probation_ends)));
            rows
        })
        .unwrap_or_default();
    let warnings = minutes
        .warnings
        .iter()
        .map(|w| {
            let words = serde_json::from_value::<Warning>(w.detail.clone())
                .map(|warning| warning_text(t, &names, &warning))
                .unwrap_or_else(|_| w.code.clone());
            (words, w.rules.join(", "))
        })
        .collect();
    let wording = if frozen.is_none() && m.can_contribute {
        s.view
            .meeting
            .contributions
            .iter()
            .map(|c| {
                let mut text = c.contribution.text.clone();
                let mut error = None;
                if let Some((id, f)) = &forms.wording {
                    if *id == c.id {
                        text = f.v("text").to_string();
                        error = Some(
                            f.errors
                                .iter()
                                .map(|(_, m)| m.as_str())
                                .collect::<Vec<_>>()
                                .join(" "),
                        );
                    }
                }
                WordingRow {
                    id: c.id,
                    step: c.contribution.step.clone(),
                    speaker: match &c.contribution.speaker {
                        chibo_domain::meeting::work::Speaker::Person { person } => {
                            names.of(*person)
                        }
                        chibo_domain::meeting::work::Speaker::Named { name } => name.clone(),
                    },
                    text,
                    error,
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut r = Reading {
        cell: minutes.cell.name.clone(),
        approved: frozen.is_some(),
        facts,
        guests,
        attendance,
        absentees,
        steps,
        conclusion: minutes.conclusion.clone(),
        votes,
        tasks,
        quality: minutes
            .quality
            .clone()
            .unwrap_or_else(|| ft.quality_none.to_string()),
        thematic,
        ceremony,
        warnings,
        sign_chair: chair,
        sign_taker: taker,
        content_hash: String::new(),
        schema_version: chibo_domain::meeting::minutes::MINUTES_SCHEMA_VERSION,
        approved_at: String::new(),
        approval: String::new(),
        approval_counts: String::new(),
        recorded_by: String::new(),
        addenda: Vec::new(),
        wording,
    };
    if let Some(f) = frozen {
        let ap = &f.approval;
        r.content_hash = f.content_hash.clone();
        r.schema_version = f.schema_version;
        r.approved_at = local_stamp(t, f.approved_at);
        r.approval = result_line(t, ap.votes_for, ap.denominator, true);
        r.approval_counts = format!(
            "{} {} · {} {} · {} {}",
            t.meetings.votes_for,
            ap.votes_for,
            t.meetings.against,
            ap.against,
            t.meetings.abstain,
            ap.abstain
        );
        r.recorded_by = ap.recorded_by.clone();
        if let Some(c) = &ap.chair {
            r.sign_chair = c.clone();
        }
        if let Some(k) = &ap.minute_taker {
            r.sign_taker = k.clone();
        }
        r.addenda = f
            .addenda
            .iter()
            .map(|x| {
                (
                    t.date(&x.addendum.approved_on),
                    x.addendum.text.clone(),
                    format!(
                        "{}/{} {}",
                        x.addendum.votes_for,
                        x.addendum.denominator,
                        t.meetings.votes_for.to_lowercase()
                    ),
                )
            })
            .collect();
    }
    r
}

#[derive(Template)]
#[template(path = "minutes.html")]
struct ReadingPage {
    l: Layout,
    m: Model,
    f: Forms,
    r: Reading,
    back: &'static str,
}

/// The reading view, with `f`'s errors after a refused post.
pub async fn reading_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    f: Forms,
) -> Result<Response, WebError> {
    let (m, title, s) = load_screen(state, ctx, id, &f).await?;
    let frozen = state.store.minutes(MeetingId(id)).await?;
    let minutes = match &frozen {
        Some(rec) => rec.minutes.latest().clone(),
        None => {
            let tree = state.store.org_tree().await?;
            let cell = tree
                .version_on(s.view.meeting.org, s.view.meeting.date)
                .map(|v| v.name.as_str().to_string())
                .unwrap_or_default();
            chibo_app::minutes::build(&s.view, &cell)
        }
    };
    let r = reading(ctx, &m, &s, &minutes, frozen.as_ref(), &f);
    let failed =
        f.review.is_some() || f.wording.is_some() || f.minutes.has_errors() || f.sign.has_errors();
    let mut response = render(&ReadingPage {
        l: Layout::new(ctx, format!("{} · {title}", ctx.t.followup.link_minutes))
            .practice(state.store.is_sandbox(s.view.meeting.org).await?),
        m,
        f,
        r,
        back: "minutes",
    })?;
    if failed {
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

#[utoipa::path(
    get,
    path = "/meetings/{id}/minutes",
    summary = "Minutes reading view: the draft from the record in large type with the approval vote, or the frozen snapshot with its content hash, approval and addenda",
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Meeting))))
)]
pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    reading_page(&state, &ctx, id, Forms::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WordingForm {
    pub text: Option<String>,
}

#[utoipa::path(
    post,
    path = "/meetings/{id}/contributions/{contribution}",
    summary = "The minute-taker corrects a contribution's wording before the minutes are approved (every edit kept)",
    extensions(("x-access" = json!(access(C::RecordContributions, S::Meeting))))
)]
pub async fn edit_wording(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((id, contribution)): Path<(i64, i64)>,
    Form(f): Form<WordingForm>,
) -> Result<Response, WebError> {
    let text = f.text.clone().unwrap_or_default();
    match chibo_app::minutes::edit_wording(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        contribution,
        &text,
        ctx.display_name(),
    )
    .await
    {
        Ok(_) => Ok(super::see_other(&format!(
            "/meetings/{id}/minutes#c-{contribution}"
        ))),
        Err(e) => {
            let errors = field_errors(e)?;
            let forms = Forms {
                wording: Some((
                    contribution,
                    FormState::new(ctx.t, &[("text", text.as_str())], &errors),
                )),
                ..Default::default()
            };
            reading_page(&state, &ctx, id, forms).await
        }
    }
}

// ------------------------------------------------------------------------- the cell's pages

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct YearQuery {
    pub year: Option<i32>,
}

pub struct BookRow {
    pub meeting: i64,
    pub date: String,
    pub kind: &'static str,
    pub hash: String,
    pub schema_version: u32,
    pub approved_at: String,
    /// (approved on, text, vote).
    pub addenda: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "minutes_book.html")]
struct BookPage {
    l: Layout,
    id: i64,
    name: String,
    year: i32,
    rows: Vec<BookRow>,
}

#[utoipa::path(
    get,
    path = "/orgs/{id}/minutes",
    summary = "A cell's minutes book: the approved minutes of a year in order, with their hash and addenda",
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Org))))
)]
pub async fn book(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let year = q.year.unwrap_or(ctx.today.year()).clamp(2007, 2199);
    let tree = state.store.org_tree().await?;
    let name = tree
        .version_on(OrgId(id), ctx.today)
        .or_else(|| tree.history(OrgId(id)).last())
        .map(|v| v.name.to_string())
        .ok_or(WebError::NotFound)?;
    let mut rows = Vec::new();
    for e in state.store.minutes_book(OrgId(id), year).await? {
        let addenda = if e.addenda > 0 {
            state
                .store
                .minutes(e.meeting)
                .await?
                .map(|m| {
                    m.addenda
                        .iter()
                        .map(|x| {
                            (
                                t.date(&x.addendum.approved_on),
                                x.addendum.text.clone(),
                                format!(
                                    "{}/{} {}",
                                    x.addendum.votes_for,
                                    x.addendum.denominator,
                                    t.meetings.votes_for.to_lowercase()
                                ),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        rows.push(BookRow {
            meeting: e.meeting.0,
            date: t.date(&e.date),
            kind: t.value(&format!("meeting_{}", e.kind.code())),
            hash: e.content_hash,
            schema_version: e.schema_version,
            approved_at: local_stamp(t, e.approved_at),
            addenda,
        });
    }
    render(&BookPage {
        l: Layout::new(&ctx, format!("{} · {name}", t.followup.book_title)),
        id,
        name,
        year,
        rows,
    })
}

/// One open task as the cell and home pages list it.
pub struct TaskRow {
    pub text: String,
    pub owners: String,
    pub deadline: String,
    pub assigned_on: String,
    pub meeting: i64,
    pub overdue: bool,
    pub last: Option<String>,
}

pub fn task_rows(t: &'static Catalog, tasks: &[chibo_app::meetings::OpenTask]) -> Vec<TaskRow> {
    tasks
        .iter()
        .map(|o| TaskRow {
            text: o.task.task.task.text.clone(),
            owners: o.owner_names.join(", "),
            deadline: t.date(&o.task.task.task.deadline),
            assigned_on: t.date(&o.task.meeting_date),
            meeting: o.task.meeting.0,
            overdue: o.overdue,
            last: o.task.reviews.last().map(|r| {
                let mut w = format!(
                    "{} ({})",
                    t.followup.progress(r.review.progress.code()),
                    t.date(&r.meeting_date)
                );
                if let Some(c) = r.review.comment.as_deref().filter(|c| !c.is_empty()) {
                    w.push_str(&format!(": {c}"));
                }
                w
            }),
        })
        .collect()
}

/// The cell page's follow-up: open tasks by deadline and the MTG-ATT-08 alerts of a year.
pub struct CellFollowup {
    pub tasks: Vec<TaskRow>,
    /// (person, name, months) of the members at the alert.
    pub alerts: Vec<(i64, String, u32)>,
    pub year: i32,
}

pub async fn cell_followup(
    state: &AppState,
    ctx: &Ctx,
    org: OrgId,
    year: i32,
) -> Result<CellFollowup, WebError> {
    let tasks = chibo_app::meetings::open_tasks(&state.store, org, None, ctx.today).await?;
    let alerts = chibo_app::meetings::unexcused_absences(&state.store, org, year)
        .await?
        .into_iter()
        .filter(|a| a.alert)
        .map(|a| (a.person.0, a.name, a.months))
        .collect();
    Ok(CellFollowup {
        tasks: task_rows(ctx.t, &tasks),
        alerts,
        year,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignForm {
    pub back: Option<String>,
}

#[utoipa::path(
    post,
    path = "/meetings/{id}/resolution/sign",
    summary = "The secretary signs the meeting's resolution, which gets its number (DOC-05/06/19, MTG-PREP-05)",
    extensions(("x-access" = json!(access(C::ApproveMinutes, S::Meeting))))
)]
pub async fn sign_resolution(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<SignForm>,
) -> Result<Response, WebError> {
    match chibo_app::documents::sign_resolution(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        ctx.display_name(),
        &chibo_app::documents::SignInput::default(),
    )
    .await
    {
        Ok(_) => Ok(back_to(id, &f.back, "documents")),
        Err(e) => {
            let forms = Forms {
                sign: FormState::new(ctx.t, &[], &field_errors(e)?),
                ..Default::default()
            };
            again(&state, &ctx, id, &f.back, forms).await
        }
    }
}
