//! The versions chibo ships, one timeline per area (VER-01). Values carry the rule IDs of
//! docs/rules.md; where the catalogue marks a value \[?\] the summary says so, and an
//! administrator corrects it by adding a version, not by editing code.

use time::macros::date;
use time::Date;

use super::deadlines::WorkingDays;
use super::documents::{
    DocumentKind, FontSizes, MarginsMm, PageNumbering, ParagraphStyle, SizeRange,
};
use super::kinds::{CellType, MeetingKind};
use super::params::{
    AdmissionParams, CellTopics, CharterParams, DocumentFormatParams, DocumentTypesParams,
    DuesParams, DurationRule, MeetingGuidanceParams, MinDuration, Parameters, ProbationCompletion,
    TopicGroup, VoteThresholds,
};
use super::quality::{
    Criterion, GradeThresholds, PassFailCriterion, PassFailFramework, PointsProfile, QualityProfile,
};
use super::templates;
use super::vote::{CommitteeDenominator, DenominatorExclusion, Fraction, Threshold};
use super::{Area, RuleVersion};

/// Switch dates (VER-01), named so tests and callers can refer to them.
pub mod dates {
    use super::*;

    /// The catalogue judges dates from 1/1/2007 on. Before an area's first built-in version
    /// its earliest version is taken to apply (see [`crate::ruleset::Catalogue::version_on`]);
    /// earlier dates are refused.
    pub const RULES_FROM: Date = date!(2007 - 01 - 01);

    /// HD 12/2018 (6/7/2018).
    pub const HD_12_2018: Date = date!(2018 - 07 - 06);
    /// HD 42/2025 governs meetings dated from 28/10/2025: its signing date, as no source
    /// publishes another effective date \[?\]. If the official date differs, an administrator
    /// moves it with a correction ([`crate::ruleset::RuleVersion::correction`]).
    pub const HD_42_2025: Date = date!(2025 - 10 - 28);
    /// QĐ 45/2011 (1/11/2011).
    pub const QD_45_2011: Date = date!(2011 - 11 - 01);
    /// QĐ 24/2021 (30/7/2021).
    pub const QD_24_2021: Date = date!(2021 - 07 - 30);
    /// QĐ 232/2025 (20/1/2025).
    pub const QD_232_2025: Date = date!(2025 - 01 - 20);
    /// QĐ 294/2025 (signed 26/5/2025, in force 1/7/2025).
    pub const QD_294_2025: Date = date!(2025 - 07 - 01);
    /// HD 01/2016 (20/9/2016).
    pub const HD_01_2016: Date = date!(2016 - 09 - 20);
    /// HD 01/2021 (28/9/2021).
    pub const HD_01_2021: Date = date!(2021 - 09 - 28);
    /// HD 06/2025 (9/6/2025).
    pub const HD_06_2025: Date = date!(2025 - 06 - 09);
    /// The 2010 dues regulation, QĐ 342-QĐ/TW (in force from 1/1/2011 \[?\]).
    pub const QD_342_2010: Date = date!(2011 - 01 - 01);
    /// QĐ 01/2026 on dues: sources give 1/2/2026 as the start of force \[?\].
    pub const QD_01_2026: Date = date!(2026 - 02 - 01);
    /// HD 36/2018 (3/4/2018).
    pub const HD_36_2018: Date = date!(2018 - 04 - 03);
    /// HD 05/2026 for documents dated from 27/5/2026.
    pub const HD_05_2026: Date = date!(2026 - 05 - 27);
    /// QĐ 66/2017 (6/2/2017).
    pub const QD_66_2017: Date = date!(2017 - 02 - 06);
    /// QĐ 399/2026 (9/1/2026).
    pub const QD_399_2026: Date = date!(2026 - 01 - 09);
}

pub(crate) fn versions() -> Vec<RuleVersion> {
    vec![
        hd_12_2018(),
        hd_42_2025(),
        qd_45_2011(),
        qd_24_2021(),
        qd_232_2025(),
        qd_294_2025(),
        hd_01_2016(),
        hd_01_2021(),
        hd_06_2025(),
        dues_2010(),
        qd_01_2026(),
        hd_36_2018(),
        hd_05_2026(),
        qd_66_2017(),
        qd_399_2026(),
    ]
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn pct(p: u32) -> Fraction {
    // The literals below are all in 0..=100; `HALF` is only a fallback the type demands.
    Fraction::percent(p).unwrap_or(Fraction::HALF)
}

// --- meeting guidance ---------------------------------------------------------------------

/// MTG-TH-04: topic groups of HD 12/2018 (kept by HD 42/2025).
fn topic_groups() -> Vec<TopicGroup> {
    [
        ("ho_chi_minh", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
        ("theory_and_skills", "Nâng cao trình độ lý luận chính trị, chuyên môn, nghiệp vụ"),
        (
            "directives",
            "Thực hiện chủ trương của Đảng, chính sách, pháp luật của Nhà nước liên quan đến chi bộ",
        ),
        (
            "degradation",
            "Phòng, chống suy thoái về tư tưởng chính trị, đạo đức, lối sống, \"tự diễn biến\", \
             \"tự chuyển hóa\"",
        ),
        ("party_building", "Xây dựng Đảng và hệ thống chính trị"),
        ("anti_corruption", "Phòng, chống tham nhũng, lãng phí, tiêu cực"),
        ("other", "Các nội dung khác"),
    ]
    .into_iter()
    .map(|(code, title)| TopicGroup { code: code.to_owned(), title_vi: title.to_owned() })
    .collect()
}

/// MTG-TH-07: HD 42/2025 topic lists by cell type, shipped as editable templates. The
/// village list is quoted in the rules catalogue \[C\]; the others are seed lists written from
/// the secondary sources \[S\] for provinces to edit.
fn topics_by_cell_type() -> Vec<CellTopics> {
    let list = |cell_type, topics: &[&str]| CellTopics {
        cell_type,
        topics: strings(topics),
    };
    vec![
        list(
            CellType::Village,
            &[
                "Vận động nhân dân thực hiện chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
                "Thực hiện nhiệm vụ phát triển kinh tế - xã hội ở thôn, tổ dân phố",
                "Giữ gìn quốc phòng, an ninh, trật tự an toàn xã hội",
                "Xây dựng nông thôn mới, khu dân cư kiểu mẫu",
                "Giảm nghèo bền vững",
                "Chăm lo người có công với cách mạng",
                "Thực hiện Luật Thực hiện dân chủ ở cơ sở",
                "Xây dựng và thực hiện hương ước, quy ước",
                "Xây dựng môi trường văn hóa ở khu dân cư",
            ],
        ),
        list(
            CellType::StateAgency,
            &[
                "Lãnh đạo thực hiện nhiệm vụ chính trị của cơ quan, đơn vị",
                "Cải cách hành chính, chuyển đổi số",
                "Kỷ luật, kỷ cương hành chính, đạo đức công vụ",
                "Phòng, chống tham nhũng, lãng phí, tiêu cực trong cơ quan, đơn vị",
                "Xây dựng đội ngũ cán bộ, công chức, viên chức",
            ],
        ),
        list(
            CellType::StateEnterprise,
            &[
                "Lãnh đạo thực hiện nhiệm vụ sản xuất, kinh doanh",
                "Quản lý, sử dụng vốn, tài sản nhà nước tại doanh nghiệp",
                "Chăm lo việc làm, đời sống người lao động",
                "Xây dựng văn hóa doanh nghiệp",
                "Phòng, chống tham nhũng, lãng phí, tiêu cực trong doanh nghiệp",
            ],
        ),
        list(
            CellType::PrivateEnterprise,
            &[
                "Vai trò hạt nhân chính trị của chi bộ trong doanh nghiệp",
                "Xây dựng quan hệ lao động hài hòa, bảo vệ quyền lợi người lao động",
                "Vận động doanh nghiệp chấp hành pháp luật",
                "Phát triển đảng viên trong doanh nghiệp",
            ],
        ),
        list(
            CellType::School,
            &[
                "Đổi mới căn bản, toàn diện giáo dục và đào tạo",
                "Nâng cao chất lượng dạy và học",
                "Giáo dục chính trị, tư tưởng, đạo đức, lối sống cho học sinh, sinh viên",
                "Phát triển đảng viên trong học sinh, sinh viên",
            ],
        ),
        list(
            CellType::ArmedForces,
            &[
                "Xây dựng đơn vị vững mạnh toàn diện",
                "Sẵn sàng chiến đấu, hoàn thành nhiệm vụ được giao",
                "Chấp hành kỷ luật, điều lệnh",
                "Giáo dục chính trị, tư tưởng cho cán bộ, chiến sĩ",
            ],
        ),
    ]
}

/// MTG-DUR-01 \[S\]: 90 minutes for a regular or thematic meeting, 120 minutes in total for a
/// combined session (regular and thematic in one sitting). HD 12/2018 (II.3.3) and HD 42/2025
/// say the same, so both versions carry these values.
fn durations() -> Vec<DurationRule> {
    let ninety = MinDuration::Total { minutes: 90 };
    let combined = MinDuration::Total { minutes: 120 };
    vec![
        DurationRule {
            kind: MeetingKind::Regular,
            minimum: ninety,
        },
        DurationRule {
            kind: MeetingKind::Thematic,
            minimum: ninety,
        },
        DurationRule {
            kind: MeetingKind::Combined,
            minimum: combined,
        },
    ]
}

/// MTG-QA-05: HD 12/2018's pass/fail framework (attendance > 85 %, MTG-ATT-10).
fn pass_fail_hd12() -> QualityProfile {
    let c = |code: &str, title: &str| PassFailCriterion {
        code: code.to_owned(),
        title_vi: title.to_owned(),
    };
    QualityProfile::PassFail(PassFailFramework {
        criteria: vec![
            c(
                "attendance",
                "Đảng viên dự sinh hoạt đạt trên 85 %; không có đảng viên vắng không có lý do; \
                 không có đảng viên vắng có lý do quá 3 lần liên tiếp trong năm (không tính đảng \
                 viên được miễn sinh hoạt, đảng viên lực lượng vũ trang làm nhiệm vụ đặc biệt)",
            ),
            c(
                "preparation",
                "Bí thư hoặc phó bí thư trực tiếp chuẩn bị; chi ủy họp trước; nội dung đúng, đủ \
                 theo hướng dẫn của cấp trên; có dự thảo nghị quyết",
            ),
            c(
                "running",
                "Đúng trình tự, đủ nội dung; biểu dương, phê bình kịp thời; nhiều đảng viên phát \
                 biểu; thời gian ít nhất 90 phút; ghi sổ biên bản đầy đủ",
            ),
            c(
                "principles",
                "Thực hiện đúng các nguyên tắc tổ chức và sinh hoạt Đảng",
            ),
            c("last_resolution", "Thực hiện tốt nghị quyết kỳ trước"),
        ],
        attendance_target: Threshold::MoreThan(pct(85)),
        max_consecutive_excused_absences: 3,
        min_minutes: 90,
    })
}

/// MTG-QA-06 \[L\]: no central point scale exists (neither HD 12/2018 nor HD 42/2025 has
/// one); two wards' tools that follow HD 42/2025 use this 100-point profile, shipped as the
/// default of the HD 42/2025 rule set and labelled a local profile ([`QualityProfile::origin`]),
/// never "HD 42". Its attendance target > 90 % is local too (MTG-ATT-10 \[L\]).
fn points_local_profile() -> QualityProfile {
    QualityProfile::Points(PointsProfile {
        criteria: vec![
            Criterion::new("time", "Thời gian sinh hoạt", 5),
            Criterion::new("attendance", "Tỷ lệ đảng viên tham dự", 5),
            Criterion::new("preparation", "Công tác chuẩn bị", 10),
            Criterion::new("running", "Tổ chức, điều hành buổi sinh hoạt", 40),
            Criterion::new("principles", "Thực hiện nguyên tắc sinh hoạt Đảng", 5),
            Criterion::new(
                "last_resolution",
                "Kết quả thực hiện nghị quyết kỳ trước",
                30,
            ),
            Criterion::new("closing", "Kết thúc buổi sinh hoạt", 5),
        ],
        thresholds: GradeThresholds {
            good: 90,
            fair: 70,
            average: 50,
        },
        attendance_target: Threshold::MoreThan(pct(90)),
    })
}

fn hd_12_2018() -> RuleVersion {
    RuleVersion {
        area: Area::MeetingGuidance,
        correction: false,
        code: "HD 12/2018".to_owned(),
        title_vi: "Hướng dẫn số 12-HD/BTCTW ngày 06/7/2018 của Ban Tổ chức Trung ương về một số \
                   vấn đề về nâng cao chất lượng sinh hoạt chi bộ"
            .to_owned(),
        effective_from: dates::HD_12_2018,
        sources: strings(&[
            "Hướng dẫn 12-HD/BTCTW (6/7/2018), mục II (không nhầm với Hướng dẫn 12-HD/BTCTW \
             ngày 18/01/2022)",
            "docs/rules.md: MTG-FREQ-*, MTG-DUR-01, MTG-ORD-01..06, MTG-TH-01..04, MTG-QA-05",
        ]),
        summary_vi: "Quy trình sinh hoạt thường kỳ và chuyên đề; sinh hoạt chuyên đề ít nhất mỗi \
                     quý một lần; thời gian sinh hoạt ít nhất 90 phút, buổi kết hợp thường kỳ và \
                     chuyên đề ít nhất 120 phút (II.3.3); khung tiêu chí sinh hoạt chi bộ đạt chất \
                     lượng (tham dự trên 85 %); bỏ việc thu đảng phí khi khai mạc."
            .to_owned(),
        parameters: Parameters::MeetingGuidance(MeetingGuidanceParams {
            agendas: templates::agendas_hd12(),
            min_durations: durations(),
            dues_report_at_opening: false,
            documents_days_before: None,
            publish_within_days: None,
            topic_groups: topic_groups(),
            topics_by_cell_type: Vec::new(),
            quality: pass_fail_hd12(),
        }),
    }
}

fn hd_42_2025() -> RuleVersion {
    RuleVersion {
        area: Area::MeetingGuidance,
        correction: false,
        code: "HD 42/2025".to_owned(),
        title_vi: "Hướng dẫn số 42-HD/BTCTW ngày 28/10/2025 của Ban Tổ chức Trung ương".to_owned(),
        effective_from: dates::HD_42_2025,
        sources: strings(&[
            "Chỉ thị 50-CT/TW (23/7/2025) của Bộ Chính trị",
            "Hướng dẫn 42-HD/BTCTW (28/10/2025), mục II.2.2",
            "docs/rules.md: MTG-DUR-01, MTG-PREP-04/05, MTG-ORD-02, MTG-ORD-08, \
             MTG-TH-03/05/06/07",
            "Bộ tiêu chí 100 điểm mặc định: mẫu của hai phường (MTG-QA-06 [L], MTG-ATT-10 [L]), \
             không phải quy định của Hướng dẫn 42-HD/BTCTW",
        ]),
        summary_vi:
            "Thay Hướng dẫn 12-HD/BTCTW: tài liệu gửi đảng viên trước ít nhất 1 ngày; khai \
             mạc có thông báo tình hình thu, nộp đảng phí; nội dung và kết thúc theo trình tự \
             mới (định hướng tư tưởng, đánh giá chất lượng, thư ký đọc biên bản); nghị quyết \
             ký, đăng và báo cáo cấp trên trong 2 ngày; danh mục chuyên đề theo loại hình chi \
             bộ. Hướng dẫn không quy định thang điểm: bộ tiêu chí 100 điểm dùng làm mặc định là \
             mẫu của địa phương (hai phường áp dụng), cấp ủy có thể điều chỉnh. Ngày 28/10/2025 \
             là ngày ký; chưa thấy nguồn nêu ngày hiệu lực khác [?]."
                .to_owned(),
        parameters: Parameters::MeetingGuidance(MeetingGuidanceParams {
            agendas: templates::agendas_hd42(),
            min_durations: durations(),
            dues_report_at_opening: true,
            documents_days_before: Some(1),
            publish_within_days: Some(2),
            topic_groups: topic_groups(),
            topics_by_cell_type: topics_by_cell_type(),
            quality: points_local_profile(),
        }),
    }
}

// --- Charter implementation ---------------------------------------------------------------

/// Thresholds common to every known version: MTG-ATT-02 more than half, ADM-VOTE-01 and
/// ADM-REC-02 at least 2/3, MTG-ATT-11 committee more than half, ADM-DEC-01 2/3.
fn votes() -> VoteThresholds {
    VoteThresholds {
        resolution: Threshold::MoreThan(Fraction::HALF),
        admission: Threshold::AtLeast(Fraction::TWO_THIRDS),
        recognition: Threshold::AtLeast(Fraction::TWO_THIRDS),
        committee_resolution: Threshold::MoreThan(Fraction::HALF),
        delegated_admission_decision: Threshold::AtLeast(Fraction::TWO_THIRDS),
    }
}

/// The deadlines and probation of the Charter-implementation area (ADM-PRB-01, ADM-DEC-02,
/// ADM-REC-03, MEM-TR-01, MEM-TR-02), carried unchanged across versions as catalogued.
/// ADM-DEC-02 \[S\]: 60 working days for an admission decision, 30 for a recognition decision,
/// either extendable by at most 30 in special cases (QĐ 29/2016 and QĐ 24/2021 point 4.3.1;
/// later texts not seen in full, hence three parameters).
fn charter(denominator_exclusions: Vec<DenominatorExclusion>) -> Parameters {
    Parameters::CharterImplementation(CharterParams {
        votes: votes(),
        denominator_exclusions,
        committee_denominator: CommitteeDenominator::AllSittingMembers,
        probation_months: 12,
        admission_decision_within: WorkingDays(60),
        recognition_decision_within: WorkingDays(30),
        decision_extension_max: WorkingDays(30),
        official_transfer_within: WorkingDays(60),
        transfer_letter_within: WorkingDays(30),
    })
}

/// MTG-ATT-03 since QĐ 24/2021 point 9.3.2: all five exclusions.
fn full_exclusions() -> Vec<DenominatorExclusion> {
    DenominatorExclusion::ALL.to_vec()
}

fn qd_45_2011() -> RuleVersion {
    RuleVersion {
        area: Area::CharterImplementation,
        correction: false,
        code: "QĐ 45/2011".to_owned(),
        title_vi: "Quy định số 45-QĐ/TW ngày 01/11/2011 của Ban Chấp hành Trung ương về thi hành \
                   Điều lệ Đảng"
            .to_owned(),
        effective_from: dates::QD_45_2011,
        sources: strings(&["docs/rules.md: MTG-ATT-03 (trước QĐ 24 chỉ hai trường hợp đầu)"]),
        summary_vi: "Số đảng viên làm căn cứ biểu quyết trừ đảng viên đi sinh hoạt tạm thời nơi \
                     khác và đảng viên được miễn sinh hoạt vắng mặt (chỉ hai trường hợp). Dùng để \
                     xét các biên bản trước ngày 30/7/2021."
            .to_owned(),
        parameters: charter(vec![
            DenominatorExclusion::TemporaryTransferElsewhere,
            DenominatorExclusion::ExemptedAbsent,
        ]),
    }
}

fn qd_24_2021() -> RuleVersion {
    RuleVersion {
        area: Area::CharterImplementation,
        correction: false,
        code: "QĐ 24/2021".to_owned(),
        title_vi: "Quy định số 24-QĐ/TW ngày 30/7/2021 của Ban Chấp hành Trung ương về thi hành \
                   Điều lệ Đảng"
            .to_owned(),
        effective_from: dates::QD_24_2021,
        sources: strings(&[
            "Quy định 24-QĐ/TW, điểm 9.3.2 (số đảng viên làm căn cứ biểu quyết), 9.3.3 (chi ủy)",
            "Quy định 24-QĐ/TW, điểm 4.3.1 (thời hạn cấp ủy có thẩm quyền quyết định kết nạp, \
             công nhận đảng viên chính thức)",
            "docs/rules.md: MTG-ATT-03, MTG-ATT-11, ADM-DEC-02, ADM-REC-03",
        ]),
        summary_vi: "Không tính vào số đảng viên làm căn cứ biểu quyết: đảng viên đi sinh hoạt \
                     tạm thời, được miễn sinh hoạt vắng mặt, bị đình chỉ sinh hoạt, bị khởi tố, \
                     truy tố, tạm giam, và đảng viên chính thức vắng mặt cả buổi có lý do được \
                     chi ủy chấp nhận. Họp chi ủy: căn cứ là tổng số chi ủy viên đương nhiệm. Cấp \
                     ủy có thẩm quyền quyết định kết nạp trong 60 ngày làm việc, công nhận đảng \
                     viên chính thức trong 30 ngày làm việc kể từ ngày chi bộ có nghị quyết đề \
                     nghị; trường hợp đặc biệt gia hạn tối đa 30 ngày làm việc."
            .to_owned(),
        parameters: charter(full_exclusions()),
    }
}

fn qd_232_2025() -> RuleVersion {
    RuleVersion {
        area: Area::CharterImplementation,
        correction: false,
        code: "QĐ 232/2025".to_owned(),
        title_vi: "Quy định số 232-QĐ/TW ngày 20/01/2025 của Ban Chấp hành Trung ương sửa đổi, bổ \
                   sung một số điều của Quy định số 24-QĐ/TW về thi hành Điều lệ Đảng"
            .to_owned(),
        effective_from: dates::QD_232_2025,
        sources: strings(&["docs/rules.md: VER-01"]),
        summary_vi: "Sửa đổi, bổ sung Quy định 24-QĐ/TW; các tham số biểu quyết và thời hạn mà \
                     chibo áp dụng giữ nguyên."
            .to_owned(),
        parameters: charter(full_exclusions()),
    }
}

fn qd_294_2025() -> RuleVersion {
    RuleVersion {
        area: Area::CharterImplementation,
        correction: false,
        code: "QĐ 294/2025".to_owned(),
        title_vi: "Quy định số 294-QĐ/TW ngày 26/5/2025 của Ban Chấp hành Trung ương về thi hành \
                   Điều lệ Đảng"
            .to_owned(),
        effective_from: dates::QD_294_2025,
        sources: strings(&[
            "Quy định 294-QĐ/TW, điểm 6.3.1 (chuyển sinh hoạt đảng chính thức)",
            "docs/rules.md: MEM-TR-01, MEM-TR-02, ORG-05, MTG-ATT-03 [?]",
        ]),
        summary_vi: "Thay Quy định 24-QĐ/TW và 232-QĐ/TW từ ngày 01/7/2025: chuyển sinh hoạt đảng \
                     chính thức trong 60 ngày làm việc, xuất trình giấy giới thiệu trong 30 ngày \
                     làm việc; thí điểm đại hội chi bộ 5 năm một lần. Danh sách không tính vào \
                     căn cứ biểu quyết được cho là giữ nguyên [?]."
            .to_owned(),
        parameters: charter(full_exclusions()),
    }
}

// --- admission guidance -------------------------------------------------------------------

/// ADM-CER-01, ADM-LL-01, ADM-REC-01 (30 working days each), ADM-CERT-01 (60 months: its
/// example, a resolution of 3/2/2025, falls under HD 01/2021, so the limit applies there too),
/// ADM-PRB-03 (anniversary).
fn admission() -> Parameters {
    Parameters::AdmissionGuidance(AdmissionParams {
        ceremony: templates::ceremony(),
        ceremony_within: WorkingDays(30),
        life_history_within: WorkingDays(30),
        recognition_within: WorkingDays(30),
        certificate_validity_months: Some(60),
        probation_completion: ProbationCompletion::Anniversary,
    })
}

fn hd_01_2016() -> RuleVersion {
    RuleVersion {
        area: Area::AdmissionGuidance,
        correction: false,
        code: "HD 01/2016".to_owned(),
        title_vi: "Hướng dẫn số 01-HD/TW ngày 20/9/2016 của Ban Bí thư một số vấn đề cụ thể thi \
                   hành Điều lệ Đảng"
            .to_owned(),
        effective_from: dates::HD_01_2016,
        sources: strings(&[
            "Hướng dẫn 01-HD/TW (2016), điểm 3.8 (lễ kết nạp), 5.1 (hình thức biểu quyết)",
            "docs/rules.md: ADM-CER-03, CHR-VOTE-02",
        ]),
        summary_vi: "Trình tự lễ kết nạp đảng viên (chào cờ, đọc quyết định, tuyên thệ, phân công \
                     đảng viên giúp đỡ); biểu quyết kết nạp, công nhận chính thức bằng phiếu kín \
                     hoặc giơ thẻ đảng viên. Dùng để xét hồ sơ trước ngày 28/9/2021."
            .to_owned(),
        parameters: admission(),
    }
}

fn hd_01_2021() -> RuleVersion {
    RuleVersion {
        area: Area::AdmissionGuidance,
        correction: false,
        code: "HD 01/2021".to_owned(),
        title_vi: "Hướng dẫn số 01-HD/TW ngày 28/9/2021 của Ban Bí thư một số vấn đề cụ thể thi \
                   hành Điều lệ Đảng"
            .to_owned(),
        effective_from: dates::HD_01_2021,
        sources: strings(&[
            "Hướng dẫn 01-HD/TW (2021), điểm 3.8 (lễ kết nạp)",
            "docs/rules.md: ADM-CER-01..03, ADM-LL-01, ADM-REC-01, ADM-CERT-01",
        ]),
        summary_vi: "Giữ trình tự lễ kết nạp; tổ chức lễ trong 30 ngày làm việc kể từ ngày nhận \
                     quyết định; hoàn chỉnh lý lịch đảng viên trong 30 ngày làm việc; xét công \
                     nhận chính thức trong 30 ngày làm việc sau khi hết 12 tháng dự bị."
            .to_owned(),
        parameters: admission(),
    }
}

fn hd_06_2025() -> RuleVersion {
    RuleVersion {
        area: Area::AdmissionGuidance,
        correction: false,
        code: "HD 06/2025".to_owned(),
        title_vi: "Hướng dẫn số 06-HD/TW ngày 09/6/2025 của Ban Bí thư một số vấn đề cụ thể thi \
                   hành Điều lệ Đảng"
            .to_owned(),
        effective_from: dates::HD_06_2025,
        sources: strings(&[
            "Hướng dẫn 06-HD/TW (2025), điểm 5.4 (giấy chứng nhận học lớp bồi dưỡng nhận thức \
             về Đảng có giá trị 60 tháng)",
            "docs/rules.md: ADM-CERT-01, ADM-CER-03 [?]",
        ]),
        summary_vi: "Thay Hướng dẫn 01-HD/TW năm 2021: giấy chứng nhận học lớp bồi dưỡng nhận \
                     thức về Đảng có giá trị 60 tháng; trình tự lễ kết nạp được coi là giữ nguyên \
                     [?] — cần đối chiếu văn bản."
            .to_owned(),
        parameters: admission(),
    }
}

// --- dues ---------------------------------------------------------------------------------

/// FEE-02/03 as catalogued; the catalogue does not yet say which of them QĐ 01/2026 changed,
/// so both versions carry the same values until an administrator adds a corrected version.
fn dues() -> Parameters {
    Parameters::Dues(DuesParams {
        salary_rate_bp: 100,
        pension_rate_bp: 50,
        exempt_after_membership_years: Some(50),
        hardship_reductions_percent: vec![30, 50, 70],
        hardship_max_months: 12,
    })
}

fn dues_2010() -> RuleVersion {
    RuleVersion {
        area: Area::Dues,
        correction: false,
        code: "QĐ 342/2010".to_owned(),
        title_vi: "Quyết định số 342-QĐ/TW ngày 28/12/2010 của Bộ Chính trị về chế độ đảng phí"
            .to_owned(),
        effective_from: dates::QD_342_2010,
        sources: strings(&["docs/rules.md: FEE-02, FEE-03 (ngày hiệu lực cần đối chiếu [?])"]),
        summary_vi: "Chế độ đảng phí trước năm 2026: đảng viên đóng hằng tháng 1 % tiền lương làm \
                     căn cứ đóng bảo hiểm xã hội, 0,5 % lương hưu."
            .to_owned(),
        parameters: dues(),
    }
}

fn qd_01_2026() -> RuleVersion {
    RuleVersion {
        area: Area::Dues,
        correction: false,
        code: "QĐ 01/2026".to_owned(),
        title_vi: "Quy định số 01-QĐ/TW ngày 03/02/2026 về chế độ đảng phí".to_owned(),
        effective_from: dates::QD_01_2026,
        sources: strings(&[
            "docs/rules.md: FEE-02, FEE-03; nguồn ghi ngày ký 3/2/2026, hiệu lực từ 1/2/2026 [?]",
        ]),
        summary_vi: "Chế độ đảng phí mới từ ngày 01/02/2026 [?]: đóng hằng tháng qua cổng thanh \
                     toán quốc gia hoặc nộp tiền mặt cho chi bộ; miễn đóng khi có 50 năm tuổi \
                     đảng; giảm 30/50/70 % tối đa 12 tháng khi khó khăn. Các tham số cần đối \
                     chiếu văn bản."
            .to_owned(),
        parameters: dues(),
    }
}

// --- document format ----------------------------------------------------------------------

/// DOC-03 sizes, with the signature and recipient sizes of DOC-14.
fn font_sizes() -> FontSizes {
    FontSizes {
        party_name: SizeRange::fixed(15),
        superior_name: SizeRange::fixed(14),
        issuer_name: SizeRange::fixed(14),
        number: SizeRange::fixed(14),
        place_date: SizeRange::fixed(14),
        type_name: SizeRange::range(15, 16),
        summary: SizeRange::range(14, 15),
        body: SizeRange::range(14, 15),
        signature: SizeRange::fixed(14),
        recipients_label: SizeRange::fixed(14),
        recipients: SizeRange::fixed(12),
    }
}

fn hd_36_2018() -> RuleVersion {
    RuleVersion {
        area: Area::DocumentFormat,
        correction: false,
        code: "HD 36/2018".to_owned(),
        title_vi: "Hướng dẫn số 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng về thể \
                   thức và kỹ thuật trình bày văn bản của Đảng"
            .to_owned(),
        effective_from: dates::HD_36_2018,
        sources: strings(&["docs/rules.md: DOC-01..08, DOC-02 [S/?]"]),
        summary_vi: "Khổ A4, phông Times New Roman; lề trên 25, dưới 25, trái 35, phải 15 mm (đối \
                     xứng ở trang mặt sau); số trang từ trang 2, giữa phía trên."
            .to_owned(),
        parameters: Parameters::DocumentFormat(DocumentFormatParams {
            paper: "A4".to_owned(),
            font_family: "Times New Roman".to_owned(),
            fallback_fonts: strings(&["Liberation Serif", "Tinos"]),
            margins: MarginsMm {
                top: 25,
                bottom: 25,
                left: 35,
                right: 15,
            },
            mirrored_back_pages: true,
            page_numbering: PageNumbering {
                from_page: 2,
                top_centre: true,
                distance_from_top_mm: None,
                size_pt: None,
            },
            font_sizes: font_sizes(),
            paragraph: None,
            number_leading_zero: true,
            date_leading_zero: true,
            signer_title_bold: true,
            summary_rule: "-----".to_owned(),
        }),
    }
}

fn hd_05_2026() -> RuleVersion {
    RuleVersion {
        area: Area::DocumentFormat,
        correction: false,
        code: "HD 05/2026".to_owned(),
        title_vi: "Hướng dẫn số 05-HD/VPTW ngày 27/5/2026 của Văn phòng Trung ương Đảng về thể \
                   thức và kỹ thuật trình bày văn bản của Đảng"
            .to_owned(),
        effective_from: dates::HD_05_2026,
        sources: strings(&["docs/rules.md: DOC-13, DOC-14"]),
        summary_vi: "Áp dụng cho văn bản đề ngày từ 27/5/2026: lề trên 20, dưới 20, trái 30, phải \
                     15 mm; số trang cỡ 14, giữa, cách mép trên 10 mm, không đánh ở trang 1; thân \
                     văn bản căn đều hai lề, lùi đầu dòng khoảng 10 mm, cách đoạn tối thiểu 6 pt, \
                     giãn dòng đúng 18–22 pt; chức vụ người ký không in đậm."
            .to_owned(),
        parameters: Parameters::DocumentFormat(DocumentFormatParams {
            paper: "A4".to_owned(),
            font_family: "Times New Roman".to_owned(),
            fallback_fonts: strings(&["Liberation Serif", "Tinos"]),
            margins: MarginsMm {
                top: 20,
                bottom: 20,
                left: 30,
                right: 15,
            },
            mirrored_back_pages: true,
            page_numbering: PageNumbering {
                from_page: 2,
                top_centre: true,
                distance_from_top_mm: Some(10),
                size_pt: Some(14),
            },
            font_sizes: font_sizes(),
            paragraph: Some(ParagraphStyle {
                first_line_indent_mm: 10,
                min_space_between_paragraphs_pt: 6,
                line_spacing_pt: SizeRange::range(18, 22),
                justified: true,
            }),
            number_leading_zero: true,
            date_leading_zero: true,
            signer_title_bold: false,
            summary_rule: "-----".to_owned(),
        }),
    }
}

// --- document types -----------------------------------------------------------------------

fn qd_66_2017() -> RuleVersion {
    use DocumentKind::*;
    RuleVersion {
        area: Area::DocumentTypes,
        correction: false,
        code: "QĐ 66/2017".to_owned(),
        title_vi: "Quy định số 66-QĐ/TW ngày 06/02/2017 của Ban Chấp hành Trung ương về thể loại, \
                   thẩm quyền ban hành và thể thức văn bản của Đảng"
            .to_owned(),
        effective_from: dates::QD_66_2017,
        sources: strings(&["docs/rules.md: DOC-18 [S/?]"]),
        summary_vi: "Chi bộ ban hành: nghị quyết, quyết định, báo cáo, kế hoạch, chương trình, đề \
                     án, tờ trình, công văn, biên bản; chưa được ban hành kết luận, thông báo, quy \
                     chế."
            .to_owned(),
        parameters: Parameters::DocumentTypes(DocumentTypesParams {
            cell_may_issue: vec![
                Resolution, Decision, Report, Plan, Programme, Project, Proposal, Letter, Minutes,
            ],
        }),
    }
}

fn qd_399_2026() -> RuleVersion {
    use DocumentKind::*;
    RuleVersion {
        area: Area::DocumentTypes,
        correction: false,
        code: "QĐ 399/2026".to_owned(),
        title_vi:
            "Quy định số 399-QĐ/TW ngày 09/01/2026 của Ban Chấp hành Trung ương về thể loại, \
                   thẩm quyền ban hành văn bản của Đảng"
                .to_owned(),
        effective_from: dates::QD_399_2026,
        sources: strings(&["docs/rules.md: DOC-09, DOC-18 [S/?] (một nguồn)"]),
        summary_vi: "Thay Quy định 66-QĐ/TW: chi bộ được ban hành thêm kết luận, thông báo, quy \
                     chế; biên bản là thể loại văn bản của Đảng đến cấp chi bộ; chi bộ không ban \
                     hành quy định, hướng dẫn, chỉ thị."
            .to_owned(),
        parameters: Parameters::DocumentTypes(DocumentTypesParams {
            cell_may_issue: vec![
                Resolution,
                Decision,
                Conclusion,
                Notice,
                Report,
                Plan,
                Programme,
                Project,
                Proposal,
                Letter,
                Minutes,
                InternalRules,
            ],
        }),
    }
}
