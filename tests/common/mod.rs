//! Test databases: a fresh SQLite file, or a fresh PostgreSQL schema, per test.
//! PostgreSQL is required: a missing server fails the test (no silent skip).

#![allow(dead_code)]

use partner_portal::db::{self, new_id, Db};

pub async fn sqlite() -> (Db, Cleanup) {
    let path = std::env::temp_dir().join(format!("pp-test-{}.db", new_id()));
    let url = format!("sqlite:{}?mode=rwc", path.display());
    let pool = db::connect(&url).await.expect("open SQLite test database");
    (pool, Cleanup::Sqlite(path))
}

pub fn postgres_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://root@127.0.0.1:5432/test".to_string())
}

pub async fn postgres() -> (Db, Cleanup) {
    sqlx::any::install_default_drivers();
    let base = postgres_url();
    let schema = format!("t_{}", new_id());
    let admin = sqlx::AnyPool::connect(&base).await.unwrap_or_else(|e| {
        panic!("PostgreSQL is required for these tests ({base}): {e}. Set TEST_POSTGRES_URL.")
    });
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&admin)
        .await
        .expect("create test schema");
    let separator = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{separator}options=-c%20search_path%3D{schema}");
    let pool = db::connect(&url)
        .await
        .expect("open PostgreSQL test schema");
    (pool, Cleanup::Postgres { admin, schema })
}

pub enum Cleanup {
    Sqlite(std::path::PathBuf),
    Postgres {
        admin: sqlx::AnyPool,
        schema: String,
    },
}

impl Cleanup {
    pub async fn run(self, pool: Db) {
        pool.close().await;
        match self {
            Cleanup::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { admin, schema } => {
                let _ = sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
                    .execute(&admin)
                    .await;
            }
        }
    }
}

/// Runs each named `async fn(Db)` once on SQLite and once on PostgreSQL, as
/// `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    let (db, cleanup) = $crate::common::sqlite().await;
                    super::$name(db.clone()).await;
                    cleanup.run(db).await;
                }

                #[tokio::test]
                async fn postgres() {
                    let (db, cleanup) = $crate::common::postgres().await;
                    super::$name(db.clone()).await;
                    cleanup.run(db).await;
                }
            }
        )*
    };
}
