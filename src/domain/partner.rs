//! Partner settings → Partner profile: the legal business profile (legal
//! name, address, primary contact). Saving a change puts the account's
//! verification back to Pending; a new primary contact email gets a
//! confirmation link (MPN requires it confirmed).

use super::accounts::member;
use super::activity::{self, Action, Event};
use super::enrollment;
use crate::db::Db;
use crate::model::validation::{normalize_email, LegalProfile};
use crate::model::validation::{Errors, Problem};
use crate::model::{AppError, Conflict, Permission, SettingsArea, VerificationStatus, Versioned};

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
    i64,
);

/// The Partner profile's values and their version.
pub async fn legal_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
) -> Result<Versioned<LegalProfile>, AppError> {
    super::programs::area_or_enrolling(db, user_id, partner_id, SettingsArea::Partner).await?;
    let member = member(db, user_id, partner_id).await?;
    let row: Row = sqlx::query_as(
        "SELECT legal_name, country, address_line1, address_line2, address_city, address_region,
                address_postal_code, contact_first_name, contact_last_name, contact_email, contact_phone,
                legal_profile_version
         FROM accounts WHERE id = $1",
    )
    .bind(&member.account_id)
    .fetch_one(db)
    .await?;
    let (
        legal_name,
        country,
        line1,
        line2,
        city,
        region,
        postal,
        first,
        last,
        email,
        phone,
        version,
    ) = row;
    let value = LegalProfile {
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
    };
    Ok(Versioned { version, value })
}

/// Saves the legal business profile (Global admin, Account admin, Owner,
/// Manager) without a version check: for callers that don't edit through a
/// form (demo data, tests). See [`save_legal_profile_at`].
pub async fn save_legal_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &LegalProfile,
    base_url: &str,
) -> Result<Option<String>, AppError> {
    Ok(save(db, user_id, partner_id, input, None, base_url)
        .await?
        .0)
}

/// Saves the legal business profile if it is still at `version` (the one
/// the form was loaded at), else `EditedMeanwhile` and nothing changes.
/// SPEC §7's rules: the legal name is fixed once verification is
/// Authorized; a CSP account keeps its country; a changed name or address
/// puts verification back to Pending and tells the primary contact. A
/// changed contact email, or one never confirmed and without a working link,
/// is sent a confirmation link. Returns where that link went, if sent, and
/// the new version.
pub async fn save_legal_profile_at(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &LegalProfile,
    version: i64,
    base_url: &str,
) -> Result<(Option<String>, i64), AppError> {
    save(db, user_id, partner_id, input, Some(version), base_url).await
}

type Stored = (String, String, String, String, String, String, String);
/// Before a save: legal name, contact email, when it was confirmed, version,
/// verification status.
type Before = (String, Option<String>, Option<i64>, i64, String);

async fn save(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &LegalProfile,
    version: Option<i64>,
    base_url: &str,
) -> Result<(Option<String>, i64), AppError> {
    // Permission first: a caller without it learns nothing from field errors.
    member(db, user_id, partner_id)
        .await?
        .require(Permission::EditLegalProfile)?;
    input.validate().map_err(AppError::Invalid)?;
    super::programs::area_or_enrolling(db, user_id, partner_id, SettingsArea::Partner).await?;
    let mut tx = db.begin().await?;
    // Write first (SQLite snapshots, see members::begin_change).
    let old: Option<Before> = sqlx::query_as(
        "UPDATE accounts SET legal_name = legal_name WHERE partner_id = $1
         RETURNING legal_name, contact_email, contact_email_verified_at, legal_profile_version,
                   verification_status",
    )
    .bind(partner_id)
    .fetch_optional(&mut *tx)
    .await?;
    let member = member(&mut *tx, user_id, partner_id).await?;
    member.require(Permission::EditLegalProfile)?;
    let (old, old_email, verified_at, current_version, verification) = old.unwrap_or_default();
    if version.is_some_and(|v| v != current_version) {
        return Err(AppError::Conflict(Conflict::EditedMeanwhile));
    }
    let trim = |s: &str| s.trim().to_string();
    let stored: Stored = sqlx::query_as(
        "SELECT country, COALESCE(address_line1, ''), COALESCE(address_line2, ''),
                COALESCE(address_city, ''), COALESCE(address_region, ''),
                COALESCE(address_postal_code, ''),
                (SELECT COALESCE(MAX(status), '') FROM enrollments e
                  WHERE e.account_id = accounts.id AND e.program = $2 AND e.status <> 'rejected')
         FROM accounts WHERE id = $1",
    )
    .bind(&member.account_id)
    .bind(crate::model::Program::Csp.code())
    .fetch_one(&mut *tx)
    .await?;
    let (country, line1, line2, city, region, postal, csp) = stored;
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
                input.postal_code.trim(),
            );
    let mut locked = Errors::default();
    if name_changed
        && VerificationStatus::from_code(&verification) == VerificationStatus::Authorized
    {
        locked.add("legal_name", Problem::LockedWhenAuthorized);
    }
    if !csp.is_empty() && country != input.country {
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
             verification_status = CASE WHEN $14 THEN 'pending' ELSE verification_status END,
             contact_email_verified_at = CASE WHEN $12 THEN NULL ELSE contact_email_verified_at END,
             legal_profile_version = legal_profile_version + 1
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
    .bind(name_changed || address_changed)
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
    } else if name_changed || address_changed {
        tell_contact(&mut tx, &email, input.legal_name.trim()).await?;
    }
    enrollment::reevaluate(&mut tx, &member.account_id, user_id).await?;
    tx.commit().await?;
    Ok((send.then_some(email), current_version + 1))
}

/// Tells the (confirmed) primary contact that the legal name or address
/// changed and verification starts again (SPEC §7).
async fn tell_contact(
    tx: &mut crate::db::Tx<'_>,
    email: &str,
    legal_name: &str,
) -> Result<(), AppError> {
    // The recipient's language isn't known: both languages, like invitations.
    let body = format!(
        "The legal name or address of {legal_name} changed in Partner Portal. \
         Its verification is pending again.\n\n\
         La raison sociale ou l'adresse de {legal_name} a changé dans Partner Portal. \
         Sa vérification est de nouveau en attente.\n"
    );
    super::outbox::queue(
        tx,
        super::outbox::Email {
            to: email,
            subject: "Legal profile changed / Profil légal modifié",
            body: &body,
        },
    )
    .await
}
