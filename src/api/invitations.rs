//! Inviting people, and accepting an invitation.

use leptos::prelude::*;

use crate::model::member::{
    InvitationLink, InvitationView, NewInvitations, NewMember, PendingInvitation,
};
use crate::model::AppError;

#[server(endpoint = "invite", output = leptos::server_fn::codec::Postcard)]
pub async fn invite(
    partner_id: i64,
    invitation: NewInvitations,
) -> Result<Vec<InvitationLink>, AppError> {
    use super::server::{base_url, db, user_id};
    let roles = crate::model::Role::distinct(invitation.roles);
    let actor = user_id().await?;
    crate::domain::invitations::invite(
        &db()?,
        &actor,
        partner_id,
        &invitation.emails,
        &roles,
        &base_url().await,
    )
    .await
}

#[server(endpoint = "invitations", output = leptos::server_fn::codec::Postcard)]
pub async fn pending_invitations(partner_id: i64) -> Result<Vec<PendingInvitation>, AppError> {
    use super::server::{db, user_id};
    crate::domain::invitations::pending(&db()?, &user_id().await?, partner_id).await
}

#[server(endpoint = "resend_invitation", output = leptos::server_fn::codec::Postcard)]
pub async fn resend_invitation(partner_id: i64, id: String) -> Result<InvitationLink, AppError> {
    use super::server::{base_url, db, user_id};
    let actor = user_id().await?;
    crate::domain::invitations::resend(&db()?, &actor, partner_id, &id, &base_url().await).await
}

#[server(endpoint = "revoke_invitation", output = leptos::server_fn::codec::Postcard)]
pub async fn revoke_invitation(partner_id: i64, id: String) -> Result<(), AppError> {
    use super::server::{db, user_id};
    crate::domain::invitations::revoke(&db()?, &user_id().await?, partner_id, &id).await
}

/// The invitation behind a link, for whoever opens it (signed in or not).
#[server(endpoint = "invitation", output = leptos::server_fn::codec::Postcard)]
pub async fn load_invitation(token: String) -> Result<InvitationView, AppError> {
    use super::server::{db, signed_in};
    let user = signed_in().await.ok().map(|u| u.id);
    crate::domain::invitations::view(&db()?, &token, user.as_deref()).await
}

/// Accepts as an existing user: the signed-in one, or, with `password`, the
/// invited email's user, who is signed in here. Returns the account's home.
#[server(endpoint = "accept_invitation", output = leptos::server_fn::codec::Postcard)]
pub async fn accept_invitation(
    token: String,
    #[server(default)] password: String,
) -> Result<String, AppError> {
    use super::server::{auth_session, db, signed_in};
    use crate::auth::Credentials;
    let db = db()?;
    let user_id = match signed_in().await {
        Ok(user) => user.id,
        Err(AppError::NotSignedIn) => {
            let view = crate::domain::invitations::view(&db, &token, None).await?;
            let credentials = Credentials {
                email: view.email,
                password,
            };
            super::server::sign_in(&mut auth_session().await?, credentials)
                .await?
                .ok_or(AppError::invalid(
                    "password",
                    crate::model::validation::Problem::WrongPassword,
                ))?
                .id
        }
        Err(error) => return Err(error),
    };
    let partner_id = crate::domain::invitations::accept_as_user(&db, &token, &user_id).await?;
    Ok(opened(partner_id))
}

/// The account's home, where the browser goes next (sent by code or by the
/// browser itself: the invitation's page now says "accepted").
#[cfg(feature = "ssr")]
fn opened(partner_id: i64) -> String {
    let home = super::auth::account_home(partner_id);
    leptos_axum::redirect(&home);
    home
}

/// Accepts as a new person: creates their user, signs them in, returns the
/// account's home.
#[server(endpoint = "accept_invitation_new", output = leptos::server_fn::codec::Postcard)]
pub async fn accept_invitation_new(token: String, form: NewMember) -> Result<String, AppError> {
    use super::server::{auth_session, db, internal, start_session};
    use axum_login::AuthnBackend;
    let (user_id, partner_id) = crate::domain::invitations::accept_as_new(
        &db()?,
        &token,
        &form.display_name,
        &form.password,
    )
    .await?;
    let mut auth = auth_session().await?;
    let user = auth
        .backend
        .get_user(&user_id)
        .await?
        .ok_or(AppError::Internal)?;
    auth.login(&user).await.map_err(internal)?;
    start_session(&mut auth).await?;
    Ok(opened(partner_id))
}
