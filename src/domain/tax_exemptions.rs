//! Partner settings → Tax exemptions (SPEC §3) and their review by an
//! operator (SPEC §10). The billing roles list, submit, withdraw (while
//! submitted) and download; an operator approves or rejects with a reason.
//! Status moves only submitted → approved / rejected: each change names
//! the status it expects, so two reviewers (or a reviewer and a withdraw)
//! can't both win.

use super::access;
use super::activity::{self, Action, Event};
use super::operators::{lock_account, AccountSearch, Operator};
use super::outbox::{self, Email};
use crate::db::{new_id, now, Db};
use crate::model::operator::{Decision, ExemptionRequest, QUEUE_MAX};
use crate::model::page::Page;
use crate::model::tax_exemption::{
    check_certificate, clean_file_name, ExemptionStatus, TaxExemption, TaxExemptionForm,
    TaxExemptionsPage,
};
use crate::model::validation::FieldError;
use crate::model::{AppError, Conflict};

const COLUMNS: &str = "t.id, t.country, t.exemption_type, t.certificate_number, t.valid_from,
    t.valid_until, t.file_name, t.file_size, t.status, t.reason, t.submitted_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    country: String,
    exemption_type: String,
    certificate_number: String,
    valid_from: String,
    valid_until: String,
    file_name: String,
    file_size: i64,
    status: String,
    reason: Option<String>,
    submitted_at: i64,
}

impl From<Row> for TaxExemption {
    fn from(row: Row) -> Self {
        TaxExemption {
            id: row.id,
            country: row.country,
            exemption_type: row.exemption_type,
            certificate_number: row.certificate_number,
            valid_from: row.valid_from,
            valid_until: row.valid_until,
            file_name: row.file_name,
            file_size: row.file_size,
            status: ExemptionStatus::from_code(&row.status).unwrap_or(ExemptionStatus::Submitted),
            reason: row.reason,
            submitted_at: row.submitted_at,
        }
    }
}

/// The account's requests, newest first (one query).
pub async fn page(db: &Db, user_id: &str, partner_id: i64) -> Result<TaxExemptionsPage, AppError> {
    let member = access::open(db, user_id, partner_id, Page::TaxExemptions).await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM tax_exemptions t WHERE t.account_id = $1
         ORDER BY t.submitted_at DESC, t.id"
    ))
    .bind(&member.account_id)
    .fetch_all(db)
    .await?;
    Ok(TaxExemptionsPage {
        exemptions: rows.into_iter().map(TaxExemption::from).collect(),
        country: member.view.country,
    })
}

/// A new request with its certificate (checked by content); returns its id.
pub async fn submit(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    form: &TaxExemptionForm,
    file_name: &str,
    certificate: &[u8],
) -> Result<String, AppError> {
    let (mut tx, member) = access::begin_edit(db, user_id, partner_id, Page::TaxExemptions).await?;
    let mut errors = form.validate().err().unwrap_or_default();
    let kind = match check_certificate(certificate) {
        Ok(kind) => Some(kind),
        Err(problem) => {
            errors.push(FieldError {
                field: "certificate".into(),
                problem,
                value: None,
            });
            None
        }
    };
    let Some(kind) = kind.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let id = new_id();
    let number = form.certificate_number.trim();
    sqlx::query(
        "INSERT INTO tax_exemptions (id, account_id, country, exemption_type, certificate_number,
             valid_from, valid_until, file_name, file_type, file_size, file, status,
             submitted_by, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(&id)
    .bind(&member.account_id)
    .bind(&form.country)
    .bind(&form.exemption_type)
    .bind(number)
    .bind(form.valid_from.trim())
    .bind(form.valid_until.trim())
    .bind(clean_file_name(file_name, kind))
    .bind(kind.media_type())
    .bind(certificate.len() as i64)
    .bind(certificate.to_vec())
    .bind(ExemptionStatus::Submitted.code())
    .bind(user_id)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    let summary = format!(
        "{} {} {} ({} – {})",
        form.country,
        form.exemption_type,
        number,
        form.valid_from.trim(),
        form.valid_until.trim()
    );
    activity::record(
        &mut tx,
        Event {
            action: Action::TaxExemptionSubmitted,
            actor_user_id: user_id,
            account_id: Some(&member.account_id),
            subject: Some(&id),
            old_value: None,
            new_value: Some(&summary),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Withdraws a request still waiting for review: it goes (its event stays).
/// A decided one is `AlreadyDecided`; another account's is NotFound.
pub async fn withdraw(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    exemption_id: &str,
) -> Result<(), AppError> {
    let (mut tx, member) = access::begin_edit(db, user_id, partner_id, Page::TaxExemptions).await?;
    let status: Option<(String, String)> = sqlx::query_as(
        "SELECT status, certificate_number FROM tax_exemptions WHERE id = $1 AND account_id = $2",
    )
    .bind(exemption_id)
    .bind(&member.account_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((status, number)) = status else {
        return Err(AppError::NotFound);
    };
    if status != ExemptionStatus::Submitted.code() {
        return Err(AppError::Conflict(Conflict::AlreadyDecided));
    }
    sqlx::query("DELETE FROM tax_exemptions WHERE id = $1")
        .bind(exemption_id)
        .execute(&mut *tx)
        .await?;
    activity::record(
        &mut tx,
        Event {
            action: Action::TaxExemptionWithdrawn,
            actor_user_id: user_id,
            account_id: Some(&member.account_id),
            subject: Some(exemption_id),
            old_value: Some(&number),
            new_value: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A certificate to download: (file name, media type, bytes). For the
/// account's billing roles, through the gate.
pub async fn certificate(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    exemption_id: &str,
) -> Result<(String, String, Vec<u8>), AppError> {
    let member = access::open(db, user_id, partner_id, Page::TaxExemptions).await?;
    file(db, exemption_id, Some(&member.account_id)).await
}

/// Any account's certificate, for an operator reviewing it.
pub async fn certificate_for_review(
    db: &Db,
    operator: &Operator,
    exemption_id: &str,
) -> Result<(String, String, Vec<u8>), AppError> {
    let _ = operator;
    file(db, exemption_id, None).await
}

async fn file(
    db: &Db,
    exemption_id: &str,
    account_id: Option<&str>,
) -> Result<(String, String, Vec<u8>), AppError> {
    const SELECT: &str = "SELECT file_name, file_type, file, account_id FROM tax_exemptions";
    let row: Option<(String, String, Vec<u8>, String)> =
        sqlx::query_as(&format!("{SELECT} WHERE id = $1"))
            .bind(exemption_id)
            .fetch_optional(db)
            .await?;
    // Another account's certificate answers exactly like one that doesn't exist.
    match row {
        Some((name, media_type, bytes, owner))
            if account_id.is_none_or(|account| account == owner) =>
        {
            Ok((name, media_type, bytes))
        }
        _ => Err(AppError::NotFound),
    }
}

#[derive(sqlx::FromRow)]
struct QueueRow {
    partner_id: i64,
    legal_name: String,
    #[sqlx(flatten)]
    exemption: Row,
}

/// Requests waiting for review, oldest first, with their accounts.
/// `query` narrows it to accounts by name or Partner ID (empty: all).
pub async fn queue(
    db: &Db,
    operator: &Operator,
    query: &str,
) -> Result<Vec<ExemptionRequest>, AppError> {
    let _ = operator;
    let search = AccountSearch::new(query);
    let rows: Vec<QueueRow> = sqlx::query_as(&format!(
        "SELECT a.partner_id, a.legal_name, {COLUMNS}
         FROM tax_exemptions t JOIN accounts a ON a.id = t.account_id
         WHERE t.status = $1 AND {}
         ORDER BY t.submitted_at, t.id LIMIT {QUEUE_MAX}",
        search.condition("a.partner_id", "a.legal_name", 2)
    ))
    .bind(ExemptionStatus::Submitted.code())
    .bind(search.partner_id)
    .bind(&search.pattern)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ExemptionRequest {
            partner_id: row.partner_id,
            legal_name: row.legal_name,
            exemption: row.exemption.into(),
        })
        .collect())
}

/// Approves or rejects (with a reason the partner reads) a submitted
/// request; emails the account's primary contact.
pub async fn decide(
    db: &Db,
    operator: &Operator,
    exemption_id: &str,
    decision: Decision,
    reason: &str,
) -> Result<(), AppError> {
    let reason = decision.reason(reason).map_err(AppError::Invalid)?;
    let status = match decision {
        Decision::Approve => ExemptionStatus::Approved,
        Decision::Reject => ExemptionStatus::Rejected,
    };
    let owner: Option<(i64, String)> = sqlx::query_as(
        "SELECT a.partner_id, t.certificate_number FROM tax_exemptions t
         JOIN accounts a ON a.id = t.account_id WHERE t.id = $1",
    )
    .bind(exemption_id)
    .fetch_optional(db)
    .await?;
    let Some((partner_id, number)) = owner else {
        return Err(AppError::NotFound);
    };
    let mut tx = crate::db::begin(db).await?;
    let (account_id, legal_name, contact_email) = lock_account(&mut tx, partner_id).await?;
    let updated = sqlx::query(
        "UPDATE tax_exemptions SET status = $2, reason = $3, decided_at = $4
         WHERE id = $1 AND status = $5",
    )
    .bind(exemption_id)
    .bind(status.code())
    .bind(reason)
    .bind(now())
    .bind(ExemptionStatus::Submitted.code())
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::Conflict(Conflict::AlreadyDecided));
    }
    let new_value = Decision::event_value(status.code(), reason);
    activity::record(
        &mut tx,
        Event {
            action: match decision {
                Decision::Approve => Action::TaxExemptionApproved,
                Decision::Reject => Action::TaxExemptionRejected,
            },
            actor_user_id: &operator.user_id,
            account_id: Some(&account_id),
            subject: Some(exemption_id),
            old_value: Some(ExemptionStatus::Submitted.code()),
            new_value: Some(&new_value),
        },
    )
    .await?;
    if let Some(to) = contact_email.as_deref() {
        let body = match reason {
            None => format!(
                "The tax exemption {number} of {legal_name} in Partner Portal is approved.\n\n\
                 L'exonération fiscale {number} de {legal_name} dans Partner Portal est approuvée.\n"
            ),
            Some(reason) => format!(
                "The tax exemption {number} of {legal_name} in Partner Portal was rejected: \
                 {reason}\n\n\
                 L'exonération fiscale {number} de {legal_name} dans Partner Portal a été \
                 refusée : {reason}\n"
            ),
        };
        outbox::queue(
            &mut tx,
            Email {
                to,
                subject: "Tax exemption / Exonération fiscale",
                body: &body,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
