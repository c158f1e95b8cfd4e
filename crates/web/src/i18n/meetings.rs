//! Meetings (issue 8): the cell's meeting list, the meeting page, the chair's live screen,
//! the members' view and the projector. Vietnamese and English side by side: a missing
//! English string is a compile error; the code tables are checked by a test below.

type Table = &'static [(&'static str, &'static str)];

pub struct Meetings {
    pub section_title: &'static str,
    pub year_prev: &'static str,
    pub year_next: &'static str,
    pub none_in_year: &'static str,
    pub col_date: &'static str,
    pub col_kind: &'static str,
    pub col_status: &'static str,
    pub col_place: &'static str,
    pub open: &'static str,
    pub plan_title: &'static str,
    pub plan_submit: &'static str,
    pub meeting_title: &'static str,
    pub time: &'static str,
    pub status: &'static str,
    pub status_reason: &'static str,
    pub actions_title: &'static str,
    pub reason_hint: &'static str,
    pub agenda_title: &'static str,
    pub roster_title: &'static str,
    pub roster_not_summoned: &'static str,
    pub may_not_vote: &'static str,
    pub contributions_title: &'static str,
    pub tasks_title: &'static str,
    pub votes_title: &'static str,
    pub none_yet: &'static str,
    pub links_title: &'static str,
    pub link_live: &'static str,
    pub link_view: &'static str,
    pub link_projector: &'static str,
    pub link_meeting: &'static str,
    pub late_at: &'static str,
    pub left_at: &'static str,
    pub owners: &'static str,
    pub deadline: &'static str,
    pub step_of: &'static str,
    pub guest: &'static str,
    pub comrade: &'static str,
    // The vote.
    pub votes_for: &'static str,
    pub against: &'static str,
    pub abstain: &'static str,
    pub denominator: &'static str,
    pub summoned: &'static str,
    pub excluded: &'static str,
    pub excluded_none: &'static str,
    pub passed: &'static str,
    pub not_passed: &'static str,
    pub needs_for: &'static str,
    pub needs_none: &'static str,
    pub will_be_written: &'static str,
    pub votes_unit: &'static str,
    pub voters_present: &'static str,
    /// Short labels of the roll-call counts on the boards.
    pub count_summoned: &'static str,
    pub count_voters: &'static str,
    pub last_vote: &'static str,
    pub no_vote: &'static str,
    // The live screen.
    pub live_title: &'static str,
    pub view_title: &'static str,
    pub projector_title: &'static str,
    pub current_step: &'static str,
    pub next_step: &'static str,
    pub no_step: &'static str,
    pub rules: &'static str,
    pub clock: &'static str,
    pub clock_not_started: &'static str,
    pub clock_minimum: &'static str,
    pub clock_minutes: &'static str,
    pub roll_call_title: &'static str,
    pub roll_call_hint: &'static str,
    pub reason_or_late: &'static str,
    pub save: &'static str,
    pub contribution_title: &'static str,
    pub speaker: &'static str,
    pub speaker_guest: &'static str,
    pub add_contribution: &'static str,
    pub task_title: &'static str,
    pub add_task: &'static str,
    pub vote_title: &'static str,
    pub record_vote: &'static str,
    pub counts_contributions: &'static str,
    pub counts_tasks: &'static str,
    pub live_on: &'static str,
    pub live_off: &'static str,
    pub read_only: &'static str,
    pub recorded: &'static str,
    pub form_error: &'static str,
    pub statuses: Table,
    pub transitions: Table,
    pub step_states: Table,
    pub presences: Table,
    pub vote_kinds: Table,
    pub exclusions: Table,
}

fn find(table: Table, code: &str) -> &'static str {
    table
        .iter()
        .find(|(k, _)| *k == code)
        .map(|(_, v)| *v)
        .unwrap_or("?")
}

impl Meetings {
    pub fn status(&self, code: &str) -> &'static str {
        find(self.statuses, code)
    }
    pub fn transition(&self, code: &str) -> &'static str {
        find(self.transitions, code)
    }
    pub fn step_state(&self, code: &str) -> &'static str {
        find(self.step_states, code)
    }
    pub fn presence(&self, code: &str) -> &'static str {
        find(self.presences, code)
    }
    pub fn vote_kind(&self, code: &str) -> &'static str {
        find(self.vote_kinds, code)
    }
    pub fn exclusion(&self, code: &str) -> &'static str {
        find(self.exclusions, code)
    }
}

pub const VI: Meetings = Meetings {
    section_title: "Sinh hoạt chi bộ",
    year_prev: "Năm trước",
    year_next: "Năm sau",
    none_in_year: "Chưa có buổi sinh hoạt nào trong năm này.",
    col_date: "Ngày",
    col_kind: "Loại",
    col_status: "Trạng thái",
    col_place: "Địa điểm",
    open: "Mở",
    plan_title: "Lên lịch buổi sinh hoạt",
    plan_submit: "Tạo buổi sinh hoạt",
    meeting_title: "Buổi sinh hoạt",
    time: "Giờ bắt đầu dự kiến",
    status: "Trạng thái",
    status_reason: "Lý do",
    actions_title: "Chuyển trạng thái",
    reason_hint: "Hoãn, hủy hoặc mở lại cuộc họp cần ghi lý do.",
    agenda_title: "Chương trình",
    roster_title: "Điểm danh",
    roster_not_summoned: "không thuộc diện triệu tập",
    may_not_vote: "không biểu quyết",
    contributions_title: "Ý kiến phát biểu",
    tasks_title: "Nhiệm vụ được giao",
    votes_title: "Biểu quyết",
    none_yet: "Chưa có.",
    links_title: "Màn hình",
    link_live: "Điều hành trực tiếp",
    link_view: "Theo dõi trên điện thoại",
    link_projector: "Màn chiếu",
    link_meeting: "Trang buổi sinh hoạt",
    late_at: "đến muộn lúc",
    left_at: "về sớm lúc",
    owners: "Người thực hiện",
    deadline: "Thời hạn",
    step_of: "Bước",
    guest: "khách mời",
    comrade: "đồng chí",
    votes_for: "Tán thành",
    against: "Không tán thành",
    abstain: "Không biểu quyết",
    denominator: "Mẫu số",
    summoned: "Đảng viên được triệu tập",
    excluded: "Không tính vào mẫu số (MTG-ATT-03)",
    excluded_none: "Không có ai được trừ khỏi mẫu số.",
    passed: "Thông qua",
    not_passed: "Không thông qua",
    needs_for: "Cần ít nhất số phiếu tán thành",
    needs_none: "Không đủ đảng viên để thông qua",
    will_be_written: "Kết quả sẽ ghi",
    votes_unit: "phiếu",
    voters_present: "Đảng viên chính thức có mặt được biểu quyết",
    count_summoned: "Triệu tập",
    count_voters: "Được biểu quyết",
    last_vote: "Kết quả biểu quyết gần nhất",
    no_vote: "Chưa có biểu quyết.",
    live_title: "Điều hành buổi sinh hoạt",
    view_title: "Theo dõi buổi sinh hoạt",
    projector_title: "Màn chiếu buổi sinh hoạt",
    current_step: "Đang thực hiện",
    next_step: "Bước tiếp theo",
    no_step: "Chưa có bước nào đang thực hiện.",
    rules: "Căn cứ",
    clock: "Thời gian họp",
    clock_not_started: "chưa bắt đầu",
    clock_minimum: "tối thiểu",
    clock_minutes: "phút",
    roll_call_title: "Điểm danh",
    roll_call_hint: "Chạm để ghi: có mặt, vắng có lý do (ghi lý do), vắng không lý do. Đến muộn: ghi giờ rồi chạm «Có mặt».",
    reason_or_late: "Lý do vắng / giờ đến muộn",
    save: "Lưu",
    contribution_title: "Ghi ý kiến phát biểu",
    speaker: "Người phát biểu",
    speaker_guest: "Hoặc tên khách mời (người ngoài danh sách)",
    add_contribution: "Ghi ý kiến",
    task_title: "Giao nhiệm vụ",
    add_task: "Giao nhiệm vụ",
    vote_title: "Biểu quyết",
    record_vote: "Ghi kết quả biểu quyết",
    counts_contributions: "ý kiến",
    counts_tasks: "nhiệm vụ",
    live_on: "Đang cập nhật trực tiếp",
    live_off: "Mất kết nối — đang thử kết nối lại…",
    read_only: "Chỉ xem: thư ký, bí thư hoặc chi ủy viên ghi nội dung cuộc họp.",
    recorded: "Đã ghi.",
    form_error: "Chưa ghi được — xem lỗi bên dưới.",
    statuses: &[
        ("planned", "Dự kiến"),
        ("notified", "Đã thông báo"),
        ("in_progress", "Đang họp"),
        ("closed", "Đã kết thúc"),
        ("postponed", "Đã hoãn"),
        ("cancelled", "Đã hủy"),
    ],
    transitions: &[
        ("notify", "Đã thông báo cho đảng viên"),
        ("start", "Bắt đầu họp"),
        ("close", "Kết thúc cuộc họp"),
        ("postpone", "Hoãn"),
        ("reschedule", "Lên lịch lại"),
        ("cancel", "Hủy"),
        ("reopen", "Mở lại"),
    ],
    step_states: &[
        ("pending", "Chưa thực hiện"),
        ("running", "Đang thực hiện"),
        ("done", "Đã xong"),
        ("not_applicable", "Không áp dụng"),
    ],
    presences: &[
        ("present", "Có mặt"),
        ("absent_excused", "Vắng có lý do"),
        ("absent_unexcused", "Vắng không lý do"),
        ("not_called", "Chưa điểm danh"),
    ],
    vote_kinds: &[
        ("resolution", "Nghị quyết, kết luận của chi bộ (quá nửa)"),
        ("admission", "Đề nghị kết nạp đảng viên (ít nhất 2/3)"),
        ("recognition", "Công nhận đảng viên chính thức (ít nhất 2/3)"),
        ("committee_resolution", "Nghị quyết của chi ủy (quá nửa)"),
        ("delegated_admission_decision", "Quyết định kết nạp được ủy quyền (ít nhất 2/3)"),
    ],
    exclusions: &[
        ("temporary_transfer_elsewhere", "đi sinh hoạt tạm thời nơi khác"),
        ("exempted_absent", "được miễn công tác và sinh hoạt đảng, vắng mặt"),
        ("suspended", "bị đình chỉ sinh hoạt đảng"),
        ("prosecuted_or_detained", "bị khởi tố, truy tố, tạm giam"),
        ("absent_with_accepted_reason", "vắng mặt cả buổi có lý do được chi ủy chấp nhận"),
    ],
};

pub const EN: Meetings = Meetings {
    section_title: "Cell meetings",
    year_prev: "Previous year",
    year_next: "Next year",
    none_in_year: "No meetings in this year yet.",
    col_date: "Date",
    col_kind: "Kind",
    col_status: "Status",
    col_place: "Place",
    open: "Open",
    plan_title: "Plan a meeting",
    plan_submit: "Create the meeting",
    meeting_title: "Meeting",
    time: "Planned start",
    status: "Status",
    status_reason: "Reason",
    actions_title: "Change the status",
    reason_hint: "Postponing, cancelling or re-opening a meeting needs a reason.",
    agenda_title: "Agenda",
    roster_title: "Roll call",
    roster_not_summoned: "not summoned",
    may_not_vote: "does not vote",
    contributions_title: "Contributions",
    tasks_title: "Tasks assigned",
    votes_title: "Votes",
    none_yet: "None yet.",
    links_title: "Screens",
    link_live: "Chair the meeting live",
    link_view: "Follow on a phone",
    link_projector: "Projector",
    link_meeting: "Meeting page",
    late_at: "arrived late at",
    left_at: "left early at",
    owners: "Owners",
    deadline: "Deadline",
    step_of: "Step",
    guest: "guest",
    comrade: "comrade",
    votes_for: "For",
    against: "Against",
    abstain: "Abstained",
    denominator: "Denominator",
    summoned: "Members summoned",
    excluded: "Left out of the denominator (MTG-ATT-03)",
    excluded_none: "Nobody is left out of the denominator.",
    passed: "Passed",
    not_passed: "Not passed",
    needs_for: "Votes in favour needed at least",
    needs_none: "Too few members to pass",
    will_be_written: "Will be recorded as",
    votes_unit: "votes",
    voters_present: "Official members present who may vote",
    count_summoned: "Summoned",
    count_voters: "May vote",
    last_vote: "Last vote",
    no_vote: "No vote yet.",
    live_title: "Chair the meeting",
    view_title: "Follow the meeting",
    projector_title: "Meeting projector",
    current_step: "Now",
    next_step: "Next step",
    no_step: "No step is being held.",
    rules: "Rules",
    clock: "Meeting time",
    clock_not_started: "not started",
    clock_minimum: "minimum",
    clock_minutes: "min",
    roll_call_title: "Roll call",
    roll_call_hint: "Tap to record: present, absent with a reason (write it), absent without a reason. Late: type the time, then tap “Present”.",
    reason_or_late: "Reason for absence / time of late arrival",
    save: "Save",
    contribution_title: "Record a contribution",
    speaker: "Speaker",
    speaker_guest: "Or a guest's name (not on the roster)",
    add_contribution: "Record",
    task_title: "Assign a task",
    add_task: "Assign",
    vote_title: "Vote",
    record_vote: "Record the vote",
    counts_contributions: "contributions",
    counts_tasks: "tasks",
    live_on: "Updating live",
    live_off: "Connection lost — reconnecting…",
    read_only: "Read only: the minute-taker, secretary or committee record the meeting.",
    recorded: "Recorded.",
    form_error: "Not recorded — see the error below.",
    statuses: &[
        ("planned", "Planned"),
        ("notified", "Notified"),
        ("in_progress", "In progress"),
        ("closed", "Closed"),
        ("postponed", "Postponed"),
        ("cancelled", "Cancelled"),
    ],
    transitions: &[
        ("notify", "Members notified"),
        ("start", "Start the meeting"),
        ("close", "Close the meeting"),
        ("postpone", "Postpone"),
        ("reschedule", "Plan again"),
        ("cancel", "Cancel"),
        ("reopen", "Re-open"),
    ],
    step_states: &[
        ("pending", "Not held yet"),
        ("running", "In progress"),
        ("done", "Done"),
        ("not_applicable", "Not applicable"),
    ],
    presences: &[
        ("present", "Present"),
        ("absent_excused", "Absent, excused"),
        ("absent_unexcused", "Absent, no reason"),
        ("not_called", "Not called yet"),
    ],
    vote_kinds: &[
        ("resolution", "Resolution or conclusion of the cell (more than half)"),
        ("admission", "Proposal to admit a member (at least 2/3)"),
        ("recognition", "Recognition as an official member (at least 2/3)"),
        ("committee_resolution", "Resolution of the cell committee (more than half)"),
        ("delegated_admission_decision", "Admission decided under delegation (at least 2/3)"),
    ],
    exclusions: &[
        ("temporary_transfer_elsewhere", "on temporary transfer to another cell"),
        ("exempted_absent", "exempted from party work and activities, absent"),
        ("suspended", "suspended from party activities"),
        ("prosecuted_or_detained", "prosecuted, indicted or detained"),
        ("absent_with_accepted_reason", "absent for the whole meeting with a reason the committee accepted"),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use chibo_domain::meeting::MeetingStatus;
    use chibo_domain::ruleset::{DenominatorExclusion, VoteKind};

    fn code<T: serde::Serialize>(v: T) -> String {
        serde_json::to_value(v)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Both languages name every status, step state, presence, vote kind and exclusion.
    #[test]
    fn every_code_has_a_label_in_both_languages() {
        for m in [&VI, &EN] {
            for s in MeetingStatus::ALL {
                assert_ne!(m.status(s.code()), "?", "{}", s.code());
            }
            for k in VoteKind::ALL {
                assert_ne!(m.vote_kind(&code(k)), "?", "{}", code(k));
            }
            for e in DenominatorExclusion::ALL {
                assert_ne!(m.exclusion(&code(e)), "?", "{}", code(e));
            }
            for s in ["pending", "running", "done", "not_applicable"] {
                assert_ne!(m.step_state(s), "?");
            }
            for t in [
                "notify",
                "start",
                "close",
                "postpone",
                "reschedule",
                "cancel",
                "reopen",
            ] {
                assert_ne!(m.transition(t), "?");
            }
        }
        for (a, b) in [
            (VI.statuses, EN.statuses),
            (VI.transitions, EN.transitions),
            (VI.step_states, EN.step_states),
            (VI.presences, EN.presences),
            (VI.vote_kinds, EN.vote_kinds),
            (VI.exclusions, EN.exclusions),
        ] {
            let ka: Vec<&str> = a.iter().map(|(k, _)| *k).collect();
            let kb: Vec<&str> = b.iter().map(|(k, _)| *k).collect();
            assert_eq!(ka, kb);
        }
    }
}
