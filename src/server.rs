//! The HTTP application (server only): pages, server functions, built assets,
//! logos, sessions. `main.rs` serves it; the integration tests drive it.

use axum::http::{header, HeaderValue};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::app::{shell, App};
use crate::db::Db;

pub mod assets;
mod cross_site;
pub mod head;
pub(crate) mod request_tasks;
mod requests;

/// The largest request body the server reads…
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// …but for a tax exemption's certificate (4 MB and its form).
pub const MAX_UPLOAD_BYTES: usize = crate::model::tax_exemption::CERTIFICATE_MAX_BYTES + 64 * 1024;
/// A month's price list (about 60,000 rows, ~7 MB) with room to spare.
pub const MAX_PRICE_FILE_BYTES: usize = 32 * 1024 * 1024;
/// The longest any request may take before it answers 503.
pub const REQUEST_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

/// The app's routes, generated once per process. While Leptos generates
/// them it suppresses every resource load in the whole process (a global
/// flag, `leptos_server::SuppressResourceLoad`; leptos-rs/leptos#4773): a
/// page rendering meanwhile, on any thread, waits forever for its data.
/// One server builds its router once, before serving; the integration
/// tests build one per test while others render pages, and one hung that
/// way (stop 25's CI). Generated once (other callers wait for it), no page
/// can render before they exist.
pub fn routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(pool: Db, options: LeptosOptions, auth: crate::auth::Config) -> Router {
    // Before leptos_axum sets its own (it keeps an executor already set).
    let _ = any_spawner::Executor::init_custom_executor(RequestScopedExecutor);
    let routes = routes();
    let app = Router::new()
        .leptos_routes_with_context(
            &options,
            routes,
            {
                let pool = pool.clone();
                let auth = auth.clone();
                move || {
                    provide_context(pool.clone());
                    provide_context(auth.clone());
                }
            },
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        .route(
            "/",
            axum::routing::get({
                let pool = pool.clone();
                move |auth: crate::auth::AuthSession| {
                    crate::api::auth::root_response(pool.clone(), auth)
                }
            }),
        )
        .route(
            "/healthz",
            axum::routing::get({
                let pool = pool.clone();
                move || health(pool.clone())
            }),
        )
        .route(
            "/a/{partner_id}/tax-exemptions/{exemption_id}/certificate",
            axum::routing::get({
                let pool = pool.clone();
                move |axum::extract::Path((partner_id, exemption_id)): axum::extract::Path<(
                    String,
                    String,
                )>,
                      auth: crate::auth::AuthSession| {
                    let pool = pool.clone();
                    crate::api::tax_exemptions::certificate_response(
                        pool,
                        auth,
                        partner_id,
                        exemption_id,
                    )
                }
            }),
        )
        .route(
            "/a/{partner_id}/activity.csv",
            axum::routing::get({
                let pool = pool.clone();
                move |axum::extract::Path(partner_id): axum::extract::Path<String>,
                      axum::extract::Query(filter): axum::extract::Query<
                    crate::model::activity::ActivityFilter,
                >,
                      auth: crate::auth::AuthSession| {
                    crate::api::activity::csv_response(pool.clone(), auth, partner_id, filter)
                }
            }),
        )
        .route(
            "/a/{partner_id}/pricing.csv",
            axum::routing::get({
                let pool = pool.clone();
                move |axum::extract::Path(partner_id): axum::extract::Path<String>,
                      axum::extract::Query(filter): axum::extract::Query<
                    crate::model::pricing::PriceFilter,
                >,
                      auth: crate::auth::AuthSession| {
                    crate::api::pricing::csv_response(pool.clone(), auth, partner_id, filter)
                }
            }),
        )
        // Logos are bytes in the database, not pages.
        .route(
            "/partners/{partner_id}/logo",
            axum::routing::get({
                let pool = pool.clone();
                move |axum::extract::Path(partner_id): axum::extract::Path<String>| {
                    let pool = pool.clone();
                    async move { crate::api::business::logo_response(pool, &partner_id).await }
                }
            }),
        )
        // The built assets, served directly. (leptos_axum's file handler,
        // below, applies a response status left in the thread's reactive
        // context by a page rendering at the same time: under load it
        // answered some wasm files with 404 and the page never hydrated.)
        // Pages name them under their content's prefix, kept for a year (see
        // `assets`); their plain address is revalidated (a 304 when unchanged).
        .nest_service(
            &format!("/{}", options.site_pkg_dir),
            built_assets(&options, "no-cache"),
        );
    let versioned = assets::init(&options);
    let app = if versioned.is_empty() {
        app
    } else {
        app.nest_service(
            &format!("{versioned}/{}", options.site_pkg_dir),
            built_assets(&options, "public, max-age=31536000, immutable"),
        )
    };
    let app = app
        .fallback(leptos_axum::file_and_error_handler(shell))
        .with_state(options);
    // The middleware wraps the whole application once, outermost first.
    // (`Router::layer` wraps each route by itself, boxed: a request then
    // cloned the whole stack below each layer, boxes and LeptosOptions
    // included, about 200 allocations before any rendering.)
    Router::new().fallback_service(app).layer(
        tower::ServiceBuilder::new()
            // Pages and server-function answers compressed on the fly; responses
            // already compressed (the assets) or not worth it (images) pass as
            // they are.
            .layer(CompressionLayer::new())
            // Every request gets an id (or keeps the proxy's `x-request-id`),
            // returned in its response and named on each log line it causes.
            .layer(tower_http::request_id::SetRequestIdLayer::x_request_id(
                tower_http::request_id::MakeRequestUuid,
            ))
            .layer(tower_http::request_id::PropagateRequestIdLayer::x_request_id())
            .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(request_span))
            // A request still unanswered after this (the slowest real one, a
            // month's price list over a slow line, takes seconds) answers 503,
            // logged as an error by the trace layer above, instead of holding
            // its connection for good: Leptos has known rare hangs in server
            // rendering (leptos-rs/leptos#4673, #4851).
            .layer(tower_http::timeout::TimeoutLayer::with_status_code(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                REQUEST_LIMIT,
            ))
            // Over HTTPS, browsers are told to use nothing else for a year.
            .layer(SetResponseHeaderLayer::if_not_present(
                header::STRICT_TRANSPORT_SECURITY,
                auth.https()
                    .then(|| HeaderValue::from_static("max-age=31536000")),
            ))
            // No page may be framed by another site (clickjacking of Remove
            // member, Reset password…), no response sniffed into another type,
            // and no address of ours sent to other sites. (Pages carry their
            // full policy, with a nonce: `content_security_policy`.)
            .layer(SetResponseHeaderLayer::overriding(
                header::REFERRER_POLICY,
                HeaderValue::from_static("same-origin"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_FRAME_OPTIONS,
                HeaderValue::from_static("DENY"),
            ))
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("frame-ancestors 'none'"),
            ))
            // Pages and server-function answers hold account data: never kept
            // by the browser or a proxy (a response that says otherwise, like a
            // logo or an asset, keeps its own).
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-store"),
            ))
            // The app's checks, then the request's scopes (see
            // `around_requests`).
            .layer(axum::middleware::from_fn_with_state(
                Arc::new(Around {
                    public_url: auth.public_url.clone(),
                    client_ip_source: auth.client_ip_source.clone(),
                }),
                around_requests,
            ))
            .layer(crate::auth::layer(pool, auth.clone())),
    )
}

/// The built assets' folder, with its brotli or gzip files written by the
/// build (`--precompress`) when the browser takes them, and `cache`.
fn built_assets(
    options: &LeptosOptions,
    cache: &'static str,
) -> tower_http::set_header::SetResponseHeader<ServeDir, HeaderValue> {
    use tower::Layer as _;
    SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static(cache))
        .layer(
            ServeDir::new(format!("{}/{}", options.site_root, options.site_pkg_dir))
                .precompressed_br()
                .precompressed_gzip(),
        )
}

/// The span each request's log lines are named by: its id, method and path.
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!("request", id, method = %request.method(), path = request.uri().path())
}

/// What `around_requests` needs of the configuration.
struct Around {
    public_url: String,
    client_ip_source: axum_client_ip::ClientIpSource,
}

/// The app's checks and the request's scopes, in one layer: each `from_fn`
/// layer clones the whole stack inside it on every request, and these were
/// six (about 10,000 instructions a page; callgrind, stop 39).
async fn around_requests(
    axum::extract::State(config): axum::extract::State<Arc<Around>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    // No body past its limit; a server function gets the body it decodes,
    // and no NUL (see `requests`).
    let mut request = match requests::checked(request).await {
        Ok(request) => request,
        Err(refusal) => return refusal,
    };
    // Another site's forms and scripts change nothing here (see
    // `cross_site`); answered before the session is even read.
    if cross_site::is_cross_site(request.method(), request.headers(), &config.public_url) {
        return (
            axum::http::StatusCode::FORBIDDEN,
            "cross-site request refused",
        )
            .into_response();
    }
    // Where sign-ins read the client's address from (throttling).
    request
        .extensions_mut()
        .insert(config.client_ip_source.clone());
    // The session's user is read once, and a page's rendering shares its
    // reads of the access gate (see `access::request_cache`; changes, any
    // other method, never do).
    let shares_gate_reads = request.method() == axum::http::Method::GET;
    let work = crate::auth::loaded_user::scope(async move {
        if shares_gate_reads {
            let loader = crate::domain::accounts::gate_and_shell_loader();
            crate::domain::access::request_cache::scope(Some(loader), next.run(request)).await
        } else {
            next.run(request).await
        }
    });
    // The tasks a request spawns stop before its page, or its work given up
    // half-way, is dropped (see `request_tasks`).
    request_tasks::run(work).await
}

/// The Content-Security-Policy of a page: scripts only from this site or
/// inline with this response's nonce (Leptos puts it on its hydration and
/// streaming scripts), WebAssembly compiled from them, styles and images
/// from this site, no plugins, no `<base>`, forms posting here only, never
/// framed. An injected `<script>` or `onclick=` has no nonce: the browser
/// refuses to run it.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Puts the page's Content-Security-Policy, with the nonce leptos_axum made
/// for this response, on the response being rendered (called by the
/// document shell; other responses keep the router's `frame-ancestors`).
pub fn send_content_security_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if let Ok(value) = HeaderValue::from_str(&content_security_policy(&nonce)) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// `GET /healthz`: 200 when the database answers and the outbox isn't stuck,
/// else 503; the figures as JSON, for an uptime check or a load balancer.
async fn health(pool: Db) -> axum::response::Response {
    use axum::response::IntoResponse;
    let (status, body) = match crate::domain::outbox::health(&pool).await {
        Ok(outbox) => {
            let ok = !outbox.is_stuck();
            let body = serde_json::json!({
                "status": if ok { "ok" } else { "outbox stuck" },
                "database": "ok",
                "outbox": outbox,
            });
            (ok, body)
        }
        Err(error) => {
            tracing::warn!(?error, "health check: database unreachable");
            let body =
                serde_json::json!({ "status": "database unreachable", "database": "unreachable" });
            (false, body)
        }
    };
    let status = if status {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::SERVICE_UNAVAILABLE
    };
    (status, axum::Json(body)).into_response()
}

/// Tokio, as leptos_axum would set it, but a task spawned while rendering a
/// page (each resource's loading) keeps the page's gate cache
/// (`access::request_cache`): task-local values don't cross `tokio::spawn`
/// by themselves; and it is one of its request's tasks (`request_tasks`).
struct RequestScopedExecutor;

impl any_spawner::CustomExecutor for RequestScopedExecutor {
    fn spawn(&self, task: any_spawner::PinnedFuture<()>) {
        use crate::domain::access::request_cache;
        request_tasks::spawn(request_cache::within(request_cache::current(), task));
    }

    fn spawn_local(&self, task: any_spawner::PinnedLocalFuture<()>) {
        use crate::domain::access::request_cache;
        tokio::task::spawn_local(request_cache::within(request_cache::current(), task));
    }

    fn poll_local(&self) {}
}
