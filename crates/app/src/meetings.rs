//! Meeting use cases (Meetings I): create a cell's meeting, read it with its roster and roll
//! call, record attendance, contributions, tasks and votes. Each parses its raw input (every
//! field error at once), then runs in one unit of work; the rules are the domain's, applied
//! inside the store's `meetings()` repository so no caller can skip them. The vote's
//! denominator is derived there (MTG-ATT-03), never taken from the input.

use std::collections::{BTreeMap, BTreeSet};

use chibo_domain::meeting::details::{Guest, GuestRole, Mode, Officers};
use chibo_domain::meeting::quality::{QualityRecord, Rating};
use chibo_domain::meeting::roll_call::Presence;
use chibo_domain::meeting::vote::{Tally, VoteMethod, VoteSubject};
use chibo_domain::meeting::warnings::{self, Facts, Warning};
use chibo_domain::meeting::work::{Contribution, Speaker};
use chibo_domain::meeting::{MeetingStatus, StepAction, StepState, Transition};
use chibo_domain::member::{CellRoster, PlacementKind, Standing, StatusKind};
use chibo_domain::ruleset::MeetingKind;
use chibo_domain::{MeetingId, OrgId, PersonId};
use chibo_store::{
    Actor, CarriedTask, DetailsDraft, MeetingDraft, MeetingRecord, MeetingSummary, Store,
    ThematicDraft, VoteDraft, VoteRecord,
};
use serde::{Deserialize, Serialize};
use time::Time;

use crate::collate::NameOrder;
use crate::error::{AppError, FieldError};
use crate::input::{clean, Parser};

/// A new meeting as typed or sent: kind (`regular`, `thematic`…), date, planned start
/// (`HH:MM`), place.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MeetingInput {
    #[cfg_attr(feature = "openapi", schema(examples("regular")))]
    pub kind: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2025-11-03")))]
    pub date: Option<String>,
    #[cfg_attr(feature = "openapi", schema(examples("19:30")))]
    pub planned_start: Option<String>,
    pub place: Option<String>,
}

/// One person's attendance: `presence` is `present` (with optional `arrived_late` /
/// `left_early`, `HH:MM`) or `absent` (with an optional `reason` and whether the cell
/// committee `accepted` it).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AttendanceInput {
    #[cfg_attr(feature = "openapi", schema(examples("present")))]
    pub presence: Option<String>,
    pub arrived_late: Option<String>,
    pub left_early: Option<String>,
    pub reason: Option<String>,
    pub accepted: bool,
    /// The meeting version the client read; absent = no check.
    pub version: Option<i64>,
}

/// A contribution: the agenda step, the speaker (a `person` id, or a `name` for a guest or
/// non-member) and the text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ContributionInput {
    pub step: Option<String>,
    pub person: Option<i64>,
    pub name: Option<String>,
    pub text: Option<String>,
}

/// A task: the agenda step, the text, its owners (person ids) and a deadline after the
/// meeting.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TaskInput {
    pub step: Option<String>,
    pub text: Option<String>,
    pub owners: Vec<i64>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2025-11-30")))]
    pub deadline: Option<String>,
}

/// A vote: the subject, what it decides (`resolution`, `conclusion`, `quality_grade`,
/// `admission`, `recognition`, `discipline`, `committee_resolution`), the method
/// (`show_of_hands`, `party_card`, `secret_ballot`; default by CHR-VOTE-02) and the three
/// counts. The denominator is not an input.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct VoteInput {
    pub subject: Option<String>,
    #[cfg_attr(feature = "openapi", schema(examples("resolution")))]
    pub kind: Option<String>,
    #[cfg_attr(feature = "openapi", schema(examples("show_of_hands")))]
    pub method: Option<String>,
    pub votes_for: Option<i64>,
    pub against: Option<i64>,
    pub abstain: Option<i64>,
}

/// `HH:MM` (or `H:MM`).
pub fn parse_hhmm(raw: &str) -> Option<Time> {
    let (h, m) = raw.trim().split_once(':')?;
    if m.len() != 2 || h.is_empty() || h.len() > 2 {
        return None;
    }
    Time::from_hms(h.parse().ok()?, m.parse().ok()?, 0).ok()
}

fn opt_time(p: &mut Parser, field: &'static str, raw: &Option<String>) -> Option<Time> {
    let value = clean(raw)?;
    let t = parse_hhmm(&value);
    if t.is_none() {
        p.errors.push(FieldError::new(field, "malformed"));
    }
    t
}

fn count(p: &mut Parser, field: &'static str, raw: Option<i64>) -> Option<u32> {
    match raw {
        None => Some(0),
        Some(n) => match u32::try_from(n) {
            Ok(v) => Some(v),
            Err(_) => {
                p.errors.push(FieldError::new(field, "negative"));
                None
            }
        },
    }
}

impl MeetingInput {
    pub fn parse(&self, org: OrgId) -> Result<MeetingDraft, Vec<FieldError>> {
        let mut p = Parser::default();
        let kind = p.code("kind", &self.kind, MeetingKind::from_code);
        let date = p.date("date", &self.date);
        let planned_start = opt_time(&mut p, "planned_start", &self.planned_start);
        let place = p.required_text("place", &self.place);
        let draft = match (kind, date, place) {
            (Some(kind), Some(date), Some(place)) => Some(MeetingDraft {
                org,
                kind,
                date,
                planned_start,
                place,
            }),
            _ => None,
        };
        p.finish(draft)
    }
}

impl AttendanceInput {
    pub fn parse(&self) -> Result<Presence, Vec<FieldError>> {
        let mut p = Parser::default();
        let presence = match clean(&self.presence).as_deref() {
            Some("present") => {
                let arrived_late = opt_time(&mut p, "arrived_late", &self.arrived_late);
                let left_early = opt_time(&mut p, "left_early", &self.left_early);
                Some(Presence::Present {
                    arrived_late,
                    left_early,
                })
            }
            Some("absent") => Some(Presence::Absent {
                reason: clean(&self.reason),
                accepted: self.accepted,
            }),
            Some(_) => {
                p.errors.push(FieldError::new("presence", "unknown_value"));
                None
            }
            None => {
                p.errors.push(FieldError::new("presence", "required"));
                None
            }
        };
        let presence = p.finish(presence)?;
        presence
            .checked()
            .map_err(|e| vec![crate::error::meeting_error(&e)])
    }
}

impl ContributionInput {
    pub fn parse(&self) -> Result<Contribution, Vec<FieldError>> {
        let mut p = Parser::default();
        let step = p.required_text("step", &self.step);
        let text = p.required_text("text", &self.text);
        let speaker = match (self.person, clean(&self.name)) {
            (Some(person), None) => Some(Speaker::Person {
                person: PersonId(person),
            }),
            (None, Some(name)) => Some(Speaker::Named { name }),
            _ => {
                p.errors.push(FieldError::new("person", "required"));
                None
            }
        };
        let c = match (step, text, speaker) {
            (Some(step), Some(text), Some(speaker)) => {
                match Contribution::new(&step, speaker, &text) {
                    Ok(c) => Some(c),
                    Err(e) => {
                        p.errors.push(crate::error::meeting_error(&e));
                        None
                    }
                }
            }
            _ => None,
        };
        p.finish(c)
    }
}

/// A task's fields, checked against the meeting's date by the repository.
#[derive(Debug, Clone)]
pub struct TaskFields {
    pub step: String,
    pub text: String,
    pub owners: Vec<PersonId>,
    pub deadline: time::Date,
}

impl TaskInput {
    pub fn parse(&self) -> Result<TaskFields, Vec<FieldError>> {
        let mut p = Parser::default();
        let step = p.required_text("step", &self.step);
        let text = p.required_text("text", &self.text);
        let deadline = p.date("deadline", &self.deadline);
        let t = match (step, text, deadline) {
            (Some(step), Some(text), Some(deadline)) => Some(TaskFields {
                step,
                text,
                owners: self.owners.iter().copied().map(PersonId).collect(),
                deadline,
            }),
            _ => None,
        };
        p.finish(t)
    }
}

impl VoteInput {
    pub fn parse(&self) -> Result<VoteDraft, Vec<FieldError>> {
        let mut p = Parser::default();
        let subject = p.required_text("subject", &self.subject);
        let kind = p.code("kind", &self.kind, VoteSubject::from_code);
        let method = match clean(&self.method) {
            None => Some(None),
            Some(m) => match VoteMethod::from_code(&m) {
                Some(m) => Some(Some(m)),
                None => {
                    p.errors.push(FieldError::new("method", "unknown_value"));
                    None
                }
            },
        };
        let votes_for = count(&mut p, "votes_for", self.votes_for);
        let against = count(&mut p, "against", self.against);
        let abstain = count(&mut p, "abstain", self.abstain);
        let draft = match (subject, kind, method, votes_for, against, abstain) {
            (
                Some(subject),
                Some(kind),
                Some(method),
                Some(votes_for),
                Some(against),
                Some(abstain),
            ) => {
                if let Some(m) = method {
                    if let Err(e) = kind.check_method(m) {
                        p.errors.push(crate::error::meeting_error(&e));
                    }
                }
                Some(VoteDraft {
                    subject,
                    kind,
                    method,
                    tally: Tally {
                        votes_for,
                        against,
                        abstain,
                    },
                })
            }
            _ => None,
        };
        p.finish(draft)
    }
}

/// One agenda action: `action` is `start`, `finish`, `not_applicable` (with `reason`) or
/// `other_business` (with `title`); `step` is the step's code.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct StepInput {
    #[cfg_attr(feature = "openapi", schema(examples("start")))]
    pub action: Option<String>,
    #[cfg_attr(feature = "openapi", schema(examples("O1")))]
    pub step: Option<String>,
    pub reason: Option<String>,
    pub title: Option<String>,
    /// `HH:MM` on the meeting's date, when a meeting held on paper is entered afterwards;
    /// absent = now.
    pub at: Option<String>,
    /// The meeting version the client read; absent = no check.
    pub version: Option<i64>,
}

impl StepInput {
    pub fn parse(&self) -> Result<StepAction, Vec<FieldError>> {
        let mut p = Parser::default();
        let action = match clean(&self.action).as_deref() {
            Some("other_business") => {
                let title = p.required_text("title", &self.title);
                title.map(|title| StepAction::OtherBusiness { title })
            }
            Some(a @ ("start" | "finish" | "not_applicable")) => {
                let step = p.required_text("step", &self.step);
                match (a, step) {
                    ("start", Some(step)) => Some(StepAction::Start { step }),
                    ("finish", Some(step)) => Some(StepAction::Finish { step }),
                    (_, Some(step)) => {
                        let reason = p.required_text("reason", &self.reason);
                        reason.map(|reason| StepAction::NotApplicable { step, reason })
                    }
                    _ => None,
                }
            }
            Some(_) => {
                p.errors.push(FieldError::new("action", "unknown_value"));
                None
            }
            None => {
                p.errors.push(FieldError::new("action", "required"));
                None
            }
        };
        p.finish(action)
    }
}

/// A guest as typed: name, position, role (`superior_delegate`, `guest`, `non_member`) and,
/// for a non-member, the agenda items they are invited to.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct GuestInput {
    pub name: Option<String>,
    pub position: Option<String>,
    #[cfg_attr(feature = "openapi", schema(examples("superior_delegate")))]
    pub role: Option<String>,
    pub items: Vec<String>,
}

/// How the meeting is held and who runs it: `mode` (`in_person` or `online` with
/// `online_reason`, MTG-ONL-01), chair, preparer, minute-taker (person ids on the roster),
/// guests.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DetailsInput {
    #[cfg_attr(feature = "openapi", schema(examples("in_person")))]
    pub mode: Option<String>,
    pub online_reason: Option<String>,
    pub chair: Option<i64>,
    pub preparer: Option<i64>,
    pub minute_taker: Option<i64>,
    pub guests: Vec<GuestInput>,
    pub version: Option<i64>,
}

impl DetailsInput {
    pub fn parse(&self) -> Result<DetailsDraft, Vec<FieldError>> {
        let mut p = Parser::default();
        let mode = match clean(&self.mode).as_deref() {
            None | Some("in_person") => Some(Mode::InPerson),
            Some("online") => match Mode::online(self.online_reason.as_deref().unwrap_or("")) {
                Ok(m) => Some(m),
                Err(e) => {
                    p.errors.push(crate::error::meeting_error(&e));
                    None
                }
            },
            Some(_) => {
                p.errors.push(FieldError::new("mode", "unknown_value"));
                None
            }
        };
        let mut guests = Vec::new();
        for g in &self.guests {
            let role = match clean(&g.role).as_deref() {
                None => Some(GuestRole::Guest),
                Some(r) => GuestRole::from_code(r),
            };
            let Some(role) = role else {
                p.errors.push(FieldError::new("guests", "unknown_value"));
                continue;
            };
            match Guest::new(
                g.name.as_deref().unwrap_or(""),
                g.position.as_deref(),
                role,
                g.items.clone(),
            ) {
                Ok(guest) => guests.push(guest),
                Err(e) => p.errors.push(crate::error::meeting_error(&e)),
            }
        }
        let draft = mode.map(|mode| DetailsDraft {
            mode,
            officers: Officers {
                chair: self.chair.map(PersonId),
                preparer: self.preparer.map(PersonId),
                minute_taker: self.minute_taker.map(PersonId),
            },
            guests,
        });
        p.finish(draft)
    }
}

/// The thematic part: topic, topic group code (MTG-TH-04/05/07), presenter (a person on the
/// roster), draft text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ThematicInput {
    pub topic: Option<String>,
    pub topic_group: Option<String>,
    pub presenter: Option<i64>,
    pub draft_text: Option<String>,
    pub version: Option<i64>,
}

/// The quality rating the secretary proposes (MTG-QA-*): `points` per criterion code on a
/// points profile, or the criteria `met` on the pass/fail framework; `confirmed_by`: the
/// name of the superior delegate present who confirms it (MTG-QA-03/07).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct QualityInput {
    pub points: Option<BTreeMap<String, u32>>,
    pub met: Option<Vec<String>>,
    pub confirmed_by: Option<String>,
    pub version: Option<i64>,
}

impl QualityInput {
    pub fn rating(&self) -> Result<Rating, Vec<FieldError>> {
        match (&self.points, &self.met) {
            (Some(points), None) => Ok(Rating::Points(points.clone())),
            (None, Some(met)) => Ok(Rating::PassFail(met.iter().cloned().collect())),
            _ => Err(vec![FieldError::new("rating", "required")]),
        }
    }
}

/// One row of the roll call: a person on the cell's roster on the meeting's date, whether
/// they are summoned (official members at home, MTG-ATT-03) and may vote (MTG-ATT-01/12),
/// and their attendance as recorded (`None`: not yet called).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RollCallRow {
    pub person: PersonId,
    pub full_name: String,
    pub standing: Standing,
    pub placement: PlacementKind,
    pub status: Option<StatusKind>,
    pub summoned: bool,
    pub may_vote: bool,
    pub attendance: Option<Presence>,
}

/// A warning with the rule IDs it cites (the screen shows both).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WarningView {
    #[serde(flatten)]
    pub warning: Warning,
    pub rules: Vec<String>,
}

/// What the record already says for the quality rating (MTG-QA-*): the secretary scores the
/// criteria with these in front of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// From the first step's start to the last step's end, once both exist.
    pub minutes: Option<u32>,
    /// MTG-DUR-01: the minimum for this kind, date and unit.
    pub minimum_minutes: Option<u32>,
    pub summoned: u32,
    pub present: u32,
    pub unexcused: u32,
    pub steps_done: u32,
    pub steps_prescribed: u32,
}

/// A meeting with its roster and roll call, as the API and the screens show it, with the
/// warnings of the rule set in force on its date, the evidence for its quality rating and
/// the tasks of the last meeting brought to its assessment step.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingView {
    #[serde(flatten)]
    pub meeting: MeetingRecord,
    pub roster: Vec<RollCallRow>,
    pub warnings: Vec<WarningView>,
    pub evidence: Evidence,
    /// MTG-ORD-04: last meeting's tasks, reviewed at step `carried_to`.
    pub carried_tasks: Vec<CarriedTask>,
    pub carried_to: Option<String>,
    /// MTG-PREP-05 (HD 42/2025): the last day to sign the resolution, publish the final
    /// documents and report upward; `None` where the guidance in force sets no such day.
    pub publish_due_by: Option<time::Date>,
    /// The meeting's resolution once signed, with its number (DOC-05/19): the MTG-PREP-05
    /// countdown stops then.
    pub resolution: Option<chibo_store::DocumentRecord>,
    /// Id of the latest thematic draft file, for its download link.
    pub draft_file: Option<i64>,
    /// For a thematic meeting or combined session: the topic groups of the rule set in
    /// force (MTG-TH-04) and the topics it suggests for this type of cell (MTG-TH-05/07).
    pub topic_choices: Option<TopicChoices>,
    /// For an admission ceremony: its act, who it may admit and who may help (ADM-CER-*).
    pub ceremony: Option<crate::ceremony::CeremonyPart>,
    /// At a mock meeting (TRN-02): the situations injected by the trainers, in order, with
    /// how each was handled; empty for every real meeting.
    pub situations: Vec<chibo_store::InjectionRecord>,
}

/// What a thematic topic may be chosen from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopicChoices {
    pub groups: Vec<chibo_domain::ruleset::TopicGroup>,
    pub suggested: Vec<String>,
}

/// The step at which last month's tasks are assessed (MTG-ORD-04): "M2" in the regular
/// agendas of both guidances and in the regular part of a combined session.
const ASSESSMENT_STEP: &str = "M2";

pub async fn create(
    store: &Store,
    actor: &Actor,
    cell: OrgId,
    input: &MeetingInput,
) -> Result<MeetingId, AppError> {
    let draft = input.parse(cell).map_err(AppError::Invalid)?;
    // A practice group's sandbox cell is not in the real tree (training mode).
    let tree = store.tree_for(cell).await?;
    let on_date = tree
        .version_on(cell, draft.date)
        .ok_or_else(|| AppError::Invalid(vec![FieldError::new("date", "org_not_in_force")]))?;
    if !on_date.kind.is_cell() {
        return Err(AppError::Invalid(vec![FieldError::new(
            "org",
            "kind_not_allowed",
        )]));
    }
    let mut w = store.write(actor).await?;
    let id = w.meetings().create(&draft).await?;
    w.commit().await?;
    Ok(id)
}

pub async fn list(store: &Store, cell: OrgId, year: i32) -> Result<Vec<MeetingSummary>, AppError> {
    Ok(store.meetings_of(cell, year).await?)
}

/// The meeting with its roster on its date (official first, then by Vietnamese name order),
/// the attendance recorded for each, its warnings and evidence.
pub async fn show(store: &Store, id: MeetingId) -> Result<MeetingView, AppError> {
    let meeting = store
        .meeting(id)
        .await?
        .ok_or(AppError::NotFound("meeting"))?;
    view_of(store, meeting).await
}

/// [`show`] of a meeting record already read (inside a unit of work, or as it will be on
/// closing).
pub async fn view_of(store: &Store, meeting: MeetingRecord) -> Result<MeetingView, AppError> {
    let records = store.cell_records(meeting.org).await?;
    let roster = CellRoster::on(
        meeting.org,
        meeting.date,
        &records.members(),
        &records.placements,
        &records.statuses,
    );
    let order = NameOrder::shared().ok_or_else(|| AppError::Internal("collator".into()))?;
    // MTG-ATT-11: the committee's own meeting summons its sitting members.
    let committee: BTreeSet<PersonId> = records
        .roles
        .iter()
        .filter(|r| r.org == meeting.org && r.role.is_committee_seat())
        .filter(|r| r.period.contains(meeting.date))
        .map(|r| r.person)
        .collect();
    let at_committee = meeting.kind == MeetingKind::Committee;
    let mut rows: Vec<RollCallRow> = roster
        .entries
        .iter()
        .filter(|e| !at_committee || committee.contains(&e.person))
        .filter_map(|e| {
            let rec = records.person(e.person)?;
            Some(RollCallRow {
                person: e.person,
                full_name: rec.person.full_name.as_str().to_string(),
                standing: e.standing,
                placement: e.placement,
                status: e.status,
                summoned: e.is_summoned() || at_committee,
                may_vote: e.may_vote(),
                attendance: meeting.roll_call.get(e.person).cloned(),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (!a.summoned)
            .cmp(&!b.summoned)
            .then_with(|| order.compare(&a.full_name, &b.full_name))
    });
    let rules = store.rule_catalogue().await?.rules_on(meeting.date)?;
    let local = store.local_settings(meeting.org, meeting.date).await?;
    let summoned: Vec<PersonId> = rows
        .iter()
        .filter(|r| r.summoned)
        .map(|r| r.person)
        .collect();
    let present = meeting.roll_call.present_count(&summoned);
    let unexcused: Vec<PersonId> = summoned
        .iter()
        .copied()
        .filter(|p| {
            meeting
                .roll_call
                .get(*p)
                .is_some_and(Presence::is_unexcused)
        })
        .collect();
    let committee_seats = committee.len();
    let thematic_in_quarter = store.thematic_in_quarter(meeting.org, meeting.date).await?;
    let latest_draft = store.latest_draft(meeting.id).await?;
    let facts = Facts {
        kind: meeting.kind,
        status: meeting.status,
        agenda: &meeting.agenda,
        summoned: u32::try_from(summoned.len()).unwrap_or(u32::MAX),
        present,
        unexcused: unexcused.clone(),
        minute_taker: meeting.officers.minute_taker.is_some(),
        thematic: &meeting.thematic,
        votes: meeting.votes.iter().map(|v| v.kind).collect(),
        thematic_in_quarter,
        year: meeting.date.year(),
        quarter: (meeting.date.month() as u8 - 1) / 3 + 1,
        official_members: roster.official_count(),
        committee_seats: u32::try_from(committee_seats).unwrap_or(u32::MAX),
        date: meeting.date,
        published_on: meeting.published_on,
        documents_on: latest_draft.map(|(_, on)| on),
    };
    let warnings = warnings::check(&rules, &local, &facts)
        .into_iter()
        .map(|w| WarningView {
            rules: w.rules(),
            warning: w,
        })
        .collect();
    let steps = meeting.agenda.steps();
    let evidence = Evidence {
        minutes: meeting
            .agenda
            .span()
            .map(|(a, b)| u32::try_from((b - a).whole_minutes()).unwrap_or(0)),
        minimum_minutes: local
            .min_duration(&rules, meeting.kind)
            .map(|m| m.minutes()),
        summoned: facts.summoned,
        present,
        unexcused: u32::try_from(unexcused.len()).unwrap_or(u32::MAX),
        steps_done: u32::try_from(
            steps
                .iter()
                .filter(|s| matches!(s.state, StepState::Done { .. }))
                .count(),
        )
        .unwrap_or(0),
        steps_prescribed: u32::try_from(steps.iter().filter(|s| s.mandatory && !s.added).count())
            .unwrap_or(0),
    };
    let carried_to = steps
        .iter()
        .find(|s| s.code == ASSESSMENT_STEP)
        .map(|s| s.code.clone());
    let carried_tasks = if carried_to.is_some() {
        store.carried_tasks(meeting.org, meeting.date).await?
    } else {
        Vec::new()
    };
    let draft_file = latest_draft.map(|(id, _)| id);
    let publish_due_by = rules.publish_due_by(meeting.date);
    let resolution = store
        .document_of(meeting.id, chibo_domain::ruleset::DocumentKind::Resolution)
        .await?;
    let topic_choices = if matches!(meeting.kind, MeetingKind::Thematic | MeetingKind::Combined) {
        let tree = store.org_tree().await?;
        let cell_type = tree
            .version_on(meeting.org, meeting.date)
            .and_then(|v| v.cell_type);
        Some(TopicChoices {
            groups: rules.topic_groups().to_vec(),
            suggested: cell_type
                .map(|c| rules.topics_for(c).to_vec())
                .unwrap_or_default(),
        })
    } else {
        None
    };
    let official = rows
        .iter()
        .filter(|r| r.standing == Standing::Official && r.placement == PlacementKind::Home)
        .map(|r| (r.person, r.full_name.clone()));
    let ceremony = crate::ceremony::part_of(store, &meeting, &records, official).await?;
    let situations = store.mock_injections(meeting.id).await?;
    Ok(MeetingView {
        situations,
        meeting,
        roster: rows,
        warnings,
        evidence,
        carried_tasks,
        carried_to,
        draft_file,
        topic_choices,
        publish_due_by,
        resolution,
        ceremony,
    })
}

/// Records one person's attendance; returns the meeting's new version.
pub async fn set_attendance(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    person: PersonId,
    input: &AttendanceInput,
) -> Result<i64, AppError> {
    let presence = input.parse().map_err(AppError::Invalid)?;
    let mut w = store.write(actor).await?;
    let version = w
        .meetings()
        .set_attendance(id, person, presence, input.version)
        .await?;
    w.commit().await?;
    Ok(version)
}

/// The user's own absence, told beforehand with its reason; returns the new version.
pub async fn excuse_own_absence(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    person: Option<PersonId>,
    reason: &str,
) -> Result<i64, AppError> {
    let person = person.ok_or(AppError::Forbidden)?;
    let mut w = store.write(actor).await?;
    let v = w.meetings().excuse_own_absence(id, person, reason).await?;
    w.commit().await?;
    Ok(v)
}

/// Returns the contribution's id and the meeting's new version.
pub async fn add_contribution(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    input: &ContributionInput,
) -> Result<(i64, i64), AppError> {
    let c = input.parse().map_err(AppError::Invalid)?;
    let mut w = store.write(actor).await?;
    let out = w.meetings().add_contribution(id, &c).await?;
    w.commit().await?;
    Ok(out)
}

/// Returns the task's id and the meeting's new version.
pub async fn add_task(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    input: &TaskInput,
) -> Result<(i64, i64), AppError> {
    let t = input.parse().map_err(AppError::Invalid)?;
    let mut w = store.write(actor).await?;
    let out = w
        .meetings()
        .add_task(id, &t.step, &t.text, t.owners, t.deadline)
        .await?;
    w.commit().await?;
    Ok(out)
}

/// MTG-ATT-01/03: counts and records a vote; the denominator comes from the roster and the
/// roll call. Returns the vote and the meeting's new version.
pub async fn record_vote(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    input: &VoteInput,
) -> Result<(VoteRecord, i64), AppError> {
    let draft = input.parse().map_err(AppError::Invalid)?;
    let mut w = store.write(actor).await?;
    let out = w.meetings().record_vote(id, &draft).await?;
    w.commit().await?;
    Ok(out)
}

/// One step of the lifecycle (notify, start, close, postpone, reschedule, cancel, re-open);
/// returns the new status and version.
pub async fn transition(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    t: &Transition,
    expected: Option<i64>,
) -> Result<(MeetingStatus, i64), AppError> {
    let mut w = store.write(actor).await?;
    let out = w.meetings().transition(id, t, None, expected).await?;
    w.commit().await?;
    Ok(out)
}

/// The chair's agenda action (start, finish, not applicable, other business); returns the
/// step's code and the meeting's new version.
pub async fn step(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    input: &StepInput,
) -> Result<(String, i64), AppError> {
    let action = input.parse().map_err(AppError::Invalid)?;
    let mut p = Parser::default();
    let at = opt_time(&mut p, "at", &input.at);
    p.finish(Some(())).map_err(AppError::Invalid)?;
    let mut w = store.write(actor).await?;
    let out = w.meetings().step(id, &action, at, input.version).await?;
    w.commit().await?;
    Ok(out)
}

/// Mode, officers and guests; returns the new version.
pub async fn set_details(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    input: &DetailsInput,
) -> Result<i64, AppError> {
    let draft = input.parse().map_err(AppError::Invalid)?;
    let mut w = store.write(actor).await?;
    let v = w.meetings().set_details(id, &draft, input.version).await?;
    w.commit().await?;
    Ok(v)
}

/// Topic, group, presenter and draft text (MTG-TH-01); returns the new version.
pub async fn set_thematic(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    input: &ThematicInput,
) -> Result<i64, AppError> {
    let draft = ThematicDraft {
        topic: clean(&input.topic),
        topic_group: clean(&input.topic_group),
        presenter: input.presenter.map(PersonId),
        draft_text: clean(&input.draft_text),
    };
    let mut w = store.write(actor).await?;
    let v = w.meetings().set_thematic(id, &draft, input.version).await?;
    w.commit().await?;
    Ok(v)
}

/// Largest draft file accepted: a typed draft fits in far less; scans of a few pages fit.
pub const MAX_DRAFT_FILE_BYTES: usize = 10 * 1024 * 1024;

/// Attaches the presenter's draft file; returns its id and the new version.
pub async fn attach_draft_file(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    file_name: &str,
    content_type: &str,
    body: &[u8],
) -> Result<(i64, i64), AppError> {
    if body.is_empty() {
        return Err(AppError::Invalid(vec![FieldError::new("file", "required")]));
    }
    if body.len() > MAX_DRAFT_FILE_BYTES {
        return Err(AppError::Invalid(vec![FieldError::new(
            "file",
            "too_large",
        )]));
    }
    let name = file_name.trim();
    let name = if name.is_empty() { "du-thao" } else { name };
    let mut w = store.write(actor).await?;
    let out = w
        .meetings()
        .attach_draft_file(id, name, content_type, body)
        .await?;
    w.commit().await?;
    Ok(out)
}

/// MTG-TH-01: the secretary approves the draft, recorded under `by` (their name as shown).
pub async fn approve_draft(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    by: &str,
    expected: Option<i64>,
) -> Result<i64, AppError> {
    let mut w = store.write(actor).await?;
    let v = w.meetings().approve_draft(id, by, None, expected).await?;
    w.commit().await?;
    Ok(v)
}

/// MTG-QA-*: the secretary's proposed rating under the profile of the meeting's date and
/// unit (rule set and dated local settings); returns the record and the new version.
pub async fn propose_quality(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    input: &QualityInput,
) -> Result<(QualityRecord, i64), AppError> {
    let rating = input.rating().map_err(AppError::Invalid)?;
    let meeting = store
        .meeting(id)
        .await?
        .ok_or(AppError::NotFound("meeting"))?;
    let rules = store.rule_catalogue().await?.rules_on(meeting.date)?;
    let local = store.local_settings(meeting.org, meeting.date).await?;
    let mut record = QualityRecord::propose(&rules, &local, rating)?;
    record.confirmed_by = clean(&input.confirmed_by);
    let mut w = store.write(actor).await?;
    let v = w.meetings().set_quality(id, &record, input.version).await?;
    w.commit().await?;
    let stored = store
        .meeting(id)
        .await?
        .and_then(|m| m.quality)
        .unwrap_or(record);
    Ok((stored, v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn meeting_and_vote_inputs_collect_every_error() {
        let bad = MeetingInput {
            kind: s("weekly"),
            date: s("31/02/2025"),
            planned_start: s("25:00"),
            place: None,
        };
        let errors = bad.parse(OrgId(1)).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["kind", "date", "planned_start", "place"]);
        let ok = MeetingInput {
            kind: s("regular"),
            date: s("03/11/2025"),
            planned_start: s("7:30"),
            place: s("Nhà văn hoá"),
        }
        .parse(OrgId(1))
        .unwrap();
        assert_eq!(ok.planned_start, Time::from_hms(7, 30, 0).ok());
        let v = VoteInput {
            subject: s("Nghị quyết"),
            kind: s("resolution"),
            votes_for: Some(-1),
            ..Default::default()
        };
        assert_eq!(v.parse().unwrap_err()[0].code, "negative");
        let a = AttendanceInput {
            presence: s("absent"),
            accepted: true,
            ..Default::default()
        };
        assert_eq!(a.parse().unwrap_err()[0].code, "reason_required");
    }
}

/// A review of a carried task: `progress` is `done`, `in_progress` or `not_done` (which
/// needs a `comment`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TaskReviewInput {
    #[cfg_attr(feature = "openapi", schema(examples("done")))]
    pub progress: Option<String>,
    pub comment: Option<String>,
}

/// The meeting in progress reviews a task of an earlier meeting (MTG-ORD-04); returns the
/// meeting's new version.
pub async fn review_task(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    task: i64,
    input: &TaskReviewInput,
) -> Result<i64, AppError> {
    let mut p = Parser::default();
    let progress = p.code(
        "progress",
        &input.progress,
        chibo_domain::meeting::work::TaskProgress::from_code,
    );
    let progress = p.finish(progress).map_err(AppError::Invalid)?;
    let review = chibo_domain::meeting::work::TaskReview::new(progress, input.comment.as_deref())?;
    let mut w = store.write(actor).await?;
    let v = w.meetings().review_task(id, task, &review).await?;
    w.commit().await?;
    Ok(v)
}

/// An open task of a cell, as the cell page and a member's home page list it.
#[derive(Debug, Clone, Serialize)]
pub struct OpenTask {
    #[serde(flatten)]
    pub task: CarriedTask,
    pub owner_names: Vec<String>,
    /// Past its deadline and not done.
    pub overdue: bool,
}

/// The cell's open tasks by deadline, owners named, overdue flagged against `today`;
/// `owner`: only those of one person (a member's home page).
pub async fn open_tasks(
    store: &Store,
    cell: OrgId,
    owner: Option<PersonId>,
    today: time::Date,
) -> Result<Vec<OpenTask>, AppError> {
    let records = store.cell_records(cell).await?;
    let name = |p: PersonId| {
        records.person(p).map_or_else(
            || format!("#{}", p.0),
            |r| r.person.full_name.as_str().to_string(),
        )
    };
    let mut out: Vec<OpenTask> = store
        .open_tasks(cell)
        .await?
        .into_iter()
        .filter(|t| owner.is_none_or(|o| t.task.task.owners.contains(&o)))
        .map(|t| OpenTask {
            overdue: chibo_domain::meeting::work::overdue(
                t.task.task.deadline,
                t.reviews.last().map(|r| r.review.progress),
                today,
            ),
            owner_names: t.task.task.owners.iter().map(|p| name(*p)).collect(),
            task: t,
        })
        .collect();
    out.sort_by_key(|t| (t.task.task.task.deadline, t.task.task.id));
    Ok(out)
}

/// MTG-ATT-08: one member's months of unexcused absence from regular meetings in a year.
#[derive(Debug, Clone, Serialize)]
pub struct AbsenceCount {
    pub person: PersonId,
    pub name: String,
    pub months: u32,
    /// At [`UNEXCUSED_MONTHS_ALERT`](chibo_domain::meeting::roll_call::UNEXCUSED_MONTHS_ALERT)
    /// or more: ground for proposing removal; the cell committee is alerted.
    pub alert: bool,
}

/// MTG-ATT-08 for a cell and year: members with at least one month of unexcused absence
/// from regular meetings held, most months first.
pub async fn unexcused_absences(
    store: &Store,
    cell: OrgId,
    year: i32,
) -> Result<Vec<AbsenceCount>, AppError> {
    use chibo_domain::meeting::roll_call::{unexcused_months, UNEXCUSED_MONTHS_ALERT};
    let records = store.cell_records(cell).await?;
    // An exempted member's absence is not "without good reason" (MEM-EX-02): the status
    // on the meeting's date is the reason.
    let history: Vec<_> = store
        .attendance_history(cell, year)
        .await?
        .into_iter()
        .filter(|r| {
            chibo_domain::member::status_on(&records.statuses, r.person, r.date)
                != Some(StatusKind::Exempted)
        })
        .collect();
    let mut out: Vec<AbsenceCount> = unexcused_months(&history, year)
        .into_iter()
        .map(|(person, months)| AbsenceCount {
            person,
            name: records.person(person).map_or_else(
                || format!("#{}", person.0),
                |r| r.person.full_name.as_str().to_string(),
            ),
            months,
            alert: months >= UNEXCUSED_MONTHS_ALERT,
        })
        .collect();
    out.sort_by(|a, b| b.months.cmp(&a.months).then(a.person.cmp(&b.person)));
    Ok(out)
}

/// One meeting a person was called to, and how they attended (their attendance history).
#[derive(Debug, Clone, Serialize)]
pub struct AttendanceEntry {
    pub meeting: MeetingId,
    pub org: OrgId,
    pub date: time::Date,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    pub presence: Presence,
}

/// A person's attendance at the meetings of a year, month by month in date order.
pub async fn attendance_of(
    store: &Store,
    person: PersonId,
    year: i32,
) -> Result<Vec<AttendanceEntry>, AppError> {
    Ok(store
        .person_attendance(person, year)
        .await?
        .into_iter()
        .map(
            |(meeting, org, date, kind, status, presence)| AttendanceEntry {
                meeting,
                org,
                date,
                kind,
                status,
                presence,
            },
        )
        .collect())
}

/// A cell under a committee with members at the MTG-ATT-08 alert.
#[derive(Debug, Clone, Serialize)]
pub struct CellAbsenceAlert {
    pub cell: OrgId,
    pub name: String,
    /// Only the members at the alert (3 months or more), most months first.
    pub members: Vec<AbsenceCount>,
}

/// MTG-ATT-08 for a superior committee's home page: the cells under `root` on `today` with
/// members absent without reason from regular meetings in 3 or more distinct months of
/// `year`. One query over the ancestor table finds the candidates; only a cell with a
/// candidate has its records read, to set aside exempted members' absences (MEM-EX-02) as
/// [`unexcused_absences`] does — so the answer is the same as asking each cell.
pub async fn subtree_absence_alerts(
    store: &Store,
    root: OrgId,
    year: i32,
    today: time::Date,
) -> Result<Vec<CellAbsenceAlert>, AppError> {
    use chibo_domain::meeting::roll_call::{unexcused_months, UNEXCUSED_MONTHS_ALERT};
    let mut by_cell: BTreeMap<OrgId, Vec<chibo_domain::meeting::roll_call::AttendanceRecord>> =
        BTreeMap::new();
    for (org, r) in store.subtree_attendance_history(root, today, year).await? {
        by_cell.entry(org).or_default().push(r);
    }
    let tree = store.org_tree().await?;
    let mut out = Vec::new();
    for (cell, history) in by_cell {
        // Without the exemptions the counts can only be higher: no candidate, no alert.
        let candidate = unexcused_months(&history, year)
            .values()
            .any(|m| *m >= UNEXCUSED_MONTHS_ALERT);
        if !candidate {
            continue;
        }
        let members: Vec<AbsenceCount> = unexcused_absences(store, cell, year)
            .await?
            .into_iter()
            .filter(|a| a.alert)
            .collect();
        if members.is_empty() {
            continue;
        }
        out.push(CellAbsenceAlert {
            cell,
            name: tree
                .version_on(cell, today)
                .map(|v| v.name.as_str().to_string())
                .unwrap_or_default(),
            members,
        });
    }
    Ok(out)
}
