//! The two native drivers behind one small surface.
//!
//! Why not sqlx `Any`: it binds only null/bool/integer/float/text/blob, so PostgreSQL could
//! use neither `date`, `timestamptz`, `jsonb` nor arrays. Why not a query builder: almost
//! every statement is plain SQL that both dialects accept as written (`$n` placeholders work
//! in SQLite too), so a builder would add a dependency and a second language for no gain.
//!
//! Instead, [`Conn`] is an enum over a borrowed native connection, and the `q_*` macros
//! expand one SQL text and one list of binds into a `match` with one arm per driver: the
//! statement is written once, type-checked against both drivers' `Encode`/`Decode`
//! impls, and runs natively. Row types derive `sqlx::FromRow`, whose impl is generic over
//! the row type, so one struct decodes from both. Statements that genuinely differ (array
//! parameters, `COPY`, `NOTIFY`) match on [`Conn`] by hand, in the module that needs them.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnection, PgPool};
use sqlx::sqlite::{SqliteConnection, SqlitePool};
use sqlx::{Postgres, Sqlite, Transaction};

use crate::Result;

/// A pool of one of the two drivers.
#[derive(Clone, Debug)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Counts the statements a [`Store`](crate::Store) runs, so tests can pin the number of
/// queries a page costs (the request-context budget of the platform issue).
#[derive(Clone, Debug, Default)]
pub(crate) struct QueryCounter(Arc<AtomicU64>);

impl QueryCounter {
    pub(crate) fn bump(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// A borrowed native connection (from the pool or inside a transaction) plus the counter.
pub(crate) enum Conn<'c> {
    Sqlite(&'c mut SqliteConnection, &'c QueryCounter),
    Postgres(&'c mut PgConnection, &'c QueryCounter),
}

/// A connection checked out of the pool for a series of reads.
pub(crate) struct Lease {
    inner: LeaseInner,
    counter: QueryCounter,
}

enum LeaseInner {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl Lease {
    pub(crate) fn conn(&mut self) -> Conn<'_> {
        match &mut self.inner {
            LeaseInner::Sqlite(c) => Conn::Sqlite(c, &self.counter),
            LeaseInner::Postgres(c) => Conn::Postgres(c, &self.counter),
        }
    }
}

/// An open transaction of one of the two drivers. Dropped without commit, it rolls back.
pub(crate) struct Tx {
    inner: TxInner,
    counter: QueryCounter,
}

enum TxInner {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Tx {
    pub(crate) fn conn(&mut self) -> Conn<'_> {
        match &mut self.inner {
            TxInner::Sqlite(t) => Conn::Sqlite(t, &self.counter),
            TxInner::Postgres(t) => Conn::Postgres(t, &self.counter),
        }
    }

    pub(crate) async fn commit(self) -> Result<()> {
        match self.inner {
            TxInner::Sqlite(t) => t.commit().await?,
            TxInner::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

impl Pool {
    pub(crate) async fn lease(&self, counter: &QueryCounter) -> Result<Lease> {
        let inner = match self {
            Pool::Sqlite(p) => LeaseInner::Sqlite(p.acquire().await?),
            Pool::Postgres(p) => LeaseInner::Postgres(p.acquire().await?),
        };
        Ok(Lease {
            inner,
            counter: counter.clone(),
        })
    }

    /// Opens a write transaction. SQLite: `BEGIN IMMEDIATE` takes the write lock at once,
    /// so a transaction that reads and then writes cannot fail half-way with "database is
    /// locked" (a deferred BEGIN upgrades its lock only at the first write), and writers
    /// queue on the busy timeout instead. PostgreSQL: READ COMMITTED; the constraints
    /// (unique, exclusion) and version checks settle races.
    pub(crate) async fn begin(&self, counter: &QueryCounter) -> Result<Tx> {
        counter.bump();
        let inner = match self {
            Pool::Sqlite(p) => TxInner::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(p) => TxInner::Postgres(p.begin().await?),
        };
        Ok(Tx {
            inner,
            counter: counter.clone(),
        })
    }

    pub(crate) async fn close(&self) {
        match self {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }
}

/// Runs a statement; yields the number of rows affected.
macro_rules! q_exec {
    ($conn:expr, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $conn {
            $crate::db::Conn::Sqlite(c, n) => {
                n.bump();
                sqlx::query($sql)$(.bind($arg))*.execute(&mut **c).await.map(|r| r.rows_affected())
            }
            $crate::db::Conn::Postgres(c, n) => {
                n.bump();
                sqlx::query($sql)$(.bind($arg))*.execute(&mut **c).await.map(|r| r.rows_affected())
            }
        }
    };
}

/// Fetches every row as `$T` (a `sqlx::FromRow` type or a tuple).
macro_rules! q_all {
    ($conn:expr, $T:ty, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $conn {
            $crate::db::Conn::Sqlite(c, n) => {
                n.bump();
                sqlx::query_as::<_, $T>($sql)$(.bind($arg))*.fetch_all(&mut **c).await
            }
            $crate::db::Conn::Postgres(c, n) => {
                n.bump();
                sqlx::query_as::<_, $T>($sql)$(.bind($arg))*.fetch_all(&mut **c).await
            }
        }
    };
}

/// Fetches at most one row as `$T`.
macro_rules! q_opt {
    ($conn:expr, $T:ty, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $conn {
            $crate::db::Conn::Sqlite(c, n) => {
                n.bump();
                sqlx::query_as::<_, $T>($sql)$(.bind($arg))*.fetch_optional(&mut **c).await
            }
            $crate::db::Conn::Postgres(c, n) => {
                n.bump();
                sqlx::query_as::<_, $T>($sql)$(.bind($arg))*.fetch_optional(&mut **c).await
            }
        }
    };
}

/// Fetches exactly one row as `$T`.
macro_rules! q_one {
    ($conn:expr, $T:ty, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $conn {
            $crate::db::Conn::Sqlite(c, n) => {
                n.bump();
                sqlx::query_as::<_, $T>($sql)$(.bind($arg))*.fetch_one(&mut **c).await
            }
            $crate::db::Conn::Postgres(c, n) => {
                n.bump();
                sqlx::query_as::<_, $T>($sql)$(.bind($arg))*.fetch_one(&mut **c).await
            }
        }
    };
}

/// Like [`q_all`] with a list of ids as `$1`, written once: the SQL is given as the text
/// before the list predicate (ending in the column) and the text after it.
macro_rules! q_all_in {
    ($conn:expr, $T:ty, $before:literal, $after:literal, $ids:expr $(, $arg:expr)* $(,)?) => {
        match $conn {
            $crate::db::Conn::Sqlite(c, n) => {
                n.bump();
                sqlx::query_as::<_, $T>(concat!($before, " IN (SELECT value FROM json_each($1))", $after))
                    .bind($crate::db::id_list_sqlite($ids))$(.bind($arg))*.fetch_all(&mut **c).await
            }
            $crate::db::Conn::Postgres(c, n) => {
                n.bump();
                sqlx::query_as::<_, $T>(concat!($before, " = ANY($1)", $after))
                    .bind($ids)$(.bind($arg))*.fetch_all(&mut **c).await
            }
        }
    };
}

/// Like [`q_exec`] with a list of ids as `$1` (see [`q_all_in`]).
macro_rules! q_exec_in {
    ($conn:expr, $before:literal, $after:literal, $ids:expr $(, $arg:expr)* $(,)?) => {
        match $conn {
            $crate::db::Conn::Sqlite(c, n) => {
                n.bump();
                sqlx::query(concat!($before, " IN (SELECT value FROM json_each($1))", $after))
                    .bind($crate::db::id_list_sqlite($ids))$(.bind($arg))*.execute(&mut **c).await
                    .map(|r| r.rows_affected())
            }
            $crate::db::Conn::Postgres(c, n) => {
                n.bump();
                sqlx::query(concat!($before, " = ANY($1)", $after))
                    .bind($ids)$(.bind($arg))*.execute(&mut **c).await
                    .map(|r| r.rows_affected())
            }
        }
    };
}

pub(crate) use {q_all, q_all_in, q_exec, q_exec_in, q_one, q_opt};

/// The JSON array text that SQLite's `json_each` reads a list of ids from. Binds a list of
/// ids natively: an `int8[]` on PostgreSQL (`= ANY($n)`), a JSON array on
/// SQLite (`IN (SELECT value FROM json_each($n))`). Values are always bound, never
/// formatted into the SQL text.
pub(crate) fn id_list_sqlite(ids: &[i64]) -> String {
    let mut s = String::with_capacity(ids.len() * 6 + 2);
    s.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&id.to_string());
    }
    s.push(']');
    s
}
