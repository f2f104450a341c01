//! Learning account association on SQLite and PostgreSQL, with a clock the
//! test controls: an ID links to one account at a time (moving it records
//! an event on both), 3 associations a year and 30 days apart (the refusal
//! names the date of the next), "Remove access", one person per ID.

use crate::common::{count, join, sign_up};
use partner_portal::db::Db;
use partner_portal::domain::learning;
use partner_portal::model::validation::Problem;
use partner_portal::model::{AppError, Role};

const DAY: i64 = 86_400;
const T0: i64 = 1_800_000_000;

fn problem(result: Result<(), AppError>) -> Problem {
    match result {
        Err(AppError::Invalid(errors)) => errors[0].problem,
        other => panic!("{other:?}"),
    }
}

async fn an_id_links_to_one_account_at_a_time_within_the_limits(db: Db) {
    let ana = sign_up(&db, "ana@contoso.example").await;
    let other = sign_up(&db, "olga@fabrikam.example").await;
    join(&db, other.partner_id, &ana.user_id, &[Role::SalesAgent]).await;
    let (me, here, there) = (ana.user_id.as_str(), ana.partner_id, other.partner_id);

    learning::link(&db, me, here, " Ana-Learn.42 ", T0)
        .await
        .expect("link");
    let status = learning::status(&db, me, here, T0).await.expect("status");
    assert_eq!(status.learning_id.as_deref(), Some("ana-learn.42"));
    assert_eq!(status.linked_here_since, Some(T0));
    assert_eq!(status.next_allowed, Some(T0 + 30 * DAY));
    // Seen from the other account: linked elsewhere.
    let seen = learning::status(&db, me, there, T0).await.expect("status");
    assert_eq!(
        seen.linked_elsewhere.as_deref(),
        Some("Company of ana@contoso.example")
    );

    // Too soon: the refusal says when.
    assert_eq!(
        problem(learning::link(&db, me, there, "ana-learn.42", T0 + 10 * DAY).await),
        Problem::AssociationLimit {
            next: T0 + 30 * DAY
        }
    );
    // Linking elsewhere moves it: an event on both accounts.
    learning::link(&db, me, there, "ana-learn.42", T0 + 30 * DAY)
        .await
        .expect("move");
    assert_eq!(
        learning::status(&db, me, here, T0 + 30 * DAY)
            .await
            .expect("status")
            .linked_here_since,
        None
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM activity_events WHERE action = $1",
            "learning.unlinked"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM activity_events WHERE action = $1",
            "learning.linked"
        )
        .await,
        2
    );

    learning::link(&db, me, here, "ana-learn.42", T0 + 60 * DAY)
        .await
        .expect("third");
    // A fourth within the year waits for the first to leave it.
    assert_eq!(
        problem(learning::link(&db, me, there, "ana-learn.42", T0 + 100 * DAY).await),
        Problem::AssociationLimit {
            next: T0 + 365 * DAY
        }
    );
    // Linking again where it is linked is no new association.
    learning::link(&db, me, here, "ANA-LEARN.42", T0 + 100 * DAY)
        .await
        .expect("same");

    learning::remove(&db, me, here)
        .await
        .expect("remove access");
    let status = learning::status(&db, me, here, T0 + 100 * DAY)
        .await
        .expect("status");
    assert_eq!(
        (status.linked_here_since, status.linked_elsewhere),
        (None, None)
    );
    assert_eq!(
        learning::remove(&db, me, here).await,
        Err(AppError::NotFound)
    );
    learning::link(&db, me, there, "ana-learn.42", T0 + 366 * DAY)
        .await
        .expect("a year on");
}

on_both_databases!(an_id_links_to_one_account_at_a_time_within_the_limits);

async fn an_id_belongs_to_one_person_and_strangers_see_nothing(db: Db) {
    let ana = sign_up(&db, "ana@contoso.example").await;
    let bob = sign_up(&db, "bob@fabrikam.example").await;
    learning::link(&db, &ana.user_id, ana.partner_id, "shared-id", T0)
        .await
        .expect("link");
    assert_eq!(
        problem(learning::link(&db, &bob.user_id, bob.partner_id, "Shared-ID", T0).await),
        Problem::LearningIdTaken
    );
    assert_eq!(
        problem(learning::link(&db, &bob.user_id, bob.partner_id, "has space", T0).await),
        Problem::InvalidLearningId
    );
    assert_eq!(
        learning::link(&db, &bob.user_id, ana.partner_id, "bob-id", T0).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        learning::status(&db, &bob.user_id, ana.partner_id, T0)
            .await
            .map(|_| ()),
        Err(AppError::NotFound)
    );
    assert_eq!(
        learning::remove(&db, &bob.user_id, ana.partner_id).await,
        Err(AppError::NotFound)
    );
}

on_both_databases!(an_id_belongs_to_one_person_and_strangers_see_nothing);
