//! Bad input (issue 10): very long contributions, names with rare diacritics typed as
//! decomposed Unicode, an organisation with neither superior, issuer code nor place, and a
//! snapshot of an older schema version — each gives a correct document in both formats, never
//! a broken file. Real readers (`pdftotext`, LibreOffice) check what a person would see where
//! they are installed; `.ci/run` requires them (`CHIBO_RENDER_READERS_REQUIRED=1`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read as _;
use std::path::{Path, PathBuf};

use chibo_domain::meeting::minutes::{
    AbsenteeV1, ContributionV1, Minutes, MinutesV1, NamedV1, ThematicV1,
};
use chibo_domain::ruleset::Catalogue;
use chibo_render::model::{Corner, Document};
use chibo_render::{
    build, docx, pdf, Context, Issuer, PlanInput, PlanLine, Progress, ResolutionInput, Stage,
};
use unicode_normalization::{is_nfc, UnicodeNormalization};

mod support;
use support::{ctx, flat, pdftotext, regular, skip, tool, FROZEN_V1};

fn resolution_input(signer: &str, owners: Vec<String>) -> ResolutionInput {
    ResolutionInput {
        month: 12,
        year: 2026,
        previous: vec![Progress {
            task: "Vận động Quỹ Vì người nghèo".to_owned(),
            owners,
            outcome: "Đã hoàn thành".to_owned(),
        }],
        report_to: vec!["Đảng ủy phường Him Lam".to_owned()],
        signer_title: "BÍ THƯ".to_owned(),
        signer_name: signer.to_owned(),
    }
}

fn plan_input(presenter: &str) -> PlanInput {
    PlanInput {
        year: 2027,
        date: time::macros::date!(2026 - 12 - 10),
        directive: None,
        items: vec![PlanLine {
            quarter: 1,
            month: Some(3),
            topic: "Học tập tư tưởng Hồ Chí Minh".to_owned(),
            presenter: Some(presenter.to_owned()),
            note: None,
        }],
        report_to: vec!["Đảng ủy phường Him Lam".to_owned()],
        signer_name: Some(presenter.to_owned()),
    }
}

/// The minutes `m` built as signed, unnumbered, with no snapshot hash.
fn signed_minutes(m: MinutesV1) -> Document {
    build::minutes(
        &Catalogue::builtin(),
        &Minutes::V1(m),
        &ctx(Stage::Signed { number: None }),
        None,
    )
    .unwrap()
}

// ---------------------------------------------------------------------- readers (optional)

/// A missing reader skips the reader part of a test (and says so) unless `.ci/run` requires
/// the readers.
fn reader(name: &str, test: &str) -> bool {
    if tool(name) {
        return true;
    }
    skip(&format!(
        "SKIPPED: the {name} part of {test} ({name} not installed)"
    ));
    false
}

fn work_dir(name: &str) -> PathBuf {
    let dir = match std::env::var_os("CHIBO_RENDER_KEEP") {
        Some(d) => PathBuf::from(d).join("bad-input"),
        None => std::env::temp_dir().join(format!("chibo-bad-{name}-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn done_with(dir: &Path) {
    if std::env::var_os("CHIBO_RENDER_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// LibreOffice's PDF of each DOCX (a private profile, removed afterwards).
fn libreoffice_pdfs(dir: &Path, docx_files: &[PathBuf]) -> PathBuf {
    let out_dir = dir.join("lo");
    support::libreoffice_pdfs("bad", &out_dir, docx_files);
    out_dir
}

fn document_xml(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("DOCX is a zip");
    let mut out = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    out
}

/// Unicode combining marks (U+0300..U+036F): what decomposed Vietnamese is made of.
fn has_combining(s: &str) -> bool {
    s.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c))
}

// ------------------------------------------------------------------- very long contributions

/// Minutes whose every contribution is a page or more long and whose task table runs over
/// several pages, each contribution ending in its own marker.
fn long_minutes() -> (Document, Vec<String>) {
    let mut m = regular();
    let mut markers = Vec::new();
    let mut n = 0;
    for s in m.steps.iter_mut() {
        for c in s.contributions.iter_mut() {
            n += 1;
            let marker = format!("[hết ý kiến số {n}]");
            c.text = format!(
                "{}{marker}",
                "Ý kiến rất dài về công tác xây dựng Đảng, giữ gìn khu dân cư văn hóa và chăm lo \
                 đời sống nhân dân. "
                    .repeat(40)
            );
            markers.push(marker);
        }
    }
    assert!(n >= 2, "the fixture has contributions");
    let task = m.tasks[0].clone();
    m.tasks = (1..=60)
        .map(|i| {
            let mut t = task.clone();
            t.text = format!("Nhiệm vụ số {i}: {}", task.text);
            t
        })
        .collect();
    let doc = signed_minutes(m);
    (doc, markers)
}

/// How many times the task table's header row is printed.
fn task_header_rows(text: &str) -> usize {
    text.lines()
        .filter(|l| {
            l.contains("Nhiệm vụ") && l.contains("Người thực hiện") && l.contains("Thời hạn")
        })
        .count()
}

/// Long contributions flow over pages without losing or reordering a word; the task table's
/// header row repeats on every page it runs over (DOCX `w:tblHeader`, the PDF's repeated
/// header); page numbers follow from page 2; the signatures come once, at the end.
#[test]
fn very_long_contributions_break_cleanly_over_pages() {
    let (doc, markers) = long_minutes();
    let text = doc.plain_text();
    let mut at = 0;
    for m in &markers {
        let i = text[at..]
            .find(m.as_str())
            .unwrap_or_else(|| panic!("{m} missing or out of order"));
        at += i + m.len();
    }

    let bytes = docx::render(&doc).unwrap();
    let xml = document_xml(&bytes);
    for m in &markers {
        assert!(xml.contains(m.as_str()), "DOCX lacks {m}");
    }
    // The task table's first row is its header row, marked to repeat.
    let table = xml.find("Người thực hiện").expect("task table");
    let row_start = xml[..table].rfind("<w:tr>").expect("header row");
    assert!(
        xml[row_start..table].contains("<w:tblHeader />"),
        "the task table's header row does not repeat"
    );

    let (pdf_bytes, pages) = pdf::render_counted(&doc).unwrap();
    assert!(pages >= 6, "{pages} pages");
    let dir = work_dir("long");
    let pdf_path = dir.join("long-contributions.pdf");
    std::fs::write(&pdf_path, &pdf_bytes).unwrap();
    let docx_path = dir.join("long-contributions.docx");
    std::fs::write(&docx_path, &bytes).unwrap();

    let mut readings = Vec::new();
    if reader(
        "pdftotext",
        "very_long_contributions_break_cleanly_over_pages",
    ) {
        readings.push(("our PDF", pdftotext(&pdf_path)));
        if reader(
            "soffice",
            "very_long_contributions_break_cleanly_over_pages",
        ) {
            let lo = libreoffice_pdfs(&dir, std::slice::from_ref(&docx_path));
            readings.push((
                "LibreOffice's PDF",
                pdftotext(&lo.join("long-contributions.pdf")),
            ));
        }
    }
    for (who, text) in readings {
        let all = flat(&text);
        let mut at = 0;
        for m in &markers {
            let i = all[at..]
                .find(m.as_str())
                .unwrap_or_else(|| panic!("{who}: {m} missing or out of order"));
            at += i + m.len();
        }
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert!(pages.len() >= 6, "{who}: {} pages", pages.len());
        // Every page from the second starts with its number (DOC-13).
        for (i, p) in pages.iter().enumerate().skip(1) {
            let first = p
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .trim();
            assert_eq!(
                first,
                (i + 1).to_string(),
                "{who}: page {} starts with {first:?}",
                i + 1
            );
        }
        // The header row on every page the table is on.
        let table_pages = pages.iter().filter(|p| p.contains("Nhiệm vụ số")).count();
        assert!(table_pages >= 2, "{who}: the table on {table_pages} pages");
        assert_eq!(task_header_rows(&text), table_pages, "{who}:\n{text}");
        // The signatures once, on the last page.
        let last = pages.last().unwrap();
        assert_eq!(all.matches("NGƯỜI GHI BIÊN BẢN").count(), 1, "{who}");
        assert!(
            last.contains("NGƯỜI GHI BIÊN BẢN") && last.contains("CHỦ TRÌ"),
            "{who}"
        );
    }
    done_with(&dir);
}

/// One word longer than a line (a pasted link) does not run off the page or break the file.
#[test]
fn a_word_longer_than_the_line_still_renders() {
    let mut m = regular();
    m.steps[1].contributions[0].text = format!(
        "Xem tài liệu tại https://example.org/{}/het",
        "tai-lieu-sinh-hoat-chi-bo".repeat(12)
    );
    let doc = signed_minutes(m);
    assert!(pdf::render(&doc).unwrap().starts_with(b"%PDF-"));
    assert!(docx::render(&doc).unwrap().starts_with(b"PK"));
}

// ----------------------------------------------------------- rare diacritics, decomposed input

/// Names with the rarer Vietnamese letters (ỹ, ỵ, ẵ, ẳ, ử, ự, ỗ, ằ, ẫ, ợ, ẻ), as they must print.
const RARE: [&str; 6] = [
    "Đỗ Thị Ỹ",
    "Kiều Văn Ẳng",
    "Ưng Thị Ửa",
    "Lương Ngọc Ỵ",
    "Vương Thị Ẵm",
    "Nguyễn Hữu Ợ",
];

/// The same names typed decomposed (NFD: base letters followed by combining marks), as some
/// keyboards and older snapshots send them.
fn decomposed(s: &str) -> String {
    let d: String = s.nfd().collect();
    assert_ne!(d, s, "{s} has marks to decompose");
    d
}

/// Every document type fed decomposed names: the model, the DOCX's XML and the text poppler
/// extracts from our PDF are all NFC, with the rare letters intact.
#[test]
fn rare_diacritics_typed_decomposed_come_out_nfc_in_every_document() {
    let d: Vec<String> = RARE.iter().map(|s| decomposed(s)).collect();
    let mut m = regular();
    m.chair = Some(NamedV1 {
        person: Some(1),
        name: d[0].clone(),
    });
    m.minute_taker = Some(NamedV1 {
        person: Some(2),
        name: d[1].clone(),
    });
    m.absentees.push(AbsenteeV1 {
        name: d[2].clone(),
        reason: Some(decomposed("Đi học lớp bồi dưỡng ở Hà Nội")),
        accepted: true,
    });
    m.steps[1].contributions.push(ContributionV1 {
        speaker: d[3].clone(),
        text: decomposed("Tôi đồng ý với dự thảo; đề nghị bổ sung việc thăm hỏi hộ khó khăn."),
    });
    m.tasks[0].owners = vec![d[4].clone(), d[5].clone()];
    m.place = decomposed("Nhà văn hóa bản Mường Ảng");
    m.conclusion = Some(decomposed(
        "Chi bộ thống nhất; giao đồng chí Nguyễn Hữu Ợ theo dõi.",
    ));
    let thematic = {
        let mut t = m.clone();
        t.kind = "thematic".to_owned();
        t.thematic = Some(ThematicV1 {
            topic: Some(decomposed("Học tập và làm theo tư tưởng Hồ Chí Minh")),
            presenter: Some(d[3].clone()),
            draft_text: Some(decomposed("1. Ý nghĩa.\n2. Liên hệ bản thân.")),
            draft_file: None,
            approved_by: Some(d[0].clone()),
        });
        Minutes::V1(t)
    };
    let cat = Catalogue::builtin();
    let mut decomposed_ctx = ctx(Stage::Signed { number: Some(7) });
    decomposed_ctx.issuer.name = decomposed("Chi bộ bản Mường Ảng");
    decomposed_ctx.issuer.superior = Some(decomposed("Đảng bộ xã Mường Ảng"));
    decomposed_ctx.issuer.place = decomposed("Điện Biên");
    let unnumbered = Context {
        stage: Stage::Signed { number: None },
        ..decomposed_ctx.clone()
    };
    let snapshot = Minutes::V1(m);
    let docs: Vec<(&str, Document, Vec<&str>)> = vec![
        (
            "minutes",
            build::minutes(&cat, &snapshot, &unnumbered, None).unwrap(),
            RARE.to_vec(),
        ),
        (
            "resolution",
            build::resolution(
                &cat,
                &snapshot,
                &decomposed_ctx,
                &resolution_input(&d[0], vec![d[4].clone(), d[5].clone()]),
            )
            .unwrap(),
            vec![RARE[0], RARE[4], RARE[5]],
        ),
        (
            "topic",
            build::topic(&cat, &thematic, &unnumbered).unwrap().unwrap(),
            vec![RARE[3], RARE[0]],
        ),
        (
            "plan",
            build::plan(&cat, &decomposed_ctx, &plan_input(&d[2])).unwrap(),
            vec![RARE[2]],
        ),
    ];
    let dir = work_dir("nfc");
    let poppler = reader(
        "pdftotext",
        "rare_diacritics_typed_decomposed_come_out_nfc_in_every_document",
    );
    for (name, doc, names) in &docs {
        let text = doc.plain_text();
        assert!(
            is_nfc(&text) && !has_combining(&text),
            "{name}: model not NFC:\n{text}"
        );
        assert!(!has_combining(&doc.title), "{name}: title {:?}", doc.title);
        assert!(
            text.contains("MƯỜNG ẢNG"),
            "{name}: issuer in capitals, NFC:\n{text}"
        );
        for n in names {
            assert!(text.contains(n), "{name}: model lacks {n}:\n{text}");
        }
        let xml = document_xml(&docx::render(doc).unwrap());
        assert!(!has_combining(&xml), "{name}: DOCX XML has combining marks");
        for n in names {
            assert!(xml.contains(n), "{name}: DOCX lacks {n}");
        }
        let path = dir.join(format!("nfc-{name}.pdf"));
        std::fs::write(&path, pdf::render(doc).unwrap()).unwrap();
        if poppler {
            let got = pdftotext(&path);
            assert!(
                !has_combining(&got),
                "{name}: pdftotext has combining marks:\n{got}"
            );
            let got = flat(&got);
            for n in names
                .iter()
                .copied()
                .chain(["ĐẢNG CỘNG SẢN VIỆT NAM", "MƯỜNG ẢNG"])
            {
                assert!(got.contains(n), "{name}: pdftotext lacks {n}:\n{got}");
            }
        }
    }
    done_with(&dir);
}

// --------------------------------------------------------------- an organisation with less

/// A cell known only by its name — no superior committee, no issuer code, no place — still
/// gets a well-formed header: no empty superior line, "Số 03-NQ/CB" (a cell's code, DOC-06)
/// rather than "Số 03-NQ/", and a date line without a dangling comma.
#[test]
fn an_organisation_without_superior_code_or_place_gets_a_clean_header() {
    let bare = |stage| Context {
        issuer: Issuer {
            superior: None,
            name: "Chi bộ Bản Phủ".to_owned(),
            code: "  ".to_owned(),
            place: " ".to_owned(),
        },
        stage,
    };
    let cat = Catalogue::builtin();
    let res = build::resolution(
        &cat,
        &Minutes::V1(regular()),
        &bare(Stage::Signed { number: Some(3) }),
        &resolution_input("Nguyễn Văn Bình", vec!["Trần Thị Lan".to_owned()]),
    )
    .unwrap();
    assert_eq!(res.header.superior, None);
    assert_eq!(res.header.issuer, "CHI BỘ BẢN PHỦ");
    assert_eq!(res.header.number.as_deref(), Some("Số 03-NQ/CB"));
    assert_eq!(
        res.header.place_date.as_deref(),
        Some("Ngày 20 tháng 11 năm 2026")
    );
    let plan = build::plan(
        &cat,
        &bare(Stage::Signed { number: Some(1) }),
        &plan_input("Trần Thị Lan"),
    )
    .unwrap();
    assert_eq!(plan.header.number.as_deref(), Some("Số 01-KH/CB"));
    assert_eq!(
        plan.header.place_date.as_deref(),
        Some("Ngày 10 tháng 12 năm 2026")
    );
    let minutes = build::minutes(
        &cat,
        &Minutes::V1(regular()),
        &bare(Stage::Signed { number: None }),
        None,
    )
    .unwrap();
    for doc in [&res, &plan, &minutes] {
        let text = doc.plain_text();
        assert!(!text.contains("\n\n"), "an empty line in:\n{text}");
        assert!(pdf::render(doc).unwrap().starts_with(b"%PDF-"));
        let xml = document_xml(&docx::render(doc).unwrap());
        assert!(xml.contains("CHI BỘ BẢN PHỦ"));
        assert!(!xml.contains("/</w:t>"), "a number without its issuer code");
    }
}

// ------------------------------------------------------------------ an older schema version

/// The frozen schema-1 snapshot of a 2025 meeting (written by an older release, before the
/// HD 05/2026 switch) renders as minutes, resolution and — made thematic — topic text, in both
/// formats, under the format of its own date (DOC-02: HD 36/2018).
#[test]
fn an_older_schema_snapshot_renders_every_document_type() {
    let old = Minutes::from_stored(1, FROZEN_V1).unwrap();
    assert_eq!(old.schema_version(), 1);
    let cat = Catalogue::builtin();
    let mut thematic = old.latest().clone();
    thematic.kind = "thematic".to_owned();
    thematic.thematic = Some(ThematicV1 {
        topic: Some("Chuyển đổi số".to_owned()),
        presenter: thematic.chair.as_ref().map(|c| c.name.clone()),
        draft_text: Some("Nội dung chuyên đề.".to_owned()),
        draft_file: None,
        approved_by: None,
    });
    let docs = [
        build::minutes(
            &cat,
            &old,
            &ctx(Stage::Signed { number: None }),
            Some("ab12"),
        )
        .unwrap(),
        build::resolution(
            &cat,
            &old,
            &ctx(Stage::Draft),
            &resolution_input("Nguyễn Văn Bình", vec![]),
        )
        .unwrap(),
        build::topic(
            &cat,
            &Minutes::V1(thematic),
            &ctx(Stage::Signed { number: None }),
        )
        .unwrap()
        .unwrap(),
    ];
    for doc in &docs {
        assert_eq!(doc.format_code, "HD 36/2018", "{:?}", doc.kind);
        assert!(doc.plain_text().contains("ĐẢNG CỘNG SẢN VIỆT NAM"));
        let (bytes, pages) = pdf::render_counted(doc).unwrap();
        assert!(bytes.starts_with(b"%PDF-") && pages >= 1);
        let xml = document_xml(&docx::render(doc).unwrap());
        assert!(xml.contains("ĐẢNG CỘNG SẢN VIỆT NAM"));
    }
    // A snapshot of a schema this release does not know is a clear error, not a guess.
    assert!(Minutes::from_stored(2, FROZEN_V1).is_err());
}

/// The signature corners survive decomposed names too (DOC-17: minute-taker left, chair right).
#[test]
fn doc_17_signatures_with_decomposed_names() {
    let mut m = regular();
    m.minute_taker = Some(NamedV1 {
        person: None,
        name: decomposed(RARE[1]),
    });
    m.chair = Some(NamedV1 {
        person: None,
        name: decomposed(RARE[0]),
    });
    let doc = signed_minutes(m);
    match (&doc.closing.left, &doc.closing.right) {
        (Some(Corner::Signature(l)), Some(Corner::Signature(r))) => {
            assert_eq!(l.name.as_deref(), Some(RARE[1]));
            assert_eq!(r.name.as_deref(), Some(RARE[0]));
        }
        other => panic!("{other:?}"),
    }
}

/// A long last paragraph (a conclusion typed at length) is not kept whole with the signatures
/// — a block taller than a page would be cut off — but breaks over pages: every word is
/// printed, the signatures follow.
#[test]
fn a_long_last_paragraph_breaks_rather_than_being_cut_off() {
    let mut m = regular();
    m.kind = "thematic".to_owned();
    m.thematic = Some(ThematicV1 {
        topic: Some("Chuyển đổi số".to_owned()),
        presenter: Some("Trần Thị Lan".to_owned()),
        draft_text: Some("Nội dung.".to_owned()),
        draft_file: None,
        approved_by: None,
    });
    m.conclusion = Some(format!(
        "{}[hết kết luận]",
        "Chi bộ thống nhất đẩy mạnh chuyển đổi số trong sinh hoạt và quản lý đảng viên. "
            .repeat(60)
    ));
    let doc = build::topic(
        &Catalogue::builtin(),
        &Minutes::V1(m),
        &ctx(Stage::Signed { number: None }),
    )
    .unwrap()
    .unwrap();
    let Some(chibo_render::model::Block::Paragraph(last)) = doc.body.last() else {
        panic!("the topic ends in its conclusion")
    };
    assert!(!last.keeps_with_closing());
    let (bytes, pages) = pdf::render_counted(&doc).unwrap();
    assert!(pages >= 2, "{pages}");
    let dir = work_dir("long-last");
    let path = dir.join("long-conclusion.pdf");
    std::fs::write(&path, bytes).unwrap();
    if reader(
        "pdftotext",
        "a_long_last_paragraph_breaks_rather_than_being_cut_off",
    ) {
        // Without the page numbers (lines of digits only), which fall between two words.
        let text: String = pdftotext(&path)
            .lines()
            .filter(|l| !l.trim().chars().all(|c| c.is_ascii_digit()))
            .collect::<Vec<_>>()
            .join("\n");
        let text = flat(&text);
        let end = text
            .find("[hết kết luận]")
            .expect("the conclusion's last words");
        let sig = text.find("NGƯỜI TRÌNH BÀY").expect("the signatures");
        assert!(end < sig);
        assert_eq!(text.matches("Chi bộ thống nhất đẩy mạnh").count(), 60);
    }
    done_with(&dir);
}
