//! The automatic review of a mock meeting (TRN-01): the record a practice group made on the
//! real live screen, judged against the rule set the course chose to practise (HD 12/2018
//! for a 2020 course, HD 42/2025 today — never the rule set of today's date). Every finding
//! cites the rule IDs it comes from; the meeting's own warnings (steps skipped, out of order,
//! not applicable, the meeting too short, no resolution vote, no minute-taker) are reused as
//! they are, and the review adds what a trainer looks for on top.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::{Date, PrimitiveDateTime};

use crate::meeting::details::{Guest, GuestRole, Officers};
use crate::meeting::quality::QualityRecord;
use crate::meeting::roll_call::RollCall;
use crate::meeting::vote::{breakdown, VoteSubject};
use crate::meeting::work::Task;
use crate::meeting::{duration_warning, Agenda, StepRecord, StepState, Warning};
use crate::member::Summoned;
use crate::ruleset::{LocalSettings, MeetingKind, Phase, RuleSet};
use crate::PersonId;

/// A vote as the chair announced it in the mock meeting: what was voted on and the
/// denominator the chair read out (the review compares it with MTG-ATT-03's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MockVote {
    pub subject: VoteSubject,
    pub announced_denominator: u32,
}

/// Everything the review reads, gathered by the caller from the mock meeting's record.
#[derive(Debug, Clone)]
pub struct MockRecord<'a> {
    pub kind: MeetingKind,
    /// The day the mock meeting is set on (tasks' deadlines come after it).
    pub date: Date,
    pub agenda: &'a Agenda,
    pub guests: &'a [Guest],
    pub officers: &'a Officers,
    /// The sandbox cell's official members summoned, with their attendance taken from the
    /// roll call (as the live screen builds them).
    pub summoned: &'a [Summoned],
    pub roll_call: &'a RollCall,
    pub votes: &'a [MockVote],
    pub tasks: &'a [Task],
    pub quality: Option<&'a QualityRecord>,
    pub minutes_approved_at: Option<PrimitiveDateTime>,
    /// When the meeting was closed (`None`: still running; the review then judges only what
    /// has happened so far).
    pub closed_at: Option<PrimitiveDateTime>,
}

/// What a trainer may tune. MTG-ORD-05 is a local practice \[L\]: the ideology slot's minimum
/// is a setting, not a constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewSettings {
    /// A prescribed step held for less than this was only clicked through.
    pub min_step_minutes: u32,
    /// MTG-ORD-05: minimum length of the discussion step that carries the ideology slot.
    pub ideology_slot_minutes: Option<u32>,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        Self {
            min_step_minutes: 1,
            ideology_slot_minutes: Some(15),
        }
    }
}

/// One thing the review found, with the rules it cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "finding", rename_all = "snake_case")]
pub enum Finding {
    /// One of the meeting's own warnings (skipped, out-of-order or not-applicable step,
    /// meeting too short, no minute-taker, no resolution vote).
    Meeting { warning: Warning },
    /// A prescribed step held out of its place: it is not on the longest run of steps held
    /// in the prescribed order (so moving one step late flags that step alone).
    StepOutOfOrder {
        code: String,
        title_vi: String,
        /// The step held just before it in the room, if any.
        held_after: Option<String>,
        /// The prescribed step it should have followed, if any.
        expected_after: Option<String>,
        rules: Vec<String>,
    },
    /// A prescribed step held for less than its minimum.
    StepTooShort {
        code: String,
        minutes: u32,
        minimum: u32,
        rules: Vec<String>,
    },
    /// MTG-ORD-01, MTG-ATT-05: guests were present but the step introducing them was not
    /// held.
    GuestsNotIntroduced { guests: u32 },
    /// MTG-ORD-01, MTG-ATT-07: members summoned but never called at the roll call.
    AbsenteesNotNamed { people: Vec<PersonId> },
    /// MTG-ATT-03: the chair announced a denominator other than the rule set's.
    WrongDenominator {
        subject: VoteSubject,
        announced: u32,
        correct: u32,
    },
    /// MTG-ORD-06/08: a regular meeting closed without assigning any task.
    NoTasks,
    /// MTG-ORD-06/08: a task without an owner or with a deadline not after the meeting.
    TaskIncomplete { text: String },
    /// MTG-QA-01/07: a regular meeting closed without rating its quality.
    NoQualityRating,
    /// MTG-QA-03: a superior delegate was present and did not confirm the grade.
    QualityNotConfirmed,
    /// MTG-MIN-01: the meeting closed without approved minutes.
    MinutesNotApproved,
    /// MTG-MIN-01, MTG-ORD-06: the minutes were approved only after the meeting closed.
    MinutesAfterClosing,
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_string()).collect()
}

/// The rules a step of `phase` falls under when the template gives it none of its own
/// (the closing "Bế mạc"): the order of the opening, main business or closing.
fn phase_rules(phase: Phase, kind: MeetingKind) -> Vec<String> {
    match (phase, kind) {
        (Phase::Opening, _) => ids(&["MTG-ORD-01"]),
        (Phase::Main, MeetingKind::Thematic) => ids(&["MTG-TH-02"]),
        (Phase::Main, _) => ids(&["MTG-ORD-03", "MTG-ORD-04"]),
        _ => ids(&["MTG-ORD-06"]),
    }
}

impl Finding {
    /// The rule IDs the finding cites (never empty).
    pub fn rules(&self) -> Vec<String> {
        match self {
            Finding::Meeting { warning } => warning.rules(),
            Finding::StepTooShort { rules, .. } | Finding::StepOutOfOrder { rules, .. } => {
                rules.clone()
            }
            Finding::GuestsNotIntroduced { .. } => ids(&["MTG-ORD-01", "MTG-ATT-05"]),
            Finding::AbsenteesNotNamed { .. } => ids(&["MTG-ORD-01", "MTG-ATT-07"]),
            Finding::WrongDenominator { .. } => ids(&["MTG-ATT-03"]),
            Finding::NoTasks | Finding::TaskIncomplete { .. } => ids(&["MTG-ORD-06", "MTG-ORD-08"]),
            Finding::NoQualityRating => ids(&["MTG-QA-01", "MTG-QA-07"]),
            Finding::QualityNotConfirmed => ids(&["MTG-QA-03"]),
            Finding::MinutesNotApproved => ids(&["MTG-MIN-01"]),
            Finding::MinutesAfterClosing => ids(&["MTG-MIN-01", "MTG-ORD-06"]),
        }
    }

    /// A stable code (API, pages, comparison).
    pub fn code(&self) -> &'static str {
        match self {
            Finding::Meeting { warning } => match warning {
                Warning::StepSkipped { .. } => "step_skipped",
                Warning::StepNotApplicable { .. } => "step_not_applicable",
                Warning::ShortDuration { .. } => "short_duration",
                Warning::NoMinuteTaker => "no_minute_taker",
                Warning::NoResolutionVote => "no_resolution_vote",
                _ => "meeting_warning",
            },
            Finding::StepTooShort { .. } => "step_too_short",
            Finding::StepOutOfOrder { .. } => "step_out_of_order",
            Finding::GuestsNotIntroduced { .. } => "guests_not_introduced",
            Finding::AbsenteesNotNamed { .. } => "absentees_not_named",
            Finding::WrongDenominator { .. } => "wrong_denominator",
            Finding::NoTasks => "no_tasks",
            Finding::TaskIncomplete { .. } => "task_incomplete",
            Finding::NoQualityRating => "no_quality_rating",
            Finding::QualityNotConfirmed => "quality_not_confirmed",
            Finding::MinutesNotApproved => "minutes_not_approved",
            Finding::MinutesAfterClosing => "minutes_after_closing",
        }
    }

    /// The agenda step the finding concerns, when it concerns one.
    pub fn step(&self) -> Option<&str> {
        match self {
            Finding::Meeting {
                warning:
                    Warning::StepSkipped { code, .. }
                    | Warning::StepOutOfOrder { code, .. }
                    | Warning::StepNotApplicable { code, .. },
            }
            | Finding::StepTooShort { code, .. }
            | Finding::StepOutOfOrder { code, .. } => Some(code),
            _ => None,
        }
    }

    /// Points the finding costs out of 100. A step marked not applicable with a reason is
    /// listed for discussion but costs nothing: the chair decided and said why.
    pub fn penalty(&self) -> u32 {
        match self {
            Finding::Meeting { warning } => match warning {
                Warning::StepSkipped { .. } | Warning::ShortDuration { .. } => 10,
                Warning::StepOutOfOrder { .. } => 5,
                Warning::StepNotApplicable { .. } => 0,
                Warning::NoMinuteTaker | Warning::NoResolutionVote => 10,
                _ => 5,
            },
            Finding::StepTooShort { .. } => 3,
            Finding::StepOutOfOrder { .. } => 5,
            Finding::GuestsNotIntroduced { .. }
            | Finding::AbsenteesNotNamed { .. }
            | Finding::TaskIncomplete { .. }
            | Finding::NoQualityRating => 5,
            Finding::QualityNotConfirmed => 3,
            Finding::WrongDenominator { .. } | Finding::NoTasks | Finding::MinutesAfterClosing => {
                10
            }
            Finding::MinutesNotApproved => 15,
        }
    }

    /// What the review page says, in Vietnamese.
    pub fn text_vi(&self) -> String {
        match self {
            Finding::Meeting { warning } => {
                match warning {
                    Warning::StepSkipped { code, title_vi, .. } => {
                        format!("Bỏ qua bước {code} «{title_vi}».")
                    }
                    Warning::StepOutOfOrder { code, before, .. } => {
                        format!("Bước {code} được tiến hành trước bước {before}: sai trình tự.")
                    }
                    Warning::StepNotApplicable { code, reason, .. } => {
                        format!("Bước {code} được đánh dấu không áp dụng: {reason}.")
                    }
                    Warning::ShortDuration { minutes, minimum } => {
                        format!("Buổi sinh hoạt kéo dài {minutes} phút, dưới mức tối thiểu {minimum} phút.")
                    }
                    Warning::NoMinuteTaker => "Không cử thư ký ghi biên bản.".to_string(),
                    Warning::NoResolutionVote => {
                        "Không biểu quyết thông qua kết luận hoặc nghị quyết.".to_string()
                    }
                    other => format!("Cảnh báo: {}.", other.rules().join(", ")),
                }
            }
            Finding::StepTooShort {
                code,
                minutes,
                minimum,
                ..
            } => format!("Bước {code} chỉ kéo dài {minutes} phút (tối thiểu {minimum} phút)."),
            Finding::StepOutOfOrder {
                code,
                title_vi,
                held_after,
                expected_after,
                ..
            } => {
                let held = held_after
                    .as_deref()
                    .map_or("đầu tiên".to_string(), |h| format!("sau bước {h}"));
                let expected = expected_after
                    .as_deref()
                    .map_or("đầu tiên".to_string(), |e| format!("ngay sau bước {e}"));
                format!("Bước {code} «{title_vi}» được tiến hành {held}, đúng trình tự phải {expected}.")
            }
            Finding::GuestsNotIntroduced { guests } => {
                format!("Có {guests} đại biểu dự nhưng không được giới thiệu.")
            }
            Finding::AbsenteesNotNamed { people } => format!(
                "{} đảng viên được triệu tập không được điểm danh, không nêu tên người vắng.",
                people.len()
            ),
            Finding::WrongDenominator {
                announced, correct, ..
            } => format!(
                "Công bố số đảng viên làm căn cứ biểu quyết là {announced}, đúng ra là {correct}."
            ),
            Finding::NoTasks => "Không phân công nhiệm vụ, người thực hiện, thời hạn.".to_string(),
            Finding::TaskIncomplete { text } => {
                format!("Nhiệm vụ «{text}» thiếu người thực hiện hoặc thời hạn hợp lệ.")
            }
            Finding::NoQualityRating => "Không đánh giá chất lượng buổi sinh hoạt.".to_string(),
            Finding::QualityNotConfirmed => {
                "Đại biểu cấp trên dự nhưng chưa xác nhận mức đánh giá chất lượng.".to_string()
            }
            Finding::MinutesNotApproved => {
                "Biên bản chưa được đọc và thông qua trước khi bế mạc.".to_string()
            }
            Finding::MinutesAfterClosing => "Biên bản được thông qua sau khi bế mạc.".to_string(),
        }
    }
}

/// The review of one mock meeting: its findings in the order of the meeting, and its score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub findings: Vec<Finding>,
    /// 100 less the findings' penalties, never below 0.
    pub score: u32,
}

/// The maximum score of a meeting.
pub const FULL_SCORE: u32 = 100;

fn minutes_between(a: PrimitiveDateTime, b: PrimitiveDateTime) -> u32 {
    u32::try_from((b - a).whole_minutes()).unwrap_or(0)
}

fn step_cites(step: &StepRecord, rule: &str) -> bool {
    step.rules.iter().any(|r| r == rule)
}

fn is_done(step: &StepRecord) -> bool {
    matches!(step.state, StepState::Done { .. })
}

/// TRN-01: reviews a mock meeting against `rules`, the rule set the course practises, and
/// the practice cell's local settings.
pub fn review(
    rules: &RuleSet,
    local: &LocalSettings,
    settings: &ReviewSettings,
    r: &MockRecord<'_>,
) -> Review {
    let closed = r.closed_at.is_some();
    let regular = matches!(
        r.kind,
        MeetingKind::Regular | MeetingKind::Combined | MeetingKind::Extraordinary
    );
    let mut findings = Vec::new();

    // The agenda: skipped, not-applicable and misplaced steps.
    findings.extend(agenda_findings(r.agenda, closed, r.kind));

    // Steps too short: clicked through, or the discussion without its ideology slot.
    for step in r.agenda.steps() {
        let StepState::Done { started, ended } = step.state else {
            continue;
        };
        if !step.mandatory || step.added {
            continue;
        }
        let minutes = minutes_between(started, ended);
        let ideology = settings
            .ideology_slot_minutes
            .filter(|_| step_cites(step, "MTG-ORD-05"));
        let (minimum, rules) = match ideology {
            Some(m) => (m, ids(&["MTG-ORD-05"])),
            None => (settings.min_step_minutes, cited(step, r.kind)),
        };
        if minutes < minimum {
            findings.push(Finding::StepTooShort {
                code: step.code.clone(),
                minutes,
                minimum,
                rules,
            });
        }
    }

    // Guests introduced (MTG-ORD-01, MTG-ATT-05): the step citing MTG-ATT-05 was held.
    let introduced = r
        .agenda
        .steps()
        .iter()
        .any(|s| step_cites(s, "MTG-ATT-05") && is_done(s));
    if !r.guests.is_empty() && !introduced && (closed || opening_over(r.agenda)) {
        findings.push(Finding::GuestsNotIntroduced {
            guests: u32::try_from(r.guests.len()).unwrap_or(u32::MAX),
        });
    }

    // The minute-taker (MTG-ORD-01): once the opening is over or the meeting closed.
    if r.officers.minute_taker.is_none() && (closed || opening_over(r.agenda)) {
        findings.push(Finding::Meeting {
            warning: Warning::NoMinuteTaker,
        });
    }

    // The roll call (MTG-ORD-01, MTG-ATT-07): every summoned member called, absentees named.
    let roll_call_held = r
        .agenda
        .steps()
        .iter()
        .any(|s| step_cites(s, "MTG-ATT-07") && is_done(s));
    if roll_call_held || closed {
        let mut people: Vec<PersonId> = r
            .summoned
            .iter()
            .map(|s| s.person)
            .filter(|p| r.roll_call.get(*p).is_none())
            .collect();
        people.sort();
        people.dedup();
        if !people.is_empty() {
            findings.push(Finding::AbsenteesNotNamed { people });
        }
    }

    // The denominator announced (MTG-ATT-03).
    let correct = breakdown(rules, r.summoned).denominator;
    for v in r.votes {
        if v.announced_denominator != correct {
            findings.push(Finding::WrongDenominator {
                subject: v.subject,
                announced: v.announced_denominator,
                correct,
            });
        }
    }

    if closed && regular {
        // MTG-ORD-06/08: the conclusion voted, tasks with owners and deadlines.
        if !r
            .votes
            .iter()
            .any(|v| matches!(v.subject, VoteSubject::Resolution | VoteSubject::Conclusion))
        {
            findings.push(Finding::Meeting {
                warning: Warning::NoResolutionVote,
            });
        }
        if r.tasks.is_empty() {
            findings.push(Finding::NoTasks);
        }
    }
    for t in r.tasks {
        if t.owners.is_empty() || t.deadline <= r.date {
            findings.push(Finding::TaskIncomplete {
                text: t.text.clone(),
            });
        }
    }

    // Quality (MTG-QA-01/03/07).
    if closed && matches!(r.kind, MeetingKind::Regular | MeetingKind::Combined) {
        match r.quality {
            None => findings.push(Finding::NoQualityRating),
            Some(q) => {
                let delegate = r
                    .guests
                    .iter()
                    .any(|g| g.role == GuestRole::SuperiorDelegate);
                if delegate && q.confirmed_by.is_none() {
                    findings.push(Finding::QualityNotConfirmed);
                }
            }
        }
    }

    // Minutes read and approved before closing (MTG-MIN-01).
    if let Some(closed_at) = r.closed_at {
        match r.minutes_approved_at {
            None => findings.push(Finding::MinutesNotApproved),
            Some(at) if at > closed_at => findings.push(Finding::MinutesAfterClosing),
            Some(_) => {}
        }
        if let Some((started, ended)) = r.agenda.span() {
            findings.extend(
                duration_warning(rules, local, r.kind, started, ended)
                    .map(|warning| Finding::Meeting { warning }),
            );
        }
    }

    let lost: u32 = findings.iter().map(Finding::penalty).sum();
    Review {
        score: FULL_SCORE.saturating_sub(lost),
        findings,
    }
}

fn started(step: &StepRecord) -> Option<PrimitiveDateTime> {
    match step.state {
        StepState::Running { started } | StepState::Done { started, .. } => Some(started),
        _ => None,
    }
}

fn cited(step: &StepRecord, kind: MeetingKind) -> Vec<String> {
    if step.rules.is_empty() {
        phase_rules(step.phase, kind)
    } else {
        step.rules.clone()
    }
}

/// Skipped (once closed), not-applicable and misplaced prescribed steps, in agenda order.
fn agenda_findings(agenda: &Agenda, closed: bool, kind: MeetingKind) -> Vec<Finding> {
    let prescribed: Vec<&StepRecord> = agenda
        .steps()
        .iter()
        .filter(|s| s.mandatory && !s.added)
        .collect();
    // The held steps in prescribed order with their start times; the longest run whose start
    // times increase is "in order", the others were misplaced. Ties keep the earlier step.
    let held: Vec<(usize, PrimitiveDateTime)> = prescribed
        .iter()
        .enumerate()
        .filter_map(|(i, s)| started(s).map(|t| (i, t)))
        .collect();
    let n = held.len();
    let mut best = vec![1usize; n];
    for i in (0..n).rev() {
        for j in i + 1..n {
            if held[j].1 > held[i].1 {
                best[i] = best[i].max(best[j] + 1);
            }
        }
    }
    let mut in_order = vec![false; n];
    let mut want = best.iter().copied().max().unwrap_or(0);
    let mut after: Option<PrimitiveDateTime> = None;
    for i in 0..n {
        if want > 0 && best[i] == want && after.is_none_or(|a| held[i].1 > a) {
            in_order[i] = true;
            after = Some(held[i].1);
            want -= 1;
        }
    }
    let misplaced: Vec<usize> = (0..n)
        .filter(|i| !in_order[*i])
        .map(|i| held[i].0)
        .collect();
    // What was held just before each step, by start time (every step, added ones included).
    let mut by_time: Vec<(PrimitiveDateTime, &str)> = agenda
        .steps()
        .iter()
        .filter_map(|s| started(s).map(|t| (t, s.code.as_str())))
        .collect();
    by_time.sort();

    let mut out = Vec::new();
    for (i, step) in prescribed.iter().enumerate() {
        match &step.state {
            StepState::NotApplicable { reason } => out.push(Finding::Meeting {
                warning: Warning::StepNotApplicable {
                    code: step.code.clone(),
                    reason: reason.clone(),
                    rules: cited(step, kind),
                },
            }),
            StepState::Pending if closed => out.push(Finding::Meeting {
                warning: Warning::StepSkipped {
                    code: step.code.clone(),
                    title_vi: step.title_vi.clone(),
                    rules: cited(step, kind),
                },
            }),
            _ if misplaced.contains(&i) => {
                let at = by_time.iter().position(|(_, c)| *c == step.code);
                let held_after = at
                    .and_then(|p| p.checked_sub(1))
                    .map(|p| by_time[p].1.to_string());
                out.push(Finding::StepOutOfOrder {
                    code: step.code.clone(),
                    title_vi: step.title_vi.clone(),
                    held_after,
                    expected_after: i.checked_sub(1).map(|p| prescribed[p].code.clone()),
                    rules: cited(step, kind),
                });
            }
            _ => {}
        }
    }
    out
}

/// The opening is over once any step after it has started.
fn opening_over(agenda: &Agenda) -> bool {
    agenda.steps().iter().any(|s| {
        s.phase != Phase::Opening
            && matches!(s.state, StepState::Running { .. } | StepState::Done { .. })
    })
}

/// A score averaged over several reviewed meetings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub meetings: u32,
    pub findings: u32,
    /// The mean of the meetings' scores, rounded half up.
    pub average: u32,
}

fn mean(scores: &[(u32, u32)]) -> Score {
    let meetings = u32::try_from(scores.len()).unwrap_or(u32::MAX);
    let total: u64 = scores.iter().map(|(s, _)| u64::from(*s)).sum();
    let findings = scores.iter().map(|(_, f)| *f).sum();
    let average = if meetings == 0 {
        0
    } else {
        u32::try_from((2 * total + u64::from(meetings)) / (2 * u64::from(meetings)))
            .unwrap_or(u32::MAX)
    };
    Score {
        meetings,
        findings,
        average,
    }
}

/// One reviewed mock meeting: the learner who chaired it and the group that held it.
#[derive(Debug, Clone)]
pub struct Chaired<'a, L, G> {
    pub learner: L,
    pub group: G,
    pub review: &'a Review,
}

/// TRN-01: scores per learner (the chair) and per group, each the mean of its meetings.
pub fn scores<L: Ord + Clone, G: Ord + Clone>(
    meetings: &[Chaired<'_, L, G>],
) -> (BTreeMap<L, Score>, BTreeMap<G, Score>) {
    let mut by_learner: BTreeMap<L, Vec<(u32, u32)>> = BTreeMap::new();
    let mut by_group: BTreeMap<G, Vec<(u32, u32)>> = BTreeMap::new();
    for m in meetings {
        let n = u32::try_from(m.review.findings.len()).unwrap_or(u32::MAX);
        by_learner
            .entry(m.learner.clone())
            .or_default()
            .push((m.review.score, n));
        by_group
            .entry(m.group.clone())
            .or_default()
            .push((m.review.score, n));
    }
    (
        by_learner.into_iter().map(|(k, v)| (k, mean(&v))).collect(),
        by_group.into_iter().map(|(k, v)| (k, mean(&v))).collect(),
    )
}
