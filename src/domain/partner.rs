//! Partner settings → Partner profile: the legal business profile (legal
//! name, address, primary contact). Saving a change puts the account's
//! verification back to Pending; a new primary contact email gets a
//! confirmation link (MPN requires it confirmed).

use super::accounts::member;
use super::activity::{self, Action, Event};
use super::enrollment;
use crate::db::Db;
use crate::model::validation::{normalize_email, LegalProfile};
use crate::model::{AppError, Permission, SettingsArea};

type Row = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub async fn legal_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
) -> Result<LegalProfile, AppError> {
    super::programs::area_or_enrolling(db, user_id, partner_id, SettingsArea::Partner).await?;
    let member = member(db, user_id, partner_id).await?;
    let row: Row = sqlx::query_as(
        "SELECT legal_name, country, address_line1, address_line2, address_city, address_region,
                address_postal_code, contact_first_name, contact_last_name, contact_email, contact_phone
         FROM accounts WHERE id = $1",
    )
    .bind(&member.account_id)
    .fetch_one(db)
    .await?;
    let (legal_name, country, line1, line2, city, region, postal, first, last, email, phone) = row;
    Ok(LegalProfile {
        legal_name,
        country,
        address_line1: line1.unwrap_or_default(),
        address_line2: line2.unwrap_or_default(),
        city: city.unwrap_or_default(),
        region: region.unwrap_or_default(),
        postal_code: postal.unwrap_or_default(),
        contact_first_name: first.unwrap_or_default(),
        contact_last_name: last.unwrap_or_default(),
        contact_email: email.unwrap_or_default(),
        contact_phone: phone.unwrap_or_default(),
    })
}

/// Saves the legal business profile (Global admin, Account admin, Owner,
/// Manager), with an event naming the old and new legal name. A changed
/// contact email, or one never confirmed and without a working link, is sent
/// a confirmation link.
pub async fn save_legal_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &LegalProfile,
    base_url: &str,
) -> Result<Option<String>, AppError> {
    input.validate().map_err(AppError::Invalid)?;
    super::programs::area_or_enrolling(db, user_id, partner_id, SettingsArea::Partner).await?;
    let mut tx = db.begin().await?;
    // Write first (SQLite snapshots, see members::begin_change).
    let old: Option<(String, Option<String>, Option<i64>)> = sqlx::query_as(
        "UPDATE accounts SET legal_name = legal_name WHERE partner_id = $1
         RETURNING legal_name, contact_email, contact_email_verified_at",
    )
    .bind(partner_id)
    .fetch_optional(&mut *tx)
    .await?;
    let member = member(&mut *tx, user_id, partner_id).await?;
    member.require(Permission::EditLegalProfile)?;
    let (old, old_email, verified_at) = old.unwrap_or_default();
    let email = normalize_email(&input.contact_email);
    let email_changed = old_email.as_deref() != Some(email.as_str());
    let trim = |s: &str| s.trim().to_string();
    sqlx::query(
        "UPDATE accounts SET legal_name = $1, country = $2, address_line1 = $3, address_line2 = $4,
             address_city = $5, address_region = $6, address_postal_code = $7,
             contact_first_name = $8, contact_last_name = $9, contact_email = $10,
             contact_phone = $11, verification_status = 'pending',
             contact_email_verified_at = CASE WHEN $12 THEN NULL ELSE contact_email_verified_at END
         WHERE id = $13",
    )
    .bind(trim(&input.legal_name))
    .bind(&input.country)
    .bind(trim(&input.address_line1))
    .bind(trim(&input.address_line2))
    .bind(trim(&input.city))
    .bind(trim(&input.region))
    .bind(trim(&input.postal_code))
    .bind(trim(&input.contact_first_name))
    .bind(trim(&input.contact_last_name))
    .bind(&email)
    .bind(trim(&input.contact_phone))
    .bind(email_changed)
    .bind(&member.account_id)
    .execute(&mut *tx)
    .await?;
    activity::record(
        &mut tx,
        Event {
            action: Action::LegalProfileUpdated,
            actor_user_id: user_id,
            account_id: Some(&member.account_id),
            subject: Some("legal_name"),
            old_value: Some(&old),
            new_value: Some(input.legal_name.trim()),
        },
    )
    .await?;
    // The directory searches the name and city.
    super::business::reindex(&mut tx, &member.account_id).await?;
    let verified = verified_at.is_some() && !email_changed;
    let send = !verified
        && (email_changed
            || !enrollment::has_live_link(&mut tx, &member.account_id, &email).await?);
    if send {
        enrollment::send_link(&mut tx, &member.account_id, &email, user_id, base_url).await?;
    }
    enrollment::reevaluate(&mut tx, &member.account_id, user_id).await?;
    tx.commit().await?;
    Ok(send.then_some(email))
}
