//! Developer settings: contact info and the publisher display name (SPEC §4),
//! on SQLite and PostgreSQL.

use crate::common::{events, member, sign_up};
use partner_portal::db::Db;
use partner_portal::domain::{accounts, contact_info, programs};
use partner_portal::model::contact_info::ContactInfo;
use partner_portal::model::validation::Problem;
use partner_portal::model::{AppError, Program, Role, VerificationStatus};

fn info(name: &str) -> ContactInfo {
    ContactInfo {
        publisher_display_name: name.into(),
        contact_name: "Ana Martin".into(),
        contact_email: "Ana@Fabrikam.example".into(),
        contact_phone: "+33 1 23 45 67 89".into(),
    }
}

async fn developer_account(db: &Db, email: &str) -> (String, i64) {
    let owner = sign_up(db, email).await;
    programs::enroll(db, &owner.user_id, owner.partner_id, Program::OfficeStore)
        .await
        .expect("enroll");
    (owner.user_id, owner.partner_id)
}

async fn saving_contact_info_puts_verification_back_to_pending(db: Db) {
    let (me, pid) = developer_account(&db, "owner@fabrikam.example").await;
    assert_eq!(
        contact_info::contact_info(&db, &me, pid)
            .await
            .expect("empty")
            .value,
        ContactInfo::default()
    );
    crate::common::save_contact_info(&db, &me, pid, &info("Fabrikam Apps"))
        .await
        .expect("save");
    let saved = contact_info::contact_info(&db, &me, pid)
        .await
        .expect("saved");
    assert_eq!(saved.publisher_display_name, "Fabrikam Apps");
    assert_eq!(saved.contact_email, "ana@fabrikam.example");
    let account = accounts::developer_account(&db, &me, pid)
        .await
        .expect("account");
    assert_eq!(account.verification, VerificationStatus::Pending);
    assert_eq!(events(&db, "account.contact_info_updated").await, 1);
}

async fn a_publisher_display_name_is_unique_across_accounts_whatever_its_case(db: Db) {
    let (a, pa) = developer_account(&db, "owner@fabrikam.example").await;
    let (b, pb) = developer_account(&db, "owner@contoso.example").await;
    crate::common::save_contact_info(&db, &a, pa, &info("Fabrikam Apps"))
        .await
        .expect("save");
    let taken = crate::common::save_contact_info(&db, &b, pb, &info("FABRIKAM apps"))
        .await
        .unwrap_err();
    assert_eq!(taken.field_errors()[0].field, "publisher_display_name");
    assert_eq!(taken.field_errors()[0].problem, Problem::NameTaken);
    // Saving one's own name again is fine.
    crate::common::save_contact_info(&db, &a, pa, &info("Fabrikam Apps"))
        .await
        .expect("resave");
    let long = crate::common::save_contact_info(&db, &b, pb, &info(&"x".repeat(51)))
        .await
        .unwrap_err();
    assert_eq!(long.field_errors()[0].problem, Problem::TooLong { max: 50 });
}

async fn only_profile_editors_change_contact_info_and_only_their_own(db: Db) {
    let (me, pid) = developer_account(&db, "owner@fabrikam.example").await;
    let dev = member(&db, pid, "dev@fabrikam.example", &[Role::Developer]).await;
    assert_eq!(
        crate::common::save_contact_info(&db, &dev, pid, &info("Mine"))
            .await
            .err(),
        Some(AppError::Forbidden)
    );
    contact_info::contact_info(&db, &dev, pid)
        .await
        .expect("read-only is fine");
    let manager = member(&db, pid, "m@fabrikam.example", &[Role::Manager]).await;
    crate::common::save_contact_info(&db, &manager, pid, &info("Managed"))
        .await
        .expect("a Manager edits");
    let (other, _) = developer_account(&db, "owner@contoso.example").await;
    assert_eq!(
        crate::common::save_contact_info(&db, &other, pid, &info("Stolen"))
            .await
            .err(),
        Some(AppError::NotFound)
    );
    assert_eq!(
        contact_info::contact_info(&db, &me, pid)
            .await
            .expect("info")
            .publisher_display_name,
        "Managed"
    );
}

/// Two editors of the contact info: the second save, made from the same
/// version, is refused and changes nothing (SPEC §9).
async fn a_contact_info_save_over_a_newer_version_is_refused(db: Db) {
    let (me, pid) = developer_account(&db, "owner@fabrikam.example").await;
    let loaded = contact_info::contact_info(&db, &me, pid)
        .await
        .expect("read");
    let next =
        contact_info::save_contact_info(&db, &me, pid, &info("Fabrikam One"), loaded.version)
            .await
            .expect("first");
    assert_eq!(next, loaded.version + 1);
    assert!(matches!(
        contact_info::save_contact_info(&db, &me, pid, &info("Fabrikam Two"), loaded.version)
            .await
            .err(),
        Some(AppError::EditedMeanwhile(Some(_)))
    ));
    let now = contact_info::contact_info(&db, &me, pid)
        .await
        .expect("read");
    assert_eq!(now.publisher_display_name, "Fabrikam One");
    assert_eq!(now.version, next);
    assert_eq!(events(&db, "account.contact_info_updated").await, 1);
}

on_both_databases!(
    a_contact_info_save_over_a_newer_version_is_refused,
    saving_contact_info_puts_verification_back_to_pending,
    a_publisher_display_name_is_unique_across_accounts_whatever_its_case,
    only_profile_editors_change_contact_info_and_only_their_own,
);
