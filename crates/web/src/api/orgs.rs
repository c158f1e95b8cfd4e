//! Organisations over the API.

use crate::routes::{access, Scope as S};
use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use chibo_app::input::{parse_date, OrgInput};
use chibo_domain::access::Capability as C;
use chibo_domain::access::Capability;
use chibo_domain::org::{OrgChange, OrgTree, OrgVersion};
use chibo_domain::OrgId;
use chibo_store::AuditQuery;
use serde::{Deserialize, Serialize};

use super::ApiJson;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

#[derive(Deserialize, Default)]
pub struct DateQuery {
    pub date: Option<String>,
}

/// `?date=&after=&limit=` of the organisation list.
#[derive(Deserialize, Default)]
pub struct ListQuery {
    pub date: Option<String>,
    /// Only organisations with a larger id (the last id of the previous page).
    pub after: Option<i64>,
    pub limit: Option<i64>,
}

/// `?before=&limit=` of the audit log.
#[derive(Deserialize, Default)]
pub struct AuditListQuery {
    /// Only events with a smaller id (the last id of the previous page).
    pub before: Option<i64>,
    pub limit: Option<i64>,
}

/// Page size of lists when `limit` is not given, and its ceiling.
pub const PAGE: usize = 100;
pub const PAGE_MAX: usize = 1000;

fn page_size(limit: Option<i64>) -> usize {
    limit
        .and_then(|l| usize::try_from(l).ok())
        .filter(|l| *l > 0)
        .map_or(PAGE, |l| l.min(PAGE_MAX))
}

/// A page of a list: the items, and the `Link: <…>; rel="next"` header when there is more
/// (RFC 8288), so the body stays a plain array.
fn paged<T: Serialize>(items: Vec<T>, next: Option<String>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let mut response = Json(items).into_response();
    if let Some(next) =
        next.and_then(|n| axum::http::HeaderValue::from_str(&format!("<{n}>; rel=\"next\"")).ok())
    {
        response
            .headers_mut()
            .insert(axum::http::header::LINK, next);
    }
    response
}

pub fn query_date(ctx: &Ctx, q: &DateQuery) -> Result<time::Date, WebError> {
    match &q.date {
        None => Ok(ctx.today),
        Some(raw) => parse_date(raw)
            .ok_or_else(|| WebError::Invalid(vec![chibo_app::FieldError::new("date", "bad_date")])),
    }
}

/// Organisations the user may view on the date: the whole tree for administrators, the
/// subtree for staff, the own cell for members.
#[utoipa::path(
    get,
    path = "/api/v1/orgs",
    summary = "Organisations visible to the user on a date",
    tag = "orgs",
    params(
        ("date" = Option<String>, Query, format = Date, description = "View as of this date (dd/mm/yyyy or yyyy-mm-dd); default today in Vietnam"),
        ("after" = Option<i64>, Query, description = "Only organisations with a larger id: the last id of the previous page"),
        ("limit" = Option<i64>, Query, description = "Page size, default 100, at most 1000")
    ),
    responses((status = 200, description = "Organisation versions on the date, by id; a `Link: <…>; rel=\"next\"` header gives the next page")),
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<ListQuery>,
) -> Result<axum::response::Response, WebError> {
    let date = query_date(
        &ctx,
        &DateQuery {
            date: q.date.clone(),
        },
    )?;
    let tree = state.store.org_tree().await?;
    let mut visible: Vec<OrgVersion> = tree
        .roots_on(date)
        .into_iter()
        .flat_map(|r| tree.subtree_on(r.org, date))
        .filter(|o| crate::routes::may(&ctx, &tree, Capability::ViewOrg, Some(*o)))
        .filter_map(|o| tree.version_on(o, date).cloned())
        .collect();
    visible.sort_by_key(|v| v.org);
    let after = q.after.unwrap_or(i64::MIN);
    let limit = page_size(q.limit);
    let mut page: Vec<OrgVersion> = visible.into_iter().filter(|v| v.org.0 > after).collect();
    let next = (page.len() > limit).then(|| {
        let last = page[limit - 1].org.0;
        format!("/api/v1/orgs?date={}&after={last}&limit={limit}", date)
    });
    page.truncate(limit);
    Ok(paged(page, next))
}

#[derive(Serialize)]
pub struct OrgDetail {
    pub date: time::Date,
    pub version: OrgVersion,
    pub ancestors: Vec<OrgId>,
    pub children: Vec<OrgVersion>,
    pub history: Vec<OrgVersion>,
}

#[utoipa::path(
    get,
    path = "/api/v1/orgs/{id}",
    summary = "An organisation: version on a date, history, children",
    tag = "orgs", params(("id" = i64, Path, description = "Organisation id"), ("date" = Option<String>, Query, format = Date, description = "View as of this date (dd/mm/yyyy or yyyy-mm-dd); default today in Vietnam")), responses((status = 200, description = "The organisation")),
    extensions(("x-access" = json!(access(C::ViewOrg, S::Org))))
)]
pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Query(q): Query<DateQuery>,
) -> Result<Json<OrgDetail>, WebError> {
    let date = query_date(&ctx, &q)?;
    let tree = state.store.org_tree().await?;
    Ok(Json(detail(&tree, OrgId(id), date)?))
}

fn detail(tree: &OrgTree, org: OrgId, date: time::Date) -> Result<OrgDetail, WebError> {
    let version = tree
        .version_on(org, date)
        .cloned()
        .ok_or(WebError::NotFound)?;
    Ok(OrgDetail {
        date,
        version,
        ancestors: tree.ancestors_on(org, date),
        children: tree.children_on(org, date).into_iter().cloned().collect(),
        history: tree.history(org).to_vec(),
    })
}

#[utoipa::path(
    post,
    path = "/api/v1/orgs/{id}/children",
    summary = "Create an organisation under this one",
    tag = "orgs", params(("id" = i64, Path, description = "Organisation id")), request_body = OrgInput, responses((status = 201, description = "Created")),
    extensions(("x-access" = json!(access(C::ManageOrgTree, S::Org))))
)]
pub async fn create_child(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(mut input): ApiJson<OrgInput>,
) -> Result<(axum::http::StatusCode, Json<OrgDetail>), WebError> {
    input.parent = Some(id.to_string());
    let (org, from) =
        chibo_app::orgs::create_child(&state.store, &ctx.actor(), OrgId(id), &input).await?;
    let tree = state.store.org_tree().await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(detail(&tree, org, from)?),
    ))
}

/// Body of `POST /api/v1/orgs/{id}/changes`: what changes and from which date. Omitted
/// fields keep their value; `parent: null` is not allowed (use a new root instead).
#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct ChangeBody {
    #[schema(format = Date, examples("2025-07-01"))]
    pub from: Option<String>,
    pub kind: Option<String>,
    pub name: Option<String>,
    pub cell_type: Option<String>,
    pub parent: Option<i64>,
}

#[utoipa::path(
    post,
    path = "/api/v1/orgs/{id}/changes",
    summary = "Change kind, name, type or superior from a date",
    tag = "orgs", params(("id" = i64, Path, description = "Organisation id")), request_body = ChangeBody, responses((status = 200, description = "The organisation after the change")),
    extensions(("x-access" = json!(access(C::ManageOrgTree, S::Org))))
)]
pub async fn change(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ChangeBody>,
) -> Result<Json<OrgDetail>, WebError> {
    let mut p = chibo_app::input::Parser::default();
    let from = p.date("from", &body.from);
    let kind = p.opt_code("kind", &body.kind, chibo_domain::org::OrgKind::from_code);
    let name = body.name.as_ref().and_then(|_| p.name("name", &body.name));
    let cell_type = p.opt_code(
        "cell_type",
        &body.cell_type,
        chibo_domain::org::CellType::from_code,
    );
    let from = p.finish(from).map_err(WebError::Invalid)?;
    let change = OrgChange {
        kind,
        name,
        cell_type: cell_type.map(Some),
        parent: body.parent.map(|p| Some(OrgId(p))),
    };
    chibo_app::orgs::change(&state.store, &ctx.actor(), OrgId(id), from, change).await?;
    let tree = state.store.org_tree().await?;
    Ok(Json(detail(&tree, OrgId(id), from)?))
}

#[utoipa::path(
    get,
    path = "/api/v1/audit",
    summary = "The whole audit log (administrators)",
    tag = "audit",
    params(
        ("before" = Option<i64>, Query, description = "Only events with a smaller id: the last id of the previous page"),
        ("limit" = Option<i64>, Query, description = "Page size, default 100, at most 1000")
    ),
    responses((status = 200, description = "Audit events, newest first (by id); a `Link: <…>; rel=\"next\"` header gives the next page")),
    extensions(("x-access" = json!(access(C::ManageSystem, S::None))))
)]
pub async fn audit(
    State(state): State<AppState>,
    Query(q): Query<AuditListQuery>,
) -> Result<axum::response::Response, WebError> {
    let limit = page_size(q.limit);
    let mut events = state
        .store
        .audit_events(&AuditQuery {
            before_id: q.before,
            limit: i64::try_from(limit + 1).unwrap_or(i64::MAX),
            ..Default::default()
        })
        .await?;
    let next = (events.len() > limit).then(|| {
        format!(
            "/api/v1/audit?before={}&limit={limit}",
            events[limit - 1].id
        )
    });
    events.truncate(limit);
    Ok(paged(events, next))
}
