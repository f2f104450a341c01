//! The database: one `AnyPool` whose backend `DATABASE_URL` chooses (SQLite by
//! default, PostgreSQL for production). Queries use `$1` placeholders and
//! portable types so the same code runs on both.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Connection, Executor};

pub type Db = AnyPool;
pub type Tx<'c> = sqlx::Transaction<'c, sqlx::Any>;

/// How long a PostgreSQL connection may sit idle in the pool before it is
/// checked with a round trip when next leased.
pub const IDLE_BEFORE_PING: Duration = Duration::from_secs(5);

pub const DEFAULT_URL: &str = "sqlite:data/partner_portal.db?mode=rwc";

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// Opens the pool and applies pending migrations.
pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let sqlite = url.starts_with("sqlite:");
    if sqlite {
        create_sqlite_parent_dir(url);
    }
    let options = AnyConnectOptions::from_str(url)?;
    let mut pool = AnyPoolOptions::new()
        // SQLite has one writer at a time; a few connections serve concurrent
        // reads (WAL). Postgres: stay well under its default 100 connections
        // when several app instances share it.
        .max_connections(if sqlite { 8 } else { 16 })
        .acquire_timeout(Duration::from_secs(10))
        // sqlx's check before each lease (`test_before_acquire`) is a round
        // trip for every query of every page: to SQLite's worker thread (two
        // thread hand-offs), to PostgreSQL over the network. A SQLite
        // connection is a file this process holds: it cannot drop. A
        // PostgreSQL one can be closed by the server or a proxy, but only
        // after it sat idle (a server restart in between fails one query,
        // as it could between a ping and the query). So PostgreSQL is pinged
        // only after a pause (tests/integration/pool.rs): the signed-in home
        // on PostgreSQL sent 6 messages to the server a request, now 4, one
        // per query (`strace -c -f`, `sendto` calls over 200 requests).
        .test_before_acquire(false)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if sqlite {
                    // busy_timeout lets writers queue instead of failing at once;
                    // foreign_keys is per connection in SQLite. A 16 MiB page
                    // cache per connection (the default is 2 MiB, filled only
                    // as pages are read): big lists (millions of events)
                    // keep their index pages in memory between requests.
                    conn.execute("PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16384;")
                        .await?;
                } else {
                    // PostgreSQL's default cost of a random read (4) is a
                    // spinning disk's: with it, a page of one user's events in
                    // a big activity log was planned as a bitmap scan and a
                    // sort of all their events (×10 slower at a million
                    // events) instead of reading the index in order. 1.1 is
                    // an SSD's. Ignored where the engine has no such setting
                    // (distributed PostgreSQL-compatible ones).
                    let _ = conn.execute("SET random_page_cost = 1.1").await;
                }
                Ok(())
            })
        });
    if !sqlite {
        pool = pool.before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for > IDLE_BEFORE_PING {
                    // An error closes this connection and the pool takes or
                    // opens another.
                    conn.ping().await?;
                }
                Ok(true)
            })
        });
    }
    let pool = pool.connect_with(options).await?;
    if sqlite {
        // Persistent in the file: readers don't block the writer.
        pool.execute("PRAGMA journal_mode = WAL").await?;
    }
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// Gives the memory SQLite freed back to the system. SQLite allocates with
/// the C library's malloc (glibc's, not the app's mimalloc), whose per-thread
/// arenas keep what a closed connection freed: after the demo seeding (its
/// own pool, closed) the idle server measured 52 MB one start in five
/// instead of 40 (`scripts/bench-ssr.sh`, budget 50). glibc only; a no-op
/// elsewhere.
pub fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: no pointers; glibc trims its own arenas under their locks, from
    // any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Starts a transaction that writes. On SQLite `BEGIN IMMEDIATE`: it takes
/// the write lock first (waiting, like any writer, up to `busy_timeout`). A
/// plain (deferred) transaction that reads before it writes fails at once
/// with "database is locked" when another write committed after its read
/// (SQLITE_BUSY_SNAPSHOT, which no waiting cures): the soak found 33 such
/// 500s in 15 s of mixed traffic. PostgreSQL: a plain BEGIN.
pub async fn begin(db: &Db) -> Result<Tx<'static>, sqlx::Error> {
    if db.connect_options().database_url.scheme() == "sqlite" {
        db.begin_with("BEGIN IMMEDIATE").await
    } else {
        db.begin().await
    }
}

fn create_sqlite_parent_dir(url: &str) {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path.starts_with(':') {
        return;
    }
    if let Some(parent) = std::path::Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            let _ = std::fs::create_dir_all(parent);
        }
    }
}

/// True when `error` is the violation of the named unique index, so callers
/// can turn it into a field error: the database, not a racy read-then-insert,
/// decides uniqueness.
pub fn is_unique_violation(error: &sqlx::Error, index: &str) -> bool {
    match error {
        sqlx::Error::Database(db) => {
            // Postgres names the index; SQLite names the columns instead.
            db.is_unique_violation()
                && (db.constraint() == Some(index) || db.message().contains(index_columns(index)))
        }
        _ => false,
    }
}

/// SQLite reports "UNIQUE constraint failed: users.email": map our index names
/// to that text.
fn index_columns(index: &str) -> &'static str {
    match index {
        "users_email_key" => "users.email",
        "accounts_partner_id_key" => "accounts.partner_id",
        "invitations_pending_key" => "invitations.account_id, invitations.email",
        "accounts_publisher_name_key" => "accounts.publisher_name_key",
        "locations_name_key" => "locations.account_id, locations.name_key",
        "learning_links_id_key" => "learning_links.learning_id",
        "cpv_applications_app_key" => {
            "cpv_applications.account_id, cpv_applications.application_id"
        }
        _ => "\u{0}",
    }
}

/// The longest search the server runs: longer than any searched text (names
/// are at most 100 characters, emails 254), and far below SQLite's limit on a LIKE
/// pattern (50,000 bytes: a longer one is an error).
pub const SEARCH_MAX: usize = 300;

/// A keyset page's SQL (`model::listing::PageAt`) over the sort key `key`,
/// a row value such as `(m.name_key, m.email)`, whose edge row `edge` (a
/// one-row subquery of the same key, by `$4`) the page starts after or
/// before: the condition to add, the ORDER BY (`forward`, or `backward`
/// when reading back from the edge) and the edge id to bind as `$4`.
pub fn keyset<'a>(
    at: &'a crate::model::listing::PageAt,
    key: &str,
    edge: &str,
    forward: &'static str,
    backward: &'static str,
) -> (String, &'static str, Option<&'a str>) {
    use crate::model::listing::PageAt;
    match at {
        PageAt::Start => (String::new(), forward, None),
        PageAt::After(id) => (format!("AND {key} > {edge}"), forward, Some(id)),
        PageAt::Before(id) => (format!("AND {key} < {edge}"), backward, Some(id)),
    }
}

/// A LIKE pattern (with `ESCAPE '\\'`) for "contains `query`", lower-cased;
/// only the first [`SEARCH_MAX`] characters count.
pub fn like_pattern(query: &str) -> String {
    let mut pattern = String::from("%");
    for c in query.trim().to_lowercase().chars().take(SEARCH_MAX) {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Seconds since the Unix epoch: the portable time column type.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// "2026-11-25 09:30 UTC": times are shown in UTC, formatted on the server so
/// the browser needs no date library.
pub fn utc_minute(secs: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(secs) {
        Ok(t) => format!(
            "{}-{:02}-{:02} {:02}:{:02} UTC",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute()
        ),
        Err(_) => String::new(),
    }
}

/// "2026-11-25"
pub fn utc_date(secs: i64) -> String {
    utc_minute(secs).get(..10).unwrap_or_default().to_string()
}

/// A secret for a link: 256 random bits, hex.
pub fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// SHA-256 of a secret, hex: what the database keeps instead of the secret.
pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new opaque id.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
