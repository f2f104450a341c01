//! Partner settings → Support profile on SQLite and PostgreSQL: validated,
//! versioned, for the business profile's roles, shown on the public page.

use crate::common::{enroll_active, events, member, sign_up};
use partner_portal::db::Db;
use partner_portal::domain::{business, support};
use partner_portal::model::support::SupportProfile;
use partner_portal::model::validation::Problem;
use partner_portal::model::{AppError, FromLatest, Program, Role};

fn profile(email: &str) -> SupportProfile {
    SupportProfile {
        email: email.into(),
        phone: "+33 1 23 45 67 89".into(),
        website: "https://contoso.example/support".into(),
    }
}

async fn the_support_profile_is_checked_saved_and_shown_in_the_directory(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    enroll_active(&db, me, pid, Program::Mpn).await;
    let empty = support::support_profile(&db, me, pid).await.expect("read");
    assert_eq!((empty.version, empty.email.as_str()), (0, ""));
    let mut bad = profile("");
    bad.phone = "0800 CONTOSO".into();
    let err = support::save_support_profile(&db, me, pid, &bad, 0)
        .await
        .unwrap_err();
    let fields: Vec<_> = err
        .field_errors()
        .iter()
        .map(|e| (e.field.as_str(), e.problem))
        .collect();
    assert_eq!(
        fields,
        [
            ("email", Problem::Required),
            ("phone", Problem::InvalidE164 { max: 15 })
        ]
    );
    assert_eq!(events(&db, "account.support_profile_updated").await, 0);
    let v1 = support::save_support_profile(&db, me, pid, &profile("Help@Contoso.example"), 0)
        .await
        .expect("save");
    let saved = support::support_profile(&db, me, pid).await.expect("read");
    assert_eq!(
        (saved.email.as_str(), saved.phone.as_str(), saved.version),
        ("help@contoso.example", "+33123456789", v1)
    );
    // Not shown while the business profile is a draft…
    assert_eq!(
        business::public_profile(&db, pid).await.err(),
        Some(AppError::NotFound)
    );
    crate::common::save_business_profile(
        &db,
        me,
        pid,
        &crate::common::published_profile("Cloud for clinics."),
    )
    .await
    .expect("publish");
    // …and shown once it is published.
    let public = business::public_profile(&db, pid).await.expect("public");
    assert_eq!(
        public.support.map(|s| s.email),
        Some("help@contoso.example".to_string())
    );
    assert_eq!(events(&db, "account.support_profile_updated").await, 1);
}

async fn a_support_save_over_a_newer_version_is_refused(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    enroll_active(&db, me, pid, Program::Mpn).await;
    support::save_support_profile(&db, me, pid, &profile("help@contoso.example"), 0)
        .await
        .expect("first");
    match support::save_support_profile(&db, me, pid, &profile("other@contoso.example"), 0).await {
        Err(AppError::EditedMeanwhile(Some(latest))) => {
            match SupportProfile::from_latest(*latest) {
                Some(now) => {
                    assert_eq!(
                        (now.email.as_str(), now.version),
                        ("help@contoso.example", 1)
                    )
                }
                None => panic!("another record"),
            }
        }
        other => panic!("{other:?}"),
    }
}

async fn only_the_business_profile_roles_change_it(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    enroll_active(&db, me, pid, Program::Mpn).await;
    let sales = member(&db, pid, "s@contoso.example", &[Role::SalesAgent]).await;
    let referrals = member(&db, pid, "r@contoso.example", &[Role::ReferralsAdmin]).await;
    assert_eq!(
        support::save_support_profile(&db, &sales, pid, &profile("x@contoso.example"), 0).await,
        Err(AppError::Forbidden)
    );
    assert!(support::support_profile(&db, &sales, pid).await.is_ok());
    support::save_support_profile(&db, &referrals, pid, &profile("r@contoso.example"), 0)
        .await
        .expect("a Referrals admin may");
}

on_both_databases!(
    the_support_profile_is_checked_saved_and_shown_in_the_directory,
    a_support_save_over_a_newer_version_is_refused,
    only_the_business_profile_roles_change_it,
);
