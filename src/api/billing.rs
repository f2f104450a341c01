//! Partner settings → Billing profile.

use leptos::prelude::*;

use crate::model::billing::BillingProfile;
use crate::model::{AppError, Versioned};

#[server(endpoint = "billing_profile", output = leptos::server_fn::codec::Postcard)]
pub async fn load_billing_profile(partner_id: i64) -> Result<Versioned<BillingProfile>, AppError> {
    use super::server::{db, user_id};
    crate::domain::billing::billing_profile(&db()?, &user_id().await?, partner_id).await
}

/// The form's fields come as `profile[tax_id]`, … (one typed struct).
#[server(endpoint = "save_billing_profile", output = leptos::server_fn::codec::Postcard)]
pub async fn save_billing_profile(
    partner_id: i64,
    version: i64,
    profile: BillingProfile,
) -> Result<i64, AppError> {
    use super::server::{db, user_id};
    let user = user_id().await?;
    crate::domain::billing::save_billing_profile(&db()?, &user, partner_id, &profile, version).await
}
