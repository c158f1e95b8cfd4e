//! Helpers shared by the web test suites.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use chibo_domain::OrgId;
use chibo_store::{Actor, Store};

/// S3's December 2025 meeting (planned in the demo) chaired as the demo chaired
/// November's: the same roll call, the agenda held from 19:30, six minutes a step, up to
/// the vote (C4), and 10 of 18 in favour of the resolution (MTG-ATT-02/03/12). The demo's
/// November meeting is closed; these screens need one in progress.
pub async fn december_like_november(store: &Store, s3_cell: OrgId) -> i64 {
    use chibo_domain::meeting::vote::{Tally, VoteSubject};
    use chibo_domain::meeting::{StepAction, StepState, Transition};
    use chibo_store::VoteDraft;
    let meetings = chibo_app::meetings::list(store, s3_cell, 2025)
        .await
        .unwrap();
    let month = |m: time::Month| meetings.iter().find(|x| x.date.month() == m).unwrap().id;
    let (november, december) = (month(time::Month::November), month(time::Month::December));
    let november = chibo_app::meetings::show(store, november).await.unwrap();
    let actor = Actor::system("test", 1_763_700_000);
    let mut w = store.write(&actor).await.unwrap();
    w.meetings()
        .transition(december, &Transition::Start, None, None)
        .await
        .unwrap();
    for row in &november.roster {
        if let Some(presence) = &row.attendance {
            w.meetings()
                .set_attendance(december, row.person, presence.clone(), None)
                .await
                .unwrap();
        }
    }
    let steps = w.meetings().get(december).await.unwrap().unwrap().agenda;
    let mut at = time::Time::from_hms(19, 30, 0).unwrap();
    for step in steps
        .steps()
        .iter()
        .filter(|s| s.state == StepState::Pending)
    {
        w.meetings()
            .step(
                december,
                &StepAction::Start {
                    step: step.code.clone(),
                },
                Some(at),
                None,
            )
            .await
            .unwrap();
        if step.code == "C4" {
            break;
        }
        at += time::Duration::minutes(6);
    }
    w.meetings()
        .record_vote(
            december,
            &VoteDraft {
                subject: "Nghị quyết sinh hoạt chi bộ tháng 12/2025".into(),
                kind: VoteSubject::Resolution,
                method: None,
                tally: Tally {
                    votes_for: 10,
                    against: 4,
                    abstain: 2,
                },
            },
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    december.0
}
