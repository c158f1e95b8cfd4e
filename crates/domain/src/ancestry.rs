//! The dated ancestor relation of the organisation tree, as rows a database can index
//! (ORG-01): "X is above Y at depth d from date a to date b". With these rows stored, "the
//! subtree of X on D", "the superior of Y on D" and "is Y under X on D" are single indexed
//! lookups, and no request has to load the whole tree.
//!
//! The rows of an organisation follow from its own versions and its ancestors' versions
//! only, so after a change the store recomputes the rows of the changed organisation and of
//! everything that was ever below it, from those organisations and their ancestors.

use std::collections::HashMap;

use serde::Serialize;
use time::Date;

use crate::org::OrgTree;
use crate::{OrgId, Period};

/// One row of the relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct AncestorSpan {
    pub org: OrgId,
    pub ancestor: OrgId,
    /// 1 for the direct superior.
    pub depth: u32,
    pub period: Period,
}

fn intersect(a: &Period, b: &Period) -> Option<Period> {
    let from = a.from().max(b.from());
    let until = match (a.until(), b.until()) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    };
    Period::new(from, until).ok()
}

/// Stretches of time over which an organisation had one fixed chain of superiors.
type Chains = Vec<(Period, Vec<OrgId>)>;

fn chains(tree: &OrgTree, org: OrgId, memo: &mut HashMap<OrgId, Chains>, depth: usize) -> Chains {
    if let Some(c) = memo.get(&org) {
        return c.clone();
    }
    let mut out = Vec::new();
    // A cycle cannot be stored (validation refuses it); the depth guard keeps a corrupt
    // snapshot from recursing forever.
    if depth > 64 {
        return out;
    }
    for v in tree.history(org) {
        match v.parent {
            None => out.push((v.period, Vec::new())),
            Some(parent) => {
                let above = chains(tree, parent, memo, depth + 1);
                let mut covered = false;
                for (p, chain) in &above {
                    if let Some(i) = intersect(&v.period, p) {
                        let mut full = vec![parent];
                        full.extend(chain.iter().copied());
                        out.push((i, full));
                        covered = true;
                    }
                }
                if !covered {
                    // The parent is not in the snapshot for that time: keep the direct link.
                    out.push((v.period, vec![parent]));
                }
            }
        }
    }
    memo.insert(org, out.clone());
    out
}

fn next_day(d: Option<Date>) -> Option<Date> {
    d.and_then(|d| d.next_day())
}

/// The ancestor rows of each organisation in `targets`, computed from `tree` (which must
/// hold the targets and every organisation ever above them). Adjacent stretches with the
/// same ancestor at the same depth are merged, so a rename adds no rows.
pub fn ancestor_spans(tree: &OrgTree, targets: &[OrgId]) -> Vec<AncestorSpan> {
    let mut memo = HashMap::new();
    let mut out = Vec::new();
    for &org in targets {
        let mut rows: Vec<AncestorSpan> = Vec::new();
        for (period, chain) in chains(tree, org, &mut memo, 0) {
            for (i, ancestor) in chain.iter().enumerate() {
                rows.push(AncestorSpan {
                    org,
                    ancestor: *ancestor,
                    depth: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    period,
                });
            }
        }
        rows.sort_by_key(|r| (r.ancestor, r.depth, r.period.from()));
        let mut merged: Vec<AncestorSpan> = Vec::with_capacity(rows.len());
        for r in rows {
            if let Some(last) = merged.last_mut() {
                if last.ancestor == r.ancestor
                    && last.depth == r.depth
                    && next_day(last.period.until()) == Some(r.period.from())
                {
                    if let Ok(p) = Period::new(last.period.from(), r.period.until()) {
                        last.period = p;
                        continue;
                    }
                }
            }
            merged.push(r);
        }
        out.extend(merged);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::{OrgKind, OrgVersion};
    use crate::text::Name;
    use time::macros::date;

    fn v(org: i64, parent: Option<i64>, from: Date, until: Option<Date>, name: &str) -> OrgVersion {
        OrgVersion {
            org: OrgId(org),
            kind: if parent.is_none() {
                OrgKind::Province
            } else {
                OrgKind::BaseCommittee
            },
            name: Name::parse("name", name).unwrap(),
            cell_type: None,
            parent: parent.map(OrgId),
            period: Period::new(from, until).unwrap(),
        }
    }

    /// ORG-01: the spans answer "who was above whom on that date" exactly like the tree,
    /// across a move and a rename.
    #[test]
    fn spans_agree_with_the_tree_across_moves() {
        let start = date!(2020 - 01 - 01);
        let tree = OrgTree::new(vec![
            v(1, None, start, None, "Tỉnh"),
            v(2, Some(1), start, Some(date!(2025 - 06 - 30)), "Khối"),
            v(3, Some(1), date!(2025 - 07 - 01), None, "UBND"),
            v(4, Some(2), start, Some(date!(2022 - 12 - 31)), "Sở"),
            v(
                4,
                Some(2),
                date!(2023 - 01 - 01),
                Some(date!(2025 - 06 - 30)),
                "Sở mới",
            ),
            v(4, Some(3), date!(2025 - 07 - 01), None, "Sở mới"),
            v(5, Some(4), start, None, "Chi bộ"),
        ]);
        let spans = ancestor_spans(&tree, &[OrgId(5), OrgId(4)]);
        for day in [
            date!(2020 - 01 - 01),
            date!(2022 - 12 - 31),
            date!(2023 - 01 - 01),
            date!(2025 - 06 - 30),
            date!(2025 - 07 - 01),
            date!(2030 - 01 - 01),
        ] {
            for org in [OrgId(5), OrgId(4)] {
                let mut from_spans: Vec<(u32, OrgId)> = spans
                    .iter()
                    .filter(|s| s.org == org && s.period.contains(day))
                    .map(|s| (s.depth, s.ancestor))
                    .collect();
                from_spans.sort();
                let expected: Vec<(u32, OrgId)> = tree
                    .ancestors_on(org, day)
                    .into_iter()
                    .enumerate()
                    .map(|(i, a)| (i as u32 + 1, a))
                    .collect();
                assert_eq!(from_spans, expected, "{org:?} on {day}");
            }
        }
        // The rename of 4 on 1/1/2023 adds no row for 5 → 4.
        assert_eq!(
            spans
                .iter()
                .filter(|s| s.org == OrgId(5) && s.ancestor == OrgId(4))
                .count(),
            1
        );
    }
}
