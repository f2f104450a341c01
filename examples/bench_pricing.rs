//! Benchmark: price lists at demo size. Generates the demo's 12 months × 30
//! markets × the catalog (about 720,000 prices), then measures
//! - a page of a month, unfiltered and filtered by market, by currency, by
//!   both, and a page deep in the month (p50/p95 of 200 each; budget: p95
//!   ≤ 20 ms);
//! - the CSV export of one market-month and of a whole month: the process's
//!   resident memory while it streams (budget: +20 MB);
//! - importing a 60,000-row month from a CSV file (budget: under 10 s).
//!
//! Fails over any budget.
//!
//!     cargo run --release --features ssr --example bench_pricing
//!
//! DATABASE_URL names the database (default: a fresh SQLite file).

use std::io::Write;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use partner_portal::db;
use partner_portal::domain::pricing::{self, Importer};
use partner_portal::model::pricing::{ImportOutcome, PriceFilter};

mod common;

const PAGE_BUDGET: Duration = Duration::from_millis(20);
const MEMORY_BUDGET_KB: i64 = 20 * 1024;
const IMPORT_BUDGET: Duration = Duration::from_secs(10);

/// The process's resident memory (Linux), in KB.
fn rss_kb() -> i64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse().ok())
        })
        .unwrap_or(0)
}

fn filter(month: &str, market: &str, currency: &str) -> PriceFilter {
    PriceFilter {
        month: month.into(),
        market: market.into(),
        currency: currency.into(),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = common::database_url();
    let engine = common::engine(&url);
    let pool = db::connect(&url).await?;
    let owner = common::owner(&pool).await?;
    let (user, pid) = (owner.user_id.as_str(), owner.partner_id);
    let mut over = Vec::new();

    let started = Instant::now();
    pricing::seed_demo(&pool, 12).await?;
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM prices")
        .fetch_one(&pool)
        .await?;
    println!(
        "{engine}: {rows} demo prices (12 months) generated in {:.1?}",
        started.elapsed()
    );
    sqlx::query("ANALYZE").execute(&pool).await?;

    // A position ten pages into the month.
    let mut deep = None;
    for _ in 0..10 {
        deep = pricing::page(
            &pool,
            user,
            pid,
            &filter("2026-11", "", ""),
            deep.as_deref(),
        )
        .await?
        .next;
    }
    let cases = [
        ("month", filter("2026-11", "", ""), None),
        ("month, market", filter("2026-11", "FR", ""), None),
        ("month, currency", filter("2026-11", "", "EUR"), None),
        (
            "month, market, currency",
            filter("2026-06", "JP", "JPY"),
            None,
        ),
        ("latest month (no filter)", PriceFilter::default(), None),
        ("month, 10 pages in", filter("2026-11", "", ""), deep),
    ];
    println!("{engine}: a page of 50 (p50 / p95 of 200)");
    for (label, filter, after) in cases {
        let mut times = Vec::new();
        for _ in 0..200 {
            let start = Instant::now();
            let page = pricing::page(&pool, user, pid, &filter, after.as_deref()).await?;
            times.push(start.elapsed());
            assert_eq!(page.rows.len(), 50, "{label}: a full page");
        }
        times.sort();
        let (p50, p95) = (times[100], times[190]);
        println!("  {label:<26} {p50:>9.2?} {p95:>9.2?}");
        if p95 > PAGE_BUDGET {
            over.push(format!("{label}: p95 {p95:.2?} > {PAGE_BUDGET:?}"));
        }
    }

    // The export's memory: resident size before and at its highest while
    // the file streams (each batch dropped once "sent").
    for (label, filter) in [
        ("one market-month (FR)", filter("2026-11", "FR", "")),
        ("a whole month (30 markets)", filter("2026-11", "", "")),
    ] {
        let bounds = pricing::export_bounds(&pool, user, pid, &filter).await?;
        let before = rss_kb();
        let mut peak = before;
        let (mut bytes, mut lines) = (0usize, 0usize);
        let started = Instant::now();
        let mut stream = Box::pin(pricing::export_csv(pool.clone(), bounds));
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            bytes += chunk.len();
            lines += chunk.iter().filter(|&&b| b == b'\n').count();
            peak = peak.max(rss_kb());
        }
        let grew = peak - before;
        println!(
            "{engine}: export of {label}: {} rows, {} KB in {:.1?}; memory +{grew} KB at most",
            lines - 1,
            bytes / 1024,
            started.elapsed()
        );
        if grew > MEMORY_BUDGET_KB {
            over.push(format!("export of {label}: memory +{grew} KB > +20 MB"));
        }
    }

    // Importing a 60,000-row month (January 2027, against December 2026):
    // 30 markets × 2,000 offers of the catalog, one price in seven moved.
    let offers: Vec<(String, String)> =
        sqlx::query_as("SELECT offer_id, name FROM offers ORDER BY offer_id LIMIT 2000")
            .fetch_all(&pool)
            .await?;
    let markets: Vec<(String, String)> = sqlx::query_as(
        "SELECT market, currency FROM price_list_markets WHERE month = '2026-12' ORDER BY market",
    )
    .fetch_all(&pool)
    .await?;
    let path = std::env::temp_dir().join(format!("pp-bench-prices-{}.csv", db::new_id()));
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        writeln!(
            out,
            "effective_start,effective_end,offer_id,offer_name,market,currency,unit,list_price"
        )?;
        for (m, (market, currency)) in markets.iter().enumerate() {
            for (i, (id, name)) in offers.iter().enumerate() {
                let price = 10 + (i * 7 + m * 3) % 400 + usize::from(i % 7 == 0);
                let name = name.replace('"', "\"\"");
                writeln!(
                    out,
                    "2027-01-01,2027-01-31,{id},\"{name}\",{market},{currency},Licenses,{price}.{:02}",
                    i % 100
                )?;
            }
        }
    }
    let file_rows = offers.len() * markets.len();
    let started = Instant::now();
    let outcome = pricing::import(
        &pool,
        Importer::CommandLine,
        std::io::BufReader::new(std::fs::File::open(&path)?),
    )
    .await?;
    let took = started.elapsed();
    let _ = std::fs::remove_file(&path);
    match outcome {
        ImportOutcome::Imported { counts, .. } => println!(
            "{engine}: import of {file_rows} rows in {took:.1?} (ADD {}, CHG {}, DEL {}, UNC {})",
            counts[0], counts[1], counts[2], counts[3]
        ),
        ImportOutcome::Rejected { problems, .. } => {
            return Err(format!("the generated file was rejected: {problems:?}").into())
        }
    }
    if took > IMPORT_BUDGET {
        over.push(format!("import: {took:.1?} > {IMPORT_BUDGET:?}"));
    }

    pool.close().await;
    common::remove_scratch(&url);
    if over.is_empty() {
        println!("{engine}: every figure within budget");
        Ok(())
    } else {
        Err(format!("over budget: {}", over.join("; ")).into())
    }
}
