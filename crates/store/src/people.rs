//! People, party records, placements in cells, statuses and party roles. Writes go through
//! [`People`] in a unit of work: the domain's overlap rules run first against the stored rows
//! (precise errors), and the database's own guards (exclusion constraints on PostgreSQL,
//! triggers of the same names on SQLite) settle races between transactions.

use std::sync::Arc;

use chibo_domain::member::{
    check_placement, check_role, check_status, check_status_start, Member, PartyRole, Placement,
    PlacementKind, RoleAssignment, StatusKind, StatusPeriod,
};
use chibo_domain::person::{
    Affiliation, CardNumber, CitizenId, NonMemberKind, Person, PersonDraft, Phone, Sex,
};
use chibo_domain::text::Name;
use chibo_domain::{DomainError, OrgId, Period, PersonId};
use serde::Serialize;
use time::Date;

use crate::audit::AuditAction;
use crate::codec::corrupt;
use crate::db::{q_all, q_all_in, q_exec, q_one, q_opt, Conn};
use crate::error::StoreError;
use crate::uow::UnitOfWork;
use crate::{Result, Store};

/// A person with their party record, if a member.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PersonRecord {
    pub person: Person,
    pub member: Option<Member>,
    /// Optimistic version of the person and their party record, edited together: a save
    /// names the version it read and is refused if another save came first.
    pub version: i64,
}

/// Every dated record that bears on one cell: enough for the domain to compute its roster,
/// flags and (later) vote denominators on any date.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CellRecords {
    pub people: Vec<PersonRecord>,
    /// Every placement in the cell, plus the attached placements *elsewhere* of the people
    /// placed here: those make a member temporarily away at home (MTG-ATT-12,
    /// [`chibo_domain::member::home_status_on`]). Filter by `org` for the cell's own.
    pub placements: Vec<Placement>,
    pub statuses: Vec<StatusPeriod>,
    pub roles: Vec<RoleAssignment>,
    /// Non-members affiliated with the cell (staff, candidates, guests).
    pub non_members: Vec<Person>,
}

impl CellRecords {
    pub fn members(&self) -> Vec<Member> {
        self.people
            .iter()
            .filter_map(|p| p.member.clone())
            .collect()
    }

    pub fn person(&self, id: PersonId) -> Option<&PersonRecord> {
        self.people.iter().find(|p| p.person.id == id)
    }

    /// ADM-CER-01, ADM-PRB-01: whether `person` may be admitted at a ceremony of this cell on
    /// `date`: no ceremony recorded yet, and either placed in the cell on that date or
    /// working at it (a staff member or sympathiser affiliated with it).
    pub fn awaiting_admission(&self, person: PersonId, date: Date) -> bool {
        let (record, member) = match self.person(person) {
            Some(r) => (Some(&r.person), r.member.as_ref()),
            None => (self.non_members.iter().find(|p| p.id == person), None),
        };
        let Some(record) = record else {
            return false;
        };
        if member.is_some_and(|m| m.ceremony_date.is_some()) {
            return false;
        }
        let placed_here = self.placements.iter().any(|pl| {
            pl.person == person
                && pl.kind == PlacementKind::Home
                && pl.period.from() <= date
                && pl.period.until().is_none_or(|u| u >= date)
        });
        placed_here || record.affiliation.is_some()
    }
}

macro_rules! select_people {
    ($rest:literal) => {
        concat!(
            "SELECT p.id, p.full_name, p.birth_date, p.sex, p.ethnicity, p.citizen_id, p.phone, \
             p.affiliation_org_id, p.affiliation_kind, p.version, m.person_id AS m_person, \
             m.admission_date, m.decision_ref, m.ceremony_date, m.official_date, m.recognition_date, \
             m.recognition_ref, m.card_number \
             FROM person p LEFT JOIN member m ON m.person_id = p.id ",
            $rest
        )
    };
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: i64,
    full_name: String,
    birth_date: Option<Date>,
    sex: Option<String>,
    ethnicity: Option<String>,
    citizen_id: Option<String>,
    phone: Option<String>,
    affiliation_org_id: Option<i64>,
    affiliation_kind: Option<String>,
    version: i64,
    m_person: Option<i64>,
    admission_date: Option<Date>,
    decision_ref: Option<String>,
    ceremony_date: Option<Date>,
    official_date: Option<Date>,
    recognition_date: Option<Date>,
    recognition_ref: Option<String>,
    card_number: Option<String>,
}

impl PersonRow {
    fn into_record(self) -> Result<PersonRecord> {
        let person = Person {
            id: PersonId(self.id),
            full_name: Name::parse("full_name", &self.full_name)
                .map_err(|_| corrupt("person.full_name", &self.full_name))?,
            birth_date: self.birth_date,
            sex: self
                .sex
                .map(|s| Sex::from_code(&s).ok_or_else(|| corrupt("person.sex", &s)))
                .transpose()?,
            ethnicity: self.ethnicity,
            citizen_id: self
                .citizen_id
                .map(|c| CitizenId::parse(&c).map_err(|_| corrupt("person.citizen_id", &c)))
                .transpose()?,
            phone: self
                .phone
                .map(|p| Phone::parse(&p).map_err(|_| corrupt("person.phone", &p)))
                .transpose()?,
            affiliation: match (self.affiliation_org_id, self.affiliation_kind) {
                (Some(org), Some(kind)) => Some(Affiliation {
                    org: OrgId(org),
                    kind: NonMemberKind::from_code(&kind)
                        .ok_or_else(|| corrupt("person.affiliation_kind", &kind))?,
                }),
                _ => None,
            },
        };
        let member = match (self.m_person, self.admission_date) {
            (Some(pid), Some(admission_date)) => Some(Member {
                person: PersonId(pid),
                admission_date,
                decision_ref: self.decision_ref,
                ceremony_date: self.ceremony_date,
                official_date: self.official_date,
                recognition_date: self.recognition_date,
                recognition_ref: self.recognition_ref,
                card_number: self
                    .card_number
                    .map(|c| CardNumber::parse(&c).map_err(|_| corrupt("member.card_number", &c)))
                    .transpose()?,
            }),
            _ => None,
        };
        Ok(PersonRecord {
            person,
            member,
            version: self.version,
        })
    }
}

#[derive(sqlx::FromRow)]
struct PlacementRow {
    person_id: i64,
    org_id: i64,
    kind: String,
    valid_from: Date,
    valid_until: Option<Date>,
    note: Option<String>,
}

impl PlacementRow {
    fn into_placement(self) -> Result<Placement> {
        Ok(Placement {
            person: PersonId(self.person_id),
            org: OrgId(self.org_id),
            kind: PlacementKind::from_code(&self.kind)
                .ok_or_else(|| corrupt("placement.kind", &self.kind))?,
            period: Period::new(self.valid_from, self.valid_until)?,
            note: self.note,
        })
    }
}

#[derive(sqlx::FromRow)]
struct StatusRow {
    person_id: i64,
    kind: String,
    valid_from: Date,
    valid_until: Option<Date>,
    note: Option<String>,
}

impl StatusRow {
    fn into_status(self) -> Result<StatusPeriod> {
        Ok(StatusPeriod {
            person: PersonId(self.person_id),
            kind: StatusKind::from_code(&self.kind)
                .ok_or_else(|| corrupt("member_status.kind", &self.kind))?,
            period: Period::new(self.valid_from, self.valid_until)?,
            note: self.note,
        })
    }
}

#[derive(sqlx::FromRow)]
struct RoleRow {
    person_id: i64,
    org_id: i64,
    role: String,
    group_id: Option<i64>,
    valid_from: Date,
    valid_until: Option<Date>,
}

impl RoleRow {
    fn into_role(self) -> Result<RoleAssignment> {
        Ok(RoleAssignment {
            person: PersonId(self.person_id),
            org: OrgId(self.org_id),
            role: PartyRole::from_code(&self.role)
                .ok_or_else(|| corrupt("party_role.role", &self.role))?,
            group: self.group_id.map(chibo_domain::ids::PartyGroupId),
            period: Period::new(self.valid_from, self.valid_until)?,
        })
    }
}

fn collect<R, T>(rows: Vec<R>, f: impl Fn(R) -> Result<T>) -> Result<Vec<T>> {
    rows.into_iter().map(f).collect()
}

/// Whose dated records to read: one person's (profile, access), or everyone's in one
/// organisation (cell page). Both are indexed lookups.
#[derive(Debug, Clone, Copy)]
enum Of {
    Person(PersonId),
    Org(OrgId),
}

macro_rules! select_placements {
    ($rest:literal) => {
        concat!(
            "SELECT person_id, org_id, kind, valid_from, valid_until, note FROM placement ",
            $rest
        )
    };
}

macro_rules! select_roles {
    ($rest:literal) => {
        concat!(
            "SELECT person_id, org_id, role, group_id, valid_from, valid_until FROM party_role ",
            $rest
        )
    };
}

async fn placements(conn: &mut Conn<'_>, of: Of) -> Result<Vec<Placement>> {
    let (sql, id) = match of {
        Of::Person(p) => (
            select_placements!("WHERE person_id = $1 ORDER BY valid_from, id"),
            p.0,
        ),
        Of::Org(o) => (
            select_placements!("WHERE org_id = $1 ORDER BY valid_from, id"),
            o.0,
        ),
    };
    let rows: Vec<PlacementRow> = q_all!(conn, PlacementRow, sql, id)?;
    collect(rows, PlacementRow::into_placement)
}

async fn roles(conn: &mut Conn<'_>, of: Of) -> Result<Vec<RoleAssignment>> {
    let (sql, id) = match of {
        Of::Person(p) => (
            select_roles!("WHERE person_id = $1 ORDER BY valid_from, id"),
            p.0,
        ),
        Of::Org(o) => (
            select_roles!("WHERE org_id = $1 ORDER BY valid_from, id"),
            o.0,
        ),
    };
    let rows: Vec<RoleRow> = q_all!(conn, RoleRow, sql, id)?;
    collect(rows, RoleRow::into_role)
}

async fn statuses_of(conn: &mut Conn<'_>, person: PersonId) -> Result<Vec<StatusPeriod>> {
    let rows: Vec<StatusRow> = q_all!(
        conn,
        StatusRow,
        "SELECT person_id, kind, valid_from, valid_until, note FROM member_status WHERE person_id = $1 ORDER BY valid_from",
        person.0
    )?;
    collect(rows, StatusRow::into_status)
}

pub(crate) async fn fetch_person(
    conn: &mut Conn<'_>,
    id: PersonId,
) -> Result<Option<PersonRecord>> {
    let row: Option<PersonRow> = q_opt!(conn, PersonRow, select_people!("WHERE p.id = $1"), id.0)?;
    row.map(PersonRow::into_record).transpose()
}

/// A person's own dated records.
pub(crate) async fn history_of(
    conn: &mut Conn<'_>,
    person: PersonId,
) -> Result<(Vec<Placement>, Vec<StatusPeriod>, Vec<RoleAssignment>)> {
    Ok((
        placements(conn, Of::Person(person)).await?,
        statuses_of(conn, person).await?,
        roles(conn, Of::Person(person)).await?,
    ))
}

impl Store {
    pub async fn person(&self, id: PersonId) -> Result<Option<PersonRecord>> {
        let mut lease = self.lease().await?;
        fetch_person(&mut lease.conn(), id).await
    }

    /// A person's own dated records (profile page, access decisions).
    pub async fn person_history(
        &self,
        person: PersonId,
    ) -> Result<(Vec<Placement>, Vec<StatusPeriod>, Vec<RoleAssignment>)> {
        let mut lease = self.lease().await?;
        history_of(&mut lease.conn(), person).await
    }

    /// All records of everyone ever placed in `org`, plus its affiliated non-members.
    /// Cached per cell and dropped when any server commits a change to people.
    pub async fn cell_records(&self, org: OrgId) -> Result<Arc<CellRecords>> {
        if let Some(hit) = self.caches.cell(org) {
            return Ok(hit);
        }
        let gen = self.caches.people_generation();
        let mut lease = self.lease().await?;
        let records = Arc::new(load_cell_records(&mut lease.conn(), org).await?);
        self.caches.put_cell(gen, org, Arc::clone(&records));
        Ok(records)
    }
}

/// [`Store::cell_records`] read on `conn` (inside a unit of work: what it has written so far).
pub(crate) async fn load_cell_records(conn: &mut Conn<'_>, org: OrgId) -> Result<CellRecords> {
    let placements = placements(conn, Of::Org(org)).await?;
    let rows: Vec<PersonRow> = q_all!(
        conn,
        PersonRow,
        select_people!(
            "WHERE p.id IN (SELECT person_id FROM placement WHERE org_id = $1
                   UNION SELECT id FROM person WHERE affiliation_org_id = $1) ORDER BY p.id"
        ),
        org.0
    )?;
    let all = collect(rows, PersonRow::into_record)?;
    let placed: std::collections::HashSet<PersonId> = placements.iter().map(|p| p.person).collect();
    // People placed here, and those with a party record who work here but are not placed
    // yet (admitted by decision, awaiting the ceremony, ADM-PRB-01).
    let (people, others): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|p| placed.contains(&p.person.id) || p.member.is_some());
    let ids: Vec<i64> = people.iter().map(|p| p.person.id.0).collect();
    let mut placements = placements;
    if !ids.is_empty() {
        let rows: Vec<PlacementRow> = q_all_in!(
                conn,
                PlacementRow,
                "SELECT person_id, org_id, kind, valid_from, valid_until, note FROM placement WHERE kind = 'attached' AND person_id",
                " ORDER BY valid_from, id",
                &ids
            )?;
        let elsewhere = collect(rows, PlacementRow::into_placement)?;
        placements.extend(elsewhere.into_iter().filter(|p| p.org != org));
    }
    let statuses = if ids.is_empty() {
        Vec::new()
    } else {
        let rows: Vec<StatusRow> = q_all_in!(
                conn,
                StatusRow,
                "SELECT person_id, kind, valid_from, valid_until, note FROM member_status WHERE person_id",
                " ORDER BY valid_from",
                &ids
            )?;
        collect(rows, StatusRow::into_status)?
    };
    let roles = roles(conn, Of::Org(org)).await?;
    Ok(CellRecords {
        people,
        placements,
        statuses,
        roles,
        non_members: others
            .into_iter()
            .filter(|p| p.member.is_none())
            .map(|p| p.person)
            .collect(),
    })
}

/// Writes to people and their dated records inside a unit of work.
pub struct People<'u>(&'u mut UnitOfWork);

impl UnitOfWork {
    pub fn people(&mut self) -> People<'_> {
        People(self)
    }
}

/// Explicit uniqueness checks give a precise error before the constraint would fire; the
/// constraints remain the guarantee.
async fn ensure_citizen_id_free(
    conn: &mut Conn<'_>,
    value: Option<&CitizenId>,
    except: i64,
) -> Result<()> {
    if let Some(value) = value {
        let clash: Option<(i64,)> = q_opt!(
            conn,
            (i64,),
            "SELECT id FROM person WHERE citizen_id = $1 AND id <> $2",
            value.as_str(),
            except
        )?;
        if clash.is_some() {
            return Err(StoreError::Conflict {
                field: "citizen_id",
            });
        }
    }
    Ok(())
}

/// Maps a database overlap guard to the domain error the checks before it would have given.
fn overlap_as_domain(err: StoreError, person: PersonId) -> StoreError {
    match err {
        StoreError::Overlap { constraint } => StoreError::Domain(match constraint {
            "placement_no_overlap" => DomainError::MembershipOverlap(person),
            "member_status_no_overlap" => DomainError::StatusOverlap(person),
            "org_version_no_overlap" => DomainError::OrgVersionOverlap,
            _ => DomainError::RoleOverlap,
        }),
        other => other,
    }
}

/// The organisation an audit event about a person belongs to: the latest home cell, else
/// the non-member's affiliation.
async fn org_of_person(
    conn: &mut Conn<'_>,
    person: PersonId,
    fallback: Option<OrgId>,
) -> Result<Option<OrgId>> {
    let row: Option<(i64,)> = q_opt!(
        conn,
        (i64,),
        "SELECT org_id FROM placement WHERE person_id = $1 AND kind = 'home' ORDER BY valid_from DESC, id DESC LIMIT 1",
        person.0
    )?;
    if let Some((org,)) = row {
        return Ok(Some(OrgId(org)));
    }
    let row: Option<(Option<i64>,)> = q_opt!(
        conn,
        (Option<i64>,),
        "SELECT affiliation_org_id FROM person WHERE id = $1",
        person.0
    )?;
    Ok(row.and_then(|(o,)| o).map(OrgId).or(fallback))
}

/// Bumps the version of a person record, checking `expected` when given.
async fn bump_person(
    w: &mut UnitOfWork,
    before: &PersonRecord,
    expected: Option<i64>,
) -> Result<()> {
    let id = before.person.id;
    let row: Option<(i64,)> = q_opt!(
        &mut w.conn(),
        (i64,),
        "UPDATE person SET version = version + 1 WHERE id = $1 AND ($2 IS NULL OR version = $2) RETURNING version",
        id.0,
        expected
    )?;
    if row.is_none() {
        return Err(StoreError::Stale {
            entity: "person",
            expected: expected.unwrap_or_default(),
            actual: before.version,
            current: serde_json::to_value(before)?,
        });
    }
    Ok(())
}

/// Every write validates through the domain here, whatever the caller checked before, so no
/// path (web, API, CLI, demo loader) can skip a check: the person's dates
/// ([`PersonDraft::validate`]), the party record on its own ([`Member::validate`]) and
/// against the person and today ([`Member::check_dates`]), statuses against the admission
/// ([`check_status_start`]), overlaps ([`check_placement`], [`check_status`],
/// [`check_role`]). "Today" is the actor's date ([`crate::Actor::today`]).
impl People<'_> {
    pub async fn create(&mut self, draft: &PersonDraft) -> Result<PersonId> {
        let w = &mut *self.0;
        draft.validate(w.actor().today())?;
        ensure_citizen_id_free(&mut w.conn(), draft.citizen_id.as_ref(), -1).await?;
        let (id,): (i64,) = q_one!(
            &mut w.conn(),
            (i64,),
            "INSERT INTO person (full_name, birth_date, sex, ethnicity, citizen_id, phone, affiliation_org_id, affiliation_kind)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            draft.full_name.as_str(),
            draft.birth_date,
            draft.sex.map(Sex::code),
            draft.ethnicity.as_deref(),
            draft.citizen_id.as_ref().map(CitizenId::as_str),
            draft.phone.as_ref().map(Phone::as_str),
            draft.affiliation.map(|a| a.org.0),
            draft.affiliation.map(|a| a.kind.code()),
        )?;
        let id = PersonId(id);
        let after = fetch_person(&mut w.conn(), id).await?;
        w.touch(|t| t.people = true);
        w.audit(
            AuditAction::PersonCreate,
            &id.to_string(),
            draft.affiliation.map(|a| a.org),
            None,
            Some(serde_json::to_value(&after)?),
        )
        .await?;
        Ok(id)
    }

    /// Replaces a person's details. `expected` is the version the editor read. A party
    /// record must still hold against the new birth date ([`Member::check_dates`]).
    pub async fn update(
        &mut self,
        id: PersonId,
        draft: &PersonDraft,
        expected: Option<i64>,
    ) -> Result<()> {
        self.update_profile(id, draft, None, expected).await
    }

    /// Saves a profile: the person's details and, when given, their party record, checked
    /// together (a corrected birth date and admission date are judged against each other,
    /// not against the old values) and written in this unit.
    pub async fn update_profile(
        &mut self,
        id: PersonId,
        draft: &PersonDraft,
        member: Option<&Member>,
        expected: Option<i64>,
    ) -> Result<()> {
        let today = self.0.actor().today();
        draft.validate(today)?;
        let before = fetch_person(&mut self.0.conn(), id)
            .await?
            .ok_or(StoreError::NotFound("person"))?;
        match member {
            Some(m) => {
                m.validate()?;
                m.check_dates(draft.birth_date, today)?;
            }
            None => {
                if let Some(m) = &before.member {
                    m.check_dates(draft.birth_date, today)?;
                }
            }
        }
        self.write_person(before, draft, expected).await?;
        if let Some(m) = member {
            self.set_member(
                &Member {
                    person: id,
                    ..m.clone()
                },
                None,
            )
            .await?;
        }
        Ok(())
    }

    async fn write_person(
        &mut self,
        before: PersonRecord,
        draft: &PersonDraft,
        expected: Option<i64>,
    ) -> Result<()> {
        let w = &mut *self.0;
        let id = before.person.id;
        bump_person(w, &before, expected).await?;
        ensure_citizen_id_free(&mut w.conn(), draft.citizen_id.as_ref(), id.0).await?;
        q_exec!(
            &mut w.conn(),
            "UPDATE person SET full_name = $1, birth_date = $2, sex = $3, ethnicity = $4, citizen_id = $5, phone = $6,
             affiliation_org_id = $7, affiliation_kind = $8 WHERE id = $9",
            draft.full_name.as_str(),
            draft.birth_date,
            draft.sex.map(Sex::code),
            draft.ethnicity.as_deref(),
            draft.citizen_id.as_ref().map(CitizenId::as_str),
            draft.phone.as_ref().map(Phone::as_str),
            draft.affiliation.map(|a| a.org.0),
            draft.affiliation.map(|a| a.kind.code()),
            id.0,
        )?;
        let after = fetch_person(&mut w.conn(), id).await?;
        let org = org_of_person(&mut w.conn(), id, draft.affiliation.map(|a| a.org)).await?;
        w.touch(|t| t.people = true);
        w.audit(
            AuditAction::PersonUpdate,
            &id.to_string(),
            org,
            Some(serde_json::to_value(&before)?),
            Some(serde_json::to_value(&after)?),
        )
        .await?;
        Ok(())
    }

    /// Creates or replaces the party record of a person (admission, ceremony and official
    /// dates, card number), validated by the domain (ADM-PRB-02). `expected` is the version
    /// the editor read; in a unit that also updated the person, pass `None` here.
    pub async fn set_member(&mut self, member: &Member, expected: Option<i64>) -> Result<()> {
        member.validate()?;
        let w = &mut *self.0;
        let today = w.actor().today();
        let before = fetch_person(&mut w.conn(), member.person)
            .await?
            .ok_or(StoreError::NotFound("person"))?;
        member.check_dates(before.person.birth_date, today)?;
        // Statuses already recorded must not start before a moved admission date.
        for s in statuses_of(&mut w.conn(), member.person).await? {
            check_status_start(Some(member), s.period.from())?;
        }
        bump_person(w, &before, expected).await?;
        if let Some(card) = &member.card_number {
            let clash: Option<(i64,)> = q_opt!(
                &mut w.conn(),
                (i64,),
                "SELECT person_id FROM member WHERE card_number = $1 AND person_id <> $2",
                card.as_str(),
                member.person.0
            )?;
            if clash.is_some() {
                return Err(StoreError::Conflict {
                    field: "card_number",
                });
            }
        }
        q_exec!(
            &mut w.conn(),
            "DELETE FROM member WHERE person_id = $1",
            member.person.0
        )?;
        q_exec!(
            &mut w.conn(),
            "INSERT INTO member (person_id, admission_date, decision_ref, ceremony_date, official_date,
               recognition_date, recognition_ref, card_number)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            member.person.0,
            member.admission_date,
            member.decision_ref.as_deref(),
            member.ceremony_date,
            member.official_date,
            member.recognition_date,
            member.recognition_ref.as_deref(),
            member.card_number.as_ref().map(CardNumber::as_str),
        )?;
        let org = org_of_person(&mut w.conn(), member.person, None).await?;
        w.touch(|t| t.people = true);
        w.audit(
            AuditAction::MemberSet,
            &member.person.to_string(),
            org,
            before
                .member
                .as_ref()
                .map(serde_json::to_value)
                .transpose()?,
            Some(serde_json::to_value(member)?),
        )
        .await?;
        Ok(())
    }

    /// Places a person in a cell (home or attached, MTG-ATT-12); the cell must be in force
    /// on the start date and placements of one kind may not overlap.
    pub async fn add_placement(&mut self, placement: &Placement) -> Result<()> {
        self.place(placement, false).await
    }

    /// [`People::add_placement`], or with `sandbox` a placement in a practice group's
    /// sandbox cell (only the training repository asks for one). TRN-01: the boundary is
    /// kept both ways — a real person is never placed in a sandbox cell, nor anyone with a
    /// sandbox placement in a real cell.
    pub(crate) async fn place(&mut self, placement: &Placement, sandbox: bool) -> Result<()> {
        let w = &mut *self.0;
        let target_sandbox = crate::sandbox::is_sandbox(&mut w.conn(), placement.org).await?;
        let elsewhere: Vec<(bool,)> = q_all!(
            &mut w.conn(),
            (bool,),
            "SELECT o.sandbox FROM placement p JOIN org o ON o.id = p.org_id WHERE p.person_id = $1",
            placement.person.0
        )?;
        if target_sandbox != sandbox || elsewhere.iter().any(|(s,)| *s != target_sandbox) {
            return Err(chibo_domain::training::PracticeError::SandboxBoundary.into());
        }
        let kind: Option<(String,)> = q_opt!(
            &mut w.conn(),
            (String,),
            "SELECT kind FROM org_version WHERE org_id = $1 AND valid_from <= $2
               AND (valid_until IS NULL OR valid_until >= $2)",
            placement.org.0,
            placement.period.from()
        )?;
        let Some((kind,)) = kind else {
            return Err(DomainError::OrgNotInForce(placement.org).into());
        };
        if !chibo_domain::org::OrgKind::from_code(&kind).is_some_and(|k| k.is_cell()) {
            return Err(DomainError::Malformed {
                field: "org",
                reason: "members are placed in cells",
            }
            .into());
        }
        let existing = placements(&mut w.conn(), Of::Person(placement.person)).await?;
        check_placement(&existing, placement)?;
        q_exec!(
            &mut w.conn(),
            "INSERT INTO placement (person_id, org_id, kind, valid_from, valid_until, note) VALUES ($1, $2, $3, $4, $5, $6)",
            placement.person.0,
            placement.org.0,
            placement.kind.code(),
            placement.period.from(),
            placement.period.until(),
            placement.note.as_deref(),
        )
        .map_err(|e| overlap_as_domain(e.into(), placement.person))?;
        w.touch(|t| t.people = true);
        w.audit(
            AuditAction::PlacementAdd,
            &placement.person.to_string(),
            Some(placement.org),
            None,
            Some(serde_json::to_value(placement)?),
        )
        .await?;
        Ok(())
    }

    /// Creates a person, their party record and their placement: a clash on any part
    /// (citizen ID, card number, placement) leaves nothing behind once the unit is dropped.
    pub async fn enrol(
        &mut self,
        draft: &PersonDraft,
        member: &Member,
        placement: &Placement,
    ) -> Result<PersonId> {
        self.enrol_in(draft, member, placement, false).await
    }

    /// [`People::enrol`] in a real cell, or with `sandbox` in a sandbox cell (training).
    pub(crate) async fn enrol_in(
        &mut self,
        draft: &PersonDraft,
        member: &Member,
        placement: &Placement,
        sandbox: bool,
    ) -> Result<PersonId> {
        member.validate()?;
        let id = self.create(draft).await?;
        self.set_member(
            &Member {
                person: id,
                ..member.clone()
            },
            None,
        )
        .await?;
        self.place(
            &Placement {
                person: id,
                ..placement.clone()
            },
            sandbox,
        )
        .await?;
        Ok(id)
    }

    /// Adds a dated status; it may not start before the admission
    /// ([`check_status_start`]) nor overlap another ([`check_status`]).
    pub async fn add_status(&mut self, status: &StatusPeriod) -> Result<()> {
        let w = &mut *self.0;
        let record = fetch_person(&mut w.conn(), status.person)
            .await?
            .ok_or(StoreError::NotFound("person"))?;
        check_status_start(record.member.as_ref(), status.period.from())?;
        let existing = statuses_of(&mut w.conn(), status.person).await?;
        check_status(&existing, status)?;
        q_exec!(
            &mut w.conn(),
            "INSERT INTO member_status (person_id, kind, valid_from, valid_until, note) VALUES ($1, $2, $3, $4, $5)",
            status.person.0,
            status.kind.code(),
            status.period.from(),
            status.period.until(),
            status.note.as_deref(),
        )
        .map_err(|e| overlap_as_domain(e.into(), status.person))?;
        let org = org_of_person(&mut w.conn(), status.person, None).await?;
        w.touch(|t| t.people = true);
        w.audit(
            AuditAction::StatusAdd,
            &status.person.to_string(),
            org,
            None,
            Some(serde_json::to_value(status)?),
        )
        .await?;
        Ok(())
    }

    /// Ends `person`'s placement of `kind` in `org` on `last_day` (inclusive): the placement
    /// must cover that day. Ending a home placement also ends the party roles held in that
    /// cell on that day (MEM-TR-01: an official transfer takes the member and any seat away).
    pub async fn end_placement(
        &mut self,
        person: PersonId,
        org: OrgId,
        kind: chibo_domain::member::PlacementKind,
        last_day: Date,
    ) -> Result<()> {
        let w = &mut *self.0;
        let row: Option<(i64, Date)> = q_opt!(
            &mut w.conn(),
            (i64, Date),
            "SELECT id, valid_from FROM placement WHERE person_id = $1 AND org_id = $2 AND kind = $3
               AND valid_from <= $4 AND (valid_until IS NULL OR valid_until >= $4)",
            person.0,
            org.0,
            kind.code(),
            last_day
        )?;
        let Some((id, _)) = row else {
            return Err(chibo_domain::lifecycle::LifecycleError::NotAtHome.into());
        };
        q_exec!(
            &mut w.conn(),
            "UPDATE placement SET valid_until = $2 WHERE id = $1",
            id,
            last_day
        )?;
        if kind == chibo_domain::member::PlacementKind::Home {
            q_exec!(
                &mut w.conn(),
                "UPDATE party_role SET valid_until = $3 WHERE person_id = $1 AND org_id = $2
                   AND valid_from <= $3 AND (valid_until IS NULL OR valid_until > $3)",
                person.0,
                org.0,
                last_day
            )?;
        }
        w.touch(|t| t.people = true);
        w.audit(
            AuditAction::PlacementEnd,
            &person.to_string(),
            Some(org),
            None,
            Some(serde_json::json!({ "org": org.0, "kind": kind.code(), "last_day": last_day })),
        )
        .await?;
        Ok(())
    }

    /// Ends `person`'s status of `kind` that started on `from` on `last_day` (inclusive),
    /// which must be on or after its start and before its current end. The caller's unit of
    /// work records the audit event of what ended it (MEM-EX-02: a return from exemption).
    pub async fn end_status(
        &mut self,
        person: PersonId,
        kind: chibo_domain::member::StatusKind,
        from: Date,
        last_day: Date,
    ) -> Result<()> {
        let w = &mut *self.0;
        let n = q_exec!(
            &mut w.conn(),
            "UPDATE member_status SET valid_until = $4 WHERE person_id = $1 AND kind = $2
               AND valid_from = $3 AND valid_from <= $4 AND (valid_until IS NULL OR valid_until > $4)",
            person.0,
            kind.code(),
            from,
            last_day
        )?;
        if n == 0 {
            return Err(chibo_domain::lifecycle::LifecycleError::ExemptionOrder.into());
        }
        w.touch(|t| t.people = true);
        Ok(())
    }

    pub async fn add_role(&mut self, role: &RoleAssignment) -> Result<()> {
        let w = &mut *self.0;
        let existing = roles(&mut w.conn(), Of::Org(role.org)).await?;
        check_role(&existing, role)?;
        q_exec!(
            &mut w.conn(),
            "INSERT INTO party_role (person_id, org_id, role, group_id, valid_from, valid_until) VALUES ($1, $2, $3, $4, $5, $6)",
            role.person.0,
            role.org.0,
            role.role.code(),
            role.group.map(|g| g.0),
            role.period.from(),
            role.period.until(),
        )
        .map_err(|e| overlap_as_domain(e.into(), role.person))?;
        w.touch(|t| t.people = true);
        w.audit(
            AuditAction::RoleAdd,
            &role.person.to_string(),
            Some(role.org),
            None,
            Some(serde_json::to_value(role)?),
        )
        .await?;
        Ok(())
    }
}
