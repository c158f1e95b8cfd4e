//! Follow-up of a cell's tasks (Meetings II): each task a meeting assigned, reviewed at later
//! meetings (done, in progress, not done with a comment). A task whose latest review is not
//! "done" is open: it rolls forward to every next meeting's assessment step until it is.

use std::collections::BTreeMap;

use chibo_domain::meeting::work::{Task, TaskProgress, TaskReview};
use chibo_domain::meeting::{MeetingError, MeetingStatus};
use chibo_domain::{MeetingId, OrgId, PersonId};
use serde::Serialize;
use serde_json::json;
use time::Date;

use crate::audit::AuditAction;
use crate::codec::corrupt;
use crate::db::{q_all, q_exec, q_opt, Conn};
use crate::meetings::{CarriedTask, Meetings, TaskRecord};
use crate::stamp::Stamp;
use crate::{Result, Store, StoreError};

/// One review of a task, at the meeting that held it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskReviewRecord {
    pub meeting: MeetingId,
    pub meeting_date: Date,
    #[serde(flatten)]
    pub review: TaskReview,
}

/// Every task of the cell's meetings dated before `before` (cancelled meetings aside), with
/// its reviews in the order held.
pub(crate) async fn cell_tasks(
    conn: &mut Conn<'_>,
    org: OrgId,
    before: Date,
) -> Result<Vec<CarriedTask>> {
    let rows: Vec<(i64, i64, Date, String, String, Date)> = q_all!(
        conn,
        (i64, i64, Date, String, String, Date),
        "SELECT t.id, t.meeting_id, m.meeting_date, t.step, t.body, t.deadline
         FROM meeting_task t JOIN meeting m ON m.id = t.meeting_id
         WHERE m.org_id = $1 AND m.meeting_date < $2 AND m.status <> 'cancelled'
         ORDER BY m.meeting_date, t.id",
        org.0,
        before
    )?;
    let owners: Vec<(i64, i64)> = q_all!(
        conn,
        (i64, i64),
        "SELECT o.task_id, o.person_id FROM meeting_task_owner o
         JOIN meeting_task t ON t.id = o.task_id JOIN meeting m ON m.id = t.meeting_id
         WHERE m.org_id = $1 AND m.meeting_date < $2 ORDER BY o.task_id, o.person_id",
        org.0,
        before
    )?;
    let reviews: Vec<(i64, i64, Date, String, Option<String>)> = q_all!(
        conn,
        (i64, i64, Date, String, Option<String>),
        "SELECT r.task_id, r.meeting_id, rm.meeting_date, r.progress, r.comment
         FROM meeting_task_review r JOIN meeting_task t ON t.id = r.task_id
         JOIN meeting m ON m.id = t.meeting_id JOIN meeting rm ON rm.id = r.meeting_id
         WHERE m.org_id = $1 AND m.meeting_date < $2 ORDER BY rm.meeting_date, r.id",
        org.0,
        before
    )?;
    let mut by_task: BTreeMap<i64, Vec<PersonId>> = BTreeMap::new();
    for (t, p) in owners {
        by_task.entry(t).or_default().push(PersonId(p));
    }
    let mut reviewed: BTreeMap<i64, Vec<TaskReviewRecord>> = BTreeMap::new();
    for (t, m, d, progress, comment) in reviews {
        let progress = TaskProgress::from_code(&progress)
            .ok_or_else(|| corrupt("meeting_task_review.progress", &progress))?;
        reviewed.entry(t).or_default().push(TaskReviewRecord {
            meeting: MeetingId(m),
            meeting_date: d,
            review: TaskReview { progress, comment },
        });
    }
    Ok(rows
        .into_iter()
        .map(|(id, meeting, date, step, text, deadline)| CarriedTask {
            meeting: MeetingId(meeting),
            meeting_date: date,
            task: TaskRecord {
                id,
                task: Task {
                    step,
                    text,
                    owners: by_task.remove(&id).unwrap_or_default(),
                    deadline,
                },
            },
            reviews: reviewed.remove(&id).unwrap_or_default(),
        })
        .collect())
}

/// The latest progress recorded for a task at a meeting dated before `date`.
pub fn progress_before(task: &CarriedTask, date: Date) -> Option<TaskProgress> {
    task.reviews
        .iter()
        .rev()
        .find(|r| r.meeting_date < date)
        .map(|r| r.review.progress)
}

impl Store {
    /// The cell's open tasks: assigned by any meeting, not yet reviewed as done.
    /// Cached until a meeting changes (the warm cell page runs no query).
    pub async fn open_tasks(&self, org: OrgId) -> Result<Vec<CarriedTask>> {
        if let Some(hit) = self.caches.open_tasks(org) {
            return Ok(hit.as_ref().clone());
        }
        let gen = self.caches.meetings_generation();
        let mut lease = self.lease().await?;
        let far = Date::MAX;
        let list: Vec<CarriedTask> = cell_tasks(&mut lease.conn(), org, far)
            .await?
            .into_iter()
            .filter(|t| t.reviews.last().is_none_or(|r| r.review.progress.is_open()))
            .collect();
        self.caches
            .put_open_tasks(gen, org, std::sync::Arc::new(list.clone()));
        Ok(list)
    }
}

impl Meetings<'_> {
    /// A meeting in progress reviews a task of an earlier meeting of its cell (the
    /// assessment of last month, MTG-ORD-04); a second review at the same meeting replaces
    /// the first. Returns the meeting's new version.
    pub async fn review_task(
        &mut self,
        id: MeetingId,
        task: i64,
        review: &TaskReview,
    ) -> Result<i64> {
        let (before, version) = self.load_for_change(id, None).await?;
        if before.status != MeetingStatus::InProgress {
            return Err(MeetingError::NotInProgress(before.status.code()).into());
        }
        let w = self.uow();
        let at = w.actor().at;
        let conn = &mut w.conn();
        let origin: Option<(i64, Date)> = q_opt!(
            conn,
            (i64, Date),
            "SELECT m.org_id, m.meeting_date FROM meeting_task t JOIN meeting m ON m.id = t.meeting_id WHERE t.id = $1",
            task
        )?;
        match origin {
            Some((org, date)) if org == before.org.0 && date < before.date => {}
            _ => return Err(StoreError::NotFound("task")),
        }
        q_exec!(
            conn,
            "DELETE FROM meeting_task_review WHERE task_id = $1 AND meeting_id = $2",
            task,
            id.0
        )?;
        q_exec!(
            conn,
            "INSERT INTO meeting_task_review (task_id, meeting_id, progress, comment, reviewed_at)
             VALUES ($1, $2, $3, $4, $5)",
            task,
            id.0,
            review.progress.code(),
            review.comment.as_deref(),
            Stamp(at)
        )?;
        w.audit(
            AuditAction::MeetingTaskReview,
            &id.to_string(),
            Some(before.org),
            None,
            Some(json!({ "task": task, "review": review })),
        )
        .await?;
        Ok(version)
    }
}

impl Store {
    /// MTG-ATT-08: the attendance recorded at the cell's meetings held (closed) in `year`,
    /// person by person, for counting months of unexcused absence. Cached until a meeting
    /// changes (the warm cell page runs no query).
    pub async fn attendance_history(
        &self,
        org: OrgId,
        year: i32,
    ) -> Result<Vec<chibo_domain::meeting::roll_call::AttendanceRecord>> {
        if let Some(hit) = self.caches.attendance(org, year) {
            return Ok(hit.as_ref().clone());
        }
        let gen = self.caches.meetings_generation();
        let list = self.load_attendance_history(org, year).await?;
        self.caches
            .put_attendance(gen, org, year, std::sync::Arc::new(list.clone()));
        Ok(list)
    }

    /// MTG-ATT-08 across a subtree, in one query over the ancestor table: the attendance
    /// recorded at the meetings held (closed) in `year` by every organisation under `root`
    /// on `date`, tagged with the meeting's organisation.
    pub async fn subtree_attendance_history(
        &self,
        root: OrgId,
        date: Date,
        year: i32,
    ) -> Result<Vec<(OrgId, chibo_domain::meeting::roll_call::AttendanceRecord)>> {
        use chibo_domain::meeting::roll_call::{AttendanceRecord, Presence};
        let (from, to) = crate::meetings::year_range(year)?;
        let mut lease = self.lease().await?;
        let rows: Vec<(i64, Date, String, i64, sqlx::types::Json<Presence>)> = q_all!(
            &mut lease.conn(),
            (i64, Date, String, i64, sqlx::types::Json<Presence>),
            "SELECT m.org_id, m.meeting_date, m.kind, a.person_id, a.presence_json
             FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id
             WHERE m.meeting_date >= $2 AND m.meeting_date <= $3 AND m.status = 'closed'
               AND m.org_id IN (SELECT org_id FROM org_ancestor WHERE ancestor_id = $1
                                  AND valid_from <= $4 AND (valid_until IS NULL OR valid_until >= $4))
             ORDER BY m.org_id, m.meeting_date, a.person_id",
            root.0,
            from,
            to,
            date
        )?;
        rows.into_iter()
            .map(|(org, date, kind, person, presence)| {
                Ok((
                    OrgId(org),
                    AttendanceRecord {
                        date,
                        kind: chibo_domain::ruleset::MeetingKind::from_code(&kind)
                            .ok_or_else(|| corrupt("meeting.kind", &kind))?,
                        person: PersonId(person),
                        unexcused: presence.0.is_unexcused(),
                    },
                ))
            })
            .collect()
    }

    async fn load_attendance_history(
        &self,
        org: OrgId,
        year: i32,
    ) -> Result<Vec<chibo_domain::meeting::roll_call::AttendanceRecord>> {
        use chibo_domain::meeting::roll_call::{AttendanceRecord, Presence};
        let (from, to) = crate::meetings::year_range(year)?;
        let mut lease = self.lease().await?;
        let rows: Vec<(Date, String, i64, sqlx::types::Json<Presence>)> = q_all!(
            &mut lease.conn(),
            (Date, String, i64, sqlx::types::Json<Presence>),
            "SELECT m.meeting_date, m.kind, a.person_id, a.presence_json
             FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id
             WHERE m.org_id = $1 AND m.meeting_date >= $2 AND m.meeting_date <= $3 AND m.status = 'closed'
             ORDER BY m.meeting_date, a.person_id",
            org.0,
            from,
            to
        )?;
        rows.into_iter()
            .map(|(date, kind, person, presence)| {
                Ok(AttendanceRecord {
                    date,
                    kind: chibo_domain::ruleset::MeetingKind::from_code(&kind)
                        .ok_or_else(|| corrupt("meeting.kind", &kind))?,
                    person: PersonId(person),
                    unexcused: presence.0.is_unexcused(),
                })
            })
            .collect()
    }
}

/// One meeting a person was called to: the meeting, its cell, date, kind, status and how
/// they attended.
pub type PersonAttendance = (
    MeetingId,
    OrgId,
    Date,
    chibo_domain::ruleset::MeetingKind,
    MeetingStatus,
    chibo_domain::meeting::roll_call::Presence,
);

impl Store {
    /// A person's attendance recorded at meetings of `year`, in date order.
    pub async fn person_attendance(
        &self,
        person: PersonId,
        year: i32,
    ) -> Result<Vec<PersonAttendance>> {
        use chibo_domain::meeting::roll_call::Presence;
        let (from, to) = crate::meetings::year_range(year)?;
        let mut lease = self.lease().await?;
        let rows: Vec<(i64, i64, Date, String, String, sqlx::types::Json<Presence>)> = q_all!(
            &mut lease.conn(),
            (i64, i64, Date, String, String, sqlx::types::Json<Presence>),
            "SELECT m.id, m.org_id, m.meeting_date, m.kind, m.status, a.presence_json
             FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id
             WHERE a.person_id = $1 AND m.meeting_date >= $2 AND m.meeting_date <= $3
             ORDER BY m.meeting_date, m.id",
            person.0,
            from,
            to
        )?;
        rows.into_iter()
            .map(|(id, org, date, kind, status, presence)| {
                Ok((
                    MeetingId(id),
                    OrgId(org),
                    date,
                    chibo_domain::ruleset::MeetingKind::from_code(&kind)
                        .ok_or_else(|| corrupt("meeting.kind", &kind))?,
                    MeetingStatus::from_code(&status)
                        .ok_or_else(|| corrupt("meeting.status", &status))?,
                    presence.0,
                ))
            })
            .collect()
    }

    /// The cell's minutes book: its meetings of `year` whose minutes were approved, by date,
    /// with each snapshot's hash and the number of addenda.
    pub async fn minutes_book(&self, org: OrgId, year: i32) -> Result<Vec<MinutesBookEntry>> {
        let (from, to) = crate::meetings::year_range(year)?;
        let mut lease = self.lease().await?;
        let rows: Vec<(i64, Date, String, String, i64, Stamp, i64)> = q_all!(
            &mut lease.conn(),
            (i64, Date, String, String, i64, Stamp, i64),
            "SELECT m.id, m.meeting_date, m.kind, n.content_hash, n.schema_version, n.approved_at,
                    (SELECT COUNT(*) FROM meeting_addendum d WHERE d.meeting_id = m.id)
             FROM meeting_minutes n JOIN meeting m ON m.id = n.meeting_id
             WHERE m.org_id = $1 AND m.meeting_date >= $2 AND m.meeting_date <= $3
             ORDER BY m.meeting_date, m.id",
            org.0,
            from,
            to
        )?;
        rows.into_iter()
            .map(|(id, date, kind, hash, version, at, addenda)| {
                Ok(MinutesBookEntry {
                    meeting: MeetingId(id),
                    date,
                    kind: chibo_domain::ruleset::MeetingKind::from_code(&kind)
                        .ok_or_else(|| corrupt("meeting.kind", &kind))?,
                    content_hash: hash,
                    schema_version: u32::try_from(version).map_err(|_| {
                        corrupt("meeting_minutes.schema_version", &version.to_string())
                    })?,
                    approved_at: at.0,
                    addenda: u32::try_from(addenda).unwrap_or(u32::MAX),
                })
            })
            .collect()
    }
}

/// One approved minutes in a cell's minutes book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MinutesBookEntry {
    pub meeting: MeetingId,
    pub date: Date,
    pub kind: chibo_domain::ruleset::MeetingKind,
    pub content_hash: String,
    pub schema_version: u32,
    pub approved_at: i64,
    pub addenda: u32,
}
