//! The builtin agenda templates (docs/agendas.md), per meeting guidance. Titles are exactly
//! the screen titles tabled there; the guidance text is written from the rules each step
//! cites. A test (`tests/ruleset.rs`) parses docs/agendas.md and compares step for step.

use super::agenda::{AgendaStep, AgendaTemplate, THEMATIC_PART_PREFIX};
use super::kinds::{MeetingKind, Phase};

use Phase::{After, Closing, Main, Opening, Prep};

// --- regular meeting ----------------------------------------------------------------------

fn prep_steps() -> Vec<AgendaStep> {
    vec![
        AgendaStep::new(
            "P1",
            Prep,
            "Phân công chuẩn bị nội dung, dự thảo nghị quyết",
            "Bí thư hoặc phó bí thư trực tiếp chuẩn bị nội dung sinh hoạt và dự thảo nghị quyết \
             (nếu có). Ghi người chuẩn bị và đính kèm bản dự thảo.",
            &["MTG-PREP-01"],
        ),
        AgendaStep::new(
            "P2",
            Prep,
            "Chi ủy họp chuẩn bị (hoặc bí thư, phó bí thư)",
            "Chi ủy (nơi chưa có chi ủy: bí thư và phó bí thư) họp trước để thống nhất nội dung: \
             đánh giá kết quả tháng trước, dự kiến nhiệm vụ tháng tới, chọn những vấn đề đưa ra \
             chi bộ thảo luận, biểu quyết. Ghi ngày họp và nội dung; nơi cấp ủy cấp trên yêu cầu, \
             cuộc họp chuẩn bị được ghi biên bản (chi bộ chỉ có bí thư được miễn).",
            &["MTG-PREP-02", "MTG-PREP-06"],
        ),
        AgendaStep::new(
            "P3",
            Prep,
            "Thông báo thời gian, địa điểm, nội dung cho đảng viên và cấp ủy viên phụ trách",
            "Gửi thông báo thời gian, địa điểm, nội dung sinh hoạt đến từng đảng viên và đồng chí \
             cấp ủy viên cấp trên được phân công theo dõi chi bộ; ghi ngày gửi.",
            &["MTG-PREP-03"],
        ),
    ]
}

fn opening_steps() -> Vec<AgendaStep> {
    vec![
        AgendaStep::new(
            "O1",
            Opening,
            "Tuyên bố lý do, giới thiệu đại biểu",
            "Chủ trì nêu mục đích, yêu cầu của buổi sinh hoạt; giới thiệu đại biểu dự. Biên bản \
             ghi họ tên, chức vụ từng đại biểu, kể cả đại biểu cấp trên.",
            &["MTG-ORD-01", "MTG-ATT-05"],
        ),
        AgendaStep::new(
            "O2",
            Opening,
            "Cử thư ký",
            "Chủ trì cử một đảng viên làm thư ký ghi biên bản.",
            &["MTG-ORD-01"],
        ),
        AgendaStep::new(
            "O3",
            Opening,
            "Điểm danh: có mặt, vắng có lý do, vắng không lý do",
            "Thông báo số đảng viên có mặt, vắng có lý do, vắng không lý do, ghi tên và lý do \
             từng người vắng. Với người vắng có lý do, ghi chi ủy có chấp nhận lý do hay không: \
             đảng viên chính thức vắng cả buổi có lý do được chấp nhận không tính vào số đảng \
             viên làm căn cứ biểu quyết.",
            &["MTG-ORD-01", "MTG-ATT-07", "MTG-ATT-03"],
        ),
    ]
}

fn approve_agenda() -> AgendaStep {
    AgendaStep::new(
        "O4",
        Opening,
        "Thông qua chương trình",
        "Chủ trì thông qua chương trình buổi sinh hoạt.",
        &["MTG-ORD-01"],
    )
}

fn close_meeting() -> AgendaStep {
    AgendaStep::new(
        "C7",
        Closing,
        "Bế mạc",
        "Chủ trì bế mạc; ghi giờ kết thúc để đối chiếu với thời gian sinh hoạt tối thiểu.",
        &[],
    )
}

/// Regular meeting under HD 12/2018 (MTG-ORD-01, 03, 04, 06). After the discussion (M4) the
/// secretary answers what members raised (M4b, MTG-ORD-03). The closing order C1–C6 is the
/// catalogue's MTG-ORD-06 \[S\]: only "minutes read to the cell before closing" is sourced
/// verbatim; the order of the other closing steps under HD 12/2018 is unverified \[?\].
pub(crate) fn regular_hd12() -> Vec<AgendaStep> {
    let mut steps = prep_steps();
    steps.extend(opening_steps());
    steps.push(approve_agenda());
    steps.extend([
        AgendaStep::new(
            "M1",
            Main,
            "Thông tin thời sự, phổ biến văn bản cấp trên",
            "Thông tin thời sự, chủ trương, chính sách mới; phổ biến văn bản của cấp ủy cấp trên \
             liên quan đến chi bộ.",
            &["MTG-ORD-04"],
        ),
        AgendaStep::new(
            "M2",
            Main,
            "Đánh giá thực hiện nghị quyết, nhiệm vụ tháng trước",
            "Đánh giá từng nhiệm vụ của nghị quyết tháng trước: đã hoàn thành, đang thực hiện \
             hay chưa thực hiện; nêu nguyên nhân.",
            &["MTG-ORD-04"],
        ),
        AgendaStep::new(
            "M3",
            Main,
            "Bí thư trình bày nội dung chi ủy chuẩn bị, gợi ý thảo luận",
            "Bí thư trình bày nội dung chi ủy đã chuẩn bị và gợi ý những vấn đề cần tập trung \
             thảo luận.",
            &["MTG-ORD-03"],
        ),
        AgendaStep::new(
            "M4",
            Main,
            "Thảo luận; tự phê bình và phê bình",
            "Đảng viên phát biểu, tự phê bình về việc thực hiện nhiệm vụ được giao và góp ý với \
             đảng viên khác; bí thư định hướng thảo luận. Ghi tên từng người phát biểu và nội \
             dung. Nơi cấp trên yêu cầu, dành 15–30 phút cho sinh hoạt tư tưởng.",
            &["MTG-ORD-03", "MTG-ORD-05"],
        ),
        AgendaStep::new(
            "M4b",
            Main,
            "Bí thư cung cấp thông tin, định hướng, làm rõ những vấn đề đảng viên quan tâm",
            "Sau phần thảo luận, bí thư cung cấp thêm thông tin, định hướng và làm rõ những vấn \
             đề đảng viên quan tâm, nêu ra trong buổi sinh hoạt. Ghi nội dung trả lời.",
            &["MTG-ORD-03"],
        ),
        AgendaStep::new(
            "M5",
            Main,
            "Nhiệm vụ tháng tới",
            "Xác định nhiệm vụ tháng tới và các nội dung khác.",
            &["MTG-ORD-04"],
        ),
        AgendaStep::new(
            "C1",
            Closing,
            "Tổng hợp, tiếp thu ý kiến",
            "Chủ trì tổng hợp, tiếp thu ý kiến của đảng viên.",
            &["MTG-ORD-06"],
        ),
        AgendaStep::new(
            "C2",
            Closing,
            "Phân công nhiệm vụ, thời hạn",
            "Phân công từng nhiệm vụ cho người thực hiện, kèm thời hạn hoàn thành.",
            &["MTG-ORD-06"],
        ),
        AgendaStep::new(
            "C3",
            Closing,
            "Chủ trì kết luận",
            "Chủ trì kết luận buổi sinh hoạt.",
            &["MTG-ORD-06"],
        ),
        AgendaStep::new(
            "C4",
            Closing,
            "Biểu quyết thông qua kết luận / nghị quyết",
            "Chỉ đảng viên chính thức biểu quyết; đảng viên dự bị dự, phát biểu nhưng không biểu \
             quyết. Thông qua khi quá một nửa số đảng viên chính thức làm căn cứ tán thành (số \
             được triệu tập, trừ các trường hợp không tính). Việc đề nghị kết nạp, công nhận \
             chính thức, xóa tên biểu quyết bằng phiếu kín hoặc giơ thẻ đảng viên do chi bộ \
             quyết định.",
            &[
                "MTG-ORD-06",
                "MTG-ATT-01",
                "MTG-ATT-02",
                "MTG-ATT-03",
                "CHR-VOTE-02",
            ],
        ),
        AgendaStep::new(
            "C5",
            Closing,
            "Đánh giá chất lượng buổi sinh hoạt",
            "Đối chiếu tiêu chí sinh hoạt chi bộ đạt chất lượng: tham dự trên 85 %, chuẩn bị chu \
             đáo, đúng quy trình và đủ nội dung, thời gian ít nhất 90 phút, đúng nguyên tắc, thực \
             hiện nghị quyết kỳ trước. Bí thư đề xuất mức đánh giá, chi bộ biểu quyết; ghi kết \
             quả vào biên bản.",
            &[
                "MTG-QA-01",
                "MTG-QA-02",
                "MTG-QA-03",
                "MTG-QA-04",
                "MTG-QA-05",
                "MTG-QA-07",
            ],
        )
        .with_rules(&["MTG-ORD-07"]),
        AgendaStep::new(
            "C6",
            Closing,
            "Thông qua biên bản",
            "Thư ký đọc biên bản; chi bộ biểu quyết thông qua trước khi bế mạc; chủ trì và thư ký \
             ký. Biên bản ghi trung thực, theo trình tự, không kèm bình luận của người ghi.",
            &[
                "MTG-ORD-06",
                "MTG-MIN-01",
                "MTG-MIN-02",
                "MTG-MIN-03",
                "MTG-MIN-04",
            ],
        ),
        close_meeting(),
    ]);
    steps
}

/// Regular meeting under HD 42/2025: documents published ≥ 1 day before (P4), dues report
/// in the opening (O3b), main business and closing in the order of MTG-ORD-08, final
/// documents within 2 days (A1).
pub(crate) fn regular_hd42() -> Vec<AgendaStep> {
    let mut steps = prep_steps();
    if let Some(p1) = steps.first_mut() {
        p1.guidance_vi = "Bí thư phân công phó bí thư hoặc chi ủy viên chuẩn bị nội dung sinh \
                          hoạt và dự thảo nghị quyết (nếu có). Ghi người chuẩn bị và đính kèm \
                          bản dự thảo."
            .to_owned();
    }
    steps.push(AgendaStep::new(
        "P4",
        Prep,
        "Đăng tài liệu cho đảng viên trước ít nhất 1 ngày",
        "Đăng tài liệu sinh hoạt trên hệ thống (có thể xuất cho ứng dụng Sổ tay đảng viên điện \
         tử) chậm nhất vào ngày trước ngày sinh hoạt.",
        &["MTG-PREP-04"],
    ));
    steps.extend(opening_steps());
    steps.push(AgendaStep::new(
        "O3b",
        Opening,
        "Thông báo tình hình thu, nộp đảng phí",
        "Thông báo tình hình thu, nộp đảng phí của đảng viên trong chi bộ.",
        &["MTG-ORD-02"],
    ));
    steps.push(approve_agenda());
    steps.extend([
        AgendaStep::new(
            "M1",
            Main,
            "Bí thư trình bày nội dung đã chuẩn bị (thông tin, văn bản cấp trên, kết quả tháng trước)",
            "Bí thư trình bày nội dung đã chuẩn bị: thông tin thời sự, văn bản của cấp trên, kết \
             quả thực hiện nghị quyết tháng trước (từng nhiệm vụ: đã hoàn thành, đang thực hiện, \
             chưa thực hiện).",
            &["MTG-ORD-08", "MTG-ORD-04"],
        ),
        AgendaStep::new(
            "M2",
            Main,
            "Đánh giá việc thực hiện nhiệm vụ của đảng viên",
            "Đánh giá việc thực hiện nhiệm vụ được giao của từng đảng viên.",
            &["MTG-ORD-08"],
        ),
        AgendaStep::new(
            "M3",
            Main,
            "Định hướng những vấn đề mới, phức tạp",
            "Bí thư định hướng những vấn đề mới, phức tạp cần chi bộ thảo luận.",
            &["MTG-ORD-08"],
        ),
        AgendaStep::new(
            "M4",
            Main,
            "Thảo luận; tự phê bình và phê bình",
            "Đảng viên thảo luận, tự phê bình và phê bình. Ghi tên từng người phát biểu và nội \
             dung.",
            &["MTG-ORD-08"],
        ),
        AgendaStep::new(
            "C1",
            Closing,
            "Tổng hợp, tiếp thu ý kiến",
            "Chủ trì tổng hợp, tiếp thu ý kiến của đảng viên.",
            &["MTG-ORD-08"],
        ),
        AgendaStep::new(
            "C2",
            Closing,
            "Phân công nhiệm vụ, thời hạn",
            "Phân công từng nhiệm vụ cho người thực hiện, kèm thời hạn hoàn thành.",
            &["MTG-ORD-08"],
        ),
        AgendaStep::new(
            "C3",
            Closing,
            "Định hướng tư tưởng, giải đáp kiến nghị",
            "Chủ trì định hướng tư tưởng, giải đáp kiến nghị của đảng viên.",
            &["MTG-ORD-08"],
        ),
        AgendaStep::new(
            "C4",
            Closing,
            "Kết luận; biểu quyết nghị quyết",
            "Chủ trì kết luận; chi bộ biểu quyết thông qua nghị quyết (nếu có). Chỉ đảng viên \
             chính thức biểu quyết; thông qua khi quá một nửa số đảng viên chính thức làm căn cứ \
             tán thành.",
            &["MTG-ORD-08", "MTG-ATT-01", "MTG-ATT-02", "MTG-ATT-03"],
        ),
        AgendaStep::new(
            "C5",
            Closing,
            "Đánh giá chất lượng",
            "Đánh giá chất lượng buổi sinh hoạt theo bộ tiêu chí cấp ủy áp dụng (mặc định: bộ \
             tiêu chí 100 điểm của địa phương — thời gian, tham dự, chuẩn bị, điều hành, nguyên \
             tắc, kết quả nghị quyết kỳ trước, kết thúc); bí thư đề xuất, chi bộ biểu quyết, đại \
             biểu cấp trên (nếu có) xác nhận.",
            &["MTG-ORD-08", "MTG-QA-01", "MTG-QA-02", "MTG-QA-03", "MTG-QA-04", "MTG-QA-06"],
        )
        .with_rules(&["MTG-QA-07"]),
        AgendaStep::new(
            "C6",
            Closing,
            "Thư ký đọc biên bản; thông qua biên bản",
            "Thư ký đọc biên bản; chi bộ biểu quyết thông qua trước khi bế mạc; chủ trì và thư ký \
             ký.",
            &["MTG-ORD-08", "MTG-MIN-01"],
        ),
        close_meeting(),
        AgendaStep::new(
            "A1",
            After,
            "Ký, đăng nghị quyết/tài liệu, báo cáo cấp trên trong 2 ngày",
            "Trong 2 ngày sau buổi sinh hoạt, bí thư ký nghị quyết, đăng tài liệu chính thức và \
             báo cáo cấp ủy cấp trên.",
            &["MTG-PREP-05"],
        ),
    ]);
    steps
}

// --- thematic meeting ---------------------------------------------------------------------

/// The opening of a thematic meeting (MTG-ORD-01): the same formalities as a regular
/// meeting (purpose and guests, minute-taker, roll call, agenda), without the vote-denominator
/// note of the regular roll call.
fn thematic_opening() -> Vec<AgendaStep> {
    let mut steps = opening_steps();
    if let Some(o3) = steps.iter_mut().find(|s| s.code == "O3") {
        o3.rules.retain(|r| r != "MTG-ATT-03");
        o3.guidance_vi = "Thông báo số đảng viên có mặt, vắng có lý do, vắng không lý do, ghi \
                          tên và lý do từng người vắng."
            .to_owned();
    }
    if let Some(o1) = steps.iter_mut().find(|s| s.code == "O1") {
        o1.guidance_vi = "Chủ trì tuyên bố lý do buổi sinh hoạt chuyên đề; giới thiệu đại biểu \
                          dự (ghi họ tên, chức vụ vào biên bản)."
            .to_owned();
    }
    steps.push(approve_agenda());
    steps
}

/// Thematic meeting under HD 12/2018 (MTG-TH-01, MTG-TH-02): the full opening O1–O4
/// (MTG-ORD-01), then T0, the secretary states the purpose and requirements of the topic.
pub(crate) fn thematic_hd12() -> Vec<AgendaStep> {
    vec![
        AgendaStep::new(
            "P1",
            Prep,
            "Chủ đề từ kế hoạch năm; phân công người chuẩn bị dự thảo",
            "Chọn chủ đề từ kế hoạch sinh hoạt chuyên đề năm đã báo cáo cấp trên; phân công \
             đảng viên chuẩn bị dự thảo. Nơi chi bộ không tự xây dựng được dự thảo, cấp ủy cấp \
             trên hướng dẫn.",
            &["MTG-TH-01", "PLAN-01"],
        ),
        AgendaStep::new(
            "P2",
            Prep,
            "Chi ủy / bí thư duyệt dự thảo",
            "Chi ủy (hoặc bí thư) xem xét, duyệt dự thảo chuyên đề.",
            &["MTG-TH-01"],
        ),
        AgendaStep::new(
            "P3",
            Prep,
            "Gửi dự thảo cho đảng viên trước buổi sinh hoạt",
            "Gửi dự thảo chuyên đề cho đảng viên nghiên cứu trước buổi sinh hoạt.",
            &["MTG-TH-01"],
        ),
    ]
    .into_iter()
    .chain(thematic_opening())
    .chain([
        AgendaStep::new(
            "T0",
            Main,
            "Bí thư nêu mục đích, yêu cầu buổi sinh hoạt chuyên đề",
            "Bí thư nêu mục đích, yêu cầu của buổi sinh hoạt chuyên đề (quần chúng được mời dự \
             phần chuyên đề).",
            &["MTG-TH-02"],
        ),
        AgendaStep::new(
            "T1",
            Main,
            "Đảng viên được phân công trình bày dự thảo",
            "Đảng viên được phân công trình bày dự thảo chuyên đề.",
            &["MTG-TH-02"],
        ),
        AgendaStep::new(
            "T2",
            Main,
            "Thảo luận, liên hệ bản thân và đơn vị, đề xuất bổ sung",
            "Đảng viên thảo luận, liên hệ với bản thân và đơn vị, đề xuất nội dung bổ sung. Ghi \
             tên từng người phát biểu.",
            &["MTG-TH-02"],
        ),
        AgendaStep::new(
            "T3",
            Main,
            "Người trình bày tiếp thu ý kiến",
            "Người trình bày tiếp thu ý kiến, giải trình những điểm còn khác nhau.",
            &["MTG-TH-02"],
        ),
        AgendaStep::new(
            "C1",
            Closing,
            "Bí thư kết luận",
            "Bí thư kết luận chuyên đề, nêu những nội dung cần hoàn chỉnh.",
            &["MTG-TH-02"],
        ),
        AgendaStep::new(
            "C2",
            Closing,
            "Thông qua biên bản",
            "Thư ký đọc biên bản; chi bộ thông qua trước khi kết thúc; chủ trì và thư ký ký.",
            &["MTG-MIN-01"],
        ),
        AgendaStep::new(
            "A1",
            After,
            "Hoàn chỉnh chuyên đề, gửi đảng viên (tổ đảng) học tập, vận dụng",
            "Người trình bày hoàn chỉnh chuyên đề; gửi đảng viên (chi bộ đông đảng viên: gửi các \
             tổ đảng) để học tập, vận dụng.",
            &["MTG-TH-02"],
        ),
    ])
    .collect()
}

/// Thematic meeting under HD 42/2025: as HD 12/2018, with the draft approved by the
/// committee and sent ≥ 1 day before (MTG-TH-06, MTG-PREP-04), the secretary's assessment of
/// the topic in the closing (MTG-TH-03/06), and publication and report upward (MTG-TH-06,
/// MTG-PREP-05).
pub(crate) fn thematic_hd42() -> Vec<AgendaStep> {
    thematic_hd12()
        .into_iter()
        .map(|s| match s.code.as_str() {
            "P2" => s.with_rules(&["MTG-TH-06"]).with_guidance(
                "Chi ủy (nơi chưa có chi ủy: bí thư) duyệt dự thảo chuyên đề do đảng viên được \
                 phân công chuẩn bị.",
            ),
            "P3" => s
                .with_title("Gửi dự thảo cho đảng viên trước ít nhất 1 ngày")
                .with_rules(&["MTG-TH-06", "MTG-PREP-04"])
                .with_guidance(
                    "Đăng dự thảo chuyên đề cho đảng viên chậm nhất vào ngày trước ngày sinh \
                     hoạt.",
                ),
            "C1" => s
                .with_title("Bí thư đánh giá chất lượng, tính thiết thực của chuyên đề; kết luận")
                .with_rules(&["MTG-TH-03", "MTG-TH-06"])
                .with_guidance(
                    "Bí thư đánh giá chất lượng, tính thiết thực của chuyên đề và kết luận \
                     những nội dung cần bổ sung vào bản hoàn chỉnh.",
                ),
            "A1" => s
                .with_title("Hoàn chỉnh chuyên đề, đăng tải, báo cáo cấp trên")
                .with_rules(&["MTG-TH-06", "MTG-PREP-05"])
                .with_guidance(
                    "Hoàn chỉnh chuyên đề; đăng bản chính thức cho đảng viên học tập, vận dụng \
                     và báo cáo cấp ủy cấp trên.",
                ),
            _ => s,
        })
        .collect()
}

/// Combined session (MTG-FREQ-03): the regular meeting's steps to C7, then the thematic
/// meeting's from O1 (codes prefixed "TH."), so the regular part is closed before the
/// thematic part starts. The preparation of both parts comes first and their after-meeting
/// steps last, because they happen outside the room and none may be lost (MTG-TH-01,
/// MTG-PREP-05).
pub(crate) fn combined(regular: &[AgendaStep], thematic: &[AgendaStep]) -> Vec<AgendaStep> {
    let prefixed = |s: &AgendaStep| {
        let mut s = s.clone();
        s.code = format!("{THEMATIC_PART_PREFIX}{}", s.code);
        s
    };
    let mut steps: Vec<AgendaStep> = Vec::new();
    steps.extend(regular.iter().filter(|s| s.phase == Prep).cloned());
    steps.extend(thematic.iter().filter(|s| s.phase == Prep).map(prefixed));
    steps.extend(regular.iter().filter(|s| s.phase.in_room()).cloned());
    steps.extend(thematic.iter().filter(|s| s.phase.in_room()).map(|s| {
        let mut s = prefixed(s);
        if s.code == "TH.O3" {
            s.guidance_vi.push_str(
                " Trong buổi kết hợp có thể dùng lại kết quả điểm danh phần thường kỳ, ghi \
                 thêm người đến muộn.",
            );
        }
        s
    }));
    steps.extend(regular.iter().filter(|s| s.phase == After).cloned());
    steps.extend(thematic.iter().filter(|s| s.phase == After).map(prefixed));
    steps
}

// --- extraordinary and committee meetings -------------------------------------------------

/// Extraordinary meeting: opening formalities (O1–O4), the matter(s), discussion, vote(s),
/// conclusion, minutes approval (docs/agendas.md).
pub(crate) fn extraordinary() -> Vec<AgendaStep> {
    let mut steps = opening_steps();
    if let Some(o1) = steps.first_mut() {
        o1.guidance_vi = "Chủ trì nêu lý do triệu tập sinh hoạt bất thường và vấn đề cần giải \
                          quyết; giới thiệu đại biểu dự (ghi họ tên, chức vụ vào biên bản)."
            .to_owned();
    }
    steps.push(approve_agenda());
    steps.extend([
        AgendaStep::new(
            "M1",
            Main,
            "Trình bày vấn đề cần giải quyết",
            "Bí thư (hoặc người được phân công) trình bày vấn đề cần chi bộ xem xét, quyết định.",
            &["MTG-ORD-03"],
        ),
        AgendaStep::new(
            "M2",
            Main,
            "Thảo luận",
            "Đảng viên thảo luận; ghi tên từng người phát biểu và nội dung.",
            &["MTG-ORD-03"],
        ),
        AgendaStep::new(
            "C1",
            Closing,
            "Biểu quyết",
            "Chỉ đảng viên chính thức biểu quyết; thông qua khi quá một nửa số đảng viên chính \
             thức làm căn cứ tán thành (kết nạp, công nhận chính thức: ít nhất hai phần ba). Hình \
             thức biểu quyết do chi bộ quyết định.",
            &["MTG-ATT-01", "MTG-ATT-02", "MTG-ATT-03", "CHR-VOTE-02"],
        ),
        AgendaStep::new(
            "C2",
            Closing,
            "Chủ trì kết luận",
            "Chủ trì kết luận vấn đề đã được chi bộ quyết định.",
            &["MTG-ORD-06"],
        ),
        AgendaStep::new(
            "C3",
            Closing,
            "Thông qua biên bản",
            "Thư ký đọc biên bản; chi bộ biểu quyết thông qua trước khi bế mạc; chủ trì và thư ký \
             ký.",
            &["MTG-MIN-01"],
        ),
        AgendaStep::new(
            "C4",
            Closing,
            "Bế mạc",
            "Chủ trì bế mạc; ghi giờ kết thúc.",
            &[],
        ),
    ]);
    steps
}

/// Cell committee meeting, including the preparatory meeting (MTG-PREP-02/06, MTG-ATT-11).
pub(crate) fn committee() -> Vec<AgendaStep> {
    vec![
        AgendaStep::new(
            "O1",
            Opening,
            "Tuyên bố lý do",
            "Bí thư nêu mục đích, nội dung cuộc họp chi ủy.",
            &["MTG-PREP-02"],
        ),
        AgendaStep::new(
            "O2",
            Opening,
            "Cử người ghi biên bản; điểm danh chi ủy viên",
            "Cử người ghi biên bản; điểm danh chi ủy viên có mặt, vắng (ghi lý do).",
            &["MTG-ORD-01", "MTG-ATT-11"],
        ),
        AgendaStep::new(
            "M1",
            Main,
            "Đánh giá kết quả tháng trước",
            "Với cuộc họp chuẩn bị: đánh giá kết quả thực hiện nghị quyết, nhiệm vụ tháng trước.",
            &["MTG-PREP-02"],
        ),
        AgendaStep::new(
            "M2",
            Main,
            "Dự kiến nhiệm vụ tháng tới",
            "Với cuộc họp chuẩn bị: dự kiến nhiệm vụ tháng tới để trình chi bộ.",
            &["MTG-PREP-02"],
        ),
        AgendaStep::new(
            "M3",
            Main,
            "Thống nhất vấn đề đưa ra chi bộ thảo luận, biểu quyết; dự thảo nghị quyết",
            "Thống nhất những vấn đề đưa ra chi bộ thảo luận, biểu quyết; cho ý kiến vào dự thảo \
             nghị quyết.",
            &["MTG-PREP-02", "MTG-PREP-01"],
        ),
        AgendaStep::new(
            "C1",
            Closing,
            "Biểu quyết",
            "Biểu quyết trên tổng số chi ủy viên đương nhiệm (kể cả người vắng mặt); thông qua \
             khi quá một nửa tán thành.",
            &["MTG-ATT-11"],
        ),
        AgendaStep::new(
            "C2",
            Closing,
            "Kết luận",
            "Bí thư kết luận cuộc họp.",
            &["MTG-PREP-02"],
        ),
        AgendaStep::new(
            "C3",
            Closing,
            "Thông qua biên bản",
            "Thông qua biên bản ngắn của cuộc họp chi ủy.",
            &["MTG-PREP-06", "MTG-MIN-01"],
        ),
    ]
}

// --- admission ceremony -------------------------------------------------------------------

/// Admission ceremony K0–K7 (ADM-CER-01..03), unchanged from HD 01/2016 through HD 01/2021
/// 3.8 and assumed unchanged by HD 06/2025 \[?\]. K3–K5 are one act per new member
/// (ADM-CER-02).
pub(crate) fn ceremony() -> Vec<AgendaStep> {
    vec![
        AgendaStep::new(
            "K0",
            Prep,
            "Nhận quyết định kết nạp; tổ chức lễ trong 30 ngày làm việc",
            "Ghi ngày chi bộ nhận quyết định kết nạp. Lễ kết nạp tổ chức trong 30 ngày làm việc \
             kể từ ngày nhận quyết định; quá hạn phải có ý kiến đồng ý của cấp ủy cấp trên, ghi \
             lại văn bản đồng ý.",
            &["ADM-CER-01"],
        ),
        AgendaStep::new(
            "K1",
            Opening,
            "Chào cờ (Quốc ca, Quốc tế ca)",
            "Chào cờ, hát Quốc ca, Quốc tế ca. Cử người ghi biên bản, điểm danh như mọi buổi \
             sinh hoạt.",
            &["ADM-CER-03"],
        ),
        AgendaStep::new(
            "K2",
            Opening,
            "Tuyên bố lý do, giới thiệu đại biểu",
            "Tuyên bố lý do; giới thiệu đại biểu dự (ghi họ tên, chức vụ vào biên bản).",
            &["ADM-CER-03"],
        ),
        AgendaStep::new(
            "K3",
            Main,
            "Bí thư (hoặc đại diện chi ủy) đọc quyết định kết nạp",
            "Đọc quyết định kết nạp của đảng viên mới (số, ngày, cơ quan ban hành).",
            &["ADM-CER-03"],
        )
        .per_member(),
        AgendaStep::new(
            "K4",
            Main,
            "Đảng viên mới đọc lời tuyên thệ",
            "Đảng viên mới đọc lời tuyên thệ.",
            &["ADM-CER-03"],
        )
        .per_member(),
        AgendaStep::new(
            "K5",
            Main,
            "Đại diện chi ủy nêu rõ nhiệm vụ, quyền hạn của đảng viên, nhiệm vụ của chi bộ; phân công đảng viên chính thức giúp đỡ",
            "Đại diện chi ủy nêu rõ nhiệm vụ, quyền hạn của đảng viên, nhiệm vụ của chi bộ; công \
             bố đảng viên chính thức được phân công giúp đỡ đảng viên dự bị. Ngày lễ là ngày bắt đầu 12 \
             tháng dự bị.",
            &["ADM-CER-03", "ADM-PRB-01"],
        )
        .per_member(),
        AgendaStep::new(
            "K6",
            Main,
            "Đại diện cấp ủy cấp trên phát biểu (nếu có)",
            "Đại diện cấp ủy cấp trên (nếu dự) phát biểu.",
            &["ADM-CER-03"],
        )
        .optional(),
        AgendaStep::new(
            "K7",
            Closing,
            "Bế mạc (Quốc ca, Quốc tế ca)",
            "Bế mạc, hát Quốc ca, Quốc tế ca; thông qua biên bản buổi lễ.",
            &["ADM-CER-03"],
        ),
    ]
}

// --- per guidance -------------------------------------------------------------------------

fn assemble(regular: Vec<AgendaStep>, thematic: Vec<AgendaStep>) -> Vec<AgendaTemplate> {
    let combined = combined(&regular, &thematic);
    vec![
        AgendaTemplate {
            kind: MeetingKind::Regular,
            steps: regular,
        },
        AgendaTemplate {
            kind: MeetingKind::Thematic,
            steps: thematic,
        },
        AgendaTemplate {
            kind: MeetingKind::Combined,
            steps: combined,
        },
        AgendaTemplate {
            kind: MeetingKind::Extraordinary,
            steps: extraordinary(),
        },
        AgendaTemplate {
            kind: MeetingKind::Committee,
            steps: committee(),
        },
    ]
}

/// Agenda templates of HD 12/2018.
pub(crate) fn agendas_hd12() -> Vec<AgendaTemplate> {
    assemble(regular_hd12(), thematic_hd12())
}

/// Agenda templates of HD 42/2025.
pub(crate) fn agendas_hd42() -> Vec<AgendaTemplate> {
    assemble(regular_hd42(), thematic_hd42())
}
