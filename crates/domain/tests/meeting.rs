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
