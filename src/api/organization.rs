//! Partner settings → Organization profile.

use leptos::prelude::*;

use crate::model::organization::{OrganizationPage, OrganizationProfile};
use crate::model::AppError;

#[server(endpoint = "organization_profile", output = leptos::server_fn::codec::Postcard)]
pub async fn load_organization_profile(partner_id: i64) -> Result<OrganizationPage, AppError> {
    use super::server::{db, user_id};
    crate::domain::organization::organization_page(&db()?, &user_id().await?, partner_id).await
}

/// The form's fields come as `profile[name]`, … (one typed struct).
#[server(endpoint = "save_organization_profile", output = leptos::server_fn::codec::Postcard)]
pub async fn save_organization_profile(
    partner_id: i64,
    version: i64,
    profile: OrganizationProfile,
) -> Result<i64, AppError> {
    use super::server::{db, user_id};
    let user = user_id().await?;
    crate::domain::organization::save_organization_profile(
        &db()?,
        &user,
        partner_id,
        &profile,
        version,
    )
    .await
}
