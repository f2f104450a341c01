//! Partner settings → Support profile. Any member reads it; the business
//! profile's roles change it (it shows on the public directory page).

use super::access;
use super::activity::{self, Action, Event};
use super::versions::{self, Record};
use crate::db::{now, Db};
use crate::model::page::Page;
use crate::model::support::SupportProfile;
use crate::model::{AppError, Latest, Versioned};

/// The saved profile and its version; empty at version 0 when never saved.
pub async fn support_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
) -> Result<Versioned<SupportProfile>, AppError> {
    let member = access::open(db, user_id, partner_id, Page::SupportProfile).await?;
    let row: Option<Row> = sqlx::query_as(
        "SELECT email, phone, website, version FROM support_profiles WHERE account_id = $1",
    )
    .bind(&member.account_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map_or_else(Versioned::default, |row| Versioned {
        version: row.version,
        value: row.profile,
    }))
}

#[derive(sqlx::FromRow)]
struct Row {
    #[sqlx(flatten)]
    profile: SupportProfile,
    version: i64,
}

/// Saves the support profile if it is still at `version` (else
/// `EditedMeanwhile` with the profile as saved now); returns the new version.
pub async fn save_support_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &SupportProfile,
    version: i64,
) -> Result<i64, AppError> {
    let result = write(db, user_id, partner_id, input, version).await;
    versions::with_latest(result, || async {
        Latest::of(&support_profile(db, user_id, partner_id).await?)
    })
    .await
}

async fn write(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &SupportProfile,
    version: i64,
) -> Result<i64, AppError> {
    let (mut tx, member) =
        access::begin_edit(db, user_id, partner_id, Page::SupportProfile).await?;
    input.validate().map_err(AppError::Invalid)?;
    let profile = input.normalized();
    let old: Option<(String,)> =
        sqlx::query_as("SELECT email FROM support_profiles WHERE account_id = $1")
            .bind(&member.account_id)
            .fetch_optional(&mut *tx)
            .await?;
    let new_version = versions::bump(
        &mut tx,
        Record::SupportProfile {
            account_id: &member.account_id,
        },
        version,
    )
    .await?;
    sqlx::query(
        "INSERT INTO support_profiles (account_id, email, phone, website, version, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (account_id) DO UPDATE SET email = $2, phone = $3, website = $4,
             updated_at = $6",
    )
    .bind(&member.account_id)
    .bind(&profile.email)
    .bind(&profile.phone)
    .bind(&profile.website)
    .bind(new_version)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    activity::record(
        &mut tx,
        Event {
            action: Action::SupportProfileUpdated,
            actor_user_id: user_id,
            account_id: Some(&member.account_id),
            subject: Some("support_email"),
            old_value: old.as_ref().map(|(e,)| e.as_str()),
            new_value: Some(&profile.email),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(new_version)
}
