//! Black-box tests of the meeting pages (issue 8) over the real router and the demo data:
//! the pages render for the secretary of scenario S3's cell, a plain member reads them with
//! no action forms and is refused a write, every form works as a plain POST without
//! JavaScript (303 to the screen it came from), and a refused one comes back with the
//! message in Vietnamese next to the field and what was typed kept (422).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Session, TestApp};

use axum::http::StatusCode;
use chibo_app::demo::DEMO_PASSWORD;
use chibo_domain::meeting::roll_call::Presence;
use chibo_domain::meeting::MeetingStatus;
use chibo_domain::{MeetingId, PersonId};
use chibo_store::Actor;

impl TestApp {
    /// S3's December 2025 meeting brought to where the demo left November in issue 8
    /// ([`common::december_like_november`]).
    async fn in_progress(&self) -> i64 {
        common::december_like_november(&self.store, self.demo.s3_cell).await
    }

    /// A plain official member of the S3 cell with a login (`dangvien.to3`).
    async fn plain_member(&self, meeting: i64) -> (Session, PersonId) {
        let view = chibo_app::meetings::show(&self.store, MeetingId(meeting))
            .await
            .unwrap();
        let secretary = self
            .store
            .user_by_login("bithu.to3")
            .await
            .unwrap()
            .unwrap()
            .person
            .unwrap();
        let member = view
            .roster
            .iter()
            .find(|r| r.may_vote && r.person != secretary && r.status.is_none())
            .map(|r| r.person)
            .unwrap();
        // Not the deputy or the committee member: someone without a party role.
        let records = self.store.cell_records(self.demo.s3_cell).await.unwrap();
        let no_role = view
            .roster
            .iter()
            .filter(|r| r.may_vote && r.status.is_none())
            .map(|r| r.person)
            .find(|p| !records.roles.iter().any(|role| role.person == *p))
            .unwrap_or(member);
        chibo_app::users::create_user(
            &self.store,
            &Actor::system("test", 1_763_700_000),
            "dangvien.to3",
            None,
            DEMO_PASSWORD,
            Some(no_role),
            Vec::new(),
        )
        .await
        .unwrap();
        (self.login("dangvien.to3").await, no_role)
    }
}

fn assert_has(body: &str, needles: &[&str]) {
    for n in needles {
        assert!(body.contains(n), "missing {n:?} in\n{body}");
    }
}

#[tokio::test]
async fn meeting_pages_render_for_the_secretary_and_read_only_for_a_member() {
    let app = TestApp::new().await;
    let s3 = app.demo.s3_cell.0;
    let id = app.in_progress().await;
    let secretary = app.login("bithu.to3").await;

    // The cell page: "Sinh hoạt chi bộ" of 2025 with the demo's meetings and the form.
    let r = app.get(&secretary, &format!("/orgs/{s3}?year=2025")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_has(
        &r.body,
        &[
            "Sinh hoạt chi bộ 2025",
            r#"data-testid="meetings""#,
            &format!(r#"href="/meetings/{id}""#),
            "03/12/2025",
            "03/11/2025",
            "03/10/2025",
            "Đang họp",
            "Đã kết thúc",
            r#"data-testid="plan-meeting""#,
            &format!(r#"action="/orgs/{s3}/meetings""#),
        ],
    );
    // This year (2026) has none yet; the list says so.
    let r = app.get(&secretary, &format!("/orgs/{s3}")).await;
    assert_has(&r.body, &["Chưa có buổi sinh hoạt nào trong năm này."]);

    // The meeting page: header, lifecycle, agenda, roll call, the vote with its breakdown.
    let r = app.get(&secretary, &format!("/meetings/{id}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_has(
        &r.body,
        &[
            "<h1>Sinh hoạt thường kỳ — 03/12/2025</h1>",
            "Nhà văn hóa Tổ dân phố số 3",
            "19:30",
            r#"data-testid="status">Đang họp"#,
            r#"data-testid="minutes-form""#,
            "Thông qua biên bản, kết thúc cuộc họp",
            r#"data-testid="agenda""#,
            "Tuyên bố lý do, giới thiệu đại biểu",
            "MTG-ORD-01",
            r#"data-testid="roster""#,
            "Vắng có lý do",
            "Nghị quyết sinh hoạt chi bộ tháng 12/2025",
            "10/18 tán thành (55,6\u{a0}%) — Thông qua",
            "Không tính vào mẫu số (MTG-ATT-03)",
            "được miễn công tác và sinh hoạt đảng, vắng mặt",
            "vắng mặt cả buổi có lý do được chi ủy chấp nhận",
            &format!(r#"href="/meetings/{id}/live""#),
            &format!(r#"href="/meetings/{id}/view""#),
            &format!(r#"href="/meetings/{id}/projector""#),
            &format!(r#"action="/meetings/{id}/votes""#),
            // Warnings, the officers and the details form, the step controls.
            r#"data-testid="warnings""#,
            "MTG-FREQ-02",
            r#"data-testid="details""#,
            "Thư ký ghi biên bản",
            r#"data-testid="details-form""#,
            r#"data-testid="step-controls""#,
        ],
    );

    // The chair's live screen: the step, the clock against the minimum, the toggles, the
    // forms, the vote panel with the denominator now and the fewest votes that pass.
    let r = app.get(&secretary, &format!("/meetings/{id}/live")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_has(
        &r.body,
        &[
            // Held up to C4 (the vote), started at 20:42.
            "Đang thực hiện · 20:42",
            r#"data-live="step-title" data-code="C4""#,
            r#"<span class="rid">MTG-ORD-08</span>, <span class="rid">MTG-ATT-01</span>"#,
            r#"data-live="clock" data-started="2025-12-03T19:30:00""#,
            // The step controls and the warnings, each citing its rules.
            r#"data-testid="finish-step">Kết thúc bước C4"#,
            r#"data-testid="start-step">Bắt đầu C5 · Đánh giá chất lượng"#,
            r#"name="action" value="not_applicable""#,
            r#"name="action" value="other_business""#,
            r#"data-testid="warnings""#,
            "Vắng không lý do (hoặc lý do không được chấp nhận):",
            r#"<span class="rid">MTG-ATT-07</span>, <span class="rid">MTG-ATT-08</span>"#,
            r#"data-live="clock-min">90</span>"#,
            "MTG-DUR-01",
            r#"data-testid="roll-call""#,
            r#"name="choice" value="present""#,
            r#"name="choice" value="absent_excused""#,
            r#"name="choice" value="absent_unexcused""#,
            r#"name="back" value="live""#,
            r#"data-testid="denominator-value">18<"#,
            "Cần ít nhất số phiếu tán thành <strong>10/18</strong>",
            "<strong>12/18</strong>",
            r#"data-testid="contribution-form""#,
            r#"data-testid="task-form""#,
            r#"name="owners" multiple"#,
            r#"src="/static/live.js""#,
            r#"data-events="/api/v1/meetings/"#,
            r#"id="live-labels""#,
        ],
    );
    // design/ux.md: pages aim at 50 KB before compression; the live screen of S3's 23
    // people on the roster stays under it.
    assert!(
        r.body.len() <= 50 * 1024,
        "live screen: {} bytes",
        r.body.len()
    );
    for path in ["view", "projector"] {
        let r = app.get(&secretary, &format!("/meetings/{id}/{path}")).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        assert_has(
            &r.body,
            &[
                r#"data-live="count-present">16<"#,
                "10/18 tán thành (55,6\u{a0}%) — Thông qua",
                r#"data-live="status" data-status="in_progress">Đang họp"#,
            ],
        );
        assert!(!r.body.contains(r#"method="post" action="/meetings/"#));
    }
    // In English, every label of the four screens is there (no "?" of a missing code).
    let english = Session {
        cookie: format!("{}; chibo_lang=en", secretary.cookie),
        csrf: secretary.csrf.clone(),
    };
    for path in ["", "/live", "/view", "/projector"] {
        let r = app.get(&english, &format!("/meetings/{id}{path}")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains(r#"<html lang="en">"#));
        assert!(
            !r.body.contains(">?<"),
            "{path}: a label is missing in\n{}",
            r.body
        );
        assert!(
            r.body.contains("10/18 for (55.6\u{a0}%) — Passed"),
            "{path}"
        );
    }
    // The script is served by chibo itself.
    let js = app.get(&secretary, "/static/live.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.body.contains("EventSource"));

    // A plain member reads the page and the views, gets no action forms, and is refused
    // the live screen and every write.
    let (member, member_person) = app.plain_member(id).await;
    let r = app.get(&member, &format!("/meetings/{id}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("10/18 tán thành"));
    assert!(
        !r.body.contains(r#"method="post" action="/meetings/"#),
        "a member sees no action forms"
    );
    assert!(!r.body.contains(&format!(r#"href="/meetings/{id}/live""#)));
    let r = app.get(&member, &format!("/orgs/{s3}?year=2025")).await;
    assert!(r.body.contains(r#"data-testid="meetings""#));
    assert!(!r.body.contains(r#"data-testid="plan-meeting""#));
    for path in ["view", "projector"] {
        let r = app.get(&member, &format!("/meetings/{id}/{path}")).await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let r = app.get(&member, &format!("/meetings/{id}/live")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post_form(
            &member,
            &format!("/meetings/{id}/votes"),
            &[("subject", "x"), ("kind", "resolution"), ("votes_for", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post_form(
            &member,
            &format!("/meetings/{id}/transitions"),
            &[("action", "close")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let view = chibo_app::meetings::show(&app.store, MeetingId(id))
        .await
        .unwrap();
    assert_eq!(view.meeting.votes.len(), 1, "nothing was written");
    assert_eq!(view.meeting.status, MeetingStatus::InProgress);

    // Appointed minute-taker, the member records contributions (and only those) while the
    // meeting is in progress.
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/details"),
            &[
                ("mode", "in_person"),
                ("minute_taker", &member_person.0.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&member, &format!("/meetings/{id}")).await;
    assert!(page.body.contains(r#"data-testid="contribution-form""#));
    assert!(!page.body.contains(r#"data-testid="vote-form""#));
    let r = app
        .post_form(
            &member,
            &format!("/meetings/{id}/contributions"),
            &[
                ("step", "C5"),
                ("name", "Khách mời A"),
                ("text", "Ghi nhận của thư ký."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .post_form(
            &member,
            &format!("/meetings/{id}/tasks"),
            &[("step", "C5"), ("text", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Before a meeting starts, a member tells their own absence with a reason.
    let planned = chibo_app::meetings::create(
        &app.store,
        &Actor::system("test", 1_763_700_000),
        app.demo.s3_cell,
        &chibo_app::meetings::MeetingInput {
            kind: Some("regular".into()),
            date: Some("05/12/2026".into()),
            planned_start: Some("19:30".into()),
            place: Some("Nhà văn hóa".into()),
        },
    )
    .await
    .unwrap()
    .0;
    let page = app.get(&member, &format!("/meetings/{planned}")).await;
    assert!(
        page.body.contains(r#"data-testid="my-absence""#),
        "{}",
        page.body
    );
    let r = app
        .post_form(
            &member,
            &format!("/meetings/{planned}/my-absence"),
            &[("reason", " ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Cần ghi lý do."), "{}", r.body);
    let r = app
        .post_form(
            &member,
            &format!("/meetings/{planned}/my-absence"),
            &[("reason", "Đi khám bệnh ở tỉnh")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&secretary, &format!("/meetings/{planned}")).await;
    assert!(page.body.contains("Đi khám bệnh ở tỉnh"), "{}", page.body);
}

#[tokio::test]
async fn every_form_works_without_javascript_with_redirect_after_post() {
    let app = TestApp::new().await;
    let s3 = app.demo.s3_cell.0;
    let id = app.in_progress().await;
    let secretary = app.login("bithu.to3").await;
    let view = chibo_app::meetings::show(&app.store, MeetingId(id))
        .await
        .unwrap();
    let present = view
        .roster
        .iter()
        .find(|r| r.may_vote && matches!(r.attendance, Some(Presence::Present { .. })))
        .unwrap()
        .person
        .0;

    // Roll call from the live screen: back to the live screen at that row.
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/attendance/{present}"),
            &[
                ("choice", "absent_excused"),
                ("reason", "Đi công tác"),
                ("back", "live"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/meetings/{id}/live#p-{present}"));
    // Late arrival, from the meeting page.
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/attendance/{present}"),
            &[("choice", "present"), ("arrived_late", "19:50")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/meetings/{id}#p-{present}"));
    let page = app.get(&secretary, &format!("/meetings/{id}")).await;
    assert!(page.body.contains("đến muộn lúc 19:50"), "{}", page.body);
    // An excused absence without a reason: 422 on the live screen, message on the row.
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/attendance/{present}"),
            &[("choice", "absent_excused"), ("back", "live")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Cần ghi lý do."), "{}", r.body);
    assert!(r.body.contains(r#"class="has-error""#));

    // A contribution by a member, then one by a guest named by hand.
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/contributions"),
            &[
                ("step", "M4"),
                ("person", &present.to_string()),
                ("text", "Đề nghị làm rõ tiến độ thu quỹ."),
                ("back", "live"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/meetings/{id}/live#contribution"));
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/contributions"),
            &[
                ("step", "O1"),
                ("person", ""),
                ("name", "Quàng Văn Thắng, Đảng ủy xã"),
                ("text", "Biểu dương chi bộ."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Neither speaker: the form comes back with the text kept.
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/contributions"),
            &[("step", "M4"), ("text", "Ý kiến chưa ghi người nói")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Ý kiến chưa ghi người nói</textarea>"));
    assert!(r.body.contains("Chưa nhập — mục này bắt buộc."));

    // A task with two owners (repeated fields) and a deadline after the meeting.
    let owners: Vec<String> = view
        .roster
        .iter()
        .filter(|r| r.summoned)
        .take(2)
        .map(|r| r.person.0.to_string())
        .collect();
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/tasks"),
            &[
                ("step", "C2"),
                ("text", "Hoàn thành thu quỹ trước 30/11"),
                ("owners", &owners[0]),
                ("owners", &owners[1]),
                ("deadline", "30/12/2025"),
                ("back", "live"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // A deadline on the meeting's day: refused (MTG-ORD-08), owners and text kept.
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/tasks"),
            &[
                ("step", "C2"),
                ("text", "Việc hạn sai"),
                ("owners", &owners[1]),
                ("deadline", "03/12/2025"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Thời hạn phải sau ngày họp (MTG-ORD-08)."));
    assert!(r.body.contains(r#"value="03/12/2025""#));
    assert!(r
        .body
        .contains(&format!(r#"<option value="{}" selected>"#, owners[1])));

    // A vote: 303; the page shows it with its denominator.
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/votes"),
            &[
                ("subject", "Nghị quyết bổ sung"),
                ("kind", "resolution"),
                ("votes_for", "9"),
                ("against", "3"),
                ("abstain", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/meetings/{id}#vote"));
    let after = chibo_app::meetings::show(&app.store, MeetingId(id))
        .await
        .unwrap();
    let m = &after.meeting;
    assert_eq!(m.contributions.len(), 2);
    assert_eq!(m.tasks.len(), 1);
    assert_eq!(m.tasks[0].task.owners.len(), 2);
    let last = m.votes.last().unwrap();
    assert_eq!((last.denominator, last.passed), (18, false));
    assert!(matches!(
        m.roll_call.get(PersonId(present)),
        Some(Presence::Present {
            arrived_late: Some(_),
            ..
        })
    ));

    // Agenda steps: finish C4, start C5; "not applicable" needs a reason; an item under
    // "other business" is added before the closing.
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/steps"),
            &[("action", "start"), ("step", "C5"), ("back", "live")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/meetings/{id}/live#steps"));
    let live = app.get(&secretary, &format!("/meetings/{id}/live")).await;
    assert!(live.body.contains(r#"data-code="C5""#));
    assert!(live.body.contains(r#"data-step="C4" data-state="done""#));
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/steps"),
            &[
                ("action", "not_applicable"),
                ("step", "C6"),
                ("reason", " "),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Chưa nhập — mục này bắt buộc.") || r.body.contains("Cần ghi lý do."),
        "{}",
        r.body
    );
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/steps"),
            &[
                ("action", "other_business"),
                ("title", "Góp ý quy hoạch khu dân cư"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/meetings/{id}#steps"));
    let page = app.get(&secretary, &format!("/meetings/{id}")).await;
    assert!(page.body.contains("Góp ý quy hoạch khu dân cư"));

    // Details: the minute-taker and a delegate by name; online without a reason is refused
    // with the typed guests kept.
    let minute_taker = owners[0].clone();
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/details"),
            &[
                ("mode", "in_person"),
                ("minute_taker", &minute_taker),
                ("guests", "Quàng Văn Thắng; Đảng ủy viên xã; đại biểu"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&secretary, &format!("/meetings/{id}")).await;
    assert!(page
        .body
        .contains("<strong>Quàng Văn Thắng</strong>, Đảng ủy viên xã"));
    assert!(page.body.contains("Đại biểu cấp ủy cấp trên"));
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/details"),
            &[("mode", "online"), ("guests", "Lò Văn A; khách")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Lò Văn A; khách</textarea>"));
    assert!(r
        .body
        .contains("Họp trực tuyến cần ghi lý do (MTG-ONL-01)."));

    // MTG-MIN-01: no button closes the meeting; approving the minutes does. Too few votes
    // in favour: 422 in Vietnamese, the counts kept; enough: 303, the meeting is closed,
    // the cell's list follows, and approved minutes never re-open.
    let page = app.get(&secretary, &format!("/meetings/{id}/live")).await;
    assert!(!page.body.contains(r#"name="action" value="close""#));
    assert!(page.body.contains(r#"data-testid="minutes-form""#));
    let cell = app.get(&secretary, &format!("/orgs/{s3}?year=2025")).await;
    assert!(cell.body.contains("Đang họp"));
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/minutes/approve"),
            &[("votes_for", "3"), ("against", "12"), ("back", "live")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body
            .contains("Chưa được thông qua: số phiếu tán thành chưa đủ."),
        "{}",
        r.body
    );
    assert!(r.body.contains(r#"name="against" value="12""#));
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/minutes/approve"),
            &[("votes_for", "15"), ("against", "0"), ("back", "live")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/meetings/{id}#status"));
    let page = app.get(&secretary, &format!("/meetings/{id}")).await;
    assert!(page.body.contains(r#"data-testid="status">Đã kết thúc"#));
    assert!(
        !page.body.contains(r#"value="reopen""#),
        "approved minutes never re-open"
    );
    let cell = app.get(&secretary, &format!("/orgs/{s3}?year=2025")).await;
    assert!(
        !cell.body.contains("Đang họp"),
        "the list follows the change"
    );
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/transitions"),
            &[("action", "reopen"), ("reason", "Quên giao nhiệm vụ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("không thể chuyển sang trạng thái đã chọn"),
        "{}",
        r.body
    );
    // An old version of the page: the form comes back with the meeting as it is now.
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/transitions"),
            &[("action", "reopen"), ("reason", "x"), ("version", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    // Planning a meeting from the cell page: 303 to it; a wrong date comes back with the
    // place kept.
    let r = app
        .post_form(
            &secretary,
            &format!("/orgs/{s3}/meetings"),
            &[
                ("kind", "thematic"),
                ("date", "31/02/2026"),
                ("planned_start", "08:00"),
                ("place", "Hội trường tổ 3"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(r#"value="Hội trường tổ 3""#), "{}", r.body);
    assert!(r.body.contains("Ngày không hợp lệ"));
    let r = app
        .post_form(
            &secretary,
            &format!("/orgs/{s3}/meetings"),
            &[
                ("kind", "thematic"),
                ("date", "15/12/2026"),
                ("planned_start", "08:00"),
                ("place", "Hội trường tổ 3"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().starts_with("/meetings/"));
    let page = app.get(&secretary, r.location()).await;
    assert!(page
        .body
        .contains("<h1>Sinh hoạt chuyên đề — 15/12/2026</h1>"));
    assert!(page.body.contains(r#"value="notify""#));
    // Postponing needs a reason (422, in Vietnamese); with one, 303 and the reason shown.
    let planned = r.location().trim_start_matches("/meetings/").to_string();
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{planned}/transitions"),
            &[("action", "postpone"), ("reason", "  ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Cần ghi lý do."), "{}", r.body);
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{planned}/transitions"),
            &[("action", "postpone"), ("reason", "Bão số 3")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&secretary, &format!("/meetings/{planned}")).await;
    assert!(page.body.contains(r#"data-testid="status">Đã hoãn"#));
    assert!(page.body.contains("Bão số 3"));
    // The cell page's list (cached) shows the new meeting at once.
    let cell = app.get(&secretary, &format!("/orgs/{s3}")).await;
    assert!(cell.body.contains("15/12/2026"), "{}", cell.body);
    assert!(cell.body.contains("Đã hoãn"));
}

#[tokio::test]
async fn too_many_votes_come_back_in_vietnamese_with_the_typed_values() {
    let app = TestApp::new().await;
    let id = app.in_progress().await;
    let secretary = app.login("bithu.to3").await;
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/votes"),
            &[
                ("subject", "Nghị quyết tháng 11 — biểu quyết lại"),
                ("kind", "resolution"),
                ("votes_for", "10"),
                ("against", "10"),
                ("abstain", "1"),
                ("back", "live"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_has(
        &r.body,
        &[
            // On the live screen, next to the counts.
            r#"data-testid="roll-call""#,
            r#"data-testid="vote-error">Số phiếu nhiều hơn số đảng viên chính thức có mặt được biểu quyết (MTG-ATT-01).</p>"#,
            r#"name="votes_for" value="10""#,
            r#"name="against" value="10""#,
            r#"name="abstain" value="1""#,
            r#"value="Nghị quyết tháng 11 — biểu quyết lại""#,
            r#"<option value="resolution" data-minimum="10" selected>"#,
        ],
    );
    // A count that is not a number: named on its field, nothing recorded.
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{id}/votes"),
            &[
                ("subject", "Nghị quyết"),
                ("kind", "resolution"),
                ("votes_for", "mười"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(r#"name="votes_for" value="mười""#));
    assert!(r.body.contains("Sai định dạng."));
    let view = chibo_app::meetings::show(&app.store, MeetingId(id))
        .await
        .unwrap();
    assert_eq!(view.meeting.votes.len(), 1);
}
