//! The store's one error type. Constraint violations become [`StoreError::Conflict`] with
//! the field at fault, so the web layer can tell the user which input clashes.

use chibo_domain::calendar::CalendarError;
use chibo_domain::ruleset::local::LocalSettingsError;
use chibo_domain::ruleset::RuleSetError;
use chibo_domain::DomainError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database url (expected sqlite:// or postgres://)")]
    UnsupportedUrl,
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// A unique value already used by another record (card number, citizen ID, login).
    #[error("conflict on {field}")]
    Conflict { field: &'static str },
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// A calendar rule refused the change (CAL-02: a day both off and working…).
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// The rule catalogue refused a version (VER-01: same area and date, not in the future…).
    #[error(transparent)]
    RuleSet(#[from] RuleSetError),
    /// A committee's local settings are inconsistent (MTG-QA-02..04, MTG-DUR-01, MTG-DAY-01).
    #[error(transparent)]
    LocalSettings(#[from] LocalSettingsError),
    #[error("corrupt value in column {column}: {value}")]
    Corrupt { column: &'static str, value: String },
    #[error("backup/restore failed: {0}")]
    Backup(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("json error: {0}")]
    Json(#[from] serde_json::Error),
}

impl StoreError {
    /// Maps a unique-constraint failure to the field it protects. Both backends name the
    /// column or constraint in their message (`person_citizen_id_key` on PostgreSQL,
    /// `person.citizen_id` on SQLite).
    pub(crate) fn from_sqlx(err: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &err {
            let text = format!("{} {}", db.message(), db.constraint().unwrap_or(""));
            for (needle, field) in [
                ("citizen_id", "citizen_id"),
                ("card_number", "card_number"),
                ("login", "login"),
            ] {
                if text.contains(needle)
                    && (text.contains("UNIQUE") || text.contains("_key") || text.contains("unique"))
                {
                    return StoreError::Conflict { field };
                }
            }
        }
        StoreError::Database(err)
    }
}
