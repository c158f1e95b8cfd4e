//! Training mode end to end below the web layer (TRN-01, scenario S2): a district's class of
//! 20/8/2020 with three practice groups, each chairing a regular mock meeting in its sandbox
//! cell — one in full, one skipping the assessment of last month, one holding it out of
//! order — reviewed against HD 12/2018 and compared step by step.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chibo_app::training::{compare_class, review_meeting};
use chibo_domain::org::OrgKind;
use chibo_domain::ruleset::{Catalogue, MeetingKind};
use chibo_domain::text::Name;
use chibo_domain::training::compare::CellState;
use chibo_domain::{MeetingId, OrgId};
use chibo_store::{Actor, Store};
use time::macros::date;

const DAY: time::Date = date!(2020 - 08 - 20);

async fn mock_meeting(store: &Store, cell: OrgId, order: &[String]) -> MeetingId {
    let a = Actor::system("test", 1_700_000_000);
    chibo_app::training::hold_mock(store, &a, cell, DAY, MeetingKind::Regular, order)
        .await
        .unwrap()
}

#[tokio::test]
async fn trn_01_s2_three_groups_reviewed_and_compared_step_by_step() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}/t.db", dir.path().display()))
        .await
        .unwrap();
    let a = Actor::system("test", 1_700_000_000);
    let mut w = store.write(&a).await.unwrap();
    let province = w
        .orgs()
        .create(
            OrgKind::Province,
            Name::parse("name", "Đảng bộ tỉnh Điện Biên").unwrap(),
            None,
            None,
            date!(2015 - 01 - 01),
        )
        .await
        .unwrap();
    let district = w
        .orgs()
        .create(
            OrgKind::District,
            Name::parse("name", "Huyện ủy Mường Ảng").unwrap(),
            None,
            Some(province),
            date!(2015 - 01 - 01),
        )
        .await
        .unwrap();
    let course = w
        .training()
        .create_course(district, "Bồi dưỡng bí thư chi bộ năm 2020", DAY)
        .await
        .unwrap();
    let class = w
        .training()
        .create_class(course, "Kỹ năng tổ chức sinh hoạt chi bộ", DAY)
        .await
        .unwrap();
    let mut cells = Vec::new();
    for g in ["Tổ 1", "Tổ 2", "Tổ 3"] {
        cells.push(w.training().create_group(class, g, 15).await.unwrap().1);
    }
    w.commit().await.unwrap();

    let rules = Catalogue::builtin().rules_on(DAY).unwrap();
    let all: Vec<String> = rules
        .agenda(MeetingKind::Regular)
        .iter()
        .filter(|s| s.phase.in_room())
        .map(|s| s.code.clone())
        .collect();
    let skipped: Vec<String> = all.iter().filter(|c| *c != "M2").cloned().collect();
    let mut swapped = all.clone();
    let m1 = swapped.iter().position(|c| c == "M1").unwrap();
    swapped.swap(m1, m1 + 1);

    let full = mock_meeting(&store, cells[0], &all).await;
    let skip = mock_meeting(&store, cells[1], &skipped).await;
    let swap = mock_meeting(&store, cells[2], &swapped).await;

    let codes = |r: &chibo_domain::training::Review| {
        r.findings
            .iter()
            .map(|f| (f.code().to_string(), f.step().map(String::from)))
            .collect::<Vec<_>>()
    };
    let r_full = review_meeting(&store, full).await.unwrap().review;
    let r_skip = review_meeting(&store, skip).await.unwrap().review;
    let r_swap = review_meeting(&store, swap).await.unwrap().review;
    // No quality rating was proposed in any group (MTG-QA-01/07): the one shared finding.
    assert_eq!(
        codes(&r_full),
        vec![("no_quality_rating".to_string(), None)]
    );
    assert_eq!(
        codes(&r_skip),
        vec![
            ("step_skipped".to_string(), Some("M2".to_string())),
            ("no_quality_rating".to_string(), None)
        ]
    );
    assert_eq!(r_skip.findings[0].rules(), vec!["MTG-ORD-04".to_string()]);
    assert_eq!(
        codes(&r_swap),
        vec![
            ("step_out_of_order".to_string(), Some("M2".to_string())),
            ("no_quality_rating".to_string(), None)
        ]
    );

    let table = compare_class(&store, class, MeetingKind::Regular)
        .await
        .unwrap();
    assert_eq!(table.groups, vec!["Tổ 1", "Tổ 2", "Tổ 3"]);
    let m2 = table.rows.iter().find(|r| r.code == "M2").unwrap();
    assert_eq!(
        m2.cells.iter().map(|c| c.state).collect::<Vec<_>>(),
        vec![CellState::Done, CellState::Skipped, CellState::OutOfOrder]
    );
    assert_eq!(table.scores, vec![95, 85, 90]);

    // The S2 demo: the same story, with a thematic meeting per group too.
    let demo = chibo_app::training::demo_s2(&store, &a, district)
        .await
        .unwrap();
    let table = compare_class(&store, demo, MeetingKind::Regular)
        .await
        .unwrap();
    let m2 = table.rows.iter().find(|r| r.code == "M2").unwrap();
    assert_eq!(
        m2.cells.iter().map(|c| c.state).collect::<Vec<_>>(),
        vec![CellState::Done, CellState::Skipped, CellState::OutOfOrder]
    );
    let thematic = compare_class(&store, demo, MeetingKind::Thematic)
        .await
        .unwrap();
    assert_eq!(thematic.groups.len(), 3);
    assert!(thematic
        .rows
        .iter()
        .all(|r| r.cells.iter().all(|c| c.state == CellState::Done)));
    assert_eq!(thematic.findings, vec![0, 0, 0]);

    // The sandbox stays out of the district's real reads.
    let sub = store.subtree_on(district, DAY).await.unwrap();
    assert!(cells.iter().all(|c| !sub.contains(c)));
}
