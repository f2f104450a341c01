//! The business profile (Partner settings) and the public partner directory.

use leptos::prelude::*;

use crate::model::business::{
    BusinessPage, BusinessProfileForm, DirectoryPage, DirectoryQuery, PublicProfile,
};
use crate::model::AppError;

#[server(endpoint = "business_profile", output = leptos::server_fn::codec::Postcard)]
pub async fn load_business_profile(partner_id: i64) -> Result<BusinessPage, AppError> {
    use super::server::{db, user_id};
    crate::domain::business::business_page(&db()?, &user_id().await?, partner_id).await
}

/// The form's fields come as `profile[website]`, … (one typed struct).
#[server(endpoint = "save_business_profile", output = leptos::server_fn::codec::Postcard)]
pub async fn save_business_profile(
    partner_id: i64,
    version: i64,
    profile: BusinessProfileForm,
) -> Result<i64, AppError> {
    use super::server::{db, user_id};
    let user = user_id().await?;
    let input = profile.into_profile();
    crate::domain::business::save_business_profile(&db()?, &user, partner_id, &input, version).await
}

/// The public directory: no sign-in.
#[server(endpoint = "directory", output = leptos::server_fn::codec::Postcard)]
pub async fn search_directory(query: DirectoryQuery) -> Result<DirectoryPage, AppError> {
    crate::domain::business::directory(&super::server::db()?, &query).await
}

/// A published partner's public page: no sign-in.
#[server(endpoint = "directory_partner", output = leptos::server_fn::codec::Postcard)]
pub async fn load_public_profile(partner_id: i64) -> Result<PublicProfile, AppError> {
    crate::domain::business::public_profile(&super::server::db()?, partner_id).await
}

/// Partner settings → Business profile → Logo: the image comes as a file in
/// a multipart form (with `partner_id`); read at most one byte over the limit.
#[server(endpoint = "upload_logo", input = leptos::server_fn::codec::MultipartFormData, output = leptos::server_fn::codec::Postcard)]
pub async fn upload_logo(data: leptos::server_fn::codec::MultipartData) -> Result<i64, AppError> {
    use super::server::{db, user_id};
    use crate::model::business::LOGO_MAX_BYTES;
    let mut form = data.into_inner().ok_or(AppError::Internal)?;
    let mut partner_id = None;
    let mut bytes = Vec::new();
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|e| AppError::Request(e.to_string()))?
    {
        match field.name() {
            Some("partner_id") => {
                let text = field
                    .text()
                    .await
                    .map_err(|e| AppError::Request(e.to_string()))?;
                partner_id = text.trim().parse::<i64>().ok();
            }
            Some("logo") => {
                while let Some(chunk) = field
                    .chunk()
                    .await
                    .map_err(|e| AppError::Request(e.to_string()))?
                {
                    if bytes.len() <= LOGO_MAX_BYTES {
                        bytes.extend_from_slice(&chunk);
                    }
                }
            }
            _ => {}
        }
    }
    let partner_id = partner_id.ok_or(AppError::NotFound)?;
    crate::domain::business::save_logo(&db()?, &user_id().await?, partner_id, &bytes).await
}

#[server(endpoint = "remove_logo", output = leptos::server_fn::codec::Postcard)]
pub async fn remove_logo(partner_id: i64) -> Result<(), AppError> {
    use super::server::{db, user_id};
    crate::domain::business::remove_logo(&db()?, &user_id().await?, partner_id).await
}

/// `GET /partners/{partner_id}/logo`: a published partner's logo, for a
/// year (its address changes with the logo, see `model::business::logo_path`).
#[cfg(feature = "ssr")]
pub async fn logo_response(db: crate::db::Db, partner_id: &str) -> axum::response::Response {
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;
    let Ok(partner_id) = partner_id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match crate::domain::business::logo(&db, partner_id).await {
        Ok((media_type, bytes)) => (
            [
                (header::CONTENT_TYPE, media_type),
                (
                    header::CACHE_CONTROL,
                    "public, max-age=31536000".to_string(),
                ),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(crate::model::AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
