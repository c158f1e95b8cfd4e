//! People, party records, placements in cells, statuses and party roles. Overlap checks run
//! inside the writing transaction against the rows already stored, using the domain's rules,
//! so two requests cannot both slip past them unseen on SQLite (one writer at a time) and
//! the unique constraints back them up on PostgreSQL.

use chibo_domain::member::{
    check_placement, check_role, check_status, Member, PartyRole, Placement, PlacementKind,
    RoleAssignment, StatusKind, StatusPeriod,
};
use chibo_domain::person::{
    Affiliation, CardNumber, CitizenId, NonMemberKind, Person, PersonDraft, Phone, Sex,
};
use chibo_domain::text::Name;
use chibo_domain::{OrgId, Period, PersonId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row, Transaction};

use crate::audit::{record, Actor};
use crate::codec::{corrupt, date_text, opt_date_text, parse_date, parse_opt_date};
use crate::error::StoreError;
use crate::{Result, Store};

/// A person with their party record, if a member.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PersonRecord {
    pub person: Person,
    pub member: Option<Member>,
}

/// Every dated record that bears on one cell: enough for the domain to compute its roster,
/// flags and (later) vote denominators on any date.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CellRecords {
    pub people: Vec<PersonRecord>,
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
}

const PERSON_COLUMNS: &str = "p.id, p.full_name, p.birth_date, p.sex, p.ethnicity, p.citizen_id, p.phone, \
    p.affiliation_org_id, p.affiliation_kind, m.person_id AS m_person, m.admission_date, m.decision_ref, \
    m.ceremony_date, m.official_date, m.card_number";

fn person_from_row(r: &AnyRow) -> Result<PersonRecord> {
    let name: String = r.try_get("full_name")?;
    let sex: Option<String> = r.try_get("sex")?;
    let cid: Option<String> = r.try_get("citizen_id")?;
    let phone: Option<String> = r.try_get("phone")?;
    let aff_org: Option<i64> = r.try_get("affiliation_org_id")?;
    let aff_kind: Option<String> = r.try_get("affiliation_kind")?;
    let person = Person {
        id: PersonId(r.try_get("id")?),
        full_name: Name::parse("full_name", &name)
            .map_err(|_| corrupt("person.full_name", &name))?,
        birth_date: parse_opt_date("birth_date", r.try_get("birth_date")?)?,
        sex: sex
            .map(|s| Sex::from_code(&s).ok_or_else(|| corrupt("person.sex", &s)))
            .transpose()?,
        ethnicity: r.try_get("ethnicity")?,
        citizen_id: cid
            .map(|c| CitizenId::parse(&c).map_err(|_| corrupt("person.citizen_id", &c)))
            .transpose()?,
        phone: phone
            .map(|p| Phone::parse(&p).map_err(|_| corrupt("person.phone", &p)))
            .transpose()?,
        affiliation: match (aff_org, aff_kind) {
            (Some(org), Some(kind)) => Some(Affiliation {
                org: OrgId(org),
                kind: NonMemberKind::from_code(&kind)
                    .ok_or_else(|| corrupt("person.affiliation_kind", &kind))?,
            }),
            _ => None,
        },
    };
    let member = match r.try_get::<Option<i64>, _>("m_person")? {
        None => None,
        Some(pid) => {
            let card: Option<String> = r.try_get("card_number")?;
            Some(Member {
                person: PersonId(pid),
                admission_date: parse_date(
                    "admission_date",
                    &r.try_get::<String, _>("admission_date")?,
                )?,
                decision_ref: r.try_get("decision_ref")?,
                ceremony_date: parse_opt_date("ceremony_date", r.try_get("ceremony_date")?)?,
                official_date: parse_opt_date("official_date", r.try_get("official_date")?)?,
                card_number: card
                    .map(|c| CardNumber::parse(&c).map_err(|_| corrupt("member.card_number", &c)))
                    .transpose()?,
            })
        }
    };
    Ok(PersonRecord { person, member })
}

fn placement_from_row(r: &AnyRow) -> Result<Placement> {
    let kind: String = r.try_get("kind")?;
    Ok(Placement {
        person: PersonId(r.try_get("person_id")?),
        org: OrgId(r.try_get("org_id")?),
        kind: PlacementKind::from_code(&kind).ok_or_else(|| corrupt("placement.kind", &kind))?,
        period: period_from_row(r)?,
        note: r.try_get("note")?,
    })
}

fn status_from_row(r: &AnyRow) -> Result<StatusPeriod> {
    let kind: String = r.try_get("kind")?;
    Ok(StatusPeriod {
        person: PersonId(r.try_get("person_id")?),
        kind: StatusKind::from_code(&kind).ok_or_else(|| corrupt("member_status.kind", &kind))?,
        period: period_from_row(r)?,
        note: r.try_get("note")?,
    })
}

fn role_from_row(r: &AnyRow) -> Result<RoleAssignment> {
    let role: String = r.try_get("role")?;
    Ok(RoleAssignment {
        person: PersonId(r.try_get("person_id")?),
        org: OrgId(r.try_get("org_id")?),
        role: PartyRole::from_code(&role).ok_or_else(|| corrupt("party_role.role", &role))?,
        group: r
            .try_get::<Option<i64>, _>("group_id")?
            .map(chibo_domain::ids::PartyGroupId),
        period: period_from_row(r)?,
    })
}

fn period_from_row(r: &AnyRow) -> Result<Period> {
    Ok(Period::new(
        parse_date("valid_from", &r.try_get::<String, _>("valid_from")?)?,
        parse_opt_date("valid_until", r.try_get("valid_until")?)?,
    )?)
}

async fn fetch_placements<'e, E: Executor<'e, Database = Any>>(
    exec: E,
    filter: &str,
    id: i64,
) -> Result<Vec<Placement>> {
    let rows = sqlx::query(&format!(
        "SELECT person_id, org_id, kind, valid_from, valid_until, note FROM placement WHERE {filter} = $1 ORDER BY valid_from, id"
    ))
    .bind(id)
    .fetch_all(exec)
    .await?;
    rows.iter().map(placement_from_row).collect()
}

async fn fetch_statuses<'e, E: Executor<'e, Database = Any>>(
    exec: E,
    person: PersonId,
) -> Result<Vec<StatusPeriod>> {
    let rows = sqlx::query(
        "SELECT person_id, kind, valid_from, valid_until, note FROM member_status WHERE person_id = $1 ORDER BY valid_from",
    )
    .bind(person.0)
    .fetch_all(exec)
    .await?;
    rows.iter().map(status_from_row).collect()
}

async fn fetch_roles<'e, E: Executor<'e, Database = Any>>(
    exec: E,
    filter: &str,
    id: i64,
) -> Result<Vec<RoleAssignment>> {
    let rows = sqlx::query(&format!(
        "SELECT person_id, org_id, role, group_id, valid_from, valid_until FROM party_role WHERE {filter} = $1 ORDER BY valid_from, id"
    ))
    .bind(id)
    .fetch_all(exec)
    .await?;
    rows.iter().map(role_from_row).collect()
}

async fn fetch_person<'e, E: Executor<'e, Database = Any>>(
    exec: E,
    id: PersonId,
) -> Result<Option<PersonRecord>> {
    let row = sqlx::query(&format!(
        "SELECT {PERSON_COLUMNS} FROM person p LEFT JOIN member m ON m.person_id = p.id WHERE p.id = $1"
    ))
    .bind(id.0)
    .fetch_optional(exec)
    .await?;
    row.as_ref().map(person_from_row).transpose()
}

/// Explicit uniqueness checks give a precise error before the constraint would fire; the
/// constraints remain the guarantee.
async fn ensure_unique(
    tx: &mut Transaction<'_, Any>,
    sql: &str,
    value: Option<&str>,
    except: i64,
    field: &'static str,
) -> Result<()> {
    if let Some(value) = value {
        let clash = sqlx::query(sql)
            .bind(value)
            .bind(except)
            .fetch_optional(&mut **tx)
            .await?;
        if clash.is_some() {
            return Err(StoreError::Conflict { field });
        }
    }
    Ok(())
}

impl Store {
    pub async fn person(&self, id: PersonId) -> Result<Option<PersonRecord>> {
        fetch_person(self.pool(), id).await
    }

    pub async fn create_person(&self, actor: &Actor, draft: &PersonDraft) -> Result<PersonId> {
        let mut tx = self.pool().begin().await?;
        let out = create_person_tx(&mut tx, actor, draft).await?;
        tx.commit().await?;
        Ok(out)
    }

    pub async fn update_person(
        &self,
        actor: &Actor,
        id: PersonId,
        draft: &PersonDraft,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        let before = fetch_person(&mut *tx, id)
            .await?
            .ok_or(StoreError::NotFound("person"))?;
        ensure_unique(
            &mut tx,
            "SELECT id FROM person WHERE citizen_id = $1 AND id <> $2",
            draft.citizen_id.as_ref().map(CitizenId::as_str),
            id.0,
            "citizen_id",
        )
        .await?;
        sqlx::query(
            "UPDATE person SET full_name = $1, birth_date = $2, sex = $3, ethnicity = $4, citizen_id = $5, phone = $6,
             affiliation_org_id = $7, affiliation_kind = $8 WHERE id = $9",
        )
        .bind(draft.full_name.as_str())
        .bind(opt_date_text(draft.birth_date))
        .bind(draft.sex.map(Sex::code))
        .bind(draft.ethnicity.clone())
        .bind(draft.citizen_id.as_ref().map(|c| c.as_str().to_string()))
        .bind(draft.phone.as_ref().map(|p| p.as_str().to_string()))
        .bind(draft.affiliation.map(|a| a.org.0))
        .bind(draft.affiliation.map(|a| a.kind.code()))
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_sqlx)?;
        let after = fetch_person(&mut *tx, id).await?;
        let org = org_of_person_tx(&mut tx, id, draft.affiliation.map(|a| a.org)).await?;
        record(
            &mut tx,
            actor,
            "person.update",
            "person",
            &id.to_string(),
            org,
            Some(&serde_json::to_value(&before)?),
            Some(&serde_json::to_value(&after)?),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Creates or replaces the party record of a person (admission, ceremony and official
    /// dates, card number).
    pub async fn set_member(&self, actor: &Actor, member: &Member) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        set_member_tx(&mut tx, actor, member).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn add_placement(&self, actor: &Actor, placement: &Placement) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        add_placement_tx(&mut tx, actor, placement).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Creates a person, their party record and their placement in one transaction: a
    /// clash on any part (citizen ID, card number, placement) leaves nothing behind.
    pub async fn enrol_member(
        &self,
        actor: &Actor,
        draft: &PersonDraft,
        member: &Member,
        placement: &Placement,
    ) -> Result<PersonId> {
        member.validate()?;
        let mut tx = self.pool().begin().await?;
        let id = create_person_tx(&mut tx, actor, draft).await?;
        set_member_tx(
            &mut tx,
            actor,
            &Member {
                person: id,
                ..member.clone()
            },
        )
        .await?;
        add_placement_tx(
            &mut tx,
            actor,
            &Placement {
                person: id,
                ..placement.clone()
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn add_status(&self, actor: &Actor, status: &StatusPeriod) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        let existing = fetch_statuses(&mut *tx, status.person).await?;
        check_status(&existing, status)?;
        sqlx::query("INSERT INTO member_status (person_id, kind, valid_from, valid_until, note) VALUES ($1, $2, $3, $4, $5)")
            .bind(status.person.0)
            .bind(status.kind.code())
            .bind(date_text(status.period.from()))
            .bind(opt_date_text(status.period.until()))
            .bind(status.note.clone())
            .execute(&mut *tx)
            .await?;
        let org = org_of_person_tx(&mut tx, status.person, None).await?;
        let after = serde_json::to_value(status)?;
        record(
            &mut tx,
            actor,
            "status.add",
            "person",
            &status.person.to_string(),
            org,
            None,
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn add_role(&self, actor: &Actor, role: &RoleAssignment) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        let existing = fetch_roles(&mut *tx, "org_id", role.org.0).await?;
        check_role(&existing, role)?;
        sqlx::query(
            "INSERT INTO party_role (person_id, org_id, role, group_id, valid_from, valid_until) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(role.person.0)
        .bind(role.org.0)
        .bind(role.role.code())
        .bind(role.group.map(|g| g.0))
        .bind(date_text(role.period.from()))
        .bind(opt_date_text(role.period.until()))
        .execute(&mut *tx)
        .await?;
        let after = serde_json::to_value(role)?;
        record(
            &mut tx,
            actor,
            "role.add",
            "person",
            &role.person.to_string(),
            Some(role.org),
            None,
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// All records of everyone ever placed in `org`, plus its affiliated non-members.
    pub async fn cell_records(&self, org: OrgId) -> Result<CellRecords> {
        let placements = fetch_placements(self.pool(), "org_id", org.0).await?;
        let rows = sqlx::query(&format!(
            "SELECT {PERSON_COLUMNS} FROM person p LEFT JOIN member m ON m.person_id = p.id
             WHERE p.id IN (SELECT person_id FROM placement WHERE org_id = $1 UNION SELECT id FROM person WHERE affiliation_org_id = $1)
             ORDER BY p.id"
        ))
        .bind(org.0)
        .fetch_all(self.pool())
        .await?;
        let all: Vec<PersonRecord> = rows.iter().map(person_from_row).collect::<Result<_>>()?;
        let placed: Vec<PersonId> = placements.iter().map(|p| p.person).collect();
        let (people, others): (Vec<_>, Vec<_>) =
            all.into_iter().partition(|p| placed.contains(&p.person.id));
        let mut statuses = Vec::new();
        let ids: Vec<PersonId> = people.iter().map(|p| p.person.id).collect();
        if !ids.is_empty() {
            let list = ids
                .iter()
                .map(|i| i.0.to_string())
                .collect::<Vec<_>>()
                .join(",");
            let rows = sqlx::query(&format!(
                "SELECT person_id, kind, valid_from, valid_until, note FROM member_status WHERE person_id IN ({list}) ORDER BY valid_from"
            ))
            .fetch_all(self.pool())
            .await?;
            statuses = rows.iter().map(status_from_row).collect::<Result<_>>()?;
        }
        let roles = fetch_roles(self.pool(), "org_id", org.0).await?;
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

    /// A person's own dated records (profile page, access decisions).
    pub async fn person_history(
        &self,
        person: PersonId,
    ) -> Result<(Vec<Placement>, Vec<StatusPeriod>, Vec<RoleAssignment>)> {
        Ok((
            fetch_placements(self.pool(), "person_id", person.0).await?,
            fetch_statuses(self.pool(), person).await?,
            fetch_roles(self.pool(), "person_id", person.0).await?,
        ))
    }
}

pub(crate) async fn create_person_tx(
    tx: &mut Transaction<'_, Any>,
    actor: &Actor,
    draft: &PersonDraft,
) -> Result<PersonId> {
    ensure_unique(
        tx,
        "SELECT id FROM person WHERE citizen_id = $1 AND id <> $2",
        draft.citizen_id.as_ref().map(CitizenId::as_str),
        -1,
        "citizen_id",
    )
    .await?;
    let row = sqlx::query(
            "INSERT INTO person (full_name, birth_date, sex, ethnicity, citizen_id, phone, affiliation_org_id, affiliation_kind)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(draft.full_name.as_str())
        .bind(opt_date_text(draft.birth_date))
        .bind(draft.sex.map(Sex::code))
        .bind(draft.ethnicity.clone())
        .bind(draft.citizen_id.as_ref().map(|c| c.as_str().to_string()))
        .bind(draft.phone.as_ref().map(|p| p.as_str().to_string()))
        .bind(draft.affiliation.map(|a| a.org.0))
        .bind(draft.affiliation.map(|a| a.kind.code()))
        .fetch_one(&mut **tx)
        .await
        .map_err(StoreError::from_sqlx)?;
    let id = PersonId(row.try_get(0)?);
    let after = fetch_person(&mut **tx, id).await?;
    let org = draft.affiliation.map(|a| a.org);
    record(
        tx,
        actor,
        "person.create",
        "person",
        &id.to_string(),
        org,
        None,
        Some(&serde_json::to_value(&after)?),
    )
    .await?;
    Ok(id)
}

pub(crate) async fn set_member_tx(
    tx: &mut Transaction<'_, Any>,
    actor: &Actor,
    member: &Member,
) -> Result<()> {
    let before = fetch_person(&mut **tx, member.person)
        .await?
        .ok_or(StoreError::NotFound("person"))?;
    ensure_unique(
        tx,
        "SELECT person_id FROM member WHERE card_number = $1 AND person_id <> $2",
        member.card_number.as_ref().map(CardNumber::as_str),
        member.person.0,
        "card_number",
    )
    .await?;
    sqlx::query("DELETE FROM member WHERE person_id = $1")
        .bind(member.person.0)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
            "INSERT INTO member (person_id, admission_date, decision_ref, ceremony_date, official_date, card_number)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(member.person.0)
        .bind(date_text(member.admission_date))
        .bind(member.decision_ref.clone())
        .bind(opt_date_text(member.ceremony_date))
        .bind(opt_date_text(member.official_date))
        .bind(member.card_number.as_ref().map(|c| c.as_str().to_string()))
        .execute(&mut **tx)
        .await
        .map_err(StoreError::from_sqlx)?;
    let org = org_of_person_tx(tx, member.person, None).await?;
    record(
        tx,
        actor,
        "member.set",
        "person",
        &member.person.to_string(),
        org,
        before
            .member
            .as_ref()
            .map(serde_json::to_value)
            .transpose()?
            .as_ref(),
        Some(&serde_json::to_value(member)?),
    )
    .await?;
    Ok(())
}

pub(crate) async fn add_placement_tx(
    tx: &mut Transaction<'_, Any>,
    actor: &Actor,
    placement: &Placement,
) -> Result<()> {
    let tree = chibo_domain::org::OrgTree::new(crate::orgs::load_versions(&mut **tx).await?);
    let version = tree
        .version_on(placement.org, placement.period.from())
        .ok_or(chibo_domain::DomainError::OrgNotInForce(placement.org))?;
    if !version.kind.is_cell() {
        return Err(StoreError::Domain(chibo_domain::DomainError::Malformed {
            field: "org",
            reason: "members are placed in cells",
        }));
    }
    let existing = fetch_placements(&mut **tx, "person_id", placement.person.0).await?;
    check_placement(&existing, placement)?;
    sqlx::query(
            "INSERT INTO placement (person_id, org_id, kind, valid_from, valid_until, note) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(placement.person.0)
        .bind(placement.org.0)
        .bind(placement.kind.code())
        .bind(date_text(placement.period.from()))
        .bind(opt_date_text(placement.period.until()))
        .bind(placement.note.clone())
        .execute(&mut **tx)
        .await?;
    let after = serde_json::to_value(placement)?;
    record(
        tx,
        actor,
        "placement.add",
        "person",
        &placement.person.to_string(),
        Some(placement.org),
        None,
        Some(&after),
    )
    .await?;
    Ok(())
}

/// The organisation an audit event about a person belongs to: the latest home cell, else
/// the non-member's affiliation.
async fn org_of_person_tx(
    tx: &mut Transaction<'_, Any>,
    person: PersonId,
    fallback: Option<OrgId>,
) -> Result<Option<OrgId>> {
    let row = sqlx::query(
        "SELECT org_id FROM placement WHERE person_id = $1 AND kind = 'home' ORDER BY valid_from DESC, id DESC LIMIT 1",
    )
    .bind(person.0)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(row) = row {
        return Ok(Some(OrgId(row.try_get(0)?)));
    }
    let row = sqlx::query("SELECT affiliation_org_id FROM person WHERE id = $1")
        .bind(person.0)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(match row {
        Some(r) => r.try_get::<Option<i64>, _>(0)?.map(OrgId).or(fallback),
        None => fallback,
    })
}
