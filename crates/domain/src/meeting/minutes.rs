//! The minutes of a meeting (Meetings II, pure part). The draft is generated from the
//! record in the order of events with everything MTG-MIN-02/03 list; the meeting approves it
//! before closing (MTG-ORD-06, MTG-MIN-01) and it becomes one frozen snapshot.
//!
//! The snapshot is a versioned type of its own — not the domain's working types serialised
//! as they happen to be — so that a change to those types never changes what an approved
//! record says, and a snapshot written by an older release still reads: every version ever
//! released stays here, and [`Minutes::from_stored`] reads each by its `schema_version`.
//! Later corrections are [`Addendum`]s with their own approval.

use serde::{Deserialize, Serialize};
use time::{Date, PrimitiveDateTime};

use super::{reason, MeetingError};

/// The schema version new snapshots are written with.
pub const MINUTES_SCHEMA_VERSION: u32 = 1;

/// A person as the minutes name them, as on the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedV1 {
    pub person: Option<i64>,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuestV1 {
    pub name: String,
    pub position: Option<String>,
    /// `superior_delegate`, `guest`, `non_member`.
    pub role: String,
}

/// MTG-MIN-03: the membership breakdown on the meeting's date and the attendance split.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceV1 {
    /// Members of the cell (attached members of other cells not counted).
    pub total: u32,
    pub official: u32,
    pub probationary: u32,
    pub attached_here: u32,
    pub exempted: u32,
    pub away_elsewhere: u32,
    /// Summoned official members (MTG-ATT-03) and how many were present.
    pub summoned: u32,
    pub present: u32,
    pub present_official: u32,
    pub present_probationary: u32,
    pub present_attached: u32,
    pub absent_excused: u32,
    pub absent_unexcused: u32,
}

/// MTG-ATT-07: one absentee, by name, with the reason and whether it was accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbsenteeV1 {
    pub name: String,
    pub reason: Option<String>,
    pub accepted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContributionV1 {
    pub speaker: String,
    pub text: String,
}

/// One agenda step as held: its times or why it was not applicable, and what was said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepV1 {
    pub code: String,
    pub title: String,
    /// `done`, `running`, `pending`, `not_applicable`.
    pub state: String,
    pub started: Option<PrimitiveDateTime>,
    pub ended: Option<PrimitiveDateTime>,
    pub not_applicable_reason: Option<String>,
    pub contributions: Vec<ContributionV1>,
}

/// A vote as counted, with its denominator and the names of those excluded and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteV1 {
    pub subject: String,
    pub kind: String,
    pub method: String,
    pub votes_for: u32,
    pub against: u32,
    pub abstain: u32,
    pub denominator: u32,
    pub summoned: u32,
    pub excluded: Vec<ExclusionV1>,
    pub passed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExclusionV1 {
    pub name: String,
    /// The rule set's wording of the reason (MTG-ATT-03).
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskV1 {
    pub text: String,
    pub owners: Vec<String>,
    pub deadline: Date,
}

/// A warning frozen with the rule IDs it cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningV1 {
    pub code: String,
    pub rules: Vec<String>,
    /// The warning's data as it was (minutes, counts, step codes).
    pub detail: serde_json::Value,
}

/// The thematic part (MTG-TH-02/03/06).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThematicV1 {
    pub topic: Option<String>,
    pub presenter: Option<String>,
    pub draft_text: Option<String>,
    pub draft_file: Option<String>,
    pub approved_by: Option<String>,
}

/// The act of an admission ceremony (ADM-CER-01..03) as the minutes record it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CeremonyV1 {
    pub new_member: NamedV1,
    /// "456-QĐ/ĐUK".
    pub decision: String,
    pub decision_date: Date,
    pub issuer: String,
    pub received_on: Date,
    /// The helping member named at the ceremony (ADM-PRB-01).
    pub helper: NamedV1,
    /// ADM-CER-01: the last day of the deadline, and the superior's agreement when held later.
    pub deadline: Option<Date>,
    pub agreement: Option<String>,
    pub agreement_date: Option<Date>,
    /// ADM-PRB-01/03: probation is complete on this day.
    pub probation_ends: Date,
}

/// The minutes, schema version 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesV1 {
    pub meeting: i64,
    pub cell: NamedV1,
    /// `regular`, `thematic`…
    pub kind: String,
    pub date: Date,
    pub started: Option<PrimitiveDateTime>,
    pub ended: Option<PrimitiveDateTime>,
    pub place: String,
    /// `in_person`, or `online` with the reason (MTG-ONL-01).
    pub mode: String,
    pub online_reason: Option<String>,
    pub chair: Option<NamedV1>,
    pub minute_taker: Option<NamedV1>,
    pub guests: Vec<GuestV1>,
    pub attendance: AttendanceV1,
    pub absentees: Vec<AbsenteeV1>,
    pub steps: Vec<StepV1>,
    pub votes: Vec<VoteV1>,
    pub tasks: Vec<TaskV1>,
    pub thematic: Option<ThematicV1>,
    /// The grade as proposed and voted (MTG-QA-01/07), in words.
    pub quality: Option<String>,
    /// The chair's conclusion as the minute-taker wrote it (the conclusion step's
    /// contributions), kept apart so the documents can place it.
    pub conclusion: Option<String>,
    pub warnings: Vec<WarningV1>,
    /// The admission ceremony's act; absent for other kinds. Added to version 1 after its
    /// first snapshots were written, as an optional field left out when absent: earlier
    /// snapshots read unchanged and their canonical bytes — so their content hashes — stay
    /// the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ceremony: Option<CeremonyV1>,
}

/// Every schema version ever written, read by its number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Minutes {
    V1(MinutesV1),
}

/// Why stored minutes cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MinutesReadError {
    #[error("minutes schema version {0} is newer than this release")]
    UnknownVersion(u32),
    #[error("minutes of schema version {version} do not parse: {detail}")]
    Malformed { version: u32, detail: String },
}

impl Minutes {
    pub fn schema_version(&self) -> u32 {
        match self {
            Minutes::V1(_) => 1,
        }
    }

    /// Reads a stored snapshot by its schema version.
    pub fn from_stored(version: u32, json: &str) -> Result<Self, MinutesReadError> {
        let malformed = |e: serde_json::Error| MinutesReadError::Malformed {
            version,
            detail: e.to_string(),
        };
        match version {
            1 => serde_json::from_str(json)
                .map(Minutes::V1)
                .map_err(malformed),
            v => Err(MinutesReadError::UnknownVersion(v)),
        }
    }

    /// The canonical bytes the content hash is computed over: the snapshot's JSON with
    /// fields in declaration order (maps are ordered), prefixed by its schema version.
    pub fn canonical_bytes(&self) -> Result<Vec<u8>, serde_json::Error> {
        let mut out = format!("chibo-minutes/{}\n", self.schema_version()).into_bytes();
        out.extend(serde_json::to_vec(self)?);
        Ok(out)
    }

    /// The latest schema's view of any version (renderers read this; a later version adds
    /// a conversion from the earlier ones here).
    pub fn latest(&self) -> &MinutesV1 {
        match self {
            Minutes::V1(m) => m,
        }
    }
}

/// A correction of approved minutes: its own text, voted on and approved, listed under the
/// minutes; the snapshot itself never changes (MTG-MIN-01, "approved minutes never change").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addendum {
    pub text: String,
    pub approved_on: Date,
    /// The vote that approved it, as counted.
    pub votes_for: u32,
    pub denominator: u32,
}

impl Addendum {
    /// An addendum exists only approved: a passed vote, dated on or after the meeting.
    pub fn new(
        text: &str,
        approved_on: Date,
        meeting_date: Date,
        votes_for: u32,
        denominator: u32,
        passed: bool,
    ) -> Result<Self, MeetingError> {
        let text = reason(text)?;
        if !passed {
            return Err(MeetingError::NotApproved);
        }
        if approved_on < meeting_date {
            return Err(MeetingError::EndsBeforeStart);
        }
        Ok(Self {
            text,
            approved_on,
            votes_for,
            denominator,
        })
    }
}

/// A correction of a contribution's wording by the minute-taker before approval: who, when,
/// before and after, all kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordingEdit {
    pub contribution: i64,
    pub by: String,
    pub at: PrimitiveDateTime,
    pub before: String,
    pub after: String,
}
