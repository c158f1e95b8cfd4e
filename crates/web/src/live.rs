//! The live hub: members' phones and the projector follow a meeting being chaired over
//! server-sent events (`GET /api/v1/meetings/{id}/events`, see `api/live.rs`).
//!
//! One [`watch`] channel per watched meeting holds the latest serialised
//! [`LiveState`](chibo_app::live::LiveState); it is created by the first watcher and dropped
//! when the last one leaves. One background task follows the store's change feed
//! ([`Store::meeting_changes`]): for each changed meeting that has watchers it loads the view
//! once, serialises it once and publishes it. A watch channel keeps only the latest value, so
//! a slow phone skips straight to the newest state instead of queueing. Refreshes are at
//! least [`MIN_REFRESH_INTERVAL`] apart, so a burst of writes costs one load per meeting and
//! interval rather than one per write. When the feed lags
//! (or another server's changes may have been missed), every watched meeting is refreshed.
//!
//! Several servers on one PostgreSQL database each run their own hub, fed by `NOTIFY` through
//! the store; nothing here is shared between servers.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, Weak};

use chibo_app::AppError;
use chibo_domain::MeetingId;
use chibo_store::{MeetingChange, Store};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};

/// The feed task refreshes at most this often: the first change after a quiet spell goes out
/// at once; under a burst of writes, the changes of this interval are gathered and each
/// changed meeting is loaded once for all of them (phones need no more than ten states a
/// second, and the server is spared a load per write).
pub const MIN_REFRESH_INTERVAL: std::time::Duration = std::time::Duration::from_millis(100);

/// A published state: the meeting's version and its JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub version: i64,
    pub json: Arc<str>,
}

type Latest = Option<Published>;

struct Slot {
    tx: watch::Sender<Latest>,
    watchers: usize,
}

struct Inner {
    store: Store,
    slots: Mutex<HashMap<MeetingId, Slot>>,
    /// Whether the feed task runs (started by the first watcher, inside the runtime).
    running: Mutex<bool>,
    /// Set when the server shuts down: every stream ends, so the graceful shutdown does not
    /// wait for phones that would never hang up.
    closing: watch::Sender<bool>,
}

/// Shared by every request (in [`crate::AppState`]); cheap to clone.
#[derive(Clone)]
pub struct LiveHub {
    inner: Arc<Inner>,
}

/// One watcher of one meeting: the latest state and each newer one. Dropping it leaves (the
/// meeting's channel goes with its last watcher).
pub struct Watcher {
    pub rx: watch::Receiver<Latest>,
    /// Turns true when the server shuts down.
    pub closing: watch::Receiver<bool>,
    id: MeetingId,
    hub: Weak<Inner>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        if let Some(inner) = self.hub.upgrade() {
            if let Ok(mut slots) = inner.slots.lock() {
                if let Some(slot) = slots.get_mut(&self.id) {
                    slot.watchers = slot.watchers.saturating_sub(1);
                    if slot.watchers == 0 {
                        slots.remove(&self.id);
                    }
                }
            }
        }
    }
}

impl std::fmt::Debug for LiveHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveHub")
            .field("watched", &self.watched().len())
            .finish()
    }
}

impl LiveHub {
    pub fn new(store: Store) -> Self {
        Self {
            inner: Arc::new(Inner {
                store,
                slots: Mutex::new(HashMap::new()),
                running: Mutex::new(false),
                closing: watch::channel(false).0,
            }),
        }
    }

    /// Ends every stream (server shutdown).
    pub fn close(&self) {
        self.inner.closing.send_replace(true);
    }

    /// The meetings watched now.
    pub fn watched(&self) -> Vec<MeetingId> {
        self.inner
            .slots
            .lock()
            .map(|s| s.keys().copied().collect())
            .unwrap_or_default()
    }

    /// How many watch `id` now (tests, diagnostics).
    pub fn watchers(&self, id: MeetingId) -> usize {
        self.inner
            .slots
            .lock()
            .ok()
            .and_then(|s| s.get(&id).map(|slot| slot.watchers))
            .unwrap_or(0)
    }

    /// Starts following the change feed, once, from inside the runtime. Subscribing happens
    /// here, before any state is loaded, so no change between a load and the subscription is
    /// missed.
    fn ensure_running(&self) {
        let Ok(mut running) = self.inner.running.lock() else {
            return;
        };
        if *running {
            return;
        }
        let Ok(handle) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let feed = self.inner.store.meeting_changes();
        handle.spawn(follow(Arc::downgrade(&self.inner), feed));
        *running = true;
    }

    /// Watches meeting `id`: the returned watcher holds the latest state (loaded now if
    /// nobody watched it yet). The caller has checked access.
    pub async fn watch(&self, id: MeetingId) -> Result<Watcher, AppError> {
        self.ensure_running();
        let (rx, fresh) = {
            let mut slots = self
                .inner
                .slots
                .lock()
                .map_err(|_| AppError::Internal("live hub lock".into()))?;
            let slot = slots.entry(id).or_insert_with(|| Slot {
                tx: watch::channel(None).0,
                watchers: 0,
            });
            slot.watchers += 1;
            let rx = slot.tx.subscribe();
            let fresh = rx.borrow().is_none();
            (rx, fresh)
        };
        let watcher = Watcher {
            rx,
            closing: self.inner.closing.subscribe(),
            id,
            hub: Arc::downgrade(&self.inner),
        };
        if fresh {
            // The slot exists (and is registered) before this load, so a change committed
            // meanwhile is published by the feed task too; versions only move forward.
            refresh(&self.inner, id).await?;
        }
        Ok(watcher)
    }

    /// Loads and publishes the state of `id` now, if it is watched (for tests and callers
    /// that changed a meeting outside the store's feed, which no one should).
    pub async fn refresh(&self, id: MeetingId) -> Result<(), AppError> {
        refresh(&self.inner, id).await
    }
}

/// The sender of a watched meeting, if it is watched.
fn sender(inner: &Inner, id: MeetingId) -> Option<watch::Sender<Latest>> {
    inner.slots.lock().ok()?.get(&id).map(|s| s.tx.clone())
}

/// Loads the view once, serialises it once, and publishes it unless a newer version is
/// already published (a watcher's first load may finish after the feed task's).
async fn refresh(inner: &Inner, id: MeetingId) -> Result<(), AppError> {
    if sender(inner, id).is_none() {
        return Ok(());
    }
    let state = chibo_app::live::load(&inner.store, id).await?;
    let json: Arc<str> = serde_json::to_string(&state)
        .map_err(|e| AppError::Internal(e.to_string()))?
        .into();
    let published = Published {
        version: state.version,
        json,
    };
    if let Some(tx) = sender(inner, id) {
        tx.send_if_modified(|latest| match latest {
            Some(p) if p.version >= published.version => false,
            _ => {
                *latest = Some(published);
                true
            }
        });
    }
    Ok(())
}

/// The feed task: drains every change available (waiting for [`MIN_REFRESH_INTERVAL`] since
/// the previous round first), then refreshes each changed meeting that is watched, once,
/// the meetings concurrently.
async fn follow(hub: Weak<Inner>, mut feed: broadcast::Receiver<MeetingChange>) {
    let mut last: Option<tokio::time::Instant> = None;
    loop {
        let first = feed.recv().await;
        if let Some(last) = last {
            tokio::time::sleep_until(last + MIN_REFRESH_INTERVAL).await;
        }
        last = Some(tokio::time::Instant::now());
        let Some(inner) = hub.upgrade() else {
            return;
        };
        let mut changed = BTreeSet::new();
        let mut everything = false;
        let mut next = first;
        loop {
            match next {
                Ok(MeetingChange::Meeting(id)) => {
                    changed.insert(id);
                }
                Ok(MeetingChange::Unknown) | Err(RecvError::Lagged(_)) => everything = true,
                Err(RecvError::Closed) => return,
            }
            next = match feed.try_recv() {
                Ok(c) => Ok(c),
                Err(broadcast::error::TryRecvError::Lagged(n)) => Err(RecvError::Lagged(n)),
                Err(broadcast::error::TryRecvError::Closed) => Err(RecvError::Closed),
                Err(broadcast::error::TryRecvError::Empty) => break,
            };
        }
        let watched: BTreeSet<MeetingId> = inner
            .slots
            .lock()
            .map(|s| s.keys().copied().collect())
            .unwrap_or_default();
        let targets: Vec<MeetingId> = if everything {
            watched.into_iter().collect()
        } else {
            changed.intersection(&watched).copied().collect()
        };
        // The changed meetings side by side (each one load; on PostgreSQL the queries of
        // one view are round trips that would otherwise queue behind each other's).
        let mut loads = tokio::task::JoinSet::new();
        for id in targets {
            let inner = Arc::clone(&inner);
            loads.spawn(async move {
                if let Err(e) = refresh(&inner, id).await {
                    tracing::warn!(meeting = %id, error = %e, "live view not refreshed");
                }
            });
        }
        while loads.join_next().await.is_some() {}
    }
}
