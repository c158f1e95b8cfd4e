//! Deadlines and day-count conventions.
//!
//! Deadlines written in working days (VER-02) are returned as a [`WorkingDays`] count: adding
//! them to a date needs the holiday calendar (CAL-*), which lives in `crate::calendar`, so the
//! rule set only says *how many* and *from what*. Deadlines in calendar days and months are
//! computed here, with the conventions the rules fix.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

/// A number of working days (ngày làm việc): Saturdays, Sundays and public holidays do not
/// count (VER-02).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct WorkingDays(pub u32);

impl WorkingDays {
    pub fn get(self) -> u32 {
        self.0
    }
}

/// The working-day deadlines a rule set fixes, each named by its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deadline {
    /// ADM-DEC-02: the competent committee decides on an admission within 60 working days of
    /// the cell's resolution proposing it; extendable (see [`Deadline::extendable`]). Charter
    /// implementation.
    AdmissionDecision,
    /// ADM-DEC-02, ADM-REC-03: the competent committee decides on recognition as an official
    /// member within 30 working days of the cell's resolution proposing it; extendable.
    /// Charter implementation.
    RecognitionDecision,
    /// ADM-CER-01: the ceremony within 30 working days of receiving the decision (later only
    /// with the superior's recorded agreement). Admission guidance.
    Ceremony,
    /// ADM-LL-01: the new member completes the life history within 30 working days of the
    /// ceremony. Admission guidance.
    LifeHistory,
    /// ADM-REC-01: the cell considers recognition within 30 working days after probation
    /// ends. Admission guidance.
    Recognition,
    /// MEM-TR-01: official transfer within 60 working days of the decision or move.
    /// Charter implementation (QĐ 294 6.3.1).
    OfficialTransfer,
    /// MEM-TR-02: the member presents the transfer letter to the receiving cell within 30
    /// working days. Charter implementation.
    TransferLetter,
}

impl Deadline {
    pub const ALL: [Deadline; 7] = [
        Deadline::AdmissionDecision,
        Deadline::RecognitionDecision,
        Deadline::Ceremony,
        Deadline::LifeHistory,
        Deadline::Recognition,
        Deadline::OfficialTransfer,
        Deadline::TransferLetter,
    ];

    /// The rule the deadline implements.
    pub fn rule_id(self) -> &'static str {
        match self {
            Deadline::AdmissionDecision => "ADM-DEC-02",
            Deadline::RecognitionDecision => "ADM-REC-03",
            Deadline::Ceremony => "ADM-CER-01",
            Deadline::LifeHistory => "ADM-LL-01",
            Deadline::Recognition => "ADM-REC-01",
            Deadline::OfficialTransfer => "MEM-TR-01",
            Deadline::TransferLetter => "MEM-TR-02",
        }
    }

    /// Whether the deadline may be extended in special cases (ADM-DEC-02: the two decisions
    /// of the competent committee, by at most [`crate::ruleset::CharterParams`]'s
    /// `decision_extension_max`).
    pub fn extendable(self) -> bool {
        matches!(
            self,
            Deadline::AdmissionDecision | Deadline::RecognitionDecision
        )
    }

    /// What starts the count, for screens and reports.
    pub fn trigger_vi(self) -> &'static str {
        match self {
            Deadline::AdmissionDecision => "kể từ ngày chi bộ có nghị quyết đề nghị kết nạp",
            Deadline::RecognitionDecision => {
                "kể từ ngày chi bộ có nghị quyết đề nghị công nhận đảng viên chính thức"
            }
            Deadline::Ceremony => "kể từ ngày chi bộ nhận được quyết định kết nạp",
            Deadline::LifeHistory => "kể từ ngày tổ chức lễ kết nạp",
            Deadline::Recognition => "kể từ ngày hết 12 tháng dự bị",
            Deadline::OfficialTransfer => {
                "kể từ ngày có quyết định chuyển công tác hoặc chuyển nơi cư trú"
            }
            Deadline::TransferLetter => "kể từ ngày ghi trên giấy giới thiệu sinh hoạt đảng",
        }
    }
}

/// `date` plus `months` calendar months, on the same day of the month; when that day does not
/// exist (31 → 30, 29 February in a common year) the last day of the month is used. Dates past
/// the calendar's end saturate to `Date::MAX`.
///
/// This is the convention for periods in months: probation (ADM-PRB-01/03: ceremony 15/9/2024
/// → complete 15/9/2025) and certificate validity (ADM-CERT-01: 15/1/2020 → 15/1/2025).
pub fn add_months(date: Date, months: u32) -> Date {
    let total =
        i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + i64::from(months);
    let Ok(year) = i32::try_from(total.div_euclid(12)) else {
        return Date::MAX;
    };
    let month_index = total.rem_euclid(12) + 1;
    let Some(month) = u8::try_from(month_index)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
    else {
        return Date::MAX;
    };
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(Date::MAX)
}

/// `date` shifted by a signed number of calendar days, saturating at the calendar's ends.
pub(crate) fn shift_days(date: Date, days: i64) -> Date {
    date.checked_add(Duration::days(days))
        .unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_clamp_to_month_end() {
        assert_eq!(add_months(date!(2024 - 09 - 15), 12), date!(2025 - 09 - 15));
        assert_eq!(add_months(date!(2024 - 02 - 29), 12), date!(2025 - 02 - 28));
        assert_eq!(add_months(date!(2025 - 01 - 31), 1), date!(2025 - 02 - 28));
        assert_eq!(add_months(date!(2020 - 01 - 15), 60), date!(2025 - 01 - 15));
        assert_eq!(add_months(date!(2025 - 12 - 31), 2), date!(2026 - 02 - 28));
        assert_eq!(add_months(Date::MAX, 1), Date::MAX);
    }

    #[test]
    fn rule_ids() {
        assert_eq!(Deadline::AdmissionDecision.rule_id(), "ADM-DEC-02");
        assert_eq!(Deadline::TransferLetter.rule_id(), "MEM-TR-02");
    }
}
