//! Audit events: who did what, when, with the record before and after. Written only through
//! [`record`], which takes the open transaction of the change it describes.

use chibo_domain::{OrgId, UserId};
use serde::Serialize;
use sqlx::{Any, Row, Transaction};

use crate::{Result, Store};

/// Who performs a mutation. The CLI acts as a named system actor; the web server as the
/// logged-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: Option<UserId>,
    /// Login, or `system:<command>` for the CLI and the demo loader.
    pub label: String,
    /// The instant of the request, Unix seconds (the domain never reads the clock).
    pub at: i64,
}

impl Actor {
    pub fn system(command: &str, at: i64) -> Self {
        Self {
            user: None,
            label: format!("system:{command}"),
            at,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditEvent {
    pub id: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub org_id: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Filter for reading the log: events about the given organisations (a subtree), newest
/// first.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub orgs: Option<Vec<OrgId>>,
    pub entity: Option<(String, String)>,
    pub limit: i64,
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn record(
    tx: &mut Transaction<'_, Any>,
    actor: &Actor,
    action: &str,
    entity: &str,
    entity_id: &str,
    org: Option<OrgId>,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_event (at, user_id, actor, action, entity, entity_id, org_id, before_json, after_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(actor.at)
    .bind(actor.user.map(|u| u.0))
    .bind(&actor.label)
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(org.map(|o| o.0))
    .bind(before.map(|v| v.to_string()))
    .bind(after.map(|v| v.to_string()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    pub async fn audit_events(&self, q: &AuditQuery) -> Result<Vec<AuditEvent>> {
        let limit = if q.limit <= 0 { 100 } else { q.limit.min(1000) };
        let rows = match (&q.orgs, &q.entity) {
            (_, Some((entity, id))) => {
                sqlx::query(
                    "SELECT id, at, user_id, actor, action, entity, entity_id, org_id, before_json, after_json
                     FROM audit_event WHERE entity = $1 AND entity_id = $2 ORDER BY id DESC LIMIT $3",
                )
                .bind(entity)
                .bind(id)
                .bind(limit)
                .fetch_all(self.pool())
                .await?
            }
            (Some(orgs), None) => {
                // Subtrees are small enough (a commune: tens of cells) to pass as a literal
                // list of integers; ids are i64 so no injection is possible.
                if orgs.is_empty() {
                    return Ok(Vec::new());
                }
                let list = orgs.iter().map(|o| o.0.to_string()).collect::<Vec<_>>().join(",");
                sqlx::query(&format!(
                    "SELECT id, at, user_id, actor, action, entity, entity_id, org_id, before_json, after_json
                     FROM audit_event WHERE org_id IN ({list}) ORDER BY id DESC LIMIT $1"
                ))
                .bind(limit)
                .fetch_all(self.pool())
                .await?
            }
            (None, None) => {
                sqlx::query(
                    "SELECT id, at, user_id, actor, action, entity, entity_id, org_id, before_json, after_json
                     FROM audit_event ORDER BY id DESC LIMIT $1",
                )
                .bind(limit)
                .fetch_all(self.pool())
                .await?
            }
        };
        rows.iter()
            .map(|r| {
                let json = |col: &str| -> Result<Option<serde_json::Value>> {
                    let text: Option<String> = r.try_get(col)?;
                    Ok(text.map(|t| serde_json::from_str(&t)).transpose()?)
                };
                Ok(AuditEvent {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    user_id: r.try_get("user_id")?,
                    actor: r.try_get("actor")?,
                    action: r.try_get("action")?,
                    entity: r.try_get("entity")?,
                    entity_id: r.try_get("entity_id")?,
                    org_id: r.try_get("org_id")?,
                    before: json("before_json")?,
                    after: json("after_json")?,
                })
            })
            .collect()
    }
}
