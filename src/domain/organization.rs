//! Partner settings → Organization profile. Any member reads it; those who
//! edit the legal profile change it. The directory shows its name and
//! place (else the legal ones), so a save re-indexes the directory entry.

use super::access;
use super::activity::{self, Action, Event};
use super::versions::{self, Record};
use crate::db::{now, Db};
use crate::model::organization::{OrganizationPage, OrganizationProfile};
use crate::model::page::Page;
use crate::model::{AppError, Latest, Versioned};

/// The page's data: the saved profile, or the legal name and address at
/// version 0 before the first save; and the account's ids. One query after
/// the gate's.
pub async fn organization_page(
    db: &Db,
    user_id: &str,
    partner_id: i64,
) -> Result<OrganizationPage, AppError> {
    let member = access::open(db, user_id, partner_id, Page::OrganizationProfile).await?;
    let row: Row = sqlx::query_as(
        "SELECT COALESCE(o.name, a.legal_name) AS name,
                COALESCE(o.address_line1, a.address_line1, '') AS address_line1,
                COALESCE(o.address_line2, a.address_line2, '') AS address_line2,
                COALESCE(o.city, a.address_city, '') AS city,
                COALESCE(o.region, a.address_region, '') AS region,
                COALESCE(o.postal_code, a.address_postal_code, '') AS postal_code,
                COALESCE(o.country, a.country) AS country,
                COALESCE(o.version, 0) AS version
         FROM accounts a LEFT JOIN organization_profiles o ON o.account_id = a.id
         WHERE a.id = $1",
    )
    .bind(&member.account_id)
    .fetch_one(db)
    .await?;
    Ok(OrganizationPage {
        saved: Versioned {
            version: row.version,
            value: row.profile,
        },
        account_id: member.account_id,
        partner_id,
    })
}

#[derive(sqlx::FromRow)]
struct Row {
    #[sqlx(flatten)]
    profile: OrganizationProfile,
    version: i64,
}

/// Saves the organization profile if it is still at `version` (else
/// `EditedMeanwhile` with the profile as saved now); returns the new version.
pub async fn save_organization_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &OrganizationProfile,
    version: i64,
) -> Result<i64, AppError> {
    let result = write(db, user_id, partner_id, input, version).await;
    versions::with_latest(result, || async {
        Latest::of(&organization_page(db, user_id, partner_id).await?.saved)
    })
    .await
}

async fn write(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &OrganizationProfile,
    version: i64,
) -> Result<i64, AppError> {
    let (mut tx, member) =
        access::begin_edit(db, user_id, partner_id, Page::OrganizationProfile).await?;
    input.validate().map_err(AppError::Invalid)?;
    let account_id = member.account_id.as_str();
    let old: Option<(String,)> =
        sqlx::query_as("SELECT name FROM organization_profiles WHERE account_id = $1")
            .bind(account_id)
            .fetch_optional(&mut *tx)
            .await?;
    let new_version =
        versions::bump(&mut tx, Record::OrganizationProfile { account_id }, version).await?;
    let address = input.address();
    sqlx::query(
        "INSERT INTO organization_profiles (account_id, name, address_line1, address_line2, city,
             region, postal_code, country, version, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (account_id) DO UPDATE SET name = $2, address_line1 = $3,
             address_line2 = $4, city = $5, region = $6, postal_code = $7, country = $8,
             updated_at = $10",
    )
    .bind(account_id)
    .bind(input.name.trim())
    .bind(address.line1.trim())
    .bind(address.line2.trim())
    .bind(address.city.trim())
    .bind(address.region.trim())
    .bind(address.postal_code())
    .bind(address.country)
    .bind(new_version)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    activity::record(
        &mut tx,
        Event {
            action: Action::OrganizationProfileUpdated,
            actor_user_id: user_id,
            account_id: Some(account_id),
            subject: Some("name"),
            old_value: old.as_ref().map(|(n,)| n.as_str()),
            new_value: Some(input.name.trim()),
        },
    )
    .await?;
    // The directory searches the name and city.
    super::business::reindex(&mut tx, account_id).await?;
    tx.commit().await?;
    Ok(new_version)
}
