//! The one write path: a [`UnitOfWork`] is one transaction, handed out by [`Store::write`],
//! through which every mutation goes. Repositories (`w.orgs()`, `w.people()`, `w.users()`,
//! `w.settings()`) write inside it and record their typed [`AuditAction`] in the same
//! transaction; [`UnitOfWork::commit`] refuses to commit a unit that recorded none. App use
//! cases compose several repository calls in one unit, so either all of them land with their
//! audit events or none does. Dropping a unit without committing rolls it back.

use chibo_domain::OrgId;

use crate::audit::{self, Actor, AuditAction};
use crate::db::{Conn, Tx};
use crate::{Result, Store, StoreError};

/// Which cached read models a unit of work made stale.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Touched {
    pub tree: bool,
    pub people: bool,
    pub users: bool,
    /// A meeting was created or changed (the cached meeting lists of cells).
    pub meetings: bool,
}

pub struct UnitOfWork {
    store: Store,
    tx: Tx,
    actor: Actor,
    audited: usize,
    touched: Touched,
}

impl Store {
    /// Opens a unit of work for `actor`. See the module documentation.
    pub async fn write(&self, actor: &Actor) -> Result<UnitOfWork> {
        let tx = self.pool.begin(&self.counter).await?;
        Ok(UnitOfWork {
            store: self.clone(),
            tx,
            actor: actor.clone(),
            audited: 0,
            touched: Touched::default(),
        })
    }
}

impl UnitOfWork {
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub(crate) fn conn(&mut self) -> Conn<'_> {
        self.tx.conn()
    }

    pub(crate) fn touch(&mut self, f: impl FnOnce(&mut Touched)) {
        f(&mut self.touched);
    }

    /// Records what this unit did. Repositories call it next to each change.
    pub(crate) async fn audit(
        &mut self,
        action: AuditAction,
        entity_id: &str,
        org: Option<OrgId>,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> Result<()> {
        let actor = self.actor.clone();
        audit::record(
            &mut self.tx.conn(),
            &actor,
            action,
            entity_id,
            org,
            before,
            after,
        )
        .await?;
        self.audited += 1;
        Ok(())
    }

    /// Commits the changes and their audit events together, then drops the cached read
    /// models they made stale (on PostgreSQL every server is told through `NOTIFY`, sent in
    /// the transaction so it is delivered only if the commit succeeds).
    pub async fn commit(mut self) -> Result<()> {
        if self.audited == 0 {
            return Err(StoreError::NotAudited);
        }
        let touched = self.touched;
        if touched != Touched::default() {
            crate::cache::notify_in_tx(&mut self.tx.conn(), touched).await?;
        }
        self.tx.commit().await?;
        self.store.caches.invalidate(touched);
        Ok(())
    }
}
