//! What the benchmark examples share: their database (DATABASE_URL, or a
//! scratch SQLite file removed afterwards) and an account's owner.

#![allow(dead_code)] // each example uses part of it

use partner_portal::db::{self, new_id};
use partner_portal::domain::accounts::{self, SignedUp};
use partner_portal::model::account::{NewAccount, SignUp};
use partner_portal::model::{AccountType, Language};

/// DATABASE_URL, or a fresh SQLite file in the temporary directory.
pub fn database_url() -> String {
    std::env::var("DATABASE_URL").unwrap_or_else(|_| {
        let path = std::env::temp_dir().join(format!("pp-bench-{}.db", new_id()));
        format!("sqlite:{}?mode=rwc", path.display())
    })
}

pub fn engine(url: &str) -> &'static str {
    if url.starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    }
}

/// Removes the scratch SQLite file `database_url` made (never a file the
/// caller named).
pub fn remove_scratch(url: &str) {
    if let Some(path) = url
        .strip_prefix("sqlite:")
        .and_then(|u| u.split('?').next())
    {
        if path.contains("pp-bench-") {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{path}{suffix}"));
            }
        }
    }
}

/// Signs up a new company account; its owner is its Global admin.
pub async fn owner(pool: &db::Db) -> Result<SignedUp, partner_portal::model::AppError> {
    accounts::sign_up(
        pool,
        &SignUp {
            email: format!("owner-{}@bench.example", new_id()),
            password: "a long enough password".into(),
            display_name: "Owner".into(),
            account: NewAccount {
                legal_name: "Bench Ltd".into(),
                country: "FR".into(),
                account_type: AccountType::Company,
            },
        },
        Language::En,
    )
    .await
}
