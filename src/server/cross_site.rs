//! Forged requests: a state-changing request that another site makes the
//! browser send (with the victim's cookie) is refused before any work.
//!
//! Browsers mark each request with `Sec-Fetch-Site` (Chrome, Edge,
//! Firefox, Safari 16.4+) and send `Origin` with every POST. So: a safe
//! method passes; else `Sec-Fetch-Site` must say `same-origin` (or `none`:
//! typed by the person); without it, `Origin` must be ours (the public URL
//! or the request's own host). A request with neither header didn't come
//! from a web page (a script, the tests) and can't ride someone's session
//! by another site's will. This is the rule of Go's
//! `http.CrossOriginProtection`; no maintained crate offers it for axum,
//! hence these few lines.

use axum::http::{header, HeaderMap, Method};

pub fn is_cross_site(method: &Method, headers: &HeaderMap, public_url: &str) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let Ok(origin) = origin.to_str() else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    origin != public_url && (origin_host.is_none() || origin_host != host)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OURS: &str = "https://partners.example.com";

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().expect("header value"));
        }
        map
    }

    #[test]
    fn another_sites_post_is_refused() {
        for pairs in [
            &[("sec-fetch-site", "cross-site")][..],
            &[("sec-fetch-site", "same-site"), ("origin", OURS)][..],
            &[("origin", "https://evil.example")][..],
            &[("origin", "https://partners.example.com.evil.example")][..],
            &[("origin", "null")][..],
            &[
                ("origin", "https://evil.example"),
                ("host", "partners.example.com"),
            ][..],
        ] {
            assert!(
                is_cross_site(&Method::POST, &headers(pairs), OURS),
                "{pairs:?}"
            );
        }
    }

    #[test]
    fn our_pages_scripts_and_reads_pass() {
        for pairs in [
            &[("sec-fetch-site", "same-origin")][..],
            &[("sec-fetch-site", "none")][..],
            &[("origin", OURS)][..],
            // Reached by another name (a LAN address in development).
            &[
                ("origin", "http://192.168.1.20:3000"),
                ("host", "192.168.1.20:3000"),
            ][..],
            // Not a browser: no Origin, no Sec-Fetch-Site.
            &[][..],
        ] {
            assert!(
                !is_cross_site(&Method::POST, &headers(pairs), OURS),
                "{pairs:?}"
            );
        }
        let cross = headers(&[("sec-fetch-site", "cross-site")]);
        assert!(
            !is_cross_site(&Method::GET, &cross, OURS),
            "a link from elsewhere"
        );
    }
}
