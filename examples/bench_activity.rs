//! Benchmark: the activity log with millions of events. Seeds one real
//! account with 10,000 events and measures its log's pages (first page,
//! filtered by user, by action, by date range, and a page deep in the log);
//! then fills the table up to N events in all (default 10,000,000, spread
//! over 1,000 accounts) and measures the same pages again. Prints p50/p95
//! and fails when a p95 is over 20 ms or a page got more than 2× slower
//! (p95) at N events than at 10,000.
//!
//!     cargo run --release --features ssr --example bench_activity [N]
//!
//! DATABASE_URL names the database (default: a fresh SQLite file).

use std::time::Instant;

use partner_portal::db;
use partner_portal::domain::{activity, programs};
use partner_portal::model::activity::ActivityFilter;
use partner_portal::model::page::Page;
use partner_portal::model::{Program, SettingsArea};

const PER_ACCOUNT: i64 = 10_000;
const START: i64 = 1_735_689_600; // 2025-01-01

/// Inserts events `from..to` (numbered) with the SQL expressions given for
/// the account and the actor, in chunks of a million (one statement each).
async fn seed(
    pool: &db::Db,
    from: i64,
    to: i64,
    account: &str,
    actor: &str,
) -> Result<(), sqlx::Error> {
    let mut start = from;
    while start < to {
        let end = (start + 1_000_000).min(to) - 1;
        // Numbers only: the bench writes its own SQL.
        let sql = format!(
            "WITH RECURSIVE n(i) AS (SELECT {start} UNION ALL SELECT i + 1 FROM n WHERE i < {end})
             INSERT INTO activity_events
                 (id, occurred_at, account_id, actor_user_id, action, subject, old_value, new_value)
             SELECT 'ev' || i, {START} + (i % {PER_ACCOUNT}) * 3000 + i / {PER_ACCOUNT}, {account}, {actor},
                    CASE i % 5 WHEN 0 THEN 'location.added' WHEN 1 THEN 'member.roles_changed'
                               WHEN 2 THEN 'account.billing_profile_updated'
                               WHEN 3 THEN 'user.profile_updated' ELSE 'program.enrolled' END,
                    NULL, 'before', 'after'
             FROM n"
        );
        sqlx::query(&sql).execute(pool).await?;
        start = end + 1;
    }
    Ok(())
}

async fn measure(
    pool: &db::Db,
    user: &str,
    partner_id: i64,
    actor: &str,
) -> Result<Vec<common::Figures>, Box<dyn std::error::Error>> {
    let page = Page::ActivityLog(SettingsArea::Partner);
    let first = activity::page(
        pool,
        user,
        partner_id,
        page,
        &ActivityFilter::default(),
        None,
    )
    .await?;
    // A position half-way down the account's log.
    let mut after = first.next.clone();
    for _ in 0..(PER_ACCOUNT as usize / 2 / 50) {
        let next = activity::page(
            pool,
            user,
            partner_id,
            page,
            &ActivityFilter::default(),
            after.as_deref(),
        )
        .await?
        .next;
        after = next.or(after);
    }
    let cases: Vec<(&'static str, ActivityFilter, Option<String>)> = vec![
        ("first page", ActivityFilter::default(), None),
        (
            "filtered by user",
            ActivityFilter {
                user: actor.to_string(),
                ..Default::default()
            },
            None,
        ),
        (
            "filtered by action",
            ActivityFilter {
                action: "member.roles_changed".into(),
                ..Default::default()
            },
            None,
        ),
        (
            "filtered by dates",
            ActivityFilter {
                from: "2025-03-01".into(),
                until: "2025-03-31".into(),
                ..Default::default()
            },
            None,
        ),
        ("page half-way down", ActivityFilter::default(), after),
    ];
    let mut out = Vec::new();
    for (label, filter, after) in cases {
        out.push(
            common::time(label, 200, || async {
                let found =
                    activity::page(pool, user, partner_id, page, &filter, after.as_deref()).await?;
                Ok::<_, Box<dyn std::error::Error>>(found.entries.len())
            })
            .await?,
        );
    }
    Ok(out)
}

mod common;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let total: i64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000_000);
    let url = common::database_url();
    let engine = common::engine(&url);
    let pool = db::connect(&url).await?;
    let owner = common::owner(&pool).await?;
    programs::enroll(&pool, &owner.user_id, owner.partner_id, Program::Mpn).await?;
    let (account_id,): (String,) = sqlx::query_as("SELECT id FROM accounts WHERE partner_id = $1")
        .bind(owner.partner_id)
        .fetch_one(&pool)
        .await?;

    let started = Instant::now();
    // The account's own events: half by the owner, half by 9 others.
    seed(
        &pool,
        0,
        PER_ACCOUNT,
        &format!("'{account_id}'"),
        &format!(
            "CASE WHEN i % 2 = 0 THEN '{}' ELSE 'user' || (i % 9) END",
            owner.user_id
        ),
    )
    .await?;
    println!(
        "{engine}: {PER_ACCOUNT} events of the account seeded in {:.1?}",
        started.elapsed()
    );
    let small = measure(&pool, &owner.user_id, owner.partner_id, &owner.user_id).await?;

    let started = Instant::now();
    seed(
        &pool,
        PER_ACCOUNT,
        total,
        "'acct' || (i % 999)",
        "'user' || (i % 4000)",
    )
    .await?;
    println!(
        "{engine}: {} more events (999 other accounts) seeded in {:.1?}",
        total - PER_ACCOUNT,
        started.elapsed()
    );
    if !url.starts_with("sqlite") {
        sqlx::query("ANALYZE activity_events")
            .execute(&pool)
            .await?;
    }
    let large = measure(&pool, &owner.user_id, owner.partner_id, &owner.user_id).await?;

    println!(
        "{engine}: p50 / p95 of 200 loads each, at {PER_ACCOUNT} events in all and at {total}"
    );
    let failed = common::compare(&small, &large);
    pool.close().await;
    common::remove_scratch(&url);
    println!(
        "{} passed, {failed} failed (budget: p95 ≤ 20 ms, ≤ 2× slower at {total})",
        large.len() - failed
    );
    if failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}
