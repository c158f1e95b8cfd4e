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
    /// Issue 9 (own block): the member's open tasks, and for superior staff the cells of
    /// their subtree with members at the MTG-ATT-08 alert.
    followup: HomeFollowup,
    /// Issue 11: the user's cell's thematic plan of this year, its missed topics and the
    /// directives addressed to it with their due dates.
    plan: Option<super::plans::CellPlanSummary>,
    /// Issue 12: "Sắp đến hạn" — the deadline feed of the user's cell (secretary and
    /// committee) and of the committees they are staff of, within 30 working days.
    due_soon: Vec<super::admissions::DueRow>,
    /// The boards those deadlines come from: (org id, name).
    due_boards: Vec<(i64, String)>,
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

/// A cell with members at the MTG-ATT-08 alert: (id, name, [(member, months)]).
pub type CellAlert = (i64, String, Vec<(String, u32)>);

/// The home page's follow-up block (issue 9).
#[derive(Default)]
pub struct HomeFollowup {
    /// The user is a member of a cell: their own open tasks are listed (maybe none).
    pub member: bool,
    pub tasks: Vec<super::minutes::TaskRow>,
    /// Superior staff: (cell id, cell name, [(member, months)]).
    pub alerts: Vec<CellAlert>,
    pub year: i32,
}

/// Issue 9: the member's own open tasks (overdue flagged) and, for each committee the user
/// oversees, the cells under it with members absent without reason in 3 or more months of
/// this year (MTG-ATT-08, one query over the subtree).
async fn home_followup(
    state: &AppState,
    ctx: &Ctx,
    user: &crate::ctx::CurrentUser,
) -> Result<HomeFollowup, WebError> {
    let year = ctx.today.year();
    let mut out = HomeFollowup {
        year,
        ..Default::default()
    };
    if let (Some(cell), Some(person)) = (user.subject.home_cell, user.record.person) {
        out.member = true;
        let mine =
            chibo_app::meetings::open_tasks(&state.store, cell, Some(person), ctx.today).await?;
        out.tasks = super::minutes::task_rows(ctx.t, &mine);
    }
    for role in &user.subject.system_roles {
        if let SystemRole::Staff { org } = role {
            for a in
                chibo_app::meetings::subtree_absence_alerts(&state.store, *org, year, ctx.today)
                    .await?
            {
                out.alerts.push((
                    a.cell.0,
                    a.name,
                    a.members.into_iter().map(|m| (m.name, m.months)).collect(),
                ));
            }
        }
    }
    Ok(out)
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
    let plan = match user.subject.home_cell {
        Some(cell) if crate::routes::may_get(&ctx, &tree, "/orgs/{id}/plan", Some(cell)) => Some(
            super::plans::cell_summary(&state, &ctx, cell, name_of(cell), ctx.today.year()).await?,
        ),
        _ => None,
    };
    let mut feed_orgs: Vec<OrgId> = user.subject.home_cell.into_iter().collect();
    for role in &user.subject.system_roles {
        if let SystemRole::Staff { org } = role {
            feed_orgs.push(*org);
        }
    }
    feed_orgs.retain(|o| crate::routes::may_get(&ctx, &tree, "/orgs/{id}/admissions", Some(*o)));
    let due_soon = super::admissions::due_soon(&state, &ctx, &tree, &feed_orgs, 30).await?;
    let due_boards = feed_orgs.iter().map(|o| (o.0, name_of(*o))).collect();
    let notices = notice_items(&state, &ctx, &tree).await?;
    let followup = home_followup(&state, &ctx, &user).await?;
    render(&HomePage {
        plan,
        due_soon,
        due_boards,
        notices,
        followup,
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
