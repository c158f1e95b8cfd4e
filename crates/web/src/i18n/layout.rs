//! The page frame: top bar, navigation, skip link. Vietnamese and English side by side: a missing English string is a
//! compile error.

pub struct Layout {
    pub app_tagline: &'static str,
    pub nav_home: &'static str,
    pub nav_orgs: &'static str,
    pub nav_audit: &'static str,
    pub nav_logout: &'static str,
    pub skip_to_content: &'static str,
    pub back_home: &'static str,
    pub nav_calendar: &'static str,
    pub nav_rulesets: &'static str,
}

pub const VI: Layout = Layout {
    app_tagline: "Sinh hoạt chi bộ",
    nav_home: "Trang chủ",
    nav_orgs: "Tổ chức đảng",
    nav_audit: "Nhật ký",
    nav_logout: "Đăng xuất",
    skip_to_content: "Bỏ qua, đến nội dung chính",
    back_home: "Về trang chủ",
    nav_calendar: "Lịch làm việc",
    nav_rulesets: "Quy định áp dụng",
};

pub const EN: Layout = Layout {
    app_tagline: "Party cell meetings",
    nav_home: "Home",
    nav_orgs: "Organisations",
    nav_audit: "Audit log",
    nav_logout: "Log out",
    skip_to_content: "Skip to main content",
    back_home: "Back to home",
    nav_calendar: "Working-day calendar",
    nav_rulesets: "Rules in force",
};
