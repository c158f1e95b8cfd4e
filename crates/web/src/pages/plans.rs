//! The thematic plans of a year as a superior committee follows them (issue 11, PLAN-01..04,
//! MTG-FREQ-02): every cell of its subtree with its plan's status and, per quarter, how each
//! planned topic stands against the record — "missed" once the quarter ended without an
//! approved thematic meeting. Read-only; the workflow is in the JSON API for now.

use crate::routes::{access, Scope as S};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Extension;
use chibo_domain::access::Capability as C;
use chibo_domain::plan::ItemState;
use chibo_domain::OrgId;
use serde::Deserialize;

use super::{render, Layout};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

#[derive(Deserialize, Default)]
pub struct YearQuery {
    pub year: Option<i32>,
}

/// One cell's row: its name, its plan's status in words, per quarter its items' states
/// (code, words).
pub struct Row {
    pub cell: i64,
    pub name: String,
    pub status_code: String,
    pub status: &'static str,
    pub quarters: Vec<Vec<(&'static str, &'static str)>>,
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

#[utoipa::path(
    get,
    path = "/orgs/{id}/plans",
    summary = "The thematic plans of a year across the subtree: each cell's plan status and per quarter its topics' states (PLAN-01..04)",
    extensions(("x-access" = json!(access(C::ViewPlans, S::Org))))
)]
pub async fn under(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let year = q.year.unwrap_or(ctx.today.year()).clamp(2007, 2199);
    let tree = state.store.org_tree().await?;
    let name = tree
        .version_on(OrgId(id), ctx.today)
        .map(|v| v.name.to_string())
        .ok_or(WebError::NotFound)?;
    let view = chibo_app::plans::under(&state.store, OrgId(id), year, ctx.today).await?;
    let mut missed = 0;
    let rows: Vec<Row> = view
        .into_iter()
        .map(|c| {
            missed += usize::from(c.quarters.iter().flatten().any(|s| *s == ItemState::Missed));
            Row {
                cell: c.cell.0,
                name: c.cell_name,
                status: t.value(&format!("plan_{}", c.status)),
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
            }
        })
        .collect();
    let counts = STATUSES
        .iter()
        .map(|s| {
            (
                *s,
                t.value(&format!("plan_{s}")),
                rows.iter().filter(|r| r.status_code == *s).count(),
            )
        })
        .collect();
    render(&PlansPage {
        l: Layout::new(&ctx, format!("{} {year} · {name}", t.value("plans_title"))),
        id,
        name,
        year,
        rows,
        counts,
        missed,
    })
}
