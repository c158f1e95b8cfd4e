//! The cell's registers as Excel workbooks (issue 10) and the superior's table of thematic
//! plans (issue 11): the rows are gathered from the record here, laid out by
//! `chibo_render::xlsx` (pure).
//!
//! A register "of a year" is read on the year's last day, or on `today` for the current
//! year (the member list and the open tasks are as they stand on that date).

use chibo_domain::meeting::quality::Outcome;
use chibo_domain::meeting::roll_call::Presence;
use chibo_domain::meeting::MeetingStatus;
use chibo_domain::member::{PartyRole, Standing, StatusKind};
use chibo_domain::{OrgId, PersonId};
use chibo_render::xlsx::{
    self, AttendanceRow, Mark, MeetingRow, MemberRow, PlanStatusRow, TaskRow,
};
use chibo_store::Store;
use time::Date;

use crate::documents::{render_error, safe_filename, Rendered};
use crate::error::AppError;

/// The content type of an `.xlsx` workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Which register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Register {
    Members,
    Attendance,
    Meetings,
    Tasks,
}

impl Register {
    pub const ALL: [Register; 4] = [Self::Members, Self::Attendance, Self::Meetings, Self::Tasks];

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == raw.trim())
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Members => "members",
            Self::Attendance => "attendance",
            Self::Meetings => "meetings",
            Self::Tasks => "tasks",
        }
    }

    /// The file's name stem.
    pub fn title_vi(self) -> &'static str {
        match self {
            Self::Members => "Danh sách đảng viên",
            Self::Attendance => "Sổ theo dõi sinh hoạt",
            Self::Meetings => "Các buổi sinh hoạt",
            Self::Tasks => "Nhiệm vụ chưa hoàn thành",
        }
    }
}

/// The day a register of `year` is read on: `today` in the current year, else the year's
/// last day (a future year: its first day).
pub fn reading_date(year: i32, today: Date) -> Result<Date, AppError> {
    let bad = || AppError::Invalid(vec![crate::error::FieldError::new("year", "malformed")]);
    if year == today.year() {
        return Ok(today);
    }
    if year < today.year() {
        Date::from_calendar_date(year, time::Month::December, 31).map_err(|_| bad())
    } else {
        Date::from_calendar_date(year, time::Month::January, 1).map_err(|_| bad())
    }
}

fn standing_vi(s: Standing) -> &'static str {
    match s {
        Standing::Official => "Chính thức",
        Standing::Probationary => "Dự bị",
    }
}

fn role_vi(r: PartyRole) -> &'static str {
    match r {
        PartyRole::Secretary => "Bí thư",
        PartyRole::DeputySecretary => "Phó Bí thư",
        PartyRole::CommitteeMember => "Chi ủy viên",
        PartyRole::GroupLeader => "Tổ trưởng tổ đảng",
        PartyRole::GroupDeputy => "Tổ phó tổ đảng",
    }
}

fn status_vi(s: StatusKind) -> &'static str {
    match s {
        StatusKind::Exempted => "Miễn công tác và sinh hoạt đảng",
        StatusKind::TemporarilyAway => "Sinh hoạt tạm thời nơi khác",
        StatusKind::Suspended => "Đình chỉ sinh hoạt đảng",
        StatusKind::Prosecuted => "Bị khởi tố, truy tố, tạm giam",
        StatusKind::Transferred => "Đã chuyển sinh hoạt đảng chính thức",
        StatusKind::Removed => "Đã xóa tên",
        StatusKind::Died => "Đã từ trần",
        StatusKind::Expelled => "Bị khai trừ khỏi Đảng",
        StatusKind::LeftParty => "Xin ra khỏi Đảng",
    }
}

/// The Vietnamese name of a meeting's status.
pub fn meeting_status_vi(s: MeetingStatus) -> &'static str {
    match s {
        MeetingStatus::Planned => "Dự kiến",
        MeetingStatus::Notified => "Đã thông báo",
        MeetingStatus::InProgress => "Đang họp",
        MeetingStatus::Closed => "Đã kết thúc",
        MeetingStatus::Postponed => "Hoãn",
        MeetingStatus::Cancelled => "Hủy",
    }
}

fn mark_of(p: &Presence) -> Mark {
    match p {
        Presence::Present {
            arrived_late: None,
            left_early: None,
        } => Mark::Present,
        Presence::Present { .. } => Mark::Partial,
        Presence::Absent { accepted: true, .. } => Mark::Excused,
        Presence::Absent { .. } => Mark::Unexcused,
    }
}

fn cell_name(tree: &chibo_domain::org::OrgTree, org: OrgId, on: Date) -> Result<String, AppError> {
    tree.version_on(org, on)
        .map(|v| v.name.as_str().to_owned())
        .ok_or(AppError::NotFound("org"))
}

/// The rows of the member list of `org` on `on`: home members then attached ones.
pub async fn member_rows(store: &Store, org: OrgId, on: Date) -> Result<Vec<MemberRow>, AppError> {
    let view = crate::people::cell_view(store, org, on).await?;
    Ok(view
        .members
        .iter()
        .chain(view.attached.iter())
        .map(|m| MemberRow {
            full_name: m.person.full_name.as_str().to_owned(),
            birth_date: m.person.birth_date,
            standing: standing_vi(m.standing).to_owned(),
            admission_date: m.admission_date,
            official_date: m.official_date,
            joined: m.joined,
            card_number: m.card_number.clone(),
            roles: m
                .roles
                .iter()
                .map(|r| role_vi(*r))
                .collect::<Vec<_>>()
                .join(", "),
            status: match (m.status, m.placement) {
                (Some(s), _) => status_vi(s).to_owned(),
                (None, chibo_domain::member::PlacementKind::Attached) => {
                    "Sinh hoạt tạm thời".to_owned()
                }
                (None, _) => String::new(),
            },
        })
        .collect())
}

/// The attendance register of a year: every person called to a meeting held (closed) in
/// the year, in the order of the rosters, with how they attended each.
pub async fn attendance_rows(
    store: &Store,
    org: OrgId,
    year: i32,
) -> Result<Vec<AttendanceRow>, AppError> {
    let mut order: Vec<PersonId> = Vec::new();
    let mut rows: std::collections::HashMap<PersonId, AttendanceRow> = Default::default();
    for m in crate::meetings::list(store, org, year).await? {
        if m.status != MeetingStatus::Closed {
            continue;
        }
        let view = crate::meetings::show(store, m.id).await?;
        for r in &view.roster {
            let Some(p) = &r.attendance else { continue };
            let row = rows.entry(r.person).or_insert_with(|| {
                order.push(r.person);
                AttendanceRow {
                    full_name: r.full_name.clone(),
                    marks: Vec::new(),
                }
            });
            row.marks.push((m.date, mark_of(p)));
        }
    }
    Ok(order.iter().filter_map(|p| rows.remove(p)).collect())
}

/// The meetings of a year with attendance and quality rating.
pub async fn meeting_rows(
    store: &Store,
    org: OrgId,
    year: i32,
) -> Result<Vec<MeetingRow>, AppError> {
    let approved: std::collections::HashSet<_> = store
        .minutes_book(org, year)
        .await?
        .into_iter()
        .map(|e| e.meeting)
        .collect();
    let mut out = Vec::new();
    for m in crate::meetings::list(store, org, year).await? {
        let view = crate::meetings::show(store, m.id).await?;
        let (grade, points) = match view.meeting.quality.as_ref().map(|q| &q.outcome) {
            Some(Outcome::Points { total, grade, .. }) => {
                (Some(grade.label_vi().to_owned()), Some(*total))
            }
            Some(Outcome::PassFail { met: true, .. }) => (Some("Đạt chất lượng".to_owned()), None),
            Some(Outcome::PassFail { met: false, .. }) => {
                (Some("Không đạt chất lượng".to_owned()), None)
            }
            None => (None, None),
        };
        out.push(MeetingRow {
            date: m.date,
            kind: m.kind.label_vi().to_owned(),
            topic: view.meeting.thematic.topic.clone(),
            place: m.place.clone(),
            status: meeting_status_vi(m.status).to_owned(),
            held: matches!(m.status, MeetingStatus::Closed | MeetingStatus::InProgress),
            summoned: view.evidence.summoned,
            present: view.evidence.present,
            minutes_approved: approved.contains(&m.id),
            grade,
            points,
        });
    }
    Ok(out)
}

/// The cell's open tasks on `today`.
pub async fn task_rows(store: &Store, org: OrgId, today: Date) -> Result<Vec<TaskRow>, AppError> {
    Ok(crate::meetings::open_tasks(store, org, None, today)
        .await?
        .into_iter()
        .map(|t| TaskRow {
            text: t.task.task.task.text.clone(),
            owners: t.owner_names.join(", "),
            assigned: t.task.meeting_date,
            deadline: t.task.task.task.deadline,
            progress: match t.task.reviews.last().map(|r| r.review.progress.code()) {
                Some("done") => "Đã hoàn thành",
                Some("in_progress") => "Đang thực hiện",
                Some(_) => "Chưa hoàn thành",
                None => "Chưa đánh giá",
            }
            .to_owned(),
            overdue: t.overdue,
        })
        .collect())
}

/// A register of `org` for `year` as an `.xlsx` workbook.
pub async fn render(
    store: &Store,
    org: OrgId,
    register: Register,
    year: i32,
    today: Date,
) -> Result<Rendered, AppError> {
    let on = reading_date(year, today)?;
    let tree = store.org_tree().await?;
    let cell = cell_name(&tree, org, on)?;
    let bytes = match register {
        Register::Members => xlsx::members(&cell, on, &member_rows(store, org, on).await?),
        Register::Attendance => {
            xlsx::attendance(&cell, year, &attendance_rows(store, org, year).await?)
        }
        Register::Meetings => xlsx::meetings(&cell, year, &meeting_rows(store, org, year).await?),
        Register::Tasks => xlsx::tasks(&cell, on, &task_rows(store, org, on).await?),
    }
    .map_err(render_error)?;
    let stem = match register {
        Register::Members | Register::Tasks => format!(
            "{} {} {}",
            register.title_vi(),
            cell,
            chibo_render::vi::dmy(on).replace('/', "-")
        ),
        _ => format!("{} {} {year}", register.title_vi(), cell),
    };
    Ok(Rendered {
        bytes,
        content_type: XLSX,
        filename: safe_filename(&stem, "xlsx"),
        number: None,
    })
}

/// The superior's view of a year's thematic plans (`plans::under`) as an `.xlsx` table.
pub async fn plan_status(
    store: &Store,
    committee: OrgId,
    year: i32,
    today: Date,
) -> Result<Rendered, AppError> {
    let tree = store.org_tree().await?;
    let name = cell_name(&tree, committee, today)?;
    let rows: Vec<PlanStatusRow> = crate::plans::under(store, committee, year, today)
        .await?
        .into_iter()
        .map(|c| PlanStatusRow {
            cell: c.cell_name,
            status: c.status,
            quarters: c
                .quarters
                .map(|q| q.iter().map(|s| item_state_code(*s).to_owned()).collect()),
        })
        .collect();
    let bytes = xlsx::plan_status(&name, year, &rows).map_err(render_error)?;
    Ok(Rendered {
        bytes,
        content_type: XLSX,
        filename: safe_filename(&format!("Kế hoạch chuyên đề {name} {year}"), "xlsx"),
        number: None,
    })
}

fn item_state_code(s: chibo_domain::plan::ItemState) -> &'static str {
    use chibo_domain::plan::ItemState as S;
    match s {
        S::Planned => "planned",
        S::Scheduled => "scheduled",
        S::Held => "held",
        S::MinutesApproved => "minutes_approved",
        S::Missed => "missed",
    }
}
