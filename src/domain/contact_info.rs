//! Developer settings → Contact info: the publisher display name (unique
//! across accounts) and the seller contact. Saving a change puts the
//! account's verification back to Pending.

use super::access;
use super::activity::{self, Action, Event};
use super::versions::{self, Record};
use crate::db::{is_unique_violation, Db};
use crate::model::contact_info::ContactInfo;
use crate::model::page::Page;
use crate::model::validation::{normalize_email, Problem};
use crate::model::{AppError, Latest, Versioned};

/// The saved contact info (empty fields when never saved).
pub async fn contact_info(
    db: &Db,
    user_id: &str,
    partner_id: i64,
) -> Result<Versioned<ContactInfo>, AppError> {
    let member = access::open(db, user_id, partner_id, Page::ContactInfo).await?;
    let row: Row = sqlx::query_as(
        "SELECT COALESCE(publisher_display_name, '') AS publisher_display_name,
                COALESCE(seller_contact_name, '') AS contact_name,
                COALESCE(seller_contact_email, '') AS contact_email,
                COALESCE(seller_contact_phone, '') AS contact_phone, contact_info_version
         FROM accounts WHERE id = $1",
    )
    .bind(&member.account_id)
    .fetch_one(db)
    .await?;
    Ok(Versioned {
        version: row.contact_info_version,
        value: row.info,
    })
}

#[derive(sqlx::FromRow)]
struct Row {
    #[sqlx(flatten)]
    info: ContactInfo,
    contact_info_version: i64,
}

/// Saves the contact info if it is still at `version` (else
/// `EditedMeanwhile`, nothing changed) and returns the new version. Needs
/// the permission to edit the account's profile; the database decides the
/// display name's uniqueness. A change puts verification back to Pending.
pub async fn save_contact_info(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &ContactInfo,
    version: i64,
) -> Result<i64, AppError> {
    let result = write_contact_info(db, user_id, partner_id, input, version).await;
    versions::with_latest(result, || async {
        Latest::of(&contact_info(db, user_id, partner_id).await?)
    })
    .await
}

/// [`save_contact_info`] without completing a refusal with the latest record.
async fn write_contact_info(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &ContactInfo,
    version: i64,
) -> Result<i64, AppError> {
    let (mut tx, member) = access::begin_edit(db, user_id, partner_id, Page::ContactInfo).await?;
    input.validate().map_err(AppError::Invalid)?;
    let name = input.publisher_display_name.trim();
    let (old,): (Option<String>,) =
        sqlx::query_as("SELECT publisher_display_name FROM accounts WHERE id = $1")
            .bind(&member.account_id)
            .fetch_one(&mut *tx)
            .await?;
    let new_version = versions::bump(
        &mut tx,
        Record::ContactInfo {
            account_id: &member.account_id,
        },
        version,
    )
    .await?;
    let updated = sqlx::query(
        "UPDATE accounts SET publisher_display_name = $1, publisher_name_key = $2,
             seller_contact_name = $3, seller_contact_email = $4, seller_contact_phone = $5
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
    super::verification::request(&mut tx, &member.account_id).await?;
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
    Ok(new_version)
}
