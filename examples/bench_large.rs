//! Benchmark: every list and search of the product at 10,000 rows per table
//! and at full size (100,000 accounts, 1,000,000 users and memberships,
//! 200,000 locations, 100,000 invitations, 10,000,000 activity events; see
//! `domain::generated`). The lists are the showcase's: its picker of 501
//! accounts (and the page shell that carries it), its 5,000 members, 1,000
//! locations, 200 pending invitations and 10,000 events, and the public
//! directory (half of all accounts published). Prints p50/p95 per list at
//! both sizes and fails when a p95 is over 20 ms or a list got more than 2×
//! slower (p95) at full size.
//!
//!     cargo run --release --features ssr --example bench_large [scale]
//!
//! `scale` (default 1) divides the full sizes, for a quick look (10: a tenth).
//! DATABASE_URL names the database (default: a fresh SQLite file).

use std::time::Instant;

use partner_portal::db;
use partner_portal::domain::generated::{self, Sizes};
use partner_portal::domain::{accounts, activity, business, invitations, locations, members};
use partner_portal::model::activity::ActivityFilter;
use partner_portal::model::business::DirectoryQuery;
use partner_portal::model::listing::PageAt;
use partner_portal::model::page::Page;
use partner_portal::model::{AppError, SettingsArea};

mod common;

use common::Figures;

const LOADS: usize = 100;

/// `common::time` with this benchmark's load count and error type.
async fn time<F, Fut>(label: &'static str, load: F) -> Result<Figures, AppError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<usize, AppError>>,
{
    common::time(label, LOADS, load).await
}

async fn measure(pool: &db::Db, user: &str, partner_id: i64) -> Result<Vec<Figures>, AppError> {
    let log = Page::ActivityLog(SettingsArea::Partner);
    let no_filter = ActivityFilter::default();
    // A position half-way down the showcase's log (keyset: an event's key).
    let mut after: Option<String> = None;
    for _ in 0..(generated::SHOWCASE_EVENTS as usize / 2 / 50) {
        let next = activity::page(pool, user, partner_id, log, &no_filter, after.as_deref())
            .await?
            .next;
        after = next.or(after);
    }
    let directory = |words: &str, industry: &str, after: &str| DirectoryQuery {
        words: words.into(),
        industry: industry.into(),
        after: after.into(),
        ..Default::default()
    };
    // The directory's last page (keyset: after the last partner of the page
    // before it), found by walking the list.
    let mut last_directory = String::new();
    while let Some(next) = business::directory(pool, &directory("", "", &last_directory))
        .await?
        .next
    {
        last_directory = next;
    }
    // The showcase's last page of members (keyset: after the last member of
    // the page before it), found by walking the list.
    let mut last_members = PageAt::Start;
    while let Some(next) = members::list(pool, user, partner_id, "", &last_members)
        .await?
        .next
    {
        last_members = PageAt::After(next);
    }
    let mut last_locations = PageAt::Start;
    while let Some(next) = locations::list(pool, user, partner_id, "", &last_locations)
        .await?
        .next
    {
        last_locations = PageAt::After(next);
    }
    let by_user = ActivityFilter {
        user: user.to_string(),
        ..Default::default()
    };
    Ok(vec![
        time("picker (501 accounts)", || async {
            Ok(accounts::accounts_of(pool, user).await?.len())
        })
        .await?,
        time("page shell with picker", || async {
            Ok(accounts::shell(pool, user, partner_id)
                .await?
                .accounts
                .len())
        })
        .await?,
        time("members, first page", || async {
            Ok(members::list(pool, user, partner_id, "", &PageAt::Start)
                .await?
                .members
                .len())
        })
        .await?,
        time("members, last page", || async {
            Ok(members::list(pool, user, partner_id, "", &last_members)
                .await?
                .members
                .len())
        })
        .await?,
        time("members, search", || async {
            Ok(
                members::list(pool, user, partner_id, "member 1004", &PageAt::Start)
                    .await?
                    .members
                    .len(),
            )
        })
        .await?,
        time("pending invitations (200)", || async {
            Ok(invitations::pending(pool, user, partner_id).await?.len())
        })
        .await?,
        time("locations, first page", || async {
            Ok(locations::list(pool, user, partner_id, "", &PageAt::Start)
                .await?
                .locations
                .len())
        })
        .await?,
        time("locations, last page", || async {
            Ok(locations::list(pool, user, partner_id, "", &last_locations)
                .await?
                .locations
                .len())
        })
        .await?,
        time("locations, search", || async {
            Ok(
                locations::list(pool, user, partner_id, "site 10000", &PageAt::Start)
                    .await?
                    .locations
                    .len(),
            )
        })
        .await?,
        time("directory, first page", || async {
            Ok(business::directory(pool, &directory("", "", ""))
                .await?
                .entries
                .len())
        })
        .await?,
        time("directory, a word", || async {
            Ok(business::directory(pool, &directory("analytics", "", ""))
                .await?
                .entries
                .len())
        })
        .await?,
        // One match: the count and the page read every published profile.
        time("directory, a rare word", || async {
            Ok(
                business::directory(pool, &directory("company 1000042", "", ""))
                    .await?
                    .entries
                    .len(),
            )
        })
        .await?,
        time("directory, an industry", || async {
            Ok(business::directory(pool, &directory("", "healthcare", ""))
                .await?
                .entries
                .len())
        })
        .await?,
        time("directory, last page", || async {
            Ok(
                business::directory(pool, &directory("", "", &last_directory))
                    .await?
                    .entries
                    .len(),
            )
        })
        .await?,
        time("activity, first page", || async {
            Ok(
                activity::page(pool, user, partner_id, log, &no_filter, None)
                    .await?
                    .entries
                    .len(),
            )
        })
        .await?,
        time("activity, by user", || async {
            Ok(activity::page(pool, user, partner_id, log, &by_user, None)
                .await?
                .entries
                .len())
        })
        .await?,
        time("activity, half-way down", || async {
            Ok(
                activity::page(pool, user, partner_id, log, &no_filter, after.as_deref())
                    .await?
                    .entries
                    .len(),
            )
        })
        .await?,
    ])
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let scale: i64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .filter(|s| *s >= 1)
        .unwrap_or(1);
    let full = Sizes {
        accounts: Sizes::FULL.accounts / scale,
        users: Sizes::FULL.users / scale,
        locations: Sizes::FULL.locations / scale,
        invitations: Sizes::FULL.invitations / scale,
        events: Sizes::FULL.events / scale,
    };
    let url = common::database_url();
    let engine = common::engine(&url);
    let pool = db::connect(&url).await?;

    let mut sizes = Vec::new();
    let mut figures = Vec::new();
    for stage in [Sizes::SMALL, full] {
        let started = Instant::now();
        let report = generated::fill(&pool, stage).await?;
        println!("{engine}: filled to {stage:?} in {:.1?}", started.elapsed());
        for (what, added, took) in &report.steps {
            println!("    {what:<24} {added:>10} added in {took:.1?}");
        }
        // Measured on fresh connections: a connection keeps the plans of
        // the statements it prepared, and plans made for 10,000 rows are
        // not what the server's connections (recycled every 30 minutes by
        // the pool) use at full size.
        let fresh = db::connect(&url).await?;
        let showcase = generated::showcase(&fresh).await?;
        figures.push(measure(&fresh, &showcase.user_id, showcase.partner_id).await?);
        fresh.close().await;
        sizes.push(stage);
    }

    println!(
        "{engine}: p50 / p95 of {LOADS} loads each, at 10,000 rows per table and at full size ({} accounts, {} users, {} events)",
        full.accounts, full.users, full.events
    );
    let failed = common::compare(&figures[0], &figures[1]);
    pool.close().await;
    common::remove_scratch(&url);
    println!(
        "{engine}: {} passed, {failed} failed (budget: p95 ≤ 20 ms at both sizes, ≤ 2× the 10,000-row p95 at full size)",
        figures[1].len() - failed
    );
    if failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}
