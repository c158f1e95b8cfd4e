//! Meetings (pure part): lifecycle, the agenda instantiated from the rule set in force on
//! the meeting's date, and the warnings with their rule IDs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chibo_domain::meeting::{duration_warning, Agenda, StepState, Warning};
use chibo_domain::ruleset::{Catalogue, LocalSettings, MeetingKind, Phase};
use time::macros::{date, datetime};
use time::Date;

fn agenda(kind: MeetingKind, on: Date) -> Agenda {
    let rules = Catalogue::builtin().rules_on(on).unwrap();
    Agenda::from_template(rules.agenda(kind))
}

#[test]
fn the_agenda_is_the_rule_sets_of_the_meetings_date() {
    // HD 12/2018 governs a 2024 meeting; HD 42/2025 a 2026 one (VER-01). The room part only.
    let old = agenda(MeetingKind::Regular, date!(2024 - 03 - 05));
    let new = agenda(MeetingKind::Regular, date!(2026 - 03 - 05));
    assert!(
        old.steps().iter().any(|s| s.code == "M4b"),
        "HD 12's M4b (MTG-ORD-03)"
    );
    assert_ne!(old.steps(), new.steps());
    for a in [&old, &new] {
        assert!(a
            .steps()
            .iter()
            .all(|s| matches!(s.phase, Phase::Opening | Phase::Main | Phase::Closing)));
        assert!(a.steps().iter().all(|s| s.state == StepState::Pending));
    }
}

#[test]
fn mtg_dur_01_short_meetings_warn_by_kind_date_and_unit() {
    let on = date!(2024 - 03 - 05);
    let rules = Catalogue::builtin().rules_on(on).unwrap();
    let local = LocalSettings::default();
    let start = datetime!(2024-03-05 14:00);
    assert_eq!(
        duration_warning(
            &rules,
            &local,
            MeetingKind::Regular,
            start,
            datetime!(2024-03-05 15:25)
        ),
        Some(Warning::ShortDuration {
            minutes: 85,
            minimum: 90
        })
    );
    assert_eq!(
        duration_warning(
            &rules,
            &local,
            MeetingKind::Regular,
            start,
            datetime!(2024-03-05 15:30)
        ),
        None
    );
    // A combined session in 2024 needs 120 minutes in all, not 90 per part.
    assert_eq!(
        duration_warning(
            &rules,
            &local,
            MeetingKind::Combined,
            start,
            datetime!(2024-03-05 15:50)
        ),
        Some(Warning::ShortDuration {
            minutes: 110,
            minimum: 120
        })
    );
    // The competent committee may set another minimum for the unit.
    let small = LocalSettings {
        min_meeting_minutes: Some(60),
        ..Default::default()
    };
    assert_eq!(
        duration_warning(
            &rules,
            &small,
            MeetingKind::Regular,
            start,
            datetime!(2024-03-05 15:25)
        ),
        None
    );
    assert_eq!(
        Warning::ShortDuration {
            minutes: 1,
            minimum: 2
        }
        .rules(),
        ["MTG-DUR-01"]
    );
}

#[test]
fn mtg_ord_01_a_step_started_before_an_earlier_one_warns_with_its_rules() {
    let mut a = agenda(MeetingKind::Regular, date!(2026 - 03 - 05));
    let codes: Vec<String> = a.steps().iter().map(|s| s.code.clone()).collect();
    // Roll call before the purpose and guests.
    a.start(&codes[2], datetime!(2026-03-05 14:00)).unwrap();
    let w = a.warnings(false);
    assert!(
        w.iter()
            .any(|w| matches!(w, Warning::StepOutOfOrder { code, before, .. }
            if *code == codes[2] && *before == codes[0])),
        "{w:?}"
    );
    let cited = w.iter().flat_map(Warning::rules).collect::<Vec<_>>();
    assert!(cited.iter().any(|r| r == "MTG-ORD-01"), "{cited:?}");
}

/// MTG-ORD-01/06: one step left out names one disorder while the meeting runs — the step
/// that jumped past it, not every later one — and once closed it is a skip, not a disorder.
#[test]
fn mtg_ord_01_one_skipped_step_is_one_warning_not_a_cascade() {
    let mut a = agenda(MeetingKind::Regular, date!(2024 - 03 - 05));
    let codes: Vec<String> = a.steps().iter().map(|s| s.code.clone()).collect();
    let mut t = datetime!(2024-03-05 14:00);
    for (i, code) in codes.iter().enumerate() {
        if i != 1 {
            a.start(code, t).unwrap();
            t += time::Duration::minutes(10);
        }
    }
    let running: Vec<_> = a
        .warnings(false)
        .into_iter()
        .filter(|w| matches!(w, Warning::StepOutOfOrder { .. }))
        .collect();
    assert_eq!(running.len(), 1, "{running:?}");
    assert!(
        matches!(&running[0], Warning::StepOutOfOrder { code, before, .. }
        if *code == codes[2] && *before == codes[1])
    );
    let closed = a.warnings(true);
    assert!(
        !closed
            .iter()
            .any(|w| matches!(w, Warning::StepOutOfOrder { .. })),
        "{closed:?}"
    );
    assert!(closed
        .iter()
        .any(|w| matches!(w, Warning::StepSkipped { code, .. } if *code == codes[1])));
    // A step held after a later one is out of order even once closed.
    let mut b = agenda(MeetingKind::Regular, date!(2024 - 03 - 05));
    b.start(&codes[0], datetime!(2024-03-05 14:00)).unwrap();
    b.start(&codes[2], datetime!(2024-03-05 14:10)).unwrap();
    b.start(&codes[1], datetime!(2024-03-05 14:20)).unwrap();
    assert!(b.warnings(true).iter().any(|w| matches!(w,
        Warning::StepOutOfOrder { code, before, .. } if *code == codes[2] && *before == codes[1])));
}

#[test]
fn mtg_ord_06_prescribed_steps_never_held_warn_once_closed() {
    let mut a = agenda(MeetingKind::Regular, date!(2024 - 03 - 05));
    let codes: Vec<String> = a.steps().iter().map(|s| s.code.clone()).collect();
    let mut t = datetime!(2024-03-05 14:00);
    for code in &codes[..codes.len() - 1] {
        a.start(code, t).unwrap();
        t += time::Duration::minutes(10);
    }
    let last = codes.last().unwrap();
    assert!(
        a.warnings(false).is_empty(),
        "nothing to say while the meeting runs in order"
    );
    let closed = a.warnings(true);
    assert!(
        closed
            .iter()
            .any(|w| matches!(w, Warning::StepSkipped { code, .. } if code == last)),
        "{closed:?}"
    );
}

#[test]
fn not_applicable_needs_a_reason_and_the_warnings_keep_it() {
    let mut a = agenda(MeetingKind::Regular, date!(2026 - 03 - 05));
    let code = a.steps()[1].code.clone();
    assert!(a.not_applicable(&code, " ").is_err());
    a.not_applicable(&code, "Chi bộ không có khách mời")
        .unwrap();
    assert!(a.warnings(true).iter().any(|w| matches!(w,
        Warning::StepNotApplicable { reason, .. } if reason == "Chi bộ không có khách mời")));
    // Not skipped: it was dealt with.
    assert!(!a
        .warnings(true)
        .iter()
        .any(|w| matches!(w, Warning::StepSkipped { code: c, .. } if *c == code)));
    // A step already started cannot be declared not applicable.
    let first = a.steps()[0].code.clone();
    a.start(&first, datetime!(2026-03-05 14:00)).unwrap();
    assert!(a.not_applicable(&first, "lý do").is_err());
}

#[test]
fn one_tap_moves_on_and_times_are_kept() {
    let mut a = agenda(MeetingKind::Regular, date!(2026 - 03 - 05));
    let c0 = a.steps()[0].code.clone();
    let c1 = a.steps()[1].code.clone();
    a.start(&c0, datetime!(2026-03-05 14:00)).unwrap();
    a.start(&c1, datetime!(2026-03-05 14:07)).unwrap();
    assert_eq!(
        a.steps()[0].state,
        StepState::Done {
            started: datetime!(2026-03-05 14:00),
            ended: datetime!(2026-03-05 14:07)
        }
    );
    assert_eq!(a.current().map(|s| s.code.clone()), Some(c1.clone()));
    assert!(
        a.start(&c0, datetime!(2026-03-05 14:08)).is_err(),
        "no silent rewrite"
    );
    assert!(
        a.finish(&c1, datetime!(2026-03-05 14:06)).is_err(),
        "ends before it starts"
    );
    a.finish(&c1, datetime!(2026-03-05 14:20)).unwrap();
    assert_eq!(
        a.span(),
        Some((datetime!(2026-03-05 14:00), datetime!(2026-03-05 14:20)))
    );
}

#[test]
fn other_business_is_added_before_the_closing() {
    let mut a = agenda(MeetingKind::Regular, date!(2026 - 03 - 05));
    let code = a
        .add_other_business("Góp ý dự thảo văn kiện đại hội")
        .unwrap();
    assert!(a.add_other_business("").is_err());
    let i = a.steps().iter().position(|s| s.code == code).unwrap();
    assert!(a.steps()[i].added && !a.steps()[i].mandatory);
    assert_eq!(a.steps()[i + 1].phase, Phase::Closing);
    assert!(a.steps()[..i].iter().all(|s| s.phase != Phase::Closing));
}

mod votes {
    use chibo_domain::meeting::vote::{breakdown, check_voter, count, Tally};
    use chibo_domain::meeting::MeetingError;
    use chibo_domain::member::{Attendance, StatusKind, Summoned};
    use chibo_domain::ruleset::{Catalogue, DenominatorExclusion, VoteKind};
    use chibo_domain::PersonId;
    use proptest::prelude::*;
    use time::macros::date;

    fn one(id: i64, status: Option<StatusKind>, attendance: Attendance) -> Summoned {
        Summoned {
            person: PersonId(id),
            status,
            attendance,
        }
    }

    const PRESENT: Attendance = Attendance::Present;
    const EXCUSED: Attendance = Attendance::Absent {
        reason_accepted: true,
    };
    const UNEXCUSED: Attendance = Attendance::Absent {
        reason_accepted: false,
    };

    /// Scenario S3, November 2025: 20 official members summoned (one exempted, who stays
    /// away); two absent without reason, one absent with a reason the committee accepted; 16
    /// present. The attached and the probationary members attend but are not summoned.
    /// Denominator 18; 10 in favour passes (more than half, MTG-ATT-02), 9 fails; an
    /// admission needs 12 (2/3, ADM-VOTE-01).
    fn s3() -> Vec<Summoned> {
        let mut s: Vec<Summoned> = (1..=16).map(|i| one(i, None, PRESENT)).collect();
        s.push(one(17, None, UNEXCUSED));
        s.push(one(18, None, UNEXCUSED));
        s.push(one(19, None, EXCUSED));
        s.push(one(20, Some(StatusKind::Exempted), UNEXCUSED));
        s
    }

    #[test]
    fn mtg_att_02_03_s3_november_vote_denominator_18_passed_with_10() {
        let rules = Catalogue::builtin()
            .rules_on(date!(2025 - 11 - 03))
            .unwrap();
        let r = count(
            &rules,
            VoteKind::Resolution,
            &s3(),
            Tally {
                votes_for: 10,
                against: 3,
                abstain: 3,
            },
        )
        .unwrap();
        assert_eq!(r.breakdown.summoned, 20);
        assert_eq!(r.breakdown.denominator, 18);
        assert_eq!(
            r.breakdown
                .excluded
                .iter()
                .map(|e| (e.person.0, e.reason))
                .collect::<Vec<_>>(),
            [
                (19, DenominatorExclusion::AbsentWithAcceptedReason),
                (20, DenominatorExclusion::ExemptedAbsent)
            ]
        );
        assert!(r.passed);
        assert_eq!(r.minimum_for, Some(10));
        assert_eq!(r.breakdown.denominator, rules.vote_denominator(&s3()));
        // Exactly half is not more than half.
        let nine = Tally {
            votes_for: 9,
            against: 4,
            abstain: 3,
        };
        assert!(
            !count(&rules, VoteKind::Resolution, &s3(), nine)
                .unwrap()
                .passed
        );
        // ADM-VOTE-01: two thirds of 18 is 12.
        let adm = count(
            &rules,
            VoteKind::Admission,
            &s3(),
            Tally {
                votes_for: 11,
                against: 0,
                abstain: 0,
            },
        )
        .unwrap();
        assert!(!adm.passed);
        assert_eq!(adm.minimum_for, Some(12));
    }

    #[test]
    fn mtg_att_01_more_votes_than_voters_present_are_refused() {
        let rules = Catalogue::builtin()
            .rules_on(date!(2025 - 11 - 03))
            .unwrap();
        let err = count(
            &rules,
            VoteKind::Resolution,
            &s3(),
            Tally {
                votes_for: 10,
                against: 4,
                abstain: 3,
            },
        )
        .unwrap_err();
        assert_eq!(
            err,
            MeetingError::TooManyVotes {
                cast: 17,
                voters: 16
            }
        );
    }

    #[test]
    fn mtg_att_01_12_only_summoned_members_present_may_vote() {
        let s = s3();
        assert!(check_voter(&s, PersonId(1)).is_ok());
        // Absent, or not summoned at all (probationary, attached here, non-member).
        assert_eq!(
            check_voter(&s, PersonId(18)),
            Err(MeetingError::NotAVoter(PersonId(18)))
        );
        assert!(check_voter(&s, PersonId(99)).is_err());
        // MEM-EX-02: an exempted member who attends votes and counts.
        let mut with_exempted_present = s.clone();
        with_exempted_present[19] = one(20, Some(StatusKind::Exempted), PRESENT);
        assert!(check_voter(&with_exempted_present, PersonId(20)).is_ok());
        let rules = Catalogue::builtin()
            .rules_on(date!(2025 - 11 - 03))
            .unwrap();
        assert_eq!(breakdown(&rules, &with_exempted_present).denominator, 19);
    }

    fn status() -> impl Strategy<Value = Option<StatusKind>> {
        prop_oneof![
            Just(None),
            Just(Some(StatusKind::Exempted)),
            Just(Some(StatusKind::TemporarilyAway)),
            Just(Some(StatusKind::Suspended)),
            Just(Some(StatusKind::Prosecuted)),
        ]
    }

    fn attendance() -> impl Strategy<Value = Attendance> {
        prop_oneof![Just(PRESENT), Just(EXCUSED), Just(UNEXCUSED)]
    }

    proptest! {
        /// MTG-ATT-03: the breakdown explains exactly the rule set's denominator, counts each
        /// person once however often listed, and never exceeds the people summoned.
        #[test]
        fn mtg_att_03_breakdown_agrees_and_counts_each_person_once(
            people in proptest::collection::vec((1i64..30, status(), attendance()), 0..60),
            year in 2008i32..2027,
        ) {
            let rules = Catalogue::builtin()
                .rules_on(time::Date::from_calendar_date(year, time::Month::June, 1).unwrap())
                .unwrap();
            let summoned: Vec<Summoned> =
                people.iter().map(|(id, s, a)| one(*id, *s, *a)).collect();
            let b = breakdown(&rules, &summoned);
            let distinct: std::collections::BTreeSet<i64> = people.iter().map(|p| p.0).collect();
            prop_assert_eq!(b.summoned as usize, distinct.len());
            prop_assert_eq!(b.denominator, rules.vote_denominator(&summoned));
            prop_assert!(b.denominator <= b.summoned);
            let excluded: std::collections::BTreeSet<PersonId> =
                b.excluded.iter().map(|e| e.person).collect();
            prop_assert_eq!(excluded.len(), b.excluded.len());
        }
    }
}

mod roll_call {
    use chibo_domain::meeting::roll_call::{
        low_attendance, unexcused_months, AttendanceRecord, Presence, RollCall,
        UNEXCUSED_MONTHS_ALERT,
    };
    use chibo_domain::meeting::MeetingError;
    use chibo_domain::member::Attendance;
    use chibo_domain::ruleset::{Catalogue, MeetingKind};
    use chibo_domain::PersonId;
    use time::macros::{date, time};

    #[test]
    fn mtg_att_07_absentees_by_name_with_reason_and_whether_accepted() {
        let mut r = RollCall::default();
        r.set(PersonId(1), Presence::present()).unwrap();
        r.set(
            PersonId(2),
            Presence::Absent {
                reason: Some("Đi công tác".into()),
                accepted: true,
            },
        )
        .unwrap();
        r.set(
            PersonId(3),
            Presence::Absent {
                reason: None,
                accepted: false,
            },
        )
        .unwrap();
        let people = [PersonId(1), PersonId(2), PersonId(3), PersonId(4)];
        let absent: Vec<_> = r.absentees(&people).collect();
        assert_eq!(
            absent,
            [
                (PersonId(2), Some("Đi công tác"), true),
                (PersonId(3), None, false),
                (PersonId(4), None, false)
            ],
            "a person not called is absent without reason"
        );
        assert_eq!(r.present_count(&people), 1);
        assert_eq!(
            r.attendance(PersonId(2)),
            Attendance::Absent {
                reason_accepted: true
            }
        );
        // An accepted absence needs a reason; nobody leaves before arriving.
        assert_eq!(
            Presence::Absent {
                reason: Some("  ".into()),
                accepted: true
            }
            .checked(),
            Err(MeetingError::ReasonRequired)
        );
        assert!(Presence::Present {
            arrived_late: Some(time!(14:30)),
            left_early: Some(time!(14:00))
        }
        .checked()
        .is_err());
    }

    #[test]
    fn mtg_att_04_10_low_attendance_warns_against_the_rule_sets_target() {
        let rules = Catalogue::builtin()
            .rules_on(date!(2026 - 03 - 05))
            .unwrap();
        let target = rules.attendance_target();
        // Find the edge of the target for 20 summoned and check both sides of it.
        let edge = (0..=20).find(|p| target.is_met(*p, 20)).unwrap();
        assert_eq!(low_attendance(&rules, edge, 20), None);
        assert_eq!(low_attendance(&rules, edge - 1, 20), Some((edge - 1, 20)));
        assert_eq!(
            low_attendance(&rules, 0, 0),
            None,
            "nobody summoned: nothing to say"
        );
    }

    #[test]
    fn mtg_att_08_distinct_months_of_unexcused_absence_from_regular_meetings() {
        let rec = |d: time::Date, kind, p: i64, unexcused| AttendanceRecord {
            date: d,
            kind,
            person: PersonId(p),
            unexcused,
        };
        let history = [
            rec(date!(2025 - 01 - 03), MeetingKind::Regular, 1, true),
            // Twice in one month counts once.
            rec(date!(2025 - 02 - 03), MeetingKind::Regular, 1, true),
            rec(date!(2025 - 02 - 20), MeetingKind::Extraordinary, 1, true),
            rec(date!(2025 - 02 - 21), MeetingKind::Regular, 1, true),
            rec(date!(2025 - 05 - 03), MeetingKind::Combined, 1, true),
            // A thematic meeting is not the regular one; an excused absence is not counted.
            rec(date!(2025 - 06 - 10), MeetingKind::Thematic, 2, true),
            rec(date!(2025 - 07 - 03), MeetingKind::Regular, 2, false),
            // Another year.
            rec(date!(2024 - 12 - 03), MeetingKind::Regular, 2, true),
        ];
        let counts = unexcused_months(&history, 2025);
        assert_eq!(counts.get(&PersonId(1)), Some(&3));
        assert_eq!(counts.get(&PersonId(2)), None);
        assert!(counts[&PersonId(1)] >= UNEXCUSED_MONTHS_ALERT);
    }
}

mod quality {
    use std::collections::{BTreeMap, BTreeSet};

    use chibo_domain::meeting::quality::{rate, Outcome, Rating};
    use chibo_domain::meeting::MeetingError;
    use chibo_domain::ruleset::{Catalogue, Grade, LocalSettings, QualityProfile};
    use time::macros::date;

    fn full_points() -> BTreeMap<String, u32> {
        [
            ("time", 5),
            ("attendance", 5),
            ("preparation", 10),
            ("running", 40),
            ("principles", 5),
            ("last_resolution", 30),
            ("closing", 5),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    /// MTG-QA-06 [L] and MTG-QA-02: the local 100-point profile in force for a 2026 meeting;
    /// Good from 90, Fair from 70; points above a criterion's maximum or on an unknown
    /// criterion are refused.
    #[test]
    fn mtg_qa_02_06_points_profile_grades_a_2026_meeting() {
        let rules = Catalogue::builtin()
            .rules_on(date!(2026 - 03 - 05))
            .unwrap();
        let local = LocalSettings::default();
        assert!(matches!(rules.quality_profile(), QualityProfile::Points(_)));
        let all = rate(&rules, &local, &Rating::Points(full_points())).unwrap();
        assert_eq!(
            all,
            Outcome::Points {
                total: 100,
                grade: Grade::Good,
                short_of_full_marks: vec![]
            }
        );
        let mut some = full_points();
        some.insert("last_resolution".into(), 15);
        assert!(matches!(
            rate(&rules, &local, &Rating::Points(some)).unwrap(),
            Outcome::Points {
                total: 85,
                grade: Grade::Fair,
                ..
            }
        ));
        let mut over = full_points();
        over.insert("time".into(), 6);
        assert_eq!(
            rate(&rules, &local, &Rating::Points(over)),
            Err(MeetingError::TooManyPoints {
                criterion: "time".into(),
                max: 5
            })
        );
        let mut unknown = full_points();
        unknown.insert("singing".into(), 1);
        assert!(matches!(
            rate(&rules, &local, &Rating::Points(unknown)),
            Err(MeetingError::UnknownCriterion(_))
        ));
        assert_eq!(
            rate(&rules, &local, &Rating::PassFail(BTreeSet::new())),
            Err(MeetingError::WrongScale)
        );
    }

    /// MTG-QA-02: a committee may require full marks on some criteria for Good.
    #[test]
    fn mtg_qa_02_full_marks_needed_for_good() {
        let rules = Catalogue::builtin()
            .rules_on(date!(2026 - 03 - 05))
            .unwrap();
        let local = LocalSettings {
            full_marks_for_good: vec!["attendance".into()],
            ..Default::default()
        };
        let mut scores = full_points();
        scores.insert("attendance".into(), 4);
        assert_eq!(
            rate(&rules, &local, &Rating::Points(scores)).unwrap(),
            Outcome::Points {
                total: 99,
                grade: Grade::Fair,
                short_of_full_marks: vec!["attendance".into()]
            }
        );
    }

    /// MTG-QA-05: a 2024 meeting is rated by HD 12/2018's central pass/fail framework:
    /// "đạt chất lượng" only when every criterion is met.
    #[test]
    fn mtg_qa_05_pass_fail_framework_for_a_2024_meeting() {
        let rules = Catalogue::builtin()
            .rules_on(date!(2024 - 03 - 05))
            .unwrap();
        let local = LocalSettings::default();
        let QualityProfile::PassFail(f) = rules.quality_profile() else {
            panic!("HD 12/2018 is pass/fail");
        };
        let every: BTreeSet<String> = f.criteria.iter().map(|c| c.code.clone()).collect();
        assert_eq!(
            rate(&rules, &local, &Rating::PassFail(every.clone())).unwrap(),
            Outcome::PassFail {
                met: true,
                missing: vec![]
            }
        );
        let first = f.criteria[0].code.clone();
        let mut fewer = every;
        fewer.remove(&first);
        assert_eq!(
            rate(&rules, &local, &Rating::PassFail(fewer)).unwrap(),
            Outcome::PassFail {
                met: false,
                missing: vec![first]
            }
        );
        assert_eq!(
            rate(&rules, &local, &Rating::Points(full_points())),
            Err(MeetingError::WrongScale)
        );
    }
}

mod frequency_and_work {
    use chibo_domain::meeting::frequency::{gaps, Gap};
    use chibo_domain::meeting::work::{Contribution, Speaker, Task};
    use chibo_domain::meeting::MeetingError;
    use chibo_domain::ruleset::MeetingKind;
    use chibo_domain::PersonId;
    use time::macros::date;

    /// MTG-FREQ-01/02/03: every month a regular meeting, every quarter a thematic one; a
    /// combined session counts as both; a quarter is judged once it is over.
    #[test]
    fn mtg_freq_01_02_03_gaps_by_month_and_quarter() {
        let held = [
            (date!(2025 - 01 - 03), MeetingKind::Regular),
            (date!(2025 - 02 - 03), MeetingKind::Regular),
            (date!(2025 - 02 - 20), MeetingKind::Thematic),
            // March: no regular meeting.
            (date!(2025 - 04 - 03), MeetingKind::Combined),
            (date!(2025 - 05 - 03), MeetingKind::Regular),
            (date!(2025 - 06 - 03), MeetingKind::Regular),
            (date!(2025 - 07 - 03), MeetingKind::Regular),
            (date!(2025 - 08 - 03), MeetingKind::Regular),
            (date!(2025 - 09 - 03), MeetingKind::Regular),
            // Q3: no thematic meeting.
            (date!(2025 - 10 - 03), MeetingKind::Regular),
        ];
        let g = gaps(&held, date!(2025 - 01 - 01), date!(2025 - 11 - 29));
        assert_eq!(
            g,
            [
                Gap::NoRegularMeeting {
                    year: 2025,
                    month: 3
                },
                Gap::NoThematicMeeting {
                    year: 2025,
                    quarter: 3
                },
                Gap::NoRegularMeeting {
                    year: 2025,
                    month: 11
                },
            ]
        );
        assert_eq!(g[0].rule(), "MTG-FREQ-01");
        assert_eq!(g[1].rule(), "MTG-FREQ-02");
        // Across a year end.
        let g = gaps(&[], date!(2025 - 12 - 01), date!(2026 - 01 - 31));
        assert_eq!(g.len(), 3, "{g:?}");
    }

    /// MTG-ORD-06/08: tasks have an owner and a deadline after the meeting; contributions a
    /// text and a speaker.
    #[test]
    fn mtg_ord_06_08_tasks_and_contributions_are_complete() {
        let on = date!(2025 - 11 - 03);
        let t = Task::new(
            "C2",
            "Vận động các hộ nộp quỹ khuyến học",
            vec![PersonId(3), PersonId(3), PersonId(1)],
            date!(2025 - 11 - 30),
            on,
        )
        .unwrap();
        assert_eq!(t.owners, [PersonId(1), PersonId(3)]);
        assert_eq!(
            Task::new("C2", "x", vec![], date!(2025 - 11 - 30), on),
            Err(MeetingError::TaskWithoutOwner)
        );
        assert_eq!(
            Task::new("C2", "x", vec![PersonId(1)], on, on),
            Err(MeetingError::DeadlineNotAfterMeeting)
        );
        assert!(Contribution::new(
            "M2",
            Speaker::Named {
                name: "Bà Lò Thị Mai (Hội Phụ nữ)".into()
            },
            "Đề nghị tổ chức lại lịch trực"
        )
        .is_ok());
        assert_eq!(
            Contribution::new(
                "M2",
                Speaker::Person {
                    person: PersonId(1)
                },
                "  "
            ),
            Err(MeetingError::ReasonRequired)
        );
    }
}

mod preparation_and_warnings {
    use chibo_domain::meeting::details::{Guest, GuestRole, Mode, Thematic};
    use chibo_domain::meeting::vote::{VoteMethod, VoteSubject};
    use chibo_domain::meeting::warnings::{check, Facts};
    use chibo_domain::meeting::{
        Agenda, MeetingError, MeetingStatus, StepAction, StepState, Warning,
    };
    use chibo_domain::ruleset::{Catalogue, LocalSettings, MeetingKind, VoteKind};
    use chibo_domain::PersonId;
    use time::macros::{date, datetime, time};

    #[test]
    fn mtg_onl_01_an_online_meeting_records_its_reason_json_included() {
        assert_eq!(Mode::online("  "), Err(MeetingError::OnlineWithoutReason));
        let m = Mode::online("Đảng viên đi biển dài ngày").unwrap();
        assert_eq!(m.code(), "online");
        let blank: Result<Mode, _> = serde_json::from_str(r#"{"mode":"online","reason":" "}"#);
        assert!(
            blank.is_err(),
            "a stored or posted mode cannot skip the reason"
        );
        let back: Mode = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back, m);
    }

    #[test]
    fn mtg_att_05_06_guests_by_name_and_what_non_members_follow() {
        assert_eq!(
            Guest::new(" ", None, GuestRole::Guest, vec![]),
            Err(MeetingError::GuestWithoutName)
        );
        let delegate =
            Guest::new("Hà Văn Sơn", Some(" "), GuestRole::SuperiorDelegate, vec![]).unwrap();
        assert_eq!(delegate.position, None);
        assert!(delegate.may_follow("C4", false));
        let staff = Guest::new("Điêu Thị Hoa", None, GuestRole::NonMember, vec![]).unwrap();
        // MTG-ATT-06 default: the thematic part only; votes of a regular meeting stay hidden.
        assert!(staff.may_follow("M2", true));
        assert!(!staff.may_follow("C4", false));
        assert!(staff.may_follow("TH.M1", false));
        let invited =
            Guest::new("Lò Văn Pọm", None, GuestRole::NonMember, vec!["M1".into()]).unwrap();
        assert!(invited.may_follow("M1", false) && !invited.may_follow("M2", true));
    }

    #[test]
    fn mtg_th_01_the_draft_is_approved_complete_and_a_change_withdraws_it() {
        let mut t = Thematic::default();
        let at = datetime!(2024-11-18 09:00);
        assert_eq!(t.approve("Bí thư", at), Err(MeetingError::DraftIncomplete));
        t.revise(Some("Làm việc nhóm"), None, Some(PersonId(5)), None);
        assert_eq!(t.approve("Bí thư", at), Err(MeetingError::DraftIncomplete));
        t.revise(
            Some("Làm việc nhóm"),
            None,
            Some(PersonId(5)),
            Some("Dự thảo"),
        );
        t.approve("Bí thư", at).unwrap();
        assert!(t.approved());
        // Same text and presenter: the approval stands; a new presenter withdraws it.
        t.revise(
            Some("Làm việc nhóm (sửa tên)"),
            None,
            Some(PersonId(5)),
            Some("Dự thảo"),
        );
        assert!(t.approved());
        t.revise(
            Some("Làm việc nhóm"),
            None,
            Some(PersonId(6)),
            Some("Dự thảo"),
        );
        assert!(!t.approved());
        t.approve("Bí thư", at).unwrap();
        t.attach_file("du-thao.docx").unwrap();
        assert!(!t.approved(), "a new file is a new draft");
    }

    #[test]
    fn chr_vote_02_admission_and_recognition_are_never_a_show_of_hands() {
        for s in VoteSubject::ALL {
            assert_eq!(VoteSubject::from_code(s.code()), Some(s));
            assert!(s.check_method(s.default_method()).is_ok());
        }
        assert_eq!(
            VoteSubject::Admission.check_method(VoteMethod::ShowOfHands),
            Err(MeetingError::MethodNotAllowed)
        );
        assert!(VoteSubject::Recognition
            .check_method(VoteMethod::SecretBallot)
            .is_ok());
        // The threshold: a quality grade or a conclusion is a resolution of the cell
        // (more than half, MTG-ATT-02); admission two thirds (ADM-VOTE-01).
        assert_eq!(VoteSubject::QualityGrade.decision(), VoteKind::Resolution);
        assert_eq!(VoteSubject::Admission.decision(), VoteKind::Admission);
    }

    fn facts<'a>(agenda: &'a Agenda, thematic: &'a Thematic) -> Facts<'a> {
        Facts {
            kind: MeetingKind::Regular,
            status: MeetingStatus::InProgress,
            agenda,
            summoned: 20,
            present: 19,
            unexcused: vec![],
            minute_taker: true,
            thematic,
            votes: vec![VoteSubject::Resolution],
            thematic_in_quarter: true,
            year: 2025,
            quarter: 4,
            official_members: 20,
            committee_seats: 3,
            date: date!(2025 - 11 - 03),
            published_on: Some(date!(2025 - 10 - 28)),
            documents_on: None,
        }
    }

    fn codes(w: &[Warning]) -> Vec<String> {
        w.iter()
            .map(|w| {
                serde_json::to_value(w).unwrap()["warning"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn each_warning_fires_on_its_own_fact_and_cites_its_rule() {
        let on = date!(2025 - 11 - 03);
        let rules = Catalogue::builtin().rules_on(on).unwrap();
        let local = LocalSettings::default();
        let mut agenda = Agenda::from_template(rules.agenda(MeetingKind::Regular));
        let thematic = Thematic::default();
        let f = facts(&agenda, &thematic);
        let sound = check(&rules, &local, &f);
        assert!(
            sound.is_empty(),
            "a sound meeting warns of nothing: {sound:?}"
        );

        let cases: Vec<(Facts, &str, &str)> = vec![
            (
                Facts {
                    present: 10,
                    ..facts(&agenda, &thematic)
                },
                "low_attendance",
                "MTG-ATT-04",
            ),
            (
                Facts {
                    unexcused: vec![PersonId(3)],
                    ..facts(&agenda, &thematic)
                },
                "unexcused_absence",
                "MTG-ATT-08",
            ),
            (
                Facts {
                    thematic_in_quarter: false,
                    ..facts(&agenda, &thematic)
                },
                "no_thematic_this_quarter",
                "MTG-FREQ-02",
            ),
            (
                Facts {
                    committee_seats: 2,
                    ..facts(&agenda, &thematic)
                },
                "committee_missing",
                "ORG-03",
            ),
            (
                Facts {
                    kind: MeetingKind::Thematic,
                    ..facts(&agenda, &thematic)
                },
                "draft_not_approved",
                "MTG-TH-01",
            ),
            (
                Facts {
                    status: MeetingStatus::Closed,
                    votes: vec![VoteSubject::QualityGrade],
                    ..facts(&agenda, &thematic)
                },
                "no_resolution_vote",
                "MTG-ORD-06",
            ),
            (
                Facts {
                    published_on: Some(date!(2025 - 11 - 03)),
                    ..facts(&agenda, &thematic)
                },
                "documents_late",
                "MTG-PREP-04",
            ),
            (
                Facts {
                    documents_on: Some(date!(2025 - 11 - 03)),
                    ..facts(&agenda, &thematic)
                },
                "documents_late",
                "MTG-PREP-04",
            ),
        ];
        for (f, code, rule) in cases {
            let w = check(&rules, &local, &f);
            let i = codes(&w).iter().position(|c| c == code);
            let i = i.unwrap_or_else(|| panic!("{code} expected in {:?}", codes(&w)));
            assert!(
                w[i].rules().iter().any(|r| r == rule),
                "{code} cites {rule}"
            );
        }
        // MTG-PREP-04: published the day before is in time; a meeting never published in
        // chibo (entered from paper) is not judged; HD 12/2018 set no such deadline.
        for ok in [
            Facts {
                published_on: Some(date!(2025 - 11 - 02)),
                documents_on: Some(date!(2025 - 11 - 01)),
                ..facts(&agenda, &thematic)
            },
            Facts {
                published_on: None,
                documents_on: Some(date!(2025 - 11 - 03)),
                ..facts(&agenda, &thematic)
            },
        ] {
            assert!(!codes(&check(&rules, &local, &ok)).contains(&"documents_late".into()));
        }
        let hd12 = Catalogue::builtin()
            .rules_on(date!(2024 - 11 - 22))
            .unwrap();
        let late_2024 = Facts {
            date: date!(2024 - 11 - 22),
            published_on: Some(date!(2024 - 11 - 22)),
            ..facts(&agenda, &thematic)
        };
        assert!(!codes(&check(&hd12, &local, &late_2024)).contains(&"documents_late".into()));
        // ORG-03 only from 9 official members; attendance never warns before the meeting.
        let small = Facts {
            official_members: 8,
            committee_seats: 1,
            ..facts(&agenda, &thematic)
        };
        assert!(!codes(&check(&rules, &local, &small)).contains(&"committee_missing".into()));
        let before = Facts {
            status: MeetingStatus::Notified,
            present: 0,
            ..facts(&agenda, &thematic)
        };
        assert!(!codes(&check(&rules, &local, &before)).contains(&"low_attendance".into()));

        // MTG-ORD-01: the minute-taker is missing once step O2 is over.
        for (code, t) in [
            ("O1", time!(19:30)),
            ("O2", time!(19:35)),
            ("O3", time!(19:40)),
        ] {
            agenda
                .apply(&StepAction::Start { step: code.into() }, on.with_time(t))
                .unwrap();
        }
        assert!(matches!(agenda.steps()[1].state, StepState::Done { .. }));
        let f = Facts {
            minute_taker: false,
            ..facts(&agenda, &thematic)
        };
        assert!(codes(&check(&rules, &local, &f)).contains(&"no_minute_taker".into()));
        // MTG-DUR-01 once closed: 19:30 to 20:30 is short of 90 minutes.
        agenda.finish_running(on.with_time(time!(20:30))).unwrap();
        let f = Facts {
            status: MeetingStatus::Closed,
            ..facts(&agenda, &thematic)
        };
        let w = check(&rules, &local, &f);
        assert!(
            w.contains(&Warning::ShortDuration {
                minutes: 60,
                minimum: 90
            }),
            "{w:?}"
        );
    }

    #[test]
    fn the_next_step_follows_the_last_started() {
        let on = date!(2025 - 11 - 03);
        let rules = Catalogue::builtin().rules_on(on).unwrap();
        let mut agenda = Agenda::from_template(rules.agenda(MeetingKind::Regular));
        assert_eq!(agenda.next_pending().unwrap().code, "O1");
        agenda
            .apply(
                &StepAction::Start { step: "O2".into() },
                on.with_time(time!(19:30)),
            )
            .unwrap();
        assert_eq!(agenda.next_pending().unwrap().code, "O3");
        let code = agenda
            .apply(
                &StepAction::OtherBusiness {
                    title: "Góp ý quy chế".into(),
                },
                on.with_time(time!(19:31)),
            )
            .unwrap();
        assert_eq!(code, "KH1");
    }
}

#[test]
fn mtg_att_11_the_committee_counts_all_its_sitting_members() {
    use chibo_domain::meeting::vote::{count_at_committee, Tally};
    use chibo_domain::meeting::MeetingError;
    use chibo_domain::member::Attendance;
    use chibo_domain::ruleset::VoteKind;
    use chibo_domain::PersonId;
    let rules = Catalogue::builtin()
        .rules_on(date!(2025 - 11 - 01))
        .unwrap();
    let absent = Attendance::Absent {
        reason_accepted: true,
    };
    // Three sitting members, one away with an accepted reason: still three in the
    // denominator, unlike at the cell's meeting (MTG-ATT-03).
    let sitting = [
        (PersonId(1), Attendance::Present),
        (PersonId(2), Attendance::Present),
        (PersonId(3), absent),
        (PersonId(1), Attendance::Present),
    ];
    let tally = |f| Tally {
        votes_for: f,
        against: 0,
        abstain: 0,
    };
    let r = count_at_committee(&rules, VoteKind::CommitteeResolution, &sitting, tally(2)).unwrap();
    assert_eq!((r.breakdown.denominator, r.passed), (3, true));
    let r = count_at_committee(&rules, VoteKind::CommitteeResolution, &sitting, tally(1)).unwrap();
    assert!(!r.passed, "one of three is not more than half");
    assert_eq!(
        count_at_committee(&rules, VoteKind::CommitteeResolution, &sitting, tally(3)).unwrap_err(),
        MeetingError::TooManyVotes { cast: 3, voters: 2 }
    );
}

mod minutes {
    use chibo_domain::meeting::minutes::{
        Addendum, Minutes, MinutesReadError, MINUTES_SCHEMA_VERSION,
    };
    use chibo_domain::meeting::MeetingError;
    use time::macros::date;

    /// A snapshot written by schema version 1, frozen as a file: every later release must
    /// still read it (issue 9: "a snapshot of an older schema version still reads").
    const V1: &str = include_str!("fixtures/minutes-v1.json");

    #[test]
    fn mtg_min_02_03_a_version_1_snapshot_still_reads_with_everything_the_minutes_list() {
        let m = Minutes::from_stored(1, V1).unwrap();
        assert_eq!(m.schema_version(), 1);
        let v = m.latest();
        assert_eq!(
            (v.kind.as_str(), v.date),
            ("regular", date!(2025 - 11 - 03))
        );
        assert_eq!(v.attendance.summoned, 20);
        assert_eq!(v.absentees.len(), 2);
        assert_eq!(v.votes[0].denominator, 18);
        assert_eq!(v.votes[0].excluded[0].name, "Lê Văn Cường");
        assert_eq!(v.tasks[0].deadline, date!(2025 - 11 - 30));
        assert_eq!(v.warnings[0].rules, ["MTG-ATT-07", "MTG-ATT-08"]);
        // The hash input is stable: the same snapshot gives the same bytes, and a change of
        // one character changes them.
        let again = Minutes::from_stored(1, V1).unwrap();
        assert_eq!(
            m.canonical_bytes().unwrap(),
            again.canonical_bytes().unwrap()
        );
        let edited = V1.replace("\"votes_for\": 10", "\"votes_for\": 11");
        assert_ne!(edited, V1);
        let edited = Minutes::from_stored(1, &edited).unwrap();
        assert_ne!(
            m.canonical_bytes().unwrap(),
            edited.canonical_bytes().unwrap()
        );
        // New snapshots are written with the latest version; version 1 stays readable.
        assert_eq!(
            Minutes::V1(v.clone()).schema_version(),
            MINUTES_SCHEMA_VERSION
        );
    }

    #[test]
    fn unknown_or_malformed_snapshots_are_refused_not_guessed() {
        assert_eq!(
            Minutes::from_stored(99, V1),
            Err(MinutesReadError::UnknownVersion(99))
        );
        assert!(matches!(
            Minutes::from_stored(1, "{\"meeting\": 1}"),
            Err(MinutesReadError::Malformed { version: 1, .. })
        ));
    }

    #[test]
    fn an_addendum_exists_only_approved() {
        let meeting = date!(2025 - 11 - 03);
        assert_eq!(
            Addendum::new(
                "Sửa tên người vắng",
                date!(2025 - 12 - 03),
                meeting,
                8,
                18,
                false
            ),
            Err(MeetingError::NotApproved)
        );
        assert_eq!(
            Addendum::new(" ", date!(2025 - 12 - 03), meeting, 12, 18, true),
            Err(MeetingError::ReasonRequired)
        );
        let a = Addendum::new(
            "Sửa tên người vắng",
            date!(2025 - 12 - 03),
            meeting,
            12,
            18,
            true,
        )
        .unwrap();
        assert_eq!(a.denominator, 18);
    }
}
