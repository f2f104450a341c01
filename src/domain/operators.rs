//! The software vendor's operators (SPEC §10): who they are, and the
//! accounts console (search, suspend, reactivate). The review queues live
//! with what they review (`verification`, `tax_exemptions`).
//!
//! An operator is a user with a row in `operators` and no membership: the
//! account pages answer them NotFound, as to any stranger. Every operator
//! function starts with [`require`]; to anyone else the console doesn't
//! exist (NotFound).

use super::activity::{self, Action, Event};
use super::outbox::{self, Email};
use super::users::{self, NewUserRow};
use crate::auth::password;
use crate::db::{like_pattern, new_id, now, Db, Tx};
use crate::model::operator::{Decision, OperatorAccount, QUEUE_MAX};
use crate::model::tax_exemption::check_reason;
use crate::model::validation::{is_valid_email, normalize_email};
use crate::model::{AppError, Language, VerificationStatus};

/// The acting operator (proof that [`require`] passed).
#[derive(Clone, Debug)]
pub struct Operator {
    pub user_id: String,
}

/// The operator behind `user_id`, or NotFound.
pub async fn require(db: &Db, user_id: &str) -> Result<Operator, AppError> {
    if is_operator(db, user_id).await? {
        Ok(Operator {
            user_id: user_id.to_string(),
        })
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn is_operator(db: &Db, user_id: &str) -> Result<bool, AppError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT user_id FROM operators WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    Ok(row.is_some())
}

/// `partner_portal operator add EMAIL`: a new user who is an operator,
/// with a one-time password (returned, to print) to replace at first
/// sign-in. An email that already has a user is refused: operators are
/// nobody's members.
pub async fn add(db: &Db, email: &str, display_name: &str) -> Result<String, AppError> {
    let email = normalize_email(email);
    if !is_valid_email(&email) {
        return Err(AppError::invalid(
            "email",
            crate::model::validation::Problem::InvalidEmail,
        ));
    }
    let temporary = password::temporary();
    create(db, &email, display_name, &temporary, true).await?;
    Ok(temporary)
}

/// Creates an operator with this password (the demo's sign-in, and `add`).
pub async fn create(
    db: &Db,
    email: &str,
    display_name: &str,
    password: &str,
    must_change_password: bool,
) -> Result<String, AppError> {
    let hash = password::hash(password.to_string()).await?;
    let id = new_id();
    let mut tx = crate::db::begin(db).await?;
    let created = users::insert(
        &mut tx,
        &NewUserRow {
            id: &id,
            email,
            display_name,
            password_hash: &hash,
            language: Language::En,
            must_change_password,
        },
    )
    .await?;
    if !created {
        return Err(AppError::invalid(
            "email",
            crate::model::validation::Problem::EmailTaken,
        ));
    }
    sqlx::query("INSERT INTO operators (user_id, created_at) VALUES ($1, $2)")
        .bind(&id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    partner_id: i64,
    legal_name: String,
    country: String,
    verification_status: String,
    status: String,
    status_reason: Option<String>,
}

impl From<AccountRow> for OperatorAccount {
    fn from(row: AccountRow) -> Self {
        OperatorAccount {
            partner_id: row.partner_id,
            legal_name: row.legal_name,
            country: row.country,
            verification: VerificationStatus::from_code(&row.verification_status),
            suspended: (row.status == SUSPENDED).then(|| row.status_reason.unwrap_or_default()),
        }
    }
}

/// An operator's search for accounts: a Partner ID (exact) or words of
/// the name (contains, any case); empty matches every account.
pub(crate) struct AccountSearch {
    pub partner_id: i64,
    /// A LIKE pattern; `%` (everything) for an empty search.
    pub pattern: String,
}

impl AccountSearch {
    pub fn new(query: &str) -> AccountSearch {
        let query = query.trim();
        AccountSearch {
            // Partner IDs are positive: -1 matches none.
            partner_id: query.parse::<i64>().unwrap_or(-1),
            pattern: like_pattern(query),
        }
    }

    /// The SQL condition, its two parameters numbered from `first`.
    pub fn condition(&self, partner_id: &str, legal_name: &str, first: usize) -> String {
        format!(
            "({partner_id} = ${first} OR LOWER({legal_name}) LIKE ${} ESCAPE '\\')",
            first + 1
        )
    }
}

const SUSPENDED: &str = "suspended";
const ACTIVE: &str = "active";

/// Accounts by name (contains, any case) or Partner ID (exact): the
/// suspended ones first, then by name.
pub async fn search_accounts(
    db: &Db,
    operator: &Operator,
    query: &str,
) -> Result<Vec<OperatorAccount>, AppError> {
    let _ = operator;
    let search = AccountSearch::new(query);
    // Suspended ones first: those an operator comes back to.
    let rows: Vec<AccountRow> = sqlx::query_as(&format!(
        "SELECT partner_id, legal_name, country, verification_status, status, status_reason
         FROM accounts WHERE {}
         ORDER BY CASE WHEN status = $1 THEN 0 ELSE 1 END, legal_name, partner_id
         LIMIT {QUEUE_MAX}",
        search.condition("partner_id", "legal_name", 2)
    ))
    .bind(SUSPENDED)
    .bind(search.partner_id)
    .bind(&search.pattern)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(OperatorAccount::from).collect())
}

/// Suspends the account (a reason is required: its members read it) or,
/// with `None`, makes it active again. Emails the primary contact.
pub async fn set_account_status(
    db: &Db,
    operator: &Operator,
    partner_id: i64,
    suspension: Option<&str>,
) -> Result<(), AppError> {
    if let Some(reason) = suspension {
        check_reason(reason).map_err(AppError::Invalid)?;
    }
    let reason = suspension.map(str::trim);
    let mut tx = crate::db::begin(db).await?;
    // The account's row first: it serialises with the members' changes
    // (they take it in `access::begin_edit`).
    let (account_id, legal_name, contact_email) = lock_account(&mut tx, partner_id).await?;
    let old: (String, Option<String>) =
        sqlx::query_as("SELECT status, status_reason FROM accounts WHERE id = $1")
            .bind(&account_id)
            .fetch_one(&mut *tx)
            .await?;
    let status = if reason.is_some() { SUSPENDED } else { ACTIVE };
    if old.0 == status && old.1.as_deref() == reason {
        return Ok(());
    }
    sqlx::query("UPDATE accounts SET status = $2, status_reason = $3 WHERE id = $1")
        .bind(&account_id)
        .bind(status)
        .bind(reason)
        .execute(&mut *tx)
        .await?;
    activity::record(
        &mut tx,
        Event {
            action: if reason.is_some() {
                Action::AccountSuspended
            } else {
                Action::AccountReactivated
            },
            actor_user_id: &operator.user_id,
            account_id: Some(&account_id),
            subject: Some("status"),
            old_value: Some(&old.0),
            new_value: Some(&Decision::event_value(status, reason)),
        },
    )
    .await?;
    if let Some(to) = contact_email.as_deref() {
        let body = match reason {
            Some(reason) => format!(
                "The Partner Portal account {legal_name} was suspended: {reason}\n\
                 Its members can still read its pages, but nothing can be changed.\n\n\
                 Le compte Partner Portal {legal_name} a été suspendu : {reason}\n\
                 Ses membres peuvent toujours consulter ses pages, mais rien ne peut être modifié.\n"
            ),
            None => format!(
                "The Partner Portal account {legal_name} is active again.\n\n\
                 Le compte Partner Portal {legal_name} est de nouveau actif.\n"
            ),
        };
        outbox::queue(
            &mut tx,
            Email {
                to,
                subject: "Your partner account / Votre compte partenaire",
                body: &body,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Takes the account's write lock (as `access::begin_edit` does) and
/// returns its id, legal name and primary contact email; NotFound for a
/// Partner ID that doesn't exist.
pub(crate) async fn lock_account(
    tx: &mut Tx<'_>,
    partner_id: i64,
) -> Result<(String, String, Option<String>), AppError> {
    let locked =
        sqlx::query("UPDATE accounts SET write_lock = write_lock + 1 WHERE partner_id = $1")
            .bind(partner_id)
            .execute(&mut **tx)
            .await?;
    if locked.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    let row: (String, String, Option<String>) =
        sqlx::query_as("SELECT id, legal_name, contact_email FROM accounts WHERE partner_id = $1")
            .bind(partner_id)
            .fetch_one(&mut **tx)
            .await?;
    Ok(row)
}
