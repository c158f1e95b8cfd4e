//! `chibo calendar …`: the working-day calendar from the command line (CAL-01..03, VER-02).

use anyhow::{anyhow, Result};
use chibo_domain::calendar::{holidays, to_lunar, WorkingCalendar};
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum CalendarCommand {
    /// Liệt kê ngày nghỉ lễ của một năm
    Holidays {
        /// Năm, ví dụ 2026
        year: i32,
    },
    /// Ngày làm việc thứ N sau một ngày (không tính chính ngày đó)
    AddWorkingDays {
        /// Ngày bắt đầu (dd/mm/yyyy hoặc yyyy-mm-dd)
        date: String,
        /// Số ngày làm việc
        n: i64,
    },
    /// Đổi một ngày sang âm lịch Việt Nam
    Lunar {
        /// Ngày (dd/mm/yyyy hoặc yyyy-mm-dd)
        date: String,
    },
}

fn parse_date(raw: &str, en: bool) -> Result<time::Date> {
    chibo_app::input::parse_date(raw).ok_or_else(|| {
        if en {
            anyhow!("not a valid date: {raw} (use dd/mm/yyyy or yyyy-mm-dd)")
        } else {
            anyhow!("ngày không hợp lệ: {raw} (nhập dd/mm/yyyy hoặc yyyy-mm-dd)")
        }
    })
}

fn iso(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

pub fn run(cmd: &CalendarCommand, en: bool) -> Result<()> {
    match cmd {
        CalendarCommand::Holidays { year } => {
            let days = holidays(*year, None).map_err(|e| anyhow!("{e}"))?;
            for h in days {
                println!("{} {}", iso(h.date), h.name_vi);
            }
        }
        CalendarCommand::AddWorkingDays { date, n } => {
            let start = parse_date(date, en)?;
            if *n < 0 {
                return Err(if en {
                    anyhow!("N must not be negative")
                } else {
                    anyhow!("N không được âm")
                });
            }
            let n = u32::try_from(*n).map_err(|_| anyhow!("N"))?;
            let years = start.year()..=(start.year() + 2 + (n as i32) / 200);
            let cal = WorkingCalendar::builtin(years).map_err(|e| anyhow!("{e}"))?;
            let due = cal.add_working_days(start, n).map_err(|e| anyhow!("{e}"))?;
            println!("{}", iso(due));
        }
        CalendarCommand::Lunar { date } => {
            let d = parse_date(date, en)?;
            let l = to_lunar(d).map_err(|e| anyhow!("{e}"))?;
            let leap = if l.leap {
                if en {
                    " (leap month)"
                } else {
                    " (tháng nhuận)"
                }
            } else {
                ""
            };
            println!("{:02}/{:02}/{}{leap}", l.day, l.month, l.year);
        }
    }
    Ok(())
}
