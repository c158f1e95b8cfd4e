//! The organisation tree browser, the organisation/cell page, tree edits and the audit log.

use crate::routes::{access, Scope as S};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::{Extension, Form};
use chibo_app::collate::NameOrder;
use chibo_app::input::OrgInput;
use chibo_app::people::cell_view;
use chibo_domain::access::Capability as C;
use chibo_domain::access::{Capability, SystemRole};
use chibo_domain::member::Breakdown;
use chibo_domain::org::OrgTree;
use chibo_domain::OrgId;
use serde::Deserialize;

use super::home::flag_text;
use super::{can, render, see_other, view_date, FormPage, Layout};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::forms::Field;
use crate::routes::may_get;
use crate::AppState;

#[derive(Deserialize, Default)]
pub struct DateQuery {
    pub date: Option<String>,
    /// The year of the cell's meeting list (default: the year of `date`).
    pub year: Option<i32>,
}

pub struct TreeRow {
    pub id: i64,
    pub depth: usize,
    pub name: String,
    pub kind: &'static str,
    pub flags: usize,
}

#[derive(Template)]
#[template(path = "tree.html")]
struct TreePage {
    l: Layout,
    date: String,
    rows: Vec<TreeRow>,
}

fn sorted_children(tree: &OrgTree, org: OrgId, date: time::Date, order: &NameOrder) -> Vec<OrgId> {
    let mut children: Vec<(OrgId, String)> = tree
        .children_on(org, date)
        .into_iter()
        .map(|v| (v.org, v.name.to_string()))
        .collect();
    children.sort_by(|a, b| order.compare_plain(&a.1, &b.1));
    children.into_iter().map(|(o, _)| o).collect()
}

fn walk(
    tree: &OrgTree,
    org: OrgId,
    depth: usize,
    date: time::Date,
    ctx: &Ctx,
    order: &NameOrder,
    rows: &mut Vec<TreeRow>,
) {
    let Some(v) = tree.version_on(org, date) else {
        return;
    };
    rows.push(TreeRow {
        id: org.0,
        depth: depth.min(6),
        name: v.name.to_string(),
        kind: ctx.t.value(v.kind.code()),
        flags: 0,
    });
    if rows.len() > 5000 {
        return;
    }
    for child in sorted_children(tree, org, date, order) {
        walk(tree, child, depth + 1, date, ctx, order, rows);
    }
}

#[utoipa::path(
    get,
    path = "/orgs",
    summary = "Organisation tree browser",
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn tree(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<DateQuery>,
) -> Result<Response, WebError> {
    let user = ctx.user.clone().ok_or(WebError::Unauthenticated)?;
    let date = view_date(&ctx, &q.date);
    let tree = state.store.org_tree().await?;
    let order = NameOrder::shared().ok_or_else(|| WebError::Internal("collator".into()))?;
    let mut roots: Vec<OrgId> = Vec::new();
    if user.subject.is_admin() {
        roots = tree.roots_on(date).into_iter().map(|v| v.org).collect();
    }
    for role in &user.subject.system_roles {
        if let SystemRole::Staff { org } = role {
            roots.push(*org);
        }
    }
    if let Some(cell) = user.subject.home_cell {
        roots.push(cell);
    }
    roots.dedup();
    let mut rows = Vec::new();
    for root in roots {
        walk(&tree, root, 0, date, &ctx, order, &mut rows);
    }
    render(&TreePage {
        l: Layout::new(&ctx, ctx.t.orgs.tree_title),
        date: ctx.t.date(&date),
        rows,
    })
}

pub struct MemberRow {
    pub id: i64,
    /// The profile opens for this user (same decision as the route table).
    pub linked: bool,
    pub name: String,
    pub standing: &'static str,
    pub roles: String,
    pub status: &'static str,
    pub admitted: String,
    /// The day the member joined this cell.
    pub joined: String,
}

pub struct HistoryRow {
    pub from: String,
    pub until: String,
    pub name: String,
    pub kind: &'static str,
    pub parent: String,
}

#[derive(Template)]
#[template(path = "org.html")]
struct OrgPage {
    l: Layout,
    id: i64,
    date: String,
    /// (id, name, linked): a name without link where the page would not open.
    crumbs: Vec<(i64, String, bool)>,
    name: String,
    kind: &'static str,
    cell_type: Option<&'static str>,
    superior: Option<(i64, String, bool)>,
    flags: Vec<&'static str>,
    is_cell: bool,
    breakdown: Breakdown,
    members: Vec<MemberRow>,
    attached: Vec<MemberRow>,
    non_members: Vec<(i64, String, &'static str, bool)>,
    /// Admitted by decision, ceremony not held yet (ADM-PRB-01): not on the roster.
    awaiting: Vec<(i64, String, bool)>,
    children: Vec<(i64, String, &'static str, bool)>,
    history: Vec<HistoryRow>,
    can_edit_members: bool,
    can_manage_tree: bool,
    can_audit: bool,
    /// The thematic plans of the subtree (issue 11).
    can_plans: bool,
    /// Issue 12: the admission board.
    can_admissions: bool,
    /// A committee's practice courses (TRN-01); a cell owns none.
    can_training: bool,
    can_search: bool,
    can_export: bool,
    /// The registers as workbooks (issue 10), for a cell.
    can_registers: bool,
    /// The cell's meetings of the year and, for who may plan them, the form.
    meetings: Option<super::meetings::CellMeetings>,
    /// Issue 9: open tasks, MTG-ATT-08 alerts, the minutes book's link.
    followup: Option<super::minutes::CellFollowup>,
    people_here: bool,
    /// Issue 11: the year whose thematic plan the cell page links to.
    plan: Option<i32>,
}

#[utoipa::path(
    get,
    path = "/orgs/{id}",
    summary = "Organisation or cell page",
    extensions(("x-access" = json!(access(C::ViewOrg, S::Org))))
)]
pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Query(q): Query<DateQuery>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let org = OrgId(id);
    let date = view_date(&ctx, &q.date);
    let tree = state.store.org_tree().await?;
    let version = tree
        .version_on(org, date)
        .cloned()
        .ok_or(WebError::NotFound)?;
    let name_on = |o: OrgId| {
        tree.version_on(o, date)
            .map(|v| v.name.to_string())
            .unwrap_or_default()
    };
    let org_link = |o: OrgId| may_get(&ctx, &tree, "/orgs/{id}", Some(o));
    let mut crumbs: Vec<(i64, String, bool)> = tree
        .ancestors_on(org, date)
        .into_iter()
        .map(|o| (o.0, name_on(o), org_link(o)))
        .collect();
    crumbs.reverse();
    let superior = tree
        .superior_on(org, date)
        .map(|o| (o.0, name_on(o), org_link(o)));
    // A profile opens when the route table lets the user see the person's governing
    // organisation: this cell for its members and non-members.
    let people_here = may_get(&ctx, &tree, "/people/{id}", Some(org));
    let order = NameOrder::shared().ok_or_else(|| WebError::Internal("collator".into()))?;
    let row = |r: &chibo_app::people::RosterRow| MemberRow {
        id: r.person.id.0,
        linked: people_here,
        name: r.person.full_name.to_string(),
        standing: t.value(match r.standing {
            chibo_domain::member::Standing::Official => "official",
            chibo_domain::member::Standing::Probationary => "probationary",
        }),
        roles: r
            .roles
            .iter()
            .map(|x| t.value(x.code()))
            .collect::<Vec<_>>()
            .join(", "),
        status: r
            .status
            .map(|s| t.value(s.code()))
            .unwrap_or(t.orgs.status_active),
        admitted: t.date(&r.admission_date),
        joined: t.date(&r.joined),
    };
    let (breakdown, flags, members, attached, non_members, awaiting) = if version.kind.is_cell() {
        let view = cell_view(&state.store, org, date).await?;
        // Members attached from elsewhere are governed by their home cell.
        let mut attached = Vec::new();
        for r in &view.attached {
            let home =
                chibo_app::people::governing_org(&state.store, r.person.id, ctx.today).await?;
            let mut a = row(r);
            a.linked = home.is_some() && may_get(&ctx, &tree, "/people/{id}", home);
            attached.push(a);
        }
        (
            view.breakdown,
            view.flags.iter().map(|f| flag_text(t, f)).collect(),
            view.members.iter().map(row).collect(),
            attached,
            view.non_members
                .iter()
                .map(|p| {
                    (
                        p.id.0,
                        p.full_name.to_string(),
                        p.affiliation.map(|a| t.value(a.kind.code())).unwrap_or(""),
                        people_here,
                    )
                })
                .collect(),
            view.awaiting_ceremony
                .iter()
                .map(|p| (p.id.0, p.full_name.to_string(), people_here))
                .collect(),
        )
    } else {
        (
            Breakdown::default(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
        )
    };
    let children = sorted_children(&tree, org, date, order)
        .into_iter()
        .filter_map(|c| {
            tree.version_on(c, date)
                .map(|v| (c.0, v.name.to_string(), t.value(v.kind.code()), org_link(c)))
        })
        .collect();
    let history = tree
        .history(org)
        .iter()
        .map(|v| HistoryRow {
            from: t.date(&v.period.from()),
            until: v
                .period
                .until()
                .map(|d| t.date(&d))
                .unwrap_or_else(|| t.orgs.still_valid.to_string()),
            name: v.name.to_string(),
            kind: t.value(v.kind.code()),
            parent: v
                .parent
                .map(|p| {
                    tree.version_on(p, v.period.from())
                        .map(|pv| pv.name.to_string())
                        .unwrap_or_default()
                })
                .unwrap_or_default(),
        })
        .collect();
    let meetings = if version.kind.is_cell() {
        let year = q.year.unwrap_or(date.year()).clamp(2007, 2199);
        let can_plan = can(&ctx, &tree, Capability::ManageMeetings, Some(org));
        Some(super::meetings::cell_meetings(&state, &ctx, org, year, can_plan).await?)
    } else {
        None
    };
    let followup =
        if version.kind.is_cell() && may_get(&ctx, &tree, "/orgs/{id}/minutes", Some(org)) {
            // MTG-ATT-08 counts the year the meetings section shows (this year by default).
            let year = q.year.unwrap_or(date.year()).clamp(2007, 2199);
            Some(super::minutes::cell_followup(&state, &ctx, org, year).await?)
        } else {
            None
        };
    // The cell page stays free of queries when warm (the platform's budget): only the way
    // to the year's plan here; its status, missed topics and directives are on it and on
    // the members' home page.
    let plan = (version.kind.is_cell() && may_get(&ctx, &tree, "/orgs/{id}/plan", Some(org)))
        .then(|| q.year.unwrap_or(date.year()).clamp(2007, 2199));
    let can_search = may_get(&ctx, &tree, "/orgs/{id}/search", Some(org));
    let can_export = may_get(&ctx, &tree, "/orgs/{id}/roster.csv", Some(org));
    let can_registers = version.kind.is_cell()
        && may_get(&ctx, &tree, "/api/v1/orgs/{id}/registers/{kind}", Some(org));
    let page = OrgPage {
        plan,
        meetings,
        followup,
        people_here,
        can_search,
        can_export,
        can_registers,
        l: Layout::new(&ctx, version.name.to_string()),
        id,
        date: t.date(&date),
        crumbs,
        name: version.name.to_string(),
        kind: t.value(version.kind.code()),
        cell_type: version.cell_type.map(|c| t.value(c.code())),
        superior,
        flags,
        is_cell: version.kind.is_cell(),
        breakdown,
        members,
        attached,
        non_members,
        awaiting,
        children,
        history,
        can_edit_members: can(&ctx, &tree, Capability::EditMembers, Some(org)),
        can_manage_tree: can(&ctx, &tree, Capability::ManageOrgTree, Some(org)),
        can_audit: can(&ctx, &tree, Capability::ViewAudit, Some(org)),
        can_plans: may_get(&ctx, &tree, "/orgs/{id}/plans", Some(org)),
        can_admissions: may_get(&ctx, &tree, "/orgs/{id}/admissions", Some(org)),
        can_training: !version.kind.is_cell()
            && may_get(&ctx, &tree, "/orgs/{id}/training", Some(org)),
    };
    render(&page)
}

const KIND_CODES: [&str; 8] = [
    "province",
    "district",
    "commune",
    "above_base",
    "base_committee",
    "base_cell",
    "sub_committee",
    "cell",
];
const CELL_TYPE_CODES: [&str; 7] = [
    "village",
    "state_agency",
    "state_enterprise",
    "private_enterprise",
    "school",
    "armed_forces",
    "other",
];

fn org_fields(ctx: &Ctx, input: &OrgInput, parents: Option<Vec<(String, String)>>) -> Vec<Field> {
    let t = ctx.t;
    let mut fields = vec![
        Field::text(t, "name", &input.name).required(),
        Field::select(t, "kind", &input.kind, &KIND_CODES).required(),
        Field::select(t, "cell_type", &input.cell_type, &CELL_TYPE_CODES),
    ];
    if let Some(parents) = parents {
        fields.push(Field::select_pairs(t, "parent", &input.parent, parents));
    }
    let mut from = Field::date(t, "from", &input.from).required();
    from.label = t.common.change_from;
    fields.push(from);
    fields
}

#[utoipa::path(
    get,
    path = "/orgs/{id}/children/new",
    summary = "Form: new organisation under this one",
    extensions(("x-access" = json!(access(C::ManageOrgTree, S::Org))))
)]
pub async fn child_form(
    Extension(ctx): Extension<Ctx>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let tree = state.store.org_tree().await?;
    let parent = tree
        .version_on(OrgId(id), ctx.today)
        .ok_or(WebError::NotFound)?;
    let input = OrgInput {
        kind: Some("cell".into()),
        from: Some(ctx.t.date(&ctx.today)),
        ..Default::default()
    };
    child_page(&ctx, id, parent.name.to_string(), &input).respond(&[])
}

fn child_page(ctx: &Ctx, id: i64, parent_name: String, input: &OrgInput) -> FormPage {
    FormPage {
        l: Layout::new(ctx, ctx.t.orgs.add_child),
        heading: ctx.t.orgs.add_child.to_string(),
        subheading: Some(parent_name),
        action: format!("/orgs/{id}/children"),
        fields: org_fields(ctx, input, None),
        summary: Vec::new(),
        submit: ctx.t.common.save,
        cancel_url: format!("/orgs/{id}"),
    }
}

#[utoipa::path(
    post,
    path = "/orgs/{id}/children",
    summary = "Create an organisation under this one",
    extensions(("x-access" = json!(access(C::ManageOrgTree, S::Org))))
)]
pub async fn child_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(mut input): Form<OrgInput>,
) -> Result<Response, WebError> {
    input.parent = Some(id.to_string());
    let tree = state.store.org_tree().await?;
    let parent_name = tree
        .version_on(OrgId(id), ctx.today)
        .map(|v| v.name.to_string())
        .unwrap_or_default();
    let result = chibo_app::orgs::create_child(&state.store, &ctx.actor(), OrgId(id), &input).await;
    match result {
        Ok(new) => Ok(see_other(&format!("/orgs/{}", new.0))),
        Err(chibo_app::AppError::Invalid(errors)) => {
            child_page(&ctx, id, parent_name, &input).respond(&errors)
        }
        Err(e) => Err(e.into()),
    }
}

fn parent_choices(ctx: &Ctx, tree: &OrgTree, except: OrgId) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = tree
        .roots_on(ctx.today)
        .into_iter()
        .flat_map(|r| tree.subtree_on(r.org, ctx.today))
        .filter(|o| *o != except && !tree.in_subtree_on(*o, except, ctx.today))
        .filter_map(|o| tree.version_on(o, ctx.today))
        .filter(|v| !v.kind.is_cell())
        .map(|v| (v.org.0.to_string(), v.name.to_string()))
        .collect();
    all.sort_by(|a, b| a.1.cmp(&b.1));
    all.dedup();
    all
}

fn edit_page(ctx: &Ctx, tree: &OrgTree, id: i64, input: &OrgInput) -> FormPage {
    FormPage {
        l: Layout::new(ctx, ctx.t.orgs.edit_org),
        heading: ctx.t.orgs.edit_org.to_string(),
        subheading: tree
            .version_on(OrgId(id), ctx.today)
            .map(|v| v.name.to_string()),
        action: format!("/orgs/{id}/edit"),
        fields: org_fields(ctx, input, Some(parent_choices(ctx, tree, OrgId(id)))),
        summary: Vec::new(),
        submit: ctx.t.common.save,
        cancel_url: format!("/orgs/{id}"),
    }
}

#[utoipa::path(
    get,
    path = "/orgs/{id}/edit",
    summary = "Form: rename, change kind or superior",
    extensions(("x-access" = json!(access(C::ManageOrgTree, S::Org))))
)]
pub async fn edit_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let tree = state.store.org_tree().await?;
    let v = tree
        .version_on(OrgId(id), ctx.today)
        .ok_or(WebError::NotFound)?;
    let input = OrgInput {
        kind: Some(v.kind.code().into()),
        name: Some(v.name.to_string()),
        cell_type: v.cell_type.map(|c| c.code().into()),
        parent: v.parent.map(|p| p.0.to_string()),
        from: Some(ctx.t.date(&ctx.today)),
    };
    edit_page(&ctx, &tree, id, &input).respond(&[])
}

#[utoipa::path(
    post,
    path = "/orgs/{id}/edit",
    summary = "Rename, change kind or superior from a date",
    extensions(("x-access" = json!(access(C::ManageOrgTree, S::Org))))
)]
pub async fn edit_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(input): Form<OrgInput>,
) -> Result<Response, WebError> {
    let tree = state.store.org_tree().await?;
    let result = chibo_app::orgs::edit(&state.store, &ctx.actor(), OrgId(id), &input).await;
    match result {
        Ok(()) => Ok(see_other(&format!("/orgs/{id}"))),
        Err(chibo_app::AppError::Invalid(errors)) => {
            edit_page(&ctx, &tree, id, &input).respond(&errors)
        }
        Err(e) => Err(e.into()),
    }
}

/// The organisation's audit log (see [`super::audit`]), filterable by `person`, `from`,
/// `until`, paged by `before`.
#[utoipa::path(
    get,
    path = "/orgs/{id}/audit",
    summary = "Audit log of the organisation's subtree",
    extensions(("x-access" = json!(access(C::ViewAudit, S::Org))))
)]
pub async fn audit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Query(params): Query<super::audit::AuditParams>,
) -> Result<Response, WebError> {
    super::audit::page(&state, &ctx, OrgId(id), &params).await
}

/// Kinds and cell types are listed in forms by these codes; a test keeps them complete.
pub fn form_codes() -> (Vec<&'static str>, Vec<&'static str>) {
    (KIND_CODES.to_vec(), CELL_TYPE_CODES.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chibo_domain::org::{CellType, OrgKind};

    #[test]
    fn form_code_lists_are_complete() {
        let (kinds, types) = form_codes();
        assert_eq!(
            kinds,
            OrgKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>()
        );
        assert_eq!(
            types,
            CellType::ALL.iter().map(|k| k.code()).collect::<Vec<_>>()
        );
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    pub q: Option<String>,
    pub date: Option<String>,
}

/// One member found, as the search page shows it.
pub struct SearchRow {
    pub id: i64,
    pub name: String,
    /// The profile opens for this user (the route table's decision on the home cell).
    pub linked: bool,
    pub cell: String,
    pub standing: &'static str,
    pub status: &'static str,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    l: Layout,
    id: i64,
    org_name: String,
    q: String,
    date: String,
    searched: bool,
    rows: Vec<SearchRow>,
    limited: bool,
}

#[utoipa::path(
    get,
    path = "/orgs/{id}/search",
    summary = "Search members by name in a cell or a committee's subtree, on a date",
    extensions(("x-access" = json!(access(C::ViewMembers, S::Org))))
)]
pub async fn search(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Query(q): Query<SearchQuery>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let org = OrgId(id);
    let date = view_date(&ctx, &q.date);
    let tree = state.store.org_tree().await?;
    let version = tree.version_on(org, date).ok_or(WebError::NotFound)?;
    let query = q.q.unwrap_or_default();
    let hits = chibo_app::people::search_members(&state.store, org, date, &query).await?;
    let limited = hits.len() >= chibo_app::people::SEARCH_LIMIT;
    let rows = hits
        .into_iter()
        .map(|h| SearchRow {
            id: h.person.0,
            name: h.name,
            linked: may_get(&ctx, &tree, "/people/{id}", Some(h.cell)),
            cell: h.cell_name,
            standing: t.value(match h.standing {
                chibo_domain::member::Standing::Official => "official",
                chibo_domain::member::Standing::Probationary => "probationary",
            }),
            status: h.status.map(|s| t.value(s.code())).unwrap_or(""),
        })
        .collect();
    render(&SearchPage {
        l: Layout::new(&ctx, t.orgs.search_title),
        id,
        org_name: version.name.to_string(),
        searched: !query.trim().is_empty(),
        q: query,
        date: t.date(&date),
        rows,
        limited,
    })
}

/// One CSV field: quoted when it holds a separator, quote or line break; a leading `=`,
/// `+`, `-` or `@` is neutralised so a spreadsheet never runs a name as a formula.
fn csv_field(raw: &str) -> String {
    let value = if raw.starts_with(['=', '+', '-', '@']) {
        format!("'{raw}")
    } else {
        raw.to_string()
    };
    if value.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// A file name from an organisation's name: letters and digits without diacritics, words
/// joined by `-`.
fn file_slug(name: &str) -> String {
    let folded = chibo_app::collate::fold_for_search(name);
    let words: Vec<String> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    words.join("-")
}

#[utoipa::path(
    get,
    path = "/orgs/{id}/roster.csv",
    summary = "The cell's roster on a date as CSV (UTF-8 with BOM, Vietnamese headers)",
    extensions(("x-access" = json!(access(C::ViewMembers, S::Org))))
)]
pub async fn roster_csv(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Query(q): Query<DateQuery>,
) -> Result<Response, WebError> {
    use axum::http::{header, HeaderValue};
    use axum::response::IntoResponse;
    // The file is a Vietnamese document whatever the page language.
    let t = crate::i18n::Catalog::for_lang("vi");
    let org = OrgId(id);
    let date = view_date(&ctx, &q.date);
    let tree = state.store.org_tree().await?;
    let version = tree.version_on(org, date).ok_or(WebError::NotFound)?;
    if !version.kind.is_cell() {
        return Err(WebError::NotFound);
    }
    let view = cell_view(&state.store, org, date).await?;
    let mut out = String::from("\u{feff}");
    let header_row = [
        t.orgs.col_number,
        t.orgs.col_name,
        t.orgs.col_standing,
        t.orgs.col_status,
        t.orgs.col_roles,
        t.orgs.col_admitted,
        t.orgs.col_joined,
        t.orgs.col_placement,
        t.field("phone"),
    ];
    out.push_str(&header_row.map(csv_field).join(","));
    out.push_str("\r\n");
    for (n, r) in view.members.iter().chain(view.attached.iter()).enumerate() {
        // The person's contacts are governed by their home cell: this one for its members;
        // attached members' phones follow the same one decision.
        let governing = if r.placement == chibo_domain::member::PlacementKind::Home {
            Some(org)
        } else {
            chibo_app::people::governing_org(&state.store, r.person.id, date).await?
        };
        let phone = if crate::routes::sees_contacts(&ctx, &tree, governing, r.person.id) {
            r.person
                .phone
                .as_ref()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default()
        } else {
            String::new()
        };
        let row = [
            (n + 1).to_string(),
            r.person.full_name.to_string(),
            t.value(match r.standing {
                chibo_domain::member::Standing::Official => "official",
                chibo_domain::member::Standing::Probationary => "probationary",
            })
            .to_string(),
            r.status
                .map(|s| t.value(s.code()))
                .unwrap_or(t.orgs.status_active)
                .to_string(),
            r.roles
                .iter()
                .map(|x| t.value(x.code()))
                .collect::<Vec<_>>()
                .join("; "),
            t.date(&r.admission_date),
            t.date(&r.joined),
            t.value(r.placement.code()).to_string(),
            phone,
        ];
        out.push_str(
            &row.iter()
                .map(|v| csv_field(v))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    let filename = format!(
        "danh-sach-dang-vien-{}-{:04}-{:02}-{:02}.csv",
        file_slug(&version.name.to_string()),
        date.year(),
        date.month() as u8,
        date.day()
    );
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let mut response = out.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    Ok(response)
}

#[cfg(test)]
mod csv_tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("Đinh Thị Mai Phương"), "Đinh Thị Mai Phương");
        assert_eq!(csv_field("Bí thư, Ủy viên"), "\"Bí thư, Ủy viên\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(
            file_slug("Chi bộ Trung tâm Trợ giúp pháp lý"),
            "chi-bo-trung-tam-tro-giup-phap-ly"
        );
    }
}
