//! The one write path: a [`UnitOfWork`] is one transaction, handed out by [`Store::write`],
//! through which every mutation goes. Repositories (`w.orgs()`, `w.people()`, `w.users()`,
//! `w.settings()`) write inside it and record their typed [`AuditAction`] in the same
//! transaction; [`UnitOfWork::commit`] refuses to commit a unit that recorded none. App use
//! cases compose several repository calls in one unit, so either all of them land with their
//! audit events or none does. Dropping a unit without committing rolls it back.

use std::collections::BTreeSet;

use chibo_domain::{MeetingId, OrgId};

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
    /// SQLite: this process's turn to write, held until the unit ends (declared after `tx`,
    /// so the transaction ends first).
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
    actor: Actor,
    audited: usize,
    touched: Touched,
    /// Meetings this unit changed, announced on commit (see [`crate::feed`]).
    meetings: BTreeSet<MeetingId>,
}

impl Store {
    /// Opens a unit of work for `actor`. See the module documentation.
    ///
    /// SQLite admits one writer at a time. Units of this process queue for their turn on an
    /// async mutex, in order, before they take a connection; only writers of other processes
    /// (the CLI) wait on SQLite's busy timeout, whose retries sleep in steps of up to 100 ms
    /// and leave the lock idle meanwhile. A unit that waits longer than that timeout fails
    /// as SQLite would have.
    pub async fn write(&self, actor: &Actor) -> Result<UnitOfWork> {
        let turn = match &self.writer_turn {
            Some(turn) => Some(
                tokio::time::timeout(
                    crate::backend::SQLITE_BUSY_TIMEOUT,
                    turn.clone().lock_owned(),
                )
                .await
                .map_err(|_| StoreError::Database(sqlx::Error::PoolTimedOut))?,
            ),
            None => None,
        };
        let tx = self.pool.begin(&self.counter).await?;
        Ok(UnitOfWork {
            store: self.clone(),
            tx,
            _turn: turn,
            actor: actor.clone(),
            audited: 0,
            touched: Touched::default(),
            meetings: BTreeSet::new(),
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

    /// Records what this unit did. Repositories call it next to each change. A meeting
    /// action (`meeting.*`, whose entity is the meeting) also marks the meeting as changed,
    /// so that the commit announces it: no meeting write can skip the change feed.
    pub(crate) async fn audit(
        &mut self,
        action: AuditAction,
        entity_id: &str,
        org: Option<OrgId>,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> Result<()> {
        if action.is_meeting() {
            let id = entity_id
                .parse::<i64>()
                .map_err(|_| crate::codec::corrupt("audit_event.entity_id", entity_id))?;
            self.meetings.insert(MeetingId(id));
        }
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
    /// models they made stale and announces the meetings it changed
    /// ([`Store::meeting_changes`]). On PostgreSQL every server is told through `NOTIFY`,
    /// sent in the transaction so it is delivered only if the commit succeeds.
    pub async fn commit(mut self) -> Result<()> {
        if self.audited == 0 {
            return Err(StoreError::NotAudited);
        }
        let touched = self.touched;
        if touched != Touched::default() {
            crate::cache::notify_in_tx(&mut self.tx.conn(), touched).await?;
        }
        if !self.meetings.is_empty() {
            self.store
                .feed
                .notify_in_tx(&mut self.tx.conn(), &self.meetings)
                .await?;
        }
        self.tx.commit().await?;
        self.store.caches.invalidate(touched);
        self.store.feed.announce(&self.meetings);
        Ok(())
    }
}
