//! The annual thematic plan (issue 11): directives, a cell's plan and its items, the
//! workflow with the superior committee, and the superior's view of a year — each item's
//! state computed from the meetings that carry it out and today's date.

use chibo_domain::meeting::ceremony::DocumentRef;
use chibo_domain::plan::{item_state, Directive, ItemState, PlanItem, PlanStep};
use chibo_domain::{MeetingId, OrgId, PersonId};
use chibo_store::{Actor, CellPlanRow, PlanRecord, Store};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::{AppError, FieldError};
use crate::input::{clean, Parser};

/// A directive as typed (PLAN-03).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DirectiveInput {
    /// "799-CV/ĐUK" (DOC-06).
    pub reference: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2023-11-19")))]
    pub date: Option<String>,
    pub issuer: Option<String>,
    pub title: Option<String>,
    /// The year the plans are for.
    pub year: Option<i32>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2023-12-31")))]
    pub due_by: Option<String>,
    pub topics: Vec<String>,
    /// A committee in the sender's subtree; absent: the sender's whole subtree.
    pub addressed_to: Option<i64>,
}

/// Records a directive of `committee`; returns its id.
pub async fn add_directive(
    store: &Store,
    actor: &Actor,
    committee: OrgId,
    input: &DirectiveInput,
) -> Result<i64, AppError> {
    let mut p = Parser::default();
    let reference = p.required_text("reference", &input.reference);
    let date = p.date("date", &input.date);
    let due_by = p.opt_date("due_by", &input.due_by);
    if input.year.is_none() {
        p.errors.push(FieldError::new("year", "required"));
    }
    let reference = match reference.map(|r| DocumentRef::parse(&r)) {
        Some(Ok(r)) => Some(r),
        Some(Err(e)) => {
            p.errors.push(FieldError::new("reference", e.code()));
            None
        }
        None => None,
    };
    let (Some(reference), Some(date), Some(year), true) =
        (reference, date, input.year, p.errors.is_empty())
    else {
        return Err(AppError::Invalid(p.errors));
    };
    let d = Directive::new(
        committee,
        reference,
        date,
        clean(&input.issuer).as_deref().unwrap_or(""),
        clean(&input.title).as_deref().unwrap_or(""),
        year,
        due_by,
        input.topics.clone(),
    )?;
    let to = input.addressed_to.map_or(committee, OrgId);
    let mut w = store.write(actor).await?;
    let id = w.plans().add_directive(&d, to).await?;
    w.commit().await?;
    Ok(id)
}

/// A new plan as typed: its year and the directive it answers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PlanInput {
    pub year: Option<i32>,
    pub directive: Option<i64>,
}

/// PLAN-01: starts the cell's plan for a year (one per cell and year).
pub async fn create(
    store: &Store,
    actor: &Actor,
    cell: OrgId,
    input: &PlanInput,
) -> Result<i64, AppError> {
    let year = input
        .year
        .ok_or_else(|| AppError::Invalid(vec![FieldError::new("year", "required")]))?;
    let mut w = store.write(actor).await?;
    let id = w.plans().create(cell, year, input.directive).await?;
    w.commit().await?;
    Ok(id)
}

/// One item as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ItemInput {
    pub quarter: Option<u8>,
    pub month: Option<u8>,
    /// A topic group code of the rule set in force (MTG-TH-04), or none with a title.
    pub topic_group: Option<String>,
    pub title: Option<String>,
    pub presenter: Option<i64>,
    pub note: Option<String>,
    /// The thematic meeting of the cell that carries the item out, in its quarter.
    pub meeting: Option<i64>,
}

/// The items of a draft as typed, and the plan version read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ItemsInput {
    pub items: Vec<ItemInput>,
    pub version: Option<i64>,
}

/// Replaces the items of a draft, each checked against the rule set in force at the start
/// of the plan's year (MTG-TH-04/05); returns the new version.
pub async fn set_items(
    store: &Store,
    actor: &Actor,
    id: i64,
    input: &ItemsInput,
) -> Result<i64, AppError> {
    let plan = store.plan(id).await?.ok_or(AppError::NotFound("plan"))?;
    let first = Date::from_calendar_date(plan.plan.year, time::Month::January, 1)
        .map_err(|_| AppError::Invalid(vec![FieldError::new("year", "malformed")]))?;
    let rules = crate::rules::rules_on(store, first).await?;
    let mut items = Vec::new();
    // An error names its item: `items[2].month` (the pages show it on that row).
    let at = |n: usize, e: AppError| match e {
        AppError::Invalid(errors) => AppError::Invalid(
            errors
                .into_iter()
                .map(|f| FieldError::new(format!("items[{n}].{}", f.field), f.code))
                .collect(),
        ),
        other => other,
    };
    for (n, i) in input.items.iter().enumerate() {
        let quarter = i.quarter.ok_or_else(|| {
            AppError::Invalid(vec![FieldError::new(
                format!("items[{n}].quarter"),
                "required",
            )])
        })?;
        let mut item = PlanItem::new(
            &rules,
            quarter,
            i.month,
            i.topic_group.as_deref(),
            i.title.as_deref(),
            i.presenter.map(PersonId),
            i.note.as_deref(),
        )
        .map_err(|e| at(n, e.into()))?;
        item.meeting = i.meeting.map(MeetingId);
        items.push(item);
    }
    // PLAN-01: a presenter not a member of the cell in the item's quarter is named on
    // their item.
    let presenters: Vec<Option<PersonId>> = items.iter().map(|i| i.presenter).collect();
    let mut w = store.write(actor).await?;
    let v = w
        .plans()
        .set_items(id, items, input.version)
        .await
        .map_err(|e| match e {
            chibo_store::StoreError::Meeting(chibo_domain::meeting::MeetingError::NotOnRoster(
                p,
            )) => {
                let n = presenters.iter().position(|x| *x == Some(p)).unwrap_or(0);
                AppError::Invalid(vec![FieldError::new(
                    format!("items[{n}].presenter"),
                    "not_on_roster",
                )])
            }
            other => other.into(),
        })?;
    w.commit().await?;
    Ok(v)
}

/// A step of the workflow as typed: the version read, and a return's comment.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct StepInput {
    pub comment: Option<String>,
    pub version: Option<i64>,
}

/// PLAN-02/04: submit, acknowledge, return (with a comment) or revise; returns the new
/// version. `author` signs a return's comment.
pub async fn step(
    store: &Store,
    actor: &Actor,
    id: i64,
    step: &str,
    input: &StepInput,
    author: &str,
) -> Result<i64, AppError> {
    let step = match step {
        "submit" => PlanStep::Submit,
        "acknowledge" => PlanStep::Acknowledge,
        "return" => PlanStep::Return {
            comment: clean(&input.comment).unwrap_or_default(),
        },
        "revise" => PlanStep::Revise,
        _ => return Err(AppError::NotFound("plan step")),
    };
    let mut w = store.write(actor).await?;
    let v = w.plans().step(id, &step, author, input.version).await?;
    w.commit().await?;
    Ok(v)
}

/// An item with its state against the record.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    #[serde(flatten)]
    pub item: PlanItem,
    pub state: ItemState,
}

/// A plan with each item's state on `today`, its history and comments.
#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    #[serde(flatten)]
    pub record: PlanRecord,
    pub item_states: Vec<ItemState>,
    pub revisions: Vec<chibo_store::PlanRevisionRecord>,
    pub comments: Vec<chibo_store::PlanComment>,
}

/// Each item's state: its linked meeting's status and whether its minutes are approved
/// (one query for all the plans' linked meetings).
async fn states(
    store: &Store,
    plans: &[&PlanRecord],
    today: Date,
) -> Result<Vec<Vec<ItemState>>, AppError> {
    let ids: Vec<i64> = plans
        .iter()
        .flat_map(|p| p.plan.items.iter().filter_map(|i| i.meeting.map(|m| m.0)))
        .collect();
    let known = store.meeting_states(&ids).await?;
    Ok(plans
        .iter()
        .map(|p| {
            p.plan
                .items
                .iter()
                .map(|item| {
                    let meeting = item
                        .meeting
                        .and_then(|MeetingId(id)| known.get(&id).copied());
                    item_state(item, p.plan.year, meeting, today)
                })
                .collect()
        })
        .collect())
}

pub async fn show(store: &Store, id: i64, today: Date) -> Result<PlanView, AppError> {
    let record = store.plan(id).await?.ok_or(AppError::NotFound("plan"))?;
    let item_states = states(store, &[&record], today)
        .await?
        .pop()
        .unwrap_or_default();
    let (revisions, comments) = store.plan_history(id).await?;
    Ok(PlanView {
        record,
        item_states,
        revisions,
        comments,
    })
}

/// A cell of the superior's view: its plan's status and per quarter the items' states.
#[derive(Debug, Clone, Serialize)]
pub struct CellPlanView {
    pub cell: OrgId,
    pub cell_name: String,
    /// `none` when the cell has no plan for the year.
    pub status: String,
    pub plan: Option<i64>,
    /// Per quarter 1–4, the states of its items (empty: nothing planned).
    pub quarters: [Vec<ItemState>; 4],
    /// How many of its topics are missed.
    pub missed: usize,
}

fn cell_view(
    tree: &chibo_domain::org::OrgTree,
    cell: OrgId,
    plan: Option<&PlanRecord>,
    item_states: Vec<ItemState>,
    today: Date,
) -> CellPlanView {
    let mut quarters: [Vec<ItemState>; 4] = Default::default();
    if let Some(plan) = plan {
        for (item, state) in plan.plan.items.iter().zip(item_states) {
            quarters[usize::from(item.quarter.get() - 1)].push(state);
        }
    }
    CellPlanView {
        cell,
        cell_name: tree
            .version_on(cell, today)
            .map(|v| v.name.to_string())
            .unwrap_or_default(),
        status: plan.map_or("none", |p| p.plan.status.code()).to_string(),
        plan: plan.map(|p| p.id),
        missed: quarters
            .iter()
            .flatten()
            .filter(|s| **s == ItemState::Missed)
            .count(),
        quarters,
    }
}

/// The cells valid on `date` in the Vietnamese order of their names on that date (ICU
/// collation keys), cached for the last tree snapshot and date: the superior view sorts by
/// name in SQL from this order.
fn cells_in_name_order(
    tree: &std::sync::Arc<chibo_domain::org::OrgTree>,
    date: Date,
) -> std::sync::Arc<Vec<i64>> {
    use std::sync::{Arc, Mutex};
    type Cached = Option<(Arc<chibo_domain::org::OrgTree>, Date, Arc<Vec<i64>>)>;
    static CACHE: Mutex<Cached> = Mutex::new(None);
    if let Ok(cache) = CACHE.lock() {
        if let Some((t, d, order)) = cache.as_ref() {
            if Arc::ptr_eq(t, tree) && *d == date {
                return Arc::clone(order);
            }
        }
    }
    let collator = crate::collate::NameOrder::shared();
    let mut cells: Vec<(Vec<u8>, i64)> = tree
        .all_versions()
        .filter(|v| v.kind.is_cell() && v.period.contains(date))
        .map(|v| {
            let name = v.name.to_string();
            let key = collator.map_or_else(|| name.as_bytes().to_vec(), |c| c.plain_key(&name));
            (key, v.org.0)
        })
        .collect();
    cells.sort();
    let order = Arc::new(cells.into_iter().map(|(_, id)| id).collect::<Vec<_>>());
    if let Ok(mut cache) = CACHE.lock() {
        *cache = Some((Arc::clone(tree), date, Arc::clone(&order)));
    }
    order
}

/// The superior view's filters, sort and page as chosen.
#[derive(Debug, Clone, Default)]
pub struct UnderQuery {
    pub filter: chibo_store::PlanFilter,
    pub sort: chibo_store::PlanSort,
    /// 1-based; clamped to the last page.
    pub page: usize,
    pub per_page: usize,
    /// Leave the totals out (a second look at the same view needs them once).
    pub without_counts: bool,
}

/// One page of the superior view and the totals over the whole subtree.
#[derive(Debug, Clone)]
pub struct UnderPage {
    pub rows: Vec<CellPlanView>,
    /// Cells matching the filters (all pages).
    pub matching: usize,
    pub page: usize,
    pub pages: usize,
    pub counts: chibo_store::PlanCounts,
}

/// The superior view of `year` on `today`, one page of it: filtering, sorting (names in
/// Vietnamese order), counting and paging are done by the database over the ancestor
/// table — a few queries whatever the size of the subtree, never a loop over its cells —
/// and the page's items' states by one batched query. An item is missed as `item_state`
/// says, whatever its plan's status (see `chibo_domain::plan::item_state`).
pub async fn under_page(
    store: &Store,
    committee: OrgId,
    year: i32,
    today: Date,
    q: &UnderQuery,
) -> Result<UnderPage, AppError> {
    let tree = store.org_tree().await?;
    let order = cells_in_name_order(&tree, today);
    let scope = chibo_store::PlanScope {
        committee,
        year,
        date: today,
        quarters_ended: chibo_domain::plan::quarters_ended(year, today),
        name_order: &order,
    };
    let per = q.per_page.max(1);
    let per_i = i64::try_from(per).unwrap_or(i64::MAX);
    let mut page = q.page.max(1);
    let offset = |page: usize| i64::try_from((page - 1).saturating_mul(per)).unwrap_or(i64::MAX);
    let (mut rows, mut matching) = store
        .plans_page(scope, &q.filter, q.sort, per_i, offset(page))
        .await?;
    if rows.is_empty() && page > 1 {
        // Past the last page: show the last one.
        let (_, all) = store.plans_page(scope, &q.filter, q.sort, 1, 0).await?;
        let last = usize::try_from(all).unwrap_or(0).div_ceil(per).max(1);
        page = last;
        (rows, matching) = store
            .plans_page(scope, &q.filter, q.sort, per_i, offset(page))
            .await?;
    }
    let counts = if q.without_counts {
        chibo_store::PlanCounts::default()
    } else {
        store.plan_counts(scope).await?
    };
    let plans: Vec<&PlanRecord> = rows.iter().filter_map(|r| r.plan.as_ref()).collect();
    let mut states = states(store, &plans, today).await?.into_iter();
    let rows = rows
        .iter()
        .map(|r| {
            let item_states = match &r.plan {
                Some(_) => states.next().unwrap_or_default(),
                None => Vec::new(),
            };
            cell_view(&tree, r.cell, r.plan.as_ref(), item_states, today)
        })
        .collect();
    let matching = usize::try_from(matching).unwrap_or(0);
    Ok(UnderPage {
        rows,
        matching,
        page,
        pages: matching.div_ceil(per).max(1),
        counts,
    })
}

/// The superior's view of `year`: every cell of the subtree on `today` with its plan status
/// and per-quarter execution (one query for the plans).
pub async fn under(
    store: &Store,
    committee: OrgId,
    year: i32,
    today: Date,
) -> Result<Vec<CellPlanView>, AppError> {
    let tree = store.org_tree().await?;
    let rows: Vec<CellPlanRow> = store.plans_under(committee, year, today).await?;
    let plans: Vec<&PlanRecord> = rows.iter().filter_map(|r| r.plan.as_ref()).collect();
    let mut states = states(store, &plans, today).await?.into_iter();
    Ok(rows
        .iter()
        .map(|row| {
            let item_states = match &row.plan {
                Some(_) => states.next().unwrap_or_default(),
                None => Vec::new(),
            };
            cell_view(&tree, row.cell, row.plan.as_ref(), item_states, today)
        })
        .collect())
}

/// A comment on the plan (either side; PLAN-04's thread). `author` signs it.
pub async fn comment(
    store: &Store,
    actor: &Actor,
    id: i64,
    body: &str,
    author: &str,
) -> Result<(), AppError> {
    let mut w = store.write(actor).await?;
    w.plans().comment(id, author, body).await?;
    w.commit().await?;
    Ok(())
}

/// The cell's plan for `year`, if any.
pub async fn of_cell(
    store: &Store,
    cell: OrgId,
    year: i32,
) -> Result<Option<PlanRecord>, AppError> {
    Ok(store.plan_of_cell(cell, year).await?)
}

/// When and where the thematic meeting carrying out an item is held.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct FromItemInput {
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2024-11-22")))]
    pub date: Option<String>,
    #[cfg_attr(feature = "openapi", schema(examples("14:00")))]
    pub planned_start: Option<String>,
    pub place: Option<String>,
}

/// The draft text a thematic meeting created from an item starts with (MTG-TH-01: the
/// presenter prepares it; the item's topic and note are where it starts).
pub fn draft_from_item(item: &PlanItem, group_title: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(t) = item.topic.title.as_deref().or(group_title) {
        out.push_str(t);
    }
    if let Some(g) = group_title.filter(|g| Some(*g) != item.topic.title.as_deref()) {
        out.push_str(&format!("\n({g})"));
    }
    if let Some(n) = &item.note {
        out.push_str(&format!("\n\n{n}"));
    }
    out
}

/// Issue 11, following the plan: creates the thematic meeting that carries out item
/// `index` of the plan — its topic, group, presenter and draft prefilled from the item —
/// and links the item to it, in one unit of work. The date must fall in the item's
/// quarter of the plan's year (PLAN-01, `meeting_mismatch` otherwise).
pub async fn meeting_from_item(
    store: &Store,
    actor: &Actor,
    id: i64,
    index: usize,
    input: &FromItemInput,
) -> Result<MeetingId, AppError> {
    let plan = store.plan(id).await?.ok_or(AppError::NotFound("plan"))?;
    let item = plan
        .plan
        .items
        .get(index)
        .cloned()
        .ok_or(AppError::NotFound("plan item"))?;
    let meeting = crate::meetings::MeetingInput {
        kind: Some("thematic".into()),
        date: input.date.clone(),
        planned_start: input.planned_start.clone(),
        place: input.place.clone(),
    };
    let draft = meeting.parse(plan.plan.cell).map_err(AppError::Invalid)?;
    let rules = crate::rules::rules_on(store, draft.date).await?;
    let group_title = item.topic.group.as_ref().and_then(|g| {
        rules
            .topic_groups()
            .iter()
            .find(|t| &t.code == g)
            .map(|t| t.title_vi.clone())
    });
    let thematic = chibo_store::ThematicDraft {
        topic: item.topic.title.clone().or(group_title.clone()),
        topic_group: item.topic.group.clone(),
        presenter: item.presenter,
        draft_text: Some(draft_from_item(&item, group_title.as_deref())),
    };
    let mut w = store.write(actor).await?;
    let m = w.meetings().create(&draft).await?;
    w.meetings().set_thematic(m, &thematic, None).await?;
    w.plans()
        .link_meeting(id, index, m)
        .await
        .map_err(|e| match e {
            chibo_store::StoreError::Plan(chibo_domain::plan::PlanError::MeetingMismatch(_)) => {
                AppError::Invalid(vec![FieldError::new("date", "meeting_mismatch")])
            }
            other => other.into(),
        })?;
    w.commit().await?;
    Ok(m)
}
