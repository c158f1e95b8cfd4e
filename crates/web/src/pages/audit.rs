//! The audit log of an organisation's subtree, as people read it: when, who, what was done
//! to whom, and which fields changed from what to what. Filterable by person and dates,
//! paged by "older" links that stay stable while new events arrive.

use askama::Template;
use axum::response::Response;
use chibo_app::audit::{audit_view, AuditFilter};
use chibo_domain::org::OrgTree;
use chibo_domain::{OrgId, PersonId};
use serde::Deserialize;

use super::{render, Layout};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

/// `?person=&from=&until=&before=` — all optional; dates dd/mm/yyyy or ISO.
#[derive(Debug, Default, Deserialize)]
pub struct AuditParams {
    pub person: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
    pub before: Option<String>,
}

struct ChangeLine {
    label: String,
    before: String,
    after: String,
}

struct Row {
    when: String,
    who: String,
    what: String,
    target: String,
    target_link: Option<String>,
    changes: Vec<ChangeLine>,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    l: Layout,
    org_id: i64,
    org_name: String,
    rows: Vec<Row>,
    from: String,
    until: String,
    person: String,
    person_name: Option<String>,
    filtered: bool,
    older: Option<String>,
}

/// Text of a stored value: organisations by name, enumeration codes by their label, ISO
/// dates as dd/mm/yyyy.
fn shown(ctx: &Ctx, tree: &OrgTree, field: &str, v: &Option<String>) -> String {
    let Some(v) = v else {
        return "—".into();
    };
    if matches!(field, "org" | "parent") {
        if let Some(version) = v.parse().ok().and_then(|id| tree.history(OrgId(id)).last()) {
            return version.name.to_string();
        }
    }
    if let Some(d) = chibo_app::input::parse_date(v) {
        if v.len() == 10 {
            return ctx.t.date(&d);
        }
    }
    match ctx.t.value(v) {
        "?" => v.clone(),
        label => label.to_string(),
    }
}

pub async fn page(
    state: &AppState,
    ctx: &Ctx,
    org: OrgId,
    params: &AuditParams,
) -> Result<Response, WebError> {
    let tree = state.store.org_tree().await?;
    let org_name = tree
        .version_on(org, ctx.today)
        .map(|v| v.name.to_string())
        .ok_or(WebError::NotFound)?;
    let date = |raw: &Option<String>| {
        raw.as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(chibo_app::input::parse_date)
    };
    let filter = AuditFilter {
        person: params
            .person
            .as_deref()
            .and_then(|p| p.parse().ok())
            .map(PersonId),
        from: date(&params.from),
        until: date(&params.until),
        before_id: params.before.as_deref().and_then(|b| b.parse().ok()),
    };
    let orgs = state.store.subtree_on(org, ctx.today).await?;
    let view = audit_view(&state.store, orgs, &filter).await?;
    let offset = time::UtcOffset::from_hms(crate::ctx::VN_OFFSET_HOURS, 0, 0)
        .unwrap_or(time::UtcOffset::UTC);
    let t = ctx.t;
    let person_name = view
        .rows
        .iter()
        .find(|r| r.target_person == filter.person && filter.person.is_some())
        .map(|r| r.target.clone());
    let rows = view
        .rows
        .into_iter()
        .map(|r| {
            let when = time::OffsetDateTime::from_unix_timestamp(r.at)
                .map(|d| d.to_offset(offset))
                .map(|d| format!("{} {:02}:{:02}", t.date(&d.date()), d.hour(), d.minute()))
                .unwrap_or_default();
            let who = match (&r.actor, &r.system) {
                (Some(name), _) => name.clone(),
                (None, Some(cmd)) => format!("{} ({cmd})", t.audit.audit_system),
                (None, None) => t.audit.audit_system.to_string(),
            };
            let what = match t.value(&r.action_code) {
                "?" => r.action_code.clone(),
                label => label.to_string(),
            };
            Row {
                when,
                who,
                what,
                target_link: r
                    .target_person
                    .map(|p| format!("/orgs/{}/audit?person={}", org.0, p.0)),
                target: r.target,
                changes: r
                    .changes
                    .iter()
                    .map(|c| ChangeLine {
                        label: match t.field(&c.field) {
                            "?" => c.field.clone(),
                            label => label.to_string(),
                        },
                        before: shown(ctx, &tree, &c.field, &c.before),
                        after: shown(ctx, &tree, &c.field, &c.after),
                    })
                    .collect(),
            }
        })
        .collect();
    let keep = |k: &str, v: &Option<String>| {
        v.as_deref()
            .filter(|s| !s.is_empty())
            .map(|s| format!("&{k}={}", urlencode(s)))
            .unwrap_or_default()
    };
    let older = view.older.map(|id| {
        format!(
            "/orgs/{}/audit?before={id}{}{}{}",
            org.0,
            keep("person", &params.person),
            keep("from", &params.from),
            keep("until", &params.until)
        )
    });
    render(&AuditPage {
        l: Layout::new(ctx, t.audit.audit_title),
        org_id: org.0,
        org_name,
        rows,
        from: filter.from.map(|d| t.date(&d)).unwrap_or_default(),
        until: filter.until.map(|d| t.date(&d)).unwrap_or_default(),
        person: filter.person.map(|p| p.0.to_string()).unwrap_or_default(),
        person_name,
        filtered: filter.person.is_some() || filter.from.is_some() || filter.until.is_some(),
        older,
    })
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|e| e.trim_start_matches('=').to_string())
        .unwrap_or_default()
}
