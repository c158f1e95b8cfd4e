//! The domain's one error type. Each variant carries what the user needs to correct the
//! input; the web crate turns variants into Vietnamese messages and stable API codes.

use time::Date;

use crate::ids::{OrgId, PersonId};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("period ends ({until}) before it starts ({from})")]
    PeriodReversed { from: Date, until: Date },
    #[error("field {field} is required")]
    Required { field: &'static str },
    #[error("field {field} is malformed: {reason}")]
    Malformed {
        field: &'static str,
        reason: &'static str,
    },
    #[error("field {field} is too long (max {max})")]
    TooLong { field: &'static str, max: usize },
    #[error("organisation {org} cannot be placed under its own descendant {parent}")]
    OrgCycle { org: OrgId, parent: OrgId },
    #[error("organisation kind {child} cannot be placed under {parent}")]
    OrgKindNotAllowed {
        child: &'static str,
        parent: &'static str,
    },
    #[error("organisation {0} has no version on that date")]
    OrgNotInForce(OrgId),
    #[error("cell type is only for cells")]
    CellTypeOnNonCell,
    #[error("person {0} is already in a cell over that period")]
    MembershipOverlap(PersonId),
    #[error("person {0} cannot be attached to their own home cell over that period (MTG-ATT-12)")]
    AttachedAtHomeCell(PersonId),
    #[error(
        "a temporary transfer lasts from {min_months} months to {max_months} months (MEM-TR-03)"
    )]
    TemporaryTransferLength { min_months: u32, max_months: u32 },
    #[error("a status that ends membership (removed, died, expelled, left) has no end date")]
    FinalStatusHasEnd,
    #[error("person {0} has another status over that period")]
    StatusOverlap(PersonId),
    #[error("role already held over that period")]
    RoleOverlap,
    #[error("dates out of order: {0}")]
    DatesOutOfOrder(&'static str),
    #[error("organisation {0} still has organisations under it after that date")]
    OrgHasChildren(OrgId),
    #[error("organisation versions overlap")]
    OrgVersionOverlap,
    #[error("admission ({admission}) before birth ({birth})")]
    AdmissionBeforeBirth { admission: Date, birth: Date },
    #[error("admitted at {age} years of age; records need at least {min}")]
    AdmissionTooYoung { age: i32, min: i32 },
    #[error("{field} is in the future")]
    InFuture { field: &'static str },
    #[error("status starts ({from}) before the admission ({admission})")]
    StatusBeforeAdmission { from: Date, admission: Date },
    #[error("a cell needs a cell type")]
    CellTypeRequired,
    #[error("organisation kind {kind} existed only until {last_day} (ORG-01)")]
    OrgKindEnded { kind: &'static str, last_day: Date },
    #[error("another organisation under the same superior is already called {name}")]
    DuplicateSiblingName { name: String },
}
