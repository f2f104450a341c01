//! "Forgot password?" on SQLite and PostgreSQL: the same answer whether
//! the email exists or not; a single-use link valid 30 minutes; using it
//! sets the password, ends every session and lifts the sign-in throttle.

use crate::common::{count, events, sign_up, PASSWORD};
use partner_portal::db::Db;
use partner_portal::domain::{password_reset, users};
use partner_portal::model::validation::Problem;
use partner_portal::model::{AppError, Conflict};

const BASE: &str = "https://portal.example";

/// The secret of the last reset link emailed to `email`, as the person
/// would read it.
async fn emailed_token(db: &Db, email: &str) -> Option<String> {
    let bodies: Vec<(String,)> = sqlx::query_as(
        "SELECT body FROM outbox WHERE recipient = $1 AND body LIKE '%/reset-password/%'
         ORDER BY created_at",
    )
    .bind(email)
    .fetch_all(db)
    .await
    .expect("outbox");
    let body = &bodies.last()?.0;
    let start = body.find("/reset-password/")? + "/reset-password/".len();
    body[start..].split_whitespace().next().map(str::to_string)
}

async fn a_reset_link_sets_a_new_password_once_and_ends_every_session(db: Db) {
    let ana = sign_up(&db, "ana@contoso.example").await;
    // Five wrong passwords lock the email…
    for _ in 0..users::MAX_FAILURES {
        let _ = users::authenticate(&db, "ana@contoso.example", "wrong", None).await;
    }
    assert_eq!(
        users::authenticate(&db, "ana@contoso.example", PASSWORD, None)
            .await
            .err(),
        Some(AppError::TooManyAttempts)
    );
    sqlx::query(
        "INSERT INTO sessions (id, user_id, data, expiry_date) VALUES ('s1', $1, '{}', 9999999999)",
    )
    .bind(&ana.user_id)
    .execute(&db)
    .await
    .expect("a session");
    // …and the emailed link lets the owner back in.
    password_reset::request(&db, "Ana@Contoso.example", BASE)
        .await
        .expect("ask");
    let token = emailed_token(&db, "ana@contoso.example")
        .await
        .expect("an email with a link");
    let weak = password_reset::reset(&db, &token, "short").await;
    assert!(
        matches!(&weak, Err(AppError::Invalid(e)) if e[0].field == "password"
            && matches!(e[0].problem, Problem::PasswordTooShort { .. })),
        "{weak:?}"
    );
    let user = password_reset::reset(&db, &token, "a brand new passphrase")
        .await
        .expect("reset");
    assert_eq!(user, ana.user_id);
    users::authenticate(&db, "ana@contoso.example", "a brand new passphrase", None)
        .await
        .expect("the new password works, the throttle lifted");
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM sessions WHERE user_id = $1",
            &ana.user_id
        )
        .await,
        0
    );
    assert_eq!(events(&db, "user.password_reset_by_email").await, 1);
    // Once only.
    assert_eq!(
        password_reset::reset(&db, &token, "yet another passphrase").await,
        Err(AppError::Conflict(Conflict::LinkClosed))
    );
    assert_eq!(
        password_reset::reset(&db, "not-a-token", "yet another passphrase").await,
        Err(AppError::Conflict(Conflict::LinkClosed))
    );
}

on_both_databases!(a_reset_link_sets_a_new_password_once_and_ends_every_session);

async fn asking_says_nothing_about_who_exists_and_cant_flood_an_inbox(db: Db) {
    sign_up(&db, "ana@contoso.example").await;
    assert_eq!(
        password_reset::request(&db, "nobody@contoso.example", BASE).await,
        Ok(())
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM outbox WHERE recipient = $1",
            "nobody@contoso.example"
        )
        .await,
        0
    );
    for _ in 0..10 {
        assert_eq!(
            password_reset::request(&db, "ana@contoso.example", BASE).await,
            Ok(())
        );
    }
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM outbox WHERE recipient = $1 AND body LIKE '%/reset-password/%'",
            "ana@contoso.example"
        )
        .await,
        password_reset::LINKS_PER_HOUR
    );
    // An expired link doesn't work.
    let token = emailed_token(&db, "ana@contoso.example")
        .await
        .expect("a link");
    sqlx::query("UPDATE password_resets SET expires_at = 0")
        .execute(&db)
        .await
        .expect("expire");
    assert_eq!(
        password_reset::reset(&db, &token, "a brand new passphrase").await,
        Err(AppError::Conflict(Conflict::LinkClosed))
    );
}

on_both_databases!(asking_says_nothing_about_who_exists_and_cant_flood_an_inbox);
