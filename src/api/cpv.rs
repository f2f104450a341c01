//! Partner settings → Control Panel Vendor applications.

use leptos::prelude::*;

use crate::model::cpv::{CpvApplicationForm, CpvPage};
use crate::model::AppError;

#[server(endpoint = "cpv_applications", output = leptos::server_fn::codec::Postcard)]
pub async fn load_cpv_applications(partner_id: i64) -> Result<CpvPage, AppError> {
    use super::server::{db, user_id};
    crate::domain::cpv::page(&db()?, &user_id().await?, partner_id).await
}

#[server(endpoint = "register_cpv_application", output = leptos::server_fn::codec::Postcard)]
pub async fn register_cpv_application(
    partner_id: i64,
    application: CpvApplicationForm,
) -> Result<String, AppError> {
    use super::server::{db, user_id};
    crate::domain::cpv::register(&db()?, &user_id().await?, partner_id, &application).await
}

#[server(endpoint = "unregister_cpv_application", output = leptos::server_fn::codec::Postcard)]
pub async fn unregister_cpv_application(partner_id: i64, id: String) -> Result<(), AppError> {
    use super::server::{db, user_id};
    crate::domain::cpv::unregister(&db()?, &user_id().await?, partner_id, &id).await
}
