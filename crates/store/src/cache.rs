//! Read models that nearly every request needs (the dated tree, a cell's records, a user's
//! access data) are cached in memory and dropped when a unit of work that touched them
//! commits. Each cache remembers the generation it was filled at; a commit bumps the
//! generation of what it touched, so a value loaded concurrently with a write is never kept.
//!
//! Several servers on one PostgreSQL database hear of each other's commits through
//! `LISTEN/NOTIFY` on [`CHANNEL`]; when the listening connection drops, everything is
//! dropped (a notification may have been missed). SQLite is embedded, but the CLI may write
//! the same file from another process: [`ExternalWrites`] notices.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use chibo_domain::org::OrgTree;
use chibo_domain::OrgId;

use crate::db::{q_exec, Conn, Pool};
use crate::meetings::{CarriedTask, MeetingSummary};
use crate::people::CellRecords;
use crate::uow::Touched;
use crate::users::{AccessRecords, SessionContext};
use crate::Store;
use chibo_domain::meeting::roll_call::AttendanceRecord;

pub(crate) const CHANNEL: &str = "chibo_cache";

#[derive(Debug, Default)]
pub(crate) struct Caches {
    tree_gen: AtomicU64,
    people_gen: AtomicU64,
    users_gen: AtomicU64,
    meetings_gen: AtomicU64,
    tree: RwLock<Option<(u64, Arc<OrgTree>)>>,
    cells: GenMap<OrgId, CellRecords>,
    access: GenMap<i64, AccessRecords>,
    sessions: GenMap<String, SessionContext>,
    /// A cell's meetings of a year (the cell page's list).
    meeting_lists: GenMap<(OrgId, i32), Vec<MeetingSummary>>,
    /// A cell's tasks not yet reviewed as done (the cell page's open tasks).
    open_tasks: GenMap<OrgId, Vec<CarriedTask>>,
    /// A cell's attendance at the meetings it held in a year (MTG-ATT-08 on the cell page).
    attendance: GenMap<(OrgId, i32), Vec<AttendanceRecord>>,
    external: ExternalWrites,
    /// PostgreSQL: set while this server is not listening for other servers' commits
    /// (before the listener's first LISTEN, and while it reconnects). Nothing cached is
    /// served then, since a notification could be missed.
    deaf: std::sync::atomic::AtomicBool,
}

/// SQLite is embedded, but other processes may write the same file: the `chibo` CLI
/// (`user passwd` must end the sessions a running server holds, `demo`, `restore`). Every
/// commit appends to the `-wal` file, so a change of its size or time (one `stat`, no
/// query) means someone wrote: everything cached is dropped. Our own commits trip it too,
/// harmlessly (they drop what they touched anyway).
#[derive(Debug, Default)]
struct ExternalWrites {
    wal: Option<std::path::PathBuf>,
    seen: std::sync::Mutex<Option<(u64, std::time::SystemTime)>>,
}

impl ExternalWrites {
    fn changed(&self) -> bool {
        let Some(wal) = &self.wal else {
            return false;
        };
        let now = std::fs::metadata(wal)
            .ok()
            .and_then(|m| Some((m.len(), m.modified().ok()?)));
        let Ok(mut seen) = self.seen.lock() else {
            return true;
        };
        if *seen == now {
            return false;
        }
        *seen = now;
        true
    }
}

/// Values filled at one generation; emptied as soon as a value of a newer generation comes,
/// and bounded in size.
#[derive(Debug)]
struct GenMap<K, V>(RwLock<(u64, HashMap<K, Arc<V>>)>);

impl<K, V> Default for GenMap<K, V> {
    fn default() -> Self {
        Self(RwLock::new((0, HashMap::new())))
    }
}

impl<K: std::hash::Hash + Eq, V> GenMap<K, V> {
    fn get<Q>(&self, current: u64, key: &Q) -> Option<Arc<V>>
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        let guard = self.0.read().ok()?;
        if guard.0 != current {
            return None;
        }
        guard.1.get(key).cloned()
    }

    /// Keeps `value`, loaded at generation `gen`, unless the generation moved on meanwhile.
    fn put(&self, gen: u64, current: u64, key: K, value: Arc<V>, max: usize) {
        if let Ok(mut guard) = self.0.write() {
            if guard.0 != gen || guard.1.len() >= max {
                guard.0 = gen;
                guard.1.clear();
            }
            if gen == current {
                guard.1.insert(key, value);
            }
        }
    }
}

/// A cell's records are kept for at most this many cells (a server serves a province;
/// the busy cells of a day fit comfortably).
const MAX_CELLS: usize = 4096;
const MAX_USERS: usize = 16384;

impl Caches {
    /// Caches of a SQLite database file, watching it for writes by other processes.
    pub(crate) fn watching(db_file: &str) -> Self {
        Self {
            external: ExternalWrites {
                wal: Some(format!("{db_file}-wal").into()),
                seen: Default::default(),
            },
            ..Default::default()
        }
    }

    /// Caches of a PostgreSQL database: deaf until the listener is up.
    pub(crate) fn listening_later() -> Self {
        Self {
            deaf: std::sync::atomic::AtomicBool::new(true),
            ..Default::default()
        }
    }

    fn set_deaf(&self, deaf: bool) {
        self.deaf.store(deaf, Ordering::SeqCst);
        // Whatever was cached while deaf (or just before) may be stale.
        self.invalidate_all();
    }

    /// Drops everything if another process wrote the database since the last look; says
    /// whether the caches may be read at all.
    fn sync_external(&self) -> bool {
        if self.external.changed() {
            self.invalidate_all();
        }
        !self.deaf.load(Ordering::SeqCst)
    }
    pub(crate) fn invalidate(&self, t: Touched) {
        if t.tree {
            self.tree_gen.fetch_add(1, Ordering::SeqCst);
        }
        if t.people {
            self.people_gen.fetch_add(1, Ordering::SeqCst);
        }
        if t.users {
            self.users_gen.fetch_add(1, Ordering::SeqCst);
        }
        if t.meetings {
            self.meetings_gen.fetch_add(1, Ordering::SeqCst);
        }
    }

    pub(crate) fn invalidate_all(&self) {
        self.invalidate(Touched {
            tree: true,
            people: true,
            users: true,
            meetings: true,
        });
    }

    pub(crate) fn tree_generation(&self) -> u64 {
        self.tree_gen.load(Ordering::SeqCst)
    }

    pub(crate) fn tree(&self) -> Option<Arc<OrgTree>> {
        if !self.sync_external() {
            return None;
        }
        let guard = self.tree.read().ok()?;
        let (gen, tree) = guard.as_ref()?;
        (*gen == self.tree_generation()).then(|| Arc::clone(tree))
    }

    pub(crate) fn put_tree(&self, gen: u64, tree: Arc<OrgTree>) {
        if let Ok(mut guard) = self.tree.write() {
            *guard = Some((gen, tree));
        }
    }

    /// Cell records depend on people and on the tree (placements are checked against it).
    pub(crate) fn people_generation(&self) -> u64 {
        self.people_gen.load(Ordering::SeqCst)
    }

    pub(crate) fn cell(&self, org: OrgId) -> Option<Arc<CellRecords>> {
        if !self.sync_external() {
            return None;
        }
        self.cells.get(self.people_generation(), &org)
    }

    pub(crate) fn put_cell(&self, gen: u64, org: OrgId, records: Arc<CellRecords>) {
        self.cells
            .put(gen, self.people_generation(), org, records, MAX_CELLS);
    }

    /// A user's access data depends on their login (roles) and on their person's records.
    pub(crate) fn access_generation(&self) -> u64 {
        // Both counters only grow, so their sum grows whenever either does.
        self.users_gen
            .load(Ordering::SeqCst)
            .wrapping_add(self.people_generation())
    }

    pub(crate) fn access(&self, user: i64) -> Option<Arc<AccessRecords>> {
        if !self.sync_external() {
            return None;
        }
        self.access.get(self.access_generation(), &user)
    }

    /// A session's request context, keyed by the token's hash. Valid while neither users
    /// nor people changed (a log-out counts as a change to users).
    pub(crate) fn session(&self, token_hash: &str) -> Option<Arc<SessionContext>> {
        if !self.sync_external() {
            return None;
        }
        self.sessions.get(self.access_generation(), token_hash)
    }

    pub(crate) fn put_session(&self, gen: u64, token_hash: String, context: Arc<SessionContext>) {
        self.sessions.put(
            gen,
            self.access_generation(),
            token_hash,
            context,
            MAX_USERS,
        );
    }

    pub(crate) fn put_access(&self, gen: u64, user: i64, records: Arc<AccessRecords>) {
        self.access
            .put(gen, self.access_generation(), user, records, MAX_USERS);
    }
}

impl Caches {
    pub(crate) fn meetings_generation(&self) -> u64 {
        self.meetings_gen.load(Ordering::SeqCst)
    }

    pub(crate) fn meeting_list(&self, org: OrgId, year: i32) -> Option<Arc<Vec<MeetingSummary>>> {
        if !self.sync_external() {
            return None;
        }
        self.meeting_lists
            .get(self.meetings_generation(), &(org, year))
    }

    pub(crate) fn put_meeting_list(
        &self,
        gen: u64,
        org: OrgId,
        year: i32,
        list: Arc<Vec<MeetingSummary>>,
    ) {
        self.meeting_lists.put(
            gen,
            self.meetings_generation(),
            (org, year),
            list,
            MAX_CELLS,
        );
    }
}

impl Caches {
    pub(crate) fn open_tasks(&self, org: OrgId) -> Option<Arc<Vec<CarriedTask>>> {
        if !self.sync_external() {
            return None;
        }
        self.open_tasks.get(self.meetings_generation(), &org)
    }

    pub(crate) fn put_open_tasks(&self, gen: u64, org: OrgId, list: Arc<Vec<CarriedTask>>) {
        self.open_tasks
            .put(gen, self.meetings_generation(), org, list, MAX_CELLS);
    }

    pub(crate) fn attendance(&self, org: OrgId, year: i32) -> Option<Arc<Vec<AttendanceRecord>>> {
        if !self.sync_external() {
            return None;
        }
        self.attendance
            .get(self.meetings_generation(), &(org, year))
    }

    pub(crate) fn put_attendance(
        &self,
        gen: u64,
        org: OrgId,
        year: i32,
        list: Arc<Vec<AttendanceRecord>>,
    ) {
        self.attendance.put(
            gen,
            self.meetings_generation(),
            (org, year),
            list,
            MAX_CELLS,
        );
    }
}

fn payload(t: Touched) -> String {
    let mut parts = Vec::new();
    if t.tree {
        parts.push("tree");
    }
    if t.people {
        parts.push("people");
    }
    if t.users {
        parts.push("users");
    }
    if t.meetings {
        parts.push("meetings");
    }
    parts.join(",")
}

fn parse_payload(p: &str) -> Touched {
    Touched {
        tree: p.split(',').any(|x| x == "tree"),
        people: p.split(',').any(|x| x == "people"),
        users: p.split(',').any(|x| x == "users"),
        meetings: p.split(',').any(|x| x == "meetings"),
    }
}

/// Tells the other servers, inside the committing transaction (PostgreSQL delivers the
/// notification only on commit). Nothing to do on SQLite.
pub(crate) async fn notify_in_tx(conn: &mut Conn<'_>, t: Touched) -> crate::Result<()> {
    if let Conn::Postgres(..) = conn {
        q_exec!(conn, "SELECT pg_notify($1, $2)", CHANNEL, payload(t))?;
    }
    Ok(())
}

/// Starts the listener task of a PostgreSQL store (no-op on SQLite, or outside a runtime).
pub(crate) fn listen(store: &Store) {
    let Pool::Postgres(pool) = &store.pool else {
        return;
    };
    let Ok(handle) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let pool = pool.clone();
    let weak = Arc::downgrade(&store.caches);
    let feed = Arc::downgrade(&store.feed);
    handle.spawn(async move {
        let mut lost = false;
        loop {
            // (Re)connect and LISTEN; until then the caches stay deaf.
            let listener = async {
                let mut l = sqlx::postgres::PgListener::connect_with(&pool).await?;
                l.listen_all([CHANNEL, crate::feed::CHANNEL]).await?;
                Ok::<_, sqlx::Error>(l)
            }
            .await;
            let Some(caches) = weak.upgrade() else {
                return;
            };
            let mut listener = match listener {
                Ok(l) => l,
                Err(e) => {
                    if pool.is_closed() {
                        return;
                    }
                    tracing::warn!(error = %e, "cache listener could not LISTEN; retrying");
                    drop(caches);
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    continue;
                }
            };
            caches.set_deaf(false);
            drop(caches);
            if lost {
                // Other servers' meeting changes may have gone unheard meanwhile.
                if let Some(feed) = feed.upgrade() {
                    feed.announce_unknown();
                }
            }
            lost = true;
            loop {
                let next = listener.try_recv().await;
                let Some(caches) = weak.upgrade() else {
                    return;
                };
                match next {
                    Ok(Some(n)) if n.channel() == crate::feed::CHANNEL => {
                        if let Some(feed) = feed.upgrade() {
                            feed.forward(n.payload());
                        }
                    }
                    Ok(Some(n)) => caches.invalidate(parse_payload(n.payload())),
                    // The connection dropped: a notification may have been lost. Deaf until
                    // a new connection listens again.
                    Ok(None) | Err(_) => {
                        caches.set_deaf(true);
                        if pool.is_closed() {
                            return;
                        }
                        break;
                    }
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_round_trips() {
        let t = Touched {
            tree: true,
            people: false,
            users: true,
            meetings: true,
        };
        assert_eq!(parse_payload(&payload(t)), t);
        assert_eq!(parse_payload(""), Touched::default());
    }
}
