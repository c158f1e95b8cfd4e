//! The cell's registers as Excel workbooks (issue 10): the member list on a date, the
//! attendance register of a year (with a chart of attendance per month), the meetings of a
//! year with their quality grades, the open tasks, and a superior committee's table of the
//! cells' thematic plans (issue 11).
//!
//! Each function is pure: plain rows in, the bytes of an `.xlsx` out. Every sheet has its
//! header row frozen and filterable, Vietnamese headers, real date cells (formatted
//! `dd/mm/yyyy`, so a spreadsheet sorts and filters them as dates) and numbers as numbers.
//! Totals are computed here and written as values, never as formulas: a reader that does
//! not recalculate (a phone viewer, a script, calamine) sees the same figures as Excel.

use rust_xlsxwriter::{
    Chart, ChartType, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};
use time::Date;

use chibo_domain::training::Comparison;

use crate::model::nfc;
use crate::RenderError;

fn err(e: XlsxError) -> RenderError {
    RenderError::Xlsx(e.to_string())
}

/// A member on the member list of a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub full_name: String,
    pub birth_date: Option<Date>,
    /// "Chính thức" or "Dự bị".
    pub standing: String,
    pub admission_date: Date,
    pub official_date: Option<Date>,
    /// The day the member joined this cell.
    pub joined: Date,
    pub card_number: Option<String>,
    /// Party roles in the cell ("Bí thư", …), joined by the caller.
    pub roles: String,
    /// "Miễn sinh hoạt", "Sinh hoạt tạm thời", … or empty.
    pub status: String,
}

/// How a member attended one meeting, as the register codes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Present for the whole session: "C" (có mặt).
    Present,
    /// Present but late or left early: "M" (muộn / về sớm).
    Partial,
    /// Absent with an accepted reason: "P" (vắng có phép).
    Excused,
    /// Absent without an accepted reason: "K" (vắng không phép).
    Unexcused,
}

impl Mark {
    pub fn code(self) -> &'static str {
        match self {
            Mark::Present => "C",
            Mark::Partial => "M",
            Mark::Excused => "P",
            Mark::Unexcused => "K",
        }
    }

    fn attended(self) -> bool {
        matches!(self, Mark::Present | Mark::Partial)
    }
}

/// The legend printed under the attendance register.
pub const MARK_LEGEND: &str =
    "C: có mặt; M: đến muộn hoặc về sớm; P: vắng có lý do; K: vắng không có lý do";

/// The label of the register's totals line (attendances per month, then the year's totals).
pub const TOTAL_LABEL: &str = "Cộng (lượt có mặt)";

/// One member's line of the attendance register: the meetings they were called to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceRow {
    pub full_name: String,
    pub marks: Vec<(Date, Mark)>,
}

/// A meeting of the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRow {
    pub date: Date,
    /// "Sinh hoạt thường kỳ", …
    pub kind: String,
    /// The topic of a thematic meeting.
    pub topic: Option<String>,
    pub place: String,
    /// "Đã kết thúc", …
    pub status: String,
    /// Held (in progress or closed): only then are attendance figures written.
    pub held: bool,
    pub summoned: u32,
    pub present: u32,
    pub minutes_approved: bool,
    /// "Tốt", "Khá", "Đạt chất lượng", … once rated.
    pub grade: Option<String>,
    pub points: Option<u32>,
}

/// An open task of the cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    pub text: String,
    pub owners: String,
    /// The meeting that assigned it.
    pub assigned: Date,
    pub deadline: Date,
    /// The last review's outcome ("Đang thực hiện") or "Chưa đánh giá".
    pub progress: String,
    pub overdue: bool,
}

/// A cell of the superior's plan table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStatusRow {
    pub cell: String,
    /// A plan status code: `none`, `draft`, `submitted`, `returned`, `acknowledged`.
    pub status: String,
    /// Per quarter, the item state codes: `planned`, `scheduled`, `held`,
    /// `minutes_approved`, `missed`.
    pub quarters: [Vec<String>; 4],
}

/// The Vietnamese name of a plan status code (issue 11).
pub fn plan_status_vi(code: &str) -> &str {
    match code {
        "none" => "Chưa có kế hoạch",
        "draft" => "Dự thảo",
        "submitted" => "Đã gửi",
        "returned" => "Bị trả lại",
        "acknowledged" => "Đã ghi nhận",
        other => other,
    }
}

/// The Vietnamese name of a plan item state code (issue 11).
pub fn item_state_vi(code: &str) -> &str {
    match code {
        "planned" => "Dự kiến",
        "scheduled" => "Đã lên lịch",
        "held" => "Đã tổ chức",
        "minutes_approved" => "Đã thông qua biên bản",
        "missed" => "Không thực hiện",
        other => other,
    }
}

/// Shared formats of a workbook.
struct Styles {
    header: Format,
    date: Format,
    text: Format,
    number: Format,
    percent: Format,
    total: Format,
    total_number: Format,
}

impl Styles {
    fn new() -> Self {
        let base = Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(12);
        Self {
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Thin)
                .set_background_color(0xDDEBF7),
            date: base
                .clone()
                .set_num_format("dd/mm/yyyy")
                .set_align(FormatAlign::Center)
                .set_border(FormatBorder::Thin),
            text: base
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border(FormatBorder::Thin),
            number: base
                .clone()
                .set_align(FormatAlign::Center)
                .set_border(FormatBorder::Thin),
            percent: base
                .clone()
                .set_num_format("0%")
                .set_align(FormatAlign::Center)
                .set_border(FormatBorder::Thin),
            total: base.clone().set_bold().set_border(FormatBorder::Thin),
            total_number: base
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_border(FormatBorder::Thin),
        }
    }
}

fn excel_date(d: Date) -> Result<ExcelDateTime, RenderError> {
    let year = u16::try_from(d.year())
        .map_err(|_| RenderError::Xlsx(format!("year {} out of range", d.year())))?;
    ExcelDateTime::from_ymd(year, u8::from(d.month()), d.day()).map_err(err)
}

/// A sheet being written: its header row, then rows below it.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    styles: &'a Styles,
    columns: u16,
}

impl<'a> Sheet<'a> {
    /// Names the sheet, writes the header row (frozen, filterable), sets column widths.
    fn new(
        ws: &'a mut Worksheet,
        styles: &'a Styles,
        name: &str,
        headers: &[(&str, f64)],
    ) -> Result<Self, RenderError> {
        ws.set_name(name).map_err(err)?;
        let columns =
            u16::try_from(headers.len()).map_err(|_| RenderError::Xlsx("columns".into()))?;
        for (c, (h, w)) in (0u16..).zip(headers) {
            ws.write_string_with_format(0, c, *h, &styles.header)
                .map_err(err)?;
            ws.set_column_width(c, *w).map_err(err)?;
        }
        ws.set_row_height(0, 32).map_err(err)?;
        ws.set_freeze_panes(1, 0).map_err(err)?;
        ws.set_repeat_rows(0, 0).map_err(err)?;
        ws.set_paper_size(9); // A4
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        Ok(Self {
            ws,
            styles,
            columns,
        })
    }

    fn text(&mut self, r: u32, c: u16, s: &str) -> Result<(), RenderError> {
        self.ws
            .write_string_with_format(r, c, nfc(s), &self.styles.text)
            .map_err(err)?;
        Ok(())
    }

    fn number(&mut self, r: u32, c: u16, n: f64) -> Result<(), RenderError> {
        self.ws
            .write_number_with_format(r, c, n, &self.styles.number)
            .map_err(err)?;
        Ok(())
    }

    fn date(&mut self, r: u32, c: u16, d: Option<Date>) -> Result<(), RenderError> {
        match d {
            Some(d) => {
                self.ws
                    .write_datetime_with_format(r, c, excel_date(d)?, &self.styles.date)
                    .map_err(err)?;
            }
            None => {
                self.ws.write_blank(r, c, &self.styles.date).map_err(err)?;
            }
        }
        Ok(())
    }

    /// The autofilter over the header and `rows` data rows.
    fn filter(&mut self, rows: u32) -> Result<(), RenderError> {
        self.ws
            .autofilter(0, 0, rows.max(1), self.columns - 1)
            .map_err(err)?;
        Ok(())
    }
}

fn workbook(title: &str) -> Workbook {
    let mut wb = Workbook::new();
    let props = DocProperties::new()
        .set_title(nfc(title))
        .set_author("chibo")
        .set_company("chibo");
    wb.set_properties(&props);
    wb
}

fn row_index(i: usize) -> Result<u32, RenderError> {
    u32::try_from(i + 1).map_err(|_| RenderError::Xlsx("too many rows".into()))
}

/// (a) The member list of a cell on a date.
pub fn members(cell: &str, on: Date, rows: &[MemberRow]) -> Result<Vec<u8>, RenderError> {
    let mut wb = workbook(&format!(
        "Danh sách đảng viên {cell} ngày {}",
        crate::vi::dmy(on)
    ));
    let styles = Styles::new();
    let mut s = Sheet::new(
        wb.add_worksheet(),
        &styles,
        "Đảng viên",
        &[
            ("STT", 6.0),
            ("Họ và tên", 28.0),
            ("Ngày sinh", 12.0),
            ("Đảng viên", 12.0),
            ("Ngày vào Đảng", 14.0),
            ("Ngày chính thức", 14.0),
            ("Ngày đến chi bộ", 14.0),
            ("Số thẻ đảng viên", 16.0),
            ("Chức vụ", 18.0),
            ("Tình trạng", 18.0),
        ],
    )?;
    for (i, m) in rows.iter().enumerate() {
        let r = row_index(i)?;
        s.number(r, 0, (i + 1) as f64)?;
        s.text(r, 1, &m.full_name)?;
        s.date(r, 2, m.birth_date)?;
        s.text(r, 3, &m.standing)?;
        s.date(r, 4, Some(m.admission_date))?;
        s.date(r, 5, m.official_date)?;
        s.date(r, 6, Some(m.joined))?;
        s.text(r, 7, m.card_number.as_deref().unwrap_or(""))?;
        s.text(r, 8, &m.roles)?;
        s.text(r, 9, &m.status)?;
    }
    s.filter(rows.len() as u32)?;
    wb.save_to_buffer().map_err(err)
}

/// The figures of one month of the attendance register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MonthTotals {
    /// Attendances (present or partly present) in the month, over all meetings.
    pub attended: u32,
    /// Calls to a meeting in the month (attended or not).
    pub called: u32,
}

/// Per member: attended, excused, unexcused over the year; per month: the totals.
pub fn attendance_totals(rows: &[AttendanceRow], year: i32) -> ([u32; 3], [MonthTotals; 12]) {
    let mut all = [0u32; 3];
    let mut months = [MonthTotals::default(); 12];
    for row in rows {
        for (d, m) in row.marks.iter().filter(|(d, _)| d.year() == year) {
            let i = usize::from(u8::from(d.month()) - 1);
            months[i].called += 1;
            match m {
                m if m.attended() => {
                    months[i].attended += 1;
                    all[0] += 1;
                }
                Mark::Excused => all[1] += 1,
                _ => all[2] += 1,
            }
        }
    }
    (all, months)
}

/// (b) The attendance register of a year: one line per member, one column per month with
/// the codes of the meetings of that month ("C", "C, K"), the member's totals, a line of
/// per-month totals and a column chart of attendance per month.
pub fn attendance(cell: &str, year: i32, rows: &[AttendanceRow]) -> Result<Vec<u8>, RenderError> {
    let mut wb = workbook(&format!("Sổ theo dõi sinh hoạt {cell} năm {year}"));
    let styles = Styles::new();
    let sheet_name = format!("Năm {year}");
    let mut headers: Vec<(String, f64)> = vec![("STT".into(), 6.0), ("Họ và tên".into(), 28.0)];
    for m in 1..=12 {
        headers.push((format!("Tháng {m}"), 8.0));
    }
    headers.extend([
        ("Có mặt".into(), 9.0),
        ("Vắng có lý do".into(), 10.0),
        ("Vắng không lý do".into(), 10.0),
    ]);
    let header_refs: Vec<(&str, f64)> = headers.iter().map(|(h, w)| (h.as_str(), *w)).collect();
    let mut s = Sheet::new(wb.add_worksheet(), &styles, &sheet_name, &header_refs)?;
    for (i, row) in rows.iter().enumerate() {
        let r = row_index(i)?;
        s.number(r, 0, (i + 1) as f64)?;
        s.text(r, 1, &row.full_name)?;
        for month in 1..=12u8 {
            let codes: Vec<&str> = row
                .marks
                .iter()
                .filter(|(d, _)| d.year() == year && u8::from(d.month()) == month)
                .map(|(_, m)| m.code())
                .collect();
            let c = 1 + u16::from(month);
            s.ws.write_string_with_format(r, c, codes.join(", "), &styles.number)
                .map_err(err)?;
        }
        let (mine, _) = attendance_totals(std::slice::from_ref(row), year);
        for (k, n) in mine.iter().enumerate() {
            s.number(r, 14 + k as u16, f64::from(*n))?;
        }
    }
    let n = rows.len() as u32;
    s.filter(n)?;
    // Totals below the members, out of the filter range: attended and the rate per month.
    let (all, months) = attendance_totals(rows, year);
    let attended_row = n + 2;
    let rate_row = n + 3;
    s.ws.write_string_with_format(attended_row, 1, TOTAL_LABEL, &styles.total)
        .map_err(err)?;
    s.ws.write_string_with_format(rate_row, 1, "Tỷ lệ có mặt", &styles.total)
        .map_err(err)?;
    for (i, m) in months.iter().enumerate() {
        let c = 2 + i as u16;
        s.ws.write_number_with_format(attended_row, c, f64::from(m.attended), &styles.total_number)
            .map_err(err)?;
        if m.called > 0 {
            s.ws.write_number_with_format(
                rate_row,
                c,
                f64::from(m.attended) / f64::from(m.called),
                &styles.percent,
            )
            .map_err(err)?;
        } else {
            s.ws.write_blank(rate_row, c, &styles.percent)
                .map_err(err)?;
        }
    }
    for (k, v) in all.iter().enumerate() {
        s.ws.write_number_with_format(
            attended_row,
            14 + k as u16,
            f64::from(*v),
            &styles.total_number,
        )
        .map_err(err)?;
    }
    s.ws.write_string(rate_row + 2, 1, MARK_LEGEND)
        .map_err(err)?;

    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name("Lượt có mặt")
        .set_categories((sheet_name.as_str(), 0, 2, 0, 13))
        .set_values((sheet_name.as_str(), attended_row, 2, attended_row, 13));
    chart
        .title()
        .set_name(&format!("Số lượt đảng viên có mặt theo tháng năm {year}"));
    chart.legend().set_hidden();
    chart.y_axis().set_min(0);
    s.ws.insert_chart(rate_row + 4, 1, &chart).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

/// (c) The meetings of a year with attendance and quality grades.
pub fn meetings(cell: &str, year: i32, rows: &[MeetingRow]) -> Result<Vec<u8>, RenderError> {
    let mut wb = workbook(&format!("Các buổi sinh hoạt {cell} năm {year}"));
    let styles = Styles::new();
    let mut s = Sheet::new(
        wb.add_worksheet(),
        &styles,
        "Sinh hoạt",
        &[
            ("STT", 6.0),
            ("Ngày", 12.0),
            ("Loại sinh hoạt", 22.0),
            ("Chuyên đề", 30.0),
            ("Địa điểm", 20.0),
            ("Trạng thái", 16.0),
            ("Triệu tập", 10.0),
            ("Có mặt", 10.0),
            ("Tỷ lệ có mặt", 10.0),
            ("Biên bản đã thông qua", 12.0),
            ("Xếp loại chất lượng", 16.0),
            ("Điểm", 8.0),
        ],
    )?;
    for (i, m) in rows.iter().enumerate() {
        let r = row_index(i)?;
        s.number(r, 0, (i + 1) as f64)?;
        s.date(r, 1, Some(m.date))?;
        s.text(r, 2, &m.kind)?;
        s.text(r, 3, m.topic.as_deref().unwrap_or(""))?;
        s.text(r, 4, &m.place)?;
        s.text(r, 5, &m.status)?;
        s.number(r, 6, f64::from(m.summoned))?;
        if m.held {
            s.number(r, 7, f64::from(m.present))?;
        } else {
            s.ws.write_blank(r, 7, &styles.number).map_err(err)?;
        }
        if m.held && m.summoned > 0 {
            s.ws.write_number_with_format(
                r,
                8,
                f64::from(m.present) / f64::from(m.summoned),
                &styles.percent,
            )
            .map_err(err)?;
        } else {
            s.ws.write_blank(r, 8, &styles.percent).map_err(err)?;
        }
        s.text(r, 9, if m.minutes_approved { "Có" } else { "Chưa" })?;
        s.text(r, 10, m.grade.as_deref().unwrap_or(""))?;
        match m.points {
            Some(p) => s.number(r, 11, f64::from(p))?,
            None => {
                s.ws.write_blank(r, 11, &styles.number).map_err(err)?;
            }
        }
    }
    s.filter(rows.len() as u32)?;
    wb.save_to_buffer().map_err(err)
}

/// (d) The cell's open tasks by deadline.
pub fn tasks(cell: &str, on: Date, rows: &[TaskRow]) -> Result<Vec<u8>, RenderError> {
    let mut wb = workbook(&format!(
        "Nhiệm vụ chưa hoàn thành {cell} ngày {}",
        crate::vi::dmy(on)
    ));
    let styles = Styles::new();
    let mut s = Sheet::new(
        wb.add_worksheet(),
        &styles,
        "Nhiệm vụ",
        &[
            ("STT", 6.0),
            ("Nội dung nhiệm vụ", 48.0),
            ("Người thực hiện", 24.0),
            ("Ngày giao", 12.0),
            ("Thời hạn", 12.0),
            ("Tiến độ", 18.0),
            ("Quá hạn", 9.0),
        ],
    )?;
    for (i, t) in rows.iter().enumerate() {
        let r = row_index(i)?;
        s.number(r, 0, (i + 1) as f64)?;
        s.text(r, 1, &t.text)?;
        s.text(r, 2, &t.owners)?;
        s.date(r, 3, Some(t.assigned))?;
        s.date(r, 4, Some(t.deadline))?;
        s.text(r, 5, &t.progress)?;
        s.text(r, 6, if t.overdue { "Quá hạn" } else { "" })?;
    }
    s.filter(rows.len() as u32)?;
    wb.save_to_buffer().map_err(err)
}

/// (e) The superior's table of the cells' thematic plans for a year: each cell's plan
/// status, per quarter its items' states, and the counts of items planned, carried out
/// (minutes approved) and missed.
pub fn plan_status(
    committee: &str,
    year: i32,
    rows: &[PlanStatusRow],
) -> Result<Vec<u8>, RenderError> {
    let mut wb = workbook(&format!(
        "Kế hoạch sinh hoạt chuyên đề {committee} năm {year}"
    ));
    let styles = Styles::new();
    let mut s = Sheet::new(
        wb.add_worksheet(),
        &styles,
        "Kế hoạch chuyên đề",
        &[
            ("STT", 6.0),
            ("Chi bộ", 30.0),
            ("Tình trạng kế hoạch", 18.0),
            ("Quý I", 22.0),
            ("Quý II", 22.0),
            ("Quý III", 22.0),
            ("Quý IV", 22.0),
            ("Số chuyên đề", 10.0),
            ("Đã thực hiện", 10.0),
            ("Không thực hiện", 10.0),
        ],
    )?;
    for (i, row) in rows.iter().enumerate() {
        let r = row_index(i)?;
        s.number(r, 0, (i + 1) as f64)?;
        s.text(r, 1, &row.cell)?;
        s.text(r, 2, plan_status_vi(&row.status))?;
        for (q, states) in row.quarters.iter().enumerate() {
            let text: Vec<&str> = states.iter().map(|st| item_state_vi(st)).collect();
            s.text(r, 3 + q as u16, &text.join("; "))?;
        }
        let all = || row.quarters.iter().flatten();
        s.number(r, 7, all().count() as f64)?;
        s.number(
            r,
            8,
            all().filter(|st| st.as_str() == "minutes_approved").count() as f64,
        )?;
        s.number(
            r,
            9,
            all().filter(|st| st.as_str() == "missed").count() as f64,
        )?;
    }
    s.filter(rows.len() as u32)?;
    wb.save_to_buffer().map_err(err)
}

/// One reviewed mock meeting of a practice class (issue 13, TRN-01).
#[derive(Debug, Clone)]
pub struct MockScoreRow {
    pub group: String,
    /// The learners of the group (who chaired).
    pub learners: String,
    /// "Thường kỳ", "Chuyên đề".
    pub kind: String,
    pub date: Date,
    pub score: u32,
    pub findings: u32,
}

/// A class's results (TRN-01): scores per meeting, per learner and per group, and the
/// groups compared step by step for each kind of meeting.
#[derive(Debug, Clone)]
pub struct TrainingResults {
    pub class: String,
    pub course: String,
    pub held_on: Date,
    pub practice_date: Date,
    pub meetings: Vec<MockScoreRow>,
    /// `(learners, mean score, meetings)`.
    pub learners: Vec<(String, u32, u32)>,
    /// `(group, mean score, meetings)`.
    pub groups: Vec<(String, u32, u32)>,
    /// `(kind, comparison)` with the cells' state already in Vietnamese words.
    pub comparisons: Vec<(String, Comparison<String>, Vec<Vec<String>>)>,
}

/// What a comparison shows for step `i` of group `g`: the cell's state in words, the minutes
/// it lasted after `minutes_sep` (", " in the document, " · " in the workbook) and the codes
/// of its findings in brackets.
pub(crate) fn comparison_text(
    words: &[Vec<String>],
    i: usize,
    g: usize,
    cell: &chibo_domain::training::compare::Cell,
    minutes_sep: &str,
) -> String {
    let mut text = words
        .get(i)
        .and_then(|w| w.get(g))
        .cloned()
        .unwrap_or_default();
    if let Some(m) = cell.minutes {
        text.push_str(&format!("{minutes_sep}{m} phút"));
    }
    if !cell.findings.is_empty() {
        text.push_str(&format!(" ({})", cell.findings.join(", ")));
    }
    text
}

/// The Excel workbook of a practice class's results, every sheet marked "THỰC HÀNH".
pub fn training_results(t: &TrainingResults) -> Result<Vec<u8>, RenderError> {
    let mut wb = workbook(&format!("THỰC HÀNH — Kết quả lớp {}", t.class));
    let styles = Styles::new();
    {
        let mut s = Sheet::new(
            wb.add_worksheet(),
            &styles,
            "Điểm (THỰC HÀNH)",
            &[
                ("STT", 6.0),
                ("Tổ", 14.0),
                ("Học viên chủ trì", 26.0),
                ("Loại buổi sinh hoạt", 16.0),
                ("Ngày", 12.0),
                ("Điểm", 8.0),
                ("Số nhận xét", 10.0),
                ("Ghi chú", 14.0),
            ],
        )?;
        for (i, m) in t.meetings.iter().enumerate() {
            let r = row_index(i)?;
            s.number(r, 0, (i + 1) as f64)?;
            s.text(r, 1, &m.group)?;
            s.text(r, 2, &m.learners)?;
            s.text(r, 3, &m.kind)?;
            s.date(r, 4, Some(m.date))?;
            s.number(r, 5, f64::from(m.score))?;
            s.number(r, 6, f64::from(m.findings))?;
            s.text(r, 7, "THỰC HÀNH")?;
        }
        s.filter(t.meetings.len() as u32)?;
    }
    for (name, first, rows) in [
        ("Học viên (THỰC HÀNH)", "Học viên", &t.learners),
        ("Tổ (THỰC HÀNH)", "Tổ", &t.groups),
    ] {
        let mut s = Sheet::new(
            wb.add_worksheet(),
            &styles,
            name,
            &[
                ("STT", 6.0),
                (first, 28.0),
                ("Điểm trung bình", 12.0),
                ("Số buổi", 10.0),
            ],
        )?;
        for (i, (who, score, n)) in rows.iter().enumerate() {
            let r = row_index(i)?;
            s.number(r, 0, (i + 1) as f64)?;
            s.text(r, 1, who)?;
            s.number(r, 2, f64::from(*score))?;
            s.number(r, 3, f64::from(*n))?;
        }
        s.filter(rows.len() as u32)?;
    }
    for (kind, c, words) in &t.comparisons {
        let mut headers: Vec<(&str, f64)> = vec![("Bước", 8.0), ("Nội dung", 34.0)];
        for g in &c.groups {
            headers.push((g.as_str(), 18.0));
        }
        let sheet_name: String = format!("So sánh {kind}").chars().take(31).collect();
        let mut s = Sheet::new(wb.add_worksheet(), &styles, &sheet_name, &headers)?;
        for (i, row) in c.rows.iter().enumerate() {
            let r = row_index(i)?;
            s.text(r, 0, &row.code)?;
            s.text(r, 1, &row.title_vi)?;
            for (g, cell) in row.cells.iter().enumerate() {
                let text = comparison_text(words, i, g, cell, " · ");
                s.text(r, 2 + g as u16, &text)?;
            }
        }
        let r = row_index(c.rows.len())?;
        s.ws.write_string_with_format(r, 0, "Điểm", &styles.total)
            .map_err(err)?;
        s.ws.write_string_with_format(r, 1, "THỰC HÀNH", &styles.total)
            .map_err(err)?;
        for (g, score) in c.scores.iter().enumerate() {
            s.ws.write_number_with_format(r, 2 + g as u16, f64::from(*score), &styles.total_number)
                .map_err(err)?;
        }
    }
    wb.save_to_buffer().map_err(err)
}
