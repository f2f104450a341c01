//! Server start: configuration, database, router. Nothing else.

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    use leptos::prelude::*;
    use partner_portal::{auth, db, domain, server};

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

    let app = server::router(pool, options.clone(), auth::Config::from_env());

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
