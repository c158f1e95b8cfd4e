//! chibo's domain: the organisation tree, people and memberships, the rules of the
//! regulations (each named by its ID from `docs/rules.md`), the working-day calendar and
//! the rule sets versioned by date.
//!
//! This crate is pure on purpose: no IO, no async, no SQL, no HTTP. Time and ids come in as
//! arguments, so every rule can be tested by feeding it dates and records, and both the web
//! server and the CLI apply exactly the same logic.

pub mod access;
pub mod admission;
pub mod ancestry;
pub mod calendar;
pub mod document;
pub mod error;
pub mod ids;
pub mod lifecycle;
pub mod meeting;
pub mod member;
pub mod org;
pub mod period;
pub mod person;
pub mod plan;
pub mod ruleset;
pub mod text;
pub mod training;

pub use error::DomainError;
pub use ids::{MeetingId, OrgId, PersonId, UserId};
pub use period::Period;
