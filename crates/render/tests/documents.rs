//! The render crate on fixtures: builders (what each document says, rule by rule), both
//! backends (valid files carrying the Vietnamese text), and real readers where installed —
//! poppler's `pdftotext` on our PDF, LibreOffice converting our DOCX. A missing reader is
//! reported as skipped, like the PostgreSQL tests without `CHIBO_TEST_DATABASE_URL`.
//!
//! `CHIBO_RENDER_KEEP=DIR` keeps the generated files (PDF, DOCX, LibreOffice's PDF) in DIR.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read as _;
use std::path::PathBuf;
use std::process::Command;

use chibo_domain::meeting::minutes::{Minutes, MinutesV1};
use chibo_domain::ruleset::{Catalogue, DocumentKind};
use chibo_render::model::{Block, Corner, Document};
use chibo_render::{build, docx, pdf, Context, Progress, ResolutionInput, Stage};

mod support;
use support::{ctx, pdftotext, skip, tool, FROZEN_V1, REGULAR_2026};

fn snapshot(json: &str) -> Minutes {
    Minutes::from_stored(1, json).unwrap()
}

fn v1(json: &str) -> MinutesV1 {
    snapshot(json).latest().clone()
}

fn signed(n: Option<u32>) -> Context {
    ctx(Stage::Signed { number: n })
}

fn regular_minutes() -> Document {
    build::minutes(
        &Catalogue::builtin(),
        &snapshot(REGULAR_2026),
        &signed(None),
        Some("3f2a…9c"),
    )
    .unwrap()
}

fn resolution_input() -> ResolutionInput {
    ResolutionInput {
        month: 12,
        year: 2026,
        previous: vec![
            Progress {
                task: "Vận động Quỹ Vì người nghèo".to_owned(),
                owners: vec!["Trần Thị Lan".to_owned()],
                outcome: "Đã hoàn thành".to_owned(),
            },
            Progress {
                task: "Tổng vệ sinh khu dân cư".to_owned(),
                owners: vec!["Lò Văn Thắng".to_owned()],
                outcome: "Đang thực hiện".to_owned(),
            },
        ],
        report_to: vec!["Đảng ủy phường Him Lam".to_owned()],
        signer_title: "Bí thư".to_owned(),
        signer_name: "Nguyễn Văn Bình".to_owned(),
    }
}

fn resolution(stage: Stage) -> Document {
    build::resolution(
        &Catalogue::builtin(),
        &snapshot(REGULAR_2026),
        &ctx(stage),
        &resolution_input(),
    )
    .unwrap()
}

fn with(m: MinutesV1) -> Minutes {
    Minutes::V1(m)
}

/// Minutes whose task table runs over several pages.
fn many_tasks() -> Document {
    let mut m = v1(REGULAR_2026);
    let task = m.tasks[0].clone();
    m.tasks = (1..=70)
        .map(|i| {
            let mut t = task.clone();
            t.text = format!("Nhiệm vụ số {i}: {}", task.text);
            t
        })
        .collect();
    build::minutes(&Catalogue::builtin(), &with(m), &signed(None), None).unwrap()
}

/// How many times the task table's header row is printed.
fn header_rows(text: &str) -> usize {
    text.lines()
        .filter(|l| {
            l.contains("Nhiệm vụ") && l.contains("Người thực hiện") && l.contains("Thời hạn")
        })
        .count()
}

// ------------------------------------------------------------------------------ builders

#[test]
fn mtg_min_02_03_every_field_of_the_regular_minutes_is_printed() {
    let text = regular_minutes().plain_text();
    for expected in [
        // kind and period
        "BIÊN BẢN",
        "sinh hoạt chi bộ thường kỳ tháng 11 năm 2026",
        "Loại buổi sinh hoạt: Sinh hoạt thường kỳ tháng 11 năm 2026.",
        "Hình thức: trực tiếp.",
        // time and place (DOC-17: the date is in the text)
        "bắt đầu lúc 19 giờ 30, ngày 20 tháng 11 năm 2026",
        "Nhà văn hóa Tổ dân phố số 3, phường Him Lam",
        // guests by name
        "Đồng chí Hà Văn Sơn, Đảng ủy viên, phụ trách chi bộ (đại biểu cấp ủy cấp trên)",
        "Lò Thị Mai, Tổ trưởng Tổ dân phố số 3 (khách mời ngoài Đảng)",
        // chair and minute-taker
        "Chủ trì: đồng chí Nguyễn Văn Bình.",
        "đồng chí Đặng Thị Hường.",
        // MTG-MIN-03: the roster breakdown
        "22 (chính thức 20, dự bị 2); sinh hoạt tạm thời tại chi bộ: 1; miễn công tác và sinh \
         hoạt đảng: 1; đi sinh hoạt tạm thời nơi khác: 0.",
        // present out of total, and the split
        "17/20 đảng viên được triệu tập (chính thức 17, dự bị 2; sinh hoạt tạm thời 1)",
        "Vắng mặt: 3 (có lý do: 2, không có lý do: 1).",
        // MTG-ATT-07: absentees by name and reason
        "đồng chí Lê Văn Cường (Đi viện chăm mẹ ốm)",
        "đồng chí Vũ Thị Ngữ (Đi công tác tại Hà Nội)",
        "Vắng không có lý do: đồng chí Phạm Ngọc Dũng.",
        // the agenda
        "Chương trình sinh hoạt:",
        "Thảo luận; tự phê bình và phê bình",
        // per step what happened, with speakers
        "Đồng chí Trần Thị Lan: Đề nghị chi bộ quan tâm hơn",
        "Đồng chí Lò Văn Thắng: Tôi nhận khuyết điểm",
        "Không thực hiện: Trong tháng không phát sinh vấn đề mới, phức tạp.",
        // the conclusion
        "Kết luận của chủ trì:",
        "Chi bộ thống nhất các nhiệm vụ tháng 12 năm 2026; giao chi ủy đôn đốc thực hiện.",
        // votes with their denominator (MTG-ATT-01..03)
        "Biểu quyết nghị quyết lãnh đạo thực hiện nhiệm vụ tháng 12 năm 2026 ",
        "(giơ tay): số đảng viên chính thức được triệu tập 20, không tính 2 (đồng chí Lê Văn \
         Cường: vắng mặt cả buổi có lý do được chi ủy chấp nhận;",
        "căn cứ tính 18; tán thành 16/18 (88,9\u{a0}%), không tán thành 0, không biểu quyết 1; được \
         thông qua.",
        // tasks with owners and deadlines
        "Thu đảng phí tháng 12 và nộp lên Đảng ủy phường | Đặng Thị Hường | 10/12/2026",
        "Trần Thị Lan, Lò Văn Thắng | 20/12/2026",
        // the quality grade
        "Đánh giá chất lượng buổi sinh hoạt: Tốt (92 điểm).",
        // the end and the minutes' approval (MTG-MIN-01)
        "Buổi sinh hoạt kết thúc lúc 21 giờ 15 cùng ngày.",
        "Biên bản đã được đọc lại trước chi bộ và được thông qua (17/18 tán thành, 94,4\u{a0}%).",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // The conclusion is printed once, not again under its step; preparation and follow-up
    // steps happened outside the session.
    assert_eq!(text.matches("giao chi ủy đôn đốc thực hiện").count(), 1);
    assert!(!text.contains("Phân công chuẩn bị nội dung"), "{text}");
    assert!(!text.contains("Ký, đăng nghị quyết"), "{text}");
}

#[test]
fn doc_17_minutes_sign_minute_taker_left_chair_right_and_have_no_place_date() {
    let doc = regular_minutes();
    assert_eq!(
        doc.header.place_date, None,
        "DOC-17: no place-and-date line"
    );
    let Some(Corner::Signature(left)) = &doc.closing.left else {
        panic!("left corner is not a signature")
    };
    let Some(Corner::Signature(right)) = &doc.closing.right else {
        panic!("right corner is not a signature")
    };
    assert_eq!(left.title, "NGƯỜI GHI BIÊN BẢN");
    assert_eq!(left.name.as_deref(), Some("Đặng Thị Hường"));
    assert_eq!(right.title, "CHỦ TRÌ");
    assert_eq!(right.name.as_deref(), Some("Nguyễn Văn Bình"));
    assert_eq!(left.authority, None);
    // DOC-19: minutes kept unnumbered in the minutes book carry no number.
    assert_eq!(doc.header.number, None);
    // The content hash is printed so a paper copy can be matched to the record.
    assert!(doc.footnote.as_deref().unwrap().contains("3f2a…9c"));
}

#[test]
fn doc_03_04_header_block() {
    let doc = resolution(Stage::Signed { number: Some(5) });
    let h = &doc.header;
    assert_eq!(h.superior.as_deref(), Some("ĐẢNG BỘ PHƯỜNG HIM LAM"));
    assert_eq!(h.issuer, "CHI BỘ TỔ DÂN PHỐ SỐ 3");
    // DOC-06 / DOC-14: "Số 05-NQ/CB".
    assert_eq!(h.number.as_deref(), Some("Số 05-NQ/CB"));
    assert_eq!(
        h.place_date.as_deref(),
        Some("Điện Biên, ngày 20 tháng 11 năm 2026")
    );
    assert!(!h.draft);
    // DOC-07: type line, summary, the rule.
    assert_eq!(doc.type_line.as_deref(), Some("NGHỊ QUYẾT"));
    assert_eq!(
        doc.summary.as_deref(),
        Some("lãnh đạo thực hiện nhiệm vụ tháng 12 năm 2026")
    );
    assert_eq!(doc.format.summary_rule, "-----");
}

/// DOC-04: in the rendered file the issuer block reads superior, then the cell, then "*";
/// "ĐẢNG CỘNG SẢN VIỆT NAM" stands in the header with the place and date.
#[test]
fn doc_04_header_layout_in_the_docx() {
    let doc = resolution(Stage::Signed { number: Some(5) });
    let xml = unzip(&docx::render(&doc).unwrap(), "word/document.xml");
    let at = |s: &str| {
        xml.find(s)
            .unwrap_or_else(|| panic!("document.xml lacks {s:?}"))
    };
    let (superior, issuer) = (at("ĐẢNG BỘ PHƯỜNG HIM LAM"), at("CHI BỘ TỔ DÂN PHỐ SỐ 3"));
    assert!(superior < issuer, "the superior's line comes first");
    let star = xml[issuer..].find(">*<").expect("a \"*\" after the issuer");
    assert!(
        issuer + star < at("NGHỊ QUYẾT"),
        "the star closes the issuer block"
    );
    assert!(at("ĐẢNG CỘNG SẢN VIỆT NAM") < at("NGHỊ QUYẾT"));
    assert!(at("Điện Biên, ngày 20 tháng 11 năm 2026") < at("NGHỊ QUYẾT"));
}

#[test]
fn doc_19_a_draft_prints_dự_thảo_and_no_number() {
    let doc = build::resolution(
        &Catalogue::builtin(),
        &snapshot(REGULAR_2026),
        &ctx(Stage::Draft),
        &resolution_input(),
    )
    .unwrap();
    assert!(doc.header.draft);
    assert_eq!(doc.header.number, None);
    assert!(doc.plain_text().contains("DỰ THẢO"));
    let pdf_markup = pdf::markup(&doc).unwrap();
    assert!(pdf_markup.contains("DỰ THẢO"));
    assert!(!pdf_markup.contains("-NQ/CB"));
}

#[test]
fn doc_10_resolution_structure_and_doc_08_signature() {
    let doc = resolution(Stage::Signed { number: Some(5) });
    let headings: Vec<&str> = doc
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) => Some(h.text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        [
            "I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 11 NĂM 2026",
            "II. NHIỆM VỤ THÁNG 12 NĂM 2026",
            "III. PHÂN CÔNG VÀ TỔ CHỨC THỰC HIỆN",
            "IV. TỰ ĐÁNH GIÁ CHẤT LƯỢNG SINH HOẠT",
        ]
    );
    let text = doc.plain_text();
    // The opening paragraph: date, place, total, present, absent with/without reason,
    // exempted.
    assert!(
        text.contains(
            "Ngày 20 tháng 11 năm 2026, tại Nhà văn hóa Tổ dân phố số 3, phường Him Lam, Chi bộ \
         Tổ dân phố số 3 tổ chức sinh hoạt chi bộ thường kỳ tháng 11 năm 2026. Tổng số đảng \
         viên của chi bộ: 22; có mặt: 17; vắng: 3 (có lý do: 2, không có lý do: 1); miễn công \
         tác và sinh hoạt đảng: 1."
        ),
        "{text}"
    );
    // Section I's progress table and section III's task table.
    let tables: Vec<_> = doc
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), 2);
    assert_eq!(tables[0].rows[0][3], "Đã hoàn thành");
    assert_eq!(tables[1].columns[3].header, "Thời hạn");
    assert_eq!(tables[1].rows.len(), 3);
    assert!(text.contains("Chi bộ tự đánh giá chất lượng buổi sinh hoạt: Tốt (92 điểm)."));
    // DOC-14: recipients, the last line "Lưu Chi bộ.".
    let Some(Corner::Recipients(lines)) = &doc.closing.left else {
        panic!("no recipients")
    };
    assert_eq!(
        lines.first().unwrap(),
        "- Đảng ủy phường Him Lam (báo cáo),"
    );
    assert_eq!(lines.last().unwrap(), "- Lưu Chi bộ.");
    // DOC-08: "T/M CHI BỘ" over "BÍ THƯ", then the name.
    let Some(Corner::Signature(sig)) = &doc.closing.right else {
        panic!("no signature")
    };
    assert_eq!(sig.authority.as_deref(), Some("T/M CHI BỘ"));
    assert_eq!(sig.title, "BÍ THƯ");
    assert_eq!(sig.name.as_deref(), Some("Nguyễn Văn Bình"));
}

#[test]
fn doc_02_doc_13_format_chosen_by_the_documents_date() {
    // 20/11/2026: HD 05/2026 (DOC-13/14).
    let new = regular_minutes();
    assert_eq!(new.format_code, "HD 05/2026");
    assert_eq!((new.format.margins.top, new.format.margins.left), (20, 30));
    assert_eq!(new.format.page_numbering.distance_from_top_mm, Some(10));
    assert!(!new.format.signer_title_bold);
    // The frozen fixture is dated 3/11/2025: HD 36/2018 (DOC-02).
    let old = build::minutes(
        &Catalogue::builtin(),
        &snapshot(FROZEN_V1),
        &signed(None),
        None,
    )
    .unwrap();
    assert_eq!(old.format_code, "HD 36/2018");
    assert_eq!((old.format.margins.top, old.format.margins.left), (25, 35));
    // The switch day itself (26/5 → 27/5/2026).
    let mut m = v1(REGULAR_2026);
    m.date = time::macros::date!(2026 - 05 - 26);
    let before =
        build::minutes(&Catalogue::builtin(), &with(m.clone()), &signed(None), None).unwrap();
    m.date = time::macros::date!(2026 - 05 - 27);
    let after = build::minutes(&Catalogue::builtin(), &with(m), &signed(None), None).unwrap();
    assert_eq!(before.format_code, "HD 36/2018");
    assert_eq!(after.format_code, "HD 05/2026");
    // And the backends follow: the PDF's page margins and the page number's distance.
    assert!(pdf::markup(&new)
        .unwrap()
        .contains("top: 20mm, bottom: 20mm, inside: 30mm, outside: 15mm"));
    assert!(pdf::markup(&old)
        .unwrap()
        .contains("top: 25mm, bottom: 25mm, inside: 35mm, outside: 15mm"));
    assert!(pdf::markup(&new).unwrap().contains("dy: 10mm"));
}

#[test]
fn thematic_and_combined_minutes_carry_the_thematic_part() {
    let mut m = v1(REGULAR_2026);
    m.kind = "thematic".to_owned();
    m.thematic = Some(chibo_domain::meeting::minutes::ThematicV1 {
        topic: Some("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về xây dựng khu dân cư văn hóa".to_owned()),
        presenter: Some("Trần Thị Lan".to_owned()),
        draft_text: None,
        draft_file: None,
        approved_by: Some("Chi ủy".to_owned()),
    });
    let doc = build::minutes(&Catalogue::builtin(), &with(m.clone()), &signed(None), None).unwrap();
    let text = doc.plain_text();
    assert!(
        text.contains("sinh hoạt chuyên đề: Học tập và làm theo tư tưởng"),
        "{text}"
    );
    assert!(
        text.contains("Người duyệt dự thảo chuyên đề: Chi ủy."),
        "{text}"
    );
    assert!(
        text.contains("Người trình bày: đồng chí Trần Thị Lan."),
        "{text}"
    );
    assert!(
        text.contains("Loại buổi sinh hoạt: Sinh hoạt chuyên đề tháng 11 năm 2026."),
        "{text}"
    );

    // A combined session: the regular steps, then the thematic part under its own heading.
    m.kind = "combined".to_owned();
    let mut th = m.steps[1].clone();
    th.code = "TH.T1".to_owned();
    th.title = "Đảng viên được phân công trình bày dự thảo".to_owned();
    th.contributions = vec![chibo_domain::meeting::minutes::ContributionV1 {
        speaker: "Trần Thị Lan".to_owned(),
        text: "Trình bày dự thảo chuyên đề.".to_owned(),
    }];
    m.steps.push(th);
    let doc = build::minutes(&Catalogue::builtin(), &with(m), &signed(None), None).unwrap();
    let text = doc.plain_text();
    assert!(
        text.contains("sinh hoạt chi bộ thường kỳ kết hợp sinh hoạt chuyên đề tháng 11 năm 2026")
    );
    let part = text
        .find("PHẦN SINH HOẠT CHUYÊN ĐỀ")
        .expect("thematic part heading");
    let presented = text
        .find("Đồng chí Trần Thị Lan: Trình bày dự thảo chuyên đề.")
        .unwrap();
    assert!(part < presented);
    assert!(text[part..].contains("Chuyên đề: Học tập và làm theo"));
}

fn thematic_minutes(draft_text: Option<&str>, draft_file: Option<&str>) -> Minutes {
    let mut m = v1(REGULAR_2026);
    m.kind = "thematic".to_owned();
    m.thematic = Some(chibo_domain::meeting::minutes::ThematicV1 {
        // Decomposed input ("Ho\u{302}\u{300}" = "Hồ") prints pre-composed.
        topic: Some("Học tập tư tưởng Ho\u{302}\u{300} Chí Minh".to_owned()),
        presenter: Some("Trần Thị Lan".to_owned()),
        draft_text: draft_text.map(str::to_owned),
        draft_file: draft_file.map(str::to_owned),
        approved_by: Some("Lường Văn Thắng".to_owned()),
    });
    m.conclusion = Some("Chi bộ thống nhất nội dung chuyên đề.".to_owned());
    with(m)
}

/// Issue 10, document 4: the topic's final text holds what the approved minutes' thematic
/// part holds — topic, presenter, the text as approved, the conclusion — and nothing else;
/// unnumbered, dated on the meeting's day (DOC-03/04 header), signed by the presenter.
#[test]
fn topic_text_from_the_thematic_part_of_the_approved_minutes() {
    let thematic = thematic_minutes(Some("1. Ý nghĩa.\n\n2. Nội dung.\n3. Liên hệ."), None);
    let doc = build::topic(&Catalogue::builtin(), &thematic, &signed(Some(7)))
        .unwrap()
        .expect("a thematic meeting has a topic text");
    assert_eq!(doc.type_line.as_deref(), Some("CHUYÊN ĐỀ"));
    assert_eq!(doc.summary.as_deref(), Some("Học tập tư tưởng Hồ Chí Minh"));
    assert_eq!(doc.header.number, None, "a topic text is not numbered");
    assert!(!doc.header.draft);
    assert_eq!(
        doc.header.place_date.as_deref(),
        Some("Điện Biên, ngày 20 tháng 11 năm 2026")
    );
    let text = doc.plain_text();
    for s in [
        "Người trình bày: đồng chí Trần Thị Lan.",
        "NỘI DUNG",
        "1. Ý nghĩa.",
        "2. Nội dung.",
        "3. Liên hệ.",
        "KẾT LUẬN CỦA CHI BỘ",
        "Chi bộ thống nhất nội dung chuyên đề.",
    ] {
        assert!(text.contains(s), "{s:?} missing:\n{text}");
    }
    let paragraphs = doc
        .body
        .iter()
        .filter(|b| matches!(b, Block::Paragraph(_)))
        .count();
    assert_eq!(
        paragraphs,
        2 + 3 + 1,
        "blank lines do not make empty paragraphs"
    );
    match (&doc.closing.left, &doc.closing.right) {
        (Some(Corner::Signature(l)), Some(Corner::Signature(r))) => {
            assert_eq!(r.title, "NGƯỜI TRÌNH BÀY");
            assert_eq!(r.name.as_deref(), Some("Trần Thị Lan"));
            assert_eq!(l.name.as_deref(), Some("Lường Văn Thắng"));
        }
        other => panic!("{other:?}"),
    }
    // Both backends take it.
    assert!(docx::render(&doc).unwrap().starts_with(b"PK"));
    assert!(pdf::render(&doc).unwrap().starts_with(b"%PDF-"));

    // Text given as a file: the document names the file, it does not invent its content.
    let doc = build::topic(
        &Catalogue::builtin(),
        &thematic_minutes(None, Some("chuyen-de-quy-4.docx")),
        &signed(None),
    )
    .unwrap()
    .unwrap();
    assert!(doc
        .plain_text()
        .contains("Toàn văn chuyên đề là tệp đính kèm biên bản: chuyen-de-quy-4.docx."));

    // A regular meeting has none.
    assert!(build::topic(
        &Catalogue::builtin(),
        &snapshot(REGULAR_2026),
        &signed(None)
    )
    .unwrap()
    .is_none());
}

#[test]
fn a_guest_outside_the_party_speaks_by_name_not_as_đồng_chí() {
    let mut m = v1(REGULAR_2026);
    m.steps[1]
        .contributions
        .push(chibo_domain::meeting::minutes::ContributionV1 {
            speaker: "Lò Thị Mai".to_owned(),
            text: "Cảm ơn chi bộ.".to_owned(),
        });
    let text = build::minutes(&Catalogue::builtin(), &with(m), &signed(None), None)
        .unwrap()
        .plain_text();
    assert!(
        text.contains("Lò Thị Mai (khách mời): Cảm ơn chi bộ."),
        "{text}"
    );
    assert!(!text.contains("Đồng chí Lò Thị Mai"));
}

#[test]
fn adm_cer_01_03_ceremony_minutes_carry_the_act() {
    use chibo_domain::meeting::minutes::{CeremonyV1, NamedV1};
    let mut m = v1(REGULAR_2026);
    m.kind = "admission_ceremony".to_owned();
    m.steps.clear();
    m.ceremony = Some(CeremonyV1 {
        new_member: NamedV1 {
            person: Some(30),
            name: "Đinh Thị Mai Phương".to_owned(),
        },
        decision: "456-QĐ/ĐUK".to_owned(),
        decision_date: time::macros::date!(2026 - 10 - 01),
        issuer: "Đảng ủy phường Him Lam".to_owned(),
        received_on: time::macros::date!(2026 - 10 - 05),
        helper: NamedV1 {
            person: Some(12),
            name: "Đặng Thị Hường".to_owned(),
        },
        deadline: Some(time::macros::date!(2026 - 11 - 16)),
        agreement: Some("Công văn số 12-CV/ĐU".to_owned()),
        agreement_date: Some(time::macros::date!(2026 - 11 - 10)),
        probation_ends: time::macros::date!(2027 - 11 - 20),
    });
    let text = build::minutes(&Catalogue::builtin(), &with(m), &signed(None), None)
        .unwrap()
        .plain_text();
    for expected in [
        "lễ kết nạp đảng viên",
        "Quyết định kết nạp: số 456-QĐ/ĐUK ngày 01/10/2026 của Đảng ủy phường Him Lam; chi bộ \
         nhận quyết định ngày 05/10/2026.",
        "Quần chúng được kết nạp: đồng chí Đinh Thị Mai Phương.",
        "Đảng viên chính thức được phân công giúp đỡ: đồng chí Đặng Thị Hường.",
        "có sự đồng ý của cấp ủy cấp trên (hạn tổ chức lễ kết nạp: 16/11/2026): Công văn số \
         12-CV/ĐU ngày 10/11/2026.",
        "Thời gian dự bị: 12 tháng, đến ngày 20/11/2027.",
        "Loại buổi sinh hoạt: Lễ kết nạp đảng viên.",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // A ceremony is not a rated meeting: no grade line unless one was recorded.
    let mut m = v1(REGULAR_2026);
    m.kind = "admission_ceremony".to_owned();
    m.quality = None;
    let text = build::minutes(&Catalogue::builtin(), &with(m), &signed(None), None)
        .unwrap()
        .plain_text();
    assert!(
        !text.contains("Đánh giá chất lượng buổi sinh hoạt:"),
        "{text}"
    );
}

#[test]
fn mtg_onl_01_an_online_meeting_prints_its_reason() {
    let mut m = v1(REGULAR_2026);
    m.mode = "online".to_owned();
    m.online_reason = Some("Đa số đảng viên đang làm nhiệm vụ trên biển".to_owned());
    let doc = build::minutes(&Catalogue::builtin(), &with(m), &signed(None), None).unwrap();
    assert!(doc
        .plain_text()
        .contains("Hình thức: trực tuyến (lý do: Đa số đảng viên đang làm nhiệm vụ trên biển)."));
}

/// The same snapshot gives the same bytes: no clock, no random identifiers, so a document can
/// be regenerated and compared at any time.
#[test]
fn both_backends_are_deterministic() {
    let doc = regular_minutes();
    assert_eq!(pdf::render(&doc).unwrap(), pdf::render(&doc).unwrap());
    assert_eq!(docx::render(&doc).unwrap(), docx::render(&doc).unwrap());
}

#[test]
fn decomposed_input_prints_pre_composed() {
    let mut m = v1(REGULAR_2026);
    // "Đặng Thị Hường" typed as base letters plus combining marks.
    let decomposed = "\u{110}a\u{306}\u{323}ng Thi\u{323} Hu\u{31b}o\u{31b}\u{300}ng";
    assert_ne!(decomposed, "Đặng Thị Hường");
    m.minute_taker.as_mut().unwrap().name = decomposed.to_owned();
    let doc = build::minutes(&Catalogue::builtin(), &with(m), &signed(None), None).unwrap();
    let Some(Corner::Signature(left)) = &doc.closing.left else {
        panic!()
    };
    assert_eq!(left.name.as_deref(), Some("Đặng Thị Hường"));
}

#[test]
fn doc_18_a_type_the_cell_may_not_issue_is_refused_and_old_dates_are_clear_errors() {
    let mut m = v1(REGULAR_2026);
    m.date = time::macros::date!(2005 - 01 - 10);
    let err = build::minutes(&Catalogue::builtin(), &with(m), &signed(None), None).unwrap_err();
    assert!(err.to_string().contains("2005"), "{err}");
    // Conclusions became issuable by cells only with QĐ 399/2026 (DOC-18); the builders
    // here issue minutes and resolutions, which both versions allow.
    let rules = Catalogue::builtin()
        .rules_on(time::macros::date!(2025 - 06 - 01))
        .unwrap();
    assert!(!rules.cell_may_issue(DocumentKind::Conclusion));
    assert!(rules.cell_may_issue(DocumentKind::Minutes));
    assert!(rules.cell_may_issue(DocumentKind::Resolution));
}

// ------------------------------------------------------------------------------ backends

/// The Vietnamese strings every rendering must carry, diacritics included (ặ, ờ, ữ, Đ).
const VIETNAMESE: [&str; 6] = [
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "CHI BỘ TỔ DÂN PHỐ SỐ 3",
    "BIÊN BẢN",
    "Đặng Thị Hường",
    "Vũ Thị Ngữ",
    "NGƯỜI GHI BIÊN BẢN",
];

fn unzip(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("DOCX is a zip");
    let mut out = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the DOCX"))
        .read_to_string(&mut out)
        .unwrap();
    out
}

#[test]
fn docx_is_a_zip_with_the_vietnamese_text_in_times_new_roman() {
    let bytes = docx::render(&regular_minutes()).unwrap();
    let xml = unzip(&bytes, "word/document.xml");
    for s in VIETNAMESE {
        assert!(xml.contains(s), "document.xml lacks {s:?}");
    }
    assert!(
        xml.contains("Times New Roman")
            || unzip(&bytes, "word/styles.xml").contains("Times New Roman")
    );
    // A4, HD 05/2026 margins (20 mm = 1134 twips, 30 mm = 1701 twips), number from page 2.
    assert!(
        xml.contains(r#"w:w="11906""#) && xml.contains(r#"w:h="16838""#),
        "A4"
    );
    assert!(
        xml.contains(r#"w:top="1134""#) && xml.contains(r#"w:left="1701""#),
        "margins"
    );
    assert!(xml.contains("<w:titlePg"), "no number on page 1");
    // The task table's header row repeats on each page.
    assert!(xml.contains("<w:tblHeader />"));
    assert!(!xml.contains(r#"w:hRule="atLeast" w:val="1""#));
    // Margins mirrored on back pages.
    assert!(unzip(&bytes, "word/settings.xml").contains("<w:mirrorMargins />"));
}

#[test]
fn pdf_starts_with_the_magic_and_has_its_pages() {
    let (bytes, pages) = pdf::render_counted(&regular_minutes()).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!((2..=5).contains(&pages), "{pages} pages");
    // A very long record breaks into more pages rather than failing.
    let mut m = v1(REGULAR_2026);
    let long = "Ý kiến rất dài về công tác xây dựng Đảng ở khu dân cư. ".repeat(80);
    for s in m.steps.iter_mut() {
        for c in s.contributions.iter_mut() {
            c.text = long.clone();
        }
    }
    let doc = build::minutes(&Catalogue::builtin(), &with(m), &signed(None), None).unwrap();
    let (_, long_pages) = pdf::render_counted(&doc).unwrap();
    assert!(long_pages > pages + 3, "{long_pages} pages");
}

#[test]
fn an_unknown_paper_size_is_a_clear_error_not_a_broken_file() {
    let mut doc = regular_minutes();
    doc.format.paper = "Letter".to_owned();
    assert!(matches!(
        pdf::render(&doc),
        Err(chibo_render::RenderError::Paper(_))
    ));
    assert!(matches!(
        docx::render(&doc),
        Err(chibo_render::RenderError::Paper(_))
    ));
}

#[test]
fn markup_cannot_be_injected_through_text() {
    let mut m = v1(REGULAR_2026);
    m.place = "#panic(\"x\") \\ \" ] ) } $ * _ `".to_owned();
    let doc = build::minutes(&Catalogue::builtin(), &with(m), &signed(None), None).unwrap();
    let bytes = pdf::render(&doc).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
}

// ------------------------------------------------------------------------- real readers

/// Says a real-reader test was skipped ([`skip`]: a failure where `.ci/run` requires the
/// readers).
fn skipped(test: &str, what: &str) {
    skip(&format!(
        "SKIPPED: {test} ({what} not installed; Debian packages libreoffice-writer-nogui libreoffice-calc-nogui \
         poppler-utils; `bash .ci/run` installs them)"
    ));
}

fn work_dir(name: &str) -> PathBuf {
    let dir = match std::env::var_os("CHIBO_RENDER_KEEP") {
        Some(d) => PathBuf::from(d),
        None => std::env::temp_dir().join(format!("chibo-render-{name}-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every Vietnamese string of the document, as poppler extracts it from our PDF, and the
/// page number on page 2 but not on page 1 (DOC-13).
#[test]
fn real_reader_pdftotext_reads_our_pdf() {
    if !tool("pdftotext") {
        return skipped("real_reader_pdftotext_reads_our_pdf", "pdftotext");
    }
    let dir = work_dir("pdf");
    for (name, doc) in [
        ("minutes", regular_minutes()),
        ("resolution", resolution(Stage::Signed { number: Some(5) })),
        (
            "minutes-2025",
            build::minutes(
                &Catalogue::builtin(),
                &snapshot(FROZEN_V1),
                &signed(None),
                None,
            )
            .unwrap(),
        ),
    ] {
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, pdf::render(&doc).unwrap()).unwrap();
        let text = pdftotext(&path);
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for s in ["ĐẢNG CỘNG SẢN VIỆT NAM", "CHI BỘ TỔ DÂN PHỐ SỐ 3"] {
            assert!(flat.contains(s), "{name}: pdftotext lacks {s:?}:\n{text}");
        }
        if name == "minutes" {
            for s in VIETNAMESE {
                assert!(flat.contains(s), "{name}: pdftotext lacks {s:?}:\n{text}");
            }
            let pages: Vec<&str> = text.split('\u{c}').collect();
            assert!(pages.len() >= 2);
            let first_line = |p: &str| {
                p.lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("")
                    .trim()
                    .to_owned()
            };
            assert_eq!(first_line(pages[1]), "2", "page 2 starts with its number");
            assert_ne!(first_line(pages[0]), "1", "no number on page 1");
        }
        if tool("pdffonts") {
            // The font is embedded (and subset) in our PDF: nothing depends on the reader's
            // fonts.
            let out = Command::new("pdffonts").arg(&path).output().unwrap();
            let fonts = String::from_utf8(out.stdout).unwrap();
            let embedded: Vec<&str> = fonts
                .lines()
                .skip(2)
                .filter(|l| l.contains("LiberationSerif"))
                .collect();
            assert!(!embedded.is_empty(), "{fonts}");
            for l in embedded {
                let cols: Vec<&str> = l.split_whitespace().collect();
                let emb = cols[cols.len() - 5];
                assert_eq!(emb, "yes", "not embedded: {l}");
            }
        }
        if name == "resolution" {
            assert!(flat.contains("Số 05-NQ/CB"), "{text}");
            assert!(
                flat.contains("Điện Biên, ngày 20 tháng 11 năm 2026"),
                "{text}"
            );
            assert!(flat.contains("T/M CHI BỘ"), "{text}");
        }
    }
    // A table over several pages repeats its header row on each.
    let path = dir.join("many-tasks.pdf");
    let (bytes, pages) = pdf::render_counted(&many_tasks()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let text = pdftotext(&path);
    let table_pages = text
        .split('\u{c}')
        .filter(|p| p.contains("Nhiệm vụ số"))
        .count();
    assert!(
        table_pages >= 2,
        "{pages} pages, the table on {table_pages}"
    );
    assert_eq!(header_rows(&text), table_pages, "{text}");
    if std::env::var_os("CHIBO_RENDER_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// LibreOffice opens our DOCX and converts it to PDF; the Vietnamese text survives.
#[test]
fn real_reader_libreoffice_converts_our_docx() {
    if !tool("soffice") {
        return skipped("real_reader_libreoffice_converts_our_docx", "soffice");
    }
    if !tool("pdftotext") {
        return skipped("real_reader_libreoffice_converts_our_docx", "pdftotext");
    }
    let dir = work_dir("docx");
    let files = [
        ("minutes", regular_minutes()),
        ("resolution", resolution(Stage::Signed { number: Some(5) })),
        ("many-tasks", many_tasks()),
    ];
    for (name, doc) in &files {
        std::fs::write(dir.join(format!("{name}.docx")), docx::render(doc).unwrap()).unwrap();
    }
    let out_dir = dir.join("lo");
    support::libreoffice_pdfs(
        "render",
        &out_dir,
        files.iter().map(|(n, _)| dir.join(format!("{n}.docx"))),
    );
    let minutes = pdftotext(&out_dir.join("minutes.pdf"));
    let flat: String = minutes.split_whitespace().collect::<Vec<_>>().join(" ");
    for s in VIETNAMESE {
        assert!(
            flat.contains(s),
            "LibreOffice's PDF lacks {s:?}:\n{minutes}"
        );
    }
    let resolution = pdftotext(&out_dir.join("resolution.pdf"));
    let flat: String = resolution.split_whitespace().collect::<Vec<_>>().join(" ");
    for s in ["Số 05-NQ/CB", "T/M CHI BỘ", "Lưu Chi bộ.", "Nơi nhận:"] {
        assert!(
            flat.contains(s),
            "LibreOffice's PDF lacks {s:?}:\n{resolution}"
        );
    }
    // LibreOffice honours the w:tblHeader we add: the header row on every page of the table.
    let text = pdftotext(&out_dir.join("many-tasks.pdf"));
    let table_pages = text
        .split('\u{c}')
        .filter(|p| p.contains("Nhiệm vụ số"))
        .count();
    assert!(table_pages >= 2, "the table on {table_pages} pages");
    assert_eq!(header_rows(&text), table_pages, "{text}");
    if std::env::var_os("CHIBO_RENDER_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Issue 11's document: "KẾ HOẠCH", the topics by quarter in a table, recipients and
/// "T/M CHI BỘ"; numbered when signed (DOC-05/06), "DỰ THẢO" and no number as a draft
/// (DOC-19).
#[test]
fn doc_19_the_thematic_plan_document() {
    let input = build::PlanInput {
        year: 2027,
        date: time::macros::date!(2026 - 12 - 10),
        directive: Some("văn bản số 799-CV/ĐUK ngày 19/11/2026 của Đảng ủy phường Him Lam".into()),
        items: vec![
            build::PlanLine {
                quarter: 2,
                month: Some(5),
                topic: "Học tập tư tưởng Hồ Chí Minh".into(),
                presenter: Some("Trần Thị Lan".into()),
                note: None,
            },
            build::PlanLine {
                quarter: 1,
                month: None,
                topic: "Chuyển đổi số".into(),
                presenter: None,
                note: Some("Mời báo cáo viên".into()),
            },
        ],
        report_to: vec!["Đảng ủy phường Him Lam".into()],
        signer_name: Some("Nguyễn Văn An".into()),
    };
    let doc = build::plan(&Catalogue::builtin(), &signed(Some(3)), &input).unwrap();
    assert_eq!(doc.kind, DocumentKind::Plan);
    assert_eq!(doc.header.number.as_deref(), Some("Số 03-KH/CB"));
    assert_eq!(doc.type_line.as_deref(), Some("KẾ HOẠCH"));
    assert_eq!(doc.summary.as_deref(), Some("sinh hoạt chuyên đề năm 2027"));
    let text = doc.plain_text();
    assert!(text.contains("Thực hiện văn bản số 799-CV/ĐUK"), "{text}");
    // Sorted by quarter: Q1 first.
    let q1 = text
        .find("1 | Quý I | Chuyển đổi số |  | Mời báo cáo viên")
        .expect(&text);
    let q2 = text
        .find("2 | Tháng 5 (Quý II) | Học tập tư tưởng Hồ Chí Minh | Đồng chí Trần Thị Lan")
        .expect(&text);
    assert!(q1 < q2);
    assert!(text.contains("- Đảng ủy phường Him Lam (báo cáo),"));
    assert!(text.contains("T/M CHI BỘ\nBÍ THƯ\nNguyễn Văn An"), "{text}");
    let draft = build::plan(&Catalogue::builtin(), &ctx(Stage::Draft), &input).unwrap();
    assert_eq!(draft.header.number, None);
    assert!(draft.header.draft);
    assert!(draft.plain_text().contains("DỰ THẢO"));
    assert!(docx::render(&doc).unwrap().starts_with(b"PK"));
    assert!(pdf::render(&doc).unwrap().starts_with(b"%PDF-"));
}

/// Issue 12: the cell's resolutions proposing an admission (ADM-VOTE-01) and a recognition
/// (ADM-REC-02): the vote with its denominator, percentage and method (CHR-VOTE-02), the
/// proposal to the committee, "T/M CHI BỘ"; a draft has no number (DOC-19).
#[test]
fn adm_vote_01_adm_rec_02_the_cells_proposal_resolutions() {
    use chibo_domain::meeting::vote::VoteMethod;
    use time::macros::date as d;
    let admission = build::AdmissionResolutionInput {
        recognition: false,
        date: d!(2024 - 09 - 10),
        person: "Đinh Thị Mai Phương".into(),
        birth_date: Some(d!(1996 - 04 - 12)),
        votes_for: 9,
        against: 1,
        abstain: 0,
        denominator: 10,
        method: VoteMethod::SecretBallot,
        ceremony: None,
        probation_ends: None,
        propose_to: Some("Đảng ủy Sở Tư pháp".into()),
        signer_name: None,
    };
    let doc =
        build::admission_resolution(&Catalogue::builtin(), &ctx(Stage::Draft), &admission).unwrap();
    assert_eq!(doc.kind, DocumentKind::Resolution);
    assert_eq!(doc.header.number, None);
    let text = doc.plain_text();
    for s in [
        "DỰ THẢO",
        "đề nghị kết nạp quần chúng Đinh Thị Mai Phương vào Đảng",
        "Ngày 10/09/2024",
        "sinh ngày 12/04/1996",
        "Tổng số đảng viên chính thức được tính: 10. Hình thức biểu quyết: bỏ phiếu kín. Số tán thành: 9 (90,0\u{a0}%)",
        "QUYẾT NGHỊ",
        "1. Đề nghị Đảng ủy Sở Tư pháp xem xét, quyết định kết nạp quần chúng Đinh Thị Mai Phương",
        "- Đảng ủy Sở Tư pháp (báo cáo),",
        "T/M CHI BỘ\nBÍ THƯ",
    ] {
        assert!(text.contains(s), "{s:?} missing:\n{text}");
    }
    let recognition = build::AdmissionResolutionInput {
        recognition: true,
        date: d!(2025 - 11 - 25),
        method: VoteMethod::PartyCard,
        ceremony: Some(d!(2024 - 11 - 22)),
        probation_ends: Some(d!(2025 - 11 - 22)),
        ..admission
    };
    let doc =
        build::admission_resolution(&Catalogue::builtin(), &signed(Some(7)), &recognition).unwrap();
    assert_eq!(doc.header.number.as_deref(), Some("Số 07-NQ/CB"));
    let text = doc.plain_text();
    for s in [
        "công nhận đảng viên chính thức đối với đồng chí Đinh Thị Mai Phương",
        "kết nạp vào Đảng ngày 22/11/2024, hết thời gian dự bị ngày 22/11/2025",
        "giơ thẻ đảng viên",
        "công nhận đồng chí Đinh Thị Mai Phương là đảng viên chính thức",
    ] {
        assert!(text.contains(s), "{s:?} missing:\n{text}");
    }
    assert!(docx::render(&doc).unwrap().starts_with(b"PK"));
    assert!(pdf::render(&doc).unwrap().starts_with(b"%PDF-"));
}
