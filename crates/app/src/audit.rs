//! The audit log as people read it: who did what to whom, and what changed, instead of
//! raw codes. The store keeps each event's record before and after as JSON; this module
//! resolves the names and lists the fields that differ.

use std::collections::HashMap;

use chibo_domain::{OrgId, PersonId};
use chibo_store::{AuditAction, AuditQuery, Store};
use serde_json::Value;
use time::Date;

use crate::error::AppError;

/// Who the log is filtered to, besides the organisation's subtree.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub person: Option<PersonId>,
    /// First and last civil day (Vietnam time) of the events shown.
    pub from: Option<Date>,
    pub until: Option<Date>,
    /// Show events older than this id (the "older" link of the previous page).
    pub before_id: Option<i64>,
}

/// One changed field: its key (the last segment of its JSON path) and the values before
/// and after, as text (`None`: absent or empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    /// The acting login's person name, or its login, or `None` for the system.
    pub actor: Option<String>,
    /// `system:<command>` actions, e.g. `demo`.
    pub system: Option<String>,
    pub action: Option<AuditAction>,
    pub action_code: String,
    /// The person or organisation the event is about, by name when it can be resolved.
    pub target: String,
    pub target_person: Option<PersonId>,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone)]
pub struct AuditView {
    pub rows: Vec<AuditRow>,
    /// Pass as `before_id` for the next (older) page; `None` on the last page.
    pub older: Option<i64>,
}

/// Events shown per page.
pub const PAGE: i64 = 50;

/// Seconds of the UTC+7 offset: a civil day in Vietnam starts at 17:00 UTC the day before.
pub(crate) const VN_OFFSET: i64 = 7 * 3600;

fn day_start(d: Date) -> i64 {
    d.midnight().assume_utc().unix_timestamp() - VN_OFFSET
}

/// The events about `orgs` (a subtree) matching `filter`, newest first, one page.
pub async fn audit_view(
    store: &Store,
    orgs: Vec<OrgId>,
    filter: &AuditFilter,
) -> Result<AuditView, AppError> {
    let query = AuditQuery {
        orgs: Some(orgs),
        entity: filter
            .person
            .map(|p| ("person".to_string(), p.0.to_string())),
        before_id: filter.before_id,
        since: filter.from.map(day_start),
        until: filter
            .until
            .and_then(|d| d.next_day())
            .map(|d| day_start(d) - 1),
        limit: PAGE + 1,
    };
    let mut events = store.audit_events(&query).await?;
    let more = events.len() as i64 > PAGE;
    events.truncate(PAGE as usize);
    let tree = store.org_tree().await?;
    let mut people: HashMap<i64, Option<String>> = HashMap::new();
    let mut logins: HashMap<String, Option<String>> = HashMap::new();
    let mut rows = Vec::with_capacity(events.len());
    for e in events {
        let (actor, system) = match e.actor.strip_prefix("system:") {
            Some(cmd) => (None, Some(cmd.to_string())),
            None => {
                let login = e.actor.clone();
                let name = match logins.get(&login) {
                    Some(n) => n.clone(),
                    None => {
                        let n = match store.user_by_login(&login).await?.and_then(|u| u.person) {
                            Some(p) => store
                                .person(p)
                                .await?
                                .map(|r| r.person.full_name.to_string()),
                            None => None,
                        };
                        logins.insert(login.clone(), n.clone());
                        n
                    }
                };
                (Some(name.unwrap_or(login)), None)
            }
        };
        let (target, target_person) = match e.entity.as_str() {
            "person" => {
                let id = e.entity_id.parse::<i64>().unwrap_or_default();
                let name = match people.get(&id) {
                    Some(n) => n.clone(),
                    None => {
                        let n = store
                            .person(PersonId(id))
                            .await?
                            .map(|r| r.person.full_name.to_string());
                        people.insert(id, n.clone());
                        n
                    }
                };
                (name.unwrap_or_else(|| format!("#{id}")), Some(PersonId(id)))
            }
            "org" => {
                let id = OrgId(e.entity_id.parse::<i64>().unwrap_or_default());
                let name = tree
                    .history(id)
                    .last()
                    .map(|v| v.name.to_string())
                    .unwrap_or_else(|| format!("#{}", id.0));
                (name, None)
            }
            _ => (e.entity_id.clone(), None),
        };
        rows.push(AuditRow {
            id: e.id,
            at: e.at,
            actor,
            system,
            action: AuditAction::from_code(&e.action),
            action_code: e.action.clone(),
            target,
            target_person,
            changes: changes(e.before.as_ref(), e.after.as_ref()),
        });
    }
    let older = if more {
        rows.last().map(|r| r.id)
    } else {
        None
    };
    Ok(AuditView { rows, older })
}

/// The leaves of a JSON record by path (`person.full_name`), scalars as text.
fn leaves(prefix: &str, v: &Value, out: &mut Vec<(String, Option<String>)>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(&path, v, out);
            }
        }
        Value::Null => out.push((prefix.to_string(), None)),
        Value::String(s) if s.is_empty() => out.push((prefix.to_string(), None)),
        Value::String(s) => out.push((prefix.to_string(), Some(s.clone()))),
        Value::Array(items) => {
            let text: Vec<String> = items
                .iter()
                .map(|i| match i {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect();
            out.push((
                prefix.to_string(),
                (!text.is_empty()).then(|| text.join(", ")),
            ));
        }
        other => out.push((prefix.to_string(), Some(other.to_string()))),
    }
}

/// The fields that differ between the record before and after, by path (then fields only
/// the record before had). Bookkeeping (`version`, ids) is left
/// out; a field's key is the last segment of its path.
pub fn changes(before: Option<&Value>, after: Option<&Value>) -> Vec<Change> {
    let mut b = Vec::new();
    let mut a = Vec::new();
    if let Some(v) = before {
        leaves("", v, &mut b);
    }
    if let Some(v) = after {
        leaves("", v, &mut a);
    }
    let skip = |path: &str| {
        let last = path.rsplit('.').next().unwrap_or(path);
        matches!(last, "version" | "id") || path == "member.person"
    };
    let before_of: HashMap<&str, &Option<String>> =
        b.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let mut out = Vec::new();
    for (path, value) in &a {
        let old = before_of.get(path.as_str()).copied().cloned().flatten();
        if skip(path) || old == *value {
            continue;
        }
        out.push(Change {
            field: path.rsplit('.').next().unwrap_or(path).to_string(),
            before: old,
            after: value.clone(),
        });
    }
    let after_keys: std::collections::HashSet<&str> = a.iter().map(|(k, _)| k.as_str()).collect();
    for (path, value) in &b {
        if skip(path) || after_keys.contains(path.as_str()) || value.is_none() {
            continue;
        }
        out.push(Change {
            field: path.rsplit('.').next().unwrap_or(path).to_string(),
            before: value.clone(),
            after: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_list_what_differs_without_bookkeeping() {
        let before = json!({"person": {"id": 5, "full_name": "Lò Văn A", "phone": null},
                            "member": {"person": 5, "card_number": "1"}, "version": 1});
        let after = json!({"person": {"id": 5, "full_name": "Lò Văn Á", "phone": "0912"},
                           "member": {"person": 5, "card_number": "1"}, "version": 2});
        assert_eq!(
            changes(Some(&before), Some(&after)),
            vec![
                Change {
                    field: "full_name".into(),
                    before: Some("Lò Văn A".into()),
                    after: Some("Lò Văn Á".into())
                },
                Change {
                    field: "phone".into(),
                    before: None,
                    after: Some("0912".into())
                },
            ]
        );
    }

    #[test]
    fn a_creation_lists_every_field_it_set() {
        let after = json!({"org": 3, "kind": "cell", "name": "Chi bộ", "period": {"from": "2024-01-01", "until": null}});
        let c = changes(None, Some(&after));
        let fields: Vec<&str> = c.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["kind", "name", "org", "from"]);
        assert!(c.iter().all(|c| c.before.is_none()));
    }
}
