//! The two schemas cannot drift apart silently: after migrating, SQLite and PostgreSQL have
//! the same tables, the same columns with the same kind of type, and the same named
//! constraints (PostgreSQL's exclusion constraints are SQLite triggers of the same name).
//! Needs `CHIBO_TEST_DATABASE_URL`; says SKIPPED otherwise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::io::Write;

use sqlx::{Connection, Row};

/// A column's type, reduced to what both backends mean by it.
fn kind_pg(t: &str) -> &'static str {
    match t {
        "bigint" | "integer" => "int",
        "text" => "text",
        "date" => "date",
        "timestamp with time zone" => "instant",
        "boolean" => "bool",
        "jsonb" => "json",
        "bytea" => "bytes",
        _ => "other",
    }
}

fn kind_sqlite(t: &str) -> &'static str {
    match t.to_ascii_uppercase().as_str() {
        "INTEGER" | "BIGINT" => "int",
        "TEXT" => "text",
        "DATE" => "date",
        "TIMESTAMP_INT" => "instant",
        "BOOLEAN" => "bool",
        "JSON_TEXT" => "json",
        "BLOB" => "bytes",
        _ => "other",
    }
}

#[tokio::test]
async fn sqlite_and_postgres_schemas_match() {
    let Ok(admin) = std::env::var("CHIBO_TEST_DATABASE_URL") else {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: schema parity (needs CHIBO_TEST_DATABASE_URL; `bash .ci/run` sets it)"
        );
        return;
    };
    // PostgreSQL, migrated in a database of its own.
    let name = format!("chibo_parity_{}", std::process::id());
    let mut c = sqlx::PgConnection::connect(&admin).await.unwrap();
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut c)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut c)
        .await
        .unwrap();
    let base = admin.rsplit_once('/').unwrap().0;
    let pg_url = format!("{base}/{name}");
    chibo_store::Store::open(&pg_url)
        .await
        .unwrap()
        .close()
        .await;
    let mut pg = sqlx::PgConnection::connect(&pg_url).await.unwrap();
    let pg_columns: BTreeSet<(String, String, &str)> = sqlx::query(
        "SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns
         WHERE table_schema = 'public'",
    )
    .fetch_all(&mut pg)
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (
            r.get::<String, _>(0),
            r.get::<String, _>(1),
            kind_pg(&r.get::<String, _>(2)),
        )
    })
    .collect();
    // Named CHECK, UNIQUE and EXCLUDE constraints (keys and foreign keys are implicit),
    // and the triggers that guard approved records (SQLite has triggers of the same names).
    let pg_constraints: BTreeSet<String> = sqlx::query(
        "SELECT conname::text FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
         WHERE n.nspname = 'public' AND c.contype IN ('c', 'u', 'x')
         UNION SELECT tgname::text FROM pg_trigger WHERE NOT tgisinternal",
    )
    .fetch_all(&mut pg)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get::<String, _>(0))
    .collect();
    let pg_indexes: BTreeSet<String> =
        sqlx::query("SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public'")
            .fetch_all(&mut pg)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>(0))
            .filter(|i| !i.ends_with("_pkey") && !pg_constraints.contains(i))
            .collect();
    pg.close().await.unwrap();
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut c)
        .await
        .unwrap();

    // SQLite.
    let dir = tempfile::tempdir().unwrap();
    let lite_url = format!("sqlite://{}/parity.db", dir.path().display());
    chibo_store::Store::open(&lite_url)
        .await
        .unwrap()
        .close()
        .await;
    let mut lite = sqlx::SqliteConnection::connect(&lite_url).await.unwrap();
    let tables: Vec<String> = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(&mut lite)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get::<String, _>(0))
    .collect();
    let mut lite_columns = BTreeSet::new();
    let mut lite_constraints = BTreeSet::new();
    for table in &tables {
        for r in sqlx::query("SELECT name, type FROM pragma_table_info(?)")
            .bind(table)
            .fetch_all(&mut lite)
            .await
            .unwrap()
        {
            lite_columns.insert((
                table.clone(),
                r.get::<String, _>(0),
                kind_sqlite(&r.get::<String, _>(1)),
            ));
        }
    }
    for r in sqlx::query("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        .fetch_all(&mut lite)
        .await
        .unwrap()
    {
        let (kind, object, sql): (String, String, String) = (r.get(0), r.get(1), r.get(2));
        if kind == "trigger" {
            lite_constraints.insert(object);
        } else if kind == "table" {
            let mut rest = sql.as_str();
            while let Some(at) = rest.find("CONSTRAINT ") {
                rest = &rest[at + "CONSTRAINT ".len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                lite_constraints.insert(name);
            }
        }
    }
    let lite_indexes: BTreeSet<String> =
        sqlx::query("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            .fetch_all(&mut lite)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>(0))
            .collect();

    assert_eq!(lite_columns, pg_columns, "tables, columns and column kinds");
    assert_eq!(lite_constraints, pg_constraints, "named constraints");
    assert_eq!(lite_indexes, pg_indexes, "indexes");
}
