//! Partner settings → Partner profile: the legal business profile (legal
//! name, address, primary contact). Saving a change puts the account's
//! verification back to Pending; a new primary contact email gets a
//! confirmation link (MPN requires it confirmed).

use super::access;
use super::activity::{self, Action, Event};
use super::enrollment;
use super::legal_address;
use super::verification;
use super::versions::{self, Record};
use crate::db::Db;
use crate::model::page::Page;
use crate::model::partner_profile::LegalProfile;
use crate::model::validation::normalize_email;
use crate::model::validation::{Errors, Problem};
use crate::model::{AppError, Latest, VerificationStatus, Versioned};

/// The Partner profile's values and their version.
pub async fn legal_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
) -> Result<Versioned<LegalProfile>, AppError> {
    let member = access::open(db, user_id, partner_id, Page::PartnerProfile).await?;
    let row: Row = sqlx::query_as(
        "SELECT legal_name, country, COALESCE(address_line1, '') AS address_line1,
                COALESCE(address_line2, '') AS address_line2, COALESCE(address_city, '') AS city,
                COALESCE(address_region, '') AS region,
                COALESCE(address_postal_code, '') AS postal_code,
                COALESCE(contact_first_name, '') AS contact_first_name,
                COALESCE(contact_last_name, '') AS contact_last_name,
                COALESCE(contact_email, '') AS contact_email,
                COALESCE(contact_phone, '') AS contact_phone, legal_profile_version
         FROM accounts WHERE id = $1",
    )
    .bind(&member.account_id)
    .fetch_one(db)
    .await?;
    Ok(Versioned {
        version: row.legal_profile_version,
        value: row.profile,
    })
}

#[derive(sqlx::FromRow)]
struct Row {
    #[sqlx(flatten)]
    profile: LegalProfile,
    legal_profile_version: i64,
}

/// The stored legal address.
#[derive(sqlx::FromRow)]
struct Stored {
    country: String,
    line1: String,
    line2: String,
    city: String,
    region: String,
    postal: String,
}

/// Before a save: legal name, contact email, when it was confirmed,
/// verification status.
type Before = (String, Option<String>, Option<i64>, String);

/// Saves the legal business profile (Global admin, Account admin, Owner,
/// Manager) if it is still at `version` (the one the form was loaded at),
/// else `EditedMeanwhile` and nothing changes.
/// SPEC §7's rules: the legal name is fixed once verification is
/// Authorized; a CSP account keeps its country; a changed name or address
/// puts verification back to Pending and tells the primary contact. A
/// changed contact email, or one never confirmed and without a working link,
/// is sent a confirmation link. Returns where that link went, if sent, and
/// the new version.
pub async fn save_legal_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &LegalProfile,
    version: i64,
    base_url: &str,
) -> Result<(Option<String>, i64), AppError> {
    let result = write_legal_profile(db, user_id, partner_id, input, version, base_url).await;
    versions::with_latest(result, || async {
        Latest::of(&legal_profile(db, user_id, partner_id).await?)
    })
    .await
}

/// [`save_legal_profile`] without completing a refusal with the latest record.
async fn write_legal_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &LegalProfile,
    version: i64,
    base_url: &str,
) -> Result<(Option<String>, i64), AppError> {
    let (mut tx, member) =
        access::begin_edit(db, user_id, partner_id, Page::PartnerProfile).await?;
    // Permission first (the gate): a caller without it learns nothing from
    // field errors.
    input.validate().map_err(AppError::Invalid)?;
    let old: Before = sqlx::query_as(
        "SELECT legal_name, contact_email, contact_email_verified_at, verification_status
         FROM accounts WHERE id = $1",
    )
    .bind(&member.account_id)
    .fetch_one(&mut *tx)
    .await?;
    let (old, old_email, verified_at, verification) = old;
    let new_version = versions::bump(
        &mut tx,
        Record::LegalProfile {
            account_id: &member.account_id,
        },
        version,
    )
    .await?;
    let trim = |s: &str| s.trim().to_string();
    let stored: Stored = sqlx::query_as(
        "SELECT country, COALESCE(address_line1, '') AS line1,
                COALESCE(address_line2, '') AS line2, COALESCE(address_city, '') AS city,
                COALESCE(address_region, '') AS region,
                COALESCE(address_postal_code, '') AS postal
         FROM accounts WHERE id = $1",
    )
    .bind(&member.account_id)
    .fetch_one(&mut *tx)
    .await?;
    let Stored {
        country,
        line1,
        line2,
        city,
        region,
        postal,
    } = stored;
    let name_changed = old != trim(&input.legal_name);
    let address_changed = (country.as_str(), line1.as_str(), line2.as_str())
        != (
            input.country.as_str(),
            input.address_line1.trim(),
            input.address_line2.trim(),
        )
        || (city.as_str(), region.as_str(), postal.as_str())
            != (
                input.city.trim(),
                input.region.trim(),
                input.address().postal_code().as_str(),
            );
    let mut locked = Errors::default();
    if name_changed
        && VerificationStatus::from_code(&verification) == VerificationStatus::Authorized
    {
        locked.add("legal_name", Problem::LockedWhenAuthorized);
    }
    if country != input.country && legal_address::keeps_country(&mut tx, &member.account_id).await?
    {
        locked.add("country", Problem::LockedForCsp);
    }
    locked.into_result().map_err(AppError::Invalid)?;
    let email = normalize_email(&input.contact_email);
    let email_changed = old_email.as_deref() != Some(email.as_str());
    sqlx::query(
        "UPDATE accounts SET legal_name = $1, country = $2, address_line1 = $3, address_line2 = $4,
             address_city = $5, address_region = $6, address_postal_code = $7,
             contact_first_name = $8, contact_last_name = $9, contact_email = $10,
             contact_phone = $11,
             contact_email_verified_at = CASE WHEN $12 THEN NULL ELSE contact_email_verified_at END
         WHERE id = $13",
    )
    .bind(trim(&input.legal_name))
    .bind(&input.country)
    .bind(trim(&input.address_line1))
    .bind(trim(&input.address_line2))
    .bind(trim(&input.city))
    .bind(trim(&input.region))
    .bind(input.address().postal_code())
    .bind(trim(&input.contact_first_name))
    .bind(trim(&input.contact_last_name))
    .bind(&email)
    .bind(trim(&input.contact_phone))
    .bind(email_changed)
    .bind(&member.account_id)
    .execute(&mut *tx)
    .await?;
    if name_changed || address_changed {
        verification::request(&mut tx, &member.account_id).await?;
    }
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
    } else if name_changed || address_changed {
        legal_address::tell_contact(&mut tx, &email, input.legal_name.trim()).await?;
    }
    if address_changed {
        // One address: the headquarters location's is the legal address.
        super::locations::follow_legal_address(&mut tx, &member.account_id, input.address())
            .await?;
    }
    enrollment::reevaluate(&mut tx, &member.account_id, user_id).await?;
    tx.commit().await?;
    Ok((send.then_some(email), new_version))
}
