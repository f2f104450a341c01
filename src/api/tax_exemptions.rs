//! Partner settings → Tax exemptions.

use leptos::prelude::*;

use crate::model::tax_exemption::TaxExemptionsPage;
use crate::model::AppError;

#[server(endpoint = "tax_exemptions", output = leptos::server_fn::codec::Postcard)]
pub async fn load_tax_exemptions(partner_id: i64) -> Result<TaxExemptionsPage, AppError> {
    use super::server::{db, user_id};
    crate::domain::tax_exemptions::page(&db()?, &user_id().await?, partner_id).await
}

/// The request comes as a multipart form: `partner_id`, the fields
/// `exemption[country]`, … and the file `certificate` (read at most one
/// byte over the limit; the domain refuses it then).
#[server(endpoint = "submit_tax_exemption", input = leptos::server_fn::codec::MultipartFormData, output = leptos::server_fn::codec::Postcard)]
pub async fn submit_tax_exemption(
    data: leptos::server_fn::codec::MultipartData,
) -> Result<String, AppError> {
    use super::server::{db, user_id};
    use crate::model::tax_exemption::{TaxExemptionForm, CERTIFICATE_MAX_BYTES};
    fn bad(error: impl std::fmt::Display) -> AppError {
        AppError::Request(error.to_string())
    }
    let mut form = data.into_inner().ok_or(AppError::Internal)?;
    let mut partner_id = None;
    let mut fields = TaxExemptionForm::default();
    let mut file_name = String::new();
    let mut bytes = Vec::new();
    while let Some(mut field) = form.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "certificate" {
            file_name = field.file_name().unwrap_or_default().to_string();
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                if bytes.len() <= CERTIFICATE_MAX_BYTES {
                    bytes.extend_from_slice(&chunk);
                }
            }
            continue;
        }
        let text = field.text().await.map_err(bad)?;
        match name.as_str() {
            "partner_id" => partner_id = text.trim().parse::<i64>().ok(),
            "exemption[country]" => fields.country = text,
            "exemption[exemption_type]" => fields.exemption_type = text,
            "exemption[certificate_number]" => fields.certificate_number = text,
            "exemption[valid_from]" => fields.valid_from = text,
            "exemption[valid_until]" => fields.valid_until = text,
            _ => {}
        }
    }
    let partner_id = partner_id.ok_or(AppError::NotFound)?;
    let user = user_id().await?;
    crate::domain::tax_exemptions::submit(&db()?, &user, partner_id, &fields, &file_name, &bytes)
        .await
}

#[server(endpoint = "withdraw_tax_exemption", output = leptos::server_fn::codec::Postcard)]
pub async fn withdraw_tax_exemption(partner_id: i64, exemption_id: String) -> Result<(), AppError> {
    use super::server::{db, user_id};
    let user = user_id().await?;
    crate::domain::tax_exemptions::withdraw(&db()?, &user, partner_id, &exemption_id).await
}

/// `GET /a/{partner_id}/tax-exemptions/{id}/certificate`: the file, as an
/// attachment, for the account's billing roles or an operator.
#[cfg(feature = "ssr")]
pub async fn certificate_response(
    db: crate::db::Db,
    mut auth: crate::auth::AuthSession,
    partner_id: String,
    exemption_id: String,
) -> axum::response::Response {
    use crate::domain::{operators, tax_exemptions};
    let user = match super::server::download_user(&mut auth).await {
        Ok(user) => user,
        Err(error) => return super::server::error_response(error),
    };
    let file = match operators::require(&db, &user.id).await {
        Ok(operator) => tax_exemptions::certificate_for_review(&db, &operator, &exemption_id).await,
        Err(AppError::NotFound) => match partner_id.parse::<i64>() {
            Ok(partner_id) => {
                tax_exemptions::certificate(&db, &user.id, partner_id, &exemption_id).await
            }
            Err(_) => Err(AppError::NotFound),
        },
        Err(error) => Err(error),
    };
    match file {
        Ok(file) => super::server::download(file),
        Err(error) => super::server::error_response(error),
    }
}
