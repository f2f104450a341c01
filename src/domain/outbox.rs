//! Outgoing email. A change writes its email here, in its own transaction, so
//! the email exists if and only if the change committed; [`run_sender`]
//! delivers what is waiting: as files in `EMAIL_DIR` when it is set (for
//! development and the end-to-end tests, which read the links there), else to
//! the server log. SMTP delivery is not built yet.

use crate::db::{new_id, now, Db, Tx};
use crate::model::AppError;

pub struct Email<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

pub async fn queue(tx: &mut Tx<'_>, email: Email<'_>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO outbox (id, recipient, subject, body, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(new_id())
    .bind(email.to)
    .bind(email.subject)
    .bind(email.body)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Delivers up to 50 waiting emails, oldest first; returns how many.
/// Marking one sent only if it is still unsent keeps two app instances from
/// both delivering it.
pub async fn deliver_pending(db: &Db) -> Result<usize, AppError> {
    let waiting: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT id, recipient, subject, body FROM outbox WHERE sent_at IS NULL
         ORDER BY created_at LIMIT 50",
    )
    .fetch_all(db)
    .await?;
    let mut sent = 0;
    for (id, to, subject, body) in waiting {
        let claimed =
            sqlx::query("UPDATE outbox SET sent_at = $1 WHERE id = $2 AND sent_at IS NULL")
                .bind(now())
                .bind(&id)
                .execute(db)
                .await?;
        if claimed.rows_affected() == 1 {
            deliver(&id, &to, &subject, &body).await;
            sent += 1;
        }
    }
    Ok(sent)
}

/// Delivers waiting email every few seconds, for the life of the server.
pub async fn run_sender(db: Db) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
    loop {
        tick.tick().await;
        if let Err(error) = deliver_pending(&db).await {
            tracing::warn!(?error, "could not deliver email");
        }
    }
}

async fn deliver(id: &str, to: &str, subject: &str, body: &str) {
    let Some(dir) = std::env::var_os("EMAIL_DIR") else {
        tracing::info!(%to, %subject, "email\n{body}");
        return;
    };
    let path = std::path::Path::new(&dir).join(format!("{id}.eml"));
    let message = format!("To: {to}\nSubject: {subject}\n\n{body}");
    let written = match tokio::fs::create_dir_all(&dir).await {
        Ok(()) => tokio::fs::write(&path, message).await,
        Err(error) => Err(error),
    };
    if let Err(error) = written {
        tracing::warn!(%error, path = %path.display(), %to, %subject, "could not write email\n{body}");
    }
}
