//! My profile → Learning account (SPEC §7): link one's learning ID to the
//! current account, move it to another, or remove the access. `now` is a
//! parameter so the limits (3 a year, 30 days apart) can be tested.

use super::access;
use super::activity::{self, Action, Event};
use crate::db::{is_unique_violation, new_id, Db, Tx};
use crate::model::learning::{learning_id, next_allowed, LearningStatus, YEAR_SECS};
use crate::model::page::Page;
use crate::model::validation::{FieldError, Problem};
use crate::model::AppError;

#[derive(sqlx::FromRow)]
struct Link {
    learning_id: String,
    account_id: Option<String>,
    linked_at: i64,
    legal_name: Option<String>,
}

async fn current<'e, E>(db: E, user_id: &str) -> Result<Option<Link>, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_as(
        "SELECT l.learning_id, l.account_id, l.linked_at, a.legal_name
         FROM learning_links l LEFT JOIN accounts a ON a.id = l.account_id
         WHERE l.user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await?)
}

async fn past<'e, E>(db: E, user_id: &str, now: i64) -> Result<Vec<i64>, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_scalar(
        "SELECT linked_at FROM learning_associations WHERE user_id = $1 AND linked_at > $2",
    )
    .bind(user_id)
    .bind(now - YEAR_SECS)
    .fetch_all(db)
    .await?)
}

/// The person's learning account as seen from one of their accounts.
pub async fn status(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    now: i64,
) -> Result<LearningStatus, AppError> {
    let member = access::open(db, user_id, partner_id, Page::MyProfile).await?;
    // One query: the current link (kind 0) and the year's links (1).
    type Row = (i64, Option<String>, Option<String>, i64, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT 0, l.learning_id, l.account_id, l.linked_at, a.legal_name
         FROM learning_links l LEFT JOIN accounts a ON a.id = l.account_id
         WHERE l.user_id = $1
         UNION ALL
         SELECT 1, CAST(NULL AS TEXT), CAST(NULL AS TEXT), linked_at, CAST(NULL AS TEXT)
         FROM learning_associations WHERE user_id = $1 AND linked_at > $2",
    )
    .bind(user_id)
    .bind(now - YEAR_SECS)
    .fetch_all(db)
    .await?;
    let past: Vec<i64> = rows.iter().filter(|r| r.0 == 1).map(|r| r.3).collect();
    let link = rows.into_iter().find(|r| r.0 == 0).map(|r| Link {
        learning_id: r.1.unwrap_or_default(),
        account_id: r.2,
        linked_at: r.3,
        legal_name: r.4,
    });
    let mut status = LearningStatus {
        next_allowed: next_allowed(&past, now),
        ..Default::default()
    };
    if let Some(link) = link {
        if link.account_id.as_deref() == Some(member.account_id.as_str()) {
            status.linked_here_since = Some(link.linked_at);
        } else {
            status.linked_elsewhere = link.legal_name;
        }
        status.learning_id = Some(link.learning_id);
    }
    Ok(status)
}

fn invalid(problem: Problem) -> AppError {
    AppError::Invalid(vec![FieldError {
        field: "learning_id".into(),
        problem,
        value: None,
    }])
}

/// Links `text` (the person's learning ID) to the account, unlinking it
/// from the account it was linked to (an event on both).
pub async fn link(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    text: &str,
    now: i64,
) -> Result<(), AppError> {
    let (mut tx, member) = access::begin_edit(db, user_id, partner_id, Page::MyProfile).await?;
    let id = learning_id(text).map_err(invalid)?;
    // One person's links change one at a time, whichever accounts they are
    // made from (each account's lock alone wouldn't serialise them).
    sqlx::query("UPDATE users SET id = id WHERE id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let before = current(&mut *tx, user_id).await?;
    if before
        .as_ref()
        .is_some_and(|l| l.learning_id == id && l.account_id.as_deref() == Some(&member.account_id))
    {
        return Ok(());
    }
    if let Some(next) = next_allowed(&past(&mut *tx, user_id, now).await?, now) {
        return Err(invalid(Problem::AssociationLimit { next }));
    }
    let saved = match before {
        Some(_) => {
            sqlx::query(
                "UPDATE learning_links SET learning_id = $1, account_id = $2, linked_at = $3
                 WHERE user_id = $4",
            )
            .bind(&id)
            .bind(&member.account_id)
            .bind(now)
            .bind(user_id)
            .execute(&mut *tx)
            .await
        }
        None => {
            sqlx::query(
                "INSERT INTO learning_links (user_id, learning_id, account_id, linked_at)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(user_id)
            .bind(&id)
            .bind(&member.account_id)
            .bind(now)
            .execute(&mut *tx)
            .await
        }
    };
    match saved {
        Err(error) if is_unique_violation(&error, "learning_links_id_key") => {
            return Err(invalid(Problem::LearningIdTaken));
        }
        other => {
            other?;
        }
    }
    sqlx::query(
        "INSERT INTO learning_associations (id, user_id, learning_id, account_id, linked_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(new_id())
    .bind(user_id)
    .bind(&id)
    .bind(&member.account_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if let Some(Link {
        learning_id: old_id,
        account_id: Some(old_account),
        ..
    }) = &before
    {
        record(
            &mut tx,
            Action::LearningUnlinked,
            user_id,
            old_account,
            Some(old_id),
            None,
        )
        .await?;
    }
    record(
        &mut tx,
        Action::LearningLinked,
        user_id,
        &member.account_id,
        None,
        Some(&id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// "Remove access": unlinks the person's learning ID from the account.
pub async fn remove(db: &Db, user_id: &str, partner_id: i64) -> Result<(), AppError> {
    let (mut tx, member) = access::begin_edit(db, user_id, partner_id, Page::MyProfile).await?;
    let Some(link) = current(&mut *tx, user_id).await? else {
        return Err(AppError::NotFound);
    };
    if link.account_id.as_deref() != Some(member.account_id.as_str()) {
        return Err(AppError::NotFound);
    }
    sqlx::query("UPDATE learning_links SET account_id = NULL WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    record(
        &mut tx,
        Action::LearningUnlinked,
        user_id,
        &member.account_id,
        Some(&link.learning_id),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn record(
    tx: &mut Tx<'_>,
    action: Action,
    user_id: &str,
    account_id: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<(), AppError> {
    activity::record(
        tx,
        Event {
            action,
            actor_user_id: user_id,
            account_id: Some(account_id),
            subject: Some(user_id),
            old_value: old,
            new_value: new,
        },
    )
    .await
}
