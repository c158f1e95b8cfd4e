//! The store conformance suite: every test runs on SQLite and on PostgreSQL, each with a
//! fresh database. PostgreSQL runs when `CHIBO_TEST_DATABASE_URL` points at a server whose
//! user may create databases; otherwise those tests say they were skipped.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::sync::Once;

use chibo_domain::access::SystemRole;
use chibo_domain::member::{
    CellRoster, Member, PartyRole, Placement, PlacementKind, RoleAssignment, StatusKind,
    StatusPeriod,
};
use chibo_domain::org::{CellType, OrgChange, OrgKind};
use chibo_domain::person::{CardNumber, CitizenId, PersonDraft};
use chibo_domain::text::Name;
use chibo_domain::{DomainError, OrgId, Period, PersonId};
use chibo_store::{
    Actor, AuditQuery, BackupProblem, LoginFailures, NewUser, SessionRecord, Store, StoreError,
};
use time::macros::date;
use time::Date;

/// One unit of work per call, so the tests below read like the single operations they
/// check (the app composes several calls in one unit; see `unit_of_work_*` tests).
#[allow(clippy::too_many_arguments)]
trait Writes {
    async fn create_org(
        &self,
        a: &Actor,
        kind: OrgKind,
        name: Name,
        ct: Option<CellType>,
        parent: Option<OrgId>,
        from: Date,
    ) -> Result<OrgId, StoreError>;
    async fn change_org(
        &self,
        a: &Actor,
        org: OrgId,
        from: Date,
        change: OrgChange,
    ) -> Result<chibo_domain::org::OrgVersion, StoreError>;
    async fn close_org(
        &self,
        a: &Actor,
        org: OrgId,
        last: Date,
    ) -> Result<chibo_domain::org::OrgVersion, StoreError>;
    async fn add_congress(&self, a: &Actor, org: OrgId, d: Date) -> Result<(), StoreError>;
    async fn create_person(&self, a: &Actor, d: &PersonDraft) -> Result<PersonId, StoreError>;
    async fn update_person(
        &self,
        a: &Actor,
        id: PersonId,
        d: &PersonDraft,
    ) -> Result<(), StoreError>;
    async fn set_member(&self, a: &Actor, m: &Member) -> Result<(), StoreError>;
    async fn add_placement(&self, a: &Actor, p: &Placement) -> Result<(), StoreError>;
    async fn enrol_member(
        &self,
        a: &Actor,
        d: &PersonDraft,
        m: &Member,
        p: &Placement,
    ) -> Result<PersonId, StoreError>;
    async fn add_status(&self, a: &Actor, s: &StatusPeriod) -> Result<(), StoreError>;
    async fn add_role(&self, a: &Actor, r: &RoleAssignment) -> Result<(), StoreError>;
    async fn create_user(&self, a: &Actor, n: &NewUser)
        -> Result<chibo_domain::UserId, StoreError>;
    async fn set_password_hash(
        &self,
        a: &Actor,
        u: chibo_domain::UserId,
        h: &str,
    ) -> Result<(), StoreError>;
    async fn create_session(
        &self,
        hash: &str,
        s: &SessionRecord,
        now: i64,
    ) -> Result<(), StoreError>;
    async fn record_login_failure(&self, key: &str, at: i64) -> Result<(), StoreError>;
    async fn login_succeeds(&self, key: &str, at: i64) -> Result<(), StoreError>;
    async fn set_year_adjustments(
        &self,
        a: &Actor,
        adj: &chibo_domain::calendar::YearAdjustments,
    ) -> Result<(), StoreError>;
    async fn add_rule_version(
        &self,
        a: &Actor,
        v: &chibo_domain::ruleset::RuleVersion,
        today: Date,
    ) -> Result<(), StoreError>;
    async fn set_local_overrides(
        &self,
        a: &Actor,
        org: OrgId,
        o: &chibo_domain::ruleset::local::LocalOverrides,
        from: Date,
        today: Date,
    ) -> Result<(), StoreError>;
}

macro_rules! unit {
    ($store:expr, $actor:expr, |$w:ident| $body:expr) => {{
        let mut $w = $store.write($actor).await?;
        let out = $body;
        $w.commit().await?;
        Ok(out)
    }};
}

impl Writes for Store {
    async fn create_org(
        &self,
        a: &Actor,
        kind: OrgKind,
        name: Name,
        ct: Option<CellType>,
        parent: Option<OrgId>,
        from: Date,
    ) -> Result<OrgId, StoreError> {
        unit!(self, a, |w| w
            .orgs()
            .create(kind, name, ct, parent, from)
            .await?)
    }
    async fn change_org(
        &self,
        a: &Actor,
        org: OrgId,
        from: Date,
        change: OrgChange,
    ) -> Result<chibo_domain::org::OrgVersion, StoreError> {
        unit!(self, a, |w| w
            .orgs()
            .change(org, from, change, None)
            .await?)
    }
    async fn close_org(
        &self,
        a: &Actor,
        org: OrgId,
        last: Date,
    ) -> Result<chibo_domain::org::OrgVersion, StoreError> {
        unit!(self, a, |w| w.orgs().close(org, last).await?)
    }
    async fn add_congress(&self, a: &Actor, org: OrgId, d: Date) -> Result<(), StoreError> {
        unit!(self, a, |w| w.orgs().add_congress(org, d).await?)
    }
    async fn create_person(&self, a: &Actor, d: &PersonDraft) -> Result<PersonId, StoreError> {
        unit!(self, a, |w| w.people().create(d).await?)
    }
    async fn update_person(
        &self,
        a: &Actor,
        id: PersonId,
        d: &PersonDraft,
    ) -> Result<(), StoreError> {
        unit!(self, a, |w| w.people().update(id, d, None).await?)
    }
    async fn set_member(&self, a: &Actor, m: &Member) -> Result<(), StoreError> {
        unit!(self, a, |w| w.people().set_member(m, None).await?)
    }
    async fn add_placement(&self, a: &Actor, p: &Placement) -> Result<(), StoreError> {
        unit!(self, a, |w| w.people().add_placement(p).await?)
    }
    async fn enrol_member(
        &self,
        a: &Actor,
        d: &PersonDraft,
        m: &Member,
        p: &Placement,
    ) -> Result<PersonId, StoreError> {
        unit!(self, a, |w| w.people().enrol(d, m, p).await?)
    }
    async fn add_status(&self, a: &Actor, s: &StatusPeriod) -> Result<(), StoreError> {
        unit!(self, a, |w| w.people().add_status(s).await?)
    }
    async fn add_role(&self, a: &Actor, r: &RoleAssignment) -> Result<(), StoreError> {
        unit!(self, a, |w| w.people().add_role(r).await?)
    }
    async fn create_user(
        &self,
        a: &Actor,
        n: &NewUser,
    ) -> Result<chibo_domain::UserId, StoreError> {
        unit!(self, a, |w| w.users().create(n).await?)
    }
    async fn set_password_hash(
        &self,
        a: &Actor,
        u: chibo_domain::UserId,
        h: &str,
    ) -> Result<(), StoreError> {
        unit!(self, a, |w| w.users().set_password_hash(u, h).await?)
    }
    async fn create_session(
        &self,
        hash: &str,
        s: &SessionRecord,
        now: i64,
    ) -> Result<(), StoreError> {
        let a = Actor {
            user: Some(s.user),
            label: "test".into(),
            at: now,
        };
        unit!(self, &a, |w| w
            .users()
            .start_session(hash, s, &["login:none".to_string()], "127.0.0.1")
            .await?)
    }
    async fn record_login_failure(&self, key: &str, at: i64) -> Result<(), StoreError> {
        let a = Actor {
            user: None,
            label: "anonymous".into(),
            at,
        };
        unit!(self, &a, |w| w
            .users()
            .login_failed("x", &[key.to_string()], "127.0.0.1", None)
            .await?)
    }
    async fn login_succeeds(&self, key: &str, at: i64) -> Result<(), StoreError> {
        let a = Actor {
            user: None,
            label: "test".into(),
            at,
        };
        let s = SessionRecord {
            user: chibo_domain::UserId(1),
            csrf_token: "c".into(),
            expires_at: at + 60,
        };
        unit!(self, &a, |w| w
            .users()
            .start_session("another", &s, &[key.to_string()], "127.0.0.1")
            .await?)
    }
    async fn set_year_adjustments(
        &self,
        a: &Actor,
        adj: &chibo_domain::calendar::YearAdjustments,
    ) -> Result<(), StoreError> {
        unit!(self, a, |w| w.settings().set_year_adjustments(adj).await?)
    }
    async fn add_rule_version(
        &self,
        a: &Actor,
        v: &chibo_domain::ruleset::RuleVersion,
        today: Date,
    ) -> Result<(), StoreError> {
        unit!(self, a, |w| w.settings().add_rule_version(v, today).await?)
    }
    async fn set_local_overrides(
        &self,
        a: &Actor,
        org: OrgId,
        o: &chibo_domain::ruleset::local::LocalOverrides,
        from: Date,
        today: Date,
    ) -> Result<(), StoreError> {
        unit!(self, a, |w| w
            .settings()
            .set_local_overrides(org, o, from, today)
            .await?)
    }
}

struct Fixture {
    store: Store,
    url: String,
    _dir: Option<tempfile::TempDir>,
}

async fn sqlite() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/test.db", dir.path().display());
    let store = Store::open(&url).await.unwrap();
    Fixture {
        store,
        url,
        _dir: Some(dir),
    }
}

static SKIP_NOTE: Once = Once::new();

async fn postgres(test: &str) -> Option<Fixture> {
    let Ok(admin_url) = std::env::var("CHIBO_TEST_DATABASE_URL") else {
        SKIP_NOTE.call_once(|| {
            // Written to the raw stderr handle so the test harness does not swallow it.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: PostgreSQL conformance tests (set CHIBO_TEST_DATABASE_URL=postgres://… to run them; `bash .ci/run` does)"
            );
        });
        return None;
    };
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(&admin_url)
        .await
        .expect("connect to CHIBO_TEST_DATABASE_URL");
    let name = format!("chibo_test_{}_{}", test, std::process::id());
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b.to_string())
        .unwrap();
    let url = format!("{base}/{name}");
    let store = Store::open(&url).await.unwrap();
    Some(Fixture {
        store,
        url,
        _dir: None,
    })
}

macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(super::sqlite().await).await;
                }
            )*
        }
        mod on_postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(f) = super::postgres(stringify!($name)).await {
                        super::$name(f).await;
                    }
                }
            )*
        }
    };
}

conformance!(
    migrations_are_idempotent,
    mtg_att_03_meeting_roll_call_and_votes_with_a_derived_denominator,
    meeting_steps_details_thematic_draft_and_quality_are_stored_and_guarded,
    chair_minute_taker_and_committee_writing_at_once_lose_nothing,
    mtg_min_01_approved_minutes_never_change_even_by_direct_sql,
    mtg_ord_04_tasks_are_reviewed_and_roll_forward_until_done,
    adm_cer_ceremony_act_is_guarded_and_found_once_approved,
    mtg_prep_03_publishing_writes_notices_in_its_unit,
    plan_01_04_directives_plans_and_the_superior_view,
    plan_02_superior_view_filters_sorts_counts_and_pages_in_sql,
    org_01_tree_history_survives_reorganisation,
    org_01_cycle_is_refused_and_nothing_is_written,
    duplicate_citizen_id_and_card_are_conflicts,
    placement_twice_is_refused,
    mtg_att_12_attached_elsewhere_is_away_at_home,
    adm_prb_02_every_people_write_validates_through_the_domain,
    overlapping_status_and_role_are_refused,
    every_mutation_is_audited_in_its_transaction,
    users_sessions_and_throttle_log,
    cell_records_give_the_roster,
    backup_and_restore_round_trip,
    enrol_member_is_all_or_nothing,
    cal_02_adjustments_round_trip_and_a_bad_one_stores_nothing,
    ver_01_rule_versions_add_duplicate_date_and_past_date,
    mtg_qa_02_04_dur_01_day_01_local_overrides_round_trip_and_inherit,
    ver_01_local_settings_are_dated_and_do_not_rejudge_the_past,
    doc_05_and_org_05_congresses_mark_terms,
    concurrent_overlapping_roles_and_placements_exactly_one_wins,
    stale_version_is_refused_with_the_current_record,
    unit_of_work_needs_an_audit_event_and_is_all_or_nothing,
    org_01_ancestor_table_answers_like_the_tree,
    upgrade_from_the_previous_migration_keeps_data_and_builds_the_ancestor_table,
    caches_hear_of_writes_through_another_handle,
    org_01_writes_racing_a_tree_move_keep_the_ancestor_table_exact,
    every_committed_meeting_write_is_announced_once,
    mtg_att_08_subtree_attendance_history_in_one_query,
    doc_05_06_19_resolutions_are_numbered_on_signing_per_term,
    trn_01_no_sandbox_row_reaches_a_real_query,
    trn_02_situations_and_discussion_on_mock_meetings,
    trn_01_setup_reads_group_roles_and_meetings_of_every_year,
    adm_pipe_01_cases_timeline_deadlines_and_one_open_case_per_person,
    mem_lifecycle_records_apply_their_effect_in_one_unit_and_are_followed_at_both_cells,
    trn_02_trainers_write_and_withdraw_situations_of_their_committee,
);

fn actor() -> Actor {
    Actor::system("test", 1_700_000_000)
}

fn name(s: &str) -> Name {
    Name::parse("name", s).unwrap()
}

async fn audit_count(store: &Store) -> usize {
    store
        .audit_events(&AuditQuery {
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap()
        .len()
}

/// Province → district (until 30/6/2025) → commune basic committee → cell; from 1/7/2025
/// the commune committee sits under the province.
async fn reorganised(store: &Store) -> (OrgId, OrgId, OrgId, OrgId) {
    let a = actor();
    let start = date!(2015 - 01 - 01);
    let province = store
        .create_org(
            &a,
            OrgKind::Province,
            name("Đảng bộ tỉnh Điện Biên"),
            None,
            None,
            start,
        )
        .await
        .unwrap();
    let district = store
        .create_org(
            &a,
            OrgKind::District,
            name("Huyện ủy Mường Ảng"),
            None,
            Some(province),
            start,
        )
        .await
        .unwrap();
    let commune = store
        .create_org(
            &a,
            OrgKind::BaseCommittee,
            name("Đảng ủy xã Ẳng Nưa"),
            None,
            Some(district),
            start,
        )
        .await
        .unwrap();
    let cell = store
        .create_org(
            &a,
            OrgKind::Cell,
            name("Chi bộ bản Co Muông"),
            Some(CellType::Village),
            Some(commune),
            start,
        )
        .await
        .unwrap();
    store
        .change_org(
            &a,
            commune,
            date!(2025 - 07 - 01),
            OrgChange {
                kind: Some(OrgKind::Commune),
                parent: Some(Some(province)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    store
        .close_org(&a, district, date!(2025 - 06 - 30))
        .await
        .unwrap();
    (province, district, commune, cell)
}

async fn migrations_are_idempotent(f: Fixture) {
    assert!(f.store.migrate().await.unwrap().is_empty());
    let again = Store::open(&f.url).await.unwrap();
    again.ping().await.unwrap();
}

async fn org_01_tree_history_survives_reorganisation(f: Fixture) {
    let (province, district, commune, cell) = reorganised(&f.store).await;
    let tree = f.store.org_tree().await.unwrap();
    assert_eq!(
        tree.ancestors_on(cell, date!(2024 - 11 - 22)),
        vec![commune, district, province]
    );
    assert_eq!(
        tree.ancestors_on(cell, date!(2025 - 07 - 01)),
        vec![commune, province]
    );
    assert_eq!(
        tree.version_on(commune, date!(2025 - 07 - 01))
            .unwrap()
            .kind,
        OrgKind::Commune
    );
    assert_eq!(
        tree.version_on(commune, date!(2025 - 06 - 30))
            .unwrap()
            .kind,
        OrgKind::BaseCommittee
    );
    assert_eq!(tree.history(commune).len(), 2);
    // The district ended on 30/6/2025 and its record remains.
    assert!(tree.version_on(district, date!(2025 - 06 - 30)).is_some());
    assert!(tree.version_on(district, date!(2025 - 07 - 01)).is_none());
    assert_eq!(
        tree.version_on(cell, date!(2026 - 01 - 01))
            .unwrap()
            .cell_type,
        Some(CellType::Village)
    );
}

async fn org_01_cycle_is_refused_and_nothing_is_written(f: Fixture) {
    let (province, _, commune, _) = reorganised(&f.store).await;
    let before_audit = audit_count(&f.store).await;
    let before_tree = f.store.org_tree().await.unwrap();
    let err = f
        .store
        .change_org(
            &actor(),
            province,
            date!(2026 - 01 - 01),
            OrgChange {
                kind: Some(OrgKind::BaseCommittee),
                parent: Some(Some(commune)),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Domain(DomainError::OrgCycle { .. })),
        "{err:?}"
    );
    assert_eq!(audit_count(&f.store).await, before_audit);
    let after_tree = f.store.org_tree().await.unwrap();
    assert_eq!(after_tree.history(province), before_tree.history(province));
}

fn draft(full_name: &str, cid: Option<&str>) -> PersonDraft {
    PersonDraft {
        full_name: name(full_name),
        birth_date: Some(date!(1980 - 05 - 17)),
        sex: None,
        ethnicity: Some("Kinh".into()),
        citizen_id: cid.map(|c| CitizenId::parse(c).unwrap()),
        phone: None,
        affiliation: None,
    }
}

fn member(person: PersonId, card: Option<&str>) -> Member {
    Member {
        person,
        admission_date: date!(2010 - 03 - 03),
        decision_ref: None,
        ceremony_date: Some(date!(2010 - 03 - 20)),
        official_date: Some(date!(2011 - 03 - 20)),
        recognition_date: Some(date!(2011 - 04 - 15)),
        recognition_ref: Some("12-QĐ/ĐU".into()),
        card_number: card.map(|c| CardNumber::parse(c).unwrap()),
    }
}

async fn duplicate_citizen_id_and_card_are_conflicts(f: Fixture) {
    let a = actor();
    let p1 = f
        .store
        .create_person(&a, &draft("Nguyễn Văn An", Some("001080012345")))
        .await
        .unwrap();
    let audit = audit_count(&f.store).await;
    let err = f
        .store
        .create_person(&a, &draft("Trần Thị Bình", Some("001080012345")))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                field: "citizen_id"
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        audit_count(&f.store).await,
        audit,
        "a refused write leaves no audit event"
    );
    let p2 = f
        .store
        .create_person(&a, &draft("Trần Thị Bình", None))
        .await
        .unwrap();
    f.store
        .set_member(&a, &member(p1, Some("79012345")))
        .await
        .unwrap();
    let err = f
        .store
        .set_member(&a, &member(p2, Some("79.012.345")))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                field: "card_number"
            }
        ),
        "{err:?}"
    );
    assert!(
        f.store.person(p2).await.unwrap().unwrap().member.is_none(),
        "nothing half-written"
    );
    // Editing a person to another's citizen ID is refused too.
    let err = f
        .store
        .update_person(&a, p2, &draft("Trần Thị Bình", Some("001080012345")))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Conflict {
            field: "citizen_id"
        }
    ));
}

async fn placement_twice_is_refused(f: Fixture) {
    let (_, _, commune, cell) = reorganised(&f.store).await;
    let a = actor();
    let p = f
        .store
        .create_person(&a, &draft("Lò Văn Minh", None))
        .await
        .unwrap();
    f.store.set_member(&a, &member(p, None)).await.unwrap();
    let placement = Placement {
        person: p,
        org: cell,
        kind: PlacementKind::Home,
        period: Period::starting(date!(2020 - 01 - 01)),
        note: None,
    };
    f.store.add_placement(&a, &placement).await.unwrap();
    let err = f.store.add_placement(&a, &placement).await.unwrap_err();
    assert!(matches!(
        err,
        StoreError::Domain(DomainError::MembershipOverlap(_))
    ));
    // Members are placed in cells, not committees.
    let err = f
        .store
        .add_placement(
            &a,
            &Placement {
                org: commune,
                ..placement.clone()
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Domain(_)));
    assert_eq!(
        f.store.cell_records(cell).await.unwrap().placements.len(),
        1
    );
}

/// MTG-ATT-12, MEM-TR-03: a member attached to another cell is temporarily away at home over
/// that period with no status record (the home cell's records carry the placement
/// elsewhere); attaching a member to their own home cell, or with no end, is refused and
/// stores nothing.
async fn mtg_att_12_attached_elsewhere_is_away_at_home(f: Fixture) {
    let (_, _, commune, cell) = reorganised(&f.store).await;
    let a = actor();
    let host = f
        .store
        .create_org(
            &a,
            OrgKind::Cell,
            name("Chi bộ bản Khá"),
            Some(CellType::Village),
            Some(commune),
            date!(2015 - 01 - 01),
        )
        .await
        .unwrap();
    let p = f
        .store
        .create_person(&a, &draft("Lò Văn Đi", None))
        .await
        .unwrap();
    f.store.set_member(&a, &member(p, None)).await.unwrap();
    let home = Placement {
        person: p,
        org: cell,
        kind: PlacementKind::Home,
        period: Period::starting(date!(2020 - 01 - 01)),
        note: None,
    };
    f.store.add_placement(&a, &home).await.unwrap();
    let stay = Period::new(date!(2024 - 03 - 01), Some(date!(2024 - 08 - 31))).unwrap();
    let attached = |org, period| Placement {
        person: p,
        org,
        kind: PlacementKind::Attached,
        period,
        note: None,
    };
    let count = audit_count(&f.store).await;
    let err = f
        .store
        .add_placement(&a, &attached(cell, stay))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Domain(DomainError::AttachedAtHomeCell(_))),
        "{err:?}"
    );
    let err = f
        .store
        .add_placement(&a, &attached(host, Period::starting(date!(2024 - 03 - 01))))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Domain(_)), "{err:?}");
    assert_eq!(audit_count(&f.store).await, count);
    f.store
        .add_placement(&a, &attached(host, stay))
        .await
        .unwrap();
    let records = f.store.cell_records(cell).await.unwrap();
    let roster = |d| {
        CellRoster::on(
            cell,
            d,
            &records.members(),
            &records.placements,
            &records.statuses,
        )
    };
    assert_eq!(roster(date!(2024 - 02 - 29)).breakdown().away, 0);
    let during = roster(date!(2024 - 03 - 01));
    assert_eq!(during.breakdown().away, 1);
    assert!(!during.entries[0].may_vote());
    assert_eq!(roster(date!(2024 - 09 - 01)).breakdown().away, 0);
    let host_records = f.store.cell_records(host).await.unwrap();
    let at_host = CellRoster::on(
        host,
        date!(2024 - 03 - 01),
        &host_records.members(),
        &host_records.placements,
        &host_records.statuses,
    );
    assert_eq!(at_host.breakdown().attached_here, 1);
    assert_eq!(at_host.breakdown().total, 0);
}

/// ADM-PRB-02 and the dates of a record: every write path of the people repository validates
/// through the domain, so a caller that checks nothing (the CLI, the demo loader, a new use
/// case) cannot store an impossible record. "Today" is the actor's date in Vietnam
/// (15/11/2023 05:13 there, 14/11 22:13 UTC).
/// Refused writes store nothing and audit nothing.
async fn adm_prb_02_every_people_write_validates_through_the_domain(f: Fixture) {
    let a = actor();
    assert_eq!(a.today(), date!(2023 - 11 - 15));
    let count = audit_count(&f.store).await;
    let mut unborn = draft("Lò Văn Sau", None);
    unborn.birth_date = Some(date!(2023 - 11 - 16));
    let err = f.store.create_person(&a, &unborn).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Domain(DomainError::DatesOutOfOrder(_))),
        "{err:?}"
    );
    assert_eq!(audit_count(&f.store).await, count);

    let p = f
        .store
        .create_person(&a, &draft("Lò Văn Kiểm", None))
        .await
        .unwrap();
    let count = audit_count(&f.store).await;
    let refused = [
        (
            Member {
                admission_date: date!(1979 - 01 - 01),
                ceremony_date: None,
                official_date: None,
                recognition_date: None,
                recognition_ref: None,
                ..member(p, None)
            },
            "admission before birth",
        ),
        (
            Member {
                recognition_date: Some(date!(2023 - 11 - 16)),
                ..member(p, None)
            },
            "decision in the future",
        ),
        (
            Member {
                recognition_date: None,
                recognition_ref: None,
                ..member(p, None)
            },
            "official date without a recognition decision",
        ),
    ];
    for (m, why) in refused {
        let err = f.store.set_member(&a, &m).await.unwrap_err();
        assert!(matches!(err, StoreError::Domain(_)), "{why}: {err:?}");
    }
    assert_eq!(audit_count(&f.store).await, count);
    assert_eq!(f.store.person(p).await.unwrap().unwrap().member, None);

    f.store.set_member(&a, &member(p, None)).await.unwrap();
    let err = f
        .store
        .add_status(
            &a,
            &StatusPeriod {
                person: p,
                kind: StatusKind::Exempted,
                period: Period::starting(date!(2010 - 03 - 02)),
                note: None,
            },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Domain(DomainError::StatusBeforeAdmission { .. })
        ),
        "{err:?}"
    );
    // A birth date that would make the admission (2010) at age 10.
    let mut younger = draft("Lò Văn Kiểm", None);
    younger.birth_date = Some(date!(2000 - 01 - 01));
    let err = f.store.update_person(&a, p, &younger).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Domain(DomainError::AdmissionTooYoung { .. })
        ),
        "{err:?}"
    );
    // Corrected together (birth 1990, admission 2015) the profile is judged as a whole.
    younger.birth_date = Some(date!(1990 - 01 - 01));
    let corrected = Member {
        admission_date: date!(2015 - 03 - 03),
        ceremony_date: Some(date!(2015 - 03 - 20)),
        official_date: Some(date!(2016 - 03 - 20)),
        recognition_date: Some(date!(2016 - 04 - 15)),
        ..member(p, None)
    };
    let mut w = f.store.write(&a).await.unwrap();
    w.people()
        .update_profile(p, &younger, Some(&corrected), None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    let saved = f.store.person(p).await.unwrap().unwrap();
    assert_eq!(saved.member, Some(corrected));
    assert_eq!(saved.person.birth_date, Some(date!(1990 - 01 - 01)));
}

async fn overlapping_status_and_role_are_refused(f: Fixture) {
    let (_, _, _, cell) = reorganised(&f.store).await;
    let a = actor();
    let p = f
        .store
        .create_person(&a, &draft("Quàng Văn Sơn", None))
        .await
        .unwrap();
    let q = f
        .store
        .create_person(&a, &draft("Lường Thị Hoa", None))
        .await
        .unwrap();
    let status = StatusPeriod {
        person: p,
        kind: StatusKind::Exempted,
        period: Period::new(date!(2024 - 01 - 01), Some(date!(2024 - 12 - 31))).unwrap(),
        note: None,
    };
    f.store.add_status(&a, &status).await.unwrap();
    let overlapping = StatusPeriod {
        kind: StatusKind::Suspended,
        period: Period::starting(date!(2024 - 06 - 01)),
        ..status
    };
    assert!(matches!(
        f.store.add_status(&a, &overlapping).await.unwrap_err(),
        StoreError::Domain(DomainError::StatusOverlap(_))
    ));
    let role = |person| RoleAssignment {
        person,
        org: cell,
        role: PartyRole::Secretary,
        group: None,
        period: Period::starting(date!(2025 - 04 - 15)),
    };
    f.store.add_role(&a, &role(p)).await.unwrap();
    assert!(matches!(
        f.store.add_role(&a, &role(q)).await.unwrap_err(),
        StoreError::Domain(DomainError::RoleOverlap)
    ));
}

async fn every_mutation_is_audited_in_its_transaction(f: Fixture) {
    let (_, _, _, cell) = reorganised(&f.store).await;
    let n0 = audit_count(&f.store).await;
    assert_eq!(n0, 6, "4 creations + 2 changes");
    let a = actor();
    let p = f
        .store
        .create_person(&a, &draft("Cà Văn Thắng", None))
        .await
        .unwrap();
    f.store
        .update_person(
            &a,
            p,
            &PersonDraft {
                ethnicity: Some("Thái".into()),
                ..draft("Cà Văn Thắng", None)
            },
        )
        .await
        .unwrap();
    let events = f
        .store
        .audit_events(&AuditQuery {
            entity: Some(("person".into(), p.to_string())),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].action, "person.update");
    assert_eq!(
        events[0].before.as_ref().unwrap()["person"]["ethnicity"],
        "Kinh"
    );
    assert_eq!(
        events[0].after.as_ref().unwrap()["person"]["ethnicity"],
        "Thái"
    );
    assert_eq!(events[0].actor, "system:test");
    f.store
        .add_placement(
            &a,
            &Placement {
                person: p,
                org: cell,
                kind: PlacementKind::Home,
                period: Period::starting(date!(2020 - 01 - 01)),
                note: None,
            },
        )
        .await
        .unwrap();
    let by_org = f
        .store
        .audit_events(&AuditQuery {
            orgs: Some(vec![cell]),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(by_org.iter().any(|e| e.action == "placement.add"));
}

async fn users_sessions_and_throttle_log(f: Fixture) {
    let a = actor();
    let (province, ..) = reorganised(&f.store).await;
    let id = f
        .store
        .create_user(
            &a,
            &NewUser {
                login: "tochuc.tinh".into(),
                password_hash: "hash".into(),
                person: None,
                roles: vec![SystemRole::Staff { org: province }],
                display_name: Some("Lò Thị Hương".into()),
            },
        )
        .await
        .unwrap();
    let err = f
        .store
        .create_user(
            &a,
            &NewUser {
                login: "tochuc.tinh".into(),
                password_hash: "x".into(),
                person: None,
                roles: vec![],
                display_name: None,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { field: "login" }));
    let user = f.store.user_by_login("tochuc.tinh").await.unwrap().unwrap();
    assert_eq!(user.roles, vec![SystemRole::Staff { org: province }]);
    // Issue 7: staff are greeted by their display name (0005_user_display_name).
    assert_eq!(user.display_name.as_deref(), Some("Lò Thị Hương"));
    assert_eq!(user.shown_name(None), "Lò Thị Hương");
    assert_eq!(user.shown_name(Some("Tên người")), "Tên người");
    let now = 1_800_000_000;
    let session = SessionRecord {
        user: id,
        csrf_token: "csrf".into(),
        expires_at: now + 3600,
    };
    f.store
        .create_session("tokenhash", &session, now)
        .await
        .unwrap();
    let context = f
        .store
        .session_context("tokenhash", now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(context.user.display_name.as_deref(), Some("Lò Thị Hương"));
    assert_eq!(
        f.store.session("tokenhash", now).await.unwrap(),
        Some(session)
    );
    assert_eq!(
        f.store.session("tokenhash", now + 3600).await.unwrap(),
        None,
        "expired"
    );
    f.store.set_password_hash(&a, id, "newhash").await.unwrap();
    assert_eq!(
        f.store.session("tokenhash", now).await.unwrap(),
        None,
        "password change ends sessions"
    );
    f.store.record_login_failure("login:x", now).await.unwrap();
    f.store
        .record_login_failure("login:x", now + 10)
        .await
        .unwrap();
    assert_eq!(
        f.store
            .login_failures_since("login:x", now - 1)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        f.store.login_failures_since("login:x", now).await.unwrap(),
        1
    );
    // What the throttling policy reads: the count in the window and the latest failure.
    assert_eq!(
        f.store.login_failures("login:x", now - 1).await.unwrap(),
        LoginFailures {
            count: 2,
            last_at: Some(now + 10)
        }
    );
    assert_eq!(
        f.store.login_failures("login:y", now - 1).await.unwrap(),
        LoginFailures::default(),
        "no failures: nothing to wait for"
    );
    f.store.login_succeeds("login:x", now + 20).await.unwrap();
    assert_eq!(f.store.login_failures_since("login:x", 0).await.unwrap(), 0);

    // Housekeeping: expired sessions and stale failures go, live ones stay.
    for (hash, expires) in [("short", now + 10), ("long", now + 3600)] {
        let s = SessionRecord {
            user: id,
            csrf_token: "c".into(),
            expires_at: expires,
        };
        f.store.create_session(hash, &s, now).await.unwrap();
    }
    assert_eq!(f.store.purge_expired_sessions(now + 10).await.unwrap(), 1);
    assert_eq!(f.store.purge_expired_sessions(now + 10).await.unwrap(), 0);
    assert!(f.store.session("long", now + 10).await.unwrap().is_some());
    f.store.record_login_failure("login:z", now).await.unwrap();
    f.store
        .record_login_failure("login:z", now + 100)
        .await
        .unwrap();
    assert_eq!(f.store.purge_login_failures(now).await.unwrap(), 1);
    assert_eq!(
        f.store.login_failures_since("login:z", 0).await.unwrap(),
        1,
        "the failure inside the window stays"
    );
}

async fn cell_records_give_the_roster(f: Fixture) {
    let (_, _, _, cell) = reorganised(&f.store).await;
    let a = actor();
    for i in 0..4 {
        let p = f
            .store
            .create_person(&a, &draft(&format!("Đảng viên {i}"), None))
            .await
            .unwrap();
        let mut m = member(p, None);
        if i == 3 {
            // Probationary.
            m.official_date = None;
            m.recognition_date = None;
            m.recognition_ref = None;
        }
        f.store.set_member(&a, &m).await.unwrap();
        f.store
            .add_placement(
                &a,
                &Placement {
                    person: p,
                    org: cell,
                    kind: PlacementKind::Home,
                    period: Period::starting(date!(2020 - 01 - 01)),
                    note: None,
                },
            )
            .await
            .unwrap();
    }
    let records = f.store.cell_records(cell).await.unwrap();
    let roster = CellRoster::on(
        cell,
        date!(2025 - 01 - 01),
        &records.members(),
        &records.placements,
        &records.statuses,
    );
    let b = roster.breakdown();
    assert_eq!((b.total, b.official, b.probationary), (4, 3, 1));
    // ADM-REC-03/05: the official date and the recognition decision are stored apart; between
    // them (20/3/2011 – 14/4/2011) the members are still probationary.
    let m = records.members()[0].clone();
    assert_eq!(
        (
            m.official_date,
            m.recognition_date,
            m.recognition_ref.as_deref()
        ),
        (
            Some(date!(2011 - 03 - 20)),
            Some(date!(2011 - 04 - 15)),
            Some("12-QĐ/ĐU")
        )
    );
    assert_eq!(
        m.standing_on(date!(2011 - 04 - 14)),
        Some(chibo_domain::member::Standing::Probationary)
    );
    assert_eq!(
        m.standing_on(date!(2011 - 04 - 15)),
        Some(chibo_domain::member::Standing::Official)
    );
}

async fn backup_and_restore_round_trip(f: Fixture) {
    let (_, _, _, cell) = reorganised(&f.store).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.bin");
    if f.url.starts_with("postgres")
        && std::process::Command::new("pg_dump")
            .arg("--version")
            .output()
            .is_err()
    {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: PostgreSQL backup test (pg_dump not installed)"
        );
        return;
    }
    // Issue 7: a database that does not exist is refused, never created.
    let missing = if f.url.starts_with("sqlite") {
        let path = dir.path().join("typo.db");
        (format!("sqlite://{}", path.display()), Some(path))
    } else {
        let (base, _) = f.url.rsplit_once('/').unwrap();
        (format!("{base}/chibo_no_such_database"), None)
    };
    let err = Store::open_existing(&missing.0).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Backup(BackupProblem::DatabaseMissing(_))),
        "{err}"
    );
    if let Some(path) = missing.1 {
        assert!(!path.exists(), "backup created the mistyped database");
    }
    let source = Store::open_existing(&f.url).await.unwrap();
    source.backup_to(&f.url, &file).await.unwrap();
    let before = source.counts().await.unwrap();
    source.close().await;
    assert!(before.orgs > 0 && before.audit_events > 0, "{before:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "backups are readable by their owner only"
        );
    }
    let err = f.store.backup_to(&f.url, &file).await.unwrap_err();
    assert!(matches!(
        err,
        StoreError::Backup(BackupProblem::TargetExists(_))
    ));
    // Damage after the backup: a new person; restore must bring back the earlier state.
    f.store
        .create_person(&actor(), &draft("Người thêm sau", None))
        .await
        .unwrap();
    // While a server holds the database, restore refuses and changes nothing.
    let server_lock = chibo_store::ServerLock::server(&f.url).unwrap();
    let err = chibo_store::plan_restore(&f.url, &file).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Backup(BackupProblem::InUse(_))),
        "{err}"
    );
    drop(server_lock);
    f.store.close().await;
    let plan = chibo_store::plan_restore(&f.url, &file).await.unwrap();
    assert_eq!(plan.snapshot, before, "the file's counts");
    let current = plan.current.unwrap();
    assert_eq!(current.people, before.people + 1, "the database's counts");
    // A server cannot start while the restore holds the database.
    if f.url.starts_with("sqlite") {
        assert!(chibo_store::ServerLock::server(&f.url).is_err());
    }
    let done = plan.apply(1_800_000_000).await.unwrap();
    let kept = done.kept.expect("the replaced database is kept");
    assert!(
        kept.to_string_lossy().contains("before-restore-20270115-"),
        "{}",
        kept.display()
    );
    assert!(kept.is_file());
    let reopened = Store::open(&f.url).await.unwrap();
    let tree = reopened.org_tree().await.unwrap();
    assert!(tree.version_on(cell, date!(2026 - 01 - 01)).is_some());
    let audit = reopened
        .audit_events(&AuditQuery {
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        !audit.iter().any(|e| e.action == "person.create"),
        "restored to the snapshot"
    );
    reopened.close().await;
    // A file that is not a chibo backup, and a truncated one, are refused at once.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database").unwrap();
    let bytes = std::fs::read(&file).unwrap();
    let cut = dir.path().join("cut.db");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    for bad in [&junk, &cut] {
        let started = std::time::Instant::now();
        let err = chibo_store::plan_restore(&f.url, bad).await.unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Backup(BackupProblem::Corrupt { .. } | BackupProblem::Truncated { .. })
            ),
            "{err}"
        );
        assert!(started.elapsed().as_secs() < 5, "refused at once");
    }
}

async fn enrol_member_is_all_or_nothing(f: Fixture) {
    let (_, _, _, cell) = reorganised(&f.store).await;
    let a = actor();
    let placement = Placement {
        person: PersonId(0),
        org: cell,
        kind: PlacementKind::Home,
        period: Period::starting(date!(2020 - 01 - 01)),
        note: None,
    };
    let first = f
        .store
        .enrol_member(
            &a,
            &draft("Vì Văn Tâm", Some("011085001111")),
            &member(PersonId(0), Some("123456")),
            &placement,
        )
        .await
        .unwrap();
    assert!(f
        .store
        .person(first)
        .await
        .unwrap()
        .unwrap()
        .member
        .is_some());
    let audit = audit_count(&f.store).await;
    // The card number clashes after the person row was inserted: the whole enrolment rolls back.
    let err = f
        .store
        .enrol_member(
            &a,
            &draft("Vì Thị Lan", Some("011085002222")),
            &member(PersonId(0), Some("123456")),
            &placement,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                field: "card_number"
            }
        ),
        "{err:?}"
    );
    assert_eq!(audit_count(&f.store).await, audit);
    let records = f.store.cell_records(cell).await.unwrap();
    assert_eq!(records.people.len(), 1);
    // The citizen ID of the rolled-back person is free again.
    f.store
        .create_person(&a, &draft("Vì Thị Lan", Some("011085002222")))
        .await
        .unwrap();
}

/// CAL-02: a year's decreed days are replaced atomically and audited; a day both off and
/// working is refused with nothing stored.
async fn cal_02_adjustments_round_trip_and_a_bad_one_stores_nothing(f: Fixture) {
    use chibo_domain::calendar::{
        CalendarError, Holiday, HolidayKind, SwappedWorkingDay, YearAdjustments,
    };
    let a = actor();
    assert!(f.store.year_adjustments(2028).await.unwrap().is_none());
    let adj = YearAdjustments {
        year: 2028,
        replaces_computed: true,
        days_off: vec![
            Holiday {
                date: date!(2028 - 01 - 26),
                name_vi: "Tết Nguyên đán".into(),
                kind: HolidayKind::Statutory,
            },
            Holiday {
                date: date!(2028 - 01 - 25),
                name_vi: "Tết Nguyên đán (29 tháng Chạp)".into(),
                kind: HolidayKind::Statutory,
            },
            Holiday {
                date: date!(2028 - 01 - 31),
                name_vi: "Nghỉ bù Tết".into(),
                kind: HolidayKind::Compensatory,
            },
        ],
        working_days: vec![SwappedWorkingDay {
            date: date!(2028 - 02 - 12),
            name_vi: "Làm bù".into(),
        }],
    };
    let before = audit_count(&f.store).await;
    f.store.set_year_adjustments(&a, &adj).await.unwrap();
    assert_eq!(audit_count(&f.store).await, before + 1);
    let stored = f.store.year_adjustments(2028).await.unwrap().unwrap();
    let mut expected = adj.clone();
    expected.days_off.sort_by_key(|h| h.date);
    assert_eq!(stored, expected);
    assert_eq!(
        f.store.all_adjustments().await.unwrap(),
        vec![expected.clone()]
    );
    let events = f
        .store
        .audit_events(&AuditQuery {
            entity: Some(("holiday_year".into(), "2028".into())),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(events[0].action, "calendar.adjustments");
    assert_eq!(
        events[0].after.as_ref().unwrap()["days_off"][0]["date"],
        "2028-01-25"
    );

    // Replacing the year keeps only the new rows, and the audit has the old ones as before.
    let smaller = YearAdjustments {
        days_off: vec![expected.days_off[0].clone()],
        working_days: Vec::new(),
        ..expected.clone()
    };
    f.store.set_year_adjustments(&a, &smaller).await.unwrap();
    assert_eq!(
        f.store.year_adjustments(2028).await.unwrap().unwrap(),
        smaller
    );

    // A day both off and working: refused, the stored year unchanged, no audit event.
    let count = audit_count(&f.store).await;
    let bad = YearAdjustments {
        year: 2029,
        replaces_computed: true,
        days_off: vec![Holiday {
            date: date!(2029 - 02 - 17),
            name_vi: "Tết".into(),
            kind: HolidayKind::Statutory,
        }],
        working_days: vec![SwappedWorkingDay {
            date: date!(2029 - 02 - 17),
            name_vi: "Làm bù".into(),
        }],
    };
    let err = f.store.set_year_adjustments(&a, &bad).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Calendar(CalendarError::DayOffAndWorkingDay { .. })
        ),
        "{err:?}"
    );
    assert!(f.store.year_adjustments(2029).await.unwrap().is_none());
    assert_eq!(audit_count(&f.store).await, count);
}

/// VER-01: a future version is added and composed from its date on; two versions of one
/// area on the same date, or one not in the future, are refused with nothing stored.
async fn ver_01_rule_versions_add_duplicate_date_and_past_date(f: Fixture) {
    use chibo_domain::ruleset::{Area, Catalogue, RuleSetError};
    let a = actor();
    let today = date!(2026 - 03 - 01);
    let mut v = Catalogue::builtin()
        .version_on(Area::Dues, today)
        .unwrap()
        .clone();
    v.code = "QĐ 99/2026".into();
    v.summary_vi = "Thử nghiệm".into();
    v.effective_from = date!(2026 - 07 - 01);
    let before = audit_count(&f.store).await;
    f.store.add_rule_version(&a, &v, today).await.unwrap();
    assert_eq!(audit_count(&f.store).await, before + 1);
    assert_eq!(
        f.store.stored_rule_versions().await.unwrap(),
        vec![v.clone()]
    );
    let catalogue = f.store.rule_catalogue().await.unwrap();
    let on = catalogue.rules_on(date!(2026 - 07 - 01)).unwrap();
    assert_eq!(on.version(Area::Dues).code, "QĐ 99/2026");
    let earlier = catalogue.rules_on(date!(2026 - 06 - 30)).unwrap();
    assert_eq!(earlier.version(Area::Dues).code, "QĐ 01/2026");

    // Same area, same date (another code): refused.
    let mut same_day = v.clone();
    same_day.code = "QĐ 100/2026".into();
    let err = f
        .store
        .add_rule_version(&a, &same_day, today)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::RuleSet(RuleSetError::DuplicateEffectiveDate { .. })
        ),
        "{err:?}"
    );
    // Not after today: refused.
    let mut past = v.clone();
    past.code = "QĐ 101/2026".into();
    past.effective_from = today;
    let err = f
        .store
        .add_rule_version(&a, &past, today)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::RuleSet(RuleSetError::NotInFuture { .. })),
        "{err:?}"
    );
    assert_eq!(f.store.stored_rule_versions().await.unwrap().len(), 1);
    assert_eq!(audit_count(&f.store).await, before + 1);
}

/// MTG-QA-02/03/04, MTG-DUR-01, MTG-DAY-01: a committee's overrides round-trip, are
/// inherited down the tree on a date, are audited, and bad ones store nothing.
async fn mtg_qa_02_04_dur_01_day_01_local_overrides_round_trip_and_inherit(f: Fixture) {
    use chibo_domain::ruleset::local::{LocalOverrides, LocalSettingsError, MeetingDay};
    use chibo_domain::ruleset::GradeThresholds;
    let (province, district, commune, cell) = reorganised(&f.store).await;
    let a = actor();
    let province_settings = LocalOverrides {
        min_meeting_minutes: Some(90),
        grade_thresholds: Some(GradeThresholds {
            good: 85,
            fair: 70,
            average: 50,
        }),
        ..Default::default()
    };
    let district_settings = LocalOverrides {
        min_meeting_minutes: Some(75),
        ..Default::default()
    };
    let commune_settings = LocalOverrides {
        meeting_day: Some(MeetingDay {
            day_of_month: 3,
            within_first_week_if_holiday: true,
            schedule_published_by: Some(20),
        }),
        ..Default::default()
    };
    let before = audit_count(&f.store).await;
    f.store
        .set_local_overrides(&a, province, &province_settings, START, START)
        .await
        .unwrap();
    f.store
        .set_local_overrides(&a, district, &district_settings, START, START)
        .await
        .unwrap();
    f.store
        .set_local_overrides(&a, commune, &commune_settings, START, START)
        .await
        .unwrap();
    assert_eq!(audit_count(&f.store).await, before + 3);
    assert_eq!(
        f.store
            .local_overrides(province, date!(2024 - 11 - 22))
            .await
            .unwrap(),
        Some(province_settings.clone())
    );
    assert_eq!(
        f.store
            .local_overrides(cell, date!(2024 - 11 - 22))
            .await
            .unwrap(),
        None
    );
    // 2024: cell → commune → district → province; the district's 75 minutes win.
    let s = f
        .store
        .local_settings(cell, date!(2024 - 11 - 22))
        .await
        .unwrap();
    assert_eq!(s.min_meeting_minutes, Some(75));
    assert_eq!(s.grade_thresholds.good, 85);
    assert_eq!(s.meeting_day.map(|d| d.day_of_month), Some(3));
    // From 1/7/2025 the district is gone: the province's 90 minutes apply.
    let s = f
        .store
        .local_settings(cell, date!(2025 - 07 - 01))
        .await
        .unwrap();
    assert_eq!(s.min_meeting_minutes, Some(90));

    // Invalid: refused, nothing changed, no audit event.
    let count = audit_count(&f.store).await;
    let bad = LocalOverrides {
        min_meeting_minutes: Some(0),
        ..Default::default()
    };
    let err = f
        .store
        .set_local_overrides(&a, province, &bad, START, START)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::LocalSettings(LocalSettingsError::ZeroDuration)
        ),
        "{err:?}"
    );
    assert_eq!(
        f.store
            .local_overrides(province, date!(2024 - 11 - 22))
            .await
            .unwrap(),
        Some(province_settings)
    );
    assert_eq!(audit_count(&f.store).await, count);
}

/// The date from which the settings of the local-settings tests apply.
const START: Date = date!(2024 - 01 - 01);

/// VER-01: local settings are dated like rule versions. A committee that changes its
/// settings on 1/12/2025 from 1/1/2026 leaves every earlier meeting judged by the settings of
/// its own date; a change dated before today is refused and stores nothing; a second change
/// on the same effective date replaces that day's row.
async fn ver_01_local_settings_are_dated_and_do_not_rejudge_the_past(f: Fixture) {
    use chibo_domain::ruleset::local::{LocalOverrides, LocalSettingsError};
    let (province, _, _, cell) = reorganised(&f.store).await;
    let a = actor();
    let minutes = |m| LocalOverrides {
        min_meeting_minutes: Some(m),
        ..Default::default()
    };
    f.store
        .set_local_overrides(&a, province, &minutes(90), START, START)
        .await
        .unwrap();
    let today = date!(2025 - 12 - 01);
    let from = date!(2026 - 01 - 01);
    f.store
        .set_local_overrides(&a, province, &minutes(60), from, today)
        .await
        .unwrap();
    let on = |d| {
        let store = f.store.clone();
        async move {
            store
                .local_settings(cell, d)
                .await
                .unwrap()
                .min_meeting_minutes
        }
    };
    assert_eq!(on(date!(2023 - 12 - 31)).await, None);
    assert_eq!(on(START).await, Some(90));
    assert_eq!(on(date!(2025 - 12 - 31)).await, Some(90));
    assert_eq!(on(from).await, Some(60));
    assert_eq!(
        f.store
            .local_overrides(province, date!(2025 - 11 - 03))
            .await
            .unwrap(),
        Some(minutes(90))
    );
    // Before today: refused, nothing stored, no audit event.
    let count = audit_count(&f.store).await;
    let err = f
        .store
        .set_local_overrides(&a, province, &minutes(30), date!(2025 - 11 - 30), today)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::LocalSettings(LocalSettingsError::EffectiveInPast { .. })
        ),
        "{err:?}"
    );
    assert_eq!(on(date!(2025 - 11 - 30)).await, Some(90));
    assert_eq!(audit_count(&f.store).await, count);
    // The same effective date again replaces that row only.
    f.store
        .set_local_overrides(&a, province, &minutes(75), from, today)
        .await
        .unwrap();
    assert_eq!(on(from).await, Some(75));
    assert_eq!(on(date!(2025 - 12 - 31)).await, Some(90));
}

/// DOC-05 / ORG-05: congresses close terms (twice in five years), and document numbers will
/// restart with each term; the store keeps them in order, once each.
async fn doc_05_and_org_05_congresses_mark_terms(f: Fixture) {
    let (_, _, _, cell) = reorganised(&f.store).await;
    let a = actor();
    f.store
        .add_congress(&a, cell, date!(2025 - 04 - 15))
        .await
        .unwrap();
    f.store
        .add_congress(&a, cell, date!(2022 - 04 - 15))
        .await
        .unwrap();
    assert!(
        f.store
            .add_congress(&a, cell, date!(2022 - 04 - 15))
            .await
            .is_err(),
        "one congress per day"
    );
    let terms: Vec<_> = f
        .store
        .congresses(cell)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.closed_on)
        .collect();
    assert_eq!(terms, vec![date!(2022 - 04 - 15), date!(2025 - 04 - 15)]);
}

/// The platform issue's race: N tasks try to store overlapping dated facts for one person
/// at once. The domain check alone would let several through on PostgreSQL (READ
/// COMMITTED); the exclusion constraints (SQLite: BEGIN IMMEDIATE plus triggers) let exactly
/// one win, and the losers get the domain's error.
async fn concurrent_overlapping_roles_and_placements_exactly_one_wins(f: Fixture) {
    let (_, _, _, cell) = reorganised(&f.store).await;
    let a = actor();
    let p = f
        .store
        .enrol_member(
            &a,
            &draft("Lò Thị Xuân", None),
            &member(PersonId(0), None),
            &Placement {
                person: PersonId(0),
                org: cell,
                kind: PlacementKind::Home,
                period: Period::starting(date!(2016 - 01 - 01)),
                note: None,
            },
        )
        .await
        .unwrap();
    const N: usize = 8;
    let mut tasks = Vec::new();
    for i in 0..N {
        let store = f.store.clone();
        tasks.push(tokio::spawn(async move {
            let day = date!(2024 - 01 - 01) + time::Duration::days(i as i64);
            store
                .add_role(
                    &actor(),
                    &RoleAssignment {
                        person: p,
                        org: cell,
                        role: PartyRole::Secretary,
                        group: None,
                        period: Period::starting(day),
                    },
                )
                .await
        }));
    }
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => won += 1,
            Err(StoreError::Domain(DomainError::RoleOverlap)) => {}
            Err(e) => panic!("unexpected error: {e:?}"),
        }
    }
    assert_eq!(won, 1, "exactly one overlapping role is stored");
    let records = f.store.cell_records(cell).await.unwrap();
    assert_eq!(records.roles.len(), 1);

    // The same for attached placements of one person in two cells at once.
    let other = f
        .store
        .create_org(
            &a,
            OrgKind::Cell,
            name("Chi bộ bản Mới"),
            Some(CellType::Village),
            Some(reorganised_commune(&f.store, cell).await),
            date!(2015 - 01 - 01),
        )
        .await
        .unwrap();
    let other2 = f
        .store
        .create_org(
            &a,
            OrgKind::Cell,
            name("Chi bộ bản Cũ"),
            Some(CellType::Village),
            Some(reorganised_commune(&f.store, cell).await),
            date!(2015 - 01 - 01),
        )
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..N {
        let store = f.store.clone();
        // Two host cells other than the home cell (MTG-ATT-12).
        let org = if i % 2 == 0 { other2 } else { other };
        tasks.push(tokio::spawn(async move {
            store
                .add_placement(
                    &actor(),
                    &Placement {
                        person: p,
                        org,
                        kind: PlacementKind::Attached,
                        period: Period::new(
                            date!(2024 - 03 - 01) + time::Duration::days(i as i64),
                            Some(date!(2024 - 06 - 30)),
                        )
                        .unwrap(),
                        note: None,
                    },
                )
                .await
        }));
    }
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => won += 1,
            Err(StoreError::Domain(DomainError::MembershipOverlap(_))) => {}
            Err(e) => panic!("unexpected error: {e:?}"),
        }
    }
    assert_eq!(
        won, 1,
        "exactly one overlapping attached placement is stored"
    );
}

async fn reorganised_commune(store: &Store, cell: OrgId) -> OrgId {
    store
        .superior_on(cell, date!(2016 - 01 - 01))
        .await
        .unwrap()
        .unwrap()
}

/// Two editors read version 1; the first save wins, the second is refused with the record
/// as it is now, and nothing of the second is stored.
async fn stale_version_is_refused_with_the_current_record(f: Fixture) {
    let a = actor();
    let p = f
        .store
        .create_person(&a, &draft("Quàng Văn Hùng", None))
        .await
        .unwrap();
    let read = f.store.person(p).await.unwrap().unwrap();
    assert_eq!(read.version, 1);
    let mut w = f.store.write(&a).await.unwrap();
    w.people()
        .update(p, &draft("Quàng Văn Hưng", None), Some(read.version))
        .await
        .unwrap();
    w.commit().await.unwrap();
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .people()
        .update(p, &draft("Quàng Văn Hải", None), Some(read.version))
        .await
        .unwrap_err();
    drop(w);
    match err {
        StoreError::Stale {
            entity,
            expected,
            actual,
            current,
        } => {
            assert_eq!((entity, expected, actual), ("person", 1, 2));
            assert_eq!(current["person"]["full_name"], "Quàng Văn Hưng");
        }
        other => panic!("expected Stale, got {other:?}"),
    }
    let now = f.store.person(p).await.unwrap().unwrap();
    assert_eq!(now.person.full_name.as_str(), "Quàng Văn Hưng");
    assert_eq!(now.version, 2);
    // Organisations carry a version too.
    let (province, ..) = reorganised(&f.store).await;
    let v = f.store.org_version_number(province).await.unwrap().unwrap();
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .orgs()
        .change(
            province,
            date!(2026 - 01 - 01),
            OrgChange {
                name: Some(name("Đảng bộ tỉnh")),
                ..Default::default()
            },
            Some(v + 1),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Stale { entity: "org", .. }));
}

async fn unit_of_work_needs_an_audit_event_and_is_all_or_nothing(f: Fixture) {
    let a = actor();
    // Nothing recorded: the unit refuses to commit.
    let w = f.store.write(&a).await.unwrap();
    assert!(matches!(w.commit().await, Err(StoreError::NotAudited)));
    // A unit that fails half-way and is dropped leaves neither rows nor audit events.
    let before = audit_count(&f.store).await;
    let first = f
        .store
        .create_person(&a, &draft("Người có thẻ", None))
        .await
        .unwrap();
    f.store
        .set_member(&a, &member(first, Some("12345678")))
        .await
        .unwrap();
    let mut w = f.store.write(&a).await.unwrap();
    let second = w
        .people()
        .create(&draft("Người thứ hai", None))
        .await
        .unwrap();
    let err = w
        .people()
        .set_member(&member(second, Some("12345678")), None)
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Conflict {
            field: "card_number"
        }
    ));
    drop(w);
    assert!(f.store.person(second).await.unwrap().is_none());
    assert_eq!(audit_count(&f.store).await, before + 2);
    // Authentication events are audited too.
    f.store
        .record_login_failure("login:ai", 1_800_000_000)
        .await
        .unwrap();
    let events = f
        .store
        .audit_events(&AuditQuery {
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(events[0].action, "auth.login_failed");
}

/// ORG-01 through the ancestor table: subtree, superior and "is under" on dates before and
/// after the 2025 reorganisation agree with the in-memory tree, in one query each.
async fn org_01_ancestor_table_answers_like_the_tree(f: Fixture) {
    let (province, district, commune, cell) = reorganised(&f.store).await;
    let tree = f.store.org_tree().await.unwrap();
    for day in [
        date!(2020 - 01 - 01),
        date!(2025 - 06 - 30),
        date!(2025 - 07 - 01),
    ] {
        for root in [province, district, commune, cell] {
            let mut got = f.store.subtree_on(root, day).await.unwrap();
            let mut want = tree.subtree_on(root, day);
            got.sort();
            want.sort();
            assert_eq!(got, want, "subtree of {root:?} on {day}");
        }
        for org in [district, commune, cell] {
            assert_eq!(
                f.store.superior_on(org, day).await.unwrap(),
                tree.superior_on(org, day),
                "superior of {org:?} on {day}"
            );
        }
    }
    assert!(f
        .store
        .is_under(cell, district, date!(2025 - 06 - 30))
        .await
        .unwrap());
    assert!(!f
        .store
        .is_under(cell, district, date!(2025 - 07 - 01))
        .await
        .unwrap());
    assert!(f
        .store
        .is_under(cell, province, date!(2025 - 07 - 01))
        .await
        .unwrap());
    let before = f.store.query_count();
    f.store
        .subtree_on(province, date!(2026 - 01 - 01))
        .await
        .unwrap();
    assert_eq!(f.store.query_count() - before, 1, "one query");
}

/// Migrations are append-only: a database that an older release left at `0001_core`, with
/// data in it, upgrades to the current schema; the ancestor table is built from the stored
/// versions and the data is kept.
async fn upgrade_from_the_previous_migration_keeps_data_and_builds_the_ancestor_table(f: Fixture) {
    // A fresh database for this test (the fixture's is already fully migrated).
    let url = match &f._dir {
        Some(dir) => format!("sqlite://{}/old.db", dir.path().display()),
        None => {
            let base = f.url.rsplit_once('/').unwrap().0;
            format!("{base}/chibo_upgrade_{}", std::process::id())
        }
    };
    if f._dir.is_none() {
        // PostgreSQL: a second database next to the fixture's.
        let admin = std::env::var("CHIBO_TEST_DATABASE_URL").unwrap();
        use sqlx::Connection;
        let mut c = sqlx::PgConnection::connect(&admin).await.unwrap();
        let db = url.rsplit('/').next().unwrap().to_string();
        sqlx::query(&format!("DROP DATABASE IF EXISTS {db}"))
            .execute(&mut c)
            .await
            .unwrap();
        sqlx::query(&format!("CREATE DATABASE {db}"))
            .execute(&mut c)
            .await
            .unwrap();
    }
    let old = Store::connect(&url).await.unwrap();
    assert_eq!(
        old.migrate_until("0001_core").await.unwrap(),
        vec!["0001_core"]
    );
    old.execute_raw_for_tests(
        "INSERT INTO org (id) VALUES (1), (2), (3);
         INSERT INTO org_version (org_id, kind, name, cell_type, parent_id, valid_from, valid_until) VALUES
           (1, 'province', 'Tỉnh', NULL, NULL, '2015-01-01', NULL),
           (2, 'base_committee', 'Đảng ủy', NULL, 1, '2015-01-01', NULL),
           (3, 'cell', 'Chi bộ', 'village', 2, '2015-01-01', NULL);
         INSERT INTO person (id, full_name) VALUES (1, 'Lò Văn Cũ');
         INSERT INTO member (person_id, admission_date, ceremony_date, official_date)
           VALUES (1, '2010-03-03', '2010-03-20', '2011-03-20');
         INSERT INTO local_setting (org_id, overrides_json, updated_at)
           VALUES (1, '{\"min_meeting_minutes\": 80}', CURRENT_TIMESTAMP);",
    )
    .await
    .unwrap();
    assert_eq!(
        old.migrate().await.unwrap(),
        vec![
            "0002_concurrency",
            "0003_dated_local_settings",
            "0004_recognition_decision",
            "0005_user_display_name",
            "0006_meetings",
            "0007_meeting_details",
            "0008_minutes",
            "0009_task_reviews",
            "0010_calendar_feed",
            "0011_ceremony",
            "0012_notices",
            "0013_documents",
            "0014_plans",
            "0015_plan_documents",
            "0017_admissions",
            "0018_training",
            "0019_plan_items",
            "0021_lifecycle",
            "0022_training_practice",
            "0023_training_situations",
        ]
    );
    // VER-01: a setting stored before the settings were dated takes effect from 1/1/2007.
    let own = old
        .local_overrides(OrgId(1), date!(2007 - 01 - 01))
        .await
        .unwrap();
    assert_eq!(own.and_then(|o| o.min_meeting_minutes), Some(80));
    let inherited = old
        .local_settings(OrgId(3), date!(2016 - 01 - 01))
        .await
        .unwrap();
    assert_eq!(inherited.min_meeting_minutes, Some(80));
    assert_eq!(
        old.subtree_on(OrgId(1), date!(2026 - 01 - 01))
            .await
            .unwrap()
            .len(),
        3
    );
    let p = old.person(PersonId(1)).await.unwrap().unwrap();
    assert_eq!((p.person.full_name.as_str(), p.version), ("Lò Văn Cũ", 1));
    // ADM-REC-03: a record from before the recognition decision was stored apart keeps its
    // one date as both the official date and the decision's.
    let m = p.member.unwrap();
    assert_eq!(m.recognition_date, Some(date!(2011 - 03 - 20)));
    assert_eq!(m.official_date, Some(date!(2011 - 03 - 20)));
    assert!(old.migrate().await.unwrap().is_empty());
    old.close().await;
}

/// Another server on the same PostgreSQL database, or the CLI on the same SQLite file,
/// changes a password (ending its sessions) and the tree: this server's cached session
/// context and tree are dropped, so the revoked session is refused and the new organisation
/// shows. PostgreSQL delivers the notification asynchronously: wait up to 3 s.
async fn caches_hear_of_writes_through_another_handle(f: Fixture) {
    let a = actor();
    let user = f
        .store
        .create_user(
            &a,
            &NewUser {
                login: "may.chu.khac".into(),
                password_hash: "hash".into(),
                person: None,
                roles: vec![],
                display_name: None,
            },
        )
        .await
        .unwrap();
    let now = 1_800_000_000;
    let session = SessionRecord {
        user,
        csrf_token: "csrf".into(),
        expires_at: now + 3600,
    };
    f.store
        .create_session("token", &session, now)
        .await
        .unwrap();
    assert!(f
        .store
        .session_context("token", now)
        .await
        .unwrap()
        .is_some());
    assert!(f.store.org_tree().await.unwrap().is_empty());
    // Served from the cache: at once on SQLite; on PostgreSQL once this server's listener
    // listens (until then nothing is served from the caches).
    let mut cached = false;
    for _ in 0..60 {
        let before = f.store.query_count();
        assert!(f
            .store
            .session_context("token", now)
            .await
            .unwrap()
            .is_some());
        if f.store.query_count() == before {
            cached = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(cached, "the context is cached");

    let other = Store::connect(&f.url).await.unwrap();
    other.set_password_hash(&a, user, "new").await.unwrap();
    other
        .create_org(
            &a,
            OrgKind::Province,
            name("Đảng bộ tỉnh Lai Châu"),
            None,
            None,
            date!(2020 - 01 - 01),
        )
        .await
        .unwrap();
    // Each commit notifies on its own; wait for both to arrive.
    let (mut revoked, mut shows) = (false, false);
    for _ in 0..60 {
        revoked = revoked
            || f.store
                .session_context("token", now)
                .await
                .unwrap()
                .is_none();
        shows = shows || !f.store.org_tree().await.unwrap().is_empty();
        if revoked && shows {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(revoked, "the session ended elsewhere is still served");
    assert!(shows, "the new organisation does not show");
    other.close().await;
}

/// A write racing a tree move: while a commune moves under another committee, cells are
/// created under it and members placed in its cells. Whatever order the transactions take,
/// the ancestor table must answer exactly like the versions (no stale chain for a cell
/// created under the commune while it moved).
async fn org_01_writes_racing_a_tree_move_keep_the_ancestor_table_exact(f: Fixture) {
    let (province, district, commune, cell) = reorganised(&f.store).await;
    let a = actor();
    let other = f
        .store
        .create_org(
            &a,
            OrgKind::District,
            name("Huyện ủy Mường Chà"),
            None,
            Some(province),
            date!(2015 - 01 - 01),
        )
        .await
        .unwrap();
    let _ = district;
    let day = date!(2026 - 01 - 01);
    let mover = {
        let store = f.store.clone();
        tokio::spawn(async move {
            store
                .change_org(
                    &actor(),
                    commune,
                    day,
                    OrgChange {
                        parent: Some(Some(other)),
                        ..Default::default()
                    },
                )
                .await
        })
    };
    let mut creators = Vec::new();
    for i in 0..6 {
        let store = f.store.clone();
        creators.push(tokio::spawn(async move {
            store
                .create_org(
                    &actor(),
                    OrgKind::Cell,
                    name(&format!("Chi bộ bản mới {i}")),
                    Some(CellType::Village),
                    Some(commune),
                    date!(2025 - 08 - 01) + time::Duration::days(i * 60),
                )
                .await
        }));
    }
    let placer = {
        let store = f.store.clone();
        tokio::spawn(async move {
            store
                .enrol_member(
                    &actor(),
                    &draft("Lò Văn Chạy", None),
                    &member(PersonId(0), None),
                    &Placement {
                        person: PersonId(0),
                        org: cell,
                        kind: PlacementKind::Home,
                        period: Period::starting(date!(2019 - 01 - 01)),
                        note: None,
                    },
                )
                .await
        })
    };
    mover.await.unwrap().unwrap();
    for c in creators {
        c.await.unwrap().unwrap();
    }
    placer.await.unwrap().unwrap();
    let tree = f.store.org_tree().await.unwrap();
    for d in [
        date!(2019 - 06 - 01),
        date!(2020 - 05 - 31),
        date!(2020 - 06 - 01),
        date!(2025 - 07 - 01),
    ] {
        for root in [province, other, commune] {
            let mut got = f.store.subtree_on(root, d).await.unwrap();
            let mut want = tree.subtree_on(root, d);
            got.sort();
            want.sort();
            assert_eq!(got, want, "subtree of {root:?} on {d}");
        }
    }
    assert!(f
        .store
        .is_under(cell, other, date!(2026 - 01 - 01))
        .await
        .unwrap());
    assert!(!f
        .store
        .is_under(cell, other, date!(2025 - 12 - 31))
        .await
        .unwrap());
    assert_eq!(
        f.store.cell_records(cell).await.unwrap().placements.len(),
        1
    );
}

/// Meetings I: a meeting gets the agenda of its date's rule set; the roll call, a
/// contribution, a task and votes are stored with their audit events; the vote's denominator
/// comes from the roster and the roll call (MTG-ATT-03): an accepted absence leaves it, an
/// unexcused one does not, the probationary member is not summoned; more votes than members
/// present who may vote are refused and store nothing (MTG-ATT-01); a stale version is refused.
async fn mtg_att_03_meeting_roll_call_and_votes_with_a_derived_denominator(f: Fixture) {
    use chibo_domain::meeting::roll_call::Presence;
    use chibo_domain::meeting::vote::{Tally, VoteMethod, VoteSubject};
    use chibo_domain::meeting::work::{Contribution, Speaker};
    use chibo_domain::meeting::{MeetingError, MeetingStatus, Transition};
    use chibo_domain::ruleset::MeetingKind;
    use chibo_store::{MeetingDraft, VoteDraft};

    let (_, _, _, cell) = reorganised(&f.store).await;
    let a = actor();
    let mut people = Vec::new();
    for i in 0..5 {
        let p = f
            .store
            .create_person(&a, &draft(&format!("Đảng viên {i}"), None))
            .await
            .unwrap();
        let mut m = member(p, None);
        if i == 4 {
            m.official_date = None;
            m.recognition_date = None;
            m.recognition_ref = None;
        }
        f.store.set_member(&a, &m).await.unwrap();
        f.store
            .add_placement(
                &a,
                &Placement {
                    person: p,
                    org: cell,
                    kind: PlacementKind::Home,
                    period: Period::starting(date!(2020 - 01 - 01)),
                    note: None,
                },
            )
            .await
            .unwrap();
        people.push(p);
    }
    let audits = audit_count(&f.store).await;
    let mut w = f.store.write(&a).await.unwrap();
    let id = w
        .meetings()
        .create(&MeetingDraft {
            org: cell,
            kind: MeetingKind::Regular,
            date: date!(2025 - 11 - 03),
            planned_start: Some(time::macros::time!(19:30)),
            place: " Nhà văn hoá ".into(),
        })
        .await
        .unwrap();
    w.commit().await.unwrap();
    let m = f.store.meeting(id).await.unwrap().unwrap();
    assert_eq!(
        (
            m.status,
            m.version,
            m.place.as_str(),
            m.planned_start.as_deref()
        ),
        (MeetingStatus::Planned, 1, "Nhà văn hoá", Some("19:30"))
    );
    assert!(!m.agenda.steps().is_empty());
    let step = m.agenda.steps()[0].code.clone();

    let mut w = f.store.write(&a).await.unwrap();
    let mut ms = w.meetings();
    ms.transition(id, &Transition::Start, None, Some(1))
        .await
        .unwrap();
    ms.set_attendance(id, people[0], Presence::present(), None)
        .await
        .unwrap();
    ms.set_attendance(id, people[1], Presence::present(), None)
        .await
        .unwrap();
    ms.set_attendance(
        id,
        people[2],
        Presence::Absent {
            reason: Some("Ốm".into()),
            accepted: true,
        },
        None,
    )
    .await
    .unwrap();
    ms.set_attendance(
        id,
        people[3],
        Presence::Absent {
            reason: None,
            accepted: false,
        },
        None,
    )
    .await
    .unwrap();
    ms.set_attendance(id, people[4], Presence::present(), None)
        .await
        .unwrap();
    ms.add_contribution(
        id,
        &Contribution::new(&step, Speaker::Person { person: people[0] }, "Đồng ý").unwrap(),
    )
    .await
    .unwrap();
    ms.add_task(
        id,
        &step,
        "Thu đảng phí",
        vec![people[1]],
        date!(2025 - 11 - 30),
    )
    .await
    .unwrap();
    let (vote, version) = ms
        .record_vote(
            id,
            &VoteDraft {
                subject: "Nghị quyết tháng 11".into(),
                kind: VoteSubject::Resolution,
                method: None,
                tally: Tally {
                    votes_for: 2,
                    against: 0,
                    abstain: 0,
                },
            },
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    // Summoned: the four official members; the accepted absence leaves the denominator.
    assert_eq!((vote.denominator, vote.passed), (3, true));
    assert_eq!((vote.method, version), (VoteMethod::ShowOfHands, 10));
    assert_eq!(vote.denominator_breakdown.summoned, 4);
    assert_eq!(vote.denominator_breakdown.excluded[0].person, people[2]);
    assert_eq!(audit_count(&f.store).await, audits + 10);

    // MTG-ATT-01: three votes, two members present who may vote.
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .meetings()
        .record_vote(
            id,
            &VoteDraft {
                subject: "Nghị quyết".into(),
                kind: VoteSubject::Resolution,
                method: None,
                tally: Tally {
                    votes_for: 3,
                    against: 0,
                    abstain: 0,
                },
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Meeting(MeetingError::TooManyVotes { cast: 3, voters: 2 })
    ));
    drop(w);
    // A task's deadline comes after the meeting.
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .meetings()
        .add_task(id, &step, "Việc", vec![people[1]], date!(2025 - 11 - 03))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Meeting(MeetingError::DeadlineNotAfterMeeting)
    ));
    drop(w);
    // Stale version.
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .meetings()
        .transition(id, &Transition::Close, None, Some(1))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Stale {
            entity: "meeting",
            ..
        }
    ));
    drop(w);

    let m = f.store.meeting(id).await.unwrap().unwrap();
    assert_eq!(m.status, MeetingStatus::InProgress);
    assert_eq!(m.votes, vec![vote]);
    assert_eq!(m.contributions.len(), 1);
    assert_eq!(m.tasks[0].task.owners, vec![people[1]]);
    assert!(m.roll_call.get(people[3]).unwrap().is_unexcused());
    assert_eq!(m.version, 10);
    assert_eq!(audit_count(&f.store).await, audits + 10);
    let list = f.store.meetings_of(cell, 2025).await.unwrap();
    assert_eq!(list.len(), 1);
    assert!(f.store.meetings_of(cell, 2024).await.unwrap().is_empty());
    assert_eq!(f.store.meeting_org(id).await.unwrap(), Some(cell));
}

/// Meetings I, preparing and chairing: the officers and guests (MTG-ORD-01, MTG-ATT-05; an
/// officer must be on the roster), the thematic draft with its file and approval
/// (MTG-TH-01; a changed draft withdraws it), agenda steps at given times, closing ends the
/// running step, nothing is recorded live before the meeting starts, admission is never a
/// show of hands (CHR-VOTE-02), the proposed quality rating (MTG-QA-*), last meeting's tasks
/// carried to the next (MTG-ORD-04) and the quarter's thematic meeting (MTG-FREQ-02).
async fn meeting_steps_details_thematic_draft_and_quality_are_stored_and_guarded(f: Fixture) {
    use chibo_domain::meeting::details::{Guest, GuestRole, Mode, Officers};
    use chibo_domain::meeting::quality::{QualityRecord, Rating};
    use chibo_domain::meeting::vote::{Tally, VoteSubject};
    use chibo_domain::meeting::{MeetingError, StepAction, StepState, Transition};
    use chibo_domain::ruleset::MeetingKind;
    use chibo_store::{DetailsDraft, MeetingDraft, ThematicDraft, VoteDraft};
    use time::macros::time;

    let (_, _, _, cell) = reorganised(&f.store).await;
    let a = actor();
    let mut people = Vec::new();
    for i in 0..3 {
        let p = f
            .store
            .create_person(&a, &draft(&format!("Người họp {i}"), None))
            .await
            .unwrap();
        f.store.set_member(&a, &member(p, None)).await.unwrap();
        f.store
            .add_placement(
                &a,
                &Placement {
                    person: p,
                    org: cell,
                    kind: PlacementKind::Home,
                    period: Period::starting(date!(2020 - 01 - 01)),
                    note: None,
                },
            )
            .await
            .unwrap();
        people.push(p);
    }
    let stranger = f
        .store
        .create_person(&a, &draft("Người ngoài", None))
        .await
        .unwrap();
    let create = |kind, date| MeetingDraft {
        org: cell,
        kind,
        date,
        planned_start: None,
        place: "Hội trường".into(),
    };
    let mut w = f.store.write(&a).await.unwrap();
    let october = w
        .meetings()
        .create(&create(MeetingKind::Regular, date!(2025 - 10 - 03)))
        .await
        .unwrap();
    let thematic = w
        .meetings()
        .create(&create(MeetingKind::Thematic, date!(2025 - 11 - 20)))
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert!(!f
        .store
        .thematic_in_quarter(cell, date!(2025 - 09 - 30))
        .await
        .unwrap());
    assert!(f
        .store
        .thematic_in_quarter(cell, date!(2025 - 12 - 31))
        .await
        .unwrap());

    // Nothing live before the start; officers on the roster only.
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .meetings()
        .step(
            october,
            &StepAction::Start { step: "O1".into() },
            None,
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Meeting(MeetingError::NotInProgress("planned"))
    ));
    drop(w);
    let details = |minute_taker| DetailsDraft {
        mode: Mode::online("Dịch bệnh, phong tỏa").unwrap(),
        officers: Officers {
            chair: Some(people[0]),
            preparer: Some(people[0]),
            minute_taker: Some(minute_taker),
        },
        guests: vec![Guest::new("Đại biểu", None, GuestRole::SuperiorDelegate, vec![]).unwrap()],
    };
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .meetings()
        .set_details(october, &details(stranger), None)
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Meeting(MeetingError::NotOnRoster(p)) if p == stranger
    ));
    drop(w);
    let mut w = f.store.write(&a).await.unwrap();
    let mut ms = w.meetings();
    ms.set_details(october, &details(people[1]), Some(1))
        .await
        .unwrap();
    ms.transition(october, &Transition::Start, None, None)
        .await
        .unwrap();
    ms.step(
        october,
        &StepAction::Start { step: "O1".into() },
        Some(time!(19:30)),
        None,
    )
    .await
    .unwrap();
    ms.step(
        october,
        &StepAction::Start { step: "O2".into() },
        Some(time!(19:40)),
        None,
    )
    .await
    .unwrap();
    let (code, _) = ms
        .step(
            october,
            &StepAction::OtherBusiness {
                title: "Góp ý dự thảo quy chế".into(),
            },
            None,
            None,
        )
        .await
        .unwrap();
    assert_eq!(code, "KH1");
    ms.add_task(
        october,
        "O2",
        "Thu đảng phí quý IV",
        vec![people[2]],
        date!(2025 - 10 - 31),
    )
    .await
    .unwrap();
    // CHR-VOTE-02: an admission is not voted by a show of hands.
    let err = ms
        .record_vote(
            october,
            &VoteDraft {
                subject: "Kết nạp".into(),
                kind: VoteSubject::Admission,
                method: Some(chibo_domain::meeting::vote::VoteMethod::ShowOfHands),
                tally: Tally {
                    votes_for: 0,
                    against: 0,
                    abstain: 0,
                },
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Meeting(MeetingError::MethodNotAllowed)
    ));
    let rules = f
        .store
        .rule_catalogue()
        .await
        .unwrap()
        .rules_on(date!(2025 - 10 - 03))
        .unwrap();
    let local = f
        .store
        .local_settings(cell, date!(2025 - 10 - 03))
        .await
        .unwrap();
    let rating = match rules.quality_profile() {
        chibo_domain::ruleset::QualityProfile::PassFail(p) => {
            Rating::PassFail(p.criteria.iter().map(|c| c.code.clone()).collect())
        }
        chibo_domain::ruleset::QualityProfile::Points(_) => Rating::Points(Default::default()),
    };
    let mut q = QualityRecord::propose(&rules, &local, rating).unwrap();
    q.confirmed_by = Some("Không có mặt".into());
    let err = ms.set_quality(october, &q, None).await.unwrap_err();
    assert!(matches!(
        err,
        StoreError::Meeting(MeetingError::NotSuperiorDelegate)
    ));
    q.confirmed_by = Some("Đại biểu".into());
    ms.set_quality(october, &q, None).await.unwrap();
    // MTG-MIN-01: no closing without approved minutes; approving them closes the meeting.
    let err = ms
        .transition(october, &Transition::Close, Some(time!(21:05)), None)
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Meeting(MeetingError::MinutesNotApproved)
    ));
    let snapshot = chibo_domain::meeting::minutes::Minutes::from_stored(
        1,
        include_str!("../../domain/tests/fixtures/minutes-v1.json"),
    )
    .unwrap();
    let approval = chibo_store::Approval {
        votes_for: 3,
        against: 0,
        abstain: 0,
        denominator: 3,
        minute_taker: None,
        chair: None,
        recorded_by: "Bí thư".into(),
    };
    ms.approve_minutes(october, &snapshot, &approval, Some(time!(21:05)), None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    let m = f.store.meeting(october).await.unwrap().unwrap();
    assert_eq!(m.officers.minute_taker, Some(people[1]));
    assert_eq!(m.mode.code(), "online");
    assert_eq!(m.guests.len(), 1);
    assert_eq!(m.quality.unwrap().confirmed_by.as_deref(), Some("Đại biểu"));
    let o2 = &m.agenda.steps()[1];
    assert_eq!(o2.code, "O2");
    assert!(matches!(o2.state, StepState::Done { ended, .. } if ended.time() == time!(21:05)));
    assert_eq!(
        m.agenda.span().map(|(s, e)| (e - s).whole_minutes()),
        Some(95)
    );
    // A closed meeting records nothing more live.
    let mut w = f.store.write(&a).await.unwrap();
    assert!(w
        .meetings()
        .step(
            october,
            &StepAction::Start { step: "O3".into() },
            None,
            None
        )
        .await
        .is_err());
    drop(w);

    // Last meeting's tasks reach the next one.
    let carried = f
        .store
        .carried_tasks(cell, date!(2025 - 11 - 20))
        .await
        .unwrap();
    assert_eq!(carried.len(), 1);
    assert_eq!(
        (carried[0].meeting, carried[0].task.task.owners.clone()),
        (october, vec![people[2]])
    );

    // MTG-TH-01: the draft is approved once complete; a new text withdraws the approval.
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .meetings()
        .approve_draft(thematic, "Bí thư", None, None)
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Meeting(MeetingError::DraftIncomplete)
    ));
    drop(w);
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .meetings()
        .set_thematic(
            thematic,
            &ThematicDraft {
                topic_group: Some("no_such_group".into()),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Meeting(MeetingError::UnknownTopicGroup(_))
    ));
    drop(w);
    let body: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    let mut w = f.store.write(&a).await.unwrap();
    let mut ms = w.meetings();
    ms.set_thematic(
        thematic,
        &ThematicDraft {
            topic: Some("Văn hoá làm việc nhóm".into()),
            topic_group: Some("party_building".into()),
            presenter: Some(people[2]),
            draft_text: None,
        },
        None,
    )
    .await
    .unwrap();
    let (file, _) = ms
        .attach_draft_file(thematic, "dự thảo.docx", "application/octet-stream", &body)
        .await
        .unwrap();
    ms.approve_draft(thematic, "Bí thư", None, None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    let m = f.store.meeting(thematic).await.unwrap().unwrap();
    assert!(m.thematic.approved());
    assert_eq!(m.thematic.presenter, Some(people[2]));
    assert_eq!(m.thematic.draft_file.as_deref(), Some("dự thảo.docx"));
    let stored = f.store.meeting_file(thematic, file).await.unwrap().unwrap();
    assert_eq!(stored.body, body);
    assert_eq!(
        f.store.latest_draft_file(thematic).await.unwrap(),
        Some(file)
    );
    let mut w = f.store.write(&a).await.unwrap();
    w.meetings()
        .set_thematic(
            thematic,
            &ThematicDraft {
                topic: Some("Văn hoá làm việc nhóm".into()),
                topic_group: Some("party_building".into()),
                presenter: Some(people[2]),
                draft_text: Some("Bản sửa".into()),
            },
            None,
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    let m = f.store.meeting(thematic).await.unwrap().unwrap();
    assert!(!m.thematic.approved());
}

/// Issue 8, concurrency: the chair, the minute-taker and a committee member recording at
/// the same meeting at once never lose each other's writes (each write bumps the version
/// once); a write that names the version it read is refused once another landed first.
async fn chair_minute_taker_and_committee_writing_at_once_lose_nothing(f: Fixture) {
    use chibo_domain::meeting::work::{Contribution, Speaker};
    use chibo_domain::meeting::Transition;
    use chibo_domain::ruleset::MeetingKind;
    use chibo_store::MeetingDraft;

    let (_, _, _, cell) = reorganised(&f.store).await;
    let a = actor();
    let mut w = f.store.write(&a).await.unwrap();
    let id = w
        .meetings()
        .create(&MeetingDraft {
            org: cell,
            kind: MeetingKind::Regular,
            date: date!(2025 - 11 - 03),
            planned_start: None,
            place: "Hội trường".into(),
        })
        .await
        .unwrap();
    w.meetings()
        .transition(id, &Transition::Start, None, None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    let start = f.store.meeting(id).await.unwrap().unwrap().version;
    let mut tasks = Vec::new();
    for who in 0..3 {
        let store = f.store.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..5 {
                let a = Actor::system(&format!("writer{who}"), 1_763_700_000);
                let mut w = store.write(&a).await.unwrap();
                let c = Contribution::new(
                    "O1",
                    Speaker::Named {
                        name: format!("Người {who}"),
                    },
                    &format!("Ý kiến {i}"),
                )
                .unwrap();
                w.meetings().add_contribution(id, &c).await.unwrap();
                w.commit().await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let m = f.store.meeting(id).await.unwrap().unwrap();
    assert_eq!(m.contributions.len(), 15);
    assert_eq!(m.version, start + 15);
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .meetings()
        .transition(id, &Transition::Close, None, Some(start))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Stale { actual, .. } if actual == start + 15));
}

/// Meetings II: approved minutes are frozen. Approving stores the snapshot with its hash and
/// closes the meeting; approving twice is refused; a wording edit after approval is refused;
/// an addendum needs approved minutes and leaves them as they were; and the database itself
/// refuses an UPDATE or DELETE of the snapshot or an addendum sent as plain SQL.
async fn mtg_min_01_approved_minutes_never_change_even_by_direct_sql(f: Fixture) {
    use chibo_domain::meeting::minutes::{Addendum, Minutes};
    use chibo_domain::meeting::work::{Contribution, Speaker};
    use chibo_domain::meeting::{MeetingError, MeetingStatus, Transition};
    use chibo_domain::ruleset::MeetingKind;
    use chibo_store::{Approval, MeetingDraft};

    let (_, _, _, cell) = reorganised(&f.store).await;
    let a = actor();
    let mut w = f.store.write(&a).await.unwrap();
    let id = w
        .meetings()
        .create(&MeetingDraft {
            org: cell,
            kind: MeetingKind::Regular,
            date: date!(2025 - 11 - 03),
            planned_start: None,
            place: "Hội trường".into(),
        })
        .await
        .unwrap();
    w.meetings()
        .transition(id, &Transition::Start, None, None)
        .await
        .unwrap();
    let c = Contribution::new(
        "O1",
        Speaker::Named {
            name: "Khách".into(),
        },
        "Ý kiến có lỗi chính tả",
    )
    .unwrap();
    let (cid, _) = w.meetings().add_contribution(id, &c).await.unwrap();
    w.commit().await.unwrap();
    // The minute-taker corrects the wording before approval; the edit is kept.
    let mut w = f.store.write(&a).await.unwrap();
    w.meetings()
        .edit_wording(id, cid, "Ý kiến đã sửa chính tả", "Thư ký")
        .await
        .unwrap();
    w.commit().await.unwrap();
    let edits = f.store.wording_edits(id).await.unwrap();
    assert_eq!(
        (edits[0].before.as_str(), edits[0].after.as_str()),
        ("Ý kiến có lỗi chính tả", "Ý kiến đã sửa chính tả")
    );

    let snapshot = Minutes::from_stored(
        1,
        include_str!("../../domain/tests/fixtures/minutes-v1.json"),
    )
    .unwrap();
    let approval = Approval {
        votes_for: 3,
        against: 0,
        abstain: 0,
        denominator: 3,
        minute_taker: Some("Thư ký".into()),
        chair: Some("Chủ trì".into()),
        recorded_by: "Bí thư".into(),
    };
    let mut w = f.store.write(&a).await.unwrap();
    let (hash, _) = w
        .meetings()
        .approve_minutes(id, &snapshot, &approval, None, None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert_eq!(hash, chibo_store::content_hash(&snapshot).unwrap());
    assert_eq!(hash.len(), 64);
    let m = f.store.meeting(id).await.unwrap().unwrap();
    assert_eq!(m.status, MeetingStatus::Closed);
    let stored = f.store.minutes(id).await.unwrap().unwrap();
    assert_eq!((stored.schema_version, &stored.content_hash), (1, &hash));
    assert_eq!(stored.minutes, snapshot);

    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .meetings()
        .approve_minutes(id, &snapshot, &approval, None, None)
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Meeting(MeetingError::MinutesAlreadyApproved)
    ));
    drop(w);
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .meetings()
        .edit_wording(id, cid, "Sửa sau khi thông qua", "Thư ký")
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Meeting(MeetingError::MinutesAlreadyApproved)
    ));
    drop(w);
    let mut w = f.store.write(&a).await.unwrap();
    let addendum = Addendum::new(
        "Bổ sung: đồng chí Cường vắng có lý do",
        date!(2025 - 12 - 03),
        date!(2025 - 11 - 03),
        3,
        3,
        true,
    )
    .unwrap();
    w.meetings().add_addendum(id, &addendum).await.unwrap();
    w.commit().await.unwrap();
    let stored = f.store.minutes(id).await.unwrap().unwrap();
    assert_eq!(stored.addenda.len(), 1);
    assert_eq!(
        stored.content_hash, hash,
        "an addendum leaves the snapshot as it was"
    );

    // The database refuses changes however they are sent.
    for sql in [
        format!(
            "UPDATE meeting_minutes SET content_hash = 'x' WHERE meeting_id = {}",
            id.0
        ),
        format!("DELETE FROM meeting_minutes WHERE meeting_id = {}", id.0),
        format!(
            "UPDATE meeting_addendum SET body = 'x' WHERE meeting_id = {}",
            id.0
        ),
        format!("DELETE FROM meeting_addendum WHERE meeting_id = {}", id.0),
    ] {
        let err = f.store.execute_raw_for_tests(&sql).await.unwrap_err();
        assert!(err.to_string().contains("record_immutable"), "{sql}: {err}");
    }
    assert_eq!(
        f.store.minutes(id).await.unwrap().unwrap().content_hash,
        hash
    );
}

/// Meetings II, follow-up (MTG-ORD-04): a later meeting reviews a task; a task not done
/// rolls forward to the next meeting, a done one leaves the open list; a review needs the
/// reviewing meeting in progress and a task of an earlier meeting of the same cell.
async fn mtg_ord_04_tasks_are_reviewed_and_roll_forward_until_done(f: Fixture) {
    use chibo_domain::meeting::work::{TaskProgress, TaskReview};
    use chibo_domain::meeting::Transition;
    use chibo_domain::ruleset::MeetingKind;
    use chibo_store::MeetingDraft;

    let (_, _, _, cell) = reorganised(&f.store).await;
    let a = actor();
    let p = f
        .store
        .create_person(&a, &draft("Người nhận việc", None))
        .await
        .unwrap();
    f.store.set_member(&a, &member(p, None)).await.unwrap();
    f.store
        .add_placement(
            &a,
            &Placement {
                person: p,
                org: cell,
                kind: PlacementKind::Home,
                period: Period::starting(date!(2020 - 01 - 01)),
                note: None,
            },
        )
        .await
        .unwrap();
    let draft_on = |date| MeetingDraft {
        org: cell,
        kind: MeetingKind::Regular,
        date,
        planned_start: None,
        place: "Hội trường".into(),
    };
    let mut w = f.store.write(&a).await.unwrap();
    let oct = w
        .meetings()
        .create(&draft_on(date!(2025 - 10 - 03)))
        .await
        .unwrap();
    let nov = w
        .meetings()
        .create(&draft_on(date!(2025 - 11 - 03)))
        .await
        .unwrap();
    w.meetings()
        .transition(oct, &Transition::Start, None, None)
        .await
        .unwrap();
    let (t1, _) = w
        .meetings()
        .add_task(oct, "O1", "Việc một", vec![p], date!(2025 - 10 - 20))
        .await
        .unwrap();
    let (t2, _) = w
        .meetings()
        .add_task(oct, "O1", "Việc hai", vec![p], date!(2025 - 10 - 25))
        .await
        .unwrap();
    w.commit().await.unwrap();
    let done = TaskReview::new(TaskProgress::Done, None).unwrap();
    let mut w = f.store.write(&a).await.unwrap();
    assert!(
        w.meetings().review_task(nov, t1, &done).await.is_err(),
        "not in progress"
    );
    drop(w);
    let mut w = f.store.write(&a).await.unwrap();
    w.meetings()
        .transition(nov, &Transition::Start, None, None)
        .await
        .unwrap();
    w.meetings().review_task(nov, t1, &done).await.unwrap();
    let late = TaskReview::new(TaskProgress::NotDone, Some("Thiếu kinh phí")).unwrap();
    w.meetings().review_task(nov, t2, &late).await.unwrap();
    // A task of a later (or the same) meeting cannot be reviewed here.
    w.commit().await.unwrap();
    let mut w = f.store.write(&a).await.unwrap();
    let (t3, _) = w
        .meetings()
        .add_task(nov, "O1", "Việc ba", vec![p], date!(2025 - 11 - 30))
        .await
        .unwrap();
    assert!(matches!(
        w.meetings().review_task(nov, t3, &done).await.unwrap_err(),
        StoreError::NotFound("task")
    ));
    drop(w);
    let carried = f
        .store
        .carried_tasks(cell, date!(2025 - 11 - 03))
        .await
        .unwrap();
    assert_eq!(carried.len(), 2, "both reviewed here, so both listed here");
    let dec = f
        .store
        .carried_tasks(cell, date!(2025 - 12 - 03))
        .await
        .unwrap();
    assert_eq!(dec.iter().map(|t| t.task.id).collect::<Vec<_>>(), vec![t2]);
    assert_eq!(
        dec[0].reviews[0].review.comment.as_deref(),
        Some("Thiếu kinh phí")
    );
    let open = f.store.open_tasks(cell).await.unwrap();
    assert_eq!(open.iter().map(|t| t.task.id).collect::<Vec<_>>(), vec![t2]);
}

/// The meeting change feed: a committed unit that changed a meeting announces it exactly
/// once (however many writes it made), after the commit; a rolled-back unit and a unit that
/// changed no meeting announce nothing. On PostgreSQL a second server on the same database
/// hears it through `NOTIFY`, and neither hears its own notification twice.
async fn every_committed_meeting_write_is_announced_once(f: Fixture) {
    use chibo_domain::meeting::roll_call::Presence;
    use chibo_domain::meeting::Transition;
    use chibo_domain::ruleset::MeetingKind;
    use chibo_store::{MeetingChange, MeetingDraft};
    use tokio::sync::broadcast::error::TryRecvError;

    fn drain(rx: &mut tokio::sync::broadcast::Receiver<MeetingChange>) -> Vec<MeetingChange> {
        let mut out = Vec::new();
        loop {
            match rx.try_recv() {
                Ok(c) => out.push(c),
                Err(TryRecvError::Empty) => return out,
                Err(e) => panic!("{e:?}"),
            }
        }
    }

    // The second server first, so that its listener is up by the time we write.
    let other = match f.store.backend() {
        chibo_store::Backend::Postgres => Some(Store::connect(&f.url).await.unwrap()),
        chibo_store::Backend::Sqlite => None,
    };
    let mut heard_elsewhere = other.as_ref().map(Store::meeting_changes);
    let (_, _, _, cell) = reorganised(&f.store).await;
    let a = actor();
    let p = f
        .store
        .create_person(&a, &draft("Đảng viên Một", None))
        .await
        .unwrap();
    f.store.set_member(&a, &member(p, None)).await.unwrap();
    f.store
        .add_placement(
            &a,
            &Placement {
                person: p,
                org: cell,
                kind: PlacementKind::Home,
                period: Period::starting(date!(2020 - 01 - 01)),
                note: None,
            },
        )
        .await
        .unwrap();
    let mut rx = f.store.meeting_changes();

    let mut w = f.store.write(&a).await.unwrap();
    let id = w
        .meetings()
        .create(&MeetingDraft {
            org: cell,
            kind: MeetingKind::Regular,
            date: date!(2025 - 11 - 03),
            planned_start: None,
            place: "Hội trường".into(),
        })
        .await
        .unwrap();
    assert!(drain(&mut rx).is_empty(), "nothing before the commit");
    w.commit().await.unwrap();
    assert_eq!(drain(&mut rx), vec![MeetingChange::Meeting(id)]);

    // Several writes to one meeting in one unit: one change.
    let mut w = f.store.write(&a).await.unwrap();
    w.meetings()
        .transition(id, &Transition::Start, None, None)
        .await
        .unwrap();
    w.meetings()
        .set_attendance(id, p, Presence::present(), None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert_eq!(drain(&mut rx), vec![MeetingChange::Meeting(id)]);

    // Rolled back: nothing.
    let mut w = f.store.write(&a).await.unwrap();
    w.meetings()
        .set_attendance(
            id,
            p,
            Presence::Absent {
                reason: None,
                accepted: false,
            },
            None,
        )
        .await
        .unwrap();
    drop(w);
    // A failed write: nothing either.
    let mut w = f.store.write(&a).await.unwrap();
    assert!(w
        .meetings()
        .transition(id, &Transition::Start, None, Some(1))
        .await
        .is_err());
    drop(w);
    // No meeting touched: nothing.
    f.store
        .add_congress(&a, cell, date!(2025 - 06 - 01))
        .await
        .unwrap();
    assert!(drain(&mut rx).is_empty());
    let m = f.store.meeting(id).await.unwrap().unwrap();
    assert_eq!(m.version, 3);

    if let (Some(other), Some(elsewhere)) = (&other, &mut heard_elsewhere) {
        // The second server heard both commits, once each.
        let mut heard = Vec::new();
        for _ in 0..100 {
            heard.extend(drain(elsewhere));
            if heard.len() >= 2 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        heard.extend(drain(elsewhere));
        assert_eq!(
            heard,
            vec![MeetingChange::Meeting(id), MeetingChange::Meeting(id)]
        );
        // A write there is heard here, and there only once.
        let mut w = other.write(&a).await.unwrap();
        w.meetings()
            .set_attendance(
                id,
                p,
                Presence::Absent {
                    reason: None,
                    accepted: false,
                },
                None,
            )
            .await
            .unwrap();
        w.commit().await.unwrap();
        let mut here = Vec::new();
        for _ in 0..100 {
            here.extend(drain(&mut rx));
            if !here.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        here.extend(drain(&mut rx));
        assert_eq!(here, vec![MeetingChange::Meeting(id)]);
        assert_eq!(drain(elsewhere), vec![MeetingChange::Meeting(id)]);
        other.close().await;
    }
}

/// ADM-CER-01..03, ADM-PRB-01: a ceremony's one act is stored only on a ceremony, for a
/// person awaiting admission in the cell, with an official helping member and within the
/// deadline; nothing is written when refused; once the minutes are approved the person's
/// ceremony is found by them and the act no longer changes.
async fn adm_cer_ceremony_act_is_guarded_and_found_once_approved(f: Fixture) {
    use chibo_domain::meeting::ceremony::{AdmissionDecision, CeremonyAct, DocumentRef};
    use chibo_domain::meeting::minutes::Minutes;
    use chibo_domain::meeting::MeetingError;
    use chibo_domain::person::{Affiliation, NonMemberKind};
    use chibo_domain::ruleset::MeetingKind;
    use chibo_store::{Approval, MeetingDraft};

    let (_, _, _, cell) = reorganised(&f.store).await;
    let a = actor();
    let mut officials = Vec::new();
    for i in 0..2 {
        let p = f
            .store
            .create_person(&a, &draft(&format!("Đảng viên {i}"), None))
            .await
            .unwrap();
        f.store.set_member(&a, &member(p, None)).await.unwrap();
        f.store
            .add_placement(
                &a,
                &Placement {
                    person: p,
                    org: cell,
                    kind: PlacementKind::Home,
                    period: Period::starting(date!(2020 - 01 - 01)),
                    note: None,
                },
            )
            .await
            .unwrap();
        officials.push(p);
    }
    let staff = f
        .store
        .create_person(
            &a,
            &PersonDraft {
                affiliation: Some(Affiliation {
                    org: cell,
                    kind: NonMemberKind::Staff,
                }),
                ..draft("Viên chức", None)
            },
        )
        .await
        .unwrap();
    let stranger = f
        .store
        .create_person(&a, &draft("Người ngoài", None))
        .await
        .unwrap();
    let day = date!(2023 - 10 - 20);
    let mut w = f.store.write(&a).await.unwrap();
    let create = |kind| MeetingDraft {
        org: cell,
        kind,
        date: day,
        planned_start: None,
        place: "Hội trường".into(),
    };
    let regular = w
        .meetings()
        .create(&create(MeetingKind::Regular))
        .await
        .unwrap();
    let id = w
        .meetings()
        .create(&create(MeetingKind::AdmissionCeremony))
        .await
        .unwrap();
    w.commit().await.unwrap();
    let act = |new_member: PersonId, helper: PersonId| {
        CeremonyAct::new(
            &[new_member],
            AdmissionDecision {
                reference: DocumentRef::parse("77-QĐ/ĐU").unwrap(),
                date: date!(2023 - 10 - 02),
                issuer: "Đảng ủy".into(),
                received_on: date!(2023 - 10 - 04),
            },
            helper,
            None,
        )
        .unwrap()
    };
    let good = act(staff, officials[0]);
    let deadline = date!(2023 - 11 - 15);
    let before = audit_count(&f.store).await;
    for (meeting, act, last_day, expected) in [
        (regular, good.clone(), deadline, MeetingError::NotACeremony),
        (
            id,
            act(staff, stranger),
            deadline,
            MeetingError::HelperNotOfficial(stranger),
        ),
        (
            id,
            act(officials[1], officials[0]),
            deadline,
            MeetingError::NotACandidate(officials[1]),
        ),
        (
            id,
            act(stranger, officials[0]),
            deadline,
            MeetingError::NotACandidate(stranger),
        ),
        (
            id,
            good.clone(),
            date!(2023 - 10 - 19),
            MeetingError::LateWithoutAgreement {
                last_day: date!(2023 - 10 - 19),
            },
        ),
    ] {
        let mut w = f.store.write(&a).await.unwrap();
        let err = w
            .meetings()
            .set_ceremony(meeting, &act, last_day, None)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::Meeting(e) if *e == expected),
            "{expected:?}: {err:?}"
        );
    }
    assert_eq!(audit_count(&f.store).await, before, "nothing written");
    assert!(f
        .store
        .meeting(id)
        .await
        .unwrap()
        .unwrap()
        .ceremony
        .is_none());

    let mut w = f.store.write(&a).await.unwrap();
    w.meetings()
        .set_ceremony(id, &good, deadline, None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    let stored = f.store.meeting(id).await.unwrap().unwrap();
    assert_eq!(stored.ceremony.as_ref(), Some(&good));
    assert_eq!(
        f.store.ceremony_of(staff).await.unwrap(),
        None,
        "not approved yet"
    );

    let snapshot = Minutes::from_stored(
        1,
        include_str!("../../domain/tests/fixtures/minutes-v1.json"),
    )
    .unwrap();
    let approval = Approval {
        votes_for: 2,
        against: 0,
        abstain: 0,
        denominator: 2,
        minute_taker: None,
        chair: None,
        recorded_by: "Bí thư".into(),
    };
    let mut w = f.store.write(&a).await.unwrap();
    w.meetings()
        .transition(id, &chibo_domain::meeting::Transition::Start, None, None)
        .await
        .unwrap();
    w.meetings()
        .approve_minutes(id, &snapshot, &approval, None, None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert_eq!(
        f.store.ceremony_of(staff).await.unwrap(),
        Some((id, day, good.clone()))
    );
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .meetings()
        .set_ceremony(id, &good, deadline, None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Meeting(MeetingError::NotInProgress(_))),
        "{err:?}"
    );
}

/// MTG-PREP-03/04: the Notify step dates the meeting's publication and writes one notice per
/// person on the roster and for the liaison, in its own unit of work (dropped: none); each
/// person marks only their own notices read.
async fn mtg_prep_03_publishing_writes_notices_in_its_unit(f: Fixture) {
    use chibo_domain::meeting::Transition;
    use chibo_domain::ruleset::MeetingKind;
    use chibo_store::MeetingDraft;

    let (_, _, _, cell) = reorganised(&f.store).await;
    let a = actor();
    let mut members = Vec::new();
    for i in 0..2 {
        let p = f
            .store
            .create_person(&a, &draft(&format!("Đảng viên {i}"), None))
            .await
            .unwrap();
        f.store.set_member(&a, &member(p, None)).await.unwrap();
        f.store
            .add_placement(
                &a,
                &Placement {
                    person: p,
                    org: cell,
                    kind: PlacementKind::Home,
                    period: Period::starting(date!(2020 - 01 - 01)),
                    note: None,
                },
            )
            .await
            .unwrap();
        members.push(p);
    }
    let liaison = f
        .store
        .create_person(&a, &draft("Cấp ủy viên cấp trên", None))
        .await
        .unwrap();
    let mut w = f.store.write(&a).await.unwrap();
    w.notices()
        .set_liaison(cell, liaison, date!(2023 - 01 - 01))
        .await
        .unwrap();
    let id = w
        .meetings()
        .create(&MeetingDraft {
            org: cell,
            kind: MeetingKind::Regular,
            date: date!(2023 - 12 - 03),
            planned_start: None,
            place: "Hội trường".into(),
        })
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert_eq!(
        f.store.liaison(cell).await.unwrap(),
        Some((liaison, date!(2023 - 01 - 01)))
    );
    // Dropped unit: no notices, not published.
    let mut w = f.store.write(&a).await.unwrap();
    w.meetings()
        .transition(id, &Transition::Notify, None, None)
        .await
        .unwrap();
    drop(w);
    assert!(f.store.notices_for(members[0]).await.unwrap().is_empty());
    assert_eq!(
        f.store.meeting(id).await.unwrap().unwrap().published_on,
        None
    );
    let mut w = f.store.write(&a).await.unwrap();
    w.meetings()
        .transition(id, &Transition::Notify, None, None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    // The actor's instant, 1_700_000_000 (22:13 UTC on 14/11/2023), is 15/11/2023 in Vietnam.
    assert_eq!(
        f.store.meeting(id).await.unwrap().unwrap().published_on,
        Some(date!(2023 - 11 - 15))
    );
    for p in members.iter().chain([&liaison]) {
        let n = f.store.notices_for(*p).await.unwrap();
        assert_eq!(n.len(), 1, "{p:?}");
        assert_eq!((n[0].meeting, n[0].read), (id, false));
        assert_eq!(n[0].kind, chibo_store::MEETING_PUBLISHED);
    }
    let theirs = f.store.notices_for(members[1]).await.unwrap()[0].id;
    let mut w = f.store.write(&a).await.unwrap();
    let n = w
        .notices()
        .mark_read(members[0], Some(&[theirs]))
        .await
        .unwrap();
    assert_eq!(n, 0, "another person's notice");
    let n = w.notices().mark_read(members[0], None).await.unwrap();
    assert_eq!(n, 1);
    w.commit().await.unwrap();
    assert!(f.store.notices_for(members[0]).await.unwrap()[0].read);
    assert!(!f.store.notices_for(members[1]).await.unwrap()[0].read);
}

/// MTG-ATT-08 across a subtree: one query over the dated ancestor table returns the
/// attendance at meetings held (closed) in the year by every organisation under the root on
/// the date — not meetings in progress, not other years, not a root the cell had left —, and
/// a cell's own attendance history (cached) drops its cache when a meeting changes.
async fn mtg_att_08_subtree_attendance_history_in_one_query(f: Fixture) {
    use chibo_domain::meeting::minutes::Minutes;
    use chibo_domain::meeting::roll_call::Presence;
    use chibo_domain::meeting::Transition;
    use chibo_domain::ruleset::MeetingKind;
    use chibo_store::{Approval, MeetingDraft};

    let (province, district, commune, cell) = reorganised(&f.store).await;
    let a = actor();
    let p = f
        .store
        .create_person(&a, &draft("Người vắng mặt", None))
        .await
        .unwrap();
    f.store.set_member(&a, &member(p, None)).await.unwrap();
    f.store
        .add_placement(
            &a,
            &Placement {
                person: p,
                org: cell,
                kind: PlacementKind::Home,
                period: Period::starting(date!(2020 - 01 - 01)),
                note: None,
            },
        )
        .await
        .unwrap();
    let snapshot = Minutes::from_stored(
        1,
        include_str!("../../domain/tests/fixtures/minutes-v1.json"),
    )
    .unwrap();
    let approval = Approval {
        votes_for: 1,
        against: 0,
        abstain: 0,
        denominator: 1,
        minute_taker: None,
        chair: None,
        recorded_by: "Bí thư".into(),
    };
    let absent = Presence::Absent {
        reason: None,
        accepted: false,
    };
    // Held and closed: January and February 2025, December 2024; in progress: March 2025.
    let mut meetings = Vec::new();
    for (date, close) in [
        (date!(2025 - 01 - 06), true),
        (date!(2025 - 02 - 06), true),
        (date!(2024 - 12 - 06), true),
        (date!(2025 - 03 - 06), false),
    ] {
        let mut w = f.store.write(&a).await.unwrap();
        let id = w
            .meetings()
            .create(&MeetingDraft {
                org: cell,
                kind: MeetingKind::Regular,
                date,
                planned_start: None,
                place: "Nhà văn hóa".into(),
            })
            .await
            .unwrap();
        w.meetings()
            .transition(id, &Transition::Start, None, None)
            .await
            .unwrap();
        w.meetings()
            .set_attendance(id, p, absent.clone(), None)
            .await
            .unwrap();
        if close {
            w.meetings()
                .approve_minutes(id, &snapshot, &approval, None, None)
                .await
                .unwrap();
        }
        w.commit().await.unwrap();
        meetings.push(id);
    }
    let rows = |root, on| {
        let store = f.store.clone();
        async move {
            store
                .subtree_attendance_history(root, on, 2025)
                .await
                .unwrap()
        }
    };
    let got = rows(province, date!(2025 - 08 - 01)).await;
    assert_eq!(
        got.iter()
            .map(|(o, r)| (*o, r.date, r.person, r.unexcused))
            .collect::<Vec<_>>(),
        vec![
            (cell, date!(2025 - 01 - 06), p, true),
            (cell, date!(2025 - 02 - 06), p, true),
        ]
    );
    assert_eq!(rows(commune, date!(2025 - 08 - 01)).await.len(), 2);
    // The district held the commune until 30/06/2025, not after.
    assert_eq!(rows(district, date!(2025 - 03 - 01)).await.len(), 2);
    assert!(rows(district, date!(2025 - 08 - 01)).await.is_empty());
    // The cell's own history agrees, and is cached until a meeting changes.
    let own = f.store.attendance_history(cell, 2025).await.unwrap();
    assert_eq!(own.len(), 2);
    let before = f.store.query_count();
    assert_eq!(f.store.attendance_history(cell, 2025).await.unwrap(), own);
    assert_eq!(f.store.query_count(), before, "served from the cache");
    let mut w = f.store.write(&a).await.unwrap();
    w.meetings()
        .approve_minutes(meetings[3], &snapshot, &approval, None, None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert_eq!(
        f.store.attendance_history(cell, 2025).await.unwrap().len(),
        3
    );
    assert_eq!(rows(province, date!(2025 - 08 - 01)).await.len(), 3);
}

/// A meeting of the cell on `on`, held and closed with approved minutes (the frozen v1
/// fixture as its snapshot).
async fn approved_meeting(store: &Store, cell: OrgId, on: Date) -> chibo_domain::MeetingId {
    use chibo_domain::meeting::minutes::Minutes;
    use chibo_domain::meeting::Transition;
    use chibo_domain::ruleset::MeetingKind;
    use chibo_store::{Approval, MeetingDraft};
    let a = actor();
    let mut w = store.write(&a).await.unwrap();
    let id = w
        .meetings()
        .create(&MeetingDraft {
            org: cell,
            kind: MeetingKind::Regular,
            date: on,
            planned_start: None,
            place: "Hội trường".into(),
        })
        .await
        .unwrap();
    w.meetings()
        .transition(id, &Transition::Start, None, None)
        .await
        .unwrap();
    let snapshot = Minutes::from_stored(
        1,
        include_str!("../../domain/tests/fixtures/minutes-v1.json"),
    )
    .unwrap();
    let approval = Approval {
        votes_for: 3,
        against: 0,
        abstain: 0,
        denominator: 3,
        minute_taker: Some("Thư ký".into()),
        chair: Some("Chủ trì".into()),
        recorded_by: "Bí thư".into(),
    };
    w.meetings()
        .approve_minutes(id, &snapshot, &approval, None, None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    id
}

async fn sign(store: &Store, id: chibo_domain::MeetingId) -> Result<u32, StoreError> {
    let mut w = store.write(&actor()).await?;
    let (doc, _) = w
        .meetings()
        .sign_resolution(id, "Bí thư", "HD 36/2018", None)
        .await?;
    w.commit().await?;
    Ok(doc.number)
}

/// DOC-05/06/19: a resolution gets its number when it is signed, once, only from approved
/// minutes; numbers run 1, 2, … per organisation, type and term, and restart the day after
/// a congress closes; two signings at once get distinct consecutive numbers (the series row
/// serialises them on PostgreSQL; SQLite has one writer).
async fn doc_05_06_19_resolutions_are_numbered_on_signing_per_term(f: Fixture) {
    use chibo_domain::meeting::{MeetingError, Transition};
    use chibo_domain::ruleset::{DocumentKind, MeetingKind};
    use chibo_store::MeetingDraft;
    let (_, _, _, cell) = reorganised(&f.store).await;
    let a = actor();
    // Not approved: refused, nothing written.
    let mut w = f.store.write(&a).await.unwrap();
    let open = w
        .meetings()
        .create(&MeetingDraft {
            org: cell,
            kind: MeetingKind::Regular,
            date: date!(2025 - 09 - 03),
            planned_start: None,
            place: "Hội trường".into(),
        })
        .await
        .unwrap();
    w.meetings()
        .transition(open, &Transition::Start, None, None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    let before = audit_count(&f.store).await;
    assert!(matches!(
        sign(&f.store, open).await.unwrap_err(),
        StoreError::Meeting(MeetingError::DocumentNeedsApprovedMinutes)
    ));
    assert_eq!(audit_count(&f.store).await, before);

    let oct = approved_meeting(&f.store, cell, date!(2025 - 10 - 03)).await;
    let nov = approved_meeting(&f.store, cell, date!(2025 - 11 - 03)).await;
    assert_eq!(sign(&f.store, oct).await.unwrap(), 1);
    assert_eq!(sign(&f.store, nov).await.unwrap(), 2);
    // Once only: the second signing is refused and the number stays.
    assert!(matches!(
        sign(&f.store, oct).await.unwrap_err(),
        StoreError::Meeting(MeetingError::ResolutionAlreadySigned)
    ));
    let doc = f
        .store
        .document_of(oct, DocumentKind::Resolution)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            doc.number,
            doc.kind.as_str(),
            doc.document_date,
            doc.signed_by.as_str()
        ),
        (1, "NQ", date!(2025 - 10 - 03), "Bí thư")
    );
    assert_eq!(doc.term_start, chibo_domain::document::FIRST_TERM_START);
    assert!(f
        .store
        .document_of(open, DocumentKind::Resolution)
        .await
        .unwrap()
        .is_none());

    // Two signings at once: distinct, consecutive.
    let dec = approved_meeting(&f.store, cell, date!(2025 - 12 - 03)).await;
    let dec2 = approved_meeting(&f.store, cell, date!(2025 - 12 - 17)).await;
    let (x, y) = tokio::join!(sign(&f.store, dec), sign(&f.store, dec2));
    let mut got = vec![x.unwrap(), y.unwrap()];
    got.sort_unstable();
    assert_eq!(got, vec![3, 4]);

    // A congress closes on 15/1/2026: the next term starts on the 16th and restarts at 1.
    f.store
        .add_congress(&a, cell, date!(2026 - 01 - 15))
        .await
        .unwrap();
    let jan = approved_meeting(&f.store, cell, date!(2026 - 01 - 15)).await;
    let feb = approved_meeting(&f.store, cell, date!(2026 - 02 - 03)).await;
    assert_eq!(sign(&f.store, feb).await.unwrap(), 1);
    // The meeting on the closing day belongs to the term that ends with it.
    assert_eq!(sign(&f.store, jan).await.unwrap(), 5);
    let all = f.store.documents_of(cell).await.unwrap();
    let numbers: Vec<(Date, u32)> = all.iter().map(|d| (d.term_start, d.number)).collect();
    let first = chibo_domain::document::FIRST_TERM_START;
    assert_eq!(
        numbers,
        vec![
            (first, 1),
            (first, 2),
            (first, 3),
            (first, 4),
            (first, 5),
            (date!(2026 - 01 - 16), 1)
        ]
    );
    // The database itself refuses a repeated number in a series.
    let dup = f
        .store
        .execute_raw_for_tests(&format!(
            "INSERT INTO document (org_id, kind, term_start, number, meeting_id, document_date, signed_at, signed_by, format_version)
             SELECT org_id, kind, term_start, number, NULL, document_date, signed_at, signed_by, format_version FROM document WHERE meeting_id = {}",
            oct.0
        ))
        .await;
    assert!(dup.is_err(), "UNIQUE (org, kind, term, number)");
}

/// PLAN-01..04: a directive goes to the sender's subtree on its date only; one plan per cell
/// and year; presenters are members of the cell in the quarter; each step keeps the version
/// the superior saw and a return's comment; the superior's view lists every cell of the
/// subtree, with or without a plan, in one query; nothing is written when refused.
async fn plan_01_04_directives_plans_and_the_superior_view(f: Fixture) {
    use chibo_domain::meeting::ceremony::DocumentRef;
    use chibo_domain::plan::{Directive, PlanError, PlanItem, PlanStatus, PlanStep};
    use chibo_domain::ruleset::Catalogue;

    let (province, _, _, cell) = reorganised(&f.store).await;
    let commune = reorganised_commune(&f.store, cell).await;
    let a = actor();
    let member_p = f
        .store
        .create_person(&a, &draft("Người trình bày", None))
        .await
        .unwrap();
    f.store
        .set_member(&a, &member(member_p, None))
        .await
        .unwrap();
    f.store
        .add_placement(
            &a,
            &Placement {
                person: member_p,
                org: cell,
                kind: PlacementKind::Home,
                period: Period::starting(date!(2020 - 01 - 01)),
                note: None,
            },
        )
        .await
        .unwrap();
    let stranger = f
        .store
        .create_person(&a, &draft("Người ngoài", None))
        .await
        .unwrap();
    let directive = Directive::new(
        commune,
        DocumentRef::parse("12-CV/ĐU").unwrap(),
        date!(2023 - 01 - 10),
        "Đảng ủy xã",
        "Xây dựng kế hoạch chuyên đề năm 2023",
        2023,
        Some(date!(2023 - 02 - 28)),
        vec![],
    )
    .unwrap();
    let before = audit_count(&f.store).await;
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .plans()
        .add_directive(&directive, province)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Plan(PlanError::OutsideSubtree)),
        "{err:?}"
    );
    drop(w);
    assert_eq!(audit_count(&f.store).await, before);
    let mut w = f.store.write(&a).await.unwrap();
    let d = w.plans().add_directive(&directive, commune).await.unwrap();
    let id = w.plans().create(cell, 2023, Some(d)).await.unwrap();
    w.commit().await.unwrap();
    assert_eq!(f.store.directives_for(cell, 2023).await.unwrap()[0].id, d);
    assert!(f.store.directives_for(cell, 2024).await.unwrap().is_empty());
    let mut w = f.store.write(&a).await.unwrap();
    let err = w.plans().create(cell, 2023, None).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict { field: "year" }),
        "{err:?}"
    );
    drop(w);

    let rules = Catalogue::builtin()
        .rules_on(date!(2023 - 01 - 01))
        .unwrap();
    let item = |q: u8, presenter| {
        PlanItem::new(&rules, q, None, None, Some("Chuyên đề"), presenter, None).unwrap()
    };
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .plans()
        .set_items(id, vec![item(1, Some(stranger))], None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Meeting(chibo_domain::meeting::MeetingError::NotOnRoster(p)) if p == stranger),
        "{err:?}"
    );
    drop(w);
    let items: Vec<PlanItem> = (1..=4).map(|q| item(q, Some(member_p))).collect();
    let mut w = f.store.write(&a).await.unwrap();
    w.plans().set_items(id, items.clone(), None).await.unwrap();
    w.plans()
        .step(id, &PlanStep::Submit, "Bí thư", None)
        .await
        .unwrap();
    w.plans()
        .step(
            id,
            &PlanStep::Return {
                comment: "Bổ sung".into(),
            },
            "Cấp ủy",
            None,
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    // A stale version is refused with the plan as it is.
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .plans()
        .step(id, &PlanStep::Revise, "Bí thư", Some(1))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Stale { entity: "plan", .. }),
        "{err:?}"
    );
    drop(w);
    let plan = f.store.plan(id).await.unwrap().unwrap();
    assert_eq!(plan.plan.status, PlanStatus::Returned);
    assert_eq!(plan.plan.items, items);
    let (revisions, comments) = f.store.plan_history(id).await.unwrap();
    assert_eq!(
        revisions.iter().map(|r| r.status).collect::<Vec<_>>(),
        [PlanStatus::Submitted, PlanStatus::Returned]
    );
    assert_eq!(comments[0].body, "Bổ sung");
    assert_eq!(f.store.plan_org(id).await.unwrap(), Some(cell));
    // DOC-05/06/19: the submission numbered the plan ("Số 01-KH/CB") in its unit of work;
    // revised and submitted again, it keeps its number.
    let doc = f.store.document_of_plan(id).await.unwrap().unwrap();
    assert_eq!(
        (doc.kind.as_str(), doc.number, doc.plan),
        ("KH", 1, Some(id))
    );
    assert_eq!(doc.org, cell);
    assert_eq!(doc.signed_by, "Bí thư");
    let mut w = f.store.write(&a).await.unwrap();
    w.plans()
        .step(id, &PlanStep::Revise, "Bí thư", None)
        .await
        .unwrap();
    w.plans()
        .step(id, &PlanStep::Submit, "Bí thư", None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    let again = f.store.document_of_plan(id).await.unwrap().unwrap();
    assert_eq!((again.id, again.number), (doc.id, 1));
    assert_eq!(
        f.store
            .documents_of(cell)
            .await
            .unwrap()
            .iter()
            .filter(|d| d.kind == "KH")
            .count(),
        1
    );
    // The superior's view: the cell with its plan.
    let rows = f
        .store
        .plans_under(commune, 2023, date!(2023 - 06 - 01))
        .await
        .unwrap();
    let row = rows.iter().find(|r| r.cell == cell).unwrap();
    assert_eq!(row.plan.as_ref().map(|p| p.id), Some(id));
    let none = f
        .store
        .plans_under(commune, 2022, date!(2023 - 06 - 01))
        .await
        .unwrap();
    assert!(none.iter().any(|r| r.cell == cell && r.plan.is_none()));
}

/// Issue 11's superior view in SQL (PLAN-02, MTG-FREQ-02): over a commune's cells, one page
/// filtered, sorted and paged by the database, the totals by one aggregate query, the missed
/// topics counted from `plan_item` as `item_state` judges them — drafts and returned plans
/// included (an ended quarter without an approved thematic meeting is missed whatever the
/// plan's status) — and the migration's backfill of `plan_item` gives the same answers.
async fn plan_02_superior_view_filters_sorts_counts_and_pages_in_sql(f: Fixture) {
    use chibo_domain::plan::{item_state, quarters_ended, ItemState, PlanItem, PlanStep};
    use chibo_domain::ruleset::Catalogue;
    use chibo_store::{PlanFilter, PlanScope, PlanSort};

    let (_, _, _, first) = reorganised(&f.store).await;
    let commune = reorganised_commune(&f.store, first).await;
    let a = actor();
    let mut cells = vec![first];
    for n in ["Chi bộ Đông", "Chi bộ Dương", "Chi bộ Ánh", "Chi bộ Anh"] {
        let c = f
            .store
            .create_org(
                &a,
                OrgKind::Cell,
                name(n),
                Some(CellType::Village),
                Some(commune),
                date!(2015 - 01 - 01),
            )
            .await
            .unwrap();
        cells.push(c);
    }
    // [Co Muông, Đông, Dương, Ánh, Anh] in the caller's (Vietnamese) name order.
    let order: Vec<i64> = [4, 3, 0, 2, 1].iter().map(|i| cells[*i].0).collect();
    let rules = Catalogue::builtin()
        .rules_on(date!(2023 - 01 - 01))
        .unwrap();
    let item = |q: u8| PlanItem::new(&rules, q, None, None, Some("Chuyên đề"), None, None).unwrap();
    let all: Vec<PlanItem> = (1..=4).map(item).collect();
    let mut w = f.store.write(&a).await.unwrap();
    // Co Muông: submitted; Đông: a draft with its Q1 topic only; Dương: returned;
    // Ánh and Anh: no plan.
    let submitted = w.plans().create(cells[0], 2023, None).await.unwrap();
    w.plans()
        .set_items(submitted, all.clone(), None)
        .await
        .unwrap();
    w.plans()
        .step(submitted, &PlanStep::Submit, "Bí thư", None)
        .await
        .unwrap();
    let draft_plan = w.plans().create(cells[1], 2023, None).await.unwrap();
    w.plans()
        .set_items(draft_plan, vec![item(1)], None)
        .await
        .unwrap();
    let returned = w.plans().create(cells[2], 2023, None).await.unwrap();
    w.plans()
        .set_items(returned, all.clone(), None)
        .await
        .unwrap();
    w.plans()
        .step(returned, &PlanStep::Submit, "Bí thư", None)
        .await
        .unwrap();
    w.plans()
        .step(
            returned,
            &PlanStep::Return {
                comment: "Sửa".into(),
            },
            "Cấp ủy",
            None,
        )
        .await
        .unwrap();
    w.commit().await.unwrap();

    let on = date!(2023 - 07 - 15);
    let scope = PlanScope {
        committee: commune,
        year: 2023,
        date: on,
        quarters_ended: quarters_ended(2023, on),
        name_order: &order,
    };
    assert_eq!(scope.quarters_ended, 2);
    let check = |label: &'static str| {
        let f = &f;
        let order = order.clone();
        let cells = cells.clone();
        async move {
            let scope = PlanScope {
                name_order: &order,
                ..scope
            };
            let before = f.store.query_count();
            let (rows, matching) = f
                .store
                .plans_page(scope, &PlanFilter::default(), PlanSort::Name, 100, 0)
                .await
                .unwrap();
            assert_eq!(f.store.query_count() - before, 1, "{label}: one query");
            assert_eq!(matching, 5, "{label}");
            let ids: Vec<i64> = rows.iter().map(|r| r.cell.0).collect();
            assert_eq!(ids, order, "{label}: the given name order");
            // The SQL count of missed topics is what `item_state` says of each item.
            for r in &rows {
                let expected = r.plan.as_ref().map_or(0, |p| {
                    p.plan
                        .items
                        .iter()
                        .filter(|i| item_state(i, 2023, None, on) == ItemState::Missed)
                        .count()
                });
                assert_eq!(r.missed, expected as i64, "{label}: {:?}", r.cell);
            }
            let missed = |c: OrgId| rows.iter().find(|r| r.cell == c).unwrap().missed;
            // Drafts and returned plans too: their ended quarters are missed.
            assert_eq!(
                (missed(cells[0]), missed(cells[1]), missed(cells[2])),
                (2, 1, 2),
                "{label}"
            );
            let before = f.store.query_count();
            let counts = f.store.plan_counts(scope).await.unwrap();
            assert_eq!(
                f.store.query_count() - before,
                1,
                "{label}: one aggregate query"
            );
            let mut by_status = counts.by_status.clone();
            by_status.sort();
            assert_eq!(
                by_status,
                vec![
                    ("draft".to_string(), 1),
                    ("none".to_string(), 2),
                    ("returned".to_string(), 1),
                    ("submitted".to_string(), 1),
                ],
                "{label}"
            );
            assert_eq!(counts.with_missed, 3, "{label}");
        }
    };
    check("written by the store").await;

    // Filters, sorts and pages.
    let page = |filter: PlanFilter, sort: PlanSort, limit: i64, offset: i64| {
        let f = &f;
        async move {
            let (rows, matching) = f
                .store
                .plans_page(scope, &filter, sort, limit, offset)
                .await
                .unwrap();
            (rows.iter().map(|r| r.cell).collect::<Vec<_>>(), matching)
        }
    };
    let only_missed = PlanFilter {
        only_missed: true,
        ..Default::default()
    };
    assert_eq!(
        page(only_missed.clone(), PlanSort::Missed, 100, 0).await,
        (vec![cells[0], cells[2], cells[1]], 3),
        "most missed first, then by name"
    );
    assert_eq!(
        page(only_missed.clone(), PlanSort::Name, 2, 2).await,
        (vec![cells[1]], 3),
        "the second page of two"
    );
    assert_eq!(
        page(
            PlanFilter {
                status: Some("none".into()),
                ..Default::default()
            },
            PlanSort::Name,
            100,
            0
        )
        .await,
        (vec![cells[4], cells[3]], 2)
    );
    assert_eq!(
        page(
            PlanFilter {
                only_unsent: true,
                ..Default::default()
            },
            PlanSort::Status,
            100,
            0
        )
        .await,
        (vec![cells[4], cells[3], cells[1]], 3),
        "none before draft, each by name"
    );
    assert_eq!(
        page(PlanFilter::default(), PlanSort::Status, 100, 0)
            .await
            .0,
        vec![cells[4], cells[3], cells[1], cells[0], cells[2]]
    );
    // Before any quarter ended nothing is missed.
    let early = PlanScope {
        date: date!(2023 - 03 - 31),
        quarters_ended: quarters_ended(2023, date!(2023 - 03 - 31)),
        ..scope
    };
    assert_eq!(f.store.plan_counts(early).await.unwrap().with_missed, 0);

    // The migration's backfill of `plan_item` from `items_json` answers the same.
    let migration = match f.store.backend() {
        chibo_store::Backend::Sqlite => include_str!("../migrations/sqlite/0019_plan_items.sql"),
        chibo_store::Backend::Postgres => {
            include_str!("../migrations/postgres/0019_plan_items.sql")
        }
    };
    let backfill = &migration[migration.find("INSERT INTO plan_item").unwrap()..];
    f.store
        .execute_raw_for_tests("DELETE FROM plan_item")
        .await
        .unwrap();
    assert_eq!(f.store.plan_counts(scope).await.unwrap().with_missed, 0);
    f.store.execute_raw_for_tests(backfill).await.unwrap();
    check("backfilled by the migration").await;
}

/// TRN-01: a committee's course, class and three practice groups, each with a sandbox cell
/// of fictional members and a mock meeting held there; none of it reaches a real read — the
/// whole tree, subtrees, ancestry, rosters, subtree attendance — and the real organisation
/// writes cannot link a real organisation with a sandbox one.
async fn trn_01_no_sandbox_row_reaches_a_real_query(f: Fixture) {
    use chibo_domain::meeting::minutes::Minutes;
    use chibo_domain::meeting::roll_call::Presence;
    use chibo_domain::meeting::Transition;
    use chibo_domain::ruleset::MeetingKind;
    use chibo_store::{Approval, MeetingDraft, ParticipantRole};

    let (province, district, commune, cell) = reorganised(&f.store).await;
    let a = actor();
    let real = f
        .store
        .create_person(&a, &draft("Đảng viên thật", None))
        .await
        .unwrap();
    f.store.set_member(&a, &member(real, None)).await.unwrap();
    f.store
        .add_placement(
            &a,
            &Placement {
                person: real,
                org: cell,
                kind: PlacementKind::Home,
                period: Period::starting(date!(2016 - 01 - 01)),
                note: None,
            },
        )
        .await
        .unwrap();
    let audit_before = audit_count(&f.store).await;

    // The S2 course: the district's class of 20/8/2020, three groups of 15.
    let held_on = date!(2020 - 08 - 20);
    let mut w = f.store.write(&a).await.unwrap();
    let course = w
        .training()
        .create_course(district, "Bồi dưỡng bí thư chi bộ 2020", held_on)
        .await
        .unwrap();
    let class = w
        .training()
        .create_class(course, "Kỹ năng tổ chức sinh hoạt chi bộ", held_on)
        .await
        .unwrap();
    let mut sandboxes = Vec::new();
    for (i, g) in ["Tổ 1", "Tổ 2", "Tổ 3"].into_iter().enumerate() {
        let (group, org) = w.training().create_group(class, g, 15).await.unwrap();
        w.training()
            .add_participant(
                group,
                ParticipantRole::Learner,
                &format!("Học viên {}", i + 1),
                None,
            )
            .await
            .unwrap();
        w.training()
            .add_participant(
                group,
                ParticipantRole::Trainer,
                "Giảng viên Lò Thị Hoa",
                None,
            )
            .await
            .unwrap();
        sandboxes.push(org);
    }
    w.commit().await.unwrap();
    assert!(audit_count(&f.store).await > audit_before + 8, "audited");

    let record = f.store.training_class(class).await.unwrap().unwrap();
    assert_eq!(record.course.practice_date, held_on);
    assert_eq!(record.course.owner, district);
    assert_eq!(
        record.groups.iter().map(|g| g.sandbox).collect::<Vec<_>>(),
        sandboxes
    );
    assert_eq!(record.groups[0].participants.len(), 2);
    assert_eq!(f.store.training_courses(district).await.unwrap().len(), 1);
    for org in &sandboxes {
        assert!(f.store.is_sandbox(*org).await.unwrap());
    }
    assert!(!f.store.is_sandbox(cell).await.unwrap());

    // The sandbox cell's roster: a realistic mix on the practice day.
    let roster = f.store.cell_records(sandboxes[0]).await.unwrap();
    let people: Vec<_> = roster.people.iter().map(|p| p.person.id).collect();
    assert_eq!(people.len(), 15);
    let b = CellRoster::on(
        sandboxes[0],
        held_on,
        &roster.members(),
        &roster.placements,
        &roster.statuses,
    )
    .breakdown();
    assert_eq!(
        (b.official, b.probationary, b.attached_here, b.exempted),
        (12, 2, 1, 1),
        "{b:?}"
    );

    // A mock meeting in the sandbox, closed with one sandbox member absent without reason.
    let snapshot = Minutes::from_stored(
        1,
        include_str!("../../domain/tests/fixtures/minutes-v1.json"),
    )
    .unwrap();
    let approval = Approval {
        votes_for: 1,
        against: 0,
        abstain: 0,
        denominator: 1,
        minute_taker: None,
        chair: None,
        recorded_by: "Học viên 1".into(),
    };
    let mut w = f.store.write(&a).await.unwrap();
    let mock = w
        .meetings()
        .create(&MeetingDraft {
            org: sandboxes[0],
            kind: MeetingKind::Regular,
            date: held_on,
            planned_start: None,
            place: "Hội trường Trung tâm bồi dưỡng chính trị huyện".into(),
        })
        .await
        .unwrap();
    w.meetings()
        .transition(mock, &Transition::Start, None, None)
        .await
        .unwrap();
    w.meetings()
        .set_attendance(
            mock,
            people[5],
            Presence::Absent {
                reason: None,
                accepted: false,
            },
            None,
        )
        .await
        .unwrap();
    w.meetings()
        .approve_minutes(mock, &snapshot, &approval, None, None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert_eq!(
        f.store
            .attendance_history(sandboxes[0], 2020)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        f.store.meetings_of(sandboxes[0], 2020).await.unwrap().len(),
        1
    );

    // No real read reaches the sandbox.
    let tree = f.store.org_tree().await.unwrap();
    for on in [held_on, date!(2026 - 01 - 01)] {
        let roots: Vec<OrgId> = tree.roots_on(on).iter().map(|v| v.org).collect();
        assert_eq!(roots, vec![province], "{on}");
        for s in &sandboxes {
            assert!(tree.version_on(*s, on).is_none());
            assert!(!tree.subtree_on(province, on).contains(s));
            for root in [province, district, commune] {
                assert!(!f.store.subtree_on(root, on).await.unwrap().contains(s));
                assert!(!f.store.is_under(*s, root, on).await.unwrap());
            }
            assert_eq!(f.store.superior_on(*s, on).await.unwrap(), None);
        }
        for root in [province, district, commune] {
            assert!(f
                .store
                .subtree_attendance_history(root, on, 2020)
                .await
                .unwrap()
                .is_empty());
        }
    }
    let real_roster = f.store.cell_records(cell).await.unwrap();
    assert_eq!(
        real_roster
            .people
            .iter()
            .map(|p| p.person.id)
            .collect::<Vec<_>>(),
        vec![real]
    );
    assert!(f.store.meetings_of(cell, 2020).await.unwrap().is_empty());
    assert!(f
        .store
        .meetings_of(district, 2020)
        .await
        .unwrap()
        .is_empty());

    // The real organisation writes do not link real and sandbox organisations.
    let under_sandbox = f
        .store
        .create_org(
            &a,
            OrgKind::Cell,
            name("Chi bộ lạc"),
            Some(CellType::Village),
            Some(sandboxes[0]),
            held_on,
        )
        .await;
    assert!(
        matches!(under_sandbox, Err(StoreError::NotFound("org"))),
        "{under_sandbox:?}"
    );
    let moved = f
        .store
        .change_org(
            &a,
            sandboxes[1],
            held_on,
            OrgChange {
                parent: Some(Some(commune)),
                ..Default::default()
            },
        )
        .await;
    assert!(
        matches!(moved, Err(StoreError::NotFound("org"))),
        "{moved:?}"
    );
    let moved_under = f
        .store
        .change_org(
            &a,
            cell,
            date!(2026 - 01 - 01),
            OrgChange {
                parent: Some(Some(sandboxes[2])),
                ..Default::default()
            },
        )
        .await;
    assert!(
        matches!(moved_under, Err(StoreError::NotFound("org"))),
        "{moved_under:?}"
    );
    assert!(matches!(
        f.store.close_org(&a, sandboxes[2], held_on).await,
        Err(StoreError::NotFound("org"))
    ));

    // TRN-01: the normal placement path never links a real person and a sandbox cell, in
    // either direction, and a refused placement writes nothing.
    use chibo_domain::training::PracticeError;
    let audit_before = audit_count(&f.store).await;
    let into_sandbox = f
        .store
        .add_placement(
            &a,
            &Placement {
                person: real,
                org: sandboxes[0],
                kind: PlacementKind::Attached,
                period: Period::new(held_on, Some(date!(2020 - 12 - 31))).unwrap(),
                note: None,
            },
        )
        .await;
    assert!(
        matches!(
            into_sandbox,
            Err(StoreError::Practice(PracticeError::SandboxBoundary))
        ),
        "{into_sandbox:?}"
    );
    let into_real = f
        .store
        .add_placement(
            &a,
            &Placement {
                person: people[0],
                org: cell,
                kind: PlacementKind::Attached,
                period: Period::new(held_on, Some(date!(2020 - 12 - 31))).unwrap(),
                note: None,
            },
        )
        .await;
    assert!(
        matches!(
            into_real,
            Err(StoreError::Practice(PracticeError::SandboxBoundary))
        ),
        "{into_real:?}"
    );
    let fresh = f
        .store
        .create_person(&a, &draft("Người mới thật", None))
        .await
        .unwrap();
    f.store.set_member(&a, &member(fresh, None)).await.unwrap();
    let audit_mid = audit_count(&f.store).await;
    let fresh_into_sandbox = f
        .store
        .add_placement(
            &a,
            &Placement {
                person: fresh,
                org: sandboxes[1],
                kind: PlacementKind::Home,
                period: Period::starting(held_on),
                note: None,
            },
        )
        .await;
    assert!(
        matches!(
            fresh_into_sandbox,
            Err(StoreError::Practice(PracticeError::SandboxBoundary))
        ),
        "{fresh_into_sandbox:?}"
    );
    assert_eq!(audit_count(&f.store).await, audit_mid);
    assert!(audit_mid > audit_before);
    assert_eq!(
        f.store
            .cell_records(sandboxes[1])
            .await
            .unwrap()
            .people
            .len(),
        15
    );
}

/// TRN-01/02: a situation is injected into a running mock meeting (bumping its version and
/// announcing it), refused in a closed one or a real meeting; its handling is recorded once;
/// comments are per step of the agenda; the practice role of a user follows the groups.
/// TRN-01, setting up practice: a course and a group read back by id; the role of a login in
/// a group — learner and guest of their own group only, trainer of any group of the class,
/// none elsewhere — which the access layer grants by; and every meeting of a sandbox cell
/// whatever its year (mock meetings practising HD 12/2018 and HD 42/2025 lie years apart).
async fn trn_01_setup_reads_group_roles_and_meetings_of_every_year(f: Fixture) {
    use chibo_domain::ruleset::MeetingKind;
    use chibo_store::{MeetingDraft, NewUser, ParticipantRole as P};

    let (_, district, _, _) = reorganised(&f.store).await;
    let a = actor();
    let day = date!(2020 - 08 - 20);
    let mut w = f.store.write(&a).await.unwrap();
    let mut users = Vec::new();
    for login in ["hv.a", "gv.a", "khach.a", "hv.b", "nguoi.ngoai"] {
        let id = w
            .users()
            .create(&NewUser {
                login: login.into(),
                password_hash: "x".into(),
                person: None,
                roles: vec![],
                display_name: Some(login.into()),
            })
            .await
            .unwrap();
        users.push(id.0);
    }
    let course = w
        .training()
        .create_course(district, "Khóa", day)
        .await
        .unwrap();
    let class = w.training().create_class(course, "Lớp", day).await.unwrap();
    let (g1, s1) = w.training().create_group(class, "Tổ 1", 12).await.unwrap();
    let (g2, _) = w.training().create_group(class, "Tổ 2", 12).await.unwrap();
    for (group, role, user) in [
        (g1, P::Learner, users[0]),
        (g1, P::Trainer, users[1]),
        (g1, P::Guest, users[2]),
        (g2, P::Learner, users[3]),
    ] {
        w.training()
            .add_participant(group, role, "Người tham gia", Some(user))
            .await
            .unwrap();
    }
    for (date, kind) in [
        (date!(2026 - 11 - 30), MeetingKind::Regular),
        (day, MeetingKind::Thematic),
    ] {
        w.meetings()
            .create(&MeetingDraft {
                org: s1,
                kind,
                date,
                planned_start: None,
                place: "Hội trường".into(),
            })
            .await
            .unwrap();
    }
    w.commit().await.unwrap();

    let c = f.store.training_course(course).await.unwrap().unwrap();
    assert_eq!((c.owner, c.practice_date), (district, day));
    assert!(f
        .store
        .training_course(course + 1000)
        .await
        .unwrap()
        .is_none());
    assert_eq!(f.store.training_group(g1).await.unwrap(), Some((class, s1)));
    assert!(f.store.training_group(g2 + 1000).await.unwrap().is_none());
    let role = |g, u| {
        let store = f.store.clone();
        async move { store.group_practice_role(g, u).await.unwrap() }
    };
    assert_eq!(role(g1, users[0]).await, Some(P::Learner));
    assert_eq!(role(g2, users[0]).await, None, "a learner of another group");
    assert_eq!(role(g1, users[1]).await, Some(P::Trainer));
    assert_eq!(
        role(g2, users[1]).await,
        Some(P::Trainer),
        "trainer of the class"
    );
    assert_eq!(role(g1, users[2]).await, Some(P::Guest));
    assert_eq!(role(g2, users[2]).await, None);
    assert_eq!(role(g2, users[3]).await, Some(P::Learner));
    assert_eq!(role(g1, users[4]).await, None);

    let all = f.store.meetings_of_all_years(s1).await.unwrap();
    assert_eq!(
        all.iter().map(|m| (m.date, m.kind)).collect::<Vec<_>>(),
        vec![
            (day, MeetingKind::Thematic),
            (date!(2026 - 11 - 30), MeetingKind::Regular)
        ]
    );
}

async fn trn_02_situations_and_discussion_on_mock_meetings(f: Fixture) {
    use chibo_domain::meeting::Transition;
    use chibo_domain::ruleset::MeetingKind;
    use chibo_domain::training::{situations, CommentKind, PracticeError, PracticeText};
    use chibo_store::MeetingDraft;

    let (_, district, _, cell) = reorganised(&f.store).await;
    let a = actor();
    let day = date!(2020 - 08 - 20);
    let mut w = f.store.write(&a).await.unwrap();
    let course = w
        .training()
        .create_course(district, "Khóa", day)
        .await
        .unwrap();
    let class = w.training().create_class(course, "Lớp", day).await.unwrap();
    let (_, s1) = w.training().create_group(class, "Tổ 1", 5).await.unwrap();
    let (_, s2) = w.training().create_group(class, "Tổ 2", 5).await.unwrap();
    let mock = w
        .meetings()
        .create(&MeetingDraft {
            org: s1,
            kind: MeetingKind::Regular,
            date: day,
            planned_start: None,
            place: "Hội trường".into(),
        })
        .await
        .unwrap();
    let other = w
        .meetings()
        .create(&MeetingDraft {
            org: s2,
            kind: MeetingKind::Regular,
            date: day,
            planned_start: None,
            place: "Hội trường".into(),
        })
        .await
        .unwrap();
    let real = w
        .meetings()
        .create(&MeetingDraft {
            org: cell,
            kind: MeetingKind::Regular,
            date: day,
            planned_start: None,
            place: "Nhà văn hóa".into(),
        })
        .await
        .unwrap();
    w.commit().await.unwrap();
    let bank = situations::builtin();
    let any = bank.iter().find(|s| s.kinds.is_empty()).unwrap().clone();

    // Not yet started: refused, nothing written.
    let mut w = f.store.write(&a).await.unwrap();
    let early = w.training().inject(mock, &any).await;
    assert!(
        matches!(early, Err(StoreError::Practice(PracticeError::NotRunning))),
        "{early:?}"
    );
    drop(w);
    let mut w = f.store.write(&a).await.unwrap();
    w.meetings()
        .transition(mock, &Transition::Start, None, None)
        .await
        .unwrap();
    w.meetings()
        .transition(real, &Transition::Start, None, None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    let before = f.store.meeting(mock).await.unwrap().unwrap().version;
    let mut changes = f.store.meeting_changes();
    let mut w = f.store.write(&a).await.unwrap();
    let injected = w.training().inject(mock, &any).await.unwrap();
    w.commit().await.unwrap();
    assert_eq!(
        changes.recv().await.unwrap(),
        chibo_store::MeetingChange::Meeting(mock)
    );
    assert_eq!(
        f.store.meeting(mock).await.unwrap().unwrap().version,
        before + 1
    );
    // A real meeting is not a mock meeting.
    let mut w = f.store.write(&a).await.unwrap();
    let into_real = w.training().inject(real, &any).await;
    assert!(
        matches!(into_real, Err(StoreError::NotFound("meeting"))),
        "{into_real:?}"
    );
    drop(w);
    let list = f.store.mock_injections(mock).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].situation, any);
    assert_eq!(list[0].handling, None);
    assert!(f.store.mock_injections(other).await.unwrap().is_empty());

    let handling = PracticeText::parse("Chủ trì giải thích và cho biểu quyết lại").unwrap();
    let mut w = f.store.write(&a).await.unwrap();
    w.training()
        .handle(mock, injected, &handling)
        .await
        .unwrap();
    w.commit().await.unwrap();
    let mut w = f.store.write(&a).await.unwrap();
    let again = w.training().handle(mock, injected, &handling).await;
    assert!(
        matches!(
            again,
            Err(StoreError::Practice(PracticeError::AlreadyHandled))
        ),
        "{again:?}"
    );
    let wrong_meeting = w.training().handle(other, injected, &handling).await;
    assert!(
        matches!(wrong_meeting, Err(StoreError::NotFound(_))),
        "{wrong_meeting:?}"
    );
    drop(w);
    let list = f.store.mock_injections(mock).await.unwrap();
    assert_eq!(list[0].handling.as_deref(), Some(handling.as_str()));
    assert_eq!(list[0].handled_by.as_deref(), Some("system:test"));

    let body = PracticeText::parse("Điểm danh nhanh, nêu rõ người vắng").unwrap();
    let mut w = f.store.write(&a).await.unwrap();
    w.training()
        .comment(mock, "M1", CommentKind::WentWell, &body, "Học viên A")
        .await
        .unwrap();
    let bad = w
        .training()
        .comment(mock, "Z9", CommentKind::Difficulty, &body, "Học viên A")
        .await;
    assert!(
        matches!(
            bad,
            Err(StoreError::Practice(PracticeError::UnknownStep(_)))
        ),
        "{bad:?}"
    );
    w.commit().await.unwrap();
    let comments = f.store.mock_comments(mock).await.unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(
        (
            comments[0].step.as_str(),
            comments[0].kind,
            comments[0].author.as_str()
        ),
        ("M1", CommentKind::WentWell, "Học viên A")
    );
}

/// Issue 12: a case opened and stepped through the pipeline keeps an append-only timeline
/// (no UPDATE or DELETE, even by direct SQL), rewrites what falls due at each step (the
/// ADM-DEC-02 60 working days after the cell's resolution), lists it across the subtree in
/// one query; a refused step (ADM-VOTE-01 below 2/3, ADM-INT-01 introducer not official)
/// writes nothing, not even its audit event; a second open case for one person is refused by
/// the store, and a new attempt is allowed once the first is closed.
async fn adm_pipe_01_cases_timeline_deadlines_and_one_open_case_per_person(f: Fixture) {
    use chibo_domain::admission::{
        AdmissionError, CellVote, Checked, Education, Introducer, Stage, Step,
    };
    use chibo_domain::calendar::WorkingCalendar;
    use chibo_domain::meeting::vote::{Tally, VoteMethod};
    use chibo_domain::ruleset::{Catalogue, Deadline};
    use chibo_store::NewCaseDocument;

    let (province, _, _, cell) = reorganised(&f.store).await;
    let a = actor();
    let mut officials = Vec::new();
    for i in 0..3 {
        let p = f
            .store
            .create_person(&a, &draft(&format!("Đảng viên {i}"), None))
            .await
            .unwrap();
        f.store.set_member(&a, &member(p, None)).await.unwrap();
        f.store
            .add_placement(
                &a,
                &Placement {
                    person: p,
                    org: cell,
                    kind: PlacementKind::Home,
                    period: Period::starting(date!(2015 - 01 - 01)),
                    note: None,
                },
            )
            .await
            .unwrap();
        officials.push(p);
    }
    let applicant = f
        .store
        .create_person(&a, &draft("Người xin vào Đảng", None))
        .await
        .unwrap();
    let stranger = f
        .store
        .create_person(&a, &draft("Người ngoài", None))
        .await
        .unwrap();
    let catalogue = Catalogue::builtin();
    let calendar = WorkingCalendar::builtin(2020..=2026).unwrap();

    let mut w = f.store.write(&a).await.unwrap();
    let id = w
        .admissions()
        .open(cell, applicant, officials[0], date!(2022 - 01 - 10))
        .await
        .unwrap();
    w.commit().await.unwrap();
    // At most one open case per person: the store refuses a second one.
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .admissions()
        .open(cell, applicant, officials[1], date!(2022 - 01 - 11))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict { field: "person" }),
        "{err:?}"
    );
    drop(w);
    // The helper must be an official member of the cell (ADM-PIPE-01, ADM-PRB-01).
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .admissions()
        .open(cell, stranger, stranger, date!(2022 - 01 - 11))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Admission(_)), "{err:?}");
    drop(w);

    let steps = [
        (
            Step::Course {
                certificate_date: date!(2022 - 02 - 01),
            },
            date!(2022 - 02 - 10),
        ),
        (Step::Application, date!(2022 - 03 - 01)),
        (Step::LifeHistory, date!(2022 - 04 - 01)),
        (
            Step::BackgroundCheck {
                checked: vec![Checked::Applicant, Checked::Parents],
            },
            date!(2022 - 06 - 01),
        ),
        (
            Step::Opinions {
                summary: "Đồng ý".into(),
            },
            date!(2022 - 07 - 01),
        ),
    ];
    let mut version = 1;
    for (step, on) in &steps {
        let mut w = f.store.write(&a).await.unwrap();
        version = w
            .admissions()
            .step(id, step, *on, &catalogue, &calendar, Some(version))
            .await
            .unwrap();
        w.commit().await.unwrap();
    }
    // ADM-INT-01: an introducer who is not an official member of the cell is refused, and
    // nothing is written.
    let audit = audit_count(&f.store).await;
    let introducers = |second| Step::Introducers {
        introducers: vec![
            Introducer::Member {
                person: officials[1],
                together_since: date!(2019 - 01 - 01),
                replacement: false,
            },
            Introducer::Member {
                person: second,
                together_since: date!(2019 - 01 - 01),
                replacement: false,
            },
        ],
    };
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .admissions()
        .step(
            id,
            &introducers(stranger),
            date!(2022 - 08 - 01),
            &catalogue,
            &calendar,
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Admission(AdmissionError::IntroducerNotOfficial(p)) if p == stranger
    ));
    drop(w);
    assert_eq!(audit_count(&f.store).await, audit);
    let mut w = f.store.write(&a).await.unwrap();
    w.admissions()
        .step(
            id,
            &introducers(officials[2]),
            date!(2022 - 08 - 01),
            &catalogue,
            &calendar,
            None,
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    // ADM-VOTE-01: 1 of 3 is below two thirds; refused, nothing written.
    let vote = |votes_for| Step::CellResolution {
        vote: CellVote {
            method: VoteMethod::SecretBallot,
            tally: Tally {
                votes_for,
                against: 3 - votes_for,
                abstain: 0,
            },
            denominator: 3,
            meeting_vote: None,
        },
        education: Education {
            lower_secondary: true,
            exemption: None,
        },
        provincial_agreement: None,
    };
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .admissions()
        .step(
            id,
            &vote(1),
            date!(2022 - 09 - 06),
            &catalogue,
            &calendar,
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "1 of 3 is below two thirds (ADM-VOTE-01)");
    drop(w);
    assert_eq!(
        f.store.admission(id).await.unwrap().unwrap().case.stage,
        Stage::Introducers
    );
    let mut w = f.store.write(&a).await.unwrap();
    w.admissions()
        .step(
            id,
            &vote(2),
            date!(2022 - 09 - 06),
            &catalogue,
            &calendar,
            None,
        )
        .await
        .unwrap();
    w.admissions()
        .add_document(
            id,
            &NewCaseDocument {
                kind: chibo_domain::admission::AdmissionDocument::CellResolution,
                date: date!(2022 - 09 - 06),
                reference: Some("05-NQ/CB".into()),
                file_name: None,
                note: None,
            },
        )
        .await
        .unwrap();
    w.commit().await.unwrap();

    // ADM-DEC-02: due 60 working days after the resolution, listed from the province down.
    let due = f
        .store
        .deadlines_under(province, date!(2023 - 01 - 01), None)
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].deadline, Deadline::AdmissionDecision);
    assert_eq!(due[0].rule, "ADM-DEC-02");
    assert_eq!(due[0].person, applicant);
    assert_eq!(
        calendar
            .working_days_between(date!(2022 - 09 - 06), due[0].last_day)
            .unwrap(),
        60
    );
    assert!(f
        .store
        .deadlines_under(province, date!(2023 - 01 - 01), Some(date!(2022 - 09 - 30)))
        .await
        .unwrap()
        .is_empty());
    let (timeline, documents) = f.store.admission_history(id).await.unwrap();
    assert_eq!(timeline.len(), 7);
    assert_eq!(timeline[6].to, Stage::CellResolution);
    assert_eq!(documents.len(), 1);
    assert_eq!(
        f.store
            .admissions_under(province, date!(2023 - 01 - 01))
            .await
            .unwrap()
            .len(),
        1
    );
    // The timeline is append-only, even by direct SQL.
    assert!(f
        .store
        .execute_raw_for_tests("UPDATE admission_step SET stage_to = 'official'")
        .await
        .is_err());
    assert!(f
        .store
        .execute_raw_for_tests("DELETE FROM admission_step")
        .await
        .is_err());

    // A closed case lets a new attempt start; nothing falls due for it any more.
    let mut w = f.store.write(&a).await.unwrap();
    w.admissions()
        .step(
            id,
            &Step::Close {
                reason: "Rút đơn".into(),
            },
            date!(2022 - 09 - 20),
            &catalogue,
            &calendar,
            None,
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert!(f
        .store
        .deadlines_under(province, date!(2023 - 01 - 01), None)
        .await
        .unwrap()
        .is_empty());
    let mut w = f.store.write(&a).await.unwrap();
    let second = w
        .admissions()
        .open(cell, applicant, officials[0], date!(2023 - 01 - 10))
        .await
        .unwrap();
    w.commit().await.unwrap();
    let cases = f.store.admissions_of_person(applicant).await.unwrap();
    assert_eq!(
        cases.iter().map(|c| (c.id, c.attempt)).collect::<Vec<_>>(),
        [(id, 1), (second, 2)]
    );
    // The partial unique index holds even against a direct insert.
    assert!(f
        .store
        .execute_raw_for_tests(&format!(
            "INSERT INTO admission_case (person_id, org_id, attempt, stage, is_open, opened_on, case_json, version, updated_at)
             SELECT person_id, org_id, 9, stage, is_open, opened_on, case_json, version, updated_at FROM admission_case WHERE id = {second}"
        ))
        .await
        .is_err());
}

/// MEM-EX-01/02, MEM-TR-01..03, MEM-DIS-01 in the store: each record is written with its
/// dated effect (the exempted status; the attached placement; the home placement ended and
/// another started) and its audit event in one unit; a transfer is followed at the sending
/// and the receiving cell; a reception whose new placement is refused leaves nothing behind.
async fn mem_lifecycle_records_apply_their_effect_in_one_unit_and_are_followed_at_both_cells(
    f: Fixture,
) {
    use chibo_domain::calendar::WorkingCalendar;
    use chibo_domain::lifecycle::{
        Destination, Exemption, ExemptionGround, ExemptionStep, LifecycleError, Record,
        TemporaryTransfer, Transfer, TransferStage, TransferStep,
    };
    use chibo_domain::member::{status_on, StatusKind, TransferPurpose};
    use chibo_domain::ruleset::Catalogue;

    let (province, _, commune, cell) = reorganised(&f.store).await;
    let a = actor();
    let today = a.today();
    let cell2 = f
        .store
        .create_org(
            &a,
            OrgKind::Cell,
            name("Chi bộ bản Na Son"),
            Some(CellType::Village),
            Some(commune),
            date!(2015 - 01 - 01),
        )
        .await
        .unwrap();
    let closed = f
        .store
        .create_org(
            &a,
            OrgKind::Cell,
            name("Chi bộ bản Cũ"),
            Some(CellType::Village),
            Some(commune),
            date!(2015 - 01 - 01),
        )
        .await
        .unwrap();
    f.store
        .close_org(&a, closed, date!(2022 - 12 - 31))
        .await
        .unwrap();
    let mut people = Vec::new();
    for i in 0..3 {
        let p = f
            .store
            .create_person(&a, &draft(&format!("Đảng viên {i}"), None))
            .await
            .unwrap();
        f.store.set_member(&a, &member(p, None)).await.unwrap();
        f.store
            .add_placement(
                &a,
                &Placement {
                    person: p,
                    org: cell,
                    kind: PlacementKind::Home,
                    period: Period::starting(date!(2015 - 01 - 01)),
                    note: None,
                },
            )
            .await
            .unwrap();
        people.push(p);
    }
    let (elder, mover, student) = (people[0], people[1], people[2]);
    let catalogue = Catalogue::builtin();
    let calendar = WorkingCalendar::builtin(2020..=2026).unwrap();

    // MEM-EX-01/02: the exemption and its status in one unit.
    let before = audit_count(&f.store).await;
    let exemption = Exemption::new(
        ExemptionGround::Elderly,
        date!(2023 - 03 - 06),
        Period::starting(date!(2023 - 03 - 06)),
        None,
        None,
        None,
        today,
    )
    .unwrap();
    let mut w = f.store.write(&a).await.unwrap();
    let ex_id = w
        .lifecycle()
        .record(elder, &Record::Exemption(exemption.clone()))
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert_eq!(audit_count(&f.store).await, before + 2, "status + record");
    let (_, statuses, _) = f.store.person_history(elder).await.unwrap();
    assert_eq!(
        status_on(&statuses, elder, date!(2023 - 06 - 01)),
        Some(StatusKind::Exempted)
    );
    assert_eq!(status_on(&statuses, elder, date!(2023 - 03 - 05)), None);
    let events = f.store.member_events(elder).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].id, ex_id);
    assert_eq!(events[0].org, cell);
    assert_eq!(events[0].record, Record::Exemption(exemption.clone()));
    assert!(events[0].is_open, "not reported upward yet (MEM-EX-01)");
    // MEM-EX-01 reported, then MEM-EX-02 returned: the status ends the day before, in the
    // unit of the step; a return before the start is refused and changes nothing.
    let mut w = f.store.write(&a).await.unwrap();
    w.lifecycle()
        .exemption_step(
            ex_id,
            ExemptionStep::Reported {
                date: date!(2023 - 03 - 08),
            },
            Some(1),
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .lifecycle()
        .exemption_step(
            ex_id,
            ExemptionStep::Returned {
                date: date!(2023 - 03 - 06),
            },
            Some(2),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Lifecycle(LifecycleError::ExemptionOrder)),
        "{err:?}"
    );
    drop(w);
    let mut w = f.store.write(&a).await.unwrap();
    w.lifecycle()
        .exemption_step(
            ex_id,
            ExemptionStep::Returned {
                date: date!(2023 - 09 - 01),
            },
            Some(2),
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    let (_, statuses, _) = f.store.person_history(elder).await.unwrap();
    assert_eq!(
        status_on(&statuses, elder, date!(2023 - 08 - 31)),
        Some(StatusKind::Exempted)
    );
    assert_eq!(status_on(&statuses, elder, date!(2023 - 09 - 01)), None);
    assert_eq!(
        f.store.member_event(ex_id).await.unwrap().unwrap().version,
        3
    );
    // A second, overlapping exemption is refused and leaves no record behind.
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .lifecycle()
        .record(elder, &Record::Exemption(exemption))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Domain(_) | StoreError::Overlap { .. }),
        "{err:?}"
    );
    drop(w);
    assert_eq!(f.store.member_events(elder).await.unwrap().len(), 1);

    // MEM-TR-03: a study transfer to a cell in chibo is an attached placement there.
    let study = TemporaryTransfer::new(
        TransferPurpose::Study,
        cell,
        Destination {
            org: Some(cell2),
            name: None,
        },
        Period::new(date!(2023 - 01 - 09), Some(date!(2024 - 07 - 08))).unwrap(),
        None,
    )
    .unwrap();
    let mut w = f.store.write(&a).await.unwrap();
    w.lifecycle()
        .record(student, &Record::TemporaryTransfer(study))
        .await
        .unwrap();
    w.commit().await.unwrap();
    let (placements, _, _) = f.store.person_history(student).await.unwrap();
    assert!(placements.iter().any(|p| p.org == cell2
        && p.kind == PlacementKind::Attached
        && p.period.contains(date!(2023 - 06 - 01))));

    // MEM-TR-01: a transfer to cell2, followed at both cells.
    let t = Transfer::decide(
        cell,
        Destination {
            org: Some(cell2),
            name: None,
        },
        date!(2023 - 03 - 01),
        "Chuyển nơi cư trú".into(),
        today,
    )
    .unwrap();
    let mut w = f.store.write(&a).await.unwrap();
    let tid = w
        .lifecycle()
        .record(mover, &Record::Transfer(t.clone()))
        .await
        .unwrap();
    w.commit().await.unwrap();
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .lifecycle()
        .record(mover, &Record::Transfer(t))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Lifecycle(LifecycleError::TransferOpen)),
        "{err:?}"
    );
    drop(w);
    for org in [cell, cell2, province] {
        let open = f
            .store
            .open_member_events_under(org, date!(2023 - 03 - 02))
            .await
            .unwrap();
        assert!(open.iter().any(|(e, _)| e.id == tid), "followed at {org:?}");
    }
    let mut w = f.store.write(&a).await.unwrap();
    let v = w
        .lifecycle()
        .transfer_step(
            tid,
            TransferStep::Letter {
                date: date!(2023 - 03 - 10),
            },
            &catalogue,
            &calendar,
            Some(1),
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert_eq!(v, 2);
    // A stale version is refused.
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .lifecycle()
        .transfer_step(
            tid,
            TransferStep::Received {
                date: date!(2023 - 04 - 03),
            },
            &catalogue,
            &calendar,
            Some(1),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Stale { .. }), "{err:?}");
    drop(w);
    let mut w = f.store.write(&a).await.unwrap();
    w.lifecycle()
        .transfer_step(
            tid,
            TransferStep::Received {
                date: date!(2023 - 04 - 03),
            },
            &catalogue,
            &calendar,
            Some(2),
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    let (placements, _, _) = f.store.person_history(mover).await.unwrap();
    let homes: Vec<_> = placements
        .iter()
        .filter(|p| p.kind == PlacementKind::Home)
        .map(|p| (p.org, p.period.from(), p.period.until()))
        .collect();
    assert_eq!(
        homes,
        vec![
            (cell, date!(2015 - 01 - 01), Some(date!(2023 - 04 - 02))),
            (cell2, date!(2023 - 04 - 03), None),
        ]
    );
    let event = f.store.member_event(tid).await.unwrap().unwrap();
    assert!(!event.is_open);
    match event.record {
        Record::Transfer(t) => assert_eq!(t.stage, TransferStage::Received),
        other => panic!("{other:?}"),
    }

    // Nothing half-written: a reception at a cell closed on that date is refused after the
    // home placement was ended in the same unit; the unit is dropped and the member is still
    // at home, the transfer still waiting.
    let to_closed = Transfer::decide(
        cell,
        Destination {
            org: Some(closed),
            name: None,
        },
        date!(2022 - 11 - 01),
        "Điều động công tác".into(),
        today,
    )
    .unwrap();
    let mut w = f.store.write(&a).await.unwrap();
    let cid = w
        .lifecycle()
        .record(elder, &Record::Transfer(to_closed))
        .await
        .unwrap();
    w.lifecycle()
        .transfer_step(
            cid,
            TransferStep::Letter {
                date: date!(2022 - 11 - 15),
            },
            &catalogue,
            &calendar,
            None,
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    let mut w = f.store.write(&a).await.unwrap();
    let err = w
        .lifecycle()
        .transfer_step(
            cid,
            TransferStep::Received {
                date: date!(2023 - 01 - 16),
            },
            &catalogue,
            &calendar,
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Domain(_)), "{err:?}");
    drop(w);
    let (placements, _, _) = f.store.person_history(elder).await.unwrap();
    assert!(placements
        .iter()
        .any(|p| p.org == cell && p.kind == PlacementKind::Home && p.period.until().is_none()));
    let event = f.store.member_event(cid).await.unwrap().unwrap();
    assert!(event.is_open);
    assert_eq!(event.version, 2);
}

/// TRN-02: a committee's trainers write situations into its bank (audited); a builtin code
/// or a code the committee already used (whatever the case) is refused, as is a sandbox
/// cell as owner; another committee's situations are not in this committee's list; a
/// withdrawn situation stays readable, is withdrawn once, and an injection made before
/// keeps its copy.
async fn trn_02_trainers_write_and_withdraw_situations_of_their_committee(f: Fixture) {
    use chibo_domain::meeting::Transition;
    use chibo_domain::ruleset::MeetingKind;
    use chibo_domain::training::{PracticeError, Situation};
    use chibo_store::MeetingDraft;

    let (province, district, commune, _) = reorganised(&f.store).await;
    let a = actor();
    let written = |code: &str| {
        Situation::new(
            code,
            "Đảng viên đề nghị hoãn biểu quyết",
            "Một đảng viên đề nghị hoãn biểu quyết kết nạp sang kỳ sau.",
            "Chủ trì nêu quy định, xin ý kiến chi bộ rồi biểu quyết.",
            vec!["ADM-VOTE-01".into()],
            Some("M5"),
            vec![MeetingKind::Regular],
        )
        .unwrap()
    };
    let audits = audit_count(&f.store).await;
    let mut w = f.store.write(&a).await.unwrap();
    w.training()
        .write_situation(district, &written("TT-01"), "Giảng viên A")
        .await
        .unwrap();
    w.training()
        .write_situation(province, &written("TT-02"), "Giảng viên B")
        .await
        .unwrap();
    // Another committee may use the same code: codes are unique per committee.
    w.training()
        .write_situation(commune, &written("TT-01"), "Giảng viên C")
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert_eq!(audit_count(&f.store).await, audits + 3);

    for (owner, code) in [(district, "TH01"), (district, "tt-01"), (province, "TT-02")] {
        let mut w = f.store.write(&a).await.unwrap();
        let clash = w
            .training()
            .write_situation(owner, &written(code), "Giảng viên A")
            .await;
        assert!(
            matches!(clash, Err(StoreError::Practice(PracticeError::CodeTaken(ref c))) if c == code),
            "{code}: {clash:?}"
        );
    }
    let own = f.store.trainer_situations(district).await.unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].situation, written("TT-01"));
    assert_eq!(own[0].author, "Giảng viên A");
    assert_eq!(own[0].owner, district);
    assert_eq!(own[0].retired_at, None);
    // Another committee's situations are its own.
    let others = f.store.trainer_situations(province).await.unwrap();
    assert_eq!(others.len(), 1);
    assert_eq!(others[0].situation.code, "TT-02");

    // A sandbox cell owns no situation (TRN-01 boundary).
    let day = date!(2020 - 08 - 20);
    let mut w = f.store.write(&a).await.unwrap();
    let course = w
        .training()
        .create_course(district, "Khóa", day)
        .await
        .unwrap();
    let class = w.training().create_class(course, "Lớp", day).await.unwrap();
    let (_, sandbox) = w.training().create_group(class, "Tổ 1", 5).await.unwrap();
    let mock = w
        .meetings()
        .create(&MeetingDraft {
            org: sandbox,
            kind: MeetingKind::Regular,
            date: day,
            planned_start: None,
            place: "Hội trường".into(),
        })
        .await
        .unwrap();
    w.meetings()
        .transition(mock, &Transition::Start, None, None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    let mut w = f.store.write(&a).await.unwrap();
    let in_sandbox = w
        .training()
        .write_situation(sandbox, &written("TT-09"), "Giảng viên A")
        .await;
    assert!(
        matches!(in_sandbox, Err(StoreError::NotFound("org"))),
        "{in_sandbox:?}"
    );
    drop(w);
    assert!(f
        .store
        .trainer_situations(sandbox)
        .await
        .unwrap()
        .is_empty());

    // Injected, then withdrawn: the injection keeps its copy; the situation stays readable,
    // withdrawn once; another committee's is untouched.
    let mut w = f.store.write(&a).await.unwrap();
    w.training().inject(mock, &written("TT-01")).await.unwrap();
    w.training()
        .withdraw_situation(district, "TT-01")
        .await
        .unwrap();
    w.commit().await.unwrap();
    let own = f.store.trainer_situations(district).await.unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].retired_at, Some(a.at));
    assert_eq!(
        f.store.trainer_situations(commune).await.unwrap()[0].retired_at,
        None
    );
    let injections = f.store.mock_injections(mock).await.unwrap();
    assert_eq!(injections.len(), 1);
    assert_eq!(injections[0].situation, written("TT-01"));
    for (owner, code) in [
        (district, "TT-01"),
        (district, "TT-77"),
        (province, "TT-01"),
    ] {
        let mut w = f.store.write(&a).await.unwrap();
        let again = w.training().withdraw_situation(owner, code).await;
        assert!(
            matches!(
                again,
                Err(StoreError::Practice(PracticeError::UnknownSituation))
            ),
            "{code}: {again:?}"
        );
    }
    // Withdrawn, the code stays taken in its committee.
    let mut w = f.store.write(&a).await.unwrap();
    let reuse = w
        .training()
        .write_situation(district, &written("TT-01"), "Giảng viên A")
        .await;
    assert!(
        matches!(
            reuse,
            Err(StoreError::Practice(PracticeError::CodeTaken(_)))
        ),
        "{reuse:?}"
    );
}
