//! A user's own sign-in sessions (My profile → Sessions): listed from the
//! session store's rows, ended one by one or all but the current one.

use super::keys;
use crate::db::{now, token_hash, Db};
use crate::domain::activity::{self, Action, Event};
use crate::model::member::SessionRow;
use crate::model::AppError;

/// The handle shown for a session: derived from its id by a one-way hash, so
/// the page never carries the cookie's secret.
fn handle(session_id: &str) -> String {
    token_hash(session_id)[..16].to_string()
}

/// The user's live sessions, most recently active first.
pub async fn list(
    db: &Db,
    user_id: &str,
    current_session: Option<&str>,
) -> Result<Vec<SessionRow>, AppError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, data FROM sessions WHERE user_id = $1 AND expiry_date > $2")
            .bind(user_id)
            .bind(now())
            .fetch_all(db)
            .await?;
    let mut list: Vec<(i64, SessionRow)> = rows
        .into_iter()
        .map(|(id, data)| {
            let data: serde_json::Value = serde_json::from_str(&data).unwrap_or_default();
            let signed_in = data[keys::SIGNED_IN_AT].as_i64().unwrap_or_default();
            let seen = data[keys::SEEN_AT].as_i64().unwrap_or(signed_in);
            let row = SessionRow {
                handle: handle(&id),
                signed_in_at: signed_in,
                last_active_at: seen,
                device: data[keys::DEVICE].as_str().unwrap_or_default().to_string(),
                current: Some(id.as_str()) == current_session,
            };
            (seen, row)
        })
        .collect();
    list.sort_by(|a, b| b.1.current.cmp(&a.1.current).then(b.0.cmp(&a.0)));
    Ok(list.into_iter().map(|(_, row)| row).collect())
}

/// Ends the user's sessions chosen by `which` (handles), or all but the
/// current one when `which` is `None`. Another user's handle ends nothing.
pub async fn end(
    db: &Db,
    user_id: &str,
    which: Option<&str>,
    current_session: Option<&str>,
) -> Result<u64, AppError> {
    let mut tx = crate::db::begin(db).await?;
    // Lock the user's row first: one writer at a time per user.
    sqlx::query("UPDATE users SET must_change_password = must_change_password WHERE id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let ids: Vec<(String,)> = sqlx::query_as("SELECT id FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(&mut *tx)
        .await?;
    let mut ended = 0;
    for (id,) in ids {
        let chosen = match which {
            Some(h) => handle(&id) == h,
            None => Some(id.as_str()) != current_session,
        };
        if chosen {
            sqlx::query("DELETE FROM sessions WHERE id = $1")
                .bind(&id)
                .execute(&mut *tx)
                .await?;
            ended += 1;
        }
    }
    // Nothing ended, nothing recorded: a named session that isn't theirs
    // is not found; "everywhere else" with no other session is no change.
    if ended == 0 {
        return if which.is_some() {
            Err(AppError::NotFound)
        } else {
            Ok(0)
        };
    }
    activity::record(
        &mut tx,
        Event {
            action: Action::SessionsEnded,
            actor_user_id: user_id,
            account_id: None,
            subject: Some(user_id),
            old_value: None,
            new_value: Some(&ended.to_string()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}
