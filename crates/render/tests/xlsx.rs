//! The registers as Excel workbooks, read back with calamine (values AND types: dates are
//! dates, numbers are numbers, text is text), their XML checked for the frozen header and
//! the chart, and LibreOffice converting them (skipped with a note where it is absent, like
//! the DOCX readers in `documents.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Read, Write};
use std::path::PathBuf;
use std::process::Command;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use chibo_render::xlsx::{
    self, AttendanceRow, Mark, MeetingRow, MemberRow, PlanStatusRow, TaskRow,
};
use time::macros::date;
use time::Date;

fn sheet(bytes: &[u8]) -> (String, calamine::Range<Data>) {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    (name, range)
}

fn cell(r: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    r.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn text(r: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match cell(r, row, col) {
        Data::String(s) => s,
        other => panic!("({row},{col}) is not text: {other:?}"),
    }
}

fn number(r: &calamine::Range<Data>, row: u32, col: u32) -> f64 {
    match cell(r, row, col) {
        Data::Float(f) => f,
        Data::Int(i) => i as f64,
        other => panic!("({row},{col}) is not a number: {other:?}"),
    }
}

/// A date cell: calamine reports it as a date (the number format is a date format), and
/// the serial is the day we wrote.
fn a_date(r: &calamine::Range<Data>, row: u32, col: u32) -> Date {
    match cell(r, row, col) {
        Data::DateTime(dt) => {
            assert!(dt.is_datetime(), "({row},{col}) is a duration");
            let serial = dt.as_f64();
            date!(1899 - 12 - 30) + time::Duration::days(serial as i64)
        }
        other => panic!("({row},{col}) is not a date: {other:?}"),
    }
}

/// The XML of a part of the package.
fn part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut f = z.by_name(name).unwrap();
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

fn assert_frozen_header(bytes: &[u8]) {
    let xml = part(bytes, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains(r#"ySplit="1""#) && xml.contains(r#"state="frozen""#),
        "header row not frozen: {xml}"
    );
    assert!(xml.contains("<autoFilter"), "no filter on the header");
    // Computed values only: no formula anywhere.
    assert!(!xml.contains("<f>"), "a formula in the sheet");
}

fn members() -> Vec<MemberRow> {
    vec![
        MemberRow {
            full_name: "Nguyễn Văn An".into(),
            birth_date: Some(date!(1960 - 03 - 14)),
            standing: "Chính thức".into(),
            admission_date: date!(1985 - 05 - 19),
            official_date: Some(date!(1986 - 05 - 19)),
            joined: date!(2010 - 01 - 04),
            card_number: Some("62.001234".into()),
            roles: "Bí thư".into(),
            status: String::new(),
        },
        MemberRow {
            // Decomposed Vietnamese (NFD) is written pre-composed.
            full_name: "Tra\u{302}\u{300}n Thi\u{323} Bi\u{300}nh".into(),
            birth_date: None,
            standing: "Dự bị".into(),
            admission_date: date!(2026 - 02 - 03),
            official_date: None,
            joined: date!(2026 - 02 - 20),
            card_number: None,
            roles: String::new(),
            status: "Miễn sinh hoạt".into(),
        },
    ]
}

#[test]
fn member_list_reads_back_with_dates_and_numbers() {
    let bytes = xlsx::members("Chi bộ Tổ dân phố số 3", date!(2026 - 11 - 29), &members()).unwrap();
    assert_frozen_header(&bytes);
    let (name, r) = sheet(&bytes);
    assert_eq!(name, "Đảng viên");
    assert_eq!(text(&r, 0, 1), "Họ và tên");
    assert_eq!(text(&r, 0, 4), "Ngày vào Đảng");
    assert_eq!(number(&r, 1, 0), 1.0);
    assert_eq!(text(&r, 1, 1), "Nguyễn Văn An");
    assert_eq!(a_date(&r, 1, 2), date!(1960 - 03 - 14));
    assert_eq!(a_date(&r, 1, 4), date!(1985 - 05 - 19));
    assert_eq!(a_date(&r, 1, 6), date!(2010 - 01 - 04));
    assert_eq!(text(&r, 1, 7), "62.001234");
    assert_eq!(text(&r, 2, 1), "Trần Thị Bình");
    assert_eq!(cell(&r, 2, 2), Data::Empty, "no birth date: an empty cell");
    assert_eq!(cell(&r, 2, 5), Data::Empty);
    assert_eq!(text(&r, 2, 9), "Miễn sinh hoạt");
    assert_eq!(number(&r, 2, 0), 2.0);
}

fn attendance_rows() -> Vec<AttendanceRow> {
    vec![
        AttendanceRow {
            full_name: "Nguyễn Văn An".into(),
            marks: vec![
                (date!(2026 - 01 - 05), Mark::Present),
                (date!(2026 - 01 - 20), Mark::Partial),
                (date!(2026 - 02 - 05), Mark::Unexcused),
                (date!(2026 - 03 - 05), Mark::Present),
            ],
        },
        AttendanceRow {
            full_name: "Lê Thị Cúc".into(),
            marks: vec![
                (date!(2026 - 01 - 05), Mark::Excused),
                (date!(2026 - 02 - 05), Mark::Present),
                (date!(2026 - 03 - 05), Mark::Present),
                // Another year's meeting is not counted.
                (date!(2025 - 12 - 05), Mark::Unexcused),
            ],
        },
    ]
}

#[test]
fn attendance_register_has_codes_totals_and_a_chart() {
    let bytes = xlsx::attendance("Chi bộ Tổ dân phố số 3", 2026, &attendance_rows()).unwrap();
    assert_frozen_header(&bytes);
    let (name, r) = sheet(&bytes);
    assert_eq!(name, "Năm 2026");
    assert_eq!(text(&r, 0, 2), "Tháng 1");
    assert_eq!(text(&r, 0, 13), "Tháng 12");
    assert_eq!(text(&r, 0, 14), "Có mặt");
    // Two meetings in January: both codes, in date order.
    assert_eq!(text(&r, 1, 2), "C, M");
    assert_eq!(text(&r, 1, 3), "K");
    assert_eq!(text(&r, 2, 2), "P");
    assert_eq!(text(&r, 1, 4), "C");
    // Member totals as numbers: attended, excused, unexcused.
    assert_eq!(
        (number(&r, 1, 14), number(&r, 1, 15), number(&r, 1, 16)),
        (3.0, 0.0, 1.0)
    );
    assert_eq!(
        (number(&r, 2, 14), number(&r, 2, 15), number(&r, 2, 16)),
        (2.0, 1.0, 0.0),
        "December 2025 is not in the 2026 register"
    );
    // Month totals two rows below the members: attended per month and the rate.
    assert_eq!(text(&r, 4, 1), "Cộng (lượt có mặt)");
    assert_eq!(number(&r, 4, 2), 2.0);
    assert_eq!(number(&r, 4, 3), 1.0);
    assert_eq!(number(&r, 4, 4), 2.0);
    assert_eq!(number(&r, 4, 5), 0.0);
    assert_eq!(number(&r, 4, 14), 5.0);
    assert!((number(&r, 5, 2) - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(number(&r, 5, 3), 0.5);
    assert_eq!(cell(&r, 5, 5), Data::Empty, "no meeting in April: no rate");
    // A native column chart over the month totals, with its cached values.
    let chart = part(&bytes, "xl/charts/chart1.xml");
    assert!(chart.contains("<c:barChart>"), "{chart}");
    assert!(chart.contains("$C$5:$N$5"), "{chart}");
    assert!(
        chart.contains("<c:numCache>") && chart.contains("<c:v>2</c:v>"),
        "{chart}"
    );
}

#[test]
fn meetings_of_a_year_with_grades() {
    let rows = vec![
        MeetingRow {
            date: date!(2026 - 01 - 05),
            kind: "Sinh hoạt thường kỳ".into(),
            topic: None,
            place: "Nhà văn hóa tổ 3".into(),
            status: "Đã kết thúc".into(),
            held: true,
            summoned: 20,
            present: 18,
            minutes_approved: true,
            grade: Some("Tốt".into()),
            points: Some(92),
        },
        MeetingRow {
            date: date!(2026 - 03 - 15),
            kind: "Sinh hoạt chuyên đề".into(),
            topic: Some("Học tập và làm theo tư tưởng Hồ Chí Minh".into()),
            place: "Nhà văn hóa tổ 3".into(),
            status: "Dự kiến".into(),
            held: false,
            summoned: 20,
            present: 0,
            minutes_approved: false,
            grade: None,
            points: None,
        },
    ];
    let bytes = xlsx::meetings("Chi bộ Tổ dân phố số 3", 2026, &rows).unwrap();
    assert_frozen_header(&bytes);
    let (_, r) = sheet(&bytes);
    assert_eq!(text(&r, 0, 10), "Xếp loại chất lượng");
    assert_eq!(a_date(&r, 1, 1), date!(2026 - 01 - 05));
    assert_eq!(number(&r, 1, 6), 20.0);
    assert_eq!(number(&r, 1, 7), 18.0);
    assert_eq!(number(&r, 1, 8), 0.9);
    assert_eq!(text(&r, 1, 9), "Có");
    assert_eq!(text(&r, 1, 10), "Tốt");
    assert_eq!(number(&r, 1, 11), 92.0);
    assert_eq!(text(&r, 2, 3), "Học tập và làm theo tư tưởng Hồ Chí Minh");
    assert_eq!(number(&r, 2, 6), 20.0);
    assert_eq!(
        cell(&r, 2, 7),
        Data::Empty,
        "not held: no attendance figures"
    );
    assert_eq!(cell(&r, 2, 8), Data::Empty);
    assert_eq!(cell(&r, 2, 11), Data::Empty);
}

#[test]
fn open_tasks_with_deadlines() {
    let rows = vec![TaskRow {
        text: "Vận động hộ gia đình đóng góp quỹ khuyến học".into(),
        owners: "Nguyễn Văn An, Lê Thị Cúc".into(),
        assigned: date!(2026 - 10 - 05),
        deadline: date!(2026 - 11 - 05),
        progress: "Đang thực hiện".into(),
        overdue: true,
    }];
    let bytes = xlsx::tasks("Chi bộ Tổ dân phố số 3", date!(2026 - 11 - 29), &rows).unwrap();
    assert_frozen_header(&bytes);
    let (_, r) = sheet(&bytes);
    assert_eq!(text(&r, 1, 2), "Nguyễn Văn An, Lê Thị Cúc");
    assert_eq!(a_date(&r, 1, 3), date!(2026 - 10 - 05));
    assert_eq!(a_date(&r, 1, 4), date!(2026 - 11 - 05));
    assert_eq!(text(&r, 1, 6), "Quá hạn");
}

#[test]
fn plan_status_table_counts_the_quarters() {
    let rows = vec![
        PlanStatusRow {
            cell: "Chi bộ Tổ dân phố số 3".into(),
            status: "acknowledged".into(),
            quarters: [
                vec!["minutes_approved".into()],
                vec!["missed".into(), "minutes_approved".into()],
                vec!["scheduled".into()],
                vec!["planned".into()],
            ],
        },
        PlanStatusRow {
            cell: "Chi bộ Tổ dân phố số 5".into(),
            status: "none".into(),
            quarters: Default::default(),
        },
    ];
    let bytes = xlsx::plan_status("Đảng bộ phường Tân Thanh", 2026, &rows).unwrap();
    assert_frozen_header(&bytes);
    let (_, r) = sheet(&bytes);
    assert_eq!(text(&r, 0, 3), "Quý I");
    assert_eq!(text(&r, 1, 2), "Đã ghi nhận");
    assert_eq!(text(&r, 1, 3), "Đã thông qua biên bản");
    assert_eq!(text(&r, 1, 4), "Không thực hiện; Đã thông qua biên bản");
    assert_eq!(text(&r, 1, 5), "Đã lên lịch");
    assert_eq!(number(&r, 1, 7), 5.0);
    assert_eq!(number(&r, 1, 8), 2.0);
    assert_eq!(number(&r, 1, 9), 1.0);
    assert_eq!(text(&r, 2, 2), "Chưa có kế hoạch");
    assert_eq!(number(&r, 2, 7), 0.0);
}

// ------------------------------------------------------------------------- LibreOffice

fn tool(name: &str) -> bool {
    Command::new(name).arg("--version").output().is_ok()
}

fn skipped(test: &str, what: &str) {
    let note = format!(
        "SKIPPED: {test} ({what} not installed; Debian package libreoffice-calc-nogui; \
         `bash .ci/run` installs it)"
    );
    if std::env::var("CHIBO_RENDER_READERS_REQUIRED").as_deref() == Ok("1") {
        panic!("CHIBO_RENDER_READERS_REQUIRED=1 but {note}");
    }
    let _ = writeln!(std::io::stderr(), "{note}");
}

/// LibreOffice opens every workbook and converts it to CSV: the dates come out as the dates
/// we wrote, the totals as numbers, the Vietnamese intact.
#[test]
fn real_reader_libreoffice_opens_our_workbooks() {
    if !tool("soffice") {
        return skipped("real_reader_libreoffice_opens_our_workbooks", "soffice");
    }
    if !std::path::Path::new("/usr/lib/libreoffice/program/libsclo.so").exists() {
        return skipped(
            "real_reader_libreoffice_opens_our_workbooks",
            "LibreOffice Calc",
        );
    }
    let dir: PathBuf =
        std::env::temp_dir().join(format!("chibo-render-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files = [
        (
            "members",
            xlsx::members("Chi bộ 3", date!(2026 - 11 - 29), &members()).unwrap(),
        ),
        (
            "attendance",
            xlsx::attendance("Chi bộ 3", 2026, &attendance_rows()).unwrap(),
        ),
    ];
    for (n, b) in &files {
        std::fs::write(dir.join(format!("{n}.xlsx")), b).unwrap();
    }
    let profile = dir.join("profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--norestore", "--convert-to"])
        // UTF-8 CSV (filter options: comma, quote, UTF-8).
        .arg("csv:Text - txt - csv (StarCalc):44,34,76")
        .arg("--outdir")
        .arg(&dir)
        .args(files.iter().map(|(n, _)| dir.join(format!("{n}.xlsx"))))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let members = std::fs::read_to_string(dir.join("members.csv")).unwrap();
    assert!(members.contains("Họ và tên"), "{members}");
    assert!(members.contains("Trần Thị Bình"), "{members}");
    assert!(members.contains("14/03/1960"), "{members}");
    assert!(members.contains("19/05/1985"), "{members}");
    let attendance = std::fs::read_to_string(dir.join("attendance.csv")).unwrap();
    assert!(attendance.contains("\"C, M\""), "{attendance}");
    assert!(
        attendance.contains("Cộng (lượt có mặt),2,1,2,0"),
        "{attendance}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
