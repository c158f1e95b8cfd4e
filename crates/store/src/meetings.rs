//! Meetings (Meetings I): a cell's meeting with its agenda, roll call, contributions, tasks
//! and votes. The rules are the domain's (`chibo_domain::meeting`); this module stores what
//! they allow, each write with its typed audit event in the caller's unit of work.
//!
//! The agenda is instantiated once, at creation, from the rule set in force on the meeting's
//! date (VER-01). A vote's denominator is never typed: it is counted here from the cell's
//! roster on the meeting's date and the roll call (MTG-ATT-03, MTG-ATT-12) and stored with
//! its breakdown as counted.

use std::collections::BTreeMap;

use chibo_domain::meeting::roll_call::{Presence, RollCall};
use chibo_domain::meeting::vote::{self, Breakdown, Tally};
use chibo_domain::meeting::work::{Contribution, Speaker, Task};
use chibo_domain::meeting::{Agenda, MeetingStatus, Transition};
use chibo_domain::member::CellRoster;
use chibo_domain::ruleset::{Catalogue, MeetingKind, VoteKind};
use chibo_domain::{MeetingId, OrgId, PersonId};
use serde::Serialize;
use serde_json::json;
use sqlx::types::Json;
use time::{Date, Time};

use crate::audit::AuditAction;
use crate::calendar::stored_versions;
use crate::codec::corrupt;
use crate::db::{q_all, q_exec, q_one, q_opt, Conn};
use crate::people::load_cell_records;
use crate::stamp::Stamp;
use crate::{Result, Store, StoreError, UnitOfWork};

/// What a new meeting needs; its agenda comes from the rule set of `date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingDraft {
    pub org: OrgId,
    pub kind: MeetingKind,
    pub date: Date,
    pub planned_start: Option<Time>,
    pub place: String,
}

/// A meeting as stored, with everything recorded at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingRecord {
    pub id: MeetingId,
    pub org: OrgId,
    pub kind: MeetingKind,
    pub date: Date,
    /// "HH:MM".
    pub planned_start: Option<String>,
    pub place: String,
    pub status: MeetingStatus,
    /// The reason of the last postponement, cancellation or re-opening.
    pub status_reason: Option<String>,
    /// Optimistic version: every change to the meeting or what is recorded at it bumps it.
    pub version: i64,
    pub agenda: Agenda,
    pub roll_call: RollCall,
    pub contributions: Vec<ContributionRecord>,
    pub tasks: Vec<TaskRecord>,
    pub votes: Vec<VoteRecord>,
}

/// A meeting in a list (no agenda or records).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingSummary {
    pub id: MeetingId,
    pub org: OrgId,
    pub kind: MeetingKind,
    pub date: Date,
    pub planned_start: Option<String>,
    pub place: String,
    pub status: MeetingStatus,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContributionRecord {
    pub id: i64,
    #[serde(flatten)]
    pub contribution: Contribution,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskRecord {
    pub id: i64,
    #[serde(flatten)]
    pub task: Task,
}

/// A vote as counted: the denominator and its breakdown as they were on the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoteRecord {
    pub id: i64,
    pub subject: String,
    pub kind: VoteKind,
    pub tally: Tally,
    pub denominator: u32,
    pub denominator_breakdown: Breakdown,
    pub passed: bool,
}

/// What a vote records: the subject, the kind of decision and the three counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteDraft {
    pub subject: String,
    pub kind: VoteKind,
    pub tally: Tally,
}

fn hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

fn kind_code(k: VoteKind) -> Result<String> {
    match serde_json::to_value(k)? {
        serde_json::Value::String(s) => Ok(s),
        other => Err(corrupt("meeting_vote.kind", &other.to_string())),
    }
}

fn vote_kind(code: &str) -> Result<VoteKind> {
    serde_json::from_value(serde_json::Value::String(code.to_string()))
        .map_err(|_| corrupt("meeting_vote.kind", code))
}

#[derive(sqlx::FromRow)]
struct MeetingRow {
    id: i64,
    org_id: i64,
    kind: String,
    meeting_date: Date,
    planned_start: Option<String>,
    place: String,
    status: String,
    status_reason: Option<String>,
    version: i64,
    agenda_json: Json<Agenda>,
}

impl MeetingRow {
    fn summary(&self) -> Result<MeetingSummary> {
        Ok(MeetingSummary {
            id: MeetingId(self.id),
            org: OrgId(self.org_id),
            kind: MeetingKind::from_code(&self.kind)
                .ok_or_else(|| corrupt("meeting.kind", &self.kind))?,
            date: self.meeting_date,
            planned_start: self.planned_start.clone(),
            place: self.place.clone(),
            status: MeetingStatus::from_code(&self.status)
                .ok_or_else(|| corrupt("meeting.status", &self.status))?,
            version: self.version,
        })
    }
}

#[derive(sqlx::FromRow)]
struct VoteRow {
    id: i64,
    subject: String,
    kind: String,
    votes_for: i64,
    votes_against: i64,
    votes_abstain: i64,
    denominator: i64,
    breakdown_json: Json<Breakdown>,
    passed: bool,
}

fn count(column: &'static str, n: i64) -> Result<u32> {
    u32::try_from(n).map_err(|_| corrupt(column, &n.to_string()))
}

impl VoteRow {
    fn into_record(self) -> Result<VoteRecord> {
        Ok(VoteRecord {
            id: self.id,
            subject: self.subject,
            kind: vote_kind(&self.kind)?,
            tally: Tally {
                votes_for: count("meeting_vote.votes_for", self.votes_for)?,
                against: count("meeting_vote.votes_against", self.votes_against)?,
                abstain: count("meeting_vote.votes_abstain", self.votes_abstain)?,
            },
            denominator: count("meeting_vote.denominator", self.denominator)?,
            denominator_breakdown: self.breakdown_json.0,
            passed: self.passed,
        })
    }
}

macro_rules! select_meetings {
    ($rest:literal) => {
        concat!(
            "SELECT id, org_id, kind, meeting_date, planned_start, place, status, status_reason, version, agenda_json FROM meeting ",
            $rest
        )
    };
}

async fn fetch_meeting(conn: &mut Conn<'_>, id: MeetingId) -> Result<Option<MeetingRecord>> {
    let Some(mut m) = fetch_head(conn, id).await? else {
        return Ok(None);
    };
    fetch_records(conn, &mut m).await?;
    Ok(Some(m))
}

/// The meeting with its agenda and roll call, without its contributions, tasks and votes:
/// what a change needs (two queries, however much was recorded at the meeting).
async fn fetch_head(conn: &mut Conn<'_>, id: MeetingId) -> Result<Option<MeetingRecord>> {
    let row: Option<MeetingRow> =
        q_opt!(conn, MeetingRow, select_meetings!("WHERE id = $1"), id.0)?;
    let Some(row) = row else {
        return Ok(None);
    };
    let s = row.summary()?;
    let mut roll_call = RollCall::default();
    let rows: Vec<(i64, Json<Presence>)> = q_all!(
        conn,
        (i64, Json<Presence>),
        "SELECT person_id, presence_json FROM meeting_attendance WHERE meeting_id = $1 ORDER BY person_id",
        id.0
    )?;
    for (p, presence) in rows {
        roll_call.set(PersonId(p), presence.0)?;
    }
    Ok(Some(MeetingRecord {
        id: s.id,
        org: s.org,
        kind: s.kind,
        date: s.date,
        planned_start: s.planned_start,
        place: s.place,
        status: s.status,
        status_reason: row.status_reason,
        version: s.version,
        agenda: row.agenda_json.0,
        roll_call,
        contributions: Vec::new(),
        tasks: Vec::new(),
        votes: Vec::new(),
    }))
}

/// Adds the contributions, tasks and votes of `m`.
async fn fetch_records(conn: &mut Conn<'_>, m: &mut MeetingRecord) -> Result<()> {
    let id = m.id;
    let rows: Vec<(i64, String, Json<Speaker>, String)> = q_all!(
        conn,
        (i64, String, Json<Speaker>, String),
        "SELECT id, step, speaker_json, body FROM meeting_contribution WHERE meeting_id = $1 ORDER BY id",
        id.0
    )?;
    let contributions = rows
        .into_iter()
        .map(|(id, step, speaker, text)| ContributionRecord {
            id,
            contribution: Contribution {
                step,
                speaker: speaker.0,
                text,
            },
        })
        .collect();
    let rows: Vec<(i64, String, String, Date)> = q_all!(
        conn,
        (i64, String, String, Date),
        "SELECT id, step, body, deadline FROM meeting_task WHERE meeting_id = $1 ORDER BY id",
        id.0
    )?;
    let owners: Vec<(i64, i64)> = q_all!(
        conn,
        (i64, i64),
        "SELECT o.task_id, o.person_id FROM meeting_task_owner o JOIN meeting_task t ON t.id = o.task_id
         WHERE t.meeting_id = $1 ORDER BY o.task_id, o.person_id",
        id.0
    )?;
    let mut by_task: BTreeMap<i64, Vec<PersonId>> = BTreeMap::new();
    for (t, p) in owners {
        by_task.entry(t).or_default().push(PersonId(p));
    }
    let tasks = rows
        .into_iter()
        .map(|(id, step, text, deadline)| TaskRecord {
            id,
            task: Task {
                step,
                text,
                owners: by_task.remove(&id).unwrap_or_default(),
                deadline,
            },
        })
        .collect();
    let rows: Vec<VoteRow> = q_all!(
        conn,
        VoteRow,
        "SELECT id, subject, kind, votes_for, votes_against, votes_abstain, denominator, breakdown_json, passed
         FROM meeting_vote WHERE meeting_id = $1 ORDER BY id",
        id.0
    )?;
    m.votes = rows
        .into_iter()
        .map(VoteRow::into_record)
        .collect::<Result<Vec<_>>>()?;
    m.contributions = contributions;
    m.tasks = tasks;
    Ok(())
}

impl Store {
    pub async fn meeting(&self, id: MeetingId) -> Result<Option<MeetingRecord>> {
        let mut lease = self.lease().await?;
        fetch_meeting(&mut lease.conn(), id).await
    }

    /// The meetings of `org` dated in `year`, by date.
    pub async fn meetings_of(&self, org: OrgId, year: i32) -> Result<Vec<MeetingSummary>> {
        let from = Date::from_calendar_date(year, time::Month::January, 1)
            .map_err(|_| StoreError::NotFound("year"))?;
        let to = Date::from_calendar_date(year, time::Month::December, 31)
            .map_err(|_| StoreError::NotFound("year"))?;
        let mut lease = self.lease().await?;
        let rows: Vec<MeetingRow> = q_all!(
            &mut lease.conn(),
            MeetingRow,
            select_meetings!(
                "WHERE org_id = $1 AND meeting_date >= $2 AND meeting_date <= $3 ORDER BY meeting_date, id"
            ),
            org.0,
            from,
            to
        )?;
        rows.iter().map(MeetingRow::summary).collect()
    }

    /// The org a meeting belongs to (the access layer's scope).
    pub async fn meeting_org(&self, id: MeetingId) -> Result<Option<OrgId>> {
        let mut lease = self.lease().await?;
        let row: Option<(i64,)> = q_opt!(
            &mut lease.conn(),
            (i64,),
            "SELECT org_id FROM meeting WHERE id = $1",
            id.0
        )?;
        Ok(row.map(|(o,)| OrgId(o)))
    }
}

/// Writes to meetings inside a unit of work.
pub struct Meetings<'u>(&'u mut UnitOfWork);

impl UnitOfWork {
    pub fn meetings(&mut self) -> Meetings<'_> {
        Meetings(self)
    }
}

impl Meetings<'_> {
    /// Loads the meeting for a change (agenda and roll call, not what was recorded at it),
    /// checking `expected` (the version the caller read) when given, and bumps its version.
    async fn load_for_change(
        &mut self,
        id: MeetingId,
        expected: Option<i64>,
    ) -> Result<MeetingRecord> {
        let conn = &mut self.0.conn();
        let mut before = fetch_head(conn, id)
            .await?
            .ok_or(StoreError::NotFound("meeting"))?;
        let bumped: Option<(i64,)> = q_opt!(
            conn,
            (i64,),
            "UPDATE meeting SET version = version + 1 WHERE id = $1 AND ($2 IS NULL OR version = $2) RETURNING version",
            id.0,
            expected
        )?;
        if bumped.is_none() {
            fetch_records(conn, &mut before).await?;
            return Err(StoreError::Stale {
                entity: "meeting",
                expected: expected.unwrap_or(before.version),
                actual: before.version,
                current: serde_json::to_value(&before)?,
            });
        }
        Ok(before)
    }

    /// Creates a meeting, planned, with the agenda of the rule set in force on its date.
    pub async fn create(&mut self, draft: &MeetingDraft) -> Result<MeetingId> {
        let w = &mut *self.0;
        let at = w.actor().at;
        let conn = &mut w.conn();
        let place = draft.place.trim();
        let exists: Option<(i64,)> = q_opt!(
            conn,
            (i64,),
            "SELECT id FROM org WHERE id = $1",
            draft.org.0
        )?;
        if exists.is_none() {
            return Err(StoreError::NotFound("org"));
        }
        let mut all = Catalogue::builtin().versions().to_vec();
        all.extend(stored_versions(conn).await?);
        let rules = Catalogue::from_versions(all)?.rules_on(draft.date)?;
        let agenda = Agenda::from_template(rules.agenda(draft.kind));
        let (id,): (i64,) = q_one!(
            conn,
            (i64,),
            "INSERT INTO meeting (org_id, kind, meeting_date, planned_start, place, status, version, agenda_json, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8) RETURNING id",
            draft.org.0,
            draft.kind.code(),
            draft.date,
            draft.planned_start.map(hhmm),
            place,
            MeetingStatus::Planned.code(),
            Json(&agenda),
            Stamp(at)
        )?;
        let id = MeetingId(id);
        let after = fetch_meeting(conn, id).await?;
        w.audit(
            AuditAction::MeetingCreate,
            &id.to_string(),
            Some(draft.org),
            None,
            Some(serde_json::to_value(&after)?),
        )
        .await?;
        Ok(id)
    }

    /// One step of the lifecycle ([`MeetingStatus::apply`]); the reason of a postponement,
    /// cancellation or re-opening is kept. Minutes are approved in Meetings II: until then
    /// none is.
    pub async fn transition(
        &mut self,
        id: MeetingId,
        t: &Transition,
        expected: Option<i64>,
    ) -> Result<MeetingStatus> {
        let before = self.load_for_change(id, expected).await?;
        let status = before.status.apply(t, false)?;
        let reason = match t {
            Transition::Postpone { reason }
            | Transition::Cancel { reason }
            | Transition::Reopen { reason } => Some(reason.trim().to_string()),
            _ => None,
        };
        let w = &mut *self.0;
        q_exec!(
            &mut w.conn(),
            "UPDATE meeting SET status = $1, status_reason = $2 WHERE id = $3",
            status.code(),
            reason.as_deref(),
            id.0
        )?;
        w.audit(
            AuditAction::MeetingTransition,
            &id.to_string(),
            Some(before.org),
            Some(json!({ "status": before.status })),
            Some(json!({ "status": status, "reason": reason })),
        )
        .await?;
        Ok(status)
    }

    /// Records how `person` attended (MTG-ATT-07). Only people on the cell's roster on the
    /// meeting's date are called.
    pub async fn set_attendance(
        &mut self,
        id: MeetingId,
        person: PersonId,
        presence: Presence,
        expected: Option<i64>,
    ) -> Result<()> {
        let presence = presence.checked()?;
        let before = self.load_for_change(id, expected).await?;
        let w = &mut *self.0;
        let conn = &mut w.conn();
        let records = load_cell_records(conn, before.org).await?;
        let roster = CellRoster::on(
            before.org,
            before.date,
            &records.members(),
            &records.placements,
            &records.statuses,
        );
        if !roster.entries.iter().any(|e| e.person == person) {
            return Err(StoreError::NotFound("person"));
        }
        q_exec!(
            conn,
            "DELETE FROM meeting_attendance WHERE meeting_id = $1 AND person_id = $2",
            id.0,
            person.0
        )?;
        q_exec!(
            conn,
            "INSERT INTO meeting_attendance (meeting_id, person_id, presence_json) VALUES ($1, $2, $3)",
            id.0,
            person.0,
            Json(&presence)
        )?;
        let was = before.roll_call.get(person).cloned();
        w.audit(
            AuditAction::MeetingAttendance,
            &id.to_string(),
            Some(before.org),
            was.map(|p| json!({ "person": person, "presence": p })),
            Some(json!({ "person": person, "presence": presence })),
        )
        .await
    }

    /// Records a contribution tied to an agenda step of the meeting.
    pub async fn add_contribution(
        &mut self,
        id: MeetingId,
        contribution: &Contribution,
    ) -> Result<i64> {
        let before = self.load_for_change(id, None).await?;
        if !before
            .agenda
            .steps()
            .iter()
            .any(|s| s.code == contribution.step)
        {
            return Err(chibo_domain::meeting::MeetingError::UnknownStep(
                contribution.step.clone(),
            )
            .into());
        }
        let w = &mut *self.0;
        let at = w.actor().at;
        let (cid,): (i64,) = q_one!(
            &mut w.conn(),
            (i64,),
            "INSERT INTO meeting_contribution (meeting_id, step, speaker_json, body, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            id.0,
            &contribution.step,
            Json(&contribution.speaker),
            &contribution.text,
            Stamp(at)
        )?;
        w.audit(
            AuditAction::MeetingContribution,
            &id.to_string(),
            Some(before.org),
            None,
            Some(json!({ "id": cid, "contribution": contribution })),
        )
        .await?;
        Ok(cid)
    }

    /// Records a task (MTG-ORD-06/08): text, owners and a deadline after the meeting, tied to
    /// an agenda step. `task` is built by [`Task::new`] against the meeting's date here.
    pub async fn add_task(
        &mut self,
        id: MeetingId,
        step: &str,
        text: &str,
        owners: Vec<PersonId>,
        deadline: Date,
    ) -> Result<i64> {
        let before = self.load_for_change(id, None).await?;
        let task = Task::new(step, text, owners, deadline, before.date)?;
        if !before.agenda.steps().iter().any(|s| s.code == task.step) {
            return Err(chibo_domain::meeting::MeetingError::UnknownStep(task.step).into());
        }
        let w = &mut *self.0;
        let at = w.actor().at;
        let conn = &mut w.conn();
        let (tid,): (i64,) = q_one!(
            conn,
            (i64,),
            "INSERT INTO meeting_task (meeting_id, step, body, deadline, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            id.0,
            &task.step,
            &task.text,
            task.deadline,
            Stamp(at)
        )?;
        for owner in &task.owners {
            let known: Option<(i64,)> =
                q_opt!(conn, (i64,), "SELECT id FROM person WHERE id = $1", owner.0)?;
            if known.is_none() {
                return Err(StoreError::NotFound("person"));
            }
            q_exec!(
                conn,
                "INSERT INTO meeting_task_owner (task_id, person_id) VALUES ($1, $2)",
                tid,
                owner.0
            )?;
        }
        w.audit(
            AuditAction::MeetingTask,
            &id.to_string(),
            Some(before.org),
            None,
            Some(json!({ "id": tid, "task": task })),
        )
        .await?;
        Ok(tid)
    }

    /// Counts and records a vote ([`vote::count`]): the denominator from the cell's roster on
    /// the meeting's date, the roll call and the rule set of that date (MTG-ATT-03/12); more
    /// votes than members present who may vote are refused (MTG-ATT-01).
    pub async fn record_vote(&mut self, id: MeetingId, draft: &VoteDraft) -> Result<VoteRecord> {
        let subject = draft.subject.trim().to_string();
        if subject.is_empty() {
            return Err(chibo_domain::meeting::MeetingError::ReasonRequired.into());
        }
        let before = self.load_for_change(id, None).await?;
        let w = &mut *self.0;
        let at = w.actor().at;
        let conn = &mut w.conn();
        let mut all = Catalogue::builtin().versions().to_vec();
        all.extend(stored_versions(conn).await?);
        let rules = Catalogue::from_versions(all)?.rules_on(before.date)?;
        let records = load_cell_records(conn, before.org).await?;
        let roster = CellRoster::on(
            before.org,
            before.date,
            &records.members(),
            &records.placements,
            &records.statuses,
        );
        let summoned = roster.summoned(|p| before.roll_call.attendance(p));
        let result = vote::count(&rules, draft.kind, &summoned, draft.tally)?;
        let denominator = result.breakdown.denominator;
        let (vid,): (i64,) = q_one!(
            conn,
            (i64,),
            "INSERT INTO meeting_vote (meeting_id, subject, kind, votes_for, votes_against, votes_abstain, denominator, breakdown_json, passed, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            id.0,
            &subject,
            kind_code(draft.kind)?,
            i64::from(draft.tally.votes_for),
            i64::from(draft.tally.against),
            i64::from(draft.tally.abstain),
            i64::from(denominator),
            Json(&result.breakdown),
            result.passed,
            Stamp(at)
        )?;
        let record = VoteRecord {
            id: vid,
            subject,
            kind: draft.kind,
            tally: draft.tally,
            denominator,
            denominator_breakdown: result.breakdown,
            passed: result.passed,
        };
        w.audit(
            AuditAction::MeetingVote,
            &id.to_string(),
            Some(before.org),
            None,
            Some(serde_json::to_value(&record)?),
        )
        .await?;
        Ok(record)
    }
}
