//! Training mode (TRN-01, TRN-02), pure part: the review of crafted mock meetings finding by
//! finding, scores, the comparison of groups, the situation bank and the quiz.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeSet, HashSet};

use chibo_domain::meeting::details::{Guest, GuestRole, Officers};
use chibo_domain::meeting::quality::{Outcome, QualityRecord, Rating};
use chibo_domain::meeting::roll_call::{Presence, RollCall};
use chibo_domain::meeting::vote::VoteSubject;
use chibo_domain::meeting::work::Task;
use chibo_domain::meeting::{Agenda, Warning};
use chibo_domain::member::Summoned;
use chibo_domain::ruleset::{Catalogue, LocalSettings, MeetingKind, RuleSet};
use chibo_domain::training::compare::CellState;
use chibo_domain::training::quiz::{self, Answer, QuizError, QUESTIONS};
use chibo_domain::training::review::{scores, Chaired};
use chibo_domain::training::sandbox::{sample_members, SampleStanding};
use chibo_domain::training::situations;
use chibo_domain::training::{
    compare, review, Finding, GroupMeeting, MockRecord, MockVote, Review, ReviewSettings,
};
use chibo_domain::PersonId;
use time::macros::{date, datetime};
use time::{Date, Duration, PrimitiveDateTime};

/// The S2 course practises HD 12/2018: its rule set is the one of 20/8/2020.
const COURSE_DAY: Date = date!(2020 - 08 - 20);
/// The mock meeting is set on a day judged by HD 42/2025 if one went by the calendar: the
/// review must not care (the course chooses the rule set).
const SET_ON: Date = date!(2026 - 11 - 29);
const START: PrimitiveDateTime = datetime!(2026-11-29 08:00);
const CATALOGUE: &str = include_str!("../../../docs/rules.md");

fn hd12() -> RuleSet {
    Catalogue::builtin().rules_on(COURSE_DAY).unwrap()
}

/// Runs the steps in `order`, each `minutes(code)` long, from START; returns the end.
fn run(agenda: &mut Agenda, order: &[&str], minutes: impl Fn(&str) -> i64) -> PrimitiveDateTime {
    let mut at = START;
    for code in order {
        agenda.start(code, at).unwrap();
        at += Duration::minutes(minutes(code));
        agenda.finish(code, at).unwrap();
    }
    at
}

fn room_codes(rules: &RuleSet, kind: MeetingKind) -> Vec<String> {
    Agenda::from_template(rules.agenda(kind))
        .steps()
        .iter()
        .map(|s| s.code.clone())
        .collect()
}

fn normal_length(code: &str) -> i64 {
    if code == "M4" || code == "T2" {
        20
    } else {
        8
    }
}

/// A mock meeting as the group recorded it; each test spoils one thing.
struct Mock {
    kind: MeetingKind,
    agenda: Agenda,
    guests: Vec<Guest>,
    officers: Officers,
    summoned: Vec<Summoned>,
    roll_call: RollCall,
    votes: Vec<MockVote>,
    tasks: Vec<Task>,
    quality: Option<QualityRecord>,
    minutes_approved_at: Option<PrimitiveDateTime>,
    closed_at: Option<PrimitiveDateTime>,
}

impl Mock {
    /// A clean meeting of `kind`: every step in order and long enough, the superior delegate
    /// introduced, a minute-taker, everyone called (10 official members, one absent with an
    /// accepted reason: still counted before QĐ 24 of 2021, so the denominator of the 2020
    /// course is 10), the resolution voted with 10 announced, a task, the
    /// grade confirmed, the minutes approved before closing.
    fn clean(kind: MeetingKind) -> Self {
        Self::clean_with(kind, normal_length)
    }

    fn clean_with(kind: MeetingKind, minutes: impl Fn(&str) -> i64) -> Self {
        let rules = hd12();
        let mut agenda = Agenda::from_template(rules.agenda(kind));
        let codes = room_codes(&rules, kind);
        let order: Vec<&str> = codes.iter().map(String::as_str).collect();
        let end = run(&mut agenda, &order, minutes);
        let mut roll_call = RollCall::default();
        let mut summoned = Vec::new();
        for i in 1..=10 {
            let presence = if i == 10 {
                Presence::Absent {
                    reason: Some("Đi công tác".into()),
                    accepted: true,
                }
            } else {
                Presence::present()
            };
            roll_call.set(PersonId(i), presence).unwrap();
            summoned.push(Summoned {
                person: PersonId(i),
                status: None,
                attendance: roll_call.attendance(PersonId(i)),
            });
        }
        let regular = kind == MeetingKind::Regular;
        Self {
            kind,
            agenda,
            guests: vec![Guest::new(
                "Đồng chí Lường Văn Thanh",
                Some("Huyện ủy viên"),
                GuestRole::SuperiorDelegate,
                vec![],
            )
            .unwrap()],
            officers: Officers {
                chair: Some(PersonId(1)),
                preparer: Some(PersonId(2)),
                minute_taker: Some(PersonId(3)),
            },
            summoned,
            roll_call,
            votes: if regular {
                vec![MockVote {
                    subject: VoteSubject::Resolution,
                    announced_denominator: 10,
                }]
            } else {
                vec![]
            },
            tasks: if regular {
                vec![Task::new(
                    "C2",
                    "Vận động hộ nghèo vay vốn",
                    vec![PersonId(4)],
                    date!(2026 - 12 - 20),
                    SET_ON,
                )
                .unwrap()]
            } else {
                vec![]
            },
            quality: regular.then(|| QualityRecord {
                rating: Rating::PassFail(BTreeSet::new()),
                outcome: Outcome::PassFail {
                    met: true,
                    missing: vec![],
                },
                confirmed_by: Some("Đồng chí Lường Văn Thanh".into()),
            }),
            minutes_approved_at: Some(end - Duration::minutes(10)),
            closed_at: Some(end),
        }
    }

    fn review(&self) -> Review {
        self.review_with(&ReviewSettings::default())
    }

    fn review_with(&self, settings: &ReviewSettings) -> Review {
        self.review_under(&hd12(), settings)
    }

    fn review_under(&self, rules: &RuleSet, settings: &ReviewSettings) -> Review {
        let record = MockRecord {
            kind: self.kind,
            date: SET_ON,
            agenda: &self.agenda,
            guests: &self.guests,
            officers: &self.officers,
            summoned: &self.summoned,
            roll_call: &self.roll_call,
            votes: &self.votes,
            tasks: &self.tasks,
            quality: self.quality.as_ref(),
            minutes_approved_at: self.minutes_approved_at,
            closed_at: self.closed_at,
        };
        review(rules, &LocalSettings::default(), settings, &record)
    }

    /// Re-runs the agenda in `order` (the other steps never held).
    fn steps(mut self, order: &[&str], minutes: impl Fn(&str) -> i64) -> Self {
        self.agenda = Agenda::from_template(hd12().agenda(self.kind));
        let end = run(&mut self.agenda, order, minutes);
        self.closed_at = Some(end);
        self.minutes_approved_at = Some(end - Duration::minutes(1));
        self
    }
}

fn only(review: &Review, code: &str) -> Vec<Finding> {
    review
        .findings
        .iter()
        .filter(|f| f.code() == code)
        .cloned()
        .collect()
}

fn regular_order_without(skip: &[&str]) -> Vec<String> {
    room_codes(&hd12(), MeetingKind::Regular)
        .into_iter()
        .filter(|c| !skip.contains(&c.as_str()))
        .collect()
}

#[test]
fn trn_01_a_clean_regular_and_a_clean_thematic_meeting_have_no_findings() {
    for kind in [MeetingKind::Regular, MeetingKind::Thematic] {
        let r = Mock::clean(kind).review();
        assert_eq!(r.findings, vec![], "{kind:?}");
        assert_eq!(r.score, 100);
    }
}

#[test]
fn trn_01_the_course_rule_set_decides_not_the_date_hd12_step_m4b_is_expected() {
    // Set on a 2026 day, the meeting is reviewed under HD 12/2018: skipping M4b (an HD 12
    // step, MTG-ORD-03) is a finding even though HD 42/2025 would be in force that day.
    let order = regular_order_without(&["M4b"]);
    let order: Vec<&str> = order.iter().map(String::as_str).collect();
    let r = Mock::clean(MeetingKind::Regular)
        .steps(&order, normal_length)
        .review();
    let skipped = only(&r, "step_skipped");
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].step(), Some("M4b"));
    assert_eq!(skipped[0].rules(), vec!["MTG-ORD-03".to_string()]);
}

#[test]
fn mtg_ord_04_a_skipped_step_is_found_with_its_rule_and_costs_points() {
    let order = regular_order_without(&["M2"]);
    let order: Vec<&str> = order.iter().map(String::as_str).collect();
    let r = Mock::clean(MeetingKind::Regular)
        .steps(&order, normal_length)
        .review();
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
    let f = &r.findings[0];
    assert_eq!(f.code(), "step_skipped");
    assert_eq!(f.step(), Some("M2"));
    assert_eq!(f.rules(), vec!["MTG-ORD-04".to_string()]);
    assert_eq!(r.score, 90);
}

#[test]
fn mtg_ord_06_the_closing_step_without_rules_of_its_own_cites_the_closing_order() {
    let order = regular_order_without(&["C7"]);
    let order: Vec<&str> = order.iter().map(String::as_str).collect();
    let r = Mock::clean(MeetingKind::Regular)
        .steps(&order, normal_length)
        .review();
    let skipped = only(&r, "step_skipped");
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].rules(), vec!["MTG-ORD-06".to_string()]);
}

#[test]
fn mtg_ord_01_steps_out_of_order_are_found() {
    // The roll call before the minute-taker; the assessment of last month after the tasks.
    let mut order = regular_order_without(&[]);
    let o2 = order.iter().position(|c| c == "O2").unwrap();
    order.swap(o2, o2 + 1);
    let m2 = order.iter().position(|c| c == "M2").unwrap();
    let m2_code = order.remove(m2);
    let m5 = order.iter().position(|c| c == "M5").unwrap();
    order.insert(m5 + 1, m2_code);
    let order: Vec<&str> = order.iter().map(String::as_str).collect();
    let r = Mock::clean(MeetingKind::Regular)
        .steps(&order, normal_length)
        .review();
    // One finding per misplaced step, not one per step it jumped over.
    let out = only(&r, "step_out_of_order");
    assert_eq!(
        out,
        vec![
            Finding::StepOutOfOrder {
                code: "O3".into(),
                title_vi: "Điểm danh: có mặt, vắng có lý do, vắng không lý do".into(),
                held_after: Some("O1".into()),
                expected_after: Some("O2".into()),
                rules: vec![
                    "MTG-ORD-01".into(),
                    "MTG-ATT-07".into(),
                    "MTG-ATT-03".into()
                ],
            },
            Finding::StepOutOfOrder {
                code: "M2".into(),
                title_vi: "Đánh giá thực hiện nghị quyết, nhiệm vụ tháng trước".into(),
                held_after: Some("M5".into()),
                expected_after: Some("M1".into()),
                rules: vec!["MTG-ORD-04".into()],
            },
        ]
    );
    assert_eq!(r.score, 90);
    assert!(only(&r, "step_skipped").is_empty());
    assert!(r.score < 100);
}

#[test]
fn trn_01_a_step_clicked_through_and_mtg_ord_05_a_short_ideology_slot_are_too_short() {
    let r = Mock::clean_with(MeetingKind::Regular, |c| match c {
        "O2" => 0,
        "M4" => 10,
        "M1" => 14,
        _ => normal_length(c),
    })
    .review();
    let short = only(&r, "step_too_short");
    let o2 = short.iter().find(|f| f.step() == Some("O2")).unwrap();
    assert_eq!(o2.rules(), vec!["MTG-ORD-01".to_string()]);
    let m4 = short.iter().find(|f| f.step() == Some("M4")).unwrap();
    assert_eq!(m4.rules(), vec!["MTG-ORD-05".to_string()]);
    assert_eq!(short.len(), 2);
    // MTG-ORD-05 is local practice: a trainer can switch the slot off.
    let settings = ReviewSettings {
        ideology_slot_minutes: None,
        ..ReviewSettings::default()
    };
    let r = Mock::clean_with(MeetingKind::Regular, |c| if c == "M4" { 10 } else { 9 })
        .review_with(&settings);
    assert!(only(&r, "step_too_short").is_empty(), "{:?}", r.findings);
}

#[test]
fn mtg_dur_01_a_mock_meeting_shorter_than_90_minutes() {
    let r = Mock::clean_with(MeetingKind::Regular, |c| if c == "M4" { 15 } else { 4 }).review();
    match &only(&r, "short_duration")[..] {
        [Finding::Meeting {
            warning: Warning::ShortDuration { minutes, minimum },
        }] => {
            assert_eq!(*minimum, 90);
            assert!(*minutes < 90);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn mtg_att_05_guests_present_but_never_introduced() {
    let order = regular_order_without(&["O1"]);
    let order: Vec<&str> = order.iter().map(String::as_str).collect();
    let r = Mock::clean(MeetingKind::Regular)
        .steps(&order, normal_length)
        .review();
    let f = only(&r, "guests_not_introduced");
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].rules(),
        vec!["MTG-ORD-01".to_string(), "MTG-ATT-05".to_string()]
    );
    // Without guests there is nobody to introduce (the step is still skipped).
    let mut m = Mock::clean(MeetingKind::Regular).steps(&order, normal_length);
    m.guests.clear();
    m.quality.as_mut().unwrap().confirmed_by = None;
    let r = m.review();
    assert!(only(&r, "guests_not_introduced").is_empty());
    assert_eq!(only(&r, "step_skipped").len(), 1);
}

#[test]
fn mtg_ord_01_no_minute_taker_appointed() {
    let mut m = Mock::clean(MeetingKind::Regular);
    m.officers.minute_taker = None;
    let r = m.review();
    assert_eq!(only(&r, "no_minute_taker").len(), 1);
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].rules(), vec!["MTG-ORD-01".to_string()]);
}

#[test]
fn mtg_att_07_absentees_not_named_at_the_roll_call() {
    let mut m = Mock::clean(MeetingKind::Regular);
    // Two members summoned and never called.
    for i in [11, 12] {
        m.summoned.push(Summoned {
            person: PersonId(i),
            status: None,
            attendance: m.roll_call.attendance(PersonId(i)),
        });
    }
    // The chair announced the right denominator (12: nobody excluded in 2020).
    m.votes[0].announced_denominator = 12;
    let r = m.review();
    assert_eq!(
        only(&r, "absentees_not_named"),
        vec![Finding::AbsenteesNotNamed {
            people: vec![PersonId(11), PersonId(12)]
        }]
    );
    assert!(r.findings[0].rules().contains(&"MTG-ATT-07".to_string()));
    assert_eq!(r.findings.len(), 1);
}

#[test]
fn mtg_att_03_the_denominator_announced_is_checked_by_the_course_rule_set() {
    // A 2020 course: before QĐ 24 (2021) an absence with an accepted reason did not leave
    // the denominator, so announcing 9 (excluding it) is wrong; 10 is right.
    let mut m = Mock::clean(MeetingKind::Regular);
    m.votes[0].announced_denominator = 9;
    let r = m.review();
    assert_eq!(
        r.findings,
        vec![Finding::WrongDenominator {
            subject: VoteSubject::Resolution,
            announced: 9,
            correct: 10
        }]
    );
    assert_eq!(r.findings[0].rules(), vec!["MTG-ATT-03".to_string()]);
    // A course practising the rules of 2022 (HD 12/2018 with QĐ 24): 9 is right.
    let rules_2022 = Catalogue::builtin()
        .rules_on(date!(2022 - 03 - 03))
        .unwrap();
    let r = m.review_under(&rules_2022, &ReviewSettings::default());
    assert_eq!(r.findings, vec![]);
}

#[test]
fn mtg_ord_06_no_resolution_vote_no_tasks_and_an_incomplete_task() {
    let mut m = Mock::clean(MeetingKind::Regular);
    m.votes.clear();
    m.tasks.clear();
    let r = m.review();
    let codes: Vec<&str> = r.findings.iter().map(Finding::code).collect();
    assert_eq!(codes, vec!["no_resolution_vote", "no_tasks"]);
    assert!(r
        .findings
        .iter()
        .all(|f| f.rules().contains(&"MTG-ORD-06".to_string())));

    let mut m = Mock::clean(MeetingKind::Regular);
    m.tasks[0].deadline = SET_ON;
    m.tasks.push(Task {
        step: "C2".into(),
        text: "Cả chi bộ cố gắng".into(),
        owners: vec![],
        deadline: date!(2026 - 12 - 31),
    });
    let r = m.review();
    assert_eq!(only(&r, "task_incomplete").len(), 2);
    assert_eq!(r.findings.len(), 2);
}

#[test]
fn mtg_qa_01_07_no_quality_rating_and_mtg_qa_03_not_confirmed_by_the_delegate() {
    let mut m = Mock::clean(MeetingKind::Regular);
    m.quality = None;
    let r = m.review();
    assert_eq!(r.findings, vec![Finding::NoQualityRating]);
    assert_eq!(
        r.findings[0].rules(),
        vec!["MTG-QA-01".to_string(), "MTG-QA-07".to_string()]
    );

    let mut m = Mock::clean(MeetingKind::Regular);
    m.quality.as_mut().unwrap().confirmed_by = None;
    let r = m.review();
    assert_eq!(r.findings, vec![Finding::QualityNotConfirmed]);
    assert_eq!(r.findings[0].rules(), vec!["MTG-QA-03".to_string()]);
}

#[test]
fn mtg_min_01_minutes_not_approved_or_approved_after_closing() {
    let mut m = Mock::clean(MeetingKind::Thematic);
    m.minutes_approved_at = None;
    let r = m.review();
    assert_eq!(r.findings, vec![Finding::MinutesNotApproved]);
    assert_eq!(r.findings[0].rules(), vec!["MTG-MIN-01".to_string()]);
    assert_eq!(r.score, 85);

    let mut m = Mock::clean(MeetingKind::Regular);
    m.minutes_approved_at = m.closed_at.map(|c| c + Duration::minutes(5));
    let r = m.review();
    assert_eq!(r.findings, vec![Finding::MinutesAfterClosing]);
}

#[test]
fn trn_01_a_meeting_still_running_is_judged_on_what_happened_so_far() {
    let rules = hd12();
    let mut m = Mock::clean(MeetingKind::Regular);
    m.agenda = Agenda::from_template(rules.agenda(MeetingKind::Regular));
    run(&mut m.agenda, &["O1", "O2", "O3"], normal_length);
    m.closed_at = None;
    m.minutes_approved_at = None;
    m.quality = None;
    m.tasks.clear();
    m.votes.clear();
    assert_eq!(m.review().findings, vec![]);
}

#[test]
fn trn_01_scores_per_learner_and_per_group_are_means_of_their_meetings() {
    let clean = Mock::clean(MeetingKind::Regular).review();
    let mut spoiled = Mock::clean(MeetingKind::Regular);
    spoiled.quality = None;
    spoiled.votes[0].announced_denominator = 9;
    let spoiled = spoiled.review();
    assert_eq!(spoiled.score, 85);
    let meetings = [
        Chaired {
            learner: "Lò Văn Pọm",
            group: 1,
            review: &clean,
        },
        Chaired {
            learner: "Quàng Thị Ún",
            group: 1,
            review: &spoiled,
        },
        Chaired {
            learner: "Quàng Thị Ún",
            group: 2,
            review: &clean,
        },
    ];
    let (learners, groups) = scores(&meetings);
    assert_eq!(learners["Lò Văn Pọm"].average, 100);
    assert_eq!(learners["Quàng Thị Ún"].average, 93); // (85 + 100) / 2 = 92.5 → 93
    assert_eq!(learners["Quàng Thị Ún"].meetings, 2);
    assert_eq!(groups[&1].average, 93);
    assert_eq!(groups[&1].findings, 2);
    assert_eq!(groups[&2].average, 100);
}

#[test]
fn trn_01_groups_compared_step_by_step() {
    let a = Mock::clean(MeetingKind::Regular);
    let skipped = regular_order_without(&["M2"]);
    let skipped: Vec<&str> = skipped.iter().map(String::as_str).collect();
    let b = Mock::clean(MeetingKind::Regular).steps(&skipped, normal_length);
    let mut swapped = regular_order_without(&[]);
    let m1 = swapped.iter().position(|c| c == "M1").unwrap();
    swapped.swap(m1, m1 + 1);
    let swapped: Vec<&str> = swapped.iter().map(String::as_str).collect();
    let c = Mock::clean(MeetingKind::Regular).steps(&swapped, normal_length);
    let (ra, rb, rc) = (a.review(), b.review(), c.review());
    let table = compare(&[
        GroupMeeting {
            group: "Tổ 1",
            agenda: &a.agenda,
            review: &ra,
        },
        GroupMeeting {
            group: "Tổ 2",
            agenda: &b.agenda,
            review: &rb,
        },
        GroupMeeting {
            group: "Tổ 3",
            agenda: &c.agenda,
            review: &rc,
        },
    ]);
    assert_eq!(table.groups, vec!["Tổ 1", "Tổ 2", "Tổ 3"]);
    assert_eq!(
        table
            .rows
            .iter()
            .map(|r| r.code.clone())
            .collect::<Vec<_>>(),
        room_codes(&hd12(), MeetingKind::Regular)
    );
    let row = |code: &str| table.rows.iter().find(|r| r.code == code).unwrap();
    let states = |code: &str| row(code).cells.iter().map(|c| c.state).collect::<Vec<_>>();
    assert_eq!(
        states("M2"),
        vec![CellState::Done, CellState::Skipped, CellState::OutOfOrder]
    );
    assert_eq!(
        states("M1"),
        vec![CellState::Done, CellState::Done, CellState::Done]
    );
    assert_eq!(row("M2").cells[0].minutes, Some(8));
    assert_eq!(
        row("M2").cells[1].findings,
        vec!["step_skipped".to_string()]
    );
    assert_eq!(table.scores, vec![100, 90, 95]);
    assert_eq!(table.findings, vec![0, 1, 1]);
}

/// The catalogue's IDs, read at compile time from docs/rules.md.
fn catalogue_ids() -> HashSet<String> {
    CATALOGUE
        .lines()
        .filter_map(|l| l.strip_prefix("- **"))
        .filter_map(|l| l.split_whitespace().next())
        .map(|id| id.trim_end_matches("**").to_string())
        .collect()
}

#[test]
fn trn_02_situation_bank_cites_only_catalogue_rules_in_vietnamese() {
    let known = catalogue_ids();
    assert!(known.contains("TRN-02") && known.contains("MTG-ATT-03"));
    let bank = situations::builtin();
    assert!(bank.len() >= 15, "{} situations", bank.len());
    let codes: HashSet<&str> = bank.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(codes.len(), bank.len(), "codes are distinct");
    for s in &bank {
        assert!(!s.rules.is_empty(), "{}", s.code);
        for r in &s.rules {
            assert!(
                known.contains(r),
                "{} cites {r}, not in docs/rules.md",
                s.code
            );
        }
        for text in [&s.title_vi, &s.setting_vi, &s.expected_vi] {
            assert!(
                text.chars()
                    .any(|c| "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
                        .contains(c.to_lowercase().next().unwrap())),
                "{} is not Vietnamese with diacritics: {text}",
                s.code
            );
        }
        if let Some(step) = &s.step {
            let any_kind = [MeetingKind::Regular, MeetingKind::Thematic]
                .into_iter()
                .filter(|k| s.fits(*k))
                .any(|k| room_codes(&hd12(), k).contains(step));
            assert!(any_kind, "{}: step {step} on no agenda it fits", s.code);
        }
        // A situation round-trips through JSON (trainers' own are stored so).
        let json = serde_json::to_string(s).unwrap();
        assert_eq!(
            serde_json::from_str::<situations::Situation>(&json).unwrap(),
            *s
        );
    }
    // The brief's four examples are in the bank.
    for rule in ["MTG-MIN-01", "MTG-ATT-04", "MTG-ATT-01", "MTG-ATT-05"] {
        assert!(
            bank.iter().any(|s| s.rules.iter().any(|r| r == rule)),
            "{rule}"
        );
    }
}

#[test]
fn trn_02_a_trainers_situation_needs_its_texts_and_well_formed_rules() {
    let ok = situations::Situation::new(
        "X1",
        "Tình huống",
        "Diễn biến",
        "Cách xử lý",
        vec!["MTG-ATT-01".into()],
        Some(" C4 "),
        vec![MeetingKind::Regular],
    )
    .unwrap();
    assert_eq!(ok.step.as_deref(), Some("C4"));
    assert!(ok.fits(MeetingKind::Regular) && !ok.fits(MeetingKind::Thematic));
    let err = |rules: Vec<String>, title: &str| {
        situations::Situation::new("X1", title, "a", "b", rules, None, vec![]).unwrap_err()
    };
    assert_eq!(
        err(vec![], "Tình huống"),
        situations::SituationError::NoRule
    );
    assert_eq!(
        err(vec!["MTG-ATT-1".into()], "Tình huống"),
        situations::SituationError::MalformedRule("MTG-ATT-1".into())
    );
    assert_eq!(
        err(vec!["MTG-ATT-01".into()], "  "),
        situations::SituationError::Incomplete
    );
    assert!(serde_json::from_str::<situations::Situation>(
        r#"{"code":"X","title_vi":"t","setting_vi":"s","expected_vi":"e","rules":[],"step":null,"kinds":[]}"#
    )
    .is_err());
}

#[test]
fn trn_02_quiz_has_40_questions_on_catalogue_rules_with_valid_answers() {
    let known = catalogue_ids();
    assert!(QUESTIONS.len() >= 40, "{} questions", QUESTIONS.len());
    let codes: HashSet<&str> = QUESTIONS.iter().map(|q| q.code).collect();
    assert_eq!(codes.len(), QUESTIONS.len(), "codes are distinct");
    for q in QUESTIONS {
        assert!(known.contains(q.rule), "{} cites {}", q.code, q.rule);
        assert!(q.choices.len() >= 2, "{}", q.code);
        assert!(
            q.answer < q.choices.len(),
            "{}: answer out of range",
            q.code
        );
        let distinct: HashSet<&&str> = q.choices.iter().collect();
        assert_eq!(
            distinct.len(),
            q.choices.len(),
            "{}: repeated choice",
            q.code
        );
        assert!(!q.rule_vi.trim().is_empty() && !q.prompt_vi.trim().is_empty());
    }
    // The questions cover more than a handful of rules.
    let rules: HashSet<&str> = QUESTIONS.iter().map(|q| q.rule).collect();
    assert!(rules.len() >= 25, "{} rules", rules.len());
}

#[test]
fn trn_02_quiz_scoring() {
    let right = |code: &str| Answer {
        question: code.into(),
        choice: quiz::question(code).unwrap().answer,
    };
    let wrong = |code: &str| {
        let q = quiz::question(code).unwrap();
        Answer {
            question: code.into(),
            choice: (q.answer + 1) % q.choices.len(),
        }
    };
    let r = quiz::score(&[right("Q01"), wrong("Q22"), right("Q23")]).unwrap();
    assert_eq!((r.correct, r.asked, r.percent), (2, 3, 67));
    assert!(!r.marked[1].correct);
    assert_eq!(r.marked[1].question.rule, "MTG-ATT-02");
    let all: Vec<Answer> = QUESTIONS.iter().map(|q| right(q.code)).collect();
    assert_eq!(quiz::score(&all).unwrap().percent, 100);
    assert_eq!(quiz::score(&[]).unwrap().percent, 0);
    assert_eq!(
        quiz::score(&[right("Q01"), wrong("Q01")]).unwrap_err(),
        QuizError::AnsweredTwice("Q01".into())
    );
    assert_eq!(
        quiz::score(&[Answer {
            question: "Q01".into(),
            choice: 9
        }])
        .unwrap_err(),
        QuizError::NoSuchChoice {
            question: "Q01".into(),
            choice: 9
        }
    );
    assert!(matches!(
        quiz::score(&[Answer {
            question: "Q999".into(),
            choice: 0
        }]),
        Err(QuizError::UnknownQuestion(_))
    ));
}

#[test]
fn trn_01_sandbox_cells_get_a_realistic_fictional_mix() {
    let a = sample_members(1, 15);
    assert_eq!(a, sample_members(1, 15), "deterministic per group");
    assert_ne!(a, sample_members(2, 15));
    assert_eq!(a.len(), 15);
    let count = |s: SampleStanding| a.iter().filter(|m| m.standing == s).count();
    assert_eq!(count(SampleStanding::Exempted), 1);
    assert_eq!(count(SampleStanding::Probationary), 2);
    assert_eq!(count(SampleStanding::Attached), 1);
    assert_eq!(count(SampleStanding::Official), 11);
    let names: HashSet<&str> = a.iter().map(|m| m.full_name.as_str()).collect();
    assert_eq!(names.len(), 15);
    assert_eq!(sample_members(3, 2).len(), 12, "never below the minimum");
}
