//! Black-box tests of issue 12's pages over the real router and the demo data: the board of
//! a cell and of the province (grouped by cell, deadlines with their rules, the S4 case at
//! risk in red), the S1 case page (decision → ceremony 22/11/2024 → probation complete
//! 22/11/2025 → the recognition deadline), a whole case driven from sympathiser to official
//! member through the page forms with refusals in Vietnamese citing their rule and the typed
//! values kept, a decision deadline extended (ADM-DEC-02, ADM-REC-03), documents recorded,
//! "Sắp đến hạn" on the home pages, and outsiders refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Session, TestApp};

use axum::http::StatusCode;
use serde_json::Value;

impl TestApp {
    /// The demo case of Phương (S1), the only case of the S1 cell.
    async fn s1_case(&self) -> i64 {
        self.store
            .admissions_under(self.demo.s1_cell, time::macros::date!(2025 - 11 - 21))
            .await
            .unwrap()[0]
            .0
            .id
    }
}

/// The official members of the S1 cell today, from the API: (id, name).
async fn officials(app: &TestApp, s: &Session) -> Vec<(i64, String)> {
    let s1 = app.demo.s1_cell.0;
    let cell = app
        .get(s, &format!("/api/v1/orgs/{s1}/members"))
        .await
        .json();
    cell["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["standing"] == "official")
        .map(|r| {
            (
                r["person"]["id"].as_i64().unwrap(),
                r["person"]["full_name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn non_member(cell: &Value, name: &str) -> i64 {
    cell["non_members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["full_name"] == name)
        .unwrap_or_else(|| panic!("{name} among the non-members: {cell}"))["id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn s1_step_4_board_and_case_page_show_decision_ceremony_probation_and_recognition_deadline() {
    let app = TestApp::new().await;
    let secretary = app.login("bithu.tgpl").await;
    let s1 = app.demo.s1_cell.0;
    let case = app.s1_case().await;
    let board = app.get(&secretary, &format!("/orgs/{s1}/admissions")).await;
    assert_eq!(board.status, StatusCode::OK, "{}", board.body);
    assert!(board.body.contains("Đinh Thị Mai Phương"), "{}", board.body);
    assert!(board
        .body
        .contains(&format!(r#"href="/admissions/{case}""#)));
    // Vietnamese stage name and the recognition deadline's rule on the card.
    assert!(board.body.contains("Đã hoàn thành lý lịch đảng viên"));
    assert!(board.body.contains(r#"data-rule="ADM-REC-01""#));
    assert!(board.body.contains("ngày làm việc"));
    // The secretary may open a case from the board.
    assert!(board.body.contains(r#"data-testid="adm-open""#));

    let page = app.get(&secretary, &format!("/admissions/{case}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let b = &page.body;
    // ADM-PRB-01/03, ADM-REC-01: decision 456-QĐ/ĐUK of 05/11/2024, ceremony 22/11/2024,
    // probation complete 22/11/2025, recognition within 30 working days after it.
    for needle in [
        "456-QĐ/ĐUK",
        "05/11/2024",
        "22/11/2024",
        "22/11/2025",
        r#"data-rule="ADM-REC-01""#,
        "Chi bộ xét công nhận đảng viên chính thức",
        "Diễn biến hồ sơ",
        "Giấy tờ của hồ sơ",
        "Lý lịch đảng viên",
        "Còn thiếu",
    ] {
        assert!(b.contains(needle), "{needle} missing: {b}");
    }
    // The recognition deadline: 30 working days after 22/11/2025 is 05/01/2026.
    assert!(b.contains("05/01/2026"), "{b}");
    // Its next step is the recognition resolution, with its vote form.
    assert!(b.contains(r#"data-testid="adm-form-recognition_resolution""#));
    assert!(b.contains(r#"name="denominator""#));

    // The cell's resolution proposing her admission, from the recorded vote (9 of 10), as
    // a draft PDF and DOCX; no recognition resolution before its vote.
    assert!(b.contains(&format!(
        "/admissions/{case}/resolution/admission?format=pdf"
    )));
    assert!(!b.contains("/resolution/recognition"));
    let pdf = app
        .get(
            &secretary,
            &format!("/admissions/{case}/resolution/admission?format=pdf"),
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.starts_with("%PDF-"));
    assert_eq!(
        pdf.header(axum::http::header::CONTENT_TYPE),
        "application/pdf"
    );
    let docx = app
        .get(
            &secretary,
            &format!("/admissions/{case}/resolution/admission?format=docx"),
        )
        .await;
    assert_eq!(docx.status, StatusCode::OK);
    assert!(docx.body.starts_with("PK"));
    let none = app
        .get(
            &secretary,
            &format!("/admissions/{case}/resolution/recognition"),
        )
        .await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);

    // A plain member of the cell sees neither the board nor the case; nor another cell.
    for login in ["dangvien.tgpl", "bithu.to3"] {
        let s = app.login(login).await;
        for path in [
            format!("/orgs/{s1}/admissions"),
            format!("/admissions/{case}"),
        ] {
            let r = app.get(&s, &path).await;
            assert!(
                r.status == StatusCode::FORBIDDEN || r.status == StatusCode::NOT_FOUND,
                "{login} {path}: {}",
                r.status
            );
        }
        let r = app
            .post_form(&s, &format!("/admissions/{case}/documents"), &[])
            .await;
        assert!(r.status.is_client_error(), "{login}: {}", r.status);
    }
}

#[tokio::test]
async fn committee_board_groups_cells_and_home_pages_list_what_falls_due() {
    let app = TestApp::new().await;
    let staff = app.login("tochuc.tinh").await;
    let province = app.demo.province.0;
    let board = app
        .get(&staff, &format!("/orgs/{province}/admissions"))
        .await;
    assert_eq!(board.status, StatusCode::OK, "{}", board.body);
    // Grouped by cell: the S1 cell and the two S4 cells, each linking to its own board.
    let groups = board.body.matches(r#"data-testid="adm-group""#).count();
    assert_eq!(groups, 3, "{}", board.body);
    assert!(board.body.contains(&format!(
        r#"href="/orgs/{}/admissions""#,
        app.demo.s1_cell.0
    )));
    // ADM-DEC-02: the S4 case's decision was due 3 working days after the demo's day
    // (21/11/2025): overdue today, in red.
    assert!(board.body.contains(r#"data-rule="ADM-DEC-02""#));
    assert!(board.body.contains("adm-card overdue"), "{}", board.body);
    assert!(board.body.contains("quá hạn"));
    // Staff do not open cases (a cell's business), so no form.
    assert!(!board.body.contains(r#"data-testid="adm-open""#));
    // The commune's staff see their subtree only: the two S4 cases.
    let commune = app.login("danguy.xa").await;
    let r = app
        .get(
            &commune,
            &format!("/orgs/{}/admissions", app.demo.commune.0),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.matches(r#"data-testid="adm-card""#).count(), 2);
    assert!(!r.body.contains("Đinh Thị Mai Phương"));

    // "Sắp đến hạn" on the home page of superior staff: the overdue S4 decision, linked.
    let home = app.get(&commune, "/").await;
    assert!(
        home.body.contains(r#"data-testid="due-soon""#),
        "{}",
        home.body
    );
    assert!(home.body.contains("Sắp đến hạn"));
    assert!(
        home.body.contains(r#"data-rule="ADM-DEC-02""#),
        "{}",
        home.body
    );
    assert!(home.body.contains(r#"href="/admissions/"#));
    // And on the cell secretary's; never on a plain member's.
    let secretary = app.login("bithu.tgpl").await;
    let home = app.get(&secretary, "/").await;
    assert!(
        home.body.contains(r#"data-testid="due-soon""#),
        "{}",
        home.body
    );
    let member = app.login("dangvien.tgpl").await;
    let home = app.get(&member, "/").await;
    assert!(!home.body.contains(r#"data-testid="due-soon""#));
    // The cell page links the board for those who may see it.
    let cell = app
        .get(&secretary, &format!("/orgs/{}", app.demo.s1_cell.0))
        .await;
    assert!(cell.body.contains(r#"data-testid="link-admissions""#));
    let cell = app
        .get(&member, &format!("/orgs/{}", app.demo.s1_cell.0))
        .await;
    assert!(!cell.body.contains(r#"data-testid="link-admissions""#));
}

#[tokio::test]
async fn a_whole_case_from_sympathiser_to_official_member_through_the_page_forms() {
    let app = TestApp::new().await;
    let secretary = app.login("bithu.tgpl").await;
    let s1 = app.demo.s1_cell.0;
    let cell = app
        .get(&secretary, &format!("/api/v1/orgs/{s1}/members"))
        .await
        .json();
    let hoa = non_member(&cell, "Điêu Thị Hoa");
    // Officials of the cell in 2024 (each checked on the step's own date).
    let officials = officials(&app, &secretary).await;
    let by_name = |n: &str| {
        officials
            .iter()
            .find(|(_, name)| name == n)
            .unwrap_or_else(|| panic!("{n} among {officials:?}"))
            .0
            .to_string()
    };
    let (helper, a, b) = (
        by_name("Trần Đức Anh"),
        by_name("Trần Đức Anh"),
        by_name("Lường Văn Thắng"),
    );

    // Opening a case for her from the board: the helper and the day listed.
    let open = |helper: &str, date: &str| {
        let (app, secretary) = (&app, &secretary);
        let fields = [
            ("person", hoa.to_string()),
            ("helper", helper.to_string()),
            ("date", date.to_string()),
        ];
        async move {
            let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(secretary, &format!("/orgs/{s1}/admissions"), &f)
                .await
        }
    };
    // Opening: a missing helper and a bad date come back in Vietnamese, values kept.
    let r = open("", "32/01/2024").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("Chưa nhập — mục này bắt buộc."),
        "{}",
        r.body
    );
    assert!(r.body.contains("Ngày không hợp lệ"), "{}", r.body);
    assert!(r.body.contains(r#"value="32/01/2024""#));
    assert!(r
        .body
        .contains(&format!(r#"<option value="{hoa}" selected>"#)));
    let r = open(&helper, "15/01/2024").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let case_url = r.location().to_string();
    assert!(case_url.starts_with("/admissions/"));
    // A second open case for her is refused citing ADM-PIPE-01.
    let r = open(&helper, "16/01/2024").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("ADM-PIPE-01"), "{}", r.body);

    // A step posted from the case page: its code, its date and the other fields typed.
    let step = |code: &str, date: &str, more: &[(&'static str, &str)]| {
        let mut fields = vec![("step", code.to_string()), ("date", date.to_string())];
        fields.extend(more.iter().map(|(k, v)| (*k, v.to_string())));
        let app = &app;
        let secretary = &secretary;
        let url = format!("{case_url}/transitions");
        async move {
            let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(secretary, &url, &f).await
        }
    };
    let ok = |r: common::Reply| {
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    };
    // Refused (422) citing `rule`.
    let refused = |r: &common::Reply, rule: &str| {
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains(rule), "{}", r.body);
    };
    ok(step(
        "course",
        "09/02/2024",
        &[("certificate_date", "04/02/2024")],
    )
    .await);
    // ADM-PIPE-01: skipping a stage is refused.
    let r = step("life_history", "01/03/2024", &[]).await;
    refused(&r, "ADM-PIPE-01");
    ok(step("application", "29/02/2024", &[]).await);
    ok(step("life_history", "30/03/2024", &[]).await);
    // ADM-BG-01: the background check must cover the applicant.
    let r = step("background_check", "24/05/2024", &[("checked", "parents")]).await;
    refused(&r, "ADM-BG-01");
    assert!(r.body.contains(r#"value="parents" selected"#), "{}", r.body);
    ok(step(
        "background_check",
        "24/05/2024",
        &[("checked", "applicant"), ("checked", "parents")],
    )
    .await);
    ok(step(
        "opinions",
        "23/06/2024",
        &[("summary", "Các đoàn thể nhất trí giới thiệu.")],
    )
    .await);
    ok(step(
        "introducers",
        "08/11/2024",
        &[
            ("introducer1", a.as_str()),
            ("together_since1", "01/01/2019"),
            ("introducer2", b.as_str()),
            ("together_since2", "01/01/2019"),
        ],
    )
    .await);
    // ADM-VOTE-01: 6 of 10 is below two thirds; refused, the counts kept.
    let vote = |votes_for: &'static str| {
        [
            ("method", "secret_ballot"),
            ("votes_for", votes_for),
            ("against", "1"),
            ("denominator", "10"),
            ("lower_secondary", "on"),
        ]
    };
    let r = step("cell_resolution", "26/11/2024", &vote("6")).await;
    refused(&r, "ADM-VOTE-01");
    assert!(
        r.body.contains(r#"name="votes_for" value="6""#),
        "{}",
        r.body
    );
    ok(step("cell_resolution", "26/11/2024", &vote("9")).await);
    // ADM-DEC-02: the decision deadline extended, by at most 30 working days.
    let extend = |days: &'static str| {
        [
            ("extension_days", days),
            ("reason", "Chờ kết quả xác minh bổ sung"),
        ]
    };
    let r = step("extend", "27/11/2024", &extend("31")).await;
    refused(&r, "ADM-DEC-02");
    assert!(
        r.body.contains(r#"value="Chờ kết quả xác minh bổ sung""#)
            || r.body.contains(">Chờ kết quả xác minh bổ sung</textarea>"),
        "{}",
        r.body
    );
    ok(step("extend", "27/11/2024", &extend("10")).await);
    let page = app.get(&secretary, &case_url).await;
    assert!(
        page.body.contains("Gia hạn thêm 10 ngày làm việc"),
        "{}",
        page.body
    );
    ok(step("committee_resolution", "28/11/2024", &[]).await);
    ok(step(
        "decision",
        "02/12/2024",
        &[
            ("reference", "512-QĐ/ĐUK"),
            ("issuer", "Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh"),
        ],
    )
    .await);
    ok(step("decision_received", "04/12/2024", &[]).await);
    // ADM-CER-01: a ceremony before the decision is refused.
    let r = step("probation", "01/12/2024", &[("helper", helper.as_str())]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    ok(step("probation", "13/12/2024", &[("helper", helper.as_str())]).await);
    ok(step("member_life_history", "10/01/2025", &[]).await);
    // ADM-REC-01: a recognition vote inside probation is refused.
    let recognition = [
        ("method", "party_card"),
        ("votes_for", "9"),
        ("denominator", "10"),
    ];
    let r = step("recognition_resolution", "01/12/2025", &recognition).await;
    refused(&r, "ADM-REC-01");
    ok(step("recognition_resolution", "16/12/2025", &recognition).await);
    let page = app.get(&secretary, &case_url).await;
    assert!(
        page.body.contains(r#"data-rule="ADM-REC-03""#),
        "{}",
        page.body
    );
    ok(step("official", "08/01/2026", &[("reference", "77-QĐ/ĐUK")]).await);
    let page = app.get(&secretary, &case_url).await;
    assert!(
        page.body.contains(r#"data-stage="official""#),
        "{}",
        page.body
    );
    // ADM-PRB-03: official from the anniversary of the ceremony.
    assert!(page.body.contains("13/12/2025"), "{}", page.body);
    // A finished case offers no more steps; its documents may still be filed.
    assert!(!page.body.contains(r#"name="step""#));
    assert!(page.body.contains(r#"data-testid="adm-form-document""#));

    // Documents: a bad date refused with the typed values kept; a good one listed.
    let r = app
        .post_form(
            &secretary,
            &format!("{case_url}/documents"),
            &[
                ("kind", "application_letter"),
                ("date", "30/02/2024"),
                ("reference", "Đơn viết tay"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains(r#"value="Đơn viết tay""#), "{}", r.body);
    assert!(r.body.contains("Ngày không hợp lệ"), "{}", r.body);
    let r = app
        .post_form(
            &secretary,
            &format!("{case_url}/documents"),
            &[
                ("kind", "application_letter"),
                ("date", "29/02/2024"),
                ("file_name", "don-xin-vao-dang.pdf"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&secretary, &case_url).await;
    assert!(page.body.contains("don-xin-vao-dang.pdf"), "{}", page.body);
}
