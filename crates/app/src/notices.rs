//! In-app notices (MTG-PREP-03): a person's notices, marking one read, and the superior
//! committee member assigned to follow a cell, who is told of its meetings with its members.

use chibo_domain::{OrgId, PersonId};
use chibo_store::{Actor, NoticeRecord, Store};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldError};
use crate::input::Parser;

/// The newest notices of `person`, unread first.
pub async fn of_person(store: &Store, person: PersonId) -> Result<Vec<NoticeRecord>, AppError> {
    Ok(store.notices_for(person).await?)
}

/// Marks `person`'s own notices read — those in `ids`, or all — and returns how many were
/// unread. Someone else's notice is never touched; a user with no person has none.
pub async fn mark_read(
    store: &Store,
    actor: &Actor,
    person: Option<PersonId>,
    ids: Option<&[i64]>,
) -> Result<u64, AppError> {
    let Some(person) = person else {
        return Ok(0);
    };
    let mut w = store.write(actor).await?;
    let n = w.notices().mark_read(person, ids).await?;
    // Nothing was unread: nothing written, nothing to commit (the unit is dropped).
    if n > 0 {
        w.commit().await?;
    }
    Ok(n)
}

/// MTG-PREP-03: who follows a cell for its superior committee (a person), from when.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LiaisonInput {
    pub person: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2025-07-01")))]
    pub since: Option<String>,
}

/// Assigns the cell's liaison (replacing the previous one).
pub async fn set_liaison(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    input: &LiaisonInput,
) -> Result<(), AppError> {
    let mut p = Parser::default();
    let since = p.date("since", &input.since);
    if input.person.is_none() {
        p.errors.push(FieldError::new("person", "required"));
    }
    let (Some(person), Some(since), true) = (input.person, since, p.errors.is_empty()) else {
        return Err(AppError::Invalid(p.errors));
    };
    let mut w = store.write(actor).await?;
    w.notices()
        .set_liaison(org, PersonId(person), since)
        .await?;
    w.commit().await?;
    Ok(())
}
