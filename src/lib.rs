#![recursion_limit = "256"]

//! Partner Portal: one crate, built twice by cargo-leptos: with `ssr` for the
//! server binary and with `hydrate` for the browser's wasm. Pages render on
//! the server only (Leptos islands): the browser's wasm is the shell's one
//! island, which drives the server's HTML (menus, forms, confirmations).
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

/// The page is the server's HTML; only its islands (`#[island]` components,
/// the shell's `ShellBehaviour`) hydrate, each from its own props.
#[cfg(feature = "hydrate")]
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
