//! Enrollments and the settings areas.

// One argument per form field (that is how ActionForm sends them): the
// legal profile has twelve. The allow must cover the generated client code.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::model::{AppError, Enrollment};

#[cfg(feature = "ssr")]
fn program(code: &str) -> Result<crate::model::Program, AppError> {
    crate::model::Program::from_code(code).ok_or(AppError::NotFound)
}

#[server(endpoint = "enroll")]
pub async fn enroll(partner_id: i64, program_code: String) -> Result<(), AppError> {
    use super::server::{db, user_id};
    let program = program(&program_code)?;
    crate::domain::programs::enroll(&db()?, &user_id().await?, partner_id, program).await
}

#[server(endpoint = "withdraw")]
pub async fn withdraw(partner_id: i64, program_code: String) -> Result<(), AppError> {
    use super::server::{db, user_id};
    let program = program(&program_code)?;
    crate::domain::programs::withdraw(&db()?, &user_id().await?, partner_id, program).await
}

/// A settings area's programs; `NotFound` when the account has no active program there.
#[server(endpoint = "settings_area")]
pub async fn load_settings_area(
    partner_id: i64,
    area_code: String,
) -> Result<Vec<Enrollment>, AppError> {
    use super::server::{db, user_id};
    let area = crate::model::SettingsArea::from_code(&area_code).ok_or(AppError::NotFound)?;
    crate::domain::programs::area(&db()?, &user_id().await?, partner_id, area).await
}

/// The Agreements page of a settings area, texts in `language`.
#[server(endpoint = "agreements")]
pub async fn load_agreements(
    partner_id: i64,
    area_code: String,
    language: String,
) -> Result<Vec<crate::model::AgreementStatus>, AppError> {
    use super::server::{db, user_id};
    let area = crate::model::SettingsArea::from_code(&area_code).ok_or(AppError::NotFound)?;
    let language = crate::model::Language::from_code(&language).unwrap_or_default();
    crate::domain::agreements::for_area(&db()?, &user_id().await?, partner_id, area, language).await
}

#[server(endpoint = "accept_agreement")]
pub async fn accept_agreement(
    partner_id: i64,
    agreement_code: String,
    version: i64,
) -> Result<(), AppError> {
    use super::server::{db, user_id};
    let agreement =
        crate::model::Agreement::from_code(&agreement_code).ok_or(AppError::NotFound)?;
    crate::domain::agreements::accept(&db()?, &user_id().await?, partner_id, agreement, version)
        .await
}

/// Developer settings → Account settings.
#[server(endpoint = "developer_account")]
pub async fn load_developer_account(
    partner_id: i64,
) -> Result<crate::model::DeveloperAccount, AppError> {
    use super::server::{db, user_id};
    crate::domain::accounts::developer_account(&db()?, &user_id().await?, partner_id).await
}

/// Developer settings → Contact info.
#[server(endpoint = "contact_info")]
pub async fn load_contact_info(
    partner_id: i64,
) -> Result<crate::model::Versioned<crate::model::validation::ContactInfo>, AppError> {
    use super::server::{db, user_id};
    crate::domain::developer::contact_info(&db()?, &user_id().await?, partner_id).await
}

#[server(endpoint = "save_contact_info")]
pub async fn save_contact_info(
    partner_id: i64,
    version: i64,
    publisher_display_name: String,
    contact_name: String,
    contact_email: String,
    #[server(default)] contact_phone: String,
) -> Result<i64, AppError> {
    use super::server::{db, user_id};
    let input = crate::model::validation::ContactInfo {
        publisher_display_name,
        contact_name,
        contact_email,
        contact_phone,
    };
    crate::domain::developer::save_contact_info_at(
        &db()?,
        &user_id().await?,
        partner_id,
        &input,
        version,
    )
    .await
}

/// Partner settings → Partner profile.
#[server(endpoint = "legal_profile")]
pub async fn load_legal_profile(
    partner_id: i64,
) -> Result<crate::model::Versioned<crate::model::validation::LegalProfile>, AppError> {
    use super::server::{db, user_id};
    crate::domain::partner::legal_profile(&db()?, &user_id().await?, partner_id).await
}

#[server(endpoint = "save_legal_profile")]
pub async fn save_legal_profile(
    partner_id: i64,
    version: i64,
    legal_name: String,
    address_line1: String,
    #[server(default)] address_line2: String,
    city: String,
    #[server(default)] region: String,
    postal_code: String,
    country: String,
    contact_first_name: String,
    contact_last_name: String,
    contact_email: String,
    #[server(default)] contact_phone: String,
) -> Result<(Option<String>, i64), AppError> {
    use super::server::{base_url, db, user_id};
    let input = crate::model::validation::LegalProfile {
        legal_name,
        address_line1,
        address_line2,
        city,
        region,
        postal_code,
        country,
        contact_first_name,
        contact_last_name,
        contact_email,
        contact_phone,
    };
    crate::domain::partner::save_legal_profile_at(
        &db()?,
        &user_id().await?,
        partner_id,
        &input,
        version,
        &base_url().await,
    )
    .await
}

/// A program's page: status and requirement checklist.
#[server(endpoint = "program")]
pub async fn load_program(
    partner_id: i64,
    program_code: String,
) -> Result<crate::model::requirement::ProgramDetail, AppError> {
    use super::server::{db, user_id};
    let program = program(&program_code)?;
    crate::domain::enrollment::program_detail(&db()?, &user_id().await?, partner_id, program).await
}

/// Sends the primary contact a new confirmation link.
#[server(endpoint = "resend_verification")]
pub async fn resend_verification(partner_id: i64) -> Result<(), AppError> {
    use super::server::{base_url, db, user_id};
    crate::domain::enrollment::resend_link(&db()?, &user_id().await?, partner_id, &base_url().await)
        .await
}

/// Opens an email confirmation link; answers the account's Partner ID.
#[server(endpoint = "verify_email")]
pub async fn verify_email(token: String) -> Result<i64, AppError> {
    use super::server::db;
    crate::domain::enrollment::verify_email(&db()?, &token).await
}

#[server(endpoint = "acknowledge_fee")]
pub async fn acknowledge_fee(partner_id: i64) -> Result<(), AppError> {
    use super::server::{db, user_id};
    crate::domain::enrollment::acknowledge_fee(&db()?, &user_id().await?, partner_id).await
}

/// Partner settings → Billing profile.
#[server(endpoint = "billing_profile")]
pub async fn load_billing_profile(
    partner_id: i64,
) -> Result<crate::model::Versioned<crate::model::billing::BillingProfile>, AppError> {
    use super::server::{db, user_id};
    crate::domain::billing::billing_profile(&db()?, &user_id().await?, partner_id).await
}

#[server(endpoint = "save_billing_profile")]
pub async fn save_billing_profile(
    partner_id: i64,
    version: i64,
    address_line1: String,
    #[server(default)] address_line2: String,
    city: String,
    #[server(default)] region: String,
    postal_code: String,
    country: String,
    currency: String,
    #[server(default)] po_number: String,
    #[server(default)] tax_id: String,
    contact_name: String,
    contact_email: String,
    #[server(default)] contact_phone: String,
) -> Result<i64, AppError> {
    use super::server::{db, user_id};
    let input = crate::model::billing::BillingProfile {
        address_line1,
        address_line2,
        city,
        region,
        postal_code,
        country,
        currency,
        po_number,
        tax_id,
        contact_name,
        contact_email,
        contact_phone,
    };
    crate::domain::billing::save_billing_profile_at(
        &db()?,
        &user_id().await?,
        partner_id,
        &input,
        version,
    )
    .await
}
