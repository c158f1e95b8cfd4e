//! Setting up practice over HTTP (issue 13, TRN-01, VER-01): the province's staff create a
//! course for the province choosing the guidance it practises, a class, a group with its
//! sandbox cell and a learner with a login; the learner plans the group's mock meeting and
//! lands on its live screen. Refused input comes back as 422 in Vietnamese with what was
//! typed kept; a learner of another group is refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::StatusCode;
use common::TestApp;
use serde_json::{json, Value};

/// The id at the end of a redirect such as `/training/classes/7` or `/meetings/9/live`.
fn id_in(location: &str, after: &str) -> i64 {
    location
        .split(after)
        .nth(1)
        .and_then(|rest| rest.split(['/', '#', '?']).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no id after {after} in {location}"))
}

#[tokio::test]
async fn trn_01_staff_set_up_a_class_and_a_learner_plans_and_chairs_its_mock_meeting() {
    let app = TestApp::new().await;
    // The demo's S2 course belongs to a district dissolved in 2025: its courses now stand
    // under the province, where new ones are made.
    let district = app.demo.province.0;
    let staff = app.login("tochuc.tinh").await;

    // The district's training page lists the demo's S2 course and the guidance it practises.
    let page = app.get(&staff, &format!("/orgs/{district}/training")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("HD 12/2018"), "{}", page.body);
    assert!(page.body.contains("data-testid=\"trn-new-course\""));
    // The district's page links to it.
    let org = app.get(&staff, &format!("/orgs/{district}")).await;
    assert!(org.body.contains(&format!("/orgs/{district}/training\"")));
    let form = app
        .get(&staff, &format!("/orgs/{district}/training/courses/new"))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("HD 42/2025") && form.body.contains("HD 12/2018"));

    // VER-01: a date HD 12/2018 does not govern is refused, not moved; everything typed stays.
    let path = format!("/orgs/{district}/training/courses/new");
    let r = app
        .post_form(
            &staff,
            &path,
            &[
                ("title", "Bồi dưỡng bí thư chi bộ khóa II"),
                ("guidance", "HD 12/2018"),
                ("date", "20/08/2026"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("không thuộc thời gian hiệu lực"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Bồi dưỡng bí thư chi bộ khóa II"));
    assert!(r.body.contains("20/08/2026"));
    // Today's guidance, no date: the course practises today's rules.
    let r = app
        .post_form(
            &staff,
            &path,
            &[
                ("title", "Bồi dưỡng bí thư chi bộ khóa II"),
                ("guidance", "HD 42/2025"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let courses: Value = app
        .get(&staff, &format!("/api/v1/orgs/{district}/training/courses"))
        .await
        .json();
    let course = courses
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == "Bồi dưỡng bí thư chi bộ khóa II")
        .expect("the new course");
    let course_id = course["id"].as_i64().unwrap();
    // A cell owns no course (TRN-01).
    let r = app
        .post_json(
            &staff,
            &format!("/api/v1/orgs/{}/training/courses", app.demo.s1_cell.0),
            json!({"title": "Khóa", "guidance": "HD 42/2025"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("training_owner_is_cell"), "{}", r.body);

    // A class, then a group: 11 members refused, 12 accepted.
    let r = app
        .post_form(
            &staff,
            &format!("/training/courses/{course_id}/classes/new"),
            &[("title", "Lớp thực hành số 1"), ("held_on", "30/11/2026")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let class = id_in(r.location(), "/training/classes/");
    let groups = format!("/training/classes/{class}/groups/new");
    let r = app
        .post_form(&staff, &groups, &[("name", "Tổ A"), ("size", "11")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("từ 12 đến 60"), "{}", r.body);
    assert!(r.body.contains("Tổ A"));
    let r = app
        .post_form(&staff, &groups, &[("name", "Tổ A"), ("size", "12")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let v: Value = app
        .get(&staff, &format!("/api/v1/training/classes/{class}"))
        .await
        .json();
    assert_eq!(v["practice"], true);
    let group = v["groups"][0]["id"].as_i64().unwrap();
    let sandbox = v["groups"][0]["sandbox"].as_i64().unwrap();
    let roster = app
        .get(&staff, &format!("/api/v1/orgs/{sandbox}/members"))
        .await;
    // The sandbox cell is in no real tree: the province's staff do not reach it as an
    // organisation (its members are read through the mock meetings).
    assert_ne!(roster.status, StatusCode::OK);

    // A learner with a login; an unknown login and the same login twice are refused.
    let people = format!("/training/classes/{class}/participants/new");
    let gid = group.to_string();
    let r = app
        .post_form(
            &staff,
            &people,
            &[
                ("group", &gid),
                ("role", "learner"),
                ("login", "khong.co.ai"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Không có tài khoản"), "{}", r.body);
    assert!(r.body.contains("khong.co.ai"));
    let learner = [
        ("group", gid.as_str()),
        ("role", "learner"),
        ("login", "hocvien.to1"),
    ];
    let r = app.post_form(&staff, &people, &learner).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.post_form(&staff, &people, &learner).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("đã có trong tổ"), "{}", r.body);
    let v: Value = app
        .get(&staff, &format!("/api/v1/training/classes/{class}"))
        .await
        .json();
    let p = &v["groups"][0]["participants"][0];
    assert_eq!(p["role"], "learner");
    // With no name typed, the login's own name is shown.
    assert_eq!(p["full_name"], "Lò Văn Pọm");

    // The learner sees the group and plans its mock meeting: today, under HD 42/2025.
    let me = app.login("hocvien.to1").await;
    let home = app.get(&me, "/training").await;
    assert!(home
        .body
        .contains(&format!("/training/groups/{group}/meetings/new")));
    let r = app
        .post_form(
            &me,
            &format!("/training/groups/{group}/meetings/new"),
            &[("kind", "regular")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().ends_with("/live"), "{}", r.location());
    let meeting = id_in(r.location(), "/meetings/");
    let live = app.get(&me, r.location()).await;
    assert_eq!(live.status, StatusCode::OK, "{}", live.body);
    assert!(live.body.contains("THỰC HÀNH"));
    let m: Value = app
        .get(
            &staff,
            &format!("/api/v1/training/meetings/{meeting}/review"),
        )
        .await
        .json();
    assert_eq!(m["guidance"], "HD 42/2025", "{m}");

    // VER-01: choosing HD 12/2018 dates the meeting on its last day, whatever today is.
    let r = app
        .post_json(
            &me,
            &format!("/api/v1/training/groups/{group}/meetings"),
            json!({"kind": "thematic", "guidance": "HD 12/2018"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let old = r.json()["id"].as_i64().unwrap();
    let m: Value = app
        .get(&staff, &format!("/api/v1/training/meetings/{old}/review"))
        .await
        .json();
    assert_eq!(m["guidance"], "HD 12/2018", "{m}");

    // A learner of another group may not plan this group's meetings; nor a cell secretary.
    for who in ["hocvien.to2", "bithu.tgpl"] {
        let s = app.login(who).await;
        let r = app
            .post_json(
                &s,
                &format!("/api/v1/training/groups/{group}/meetings"),
                json!({"kind": "regular"}),
            )
            .await;
        assert!(
            matches!(r.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
            "{who}: {} {}",
            r.status,
            r.body
        );
    }
    // Kinds the review does not know are refused.
    let r = app
        .post_json(
            &me,
            &format!("/api/v1/training/groups/{group}/meetings"),
            json!({"kind": "committee"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}
