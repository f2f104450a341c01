//! Benchmark: the public partner directory with thousands of published
//! profiles. Seeds N accounts with a published business profile (default
//! 10,000; rows written directly, then indexed as the server indexes them) in
//! the database named by `DATABASE_URL` (default: a fresh SQLite file), then
//! times the first page, a deep page, word searches and filters.
//!
//!     cargo run --release --features ssr --example bench_directory [N]

use std::time::{Duration, Instant};

use partner_portal::db::{self, new_id};
use partner_portal::domain::business;
use partner_portal::model::business::{DirectoryQuery, INDUSTRIES, PRODUCTS, SERVICES};

const WORDS: [&str; 12] = [
    "cloud",
    "migration",
    "retail",
    "clinics",
    "security",
    "training",
    "analytics",
    "shops",
    "farms",
    "schools",
    "logistics",
    "payments",
];
const COUNTRIES: [&str; 5] = ["FR", "GB", "DE", "US", "ES"];

mod common;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let url = common::database_url();
    let pool = db::connect(&url).await?;
    let seeding = Instant::now();
    let mut tx = pool.begin().await?;
    for i in 0..n {
        let id = new_id();
        let name = format!("Partner {i:05}");
        let country = COUNTRIES[i % COUNTRIES.len()];
        let description = format!(
            "{name} works on {} and {} for its customers, with {} since {}.",
            WORDS[i % 12],
            WORDS[(i / 12) % 12],
            WORDS[(i / 144) % 12],
            1990 + i % 30
        );
        sqlx::query(
            "INSERT INTO accounts (id, partner_id, legal_name, country, account_type, created_at,
                 address_city)
             VALUES ($1, $2, $3, $4, 'company', 0, 'Lyon')",
        )
        .bind(&id)
        .bind(9_000_000 + i as i64)
        .bind(&name)
        .bind(country)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO business_profiles (account_id, description, website, linkedin,
                 industries, products, services, customer_sizes, published_at, search_text,
                 updated_at)
             VALUES ($1, $2, '', '', $3, $4, $5, 'medium', 1, $6, 0)",
        )
        .bind(&id)
        .bind(&description)
        .bind(format!(
            "{},{}",
            INDUSTRIES[i % 15],
            INDUSTRIES[(i + 7) % 15]
        ))
        .bind(PRODUCTS[i % 8])
        .bind(SERVICES[i % 8])
        .bind(format!("{} lyon {}", name, description).to_lowercase())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    // Their sort keys and words in the directory's word index, as the
    // server puts a profile published before the index existed.
    business::index_unindexed(&pool).await?;
    let engine = common::engine(&url);
    println!(
        "{engine}: seeded {n} published profiles in {:.1?}",
        seeding.elapsed()
    );

    let ask = |words: &str, industry: &str, country: &str, after: &str| DirectoryQuery {
        words: words.into(),
        industry: industry.into(),
        country: country.into(),
        after: after.into(),
        ..Default::default()
    };
    // Page 200 (keyset: after the last partner of page 199, in name order).
    let (page_199_end,): (i64,) = sqlx::query_as(
        "SELECT a.partner_id FROM business_profiles b JOIN accounts a ON a.id = b.account_id
         ORDER BY b.sort_key, b.account_id LIMIT 1 OFFSET 3979",
    )
    .fetch_one(&pool)
    .await?;
    let page_199_end = page_199_end.to_string();
    for (label, query) in [
        ("first page", ask("", "", "", "")),
        ("page 200", ask("", "", "", &page_199_end)),
        ("one word \"clinics\"", ask("clinics", "", "", "")),
        ("two words", ask("retail payments", "", "", "")),
        ("name \"partner 04242\"", ask("partner 04242", "", "", "")),
        ("industry + country", ask("", "healthcare", "GB", "")),
        ("words + filters", ask("security", "retail", "FR", "")),
    ] {
        let mut times: Vec<Duration> = Vec::new();
        let mut total = 0;
        for _ in 0..30 {
            let start = Instant::now();
            total = business::directory(&pool, &query).await?.total;
            times.push(start.elapsed());
        }
        times.sort();
        println!(
            "  {label:<24} {total:>6} found  p50 {:>8.2?}  p95 {:>8.2?}",
            times[times.len() / 2],
            times[times.len() * 95 / 100]
        );
    }
    pool.close().await;
    common::remove_scratch(&url);
    Ok(())
}
