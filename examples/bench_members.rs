//! Benchmark: the member list of an account with thousands of members.
//! Seeds one account with N members (default 5,000) in the database named by
//! `DATABASE_URL` (default: a fresh SQLite file), then times the list's first
//! page, its last page and a search, and prints the figures.
//!
//!     cargo run --release --features ssr --example bench_members [N]

use std::time::{Duration, Instant};

use partner_portal::db::{self, new_id};
use partner_portal::domain::members;
use partner_portal::model::listing::PageAt;
use partner_portal::model::AppError;

mod common;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5_000);
    let url = common::database_url();
    let pool = db::connect(&url).await?;
    let owner = common::owner(&pool).await?;
    let (account_id,): (String,) = sqlx::query_as("SELECT id FROM accounts WHERE partner_id = $1")
        .bind(owner.partner_id)
        .fetch_one(&pool)
        .await?;
    let seeding = Instant::now();
    let mut tx = pool.begin().await?;
    for i in 0..n {
        let id = new_id();
        sqlx::query(
            "INSERT INTO users (id, email, display_name, password_hash, language, created_at)
             VALUES ($1, $2, $3, 'x', 'en', 0)",
        )
        .bind(&id)
        .bind(format!("member{i}-{id}@bench.example"))
        .bind(format!("Member {i:05}"))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO memberships (account_id, user_id, created_at, name_key, email)
             SELECT $1, $2, 0, LOWER(display_name), email FROM users WHERE id = $2",
        )
        .bind(&account_id)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
        for role in ["sales_agent", "helpdesk_agent"] {
            sqlx::query(
                "INSERT INTO membership_roles (account_id, user_id, role) VALUES ($1, $2, $3)",
            )
            .bind(&account_id)
            .bind(&id)
            .bind(role)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    let engine = common::engine(&url);
    println!("{engine}: seeded {n} members in {:.1?}", seeding.elapsed());

    let owner_pid = owner.partner_id;
    // Where page `n` of a search starts (keyset: walked from the first).
    let page_at = |query: &'static str, n: usize| {
        let pool = pool.clone();
        let owner = owner.user_id.clone();
        async move {
            let mut at = PageAt::Start;
            for _ in 1..n {
                match members::list(&pool, &owner, owner_pid, query, &at)
                    .await?
                    .next
                {
                    Some(next) => at = PageAt::After(next),
                    None => break,
                }
            }
            Ok::<_, AppError>(at)
        }
    };
    for (label, query, page) in [
        ("first page", "", PageAt::Start),
        ("last page", "", page_at("", usize::MAX).await?),
        ("search \"member 0042\"", "member 0042", PageAt::Start),
        (
            "search by email domain",
            "@bench.example",
            page_at("@bench.example", 3).await?,
        ),
    ] {
        let mut times: Vec<Duration> = Vec::new();
        for _ in 0..50 {
            let start = Instant::now();
            let found =
                members::list(&pool, &owner.user_id, owner.partner_id, query, &page).await?;
            times.push(start.elapsed());
            assert!(found.total > 0);
        }
        times.sort();
        println!(
            "  {label:<26} p50 {:>8.2?}  p95 {:>8.2?}",
            times[times.len() / 2],
            times[times.len() * 95 / 100]
        );
    }
    pool.close().await;
    common::remove_scratch(&url);
    Ok(())
}
