//! In-app notices (Meetings II, MTG-PREP-03): publishing a meeting tells every member on the
//! cell's roster on its date and the superior committee member assigned to follow the cell
//! (`org_liaison`). Notices are written in the unit of work that publishes the meeting, so a
//! published meeting always has them; each person reads theirs on the home page.

use chibo_domain::member::CellRoster;
use chibo_domain::ruleset::MeetingKind;
use chibo_domain::{MeetingId, OrgId, PersonId};
use serde::Serialize;
use serde_json::json;
use time::Date;

use crate::audit::AuditAction;
use crate::codec::corrupt;
use crate::db::{q_all, q_exec, q_opt, Conn};
use crate::meetings::MeetingRecord;
use crate::people::load_cell_records;
use crate::stamp::Stamp;
use crate::{Result, Store, StoreError, UnitOfWork};

/// What a notice is about.
pub const MEETING_PUBLISHED: &str = "meeting_published";

/// A notice as its reader sees it: the meeting it is about, enough to say which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeRecord {
    pub id: i64,
    pub kind: String,
    pub meeting: MeetingId,
    pub org: OrgId,
    pub meeting_kind: MeetingKind,
    pub meeting_date: Date,
    pub planned_start: Option<String>,
    pub place: String,
    pub created_at: i64,
    pub read: bool,
}

/// The most notices a home page lists.
pub const NOTICES_SHOWN: i64 = 20;

impl Store {
    /// The newest notices of `person` (unread first), at most [`NOTICES_SHOWN`].
    pub async fn notices_for(&self, person: PersonId) -> Result<Vec<NoticeRecord>> {
        let mut lease = self.lease().await?;
        type Row = (
            i64,
            String,
            i64,
            i64,
            String,
            Date,
            Option<String>,
            String,
            Stamp,
            Option<Stamp>,
        );
        let rows: Vec<Row> = q_all!(
            &mut lease.conn(),
            Row,
            "SELECT n.id, n.kind, m.id, m.org_id, m.kind, m.meeting_date, m.planned_start, m.place,
                    n.created_at, n.read_at
             FROM notice n JOIN meeting m ON m.id = n.meeting_id
             WHERE n.person_id = $1
             ORDER BY (n.read_at IS NULL) DESC, n.id DESC LIMIT $2",
            person.0,
            NOTICES_SHOWN
        )?;
        rows.into_iter()
            .map(
                |(id, kind, meeting, org, mkind, date, start, place, created, read)| {
                    Ok(NoticeRecord {
                        id,
                        kind,
                        meeting: MeetingId(meeting),
                        org: OrgId(org),
                        meeting_kind: MeetingKind::from_code(&mkind)
                            .ok_or_else(|| corrupt("meeting.kind", &mkind))?,
                        meeting_date: date,
                        planned_start: start,
                        place,
                        created_at: created.0,
                        read: read.is_some(),
                    })
                },
            )
            .collect()
    }

    /// MTG-PREP-03: the superior committee member assigned to follow `org`, and since when.
    pub async fn liaison(&self, org: OrgId) -> Result<Option<(PersonId, Date)>> {
        let mut lease = self.lease().await?;
        let row: Option<(i64, Date)> = q_opt!(
            &mut lease.conn(),
            (i64, Date),
            "SELECT person_id, since FROM org_liaison WHERE org_id = $1",
            org.0
        )?;
        Ok(row.map(|(p, d)| (PersonId(p), d)))
    }
}

/// MTG-PREP-03: in the publishing unit of work, one notice to each person on the roster of
/// the meeting's date (the committee's sitting members for its own meeting are among them)
/// and to the cell's liaison. Returns how many were written.
pub(crate) async fn notify_published(
    conn: &mut Conn<'_>,
    meeting: &MeetingRecord,
    at: i64,
) -> Result<usize> {
    let records = load_cell_records(conn, meeting.org).await?;
    let roster = CellRoster::on(
        meeting.org,
        meeting.date,
        &records.members(),
        &records.placements,
        &records.statuses,
    );
    let mut people: Vec<i64> = roster.entries.iter().map(|e| e.person.0).collect();
    let liaison: Option<(i64,)> = q_opt!(
        conn,
        (i64,),
        "SELECT person_id FROM org_liaison WHERE org_id = $1",
        meeting.org.0
    )?;
    people.extend(liaison.map(|(p,)| p));
    people.sort_unstable();
    people.dedup();
    for person in &people {
        q_exec!(
            conn,
            "INSERT INTO notice (person_id, meeting_id, kind, created_at) VALUES ($1, $2, $3, $4)",
            *person,
            meeting.id.0,
            MEETING_PUBLISHED,
            Stamp(at)
        )?;
    }
    Ok(people.len())
}

/// Writes about notices and liaisons inside a unit of work.
pub struct Notices<'u>(&'u mut UnitOfWork);

impl UnitOfWork {
    pub fn notices(&mut self) -> Notices<'_> {
        Notices(self)
    }
}

impl Notices<'_> {
    /// Marks `person`'s unread notices read — those in `ids`, or all — and returns how
    /// many. Another person's notice is never touched (its id simply does not match).
    pub async fn mark_read(&mut self, person: PersonId, ids: Option<&[i64]>) -> Result<u64> {
        let w = &mut *self.0;
        let at = w.actor().at;
        let unread: Vec<(i64,)> = q_all!(
            &mut w.conn(),
            (i64,),
            "SELECT id FROM notice WHERE person_id = $1 AND read_at IS NULL ORDER BY id",
            person.0
        )?;
        let chosen: Vec<i64> = unread
            .into_iter()
            .map(|(id,)| id)
            .filter(|id| ids.is_none_or(|ids| ids.contains(id)))
            .collect();
        if chosen.is_empty() {
            return Ok(0);
        }
        for id in &chosen {
            q_exec!(
                &mut w.conn(),
                "UPDATE notice SET read_at = $1 WHERE id = $2",
                Stamp(at),
                *id
            )?;
        }
        let user = w.actor().user.map(|u| u.0.to_string()).unwrap_or_default();
        w.audit(
            AuditAction::NoticeRead,
            &user,
            None,
            None,
            Some(json!({ "notices": chosen })),
        )
        .await?;
        Ok(chosen.len() as u64)
    }

    /// MTG-PREP-03: assigns the superior committee member who follows `org` (replacing the
    /// previous one), from `since`.
    pub async fn set_liaison(&mut self, org: OrgId, person: PersonId, since: Date) -> Result<()> {
        let w = &mut *self.0;
        let conn = &mut w.conn();
        let exists: Option<(i64,)> = q_opt!(
            conn,
            (i64,),
            "SELECT id FROM person WHERE id = $1",
            person.0
        )?;
        if exists.is_none() {
            return Err(StoreError::NotFound("person"));
        }
        let before: Option<(i64, Date)> = q_opt!(
            conn,
            (i64, Date),
            "SELECT person_id, since FROM org_liaison WHERE org_id = $1",
            org.0
        )?;
        q_exec!(conn, "DELETE FROM org_liaison WHERE org_id = $1", org.0)?;
        q_exec!(
            conn,
            "INSERT INTO org_liaison (org_id, person_id, since) VALUES ($1, $2, $3)",
            org.0,
            person.0,
            since
        )?;
        w.audit(
            AuditAction::OrgLiaison,
            &org.to_string(),
            Some(org),
            before.map(|(p, d)| json!({ "person": p, "since": d })),
            Some(json!({ "person": person.0, "since": since })),
        )
        .await?;
        Ok(())
    }
}
