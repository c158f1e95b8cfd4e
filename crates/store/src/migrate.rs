//! A small migrator: embedded SQL files per backend, applied in order, each in its own
//! transaction together with its bookkeeping row, so a failed migration leaves nothing
//! half-applied (both backends have transactional DDL).

use sqlx::Row;

use crate::{Result, Store};

pub(crate) async fn run(store: &Store) -> Result<Vec<String>> {
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migration (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)",
    )
    .execute(store.pool())
    .await?;
    let applied: Vec<String> = sqlx::query("SELECT name FROM schema_migration")
        .fetch_all(store.pool())
        .await?
        .iter()
        .map(|r| r.try_get::<String, _>(0))
        .collect::<Result<_, _>>()?;
    let mut newly = Vec::new();
    for (name, sql) in store.backend().migrations() {
        if applied.iter().any(|a| a == name) {
            continue;
        }
        let mut tx = store.pool().begin().await?;
        sqlx::raw_sql(sql).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO schema_migration (name, applied_at) VALUES ($1, $2)")
            .bind(*name)
            .bind(time::OffsetDateTime::now_utc().unix_timestamp())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(
            migration = name,
            backend = store.backend().name(),
            "applied migration"
        );
        newly.push((*name).to_string());
    }
    Ok(newly)
}
