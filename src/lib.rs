#![recursion_limit = "256"]

//! Partner Portal: one crate, built twice by cargo-leptos: with `ssr` for the
//! server binary and with `hydrate` for the browser's wasm.
//!
//! - `model`: types shared by browser and server (catalog, role matrix, forms).
//! - `api`: `#[server]` functions, thin wrappers over `domain`.
//! - `ui`: components, named for what the user sees.
//! - server only: `domain` (the rules), `db` (pool, migrations), `auth` (sessions, passwords).

pub mod api;
pub mod app;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod domain;
#[cfg(feature = "ssr")]
pub mod server;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

#[cfg(all(feature = "hydrate", not(feature = "islands")))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    use leptos::prelude::document;
    console_error_panic_hook::set_once();
    // Async hydration: a page whose code is in a lazy-loaded wasm file (see
    // `ui::lazy_page!`) waits for that file before hydrating.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let Some(body) = document().body() else {
            return;
        };
        let owner = leptos::mount::hydrate_from_async(body, app::App).await;
        owner.forget();
        mark_hydrated();
    });
}

/// The islands build (feature `islands`): the page is the server's HTML, and
/// only its islands (`#[island]` components) hydrate, each from its own props.
#[cfg(all(feature = "hydrate", feature = "islands"))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Leptos's loader hydrates the islands after this returns, in promise
    // callbacks that all run before a timer's.
    leptos::prelude::set_timeout(mark_hydrated, std::time::Duration::ZERO);
}

/// Lets end-to-end tests wait until the page reacts to input.
#[cfg(feature = "hydrate")]
fn mark_hydrated() {
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "");
    }
}
