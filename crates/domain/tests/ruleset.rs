//! Rule sets versioned by date (VER-01): the builtin catalogue, the switches between
//! versions, the parameters of every version (each test names the rule IDs it checks), the
//! agenda templates against docs/agendas.md, and administrator-added versions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

/// A module named like the file, so `cargo test -p chibo-domain ruleset` selects these tests.
mod ruleset {
    use std::collections::BTreeSet;

    use chibo_domain::calendar::WorkingCalendar;
    use chibo_domain::member::{Attendance, StatusKind, Summoned};
    use chibo_domain::ruleset::local::{resolve, LocalOverrides};
    use chibo_domain::ruleset::{
        dates, AgendaStep, Area, Catalogue, CellType, CorrectionProblem, Criterion, Deadline,
        DenominatorExclusion, DocumentKind, Grade, MeetingKind, MinDuration, Parameters, Phase,
        ProfileOrigin, QualityProfile, RuleSet, RuleSetError, RuleVersion, VoteKind, WorkingDays,
        THEMATIC_PART_PREFIX,
    };
    use chibo_domain::PersonId;
    use proptest::prelude::*;
    use time::macros::date;
    use time::{Date, Duration};

    fn rules(date: Date) -> RuleSet {
        Catalogue::builtin().rules_on(date).unwrap()
    }

    fn day_before(d: Date) -> Date {
        d - Duration::days(1)
    }

    fn codes(steps: &[AgendaStep]) -> Vec<&str> {
        steps.iter().map(|s| s.code.as_str()).collect()
    }

    // --- catalogue and switches (VER-01) ---------------------------------------------------------

    #[test]
    fn ver_01_builtin_catalogue_is_consistent() {
        let builtin = Catalogue::builtin();
        // Re-building from the stored form runs every check add_version runs, except "future".
        let rebuilt = Catalogue::from_versions(builtin.versions().to_vec()).unwrap();
        assert_eq!(rebuilt, builtin);
        for v in builtin.versions() {
            assert_eq!(v.parameters.area(), v.area, "{}", v.code);
            assert!(!v.title_vi.is_empty() && !v.summary_vi.is_empty() && !v.sources.is_empty());
        }
        for area in Area::ALL {
            assert!(builtin.timeline(area).count() >= 2, "{area} has a switch");
        }
    }

    /// VER-01: every known switch, the day before and the day of.
    #[test]
    fn ver_01_rules_on_switch_dates() {
        let switches: &[(Area, Date, &str, &str)] = &[
            (
                Area::MeetingGuidance,
                dates::HD_42_2025,
                "HD 12/2018",
                "HD 42/2025",
            ),
            (
                Area::CharterImplementation,
                dates::QD_24_2021,
                "QĐ 45/2011",
                "QĐ 24/2021",
            ),
            (
                Area::CharterImplementation,
                dates::QD_232_2025,
                "QĐ 24/2021",
                "QĐ 232/2025",
            ),
            (
                Area::CharterImplementation,
                dates::QD_294_2025,
                "QĐ 232/2025",
                "QĐ 294/2025",
            ),
            (
                Area::AdmissionGuidance,
                dates::HD_01_2021,
                "HD 01/2016",
                "HD 01/2021",
            ),
            (
                Area::AdmissionGuidance,
                dates::HD_06_2025,
                "HD 01/2021",
                "HD 06/2025",
            ),
            (Area::Dues, dates::QD_01_2026, "QĐ 342/2010", "QĐ 01/2026"),
            (
                Area::DocumentFormat,
                dates::HD_05_2026,
                "HD 36/2018",
                "HD 05/2026",
            ),
            (
                Area::DocumentTypes,
                dates::QD_399_2026,
                "QĐ 66/2017",
                "QĐ 399/2026",
            ),
        ];
        for &(area, switch, old, new) in switches {
            assert_eq!(
                rules(day_before(switch)).version(area).code,
                old,
                "{area} before {switch}"
            );
            assert_eq!(rules(switch).version(area).code, new, "{area} on {switch}");
        }
        // The literal dates of the issue.
        assert_eq!(
            rules(date!(2025 - 10 - 27))
                .version(Area::MeetingGuidance)
                .code,
            "HD 12/2018"
        );
        assert_eq!(
            rules(date!(2025 - 10 - 28))
                .version(Area::MeetingGuidance)
                .code,
            "HD 42/2025"
        );
        assert_eq!(dates::QD_294_2025, date!(2025 - 07 - 01));
        assert_eq!(dates::HD_06_2025, date!(2025 - 06 - 09));
        assert_eq!(dates::QD_01_2026, date!(2026 - 02 - 01));
        assert_eq!(dates::HD_05_2026, date!(2026 - 05 - 27));
        assert_eq!(dates::QD_399_2026, date!(2026 - 01 - 09));
        assert_eq!(dates::QD_232_2025, date!(2025 - 01 - 20));
        assert_eq!(dates::QD_24_2021, date!(2021 - 07 - 30));
    }

    /// VER-01: a rule set is composed of the versions of all areas on its own date.
    #[test]
    fn ver_01_rules_on_composes_every_area() {
        let r = rules(date!(2026 - 03 - 01));
        assert_eq!(r.date(), date!(2026 - 03 - 01));
        let got: Vec<&str> = Area::ALL
            .iter()
            .map(|a| r.version(*a).code.as_str())
            .collect();
        assert_eq!(
            got,
            [
                "HD 42/2025",
                "QĐ 294/2025",
                "HD 06/2025",
                "QĐ 01/2026",
                "HD 36/2018",
                "QĐ 399/2026"
            ]
        );
    }

    /// VER-01: dates before 1/1/2007 cannot be judged; from 2007 every area has a version.
    #[test]
    fn ver_01_before_first_version_is_an_error() {
        let c = Catalogue::builtin();
        let err = c.rules_on(date!(2006 - 12 - 31)).unwrap_err();
        assert_eq!(
            err,
            RuleSetError::BeforeFirstVersion {
                area: Area::MeetingGuidance,
                date: date!(2006 - 12 - 31),
                first: dates::RULES_FROM,
            }
        );
        assert!(c.rules_on(dates::RULES_FROM).is_ok());
        assert!(matches!(
            c.version_on(Area::CharterImplementation, date!(2006 - 06 - 30)),
            Err(RuleSetError::BeforeFirstVersion {
                area: Area::CharterImplementation,
                first: dates::RULES_FROM,
                ..
            })
        ));
        let empty = Catalogue::from_versions(Vec::new()).unwrap();
        assert_eq!(
            empty.rules_on(date!(2026 - 01 - 01)).unwrap_err(),
            RuleSetError::NoVersionOfArea {
                area: Area::MeetingGuidance
            }
        );
    }

    /// VER-01, documented convention: from 1/1/2007, a date before an area's first built-in
    /// version is judged by that earliest version, and the rule set says which areas were
    /// extended back. A 2012 record gets deadlines (ADM-DEC-02, ADM-REC-03) and an agenda.
    #[test]
    fn ver_01_rules_on_covers_2007_onwards_with_the_earliest_versions() {
        let c = Catalogue::builtin();
        let r = c.rules_on(date!(2012 - 05 - 15)).unwrap();
        assert_eq!(r.version(Area::MeetingGuidance).code, "HD 12/2018");
        assert_eq!(r.version(Area::CharterImplementation).code, "QĐ 45/2011");
        assert_eq!(r.version(Area::AdmissionGuidance).code, "HD 01/2016");
        assert_eq!(r.version(Area::Dues).code, "QĐ 342/2010");
        assert!(r.extended_back(Area::MeetingGuidance));
        assert!(
            !r.extended_back(Area::CharterImplementation),
            "QĐ 45/2011 is in force"
        );
        assert_eq!(
            r.extended_areas(),
            [
                Area::MeetingGuidance,
                Area::AdmissionGuidance,
                Area::DocumentFormat,
                Area::DocumentTypes
            ]
        );
        assert_eq!(r.deadline(Deadline::AdmissionDecision), WorkingDays(60));
        assert_eq!(r.deadline(Deadline::RecognitionDecision), WorkingDays(30));
        assert!(!r.agenda(MeetingKind::Regular).is_empty());
        // 1/1/2007: every area is extended back to its earliest version.
        let r2007 = c.rules_on(date!(2007 - 01 - 01)).unwrap();
        assert_eq!(r2007.extended_areas(), Area::ALL);
        assert_eq!(
            r2007.version(Area::CharterImplementation).code,
            "QĐ 45/2011"
        );
        // The day before HD 12/2018 is judged by it, extended; from its date, not extended.
        let before = c.rules_on(date!(2018 - 07 - 05)).unwrap();
        assert_eq!(before.version(Area::MeetingGuidance).code, "HD 12/2018");
        assert!(before.extended_back(Area::MeetingGuidance));
        let on = c.rules_on(dates::HD_12_2018).unwrap();
        assert!(on.extended_areas().is_empty());
        // Every day from 2007 to the first switch composes.
        let mut d = dates::RULES_FROM;
        while d < dates::HD_12_2018 {
            assert!(c.rules_on(d).is_ok(), "{d}");
            d += Duration::days(97);
        }
    }

    proptest! {
        /// VER-01: on any date, each area's version is the latest one that started on or before
        /// it, or the area's first version for a date from 2007 before it.
        #[test]
        fn ver_01_version_in_force_is_latest_started(offset in 0i64..8000) {
            let d = dates::RULES_FROM + Duration::days(offset);
            let c = Catalogue::builtin();
            let r = c.rules_on(d).unwrap();
            for area in Area::ALL {
                let first = c.timeline(area).next().unwrap();
                let expected = c
                    .timeline(area)
                    .filter(|v| v.effective_from <= d)
                    .last()
                    .unwrap_or(first);
                prop_assert_eq!(r.extended_back(area), d < first.effective_from);
                prop_assert_eq!(&r.version(area).code, &expected.code);
                let mut started = c.timeline(area).filter(|v| v.effective_from <= d);
                prop_assert!(started.all(|v| v.effective_from <= expected.effective_from));
            }
        }
    }

    // --- meeting guidance parameters -------------------------------------------------------------

    /// MTG-DUR-01 [S]: 90 minutes; a combined session 120 in total under HD 12/2018 (II.3.3)
    /// and HD 42/2025 alike; no minimum for extraordinary, committee or ceremony.
    #[test]
    fn mtg_dur_01_minimum_durations() {
        let old = rules(date!(2025 - 10 - 27));
        let new = rules(date!(2025 - 10 - 28));
        for r in [&old, &new] {
            assert_eq!(
                r.min_duration(MeetingKind::Regular),
                Some(MinDuration::Total { minutes: 90 })
            );
            assert_eq!(
                r.min_duration(MeetingKind::Thematic),
                Some(MinDuration::Total { minutes: 90 })
            );
            assert_eq!(
                r.min_duration(MeetingKind::Combined),
                Some(MinDuration::Total { minutes: 120 })
            );
            assert_eq!(r.min_duration(MeetingKind::Extraordinary), None);
            assert_eq!(r.min_duration(MeetingKind::Committee), None);
            assert_eq!(r.min_duration(MeetingKind::AdmissionCeremony), None);
        }
    }

    /// MTG-DUR-01 [S]: a combined session on 12/3/2024 (judged by HD 12/2018) needs 120
    /// minutes in total, not 90 per part; a 110-minute sitting falls short, 120 is enough.
    #[test]
    fn mtg_dur_01_combined_session_needs_120_minutes_in_2024() {
        let r = rules(date!(2024 - 03 - 12));
        assert_eq!(r.version(Area::MeetingGuidance).code, "HD 12/2018");
        let min = r.min_duration(MeetingKind::Combined).unwrap();
        assert_eq!(min, MinDuration::Total { minutes: 120 });
        assert!(110 < min.minutes() && 120 >= min.minutes());
        // Before HD 12/2018 (extended back, 2016) the same.
        assert_eq!(
            rules(date!(2016 - 03 - 12)).min_duration(MeetingKind::Combined),
            Some(MinDuration::Total { minutes: 120 })
        );
    }

    /// MTG-ORD-02 / MTG-ORD-09: the dues report in the opening exists only under HD 42/2025.
    #[test]
    fn mtg_ord_02_dues_report_at_opening() {
        let old = rules(date!(2025 - 10 - 27));
        let new = rules(date!(2025 - 10 - 28));
        assert!(!old.dues_report_at_opening());
        assert!(new.dues_report_at_opening());
        assert!(old
            .agenda(MeetingKind::Regular)
            .iter()
            .all(|s| !s.cites("MTG-ORD-02")));
        let o3b = new
            .agenda(MeetingKind::Regular)
            .iter()
            .find(|s| s.code == "O3b")
            .unwrap();
        assert_eq!(o3b.phase, Phase::Opening);
        assert!(o3b.cites("MTG-ORD-02"));
    }

    /// MTG-PREP-04 (1 calendar day before: published no later than the day before) and
    /// MTG-PREP-05 (2 days after, calendar days by default), HD 42/2025 only. Under HD
    /// 12/2018 documents ahead were encouraged with no minimum: no deadline, so no warning.
    #[test]
    fn mtg_prep_04_05_calendar_day_deadlines() {
        let meeting = date!(2025 - 11 - 03);
        let new = rules(meeting);
        assert_eq!(new.documents_due_by(meeting), Some(date!(2025 - 11 - 02)));
        assert_eq!(new.publish_due_by(meeting), Some(date!(2025 - 11 - 05)));
        assert_eq!(
            new.documents_due_by(date!(2026 - 01 - 01)),
            Some(date!(2025 - 12 - 31))
        );
        let old = rules(date!(2025 - 10 - 03));
        assert_eq!(old.documents_due_by(date!(2025 - 10 - 03)), None);
        assert_eq!(
            rules(date!(2024 - 03 - 12)).documents_due_by(date!(2024 - 03 - 12)),
            None,
            "MTG-PREP-04: no warning for a meeting judged by HD 12/2018"
        );
        assert_eq!(old.publish_due_by(date!(2025 - 10 - 03)), None);
    }

    /// MTG-TH-04 topic groups under both guidances; MTG-TH-05/07 lists by cell type under HD
    /// 42/2025 only.
    #[test]
    fn mtg_th_04_07_topics() {
        let old = rules(date!(2025 - 10 - 27));
        let new = rules(date!(2025 - 10 - 28));
        for r in [&old, &new] {
            let groups: Vec<&str> = r.topic_groups().iter().map(|g| g.code.as_str()).collect();
            assert_eq!(groups.len(), 7);
            assert!(groups.contains(&"ho_chi_minh") && groups.contains(&"anti_corruption"));
        }
        for t in CellType::ALL {
            assert!(
                old.topics_for(t).is_empty(),
                "{t} has no list under HD 12/2018"
            );
            assert_eq!(
                new.topics_for(t).is_empty(),
                t == CellType::Other,
                "{t} under HD 42/2025"
            );
        }
        // MTG-TH-07 [C]: the village list covers the nine subjects the rules name.
        let village = new.topics_for(CellType::Village).join(" | ");
        for key in [
            "nông thôn mới",
            "Giảm nghèo",
            "người có công",
            "dân chủ ở cơ sở",
            "hương ước",
        ] {
            assert!(village.contains(key), "{key}");
        }
        assert_eq!(new.topics_for(CellType::Village).len(), 9);
    }

    /// MTG-QA-05 (HD 12/2018 pass/fail, attendance > 85 %) vs MTG-QA-06 (HD 42/2025 100-point
    /// profile, attendance target > 90 %, MTG-ATT-10; grades MTG-QA-01/02).
    #[test]
    fn mtg_qa_05_06_default_quality_profiles() {
        let old = rules(date!(2025 - 10 - 27));
        let QualityProfile::PassFail(f) = old.quality_profile() else {
            panic!("HD 12/2018 rates pass/fail");
        };
        assert_eq!(f.min_minutes, 90);
        assert_eq!(f.max_consecutive_excused_absences, 3);
        assert_eq!(f.criteria.len(), 5);
        assert!(old.attendance_target().is_met(86, 100));
        assert!(
            !old.attendance_target().is_met(85, 100),
            "MTG-ATT-10: above 85 %, strictly"
        );

        assert_eq!(old.quality_profile().origin(), ProfileOrigin::Central);

        let new = rules(date!(2025 - 10 - 28));
        let QualityProfile::Points(p) = new.quality_profile() else {
            panic!("the HD 42/2025 rule set ships the 100-point profile as its default");
        };
        let weights: Vec<(&str, u32)> = p
            .criteria
            .iter()
            .map(|c| (c.code.as_str(), c.max_points))
            .collect();
        assert_eq!(
            weights,
            [
                ("time", 5),
                ("attendance", 5),
                ("preparation", 10),
                ("running", 40),
                ("principles", 5),
                ("last_resolution", 30),
                ("closing", 5)
            ]
        );
        assert_eq!(p.criteria.iter().map(|c| c.max_points).sum::<u32>(), 100);
        assert_eq!(p.thresholds.grade(90), Grade::Good);
        assert_eq!(p.thresholds.grade(89), Grade::Fair);
        assert_eq!(p.thresholds.grade(70), Grade::Fair);
        assert_eq!(p.thresholds.grade(69), Grade::Average);
        assert_eq!(p.thresholds.grade(50), Grade::Average);
        assert_eq!(p.thresholds.grade(49), Grade::Poor);
        assert!(new.attendance_target().is_met(19, 20));
        assert!(
            !new.attendance_target().is_met(18, 20),
            "MTG-ATT-10: above 90 %, strictly"
        );
    }

    /// MTG-QA-06 [L], MTG-ATT-10 [L]: no central point scale exists; the 100-point profile is a
    /// local one (two wards), shipped as the default and labelled local, never "HD 42".
    #[test]
    fn mtg_qa_06_points_profile_is_labelled_local() {
        let new = rules(date!(2025 - 11 - 03));
        let profile = new.quality_profile();
        assert_eq!(profile.origin(), ProfileOrigin::Local);
        assert_eq!(profile.label_code(), "local_points");
        let old = rules(date!(2024 - 11 - 03));
        assert_eq!(old.quality_profile().label_code(), "central_pass_fail");
        let c = Catalogue::builtin();
        let hd42 = c
            .version_on(Area::MeetingGuidance, date!(2025 - 11 - 03))
            .unwrap();
        assert!(hd42.summary_vi.contains("mẫu của địa phương"));
        assert!(hd42.sources.iter().any(|s| s.contains("MTG-QA-06 [L]")));
        let c5 = new
            .agenda(MeetingKind::Regular)
            .iter()
            .find(|s| s.code == "C5")
            .unwrap();
        assert!(c5.guidance_vi.contains("của địa phương") && !c5.guidance_vi.contains("HD 42"));
    }

    // --- votes (Charter implementation) ----------------------------------------------------------

    /// `n` summoned members present and active, ids from `first`.
    fn summoned_present(first: i64, n: i64) -> Vec<Summoned> {
        (first..first + n)
            .map(|i| Summoned {
                person: PersonId(i),
                status: None,
                attendance: Attendance::Present,
            })
            .collect()
    }

    fn one(id: i64, status: Option<StatusKind>, attendance: Attendance) -> Summoned {
        Summoned {
            person: PersonId(id),
            status,
            attendance,
        }
    }

    const ACCEPTED: Attendance = Attendance::Absent {
        reason_accepted: true,
    };
    const NOT_ACCEPTED: Attendance = Attendance::Absent {
        reason_accepted: false,
    };

    /// Scenario S3 (MTG-ATT-02, MTG-ATT-03, MTG-ATT-12): 20 official members summoned, the
    /// absent exempted member and the accepted-reason absence excluded → 18; 10 in favour passes,
    /// 9 fails (exactly half is not more than half).
    #[test]
    fn s3_contested_vote_mtg_att_02_03() {
        let r = rules(date!(2025 - 11 - 03));
        let mut summoned = summoned_present(1, 18);
        summoned.push(one(19, Some(StatusKind::Exempted), NOT_ACCEPTED));
        summoned.push(one(20, None, ACCEPTED));
        let denominator = r.vote_denominator(&summoned);
        assert_eq!(denominator, 18);
        assert!(r.vote_passes(VoteKind::Resolution, 10, denominator));
        assert!(!r.vote_passes(VoteKind::Resolution, 9, denominator));
        assert_eq!(r.threshold(VoteKind::Resolution).minimum_part(18), Some(10));
    }

    /// MTG-ATT-03 example: 20 official members summoned, 3 absent on a work trip. Reason accepted
    /// → 17 (9 passes, 8 does not); not accepted → 20 (11 passes, 10 does not). Under QĐ 45/2011
    /// the accepted reason does not exclude: only the first two exclusions applied.
    #[test]
    fn mtg_att_03_example_17_of_20() {
        let with = |attendance| {
            let mut s = summoned_present(1, 17);
            s.extend((18..=20).map(|i| one(i, None, attendance)));
            s
        };
        for d in [
            date!(2021 - 07 - 30),
            date!(2025 - 01 - 20),
            date!(2025 - 07 - 01),
        ] {
            let r = rules(d);
            let den = r.vote_denominator(&with(ACCEPTED));
            assert_eq!(den, 17, "{}", r.version(Area::CharterImplementation).code);
            assert!(r.vote_passes(VoteKind::Resolution, 9, den));
            assert!(!r.vote_passes(VoteKind::Resolution, 8, den));
            let not_accepted = r.vote_denominator(&with(NOT_ACCEPTED));
            assert_eq!(not_accepted, 20);
            assert!(r.vote_passes(VoteKind::Resolution, 11, not_accepted));
            assert!(!r.vote_passes(VoteKind::Resolution, 10, not_accepted));
        }
        let before = rules(date!(2021 - 07 - 29));
        assert_eq!(
            before.version(Area::CharterImplementation).code,
            "QĐ 45/2011"
        );
        assert_eq!(before.vote_denominator(&with(ACCEPTED)), 20);
    }

    /// MTG-ATT-03: the exclusion list is data of each Charter-implementation version.
    #[test]
    fn mtg_att_03_exclusions_per_version() {
        let qd45 = rules(date!(2020 - 01 - 01));
        let qd24 = rules(date!(2022 - 01 - 01));
        for e in DenominatorExclusion::ALL {
            assert!(qd24.excludes_from_denominator(e), "{e:?} under QĐ 24/2021");
        }
        assert!(qd45.excludes_from_denominator(DenominatorExclusion::TemporaryTransferElsewhere));
        assert!(qd45.excludes_from_denominator(DenominatorExclusion::ExemptedAbsent));
        assert!(!qd45.excludes_from_denominator(DenominatorExclusion::Suspended));
        assert!(!qd45.excludes_from_denominator(DenominatorExclusion::ProsecutedOrDetained));
        assert!(!qd45.excludes_from_denominator(DenominatorExclusion::AbsentWithAcceptedReason));
    }

    /// MTG-ATT-03: exclusions are derived per person from the rule set of the meeting's date.
    /// A suspended and a prosecuted member leave the denominator under QĐ 24/2021 and later,
    /// but count under QĐ 45/2011; the away member and the absent exempted member leave it
    /// under both; the exempted member who attends counts under both.
    #[test]
    fn mtg_att_03_suspended_and_prosecuted_count_under_qd_45_2011() {
        let mut summoned = summoned_present(1, 6);
        summoned.push(one(7, Some(StatusKind::Suspended), NOT_ACCEPTED));
        summoned.push(one(8, Some(StatusKind::Prosecuted), NOT_ACCEPTED));
        summoned.push(one(9, Some(StatusKind::TemporarilyAway), NOT_ACCEPTED));
        summoned.push(one(10, Some(StatusKind::Exempted), NOT_ACCEPTED));
        summoned.push(one(11, Some(StatusKind::Exempted), Attendance::Present));
        assert_eq!(rules(date!(2020 - 01 - 01)).vote_denominator(&summoned), 9);
        assert_eq!(rules(date!(2022 - 01 - 01)).vote_denominator(&summoned), 7);
    }

    /// MTG-ATT-03: each summoned person is counted once and subtracted at most once: a member
    /// away on temporary transfer who is also absent with an accepted reason, or a person
    /// listed twice, is one person.
    #[test]
    fn mtg_att_03_summoned_person_is_never_subtracted_twice() {
        let r = rules(date!(2025 - 11 - 03));
        let mut summoned = summoned_present(1, 3);
        let away = one(4, Some(StatusKind::TemporarilyAway), ACCEPTED);
        assert_eq!(away.situations().len(), 2);
        summoned.push(away.clone());
        summoned.push(away);
        summoned.push(one(1, None, Attendance::Present));
        assert_eq!(r.vote_denominator(&summoned), 3);
        assert_eq!(r.vote_denominator(&[]), 0);
        // Everyone excluded: zero, never below.
        let all: Vec<Summoned> = (1..=3)
            .map(|i| one(i, Some(StatusKind::Suspended), ACCEPTED))
            .collect();
        assert_eq!(r.vote_denominator(&all), 0);
    }

    /// ADM-VOTE-01 / ADM-REC-02: at least 2/3, inclusive; ADM-DEC-01 delegated decision 2/3.
    #[test]
    fn adm_vote_01_two_thirds() {
        for d in [date!(2020 - 01 - 01), date!(2026 - 01 - 01)] {
            let r = rules(d);
            for kind in [
                VoteKind::Admission,
                VoteKind::Recognition,
                VoteKind::DelegatedAdmissionDecision,
            ] {
                assert!(r.vote_passes(kind, 12, 18));
                assert!(!r.vote_passes(kind, 11, 18));
                assert!(r.vote_passes(kind, 2, 3));
                assert!(!r.vote_passes(kind, 0, 0));
            }
        }
    }

    /// MTG-ATT-11: at a committee meeting the denominator is all sitting committee members.
    #[test]
    fn mtg_att_11_committee_denominator() {
        let r = rules(date!(2025 - 11 - 03));
        let den = r.committee_denominator(3);
        assert_eq!(den, 3);
        assert!(r.vote_passes(VoteKind::CommitteeResolution, 2, den));
        assert!(!r.vote_passes(VoteKind::CommitteeResolution, 1, den));
        let c = r.agenda(MeetingKind::Committee);
        assert!(c
            .iter()
            .any(|s| s.cites("MTG-ATT-11") && s.phase == Phase::Closing));
    }

    // --- deadlines and day counts ----------------------------------------------------------------

    /// ADM-DEC-02 (60 admission), ADM-REC-03 (30 recognition decision), ADM-CER-01 (30),
    /// ADM-REC-01 (30), ADM-LL-01 (30), MEM-TR-01 (60), MEM-TR-02 (30), in working days
    /// (VER-02), under every composable date's versions, from 2007 on.
    #[test]
    fn working_day_deadlines() {
        for d in [
            date!(2008 - 01 - 01),
            date!(2012 - 01 - 01),
            date!(2019 - 01 - 01),
            date!(2022 - 01 - 01),
            date!(2025 - 03 - 01),
            date!(2026 - 06 - 01),
        ] {
            let r = rules(d);
            let expected = [
                (Deadline::AdmissionDecision, 60, "ADM-DEC-02"),
                (Deadline::RecognitionDecision, 30, "ADM-REC-03"),
                (Deadline::Ceremony, 30, "ADM-CER-01"),
                (Deadline::Recognition, 30, "ADM-REC-01"),
                (Deadline::LifeHistory, 30, "ADM-LL-01"),
                (Deadline::OfficialTransfer, 60, "MEM-TR-01"),
                (Deadline::TransferLetter, 30, "MEM-TR-02"),
            ];
            assert_eq!(expected.len(), Deadline::ALL.len());
            for (deadline, days, id) in expected {
                assert_eq!(r.deadline(deadline), WorkingDays(days), "{id} on {d}");
                assert_eq!(deadline.rule_id(), id);
            }
        }
    }

    /// ADM-DEC-02 [S], ADM-REC-03: the competent committee decides on recognition within 30
    /// working days of the cell's resolution proposing it (not 60, which is for admission);
    /// either decision may be extended by at most 30 working days in special cases. A
    /// resolution of Mon 4/3/2024 proposing recognition: decision due 15/4/2024 (Giỗ Tổ Thu
    /// 18/4 is later), extended at most to 30/5/2024 (18/4 and 29/4–1/5 off, Sat 4/5 worked).
    #[test]
    fn adm_dec_02_adm_rec_03_recognition_decision_within_30_working_days_extendable_by_30() {
        let resolution = date!(2024 - 03 - 04);
        let r = rules(resolution);
        let charter = r.charter();
        assert_eq!(charter.admission_decision_within, WorkingDays(60));
        assert_eq!(charter.recognition_decision_within, WorkingDays(30));
        assert_eq!(charter.decision_extension_max, WorkingDays(30));
        assert_eq!(r.deadline(Deadline::RecognitionDecision), WorkingDays(30));
        assert_eq!(
            r.extended_deadline(Deadline::RecognitionDecision),
            Some(WorkingDays(60))
        );
        assert_eq!(
            r.extended_deadline(Deadline::AdmissionDecision),
            Some(WorkingDays(90))
        );
        assert_eq!(
            r.extended_deadline(Deadline::Ceremony),
            None,
            "ADM-CER-01 is not extendable"
        );
        assert!(Deadline::RecognitionDecision.extendable());
        assert!(Deadline::RecognitionDecision
            .trigger_vi()
            .contains("công nhận"));

        let cal = WorkingCalendar::builtin(2024..=2024).unwrap();
        let due = cal
            .add_working_days(resolution, r.deadline(Deadline::RecognitionDecision).get())
            .unwrap();
        assert_eq!(due, date!(2024 - 04 - 15));
        let extended = cal
            .add_working_days(
                resolution,
                r.extended_deadline(Deadline::RecognitionDecision)
                    .unwrap()
                    .get(),
            )
            .unwrap();
        assert_eq!(extended, date!(2024 - 05 - 30));
        // A stored Charter version without the new parameters reads them as 30 (serde default).
        let mut json = serde_json::to_value(
            Catalogue::builtin()
                .version_on(Area::CharterImplementation, resolution)
                .unwrap(),
        )
        .unwrap();
        let values = json["parameters"]["values"].as_object_mut().unwrap();
        values.remove("recognition_decision_within");
        values.remove("decision_extension_max");
        let v: RuleVersion = serde_json::from_value(json).unwrap();
        let Parameters::CharterImplementation(p) = v.parameters else {
            panic!("charter")
        };
        assert_eq!(p.recognition_decision_within, WorkingDays(30));
        assert_eq!(p.decision_extension_max, WorkingDays(30));
    }

    /// ADM-PRB-01 (12 months) and ADM-PRB-03 (complete on the anniversary of the ceremony:
    /// 15/9/2024 → 15/9/2025).
    #[test]
    fn adm_prb_01_03_probation_anniversary() {
        let r = rules(date!(2024 - 09 - 15));
        assert_eq!(r.charter().probation_months, 12);
        assert_eq!(
            r.probation_complete_on(date!(2024 - 09 - 15)),
            date!(2025 - 09 - 15)
        );
        assert_eq!(
            r.probation_complete_on(date!(2024 - 02 - 29)),
            date!(2025 - 02 - 28)
        );
    }

    /// ADM-CERT-01: the certificate is valid 60 months (HD 06/2025 5.4): 15/1/2020 expires
    /// 15/1/2025, so a cell resolution of 3/2/2025 on it is invalid.
    #[test]
    fn adm_cert_01_certificate_validity() {
        let issued = date!(2020 - 01 - 15);
        let r = rules(date!(2025 - 02 - 03));
        assert_eq!(
            r.certificate_last_valid_day(issued),
            Some(date!(2025 - 01 - 15))
        );
        assert!(!r.certificate_valid_on(issued, date!(2025 - 02 - 03)));
        assert!(r.certificate_valid_on(issued, date!(2025 - 01 - 15)));
        assert!(!r.certificate_valid_on(issued, date!(2019 - 12 - 31)));
        let hd06 = rules(date!(2025 - 06 - 09));
        assert_eq!(hd06.version(Area::AdmissionGuidance).code, "HD 06/2025");
        assert_eq!(hd06.admission().certificate_validity_months, Some(60));
    }

    // --- admission ceremony ----------------------------------------------------------------------

    /// ADM-CER-01..03: K0–K7; K3–K5 one act per new member (ADM-CER-02); K6 only if a superior
    /// representative attends.
    #[test]
    fn adm_cer_01_03_ceremony_steps() {
        for d in [
            date!(2020 - 01 - 01),
            date!(2022 - 01 - 01),
            date!(2025 - 06 - 09),
        ] {
            let r = rules(d);
            let k = r.agenda(MeetingKind::AdmissionCeremony);
            assert_eq!(codes(k), ["K0", "K1", "K2", "K3", "K4", "K5", "K6", "K7"]);
            let per_member: Vec<&str> = k
                .iter()
                .filter(|s| s.per_member)
                .map(|s| s.code.as_str())
                .collect();
            assert_eq!(per_member, ["K3", "K4", "K5"], "ADM-CER-02");
            assert!(k[0].cites("ADM-CER-01") && k[0].phase == Phase::Prep);
            assert!(k[1..].iter().all(|s| s.cites("ADM-CER-03")));
            assert!(k.iter().all(|s| s.mandatory || s.code == "K6"));
        }
    }

    // --- documents -------------------------------------------------------------------------------

    /// DOC-18 (types a cell may issue, per regulation) and DOC-06 (codes), DOC-09 (minutes).
    #[test]
    fn doc_18_document_types_per_regulation() {
        let qd66 = rules(date!(2026 - 01 - 08));
        let qd399 = rules(date!(2026 - 01 - 09));
        for kind in [
            DocumentKind::Conclusion,
            DocumentKind::Notice,
            DocumentKind::InternalRules,
        ] {
            assert!(!qd66.cell_may_issue(kind), "{kind:?} under QĐ 66/2017");
            assert!(qd399.cell_may_issue(kind), "{kind:?} under QĐ 399/2026");
        }
        for kind in [
            DocumentKind::Regulation,
            DocumentKind::Guideline,
            DocumentKind::Directive,
        ] {
            assert!(!qd66.cell_may_issue(kind) && !qd399.cell_may_issue(kind));
        }
        assert!(qd399.cell_may_issue(DocumentKind::Minutes), "DOC-09");
        assert!(qd399.cell_may_issue(DocumentKind::Resolution));
        let issued: Vec<&str> = qd399
            .document_types()
            .cell_may_issue
            .iter()
            .map(|k| k.code())
            .collect();
        assert_eq!(
            issued,
            ["NQ", "QĐ", "KL", "TB", "BC", "KH", "CTr", "ĐA", "TTr", "CV", "BB", "QC"]
        );
    }

    /// DOC-02 (HD 36/2018: 25/25/35/15 mm) vs DOC-13/14 (HD 05/2026 from 27/5/2026: 20/20/30/15,
    /// page number 14 pt 10 mm from the top, paragraph styles, signer's title not bold).
    #[test]
    fn doc_02_13_14_format_by_document_date() {
        let old = rules(date!(2026 - 05 - 26));
        let new = rules(date!(2026 - 05 - 27));
        let (o, n) = (old.document_format(), new.document_format());
        assert_eq!(
            (
                o.margins.top,
                o.margins.bottom,
                o.margins.left,
                o.margins.right
            ),
            (25, 25, 35, 15)
        );
        assert_eq!(
            (
                n.margins.top,
                n.margins.bottom,
                n.margins.left,
                n.margins.right
            ),
            (20, 20, 30, 15)
        );
        assert!(o.mirrored_back_pages && n.mirrored_back_pages);
        assert_eq!(o.page_numbering.from_page, 2);
        assert_eq!(n.page_numbering.from_page, 2);
        assert_eq!(n.page_numbering.size_pt, Some(14));
        assert_eq!(n.page_numbering.distance_from_top_mm, Some(10));
        let p = n.paragraph.unwrap();
        assert_eq!(
            (p.first_line_indent_mm, p.min_space_between_paragraphs_pt),
            (10, 6)
        );
        assert_eq!((p.line_spacing_pt.min, p.line_spacing_pt.max), (18, 22));
        assert!(o.signer_title_bold && !n.signer_title_bold);
        assert_eq!(n.font_sizes.recipients.max, 12);
        // DOC-01 / DOC-03.
        assert_eq!(o.font_family, "Times New Roman");
        assert_eq!(o.font_sizes.party_name.min, 15);
        assert_eq!(
            (o.font_sizes.type_name.min, o.font_sizes.type_name.max),
            (15, 16)
        );
    }

    /// FEE-02/03 as catalogued.
    #[test]
    fn fee_02_03_dues_parameters() {
        for d in [date!(2026 - 01 - 31), date!(2026 - 02 - 01)] {
            let dues = rules(d).dues().clone();
            assert_eq!(dues.salary_rate_bp, 100, "1 %");
            assert_eq!(dues.pension_rate_bp, 50, "0.5 %");
            assert_eq!(dues.exempt_after_membership_years, Some(50));
            assert_eq!(dues.hardship_reductions_percent, [30, 50, 70]);
            assert_eq!(dues.hardship_max_months, 12);
        }
    }

    // --- administrator-added versions (VER-01) ---------------------------------------------------

    fn future_meeting_guidance(code: &str, effective_from: Date) -> RuleVersion {
        let mut v = Catalogue::builtin()
            .version_on(Area::MeetingGuidance, effective_from)
            .unwrap()
            .clone();
        v.code = code.to_owned();
        v.effective_from = effective_from;
        v.summary_vi = "Buổi kết hợp ít nhất 150 phút.".to_owned();
        if let Parameters::MeetingGuidance(p) = &mut v.parameters {
            for d in &mut p.min_durations {
                if d.kind == MeetingKind::Combined {
                    d.minimum = MinDuration::Total { minutes: 150 };
                }
            }
        }
        v
    }

    #[test]
    fn ver_01_add_future_version_changes_parameters_not_code() {
        let mut c = Catalogue::builtin();
        let today = date!(2026 - 06 - 01);
        c.add_version(
            future_meeting_guidance("HD 99/2027", date!(2027 - 01 - 01)),
            today,
        )
        .unwrap();
        let before = c.rules_on(date!(2026 - 12 - 31)).unwrap();
        let after = c.rules_on(date!(2027 - 01 - 01)).unwrap();
        assert_eq!(before.version(Area::MeetingGuidance).code, "HD 42/2025");
        assert_eq!(
            before.min_duration(MeetingKind::Combined),
            Some(MinDuration::Total { minutes: 120 })
        );
        assert_eq!(after.version(Area::MeetingGuidance).code, "HD 99/2027");
        assert_eq!(
            after.min_duration(MeetingKind::Combined),
            Some(MinDuration::Total { minutes: 150 })
        );
        // Past records keep their rules.
        assert_eq!(
            c.rules_on(date!(2025 - 10 - 27))
                .unwrap()
                .version(Area::MeetingGuidance)
                .code,
            "HD 12/2018"
        );
    }

    #[test]
    fn ver_01_add_version_refuses_today_or_past() {
        let mut c = Catalogue::builtin();
        let today = date!(2026 - 06 - 01);
        for effective in [today, date!(2026 - 01 - 01)] {
            let err = c
                .add_version(future_meeting_guidance("HD 98/2026", effective), today)
                .unwrap_err();
            assert_eq!(
                err,
                RuleSetError::NotInFuture {
                    effective_from: effective,
                    today
                }
            );
        }
        assert_eq!(c, Catalogue::builtin(), "nothing added");
    }

    #[test]
    fn ver_01_add_version_refuses_same_effective_date() {
        let mut c = Catalogue::builtin();
        let err = c
            .add_version(
                future_meeting_guidance("HD 97/2025", dates::HD_42_2025),
                date!(2025 - 10 - 01),
            )
            .unwrap_err();
        assert_eq!(
            err,
            RuleSetError::DuplicateEffectiveDate {
                area: Area::MeetingGuidance,
                effective_from: dates::HD_42_2025,
                existing: "HD 42/2025".to_owned(),
            }
        );
        // Another area may switch on the same day.
        let mut dues = c.version_on(Area::Dues, dates::QD_01_2026).unwrap().clone();
        dues.code = "QĐ 99/2027".to_owned();
        dues.effective_from = date!(2027 - 01 - 01);
        c.add_version(
            future_meeting_guidance("HD 99/2027", date!(2027 - 01 - 01)),
            date!(2026 - 06 - 01),
        )
        .unwrap();
        c.add_version(dues, date!(2026 - 06 - 01)).unwrap();
    }

    #[test]
    fn ver_01_add_version_refuses_wrong_area_parameters() {
        let mut c = Catalogue::builtin();
        let mut v = future_meeting_guidance("HD 99/2027", date!(2027 - 01 - 01));
        v.parameters = c
            .version_on(Area::Dues, date!(2026 - 03 - 01))
            .unwrap()
            .parameters
            .clone();
        assert_eq!(
            c.add_version(v, date!(2026 - 06 - 01)).unwrap_err(),
            RuleSetError::WrongAreaParameters {
                area: Area::MeetingGuidance,
                parameters_area: Area::Dues
            }
        );
    }

    #[test]
    fn ver_01_add_version_refuses_invalid_parameters_and_taken_code() {
        let mut c = Catalogue::builtin();
        let today = date!(2026 - 06 - 01);

        // MTG-QA-03: weights must sum to 100.
        let mut v = future_meeting_guidance("HD 99/2027", date!(2027 - 01 - 01));
        if let Parameters::MeetingGuidance(p) = &mut v.parameters {
            if let QualityProfile::Points(q) = &mut p.quality {
                q.criteria.push(Criterion::new("extra", "Thêm", 10));
            }
        }
        assert!(matches!(
            c.add_version(v, today),
            Err(RuleSetError::InvalidParameters { code, reason })
                if code == "HD 99/2027" && reason.contains("110")
        ));

        // Every meeting kind needs its agenda.
        let mut v = future_meeting_guidance("HD 99/2027", date!(2027 - 01 - 01));
        if let Parameters::MeetingGuidance(p) = &mut v.parameters {
            p.agendas.retain(|a| a.kind != MeetingKind::Committee);
        }
        assert!(matches!(
            c.add_version(v, today),
            Err(RuleSetError::InvalidParameters { .. })
        ));

        // Codes are unique.
        let v = future_meeting_guidance("HD 42/2025", date!(2027 - 01 - 01));
        assert_eq!(
            c.add_version(v, today).unwrap_err(),
            RuleSetError::DuplicateCode("HD 42/2025".into())
        );
    }

    // --- local settings --------------------------------------------------------------------------

    /// MTG-QA-02/03 and MTG-DUR-01 settings combined with the rule set in force.
    #[test]
    fn local_settings_over_rule_sets() {
        let hd12 = rules(date!(2025 - 10 - 03));
        let hd42 = rules(date!(2025 - 11 - 03));
        let defaults = resolve(&[]);
        assert!(matches!(
            defaults.quality_profile(&hd12),
            QualityProfile::PassFail(_)
        ));
        assert!(matches!(
            defaults.quality_profile(&hd42),
            QualityProfile::Points(_)
        ));
        assert_eq!(
            defaults.min_duration(&hd42, MeetingKind::Regular),
            Some(MinDuration::Total { minutes: 90 })
        );

        // A province sets the 4-criterion profile of MTG-QA-03; a commune lowers the minimum
        // for its small cells (MTG-DUR-01).
        let province = LocalOverrides {
            criteria: Some(vec![
                Criterion::new("preparation", "Chuẩn bị", 15),
                Criterion::new("attendance", "Tham dự", 20),
                Criterion::new("running", "Điều hành", 45),
                Criterion::new("closing", "Kết thúc", 20),
            ]),
            ..Default::default()
        };
        province.validate().unwrap();
        let commune = LocalOverrides {
            min_meeting_minutes: Some(60),
            ..Default::default()
        };
        let s = resolve(&[Some(province), Some(commune)]);
        let QualityProfile::Points(p) = s.quality_profile(&hd12) else {
            panic!("points")
        };
        assert_eq!(p.criteria.len(), 4);
        assert_eq!(p.thresholds.grade(90), Grade::Good);
        assert_eq!(
            s.min_duration(&hd42, MeetingKind::Regular),
            Some(MinDuration::Total { minutes: 60 })
        );
        // MTG-DUR-01 [S]: the combined total is 120 under HD 12/2018 too; a single-meeting
        // override leaves it alone.
        assert_eq!(
            s.min_duration(&hd12, MeetingKind::Combined),
            Some(MinDuration::Total { minutes: 120 })
        );
        assert_eq!(
            s.min_duration(&hd42, MeetingKind::Combined),
            Some(MinDuration::Total { minutes: 120 })
        );
        assert_eq!(s.min_duration(&hd42, MeetingKind::Committee), None);
    }

    // --- moving a built-in switch date (VER-01) ------------------------------------------------

    /// The HD 42/2025 version, re-dated as a correction.
    fn hd42_correction(effective_from: Date) -> RuleVersion {
        let mut v = Catalogue::builtin()
            .version_on(Area::MeetingGuidance, dates::HD_42_2025)
            .unwrap()
            .clone();
        v.effective_from = effective_from;
        v.correction = true;
        v.sources
            .push("Thông báo ngày hiệu lực chính thức (ví dụ)".to_owned());
        v
    }

    /// VER-01: 28/10/2025 is HD 42's signing date; if the official effective date turns out to
    /// be 1/11/2025, an administrator moves the switch with a dated correction, even though
    /// that date is past. Meetings of 28–31/10/2025 are then judged by HD 12/2018.
    #[test]
    fn ver_01_administrator_moves_a_builtin_switch_date() {
        let mut c = Catalogue::builtin();
        let today = date!(2026 - 06 - 01);
        c.add_version(hd42_correction(date!(2025 - 11 - 01)), today)
            .unwrap();
        let hd42: Vec<&RuleVersion> = c.timeline(Area::MeetingGuidance).collect();
        assert_eq!(hd42.len(), 2, "the correction replaces, it does not add");
        assert_eq!(hd42[1].code, "HD 42/2025");
        assert_eq!(hd42[1].effective_from, date!(2025 - 11 - 01));
        assert!(hd42[1].correction);
        let r = c.rules_on(date!(2025 - 10 - 30)).unwrap();
        assert_eq!(r.version(Area::MeetingGuidance).code, "HD 12/2018");
        assert_eq!(r.documents_due_by(date!(2025 - 10 - 30)), None);
        let r = c.rules_on(date!(2025 - 11 - 01)).unwrap();
        assert_eq!(r.version(Area::MeetingGuidance).code, "HD 42/2025");
        assert_eq!(
            r.version(Area::MeetingGuidance).effective_from,
            date!(2025 - 11 - 01)
        );

        // As the store rebuilds it: built-in versions plus the stored correction, in any order.
        let mut stored = vec![hd42_correction(date!(2025 - 11 - 01))];
        stored.extend(Catalogue::builtin().versions().iter().cloned());
        assert_eq!(Catalogue::from_versions(stored).unwrap(), c);

        // Serialised, an ordinary version carries no `correction` key; a correction does.
        let plain = serde_json::to_value(hd42[0]).unwrap();
        assert!(plain.get("correction").is_none());
        let json = serde_json::to_value(hd42[1]).unwrap();
        assert_eq!(json["correction"], serde_json::Value::Bool(true));
        let back: RuleVersion = serde_json::from_value(json).unwrap();
        assert_eq!(&back, hd42[1]);
    }

    /// VER-01: a correction keeps code, area and parameters, stays between its neighbours, and
    /// a version is corrected once (a second correction needs the stored one edited).
    #[test]
    fn ver_01_correction_refusals() {
        let today = date!(2026 - 06 - 01);
        let refused = |v: RuleVersion, c: &mut Catalogue| match c.add_version(v, today) {
            Err(RuleSetError::InvalidCorrection { problem, .. }) => problem,
            other => panic!("expected a refused correction, got {other:?}"),
        };
        let mut c = Catalogue::builtin();
        let mut unknown = hd42_correction(date!(2025 - 11 - 01));
        unknown.code = "HD 43/2025".to_owned();
        assert_eq!(refused(unknown, &mut c), CorrectionProblem::NoSuchVersion);
        let mut changed = hd42_correction(date!(2025 - 11 - 01));
        if let Parameters::MeetingGuidance(p) = &mut changed.parameters {
            p.publish_within_days = Some(3);
        }
        assert_eq!(
            refused(changed, &mut c),
            CorrectionProblem::ChangesParameters
        );
        // Not before or on HD 12/2018's date: the timeline would be reordered.
        for d in [dates::HD_12_2018, date!(2018 - 01 - 01)] {
            assert_eq!(
                refused(hd42_correction(d), &mut c),
                CorrectionProblem::ReordersTimeline
            );
        }
        // QĐ 232/2025 may move only between QĐ 24/2021 and QĐ 294/2025.
        let mut qd232 = c
            .version_on(Area::CharterImplementation, dates::QD_232_2025)
            .unwrap()
            .clone();
        qd232.correction = true;
        qd232.effective_from = dates::QD_294_2025;
        assert_eq!(
            refused(qd232.clone(), &mut c),
            CorrectionProblem::ReordersTimeline
        );
        let mut other_area = qd232.clone();
        other_area.area = Area::Dues;
        assert_eq!(refused(other_area, &mut c), CorrectionProblem::OtherArea);
        qd232.effective_from = date!(2025 - 02 - 01);
        c.add_version(qd232, today).unwrap();
        assert_eq!(
            c.rules_on(date!(2025 - 01 - 25))
                .unwrap()
                .version(Area::CharterImplementation)
                .code,
            "QĐ 24/2021"
        );
        // Corrected once; a second correction of the same version is refused.
        c.add_version(hd42_correction(date!(2025 - 11 - 01)), today)
            .unwrap();
        assert_eq!(
            refused(hd42_correction(date!(2025 - 11 - 02)), &mut c),
            CorrectionProblem::AlreadyCorrected
        );
        // An ordinary (non-correction) version still may not start in the past.
        let mut past = hd42_correction(date!(2025 - 11 - 01));
        past.correction = false;
        past.code = "HD 42b/2025".to_owned();
        assert!(matches!(
            c.add_version(past, today),
            Err(RuleSetError::NotInFuture { .. })
        ));
    }

    // --- agenda templates against docs/agendas.md ------------------------------------------------

    /// One parsed row of a table in docs/agendas.md.
    #[derive(Debug, Clone)]
    struct DocRow {
        code: String,
        phase: Option<String>,
        title: String,
        rules: String,
    }

    /// Sections ("## …" heading → its first table's rows, and its prose).
    struct DocSection {
        heading: String,
        rows: Vec<DocRow>,
        prose: String,
    }

    fn agendas_md() -> Vec<DocSection> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/agendas.md");
        let text = std::fs::read_to_string(path).expect("docs/agendas.md is in the repository");
        let mut sections: Vec<DocSection> = Vec::new();
        let mut header: Option<Vec<String>> = None;
        for line in text.lines() {
            if let Some(h) = line.strip_prefix("## ") {
                sections.push(DocSection {
                    heading: h.trim().to_owned(),
                    rows: Vec::new(),
                    prose: String::new(),
                });
                header = None;
                continue;
            }
            let Some(section) = sections.last_mut() else {
                continue;
            };
            if !line.starts_with('|') {
                header = None;
                section.prose.push_str(line);
                section.prose.push('\n');
                continue;
            }
            let cells: Vec<String> = line
                .trim()
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_owned())
                .collect();
            if cells.iter().all(|c| c.chars().all(|ch| ch == '-')) {
                continue;
            }
            match &header {
                None => header = Some(cells),
                Some(h) => {
                    let col = |name: &str| h.iter().position(|x| x.starts_with(name));
                    let get = |name: &str| col(name).map(|i| cells[i].clone());
                    section.rows.push(DocRow {
                        code: get("#").unwrap(),
                        phase: get("phase"),
                        title: get("step").unwrap(),
                        rules: get("rules").unwrap(),
                    });
                }
            }
        }
        sections
    }

    fn section<'a>(sections: &'a [DocSection], heading: &str) -> &'a DocSection {
        sections
            .iter()
            .find(|s| s.heading.starts_with(heading))
            .unwrap_or_else(|| panic!("{heading}"))
    }

    /// Rule IDs of a table cell: "MTG-ATT-01..03" is a range, a bare "06" continues the previous
    /// prefix ("MTG-PREP-01..03, 06"), "MTG-TH-03/06" is two IDs, "MTG-QA-*" is a wildcard over a
    /// prefix, "—" is none.
    #[derive(Debug, Default, PartialEq)]
    struct RuleSpec {
        ids: BTreeSet<String>,
        wildcards: BTreeSet<String>,
    }

    fn parse_rules(cell: &str) -> RuleSpec {
        let mut spec = RuleSpec::default();
        let mut prefix = String::new();
        for token in cell
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty() && *t != "—")
        {
            if let Some(p) = token.strip_suffix('*') {
                spec.wildcards.insert(p.to_owned());
                continue;
            }
            let (head, number) = match token.rfind('-') {
                Some(i) => (token[..=i].to_owned(), &token[i + 1..]),
                None => (prefix.clone(), token),
            };
            prefix = head.clone();
            let (first, rest) = match number.split_once("..") {
                Some((a, b)) => (a, Some(b)),
                None => (number, None),
            };
            let mut numbers: Vec<String> = first.split('/').map(str::to_owned).collect();
            if let Some(last) = rest {
                let (a, b): (u32, u32) = (first.parse().unwrap(), last.parse().unwrap());
                numbers = (a..=b)
                    .map(|n| format!("{n:0width$}", width = first.len()))
                    .collect();
            }
            for n in numbers {
                spec.ids.insert(format!("{head}{n}"));
            }
        }
        spec
    }

    #[test]
    fn rule_spec_parsing() {
        let s = parse_rules("MTG-PREP-01..03, 06");
        assert_eq!(
            s.ids.into_iter().collect::<Vec<_>>(),
            ["MTG-PREP-01", "MTG-PREP-02", "MTG-PREP-03", "MTG-PREP-06"]
        );
        let s = parse_rules("MTG-ORD-06, MTG-ATT-01..03, CHR-VOTE-02");
        assert_eq!(s.ids.len(), 5);
        let s = parse_rules("MTG-QA-*, MTG-ORD-07");
        assert!(s.wildcards.contains("MTG-QA-") && s.ids.contains("MTG-ORD-07"));
        assert_eq!(parse_rules("—"), RuleSpec::default());
        assert_eq!(parse_rules("MTG-TH-03/06").ids.len(), 2);
    }

    /// The step's rule IDs match the table cell: every listed ID is cited, and anything else
    /// cited falls under a wildcard that is itself used.
    fn assert_rules_match(step: &AgendaStep, cell: &str, context: &str) {
        let spec = parse_rules(cell);
        let cited: BTreeSet<String> = step.rules.iter().cloned().collect();
        for id in &spec.ids {
            assert!(
                cited.contains(id),
                "{context} {}: {id} from docs/agendas.md not cited",
                step.code
            );
        }
        for id in cited.difference(&spec.ids) {
            assert!(
                spec.wildcards.iter().any(|w| id.starts_with(w.as_str())),
                "{context} {}: cites {id}, not in docs/agendas.md ({cell})",
                step.code
            );
        }
        for w in &spec.wildcards {
            assert!(
                cited.iter().any(|id| id.starts_with(w.as_str())),
                "{context} {}: nothing for {w}*",
                step.code
            );
        }
    }

    /// "P1–P3" → P1, P2, P3; "O3b" → O3b.
    fn expand_codes(cell: &str) -> Vec<String> {
        match cell.split_once('–') {
            Some((a, b)) => {
                let letter = &a[..1];
                let (x, y): (u32, u32) = (a[1..].parse().unwrap(), b[1..].parse().unwrap());
                (x..=y).map(|n| format!("{letter}{n}")).collect()
            }
            None => vec![cell.to_owned()],
        }
    }

    fn phase_name(p: Phase) -> &'static str {
        p.doc_name()
    }

    /// Compares a template with a table, step for step; "as above" rows take the steps of
    /// `above` (HD 42/2025 expands HD 12/2018's P1–P3 and O1–O3), whose rules must cover the row.
    fn assert_matches_table(
        steps: &[AgendaStep],
        rows: &[DocRow],
        above: Option<&[DocRow]>,
        context: &str,
    ) {
        let mut expected: Vec<(DocRow, bool)> = Vec::new();
        for row in rows {
            if row.title == "as above" {
                let above = above.expect("an earlier table");
                let group = expand_codes(&row.code);
                let union: BTreeSet<String> = group
                    .iter()
                    .flat_map(|c| {
                        let r = above.iter().find(|r| &r.code == c).unwrap();
                        parse_rules(&r.rules).ids
                    })
                    .collect();
                for id in parse_rules(&row.rules).ids {
                    assert!(
                        union.contains(&id),
                        "{context} {}: {id} not in the steps above",
                        row.code
                    );
                }
                for c in group {
                    expected.push((above.iter().find(|r| r.code == c).unwrap().clone(), true));
                }
            } else {
                expected.push((row.clone(), false));
            }
        }
        let got = codes(steps);
        let want: Vec<&str> = expected.iter().map(|(r, _)| r.code.as_str()).collect();
        assert_eq!(got, want, "{context}: step codes and order");
        for (step, (row, _)) in steps.iter().zip(&expected) {
            if let Some(p) = &row.phase {
                assert_eq!(phase_name(step.phase), p, "{context} {}: phase", step.code);
            }
            match row.title.strip_prefix("Prep:") {
                // K0's row describes the step in English; only its phase is prescribed.
                Some(_) => assert_eq!(step.phase, Phase::Prep, "{context} {}", step.code),
                None => assert_eq!(step.title_vi, row.title, "{context} {}: title", step.code),
            }
            assert_rules_match(step, &row.rules, context);
            assert!(
                !step.guidance_vi.is_empty(),
                "{context} {}: guidance",
                step.code
            );
        }
    }

    #[test]
    fn agendas_md_is_the_shared_copy_with_tables() {
        let s = agendas_md();
        assert_eq!(section(&s, "Regular meeting — HD 12/2018").rows.len(), 20);
        assert_eq!(section(&s, "Regular meeting — HD 42/2025").rows.len(), 17);
        assert_eq!(section(&s, "Thematic meeting — HD 12/2018").rows.len(), 14);
        assert_eq!(section(&s, "Admission ceremony").rows.len(), 8);
    }

    /// MTG-ORD-01/03/04/06, MTG-PREP-01..03/06: the HD 12/2018 regular meeting, step for step.
    #[test]
    fn agendas_md_regular_hd12() {
        let s = agendas_md();
        let r = rules(date!(2025 - 10 - 27));
        let rows = &section(&s, "Regular meeting — HD 12/2018").rows;
        assert_matches_table(
            r.agenda(MeetingKind::Regular),
            rows,
            None,
            "HD 12/2018 regular",
        );
    }

    /// MTG-ORD-08, MTG-ORD-02, MTG-PREP-04/05: the HD 42/2025 regular meeting, "as above" rows
    /// expanded to HD 12/2018's steps.
    #[test]
    fn agendas_md_regular_hd42() {
        let s = agendas_md();
        let r = rules(date!(2025 - 10 - 28));
        let above = &section(&s, "Regular meeting — HD 12/2018").rows;
        let rows = &section(&s, "Regular meeting — HD 42/2025").rows;
        assert_matches_table(
            r.agenda(MeetingKind::Regular),
            rows,
            Some(above),
            "HD 42/2025 regular",
        );
    }

    /// MTG-TH-01/02: the HD 12/2018 thematic meeting, step for step.
    #[test]
    fn agendas_md_thematic_hd12() {
        let s = agendas_md();
        let r = rules(date!(2025 - 10 - 27));
        let rows = &section(&s, "Thematic meeting — HD 12/2018").rows;
        assert_matches_table(
            r.agenda(MeetingKind::Thematic),
            rows,
            None,
            "HD 12/2018 thematic",
        );
    }

    /// MTG-TH-03/06: HD 42/2025's thematic meeting is HD 12/2018's with the changes its prose
    /// names: P2–P3 (MTG-TH-06), C1 (MTG-TH-03/06), A1 (MTG-TH-06, MTG-PREP-05).
    #[test]
    fn agendas_md_thematic_hd42() {
        let s = agendas_md();
        let prose = &section(&s, "Thematic meeting — HD 42/2025").prose;
        let changes: &[(&str, &str)] = &[
            ("P2", "MTG-TH-06"),
            ("P3", "MTG-TH-06"),
            ("C1", "MTG-TH-03/06"),
            ("A1", "MTG-TH-06, MTG-PREP-05"),
        ];
        for (code, ids) in changes {
            assert!(
                prose.contains(code) && prose.contains(ids),
                "prose names {code} with {ids}"
            );
        }
        let rows = &section(&s, "Thematic meeting — HD 12/2018").rows;
        let steps = rules(date!(2025 - 10 - 28))
            .agenda(MeetingKind::Thematic)
            .to_vec();
        assert_eq!(
            codes(&steps),
            rows.iter().map(|r| r.code.as_str()).collect::<Vec<_>>()
        );
        for (step, row) in steps.iter().zip(rows) {
            assert_eq!(phase_name(step.phase), row.phase.as_deref().unwrap());
            match changes.iter().find(|(c, _)| *c == step.code) {
                Some((_, ids)) => {
                    let mut need = parse_rules(&row.rules).ids;
                    need.extend(parse_rules(ids).ids);
                    for id in need {
                        assert!(step.cites(&id), "HD 42/2025 thematic {}: {id}", step.code);
                    }
                }
                None => {
                    assert_eq!(step.title_vi, row.title, "{}", step.code);
                    assert_rules_match(step, &row.rules, "HD 42/2025 thematic");
                }
            }
        }
    }

    /// ADM-CER-01..03: the ceremony table, step for step, under every admission guidance.
    #[test]
    fn agendas_md_admission_ceremony() {
        let s = agendas_md();
        let rows = &section(&s, "Admission ceremony").rows;
        for d in [
            date!(2020 - 01 - 01),
            date!(2022 - 01 - 01),
            date!(2025 - 06 - 09),
        ] {
            let r = rules(d);
            assert_matches_table(
                r.agenda(MeetingKind::AdmissionCeremony),
                rows,
                None,
                "ceremony",
            );
        }
    }

    /// MTG-FREQ-03, MTG-DUR-01: a combined session is the regular meeting's steps to C7, then the
    /// thematic meeting's from O1; the preparation of both comes first, their after-steps last.
    #[test]
    fn agendas_md_combined_session() {
        let s = agendas_md();
        let prose = &section(&s, "Combined session").prose;
        assert!(prose.contains("steps to C7") && prose.contains("from O1"));
        for d in [date!(2025 - 10 - 27), date!(2025 - 10 - 28)] {
            let r = rules(d);
            let regular = r.agenda(MeetingKind::Regular);
            let thematic = r.agenda(MeetingKind::Thematic);
            let combined = r.agenda(MeetingKind::Combined);
            let in_room: Vec<String> = combined
                .iter()
                .filter(|s| s.phase.in_room())
                .map(|s| s.code.clone())
                .collect();
            let mut want: Vec<String> = regular
                .iter()
                .filter(|s| s.phase.in_room())
                .map(|s| s.code.clone())
                .collect();
            assert_eq!(want.last().map(String::as_str), Some("C7"));
            let from_o1 = thematic.iter().position(|s| s.code == "O1").unwrap();
            want.extend(
                thematic[from_o1..]
                    .iter()
                    .filter(|s| s.phase.in_room())
                    .map(|s| format!("{THEMATIC_PART_PREFIX}{}", s.code)),
            );
            assert_eq!(in_room, want);
            let all: BTreeSet<&str> = codes(combined).into_iter().collect();
            assert_eq!(all.len(), combined.len(), "codes unique");
            for st in regular
                .iter()
                .chain(thematic)
                .filter(|s| !s.phase.in_room())
            {
                let prefixed = format!("{THEMATIC_PART_PREFIX}{}", st.code);
                assert!(all.contains(st.code.as_str()) || all.contains(prefixed.as_str()));
            }
            assert!(
                combined
                    .iter()
                    .take_while(|s| s.phase == Phase::Prep)
                    .count()
                    >= 6
            );
        }
    }

    /// Extraordinary meeting: opening formalities (O1–O4), the matter(s), discussion, vote(s),
    /// conclusion, minutes approval (MTG-ORD-01, MTG-ATT-01..03, MTG-MIN-01).
    #[test]
    fn agendas_md_extraordinary_meeting() {
        let s = agendas_md();
        let prose = &section(&s, "Extraordinary meeting").prose;
        assert!(prose.contains("(O1–O4)"));
        let r = rules(date!(2025 - 11 - 03));
        let steps = r.agenda(MeetingKind::Extraordinary);
        let regular = r.agenda(MeetingKind::Regular);
        let opening: Vec<&str> = codes(steps).into_iter().take(4).collect();
        assert_eq!(opening, ["O1", "O2", "O3", "O4"]);
        for st in &steps[1..4] {
            assert_eq!(Some(st), regular.iter().find(|x| x.code == st.code));
        }
        let pos = |id: &str| steps.iter().position(|s| s.cites(id)).unwrap();
        assert!(
            pos("MTG-ATT-02") < pos("MTG-ORD-06"),
            "vote, then conclusion"
        );
        assert!(
            pos("MTG-ORD-06") < pos("MTG-MIN-01"),
            "minutes approved last"
        );
    }

    /// Cell committee meeting (MTG-PREP-02/06, MTG-ATT-11): opening, matters, votes over all
    /// sitting committee members, conclusion, short minutes.
    #[test]
    fn agendas_md_committee_meeting() {
        let s = agendas_md();
        let prose = &section(&s, "Cell committee meeting").prose;
        assert!(prose.contains("MTG-ATT-11"));
        let r = rules(date!(2025 - 11 - 03));
        let steps = r.agenda(MeetingKind::Committee);
        assert_eq!(steps.first().unwrap().phase, Phase::Opening);
        assert!(steps.iter().any(|s| s.cites("MTG-PREP-02")));
        assert!(steps.last().unwrap().cites("MTG-PREP-06"));
    }

    /// Every rule ID a builtin step cites exists in docs/rules.md (invariant 3: one ID, one
    /// meaning).
    #[test]
    fn cited_rule_ids_exist_in_rules_md() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md");
        let text = std::fs::read_to_string(path).unwrap();
        let c = Catalogue::builtin();
        for v in c.versions() {
            let steps: Vec<&AgendaStep> = match &v.parameters {
                Parameters::MeetingGuidance(p) => p.agendas.iter().flat_map(|a| &a.steps).collect(),
                Parameters::AdmissionGuidance(p) => p.ceremony.iter().collect(),
                _ => continue,
            };
            for st in steps {
                for id in &st.rules {
                    assert!(
                        text.contains(&format!("**{id} ")),
                        "{} {}: {id}",
                        v.code,
                        st.code
                    );
                }
            }
        }
    }
}
