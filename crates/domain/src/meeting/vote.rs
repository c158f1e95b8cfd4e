//! A vote at a cell meeting: the denominator derived from who was summoned, how they
//! attended and the rule set in force on the meeting's date (MTG-ATT-03), shown with its
//! breakdown; the count checked against who may vote (MTG-ATT-01); the result by the
//! threshold of the kind of decision (MTG-ATT-02, ADM-VOTE-01, ADM-REC-02). Nothing is typed
//! by hand but the three counts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::MeetingError;
use crate::member::{Attendance, Summoned};
use crate::ruleset::{DenominatorExclusion, RuleSet, VoteKind};
use crate::PersonId;

/// One summoned member left out of the denominator, and the first reason the rule set in
/// force excludes them for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    pub person: PersonId,
    pub reason: DenominatorExclusion,
}

/// How the denominator was reached, for the screen and the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breakdown {
    /// Members summoned, each once.
    pub summoned: u32,
    pub excluded: Vec<Exclusion>,
    pub denominator: u32,
}

/// MTG-ATT-03: the denominator and why, person by person. Agrees with
/// [`RuleSet::vote_denominator`] (tested), which it explains.
pub fn breakdown(rules: &RuleSet, summoned: &[Summoned]) -> Breakdown {
    let mut people: BTreeMap<PersonId, Option<DenominatorExclusion>> = BTreeMap::new();
    for s in summoned {
        let reason = s
            .situations()
            .into_iter()
            .find(|e| rules.excludes_from_denominator(*e));
        let entry = people.entry(s.person).or_insert(None);
        if entry.is_none() {
            *entry = reason;
        }
    }
    let excluded: Vec<Exclusion> = people
        .iter()
        .filter_map(|(p, r)| r.map(|reason| Exclusion { person: *p, reason }))
        .collect();
    let summoned = u32::try_from(people.len()).unwrap_or(u32::MAX);
    let out = u32::try_from(excluded.len()).unwrap_or(u32::MAX);
    Breakdown {
        summoned,
        excluded,
        denominator: summoned - out,
    }
}

/// The three counts of a show of hands, a party-card vote or a ballot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub votes_for: u32,
    pub against: u32,
    pub abstain: u32,
}

impl Tally {
    pub fn cast(&self) -> u32 {
        self.votes_for
            .saturating_add(self.against)
            .saturating_add(self.abstain)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoteResult {
    pub kind: VoteKind,
    pub tally: Tally,
    pub breakdown: Breakdown,
    /// The fewest votes in favour that pass with this denominator.
    pub minimum_for: Option<u32>,
    pub passed: bool,
}

/// Members present who may vote: summoned (official, at home), present, in a status that
/// votes (MTG-ATT-01, MTG-ATT-12; an exempted member who attends votes, MEM-EX-02).
pub fn voters_present(summoned: &[Summoned]) -> Vec<PersonId> {
    let mut out: Vec<PersonId> = summoned
        .iter()
        .filter(|s| s.attendance == Attendance::Present)
        .filter(|s| s.status.is_none_or(|st| st.effects().votes))
        .map(|s| s.person)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// MTG-ATT-01/12: a named vote (a ballot signed with the party card, a recorded voter) may
/// come only from a member present who may vote here; probationary members, members attached
/// here from another cell and non-members never vote.
pub fn check_voter(summoned: &[Summoned], person: PersonId) -> Result<(), MeetingError> {
    if voters_present(summoned).contains(&person) {
        Ok(())
    } else {
        Err(MeetingError::NotAVoter(person))
    }
}

/// Counts a vote of `kind`: refuses more votes than members present who may vote, and
/// derives the denominator and the result from the rule set of the meeting's date.
pub fn count(
    rules: &RuleSet,
    kind: VoteKind,
    summoned: &[Summoned],
    tally: Tally,
) -> Result<VoteResult, MeetingError> {
    let voters = u32::try_from(voters_present(summoned).len()).unwrap_or(u32::MAX);
    if tally.cast() > voters {
        return Err(MeetingError::TooManyVotes {
            cast: tally.cast(),
            voters,
        });
    }
    let breakdown = breakdown(rules, summoned);
    let passed = rules.vote_passes(kind, tally.votes_for, breakdown.denominator);
    Ok(VoteResult {
        kind,
        tally,
        minimum_for: rules.threshold(kind).minimum_part(breakdown.denominator),
        passed,
        breakdown,
    })
}

/// What a vote at a cell meeting is on. The threshold is the rule set's for the kind of
/// decision it is ([`VoteSubject::decision`]): a conclusion, a quality grade (MTG-QA-07)
/// and a discipline decision are resolutions of the cell (more than half, MTG-ATT-02);
/// admission and recognition need two thirds (ADM-VOTE-01, ADM-REC-02).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteSubject {
    Resolution,
    Conclusion,
    QualityGrade,
    Admission,
    Recognition,
    Discipline,
    CommitteeResolution,
    /// Approving the minutes before closing (MTG-MIN-01, MTG-ORD-06).
    Minutes,
}

impl VoteSubject {
    pub const ALL: [VoteSubject; 8] = [
        Self::Resolution,
        Self::Conclusion,
        Self::QualityGrade,
        Self::Admission,
        Self::Recognition,
        Self::Discipline,
        Self::CommitteeResolution,
        Self::Minutes,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Minutes => "minutes",
            Self::Resolution => "resolution",
            Self::Conclusion => "conclusion",
            Self::QualityGrade => "quality_grade",
            Self::Admission => "admission",
            Self::Recognition => "recognition",
            Self::Discipline => "discipline",
            Self::CommitteeResolution => "committee_resolution",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The kind of decision whose threshold applies.
    pub fn decision(self) -> VoteKind {
        match self {
            Self::Resolution
            | Self::Conclusion
            | Self::QualityGrade
            | Self::Discipline
            | Self::Minutes => VoteKind::Resolution,
            Self::Admission => VoteKind::Admission,
            Self::Recognition => VoteKind::Recognition,
            Self::CommitteeResolution => VoteKind::CommitteeResolution,
        }
    }

    /// CHR-VOTE-02: proposing admission and recognising an official member are voted by
    /// secret ballot or raised party card, as the meeting decides — never a show of hands.
    pub fn check_method(self, method: VoteMethod) -> Result<(), MeetingError> {
        let personal = matches!(self, Self::Admission | Self::Recognition);
        if personal && method == VoteMethod::ShowOfHands {
            return Err(MeetingError::MethodNotAllowed);
        }
        Ok(())
    }

    /// The method used when none is given: a show of hands, or the party card where
    /// CHR-VOTE-02 rules the show of hands out.
    pub fn default_method(self) -> VoteMethod {
        match self {
            Self::Admission | Self::Recognition => VoteMethod::PartyCard,
            _ => VoteMethod::ShowOfHands,
        }
    }
}

/// How the votes were cast (CHR-VOTE-02).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteMethod {
    ShowOfHands,
    PartyCard,
    SecretBallot,
}

impl VoteMethod {
    pub const ALL: [VoteMethod; 3] = [Self::ShowOfHands, Self::PartyCard, Self::SecretBallot];

    pub fn code(self) -> &'static str {
        match self {
            Self::ShowOfHands => "show_of_hands",
            Self::PartyCard => "party_card",
            Self::SecretBallot => "secret_ballot",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// MTG-ATT-11: a vote at the cell committee's own meeting. The denominator is every sitting
/// committee member, present or not (QĐ 24 9.3.3, through the rule set); only those present
/// vote. `sitting` lists each committee member with their attendance.
pub fn count_at_committee(
    rules: &RuleSet,
    kind: VoteKind,
    sitting: &[(PersonId, Attendance)],
    tally: Tally,
) -> Result<VoteResult, MeetingError> {
    let mut people: BTreeMap<PersonId, Attendance> = BTreeMap::new();
    for (p, a) in sitting {
        people.entry(*p).or_insert(*a);
    }
    let present = people
        .values()
        .filter(|a| **a == Attendance::Present)
        .count();
    let voters = u32::try_from(present).unwrap_or(u32::MAX);
    if tally.cast() > voters {
        return Err(MeetingError::TooManyVotes {
            cast: tally.cast(),
            voters,
        });
    }
    let members = u32::try_from(people.len()).unwrap_or(u32::MAX);
    let denominator = rules.committee_denominator(members);
    let breakdown = Breakdown {
        summoned: members,
        excluded: Vec::new(),
        denominator,
    };
    Ok(VoteResult {
        kind,
        tally,
        minimum_for: rules.threshold(kind).minimum_part(denominator),
        passed: rules.vote_passes(kind, tally.votes_for, denominator),
        breakdown,
    })
}
