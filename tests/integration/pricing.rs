//! Price lists on SQLite and PostgreSQL: an import checks every row first
//! (a bad row rejects the whole file, by line) and computes the change
//! markers against the month before, also when a month is imported again
//! after the next one; pages are filtered and read by keyset without
//! duplicates or gaps; the CSV export streams the filtered month, formulas
//! defused; who may read.

use crate::common::{events, member, operator, sign_up};
use futures_util::TryStreamExt;
use partner_portal::db::Db;
use partner_portal::domain::pricing::{self, Importer};
use partner_portal::model::pricing::{
    ImportOutcome, LineProblem, Marker, PriceFilter, RowProblem, PAGE_SIZE,
};
use partner_portal::model::{AppError, Role};

const HEADER: &str =
    "effective_start,effective_end,offer_id,offer_name,market,currency,unit,list_price\n";

/// A file for `month` with rows (market, currency, offer ID, name, price).
fn file(month: &str, rows: &[(&str, &str, &str, &str, &str)]) -> String {
    let end = pricing::month_end(month);
    let mut out = String::from(HEADER);
    for (market, currency, id, name, price) in rows {
        out.push_str(&format!(
            "{month}-01,{end},{id},\"{}\",{market},{currency},Per user per month,{price}\n",
            name.replace('"', "\"\"")
        ));
    }
    out
}

async fn import(db: &Db, text: &str) -> ImportOutcome {
    let operator = operator_once(db).await;
    pricing::import(db, Importer::Operator(&operator), text.as_bytes())
        .await
        .expect("import")
}

/// The test's operator (created on first use).
async fn operator_once(db: &Db) -> partner_portal::domain::operators::Operator {
    let id: Option<String> =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'olivia@vendor.example'")
            .fetch_optional(db)
            .await
            .expect("operator");
    match id {
        Some(id) => partner_portal::domain::operators::require(db, &id)
            .await
            .expect("operator"),
        None => operator(db).await,
    }
}

/// The month's (market, offer ID) → marker code, all rows.
async fn markers(db: &Db, month: &str) -> Vec<(String, String, String, i64)> {
    sqlx::query_as(
        "SELECT market, offer_id, marker, list_price FROM prices WHERE month = $1
         ORDER BY market, offer_id",
    )
    .bind(month)
    .fetch_all(db)
    .await
    .expect("markers")
}

fn row(market: &str, id: &str, marker: &str, price: i64) -> (String, String, String, i64) {
    (market.into(), id.into(), marker.into(), price)
}

async fn markers_follow_the_month_before(db: Db) {
    let october = file(
        "2026-10",
        &[
            ("FR", "EUR", "OFFER-A", "Alpha", "10"),
            ("FR", "EUR", "OFFER-B", "Beta", "20.00"),
            ("DE", "EUR", "OFFER-A", "Alpha", "11.5"),
        ],
    );
    let done = import(&db, &october).await;
    assert_eq!(
        done,
        ImportOutcome::Imported {
            month: "2026-10".into(),
            counts: [3, 0, 0, 0],
            replaced: false,
        }
    );
    let november = file(
        "2026-11",
        &[
            ("FR", "EUR", "OFFER-A", "Alpha", "10.0000"),
            ("FR", "EUR", "OFFER-B", "Beta", "21.5"),
            ("FR", "EUR", "OFFER-C", "Gamma", "0.0001"),
        ],
    );
    let done = import(&db, &november).await;
    assert_eq!(
        done,
        ImportOutcome::Imported {
            month: "2026-11".into(),
            counts: [1, 1, 1, 1],
            replaced: false,
        }
    );
    assert_eq!(
        markers(&db, "2026-11").await,
        [
            // Gone in November: listed as removed, with October's price.
            row("DE", "OFFER-A", "DEL", 115_000),
            row("FR", "OFFER-A", "UNC", 100_000),
            row("FR", "OFFER-B", "CHG", 215_000),
            row("FR", "OFFER-C", "ADD", 1),
        ]
    );
    // October again, after November: November's markers follow.
    let october = file(
        "2026-10",
        &[
            ("FR", "EUR", "OFFER-A", "Alpha", "12"),
            ("FR", "EUR", "OFFER-B", "Beta", "21.50"),
        ],
    );
    let done = import(&db, &october).await;
    assert!(
        matches!(done, ImportOutcome::Imported { replaced: true, .. }),
        "{done:?}"
    );
    assert_eq!(
        markers(&db, "2026-11").await,
        [
            row("FR", "OFFER-A", "CHG", 100_000),
            row("FR", "OFFER-B", "UNC", 215_000),
            row("FR", "OFFER-C", "ADD", 1),
        ]
    );
    assert_eq!(events(&db, "prices.imported").await, 3);
    // The command line imports too; its event has no actor.
    let december = file("2026-12", &[("FR", "EUR", "OFFER-A", "Alpha", "10")]);
    pricing::import(&db, Importer::CommandLine, december.as_bytes())
        .await
        .expect("command line");
    let actor: Option<String> = sqlx::query_scalar(
        "SELECT actor_user_id FROM activity_events WHERE action = 'prices.imported'
         AND subject = '2026-12'",
    )
    .fetch_one(&db)
    .await
    .expect("event");
    assert_eq!(actor, None);
}

on_both_databases!(markers_follow_the_month_before);

fn problems(outcome: ImportOutcome) -> Vec<LineProblem> {
    match outcome {
        ImportOutcome::Rejected { problems, .. } => problems,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

fn at(line: u64, problem: RowProblem) -> LineProblem {
    LineProblem { line, problem }
}

fn invalid(column: &str) -> RowProblem {
    RowProblem::Invalid {
        column: column.into(),
    }
}

async fn a_bad_row_rejects_the_whole_file(db: Db) {
    let good = file("2026-10", &[("FR", "EUR", "OFFER-A", "Alpha", "10")]);
    import(&db, &good).await;
    let before = markers(&db, "2026-10").await;
    let events_before = events(&db, "prices.imported").await;

    // Line 2 is good; lines 3–7 are not, each in its own way.
    let mut bad = file(
        "2026-10",
        &[
            ("FR", "EUR", "OFFER-B", "Beta", "20"),
            ("FR", "EUR", "OFFER-C", "Gamma", "20.12345"),
            ("FR", "EUR", "OFFER-B", "Beta again", "21"),
            ("FR", "USD", "OFFER-D", "Delta", "1"),
        ],
    );
    bad.push_str("2026-11-01,2026-11-30,OFFER-E,Epsilon,FR,EUR,Licenses,1\n");
    bad.push_str("2026-10-01,2026-10-31,OFFER-F,Phi,FR,EUR\n");
    bad.push_str("2026-10-31,2026-10-01,offer g,Gee,fr,EUR,Licenses,-1\n");
    assert_eq!(
        problems(import(&db, &bad).await),
        [
            at(3, invalid("list_price")),
            at(4, RowProblem::Duplicate { first: 2 }),
            at(
                5,
                RowProblem::OtherCurrency {
                    currency: "EUR".into()
                }
            ),
            at(
                6,
                RowProblem::OtherMonth {
                    month: "2026-10".into()
                }
            ),
            at(
                7,
                RowProblem::ColumnCount {
                    expected: 8,
                    found: 6
                }
            ),
            at(8, invalid("offer_id")),
            at(8, invalid("market")),
            at(8, invalid("list_price")),
            at(8, RowProblem::EndBeforeStart),
        ]
    );
    // Nothing changed, no event.
    assert_eq!(markers(&db, "2026-10").await, before);
    assert_eq!(events(&db, "prices.imported").await, events_before);

    // A wrong header, or no rows at all.
    assert_eq!(
        problems(import(&db, "start,end,id\n2026-10-01,2026-10-31,X\n").await),
        [at(1, RowProblem::Header)]
    );
    assert_eq!(
        problems(import(&db, HEADER).await),
        [at(2, RowProblem::NoRows)]
    );
    assert_eq!(problems(import(&db, "").await), [at(1, RowProblem::Header)]);
    // Not UTF-8.
    let mut latin1 = file("2026-10", &[("FR", "EUR", "OFFER-A", "Alpha", "10")]).into_bytes();
    latin1.extend_from_slice(b"2026-10-01,2026-10-31,OFFER-Z,Caf\xe9,FR,EUR,Licenses,1\n");
    let operator = operator_once(&db).await;
    let outcome = pricing::import(&db, Importer::Operator(&operator), latin1.as_slice())
        .await
        .expect("import");
    assert_eq!(problems(outcome), [at(3, RowProblem::Unreadable)]);
    assert_eq!(markers(&db, "2026-10").await, before);
}

on_both_databases!(a_bad_row_rejects_the_whole_file);

async fn pages_filter_and_follow_each_other(db: Db) {
    let me = sign_up(&db, "owner@contoso.example").await;
    let (pid, owner) = (me.partner_id, me.user_id.as_str());
    // 60 offers in FR and DE (EUR), 30 in GB (GBP); names out of ID order.
    let mut rows = Vec::new();
    let ids: Vec<String> = (0..60).map(|i| format!("OFFER-{i:03}")).collect();
    let names: Vec<String> = (0..60)
        .map(|i| format!("Offer {:03}", (i * 37) % 60))
        .collect();
    for market in ["FR", "DE"] {
        for i in 0..60 {
            rows.push((market, "EUR", ids[i].as_str(), names[i].as_str(), "9.99"));
        }
    }
    for i in 0..30 {
        rows.push(("GB", "GBP", ids[i].as_str(), names[i].as_str(), "8.50"));
    }
    import(&db, &file("2026-11", &rows)).await;
    import(&db, &file("2026-10", &rows[..10])).await;

    // Every page of the latest month, in order, none twice.
    let mut seen = Vec::new();
    let mut after = String::new();
    loop {
        let page = pricing::page(&db, owner, pid, &PriceFilter::default(), Some(&after))
            .await
            .expect("page");
        assert_eq!(page.month, "2026-11");
        assert_eq!(page.months, ["2026-11", "2026-10"]);
        assert_eq!(page.markets.len(), 3);
        assert!(page.rows.len() <= PAGE_SIZE);
        seen.extend(
            page.rows
                .iter()
                .map(|r| (r.market.clone(), r.offer_name.clone(), r.offer_id.clone())),
        );
        match page.next {
            Some(next) => after = next,
            None => break,
        }
    }
    let mut expected = seen.clone();
    expected.sort();
    expected.dedup();
    assert_eq!(seen, expected, "in order, no duplicates");
    assert_eq!(seen.len(), 150);

    // One currency; one market; one month.
    let gbp = PriceFilter {
        currency: "GBP".into(),
        ..PriceFilter::default()
    };
    let page = pricing::page(&db, owner, pid, &gbp, None)
        .await
        .expect("GBP");
    assert_eq!(page.rows.len(), 30);
    assert!(page.next.is_none());
    assert!(page
        .rows
        .iter()
        .all(|r| r.market == "GB" && r.list_price == 85_000));
    let fr = PriceFilter {
        market: "FR".into(),
        ..PriceFilter::default()
    };
    let first = pricing::page(&db, owner, pid, &fr, None).await.expect("FR");
    assert_eq!(first.rows.len(), PAGE_SIZE);
    let second = pricing::page(&db, owner, pid, &fr, first.next.as_deref())
        .await
        .expect("FR, second page");
    assert_eq!(second.rows.len(), 10);
    assert!(second.rows.iter().all(|r| r.market == "FR"));
    assert!(first.rows.last().map(|r| &r.offer_name) < second.rows.first().map(|r| &r.offer_name));
    let october = PriceFilter {
        month: "2026-10".into(),
        ..PriceFilter::default()
    };
    let page = pricing::page(&db, owner, pid, &october, None)
        .await
        .expect("October");
    assert_eq!(page.rows.len(), 10);
    assert!(page.rows.iter().all(|r| r.marker == Some(Marker::Add)));

    // Hand-edited addresses: a month never imported, malformed values.
    for (month, market, field) in [
        ("2026-09", "", "month"),
        ("2026-13", "", "month"),
        ("", "fra", "market"),
    ] {
        let filter = PriceFilter {
            month: month.into(),
            market: market.into(),
            currency: String::new(),
        };
        let error = pricing::page(&db, owner, pid, &filter, None)
            .await
            .expect_err("refused");
        assert_eq!(error.field_errors()[0].field, field, "{filter:?}");
    }
    assert_eq!(
        pricing::page(&db, owner, pid, &PriceFilter::default(), Some("junk'--"))
            .await
            .expect_err("bad cursor"),
        AppError::NotFound
    );

    // Who may read: SPEC §5's roles; strangers see no account.
    let sales = member(&db, pid, "sam@contoso.example", &[Role::SalesAgent]).await;
    assert!(
        pricing::page(&db, &sales, pid, &PriceFilter::default(), None)
            .await
            .is_ok()
    );
    let admin = member(&db, pid, "ada@contoso.example", &[Role::AccountAdmin]).await;
    assert_eq!(
        pricing::page(&db, &admin, pid, &PriceFilter::default(), None)
            .await
            .expect_err("account admin"),
        AppError::Forbidden
    );
    let stranger = sign_up(&db, "owner@fabrikam.example").await;
    assert_eq!(
        pricing::page(&db, &stranger.user_id, pid, &PriceFilter::default(), None)
            .await
            .expect_err("stranger"),
        AppError::NotFound
    );
}

on_both_databases!(pages_filter_and_follow_each_other);

async fn the_export_streams_the_filtered_month(db: Db) {
    let me = sign_up(&db, "owner@contoso.example").await;
    let mut rows = Vec::new();
    let ids: Vec<String> = (0..1_200).map(|i| format!("OFFER-{i:04}")).collect();
    for id in &ids {
        rows.push(("FR", "EUR", id.as_str(), "Plan, \"Pro\"", "1.5"));
    }
    rows.push(("DE", "EUR", "OFFER-X", "=HYPERLINK(\"http://x\")", "2"));
    import(&db, &file("2026-11", &rows)).await;

    let export = |filter: PriceFilter| {
        let db = db.clone();
        let user = me.user_id.clone();
        async move {
            let bounds = pricing::export_bounds(&db, &user, me.partner_id, &filter)
                .await
                .expect("may export");
            let chunks: Vec<Vec<u8>> = pricing::export_csv(db, bounds)
                .try_collect()
                .await
                .expect("export");
            (chunks.len(), chunks.concat())
        }
    };
    // Two batches of 1,000 for France.
    let (batches, bytes) = export(PriceFilter {
        market: "FR".into(),
        ..PriceFilter::default()
    })
    .await;
    assert_eq!(batches, 2);
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    assert_eq!(
        reader.headers().expect("header").iter().collect::<Vec<_>>(),
        [
            "effective_start",
            "effective_end",
            "offer_id",
            "offer_name",
            "market",
            "currency",
            "unit",
            "list_price",
            "change"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(records.len(), 1_200);
    assert_eq!(&records[0][3], "Plan, \"Pro\"");
    assert_eq!(&records[0][7], "1.50");
    assert_eq!(&records[0][8], "ADD");
    let exported: Vec<&str> = records.iter().map(|r| &r[2]).collect();
    assert_eq!(exported, ids);

    // Germany: the formula is defused.
    let (_, bytes) = export(PriceFilter {
        market: "DE".into(),
        ..PriceFilter::default()
    })
    .await;
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(text.contains("'=HYPERLINK"), "{text}");

    // Someone who may not view pricing gets nothing.
    let admin = member(
        &db,
        me.partner_id,
        "ada@contoso.example",
        &[Role::AccountAdmin],
    )
    .await;
    assert_eq!(
        pricing::export_bounds(&db, &admin, me.partner_id, &PriceFilter::default())
            .await
            .expect_err("refused"),
        AppError::Forbidden
    );
}

on_both_databases!(the_export_streams_the_filtered_month);

async fn the_demo_price_lists_are_generated(db: Db) {
    assert!(pricing::seed_demo(&db, 2).await.expect("seed"));
    assert!(
        !pricing::seed_demo(&db, 2).await.expect("once"),
        "only once"
    );
    let counts: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT month, marker, COUNT(*) FROM prices GROUP BY month, marker ORDER BY month, marker",
    )
    .fetch_all(&db)
    .await
    .expect("counts");
    let of = |month: &str, marker: &str| {
        counts
            .iter()
            .find(|(m, k, _)| m == month && k == marker)
            .map_or(0, |c| c.2)
    };
    // 30 markets × the catalog, less what isn't sold everywhere.
    assert!(of("2026-11", "ADD") > 55_000, "{counts:?}");
    // December: some prices move, some offers pause, some come back.
    for marker in ["ADD", "CHG", "DEL", "UNC"] {
        assert!(of("2026-12", marker) > 1_000, "{marker}: {counts:?}");
    }
    let markets: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM price_list_markets WHERE month = '2026-12'")
            .fetch_one(&db)
            .await
            .expect("markets");
    assert_eq!(markets, 30);
}

on_both_databases!(the_demo_price_lists_are_generated);

/// Over HTTP: the CSV download answers as an attachment; a malformed month
/// is 422, no session 401; another account's member gets the same 404 as
/// for an account that doesn't exist.
async fn the_csv_download_answers_with_real_statuses(db: Db) {
    use crate::activity::get_csv;
    use crate::http::{app, sign_in};
    let me = sign_up(&db, "owner@contoso.example").await;
    let pid = me.partner_id;
    import(
        &db,
        &file("2026-11", &[("FR", "EUR", "OFFER-A", "Alpha", "10")]),
    )
    .await;
    let app = app(&db);
    let cookie = sign_in(&app, "owner@contoso.example").await;
    let (status, kind, body) = get_csv(
        &app,
        Some(&cookie),
        &format!("/a/{pid}/pricing.csv?market=FR"),
    )
    .await;
    assert_eq!(
        (status, kind.as_str()),
        (200, "text/csv; charset=utf-8"),
        "{body}"
    );
    assert_eq!(body.lines().count(), 2, "{body}");
    assert!(
        body.ends_with(",Alpha,FR,EUR,Per user per month,10.00,ADD\n"),
        "{body}"
    );
    let (status, _, _) = get_csv(
        &app,
        Some(&cookie),
        &format!("/a/{pid}/pricing.csv?month=never"),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        get_csv(&app, None, &format!("/a/{pid}/pricing.csv"))
            .await
            .0,
        401
    );

    sign_up(&db, "eve@fabrikam.example").await;
    let eve = sign_in(&app, "eve@fabrikam.example").await;
    let theirs = get_csv(&app, Some(&eve), &format!("/a/{pid}/pricing.csv")).await;
    let missing = get_csv(&app, Some(&eve), "/a/999999/pricing.csv").await;
    assert_eq!(theirs, missing);
    assert_eq!(theirs.0, 404);
}

on_both_databases!(the_csv_download_answers_with_real_statuses);

/// Two imports of one month at once (two operators, or a retry): both
/// succeed, one after the other; the month holds the second's list, and
/// each has its event.
async fn imports_of_one_month_at_once_run_one_after_the_other(db: Db) {
    operator_once(&db).await;
    let files: Vec<String> = (0..4)
        .map(|n| {
            let rows: Vec<(String, String)> = (0..300)
                .map(|i| (format!("OFFER-{i:04}"), format!("{}.{n}", 10 + i)))
                .collect();
            let rows: Vec<(&str, &str, &str, &str, &str)> = rows
                .iter()
                .map(|(id, price)| ("FR", "EUR", id.as_str(), "Offer", price.as_str()))
                .collect();
            file("2026-10", &rows)
        })
        .collect();
    let outcomes = futures_util::future::join_all(files.iter().map(|text| {
        let db = db.clone();
        async move {
            let operator = operator_once(&db).await;
            pricing::import(&db, Importer::Operator(&operator), text.as_bytes()).await
        }
    }))
    .await;
    for outcome in &outcomes {
        assert!(
            matches!(outcome, Ok(ImportOutcome::Imported { .. })),
            "{outcome:?}"
        );
    }
    assert_eq!(events(&db, "prices.imported").await, 4);
    let (rows, lists): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM prices WHERE month = '2026-10'),
                (SELECT COUNT(DISTINCT list_price % 10000) FROM prices WHERE month = '2026-10')",
    )
    .fetch_one(&db)
    .await
    .expect("counts");
    // Each file's prices end in its own decimal: one file's list, whole.
    assert_eq!((rows, lists), (300, 1), "one whole list, not a mix");
}

on_both_databases!(imports_of_one_month_at_once_run_one_after_the_other);
