//! What a request must be, checked before it runs.
//!
//! - Its body is no bigger than its limit ([`body_limit`]): a bigger one is
//!   refused with 413 before any work, and no more of it is ever read.
//! - Its body is a URL-encoded form or, for the uploads, a multipart form
//!   with its boundary; anything else gets 415. Without this, server_fn
//!   decodes a form whatever its declared type (`text/plain` too, which a
//!   page of any site may send without asking) and panics on a multipart
//!   request whose boundary it can't read.
//! - No NUL character anywhere in its address or form (`%00`): no field
//!   accepts one, and PostgreSQL refuses to even compare text holding it
//!   (an error, so a 500, wherever an id or a search reached a query).
//!   Multipart fields go through the validators (files may hold any byte).

use axum::http::{header, HeaderMap, Method};

pub const LOGO: &str = "/api/upload_logo";
pub const CERTIFICATE: &str = "/api/submit_tax_exemption";
pub const PRICE_FILE: &str = "/api/operator_import_prices";
/// The server functions that take multipart form data (file uploads).
pub const MULTIPART: [&str; 3] = [LOGO, CERTIFICATE, PRICE_FILE];

/// The largest body a request to `path` may send: [`MAX_BODY_BYTES`] (the
/// largest form is a logo upload, LOGO_MAX_BYTES plus its form),
/// [`MAX_UPLOAD_BYTES`] for the certificate upload alone,
/// [`MAX_PRICE_FILE_BYTES`] for an operator's price list.
///
/// [`MAX_BODY_BYTES`]: super::MAX_BODY_BYTES
/// [`MAX_UPLOAD_BYTES`]: super::MAX_UPLOAD_BYTES
/// [`MAX_PRICE_FILE_BYTES`]: super::MAX_PRICE_FILE_BYTES
pub fn body_limit(path: &str) -> usize {
    match path {
        CERTIFICATE => super::MAX_UPLOAD_BYTES,
        PRICE_FILE => super::MAX_PRICE_FILE_BYTES,
        _ => super::MAX_BODY_BYTES,
    }
}

/// Whether the request declares a body longer than `limit`: refused with
/// 413 before any work, as tower-http's `RequestBodyLimit` refuses it.
fn declared_over(request: &axum::extract::Request, limit: usize) -> bool {
    request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|length| length > limit as u64)
}

/// The request with a body that fails past `limit` (axum's readers answer
/// that with 413), as tower-http's `RequestBodyLimit` bounds it. Not that
/// layer itself: its limit is one for all paths, and a `from_fn` layer
/// choosing one per request clones the whole stack inside it on every
/// request.
fn bounded(request: axum::extract::Request, limit: usize) -> axum::extract::Request {
    request.map(|body| axum::body::Body::new(http_body_util::Limited::new(body, limit)))
}

/// The body a server function decodes.
#[derive(Clone, Copy, PartialEq)]
enum Body {
    Form,
    Multipart,
}

/// What the request's body must be: `None` for anything that isn't a POST
/// to a server function (`/api/`).
fn expected(method: &Method, path: &str) -> Option<Body> {
    if method != Method::POST || !path.starts_with("/api/") {
        None
    } else if MULTIPART.contains(&path) {
        Some(Body::Multipart)
    } else {
        Some(Body::Form)
    }
}

/// Whether the request's declared body is the one its server function
/// decodes (always true for other requests).
pub fn is_acceptable(method: &Method, path: &str, headers: &HeaderMap) -> bool {
    let Some(body) = expected(method, path) else {
        return true;
    };
    let Some(content_type) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match body {
        Body::Multipart => {
            essence == "multipart/form-data" && multer::parse_boundary(content_type).is_ok()
        }
        Body::Form => essence == "application/x-www-form-urlencoded",
    }
}

/// Whether the address or the form holds a NUL character (`%00`, or the
/// byte itself).
pub fn has_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0) || bytes.windows(3).any(|w| w == b"%00")
}

/// Refuses what the rules above refuse (413, 415 or 400, with the server
/// functions' error body), reading a form's body (bounded by its limit) to
/// look for NUL; else the request to run, its body bounded (a form's read
/// whole).
pub async fn checked(
    request: axum::extract::Request,
) -> Result<axum::extract::Request, axum::response::Response> {
    use crate::api::server::error_response;
    use crate::model::AppError;
    use axum::response::IntoResponse;
    let nul = || error_response(AppError::Request("a NUL character".into()));
    let limit = body_limit(request.uri().path());
    if declared_over(&request, limit) {
        return Err((
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "length limit exceeded",
        )
            .into_response());
    }
    let request = bounded(request, limit);
    if !is_acceptable(request.method(), request.uri().path(), request.headers()) {
        return Err((
            axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "a server function takes a form (multipart for uploads)",
        )
            .into_response());
    }
    if request.uri().query().is_some_and(|q| has_nul(q.as_bytes())) {
        return Err(nul());
    }
    if expected(request.method(), request.uri().path()) != Some(Body::Form) {
        return Ok(request);
    }
    let (parts, body) = request.into_parts();
    // Fails only past the body's limit (a form's body is in memory).
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Err((
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "request too large",
        )
            .into_response());
    };
    if has_nul(&bytes) {
        return Err(nul());
    }
    Ok(axum::extract::Request::from_parts(
        parts,
        axum::body::Body::from(bytes),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(content_type: Option<&str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(value) = content_type {
            headers.insert(header::CONTENT_TYPE, value.parse().expect("header"));
        }
        headers
    }

    #[test]
    fn forms_go_to_functions_and_multipart_to_uploads() {
        let post = Method::POST;
        let form = "application/x-www-form-urlencoded";
        assert!(is_acceptable(&post, "/api/sign_in", &with(Some(form))));
        assert!(is_acceptable(
            &post,
            "/api/sign_in",
            &with(Some("Application/X-WWW-Form-Urlencoded; charset=UTF-8"))
        ));
        assert!(!is_acceptable(
            &post,
            "/api/sign_in",
            &with(Some("text/plain"))
        ));
        assert!(!is_acceptable(&post, "/api/sign_in", &with(None)));
        assert!(!is_acceptable(
            &post,
            "/api/sign_in",
            &with(Some("application/json"))
        ));
        let upload = "/api/upload_logo";
        assert!(is_acceptable(
            &post,
            upload,
            &with(Some("multipart/form-data; boundary=x"))
        ));
        assert!(!is_acceptable(
            &post,
            upload,
            &with(Some("multipart/form-data"))
        ));
        assert!(!is_acceptable(&post, upload, &with(Some(form))));
        // Not a server function's call: not this rule's business.
        assert!(is_acceptable(&Method::GET, "/api/sign_in", &with(None)));
        assert!(is_acceptable(&post, "/signin", &with(Some("text/plain"))));
    }

    #[test]
    fn nul_is_found_encoded_or_raw() {
        assert!(has_nul(b"q=a%00b"));
        assert!(has_nul(b"q=a\0b"));
        assert!(!has_nul(b"q=a%000"[..5].as_ref()));
        assert!(!has_nul(b"q=100%25&x=%0A"));
    }

    /// A request of `length` declared bytes to `path`.
    fn post(path: &str, length: usize) -> axum::extract::Request {
        axum::http::Request::post(path)
            .header(header::CONTENT_LENGTH, length)
            .body(axum::body::Body::from(vec![b'x'; length]))
            .expect("request")
    }

    #[tokio::test]
    async fn a_body_over_its_limit_is_refused_or_stops_at_it() {
        use super::super::{MAX_BODY_BYTES, MAX_UPLOAD_BYTES};
        assert!(declared_over(
            &post("/api/sign_in", MAX_BODY_BYTES + 1),
            body_limit("/api/sign_in")
        ));
        // The certificate upload alone may be bigger.
        assert!(!declared_over(
            &post(CERTIFICATE, MAX_BODY_BYTES + 1),
            body_limit(CERTIFICATE)
        ));
        assert!(declared_over(
            &post(CERTIFICATE, MAX_UPLOAD_BYTES + 1),
            body_limit(CERTIFICATE)
        ));
        // A body that says less than it sends fails past the limit when read.
        let mut lying = post("/api/sign_in", MAX_BODY_BYTES + 10);
        lying
            .headers_mut()
            .insert(header::CONTENT_LENGTH, 10.into());
        assert!(!declared_over(&lying, body_limit("/api/sign_in")));
        let lying = bounded(lying, body_limit("/api/sign_in")).into_body();
        assert!(axum::body::to_bytes(lying, usize::MAX).await.is_err());
        let fits = post("/api/sign_in", MAX_BODY_BYTES);
        assert!(!declared_over(&fits, body_limit("/api/sign_in")));
        let bytes = axum::body::to_bytes(
            bounded(fits, body_limit("/api/sign_in")).into_body(),
            usize::MAX,
        )
        .await;
        assert_eq!(bytes.map(|b| b.len()).ok(), Some(MAX_BODY_BYTES));
    }
}
