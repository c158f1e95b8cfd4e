//! chibo's use cases, shared by the web server and the CLI: parse raw input into domain
//! values (with field-level errors that keep what the user typed), apply the domain's rules,
//! and write through the store, which audits each change in its transaction.
//!
//! Authorisation happens before these functions are called (the web crate's route table,
//! or the CLI's operator); the functions themselves never trust their input.

pub mod admissions;
pub mod archive;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod ceremony;
pub mod collate;
pub mod demo;
pub mod documents;
pub mod error;
pub mod ical;
pub mod input;
pub mod lifecycle;
pub mod live;
pub mod meeting_screen;
pub mod meetings;
pub mod minutes;
pub mod notices;
pub mod orgs;
pub mod people;
pub mod plans;
pub mod registers;
pub mod rules;
pub mod training;
pub mod training_bank;
pub mod training_setup;
pub mod users;

pub use error::{AppError, FieldError};
