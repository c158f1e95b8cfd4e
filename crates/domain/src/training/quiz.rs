//! The quiz on the rules catalogue for "good secretary" contests (TRN-02): questions tied to
//! a rule ID, with choices, the correct answer, and the rule's content in Vietnamese shown
//! after answering; scoring of a set of answers.

use serde::{Deserialize, Serialize};

/// One question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Question {
    pub code: &'static str,
    /// The rule it tests (an ID of `docs/rules.md`).
    pub rule: &'static str,
    pub prompt_vi: &'static str,
    pub choices: &'static [&'static str],
    /// Index of the correct choice.
    pub answer: usize,
    /// What the rule says, shown after answering.
    pub rule_vi: &'static str,
}

impl Question {
    pub fn is_correct(&self, choice: usize) -> bool {
        choice == self.answer
    }
}

/// One answer given: the question's code and the index chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub question: String,
    pub choice: usize,
}

/// What one answer earned, with the rule to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Marked {
    pub question: &'static Question,
    pub choice: usize,
    pub correct: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuizResult {
    pub marked: Vec<Marked>,
    pub correct: u32,
    pub asked: u32,
    /// Correct answers out of 100, rounded half up (0 when nothing was asked).
    pub percent: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuizError {
    #[error("no question {0}")]
    UnknownQuestion(String),
    #[error("question {question} has no choice {choice}")]
    NoSuchChoice { question: String, choice: usize },
    #[error("question {0} answered twice")]
    AnsweredTwice(String),
}

impl QuizError {
    pub fn code(&self) -> &'static str {
        match self {
            QuizError::UnknownQuestion(_) => "quiz_unknown_question",
            QuizError::NoSuchChoice { .. } => "quiz_no_such_choice",
            QuizError::AnsweredTwice(_) => "quiz_answered_twice",
        }
    }
}

pub fn question(code: &str) -> Option<&'static Question> {
    QUESTIONS.iter().find(|q| q.code == code)
}

/// TRN-02: marks `answers`; refuses an unknown question, a choice out of range or a question
/// answered twice. Questions not answered are not counted as asked.
pub fn score(answers: &[Answer]) -> Result<QuizResult, QuizError> {
    let mut marked: Vec<Marked> = Vec::with_capacity(answers.len());
    for a in answers {
        let q =
            question(&a.question).ok_or_else(|| QuizError::UnknownQuestion(a.question.clone()))?;
        if a.choice >= q.choices.len() {
            return Err(QuizError::NoSuchChoice {
                question: a.question.clone(),
                choice: a.choice,
            });
        }
        if marked.iter().any(|m| m.question.code == q.code) {
            return Err(QuizError::AnsweredTwice(a.question.clone()));
        }
        marked.push(Marked {
            question: q,
            choice: a.choice,
            correct: q.is_correct(a.choice),
        });
    }
    let asked = u32::try_from(marked.len()).unwrap_or(u32::MAX);
    let correct = u32::try_from(marked.iter().filter(|m| m.correct).count()).unwrap_or(u32::MAX);
    let percent = if asked == 0 {
        0
    } else {
        (200 * correct + asked) / (2 * asked)
    };
    Ok(QuizResult {
        marked,
        correct,
        asked,
        percent,
    })
}

macro_rules! q {
    ($code:literal, $rule:literal, $prompt:literal, [$($c:literal),+ $(,)?], $answer:literal, $text:literal) => {
        Question {
            code: $code,
            rule: $rule,
            prompt_vi: $prompt,
            choices: &[$($c),+],
            answer: $answer,
            rule_vi: $text,
        }
    };
}

/// The builtin questions (TRN-02), written from the rules catalogue.
pub const QUESTIONS: &[Question] = &[
    q!("Q01", "MTG-FREQ-01", "Chi bộ sinh hoạt thường kỳ bao lâu một lần?",
       ["Mỗi tuần một lần", "Mỗi tháng một lần", "Mỗi quý một lần", "Sáu tháng một lần"], 1,
       "Điều lệ Đảng (Điều 24.2): chi bộ sinh hoạt thường kỳ mỗi tháng một lần."),
    q!("Q02", "MTG-FREQ-02", "Sinh hoạt chuyên đề được tổ chức ít nhất bao lâu một lần?",
       ["Mỗi tháng một lần", "Mỗi quý một lần", "Mỗi năm một lần", "Khi cấp trên yêu cầu"], 1,
       "Sinh hoạt chuyên đề ít nhất mỗi quý một lần và không thay thế sinh hoạt thường kỳ của tháng."),
    q!("Q03", "MTG-FREQ-02", "Sinh hoạt chuyên đề có thay thế được sinh hoạt thường kỳ của tháng không?",
       ["Có, nếu cùng tháng", "Có, nếu cấp trên đồng ý", "Không"], 2,
       "Sinh hoạt chuyên đề không thay thế sinh hoạt thường kỳ của tháng (Hướng dẫn 12-HD/BTCTW)."),
    q!("Q04", "MTG-FREQ-03", "Khi tổ chức sinh hoạt thường kỳ và chuyên đề trong cùng một buổi, cần làm thế nào?",
       ["Xen kẽ hai nội dung cho tiết kiệm thời gian",
        "Làm trọn vẹn nội dung này rồi mới sang nội dung kia, không lồng việc chuyên môn",
        "Chỉ cần ghi một biên bản chung, không cần biểu quyết"], 1,
       "Hai nội dung có thể chung một buổi, làm xong hẳn phần này rồi sang phần kia; không lồng họp chuyên môn của cơ quan."),
    q!("Q05", "MTG-DUR-01", "Thời gian tối thiểu của một buổi sinh hoạt chi bộ thường kỳ là bao nhiêu?",
       ["60 phút", "90 phút", "120 phút", "Không quy định"], 1,
       "Tối thiểu 90 phút; 120 phút nếu sinh hoạt thường kỳ kết hợp chuyên đề trong một buổi. Cấp ủy có thẩm quyền có thể quy định khác cho chi bộ ít đảng viên."),
    q!("Q06", "MTG-DUR-01", "Buổi sinh hoạt kết hợp thường kỳ và chuyên đề cần ít nhất bao lâu?",
       ["90 phút", "100 phút", "120 phút", "150 phút"], 2,
       "Tối thiểu 120 phút cho buổi sinh hoạt kết hợp thường kỳ và chuyên đề."),
    q!("Q07", "MTG-ORD-01", "Thứ tự đúng của phần khai mạc sinh hoạt thường kỳ là gì?",
       ["Điểm danh → cử thư ký → tuyên bố lý do → thông qua chương trình",
        "Tuyên bố lý do, giới thiệu đại biểu → cử thư ký → thông báo số đảng viên có mặt, vắng → thông qua chương trình",
        "Thông qua chương trình → tuyên bố lý do → điểm danh → cử thư ký"], 1,
       "Khai mạc theo thứ tự: nêu mục đích, giới thiệu đại biểu; cử thư ký; thông báo có mặt, vắng có lý do, vắng không lý do (ghi tên); thông qua chương trình."),
    q!("Q08", "MTG-ORD-01", "Khi điểm danh, người vắng mặt được thông báo như thế nào?",
       ["Chỉ nêu tổng số người vắng", "Nêu từng người vắng, có lý do hay không lý do",
        "Không cần thông báo nếu đã báo chi ủy"], 1,
       "Thông báo số có mặt, vắng có lý do, vắng không lý do, kèm tên từng người vắng."),
    q!("Q09", "MTG-ORD-02", "Theo Hướng dẫn 42-HD/BTCTW, phần khai mạc có thêm nội dung nào?",
       ["Hát Quốc ca", "Thông báo tình hình thu, nộp đảng phí", "Đọc lại nghị quyết kỳ trước"], 1,
       "Hướng dẫn 42/2025 bổ sung vào phần khai mạc việc thông báo tình hình đóng đảng phí."),
    q!("Q10", "MTG-ORD-04", "Nội dung nào thuộc phần chính của sinh hoạt thường kỳ?",
       ["Thông tin thời sự; đánh giá nhiệm vụ tháng trước; nhiệm vụ tháng tới",
        "Chỉ phổ biến văn bản cấp trên", "Chỉ bầu cử chi ủy"], 0,
       "Nội dung: thông tin thời sự, chính sách và văn bản cấp trên; đánh giá nhiệm vụ, nghị quyết tháng trước; nhiệm vụ tháng tới; các nội dung khác."),
    q!("Q11", "MTG-ORD-03", "Trong phần thảo luận, vai trò của bí thư là gì?",
       ["Phát biểu thay đảng viên", "Định hướng thảo luận", "Không tham gia"], 1,
       "Bí thư trình bày nội dung chi ủy chuẩn bị, gợi ý thảo luận; đảng viên phát biểu, tự phê bình, góp ý; bí thư định hướng thảo luận."),
    q!("Q12", "MTG-ORD-06", "Biên bản sinh hoạt chi bộ được đọc và thông qua khi nào?",
       ["Trong buổi sinh hoạt, trước khi bế mạc", "Tại buổi sinh hoạt tháng sau",
        "Khi chi ủy họp sau buổi sinh hoạt"], 0,
       "Biên bản được đọc và thông qua trước khi bế mạc buổi sinh hoạt."),
    q!("Q13", "MTG-ORD-08", "Theo Hướng dẫn 42-HD/BTCTW, bước cuối cùng của phần kết thúc là gì?",
       ["Chấm điểm chất lượng buổi sinh hoạt", "Thư ký đọc biên bản để chi bộ thông qua",
        "Phân công nhiệm vụ"], 1,
       "Thứ tự kết thúc (HD 42): tổng hợp ý kiến; phân công nhiệm vụ có thời hạn; định hướng tư tưởng, trả lời kiến nghị; kết luận, thông qua nghị quyết; đánh giá chất lượng; thư ký đọc biên bản để thông qua."),
    q!("Q14", "MTG-ORD-06", "Khi phân công nhiệm vụ tháng tới, cần ghi những gì?",
       ["Chỉ nội dung nhiệm vụ", "Nội dung, người thực hiện và thời hạn", "Chỉ tên người thực hiện"], 1,
       "Phân công nhiệm vụ có người thực hiện và thời hạn."),
    q!("Q15", "MTG-PREP-01", "Theo Hướng dẫn 42-HD/BTCTW, ai được bí thư phân công chuẩn bị nội dung, dự thảo nghị quyết?",
       ["Thư ký buổi sinh hoạt", "Phó bí thư hoặc chi ủy viên", "Đảng viên trẻ nhất"], 1,
       "Bí thư phân công phó bí thư hoặc chi ủy viên chuẩn bị (theo HD 12/2018: bí thư hoặc phó bí thư chuẩn bị)."),
    q!("Q16", "MTG-PREP-02", "Trước buổi sinh hoạt, chi ủy (hoặc bí thư, phó bí thư) cần làm gì?",
       ["Không cần làm gì", "Họp thống nhất nội dung, đánh giá tháng trước, dự kiến tháng tới",
        "Gửi kết quả biểu quyết trước cho đảng viên"], 1,
       "Chi ủy (nơi không có chi ủy: bí thư và phó bí thư) họp trước để thống nhất nội dung, đánh giá tháng trước, dự kiến tháng tới, chọn vấn đề thảo luận, biểu quyết."),
    q!("Q17", "MTG-PREP-03", "Thông báo thời gian, địa điểm, nội dung sinh hoạt được gửi cho ai?",
       ["Chỉ chi ủy viên", "Từng đảng viên và cấp ủy viên cấp trên phụ trách chi bộ",
        "Chỉ đảng viên chính thức"], 1,
       "Thời gian, địa điểm, nội dung được gửi đến mọi đảng viên và cấp ủy viên cấp trên được phân công theo dõi chi bộ."),
    q!("Q18", "MTG-PREP-04", "Theo Hướng dẫn 42-HD/BTCTW, tài liệu sinh hoạt phải đến đảng viên trước ít nhất bao lâu?",
       ["01 ngày", "03 ngày", "07 ngày", "Không quy định"], 0,
       "Tài liệu được đăng tải trên ứng dụng Sổ tay đảng viên điện tử ít nhất 01 ngày trước khi sinh hoạt."),
    q!("Q19", "MTG-PREP-05", "Theo Hướng dẫn 42-HD/BTCTW, trong bao lâu sau buổi sinh hoạt bí thư ký nghị quyết và đăng tài liệu chính thức?",
       ["Ngay trong buổi", "Trong 02 ngày", "Trong 15 ngày"], 1,
       "Bí thư ký nghị quyết, đăng tài liệu chính thức và báo cáo cấp trên trong 02 ngày sau buổi sinh hoạt."),
    q!("Q20", "MTG-ATT-01", "Đảng viên dự bị có quyền gì tại buổi sinh hoạt chi bộ?",
       ["Dự, phát biểu và biểu quyết", "Dự, phát biểu nhưng không biểu quyết", "Chỉ được dự, không phát biểu"], 1,
       "Chỉ đảng viên chính thức biểu quyết; đảng viên dự bị dự, phát biểu nhưng không biểu quyết, không ứng cử, bầu cử (Điều lệ Điều 3)."),
    q!("Q21", "MTG-ATT-02", "Một nghị quyết của chi bộ được thông qua khi nào?",
       ["Đúng một nửa số làm căn cứ tán thành", "Quá một nửa số làm căn cứ tán thành",
        "Hai phần ba số có mặt tán thành"], 1,
       "Nghị quyết được thông qua khi quá một nửa số đảng viên làm căn cứ tán thành (Điều lệ Điều 9.5)."),
    q!("Q22", "MTG-ATT-02", "Số làm căn cứ biểu quyết là 18. Cần ít nhất bao nhiêu phiếu tán thành để thông qua nghị quyết?",
       ["9", "10", "12"], 1,
       "Quá một nửa: 9/18 là đúng một nửa, chưa đủ; cần 10."),
    q!("Q23", "MTG-ATT-03", "Chi bộ có 20 đảng viên chính thức, 3 người vắng cả buổi đi công tác, chi ủy chấp nhận lý do. Số làm căn cứ biểu quyết là bao nhiêu?",
       ["20", "17", "22"], 1,
       "Đảng viên chính thức vắng cả buổi có lý do được chi ủy chấp nhận không tính vào số làm căn cứ: 20 − 3 = 17."),
    q!("Q24", "MTG-ATT-03", "Đảng viên được miễn sinh hoạt đến dự buổi sinh hoạt. Người đó có được tính vào số làm căn cứ không?",
       ["Có, vì đã dự", "Không bao giờ", "Chỉ khi chi ủy đồng ý"], 0,
       "Đảng viên miễn sinh hoạt vắng mặt thì không tính; nếu đến dự thì được tính."),
    q!("Q25", "MTG-ATT-03", "Trường hợp nào KHÔNG được trừ khỏi số làm căn cứ biểu quyết?",
       ["Đảng viên đang sinh hoạt tạm thời ở nơi khác", "Đảng viên bị đình chỉ sinh hoạt",
        "Đảng viên chính thức vắng không lý do", "Đảng viên đang bị tạm giam"], 2,
       "Được trừ: sinh hoạt tạm thời nơi khác; miễn sinh hoạt vắng mặt; bị đình chỉ; bị truy tố, tạm giam; vắng cả buổi có lý do được chấp nhận. Vắng không lý do vẫn tính."),
    q!("Q26", "MTG-ATT-12", "Đảng viên đến sinh hoạt tạm thời tại chi bộ có được biểu quyết tại đó không?",
       ["Có", "Không, chỉ dự và phát biểu", "Chỉ khi sinh hoạt trên 6 tháng"], 1,
       "Đảng viên sinh hoạt tạm thời dự, phát biểu nhưng không tính vào số đảng viên, số làm căn cứ và không biểu quyết ở chi bộ nơi đến."),
    q!("Q27", "MTG-ATT-05", "Biên bản ghi đại biểu dự như thế nào?",
       ["Chỉ ghi số lượng đại biểu", "Ghi họ tên từng đại biểu, kể cả đại biểu cấp trên",
        "Không cần ghi đại biểu"], 1,
       "Đại biểu, kể cả đại biểu cấp trên, được ghi họ tên vào biên bản."),
    q!("Q28", "MTG-ATT-07", "Biên bản phải ghi gì về người vắng mặt?",
       ["Chỉ số người vắng", "Số người vắng, tên và lý do từng người", "Không cần ghi"], 1,
       "Biên bản ghi số vắng, tên và lý do từng người."),
    q!("Q29", "MTG-ATT-08", "Bỏ sinh hoạt đảng bao nhiêu tháng trong một năm không có lý do chính đáng thì là căn cứ xem xét xóa tên?",
       ["2 tháng", "3 tháng", "6 tháng"], 1,
       "Bỏ sinh hoạt đảng (hoặc không đóng đảng phí) 3 tháng trong năm không có lý do chính đáng là căn cứ đề nghị xóa tên."),
    q!("Q30", "MTG-ATT-04", "Chi bộ có ít hơn một nửa đảng viên có mặt thì sao?",
       ["Bắt buộc phải hoãn", "Không có quy định túc số: vẫn sinh hoạt được, cần lưu ý tỷ lệ dự thấp",
        "Buổi sinh hoạt tự động vô hiệu"], 1,
       "Chưa thấy quy định túc số cho sinh hoạt thường kỳ: chỉ cảnh báo khi tỷ lệ dự thấp, không ngăn buổi sinh hoạt."),
    q!("Q31", "MTG-ATT-06", "Quần chúng được mời dự sinh hoạt chuyên đề có được biểu quyết không?",
       ["Có", "Không bao giờ", "Chỉ khi chi bộ đồng ý"], 1,
       "Người ngoài Đảng chỉ dự những nội dung được mời, không dự phần biểu quyết, nội dung nội bộ và không bao giờ biểu quyết."),
    q!("Q32", "CHR-VOTE-02", "Biểu quyết đề nghị kết nạp đảng viên được thực hiện bằng hình thức nào?",
       ["Giơ tay", "Phiếu kín hoặc giơ thẻ đảng viên, do chi bộ quyết định", "Chỉ bằng phiếu kín"], 1,
       "Đề nghị kết nạp, công nhận chính thức, xóa tên: biểu quyết bằng phiếu kín hoặc giơ thẻ đảng viên do hội nghị quyết định; các nghị quyết khác thường giơ tay."),
    q!("Q33", "ADM-VOTE-01", "Nghị quyết đề nghị kết nạp cần bao nhiêu đảng viên chính thức tán thành?",
       ["Quá một nửa", "Ít nhất hai phần ba", "Tất cả"], 1,
       "Nghị quyết đề nghị kết nạp cần ít nhất 2/3 số đảng viên chính thức (số làm căn cứ) tán thành."),
    q!("Q34", "MTG-ATT-11", "Trong cuộc họp chi ủy, số làm căn cứ biểu quyết là gì?",
       ["Tổng số đảng viên chi bộ", "Tổng số chi ủy viên đương nhiệm", "Số chi ủy viên có mặt"], 1,
       "Họp chi ủy: số làm căn cứ là toàn bộ chi ủy viên đương nhiệm."),
    q!("Q35", "MTG-TH-01", "Dự thảo chuyên đề cần được ai duyệt trước buổi sinh hoạt?",
       ["Người viết tự duyệt", "Chi ủy hoặc bí thư", "Đảng viên lớn tuổi nhất"], 1,
       "Chi bộ phân công đảng viên viết dự thảo; chi ủy hoặc bí thư duyệt; dự thảo gửi đảng viên trước buổi sinh hoạt."),
    q!("Q36", "MTG-TH-02", "Bước đầu tiên trong phần chính của sinh hoạt chuyên đề là gì?",
       ["Thảo luận", "Bí thư nêu mục đích, yêu cầu", "Biểu quyết chuyên đề"], 1,
       "Thứ tự: bí thư nêu mục đích, yêu cầu; người được phân công trình bày dự thảo; thảo luận, liên hệ; người trình bày tiếp thu, hoàn chỉnh."),
    q!("Q37", "MTG-TH-04", "Nội dung nào là một nhóm chủ đề sinh hoạt chuyên đề theo Hướng dẫn 12-HD/BTCTW?",
       ["Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "Tổng kết thi đua thể thao", "Bầu cử tổ trưởng dân phố"], 0,
       "Các nhóm chủ đề gồm: học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; lý luận chính trị, chuyên môn; thực hiện chủ trương, chính sách; phòng chống suy thoái; xây dựng Đảng; phòng chống tham nhũng, lãng phí, tiêu cực; khác."),
    q!("Q38", "MTG-MIN-01", "Biên bản sinh hoạt chi bộ được lưu giữ thế nào?",
       ["Lưu 5 năm", "Lưu vĩnh viễn trong sổ biên bản của chi bộ", "Hủy sau khi có nghị quyết"], 1,
       "Mọi buổi sinh hoạt đều có biên bản, đọc và thông qua trước khi bế mạc và lưu vĩnh viễn trong sổ biên bản của chi bộ."),
    q!("Q39", "MTG-MIN-04", "Ai ký biên bản sinh hoạt chi bộ?",
       ["Chỉ bí thư", "Chủ trì và thư ký", "Tất cả đảng viên có mặt"], 1,
       "Biên bản ghi trung thực, theo trình tự, không kèm bình luận của người ghi; chủ trì và thư ký ký; chủ trì chịu trách nhiệm về nội dung."),
    q!("Q40", "MTG-MIN-03", "Biên bản ghi tình hình đảng viên của chi bộ gồm những gì?",
       ["Chỉ tổng số đảng viên",
        "Tổng số; chính thức; dự bị; sinh hoạt tạm thời nơi đến; miễn sinh hoạt; sinh hoạt tạm thời nơi khác",
        "Chỉ số đảng viên có mặt"], 1,
       "Biên bản ghi: tổng số; chính thức; dự bị; sinh hoạt tạm thời từ nơi khác đến; miễn sinh hoạt; đi sinh hoạt tạm thời nơi khác; và có mặt, vắng có, không lý do theo tên."),
    q!("Q41", "MTG-QA-01", "Chất lượng sinh hoạt chi bộ được xếp thành mấy mức?",
       ["Hai mức: Đạt, Không đạt", "Bốn mức: Tốt, Khá, Trung bình, Kém", "Năm mức"], 1,
       "Bốn mức: Tốt, Khá, Trung bình, Kém; mỗi buổi sinh hoạt thường kỳ đều được đánh giá và ghi vào biên bản."),
    q!("Q42", "MTG-QA-05", "Theo khung của Hướng dẫn 12-HD/BTCTW, tỷ lệ đảng viên dự để sinh hoạt đạt chất lượng là bao nhiêu?",
       ["Trên 70 %", "Trên 85 %", "100 %"], 1,
       "Tham dự trên 85 %, không có đảng viên vắng không lý do; chuẩn bị chu đáo; đúng quy trình, đủ nội dung; ít nhất 90 phút; đúng nguyên tắc; thực hiện nghị quyết kỳ trước."),
    q!("Q43", "MTG-QA-07", "Ai đề xuất mức xếp loại chất lượng buổi sinh hoạt?",
       ["Đại biểu cấp trên", "Bí thư, trong phần kết luận; chi bộ biểu quyết", "Thư ký"], 1,
       "Bí thư đề xuất mức đánh giá trong phần kết luận và chi bộ biểu quyết."),
    q!("Q44", "MTG-QA-03", "Khi có đại biểu cấp trên dự, ai xác nhận mức đánh giá chất lượng?",
       ["Thư ký", "Đại biểu cấp trên dự", "Đảng viên lớn tuổi nhất"], 1,
       "Chi ủy đề xuất điểm, đảng viên góp ý và biểu quyết, đại biểu cấp trên dự xác nhận."),
    q!("Q45", "MTG-ONL-01", "Khi nào chi bộ được sinh hoạt trực tuyến (thí điểm)?",
       ["Khi bí thư bận", "Khi quá một nửa đảng viên không thể dự trực tiếp vì lý do đặc biệt",
        "Bất cứ khi nào chi bộ muốn"], 1,
       "Chỉ khi quá một nửa đảng viên (không kể người miễn sinh hoạt, bị đình chỉ) không thể dự trực tiếp vì lý do đặc biệt; lý do được ghi lại."),
    q!("Q46", "ORG-02", "Chi bộ cần có ít nhất bao nhiêu đảng viên chính thức?",
       ["2", "3", "5"], 1,
       "Chi bộ cần ít nhất 3 đảng viên chính thức; dưới mức đó cấp trên bổ sung hoặc sáp nhập (Điều lệ Điều 24.1)."),
    q!("Q47", "ORG-03", "Chi bộ có từ bao nhiêu đảng viên chính thức trở lên thì bầu chi ủy?",
       ["5", "9", "15"], 1,
       "Chi bộ dưới 9 đảng viên chính thức bầu bí thư (và phó bí thư nếu cần); từ 9 trở lên bầu chi ủy (Điều lệ Điều 24.4)."),
    q!("Q48", "VER-01", "Một buổi sinh hoạt năm 2020 được đánh giá theo hướng dẫn nào?",
       ["Hướng dẫn đang có hiệu lực hôm nay", "Hướng dẫn có hiệu lực vào ngày của buổi sinh hoạt (HD 12/2018)",
        "Tùy người đánh giá"], 1,
       "Buổi sinh hoạt, cuộc biểu quyết, thời hạn được đánh giá theo bộ quy định có hiệu lực vào chính ngày của nó."),
];
