//! Generated data at scale, for benchmarks and for trying the product with
//! a big organization (`partner_portal generate …`, `scripts/bench-large.sh`):
//! accounts, users with their memberships, locations, pending invitations,
//! published directory profiles and activity events, numbered, made by
//! set-based SQL (a recursive CTE of row numbers, the same on SQLite and
//! PostgreSQL) in chunks; on PostgreSQL two chunks at a time.
//!
//! The generated rows can't be signed in to (their password hash is no
//! hash). One real user, the showcase, can: a Global admin of "Showcase
//! Ltd" (5,000 members, 1,000 locations, 200 pending invitations, 10,000
//! events) and a member of 500 generated accounts (the account picker).
//!
//! Ids start with `g` (accounts `ga…`, users `gu…`, events `ge…`, invitations
//! `gi…`; the showcase's members `gm…`, events `gse…`, invitations `gsi…`) or
//! `LOC-g` / `LOC-s` (locations): never a real id's lowercase hex nor a real
//! Location ID's uppercase alphabet, so a run adds to what an
//! earlier one made: each kind is counted and filled up to its size.

use std::time::{Duration, Instant};

use super::{accounts, programs};
use crate::db::Db;
use crate::model::account::{NewAccount, SignUp};
use crate::model::{AccountType, AppError, Language, Program};

/// The showcase user's sign-in.
pub const SHOWCASE_EMAIL: &str = "showcase@generated.example";
pub const SHOWCASE_PASSWORD: &str = "Generated-Password-1";

/// How many rows of each kind to have (the showcase's own come on top).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sizes {
    pub accounts: i64,
    /// Each a member of one account (user `i` of account `i % accounts`).
    pub users: i64,
    pub locations: i64,
    pub invitations: i64,
    pub events: i64,
}

impl Sizes {
    /// The scale of issue 14: 100,000 accounts, 1,000,000 users and
    /// memberships, 200,000 locations, 10,000,000 events.
    pub const FULL: Sizes = Sizes {
        accounts: 100_000,
        users: 1_000_000,
        locations: 200_000,
        invitations: 100_000,
        events: 10_000_000,
    };

    /// The same shape with 10,000 rows of each table.
    pub const SMALL: Sizes = Sizes {
        accounts: 10_000,
        users: 10_000,
        locations: 10_000,
        invitations: 10_000,
        events: 10_000,
    };
}

/// A generated profile's line of work (one of 12), in its description.
macro_rules! topic {
    () => {
        "CASE i % 12 WHEN 0 THEN 'cloud' WHEN 1 THEN 'security' \
         WHEN 2 THEN 'analytics' WHEN 3 THEN 'shops' WHEN 4 THEN 'farms' WHEN 5 THEN 'schools' \
         WHEN 6 THEN 'logistics' WHEN 7 THEN 'payments' WHEN 8 THEN 'training' \
         WHEN 9 THEN 'devices' WHEN 10 THEN 'networks' ELSE 'energy' END"
    };
}

/// Generated users' emails and names, and the showcase's members'.
const USER_EMAIL: &str = "'user' || i || '@generated.example'";
const USER_NAME: &str = "'Person ' || (1000000 + i)";
const MEMBER_EMAIL: &str = "'member' || i || '@showcase.generated.example'";
const MEMBER_NAME: &str = "'Member ' || (100000 + i)";

/// The showcase's extras.
pub const SHOWCASE_MEMBERS: i64 = 5_000;
pub const SHOWCASE_ACCOUNTS: i64 = 500;
pub const SHOWCASE_LOCATIONS: i64 = 1_000;
pub const SHOWCASE_INVITATIONS: i64 = 200;
pub const SHOWCASE_EVENTS: i64 = 10_000;

/// Rows per statement.
const CHUNK: i64 = 250_000;
/// Generated accounts' Partner IDs: above the range real ones are drawn
/// from (1,000,000–9,999,999), so neither can take the other's.
const FIRST_PARTNER_ID: i64 = 10_000_000;
/// 2025-01-01, the generated events' first day.
const START: i64 = 1_735_689_600;

/// What a run made and how long each kind took.
#[derive(Debug, Default)]
pub struct Report {
    pub steps: Vec<(&'static str, i64, Duration)>,
    pub showcase_partner_id: i64,
}

/// Fills the database up to `sizes` and makes the showcase if it is
/// missing. Needs `sizes.accounts ≥ 500` for the showcase's picker.
pub async fn fill(db: &Db, sizes: Sizes) -> Result<Report, AppError> {
    let mut report = Report::default();
    let parallel = db.connect_options().database_url.scheme() != "sqlite";
    let showcase = showcase(db).await?;
    report.showcase_partner_id = showcase.partner_id;
    let accounts = sizes.accounts.max(SHOWCASE_ACCOUNTS);

    // Accounts first (the others refer to them), each with an enrollment;
    // every other one with a published directory profile.
    let have = count(db, "accounts", "ga").await?;
    let started = Instant::now();
    chunks(db, parallel, have, accounts, |n| {
        vec![
            format!(
                "{n} INSERT INTO accounts (id, partner_id, legal_name, country, account_type,
                     created_at, address_city)
                 SELECT 'ga' || i, {FIRST_PARTNER_ID} + i, 'Company ' || (1000000 + i),
                        CASE i % 5 WHEN 0 THEN 'FR' WHEN 1 THEN 'GB' WHEN 2 THEN 'DE'
                                   WHEN 3 THEN 'US' ELSE 'ES' END,
                        'company', 0, {CITY}
                 FROM n"
            ),
            format!(
                "{n} INSERT INTO enrollments (account_id, program, status, updated_at, version)
                 SELECT 'ga' || i, CASE i % 3 WHEN 0 THEN 'mpn' WHEN 1 THEN 'csp'
                                             ELSE 'commercial-marketplace' END,
                        'active', 0, 1
                 FROM n"
            ),
            format!(
                "{n} INSERT INTO business_profiles (account_id, description, website, linkedin,
                     industries, products, services, customer_sizes, published_at,
                     search_text, sort_key, updated_at)
                 SELECT 'ga' || i, {DESCRIPTION}, '', '', {INDUSTRY}, '', '', '', 1,
                        LOWER('Company ' || (1000000 + i) || ' ' || {CITY} || ' ' || {DESCRIPTION}),
                        'company ' || (1000000 + i), 0
                 FROM n WHERE i % 2 = 0"
            ),
            // Their words in the directory's word index, as
            // `business::reindex` would put them: the name's two, the
            // city and the description's six.
            format!(
                "{n} INSERT INTO directory_words (word, account_id)
                 SELECT w.word, 'ga' || i FROM n CROSS JOIN (
                     SELECT 'company' AS word UNION ALL SELECT 'works' UNION ALL SELECT 'on'
                     UNION ALL SELECT 'for' UNION ALL SELECT 'its' UNION ALL SELECT 'customers'
                 ) w WHERE i % 2 = 0
                 UNION ALL SELECT CAST(1000000 + i AS TEXT), 'ga' || i FROM n WHERE i % 2 = 0
                 UNION ALL SELECT LOWER({CITY}), 'ga' || i FROM n WHERE i % 2 = 0
                 UNION ALL SELECT {}, 'ga' || i FROM n WHERE i % 2 = 0",
                topic!()
            ),
        ]
    })
    .await?;
    report
        .steps
        .push(("accounts", accounts - have, started.elapsed()));

    let have = count(db, "users", "gu").await?;
    let started = Instant::now();
    chunks(db, parallel, have, sizes.users, |n| {
        vec![
            format!(
                "{n} INSERT INTO users (id, email, display_name, password_hash, language, created_at)
                 SELECT 'gu' || i, {USER_EMAIL}, {USER_NAME}, 'generated', 'en', 0
                 FROM n"
            ),
            format!(
                "{n} INSERT INTO memberships (account_id, user_id, created_at, name_key, email)
                 SELECT 'ga' || (i % {accounts}), 'gu' || i, 0, LOWER({USER_NAME}), {USER_EMAIL}
                 FROM n"
            ),
            format!(
                "{n} INSERT INTO membership_roles (account_id, user_id, role)
                 SELECT 'ga' || (i % {accounts}), 'gu' || i,
                        CASE WHEN i < {accounts} THEN 'global_admin' ELSE 'sales_agent' END
                 FROM n"
            ),
        ]
    })
    .await?;
    report.steps.push((
        "users and memberships",
        sizes.users - have,
        started.elapsed(),
    ));

    let have = count(db, "locations", "LOC-g").await?;
    let started = Instant::now();
    chunks(db, parallel, have, sizes.locations, |n| {
        vec![location_sql(
            &n,
            "'LOC-g' || i",
            &format!("'ga' || (i % {accounts})"),
            &format!("CASE WHEN i < {accounts} THEN 1 ELSE 0 END"),
        )]
    })
    .await?;
    report
        .steps
        .push(("locations", sizes.locations - have, started.elapsed()));

    // An account's invitations are sent by its first user (its Global admin).
    let have = count(db, "invitations", "gi").await?;
    let started = Instant::now();
    let inviter = format!("'gu' || (i % {})", accounts.min(sizes.users.max(1)));
    chunks(db, parallel, have, sizes.invitations, |n| {
        vec![invitation_sql(
            &n,
            "'gi' || i",
            &format!("'ga' || (i % {accounts})"),
            &inviter,
        )]
    })
    .await?;
    report
        .steps
        .push(("invitations", sizes.invitations - have, started.elapsed()));

    let have = count(db, "activity_events", "ge").await?;
    let started = Instant::now();
    chunks(db, parallel, have, sizes.events, |n| {
        vec![event_sql(
            &n,
            "'ge' || i",
            &format!("'ga' || (i % {accounts})"),
            &format!("'gu' || (i % {})", sizes.users.max(1)),
        )]
    })
    .await?;
    report
        .steps
        .push(("activity events", sizes.events - have, started.elapsed()));

    let started = Instant::now();
    showcase_extras(db, &showcase).await?;
    report
        .steps
        .push(("showcase's extras", 0, started.elapsed()));
    if parallel {
        // What autovacuum would do next, done now: fresh statistics (row
        // estimates of tables that grew a thousandfold), the visibility map
        // (index-only scans) and hint bits, so the first readers don't.
        sqlx::query(
            "VACUUM ANALYZE accounts, enrollments, business_profiles, directory_words, users,
                 memberships, membership_roles, locations, invitations, activity_events",
        )
        .execute(db)
        .await?;
    } else {
        sqlx::query("PRAGMA optimize").execute(db).await?;
        // Back into the database file: readers of a database with a
        // gigabyte of write-ahead log look each page up in it (the
        // directory paid ~30 ms a call for that until the log was reset).
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(db)
            .await?;
    }
    Ok(report)
}

/// The showcase user and account: made once, through the sign-up.
pub struct Showcase {
    pub user_id: String,
    pub account_id: String,
    pub partner_id: i64,
}

/// Finds or signs up the showcase.
pub async fn showcase(db: &Db) -> Result<Showcase, AppError> {
    let found: Option<(String, String, i64)> = sqlx::query_as(
        "SELECT u.id, a.id, a.partner_id FROM users u
         JOIN memberships m ON m.user_id = u.id
         JOIN accounts a ON a.id = m.account_id AND a.legal_name = 'Showcase Ltd'
         WHERE u.email = $1",
    )
    .bind(SHOWCASE_EMAIL)
    .fetch_optional(db)
    .await?;
    if let Some((user_id, account_id, partner_id)) = found {
        return Ok(Showcase {
            user_id,
            account_id,
            partner_id,
        });
    }
    let signed_up = accounts::sign_up(
        db,
        &SignUp {
            email: SHOWCASE_EMAIL.into(),
            password: SHOWCASE_PASSWORD.into(),
            display_name: "Sasha Showcase".into(),
            account: NewAccount {
                legal_name: "Showcase Ltd".into(),
                country: "FR".into(),
                account_type: AccountType::Company,
            },
        },
        Language::En,
    )
    .await?;
    // Enrolled in a Partner program: its settings (users, locations, the
    // activity log) open.
    programs::enroll(db, &signed_up.user_id, signed_up.partner_id, Program::Mpn).await?;
    let (account_id,): (String,) = sqlx::query_as("SELECT id FROM accounts WHERE partner_id = $1")
        .bind(signed_up.partner_id)
        .fetch_one(db)
        .await?;
    Ok(Showcase {
        user_id: signed_up.user_id,
        account_id,
        partner_id: signed_up.partner_id,
    })
}

/// The showcase's members, locations, invitations, events and its
/// memberships in 500 generated accounts, once.
async fn showcase_extras(db: &Db, showcase: &Showcase) -> Result<(), AppError> {
    if count(db, "users", "gm").await? > 0 {
        return Ok(());
    }
    // The showcase's ids are the only text spliced into the SQL: a uuid's
    // hex digits, checked here.
    let hex = |s: &str| s.chars().all(|c| c.is_ascii_hexdigit());
    if !hex(&showcase.user_id) || !hex(&showcase.account_id) {
        return Err(AppError::Internal);
    }
    let account = format!("'{}'", showcase.account_id);
    let user = format!("'{}'", showcase.user_id);
    let mut tx = crate::db::begin(db).await?;
    for sql in [
        format!(
            "{} INSERT INTO users (id, email, display_name, password_hash, language, created_at)
             SELECT 'gm' || i, {MEMBER_EMAIL}, {MEMBER_NAME}, 'generated', 'en', 0
             FROM n",
            numbers(0, SHOWCASE_MEMBERS)
        ),
        format!(
            "{} INSERT INTO memberships (account_id, user_id, created_at, name_key, email)
             SELECT {account}, 'gm' || i, 0, LOWER({MEMBER_NAME}), {MEMBER_EMAIL} FROM n",
            numbers(0, SHOWCASE_MEMBERS)
        ),
        format!(
            "{} INSERT INTO membership_roles (account_id, user_id, role)
             SELECT {account}, 'gm' || i,
                    CASE i % 3 WHEN 0 THEN 'sales_agent' WHEN 1 THEN 'helpdesk_agent'
                               ELSE 'billing_admin' END
             FROM n",
            numbers(0, SHOWCASE_MEMBERS)
        ),
        format!(
            "{} INSERT INTO memberships (account_id, user_id, created_at, name_key, email)
             SELECT 'ga' || i, u.id, 0, LOWER(u.display_name), u.email
             FROM n JOIN users u ON u.id = {user}",
            numbers(0, SHOWCASE_ACCOUNTS)
        ),
        format!(
            "{} INSERT INTO membership_roles (account_id, user_id, role)
             SELECT 'ga' || i, {user}, 'global_admin' FROM n",
            numbers(0, SHOWCASE_ACCOUNTS)
        ),
        location_sql(
            &numbers(0, SHOWCASE_LOCATIONS),
            "'LOC-s' || i",
            &account,
            "0",
        ),
        invitation_sql(
            &numbers(0, SHOWCASE_INVITATIONS),
            "'gsi' || i",
            &account,
            &user,
        ),
        event_sql(
            &numbers(0, SHOWCASE_EVENTS),
            "'gse' || i",
            &account,
            &format!("CASE WHEN i % 2 = 0 THEN {user} ELSE 'gm' || (i % 9) END"),
        ),
    ] {
        sqlx::query(&sql).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

const CITY: &str = "CASE i % 4 WHEN 0 THEN 'Lyon' WHEN 1 THEN 'Leeds' WHEN 2 THEN 'Essen' \
                    ELSE 'Austin' END";
const DESCRIPTION: &str = concat!("'Works on ' || ", topic!(), " || ' for its customers.'");
const INDUSTRY: &str = "CASE i % 3 WHEN 0 THEN 'education' WHEN 1 THEN 'healthcare' \
                        ELSE 'retail' END";

fn location_sql(numbers: &str, id: &str, account: &str, is_hq: &str) -> String {
    format!(
        "{numbers} INSERT INTO locations (id, account_id, name, name_key, address_line1,
             address_line2, city, region, postal_code, country, contact_name, contact_email,
             contact_phone, is_hq, created_at, updated_at)
         SELECT {id}, {account}, 'Site ' || (1000000 + i), 'site ' || (1000000 + i),
                (i % 200) || ' Main Street', '', {CITY}, '', '10' || (i % 900), 'FR',
                'Contact ' || i, 'site' || i || '@generated.example', '33100000000',
                {is_hq}, 0, 0
         FROM n"
    )
}

fn invitation_sql(numbers: &str, id: &str, account: &str, inviter: &str) -> String {
    format!(
        "{numbers} INSERT INTO invitations (id, account_id, email, roles, token_hash, invited_by,
             created_at, expires_at, status, updated_at)
         SELECT {id}, {account}, 'invitee' || i || '-' || {id} || '@generated.example',
                'sales_agent', 'generated-' || {id}, {inviter}, {START} + i,
                {START} + i + 604800, 'pending', {START} + i
         FROM n"
    )
}

fn event_sql(numbers: &str, id: &str, account: &str, actor: &str) -> String {
    format!(
        "{numbers} INSERT INTO activity_events
             (id, occurred_at, account_id, actor_user_id, action, subject, old_value, new_value)
         SELECT {id}, {START} + (i % 10000) * 3000 + i / 10000, {account}, {actor},
                CASE i % 5 WHEN 0 THEN 'location.added' WHEN 1 THEN 'member.roles_changed'
                           WHEN 2 THEN 'account.billing_profile_updated'
                           WHEN 3 THEN 'user.profile_updated' ELSE 'program.enrolled' END,
                NULL, 'before', 'after'
         FROM n"
    )
}

/// A CTE `n(i)` of the numbers `from..to`.
fn numbers(from: i64, to: i64) -> String {
    format!(
        "WITH RECURSIVE n(i) AS (SELECT {from} UNION ALL SELECT i + 1 FROM n WHERE i < {})",
        to - 1
    )
}

/// The rows of `table` whose id starts with `prefix` (compared as bytes: SQLite's
/// LIKE ignores case, and `LOC-g` isn't `LOC-G`).
async fn count(db: &Db, table: &str, prefix: &str) -> Result<i64, AppError> {
    let (n,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM {table} WHERE SUBSTR(id, 1, {}) = $1",
        prefix.len()
    ))
    .bind(prefix)
    .fetch_one(db)
    .await?;
    Ok(n)
}

/// Runs `statements(numbers)` for the numbers `from..to`, a chunk at a time
/// (each chunk's statements in one transaction); two chunks at once when
/// `parallel` (PostgreSQL: SQLite has one writer).
async fn chunks(
    db: &Db,
    parallel: bool,
    from: i64,
    to: i64,
    statements: impl Fn(String) -> Vec<String>,
) -> Result<(), AppError> {
    let mut work: Vec<Vec<String>> = Vec::new();
    let mut start = from;
    while start < to {
        let end = (start + CHUNK).min(to);
        work.push(statements(numbers(start, end)));
        start = end;
    }
    let run = |part: Vec<Vec<String>>| async move {
        for chunk in part {
            let mut tx = crate::db::begin(db).await?;
            for sql in chunk {
                sqlx::query(&sql).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        }
        Ok::<(), AppError>(())
    };
    if parallel && work.len() > 1 {
        let odd: Vec<Vec<String>> = work.iter().skip(1).step_by(2).cloned().collect();
        let even: Vec<Vec<String>> = work.into_iter().step_by(2).collect();
        tokio::try_join!(run(even), run(odd))?;
    } else {
        run(work).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_cover_the_range_end_excluded() {
        assert_eq!(
            numbers(5, 10),
            "WITH RECURSIVE n(i) AS (SELECT 5 UNION ALL SELECT i + 1 FROM n WHERE i < 9)"
        );
    }
}
