//! The dated ancestor table (`org_ancestor`) and the partial trees an organisation write
//! needs: never the whole tree. See `chibo_domain::ancestry` for what the rows mean.

use std::collections::BTreeSet;

use chibo_domain::ancestry::{ancestor_spans, AncestorSpan};
use chibo_domain::org::{OrgTree, OrgVersion};
use chibo_domain::OrgId;
use time::Date;

use crate::db::{q_all, q_all_in, q_exec, q_exec_in, Conn};
use crate::orgs::VersionRow;
use crate::Result;

pub(crate) async fn versions_of(conn: &mut Conn<'_>, ids: &[i64]) -> Result<Vec<OrgVersion>> {
    let rows: Vec<VersionRow> = q_all_in!(
        conn,
        VersionRow,
        "SELECT org_id, kind, name, cell_type, parent_id, valid_from, valid_until FROM org_version WHERE org_id",
        " ORDER BY org_id, valid_from",
        ids
    )?;
    rows.into_iter().map(VersionRow::into_version).collect()
}

/// Everything ever below `org` (not `org` itself).
pub(crate) async fn descendants_ever(conn: &mut Conn<'_>, org: i64) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = q_all!(
        conn,
        (i64,),
        "SELECT DISTINCT org_id FROM org_ancestor WHERE ancestor_id = $1",
        org
    )?;
    Ok(rows.into_iter().map(|(i,)| i).collect())
}

/// Everything ever above any of `orgs`.
pub(crate) async fn ancestors_ever(conn: &mut Conn<'_>, orgs: &[i64]) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = q_all_in!(
        conn,
        (i64,),
        "SELECT DISTINCT ancestor_id FROM org_ancestor WHERE org_id",
        "",
        orgs
    )?;
    Ok(rows.into_iter().map(|(i,)| i).collect())
}

/// Everything ever directly below any of `orgs`.
pub(crate) async fn children_ever(conn: &mut Conn<'_>, orgs: &[i64]) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = q_all_in!(
        conn,
        (i64,),
        "SELECT DISTINCT org_id FROM org_version WHERE parent_id",
        "",
        orgs
    )?;
    Ok(rows.into_iter().map(|(i,)| i).collect())
}

/// The part of the tree a write to `org` (possibly moving it under `new_parent`) must see:
/// `org` and everything ever below it (whose ancestor rows it rewrites), everything ever
/// above those and above the new parent (cycle and kind checks, and the rows' chains), and
/// the direct children of `org` and of the new parent (closing, sibling checks).
/// Returns the partial tree and the organisations whose rows must be rewritten.
pub(crate) async fn neighbourhood(
    conn: &mut Conn<'_>,
    org: OrgId,
    new_parent: Option<OrgId>,
) -> Result<(OrgTree, Vec<OrgId>)> {
    let mut targets = vec![org.0];
    targets.extend(descendants_ever(conn, org.0).await?);
    let mut wanted: BTreeSet<i64> = targets.iter().copied().collect();
    let mut roots = targets.clone();
    if let Some(p) = new_parent {
        roots.push(p.0);
        wanted.insert(p.0);
    }
    wanted.extend(ancestors_ever(conn, &roots).await?);
    let mut parents = vec![org.0];
    parents.extend(new_parent.map(|p| p.0));
    wanted.extend(children_ever(conn, &parents).await?);
    let wanted: Vec<i64> = wanted.into_iter().collect();
    let tree = OrgTree::new(versions_of(conn, &wanted).await?);
    Ok((tree, targets.into_iter().map(OrgId).collect()))
}

/// Every version of every real organisation (the cached tree of pages); sandbox cells are
/// left out ([`crate::sandbox`]).
pub(crate) async fn whole_tree(conn: &mut Conn<'_>) -> Result<OrgTree> {
    let rows: Vec<VersionRow> = q_all!(
        conn,
        VersionRow,
        concat!(
            "SELECT org_id, kind, name, cell_type, parent_id, valid_from, valid_until FROM org_version WHERE org_id IN ",
            crate::sandbox::real_orgs!(),
            " ORDER BY org_id, valid_from"
        )
    )?;
    let versions = rows
        .into_iter()
        .map(VersionRow::into_version)
        .collect::<Result<Vec<_>>>()?;
    Ok(OrgTree::new(versions))
}

/// Replaces the ancestor rows of `targets` by those computed from `tree`.
pub(crate) async fn rewrite_spans(
    conn: &mut Conn<'_>,
    tree: &OrgTree,
    targets: &[OrgId],
) -> Result<()> {
    let ids: Vec<i64> = targets.iter().map(|o| o.0).collect();
    q_exec_in!(conn, "DELETE FROM org_ancestor WHERE org_id", "", &ids)?;
    insert_spans(conn, &ancestor_spans(tree, targets)).await
}

pub(crate) async fn insert_spans(conn: &mut Conn<'_>, spans: &[AncestorSpan]) -> Result<()> {
    for s in spans {
        q_exec!(
            conn,
            "INSERT INTO org_ancestor (org_id, ancestor_id, depth, valid_from, valid_until) VALUES ($1, $2, $3, $4, $5)",
            s.org.0,
            s.ancestor.0,
            i64::from(s.depth),
            s.period.from(),
            s.period.until(),
        )?;
    }
    Ok(())
}

/// Rebuilds the whole table from `org_version` (after the migration that created it, and
/// by `chibo migrate`'s repair). Loads every version — it runs before the sandbox flag
/// exists, and sandbox cells, being roots, get no rows anyway. An administrative step, not
/// a request.
pub(crate) async fn rebuild_all(conn: &mut Conn<'_>) -> Result<usize> {
    let rows: Vec<VersionRow> = q_all!(
        conn,
        VersionRow,
        "SELECT org_id, kind, name, cell_type, parent_id, valid_from, valid_until FROM org_version ORDER BY org_id, valid_from"
    )?;
    let tree = OrgTree::new(
        rows.into_iter()
            .map(VersionRow::into_version)
            .collect::<Result<Vec<_>>>()?,
    );
    let mut targets: Vec<OrgId> = tree.all_versions().map(|v| v.org).collect();
    targets.sort();
    targets.dedup();
    q_exec!(conn, "DELETE FROM org_ancestor")?;
    let spans = ancestor_spans(&tree, &targets);
    insert_spans(conn, &spans).await?;
    Ok(spans.len())
}

/// `root` and every organisation under it on `date`, by one indexed query.
pub(crate) async fn subtree_on(conn: &mut Conn<'_>, root: OrgId, date: Date) -> Result<Vec<OrgId>> {
    let rows: Vec<(i64,)> = q_all!(
        conn,
        (i64,),
        "SELECT org_id FROM org_ancestor WHERE ancestor_id = $1 AND valid_from <= $2
           AND (valid_until IS NULL OR valid_until >= $2)
         UNION SELECT org_id FROM org_version WHERE org_id = $1 AND valid_from <= $2
           AND (valid_until IS NULL OR valid_until >= $2)",
        root.0,
        date
    )?;
    Ok(rows.into_iter().map(|(i,)| OrgId(i)).collect())
}

/// The direct superior of `org` on `date`.
pub(crate) async fn superior_on(
    conn: &mut Conn<'_>,
    org: OrgId,
    date: Date,
) -> Result<Option<OrgId>> {
    let rows: Vec<(i64,)> = q_all!(
        conn,
        (i64,),
        "SELECT ancestor_id FROM org_ancestor WHERE org_id = $1 AND depth = 1 AND valid_from <= $2
           AND (valid_until IS NULL OR valid_until >= $2)",
        org.0,
        date
    )?;
    Ok(rows.first().map(|(i,)| OrgId(*i)))
}

/// Whether `org` is `root` or lies under it on `date`.
pub(crate) async fn is_under(
    conn: &mut Conn<'_>,
    org: OrgId,
    root: OrgId,
    date: Date,
) -> Result<bool> {
    if org == root {
        return Ok(true);
    }
    let rows: Vec<(i64,)> = q_all!(
        conn,
        (i64,),
        "SELECT depth FROM org_ancestor WHERE org_id = $1 AND ancestor_id = $2 AND valid_from <= $3
           AND (valid_until IS NULL OR valid_until >= $3)",
        org.0,
        root.0,
        date
    )?;
    Ok(!rows.is_empty())
}
