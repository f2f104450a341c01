//! Partner settings → Control Panel Vendor applications: Global admins of
//! an account that accepted the CPV agreement register and unregister the
//! multi-tenant applications of their control panel.

use super::access;
use super::activity::{self, Action, Event};
use crate::db::{is_unique_violation, new_id, now, Db, Tx};
use crate::model::cpv::{CpvApplication, CpvApplicationForm, CpvPage};
use crate::model::page::Page;
use crate::model::validation::{FieldError, Problem};
use crate::model::{AppError, Conflict};

/// Whether the account accepted the CPV agreement (any version).
async fn agreement_accepted<'e, E>(db: E, account_id: &str) -> Result<bool, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM agreement_acceptances WHERE account_id = $1 AND agreement = 'cpv' LIMIT 1",
    )
    .bind(account_id)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

/// The page: the agreement's state and the applications, newest first.
pub async fn page(db: &Db, user_id: &str, partner_id: i64) -> Result<CpvPage, AppError> {
    let member = access::open(db, user_id, partner_id, Page::CpvApplications).await?;
    // One query (a page's budget is four): the agreement's state on a row
    // of its own, joined to the applications, if any.
    type Row = (
        i64,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<i64>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM agreement_acceptances
                 WHERE account_id = $1 AND agreement = 'cpv') AS accepted,
                c.id, c.name, c.application_id, c.reply_url, c.registered_by, c.registered_at
         FROM (SELECT 1 AS one) x
         LEFT JOIN (SELECT c.id, c.name, c.application_id, c.reply_url,
                           u.display_name AS registered_by, c.registered_at
                    FROM cpv_applications c JOIN users u ON u.id = c.registered_by
                    WHERE c.account_id = $1) c ON 1 = 1
         ORDER BY c.registered_at DESC, c.id",
    )
    .bind(&member.account_id)
    .fetch_all(db)
    .await?;
    Ok(CpvPage {
        agreement_accepted: rows.first().is_some_and(|r| r.0 > 0),
        applications: rows
            .into_iter()
            .filter_map(
                |(_, id, name, application_id, reply_url, registered_by, registered_at)| {
                    Some(CpvApplication {
                        id: id?,
                        name: name?,
                        application_id: application_id?,
                        reply_url: reply_url?,
                        registered_by: registered_by?,
                        registered_at: registered_at?,
                    })
                },
            )
            .collect(),
    })
}

/// Registers an application; returns its id.
pub async fn register(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    form: &CpvApplicationForm,
) -> Result<String, AppError> {
    let (mut tx, member) =
        access::begin_edit(db, user_id, partner_id, Page::CpvApplications).await?;
    form.validate().map_err(AppError::Invalid)?;
    if !agreement_accepted(&mut *tx, &member.account_id).await? {
        return Err(AppError::Conflict(Conflict::CpvAgreementRequired));
    }
    let form = form.normalized();
    let id = new_id();
    let inserted = sqlx::query(
        "INSERT INTO cpv_applications
             (id, account_id, name, application_id, reply_url, registered_by, registered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(&member.account_id)
    .bind(&form.name)
    .bind(&form.application_id)
    .bind(&form.reply_url)
    .bind(user_id)
    .bind(now())
    .execute(&mut *tx)
    .await;
    match inserted {
        Err(error) if is_unique_violation(&error, "cpv_applications_app_key") => {
            return Err(AppError::Invalid(vec![FieldError {
                field: "application_id".into(),
                problem: Problem::ApplicationRegistered,
                value: None,
            }]));
        }
        other => {
            other?;
        }
    }
    record(
        &mut tx,
        Action::CpvApplicationRegistered,
        user_id,
        &member.account_id,
        &id,
        None,
        Some(&form),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Unregisters one of the account's applications (another account's id
/// answers NotFound, like one that doesn't exist).
pub async fn unregister(db: &Db, user_id: &str, partner_id: i64, id: &str) -> Result<(), AppError> {
    let (mut tx, member) =
        access::begin_edit(db, user_id, partner_id, Page::CpvApplications).await?;
    let found: Option<(String, String, String)> = sqlx::query_as(
        "SELECT name, application_id, reply_url FROM cpv_applications
         WHERE account_id = $1 AND id = $2",
    )
    .bind(&member.account_id)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((name, application_id, reply_url)) = found else {
        return Err(AppError::NotFound);
    };
    sqlx::query("DELETE FROM cpv_applications WHERE account_id = $1 AND id = $2")
        .bind(&member.account_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let old = CpvApplicationForm {
        name,
        application_id,
        reply_url,
    };
    record(
        &mut tx,
        Action::CpvApplicationUnregistered,
        user_id,
        &member.account_id,
        id,
        Some(&old),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The event: the application as "name (application ID) → reply URL".
async fn record(
    tx: &mut Tx<'_>,
    action: Action,
    user_id: &str,
    account_id: &str,
    id: &str,
    old: Option<&CpvApplicationForm>,
    new: Option<&CpvApplicationForm>,
) -> Result<(), AppError> {
    let describe =
        |f: &CpvApplicationForm| format!("{} ({}) → {}", f.name, f.application_id, f.reply_url);
    activity::record(
        tx,
        Event {
            action,
            actor_user_id: user_id,
            account_id: Some(account_id),
            subject: Some(id),
            old_value: old.map(describe).as_deref(),
            new_value: new.map(describe).as_deref(),
        },
    )
    .await
}
