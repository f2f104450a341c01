//! The offer catalog and the account's pinned offers.

use leptos::prelude::*;

use crate::model::catalog::CatalogPage;
use crate::model::AppError;

#[server(endpoint = "catalog", output = leptos::server_fn::codec::Postcard)]
pub async fn load_catalog(
    partner_id: i64,
    #[server(default)] query: String,
) -> Result<CatalogPage, AppError> {
    use super::server::{db, user_id};
    crate::domain::catalog::page(&db()?, &user_id().await?, partner_id, &query).await
}

/// Returns the order's new version.
#[server(endpoint = "save_catalog_pins", output = leptos::server_fn::codec::Postcard)]
pub async fn save_catalog_pins(
    partner_id: i64,
    #[server(default)] offer_ids: Vec<String>,
    version: i64,
) -> Result<i64, AppError> {
    use super::server::{db, user_id};
    crate::domain::catalog::save_pins(&db()?, &user_id().await?, partner_id, &offer_ids, version)
        .await
}
