//! Meeting pages (issue 8): a cell plans a meeting from its page; the meeting page shows
//! everything recorded at it with the lifecycle actions; the chair's live screen holds it
//! one step at a time (roll call, contributions, tasks, the vote with its denominator); the
//! members' view and the projector follow it read-only. Every action is a plain form POST
//! answered with a redirect (303) or, on an error, the same screen again with the message
//! next to the field and what was typed kept (422). `live.js` only enhances: it follows the
//! meeting's events and submits the chair's forms without leaving the page.

use std::collections::BTreeMap;

use crate::routes::{access, Scope as S};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::{Extension, Form};
use chibo_app::meeting_screen::{screen, AttendanceCounts, MeetingScreen};
use chibo_app::meetings::{
    AttendanceInput, ContributionInput, DetailsInput, GuestInput, MeetingInput, StepInput,
    TaskInput, VoteInput,
};
use chibo_app::{AppError, FieldError};
use chibo_domain::access::Capability as C;
use chibo_domain::meeting::details::{GuestRole, Mode};
use chibo_domain::meeting::roll_call::Presence;
use chibo_domain::meeting::warnings::Warning;
use chibo_domain::meeting::work::Speaker;
use chibo_domain::meeting::{StepState, Transition};
use chibo_domain::{MeetingId, OrgId, PersonId};
use chibo_store::VoteRecord;
use serde::Deserialize;
use time::PrimitiveDateTime;

use super::{can, render, see_other, FormPage, Layout};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::forms::Field;
use crate::i18n::Catalog;
use crate::AppState;

/// Meeting kinds a cell plans from its page.
pub const KIND_CODES: [&str; 5] = [
    "regular",
    "thematic",
    "combined",
    "extraordinary",
    "admission_ceremony",
];

// ---------------------------------------------------------------------------- view models

/// One meeting in the cell's list.
pub struct MeetingRow {
    pub id: i64,
    pub date: String,
    pub kind: &'static str,
    pub status_code: &'static str,
    pub status: &'static str,
    pub place: String,
}

/// The cell page's "Sinh hoạt chi bộ" section.
pub struct CellMeetings {
    pub year: i32,
    pub rows: Vec<MeetingRow>,
    pub can_manage: bool,
    pub kinds: Vec<(&'static str, &'static str)>,
}

pub async fn cell_meetings(
    state: &AppState,
    ctx: &Ctx,
    org: OrgId,
    year: i32,
    can_manage: bool,
) -> Result<CellMeetings, WebError> {
    let t = ctx.t;
    let rows = chibo_app::meetings::list(&state.store, org, year)
        .await?
        .into_iter()
        .map(|m| MeetingRow {
            id: m.id.0,
            date: t.date(&m.date),
            kind: t.value(&format!("meeting_{}", m.kind.code())),
            status_code: m.status.code(),
            status: t.meetings.status(m.status.code()),
            place: m.place,
        })
        .collect();
    Ok(CellMeetings {
        year,
        rows,
        can_manage,
        kinds: KIND_CODES
            .iter()
            .map(|k| (*k, t.value(&format!("meeting_{k}"))))
            .collect(),
    })
}

pub struct StepRow {
    pub code: String,
    pub title: String,
    pub state: &'static str,
    pub state_label: &'static str,
    pub detail: String,
    pub rules: String,
}

/// The step shown large: the one being held, or else the next one to hold.
pub struct Focus {
    pub running: bool,
    pub code: String,
    pub title: String,
    pub guidance: String,
    pub rules: Vec<String>,
    /// "HH:MM" when it started.
    pub started: String,
}

pub struct RosterRow {
    pub person: i64,
    pub name: String,
    pub summoned: bool,
    pub may_vote: bool,
    pub presence: &'static str,
    pub presence_label: &'static str,
    pub detail: String,
    /// What the row's form shows (typed values kept after an error).
    pub reason: String,
    pub late: String,
    pub error: Option<String>,
}

pub struct VoteRow {
    pub subject: String,
    pub kind: &'static str,
    pub method: &'static str,
    pub votes_for: u32,
    pub against: u32,
    pub abstain: u32,
    pub denominator: u32,
    pub summoned: u32,
    /// (name, why) of everyone left out of the denominator.
    pub excluded: Vec<(String, &'static str)>,
    pub passed: bool,
    /// "10/18 tán thành (55,6\u{a0}%) — Thông qua".
    pub result: String,
}

/// What every meeting screen shows and `live.js` keeps current (`data-live`).
pub struct Board {
    pub id: i64,
    pub version: i64,
    pub status: &'static str,
    pub status_label: &'static str,
    pub focus: Option<Focus>,
    pub counts: AttendanceCounts,
    pub last_vote: Option<VoteRow>,
    pub contributions: usize,
    pub tasks: usize,
    /// ISO local time (UTC+7) the first step started, for the clock.
    pub first_started: String,
    pub clock: String,
    pub min_minutes: Option<u32>,
    /// At a mock meeting (TRN-02): the situation a trainer injected, until it is handled.
    pub situation: Option<chibo_app::live::LiveSituation>,
    /// The user may record how it was handled (the group's learner, a trainer).
    pub may_handle: bool,
}

/// A form's typed values and its errors (field → message).
#[derive(Default)]
pub struct FormState {
    pub values: BTreeMap<&'static str, String>,
    pub multi: Vec<String>,
    pub errors: Vec<(String, String)>,
}

impl FormState {
    pub(crate) fn new(
        t: &'static Catalog,
        values: &[(&'static str, &str)],
        errors: &[FieldError],
    ) -> Self {
        Self {
            values: values.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            multi: Vec::new(),
            errors: errors
                .iter()
                .map(|e| (e.field.clone(), t.field_error(&e.field, e.code)))
                .collect(),
        }
    }

    pub fn v(&self, name: &str) -> &str {
        self.values.get(name).map(String::as_str).unwrap_or("")
    }

    pub fn err(&self, name: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, m)| m.as_str())
    }

    /// Errors about fields the form does not show (listed above it).
    /// `shown`: the form's field names, comma-separated.
    pub fn others(&self, shown: &str) -> Vec<&str> {
        self.errors
            .iter()
            .filter(|(f, _)| !shown.split(',').any(|s| s == f))
            .map(|(_, m)| m.as_str())
            .collect()
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn picked(&self, value: &str) -> bool {
        self.multi.iter().any(|m| m == value)
    }
}

/// The forms of a screen after a refused post; empty otherwise.
#[derive(Default)]
pub struct Forms {
    /// The person whose roll-call row was refused, with the message.
    pub attendance: Option<(i64, FormState)>,
    pub contribution: FormState,
    pub task: FormState,
    pub vote: FormState,
    pub transition: FormState,
    pub steps: FormState,
    pub details: FormState,
    pub absence: FormState,
    pub minutes: FormState,
    /// A refused review of a carried task: (task, form).
    pub review: Option<(i64, FormState)>,
    /// A refused wording correction: (contribution, form).
    pub wording: Option<(i64, FormState)>,
    pub ceremony: FormState,
    /// A refused signing of the resolution.
    pub sign: FormState,
}

impl Forms {
    fn failed(&self) -> bool {
        self.steps.has_errors()
            || self.ceremony.has_errors()
            || self.details.has_errors()
            || self.absence.has_errors()
            || self.minutes.has_errors()
            || self.sign.has_errors()
            || self.review.is_some()
            || self.wording.is_some()
            || self.attendance.is_some()
            || self.contribution.has_errors()
            || self.task.has_errors()
            || self.vote.has_errors()
            || self.transition.has_errors()
    }
}

fn hhmm(dt: &PrimitiveDateTime) -> String {
    format!("{:02}:{:02}", dt.hour(), dt.minute())
}

fn iso(dt: &PrimitiveDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        dt.year(),
        dt.month() as u8,
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

fn started(state: &StepState) -> Option<PrimitiveDateTime> {
    match state {
        StepState::Running { started } | StepState::Done { started, .. } => Some(*started),
        _ => None,
    }
}

/// Minutes since `first` (a local time in Vietnam) when that is within the day, for the
/// clock; `None` otherwise (a meeting of another day shows its start time only).
fn elapsed_minutes(now: i64, first: &PrimitiveDateTime) -> Option<i64> {
    let offset = time::UtcOffset::from_hms(crate::ctx::VN_OFFSET_HOURS, 0, 0).ok()?;
    let minutes = (now - first.assume_offset(offset).unix_timestamp()) / 60;
    (0..=16 * 60).contains(&minutes).then_some(minutes)
}

fn presence_code(p: Option<&Presence>) -> &'static str {
    match p {
        Some(Presence::Present { .. }) => "present",
        Some(Presence::Absent { accepted: true, .. }) => "absent_excused",
        Some(Presence::Absent { .. }) => "absent_unexcused",
        None => "not_called",
    }
}

fn vote_code<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// "10/18 tán thành (55,6\u{a0}%) — Thông qua": the line the minutes will carry.
pub fn result_line(t: &'static Catalog, votes_for: u32, denominator: u32, passed: bool) -> String {
    format!(
        "{votes_for}/{denominator} {} ({}) — {}",
        t.meetings.votes_for.to_lowercase(),
        // "55,6 %" never breaks before its sign on a narrow screen.
        t.percent(votes_for, denominator).replace(' ', "\u{a0}"),
        if passed {
            t.meetings.passed
        } else {
            t.meetings.not_passed
        }
    )
}

pub struct Names(BTreeMap<i64, String>);

impl Names {
    /// The names of the people on a meeting's roster.
    pub(crate) fn of_roster(roster: &[chibo_app::meetings::RollCallRow]) -> Self {
        Names(
            roster
                .iter()
                .map(|r| (r.person.0, r.full_name.clone()))
                .collect(),
        )
    }

    pub(crate) fn of(&self, p: PersonId) -> String {
        self.0
            .get(&p.0)
            .cloned()
            .unwrap_or_else(|| format!("#{}", p.0))
    }
}

fn vote_row(t: &'static Catalog, names: &Names, v: &VoteRecord) -> VoteRow {
    VoteRow {
        subject: v.subject.clone(),
        kind: t.meetings.vote_kind(v.kind.code()),
        method: t.meetings.vote_method(v.method.code()),
        votes_for: v.tally.votes_for,
        against: v.tally.against,
        abstain: v.tally.abstain,
        denominator: v.denominator,
        summoned: v.denominator_breakdown.summoned,
        excluded: v
            .denominator_breakdown
            .excluded
            .iter()
            .map(|e| {
                (
                    names.of(e.person),
                    t.meetings.exclusion(&vote_code(e.reason)),
                )
            })
            .collect(),
        passed: v.passed,
        result: result_line(t, v.tally.votes_for, v.denominator, v.passed),
    }
}

impl Model {
    /// A value of the details form.
    pub fn dv(&self, name: &str) -> &str {
        self.detail_values
            .get(name)
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// The words of the guests textarea's third column (Vietnamese; English accepted too).
const GUEST_DELEGATE: &str = "đại biểu";
const GUEST_GUEST: &str = "khách mời";
const GUEST_NON_MEMBER: &str = "ngoài Đảng";

/// One line of the guests textarea: "Name; position, unit; đại biểu / khách mời / ngoài Đảng".
fn guest_input(line: &str) -> GuestInput {
    let mut parts = line.split(';').map(str::trim);
    let name = parts.next().unwrap_or("").to_string();
    let position = parts.next().filter(|p| !p.is_empty()).map(str::to_string);
    let role = parts.next().unwrap_or("").to_lowercase();
    let role = if role.contains("đại biểu") || role.contains("delegate") {
        "superior_delegate"
    } else if role.contains("ngoài") || role.contains("non") {
        "non_member"
    } else {
        "guest"
    };
    GuestInput {
        name: Some(name),
        position,
        role: Some(role.to_string()),
        items: Vec::new(),
    }
}

/// A warning in words (the rule IDs are shown beside it).
pub fn warning_text(t: &'static Catalog, names: &Names, w: &Warning) -> String {
    let mt = &t.meetings;
    match w {
        Warning::ShortDuration { minutes, minimum } => mt
            .w_short_duration
            .replace("{minutes}", &minutes.to_string())
            .replace("{minimum}", &minimum.to_string()),
        Warning::StepSkipped { code, title_vi, .. } => mt
            .w_step_skipped
            .replace("{code}", code)
            .replace("{title}", title_vi),
        Warning::StepOutOfOrder { code, before, .. } => mt
            .w_step_out_of_order
            .replace("{code}", code)
            .replace("{before}", before),
        Warning::StepNotApplicable { code, reason, .. } => mt
            .w_step_not_applicable
            .replace("{code}", code)
            .replace("{reason}", reason),
        Warning::LowAttendance { present, summoned } => mt
            .w_low_attendance
            .replace("{present}", &present.to_string())
            .replace("{summoned}", &summoned.to_string()),
        Warning::UnexcusedAbsence { people } => mt.w_unexcused.replace(
            "{people}",
            &people
                .iter()
                .map(|p| names.of(*p))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Warning::NoResolutionVote => mt.w_no_resolution_vote.to_string(),
        Warning::NoMinuteTaker => mt.w_no_minute_taker.to_string(),
        Warning::NoThematicThisQuarter { year, quarter } => mt
            .w_no_thematic
            .replace("{quarter}", &quarter.to_string())
            .replace("{year}", &year.to_string()),
        Warning::CommitteeMissing { official } => mt
            .w_committee_missing
            .replace("{official}", &official.to_string()),
        Warning::DraftNotApproved => mt.w_draft_not_approved.to_string(),
        Warning::DocumentsLate {
            due_by,
            published_on,
        } => mt
            .w_documents_late
            .replace("{published}", &t.date(published_on))
            .replace("{due}", &t.date(due_by)),
    }
}

/// Everything a meeting screen needs, formatted for the user's language.
pub struct Model {
    pub id: i64,
    pub org: i64,
    pub heading: String,
    pub kind: &'static str,
    pub date: String,
    pub planned_start: String,
    pub place: String,
    pub status_reason: Option<String>,
    pub board: Board,
    pub steps: Vec<StepRow>,
    pub roster: Vec<RosterRow>,
    pub contributions: Vec<(String, String, String)>,
    pub tasks: Vec<(String, String, String, String)>,
    pub votes: Vec<VoteRow>,
    pub transitions: Vec<(&'static str, &'static str, bool)>,
    /// Some transition needs a reason (postpone, cancel, re-open).
    pub reason_transitions: bool,
    /// The vote panel: denominator now, who is left out, voters present, and per kind the
    /// fewest votes in favour that pass.
    pub preview: VoteRow,
    pub minimums: Vec<(String, &'static str, String)>,
    /// (code, title) of every step, for the contribution and task forms; the default first.
    pub step_choices: Vec<(String, String)>,
    pub default_step: String,
    pub can_manage: bool,
    /// The minute-taker records contributions too (while the meeting is in progress).
    pub can_contribute: bool,
    /// A member of the cell tells their own absence beforehand (before the meeting starts).
    pub can_excuse: bool,
    /// The secretary puts the minutes to the vote (approving them closes the meeting).
    pub can_approve: bool,
    pub labels_json: String,
    /// Each warning in words, with the rule IDs it cites.
    pub warnings: Vec<(String, String)>,
    /// Mode, officers and guests as shown: (label, value).
    pub details: Vec<(&'static str, String)>,
    /// (name, position, role) of each guest.
    pub guests: Vec<(String, String, &'static str)>,
    /// Topic, presenter, draft (label, value) for a thematic meeting.
    pub thematic: Vec<(&'static str, String)>,
    pub draft_file: Option<i64>,
    /// The step controls: the step being held, and the next step to hold.
    pub running: Option<(String, String)>,
    pub next: Option<(String, String)>,
    /// Steps not held yet (code, title): may start or be marked not applicable.
    pub pending: Vec<(String, String)>,
    /// The details form: mode, online reason, chair, preparer, minute-taker, guests.
    pub detail_values: BTreeMap<&'static str, String>,
    /// (person, name) of the roster members, for the officers' choices.
    pub people: Vec<(i64, String)>,
    /// Issue 9: the MTG-PREP-05 countdown, the calendar file, last month's tasks to review.
    pub followup: super::minutes::MeetingFollowup,
    /// An admission ceremony's act and its form (ADM-CER-01..03).
    pub ceremony: Option<super::ceremony::CeremonyBlock>,
}

/// What the user may do at the meeting: manage, contribute, excuse own absence, approve the
/// minutes.
pub struct Rights {
    pub manage: bool,
    pub contribute: bool,
    pub excuse: bool,
    pub approve: bool,
    /// The secretary signs the resolution of a closed meeting.
    pub sign: bool,
    /// Records how an injected situation was handled (TRN-02).
    pub handle: bool,
}

fn model(ctx: &Ctx, s: &MeetingScreen, forms: &Forms, rights: Rights) -> Model {
    let Rights {
        manage: can_manage,
        contribute: can_contribute,
        excuse: can_excuse,
        approve: can_approve,
        sign: can_sign,
        handle: can_handle,
    } = rights;
    let t = ctx.t;
    let m = &s.view.meeting;
    let names = Names(
        s.view
            .roster
            .iter()
            .map(|r| (r.person.0, r.full_name.clone()))
            .collect(),
    );
    let steps_all = m.agenda.steps();
    let title_of = |code: &str| {
        steps_all
            .iter()
            .find(|s| s.code == code)
            .map(|s| s.title_vi.clone())
            .unwrap_or_else(|| code.to_string())
    };
    let steps: Vec<StepRow> = steps_all
        .iter()
        .map(|st| StepRow {
            code: st.code.clone(),
            title: st.title_vi.clone(),
            state: st.state.code(),
            state_label: t.meetings.step_state(st.state.code()),
            detail: match &st.state {
                StepState::Running { started } => hhmm(started),
                StepState::Done { started, ended } => {
                    format!("{}–{}", hhmm(started), hhmm(ended))
                }
                StepState::NotApplicable { reason } => reason.clone(),
                StepState::Pending => String::new(),
            },
            rules: st.rules.join(", "),
        })
        .collect();
    let running = m.agenda.current();
    let next = steps_all
        .iter()
        .find(|s| matches!(s.state, StepState::Pending));
    let focus = running.or(next).map(|st| Focus {
        running: running.is_some(),
        code: st.code.clone(),
        title: st.title_vi.clone(),
        guidance: st.guidance_vi.clone(),
        rules: st.rules.clone(),
        started: started(&st.state).map(|d| hhmm(&d)).unwrap_or_default(),
    });
    let first = steps_all.iter().filter_map(|s| started(&s.state)).min();
    let clock = match first {
        Some(f) => match elapsed_minutes(ctx.now, &f) {
            Some(min) => format!("{min} {}", t.meetings.clock_minutes),
            None => format!("{} {}", t.meetings.clock_since, hhmm(&f)),
        },
        None => t.meetings.clock_not_started.to_string(),
    };
    let default_step = running
        .or(next)
        .or(steps_all.last())
        .map(|s| s.code.clone())
        .unwrap_or_default();
    let mut step_choices: Vec<(String, String)> = steps_all
        .iter()
        .map(|s| (s.code.clone(), format!("{} · {}", s.code, s.title_vi)))
        .collect();
    if let Some(i) = step_choices.iter().position(|(c, _)| *c == default_step) {
        let d = step_choices.remove(i);
        step_choices.insert(0, d);
    }
    let roster = s
        .view
        .roster
        .iter()
        .map(|r| {
            let code = presence_code(r.attendance.as_ref());
            let mut detail = Vec::new();
            let (mut reason, mut late) = (String::new(), String::new());
            match &r.attendance {
                Some(Presence::Present {
                    arrived_late,
                    left_early,
                }) => {
                    if let Some(a) = arrived_late {
                        late = format!("{:02}:{:02}", a.hour(), a.minute());
                        detail.push(format!("{} {late}", t.meetings.late_at));
                    }
                    if let Some(l) = left_early {
                        detail.push(format!(
                            "{} {:02}:{:02}",
                            t.meetings.left_at,
                            l.hour(),
                            l.minute()
                        ));
                    }
                }
                Some(Presence::Absent {
                    reason: Some(why), ..
                }) => {
                    reason = why.clone();
                    detail.push(why.clone());
                }
                _ => {}
            }
            let mut error = None;
            if let Some((person, f)) = &forms.attendance {
                if *person == r.person.0 {
                    reason = f.v("reason").to_string();
                    late = f.v("arrived_late").to_string();
                    error = Some(
                        f.errors
                            .iter()
                            .map(|(_, m)| m.as_str())
                            .collect::<Vec<_>>()
                            .join(" "),
                    );
                }
            }
            RosterRow {
                person: r.person.0,
                name: r.full_name.clone(),
                summoned: r.summoned,
                may_vote: r.may_vote,
                presence: code,
                presence_label: t.meetings.presence(code),
                detail: detail.join(" · "),
                reason,
                late,
                error,
            }
        })
        .collect();
    let speaker = |sp: &Speaker| match sp {
        Speaker::Person { person } => format!("{} {}", t.meetings.comrade, names.of(*person)),
        Speaker::Named { name } => format!("{name} ({})", t.meetings.guest),
    };
    let contributions = m
        .contributions
        .iter()
        .map(|c| {
            (
                c.contribution.step.clone(),
                speaker(&c.contribution.speaker),
                c.contribution.text.clone(),
            )
        })
        .collect();
    let tasks = m
        .tasks
        .iter()
        .map(|k| {
            (
                title_of(&k.task.step),
                k.task.text.clone(),
                k.task
                    .owners
                    .iter()
                    .map(|p| names.of(*p))
                    .collect::<Vec<_>>()
                    .join(", "),
                t.date(&k.task.deadline),
            )
        })
        .collect();
    let votes: Vec<VoteRow> = m.votes.iter().map(|v| vote_row(t, &names, v)).collect();
    let b = &s.preview.breakdown;
    let preview = VoteRow {
        subject: String::new(),
        kind: "",
        method: "",
        votes_for: 0,
        against: 0,
        abstain: 0,
        denominator: b.denominator,
        summoned: b.summoned,
        excluded: b
            .excluded
            .iter()
            .map(|e| {
                (
                    names.of(e.person),
                    t.meetings.exclusion(&vote_code(e.reason)),
                )
            })
            .collect(),
        passed: false,
        result: String::new(),
    };
    let minimums = s
        .preview
        .minimum_for
        .iter()
        .map(|(k, min)| {
            let code = k.code().to_string();
            let label = t.meetings.vote_kind(&code);
            (code, label, min.map(|n| n.to_string()).unwrap_or_default())
        })
        .collect();
    let transitions: Vec<(&'static str, &'static str, bool)> = s
        .transitions
        .iter()
        .map(|c| {
            (
                *c,
                t.meetings.transition(c),
                matches!(*c, "postpone" | "cancel" | "reopen"),
            )
        })
        .collect();
    let reason_transitions = transitions.iter().any(|(_, _, r)| *r);
    let last_vote = m.votes.last().map(|v| vote_row(t, &names, v));
    let board = Board {
        id: m.id.0,
        version: m.version,
        status: m.status.code(),
        status_label: t.meetings.status(m.status.code()),
        focus,
        counts: s.counts,
        last_vote,
        contributions: m.contributions.len(),
        tasks: m.tasks.len(),
        first_started: first.map(|f| iso(&f)).unwrap_or_default(),
        clock,
        min_minutes: s.min_minutes,
        situation: chibo_app::live::LiveSituation::open(&s.view.situations),
        may_handle: can_handle,
    };
    let warnings = s
        .view
        .warnings
        .iter()
        .map(|w| (warning_text(t, &names, &w.warning), w.rules.join(", ")))
        .collect();
    let person_name = |p: Option<PersonId>| p.map(|p| names.of(p));
    let mode = match &m.mode {
        Mode::InPerson => t.meetings.mode_in_person.to_string(),
        Mode::Online { reason } => format!("{} — {reason}", t.meetings.mode_online),
    };
    let unset = || t.meetings.none_set.to_string();
    let details = vec![
        (t.meetings.mode, mode),
        (
            t.meetings.chair,
            person_name(m.officers.chair).unwrap_or_else(unset),
        ),
        (
            t.meetings.preparer,
            person_name(m.officers.preparer).unwrap_or_else(unset),
        ),
        (
            t.meetings.minute_taker,
            person_name(m.officers.minute_taker).unwrap_or_else(unset),
        ),
    ];
    let guests = m
        .guests
        .iter()
        .map(|g| {
            (
                g.name.clone(),
                g.position.clone().unwrap_or_default(),
                t.meetings.guest_role(g.role.code()),
            )
        })
        .collect();
    let th = &m.thematic;
    let thematic = if th.topic.is_some() || th.presenter.is_some() || th.draft_text.is_some() {
        vec![
            (t.meetings.topic, th.topic.clone().unwrap_or_else(unset)),
            (
                t.meetings.presenter,
                person_name(th.presenter).unwrap_or_else(unset),
            ),
            (
                t.meetings.draft,
                match &th.approval {
                    Some(a) => format!("{} ({}, {})", t.meetings.draft_approved, a.by, hhmm(&a.at)),
                    None => t.meetings.draft_not_approved.to_string(),
                },
            ),
        ]
    } else {
        Vec::new()
    };
    let pair = |st: &chibo_domain::meeting::StepRecord| (st.code.clone(), st.title_vi.clone());
    let pending: Vec<(String, String)> = steps_all
        .iter()
        .filter(|st| matches!(st.state, StepState::Pending))
        .map(pair)
        .collect();
    let id_of = |p: Option<PersonId>| p.map(|p| p.0.to_string()).unwrap_or_default();
    let guest_line = |g: &chibo_domain::meeting::details::Guest| {
        let role = match g.role {
            GuestRole::SuperiorDelegate => GUEST_DELEGATE,
            GuestRole::Guest => GUEST_GUEST,
            GuestRole::NonMember => GUEST_NON_MEMBER,
        };
        format!(
            "{}; {}; {role}",
            g.name,
            g.position.as_deref().unwrap_or("")
        )
    };
    let mut detail_values: BTreeMap<&'static str, String> = BTreeMap::from([
        ("mode", m.mode.code().to_string()),
        (
            "online_reason",
            match &m.mode {
                Mode::Online { reason } => reason.clone(),
                Mode::InPerson => String::new(),
            },
        ),
        ("chair", id_of(m.officers.chair)),
        ("preparer", id_of(m.officers.preparer)),
        ("minute_taker", id_of(m.officers.minute_taker)),
        (
            "guests",
            m.guests
                .iter()
                .map(guest_line)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    ]);
    for (k, v) in &forms.details.values {
        detail_values.insert(k, v.clone());
    }
    let people = s
        .view
        .roster
        .iter()
        .map(|r| (r.person.0, r.full_name.clone()))
        .collect();
    let kind = t.value(&format!("meeting_{}", m.kind.code()));
    let followup = super::minutes::meeting_followup(ctx, s, forms, can_manage, can_sign, &names);
    let ceremony = super::ceremony::block(
        t,
        s.view.ceremony.as_ref(),
        &forms.ceremony,
        can_manage
            && !matches!(
                m.status,
                chibo_domain::meeting::MeetingStatus::Closed
                    | chibo_domain::meeting::MeetingStatus::Cancelled
            ),
    );
    Model {
        followup,
        ceremony,
        warnings,
        details,
        guests,
        thematic,
        draft_file: s.view.draft_file,
        running: running.map(pair),
        next: next.map(pair),
        pending,
        detail_values,
        people,
        id: m.id.0,
        org: m.org.0,
        heading: format!("{kind} — {}", t.date(&m.date)),
        kind,
        date: t.date(&m.date),
        planned_start: m.planned_start.clone().unwrap_or_default(),
        place: m.place.clone(),
        status_reason: m.status_reason.clone(),
        board,
        steps,
        roster,
        contributions,
        tasks,
        votes,
        transitions,
        reason_transitions,
        preview,
        minimums,
        step_choices,
        default_step,
        can_manage,
        can_contribute,
        can_excuse,
        can_approve,
        labels_json: labels_json(t),
    }
}

/// The labels `live.js` needs to write what the server writes, in the page's language.
fn labels_json(t: &'static Catalog) -> String {
    let table = |rows: &[(&str, &str)]| -> serde_json::Map<String, serde_json::Value> {
        rows.iter()
            .map(|(k, v)| ((*k).to_string(), serde_json::Value::from(*v)))
            .collect()
    };
    let mt = &t.meetings;
    let value = serde_json::json!({
        "status": table(mt.statuses),
        "step_state": table(mt.step_states),
        "presence": table(mt.presences),
        "vote_kind": table(mt.vote_kinds),
        "current_step": mt.current_step,
        "next_step": mt.next_step,
        "no_step": mt.no_step,
        "passed": mt.passed,
        "not_passed": mt.not_passed,
        "votes_for": mt.votes_for.to_lowercase(),
        "no_vote": mt.no_vote,
        "minutes": mt.clock_minutes,
        "since": mt.clock_since,
        "not_started": mt.clock_not_started,
        "live_on": mt.live_on,
        "live_off": mt.live_off,
        "too_many_votes": t.error("too_many_votes"),
        "decimal": if t.lang == "vi" { "," } else { "." },
    });
    // Inside <script type="application/json">: no "</" may close the element early.
    value.to_string().replace("</", "<\\/")
}

// ------------------------------------------------------------------------------ templates

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    l: Layout,
    m: Model,
    f: Forms,
    back: &'static str,
}

#[derive(Template)]
#[template(path = "meeting_live.html")]
struct LivePage {
    l: Layout,
    m: Model,
    f: Forms,
    back: &'static str,
}

#[derive(Template)]
#[template(path = "meeting_view.html")]
struct ViewPage {
    l: Layout,
    m: Model,
    projector: bool,
    /// Which screen this is, for the shared parts ("view").
    back: &'static str,
}

async fn load(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    forms: &Forms,
) -> Result<(Model, String), WebError> {
    let (m, title, _) = load_screen(state, ctx, id, forms).await?;
    Ok((m, title))
}

/// [`load`] with the screen it was built from (the minutes reading view reads the roster).
pub(crate) async fn load_screen(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    forms: &Forms,
) -> Result<(Model, String, MeetingScreen), WebError> {
    let s = screen(&state.store, MeetingId(id)).await?;
    let tree = state.store.org_tree().await?;
    let org = s.view.meeting.org;
    // A mock meeting's learner chairs it through a role held at that meeting (TRN-01).
    let can_manage = can(ctx, &tree, C::ManageMeetings, Some(org))
        || crate::routes::may_at_meeting(state, ctx, &tree, C::ManageMeetings, id, org).await?;
    let can_contribute =
        crate::routes::may_at_meeting(state, ctx, &tree, C::RecordContributions, id, org).await?;
    let me = ctx.user.as_ref().and_then(|u| u.record.person);
    let on_roster = s.view.roster.iter().any(|r| Some(r.person) == me);
    let before_start = matches!(
        s.view.meeting.status,
        chibo_domain::meeting::MeetingStatus::Planned
            | chibo_domain::meeting::MeetingStatus::Notified
    );
    let can_excuse = on_roster && before_start && can(ctx, &tree, C::ExcuseOwnAbsence, Some(org));
    let in_progress = s.view.meeting.status == chibo_domain::meeting::MeetingStatus::InProgress;
    let may_approve = can(ctx, &tree, C::ApproveMinutes, Some(org))
        || crate::routes::may_at_meeting(state, ctx, &tree, C::ApproveMinutes, id, org).await?;
    // At a mock meeting the form is there before any situation arrives: the live feed
    // shows the box when a trainer injects one (TRN-02).
    let handle = state.store.is_sandbox(org).await?
        && crate::routes::may_at_meeting(state, ctx, &tree, C::HandleSituations, id, org).await?;
    let can_approve = in_progress && may_approve;
    let closed = s.view.meeting.status == chibo_domain::meeting::MeetingStatus::Closed;
    let rights = Rights {
        manage: can_manage,
        contribute: can_contribute,
        excuse: can_excuse,
        approve: can_approve,
        sign: closed && may_approve,
        handle,
    };
    let m = model(ctx, &s, forms, rights);
    let title = m.heading.clone();
    Ok((m, title, s))
}

/// Whether meeting `id` is a mock meeting of a practice group's sandbox cell (TRN-01): its
/// pages carry the "THỰC HÀNH" banner.
pub(crate) async fn is_practice(state: &AppState, id: i64) -> Result<bool, WebError> {
    Ok(match state.store.meeting_org(MeetingId(id)).await? {
        Some(org) => state.store.is_sandbox(org).await?,
        None => false,
    })
}

fn with_status(mut response: Response, failed: bool) -> Response {
    if failed {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    response
}

async fn meeting_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    f: Forms,
) -> Result<Response, WebError> {
    let (m, title) = load(state, ctx, id, &f).await?;
    let failed = f.failed();
    Ok(with_status(
        render(&MeetingPage {
            l: Layout::new(ctx, title).practice(is_practice(state, id).await?),
            m,
            f,
            back: "page",
        })?,
        failed,
    ))
}

async fn live_page(state: &AppState, ctx: &Ctx, id: i64, f: Forms) -> Result<Response, WebError> {
    let (m, title) = load(state, ctx, id, &f).await?;
    let failed = f.failed();
    Ok(with_status(
        render(&LivePage {
            l: Layout::new(ctx, format!("{} · {title}", ctx.t.meetings.live_title))
                .practice(is_practice(state, id).await?),
            m,
            f,
            back: "live",
        })?,
        failed,
    ))
}

/// The screen a form came from (`back=live` for the chair's live screen, `back=minutes`
/// for the minutes reading view).
pub(crate) async fn again(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    back: &Option<String>,
    f: Forms,
) -> Result<Response, WebError> {
    match back.as_deref() {
        Some("live") => live_page(state, ctx, id, f).await,
        Some("minutes") => super::minutes::reading_page(state, ctx, id, f).await,
        _ => meeting_page(state, ctx, id, f).await,
    }
}

pub(crate) fn back_to(id: i64, back: &Option<String>, anchor: &str) -> Response {
    match back.as_deref() {
        Some("live") => see_other(&format!("/meetings/{id}/live#{anchor}")),
        Some("minutes") => see_other(&format!("/meetings/{id}/minutes#{anchor}")),
        _ => see_other(&format!("/meetings/{id}#{anchor}")),
    }
}

/// A refused write: its field errors, anything else as it is.
pub(crate) fn field_errors(e: AppError) -> Result<Vec<FieldError>, WebError> {
    match e {
        AppError::Invalid(errors) => Ok(errors),
        other => Err(other.into()),
    }
}

// -------------------------------------------------------------------------------- handlers

#[utoipa::path(
    get,
    path = "/meetings/{id}",
    summary = "Meeting page: header, lifecycle, agenda, roll call, contributions, tasks, votes",
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Meeting))))
)]
pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    meeting_page(&state, &ctx, id, Forms::default()).await
}

#[utoipa::path(
    get,
    path = "/meetings/{id}/live",
    summary = "The chair's live screen: one step at a time, roll call, contributions, tasks, the vote",
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn live(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    live_page(&state, &ctx, id, Forms::default()).await
}

async fn view_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    projector: bool,
) -> Result<Response, WebError> {
    let (m, title) = load(state, ctx, id, &Forms::default()).await?;
    let heading = if projector {
        ctx.t.meetings.projector_title
    } else {
        ctx.t.meetings.view_title
    };
    render(&ViewPage {
        l: Layout::new(ctx, format!("{heading} · {title}")).practice(is_practice(state, id).await?),
        m,
        projector,
        back: "view",
    })
}

#[utoipa::path(
    get,
    path = "/meetings/{id}/view",
    summary = "Members' read-only view of a meeting: current step, roll-call counts, last vote",
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Meeting))))
)]
pub async fn view(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    view_page(&state, &ctx, id, false).await
}

#[utoipa::path(
    get,
    path = "/meetings/{id}/projector",
    summary = "Projector view of a meeting in large type: current step, roll-call counts, last vote",
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Meeting))))
)]
pub async fn projector(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    view_page(&state, &ctx, id, true).await
}

/// The cell page's form: a new meeting.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewMeetingForm {
    pub kind: Option<String>,
    pub date: Option<String>,
    pub planned_start: Option<String>,
    pub place: Option<String>,
}

pub fn new_meeting_fields(ctx: &Ctx, f: &NewMeetingForm) -> Vec<Field> {
    let t = ctx.t;
    let mut kind = Field::select_pairs(
        t,
        "kind",
        &f.kind,
        KIND_CODES
            .iter()
            .map(|k| (k.to_string(), t.value(&format!("meeting_{k}")).to_string()))
            .collect(),
    )
    .required();
    kind.options
        .retain(|o| !o.value.is_empty() || f.kind.is_none());
    vec![
        kind,
        Field::date(t, "date", &f.date).required(),
        Field::time(t, "planned_start", &f.planned_start),
        Field::text(t, "place", &f.place).required(),
    ]
}

#[utoipa::path(
    post,
    path = "/orgs/{id}/meetings",
    summary = "Plan a meeting of a cell (form on the cell page)",
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Org))))
)]
pub async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<NewMeetingForm>,
) -> Result<Response, WebError> {
    let input = MeetingInput {
        kind: f.kind.clone(),
        date: f.date.clone(),
        planned_start: f.planned_start.clone(),
        place: f.place.clone(),
    };
    match chibo_app::meetings::create(&state.store, &ctx.actor(), OrgId(id), &input).await {
        Ok(m) => Ok(see_other(&format!("/meetings/{}", m.0))),
        Err(e) => {
            let errors = field_errors(e)?;
            FormPage {
                l: Layout::new(&ctx, ctx.t.meetings.plan_title),
                heading: ctx.t.meetings.plan_title.to_string(),
                subheading: None,
                action: format!("/orgs/{id}/meetings"),
                fields: new_meeting_fields(&ctx, &f),
                summary: Vec::new(),
                submit: ctx.t.meetings.plan_submit,
                cancel_url: format!("/orgs/{id}"),
            }
            .respond(&errors)
        }
    }
}

/// One roll-call row: `choice` is `present`, `absent_excused` or `absent_unexcused`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AttendanceForm {
    pub choice: Option<String>,
    pub reason: Option<String>,
    pub arrived_late: Option<String>,
    pub back: Option<String>,
}

#[utoipa::path(
    post,
    path = "/meetings/{id}/attendance/{person}",
    summary = "Roll call: record how one person on the roster attended (MTG-ATT-07)",
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn attendance(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((id, person)): Path<(i64, i64)>,
    Form(f): Form<AttendanceForm>,
) -> Result<Response, WebError> {
    let choice = f.choice.as_deref().unwrap_or("");
    let input = AttendanceInput {
        presence: match choice {
            "present" => Some("present".into()),
            "absent_excused" | "absent_unexcused" => Some("absent".into()),
            "" => None,
            other => Some(other.to_string()),
        },
        arrived_late: f.arrived_late.clone().filter(|_| choice == "present"),
        left_early: None,
        reason: f.reason.clone().filter(|_| choice != "present"),
        accepted: choice == "absent_excused",
        version: None,
    };
    match chibo_app::meetings::set_attendance(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        PersonId(person),
        &input,
    )
    .await
    {
        Ok(_) => Ok(back_to(id, &f.back, &format!("p-{person}"))),
        Err(e) => {
            let errors = field_errors(e)?;
            let form = FormState::new(
                ctx.t,
                &[
                    ("reason", f.reason.as_deref().unwrap_or("")),
                    ("arrived_late", f.arrived_late.as_deref().unwrap_or("")),
                ],
                &errors,
            );
            let forms = Forms {
                attendance: Some((person, form)),
                ..Default::default()
            };
            again(&state, &ctx, id, &f.back, forms).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ContributionForm {
    pub step: Option<String>,
    pub person: Option<String>,
    pub name: Option<String>,
    pub text: Option<String>,
    pub back: Option<String>,
}

#[utoipa::path(
    post,
    path = "/meetings/{id}/contributions",
    summary = "Record a contribution: speaker from the roster or a guest's name, text, agenda step (also the minute-taker, while the meeting is in progress)",
    extensions(("x-access" = json!(access(C::RecordContributions, S::Meeting))))
)]
pub async fn contribution(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<ContributionForm>,
) -> Result<Response, WebError> {
    let name = f.name.clone().filter(|n| !n.trim().is_empty());
    let person = f.person.as_deref().map(str::trim).filter(|p| !p.is_empty());
    let parsed = person.map(str::parse::<i64>);
    let mut errors = Vec::new();
    let person = match parsed {
        Some(Ok(p)) if name.is_none() => Some(p),
        Some(Ok(_)) => {
            errors.push(FieldError::new("name", "one_speaker"));
            None
        }
        Some(Err(_)) => {
            errors.push(FieldError::new("person", "unknown_value"));
            None
        }
        None => None,
    };
    let result = if errors.is_empty() {
        let input = ContributionInput {
            step: f.step.clone(),
            person,
            name,
            text: f.text.clone(),
        };
        chibo_app::meetings::add_contribution(&state.store, &ctx.actor(), MeetingId(id), &input)
            .await
            .map(|_| ())
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(()) => Ok(back_to(id, &f.back, "contribution")),
        Err(e) => {
            let errors = field_errors(e)?;
            let form = FormState::new(
                ctx.t,
                &[
                    ("step", f.step.as_deref().unwrap_or("")),
                    ("person", f.person.as_deref().unwrap_or("")),
                    ("name", f.name.as_deref().unwrap_or("")),
                    ("text", f.text.as_deref().unwrap_or("")),
                ],
                &errors,
            );
            let forms = Forms {
                contribution: form,
                ..Default::default()
            };
            again(&state, &ctx, id, &f.back, forms).await
        }
    }
}

#[utoipa::path(
    post,
    path = "/meetings/{id}/tasks",
    summary = "Assign a task: text, owners, deadline after the meeting (MTG-ORD-06/08)",
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn task(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    // Several owners: repeated `owners` fields, which a plain struct cannot take.
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|e| WebError::BadRequest(format!("form: {e}")))?;
    let one = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let owners_raw: Vec<String> = pairs
        .iter()
        .filter(|(k, v)| k == "owners" && !v.is_empty())
        .map(|(_, v)| v.clone())
        .collect();
    let back = one("back");
    let mut errors = Vec::new();
    let owners: Vec<i64> = owners_raw
        .iter()
        .filter_map(|o| match o.parse() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push(FieldError::new("owners", "unknown_value"));
                None
            }
        })
        .collect();
    let result = if errors.is_empty() {
        let input = TaskInput {
            step: one("step"),
            text: one("text"),
            owners,
            deadline: one("deadline"),
        };
        chibo_app::meetings::add_task(&state.store, &ctx.actor(), MeetingId(id), &input)
            .await
            .map(|_| ())
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(()) => Ok(back_to(id, &back, "task")),
        Err(e) => {
            let errors = field_errors(e)?;
            let mut form = FormState::new(
                ctx.t,
                &[
                    ("step", one("step").as_deref().unwrap_or("")),
                    ("text", one("text").as_deref().unwrap_or("")),
                    ("deadline", one("deadline").as_deref().unwrap_or("")),
                ],
                &errors,
            );
            form.multi = owners_raw;
            let forms = Forms {
                task: form,
                ..Default::default()
            };
            again(&state, &ctx, id, &back, forms).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VoteForm {
    pub subject: Option<String>,
    pub kind: Option<String>,
    pub method: Option<String>,
    pub votes_for: Option<String>,
    pub against: Option<String>,
    pub abstain: Option<String>,
    pub back: Option<String>,
}

#[utoipa::path(
    post,
    path = "/meetings/{id}/votes",
    summary = "Record a vote: subject, kind, for/against/abstain; the denominator is derived (MTG-ATT-01..03)",
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn vote(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<VoteForm>,
) -> Result<Response, WebError> {
    let mut errors = Vec::new();
    let mut number = |field: &'static str, raw: &Option<String>| -> Option<i64> {
        let raw = raw.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
        match raw.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push(FieldError::new(field, "malformed"));
                None
            }
        }
    };
    let input = VoteInput {
        subject: f.subject.clone(),
        kind: f.kind.clone(),
        method: f.method.clone().filter(|m| !m.is_empty()),
        votes_for: number("votes_for", &f.votes_for),
        against: number("against", &f.against),
        abstain: number("abstain", &f.abstain),
    };
    let result = if errors.is_empty() {
        chibo_app::meetings::record_vote(&state.store, &ctx.actor(), MeetingId(id), &input)
            .await
            .map(|_| ())
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(()) => Ok(back_to(id, &f.back, "vote")),
        Err(e) => {
            let errors = field_errors(e)?;
            let form = FormState::new(
                ctx.t,
                &[
                    ("subject", f.subject.as_deref().unwrap_or("")),
                    ("kind", f.kind.as_deref().unwrap_or("")),
                    ("method", f.method.as_deref().unwrap_or("")),
                    ("votes_for", f.votes_for.as_deref().unwrap_or("")),
                    ("against", f.against.as_deref().unwrap_or("")),
                    ("abstain", f.abstain.as_deref().unwrap_or("")),
                ],
                &errors,
            );
            let forms = Forms {
                vote: form,
                ..Default::default()
            };
            again(&state, &ctx, id, &f.back, forms).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TransitionForm {
    pub action: Option<String>,
    pub reason: Option<String>,
    pub version: Option<i64>,
    pub back: Option<String>,
}

#[utoipa::path(
    post,
    path = "/meetings/{id}/transitions",
    summary = "Move a meeting along its lifecycle (notify, start, close; postpone, cancel, re-open with a reason)",
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn transition(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<TransitionForm>,
) -> Result<Response, WebError> {
    let reason = f.reason.clone().unwrap_or_default();
    let t = match f.action.as_deref().map(str::trim) {
        Some("notify") => Some(Transition::Notify),
        Some("start") => Some(Transition::Start),
        Some("close") => Some(Transition::Close),
        Some("postpone") => Some(Transition::Postpone { reason }),
        Some("reschedule") => Some(Transition::Reschedule),
        Some("cancel") => Some(Transition::Cancel { reason }),
        Some("reopen") => Some(Transition::Reopen { reason }),
        _ => None,
    };
    let result = match t {
        Some(t) => chibo_app::meetings::transition(
            &state.store,
            &ctx.actor(),
            MeetingId(id),
            &t,
            f.version,
        )
        .await
        .map(|_| ()),
        None => Err(AppError::Invalid(vec![FieldError::new(
            "action",
            "unknown_value",
        )])),
    };
    match result {
        Ok(()) => Ok(back_to(id, &f.back, "status")),
        Err(AppError::Stale { .. }) => {
            // Someone changed the meeting meanwhile: show it as it is now, with the message.
            let forms = Forms {
                transition: FormState::new(
                    ctx.t,
                    &[("reason", f.reason.as_deref().unwrap_or(""))],
                    &[FieldError::new("action", "stale")],
                ),
                ..Default::default()
            };
            again(&state, &ctx, id, &f.back, forms).await
        }
        Err(e) => {
            let errors = field_errors(e)?;
            let forms = Forms {
                transition: FormState::new(
                    ctx.t,
                    &[
                        ("reason", f.reason.as_deref().unwrap_or("")),
                        ("action", f.action.as_deref().unwrap_or("")),
                    ],
                    &errors,
                ),
                ..Default::default()
            };
            again(&state, &ctx, id, &f.back, forms).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StepForm {
    pub action: Option<String>,
    pub step: Option<String>,
    pub reason: Option<String>,
    pub title: Option<String>,
    pub at: Option<String>,
    pub version: Option<i64>,
    pub back: Option<String>,
}

#[utoipa::path(
    post,
    path = "/meetings/{id}/steps",
    summary = "Agenda step: start, finish, not applicable with a reason, or an item under other business",
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn step(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<StepForm>,
) -> Result<Response, WebError> {
    let input = StepInput {
        action: f.action.clone(),
        step: f.step.clone(),
        reason: f.reason.clone(),
        title: f.title.clone(),
        at: f.at.clone(),
        version: f.version,
    };
    match chibo_app::meetings::step(&state.store, &ctx.actor(), MeetingId(id), &input).await {
        Ok(_) => Ok(back_to(id, &f.back, "steps")),
        Err(e) => {
            let errors = match e {
                AppError::Stale { .. } => vec![FieldError::new("action", "stale")],
                other => field_errors(other)?,
            };
            let forms = Forms {
                steps: FormState::new(
                    ctx.t,
                    &[
                        ("step", f.step.as_deref().unwrap_or("")),
                        ("reason", f.reason.as_deref().unwrap_or("")),
                        ("title", f.title.as_deref().unwrap_or("")),
                        ("at", f.at.as_deref().unwrap_or("")),
                    ],
                    &errors,
                ),
                ..Default::default()
            };
            again(&state, &ctx, id, &f.back, forms).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MinutesForm {
    pub votes_for: Option<String>,
    pub against: Option<String>,
    pub abstain: Option<String>,
    pub at: Option<String>,
    pub version: Option<i64>,
    pub back: Option<String>,
}

#[utoipa::path(
    post,
    path = "/meetings/{id}/minutes/approve",
    summary = "The meeting approves its minutes by a vote (MTG-MIN-01, MTG-ORD-06); if it passes, the record is frozen and the meeting closes",
    extensions(("x-access" = json!(access(C::ApproveMinutes, S::Meeting))))
)]
pub async fn approve_minutes(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<MinutesForm>,
) -> Result<Response, WebError> {
    let mut errors = Vec::new();
    let mut number = |field: &'static str, raw: &Option<String>| -> Option<i64> {
        let raw = raw.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
        match raw.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push(FieldError::new(field, "malformed"));
                None
            }
        }
    };
    let input = chibo_app::minutes::ApproveInput {
        votes_for: number("votes_for", &f.votes_for),
        against: number("against", &f.against),
        abstain: number("abstain", &f.abstain),
        at: f.at.clone().filter(|a| !a.trim().is_empty()),
        version: f.version,
    };
    let result = if errors.is_empty() {
        chibo_app::minutes::approve(
            &state.store,
            &ctx.actor(),
            MeetingId(id),
            &input,
            ctx.display_name(),
        )
        .await
        .map(|_| ())
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        // Closed: the frozen minutes from the reading view, else the meeting page (the live
        // screen has nothing left to chair).
        Ok(()) if f.back.as_deref() == Some("minutes") => {
            Ok(see_other(&format!("/meetings/{id}/minutes#approved")))
        }
        Ok(()) => Ok(see_other(&format!("/meetings/{id}#status"))),
        Err(e) => {
            let errors = match e {
                AppError::Stale { .. } => vec![FieldError::new("minutes", "stale")],
                other => field_errors(other)?,
            };
            let forms = Forms {
                minutes: FormState::new(
                    ctx.t,
                    &[
                        ("votes_for", f.votes_for.as_deref().unwrap_or("")),
                        ("against", f.against.as_deref().unwrap_or("")),
                        ("abstain", f.abstain.as_deref().unwrap_or("")),
                        ("at", f.at.as_deref().unwrap_or("")),
                    ],
                    &errors,
                ),
                ..Default::default()
            };
            again(&state, &ctx, id, &f.back, forms).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AbsenceForm {
    pub reason: Option<String>,
}

#[utoipa::path(
    post,
    path = "/meetings/{id}/my-absence",
    summary = "A member tells the cell beforehand why they will be absent (before the meeting starts)",
    extensions(("x-access" = json!(access(C::ExcuseOwnAbsence, S::Meeting))))
)]
pub async fn my_absence(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<AbsenceForm>,
) -> Result<Response, WebError> {
    let person = ctx.user.as_ref().and_then(|u| u.record.person);
    let reason = f.reason.clone().unwrap_or_default();
    match chibo_app::meetings::excuse_own_absence(
        &state.store,
        &ctx.actor(),
        MeetingId(id),
        person,
        &reason,
    )
    .await
    {
        Ok(_) => Ok(see_other(&format!("/meetings/{id}#my-absence"))),
        Err(e) => {
            let errors = field_errors(e)?;
            let forms = Forms {
                absence: FormState::new(ctx.t, &[("reason", reason.as_str())], &errors),
                ..Default::default()
            };
            meeting_page(&state, &ctx, id, forms).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DetailsForm {
    pub mode: Option<String>,
    pub online_reason: Option<String>,
    pub chair: Option<String>,
    pub preparer: Option<String>,
    pub minute_taker: Option<String>,
    pub guests: Option<String>,
    pub version: Option<i64>,
    pub back: Option<String>,
}

#[utoipa::path(
    post,
    path = "/meetings/{id}/details",
    summary = "Mode (in person / online with a reason), chair, preparer, minute-taker, guests by name",
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn details(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<DetailsForm>,
) -> Result<Response, WebError> {
    let mut errors = Vec::new();
    let mut person = |field: &'static str, raw: &Option<String>| -> Option<i64> {
        let raw = raw.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
        match raw.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push(FieldError::new(field, "unknown_value"));
                None
            }
        }
    };
    let input = DetailsInput {
        mode: f.mode.clone(),
        online_reason: f.online_reason.clone(),
        chair: person("chair", &f.chair),
        preparer: person("preparer", &f.preparer),
        minute_taker: person("minute_taker", &f.minute_taker),
        guests: f
            .guests
            .as_deref()
            .unwrap_or("")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(guest_input)
            .collect(),
        version: f.version,
    };
    let result = if errors.is_empty() {
        chibo_app::meetings::set_details(&state.store, &ctx.actor(), MeetingId(id), &input)
            .await
            .map(|_| ())
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(()) => Ok(back_to(id, &f.back, "details")),
        Err(e) => {
            let errors = match e {
                AppError::Stale { .. } => vec![FieldError::new("mode", "stale")],
                other => field_errors(other)?,
            };
            let forms = Forms {
                details: FormState::new(
                    ctx.t,
                    &[
                        ("mode", f.mode.as_deref().unwrap_or("")),
                        ("online_reason", f.online_reason.as_deref().unwrap_or("")),
                        ("chair", f.chair.as_deref().unwrap_or("")),
                        ("preparer", f.preparer.as_deref().unwrap_or("")),
                        ("minute_taker", f.minute_taker.as_deref().unwrap_or("")),
                        ("guests", f.guests.as_deref().unwrap_or("")),
                    ],
                    &errors,
                ),
                ..Default::default()
            };
            again(&state, &ctx, id, &f.back, forms).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_result_line_uses_the_decimal_comma() {
        let vi = Catalog::for_lang("vi");
        assert_eq!(
            result_line(vi, 10, 18, true),
            "10/18 tán thành (55,6\u{a0}%) — Thông qua"
        );
        let en = Catalog::for_lang("en");
        assert_eq!(
            result_line(en, 9, 18, false),
            "9/18 for (50.0\u{a0}%) — Not passed"
        );
    }

    #[test]
    fn labels_for_the_script_cannot_close_their_element() {
        assert!(!labels_json(Catalog::for_lang("vi")).contains("</"));
    }
}
