//! Partner settings → Locations.

use leptos::prelude::*;

use crate::model::location::{Location, LocationForm, LocationPage, NewLocation};
use crate::model::{AppError, Versioned};

#[server(endpoint = "locations", output = leptos::server_fn::codec::Postcard)]
pub async fn list_locations(
    partner_id: i64,
    query: String,
    /// The address's `after` / `before` (empty when absent): `PageAt`.
    after: String,
    before: String,
) -> Result<LocationPage, AppError> {
    use super::server::{db, user_id};
    use crate::model::listing::PageAt;
    let at = PageAt::from_params(&after, &before);
    crate::domain::locations::list(&db()?, &user_id().await?, partner_id, &query, &at).await
}

#[server(endpoint = "new_location", output = leptos::server_fn::codec::Postcard)]
pub async fn load_new_location(partner_id: i64) -> Result<NewLocation, AppError> {
    use super::server::{db, user_id};
    crate::domain::locations::new_location(&db()?, &user_id().await?, partner_id).await
}

#[server(endpoint = "location", output = leptos::server_fn::codec::Postcard)]
pub async fn get_location(
    partner_id: i64,
    location_id: String,
) -> Result<Versioned<Location>, AppError> {
    use super::server::{db, user_id};
    crate::domain::locations::get(&db()?, &user_id().await?, partner_id, &location_id).await
}

/// The form's fields come as `location[name]`, … Returns the Location ID.
#[server(endpoint = "add_location", output = leptos::server_fn::codec::Postcard)]
pub async fn add_location(partner_id: i64, location: LocationForm) -> Result<String, AppError> {
    use super::server::{db, user_id};
    let id =
        crate::domain::locations::add(&db()?, &user_id().await?, partner_id, &location).await?;
    // On to the new location's page, whether the form was sent by code or
    // by the browser itself.
    let page = crate::model::page::Page::location_href(partner_id, &id);
    leptos_axum::redirect(&format!("{page}?added=1"));
    Ok(id)
}

#[server(endpoint = "save_location", output = leptos::server_fn::codec::Postcard)]
pub async fn save_location(
    partner_id: i64,
    location_id: String,
    version: i64,
    location: LocationForm,
) -> Result<i64, AppError> {
    use super::server::{db, user_id};
    let user = user_id().await?;
    crate::domain::locations::save(&db()?, &user, partner_id, &location_id, &location, version)
        .await
}

#[server(endpoint = "make_headquarters", output = leptos::server_fn::codec::Postcard)]
pub async fn make_headquarters(partner_id: i64, location_id: String) -> Result<(), AppError> {
    use super::server::{db, user_id};
    let user = user_id().await?;
    crate::domain::locations::make_headquarters(&db()?, &user, partner_id, &location_id).await
}

#[server(endpoint = "remove_location", output = leptos::server_fn::codec::Postcard)]
pub async fn remove_location(partner_id: i64, location_id: String) -> Result<(), AppError> {
    use super::server::{db, user_id};
    let user = user_id().await?;
    crate::domain::locations::remove(&db()?, &user, partner_id, &location_id).await?;
    // The location's page is gone: the browser goes on to the list, whether
    // the form was sent by code or by the browser itself.
    leptos_axum::redirect(&crate::model::page::Page::Locations.href(partner_id));
    Ok(())
}
