//! Logins, their system roles, server-side sessions and the failed-login log used for
//! throttling. Passwords arrive here already hashed (argon2id, in the app crate); session
//! tokens arrive hashed too, so a copy of the database does not hand out live sessions.

use std::sync::Arc;

use chibo_domain::access::SystemRole;
use chibo_domain::member::{Placement, RoleAssignment, StatusPeriod};
use chibo_domain::{OrgId, PersonId, UserId};
use serde::Serialize;

use crate::audit::{Actor, AuditAction};
use crate::codec::corrupt;
use crate::db::{q_all, q_exec, q_one, q_opt, Conn};
use crate::error::StoreError;
use crate::people::history_of;
use crate::stamp::Stamp;
use crate::uow::UnitOfWork;
use crate::{Result, Store};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct UserRecord {
    pub id: UserId,
    pub login: String,
    #[serde(skip)]
    pub password_hash: String,
    pub person: Option<PersonId>,
    pub locale: String,
    pub disabled: bool,
    pub roles: Vec<SystemRole>,
    /// The name staff are greeted by (logins linked to a person use the person's name).
    pub display_name: Option<String>,
}

impl UserRecord {
    /// How the user is named on pages: the linked person's name, else the display name,
    /// else the login.
    pub fn shown_name(&self, person_name: Option<&str>) -> String {
        person_name
            .or(self.display_name.as_deref())
            .unwrap_or(&self.login)
            .to_string()
    }
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub login: String,
    pub password_hash: String,
    pub person: Option<PersonId>,
    pub roles: Vec<SystemRole>,
    pub display_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub user: UserId,
    pub csrf_token: String,
    pub expires_at: i64,
}

/// What access decisions need about a user beyond the login: system roles and the linked
/// person's dated records. Cached per user; dropped when users or people change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessRecords {
    pub roles: Vec<SystemRole>,
    /// The person linked to the login, whose records these are.
    pub person: Option<PersonId>,
    pub placements: Vec<Placement>,
    pub statuses: Vec<StatusPeriod>,
    pub party_roles: Vec<RoleAssignment>,
}

/// Everything a request needs to know about who is asking, from one query on the session
/// (revocation takes effect at once) plus the cached [`AccessRecords`].
#[derive(Debug, Clone)]
pub struct SessionContext {
    pub session: SessionRecord,
    pub user: UserRecord,
    /// The linked person's name, if any.
    pub person_name: Option<String>,
    pub access: Arc<AccessRecords>,
}

/// Failed logins under one throttle key inside the counting window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoginFailures {
    pub count: i64,
    /// Unix seconds of the latest failure, if any.
    pub last_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    login: String,
    password_hash: String,
    person_id: Option<i64>,
    locale: String,
    disabled: bool,
    display_name: Option<String>,
}

impl UserRow {
    fn into_record(self, roles: Vec<SystemRole>) -> UserRecord {
        UserRecord {
            id: UserId(self.id),
            login: self.login,
            password_hash: self.password_hash,
            person: self.person_id.map(PersonId),
            locale: self.locale,
            disabled: self.disabled,
            roles,
            display_name: self.display_name,
        }
    }
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    user_id: i64,
    csrf_token: String,
    expires_at: Stamp,
    login: String,
    password_hash: String,
    person_id: Option<i64>,
    locale: String,
    disabled: bool,
    display_name: Option<String>,
    full_name: Option<String>,
}

/// Audit snapshot of a user: never the password hash.
fn audit_view(u: &UserRecord) -> serde_json::Value {
    serde_json::json!({ "login": u.login, "name": u.display_name, "person": u.person, "roles": u.roles, "disabled": u.disabled })
}

async fn roles_of(conn: &mut Conn<'_>, user: i64) -> Result<Vec<SystemRole>> {
    let rows: Vec<(String, Option<i64>)> = q_all!(
        conn,
        (String, Option<i64>),
        "SELECT role, org_id FROM user_role WHERE user_id = $1 ORDER BY id",
        user
    )?;
    rows.into_iter()
        .map(|(role, org)| match (role.as_str(), org) {
            ("admin", _) => Ok(SystemRole::Admin),
            ("staff", Some(org)) => Ok(SystemRole::Staff { org: OrgId(org) }),
            _ => Err(corrupt("user_role.role", &role)),
        })
        .collect()
}

macro_rules! select_users {
    ($rest:literal) => {
        concat!(
            "SELECT id, login, password_hash, person_id, locale, disabled, display_name FROM app_user ",
            $rest
        )
    };
}

impl Store {
    async fn user_where(
        &self,
        row: Option<UserRow>,
        conn: &mut Conn<'_>,
    ) -> Result<Option<UserRecord>> {
        match row {
            Some(r) => {
                let roles = roles_of(conn, r.id).await?;
                Ok(Some(r.into_record(roles)))
            }
            None => Ok(None),
        }
    }

    pub async fn user_by_login(&self, login: &str) -> Result<Option<UserRecord>> {
        let mut lease = self.lease().await?;
        let conn = &mut lease.conn();
        let row: Option<UserRow> = q_opt!(conn, UserRow, select_users!("WHERE login = $1"), login)?;
        self.user_where(row, conn).await
    }

    pub async fn user(&self, id: UserId) -> Result<Option<UserRecord>> {
        let mut lease = self.lease().await?;
        let conn = &mut lease.conn();
        let row: Option<UserRow> = q_opt!(conn, UserRow, select_users!("WHERE id = $1"), id.0)?;
        self.user_where(row, conn).await
    }

    pub async fn users(&self) -> Result<Vec<UserRecord>> {
        let mut lease = self.lease().await?;
        let conn = &mut lease.conn();
        let rows: Vec<UserRow> = q_all!(conn, UserRow, select_users!("ORDER BY login"))?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let roles = roles_of(conn, r.id).await?;
            out.push(r.into_record(roles));
        }
        Ok(out)
    }

    /// The live session behind a token hash; expired sessions are treated as absent.
    pub async fn session(&self, token_hash: &str, now: i64) -> Result<Option<SessionRecord>> {
        Ok(self
            .session_context(token_hash, now)
            .await?
            .map(|c| c.session))
    }

    /// The request context of a session token, from the cache when this server has seen the
    /// token since the last change to users or people; otherwise one query for the session,
    /// the login and the person's name, plus four for the access records on a cache miss.
    /// Ending a session or changing a password drops the cached contexts (on every server,
    /// through the cache channel), so a revoked session is refused on the next request; an
    /// expired one is refused by its stored expiry.
    pub async fn session_context(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<SessionContext>> {
        if let Some(hit) = self.caches.session(token_hash) {
            return Ok((hit.session.expires_at > now).then(|| (*hit).clone()));
        }
        let gen = self.caches.access_generation();
        let context = self.load_session_context(token_hash, now).await?;
        if let Some(c) = &context {
            self.caches
                .put_session(gen, token_hash.to_string(), Arc::new(c.clone()));
        }
        Ok(context)
    }

    async fn load_session_context(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<SessionContext>> {
        let mut lease = self.lease().await?;
        let conn = &mut lease.conn();
        let row: Option<SessionRow> = q_opt!(
            conn,
            SessionRow,
            "SELECT s.user_id, s.csrf_token, s.expires_at, u.login, u.password_hash, u.person_id,
                    u.locale, u.disabled, u.display_name, p.full_name
             FROM session s JOIN app_user u ON u.id = s.user_id
             LEFT JOIN person p ON p.id = u.person_id
             WHERE s.token_hash = $1 AND s.expires_at > $2",
            token_hash,
            Stamp(now)
        )?;
        let Some(r) = row else {
            return Ok(None);
        };
        let access = match self.caches.access(r.user_id) {
            Some(hit) => hit,
            None => {
                let gen = self.caches.access_generation();
                let roles = roles_of(conn, r.user_id).await?;
                let (placements, statuses, party_roles) = match r.person_id {
                    Some(p) => history_of(conn, PersonId(p)).await?,
                    None => Default::default(),
                };
                let records = Arc::new(AccessRecords {
                    roles,
                    person: r.person_id.map(PersonId),
                    placements,
                    statuses,
                    party_roles,
                });
                self.caches.put_access(gen, r.user_id, Arc::clone(&records));
                records
            }
        };
        Ok(Some(SessionContext {
            session: SessionRecord {
                user: UserId(r.user_id),
                csrf_token: r.csrf_token,
                expires_at: r.expires_at.0,
            },
            user: UserRecord {
                id: UserId(r.user_id),
                login: r.login,
                password_hash: r.password_hash,
                person: r.person_id.map(PersonId),
                locale: r.locale,
                disabled: r.disabled,
                roles: access.roles.clone(),
                display_name: r.display_name,
            },
            person_name: r.full_name,
            access,
        }))
    }

    /// Failed logins recorded under `key` after `since`: how many, and when the latest was
    /// (what the throttling policy in the app crate decides from).
    pub async fn login_failures(&self, key: &str, since: i64) -> Result<LoginFailures> {
        let mut lease = self.lease().await?;
        let (count, last): (i64, Option<Stamp>) = q_one!(
            &mut lease.conn(),
            (i64, Option<Stamp>),
            "SELECT COUNT(*), MAX(at) FROM login_failure WHERE throttle_key = $1 AND at > $2",
            key,
            Stamp(since)
        )?;
        Ok(LoginFailures {
            count,
            last_at: last.map(|s| s.0),
        })
    }

    pub async fn login_failures_since(&self, key: &str, since: i64) -> Result<i64> {
        let mut lease = self.lease().await?;
        let (n,): (i64,) = q_one!(
            &mut lease.conn(),
            (i64,),
            "SELECT COUNT(*) FROM login_failure WHERE throttle_key = $1 AND at > $2",
            key,
            Stamp(since)
        )?;
        Ok(n)
    }

    /// Expired sessions are deleted by the maintenance task, not by a user: not audited.
    /// The user whose calendar feed token hashes to `token_hash`, if it was not revoked.
    pub async fn calendar_feed_user(&self, token_hash: &str) -> Result<Option<UserId>> {
        let mut lease = self.lease().await?;
        let row: Option<(i64,)> = q_opt!(
            &mut lease.conn(),
            (i64,),
            "SELECT user_id FROM calendar_feed WHERE token_hash = $1",
            token_hash
        )?;
        Ok(row.map(|(u,)| UserId(u)))
    }

    /// Deletes the sessions expired at `now` (they are refused already; this keeps the table
    /// from growing with every login). Returns how many went.
    pub async fn purge_expired_sessions(&self, now: i64) -> Result<u64> {
        let mut lease = self.lease().await?;
        Ok(q_exec!(
            &mut lease.conn(),
            "DELETE FROM session WHERE expires_at <= $1",
            Stamp(now)
        )?)
    }

    /// Deletes login failures recorded at or before `before` (older than any throttle window
    /// reads, so they can no longer slow anyone down). Returns how many went.
    pub async fn purge_login_failures(&self, before: i64) -> Result<u64> {
        let mut lease = self.lease().await?;
        Ok(q_exec!(
            &mut lease.conn(),
            "DELETE FROM login_failure WHERE at <= $1",
            Stamp(before)
        )?)
    }
}

/// Writes to logins and sessions inside a unit of work.
pub struct Users<'u>(&'u mut UnitOfWork);

impl UnitOfWork {
    pub fn users(&mut self) -> Users<'_> {
        Users(self)
    }
}

impl Users<'_> {
    /// A new calendar feed token for `user` (stored by its hash), replacing any earlier one.
    pub async fn set_calendar_feed(&mut self, user: UserId, token_hash: &str) -> Result<()> {
        let w = &mut *self.0;
        let at = w.actor().at;
        let conn = &mut w.conn();
        let had: Option<(i64,)> = q_opt!(
            conn,
            (i64,),
            "SELECT user_id FROM calendar_feed WHERE user_id = $1",
            user.0
        )?;
        q_exec!(conn, "DELETE FROM calendar_feed WHERE user_id = $1", user.0)?;
        q_exec!(
            conn,
            "INSERT INTO calendar_feed (user_id, token_hash, created_at) VALUES ($1, $2, $3)",
            user.0,
            token_hash,
            crate::stamp::Stamp(at)
        )?;
        w.audit(
            AuditAction::CalendarFeed,
            &user.0.to_string(),
            None,
            had.map(|_| serde_json::json!({ "feed": "replaced" })),
            Some(serde_json::json!({ "feed": "issued" })),
        )
        .await
    }

    /// Revokes `user`'s calendar feed: its URL answers 404 from now on.
    pub async fn revoke_calendar_feed(&mut self, user: UserId) -> Result<()> {
        let w = &mut *self.0;
        q_exec!(
            &mut w.conn(),
            "DELETE FROM calendar_feed WHERE user_id = $1",
            user.0
        )?;
        w.audit(
            AuditAction::CalendarFeed,
            &user.0.to_string(),
            None,
            Some(serde_json::json!({ "feed": "issued" })),
            Some(serde_json::json!({ "feed": "revoked" })),
        )
        .await
    }

    pub async fn create(&mut self, new: &NewUser) -> Result<UserId> {
        let w = &mut *self.0;
        let at = w.actor().at;
        let clash: Option<(i64,)> = q_opt!(
            &mut w.conn(),
            (i64,),
            "SELECT id FROM app_user WHERE login = $1",
            &new.login
        )?;
        if clash.is_some() {
            return Err(StoreError::Conflict { field: "login" });
        }
        let (id,): (i64,) = q_one!(
            &mut w.conn(),
            (i64,),
            "INSERT INTO app_user (login, password_hash, person_id, created_at, display_name) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            &new.login,
            &new.password_hash,
            new.person.map(|p| p.0),
            Stamp(at),
            &new.display_name,
        )?;
        for role in &new.roles {
            let (name, org) = match role {
                SystemRole::Admin => ("admin", None),
                SystemRole::Staff { org } => ("staff", Some(org.0)),
            };
            q_exec!(
                &mut w.conn(),
                "INSERT INTO user_role (user_id, role, org_id) VALUES ($1, $2, $3)",
                id,
                name,
                org
            )?;
        }
        let id = UserId(id);
        let view = UserRecord {
            id,
            login: new.login.clone(),
            password_hash: String::new(),
            person: new.person,
            locale: "vi".into(),
            disabled: false,
            roles: new.roles.clone(),
            display_name: new.display_name.clone(),
        };
        w.touch(|t| t.users = true);
        w.audit(
            AuditAction::UserCreate,
            &id.to_string(),
            None,
            None,
            Some(audit_view(&view)),
        )
        .await?;
        Ok(id)
    }

    /// Sets a new password hash; a new password ends every open session of that user.
    pub async fn set_password_hash(&mut self, user: UserId, hash: &str) -> Result<()> {
        let w = &mut *self.0;
        let done = q_exec!(
            &mut w.conn(),
            "UPDATE app_user SET password_hash = $1 WHERE id = $2",
            hash,
            user.0
        )?;
        if done == 0 {
            return Err(StoreError::NotFound("user"));
        }
        q_exec!(
            &mut w.conn(),
            "DELETE FROM session WHERE user_id = $1",
            user.0
        )?;
        w.touch(|t| t.users = true);
        w.audit(
            AuditAction::UserPassword,
            &user.to_string(),
            None,
            None,
            Some(serde_json::json!({ "password": "changed" })),
        )
        .await
    }

    pub async fn set_locale(&mut self, user: UserId, locale: &str) -> Result<()> {
        let w = &mut *self.0;
        q_exec!(
            &mut w.conn(),
            "UPDATE app_user SET locale = $1 WHERE id = $2",
            locale,
            user.0
        )?;
        w.touch(|t| t.users = true);
        w.audit(
            AuditAction::UserLocale,
            &user.to_string(),
            None,
            None,
            Some(serde_json::json!({ "locale": locale })),
        )
        .await
    }

    /// Opens a session after a successful login and forgets the failures under `clear_keys`
    /// (the login's own keys; never the address's, which a second account could otherwise
    /// reset).
    pub async fn start_session(
        &mut self,
        token_hash: &str,
        session: &SessionRecord,
        clear_keys: &[String],
        client: &str,
    ) -> Result<()> {
        let w = &mut *self.0;
        let at = w.actor().at;
        q_exec!(
            &mut w.conn(),
            "INSERT INTO session (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
            token_hash,
            session.user.0,
            &session.csrf_token,
            Stamp(at),
            Stamp(session.expires_at),
        )?;
        for key in clear_keys {
            q_exec!(
                &mut w.conn(),
                "DELETE FROM login_failure WHERE throttle_key = $1",
                key
            )?;
        }
        w.audit(
            AuditAction::Login,
            &session.user.to_string(),
            None,
            None,
            Some(serde_json::json!({ "client": client })),
        )
        .await
    }

    /// Ends a session (log-out).
    pub async fn end_session(&mut self, token_hash: &str, user: UserId) -> Result<()> {
        let w = &mut *self.0;
        q_exec!(
            &mut w.conn(),
            "DELETE FROM session WHERE token_hash = $1",
            token_hash
        )?;
        w.touch(|t| t.users = true);
        w.audit(AuditAction::Logout, &user.to_string(), None, None, None)
            .await
    }

    /// Records a failed login under each throttle key; `backoff` is what the throttling
    /// policy decided because of it (the key that now makes the next attempt wait, and for
    /// how many seconds), audited with the failure.
    pub async fn login_failed(
        &mut self,
        login: &str,
        keys: &[String],
        client: &str,
        backoff: Option<(&str, i64)>,
    ) -> Result<()> {
        let w = &mut *self.0;
        let at = w.actor().at;
        for key in keys {
            q_exec!(
                &mut w.conn(),
                "INSERT INTO login_failure (throttle_key, at) VALUES ($1, $2)",
                key,
                Stamp(at)
            )?;
        }
        let mut after = serde_json::json!({ "client": client });
        if let Some((key, wait)) = backoff {
            after["backoff"] = serde_json::json!({ "key": key, "retry_after_secs": wait });
        }
        w.audit(AuditAction::LoginFailed, login, None, None, Some(after))
            .await
    }

    /// Records that a login attempt was refused by throttling, and why: the key whose
    /// failures made it wait, how many there were, and how long the client must wait.
    pub async fn throttled(
        &mut self,
        login: &str,
        key: &str,
        client: &str,
        failures: i64,
        retry_after_secs: i64,
    ) -> Result<()> {
        self.0
            .audit(
                AuditAction::LoginThrottled,
                login,
                None,
                None,
                Some(serde_json::json!({
                    "client": client,
                    "key": key,
                    "failures": failures,
                    "retry_after_secs": retry_after_secs,
                })),
            )
            .await
    }
}

impl Store {
    /// A unit of work for an authentication event by an anonymous client.
    pub async fn auth_unit(&self, at: i64) -> Result<UnitOfWork> {
        self.write(&Actor {
            user: None,
            label: "anonymous".into(),
            at,
        })
        .await
    }
}
