//! The baseline of `scripts/bench-ssr.sh`: a bare Leptos page (a shell, a
//! router, one route with a heading and a paragraph), served by leptos_axum
//! with the same versions and build profile as the application, without its
//! database, sessions, i18n or layout. The benchmark measures it in the
//! same run as the application's pages, so a slowdown of our own shows as a
//! ratio whatever the machine's speed.
//!
//!     cargo run --release --features ssr --example bare_leptos   (LEPTOS_SITE_ADDR)

use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use leptos_router::components::{Route, Router as LeptosRouter, Routes};
use leptos_router::path;

fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <HydrationScripts options />
            </head>
            <body>
                <Bare />
            </body>
        </html>
    }
}

#[component]
fn Bare() -> impl IntoView {
    view! {
        <LeptosRouter>
            <main>
                <Routes fallback=|| "Not found.">
                    <Route path=path!("/") view=|| view! {
                        <h1>"Sign in"</h1>
                        <p>"A bare Leptos page, for comparison."</p>
                    } />
                </Routes>
            </main>
        </LeptosRouter>
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let conf = get_configuration(None)?;
    let options = conf.leptos_options;
    let addr = options.site_addr;
    let routes = generate_route_list(Bare);
    let app = Router::new()
        .leptos_routes(&options, routes, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .with_state(options);
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("bare Leptos page at http://{addr}/");
    axum::serve(listener, app.into_make_service()).await?;
    Ok(())
}
