//! People and memberships over the API.

use crate::routes::{access, redact_contacts, Scope as S};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use chibo_app::input::{DatedInput, MemberInput, PersonInput};
use chibo_app::people::CellView;
use chibo_app::people::PersonPatch;
use chibo_app::FieldError;
use chibo_domain::access::Capability as C;
use chibo_domain::member::{Placement, RoleAssignment, StatusPeriod};
use chibo_domain::{OrgId, PersonId};
use serde::{Deserialize, Serialize};

use super::orgs::{query_date, DateQuery};
use super::ApiJson;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

#[utoipa::path(
    get,
    path = "/api/v1/orgs/{id}/members",
    summary = "Roster of a cell on a date, with flags",
    tag = "people", params(("id" = i64, Path, description = "Organisation id"), ("date" = Option<String>, Query, format = Date, description = "View as of this date (dd/mm/yyyy or yyyy-mm-dd); default today in Vietnam")), responses((status = 200, description = "Members, attached members and non-members with the breakdown and flags")),
    extensions(("x-access" = json!(access(C::ViewMembers, S::Org))))
)]
pub async fn roster(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Query(q): Query<DateQuery>,
) -> Result<Json<CellView>, WebError> {
    let date = query_date(&ctx, &q)?;
    let mut view = chibo_app::people::cell_view(&state.store, OrgId(id), date).await?;
    let tree = state.store.org_tree().await?;
    let org = Some(OrgId(id));
    for row in view.members.iter_mut().chain(view.attached.iter_mut()) {
        redact_contacts(&ctx, &tree, org, &mut row.person);
    }
    for p in view.non_members.iter_mut() {
        redact_contacts(&ctx, &tree, org, p);
    }
    Ok(Json(view))
}

/// Body of `POST /api/v1/orgs/{id}/members`.
#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct EnrolBody {
    pub person: PersonInput,
    pub membership: MemberInput,
    /// First day in this cell (defaults to the ceremony or admission date).
    #[schema(format = Date)]
    pub from: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/orgs/{id}/members",
    summary = "Add a member to a cell",
    tag = "people", params(("id" = i64, Path, description = "Organisation id")), request_body = EnrolBody, responses((status = 201, description = "The new member")),
    extensions(("x-access" = json!(access(C::EditMembers, S::Org))))
)]
pub async fn enrol(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<EnrolBody>,
) -> Result<(StatusCode, Json<PersonDetail>), WebError> {
    let mut p = chibo_app::input::Parser::default();
    let from = p.opt_date("from", &body.from);
    p.finish(Some(())).map_err(WebError::Invalid)?;
    let person = chibo_app::people::enrol_member(
        &state.store,
        &ctx.actor(),
        OrgId(id),
        &body.person,
        &body.membership,
        from,
        ctx.today,
    )
    .await
    .map_err(|e| match e {
        // The form calls it `joined_cell`; the body `from`.
        chibo_app::AppError::Invalid(mut errors) => {
            for f in &mut errors {
                if f.field == "joined_cell" {
                    f.field = "from".into();
                }
            }
            chibo_app::AppError::Invalid(errors)
        }
        e => e,
    })?;
    Ok((
        StatusCode::CREATED,
        Json(person_detail(&state, person, &ctx).await?),
    ))
}

#[derive(Serialize)]
pub struct PersonDetail {
    #[serde(flatten)]
    pub record: chibo_store::PersonRecord,
    pub placements: Vec<Placement>,
    pub statuses: Vec<StatusPeriod>,
    pub roles: Vec<RoleAssignment>,
    /// The ceremony held in chibo that admitted this person (decision, helping member) and
    /// probation's dates (ADM-PRB-01/03, ADM-REC-01, ADM-LL-01); `null` otherwise.
    pub admission: Option<chibo_app::ceremony::Admission>,
}

async fn person_detail(
    state: &AppState,
    id: PersonId,
    ctx: &Ctx,
) -> Result<PersonDetail, WebError> {
    let mut record = state.store.person(id).await?.ok_or(WebError::NotFound)?;
    let (placements, statuses, roles) = state.store.person_history(id).await?;
    let tree = state.store.org_tree().await?;
    let org = chibo_domain::member::governing_org(
        &placements,
        record.person.affiliation.map(|a| a.org),
        ctx.today,
    );
    redact_contacts(ctx, &tree, org, &mut record.person);
    let admission = chibo_app::ceremony::admission_of(&state.store, id).await?;
    Ok(PersonDetail {
        admission,
        record,
        placements,
        statuses,
        roles,
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/people/{id}",
    summary = "A person with party record, placements, statuses, roles",
    tag = "people", params(("id" = i64, Path, description = "Person id")), responses((status = 200, description = "The person")),
    extensions(("x-access" = json!(access(C::ViewMembers, S::Person))))
)]
pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    Ok(with_etag(person_detail(&state, PersonId(id), &ctx).await?))
}

/// Body of `PUT /api/v1/people/{id}`: the whole person. Every field must be present;
/// `null` clears an optional one.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonReplace {
    pub full_name: String,
    #[serde(deserialize_with = "required")]
    #[schema(required = true, format = Date, examples("1980-05-19"))]
    pub birth_date: Option<String>,
    #[serde(deserialize_with = "required")]
    #[schema(required = true)]
    pub sex: Option<String>,
    #[serde(deserialize_with = "required")]
    #[schema(required = true)]
    pub ethnicity: Option<String>,
    #[serde(deserialize_with = "required")]
    #[schema(required = true)]
    pub citizen_id: Option<String>,
    #[serde(deserialize_with = "required")]
    #[schema(required = true)]
    pub phone: Option<String>,
    /// For non-members: the cell they belong to and how.
    #[serde(deserialize_with = "required")]
    #[schema(required = true)]
    pub affiliation_org: Option<String>,
    #[serde(deserialize_with = "required")]
    #[schema(required = true)]
    pub affiliation_kind: Option<String>,
    /// The version the client read (alternatively the `If-Match` header).
    #[serde(default)]
    pub version: Option<i64>,
}

/// A nullable field that must nevertheless be present (serde treats an absent `Option` as
/// `None` unless a `deserialize_with` is given).
fn required<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<String>::deserialize(d)
}

impl From<PersonReplace> for PersonInput {
    fn from(b: PersonReplace) -> Self {
        PersonInput {
            full_name: Some(b.full_name),
            birth_date: b.birth_date,
            sex: b.sex,
            ethnicity: b.ethnicity,
            citizen_id: b.citizen_id,
            phone: b.phone,
            affiliation_org: b.affiliation_org,
            affiliation_kind: b.affiliation_kind,
        }
    }
}

/// The version a write expects: the `If-Match` header (`"3"`, `W/"3"` or `3`), else the
/// body's `version`.
fn expected_version(headers: &HeaderMap, body: Option<i64>) -> Result<Option<i64>, WebError> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(body);
    };
    value
        .to_str()
        .ok()
        .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
        .and_then(|v| v.parse::<i64>().ok())
        .map(Some)
        .ok_or_else(|| WebError::Invalid(vec![FieldError::new("version", "malformed")]))
}

/// The person with their version as an `ETag`.
fn with_etag(detail: PersonDetail) -> Response {
    let etag = format!("\"{}\"", detail.record.version);
    ([(header::ETAG, etag)], Json(detail)).into_response()
}

#[utoipa::path(
    put,
    path = "/api/v1/people/{id}",
    summary = "Replace a person's details (every field required; null clears); optimistic version via If-Match or version",
    tag = "people",
    params(("id" = i64, Path, description = "Person id"), ("If-Match" = Option<String>, Header, description = "The version read (ETag of GET)")),
    request_body = PersonReplace,
    responses((status = 200, description = "The person; ETag carries the new version"), (status = 409, description = "Changed since read: error.current is the record now")),
    extensions(("x-access" = json!(access(C::EditMembers, S::Person))))
)]
pub async fn replace(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<PersonReplace>,
) -> Result<Response, WebError> {
    let expected = expected_version(&headers, body.version)?;
    let input = PersonInput::from(body);
    chibo_app::people::update_person(
        &state.store,
        &ctx.actor(),
        PersonId(id),
        &input,
        expected,
        ctx.today,
    )
    .await?;
    Ok(with_etag(person_detail(&state, PersonId(id), &ctx).await?))
}

#[utoipa::path(
    patch,
    path = "/api/v1/people/{id}",
    summary = "Change some of a person's details (absent = unchanged, null = cleared); optimistic version via If-Match or version",
    tag = "people",
    params(("id" = i64, Path, description = "Person id"), ("If-Match" = Option<String>, Header, description = "The version read (ETag of GET)")),
    request_body = PersonPatch,
    responses((status = 200, description = "The person; ETag carries the new version"), (status = 409, description = "Changed since read: error.current is the record now")),
    extensions(("x-access" = json!(access(C::EditMembers, S::Person))))
)]
pub async fn patch(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<PersonPatch>,
) -> Result<Response, WebError> {
    let expected = expected_version(&headers, body.version)?;
    chibo_app::people::patch_person(
        &state.store,
        &ctx.actor(),
        PersonId(id),
        &body,
        expected,
        ctx.today,
    )
    .await?;
    Ok(with_etag(person_detail(&state, PersonId(id), &ctx).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/membership",
    summary = "Set the party record of a person",
    tag = "people", params(("id" = i64, Path, description = "Person id")), request_body = MemberInput, responses((status = 200, description = "The person")),
    extensions(("x-access" = json!(access(C::EditMembers, S::Person))))
)]
pub async fn set_membership(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<MemberInput>,
) -> Result<Json<PersonDetail>, WebError> {
    chibo_app::people::set_member(&state.store, &ctx.actor(), PersonId(id), &input).await?;
    Ok(Json(person_detail(&state, PersonId(id), &ctx).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/statuses",
    summary = "Add a dated status",
    tag = "people", params(("id" = i64, Path, description = "Person id")), request_body = DatedInput, responses((status = 201, description = "The person")),
    extensions(("x-access" = json!(access(C::EditMembers, S::Person).and_body_org())))
)]
pub async fn add_status(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<DatedInput>,
) -> Result<(StatusCode, Json<PersonDetail>), WebError> {
    chibo_app::people::add_status(&state.store, &ctx.actor(), PersonId(id), &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(person_detail(&state, PersonId(id), &ctx).await?),
    ))
}

/// Roles are added in the person's own cell, or in `org` when it is given (the access
/// layer checks the user may edit that organisation too; the use case that the person is a
/// member there).
#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/roles",
    summary = "Add a dated party role",
    tag = "people", params(("id" = i64, Path, description = "Person id")), request_body = DatedInput, responses((status = 201, description = "The person")),
    extensions(("x-access" = json!(access(C::EditMembers, S::Person).and_body_org())))
)]
pub async fn add_role(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<DatedInput>,
) -> Result<(StatusCode, Json<PersonDetail>), WebError> {
    let pid = PersonId(id);
    // The access layer has checked the person's organisation and the body's `org`.
    let home = chibo_app::people::governing_org(&state.store, pid, ctx.today)
        .await?
        .ok_or(WebError::NotFound)?;
    chibo_app::people::add_role(&state.store, &ctx.actor(), pid, home, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(person_detail(&state, pid, &ctx).await?),
    ))
}
