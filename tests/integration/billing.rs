//! Partner settings → Billing profile, and CSP completed through it, on
//! SQLite and PostgreSQL.

use crate::common::{events, member, sign_up};
use partner_portal::db::Db;
use partner_portal::domain::{agreements, billing, enrollment, programs};
use partner_portal::model::billing::BillingProfile;
use partner_portal::model::validation::Problem;
use partner_portal::model::{Agreement, AppError, EnrollmentStatus, Program, Role};

fn profile(tax_id: &str) -> BillingProfile {
    BillingProfile {
        address_line1: "1 rue de la Paix".into(),
        address_line2: String::new(),
        city: "Paris".into(),
        region: String::new(),
        postal_code: "75002".into(),
        country: "FR".into(),
        currency: "EUR".into(),
        po_number: "PO-42".into(),
        tax_id: tax_id.into(),
        contact_name: "Chloé Bernard".into(),
        contact_email: "Billing@Contoso.example".into(),
        contact_phone: String::new(),
    }
}

async fn the_billing_profile_is_saved_with_a_normalized_tax_id(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    crate::common::enroll_active(&db, me, pid, Program::Mpn).await;
    let empty = billing::billing_profile(&db, me, pid).await.expect("read");
    assert_eq!(
        (empty.country.as_str(), empty.currency.as_str()),
        ("FR", "EUR")
    );
    crate::common::save_billing_profile(&db, me, pid, &profile("fr 12 345 678 901"))
        .await
        .expect("save");
    let saved = billing::billing_profile(&db, me, pid).await.expect("read");
    assert_eq!(saved.tax_id, "FR12345678901");
    assert_eq!(saved.contact_email, "billing@contoso.example");
    let mut bad = profile("DE123");
    bad.city = String::new();
    let err = crate::common::save_billing_profile(&db, me, pid, &bad)
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
            ("city", Problem::Required),
            ("tax_id", Problem::InvalidTaxId)
        ]
    );
    assert_eq!(
        billing::billing_profile(&db, me, pid)
            .await
            .expect("read")
            .tax_id,
        "FR12345678901",
        "a refused change changes nothing"
    );
    assert_eq!(events(&db, "account.billing_profile_updated").await, 1);
}

async fn only_billing_roles_change_it_and_only_in_their_account(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    programs::enroll(&db, me, pid, Program::Csp)
        .await
        .expect("enroll");
    let sales = member(&db, pid, "s@contoso.example", &[Role::SalesAgent]).await;
    let billing_admin = member(&db, pid, "b@contoso.example", &[Role::BillingAdmin]).await;
    assert_eq!(
        crate::common::save_billing_profile(&db, &sales, pid, &profile("FR12345678901")).await,
        Err(AppError::Forbidden)
    );
    billing::billing_profile(&db, &sales, pid)
        .await
        .expect("read-only is fine");
    crate::common::save_billing_profile(&db, &billing_admin, pid, &profile("FR12345678901"))
        .await
        .expect("billing admin saves");
    let other = sign_up(&db, "owner@fabrikam.example").await;
    assert_eq!(
        crate::common::save_billing_profile(&db, &other.user_id, pid, &profile("FR12345678901"))
            .await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        billing::billing_profile(&db, &other.user_id, pid)
            .await
            .err(),
        Some(AppError::NotFound)
    );
    // No Partner program at all: no billing page.
    assert_eq!(
        billing::billing_profile(&db, &other.user_id, other.partner_id)
            .await
            .err(),
        Some(AppError::NotFound)
    );
}

async fn csp_becomes_active_with_mpn_the_tax_id_and_the_reseller_agreement(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    programs::enroll(&db, me, pid, Program::Csp)
        .await
        .expect("enroll");
    crate::common::enroll_active(&db, me, pid, Program::Mpn).await;
    crate::common::save_billing_profile(&db, me, pid, &profile("FR12345678901"))
        .await
        .expect("billing");
    let csp = || async {
        enrollment::program_detail(&db, me, pid, Program::Csp)
            .await
            .expect("detail")
            .status
    };
    assert_eq!(csp().await, Some(EnrollmentStatus::Pending));
    agreements::accept(&db, me, pid, Agreement::Reseller, 1)
        .await
        .expect("accept");
    assert_eq!(csp().await, Some(EnrollmentStatus::Active));
}

/// The billing profile carries a version from its first save on: two first
/// saves from the empty form, or two saves from the same version, can't
/// both win (SPEC §9).
async fn a_billing_save_over_a_newer_version_is_refused(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    crate::common::enroll_active(&db, me, pid, Program::Mpn).await;
    let empty = billing::billing_profile(&db, me, pid).await.expect("read");
    assert_eq!(empty.version, 0);
    let first = billing::save_billing_profile(&db, me, pid, &profile("FR12345678901"), 0)
        .await
        .expect("first save");
    assert_eq!(first, 1);
    assert!(
        matches!(
            billing::save_billing_profile(&db, me, pid, &profile("FR98765432109"), 0)
                .await
                .err(),
            Some(AppError::EditedMeanwhile(Some(_)))
        ),
        "a second first save"
    );
    billing::save_billing_profile(&db, me, pid, &profile("FR98765432109"), first)
        .await
        .expect("from the latest version");
    assert!(matches!(
        billing::save_billing_profile(&db, me, pid, &profile("FR11111111111"), first)
            .await
            .err(),
        Some(AppError::EditedMeanwhile(Some(_)))
    ));
    let now = billing::billing_profile(&db, me, pid).await.expect("read");
    assert_eq!((now.tax_id.as_str(), now.version), ("FR98765432109", 2));
    assert_eq!(events(&db, "account.billing_profile_updated").await, 2);
}

on_both_databases!(
    a_billing_save_over_a_newer_version_is_refused,
    the_billing_profile_is_saved_with_a_normalized_tax_id,
    only_billing_roles_change_it_and_only_in_their_account,
    csp_becomes_active_with_mpn_the_tax_id_and_the_reseller_agreement,
);
