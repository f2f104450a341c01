//! The `<link rel=preload>` of each split wasm file a page's lazy route needs
//! (`cargo leptos --split`), written into the page's head as one string made
//! once per route.
//!
//! Why not Leptos's own: it registers one `leptos_meta::Link` per file and
//! renders each on every request. With wasm-split's many small files (a
//! median of 91 per first visit) that was a fifth of the sign-in page's
//! server time (`perf`, stop 27). Dropping the preloads instead made the
//! browser fetch the files later (the last one 1.3 s later on a slow
//! phone), so the links stay, made once.
//!
//! How: the app hands Leptos a list of its own to note the lazy routes in
//! (`collect`, called by `App`), so Leptos's stays empty and renders no
//! link; after the handler this layer reads that list and puts the links
//! before the page's `</head>`, in the first chunk, where Leptos puts its
//! meta tags. (Uses Leptos's `PrefetchLazyFn` and `WasmSplitManifest`,
//! public but hidden from its docs: pinned by Cargo.lock, and a test checks
//! the links.)

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use futures_util::StreamExt;
use leptos::prelude::*;
use leptos::{PrefetchLazyFn, WasmSplitManifest};

/// Put in each request's extensions by [`layer`]; filled by [`collect`].
#[derive(Clone, Default)]
struct Slot(Arc<Mutex<Option<(PrefetchLazyFn, WasmSplitManifest)>>>);

/// Called by `App` when rendering on the server: the lazy routes the page
/// shows are noted in a list of ours (see the module's comment).
pub fn collect() {
    let Some(slot) = with_context::<axum::http::request::Parts, _>(|parts| {
        parts.extensions.get::<Slot>().cloned()
    })
    .flatten() else {
        return;
    };
    // Absent when the build was not split: nothing to preload.
    let Some(manifest) = use_context::<WasmSplitManifest>() else {
        return;
    };
    let noted = PrefetchLazyFn::default();
    provide_context(noted.clone());
    if let Ok(mut filled) = slot.0.lock() {
        *filled = Some((noted, manifest));
    };
}

/// The router's layer around the pages (see the module's comment).
pub async fn layer(mut request: Request, next: Next) -> Response {
    let slot = Slot::default();
    request.extensions_mut().insert(slot.clone());
    let response = next.run(request).await;
    let Some(links) = slot
        .0
        .lock()
        .ok()
        .and_then(|mut s| s.take())
        .and_then(links)
    else {
        return response;
    };
    let (mut parts, body) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut links = Some(links);
    let body = body.into_data_stream().flat_map(move |chunk| {
        let pieces = match (chunk, links.take()) {
            (Ok(chunk), Some(links)) => insert_before_head_end(chunk, links),
            (chunk, _) => vec![chunk],
        };
        futures_util::stream::iter(pieces)
    });
    Response::from_parts(parts, Body::from_stream(body))
}

/// The links of the lazy routes noted, made once per set of routes.
fn links((noted, manifest): (PrefetchLazyFn, WasmSplitManifest)) -> Option<Bytes> {
    let mut routes: Vec<&'static str> = noted
        .0
        .try_with_value(|set| set.iter().copied().collect())?;
    if routes.is_empty() {
        return None;
    }
    routes.sort_unstable();
    static MADE: OnceLock<Mutex<HashMap<Vec<&'static str>, Bytes>>> = OnceLock::new();
    let mut made = MADE.get_or_init(Default::default).lock().ok()?;
    if let Some(links) = made.get(&routes) {
        return Some(links.clone());
    }
    let links: Bytes = manifest
        .0
        .try_with_value(|(pkg, files, split_js)| links_html(pkg, &routes, files, split_js))?
        .into();
    made.insert(routes, links.clone());
    Some(links)
}

/// What Leptos's own links were: each wasm file fetched ahead, and the
/// script that loads them.
fn links_html(
    pkg: &str,
    routes: &[&str],
    files: &HashMap<String, Vec<String>>,
    split_js: &str,
) -> String {
    let mut html = String::new();
    let mut seen = std::collections::HashSet::new();
    for file in routes.iter().filter_map(|r| files.get(*r)).flatten() {
        if seen.insert(file) {
            html.push_str(&format!(
                r#"<link rel="preload" href="{pkg}/{file}.wasm" as="fetch" type="application/wasm" crossorigin="">"#
            ));
        }
    }
    html.push_str(&format!(
        r#"<link rel="modulepreload" href="{pkg}/{split_js}" crossorigin="">"#
    ));
    html
}

/// The chunk with `links` before its `</head>`, as slices of both (no copy
/// of the page); unchanged if it has none (the head is always in the first
/// chunk, so then the page has no head).
fn insert_before_head_end<E>(chunk: Bytes, links: Bytes) -> Vec<Result<Bytes, E>> {
    match memchr::memmem::find(&chunk, b"</head>") {
        Some(at) => vec![Ok(chunk.slice(..at)), Ok(links), Ok(chunk.slice(at..))],
        None => vec![Ok(chunk)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_go_before_the_head_end() {
        let chunk = Bytes::from_static(b"<html><head><title>x</title></head><body></body>");
        let out = joined(insert_before_head_end(chunk, Bytes::from_static(b"<link>")));
        assert_eq!(
            &out[..],
            b"<html><head><title>x</title><link></head><body></body>"
        );
    }

    #[test]
    fn a_chunk_without_head_is_unchanged() {
        let chunk = Bytes::from_static(b"<p>rest of the page</p>");
        let out = joined(insert_before_head_end(
            chunk.clone(),
            Bytes::from_static(b"<link>"),
        ));
        assert_eq!(out, chunk);
    }

    fn joined(pieces: Vec<Result<Bytes, ()>>) -> Bytes {
        pieces
            .into_iter()
            .flatten()
            .flatten()
            .collect::<Vec<u8>>()
            .into()
    }

    #[test]
    fn each_file_is_linked_once() {
        let files = HashMap::from([
            (
                "a".to_string(),
                vec!["chunk_1".to_string(), "split_a".to_string()],
            ),
            (
                "b".to_string(),
                vec!["chunk_1".to_string(), "split_b".to_string()],
            ),
        ]);
        let html = links_html("/pkg", &["a", "b"], &files, "__wasm_split.js");
        assert_eq!(html.matches("chunk_1.wasm").count(), 1);
        assert!(html.contains(r#"href="/pkg/split_b.wasm""#));
        assert!(html
            .ends_with(r#"<link rel="modulepreload" href="/pkg/__wasm_split.js" crossorigin="">"#));
    }
}
