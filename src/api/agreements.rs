//! The Agreements page of a settings area.

use leptos::prelude::*;

use crate::model::{AgreementStatus, AppError};

/// The area's agreements, texts in `language`.
#[server(endpoint = "agreements", output = leptos::server_fn::codec::Postcard)]
pub async fn load_agreements(
    partner_id: i64,
    area_code: String,
    language: String,
) -> Result<Vec<AgreementStatus>, AppError> {
    use super::server::{db, user_id};
    let area = crate::model::SettingsArea::from_code(&area_code).ok_or(AppError::NotFound)?;
    let language = crate::model::Language::from_code(&language).unwrap_or_default();
    crate::domain::agreements::for_area(&db()?, &user_id().await?, partner_id, area, language).await
}

#[server(endpoint = "accept_agreement", output = leptos::server_fn::codec::Postcard)]
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
