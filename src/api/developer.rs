//! Developer settings → Account settings and Contact info.

use leptos::prelude::*;

use crate::model::contact_info::ContactInfo;
use crate::model::{AppError, DeveloperAccount, Versioned};

#[server(endpoint = "developer_account", output = leptos::server_fn::codec::Postcard)]
pub async fn load_developer_account(partner_id: i64) -> Result<DeveloperAccount, AppError> {
    use super::server::{db, user_id};
    crate::domain::accounts::developer_account(&db()?, &user_id().await?, partner_id).await
}

#[server(endpoint = "contact_info", output = leptos::server_fn::codec::Postcard)]
pub async fn load_contact_info(partner_id: i64) -> Result<Versioned<ContactInfo>, AppError> {
    use super::server::{db, user_id};
    crate::domain::contact_info::contact_info(&db()?, &user_id().await?, partner_id).await
}

/// The form's fields come as `info[contact_name]`, … (one typed struct).
#[server(endpoint = "save_contact_info", output = leptos::server_fn::codec::Postcard)]
pub async fn save_contact_info(
    partner_id: i64,
    version: i64,
    info: ContactInfo,
) -> Result<i64, AppError> {
    use super::server::{db, user_id};
    let user = user_id().await?;
    crate::domain::contact_info::save_contact_info(&db()?, &user, partner_id, &info, version).await
}
