//! My profile: name, language and password (the sessions list is in
//! `auth::sessions`).

use super::activity::{self, Action, Event};
use super::users;
use super::versions::{self, Record};
use crate::auth::password;
use crate::db::Db;
use crate::model::account::ProfileChange;
use crate::model::validation::{check_new_password, Errors, Problem, NAME_MAX};
use crate::model::{AppError, Language, Latest, Versioned};

/// Saves the user's name and language if the profile is still at `version`
/// (else `EditedMeanwhile`: another tab saved it), with an event for each
/// that changed; returns the new version. Not account data: the person's own.
pub async fn update(
    db: &Db,
    user_id: &str,
    profile: &ProfileChange,
    version: i64,
) -> Result<i64, AppError> {
    let result = write_profile(
        db,
        user_id,
        &profile.display_name,
        profile.language,
        version,
    )
    .await;
    versions::with_latest(result, || async {
        let now = users::current(db, user_id).await?;
        Latest::of(&Versioned {
            version: now.profile_version,
            value: ProfileChange {
                display_name: now.display_name,
                language: now.language,
            },
        })
    })
    .await
}

/// [`update`] without completing a refusal with the latest record.
async fn write_profile(
    db: &Db,
    user_id: &str,
    display_name: &str,
    language: Language,
    version: i64,
) -> Result<i64, AppError> {
    let mut errors = Errors::default();
    errors.required_text("display_name", display_name, NAME_MAX);
    errors.into_result().map_err(AppError::Invalid)?;
    let name = display_name.trim();
    let mut tx = crate::db::begin(db).await?;
    // Write first (SQLite snapshots: see access::begin_edit), read the old
    // values through RETURNING of a no-op update; it also serialises two
    // saves of the same profile, so the version compared below holds.
    let old: Option<(String, String)> = sqlx::query_as(
        "UPDATE users SET display_name = display_name WHERE id = $1 RETURNING display_name, language",
    )
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (old_name, old_language) = old.ok_or(AppError::NotSignedIn)?;
    let new_version = versions::bump(&mut tx, Record::UserProfile { user_id }, version).await?;
    sqlx::query("UPDATE users SET display_name = $1, language = $2 WHERE id = $3")
        .bind(name)
        .bind(language.code())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    if old_name != name {
        // The member lists' order (see members.rs).
        sqlx::query("UPDATE memberships SET name_key = LOWER($1) WHERE user_id = $2")
            .bind(name)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    if old_name != name {
        activity::record(
            &mut tx,
            Event {
                action: Action::ProfileUpdated,
                actor_user_id: user_id,
                account_id: None,
                subject: Some(user_id),
                old_value: Some(&old_name),
                new_value: Some(name),
            },
        )
        .await?;
    }
    if old_language != language.code() {
        activity::record(
            &mut tx,
            Event {
                action: Action::LanguageChanged,
                actor_user_id: user_id,
                account_id: None,
                subject: Some(user_id),
                old_value: Some(&old_language),
                new_value: Some(language.code()),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(new_version)
}

/// Replaces the password after checking the current one (with the sign-in
/// throttle), clears "must change", and ends every other session of the user
/// (`keep_session` is the current session's id).
pub async fn change_password(
    db: &Db,
    user_id: &str,
    current: &str,
    new: &str,
    keep_session: Option<&str>,
) -> Result<(), AppError> {
    let mut errors = Errors::default();
    if current.is_empty() {
        errors.add("current_password", Problem::Required);
    }
    check_new_password(new, "new_password", &mut errors);
    errors.into_result().map_err(AppError::Invalid)?;
    let user = users::by_id(db, user_id)
        .await?
        .ok_or(AppError::NotSignedIn)?;
    match users::authenticate(db, &user.email, current, None).await {
        Ok(_) => {}
        Err(AppError::BadCredentials) => {
            return Err(AppError::invalid(
                "current_password",
                Problem::WrongPassword,
            ))
        }
        Err(error) => return Err(error),
    }
    let hash = password::hash(new.to_string()).await?;
    let mut tx = crate::db::begin(db).await?;
    sqlx::query(
        "UPDATE users SET password_hash = $1, must_change_password = 0,
                          session_generation = session_generation + 1
         WHERE id = $2",
    )
    .bind(&hash)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user_id)
        .bind(keep_session.unwrap_or_default())
        .execute(&mut *tx)
        .await?;
    activity::record(
        &mut tx,
        Event {
            action: Action::PasswordChanged,
            actor_user_id: user_id,
            account_id: None,
            subject: Some(user_id),
            old_value: None,
            new_value: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
