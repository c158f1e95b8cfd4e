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
    /// Dated facts that may not overlap do (the constraint or trigger named here fired:
    /// another transaction stored a clashing fact after this one checked).
    #[error("overlapping dated records ({constraint})")]
    Overlap { constraint: &'static str },
    /// Optimistic concurrency: the record changed since the caller read it. `current` is the
    /// record as it is now, so the user can see what the other change was.
    #[error("{entity} changed since it was read (expected version {expected}, now {actual})")]
    Stale {
        entity: &'static str,
        expected: i64,
        actual: i64,
        current: serde_json::Value,
    },
    /// A unit of work tried to commit without recording what it did (a programming error:
    /// every mutation is audited).
    #[error("unit of work committed without an audit event")]
    NotAudited,
    /// The database holds migrations this version does not know (a newer release, or a
    /// development build from before the platform rewrite).
    #[error("the database was migrated by another version of chibo (unknown migration {0})")]
    UnknownMigration(String),
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// A meeting rule refused the change (a transition, a roll call, a vote, a task).
    #[error(transparent)]
    Meeting(#[from] chibo_domain::meeting::MeetingError),
    /// Training mode refused the change (TRN-01/02: an injection, a handling, a comment).
    #[error(transparent)]
    Practice(#[from] chibo_domain::training::PracticeError),
    #[error(transparent)]
    Plan(#[from] chibo_domain::plan::PlanError),
    /// An admission rule refused the step (issue 12: ADM-*, ORG-02, CHR-VOTE-02).
    #[error(transparent)]
    Admission(#[from] chibo_domain::admission::AdmissionError),
    /// A membership-lifecycle rule refused the record (issue 12: MEM-EX, MEM-TR, MEM-DIS).
    #[error(transparent)]
    Lifecycle(#[from] chibo_domain::lifecycle::LifecycleError),
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
    /// A backup or restore was refused or failed (typed, so the CLI can say why in the
    /// user's language).
    #[error("backup/restore: {0}")]
    Backup(crate::backup::BackupProblem),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("json error: {0}")]
    Json(#[from] serde_json::Error),
}

/// Named constraints and what they protect. PostgreSQL reports the constraint name; SQLite
/// reports `table.column` for UNIQUE and the trigger's message for the overlap triggers
/// (which carry the PostgreSQL constraint's name), so both backends map the same way.
const UNIQUE: [(&str, &str, &str); 6] = [
    ("person_citizen_id_key", "person.citizen_id", "citizen_id"),
    (
        "member_card_number_key",
        "member.card_number",
        "card_number",
    ),
    ("app_user_login_key", "app_user.login", "login"),
    // PLAN-01: one plan per cell and year.
    ("plan_cell_year_key", "plan.org_id, plan.plan_year", "year"),
    // Issue 12: at most one open admission case per person (and attempts numbered once).
    (
        "admission_case_one_open",
        "admission_case.person_id",
        "person",
    ),
    (
        "admission_case_attempt_key",
        "admission_case.person_id, admission_case.attempt",
        "person",
    ),
];

pub(crate) const OVERLAP: [&str; 5] = [
    "org_version_no_overlap",
    "placement_no_overlap",
    "member_status_no_overlap",
    "party_role_person_no_overlap",
    "party_role_seat_no_overlap",
];

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &err {
            let constraint = db.constraint().unwrap_or("");
            let message = db.message();
            for (name, sqlite, field) in UNIQUE {
                if constraint == name
                    || message.contains(&format!("UNIQUE constraint failed: {sqlite}"))
                {
                    return StoreError::Conflict { field };
                }
            }
            for name in OVERLAP {
                if constraint == name || message == name {
                    return StoreError::Overlap { constraint: name };
                }
            }
        }
        StoreError::Database(err)
    }
}
