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
    assert!(text
        .lines()
        .next()
        .unwrap()
        .starts_with("2026-01-01 Tết Dương lịch"));
    assert!(text.contains("2026-11-24 "), "CAL-03: 24/11 from 2026");
    // VER-02: 30 working days after the S1 ceremony on 22/11/2024.
    let o = chibo(
        &["calendar", "add-working-days", "22/11/2024", "30"],
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
