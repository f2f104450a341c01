//! The activity log on SQLite and PostgreSQL: pages newest first by keyset
//! (no repeat or gap while events arrive), filters by date, user and action,
//! who may read it, and the CSV export over HTTP (streamed in batches,
//! escaped, refused to strangers exactly like a missing account).

use crate::common::{member, operator, sign_up};
use crate::http::{app, send, sign_in};
use axum::body::Body;
use axum::http::{header, Request};
use partner_portal::db::Db;
use partner_portal::domain::{activity, programs};
use partner_portal::model::activity::{ActivityFilter, PAGE_SIZE, PEOPLE_LISTED};
use partner_portal::model::page::Page;
use partner_portal::model::{AppError, Program, Role, SettingsArea};

const LOG: Page = Page::ActivityLog(SettingsArea::Partner);

async fn partner(db: &Db, email: &str) -> (String, i64, String) {
    let owner = sign_up(db, email).await;
    programs::enroll(db, &owner.user_id, owner.partner_id, Program::Mpn)
        .await
        .expect("enroll");
    let account: String = sqlx::query_scalar("SELECT id FROM accounts WHERE partner_id = $1")
        .bind(owner.partner_id)
        .fetch_one(db)
        .await
        .expect("account");
    (owner.user_id, owner.partner_id, account)
}

/// Writes `n` events at `at` (several share each second, as busy accounts'
/// do), by `actor`, with `action`.
async fn add_events(db: &Db, account: &str, actor: &str, action: &str, at: i64, n: usize) {
    for i in 0..n {
        sqlx::query(
            "INSERT INTO activity_events (id, occurred_at, account_id, actor_user_id, action,
                 subject, old_value, new_value)
             VALUES ($1, $2, $3, $4, $5, NULL, $6, $7)",
        )
        .bind(partner_portal::db::new_id())
        .bind(at + (i as i64 % 3))
        .bind(account)
        .bind(actor)
        .bind(action)
        .bind(format!("old {i}"))
        .bind(format!("new {i}"))
        .execute(db)
        .await
        .expect("event");
    }
}

fn no_filter() -> ActivityFilter {
    ActivityFilter::default()
}

async fn pages_have_no_repeat_or_gap_while_events_arrive(db: Db) {
    let (me, pid, account) = partner(&db, "owner@contoso.example").await;
    let base = activity::page(&db, &me, pid, LOG, &no_filter(), None)
        .await
        .expect("first page")
        .entries
        .len();
    add_events(&db, &account, &me, "location.added", 1_700_000_000, 130).await;
    let mut seen = Vec::new();
    let mut after = None::<String>;
    loop {
        let page = activity::page(&db, &me, pid, LOG, &no_filter(), after.as_deref())
            .await
            .expect("page");
        assert!(page.entries.len() <= PAGE_SIZE);
        seen.extend(page.entries.iter().map(|e| (e.occurred_at, e.id.clone())));
        // Newer events arrive between pages: they belong before the first.
        add_events(&db, &account, &me, "location.updated", 1_900_000_000, 2).await;
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 130 + base);
    let mut sorted = seen.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    sorted.dedup();
    assert_eq!(sorted, seen, "newest first, each once");
    assert_eq!(
        activity::page(&db, &me, pid, LOG, &no_filter(), Some("12-x'y")).await,
        Err(AppError::NotFound)
    );
}

on_both_databases!(pages_have_no_repeat_or_gap_while_events_arrive);

async fn filters_narrow_by_date_user_and_action(db: Db) {
    let (me, pid, account) = partner(&db, "owner@contoso.example").await;
    let ana = member(&db, pid, "ana@contoso.example", &[Role::AccountAdmin]).await;
    // 2026-03-01 00:00:00 UTC and the days around it.
    let march_1 = 1_772_323_200;
    add_events(&db, &account, &me, "location.added", march_1 - 86_400, 4).await;
    add_events(&db, &account, &ana, "location.added", march_1, 3).await;
    add_events(
        &db,
        &account,
        &ana,
        "location.removed",
        march_1 + 86_399 - 2,
        2,
    )
    .await;
    add_events(&db, &account, &me, "location.removed", march_1 + 86_400, 5).await;
    let read = |filter: ActivityFilter| {
        let db = db.clone();
        let me = me.clone();
        async move {
            activity::page(&db, &me, pid, LOG, &filter, None)
                .await
                .expect("page")
                .entries
        }
    };
    let day = read(ActivityFilter {
        from: "2026-03-01".into(),
        until: "2026-03-01".into(),
        ..no_filter()
    })
    .await;
    assert_eq!(day.len(), 5, "the whole of 1 March, both ends included");
    let by_ana = read(ActivityFilter {
        user: ana.clone(),
        ..no_filter()
    })
    .await;
    assert_eq!(by_ana.len(), 5);
    assert!(by_ana
        .iter()
        .all(|e| e.actor_email.as_deref() == Some("ana@contoso.example")));
    let removed = read(ActivityFilter {
        action: "location.removed".into(),
        from: "2026-03-02".into(),
        ..no_filter()
    })
    .await;
    assert_eq!(removed.len(), 5);
    let invalid = activity::page(
        &db,
        &me,
        pid,
        LOG,
        &ActivityFilter {
            until: "yesterday".into(),
            ..no_filter()
        },
        None,
    )
    .await;
    assert!(matches!(invalid, Err(AppError::Invalid(_))), "{invalid:?}");
    // The people of the account, for the user filter.
    let page = activity::page(&db, &me, pid, LOG, &no_filter(), None)
        .await
        .expect("page");
    assert_eq!(page.people.map(|p| p.len()), Some(2));
}

on_both_databases!(filters_narrow_by_date_user_and_action);

/// An account with more members than a list can hold: the page sends no
/// list, and the user filter takes an email (any case).
async fn a_big_account_filters_by_email(db: Db) {
    let (me, pid, account) = partner(&db, "owner@contoso.example").await;
    let ana = member(&db, pid, "ana@contoso.example", &[Role::AccountAdmin]).await;
    for i in 0..PEOPLE_LISTED {
        let id = format!("extra{i}");
        sqlx::query(
            "INSERT INTO users (id, email, display_name, password_hash, language, created_at)
             VALUES ($1, $2, 'Extra', 'x', 'en', 0)",
        )
        .bind(&id)
        .bind(format!("{id}@contoso.example"))
        .execute(&db)
        .await
        .expect("user");
        sqlx::query(
            "INSERT INTO memberships (account_id, user_id, created_at, name_key, email)
             SELECT $1, $2, 0, LOWER(display_name), email FROM users WHERE id = $2",
        )
        .bind(&account)
        .bind(&id)
        .execute(&db)
        .await
        .expect("membership");
    }
    add_events(&db, &account, &ana, "location.added", 1_772_323_200, 3).await;
    add_events(&db, &account, &me, "location.added", 1_772_323_200, 4).await;
    let read = |user: &str| {
        let filter = ActivityFilter {
            user: user.into(),
            ..no_filter()
        };
        let (db, me) = (db.clone(), me.clone());
        async move {
            activity::page(&db, &me, pid, LOG, &filter, None)
                .await
                .expect("page")
        }
    };
    let all = read("").await;
    assert_eq!(all.people, None, "{} members: no list", PEOPLE_LISTED + 2);
    let by_ana = read(" Ana@Contoso.example ").await;
    assert_eq!(by_ana.entries.len(), 3);
    assert!(by_ana
        .entries
        .iter()
        .all(|e| e.actor_email.as_deref() == Some("ana@contoso.example")));
    assert!(read("nobody@contoso.example").await.entries.is_empty());
}

on_both_databases!(a_big_account_filters_by_email);

async fn only_log_viewers_of_the_account_and_operators_read_it(db: Db) {
    let (me, pid, _) = partner(&db, "owner@contoso.example").await;
    let billing = member(&db, pid, "bill@contoso.example", &[Role::BillingAdmin]).await;
    let admin = member(&db, pid, "ada@contoso.example", &[Role::AccountAdmin]).await;
    let (stranger, their_pid, _) = partner(&db, "eve@fabrikam.example").await;
    let read = |user: String, pid: i64| {
        let db = db.clone();
        async move {
            activity::page(&db, &user, pid, LOG, &no_filter(), None)
                .await
                .map(|p| p.entries.len())
        }
    };
    assert!(read(me.clone(), pid).await.is_ok());
    assert!(read(admin, pid).await.is_ok());
    assert_eq!(read(billing, pid).await, Err(AppError::Forbidden));
    assert_eq!(read(stranger.clone(), pid).await, Err(AppError::NotFound));
    assert_eq!(
        read(stranger.clone(), 999_999).await,
        Err(AppError::NotFound)
    );
    // The Developer area isn't open for this account (no program in it).
    assert_eq!(
        activity::page(
            &db,
            &me,
            pid,
            Page::ActivityLog(SettingsArea::Developer),
            &no_filter(),
            None
        )
        .await
        .map(|p| p.entries.len()),
        Err(AppError::NotFound)
    );
    let op = operator(&db).await;
    let theirs = activity::page_for_operator(&db, &op, their_pid, &no_filter(), None)
        .await
        .expect("operator");
    assert!(theirs
        .entries
        .iter()
        .any(|e| e.actor_email.as_deref() == Some("eve@fabrikam.example")));
    assert!(theirs
        .entries
        .iter()
        .all(|e| e.actor_email.as_deref() != Some("owner@contoso.example")));
}

on_both_databases!(only_log_viewers_of_the_account_and_operators_read_it);

pub(crate) async fn get_csv(
    app: &axum::Router,
    cookie: Option<&str>,
    path: &str,
) -> (u16, String, String) {
    let mut request = Request::get(path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let (status, headers, body) = send(app, request.body(Body::empty()).expect("request")).await;
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, kind, String::from_utf8_lossy(&body).into_owned())
}

/// 2,500 events cross the export's batches of 1,000: each comes once; a
/// formula in a value is defused; another account's member gets the same
/// 404 as for an account that doesn't exist.
async fn the_csv_export_streams_every_filtered_event_once(db: Db) {
    let (me, pid, account) = partner(&db, "owner@contoso.example").await;
    add_events(&db, &account, &me, "location.added", 1_700_000_000, 2_500).await;
    sqlx::query("UPDATE activity_events SET new_value = '=HYPERLINK(\"http://evil\")' WHERE action = 'program.enrolled'")
        .execute(&db)
        .await
        .expect("formula");
    let app = app(&db);
    let cookie = sign_in(&app, "owner@contoso.example").await;
    let (status, kind, body) = get_csv(
        &app,
        Some(&cookie),
        &format!("/a/{pid}/activity.csv?action=location.added"),
    )
    .await;
    assert_eq!(
        (status, kind.as_str()),
        (200, "text/csv; charset=utf-8"),
        "{body}"
    );
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let ids: std::collections::HashSet<String> = reader
        .records()
        .map(|r| r.expect("record")[8].to_string())
        .collect();
    assert_eq!(ids.len(), 2_500);
    assert_eq!(body.lines().count(), 2_501, "a header and one line each");

    let (_, _, everything) = get_csv(&app, Some(&cookie), &format!("/a/{pid}/activity.csv")).await;
    assert!(
        everything.contains(",\"'=HYPERLINK(\"\"http://evil\"\")\","),
        "{}",
        &everything[..400]
    );
    let (status, _, _) = get_csv(
        &app,
        Some(&cookie),
        &format!("/a/{pid}/activity.csv?from=never"),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        get_csv(&app, None, &format!("/a/{pid}/activity.csv"))
            .await
            .0,
        401
    );

    partner(&db, "eve@fabrikam.example").await;
    let eve = sign_in(&app, "eve@fabrikam.example").await;
    let theirs = get_csv(&app, Some(&eve), &format!("/a/{pid}/activity.csv")).await;
    let missing = get_csv(&app, Some(&eve), "/a/999999/activity.csv").await;
    assert_eq!(theirs, missing);
    assert_eq!(theirs.0, 404);
}

on_both_databases!(the_csv_export_streams_every_filtered_event_once);
