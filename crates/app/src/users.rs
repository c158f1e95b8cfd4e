//! Use cases on logins: creating one and changing a password (the CLI calls these; a user
//! management page will too). Each runs in one audited unit of work.

use chibo_domain::access::SystemRole;
use chibo_domain::{PersonId, UserId};
use chibo_store::{Actor, NewUser, Store, StoreError};

use crate::auth::hash_password;
use crate::error::{AppError, FieldError};

/// The longest display name, in characters.
pub const DISPLAY_NAME_MAX_CHARS: usize = 100;

/// A display name as typed: trimmed, NFC, inner spaces collapsed; empty is none.
pub fn parse_display_name(raw: Option<&str>) -> Result<Option<String>, AppError> {
    use unicode_normalization::UnicodeNormalization;
    let Some(raw) = raw else { return Ok(None) };
    let name: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let name: String = name.nfc().collect();
    if name.is_empty() {
        return Ok(None);
    }
    if name.chars().count() > DISPLAY_NAME_MAX_CHARS {
        return Err(AppError::Invalid(vec![FieldError::new("name", "too_long")]));
    }
    Ok(Some(name))
}

/// Creates a login. The login is one word, kept in lower case; a login already taken
/// answers the field error `login`/`duplicate`. `display_name` is how pages greet a login
/// without a person (committee staff, administrators).
pub async fn create_user(
    store: &Store,
    actor: &Actor,
    login: &str,
    display_name: Option<&str>,
    password: &str,
    person: Option<PersonId>,
    roles: Vec<SystemRole>,
) -> Result<UserId, AppError> {
    let display_name = parse_display_name(display_name)?;
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
        display_name,
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

/// The shortest and longest password a user may choose, in characters (the CLI and the
/// password page apply the same rule).
pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 128;

/// What a user types to change their own password.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PasswordChange {
    #[serde(default)]
    pub current_password: String,
    #[serde(default)]
    pub new_password: String,
    #[serde(default)]
    pub new_password_repeat: String,
}

impl PasswordChange {
    /// The length rule and the repetition; every error at once.
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.current_password.is_empty() {
            errors.push(FieldError::new("current_password", "required"));
        }
        let chars = self.new_password.chars().count();
        if chars < PASSWORD_MIN_CHARS {
            errors.push(FieldError::new("new_password", "password_too_short"));
        } else if chars > PASSWORD_MAX_CHARS {
            errors.push(FieldError::new("new_password", "password_too_long"));
        }
        if self.new_password != self.new_password_repeat {
            errors.push(FieldError::new("new_password_repeat", "password_mismatch"));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A logged-in user changes their own password: the current one must be right, the new one
/// follows the length rule and is typed twice. Audited by the repository, which also ends
/// every session of the user (the caller opens a fresh one for the browser in use, so only
/// the *other* sessions end for the user).
pub async fn change_own_password(
    store: &Store,
    actor: &Actor,
    user: UserId,
    change: &PasswordChange,
) -> Result<(), AppError> {
    let record = store.user(user).await?.ok_or(AppError::NotFound("user"))?;
    let mut errors = change.check().err().unwrap_or_default();
    if !change.current_password.is_empty()
        && !crate::auth::verify_password(&change.current_password, &record.password_hash)
    {
        errors.insert(0, FieldError::new("current_password", "wrong_password"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    set_password(store, actor, user, &change.new_password).await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_new_password_has_a_length_and_is_typed_twice() {
        let ok = PasswordChange {
            current_password: "old".into(),
            new_password: "mật khẩu mới".into(),
            new_password_repeat: "mật khẩu mới".into(),
        };
        assert!(ok.check().is_ok());
        let short = PasswordChange {
            new_password: "ngắn".into(),
            new_password_repeat: "khác".into(),
            ..ok.clone()
        };
        let codes: Vec<&str> = short.check().unwrap_err().iter().map(|e| e.code).collect();
        assert_eq!(codes, ["password_too_short", "password_mismatch"]);
        let long = "x".repeat(PASSWORD_MAX_CHARS + 1);
        let long = PasswordChange {
            new_password: long.clone(),
            new_password_repeat: long,
            current_password: String::new(),
        };
        let codes: Vec<&str> = long.check().unwrap_err().iter().map(|e| e.code).collect();
        assert_eq!(codes, ["required", "password_too_long"]);
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(
            parse_display_name(Some("  Lò Thị   Hương ")).unwrap(),
            Some("Lò Thị Hương".to_string())
        );
        assert_eq!(parse_display_name(Some("   ")).unwrap(), None);
        assert_eq!(parse_display_name(None).unwrap(), None);
        assert!(parse_display_name(Some(&"a".repeat(101))).is_err());
    }
}
