//! Home: what the user must do next, and the way into their cell or subtree.

use crate::routes::{access, Scope as S};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::Extension;
use chibo_domain::access::Capability as C;
use chibo_domain::access::SystemRole;
use chibo_domain::member::{cell_flags, CellFlag, CellRoster};
use chibo_domain::org::OrgTree;
use chibo_domain::OrgId;

use super::{render, Layout};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Catalog;
use crate::AppState;

pub struct Todo {
    pub title: String,
    pub detail: String,
    pub url: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    l: Layout,
    name: String,
    my_cell: Option<(i64, String)>,
    my_profile: Option<i64>,
    scopes: Vec<(i64, String)>,
    is_admin: bool,
    no_person: bool,
    todos: Vec<Todo>,
    recognitions: Vec<RecognitionItem>,
    notices: Vec<NoticeItem>,
}

/// One notice as the home page lists it (MTG-PREP-03): which meeting, when, where.
pub struct NoticeItem {
    pub title: String,
    pub detail: String,
    pub url: String,
    pub unread: bool,
}

/// The user's notices: a meeting of their cell (or of a cell they follow) published.
async fn notice_items(
    state: &AppState,
    ctx: &Ctx,
    tree: &OrgTree,
) -> Result<Vec<NoticeItem>, WebError> {
    let t = ctx.t;
    let Some(person) = ctx.user.as_ref().and_then(|u| u.record.person) else {
        return Ok(Vec::new());
    };
    let notices = chibo_app::notices::of_person(&state.store, person).await?;
    Ok(notices
        .into_iter()
        .map(|n| {
            let cell = tree
                .version_on(n.org, n.meeting_date)
                .map(|v| v.name.to_string())
                .unwrap_or_default();
            let kind = t.value(&format!("meeting_{}", n.meeting_kind.code()));
            let when = match &n.planned_start {
                Some(start) => format!("{start}, {}", t.date(&n.meeting_date)),
                None => t.date(&n.meeting_date),
            };
            NoticeItem {
                title: format!("{} — {kind}", t.home.notice_published),
                detail: format!("{cell} · {when} · {}", n.place),
                url: format!("/meetings/{}", n.meeting.0),
                unread: !n.read,
            }
        })
        .collect())
}

#[utoipa::path(
    post,
    path = "/notices/read",
    summary = "Mark all of the user's notices read",
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn read_notices(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
) -> Result<Response, WebError> {
    let person = ctx.user.as_ref().and_then(|u| u.record.person);
    chibo_app::notices::mark_read(&state.store, &ctx.actor(), person, None).await?;
    Ok(super::see_other("/#notices"))
}

/// One probationary member due for recognition, as the home page shows it (ADM-PRB-01/03,
/// ADM-REC-01).
pub struct RecognitionItem {
    pub name: String,
    /// The profile, where the user may open it.
    pub url: Option<String>,
    pub ceremony: String,
    pub complete_on: String,
    pub deadline: String,
    /// "12 working days left", "overdue: 5 working days", …
    pub left: String,
    pub overdue: bool,
}

fn recognition_item(
    ctx: &Ctx,
    tree: &OrgTree,
    cell: OrgId,
    d: &chibo_app::people::RecognitionDue,
) -> RecognitionItem {
    let t = ctx.t;
    let left = match d.working_days_left {
        Some(n) if n > 0 => format!("{n} {}", t.home.rec_days_left),
        Some(0) => t.home.rec_due_today.to_string(),
        Some(n) => format!("{}: {} {}", t.home.rec_overdue, -n, t.home.rec_days_overdue),
        None if d.overdue => t.home.rec_overdue.to_string(),
        None => String::new(),
    };
    RecognitionItem {
        name: d.name.clone(),
        url: crate::routes::may_get(ctx, tree, "/people/{id}", Some(cell))
            .then(|| format!("/people/{}", d.person.0)),
        ceremony: t.date(&d.ceremony_date),
        complete_on: t.date(&d.complete_on),
        deadline: t.opt_date(&d.deadline),
        left,
        overdue: d.overdue,
    }
}

pub fn flag_text(t: &'static Catalog, flag: &CellFlag) -> &'static str {
    match flag {
        CellFlag::BelowThreeOfficial { .. } => t.value("flag_below_three_official"),
        CellFlag::NeedsCommittee { .. } => t.value("flag_needs_committee"),
        CellFlag::NoSecretary => t.value("flag_no_secretary"),
    }
}

/// Flags of one cell on a date.
pub async fn flags_of(
    state: &AppState,
    cell: OrgId,
    date: time::Date,
) -> Result<Vec<CellFlag>, WebError> {
    let records = state.store.cell_records(cell).await?;
    let roster = CellRoster::on(
        cell,
        date,
        &records.members(),
        &records.placements,
        &records.statuses,
    );
    Ok(cell_flags(cell, &roster, &records.roles, date))
}

/// Cells of a subtree that carry flags; bounded so a province-wide login stays fast (the
/// dashboards issue will read precomputed summaries instead).
async fn flagged_cells(
    state: &AppState,
    tree: &OrgTree,
    root: OrgId,
    date: time::Date,
    t: &'static Catalog,
) -> Result<Vec<Todo>, WebError> {
    let mut todos = Vec::new();
    let mut cells: Vec<OrgId> = tree
        .subtree_on(root, date)
        .into_iter()
        .filter(|o| tree.version_on(*o, date).is_some_and(|v| v.kind.is_cell()))
        .collect();
    cells.sort();
    for cell in cells.into_iter().take(500) {
        let flags = flags_of(state, cell, date).await?;
        let relevant: Vec<&CellFlag> = flags.iter().filter(|f| f.rule_id().is_some()).collect();
        if !relevant.is_empty() {
            let name = tree
                .version_on(cell, date)
                .map(|v| v.name.to_string())
                .unwrap_or_default();
            todos.push(Todo {
                title: name,
                detail: relevant
                    .iter()
                    .map(|f| flag_text(t, f))
                    .collect::<Vec<_>>()
                    .join(" "),
                url: format!("/orgs/{}", cell.0),
            });
        }
    }
    Ok(todos)
}

#[utoipa::path(
    get,
    path = "/",
    summary = "Home: what to do next",
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn home(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
) -> Result<Response, WebError> {
    let user = ctx.user.clone().ok_or(WebError::Unauthenticated)?;
    let t = ctx.t;
    let tree = state.store.org_tree().await?;
    let name_of = |org: OrgId| {
        tree.version_on(org, ctx.today)
            .map(|v| v.name.to_string())
            .unwrap_or_default()
    };
    let my_cell = user.subject.home_cell.map(|c| (c.0, name_of(c)));
    let mut todos = Vec::new();
    let mut recognitions = Vec::new();
    if let Some(cell) = user.subject.home_cell {
        let leads = user
            .subject
            .party_roles
            .iter()
            .any(|(org, role)| *org == cell && role.is_committee_seat());
        if leads {
            let flags = flags_of(&state, cell, ctx.today).await?;
            for f in flags {
                todos.push(Todo {
                    title: t.home.todo_review_flags.to_string(),
                    detail: flag_text(t, &f).to_string(),
                    url: format!("/orgs/{}", cell.0),
                });
            }
            // ADM-PRB-01/03, ADM-REC-01/02: who is past their 12 months of probation.
            for due in chibo_app::people::recognitions_due(&state.store, cell, ctx.today).await? {
                recognitions.push(recognition_item(&ctx, &tree, cell, &due));
            }
        }
    }
    let mut scopes = Vec::new();
    for role in &user.subject.system_roles {
        if let SystemRole::Staff { org } = role {
            scopes.push((org.0, name_of(*org)));
            todos.extend(flagged_cells(&state, &tree, *org, ctx.today, t).await?);
        }
    }
    let notices = notice_items(&state, &ctx, &tree).await?;
    render(&HomePage {
        notices,
        l: Layout::new(&ctx, t.home.home_title),
        name: user.display_name.clone(),
        my_cell,
        my_profile: user.record.person.map(|p| p.0),
        scopes,
        is_admin: user.subject.is_admin(),
        no_person: user.record.person.is_none() && user.subject.system_roles.is_empty(),
        todos,
        recognitions,
    })
}
