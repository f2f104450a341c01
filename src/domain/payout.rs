//! Developer settings → Payout and tax profile. Any member of an account
//! with a Developer program sees it masked; the billing roles (Owner and
//! Finance contributor on the developer side) change it. The full account
//! number and tax ID never leave the server once saved; a change emails
//! the account's Owners.

use super::access;
use super::activity::{self, Action, Event};
use super::outbox::{self, Email};
use super::versions::{self, Record};
use crate::db::{now, Db, Tx};
use crate::model::page::Page;
use crate::model::payout::{bank_scheme, compact, last4, BankScheme, PayoutForm, PayoutView};
use crate::model::{AppError, Latest, Role, Versioned};

/// The saved profile, masked, and its version (empty at version 0).
pub async fn payout_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
) -> Result<Versioned<PayoutView>, AppError> {
    let member = access::open(db, user_id, partner_id, Page::PayoutProfile).await?;
    let row: Option<(String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT account_holder, bank_country, account, tax_residence, tax_id, version
         FROM payout_profiles WHERE account_id = $1",
    )
    .bind(&member.account_id)
    .fetch_optional(db)
    .await?;
    Ok(match row {
        Some((account_holder, bank_country, account, tax_residence, tax_id, version)) => {
            Versioned {
                version,
                value: PayoutView {
                    account_holder,
                    bank_country,
                    account_last4: last4(&account),
                    tax_residence,
                    tax_id_last4: last4(&tax_id),
                    saved: true,
                },
            }
        }
        None => Versioned {
            version: 0,
            value: PayoutView {
                bank_country: member.view.country.clone(),
                tax_residence: member.view.country,
                ..Default::default()
            },
        },
    })
}

/// Saves the profile if it is still at `version` (else `EditedMeanwhile`
/// with the profile as saved now, masked); returns the new version.
pub async fn save_payout_profile(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &PayoutForm,
    version: i64,
) -> Result<i64, AppError> {
    let result = write(db, user_id, partner_id, input, version).await;
    versions::with_latest(result, || async {
        Latest::of(&payout_profile(db, user_id, partner_id).await?)
    })
    .await
}

async fn write(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    input: &PayoutForm,
    version: i64,
) -> Result<i64, AppError> {
    let (mut tx, member) = access::begin_edit(db, user_id, partner_id, Page::PayoutProfile).await?;
    input.validate().map_err(AppError::Invalid)?;
    let account_id = member.account_id.as_str();
    let (account, routing) = match bank_scheme(&input.bank_country) {
        Some(BankScheme::Iban(_)) => (compact(&input.iban), String::new()),
        _ => (compact(&input.account_number), compact(&input.routing_code)),
    };
    let tax_id = compact(&input.tax_id);
    let old: Option<(String,)> =
        sqlx::query_as("SELECT account FROM payout_profiles WHERE account_id = $1")
            .bind(account_id)
            .fetch_optional(&mut *tx)
            .await?;
    let new_version =
        versions::bump(&mut tx, Record::PayoutProfile { account_id }, version).await?;
    sqlx::query(
        "INSERT INTO payout_profiles (account_id, account_holder, bank_country, account,
             routing_code, tax_residence, tax_id, version, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (account_id) DO UPDATE SET account_holder = $2, bank_country = $3,
             account = $4, routing_code = $5, tax_residence = $6, tax_id = $7, updated_at = $9",
    )
    .bind(account_id)
    .bind(input.account_holder.trim())
    .bind(&input.bank_country)
    .bind(&account)
    .bind(&routing)
    .bind(&input.tax_residence)
    .bind(&tax_id)
    .bind(new_version)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    // The event, like the browser, keeps the last four characters only.
    let masked = |a: &str| format!("•••• {}", last4(a));
    activity::record(
        &mut tx,
        Event {
            action: Action::PayoutProfileUpdated,
            actor_user_id: user_id,
            account_id: Some(account_id),
            subject: Some("payout_account"),
            old_value: old.as_ref().map(|(a,)| masked(a)).as_deref(),
            new_value: Some(&masked(&account)),
        },
    )
    .await?;
    tell_owners(
        &mut tx,
        account_id,
        &member.view.legal_name,
        &last4(&account),
    )
    .await?;
    tx.commit().await?;
    Ok(new_version)
}

/// Emails every Owner of the account that the payout account changed (a
/// changed payout account is how money is diverted: they must know).
async fn tell_owners(
    tx: &mut Tx<'_>,
    account_id: &str,
    legal_name: &str,
    last4: &str,
) -> Result<(), AppError> {
    let owners: Vec<(String,)> = sqlx::query_as(
        "SELECT u.email FROM membership_roles r JOIN users u ON u.id = r.user_id
         WHERE r.account_id = $1 AND r.role = $2 ORDER BY u.email",
    )
    .bind(account_id)
    .bind(Role::Owner.code())
    .fetch_all(&mut **tx)
    .await?;
    let body = format!(
        "The payout account of {legal_name} in Partner Portal was changed; it now ends in \
         {last4}. If you didn't expect this, check the account's payout and tax profile now.\n\n\
         Le compte de versement de {legal_name} dans Partner Portal a été modifié ; il se \
         termine désormais par {last4}. Si vous ne vous y attendiez pas, vérifiez dès \
         maintenant le profil de versement et fiscal du compte.\n"
    );
    for (email,) in owners {
        outbox::queue(
            tx,
            Email {
                to: &email,
                subject: "Payout account changed / Compte de versement modifié",
                body: &body,
            },
        )
        .await?;
    }
    Ok(())
}
