//! `chibo calendar …`: the working-day calendar from the command line (CAL-01..03, VER-02).
//!
//! With a database (given by `--database`, a configuration file or `CHIBO_DATABASE_URL`),
//! the days an administrator entered replace the built-in ones for their years (CAL-02);
//! without one, the built-in data is used, so the commands work on a machine with no
//! database at all.

use std::path::Path;

use anyhow::{anyhow, Context, Result};
use chibo_app::calendar as cal;
use chibo_domain::calendar::{holidays, to_lunar, WorkingCalendar};
use chibo_store::{Backend, Store};
use clap::Subcommand;

use crate::config::Config;

#[derive(Subcommand, Debug)]
pub enum CalendarCommand {
    /// Liệt kê ngày nghỉ lễ của một năm
    Holidays {
        /// Năm, ví dụ 2026
        #[arg(value_name = "NĂM")]
        year: i32,
    },
    /// Ngày làm việc thứ N sau một ngày (không tính chính ngày đó)
    AddWorkingDays {
        /// Ngày bắt đầu (dd/mm/yyyy hoặc yyyy-mm-dd)
        #[arg(value_name = "NGÀY")]
        date: String,
        /// Số ngày làm việc
        #[arg(allow_negative_numbers = true, value_name = "N")]
        n: i64,
    },
    /// Đổi một ngày sang âm lịch Việt Nam
    Lunar {
        /// Ngày (dd/mm/yyyy hoặc yyyy-mm-dd)
        #[arg(value_name = "NGÀY")]
        date: String,
    },
}

/// The database to read adjustments from, if one is configured: `--database` (an error if
/// it cannot be opened), or a configuration file / `CHIBO_DATABASE_URL` (a warning and the
/// built-in data if it cannot). A SQLite file that does not exist is never created here.
pub async fn open_if_configured(
    config_file: Option<&Path>,
    database_flag: Option<String>,
    en: bool,
) -> Result<Option<Store>> {
    let explicit = database_flag.is_some();
    let configured = explicit
        || config_file.is_some()
        || Path::new("chibo.toml").exists()
        || std::env::var_os("CHIBO_DATABASE_URL").is_some();
    if !configured {
        return Ok(None);
    }
    let url = Config::load(config_file, database_flag)?.database_url;
    let missing_file = Backend::from_url(&url).ok() == Some(Backend::Sqlite)
        && !url.contains(":memory:")
        && !Path::new(&chibo_store::sqlite_path(&url)).exists();
    let opened = if missing_file {
        Err(anyhow!(if en {
            "database file not found"
        } else {
            "không tìm thấy tệp cơ sở dữ liệu"
        }))
    } else {
        // A configured server that does not answer must not hang a calendar question.
        match tokio::time::timeout(std::time::Duration::from_secs(5), Store::open(&url)).await {
            Ok(r) => r.map_err(anyhow::Error::from),
            Err(_) => Err(anyhow!("timeout")),
        }
    };
    match opened {
        Ok(store) => Ok(Some(store)),
        Err(e) if explicit => Err(e).with_context(|| crate::config::redact(&url)),
        Err(e) => {
            eprintln!(
                "{}: {} ({e})",
                if en { "warning" } else { "cảnh báo" },
                if en {
                    "database not reachable; using the built-in holidays"
                } else {
                    "không kết nối được cơ sở dữ liệu; dùng dữ liệu ngày nghỉ có sẵn"
                }
            );
            Ok(None)
        }
    }
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

/// The one date format of the CLI's output: dd/mm/yyyy (what users read), or ISO
/// yyyy-mm-dd with `--iso` (for scripts).
pub fn show_date(d: time::Date, iso: bool) -> String {
    show_ymd(d.year(), d.month() as u8, d.day(), iso)
}

fn show_ymd(year: i32, month: u8, day: u8, iso: bool) -> String {
    if iso {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        format!("{day:02}/{month:02}/{year:04}")
    }
}

/// The CLI's own two-language messages for the calendar's error codes.
fn message(code: &str, en: bool) -> String {
    let (vi, english) = match code {
        "year_out_of_range" => (
            "năm nằm ngoài phạm vi hỗ trợ (ngày lễ: 2007–2199; âm lịch: 1900–2199)",
            "year outside the supported range (holidays: 2007–2199; lunar calendar: 1900–2199)",
        ),
        "date_out_of_range" => (
            "ngày nằm ngoài phạm vi hỗ trợ (1900–2199)",
            "date outside the supported range (1900–2199)",
        ),
        "bad_date" => (
            "ngày không hợp lệ (nhập dd/mm/yyyy hoặc yyyy-mm-dd)",
            "not a valid date (use dd/mm/yyyy or yyyy-mm-dd)",
        ),
        "beyond_calendar" => (
            "thời hạn vượt quá phạm vi lịch",
            "the deadline falls beyond the calendar's range",
        ),
        _ => return code.to_string(),
    };
    (if en { english } else { vi }).to_string()
}

fn app_error(e: chibo_app::AppError, en: bool) -> anyhow::Error {
    match e {
        chibo_app::AppError::Invalid(fields) => {
            anyhow!(
                "{}",
                fields
                    .iter()
                    .map(|f| message(f.code, en))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        }
        other => anyhow!("{other}"),
    }
}

fn calendar_error(e: chibo_domain::calendar::CalendarError, en: bool) -> anyhow::Error {
    anyhow!("{}", message(chibo_app::error::calendar_error(&e).code, en))
}

pub async fn run(cmd: &CalendarCommand, en: bool, iso: bool, store: Option<&Store>) -> Result<()> {
    match cmd {
        CalendarCommand::Holidays { year } => {
            let days: Vec<(time::Date, String)> = match store {
                Some(store) => cal::year_holidays(store, *year)
                    .await
                    .map_err(|e| app_error(e, en))?
                    .days_off
                    .into_iter()
                    .map(|h| (h.date, h.name_vi))
                    .collect(),
                None => holidays(*year, None)
                    .map_err(|e| calendar_error(e, en))?
                    .into_iter()
                    .map(|h| (h.date, h.name_vi))
                    .collect(),
            };
            for (date, name) in days {
                println!("{} {name}", show_date(date, iso));
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
            let due = match store {
                Some(store) => cal::add_working_days(store, start, n)
                    .await
                    .map_err(|e| app_error(e, en))?,
                None => {
                    let cal = WorkingCalendar::builtin(cal::span_for(start, n))
                        .map_err(|e| calendar_error(e, en))?;
                    cal.add_working_days(start, n)
                        .map_err(|e| calendar_error(e, en))?
                }
            };
            println!("{}", show_date(due, iso));
        }
        CalendarCommand::Lunar { date } => {
            let d = parse_date(date, en)?;
            let l = to_lunar(d).map_err(|e| calendar_error(e, en))?;
            let leap = if l.leap {
                if en {
                    " (leap month)"
                } else {
                    " (tháng nhuận)"
                }
            } else {
                ""
            };
            println!("{}{leap}", show_ymd(l.year, l.month, l.day, iso));
        }
    }
    Ok(())
}
