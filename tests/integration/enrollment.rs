//! Enrollment as a process (SPEC §4): requirements, status transitions, the
//! email confirmation link and the fee, on SQLite and PostgreSQL.

use crate::common::{events, legal_profile, member, sign_up, verification_token, BASE_URL};
use partner_portal::db::Db;
use partner_portal::domain::{accounts, agreements, enrollment, programs};
use partner_portal::model::account::NewAccount;
use partner_portal::model::contact_info::ContactInfo;
use partner_portal::model::requirement::{Check, Requirement};
use partner_portal::model::{
    AccountType, Agreement, AppError, Conflict, EnrollmentStatus, Program, Role, SettingsArea,
};

async fn status(db: &Db, user: &str, pid: i64, program: Program) -> Option<EnrollmentStatus> {
    enrollment::program_detail(db, user, pid, program)
        .await
        .expect("program")
        .status
}

async fn check(db: &Db, user: &str, pid: i64, program: Program, r: Requirement) -> Check {
    enrollment::program_detail(db, user, pid, program)
        .await
        .expect("program")
        .checklist
        .into_iter()
        .find(|(req, _)| *req == r)
        .expect("requirement listed")
        .1
}

fn contact(name: &str) -> ContactInfo {
    ContactInfo {
        publisher_display_name: name.into(),
        contact_name: "Ana".into(),
        contact_email: "ana@example.com".into(),
        contact_phone: String::new(),
    }
}

async fn mpn_waits_for_the_profile_then_the_link_then_becomes_active(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    programs::enroll(&db, me, pid, Program::Mpn)
        .await
        .expect("enroll");
    let detail = enrollment::program_detail(&db, me, pid, Program::Mpn)
        .await
        .expect("detail");
    assert_eq!(detail.status, Some(EnrollmentStatus::Pending));
    assert_eq!(
        detail.checklist,
        [
            (Requirement::LegalProfileComplete, Check::Missing),
            (Requirement::PrimaryEmailVerified, Check::Missing),
            (
                Requirement::AgreementAccepted(Agreement::Mpn),
                Check::Missing
            ),
        ]
    );
    // The profile page opens while the enrollment is pending, the area doesn't.
    crate::common::save_legal_profile(
        &db,
        me,
        pid,
        &legal_profile("Contact@Contoso.example"),
        BASE_URL,
    )
    .await
    .expect("profile");
    assert_eq!(
        programs::area(&db, me, pid, SettingsArea::Partner)
            .await
            .err(),
        Some(AppError::NotFound)
    );
    agreements::accept(&db, me, pid, Agreement::Mpn, 1)
        .await
        .expect("accept");
    let detail = enrollment::program_detail(&db, me, pid, Program::Mpn)
        .await
        .expect("detail");
    assert_eq!(detail.status, Some(EnrollmentStatus::Pending));
    assert_eq!(detail.contact_email, "contact@contoso.example");
    assert_eq!(
        detail.checklist[1],
        (Requirement::PrimaryEmailVerified, Check::Waiting)
    );
    // The link from the email: the enrollment becomes active, once.
    let token = verification_token(&db, "contact@contoso.example").await;
    assert!(
        crate::common::count(
            &db,
            "SELECT COUNT(*) FROM outbox WHERE body LIKE $1",
            &format!("%{BASE_URL}/verify-email/{token}%")
        )
        .await
            == 1
    );
    assert_eq!(enrollment::verify_email(&db, &token).await, Ok(pid));
    assert_eq!(
        status(&db, me, pid, Program::Mpn).await,
        Some(EnrollmentStatus::Active)
    );
    assert_eq!(
        programs::area(&db, me, pid, SettingsArea::Partner)
            .await
            .expect("area")
            .len(),
        1
    );
    assert_eq!(
        enrollment::verify_email(&db, &token).await,
        Err(AppError::Conflict(Conflict::LinkClosed)),
        "single use"
    );
    assert_eq!(events(&db, "account.email_verified").await, 1);
    assert_eq!(events(&db, "program.status_changed").await, 1);
    // Saving the profile again with the same, confirmed email sends nothing.
    crate::common::save_legal_profile(
        &db,
        me,
        pid,
        &legal_profile("contact@contoso.example"),
        BASE_URL,
    )
    .await
    .expect("save again");
    assert_eq!(events(&db, "account.verification_sent").await, 1);
}

async fn a_changed_contact_email_needs_a_new_link_and_old_links_stop_working(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    programs::enroll(&db, me, pid, Program::Mpn)
        .await
        .expect("enroll");
    crate::common::save_legal_profile(
        &db,
        me,
        pid,
        &legal_profile("first@contoso.example"),
        BASE_URL,
    )
    .await
    .expect("profile");
    let first = verification_token(&db, "first@contoso.example").await;
    crate::common::save_legal_profile(
        &db,
        me,
        pid,
        &legal_profile("second@contoso.example"),
        BASE_URL,
    )
    .await
    .expect("profile");
    assert_eq!(
        enrollment::verify_email(&db, &first).await,
        Err(AppError::Conflict(Conflict::LinkClosed))
    );
    // Resend replaces the link.
    enrollment::resend_link(&db, me, pid, BASE_URL)
        .await
        .expect("resend");
    let second = verification_token(&db, "second@contoso.example").await;
    assert_eq!(events(&db, "account.verification_sent").await, 3);
    assert_eq!(enrollment::verify_email(&db, &second).await, Ok(pid));
    assert_eq!(
        check(
            &db,
            me,
            pid,
            Program::Mpn,
            Requirement::PrimaryEmailVerified
        )
        .await,
        Check::Met
    );
    assert_eq!(
        enrollment::resend_link(&db, me, pid, BASE_URL).await,
        Err(AppError::Conflict(Conflict::NothingToVerify))
    );
    // An expired link fails.
    crate::common::save_legal_profile(
        &db,
        me,
        pid,
        &legal_profile("third@contoso.example"),
        BASE_URL,
    )
    .await
    .expect("profile");
    let third = verification_token(&db, "third@contoso.example").await;
    sqlx::query("UPDATE email_verifications SET expires_at = 0")
        .execute(&db)
        .await
        .expect("expire");
    assert_eq!(
        enrollment::verify_email(&db, &third).await,
        Err(AppError::Conflict(Conflict::LinkClosed))
    );
    assert_eq!(
        check(
            &db,
            me,
            pid,
            Program::Mpn,
            Requirement::PrimaryEmailVerified
        )
        .await,
        Check::Missing
    );
    assert_eq!(
        enrollment::verify_email(&db, "not-a-token").await,
        Err(AppError::Conflict(Conflict::LinkClosed))
    );
}

async fn csp_and_referrals_wait_for_an_active_mpn(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    programs::enroll(&db, me, pid, Program::Csp)
        .await
        .expect("csp");
    assert_eq!(
        check(&db, me, pid, Program::Csp, Requirement::ActiveMpn).await,
        Check::Missing
    );
    assert_eq!(
        check(&db, me, pid, Program::Csp, Requirement::AdminPresent).await,
        Check::Met
    );
    crate::common::enroll_active(&db, me, pid, Program::Mpn).await;
    assert_eq!(
        check(&db, me, pid, Program::Csp, Requirement::ActiveMpn).await,
        Check::Met
    );
    assert_eq!(
        check(
            &db,
            me,
            pid,
            Program::Csp,
            Requirement::BusinessAddressComplete
        )
        .await,
        Check::Met
    );
    // No billing profile yet: CSP stays pending and says why.
    assert_eq!(
        check(&db, me, pid, Program::Csp, Requirement::BillingTaxId).await,
        Check::Missing
    );
    assert_eq!(
        status(&db, me, pid, Program::Csp).await,
        Some(EnrollmentStatus::Pending)
    );
}

async fn withdrawing_mpn_puts_referrals_back_to_pending_until_mpn_is_back(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    crate::common::enroll_active(&db, me, pid, Program::Mpn).await;
    crate::common::enroll_active(&db, me, pid, Program::Referrals).await;
    assert_eq!(
        status(&db, me, pid, Program::Referrals).await,
        Some(EnrollmentStatus::Active)
    );
    let changes_before = events(&db, "program.status_changed").await;
    programs::withdraw(&db, me, pid, Program::Mpn)
        .await
        .expect("withdraw MPN");
    assert_eq!(
        status(&db, me, pid, Program::Referrals).await,
        Some(EnrollmentStatus::Pending)
    );
    assert_eq!(
        check(&db, me, pid, Program::Referrals, Requirement::ActiveMpn).await,
        Check::Missing
    );
    assert_eq!(
        events(&db, "program.status_changed").await,
        changes_before + 1
    );
    // MPN again: its profile and link are still there, so it is active at
    // once and takes Referrals with it.
    programs::enroll(&db, me, pid, Program::Mpn)
        .await
        .expect("enroll MPN again");
    assert_eq!(
        status(&db, me, pid, Program::Mpn).await,
        Some(EnrollmentStatus::Active)
    );
    assert_eq!(
        status(&db, me, pid, Program::Referrals).await,
        Some(EnrollmentStatus::Active)
    );
}

async fn an_individual_account_is_rejected_from_the_commercial_marketplace(db: Db) {
    let owner = sign_up(&db, "owner@contoso.example").await;
    let solo = accounts::create_account(
        &db,
        &owner.user_id,
        &NewAccount {
            legal_name: "Ana Martin".into(),
            country: "FR".into(),
            account_type: AccountType::Individual,
        },
    )
    .await
    .expect("individual account");
    let me = owner.user_id.as_str();
    programs::enroll(&db, me, solo, Program::CommercialMarketplace)
        .await
        .expect("enroll");
    assert_eq!(
        status(&db, me, solo, Program::CommercialMarketplace).await,
        Some(EnrollmentStatus::Rejected)
    );
    assert_eq!(
        check(
            &db,
            me,
            solo,
            Program::CommercialMarketplace,
            Requirement::CompanyAccount
        )
        .await,
        Check::Impossible
    );
    // Windows and Xbox take individuals.
    crate::common::enroll_active(&db, me, solo, Program::WindowsXbox).await;
}

async fn windows_and_xbox_need_the_fee_acknowledged_by_someone_allowed(db: Db) {
    let owner = sign_up(&db, "owner@fabrikam.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    let sales = member(&db, pid, "s@fabrikam.example", &[Role::SalesAgent]).await;
    assert_eq!(
        enrollment::acknowledge_fee(&db, me, pid).await,
        Err(AppError::Conflict(Conflict::NotEnrolled))
    );
    programs::enroll(&db, me, pid, Program::WindowsXbox)
        .await
        .expect("enroll");
    crate::common::save_contact_info(&db, me, pid, &contact("Fabrikam Games"))
        .await
        .expect("display name");
    assert_eq!(
        status(&db, me, pid, Program::WindowsXbox).await,
        Some(EnrollmentStatus::Pending)
    );
    assert_eq!(
        enrollment::acknowledge_fee(&db, &sales, pid).await,
        Err(AppError::Forbidden)
    );
    let other = sign_up(&db, "owner@contoso.example").await;
    assert_eq!(
        enrollment::acknowledge_fee(&db, &other.user_id, pid).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        enrollment::program_detail(&db, &other.user_id, pid, Program::WindowsXbox)
            .await
            .err(),
        Some(AppError::NotFound)
    );
    enrollment::acknowledge_fee(&db, me, pid)
        .await
        .expect("fee");
    assert_eq!(
        status(&db, me, pid, Program::WindowsXbox).await,
        Some(EnrollmentStatus::Active)
    );
    enrollment::acknowledge_fee(&db, me, pid)
        .await
        .expect("idempotent");
    assert_eq!(events(&db, "program.fee_acknowledged").await, 1);
    // A read-only role may read the checklist.
    assert_eq!(
        check(
            &db,
            &sales,
            pid,
            Program::WindowsXbox,
            Requirement::RegistrationFeeAcknowledged
        )
        .await,
        Check::Met
    );
}

async fn only_the_latest_agreement_version_counts(db: Db) {
    let owner = sign_up(&db, "owner@northwind.example").await;
    let (me, pid) = (owner.user_id.as_str(), owner.partner_id);
    programs::enroll(&db, me, pid, Program::CommercialMarketplace)
        .await
        .expect("enroll");
    crate::common::save_contact_info(&db, me, pid, &contact("Northwind"))
        .await
        .expect("display name");
    // Version 1 accepted long ago (history), version 2 is the latest.
    sqlx::query(
        "INSERT INTO agreement_acceptances (account_id, agreement, version, accepted_by, accepted_at)
         SELECT id, 'publisher', 1, $1, 0 FROM accounts WHERE partner_id = $2",
    )
    .bind(me)
    .bind(pid)
    .execute(&db)
    .await
    .expect("history");
    let publisher = Requirement::AgreementAccepted(Agreement::Publisher);
    assert_eq!(
        check(&db, me, pid, Program::CommercialMarketplace, publisher).await,
        Check::Missing
    );
    agreements::accept(&db, me, pid, Agreement::Publisher, 2)
        .await
        .expect("accept v2");
    assert_eq!(
        status(&db, me, pid, Program::CommercialMarketplace).await,
        Some(EnrollmentStatus::Active)
    );
}

on_both_databases!(
    withdrawing_mpn_puts_referrals_back_to_pending_until_mpn_is_back,
    mpn_waits_for_the_profile_then_the_link_then_becomes_active,
    a_changed_contact_email_needs_a_new_link_and_old_links_stop_working,
    csp_and_referrals_wait_for_an_active_mpn,
    an_individual_account_is_rejected_from_the_commercial_marketplace,
    windows_and_xbox_need_the_fee_acknowledged_by_someone_allowed,
    only_the_latest_agreement_version_counts,
);
