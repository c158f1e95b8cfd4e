//! The organisation tree (ORG-01..04).
//!
//! The tree has variable depth and keeps history: every node (`org`) has versions, each with
//! its own kind, name, cell type and parent over a validity [`Period`]. A 2024 record therefore
//! still shows the 2024 superior committee after the 1/7/2025 reorganisation (ORG-01), when
//! district committees disappeared and commune committees moved directly under the province.
//!
//! [`OrgTree`] is a snapshot of all versions that the store loads; every question about the
//! tree ("superior on a date", "is A inside B's subtree", "may I move A under B") is a pure
//! function of that snapshot and a date.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::DomainError;
use crate::ids::OrgId;
use crate::period::Period;
use crate::text::Name;

pub use crate::ruleset::CellType;

/// Kinds of party organisation (glossary). `District` existed until 30/6/2025 (ORG-01) and is
/// kept for older records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Province,
    District,
    Commune,
    AboveBase,
    BaseCommittee,
    BaseCell,
    SubCommittee,
    Cell,
}

impl OrgKind {
    pub const ALL: [OrgKind; 8] = [
        OrgKind::Province,
        OrgKind::District,
        OrgKind::Commune,
        OrgKind::AboveBase,
        OrgKind::BaseCommittee,
        OrgKind::BaseCell,
        OrgKind::SubCommittee,
        OrgKind::Cell,
    ];

    /// Stable code used in the database, the API and URLs.
    pub fn code(self) -> &'static str {
        match self {
            OrgKind::Province => "province",
            OrgKind::District => "district",
            OrgKind::Commune => "commune",
            OrgKind::AboveBase => "above_base",
            OrgKind::BaseCommittee => "base_committee",
            OrgKind::BaseCell => "base_cell",
            OrgKind::SubCommittee => "sub_committee",
            OrgKind::Cell => "cell",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The last day a kind existed, for kinds abolished by a reform: district committees
    /// until 30/6/2025 (ORG-01). A version of such a kind cannot start after it.
    pub fn last_day(self) -> Option<Date> {
        match self {
            OrgKind::District => Some(time::macros::date!(2025 - 06 - 30)),
            _ => None,
        }
    }

    /// Cells hold members and meet; committees only hold other organisations.
    pub fn is_cell(self) -> bool {
        matches!(self, OrgKind::BaseCell | OrgKind::Cell)
    }

    /// Which kinds may sit directly under this one. Deliberately permissive where practice
    /// varies (a basic cell directly under a province-level bloc committee exists), strict
    /// where the Charter is clear: nothing sits under a cell, and a province has no superior.
    pub fn may_contain(self, child: OrgKind) -> bool {
        use OrgKind::*;
        match self {
            Cell | BaseCell => false,
            Province => child != Province,
            District => matches!(child, Commune | BaseCommittee | BaseCell | AboveBase),
            // Since 1/7/2025 a commune committee is the basic committee of its village cells
            // as well as the superior of basic organisations inside the commune (ORG-01).
            Commune => matches!(child, BaseCommittee | BaseCell | Cell | SubCommittee),
            AboveBase => matches!(child, BaseCommittee | BaseCell | AboveBase),
            BaseCommittee => matches!(child, SubCommittee | Cell),
            SubCommittee => child == Cell,
        }
    }
}

/// One version of an organisation: what it was called, what it was and where it sat over a
/// period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgVersion {
    pub org: OrgId,
    pub kind: OrgKind,
    pub name: Name,
    /// Only cells have a type (MTG-TH-05/07 choose topic lists by it).
    pub cell_type: Option<CellType>,
    pub parent: Option<OrgId>,
    pub period: Period,
}

impl OrgVersion {
    /// Checks the version on its own: a cell type belongs to cells only, and every cell has
    /// one; a kind abolished by a reform cannot start after its last day (ORG-01).
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.cell_type.is_some() && !self.kind.is_cell() {
            return Err(DomainError::CellTypeOnNonCell);
        }
        if self.cell_type.is_none() && self.kind.is_cell() {
            return Err(DomainError::CellTypeRequired);
        }
        if let Some(last_day) = self.kind.last_day() {
            if self.period.from() > last_day {
                return Err(DomainError::OrgKindEnded {
                    kind: self.kind.code(),
                    last_day,
                });
            }
        }
        Ok(())
    }
}

/// A snapshot of the whole dated tree.
#[derive(Debug, Clone, Default)]
pub struct OrgTree {
    versions: HashMap<OrgId, Vec<OrgVersion>>,
    /// Every organisation that was ever directly under the key, so child and subtree
    /// questions walk down instead of scanning the whole tree.
    children: HashMap<OrgId, Vec<OrgId>>,
}

impl OrgTree {
    pub fn new(versions: impl IntoIterator<Item = OrgVersion>) -> Self {
        let mut map: HashMap<OrgId, Vec<OrgVersion>> = HashMap::new();
        for v in versions {
            map.entry(v.org).or_default().push(v);
        }
        let mut children: HashMap<OrgId, Vec<OrgId>> = HashMap::new();
        for list in map.values_mut() {
            list.sort_by_key(|v| v.period.from());
            for v in list.iter() {
                if let Some(parent) = v.parent {
                    let kids = children.entry(parent).or_default();
                    if !kids.contains(&v.org) {
                        kids.push(v.org);
                    }
                }
            }
        }
        Self {
            versions: map,
            children,
        }
    }

    /// Every version in the snapshot (for rebuilding derived tables).
    pub fn all_versions(&self) -> impl Iterator<Item = &OrgVersion> {
        self.versions.values().flatten()
    }

    /// No organisation at all (a fresh database).
    pub fn is_empty(&self) -> bool {
        self.versions.is_empty()
    }

    pub fn history(&self, org: OrgId) -> &[OrgVersion] {
        self.versions.get(&org).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The version of `org` in force on `date`.
    pub fn version_on(&self, org: OrgId, date: Date) -> Option<&OrgVersion> {
        self.history(org).iter().find(|v| v.period.contains(date))
    }

    /// The directly superior organisation on `date` (ORG-01): the one and only place that
    /// answers "who was above this cell then".
    pub fn superior_on(&self, org: OrgId, date: Date) -> Option<OrgId> {
        self.version_on(org, date).and_then(|v| v.parent)
    }

    /// The chain of superiors on `date`, nearest first. Stops at a missing version or at a
    /// cycle (which validation prevents, but a snapshot must never loop forever).
    pub fn ancestors_on(&self, org: OrgId, date: Date) -> Vec<OrgId> {
        let mut chain = Vec::new();
        let mut current = org;
        while let Some(parent) = self.superior_on(current, date) {
            if parent == org || chain.contains(&parent) {
                break;
            }
            chain.push(parent);
            current = parent;
        }
        chain
    }

    /// True when `org` is `root` or lies below it on `date`: the scope test of every
    /// authorisation decision for committee staff.
    pub fn in_subtree_on(&self, org: OrgId, root: OrgId, date: Date) -> bool {
        org == root || self.ancestors_on(org, date).contains(&root)
    }

    /// Organisations directly under `org` on `date`.
    pub fn children_on(&self, org: OrgId, date: Date) -> Vec<&OrgVersion> {
        let mut children: Vec<&OrgVersion> = self
            .children
            .get(&org)
            .into_iter()
            .flatten()
            .filter_map(|child| self.version_on(*child, date))
            .filter(|v| v.parent == Some(org))
            .collect();
        children.sort_by(|a, b| a.name.as_str().cmp(b.name.as_str()));
        children
    }

    /// Roots on `date` (organisations in force with no parent).
    pub fn roots_on(&self, date: Date) -> Vec<&OrgVersion> {
        let mut roots: Vec<&OrgVersion> = self
            .versions
            .values()
            .filter_map(|list| list.iter().find(|v| v.period.contains(date)))
            .filter(|v| v.parent.is_none())
            .collect();
        roots.sort_by(|a, b| a.name.as_str().cmp(b.name.as_str()));
        roots
    }

    /// Every organisation in `root`'s subtree on `date`, `root` included.
    pub fn subtree_on(&self, root: OrgId, date: Date) -> Vec<OrgId> {
        if self.version_on(root, date).is_none() {
            return Vec::new();
        }
        let mut out = vec![root];
        let mut seen: std::collections::HashSet<OrgId> = out.iter().copied().collect();
        let mut next = 0;
        while next < out.len() {
            let org = out[next];
            next += 1;
            for child in self.children_on(org, date) {
                if seen.insert(child.org) {
                    out.push(child.org);
                }
            }
        }
        out
    }

    /// Validates a new version of an organisation before it is stored: its own consistency,
    /// that the parent exists on its start date and may contain this kind, and that the move
    /// does not put the organisation under its own descendant (ORG-01). The check runs on
    /// every date the new version covers where the tree changes, which is approximated by its
    /// start date and every version boundary of the other organisations inside its period.
    pub fn validate_new_version(&self, next: &OrgVersion) -> Result<(), DomainError> {
        next.validate()?;
        let Some(parent) = next.parent else {
            return Ok(());
        };
        if parent == next.org {
            return Err(DomainError::OrgCycle {
                org: next.org,
                parent,
            });
        }
        let parent_version = self
            .version_on(parent, next.period.from())
            .ok_or(DomainError::OrgNotInForce(parent))?;
        if !parent_version.kind.may_contain(next.kind) {
            return Err(DomainError::OrgKindNotAllowed {
                child: next.kind.code(),
                parent: parent_version.kind.code(),
            });
        }
        // Two organisations under one superior on one date with the same name cannot be
        // told apart on any page or document.
        let key = |n: &Name| n.as_str().to_lowercase();
        if self
            .children_on(parent, next.period.from())
            .iter()
            .any(|c| c.org != next.org && key(&c.name) == key(&next.name))
        {
            return Err(DomainError::DuplicateSiblingName {
                name: next.name.to_string(),
            });
        }
        for date in self.boundaries_within(&next.period) {
            if self.in_subtree_on(parent, next.org, date) {
                return Err(DomainError::OrgCycle {
                    org: next.org,
                    parent,
                });
            }
        }
        Ok(())
    }

    fn boundaries_within(&self, period: &Period) -> Vec<Date> {
        let mut dates = vec![period.from()];
        for list in self.versions.values() {
            for v in list {
                if period.contains(v.period.from()) {
                    dates.push(v.period.from());
                }
            }
        }
        dates.sort();
        dates.dedup();
        dates
    }

    /// Applies a change of kind, name, type or parent from `from` on: the version in force
    /// is closed the day before and a new one opens. Returns (closed version if any, new
    /// version). History is never rewritten.
    pub fn plan_change(
        &self,
        org: OrgId,
        from: Date,
        change: OrgChange,
    ) -> Result<(Option<OrgVersion>, OrgVersion), DomainError> {
        let current = self
            .version_on(org, from)
            .ok_or(DomainError::OrgNotInForce(org))?;
        if self.history(org).iter().any(|v| v.period.from() > from) {
            return Err(DomainError::DatesOutOfOrder(
                "a later version already exists",
            ));
        }
        let next = OrgVersion {
            org,
            kind: change.kind.unwrap_or(current.kind),
            name: change.name.unwrap_or_else(|| current.name.clone()),
            cell_type: match change.cell_type {
                Some(t) => t,
                None => current.cell_type,
            },
            parent: match change.parent {
                Some(p) => p,
                None => current.parent,
            },
            period: Period::new(from, current.period.until())?,
        };
        self.validate_new_version(&next)?;
        if current.period.from() == from {
            // Same-day correction: the current version is replaced, nothing is closed.
            return Ok((None, next));
        }
        let Some(day_before) = from.previous_day() else {
            return Err(DomainError::DatesOutOfOrder("date out of range"));
        };
        let closed = OrgVersion {
            period: current.period.closed_on(day_before)?,
            ..current.clone()
        };
        Ok((Some(closed), next))
    }
}

impl OrgTree {
    /// Ends an organisation on `last_day` (a district committee on 30/6/2025, ORG-01): its
    /// version in force is closed, nothing is deleted. Refused while organisations still sit
    /// under it after that day: they must be moved first, or history would lose them.
    pub fn plan_close(&self, org: OrgId, last_day: Date) -> Result<OrgVersion, DomainError> {
        let current = self
            .version_on(org, last_day)
            .ok_or(DomainError::OrgNotInForce(org))?;
        if self.history(org).iter().any(|v| v.period.from() > last_day) {
            return Err(DomainError::DatesOutOfOrder(
                "a later version already exists",
            ));
        }
        let Some(next_day) = last_day.next_day() else {
            return Err(DomainError::DatesOutOfOrder("date out of range"));
        };
        let still_under = self.versions.values().flatten().any(|v| {
            v.parent == Some(org) && (v.period.contains(next_day) || v.period.from() > last_day)
        });
        if still_under {
            return Err(DomainError::OrgHasChildren(org));
        }
        Ok(OrgVersion {
            period: current.period.closed_on(last_day)?,
            ..current.clone()
        })
    }
}

/// What changes from a date on; `None` keeps the current value. `Some(None)` clears an
/// optional field (a node moved to the top, a cell type removed).
#[derive(Debug, Clone, Default)]
pub struct OrgChange {
    pub kind: Option<OrgKind>,
    pub name: Option<Name>,
    pub cell_type: Option<Option<CellType>>,
    pub parent: Option<Option<OrgId>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn v(
        org: i64,
        kind: OrgKind,
        parent: Option<i64>,
        from: Date,
        until: Option<Date>,
    ) -> OrgVersion {
        OrgVersion {
            org: OrgId(org),
            kind,
            name: Name::parse("name", &format!("Org {org}")).unwrap(),
            cell_type: kind.is_cell().then_some(CellType::ALL[0]),
            parent: parent.map(OrgId),
            period: Period::new(from, until).unwrap(),
        }
    }

    /// ORG-01: the commune committee was under the district until 30/6/2025 and under the
    /// province from 1/7/2025; its cells move with it; 2024 keeps 2024's superior.
    fn reorganised_tree() -> OrgTree {
        let start = date!(2015 - 01 - 01);
        OrgTree::new([
            v(1, OrgKind::Province, None, start, None),
            v(
                2,
                OrgKind::District,
                Some(1),
                start,
                Some(date!(2025 - 06 - 30)),
            ),
            v(
                3,
                OrgKind::BaseCommittee,
                Some(2),
                start,
                Some(date!(2025 - 06 - 30)),
            ),
            v(3, OrgKind::Commune, Some(1), date!(2025 - 07 - 01), None),
            v(4, OrgKind::Cell, Some(3), start, None),
        ])
    }

    /// Issue 7: a cell needs a type; a district cannot be created after 30/6/2025 (ORG-01);
    /// two organisations under one superior cannot share a name on one date.
    #[test]
    fn org_01_new_versions_are_checked_on_their_own_and_among_siblings() {
        let tree = reorganised_tree();
        let mut cell = v(10, OrgKind::Cell, Some(3), date!(2025 - 08 - 01), None);
        cell.cell_type = None;
        assert_eq!(
            tree.validate_new_version(&cell),
            Err(DomainError::CellTypeRequired)
        );
        let district = v(11, OrgKind::District, Some(1), date!(2025 - 07 - 01), None);
        assert!(matches!(
            tree.validate_new_version(&district),
            Err(DomainError::OrgKindEnded {
                kind: "district",
                ..
            })
        ));
        let older = v(11, OrgKind::District, Some(1), date!(2020 - 01 - 01), None);
        assert_eq!(older.validate(), Ok(()));
        // "Org 4" is already a cell of organisation 3; the same name differently cased is
        // refused, another name is fine, and the same organisation may keep its name.
        let mut twin = v(12, OrgKind::Cell, Some(3), date!(2025 - 08 - 01), None);
        twin.name = Name::parse("name", "ORG 4").unwrap();
        assert!(matches!(
            tree.validate_new_version(&twin),
            Err(DomainError::DuplicateSiblingName { .. })
        ));
        twin.name = Name::parse("name", "Org 12").unwrap();
        assert_eq!(tree.validate_new_version(&twin), Ok(()));
        let same = v(4, OrgKind::Cell, Some(3), date!(2025 - 08 - 01), None);
        assert_eq!(tree.validate_new_version(&same), Ok(()));
    }

    #[test]
    fn org_01_superior_on_a_date_follows_history() {
        let tree = reorganised_tree();
        assert_eq!(
            tree.superior_on(OrgId(3), date!(2024 - 11 - 22)),
            Some(OrgId(2))
        );
        assert_eq!(
            tree.superior_on(OrgId(3), date!(2025 - 07 - 01)),
            Some(OrgId(1))
        );
        assert_eq!(
            tree.ancestors_on(OrgId(4), date!(2024 - 11 - 22)),
            vec![OrgId(3), OrgId(2), OrgId(1)]
        );
        assert_eq!(
            tree.ancestors_on(OrgId(4), date!(2025 - 07 - 01)),
            vec![OrgId(3), OrgId(1)]
        );
        assert!(tree.version_on(OrgId(2), date!(2025 - 07 - 01)).is_none());
        assert!(tree.in_subtree_on(OrgId(4), OrgId(2), date!(2025 - 06 - 30)));
        assert!(!tree.in_subtree_on(OrgId(4), OrgId(2), date!(2025 - 07 - 01)));
    }

    #[test]
    fn org_01_moving_under_own_descendant_is_refused() {
        let tree = reorganised_tree();
        let err = tree
            .plan_change(
                OrgId(3),
                date!(2026 - 01 - 01),
                OrgChange {
                    kind: Some(OrgKind::BaseCommittee),
                    parent: Some(Some(OrgId(4))),
                    ..Default::default()
                },
            )
            .unwrap_err();
        // A cell may contain nothing, so the kind check fires first; a committee below
        // would be a cycle.
        assert!(matches!(
            err,
            DomainError::OrgKindNotAllowed { .. } | DomainError::OrgCycle { .. }
        ));
        let err = tree
            .plan_change(
                OrgId(1),
                date!(2026 - 01 - 01),
                OrgChange {
                    parent: Some(Some(OrgId(3))),
                    kind: Some(OrgKind::BaseCommittee),
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert!(matches!(err, DomainError::OrgCycle { .. }));
    }

    #[test]
    fn plan_change_closes_the_current_version() {
        let tree = reorganised_tree();
        let (closed, next) = tree
            .plan_change(
                OrgId(4),
                date!(2026 - 03 - 01),
                OrgChange {
                    name: Some(Name::parse("name", "Chi bộ mới").unwrap()),
                    ..Default::default()
                },
            )
            .unwrap();
        let closed = closed.unwrap();
        assert_eq!(closed.period.until(), Some(date!(2026 - 02 - 28)));
        assert_eq!(next.period.from(), date!(2026 - 03 - 01));
        assert_eq!(next.parent, Some(OrgId(3)));
    }

    #[test]
    fn org_01_closing_needs_an_empty_subtree() {
        let tree = reorganised_tree();
        // The district still has the commune under it on 30/6/2025 but not after.
        let closed = tree.plan_close(OrgId(2), date!(2025 - 06 - 30)).unwrap();
        assert_eq!(closed.period.until(), Some(date!(2025 - 06 - 30)));
        // The commune still holds the cell.
        assert_eq!(
            tree.plan_close(OrgId(3), date!(2026 - 01 - 01)),
            Err(DomainError::OrgHasChildren(OrgId(3)))
        );
    }

    #[test]
    fn cell_type_only_on_cells() {
        let mut version = v(9, OrgKind::Commune, Some(1), date!(2025 - 07 - 01), None);
        version.cell_type = Some(CellType::Village);
        assert_eq!(version.validate(), Err(DomainError::CellTypeOnNonCell));
    }

    proptest! {
        /// Invariant: whatever chain of accepted moves is applied, no organisation ever
        /// becomes its own ancestor.
        #[test]
        fn org_01_accepted_moves_never_make_cycles(moves in proptest::collection::vec((0i64..8, 0i64..8), 1..30)) {
            let start = date!(2020 - 01 - 01);
            let mut versions = vec![v(0, OrgKind::Province, None, start, None)];
            for id in 1..8 {
                versions.push(v(id, OrgKind::AboveBase, Some(0), start, None));
            }
            let mut tree = OrgTree::new(versions.clone());
            let mut day = start;
            for (org, parent) in moves {
                day = day.next_day().unwrap();
                if org == 0 { continue; }
                if let Ok((closed, next)) = tree.plan_change(OrgId(org), day, OrgChange { parent: Some(Some(OrgId(parent))), ..Default::default() }) {
                    versions.retain(|x| !(x.org == OrgId(org) && x.period.contains(day)));
                    if let Some(c) = closed { versions.push(c); }
                    versions.push(next);
                    tree = OrgTree::new(versions.clone());
                }
                for id in 0..8 {
                    // Walking parents by hand (not through ancestors_on, which guards against
                    // loops) must reach the province within 8 steps.
                    let mut current = OrgId(id);
                    let mut steps = 0;
                    while let Some(parent) = tree.superior_on(current, day) {
                        current = parent;
                        steps += 1;
                        prop_assert!(steps < 9, "cycle through {}", id);
                    }
                    prop_assert_eq!(current, OrgId(0));
                }
            }
        }
    }
}
