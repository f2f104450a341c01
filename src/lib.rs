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

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Lets end-to-end tests wait until the page reacts to input.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "");
    }
}
