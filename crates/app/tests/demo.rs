//! The demo data set matches the scenarios it is built from (scenarios.md, "Demo data").
//!
//! Each test loads the demo into its own temporary SQLite file, so the tests stay
//! independent (a load takes a few seconds in a debug build).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use chibo_app::auth::verify_password;
use chibo_app::demo::{self, DemoSummary, DEMO_PASSWORD};
use chibo_domain::access::SystemRole;
use chibo_domain::member::{cell_flags, CellFlag, CellRoster, PartyRole, ORG_02, ORG_03};
use chibo_domain::org::{CellType, OrgKind};
use chibo_domain::{OrgId, PersonId};
use chibo_store::{CellRecords, Store};
use time::macros::date;
use time::Date;
use unicode_normalization::is_nfc;

/// 22/11/2024 at 09:00 in Vietnam: the day of the S1 thematic meeting.
const NOW: i64 = 1_732_240_800;

async fn loaded() -> (Store, DemoSummary, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}/d.db", dir.path().display()))
        .await
        .unwrap();
    assert!(demo::is_empty(&store).await.unwrap());
    let started = std::time::Instant::now();
    let summary = demo::load(&store, NOW).await.unwrap();
    eprintln!(
        "demo loaded in {:.2?}: {} organisations, {} people",
        started.elapsed(),
        summary.orgs,
        summary.people
    );
    (store, summary, dir)
}

fn roster(records: &CellRecords, cell: OrgId, date: Date) -> CellRoster {
    CellRoster::on(
        cell,
        date,
        &records.members(),
        &records.placements,
        &records.statuses,
    )
}

/// Affiliated non-members of the cell on `date`: staff who are not on its roster that day
/// (a staff member admitted later is still a non-member before her ceremony).
fn non_members_on(records: &CellRecords, cell: OrgId, date: Date) -> usize {
    let on_roster: HashSet<PersonId> = roster(records, cell, date)
        .entries
        .iter()
        .map(|e| e.person)
        .collect();
    let affiliated = records
        .people
        .iter()
        .map(|p| &p.person)
        .chain(records.non_members.iter())
        .filter(|p| p.affiliation.is_some_and(|a| a.org == cell));
    affiliated.filter(|p| !on_roster.contains(&p.id)).count()
}

#[tokio::test]
async fn load_fills_an_empty_database_once() {
    let (store, summary, _dir) = loaded().await;
    assert!(!demo::is_empty(&store).await.unwrap());
    assert_eq!(summary.orgs, 48);
    assert!(
        (900..1400).contains(&summary.people),
        "{} people",
        summary.people
    );
    // A second load would duplicate the tree: refused, nothing written.
    let err = demo::load(&store, NOW).await.unwrap_err();
    assert!(matches!(err, chibo_app::AppError::Invalid(_)), "{err:?}");
    let tree = store.org_tree().await.unwrap();
    assert_eq!(tree.roots_on(date!(2026 - 01 - 01)).len(), 1);
    // Everything written through the store is audited as the demo's system actor.
    let events = store
        .audit_events(&chibo_store::AuditQuery {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(events
        .iter()
        .all(|e| e.actor == "system:demo" && e.at == NOW.max(demo::STORY_RECORDED_AT)));
}

#[tokio::test]
async fn s1_cell_before_and_after_the_admission() {
    let (store, s, _dir) = loaded().await;
    let tree = store.org_tree().await.unwrap();
    let cell = tree.version_on(s.s1_cell, date!(2024 - 11 - 22)).unwrap();
    assert_eq!(
        cell.name.as_str(),
        "Chi bộ Trung tâm Trợ giúp pháp lý nhà nước"
    );
    assert_eq!(cell.cell_type, Some(CellType::StateAgency));
    let records = store.cell_records(s.s1_cell).await.unwrap();
    assert_eq!(records.people.len() + records.non_members.len(), 12);

    // The day before the ceremony: 9 official, 1 probationary, 2 non-member staff.
    let before = roster(&records, s.s1_cell, date!(2024 - 11 - 21)).breakdown();
    assert_eq!(
        (before.total, before.official, before.probationary),
        (10, 9, 1)
    );
    assert_eq!(
        non_members_on(&records, s.s1_cell, date!(2024 - 11 - 21)),
        2
    );
    // ADM-PRB-01: between the admission decision (5/11) and the ceremony (22/11) she is
    // awaiting the ceremony: listed apart, neither on the roster nor among the non-members.
    let view = chibo_app::people::cell_view(&store, s.s1_cell, date!(2024 - 11 - 21))
        .await
        .unwrap();
    let names = |people: &[chibo_domain::person::Person]| {
        people
            .iter()
            .map(|p| p.full_name.as_str().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&view.awaiting_ceremony), ["Đinh Thị Mai Phương"]);
    assert_eq!(view.non_members.len(), 1);
    assert_eq!(view.members.len(), 10);
    let on = chibo_app::people::cell_view(&store, s.s1_cell, date!(2024 - 11 - 22))
        .await
        .unwrap();
    assert!(on.awaiting_ceremony.is_empty());
    assert!(on
        .members
        .iter()
        .any(|r| r.person.full_name.as_str() == "Đinh Thị Mai Phương"));
    let earlier = chibo_app::people::cell_view(&store, s.s1_cell, date!(2024 - 11 - 04))
        .await
        .unwrap();
    assert!(earlier.awaiting_ceremony.is_empty());
    assert_eq!(earlier.non_members.len(), 2);
    // From the ceremony on she is a probationary member placed in the cell.
    for day in [date!(2024 - 11 - 22), date!(2025 - 01 - 01)] {
        let b = roster(&records, s.s1_cell, day).breakdown();
        assert_eq!((b.total, b.official, b.probationary), (11, 9, 2), "{day}");
        assert_eq!(b.attached_here, 0);
        assert_eq!(non_members_on(&records, s.s1_cell, day), 1, "{day}");
    }
    let admitted = records
        .members()
        .into_iter()
        .find(|m| m.decision_ref.as_deref() == Some("456-QĐ/ĐUK"))
        .unwrap();
    assert_eq!(admitted.admission_date, date!(2024 - 11 - 05));
    assert_eq!(admitted.ceremony_date, Some(date!(2024 - 11 - 22)));
    assert_eq!(admitted.official_date, None);

    // A committee of three (ORG-03) in both terms; congresses dated.
    for day in [date!(2024 - 11 - 22), date!(2025 - 11 - 21)] {
        let r = roster(&records, s.s1_cell, day);
        assert!(
            cell_flags(s.s1_cell, &r, &records.roles, day).is_empty(),
            "{day}"
        );
        let seats: Vec<PartyRole> = records
            .roles
            .iter()
            .filter(|r| r.period.contains(day))
            .map(|r| r.role)
            .collect();
        assert_eq!(seats.len(), 3);
        for role in [
            PartyRole::Secretary,
            PartyRole::DeputySecretary,
            PartyRole::CommitteeMember,
        ] {
            assert!(seats.contains(&role), "{role:?} on {day}");
        }
    }
    let congresses: Vec<Date> = store
        .congresses(s.s1_cell)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.closed_on)
        .collect();
    assert_eq!(
        congresses,
        vec![date!(2022 - 04 - 15), date!(2025 - 04 - 15)]
    );

    // The secretary is also deputy secretary of the Sở Tư pháp committee; the delegate is a
    // member of that committee from another cell.
    let day = date!(2024 - 11 - 22);
    let secretary = records
        .roles
        .iter()
        .find(|r| r.role == PartyRole::Secretary && r.period.contains(day))
        .unwrap()
        .person;
    let (_, _, roles) = store.person_history(secretary).await.unwrap();
    assert!(roles.iter().any(|r| r.org == s.justice_department
        && r.role == PartyRole::DeputySecretary
        && r.period.contains(day)));
    let justice = store.cell_records(s.justice_department).await.unwrap();
    let delegate = justice
        .roles
        .iter()
        .find(|r| r.role == PartyRole::CommitteeMember && r.period.contains(day))
        .unwrap()
        .person;
    assert!(records.person(delegate).is_none());
}

#[tokio::test]
async fn org_01_the_tree_keeps_its_history() {
    let (store, s, _dir) = loaded().await;
    let tree = store.org_tree().await.unwrap();
    let (before, after) = (date!(2024 - 11 - 22), date!(2025 - 07 - 01));
    // Agency branch: bloc committee, then the provincial government's committee.
    assert_eq!(
        tree.ancestors_on(s.s1_cell, before),
        vec![s.justice_department, s.bloc, s.province]
    );
    assert_eq!(
        tree.ancestors_on(s.s1_cell, after),
        vec![s.justice_department, s.provincial_government, s.province]
    );
    // Commune branch: under the district, then a commune committee under the province.
    assert_eq!(tree.superior_on(s.commune, before), Some(s.district));
    assert_eq!(tree.superior_on(s.commune, after), Some(s.province));
    assert_eq!(
        tree.version_on(s.commune, before).unwrap().kind,
        OrgKind::BaseCommittee
    );
    assert_eq!(
        tree.version_on(s.commune, after).unwrap().kind,
        OrgKind::Commune
    );
    assert_eq!(
        tree.version_on(s.commune, date!(2025 - 06 - 30))
            .unwrap()
            .period
            .until(),
        Some(date!(2025 - 06 - 30))
    );
    assert_eq!(tree.superior_on(s.s3_cell, before), Some(s.commune));
    assert_eq!(
        tree.ancestors_on(s.s3_cell, after),
        vec![s.commune, s.province]
    );
    assert!(tree.in_subtree_on(s.s3_cell, s.district, before));
    assert!(!tree.in_subtree_on(s.s3_cell, s.district, after));
    // Every name is stored NFC.
    for org in tree.subtree_on(s.province, after) {
        assert!(is_nfc(tree.version_on(org, after).unwrap().name.as_str()));
    }
}

#[tokio::test]
async fn s3_cell_breakdown_mtg_min_03() {
    let (store, s, _dir) = loaded().await;
    let records = store.cell_records(s.s3_cell).await.unwrap();
    let day = date!(2025 - 11 - 03);
    let r = roster(&records, s.s3_cell, day);
    let b = r.breakdown();
    assert_eq!(b.total, 22);
    assert_eq!(b.official, 20);
    assert_eq!(b.probationary, 2);
    assert_eq!(b.attached_here, 1);
    assert_eq!(b.exempted, 1);
    assert_eq!(b.away, 0);
    // Attached and probationary members attend but do not vote: the 20 official members
    // at home may (the exempted one counts in the denominator only when present).
    assert_eq!(r.entries.iter().filter(|e| e.may_vote()).count(), 20);
    let attached = records
        .placements
        .iter()
        .find(|p| p.org == s.s3_cell && p.period.contains(day) && p.kind.code() == "attached")
        .unwrap();
    assert!(attached
        .note
        .as_deref()
        .unwrap()
        .contains("Chi bộ Văn phòng Sở Tư pháp"));
    assert!(cell_flags(s.s3_cell, &r, &records.roles, day).is_empty());
    for p in &records.people {
        assert!(is_nfc(p.person.full_name.as_str()));
    }
}

#[tokio::test]
async fn s4_commune_has_forty_cells_with_one_org_02_and_one_org_03() {
    let (store, s, _dir) = loaded().await;
    let tree = store.org_tree().await.unwrap();
    let day = date!(2025 - 11 - 21);
    let cells = tree.children_on(s.commune, day);
    assert_eq!(cells.len(), 40);
    // The cells moved with the commune: the same 40 before the reorganisation.
    assert_eq!(tree.children_on(s.commune, date!(2024 - 11 - 22)).len(), 40);
    let count = |t: CellType| cells.iter().filter(|c| c.cell_type == Some(t)).count();
    assert_eq!(count(CellType::Village), 28);
    assert_eq!(count(CellType::School), 6);
    assert_eq!(count(CellType::StateAgency), 4);
    assert_eq!(
        count(CellType::StateEnterprise) + count(CellType::PrivateEnterprise),
        2
    );

    let (mut org_02, mut org_03, mut no_secretary) = (0, 0, 0);
    let mut citizen_ids = HashSet::new();
    let mut cards = HashSet::new();
    let (mut people, mut with_phone, mut with_birth) = (0, 0, 0);
    for cell in &cells {
        let records = store.cell_records(cell.org).await.unwrap();
        let r = roster(&records, cell.org, day);
        let b = r.breakdown();
        if cell.org != s.s3_cell {
            assert_eq!(b.attached_here, 0);
        }
        let flags = cell_flags(cell.org, &r, &records.roles, day);
        for flag in &flags {
            match flag.rule_id() {
                Some(ORG_02) => org_02 += 1,
                Some(ORG_03) => org_03 += 1,
                _ => {}
            }
            if *flag == CellFlag::NoSecretary {
                no_secretary += 1;
            }
        }
        if flags.is_empty() {
            assert!((15..=40).contains(&b.total), "{}: {}", cell.name, b.total);
        }
        for p in &records.people {
            people += 1;
            with_phone += usize::from(p.person.phone.is_some());
            with_birth += usize::from(p.person.birth_date.is_some());
            let cid = p.person.citizen_id.as_ref().unwrap().as_str().to_string();
            assert!(citizen_ids.insert(cid));
            if let Some(card) = p.member.as_ref().and_then(|m| m.card_number.as_ref()) {
                assert!(cards.insert(card.as_str().to_string()));
            }
        }
    }
    assert_eq!(org_02, 1, "one cell below three official members");
    assert_eq!(
        org_03, 1,
        "one cell of nine or more official members without a committee"
    );
    assert_eq!(no_secretary, 0);
    assert!(people > 700);
    assert!(with_phone * 10 > people * 7, "most have a phone");
    assert!(with_birth * 10 > people * 8, "most have a birth date");
}

#[tokio::test]
async fn one_login_per_role_with_the_demo_password() {
    let (store, s, _dir) = loaded().await;
    let logins: Vec<&str> = s.logins.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        logins,
        [
            "admin",
            "tochuc.tinh",
            "danguy.xa",
            "bithu.tgpl",
            "dangvien.tgpl",
            "bithu.to3",
            "giangvien.s2",
            "hocvien.to1",
            "hocvien.to2",
            "hocvien.to3"
        ]
    );
    let s1 = store.cell_records(s.s1_cell).await.unwrap();
    let s3 = store.cell_records(s.s3_cell).await.unwrap();
    let day = date!(2025 - 11 - 21);
    let holds = |records: &CellRecords, person: PersonId| -> Vec<PartyRole> {
        records
            .roles
            .iter()
            .filter(|r| r.person == person && r.period.contains(day))
            .map(|r| r.role)
            .collect()
    };
    for (login, description) in &s.logins {
        assert!(!description.is_empty() && is_nfc(description));
        let user = store.user_by_login(login).await.unwrap().unwrap();
        assert!(
            verify_password(DEMO_PASSWORD, &user.password_hash),
            "{login}"
        );
        assert!(!verify_password("sai mật khẩu", &user.password_hash));
        assert!(!user.disabled);
        match login.as_str() {
            "admin" => {
                assert_eq!(user.roles, vec![SystemRole::Admin]);
                assert_eq!(user.person, None);
            }
            "tochuc.tinh" => {
                assert_eq!(user.roles, vec![SystemRole::Staff { org: s.province }])
            }
            "danguy.xa" => {
                assert_eq!(user.roles, vec![SystemRole::Staff { org: s.commune }])
            }
            "bithu.tgpl" => {
                assert!(user.roles.is_empty());
                let p = user.person.unwrap();
                assert_eq!(holds(&s1, p), vec![PartyRole::Secretary]);
            }
            "dangvien.tgpl" => {
                let p = user.person.unwrap();
                assert!(s1.person(p).unwrap().member.is_some());
                assert!(holds(&s1, p).is_empty());
            }
            "bithu.to3" => {
                let p = user.person.unwrap();
                assert_eq!(holds(&s3, p), vec![PartyRole::Secretary]);
            }
            // Issue 13: the S2 class's trainer and one learner per group hold no role and
            // no person; their access comes from their practice rows (TRN-01).
            "giangvien.s2" | "hocvien.to1" | "hocvien.to2" | "hocvien.to3" => {
                assert!(user.roles.is_empty());
                assert_eq!(user.person, None);
                assert!(description.contains("THỰC HÀNH"));
            }
            other => panic!("unexpected login {other}"),
        }
    }
    // The access subject of the S1 secretary carries both seats on the meeting day.
    let user = store.user_by_login("bithu.tgpl").await.unwrap().unwrap();
    let subject = chibo_app::auth::subject(&store, &user, date!(2024 - 11 - 22))
        .await
        .unwrap();
    assert_eq!(subject.home_cell, Some(s.s1_cell));
    assert!(subject
        .party_roles
        .contains(&(s.justice_department, PartyRole::DeputySecretary)));
    assert!(subject
        .party_roles
        .contains(&(s.s1_cell, PartyRole::Secretary)));
}

/// Issues 8 and 9's demo: S3's October 2025 regular meeting closed with its tasks;
/// November's held with scenario S3's roll call — denominator 18, 10 in favour, passed
/// (MTG-ATT-02/03/12) — October's tasks reviewed at M2, its own tasks assigned, and closed
/// with approved minutes naming its absentees; December's planned, with November's tasks
/// and October's unfinished one to review (MTG-ORD-04).
#[tokio::test]
async fn s3_meetings_october_and_november_closed_december_planned_mtg_att_02_03() {
    use chibo_domain::meeting::MeetingStatus;
    let (store, s, _dir) = loaded().await;
    let meetings = store.meetings_of(s.s3_cell, 2025).await.unwrap();
    assert_eq!(
        meetings
            .iter()
            .map(|m| (m.date, m.status))
            .collect::<Vec<_>>(),
        [
            (date!(2025 - 10 - 03), MeetingStatus::Closed),
            (date!(2025 - 11 - 03), MeetingStatus::Closed),
            (date!(2025 - 12 - 03), MeetingStatus::Planned),
        ]
    );
    let october = store.meeting(meetings[0].id).await.unwrap().unwrap();
    assert_eq!(october.tasks.len(), 3);
    let november = store.meeting(meetings[1].id).await.unwrap().unwrap();
    let vote = &november.votes[0];
    assert_eq!(vote.denominator_breakdown.summoned, 20);
    assert_eq!(vote.denominator, 18);
    assert_eq!(vote.tally.votes_for, 10);
    assert!(vote.passed);
    assert_eq!(november.tasks.len(), 2);
    let minutes = store.minutes(november.id).await.unwrap().unwrap();
    let m = minutes.minutes.latest();
    assert_eq!(m.votes[0].denominator, 18);
    assert!(m.votes[0].passed);
    assert_eq!(m.absentees.len(), 4, "{:?}", m.absentees);
    assert!(m
        .absentees
        .iter()
        .any(|a| a.reason.as_deref() == Some("Đi viện chăm mẹ ốm")));
    assert_eq!(m.tasks.len(), 2);
    // Entered afterwards from paper: the last step ends at the time given on the meeting's
    // day, not when the demo was loaded.
    assert_eq!(m.ended.map(|e| e.date()), Some(date!(2025 - 11 - 03)));
    assert!(m
        .steps
        .iter()
        .all(|s| s.ended.is_none_or(|e| e.date() == date!(2025 - 11 - 03))));
    // December lists November's two tasks and October's one still in progress.
    let december = chibo_app::meetings::show(&store, meetings[2].id)
        .await
        .unwrap();
    assert_eq!(december.carried_to.as_deref(), Some("M2"));
    let carried: Vec<&str> = december
        .carried_tasks
        .iter()
        .map(|t| t.task.task.text.as_str())
        .collect();
    assert_eq!(carried.len(), 3, "{carried:?}");
    assert!(carried
        .iter()
        .any(|t| t.starts_with("Nắm tình hình tư tưởng")));
    assert!(carried
        .iter()
        .any(|t| t.starts_with("Rà soát, cập nhật danh sách hộ nghèo")));
}

/// S1 step 4 (issue 9): the ceremony of 22/11/2024 admitted the staff member by decision
/// 456-QĐ/ĐUK of 5/11/2024: its minutes are approved with the act frozen in them, she is
/// probationary from that day with her helping member, probation ends on 22/11/2025
/// (ADM-PRB-01/03) and the cell must consider recognition by the 30th working day after it
/// (ADM-REC-01), her membership counting from the decision (ADM-PRB-02).
#[tokio::test]
async fn s1_ceremony_admits_the_staff_member_with_probation_and_deadlines() {
    let (store, s, _dir) = loaded().await;
    let meetings = chibo_app::meetings::list(&store, s.s1_cell, 2024)
        .await
        .unwrap();
    let ceremony = meetings
        .iter()
        .find(|m| m.kind == chibo_domain::ruleset::MeetingKind::AdmissionCeremony)
        .expect("the ceremony of 22/11/2024");
    assert_eq!(ceremony.date, date!(2024 - 11 - 22));
    assert_eq!(
        ceremony.status,
        chibo_domain::meeting::MeetingStatus::Closed
    );
    let minutes = store.minutes(ceremony.id).await.unwrap().unwrap();
    let act = minutes.minutes.latest().ceremony.clone().expect("the act");
    assert_eq!(act.new_member.name, "Đinh Thị Mai Phương");
    assert_eq!(act.decision, "456-QĐ/ĐUK");
    assert_eq!(act.decision_date, date!(2024 - 11 - 05));
    assert_eq!(act.helper.name, "Trần Đức Anh");
    assert_eq!(act.probation_ends, date!(2025 - 11 - 22));
    // ADM-CER-01: 30 working days from receipt on 8/11/2024.
    assert_eq!(act.deadline, Some(date!(2024 - 12 - 20)));
    let person = PersonId(act.new_member.person.unwrap());
    let record = store.person(person).await.unwrap().unwrap();
    let member = record.member.unwrap();
    assert_eq!(member.ceremony_date, Some(date!(2024 - 11 - 22)));
    assert_eq!(member.admission_date, date!(2024 - 11 - 05));
    assert_eq!(
        member.standing_on(date!(2024 - 11 - 22)),
        Some(chibo_domain::member::Standing::Probationary)
    );
    let admission = chibo_app::ceremony::admission_of(&store, person)
        .await
        .unwrap()
        .expect("admitted by a ceremony held in chibo");
    assert_eq!(admission.meeting, ceremony.id);
    assert_eq!(admission.helper.name, "Trần Đức Anh");
    assert_eq!(admission.probation.ends_on, date!(2025 - 11 - 22));
    // ADM-LL-01: 30 working days from the ceremony (Friday 22/11/2024).
    assert_eq!(
        admission.probation.life_history_by,
        Some(date!(2025 - 01 - 06))
    );
    // ADM-REC-01: 30 working days after 22/11/2025 (a Saturday), over New Year's Day 2026.
    assert_eq!(
        admission.probation.recognition_by,
        Some(date!(2026 - 01 - 05))
    );
    // The thematic meeting of the same day is closed with its minutes, the secretary's
    // conclusion among them (MTG-TH-02).
    let thematic = meetings
        .iter()
        .find(|m| m.kind == chibo_domain::ruleset::MeetingKind::Thematic)
        .unwrap();
    let minutes = store.minutes(thematic.id).await.unwrap().unwrap();
    assert!(minutes
        .minutes
        .latest()
        .conclusion
        .as_deref()
        .is_some_and(|c| c.contains("hoàn chỉnh")));
    // S1 step 1 (issue 11): the 2024 plan answering 799-CV/ĐUK, acknowledged, its Q4 topic
    // carried out by that meeting.
    let view = chibo_app::plans::under(&store, s.justice_department, 2024, date!(2024 - 12 - 01))
        .await
        .unwrap();
    let row = view.iter().find(|r| r.cell == s.s1_cell).unwrap();
    assert_eq!(row.status, "acknowledged");
    assert_eq!(
        row.quarters[3],
        [chibo_domain::plan::ItemState::MinutesApproved]
    );
    assert_eq!(row.quarters[0], [chibo_domain::plan::ItemState::Missed]);
}

/// Issue 12, scenario S1 step 4: Phương's case runs from sympathiser to the ceremony of
/// 22/11/2024 and is in probation (ADM-PRB-01/03: complete on 22/11/2025) with the
/// recognition deadline computed (ADM-REC-01: 30 working days after); in the S4 commune,
/// one case's decision deadline (ADM-DEC-02, 60 working days) falls 3 working days after
/// the day the demo was loaded, and `deadlines` lists it for the commune.
#[tokio::test]
async fn adm_s1_step_4_case_in_probation_and_s4_case_at_risk() {
    use chibo_domain::admission::Stage;
    let (store, summary, _dir) = loaded().await;
    let cases = store
        .admissions_under(summary.s1_cell, date!(2025 - 11 - 21))
        .await
        .unwrap();
    assert_eq!(cases.len(), 1);
    let (case, name) = &cases[0];
    assert_eq!(name, "Đinh Thị Mai Phương");
    let today = date!(2025 - 11 - 21);
    let view = chibo_app::admissions::show(&store, case.id, today)
        .await
        .unwrap();
    assert_eq!(view.record.case.stage, Stage::MemberLifeHistory);
    assert_eq!(view.probation_ends, Some(date!(2025 - 11 - 22)));
    assert_eq!(view.deadlines.len(), 1);
    let due = &view.deadlines[0].due;
    assert_eq!(due.rule, "ADM-REC-01");
    assert_eq!(due.from, Some(date!(2025 - 11 - 22)));
    // 30 working days after Saturday 22/11/2025 (1/1/2026 is a holiday).
    assert_eq!(due.last_day, date!(2026 - 01 - 05));
    // Every stage from sympathiser on is in the timeline, in order.
    let stages: Vec<Stage> = view.timeline.iter().map(|s| s.to).collect();
    assert_eq!(stages, Stage::PATH[1..=12].to_vec());
    // The ceremony recorded in the case is the one the ceremony meeting admitted her at.
    assert_eq!(view.record.case.facts.ceremony, Some(date!(2024 - 11 - 22)));

    let at_risk = chibo_app::admissions::deadlines(&store, summary.commune, today, Some(5))
        .await
        .unwrap();
    assert_eq!(at_risk.len(), 1, "{at_risk:?}");
    assert_eq!(at_risk[0].row.rule, "ADM-DEC-02");
    assert_eq!(at_risk[0].working_days_left, 3);
    assert!(!at_risk[0].overdue);
    let board = chibo_app::admissions::board(&store, summary.commune, today)
        .await
        .unwrap();
    assert_eq!(board.len(), 2);
}
