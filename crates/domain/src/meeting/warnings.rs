//! Warnings a chair sees during and after a meeting. None of them blocks anything (the
//! meeting is the members' act); each cites the rule it comes from, so the screen, the
//! minutes and a trainer's review say why.

use serde::Serialize;
use time::{Date, PrimitiveDateTime};

use super::agenda::Agenda;
use super::details::Thematic;
use super::lifecycle::MeetingStatus;
use super::vote::VoteSubject;
use crate::ruleset::LocalSettings;
use crate::ruleset::MeetingKind;
use crate::ruleset::RuleSet;
use crate::PersonId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "warning", rename_all = "snake_case")]
pub enum Warning {
    /// MTG-DUR-01: shorter than the minimum for this kind, date and unit.
    ShortDuration { minutes: u32, minimum: u32 },
    /// A prescribed step that was never held.
    StepSkipped {
        code: String,
        title_vi: String,
        rules: Vec<String>,
    },
    /// A prescribed step started before an earlier prescribed step.
    StepOutOfOrder {
        code: String,
        before: String,
        rules: Vec<String>,
    },
    /// A prescribed step marked not applicable, with the reason given.
    StepNotApplicable {
        code: String,
        reason: String,
        rules: Vec<String>,
    },
    /// MTG-ATT-04/10: attendance below the target of the rule set in force (warns only).
    LowAttendance { present: u32, summoned: u32 },
    /// MTG-ATT-07/08: members absent without a reason (or one the committee did not accept).
    UnexcusedAbsence { people: Vec<PersonId> },
    /// MTG-ORD-06/08: the meeting closed without voting on its conclusion or resolution.
    NoResolutionVote,
    /// MTG-ORD-01: no minute-taker appointed once the opening is over.
    NoMinuteTaker,
    /// MTG-FREQ-02: no thematic meeting (or combined session) in this quarter yet.
    NoThematicThisQuarter { year: i32, quarter: u8 },
    /// ORG-03: a cell with 9 or more official members and no cell committee.
    CommitteeMissing { official: u32 },
    /// MTG-TH-01: the thematic draft is not approved (or has no presenter or text).
    DraftNotApproved,
    /// MTG-PREP-04 (HD 42/2025): the meeting or its last document was published after the
    /// day before the meeting.
    DocumentsLate { due_by: Date, published_on: Date },
}

impl Warning {
    /// The rule IDs the warning cites.
    pub fn rules(&self) -> Vec<String> {
        match self {
            Warning::ShortDuration { .. } => vec!["MTG-DUR-01".to_string()],
            Warning::LowAttendance { .. } => vec!["MTG-ATT-04".into(), "MTG-ATT-10".into()],
            Warning::UnexcusedAbsence { .. } => vec!["MTG-ATT-07".into(), "MTG-ATT-08".into()],
            Warning::NoResolutionVote => vec!["MTG-ORD-06".into(), "MTG-ORD-08".into()],
            Warning::NoMinuteTaker => vec!["MTG-ORD-01".into()],
            Warning::NoThematicThisQuarter { .. } => vec!["MTG-FREQ-02".into()],
            Warning::CommitteeMissing { .. } => vec!["ORG-03".into()],
            Warning::DraftNotApproved => vec!["MTG-TH-01".into()],
            Warning::DocumentsLate { .. } => vec!["MTG-PREP-04".into()],
            Warning::StepSkipped { rules, .. }
            | Warning::StepOutOfOrder { rules, .. }
            | Warning::StepNotApplicable { rules, .. } => rules.clone(),
        }
    }
}

/// MTG-DUR-01: a meeting of `kind` held from `started` to `ended` is too short for the rule
/// set in force on its date and the unit's settings. A combined session is judged on its
/// whole length. `None` when long enough or when no minimum applies.
pub fn duration_warning(
    rules: &RuleSet,
    local: &LocalSettings,
    kind: MeetingKind,
    started: PrimitiveDateTime,
    ended: PrimitiveDateTime,
) -> Option<Warning> {
    let minimum = local.min_duration(rules, kind)?.minutes();
    let minutes = u32::try_from((ended - started).whole_minutes()).unwrap_or(0);
    (minutes < minimum).then_some(Warning::ShortDuration { minutes, minimum })
}

/// What the warnings of one meeting are judged on, gathered by the caller from the record.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    pub agenda: &'a Agenda,
    /// Official members summoned from this cell (MTG-ATT-03) and how many of them are
    /// recorded present.
    pub summoned: u32,
    pub present: u32,
    /// Summoned members recorded absent without an accepted reason.
    pub unexcused: Vec<PersonId>,
    pub minute_taker: bool,
    pub thematic: &'a Thematic,
    /// What the votes recorded so far were on.
    pub votes: Vec<VoteSubject>,
    /// Whether the cell has a thematic meeting or combined session (not cancelled) in the
    /// quarter of this meeting's date, this one included.
    pub thematic_in_quarter: bool,
    pub year: i32,
    pub quarter: u8,
    /// Official members of the cell and committee seats held, on the meeting's date.
    pub official_members: u32,
    pub committee_seats: u32,
    /// The meeting's date, and the days it and its last document were published (`None`:
    /// never published in chibo, e.g. entered from paper afterwards — nothing to judge).
    pub date: Date,
    pub published_on: Option<Date>,
    pub documents_on: Option<Date>,
}

/// The committee seats (secretary, deputy, members) a cell committee has at the least: a
/// secretary, a deputy and one member.
const MIN_COMMITTEE_SEATS: u32 = 3;
/// ORG-03: from this many official members, a cell elects a committee.
const COMMITTEE_FROM: u32 = 9;

/// Every warning of a meeting, in the order the chair meets them: the cell (ORG-03,
/// MTG-FREQ-02), preparation (MTG-TH-01), the opening (MTG-ORD-01, attendance), the agenda,
/// and — once closed — the vote and the duration.
pub fn check(rules: &RuleSet, local: &LocalSettings, f: &Facts<'_>) -> Vec<Warning> {
    let mut out = Vec::new();
    let live = matches!(f.status, MeetingStatus::InProgress | MeetingStatus::Closed);
    let closed = f.status == MeetingStatus::Closed;
    if f.official_members >= COMMITTEE_FROM && f.committee_seats < MIN_COMMITTEE_SEATS {
        out.push(Warning::CommitteeMissing {
            official: f.official_members,
        });
    }
    if matches!(f.kind, MeetingKind::Regular) && !f.thematic_in_quarter {
        out.push(Warning::NoThematicThisQuarter {
            year: f.year,
            quarter: f.quarter,
        });
    }
    let thematic = matches!(f.kind, MeetingKind::Thematic | MeetingKind::Combined);
    if thematic && !f.thematic.approved() {
        out.push(Warning::DraftNotApproved);
    }
    if let (Some(due_by), Some(published)) = (rules.documents_due_by(f.date), f.published_on) {
        let last = f.documents_on.map_or(published, |d| d.max(published));
        if last > due_by {
            out.push(Warning::DocumentsLate {
                due_by,
                published_on: last,
            });
        }
    }
    let opening_over = f
        .agenda
        .steps()
        .iter()
        .any(|s| s.code == "O2" && matches!(s.state, super::StepState::Done { .. }));
    if (opening_over || closed) && !f.minute_taker {
        out.push(Warning::NoMinuteTaker);
    }
    if live {
        if let Some((present, summoned)) =
            super::roll_call::low_attendance(rules, f.present, f.summoned)
        {
            out.push(Warning::LowAttendance { present, summoned });
        }
        if !f.unexcused.is_empty() {
            out.push(Warning::UnexcusedAbsence {
                people: f.unexcused.clone(),
            });
        }
    }
    out.extend(f.agenda.warnings(closed));
    let votes_on_resolution = matches!(
        f.kind,
        MeetingKind::Regular | MeetingKind::Combined | MeetingKind::Extraordinary
    );
    if closed
        && votes_on_resolution
        && !f
            .votes
            .iter()
            .any(|v| matches!(v, VoteSubject::Resolution | VoteSubject::Conclusion))
    {
        out.push(Warning::NoResolutionVote);
    }
    if closed {
        if let Some((started, ended)) = f.agenda.span() {
            out.extend(duration_warning(rules, local, f.kind, started, ended));
        }
    }
    out
}
