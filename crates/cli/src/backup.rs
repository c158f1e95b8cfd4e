//! `chibo backup` and `chibo restore`, guarded: backup never creates a database, restore
//! says what it will replace, asks first (unless `--yes`), keeps the replaced database and
//! refuses while a server uses it. Messages in Vietnamese, or English with `--lang en`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use anyhow::{anyhow, Result};
use chibo_store::{BackupProblem, DbCounts, Store, StoreError};

use crate::config::Config;

pub async fn backup(config: &Config, file: &Path, en: bool) -> Result<()> {
    let store = Store::open_existing(&config.database_url)
        .await
        .map_err(|e| explain(e, en))?;
    let done = store.backup_to(&config.database_url, file).await;
    store.close().await;
    done.map_err(|e| explain(e, en))?;
    println!(
        "{} {}",
        if en {
            "backup written to"
        } else {
            "đã sao lưu vào"
        },
        file.display()
    );
    Ok(())
}

pub async fn restore(config: &Config, file: &Path, yes: bool, en: bool, now: i64) -> Result<()> {
    let plan = chibo_store::plan_restore(&config.database_url, file)
        .await
        .map_err(|e| explain(e, en))?;
    let label = |en_text: &'static str, vi_text: &'static str| if en { en_text } else { vi_text };
    let current = match &plan.current {
        Some(c) => counts(c, en),
        None => label("(none yet)", "(chưa có)").to_string(),
    };
    let rows = [
        (
            label("database now", "cơ sở dữ liệu hiện tại"),
            current,
            config.redacted_url(),
        ),
        (
            label("backup file", "tệp sao lưu"),
            counts(&plan.snapshot, en),
            file.display().to_string(),
        ),
    ];
    let width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    for (name, what, whence) in &rows {
        println!("{name:<width$}  {what}  ({whence})");
    }
    if !yes {
        let stdin = std::io::stdin();
        if !stdin.is_terminal() {
            return Err(anyhow!(label(
                "restore not confirmed: no terminal to ask on; run again with --yes to replace the database",
                "chưa xác nhận khôi phục: không có bàn phím để hỏi; chạy lại với --yes để thay thế cơ sở dữ liệu"
            )));
        }
        print!(
            "{}",
            label(
                "Replace the database now with the backup file? [y/N] ",
                "Thay cơ sở dữ liệu hiện tại bằng tệp sao lưu? [c/K] "
            )
        );
        std::io::stdout().flush()?;
        let mut answer = String::new();
        stdin.lock().read_line(&mut answer)?;
        let answer = answer.trim().to_lowercase();
        if !["y", "yes", "c", "có", "co"].contains(&answer.as_str()) {
            return Err(anyhow!(label(
                "restore cancelled; nothing changed",
                "đã hủy khôi phục; không có gì thay đổi"
            )));
        }
    }
    let done = plan.apply(now).await.map_err(|e| explain(e, en))?;
    if let Some(kept) = done.kept {
        println!(
            "{} {}",
            label(
                "the replaced database is kept in",
                "cơ sở dữ liệu cũ được giữ lại ở"
            ),
            kept.display()
        );
    }
    println!(
        "{} {}",
        label("restored from", "đã khôi phục từ"),
        file.display()
    );
    Ok(())
}

fn counts(c: &DbCounts, en: bool) -> String {
    if en {
        format!(
            "{} organisations, {} people, {} logins, {} audit events",
            c.orgs, c.people, c.users, c.audit_events
        )
    } else {
        format!(
            "{} tổ chức, {} người, {} tài khoản, {} sự kiện nhật ký",
            c.orgs, c.people, c.users, c.audit_events
        )
    }
}

/// A backup or restore refusal in the user's language; other errors as they are.
pub fn explain(err: StoreError, en: bool) -> anyhow::Error {
    let StoreError::Backup(problem) = &err else {
        return err.into();
    };
    let text = match problem {
        BackupProblem::DatabaseMissing(db) => {
            if en {
                format!("database {db} does not exist (check the path or --database); nothing was created")
            } else {
                format!("cơ sở dữ liệu {db} không tồn tại (kiểm tra đường dẫn hoặc --database); không tạo gì cả")
            }
        }
        BackupProblem::NotChibo(db) => {
            if en {
                format!("{db} is not a chibo database")
            } else {
                format!("{db} không phải cơ sở dữ liệu của chibo")
            }
        }
        BackupProblem::TargetExists(f) => {
            if en {
                format!("{f} already exists; choose a new file name")
            } else {
                format!("{f} đã tồn tại; hãy chọn tên tệp khác")
            }
        }
        BackupProblem::FileMissing(f) => {
            if en {
                format!("backup file {f} not found")
            } else {
                format!("không tìm thấy tệp sao lưu {f}")
            }
        }
        BackupProblem::Truncated {
            file,
            expected,
            actual,
        } => {
            if en {
                format!("backup file {file} is truncated ({actual} of {expected} bytes); nothing was changed")
            } else {
                format!("tệp sao lưu {file} bị cắt cụt ({actual} trên {expected} byte); không có gì thay đổi")
            }
        }
        BackupProblem::Corrupt { file, detail } => {
            if en {
                format!("{file} is damaged or not a chibo backup ({detail}); nothing was changed")
            } else {
                format!("tệp {file} bị hỏng hoặc không phải bản sao lưu của chibo ({detail}); không có gì thay đổi")
            }
        }
        BackupProblem::InUse(what) => {
            if en {
                format!("a chibo server is using the database ({what}); stop it, then restore")
            } else {
                format!("máy chủ chibo đang dùng cơ sở dữ liệu ({what}); hãy dừng máy chủ rồi khôi phục")
            }
        }
        BackupProblem::RestoreInProgress(lock) => {
            if en {
                format!("a restore is in progress ({lock}); start the server when it has finished")
            } else {
                format!(
                    "đang khôi phục cơ sở dữ liệu ({lock}); hãy chạy máy chủ khi khôi phục xong"
                )
            }
        }
        BackupProblem::Failed(detail) => {
            if en {
                format!("backup/restore failed: {detail}")
            } else {
                format!("sao lưu/khôi phục thất bại: {detail}")
            }
        }
    };
    anyhow!(text)
}
