//! Logging in and out. Vietnamese and English side by side: a missing English string is a
//! compile error.

pub struct Auth {
    pub login_title: &'static str,
    pub login_label: &'static str,
    pub password_label: &'static str,
    pub login_button: &'static str,
    pub login_failed: &'static str,
    pub login_throttled: &'static str,
    pub session_expired: &'static str,
    pub csrf_failed: &'static str,
    pub password_title: &'static str,
    pub password_submit: &'static str,
    pub password_rule: &'static str,
    pub password_changed: &'static str,
}

pub const VI: Auth = Auth {
    login_title: "Đăng nhập",
    login_label: "Tên đăng nhập",
    password_label: "Mật khẩu",
    login_button: "Đăng nhập",
    login_failed: "Tên đăng nhập hoặc mật khẩu không đúng.",
    login_throttled:
        "Bạn đã đăng nhập sai quá nhiều lần từ nơi này. Vui lòng chờ một lát rồi thử lại.",
    session_expired: "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.",
    csrf_failed: "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và gửi lại.",
    password_title: "Đổi mật khẩu",
    password_submit: "Đổi mật khẩu",
    password_rule: "Từ 8 đến 128 ký tự",
    password_changed: "Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.",
};

pub const EN: Auth = Auth {
    login_title: "Log in",
    login_label: "Login",
    password_label: "Password",
    login_button: "Log in",
    login_failed: "Wrong login or password.",
    login_throttled: "Too many failed logins from here. Please wait a moment and try again.",
    session_expired: "Your session has expired. Please log in again.",
    csrf_failed: "The form has expired or is invalid. Please reload the page and submit again.",
    password_title: "Change password",
    password_submit: "Change password",
    password_rule: "8 to 128 characters",
    password_changed: "Your password has been changed. Your other sessions have ended.",
};
