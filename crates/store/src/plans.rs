//! The annual thematic plan (issue 11): directives of superior committees, one plan per cell
//! and year with its items and status, every version the superior saw (written at each
//! step of the workflow) and the comments threaded on it. The rules are the domain's
//! (`chibo_domain::plan`); this module stores what they allow, each write audited in the
//! caller's unit of work, with an optimistic version on the plan.

use chibo_domain::member::CellRoster;
use chibo_domain::plan::{Directive, Plan, PlanError, PlanItem, PlanStatus, PlanStep};
use chibo_domain::{OrgId, PersonId};
use serde::Serialize;
use serde_json::json;
use sqlx::types::Json;
use time::Date;

use crate::audit::AuditAction;
use crate::closure::subtree_on;
use crate::codec::corrupt;
use crate::db::{q_all, q_all_in, q_exec, q_one, q_opt, Conn};
use crate::people::load_cell_records;
use crate::stamp::Stamp;
use crate::{Result, Store, StoreError, UnitOfWork};

/// A stored directive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DirectiveRecord {
    pub id: i64,
    pub addressed_to: OrgId,
    #[serde(flatten)]
    pub directive: Directive,
}

/// A stored plan: the domain's plan with its id, directive and optimistic version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanRecord {
    pub id: i64,
    pub directive: Option<i64>,
    pub version: i64,
    #[serde(flatten)]
    pub plan: Plan,
}

/// One version of a plan as it stood at a step of the workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanRevisionRecord {
    pub revision: u32,
    pub status: PlanStatus,
    pub items: Vec<PlanItem>,
    pub at: i64,
}

/// A comment on a plan (a return's reason, or a note of either side).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanComment {
    pub author: String,
    pub body: String,
    pub at: i64,
}

/// A cell of a committee's subtree with its plan for a year, if any (the superior view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellPlanRow {
    pub cell: OrgId,
    pub plan: Option<PlanRecord>,
}

type PlanRow = (
    i64,
    i64,
    i64,
    Option<i64>,
    String,
    i64,
    Json<Vec<PlanItem>>,
    i64,
);

fn plan_of(row: PlanRow) -> Result<PlanRecord> {
    let (id, org, year, directive, status, revision, items, version) = row;
    Ok(PlanRecord {
        id,
        directive,
        version,
        plan: Plan {
            cell: OrgId(org),
            year: i32::try_from(year).map_err(|_| corrupt("plan.plan_year", &year.to_string()))?,
            status: PlanStatus::from_code(&status)
                .ok_or_else(|| corrupt("plan.status", &status))?,
            revision: u32::try_from(revision)
                .map_err(|_| corrupt("plan.revision", &revision.to_string()))?,
            items: items.0,
        },
    })
}

async fn fetch_plan(conn: &mut Conn<'_>, id: i64) -> Result<Option<PlanRecord>> {
    let row: Option<PlanRow> = q_opt!(
        conn,
        PlanRow,
        "SELECT id, org_id, plan_year, directive_id, status, revision, items_json, version FROM plan WHERE id = $1",
        id
    )?;
    row.map(plan_of).transpose()
}

impl Store {
    pub async fn plan(&self, id: i64) -> Result<Option<PlanRecord>> {
        let mut lease = self.lease().await?;
        fetch_plan(&mut lease.conn(), id).await
    }

    /// The cell's plan for `year`, if any.
    pub async fn plan_of_cell(&self, cell: OrgId, year: i32) -> Result<Option<PlanRecord>> {
        let mut lease = self.lease().await?;
        let row: Option<PlanRow> = q_opt!(
            &mut lease.conn(),
            PlanRow,
            "SELECT id, org_id, plan_year, directive_id, status, revision, items_json, version FROM plan WHERE org_id = $1 AND plan_year = $2",
            cell.0,
            i64::from(year)
        )?;
        row.map(plan_of).transpose()
    }

    /// The cell a plan belongs to (the access layer's scope).
    pub async fn plan_org(&self, id: i64) -> Result<Option<OrgId>> {
        let mut lease = self.lease().await?;
        let row: Option<(i64,)> = q_opt!(
            &mut lease.conn(),
            (i64,),
            "SELECT org_id FROM plan WHERE id = $1",
            id
        )?;
        Ok(row.map(|(o,)| OrgId(o)))
    }

    /// Every version the superior saw, oldest first, and the comments, in order.
    pub async fn plan_history(
        &self,
        id: i64,
    ) -> Result<(Vec<PlanRevisionRecord>, Vec<PlanComment>)> {
        let mut lease = self.lease().await?;
        let conn = &mut lease.conn();
        let rows: Vec<(i64, String, Json<Vec<PlanItem>>, Stamp)> = q_all!(
            conn,
            (i64, String, Json<Vec<PlanItem>>, Stamp),
            "SELECT revision, status, items_json, at FROM plan_revision WHERE plan_id = $1 ORDER BY id",
            id
        )?;
        let revisions = rows
            .into_iter()
            .map(|(revision, status, items, at)| {
                Ok(PlanRevisionRecord {
                    revision: u32::try_from(revision)
                        .map_err(|_| corrupt("plan_revision.revision", &revision.to_string()))?,
                    status: PlanStatus::from_code(&status)
                        .ok_or_else(|| corrupt("plan_revision.status", &status))?,
                    items: items.0,
                    at: at.0,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let rows: Vec<(String, String, Stamp)> = q_all!(
            conn,
            (String, String, Stamp),
            "SELECT author, body, at FROM plan_comment WHERE plan_id = $1 ORDER BY id",
            id
        )?;
        let comments = rows
            .into_iter()
            .map(|(author, body, at)| PlanComment {
                author,
                body,
                at: at.0,
            })
            .collect();
        Ok((revisions, comments))
    }

    /// The directives for `year` addressed to `org` or to a committee above it on the
    /// directive's own date (the tree of that date: a cell moved since still sees it).
    pub async fn directives_for(&self, org: OrgId, year: i32) -> Result<Vec<DirectiveRecord>> {
        let mut lease = self.lease().await?;
        type Row = (
            i64,
            i64,
            i64,
            String,
            Date,
            String,
            String,
            i64,
            Option<Date>,
            Json<Vec<String>>,
        );
        let rows: Vec<Row> = q_all!(
            &mut lease.conn(),
            Row,
            "SELECT id, org_id, addressed_to, reference, issued_on, issuer, title, plan_year, due_by, topics_json
             FROM directive d WHERE plan_year = $2 AND (addressed_to = $1 OR EXISTS (
               SELECT 1 FROM org_ancestor a WHERE a.org_id = $1 AND a.ancestor_id = d.addressed_to
                 AND a.valid_from <= d.issued_on AND (a.valid_until IS NULL OR a.valid_until >= d.issued_on)))
             ORDER BY issued_on, id",
            org.0,
            i64::from(year)
        )?;
        rows.into_iter()
            .map(
                |(id, from, to, reference, date, issuer, title, year, due_by, topics)| {
                    Ok(DirectiveRecord {
                        id,
                        addressed_to: OrgId(to),
                        directive: Directive {
                            from: OrgId(from),
                            reference: chibo_domain::meeting::ceremony::DocumentRef::parse(
                                &reference,
                            )
                            .map_err(|_| corrupt("directive.reference", &reference))?,
                            date,
                            issuer,
                            title,
                            year: i32::try_from(year)
                                .map_err(|_| corrupt("directive.plan_year", &year.to_string()))?,
                            due_by,
                            topics: topics.0,
                        },
                    })
                },
            )
            .collect()
    }

    /// For the meetings that carry out plan items: each one's status and whether its
    /// minutes are approved, by one query whatever their number.
    pub async fn meeting_states(
        &self,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, (chibo_domain::meeting::MeetingStatus, bool)>> {
        if ids.is_empty() {
            return Ok(Default::default());
        }
        let mut lease = self.lease().await?;
        let rows: Vec<(i64, String, bool)> = q_all_in!(
            &mut lease.conn(),
            (i64, String, bool),
            "SELECT m.id, m.status, EXISTS (SELECT 1 FROM meeting_minutes mm WHERE mm.meeting_id = m.id)
             FROM meeting m WHERE m.id",
            "",
            ids
        )?;
        rows.into_iter()
            .map(|(id, status, approved)| {
                let s = chibo_domain::meeting::MeetingStatus::from_code(&status)
                    .ok_or_else(|| corrupt("meeting.status", &status))?;
                Ok((id, (s, approved)))
            })
            .collect()
    }

    /// The superior's view of a year: every cell in `committee`'s subtree on `date` with its
    /// plan for `year`, by one query over the ancestor table (not a loop over cells).
    pub async fn plans_under(
        &self,
        committee: OrgId,
        year: i32,
        date: Date,
    ) -> Result<Vec<CellPlanRow>> {
        let mut lease = self.lease().await?;
        type Row = (
            i64,
            Option<i64>,
            Option<i64>,
            Option<String>,
            Option<i64>,
            Option<Json<Vec<PlanItem>>>,
            Option<i64>,
        );
        let rows: Vec<Row> = q_all!(
            &mut lease.conn(),
            Row,
            "SELECT v.org_id, p.id, p.directive_id, p.status, p.revision, p.items_json, p.version
             FROM org_version v
             LEFT JOIN plan p ON p.org_id = v.org_id AND p.plan_year = $2
             WHERE v.kind = 'cell' AND v.valid_from <= $3 AND (v.valid_until IS NULL OR v.valid_until >= $3)
               AND (v.org_id = $1 OR v.org_id IN (SELECT org_id FROM org_ancestor WHERE ancestor_id = $1
                 AND valid_from <= $3 AND (valid_until IS NULL OR valid_until >= $3)))
             ORDER BY v.org_id",
            committee.0,
            i64::from(year),
            date
        )?;
        rows.into_iter()
            .map(|(cell, id, directive, status, revision, items, version)| {
                let plan = match (id, status, revision, items, version) {
                    (Some(id), Some(status), Some(revision), Some(items), Some(version)) => {
                        Some(plan_of((
                            id,
                            cell,
                            i64::from(year),
                            directive,
                            status,
                            revision,
                            items,
                            version,
                        ))?)
                    }
                    _ => None,
                };
                Ok(CellPlanRow {
                    cell: OrgId(cell),
                    plan,
                })
            })
            .collect()
    }
}

/// `plan_item` mirrors `plan.items_json` (position, quarter, linked meeting), rewritten with
/// it in the same unit of work: the superior view filters, sorts and counts on it in SQL.
async fn write_item_rows(conn: &mut Conn<'_>, id: i64, items: &[PlanItem]) -> Result<()> {
    q_exec!(conn, "DELETE FROM plan_item WHERE plan_id = $1", id)?;
    for (n, item) in items.iter().enumerate() {
        q_exec!(
            conn,
            "INSERT INTO plan_item (plan_id, position, quarter, meeting_id) VALUES ($1, $2, $3, $4)",
            id,
            i64::try_from(n).unwrap_or(i64::MAX),
            i64::from(item.quarter.get()),
            item.meeting.map(|m| m.0)
        )?;
    }
    Ok(())
}

/// The filters of the superior view (issue 11), applied in SQL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanFilter {
    /// A plan status code, or `none` for cells without a plan; `None`: every status.
    pub status: Option<String>,
    /// Only cells with at least one missed topic.
    pub only_missed: bool,
    /// Only cells whose plan is not sent yet (no plan, or a first draft / a revision):
    /// the cells a reminder past the due date is about (PLAN-03).
    pub only_unsent: bool,
}

/// How the superior view is sorted: by the order of `name_order` (the caller's Vietnamese
/// collation of the cells' names), by status then name, or by missed topics (most first)
/// then name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PlanSort {
    #[default]
    Name,
    Status,
    Missed,
}

impl PlanSort {
    fn code(self) -> &'static str {
        match self {
            PlanSort::Name => "name",
            PlanSort::Status => "status",
            PlanSort::Missed => "missed",
        }
    }
}

/// What the superior view asks of the store: the subtree and the date of its tree, the
/// year, how many quarters of that year have ended on the view's date (an item of an ended
/// quarter without approved minutes is missed — `chibo_domain::plan::item_state`), and the
/// cells' ids in name order.
#[derive(Debug, Clone, Copy)]
pub struct PlanScope<'a> {
    pub committee: OrgId,
    pub year: i32,
    pub date: Date,
    pub quarters_ended: u8,
    pub name_order: &'a [i64],
}

/// One row of a page of the superior view: the cell, its plan and how many of its topics
/// are missed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanPageRow {
    pub cell: OrgId,
    pub plan: Option<PlanRecord>,
    pub missed: i64,
}

/// The totals of the superior view over the whole subtree: cells per status (`none` for
/// no plan) and cells with a missed topic.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PlanCounts {
    pub by_status: Vec<(String, i64)>,
    pub with_missed: i64,
}

// The cells of the subtree on the date with their plan of the year and their missed topics.
// `$1` is the cells' ids in name order, bound natively per backend (the ranks CTE); the rest
// is one SQL text for both.
macro_rules! plan_rows_sql {
    ($ranks:literal, $tail:expr) => {
        concat!(
            "WITH ranks AS MATERIALIZED (",
            $ranks,
            "), cells AS (
               SELECT v.org_id FROM org_version v
               WHERE v.kind = 'cell' AND v.valid_from <= $4 AND (v.valid_until IS NULL OR v.valid_until >= $4)
                 AND (v.org_id = $2 OR v.org_id IN (SELECT a.org_id FROM org_ancestor a WHERE a.ancestor_id = $2
                   AND a.valid_from <= $4 AND (a.valid_until IS NULL OR a.valid_until >= $4)))
             ), plan_rows AS (
               SELECT c.org_id, COALESCE(r.pos, 2147483647) AS name_pos, p.id AS plan_id, p.directive_id,
                 p.status, p.revision, p.items_json, p.version, COALESCE(p.status, 'none') AS st,
                 CASE WHEN p.id IS NULL THEN 0 ELSE (SELECT COUNT(*) FROM plan_item i
                   WHERE i.plan_id = p.id AND i.quarter <= $5
                     AND NOT EXISTS (SELECT 1 FROM meeting_minutes mm WHERE mm.meeting_id = i.meeting_id)) END AS missed
               FROM cells c
               LEFT JOIN ranks r ON r.id = c.org_id
               LEFT JOIN plan p ON p.org_id = c.org_id AND p.plan_year = $3
             ) ",
            $tail
        )
    };
}

type PageRow = (
    i64,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<Json<Vec<PlanItem>>>,
    Option<i64>,
    i64,
    i64,
);

impl Store {
    /// A page of the superior view of `scope`'s year: filtered, sorted and paged in SQL —
    /// one query over the ancestor table, whatever the number of cells — with how many cells
    /// match the filters. A cell missing from `name_order` sorts last.
    pub async fn plans_page(
        &self,
        scope: PlanScope<'_>,
        filter: &PlanFilter,
        sort: PlanSort,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<PlanPageRow>, i64)> {
        let mut lease = self.lease().await?;
        let status = filter.status.clone().unwrap_or_default();
        let (missed, unsent) = (i64::from(filter.only_missed), i64::from(filter.only_unsent));
        let (year, ended) = (i64::from(scope.year), i64::from(scope.quarters_ended));
        macro_rules! tail {
            () => {
                "SELECT org_id, plan_id, directive_id, status, revision, items_json, version, missed,
                   COUNT(*) OVER () AS matching
                 FROM plan_rows
                 WHERE ($6 = '' OR st = $6) AND ($7 = 0 OR missed > 0) AND ($8 = 0 OR st IN ('none', 'draft'))
                 ORDER BY CASE WHEN $9 = 'status' THEN (CASE st WHEN 'none' THEN 0 WHEN 'draft' THEN 1
                     WHEN 'submitted' THEN 2 WHEN 'returned' THEN 3 ELSE 4 END)
                   WHEN $9 = 'missed' THEN -missed ELSE 0 END, name_pos, org_id
                 LIMIT $10 OFFSET $11"
            };
        }
        // The same parameters on both backends, after the cells' name order ($1).
        macro_rules! binds {
            ($query:expr, $order:expr) => {
                $query
                    .bind($order)
                    .bind(scope.committee.0)
                    .bind(year)
                    .bind(scope.date)
                    .bind(ended)
                    .bind(&status)
                    .bind(missed)
                    .bind(unsent)
                    .bind(sort.code())
                    .bind(limit)
                    .bind(offset)
            };
        }
        let rows: Vec<PageRow> = match &mut lease.conn() {
            Conn::Sqlite(c, n) => {
                n.bump();
                binds!(
                    sqlx::query_as::<_, PageRow>(plan_rows_sql!(
                        "SELECT CAST(value AS INTEGER) AS id, CAST(key AS INTEGER) AS pos FROM json_each($1)",
                        tail!()
                    )),
                    crate::db::id_list_sqlite(scope.name_order)
                )
                .fetch_all(&mut **c)
                .await?
            }
            Conn::Postgres(c, n) => {
                n.bump();
                binds!(
                    sqlx::query_as::<_, PageRow>(plan_rows_sql!(
                        "SELECT id, pos FROM unnest($1::int8[]) WITH ORDINALITY AS u(id, pos)",
                        tail!()
                    )),
                    scope.name_order
                )
                .fetch_all(&mut **c)
                .await?
            }
        };
        let matching = rows.first().map_or(0, |r| r.8);
        let rows = rows
            .into_iter()
            .map(
                |(cell, id, directive, status, revision, items, version, missed, _)| {
                    let plan = match (id, status, revision, items, version) {
                        (Some(id), Some(status), Some(revision), Some(items), Some(version)) => {
                            Some(plan_of((
                                id, cell, year, directive, status, revision, items, version,
                            ))?)
                        }
                        _ => None,
                    };
                    Ok(PlanPageRow {
                        cell: OrgId(cell),
                        plan,
                        missed,
                    })
                },
            )
            .collect::<Result<Vec<_>>>()?;
        Ok((rows, matching))
    }

    /// The totals of the superior view of `scope`'s year over the whole subtree: one
    /// aggregate query (the same rows as [`Store::plans_page`]).
    pub async fn plan_counts(&self, scope: PlanScope<'_>) -> Result<PlanCounts> {
        let mut lease = self.lease().await?;
        let (year, ended) = (i64::from(scope.year), i64::from(scope.quarters_ended));
        macro_rules! tail {
            () => {
                "SELECT st, COUNT(*), SUM(CASE WHEN missed > 0 THEN 1 ELSE 0 END) FROM plan_rows GROUP BY st"
            };
        }
        // No name order is needed for totals: an empty list.
        let rows: Vec<(String, i64, i64)> = match &mut lease.conn() {
            Conn::Sqlite(c, n) => {
                n.bump();
                sqlx::query_as::<_, (String, i64, i64)>(plan_rows_sql!(
                    "SELECT CAST(value AS INTEGER) AS id, CAST(key AS INTEGER) AS pos FROM json_each($1)",
                    tail!()
                ))
                .bind("[]")
                .bind(scope.committee.0)
                .bind(year)
                .bind(scope.date)
                .bind(ended)
                .fetch_all(&mut **c)
                .await?
            }
            Conn::Postgres(c, n) => {
                n.bump();
                sqlx::query_as::<_, (String, i64, i64)>(plan_rows_sql!(
                    "SELECT id, pos FROM unnest($1::int8[]) WITH ORDINALITY AS u(id, pos)",
                    tail!()
                ))
                .bind(Vec::<i64>::new())
                .bind(scope.committee.0)
                .bind(year)
                .bind(scope.date)
                .bind(ended)
                .fetch_all(&mut **c)
                .await?
            }
        };
        Ok(PlanCounts {
            with_missed: rows.iter().map(|r| r.2).sum(),
            by_status: rows.into_iter().map(|(s, n, _)| (s, n)).collect(),
        })
    }
}

/// Writes of the thematic plan inside a unit of work.
pub struct Plans<'u>(&'u mut UnitOfWork);

impl UnitOfWork {
    pub fn plans(&mut self) -> Plans<'_> {
        Plans(self)
    }
}

/// PLAN-01/04: the presenter of an item is a member of the cell in the item's quarter (on its
/// first or last day).
fn presenters_on_roster(
    roster_on: impl Fn(Date) -> Vec<PersonId>,
    year: i32,
    items: &[PlanItem],
) -> Result<()> {
    for item in items {
        let Some(p) = item.presenter else { continue };
        let first = Date::from_calendar_date(
            year,
            time::Month::try_from(item.quarter.months()[0]).unwrap_or(time::Month::January),
            1,
        )
        .map_err(|_| corrupt("plan.quarter", &item.quarter.get().to_string()))?;
        let last = item.quarter.last_day(year);
        if !roster_on(first).contains(&p) && !roster_on(last).contains(&p) {
            return Err(chibo_domain::meeting::MeetingError::NotOnRoster(p).into());
        }
    }
    Ok(())
}

impl Plans<'_> {
    /// PLAN-03: a superior committee's directive, addressed to itself (its whole subtree) or
    /// to a committee in its subtree on the directive's date.
    pub async fn add_directive(&mut self, d: &Directive, addressed_to: OrgId) -> Result<i64> {
        let w = &mut *self.0;
        let at = w.actor().at;
        let conn = &mut w.conn();
        if !subtree_on(conn, d.from, d.date)
            .await?
            .contains(&addressed_to)
        {
            return Err(StoreError::Plan(PlanError::OutsideSubtree));
        }
        let (id,): (i64,) = q_one!(
            conn,
            (i64,),
            "INSERT INTO directive (org_id, addressed_to, reference, issued_on, issuer, title, plan_year, due_by, topics_json, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            d.from.0,
            addressed_to.0,
            d.reference.as_str(),
            d.date,
            d.issuer.as_str(),
            d.title.as_str(),
            i64::from(d.year),
            d.due_by,
            Json(&d.topics),
            Stamp(at)
        )?;
        w.audit(
            AuditAction::DirectiveCreate,
            &id.to_string(),
            Some(d.from),
            None,
            Some(json!({ "directive": d, "addressed_to": addressed_to.0 })),
        )
        .await?;
        Ok(id)
    }

    /// PLAN-01: the cell's plan for `year`, a draft with no items; a second one for the same
    /// cell and year is a conflict (field `year`).
    pub async fn create(&mut self, cell: OrgId, year: i32, directive: Option<i64>) -> Result<i64> {
        let w = &mut *self.0;
        let at = w.actor().at;
        let conn = &mut w.conn();
        let kind: Option<(String,)> = q_opt!(
            conn,
            (String,),
            "SELECT kind FROM org_version WHERE org_id = $1 ORDER BY valid_from DESC LIMIT 1",
            cell.0
        )?;
        match kind {
            None => return Err(StoreError::NotFound("org")),
            Some((k,)) if k != "cell" => {
                return Err(chibo_domain::DomainError::Malformed {
                    field: "org",
                    reason: "plans are made by cells",
                }
                .into())
            }
            _ => {}
        }
        let plan = Plan::new(cell, year);
        let (id,): (i64,) = q_one!(
            conn,
            (i64,),
            "INSERT INTO plan (org_id, plan_year, directive_id, status, revision, items_json, version, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id",
            cell.0,
            i64::from(year),
            directive,
            plan.status.code(),
            i64::from(plan.revision),
            Json(&plan.items),
            Stamp(at)
        )?;
        w.audit(
            AuditAction::PlanCreate,
            &id.to_string(),
            Some(cell),
            None,
            Some(json!({ "year": year, "directive": directive })),
        )
        .await?;
        Ok(id)
    }

    /// Loads the plan for a change, checking `expected` and bumping its version.
    async fn load_for_change(
        &mut self,
        id: i64,
        expected: Option<i64>,
    ) -> Result<(PlanRecord, i64)> {
        let conn = &mut self.0.conn();
        let before = fetch_plan(conn, id)
            .await?
            .ok_or(StoreError::NotFound("plan"))?;
        let bumped: Option<(i64,)> = q_opt!(
            conn,
            (i64,),
            "UPDATE plan SET version = version + 1 WHERE id = $1 AND ($2 IS NULL OR version = $2) RETURNING version",
            id,
            expected
        )?;
        match bumped {
            Some((v,)) => Ok((before, v)),
            None => Err(StoreError::Stale {
                entity: "plan",
                expected: expected.unwrap_or(before.version),
                actual: before.version,
                current: serde_json::to_value(&before)?,
            }),
        }
    }

    async fn write(&mut self, id: i64, plan: &Plan) -> Result<()> {
        let w = &mut *self.0;
        let at = w.actor().at;
        let conn = &mut w.conn();
        q_exec!(
            conn,
            "UPDATE plan SET status = $1, revision = $2, items_json = $3, updated_at = $4 WHERE id = $5",
            plan.status.code(),
            i64::from(plan.revision),
            Json(&plan.items),
            Stamp(at),
            id
        )?;
        write_item_rows(conn, id, &plan.items).await
    }

    /// Replaces the items of a draft (PLAN-04: only a draft changes); each presenter is a
    /// member of the cell in the item's quarter. Returns the new version.
    pub async fn set_items(
        &mut self,
        id: i64,
        items: Vec<PlanItem>,
        expected: Option<i64>,
    ) -> Result<i64> {
        let (before, version) = self.load_for_change(id, expected).await?;
        let mut plan = before.plan.clone();
        plan.set_items(items)?;
        let records = load_cell_records(&mut self.0.conn(), plan.cell).await?;
        let members = records.members();
        let roster_on = |date: Date| {
            CellRoster::on(
                plan.cell,
                date,
                &members,
                &records.placements,
                &records.statuses,
            )
            .entries
            .iter()
            .map(|e| e.person)
            .collect::<Vec<_>>()
        };
        presenters_on_roster(roster_on, plan.year, &plan.items)?;
        for item in &plan.items {
            let Some(meeting) = item.meeting else {
                continue;
            };
            let row: Option<(i64, String, Date)> = q_opt!(
                &mut self.0.conn(),
                (i64, String, Date),
                "SELECT org_id, kind, meeting_date FROM meeting WHERE id = $1",
                meeting.0
            )?;
            let fits = row.is_some_and(|(org, kind, date)| {
                chibo_domain::ruleset::MeetingKind::from_code(&kind).is_some_and(|k| {
                    chibo_domain::plan::carries_out(item, plan.cell, plan.year, OrgId(org), k, date)
                })
            });
            if !fits {
                return Err(PlanError::MeetingMismatch(meeting.0).into());
            }
        }
        self.write(id, &plan).await?;
        self.0
            .audit(
                AuditAction::PlanItems,
                &id.to_string(),
                Some(plan.cell),
                Some(serde_json::to_value(&before.plan.items)?),
                Some(serde_json::to_value(&plan.items)?),
            )
            .await?;
        Ok(version)
    }

    /// A comment on the plan by either side (threaded in order, PLAN-04), audited.
    pub async fn comment(&mut self, id: i64, author: &str, body: &str) -> Result<()> {
        let body = body.trim();
        if body.is_empty() {
            return Err(StoreError::Plan(PlanError::CommentRequired));
        }
        let w = &mut *self.0;
        let at = w.actor().at;
        let conn = &mut w.conn();
        let plan = fetch_plan(conn, id)
            .await?
            .ok_or(StoreError::NotFound("plan"))?;
        q_exec!(
            conn,
            "INSERT INTO plan_comment (plan_id, author, body, at) VALUES ($1, $2, $3, $4)",
            id,
            author,
            body,
            Stamp(at)
        )?;
        w.audit(
            AuditAction::PlanComment,
            &id.to_string(),
            Some(plan.plan.cell),
            None,
            Some(json!({ "author": author, "body": body })),
        )
        .await?;
        Ok(())
    }

    /// Links item `index` of the plan to the thematic meeting that carries it out, whatever
    /// the plan's status: following the plan is not editing it (PLAN-04 keeps the version
    /// the superior saw; only `meeting` of the item changes). The meeting must be a
    /// thematic meeting or combined session of the cell in the item's quarter.
    pub async fn link_meeting(
        &mut self,
        id: i64,
        index: usize,
        meeting: chibo_domain::MeetingId,
    ) -> Result<()> {
        let (before, _) = self.load_for_change(id, None).await?;
        let mut plan = before.plan.clone();
        let item = plan
            .items
            .get_mut(index)
            .ok_or(StoreError::NotFound("plan item"))?;
        let row: Option<(i64, String, Date)> = q_opt!(
            &mut self.0.conn(),
            (i64, String, Date),
            "SELECT org_id, kind, meeting_date FROM meeting WHERE id = $1",
            meeting.0
        )?;
        let fits = row.is_some_and(|(org, kind, date)| {
            chibo_domain::ruleset::MeetingKind::from_code(&kind).is_some_and(|k| {
                chibo_domain::plan::carries_out(item, plan.cell, plan.year, OrgId(org), k, date)
            })
        });
        if !fits {
            return Err(PlanError::MeetingMismatch(meeting.0).into());
        }
        item.meeting = Some(meeting);
        let w = &mut *self.0;
        let at = w.actor().at;
        let conn = &mut w.conn();
        q_exec!(
            conn,
            "UPDATE plan SET items_json = $1, updated_at = $2 WHERE id = $3",
            Json(&plan.items),
            Stamp(at),
            id
        )?;
        write_item_rows(conn, id, &plan.items).await?;
        w.audit(
            AuditAction::PlanLink,
            &id.to_string(),
            Some(plan.cell),
            None,
            Some(json!({ "item": index, "meeting": meeting.0 })),
        )
        .await?;
        Ok(())
    }

    /// One step of the workflow (PLAN-02/04); the version the superior saw is kept, and a
    /// return's comment threaded on the plan under `author`. Returns the new version.
    pub async fn step(
        &mut self,
        id: i64,
        step: &PlanStep,
        author: &str,
        expected: Option<i64>,
    ) -> Result<i64> {
        let (before, version) = self.load_for_change(id, expected).await?;
        let mut plan = before.plan.clone();
        plan.apply(step)?;
        self.write(id, &plan).await?;
        let w = &mut *self.0;
        let at = w.actor().at;
        let today = w.actor().today();
        let conn = &mut w.conn();
        q_exec!(
            conn,
            "INSERT INTO plan_revision (plan_id, revision, status, items_json, at) VALUES ($1, $2, $3, $4, $5)",
            id,
            i64::from(plan.revision),
            plan.status.code(),
            Json(&plan.items),
            Stamp(at)
        )?;
        // DOC-05/06/19: a plan is numbered when it is first submitted, in this unit of work.
        if matches!(step, PlanStep::Submit) {
            crate::documents::number_plan(conn, id, plan.cell, today, at, author).await?;
        }
        if let PlanStep::Return { comment } = step {
            q_exec!(
                conn,
                "INSERT INTO plan_comment (plan_id, author, body, at) VALUES ($1, $2, $3, $4)",
                id,
                author,
                comment.trim(),
                Stamp(at)
            )?;
        }
        w.audit(
            AuditAction::PlanStep,
            &id.to_string(),
            Some(plan.cell),
            Some(json!({ "status": before.plan.status, "revision": before.plan.revision })),
            Some(json!({ "step": step, "status": plan.status, "revision": plan.revision })),
        )
        .await?;
        Ok(version)
    }
}
