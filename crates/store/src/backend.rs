//! What differs between SQLite and PostgreSQL, in one place.

use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{ConnectOptions, Connection};

use crate::error::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    /// SQLite files are created when missing (`mode=rwc`), so `chibo serve` works on a fresh
    /// machine without a separate setup step.
    pub(crate) fn normalise_url(self, url: &str) -> String {
        match self {
            Backend::Sqlite if !url.contains("mode=") && !url.contains(":memory:") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_string(),
        }
    }

    /// One-off setup before the pool opens. SQLite: switch the file to WAL once (a persistent
    /// setting that needs an exclusive lock, so not per connection) so readers never block
    /// the writer.
    pub(crate) async fn prepare(self, url: &str) -> Result<(), StoreError> {
        if self == Backend::Sqlite && !url.contains(":memory:") && !url.contains("mode=ro") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal);
            let conn = options.connect().await?;
            conn.close().await?;
        }
        Ok(())
    }

    /// Statements run on every new connection. The busy timeout lets concurrent writers wait
    /// instead of failing with "database is locked".
    pub(crate) fn session_setup(self) -> &'static [&'static str] {
        match self {
            Backend::Sqlite => &[
                "PRAGMA busy_timeout = 5000",
                "PRAGMA foreign_keys = ON",
                "PRAGMA synchronous = NORMAL",
            ],
            Backend::Postgres => &["SET TIME ZONE 'UTC'"],
        }
    }

    pub(crate) fn max_connections(self) -> u32 {
        match self {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        }
    }

    pub(crate) fn migrations(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Backend::Sqlite => &[
                (
                    "0001_foundation",
                    include_str!("../migrations/sqlite/0001_foundation.sql"),
                ),
                (
                    "0002_calendar_rules",
                    include_str!("../migrations/sqlite/0002_calendar_rules.sql"),
                ),
            ],
            Backend::Postgres => &[
                (
                    "0001_foundation",
                    include_str!("../migrations/postgres/0001_foundation.sql"),
                ),
                (
                    "0002_calendar_rules",
                    include_str!("../migrations/postgres/0002_calendar_rules.sql"),
                ),
            ],
        }
    }
}
