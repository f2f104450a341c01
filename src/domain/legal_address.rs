//! The legal address follows the headquarters (SPEC §6): when the HQ
//! location changes, or its address does, the Partner profile's address
//! becomes the HQ's, verification goes back to Pending and the primary
//! contact is told, in the caller's transaction. Kept apart from
//! `partner_profile` and `locations` so that both can use it without
//! importing each other.

use super::activity::{self, Action, Event};
use super::versions::{self, Record};
use crate::db::Tx;
use crate::model::validation::Address;
use crate::model::{AppError, Conflict, EnrollmentStatus, Program};

/// The account's legal address as stored, its name and contact, and
/// whether it has a CSP enrollment (not rejected).
#[derive(sqlx::FromRow)]
struct Current {
    legal_name: String,
    contact_email: String,
    line1: String,
    line2: String,
    city: String,
    region: String,
    postal_code: String,
    country: String,
}

/// Makes `address` (valid, as the forms check it) the account's legal
/// address. When it differs from the stored one: verification back to
/// Pending, the Partner profile's version advances (a form still open on
/// the old address is refused instead of writing it back), an event
/// records old → new, the primary contact is emailed and the directory's
/// index follows. Returns whether it differed. A CSP account can't move
/// its legal address to another country (`CountryLockedForCsp`).
pub(crate) async fn follow_headquarters(
    tx: &mut Tx<'_>,
    account_id: &str,
    actor_user_id: &str,
    address: Address<'_>,
) -> Result<bool, AppError> {
    let current: Current = sqlx::query_as(
        "SELECT legal_name, COALESCE(contact_email, '') AS contact_email,
                COALESCE(address_line1, '') AS line1, COALESCE(address_line2, '') AS line2,
                COALESCE(address_city, '') AS city, COALESCE(address_region, '') AS region,
                COALESCE(address_postal_code, '') AS postal_code, country
         FROM accounts WHERE id = $1",
    )
    .bind(account_id)
    .fetch_one(&mut **tx)
    .await?;
    let new = [
        address.line1.trim().to_string(),
        address.line2.trim().to_string(),
        address.city.trim().to_string(),
        address.region.trim().to_string(),
        address.postal_code(),
        address.country.to_string(),
    ];
    let old = [
        current.line1,
        current.line2,
        current.city,
        current.region,
        current.postal_code,
        current.country,
    ];
    if new == old {
        return Ok(false);
    }
    if new[5] != old[5] && keeps_country(tx, account_id).await? {
        return Err(AppError::Conflict(Conflict::CountryLockedForCsp));
    }
    sqlx::query(
        "UPDATE accounts SET address_line1 = $2, address_line2 = $3, address_city = $4,
             address_region = $5, address_postal_code = $6, country = $7
         WHERE id = $1",
    )
    .bind(account_id)
    .bind(&new[0])
    .bind(&new[1])
    .bind(&new[2])
    .bind(&new[3])
    .bind(&new[4])
    .bind(&new[5])
    .execute(&mut **tx)
    .await?;
    super::verification::request(tx, account_id).await?;
    versions::advance(tx, Record::LegalProfile { account_id }).await?;
    activity::record(
        tx,
        Event {
            action: Action::LegalProfileUpdated,
            actor_user_id,
            account_id: Some(account_id),
            subject: Some("address"),
            old_value: Some(&one_line(&old)),
            new_value: Some(&one_line(&new)),
        },
    )
    .await?;
    if !current.contact_email.is_empty() {
        tell_contact(tx, &current.contact_email, &current.legal_name).await?;
    }
    super::business::reindex(tx, account_id).await?;
    Ok(true)
}

/// SPEC §7: a Cloud Solution Provider account (a CSP enrollment that isn't
/// rejected) can't change its legal address country.
pub(crate) async fn keeps_country(tx: &mut Tx<'_>, account_id: &str) -> Result<bool, AppError> {
    let (csp,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM enrollments WHERE account_id = $1 AND program = $2 AND status <> $3",
    )
    .bind(account_id)
    .bind(Program::Csp.code())
    .bind(EnrollmentStatus::Rejected.code())
    .fetch_one(&mut **tx)
    .await?;
    Ok(csp > 0)
}

/// "10 quai Saint-Antoine, 69002 Lyon, FR": an address in an event.
fn one_line(parts: &[String; 6]) -> String {
    let [line1, line2, city, region, postal_code, country] = parts;
    let town = format!("{postal_code} {city}");
    [line1.as_str(), line2, town.trim(), region, country]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Tells the primary contact that the legal name or address changed and
/// verification starts again (SPEC §7).
pub(crate) async fn tell_contact(
    tx: &mut Tx<'_>,
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
