//! The offer catalog on SQLite and PostgreSQL: the generated catalog is
//! loaded by the migrations; search and per-segment counts; pins (at most
//! 5, offers of the catalog) in an order every user of the account sees;
//! two editors saving at once: one wins, the other is told.

use crate::common::{events, member, sign_up};
use partner_portal::db::Db;
use partner_portal::domain::catalog;
use partner_portal::model::catalog::{Segment, PER_SEGMENT};
use partner_portal::model::validation::Problem;
use partner_portal::model::{AppError, Role};

async fn the_catalog_is_searchable_by_segment(db: Db) {
    let me = sign_up(&db, "owner@contoso.example").await;
    let all: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM offers")
        .fetch_one(&db)
        .await
        .expect("count");
    assert!(all >= 2_000, "{all} offers");
    let page = catalog::page(&db, &me.user_id, me.partner_id, "")
        .await
        .expect("page");
    assert_eq!(page.segments.len(), 4);
    assert_eq!(page.segments.iter().map(|s| s.total).sum::<i64>(), all);
    assert!(page.segments.iter().all(|s| s.offers.len() == PER_SEGMENT));
    let found = catalog::page(
        &db,
        &me.user_id,
        me.partner_id,
        "microsoft business premium education",
    )
    .await
    .expect("search");
    let education = &found.segments[1];
    assert_eq!(education.segment, Segment::Education);
    assert_eq!(education.total, 8, "one per term");
    assert!(found
        .segments
        .iter()
        .filter(|s| s.segment != Segment::Education)
        .all(|s| s.total == 0));
    // By offer ID, any case.
    let id = education.offers[0].offer_id.to_lowercase();
    let by_id = catalog::page(&db, &me.user_id, me.partner_id, &id)
        .await
        .expect("by id");
    assert_eq!(by_id.segments.iter().map(|s| s.total).sum::<i64>(), 1);
}

on_both_databases!(the_catalog_is_searchable_by_segment);

async fn offer_ids(db: &Db, n: i64) -> Vec<String> {
    sqlx::query_scalar("SELECT offer_id FROM offers ORDER BY offer_id LIMIT $1")
        .bind(n)
        .fetch_all(db)
        .await
        .expect("offers")
}

async fn pins_are_ordered_limited_and_shared(db: Db) {
    let me = sign_up(&db, "owner@contoso.example").await;
    let (pid, owner) = (me.partner_id, me.user_id.as_str());
    let sales = member(&db, pid, "sam@contoso.example", &[Role::SalesAgent]).await;
    let admin = member(&db, pid, "ada@contoso.example", &[Role::AccountAdmin]).await;
    let ids = offer_ids(&db, 6).await;

    let v1 = catalog::save_pins(&db, owner, pid, &ids[..3], 0)
        .await
        .expect("pin three");
    let reordered = vec![ids[2].clone(), ids[0].clone(), ids[1].clone()];
    let v2 = catalog::save_pins(&db, &sales, pid, &reordered, v1)
        .await
        .expect("reorder");
    // Every user of the account sees the order.
    let seen = catalog::page(&db, &admin, pid, "").await.expect("page");
    assert_eq!(seen.version, v2);
    assert_eq!(
        seen.pinned
            .iter()
            .map(|o| o.offer_id.clone())
            .collect::<Vec<_>>(),
        reordered
    );
    // Account admins don't customize the catalog.
    assert_eq!(
        catalog::save_pins(&db, &admin, pid, &ids[..1], v2).await,
        Err(AppError::Forbidden)
    );

    let refused = |result: Result<i64, AppError>| match result {
        Err(AppError::Invalid(errors)) => errors[0].problem,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        refused(catalog::save_pins(&db, owner, pid, &ids[..6], v2).await),
        Problem::TooManyChoices { max: 5 }
    );
    assert_eq!(
        refused(catalog::save_pins(&db, owner, pid, &["NOPE".to_string()], v2).await),
        Problem::UnknownChoice
    );
    assert_eq!(
        refused(catalog::save_pins(&db, owner, pid, &[ids[0].clone(), ids[0].clone()], v2).await),
        Problem::UnknownChoice
    );
    assert_eq!(
        catalog::page(&db, owner, pid, "")
            .await
            .expect("page")
            .version,
        v2
    );
    assert_eq!(events(&db, "catalog.pins_changed").await, 2);

    // Another account's order is its own.
    let other = sign_up(&db, "eve@fabrikam.example").await;
    assert!(catalog::page(&db, &other.user_id, other.partner_id, "")
        .await
        .expect("theirs")
        .pinned
        .is_empty());
    assert_eq!(
        catalog::page(&db, &other.user_id, pid, "")
            .await
            .map(|_| ()),
        Err(AppError::NotFound)
    );
}

on_both_databases!(pins_are_ordered_limited_and_shared);

async fn two_editors_reordering_at_once_make_one_change(db: Db) {
    let me = sign_up(&db, "owner@contoso.example").await;
    let pid = me.partner_id;
    let sales = member(&db, pid, "sam@contoso.example", &[Role::SalesAgent]).await;
    let ids = offer_ids(&db, 3).await;
    let v1 = catalog::save_pins(&db, &me.user_id, pid, &ids, 0)
        .await
        .expect("pin");
    let mine = vec![ids[1].clone(), ids[0].clone(), ids[2].clone()];
    let theirs = vec![ids[2].clone(), ids[1].clone(), ids[0].clone()];
    let (a, b) = tokio::join!(
        catalog::save_pins(&db, &me.user_id, pid, &mine, v1),
        catalog::save_pins(&db, &sales, pid, &theirs, v1),
    );
    let outcomes = [a, b];
    assert_eq!(
        outcomes.iter().filter(|r| r.is_ok()).count(),
        1,
        "{outcomes:?}"
    );
    assert!(
        outcomes
            .iter()
            .any(|r| matches!(r, Err(AppError::EditedMeanwhile(_)))),
        "{outcomes:?}"
    );
    let saved: Vec<String> = catalog::page(&db, &me.user_id, pid, "")
        .await
        .expect("page")
        .pinned
        .into_iter()
        .map(|o| o.offer_id)
        .collect();
    assert!(saved == mine || saved == theirs);
    assert_eq!(events(&db, "catalog.pins_changed").await, 2);
    // Two first saves at once: one row, one winner.
    let other = sign_up(&db, "eve@fabrikam.example").await;
    let (a, b) = tokio::join!(
        catalog::save_pins(&db, &other.user_id, other.partner_id, &ids[..1], 0),
        catalog::save_pins(&db, &other.user_id, other.partner_id, &ids[1..2], 0),
    );
    assert_eq!([a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(), 1);
}

on_both_databases!(two_editors_reordering_at_once_make_one_change);
