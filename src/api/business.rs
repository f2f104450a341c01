//! The business profile (Partner settings) and the public partner directory.

// One argument per form field: that is how ActionForm sends them.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::model::business::{BusinessProfile, DirectoryPage, DirectoryQuery, PublicProfile};
use crate::model::AppError;

#[server(endpoint = "business_profile")]
pub async fn load_business_profile(partner_id: i64) -> Result<BusinessProfile, AppError> {
    use super::server::{db, user_id};
    crate::domain::business::business_profile(&db()?, &user_id().await?, partner_id).await
}

#[server(endpoint = "save_business_profile")]
pub async fn save_business_profile(
    partner_id: i64,
    #[server(default)] description: String,
    #[server(default)] website: String,
    #[server(default)] linkedin: String,
    #[server(default)] industries: Vec<String>,
    #[server(default)] products: Vec<String>,
    #[server(default)] services: Vec<String>,
    #[server(default)] customer_sizes: Vec<String>,
    // A ticked checkbox sends "on"; an unticked one sends nothing.
    #[server(default)] published: Option<String>,
) -> Result<(), AppError> {
    use super::server::{db, user_id};
    let input = BusinessProfile {
        description,
        website,
        linkedin,
        industries,
        products,
        services,
        customer_sizes,
        published: published.is_some(),
    };
    crate::domain::business::save_business_profile(&db()?, &user_id().await?, partner_id, &input)
        .await
}

/// The public directory: no sign-in.
#[server(endpoint = "directory")]
pub async fn search_directory(query: DirectoryQuery) -> Result<DirectoryPage, AppError> {
    crate::domain::business::directory(&super::server::db()?, &query).await
}

/// A published partner's public page: no sign-in.
#[server(endpoint = "directory_partner")]
pub async fn load_public_profile(partner_id: i64) -> Result<PublicProfile, AppError> {
    crate::domain::business::public_profile(&super::server::db()?, partner_id).await
}
