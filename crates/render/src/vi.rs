//! Vietnamese wording of numbers, dates and times as party documents print them.

use chibo_domain::ruleset::{DocumentFormatParams, DocumentKind};
use time::{Date, PrimitiveDateTime};

/// "Số 05-NQ/CB" (DOC-06): no colon after "Số", a hyphen before the type code, a slash
/// before the issuer's code; below 10 with a leading zero where the format says so
/// (DOC-14).
pub fn number_line(
    format: &DocumentFormatParams,
    number: u32,
    kind: DocumentKind,
    issuer_code: &str,
) -> String {
    let n = if format.number_leading_zero {
        format!("{number:02}")
    } else {
        number.to_string()
    };
    format!("Số {n}-{}/{issuer_code}", kind.code())
}

/// "ngày 05 tháng 02 năm 2026" / "ngày 22 tháng 11 năm 2024": days below 10 and the months
/// January and February with a leading zero where the format says so (DOC-14), so a date
/// written by hand cannot be altered ("tháng 1" → "tháng 12").
pub fn date_words(format: &DocumentFormatParams, date: Date) -> String {
    let (d, m) = (date.day(), u8::from(date.month()));
    if format.date_leading_zero {
        let day = format!("{d:02}");
        let month = if m <= 2 {
            format!("{m:02}")
        } else {
            m.to_string()
        };
        format!("ngày {day} tháng {month} năm {}", date.year())
    } else {
        format!("ngày {d} tháng {m} năm {}", date.year())
    }
}

/// "Điện Biên, ngày 22 tháng 11 năm 2024" (DOC-03/04).
/// Without a place (an organisation recorded without one) the line is the date alone,
/// capitalised: "Ngày 22 tháng 11 năm 2024".
pub fn place_date(format: &DocumentFormatParams, place: &str, date: Date) -> String {
    let words = date_words(format, date);
    match place.trim() {
        "" => {
            let mut chars = words.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => words,
            }
        }
        place => format!("{place}, {words}"),
    }
}

/// "19 giờ 30".
pub fn clock(t: PrimitiveDateTime) -> String {
    format!("{} giờ {:02}", t.hour(), t.minute())
}

/// "30/11/2025", as dates print inside tables.
pub fn dmy(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

/// "tháng 11 năm 2025".
pub fn month_year(month: u8, year: i32) -> String {
    format!("tháng {month} năm {year}")
}

/// "55,6 %": one decimal, Vietnamese decimal comma, a no-break space before the sign so a
/// line never starts with "%".
pub fn percent(part: u32, whole: u32) -> String {
    if whole == 0 {
        return "—".to_owned();
    }
    let tenths = (u64::from(part) * 1000 + u64::from(whole) / 2) / u64::from(whole);
    format!("{},{}\u{a0}%", tenths / 10, tenths % 10)
}

/// The month after `(month, year)`.
pub fn next_month(month: u8, year: i32) -> (u8, i32) {
    if month >= 12 {
        (1, year + 1)
    } else {
        (month + 1, year)
    }
}

/// The month before `(month, year)`.
pub fn previous_month(month: u8, year: i32) -> (u8, i32) {
    if month <= 1 {
        (12, year - 1)
    } else {
        (month - 1, year)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chibo_domain::ruleset::{dates, Catalogue};
    use time::macros::{date, datetime};

    fn format_on(d: Date) -> DocumentFormatParams {
        Catalogue::builtin()
            .rules_on(d)
            .unwrap()
            .document_format()
            .clone()
    }

    #[test]
    fn doc_06_doc_14_number_with_leading_zero() {
        let f = format_on(dates::HD_05_2026);
        assert_eq!(
            number_line(&f, 5, DocumentKind::Resolution, "CB"),
            "Số 05-NQ/CB"
        );
        assert_eq!(
            number_line(&f, 12, DocumentKind::Minutes, "CB"),
            "Số 12-BB/CB"
        );
    }

    #[test]
    fn doc_14_date_leading_zeros_only_where_prescribed() {
        let f = format_on(dates::HD_05_2026);
        assert_eq!(
            date_words(&f, date!(2026 - 02 - 05)),
            "ngày 05 tháng 02 năm 2026"
        );
        assert_eq!(
            date_words(&f, date!(2026 - 11 - 22)),
            "ngày 22 tháng 11 năm 2026"
        );
        assert_eq!(
            date_words(&f, date!(2026 - 03 - 09)),
            "ngày 09 tháng 3 năm 2026"
        );
        assert_eq!(
            place_date(&f, "Điện Biên", date!(2026 - 11 - 22)),
            "Điện Biên, ngày 22 tháng 11 năm 2026"
        );
    }

    #[test]
    fn clock_percent_months() {
        assert_eq!(clock(datetime!(2025-11-03 19:05)), "19 giờ 05");
        assert_eq!(percent(15, 17), "88,2\u{a0}%");
        assert_eq!(percent(10, 18), "55,6\u{a0}%");
        assert_eq!(percent(1, 0), "—");
        assert_eq!(next_month(12, 2024), (1, 2025));
        assert_eq!(previous_month(1, 2025), (12, 2024));
        assert_eq!(dmy(date!(2025 - 11 - 30)), "30/11/2025");
    }
}
