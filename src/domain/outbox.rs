//! Outgoing email. A change writes its email here, in its own transaction, so
//! the email exists if and only if the change committed; [`run_sender`]
//! delivers what is waiting through a [`Delivery`]: SMTP when `SMTP_URL` is
//! set, files in `EMAIL_DIR` (development, end-to-end tests), else the log.

use std::path::PathBuf;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

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

/// Where waiting email goes.
pub enum Delivery {
    // Boxed: the transport is large and there is one `Delivery` per server.
    Smtp {
        transport: Box<AsyncSmtpTransport<Tokio1Executor>>,
        from: Mailbox,
    },
    Dir(PathBuf),
    Log,
}

impl Delivery {
    /// From `SMTP_URL` (e.g. `smtp://user:password@mail.example.com:587?tls=required`,
    /// `smtps://…` for TLS from the start) and `EMAIL_FROM`, else `EMAIL_DIR`,
    /// else the log. A malformed setting is an error at start-up, not a lost email.
    pub fn from_env() -> Result<Delivery, String> {
        if let Ok(url) = std::env::var("SMTP_URL") {
            let from = std::env::var("EMAIL_FROM")
                .unwrap_or_else(|_| "Partner Portal <no-reply@localhost>".into());
            return Delivery::smtp(&url, &from);
        }
        Ok(match std::env::var_os("EMAIL_DIR") {
            Some(dir) => Delivery::Dir(dir.into()),
            None => Delivery::Log,
        })
    }

    pub fn smtp(url: &str, from: &str) -> Result<Delivery, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("SMTP_URL: {e}"))?
            .build();
        let transport = Box::new(transport);
        let from = from.parse().map_err(|e| format!("EMAIL_FROM: {e}"))?;
        Ok(Delivery::Smtp { transport, from })
    }

    async fn send(&self, id: &str, to: &str, subject: &str, body: &str) -> Result<(), String> {
        match self {
            Delivery::Smtp { transport, from } => {
                let message = Message::builder()
                    .from(from.clone())
                    .to(to.parse().map_err(|e| format!("recipient: {e}"))?)
                    .subject(subject)
                    .body(body.to_string())
                    .map_err(|e| e.to_string())?;
                transport.send(message).await.map_err(|e| e.to_string())?;
            }
            Delivery::Dir(dir) => {
                let message = format!("To: {to}\nSubject: {subject}\n\n{body}");
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| e.to_string())?;
                tokio::fs::write(dir.join(format!("{id}.eml")), message)
                    .await
                    .map_err(|e| e.to_string())?;
            }
            Delivery::Log => tracing::info!(%to, %subject, "email\n{body}"),
        }
        Ok(())
    }
}

/// How many times an email is tried before it is set aside as failed.
pub const MAX_ATTEMPTS: i64 = 8;
/// How long an instance that is sending an email keeps others off it; if it
/// dies mid-send, the email is tried again after that (at least once, then).
const CLAIM_SECS: i64 = 300;

/// The wait before the next try after `attempts` failed ones: 30 s, 1 min,
/// 2 min… up to an hour.
fn retry_after(attempts: i64) -> i64 {
    (30_i64 << attempts.clamp(1, 8).saturating_sub(1)).min(3600)
}

/// Delivers up to 50 emails that are due; returns how many went.
pub async fn deliver_pending(db: &Db, delivery: &Delivery) -> Result<usize, AppError> {
    deliver_due(db, delivery, now()).await
}

/// [`deliver_pending`] as at `at` (Unix seconds). New emails come before
/// retries (they are due since 0). Each is claimed before it goes, so two app
/// instances never both send it; one that fails waits longer each time and
/// is set aside after [`MAX_ATTEMPTS`].
pub async fn deliver_due(db: &Db, delivery: &Delivery, at: i64) -> Result<usize, AppError> {
    let due: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT id, recipient, subject, body FROM outbox
         WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
         ORDER BY next_attempt_at, created_at LIMIT 50",
    )
    .bind(at)
    .fetch_all(db)
    .await?;
    let mut sent = 0;
    for (id, to, subject, body) in due {
        let claimed: Option<(i64,)> = sqlx::query_as(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1
             WHERE id = $2 AND sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $3
             RETURNING attempts",
        )
        .bind(at + CLAIM_SECS)
        .bind(&id)
        .bind(at)
        .fetch_optional(db)
        .await?;
        let Some((attempts,)) = claimed else {
            continue;
        };
        match delivery.send(&id, &to, &subject, &body).await {
            Ok(()) => {
                sqlx::query("UPDATE outbox SET sent_at = $1 WHERE id = $2")
                    .bind(at)
                    .bind(&id)
                    .execute(db)
                    .await?;
                sent += 1;
            }
            Err(error) if attempts >= MAX_ATTEMPTS => {
                tracing::error!(%error, %to, %subject, attempts, "could not deliver email; set aside");
                sqlx::query("UPDATE outbox SET failed_at = $1 WHERE id = $2")
                    .bind(at)
                    .bind(&id)
                    .execute(db)
                    .await?;
            }
            Err(error) => {
                tracing::warn!(%error, %to, %subject, attempts, "could not deliver email; will retry");
                sqlx::query("UPDATE outbox SET next_attempt_at = $1 WHERE id = $2")
                    .bind(at + retry_after(attempts))
                    .bind(&id)
                    .execute(db)
                    .await?;
            }
        }
    }
    Ok(sent)
}

/// Sends what is due every second until `stop` turns true; a batch under
/// way is finished first (each email is claimed before it goes, so one cut
/// short by a crash is retried, never lost). Once a second: a person waiting
/// for an invitation or a reset link gets it at once, and a look for due
/// emails is one indexed query, cheap even with many instances.
pub async fn run_sender(db: Db, delivery: Delivery, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            break;
        }
        if let Err(error) = deliver_pending(&db, &delivery).await {
            tracing::warn!(?error, "could not deliver email");
        }
    }
}

/// The outbox as `/healthz` reports it.
#[derive(Debug, serde::Serialize)]
pub struct Health {
    /// Emails not sent yet (new, or waiting for a retry).
    pub waiting: i64,
    /// How long the most overdue of them has been due, in seconds.
    pub overdue_secs: i64,
    /// Emails set aside after their last attempt failed.
    pub failed: i64,
}

/// Due emails go within seconds (the sender runs every 5): one due for
/// longer than this means no sender is running or delivery is failing.
pub const STUCK_AFTER_SECS: i64 = 300;

impl Health {
    pub fn is_stuck(&self) -> bool {
        self.overdue_secs > STUCK_AFTER_SECS
    }
}

/// One query: what waits, since when, and what was set aside.
pub async fn health(db: &Db) -> Result<Health, AppError> {
    let at = now();
    let (waiting, earliest, failed): (i64, Option<i64>, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN sent_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END), 0),
                MIN(CASE WHEN sent_at IS NULL AND failed_at IS NULL THEN next_attempt_at END),
                COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0)
         FROM outbox WHERE sent_at IS NULL",
    )
    .fetch_one(db)
    .await?;
    // New emails are due since 0: count them from their creation instead.
    let overdue_secs = match earliest {
        Some(0) => {
            let (created,): (Option<i64>,) = sqlx::query_as(
                "SELECT MIN(created_at) FROM outbox
                 WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at = 0",
            )
            .fetch_one(db)
            .await?;
            created.map_or(0, |c| at - c)
        }
        Some(due) => at - due,
        None => 0,
    };
    Ok(Health {
        waiting,
        overdue_secs: overdue_secs.max(0),
        failed,
    })
}

#[cfg(test)]
mod tests {
    use super::retry_after;

    #[test]
    fn retries_wait_longer_each_time_up_to_an_hour() {
        let waits: Vec<i64> = (1..=9).map(retry_after).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }
}
