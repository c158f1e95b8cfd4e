//! Approved minutes (Meetings II): one frozen snapshot per meeting with its schema version
//! and content hash, addenda approved after it, and the minute-taker's wording edits before
//! approval. The database itself refuses any change to an approved snapshot or addendum
//! (triggers `meeting_minutes_no_update` … on both backends), so no code path — this one, a
//! future one, or a person at the SQL prompt — can alter what the cell approved.

use chibo_domain::meeting::minutes::{Addendum, Minutes, WordingEdit};
use chibo_domain::meeting::{MeetingError, MeetingStatus};
use chibo_domain::MeetingId;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::types::Json;
use time::Date;

use crate::audit::AuditAction;
use crate::codec::corrupt;
use crate::db::{q_all, q_exec, q_one, q_opt, Conn};
use crate::meetings::Meetings;
use crate::stamp::Stamp;
use crate::{Result, Store, StoreError};

/// How the minutes were approved: the vote as counted and who signed (MTG-MIN-01/04: the
/// minute-taker and the chair).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub votes_for: u32,
    pub against: u32,
    pub abstain: u32,
    pub denominator: u32,
    pub minute_taker: Option<String>,
    pub chair: Option<String>,
    /// The user who recorded the approval, as shown.
    pub recorded_by: String,
}

/// Approved minutes as stored, with their addenda.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MinutesRecord {
    pub meeting: MeetingId,
    pub schema_version: u32,
    /// SHA-256 of [`Minutes::canonical_bytes`], hex; checked again on every read.
    pub content_hash: String,
    pub minutes: Minutes,
    pub approval: Approval,
    /// Unix seconds.
    pub approved_at: i64,
    pub addenda: Vec<AddendumRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddendumRecord {
    pub id: i64,
    #[serde(flatten)]
    pub addendum: Addendum,
}

/// The content hash of a snapshot.
pub fn content_hash(minutes: &Minutes) -> Result<String> {
    let digest = Sha256::digest(minutes.canonical_bytes()?);
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

fn u32_of(column: &'static str, n: i64) -> Result<u32> {
    u32::try_from(n).map_err(|_| corrupt(column, &n.to_string()))
}

/// schema_version, body, content_hash, approval, approved_at.
type MinutesRow = (i64, Json<serde_json::Value>, String, Json<Approval>, Stamp);

pub(crate) async fn fetch_minutes(
    conn: &mut Conn<'_>,
    id: MeetingId,
) -> Result<Option<MinutesRecord>> {
    let row: Option<MinutesRow> = q_opt!(
            conn,
            MinutesRow,
            "SELECT schema_version, body_json, content_hash, approval_json, approved_at FROM meeting_minutes WHERE meeting_id = $1",
            id.0
        )?;
    let Some((version, body, hash, approval, at)) = row else {
        return Ok(None);
    };
    let version = u32_of("meeting_minutes.schema_version", version)?;
    let minutes = Minutes::from_stored(version, &body.0.to_string())
        .map_err(|e| corrupt("meeting_minutes.body_json", &e.to_string()))?;
    if content_hash(&minutes)? != hash {
        return Err(corrupt("meeting_minutes.content_hash", &hash));
    }
    let rows: Vec<(i64, String, Date, i64, i64)> = q_all!(
        conn,
        (i64, String, Date, i64, i64),
        "SELECT id, body, approved_on, votes_for, denominator FROM meeting_addendum WHERE meeting_id = $1 ORDER BY id",
        id.0
    )?;
    let addenda = rows
        .into_iter()
        .map(|(aid, text, approved_on, votes_for, denominator)| {
            Ok(AddendumRecord {
                id: aid,
                addendum: Addendum {
                    text,
                    approved_on,
                    votes_for: u32_of("meeting_addendum.votes_for", votes_for)?,
                    denominator: u32_of("meeting_addendum.denominator", denominator)?,
                },
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Some(MinutesRecord {
        meeting: id,
        schema_version: version,
        content_hash: hash,
        minutes,
        approval: approval.0,
        approved_at: at.0,
        addenda,
    }))
}

impl Store {
    /// The approved minutes of a meeting with their addenda; the hash is checked on read.
    pub async fn minutes(&self, id: MeetingId) -> Result<Option<MinutesRecord>> {
        let mut lease = self.lease().await?;
        fetch_minutes(&mut lease.conn(), id).await
    }

    /// The wording edits of a meeting's contributions, oldest first.
    pub async fn wording_edits(&self, id: MeetingId) -> Result<Vec<WordingEdit>> {
        let mut lease = self.lease().await?;
        let rows: Vec<(i64, String, Stamp, String, String)> = q_all!(
            &mut lease.conn(),
            (i64, String, Stamp, String, String),
            "SELECT e.contribution_id, e.edited_by, e.edited_at, e.before_text, e.after_text
             FROM meeting_contribution_edit e JOIN meeting_contribution c ON c.id = e.contribution_id
             WHERE c.meeting_id = $1 ORDER BY e.id",
            id.0
        )?;
        rows.into_iter()
            .map(|(contribution, by, at, before, after)| {
                Ok(WordingEdit {
                    contribution,
                    by,
                    at: crate::meetings::local_time(at.0)?,
                    before,
                    after,
                })
            })
            .collect()
    }
}

impl Meetings<'_> {
    /// MTG-MIN-01, MTG-ORD-06: the meeting approves its minutes before closing; the snapshot
    /// is stored with its hash and the meeting closes (the running step ends now, or at
    /// `at_time` on the meeting's date for a paper record). Once only. Returns the content
    /// hash and the meeting's new version.
    pub async fn approve_minutes(
        &mut self,
        id: MeetingId,
        minutes: &Minutes,
        approval: &Approval,
        at_time: Option<time::Time>,
        expected: Option<i64>,
    ) -> Result<(String, i64)> {
        let (before, version) = self.load_for_change(id, expected).await?;
        let w = self.uow();
        let at = w.actor().at;
        let conn = &mut w.conn();
        if fetch_minutes(conn, id).await?.is_some() {
            return Err(MeetingError::MinutesAlreadyApproved.into());
        }
        if before.status != MeetingStatus::InProgress {
            return Err(MeetingError::NotInProgress(before.status.code()).into());
        }
        let hash = content_hash(minutes)?;
        let mut agenda = before.agenda.clone();
        let ends = match at_time {
            Some(t) => time::PrimitiveDateTime::new(before.date, t),
            None => crate::meetings::local_time(at)?,
        };
        agenda.finish_running(ends)?;
        q_exec!(
            conn,
            "UPDATE meeting SET status = $1, agenda_json = $2 WHERE id = $3",
            MeetingStatus::Closed.code(),
            Json(&agenda),
            id.0
        )?;
        q_exec!(
            conn,
            "INSERT INTO meeting_minutes (meeting_id, schema_version, body_json, content_hash, approval_json, approved_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
            id.0,
            i64::from(minutes.schema_version()),
            Json(minutes),
            &hash,
            Json(approval),
            Stamp(at)
        )?;
        w.audit(
            AuditAction::MeetingMinutesApprove,
            &id.to_string(),
            Some(before.org),
            Some(json!({ "status": before.status })),
            Some(json!({ "status": MeetingStatus::Closed, "content_hash": hash, "schema_version": minutes.schema_version(), "approval": approval })),
        )
        .await?;
        Ok((hash, version))
    }

    /// A correction of approved minutes with its own approval (MTG-MIN-01); the snapshot
    /// stays as it was. Returns the addendum's id and the meeting's new version.
    pub async fn add_addendum(&mut self, id: MeetingId, addendum: &Addendum) -> Result<(i64, i64)> {
        let (before, version) = self.load_for_change(id, None).await?;
        let w = self.uow();
        let at = w.actor().at;
        let conn = &mut w.conn();
        if fetch_minutes(conn, id).await?.is_none() {
            return Err(MeetingError::MinutesNotApproved.into());
        }
        if addendum.approved_on < before.date {
            return Err(MeetingError::EndsBeforeStart.into());
        }
        let (aid,): (i64,) = q_one!(
            conn,
            (i64,),
            "INSERT INTO meeting_addendum (meeting_id, body, approved_on, votes_for, denominator, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            id.0,
            &addendum.text,
            addendum.approved_on,
            i64::from(addendum.votes_for),
            i64::from(addendum.denominator),
            Stamp(at)
        )?;
        w.audit(
            AuditAction::MeetingAddendum,
            &id.to_string(),
            Some(before.org),
            None,
            Some(json!({ "id": aid, "addendum": addendum })),
        )
        .await?;
        Ok((aid, version))
    }

    /// The minute-taker corrects the wording of a contribution before the minutes are
    /// approved; the edit is kept (who, when, before, after). Returns the new version.
    pub async fn edit_wording(
        &mut self,
        id: MeetingId,
        contribution: i64,
        text: &str,
        by: &str,
    ) -> Result<i64> {
        let text = text.trim();
        if text.is_empty() {
            return Err(MeetingError::ReasonRequired.into());
        }
        let (before, version) = self.load_for_change(id, None).await?;
        let w = self.uow();
        let at = w.actor().at;
        let conn = &mut w.conn();
        if fetch_minutes(conn, id).await?.is_some() {
            return Err(MeetingError::MinutesAlreadyApproved.into());
        }
        let old: Option<(String,)> = q_opt!(
            conn,
            (String,),
            "SELECT body FROM meeting_contribution WHERE id = $1 AND meeting_id = $2",
            contribution,
            id.0
        )?;
        let (old_text,) = old.ok_or(StoreError::NotFound("contribution"))?;
        q_exec!(
            conn,
            "UPDATE meeting_contribution SET body = $1 WHERE id = $2 AND meeting_id = $3",
            text,
            contribution,
            id.0
        )?;
        q_exec!(
            conn,
            "INSERT INTO meeting_contribution_edit (contribution_id, edited_by, edited_at, before_text, after_text)
             VALUES ($1, $2, $3, $4, $5)",
            contribution,
            by.trim(),
            Stamp(at),
            &old_text,
            text
        )?;
        w.audit(
            AuditAction::MeetingWording,
            &id.to_string(),
            Some(before.org),
            Some(json!({ "contribution": contribution, "text": old_text })),
            Some(json!({ "contribution": contribution, "text": text })),
        )
        .await?;
        Ok(version)
    }
}
