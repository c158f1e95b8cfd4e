//! Use cases on people and memberships, and the read model of a cell page.

use chibo_domain::member::{
    cell_flags, status_on, Breakdown, CellFlag, CellRoster, Member, PartyRole, Placement,
    PlacementKind, RoleAssignment, Standing, StatusKind, StatusPeriod,
};
use chibo_domain::org::OrgVersion;
use chibo_domain::person::Person;
use chibo_domain::{OrgId, PersonId};
use chibo_store::{Actor, Store};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::collate::NameOrder;
use crate::error::{AppError, FieldError};
use crate::input::{DatedInput, MemberFields, MemberInput, PersonInput};

fn member_of(person: PersonId, f: MemberFields) -> Member {
    Member {
        person,
        admission_date: f.admission_date,
        decision_ref: f.decision_ref,
        ceremony_date: f.ceremony_date,
        official_date: f.official_date,
        recognition_date: f.recognition_date,
        recognition_ref: f.recognition_ref,
        card_number: f.card_number,
    }
}

/// Both parts of a form parsed, or every field error of either (the user sees them all at
/// once, and nothing is written).
fn both<A, B>(
    a: Result<A, Vec<FieldError>>,
    b: Result<B, Vec<FieldError>>,
) -> Result<(A, B), AppError> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => {
            let mut errors = a.err().unwrap_or_default();
            errors.extend(b.err().unwrap_or_default());
            Err(AppError::Invalid(errors))
        }
    }
}

/// Adds a new member to a cell: person, party record and home placement in one transaction.
/// The placement starts on `from`, or on the ceremony/admission date when not given.
pub async fn enrol_member(
    store: &Store,
    actor: &Actor,
    cell: OrgId,
    person: &PersonInput,
    member: &MemberInput,
    from: Option<Date>,
    today: Date,
) -> Result<PersonId, AppError> {
    let (draft, fields) = both(person.parse(today), member.parse())?;
    // The day the member joined this cell cannot precede the admission (a member who
    // transferred in joined after it).
    if from.is_some_and(|f| f < fields.admission_date) {
        return Err(AppError::Invalid(vec![FieldError::new(
            "joined_cell",
            "before_admission",
        )]));
    }
    let start = from
        .or(fields.ceremony_date)
        .unwrap_or(fields.admission_date);
    let placement = Placement {
        person: PersonId(0),
        org: cell,
        kind: PlacementKind::Home,
        period: chibo_domain::Period::starting(start),
        note: None,
    };
    // The repository validates the record (ADM-PRB-02, dates against birth and today).
    let member = member_of(PersonId(0), fields);
    let mut w = store.write(actor).await?;
    let id = w.people().enrol(&draft, &member, &placement).await?;
    w.commit().await?;
    Ok(id)
}

/// Adds a non-member (staff, candidate, guest) affiliated with a cell.
pub async fn add_non_member(
    store: &Store,
    actor: &Actor,
    input: &PersonInput,
    today: Date,
) -> Result<PersonId, AppError> {
    let draft = input.parse(today)?;
    if draft.affiliation.is_none() {
        return Err(AppError::Invalid(vec![FieldError::new(
            "affiliation_kind",
            "required",
        )]));
    }
    let mut w = store.write(actor).await?;
    let id = w.people().create(&draft).await?;
    w.commit().await?;
    Ok(id)
}

/// Replaces a person's details (every field as given; an absent optional field is
/// cleared). `expected` is the version the client read: a save that comes second is
/// refused with the record as it is now ([`chibo_store::StoreError::Stale`]).
pub async fn update_person(
    store: &Store,
    actor: &Actor,
    id: PersonId,
    input: &PersonInput,
    expected: Option<i64>,
    today: Date,
) -> Result<(), AppError> {
    let draft = input.parse(today)?;
    // The repository checks the party record against the new birth date.
    let mut w = store.write(actor).await?;
    w.people().update(id, &draft, expected).await?;
    Ok(w.commit().await?)
}

/// Changes only the fields a partial update names: absent fields keep their stored value,
/// `null` clears one. Without an `expected` version, the version read here is expected, so
/// a concurrent save is still refused rather than silently overwritten.
pub async fn patch_person(
    store: &Store,
    actor: &Actor,
    id: PersonId,
    patch: &PersonPatch,
    expected: Option<i64>,
    today: Date,
) -> Result<(), AppError> {
    let current = store
        .person(id)
        .await?
        .ok_or(AppError::NotFound("person"))?;
    let input = patch.apply(person_input_of(&current.person));
    update_person(
        store,
        actor,
        id,
        &input,
        expected.or(Some(current.version)),
        today,
    )
    .await
}

/// A stored person as raw input (dates ISO `yyyy-mm-dd`): what a partial update starts from.
pub fn person_input_of(p: &Person) -> PersonInput {
    PersonInput {
        full_name: Some(p.full_name.to_string()),
        birth_date: p.birth_date.map(|d| d.to_string()),
        sex: p.sex.map(|s| s.code().to_string()),
        ethnicity: p.ethnicity.clone(),
        citizen_id: p.citizen_id.as_ref().map(|c| c.as_str().to_string()),
        phone: p.phone.as_ref().map(|c| c.as_str().to_string()),
        affiliation_org: p.affiliation.map(|a| a.org.0.to_string()),
        affiliation_kind: p.affiliation.map(|a| a.kind.code().to_string()),
    }
}

/// A partial update of a person: a field that is absent stays as stored, a field sent as
/// `null` is cleared, a value replaces it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PersonPatch {
    #[serde(deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub full_name: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub birth_date: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub sex: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub ethnicity: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub citizen_id: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub phone: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub affiliation_org: Option<Option<String>>,
    #[serde(deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub affiliation_kind: Option<Option<String>>,
    /// The version the client read (alternatively the `If-Match` header).
    pub version: Option<i64>,
}

/// A field that is present (even as `null`) is `Some`; serde's `default` leaves an absent
/// one `None`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

impl PersonPatch {
    pub fn apply(&self, mut to: PersonInput) -> PersonInput {
        let set = |field: &mut Option<String>, change: &Option<Option<String>>| {
            if let Some(value) = change {
                *field = value.clone();
            }
        };
        set(&mut to.full_name, &self.full_name);
        set(&mut to.birth_date, &self.birth_date);
        set(&mut to.sex, &self.sex);
        set(&mut to.ethnicity, &self.ethnicity);
        set(&mut to.citizen_id, &self.citizen_id);
        set(&mut to.phone, &self.phone);
        set(&mut to.affiliation_org, &self.affiliation_org);
        set(&mut to.affiliation_kind, &self.affiliation_kind);
        to
    }
}

/// Saves a profile form: the person's details and, for a member, the party record, in one
/// unit of work, so a clash on either part (a card number already used) changes nothing.
/// `expected` is the version the editor read; a save that comes second is refused with
/// the record as it is now ([`chibo_store::StoreError::Stale`]).
pub async fn save_profile(
    store: &Store,
    actor: &Actor,
    id: PersonId,
    person: &PersonInput,
    member: Option<&MemberInput>,
    expected: Option<i64>,
    today: Date,
) -> Result<(), AppError> {
    let (draft, fields) = both(
        person.parse(today),
        member.map(MemberInput::parse).transpose(),
    )?;
    let member = fields.map(|f| member_of(id, f));
    let mut w = store.write(actor).await?;
    w.people()
        .update_profile(id, &draft, member.as_ref(), expected)
        .await?;
    Ok(w.commit().await?)
}

pub async fn set_member(
    store: &Store,
    actor: &Actor,
    id: PersonId,
    input: &MemberInput,
) -> Result<(), AppError> {
    let fields = input.parse()?;
    // Validated by the repository against the person and the actor's date.
    let member = member_of(id, fields);
    let mut w = store.write(actor).await?;
    w.people().set_member(&member, None).await?;
    Ok(w.commit().await?)
}

pub async fn add_status(
    store: &Store,
    actor: &Actor,
    person: PersonId,
    input: &DatedInput,
) -> Result<(), AppError> {
    let (kind, period, note) = input.parse_status()?;
    let mut w = store.write(actor).await?;
    w.people()
        .add_status(&StatusPeriod {
            person,
            kind,
            period,
            note,
        })
        .await?;
    Ok(w.commit().await?)
}

/// Adds a party role; the organisation defaults to the person's cell (`default_org`).
pub async fn add_role(
    store: &Store,
    actor: &Actor,
    person: PersonId,
    default_org: OrgId,
    input: &DatedInput,
) -> Result<OrgId, AppError> {
    let (role, period, org) = input.parse_role()?;
    let org = org.unwrap_or(default_org);
    // A party role is held by a party member of that organisation: a member in standing on
    // the first day of the role, placed (home or attached) in it or in a unit under it.
    let from = period.from();
    let record = store
        .person(person)
        .await?
        .ok_or(AppError::NotFound("person"))?;
    let (placements, statuses, _) = store.person_history(person).await?;
    let in_standing = record
        .member
        .as_ref()
        .and_then(|m| m.standing_on(from))
        .is_some()
        && status_on(&statuses, person, from).is_none_or(|s| s.effects().keeps_roles);
    if !in_standing {
        return Err(AppError::Invalid(vec![FieldError::new(
            "kind",
            "role_needs_member",
        )]));
    }
    let tree = store.org_tree().await?;
    let placed = placements
        .iter()
        .any(|p| p.period.contains(from) && tree.in_subtree_on(p.org, org, from));
    if !placed {
        return Err(AppError::Invalid(vec![FieldError::new(
            "org",
            "role_outside_membership",
        )]));
    }
    let mut w = store.write(actor).await?;
    w.people()
        .add_role(&RoleAssignment {
            person,
            org,
            role,
            group: None,
            period,
        })
        .await?;
    w.commit().await?;
    Ok(org)
}

/// The organisation whose rights govern a person's record (see
/// [`chibo_domain::member::governing_org`]); `None` for a person tied to no cell.
pub async fn governing_org(
    store: &Store,
    person: PersonId,
    date: Date,
) -> Result<Option<OrgId>, AppError> {
    let record = store
        .person(person)
        .await?
        .ok_or(AppError::NotFound("person"))?;
    let (placements, _, _) = store.person_history(person).await?;
    Ok(chibo_domain::member::governing_org(
        &placements,
        record.person.affiliation.map(|a| a.org),
        date,
    ))
}

/// One row of the member list of a cell page.
#[derive(Debug, Clone, Serialize)]
pub struct RosterRow {
    pub person: Person,
    pub standing: Standing,
    pub placement: PlacementKind,
    pub status: Option<StatusKind>,
    pub roles: Vec<PartyRole>,
    pub card_number: Option<String>,
    pub admission_date: Date,
    pub official_date: Option<Date>,
    /// The day the member joined this cell (the start of the placement here: the
    /// ceremony for one admitted here, the transfer-in date for one who came from
    /// elsewhere), apart from the admission date.
    pub joined: Date,
    pub may_vote: bool,
}

/// Everything the cell page and `GET /api/v1/orgs/{id}/members` show, on one date.
#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    pub date: Date,
    pub version: OrgVersion,
    pub breakdown: Breakdown,
    pub flags: Vec<CellFlag>,
    /// Home members, official first then probationary, each sorted by Vietnamese name.
    pub members: Vec<RosterRow>,
    /// Members attached temporarily from elsewhere (MTG-ATT-12).
    pub attached: Vec<RosterRow>,
    /// ADM-PRB-01: people of this cell with an admission decision whose ceremony has not
    /// taken place on the date. Not on the roster (not counted, not summoned); listed apart
    /// so the cell sees whom it must still admit.
    pub awaiting_ceremony: Vec<Person>,
    pub non_members: Vec<Person>,
}

pub async fn cell_view(store: &Store, org: OrgId, date: Date) -> Result<CellView, AppError> {
    let tree = store.org_tree().await?;
    let version = tree
        .version_on(org, date)
        .cloned()
        .ok_or(AppError::NotFound("org"))?;
    let records = store.cell_records(org).await?;
    let members = records.members();
    let roster = CellRoster::on(org, date, &members, &records.placements, &records.statuses);
    let flags = if version.kind.is_cell() {
        cell_flags(org, &roster, &records.roles, date)
    } else {
        Vec::new()
    };
    let order = NameOrder::shared().ok_or_else(|| AppError::Internal("collator".into()))?;
    let mut rows: Vec<RosterRow> = roster
        .entries
        .iter()
        .filter_map(|e| {
            let rec = records.person(e.person)?;
            let member = rec.member.as_ref()?;
            Some(RosterRow {
                person: rec.person.clone(),
                standing: e.standing,
                placement: e.placement,
                status: e.status,
                roles: records
                    .roles
                    .iter()
                    .filter(|r| r.person == e.person && r.period.contains(date))
                    .map(|r| r.role)
                    .collect(),
                card_number: member.card_number.as_ref().map(|c| c.as_str().to_string()),
                admission_date: member.admission_date,
                official_date: member.official_date,
                joined: records
                    .placements
                    .iter()
                    .find(|p| {
                        p.person == e.person
                            && p.org == org
                            && p.kind == e.placement
                            && p.period.contains(date)
                    })
                    .map_or(member.admission_date, |p| p.period.from()),
                may_vote: e.may_vote(),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        let rank = |r: &RosterRow| (r.standing != Standing::Official) as u8;
        rank(a)
            .cmp(&rank(b))
            .then_with(|| order.compare(a.person.full_name.as_str(), b.person.full_name.as_str()))
    });
    let (members, attached): (Vec<_>, Vec<_>) = rows
        .into_iter()
        .partition(|r| r.placement == PlacementKind::Home);
    let placed: Vec<PersonId> = members
        .iter()
        .chain(attached.iter())
        .map(|r| r.person.id)
        .collect();
    let mut awaiting_ceremony: Vec<Person> = records
        .people
        .iter()
        .filter(|p| !placed.contains(&p.person.id))
        .filter(|p| {
            p.member
                .as_ref()
                .is_some_and(|m| m.awaiting_ceremony_on(date))
        })
        .filter(|p| {
            let home_here = records.placements.iter().any(|pl| {
                pl.person == p.person.id
                    && pl.org == org
                    && pl.kind == PlacementKind::Home
                    && pl.period.from() <= date
                    && pl.period.until().is_none_or(|u| u >= date)
            });
            home_here || p.person.affiliation.is_some_and(|a| a.org == org)
        })
        .map(|p| p.person.clone())
        .collect();
    order.sort_by_name(&mut awaiting_ceremony, |p| p.full_name.as_str());
    let mut non_members: Vec<Person> = records
        .non_members
        .iter()
        .cloned()
        .chain(
            // People admitted later are staff until their placement starts.
            records
                .people
                .iter()
                .filter(|p| {
                    !placed.contains(&p.person.id)
                        && p.person.affiliation.is_some_and(|a| a.org == org)
                })
                .filter(|p| p.member.as_ref().is_none_or(|m| m.admission_date > date))
                .map(|p| p.person.clone()),
        )
        .collect();
    order.sort_by_name(&mut non_members, |p| p.full_name.as_str());
    Ok(CellView {
        date,
        version,
        breakdown: roster.breakdown(),
        flags,
        members,
        attached,
        awaiting_ceremony,
        non_members,
    })
}

/// A probationary member whose 12 months have ended without a recognition decision
/// (ADM-PRB-01/03), with the cell's deadline to consider recognition (ADM-REC-01).
#[derive(Debug, Clone, Serialize)]
pub struct RecognitionDue {
    pub person: PersonId,
    pub name: String,
    pub ceremony_date: Date,
    /// The day probation was complete (the anniversary of the ceremony, ADM-PRB-03).
    pub complete_on: Date,
    /// The last day of the ADM-REC-01 deadline (30 working days after `complete_on`);
    /// `None` when the date is beyond the working-day calendar.
    pub deadline: Option<Date>,
    /// Working days from `date` to the deadline: left when positive, overdue by that many
    /// when negative.
    pub working_days_left: Option<i64>,
    pub overdue: bool,
}

/// ADM-PRB-01/03, ADM-REC-01/02: the home members of `cell` on `date` whose probation has
/// ended and whose recognition the cell must consider, each separately, soonest deadline
/// first.
pub async fn recognitions_due(
    store: &Store,
    cell: OrgId,
    date: Date,
) -> Result<Vec<RecognitionDue>, AppError> {
    use chibo_domain::ruleset::Deadline;
    let records = store.cell_records(cell).await?;
    let members = records.members();
    let roster = CellRoster::on(cell, date, &members, &records.placements, &records.statuses);
    let mut due = Vec::new();
    for entry in roster.home() {
        let Some(rec) = records.person(entry.person) else {
            continue;
        };
        let Some(member) = rec.member.as_ref() else {
            continue;
        };
        let Some(ceremony) = member.ceremony_date else {
            continue;
        };
        if entry.standing != Standing::Probationary {
            continue;
        }
        // The length of probation is that of the rule set of the ceremony's date (12
        // months, ADM-PRB-01, where no rule set covers that date).
        let at_ceremony = crate::rules::rules_on(store, ceremony).await.ok();
        let Some(complete_on) = chibo_domain::member::recognition_due(member, date, |c| {
            at_ceremony.as_ref().map_or_else(
                || chibo_domain::ruleset::add_months(c, 12),
                |r| r.probation_complete_on(c),
            )
        }) else {
            continue;
        };
        let within = crate::rules::rules_on(store, complete_on)
            .await
            .map_or(30, |r| r.deadline(Deadline::Recognition).get());
        let deadline = crate::calendar::add_working_days(store, complete_on, within)
            .await
            .ok();
        let working_days_left = match deadline {
            Some(d) => crate::calendar::working_days_between(store, date, d)
                .await
                .ok(),
            None => None,
        };
        due.push(RecognitionDue {
            person: entry.person,
            name: rec.person.full_name.to_string(),
            ceremony_date: ceremony,
            complete_on,
            deadline,
            working_days_left,
            overdue: deadline.is_some_and(|d| d < date),
        });
    }
    due.sort_by_key(|d| (d.deadline, d.complete_on));
    Ok(due)
}

/// One member found by a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub person: PersonId,
    pub name: String,
    /// The member's home cell on the date (which governs the record).
    pub cell: OrgId,
    pub cell_name: String,
    pub standing: Standing,
    pub status: Option<StatusKind>,
}

/// The most hits a search returns.
pub const SEARCH_LIMIT: usize = 100;

/// Members on the rosters of `org` or the cells under it on `date` (home placements: each
/// member once, in the cell that governs the record) whose name contains every word of
/// `query`, ignoring case and diacritics; sorted by Vietnamese name, at most
/// [`SEARCH_LIMIT`]. The caller has checked that the user may see the members of `org`.
pub async fn search_members(
    store: &Store,
    org: OrgId,
    date: Date,
    query: &str,
) -> Result<Vec<SearchHit>, AppError> {
    if query.split_whitespace().next().is_none() {
        return Ok(Vec::new());
    }
    let tree = store.org_tree().await?;
    let mut cells: Vec<OrgId> = tree
        .subtree_on(org, date)
        .into_iter()
        .filter(|o| tree.version_on(*o, date).is_some_and(|v| v.kind.is_cell()))
        .collect();
    cells.sort();
    let mut hits = Vec::new();
    for cell in cells {
        let cell_name = tree
            .version_on(cell, date)
            .map(|v| v.name.to_string())
            .unwrap_or_default();
        let records = store.cell_records(cell).await?;
        let members = records.members();
        let roster = CellRoster::on(cell, date, &members, &records.placements, &records.statuses);
        for e in roster.home() {
            let Some(rec) = records.person(e.person) else {
                continue;
            };
            if crate::collate::name_matches(rec.person.full_name.as_str(), query) {
                hits.push(SearchHit {
                    person: e.person,
                    name: rec.person.full_name.to_string(),
                    cell,
                    cell_name: cell_name.clone(),
                    standing: e.standing,
                    status: e.status,
                });
            }
        }
    }
    let order = NameOrder::shared().ok_or_else(|| AppError::Internal("collator".into()))?;
    hits.sort_by(|a, b| order.compare(&a.name, &b.name));
    hits.truncate(SEARCH_LIMIT);
    Ok(hits)
}
