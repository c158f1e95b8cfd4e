//! The thematic plans of a year as a superior committee follows them (issue 11, PLAN-01..04,
//! MTG-FREQ-02): every cell of its subtree with its plan's status and, per quarter, how each
//! planned topic stands against the record — "missed" once the quarter ended without an
//! approved thematic meeting. The cell's own plan page (`/orgs/{id}/plan`, `/plans/{id}`):
//! the directives it answers, its topics with their state, the form of a draft, the
//! workflow buttons of either side, the comment thread and every earlier version. Every
//! action is a plain form POST answered with a redirect, or on an error the page again with
//! the message and what was typed kept (422).

use std::collections::BTreeMap;

use crate::routes::{access, Scope as S};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::{Extension, Form};
use chibo_app::FieldError;
use chibo_domain::access::Capability as C;
use chibo_domain::plan::ItemState;
use chibo_domain::OrgId;
use serde::Deserialize;

use super::meetings::field_errors;
use super::{render, see_other, Layout};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

#[derive(Deserialize, Default)]
pub struct YearQuery {
    pub year: Option<i32>,
}

/// The superior view's query: year, filters (plan status, only cells with a missed topic,
/// only cells past the due date), sorting and page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct UnderQuery {
    pub year: Option<i32>,
    pub status: Option<String>,
    pub missed: Option<String>,
    pub overdue: Option<String>,
    pub sort: Option<String>,
    pub page: Option<usize>,
}

/// One cell's row: its name, its plan's status in words, per quarter its items' states
/// (code, words).
pub struct Row {
    pub cell: i64,
    pub plan: Option<i64>,
    pub name: String,
    pub status_code: String,
    pub status: &'static str,
    pub quarters: Vec<Vec<(&'static str, &'static str)>>,
    pub missed: usize,
    pub overdue: bool,
}

/// One bar of the chart: label, count, width in the SVG (of 200), y, colour class.
pub struct Bar {
    pub code: &'static str,
    pub label: &'static str,
    pub count: usize,
    pub width: usize,
    pub y: usize,
}

#[derive(Template)]
#[template(path = "plans.html")]
struct PlansPage {
    l: Layout,
    id: i64,
    name: String,
    year: i32,
    rows: Vec<Row>,
    /// (status code, words, how many cells).
    counts: Vec<(&'static str, &'static str, usize)>,
    missed: usize,
    total: usize,
    shown: usize,
    bars: Vec<Bar>,
    chart_height: usize,
    /// The due date the reminders are about, and the cells past it.
    due: String,
    /// The first cells past it by name (at most `OVERDUE_LISTED`), and how many there are.
    overdue: Vec<(i64, String)>,
    overdue_count: usize,
    /// The directives for the year from this committee or above it (PLAN-03).
    directives: Vec<DirectiveRow>,
    /// The staff may send a directive (the form's link).
    can_direct: bool,
    /// The filters as chosen, for the form and the page links.
    status: String,
    only_missed: bool,
    only_overdue: bool,
    sort: String,
    page: usize,
    pages: usize,
    /// The query string without `page`.
    query: String,
    statuses: Vec<(&'static str, &'static str)>,
    sorts: Vec<(&'static str, &'static str)>,
}

fn state_code(s: ItemState) -> &'static str {
    match s {
        ItemState::Planned => "planned",
        ItemState::Scheduled => "scheduled",
        ItemState::Held => "held",
        ItemState::MinutesApproved => "minutes_approved",
        ItemState::Missed => "missed",
    }
}

const STATUSES: [&str; 5] = ["none", "draft", "submitted", "returned", "acknowledged"];

/// Rows per page of the superior view.
pub const PAGE_ROWS: usize = 100;

/// Cells past the due date named in the reminder (the rest behind a filtered link).
const OVERDUE_LISTED: usize = 20;

#[utoipa::path(
    get,
    path = "/orgs/{id}/plans",
    summary = "The thematic plans of a year across the subtree: each cell's plan status and per quarter its topics' states (PLAN-01..04); filters, sorting, counts, a chart, reminders past the due date",
    extensions(("x-access" = json!(access(C::ViewPlans, S::Org))))
)]
pub async fn under(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Query(q): Query<UnderQuery>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let year = q.year.unwrap_or(ctx.today.year()).clamp(2007, 2199);
    let tree = state.store.org_tree().await?;
    let name = tree
        .version_on(OrgId(id), ctx.today)
        .map(|v| v.name.to_string())
        .ok_or(WebError::NotFound)?;
    // PLAN-03: plans are due by the earliest due date of the directives for the year
    // addressed to this committee or above it; past it, a cell without a submitted plan
    // is reminded (computed from the record on every view).
    let directive_records = state.store.directives_for(OrgId(id), year).await?;
    let due = directive_records
        .iter()
        .filter_map(|d| d.directive.due_by)
        .min();
    let past_due = due.is_some_and(|d| ctx.today > d);
    let directives: Vec<DirectiveRow> = directive_records
        .into_iter()
        .map(|d| directive_row(t, &d, false))
        .collect();
    let can_direct = super::can(&ctx, &tree, C::ReviewPlans, Some(OrgId(id)));
    // Filters and sorting, done by the database (one page of rows, the totals by one
    // aggregate query).
    let status = q
        .status
        .clone()
        .filter(|s| STATUSES.contains(&s.as_str()))
        .unwrap_or_default();
    let only_missed = q.missed.as_deref().is_some_and(|v| !v.is_empty());
    let only_overdue = q.overdue.as_deref().is_some_and(|v| !v.is_empty());
    let sort = match q.sort.as_deref() {
        Some("status") => "status",
        Some("missed") => "missed",
        _ => "name",
    }
    .to_string();
    let store_sort = match sort.as_str() {
        "status" => chibo_store::PlanSort::Status,
        "missed" => chibo_store::PlanSort::Missed,
        _ => chibo_store::PlanSort::Name,
    };
    let filter = chibo_store::PlanFilter {
        status: (!status.is_empty()).then(|| status.clone()),
        only_missed,
        only_unsent: only_overdue,
    };
    let view = chibo_app::plans::under_page(
        &state.store,
        OrgId(id),
        year,
        ctx.today,
        &chibo_app::plans::UnderQuery {
            filter,
            sort: store_sort,
            page: q.page.unwrap_or(1),
            per_page: PAGE_ROWS,
            without_counts: false,
        },
    )
    .await?;
    // Only past the due date is a cell overdue.
    let (rows, shown, page, pages) = if only_overdue && !past_due {
        (Vec::new(), 0, 1, 1)
    } else {
        (view.rows, view.matching, view.page, view.pages)
    };
    let row_of = |c: chibo_app::plans::CellPlanView| Row {
        cell: c.cell.0,
        plan: c.plan,
        name: c.cell_name,
        status: t.value(&format!("plan_{}", c.status)),
        missed: c.missed,
        overdue: past_due && matches!(c.status.as_str(), "none" | "draft"),
        status_code: c.status,
        quarters: c
            .quarters
            .iter()
            .map(|q| {
                q.iter()
                    .map(|s| {
                        let code = state_code(*s);
                        (code, t.value(&format!("item_{code}")))
                    })
                    .collect()
            })
            .collect(),
    };
    let rows: Vec<Row> = rows.into_iter().map(row_of).collect();
    let count_of = |s: &str| {
        view.counts
            .by_status
            .iter()
            .find(|c| c.0 == s)
            .map_or(0, |c| usize::try_from(c.1).unwrap_or(0))
    };
    let counts: Vec<(&'static str, &'static str, usize)> = STATUSES
        .iter()
        .map(|s| (*s, t.value(&format!("plan_{s}")), count_of(s)))
        .collect();
    let missed = usize::try_from(view.counts.with_missed).unwrap_or(0);
    let total: usize = counts.iter().map(|c| c.2).sum();
    // The reminders: how many cells are past the due date, and the first of them by name.
    let overdue_count = if past_due {
        count_of("none") + count_of("draft")
    } else {
        0
    };
    let overdue: Vec<(i64, String)> = if overdue_count > 0 {
        chibo_app::plans::under_page(
            &state.store,
            OrgId(id),
            year,
            ctx.today,
            &chibo_app::plans::UnderQuery {
                filter: chibo_store::PlanFilter {
                    only_unsent: true,
                    ..Default::default()
                },
                sort: chibo_store::PlanSort::Name,
                page: 1,
                per_page: OVERDUE_LISTED,
                without_counts: true,
            },
        )
        .await?
        .rows
        .into_iter()
        .map(|c| (c.cell.0, c.cell_name))
        .collect()
    } else {
        Vec::new()
    };
    // The chart: one bar per status, then the cells with a missed topic.
    let max = counts
        .iter()
        .map(|c| c.2)
        .max()
        .unwrap_or(0)
        .max(missed)
        .max(1);
    let mut bars: Vec<Bar> = counts
        .iter()
        .enumerate()
        .map(|(n, c)| Bar {
            code: c.0,
            label: c.1,
            count: c.2,
            width: c.2 * 200 / max,
            y: n * 26,
        })
        .collect();
    bars.push(Bar {
        code: "missed",
        label: t.value("item_missed"),
        count: missed,
        width: missed * 200 / max,
        y: bars.len() * 26,
    });
    let chart_height = bars.len() * 26;
    let query = serde_urlencoded::to_string([
        ("year", year.to_string()),
        ("status", status.clone()),
        (
            "missed",
            if only_missed {
                "1".into()
            } else {
                String::new()
            },
        ),
        (
            "overdue",
            if only_overdue {
                "1".into()
            } else {
                String::new()
            },
        ),
        ("sort", sort.clone()),
    ])
    .unwrap_or_default();
    render(&PlansPage {
        l: Layout::new(&ctx, format!("{} {year} · {name}", t.value("plans_title"))),
        id,
        name,
        year,
        rows,
        counts,
        missed,
        total,
        shown,
        bars,
        chart_height,
        due: t.opt_date(&due),
        overdue,
        overdue_count,
        directives,
        can_direct,
        status,
        only_missed,
        only_overdue,
        sort,
        page,
        pages,
        query,
        statuses: STATUSES
            .iter()
            .map(|s| (*s, t.value(&format!("plan_{s}"))))
            .collect(),
        sorts: ["name", "status", "missed"]
            .into_iter()
            .map(|s| (s, t.value(&format!("plans_sort_{s}"))))
            .collect(),
    })
}

// ------------------------------------------------------------------ the cell's plan page

/// A directive as the cell reads it: what it asks and by when.
pub struct DirectiveRow {
    pub id: i64,
    pub reference: String,
    pub date: String,
    pub issuer: String,
    pub title: String,
    pub due_by: String,
    /// The due date passed and the cell's plan is not submitted.
    pub overdue: bool,
    pub topics: Vec<String>,
}

/// A directive as shown to `t`'s reader, `overdue` as the page judges it.
fn directive_row(
    t: &crate::i18n::Catalog,
    d: &chibo_store::DirectiveRecord,
    overdue: bool,
) -> DirectiveRow {
    DirectiveRow {
        id: d.id,
        reference: d.directive.reference.as_str().to_string(),
        date: t.date(&d.directive.date),
        issuer: d.directive.issuer.clone(),
        title: d.directive.title.clone(),
        due_by: t.opt_date(&d.directive.due_by),
        overdue,
        topics: d.directive.topics.clone(),
    }
}

/// One topic of the plan as shown.
pub struct ItemRow {
    pub index: usize,
    pub quarter: u8,
    pub roman: &'static str,
    pub month: Option<u8>,
    pub topic: String,
    pub group: String,
    pub presenter: String,
    pub note: String,
    pub state_code: &'static str,
    pub state: &'static str,
    pub meeting: Option<i64>,
    /// A thematic meeting may still be created from it.
    pub can_create: bool,
    /// Its "create the meeting" form after an error: open, with (date, start, place) typed.
    pub open: bool,
    pub typed: (String, String, String),
}

/// One row of the draft's form, as typed.
#[derive(Default, Clone)]
pub struct EditRow {
    pub quarter: String,
    pub month: String,
    pub group: String,
    pub title: String,
    pub presenter: String,
    pub note: String,
    pub meeting: String,
    pub errors: Vec<String>,
}

/// An earlier version: revision, status words, when, its topics.
pub struct VersionRow {
    pub revision: u32,
    pub status: &'static str,
    pub at: String,
    pub items: Vec<String>,
}

pub struct PlanBox {
    pub id: i64,
    pub version: i64,
    pub status_code: &'static str,
    pub status: &'static str,
    pub revision: u32,
    pub directive: Option<String>,
    pub items: Vec<ItemRow>,
    pub missing: Vec<&'static str>,
    pub versions: Vec<VersionRow>,
    /// (author, text, when).
    pub comments: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    l: Layout,
    cell: i64,
    cell_name: String,
    year: i32,
    directives: Vec<DirectiveRow>,
    plan: Option<PlanBox>,
    can_draft: bool,
    can_review: bool,
    can_meetings: bool,
    can_comment: bool,
    rows: Vec<EditRow>,
    /// ("1", "I").."4".
    quarters: Vec<(String, &'static str)>,
    months: Vec<String>,
    /// (code, title) of the topic groups of the rule set in force (MTG-TH-04).
    groups: Vec<(String, String)>,
    /// Topics suggested for this type of cell (MTG-TH-05/07).
    suggested: Vec<String>,
    /// (person id, name) of the cell's members in the year.
    presenters: Vec<(String, String)>,
    errors: Vec<String>,
    /// What was typed in the other forms, kept after an error.
    comment: String,
    return_comment: String,
}

/// What the page shows again after a refused form.
#[derive(Default)]
struct Kept {
    rows: Option<Vec<EditRow>>,
    errors: Vec<FieldError>,
    comment: String,
    return_comment: String,
    from_item: Option<(usize, String, String, String)>,
}

fn today_in(year: i32, today: time::Date) -> time::Date {
    use time::{Date, Month};
    if today.year() == year {
        today
    } else if today.year() > year {
        Date::from_calendar_date(year, Month::December, 31).unwrap_or(today)
    } else {
        Date::from_calendar_date(year, Month::January, 1).unwrap_or(today)
    }
}

fn edit_rows(items: &[chibo_domain::plan::PlanItem]) -> Vec<EditRow> {
    let mut rows: Vec<EditRow> = items
        .iter()
        .map(|i| EditRow {
            quarter: i.quarter.get().to_string(),
            month: i.month.map(|m| m.to_string()).unwrap_or_default(),
            group: i.topic.group.clone().unwrap_or_default(),
            title: i.topic.title.clone().unwrap_or_default(),
            presenter: i.presenter.map(|p| p.0.to_string()).unwrap_or_default(),
            note: i.note.clone().unwrap_or_default(),
            meeting: i.meeting.map(|m| m.0.to_string()).unwrap_or_default(),
            errors: Vec::new(),
        })
        .collect();
    // A quarter with no topic gets a blank row in it; and one more blank row at the end.
    for q in chibo_domain::plan::missing_quarters(items) {
        rows.push(EditRow {
            quarter: q.get().to_string(),
            ..Default::default()
        });
    }
    rows.push(EditRow {
        quarter: "4".into(),
        ..Default::default()
    });
    rows
}

#[allow(clippy::too_many_arguments)]
async fn plan_page(
    state: &AppState,
    ctx: &Ctx,
    cell: OrgId,
    year: i32,
    record: Option<chibo_store::PlanRecord>,
    kept: Kept,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let tree = state.store.org_tree().await?;
    let on = today_in(year, ctx.today);
    let version = tree
        .version_on(cell, on)
        .or_else(|| tree.version_on(cell, ctx.today))
        .ok_or(WebError::NotFound)?;
    let cell_name = version.name.to_string();
    let cell_type = version.cell_type;
    let org = Some(cell);
    let can_draft = super::can(ctx, &tree, C::DraftPlans, org);
    let can_review = super::can(ctx, &tree, C::ReviewPlans, org);
    let can_meetings = super::can(ctx, &tree, C::ManageMeetings, org);
    let first = time::Date::from_calendar_date(year, time::Month::January, 1)
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let rules = chibo_app::rules::rules_on(&state.store, first).await?;
    let groups: Vec<(String, String)> = rules
        .topic_groups()
        .iter()
        .map(|g| (g.code.clone(), g.title_vi.clone()))
        .collect();
    let group_title = |code: &Option<String>| {
        code.as_ref()
            .and_then(|c| groups.iter().find(|g| &g.0 == c))
            .map(|g| g.1.clone())
            .unwrap_or_default()
    };
    let suggested = cell_type
        .map(|c| rules.topics_for(c).to_vec())
        .unwrap_or_default();
    let roster = chibo_app::people::cell_view(&state.store, cell, on).await?;
    let presenters: Vec<(i64, String)> = roster
        .members
        .iter()
        .chain(roster.attached.iter())
        .map(|r| (r.person.id.0, r.person.full_name.as_str().to_string()))
        .collect();
    let name_of = |p: Option<chibo_domain::PersonId>| {
        p.map(|p| {
            presenters
                .iter()
                .find(|x| x.0 == p.0)
                .map(|x| x.1.clone())
                .unwrap_or_else(|| format!("#{}", p.0))
        })
        .unwrap_or_default()
    };
    let submitted = record
        .as_ref()
        .is_some_and(|r| r.plan.status != chibo_domain::plan::PlanStatus::Draft);
    let directives = state
        .store
        .directives_for(cell, year)
        .await?
        .into_iter()
        .map(|d| {
            let overdue = !submitted && d.directive.due_by.is_some_and(|due| ctx.today > due);
            directive_row(t, &d, overdue)
        })
        .collect::<Vec<_>>();
    let plan = match &record {
        None => None,
        Some(r) => {
            let view = chibo_app::plans::show(&state.store, r.id, ctx.today).await?;
            let items = view
                .record
                .plan
                .items
                .iter()
                .zip(view.item_states.iter())
                .enumerate()
                .map(|(index, (i, s))| {
                    let code = state_code(*s);
                    let typed = kept
                        .from_item
                        .as_ref()
                        .filter(|f| f.0 == index)
                        .map(|f| (f.1.clone(), f.2.clone(), f.3.clone()));
                    ItemRow {
                        index,
                        quarter: i.quarter.get(),
                        roman: roman(i.quarter.get()),
                        open: typed.is_some(),
                        typed: typed.unwrap_or_default(),
                        month: i.month,
                        topic: i
                            .topic
                            .title
                            .clone()
                            .unwrap_or_else(|| group_title(&i.topic.group)),
                        group: group_title(&i.topic.group),
                        presenter: name_of(i.presenter),
                        note: i.note.clone().unwrap_or_default(),
                        state_code: code,
                        state: t.value(&format!("item_{code}")),
                        meeting: i.meeting.map(|m| m.0),
                        // A meeting is created from a topic not yet carried out (none
                        // linked, or the linked one cancelled) while its quarter runs.
                        can_create: matches!(s, ItemState::Planned),
                    }
                })
                .collect();
            let versions = view
                .revisions
                .iter()
                .map(|v| VersionRow {
                    revision: v.revision,
                    status: t.value(&format!("plan_{}", v.status.code())),
                    at: stamp(v.at),
                    items: v
                        .items
                        .iter()
                        .map(|i| {
                            format!(
                                "{} {}: {}",
                                t.value("plan_quarter"),
                                roman(i.quarter.get()),
                                i.topic
                                    .title
                                    .clone()
                                    .unwrap_or_else(|| group_title(&i.topic.group))
                            )
                        })
                        .collect(),
                })
                .collect();
            let directive = view.record.directive.and_then(|d| {
                directives
                    .iter()
                    .find(|x| x.id == d)
                    .map(|x| x.reference.clone())
            });
            Some(PlanBox {
                id: view.record.id,
                version: view.record.version,
                status_code: view.record.plan.status.code(),
                status: t.value(&format!("plan_{}", view.record.plan.status.code())),
                revision: view.record.plan.revision,
                directive,
                missing: chibo_domain::plan::missing_quarters(&view.record.plan.items)
                    .into_iter()
                    .map(|q| roman(q.get()))
                    .collect(),
                items,
                versions,
                comments: view
                    .comments
                    .iter()
                    .map(|c| (c.author.clone(), c.body.clone(), stamp(c.at)))
                    .collect(),
            })
        }
    };
    let mut rows = kept
        .rows
        .unwrap_or_else(|| edit_rows(record.as_ref().map_or(&[][..], |r| &r.plan.items)));
    let mut errors = Vec::new();
    for e in &kept.errors {
        let message = t.field_error(&e.field, e.code);
        if let Some(rest) = e.field.strip_prefix("items[") {
            let (n, field) = rest.split_once("].").unwrap_or((rest, ""));
            let message = t.field_error(field, e.code);
            if let Ok(n) = n.parse::<usize>() {
                if let Some(row) = rows.get_mut(n) {
                    row.errors.push(message.clone());
                }
                errors.push(format!("{} {}: {message}", t.value("plan_item"), n + 1));
                continue;
            }
        }
        errors.push(message);
    }
    let mut response = render(&PlanPage {
        l: Layout::new(
            ctx,
            format!("{} {year} · {cell_name}", t.value("plan_title")),
        ),
        cell: cell.0,
        cell_name,
        year,
        directives,
        plan,
        can_draft,
        can_review,
        can_meetings,
        can_comment: can_draft || can_review,
        rows: std::mem::take(&mut rows),
        quarters: (1..=4).map(|q| (q.to_string(), roman(q))).collect(),
        months: (1..=12).map(|m: u8| m.to_string()).collect(),
        groups,
        suggested,
        presenters: presenters
            .iter()
            .map(|(id, name)| (id.to_string(), name.clone()))
            .collect(),
        errors,
        comment: kept.comment,
        return_comment: kept.return_comment,
    })?;
    if !kept.errors.is_empty() {
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// "I".."IV".
pub fn roman(q: u8) -> &'static str {
    ["I", "II", "III", "IV"]
        .get(usize::from(q.saturating_sub(1)))
        .copied()
        .unwrap_or("?")
}

/// A stored instant (unix seconds) as "dd/mm/yyyy HH:MM" in Vietnam's time (UTC+7).
fn stamp(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at)
        .map(|t| t.to_offset(time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC)))
        .map(|t| {
            format!(
                "{:02}/{:02}/{:04} {:02}:{:02}",
                t.day(),
                t.month() as u8,
                t.year(),
                t.hour(),
                t.minute()
            )
        })
        .unwrap_or_default()
}

async fn plan_by_id(state: &AppState, id: i64) -> Result<chibo_store::PlanRecord, WebError> {
    state.store.plan(id).await?.ok_or(WebError::NotFound)
}

#[utoipa::path(
    get,
    path = "/orgs/{id}/plan",
    summary = "The cell's thematic plan of a year: the directives it answers, its topics and their state, the draft's form, the workflow (PLAN-01..04)",
    extensions(("x-access" = json!(access(C::ViewPlans, S::Org))))
)]
pub async fn cell_plan(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    let year = q.year.unwrap_or(ctx.today.year()).clamp(2007, 2199);
    let record = chibo_app::plans::of_cell(&state.store, OrgId(id), year).await?;
    plan_page(&state, &ctx, OrgId(id), year, record, Kept::default()).await
}

#[utoipa::path(
    get,
    path = "/plans/{id}",
    summary = "A thematic plan's page (the cell's plan of its year)",
    extensions(("x-access" = json!(access(C::ViewPlans, S::Plan))))
)]
pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let r = plan_by_id(&state, id).await?;
    let (cell, year) = (r.plan.cell, r.plan.year);
    plan_page(&state, &ctx, cell, year, Some(r), Kept::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewPlanForm {
    pub year: Option<String>,
    pub directive: Option<String>,
}

#[utoipa::path(
    post,
    path = "/orgs/{id}/plan",
    summary = "Start the cell's thematic plan of a year, answering a directive (PLAN-01)",
    extensions(("x-access" = json!(access(C::DraftPlans, S::Org))))
)]
pub async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<NewPlanForm>,
) -> Result<Response, WebError> {
    let year = f
        .year
        .as_deref()
        .and_then(|y| y.trim().parse::<i32>().ok())
        .unwrap_or(ctx.today.year())
        .clamp(2007, 2199);
    let input = chibo_app::plans::PlanInput {
        year: Some(year),
        directive: f.directive.as_deref().and_then(|d| d.trim().parse().ok()),
    };
    match chibo_app::plans::create(&state.store, &ctx.actor(), OrgId(id), &input).await {
        Ok(plan) => Ok(see_other(&format!("/plans/{plan}"))),
        Err(e) => {
            let errors = field_errors(e)?;
            let record = chibo_app::plans::of_cell(&state.store, OrgId(id), year).await?;
            let kept = Kept {
                errors,
                ..Default::default()
            };
            plan_page(&state, &ctx, OrgId(id), year, record, kept).await
        }
    }
}

/// The draft's form: per row `q{n}`, `m{n}`, `g{n}`, `t{n}`, `p{n}`, `n{n}`, `k{n}` (the
/// linked meeting), the version read, and `then` = `save` or `submit`.
fn parse_rows(body: &Bytes) -> (Vec<EditRow>, Option<i64>, String) {
    let mut rows: BTreeMap<usize, EditRow> = BTreeMap::new();
    let (mut version, mut then) = (None, String::new());
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    for (k, v) in pairs {
        match k.as_str() {
            "version" => version = v.trim().parse().ok(),
            "then" => then = v,
            key => {
                let (field, n) = key.split_at(1);
                let Ok(n) = n.parse::<usize>() else { continue };
                if n > 200 {
                    continue;
                }
                let row = rows.entry(n).or_default();
                match field {
                    "q" => row.quarter = v,
                    "m" => row.month = v,
                    "g" => row.group = v,
                    "t" => row.title = v,
                    "p" => row.presenter = v,
                    "n" => row.note = v,
                    "k" => row.meeting = v,
                    _ => {}
                }
            }
        }
    }
    (rows.into_values().collect(), version, then)
}

fn blank(row: &EditRow) -> bool {
    [
        &row.group,
        &row.title,
        &row.presenter,
        &row.note,
        &row.month,
    ]
    .iter()
    .all(|v| v.trim().is_empty())
}

#[utoipa::path(
    post,
    path = "/plans/{id}/items",
    summary = "Save the draft's topics (and submit it with `then=submit`; PLAN-02)",
    extensions(("x-access" = json!(access(C::DraftPlans, S::Plan))))
)]
pub async fn items(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    let (rows, version, then) = parse_rows(&body);
    let rows: Vec<EditRow> = rows.into_iter().filter(|r| !blank(r)).collect();
    let mut errors = Vec::new();
    let num = |n: usize, field: &str, v: &str, errors: &mut Vec<FieldError>| {
        let v = v.trim();
        if v.is_empty() {
            return None;
        }
        match v.parse::<i64>() {
            Ok(x) => Some(x),
            Err(_) => {
                errors.push(FieldError::new(format!("items[{n}].{field}"), "malformed"));
                None
            }
        }
    };
    let input = chibo_app::plans::ItemsInput {
        items: rows
            .iter()
            .enumerate()
            .map(|(n, r)| chibo_app::plans::ItemInput {
                quarter: num(n, "quarter", &r.quarter, &mut errors).map(|q| q.clamp(0, 255) as u8),
                month: num(n, "month", &r.month, &mut errors).map(|m| m.clamp(0, 255) as u8),
                topic_group: Some(r.group.clone()),
                title: Some(r.title.clone()),
                presenter: num(n, "presenter", &r.presenter, &mut errors),
                note: Some(r.note.clone()),
                meeting: num(n, "meeting", &r.meeting, &mut errors),
            })
            .collect(),
        version,
    };
    let record = plan_by_id(&state, id).await?;
    let (cell, year) = (record.plan.cell, record.plan.year);
    let result = if errors.is_empty() {
        match chibo_app::plans::set_items(&state.store, &ctx.actor(), id, &input).await {
            Ok(v) if then == "submit" => {
                let author = author(&ctx);
                chibo_app::plans::step(
                    &state.store,
                    &ctx.actor(),
                    id,
                    "submit",
                    &chibo_app::plans::StepInput {
                        comment: None,
                        version: Some(v),
                    },
                    &author,
                )
                .await
                .map(|_| ())
            }
            Ok(_) => Ok(()),
            Err(e) => Err(e),
        }
    } else {
        Err(chibo_app::AppError::Invalid(errors))
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/plans/{id}"))),
        Err(e) => {
            let errors = field_errors(e)?;
            let record = plan_by_id(&state, id).await?;
            // The rows as typed, then a blank row in each quarter still without a topic.
            let mut rows = rows;
            for q in 1..=4u8 {
                if !rows.iter().any(|r| r.quarter.trim() == q.to_string()) {
                    rows.push(EditRow {
                        quarter: q.to_string(),
                        ..Default::default()
                    });
                }
            }
            rows.push(EditRow {
                quarter: "4".into(),
                ..Default::default()
            });
            let kept = Kept {
                rows: Some(rows),
                errors,
                ..Default::default()
            };
            plan_page(&state, &ctx, cell, year, Some(record), kept).await
        }
    }
}

fn author(ctx: &Ctx) -> String {
    ctx.user
        .as_ref()
        .map(|u| u.display_name.clone())
        .unwrap_or_default()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StepForm {
    pub action: Option<String>,
    pub comment: Option<String>,
    pub version: Option<String>,
}

async fn step_form(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    allowed: &[&str],
    f: StepForm,
) -> Result<Response, WebError> {
    let action = f.action.clone().unwrap_or_default();
    let input = chibo_app::plans::StepInput {
        comment: f.comment.clone(),
        version: f.version.as_deref().and_then(|v| v.trim().parse().ok()),
    };
    let result = if allowed.contains(&action.as_str()) {
        chibo_app::plans::step(
            &state.store,
            &ctx.actor(),
            id,
            &action,
            &input,
            &author(ctx),
        )
        .await
    } else {
        Err(chibo_app::AppError::Invalid(vec![FieldError::new(
            "action", "required",
        )]))
    };
    match result {
        Ok(_) => Ok(see_other(&format!("/plans/{id}"))),
        Err(e) => {
            let errors = field_errors(e)?;
            let record = plan_by_id(state, id).await?;
            let (cell, year) = (record.plan.cell, record.plan.year);
            let kept = Kept {
                errors,
                return_comment: f.comment.unwrap_or_default(),
                ..Default::default()
            };
            plan_page(state, ctx, cell, year, Some(record), kept).await
        }
    }
}

#[utoipa::path(
    post,
    path = "/plans/{id}/cell-step",
    summary = "The cell committee's step: `action` = `submit` (PLAN-02) or `revise` (PLAN-04)",
    extensions(("x-access" = json!(access(C::DraftPlans, S::Plan))))
)]
pub async fn cell_step(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<StepForm>,
) -> Result<Response, WebError> {
    step_form(&state, &ctx, id, &["submit", "revise"], f).await
}

#[utoipa::path(
    post,
    path = "/plans/{id}/review",
    summary = "The superior committee's step: `action` = `acknowledge` or `return` with a comment (PLAN-04)",
    extensions(("x-access" = json!(access(C::ReviewPlans, S::Plan))))
)]
pub async fn review(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<StepForm>,
) -> Result<Response, WebError> {
    step_form(&state, &ctx, id, &["acknowledge", "return"], f).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CommentForm {
    pub body: Option<String>,
}

#[utoipa::path(
    post,
    path = "/plans/{id}/comments",
    summary = "A comment on the plan, by its cell committee or the superior's staff (PLAN-04)",
    extensions(("x-access" = json!(access(C::CommentPlans, S::Plan))))
)]
pub async fn comment(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<CommentForm>,
) -> Result<Response, WebError> {
    let body = f.body.unwrap_or_default();
    match chibo_app::plans::comment(&state.store, &ctx.actor(), id, &body, &author(&ctx)).await {
        Ok(()) => Ok(see_other(&format!("/plans/{id}#comments"))),
        Err(e) => {
            let errors = field_errors(e)?;
            let record = plan_by_id(&state, id).await?;
            let (cell, year) = (record.plan.cell, record.plan.year);
            let kept = Kept {
                errors,
                comment: body,
                ..Default::default()
            };
            plan_page(&state, &ctx, cell, year, Some(record), kept).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FromItemForm {
    pub date: Option<String>,
    pub planned_start: Option<String>,
    pub place: Option<String>,
}

#[utoipa::path(
    post,
    path = "/plans/{id}/items/{index}/meeting",
    summary = "Create the thematic meeting that carries out a topic of the plan: topic, presenter and draft prefilled from it",
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Plan))))
)]
pub async fn from_item(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((id, index)): Path<(i64, usize)>,
    Form(f): Form<FromItemForm>,
) -> Result<Response, WebError> {
    let input = chibo_app::plans::FromItemInput {
        date: f.date.clone(),
        planned_start: f.planned_start.clone(),
        place: f.place.clone(),
    };
    match chibo_app::plans::meeting_from_item(&state.store, &ctx.actor(), id, index, &input).await {
        Ok(m) => Ok(see_other(&format!("/meetings/{}", m.0))),
        Err(e) => {
            let errors = field_errors(e)?;
            let record = plan_by_id(&state, id).await?;
            let (cell, year) = (record.plan.cell, record.plan.year);
            let kept = Kept {
                errors,
                from_item: Some((
                    index,
                    f.date.unwrap_or_default(),
                    f.planned_start.unwrap_or_default(),
                    f.place.unwrap_or_default(),
                )),
                ..Default::default()
            };
            plan_page(&state, &ctx, cell, year, Some(record), kept).await
        }
    }
}

// ----------------------------------------------------- the cell page's and home's block

/// The cell's plan of a year as its page and home show it: status, the topics missed
/// (MTG-FREQ-02, PLAN-02 — from the record and today's date), the directives it answers
/// with their due dates and what they ask.
pub struct CellPlanSummary {
    pub cell: i64,
    pub cell_name: String,
    pub year: i32,
    pub status_code: &'static str,
    pub status: &'static str,
    /// "Quý III: …" of each missed topic.
    pub missed: Vec<String>,
    pub directives: Vec<DirectiveRow>,
}

pub async fn cell_summary(
    state: &AppState,
    ctx: &Ctx,
    cell: OrgId,
    cell_name: String,
    year: i32,
) -> Result<CellPlanSummary, WebError> {
    let t = ctx.t;
    let record = chibo_app::plans::of_cell(&state.store, cell, year).await?;
    let (status_code, missed) = match &record {
        None => ("none", Vec::new()),
        Some(r) => {
            let view = chibo_app::plans::show(&state.store, r.id, ctx.today).await?;
            let missed = view
                .record
                .plan
                .items
                .iter()
                .zip(view.item_states.iter())
                .filter(|(_, s)| **s == ItemState::Missed)
                .map(|(i, _)| {
                    format!(
                        "{} {}: {}",
                        t.value("plan_quarter"),
                        roman(i.quarter.get()),
                        i.topic
                            .title
                            .clone()
                            .or_else(|| i.topic.group.clone())
                            .unwrap_or_default()
                    )
                })
                .collect();
            (r.plan.status.code(), missed)
        }
    };
    let submitted = !matches!(status_code, "none" | "draft");
    let directives = state
        .store
        .directives_for(cell, year)
        .await?
        .into_iter()
        .map(|d| {
            let overdue = !submitted && d.directive.due_by.is_some_and(|due| ctx.today > due);
            directive_row(t, &d, overdue)
        })
        .collect();
    Ok(CellPlanSummary {
        cell: cell.0,
        cell_name,
        year,
        status_code,
        status: t.value(&format!("plan_{status_code}")),
        missed,
        directives,
    })
}

// ------------------------------------------------------------ the directive's form

/// The directive's form as typed (PLAN-03): every field a string, so a refused form comes
/// back exactly as it was typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct DirectiveForm {
    pub reference: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    pub title: Option<String>,
    pub year: Option<String>,
    pub due_by: Option<String>,
    /// One orientation topic a line.
    pub topics: Option<String>,
    /// A committee under the sender (empty: its whole subtree).
    pub addressed_to: Option<String>,
}

fn directive_page(
    ctx: &Ctx,
    tree: &chibo_domain::org::OrgTree,
    id: i64,
    f: &DirectiveForm,
) -> super::FormPage {
    use crate::forms::Field;
    let t = ctx.t;
    let name = tree
        .version_on(OrgId(id), ctx.today)
        .map(|v| v.name.to_string())
        .unwrap_or_default();
    // Where it can go: the whole subtree, or one committee directly under the sender.
    let mut to = vec![(id.to_string(), t.value("dir_whole_subtree").to_string())];
    to.extend(
        tree.children_on(OrgId(id), ctx.today)
            .into_iter()
            .filter(|v| !v.kind.is_cell())
            .map(|v| (v.org.0.to_string(), v.name.to_string())),
    );
    let addressed = Some(f.addressed_to.clone().unwrap_or_else(|| id.to_string()));
    let mut addressed_to = Field::select_pairs(t, "addressed_to", &addressed, to);
    // The whole subtree is the default: no empty "choose" line.
    addressed_to.options.retain(|o| !o.value.is_empty());
    let labelled = |mut field: Field, key: &str| {
        field.label = t.value(key);
        field
    };
    super::FormPage {
        l: Layout::new(ctx, t.value("dir_new")),
        heading: t.value("dir_new").to_string(),
        subheading: Some(format!("{name}. {}", t.value("dir_hint"))),
        action: format!("/orgs/{id}/directives"),
        fields: vec![
            Field::text(t, "reference", &f.reference)
                .required()
                .with_hint(t.value("dir_reference_hint")),
            labelled(Field::date(t, "date", &f.date).required(), "dir_date"),
            labelled(Field::text(t, "issuer", &f.issuer).required(), "dir_issuer"),
            Field::textarea(t, "title", &f.title).required(),
            labelled(
                Field::text(t, "year", &f.year).required().numeric(),
                "dir_year",
            ),
            Field::date(t, "due_by", &f.due_by),
            Field::textarea(t, "topics", &f.topics).with_hint(t.value("dir_topics_hint")),
            addressed_to,
        ],
        summary: Vec::new(),
        submit: t.value("dir_send"),
        cancel_url: format!("/orgs/{id}/plans"),
    }
}

#[utoipa::path(
    get,
    path = "/orgs/{id}/directives/new",
    summary = "The form of a directive on thematic plans (PLAN-03), for the committee's staff",
    extensions(("x-access" = json!(access(C::ReviewPlans, S::Org))))
)]
pub async fn directive_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    let tree = state.store.org_tree().await?;
    // A party organisation "Đảng bộ …" issues through its committee, "Đảng ủy …".
    let issuer = tree
        .version_on(OrgId(id), ctx.today)
        .map(|v| v.name.to_string())
        .ok_or(WebError::NotFound)?;
    let issuer = match issuer.strip_prefix("Đảng bộ ") {
        Some(rest) => format!("Đảng ủy {rest}"),
        None => issuer,
    };
    // Letters for next year's plans go out in the last quarter (S1: 19/11/2023 for 2024).
    let year = q.year.unwrap_or(if ctx.today.month() as u8 >= 10 {
        ctx.today.year() + 1
    } else {
        ctx.today.year()
    });
    let f = DirectiveForm {
        date: Some(ctx.t.date(&ctx.today)),
        issuer: Some(issuer),
        year: Some(year.to_string()),
        ..Default::default()
    };
    directive_page(&ctx, &tree, id, &f).respond(&[])
}

#[utoipa::path(
    post,
    path = "/orgs/{id}/directives",
    summary = "Send a directive on thematic plans (PLAN-03); refused fields come back with the form as typed",
    extensions(("x-access" = json!(access(C::ReviewPlans, S::Org))))
)]
pub async fn directive_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<DirectiveForm>,
) -> Result<Response, WebError> {
    let tree = state.store.org_tree().await?;
    let year_text = f.year.clone().unwrap_or_default();
    let year = year_text.trim();
    let parsed_year = year
        .parse::<i32>()
        .ok()
        .filter(|y| (2007..=2199).contains(y));
    let mut errors = Vec::new();
    if year.is_empty() {
        errors.push(FieldError::new("year", "required"));
    } else if parsed_year.is_none() {
        errors.push(FieldError::new("year", "malformed"));
    }
    // Every missing field at once (the domain names only the first it meets).
    for (field, value) in [("issuer", &f.issuer), ("title", &f.title)] {
        if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
            errors.push(FieldError::new(field, "required"));
        }
    }
    let addressed_to = match f.addressed_to.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(a) => match a.parse::<i64>() {
            Ok(a) => Some(a),
            Err(_) => {
                errors.push(FieldError::new("addressed_to", "malformed"));
                None
            }
        },
    };
    let input = chibo_app::plans::DirectiveInput {
        reference: f.reference.clone(),
        date: f.date.clone(),
        issuer: f.issuer.clone(),
        title: f.title.clone(),
        // A field only this page reads was refused: the app must refuse too (it reports
        // `year` missing, which this page words itself), so nothing is half-stored.
        year: parsed_year.filter(|_| errors.is_empty()),
        due_by: f.due_by.clone(),
        topics: f
            .topics
            .as_deref()
            .unwrap_or("")
            .lines()
            .map(str::to_string)
            .collect(),
        addressed_to,
    };
    let result =
        chibo_app::plans::add_directive(&state.store, &ctx.actor(), OrgId(id), &input).await;
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/orgs/{id}/plans?year={}#directives",
            parsed_year.unwrap_or(ctx.today.year())
        ))),
        Err(chibo_app::AppError::Invalid(more)) => {
            errors.extend(more.into_iter().filter(|e| e.field != "year"));
            directive_page(&ctx, &tree, id, &f).respond(&errors)
        }
        Err(e) => Err(e.into()),
    }
}
