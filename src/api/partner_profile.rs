//! Partner settings → Partner profile (the legal business profile).

use leptos::prelude::*;

use crate::model::partner_profile::LegalProfile;
use crate::model::{AppError, Versioned};

#[server(endpoint = "legal_profile", output = leptos::server_fn::codec::Postcard)]
pub async fn load_legal_profile(partner_id: i64) -> Result<Versioned<LegalProfile>, AppError> {
    use super::server::{db, user_id};
    crate::domain::partner_profile::legal_profile(&db()?, &user_id().await?, partner_id).await
}

/// The form's fields come as `profile[legal_name]`, … (one typed struct);
/// answers where a confirmation link went, if one was sent, and the new version.
#[server(endpoint = "save_legal_profile", output = leptos::server_fn::codec::Postcard)]
pub async fn save_legal_profile(
    partner_id: i64,
    version: i64,
    profile: LegalProfile,
) -> Result<(Option<String>, i64), AppError> {
    use super::server::{base_url, db, user_id};
    let user = user_id().await?;
    crate::domain::partner_profile::save_legal_profile(
        &db()?,
        &user,
        partner_id,
        &profile,
        version,
        &base_url().await,
    )
    .await
}
