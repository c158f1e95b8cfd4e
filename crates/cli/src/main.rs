//! The `chibo` command: a second front door onto the same use cases as the web server.
//! Help is Vietnamese by default and English with `--lang en` or `CHIBO_LANG=en`.

mod backup;
mod bench;
mod calendar;
mod config;
mod help;

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use chibo_domain::access::SystemRole;
use chibo_domain::OrgId;
use chibo_store::{Actor, Store};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::config::Config;

#[derive(Parser, Debug)]
#[command(
    name = "chibo",
    version,
    about = "chibo — phần mềm sinh hoạt chi bộ",
    disable_help_subcommand = true
)]
struct Cli {
    /// Tệp cấu hình TOML (mặc định: chibo.toml nếu có)
    #[arg(long, global = true, value_name = "TỆP")]
    config: Option<PathBuf>,
    /// Cơ sở dữ liệu: sqlite://đường/dẫn.db hoặc postgres://…
    #[arg(long, global = true, value_name = "URL")]
    database: Option<String>,
    /// Ngôn ngữ của phần trợ giúp và thông báo: vi hoặc en
    #[arg(long, global = true, value_name = "vi|en")]
    lang: Option<String>,
    /// In ngày theo ISO (yyyy-mm-dd) thay cho dd/mm/yyyy, cho các tập lệnh
    #[arg(long, global = true)]
    iso: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Chạy máy chủ web
    Serve {
        /// Địa chỉ lắng nghe, ví dụ 127.0.0.1:8080
        #[arg(long, value_name = "ĐỊA_CHỈ")]
        address: Option<SocketAddr>,
        /// Nạp dữ liệu mẫu nếu cơ sở dữ liệu còn trống, và in các tài khoản mẫu
        #[arg(long)]
        demo: bool,
    },
    /// Cập nhật cấu trúc cơ sở dữ liệu
    Migrate,
    /// Nạp dữ liệu mẫu vào cơ sở dữ liệu trống
    Demo,
    /// Quản lý tài khoản đăng nhập
    #[command(subcommand)]
    User(UserCommand),
    /// Sao lưu cơ sở dữ liệu ra tệp
    Backup {
        /// Tệp đích (chưa tồn tại)
        #[arg(value_name = "TỆP")]
        file: PathBuf,
    },
    /// Khôi phục cơ sở dữ liệu từ tệp sao lưu (máy chủ phải dừng): cho biết sẽ thay thế
    /// những gì, hỏi xác nhận, giữ lại cơ sở dữ liệu cũ
    Restore {
        /// Tệp sao lưu
        #[arg(value_name = "TỆP")]
        file: PathBuf,
        /// Không hỏi xác nhận (cho tập lệnh)
        #[arg(long)]
        yes: bool,
    },
    /// Lịch ngày làm việc, ngày lễ và âm lịch (dùng ngày nghỉ do quản trị viên nhập nếu có
    /// cơ sở dữ liệu qua --database hoặc tệp cấu hình; nếu không, dùng dữ liệu có sẵn)
    #[command(subcommand)]
    Calendar(calendar::CalendarCommand),
    /// Xuất văn bản của một cuộc họp đã thông qua biên bản ra tệp Word (DOCX) hoặc PDF, hoặc
    /// sổ sách của chi bộ ra tệp Excel
    #[command(subcommand)]
    Export(ExportCommand),
    /// Các thời hạn sắp đến của hồ sơ kết nạp, chuyển sinh hoạt, miễn công tác và các cảnh báo
    /// xóa tên trong một tổ chức và các tổ chức trực thuộc (ngày, số ngày làm việc còn lại,
    /// quy định)
    Deadlines {
        /// Mã tổ chức
        #[arg(long, value_name = "MÃ")]
        org: i64,
        /// Chỉ những thời hạn trong số ngày làm việc này (kể cả đã quá hạn)
        #[arg(long, value_name = "NGÀY")]
        within: Option<u32>,
    },
    /// Đo tải: số yêu cầu/giây của trang chi bộ so với /healthz (dữ liệu mẫu, SQLite tạm)
    #[command(args_conflicts_with_subcommands = true)]
    Bench {
        #[command(subcommand)]
        what: Option<BenchCommand>,
        /// Số giây đo mỗi đường dẫn
        #[arg(long, default_value_t = 5, value_name = "GIÂY")]
        seconds: u64,
        /// Số kết nối đồng thời
        #[arg(long, default_value_t = 16, value_name = "SỐ")]
        connections: usize,
        /// Thay vì đo tải: đo thời gian "cây con vào một ngày" trên tỉnh mẫu và trên một tỉnh
        /// sinh thêm SỐ chi bộ (cơ sở dữ liệu trống qua --database, hoặc SQLite tạm)
        #[arg(long, value_name = "SỐ")]
        subtree_cells: Option<usize>,
    },
}

#[derive(Subcommand, Debug)]
enum ExportCommand {
    /// Biên bản cuộc họp (từ biên bản đã thông qua)
    Minutes {
        #[command(flatten)]
        target: ExportTarget,
    },
    /// Nghị quyết của cuộc họp (dự thảo, không số, cho đến khi bí thư ký)
    Resolution {
        #[command(flatten)]
        target: ExportTarget,
    },
    /// Văn bản chuyên đề của buổi sinh hoạt chuyên đề (từ biên bản đã thông qua)
    Topic {
        #[command(flatten)]
        target: ExportTarget,
    },
    /// Toàn bộ văn bản trong năm của một chi bộ (Word và PDF) cùng sổ sách (Excel) vào một
    /// tệp zip, có thanh tiến độ
    Year {
        /// Mã số chi bộ
        #[arg(long, value_name = "SỐ")]
        org: i64,
        /// Năm (mặc định: năm nay)
        #[arg(long, value_name = "NĂM")]
        year: Option<i32>,
        /// Tệp zip đích (chưa tồn tại)
        #[arg(long, value_name = "TỆP")]
        out: PathBuf,
    },
    /// Sổ sách của chi bộ ra tệp Excel (XLSX): danh sách đảng viên, sổ theo dõi sinh hoạt,
    /// các buổi sinh hoạt trong năm, nhiệm vụ chưa hoàn thành
    Register {
        /// members, attendance, meetings hoặc tasks
        #[arg(long, value_parser = ["members", "attendance", "meetings", "tasks"], value_name = "LOẠI")]
        kind: String,
        /// Mã số chi bộ
        #[arg(long, value_name = "SỐ")]
        org: i64,
        /// Năm (mặc định: năm nay)
        #[arg(long, value_name = "NĂM")]
        year: Option<i32>,
        /// Tệp đích (chưa tồn tại)
        #[arg(long, value_name = "TỆP")]
        out: PathBuf,
    },
}

#[derive(clap::Args, Debug)]
struct ExportTarget {
    /// Mã số cuộc họp
    #[arg(long, value_name = "SỐ")]
    meeting: i64,
    /// Định dạng: docx hoặc pdf
    #[arg(long, default_value = "pdf", value_parser = ["docx", "pdf"], value_name = "ĐỊNH_DẠNG")]
    format: String,
    /// Tệp đích (chưa tồn tại)
    #[arg(long, value_name = "TỆP")]
    out: PathBuf,
}

#[derive(Subcommand, Debug)]
enum BenchCommand {
    /// Đo thời gian lập văn bản: PDF của chibo so với LibreOffice chuyển DOCX sang PDF (biên
    /// bản S3 của dữ liệu mẫu), DOCX, XLSX và tệp zip cả năm của một chi bộ
    Documents {
        /// Số lần đo mỗi loại
        #[arg(long, default_value_t = 10, value_name = "SỐ")]
        runs: u32,
        /// Số lần LibreOffice chuyển đổi
        #[arg(long, default_value_t = 3, value_name = "SỐ")]
        lo_runs: u32,
    },
    /// Đo tải cuộc họp trực tiếp: điện thoại theo dõi qua SSE trong khi bí thư điểm danh,
    /// ghi ý kiến, biểu quyết qua API (cơ sở dữ liệu trống qua --database, hoặc SQLite tạm)
    Live {
        /// Số giây đo
        #[arg(long, default_value_t = 10.0, value_name = "GIÂY")]
        seconds: f64,
        /// Số cuộc họp (mỗi chi bộ một cuộc)
        #[arg(long, default_value_t = 10, value_name = "SỐ")]
        meetings: usize,
        /// Số đảng viên mỗi chi bộ
        #[arg(long, default_value_t = 20, value_name = "SỐ")]
        members: usize,
        /// Số điện thoại theo dõi (SSE)
        #[arg(long, default_value_t = 180, value_name = "SỐ")]
        watchers: usize,
        /// Số người ghi đồng thời
        #[arg(long, default_value_t = 20, value_name = "SỐ")]
        writers: usize,
    },
    /// Đo trang theo dõi kế hoạch chuyên đề của cấp trên và danh sách JSON trên một tỉnh
    /// sinh thêm nhiều chi bộ, so với /healthz (cơ sở dữ liệu trống qua --database, hoặc
    /// SQLite tạm)
    Plans {
        /// Số giây đo mỗi đường dẫn
        #[arg(long, default_value_t = 5, value_name = "GIÂY")]
        seconds: u64,
        /// Số kết nối đồng thời
        #[arg(long, default_value_t = 4, value_name = "SỐ")]
        connections: usize,
        /// Số chi bộ của tỉnh sinh thêm
        #[arg(long, default_value_t = 10_000, value_name = "SỐ")]
        cells: usize,
    },
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Tạo tài khoản; mật khẩu đọc từ đầu vào chuẩn hoặc hỏi
    Add {
        /// Tên đăng nhập
        #[arg(value_name = "TÊN_ĐĂNG_NHẬP")]
        login: String,
        /// Quản trị hệ thống
        #[arg(long)]
        admin: bool,
        /// Cán bộ của cấp ủy (mã tổ chức), xem được cây tổ chức bên dưới
        #[arg(long, value_name = "MÃ_TỔ_CHỨC")]
        staff: Vec<i64>,
        /// Gắn với người (mã người)
        #[arg(long, value_name = "MÃ_NGƯỜI")]
        person: Option<i64>,
        /// Tên hiển thị (cho tài khoản không gắn với người)
        #[arg(long, value_name = "HỌ_TÊN")]
        name: Option<String>,
        /// Đọc mật khẩu từ đầu vào chuẩn (một dòng)
        #[arg(long)]
        password_stdin: bool,
    },
    /// Đổi mật khẩu; đóng mọi phiên đăng nhập của tài khoản
    Passwd {
        /// Tên đăng nhập
        #[arg(value_name = "TÊN_ĐĂNG_NHẬP")]
        login: String,
        /// Đọc mật khẩu từ đầu vào chuẩn (một dòng)
        #[arg(long)]
        password_stdin: bool,
    },
}

fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn read_password(from_stdin: bool, en: bool) -> Result<String> {
    let password = if from_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        line.trim_end_matches(['\n', '\r']).to_string()
    } else {
        let prompt = if en { "Password: " } else { "Mật khẩu: " };
        rpassword::prompt_password(prompt)?
    };
    if password.chars().count() < chibo_app::users::PASSWORD_MIN_CHARS {
        bail!(if en {
            "password too short (at least 8 characters)"
        } else {
            "mật khẩu quá ngắn (ít nhất 8 ký tự)"
        });
    }
    Ok(password)
}

#[tokio::main]
async fn main() {
    let en = help::wants_english();
    let matches = match help::localize(Cli::command(), en).try_get_matches() {
        Ok(m) => m,
        Err(e) => help::exit_with(e, en),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => help::exit_with(e, en),
    };
    if let Err(err) = run(cli, en).await {
        eprintln!("{}", error_line(&err, en));
        std::process::exit(1);
    }
}

/// One line for a failed command: "lỗi: what failed: why", with the causes' own line
/// breaks folded so a multi-line driver message stays on that line.
fn error_line(err: &anyhow::Error, en: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = cause.to_string();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // anyhow repeats a wrapped error's text in its source; keep each once.
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    format!("{}: {}", if en { "error" } else { "lỗi" }, parts.join(": "))
}

async fn run(cli: Cli, en: bool) -> Result<()> {
    if let Command::Calendar(cmd) = &cli.command {
        let store =
            calendar::open_if_configured(cli.config.as_deref(), cli.database.clone(), en).await?;
        return calendar::run(cmd, en, cli.iso, store.as_ref()).await;
    }
    if let Command::Bench {
        what,
        seconds,
        connections,
        subtree_cells,
    } = cli.command
    {
        if let Some(BenchCommand::Documents { runs, lo_runs }) = what {
            return bench::documents(runs.max(1), lo_runs.max(1), en).await;
        }
        if let Some(BenchCommand::Live {
            seconds,
            meetings,
            members,
            watchers,
            writers,
        }) = what
        {
            let options = bench::LiveOptions {
                database: cli.database.clone(),
                seconds,
                meetings,
                members,
                watchers,
                writers,
            };
            return bench::live(options, en).await.map(|_| ());
        }
        if let Some(BenchCommand::Plans {
            seconds,
            connections,
            cells,
        }) = what
        {
            return bench::plans(cli.database.clone(), seconds, connections, cells, en).await;
        }
        return match subtree_cells {
            Some(cells) => bench::subtree(cli.database.clone(), cells, en).await,
            None => bench::run(seconds, connections, en).await,
        };
    }
    let config = Config::load(cli.config.as_deref(), cli.database.clone())?;
    init_logging(&config.log);
    tracing::debug!(config = ?config, "configuration");
    match cli.command {
        Command::Serve { address, demo } => {
            // Held (shared) for the server's life: restore refuses while it is held.
            let _lock = chibo_store::ServerLock::server(&config.database_url)
                .map_err(|e| backup::explain(e, en))?;
            let store = open(&config).await?;
            if demo {
                load_demo(&store, en, true).await?;
            }
            let addr = address.unwrap_or(config.address);
            let listener = chibo_web::bind(addr).await.with_context(|| {
                format!(
                    "{} {addr}",
                    if en {
                        "cannot listen on"
                    } else {
                        "không lắng nghe được tại"
                    }
                )
            })?;
            // The address actually bound (port 0 picks a free one).
            let bound = listener.local_addr()?;
            println!(
                "{} http://{bound}",
                if en {
                    "chibo is serving at"
                } else {
                    "chibo đang chạy tại"
                }
            );
            chibo_web::serve_on(
                chibo_web::AppState::new(store, config.secure_cookies),
                listener,
            )
            .await?;
        }
        Command::Migrate => {
            let store = Store::connect(&config.database_url)
                .await
                .with_context(|| format!("database {}", config.redacted_url()))?;
            let applied = store.migrate().await?;
            if applied.is_empty() {
                println!(
                    "{}",
                    if en {
                        "database is up to date"
                    } else {
                        "cơ sở dữ liệu đã ở phiên bản mới nhất"
                    }
                );
            }
            for name in applied {
                println!("{} {name}", if en { "applied" } else { "đã áp dụng" });
            }
        }
        Command::Demo => {
            let store = open(&config).await?;
            load_demo(&store, en, false).await?;
        }
        Command::User(cmd) => {
            let store = open(&config).await?;
            user(&store, cmd, en).await?;
        }
        Command::Backup { file } => backup::backup(&config, &file, en).await?,
        Command::Restore { file, yes } => {
            backup::restore(&config, &file, yes, en, now_unix()).await?
        }
        Command::Export(cmd) => {
            let store = open(&config).await?;
            let (which, target) = match cmd {
                ExportCommand::Minutes { target } => (chibo_app::documents::Which::Minutes, target),
                ExportCommand::Resolution { target } => {
                    (chibo_app::documents::Which::Resolution, target)
                }
                ExportCommand::Topic { target } => (chibo_app::documents::Which::Topic, target),
                ExportCommand::Year { org, year, out } => {
                    let today = chibo_store::Actor::system("export", now_unix()).today();
                    let bar = indicatif::ProgressBar::new(0);
                    bar.set_style(
                        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                    );
                    let bytes = chibo_app::archive::year_archive(
                        &store,
                        chibo_domain::OrgId(org),
                        year.unwrap_or(today.year()),
                        today,
                        |done, total, name| {
                            bar.set_length(total as u64);
                            bar.set_position(done as u64);
                            bar.set_message(name.to_owned());
                        },
                    )
                    .await
                    .map_err(|e| match e {
                        chibo_app::AppError::NotFound(_) => anyhow::anyhow!(if en {
                            format!("no organisation {org}")
                        } else {
                            format!("không có tổ chức số {org}")
                        }),
                        other => anyhow::anyhow!(other),
                    })?;
                    bar.finish_and_clear();
                    return write_new(&out, &bytes, en);
                }
                ExportCommand::Register {
                    kind,
                    org,
                    year,
                    out,
                } => {
                    let today = chibo_store::Actor::system("export", now_unix()).today();
                    let register =
                        chibo_app::registers::Register::parse(&kind).context("unknown register")?;
                    let rendered = chibo_app::registers::render(
                        &store,
                        chibo_domain::OrgId(org),
                        register,
                        year.unwrap_or(today.year()),
                        today,
                    )
                    .await
                    .map_err(|e| match e {
                        chibo_app::AppError::NotFound(_) => anyhow::anyhow!(if en {
                            format!("no organisation {org}")
                        } else {
                            format!("không có tổ chức số {org}")
                        }),
                        other => anyhow::anyhow!(other),
                    })?;
                    return write_new(&out, &rendered.bytes, en);
                }
            };
            export(&store, which, &target, en).await?;
        }
        Command::Deadlines { org, within } => {
            let store = open(&config).await?;
            deadlines(&store, org, within, en).await?;
        }
        Command::Calendar(_) | Command::Bench { .. } => {}
    }
    Ok(())
}

/// `chibo deadlines --org ID [--within N]`: what falls due in the organisation's subtree
/// (issue 12), earliest first: last day, working days left (or overdue), rule, stage or
/// lifecycle item, person and case or record — the same answer as
/// `GET /api/v1/orgs/{id}/deadlines` (admissions, MEM-TR-01/02, MEM-TR-03, MEM-EX-01/02,
/// MEM-DEL-01 alerts).
async fn deadlines(store: &Store, org: i64, within: Option<u32>, en: bool) -> Result<()> {
    let today = Actor::system("deadlines", now_unix()).today();
    let lines = chibo_app::lifecycle::feed(store, chibo_domain::OrgId(org), today, within)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if lines.is_empty() {
        println!(
            "{}",
            if en {
                "nothing falls due"
            } else {
                "không có thời hạn nào sắp đến"
            }
        );
    }
    let t = chibo_web::i18n::Catalog::for_lang(if en { "en" } else { "vi" });
    for l in lines {
        use chibo_app::lifecycle::FeedLine;
        let d = l.last_day();
        let days = l.working_days_left();
        let left = if days < 0 {
            if en {
                format!("overdue by {} working days", -days)
            } else {
                format!("quá hạn {} ngày làm việc", -days)
            }
        } else if en {
            format!("{days} working days left")
        } else {
            format!("còn {days} ngày làm việc")
        };
        let (what, record) = match &l {
            FeedLine::Admission(a) => (
                chibo_web::pages::admissions::stage_name(t, a.row.stage).to_string(),
                format!("{} {}", if en { "case" } else { "hồ sơ" }, a.row.case_id),
            ),
            FeedLine::Lifecycle(x) => (
                t.value(&l.what()).to_string(),
                match (x.event_id, x.months) {
                    (Some(id), _) => format!("{} {id}", if en { "record" } else { "bản ghi" }),
                    (None, Some(m)) => {
                        if en {
                            format!("MTG-ATT-08: {m} months absent without reason")
                        } else {
                            format!("MTG-ATT-08: {m} tháng vắng không lý do")
                        }
                    }
                    (None, None) => String::new(),
                },
            ),
        };
        println!(
            "{:02}/{:02}/{}\t{}\t{}\t{}\t{}\t{}",
            d.day(),
            u8::from(d.month()),
            d.year(),
            left,
            l.rule(),
            what,
            l.person_name(),
            record
        );
    }
    Ok(())
}

/// `chibo export minutes|resolution`: the document rendered as the server renders it, written
/// to a new file (an existing one is never overwritten).
async fn export(
    store: &Store,
    which: chibo_app::documents::Which,
    target: &ExportTarget,
    en: bool,
) -> Result<()> {
    let format = chibo_app::documents::Format::parse(&target.format).context(if en {
        "unknown format"
    } else {
        "định dạng không hợp lệ"
    })?;
    let rendered = chibo_app::documents::render(
        store,
        chibo_domain::MeetingId(target.meeting),
        which,
        format,
    )
    .await
    .map_err(|e| export_error(e, target.meeting, en))?;
    write_new(&target.out, &rendered.bytes, en)
}

/// Writes a new file (an existing one is never overwritten) and says so.
fn write_new(out: &std::path::Path, bytes: &[u8], en: bool) -> Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out)
        .with_context(|| {
            format!(
                "{} {}",
                if en {
                    "cannot create"
                } else {
                    "không tạo được tệp"
                },
                out.display()
            )
        })?;
    std::io::Write::write_all(&mut file, bytes)?;
    println!(
        "{} {} ({} {})",
        if en { "wrote" } else { "đã ghi" },
        out.display(),
        bytes.len(),
        if en { "bytes" } else { "byte" }
    );
    Ok(())
}

/// The refusals a secretary can meet, in their language.
fn export_error(e: chibo_app::AppError, meeting: i64, en: bool) -> anyhow::Error {
    match e {
        chibo_app::AppError::NotFound(_) => anyhow::anyhow!(if en {
            format!("no meeting {meeting}")
        } else {
            format!("không có cuộc họp số {meeting}")
        }),
        chibo_app::AppError::Invalid(fields)
            if fields
                .iter()
                .any(|f| f.code == "document_needs_approved_minutes") =>
        {
            anyhow::anyhow!(if en {
                "the minutes of this meeting are not approved: documents are made from approved minutes only (MTG-MIN-01, DOC-19)"
            } else {
                "biên bản cuộc họp này chưa được thông qua: văn bản chỉ được lập từ biên bản đã thông qua (MTG-MIN-01, DOC-19)"
            })
        }
        chibo_app::AppError::Invalid(fields)
            if fields
                .iter()
                .any(|f| f.code == "topic_needs_thematic_meeting") =>
        {
            anyhow::anyhow!(if en {
                "this meeting is not a thematic meeting (or combined session): it has no topic text"
            } else {
                "cuộc họp này không phải buổi sinh hoạt chuyên đề (hoặc kết hợp chuyên đề): không có văn bản chuyên đề"
            })
        }
        other => anyhow::anyhow!(other),
    }
}

async fn open(config: &Config) -> Result<Store> {
    Store::open(&config.database_url)
        .await
        .with_context(|| format!("database {}", config.redacted_url()))
}

/// Loads the demo data into an empty database and prints one login per role. With
/// `if_empty`, an already filled database is left alone (so `serve --demo` can be rerun).
async fn load_demo(store: &Store, en: bool, if_empty: bool) -> Result<()> {
    if !chibo_app::demo::is_empty(store).await? {
        if if_empty {
            println!(
                "{}",
                if en {
                    "database already has data; demo not reloaded"
                } else {
                    "cơ sở dữ liệu đã có dữ liệu; không nạp lại dữ liệu mẫu"
                }
            );
        } else {
            bail!(if en {
                "database is not empty"
            } else {
                "cơ sở dữ liệu không trống"
            });
        }
    } else {
        let started = std::time::Instant::now();
        let summary = chibo_app::demo::load(store, now_unix()).await?;
        println!(
            "{} ({} {}, {} {}, {:.1} s)",
            if en {
                "demo data loaded"
            } else {
                "đã nạp dữ liệu mẫu"
            },
            summary.orgs,
            if en { "organisations" } else { "tổ chức" },
            summary.people,
            if en { "people" } else { "người" },
            started.elapsed().as_secs_f64()
        );
    }
    println!(
        "{} {}):",
        if en {
            "Demo logins (password:"
        } else {
            "Tài khoản mẫu (mật khẩu:"
        },
        chibo_app::demo::DEMO_PASSWORD
    );
    let mut rows: Vec<[String; 3]> = Vec::new();
    for user in store.users().await? {
        let roles: Vec<String> = user
            .roles
            .iter()
            .map(|r| match r {
                SystemRole::Admin => (if en {
                    "administrator"
                } else {
                    "quản trị hệ thống"
                })
                .to_string(),
                SystemRole::Staff { org } => format!(
                    "{} #{org}",
                    if en {
                        "staff of"
                    } else {
                        "cán bộ cấp ủy"
                    }
                ),
            })
            .collect();
        let person = match user.person {
            Some(p) => store
                .person(p)
                .await?
                .map(|r| r.person.full_name.to_string())
                .unwrap_or_default(),
            None => String::new(),
        };
        rows.push([user.login.clone(), person, roles.join(", ")]);
    }
    print!("{}", table(&rows));
    Ok(())
}

/// Rows in aligned columns (widths in characters, so Vietnamese names line up), each line
/// indented by two spaces, without trailing spaces.
fn table(rows: &[[String; 3]]) -> String {
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let (w0, w1) = (width(0), width(1));
    let mut out = String::new();
    for r in rows {
        let line = format!("  {:<w0$}  {:<w1$}  {}", r[0], r[1], r[2]);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

async fn user(store: &Store, cmd: UserCommand, en: bool) -> Result<()> {
    let actor = Actor::system("user", now_unix());
    match cmd {
        UserCommand::Add {
            login,
            admin,
            staff,
            person,
            name,
            password_stdin,
        } => {
            let login = login.trim().to_lowercase();
            if login.is_empty() || login.chars().any(char::is_whitespace) {
                bail!(if en {
                    "login must be one word"
                } else {
                    "tên đăng nhập phải là một từ, không có dấu cách"
                });
            }
            let password = read_password(password_stdin, en)?;
            let mut roles: Vec<SystemRole> = staff
                .into_iter()
                .map(|o| SystemRole::Staff { org: OrgId(o) })
                .collect();
            if admin {
                roles.push(SystemRole::Admin);
            }
            match chibo_app::users::create_user(
                store,
                &actor,
                &login,
                name.as_deref(),
                &password,
                person.map(chibo_domain::PersonId),
                roles,
            )
            .await
            {
                Ok(id) => println!(
                    "{} {login} (#{id})",
                    if en {
                        "created user"
                    } else {
                        "đã tạo tài khoản"
                    }
                ),
                Err(e) if chibo_app::users::is_duplicate_login(&e) => {
                    bail!(if en {
                        "this login already exists"
                    } else {
                        "tên đăng nhập này đã tồn tại"
                    })
                }
                Err(e) => return Err(e.into()),
            }
        }
        UserCommand::Passwd {
            login,
            password_stdin,
        } => {
            let user = store
                .user_by_login(&login.trim().to_lowercase())
                .await?
                .with_context(|| {
                    if en {
                        "no such login"
                    } else {
                        "không có tài khoản này"
                    }
                })?;
            let password = read_password(password_stdin, en)?;
            chibo_app::users::set_password(store, &actor, user.id, &password).await?;
            println!(
                "{} {}",
                if en {
                    "password changed for"
                } else {
                    "đã đổi mật khẩu cho"
                },
                user.login
            );
        }
    }
    Ok(())
}

fn init_logging(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CHIBO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(filter));
    // Logs go to stderr: stdout carries only what the command answers.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .try_init();
}
