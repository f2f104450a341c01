//! Crash safety: the server binary is killed with SIGKILL again and again
//! while clients add and edit locations (each change a transaction with its
//! activity event), restarted each time on the same database. Then the
//! database must be consistent (SQLite's integrity and foreign-key checks)
//! and the activity log must match the committed changes one to one: one
//! `location.added` event per location and none for a location that isn't
//! there, one `location.updated` event per version step; every change a
//! client saw succeed is there.
//!
//! `CRASH_KILLS` sets the number of kills per database (default 4 in every
//! test run); the full count, with its figures:
//! `CRASH_KILLS=50 cargo test --features ssr --test integration -- crash --nocapture`.

use std::time::Duration;

use partner_portal::db::Db;
use partner_portal::model::Program;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};

use crate::access::site;
use crate::common::{enroll_active, sign_up, PASSWORD};

/// One request over a fresh connection: (status, `Set-Cookie`), or `None`
/// when the server went away before answering. (A few lines of HTTP/1.1
/// rather than a client crate: the test only needs a status and a cookie.)
async fn post(addr: &str, path: &str, form: &str, cookie: &str) -> Option<(u16, Option<String>)> {
    let mut stream = TcpStream::connect(addr).await.ok()?;
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nAccept: application/json\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    );
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut response = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut response))
        .await
        .ok()?
        .ok()?;
    let text = String::from_utf8_lossy(&response);
    let status = text.split(' ').nth(1)?.parse().ok()?;
    // The session's cookie (signing in also sets the language cookie).
    let cookie = text
        .lines()
        .take_while(|l| !l.is_empty())
        .filter_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or(l.strip_prefix("Set-Cookie: "))
        })
        .find(|v| v.contains("pp_session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_string);
    Some((status, cookie))
}

fn free_address() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("address").to_string()
}

/// Starts the server binary on `url` and waits until it answers.
async fn start(url: &str, addr: &str) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_partner_portal"))
        .env("DATABASE_URL", url)
        .env("LEPTOS_SITE_ADDR", addr)
        .env("SECURE_COOKIES", "0")
        .env("RUST_LOG", "error")
        .env("EMAIL_DIR", std::env::temp_dir().join("pp-crash-mail"))
        .kill_on_drop(true)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("start the server");
    for _ in 0..300 {
        if let Ok(mut stream) = TcpStream::connect(addr).await {
            let request =
                format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
            let mut answer = Vec::new();
            if stream.write_all(request.as_bytes()).await.is_ok()
                && stream.read_to_end(&mut answer).await.is_ok()
                && answer.starts_with(b"HTTP/1.1 200")
            {
                return child;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server didn't start on {addr}");
}

const LOCATION: &str = "location[address_line1]=10+quai+Saint-Antoine&location[address_line2]=\
    &location[city]=Lyon&location[region]=&location[postal_code]=69002&location[country]=FR\
    &location[contact_name]=Chlo%C3%A9&location[contact_email]=chloe%40contoso.example\
    &location[contact_phone]=%2B33+4+72+00+00+00";

/// What the clients saw succeed.
#[derive(Default)]
struct Seen {
    added: Vec<String>,
    /// (location name, version it was saved to)
    saved: Vec<(String, i64)>,
    attempts: usize,
    lost: usize,
}

/// One client: adds a location, then saves it under a new name, again and
/// again, until told to stop.
async fn client(
    db: Db,
    addr: String,
    cookie: String,
    pid: i64,
    who: usize,
    stop: tokio::sync::watch::Receiver<bool>,
) -> Seen {
    let mut seen = Seen::default();
    let mut n = 0;
    while !*stop.borrow() {
        n += 1;
        let name = format!("C{who} L{n}");
        let form = format!(
            "partner_id={pid}&location[name]={}&{LOCATION}",
            name.replace(' ', "+")
        );
        seen.attempts += 1;
        match post(&addr, "/api/add_location", &form, &cookie).await {
            Some((200, _)) => seen.added.push(name.clone()),
            Some(_) => continue,
            None => {
                seen.lost += 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        }
        let Ok((id, version)) =
            sqlx::query_as::<_, (String, i64)>("SELECT id, version FROM locations WHERE name = $1")
                .bind(&name)
                .fetch_one(&db)
                .await
        else {
            continue;
        };
        let renamed = format!("{name} saved");
        let form = format!(
            "partner_id={pid}&location_id={id}&version={version}&location[name]={}&{LOCATION}",
            renamed.replace(' ', "+")
        );
        seen.attempts += 1;
        match post(&addr, "/api/save_location", &form, &cookie).await {
            Some((200, _)) => seen.saved.push((renamed, version + 1)),
            Some(_) => {}
            None => seen.lost += 1,
        }
    }
    seen
}

async fn the_log_matches_the_changes_after_kill_9(db: Db, url: String) {
    let kills: usize = std::env::var("CRASH_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(4);
    let ana = sign_up(&db, "ana@contoso.example").await;
    let pid = ana.partner_id;
    // An enrollment that has locations, and the headquarters first (its
    // address becomes the legal address: other events, not counted here).
    enroll_active(&db, &ana.user_id, pid, Program::Mpn).await;
    partner_portal::domain::locations::add(&db, &ana.user_id, pid, &site("Headquarters"))
        .await
        .expect("headquarters");

    let addr = free_address();
    let mut server = start(&url, &addr).await;
    let credentials = format!(
        "form[email]=ana%40contoso.example&form[password]={}",
        PASSWORD.replace(' ', "+")
    );
    let (status, cookie) = post(&addr, "/api/sign_in", &credentials, "")
        .await
        .expect("sign in");
    assert_eq!(status, 200);
    let cookie = cookie.expect("session cookie");

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let clients: Vec<_> = (0..4)
        .map(|who| {
            tokio::spawn(client(
                db.clone(),
                addr.clone(),
                cookie.clone(),
                pid,
                who,
                stopped.clone(),
            ))
        })
        .collect();
    let mut rng = 0x9e37_79b9_7f4a_7c15_u64;
    for _ in 0..kills {
        // A pseudo-random moment 50–550 ms into the load.
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        tokio::time::sleep(Duration::from_millis(50 + rng % 500)).await;
        server.start_kill().expect("SIGKILL");
        server.wait().await.expect("killed");
        server = start(&url, &addr).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.send(true).expect("stop");
    let mut seen = Seen::default();
    for client in clients {
        let part = client.await.expect("client");
        seen.added.extend(part.added);
        seen.saved.extend(part.saved);
        seen.attempts += part.attempts;
        seen.lost += part.lost;
    }
    server.start_kill().expect("SIGKILL");
    server.wait().await.expect("killed");

    let mut failures = Vec::new();
    let postgres = {
        use sqlx::Connection;
        let mut conn = db.acquire().await.expect("connection");
        let postgres = conn.backend_name() == "PostgreSQL";
        conn.ping().await.expect("ping");
        postgres
    };
    if !postgres {
        let (integrity,): (String,) = sqlx::query_as("PRAGMA integrity_check")
            .fetch_one(&db)
            .await
            .expect("integrity check");
        if integrity != "ok" {
            failures.push(format!("integrity_check: {integrity}"));
        }
        let broken: Vec<(String,)> =
            sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
                .fetch_all(&db)
                .await
                .expect("foreign key check");
        if !broken.is_empty() {
            failures.push(format!("foreign keys broken in {broken:?}"));
        }
    }
    let locations: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT l.id, l.name, l.version FROM locations l JOIN accounts a ON a.id = l.account_id
         WHERE a.partner_id = $1",
    )
    .bind(pid)
    .fetch_all(&db)
    .await
    .expect("locations");
    let events: Vec<(String, String)> = sqlx::query_as(
        "SELECT e.action, COALESCE(e.subject, '') FROM activity_events e
         JOIN accounts a ON a.id = e.account_id
         WHERE a.partner_id = $1 AND e.action IN ('location.added', 'location.updated')",
    )
    .bind(pid)
    .fetch_all(&db)
    .await
    .expect("events");
    let count = |action: &str, id: &str| {
        events
            .iter()
            .filter(|(a, s)| a == action && s == id)
            .count() as i64
    };
    for (id, name, version) in &locations {
        if count("location.added", id) != 1 {
            failures.push(format!(
                "{name}: {} added events",
                count("location.added", id)
            ));
        }
        if count("location.updated", id) != version - 1 {
            failures.push(format!(
                "{name}: version {version}, {} updated events",
                count("location.updated", id)
            ));
        }
    }
    let ids: Vec<&String> = locations.iter().map(|(id, _, _)| id).collect();
    let orphans = events.iter().filter(|(_, s)| !ids.contains(&s)).count();
    if orphans > 0 {
        failures.push(format!("{orphans} events of locations that aren't there"));
    }
    for name in &seen.added {
        let saved = format!("{name} saved");
        if !locations.iter().any(|(_, n, _)| n == name || *n == saved) {
            failures.push(format!("{name}: added (200) but missing"));
        }
    }
    for (name, version) in &seen.saved {
        if !locations.iter().any(|(_, n, v)| n == name && v >= version) {
            failures.push(format!(
                "{name}: saved as version {version} (200) but not there"
            ));
        }
    }
    // Two per location (its events), one per change a client saw succeed,
    // one for the orphans, two for SQLite's checks.
    let checks = 2 * locations.len() + seen.added.len() + seen.saved.len() + 3;
    println!(
        "crash safety ({}): {kills} kills, {} requests ({} unanswered: server killed or restarting), {} locations and {} events checked; {} passed, {} failed",
        if postgres { "PostgreSQL" } else { "SQLite" },
        seen.attempts,
        seen.lost,
        locations.len(),
        events.len(),
        checks - failures.len().min(checks),
        failures.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

#[tokio::test]
async fn sqlite() {
    let path = std::env::temp_dir().join(format!("pp-crash-{}.db", partner_portal::db::new_id()));
    let url = format!("sqlite:{}?mode=rwc", path.display());
    let db = partner_portal::db::connect(&url).await.expect("SQLite");
    crate::common::within_limit(
        "the crash test on SQLite",
        the_log_matches_the_changes_after_kill_9(db.clone(), url),
    )
    .await;
    crate::common::Cleanup::Sqlite(path).run(db).await;
}

#[tokio::test]
async fn postgres() {
    let (url, cleanup) = crate::common::postgres_schema().await;
    let db = partner_portal::db::connect(&url).await.expect("PostgreSQL");
    crate::common::within_limit(
        "the crash test on PostgreSQL",
        the_log_matches_the_changes_after_kill_9(db.clone(), url),
    )
    .await;
    cleanup.run(db).await;
}
