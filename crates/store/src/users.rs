//! Logins, their system roles, server-side sessions and the failed-login log used for
//! throttling. Passwords arrive here already hashed (argon2id, in the app crate); session
//! tokens arrive hashed too, so a copy of the database does not hand out live sessions.

use chibo_domain::access::SystemRole;
use chibo_domain::{OrgId, PersonId, UserId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::audit::{record, Actor};
use crate::codec::corrupt;
use crate::error::StoreError;
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
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub login: String,
    pub password_hash: String,
    pub person: Option<PersonId>,
    pub roles: Vec<SystemRole>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub user: UserId,
    pub csrf_token: String,
    pub expires_at: i64,
}

fn user_from_row(r: &AnyRow) -> Result<UserRecord> {
    Ok(UserRecord {
        id: UserId(r.try_get("id")?),
        login: r.try_get("login")?,
        password_hash: r.try_get("password_hash")?,
        person: r.try_get::<Option<i64>, _>("person_id")?.map(PersonId),
        locale: r.try_get("locale")?,
        disabled: r.try_get::<i64, _>("disabled")? != 0,
        roles: Vec::new(),
    })
}

/// Audit snapshot of a user: never the password hash.
fn audit_view(u: &UserRecord) -> serde_json::Value {
    serde_json::json!({ "login": u.login, "person": u.person, "roles": u.roles, "disabled": u.disabled })
}

impl Store {
    pub async fn create_user(&self, actor: &Actor, new: &NewUser) -> Result<UserId> {
        let mut tx = self.pool().begin().await?;
        let clash = sqlx::query("SELECT id FROM app_user WHERE login = $1")
            .bind(&new.login)
            .fetch_optional(&mut *tx)
            .await?;
        if clash.is_some() {
            return Err(StoreError::Conflict { field: "login" });
        }
        let row = sqlx::query(
            "INSERT INTO app_user (login, password_hash, person_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(&new.login)
        .bind(&new.password_hash)
        .bind(new.person.map(|p| p.0))
        .bind(actor.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(StoreError::from_sqlx)?;
        let id = UserId(row.try_get(0)?);
        for role in &new.roles {
            let (name, org) = match role {
                SystemRole::Admin => ("admin", None),
                SystemRole::Staff { org } => ("staff", Some(org.0)),
            };
            sqlx::query("INSERT INTO user_role (user_id, role, org_id) VALUES ($1, $2, $3)")
                .bind(id.0)
                .bind(name)
                .bind(org)
                .execute(&mut *tx)
                .await?;
        }
        let view = UserRecord {
            id,
            login: new.login.clone(),
            password_hash: String::new(),
            person: new.person,
            locale: "vi".into(),
            disabled: false,
            roles: new.roles.clone(),
        };
        record(
            &mut tx,
            actor,
            "user.create",
            "user",
            &id.to_string(),
            None,
            None,
            Some(&audit_view(&view)),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn set_password_hash(&self, actor: &Actor, user: UserId, hash: &str) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query("UPDATE app_user SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("user"));
        }
        // A new password ends every open session of that user.
        sqlx::query("DELETE FROM session WHERE user_id = $1")
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        let note = serde_json::json!({ "password": "changed" });
        record(
            &mut tx,
            actor,
            "user.password",
            "user",
            &user.to_string(),
            None,
            None,
            Some(&note),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_locale(&self, actor: &Actor, user: UserId, locale: &str) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("UPDATE app_user SET locale = $1 WHERE id = $2")
            .bind(locale)
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        let note = serde_json::json!({ "locale": locale });
        record(
            &mut tx,
            actor,
            "user.locale",
            "user",
            &user.to_string(),
            None,
            None,
            Some(&note),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn with_roles(&self, mut user: UserRecord) -> Result<UserRecord> {
        let rows = sqlx::query("SELECT role, org_id FROM user_role WHERE user_id = $1 ORDER BY id")
            .bind(user.id.0)
            .fetch_all(self.pool())
            .await?;
        for r in rows {
            let role: String = r.try_get("role")?;
            let org: Option<i64> = r.try_get("org_id")?;
            user.roles.push(match (role.as_str(), org) {
                ("admin", _) => SystemRole::Admin,
                ("staff", Some(org)) => SystemRole::Staff { org: OrgId(org) },
                _ => return Err(corrupt("user_role.role", &role)),
            });
        }
        Ok(user)
    }

    pub async fn user_by_login(&self, login: &str) -> Result<Option<UserRecord>> {
        let row = sqlx::query("SELECT id, login, password_hash, person_id, locale, disabled FROM app_user WHERE login = $1")
            .bind(login)
            .fetch_optional(self.pool())
            .await?;
        match row {
            Some(r) => Ok(Some(self.with_roles(user_from_row(&r)?).await?)),
            None => Ok(None),
        }
    }

    pub async fn user(&self, id: UserId) -> Result<Option<UserRecord>> {
        let row = sqlx::query("SELECT id, login, password_hash, person_id, locale, disabled FROM app_user WHERE id = $1")
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?;
        match row {
            Some(r) => Ok(Some(self.with_roles(user_from_row(&r)?).await?)),
            None => Ok(None),
        }
    }

    pub async fn users(&self) -> Result<Vec<UserRecord>> {
        let rows = sqlx::query("SELECT id, login, password_hash, person_id, locale, disabled FROM app_user ORDER BY login")
            .fetch_all(self.pool())
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(self.with_roles(user_from_row(r)?).await?);
        }
        Ok(out)
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        session: &SessionRecord,
        now: i64,
    ) -> Result<()> {
        sqlx::query("INSERT INTO session (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(token_hash)
            .bind(session.user.0)
            .bind(&session.csrf_token)
            .bind(now)
            .bind(session.expires_at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The live session behind a token hash; expired sessions are treated as absent.
    pub async fn session(&self, token_hash: &str, now: i64) -> Result<Option<SessionRecord>> {
        let row = sqlx::query("SELECT user_id, csrf_token, expires_at FROM session WHERE token_hash = $1 AND expires_at > $2")
            .bind(token_hash)
            .bind(now)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| {
            Ok(SessionRecord {
                user: UserId(r.try_get("user_id")?),
                csrf_token: r.try_get("csrf_token")?,
                expires_at: r.try_get("expires_at")?,
            })
        })
        .transpose()
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM session WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn purge_expired_sessions(&self, now: i64) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM session WHERE expires_at <= $1")
            .bind(now)
            .execute(self.pool())
            .await?
            .rows_affected())
    }

    pub async fn record_login_failure(&self, key: &str, at: i64) -> Result<()> {
        sqlx::query("INSERT INTO login_failure (throttle_key, at) VALUES ($1, $2)")
            .bind(key)
            .bind(at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn login_failures_since(&self, key: &str, since: i64) -> Result<i64> {
        let row =
            sqlx::query("SELECT COUNT(*) FROM login_failure WHERE throttle_key = $1 AND at > $2")
                .bind(key)
                .bind(since)
                .fetch_one(self.pool())
                .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn clear_login_failures(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failure WHERE throttle_key = $1")
            .bind(key)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
