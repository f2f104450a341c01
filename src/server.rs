//! The HTTP application (server only): pages, server functions, built assets,
//! logos, sessions. `main.rs` serves it; the integration tests drive it.

use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::services::ServeDir;

use crate::app::{shell, App};
use crate::db::Db;

pub fn router(pool: Db, options: LeptosOptions, auth: crate::auth::Config) -> Router {
    let routes = generate_route_list(App);
    Router::new()
        .leptos_routes_with_context(
            &options,
            routes,
            {
                let pool = pool.clone();
                move || provide_context(pool.clone())
            },
            {
                let options = options.clone();
                move || shell(options.clone())
            },
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
        .nest_service(
            &format!("/{}", options.site_pkg_dir),
            ServeDir::new(format!("{}/{}", options.site_root, options.site_pkg_dir))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .fallback(leptos_axum::file_and_error_handler(shell))
        .layer(crate::auth::layer(pool, auth))
        .with_state(options)
}
