//! Profiles, party records, statuses and roles. Vietnamese and English side by side: a missing English string is a
//! compile error.

pub struct People {
    pub joined_cell_hint: &'static str,
    pub edit_person: &'static str,
    pub profile_title: &'static str,
    pub party_record: &'static str,
    pub not_a_member: &'static str,
    pub placements_title: &'static str,
    pub statuses_title: &'static str,
    pub roles_title: &'static str,
    pub add_status: &'static str,
    pub add_role: &'static str,
    pub hidden_contact: &'static str,
    /// Prefix of the stored value shown beside a field after a conflicting save.
    pub stored_now: &'static str,
    /// Before a value another save stored, taken into the form after a conflict.
    pub changed_by_other: &'static str,
}

pub const VI: People = People {
    joined_cell_hint: "dd/mm/yyyy — ngày chuyển đến; để trống nếu kết nạp tại chi bộ này",
    edit_person: "Sửa thông tin",
    profile_title: "Hồ sơ",
    party_record: "Thông tin đảng viên",
    not_a_member: "Quần chúng (chưa là đảng viên).",
    placements_title: "Quá trình sinh hoạt",
    statuses_title: "Tình trạng theo thời gian",
    roles_title: "Chức vụ trong Đảng",
    add_status: "Thêm tình trạng",
    add_role: "Thêm chức vụ",
    hidden_contact: "(ẩn)",
    stored_now: "đang lưu",
    changed_by_other: "người khác vừa đổi thành",
};

pub const EN: People = People {
    joined_cell_hint: "dd/mm/yyyy — the transfer-in date; empty if admitted in this cell",
    edit_person: "Edit",
    profile_title: "Profile",
    party_record: "Party record",
    not_a_member: "Non-member.",
    placements_title: "Cells",
    statuses_title: "Statuses over time",
    roles_title: "Party roles",
    add_status: "Add status",
    add_role: "Add role",
    hidden_contact: "(hidden)",
    stored_now: "stored now",
    changed_by_other: "changed by someone else to",
};
