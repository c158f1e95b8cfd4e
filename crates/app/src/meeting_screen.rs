//! What the meeting screens show besides the stored meeting (the chair's live screen, the
//! members' view, the projector): roll-call counts, the vote denominator as it stands now
//! with its breakdown and the fewest votes in favour each kind of decision needs, and the
//! minimum duration. Derived here from the domain's rules, so the web layer only formats.

use chibo_domain::meeting::roll_call::Presence;
use chibo_domain::meeting::vote::{breakdown, voters_present, Breakdown, VoteSubject};
use chibo_domain::meeting::{MeetingStatus, Transition};
use chibo_domain::member::{Attendance, Summoned};
use chibo_domain::MeetingId;
use chibo_store::Store;
use serde::Serialize;

use crate::error::AppError;
use crate::meetings::{show, MeetingView, RollCallRow};

/// The roll call in numbers, over the members summoned (MTG-ATT-03, MTG-ATT-07).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AttendanceCounts {
    pub summoned: u32,
    pub present: u32,
    pub absent_excused: u32,
    pub absent_unexcused: u32,
    pub not_called: u32,
    /// Members present who may vote (MTG-ATT-01/12): the most votes a count may have.
    pub voters_present: u32,
}

/// A vote counted now: the denominator and why (MTG-ATT-03), and per subject the fewest
/// votes in favour that pass by the threshold of its kind of decision (MTG-ATT-02,
/// ADM-VOTE-01, ADM-REC-02).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VotePreview {
    pub breakdown: Breakdown,
    pub minimum_for: Vec<(VoteSubject, Option<u32>)>,
}

/// What a cell meeting votes on (committee resolutions belong to the committee's meeting).
pub const CELL_VOTE_SUBJECTS: [VoteSubject; 6] = [
    VoteSubject::Resolution,
    VoteSubject::Conclusion,
    VoteSubject::QualityGrade,
    VoteSubject::Admission,
    VoteSubject::Recognition,
    VoteSubject::Discipline,
];

/// A meeting as the screens show it.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingScreen {
    #[serde(flatten)]
    pub view: MeetingView,
    pub counts: AttendanceCounts,
    pub preview: VotePreview,
    /// MTG-DUR-01: the minimum duration for this kind, date and unit, in minutes.
    pub min_minutes: Option<u32>,
    /// The lifecycle steps open from the meeting's status and its minutes.
    pub transitions: Vec<&'static str>,
    /// The minutes are approved (frozen; the meeting closed by their approval).
    pub minutes_approved: bool,
}

/// What the vote needs of one roster row: summoned members only, a member not yet called
/// taken as absent without reason (nothing assumed in their favour).
fn summoned(rows: &[RollCallRow]) -> Vec<Summoned> {
    rows.iter()
        .filter(|r| r.summoned)
        .map(|r| Summoned {
            person: r.person,
            status: r.status,
            attendance: r.attendance.as_ref().map_or(
                Attendance::Absent {
                    reason_accepted: false,
                },
                Presence::attendance,
            ),
        })
        .collect()
}

pub fn counts(rows: &[RollCallRow]) -> AttendanceCounts {
    let mut c = AttendanceCounts::default();
    for r in rows.iter().filter(|r| r.summoned) {
        c.summoned += 1;
        match &r.attendance {
            Some(Presence::Present { .. }) => c.present += 1,
            Some(Presence::Absent { accepted: true, .. }) => c.absent_excused += 1,
            Some(Presence::Absent { .. }) => c.absent_unexcused += 1,
            None => c.not_called += 1,
        }
    }
    c.voters_present = u32::try_from(voters_present(&summoned(rows)).len()).unwrap_or(u32::MAX);
    c
}

/// The lifecycle actions a meeting in `status` may take, its minutes approved or not (the
/// domain decides; a reason is supplied only to ask). Closing is not among them without
/// approved minutes: a meeting closes by approving them (MTG-MIN-01).
pub fn open_transitions(status: MeetingStatus, minutes_approved: bool) -> Vec<&'static str> {
    let r = || "?".to_string();
    [
        ("notify", Transition::Notify),
        ("start", Transition::Start),
        ("close", Transition::Close),
        ("postpone", Transition::Postpone { reason: r() }),
        ("reschedule", Transition::Reschedule),
        ("cancel", Transition::Cancel { reason: r() }),
        ("reopen", Transition::Reopen { reason: r() }),
    ]
    .into_iter()
    .filter(|(_, t)| status.apply(t, minutes_approved).is_ok())
    .map(|(code, _)| code)
    .collect()
}

/// The meeting with its roll-call counts, the denominator as it stands and the minimum
/// duration, from the rule set in force on its date and the unit's settings.
pub async fn screen(store: &Store, id: MeetingId) -> Result<MeetingScreen, AppError> {
    let view = show(store, id).await?;
    let rules = crate::rules::rules_on(store, view.meeting.date).await?;
    let local = store
        .local_settings(view.meeting.org, view.meeting.date)
        .await?;
    let minutes_approved = store.minutes(id).await?.is_some();
    let summoned = summoned(&view.roster);
    let b = breakdown(&rules, &summoned);
    let minimum_for = CELL_VOTE_SUBJECTS
        .iter()
        .map(|k| {
            (
                *k,
                rules.threshold(k.decision()).minimum_part(b.denominator),
            )
        })
        .collect();
    Ok(MeetingScreen {
        counts: counts(&view.roster),
        preview: VotePreview {
            breakdown: b,
            minimum_for,
        },
        min_minutes: local
            .min_duration(&rules, view.meeting.kind)
            .map(|d| d.minutes()),
        transitions: open_transitions(view.meeting.status, minutes_approved),
        minutes_approved,
        view,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_follow_the_lifecycle() {
        assert_eq!(
            open_transitions(MeetingStatus::Planned, false),
            ["notify", "start", "postpone", "cancel"]
        );
        // MTG-MIN-01: a meeting closes by approving its minutes, not by a button.
        assert!(open_transitions(MeetingStatus::InProgress, false).is_empty());
        // Closed before minutes existed: re-opened with a reason; approved: never.
        assert_eq!(open_transitions(MeetingStatus::Closed, false), ["reopen"]);
        assert!(open_transitions(MeetingStatus::Closed, true).is_empty());
    }
}
