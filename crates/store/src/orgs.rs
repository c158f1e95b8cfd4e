//! The dated organisation tree: versions are appended and closed, never overwritten (ORG-01).

use chibo_domain::org::{CellType, OrgChange, OrgKind, OrgTree, OrgVersion};
use chibo_domain::text::Name;
use chibo_domain::{OrgId, Period};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row, Transaction};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use time::Date;

use crate::audit::{record, Actor};
use crate::codec::{corrupt, date_text, opt_date_text, parse_date, parse_opt_date};
use crate::error::StoreError;
use crate::{Result, Store};

const VERSION_COLUMNS: &str = "org_id, kind, name, cell_type, parent_id, valid_from, valid_until";

fn version_from_row(r: &AnyRow) -> Result<OrgVersion> {
    let kind: String = r.try_get("kind")?;
    let cell_type: Option<String> = r.try_get("cell_type")?;
    let name: String = r.try_get("name")?;
    Ok(OrgVersion {
        org: OrgId(r.try_get("org_id")?),
        kind: OrgKind::from_code(&kind).ok_or_else(|| corrupt("org_version.kind", &kind))?,
        name: Name::parse("name", &name).map_err(|_| corrupt("org_version.name", &name))?,
        cell_type: cell_type
            .map(|c| CellType::from_code(&c).ok_or_else(|| corrupt("org_version.cell_type", &c)))
            .transpose()?,
        parent: r.try_get::<Option<i64>, _>("parent_id")?.map(OrgId),
        period: Period::new(
            parse_date("valid_from", &r.try_get::<String, _>("valid_from")?)?,
            parse_opt_date("valid_until", r.try_get("valid_until")?)?,
        )?,
    })
}

pub(crate) async fn load_versions<'e, E: Executor<'e, Database = Any>>(
    exec: E,
) -> Result<Vec<OrgVersion>> {
    let rows = sqlx::query(&format!(
        "SELECT {VERSION_COLUMNS} FROM org_version ORDER BY org_id, valid_from"
    ))
    .fetch_all(exec)
    .await?;
    rows.iter().map(version_from_row).collect()
}

async fn insert_version(tx: &mut Transaction<'_, Any>, v: &OrgVersion) -> Result<()> {
    sqlx::query(
        "INSERT INTO org_version (org_id, kind, name, cell_type, parent_id, valid_from, valid_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(v.org.0)
    .bind(v.kind.code())
    .bind(v.name.as_str())
    .bind(v.cell_type.map(|c| c.code()))
    .bind(v.parent.map(|p| p.0))
    .bind(date_text(v.period.from()))
    .bind(opt_date_text(v.period.until()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The organisation tree changes rarely and is read by nearly every request, so it is
/// cached. This process drops the cache whenever it writes the tree; other servers sharing
/// the database see a change after at most [`TREE_TTL`].
#[derive(Clone, Debug, Default)]
pub(crate) struct TreeCache(Arc<RwLock<Option<CachedTree>>>);

/// When the tree was loaded, and the tree.
type CachedTree = (Instant, Arc<OrgTree>);

pub const TREE_TTL: Duration = Duration::from_secs(30);

impl TreeCache {
    fn get(&self) -> Option<Arc<OrgTree>> {
        let guard = self.0.read().ok()?;
        guard
            .as_ref()
            .filter(|(at, _)| at.elapsed() < TREE_TTL)
            .map(|(_, t)| Arc::clone(t))
    }

    fn put(&self, tree: Arc<OrgTree>) {
        if let Ok(mut guard) = self.0.write() {
            *guard = Some((Instant::now(), tree));
        }
    }

    pub(crate) fn clear(&self) {
        if let Ok(mut guard) = self.0.write() {
            *guard = None;
        }
    }
}

/// A cell congress; a term starts the day after it closes (DOC-05 numbering restarts).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CongressRecord {
    pub org: OrgId,
    pub closed_on: Date,
}

impl Store {
    /// The whole dated tree. A province holds thousands of nodes at most, which fits in
    /// memory comfortably; the domain answers every tree question from this snapshot.
    pub async fn org_tree(&self) -> Result<Arc<OrgTree>> {
        if let Some(tree) = self.tree_cache.get() {
            return Ok(tree);
        }
        let tree = Arc::new(OrgTree::new(load_versions(self.pool()).await?));
        self.tree_cache.put(Arc::clone(&tree));
        Ok(tree)
    }

    /// Creates an organisation with its first version, validated against the tree.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_org(
        &self,
        actor: &Actor,
        kind: OrgKind,
        name: Name,
        cell_type: Option<CellType>,
        parent: Option<OrgId>,
        from: Date,
    ) -> Result<OrgId> {
        let mut tx = self.pool().begin().await?;
        let tree = OrgTree::new(load_versions(&mut *tx).await?);
        let row = sqlx::query("INSERT INTO org DEFAULT VALUES RETURNING id")
            .fetch_one(&mut *tx)
            .await?;
        let org = OrgId(row.try_get(0)?);
        let version = OrgVersion {
            org,
            kind,
            name,
            cell_type,
            parent,
            period: Period::starting(from),
        };
        tree.validate_new_version(&version)?;
        insert_version(&mut tx, &version).await?;
        let after = serde_json::to_value(&version)?;
        record(
            &mut tx,
            actor,
            "org.create",
            "org",
            &org.to_string(),
            Some(org),
            None,
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        self.tree_cache.clear();
        Ok(org)
    }

    /// Changes kind, name, type or parent from `from` on: closes the current version the day
    /// before and opens a new one (ORG-01). Refuses a move under the organisation's own
    /// descendant.
    pub async fn change_org(
        &self,
        actor: &Actor,
        org: OrgId,
        from: Date,
        change: OrgChange,
    ) -> Result<OrgVersion> {
        let mut tx = self.pool().begin().await?;
        let tree = OrgTree::new(load_versions(&mut *tx).await?);
        let before = tree
            .version_on(org, from)
            .cloned()
            .ok_or(StoreError::NotFound("org"))?;
        let (closed, next) = tree.plan_change(org, from, change)?;
        match &closed {
            Some(c) => {
                sqlx::query(
                    "UPDATE org_version SET valid_until = $1 WHERE org_id = $2 AND valid_from = $3",
                )
                .bind(opt_date_text(c.period.until()))
                .bind(org.0)
                .bind(date_text(c.period.from()))
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM org_version WHERE org_id = $1 AND valid_from = $2")
                    .bind(org.0)
                    .bind(date_text(before.period.from()))
                    .execute(&mut *tx)
                    .await?;
            }
        }
        insert_version(&mut tx, &next).await?;
        let (b, a) = (serde_json::to_value(&before)?, serde_json::to_value(&next)?);
        record(
            &mut tx,
            actor,
            "org.change",
            "org",
            &org.to_string(),
            Some(org),
            Some(&b),
            Some(&a),
        )
        .await?;
        tx.commit().await?;
        self.tree_cache.clear();
        Ok(next)
    }

    /// Ends an organisation on `last_day` (ORG-01): its version in force is closed.
    pub async fn close_org(&self, actor: &Actor, org: OrgId, last_day: Date) -> Result<OrgVersion> {
        let mut tx = self.pool().begin().await?;
        let tree = OrgTree::new(load_versions(&mut *tx).await?);
        let before = tree
            .version_on(org, last_day)
            .cloned()
            .ok_or(StoreError::NotFound("org"))?;
        let closed = tree.plan_close(org, last_day)?;
        sqlx::query(
            "UPDATE org_version SET valid_until = $1 WHERE org_id = $2 AND valid_from = $3",
        )
        .bind(opt_date_text(closed.period.until()))
        .bind(org.0)
        .bind(date_text(closed.period.from()))
        .execute(&mut *tx)
        .await?;
        let (b, a) = (
            serde_json::to_value(&before)?,
            serde_json::to_value(&closed)?,
        );
        record(
            &mut tx,
            actor,
            "org.close",
            "org",
            &org.to_string(),
            Some(org),
            Some(&b),
            Some(&a),
        )
        .await?;
        tx.commit().await?;
        self.tree_cache.clear();
        Ok(closed)
    }

    pub async fn add_congress(&self, actor: &Actor, org: OrgId, closed_on: Date) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("INSERT INTO congress (org_id, closed_on) VALUES ($1, $2)")
            .bind(org.0)
            .bind(date_text(closed_on))
            .execute(&mut *tx)
            .await?;
        let after = serde_json::to_value(CongressRecord { org, closed_on })?;
        record(
            &mut tx,
            actor,
            "congress.create",
            "org",
            &org.to_string(),
            Some(org),
            None,
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn congresses(&self, org: OrgId) -> Result<Vec<CongressRecord>> {
        let rows =
            sqlx::query("SELECT closed_on FROM congress WHERE org_id = $1 ORDER BY closed_on")
                .bind(org.0)
                .fetch_all(self.pool())
                .await?;
        rows.iter()
            .map(|r| {
                Ok(CongressRecord {
                    org,
                    closed_on: parse_date("closed_on", &r.try_get::<String, _>(0)?)?,
                })
            })
            .collect()
    }
}
