//! What a request to a server function must be, checked before it runs.
//!
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

/// Refuses what the rules above refuse (415 or 400, with the server
/// functions' error body), reading a form's body (already bounded by the
/// body limit) to look for NUL; else the request to run (a form's body read
/// whole).
pub async fn checked(
    request: axum::extract::Request,
) -> Result<axum::extract::Request, axum::response::Response> {
    use crate::api::server::error_response;
    use crate::model::AppError;
    use axum::response::IntoResponse;
    let nul = || error_response(AppError::Request("a NUL character".into()));
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
    // The body limit layer outside answers 413 for a bigger body.
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
}
