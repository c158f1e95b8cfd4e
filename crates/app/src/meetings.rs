//! Meeting use cases (Meetings I): create a cell's meeting, read it with its roster and roll
//! call, record attendance, contributions, tasks and votes. Each parses its raw input (every
//! field error at once), then runs in one unit of work; the rules are the domain's, applied
//! inside the store's `meetings()` repository so no caller can skip them. The vote's
//! denominator is derived there (MTG-ATT-03), never taken from the input.

use chibo_domain::meeting::roll_call::Presence;
use chibo_domain::meeting::vote::Tally;
use chibo_domain::meeting::work::{Contribution, Speaker};
use chibo_domain::meeting::Transition;
use chibo_domain::member::{CellRoster, PlacementKind, Standing, StatusKind};
use chibo_domain::ruleset::{MeetingKind, VoteKind};
use chibo_domain::{MeetingId, OrgId, PersonId};
use chibo_store::{
    Actor, MeetingDraft, MeetingRecord, MeetingSummary, Store, VoteDraft, VoteRecord,
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

/// A vote: the subject, the kind of decision (`resolution`, `admission`, `recognition`…) and
/// the three counts. The denominator is not an input.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct VoteInput {
    pub subject: Option<String>,
    #[cfg_attr(feature = "openapi", schema(examples("resolution")))]
    pub kind: Option<String>,
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

fn vote_kind(code: &str) -> Option<VoteKind> {
    serde_json::from_value(serde_json::Value::String(code.to_string())).ok()
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
        let kind = p.code("kind", &self.kind, vote_kind);
        let votes_for = count(&mut p, "votes_for", self.votes_for);
        let against = count(&mut p, "against", self.against);
        let abstain = count(&mut p, "abstain", self.abstain);
        let draft = match (subject, kind, votes_for, against, abstain) {
            (Some(subject), Some(kind), Some(votes_for), Some(against), Some(abstain)) => {
                Some(VoteDraft {
                    subject,
                    kind,
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

/// A meeting with its roster and roll call, as the API and the screens show it.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingView {
    #[serde(flatten)]
    pub meeting: MeetingRecord,
    pub roster: Vec<RollCallRow>,
}

pub async fn create(
    store: &Store,
    actor: &Actor,
    cell: OrgId,
    input: &MeetingInput,
) -> Result<MeetingId, AppError> {
    let draft = input.parse(cell).map_err(AppError::Invalid)?;
    let tree = store.org_tree().await?;
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

/// The meeting with its roster on its date (official first, then by Vietnamese name order)
/// and the attendance recorded for each.
pub async fn show(store: &Store, id: MeetingId) -> Result<MeetingView, AppError> {
    let meeting = store
        .meeting(id)
        .await?
        .ok_or(AppError::NotFound("meeting"))?;
    let records = store.cell_records(meeting.org).await?;
    let roster = CellRoster::on(
        meeting.org,
        meeting.date,
        &records.members(),
        &records.placements,
        &records.statuses,
    );
    let order = NameOrder::shared().ok_or_else(|| AppError::Internal("collator".into()))?;
    let mut rows: Vec<RollCallRow> = roster
        .entries
        .iter()
        .filter_map(|e| {
            let rec = records.person(e.person)?;
            Some(RollCallRow {
                person: e.person,
                full_name: rec.person.full_name.as_str().to_string(),
                standing: e.standing,
                placement: e.placement,
                status: e.status,
                summoned: e.is_summoned(),
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
    Ok(MeetingView {
        meeting,
        roster: rows,
    })
}

pub async fn set_attendance(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    person: PersonId,
    input: &AttendanceInput,
) -> Result<(), AppError> {
    let presence = input.parse().map_err(AppError::Invalid)?;
    let mut w = store.write(actor).await?;
    w.meetings()
        .set_attendance(id, person, presence, input.version)
        .await?;
    w.commit().await?;
    Ok(())
}

pub async fn add_contribution(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    input: &ContributionInput,
) -> Result<i64, AppError> {
    let c = input.parse().map_err(AppError::Invalid)?;
    let mut w = store.write(actor).await?;
    let cid = w.meetings().add_contribution(id, &c).await?;
    w.commit().await?;
    Ok(cid)
}

pub async fn add_task(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    input: &TaskInput,
) -> Result<i64, AppError> {
    let t = input.parse().map_err(AppError::Invalid)?;
    let mut w = store.write(actor).await?;
    let tid = w
        .meetings()
        .add_task(id, &t.step, &t.text, t.owners, t.deadline)
        .await?;
    w.commit().await?;
    Ok(tid)
}

/// MTG-ATT-01/03: counts and records a vote; the denominator comes from the roster and the
/// roll call.
pub async fn record_vote(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    input: &VoteInput,
) -> Result<VoteRecord, AppError> {
    let draft = input.parse().map_err(AppError::Invalid)?;
    let mut w = store.write(actor).await?;
    let vote = w.meetings().record_vote(id, &draft).await?;
    w.commit().await?;
    Ok(vote)
}

/// One step of the lifecycle (notify, start, close, postpone, reschedule, cancel, re-open).
pub async fn transition(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    t: &Transition,
    expected: Option<i64>,
) -> Result<chibo_domain::meeting::MeetingStatus, AppError> {
    let mut w = store.write(actor).await?;
    let status = w.meetings().transition(id, t, expected).await?;
    w.commit().await?;
    Ok(status)
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
