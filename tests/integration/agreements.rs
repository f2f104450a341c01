//! Agreements and their versions (SPEC §4), on SQLite and PostgreSQL.

use crate::common::{events, member, sign_up};
use partner_portal::db::Db;
use partner_portal::domain::{agreements, programs};
use partner_portal::model::{Agreement, AppError, Conflict, Language, Program, Role, SettingsArea};

async fn publish(db: &Db, agreement: &str, version: i64) {
    sqlx::query(
        "INSERT INTO agreement_versions (agreement, version, published_at, text_en, text_fr)
         VALUES ($1, $2, 1800000000, 'New terms.', 'Nouvelles conditions.')",
    )
    .bind(agreement)
    .bind(version)
    .execute(db)
    .await
    .expect("publish");
}

async fn accepting_records_who_when_and_which_version(db: Db) {
    let owner = sign_up(&db, "owner@fabrikam.example").await;
    let (me, pid) = (&owner.user_id, owner.partner_id);
    programs::enroll(&db, me, pid, Program::OfficeStore)
        .await
        .expect("enroll");
    let before = agreements::for_area(&db, me, pid, SettingsArea::Developer, Language::Fr)
        .await
        .expect("list");
    assert_eq!(
        before.len(),
        1,
        "Office Store needs the App developer agreement"
    );
    assert_eq!(before[0].agreement, Agreement::AppDeveloper);
    assert!(before[0].action_needed());
    assert!(
        before[0].text.starts_with("Le développeur"),
        "texts follow the language"
    );
    agreements::accept(&db, me, pid, Agreement::AppDeveloper, 1)
        .await
        .expect("accept");
    agreements::accept(&db, me, pid, Agreement::AppDeveloper, 1)
        .await
        .expect("twice is fine");
    let after = agreements::for_area(&db, me, pid, SettingsArea::Developer, Language::En)
        .await
        .expect("list");
    let accepted = after[0].accepted.clone().expect("accepted");
    assert_eq!(accepted.version, 1);
    assert_eq!(accepted.accepted_by, "Owner owner@fabrikam.example");
    assert!(!after[0].action_needed());
    assert_eq!(events(&db, "agreement.accepted").await, 1);
    // Partner-area agreements are not on the Developer page, and the Partner
    // area doesn't exist for this account.
    assert_eq!(
        agreements::for_area(&db, me, pid, SettingsArea::Partner, Language::En)
            .await
            .err(),
        Some(AppError::NotFound)
    );
}

async fn a_new_version_asks_for_acceptance_again(db: Db) {
    let owner = sign_up(&db, "owner@northwind.example").await;
    let (me, pid) = (&owner.user_id, owner.partner_id);
    programs::enroll(&db, me, pid, Program::OfficeStore)
        .await
        .expect("enroll");
    agreements::accept(&db, me, pid, Agreement::AppDeveloper, 1)
        .await
        .expect("accept");
    assert!(crate::common::shell(&db, me, pid)
        .await
        .expect("shell")
        .notices
        .is_empty());
    publish(&db, "app-developer", 2).await;
    let shell = crate::common::shell(&db, me, pid).await.expect("shell");
    assert_eq!(shell.notices.len(), 1);
    assert_eq!(shell.notices[0].version, 2);
    assert_eq!(
        agreements::accept(&db, me, pid, Agreement::AppDeveloper, 1)
            .await
            .err(),
        Some(AppError::Conflict(Conflict::OutdatedVersion)),
        "only the latest version can be accepted"
    );
    agreements::accept(&db, me, pid, Agreement::AppDeveloper, 2)
        .await
        .expect("accept v2");
    assert!(crate::common::shell(&db, me, pid)
        .await
        .expect("shell")
        .notices
        .is_empty());
    let list = agreements::for_area(&db, me, pid, SettingsArea::Developer, Language::En)
        .await
        .expect("list");
    assert_eq!(list[0].accepted.as_ref().map(|a| a.version), Some(2));
    // Withdrawn from the program, a newer version no longer asks for anything.
    publish(&db, "app-developer", 3).await;
    programs::withdraw(&db, me, pid, Program::OfficeStore)
        .await
        .expect("withdraw");
    assert!(crate::common::shell(&db, me, pid)
        .await
        .expect("shell")
        .notices
        .is_empty());
}

async fn only_those_who_manage_programs_accept_and_see_the_banner(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (&owner.user_id, owner.partner_id);
    programs::enroll(&db, me, pid, Program::OfficeStore)
        .await
        .expect("enroll");
    agreements::accept(&db, me, pid, Agreement::AppDeveloper, 1)
        .await
        .expect("accept");
    publish(&db, "app-developer", 2).await;
    let dev = member(&db, pid, "dev@contoso.example", &[Role::Developer]).await;
    assert_eq!(
        agreements::accept(&db, &dev, pid, Agreement::AppDeveloper, 2)
            .await
            .err(),
        Some(AppError::Forbidden)
    );
    assert!(crate::common::shell(&db, &dev, pid)
        .await
        .expect("shell")
        .notices
        .is_empty());
    // Read-only: they still see the page.
    assert_eq!(
        agreements::for_area(&db, &dev, pid, SettingsArea::Developer, Language::En)
            .await
            .expect("list")
            .len(),
        1
    );
    let manager = member(&db, pid, "m@contoso.example", &[Role::Manager]).await;
    agreements::accept(&db, &manager, pid, Agreement::AppDeveloper, 2)
        .await
        .expect("a Manager accepts");
    assert_eq!(events(&db, "agreement.accepted").await, 2);
}

async fn another_accounts_agreements_are_not_found(db: Db) {
    let contoso = sign_up(&db, "owner@contoso.example").await;
    let fabrikam = sign_up(&db, "owner@fabrikam.example").await;
    programs::enroll(
        &db,
        &fabrikam.user_id,
        fabrikam.partner_id,
        Program::OfficeStore,
    )
    .await
    .expect("enroll");
    assert_eq!(
        agreements::accept(
            &db,
            &contoso.user_id,
            fabrikam.partner_id,
            Agreement::AppDeveloper,
            1
        )
        .await
        .err(),
        Some(AppError::NotFound)
    );
    assert_eq!(
        agreements::for_area(
            &db,
            &contoso.user_id,
            fabrikam.partner_id,
            SettingsArea::Developer,
            Language::En
        )
        .await
        .err(),
        Some(AppError::NotFound)
    );
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM agreement_acceptances")
        .fetch_one(&db)
        .await
        .expect("count");
    assert_eq!(n, 0, "the refused acceptance was rolled back");
}

/// The CPV agreement belongs to no program: every Partner-area account is
/// offered it, and only a Global admin may accept it (SPEC §5).
async fn only_a_global_admin_accepts_the_cpv_agreement(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (&owner.user_id, owner.partner_id);
    programs::enroll(&db, me, pid, Program::Mpn)
        .await
        .expect("enroll");
    let list = agreements::for_area(&db, me, pid, SettingsArea::Partner, Language::En)
        .await
        .expect("list");
    let codes: Vec<_> = list.iter().map(|s| s.agreement).collect();
    assert_eq!(codes, [Agreement::Mpn, Agreement::Cpv]);
    let aa = member(&db, pid, "aa@contoso.example", &[Role::AccountAdmin]).await;
    assert_eq!(
        agreements::accept(&db, &aa, pid, Agreement::Cpv, 1)
            .await
            .err(),
        Some(AppError::Forbidden),
        "an Account admin accepts program agreements, not CPV"
    );
    agreements::accept(&db, &aa, pid, Agreement::Mpn, 1)
        .await
        .expect("but the MPN agreement, yes");
    agreements::accept(&db, me, pid, Agreement::Cpv, 1)
        .await
        .expect("a Global admin accepts CPV");
    publish(&db, "cpv", 2).await;
    assert_eq!(
        crate::common::shell(&db, me, pid)
            .await
            .expect("shell")
            .notices
            .len(),
        1,
        "the Global admin is asked to accept the new CPV version"
    );
    assert!(
        crate::common::shell(&db, &aa, pid)
            .await
            .expect("shell")
            .notices
            .is_empty(),
        "an Account admin couldn't accept it: no banner for them"
    );
}

on_both_databases!(
    only_a_global_admin_accepts_the_cpv_agreement,
    accepting_records_who_when_and_which_version,
    a_new_version_asks_for_acceptance_again,
    only_those_who_manage_programs_accept_and_see_the_banner,
    another_accounts_agreements_are_not_found,
);
