//! Backup and restore.
//!
//! SQLite: `VACUUM INTO` writes a consistent, compacted snapshot while the server keeps
//! running; restore checks the snapshot's integrity and schema before copying it over the
//! target file (which must not be in use). PostgreSQL: the standard `pg_dump` custom format
//! and `pg_restore`, so operators can use their usual tools on the same files.

use std::path::Path;
use std::process::Command;

use crate::backend::Backend;
use crate::db::{q_exec, q_one};
use crate::error::StoreError;
use crate::{Result, Store};

impl Store {
    /// Writes a consistent snapshot of the database to `path` (which must not exist).
    pub async fn backup_to(&self, url: &str, path: &Path) -> Result<()> {
        if path.exists() {
            return Err(StoreError::Backup(format!(
                "{} already exists",
                path.display()
            )));
        }
        match self.backend() {
            Backend::Sqlite => {
                let target = path
                    .to_str()
                    .ok_or_else(|| StoreError::Backup("path is not UTF-8".into()))?;
                let mut lease = self.lease().await?;
                q_exec!(&mut lease.conn(), "VACUUM INTO $1", target)?;
                Ok(())
            }
            Backend::Postgres => run_tool(
                Command::new("pg_dump")
                    .arg("--format=custom")
                    .arg("--file")
                    .arg(path)
                    .arg(url),
            ),
        }
    }
}

/// Restores `path` into the database at `url`, replacing its content. The snapshot is
/// verified first (SQLite: integrity check and known schema), so a bad file never replaces a
/// good database.
pub async fn restore(url: &str, path: &Path) -> Result<()> {
    if !path.exists() {
        return Err(StoreError::Backup(format!("{} not found", path.display())));
    }
    match Backend::from_url(url)? {
        Backend::Sqlite => {
            let header = std::fs::read(path).map_err(|e| StoreError::Backup(e.to_string()))?;
            if !header.starts_with(b"SQLite format 3\0") {
                return Err(StoreError::Backup("not a SQLite database".into()));
            }
            let source = format!("sqlite://{}?mode=ro", path.display());
            let snapshot = Store::connect(&source).await?;
            let mut lease = snapshot.lease().await?;
            let (check,): (String,) =
                q_one!(&mut lease.conn(), (String,), "PRAGMA integrity_check")?;
            if check != "ok" {
                return Err(StoreError::Backup(format!(
                    "integrity check failed: {check}"
                )));
            }
            let migrations: i64 = q_one!(
                &mut lease.conn(),
                (i64,),
                "SELECT COUNT(*) FROM schema_migration"
            )
            .map_err(|_| StoreError::Backup("not a chibo database".into()))?
            .0;
            drop(lease);
            snapshot.close().await;
            if migrations == 0 {
                return Err(StoreError::Backup("not a chibo database".into()));
            }
            let target = sqlite_path(url);
            for suffix in ["-wal", "-shm"] {
                let side = format!("{target}{suffix}");
                if Path::new(&side).exists() {
                    std::fs::remove_file(&side).map_err(|e| StoreError::Backup(e.to_string()))?;
                }
            }
            // Copy beside the target, then rename over it: a crash mid-copy never leaves a
            // half-written database in place.
            let staging = format!("{target}.restoring");
            std::fs::copy(path, &staging).map_err(|e| StoreError::Backup(e.to_string()))?;
            std::fs::rename(&staging, &target).map_err(|e| StoreError::Backup(e.to_string()))?;
            // Bring the restored file up to this version's schema. Connections of the
            // snapshot check may still be closing: retry briefly on "database is locked".
            let mut attempt = 0;
            loop {
                match Store::open(url).await {
                    Ok(store) => {
                        store.close().await;
                        return Ok(());
                    }
                    Err(StoreError::Database(e))
                        if attempt < 20 && e.to_string().contains("locked") =>
                    {
                        attempt += 1;
                        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        Backend::Postgres => run_tool(
            Command::new("pg_restore")
                .args(["--clean", "--if-exists", "--no-owner", "--dbname"])
                .arg(url)
                .arg(path),
        ),
    }
}

/// The file path inside a `sqlite://` URL.
pub fn sqlite_path(url: &str) -> String {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    rest.split('?').next().unwrap_or(rest).to_string()
}

fn run_tool(cmd: &mut Command) -> Result<()> {
    let out = cmd
        .output()
        .map_err(|e| StoreError::Backup(format!("{e}")))?;
    if !out.status.success() {
        return Err(StoreError::Backup(
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ));
    }
    Ok(())
}
