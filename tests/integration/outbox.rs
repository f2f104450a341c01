//! Email delivery over SMTP, against a minimal SMTP server in the test (it
//! speaks just enough of the protocol to accept messages), on SQLite and
//! PostgreSQL.

use std::sync::{Arc, Mutex};

use partner_portal::db::Db;
use partner_portal::domain::outbox::{self, Delivery};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Accepts SMTP connections on a free local port; every message's DATA lands
/// in the returned list.
async fn smtp_server() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = received.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 test ESMTP\r\n").await;
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(message) = data.as_mut() {
                        if line == "." {
                            store
                                .lock()
                                .expect("lock")
                                .push(data.take().unwrap_or_default());
                            let _ = write.write_all(b"250 queued\r\n").await;
                        } else {
                            message.push_str(&line);
                            message.push('\n');
                        }
                        continue;
                    }
                    let reply: &[u8] = match line.get(..4).map(str::to_ascii_uppercase).as_deref() {
                        Some("DATA") => {
                            data = Some(String::new());
                            b"354 go ahead\r\n"
                        }
                        Some("QUIT") => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    let _ = write.write_all(reply).await;
                }
            });
        }
    });
    (port, received)
}

async fn waiting(db: &Db) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
        .fetch_one(db)
        .await
        .expect("count");
    n
}

async fn queue(db: &Db, to: &str) {
    let mut tx = db.begin().await.expect("begin");
    outbox::queue(
        &mut tx,
        outbox::Email {
            to,
            subject: "Confirm your email",
            body: "Open https://portal.example/verify-email/abc",
        },
    )
    .await
    .expect("queue");
    tx.commit().await.expect("commit");
}

async fn waiting_email_goes_out_over_smtp_once(db: Db) {
    let (port, received) = smtp_server().await;
    let smtp = Delivery::smtp(
        &format!("smtp://127.0.0.1:{port}"),
        "Partner Portal <no-reply@portal.example>",
    )
    .expect("smtp");
    queue(&db, "ana@contoso.example").await;
    assert_eq!(outbox::deliver_pending(&db, &smtp).await.expect("send"), 1);
    assert_eq!(outbox::deliver_pending(&db, &smtp).await.expect("send"), 0);
    let messages = received.lock().expect("lock").clone();
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0].contains("To: ana@contoso.example"),
        "{}",
        messages[0]
    );
    assert!(messages[0].contains("Subject: Confirm your email"));
    assert!(messages[0].contains("https://portal.example/verify-email/abc"));
    assert_eq!(waiting(&db).await, 0);
}

async fn an_email_that_cannot_go_waits_for_the_next_round(db: Db) {
    // A port nobody listens on: the server is down.
    let closed = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let down = Delivery::smtp(
        &format!("smtp://127.0.0.1:{port}"),
        "no-reply@portal.example",
    )
    .expect("smtp");
    queue(&db, "ana@contoso.example").await;
    let at = partner_portal::db::now();
    assert_eq!(outbox::deliver_due(&db, &down, at).await.expect("try"), 0);
    assert_eq!(waiting(&db).await, 1, "kept for later");
    let (port, received) = smtp_server().await;
    let up = Delivery::smtp(
        &format!("smtp://127.0.0.1:{port}"),
        "no-reply@portal.example",
    )
    .expect("smtp");
    assert_eq!(
        outbox::deliver_due(&db, &up, at + 1).await.expect("send"),
        0,
        "not due yet: retries wait"
    );
    assert_eq!(
        outbox::deliver_due(&db, &up, at + 31).await.expect("send"),
        1
    );
    assert_eq!(received.lock().expect("lock").len(), 1);
    assert!(Delivery::smtp("not a url", "x@y.example").is_err());
}

/// Emails that can never go (here: malformed recipients) don't hold up the
/// others, and are set aside after a few attempts.
async fn emails_that_never_go_neither_block_others_nor_retry_forever(db: Db) {
    let (port, received) = smtp_server().await;
    let smtp = Delivery::smtp(
        &format!("smtp://127.0.0.1:{port}"),
        "no-reply@portal.example",
    )
    .expect("smtp");
    for n in 0..60 {
        queue(&db, &format!("not an address {n}")).await;
    }
    let at = partner_portal::db::now();
    assert_eq!(outbox::deliver_due(&db, &smtp, at).await.expect("round"), 0);
    queue(&db, "ana@contoso.example").await;
    assert_eq!(
        outbox::deliver_due(&db, &smtp, at).await.expect("round"),
        1,
        "a new email goes before the failing ones are retried"
    );
    assert_eq!(received.lock().expect("lock").len(), 1);
    let mut later = at;
    for _ in 0..outbox::MAX_ATTEMPTS + 4 {
        later += 3600;
        outbox::deliver_due(&db, &smtp, later).await.expect("round");
    }
    let (set_aside,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL")
            .fetch_one(&db)
            .await
            .expect("count");
    assert_eq!(set_aside, 60);
    let (attempts,): (Option<i64>,) = sqlx::query_as("SELECT MAX(attempts) FROM outbox")
        .fetch_one(&db)
        .await
        .expect("max");
    assert_eq!(attempts, Some(outbox::MAX_ATTEMPTS));
}

on_both_databases!(
    emails_that_never_go_neither_block_others_nor_retry_forever,
    waiting_email_goes_out_over_smtp_once,
    an_email_that_cannot_go_waits_for_the_next_round,
);
