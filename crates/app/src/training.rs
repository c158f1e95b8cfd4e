//! Training mode use cases (issue 13; TRN-01): the automatic review of a mock meeting held
//! in a practice group's sandbox cell, judged by the rule set of the course's practice date
//! (not the meeting's), and the comparison of a class's groups step by step.

use chibo_domain::meeting::roll_call::Presence;
use chibo_domain::meeting::MeetingStatus;
use chibo_domain::member::{Attendance, Summoned};
use chibo_domain::ruleset::MeetingKind;
use chibo_domain::training::{
    compare, review, Comparison, GroupMeeting, MockRecord, MockVote, Review, ReviewSettings,
};
use chibo_domain::MeetingId;
use chibo_store::Store;

use crate::error::AppError;
use crate::meetings::{show, MeetingView};

/// A reviewed mock meeting.
#[derive(Debug, Clone)]
pub struct MockReview {
    pub view: MeetingView,
    pub review: Review,
}

/// TRN-01: reviews meeting `id`, which must be held in a sandbox cell. The votes' stored
/// denominators are what the live screen announced; the review checks them against the
/// course's rule set.
pub async fn review_meeting(store: &Store, id: MeetingId) -> Result<MockReview, AppError> {
    let view = show(store, id).await?;
    let (_, _, practice) = store
        .training_group_of(view.meeting.org)
        .await?
        .ok_or(AppError::NotFound("meeting"))?;
    let rules = crate::rules::rules_on(store, practice).await?;
    let local = store
        .local_settings(view.meeting.org, view.meeting.date)
        .await?;
    let summoned: Vec<Summoned> = view
        .roster
        .iter()
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
        .collect();
    let m = &view.meeting;
    // A meeting closes only by approving its minutes (MTG-MIN-01): closed means approved at
    // the close, which is when its last step ended.
    let closed_at = (m.status == MeetingStatus::Closed)
        .then(|| m.agenda.span().map(|(_, end)| end))
        .flatten();
    let minutes_approved_at = match store.minutes(id).await? {
        Some(_) => closed_at,
        None => None,
    };
    let votes: Vec<MockVote> = m
        .votes
        .iter()
        .map(|v| MockVote {
            subject: v.kind,
            announced_denominator: v.denominator,
        })
        .collect();
    let tasks: Vec<_> = m.tasks.iter().map(|t| t.task.clone()).collect();
    let record = MockRecord {
        kind: m.kind,
        date: m.date,
        agenda: &m.agenda,
        guests: &m.guests,
        officers: &m.officers,
        summoned: &summoned,
        roll_call: &m.roll_call,
        votes: &votes,
        tasks: &tasks,
        quality: m.quality.as_ref(),
        minutes_approved_at,
        closed_at,
    };
    let review = review(&rules, &local, &ReviewSettings::default(), &record);
    Ok(MockReview { view, review })
}

/// TRN-01: the groups of class `class` compared step by step on their latest mock meeting
/// of `kind` (groups without one are left out).
pub async fn compare_class(
    store: &Store,
    class: i64,
    kind: MeetingKind,
) -> Result<Comparison<String>, AppError> {
    let record = store
        .training_class(class)
        .await?
        .ok_or(AppError::NotFound("training_class"))?;
    let mut reviewed: Vec<(String, MockReview)> = Vec::new();
    for g in &record.groups {
        let mut latest = None;
        for year in [record.held_on.year(), record.course.practice_date.year()] {
            for s in store.meetings_of(g.sandbox, year).await? {
                if s.kind == kind && latest.is_none_or(|(d, _)| s.date >= d) {
                    latest = Some((s.date, s.id));
                }
            }
        }
        if let Some((_, id)) = latest {
            reviewed.push((g.name.clone(), review_meeting(store, id).await?));
        }
    }
    let meetings: Vec<GroupMeeting<'_, String>> = reviewed
        .iter()
        .map(|(name, r)| GroupMeeting {
            group: name.clone(),
            agenda: &r.view.meeting.agenda,
            review: &r.review,
        })
        .collect();
    Ok(compare(&meetings))
}
