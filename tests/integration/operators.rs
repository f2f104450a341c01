//! The operator console (SPEC §10) on SQLite and PostgreSQL: operators are
//! nobody's members; they approve or reject verification (the partner reads
//! the reason; the legal name locks once Authorized) and suspend accounts,
//! whose members then read but change nothing. Every action is an event.

use crate::common::{count, events, member, sign_up};
use partner_portal::db::Db;
use partner_portal::domain::operators;
use partner_portal::domain::{
    access, accounts, locations, partner_profile, programs, verification,
};
use partner_portal::model::account::NewAccount;
use partner_portal::model::operator::Decision;
use partner_portal::model::page::Page;
use partner_portal::model::partner_profile::LegalProfile;
use partner_portal::model::validation::Problem;
use partner_portal::model::{AccountType, AppError, Conflict, Program, Role, VerificationStatus};

const BASE: &str = "https://portal.example";

fn profile(legal_name: &str) -> LegalProfile {
    LegalProfile {
        legal_name: legal_name.into(),
        ..crate::common::legal_profile("ana@contoso.example")
    }
}

/// A partner account whose saved legal profile waits for verification.
async fn pending_partner(db: &Db, email: &str) -> (String, i64) {
    let owner = sign_up(db, email).await;
    programs::enroll(db, &owner.user_id, owner.partner_id, Program::Mpn)
        .await
        .expect("enroll");
    crate::common::save_legal_profile(
        db,
        &owner.user_id,
        owner.partner_id,
        &profile("Contoso SAS"),
        BASE,
    )
    .await
    .expect("save");
    (owner.user_id, owner.partner_id)
}

async fn status_of(
    db: &Db,
    user_id: &str,
    partner_id: i64,
) -> (VerificationStatus, Option<String>) {
    let m = access::member(db, user_id, partner_id)
        .await
        .expect("member");
    (m.view.verification, m.view.verification_reason)
}

async fn an_approved_verification_locks_the_legal_name(db: Db) {
    let (me, pid) = pending_partner(&db, "owner@contoso.example").await;
    let op = crate::common::operator(&db).await;
    let queue = verification::queue(&db, &op, "").await.expect("queue");
    let request = queue
        .iter()
        .find(|r| r.partner_id == pid)
        .expect("in the queue");
    assert_eq!(request.legal_name, "Contoso SAS");
    assert!(
        request
            .changes
            .iter()
            .any(|c| c.action == "account.legal_profile_updated"
                && c.new_value
                    .as_deref()
                    .is_some_and(|v| v.contains("Contoso SAS"))),
        "what changed: {:?}",
        request.changes
    );
    // Narrowed by name or Partner ID.
    let found = verification::queue(&db, &op, &pid.to_string())
        .await
        .expect("queue");
    assert_eq!(
        found.iter().map(|r| r.partner_id).collect::<Vec<_>>(),
        [pid]
    );
    assert!(verification::queue(&db, &op, "no such name")
        .await
        .expect("queue")
        .is_empty());
    verification::decide(&db, &op, pid, Decision::Approve, "")
        .await
        .expect("approve");
    assert_eq!(
        status_of(&db, &me, pid).await,
        (VerificationStatus::Authorized, None)
    );
    assert_eq!(events(&db, "account.verification_approved").await, 1);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM activity_events WHERE actor_user_id = $1",
            &op.user_id
        )
        .await,
        1,
        "the operator is the event's actor"
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM outbox WHERE recipient = $1 AND body LIKE '%is verified%'",
            "ana@contoso.example"
        )
        .await,
        1
    );
    assert!(verification::queue(&db, &op, "")
        .await
        .expect("queue")
        .iter()
        .all(|r| r.partner_id != pid));
    // Decided once: a second decision (another operator's) is refused.
    assert_eq!(
        verification::decide(&db, &op, pid, Decision::Reject, "too late").await,
        Err(AppError::Conflict(Conflict::AlreadyDecided))
    );
    // SPEC §7: the legal name is fixed once Authorized.
    let err = crate::common::save_legal_profile(&db, &me, pid, &profile("Another name SAS"), BASE)
        .await
        .expect_err("locked");
    assert!(
        err.field_errors()
            .iter()
            .any(|e| e.field == "legal_name" && e.problem == Problem::LockedWhenAuthorized),
        "{err:?}"
    );
}

on_both_databases!(an_approved_verification_locks_the_legal_name);

async fn a_rejection_reason_reaches_the_partner_until_they_ask_again(db: Db) {
    let (me, pid) = pending_partner(&db, "owner@contoso.example").await;
    let op = crate::common::operator(&db).await;
    let refused = verification::decide(&db, &op, pid, Decision::Reject, "  ").await;
    assert!(
        matches!(&refused, Err(AppError::Invalid(e)) if e[0].field == "reason" && e[0].problem == Problem::Required),
        "{refused:?}"
    );
    assert_eq!(
        status_of(&db, &me, pid).await.0,
        VerificationStatus::Pending,
        "nothing changed"
    );
    verification::decide(
        &db,
        &op,
        pid,
        Decision::Reject,
        "The address doesn't match the registry.",
    )
    .await
    .expect("reject");
    assert_eq!(
        status_of(&db, &me, pid).await,
        (
            VerificationStatus::Rejected,
            Some("The address doesn't match the registry.".into())
        )
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM outbox WHERE recipient = $1 AND body LIKE '%doesn''t match the registry%'", "ana@contoso.example").await,
        1
    );
    // Correcting the profile asks again: Pending, the old reason gone.
    let mut corrected = profile("Contoso SAS");
    corrected.address_line1 = "2 rue de la Paix".into();
    crate::common::save_legal_profile(&db, &me, pid, &corrected, BASE)
        .await
        .expect("save");
    assert_eq!(
        status_of(&db, &me, pid).await,
        (VerificationStatus::Pending, None)
    );
}

on_both_databases!(a_rejection_reason_reaches_the_partner_until_they_ask_again);

async fn the_console_is_for_operators_and_operators_join_no_account(db: Db) {
    let (me, pid) = pending_partner(&db, "owner@contoso.example").await;
    assert_eq!(
        operators::require(&db, &me).await.err(),
        Some(AppError::NotFound)
    );
    let op = crate::common::operator(&db).await;
    // Not a member: an account's pages answer NotFound, as to a stranger.
    assert_eq!(
        access::open(&db, &op.user_id, pid, Page::PartnerProfile)
            .await
            .err(),
        Some(AppError::NotFound)
    );
    let new = NewAccount {
        legal_name: "Vendor side".into(),
        country: "FR".into(),
        account_type: AccountType::Company,
    };
    assert_eq!(
        accounts::create_account(&db, &op.user_id, &new).await,
        Err(AppError::Forbidden)
    );
    // `partner_portal operator add`: a one-time password, to replace first.
    let password = operators::add(&db, "Oscar@Vendor.example", "Oscar")
        .await
        .expect("add");
    assert_eq!(password.len(), 16);
    let (must_change,): (i64,) = sqlx::query_as(
        "SELECT must_change_password FROM users WHERE email = 'oscar@vendor.example'",
    )
    .fetch_one(&db)
    .await
    .expect("user");
    assert_eq!(must_change, 1);
    assert!(matches!(
        operators::add(&db, "owner@contoso.example", "Taken").await,
        Err(AppError::Invalid(e)) if e[0].problem == Problem::EmailTaken
    ));
    // Search by name or by Partner ID.
    let by_name = operators::search_accounts(&db, &op, "contoso")
        .await
        .expect("search");
    let by_id = operators::search_accounts(&db, &op, &pid.to_string())
        .await
        .expect("search");
    assert_eq!(by_name.len(), 1);
    assert_eq!(by_name, by_id);
    assert_eq!(by_name[0].verification, VerificationStatus::Pending);
}

on_both_databases!(the_console_is_for_operators_and_operators_join_no_account);

async fn a_suspended_account_reads_but_changes_nothing(db: Db) {
    let (me, pid) = pending_partner(&db, "owner@contoso.example").await;
    let admin = member(&db, pid, "admin@contoso.example", &[Role::GlobalAdmin]).await;
    let op = crate::common::operator(&db).await;
    assert!(matches!(
        operators::set_account_status(&db, &op, pid, Some("")).await,
        Err(AppError::Invalid(e)) if e[0].field == "reason"
    ));
    operators::set_account_status(&db, &op, pid, Some("Unpaid invoices since March."))
        .await
        .expect("suspend");
    assert_eq!(events(&db, "account.suspended").await, 1);
    let seen = access::member(&db, &admin, pid).await.expect("member");
    assert_eq!(
        seen.view.suspended.as_deref(),
        Some("Unpaid invoices since March.")
    );
    assert!(!seen
        .view
        .may(partner_portal::model::Permission::EditLegalProfile));
    // Reading works…
    partner_profile::legal_profile(&db, &me, pid)
        .await
        .expect("read");
    // …every change is refused, whatever the page.
    let suspended: Result<(), AppError> = Err(AppError::Conflict(Conflict::AccountSuspended));
    assert_eq!(
        crate::common::save_legal_profile(&db, &me, pid, &profile("Contoso Group SAS"), BASE)
            .await
            .map(|_| ()),
        suspended.clone()
    );
    assert_eq!(
        programs::enroll(&db, &me, pid, Program::Referrals)
            .await
            .map(|_| ()),
        suspended.clone()
    );
    let site = crate::locations::paris();
    assert_eq!(
        locations::add(&db, &admin, pid, &site).await.map(|_| ()),
        suspended
    );
    // Reactivated: changes go through again.
    operators::set_account_status(&db, &op, pid, None)
        .await
        .expect("reactivate");
    assert_eq!(events(&db, "account.reactivated").await, 1);
    locations::add(&db, &admin, pid, &site).await.expect("add");
    // Another account's Partner ID that doesn't exist: NotFound.
    assert_eq!(
        operators::set_account_status(&db, &op, 1, Some("x")).await,
        Err(AppError::NotFound)
    );
}

on_both_databases!(a_suspended_account_reads_but_changes_nothing);
