//! My profile: name, language, password, sessions.

use leptos::prelude::*;

use crate::model::account::{PasswordChange, ProfileChange};
use crate::model::member::SessionRow;
use crate::model::AppError;

#[server(endpoint = "update_profile", output = leptos::server_fn::codec::Postcard)]
pub async fn update_profile(version: i64, profile: ProfileChange) -> Result<i64, AppError> {
    use super::server::{db, user_id};
    let user = user_id().await?;
    let saved = crate::domain::my_profile::update(&db()?, &user, &profile, version).await?;
    super::server::remember_language(profile.language);
    Ok(saved)
}

#[server(endpoint = "change_password", output = leptos::server_fn::codec::Postcard)]
pub async fn change_password(form: PasswordChange) -> Result<String, AppError> {
    use super::server::{auth_session, db, internal, session_id, signed_in};
    use axum_login::AuthnBackend;
    let db = db()?;
    let user = signed_in().await?;
    let current = session_id().await?;
    crate::domain::my_profile::change_password(
        &db,
        &user.id,
        &form.current_password,
        &form.new_password,
        current.as_deref(),
    )
    .await?;
    // The change bumped the session generation, which is part of the
    // session's check: sign in again with the new one so this session stays
    // valid. The session keeps its data, so its absolute lifetime still
    // counts from the original sign-in.
    let mut auth = auth_session().await?;
    let fresh = auth
        .backend
        .get_user(&user.id)
        .await?
        .ok_or(AppError::Internal)?;
    auth.login(&fresh).await.map_err(internal)?;
    // A new id for the session that changed the password.
    auth.session.cycle_id().await.map_err(internal)?;
    let accounts = crate::domain::accounts::accounts_of(&db, &user.id).await?;
    Ok(accounts.first().map_or_else(
        || "/new-account".to_string(),
        |a| super::auth::account_home(a.partner_id),
    ))
}

#[server(endpoint = "sessions", output = leptos::server_fn::codec::Postcard)]
pub async fn list_sessions() -> Result<Vec<SessionRow>, AppError> {
    use super::server::{db, session_id, user_id};
    let user = user_id().await?;
    let current = session_id().await?;
    crate::auth::sessions::list(&db()?, &user, current.as_deref()).await
}

/// Ends one session (by its handle), or every other one when `handle` is empty.
#[server(endpoint = "end_sessions", output = leptos::server_fn::codec::Postcard)]
pub async fn end_sessions(#[server(default)] handle: String) -> Result<u64, AppError> {
    use super::server::{db, session_id, user_id};
    let user = user_id().await?;
    let current = session_id().await?;
    let which = (!handle.is_empty()).then_some(handle.as_str());
    crate::auth::sessions::end(&db()?, &user, which, current.as_deref()).await
}
