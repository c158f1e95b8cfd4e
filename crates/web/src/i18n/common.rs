//! Shared by every feature: forms, buttons, dates. Vietnamese and English side by side: a missing English string is a
//! compile error.

pub struct Common {
    /// Precedes the list of allowed values of a choice.
    pub choose_one_of: &'static str,
    pub save: &'static str,
    pub cancel: &'static str,
    pub form_errors_title: &'static str,
    pub date_hint: &'static str,
    /// Placeholder of a time field.
    pub time_hint: &'static str,
    pub optional: &'static str,
    pub choose: &'static str,
    pub change_from: &'static str,
    pub saved: &'static str,
}

pub const VI: Common = Common {
    choose_one_of: "Chọn một trong:",
    save: "Lưu",
    cancel: "Hủy",
    form_errors_title: "Chưa lưu được. Vui lòng sửa các mục sau:",
    date_hint: "dd/mm/yyyy",
    time_hint: "hh:mm",
    optional: "không bắt buộc",
    choose: "— Chọn —",
    change_from: "Áp dụng từ ngày",
    saved: "Đã lưu.",
};

pub const EN: Common = Common {
    choose_one_of: "Choose one of:",
    save: "Save",
    cancel: "Cancel",
    form_errors_title: "Not saved. Please correct the following:",
    date_hint: "dd/mm/yyyy",
    time_hint: "hh:mm",
    optional: "optional",
    choose: "— Choose —",
    change_from: "Effective from",
    saved: "Saved.",
};
