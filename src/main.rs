//! Server start: configuration, database, router. Nothing else.

/// mimalloc rather than glibc's malloc: see Cargo.toml.
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    use leptos::prelude::*;
    use partner_portal::{auth, db, domain, server};

    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("operator") => return add_operator(&args[1..]).await,
        Some("prices") => return import_prices(&args[1..]).await,
        Some("seed") => return seed(&args[1..]).await,
        Some("--version" | "-V") => {
            println!("partner_portal {}", env!("CARGO_PKG_VERSION"));
            return Ok(());
        }
        Some("--help" | "-h") => {
            println!("{HELP}");
            return Ok(());
        }
        Some(other) => return Err(format!("unknown argument {other:?}; see --help").into()),
        None => {}
    }

    // Each line names its request (`request{id=…}`, see server.rs); as one
    // JSON object per line with LOG_FORMAT=json, for a log collector.
    let logs = tracing_subscriber::fmt().with_env_filter(
        tracing_subscriber::EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| "info,sqlx=warn".into()),
    );
    if std::env::var("LOG_FORMAT").is_ok_and(|v| v == "json") {
        logs.json().init();
    } else {
        logs.init();
    }

    let conf = get_configuration(None)?;
    let options = conf.leptos_options;
    let database_url = std::env::var("DATABASE_URL").unwrap_or_else(|_| db::DEFAULT_URL.into());
    let demo = std::env::var("DEMO_DATA").is_ok_and(|v| v == "1");
    if demo {
        // Seeded through a pool of its own, closed after: the seeding fills
        // its connections' page caches (up to 16 MiB each, see `db`), which
        // the app would otherwise keep, idle, from the start.
        let pool = db::connect(&database_url).await?;
        domain::demo::seed_if_empty(&pool).await?;
        // 12 months by default; fewer make a quicker start (the end-to-end
        // tests use 2).
        let months = std::env::var("DEMO_PRICE_MONTHS")
            .ok()
            .and_then(|m| m.parse().ok())
            .unwrap_or(12);
        let started = std::time::Instant::now();
        if domain::pricing::seed_demo(&pool, months).await? {
            tracing::info!(months, took = ?started.elapsed(), "demo price lists created");
        }
        pool.close().await;
        db::return_freed_memory();
    }
    let pool = db::connect(&database_url).await?;
    // Profiles published before the directory's word index (migration 0032).
    let indexed = domain::business::index_unindexed(&pool).await?;
    if indexed > 0 {
        tracing::info!(
            indexed,
            "published profiles added to the directory's word index"
        );
    }

    let delivery = domain::outbox::Delivery::from_env()?;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let sender = tokio::spawn(domain::outbox::run_sender(pool.clone(), delivery, stopped));

    let app = server::router(
        pool,
        options.clone(),
        auth::Config::from_env(options.site_addr)?,
    );

    let addr = options.site_addr;
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("Partner Portal is running at http://{addr}/");
    if demo {
        println!("Demo sign-ins (password {}):", domain::demo::PASSWORD);
        for user in domain::demo::USERS {
            println!("  {:<24} {}", user.email, user.shows);
        }
    }
    // On SIGTERM or Ctrl-C: stop accepting, let requests under way finish
    // (for at most SHUTDOWN_GRACE), then let the outbox sender finish its
    // batch.
    let signal = std::sync::Arc::new(tokio::sync::Notify::new());
    let serve = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown({
        let signal = signal.clone();
        async move {
            shutdown_signal().await;
            signal.notify_waiters();
        }
    });
    tokio::select! {
        served = serve => served?,
        () = async {
            signal.notified().await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => tracing::warn!("requests still under way after {SHUTDOWN_GRACE:?}: stopping anyway"),
    }
    let _ = stop.send(true);
    let _ = sender.await;
    Ok(())
}

/// `partner_portal operator add EMAIL [NAME]`: creates an operator (SPEC
/// §10) in the database of DATABASE_URL and prints their one-time password.
#[cfg(feature = "ssr")]
async fn add_operator(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    use partner_portal::{db, domain};
    let (Some("add"), Some(email)) = (args.first().map(String::as_str), args.get(1)) else {
        return Err("usage: partner_portal operator add EMAIL [NAME]".into());
    };
    let name = args.get(2).map_or("Operator", String::as_str);
    let database_url = std::env::var("DATABASE_URL").unwrap_or_else(|_| db::DEFAULT_URL.into());
    let pool = db::connect(&database_url).await?;
    match domain::operators::add(&pool, email, name).await {
        Ok(password) => {
            println!("Operator {email} created. One-time password (to replace at first sign-in):");
            println!("{password}");
            Ok(())
        }
        Err(error) => Err(match error.field_errors().first() {
            Some(field) => format!("{email}: {:?}", field.problem),
            None => error.to_string(),
        }
        .into()),
    }
}

/// `partner_portal prices import FILE`: imports a month's price list (SPEC
/// §7) into the database of DATABASE_URL, as an operator would in the
/// console; prints what it did, or the lines to fix.
#[cfg(feature = "ssr")]
async fn import_prices(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    use partner_portal::model::pricing::{ImportOutcome, Marker};
    use partner_portal::{db, domain};
    let (Some("import"), Some(path)) = (args.first().map(String::as_str), args.get(1)) else {
        return Err("usage: partner_portal prices import FILE".into());
    };
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let database_url = std::env::var("DATABASE_URL").unwrap_or_else(|_| db::DEFAULT_URL.into());
    let pool = db::connect(&database_url).await?;
    let started = std::time::Instant::now();
    match domain::pricing::import(&pool, domain::pricing::Importer::CommandLine, file).await? {
        ImportOutcome::Imported {
            month,
            counts,
            replaced,
        } => {
            let verb = if replaced { "replaced" } else { "imported" };
            let total: i64 = counts.iter().sum();
            println!(
                "{month}: {total} prices {verb} in {:.1?}",
                started.elapsed()
            );
            for (marker, count) in Marker::ALL.iter().zip(counts) {
                println!("  {}: {count}", marker.code());
            }
            Ok(())
        }
        ImportOutcome::Rejected { problems, more } => {
            eprintln!("{path}: nothing imported; fix these lines:");
            for p in &problems {
                eprintln!("  line {}: {:?}", p.line, p.problem);
            }
            if more {
                eprintln!("  … and more");
            }
            Err("the file was rejected".into())
        }
    }
}

/// `partner_portal seed [--accounts N] [--users N] [--locations N]
/// [--invitations N] [--events N]`: fills the database of DATABASE_URL with
/// generated data up to those sizes (default: issue 14's full scale) and
/// the showcase user; prints what each step took.
#[cfg(feature = "ssr")]
async fn seed(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    use partner_portal::db;
    use partner_portal::domain::generated::{self, Sizes};
    let mut sizes = Sizes::FULL;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value: i64 = rest
            .next()
            .and_then(|v| v.replace('_', "").parse().ok())
            .filter(|v| *v >= 0)
            .ok_or_else(|| format!("{flag} needs a number; usage: {SEED_USAGE}"))?;
        match flag.as_str() {
            "--accounts" => sizes.accounts = value,
            "--users" => sizes.users = value,
            "--locations" => sizes.locations = value,
            "--invitations" => sizes.invitations = value,
            "--events" => sizes.events = value,
            _ => return Err(format!("unknown option {flag:?}; usage: {SEED_USAGE}").into()),
        }
    }
    let database_url = std::env::var("DATABASE_URL").unwrap_or_else(|_| db::DEFAULT_URL.into());
    let pool = db::connect(&database_url).await?;
    let started = std::time::Instant::now();
    let report = generated::fill(&pool, sizes).await?;
    for (what, added, took) in &report.steps {
        println!("  {what:<24} {added:>10} added in {took:.1?}");
    }
    println!("Filled in {:.1?} ({sizes:?}).", started.elapsed());
    println!(
        "Sign in as {} (password {}): Showcase Ltd, Partner ID {}.",
        generated::SHOWCASE_EMAIL,
        generated::SHOWCASE_PASSWORD,
        report.showcase_partner_id
    );
    pool.close().await;
    Ok(())
}

#[cfg(feature = "ssr")]
const SEED_USAGE: &str =
    "partner_portal seed [--accounts N] [--users N] [--locations N] [--invitations N] [--events N]";

#[cfg(feature = "ssr")]
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(20);

#[cfg(feature = "ssr")]
const HELP: &str = "Partner Portal: the web application (pages, server functions, assets).

Usage: partner_portal [--help | --version]
       partner_portal operator add EMAIL [NAME]   create an operator (prints a one-time password)
       partner_portal prices import FILE          import a month's price list (CSV)
       partner_portal seed [--accounts N] [--users N] [--locations N] [--invitations N] [--events N]
                                                  fill the database with generated data (default
                                                  100,000 accounts, 1,000,000 users, 200,000
                                                  locations, 100,000 invitations, 10,000,000
                                                  events) and a showcase user to sign in as

Configured by environment variables (README.md lists them all), chiefly:
  DATABASE_URL       sqlite:… (default sqlite:data/partner_portal.db?mode=rwc) or postgres://…
  LEPTOS_SITE_ADDR   address to listen on (default 127.0.0.1:3000)
  LEPTOS_SITE_ROOT   the built assets (default target/site)
  DEMO_DATA=1        create the demo users and accounts in an empty database
  DEMO_PRICE_MONTHS  months of demo price lists (default 12, about 58,700 prices each)
  SECURE_COOKIES=0   let the session cookie travel over plain HTTP (development)
  PUBLIC_URL         the site's address in emailed links
  SMTP_URL, EMAIL_FROM, EMAIL_DIR   where emails go
  RUST_LOG           log filter (default info,sqlx=warn)
  LOG_FORMAT=json    one JSON object per log line

Stops on SIGTERM or Ctrl-C after the requests under way (at most 20 s).";

/// Resolves on Ctrl-C or, on Unix, SIGTERM (what service managers send).
#[cfg(feature = "ssr")]
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser build has no server binary; see lib.rs for its entry point.
}
