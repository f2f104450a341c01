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

use partner_portal::domain::accounts;
use partner_portal::model::validation::{NewAccount, SignUp};
use partner_portal::model::{AccountType, Language, Role};

pub const PASSWORD: &str = "correct horse battery";

/// Signs up `email` with a new company account (Global admin and Owner).
pub async fn sign_up(db: &Db, email: &str) -> accounts::SignedUp {
    let input = SignUp {
        email: email.into(),
        password: PASSWORD.into(),
        display_name: format!("Owner {email}"),
        account: NewAccount {
            legal_name: format!("Company of {email}"),
            country: "FR".into(),
            account_type: AccountType::Company,
        },
    };
    accounts::sign_up(db, &input, Language::En)
        .await
        .expect("sign up")
}

/// A user inserted directly (no password hashing: they never sign in).
pub async fn user(db: &Db, email: &str, name: &str) -> String {
    let id = new_id();
    sqlx::query(
        "INSERT INTO users (id, email, display_name, password_hash, language, created_at)
         VALUES ($1, $2, $3, 'x', 'en', 0)",
    )
    .bind(&id)
    .bind(email)
    .bind(name)
    .execute(db)
    .await
    .expect("insert user");
    id
}

/// Makes `user_id` a member of the account with `roles`, bypassing the rules
/// under test.
pub async fn join(db: &Db, partner_id: i64, user_id: &str, roles: &[Role]) {
    let (account_id,): (String,) = sqlx::query_as("SELECT id FROM accounts WHERE partner_id = $1")
        .bind(partner_id)
        .fetch_one(db)
        .await
        .expect("account");
    sqlx::query("INSERT INTO memberships (account_id, user_id, created_at) VALUES ($1, $2, 0)")
        .bind(&account_id)
        .bind(user_id)
        .execute(db)
        .await
        .expect("membership");
    for role in roles {
        sqlx::query("INSERT INTO membership_roles (account_id, user_id, role) VALUES ($1, $2, $3)")
            .bind(&account_id)
            .bind(user_id)
            .bind(role.code())
            .execute(db)
            .await
            .expect("role");
    }
}

/// A user who is a member of the account with `roles`.
pub async fn member(db: &Db, partner_id: i64, email: &str, roles: &[Role]) -> String {
    let id = user(db, email, email).await;
    join(db, partner_id, &id, roles).await;
    id
}

pub async fn count(db: &Db, sql: &str, arg: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql)
        .bind(arg)
        .fetch_one(db)
        .await
        .expect("count");
    n
}

pub async fn events(db: &Db, action: &str) -> i64 {
    count(
        db,
        "SELECT COUNT(*) FROM activity_events WHERE action = $1",
        action,
    )
    .await
}
