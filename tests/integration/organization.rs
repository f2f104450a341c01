//! Partner settings → Organization profile on SQLite and PostgreSQL: starts
//! from the legal name and address, validated, versioned, for those who
//! edit the legal profile; the directory shows and searches it.

use crate::common::{enroll_active, events, member, sign_up};
use partner_portal::db::Db;
use partner_portal::domain::{business, organization};
use partner_portal::model::business::DirectoryQuery;
use partner_portal::model::organization::OrganizationProfile;
use partner_portal::model::validation::Problem;
use partner_portal::model::{AppError, FromLatest, Program, Role};

fn trading(name: &str) -> OrganizationProfile {
    OrganizationProfile {
        name: name.into(),
        address_line1: "10 quai Saint-Antoine".into(),
        address_line2: String::new(),
        city: "Lyon".into(),
        region: String::new(),
        postal_code: "69002".into(),
        country: "FR".into(),
    }
}

async fn the_directory_shows_the_organization_profile_once_saved(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    enroll_active(&db, me, pid, Program::Mpn).await;
    let start = organization::organization_page(&db, me, pid)
        .await
        .expect("page");
    assert_eq!(start.partner_id, pid);
    assert!(!start.account_id.is_empty());
    assert_eq!(
        (
            start.saved.version,
            start.saved.name.as_str(),
            start.saved.city.as_str()
        ),
        (0, "Contoso SAS", "Paris"),
        "it starts from the legal profile"
    );
    crate::common::save_business_profile(
        &db,
        me,
        pid,
        &crate::common::published_profile("Cloud for clinics."),
    )
    .await
    .expect("publish");
    let mut bad = trading("");
    bad.postal_code = "6900".into();
    let err = organization::save_organization_profile(&db, me, pid, &bad, 0)
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
            ("name", Problem::Required),
            ("postal_code", Problem::InvalidPostalCode)
        ]
    );
    organization::save_organization_profile(&db, me, pid, &trading("Contoso Health"), 0)
        .await
        .expect("save");
    let public = business::public_profile(&db, pid).await.expect("public");
    assert_eq!(
        (public.name.as_str(), public.city.as_str()),
        ("Contoso Health", "Lyon")
    );
    let found = business::directory(
        &db,
        &DirectoryQuery {
            words: "health lyon".into(),
            ..Default::default()
        },
    )
    .await
    .expect("search");
    assert_eq!(
        found.total, 1,
        "the directory searches the organization's name and city"
    );
    assert_eq!(found.entries[0].name, "Contoso Health");
    assert_eq!(events(&db, "account.organization_profile_updated").await, 1);
}

async fn an_organization_save_over_a_newer_version_is_refused(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    enroll_active(&db, me, pid, Program::Mpn).await;
    organization::save_organization_profile(&db, me, pid, &trading("Contoso Health"), 0)
        .await
        .expect("first");
    match organization::save_organization_profile(&db, me, pid, &trading("Contoso Care"), 0).await {
        Err(AppError::EditedMeanwhile(Some(latest))) => {
            match OrganizationProfile::from_latest(*latest) {
                Some(now) => {
                    assert_eq!((now.name.as_str(), now.version), ("Contoso Health", 1))
                }
                None => panic!("another record"),
            }
        }
        other => panic!("{other:?}"),
    }
}

async fn only_legal_profile_editors_change_it(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    enroll_active(&db, me, pid, Program::Mpn).await;
    let billing = member(&db, pid, "b@contoso.example", &[Role::BillingAdmin]).await;
    let admin = member(&db, pid, "a@contoso.example", &[Role::AccountAdmin]).await;
    assert_eq!(
        organization::save_organization_profile(&db, &billing, pid, &trading("Mine"), 0).await,
        Err(AppError::Forbidden)
    );
    assert!(organization::organization_page(&db, &billing, pid)
        .await
        .is_ok());
    organization::save_organization_profile(&db, &admin, pid, &trading("Contoso Health"), 0)
        .await
        .expect("an Account admin may");
}

on_both_databases!(
    the_directory_shows_the_organization_profile_once_saved,
    an_organization_save_over_a_newer_version_is_refused,
    only_legal_profile_editors_change_it,
);
