//! The rule sets page. Vietnamese and English side by side: a missing English string is a
//! compile error.

pub struct Rules {
    pub rulesets_title: &'static str,
    pub rulesets_intro: &'static str,
    pub rulesets_in_force: &'static str,
    pub rulesets_current: &'static str,
    pub col_effective: &'static str,
    pub col_sources: &'static str,
    pub agenda_title: &'static str,
    pub agenda_optional: &'static str,
    pub add_version_title: &'static str,
    pub add_version_hint: &'static str,
    pub add_version_area: &'static str,
    pub add_version_effective: &'static str,
    pub add_version_json: &'static str,
    pub add_version_submit: &'static str,
}

pub const VI: Rules = Rules {
    rulesets_title: "Quy định áp dụng theo thời gian",
    rulesets_intro: "Mỗi lĩnh vực có các văn bản nối tiếp nhau; một cuộc họp, một lần biểu quyết hay một thời hạn được xét theo văn bản có hiệu lực vào ngày của nó.",
    rulesets_in_force: "Văn bản có hiệu lực ngày",
    rulesets_current: "đang áp dụng",
    col_effective: "hiệu lực từ",
    col_sources: "Nguồn",
    agenda_title: "Trình tự sinh hoạt theo quy định ngày",
    agenda_optional: "không bắt buộc",
    add_version_title: "Thêm văn bản mới có hiệu lực trong tương lai",
    add_version_hint: "Chọn lĩnh vực để lấy nội dung của văn bản đang áp dụng, sửa mã văn bản, tên, tóm tắt, nguồn và các tham số, rồi nhập ngày bắt đầu hiệu lực (sau hôm nay). Hồ sơ cũ vẫn được xét theo văn bản của ngày đó. Để đính chính ngày hiệu lực của một văn bản đã có (ví dụ khi ngày hiệu lực chính thức khác ngày đã ghi), giữ nguyên mã, lĩnh vực và tham số, thêm \"correction\": true và nhập ngày đúng; việc đính chính được ghi nhật ký.",
    add_version_area: "Lĩnh vực",
    add_version_effective: "Hiệu lực từ ngày",
    add_version_json: "Nội dung văn bản (JSON)",
    add_version_submit: "Thêm văn bản",
};

pub const EN: Rules = Rules {
    rulesets_title: "Rules in force over time",
    rulesets_intro: "Each area has successive documents; a meeting, a vote or a deadline is judged by the document in force on its own date.",
    rulesets_in_force: "Documents in force on",
    rulesets_current: "in force",
    col_effective: "effective from",
    col_sources: "Sources",
    agenda_title: "Meeting agendas under the rules of",
    agenda_optional: "optional",
    add_version_title: "Add a new version taking effect in the future",
    add_version_hint: "Choose an area to start from the version in force, change its code, title, summary, sources and parameters, and enter the first day it applies (after today). Earlier records keep being judged by the rules of their own date. To correct the effective date of an existing version (when the official date differs), keep its code, area and parameters, add \"correction\": true and enter the right date; the correction is audited.",
    add_version_area: "Area",
    add_version_effective: "Effective from",
    add_version_json: "The version (JSON)",
    add_version_submit: "Add the version",
};
