//! Server functions over HTTP, through the whole application (`server::router`):
//! each kind of error leaves with its own status (`AppError::status`) and the
//! error as its body (postcard); "not yours" and "does not exist" are the same.

use axum::body::Body;
use axum::http::{header, Request};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use partner_portal::db::Db;
use partner_portal::domain::{billing, programs};
use partner_portal::model::{AppError, Program, Role};
use tower::ServiceExt;

pub(crate) struct Reply {
    pub status: u16,
    /// The body as text, for messages and for comparing two answers (an
    /// error is postcard: see `error`).
    pub body: String,
    pub cookie: Option<String>,
    bytes: Vec<u8>,
}

impl Reply {
    /// A successful answer's value (server functions answer in postcard).
    pub fn value<T: serde::de::DeserializeOwned>(&self) -> T {
        postcard::from_bytes(&self.bytes).expect("a postcard answer")
    }

    /// A refusal's error (errors travel in postcard too).
    pub fn error(&self) -> AppError {
        postcard::from_bytes(&self.bytes).expect("a postcard error")
    }
}

/// POSTs a form to a server function, as the browser's `fetch` does.
pub(crate) async fn call(
    app: &axum::Router,
    endpoint: &str,
    form: &str,
    cookie: Option<&str>,
) -> Reply {
    let mut request = Request::post(format!("/api/{endpoint}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::CONTENT_LENGTH, form.len())
        .header(header::ACCEPT, "application/json");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::from(form.to_string())).expect("request"))
        .await
        .expect("response");
    let status = response.status().as_u16();
    let cookie =
        session_cookie(response.headers()).map(|v| v.split(';').next().unwrap_or(v).to_string());
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Reply {
        status,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        cookie,
        bytes: bytes.to_vec(),
    }
}

/// Sends one request through the whole application: status, headers, body.
pub(crate) async fn send(
    app: &axum::Router,
    request: Request<Body>,
) -> (u16, axum::http::HeaderMap, axum::body::Bytes) {
    let response = app.clone().oneshot(request).await.expect("response");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (status, headers, body)
}

pub(crate) async fn sign_in(app: &axum::Router, email: &str) -> String {
    let reply = call(
        app,
        "sign_in",
        &format!(
            "form[email]={email}&form[password]={}",
            crate::common::PASSWORD.replace(' ', "+")
        ),
        None,
    )
    .await;
    assert_eq!(reply.status, 200, "sign in {email}: {}", reply.body);
    reply.cookie.expect("session cookie")
}

/// Creates the test's operator (`common::operator`) and signs them in.
pub(crate) async fn sign_in_operator(app: &axum::Router, db: &Db) -> String {
    crate::common::operator(db).await;
    call(
        app,
        "sign_in",
        "form[email]=olivia%40vendor.example&form[password]=a+long+enough+password",
        None,
    )
    .await
    .cookie
    .expect("operator cookie")
}

pub(crate) fn app(db: &Db) -> axum::Router {
    app_with(db, false, std::time::Duration::ZERO)
}

/// Over HTTPS (secure cookies) or plain HTTP, as a deployment or
/// development runs it.
fn app_with(db: &Db, secure_cookies: bool, refusal_delay: std::time::Duration) -> axum::Router {
    let options = LeptosOptions::builder()
        .output_name("partner_portal")
        .site_root("target/site")
        .build();
    let auth = partner_portal::auth::Config {
        secure_cookies,
        public_url: if secure_cookies {
            "https://partners.example.com".into()
        } else {
            "http://127.0.0.1:3000".into()
        },
        // The tests name the client in the header a proxy would set.
        client_ip_source: axum_client_ip::ClientIpSource::RightmostXForwardedFor,
        refusal_delay,
    };
    partner_portal::server::router(db.clone(), options, auth)
}

const BILLING: &str = "profile[address_line1]=1+rue+de+la+Paix&profile[city]=Paris\
    &profile[postal_code]=75002&profile[country]=FR&profile[currency]=EUR\
    &profile[contact_name]=Ana&profile[contact_email]=billing%40contoso.example";

async fn every_error_leaves_with_its_own_status(db: Db) {
    let app = app(&db);
    let ana = crate::common::sign_up(&db, "ana@contoso.example").await;
    programs::enroll(&db, &ana.user_id, ana.partner_id, Program::Mpn)
        .await
        .expect("enroll");
    let bob = crate::common::sign_up(&db, "bob@fabrikam.example").await;
    crate::common::join(&db, ana.partner_id, &bob.user_id, &[Role::SalesAgent]).await;
    let pid = ana.partner_id;

    // 401: no session.
    let reply = call(&app, "billing_profile", &format!("partner_id={pid}"), None).await;
    assert_eq!((reply.status, reply.error()), (401, AppError::NotSignedIn));

    // 401: wrong password, the same answer whether the email exists or not.
    let wrong = call(
        &app,
        "sign_in",
        "form[email]=ana%40contoso.example&form[password]=nope",
        None,
    )
    .await;
    let unknown = call(
        &app,
        "sign_in",
        "form[email]=who%40contoso.example&form[password]=nope",
        None,
    )
    .await;
    assert_eq!(
        (wrong.status, wrong.error()),
        (401, AppError::BadCredentials)
    );
    assert_eq!((unknown.status, unknown.body), (wrong.status, wrong.body));

    let ana_cookie = sign_in(&app, "ana@contoso.example").await;
    let bob_cookie = sign_in(&app, "bob@fabrikam.example").await;

    // 200 with the data.
    let reply = call(
        &app,
        "billing_profile",
        &format!("partner_id={pid}"),
        Some(&ana_cookie),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);

    // 404: another account's id and an id that doesn't exist look the same.
    let theirs = call(
        &app,
        "billing_profile",
        &format!("partner_id={}", bob.partner_id),
        Some(&ana_cookie),
    )
    .await;
    let none = call(&app, "billing_profile", "partner_id=1", Some(&ana_cookie)).await;
    assert_eq!((theirs.status, theirs.error()), (404, AppError::NotFound));
    assert_eq!((none.status, none.body), (theirs.status, theirs.body));

    // 400: arguments that can't be read.
    let reply = call(&app, "billing_profile", "partner_id=abc", Some(&ana_cookie)).await;
    assert_eq!(reply.status, 400, "{}", reply.body);

    // 403: a Sales agent saving the billing profile.
    let reply = call(
        &app,
        "save_billing_profile",
        &format!("partner_id={pid}&version=0&{BILLING}"),
        Some(&bob_cookie),
    )
    .await;
    assert_eq!((reply.status, reply.error()), (403, AppError::Forbidden));

    // 422: a field error, named in the body.
    let reply = call(
        &app,
        "save_billing_profile",
        &format!("partner_id={pid}&version=0&{BILLING}&profile[tax_id]=nope"),
        Some(&ana_cookie),
    )
    .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    let fields: Vec<String> = reply
        .error()
        .field_errors()
        .iter()
        .map(|e| e.field.clone())
        .collect();
    assert_eq!(fields, ["tax_id"]);

    // 200, then 409 for a save over the version that save replaced.
    let reply = call(
        &app,
        "save_billing_profile",
        &format!("partner_id={pid}&version=0&{BILLING}"),
        Some(&ana_cookie),
    )
    .await;
    assert_eq!((reply.status, reply.value::<i64>()), (200, 1));
    let reply = call(
        &app,
        "save_billing_profile",
        &format!("partner_id={pid}&version=0&{BILLING}"),
        Some(&ana_cookie),
    )
    .await;
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert!(
        matches!(reply.error(), AppError::EditedMeanwhile(Some(_))),
        "{:?}",
        reply.error()
    );
    let saved = billing::billing_profile(&db, &ana.user_id, pid)
        .await
        .expect("load");
    assert_eq!(saved.version, 1, "the refused save changed nothing");

    // 429: too many failed sign-ins for one email, answered only after the
    // refusal delay (a tarpit for sign-in storms).
    let delay = std::time::Duration::from_millis(300);
    let slow = app_with(&db, false, delay);
    let mut last = (0, std::time::Duration::ZERO);
    for _ in 0..6 {
        let started = std::time::Instant::now();
        let status = call(
            &slow,
            "sign_in",
            "form[email]=bob%40fabrikam.example&form[password]=nope",
            None,
        )
        .await
        .status;
        last = (status, started.elapsed());
    }
    assert_eq!(last.0, 429);
    assert!(last.1 >= delay, "answered after {:?}", last.1);

    // A page that doesn't exist here is a 404 page too.
    let response = app
        .clone()
        .oneshot(
            Request::get(format!("/a/{}/settings/partner/billing", bob.partner_id))
                .header(header::COOKIE, &ana_cookie)
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(response.status().as_u16(), 404);
}

on_both_databases!(every_error_leaves_with_its_own_status);

async fn get(app: &axum::Router, path: &str) -> (u16, axum::http::HeaderMap, String) {
    let (status, headers, bytes) = send(
        app,
        Request::get(path).body(Body::empty()).expect("request"),
    )
    .await;
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// Pages and answers can't be framed or sniffed; a body over the limit is
/// refused before any work (no sign-in attempt is counted).
async fn responses_carry_protective_headers_and_bodies_are_bounded(db: Db) {
    let app = app(&db);
    crate::common::sign_up(&db, "ana@contoso.example").await;
    let (status, headers, _) = get(&app, "/signin").await;
    assert_eq!(status, 200);
    // Each response names its request, as its log lines do.
    assert_eq!(
        headers.get("x-request-id").map(|v| v.len()),
        Some(36),
        "a UUID"
    );
    for (name, value) in [
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
        ("cache-control", "no-store"),
    ] {
        assert_eq!(
            headers.get(name).and_then(|v| v.to_str().ok()),
            Some(value),
            "{name}"
        );
    }
    let big = format!(
        "form[email]=ana%40contoso.example&form[password]={}",
        "x".repeat(partner_portal::server::MAX_BODY_BYTES)
    );
    let reply = call(&app, "sign_in", &big, None).await;
    assert_eq!(reply.status, 413);
    let failures = crate::common::count(
        &db,
        "SELECT COUNT(*) FROM sign_in_failures WHERE email = $1",
        "ana@contoso.example",
    )
    .await;
    assert_eq!(failures, 0);
}

on_both_databases!(responses_carry_protective_headers_and_bodies_are_bounded);

/// Another site's forms and scripts change nothing: a POST marked
/// cross-site, or from a foreign Origin, is refused (403) before any work;
/// our own pages' requests pass.
async fn requests_forged_by_other_sites_are_refused(db: Db) {
    let app = app(&db);
    crate::common::sign_up(&db, "ana@contoso.example").await;
    let attempt = |headers: &'static [(&'static str, &'static str)]| {
        let app = app.clone();
        async move {
            let form = "form[email]=ana%40contoso.example&form[password]=wrong";
            let mut request = Request::post("/api/sign_in")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json");
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            let response = app
                .oneshot(request.body(Body::from(form)).expect("request"))
                .await
                .expect("response");
            response.status().as_u16()
        }
    };
    assert_eq!(attempt(&[("sec-fetch-site", "cross-site")]).await, 403);
    assert_eq!(attempt(&[("origin", "https://evil.example")]).await, 403);
    let failures = || {
        crate::common::count(
            &db,
            "SELECT COUNT(*) FROM sign_in_failures WHERE email = $1",
            "ana@contoso.example",
        )
    };
    assert_eq!(failures().await, 0, "refused before any work");
    // Our own page (the test server's public URL is http://127.0.0.1:3000).
    assert_eq!(attempt(&[("sec-fetch-site", "same-origin")]).await, 401);
    assert_eq!(attempt(&[("origin", "http://127.0.0.1:3000")]).await, 401);
    assert_eq!(failures().await, 2);
}

on_both_databases!(requests_forged_by_other_sites_are_refused);

/// `/healthz`: 200 with the figures while the database answers and no
/// email is overdue; 503 once one has waited past the limit.
async fn health_reports_the_database_and_the_outbox(db: Db) {
    let app = app(&db);
    let (status, _, body) = get(&app, "/healthz").await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""database":"ok""#), "{body}");
    assert!(body.contains(r#""waiting":0"#), "{body}");
    let long_ago = partner_portal::db::now() - 3600;
    sqlx::query(
        "INSERT INTO outbox (id, recipient, subject, body, created_at, attempts, next_attempt_at)
         VALUES ('stuck', 'a@b.example', 's', 'b', $1, 0, 0)",
    )
    .bind(long_ago)
    .execute(&db)
    .await
    .expect("insert");
    let (status, _, body) = get(&app, "/healthz").await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains(r#""waiting":1"#), "{body}");
}

on_both_databases!(health_reports_the_database_and_the_outbox);

/// The router's table (`app.rs`) and the page catalog (`model::page`) name
/// the same account pages: a page added to one and forgotten in the other
/// fails here.
#[tokio::test]
async fn every_page_of_the_catalog_has_a_route() {
    use partner_portal::model::page::Page;
    let routes: Vec<String> = partner_portal::server::routes()
        .into_iter()
        .map(|route| route.path().to_string())
        .collect();
    for page in Page::all() {
        let path = page
            .path()
            .replace(":user_id", "{user_id}")
            .replace(":location_id", "{location_id}");
        let expected = if path.is_empty() {
            "/a/{pid}".to_string()
        } else {
            format!("/a/{{pid}}/{path}")
        };
        let routed = routes.iter().any(|r| {
            r.trim_end_matches('/') == expected
                || (r.contains("{area}")
                    && r.replace("{area}", page.area().map_or("?", |a| a.code())) == expected)
                || (r.contains("{program}") && matches!(page, Page::Program(p) if r.replace("{program}", p.code()) == expected))
        });
        assert!(routed, "{page:?} ({expected}) has no route in {routes:?}");
    }
}

/// Routers built while pages render (as the tests do, one router each)
/// never stall a page: Leptos suppresses every resource load in the process
/// while it generates a route list, so the routes are generated once
/// (`server::routes`). Before, a page rendered meanwhile waited forever.
async fn building_routers_never_stalls_a_page_being_rendered(db: Db) {
    let ana = crate::common::sign_up(&db, "ana@contoso.example").await;
    let app = app(&db);
    let cookie = sign_in(&app, "ana@contoso.example").await;
    let building = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let builder = {
        let (db, building) = (db.clone(), building.clone());
        std::thread::spawn(move || {
            // A test of its own, as another test's thread would be.
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            let _inside = runtime.enter();
            while building.load(std::sync::atomic::Ordering::Relaxed) {
                drop(app_with(&db, false, std::time::Duration::ZERO));
            }
        })
    };
    for _ in 0..40 {
        let request = Request::get(format!("/a/{}", ana.partner_id))
            .header(header::COOKIE, &cookie)
            .header(header::ACCEPT, "text/html")
            .body(Body::empty())
            .expect("request");
        let answered =
            tokio::time::timeout(std::time::Duration::from_secs(10), send(&app, request)).await;
        let Ok((status, _, _)) = answered else {
            building.store(false, std::sync::atomic::Ordering::Relaxed);
            panic!("the account home was still rendering after 10 s");
        };
        assert_eq!(status, 200);
    }
    building.store(false, std::sync::atomic::Ordering::Relaxed);
    builder.join().expect("the router builder");
}

on_both_databases!(building_routers_never_stalls_a_page_being_rendered);

/// Over HTTPS the session cookie is `__Host-` prefixed, Secure, HttpOnly,
/// for the whole site and this host only.
async fn the_secure_session_cookie_is_host_only(db: Db) {
    crate::common::sign_up(&db, "ana@contoso.example").await;
    let app = app_with(&db, true, std::time::Duration::ZERO);
    let form = format!(
        "form[email]=ana%40contoso.example&form[password]={}",
        crate::common::PASSWORD.replace(' ', "+")
    );
    let request = Request::post("/api/sign_in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(form))
        .expect("request");
    let response = app.oneshot(request).await.expect("response");
    assert_eq!(response.status().as_u16(), 200);
    let cookie = session_cookie(response.headers())
        .expect("a session cookie")
        .to_string();
    assert!(cookie.starts_with("__Host-pp_session="), "{cookie}");
    for part in ["Secure", "HttpOnly", "Path=/", "SameSite=Lax"] {
        assert!(cookie.split("; ").any(|p| p == part), "{part} in {cookie}");
    }
    assert!(!cookie.contains("Domain="), "{cookie}");
    // HTTPS only, from now on (HSTS); not said over plain HTTP.
    let (_, headers, _) = get(&app_with(&db, true, std::time::Duration::ZERO), "/signin").await;
    assert_eq!(
        headers
            .get("strict-transport-security")
            .and_then(|v| v.to_str().ok()),
        Some("max-age=31536000")
    );
    let (_, headers, _) = get(&app_with(&db, false, std::time::Duration::ZERO), "/signin").await;
    assert!(headers.get("strict-transport-security").is_none());
}

on_both_databases!(the_secure_session_cookie_is_host_only);

/// Signing in again over a signed-in session gives a new session id; the
/// old one no longer signs anyone in.
async fn signing_in_again_renews_the_session_id(db: Db) {
    let ana = crate::common::sign_up(&db, "ana@contoso.example").await;
    let app = app(&db);
    let first = sign_in(&app, "ana@contoso.example").await;
    let form = format!(
        "form[email]=ana%40contoso.example&form[password]={}",
        crate::common::PASSWORD.replace(' ', "+")
    );
    let again = call(&app, "sign_in", &form, Some(&first)).await;
    assert_eq!(again.status, 200, "{}", again.body);
    let second = again.cookie.expect("a new session cookie");
    assert_ne!(first, second);
    let pid = format!("partner_id={}", ana.partner_id);
    let old = call(&app, "shell", &pid, Some(&first)).await;
    assert_eq!(old.status, 401, "{}", old.body);
    let new = call(&app, "shell", &pid, Some(&second)).await;
    assert_eq!(new.status, 200, "{}", new.body);
}

on_both_databases!(signing_in_again_renews_the_session_id);

/// The shell's "Sign out" is a plain form (the shell is the server's HTML):
/// the browser's post ends the session and is sent on to the
/// sign-in page.
async fn signing_out_by_a_plain_form_leads_to_the_sign_in_page(db: Db) {
    let ana = crate::common::sign_up(&db, "ana@contoso.example").await;
    let app = app(&db);
    let session = sign_in(&app, "ana@contoso.example").await;
    let request = Request::post("/api/sign_out")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header("sec-fetch-site", "same-origin")
        .header(header::COOKIE, &session)
        .body(Body::from("leave=true"))
        .expect("request");
    let (status, headers, _) = send(&app, request).await;
    assert_eq!(status, 302);
    let location = headers.get(header::LOCATION).and_then(|v| v.to_str().ok());
    assert_eq!(location, Some("/signin"));
    let pid = format!("partner_id={}", ana.partner_id);
    assert_eq!(call(&app, "shell", &pid, Some(&session)).await.status, 401);
}

on_both_databases!(signing_out_by_a_plain_form_leads_to_the_sign_in_page);

/// "/" sends each visitor on with a real 302, whatever the load: to sign-in
/// when signed out, to the first account's home, or to the password change
/// a temporary password requires (answered by the router, not a page).
async fn the_root_address_redirects_to_the_users_home(db: Db) {
    let ana = crate::common::sign_up(&db, "ana@contoso.example").await;
    let app = app(&db);
    let root = |cookie: Option<String>| {
        let app = app.clone();
        async move {
            let mut request = Request::get("/").header(header::ACCEPT, "text/html");
            if let Some(cookie) = cookie {
                request = request.header(header::COOKIE, cookie);
            }
            let (status, headers, _) =
                send(&app, request.body(Body::empty()).expect("request")).await;
            let location = headers
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            (status, location)
        }
    };
    assert_eq!(root(None).await, (302, Some("/signin".to_string())));
    let session = sign_in(&app, "ana@contoso.example").await;
    let home = format!("/a/{}", ana.partner_id);
    // Many at once, as pages render beside them.
    let answers =
        futures_util::future::join_all((0..40).map(|_| root(Some(session.clone())))).await;
    assert!(
        answers.iter().all(|a| *a == (302, Some(home.clone()))),
        "{answers:?}"
    );
    sqlx::query("UPDATE users SET must_change_password = 1 WHERE id = $1")
        .bind(&ana.user_id)
        .execute(&db)
        .await
        .expect("temporary password");
    assert_eq!(
        root(Some(session)).await,
        (302, Some("/password".to_string()))
    );
}

on_both_databases!(the_root_address_redirects_to_the_users_home);

/// A session row holds the user's session generation, never a copy of the
/// password hash; a password change bumps the generation, which signs out a
/// session even if its row were still there.
async fn sessions_hold_a_generation_not_the_password_hash(db: Db) {
    let ana = crate::common::sign_up(&db, "ana@contoso.example").await;
    let app = app(&db);
    let cookie = sign_in(&app, "ana@contoso.example").await;
    let (hash,): (String,) = sqlx::query_as("SELECT password_hash FROM users WHERE id = $1")
        .bind(&ana.user_id)
        .fetch_one(&db)
        .await
        .expect("hash");
    let (id, data): (String, String) =
        sqlx::query_as("SELECT id, data FROM sessions WHERE user_id = $1")
            .bind(&ana.user_id)
            .fetch_one(&db)
            .await
            .expect("session");
    assert!(!data.contains(&hash), "{data}");
    assert!(!data.contains("argon2"), "{data}");
    let pid = format!("partner_id={}", ana.partner_id);
    assert_eq!(call(&app, "shell", &pid, Some(&cookie)).await.status, 200);
    // Changed elsewhere, keeping this session's row: the generation moved on.
    partner_portal::domain::my_profile::change_password(
        &db,
        &ana.user_id,
        crate::common::PASSWORD,
        "a brand new secret",
        Some(&id),
    )
    .await
    .expect("change");
    let after = call(&app, "shell", &pid, Some(&cookie)).await;
    assert_eq!(after.status, 401, "{}", after.body);
}

on_both_databases!(sessions_hold_a_generation_not_the_password_hash);

/// A failed sign-in is counted against the client's address as the
/// configured source reports it (here the proxy's X-Forwarded-For, whose
/// rightmost entry the proxy wrote: the client can't choose it).
async fn failed_sign_ins_are_counted_per_client_address(db: Db) {
    crate::common::sign_up(&db, "ana@contoso.example").await;
    let app = app(&db);
    let request = Request::post("/api/sign_in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header("x-forwarded-for", "10.9.9.9, 203.0.113.5")
        .body(Body::from(
            "form[email]=ana%40contoso.example&form[password]=wrong",
        ))
        .expect("request");
    let (status, _, _) = send(&app, request).await;
    assert_eq!(status, 401);
    let (client,): (String,) = sqlx::query_as("SELECT client FROM sign_in_failures")
        .fetch_one(&db)
        .await
        .expect("failure");
    assert_eq!(client, "203.0.113.5");
}

on_both_databases!(failed_sign_ins_are_counted_per_client_address);

/// Every page carries a strict Content-Security-Policy whose nonce is the
/// one on its own inline scripts, new for each response; a signed-in page,
/// a streamed one and the not-found page alike.
async fn pages_carry_a_content_security_policy_with_their_own_nonce(db: Db) {
    let ana = crate::common::sign_up(&db, "ana@contoso.example").await;
    let app = app(&db);
    let cookie = sign_in(&app, "ana@contoso.example").await;
    let policy_of = |headers: &axum::http::HeaderMap| {
        headers
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let mut nonces = Vec::new();
    let home = format!("/a/{}", ana.partner_id);
    for (path, cookie) in [
        ("/signin", None),
        ("/signin", None),
        (home.as_str(), Some(&cookie)),
        ("/no-such-page", None),
    ] {
        let mut request = Request::get(path);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let (status, headers, body) =
            send(&app, request.body(Body::empty()).expect("request")).await;
        let body = String::from_utf8_lossy(&body);
        assert!(status == 200 || status == 404, "{path}: {status}");
        let policy = policy_of(&headers);
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or_else(|| panic!("{path}: no nonce in {policy:?}"));
        assert!(nonce.len() >= 16, "{nonce}");
        for directive in [
            "default-src 'self'",
            "'wasm-unsafe-eval'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(policy.contains(directive), "{path}: {policy}");
        }
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        // Every inline script of the page carries the nonce (leptos_i18n
        // writes one empty script, which never runs: browsers skip an empty
        // script before asking the policy).
        let scripts = body.matches("<script").count() - body.matches("<script></script>").count();
        let nonced = body.matches(&format!("nonce=\"{nonce}\"")).count();
        assert!(
            scripts > 0 && nonced >= scripts,
            "{path}: {nonced} of {scripts} scripts"
        );
        nonces.push(nonce.to_string());
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 4, "a new nonce for each response");
    // Answers that aren't pages keep a policy too.
    let (_, headers, _) = get(&app, "/healthz").await;
    assert!(policy_of(&headers).contains("frame-ancestors 'none'"));
}

on_both_databases!(pages_carry_a_content_security_policy_with_their_own_nonce);

/// A request with its certificate goes up as multipart form data: a 2 MB
/// file passes (the upload alone may exceed MAX_BODY_BYTES, up to 4 MB), a
/// 5 MB body is refused with 413. The certificate downloads as an
/// attachment for the account's billing roles; to anyone else it doesn't
/// exist, and without a session the answer is 401.
async fn certificates_go_up_as_multipart_and_download_as_attachments(db: Db) {
    let app = app(&db);
    let ana = crate::common::sign_up(&db, "ana@contoso.example").await;
    programs::enroll(&db, &ana.user_id, ana.partner_id, Program::Mpn)
        .await
        .expect("enroll");
    let cookie = sign_in(&app, "ana@contoso.example").await;
    let pid = ana.partner_id;
    let upload = |size: usize| {
        let boundary = "XyZBoundary";
        let mut pdf = b"%PDF-1.4\n".to_vec();
        pdf.resize(size, b' ');
        let mut body = Vec::new();
        let text = |name: &str, value: &str| {
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
        };
        let fields = [
            text("partner_id", &pid.to_string()),
            text("exemption[country]", "FR"),
            text("exemption[exemption_type]", "resale"),
            text("exemption[certificate_number]", "FR-1"),
            text("exemption[valid_from]", "2026-01-01"),
            text("exemption[valid_until]", "2027-01-01"),
        ];
        for field in fields {
            body.extend_from_slice(field.as_bytes());
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"certificate\"; \
                 filename=\"résumé cert.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(&pdf);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        Request::post("/api/submit_tax_exemption")
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::CONTENT_LENGTH, body.len())
            .header(header::COOKIE, &cookie)
            .header(header::ACCEPT, "application/json")
            .body(Body::from(body))
            .expect("request")
    };
    let (status, _, bytes) = send(&app, upload(2 * 1024 * 1024)).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let id: String = postcard::from_bytes(&bytes).expect("the request's id");
    assert_eq!(send(&app, upload(5 * 1024 * 1024)).await.0, 413);

    let path = format!("/a/{pid}/tax-exemptions/{id}/certificate");
    let download = |cookie: Option<String>, path: String| {
        let app = app.clone();
        async move {
            let mut request = Request::get(path);
            if let Some(cookie) = cookie {
                request = request.header(header::COOKIE, cookie);
            }
            let (status, headers, body) =
                send(&app, request.body(Body::empty()).expect("request")).await;
            (status, headers, body.len())
        }
    };
    let (status, headers, size) = download(Some(cookie.clone()), path.clone()).await;
    assert_eq!((status, size), (200, 2 * 1024 * 1024));
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"r_sum_ cert.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20cert.pdf"
    );
    assert_eq!(download(None, path.clone()).await.0, 401);
    crate::common::sign_up(&db, "bob@fabrikam.example").await;
    let bob = sign_in(&app, "bob@fabrikam.example").await;
    let (theirs, _, theirs_size) = download(Some(bob.clone()), path).await;
    let (missing, _, missing_size) = download(
        Some(bob),
        format!("/a/{pid}/tax-exemptions/no-such-request/certificate"),
    )
    .await;
    assert_eq!((theirs, theirs_size), (missing, missing_size));
    assert_eq!(theirs, 404);
}

on_both_databases!(certificates_go_up_as_multipart_and_download_as_attachments);

/// The session's Set-Cookie among an answer's (signing in also sets the
/// language cookie); else the first one.
fn session_cookie(headers: &axum::http::HeaderMap) -> Option<&str> {
    let all = || {
        headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
    };
    all()
        .find(|v| v.contains("pp_session="))
        .or_else(|| all().next())
}

/// A page asked for again with a save's answer (the forms,
/// `ui::action_form::ANSWER_HEADER`) shows what the save did, in the form
/// that was sent only: the program card whose hidden field named it.
async fn a_page_asked_with_a_saves_answer_shows_it_in_its_own_form(db: Db) {
    let ana = crate::common::sign_up(&db, "ana@contoso.example").await;
    let app = app(&db);
    let session = sign_in(&app, "ana@contoso.example").await;
    let programs = partner_portal::model::page::Page::Programs.href(ana.partner_id);
    let page = |answer: String| {
        Request::get(&programs)
            .header(header::COOKIE, &session)
            .header("x-form-answer", answer)
            .body(Body::empty())
            .expect("request")
    };
    let pid = ana.partner_id;
    // Enrolling answers `()`: no bytes in Postcard.
    let (status, _, body) = send(
        &app,
        page(format!("/api/enroll ok  partner_id={pid}&program_code=mpn")),
    )
    .await;
    assert_eq!(status, 200);
    let body = String::from_utf8_lossy(&body);
    assert_eq!(body.matches("Enrolled.").count(), 1, "one card says it");
    // An empty answer with no hidden fields: the browser trims the header.
    let forgot = Request::get("/forgot-password")
        .header("x-form-answer", "/api/request_password_reset ok")
        .body(Body::empty())
        .expect("request");
    let (status, _, body) = send(&app, forgot).await;
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("a link is on its way"));
    // An answer for a form no card has, or for another server function,
    // shows nowhere; nor does one that can't be read.
    for answer in [
        format!("/api/enroll ok  partner_id={pid}&program_code=nope"),
        format!("/api/withdraw ok  partner_id={pid}&program_code=mpn"),
        format!("/api/enroll ok zz partner_id={pid}&program_code=mpn"),
    ] {
        let (status, _, body) = send(&app, page(answer.clone())).await;
        assert_eq!(status, 200, "{answer}");
        let body = String::from_utf8_lossy(&body);
        assert!(!body.contains("Enrolled."), "{answer}");
    }
}

on_both_databases!(a_page_asked_with_a_saves_answer_shows_it_in_its_own_form);

/// Signing in sets the session cookie and the language cookie, so the pages
/// that follow render in the user's language at once.
async fn signing_in_sets_the_users_language(db: Db) {
    crate::common::sign_up(&db, "ana@contoso.example").await;
    let app = app(&db);
    let form = format!(
        "form[email]=ana%40contoso.example&form[password]={}",
        crate::common::PASSWORD.replace(' ', "+")
    );
    let request = Request::post("/api/sign_in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/x-postcard")
        .body(Body::from(form))
        .expect("request");
    let (status, headers, _) = send(&app, request).await;
    assert_eq!(status, 200);
    let cookies: Vec<&str> = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert!(
        cookies.iter().any(|c| c.contains("pp_session=")),
        "{cookies:?}"
    );
    assert!(
        cookies.iter().any(|c| c.starts_with("pp_lang=en;")),
        "{cookies:?}"
    );
}

on_both_databases!(signing_in_sets_the_users_language);
