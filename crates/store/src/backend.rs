//! What differs between SQLite and PostgreSQL, in one place.

use crate::error::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// How long a SQLite writer waits for the write lock before giving up.
pub(crate) const SQLITE_BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

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

    pub(crate) fn max_connections(self) -> u32 {
        match self {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        }
    }

    /// The embedded migrations of this backend, in order. Append-only from the platform
    /// release on: a released migration is never edited, so every database can be upgraded.
    pub(crate) fn migrations(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Backend::Sqlite => &[
                (
                    "0001_core",
                    include_str!("../migrations/sqlite/0001_core.sql"),
                ),
                (
                    "0002_concurrency",
                    include_str!("../migrations/sqlite/0002_concurrency.sql"),
                ),
                (
                    "0003_dated_local_settings",
                    include_str!("../migrations/sqlite/0003_dated_local_settings.sql"),
                ),
                (
                    "0004_recognition_decision",
                    include_str!("../migrations/sqlite/0004_recognition_decision.sql"),
                ),
                (
                    "0005_user_display_name",
                    include_str!("../migrations/sqlite/0005_user_display_name.sql"),
                ),
                (
                    "0006_meetings",
                    include_str!("../migrations/sqlite/0006_meetings.sql"),
                ),
                (
                    "0007_meeting_details",
                    include_str!("../migrations/sqlite/0007_meeting_details.sql"),
                ),
                (
                    "0008_minutes",
                    include_str!("../migrations/sqlite/0008_minutes.sql"),
                ),
                (
                    "0009_task_reviews",
                    include_str!("../migrations/sqlite/0009_task_reviews.sql"),
                ),
                (
                    "0010_calendar_feed",
                    include_str!("../migrations/sqlite/0010_calendar_feed.sql"),
                ),
                (
                    "0011_ceremony",
                    include_str!("../migrations/sqlite/0011_ceremony.sql"),
                ),
                (
                    "0012_notices",
                    include_str!("../migrations/sqlite/0012_notices.sql"),
                ),
                (
                    "0013_documents",
                    include_str!("../migrations/sqlite/0013_documents.sql"),
                ),
                (
                    "0014_plans",
                    include_str!("../migrations/sqlite/0014_plans.sql"),
                ),
                (
                    "0015_plan_documents",
                    include_str!("../migrations/sqlite/0015_plan_documents.sql"),
                ),
                (
                    "0017_admissions",
                    include_str!("../migrations/sqlite/0017_admissions.sql"),
                ),
                (
                    "0018_training",
                    include_str!("../migrations/sqlite/0018_training.sql"),
                ),
                (
                    "0019_plan_items",
                    include_str!("../migrations/sqlite/0019_plan_items.sql"),
                ),
                (
                    "0021_lifecycle",
                    include_str!("../migrations/sqlite/0021_lifecycle.sql"),
                ),
                (
                    "0022_training_practice",
                    include_str!("../migrations/sqlite/0022_training_practice.sql"),
                ),
                (
                    "0023_training_situations",
                    include_str!("../migrations/sqlite/0023_training_situations.sql"),
                ),
            ],
            Backend::Postgres => &[
                (
                    "0001_core",
                    include_str!("../migrations/postgres/0001_core.sql"),
                ),
                (
                    "0002_concurrency",
                    include_str!("../migrations/postgres/0002_concurrency.sql"),
                ),
                (
                    "0003_dated_local_settings",
                    include_str!("../migrations/postgres/0003_dated_local_settings.sql"),
                ),
                (
                    "0004_recognition_decision",
                    include_str!("../migrations/postgres/0004_recognition_decision.sql"),
                ),
                (
                    "0005_user_display_name",
                    include_str!("../migrations/postgres/0005_user_display_name.sql"),
                ),
                (
                    "0006_meetings",
                    include_str!("../migrations/postgres/0006_meetings.sql"),
                ),
                (
                    "0007_meeting_details",
                    include_str!("../migrations/postgres/0007_meeting_details.sql"),
                ),
                (
                    "0008_minutes",
                    include_str!("../migrations/postgres/0008_minutes.sql"),
                ),
                (
                    "0009_task_reviews",
                    include_str!("../migrations/postgres/0009_task_reviews.sql"),
                ),
                (
                    "0010_calendar_feed",
                    include_str!("../migrations/postgres/0010_calendar_feed.sql"),
                ),
                (
                    "0011_ceremony",
                    include_str!("../migrations/postgres/0011_ceremony.sql"),
                ),
                (
                    "0012_notices",
                    include_str!("../migrations/postgres/0012_notices.sql"),
                ),
                (
                    "0013_documents",
                    include_str!("../migrations/postgres/0013_documents.sql"),
                ),
                (
                    "0014_plans",
                    include_str!("../migrations/postgres/0014_plans.sql"),
                ),
                (
                    "0015_plan_documents",
                    include_str!("../migrations/postgres/0015_plan_documents.sql"),
                ),
                (
                    "0017_admissions",
                    include_str!("../migrations/postgres/0017_admissions.sql"),
                ),
                (
                    "0018_training",
                    include_str!("../migrations/postgres/0018_training.sql"),
                ),
                (
                    "0019_plan_items",
                    include_str!("../migrations/postgres/0019_plan_items.sql"),
                ),
                (
                    "0021_lifecycle",
                    include_str!("../migrations/postgres/0021_lifecycle.sql"),
                ),
                (
                    "0022_training_practice",
                    include_str!("../migrations/postgres/0022_training_practice.sql"),
                ),
                (
                    "0023_training_situations",
                    include_str!("../migrations/postgres/0023_training_situations.sql"),
                ),
            ],
        }
    }
}
