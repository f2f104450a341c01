//! Developer settings → Contact info: the publisher display name (unique
//! across accounts) and the seller contact. Saving a change puts the
//! account's verification back to Pending.

use super::accounts::member;
use super::activity::{self, Action, Event};
use crate::db::{is_unique_violation, Db};
use crate::model::validation::{normalize_email, ContactInfo, Problem};
use crate::model::{AppError, Conflict, Permission, SettingsArea, Versioned};

type Row = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);

/// The saved contact info (empty fields when never saved).
pub async fn contact_info(
    db: &Db,
    user_id: &str,
    partner_id: i64,
) -> Result<Versioned<ContactInfo>, AppError> {
    super::programs::area_or_enrolling(db, user_id, partner_id, SettingsArea::Developer).await?;
    let member = member(db, user_id, partner_id).await?;
    let (name, contact, email, phone, version): Row = sqlx::query_as(
        "SELECT publisher_display_name, seller_contact_name, seller_contact_email, seller_contact_phone,
                contact_info_version
         FROM accounts WHERE id = $1",
    )
    .bind(&member.account_id)
    .fetch_one(db)
    .await?;
    let value = ContactInfo {
        publisher_display_name: name.unwrap_or_default(),
        contact_name: contact.unwrap_or_default(),
        contact_email: email.unwrap_or_default(),
        contact_phone: phone.unwrap_or_default(),
    };
    Ok(Versioned { version, value })
}

/// Saves the contact info without a version check: for callers that don't
/// edit through a form (demo data, tests). See [`save_contact_info_at`].
pub async fn save_contact_info(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &ContactInfo,
) -> Result<(), AppError> {
    save(db, user_id, partner_id, input, None).await.map(|_| ())
}

/// Saves the contact info if it is still at `version` (else
/// `EditedMeanwhile`, nothing changed) and returns the new version. Needs
/// the permission to edit the account's profile; the database decides the
/// display name's uniqueness. A change puts verification back to Pending.
pub async fn save_contact_info_at(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &ContactInfo,
    version: i64,
) -> Result<i64, AppError> {
    save(db, user_id, partner_id, input, Some(version)).await
}

async fn save(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &ContactInfo,
    version: Option<i64>,
) -> Result<i64, AppError> {
    // Permission first: a caller without it learns nothing from field errors.
    member(db, user_id, partner_id)
        .await?
        .require(Permission::EditLegalProfile)?;
    input.validate().map_err(AppError::Invalid)?;
    super::programs::area_or_enrolling(db, user_id, partner_id, SettingsArea::Developer).await?;
    let name = input.publisher_display_name.trim();
    let mut tx = db.begin().await?;
    // Write first (SQLite snapshots, see members::begin_change): the old name
    // comes back through RETURNING of a no-op update.
    let old: Option<(Option<String>, i64)> = sqlx::query_as(
        "UPDATE accounts SET publisher_display_name = publisher_display_name
         WHERE partner_id = $1 RETURNING publisher_display_name, contact_info_version",
    )
    .bind(partner_id)
    .fetch_optional(&mut *tx)
    .await?;
    let member = member(&mut *tx, user_id, partner_id).await?;
    member.require(Permission::EditLegalProfile)?;
    let (old, current_version) = old.unwrap_or_default();
    if version.is_some_and(|v| v != current_version) {
        return Err(AppError::Conflict(Conflict::EditedMeanwhile));
    }
    let updated = sqlx::query(
        "UPDATE accounts SET publisher_display_name = $1, publisher_name_key = $2,
             seller_contact_name = $3, seller_contact_email = $4, seller_contact_phone = $5,
             verification_status = 'pending', contact_info_version = contact_info_version + 1
         WHERE id = $6",
    )
    .bind(name)
    .bind(name.to_lowercase())
    .bind(input.contact_name.trim())
    .bind(normalize_email(&input.contact_email))
    .bind(input.contact_phone.trim())
    .bind(&member.account_id)
    .execute(&mut *tx)
    .await;
    match updated {
        Err(error) if is_unique_violation(&error, "accounts_publisher_name_key") => {
            return Err(AppError::invalid(
                "publisher_display_name",
                Problem::NameTaken,
            ));
        }
        other => other?,
    };
    activity::record(
        &mut tx,
        Event {
            action: Action::ContactInfoUpdated,
            actor_user_id: user_id,
            account_id: Some(&member.account_id),
            subject: Some("publisher_display_name"),
            old_value: old.as_deref(),
            new_value: Some(name),
        },
    )
    .await?;
    super::enrollment::reevaluate(&mut tx, &member.account_id, user_id).await?;
    tx.commit().await?;
    Ok(current_version + 1)
}
