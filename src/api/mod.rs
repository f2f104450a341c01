//! Server functions: thin. Each finds the signed-in user, calls the domain
//! layer and returns its result or its `AppError`. Endpoints are named so
//! their URLs stay stable across builds.

pub mod auth;
pub mod programs;
pub mod shell;

#[cfg(feature = "ssr")]
pub(crate) mod server {
    use leptos::prelude::*;

    use crate::auth::{check_session, AuthSession, SessionCheck};
    use crate::db::Db;
    use crate::model::AppError;

    const SIGNED_IN_AT: &str = "signed_in_at";
    const SEEN_AT: &str = "seen_at";

    pub fn db() -> Result<Db, AppError> {
        use_context::<Db>().ok_or_else(|| {
            tracing::error!("no database in the server function context");
            AppError::Internal
        })
    }

    pub async fn auth_session() -> Result<AuthSession, AppError> {
        leptos_axum::extract::<AuthSession>()
            .await
            .map_err(|error| {
                tracing::error!(%error, "no auth session: is the auth layer installed?");
                AppError::Internal
            })
    }

    /// The signed-in user's id, or `NotSignedIn`. Enforces the absolute
    /// session lifetime and moves the inactivity deadline (see `check_session`).
    pub async fn user_id() -> Result<String, AppError> {
        let mut auth = auth_session().await?;
        let Some(user) = auth.user.clone() else {
            return Err(AppError::NotSignedIn);
        };
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let signed_in_at: Option<i64> = auth.session.get(SIGNED_IN_AT).await.map_err(internal)?;
        let seen_at: Option<i64> = auth.session.get(SEEN_AT).await.map_err(internal)?;
        match check_session(now, signed_in_at, seen_at) {
            SessionCheck::Expired => {
                auth.logout().await.map_err(internal)?;
                return Err(AppError::NotSignedIn);
            }
            SessionCheck::Touch => auth.session.insert(SEEN_AT, now).await.map_err(internal)?,
            SessionCheck::Fresh => {}
        }
        Ok(user.id)
    }

    /// Marks the session's start, for the absolute lifetime.
    pub async fn start_session(auth: &mut AuthSession) -> Result<(), AppError> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        auth.session
            .insert(SIGNED_IN_AT, now)
            .await
            .map_err(internal)?;
        auth.session.insert(SEEN_AT, now).await.map_err(internal)
    }

    pub fn internal(error: impl std::fmt::Display) -> AppError {
        tracing::error!(%error, "session error");
        AppError::Internal
    }
}
