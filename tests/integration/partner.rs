//! Partner settings → Partner profile (SPEC §3), on SQLite and PostgreSQL.

use crate::common::{events, member, sign_up};
use partner_portal::db::Db;
use partner_portal::domain::{accounts, partner_profile, programs};
use partner_portal::model::partner_profile::LegalProfile;
use partner_portal::model::validation::Problem;
use partner_portal::model::{AppError, Latest, Program, Role};

const BASE: &str = "https://portal.example";

fn profile(legal_name: &str) -> LegalProfile {
    LegalProfile {
        legal_name: legal_name.into(),
        address_line1: "1 rue de la Paix".into(),
        address_line2: String::new(),
        city: "Paris".into(),
        region: String::new(),
        postal_code: "75002".into(),
        country: "FR".into(),
        contact_first_name: "Ana".into(),
        contact_last_name: "Martin".into(),
        contact_email: "Ana@Contoso.example".into(),
        contact_phone: String::new(),
    }
}

async fn partner_account(db: &Db, email: &str) -> (String, i64) {
    let owner = sign_up(db, email).await;
    programs::enroll(db, &owner.user_id, owner.partner_id, Program::Mpn)
        .await
        .expect("enroll");
    (owner.user_id, owner.partner_id)
}

async fn the_legal_profile_is_saved_and_renames_the_account(db: Db) {
    let (me, pid) = partner_account(&db, "owner@contoso.example").await;
    let before = partner_profile::legal_profile(&db, &me, pid)
        .await
        .expect("read");
    assert_eq!(before.legal_name, "Company of owner@contoso.example");
    assert!(!before.is_complete());
    let sent_to = crate::common::save_legal_profile(&db, &me, pid, &profile("Contoso SAS"), BASE)
        .await
        .expect("save");
    assert_eq!(
        sent_to.as_deref(),
        Some("ana@contoso.example"),
        "a new contact email gets a confirmation link, and the save says where"
    );
    assert_eq!(
        crate::common::save_legal_profile(&db, &me, pid, &profile("Contoso SAS"), BASE).await,
        Ok(None),
        "the link sent a moment ago still works: no second email"
    );
    let after = partner_profile::legal_profile(&db, &me, pid)
        .await
        .expect("read");
    assert!(after.is_complete());
    assert_eq!(after.contact_email, "ana@contoso.example");
    let accounts = accounts::accounts_of(&db, &me).await.expect("accounts");
    assert_eq!(accounts[0].legal_name, "Contoso SAS");
    assert_eq!(events(&db, "account.legal_profile_updated").await, 2);
}

async fn a_bad_profile_is_refused_field_by_field_and_changes_nothing(db: Db) {
    let (me, pid) = partner_account(&db, "owner@contoso.example").await;
    let mut input = profile("Contoso SAS");
    input.postal_code = String::new();
    input.contact_phone = "12".into();
    let err = crate::common::save_legal_profile(&db, &me, pid, &input, BASE)
        .await
        .unwrap_err();
    let problems: Vec<_> = err
        .field_errors()
        .iter()
        .map(|e| (e.field.as_str(), e.problem))
        .collect();
    assert_eq!(
        problems,
        [
            ("postal_code", Problem::Required),
            ("contact_phone", Problem::InvalidPhone)
        ]
    );
    assert_eq!(events(&db, "account.legal_profile_updated").await, 0);
}

async fn only_profile_editors_change_it_and_only_in_their_account(db: Db) {
    let (me, pid) = partner_account(&db, "owner@contoso.example").await;
    let sales = member(&db, pid, "s@contoso.example", &[Role::SalesAgent]).await;
    assert_eq!(
        crate::common::save_legal_profile(&db, &sales, pid, &profile("Mine"), BASE)
            .await
            .err(),
        Some(AppError::Forbidden)
    );
    partner_profile::legal_profile(&db, &sales, pid)
        .await
        .expect("read-only is fine");
    let (other, _) = partner_account(&db, "owner@fabrikam.example").await;
    assert_eq!(
        crate::common::save_legal_profile(&db, &other, pid, &profile("Stolen"), BASE)
            .await
            .err(),
        Some(AppError::NotFound)
    );
    assert_eq!(
        partner_profile::legal_profile(&db, &me, pid)
            .await
            .expect("read")
            .legal_name,
        "Company of owner@contoso.example"
    );
    // No Partner program: no Partner settings.
    let dev = sign_up(&db, "owner@tailspin.example").await;
    assert_eq!(
        partner_profile::legal_profile(&db, &dev.user_id, dev.partner_id)
            .await
            .err(),
        Some(AppError::NotFound)
    );
}

/// Two people edit the Partner profile at once: the second save names the
/// version both forms were loaded at, and is refused rather than silently
/// overwriting the first (SPEC §9).
async fn a_save_over_a_newer_version_is_refused_and_changes_nothing(db: Db) {
    let (me, pid) = partner_account(&db, "owner@contoso.example").await;
    let loaded = partner_profile::legal_profile(&db, &me, pid)
        .await
        .expect("read");
    let (_, next) = partner_profile::save_legal_profile(
        &db,
        &me,
        pid,
        &profile("First SAS"),
        loaded.version,
        BASE,
    )
    .await
    .expect("first save");
    assert_eq!(next, loaded.version + 1);
    let refused = partner_profile::save_legal_profile(
        &db,
        &me,
        pid,
        &profile("Second SAS"),
        loaded.version,
        BASE,
    )
    .await
    .err();
    let now = partner_profile::legal_profile(&db, &me, pid)
        .await
        .expect("read");
    assert_eq!(now.legal_name, "First SAS");
    assert_eq!(now.version, next);
    // The refusal carries the profile as saved now: the page shows it
    // without asking again.
    assert_eq!(
        refused,
        Some(AppError::EditedMeanwhile(Some(Box::new(
            Latest::of(&now).expect("encodes")
        ))))
    );
    assert_eq!(events(&db, "account.legal_profile_updated").await, 1);
    // Saving again from the latest version goes through.
    partner_profile::save_legal_profile(&db, &me, pid, &profile("Second SAS"), now.version, BASE)
        .await
        .expect("knowing save");
}

/// SPEC §7: the legal name is fixed once verified; a CSP account keeps its
/// country; only a name or address change restarts verification.
async fn the_legal_profile_rules_hold(db: Db) {
    let (me, pid) = partner_account(&db, "owner@contoso.example").await;
    crate::common::save_legal_profile(&db, &me, pid, &profile("Contoso SAS"), BASE)
        .await
        .expect("save");
    let verification = |db: Db| async move {
        let (status,): (String,) =
            sqlx::query_as("SELECT verification_status FROM accounts WHERE partner_id = $1")
                .bind(pid)
                .fetch_one(&db)
                .await
                .expect("status");
        status
    };
    assert_eq!(verification(db.clone()).await, "pending");
    sqlx::query("UPDATE accounts SET verification_status = 'authorized' WHERE partner_id = $1")
        .bind(pid)
        .execute(&db)
        .await
        .expect("verified by the vendor");
    // A new phone number doesn't touch the verification…
    let mut phone = profile("Contoso SAS");
    phone.contact_phone = "33123456789".into();
    crate::common::save_legal_profile(&db, &me, pid, &phone, BASE)
        .await
        .expect("contact change");
    assert_eq!(verification(db.clone()).await, "authorized");
    // …the legal name can't change any more…
    let err = crate::common::save_legal_profile(&db, &me, pid, &profile("Renamed SAS"), BASE)
        .await
        .unwrap_err();
    assert_eq!(err.field_errors()[0].field, "legal_name");
    assert_eq!(err.field_errors()[0].problem, Problem::LockedWhenAuthorized);
    // …and a new address restarts it and tells the primary contact.
    let outbox_before = crate::common::count(
        &db,
        "SELECT COUNT(*) FROM outbox WHERE recipient = $1",
        "ana@contoso.example",
    )
    .await;
    let mut moved = phone.clone();
    moved.address_line1 = "2 rue de la Paix".into();
    crate::common::save_legal_profile(&db, &me, pid, &moved, BASE)
        .await
        .expect("new address");
    assert_eq!(verification(db.clone()).await, "pending");
    assert_eq!(
        crate::common::count(
            &db,
            "SELECT COUNT(*) FROM outbox WHERE recipient = $1",
            "ana@contoso.example"
        )
        .await,
        outbox_before + 1
    );
    // A CSP account keeps its country.
    programs::enroll(&db, &me, pid, Program::Csp)
        .await
        .expect("csp");
    let mut abroad = moved.clone();
    abroad.country = "BE".into();
    abroad.postal_code = "1000".into();
    let err = crate::common::save_legal_profile(&db, &me, pid, &abroad, BASE)
        .await
        .unwrap_err();
    assert_eq!(err.field_errors()[0].field, "country");
    assert_eq!(err.field_errors()[0].problem, Problem::LockedForCsp);
}

on_both_databases!(
    a_save_over_a_newer_version_is_refused_and_changes_nothing,
    the_legal_profile_rules_hold,
    the_legal_profile_is_saved_and_renames_the_account,
    a_bad_profile_is_refused_field_by_field_and_changes_nothing,
    only_profile_editors_change_it_and_only_in_their_account,
);
