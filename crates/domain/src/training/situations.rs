//! The situation bank (tình huống, TRN-02): situations a trainer injects into a running mock
//! meeting, each with the handling expected and the rules involved. The builtin ones are
//! written from the rules catalogue; trainers add their own (stored by the store, checked by
//! [`Situation::new`]).

use serde::{Deserialize, Serialize};

use crate::ruleset::MeetingKind;

/// A situation as trainers write it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawSituation")]
pub struct Situation {
    pub code: String,
    pub title_vi: String,
    /// What happens in the room.
    pub setting_vi: String,
    /// What the chair should do, and why.
    pub expected_vi: String,
    /// The rules involved (at least one).
    pub rules: Vec<String>,
    /// The agenda step where it fits best, when there is one.
    pub step: Option<String>,
    /// The kinds of meeting it can be injected into (empty: any).
    pub kinds: Vec<MeetingKind>,
}

#[derive(Deserialize)]
struct RawSituation {
    code: String,
    title_vi: String,
    setting_vi: String,
    expected_vi: String,
    rules: Vec<String>,
    step: Option<String>,
    kinds: Vec<MeetingKind>,
}

impl TryFrom<RawSituation> for Situation {
    type Error = SituationError;
    fn try_from(r: RawSituation) -> Result<Self, Self::Error> {
        Situation::new(
            &r.code,
            &r.title_vi,
            &r.setting_vi,
            &r.expected_vi,
            r.rules,
            r.step.as_deref(),
            r.kinds,
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SituationError {
    #[error("a situation needs a code, a title, a setting and the expected handling")]
    Incomplete,
    /// TRN-02: a situation names the rules it exercises.
    #[error("a situation names at least one rule")]
    NoRule,
    #[error("{0:?} is not a rule ID")]
    MalformedRule(String),
    /// TRN-02: the rules involved are rules of the catalogue the project ships.
    #[error("{0} is not in the rules catalogue")]
    UnknownRule(String),
    /// A code names the situation in the bank and in addresses: 2 to 16 letters, digits,
    /// `-` or `_`.
    #[error("{0:?} is not a situation code")]
    MalformedCode(String),
}

impl SituationError {
    pub fn code(&self) -> &'static str {
        match self {
            SituationError::Incomplete => "situation_incomplete",
            SituationError::NoRule => "situation_without_rule",
            SituationError::MalformedRule(_) => "situation_malformed_rule",
            SituationError::UnknownRule(_) => "situation_unknown_rule",
            SituationError::MalformedCode(_) => "situation_malformed_code",
        }
    }
}

/// A rule ID in the catalogue's form: a prefix in capitals, at most one group, two digits
/// ("ORG-02", "MTG-ATT-03").
pub fn is_rule_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('-').collect();
    (2..=3).contains(&parts.len())
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_uppercase()))
        && parts
            .last()
            .is_some_and(|n| n.len() == 2 && n.chars().all(|c| c.is_ascii_digit()))
}

impl Situation {
    pub fn new(
        code: &str,
        title_vi: &str,
        setting_vi: &str,
        expected_vi: &str,
        rules: Vec<String>,
        step: Option<&str>,
        kinds: Vec<MeetingKind>,
    ) -> Result<Self, SituationError> {
        let [code, title_vi, setting_vi, expected_vi] =
            [code, title_vi, setting_vi, expected_vi].map(|s| s.trim().to_string());
        if [&code, &title_vi, &setting_vi, &expected_vi]
            .iter()
            .any(|s| s.is_empty())
        {
            return Err(SituationError::Incomplete);
        }
        if !is_situation_code(&code) {
            return Err(SituationError::MalformedCode(code));
        }
        let mut rules: Vec<String> = rules.into_iter().map(|r| r.trim().to_string()).collect();
        rules.dedup();
        if rules.is_empty() {
            return Err(SituationError::NoRule);
        }
        if let Some(bad) = rules.iter().find(|r| !is_rule_id(r)) {
            return Err(SituationError::MalformedRule(bad.clone()));
        }
        if let Some(unknown) = rules.iter().find(|r| !is_known_rule(r)) {
            return Err(SituationError::UnknownRule(unknown.clone()));
        }
        Ok(Self {
            code,
            title_vi,
            setting_vi,
            expected_vi,
            rules,
            step: step
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from),
            kinds,
        })
    }

    /// Whether it can be injected into a meeting of `kind`.
    pub fn fits(&self, kind: MeetingKind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }
}

struct Builtin {
    code: &'static str,
    title: &'static str,
    setting: &'static str,
    expected: &'static str,
    rules: &'static [&'static str],
    step: Option<&'static str>,
    kinds: &'static [MeetingKind],
}

use MeetingKind::{Regular, Thematic};

const BUILTIN: &[Builtin] = &[
    Builtin {
        code: "TH01",
        title: "Đảng viên phản đối biên bản sau khi đã thông qua",
        setting: "Biên bản đã được thư ký đọc và chi bộ biểu quyết thông qua. Trước khi bế mạc, \
                  một đảng viên đứng lên nói ý kiến của mình bị ghi sai và đề nghị sửa lại biên \
                  bản.",
        expected: "Biên bản đã thông qua không được sửa. Chủ trì ghi nhận ý kiến; nếu nội dung \
                   ghi sai thật, chi bộ lập phụ lục đính chính và biểu quyết thông qua phụ lục \
                   đó. Biên bản ghi trung thực theo diễn biến, người chủ trì chịu trách nhiệm về \
                   nội dung.",
        rules: &["MTG-MIN-01", "MTG-MIN-04"],
        step: Some("C6"),
        kinds: &[],
    },
    Builtin {
        code: "TH02",
        title: "Chưa đến một nửa số đảng viên có mặt",
        setting: "Đến giờ sinh hoạt, chi bộ có 14 đảng viên chính thức được triệu tập nhưng chỉ \
                  6 người có mặt; những người vắng đều không báo lý do.",
        expected: "Không có quy định túc số cho sinh hoạt thường kỳ: vẫn có thể sinh hoạt, nhưng \
                   tỷ lệ dự thấp phải được cảnh báo và ghi vào biên bản. Nghị quyết chỉ thông qua \
                   khi quá một nửa số đảng viên làm căn cứ biểu quyết tán thành (ở đây cần ít \
                   nhất 8), nên với 6 người có mặt không thể thông qua: chi ủy cân nhắc hoãn phần \
                   biểu quyết hoặc hoãn buổi sinh hoạt, nêu rõ lý do.",
        rules: &["MTG-ATT-04", "MTG-ATT-10", "MTG-ATT-02", "MTG-ATT-03"],
        step: Some("O3"),
        kinds: &[],
    },
    Builtin {
        code: "TH03",
        title: "Đảng viên dự bị xin biểu quyết",
        setting: "Khi biểu quyết thông qua nghị quyết, một đảng viên dự bị giơ tay và nói mình \
                  đã hết 12 tháng dự bị, chỉ đang chờ quyết định công nhận chính thức.",
        expected: "Đảng viên dự bị được dự, được phát biểu nhưng không biểu quyết. Khi chưa có \
                   quyết định công nhận của cấp có thẩm quyền thì vẫn là đảng viên dự bị, chưa \
                   được biểu quyết. Chủ trì giải thích và không tính phiếu đó.",
        rules: &["MTG-ATT-01", "ADM-REC-03", "ADM-REC-05"],
        step: Some("C4"),
        kinds: &[Regular],
    },
    Builtin {
        code: "TH04",
        title: "Đại biểu cấp trên xin phát biểu trước khi kết luận",
        setting: "Đồng chí cấp ủy viên cấp trên dự buổi sinh hoạt xin phát biểu ý kiến khi chủ \
                  trì chuẩn bị kết luận.",
        expected: "Chủ trì mời đại biểu phát biểu trước phần kết luận để tiếp thu ý kiến vào kết \
                   luận. Đại biểu đã được giới thiệu ở phần khai mạc; biên bản ghi họ tên, chức \
                   vụ và nội dung phát biểu. Đại biểu không biểu quyết.",
        rules: &["MTG-ATT-05", "MTG-MIN-02", "MTG-ORD-06"],
        step: Some("C3"),
        kinds: &[],
    },
    Builtin {
        code: "TH05",
        title: "Đảng viên sinh hoạt tạm thời muốn biểu quyết",
        setting: "Một đảng viên từ chi bộ khác đến sinh hoạt tạm thời tại chi bộ, dự đầy đủ và \
                  muốn biểu quyết nghị quyết tháng.",
        expected: "Đảng viên sinh hoạt tạm thời được dự và phát biểu nhưng không tính vào số \
                   đảng viên của chi bộ nơi đến, không tính vào số làm căn cứ và không biểu quyết \
                   tại đây.",
        rules: &["MTG-ATT-12", "MTG-ATT-03"],
        step: Some("C4"),
        kinds: &[Regular],
    },
    Builtin {
        code: "TH06",
        title: "Đảng viên được miễn sinh hoạt đến dự",
        setting: "Một đảng viên đã được miễn công tác và sinh hoạt đảng vẫn đến dự buổi sinh \
                  hoạt tháng này.",
        expected: "Đảng viên được miễn sinh hoạt vẫn được dự. Khi vắng thì không tính vào số làm \
                   căn cứ biểu quyết; khi có mặt thì được tính và được biểu quyết. Chủ trì tính \
                   lại số làm căn cứ trước khi biểu quyết.",
        rules: &["MEM-EX-02", "MTG-ATT-03"],
        step: Some("O3"),
        kinds: &[],
    },
    Builtin {
        code: "TH07",
        title: "Ba đảng viên vắng đi công tác có lý do",
        setting: "Chi bộ có 20 đảng viên chính thức và 2 đảng viên dự bị. Ba đảng viên chính \
                  thức vắng cả buổi vì đi công tác; chi ủy đã xem xét lý do.",
        expected: "Nếu chi ủy chấp nhận lý do, số làm căn cứ là 17 và cần ít nhất 9 phiếu tán \
                   thành; nếu không chấp nhận, số làm căn cứ vẫn là 20 và cần ít nhất 11. Biên \
                   bản ghi tên, lý do từng người vắng và việc chi ủy có chấp nhận lý do hay không.",
        rules: &["MTG-ATT-03", "MTG-ATT-02", "MTG-ATT-07"],
        step: Some("O3"),
        kinds: &[Regular],
    },
    Builtin {
        code: "TH08",
        title: "Quên cử thư ký",
        setting: "Buổi sinh hoạt đã sang phần thông tin thời sự thì chủ trì mới phát hiện chưa cử \
                  ai ghi biên bản.",
        expected: "Cử ngay một đảng viên làm thư ký và ghi lại phần đã diễn ra. Việc cử thư ký \
                   thuộc phần khai mạc, trước khi điểm danh; biên bản do chủ trì và thư ký ký.",
        rules: &["MTG-ORD-01", "MTG-MIN-04"],
        step: Some("O2"),
        kinds: &[],
    },
    Builtin {
        code: "TH09",
        title: "Đảng viên vắng không lý do lần thứ ba trong năm",
        setting: "Khi điểm danh, thư ký cho biết một đảng viên đã vắng không lý do ở hai tháng \
                  trước trong năm và hôm nay lại vắng không báo.",
        expected: "Ghi tên người vắng không lý do vào biên bản. Bỏ sinh hoạt đảng ba tháng trong \
                   một năm không có lý do chính đáng là căn cứ để xem xét đề nghị xóa tên; chi ủy \
                   gặp đảng viên, tìm hiểu nguyên nhân trước khi chi bộ xem xét.",
        rules: &["MTG-ATT-07", "MTG-ATT-08", "MEM-DEL-01"],
        step: Some("O3"),
        kinds: &[],
    },
    Builtin {
        code: "TH10",
        title: "Quần chúng được mời muốn ở lại phần biểu quyết",
        setting: "Một số quần chúng được mời dự phần chuyên đề muốn ở lại nghe và biểu quyết \
                  nghị quyết của chi bộ.",
        expected: "Người ngoài Đảng chỉ dự những nội dung được mời (thường là phần chuyên đề), \
                   không dự phần biểu quyết và nội dung nội bộ, và không bao giờ biểu quyết. Chủ \
                   trì cảm ơn và mời họ ra trước phần biểu quyết.",
        rules: &["MTG-ATT-06", "MTG-ATT-01"],
        step: None,
        kinds: &[],
    },
    Builtin {
        code: "TH11",
        title: "Định biểu quyết đề nghị kết nạp bằng giơ tay",
        setting: "Chi bộ xem xét đề nghị kết nạp một quần chúng ưu tú; chủ trì đề nghị biểu \
                  quyết bằng giơ tay cho nhanh.",
        expected: "Đề nghị kết nạp được biểu quyết bằng phiếu kín hoặc giơ thẻ đảng viên, do chi \
                   bộ quyết định, không giơ tay. Cần ít nhất hai phần ba số đảng viên chính thức \
                   làm căn cứ tán thành.",
        rules: &["CHR-VOTE-02", "ADM-VOTE-01"],
        step: None,
        kinds: &[Regular],
    },
    Builtin {
        code: "TH12",
        title: "Kết quả biểu quyết đúng một nửa",
        setting: "Số làm căn cứ biểu quyết là 18; có 9 đảng viên tán thành nghị quyết.",
        expected: "Đúng một nửa chưa phải quá một nửa: nghị quyết không được thông qua (cần ít \
                   nhất 10). Chủ trì công bố kết quả, tiếp thu ý kiến, chỉnh sửa và đưa ra biểu \
                   quyết lại hoặc để kỳ sau.",
        rules: &["MTG-ATT-02", "MTG-ATT-03"],
        step: Some("C4"),
        kinds: &[Regular],
    },
    Builtin {
        code: "TH13",
        title: "Chỉ còn 60 phút để sinh hoạt",
        setting: "Do có việc đột xuất, bí thư đề nghị rút buổi sinh hoạt thường kỳ xuống 60 \
                  phút.",
        expected: "Thời gian sinh hoạt tối thiểu là 90 phút (120 phút nếu sinh hoạt thường kỳ \
                   và chuyên đề trong một buổi), trừ khi cấp ủy có thẩm quyền quy định khác cho \
                   chi bộ ít đảng viên. Nên bố trí lại thời gian hoặc dời buổi sinh hoạt, không \
                   cắt bớt các bước.",
        rules: &["MTG-DUR-01", "MTG-QA-05"],
        step: None,
        kinds: &[],
    },
    Builtin {
        code: "TH14",
        title: "Đề nghị họp trực tuyến vì mưa lớn",
        setting: "Trời mưa lớn, vài đảng viên đề nghị chuyển buổi sinh hoạt sang trực tuyến.",
        expected: "Sinh hoạt trực tuyến (thí điểm) chỉ được khi quá một nửa số đảng viên (không \
                   kể người được miễn sinh hoạt, bị đình chỉ) không thể dự trực tiếp vì lý do đặc \
                   biệt; lý do phải được ghi lại. Vài người gặp khó khăn thì không đủ điều kiện: \
                   dời buổi sinh hoạt hoặc vẫn họp trực tiếp.",
        rules: &["MTG-ONL-01"],
        step: None,
        kinds: &[],
    },
    Builtin {
        code: "TH15",
        title: "Lấy sinh hoạt chuyên đề thay sinh hoạt tháng",
        setting: "Tháng này chi bộ có chuyên đề; bí thư đề nghị không sinh hoạt thường kỳ nữa \
                  cho đỡ mất thời gian.",
        expected: "Sinh hoạt chuyên đề không thay thế sinh hoạt thường kỳ của tháng. Có thể tổ \
                   chức cùng một buổi, nhưng làm xong trọn vẹn phần này rồi mới sang phần kia, \
                   thời gian tối thiểu 120 phút, không lồng việc chuyên môn của cơ quan.",
        rules: &["MTG-FREQ-01", "MTG-FREQ-02", "MTG-FREQ-03", "MTG-DUR-01"],
        step: None,
        kinds: &[],
    },
    Builtin {
        code: "TH16",
        title: "Dự thảo chuyên đề chưa được duyệt",
        setting: "Đến buổi sinh hoạt chuyên đề, đảng viên được phân công mang đến bản dự thảo \
                  viết xong tối hôm trước, chi ủy chưa xem.",
        expected: "Dự thảo chuyên đề phải được chi ủy hoặc bí thư duyệt và gửi đảng viên trước \
                   buổi sinh hoạt. Nên dời chuyên đề; nơi chi bộ không tự xây dựng được dự thảo \
                   thì đề nghị cấp ủy cấp trên hướng dẫn.",
        rules: &["MTG-TH-01", "MTG-TH-06"],
        step: Some("T1"),
        kinds: &[Thematic],
    },
    Builtin {
        code: "TH17",
        title: "Bỏ phần đánh giá nghị quyết tháng trước",
        setting: "Vì thiếu thời gian, bí thư định bỏ phần đánh giá việc thực hiện nghị quyết \
                  tháng trước, chuyển thẳng sang nhiệm vụ tháng tới.",
        expected: "Đánh giá việc thực hiện nghị quyết, nhiệm vụ tháng trước là nội dung bắt buộc \
                   của sinh hoạt thường kỳ và là tiêu chí đánh giá chất lượng. Không bỏ bước; \
                   đánh giá từng nhiệm vụ: đã hoàn thành, đang thực hiện, chưa thực hiện.",
        rules: &["MTG-ORD-04", "MTG-QA-05"],
        step: Some("M2"),
        kinds: &[Regular],
    },
    Builtin {
        code: "TH18",
        title: "Đảng viên bị đình chỉ sinh hoạt, bị tạm giam",
        setting: "Khi chuẩn bị biểu quyết, thư ký hỏi có tính đảng viên đang bị đình chỉ sinh \
                  hoạt và đảng viên đang bị tạm giam vào số làm căn cứ hay không.",
        expected: "Không tính: đảng viên bị đình chỉ sinh hoạt, bị truy tố, tạm giam được trừ \
                   khỏi số làm căn cứ biểu quyết, cùng với đảng viên sinh hoạt tạm thời nơi khác, \
                   đảng viên miễn sinh hoạt vắng mặt và đảng viên chính thức vắng cả buổi có lý \
                   do được chi ủy chấp nhận.",
        rules: &["MTG-ATT-03"],
        step: Some("C4"),
        kinds: &[Regular],
    },
    Builtin {
        code: "TH19",
        title: "Phân công nhiệm vụ chung chung",
        setting: "Khi kết luận, chủ trì nêu: «Tháng tới toàn chi bộ cố gắng hoàn thành tốt nhiệm \
                  vụ», không nói ai làm, đến khi nào.",
        expected: "Mỗi nhiệm vụ phải có người thực hiện và thời hạn hoàn thành; ghi vào biên bản \
                   và nghị quyết để tháng sau đánh giá từng việc.",
        rules: &["MTG-ORD-06", "MTG-ORD-08"],
        step: Some("C2"),
        kinds: &[Regular],
    },
    Builtin {
        code: "TH20",
        title: "Tài liệu sinh hoạt đăng vào sáng ngày họp",
        setting: "Sinh hoạt theo Hướng dẫn 42-HD/BTCTW; tài liệu đến sáng ngày họp mới được đăng \
                  lên hệ thống.",
        expected: "Theo Hướng dẫn 42, tài liệu phải đến đảng viên ít nhất 01 ngày trước buổi sinh \
                   hoạt. Ghi nhận việc chậm, rút kinh nghiệm khâu chuẩn bị; theo Hướng dẫn 12 thì \
                   chỉ khuyến khích gửi trước.",
        rules: &["MTG-PREP-04", "VER-01"],
        step: None,
        kinds: &[],
    },
    Builtin {
        code: "TH21",
        title: "Thư ký ghi thêm nhận xét của mình vào biên bản",
        setting: "Khi đọc biên bản, thư ký có thêm những câu nhận xét riêng về phát biểu của một \
                  số đảng viên.",
        expected:
            "Biên bản ghi trung thực, theo trình tự diễn biến, không kèm bình luận của người \
                   ghi. Đề nghị bỏ phần nhận xét trước khi chi bộ biểu quyết thông qua.",
        rules: &["MTG-MIN-04", "MTG-MIN-01"],
        step: Some("C6"),
        kinds: &[],
    },
    Builtin {
        code: "TH22",
        title: "Đại biểu cấp trên không đồng ý mức xếp loại",
        setting: "Bí thư đề xuất xếp loại buổi sinh hoạt «Tốt», chi bộ biểu quyết tán thành; \
                  đại biểu cấp trên dự cho rằng buổi sinh hoạt chưa đủ 90 phút nên chưa thể xếp \
                  «Tốt».",
        expected: "Bí thư đề xuất, đảng viên góp ý và biểu quyết, đại biểu cấp trên dự xác nhận \
                   mức đánh giá. Chủ trì tiếp thu, đối chiếu tiêu chí (thời gian tối thiểu) và đề \
                   nghị chi bộ biểu quyết lại mức phù hợp.",
        rules: &["MTG-QA-03", "MTG-QA-07", "MTG-DUR-01"],
        step: Some("C5"),
        kinds: &[Regular],
    },
];

/// The builtin situations written from the catalogue (TRN-02).
pub fn builtin() -> Vec<Situation> {
    BUILTIN
        .iter()
        .map(|b| Situation {
            code: b.code.to_string(),
            title_vi: b.title.to_string(),
            setting_vi: b.setting.to_string(),
            expected_vi: b.expected.to_string(),
            rules: b.rules.iter().map(|r| (*r).to_string()).collect(),
            step: b.step.map(String::from),
            kinds: b.kinds.to_vec(),
        })
        .collect()
}

/// The project's rules catalogue, read at build time (nothing is read at run time).
const CATALOGUE: &str = include_str!("../../../../docs/rules.md");

/// TRN-02: whether `id` is a rule of the catalogue (`docs/rules.md`, an entry
/// `- **ID [tags]** …`).
pub fn is_known_rule(id: &str) -> bool {
    CATALOGUE
        .lines()
        .filter_map(|l| l.strip_prefix("- **"))
        .filter_map(|l| l.split_whitespace().next())
        .any(|known| known.trim_end_matches("**") == id)
}

/// A situation code as the bank and addresses use it: 2 to 16 ASCII letters, digits, `-` or
/// `_` ("TH01", "TT-MA-03").
pub fn is_situation_code(code: &str) -> bool {
    (2..=16).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// TRN-02: whether `code` is taken by a builtin situation (a trainer's situation may not
/// reuse it, so an injection's code always names one situation of the bank).
pub fn is_builtin_code(code: &str) -> bool {
    BUILTIN
        .iter()
        .any(|b| b.code.eq_ignore_ascii_case(code.trim()))
}

#[cfg(test)]
mod trainer_tests {
    use super::*;

    fn written(code: &str, rules: &[&str]) -> Result<Situation, SituationError> {
        Situation::new(
            code,
            "Đảng viên đề nghị hoãn biểu quyết",
            "Một đảng viên đề nghị hoãn biểu quyết sang kỳ sau.",
            "Chủ trì nêu quy định, xin ý kiến chi bộ và biểu quyết.",
            rules.iter().map(|r| (*r).to_string()).collect(),
            None,
            vec![],
        )
    }

    /// TRN-02: a trainer's situation has a code usable in the bank and in addresses.
    #[test]
    fn trn_02_trainer_situation_code_is_checked() {
        assert!(written("TT-01", &["MTG-ATT-03"]).is_ok());
        for bad in ["T", "TT 01", "TT/01", "ĐT01", "ABCDEFGHIJKLMNOPQ"] {
            assert_eq!(
                written(bad, &["MTG-ATT-03"]),
                Err(SituationError::MalformedCode(bad.to_string())),
                "{bad}"
            );
        }
        assert_eq!(
            written("TT-01", &["vote"]),
            Err(SituationError::MalformedRule("vote".into()))
        );
    }

    /// TRN-02: the rules a trainer names are rules of the catalogue; a well-formed ID the
    /// catalogue lacks is refused, and every builtin situation names known rules.
    #[test]
    fn trn_02_rules_named_are_in_the_catalogue() {
        assert!(is_known_rule("MTG-ATT-03") && is_known_rule("ORG-01"));
        // Spelt in two pieces: the catalogue scan of the code would take it for a rule.
        let unknown = concat!("MTG-ATT-", "99");
        assert!(!is_known_rule(unknown) && !is_known_rule("MTG-ATT"));
        assert_eq!(
            written("TT-01", &["MTG-ATT-03", unknown]),
            Err(SituationError::UnknownRule(unknown.into()))
        );
        assert!(builtin()
            .iter()
            .all(|s| s.rules.iter().all(|r| is_known_rule(r))));
    }

    /// TRN-02: builtin codes are reserved, whatever the case.
    #[test]
    fn trn_02_builtin_codes_are_reserved() {
        assert!(builtin().iter().all(|s| is_builtin_code(&s.code)));
        assert!(is_builtin_code("th01"));
        assert!(!is_builtin_code("TT-01"));
    }
}
