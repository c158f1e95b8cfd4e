//! Use cases on the organisation tree (ORG-01). Handlers and CLI commands parse, call one of
//! these and render; each runs in one unit of work.

use chibo_domain::org::{OrgChange, OrgVersion};
use chibo_domain::OrgId;
use chibo_store::{Actor, Store};
use time::Date;

use crate::error::AppError;
use crate::input::{OrgFields, OrgInput};

/// Creates an organisation under `parent` from a form or JSON body; returns it and the date
/// its first version starts.
pub async fn create_child(
    store: &Store,
    actor: &Actor,
    parent: OrgId,
    input: &OrgInput,
) -> Result<(OrgId, Date), AppError> {
    let mut input = input.clone();
    input.parent = Some(parent.0.to_string());
    let f: OrgFields = input.parse().map_err(AppError::Invalid)?;
    let mut w = store.write(actor).await?;
    let org = w
        .orgs()
        .create(f.kind, f.name, f.cell_type, Some(parent), f.from)
        .await?;
    w.commit().await?;
    Ok((org, f.from))
}

/// Applies a dated change (kind, name, type, parent) to an organisation.
pub async fn change(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    from: Date,
    change: OrgChange,
) -> Result<OrgVersion, AppError> {
    let mut w = store.write(actor).await?;
    let next = w.orgs().change(org, from, change, None).await?;
    w.commit().await?;
    Ok(next)
}

/// Saves the organisation edit form: every field, from the given date.
pub async fn edit(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    input: &OrgInput,
) -> Result<(), AppError> {
    let f = input.parse().map_err(AppError::Invalid)?;
    let next = OrgChange {
        kind: Some(f.kind),
        name: Some(f.name),
        cell_type: Some(f.cell_type),
        parent: Some(f.parent),
    };
    change(store, actor, org, f.from, next).await.map(|_| ())
}

/// Ends an organisation on `last_day`.
pub async fn close(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    last_day: Date,
) -> Result<OrgVersion, AppError> {
    let mut w = store.write(actor).await?;
    let closed = w.orgs().close(org, last_day).await?;
    w.commit().await?;
    Ok(closed)
}
