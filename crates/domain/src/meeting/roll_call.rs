//! The roll call: who was there, who was not and why, recorded once per person and turned
//! into what the vote (MTG-ATT-03), the minutes (MTG-ATT-07) and the year's absence count
//! (MTG-ATT-08) need.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use time::{Date, Time};

use super::{reason, MeetingError};
use crate::member::Attendance;
use crate::ruleset::{MeetingKind, RuleSet};
use crate::PersonId;

/// How one person attended. A member who came late or left early was present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "presence", rename_all = "snake_case")]
pub enum Presence {
    Present {
        arrived_late: Option<Time>,
        left_early: Option<Time>,
    },
    /// Absent for the whole session; `reason` as given, `accepted` by the cell committee.
    Absent {
        reason: Option<String>,
        accepted: bool,
    },
}

impl Presence {
    pub fn present() -> Self {
        Presence::Present {
            arrived_late: None,
            left_early: None,
        }
    }

    /// Checked: an accepted absence has a reason, a reason is not blank, and nobody leaves
    /// before arriving.
    pub fn checked(self) -> Result<Self, MeetingError> {
        match self {
            Presence::Absent {
                reason: r,
                accepted,
            } => {
                let r = r.as_deref().map(reason).transpose()?;
                if accepted && r.is_none() {
                    return Err(MeetingError::ReasonRequired);
                }
                Ok(Presence::Absent {
                    reason: r,
                    accepted,
                })
            }
            Presence::Present {
                arrived_late: Some(a),
                left_early: Some(l),
            } if l < a => Err(MeetingError::EndsBeforeStart),
            other => Ok(other),
        }
    }

    /// What the denominator needs (MTG-ATT-03).
    pub fn attendance(&self) -> Attendance {
        match self {
            Presence::Present { .. } => Attendance::Present,
            Presence::Absent { accepted, .. } => Attendance::Absent {
                reason_accepted: *accepted,
            },
        }
    }

    pub fn is_unexcused(&self) -> bool {
        matches!(
            self,
            Presence::Absent {
                accepted: false,
                ..
            }
        )
    }
}

/// The roll call of one meeting, by person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollCall {
    entries: BTreeMap<PersonId, Presence>,
}

impl RollCall {
    pub fn set(&mut self, person: PersonId, presence: Presence) -> Result<(), MeetingError> {
        self.entries.insert(person, presence.checked()?);
        Ok(())
    }

    pub fn get(&self, person: PersonId) -> Option<&Presence> {
        self.entries.get(&person)
    }

    /// A person not yet called is taken as absent without a reason: the chair must say so,
    /// nothing is assumed in their favour.
    pub fn attendance(&self, person: PersonId) -> Attendance {
        self.get(person).map_or(
            Attendance::Absent {
                reason_accepted: false,
            },
            Presence::attendance,
        )
    }

    /// MTG-ATT-07: the absentees among `people`, by name order of the caller, with their
    /// reason and whether it was accepted.
    pub fn absentees<'a>(
        &'a self,
        people: &'a [PersonId],
    ) -> impl Iterator<Item = (PersonId, Option<&'a str>, bool)> + 'a {
        people.iter().filter_map(move |p| match self.get(*p) {
            Some(Presence::Present { .. }) => None,
            Some(Presence::Absent { reason, accepted }) => Some((*p, reason.as_deref(), *accepted)),
            None => Some((*p, None, false)),
        })
    }

    /// Present among `summoned`.
    pub fn present_count(&self, summoned: &[PersonId]) -> u32 {
        let distinct: BTreeSet<&PersonId> = summoned.iter().collect();
        let n = distinct
            .into_iter()
            .filter(|p| matches!(self.get(**p), Some(Presence::Present { .. })))
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

/// MTG-ATT-04/10: attendance below the target of the rule set in force warns (never
/// blocks): `(present, summoned)` when it does.
pub fn low_attendance(rules: &RuleSet, present: u32, summoned: u32) -> Option<(u32, u32)> {
    (summoned > 0 && !rules.attendance_target().is_met(present, summoned))
        .then_some((present, summoned))
}

/// One person's attendance at one meeting, as history for [`unexcused_months`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceRecord {
    pub date: Date,
    pub kind: MeetingKind,
    pub person: PersonId,
    pub unexcused: bool,
}

/// MTG-ATT-08: per member, the distinct months of `year` in which they were absent without
/// reason from a regular meeting (two absences in one month count once). A count of 3 or
/// more is ground for proposing removal: the caller raises the alert.
pub fn unexcused_months(history: &[AttendanceRecord], year: i32) -> BTreeMap<PersonId, u32> {
    let mut months: BTreeMap<PersonId, BTreeSet<u8>> = BTreeMap::new();
    for r in history {
        let regular = matches!(r.kind, MeetingKind::Regular | MeetingKind::Combined);
        if r.unexcused && regular && r.date.year() == year {
            months
                .entry(r.person)
                .or_default()
                .insert(r.date.month() as u8);
        }
    }
    months
        .into_iter()
        .map(|(p, m)| (p, u32::try_from(m.len()).unwrap_or(u32::MAX)))
        .collect()
}

/// MTG-ATT-08: the count at which removal may be proposed.
pub const UNEXCUSED_MONTHS_ALERT: u32 = 3;
