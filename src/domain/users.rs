//! Users: credentials, sign-in throttling, preferences.

use super::activity::{self, Action, Event};
use crate::auth::password;
use crate::db::{is_unique_violation, now, Db, Tx};
use crate::model::validation::{normalize_email, EMAIL_MAX, PASSWORD_MAX};
use crate::model::{AppError, CurrentUser, Language};

/// Failed sign-ins allowed per email within [`THROTTLE_WINDOW_SECS`].
pub const MAX_FAILURES: i64 = 5;
pub const THROTTLE_WINDOW_SECS: i64 = 15 * 60;
/// Failed sign-ins allowed per client address within the window, whatever
/// the emails: enough for an office behind one address, not for spraying.
pub const MAX_FAILURES_PER_CLIENT: i64 = 50;

#[derive(Clone, Debug)]
pub struct UserRecord {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub language: Language,
    /// Signed in with a temporary password that must be replaced first.
    pub must_change_password: bool,
    /// Bumped by every password change or reset: a session made before it
    /// no longer matches (see `auth::SessionUser`).
    pub session_generation: i64,
    pub profile_version: i64,
}

impl UserRecord {
    /// What the pages show of the signed-in person.
    pub fn current(&self) -> CurrentUser {
        CurrentUser {
            display_name: self.display_name.clone(),
            email: self.email.clone(),
            language: self.language,
            profile_version: self.profile_version,
        }
    }
}

/// A `users` row as [`COLUMNS`] reads it.
pub(crate) type Row = (String, String, String, String, String, i64, i64, i64);

/// The columns of a [`UserRecord`], as `u.…` for queries that join `users u`
/// (the session store reads the user with the session).
pub(crate) const COLUMNS: &str = "u.id, u.email, u.display_name, u.password_hash, u.language, \
     u.must_change_password, u.session_generation, u.profile_version";

pub(crate) fn from_row(
    (id, email, display_name, password_hash, language, must_change, generation, version): Row,
) -> UserRecord {
    UserRecord {
        id,
        email,
        display_name,
        password_hash,
        language: Language::from_code(&language).unwrap_or_default(),
        must_change_password: must_change != 0,
        session_generation: generation,
        profile_version: version,
    }
}

fn select() -> String {
    format!("SELECT {COLUMNS} FROM users u")
}

/// A user about to be created.
pub(crate) struct NewUserRow<'a> {
    pub id: &'a str,
    /// Already normalised.
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub language: Language,
    /// Created with a temporary password ("Add user").
    pub must_change_password: bool,
}

/// Inserts a user; `Ok(false)` when the email already has one. The unique
/// index decides, not a racy read-then-insert.
pub(crate) async fn insert(tx: &mut Tx<'_>, user: &NewUserRow<'_>) -> Result<bool, AppError> {
    let inserted = sqlx::query(
        "INSERT INTO users (id, email, display_name, password_hash, language, created_at, must_change_password)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(user.id)
    .bind(user.email)
    .bind(user.display_name)
    .bind(user.password_hash)
    .bind(user.language.code())
    .bind(now())
    .bind(i64::from(user.must_change_password))
    .execute(&mut **tx)
    .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(error) if is_unique_violation(&error, "users_email_key") => Ok(false),
        Err(error) => Err(error.into()),
    }
}

pub async fn by_id(db: &Db, user_id: &str) -> Result<Option<UserRecord>, AppError> {
    let row: Option<Row> = sqlx::query_as(&format!("{} WHERE u.id = $1", select()))
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(from_row))
}

pub async fn current(db: &Db, user_id: &str) -> Result<CurrentUser, AppError> {
    let row: Option<(String, String, String, i64)> = sqlx::query_as(
        "SELECT display_name, email, language, profile_version FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    let (display_name, email, language, profile_version) = row.ok_or(AppError::NotSignedIn)?;
    Ok(CurrentUser {
        display_name,
        email,
        language: Language::from_code(&language).unwrap_or_default(),
        profile_version,
    })
}

/// Checks a work email and password. Every failure answers `BadCredentials`
/// (no hint whether the email exists). Throttled in the database, so the
/// limits hold across app instances: within the window, an email gets
/// [`MAX_FAILURES`] tries and a client address [`MAX_FAILURES_PER_CLIENT`]
/// (password spraying across many emails); past either, even the right
/// password is refused until the window moves on (a locked-out owner gets
/// back in sooner with the emailed reset, which lifts the email's count).
///
/// The attempt is written *before* the check and the count includes it, so
/// parallel attempts can't all read "0 so far": of any burst, at most the
/// limit are checked against the password. A successful attempt removes
/// its row; every other attempt, refused or wrong, stays counted (so a lock
/// lasts while the guessing goes on). A storm of refused attempts is kept
/// cheap by the server, which answers them late (`auth::Config::
/// refusal_delay`): each connection's next attempt waits for that answer.
pub async fn authenticate(
    db: &Db,
    email: &str,
    password: &str,
    client: Option<&str>,
) -> Result<UserRecord, AppError> {
    // No account has an email or password this long, or an email with a
    // control character (PostgreSQL can't even compare one holding NUL):
    // refused before any query or hash (nor counted: it names no one).
    if email.len() > EMAIL_MAX
        || password.len() > 4 * PASSWORD_MAX
        || crate::model::validation::has_control(email, false)
    {
        return Err(AppError::BadCredentials);
    }
    let email = normalize_email(email);
    let attempt = uuid::Uuid::new_v4().to_string();
    let at = now();
    let since = at - THROTTLE_WINDOW_SECS;
    sqlx::query(
        "INSERT INTO sign_in_failures (id, email, client, failed_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&attempt)
    .bind(&email)
    .bind(client.unwrap_or_default())
    .bind(at)
    .execute(db)
    .await?;
    let (by_email, by_client): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM sign_in_failures WHERE email = $1 AND failed_at > $3),
                (SELECT COUNT(*) FROM sign_in_failures WHERE client = $2 AND client <> ''
                                                         AND failed_at > $3)",
    )
    .bind(&email)
    .bind(client.unwrap_or_default())
    .bind(since)
    .fetch_one(db)
    .await?;
    if by_email > MAX_FAILURES || by_client > MAX_FAILURES_PER_CLIENT {
        return Err(AppError::TooManyAttempts);
    }
    let row: Option<Row> = sqlx::query_as(&format!("{} WHERE u.email = $1", select()))
        .bind(&email)
        .fetch_optional(db)
        .await?;
    let user = row.map(from_row);
    // Verify against a dummy hash for unknown emails so timing doesn't tell.
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let verified = password::verify(password.to_string(), hash).await?;
    match user {
        Some(user) if verified => {
            sqlx::query("DELETE FROM sign_in_failures WHERE id = $1")
                .bind(&attempt)
                .execute(db)
                .await?;
            Ok(user)
        }
        _ => {
            // Housekeeping: what the window no longer counts.
            sqlx::query("DELETE FROM sign_in_failures WHERE failed_at <= $1")
                .bind(since)
                .execute(db)
                .await?;
            Err(AppError::BadCredentials)
        }
    }
}

pub async fn set_language(db: &Db, user_id: &str, language: Language) -> Result<(), AppError> {
    let mut tx = crate::db::begin(db).await?;
    let old: Option<(String,)> = sqlx::query_as("SELECT language FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some((old,)) = old else {
        return Err(AppError::NotSignedIn);
    };
    if old == language.code() {
        return Ok(());
    }
    sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
        .bind(language.code())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    activity::record(
        &mut tx,
        Event {
            action: Action::LanguageChanged,
            actor_user_id: user_id,
            account_id: None,
            subject: Some(user_id),
            old_value: Some(&old),
            new_value: Some(language.code()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
