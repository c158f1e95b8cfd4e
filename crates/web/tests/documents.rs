//! Black-box tests of issue 10's document paths over the real router and the demo data: the
//! minutes and the resolution as DOCX and PDF from approved minutes only, the resolution a
//! draft ("DỰ THẢO", no number) until the secretary signs it and numbered after (DOC-05/06/19),
//! consecutive numbers for two meetings, the MTG-PREP-05 line stopping once signed, the
//! download buttons and the sign form on the pages; refused to an outsider.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::TestApp;

use std::io::Read;

use axum::http::{header, StatusCode};
use serde_json::json;

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

impl TestApp {
    async fn meeting_in(&self, month: time::Month) -> i64 {
        chibo_app::meetings::list(&self.store, self.demo.s3_cell, 2025)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.date.month() == month)
            .unwrap()
            .id
            .0
    }
}

/// The text of a DOCX's body (runs joined; tags dropped).
fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// `pdftotext` of a PDF, or `None` when poppler is not installed.
fn pdf_text(bytes: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .ok()?;
    assert!(out.status.success(), "pdftotext failed");
    Some(String::from_utf8(out.stdout).unwrap())
}

#[tokio::test]
async fn doc_19_documents_are_drafts_until_signed_then_numbered_in_turn() {
    let app = TestApp::new().await;
    let secretary = app.login("bithu.to3").await;
    let october = app.meeting_in(time::Month::October).await;
    let november = app.meeting_in(time::Month::November).await;

    // The approved minutes, both formats, as attachments with a Vietnamese file name.
    let r = app
        .get(
            &secretary,
            &format!("/api/v1/meetings/{november}/minutes?format=pdf"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.header(header::CONTENT_TYPE), "application/pdf");
    assert!(r.bytes.starts_with(b"%PDF"));
    let disposition = r.header(header::CONTENT_DISPOSITION);
    assert!(disposition.starts_with("attachment; "), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%2003-11-2025.pdf"),
        "{disposition}"
    );
    if let Some(text) = pdf_text(&r.bytes) {
        assert!(text.contains("BIÊN BẢN"), "{text}");
    } else {
        eprintln!("SKIPPED: pdftotext not installed");
    }
    let r = app
        .get(
            &secretary,
            &format!("/api/v1/meetings/{november}/minutes?format=docx"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.header(header::CONTENT_TYPE), DOCX);
    assert!(r.bytes.starts_with(b"PK"));
    assert!(docx_text(&r.bytes).contains("BIÊN BẢN"));
    // JSON stays the default of the minutes path.
    let r = app
        .get(&secretary, &format!("/api/v1/meetings/{november}/minutes"))
        .await;
    assert_eq!(r.header(header::CONTENT_TYPE), "application/json");
    assert_eq!(r.json()["approved"], true);
    let r = app
        .get(
            &secretary,
            &format!("/api/v1/meetings/{november}/minutes?format=xlsx"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    // DOC-19: before signing, the resolution is a draft without a number.
    let r = app
        .get(
            &secretary,
            &format!("/api/v1/meetings/{november}/resolution?format=docx"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.header(header::CONTENT_TYPE), DOCX);
    let text = docx_text(&r.bytes);
    assert!(text.contains("DỰ THẢO"), "{text}");
    assert!(text.contains("NGHỊ QUYẾT"), "{text}");
    assert!(!text.contains("-NQ/CB"), "{text}");
    assert!(r
        .header(header::CONTENT_DISPOSITION)
        .contains("D%E1%BB%B1%20th%E1%BA%A3o"));
    let page = app.get(&secretary, &format!("/meetings/{november}")).await;
    assert!(page
        .body
        .contains("data-testid=\"download-resolution-pdf\""));
    assert!(page.body.contains("data-testid=\"resolution-draft\""));
    assert!(page.body.contains("data-testid=\"sign-resolution\""));

    // Signing numbers the resolutions of the cell in turn (DOC-05/06), once each.
    let r = app
        .post_json(
            &secretary,
            &format!("/api/v1/meetings/{october}/resolution/sign"),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["number_text"], "01-NQ/CB");
    let r = app
        .post_json(
            &secretary,
            &format!("/api/v1/meetings/{november}/resolution/sign"),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["number"], 2);
    assert_eq!(r.json()["number_text"], "02-NQ/CB");
    let r = app
        .post_json(
            &secretary,
            &format!("/api/v1/meetings/{november}/resolution/sign"),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("resolution_already_signed"), "{}", r.body);

    let r = app
        .get(
            &secretary,
            &format!("/api/v1/meetings/{november}/resolution?format=docx"),
        )
        .await;
    let text = docx_text(&r.bytes);
    assert!(text.contains("Số 02-NQ/CB"), "{text}");
    assert!(!text.contains("DỰ THẢO"), "{text}");
    let r = app
        .get(
            &secretary,
            &format!("/api/v1/meetings/{november}/resolution?format=pdf"),
        )
        .await;
    assert_eq!(r.header(header::CONTENT_TYPE), "application/pdf");
    assert!(r.bytes.starts_with(b"%PDF"));
    if let Some(text) = pdf_text(&r.bytes) {
        assert!(text.contains("Số 02-NQ/CB"), "{text}");
        assert!(!text.contains("DỰ THẢO"), "{text}");
    }
    // MTG-PREP-05: the meeting says when it was signed, and the countdown stops.
    let m = app
        .get(&secretary, &format!("/api/v1/meetings/{november}"))
        .await
        .json();
    assert_eq!(m["resolution"]["number"], 2);
    assert!(m["resolution"]["signed_at"].is_i64());
    let page = app.get(&secretary, &format!("/meetings/{november}")).await;
    assert!(page.body.contains("Đã ký nghị quyết ngày"), "{}", page.body);
    assert!(!page.body.contains("quá hạn"));
    assert!(page.body.contains("Nghị quyết Số 02-NQ/CB"));
    assert!(!page.body.contains("data-testid=\"sign-resolution\""));
    let reading = app
        .get(&secretary, &format!("/meetings/{november}/minutes"))
        .await;
    assert!(reading
        .body
        .contains("data-testid=\"download-minutes-docx\""));

    // Not approved yet: no document, a clear message; after approval, the form signs it
    // with the next number.
    let december = common::december_like_november(&app.store, app.demo.s3_cell).await;
    let r = app
        .get(
            &secretary,
            &format!("/api/v1/meetings/{december}/resolution?format=pdf"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("document_needs_approved_minutes"),
        "{}",
        r.body
    );
    assert!(r.body.contains("chưa được thông qua"), "{}", r.body);
    let r = app
        .get(
            &secretary,
            &format!("/api/v1/meetings/{december}/minutes?format=docx"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let page = app.get(&secretary, &format!("/meetings/{december}")).await;
    assert!(!page.body.contains("data-testid=\"documents\""));
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{december}/resolution/sign"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("chưa được thông qua"));
    let r = app
        .post_json(
            &secretary,
            &format!("/api/v1/meetings/{december}/minutes/approve"),
            json!({"votes_for": 16}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app
        .post_form(
            &secretary,
            &format!("/meetings/{december}/resolution/sign"),
            &[("back", "minutes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.header(header::LOCATION),
        format!("/meetings/{december}/minutes#documents")
    );
    let m = app
        .get(&secretary, &format!("/api/v1/meetings/{december}"))
        .await
        .json();
    assert_eq!(m["resolution"]["number"], 3);

    // An outsider (another cell's secretary) gets neither the files nor the signing.
    let outsider = app.login("bithu.tgpl").await;
    for path in [
        format!("/api/v1/meetings/{november}/resolution?format=pdf"),
        format!("/api/v1/meetings/{november}/minutes?format=docx"),
    ] {
        let r = app.get(&outsider, &path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    let r = app
        .post_json(
            &outsider,
            &format!("/api/v1/meetings/{december}/resolution/sign"),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}
