//! Meetings (Meetings I): a cell's meeting with its agenda, roll call, contributions, tasks
//! and votes. The rules are the domain's (`chibo_domain::meeting`); this module stores what
//! they allow, each write with its typed audit event in the caller's unit of work.
//!
//! The agenda is instantiated once, at creation, from the rule set in force on the meeting's
//! date (VER-01). A vote's denominator is never typed: it is counted here from the cell's
//! roster on the meeting's date and the roll call (MTG-ATT-03, MTG-ATT-12) and stored with
//! its breakdown as counted.

use std::collections::BTreeMap;

use chibo_domain::meeting::ceremony::CeremonyAct;
use chibo_domain::meeting::details::{Guest, Mode, Officers, Thematic};
use chibo_domain::meeting::quality::QualityRecord;
use chibo_domain::meeting::roll_call::{Presence, RollCall};
use chibo_domain::meeting::vote::{self, Breakdown, Tally, VoteMethod, VoteSubject};
use chibo_domain::meeting::work::{Contribution, Speaker, Task};
use chibo_domain::meeting::{Agenda, MeetingError, MeetingStatus, StepAction, Transition};
use chibo_domain::member::CellRoster;
use chibo_domain::ruleset::{Catalogue, MeetingKind, RuleSet};
use chibo_domain::{MeetingId, OrgId, PersonId};
use serde::Serialize;
use serde_json::json;
use sqlx::types::Json;
use time::{Date, PrimitiveDateTime, Time};

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
    /// In person, or online with its reason (MTG-ONL-01).
    pub mode: Mode,
    /// Chair, preparer (MTG-PREP-01), minute-taker (MTG-ORD-01).
    pub officers: Officers,
    /// Guests by name (MTG-ATT-05), non-members with the items they are invited to
    /// (MTG-ATT-06).
    pub guests: Vec<Guest>,
    /// Topic, presenter, draft and its approval (MTG-TH-01); empty for a regular meeting.
    pub thematic: Thematic,
    /// The quality rating proposed (MTG-QA-*), if any.
    pub quality: Option<QualityRecord>,
    /// The act of an admission ceremony (ADM-CER-01..03): the new member, the decision, the
    /// helping member; `None` for other kinds and before it is recorded.
    pub ceremony: Option<CeremonyAct>,
    /// The day it was published (its Notify step, in Vietnam): MTG-PREP-04 judges the
    /// documents' timing by it. `None`: never published in chibo (a meeting entered from
    /// paper afterwards).
    pub published_on: Option<Date>,
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
    pub kind: VoteSubject,
    pub method: VoteMethod,
    pub tally: Tally,
    pub denominator: u32,
    pub denominator_breakdown: Breakdown,
    pub passed: bool,
}

/// What a vote records: the subject, what kind of decision it is, how it was cast (the
/// subject's default when not given, CHR-VOTE-02) and the three counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteDraft {
    pub subject: String,
    pub kind: VoteSubject,
    pub method: Option<VoteMethod>,
    pub tally: Tally,
}

/// How the meeting is held and who runs it; every person must be on the cell's roster on
/// the meeting's date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailsDraft {
    pub mode: Mode,
    pub officers: Officers,
    pub guests: Vec<Guest>,
}

/// The thematic part as typed: topic, topic group, presenter, draft text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThematicDraft {
    pub topic: Option<String>,
    pub topic_group: Option<String>,
    pub presenter: Option<PersonId>,
    pub draft_text: Option<String>,
}

/// A file attached to a meeting (the thematic draft).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingFile {
    pub id: i64,
    pub meeting: MeetingId,
    pub purpose: String,
    pub file_name: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

/// A task of an earlier meeting of the cell, brought to this one's assessment step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CarriedTask {
    pub meeting: MeetingId,
    pub meeting_date: Date,
    #[serde(flatten)]
    pub task: TaskRecord,
    /// Its reviews at later meetings, in the order held (`tasks.rs`).
    pub reviews: Vec<crate::tasks::TaskReviewRecord>,
}

fn hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// The rule set in force on `date`, built-in versions and those administrators added
/// (VER-01).
pub(crate) async fn rules_on(conn: &mut Conn<'_>, date: Date) -> Result<RuleSet> {
    let mut all = Catalogue::builtin().versions().to_vec();
    all.extend(stored_versions(conn).await?);
    Ok(Catalogue::from_versions(all)?.rules_on(date)?)
}

/// The instant of a request as a wall-clock time in Vietnam, as the record writes it.
pub(crate) fn local_time(unix: i64) -> Result<PrimitiveDateTime> {
    let offset = time::UtcOffset::from_hms(crate::audit::VN_OFFSET_HOURS, 0, 0)
        .map_err(|_| corrupt("offset", &crate::audit::VN_OFFSET_HOURS.to_string()))?;
    let at = time::OffsetDateTime::from_unix_timestamp(unix)
        .map_err(|_| corrupt("actor.at", &unix.to_string()))?
        .to_offset(offset);
    Ok(PrimitiveDateTime::new(at.date(), at.time()))
}

/// The first and last day of `year` (the lists by year).
pub(crate) fn year_range(year: i32) -> Result<(Date, Date)> {
    let day = |m, d| Date::from_calendar_date(year, m, d).map_err(|_| StoreError::NotFound("year"));
    Ok((
        day(time::Month::January, 1)?,
        day(time::Month::December, 31)?,
    ))
}

/// Records `person`'s row of the roll call, replacing an earlier one.
pub(crate) async fn write_presence(
    conn: &mut Conn<'_>,
    id: MeetingId,
    person: PersonId,
    presence: &Presence,
) -> Result<()> {
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
        Json(presence)
    )?;
    Ok(())
}

/// What is prepared or called before and during the meeting (details, the thematic part, the
/// roll call) is no longer changed once it is closed or cancelled.
fn require_open(m: &MeetingRecord) -> Result<()> {
    if matches!(m.status, MeetingStatus::Closed | MeetingStatus::Cancelled) {
        return Err(MeetingError::NotInProgress(m.status.code()).into());
    }
    Ok(())
}

/// What is recorded live needs the meeting in progress.
fn require_in_progress(m: &MeetingRecord) -> Result<()> {
    if m.status != MeetingStatus::InProgress {
        return Err(MeetingError::NotInProgress(m.status.code()).into());
    }
    Ok(())
}

/// The cell's roster on the meeting's date.
async fn roster_of(conn: &mut Conn<'_>, m: &MeetingRecord) -> Result<CellRoster> {
    let records = load_cell_records(conn, m.org).await?;
    Ok(CellRoster::on(
        m.org,
        m.date,
        &records.members(),
        &records.placements,
        &records.statuses,
    ))
}

/// Refuses anyone of `people` not on the roster.
fn on_roster(roster: &CellRoster, people: impl IntoIterator<Item = PersonId>) -> Result<()> {
    for p in people {
        if !roster.entries.iter().any(|e| e.person == p) {
            return Err(MeetingError::NotOnRoster(p).into());
        }
    }
    Ok(())
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
    mode_json: Json<Mode>,
    chair_id: Option<i64>,
    preparer_id: Option<i64>,
    minute_taker_id: Option<i64>,
    presenter_id: Option<i64>,
    guests_json: Json<Vec<Guest>>,
    thematic_json: Json<Thematic>,
    quality_json: Option<Json<QualityRecord>>,
    ceremony_json: Option<Json<CeremonyAct>>,
    published_on: Option<Date>,
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
    method: String,
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
            kind: VoteSubject::from_code(&self.kind)
                .ok_or_else(|| corrupt("meeting_vote.kind", &self.kind))?,
            method: VoteMethod::from_code(&self.method)
                .ok_or_else(|| corrupt("meeting_vote.method", &self.method))?,
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
            "SELECT id, org_id, kind, meeting_date, planned_start, place, status, status_reason, version, agenda_json, \
             mode_json, chair_id, preparer_id, minute_taker_id, presenter_id, guests_json, thematic_json, quality_json, ceremony_json, published_on FROM meeting ",
            $rest
        )
    };
}

async fn fetch_meeting(conn: &mut Conn<'_>, id: MeetingId) -> Result<Option<MeetingRecord>> {
    fetch_meeting_parts(conn, id, true).await
}

/// A meeting with its roll call and, when `full`, its contributions, tasks and votes. A write
/// reads only what it checks (`full: false`): the lists it does not need cost a query each
/// inside the one writer's turn (SQLite admits one at a time).
async fn fetch_meeting_parts(
    conn: &mut Conn<'_>,
    id: MeetingId,
    full: bool,
) -> Result<Option<MeetingRecord>> {
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
    let (contributions, tasks, votes) = if full {
        fetch_lists(conn, id).await?
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
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
        mode: row.mode_json.0,
        officers: Officers {
            chair: row.chair_id.map(PersonId),
            preparer: row.preparer_id.map(PersonId),
            minute_taker: row.minute_taker_id.map(PersonId),
        },
        guests: row.guests_json.0,
        thematic: Thematic {
            presenter: row.presenter_id.map(PersonId),
            ..row.thematic_json.0
        },
        quality: row.quality_json.map(|q| q.0),
        ceremony: row.ceremony_json.map(|c| c.0),
        published_on: row.published_on,
        agenda: row.agenda_json.0,
        roll_call,
        contributions,
        tasks,
        votes,
    }))
}

/// The contributions, tasks (with owners) and votes of a meeting.
async fn fetch_lists(
    conn: &mut Conn<'_>,
    id: MeetingId,
) -> Result<(Vec<ContributionRecord>, Vec<TaskRecord>, Vec<VoteRecord>)> {
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
        "SELECT id, subject, kind, method, votes_for, votes_against, votes_abstain, denominator, breakdown_json, passed
         FROM meeting_vote WHERE meeting_id = $1 ORDER BY id",
        id.0
    )?;
    let votes = rows
        .into_iter()
        .map(VoteRow::into_record)
        .collect::<Result<Vec<_>>>()?;
    Ok((contributions, tasks, votes))
}

impl Store {
    pub async fn meeting(&self, id: MeetingId) -> Result<Option<MeetingRecord>> {
        let mut lease = self.lease().await?;
        fetch_meeting(&mut lease.conn(), id).await
    }

    /// Every meeting of `org` whatever its year, in date order: a practice group's sandbox
    /// cell (TRN-01), whose mock meetings are dated in the period of the guidance each
    /// practises, years apart. Not cached; a sandbox cell has a handful.
    pub async fn meetings_of_all_years(&self, org: OrgId) -> Result<Vec<MeetingSummary>> {
        let mut lease = self.lease().await?;
        let rows: Vec<MeetingRow> = q_all!(
            &mut lease.conn(),
            MeetingRow,
            select_meetings!("WHERE org_id = $1 ORDER BY meeting_date, id"),
            org.0
        )?;
        rows.iter().map(MeetingRow::summary).collect()
    }

    /// The meetings of `org` dated in `year`, by date. Cached until a meeting is created or
    /// changed (the warm cell page runs no query).
    pub async fn meetings_of(&self, org: OrgId, year: i32) -> Result<Vec<MeetingSummary>> {
        if let Some(hit) = self.caches.meeting_list(org, year) {
            return Ok(hit.as_ref().clone());
        }
        let gen = self.caches.meetings_generation();
        let (from, to) = year_range(year)?;
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
        let list: Vec<MeetingSummary> = rows
            .iter()
            .map(MeetingRow::summary)
            .collect::<Result<_>>()?;
        self.caches
            .put_meeting_list(gen, org, year, std::sync::Arc::new(list.clone()));
        Ok(list)
    }

    /// The tasks brought to a meeting of the cell dated `date` (its assessment step,
    /// MTG-ORD-04): every task of an earlier meeting not reviewed as done before that date
    /// — unfinished tasks roll forward until done. A review held at this meeting is listed
    /// with the task.
    pub async fn carried_tasks(&self, org: OrgId, date: Date) -> Result<Vec<CarriedTask>> {
        let mut lease = self.lease().await?;
        Ok(crate::tasks::cell_tasks(&mut lease.conn(), org, date)
            .await?
            .into_iter()
            .filter(|t| {
                crate::tasks::progress_before(t, date)
                    .is_none_or(chibo_domain::meeting::work::TaskProgress::is_open)
            })
            .collect())
    }

    /// MTG-FREQ-02: whether the cell has a thematic meeting or combined session, not
    /// cancelled, dated in the quarter of `date`.
    pub async fn thematic_in_quarter(&self, org: OrgId, date: Date) -> Result<bool> {
        let first = (date.month() as u8 - 1) / 3 * 3 + 1;
        let month = time::Month::try_from(first).map_err(|_| StoreError::NotFound("quarter"))?;
        let from = Date::from_calendar_date(date.year(), month, 1)
            .map_err(|_| StoreError::NotFound("quarter"))?;
        let last = month.next().next();
        let to = Date::from_calendar_date(date.year(), last, last.length(date.year()))
            .map_err(|_| StoreError::NotFound("quarter"))?;
        let mut lease = self.lease().await?;
        let found: Option<(i64,)> = q_opt!(
            &mut lease.conn(),
            (i64,),
            "SELECT id FROM meeting WHERE org_id = $1 AND meeting_date >= $2 AND meeting_date <= $3
             AND kind IN ('thematic', 'combined') AND status <> 'cancelled' LIMIT 1",
            org.0,
            from,
            to
        )?;
        Ok(found.is_some())
    }

    /// A file attached to a meeting.
    pub async fn meeting_file(&self, meeting: MeetingId, file: i64) -> Result<Option<MeetingFile>> {
        let mut lease = self.lease().await?;
        let row: Option<(i64, String, String, String, Vec<u8>)> = q_opt!(
            &mut lease.conn(),
            (i64, String, String, String, Vec<u8>),
            "SELECT id, purpose, file_name, content_type, body FROM meeting_file WHERE meeting_id = $1 AND id = $2",
            meeting.0,
            file
        )?;
        Ok(
            row.map(|(id, purpose, file_name, content_type, body)| MeetingFile {
                id,
                meeting,
                purpose,
                file_name,
                content_type,
                body,
            }),
        )
    }

    /// The latest draft file of a meeting, if any.
    pub async fn latest_draft_file(&self, meeting: MeetingId) -> Result<Option<i64>> {
        Ok(self.latest_draft(meeting).await?.map(|(id, _)| id))
    }

    /// The latest draft file of a meeting and the day it was attached, in Vietnam
    /// (MTG-PREP-04 judges a document attached after publishing by it).
    pub async fn latest_draft(&self, meeting: MeetingId) -> Result<Option<(i64, Date)>> {
        let mut lease = self.lease().await?;
        let row: Option<(i64, Stamp)> = q_opt!(
            &mut lease.conn(),
            (i64, Stamp),
            "SELECT id, created_at FROM meeting_file WHERE meeting_id = $1 AND purpose = 'thematic_draft' ORDER BY id DESC LIMIT 1",
            meeting.0
        )?;
        row.map(|(id, at)| Ok((id, local_time(at.0)?.date())))
            .transpose()
    }

    /// The minute-taker of a meeting and its status (the access layer grants the
    /// minute-taker's rights while the meeting is in progress).
    pub async fn meeting_minute_taker(
        &self,
        id: MeetingId,
    ) -> Result<Option<(Option<PersonId>, MeetingStatus)>> {
        let mut lease = self.lease().await?;
        let row: Option<(Option<i64>, String)> = q_opt!(
            &mut lease.conn(),
            (Option<i64>, String),
            "SELECT minute_taker_id, status FROM meeting WHERE id = $1",
            id.0
        )?;
        row.map(|(p, s)| {
            let status =
                MeetingStatus::from_code(&s).ok_or_else(|| corrupt("meeting.status", &s))?;
            Ok((p.map(PersonId), status))
        })
        .transpose()
    }

    /// ADM-CER-01..03, ADM-PRB-01: the ceremony that admitted `person` — the closed ceremony
    /// meeting (its minutes approved) whose act names them — with its date and act.
    pub async fn ceremony_of(
        &self,
        person: PersonId,
    ) -> Result<Option<(MeetingId, Date, CeremonyAct)>> {
        let mut lease = self.lease().await?;
        let row: Option<(i64, Date, Json<CeremonyAct>)> = q_opt!(
            &mut lease.conn(),
            (i64, Date, Json<CeremonyAct>),
            "SELECT id, meeting_date, ceremony_json FROM meeting
             WHERE new_member_id = $1 AND status = 'closed' AND ceremony_json IS NOT NULL
             ORDER BY meeting_date DESC, id DESC LIMIT 1",
            person.0
        )?;
        Ok(row.map(|(id, date, act)| (MeetingId(id), date, act.0)))
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
    /// The unit of work this repository writes in (for the minutes' writes, `minutes.rs`).
    pub(crate) fn uow(&mut self) -> &mut UnitOfWork {
        self.0
    }

    /// The meeting as this unit of work sees it (its own writes included).
    pub async fn get(&mut self, id: MeetingId) -> Result<Option<MeetingRecord>> {
        fetch_meeting(&mut self.0.conn(), id).await
    }

    /// Loads the meeting for a change — its head and roll call, not its contributions, tasks
    /// and votes (read them with [`Meetings::get`]) — checking `expected` (the version the
    /// caller read) when given, and bumps its version; returns the meeting as it was and its
    /// new version.
    pub(crate) async fn load_for_change(
        &mut self,
        id: MeetingId,
        expected: Option<i64>,
    ) -> Result<(MeetingRecord, i64)> {
        self.0.touch(|t| t.meetings = true);
        let conn = &mut self.0.conn();
        let before = fetch_meeting_parts(conn, id, false)
            .await?
            .ok_or(StoreError::NotFound("meeting"))?;
        let bumped: Option<(i64,)> = q_opt!(
            conn,
            (i64,),
            "UPDATE meeting SET version = version + 1 WHERE id = $1 AND ($2 IS NULL OR version = $2) RETURNING version",
            id.0,
            expected
        )?;
        match bumped {
            Some((version,)) => Ok((before, version)),
            None => {
                // The whole record as it is now, so the user sees what the other change was.
                let current = fetch_meeting(conn, id).await?.unwrap_or(before.clone());
                Err(StoreError::Stale {
                    entity: "meeting",
                    expected: expected.unwrap_or(before.version),
                    actual: before.version,
                    current: serde_json::to_value(&current)?,
                })
            }
        }
    }

    /// Creates a meeting, planned, with the agenda of the rule set in force on its date.
    pub async fn create(&mut self, draft: &MeetingDraft) -> Result<MeetingId> {
        self.0.touch(|t| t.meetings = true);
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
        let rules = rules_on(conn, draft.date).await?;
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
    /// cancellation or re-opening is kept. Closing ends the step being held. Minutes are
    /// approved in Meetings II: until then none is. Returns the status and the new version.
    pub async fn transition(
        &mut self,
        id: MeetingId,
        t: &Transition,
        at: Option<Time>,
        expected: Option<i64>,
    ) -> Result<(MeetingStatus, i64)> {
        let (before, version) = self.load_for_change(id, expected).await?;
        let approved = crate::minutes::fetch_minutes(&mut self.0.conn(), id)
            .await?
            .is_some();
        let status = before.status.apply(t, approved)?;
        let reason = match t {
            Transition::Postpone { reason }
            | Transition::Cancel { reason }
            | Transition::Reopen { reason } => Some(reason.trim().to_string()),
            _ => None,
        };
        let w = &mut *self.0;
        let mut agenda = before.agenda.clone();
        if matches!(t, Transition::Close) {
            let at = match at {
                Some(t) => PrimitiveDateTime::new(before.date, t),
                None => local_time(w.actor().at)?,
            };
            agenda.finish_running(at)?;
        }
        q_exec!(
            &mut w.conn(),
            "UPDATE meeting SET status = $1, status_reason = $2, agenda_json = $3 WHERE id = $4",
            status.code(),
            reason.as_deref(),
            Json(&agenda),
            id.0
        )?;
        // MTG-PREP-03/04: publishing dates the documents and tells the members and the
        // cell's liaison, in this unit of work.
        if matches!(t, Transition::Notify) {
            let now = w.actor().at;
            let today = local_time(now)?.date();
            q_exec!(
                &mut w.conn(),
                "UPDATE meeting SET published_on = $1 WHERE id = $2",
                today,
                id.0
            )?;
            crate::notices::notify_published(&mut w.conn(), &before, now).await?;
        }
        w.audit(
            AuditAction::MeetingTransition,
            &id.to_string(),
            Some(before.org),
            Some(json!({ "status": before.status })),
            Some(json!({ "status": status, "reason": reason })),
        )
        .await?;
        Ok((status, version))
    }

    /// The chair moves through the agenda ([`Agenda::apply`]) at the time of the request,
    /// or at `at` (a time on the meeting's date) when a meeting held on paper is entered
    /// afterwards; needs the meeting in progress. Returns the step concerned and the new
    /// version.
    pub async fn step(
        &mut self,
        id: MeetingId,
        action: &StepAction,
        at: Option<Time>,
        expected: Option<i64>,
    ) -> Result<(String, i64)> {
        let (before, version) = self.load_for_change(id, expected).await?;
        require_in_progress(&before)?;
        let w = &mut *self.0;
        let mut agenda = before.agenda.clone();
        let at = match at {
            Some(t) => PrimitiveDateTime::new(before.date, t),
            None => local_time(w.actor().at)?,
        };
        let code = agenda.apply(action, at)?;
        q_exec!(
            &mut w.conn(),
            "UPDATE meeting SET agenda_json = $1 WHERE id = $2",
            Json(&agenda),
            id.0
        )?;
        w.audit(
            AuditAction::MeetingStep,
            &id.to_string(),
            Some(before.org),
            before
                .agenda
                .steps()
                .iter()
                .find(|s| s.code == code)
                .map(|s| json!({ "step": s })),
            Some(
                json!({ "action": action, "step": agenda.steps().iter().find(|s| s.code == code) }),
            ),
        )
        .await?;
        Ok((code, version))
    }

    /// How the meeting is held and who runs it (MTG-ONL-01, MTG-PREP-01, MTG-ORD-01,
    /// MTG-ATT-05/06). Not once the meeting is closed or cancelled.
    pub async fn set_details(
        &mut self,
        id: MeetingId,
        details: &DetailsDraft,
        expected: Option<i64>,
    ) -> Result<i64> {
        let (before, version) = self.load_for_change(id, expected).await?;
        require_open(&before)?;
        let w = &mut *self.0;
        let conn = &mut w.conn();
        let roster = roster_of(conn, &before).await?;
        on_roster(&roster, details.officers.people())?;
        let o = &details.officers;
        q_exec!(
            conn,
            "UPDATE meeting SET mode_json = $1, chair_id = $2, preparer_id = $3, minute_taker_id = $4, guests_json = $5 WHERE id = $6",
            Json(&details.mode),
            o.chair.map(|p| p.0),
            o.preparer.map(|p| p.0),
            o.minute_taker.map(|p| p.0),
            Json(&details.guests),
            id.0
        )?;
        w.audit(
            AuditAction::MeetingDetails,
            &id.to_string(),
            Some(before.org),
            Some(json!({ "mode": before.mode, "officers": before.officers, "guests": before.guests })),
            Some(json!({ "mode": details.mode, "officers": details.officers, "guests": details.guests })),
        )
        .await?;
        Ok(version)
    }

    /// The thematic topic, its group, presenter (on the roster) and draft text. A change of
    /// the draft or presenter withdraws the approval (MTG-TH-01).
    pub async fn set_thematic(
        &mut self,
        id: MeetingId,
        draft: &ThematicDraft,
        expected: Option<i64>,
    ) -> Result<i64> {
        let (before, version) = self.load_for_change(id, expected).await?;
        require_open(&before)?;
        let w = &mut *self.0;
        let conn = &mut w.conn();
        let roster = roster_of(conn, &before).await?;
        on_roster(&roster, draft.presenter)?;
        if let Some(group) = &draft.topic_group {
            let rules = rules_on(conn, before.date).await?;
            if !rules.topic_groups().iter().any(|g| &g.code == group) {
                return Err(MeetingError::UnknownTopicGroup(group.clone()).into());
            }
        }
        let mut thematic = before.thematic.clone();
        thematic.revise(
            draft.topic.as_deref(),
            draft.topic_group.as_deref(),
            draft.presenter,
            draft.draft_text.as_deref(),
        );
        write_thematic(conn, id, &thematic).await?;
        w.audit(
            AuditAction::MeetingThematic,
            &id.to_string(),
            Some(before.org),
            Some(serde_json::to_value(&before.thematic)?),
            Some(serde_json::to_value(&thematic)?),
        )
        .await?;
        Ok(version)
    }

    /// ADM-CER-01..03: records (or replaces, while the ceremony is open) its one act. The
    /// new member is a person awaiting admission in this cell — their ceremony not yet
    /// held, and placed in or working at the cell — the helping member an official member
    /// on the roster of the ceremony's date (ADM-PRB-01), and the date within `last_day`
    /// (the ADM-CER-01 deadline, counted by the caller on the working-day calendar) unless
    /// the superior's agreement is recorded.
    pub async fn set_ceremony(
        &mut self,
        id: MeetingId,
        act: &CeremonyAct,
        last_day: Date,
        expected: Option<i64>,
    ) -> Result<i64> {
        let (before, version) = self.load_for_change(id, expected).await?;
        require_open(&before)?;
        if before.kind != MeetingKind::AdmissionCeremony {
            return Err(MeetingError::NotACeremony.into());
        }
        act.check_date(before.date, last_day)?;
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
        let helper_official = roster.entries.iter().any(|e| {
            e.person == act.helper && e.standing == chibo_domain::member::Standing::Official
        });
        if !helper_official {
            return Err(MeetingError::HelperNotOfficial(act.helper).into());
        }
        if !records.awaiting_admission(act.new_member, before.date) {
            return Err(MeetingError::NotACandidate(act.new_member).into());
        }
        q_exec!(
            conn,
            "UPDATE meeting SET new_member_id = $1, ceremony_json = $2 WHERE id = $3",
            act.new_member.0,
            Json(act),
            id.0
        )?;
        w.audit(
            AuditAction::MeetingCeremony,
            &id.to_string(),
            Some(before.org),
            before
                .ceremony
                .as_ref()
                .map(serde_json::to_value)
                .transpose()?,
            Some(serde_json::to_value(act)?),
        )
        .await?;
        Ok(version)
    }

    /// Attaches the presenter's draft as a file (replacing an earlier one); withdraws the
    /// approval. Returns the file id and the new version.
    pub async fn attach_draft_file(
        &mut self,
        id: MeetingId,
        file_name: &str,
        content_type: &str,
        body: &[u8],
    ) -> Result<(i64, i64)> {
        let (before, version) = self.load_for_change(id, None).await?;
        let mut thematic = before.thematic.clone();
        thematic.attach_file(file_name)?;
        let w = &mut *self.0;
        let at = w.actor().at;
        let conn = &mut w.conn();
        let (fid,): (i64,) = q_one!(
            conn,
            (i64,),
            "INSERT INTO meeting_file (meeting_id, purpose, file_name, content_type, body, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            id.0,
            "thematic_draft",
            file_name.trim(),
            content_type,
            body,
            Stamp(at)
        )?;
        write_thematic(conn, id, &thematic).await?;
        w.audit(
            AuditAction::MeetingDraftFile,
            &id.to_string(),
            Some(before.org),
            None,
            Some(json!({ "file": fid, "name": file_name.trim(), "content_type": content_type, "bytes": body.len() })),
        )
        .await?;
        Ok((fid, version))
    }

    /// MTG-TH-01: the secretary approves the draft ([`Thematic::approve`]), now or at `at`
    /// (an approval given on paper, entered afterwards).
    pub async fn approve_draft(
        &mut self,
        id: MeetingId,
        by: &str,
        at: Option<PrimitiveDateTime>,
        expected: Option<i64>,
    ) -> Result<i64> {
        let (before, version) = self.load_for_change(id, expected).await?;
        let w = &mut *self.0;
        let mut thematic = before.thematic.clone();
        let at = match at {
            Some(at) => at,
            None => local_time(w.actor().at)?,
        };
        thematic.approve(by, at)?;
        write_thematic(&mut w.conn(), id, &thematic).await?;
        w.audit(
            AuditAction::MeetingDraftApproval,
            &id.to_string(),
            Some(before.org),
            None,
            Some(serde_json::to_value(&thematic.approval)?),
        )
        .await?;
        Ok(version)
    }

    /// MTG-QA-*: stores the rating the secretary proposes, computed by the caller with
    /// [`QualityRecord::propose`] under the rule set and settings of the meeting's date, and
    /// the superior delegate's confirmation when given. Needs the meeting in progress.
    pub async fn set_quality(
        &mut self,
        id: MeetingId,
        quality: &QualityRecord,
        expected: Option<i64>,
    ) -> Result<i64> {
        let (before, version) = self.load_for_change(id, expected).await?;
        require_in_progress(&before)?;
        let mut quality = quality.clone();
        if let Some(name) = quality.confirmed_by.take() {
            quality.confirm(&before.guests, &name)?;
        }
        let w = &mut *self.0;
        q_exec!(
            &mut w.conn(),
            "UPDATE meeting SET quality_json = $1 WHERE id = $2",
            Json(&quality),
            id.0
        )?;
        w.audit(
            AuditAction::MeetingQuality,
            &id.to_string(),
            Some(before.org),
            before
                .quality
                .as_ref()
                .map(serde_json::to_value)
                .transpose()?,
            Some(serde_json::to_value(&quality)?),
        )
        .await?;
        Ok(version)
    }

    /// Records how `person` attended (MTG-ATT-07). Only people on the cell's roster on the
    /// meeting's date are called; absences may be recorded before the meeting, nothing once
    /// it is closed or cancelled.
    pub async fn set_attendance(
        &mut self,
        id: MeetingId,
        person: PersonId,
        presence: Presence,
        expected: Option<i64>,
    ) -> Result<i64> {
        let presence = presence.checked()?;
        let (before, version) = self.load_for_change(id, expected).await?;
        require_open(&before)?;
        let w = &mut *self.0;
        let conn = &mut w.conn();
        let roster = roster_of(conn, &before).await?;
        if !roster.entries.iter().any(|e| e.person == person) {
            return Err(StoreError::NotFound("person"));
        }
        write_presence(conn, id, person, &presence).await?;
        let was = before.roll_call.get(person).cloned();
        w.audit(
            AuditAction::MeetingAttendance,
            &id.to_string(),
            Some(before.org),
            was.map(|p| json!({ "person": person, "presence": p })),
            Some(json!({ "person": person, "presence": presence })),
        )
        .await?;
        Ok(version)
    }

    /// A member tells the cell beforehand why they will be absent (design/access.md): their
    /// own row of the roll call, before the meeting starts, as an absence with a reason the
    /// committee has not yet accepted (it decides at the roll call).
    pub async fn excuse_own_absence(
        &mut self,
        id: MeetingId,
        person: PersonId,
        why: &str,
    ) -> Result<i64> {
        let reason = why.trim();
        if reason.is_empty() {
            return Err(MeetingError::ReasonRequired.into());
        }
        let (before, version) = self.load_for_change(id, None).await?;
        if !matches!(
            before.status,
            MeetingStatus::Planned | MeetingStatus::Notified | MeetingStatus::Postponed
        ) {
            return Err(MeetingError::Transition {
                from: before.status.code(),
                to: "excused",
            }
            .into());
        }
        let w = &mut *self.0;
        let conn = &mut w.conn();
        let roster = roster_of(conn, &before).await?;
        if !roster
            .entries
            .iter()
            .any(|e| e.person == person && e.is_summoned())
        {
            return Err(MeetingError::NotOnRoster(person).into());
        }
        let presence = Presence::Absent {
            reason: Some(reason.to_string()),
            accepted: false,
        };
        write_presence(conn, id, person, &presence).await?;
        w.audit(
            AuditAction::MeetingAttendance,
            &id.to_string(),
            Some(before.org),
            before
                .roll_call
                .get(person)
                .map(|p| json!({ "person": person, "presence": p })),
            Some(json!({ "person": person, "presence": presence, "by": "self" })),
        )
        .await?;
        Ok(version)
    }

    /// Records a contribution tied to an agenda step of the meeting in progress; a member
    /// speaking is someone on the roster. Returns its id and the new version.
    pub async fn add_contribution(
        &mut self,
        id: MeetingId,
        contribution: &Contribution,
    ) -> Result<(i64, i64)> {
        let (before, version) = self.load_for_change(id, None).await?;
        require_in_progress(&before)?;
        if !before
            .agenda
            .steps()
            .iter()
            .any(|s| s.code == contribution.step)
        {
            return Err(MeetingError::UnknownStep(contribution.step.clone()).into());
        }
        let w = &mut *self.0;
        let at = w.actor().at;
        let conn = &mut w.conn();
        if let Speaker::Person { person } = contribution.speaker {
            on_roster(&roster_of(conn, &before).await?, [person])?;
        }
        let (cid,): (i64,) = q_one!(
            conn,
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
        Ok((cid, version))
    }

    /// Records a task (MTG-ORD-06/08): text, owners on the roster and a deadline after the
    /// meeting, tied to an agenda step. Returns its id and the new version.
    pub async fn add_task(
        &mut self,
        id: MeetingId,
        step: &str,
        text: &str,
        owners: Vec<PersonId>,
        deadline: Date,
    ) -> Result<(i64, i64)> {
        let (before, version) = self.load_for_change(id, None).await?;
        require_in_progress(&before)?;
        let task = Task::new(step, text, owners, deadline, before.date)?;
        if !before.agenda.steps().iter().any(|s| s.code == task.step) {
            return Err(MeetingError::UnknownStep(task.step).into());
        }
        let w = &mut *self.0;
        let at = w.actor().at;
        let conn = &mut w.conn();
        on_roster(
            &roster_of(conn, &before).await?,
            task.owners.iter().copied(),
        )?;
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
        Ok((tid, version))
    }

    /// Counts and records a vote ([`vote::count`]) at the meeting in progress: the
    /// denominator from the cell's roster on the meeting's date, the roll call and the rule
    /// set of that date (MTG-ATT-03/12); more votes than members present who may vote are
    /// refused (MTG-ATT-01); the method must suit the subject (CHR-VOTE-02). Returns the
    /// vote and the new version.
    pub async fn record_vote(
        &mut self,
        id: MeetingId,
        draft: &VoteDraft,
    ) -> Result<(VoteRecord, i64)> {
        let subject = draft.subject.trim().to_string();
        if subject.is_empty() {
            return Err(MeetingError::ReasonRequired.into());
        }
        let method = draft.method.unwrap_or(draft.kind.default_method());
        draft.kind.check_method(method)?;
        let (before, version) = self.load_for_change(id, None).await?;
        require_in_progress(&before)?;
        let w = &mut *self.0;
        let at = w.actor().at;
        let conn = &mut w.conn();
        let rules = rules_on(conn, before.date).await?;
        let result = if before.kind == MeetingKind::Committee {
            // MTG-ATT-11: the committee's own meeting counts its sitting members.
            let records = load_cell_records(conn, before.org).await?;
            let sitting: Vec<(PersonId, chibo_domain::member::Attendance)> = records
                .roles
                .iter()
                .filter(|r| r.org == before.org && r.role.is_committee_seat())
                .filter(|r| r.period.contains(before.date))
                .map(|r| (r.person, before.roll_call.attendance(r.person)))
                .collect();
            vote::count_at_committee(&rules, draft.kind.decision(), &sitting, draft.tally)?
        } else {
            let roster = roster_of(conn, &before).await?;
            let summoned = roster.summoned(|p| before.roll_call.attendance(p));
            vote::count(&rules, draft.kind.decision(), &summoned, draft.tally)?
        };
        let denominator = result.breakdown.denominator;
        let (vid,): (i64,) = q_one!(
            conn,
            (i64,),
            "INSERT INTO meeting_vote (meeting_id, subject, kind, method, votes_for, votes_against, votes_abstain, denominator, breakdown_json, passed, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
            id.0,
            &subject,
            draft.kind.code(),
            method.code(),
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
            method,
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
        Ok((record, version))
    }
}

/// Stores the thematic part: the presenter in its own column (a person the database knows),
/// the rest as the domain's value.
async fn write_thematic(conn: &mut Conn<'_>, id: MeetingId, thematic: &Thematic) -> Result<()> {
    let rest = Thematic {
        presenter: None,
        ..thematic.clone()
    };
    q_exec!(
        conn,
        "UPDATE meeting SET presenter_id = $1, thematic_json = $2 WHERE id = $3",
        thematic.presenter.map(|p| p.0),
        Json(&rest),
        id.0
    )?;
    Ok(())
}
