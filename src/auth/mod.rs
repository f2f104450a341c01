//! Sign-in sessions (axum-login on tower-sessions, stored in our database) and
//! password hashing.

pub mod password;
pub mod sessions;
pub mod store;

/// The user row the session store read with the session, for this request's
/// `Backend::get_user`: axum-login asks the store for the session, then the
/// backend for its user, in two calls that share nothing else; a task-local
/// slot lets the second reuse the first's query (one query, not two, on
/// every signed-in request). Written here because neither crate offers it.
pub mod loaded_user {
    use std::cell::RefCell;

    use crate::domain::users::UserRecord;

    tokio::task_local! {
        static LOADED: RefCell<Option<UserRecord>>;
    }

    /// Runs a request with its slot (the router's layer around the
    /// session layers).
    pub async fn scope<F: std::future::Future>(request: F) -> F::Output {
        LOADED.scope(RefCell::new(None), request).await
    }

    /// Keeps the user read with the session (no slot: nothing kept).
    pub(super) fn keep(user: UserRecord) {
        let _ = LOADED.try_with(|slot| *slot.borrow_mut() = Some(user));
    }

    /// Takes the user kept for `user_id`, if the session load left it.
    pub(super) fn take(user_id: &str) -> Option<UserRecord> {
        LOADED
            .try_with(|slot| slot.borrow_mut().take())
            .ok()
            .flatten()
            .filter(|user| user.id == user_id)
    }
}

use axum_login::{AuthManagerLayer, AuthManagerLayerBuilder, AuthUser, AuthnBackend, UserId};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub use store::SqlSessionStore;

use crate::db::Db;
use crate::domain::users;
use crate::model::AppError;

/// Sessions end after this long without a request…
pub const INACTIVITY: time::Duration = time::Duration::hours(2);
/// …and this long after sign-in, however active.
pub const ABSOLUTE: time::Duration = time::Duration::hours(12);

pub type AuthSession = axum_login::AuthSession<Backend>;

/// What we keep in a session besides axum-login's data (all Unix seconds but
/// the device).
pub mod keys {
    pub const SIGNED_IN_AT: &str = "signed_in_at";
    pub const SEEN_AT: &str = "seen_at";
    /// The browser's User-Agent at sign-in, shortened, for the sessions list.
    pub const DEVICE: &str = "device";
}

/// Refresh the inactivity deadline at most this often: saving the session on
/// every request would be a database write per request.
pub const TOUCH_EVERY_SECS: i64 = 60;

/// What a request does with its session, given when it signed in and when it
/// was last refreshed (Unix seconds).
#[derive(Debug, PartialEq, Eq)]
pub enum SessionCheck {
    /// Past the absolute lifetime (or never marked): sign out.
    Expired,
    /// Valid; save it so the inactivity deadline moves.
    Touch,
    /// Valid and recently refreshed.
    Fresh,
}

pub fn check_session(now: i64, signed_in_at: Option<i64>, seen_at: Option<i64>) -> SessionCheck {
    match signed_in_at {
        Some(at) if now - at <= ABSOLUTE.whole_seconds() => {
            if seen_at.is_none_or(|seen| now - seen >= TOUCH_EVERY_SECS) {
                SessionCheck::Touch
            } else {
                SessionCheck::Fresh
            }
        }
        _ => SessionCheck::Expired,
    }
}

/// The signed-in user as the session knows them. Permissions are never kept
/// here: they are read from the database on every request.
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub id: String,
    /// The user's session generation, as axum-login's "auth hash": each
    /// session keeps the value it signed in with, and a password change or
    /// reset bumps it, which ends every session holding the old one. (Not
    /// the password hash: that would put a copy of it in every session row.)
    generation: String,
    /// Read with the user on every request, so a reset applies at once.
    pub must_change_password: bool,
    /// Name, email and language, read with the session (the shell shows
    /// them without another query).
    pub current: crate::model::CurrentUser,
}

impl From<users::UserRecord> for SessionUser {
    fn from(user: users::UserRecord) -> Self {
        SessionUser {
            current: user.current(),
            id: user.id,
            generation: user.session_generation.to_string(),
            must_change_password: user.must_change_password,
        }
    }
}

impl AuthUser for SessionUser {
    type Id = String;

    fn id(&self) -> String {
        self.id.clone()
    }

    fn session_auth_hash(&self) -> &[u8] {
        self.generation.as_bytes()
    }
}

pub use crate::model::account::Credentials;

/// What axum-login checks: the sign-in form and where it came from (the
/// client's address, for throttling; `None` when unknown).
pub struct Attempt {
    pub credentials: Credentials,
    pub client: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Backend {
    db: Db,
}

impl AuthnBackend for Backend {
    type User = SessionUser;
    type Credentials = Attempt;
    type Error = AppError;

    async fn authenticate(&self, attempt: Attempt) -> Result<Option<SessionUser>, AppError> {
        let Attempt {
            credentials,
            client,
        } = attempt;
        let (email, password) = (&credentials.email, &credentials.password);
        match users::authenticate(&self.db, email, password, client.as_deref()).await {
            Ok(user) => Ok(Some(user.into())),
            Err(AppError::BadCredentials) => Ok(None),
            Err(error) => Err(error),
        }
    }

    async fn get_user(&self, user_id: &UserId<Self>) -> Result<Option<SessionUser>, AppError> {
        if let Some(user) = loaded_user::take(user_id) {
            return Ok(Some(user.into()));
        }
        Ok(users::by_id(&self.db, user_id)
            .await?
            .map(SessionUser::from))
    }
}

#[derive(Clone, Debug)]
pub struct Config {
    /// Send the session cookie over HTTPS only. On by default; turn off with
    /// `SECURE_COOKIES=0` for plain-HTTP development.
    pub secure_cookies: bool,
    /// The site's address, for links in emails (`PUBLIC_URL`), without a
    /// trailing slash. Never taken from a request's Host header, which the
    /// sender chooses.
    pub public_url: String,
    /// Where the client's address comes from (`CLIENT_IP_SOURCE`): the
    /// connection (`ConnectInfo`, the default), or behind a reverse proxy
    /// the header it sets, e.g. `RightmostXForwardedFor` (the address the
    /// proxy itself saw, which the client cannot forge).
    pub client_ip_source: axum_client_ip::ClientIpSource,
    /// How long a sign-in refused for too many failures waits before
    /// answering (`SIGN_IN_REFUSAL_DELAY_MS`, default 1000): a tarpit, so a
    /// storm of refused attempts runs at the pace of its answers.
    pub refusal_delay: std::time::Duration,
}

impl Config {
    /// From `SECURE_COOKIES` and `PUBLIC_URL`; `listening` is the server's
    /// own address, the links' address in development.
    pub fn from_env(listening: std::net::SocketAddr) -> Result<Self, String> {
        let mut config = Config::new(
            std::env::var("SECURE_COOKIES").map_or(true, |v| v != "0"),
            std::env::var("PUBLIC_URL").ok(),
            listening,
        )?;
        if let Ok(source) = std::env::var("CLIENT_IP_SOURCE") {
            config.client_ip_source = source.parse().map_err(|_| {
                format!(
                    "CLIENT_IP_SOURCE {source:?} is not one of ConnectInfo, \
                     RightmostXForwardedFor, XRealIp, CfConnectingIp, FlyClientIp, \
                     TrueClientIp, CloudFrontViewerAddress, XEnvoyExternalAddress"
                )
            })?;
        }
        if let Ok(delay) = std::env::var("SIGN_IN_REFUSAL_DELAY_MS") {
            let ms = delay.parse::<u64>().map_err(|_| {
                format!("SIGN_IN_REFUSAL_DELAY_MS must be a number of milliseconds (got {delay:?})")
            })?;
            config.refusal_delay = std::time::Duration::from_millis(ms);
        }
        Ok(config)
    }

    /// Secure cookies mean a real deployment: its address must be given
    /// (development, over plain HTTP, links to the listening address).
    pub fn new(
        secure_cookies: bool,
        public_url: Option<String>,
        listening: std::net::SocketAddr,
    ) -> Result<Self, String> {
        let public_url = match public_url.map(|u| u.trim().trim_end_matches('/').to_string()) {
            Some(url) if url.starts_with("https://") || url.starts_with("http://") => url,
            Some(url) => return Err(format!("PUBLIC_URL must start with https:// (got {url:?})")),
            None if secure_cookies => {
                return Err("PUBLIC_URL is required when SECURE_COOKIES is on (e.g. \
                            PUBLIC_URL=https://partners.example.com); SECURE_COOKIES=0 for \
                            plain-HTTP development"
                    .into())
            }
            None => format!("http://{listening}"),
        };
        Ok(Config {
            secure_cookies,
            public_url,
            client_ip_source: axum_client_ip::ClientIpSource::ConnectInfo,
            refusal_delay: std::time::Duration::from_secs(1),
        })
    }

    /// Served over HTTPS: browsers are told to use nothing else (HSTS).
    pub fn https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// The session cookie's name. Over HTTPS it carries the `__Host-` prefix:
/// browsers then accept it only if it is Secure, for the whole site (Path=/)
/// and for this host alone (no Domain), so a sibling subdomain can't plant
/// or overwrite it. Plain HTTP (development) can't have the prefix.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-pp_session"
    } else {
        "pp_session"
    }
}

pub fn layer(db: Db, config: Config) -> AuthManagerLayer<Backend, SqlSessionStore> {
    let store = SqlSessionStore::new(db.clone());
    let cleanup = store.clone();
    tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            if let Err(error) = cleanup.delete_expired().await {
                tracing::warn!(%error, "could not delete expired sessions");
            }
        }
    });
    let sessions = SessionManagerLayer::new(store)
        .with_name(cookie_name(config.secure_cookies))
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(INACTIVITY));
    AuthManagerLayerBuilder::new(Backend { db }, sessions).build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secure_cookies_need_the_public_address_and_development_links_to_the_listening_one() {
        let listening: std::net::SocketAddr = "127.0.0.1:3000".parse().expect("address");
        assert!(Config::new(true, None, listening).is_err());
        assert!(Config::new(true, Some("partners.example.com".into()), listening).is_err());
        let deployed = Config::new(
            true,
            Some("https://partners.example.com/".into()),
            listening,
        )
        .expect("config");
        assert_eq!(deployed.public_url, "https://partners.example.com");
        assert!(deployed.https());
        let development = Config::new(false, None, listening).expect("config");
        assert_eq!(development.public_url, "http://127.0.0.1:3000");
        assert!(!development.https());
    }

    #[test]
    fn a_session_ends_at_its_absolute_lifetime_however_active() {
        let start = 1_000_000;
        let limit = start + ABSOLUTE.whole_seconds();
        assert_eq!(
            check_session(limit, Some(start), Some(limit)),
            SessionCheck::Fresh
        );
        assert_eq!(
            check_session(limit + 1, Some(start), Some(limit)),
            SessionCheck::Expired
        );
        assert_eq!(check_session(start, None, None), SessionCheck::Expired);
    }

    #[test]
    fn an_active_session_is_refreshed_at_most_once_a_minute() {
        let start = 1_000_000;
        assert_eq!(
            check_session(start + 30, Some(start), Some(start)),
            SessionCheck::Fresh
        );
        assert_eq!(
            check_session(start + 60, Some(start), Some(start)),
            SessionCheck::Touch
        );
        assert_eq!(
            check_session(start + 5, Some(start), None),
            SessionCheck::Touch
        );
    }
}
