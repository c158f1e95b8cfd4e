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

/// A mock meeting of a group, with its review's score.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MockSummary {
    pub meeting: chibo_store::MeetingSummary,
    pub score: u32,
    pub findings: u32,
}

/// A class with, per group (same order as `record.groups`), its mock meetings reviewed.
#[derive(Debug, Clone)]
pub struct ClassOverview {
    pub record: chibo_store::ClassRecord,
    pub meetings: Vec<Vec<MockSummary>>,
}

/// The meetings held in a group's sandbox cell around the class (the class's year and the
/// course's practice year), in date order.
async fn group_meetings(
    store: &Store,
    record: &chibo_store::ClassRecord,
    sandbox: chibo_domain::OrgId,
) -> Result<Vec<chibo_store::MeetingSummary>, AppError> {
    let mut years = vec![record.held_on.year(), record.course.practice_date.year()];
    years.dedup();
    let mut out = Vec::new();
    for year in years {
        out.extend(store.meetings_of(sandbox, year).await?);
    }
    out.sort_by_key(|m| (m.date, m.id.0));
    Ok(out)
}

/// TRN-01: class `class` with every group's mock meetings and their review scores.
pub async fn class_overview(store: &Store, class: i64) -> Result<ClassOverview, AppError> {
    let record = store
        .training_class(class)
        .await?
        .ok_or(AppError::NotFound("training_class"))?;
    let mut meetings = Vec::with_capacity(record.groups.len());
    for g in &record.groups {
        let mut list = Vec::new();
        for m in group_meetings(store, &record, g.sandbox).await? {
            let r = review_meeting(store, m.id).await?;
            list.push(MockSummary {
                score: r.review.score,
                findings: u32::try_from(r.review.findings.len()).unwrap_or(u32::MAX),
                meeting: m,
            });
        }
        meetings.push(list);
    }
    Ok(ClassOverview { record, meetings })
}

/// The committee owning the class a mock meeting was held in (its access is decided there).
pub async fn owner_of_mock(
    store: &Store,
    meeting: MeetingId,
) -> Result<Option<chibo_domain::OrgId>, AppError> {
    let Some(org) = store.meeting_org(meeting).await? else {
        return Ok(None);
    };
    let Some((_, class, _)) = store.training_group_of(org).await? else {
        return Ok(None);
    };
    Ok(store.training_class(class).await?.map(|c| c.course.owner))
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

/// The S2 demo (scenario S2, TRN-01): the district's class of 20/8/2020 with three practice
/// groups, each of which chaired a regular and a thematic mock meeting under HD 12/2018 —
/// group 2 skipping the assessment of last month (M2), group 3 holding it before the news
/// (M1) — so the review and the comparison show real findings. Returns the class.
pub async fn demo_s2(
    store: &Store,
    actor: &chibo_store::Actor,
    district: chibo_domain::OrgId,
) -> Result<i64, AppError> {
    let day = time::macros::date!(2020 - 08 - 20);
    let mut w = store.write(actor).await?;
    let course = w
        .training()
        .create_course(district, "Bồi dưỡng nghiệp vụ công tác đảng năm 2020", day)
        .await?;
    let class = w
        .training()
        .create_class(course, "Kỹ năng tổ chức sinh hoạt chi bộ", day)
        .await?;
    let learners = ["Lò Văn Pọm", "Quàng Thị Ún", "Cà Văn Thắm"];
    let mut cells = Vec::new();
    for (i, learner) in learners.iter().enumerate() {
        let (group, cell) = w
            .training()
            .create_group(class, &format!("Tổ {}", i + 1), 15)
            .await?;
        w.training()
            .add_participant(group, chibo_store::ParticipantRole::Learner, learner, None)
            .await?;
        w.training()
            .add_participant(
                group,
                chibo_store::ParticipantRole::Trainer,
                "Giảng viên Lường Thị Hương",
                None,
            )
            .await?;
        w.training()
            .add_participant(
                group,
                chibo_store::ParticipantRole::Guest,
                "Đồng chí Phó Bí thư Huyện ủy",
                None,
            )
            .await?;
        cells.push(cell);
    }
    w.commit().await?;
    let rules = crate::rules::rules_on(store, day).await?;
    for (i, cell) in cells.iter().enumerate() {
        for kind in [MeetingKind::Regular, MeetingKind::Thematic] {
            let mut order: Vec<String> = rules
                .agenda(kind)
                .iter()
                .filter(|s| s.phase.in_room())
                .map(|s| s.code.clone())
                .collect();
            if kind == MeetingKind::Regular && i == 1 {
                order.retain(|c| c != "M2");
            }
            if kind == MeetingKind::Regular && i == 2 {
                if let Some(m1) = order.iter().position(|c| c == "M1") {
                    order.swap(m1, m1 + 1);
                }
            }
            hold_mock(store, actor, *cell, day, kind, &order).await?;
        }
    }
    Ok(class)
}

/// A mock meeting held in the sandbox cell `cell`: everyone present, the steps of `order`
/// started one after the other from 14:00 (the discussion 20 minutes, a thematic one 30,
/// the others 7), a task
/// and the resolution voted in a regular meeting, closed by approving its minutes.
pub async fn hold_mock(
    store: &Store,
    actor: &chibo_store::Actor,
    cell: chibo_domain::OrgId,
    day: time::Date,
    kind: MeetingKind,
    order: &[String],
) -> Result<MeetingId, AppError> {
    use chibo_domain::meeting::details::{Mode, Officers};
    use chibo_domain::meeting::vote::{Tally, VoteSubject};
    use chibo_domain::meeting::{StepAction, Transition};
    use chibo_domain::member::CellRoster;
    use chibo_store::{DetailsDraft, MeetingDraft, VoteDraft};

    let records = store.cell_records(cell).await?;
    let roster = CellRoster::on(
        cell,
        day,
        &records.members(),
        &records.placements,
        &records.statuses,
    );
    let voters: Vec<_> = roster
        .entries
        .iter()
        .filter(|e| e.may_vote())
        .map(|e| e.person)
        .collect();
    let (Some(chair), Some(taker), Some(owner)) = (voters.first(), voters.get(1), voters.get(2))
    else {
        return Err(AppError::Internal("sandbox cell without members".into()));
    };
    let at = |minute: u32| {
        time::Time::from_hms(
            u8::try_from(minute / 60).unwrap_or(23),
            u8::try_from(minute % 60).unwrap_or(0),
            0,
        )
        .map_err(|e| AppError::Internal(e.to_string()))
    };
    let mut w = store.write(actor).await?;
    let id = w
        .meetings()
        .create(&MeetingDraft {
            org: cell,
            kind,
            date: day,
            planned_start: Some(at(14 * 60)?),
            place: "Trung tâm Bồi dưỡng chính trị huyện".into(),
        })
        .await?;
    w.meetings()
        .set_details(
            id,
            &DetailsDraft {
                mode: Mode::InPerson,
                officers: Officers {
                    chair: Some(*chair),
                    preparer: Some(*chair),
                    minute_taker: Some(*taker),
                },
                guests: vec![],
            },
            None,
        )
        .await?;
    w.meetings()
        .transition(id, &Transition::Start, None, None)
        .await?;
    for e in &roster.entries {
        w.meetings()
            .set_attendance(
                id,
                e.person,
                chibo_domain::meeting::roll_call::Presence::present(),
                None,
            )
            .await?;
    }
    let regular = kind == MeetingKind::Regular;
    let mut minute = 14 * 60;
    for code in order {
        w.meetings()
            .step(
                id,
                &StepAction::Start { step: code.clone() },
                Some(at(minute)?),
                None,
            )
            .await?;
        if regular && code == "C2" {
            w.meetings()
                .add_task(
                    id,
                    "C2",
                    "Vận động nhân dân tham gia làm đường bê tông nội bản",
                    vec![*owner],
                    day + time::Duration::days(26),
                )
                .await?;
        }
        if regular && code == "C4" {
            w.meetings()
                .record_vote(
                    id,
                    &VoteDraft {
                        subject: "Nghị quyết sinh hoạt chi bộ tháng 8/2020".into(),
                        kind: VoteSubject::Resolution,
                        method: None,
                        tally: Tally {
                            votes_for: u32::try_from(voters.len()).unwrap_or(0),
                            against: 0,
                            abstain: 0,
                        },
                    },
                )
                .await?;
        }
        minute += match code.as_str() {
            "M4" => 20,
            "T2" => 30,
            _ => 7,
        };
    }
    w.commit().await?;
    let end = format!("{:02}:{:02}", minute / 60, minute % 60);
    crate::minutes::approve(
        store,
        actor,
        id,
        &crate::minutes::ApproveInput {
            votes_for: i64::try_from(voters.len()).ok(),
            at: Some(end),
            ..Default::default()
        },
        "Thư ký (thực hành)",
    )
    .await?;
    Ok(id)
}
