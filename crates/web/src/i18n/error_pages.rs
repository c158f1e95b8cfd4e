//! Error pages. Vietnamese and English side by side: a missing English string is a
//! compile error.

pub struct ErrorPages {
    pub error_title: &'static str,
    pub error_not_found: &'static str,
    pub error_forbidden: &'static str,
    pub error_internal: &'static str,
    pub error_bad_request: &'static str,
}

pub const VI: ErrorPages = ErrorPages {
    error_title: "Không thực hiện được",
    error_not_found: "Không tìm thấy trang hoặc hồ sơ này.",
    error_forbidden: "Bạn không có quyền xem hoặc thực hiện thao tác này.",
    error_internal:
        "Đã có lỗi xảy ra ở máy chủ. Vui lòng thử lại; nếu vẫn lỗi, hãy báo quản trị viên.",
    error_bad_request: "Yêu cầu không hợp lệ.",
};

pub const EN: ErrorPages = ErrorPages {
    error_title: "Could not complete",
    error_not_found: "This page or record was not found.",
    error_forbidden: "You are not allowed to see or do this.",
    error_internal: "Something went wrong on the server. Please try again; if it persists, tell the administrator.",
    error_bad_request: "Bad request.",
};
