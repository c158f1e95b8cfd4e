//! Member profile, member and non-member forms, statuses and roles.

use crate::routes::{access, Scope as S};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::{Extension, Form};
use chibo_app::input::{DatedInput, MemberInput, PersonInput};
use chibo_app::AppError;
use chibo_domain::access::Capability as C;
use chibo_domain::access::Capability;
use chibo_domain::member::{PartyRole, StatusKind};
use chibo_domain::{OrgId, PersonId};
use serde::Deserialize;

use super::{can, render, see_other, FormPage, Layout};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::forms::Field;
use crate::AppState;

/// A person form, with the party record part when the person is (or becomes) a member.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PersonForm {
    #[serde(flatten)]
    pub person: PersonInput,
    #[serde(flatten)]
    pub member: MemberInput,
    /// The version of the record the form was filled from (optimistic concurrency).
    #[serde(default)]
    pub version: Option<String>,
    /// The values the form was filled with, urlencoded: the common base of a three-way
    /// merge when another save came first (see [`merge_after_conflict`]).
    #[serde(default)]
    pub base: Option<String>,
    /// The day the member joined this cell (new members only; empty: the ceremony).
    #[serde(default)]
    pub joined_cell: Option<String>,
}

fn person_fields(ctx: &Ctx, input: &PersonInput) -> Vec<Field> {
    let t = ctx.t;
    vec![
        Field::text(t, "full_name", &input.full_name).required(),
        Field::date(t, "birth_date", &input.birth_date),
        Field::select(t, "sex", &input.sex, &["male", "female"]),
        Field::text(t, "ethnicity", &input.ethnicity),
        Field::text(t, "citizen_id", &input.citizen_id).numeric(),
        Field::text(t, "phone", &input.phone).numeric(),
    ]
}

fn member_fields(ctx: &Ctx, input: &MemberInput) -> Vec<Field> {
    let t = ctx.t;
    vec![
        Field::date(t, "admission_date", &input.admission_date).required(),
        Field::text(t, "decision_ref", &input.decision_ref),
        Field::date(t, "ceremony_date", &input.ceremony_date),
        Field::date(t, "official_date", &input.official_date),
        Field::date(t, "recognition_date", &input.recognition_date),
        Field::text(t, "recognition_ref", &input.recognition_ref),
        Field::text(t, "card_number", &input.card_number).numeric(),
    ]
}

async fn org_name(state: &AppState, ctx: &Ctx, org: OrgId) -> Result<String, WebError> {
    let tree = state.store.org_tree().await?;
    tree.version_on(org, ctx.today)
        .map(|v| v.name.to_string())
        .ok_or(WebError::NotFound)
}

fn new_member_page(ctx: &Ctx, id: i64, cell: String, form: &PersonForm) -> FormPage {
    let mut fields = person_fields(ctx, &form.person);
    fields.extend(member_fields(ctx, &form.member));
    fields.push(
        Field::date(ctx.t, "joined_cell", &form.joined_cell)
            .with_hint(ctx.t.people.joined_cell_hint),
    );
    FormPage {
        l: Layout::new(ctx, ctx.t.orgs.add_member),
        heading: ctx.t.orgs.add_member.to_string(),
        subheading: Some(cell),
        action: format!("/orgs/{id}/members"),
        fields,
        summary: Vec::new(),
        submit: ctx.t.common.save,
        cancel_url: format!("/orgs/{id}"),
    }
}

#[utoipa::path(
    get,
    path = "/orgs/{id}/members/new",
    summary = "Form: new member of the cell",
    extensions(("x-access" = json!(access(C::EditMembers, S::Org))))
)]
pub async fn new_member_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let cell = org_name(&state, &ctx, OrgId(id)).await?;
    new_member_page(&ctx, id, cell, &PersonForm::default()).respond(&[])
}

#[utoipa::path(
    post,
    path = "/orgs/{id}/members",
    summary = "Add a member to the cell",
    extensions(("x-access" = json!(access(C::EditMembers, S::Org))))
)]
pub async fn new_member_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(form): Form<PersonForm>,
) -> Result<Response, WebError> {
    let cell = org_name(&state, &ctx, OrgId(id)).await?;
    let mut p = chibo_app::input::Parser::default();
    let joined = p.opt_date("joined_cell", &form.joined_cell);
    if let Err(errors) = p.finish(Some(())) {
        return new_member_page(&ctx, id, cell, &form).respond(&errors);
    }
    match chibo_app::people::enrol_member(
        &state.store,
        &ctx.actor(),
        OrgId(id),
        &form.person,
        &form.member,
        joined,
        ctx.today,
    )
    .await
    {
        Ok(person) => Ok(see_other(&format!("/people/{}", person.0))),
        Err(AppError::Invalid(errors)) => new_member_page(&ctx, id, cell, &form).respond(&errors),
        Err(e) => Err(e.into()),
    }
}

fn new_non_member_page(ctx: &Ctx, id: i64, cell: String, input: &PersonInput) -> FormPage {
    let mut fields = person_fields(ctx, input);
    fields.push(
        Field::select(
            ctx.t,
            "affiliation_kind",
            &input.affiliation_kind,
            &["staff", "candidate", "guest"],
        )
        .required(),
    );
    FormPage {
        l: Layout::new(ctx, ctx.t.orgs.add_non_member),
        heading: ctx.t.orgs.add_non_member.to_string(),
        subheading: Some(cell),
        action: format!("/orgs/{id}/non-members"),
        fields,
        summary: Vec::new(),
        submit: ctx.t.common.save,
        cancel_url: format!("/orgs/{id}"),
    }
}

#[utoipa::path(
    get,
    path = "/orgs/{id}/non-members/new",
    summary = "Form: new non-member of the cell",
    extensions(("x-access" = json!(access(C::EditMembers, S::Org))))
)]
pub async fn new_non_member_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let cell = org_name(&state, &ctx, OrgId(id)).await?;
    let input = PersonInput {
        affiliation_kind: Some("staff".into()),
        ..Default::default()
    };
    new_non_member_page(&ctx, id, cell, &input).respond(&[])
}

#[utoipa::path(
    post,
    path = "/orgs/{id}/non-members",
    summary = "Add a non-member to the cell",
    extensions(("x-access" = json!(access(C::EditMembers, S::Org))))
)]
pub async fn new_non_member_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(mut input): Form<PersonInput>,
) -> Result<Response, WebError> {
    let cell = org_name(&state, &ctx, OrgId(id)).await?;
    input.affiliation_org = Some(id.to_string());
    match chibo_app::people::add_non_member(&state.store, &ctx.actor(), &input, ctx.today).await {
        Ok(person) => Ok(see_other(&format!("/people/{}", person.0))),
        Err(AppError::Invalid(errors)) => {
            new_non_member_page(&ctx, id, cell, &input).respond(&errors)
        }
        Err(e) => Err(e.into()),
    }
}

pub struct Section {
    pub title: &'static str,
    pub rows: Vec<String>,
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    l: Layout,
    id: i64,
    name: String,
    facts: Vec<(&'static str, String)>,
    party: Vec<(&'static str, String)>,
    sections: Vec<Section>,
    can_edit: bool,
    status_options: Vec<(&'static str, &'static str)>,
    role_options: Vec<(&'static str, &'static str)>,
    /// Issue 9: attendance at the meetings of a year, month by month.
    attendance: AttendanceYear,
    /// Issue 12: the membership lifecycle records with what falls due, and the choices of
    /// the forms.
    lifecycle: Vec<LifeRow>,
    grounds: Vec<(&'static str, &'static str)>,
    cells: Vec<(i64, String)>,
}

/// A lifecycle record on the profile: its title, its lines (facts and what falls due),
/// and for an open official transfer its id and version (the step form).
pub struct LifeRow {
    pub title: String,
    pub lines: Vec<String>,
    pub transfer: Option<(i64, i64)>,
    /// An exemption still in force (or not reported): its id and version (the step form).
    pub exemption: Option<(i64, i64)>,
}

/// One meeting a person was called to: (meeting, date, kind, how they attended).
pub type AttendanceRow = (i64, String, &'static str, String);

/// A person's attendance in one year, month by month.
pub struct AttendanceYear {
    pub year: i32,
    pub months: Vec<(u8, Vec<AttendanceRow>)>,
}

async fn attendance_year(
    state: &AppState,
    ctx: &Ctx,
    person: PersonId,
    year: i32,
) -> Result<AttendanceYear, WebError> {
    use chibo_domain::meeting::roll_call::Presence;
    let t = ctx.t;
    let mut months: Vec<(u8, Vec<AttendanceRow>)> = Vec::new();
    for e in chibo_app::meetings::attendance_of(&state.store, person, year).await? {
        let words = match &e.presence {
            Presence::Present { .. } => t.meetings.presence("present").to_string(),
            Presence::Absent {
                accepted: true,
                reason,
            } => format!(
                "{}{}",
                t.meetings.presence("absent_excused"),
                reason
                    .as_ref()
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default()
            ),
            Presence::Absent { reason, .. } => format!(
                "{}{}",
                t.meetings.presence("absent_unexcused"),
                reason
                    .as_ref()
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default()
            ),
        };
        let row = (
            e.meeting.0,
            t.date(&e.date),
            t.value(&format!("meeting_{}", e.kind.code())),
            words,
        );
        let month = e.date.month() as u8;
        match months.last_mut() {
            Some((m, rows)) if *m == month => rows.push(row),
            _ => months.push((month, vec![row])),
        }
    }
    Ok(AttendanceYear { year, months })
}

async fn person_org(
    state: &AppState,
    person: PersonId,
    ctx: &Ctx,
) -> Result<Option<OrgId>, WebError> {
    Ok(chibo_app::people::governing_org(&state.store, person, ctx.today).await?)
}

#[utoipa::path(
    get,
    path = "/people/{id}",
    summary = "Member profile",
    extensions(("x-access" = json!(access(C::ViewMembers, S::Person))))
)]
pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Query(q): Query<super::minutes::YearQuery>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let pid = PersonId(id);
    let record = state.store.person(pid).await?.ok_or(WebError::NotFound)?;
    let (placements, statuses, roles) = state.store.person_history(pid).await?;
    let tree = state.store.org_tree().await?;
    let org = person_org(&state, pid, &ctx).await?;
    let contact = crate::routes::sees_contacts(&ctx, &tree, org, pid);
    let hidden = || t.people.hidden_contact.to_string();
    let p = &record.person;
    let mut facts = vec![
        (t.field("birth_date"), t.opt_date(&p.birth_date)),
        (
            t.field("sex"),
            p.sex
                .map(|s| t.value(s.code()).to_string())
                .unwrap_or_default(),
        ),
        (
            t.field("ethnicity"),
            p.ethnicity.clone().unwrap_or_default(),
        ),
    ];
    facts.push((
        t.field("citizen_id"),
        if contact {
            p.citizen_id
                .as_ref()
                .map(|c| c.as_str().to_string())
                .unwrap_or_default()
        } else {
            hidden()
        },
    ));
    facts.push((
        t.field("phone"),
        if contact {
            p.phone
                .as_ref()
                .map(|c| c.as_str().to_string())
                .unwrap_or_default()
        } else {
            hidden()
        },
    ));
    let party = match &record.member {
        Some(m) => vec![
            (t.field("admission_date"), t.date(&m.admission_date)),
            (
                t.field("decision_ref"),
                m.decision_ref.clone().unwrap_or_default(),
            ),
            (t.field("ceremony_date"), t.opt_date(&m.ceremony_date)),
            (
                t.field("joined_cell"),
                placements
                    .iter()
                    .filter(|pl| {
                        pl.kind == chibo_domain::member::PlacementKind::Home
                            && pl.period.from() <= ctx.today
                    })
                    .max_by_key(|pl| pl.period.from())
                    .map(|pl| t.date(&pl.period.from()))
                    .unwrap_or_default(),
            ),
            (t.field("official_date"), t.opt_date(&m.official_date)),
            (t.field("recognition_date"), t.opt_date(&m.recognition_date)),
            (
                t.field("recognition_ref"),
                m.recognition_ref.clone().unwrap_or_default(),
            ),
            (
                t.field("card_number"),
                m.card_number
                    .as_ref()
                    .map(|c| c.as_str().to_string())
                    .unwrap_or_default(),
            ),
        ],
        None => Vec::new(),
    };
    let party = with_probation(&state, &ctx, &record, party).await?;
    let span = |p: &chibo_domain::Period| {
        format!(
            "{} – {}",
            t.date(&p.from()),
            p.until()
                .map(|u| t.date(&u))
                .unwrap_or_else(|| t.orgs.still_valid.to_string())
        )
    };
    let name_at = |o: OrgId, d: time::Date| {
        tree.version_on(o, d)
            .map(|v| v.name.to_string())
            .unwrap_or_default()
    };
    let sections = vec![
        Section {
            title: t.people.placements_title,
            rows: placements
                .iter()
                .map(|pl| {
                    format!(
                        "{}: {} ({}){}",
                        span(&pl.period),
                        name_at(pl.org, pl.period.from()),
                        t.value(pl.kind.code()),
                        pl.note
                            .as_ref()
                            .map(|n| format!(" — {n}"))
                            .unwrap_or_default()
                    )
                })
                .collect(),
        },
        Section {
            title: t.people.statuses_title,
            rows: statuses
                .iter()
                .map(|s| format!("{}: {}", span(&s.period), t.value(s.kind.code())))
                .collect(),
        },
        Section {
            title: t.people.roles_title,
            rows: roles
                .iter()
                .map(|r| {
                    format!(
                        "{}: {} — {}",
                        span(&r.period),
                        t.value(r.role.code()),
                        name_at(r.org, r.period.from())
                    )
                })
                .collect(),
        },
    ];
    let year = q.year.unwrap_or(ctx.today.year()).clamp(2007, 2199);
    let attendance = attendance_year(&state, &ctx, pid, year).await?;
    let lifecycle = life_rows(&state, &ctx, &tree, pid).await?;
    let mut cells: Vec<(i64, String)> = tree
        .all_versions()
        .filter(|v| v.kind.is_cell() && v.period.contains(ctx.today))
        .map(|v| (v.org.0, v.name.to_string()))
        .collect();
    cells.sort_by(|a, b| a.1.cmp(&b.1));
    render(&PersonPage {
        lifecycle,
        grounds: chibo_domain::lifecycle::ExemptionGround::ALL
            .iter()
            .map(|g| (g.code(), t.value(g.code())))
            .collect(),
        cells,
        attendance,
        l: Layout::new(&ctx, p.full_name.to_string()),
        id,
        name: p.full_name.to_string(),
        facts,
        party,
        sections,
        can_edit: can(&ctx, &tree, Capability::EditMembers, org),
        status_options: StatusKind::ALL
            .iter()
            .map(|k| (k.code(), t.value(k.code())))
            .collect(),
        role_options: PartyRole::ALL
            .iter()
            .map(|k| (k.code(), t.value(k.code())))
            .collect(),
    })
}

fn edit_page(ctx: &Ctx, id: i64, name: String, form: &PersonForm, member: bool) -> FormPage {
    let mut fields = person_fields(ctx, &form.person);
    if member {
        fields.extend(member_fields(ctx, &form.member));
    }
    for (name, value) in [
        ("affiliation_org", &form.person.affiliation_org),
        ("affiliation_kind", &form.person.affiliation_kind),
        ("version", &form.version),
        ("base", &form.base),
    ] {
        if let Some(v) = value {
            fields.push(Field::hidden(name, v.clone()));
        }
    }
    FormPage {
        l: Layout::new(ctx, ctx.t.people.edit_person),
        heading: ctx.t.people.edit_person.to_string(),
        subheading: Some(name),
        action: format!("/people/{id}/edit"),
        fields,
        summary: Vec::new(),
        submit: ctx.t.common.save,
        cancel_url: format!("/people/{id}"),
    }
}

/// The visible fields of a form page as `name=value` pairs: the base of a later merge.
fn base_of(page: &FormPage) -> String {
    let pairs: Vec<(&str, &str)> = page
        .fields
        .iter()
        .filter(|f| !f.label.is_empty())
        .map(|f| (f.name, f.value.as_str()))
        .collect();
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// Another save came first. A three-way merge of each visible field against the values the
/// editor started from (`base`): a field the editor left alone takes the stored value (the
/// other save is not undone); a field the editor changed keeps the editor's value, and if the
/// other save changed it too, the stored value is shown beside it. Hidden fields take the
/// stored values. Without a base, everything typed is kept and every difference is shown.
/// Returns the merged `name=value` pairs and the lines to show above the form.
fn merge_after_conflict(
    t: &crate::i18n::Catalog,
    mine: &FormPage,
    stored: &FormPage,
    base: Option<&str>,
) -> (Vec<(String, String)>, Vec<String>) {
    let base: Option<std::collections::HashMap<String, String>> = base
        .and_then(|b| serde_urlencoded::from_str::<Vec<(String, String)>>(b).ok())
        .map(|pairs| pairs.into_iter().collect());
    let shown = |v: &str| {
        if v.is_empty() {
            "—".to_string()
        } else {
            v.to_string()
        }
    };
    let mut merged = Vec::new();
    let mut notes = Vec::new();
    for s in &stored.fields {
        if s.name == "version" || s.name == "base" {
            continue;
        }
        let m = mine.fields.iter().find(|f| f.name == s.name);
        if s.label.is_empty() || m.is_none() {
            merged.push((s.name.to_string(), s.value.clone()));
            continue;
        }
        let m = m.map(|f| f.value.as_str()).unwrap_or_default();
        let b = base
            .as_ref()
            .and_then(|b| b.get(s.name))
            .map(String::as_str);
        let theirs_changed = b.is_none_or(|b| b != s.value);
        let value = match b {
            Some(b) if b == m => s.value.clone(),
            _ => m.to_string(),
        };
        if theirs_changed && value == s.value && b.is_some_and(|b| b != s.value) {
            notes.push(format!(
                "{} — {} «{}»",
                s.label,
                t.people.changed_by_other,
                shown(&s.value)
            ));
        } else if theirs_changed && value != s.value {
            notes.push(format!(
                "{} — {}: «{}»",
                s.label,
                t.people.stored_now,
                shown(&s.value)
            ));
        }
        merged.push((s.name.to_string(), value));
    }
    (merged, notes)
}

/// The edit form filled from a stored record.
fn form_of(t: &'static crate::i18n::Catalog, record: &chibo_store::PersonRecord) -> PersonForm {
    let p = &record.person;
    PersonForm {
        person: PersonInput {
            full_name: Some(p.full_name.to_string()),
            birth_date: p.birth_date.map(|d| t.date(&d)),
            sex: p.sex.map(|s| s.code().to_string()),
            ethnicity: p.ethnicity.clone(),
            citizen_id: p.citizen_id.as_ref().map(|c| c.as_str().to_string()),
            phone: p.phone.as_ref().map(|c| c.as_str().to_string()),
            affiliation_org: p.affiliation.map(|a| a.org.0.to_string()),
            affiliation_kind: p.affiliation.map(|a| a.kind.code().to_string()),
        },
        member: match &record.member {
            Some(m) => MemberInput {
                admission_date: Some(t.date(&m.admission_date)),
                decision_ref: m.decision_ref.clone(),
                ceremony_date: m.ceremony_date.map(|d| t.date(&d)),
                official_date: m.official_date.map(|d| t.date(&d)),
                recognition_date: m.recognition_date.map(|d| t.date(&d)),
                recognition_ref: m.recognition_ref.clone(),
                card_number: m.card_number.as_ref().map(|c| c.as_str().to_string()),
            },
            None => MemberInput::default(),
        },
        version: Some(record.version.to_string()),
        base: None,
        joined_cell: None,
    }
}

#[utoipa::path(
    get,
    path = "/people/{id}/edit",
    summary = "Form: edit a person",
    extensions(("x-access" = json!(access(C::EditMembers, S::Person))))
)]
pub async fn edit_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let record = state
        .store
        .person(PersonId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    let p = &record.person;
    let mut form = form_of(t, &record);
    form.base = Some(base_of(&edit_page(
        &ctx,
        id,
        String::new(),
        &form,
        record.member.is_some(),
    )));
    edit_page(
        &ctx,
        id,
        p.full_name.to_string(),
        &form,
        record.member.is_some(),
    )
    .respond(&[])
}

#[utoipa::path(
    post,
    path = "/people/{id}/edit",
    summary = "Edit a person and their party record",
    extensions(("x-access" = json!(access(C::EditMembers, S::Person))))
)]
pub async fn edit_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(form): Form<PersonForm>,
) -> Result<Response, WebError> {
    let pid = PersonId(id);
    let record = state.store.person(pid).await?.ok_or(WebError::NotFound)?;
    let is_member = record.member.is_some();
    let expected = form
        .version
        .as_deref()
        .and_then(|v| v.trim().parse::<i64>().ok());
    let result = chibo_app::people::save_profile(
        &state.store,
        &ctx.actor(),
        pid,
        &form.person,
        is_member.then_some(&form.member),
        expected,
        ctx.today,
    )
    .await;
    match result {
        Ok(()) => Ok(see_other(&format!("/people/{id}"))),
        Err(AppError::Invalid(errors)) => edit_page(
            &ctx,
            id,
            record.person.full_name.to_string(),
            &form,
            is_member,
        )
        .respond(&errors),
        Err(AppError::Stale { version, .. }) => {
            let now = state.store.person(pid).await?.ok_or(WebError::NotFound)?;
            let stored = edit_page(&ctx, id, String::new(), &form_of(ctx.t, &now), is_member);
            let mine = edit_page(&ctx, id, String::new(), &form, is_member);
            let (merged, notes) = merge_after_conflict(ctx.t, &mine, &stored, form.base.as_deref());
            let mut merged: PersonForm = serde_urlencoded::from_str(
                &serde_urlencoded::to_string(&merged)
                    .map_err(|e| WebError::Internal(e.to_string()))?,
            )
            .map_err(|e| WebError::Internal(e.to_string()))?;
            merged.version = Some(version.to_string());
            merged.base = Some(base_of(&stored));
            let mut page = edit_page(
                &ctx,
                id,
                now.person.full_name.to_string(),
                &merged,
                is_member,
            );
            page.summary = notes;
            let mut response = page.respond(&[chibo_app::FieldError::new("version", "stale")])?;
            *response.status_mut() = axum::http::StatusCode::CONFLICT;
            Ok(response)
        }
        Err(e) => Err(e.into()),
    }
}

#[utoipa::path(
    post,
    path = "/people/{id}/statuses",
    summary = "Add a dated status",
    extensions(("x-access" = json!(access(C::EditMembers, S::Person).and_body_org())))
)]
pub async fn add_status(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(input): Form<DatedInput>,
) -> Result<Response, WebError> {
    chibo_app::people::add_status(&state.store, &ctx.actor(), PersonId(id), &input).await?;
    Ok(see_other(&format!("/people/{id}")))
}

#[utoipa::path(
    post,
    path = "/people/{id}/roles",
    summary = "Add a dated party role",
    extensions(("x-access" = json!(access(C::EditMembers, S::Person).and_body_org())))
)]
pub async fn add_role(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(input): Form<DatedInput>,
) -> Result<Response, WebError> {
    let org = person_org(&state, PersonId(id), &ctx)
        .await?
        .ok_or(WebError::NotFound)?;
    let mut input = input;
    input.org = None; // roles added from a profile are held in the member's own cell
    chibo_app::people::add_role(&state.store, &ctx.actor(), PersonId(id), org, &input).await?;
    Ok(see_other(&format!("/people/{id}")))
}

/// ADM-PRB-01/03, ADM-REC-01, ADM-LL-01: while a member is on probation, the profile shows
/// the helping member (when the ceremony was held in chibo), when probation ends, and the
/// last working days for the life history and for the cell's recognition decision.
async fn with_probation(
    state: &AppState,
    ctx: &Ctx,
    record: &chibo_store::PersonRecord,
    mut party: Vec<(&'static str, String)>,
) -> Result<Vec<(&'static str, String)>, WebError> {
    let t = ctx.t;
    let Some(member) = &record.member else {
        return Ok(party);
    };
    let Some(ceremony) = member.ceremony_date else {
        return Ok(party);
    };
    if member.standing_on(ctx.today) != Some(chibo_domain::member::Standing::Probationary) {
        return Ok(party);
    }
    if let Some(a) = chibo_app::ceremony::admission_of(&state.store, record.person.id).await? {
        party.push((t.field("helper"), a.helper.name));
    }
    let p = chibo_app::ceremony::probation(&state.store, ceremony).await?;
    party.push((t.field("probation_ends"), t.date(&p.ends_on)));
    party.push((t.field("life_history_by"), t.opt_date(&p.life_history_by)));
    party.push((t.field("recognition_by"), t.opt_date(&p.recognition_by)));
    Ok(party)
}

/// Issue 12: the member's lifecycle records as lines in the reader's language, each open
/// one with what falls due (last working day, working days left or overdue, rule).
async fn life_rows(
    state: &AppState,
    ctx: &Ctx,
    tree: &chibo_domain::org::OrgTree,
    pid: PersonId,
) -> Result<Vec<LifeRow>, WebError> {
    use chibo_domain::lifecycle::Record;
    let t = ctx.t;
    let name_of = |o: OrgId| {
        tree.version_on(o, ctx.today)
            .or_else(|| tree.history(o).last())
            .map(|v| v.name.to_string())
            .unwrap_or_default()
    };
    let place = |d: &chibo_domain::lifecycle::Destination| {
        d.org
            .map(name_of)
            .or_else(|| d.name.clone())
            .unwrap_or_default()
    };
    let mut rows = Vec::new();
    for v in chibo_app::lifecycle::events(&state.store, pid, ctx.today).await? {
        let e = &v.event;
        let mut lines = Vec::new();
        let mut transfer = None;
        let mut exemption = None;
        match &e.record {
            Record::Exemption(x) => {
                if x.reported_on.is_none() || x.period.until().is_none_or(|u| u >= ctx.today) {
                    exemption = Some((e.id, e.version));
                }
                lines.push(format!(
                    "{}: {} · {}: {}",
                    t.field("ground"),
                    t.value(x.ground.code()),
                    t.field("resolution_date"),
                    t.date(&x.resolution_date)
                ));
                lines.push(format!(
                    "{}: {}",
                    t.field("reported_on"),
                    t.opt_date(&x.reported_on)
                ));
            }
            Record::TemporaryTransfer(x) => lines.push(format!(
                "{}: {} · {}: {} – {}",
                t.field("host"),
                place(&x.host),
                t.value(match x.purpose {
                    chibo_domain::member::TransferPurpose::Work => "work",
                    chibo_domain::member::TransferPurpose::Study => "study",
                }),
                t.date(&x.period.from()),
                t.opt_date(&x.period.until())
            )),
            Record::Transfer(x) => {
                lines.push(format!(
                    "{}: {} · {}: {} · {}",
                    t.field("receiving"),
                    place(&x.to),
                    t.field("decision_date"),
                    t.date(&x.decision_date),
                    t.value(x.stage.code())
                ));
                if let Some(d) = x.letter_on {
                    lines.push(format!(
                        "{} {}{}",
                        t.value("letter_issued"),
                        t.date(&d),
                        if x.letter_late {
                            " — MEM-TR-01 ⚠"
                        } else {
                            ""
                        }
                    ));
                }
                if let Some(d) = x.received_on {
                    lines.push(format!(
                        "{} {}{}",
                        t.value("received"),
                        t.date(&d),
                        if x.received_late {
                            " — MEM-TR-02 ⚠"
                        } else {
                            ""
                        }
                    ));
                }
                if e.is_open {
                    transfer = Some((e.id, e.version));
                }
            }
            Record::Discipline(x) => lines.push(format!(
                "{} · {} · {}: {}/{} ({})",
                t.value(x.form.code()),
                t.date(&x.date),
                t.field("votes_for"),
                x.vote.tally.votes_for,
                x.vote.denominator,
                x.reason
            )),
        }
        for d in &v.dues {
            let left = if d.overdue {
                format!("{} {}", t.people.overdue_by, -d.working_days_left)
            } else {
                format!("{} {}", d.working_days_left, t.people.working_days_left)
            };
            let code = serde_json::to_value(d.due.kind)
                .ok()
                .and_then(|j| j.as_str().map(str::to_string))
                .unwrap_or_default();
            lines.push(format!(
                "{}: {} ({}, {})",
                t.value(&code),
                t.date(&d.due.last_day),
                left,
                d.due.rule
            ));
        }
        rows.push(LifeRow {
            title: t.value(e.record.kind_code()).to_string(),
            lines,
            transfer,
            exemption,
        });
    }
    Ok(rows)
}

/// A lifecycle form as typed in the browser: every field a string (an empty field is
/// absent), turned into the API's input by the handler.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LifeForm {
    pub ground: Option<String>,
    pub resolution_date: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
    pub certificate: Option<String>,
    pub reported_on: Option<String>,
    pub note: Option<String>,
    pub purpose: Option<String>,
    pub host: Option<String>,
    pub host_name: Option<String>,
    pub receiving: Option<String>,
    pub receiving_name: Option<String>,
    pub decision_date: Option<String>,
    pub reason: Option<String>,
    pub step: Option<String>,
    pub date: Option<String>,
    pub version: Option<String>,
    pub form: Option<String>,
    pub method: Option<String>,
    pub votes_for: Option<String>,
    pub against: Option<String>,
    pub abstain: Option<String>,
    pub denominator: Option<String>,
}

/// A number typed in a form: empty is absent, anything else must parse.
fn number<T: std::str::FromStr>(
    errors: &mut Vec<chibo_app::FieldError>,
    field: &'static str,
    raw: &Option<String>,
) -> Option<T> {
    let raw = raw.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    match raw.parse() {
        Ok(v) => Some(v),
        Err(_) => {
            errors.push(chibo_app::FieldError::new(field, "malformed"));
            None
        }
    }
}

fn numbers_ok(errors: Vec<chibo_app::FieldError>) -> Result<(), WebError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(errors).into())
    }
}

/// A lifecycle form's step (an exemption's or a transfer's): the step, its date and the
/// version read.
fn step_input(f: LifeForm) -> Result<chibo_app::lifecycle::TransferStepInput, WebError> {
    let mut errors = Vec::new();
    let version = number(&mut errors, "version", &f.version);
    numbers_ok(errors)?;
    Ok(chibo_app::lifecycle::TransferStepInput {
        step: f.step,
        date: f.date,
        version,
    })
}

/// Back to the profile's lifecycle section after a record or a step.
fn to_lifecycle(person: i64) -> Response {
    see_other(&format!("/people/{person}#lifecycle"))
}

#[utoipa::path(
    post,
    path = "/people/{id}/exemptions",
    summary = "MEM-EX-01: record an exemption from the profile (form)",
    extensions(("x-access" = json!(access(C::EditMembers, S::Person))))
)]
pub async fn exemption_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<LifeForm>,
) -> Result<Response, WebError> {
    let input = chibo_app::lifecycle::ExemptionInput {
        ground: f.ground,
        resolution_date: f.resolution_date,
        from: f.from,
        until: f.until,
        certificate: f.certificate,
        reported_on: f.reported_on,
        note: f.note,
    };
    chibo_app::lifecycle::record_exemption(&state.store, &ctx.actor(), PersonId(id), &input)
        .await?;
    Ok(to_lifecycle(id))
}

#[utoipa::path(
    post,
    path = "/people/{id}/exemptions/{exemption}/steps",
    summary = "MEM-EX-01/02: the exemption reported upward or the member returned, from the profile (form)",
    extensions(("x-access" = json!(access(C::EditMembers, S::Person))))
)]
pub async fn exemption_step_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((id, exemption)): Path<(i64, i64)>,
    Form(f): Form<LifeForm>,
) -> Result<Response, WebError> {
    let input = step_input(f)?;
    chibo_app::lifecycle::exemption_step(
        &state.store,
        &ctx.actor(),
        exemption,
        PersonId(id),
        &input,
    )
    .await?;
    Ok(to_lifecycle(id))
}

#[utoipa::path(
    post,
    path = "/people/{id}/temporary-transfers",
    summary = "MEM-TR-03: record a temporary transfer from the profile (form)",
    extensions(("x-access" = json!(access(C::EditMembers, S::Person))))
)]
pub async fn temporary_transfer_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<LifeForm>,
) -> Result<Response, WebError> {
    let mut errors = Vec::new();
    let host = number(&mut errors, "host", &f.host);
    numbers_ok(errors)?;
    let input = chibo_app::lifecycle::TemporaryTransferInput {
        purpose: f.purpose,
        host,
        host_name: f.host_name,
        from: f.from,
        until: f.until,
        note: f.note,
    };
    chibo_app::lifecycle::record_temporary_transfer(
        &state.store,
        &ctx.actor(),
        PersonId(id),
        &input,
    )
    .await?;
    Ok(to_lifecycle(id))
}

#[utoipa::path(
    post,
    path = "/people/{id}/transfers",
    summary = "MEM-TR-01: record an official transfer decided, from the profile (form)",
    extensions(("x-access" = json!(access(C::EditMembers, S::Person))))
)]
pub async fn transfer_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<LifeForm>,
) -> Result<Response, WebError> {
    let mut errors = Vec::new();
    let receiving = number(&mut errors, "receiving", &f.receiving);
    numbers_ok(errors)?;
    let input = chibo_app::lifecycle::TransferInput {
        receiving,
        receiving_name: f.receiving_name,
        decision_date: f.decision_date,
        reason: f.reason,
    };
    chibo_app::lifecycle::record_transfer(&state.store, &ctx.actor(), PersonId(id), &input).await?;
    Ok(to_lifecycle(id))
}

#[utoipa::path(
    post,
    path = "/people/{id}/transfers/{transfer}/steps",
    summary = "MEM-TR-01/02: the letter issued or the member received, from the profile (form)",
    extensions(("x-access" = json!(access(C::EditMembers, S::Person))))
)]
pub async fn transfer_step_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((id, transfer)): Path<(i64, i64)>,
    Form(f): Form<LifeForm>,
) -> Result<Response, WebError> {
    let input = step_input(f)?;
    chibo_app::lifecycle::transfer_step(
        &state.store,
        &ctx.actor(),
        transfer,
        chibo_app::lifecycle::TransferScope::Person(PersonId(id)),
        &input,
    )
    .await?;
    Ok(to_lifecycle(id))
}

#[utoipa::path(
    post,
    path = "/people/{id}/disciplines",
    summary = "MEM-DIS-01: record a discipline decided by the cell's vote, from the profile (form)",
    extensions(("x-access" = json!(access(C::EditMembers, S::Person))))
)]
pub async fn discipline_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<LifeForm>,
) -> Result<Response, WebError> {
    let mut errors = Vec::new();
    let votes_for = number(&mut errors, "votes_for", &f.votes_for);
    let against = number(&mut errors, "against", &f.against);
    let abstain = number(&mut errors, "abstain", &f.abstain);
    let denominator = number(&mut errors, "denominator", &f.denominator);
    numbers_ok(errors)?;
    let input = chibo_app::lifecycle::DisciplineInput {
        form: f.form,
        date: f.date,
        reason: f.reason,
        method: f.method,
        votes_for,
        against,
        abstain,
        denominator,
        ..Default::default()
    };
    chibo_app::lifecycle::record_discipline(&state.store, &ctx.actor(), PersonId(id), &input)
        .await?;
    Ok(to_lifecycle(id))
}
