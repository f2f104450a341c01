//! "Forgot password?": a person who can't sign in gets a single-use link
//! by email (30 minutes), whether or not an admin is around. Asking answers
//! the same whether the email has a user or not; using the link sets the
//! new password, ends every session of the user and lifts the sign-in
//! throttle of their email (a locked-out owner gets back in this way).

use super::activity::{self, Action, Event};
use super::outbox::{self, Email};
use crate::auth::password;
use crate::db::{new_token, now, token_hash, Db};
use crate::model::validation::{check_new_password, normalize_email, Errors, EMAIL_MAX};
use crate::model::{AppError, Conflict};

/// How long a link works.
pub const LINK_LIFETIME_SECS: i64 = 30 * 60;
/// Links sent to one user per hour at most (more asks send nothing, and
/// answer the same): nobody floods an inbox through this form.
pub const LINKS_PER_HOUR: i64 = 3;

/// Emails a reset link to `email` if a user has it. Always `Ok(())` for a
/// well-formed request: the answer doesn't say whether the email exists.
pub async fn request(db: &Db, email: &str, base_url: &str) -> Result<(), AppError> {
    // No account has such an email: the same answer as for an unknown one.
    if email.len() > EMAIL_MAX || crate::model::validation::has_control(email, false) {
        return Ok(());
    }
    let email = normalize_email(email);
    let user: Option<(String,)> = sqlx::query_as("SELECT id FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(db)
        .await?;
    let Some((user_id,)) = user else {
        return Ok(());
    };
    let at = now();
    let mut tx = crate::db::begin(db).await?;
    // The user's row first: parallel asks count one after the other.
    sqlx::query("UPDATE users SET email = email WHERE id = $1")
        .bind(&user_id)
        .execute(&mut *tx)
        .await?;
    let (recent,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM password_resets WHERE user_id = $1 AND created_at > $2",
    )
    .bind(&user_id)
    .bind(at - 3600)
    .fetch_one(&mut *tx)
    .await?;
    if recent >= LINKS_PER_HOUR {
        return Ok(());
    }
    let token = new_token();
    sqlx::query(
        "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(&user_id)
    .bind(at)
    .bind(at + LINK_LIFETIME_SECS)
    .execute(&mut *tx)
    .await?;
    let link = format!("{base_url}/reset-password/{token}");
    let body = format!(
        "Someone asked to reset the password of {email} in Partner Portal. To choose a new \
         password, open this link within 30 minutes:\n{link}\n\nIf it wasn't you, ignore this \
         email: your password stays as it is.\n\n\
         Quelqu'un a demandé la réinitialisation du mot de passe de {email} dans Partner \
         Portal. Pour choisir un nouveau mot de passe, ouvrez ce lien dans les 30 minutes :\n\
         {link}\n\nSi ce n'était pas vous, ignorez cet e-mail : votre mot de passe ne change pas.\n"
    );
    outbox::queue(
        &mut tx,
        Email {
            to: &email,
            subject: "Reset your password / Réinitialiser votre mot de passe",
            body: &body,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the new password with a link's secret: once, before it expires.
/// Returns the user's id. A used, expired or unknown link is `LinkClosed`.
pub async fn reset(db: &Db, token: &str, new_password: &str) -> Result<String, AppError> {
    let mut errors = Errors::default();
    check_new_password(new_password, "password", &mut errors);
    errors.into_result().map_err(AppError::Invalid)?;
    let at = now();
    // A link that can't work costs no password hashing.
    let open: Option<(String,)> = sqlx::query_as(
        "SELECT user_id FROM password_resets
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash(token))
    .bind(at)
    .fetch_optional(db)
    .await?;
    if open.is_none() {
        return Err(AppError::Conflict(Conflict::LinkClosed));
    }
    let hash = password::hash(new_password.to_string()).await?;
    let mut tx = crate::db::begin(db).await?;
    // Claimed by the update itself: of two uses at once, one wins.
    let claimed: Option<(String,)> = sqlx::query_as(
        "UPDATE password_resets SET used_at = $2
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
         RETURNING user_id",
    )
    .bind(token_hash(token))
    .bind(at)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((user_id,)) = claimed else {
        return Err(AppError::Conflict(Conflict::LinkClosed));
    };
    let (email,): (String,) = sqlx::query_as(
        "UPDATE users SET password_hash = $1, must_change_password = 0,
                          session_generation = session_generation + 1
         WHERE id = $2 RETURNING email",
    )
    .bind(&hash)
    .bind(&user_id)
    .fetch_one(&mut *tx)
    .await?;
    // Every session ends (whoever knew the old password is out), every
    // other link of the user closes, and the email's throttle lifts.
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(&user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL")
        .bind(&user_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sign_in_failures WHERE email = $1")
        .bind(&email)
        .execute(&mut *tx)
        .await?;
    activity::record(
        &mut tx,
        Event {
            action: Action::PasswordResetByEmail,
            actor_user_id: &user_id,
            account_id: None,
            subject: Some(&user_id),
            old_value: None,
            new_value: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(user_id)
}
