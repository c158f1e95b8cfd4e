//! The membership lifecycle (issue 12): exemptions, temporary and official transfers and
//! disciplines as records (`member_event`, the domain's JSON), each written with its dated
//! effect — a status, an attached placement, a home placement ended and another started —
//! and its audit event in the caller's unit of work, so nothing is half-written. The rules
//! are the domain's (`chibo_domain::lifecycle`); here the member's home cell on the record's
//! date is checked against what the record says, and at most one official transfer per
//! person is in progress.

use chibo_domain::calendar::WorkingCalendar;
use chibo_domain::lifecycle::{
    effect_of_exemption_step, effect_of_new, effect_of_step, Effect, ExemptionStep, LifecycleError,
    Record, TransferStep,
};
use chibo_domain::member::{Placement, PlacementKind};
use chibo_domain::ruleset::Catalogue;
use chibo_domain::{OrgId, Period, PersonId};
use serde::Serialize;
use serde_json::json;
use sqlx::types::Json;
use time::Date;

use crate::audit::AuditAction;
use crate::codec::corrupt;
use crate::db::{q_all, q_exec, q_one, q_opt, Conn};
use crate::stamp::Stamp;
use crate::{Result, Store, StoreError, UnitOfWork};

/// A stored lifecycle record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberEvent {
    pub id: i64,
    pub person: PersonId,
    /// The member's home cell on the record's date.
    pub org: OrgId,
    /// The host or receiving cell, when it is in chibo.
    pub other_org: Option<OrgId>,
    pub is_open: bool,
    pub version: i64,
    pub recorded_by: String,
    pub record: Record,
}

type EventRow = (i64, i64, i64, Option<i64>, bool, i64, String, Json<Record>);

fn event_of((id, person, org, other, is_open, version, by, record): EventRow) -> MemberEvent {
    MemberEvent {
        id,
        person: PersonId(person),
        org: OrgId(org),
        other_org: other.map(OrgId),
        is_open,
        version,
        recorded_by: by,
        record: record.0,
    }
}

async fn fetch_event(conn: &mut Conn<'_>, id: i64) -> Result<Option<MemberEvent>> {
    let row: Option<EventRow> = q_opt!(
        conn,
        EventRow,
        "SELECT id, person_id, org_id, other_org_id, is_open, version, recorded_by, record_json FROM member_event WHERE id = $1",
        id
    )?;
    Ok(row.map(event_of))
}

/// The member's home cell on `date`.
async fn home_on(conn: &mut Conn<'_>, person: PersonId, date: Date) -> Result<Option<OrgId>> {
    let row: Option<(i64,)> = q_opt!(
        conn,
        (i64,),
        "SELECT org_id FROM placement WHERE person_id = $1 AND kind = 'home'
           AND valid_from <= $2 AND (valid_until IS NULL OR valid_until >= $2)",
        person.0,
        date
    )?;
    Ok(row.map(|(o,)| OrgId(o)))
}

impl Store {
    /// A person's lifecycle records, oldest first.
    pub async fn member_events(&self, person: PersonId) -> Result<Vec<MemberEvent>> {
        let mut lease = self.lease().await?;
        let rows: Vec<EventRow> = q_all!(
            &mut lease.conn(),
            EventRow,
            "SELECT id, person_id, org_id, other_org_id, is_open, version, recorded_by, record_json FROM member_event WHERE person_id = $1 ORDER BY event_on, id",
            person.0
        )?;
        Ok(rows.into_iter().map(event_of).collect())
    }

    pub async fn member_event(&self, id: i64) -> Result<Option<MemberEvent>> {
        let mut lease = self.lease().await?;
        fetch_event(&mut lease.conn(), id).await
    }

    /// Open records followed in `org`'s subtree on `date` — at the member's cell or at the
    /// host or receiving cell (MEM-TR-01/02: tracked at both) — with the member's name: one
    /// query over the ancestor table.
    pub async fn open_member_events_under(
        &self,
        org: OrgId,
        date: Date,
    ) -> Result<Vec<(MemberEvent, String)>> {
        let mut lease = self.lease().await?;
        type Row = (
            i64,
            i64,
            i64,
            Option<i64>,
            bool,
            i64,
            String,
            Json<Record>,
            String,
        );
        let rows: Vec<Row> = q_all!(
            &mut lease.conn(),
            Row,
            "SELECT e.id, e.person_id, e.org_id, e.other_org_id, e.is_open, e.version, e.recorded_by, e.record_json, p.full_name
             FROM member_event e JOIN person p ON p.id = e.person_id
             WHERE e.is_open AND (e.org_id = $1 OR e.other_org_id = $1
               OR e.org_id IN (SELECT org_id FROM org_ancestor WHERE ancestor_id = $1
                 AND valid_from <= $2 AND (valid_until IS NULL OR valid_until >= $2))
               OR e.other_org_id IN (SELECT org_id FROM org_ancestor WHERE ancestor_id = $1
                 AND valid_from <= $2 AND (valid_until IS NULL OR valid_until >= $2)))
             ORDER BY e.event_on, e.id",
            org.0,
            date
        )?;
        Ok(rows
            .into_iter()
            .map(|(id, person, o, other, open, v, by, rec, name)| {
                (event_of((id, person, o, other, open, v, by, rec)), name)
            })
            .collect())
    }
}

/// Writes of the lifecycle inside a unit of work.
pub struct Lifecycle<'u>(&'u mut UnitOfWork);

impl UnitOfWork {
    pub fn lifecycle(&mut self) -> Lifecycle<'_> {
        Lifecycle(self)
    }
}

impl Lifecycle<'_> {
    /// Records `record` for `person` with its effect (MEM-EX-02: the exempted status;
    /// MEM-TR-03: the attached placement or the away status) and its audit event. The member
    /// must be at home in the record's cell on its date; one official transfer at a time.
    pub async fn record(&mut self, person: PersonId, record: &Record) -> Result<i64> {
        let date = record.date();
        let home = {
            let w = &mut *self.0;
            home_on(&mut w.conn(), person, date).await?
        };
        let Some(home) = home else {
            return Err(LifecycleError::NotAtHome.into());
        };
        let claimed = match record {
            Record::TemporaryTransfer(t) => Some(t.home),
            Record::Transfer(t) => Some(t.from),
            Record::Exemption(_) | Record::Discipline(_) => None,
        };
        if claimed.is_some_and(|c| c != home) {
            return Err(LifecycleError::NotAtHome.into());
        }
        if let Record::Transfer(_) = record {
            let w = &mut *self.0;
            let open: Option<(i64,)> = q_opt!(
                &mut w.conn(),
                (i64,),
                "SELECT id FROM member_event WHERE person_id = $1 AND kind = 'transfer' AND is_open",
                person.0
            )?;
            if open.is_some() {
                return Err(LifecycleError::TransferOpen.into());
            }
        }
        self.apply(person, effect_of_new(person, record)).await?;
        let w = &mut *self.0;
        let at = w.actor().at;
        let by = w.actor().label.clone();
        let (id,): (i64,) = q_one!(
            &mut w.conn(),
            (i64,),
            "INSERT INTO member_event (person_id, org_id, other_org_id, kind, event_on, is_open, record_json, version, recorded_by, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9) RETURNING id",
            person.0,
            home.0,
            record.other_org().map(|o| o.0),
            record.kind_code(),
            date,
            record.is_open(),
            Json(record),
            by,
            Stamp(at)
        )?;
        w.touch(|t| t.people = true);
        w.audit(
            AuditAction::LifecycleRecord,
            &id.to_string(),
            Some(home),
            None,
            Some(json!({ "person": person.0, "record": record })),
        )
        .await?;
        Ok(id)
    }

    /// A step of an official transfer (MEM-TR-01/02), judged by the domain with the working
    /// days of the rule set of each trigger's date; reception inside chibo ends the home
    /// placement the day before and starts one at the receiving cell, a letter to a cell
    /// outside chibo ends the home placement on its day — with the record, in this unit.
    /// Returns the new version.
    pub async fn transfer_step(
        &mut self,
        id: i64,
        step: TransferStep,
        catalogue: &Catalogue,
        calendar: &WorkingCalendar,
        expected: Option<i64>,
    ) -> Result<i64> {
        let (before, today) = self.current(id, expected).await?;
        let Record::Transfer(t) = &before.record else {
            return Err(LifecycleError::TransferOrder.into());
        };
        let after = t.apply(step, catalogue, calendar, today)?;
        self.apply(before.person, effect_of_step(&after)).await?;
        let record = Record::Transfer(after);
        self.write_step(&before, &record, json!({ "step": step, "record": record }))
            .await
    }

    /// A step of an exemption (MEM-EX-01: reported upward; MEM-EX-02: the member returned,
    /// the exempted status ends the day before), with its audit event in this unit. Returns
    /// the new version.
    pub async fn exemption_step(
        &mut self,
        id: i64,
        step: ExemptionStep,
        expected: Option<i64>,
    ) -> Result<i64> {
        let (before, today) = self.current(id, expected).await?;
        let Record::Exemption(e) = &before.record else {
            return Err(LifecycleError::ExemptionOrder.into());
        };
        let after = e.apply(step, today)?;
        self.apply(before.person, effect_of_exemption_step(e, &after))
            .await?;
        let record = Record::Exemption(after);
        self.write_step(&before, &record, json!({ "step": step, "record": record }))
            .await
    }

    /// The record `id` as it stands, checked against the version read (`Stale` when it has
    /// moved on), with the actor's today.
    async fn current(&mut self, id: i64, expected: Option<i64>) -> Result<(MemberEvent, Date)> {
        let (before, today) = {
            let w = &mut *self.0;
            let today = w.actor().today();
            (fetch_event(&mut w.conn(), id).await?, today)
        };
        let Some(before) = before else {
            return Err(StoreError::NotFound("member_event"));
        };
        if let Some(v) = expected {
            if v != before.version {
                return Err(StoreError::Stale {
                    entity: "member_event",
                    expected: v,
                    actual: before.version,
                    current: serde_json::to_value(&before.record)?,
                });
            }
        }
        Ok((before, today))
    }

    /// Writes a record's new state with its version bumped and the step's audit event.
    async fn write_step(
        &mut self,
        before: &MemberEvent,
        record: &Record,
        after_json: serde_json::Value,
    ) -> Result<i64> {
        let w = &mut *self.0;
        let at = w.actor().at;
        let version = before.version + 1;
        q_exec!(
            &mut w.conn(),
            "UPDATE member_event SET record_json = $2, is_open = $3, version = $4, updated_at = $5 WHERE id = $1",
            before.id,
            Json(record),
            record.is_open(),
            version,
            Stamp(at)
        )?;
        w.touch(|t| t.people = true);
        w.audit(
            AuditAction::LifecycleStep,
            &before.id.to_string(),
            Some(before.org),
            Some(json!({ "record": before.record })),
            Some(after_json),
        )
        .await?;
        Ok(version)
    }

    async fn apply(&mut self, person: PersonId, effect: Effect) -> Result<()> {
        match effect {
            Effect::Status(s) => self.0.people().add_status(&s).await,
            Effect::Attach { host, period, note } => {
                self.0
                    .people()
                    .add_placement(&Placement {
                        person,
                        org: host,
                        kind: PlacementKind::Attached,
                        period,
                        note,
                    })
                    .await
            }
            Effect::MoveHome { from, last_day, to } => {
                self.0
                    .people()
                    .end_placement(person, from, PlacementKind::Home, last_day)
                    .await?;
                let start = last_day
                    .next_day()
                    .ok_or_else(|| corrupt("member_event.received_on", &last_day.to_string()))?;
                self.0
                    .people()
                    .add_placement(&Placement {
                        person,
                        org: to,
                        kind: PlacementKind::Home,
                        period: Period::starting(start),
                        note: None,
                    })
                    .await
            }
            Effect::LeaveHome { from, last_day } => {
                self.0
                    .people()
                    .end_placement(person, from, PlacementKind::Home, last_day)
                    .await
            }
            Effect::EndStatus {
                kind,
                from,
                last_day,
            } => {
                self.0
                    .people()
                    .end_status(person, kind, from, last_day)
                    .await
            }
            Effect::None => Ok(()),
        }
    }
}
