//! A small migrator: embedded SQL files per backend, applied in order, each in its own
//! transaction together with its bookkeeping row, so a failed migration leaves nothing
//! half-applied (both backends have transactional DDL). Migrations are append-only; a
//! database that holds a migration this build does not know is refused, not guessed at.

use crate::db::{q_all, q_exec, Conn};
use crate::{closure, Result, Store, StoreError};

/// Work in Rust that follows a migration in the same transaction (data the SQL alone
/// cannot derive).
async fn after(name: &str, conn: &mut Conn<'_>) -> Result<()> {
    if name == "0002_concurrency" {
        let rows = closure::rebuild_all(conn).await?;
        tracing::info!(rows, "built the organisation ancestor table");
    }
    Ok(())
}

pub(crate) async fn run(store: &Store, last: Option<&str>) -> Result<Vec<String>> {
    {
        let mut lease = store.lease().await?;
        q_exec!(
            &mut lease.conn(),
            "CREATE TABLE IF NOT EXISTS schema_migration (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)"
        )?;
    }
    let applied: Vec<(String,)> = {
        let mut lease = store.lease().await?;
        q_all!(
            &mut lease.conn(),
            (String,),
            "SELECT name FROM schema_migration"
        )?
    };
    let known = store.backend().migrations();
    if let Some((unknown,)) = applied
        .iter()
        .find(|(a,)| !known.iter().any(|(name, _)| name == a))
    {
        return Err(StoreError::UnknownMigration(unknown.clone()));
    }
    let mut newly = Vec::new();
    for (name, sql) in known {
        if applied.iter().any(|(a,)| a == name) {
            if last == Some(*name) {
                break;
            }
            continue;
        }
        let mut tx = store.pool.begin(&store.counter).await?;
        {
            let conn = &mut tx.conn();
            match conn {
                Conn::Sqlite(c, _) => {
                    sqlx::raw_sql(sql).execute(&mut **c).await?;
                }
                Conn::Postgres(c, _) => {
                    sqlx::raw_sql(sql).execute(&mut **c).await?;
                }
            }
            after(name, conn).await?;
            q_exec!(
                conn,
                "INSERT INTO schema_migration (name, applied_at) VALUES ($1, $2)",
                *name,
                time::OffsetDateTime::now_utc().unix_timestamp(),
            )?;
        }
        tx.commit().await?;
        tracing::info!(
            migration = name,
            backend = store.backend().name(),
            "applied migration"
        );
        newly.push((*name).to_string());
        if last == Some(*name) {
            break;
        }
    }
    if !newly.is_empty() {
        store.caches.invalidate_all();
    }
    Ok(newly)
}
