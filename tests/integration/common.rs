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
    let (url, cleanup) = postgres_schema().await;
    let pool = db::connect(&url)
        .await
        .expect("open PostgreSQL test schema");
    (pool, cleanup)
}

/// A fresh schema's address (for several pools on it, as several app
/// instances would have); `Cleanup::run` drops it.
pub async fn postgres_schema() -> (String, Cleanup) {
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
    // A statement waiting over a minute (a lock never released) fails,
    // naming itself, instead of hanging the test.
    let url = format!(
        "{base}{separator}options=-c%20search_path%3D{schema}%20-c%20statement_timeout%3D60000"
    );
    (url, Cleanup::Postgres { admin, schema })
}

pub enum Cleanup {
    Sqlite(std::path::PathBuf),
    Postgres {
        admin: sqlx::AnyPool,
        schema: String,
    },
}

/// The longest a test may take: several times the slowest (the crash
/// tests, about a minute). A test still waiting past it fails, naming
/// itself, instead of holding the whole run until CI's limit (stop 25's CI
/// waited 90 minutes on one hung test).
pub const TEST_LIMIT: std::time::Duration = std::time::Duration::from_secs(300);

/// Runs `test`, failing if it is still waiting after [`TEST_LIMIT`].
pub async fn within_limit(name: &str, test: impl std::future::Future<Output = ()>) {
    within(TEST_LIMIT, name, test).await;
}

async fn within(
    limit: std::time::Duration,
    name: &str,
    test: impl std::future::Future<Output = ()>,
) {
    if tokio::time::timeout(limit, test).await.is_err() {
        panic!("{name} was still waiting after {limit:?}: something never answers");
    }
}

#[tokio::test]
#[should_panic(expected = "forever was still waiting after 10ms")]
async fn a_test_that_never_finishes_fails_at_its_limit() {
    within(
        std::time::Duration::from_millis(10),
        "forever",
        std::future::pending(),
    )
    .await;
}

impl Cleanup {
    pub async fn run(self, pool: Db) {
        // Closing waits for every connection to come back: one a request
        // never returned (a leak) would wait forever, so it has a limit.
        if tokio::time::timeout(std::time::Duration::from_secs(30), pool.close())
            .await
            .is_err()
        {
            panic!("the test's pool did not close within 30 s: a connection was never returned");
        }
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
                    $crate::common::within_limit(
                        concat!(stringify!($name), " on SQLite"),
                        super::$name(db.clone()),
                    )
                    .await;
                    cleanup.run(db).await;
                }

                #[tokio::test]
                async fn postgres() {
                    let (db, cleanup) = $crate::common::postgres().await;
                    $crate::common::within_limit(
                        concat!(stringify!($name), " on PostgreSQL"),
                        super::$name(db.clone()),
                    )
                    .await;
                    cleanup.run(db).await;
                }
            }
        )*
    };
}

use partner_portal::domain::accounts;
use partner_portal::model::account::{NewAccount, SignUp};
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
    sqlx::query(
        "INSERT INTO memberships (account_id, user_id, created_at, name_key, email)
             SELECT $1, $2, 0, LOWER(display_name), email FROM users WHERE id = $2",
    )
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

/// The last confirmation link's secret sent to `email`, read from the outbox
/// as the person would read the email.
pub async fn verification_token(db: &Db, email: &str) -> String {
    let bodies: Vec<(String,)> =
        sqlx::query_as("SELECT body FROM outbox WHERE recipient = $1 ORDER BY created_at")
            .bind(email)
            .fetch_all(db)
            .await
            .expect("outbox");
    let body = &bodies.last().expect("an email to the contact").0;
    let start = body.find("/verify-email/").expect("a link") + "/verify-email/".len();
    body[start..]
        .split_whitespace()
        .next()
        .expect("token")
        .to_string()
}

/// A complete legal business profile whose primary contact is `contact_email`.
pub fn legal_profile(contact_email: &str) -> partner_portal::model::partner_profile::LegalProfile {
    partner_portal::model::partner_profile::LegalProfile {
        legal_name: "Contoso SAS".into(),
        address_line1: "1 rue de la Paix".into(),
        address_line2: String::new(),
        city: "Paris".into(),
        region: String::new(),
        postal_code: "75002".into(),
        country: "FR".into(),
        contact_first_name: "Ana".into(),
        contact_last_name: "Martin".into(),
        contact_email: contact_email.into(),
        contact_phone: String::new(),
    }
}

pub const BASE_URL: &str = "https://portal.example";

/// The secret of an emailed link (its last path segment).
pub fn token(link: &str) -> String {
    link.rsplit('/').next().unwrap_or_default().to_string()
}

/// Enrolls in `program` and meets its requirements through the app, as a
/// user would: profile and email link (MPN), publisher display name, latest
/// agreement, fee (Windows and Xbox). Ends with the enrollment active.
pub async fn enroll_active(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    program: partner_portal::model::Program,
) {
    use partner_portal::domain::{agreements, enrollment, programs};
    use partner_portal::model::{contact_info::ContactInfo, EnrollmentStatus, Program};
    programs::enroll(db, user_id, partner_id, program)
        .await
        .expect("enroll");
    if program == Program::Mpn {
        let contact = format!("contact-{partner_id}@example.com");
        save_legal_profile(db, user_id, partner_id, &legal_profile(&contact), BASE_URL)
            .await
            .expect("profile");
        let token = verification_token(db, &contact).await;
        enrollment::verify_email(db, &token).await.expect("verify");
    }
    if program
        .requirements()
        .contains(&partner_portal::model::requirement::Requirement::PublisherDisplayName)
    {
        let info = ContactInfo {
            publisher_display_name: format!("Publisher {partner_id}"),
            contact_name: "Ana".into(),
            contact_email: "ana@example.com".into(),
            contact_phone: String::new(),
        };
        save_contact_info(db, user_id, partner_id, &info)
            .await
            .expect("contact info");
    }
    if program == Program::Referrals {
        save_business_profile(
            db,
            user_id,
            partner_id,
            &published_profile("Cloud migrations for retailers."),
        )
        .await
        .expect("business profile");
    }
    if program == Program::WindowsXbox {
        enrollment::acknowledge_fee(db, user_id, partner_id)
            .await
            .expect("fee");
    }
    if let Some(agreement) = program.agreement() {
        let (latest,): (i64,) =
            sqlx::query_as("SELECT MAX(version) FROM agreement_versions WHERE agreement = $1")
                .bind(agreement.code())
                .fetch_one(db)
                .await
                .expect("latest version");
        agreements::accept(db, user_id, partner_id, agreement, latest)
            .await
            .expect("accept");
    }
    let status = programs::enrollments(db, user_id, partner_id)
        .await
        .expect("enrollments")
        .into_iter()
        .find(|e| e.program == program)
        .map(|e| e.status);
    assert_eq!(status, Some(EnrollmentStatus::Active), "{program:?}");
}

/// A business profile ready to publish.
pub fn published_profile(description: &str) -> partner_portal::model::business::BusinessProfile {
    partner_portal::model::business::BusinessProfile {
        description: description.into(),
        website: "https://contoso.example".into(),
        linkedin: String::new(),
        industries: vec!["retail".into()],
        products: vec!["cloud_infrastructure".into()],
        services: vec!["migration".into()],
        customer_sizes: vec!["medium".into()],
        published: true,
        locations: Vec::new(),
        logo_at: None,
    }
}

// The saves below load the record's version first, as a form does, then
// save with it: for tests that aren't about concurrent edits.

pub async fn save_legal_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &partner_portal::model::partner_profile::LegalProfile,
    base_url: &str,
) -> Result<Option<String>, partner_portal::model::AppError> {
    use partner_portal::domain::partner_profile;
    let version = partner_profile::legal_profile(db, user_id, partner_id)
        .await?
        .version;
    Ok(
        partner_profile::save_legal_profile(db, user_id, partner_id, input, version, base_url)
            .await?
            .0,
    )
}

pub async fn save_billing_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &partner_portal::model::billing::BillingProfile,
) -> Result<(), partner_portal::model::AppError> {
    use partner_portal::domain::billing;
    let version = billing::billing_profile(db, user_id, partner_id)
        .await?
        .version;
    billing::save_billing_profile(db, user_id, partner_id, input, version)
        .await
        .map(|_| ())
}

pub async fn save_business_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &partner_portal::model::business::BusinessProfile,
) -> Result<(), partner_portal::model::AppError> {
    use partner_portal::domain::business;
    let version = business::business_profile(db, user_id, partner_id)
        .await?
        .version;
    business::save_business_profile(db, user_id, partner_id, input, version)
        .await
        .map(|_| ())
}

pub async fn save_contact_info(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &partner_portal::model::contact_info::ContactInfo,
) -> Result<(), partner_portal::model::AppError> {
    use partner_portal::domain::contact_info;
    let version = contact_info::contact_info(db, user_id, partner_id)
        .await?
        .version;
    contact_info::save_contact_info(db, user_id, partner_id, input, version)
        .await
        .map(|_| ())
}

pub async fn change_roles(
    db: &Db,
    actor_id: &str,
    partner_id: i64,
    user_id: &str,
    roles: &[partner_portal::model::Role],
) -> Result<(), partner_portal::model::AppError> {
    use partner_portal::domain::members;
    let version = members::get(db, actor_id, partner_id, user_id)
        .await?
        .version;
    members::change_roles(db, actor_id, partner_id, user_id, roles, version)
        .await
        .map(|_| ())
}

pub async fn update_profile(
    db: &Db,
    user_id: &str,
    display_name: &str,
    language: partner_portal::model::Language,
) -> Result<(), partner_portal::model::AppError> {
    use partner_portal::domain::{my_profile, users};
    let version = users::current(db, user_id).await?.profile_version;
    let profile = partner_portal::model::account::ProfileChange {
        display_name: display_name.into(),
        language,
    };
    my_profile::update(db, user_id, &profile, version)
        .await
        .map(|_| ())
}

/// An operator of the vendor (SPEC §10), acting in the console.
pub async fn operator(db: &Db) -> partner_portal::domain::operators::Operator {
    use partner_portal::domain::operators;
    let id = operators::create(
        db,
        "olivia@vendor.example",
        "Olivia",
        "a long enough password",
        false,
    )
    .await
    .expect("create operator");
    operators::require(db, &id).await.expect("an operator")
}

/// The navigation shell both ways the server reads it: on its own (a
/// server function called from the browser) and as a page's rendering does,
/// with the membership and the lists in one query (`accounts::gate_and_shell`
/// as the gate cache's loader). The two must agree, refusals included.
pub async fn shell(
    db: &Db,
    user_id: &str,
    partner_id: i64,
) -> Result<partner_portal::model::Shell, partner_portal::model::AppError> {
    use partner_portal::domain::access::request_cache;
    let alone = accounts::shell(db, user_id, partner_id).await;
    let rendering = request_cache::scope(
        Some(accounts::gate_and_shell_loader()),
        accounts::shell(db, user_id, partner_id),
    )
    .await;
    assert_eq!(
        alone, rendering,
        "the shell read alone and by a page's rendering"
    );
    alone
}
