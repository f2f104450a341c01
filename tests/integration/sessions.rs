//! The session store on both databases.

use partner_portal::auth::SqlSessionStore;
use partner_portal::db::Db;
use time::{Duration, OffsetDateTime};
use tower_sessions::session::{Id, Record};
use tower_sessions::SessionStore;

fn record(expires_in: Duration) -> Record {
    let mut data = std::collections::HashMap::new();
    data.insert(
        "axum-login.data".to_string(),
        serde_json::json!({ "user_id": "u1", "auth_hash": [1, 2] }),
    );
    Record {
        id: Id::default(),
        data,
        expiry_date: OffsetDateTime::now_utc() + expires_in,
    }
}

async fn user_of(db: &Db, id: &Id) -> Option<String> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT user_id FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(db)
            .await
            .expect("select");
    row.and_then(|r| r.0)
}

async fn sessions_round_trip_and_remember_their_user(db: Db) {
    let store = SqlSessionStore::new(db.clone());
    let mut session = record(Duration::hours(1));
    store.create(&mut session).await.expect("create");
    let loaded = store
        .load(&session.id)
        .await
        .expect("load")
        .expect("present");
    assert_eq!(loaded.data, session.data);
    assert_eq!(
        loaded.expiry_date.unix_timestamp(),
        session.expiry_date.unix_timestamp()
    );
    assert_eq!(user_of(&db, &session.id).await.as_deref(), Some("u1"));

    session.data.clear();
    store.save(&session).await.expect("save");
    assert!(store
        .load(&session.id)
        .await
        .expect("load")
        .expect("present")
        .data
        .is_empty());
    assert_eq!(user_of(&db, &session.id).await, None, "signed out: no user");

    store.delete(&session.id).await.expect("delete");
    assert!(store.load(&session.id).await.expect("load").is_none());
}

async fn expired_sessions_do_not_load_and_are_cleaned_up(db: Db) {
    let store = SqlSessionStore::new(db.clone());
    let mut old = record(Duration::seconds(-5));
    store.create(&mut old).await.expect("create");
    assert!(store.load(&old.id).await.expect("load").is_none());
    let mut live = record(Duration::hours(1));
    store.create(&mut live).await.expect("create");
    assert_eq!(store.delete_expired().await.expect("cleanup"), 1);
    assert!(store.load(&live.id).await.expect("load").is_some());
}

async fn a_session_ended_meanwhile_is_not_revived_by_a_late_save(db: Db) {
    let store = SqlSessionStore::new(db.clone());
    let mut session = record(Duration::hours(1));
    store.create(&mut session).await.expect("create");
    // Signed out elsewhere (or its password reset) while a request using it
    // was still running; that request then saves the session.
    store.delete(&session.id).await.expect("delete");
    store.save(&session).await.expect("late save");
    assert!(store.load(&session.id).await.expect("load").is_none());
}

on_both_databases!(
    a_session_ended_meanwhile_is_not_revived_by_a_late_save,
    sessions_round_trip_and_remember_their_user,
    expired_sessions_do_not_load_and_are_cleaned_up,
);
