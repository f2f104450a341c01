//! Partner settings → Partner profile (SPEC §3), on SQLite and PostgreSQL.

mod common;

use common::{events, member, sign_up};
use partner_portal::db::Db;
use partner_portal::domain::{accounts, partner, programs};
use partner_portal::model::validation::{LegalProfile, Problem};
use partner_portal::model::{AppError, Program, Role};

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
    let before = partner::legal_profile(&db, &me, pid).await.expect("read");
    assert_eq!(before.legal_name, "Company of owner@contoso.example");
    assert!(!before.is_complete());
    let sent_to = partner::save_legal_profile(&db, &me, pid, &profile("Contoso SAS"), BASE)
        .await
        .expect("save");
    assert_eq!(
        sent_to.as_deref(),
        Some("ana@contoso.example"),
        "a new contact email gets a confirmation link, and the save says where"
    );
    assert_eq!(
        partner::save_legal_profile(&db, &me, pid, &profile("Contoso SAS"), BASE).await,
        Ok(None),
        "the link sent a moment ago still works: no second email"
    );
    let after = partner::legal_profile(&db, &me, pid).await.expect("read");
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
    let err = partner::save_legal_profile(&db, &me, pid, &input, BASE)
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
        partner::save_legal_profile(&db, &sales, pid, &profile("Mine"), BASE)
            .await
            .err(),
        Some(AppError::Forbidden)
    );
    partner::legal_profile(&db, &sales, pid)
        .await
        .expect("read-only is fine");
    let (other, _) = partner_account(&db, "owner@fabrikam.example").await;
    assert_eq!(
        partner::save_legal_profile(&db, &other, pid, &profile("Stolen"), BASE)
            .await
            .err(),
        Some(AppError::NotFound)
    );
    assert_eq!(
        partner::legal_profile(&db, &me, pid)
            .await
            .expect("read")
            .legal_name,
        "Company of owner@contoso.example"
    );
    // No Partner program: no Partner settings.
    let dev = sign_up(&db, "owner@tailspin.example").await;
    assert_eq!(
        partner::legal_profile(&db, &dev.user_id, dev.partner_id)
            .await
            .err(),
        Some(AppError::NotFound)
    );
}

on_both_databases!(
    the_legal_profile_is_saved_and_renames_the_account,
    a_bad_profile_is_refused_field_by_field_and_changes_nothing,
    only_profile_editors_change_it_and_only_in_their_account,
);
