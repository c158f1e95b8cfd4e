//! Builders: one per document type, from a frozen snapshot to the document model.
//!
//! A builder decides everything a document says and in which order; the backends decide
//! nothing. What the snapshot does not hold — the superior committee's name, the place
//! printed in the date line, the number given on signing, who the resolution reports to — comes
//! in as [`Context`], because it belongs to the organisation and the signing, not to the
//! record of the meeting.

use chibo_domain::meeting::minutes::{Minutes, MinutesV1, StepV1, VoteV1};
use chibo_domain::meeting::vote::VoteMethod;
use chibo_domain::ruleset::{Catalogue, DocumentKind, MeetingKind, Phase, RuleSet};
use time::Date;

use crate::model::{
    nfc, upper, Align, Block, Closing, Column, Corner, Document, Header, Heading, Paragraph, Run,
    Signature, Table,
};
use crate::vi;
use crate::RenderError;

/// The organisation issuing the document, as on the document's date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer {
    /// The superior committee ("Đảng bộ phường Tân Thanh"); printed in capitals above the
    /// issuer (DOC-04). `None` leaves the line out.
    pub superior: Option<String>,
    /// The cell ("Chi bộ Tổ dân phố số 3"); printed in capitals, bold.
    pub name: String,
    /// The issuer's code in the number ("CB" for a cell, DOC-06).
    pub code: String,
    /// The place in the date line ("Điện Biên", DOC-04).
    pub place: String,
}

/// Where the document stands in its life (DOC-19).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Printed with "DỰ THẢO" and no number, whatever number is known.
    Draft,
    /// Signed; `number` is the one assigned on signing (DOC-05/06), or none for minutes kept
    /// unnumbered in the minutes book (DOC-19).
    Signed { number: Option<u32> },
}

/// What every builder needs besides the snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    pub issuer: Issuer,
    pub stage: Stage,
}

/// What a monthly resolution needs besides the minutes (DOC-10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolutionInput {
    /// The month the resolution leads ("nhiệm vụ tháng 12 năm 2024"): a meeting late in a
    /// month usually resolves the next month's tasks, one early in a month its own, so the
    /// caller says which.
    pub month: u8,
    pub year: i32,
    /// Last month's tasks as reviewed at this meeting (section I's progress table).
    pub previous: Vec<Progress>,
    /// Who receives it "để báo cáo" ("Đảng ủy phường Tân Thanh"); the cell's members and the
    /// cell's file are always added (DOC-14: last line "Lưu Chi bộ.").
    pub report_to: Vec<String>,
    /// The signer (DOC-08): "BÍ THƯ" or "PHÓ BÍ THƯ" and the name.
    pub signer_title: String,
    pub signer_name: String,
}

/// One of last month's tasks and how it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub task: String,
    pub owners: Vec<String>,
    /// "Đã hoàn thành", "Đang thực hiện", "Chưa hoàn thành: …".
    pub outcome: String,
}

/// The minutes of a meeting: regular, thematic, or a combined session (MTG-MIN-02/03,
/// DOC-17). Reads any schema version through [`Minutes::latest`].
pub fn minutes(
    catalogue: &Catalogue,
    snapshot: &Minutes,
    ctx: &Context,
    content_hash: Option<&str>,
) -> Result<Document, RenderError> {
    let m = snapshot.latest();
    let rules = catalogue.rules_on(m.date)?;
    let kind = DocumentKind::Minutes;
    check_may_issue(&rules, kind)?;
    let meeting_kind = MeetingKind::from_code(&m.kind);
    let mut doc = skeleton(&rules, kind, m.date, ctx);
    // DOC-17: minutes carry no place-and-date line; the date is in the text.
    doc.header.place_date = None;
    let month = u8::from(m.date.month());
    let summary = match meeting_kind {
        Some(MeetingKind::Thematic) => match m.thematic.as_ref().and_then(|t| t.topic.as_deref()) {
            Some(topic) => format!("sinh hoạt chuyên đề: {topic}"),
            None => format!(
                "sinh hoạt chuyên đề {}",
                vi::month_year(month, m.date.year())
            ),
        },
        Some(MeetingKind::Combined) => format!(
            "sinh hoạt chi bộ thường kỳ kết hợp sinh hoạt chuyên đề {}",
            vi::month_year(month, m.date.year())
        ),
        Some(MeetingKind::Regular) | None => format!(
            "sinh hoạt chi bộ thường kỳ {}",
            vi::month_year(month, m.date.year())
        ),
        Some(MeetingKind::AdmissionCeremony) => "lễ kết nạp đảng viên".to_owned(),
        Some(other) => format!(
            "{} {}",
            other.label_vi().to_lowercase(),
            vi::date_words(rules.document_format(), m.date)
        ),
    };
    doc.summary = Some(nfc(&summary));
    doc.title = format!("Biên bản {summary}");

    let mut body = Vec::new();
    minutes_opening(&mut body, m, &rules, &doc, meeting_kind);
    minutes_content(&mut body, m, &rules, meeting_kind);
    minutes_outcomes(&mut body, m);
    doc.body = body;

    // DOC-17: the minute-taker signs on the left, the chair on the right.
    let sign = |title: &str, who: Option<&str>| {
        Corner::Signature(Signature {
            authority: None,
            title: title.to_owned(),
            note: Some("(Ký, ghi rõ họ tên)".to_owned()),
            name: who.map(nfc),
        })
    };
    doc.closing = Closing {
        left: Some(sign(
            "NGƯỜI GHI BIÊN BẢN",
            m.minute_taker.as_ref().map(|p| p.name.as_str()),
        )),
        right: Some(sign("CHỦ TRÌ", m.chair.as_ref().map(|p| p.name.as_str()))),
    };
    doc.footnote = content_hash.map(|h| format!("Mã kiểm tra bản lưu (SHA-256): {h}"));
    Ok(doc)
}

/// The final text of a thematic topic (issue 10, document 4), from the approved minutes of
/// the thematic meeting (or combined session) that presented it: what the snapshot's
/// thematic part holds — the topic, the presenter, the text as approved for presentation
/// (or the name of the attached file when the text was a file) — and the chair's
/// conclusion. Dated and placed like any document of the cell on the meeting's date, not
/// numbered (it is not a numbered type). `None` when the minutes have no thematic part.
pub fn topic(
    catalogue: &Catalogue,
    snapshot: &Minutes,
    ctx: &Context,
) -> Result<Option<Document>, RenderError> {
    let m = snapshot.latest();
    let Some(t) = m.thematic.as_ref() else {
        return Ok(None);
    };
    let rules = catalogue.rules_on(m.date)?;
    let kind = DocumentKind::Report;
    check_may_issue(&rules, kind)?;
    let mut doc = skeleton(
        &rules,
        kind,
        m.date,
        &Context {
            issuer: ctx.issuer.clone(),
            stage: match ctx.stage {
                Stage::Draft => Stage::Draft,
                Stage::Signed { .. } => Stage::Signed { number: None },
            },
        },
    );
    doc.type_line = Some("CHUYÊN ĐỀ".to_owned());
    let topic = t.topic.as_deref().map(nfc);
    doc.summary = topic.clone();
    doc.title = match &topic {
        Some(s) => format!("Chuyên đề: {s}"),
        None => "Chuyên đề".to_owned(),
    };
    let mut body = Vec::new();
    if let Some(p) = &t.presenter {
        body.push(labelled("Người trình bày", &format!("đồng chí {p}.")));
    }
    body.push(labelled(
        "Trình bày tại",
        &format!(
            "buổi sinh hoạt chuyên đề của {} {}.",
            nfc(&ctx.issuer.name),
            vi::date_words(rules.document_format(), m.date)
        ),
    ));
    match (&t.draft_text, &t.draft_file) {
        (Some(text), _) if !text.trim().is_empty() => {
            body.push(section("NỘI DUNG"));
            for para in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
                body.push(Block::Paragraph(Paragraph::body(vec![Run::plain(para)])));
            }
        }
        (_, Some(file)) => {
            body.push(section("NỘI DUNG"));
            body.push(Block::Paragraph(Paragraph::body(vec![
                Run::plain("Toàn văn chuyên đề là tệp đính kèm biên bản: "),
                Run::italic(file),
                Run::plain("."),
            ])));
        }
        _ => {}
    }
    if let Some(c) = m.conclusion.as_deref().filter(|c| !c.trim().is_empty()) {
        body.push(section("KẾT LUẬN CỦA CHI BỘ"));
        for para in c.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
            body.push(Block::Paragraph(Paragraph::body(vec![Run::plain(para)])));
        }
    }
    doc.body = body;
    let sign = |title: &str, who: Option<&str>| {
        Corner::Signature(Signature {
            authority: None,
            title: title.to_owned(),
            note: Some("(Ký, ghi rõ họ tên)".to_owned()),
            name: who.map(nfc),
        })
    };
    doc.closing = Closing {
        left: t
            .approved_by
            .as_deref()
            .map(|a| sign("DUYỆT NỘI DUNG", Some(a))),
        right: Some(sign("NGƯỜI TRÌNH BÀY", t.presenter.as_deref())),
    };
    Ok(Some(doc))
}

/// What the annual thematic plan document says (issue 11), as the plan holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanInput {
    pub year: i32,
    /// The document's date: the day it was submitted (numbered), or today for a draft.
    pub date: Date,
    /// The superior's directive it answers, in words ("Công văn số 799-CV/ĐUK ngày
    /// 19/11/2023 của Đảng ủy khối …"), if any.
    pub directive: Option<String>,
    pub items: Vec<PlanLine>,
    /// Who receives it "để báo cáo" (the superior committee).
    pub report_to: Vec<String>,
    /// The secretary who signs (DOC-08); none leaves the space for the name blank.
    pub signer_name: Option<String>,
}

/// One planned topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLine {
    pub quarter: u8,
    pub month: Option<u8>,
    pub topic: String,
    pub presenter: Option<String>,
    pub note: Option<String>,
}

fn roman(q: u8) -> &'static str {
    match q {
        1 => "I",
        2 => "II",
        3 => "III",
        _ => "IV",
    }
}

/// The annual thematic plan (issue 11): "KẾ HOẠCH sinh hoạt chuyên đề năm …", the
/// directive it answers, the table of topics by quarter (its header repeated on every
/// page), recipients and "T/M CHI BỘ" (DOC-08). Numbered once submitted ("Số 01-KH/CB",
/// DOC-05/06); a draft prints "DỰ THẢO" and no number (DOC-19).
pub fn plan(
    catalogue: &Catalogue,
    ctx: &Context,
    input: &PlanInput,
) -> Result<Document, RenderError> {
    let rules = catalogue.rules_on(input.date)?;
    let kind = DocumentKind::Plan;
    check_may_issue(&rules, kind)?;
    let mut doc = skeleton(&rules, kind, input.date, ctx);
    let summary = format!("sinh hoạt chuyên đề năm {}", input.year);
    doc.summary = Some(summary.clone());
    doc.title = format!("Kế hoạch {summary}");
    let mut body = Vec::new();
    let basis = match &input.directive {
        Some(d) => format!(
            "Thực hiện {}, {} xây dựng kế hoạch sinh hoạt chuyên đề năm {} như sau:",
            nfc(d),
            nfc(&ctx.issuer.name),
            input.year
        ),
        None => format!(
            "{} xây dựng kế hoạch sinh hoạt chuyên đề năm {} như sau:",
            nfc(&ctx.issuer.name),
            input.year
        ),
    };
    body.push(Block::Paragraph(Paragraph::body(vec![Run::plain(&basis)])));
    // The plan's sections as in the layout of an annual thematic plan: purpose, content
    // (the table), organisation.
    body.push(section("I. MỤC ĐÍCH, YÊU CẦU"));
    body.push(Block::Paragraph(Paragraph::body(vec![Run::plain(
        "Sinh hoạt chuyên đề nhằm nâng cao chất lượng sinh hoạt chi bộ, nhận thức chính trị \
         và trách nhiệm của đảng viên; nội dung chuyên đề bám sát nhiệm vụ chính trị của địa \
         phương và tình hình thực tế của chi bộ. Mỗi quý chi bộ sinh hoạt chuyên đề ít nhất \
         một lần.",
    )])));
    body.push(section("II. NỘI DUNG, THỜI GIAN"));
    let mut items = input.items.clone();
    items.sort_by_key(|i| (i.quarter, i.month));
    body.push(Block::Table(Table {
        columns: vec![
            column("STT", 6, Align::Centre),
            column("Thời gian", 14, Align::Centre),
            column("Chuyên đề", 44, Align::Left),
            column("Người trình bày", 20, Align::Left),
            column("Ghi chú", 16, Align::Left),
        ],
        rows: items
            .iter()
            .enumerate()
            .map(|(n, i)| {
                let when = match i.month {
                    Some(m) => format!("Tháng {m} (Quý {})", roman(i.quarter)),
                    None => format!("Quý {}", roman(i.quarter)),
                };
                vec![
                    (n + 1).to_string(),
                    when,
                    nfc(&i.topic),
                    i.presenter
                        .as_deref()
                        .map(|p| format!("Đồng chí {}", nfc(p)))
                        .unwrap_or_default(),
                    i.note.as_deref().map(nfc).unwrap_or_default(),
                ]
            })
            .collect(),
    }));
    body.push(section("III. TỔ CHỨC THỰC HIỆN"));
    body.push(Block::Paragraph(Paragraph::body(vec![Run::plain(
        "Đảng viên được phân công chuẩn bị dự thảo chuyên đề, trình chi ủy (bí thư chi bộ) \
         duyệt trước buổi sinh hoạt. Chi ủy theo dõi, đôn đốc thực hiện kế hoạch và báo cáo \
         cấp ủy cấp trên theo quy định.",
    )])));
    doc.body = body;
    let mut recipients: Vec<String> = input
        .report_to
        .iter()
        .map(|r| format!("- {} (báo cáo),", nfc(r)))
        .collect();
    recipients.push("- Đảng viên trong chi bộ,".to_owned());
    recipients.push("- Lưu Chi bộ.".to_owned());
    doc.closing = Closing {
        left: Some(Corner::Recipients(recipients)),
        right: Some(Corner::Signature(Signature {
            authority: Some("T/M CHI BỘ".to_owned()),
            title: "BÍ THƯ".to_owned(),
            note: None,
            name: input.signer_name.as_deref().map(nfc),
        })),
    };
    Ok(doc)
}

/// What the cell's resolution proposing an admission or a recognition says (issue 12,
/// ADM-VOTE-01, ADM-REC-02), as the case records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdmissionResolutionInput {
    /// Recognition as an official member (ADM-REC-01..03) rather than admission.
    pub recognition: bool,
    /// The day the cell voted (the resolution's date).
    pub date: Date,
    pub person: String,
    pub birth_date: Option<Date>,
    /// The counts and the derived denominator (official members counted, MTG-ATT-03).
    pub votes_for: u32,
    pub against: u32,
    pub abstain: u32,
    pub denominator: u32,
    pub method: VoteMethod,
    /// Recognition: the ceremony and the day probation was complete (ADM-PRB-01/03).
    pub ceremony: Option<Date>,
    pub probation_ends: Option<Date>,
    /// The committee it proposes to (the basic committee above the cell).
    pub propose_to: Option<String>,
    /// The secretary who signs (DOC-08); none leaves the name blank.
    pub signer_name: Option<String>,
}

/// The cell's resolution proposing to admit a sympathiser or to recognise a probationary
/// member as official (issue 12; ADM-VOTE-01, ADM-REC-02: the vote with its denominator and
/// method, CHR-VOTE-02), "QUYẾT NGHỊ" with the proposal to the committee, recipients and
/// "T/M CHI BỘ" (DOC-08). Numbered when signed, a draft otherwise (DOC-19).
pub fn admission_resolution(
    catalogue: &Catalogue,
    ctx: &Context,
    input: &AdmissionResolutionInput,
) -> Result<Document, RenderError> {
    let rules = catalogue.rules_on(input.date)?;
    let kind = DocumentKind::Resolution;
    check_may_issue(&rules, kind)?;
    let mut doc = skeleton(&rules, kind, input.date, ctx);
    let person = nfc(&input.person);
    let summary = if input.recognition {
        format!("đề nghị công nhận đảng viên chính thức đối với đồng chí {person}")
    } else {
        format!("đề nghị kết nạp quần chúng {person} vào Đảng")
    };
    doc.summary = Some(summary.clone());
    doc.title = format!("Nghị quyết {summary}");
    let cell = nfc(&ctx.issuer.name);
    let committee = input
        .propose_to
        .as_deref()
        .map(nfc)
        .unwrap_or_else(|| "cấp ủy cấp trên".to_owned());
    let para = |t: String| Block::Paragraph(Paragraph::body(vec![Run::plain(&t)]));
    let mut body = vec![para(
        "Căn cứ Điều lệ Đảng Cộng sản Việt Nam và các quy định, hướng dẫn thi hành Điều lệ Đảng;"
            .to_owned(),
    )];
    let born = input
        .birth_date
        .map(|d| format!(", sinh ngày {}", vi::dmy(d)))
        .unwrap_or_default();
    body.push(para(if input.recognition {
        let mut s = format!(
            "Ngày {}, {cell} đã họp xét đề nghị công nhận đảng viên chính thức đối với đồng chí {person}{born}",
            vi::dmy(input.date)
        );
        if let Some(c) = input.ceremony {
            s.push_str(&format!(", kết nạp vào Đảng ngày {}", vi::dmy(c)));
        }
        if let Some(e) = input.probation_ends {
            s.push_str(&format!(", hết thời gian dự bị ngày {}", vi::dmy(e)));
        }
        s.push('.');
        s
    } else {
        format!(
            "Ngày {}, {cell} đã họp xét đề nghị kết nạp quần chúng {person}{born} vào Đảng Cộng sản Việt Nam.",
            vi::dmy(input.date)
        )
    }));
    let method = match input.method {
        VoteMethod::SecretBallot => "bỏ phiếu kín",
        VoteMethod::PartyCard => "giơ thẻ đảng viên",
        VoteMethod::ShowOfHands => "giơ tay",
    };
    body.push(para(format!(
        "Tổng số đảng viên chính thức được tính: {}. Hình thức biểu quyết: {method}. Số tán thành: {} ({}); không tán thành: {}; không biểu quyết: {}.",
        input.denominator,
        input.votes_for,
        vi::percent(input.votes_for, input.denominator),
        input.against,
        input.abstain
    )));
    body.push(Block::Heading(Heading {
        text: "QUYẾT NGHỊ".to_owned(),
        level: 1,
        centred: true,
    }));
    body.push(item(&if input.recognition {
        format!("1. Đề nghị {committee} xem xét, quyết định công nhận đồng chí {person} là đảng viên chính thức.")
    } else {
        format!("1. Đề nghị {committee} xem xét, quyết định kết nạp quần chúng {person} vào Đảng Cộng sản Việt Nam.")
    }));
    body.push(item(
        "2. Các đồng chí đảng viên trong chi bộ có trách nhiệm thực hiện nghị quyết này.",
    ));
    doc.body = body;
    let mut recipients = Vec::new();
    if let Some(c) = &input.propose_to {
        recipients.push(format!("- {} (báo cáo),", nfc(c)));
    }
    recipients.push("- Lưu Chi bộ.".to_owned());
    doc.closing = Closing {
        left: Some(Corner::Recipients(recipients)),
        right: Some(Corner::Signature(Signature {
            authority: Some("T/M CHI BỘ".to_owned()),
            title: "BÍ THƯ".to_owned(),
            note: None,
            name: input.signer_name.as_deref().map(nfc),
        })),
    };
    Ok(doc)
}

/// The monthly resolution (DOC-10, DOC-08): opening paragraph; I. last month with its
/// progress table; II. this month's tasks; III. assignment with the task table; IV. the
/// meeting's self-assessed quality; recipients and "T/M CHI BỘ".
pub fn resolution(
    catalogue: &Catalogue,
    snapshot: &Minutes,
    ctx: &Context,
    input: &ResolutionInput,
) -> Result<Document, RenderError> {
    let m = snapshot.latest();
    // DOC-19: a resolution carries the meeting's date.
    let rules = catalogue.rules_on(m.date)?;
    let kind = DocumentKind::Resolution;
    check_may_issue(&rules, kind)?;
    let format = rules.document_format().clone();
    let mut doc = skeleton(&rules, kind, m.date, ctx);
    let month = vi::month_year(input.month, input.year);
    doc.summary = Some(nfc(&format!("lãnh đạo thực hiện nhiệm vụ {month}")));
    doc.title = format!("Nghị quyết lãnh đạo thực hiện nhiệm vụ {month}");

    let a = &m.attendance;
    let mut body = Vec::new();
    // DOC-10: the opening paragraph — date, place, total, present, absent with and without
    // reason, exempted.
    let meeting_month = vi::month_year(u8::from(m.date.month()), m.date.year());
    let mut opening = format!(
        "Ngày {}, tại {}, {} tổ chức sinh hoạt chi bộ thường kỳ {meeting_month}. Tổng số đảng \
         viên của chi bộ: {}; có mặt: {}; vắng: {} (có lý do: {}, không có lý do: {}); miễn \
         công tác và sinh hoạt đảng: {}.",
        vi::date_words(&format, m.date).trim_start_matches("ngày "),
        m.place,
        ctx.issuer.name,
        a.total,
        a.present,
        a.absent_excused + a.absent_unexcused,
        a.absent_excused,
        a.absent_unexcused,
        a.exempted,
    );
    if let Some(guest) = m.guests.iter().find(|g| g.role == "superior_delegate") {
        opening.push_str(&format!(
            " Dự buổi sinh hoạt có đồng chí {}{}.",
            guest.name,
            guest
                .position
                .as_deref()
                .map(|p| format!(", {p}"))
                .unwrap_or_default()
        ));
    }
    body.push(Block::Paragraph(Paragraph::body(vec![Run::plain(
        &opening,
    )])));
    body.push(Block::Paragraph(Paragraph::body(vec![Run::plain(
        "Sau khi thảo luận, chi bộ thống nhất quyết nghị:",
    )])));

    let (pm, py) = vi::previous_month(input.month, input.year);
    body.push(section(&format!(
        "I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ {}",
        upper(&vi::month_year(pm, py))
    )));
    if input.previous.is_empty() {
        body.push(Block::Paragraph(Paragraph::body(vec![Run::plain(
            "Tháng trước chi bộ không có nhiệm vụ phải đánh giá.",
        )])));
    } else {
        body.push(Block::Table(Table {
            columns: vec![
                column("TT", 8, Align::Centre),
                column("Nhiệm vụ", 44, Align::Left),
                column("Người thực hiện", 24, Align::Left),
                column("Kết quả", 24, Align::Left),
            ],
            rows: input
                .previous
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    vec![
                        (i + 1).to_string(),
                        nfc(&p.task),
                        nfc(&p.owners.join(", ")),
                        nfc(&p.outcome),
                    ]
                })
                .collect(),
        }));
    }

    body.push(section(&format!("II. NHIỆM VỤ {}", upper(&month))));
    if let Some(c) = &m.conclusion {
        for line in c.lines().filter(|l| !l.trim().is_empty()) {
            body.push(Block::Paragraph(Paragraph::body(vec![Run::plain(
                line.trim(),
            )])));
        }
    }
    for (i, t) in m.tasks.iter().enumerate() {
        body.push(Block::Paragraph(Paragraph::body(vec![Run::plain(
            &format!("{}. {}.", i + 1, t.text.trim_end_matches('.')),
        )])));
    }
    if m.conclusion.is_none() && m.tasks.is_empty() {
        body.push(Block::Paragraph(Paragraph::body(vec![Run::plain(
            "Chi bộ không đề ra nhiệm vụ mới.",
        )])));
    }

    body.push(section("III. PHÂN CÔNG VÀ TỔ CHỨC THỰC HIỆN"));
    if !m.tasks.is_empty() {
        body.push(task_table(m));
    }
    body.push(Block::Paragraph(Paragraph::body(vec![Run::plain(
        "Chi ủy (bí thư) chi bộ chỉ đạo, đôn đốc thực hiện; đảng viên được phân công có trách \
         nhiệm thực hiện và báo cáo kết quả tại kỳ sinh hoạt tới.",
    )])));

    body.push(section("IV. TỰ ĐÁNH GIÁ CHẤT LƯỢNG SINH HOẠT"));
    body.push(Block::Paragraph(Paragraph::body(vec![Run::plain(
        &match &m.quality {
            Some(q) => format!("Chi bộ tự đánh giá chất lượng buổi sinh hoạt: {q}."),
            None => "Chi bộ chưa đánh giá chất lượng buổi sinh hoạt.".to_owned(),
        },
    )])));
    if let Some(v) = m.votes.iter().find(|v| v.kind == "resolution") {
        body.push(Block::Paragraph(Paragraph::body(vec![Run::plain(
            &format!(
                "Nghị quyết được chi bộ biểu quyết thông qua với {}/{} đảng viên tán thành ({}).",
                v.votes_for,
                v.denominator,
                vi::percent(v.votes_for, v.denominator)
            ),
        )])));
    }
    doc.body = body;

    let mut recipients: Vec<String> = input
        .report_to
        .iter()
        .map(|r| format!("- {} (báo cáo),", nfc(r)))
        .collect();
    recipients.push("- Đảng viên trong chi bộ,".to_owned());
    recipients.push("- Lưu Chi bộ.".to_owned());
    // DOC-08: "T/M CHI BỘ" over the signer's title, then the name.
    doc.closing = Closing {
        left: Some(Corner::Recipients(recipients)),
        right: Some(Corner::Signature(Signature {
            authority: Some("T/M CHI BỘ".to_owned()),
            title: upper(&input.signer_title),
            note: None,
            name: Some(nfc(&input.signer_name)),
        })),
    };
    Ok(doc)
}

/// DOC-18: which types a cell may issue is rule-set data.
fn check_may_issue(rules: &RuleSet, kind: DocumentKind) -> Result<(), RenderError> {
    if rules.cell_may_issue(kind) {
        Ok(())
    } else {
        Err(RenderError::NotIssuedByCell {
            kind,
            rules: rules
                .version(chibo_domain::ruleset::Area::DocumentTypes)
                .code
                .clone(),
        })
    }
}

/// Header, type line and format shared by every document.
/// The issuer code of a cell in a document's number (DOC-06).
const CELL_CODE: &str = "CB";

fn skeleton(rules: &RuleSet, kind: DocumentKind, date: Date, ctx: &Context) -> Document {
    let format = rules.document_format().clone();
    let issuer = &ctx.issuer;
    // DOC-19: a draft never shows a number.
    // DOC-06: "CB" is a cell's code; an issuer recorded without one is a cell too (DOC-18),
    // so its number never ends in a bare slash.
    let code = match issuer.code.trim() {
        "" => CELL_CODE,
        c => c,
    };
    let number = match ctx.stage {
        Stage::Draft | Stage::Signed { number: None } => None,
        Stage::Signed { number: Some(n) } => Some(vi::number_line(&format, n, kind, code)),
    };
    let place_date = Some(nfc(&vi::place_date(&format, issuer.place.trim(), date)));
    Document {
        kind,
        date,
        format_code: rules
            .version(chibo_domain::ruleset::Area::DocumentFormat)
            .code
            .clone(),
        header: Header {
            superior: issuer
                .superior
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(upper),
            issuer: upper(&issuer.name),
            number,
            place_date,
            draft: ctx.stage == Stage::Draft,
        },
        // DOC-06: a letter prints no type name.
        type_line: kind.prints_type_name().then(|| kind.name_vi().to_owned()),
        summary: None,
        body: Vec::new(),
        closing: Closing::default(),
        footnote: None,
        title: kind.name_vi().to_owned(),
        format,
    }
}

fn section(text: &str) -> Block {
    Block::Heading(Heading {
        text: nfc(text),
        level: 1,
        centred: false,
    })
}

fn sub_heading(text: &str) -> Block {
    Block::Heading(Heading {
        text: nfc(text),
        level: 2,
        centred: false,
    })
}

fn column(header: &str, width: u32, align: Align) -> Column {
    Column {
        header: header.to_owned(),
        width,
        align,
    }
}

/// A labelled paragraph: "Label: value".
fn labelled(label: &str, value: &str) -> Block {
    Block::Paragraph(Paragraph::body(vec![
        Run::bold(&format!("{label}: ")),
        Run::plain(value),
    ]))
}

fn item(text: &str) -> Block {
    Block::Paragraph(Paragraph::item(vec![Run::plain(text)]))
}

/// MTG-MIN-02/03: time, place, mode, chair and minute-taker, guests, the membership
/// breakdown, attendance split, absentees by name with reason, the agenda.
fn minutes_opening(
    body: &mut Vec<Block>,
    m: &MinutesV1,
    rules: &RuleSet,
    doc: &Document,
    meeting_kind: Option<MeetingKind>,
) {
    let kind_label: &str = match meeting_kind {
        Some(k) => k.label_vi(),
        None => &m.kind,
    };
    // MTG-MIN-02: kind and period; the period is the month of the monthly (regular,
    // thematic, combined) meetings, which are counted per month and quarter (MTG-FREQ-01..03).
    let label = if rated(meeting_kind) {
        format!(
            "{kind_label} {}.",
            vi::month_year(u8::from(m.date.month()), m.date.year())
        )
    } else {
        format!("{kind_label}.")
    };
    body.push(labelled("Loại buổi sinh hoạt", &label));
    // MTG-MIN-02: time (DOC-17: the date is in the text, not in the header).
    let date = vi::date_words(&doc.format, m.date);
    let time = match (m.started, m.ended) {
        (Some(s), _) => format!("bắt đầu lúc {}, {date}", vi::clock(s)),
        (None, _) => date,
    };
    body.push(labelled("Thời gian", &format!("{time}.")));
    body.push(labelled("Địa điểm", &format!("{}.", m.place)));
    // MTG-ONL-01: an online meeting says why.
    if m.mode == "online" {
        let why = m.online_reason.as_deref().unwrap_or("không ghi lý do");
        body.push(labelled(
            "Hình thức",
            &format!("trực tuyến (lý do: {why})."),
        ));
    } else {
        body.push(labelled("Hình thức", "trực tiếp."));
    }
    let person = |p: Option<&chibo_domain::meeting::minutes::NamedV1>| {
        p.map_or_else(
            || "(không ghi)".to_owned(),
            |p| format!("đồng chí {}", p.name),
        )
    };
    body.push(labelled(
        "Chủ trì",
        &format!("{}.", person(m.chair.as_ref())),
    ));
    body.push(labelled(
        "Thư ký (người ghi biên bản)",
        &format!("{}.", person(m.minute_taker.as_ref())),
    ));
    if m.guests.is_empty() {
        body.push(labelled("Đại biểu, khách mời", "không có."));
    } else {
        body.push(Block::Paragraph(Paragraph::body(vec![Run::bold(
            "Đại biểu, khách mời:",
        )])));
        for g in &m.guests {
            let position = g
                .position
                .as_deref()
                .map(|p| format!(", {p}"))
                .unwrap_or_default();
            let line = match g.role.as_str() {
                "superior_delegate" => {
                    format!(
                        "- Đồng chí {}{position} (đại biểu cấp ủy cấp trên);",
                        g.name
                    )
                }
                "non_member" => format!("- {}{position} (khách mời ngoài Đảng);", g.name),
                _ => format!("- Đồng chí {}{position} (khách mời);", g.name),
            };
            body.push(item(&line));
        }
    }

    // MTG-MIN-03: the membership breakdown and the attendance split.
    let a = &m.attendance;
    body.push(labelled(
        "Tổng số đảng viên của chi bộ",
        &format!(
            "{} (chính thức {}, dự bị {}); sinh hoạt tạm thời tại chi bộ: {}; miễn công tác và \
             sinh hoạt đảng: {}; đi sinh hoạt tạm thời nơi khác: {}.",
            a.total, a.official, a.probationary, a.attached_here, a.exempted, a.away_elsewhere
        ),
    ));
    body.push(labelled(
        "Có mặt",
        &format!(
            "{}/{} đảng viên được triệu tập (chính thức {}, dự bị {}; sinh hoạt tạm thời {}).",
            a.present, a.summoned, a.present_official, a.present_probationary, a.present_attached
        ),
    ));
    body.push(labelled(
        "Vắng mặt",
        &format!(
            "{} (có lý do: {}, không có lý do: {}).",
            a.absent_excused + a.absent_unexcused,
            a.absent_excused,
            a.absent_unexcused
        ),
    ));
    // MTG-ATT-07: absentees by name, with the reason.
    let excused: Vec<String> = m
        .absentees
        .iter()
        .filter(|x| x.accepted)
        .map(|x| match &x.reason {
            Some(r) => format!("đồng chí {} ({r})", x.name),
            None => format!("đồng chí {}", x.name),
        })
        .collect();
    let unexcused: Vec<String> = m
        .absentees
        .iter()
        .filter(|x| !x.accepted)
        .map(|x| match &x.reason {
            Some(r) => format!("đồng chí {} (lý do không được chấp nhận: {r})", x.name),
            None => format!("đồng chí {}", x.name),
        })
        .collect();
    if !excused.is_empty() {
        body.push(item(&format!("- Vắng có lý do: {}.", excused.join("; "))));
    }
    if !unexcused.is_empty() {
        body.push(item(&format!(
            "- Vắng không có lý do: {}.",
            unexcused.join("; ")
        )));
    }

    // MTG-MIN-02: the agenda.
    let steps = session_steps(m, rules, meeting_kind);
    if !steps.is_empty() {
        body.push(Block::Paragraph(Paragraph::body(vec![Run::bold(
            "Chương trình sinh hoạt:",
        )])));
        for (i, s) in steps.iter().enumerate() {
            body.push(item(&format!("{}. {}", i + 1, s.title)));
        }
    }
}

/// Meetings counted per month and rated for quality: regular, thematic, combined (and a
/// snapshot whose kind this release does not know, to print rather than hide).
fn rated(kind: Option<MeetingKind>) -> bool {
    matches!(
        kind,
        None | Some(MeetingKind::Regular | MeetingKind::Thematic | MeetingKind::Combined)
    )
}

/// The steps held in the session, in order. Preparation and follow-up steps (phases Prep
/// and After of the agenda template of the meeting's date) happened outside the session
/// and are not minuted; steps unknown to the template (items of "other business") are.
fn session_steps<'m>(
    m: &'m MinutesV1,
    rules: &RuleSet,
    meeting_kind: Option<MeetingKind>,
) -> Vec<&'m StepV1> {
    m.steps
        .iter()
        .filter(|s| {
            !matches!(
                phase_of(rules, meeting_kind, &s.code),
                Some(Phase::Prep | Phase::After)
            )
        })
        .collect()
}

fn phase_of(rules: &RuleSet, meeting_kind: Option<MeetingKind>, code: &str) -> Option<Phase> {
    let kind = meeting_kind?;
    rules
        .agenda(kind)
        .iter()
        .find(|s| s.code == code)
        .map(|s| s.phase)
}

/// MTG-MIN-02, MTG-MIN-04: per step, in the order of events, what happened, with each
/// speaker named; the thematic part with its topic and presenter (MTG-TH-02).
fn minutes_content(
    body: &mut Vec<Block>,
    m: &MinutesV1,
    rules: &RuleSet,
    meeting_kind: Option<MeetingKind>,
) {
    body.push(Block::Heading(Heading {
        text: "NỘI DUNG".to_owned(),
        level: 1,
        centred: true,
    }));
    let conclusion_lines: Vec<&str> = m
        .conclusion
        .as_deref()
        .map(|c| c.lines().collect())
        .unwrap_or_default();
    let thematic_block = |body: &mut Vec<Block>| {
        if let Some(t) = &m.thematic {
            if let Some(topic) = &t.topic {
                body.push(labelled("Chuyên đề", &format!("{topic}.")));
            }
            if let Some(p) = &t.presenter {
                body.push(labelled("Người trình bày", &format!("đồng chí {p}.")));
            }
            if let Some(by) = &t.approved_by {
                body.push(labelled("Người duyệt dự thảo chuyên đề", &format!("{by}.")));
            }
        }
    };
    let combined = meeting_kind == Some(MeetingKind::Combined);
    if !combined {
        thematic_block(body);
    }
    if let Some(c) = &m.ceremony {
        ceremony_block(body, c);
    }
    let mut in_thematic_part = false;
    for (i, s) in session_steps(m, rules, meeting_kind)
        .into_iter()
        .enumerate()
    {
        if combined
            && !in_thematic_part
            && s.code
                .starts_with(chibo_domain::ruleset::THEMATIC_PART_PREFIX)
        {
            in_thematic_part = true;
            body.push(Block::Heading(Heading {
                text: "PHẦN SINH HOẠT CHUYÊN ĐỀ".to_owned(),
                level: 1,
                centred: true,
            }));
            thematic_block(body);
        }
        let times = match (s.started, s.ended) {
            (Some(a), Some(b)) => format!(" ({} – {})", vi::clock(a), vi::clock(b)),
            (Some(a), None) => format!(" (từ {})", vi::clock(a)),
            _ => String::new(),
        };
        body.push(sub_heading(&format!("{}. {}{times}", i + 1, s.title)));
        if s.state == "not_applicable" {
            let why = s
                .not_applicable_reason
                .as_deref()
                .unwrap_or("không ghi lý do");
            body.push(Block::Paragraph(Paragraph::body(vec![Run::italic(
                &format!("Không thực hiện: {why}."),
            )])));
            continue;
        }
        // The chair's conclusion is printed once, under its own label below.
        let said: Vec<_> = s
            .contributions
            .iter()
            .filter(|c| !conclusion_lines.contains(&c.text.as_str()))
            .collect();
        for c in said {
            // A guest outside the party is not "đồng chí".
            let outsider = m
                .guests
                .iter()
                .any(|g| g.role == "non_member" && g.name == c.speaker);
            let who = if outsider {
                format!("{} (khách mời): ", c.speaker)
            } else {
                format!("Đồng chí {}: ", c.speaker)
            };
            body.push(Block::Paragraph(Paragraph::body(vec![
                Run::bold(&who),
                Run::plain(&c.text),
            ])));
        }
    }
    if let Some(c) = &m.conclusion {
        body.push(Block::Paragraph(Paragraph::body(vec![Run::bold(
            "Kết luận của chủ trì:",
        )])));
        for line in c.lines().filter(|l| !l.trim().is_empty()) {
            body.push(Block::Paragraph(Paragraph::body(vec![Run::plain(
                line.trim(),
            )])));
        }
    }
}

/// ADM-CER-01..03, ADM-PRB-01: the act of an admission ceremony — the decision read (number,
/// date, issuer, when the cell received it), the new member, the helping member, the
/// superior's agreement when held after the deadline, and the end of probation.
fn ceremony_block(body: &mut Vec<Block>, c: &chibo_domain::meeting::minutes::CeremonyV1) {
    body.push(labelled(
        "Quyết định kết nạp",
        &format!(
            "số {} ngày {} của {}; chi bộ nhận quyết định ngày {}.",
            c.decision,
            vi::dmy(c.decision_date),
            c.issuer,
            vi::dmy(c.received_on)
        ),
    ));
    body.push(labelled(
        "Quần chúng được kết nạp",
        &format!("đồng chí {}.", c.new_member.name),
    ));
    body.push(labelled(
        "Đảng viên chính thức được phân công giúp đỡ",
        &format!("đồng chí {}.", c.helper.name),
    ));
    if let Some(a) = &c.agreement {
        let deadline = c
            .deadline
            .map(|d| format!(" (hạn tổ chức lễ kết nạp: {})", vi::dmy(d)))
            .unwrap_or_default();
        let on = c
            .agreement_date
            .map(|d| format!(" ngày {}", vi::dmy(d)))
            .unwrap_or_default();
        body.push(labelled(
            "Tổ chức sau thời hạn",
            &format!("có sự đồng ý của cấp ủy cấp trên{deadline}: {a}{on}."),
        ));
    }
    body.push(labelled(
        "Thời gian dự bị",
        &format!("12 tháng, đến ngày {}.", vi::dmy(c.probation_ends)),
    ));
}

/// Votes with their denominator (MTG-ATT-01..03), tasks with owners and deadlines, the
/// quality grade, the end, and the minutes' own approval.
fn minutes_outcomes(body: &mut Vec<Block>, m: &MinutesV1) {
    let (approval, others): (Vec<&VoteV1>, Vec<&VoteV1>) =
        m.votes.iter().partition(|v| v.kind == "minutes");
    for v in others {
        body.push(Block::Paragraph(Paragraph::body(vote_runs(v))));
    }
    if !m.tasks.is_empty() {
        body.push(Block::Paragraph(Paragraph::body(vec![Run::bold(
            "Nhiệm vụ và phân công thực hiện:",
        )])));
        body.push(task_table(m));
    }
    // MTG-QA-01: the cell's meetings are rated; a ceremony or a committee meeting is not, so
    // it says nothing of a grade unless one was recorded.
    match (&m.quality, rated(MeetingKind::from_code(&m.kind))) {
        (Some(q), _) => body.push(labelled(
            "Đánh giá chất lượng buổi sinh hoạt",
            &format!("{q}."),
        )),
        (None, true) => body.push(labelled(
            "Đánh giá chất lượng buổi sinh hoạt",
            "chưa đánh giá.",
        )),
        (None, false) => {}
    }
    let mut end = match m.ended {
        Some(t) if t.date() == m.date => {
            format!("Buổi sinh hoạt kết thúc lúc {} cùng ngày.", vi::clock(t))
        }
        Some(t) => format!(
            "Buổi sinh hoạt kết thúc lúc {} ngày {}.",
            vi::clock(t),
            vi::dmy(t.date())
        ),
        None => String::new(),
    };
    if let Some(v) = approval.first() {
        end.push_str(&format!(
            " Biên bản đã được đọc lại trước chi bộ và được thông qua ({}/{} tán thành, {}).",
            v.votes_for,
            v.denominator,
            vi::percent(v.votes_for, v.denominator)
        ));
    }
    if !end.is_empty() {
        body.push(Block::Paragraph(Paragraph::body(vec![Run::plain(
            end.trim_start(),
        )])));
    }
}

/// "Biểu quyết …: số đảng viên chính thức được triệu tập 20, không tính 2 (…); căn cứ tính
/// 18; tán thành 15/18 (83,3 %), không tán thành 1, không biểu quyết 2; được thông qua."
fn vote_runs(v: &VoteV1) -> Vec<Run> {
    let method: &str = match VoteMethod::from_code(&v.method) {
        Some(x) => method_vi(x),
        None => &v.method,
    };
    let excluded = v.summoned.saturating_sub(v.denominator);
    let names: Vec<String> = v
        .excluded
        .iter()
        .map(|e| format!("đồng chí {}: {}", e.name, e.reason))
        .collect();
    let excluded_text = if names.is_empty() {
        format!("không tính {excluded}")
    } else {
        format!("không tính {excluded} ({})", names.join("; "))
    };
    vec![
        Run::bold(&format!("Biểu quyết {} ", lowercase_first(&v.subject))),
        Run::plain(&format!(
            "({method}): số đảng viên chính thức được triệu tập {}, {excluded_text}; căn cứ tính \
             {}; tán thành {}/{} ({}), không tán thành {}, không biểu quyết {}; ",
            v.summoned,
            v.denominator,
            v.votes_for,
            v.denominator,
            vi::percent(v.votes_for, v.denominator),
            v.against,
            v.abstain,
        )),
        Run::bold(if v.passed {
            "được thông qua."
        } else {
            "không được thông qua."
        }),
    ]
}

fn method_vi(m: VoteMethod) -> &'static str {
    match m {
        VoteMethod::ShowOfHands => "giơ tay",
        VoteMethod::PartyCard => "giơ thẻ đảng viên",
        VoteMethod::SecretBallot => "bỏ phiếu kín",
    }
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// MTG-ORD-06/08: tasks with owners and deadlines.
fn task_table(m: &MinutesV1) -> Block {
    Block::Table(Table {
        columns: vec![
            column("TT", 8, Align::Centre),
            column("Nhiệm vụ", 52, Align::Left),
            column("Người thực hiện", 24, Align::Left),
            column("Thời hạn", 16, Align::Centre),
        ],
        rows: m
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                vec![
                    (i + 1).to_string(),
                    nfc(&t.text),
                    nfc(&t.owners.join(", ")),
                    vi::dmy(t.deadline),
                ]
            })
            .collect(),
    })
}

/// Marks a document built from training data (TRN-01: sandbox data is "THỰC HÀNH" on every
/// document): the word in bold above the body, at the head of the file's title, and in the
/// footnote before whatever it held (the minutes' content hash).
pub fn mark_practice(doc: &mut Document) {
    const MARK: &str = "THỰC HÀNH";
    doc.body.insert(
        0,
        Block::Paragraph(Paragraph::centred(vec![Run::bold(MARK)])),
    );
    doc.title = format!("{MARK} — {}", doc.title);
    let note = "THỰC HÀNH — dữ liệu tập huấn của chi bộ mô phỏng, không phải hồ sơ thật.";
    doc.footnote = Some(match doc.footnote.take() {
        Some(f) => format!("{note} {f}"),
        None => note.to_owned(),
    });
}

/// The results of a practice class (issue 13, TRN-01) as a report of the committee running
/// the course, dated `date` (the day it is printed, whose format applies): marked
/// "THỰC HÀNH" above the title, in the title and in the footnote, unnumbered (training data
/// never takes a document number). Scores per group and per learner, the meetings reviewed,
/// and the groups compared step by step for each kind of meeting.
pub fn training_results(
    catalogue: &Catalogue,
    issuer: &Issuer,
    date: Date,
    t: &crate::xlsx::TrainingResults,
) -> Result<Document, RenderError> {
    let rules = catalogue.rules_on(date)?;
    let ctx = Context {
        issuer: issuer.clone(),
        stage: Stage::Signed { number: None },
    };
    let mut doc = skeleton(&rules, DocumentKind::Report, date, &ctx);
    let summary = format!("kết quả lớp tập huấn {} (THỰC HÀNH)", nfc(&t.class));
    doc.summary = Some(summary.clone());
    doc.title = format!("Báo cáo {summary}");
    let mut body = vec![
        Block::Paragraph(Paragraph::body(vec![Run::plain(&format!(
            "Khóa {}, lớp {} học ngày {}, thực hành theo quy định có hiệu lực ngày {}.",
            nfc(&t.course),
            nfc(&t.class),
            vi::dmy(t.held_on),
            vi::dmy(t.practice_date)
        ))])),
        section("I. ĐIỂM CÁC TỔ VÀ HỌC VIÊN"),
    ];
    for (first, rows) in [("Tổ", &t.groups), ("Học viên", &t.learners)] {
        body.push(Block::Table(Table {
            columns: vec![
                column("STT", 6, Align::Centre),
                column(first, 50, Align::Left),
                column("Điểm trung bình", 18, Align::Centre),
                column("Số buổi", 12, Align::Centre),
            ],
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, (who, score, n))| {
                    vec![
                        (i + 1).to_string(),
                        nfc(who),
                        score.to_string(),
                        n.to_string(),
                    ]
                })
                .collect(),
        }));
    }
    body.push(section("II. CÁC BUỔI SINH HOẠT THỰC HÀNH"));
    body.push(Block::Table(Table {
        columns: vec![
            column("Tổ", 14, Align::Left),
            column("Học viên chủ trì", 30, Align::Left),
            column("Loại", 16, Align::Left),
            column("Ngày", 14, Align::Centre),
            column("Điểm", 10, Align::Centre),
            column("Nhận xét", 10, Align::Centre),
        ],
        rows: t
            .meetings
            .iter()
            .map(|m| {
                vec![
                    nfc(&m.group),
                    nfc(&m.learners),
                    nfc(&m.kind),
                    vi::dmy(m.date),
                    m.score.to_string(),
                    m.findings.to_string(),
                ]
            })
            .collect(),
    }));
    body.push(section("III. SO SÁNH CÁC TỔ THEO TỪNG BƯỚC"));
    for (kind, c, words) in &t.comparisons {
        body.push(Block::Heading(Heading {
            text: nfc(&format!("Sinh hoạt {kind}")),
            level: 2,
            centred: false,
        }));
        let mut columns = vec![column("Bước", 30, Align::Left)];
        for g in &c.groups {
            columns.push(column(g, 20, Align::Left));
        }
        let mut rows: Vec<Vec<String>> = c
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut row = vec![format!("{} {}", r.code, nfc(&r.title_vi))];
                for (g, cell) in r.cells.iter().enumerate() {
                    let mut text = words
                        .get(i)
                        .and_then(|w| w.get(g))
                        .cloned()
                        .unwrap_or_default();
                    if let Some(m) = cell.minutes {
                        text.push_str(&format!(", {m} phút"));
                    }
                    if !cell.findings.is_empty() {
                        text.push_str(&format!(" ({})", cell.findings.join(", ")));
                    }
                    row.push(text);
                }
                row
            })
            .collect();
        let mut total = vec!["Điểm".to_owned()];
        total.extend(c.scores.iter().map(u32::to_string));
        rows.push(total);
        body.push(Block::Table(Table { columns, rows }));
    }
    doc.body = body;
    doc.closing = Closing {
        left: None,
        right: None,
    };
    mark_practice(&mut doc);
    Ok(doc)
}
