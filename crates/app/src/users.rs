//! Use cases on logins: creating one and changing a password (the CLI calls these; a user
//! management page will too). Each runs in one audited unit of work.

use chibo_domain::access::SystemRole;
use chibo_domain::{PersonId, UserId};
use chibo_store::{Actor, NewUser, Store, StoreError};

use crate::auth::hash_password;
use crate::error::{AppError, FieldError};

/// Creates a login. The login is one word, kept in lower case; a login already taken
/// answers the field error `login`/`duplicate`.
pub async fn create_user(
    store: &Store,
    actor: &Actor,
    login: &str,
    password: &str,
    person: Option<PersonId>,
    roles: Vec<SystemRole>,
) -> Result<UserId, AppError> {
    let login = login.trim().to_lowercase();
    if login.is_empty() || login.chars().any(char::is_whitespace) {
        return Err(AppError::Invalid(vec![FieldError::new(
            "login",
            "malformed",
        )]));
    }
    let new = NewUser {
        login,
        password_hash: hash_password(password)?,
        person,
        roles,
    };
    let mut w = store.write(actor).await?;
    let id = w.users().create(&new).await?;
    w.commit().await?;
    Ok(id)
}

/// Sets a new password; every open session of that user ends.
pub async fn set_password(
    store: &Store,
    actor: &Actor,
    user: UserId,
    password: &str,
) -> Result<(), AppError> {
    let hash = hash_password(password)?;
    let mut w = store.write(actor).await?;
    w.users().set_password_hash(user, &hash).await?;
    Ok(w.commit().await?)
}

/// Whether an error is "this login already exists".
pub fn is_duplicate_login(err: &AppError) -> bool {
    matches!(err, AppError::Invalid(e) if e.iter().any(|f| f.field == "login" && f.code == "duplicate"))
        || matches!(
            err,
            AppError::Store(StoreError::Conflict { field: "login" })
        )
}
