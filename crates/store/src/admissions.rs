//! The admission pipeline (issue 12): cases, their append-only timeline of steps, what falls
//! due, and the checklist's documents. The rules are the domain's
//! (`chibo_domain::admission`); each write here gathers what the domain judges a step with
//! (the applicant's birth date, the cell's official members on the step's date), applies
//! it, and stores the result with its audit event in the caller's unit of work. At most one
//! open case per person: checked here first, guaranteed by the partial unique index
//! `admission_case_one_open`.

use chibo_domain::admission::{AdmissionDocument, AdmissionError, Case, Context, Due, Stage, Step};
use chibo_domain::calendar::WorkingCalendar;
use chibo_domain::member::{CellRoster, Standing};
use chibo_domain::ruleset::{Catalogue, Deadline};
use chibo_domain::{OrgId, PersonId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::types::Json;
use time::Date;

use crate::audit::AuditAction;
use crate::codec::corrupt;
use crate::db::{q_all, q_exec, q_one, q_opt, Conn};
use crate::people::{fetch_person, load_cell_records};
use crate::stamp::Stamp;
use crate::{Result, Store, StoreError, UnitOfWork};

/// A stored case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseRecord {
    pub id: i64,
    pub org: OrgId,
    /// 1 for a person's first case, 2 for the next attempt, …
    pub attempt: u32,
    pub version: i64,
    #[serde(flatten)]
    pub case: Case,
}

/// One step of the timeline, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseStep {
    pub date: Date,
    pub from: Stage,
    pub to: Stage,
    pub step: Step,
    pub recorded_by: String,
    pub at: i64,
}

/// A document of the checklist, received or attached (metadata; the file itself stays
/// where the cell keeps its files).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseDocument {
    pub id: i64,
    pub kind: AdmissionDocument,
    pub date: Date,
    pub reference: Option<String>,
    pub file_name: Option<String>,
    pub note: Option<String>,
    pub recorded_by: String,
    pub at: i64,
}

/// A document to record.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NewCaseDocument {
    pub kind: AdmissionDocument,
    pub date: Date,
    pub reference: Option<String>,
    pub file_name: Option<String>,
    pub note: Option<String>,
}

/// Something that falls due in a subtree: a deadline of an open case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseDue {
    pub case_id: i64,
    pub org: OrgId,
    pub person: PersonId,
    pub person_name: String,
    pub stage: Stage,
    pub deadline: Deadline,
    pub rule: String,
    pub trigger: Date,
    pub from: Option<Date>,
    pub last_day: Date,
}

type CaseRow = (i64, i64, i64, i64, Json<Case>);

fn case_of((id, org, attempt, version, case): CaseRow) -> Result<CaseRecord> {
    Ok(CaseRecord {
        id,
        org: OrgId(org),
        attempt: u32::try_from(attempt)
            .map_err(|_| corrupt("admission_case.attempt", &attempt.to_string()))?,
        version,
        case: case.0,
    })
}

async fn fetch_case(conn: &mut Conn<'_>, id: i64) -> Result<Option<CaseRecord>> {
    let row: Option<CaseRow> = q_opt!(
        conn,
        CaseRow,
        "SELECT id, org_id, attempt, version, case_json FROM admission_case WHERE id = $1",
        id
    )?;
    row.map(case_of).transpose()
}

fn deadline_code(d: Deadline) -> Result<String> {
    match serde_json::to_value(d)? {
        serde_json::Value::String(s) => Ok(s),
        other => Err(corrupt("admission_due.deadline", &other.to_string())),
    }
}

fn deadline_from(code: &str) -> Result<Deadline> {
    serde_json::from_value(serde_json::Value::String(code.to_string()))
        .map_err(|_| corrupt("admission_due.deadline", code))
}

impl Store {
    pub async fn admission(&self, id: i64) -> Result<Option<CaseRecord>> {
        let mut lease = self.lease().await?;
        fetch_case(&mut lease.conn(), id).await
    }

    /// The cell a case belongs to (the access layer's scope).
    pub async fn admission_org(&self, id: i64) -> Result<Option<OrgId>> {
        let mut lease = self.lease().await?;
        let row: Option<(i64,)> = q_opt!(
            &mut lease.conn(),
            (i64,),
            "SELECT org_id FROM admission_case WHERE id = $1",
            id
        )?;
        Ok(row.map(|(o,)| OrgId(o)))
    }

    /// A person's cases, first attempt first.
    pub async fn admissions_of_person(&self, person: PersonId) -> Result<Vec<CaseRecord>> {
        let mut lease = self.lease().await?;
        let rows: Vec<CaseRow> = q_all!(
            &mut lease.conn(),
            CaseRow,
            "SELECT id, org_id, attempt, version, case_json FROM admission_case WHERE person_id = $1 ORDER BY attempt",
            person.0
        )?;
        rows.into_iter().map(case_of).collect()
    }

    /// The timeline of a case, oldest first, and its documents, in the order recorded.
    pub async fn admission_history(&self, id: i64) -> Result<(Vec<CaseStep>, Vec<CaseDocument>)> {
        let mut lease = self.lease().await?;
        let conn = &mut lease.conn();
        type StepRow = (Date, String, String, Json<Step>, String, Stamp);
        let rows: Vec<StepRow> = q_all!(
            conn,
            StepRow,
            "SELECT step_date, stage_from, stage_to, step_json, recorded_by, at FROM admission_step WHERE case_id = $1 ORDER BY id",
            id
        )?;
        let steps = rows
            .into_iter()
            .map(|(date, from, to, step, recorded_by, at)| {
                Ok(CaseStep {
                    date,
                    from: Stage::from_code(&from)
                        .ok_or_else(|| corrupt("admission_step.stage_from", &from))?,
                    to: Stage::from_code(&to)
                        .ok_or_else(|| corrupt("admission_step.stage_to", &to))?,
                    step: step.0,
                    recorded_by,
                    at: at.0,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        type DocRow = (
            i64,
            String,
            Date,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            Stamp,
        );
        let rows: Vec<DocRow> = q_all!(
            conn,
            DocRow,
            "SELECT id, kind, doc_date, reference, file_name, note, recorded_by, at FROM admission_document WHERE case_id = $1 ORDER BY id",
            id
        )?;
        let documents = rows
            .into_iter()
            .map(
                |(id, kind, date, reference, file_name, note, recorded_by, at)| {
                    Ok(CaseDocument {
                        id,
                        kind: AdmissionDocument::from_code(&kind)
                            .ok_or_else(|| corrupt("admission_document.kind", &kind))?,
                        date,
                        reference,
                        file_name,
                        note,
                        recorded_by,
                        at: at.0,
                    })
                },
            )
            .collect::<Result<Vec<_>>>()?;
        Ok((steps, documents))
    }

    /// Every case of the cells in `org`'s subtree on `date` with the person's name (open ones
    /// first, then by id), by one query over the ancestor table: the pipeline board.
    pub async fn admissions_under(
        &self,
        org: OrgId,
        date: Date,
    ) -> Result<Vec<(CaseRecord, String)>> {
        let mut lease = self.lease().await?;
        let rows: Vec<(i64, i64, i64, i64, Json<Case>, String)> = q_all!(
            &mut lease.conn(),
            (i64, i64, i64, i64, Json<Case>, String),
            "SELECT c.id, c.org_id, c.attempt, c.version, c.case_json, p.full_name
             FROM admission_case c JOIN person p ON p.id = c.person_id
             WHERE c.org_id = $1 OR c.org_id IN (SELECT org_id FROM org_ancestor WHERE ancestor_id = $1
               AND valid_from <= $2 AND (valid_until IS NULL OR valid_until >= $2))
             ORDER BY c.is_open DESC, c.id",
            org.0,
            date
        )?;
        rows.into_iter()
            .map(|(id, org, attempt, version, case, name)| {
                Ok((case_of((id, org, attempt, version, case))?, name))
            })
            .collect()
    }

    /// What falls due in `org`'s subtree on `date`, the earliest last day first, up to
    /// `until` when given: one query over the ancestor table, whatever the number of cells.
    pub async fn deadlines_under(
        &self,
        org: OrgId,
        date: Date,
        until: Option<Date>,
    ) -> Result<Vec<CaseDue>> {
        let mut lease = self.lease().await?;
        type Row = (
            i64,
            i64,
            i64,
            String,
            String,
            String,
            String,
            Date,
            Option<Date>,
            Date,
        );
        let rows: Vec<Row> = q_all!(
            &mut lease.conn(),
            Row,
            "SELECT c.id, c.org_id, c.person_id, p.full_name, c.stage, d.deadline, d.rule_id, d.trigger_on, d.from_on, d.last_day
             FROM admission_due d JOIN admission_case c ON c.id = d.case_id JOIN person p ON p.id = c.person_id
             WHERE c.is_open AND ($3 IS NULL OR d.last_day <= $3)
               AND (c.org_id = $1 OR c.org_id IN (SELECT org_id FROM org_ancestor WHERE ancestor_id = $1
                 AND valid_from <= $2 AND (valid_until IS NULL OR valid_until >= $2)))
             ORDER BY d.last_day, c.id",
            org.0,
            date,
            until
        )?;
        rows.into_iter()
            .map(
                |(case_id, org, person, name, stage, deadline, rule, trigger, from, last_day)| {
                    Ok(CaseDue {
                        case_id,
                        org: OrgId(org),
                        person: PersonId(person),
                        person_name: name,
                        stage: Stage::from_code(&stage)
                            .ok_or_else(|| corrupt("admission_case.stage", &stage))?,
                        deadline: deadline_from(&deadline)?,
                        rule,
                        trigger,
                        from,
                        last_day,
                    })
                },
            )
            .collect()
    }
}

/// Writes of the admission pipeline inside a unit of work.
pub struct Admissions<'u>(&'u mut UnitOfWork);

impl UnitOfWork {
    pub fn admissions(&mut self) -> Admissions<'_> {
        Admissions(self)
    }
}

/// The cell's official members at home on `date` (ORG-02, ADM-INT-01, ADM-PRB-01).
async fn officials_on(conn: &mut Conn<'_>, cell: OrgId, date: Date) -> Result<Vec<PersonId>> {
    let records = load_cell_records(conn, cell).await?;
    let roster = CellRoster::on(
        cell,
        date,
        &records.members(),
        &records.placements,
        &records.statuses,
    );
    Ok(roster
        .home()
        .filter(|e| e.standing == Standing::Official)
        .map(|e| e.person)
        .collect())
}

impl Admissions<'_> {
    /// ADM-PIPE-01: a sympathiser of `cell` listed on `on` with a helping member (an
    /// official member of the cell on that date). A person with an open case gets no second
    /// one (field `person`); a closed one lets a new attempt start.
    pub async fn open(
        &mut self,
        cell: OrgId,
        person: PersonId,
        helper: PersonId,
        on: Date,
    ) -> Result<i64> {
        let w = &mut *self.0;
        let at = w.actor().at;
        let today = w.actor().today();
        let conn = &mut w.conn();
        let kind: Option<(String,)> = q_opt!(
            conn,
            (String,),
            "SELECT kind FROM org_version WHERE org_id = $1 ORDER BY valid_from DESC LIMIT 1",
            cell.0
        )?;
        match kind {
            None => return Err(StoreError::NotFound("org")),
            Some((k,)) if k != "cell" => {
                return Err(chibo_domain::DomainError::Malformed {
                    field: "org",
                    reason: "admission cases belong to cells",
                }
                .into())
            }
            _ => {}
        }
        if fetch_person(conn, person).await?.is_none() {
            return Err(StoreError::NotFound("person"));
        }
        let case = Case::open(person, helper, on, today)?;
        if !officials_on(conn, cell, on).await?.contains(&helper) {
            return Err(AdmissionError::HelperNotOfficial(helper).into());
        }
        let open: Option<(i64,)> = q_opt!(
            conn,
            (i64,),
            "SELECT id FROM admission_case WHERE person_id = $1 AND is_open",
            person.0
        )?;
        if open.is_some() {
            return Err(StoreError::Conflict { field: "person" });
        }
        let (attempt,): (i64,) = q_one!(
            conn,
            (i64,),
            "SELECT COALESCE(MAX(attempt), 0) + 1 FROM admission_case WHERE person_id = $1",
            person.0
        )?;
        let (id,): (i64,) = q_one!(
            conn,
            (i64,),
            "INSERT INTO admission_case (person_id, org_id, attempt, stage, is_open, opened_on, case_json, version, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8) RETURNING id",
            person.0,
            cell.0,
            attempt,
            case.stage.code(),
            true,
            on,
            Json(&case),
            Stamp(at)
        )?;
        w.audit(
            AuditAction::AdmissionOpen,
            &id.to_string(),
            Some(cell),
            None,
            Some(json!({ "person": person.0, "helper": helper.0, "on": on, "attempt": attempt })),
        )
        .await?;
        Ok(id)
    }

    /// One step of a case dated `on`, judged by the domain with the applicant's birth date
    /// and the cell's official members on that date; the timeline gains a row, what falls
    /// due is rewritten, the case's version bumped. Returns the new version.
    pub async fn step(
        &mut self,
        id: i64,
        step: &Step,
        on: Date,
        catalogue: &Catalogue,
        calendar: &WorkingCalendar,
        expected: Option<i64>,
    ) -> Result<i64> {
        let w = &mut *self.0;
        let at = w.actor().at;
        let today = w.actor().today();
        let label = w.actor().label.clone();
        let conn = &mut w.conn();
        let before = fetch_case(conn, id)
            .await?
            .ok_or(StoreError::NotFound("admission"))?;
        let bumped: Option<(i64,)> = q_opt!(
            conn,
            (i64,),
            "UPDATE admission_case SET version = version + 1 WHERE id = $1 AND ($2 IS NULL OR version = $2) RETURNING version",
            id,
            expected
        )?;
        let Some((version,)) = bumped else {
            return Err(StoreError::Stale {
                entity: "admission",
                expected: expected.unwrap_or(before.version),
                actual: before.version,
                current: serde_json::to_value(&before)?,
            });
        };
        let birth_date = fetch_person(conn, before.case.person)
            .await?
            .and_then(|p| p.person.birth_date);
        let officials = officials_on(conn, before.org, on).await?;
        if let Step::Ceremony { helper, .. } = step {
            if !officials.contains(helper) {
                return Err(AdmissionError::HelperNotOfficial(*helper).into());
            }
        }
        let ctx = Context {
            catalogue,
            calendar,
            birth_date,
            official_members: u32::try_from(officials.len()).unwrap_or(u32::MAX),
            official_introducers: &officials,
            today,
        };
        let after = before.case.apply(step, on, &ctx)?;
        let due: Vec<Due> = after.deadlines(catalogue, calendar)?;
        q_exec!(
            conn,
            "UPDATE admission_case SET stage = $1, is_open = $2, case_json = $3, updated_at = $4 WHERE id = $5",
            after.stage.code(),
            after.is_open(),
            Json(&after),
            Stamp(at),
            id
        )?;
        q_exec!(
            conn,
            "INSERT INTO admission_step (case_id, step_date, stage_from, stage_to, step_json, recorded_by, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            id,
            on,
            before.case.stage.code(),
            after.stage.code(),
            Json(step),
            label.as_str(),
            Stamp(at)
        )?;
        q_exec!(conn, "DELETE FROM admission_due WHERE case_id = $1", id)?;
        for d in &due {
            q_exec!(
                conn,
                "INSERT INTO admission_due (case_id, deadline, rule_id, trigger_on, from_on, last_day) VALUES ($1, $2, $3, $4, $5, $6)",
                id,
                deadline_code(d.deadline)?,
                d.rule,
                d.trigger,
                d.from,
                d.last_day
            )?;
        }
        w.audit(
            AuditAction::AdmissionStep,
            &id.to_string(),
            Some(before.org),
            Some(json!({ "stage": before.case.stage })),
            Some(json!({ "step": step, "date": on, "stage": after.stage })),
        )
        .await?;
        Ok(version)
    }

    /// Records a document of the case's checklist.
    pub async fn add_document(&mut self, id: i64, doc: &NewCaseDocument) -> Result<i64> {
        let w = &mut *self.0;
        let at = w.actor().at;
        let today = w.actor().today();
        let label = w.actor().label.clone();
        let conn = &mut w.conn();
        let case = fetch_case(conn, id)
            .await?
            .ok_or(StoreError::NotFound("admission"))?;
        if doc.date > today {
            return Err(AdmissionError::InFuture { date: doc.date }.into());
        }
        let clean = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        let (doc_id,): (i64,) = q_one!(
            conn,
            (i64,),
            "INSERT INTO admission_document (case_id, kind, doc_date, reference, file_name, note, recorded_by, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            id,
            doc.kind.code(),
            doc.date,
            clean(&doc.reference),
            clean(&doc.file_name),
            clean(&doc.note),
            label.as_str(),
            Stamp(at)
        )?;
        w.audit(
            AuditAction::AdmissionDocument,
            &id.to_string(),
            Some(case.org),
            None,
            Some(json!({ "kind": doc.kind, "date": doc.date, "reference": clean(&doc.reference) })),
        )
        .await?;
        Ok(doc_id)
    }
}
