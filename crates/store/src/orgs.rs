//! The dated organisation tree: versions are appended and closed, never overwritten (ORG-01).
//! Writes go through [`Orgs`] inside a unit of work and see only the part of the tree they
//! touch ([`closure::neighbourhood`]); reads of the whole tree come from the cache.

use std::sync::Arc;

use chibo_domain::org::{CellType, OrgChange, OrgKind, OrgTree, OrgVersion};
use chibo_domain::text::Name;
use chibo_domain::{OrgId, Period};
use serde::Serialize;
use time::Date;

use crate::audit::AuditAction;
use crate::closure;
use crate::codec::corrupt;
use crate::db::{q_all, q_exec, q_one, q_opt};
use crate::error::StoreError;
use crate::uow::UnitOfWork;
use crate::{Result, Store};

#[derive(sqlx::FromRow)]
pub(crate) struct VersionRow {
    org_id: i64,
    kind: String,
    name: String,
    cell_type: Option<String>,
    parent_id: Option<i64>,
    valid_from: Date,
    valid_until: Option<Date>,
}

impl VersionRow {
    pub(crate) fn into_version(self) -> Result<OrgVersion> {
        Ok(OrgVersion {
            org: OrgId(self.org_id),
            kind: OrgKind::from_code(&self.kind)
                .ok_or_else(|| corrupt("org_version.kind", &self.kind))?,
            name: Name::parse("name", &self.name)
                .map_err(|_| corrupt("org_version.name", &self.name))?,
            cell_type: self
                .cell_type
                .map(|c| {
                    CellType::from_code(&c).ok_or_else(|| corrupt("org_version.cell_type", &c))
                })
                .transpose()?,
            parent: self.parent_id.map(OrgId),
            period: Period::new(self.valid_from, self.valid_until)?,
        })
    }
}

/// A cell congress; a term starts the day after it closes (DOC-05 numbering restarts).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CongressRecord {
    pub org: OrgId,
    pub closed_on: Date,
}

impl Store {
    /// The whole dated tree, for pages that draw it (tree browser, breadcrumbs). Cached and
    /// dropped when any server commits a tree change.
    pub async fn org_tree(&self) -> Result<Arc<OrgTree>> {
        if let Some(tree) = self.caches.tree() {
            return Ok(tree);
        }
        let gen = self.caches.tree_generation();
        let mut lease = self.lease().await?;
        let tree = Arc::new(closure::whole_tree(&mut lease.conn()).await?);
        self.caches.put_tree(gen, Arc::clone(&tree));
        Ok(tree)
    }

    /// `root` and everything under it on `date`: one indexed query on the ancestor table.
    pub async fn subtree_on(&self, root: OrgId, date: Date) -> Result<Vec<OrgId>> {
        let mut lease = self.lease().await?;
        closure::subtree_on(&mut lease.conn(), root, date).await
    }

    /// The direct superior of `org` on `date`.
    pub async fn superior_on(&self, org: OrgId, date: Date) -> Result<Option<OrgId>> {
        let mut lease = self.lease().await?;
        closure::superior_on(&mut lease.conn(), org, date).await
    }

    /// Whether `org` is `root` or under it on `date`.
    pub async fn is_under(&self, org: OrgId, root: OrgId, date: Date) -> Result<bool> {
        let mut lease = self.lease().await?;
        closure::is_under(&mut lease.conn(), org, root, date).await
    }

    /// The optimistic version of an organisation (bumped by every change).
    pub async fn org_version_number(&self, org: OrgId) -> Result<Option<i64>> {
        let mut lease = self.lease().await?;
        let row: Option<(i64,)> = q_opt!(
            &mut lease.conn(),
            (i64,),
            "SELECT version FROM org WHERE id = $1",
            org.0
        )?;
        Ok(row.map(|(v,)| v))
    }

    pub async fn congresses(&self, org: OrgId) -> Result<Vec<CongressRecord>> {
        let mut lease = self.lease().await?;
        let rows: Vec<(Date,)> = q_all!(
            &mut lease.conn(),
            (Date,),
            "SELECT closed_on FROM congress WHERE org_id = $1 ORDER BY closed_on",
            org.0
        )?;
        Ok(rows
            .into_iter()
            .map(|(closed_on,)| CongressRecord { org, closed_on })
            .collect())
    }
}

/// Writes to the organisation tree inside a unit of work.
pub struct Orgs<'u>(&'u mut UnitOfWork);

impl UnitOfWork {
    pub fn orgs(&mut self) -> Orgs<'_> {
        Orgs(self)
    }
}

async fn insert_version(w: &mut UnitOfWork, v: &OrgVersion) -> Result<()> {
    q_exec!(
        &mut w.conn(),
        "INSERT INTO org_version (org_id, kind, name, cell_type, parent_id, valid_from, valid_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        v.org.0,
        v.kind.code(),
        v.name.as_str(),
        v.cell_type.map(|c| c.code()),
        v.parent.map(|p| p.0),
        v.period.from(),
        v.period.until(),
    )?;
    Ok(())
}

/// Serialises tree writes. Each computes ancestor rows from the part of the tree it reads;
/// a cell created under a committee that another transaction is moving would otherwise get
/// the old chain on PostgreSQL (READ COMMITTED), and neither write would see the other's
/// rows. Tree writes are rare, so one transaction-scoped advisory lock is enough. SQLite
/// writers are serialised already (`BEGIN IMMEDIATE`).
async fn lock_tree(w: &mut UnitOfWork) -> Result<()> {
    let conn = &mut w.conn();
    if let crate::db::Conn::Postgres(..) = conn {
        q_exec!(conn, "SELECT pg_advisory_xact_lock($1)", TREE_LOCK)?;
    }
    Ok(())
}

/// The advisory lock key of tree writes ("chibo tree" in ASCII, truncated).
const TREE_LOCK: i64 = 0x6368_6962_6f74;

/// Bumps the organisation's version, checking `expected` when given.
async fn bump_version(
    w: &mut UnitOfWork,
    org: OrgId,
    expected: Option<i64>,
    current: &OrgVersion,
) -> Result<()> {
    let row: Option<(i64,)> = q_opt!(
        &mut w.conn(),
        (i64,),
        "UPDATE org SET version = version + 1 WHERE id = $1 AND ($2 IS NULL OR version = $2) RETURNING version",
        org.0,
        expected,
    )?;
    if row.is_none() {
        let (actual,): (i64,) = q_one!(
            &mut w.conn(),
            (i64,),
            "SELECT version FROM org WHERE id = $1",
            org.0
        )?;
        return Err(StoreError::Stale {
            entity: "org",
            expected: expected.unwrap_or_default(),
            actual,
            current: serde_json::to_value(current)?,
        });
    }
    Ok(())
}

impl Orgs<'_> {
    /// Creates an organisation with its first version, validated against the part of the
    /// tree it joins.
    #[allow(clippy::too_many_arguments)]
    pub async fn create(
        &mut self,
        kind: OrgKind,
        name: Name,
        cell_type: Option<CellType>,
        parent: Option<OrgId>,
        from: Date,
    ) -> Result<OrgId> {
        let w = &mut *self.0;
        lock_tree(w).await?;
        crate::sandbox::refuse_sandbox(&mut w.conn(), parent.as_slice()).await?;
        let (id,): (i64,) = q_one!(
            &mut w.conn(),
            (i64,),
            "INSERT INTO org (version) VALUES (1) RETURNING id"
        )?;
        let org = OrgId(id);
        let (tree, _) = closure::neighbourhood(&mut w.conn(), org, parent).await?;
        let version = OrgVersion {
            org,
            kind,
            name,
            cell_type,
            parent,
            period: Period::starting(from),
        };
        tree.validate_new_version(&version)?;
        insert_version(w, &version).await?;
        let mut versions: Vec<OrgVersion> = tree.all_versions().cloned().collect();
        versions.push(version.clone());
        let tree = OrgTree::new(versions);
        closure::rewrite_spans(&mut w.conn(), &tree, &[org]).await?;
        w.touch(|t| t.tree = true);
        w.audit(
            AuditAction::OrgCreate,
            &org.to_string(),
            Some(org),
            None,
            Some(serde_json::to_value(&version)?),
        )
        .await?;
        Ok(org)
    }

    /// Changes kind, name, type or parent from `from` on: closes the current version the day
    /// before and opens a new one (ORG-01). Refuses a move under the organisation's own
    /// descendant. `expected` is the version number the caller read, when it has one.
    pub async fn change(
        &mut self,
        org: OrgId,
        from: Date,
        change: OrgChange,
        expected: Option<i64>,
    ) -> Result<OrgVersion> {
        let w = &mut *self.0;
        lock_tree(w).await?;
        let new_parent = change.parent.flatten();
        crate::sandbox::refuse_sandbox(
            &mut w.conn(),
            &[Some(org), new_parent]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>(),
        )
        .await?;
        let (tree, targets) = closure::neighbourhood(&mut w.conn(), org, new_parent).await?;
        let before = tree
            .version_on(org, from)
            .cloned()
            .ok_or(StoreError::NotFound("org"))?;
        let (closed, next) = tree.plan_change(org, from, change)?;
        bump_version(w, org, expected, &before).await?;
        match &closed {
            Some(c) => {
                q_exec!(
                    &mut w.conn(),
                    "UPDATE org_version SET valid_until = $1 WHERE org_id = $2 AND valid_from = $3",
                    c.period.until(),
                    org.0,
                    c.period.from(),
                )?;
            }
            None => {
                q_exec!(
                    &mut w.conn(),
                    "DELETE FROM org_version WHERE org_id = $1 AND valid_from = $2",
                    org.0,
                    before.period.from(),
                )?;
            }
        }
        insert_version(w, &next).await?;
        let mut versions: Vec<OrgVersion> = tree
            .all_versions()
            .filter(|v| !(v.org == org && v.period.from() == before.period.from()))
            .cloned()
            .collect();
        versions.extend(closed.clone());
        versions.push(next.clone());
        closure::rewrite_spans(&mut w.conn(), &OrgTree::new(versions), &targets).await?;
        w.touch(|t| {
            t.tree = true;
            t.people = true;
        });
        w.audit(
            AuditAction::OrgChange,
            &org.to_string(),
            Some(org),
            Some(serde_json::to_value(&before)?),
            Some(serde_json::to_value(&next)?),
        )
        .await?;
        Ok(next)
    }

    /// Ends an organisation on `last_day` (ORG-01): its version in force is closed.
    pub async fn close(&mut self, org: OrgId, last_day: Date) -> Result<OrgVersion> {
        let w = &mut *self.0;
        lock_tree(w).await?;
        crate::sandbox::refuse_sandbox(&mut w.conn(), &[org]).await?;
        let (tree, targets) = closure::neighbourhood(&mut w.conn(), org, None).await?;
        let before = tree
            .version_on(org, last_day)
            .cloned()
            .ok_or(StoreError::NotFound("org"))?;
        let closed = tree.plan_close(org, last_day)?;
        bump_version(w, org, None, &before).await?;
        q_exec!(
            &mut w.conn(),
            "UPDATE org_version SET valid_until = $1 WHERE org_id = $2 AND valid_from = $3",
            closed.period.until(),
            org.0,
            closed.period.from(),
        )?;
        let versions: Vec<OrgVersion> = tree
            .all_versions()
            .map(|v| {
                if v.org == org && v.period.from() == closed.period.from() {
                    closed.clone()
                } else {
                    v.clone()
                }
            })
            .collect();
        closure::rewrite_spans(&mut w.conn(), &OrgTree::new(versions), &targets).await?;
        w.touch(|t| {
            t.tree = true;
            t.people = true;
        });
        w.audit(
            AuditAction::OrgClose,
            &org.to_string(),
            Some(org),
            Some(serde_json::to_value(&before)?),
            Some(serde_json::to_value(&closed)?),
        )
        .await?;
        Ok(closed)
    }

    pub async fn add_congress(&mut self, org: OrgId, closed_on: Date) -> Result<()> {
        let w = &mut *self.0;
        q_exec!(
            &mut w.conn(),
            "INSERT INTO congress (org_id, closed_on) VALUES ($1, $2)",
            org.0,
            closed_on
        )?;
        w.audit(
            AuditAction::CongressCreate,
            &org.to_string(),
            Some(org),
            None,
            Some(serde_json::to_value(CongressRecord { org, closed_on })?),
        )
        .await?;
        Ok(())
    }
}
