//! Programs: enrolling, withdrawing, a program's checklist, the settings
//! areas, the primary contact's email confirmation and the fee.

use leptos::prelude::*;

use crate::model::{AppError, Enrollment};

#[cfg(feature = "ssr")]
fn program(code: &str) -> Result<crate::model::Program, AppError> {
    crate::model::Program::from_code(code).ok_or(AppError::NotFound)
}

#[server(endpoint = "enroll", output = leptos::server_fn::codec::Postcard)]
pub async fn enroll(partner_id: i64, program_code: String) -> Result<(), AppError> {
    use super::server::{db, user_id};
    let program = program(&program_code)?;
    crate::domain::programs::enroll(&db()?, &user_id().await?, partner_id, program).await
}

#[server(endpoint = "withdraw", output = leptos::server_fn::codec::Postcard)]
pub async fn withdraw(partner_id: i64, program_code: String) -> Result<(), AppError> {
    use super::server::{db, user_id};
    let program = program(&program_code)?;
    crate::domain::programs::withdraw(&db()?, &user_id().await?, partner_id, program).await
}

/// A settings area's programs; `NotFound` when the account has no active program there.
#[server(endpoint = "settings_area", output = leptos::server_fn::codec::Postcard)]
pub async fn load_settings_area(
    partner_id: i64,
    area_code: String,
) -> Result<Vec<Enrollment>, AppError> {
    use super::server::{db, user_id};
    let area = crate::model::SettingsArea::from_code(&area_code).ok_or(AppError::NotFound)?;
    crate::domain::programs::area(&db()?, &user_id().await?, partner_id, area).await
}

/// A program's page: status and requirement checklist.
#[server(endpoint = "program", output = leptos::server_fn::codec::Postcard)]
pub async fn load_program(
    partner_id: i64,
    program_code: String,
) -> Result<crate::model::requirement::ProgramDetail, AppError> {
    use super::server::{db, user_id};
    let program = program(&program_code)?;
    crate::domain::enrollment::program_detail(&db()?, &user_id().await?, partner_id, program).await
}

/// Sends the primary contact a new confirmation link.
#[server(endpoint = "resend_verification", output = leptos::server_fn::codec::Postcard)]
pub async fn resend_verification(partner_id: i64) -> Result<(), AppError> {
    use super::server::{base_url, db, user_id};
    crate::domain::enrollment::resend_link(&db()?, &user_id().await?, partner_id, &base_url().await)
        .await
}

/// Opens an email confirmation link; answers the account's Partner ID.
#[server(endpoint = "verify_email", output = leptos::server_fn::codec::Postcard)]
pub async fn verify_email(token: String) -> Result<i64, AppError> {
    use super::server::db;
    crate::domain::enrollment::verify_email(&db()?, &token).await
}

#[server(endpoint = "acknowledge_fee", output = leptos::server_fn::codec::Postcard)]
pub async fn acknowledge_fee(partner_id: i64) -> Result<(), AppError> {
    use super::server::{db, user_id};
    crate::domain::enrollment::acknowledge_fee(&db()?, &user_id().await?, partner_id).await
}
