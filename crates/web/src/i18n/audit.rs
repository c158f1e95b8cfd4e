//! The audit log. Vietnamese and English side by side: a missing English string is a
//! compile error.

pub struct Audit {
    pub audit_title: &'static str,
    pub audit_when: &'static str,
    pub audit_who: &'static str,
    pub audit_what: &'static str,
    pub audit_filter: &'static str,
    pub audit_clear: &'static str,
    pub audit_older: &'static str,
    pub audit_empty: &'static str,
    /// Who acts when no user does (the CLI, the demo loader).
    pub audit_system: &'static str,
}

pub const VI: Audit = Audit {
    audit_title: "Nhật ký thay đổi",
    audit_when: "Thời điểm",
    audit_who: "Người thực hiện",
    audit_what: "Nội dung",
    audit_filter: "Lọc",
    audit_clear: "Bỏ lọc",
    audit_older: "Xem các thay đổi cũ hơn",
    audit_empty: "Chưa có thay đổi nào.",
    audit_system: "Hệ thống",
};

pub const EN: Audit = Audit {
    audit_title: "Audit log",
    audit_when: "When",
    audit_who: "Who",
    audit_what: "What",
    audit_filter: "Filter",
    audit_clear: "Clear filter",
    audit_older: "Older changes",
    audit_empty: "No changes yet.",
    audit_system: "System",
};
