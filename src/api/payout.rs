//! Developer settings → Payout and tax profile.

use leptos::prelude::*;

use crate::model::payout::{PayoutForm, PayoutView};
use crate::model::{AppError, Versioned};

/// Masked: the last four characters of the account and the tax ID only.
#[server(endpoint = "payout_profile", output = leptos::server_fn::codec::Postcard)]
pub async fn load_payout_profile(partner_id: i64) -> Result<Versioned<PayoutView>, AppError> {
    use super::server::{db, user_id};
    crate::domain::payout::payout_profile(&db()?, &user_id().await?, partner_id).await
}

/// The form's fields come as `payout[iban]`, … (one typed struct).
#[server(endpoint = "save_payout_profile", output = leptos::server_fn::codec::Postcard)]
pub async fn save_payout_profile(
    partner_id: i64,
    version: i64,
    payout: PayoutForm,
) -> Result<i64, AppError> {
    use super::server::{db, user_id};
    let user = user_id().await?;
    crate::domain::payout::save_payout_profile(&db()?, &user, partner_id, &payout, version).await
}
