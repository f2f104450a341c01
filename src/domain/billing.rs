//! Partner settings → Billing profile. Any member reads it; the billing roles
//! (SPEC §5) change it. A saved tax ID meets CSP's requirement.

use super::accounts::member;
use super::activity::{self, Action, Event};
use super::enrollment;
use crate::db::{now, Db};
use crate::model::billing::{normalize_tax_id, BillingProfile};
use crate::model::validation::normalize_email;
use crate::model::{AppError, Conflict, Permission, SettingsArea, Versioned};

type Row = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
);

/// The saved profile and its version; empty fields (currency EUR, the
/// account's country) at version 0 when never saved.
pub async fn billing_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
) -> Result<Versioned<BillingProfile>, AppError> {
    super::programs::area_or_enrolling(db, user_id, partner_id, SettingsArea::Partner).await?;
    let member = member(db, user_id, partner_id).await?;
    let row: Option<Row> = sqlx::query_as(
        "SELECT address_line1, address_line2, city, region, postal_code, country, currency,
                po_number, tax_id, contact_name, contact_email, contact_phone, version
         FROM billing_profiles WHERE account_id = $1",
    )
    .bind(&member.account_id)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else {
        let value = BillingProfile {
            country: member.view.country.clone(),
            currency: "EUR".into(),
            ..Default::default()
        };
        return Ok(Versioned { version: 0, value });
    };
    let (
        line1,
        line2,
        city,
        region,
        postal,
        country,
        currency,
        po,
        tax_id,
        name,
        email,
        phone,
        version,
    ) = row;
    let value = BillingProfile {
        address_line1: line1,
        address_line2: line2,
        city,
        region,
        postal_code: postal,
        country,
        currency,
        po_number: po,
        tax_id,
        contact_name: name,
        contact_email: email,
        contact_phone: phone,
    };
    Ok(Versioned { version, value })
}

/// Saves the billing profile without a version check: for callers that
/// don't edit through a form (demo data, tests). See [`save_billing_profile_at`].
pub async fn save_billing_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &BillingProfile,
) -> Result<(), AppError> {
    save(db, user_id, partner_id, input, None).await.map(|_| ())
}

/// Saves the billing profile if it is still at `version` (else
/// `EditedMeanwhile`, nothing changed), with an event naming the old and new
/// tax ID; returns the new version.
pub async fn save_billing_profile_at(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &BillingProfile,
    version: i64,
) -> Result<i64, AppError> {
    save(db, user_id, partner_id, input, Some(version)).await
}

async fn save(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &BillingProfile,
    version: Option<i64>,
) -> Result<i64, AppError> {
    // Permission first: a caller without it learns nothing from field errors.
    member(db, user_id, partner_id)
        .await?
        .require(Permission::ManageBilling)?;
    input.validate().map_err(AppError::Invalid)?;
    super::programs::area_or_enrolling(db, user_id, partner_id, SettingsArea::Partner).await?;
    let tax_id = normalize_tax_id(&input.tax_id);
    let mut tx = db.begin().await?;
    // Write first (SQLite snapshots, see members::begin_change): the old tax
    // ID comes back through RETURNING of a no-op update.
    let old: Option<(String, i64)> = sqlx::query_as(
        "UPDATE billing_profiles SET tax_id = tax_id
         WHERE account_id = (SELECT id FROM accounts WHERE partner_id = $1) RETURNING tax_id, version",
    )
    .bind(partner_id)
    .fetch_optional(&mut *tx)
    .await?;
    let member = member(&mut *tx, user_id, partner_id).await?;
    member.require(Permission::ManageBilling)?;
    let current_version = old.as_ref().map_or(0, |(_, v)| *v);
    if version.is_some_and(|v| v != current_version) {
        return Err(AppError::Conflict(Conflict::EditedMeanwhile));
    }
    // The upsert's condition also catches a first save racing another first
    // save (no row yet for the update above to lock).
    let saved = sqlx::query(
        "INSERT INTO billing_profiles (account_id, address_line1, address_line2, city, region,
             postal_code, country, currency, po_number, tax_id, contact_name, contact_email,
             contact_phone, updated_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1)
         ON CONFLICT (account_id) DO UPDATE SET address_line1 = $2, address_line2 = $3,
             city = $4, region = $5, postal_code = $6, country = $7, currency = $8,
             po_number = $9, tax_id = $10, contact_name = $11, contact_email = $12,
             contact_phone = $13, updated_at = $14, version = billing_profiles.version + 1
         WHERE billing_profiles.version = $15",
    )
    .bind(&member.account_id)
    .bind(input.address_line1.trim())
    .bind(input.address_line2.trim())
    .bind(input.city.trim())
    .bind(input.region.trim())
    .bind(input.postal_code.trim())
    .bind(&input.country)
    .bind(&input.currency)
    .bind(input.po_number.trim())
    .bind(&tax_id)
    .bind(input.contact_name.trim())
    .bind(normalize_email(&input.contact_email))
    .bind(input.contact_phone.trim())
    .bind(now())
    .bind(current_version)
    .execute(&mut *tx)
    .await?;
    if saved.rows_affected() == 0 {
        return Err(AppError::Conflict(Conflict::EditedMeanwhile));
    }
    let old = old.map(|(t, _)| t);
    activity::record(
        &mut tx,
        Event {
            action: Action::BillingProfileUpdated,
            actor_user_id: user_id,
            account_id: Some(&member.account_id),
            subject: Some("tax_id"),
            old_value: old.as_deref(),
            new_value: Some(&tax_id),
        },
    )
    .await?;
    enrollment::reevaluate(&mut tx, &member.account_id, user_id).await?;
    tx.commit().await?;
    Ok(current_version + 1)
}
