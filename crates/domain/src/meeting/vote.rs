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
