//! The sandbox boundary (training mode, issue 13): practice groups' cells and everything in
//! them never reach a real list, report, dashboard, export or document number. One
//! mechanism keeps them out:
//!
//! - a sandbox organisation is flagged `org.sandbox` and is always a root — created only by
//!   the training repository, never given a parent, never made the parent of a real
//!   organisation ([`refuse_sandbox`] in the organisation writes). So it has no
//!   `org_ancestor` rows, and every read scoped by a real organisation's subtree (rosters,
//!   meetings, attendance, plans, audit, numbering, exports) cannot reach it;
//! - the one read that is not scoped by a subtree, the whole tree behind `Store::org_tree`,
//!   keeps to [`real_orgs!`].
//!
//! The conformance test `trn_01_no_sandbox_row_reaches_a_real_query` checks it.

use chibo_domain::OrgId;

use crate::db::{q_opt, Conn};
use crate::error::StoreError;
use crate::Result;

/// The real organisations, as a sub-select for `org_id IN …` (both dialects).
macro_rules! real_orgs {
    () => {
        "(SELECT id FROM org WHERE sandbox = FALSE)"
    };
}
pub(crate) use real_orgs;

pub(crate) async fn is_sandbox(conn: &mut Conn<'_>, org: OrgId) -> Result<bool> {
    let row: Option<(bool,)> = q_opt!(
        conn,
        (bool,),
        "SELECT sandbox FROM org WHERE id = $1",
        org.0
    )?;
    Ok(row.is_some_and(|(s,)| s))
}

/// Refuses a real write that touches a sandbox organisation: to the real world it does not
/// exist.
pub(crate) async fn refuse_sandbox(conn: &mut Conn<'_>, orgs: &[OrgId]) -> Result<()> {
    for org in orgs {
        if is_sandbox(conn, *org).await? {
            return Err(StoreError::NotFound("org"));
        }
    }
    Ok(())
}
