//! The `chibo` binary as a user runs it: calendar commands, users, backup and restore.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn chibo(args: &[&str], stdin: Option<&str>, dir: &std::path::Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chibo"))
        .args(args)
        .current_dir(dir)
        .env_remove("CHIBO_DATABASE_URL")
        .env_remove("CHIBO_LANG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn cal_01_calendar_commands_print_iso_dates_and_vietnamese_names() {
    let dir = tempfile::tempdir().unwrap();
    let o = chibo(&["calendar", "holidays", "2026"], None, dir.path());
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    // One date format: dd/mm/yyyy by default, ISO with --iso (issue 7).
    assert!(text
        .lines()
        .next()
        .unwrap()
        .starts_with("01/01/2026 Tết Dương lịch"));
    assert!(text.contains("24/11/2026 "), "CAL-03: 24/11 from 2026");
    let o = chibo(&["--iso", "calendar", "holidays", "2026"], None, dir.path());
    assert!(out(&o).starts_with("2026-01-01 Tết Dương lịch"));
    // VER-02: 30 working days after the S1 ceremony on 22/11/2024.
    let o = chibo(
        &["calendar", "add-working-days", "22/11/2024", "30"],
        None,
        dir.path(),
    );
    assert_eq!(out(&o).trim(), "06/01/2025");
    let o = chibo(
        &["calendar", "add-working-days", "22/11/2024", "30", "--iso"],
        None,
        dir.path(),
    );
    assert_eq!(out(&o).trim(), "2025-01-06");
    let o = chibo(&["calendar", "lunar", "2007-02-17"], None, dir.path());
    assert_eq!(
        out(&o).trim(),
        "01/01/2007",
        "Vietnamese Tết 2007 (China: 18/2)"
    );
    // Bad input: clear Vietnamese errors, non-zero exit.
    for (args, needle) in [
        (
            vec!["calendar", "add-working-days", "31/02/2025", "3"],
            "ngày không hợp lệ",
        ),
        (
            vec!["calendar", "add-working-days", "22/11/2024", "-3"],
            "N không được âm",
        ),
        (vec!["calendar", "holidays", "1990"], "ngoài phạm vi"),
    ] {
        let o = chibo(&args, None, dir.path());
        assert!(!o.status.success());
        assert!(err(&o).contains(needle), "{args:?}: {}", err(&o));
    }
}

#[test]
fn help_is_vietnamese_by_default_and_english_on_request() {
    let dir = tempfile::tempdir().unwrap();
    assert!(out(&chibo(&["--help"], None, dir.path())).contains("Chạy máy chủ web"));
    assert!(
        out(&chibo(&["--lang", "en", "--help"], None, dir.path())).contains("Run the web server")
    );
}

#[test]
fn users_backup_and_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/c.db", dir.path().display());
    let o = chibo(
        &[
            "--database",
            &db,
            "user",
            "add",
            "quantri",
            "--admin",
            "--password-stdin",
        ],
        Some("mat-khau-dai-du\n"),
        dir.path(),
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = chibo(
        &[
            "--database",
            &db,
            "user",
            "add",
            "quantri",
            "--password-stdin",
        ],
        Some("mat-khau-dai-du\n"),
        dir.path(),
    );
    assert!(!o.status.success());
    assert!(err(&o).contains("đã tồn tại"));
    let o = chibo(
        &["--database", &db, "user", "add", "ngan", "--password-stdin"],
        Some("ngan\n"),
        dir.path(),
    );
    assert!(err(&o).contains("quá ngắn"));
    let backup = dir.path().join("b.db");
    let o = chibo(
        &["--database", &db, "backup", backup.to_str().unwrap()],
        None,
        dir.path(),
    );
    assert!(o.status.success(), "{}", err(&o));
    // A user added after the backup disappears on restore.
    chibo(
        &[
            "--database",
            &db,
            "user",
            "add",
            "sau.sao.luu",
            "--password-stdin",
        ],
        Some("mat-khau-dai-du\n"),
        dir.path(),
    );
    let o = chibo(
        &["--database", &db, "restore", backup.to_str().unwrap()],
        None,
        dir.path(),
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = chibo(
        &[
            "--database",
            &db,
            "user",
            "passwd",
            "sau.sao.luu",
            "--password-stdin",
        ],
        Some("mat-khau-moi-1\n"),
        dir.path(),
    );
    assert!(!o.status.success(), "the later user is gone after restore");
    let o = chibo(
        &[
            "--database",
            &db,
            "user",
            "passwd",
            "quantri",
            "--password-stdin",
        ],
        Some("mat-khau-moi-1\n"),
        dir.path(),
    );
    assert!(o.status.success(), "{}", err(&o));
}

/// Issue 7: argument errors and help speak the session's language (value names, headings,
/// `bench` included), in one line; no configuration dump on every command; logs on stderr.
#[test]
fn parser_errors_and_help_in_the_users_language_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    for (args, vi_needle) in [
        (
            vec!["calendar", "holidays", "abc"],
            "giá trị 'abc' không hợp lệ cho <NĂM>",
        ),
        (
            vec!["--khong-co"],
            "không có tùy chọn hay đối số '--khong-co'",
        ),
        (vec!["calendr"], "không có lệnh 'calendr'"),
        (
            vec!["serve", "--address", "x"],
            "không hợp lệ cho --address <ĐỊA_CHỈ>",
        ),
    ] {
        let o = chibo(&args, None, dir.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = err(&o);
        assert_eq!(e.trim_end().lines().count(), 1, "{args:?}: {e}");
        assert!(e.starts_with("lỗi: "), "{e}");
        assert!(e.contains(vi_needle), "{args:?}: {e}");
        assert!(!e.contains("Usage") && !e.contains("error:"), "{e}");
    }
    let o = chibo(
        &["calendar", "holidays", "abc", "--lang", "en"],
        None,
        dir.path(),
    );
    assert!(
        err(&o).starts_with("error: invalid value 'abc' for <YEAR>"),
        "{}",
        err(&o)
    );
    assert!(
        err(&o).contains("chibo calendar holidays --help"),
        "{}",
        err(&o)
    );

    let help = out(&chibo(&["bench", "--help"], None, dir.path()));
    for needle in [
        "Cách dùng:",
        "Tùy chọn:",
        "--seconds <GIÂY>",
        "In phần trợ giúp này",
    ] {
        assert!(help.contains(needle), "{needle}: {help}");
    }
    for leak in ["Usage:", "Options:", "Print help", "[OPTIONS]", "<SECONDS>"] {
        assert!(!help.contains(leak), "{leak}: {help}");
    }
    let help = out(&chibo(
        &["bench", "--help", "--lang", "en"],
        None,
        dir.path(),
    ));
    for needle in [
        "Usage:",
        "Options:",
        "--seconds <SECONDS>",
        "requests per second",
    ] {
        assert!(help.contains(needle), "{needle}: {help}");
    }
    assert!(!help.contains("Số giây"), "{help}");
    let help = out(&chibo(&["calendar", "lunar", "--help"], None, dir.path()));
    assert!(
        help.contains("<NGÀY>") && help.contains("Đối số:"),
        "{help}"
    );

    // A failing command: one line; no configuration line at the default log level.
    let db = format!("sqlite://{}/no/such/dir/x.db", dir.path().display());
    let o = chibo(&["--database", &db, "migrate"], None, dir.path());
    assert!(!o.status.success());
    let e = err(&o);
    assert_eq!(e.trim_end().lines().count(), 1, "{e}");
    assert!(
        !e.contains("Config {") && !e.contains("configuration"),
        "{e}"
    );
}

/// Issue 7: `serve` reports the address actually bound (port 0 picks one), and the demo
/// login table is aligned.
#[test]
fn serve_reports_the_bound_address_and_demo_logins_line_up() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let o = chibo(&["demo"], None, dir.path());
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    assert!(!text.contains("INFO"), "logs belong on stderr: {text}");
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("  ")).collect();
    assert!(rows.len() >= 6, "{text}");
    // The role column starts at the same character position on every row that has one.
    let role_column = |l: &str, needle: &str| l.find(needle).map(|b| l[..b].chars().count());
    let admin = rows.iter().find(|l| l.contains("quản trị")).unwrap();
    let staff = rows.iter().find(|l| l.contains("cán bộ cấp ủy")).unwrap();
    assert_eq!(
        role_column(admin, "quản trị"),
        role_column(staff, "cán bộ"),
        "{text}"
    );
    // Logins padded to one width: names start at one position.
    let names: Vec<usize> = ["Lường Văn Thắng", "Trần Văn Bình", "Trần Đức Anh"]
        .iter()
        .filter_map(|n| rows.iter().find_map(|l| role_column(l, n)))
        .collect();
    assert_eq!(names.len(), 3, "{text}");
    assert!(names.windows(2).all(|w| w[0] == w[1]), "{text}");

    let mut child = Command::new(env!("CARGO_BIN_EXE_chibo"))
        .args(["serve", "--address", "127.0.0.1:0"])
        .current_dir(dir.path())
        .env_remove("CHIBO_DATABASE_URL")
        .env_remove("CHIBO_LANG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let port: u16 = line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    assert!(line.contains("http://127.0.0.1:"), "{line}");
    assert_ne!(port, 0, "the bound port, not 0: {line}");
}
