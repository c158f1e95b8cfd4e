//! Numbered party documents (issue 10, DOC-05/06/19): a document gets its number when it is
//! signed, in the unit of work that records the signing. Numbers run per organisation, per
//! type code (DOC-06) and per term (DOC-05, the day after a congress closes), continuous and
//! never reused. The rules — which term a date falls in, the next number — are the domain's
//! (`chibo_domain::document`); the store keeps what was issued and settles races:
//! `document_series` holds each series' last number and signing takes its row with an
//! upsert, so two signings at once wait for each other and get consecutive numbers, and
//! `document`'s UNIQUE (org, kind, term, number) makes a repeated number impossible.

use chibo_domain::document::{next_number, term_start};
use chibo_domain::meeting::{MeetingError, MeetingStatus};
use chibo_domain::ruleset::DocumentKind;
use chibo_domain::{MeetingId, OrgId};
use serde::Serialize;
use serde_json::json;
use time::Date;

use crate::audit::AuditAction;
use crate::codec::corrupt;
use crate::db::{q_all, q_exec, q_one, q_opt, Conn};
use crate::meetings::Meetings;
use crate::minutes::fetch_minutes;
use crate::stamp::Stamp;
use crate::{Result, Store};

/// A signed, numbered document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRecord {
    pub id: i64,
    pub org: OrgId,
    /// The DOC-06 type code ("NQ").
    pub kind: String,
    /// The first day of the term the number belongs to (DOC-05).
    pub term_start: Date,
    pub number: u32,
    pub meeting: Option<MeetingId>,
    /// The date the document carries (a resolution: its meeting's, DOC-19).
    pub document_date: Date,
    /// Unix seconds.
    pub signed_at: i64,
    /// The signer as shown (the user's name).
    pub signed_by: String,
    /// The document-format rule version it was issued under ("HD 05/2026", DOC-13/14).
    pub format_version: String,
    /// The thematic plan it numbers (a plan's number is given on submission).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<i64>,
}

/// id, org, kind, term_start, number, meeting, document_date, signed_at, signed_by, format,
/// plan.
type DocumentRow = (
    i64,
    i64,
    String,
    Date,
    i64,
    Option<i64>,
    Date,
    Stamp,
    String,
    String,
    Option<i64>,
);

const COLUMNS: &str = "SELECT id, org_id, kind, term_start, number, meeting_id, document_date, signed_at, signed_by, format_version, plan_id FROM document";

fn record(row: DocumentRow) -> Result<DocumentRecord> {
    let (id, org, kind, term_start, number, meeting, document_date, at, by, format, plan) = row;
    Ok(DocumentRecord {
        id,
        org: OrgId(org),
        kind,
        term_start,
        number: u32::try_from(number)
            .map_err(|_| corrupt("document.number", &number.to_string()))?,
        meeting: meeting.map(MeetingId),
        document_date,
        signed_at: at.0,
        signed_by: by,
        format_version: format,
        plan,
    })
}

/// The number of a plan, if given.
pub(crate) async fn fetch_plan_document(
    conn: &mut Conn<'_>,
    plan: i64,
) -> Result<Option<DocumentRecord>> {
    let row: Option<DocumentRow> = q_opt!(
        conn,
        DocumentRow,
        &format!("{COLUMNS} WHERE plan_id = $1 AND kind = $2"),
        plan,
        DocumentKind::Plan.code()
    )?;
    row.map(record).transpose()
}

/// DOC-05/06: takes the next number of `org`'s series of `kind` for the term of `date`
/// (the series' row is taken with an upsert, so a concurrent signing in the same series
/// waits until this unit ends, then reads its number). Returns the term's first day and
/// the number.
pub(crate) async fn take_number(
    conn: &mut Conn<'_>,
    org: OrgId,
    kind: DocumentKind,
    date: Date,
) -> Result<(Date, u32)> {
    let congresses: Vec<(Date,)> = q_all!(
        conn,
        (Date,),
        "SELECT closed_on FROM congress WHERE org_id = $1",
        org.0
    )?;
    let congresses: Vec<Date> = congresses.into_iter().map(|(d,)| d).collect();
    let term = term_start(&congresses, date);
    let (last,): (i64,) = q_one!(
        conn,
        (i64,),
        "INSERT INTO document_series (org_id, kind, term_start, last_number) VALUES ($1, $2, $3, 0)
         ON CONFLICT (org_id, kind, term_start) DO UPDATE SET last_number = document_series.last_number
         RETURNING last_number",
        org.0,
        kind.code(),
        term
    )?;
    let last = u32::try_from(last)
        .map_err(|_| corrupt("document_series.last_number", &last.to_string()))?;
    let number = next_number((last > 0).then_some(last));
    q_exec!(
        conn,
        "UPDATE document_series SET last_number = $1 WHERE org_id = $2 AND kind = $3 AND term_start = $4",
        i64::from(number),
        org.0,
        kind.code(),
        term
    )?;
    Ok((term, number))
}

/// DOC-19 for the thematic plan (issue 11): the plan is numbered ("Số NN-KH/CB") when it is
/// first submitted, dated that day, in the submission's unit of work; a plan returned and
/// submitted again keeps its number. Returns the number.
pub(crate) async fn number_plan(
    conn: &mut Conn<'_>,
    plan: i64,
    cell: OrgId,
    on: Date,
    at: i64,
    signed_by: &str,
) -> Result<u32> {
    if let Some(d) = fetch_plan_document(conn, plan).await? {
        return Ok(d.number);
    }
    let kind = DocumentKind::Plan;
    let rules = crate::meetings::rules_on(conn, on).await?;
    let format_version = rules
        .version(chibo_domain::ruleset::Area::DocumentFormat)
        .code
        .clone();
    let (term, number) = take_number(conn, cell, kind, on).await?;
    q_exec!(
        conn,
        "INSERT INTO document (org_id, kind, term_start, number, plan_id, document_date, signed_at, signed_by, format_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        cell.0,
        kind.code(),
        term,
        i64::from(number),
        plan,
        on,
        Stamp(at),
        signed_by,
        format_version
    )?;
    Ok(number)
}

async fn fetch_document(
    conn: &mut Conn<'_>,
    meeting: MeetingId,
    kind: DocumentKind,
) -> Result<Option<DocumentRecord>> {
    let row: Option<DocumentRow> = q_opt!(
        conn,
        DocumentRow,
        &format!("{COLUMNS} WHERE meeting_id = $1 AND kind = $2"),
        meeting.0,
        kind.code()
    )?;
    row.map(record).transpose()
}

impl Store {
    /// The signed document of a type made from a meeting (its resolution), if signed.
    pub async fn document_of(
        &self,
        meeting: MeetingId,
        kind: DocumentKind,
    ) -> Result<Option<DocumentRecord>> {
        let mut lease = self.lease().await?;
        fetch_document(&mut lease.conn(), meeting, kind).await
    }

    /// The number of a thematic plan, once submitted (DOC-19).
    pub async fn document_of_plan(&self, plan: i64) -> Result<Option<DocumentRecord>> {
        let mut lease = self.lease().await?;
        fetch_plan_document(&mut lease.conn(), plan).await
    }

    /// Every number issued by an organisation, by type, term and number.
    pub async fn documents_of(&self, org: OrgId) -> Result<Vec<DocumentRecord>> {
        let mut lease = self.lease().await?;
        let rows: Vec<DocumentRow> = q_all!(
            &mut lease.conn(),
            DocumentRow,
            &format!("{COLUMNS} WHERE org_id = $1 ORDER BY kind, term_start, number"),
            org.0
        )?;
        rows.into_iter().map(record).collect()
    }
}

impl Meetings<'_> {
    /// DOC-19, MTG-PREP-05: the secretary signs the resolution of a closed meeting with
    /// approved minutes, once; it gets the next number of its series (DOC-05/06) for the
    /// term of the meeting's date, in this unit of work. Returns the document and the
    /// meeting's new version.
    pub async fn sign_resolution(
        &mut self,
        id: MeetingId,
        signed_by: &str,
        format_version: &str,
        expected: Option<i64>,
    ) -> Result<(DocumentRecord, i64)> {
        let kind = DocumentKind::Resolution;
        let (meeting, version) = self.load_for_change(id, expected).await?;
        let w = self.uow();
        let at = w.actor().at;
        let conn = &mut w.conn();
        if fetch_minutes(conn, id).await?.is_none() || meeting.status != MeetingStatus::Closed {
            return Err(MeetingError::DocumentNeedsApprovedMinutes.into());
        }
        if fetch_document(conn, id, kind).await?.is_some() {
            return Err(MeetingError::ResolutionAlreadySigned.into());
        }
        // Takes the series' row (created at 0 for its first document): a concurrent signing
        // in the same series waits here until this unit ends, then reads its number.
        let (term, number) = take_number(conn, meeting.org, kind, meeting.date).await?;
        let (doc_id,): (i64,) = q_one!(
            conn,
            (i64,),
            "INSERT INTO document (org_id, kind, term_start, number, meeting_id, document_date, signed_at, signed_by, format_version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            meeting.org.0,
            kind.code(),
            term,
            i64::from(number),
            id.0,
            meeting.date,
            Stamp(at),
            signed_by,
            format_version
        )?;
        let doc = DocumentRecord {
            id: doc_id,
            org: meeting.org,
            kind: kind.code().to_owned(),
            term_start: term,
            number,
            meeting: Some(id),
            document_date: meeting.date,
            signed_at: at,
            signed_by: signed_by.to_owned(),
            format_version: format_version.to_owned(),
            plan: None,
        };
        w.audit(
            AuditAction::MeetingResolutionSign,
            &id.to_string(),
            Some(meeting.org),
            None,
            Some(json!({ "document": &doc })),
        )
        .await?;
        Ok((doc, version))
    }
}
