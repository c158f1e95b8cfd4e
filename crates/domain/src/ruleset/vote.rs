//! Vote thresholds and the vote denominator, with exact integer arithmetic.
//!
//! "More than half" (MTG-ATT-02) and "at least two thirds" (ADM-VOTE-01) are compared as
//! fractions in integers: 9 of 18 is exactly half and must fail, which floating point
//! percentages (50,0 % vs 50,000001 %) would get wrong at the edges.

use serde::{Deserialize, Serialize};

/// A fraction `numerator / denominator` with `0 < denominator` and `numerator <= denominator`.
/// Parse, don't validate: the only constructors check it, including deserialisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "FractionRepr", into = "FractionRepr")]
pub struct Fraction {
    numerator: u32,
    denominator: u32,
}

#[derive(Serialize, Deserialize)]
struct FractionRepr {
    numerator: u32,
    denominator: u32,
}

impl TryFrom<FractionRepr> for Fraction {
    type Error = &'static str;
    fn try_from(r: FractionRepr) -> Result<Self, Self::Error> {
        Fraction::new(r.numerator, r.denominator).ok_or("fraction must satisfy 0 <= n <= d, d > 0")
    }
}

impl From<Fraction> for FractionRepr {
    fn from(f: Fraction) -> Self {
        FractionRepr {
            numerator: f.numerator,
            denominator: f.denominator,
        }
    }
}

impl Fraction {
    /// One half: the Charter's simple majority (MTG-ATT-02).
    pub const HALF: Fraction = Fraction {
        numerator: 1,
        denominator: 2,
    };
    /// Two thirds: admission and recognition votes (ADM-VOTE-01, ADM-REC-02, ADM-DEC-01).
    pub const TWO_THIRDS: Fraction = Fraction {
        numerator: 2,
        denominator: 3,
    };

    pub const fn new(numerator: u32, denominator: u32) -> Option<Self> {
        if denominator == 0 || numerator > denominator {
            None
        } else {
            Some(Self {
                numerator,
                denominator,
            })
        }
    }

    /// A whole percentage, e.g. 85 for the attendance target of MTG-ATT-10.
    pub const fn percent(p: u32) -> Option<Self> {
        Self::new(p, 100)
    }

    pub fn numerator(self) -> u32 {
        self.numerator
    }

    pub fn denominator(self) -> u32 {
        self.denominator
    }
}

/// A threshold over `part / whole`. Strictness is explicit because the rules differ:
/// "more than half" is strict (MTG-ATT-02), "at least two thirds" is not (ADM-VOTE-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Threshold {
    /// `part / whole > fraction`.
    MoreThan(Fraction),
    /// `part / whole >= fraction`.
    AtLeast(Fraction),
}

impl Threshold {
    /// Whether `part` out of `whole` meets the threshold, in exact integer arithmetic
    /// (`part * d` against `n * whole`, in u64 so nothing overflows). An empty whole meets
    /// nothing: a vote with no one entitled to vote passes nothing.
    pub fn is_met(self, part: u32, whole: u32) -> bool {
        if whole == 0 {
            return false;
        }
        let (f, strict) = match self {
            Threshold::MoreThan(f) => (f, true),
            Threshold::AtLeast(f) => (f, false),
        };
        let lhs = u64::from(part) * u64::from(f.denominator);
        let rhs = u64::from(f.numerator) * u64::from(whole);
        if strict {
            lhs > rhs
        } else {
            lhs >= rhs
        }
    }

    /// The smallest `part` that meets the threshold out of `whole` (for "needs N votes"
    /// hints on the vote screen); `None` when even `whole` does not.
    pub fn minimum_part(self, whole: u32) -> Option<u32> {
        (0..=whole).find(|&p| self.is_met(p, whole))
    }

    pub fn fraction(self) -> Fraction {
        match self {
            Threshold::MoreThan(f) | Threshold::AtLeast(f) => f,
        }
    }
}

/// What a vote decides; each has its threshold in the Charter-implementation rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteKind {
    /// An ordinary decision or resolution of the cell: more than half (MTG-ATT-02).
    Resolution,
    /// The cell's resolution proposing admission: at least 2/3 (ADM-VOTE-01).
    Admission,
    /// The cell's resolution recognising an official member: same 2/3 (ADM-REC-02).
    Recognition,
    /// A decision of the cell committee at its own meeting, over all sitting committee
    /// members (MTG-ATT-11): more than half.
    CommitteeResolution,
    /// A basic committee deciding an admission under delegated power: 2/3 of its committee
    /// members (ADM-DEC-01).
    DelegatedAdmissionDecision,
}

impl VoteKind {
    pub const ALL: [VoteKind; 5] = [
        VoteKind::Resolution,
        VoteKind::Admission,
        VoteKind::Recognition,
        VoteKind::CommitteeResolution,
        VoteKind::DelegatedAdmissionDecision,
    ];
}

/// Why an official member summoned to the meeting does not count in the vote denominator
/// (MTG-ATT-03). Which of these apply is data of the Charter-implementation rule set: before
/// QĐ 24/2021 only the first two did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DenominatorExclusion {
    /// On temporary transfer to another cell (đi sinh hoạt tạm thời nơi khác; MTG-ATT-12).
    TemporaryTransferElsewhere,
    /// Exempted from work and activities and absent; an exempted member who attends counts
    /// (MEM-EX-02).
    ExemptedAbsent,
    /// Suspended from party activities.
    Suspended,
    /// Prosecuted, indicted or detained.
    ProsecutedOrDetained,
    /// Absent for the whole session with a reason the cell committee accepted.
    AbsentWithAcceptedReason,
}

impl DenominatorExclusion {
    pub const ALL: [DenominatorExclusion; 5] = [
        DenominatorExclusion::TemporaryTransferElsewhere,
        DenominatorExclusion::ExemptedAbsent,
        DenominatorExclusion::Suspended,
        DenominatorExclusion::ProsecutedOrDetained,
        DenominatorExclusion::AbsentWithAcceptedReason,
    ];

    pub fn label_vi(self) -> &'static str {
        match self {
            DenominatorExclusion::TemporaryTransferElsewhere => "đi sinh hoạt tạm thời nơi khác",
            DenominatorExclusion::ExemptedAbsent => {
                "được miễn công tác và sinh hoạt đảng, vắng mặt"
            }
            DenominatorExclusion::Suspended => "bị đình chỉ sinh hoạt đảng",
            DenominatorExclusion::ProsecutedOrDetained => "bị khởi tố, truy tố, tạm giam",
            DenominatorExclusion::AbsentWithAcceptedReason => {
                "vắng mặt cả buổi có lý do được chi ủy chấp nhận"
            }
        }
    }
}

/// How the denominator of a vote at the cell committee's own meeting is formed (MTG-ATT-11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitteeDenominator {
    /// All sitting committee members, present or not (QĐ 24 point 9.3.3).
    AllSittingMembers,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn mtg_att_02_exactly_half_fails() {
        let t = Threshold::MoreThan(Fraction::HALF);
        assert!(!t.is_met(9, 18));
        assert!(t.is_met(10, 18));
        assert!(!t.is_met(0, 0));
        assert_eq!(t.minimum_part(18), Some(10));
        assert_eq!(t.minimum_part(17), Some(9));
    }

    #[test]
    fn adm_vote_01_two_thirds_inclusive() {
        let t = Threshold::AtLeast(Fraction::TWO_THIRDS);
        assert!(t.is_met(12, 18));
        assert!(!t.is_met(11, 18));
        assert_eq!(t.minimum_part(17), Some(12));
    }

    #[test]
    fn fraction_is_validated() {
        assert!(Fraction::new(1, 0).is_none());
        assert!(Fraction::new(3, 2).is_none());
        assert_eq!(Fraction::percent(85).map(|f| f.denominator()), Some(100));
    }

    proptest! {
        /// MTG-ATT-02: more than half, for every size of cell, agrees with 2 * part > whole.
        #[test]
        fn more_than_half_matches_integer_definition(part in 0u32..10_000, whole in 1u32..10_000) {
            prop_assume!(part <= whole);
            let half = Threshold::MoreThan(Fraction::HALF);
            prop_assert_eq!(half.is_met(part, whole), 2 * part > whole);
            prop_assert_eq!(
                Threshold::AtLeast(Fraction::TWO_THIRDS).is_met(part, whole),
                3 * part >= 2 * whole
            );
        }
    }
}
