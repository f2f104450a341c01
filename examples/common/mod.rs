//! What the benchmark examples share: their database (DATABASE_URL, or a
//! scratch SQLite file removed afterwards), an account's owner, and the
//! timing of a list at two sizes with its verdict.

#![allow(dead_code)] // each example uses part of it

use std::time::{Duration, Instant};

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

/// A list's p95 budget, server-side, at any size.
pub const BUDGET: Duration = Duration::from_millis(20);

/// One list's timings.
pub struct Figures {
    pub label: &'static str,
    pub p50: Duration,
    pub p95: Duration,
}

/// Times `loads` calls of `load` (after one unmeasured call), which returns
/// how many rows it found (must be some).
pub async fn time<F, Fut, E>(label: &'static str, loads: usize, mut load: F) -> Result<Figures, E>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<usize, E>>,
{
    let rows = load().await?;
    assert!(rows > 0, "{label}: nothing found");
    let mut times = Vec::with_capacity(loads);
    for _ in 0..loads {
        let start = Instant::now();
        load().await?;
        times.push(start.elapsed());
    }
    times.sort();
    Ok(Figures {
        label,
        p50: times[loads / 2],
        p95: times[loads * 95 / 100],
    })
}

/// Prints each list's p50 / p95 at the small and the large size, and
/// returns how many are over budget: a p95 over [`BUDGET`] at either size,
/// or more than 2× the small size's p95 at the large.
pub fn compare(small: &[Figures], large: &[Figures]) -> usize {
    let mut failed = 0;
    for (s, l) in small.iter().zip(large) {
        let slower = l.p95.as_secs_f64() / s.p95.as_secs_f64().max(1e-9);
        let over = l.p95 > BUDGET || s.p95 > BUDGET || slower > 2.0;
        failed += usize::from(over);
        println!(
            "  {:<28} {:>8.2?} / {:>8.2?}   {:>8.2?} / {:>8.2?}   ×{slower:.2}{}",
            s.label,
            s.p50,
            s.p95,
            l.p50,
            l.p95,
            if over { "  OVER BUDGET" } else { "" }
        );
    }
    failed
}
