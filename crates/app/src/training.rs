//! Training mode use cases (issue 13; TRN-01): the automatic review of a mock meeting held
//! in a practice group's sandbox cell, judged by the rule set of its own date (dated in the
//! period of the guidance it practises, whatever day it is held), and the comparison of a
//! class's groups step by step.

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
    /// The version of the meeting guidance it is judged by (e.g. "HD 12/2018").
    pub guidance: String,
}

/// TRN-01: reviews meeting `id`, which must be held in a sandbox cell. The votes' stored
/// denominators are what the live screen announced; the review checks them against the
/// course's rule set.
pub async fn review_meeting(store: &Store, id: MeetingId) -> Result<MockReview, AppError> {
    let view = show(store, id).await?;
    if store.training_group_of(view.meeting.org).await?.is_none() {
        return Err(AppError::NotFound("meeting"));
    }
    // VER-01: judged by the rules of its own date, which lies in the period of the guidance
    // it practises (the course's, or the one its learner chose), whatever day it was held.
    let rules = crate::rules::rules_on(store, view.meeting.date).await?;
    let guidance = rules
        .version(chibo_domain::ruleset::Area::MeetingGuidance)
        .code
        .clone();
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
    Ok(MockReview {
        view,
        review,
        guidance,
    })
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

/// The meetings held in a group's sandbox cell, in date order: each is dated in the period
/// of the guidance it practises (TRN-01, VER-01), so they may lie years apart.
async fn group_meetings(
    store: &Store,
    sandbox: chibo_domain::OrgId,
) -> Result<Vec<chibo_store::MeetingSummary>, AppError> {
    Ok(store.meetings_of_all_years(sandbox).await?)
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
        for m in group_meetings(store, g.sandbox).await? {
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
        // The group's latest closed meeting of the kind: the last one recorded, since
        // meetings practising different guidances are dated years apart. Only a meeting held
        // to its end is compared (one being chaired or still planned has nothing yet).
        let latest = group_meetings(store, g.sandbox)
            .await?
            .into_iter()
            .filter(|s| s.kind == kind && s.status == MeetingStatus::Closed)
            .map(|s| s.id)
            .max_by_key(|id| id.0);
        if let Some(id) = latest {
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
    Ok(demo_s2_with_logins(store, actor, district).await?.0)
}

/// [`demo_s2`] with the practice logins (password `chibo-demo`): a learner of each group
/// (`hocvien.to1` … `hocvien.to3`) and the class's trainer (`giangvien.s2`), linked to
/// their participant rows (TRN-01). Returns the class and the logins with their
/// descriptions.
pub async fn demo_s2_with_logins(
    store: &Store,
    actor: &chibo_store::Actor,
    district: chibo_domain::OrgId,
) -> Result<(i64, Vec<(String, String)>), AppError> {
    let hash = crate::auth::hash_password_with(crate::demo::DEMO_PASSWORD, 19456, 2)?;
    let mut w = store.write(actor).await?;
    let new_user = |login: &str, name: &str| chibo_store::NewUser {
        login: login.to_string(),
        password_hash: hash.clone(),
        person: None,
        roles: vec![],
        display_name: Some(name.to_string()),
    };
    let trainer = w
        .users()
        .create(&new_user("giangvien.s2", "Lường Thị Hương"))
        .await?;
    let mut learner_users = Vec::new();
    for (i, name) in ["Lò Văn Pọm", "Quàng Thị Ún", "Cà Văn Thắm"]
        .iter()
        .enumerate()
    {
        learner_users.push(
            w.users()
                .create(&new_user(&format!("hocvien.to{}", i + 1), name))
                .await?,
        );
    }
    w.commit().await?;
    let class = demo_s2_as(store, actor, district, Some(trainer.0), &learner_users).await?;
    let mut logins = vec![(
        "giangvien.s2".to_string(),
        "Giảng viên lớp tập huấn S2 (THỰC HÀNH): đưa tình huống vào buổi sinh hoạt thực hành, góp ý từng bước".to_string(),
    )];
    for i in 1..=3 {
        logins.push((
            format!("hocvien.to{i}"),
            format!("Học viên Tổ {i} lớp tập huấn S2 (THỰC HÀNH): chủ trì buổi sinh hoạt thực hành của tổ"),
        ));
    }
    Ok((class, logins))
}

async fn demo_s2_as(
    store: &Store,
    actor: &chibo_store::Actor,
    district: chibo_domain::OrgId,
    trainer: Option<i64>,
    learner_users: &[chibo_domain::UserId],
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
            .add_participant(
                group,
                chibo_store::ParticipantRole::Learner,
                learner,
                learner_users.get(i).map(|u| u.0),
            )
            .await?;
        w.training()
            .add_participant(
                group,
                chibo_store::ParticipantRole::Trainer,
                "Giảng viên Lường Thị Hương",
                trainer,
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
    // Each group's next mock meeting, planned for the learner to chair on the live screen
    // (a trainer injects situations into it while it runs).
    for cell in &cells {
        plan_mock(store, actor, *cell, day, MeetingKind::Regular).await?;
    }
    Ok(class)
}

/// A mock meeting of `kind` planned in the sandbox cell `cell` on `day` at 16:00, with its
/// chair and minute-taker appointed, left for a learner to start.
pub async fn plan_mock(
    store: &Store,
    actor: &chibo_store::Actor,
    cell: chibo_domain::OrgId,
    day: time::Date,
    kind: MeetingKind,
) -> Result<MeetingId, AppError> {
    use chibo_domain::meeting::details::{Mode, Officers};
    use chibo_domain::member::CellRoster;
    use chibo_store::{DetailsDraft, MeetingDraft};
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
    let mut w = store.write(actor).await?;
    let id = w
        .meetings()
        .create(&MeetingDraft {
            org: cell,
            kind,
            date: day,
            planned_start: time::Time::from_hms(16, 0, 0).ok(),
            place: "Trung tâm Bồi dưỡng chính trị huyện".into(),
        })
        .await?;
    w.meetings()
        .set_details(
            id,
            &DetailsDraft {
                mode: Mode::InPerson,
                officers: Officers {
                    chair: voters.first().copied(),
                    preparer: voters.first().copied(),
                    minute_taker: voters.get(1).copied(),
                },
                guests: vec![],
            },
            None,
        )
        .await?;
    w.commit().await?;
    Ok(id)
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

/// TRN-02: injects situation `code` of the bank into mock meeting `meeting` (in progress, of
/// a kind the situation fits); the live screens show it at once.
pub async fn inject(
    store: &Store,
    actor: &chibo_store::Actor,
    meeting: MeetingId,
    code: &str,
) -> Result<i64, AppError> {
    // TRN-02: the bank of the committee owning the course (builtin and trainers' own).
    let situation = crate::training_bank::find_for_meeting(store, meeting, code)
        .await?
        .ok_or(chibo_store::StoreError::Practice(
            chibo_domain::training::PracticeError::UnknownSituation,
        ))?;
    let mut w = store.write(actor).await?;
    let id = w.training().inject(meeting, &situation).await?;
    w.commit().await?;
    Ok(id)
}

/// TRN-02: records how injection `injection` of mock meeting `meeting` was handled.
pub async fn handle(
    store: &Store,
    actor: &chibo_store::Actor,
    meeting: MeetingId,
    injection: i64,
    handling: &str,
) -> Result<(), AppError> {
    let text = chibo_domain::training::PracticeText::parse(handling)
        .map_err(|e| AppError::Invalid(vec![crate::FieldError::new("handling", e.code())]))?;
    let mut w = store.write(actor).await?;
    w.training().handle(meeting, injection, &text).await?;
    w.commit().await?;
    Ok(())
}

/// TRN-01: a comment on step `step` of mock meeting `meeting`, signed `author`.
pub async fn comment(
    store: &Store,
    actor: &chibo_store::Actor,
    meeting: MeetingId,
    step: &str,
    kind: &str,
    body: &str,
    author: &str,
) -> Result<i64, AppError> {
    let mut errors = Vec::new();
    let kind = chibo_domain::training::CommentKind::from_code(kind.trim());
    if kind.is_none() {
        errors.push(crate::FieldError::new("kind", "malformed"));
    }
    let body = chibo_domain::training::PracticeText::parse(body);
    if let Err(e) = &body {
        errors.push(crate::FieldError::new("body", e.code()));
    }
    let (Some(kind), Ok(body)) = (kind, body) else {
        return Err(AppError::Invalid(errors));
    };
    let mut w = store.write(actor).await?;
    let id = w
        .training()
        .comment(meeting, step.trim(), kind, &body, author)
        .await?;
    w.commit().await?;
    Ok(id)
}

/// The practice around a mock meeting, shown beside its review (TRN-01/02): the situations
/// injected with their handling, and the discussion grouped by step in agenda order.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Practice {
    pub situations: Vec<chibo_store::InjectionRecord>,
    /// `(step code, step title, comments)` for every step of the agenda.
    pub steps: Vec<(String, String, Vec<chibo_store::CommentRecord>)>,
}

pub async fn practice(store: &Store, review: &MockReview) -> Result<Practice, AppError> {
    let id = review.view.meeting.id;
    let comments = store.mock_comments(id).await?;
    let steps = review
        .view
        .meeting
        .agenda
        .steps()
        .iter()
        .map(|s| {
            (
                s.code.clone(),
                s.title_vi.clone(),
                comments
                    .iter()
                    .filter(|c| c.step == s.code)
                    .cloned()
                    .collect(),
            )
        })
        .collect();
    Ok(Practice {
        situations: review.view.situations.clone(),
        steps,
    })
}

/// The Vietnamese name of a kind of mock meeting in the exported results.
fn kind_vi(k: MeetingKind) -> &'static str {
    match k {
        MeetingKind::Regular => "Thường kỳ",
        MeetingKind::Thematic => "Chuyên đề",
        _ => "Khác",
    }
}

/// The words of a comparison cell's state in the exported results.
fn state_vi(s: chibo_domain::training::compare::CellState) -> &'static str {
    use chibo_domain::training::compare::CellState as S;
    match s {
        S::Done => "Đã thực hiện",
        S::OutOfOrder => "Sai trình tự",
        S::Skipped => "Bỏ qua",
        S::NotApplicable => "Không áp dụng",
        S::NotHeld => "Chưa thực hiện",
        S::Absent => "Không có trong chương trình",
    }
}

/// TRN-01: the results of class `class` as the render crate takes them: every group's mock
/// meetings with their scores, the means per learner (the group's learners, who chaired)
/// and per group, and the comparison for each kind of meeting held.
pub async fn class_results(
    store: &Store,
    class: i64,
) -> Result<chibo_render::xlsx::TrainingResults, AppError> {
    use chibo_domain::training::review::{scores, Chaired};
    let o = class_overview(store, class).await?;
    let mut meetings = Vec::new();
    let mut reviews = Vec::new();
    for (g, list) in o.record.groups.iter().zip(&o.meetings) {
        let learners = g
            .participants
            .iter()
            .filter(|p| p.role == chibo_store::ParticipantRole::Learner)
            .map(|p| p.full_name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        for m in list {
            meetings.push(chibo_render::xlsx::MockScoreRow {
                group: g.name.clone(),
                learners: learners.clone(),
                kind: kind_vi(m.meeting.kind).to_string(),
                date: m.meeting.date,
                score: m.score,
                findings: m.findings,
            });
            reviews.push((
                learners.clone(),
                g.name.clone(),
                review_meeting(store, m.meeting.id).await?.review,
            ));
        }
    }
    let chaired: Vec<Chaired<'_, String, String>> = reviews
        .iter()
        .map(|(l, g, r)| Chaired {
            learner: l.clone(),
            group: g.clone(),
            review: r,
        })
        .collect();
    let (by_learner, by_group) = scores(&chaired);
    let flat = |m: std::collections::BTreeMap<String, chibo_domain::training::review::Score>| {
        m.into_iter()
            .map(|(k, s)| (k, s.average, s.meetings))
            .collect::<Vec<_>>()
    };
    let mut comparisons = Vec::new();
    for kind in [MeetingKind::Regular, MeetingKind::Thematic] {
        let c = compare_class(store, class, kind).await?;
        if c.groups.is_empty() {
            continue;
        }
        let words = c
            .rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|x| state_vi(x.state).to_string())
                    .collect()
            })
            .collect();
        comparisons.push((kind_vi(kind).to_lowercase(), c, words));
    }
    Ok(chibo_render::xlsx::TrainingResults {
        class: o.record.title.clone(),
        course: o.record.course.title.clone(),
        held_on: o.record.held_on,
        practice_date: o.record.course.practice_date,
        meetings,
        learners: flat(by_learner),
        groups: flat(by_group),
        comparisons,
    })
}

/// TRN-01: the class's results as an Excel workbook (`pdf: false`) or a PDF report of the
/// owning committee dated `today`, both marked "THỰC HÀNH".
pub async fn export_results(
    store: &Store,
    class: i64,
    pdf: bool,
    today: time::Date,
) -> Result<crate::documents::Rendered, AppError> {
    use crate::documents::{render_error, safe_filename};
    let results = class_results(store, class).await?;
    let stem = format!("THỰC HÀNH Kết quả lớp {}", results.class);
    if !pdf {
        let bytes = chibo_render::xlsx::training_results(&results).map_err(render_error)?;
        return Ok(crate::documents::Rendered {
            bytes,
            content_type: crate::registers::XLSX,
            filename: safe_filename(&stem, "xlsx"),
            number: None,
        });
    }
    let record = store
        .training_class(class)
        .await?
        .ok_or(AppError::NotFound("training_class"))?;
    let tree = store.org_tree().await?;
    let owner = record.course.owner;
    let name_on = |org| {
        tree.version_on(org, today)
            .or_else(|| tree.history(org).last())
            .map(|v| v.name.as_str().to_string())
    };
    let superior = tree
        .history(owner)
        .last()
        .and_then(|v| v.parent)
        .and_then(name_on);
    let issuer = chibo_render::Issuer {
        superior,
        name: name_on(owner).unwrap_or_default(),
        code: String::new(),
        place: {
            // The place of the committee standing for the owner today (a district closed in
            // 2025 hands its classes to the province).
            let standing = if tree.version_on(owner, today).is_some() {
                owner
            } else {
                tree.history(owner)
                    .last()
                    .and_then(|v| v.parent)
                    .unwrap_or(owner)
            };
            crate::documents::place_of(&tree, standing, today)
        },
    };
    let catalogue = store.rule_catalogue().await?;
    let doc = chibo_render::build::training_results(&catalogue, &issuer, today, &results)
        .map_err(render_error)?;
    let bytes = chibo_render::pdf::render(&doc).map_err(render_error)?;
    Ok(crate::documents::Rendered {
        bytes,
        content_type: "application/pdf",
        filename: safe_filename(&stem, "pdf"),
        number: None,
    })
}
