//! Pricing and offers: a month's price list by page (server function) and as
//! CSV (a plain GET, streamed); the operators' import of a month.

use leptos::prelude::*;

use crate::model::pricing::{ImportOutcome, PriceFilter, PricePage};
use crate::model::AppError;

#[server(endpoint = "pricing", output = leptos::server_fn::codec::Postcard)]
pub async fn load_prices(
    partner_id: i64,
    filter: PriceFilter,
    #[server(default)] after: String,
) -> Result<PricePage, AppError> {
    use super::server::{db, user_id};
    crate::domain::pricing::page(&db()?, &user_id().await?, partner_id, &filter, Some(&after)).await
}

/// The operator console: imports a month's price list, a CSV file sent as
/// multipart form data (field `file`). The operator is checked before the
/// body is read; the body's size is bounded by the server
/// (`server::MAX_PRICE_FILE_BYTES`).
#[server(endpoint = "operator_import_prices", input = leptos::server_fn::codec::MultipartFormData, output = leptos::server_fn::codec::Postcard)]
pub async fn import_prices(
    data: leptos::server_fn::codec::MultipartData,
) -> Result<ImportOutcome, AppError> {
    use crate::domain::pricing::{import, Importer};
    let db = super::server::db()?;
    let operator = crate::domain::operators::require(&db, &super::server::user_id().await?).await?;
    let mut form = data.into_inner().ok_or(AppError::Internal)?;
    let mut file = Vec::new();
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|e| AppError::Request(e.to_string()))?
    {
        if field.name() == Some("file") {
            while let Some(chunk) = field
                .chunk()
                .await
                .map_err(|e| AppError::Request(e.to_string()))?
            {
                file.extend_from_slice(&chunk);
            }
        }
    }
    import(&db, Importer::Operator(&operator), file.as_slice()).await
}

/// `GET /a/{partner_id}/pricing.csv?month=…&market=…&currency=…`: the
/// filtered month as a CSV attachment, for those who may view pricing.
/// Refusals answer before the first byte, with the same status and body as
/// an account that doesn't exist.
#[cfg(feature = "ssr")]
pub async fn csv_response(
    db: crate::db::Db,
    mut auth: crate::auth::AuthSession,
    partner_id: String,
    filter: PriceFilter,
) -> axum::response::Response {
    use crate::domain::pricing;
    let checked = async {
        let user = super::server::download_user(&mut auth).await?;
        let partner_id: i64 = partner_id.parse().map_err(|_| AppError::NotFound)?;
        let bounds = pricing::export_bounds(&db, &user.id, partner_id, &filter).await?;
        Ok(bounds)
    };
    match checked.await {
        Ok(bounds) => {
            let name = match &bounds {
                Some(b) => [
                    Some(b.month.as_str()),
                    b.market.as_deref(),
                    b.currency.as_deref(),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("-"),
                None => "none".into(),
            };
            super::server::csv_stream(
                &format!("prices-{name}.csv"),
                pricing::export_csv(db, bounds),
            )
        }
        Err(error) => super::server::error_response(error),
    }
}
