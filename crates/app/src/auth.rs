//! Passwords, session tokens, login throttling and the access subject of a user.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chibo_domain::access::Subject;
use chibo_domain::member::PlacementKind;
use chibo_store::{AccessRecords, Actor, LoginFailures, SessionRecord, Store, UserRecord};
use rand::RngCore;
use sha2::{Digest, Sha256};
use time::Date;

use crate::error::AppError;

/// Seconds over which failed logins are counted; older ones are forgotten.
pub const THROTTLE_WINDOW: i64 = 60 * 60;

/// One throttle: `free` failures inside [`THROTTLE_WINDOW`] cost nothing; after that, the
/// next attempt waits `base` seconds after the latest failure, doubling with every further
/// failure, up to `max`. Pure, so the whole policy is tested without a clock or a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub free: i64,
    pub base: i64,
    pub max: i64,
}

impl Backoff {
    /// The wait after `failures` failures (0 within the free allowance).
    pub fn wait_after(self, failures: i64) -> i64 {
        if failures < self.free {
            return 0;
        }
        let doublings = u32::try_from((failures - self.free).min(32)).unwrap_or(32);
        self.base.saturating_mul(1_i64 << doublings).min(self.max)
    }

    /// Seconds until the next attempt is allowed, or `None` when it is allowed now.
    pub fn retry_after(self, failures: &LoginFailures, now: i64) -> Option<i64> {
        let until = failures.last_at? + self.wait_after(failures.count);
        (until > now).then_some(until - now)
    }
}

/// One login from one address: 5 free failures (typos), then 30 s, 1, 2, 4, 8 min, capped at
/// 15 min. This is what slows guessing one password from one place; the right password from
/// that address waits too (otherwise the wait would tell a guesser when he is right).
pub const LOGIN_FROM_ADDRESS: Backoff = Backoff {
    free: 5,
    base: 30,
    max: 15 * 60,
};
/// One address, whatever the logins: 20 free failures (an office behind one shared address,
/// everybody mistyping now and then), then 5 s doubling up to 15 min. This slows one
/// address trying many logins.
pub const ADDRESS: Backoff = Backoff {
    free: 20,
    base: 5,
    max: 15 * 60,
};
/// When one login has this many failures in the window from all addresses together (a
/// guess spread over many addresses), an address that has already failed for it waits after
/// its first failure ([`LOGIN_UNDER_ATTACK`]). An address with no failure for the login is
/// never held back by the login's count: the owner logs in from a new place.
pub const LOGIN_ALERT: i64 = 20;
pub const LOGIN_UNDER_ATTACK: Backoff = Backoff {
    free: 1,
    base: 30,
    max: 15 * 60,
};

/// What the policy looks at for one attempt, read from the failure log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Observed {
    /// Failures of this login from this address.
    pub login_from_address: LoginFailures,
    /// Failures from this address, whatever the login.
    pub address: LoginFailures,
    /// Failures of this login, from any address.
    pub login: LoginFailures,
}

/// Which throttle made an attempt wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    LoginFromAddress,
    Address,
}

impl Observed {
    /// The same counts after one more failure at `now`.
    pub fn after_failure(mut self, now: i64) -> Self {
        for f in [
            &mut self.login_from_address,
            &mut self.address,
            &mut self.login,
        ] {
            f.count += 1;
            f.last_at = Some(now);
        }
        self
    }

    /// The policy: whether an attempt at `now` must wait, which throttle says so and for how
    /// many seconds (the longer wait when both do).
    pub fn decide(&self, now: i64) -> Option<(Scope, i64)> {
        let pair = if self.login.count >= LOGIN_ALERT {
            LOGIN_UNDER_ATTACK
        } else {
            LOGIN_FROM_ADDRESS
        };
        [
            (
                Scope::LoginFromAddress,
                pair.retry_after(&self.login_from_address, now),
            ),
            (Scope::Address, ADDRESS.retry_after(&self.address, now)),
        ]
        .into_iter()
        .filter_map(|(scope, wait)| wait.map(|w| (scope, w)))
        .max_by_key(|(_, wait)| *wait)
    }
}

/// The three throttle keys of an attempt: login from address, address, login.
struct Keys {
    login_from_address: String,
    address: String,
    login: String,
}

impl Keys {
    fn new(login: &str, client: &str) -> Self {
        Keys {
            // The client address never contains a space; a login never does either.
            login_from_address: format!("login-from:{client} {login}"),
            address: format!("ip:{client}"),
            login: login_key(login),
        }
    }

    fn of(&self, scope: Scope) -> &str {
        match scope {
            Scope::LoginFromAddress => &self.login_from_address,
            Scope::Address => &self.address,
        }
    }

    async fn observe(&self, store: &Store, now: i64) -> Result<Observed, AppError> {
        let since = now - THROTTLE_WINDOW;
        Ok(Observed {
            login_from_address: store
                .login_failures(&self.login_from_address, since)
                .await?,
            address: store.login_failures(&self.address, since).await?,
            login: store.login_failures(&self.login, since).await?,
        })
    }
}
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

/// Checks credentials, throttled per login from an address and per address (see
/// [`Observed::decide`]). Unknown logins and wrong passwords give the same error. Every
/// refusal by throttling is audited with the key, the count and the wait; every failure is
/// audited with the wait it starts, if any.
pub async fn login(
    store: &Store,
    login: &str,
    password: &str,
    client: &str,
    now: i64,
) -> Result<UserRecord, AppError> {
    let login = login.trim().to_lowercase();
    let keys = Keys::new(&login, client);
    let observed = keys.observe(store, now).await?;
    if let Some((scope, wait)) = observed.decide(now) {
        let failures = match scope {
            Scope::LoginFromAddress => observed.login_from_address.count,
            Scope::Address => observed.address.count,
        };
        let mut w = store.write(&anonymous(&login, now)).await?;
        w.users()
            .throttled(&login, keys.of(scope), client, failures, wait)
            .await?;
        w.commit().await?;
        return Err(AppError::Throttled {
            retry_after_secs: wait,
        });
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
            let next = observed.after_failure(now).decide(now);
            let mut w = store.write(&anonymous(&login, now)).await?;
            w.users()
                .login_failed(
                    &login,
                    &[
                        keys.login_from_address.clone(),
                        keys.address.clone(),
                        keys.login.clone(),
                    ],
                    client,
                    next.map(|(scope, wait)| (keys.of(scope), wait)),
                )
                .await?;
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
/// the login's failures (from this address and overall; the address's own count stays) and
/// audits the login, in one unit of work.
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
    let keys = Keys::new(&user.login, client);
    let mut w = store.write(&actor).await?;
    w.users()
        .start_session(
            token_hash,
            session,
            &[keys.login_from_address, keys.login],
            client,
        )
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

/// Periodic cleanup of login state (the server runs it hourly): expired sessions, and
/// login failures older than the throttle window. Neither is read any more, so nothing a
/// user sees changes; the tables just stop growing with every login and every attack.
pub async fn housekeeping(store: &Store, now: i64) -> Result<(u64, u64), AppError> {
    let sessions = store.purge_expired_sessions(now).await?;
    let failures = store.purge_login_failures(now - THROTTLE_WINDOW).await?;
    Ok((sessions, failures))
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

    fn seen(count: i64, last_at: i64) -> LoginFailures {
        LoginFailures {
            count,
            last_at: Some(last_at),
        }
    }

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn backoff_is_free_then_doubles_up_to_its_cap() {
        let b = LOGIN_FROM_ADDRESS;
        assert_eq!(
            (0..=11).map(|n| b.wait_after(n)).collect::<Vec<_>>(),
            [0, 0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900]
        );
        assert_eq!(b.wait_after(i64::MAX), 900, "no overflow");
        assert_eq!(b.retry_after(&LoginFailures::default(), NOW), None);
        assert_eq!(b.retry_after(&seen(5, NOW - 10), NOW), Some(20));
        assert_eq!(b.retry_after(&seen(5, NOW - 30), NOW), None, "waited out");
    }

    /// Issue 7 item 5: five wrong passwords from the office make that login wait there, not
    /// elsewhere, and not the office's other logins.
    #[test]
    fn a_login_waits_where_it_failed_and_nowhere_else() {
        let mut office = Observed::default();
        for i in 0..5 {
            assert_eq!(office.decide(NOW + i), None, "typos are free");
            office = office.after_failure(NOW + i);
        }
        assert_eq!(
            office.decide(NOW + 5),
            Some((Scope::LoginFromAddress, 29)),
            "the same login from the same address waits, right password or not"
        );
        // The same login from a new address: its login count is 5, but this address has no
        // failure for it.
        let new_address = Observed {
            login: office.login,
            ..Default::default()
        };
        assert_eq!(new_address.decide(NOW + 5), None);
        // Another login from the office: the address has 5 failures of its 20 free ones.
        let colleague = Observed {
            address: office.address,
            ..Default::default()
        };
        assert_eq!(colleague.decide(NOW + 5), None);
    }

    #[test]
    fn one_address_trying_many_logins_is_slowed() {
        let mut attacker = Observed::default();
        for i in 0..ADDRESS.free {
            // A different login each time: only the address count grows.
            assert_eq!(attacker.decide(NOW + i), None);
            attacker.address = attacker.after_failure(NOW + i).address;
        }
        let last = NOW + ADDRESS.free - 1;
        assert_eq!(attacker.decide(last), Some((Scope::Address, 5)));
        attacker.address = attacker.after_failure(last + 5).address;
        assert_eq!(attacker.decide(last + 5), Some((Scope::Address, 10)));
    }

    #[test]
    fn a_login_guessed_from_many_addresses_allows_one_failure_per_address() {
        let under_attack = Observed {
            login: seen(LOGIN_ALERT, NOW),
            login_from_address: seen(1, NOW - 1),
            ..Default::default()
        };
        assert_eq!(
            under_attack.decide(NOW),
            Some((Scope::LoginFromAddress, 29))
        );
        // The owner, from an address that never failed for the login, still gets in.
        let owner = Observed {
            login: seen(LOGIN_ALERT * 5, NOW),
            ..Default::default()
        };
        assert_eq!(owner.decide(NOW), None);
    }

    #[test]
    fn the_longer_wait_wins() {
        let both = Observed {
            login_from_address: seen(6, NOW),
            address: seen(30, NOW),
            login: seen(6, NOW),
        };
        assert_eq!(both.decide(NOW), Some((Scope::Address, 900)));
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
