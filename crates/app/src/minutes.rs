//! Minutes (Meetings II): the draft generated from the meeting's record in the order of
//! events (MTG-MIN-02/03/04), its approval by the meeting — which freezes it as one snapshot
//! and closes the meeting (MTG-MIN-01, MTG-ORD-06) — addenda approved later, and the
//! minute-taker's wording corrections before approval.

use chibo_domain::meeting::minutes::{
    AbsenteeV1, Addendum, AttendanceV1, CeremonyV1, ContributionV1, ExclusionV1, GuestV1, Minutes,
    MinutesV1, NamedV1, StepV1, TaskV1, ThematicV1, VoteV1, WarningV1,
};
use chibo_domain::meeting::quality::Outcome;
use chibo_domain::meeting::roll_call::Presence;
use chibo_domain::meeting::vote::{Tally, VoteSubject};
use chibo_domain::meeting::work::Speaker;
use chibo_domain::meeting::{MeetingError, MeetingStatus, StepState};
use chibo_domain::member::{PlacementKind, Standing};
use chibo_domain::{MeetingId, PersonId};
use chibo_store::{Actor, Approval, MeetingRecord, MinutesRecord, Store, VoteDraft};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::meetings::{view_of, MeetingView};

/// The approval vote as typed: the three counts (the denominator is derived, as for every
/// vote) and the meeting version read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ApproveInput {
    pub votes_for: Option<i64>,
    pub against: Option<i64>,
    pub abstain: Option<i64>,
    /// `HH:MM` on the meeting's date when a meeting held on paper is entered afterwards;
    /// absent = now.
    pub at: Option<String>,
    pub version: Option<i64>,
}

/// An addendum as typed: its text and the vote that approved it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AddendumInput {
    pub text: Option<String>,
    pub votes_for: Option<i64>,
    pub against: Option<i64>,
    pub abstain: Option<i64>,
}

fn count(field: &'static str, n: Option<i64>) -> Result<u32, AppError> {
    u32::try_from(n.unwrap_or(0))
        .map_err(|_| AppError::Invalid(vec![crate::FieldError::new(field, "negative")]))
}

fn named(view: &MeetingView, person: Option<PersonId>) -> Option<NamedV1> {
    person.map(|p| NamedV1 {
        person: Some(p.0),
        name: name_of(view, p),
    })
}

fn name_of(view: &MeetingView, person: PersonId) -> String {
    view.roster
        .iter()
        .find(|r| r.person == person)
        .map_or_else(|| format!("#{}", person.0), |r| r.full_name.clone())
}

/// The minutes of `view` as they stand: everything MTG-MIN-02/03 list, in the order of
/// events, factual (MTG-MIN-04). `cell_name` is the cell's name on the meeting's date.
pub fn build(view: &MeetingView, cell_name: &str) -> MinutesV1 {
    let m = &view.meeting;
    let mut attendance = AttendanceV1::default();
    let mut absentees = Vec::new();
    for r in &view.roster {
        let attached = r.placement == PlacementKind::Attached;
        if attached {
            attendance.attached_here += 1;
        } else {
            attendance.total += 1;
            match r.standing {
                Standing::Official => attendance.official += 1,
                Standing::Probationary => attendance.probationary += 1,
            }
        }
        if r.status == Some(chibo_domain::member::StatusKind::Exempted) {
            attendance.exempted += 1;
        }
        if r.status == Some(chibo_domain::member::StatusKind::TemporarilyAway) {
            attendance.away_elsewhere += 1;
        }
        if r.summoned {
            attendance.summoned += 1;
        }
        match &r.attendance {
            Some(Presence::Present { .. }) => {
                if r.summoned {
                    attendance.present += 1;
                }
                if attached {
                    attendance.present_attached += 1;
                } else if r.standing == Standing::Probationary {
                    attendance.present_probationary += 1;
                } else {
                    attendance.present_official += 1;
                }
            }
            Some(Presence::Absent { reason, accepted }) => {
                if *accepted {
                    attendance.absent_excused += 1;
                } else {
                    attendance.absent_unexcused += 1;
                }
                absentees.push(AbsenteeV1 {
                    name: r.full_name.clone(),
                    reason: reason.clone(),
                    accepted: *accepted,
                });
            }
            None if r.summoned => {
                attendance.absent_unexcused += 1;
                absentees.push(AbsenteeV1 {
                    name: r.full_name.clone(),
                    reason: None,
                    accepted: false,
                });
            }
            None => {}
        }
    }
    let speaker = |s: &Speaker| match s {
        Speaker::Person { person } => name_of(view, *person),
        Speaker::Named { name } => name.clone(),
    };
    let steps: Vec<StepV1> = m
        .agenda
        .steps()
        .iter()
        .map(|s| {
            let (state, started, ended, na) = match &s.state {
                StepState::Pending => ("pending", None, None, None),
                StepState::Running { started } => ("running", Some(*started), None, None),
                StepState::Done { started, ended } => ("done", Some(*started), Some(*ended), None),
                StepState::NotApplicable { reason } => {
                    ("not_applicable", None, None, Some(reason.clone()))
                }
            };
            StepV1 {
                code: s.code.clone(),
                title: s.title_vi.clone(),
                state: state.into(),
                started,
                ended,
                not_applicable_reason: na,
                contributions: m
                    .contributions
                    .iter()
                    .filter(|c| c.contribution.step == s.code)
                    .map(|c| ContributionV1 {
                        speaker: speaker(&c.contribution.speaker),
                        text: c.contribution.text.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    // The conclusion step's record: C3 in both guidances' regular agendas, C1 in their
    // thematic agendas ("Bí thư kết luận"), TH.C1 for the thematic part of a combined session.
    let conclusion_steps: &[&str] = match m.kind {
        chibo_domain::ruleset::MeetingKind::Thematic => &["C1"],
        chibo_domain::ruleset::MeetingKind::Combined => &["C3", "TH.C1"],
        _ => &["C3"],
    };
    let conclusion: Vec<String> = steps
        .iter()
        .filter(|s| conclusion_steps.contains(&s.code.as_str()))
        .flat_map(|s| s.contributions.iter().map(|c| c.text.clone()))
        .collect();
    let votes = m
        .votes
        .iter()
        .map(|v| VoteV1 {
            subject: v.subject.clone(),
            kind: v.kind.code().into(),
            method: v.method.code().into(),
            votes_for: v.tally.votes_for,
            against: v.tally.against,
            abstain: v.tally.abstain,
            denominator: v.denominator,
            summoned: v.denominator_breakdown.summoned,
            excluded: v
                .denominator_breakdown
                .excluded
                .iter()
                .map(|e| ExclusionV1 {
                    name: name_of(view, e.person),
                    reason: e.reason.label_vi().into(),
                })
                .collect(),
            passed: v.passed,
        })
        .collect();
    let tasks = m
        .tasks
        .iter()
        .map(|t| TaskV1 {
            text: t.task.text.clone(),
            owners: t.task.owners.iter().map(|p| name_of(view, *p)).collect(),
            deadline: t.task.deadline,
        })
        .collect();
    let thematic_kind = matches!(
        m.kind,
        chibo_domain::ruleset::MeetingKind::Thematic | chibo_domain::ruleset::MeetingKind::Combined
    );
    let thematic = thematic_kind.then(|| ThematicV1 {
        topic: m.thematic.topic.clone(),
        presenter: m.thematic.presenter.map(|p| name_of(view, p)),
        draft_text: m.thematic.draft_text.clone(),
        draft_file: m.thematic.draft_file.clone(),
        approved_by: m.thematic.approval.as_ref().map(|a| a.by.clone()),
    });
    let quality = m.quality.as_ref().map(|q| match &q.outcome {
        Outcome::Points { total, grade, .. } => format!("{} ({total} điểm)", grade.label_vi()),
        Outcome::PassFail { met: true, .. } => "Đạt chất lượng".to_string(),
        Outcome::PassFail { met: false, .. } => "Không đạt chất lượng".to_string(),
    });
    let span = m.agenda.span();
    let (online, online_reason) = match &m.mode {
        chibo_domain::meeting::details::Mode::InPerson => ("in_person", None),
        chibo_domain::meeting::details::Mode::Online { reason } => ("online", Some(reason.clone())),
    };
    MinutesV1 {
        meeting: m.id.0,
        cell: NamedV1 {
            person: None,
            name: cell_name.to_string(),
        },
        kind: m.kind.code().into(),
        date: m.date,
        started: span.map(|(a, _)| a),
        ended: span.map(|(_, b)| b),
        place: m.place.clone(),
        mode: online.into(),
        online_reason,
        chair: named(view, m.officers.chair),
        minute_taker: named(view, m.officers.minute_taker),
        guests: m
            .guests
            .iter()
            .map(|g| GuestV1 {
                name: g.name.clone(),
                position: g.position.clone(),
                role: g.role.code().into(),
            })
            .collect(),
        attendance,
        absentees,
        steps,
        votes,
        tasks,
        thematic,
        quality,
        conclusion: (!conclusion.is_empty()).then(|| conclusion.join("\n")),
        ceremony: view
            .ceremony
            .as_ref()
            .and_then(|c| c.act.as_ref())
            .map(|c| CeremonyV1 {
                new_member: NamedV1 {
                    person: Some(c.act.new_member.0),
                    name: c.new_member_name.clone(),
                },
                decision: c.act.decision.reference.as_str().to_string(),
                decision_date: c.act.decision.date,
                issuer: c.act.decision.issuer.clone(),
                received_on: c.act.decision.received_on,
                helper: NamedV1 {
                    person: Some(c.act.helper.0),
                    name: c.helper_name.clone(),
                },
                deadline: c.timing.map(|t| t.last_day),
                agreement: c.act.agreement.as_ref().map(|a| a.reference.clone()),
                agreement_date: c.act.agreement.as_ref().map(|a| a.date),
                probation_ends: c.probation.as_ref().map_or(m.date, |p| p.ends_on),
            }),
        warnings: view
            .warnings
            .iter()
            .map(|w| {
                let detail = serde_json::to_value(&w.warning).unwrap_or(serde_json::Value::Null);
                WarningV1 {
                    code: detail["warning"].as_str().unwrap_or_default().to_string(),
                    rules: w.rules.clone(),
                    detail,
                }
            })
            .collect(),
    }
}

async fn cell_name(store: &Store, m: &MeetingRecord) -> Result<String, AppError> {
    let tree = store.org_tree().await?;
    Ok(tree
        .version_on(m.org, m.date)
        .map(|v| v.name.as_str().to_string())
        .unwrap_or_default())
}

/// The draft minutes of a meeting as they stand now (for the reading view before the vote).
pub async fn draft(store: &Store, id: MeetingId) -> Result<MinutesV1, AppError> {
    let view = crate::meetings::show(store, id).await?;
    let name = cell_name(store, &view.meeting).await?;
    Ok(build(&view, &name))
}

/// MTG-MIN-01, MTG-ORD-06: the meeting votes on its minutes (the denominator derived like
/// every vote's); if the vote passes, the record — that vote included, its warnings
/// re-checked as on closing — is frozen as the snapshot, and the meeting closes. Returns
/// the stored minutes.
pub async fn approve(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    input: &ApproveInput,
    recorded_by: &str,
) -> Result<MinutesRecord, AppError> {
    let tally = Tally {
        votes_for: count("votes_for", input.votes_for)?,
        against: count("against", input.against)?,
        abstain: count("abstain", input.abstain)?,
    };
    let at_time =
        match input.at.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(raw) => Some(crate::meetings::parse_hhmm(raw).ok_or_else(|| {
                AppError::Invalid(vec![crate::FieldError::new("at", "malformed")])
            })?),
        };
    let mut w = store.write(actor).await?;
    // ADM-CER-01..03: a ceremony is approved with its act; refused before the vote counts.
    let head = w
        .meetings()
        .get(id)
        .await?
        .ok_or(AppError::NotFound("meeting"))?;
    if head.kind == chibo_domain::ruleset::MeetingKind::AdmissionCeremony && head.ceremony.is_none()
    {
        return Err(MeetingError::CeremonyActMissing.into());
    }
    let (vote, _) = w
        .meetings()
        .record_vote(
            id,
            &VoteDraft {
                subject: "Thông qua biên bản".into(),
                kind: VoteSubject::Minutes,
                method: None,
                tally,
            },
        )
        .await?;
    if !vote.passed {
        return Err(MeetingError::NotApproved.into());
    }
    let mut record = w
        .meetings()
        .get(id)
        .await?
        .ok_or(AppError::NotFound("meeting"))?;
    // As it will be once closed: the running step ends now, the warnings of a closed
    // meeting apply (MTG-DUR-01, steps never held, no resolution vote).
    // Wall-clock time in Vietnam (UTC+7, no daylight saving).
    let now = time::OffsetDateTime::from_unix_timestamp(actor.at + crate::audit::VN_OFFSET)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    record
        .agenda
        .finish_running(time::PrimitiveDateTime::new(now.date(), now.time()))?;
    record.status = MeetingStatus::Closed;
    let name = cell_name(store, &record).await?;
    let view = view_of(store, record).await?;
    let snapshot = Minutes::V1(build(&view, &name));
    let approval = Approval {
        votes_for: vote.tally.votes_for,
        against: vote.tally.against,
        abstain: vote.tally.abstain,
        denominator: vote.denominator,
        minute_taker: view
            .meeting
            .officers
            .minute_taker
            .map(|p| name_of(&view, p)),
        chair: view.meeting.officers.chair.map(|p| name_of(&view, p)),
        recorded_by: recorded_by.to_string(),
    };
    w.meetings()
        .approve_minutes(id, &snapshot, &approval, at_time, input.version)
        .await?;
    // ADM-CER-01..03, ADM-PRB-01/02: a ceremony's approval admits its new member, in this
    // unit of work (after the snapshot, which records the roster as it was at the ceremony).
    crate::ceremony::admit_on_approval(store, &mut w, &view.meeting).await?;
    w.commit().await?;
    store
        .minutes(id)
        .await?
        .ok_or(AppError::NotFound("minutes"))
}

/// A correction of approved minutes, voted on at a later meeting of the cell (its
/// denominator is that of the meeting's roll call as the minutes froze it).
pub async fn add_addendum(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    input: &AddendumInput,
    today: time::Date,
) -> Result<i64, AppError> {
    let minutes = store
        .minutes(id)
        .await?
        .ok_or(MeetingError::MinutesNotApproved)?;
    let votes_for = count("votes_for", input.votes_for)?;
    let cast = votes_for
        .saturating_add(count("against", input.against)?)
        .saturating_add(count("abstain", input.abstain)?);
    let denominator = minutes.minutes.latest().attendance.summoned;
    if cast > denominator {
        return Err(MeetingError::TooManyVotes {
            cast,
            voters: denominator,
        }
        .into());
    }
    let rules = store
        .rule_catalogue()
        .await?
        .rules_on(minutes.minutes.latest().date)?;
    let passed = rules.vote_passes(
        chibo_domain::ruleset::VoteKind::Resolution,
        votes_for,
        denominator,
    );
    let addendum = Addendum::new(
        input.text.as_deref().unwrap_or(""),
        today,
        minutes.minutes.latest().date,
        votes_for,
        denominator,
        passed,
    )?;
    let mut w = store.write(actor).await?;
    let (aid, _) = w.meetings().add_addendum(id, &addendum).await?;
    w.commit().await?;
    Ok(aid)
}

/// The minute-taker corrects a contribution's wording before approval.
pub async fn edit_wording(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    contribution: i64,
    text: &str,
    by: &str,
) -> Result<i64, AppError> {
    let mut w = store.write(actor).await?;
    let v = w
        .meetings()
        .edit_wording(id, contribution, text, by)
        .await?;
    w.commit().await?;
    Ok(v)
}
