//! The concurrency suite (hardening issue, item 10): many requests at the
//! same moment on one record, on SQLite and PostgreSQL. Each test prints its
//! figures (`cargo test --features ssr --test integration -- concurrency
//! --nocapture`). Also part of it: racing demotions
//! (`members::concurrent_demotions_never_leave_zero_global_admins`), parallel
//! wrong passwords (`accounts::parallel_guesses_get_no_more_tries_than_the_limit`),
//! concurrent sign-ups with one email and two instances on one PostgreSQL
//! (`instances`).

use crate::common::{count, events, legal_profile, sign_up, user};
use partner_portal::db::Db;
use partner_portal::domain::{invitations, partner_profile, programs, users};
use partner_portal::model::{AppError, Language, Program, Role};

/// 100 saves of one record at the same version, all at once: exactly one
/// wins, the 99 others are told it was edited meanwhile, and one change and
/// one activity event are written.
async fn of_100_parallel_saves_of_one_version_exactly_one_wins(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.clone(), owner.partner_id);
    programs::enroll(&db, &me, pid, Program::Mpn)
        .await
        .expect("enroll");
    let version = partner_profile::legal_profile(&db, &me, pid)
        .await
        .expect("profile")
        .version;
    let saves = (0..100).map(|i| {
        let (db, me) = (db.clone(), me.clone());
        tokio::spawn(async move {
            let mut input = legal_profile("ana@contoso.example");
            input.contact_first_name = format!("Ana {i}");
            partner_profile::save_legal_profile(
                &db,
                &me,
                pid,
                &input,
                version,
                crate::common::BASE_URL,
            )
            .await
        })
    });
    let (mut won, mut refused, mut other) = (0, 0, Vec::new());
    for save in futures_util::future::join_all(saves).await {
        match save.expect("task") {
            Ok(_) => won += 1,
            Err(AppError::EditedMeanwhile(_)) => refused += 1,
            Err(error) => other.push(error),
        }
    }
    println!("concurrency: 100 parallel saves of one version: {won} won, {refused} refused as edited meanwhile, {} other", other.len());
    assert_eq!((won, refused), (1, 99), "{other:?}");
    assert_eq!(events(&db, "account.legal_profile_updated").await, 1);
    let saved = partner_profile::legal_profile(&db, &me, pid)
        .await
        .expect("profile");
    assert_eq!(saved.version, version + 1);
}

/// One invitation accepted 50 times at once by its invitee: one membership.
async fn one_invitation_accepted_50_times_at_once_makes_one_membership(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let bo = user(&db, "bo@contoso.example", "Bo").await;
    let links = invitations::invite(
        &db,
        &owner.user_id,
        owner.partner_id,
        "bo@contoso.example",
        &[Role::SalesAgent],
        crate::common::BASE_URL,
    )
    .await
    .expect("invite");
    let token = crate::common::token(&links[0].link);
    let accepts = (0..50).map(|_| {
        let (db, token, bo) = (db.clone(), token.clone(), bo.clone());
        tokio::spawn(async move { invitations::accept_as_user(&db, &token, &bo).await })
    });
    let mut accepted = 0;
    for accept in futures_util::future::join_all(accepts).await {
        if accept.expect("task").is_ok() {
            accepted += 1;
        }
    }
    let memberships = count(
        &db,
        "SELECT COUNT(*) FROM memberships WHERE user_id = $1",
        &bo,
    )
    .await;
    let roles = count(
        &db,
        "SELECT COUNT(*) FROM membership_roles WHERE user_id = $1",
        &bo,
    )
    .await;
    println!("concurrency: one invitation accepted 50 times at once: {accepted} accepted, {memberships} membership, {roles} role");
    assert!(accepted >= 1);
    assert_eq!((memberships, roles), (1, 1));
    assert_eq!(events(&db, "invitation.accepted").await, 1);
}

/// 200 changes that read before they write (40 users' languages, switched
/// five times), all at once: every one succeeds. On SQLite a deferred transaction failed at once
/// with "database is locked" when another write committed after its read
/// (the soak's 500s); writes now take the lock first (`db::begin`).
async fn parallel_read_then_write_changes_all_succeed(db: Db) {
    let mut ids = Vec::new();
    for i in 0..40 {
        ids.push(user(&db, &format!("user{i}@contoso.example"), "User").await);
    }
    let changes = (0..5).flat_map(|round| {
        let language = if round % 2 == 0 {
            Language::Fr
        } else {
            Language::En
        };
        ids.iter().map(move |id| (id.clone(), language))
    });
    let changes: Vec<_> = changes
        .map(|(id, language)| {
            let db = db.clone();
            tokio::spawn(async move { users::set_language(&db, &id, language).await })
        })
        .collect();
    let mut failed = Vec::new();
    for change in changes {
        if let Err(error) = change.await.expect("task") {
            failed.push(error);
        }
    }
    println!("200 parallel language changes: {} failed", failed.len());
    assert!(failed.is_empty(), "{failed:?}");
    // Each change that found the other language wrote its event.
    assert!(events(&db, "user.language_changed").await >= 40);
}

on_both_databases!(
    of_100_parallel_saves_of_one_version_exactly_one_wins,
    one_invitation_accepted_50_times_at_once_makes_one_membership,
    parallel_read_then_write_changes_all_succeed,
);
