//! Passwords, session tokens, login throttling and the access subject of a user.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chibo_domain::access::Subject;
use chibo_domain::member::PlacementKind;
use chibo_store::{AccessRecords, Actor, SessionRecord, Store, UserRecord};
use rand::RngCore;
use sha2::{Digest, Sha256};
use time::Date;

use crate::error::AppError;

/// Failed logins allowed per login name and per client address inside [`THROTTLE_WINDOW`].
pub const MAX_FAILURES: i64 = 5;
/// Seconds over which failures are counted; the lock lifts as old failures age out.
pub const THROTTLE_WINDOW: i64 = 15 * 60;
/// Sessions live 12 hours: a long meeting day on one login, not a week on a shared phone.
pub const SESSION_SECONDS: i64 = 12 * 3600;

/// Argon2id with OWASP's second recommended parameter set (19 MiB, 2 passes). Tests and
/// the demo loader may pass cheaper parameters through [`hash_password_with`].
pub fn hash_password(password: &str) -> Result<String, AppError> {
    hash_password_with(password, Params::DEFAULT_M_COST, Params::DEFAULT_T_COST)
}

pub fn hash_password_with(password: &str, m_cost: u32, t_cost: u32) -> Result<String, AppError> {
    let params =
        Params::new(m_cost, t_cost, 1, None).map_err(|e| AppError::Internal(e.to_string()))?;
    let salt = SaltString::generate(&mut OsRng);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// Verifies with the parameters stored inside the hash itself.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash nobody's password matches, verified against when the login is unknown so that the
/// response takes as long as for a wrong password (no user enumeration by timing).
pub fn dummy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Wj5nT0b4mjbN1mF1LzI8bWk6m9m6q1o0q5o0wW1Z1E"
}

/// A new random token (session or CSRF), 256 bits, hex-encoded.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// Sessions are stored by the SHA-256 of their token: a leaked database copy holds no
/// usable cookies.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks credentials with throttling per login and per client address. Unknown logins and
/// wrong passwords give the same error. Every failure and every refusal by throttling is
/// audited (the log then shows an attack as it happens).
pub async fn login(
    store: &Store,
    login: &str,
    password: &str,
    client: &str,
    now: i64,
) -> Result<UserRecord, AppError> {
    let login = login.trim().to_lowercase();
    let keys = [login_key(&login), format!("ip:{client}")];
    for key in &keys {
        let failures = store
            .login_failures_since(key, now - THROTTLE_WINDOW)
            .await?;
        if failures >= MAX_FAILURES {
            let mut w = store.write(&anonymous(&login, now)).await?;
            w.users().throttled(&login, key, client).await?;
            w.commit().await?;
            return Err(AppError::Throttled {
                retry_after_secs: THROTTLE_WINDOW,
            });
        }
    }
    let user = store.user_by_login(&login).await?;
    let ok = match &user {
        Some(u) => !u.disabled && verify_password(password, &u.password_hash),
        None => {
            let _ = verify_password(password, dummy_hash());
            false
        }
    };
    match (ok, user) {
        (true, Some(user)) => Ok(user),
        _ => {
            let mut w = store.write(&anonymous(&login, now)).await?;
            w.users().login_failed(&login, &keys, client).await?;
            w.commit().await?;
            Err(AppError::BadCredentials)
        }
    }
}

/// The throttle key of a login name (cleared when that login succeeds).
pub fn login_key(login: &str) -> String {
    format!("login:{}", login.trim().to_lowercase())
}

/// Who acts in an authentication event before anyone is logged in: the login tried.
fn anonymous(login: &str, now: i64) -> Actor {
    Actor {
        user: None,
        label: format!("anonymous:{login}"),
        at: now,
    }
}

/// Opens a session for `user` (after [`login`] succeeded): stores the token's hash, clears
/// the login's failures and audits the login, in one unit of work.
pub async fn start_session(
    store: &Store,
    user: &UserRecord,
    token_hash: &str,
    session: &SessionRecord,
    client: &str,
    now: i64,
) -> Result<(), AppError> {
    let actor = Actor {
        user: Some(user.id),
        label: user.login.clone(),
        at: now,
    };
    let mut w = store.write(&actor).await?;
    w.users()
        .start_session(token_hash, session, &login_key(&user.login), client)
        .await?;
    Ok(w.commit().await?)
}

/// Ends a session (log-out), audited.
pub async fn end_session(store: &Store, actor: &Actor, token_hash: &str) -> Result<(), AppError> {
    let Some(user) = actor.user else {
        return Ok(());
    };
    let mut w = store.write(actor).await?;
    w.users().end_session(token_hash, user).await?;
    Ok(w.commit().await?)
}

/// The access subject of a user on `date`: system roles from the login, party roles and
/// home cell from the linked person's dated records (pure: the records come from the
/// request context, see [`chibo_store::Store::session_context`]).
pub fn subject_from(records: &AccessRecords, date: Date) -> Subject {
    let mut subject = Subject {
        system_roles: records.roles.clone(),
        ..Default::default()
    };
    let Some(person) = records.person else {
        return subject;
    };
    let status = chibo_domain::member::status_on(&records.statuses, person, date);
    let keeps_roles = status.is_none_or(|s| s.effects().keeps_roles);
    subject.home_cell = records
        .placements
        .iter()
        .find(|p| p.kind == PlacementKind::Home && p.period.contains(date))
        .map(|p| p.org);
    if keeps_roles {
        subject.party_roles = records
            .party_roles
            .iter()
            .filter(|r| r.period.contains(date))
            .map(|r| (r.org, r.role))
            .collect();
    }
    subject
}

/// The access subject of a user on `date`, read from the store (CLI and tests; requests
/// use [`subject_from`] on their context).
pub async fn subject(store: &Store, user: &UserRecord, date: Date) -> Result<Subject, AppError> {
    let (placements, statuses, party_roles) = match user.person {
        Some(p) => store.person_history(p).await?,
        None => Default::default(),
    };
    Ok(subject_from(
        &AccessRecords {
            roles: user.roles.clone(),
            person: user.person,
            placements,
            statuses,
            party_roles,
        },
        date,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = hash_password_with("mật khẩu đúng", 1024, 1).unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("mật khẩu đúng", &h));
        assert!(!verify_password("sai", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token());
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }
}
