//! chibo's persistence: one [`Store`] over two real databases through their native sqlx
//! drivers, SQLite (embedded default) and PostgreSQL (large deployments).
//!
//! - Reads are methods on [`Store`]. Every write goes through a [`UnitOfWork`]
//!   ([`Store::write`]): one transaction, per-aggregate repositories, a typed audit event
//!   for each change, and no commit without one.
//! - SQL is written once where both dialects accept it (see [`db`] for the macros); what
//!   differs (schema DDL, array parameters, `NOTIFY`, backup tools) lives beside it, marked.
//! - The same conformance suite (`tests/conformance.rs`) runs on both backends, and
//!   `tests/schema_parity.rs` keeps their schemas in step. Only this crate contains SQL.

mod admissions;
mod audit;
mod backend;
mod backup;
mod cache;
mod calendar;
mod closure;
mod codec;
mod db;
mod documents;
mod error;
mod feed;
mod lifecycle;
mod meetings;
mod migrate;
mod minutes;
mod notices;
mod orgs;
mod people;
mod plans;
mod sandbox;
mod stamp;
mod tasks;
mod training;
mod training_bank;
mod uow;
mod users;

pub use admissions::{Admissions, CaseDocument, CaseDue, CaseRecord, CaseStep, NewCaseDocument};
pub use audit::{Actor, AuditAction, AuditEvent, AuditQuery, AUDIT_PAGE, AUDIT_PAGE_MAX};
pub use backend::Backend;
pub use backup::{
    lock_path, plan_restore, restore, sqlite_path, BackupProblem, DbCounts, RestorePlan, Restored,
    ServerLock,
};
pub use documents::DocumentRecord;
pub use error::StoreError;
pub use feed::MeetingChange;
pub use lifecycle::{Lifecycle, MemberEvent};
pub use meetings::{
    CarriedTask, ContributionRecord, DetailsDraft, MeetingDraft, MeetingFile, MeetingRecord,
    MeetingSummary, Meetings, TaskRecord, ThematicDraft, VoteDraft, VoteRecord,
};
pub use minutes::{content_hash, AddendumRecord, Approval, MinutesRecord};
pub use notices::{NoticeRecord, Notices, MEETING_PUBLISHED, NOTICES_SHOWN};
pub use orgs::{CongressRecord, Orgs};
pub use people::{CellRecords, People, PersonRecord};
pub use plans::{
    CellPlanRow, DirectiveRecord, PlanComment, PlanCounts, PlanFilter, PlanPageRow, PlanRecord,
    PlanRevisionRecord, PlanScope, PlanSort, Plans,
};
pub use stamp::Stamp;
pub use tasks::{progress_before, MinutesBookEntry, PersonAttendance, TaskReviewRecord};
pub use training::{
    ClassRecord, CommentRecord, CourseRecord, GroupRecord, InjectionRecord, MyGroup,
    ParticipantRecord, ParticipantRole, Training,
};
pub use training_bank::BankSituation;
pub use uow::UnitOfWork;
pub use users::{
    AccessRecords, LoginFailures, NewUser, SessionContext, SessionRecord, UserRecord, Users,
};

use std::str::FromStr;
use std::sync::Arc;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::cache::Caches;
use crate::db::{Lease, Pool, QueryCounter};
use crate::feed::MeetingFeed;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A handle on the database; cheap to clone (it shares the pool and the caches).
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
    backend: Backend,
    caches: Arc<Caches>,
    feed: Arc<MeetingFeed>,
    /// SQLite: the turn of this process's units of work (see [`Store::write`]).
    writer_turn: Option<Arc<tokio::sync::Mutex<()>>>,
    counter: QueryCounter,
}

impl Store {
    /// Opens (creating a SQLite file if needed) and migrates the database at `url`:
    /// `sqlite://path/to/chibo.db` or `postgres://user@host:port/db`.
    pub async fn open(url: &str) -> Result<Self> {
        let store = Self::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connects without migrating (for `chibo migrate --check` and tests of the migrator).
    pub async fn connect(url: &str) -> Result<Self> {
        let backend = Backend::from_url(url)?;
        let pool = match backend {
            Backend::Sqlite => {
                let url = backend.normalise_url(url);
                // WAL: readers never block the writer. The busy timeout makes a second
                // writer wait for the first instead of failing with "database is locked".
                let mut options = SqliteConnectOptions::from_str(&url)?
                    .busy_timeout(backend::SQLITE_BUSY_TIMEOUT)
                    .foreign_keys(true)
                    .synchronous(SqliteSynchronous::Normal);
                // A read-only snapshot (restore's checks) must not be switched to WAL.
                if !url.contains("mode=ro") {
                    options = options.journal_mode(SqliteJournalMode::Wal);
                }
                Pool::Sqlite(
                    SqlitePoolOptions::new()
                        .max_connections(backend.max_connections())
                        .connect_with(options)
                        .await?,
                )
            }
            Backend::Postgres => {
                // Named, so that restore can tell that a server still uses the database.
                let options = PgConnectOptions::from_str(url)?
                    .options([("timezone", "UTC")])
                    .application_name(backup::APPLICATION_NAME);
                Pool::Postgres(
                    PgPoolOptions::new()
                        .max_connections(backend.max_connections())
                        .connect_with(options)
                        .await?,
                )
            }
        };
        let caches = match backend {
            Backend::Sqlite if !url.contains(":memory:") => Caches::watching(&sqlite_path(url)),
            Backend::Sqlite => Caches::default(),
            Backend::Postgres => Caches::listening_later(),
        };
        let store = Self {
            pool,
            backend,
            caches: Arc::new(caches),
            feed: Arc::new(MeetingFeed::default()),
            writer_turn: (backend == Backend::Sqlite)
                .then(|| Arc::new(tokio::sync::Mutex::new(()))),
            counter: QueryCounter::default(),
        };
        cache::listen(&store);
        Ok(store)
    }

    /// The meetings that committed units of work changed, from now on: this server's own
    /// commits, and on PostgreSQL other servers' (through `LISTEN/NOTIFY`). Each unit
    /// announces each meeting it changed once, after its commit; a rolled-back unit
    /// announces nothing. See [`MeetingChange`].
    pub fn meeting_changes(&self) -> tokio::sync::broadcast::Receiver<MeetingChange> {
        self.feed.subscribe()
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub(crate) async fn lease(&self) -> Result<Lease> {
        self.pool.lease(&self.counter).await
    }

    /// How many statements this store (and its clones) has run so far. Tests take the
    /// difference around a request to pin what a page costs.
    pub fn query_count(&self) -> u64 {
        self.counter.get()
    }

    /// Applies the migrations of this backend that are not yet applied.
    pub async fn migrate(&self) -> Result<Vec<String>> {
        migrate::run(self, None).await
    }

    /// Applies migrations up to and including `last` only: for upgrade tests, which build a
    /// database as an older release left it and then migrate it.
    #[doc(hidden)]
    pub async fn migrate_until(&self, last: &str) -> Result<Vec<String>> {
        migrate::run(self, Some(last)).await
    }

    /// Runs raw SQL outside any unit of work. Only for tests that must build a database as
    /// an older release wrote it.
    #[doc(hidden)]
    pub async fn execute_raw_for_tests(&self, sql: &str) -> Result<()> {
        let mut lease = self.lease().await?;
        match lease.conn() {
            db::Conn::Sqlite(c, _) => {
                sqlx::raw_sql(sql).execute(&mut *c).await?;
            }
            db::Conn::Postgres(c, _) => {
                sqlx::raw_sql(sql).execute(&mut *c).await?;
            }
        }
        Ok(())
    }

    /// Cheap liveness probe of the database (not used by `/healthz`, which does no database
    /// work by design, but by `chibo serve` at startup and by readiness checks).
    pub async fn ping(&self) -> Result<()> {
        let mut lease = self.lease().await?;
        db::q_exec!(&mut lease.conn(), "SELECT 1")?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
