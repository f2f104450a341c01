//! Verification of the legal profile and the contact info (SPEC §7, §10).
//! A change of the legal name, legal address or contact info asks for it
//! ([`request`]: status Pending); an operator approves (Authorized: the
//! legal name is then fixed) or rejects with a reason the partner reads.

use super::activity::{self, Action, Event};
use super::operators::{lock_account, AccountSearch, Operator};
use super::outbox::{self, Email};
use crate::db::{now, Db, Tx};
use crate::model::operator::{Change, Decision, VerificationRequest, QUEUE_MAX};
use crate::model::{AppError, Conflict, VerificationStatus};

/// Puts the account's verification to Pending. A request already waiting
/// keeps its date (the queue is oldest first); an earlier rejection's
/// reason goes.
pub async fn request(tx: &mut Tx<'_>, account_id: &str) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE accounts SET verification_status = $2, verification_reason = NULL,
             verification_requested_at = CASE
                 WHEN verification_status = $2 AND verification_requested_at IS NOT NULL
                 THEN verification_requested_at ELSE $3 END
         WHERE id = $1",
    )
    .bind(account_id)
    .bind(VerificationStatus::Pending.code())
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The events an operator reads as "what changed".
const REVIEWED: [Action; 3] = [
    Action::LegalProfileUpdated,
    Action::ContactInfoUpdated,
    Action::HeadquartersChanged,
];

#[derive(sqlx::FromRow)]
struct QueueRow {
    partner_id: i64,
    legal_name: String,
    country: String,
    requested_at: i64,
    action: Option<String>,
    old_value: Option<String>,
    new_value: Option<String>,
    occurred_at: Option<i64>,
}

/// The accounts waiting for verification, oldest first, each with the
/// changes made since it asked (one query).
/// `query` narrows it to accounts by name or Partner ID (empty: all).
pub async fn queue(
    db: &Db,
    operator: &Operator,
    query: &str,
) -> Result<Vec<VerificationRequest>, AppError> {
    let _ = operator;
    let search = AccountSearch::new(query);
    let rows: Vec<QueueRow> = sqlx::query_as(&format!(
        "SELECT a.partner_id, a.legal_name, a.country, a.requested_at,
                e.action, e.old_value, e.new_value, e.occurred_at
         FROM (SELECT id, partner_id, legal_name, country,
                      COALESCE(verification_requested_at, 0) AS requested_at
               FROM accounts WHERE verification_status = $1 AND {}
               ORDER BY verification_requested_at, partner_id LIMIT {QUEUE_MAX}) a
         LEFT JOIN activity_events e
             ON e.account_id = a.id AND e.occurred_at >= a.requested_at
                AND e.action IN ($2, $3, $4)
         ORDER BY a.requested_at, a.partner_id, e.occurred_at, e.id",
        search.condition("partner_id", "legal_name", 5)
    ))
    .bind(VerificationStatus::Pending.code())
    .bind(REVIEWED[0].code())
    .bind(REVIEWED[1].code())
    .bind(REVIEWED[2].code())
    .bind(search.partner_id)
    .bind(&search.pattern)
    .fetch_all(db)
    .await?;
    let mut queue: Vec<VerificationRequest> = Vec::new();
    for row in rows {
        if queue.last().is_none_or(|r| r.partner_id != row.partner_id) {
            queue.push(VerificationRequest {
                partner_id: row.partner_id,
                legal_name: row.legal_name,
                country: row.country,
                requested_at: row.requested_at,
                changes: Vec::new(),
            });
        }
        if let (Some(action), Some(at), Some(last)) =
            (row.action, row.occurred_at, queue.last_mut())
        {
            last.changes.push(Change {
                action,
                old_value: row.old_value,
                new_value: row.new_value,
                at,
            });
        }
    }
    Ok(queue)
}

/// Approves (Authorized) or rejects (Rejected, with the reason the partner
/// reads) the account's pending verification, and emails its primary
/// contact. A verification that isn't pending any more (another operator
/// decided, or nothing was asked) is `AlreadyDecided`.
pub async fn decide(
    db: &Db,
    operator: &Operator,
    partner_id: i64,
    decision: Decision,
    reason: &str,
) -> Result<(), AppError> {
    let reason = decision.reason(reason).map_err(AppError::Invalid)?;
    let status = match decision {
        Decision::Approve => VerificationStatus::Authorized,
        Decision::Reject => VerificationStatus::Rejected,
    };
    let mut tx = crate::db::begin(db).await?;
    let (account_id, legal_name, contact_email) = lock_account(&mut tx, partner_id).await?;
    let updated = sqlx::query(
        "UPDATE accounts SET verification_status = $2, verification_reason = $3,
             verification_requested_at = NULL
         WHERE id = $1 AND verification_status = $4",
    )
    .bind(&account_id)
    .bind(status.code())
    .bind(reason)
    .bind(VerificationStatus::Pending.code())
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::Conflict(Conflict::AlreadyDecided));
    }
    activity::record(
        &mut tx,
        Event {
            action: match decision {
                Decision::Approve => Action::VerificationApproved,
                Decision::Reject => Action::VerificationRejected,
            },
            actor_user_id: &operator.user_id,
            account_id: Some(&account_id),
            subject: Some("verification"),
            old_value: Some(VerificationStatus::Pending.code()),
            new_value: Some(&Decision::event_value(status.code(), reason)),
        },
    )
    .await?;
    if let Some(to) = contact_email.as_deref() {
        let body = match reason {
            None => format!(
                "The legal profile of {legal_name} in Partner Portal is verified.\n\n\
                 Le profil légal de {legal_name} dans Partner Portal est vérifié.\n"
            ),
            Some(reason) => format!(
                "The verification of {legal_name} in Partner Portal was rejected: {reason}\n\
                 Correct the Partner profile and save it to ask again.\n\n\
                 La vérification de {legal_name} dans Partner Portal a été refusée : {reason}\n\
                 Corrigez le profil partenaire et enregistrez-le pour la demander à nouveau.\n"
            ),
        };
        outbox::queue(
            &mut tx,
            Email {
                to,
                subject: "Verification of your partner account / Vérification de votre compte partenaire",
                body: &body,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
