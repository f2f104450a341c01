//! Partner settings → Billing profile. Any member reads it; the billing roles
//! (SPEC §5) change it. A saved tax ID meets CSP's requirement.

use super::access;
use super::activity::{self, Action, Event};
use super::enrollment;
use super::versions::{self, Record};
use crate::db::{now, Db};
use crate::model::billing::{normalize_tax_id, BillingProfile};
use crate::model::page::Page;
use crate::model::validation::normalize_email;
use crate::model::{AppError, Latest, Versioned};

/// The saved profile and its version; empty fields (currency EUR, the
/// account's country) at version 0 when never saved.
pub async fn billing_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
) -> Result<Versioned<BillingProfile>, AppError> {
    let member = access::open(db, user_id, partner_id, Page::BillingProfile).await?;
    let row: Option<Row> = sqlx::query_as(
        "SELECT address_line1, address_line2, city, region, postal_code, country, currency,
                po_number, tax_id, contact_name, contact_email, contact_phone, version
         FROM billing_profiles WHERE account_id = $1",
    )
    .bind(&member.account_id)
    .fetch_optional(db)
    .await?;
    Ok(match row {
        Some(row) => Versioned {
            version: row.version,
            value: row.profile,
        },
        None => Versioned {
            version: 0,
            value: BillingProfile {
                country: member.view.country.clone(),
                currency: "EUR".into(),
                ..Default::default()
            },
        },
    })
}

#[derive(sqlx::FromRow)]
struct Row {
    #[sqlx(flatten)]
    profile: BillingProfile,
    version: i64,
}

/// Saves the billing profile if it is still at `version` (else
/// `EditedMeanwhile`, nothing changed), with an event naming the old and new
/// tax ID; returns the new version. The billing roles of SPEC §5 may.
pub async fn save_billing_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &BillingProfile,
    version: i64,
) -> Result<i64, AppError> {
    let result = write_billing_profile(db, user_id, partner_id, input, version).await;
    versions::with_latest(result, || async {
        Latest::of(&billing_profile(db, user_id, partner_id).await?)
    })
    .await
}

/// [`save_billing_profile`] without completing a refusal with the latest record.
async fn write_billing_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &BillingProfile,
    version: i64,
) -> Result<i64, AppError> {
    let (mut tx, member) =
        access::begin_edit(db, user_id, partner_id, Page::BillingProfile).await?;
    // After the gate: a caller without the permission learns nothing from
    // field errors.
    input.validate().map_err(AppError::Invalid)?;
    let tax_id = normalize_tax_id(&input.tax_id);
    let old: Option<(String,)> =
        sqlx::query_as("SELECT tax_id FROM billing_profiles WHERE account_id = $1")
            .bind(&member.account_id)
            .fetch_optional(&mut *tx)
            .await?;
    let new_version = versions::bump(
        &mut tx,
        Record::BillingProfile {
            account_id: &member.account_id,
        },
        version,
    )
    .await?;
    sqlx::query(
        "INSERT INTO billing_profiles (account_id, address_line1, address_line2, city, region,
             postal_code, country, currency, po_number, tax_id, contact_name, contact_email,
             contact_phone, updated_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (account_id) DO UPDATE SET address_line1 = $2, address_line2 = $3,
             city = $4, region = $5, postal_code = $6, country = $7, currency = $8,
             po_number = $9, tax_id = $10, contact_name = $11, contact_email = $12,
             contact_phone = $13, updated_at = $14",
    )
    .bind(&member.account_id)
    .bind(input.address_line1.trim())
    .bind(input.address_line2.trim())
    .bind(input.city.trim())
    .bind(input.region.trim())
    .bind(input.address().postal_code())
    .bind(&input.country)
    .bind(&input.currency)
    .bind(input.po_number.trim())
    .bind(&tax_id)
    .bind(input.contact_name.trim())
    .bind(normalize_email(&input.contact_email))
    .bind(input.contact_phone.trim())
    .bind(now())
    .bind(new_version)
    .execute(&mut *tx)
    .await?;
    let old = old.map(|(t,)| t);
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
    Ok(new_version)
}
