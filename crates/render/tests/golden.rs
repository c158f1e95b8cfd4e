//! Golden tests on the document model (issue 10): one insta snapshot per document type —
//! regular, thematic, combined-session and ceremony minutes, the monthly resolution, the
//! topic's final text and the annual thematic plan — each built by its builder from the
//! fixture in `tests/fixtures`. The snapshot is the whole model (`Debug`): header, type and
//! summary lines, every block with its runs' bold/italic, tables, closing corners and the
//! format parameters of the rule set of the document's date. Nothing in it comes from a clock
//! or an id generator, so it is the same on every machine.
//!
//! A deliberate change: `cargo insta review` (or `INSTA_UPDATE=always cargo test -p
//! chibo-render --test golden`) and review the `.snap` diff. In CI (`CI=true`, and `.ci/run`
//! sets `INSTA_UPDATE=no`) a mismatch fails and nothing is written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;

use chibo_domain::meeting::minutes::{CeremonyV1, ContributionV1, Minutes, NamedV1, ThematicV1};
use chibo_domain::ruleset::Catalogue;
use chibo_render::model::Document;
use chibo_render::{build, Context, PlanInput, PlanLine, Progress, ResolutionInput, Stage};
use time::macros::date;

mod support;
use support::{ctx, pdftotext, regular, skip, tool};

fn unnumbered() -> Context {
    ctx(Stage::Signed { number: None })
}

fn thematic_part() -> ThematicV1 {
    ThematicV1 {
        topic: Some(
            "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về xây dựng khu dân \
             cư văn hóa"
                .to_owned(),
        ),
        presenter: Some("Trần Thị Lan".to_owned()),
        draft_text: Some(
            "1. Ý nghĩa của việc học tập và làm theo Bác.\n\n2. Những việc chi bộ đã làm được \
             trong năm.\n3. Liên hệ trách nhiệm của mỗi đảng viên ở khu dân cư."
                .to_owned(),
        ),
        draft_file: None,
        approved_by: Some("Chi ủy".to_owned()),
    }
}

fn thematic() -> Minutes {
    let mut m = regular();
    m.kind = "thematic".to_owned();
    m.thematic = Some(thematic_part());
    m.conclusion = Some(
        "Chi bộ thống nhất nội dung chuyên đề và giao chi ủy xây dựng kế hoạch làm theo."
            .to_owned(),
    );
    Minutes::V1(m)
}

fn combined() -> Minutes {
    let mut m = regular();
    m.kind = "combined".to_owned();
    m.thematic = Some(thematic_part());
    let mut th = m.steps[1].clone();
    th.code = "TH.T1".to_owned();
    th.title = "Đảng viên được phân công trình bày dự thảo".to_owned();
    th.contributions = vec![ContributionV1 {
        speaker: "Trần Thị Lan".to_owned(),
        text: "Trình bày dự thảo chuyên đề.".to_owned(),
    }];
    m.steps.push(th);
    Minutes::V1(m)
}

fn ceremony() -> Minutes {
    let mut m = regular();
    m.kind = "admission_ceremony".to_owned();
    m.steps.clear();
    m.tasks.clear();
    m.votes.clear();
    m.quality = None;
    m.ceremony = Some(CeremonyV1 {
        new_member: NamedV1 {
            person: Some(30),
            name: "Đinh Thị Mai Phương".to_owned(),
        },
        decision: "456-QĐ/ĐUK".to_owned(),
        decision_date: date!(2026 - 10 - 01),
        issuer: "Đảng ủy phường Him Lam".to_owned(),
        received_on: date!(2026 - 10 - 05),
        helper: NamedV1 {
            person: Some(12),
            name: "Đặng Thị Hường".to_owned(),
        },
        deadline: Some(date!(2026 - 11 - 16)),
        agreement: Some("Công văn số 12-CV/ĐU".to_owned()),
        agreement_date: Some(date!(2026 - 11 - 10)),
        probation_ends: date!(2027 - 11 - 20),
    });
    Minutes::V1(m)
}

fn minutes(m: &Minutes) -> Document {
    build::minutes(&Catalogue::builtin(), m, &unnumbered(), Some("3f2a…9c")).unwrap()
}

#[test]
fn golden_minutes_regular() {
    insta::assert_debug_snapshot!(minutes(&Minutes::V1(regular())));
}

#[test]
fn golden_minutes_thematic() {
    insta::assert_debug_snapshot!(minutes(&thematic()));
}

#[test]
fn golden_minutes_combined() {
    insta::assert_debug_snapshot!(minutes(&combined()));
}

#[test]
fn golden_minutes_ceremony() {
    insta::assert_debug_snapshot!(minutes(&ceremony()));
}

#[test]
fn golden_resolution_monthly() {
    let input = ResolutionInput {
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
                owners: vec!["Lò Văn Thắng".to_owned(), "Vũ Thị Ngữ".to_owned()],
                outcome: "Đang thực hiện: còn tổ 2".to_owned(),
            },
        ],
        report_to: vec!["Đảng ủy phường Him Lam".to_owned()],
        signer_title: "BÍ THƯ".to_owned(),
        signer_name: "Nguyễn Văn Bình".to_owned(),
    };
    let doc = build::resolution(
        &Catalogue::builtin(),
        &Minutes::V1(regular()),
        &ctx(Stage::Signed { number: Some(5) }),
        &input,
    )
    .unwrap();
    insta::assert_debug_snapshot!(doc);
}

#[test]
fn golden_topic_text() {
    let doc = build::topic(&Catalogue::builtin(), &thematic(), &unnumbered())
        .unwrap()
        .expect("a thematic meeting has a topic text");
    insta::assert_debug_snapshot!(doc);
}

#[test]
fn golden_plan_annual() {
    let input = PlanInput {
        year: 2027,
        date: date!(2026 - 12 - 10),
        directive: Some(
            "văn bản số 799-CV/ĐUK ngày 19/11/2026 của Đảng ủy phường Him Lam".to_owned(),
        ),
        items: vec![
            PlanLine {
                quarter: 1,
                month: Some(2),
                topic: "Chuyển đổi số trong sinh hoạt chi bộ".to_owned(),
                presenter: Some("Đặng Thị Hường".to_owned()),
                note: None,
            },
            PlanLine {
                quarter: 2,
                month: Some(5),
                topic: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh".to_owned(),
                presenter: Some("Trần Thị Lan".to_owned()),
                note: None,
            },
            PlanLine {
                quarter: 3,
                month: None,
                topic: "Phòng, chống tham nhũng, tiêu cực ở khu dân cư".to_owned(),
                presenter: None,
                note: Some("Mời báo cáo viên Đảng ủy phường".to_owned()),
            },
            PlanLine {
                quarter: 4,
                month: Some(11),
                topic: "Xây dựng khu dân cư văn hóa, an toàn".to_owned(),
                presenter: Some("Lò Văn Thắng".to_owned()),
                note: None,
            },
        ],
        report_to: vec!["Đảng ủy phường Him Lam".to_owned()],
        signer_name: Some("Nguyễn Văn Bình".to_owned()),
    };
    let doc = build::plan(
        &Catalogue::builtin(),
        &ctx(Stage::Signed { number: Some(1) }),
        &input,
    )
    .unwrap();
    insta::assert_debug_snapshot!(doc);
}

// ------------------------------------------------------------------ every type, real readers

/// Every document type of the goldens with the strings a reader must find in it — every
/// diacritic, NFC — besides the header block every document has.
fn every_type() -> Vec<(&'static str, Document, Vec<&'static str>)> {
    let cat = Catalogue::builtin();
    let resolution = {
        let input = ResolutionInput {
            month: 12,
            year: 2026,
            previous: vec![],
            report_to: vec!["Đảng ủy phường Him Lam".to_owned()],
            signer_title: "BÍ THƯ".to_owned(),
            signer_name: "Nguyễn Văn Bình".to_owned(),
        };
        build::resolution(
            &cat,
            &Minutes::V1(regular()),
            &ctx(Stage::Signed { number: Some(5) }),
            &input,
        )
        .unwrap()
    };
    let plan = build::plan(
        &cat,
        &ctx(Stage::Signed { number: Some(1) }),
        &PlanInput {
            year: 2027,
            date: date!(2026 - 12 - 10),
            directive: None,
            items: vec![PlanLine {
                quarter: 2,
                month: Some(5),
                topic: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh".to_owned(),
                presenter: Some("Trần Thị Lan".to_owned()),
                note: None,
            }],
            report_to: vec!["Đảng ủy phường Him Lam".to_owned()],
            signer_name: Some("Nguyễn Văn Bình".to_owned()),
        },
    )
    .unwrap();
    let minutes_signatures = [
        "NGƯỜI GHI BIÊN BẢN",
        "CHỦ TRÌ",
        "Đặng Thị Hường",
        "Nguyễn Văn Bình",
    ];
    let with_sig = |mut v: Vec<&'static str>| {
        v.extend(minutes_signatures);
        v
    };
    vec![
        (
            "minutes-regular",
            minutes(&Minutes::V1(regular())),
            with_sig(vec![
                "BIÊN BẢN",
                "sinh hoạt chi bộ thường kỳ tháng 11 năm 2026",
                "Vũ Thị Ngữ",
            ]),
        ),
        (
            "minutes-thematic",
            minutes(&thematic()),
            with_sig(vec!["BIÊN BẢN", "Người trình bày: đồng chí Trần Thị Lan."]),
        ),
        (
            "minutes-combined",
            minutes(&combined()),
            with_sig(vec![
                "kết hợp sinh hoạt chuyên đề",
                "PHẦN SINH HOẠT CHUYÊN ĐỀ",
            ]),
        ),
        (
            "minutes-ceremony",
            minutes(&ceremony()),
            with_sig(vec![
                "lễ kết nạp đảng viên",
                "Đinh Thị Mai Phương",
                "456-QĐ/ĐUK",
            ]),
        ),
        (
            "resolution",
            resolution,
            vec![
                "NGHỊ QUYẾT",
                "Số 05-NQ/CB",
                "Điện Biên, ngày 20 tháng 11 năm 2026",
                "T/M CHI BỘ",
                "BÍ THƯ",
                "Nơi nhận:",
                "Lưu Chi bộ.",
            ],
        ),
        (
            "topic",
            build::topic(&cat, &thematic(), &unnumbered())
                .unwrap()
                .unwrap(),
            vec![
                "CHUYÊN ĐỀ",
                "Điện Biên, ngày 20 tháng 11 năm 2026",
                "KẾT LUẬN CỦA CHI BỘ",
                "NGƯỜI TRÌNH BÀY",
                "Trần Thị Lan",
            ],
        ),
        (
            "plan",
            plan,
            vec![
                "KẾ HOẠCH",
                "Số 01-KH/CB",
                "sinh hoạt chuyên đề năm 2027",
                "Điện Biên, ngày 10 tháng 12 năm 2026",
                "T/M CHI BỘ",
                "Nguyễn Văn Bình",
            ],
        ),
    ]
}

const HEADER: [&str; 3] = [
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "ĐẢNG BỘ PHƯỜNG HIM LAM",
    "CHI BỘ TỔ DÂN PHỐ SỐ 3",
];

fn readers_present(test: &str) -> bool {
    let missing: Vec<&str> = ["pdftotext", "pdffonts", "soffice"]
        .into_iter()
        .filter(|t| !tool(t))
        .collect();
    if missing.is_empty() {
        return true;
    }
    skip(&format!(
        "SKIPPED: {test} ({missing:?} not installed; `bash .ci/run` installs them)"
    ));
    false
}

/// The last three words of the body's last paragraph.
fn last_paragraph_ending(doc: &Document) -> String {
    let Some(chibo_render::model::Block::Paragraph(p)) = doc.body.last() else {
        panic!("{:?} ends in a paragraph", doc.kind)
    };
    let text = p.text();
    let words: Vec<&str> = text.split_whitespace().collect();
    words[words.len().saturating_sub(3)..].join(" ")
}

/// Every document type in both formats, read by real readers: poppler reads our PDF —
/// header block, the type's own strings, NFC, no place-and-date line on minutes (DOC-17) —
/// and finds its font embedded; LibreOffice converts our DOCX, and poppler finds the same
/// strings in LibreOffice's PDF. `CHIBO_RENDER_KEEP=DIR` keeps them as `DIR/type-*.pdf`,
/// `.docx` and `DIR/lo/type-*.pdf` (`.ci/run` makes page-1 PNGs of them).
#[test]
fn every_document_type_reads_back_in_real_readers() {
    let test = "every_document_type_reads_back_in_real_readers";
    if !readers_present(test) {
        return;
    }
    let keep = std::env::var_os("CHIBO_RENDER_KEEP").map(PathBuf::from);
    let dir = keep.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("chibo-types-{}", std::process::id()))
    });
    std::fs::create_dir_all(&dir).unwrap();
    let docs = every_type();
    let mut docx_files = Vec::new();
    for (name, doc, _) in &docs {
        std::fs::write(
            dir.join(format!("type-{name}.pdf")),
            chibo_render::pdf::render(doc).unwrap(),
        )
        .unwrap();
        let docx = dir.join(format!("type-{name}.docx"));
        std::fs::write(&docx, chibo_render::docx::render(doc).unwrap()).unwrap();
        docx_files.push(docx);
    }
    let lo = dir.join("lo");
    support::libreoffice_pdfs("types", &lo, &docx_files);
    for (name, doc, expected) in &docs {
        let ours = dir.join(format!("type-{name}.pdf"));
        let theirs = lo.join(format!("type-{name}.pdf"));
        for (who, path) in [
            ("our PDF", &ours),
            ("LibreOffice's PDF of our DOCX", &theirs),
        ] {
            let text = pdftotext(path);
            assert!(
                !text.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c)),
                "{name}, {who}: combining marks (not NFC)"
            );
            let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
            for s in HEADER.iter().chain(expected.iter()) {
                assert!(flat.contains(s), "{name}, {who}: lacks {s:?}:\n{text}");
            }
            // The signature row never stands alone on the last page: the body's last
            // paragraph is kept with it.
            let last_page = text.split('\u{c}').rfind(|p| !p.trim().is_empty()).unwrap();
            let last_page = last_page.split_whitespace().collect::<Vec<_>>().join(" ");
            let ending = last_paragraph_ending(doc);
            assert!(
                last_page.contains(&ending),
                "{name}, {who}: the last page lacks {ending:?}:\n{last_page}"
            );
            if doc.kind == chibo_domain::ruleset::DocumentKind::Minutes {
                assert!(
                    !flat.contains("Điện Biên, ngày"),
                    "{name}, {who}: DOC-17\n{text}"
                );
            }
        }
        // Our PDF embeds its fonts (subset): nothing depends on the reader's fonts.
        let out = Command::new("pdffonts").arg(&ours).output().unwrap();
        let fonts = String::from_utf8(out.stdout).unwrap();
        let rows: Vec<&str> = fonts
            .lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert!(!rows.is_empty(), "{name}: no fonts?\n{fonts}");
        for l in rows {
            assert!(
                l.contains("LiberationSerif"),
                "{name}: a font not ours: {l}"
            );
            let cols: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(cols[cols.len() - 5], "yes", "{name}: not embedded: {l}");
        }
    }
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
