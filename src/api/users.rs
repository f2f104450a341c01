//! User management in an account.

use leptos::prelude::*;

use crate::model::member::{MemberPage, MemberRow, NewUser, TemporaryPassword};
use crate::model::{AppError, Role};

#[server(endpoint = "members", output = leptos::server_fn::codec::Postcard)]
pub async fn list_members(
    partner_id: i64,
    query: String,
    /// The address's `after` / `before` (empty when absent): `PageAt`.
    after: String,
    before: String,
) -> Result<MemberPage, AppError> {
    use super::server::{db, user_id};
    use crate::model::listing::PageAt;
    let at = PageAt::from_params(&after, &before);
    crate::domain::members::list(&db()?, &user_id().await?, partner_id, &query, &at).await
}

#[server(endpoint = "member", output = leptos::server_fn::codec::Postcard)]
pub async fn get_member(partner_id: i64, user_id: String) -> Result<MemberRow, AppError> {
    use super::server::db;
    let actor = super::server::user_id().await?;
    crate::domain::members::get(&db()?, &actor, partner_id, &user_id).await
}

#[server(endpoint = "add_user", output = leptos::server_fn::codec::Postcard)]
pub async fn add_user(partner_id: i64, user: NewUser) -> Result<TemporaryPassword, AppError> {
    use super::server::{db, user_id};
    let user = NewUser {
        roles: crate::model::Role::distinct(user.roles),
        ..user
    };
    crate::domain::members::add_user(&db()?, &user_id().await?, partner_id, &user).await
}

#[server(endpoint = "change_roles", output = leptos::server_fn::codec::Postcard)]
pub async fn change_roles(
    partner_id: i64,
    user_id: String,
    version: i64,
    #[server(default)] roles: Vec<Role>,
) -> Result<i64, AppError> {
    use super::server::db;
    let actor = super::server::user_id().await?;
    let roles = Role::distinct(roles);
    crate::domain::members::change_roles(&db()?, &actor, partner_id, &user_id, &roles, version)
        .await
}

#[server(endpoint = "remove_member", output = leptos::server_fn::codec::Postcard)]
pub async fn remove_member(partner_id: i64, user_id: String) -> Result<(), AppError> {
    use super::server::db;
    let actor = super::server::user_id().await?;
    crate::domain::members::remove(&db()?, &actor, partner_id, &user_id).await?;
    // The member's page is gone: the browser goes on to the list, whether
    // the form was sent by code or by the browser itself.
    leptos_axum::redirect(&crate::model::page::Page::Users.href(partner_id));
    Ok(())
}

#[server(endpoint = "reset_password", output = leptos::server_fn::codec::Postcard)]
pub async fn reset_password(
    partner_id: i64,
    user_id: String,
) -> Result<TemporaryPassword, AppError> {
    use super::server::db;
    let actor = super::server::user_id().await?;
    crate::domain::members::reset_password(&db()?, &actor, partner_id, &user_id).await
}
