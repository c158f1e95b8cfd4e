//! chibo's persistence: one [`Store`] over two real databases, SQLite (embedded default) and
//! PostgreSQL (large deployments).
//!
//! Both backends run the same SQL text through sqlx's `Any` driver; what differs between them
//! (schema dialect, connection pragmas, backup) is isolated in [`Backend`] and in one
//! migration folder per backend. The same conformance suite (`tests/conformance.rs`) runs on
//! both, so they cannot drift apart. Only this crate contains SQL.
//!
//! Every mutation takes an [`Actor`] and writes its audit event (who, when, what,
//! before/after) in the same transaction as the change: either both land or neither does.

mod audit;
mod backend;
mod backup;
mod calendar;
mod codec;
mod error;
mod migrate;
mod orgs;
mod people;
mod users;

pub use audit::{Actor, AuditEvent, AuditQuery};
pub use backend::Backend;
pub use backup::{restore, sqlite_path};
pub use error::StoreError;
pub use orgs::CongressRecord;
pub use people::{CellRecords, PersonRecord};
pub use users::{NewUser, SessionRecord, UserRecord};

use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A handle on the database; cheap to clone (it shares the pool and the tree cache).
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    tree_cache: orgs::TreeCache,
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
        install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = backend.normalise_url(url);
        backend.prepare(&url).await?;
        let pragmas = backend.session_setup();
        let pool = AnyPoolOptions::new()
            .max_connections(backend.max_connections())
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    for pragma in pragmas {
                        conn.execute(*pragma).await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        Ok(Self {
            pool,
            backend,
            tree_cache: orgs::TreeCache::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Applies the migrations of this backend that are not yet applied.
    pub async fn migrate(&self) -> Result<Vec<String>> {
        migrate::run(self).await
    }

    /// Cheap liveness probe of the database (not used by `/healthz`, which does no database
    /// work by design, but by `chibo serve` at startup and by readiness checks).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
