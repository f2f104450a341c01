//! Server start: configuration, database, router. Nothing else.

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    use axum::Router;
    use leptos::prelude::*;
    use leptos_axum::{generate_route_list, LeptosRoutes};
    use partner_portal::app::{shell, App};
    use partner_portal::{auth, db, domain};
    use tower_http::services::ServeDir;

    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();

    let conf = get_configuration(None)?;
    let options = conf.leptos_options;
    let database_url = std::env::var("DATABASE_URL").unwrap_or_else(|_| db::DEFAULT_URL.into());
    let pool = db::connect(&database_url).await?;
    let demo = std::env::var("DEMO_DATA").is_ok_and(|v| v == "1");
    if demo {
        domain::demo::seed_if_empty(&pool).await?;
    }

    let delivery = domain::outbox::Delivery::from_env()?;
    tokio::spawn(domain::outbox::run_sender(pool.clone(), delivery));

    let routes = generate_route_list(App);
    let app =
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
            // The built assets, served directly. (leptos_axum's file handler,
            // below, applies a response status left in the thread's reactive
            // context by a page rendering at the same time: under load it
            // answered some wasm files with 404 and the page never hydrated.)
            // Logos are bytes in the database, not pages.
            .route(
                "/partners/{partner_id}/logo",
                axum::routing::get({
                    let pool = pool.clone();
                    move |axum::extract::Path(partner_id): axum::extract::Path<String>| {
                        let pool = pool.clone();
                        async move {
                            partner_portal::api::business::logo_response(pool, &partner_id).await
                        }
                    }
                }),
            )
            .nest_service(
                &format!("/{}", options.site_pkg_dir),
                ServeDir::new(format!("{}/{}", options.site_root, options.site_pkg_dir))
                    .precompressed_br()
                    .precompressed_gzip(),
            )
            .fallback(leptos_axum::file_and_error_handler(shell))
            .layer(auth::layer(pool.clone(), auth::Config::from_env()))
            .with_state(options.clone());

    let addr = options.site_addr;
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("Partner Portal is running at http://{addr}/");
    if demo {
        println!("Demo sign-ins (password {}):", domain::demo::PASSWORD);
        for user in domain::demo::USERS {
            println!("  {:<24} {}", user.email, user.shows);
        }
    }
    axum::serve(listener, app.into_make_service()).await?;
    Ok(())
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser build has no server binary; see lib.rs for its entry point.
}
