//! Partner settings → Support profile.

use leptos::prelude::*;

use crate::model::support::SupportProfile;
use crate::model::{AppError, Versioned};

#[server(endpoint = "support_profile", output = leptos::server_fn::codec::Postcard)]
pub async fn load_support_profile(partner_id: i64) -> Result<Versioned<SupportProfile>, AppError> {
    use super::server::{db, user_id};
    crate::domain::support::support_profile(&db()?, &user_id().await?, partner_id).await
}

/// The form's fields come as `profile[email]`, … (one typed struct).
#[server(endpoint = "save_support_profile", output = leptos::server_fn::codec::Postcard)]
pub async fn save_support_profile(
    partner_id: i64,
    version: i64,
    profile: SupportProfile,
) -> Result<i64, AppError> {
    use super::server::{db, user_id};
    let user = user_id().await?;
    crate::domain::support::save_support_profile(&db()?, &user, partner_id, &profile, version).await
}
