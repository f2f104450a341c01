//! Enrollments and the settings areas.

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
