//! Backup and restore, guarded so that neither can lose a database by mistake.
//!
//! - Backup reads an *existing* chibo database only ([`Store::open_existing`]): a mistyped
//!   path is refused, never created. SQLite: `VACUUM INTO` writes a consistent, compacted
//!   snapshot while the server keeps running. PostgreSQL: `pg_dump --format=custom`, so
//!   operators can use their usual tools on the same files. Either way the file is created
//!   readable by its owner only (0600): it holds citizen IDs and password hashes.
//! - Restore is planned first ([`plan_restore`]): the file is verified (SQLite: header,
//!   length, integrity check and schema on one read-only connection, so a truncated file
//!   fails at once; PostgreSQL: `pg_restore` reads the whole archive), both databases are
//!   counted so the operator sees what will be replaced, and a running server refuses the
//!   plan (SQLite: the [`ServerLock`] file that `chibo serve` holds; PostgreSQL: other
//!   connections of the application in `pg_stat_activity`). [`RestorePlan::apply`] then
//!   keeps the replaced database as a timestamped file and puts the snapshot in its place.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::Connection;

use crate::backend::Backend;
use crate::db::{q_exec, q_one, Conn, QueryCounter};
use crate::error::StoreError;
use crate::{Result, Store};

/// The `application_name` of chibo's PostgreSQL connections; restore looks for others.
pub(crate) const APPLICATION_NAME: &str = "chibo";
/// The `application_name` of restore's own checking connection.
const RESTORE_APPLICATION_NAME: &str = "chibo-restore";

/// Why a backup or restore was refused, typed so the CLI can say it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupProblem {
    /// The database to back up does not exist (a mistyped path or database name).
    #[error("database {0} does not exist")]
    DatabaseMissing(String),
    /// The database exists but holds no chibo schema.
    #[error("{0} is not a chibo database")]
    NotChibo(String),
    /// The backup target already exists (a backup never overwrites).
    #[error("{0} already exists")]
    TargetExists(String),
    #[error("{0} not found")]
    FileMissing(String),
    /// The file is shorter than its own header says: a copy was cut off.
    #[error("{file} is truncated ({actual} of {expected} bytes)")]
    Truncated {
        file: String,
        expected: u64,
        actual: u64,
    },
    /// The file is damaged or is not a backup at all; the detail is the tool's own word.
    #[error("{file} is damaged or not a chibo backup: {detail}")]
    Corrupt { file: String, detail: String },
    /// A server holds the database (SQLite: its lock file; PostgreSQL: its connections).
    #[error("the database is in use by a running chibo server ({0}); stop it first")]
    InUse(String),
    /// A restore holds the database: a server does not start meanwhile.
    #[error("a restore is in progress ({0})")]
    RestoreInProgress(String),
    /// An external tool (`pg_dump`, `pg_restore`) or the file system failed.
    #[error("{0}")]
    Failed(String),
}

fn failed(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backup(BackupProblem::Failed(e.to_string()))
}

/// How much a database holds: what restore shows before replacing one with another.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DbCounts {
    pub orgs: i64,
    pub people: i64,
    pub users: i64,
    pub audit_events: i64,
}

/// Counts the four tables a person recognises a database by.
async fn count(conn: &mut Conn<'_>) -> Result<DbCounts> {
    let (orgs, people, users, audit_events): (i64, i64, i64, i64) = q_one!(
        conn,
        (i64, i64, i64, i64),
        "SELECT (SELECT COUNT(*) FROM org), (SELECT COUNT(*) FROM person),
                (SELECT COUNT(*) FROM app_user), (SELECT COUNT(*) FROM audit_event)"
    )?;
    Ok(DbCounts {
        orgs,
        people,
        users,
        audit_events,
    })
}

/// Creates `path` empty and readable by its owner only; refuses an existing file.
fn create_private(path: &Path) -> Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            StoreError::Backup(BackupProblem::TargetExists(path.display().to_string()))
        } else {
            failed(format!("{}: {e}", path.display()))
        }
    })
}

/// Makes sure a file written by another program (SQLite, `pg_dump`) stays owner-only.
fn make_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| failed(format!("{}: {e}", path.display())))?;
    }
    Ok(())
}

/// Writes a private snapshot of the SQLite database behind `conn` to `path`.
async fn vacuum_into(conn: &mut Conn<'_>, path: &Path) -> Result<()> {
    let target = path.to_str().ok_or_else(|| failed("path is not UTF-8"))?;
    // VACUUM INTO accepts an empty file: create it first with owner-only permissions.
    drop(create_private(path)?);
    if let Err(e) = q_exec!(conn, "VACUUM INTO $1", target) {
        let _ = std::fs::remove_file(path);
        return Err(e.into());
    }
    make_private(path)
}

fn pg_dump(url: &str, path: &Path) -> Result<()> {
    drop(create_private(path)?);
    let done = run_tool(
        Command::new("pg_dump")
            .arg("--format=custom")
            .arg("--file")
            .arg(path)
            .arg(url),
    );
    if done.is_err() {
        let _ = std::fs::remove_file(path);
    }
    done?;
    make_private(path)
}

impl Store {
    /// Connects to an existing chibo database without creating or migrating anything (for
    /// backup): a missing SQLite file or PostgreSQL database, or one without chibo's
    /// schema, is refused.
    pub async fn open_existing(url: &str) -> Result<Self> {
        let url = match Backend::from_url(url)? {
            Backend::Sqlite => {
                let path = sqlite_path(url);
                if !Path::new(&path).is_file() {
                    return Err(StoreError::Backup(BackupProblem::DatabaseMissing(path)));
                }
                with_mode(url, "rw")
            }
            Backend::Postgres => url.to_string(),
        };
        let store = Self::connect(&url)
            .await
            .map_err(|e| missing_database(e, &url))?;
        let known = {
            let mut lease = store.lease().await?;
            q_one!(
                &mut lease.conn(),
                (i64,),
                "SELECT COUNT(*) FROM schema_migration"
            )
            .map(|(n,)| n > 0)
            .unwrap_or(false)
        };
        if !known {
            store.close().await;
            return Err(StoreError::Backup(BackupProblem::NotChibo(redact(&url))));
        }
        Ok(store)
    }

    /// The counts restore shows for a database.
    pub async fn counts(&self) -> Result<DbCounts> {
        let mut lease = self.lease().await?;
        count(&mut lease.conn()).await
    }

    /// Writes a consistent snapshot of the database to `path`, which must not exist; the
    /// file is readable by its owner only.
    pub async fn backup_to(&self, url: &str, path: &Path) -> Result<()> {
        match self.backend() {
            Backend::Sqlite => {
                let mut lease = self.lease().await?;
                vacuum_into(&mut lease.conn(), path).await
            }
            Backend::Postgres => pg_dump(url, path),
        }
    }
}

/// `sqlite://path?…` with its `mode=` replaced.
fn with_mode(url: &str, mode: &str) -> String {
    format!("sqlite://{}?mode={mode}", sqlite_path(url))
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// PostgreSQL's "database does not exist" (3D000) as a [`BackupProblem`].
fn missing_database(err: StoreError, url: &str) -> StoreError {
    if let StoreError::Database(sqlx::Error::Database(db)) = &err {
        if db.code().as_deref() == Some("3D000") {
            return StoreError::Backup(BackupProblem::DatabaseMissing(redact(url)));
        }
    }
    err
}

/// A lock on a SQLite database's `<file>.lock` beside it. `chibo serve` holds it shared for
/// its whole life (several servers may share a file); restore takes it exclusively, so it
/// refuses while any server runs and no server starts while it restores. The operating
/// system drops the lock when the process ends, however it ends, so a crash leaves no stale
/// lock (the file itself stays, empty). PostgreSQL needs no lock file: restore looks at the
/// server's own list of connections instead.
#[derive(Debug)]
pub struct ServerLock {
    _file: Option<File>,
}

impl ServerLock {
    /// The lock a server holds for its lifetime; refused while a restore runs.
    pub fn server(url: &str) -> Result<Self> {
        Self::take(url, false)
    }

    /// The lock restore holds; refused while a server runs.
    pub fn exclusive(url: &str) -> Result<Self> {
        Self::take(url, true)
    }

    fn take(url: &str, exclusive: bool) -> Result<Self> {
        if Backend::from_url(url)? != Backend::Sqlite || url.contains(":memory:") {
            return Ok(Self { _file: None });
        }
        let path = lock_path(url);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| failed(format!("{}: {e}", path.display())))?;
        let locked = if exclusive {
            file.try_lock()
        } else {
            file.try_lock_shared()
        };
        match locked {
            Ok(()) => Ok(Self { _file: Some(file) }),
            Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::Backup(if exclusive {
                BackupProblem::InUse(path.display().to_string())
            } else {
                BackupProblem::RestoreInProgress(path.display().to_string())
            })),
            Err(std::fs::TryLockError::Error(e)) => Err(failed(format!("{}: {e}", path.display()))),
        }
    }
}

/// The lock file of a SQLite database.
pub fn lock_path(url: &str) -> PathBuf {
    PathBuf::from(format!("{}.lock", sqlite_path(url)))
}

/// A verified restore, not yet applied: what will be replaced by what.
#[derive(Debug)]
pub struct RestorePlan {
    url: String,
    file: PathBuf,
    /// The database as it is now; `None` when there is none yet (restoring onto a new
    /// machine).
    pub current: Option<DbCounts>,
    /// What the backup file holds.
    pub snapshot: DbCounts,
    _lock: ServerLock,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// Where the replaced database was kept, if there was one.
    pub kept: Option<PathBuf>,
}

/// Verifies `file` as a backup for the database at `url`, counts both, and makes sure no
/// server uses the database. Nothing is changed.
pub async fn plan_restore(url: &str, file: &Path) -> Result<RestorePlan> {
    if !file.is_file() {
        return Err(StoreError::Backup(BackupProblem::FileMissing(
            file.display().to_string(),
        )));
    }
    match Backend::from_url(url)? {
        Backend::Sqlite => {
            let lock = ServerLock::exclusive(url)?;
            let snapshot = sqlite_snapshot_counts(file).await?;
            let target = sqlite_path(url);
            let current = if Path::new(&target).is_file() {
                let mut conn = sqlite_connection(Path::new(&target), false).await?;
                let counter = QueryCounter::default();
                let counts = count(&mut Conn::Sqlite(&mut conn, &counter)).await.ok();
                let _ = conn.close().await;
                counts
            } else {
                None
            };
            Ok(RestorePlan {
                url: url.to_string(),
                file: file.to_path_buf(),
                current,
                snapshot,
                _lock: lock,
            })
        }
        Backend::Postgres => {
            let snapshot = pg_archive_counts(file)?;
            let mut conn = pg_connection(url).await?;
            let counter = QueryCounter::default();
            let result = async {
                pg_refuse_if_in_use(&mut conn, &counter).await?;
                Ok::<_, StoreError>(count(&mut Conn::Postgres(&mut conn, &counter)).await.ok())
            }
            .await;
            let _ = conn.close().await;
            Ok(RestorePlan {
                url: url.to_string(),
                file: file.to_path_buf(),
                current: result?,
                snapshot,
                _lock: ServerLock { _file: None },
            })
        }
    }
}

impl RestorePlan {
    /// Keeps the current database as a timestamped file (`now` as UTC, Unix seconds) and
    /// replaces it with the snapshot, then migrates it to this version's schema.
    pub async fn apply(self, now: i64) -> Result<Restored> {
        let stamp = time::OffsetDateTime::from_unix_timestamp(now)
            .map(|t| {
                format!(
                    "{:04}{:02}{:02}-{:02}{:02}{:02}Z",
                    t.year(),
                    u8::from(t.month()),
                    t.day(),
                    t.hour(),
                    t.minute(),
                    t.second()
                )
            })
            .map_err(failed)?;
        match Backend::from_url(&self.url)? {
            Backend::Sqlite => {
                let target = sqlite_path(&self.url);
                let mut kept = None;
                if Path::new(&target).is_file() {
                    let keep = PathBuf::from(format!("{target}.before-restore-{stamp}"));
                    let mut conn = sqlite_connection(Path::new(&target), false).await?;
                    let counter = QueryCounter::default();
                    let done = vacuum_into(&mut Conn::Sqlite(&mut conn, &counter), &keep).await;
                    let _ = conn.close().await;
                    done?;
                    kept = Some(keep);
                }
                for suffix in ["-wal", "-shm"] {
                    let side = format!("{target}{suffix}");
                    if Path::new(&side).exists() {
                        std::fs::remove_file(&side).map_err(failed)?;
                    }
                }
                // Copy beside the target, then rename over it: a crash mid-copy never
                // leaves a half-written database in place.
                let staging = PathBuf::from(format!("{target}.restoring"));
                let _ = std::fs::remove_file(&staging);
                drop(create_private(&staging)?);
                std::fs::copy(&self.file, &staging).map_err(failed)?;
                make_private(&staging)?;
                std::fs::rename(&staging, &target).map_err(failed)?;
                // Bring the restored file up to this version's schema.
                let store = Store::open(&self.url).await?;
                store.close().await;
                Ok(Restored { kept })
            }
            Backend::Postgres => {
                let mut conn = pg_connection(&self.url).await?;
                let counter = QueryCounter::default();
                let in_use = pg_refuse_if_in_use(&mut conn, &counter).await;
                let _ = conn.close().await;
                in_use?;
                let mut kept = None;
                if self.current.is_some() {
                    let dir = self.file.parent().unwrap_or(Path::new("."));
                    let name = PgConnectOptions::from_str(&self.url)
                        .ok()
                        .and_then(|o| o.get_database().map(str::to_string))
                        .unwrap_or_else(|| "chibo".into());
                    let keep = dir.join(format!("{name}.before-restore-{stamp}.dump"));
                    pg_dump(&self.url, &keep)?;
                    kept = Some(keep);
                }
                run_tool(
                    Command::new("pg_restore")
                        .args(["--clean", "--if-exists", "--no-owner", "--dbname"])
                        .arg(&self.url)
                        .arg(&self.file),
                )?;
                let store = Store::open(&self.url).await?;
                store.close().await;
                Ok(Restored { kept })
            }
        }
    }
}

/// Verifies and restores in one step, without asking (tests and scripts that have already
/// decided). Returns where the replaced database was kept.
pub async fn restore(url: &str, path: &Path) -> Result<Restored> {
    plan_restore(url, path)
        .await?
        .apply(time::OffsetDateTime::now_utc().unix_timestamp())
        .await
}

/// One SQLite connection, not a pool: a bad file fails on the first statement instead of
/// being retried until the pool's acquire time-out.
async fn sqlite_connection(path: &Path, read_only: bool) -> Result<SqliteConnection> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .read_only(read_only)
        .immutable(read_only)
        .busy_timeout(std::time::Duration::from_secs(5));
    Ok(SqliteConnection::connect_with(&options).await?)
}

/// Checks a SQLite backup file and counts what it holds.
async fn sqlite_snapshot_counts(file: &Path) -> Result<DbCounts> {
    let name = file.display().to_string();
    let corrupt = |detail: String| {
        StoreError::Backup(BackupProblem::Corrupt {
            file: name.clone(),
            detail,
        })
    };
    let bytes_len = std::fs::metadata(file).map_err(failed)?.len();
    let mut header = [0u8; 100];
    {
        use std::io::Read;
        let mut f = File::open(file).map_err(failed)?;
        let mut read = 0;
        while read < header.len() {
            match f.read(&mut header[read..]).map_err(failed)? {
                0 => break,
                n => read += n,
            }
        }
        if read < header.len() || !header.starts_with(b"SQLite format 3\0") {
            return Err(corrupt("not a SQLite database".into()));
        }
    }
    if let Some(expected) = sqlite_expected_len(&header) {
        if bytes_len < expected {
            return Err(StoreError::Backup(BackupProblem::Truncated {
                file: name,
                expected,
                actual: bytes_len,
            }));
        }
    }
    let mut conn = sqlite_connection(file, true)
        .await
        .map_err(|e| corrupt(e.to_string()))?;
    let counter = QueryCounter::default();
    let checked = async {
        let c = &mut Conn::Sqlite(&mut conn, &counter);
        let (check,): (String,) =
            q_one!(c, (String,), "PRAGMA integrity_check").map_err(|e| corrupt(e.to_string()))?;
        if check != "ok" {
            return Err(corrupt(check));
        }
        let known = q_one!(c, (i64,), "SELECT COUNT(*) FROM schema_migration")
            .map(|(n,)| n > 0)
            .unwrap_or(false);
        if !known {
            return Err(StoreError::Backup(BackupProblem::NotChibo(name.clone())));
        }
        count(c).await.map_err(|e| corrupt(e.to_string()))
    }
    .await;
    let _ = conn.close().await;
    checked
}

/// The length a SQLite file's header promises (page size × page count), when the header's
/// page count is valid (written by SQLite 3.7 or later, as every snapshot is).
pub(crate) fn sqlite_expected_len(header: &[u8; 100]) -> Option<u64> {
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let change_counter = &header[24..28];
    let valid_for = &header[92..96];
    let pages = u32::from_be_bytes([header[28], header[29], header[30], header[31]]);
    (change_counter == valid_for && pages > 0).then(|| page_size * u64::from(pages))
}

/// One PostgreSQL connection for restore's checks, named so it does not count as a server.
async fn pg_connection(url: &str) -> Result<PgConnection> {
    let options = PgConnectOptions::from_str(url)?.application_name(RESTORE_APPLICATION_NAME);
    PgConnection::connect_with(&options)
        .await
        .map_err(|e| missing_database(StoreError::Database(e), url))
}

/// Refuses when other chibo connections use this database. A server that just stopped may
/// still show for a moment, so the check looks again for up to two seconds.
async fn pg_refuse_if_in_use(conn: &mut PgConnection, counter: &QueryCounter) -> Result<()> {
    let mut others = 0;
    for _ in 0..20 {
        let (n,): (i64,) = q_one!(
            &mut Conn::Postgres(&mut *conn, counter),
            (i64,),
            "SELECT COUNT(*) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()
               AND application_name = $1",
            APPLICATION_NAME
        )?;
        others = n;
        if n == 0 {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Err(StoreError::Backup(BackupProblem::InUse(format!(
        "{others} connection(s)"
    ))))
}

/// Reads a `pg_dump` custom archive through `pg_restore` (which fails on a truncated or
/// damaged archive: it reads every data block) and counts the rows of the four counted
/// tables in its data.
fn pg_archive_counts(file: &Path) -> Result<DbCounts> {
    let out = Command::new("pg_restore")
        .args(["--data-only", "--file=-"])
        .arg(file)
        .output()
        .map_err(failed)?;
    if !out.status.success() {
        return Err(StoreError::Backup(BackupProblem::Corrupt {
            file: file.display().to_string(),
            detail: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        }));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut counts = DbCounts::default();
    let mut current: Option<&mut i64> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("COPY ") {
            let table = rest.split([' ', '(']).next().unwrap_or("");
            let table = table.rsplit('.').next().unwrap_or(table);
            current = match table {
                "org" => Some(&mut counts.orgs),
                "person" => Some(&mut counts.people),
                "app_user" => Some(&mut counts.users),
                "audit_event" => Some(&mut counts.audit_events),
                _ => None,
            };
        } else if line == "\\." {
            current = None;
        } else if let Some(n) = current.as_deref_mut() {
            *n += 1;
        }
    }
    Ok(counts)
}

/// The file path inside a `sqlite://` URL.
pub fn sqlite_path(url: &str) -> String {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    rest.split('?').next().unwrap_or(rest).to_string()
}

fn run_tool(cmd: &mut Command) -> Result<()> {
    let out = cmd.output().map_err(failed)?;
    if !out.status.success() {
        return Err(failed(String::from_utf8_lossy(&out.stderr).trim()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_length_from_the_header() {
        let mut h = [0u8; 100];
        h[16..18].copy_from_slice(&4096u16.to_be_bytes());
        h[24..28].copy_from_slice(&7u32.to_be_bytes());
        h[28..32].copy_from_slice(&3u32.to_be_bytes());
        assert_eq!(sqlite_expected_len(&h), None, "page count not valid");
        h[92..96].copy_from_slice(&7u32.to_be_bytes());
        assert_eq!(sqlite_expected_len(&h), Some(3 * 4096));
        h[16..18].copy_from_slice(&1u16.to_be_bytes());
        assert_eq!(sqlite_expected_len(&h), Some(3 * 65_536));
    }

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(
            redact("postgres://chibo:secret@db/chibo"),
            "postgres://chibo:***@db/chibo"
        );
        assert_eq!(redact("postgres://db/chibo"), "postgres://db/chibo");
    }
}
