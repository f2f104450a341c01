//! Server functions: thin. Each finds the signed-in user, calls the domain
//! layer and returns its result or its `AppError`. Endpoints are named so
//! their URLs stay stable across builds.
//!
//! Results travel in postcard (`output = …Postcard`), errors too
//! (`AppError`'s encoding): postcard's decoder is a fraction of the size of
//! serde_json's, which the browser bundle otherwise held once for every
//! result type. Error bodies are therefore binary; tests decode them
//! (tests/integration/http.rs `Reply::error`).

pub mod activity;
pub mod agreements;
pub mod auth;
pub mod billing;
pub mod business;
pub mod catalog;
pub mod cpv;
pub mod developer;
pub mod invitations;
pub mod learning;
pub mod locations;
pub mod my_profile;
pub mod operator;
pub mod organization;
pub mod partner_profile;
pub mod payout;
pub mod pricing;
pub mod programs;
pub mod shell;
pub mod support;
pub mod tax_exemptions;
pub mod users;

#[cfg(feature = "ssr")]
pub(crate) mod server {
    use leptos::prelude::*;

    use crate::auth::keys::{DEVICE, SEEN_AT, SIGNED_IN_AT};
    use crate::auth::{check_session, AuthSession, SessionCheck, SessionUser};
    use crate::db::Db;
    use crate::model::AppError;

    pub fn db() -> Result<Db, AppError> {
        use_context::<Db>().ok_or_else(|| {
            tracing::error!("no database in the server function context");
            AppError::Internal
        })
    }

    /// Sets the language cookie (`crate::app::LANGUAGE_COOKIE`) on the answer:
    /// the pages that follow render in the user's language at once (every
    /// page is rendered on the server).
    pub fn remember_language(language: crate::model::Language) {
        let cookie = format!(
            "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            crate::app::LANGUAGE_COOKIE,
            language.code()
        );
        if let (Some(response), Ok(value)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            axum::http::HeaderValue::from_str(&cookie),
        ) {
            response.append_header(axum::http::header::SET_COOKIE, value);
        }
    }

    pub async fn auth_session() -> Result<AuthSession, AppError> {
        // Read in place, as axum-login's extractor does: leptos_axum's
        // `extract` would first copy the request's every header and extension.
        with_context::<axum::http::request::Parts, _>(|parts| {
            parts.extensions.get::<AuthSession>().cloned()
        })
        .flatten()
        .ok_or_else(|| {
            tracing::error!("no auth session: is the auth layer installed?");
            AppError::Internal
        })
    }

    /// The signed-in user's id, or `NotSignedIn`; `PasswordChangeRequired`
    /// while they hold a temporary password.
    pub async fn user_id() -> Result<String, AppError> {
        Ok(user().await?.id)
    }

    /// [`user_id`]'s user, with what the session read of them.
    pub async fn user() -> Result<SessionUser, AppError> {
        let user = signed_in().await?;
        if user.must_change_password {
            return Err(AppError::PasswordChangeRequired);
        }
        Ok(user)
    }

    /// The signed-in user, temporary password or not. Enforces the absolute
    /// session lifetime and moves the inactivity deadline (see `check_session`).
    pub async fn signed_in() -> Result<SessionUser, AppError> {
        signed_in_with(&mut auth_session().await?).await
    }

    /// [`signed_in`] for a plain axum handler (a download), which holds its
    /// session itself.
    pub async fn signed_in_with(auth: &mut AuthSession) -> Result<SessionUser, AppError> {
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
        Ok(user)
    }

    /// The signed-in user of a plain handler (a download), refused while
    /// they must first change a temporary password, as server functions are.
    pub async fn download_user(auth: &mut AuthSession) -> Result<SessionUser, AppError> {
        let user = signed_in_with(auth).await?;
        if user.must_change_password {
            return Err(AppError::PasswordChangeRequired);
        }
        Ok(user)
    }

    /// The current session's id (the cookie's secret: never sent to a page).
    pub async fn session_id() -> Result<Option<String>, AppError> {
        Ok(auth_session().await?.session.id().map(|id| id.to_string()))
    }

    /// Checks a person's credentials (throttled by email and by the client's
    /// address) and, when they hold, signs them in on a new session: the
    /// user, or `None` for a wrong email or password.
    pub async fn sign_in(
        auth: &mut AuthSession,
        credentials: crate::auth::Credentials,
    ) -> Result<Option<SessionUser>, AppError> {
        let attempt = crate::auth::Attempt {
            credentials,
            client: client_address().await,
        };
        let user = match auth.authenticate(attempt).await {
            Ok(user) => user,
            Err(axum_login::Error::Backend(AppError::TooManyAttempts)) => {
                // A locked-out attempt answers late (`auth::Config::
                // refusal_delay`): a storm of them, each connection waiting
                // for its answer before its next try, then costs the server
                // next to nothing, and other pages keep their latency.
                if let Some(config) = use_context::<crate::auth::Config>() {
                    tokio::time::sleep(config.refusal_delay).await;
                }
                return Err(AppError::TooManyAttempts);
            }
            Err(axum_login::Error::Backend(error)) => return Err(error),
            Err(other) => return Err(internal(other)),
        };
        if let Some(user) = &user {
            auth.login(user).await.map_err(internal)?;
            start_session(auth).await?;
        }
        Ok(user)
    }

    /// The client's address, from the connection or the trusted proxy's
    /// header (`auth::Config::client_ip_source`); `None` when unknown.
    pub async fn client_address() -> Option<String> {
        let axum_client_ip::ClientIp(ip) = leptos_axum::extract().await.ok()?;
        Some(ip.to_string())
    }

    async fn header(name: axum::http::HeaderName) -> Option<String> {
        with_context::<axum::http::request::Parts, _>(|parts| {
            parts.headers.get(name)?.to_str().ok().map(str::to_string)
        })
        .flatten()
    }

    /// The site's address for links in emails (`auth::Config::public_url`,
    /// never the request's Host header).
    pub async fn base_url() -> String {
        use_context::<crate::auth::Config>()
            .map(|config| config.public_url)
            .unwrap_or_default()
    }

    /// Gives the signed-in session a new id (also when the browser already
    /// held a signed-in one: axum-login only renews it from a signed-out
    /// session), so an id planted or seen before sign-in is worth nothing;
    /// and marks the session's start, for the absolute lifetime.
    pub async fn start_session(auth: &mut AuthSession) -> Result<(), AppError> {
        auth.session.cycle_id().await.map_err(internal)?;
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        auth.session
            .insert(SIGNED_IN_AT, now)
            .await
            .map_err(internal)?;
        let device: String = header(axum::http::header::USER_AGENT)
            .await
            .unwrap_or_default()
            .chars()
            .take(160)
            .collect();
        auth.session
            .insert(DEVICE, device)
            .await
            .map_err(internal)?;
        auth.session.insert(SEEN_AT, now).await.map_err(internal)
    }

    pub fn internal(error: impl std::fmt::Display) -> AppError {
        tracing::error!(%error, "session error");
        AppError::Internal
    }

    /// An error as a plain handler's answer (a download): its status and
    /// message, as a server function's would have.
    pub fn error_response(error: AppError) -> axum::response::Response {
        use axum::response::IntoResponse;
        let status = axum::http::StatusCode::from_u16(error.status())
            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        (status, error.to_string()).into_response()
    }

    /// A CSV file made as it is sent (each chunk a batch of rows): an
    /// attachment named `file_name` (ASCII), never sniffed nor stored.
    pub fn csv_stream(
        file_name: &str,
        body: impl futures_util::Stream<Item = Result<Vec<u8>, AppError>> + Send + 'static,
    ) -> axum::response::Response {
        use axum::http::header;
        use axum::response::IntoResponse;
        use futures_util::TryStreamExt;
        let body = body.map_err(|error| std::io::Error::other(error.to_string()));
        (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{file_name}\""),
                ),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            axum::body::Body::from_stream(body),
        )
            .into_response()
    }

    /// A file to download: its name (as an attachment, RFC 6266: an ASCII
    /// fallback and the UTF-8 name), its type, never sniffed nor stored.
    pub fn download(
        (name, media_type, bytes): (String, String, Vec<u8>),
    ) -> axum::response::Response {
        use axum::http::header;
        use axum::response::IntoResponse;
        let ascii: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_graphic() || c == ' ' {
                    c
                } else {
                    '_'
                }
            })
            .filter(|c| !matches!(c, '"' | '\\'))
            .collect();
        let encoded: String = name
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        (
            [
                (header::CONTENT_TYPE, media_type),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
                ),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            bytes,
        )
            .into_response()
    }
}
