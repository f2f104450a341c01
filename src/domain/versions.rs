//! Concurrent edits (SPEC §9): every editable record carries a version; a
//! save names the version its form was loaded at and is refused when someone
//! saved since. This is the one place a version is compared and bumped.

use std::future::Future;

use crate::db::Tx;
use crate::model::{AppError, Latest};

/// An editable record, by where its version is kept.
#[derive(Clone, Copy, Debug)]
pub enum Record<'a> {
    /// Partner profile (accounts.legal_profile_version).
    LegalProfile { account_id: &'a str },
    /// Contact info (accounts.contact_info_version).
    ContactInfo { account_id: &'a str },
    /// Billing profile; no row until first saved (version 0).
    BillingProfile { account_id: &'a str },
    /// Business profile; no row until first saved (version 0).
    BusinessProfile { account_id: &'a str },
    /// Organization profile; no row until first saved (version 0).
    OrganizationProfile { account_id: &'a str },
    /// Payout and tax profile; no row until first saved (version 0).
    PayoutProfile { account_id: &'a str },
    /// Support profile; no row until first saved (version 0).
    SupportProfile { account_id: &'a str },
    /// One member's roles in an account (memberships.version).
    Membership {
        account_id: &'a str,
        user_id: &'a str,
    },
    /// A person's own profile: name and language (users.profile_version).
    UserProfile { user_id: &'a str },
    /// The account's pinned offers; no row until first saved (version 0).
    CatalogOrder { account_id: &'a str },
    /// One location of an account (locations.version).
    Location {
        account_id: &'a str,
        location_id: &'a str,
    },
}

impl Record<'_> {
    /// (select of the version, update to a new version): keyed by $1 (and
    /// $2 for a membership), the new version the last parameter.
    fn sql(&self) -> (&'static str, &'static str) {
        match self {
            Record::LegalProfile { .. } => (
                "SELECT legal_profile_version FROM accounts WHERE id = $1",
                "UPDATE accounts SET legal_profile_version = $2 WHERE id = $1",
            ),
            Record::ContactInfo { .. } => (
                "SELECT contact_info_version FROM accounts WHERE id = $1",
                "UPDATE accounts SET contact_info_version = $2 WHERE id = $1",
            ),
            Record::BillingProfile { .. } => (
                "SELECT version FROM billing_profiles WHERE account_id = $1",
                "UPDATE billing_profiles SET version = $2 WHERE account_id = $1",
            ),
            Record::BusinessProfile { .. } => (
                "SELECT version FROM business_profiles WHERE account_id = $1",
                "UPDATE business_profiles SET version = $2 WHERE account_id = $1",
            ),
            Record::OrganizationProfile { .. } => (
                "SELECT version FROM organization_profiles WHERE account_id = $1",
                "UPDATE organization_profiles SET version = $2 WHERE account_id = $1",
            ),
            Record::PayoutProfile { .. } => (
                "SELECT version FROM payout_profiles WHERE account_id = $1",
                "UPDATE payout_profiles SET version = $2 WHERE account_id = $1",
            ),
            Record::SupportProfile { .. } => (
                "SELECT version FROM support_profiles WHERE account_id = $1",
                "UPDATE support_profiles SET version = $2 WHERE account_id = $1",
            ),
            Record::Membership { .. } => (
                "SELECT version FROM memberships WHERE account_id = $1 AND user_id = $2",
                "UPDATE memberships SET version = $3 WHERE account_id = $1 AND user_id = $2",
            ),
            Record::UserProfile { .. } => (
                "SELECT profile_version FROM users WHERE id = $1",
                "UPDATE users SET profile_version = $2 WHERE id = $1",
            ),
            Record::CatalogOrder { .. } => (
                "SELECT version FROM catalog_orders WHERE account_id = $1",
                "UPDATE catalog_orders SET version = $2 WHERE account_id = $1",
            ),
            Record::Location { .. } => (
                "SELECT version FROM locations WHERE account_id = $1 AND id = $2",
                "UPDATE locations SET version = $3 WHERE account_id = $1 AND id = $2",
            ),
        }
    }

    fn keys(&self) -> (&str, Option<&str>) {
        match *self {
            Record::LegalProfile { account_id }
            | Record::ContactInfo { account_id }
            | Record::BillingProfile { account_id }
            | Record::BusinessProfile { account_id }
            | Record::SupportProfile { account_id }
            | Record::OrganizationProfile { account_id }
            | Record::PayoutProfile { account_id }
            | Record::CatalogOrder { account_id } => (account_id, None),
            Record::Membership {
                account_id,
                user_id,
            } => (account_id, Some(user_id)),
            Record::Location {
                account_id,
                location_id,
            } => (account_id, Some(location_id)),
            Record::UserProfile { user_id } => (user_id, None),
        }
    }
}

/// The record's current version (0 when it has no row yet).
pub async fn current(tx: &mut Tx<'_>, record: Record<'_>) -> Result<i64, AppError> {
    let (select, _) = record.sql();
    let (key, second) = record.keys();
    let mut query = sqlx::query_as::<_, (i64,)>(select).bind(key);
    if let Some(second) = second {
        query = query.bind(second);
    }
    Ok(query.fetch_optional(&mut **tx).await?.map_or(0, |(v,)| v))
}

/// Compares the record's version with `expected` (the one the form was
/// loaded at) and bumps it; returns the new version, which a first save
/// (no row yet) writes into the row it inserts. `EditedMeanwhile` when
/// someone saved since: the caller changes nothing.
///
/// Call it inside `access::begin_edit`'s transaction: the account's write
/// lock keeps the compared version current until the commit.
pub async fn bump(tx: &mut Tx<'_>, record: Record<'_>, expected: i64) -> Result<i64, AppError> {
    let now = current(tx, record).await?;
    if now != expected {
        return Err(AppError::EditedMeanwhile(None));
    }
    let next = now + 1;
    let (_, update) = record.sql();
    let (key, second) = record.keys();
    let mut query = sqlx::query(update).bind(key);
    if let Some(second) = second {
        query = query.bind(second);
    }
    query.bind(next).execute(&mut **tx).await?;
    Ok(next)
}

/// Bumps the record's version without comparing: for a record changed
/// through another one (the headquarters moved, so the legal address
/// changed), so that a form still open on the old values is refused rather
/// than writing them back.
pub async fn advance(tx: &mut Tx<'_>, record: Record<'_>) -> Result<i64, AppError> {
    let now = current(tx, record).await?;
    bump(tx, record, now).await
}

/// A save's result, with a refusal for an outdated version completed by the
/// record as saved now (`latest` loads it; the refused transaction is gone
/// by then), so the page can show it without asking again.
pub async fn with_latest<T, F, Fut>(result: Result<T, AppError>, latest: F) -> Result<T, AppError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Latest, AppError>>,
{
    match result {
        Err(AppError::EditedMeanwhile(None)) => {
            Err(AppError::EditedMeanwhile(Some(Box::new(latest().await?))))
        }
        other => other,
    }
}
