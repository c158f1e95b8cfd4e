//! The situation bank written by trainers (issue 13, TRN-02): a committee's own situations,
//! beside the builtin ones of the domain. A code is unique in its committee and never a
//! builtin code; a withdrawn situation stays stored (and readable) but is no longer offered
//! for injection, and injections keep their own copy. Sandbox cells own no situations.

use chibo_domain::training::situations::is_builtin_code;
use chibo_domain::training::{PracticeError, Situation};
use chibo_domain::OrgId;
use serde::Serialize;
use serde_json::json;
use sqlx::types::Json;

use crate::audit::AuditAction;
use crate::db::{q_all, q_exec, q_one, q_opt};
use crate::error::StoreError;
use crate::stamp::Stamp;
use crate::training::Training;
use crate::{Result, Store};

/// A situation a committee's trainers wrote (TRN-02).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BankSituation {
    pub owner: OrgId,
    pub situation: Situation,
    pub author: String,
    /// Unix seconds.
    pub created_at: i64,
    /// When it was withdrawn (Unix seconds); a withdrawn situation is not injected.
    pub retired_at: Option<i64>,
}

type Row = (i64, Json<Situation>, String, Stamp, Option<Stamp>);

impl Store {
    /// The situations committee `owner` wrote, withdrawn ones included, by code (TRN-02).
    pub async fn trainer_situations(&self, owner: OrgId) -> Result<Vec<BankSituation>> {
        let mut lease = self.lease().await?;
        let rows: Vec<Row> = q_all!(
            &mut lease.conn(),
            Row,
            "SELECT owner_org_id, situation_json, author, created_at, retired_at
             FROM training_situation WHERE owner_org_id = $1 ORDER BY code",
            owner.0
        )?;
        Ok(rows
            .into_iter()
            .map(|(owner, s, author, created, retired)| BankSituation {
                owner: OrgId(owner),
                situation: s.0,
                author,
                created_at: created.0,
                retired_at: retired.map(|r| r.0),
            })
            .collect())
    }
}

impl Training<'_> {
    /// TRN-02: committee `owner` adds `situation` to its bank, signed `author`. Refused for a
    /// sandbox cell, for a builtin code and for a code the committee already used (even
    /// withdrawn: an injection's code names one situation), whatever the case.
    pub async fn write_situation(
        &mut self,
        owner: OrgId,
        situation: &Situation,
        author: &str,
    ) -> Result<i64> {
        let w = self.uow();
        let found: Option<(bool,)> = q_opt!(
            &mut w.conn(),
            (bool,),
            "SELECT sandbox FROM org WHERE id = $1",
            owner.0
        )?;
        match found {
            None | Some((true,)) => return Err(StoreError::NotFound("org")),
            Some((false,)) => {}
        }
        let code = situation.code.as_str();
        if is_builtin_code(code) {
            return Err(PracticeError::CodeTaken(code.to_string()).into());
        }
        let taken: Option<(i64,)> = q_opt!(
            &mut w.conn(),
            (i64,),
            "SELECT id FROM training_situation WHERE owner_org_id = $1 AND UPPER(code) = UPPER($2)",
            owner.0,
            code
        )?;
        if taken.is_some() {
            return Err(PracticeError::CodeTaken(code.to_string()).into());
        }
        let user = w.actor().user.map(|u| u.0);
        let at = w.actor().at;
        let (id,): (i64,) = q_one!(
            &mut w.conn(),
            (i64,),
            "INSERT INTO training_situation (owner_org_id, code, situation_json, author, author_user_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            owner.0,
            code,
            Json(situation),
            author,
            user,
            Stamp(at)
        )?;
        w.audit(
            AuditAction::TrainingSituationWrite,
            &format!("situation/{id}"),
            Some(owner),
            None,
            Some(json!({ "code": code, "situation": situation, "author": author })),
        )
        .await?;
        Ok(id)
    }

    /// TRN-02: committee `owner` withdraws its situation `code` (once): it stays readable,
    /// injections made keep their copy, and it is no longer injected.
    pub async fn withdraw_situation(&mut self, owner: OrgId, code: &str) -> Result<()> {
        let w = self.uow();
        let at = w.actor().at;
        let changed = q_exec!(
            &mut w.conn(),
            "UPDATE training_situation SET retired_at = $1
             WHERE owner_org_id = $2 AND code = $3 AND retired_at IS NULL",
            Stamp(at),
            owner.0,
            code
        )?;
        if changed == 0 {
            return Err(PracticeError::UnknownSituation.into());
        }
        w.audit(
            AuditAction::TrainingSituationWithdraw,
            &format!("situation/{code}"),
            Some(owner),
            None,
            Some(json!({ "code": code })),
        )
        .await?;
        Ok(())
    }
}
