//! Signing up, in and out, and creating another account.

use leptos::prelude::*;

use crate::model::account::{self, Credentials, NewAccount, NewPassword, ResetRequest};
use crate::model::{AppError, Language};

/// Where to go after signing in, and the user's language to switch to.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SignedIn {
    pub home: String,
    pub language: Language,
}

pub fn account_home(partner_id: i64) -> String {
    crate::model::page::Page::Home.href(partner_id)
}

#[server(endpoint = "sign_in", output = leptos::server_fn::codec::Postcard)]
pub async fn sign_in(form: Credentials) -> Result<SignedIn, AppError> {
    use super::server::{auth_session, db};
    let user = super::server::sign_in(&mut auth_session().await?, form)
        .await?
        .ok_or(AppError::BadCredentials)?;
    let db = db()?;
    let language = user.current.language;
    super::server::remember_language(language);
    let home = if user.must_change_password {
        "/password".to_string()
    } else {
        home_of(&db, &user.id).await?
    };
    Ok(SignedIn { home, language })
}

#[server(endpoint = "sign_up", output = leptos::server_fn::codec::Postcard)]
pub async fn sign_up(
    form: account::SignUp,
    #[server(default)] language: Language,
) -> Result<SignedIn, AppError> {
    use super::server::{auth_session, db, internal, start_session};
    use axum_login::AuthnBackend;
    let created = crate::domain::accounts::sign_up(&db()?, &form, language).await?;
    let mut auth = auth_session().await?;
    let user = auth
        .backend
        .get_user(&created.user_id)
        .await?
        .ok_or(AppError::Internal)?;
    auth.login(&user).await.map_err(internal)?;
    start_session(&mut auth).await?;
    super::server::remember_language(language);
    Ok(SignedIn {
        home: account_home(created.partner_id),
        language,
    })
}

/// Signs out; with `leave`, the answer sends the browser to the sign-in page
/// (the shell's "Sign out" is a plain form: `ui::auth::SignOutButton`).
#[server(endpoint = "sign_out", output = leptos::server_fn::codec::Postcard)]
pub async fn sign_out(#[server(default)] leave: bool) -> Result<(), AppError> {
    use super::server::{auth_session, internal};
    auth_session().await?.logout().await.map_err(internal)?;
    if leave {
        leptos_axum::redirect("/signin");
    }
    Ok(())
}

/// "/": a redirect to the signed-in user's home, else to sign-in (or to the
/// password change a temporary password requires). Answered by the router
/// itself, not rendered as a page: a `<Redirect>` in a page's Suspense was
/// once answered as an empty page with 200 instead of a 302 (stop 50's CI,
/// under the full end-to-end load), and this is the address every sign-in
/// lands on.
#[cfg(feature = "ssr")]
pub async fn root_response(
    db: crate::db::Db,
    mut auth: crate::auth::AuthSession,
) -> axum::response::Response {
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;
    let home = match super::server::download_user(&mut auth).await {
        Ok(user) => home_of(&db, &user.id).await,
        Err(AppError::NotSignedIn) => Ok("/signin".to_string()),
        Err(AppError::PasswordChangeRequired) => Ok("/password".to_string()),
        Err(error) => Err(error),
    };
    match home {
        // 302, as a page's redirect is; never kept (it depends on who asks).
        Ok(home) => (
            StatusCode::FOUND,
            [
                (header::LOCATION, home),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
        )
            .into_response(),
        Err(error) => super::server::error_response(error),
    }
}

/// A signed-in user's home: the operator console for an operator, else
/// their first account's home, or "create an account".
#[cfg(feature = "ssr")]
async fn home_of(db: &crate::db::Db, user_id: &str) -> Result<String, AppError> {
    if crate::domain::operators::is_operator(db, user_id).await? {
        return Ok(OPERATOR_HOME.to_string());
    }
    let accounts = crate::domain::accounts::accounts_of(db, user_id).await?;
    Ok(accounts.first().map_or_else(
        || "/new-account".to_string(),
        |a| account_home(a.partner_id),
    ))
}

/// The operator console's first page.
pub const OPERATOR_HOME: &str = "/operator";

#[server(endpoint = "create_account", output = leptos::server_fn::codec::Postcard)]
pub async fn create_account(account: NewAccount) -> Result<String, AppError> {
    use super::server::{db, user_id};
    let partner_id =
        crate::domain::accounts::create_account(&db()?, &user_id().await?, &account).await?;
    Ok(account_home(partner_id))
}

/// "Forgot password?": emails a reset link if the address has a user; the
/// answer is the same either way.
#[server(endpoint = "request_password_reset", output = leptos::server_fn::codec::Postcard)]
pub async fn request_password_reset(form: ResetRequest) -> Result<(), AppError> {
    use super::server::{base_url, db};
    crate::domain::password_reset::request(&db()?, &form.email, &base_url().await).await
}

/// Sets a new password with an emailed link's secret; every session of the
/// user ends, so they sign in afresh.
#[server(endpoint = "reset_forgotten_password", output = leptos::server_fn::codec::Postcard)]
pub async fn reset_forgotten_password(token: String, form: NewPassword) -> Result<(), AppError> {
    use super::server::db;
    crate::domain::password_reset::reset(&db()?, &token, &form.password)
        .await
        .map(|_| ())
}
