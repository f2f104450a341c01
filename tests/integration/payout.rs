//! Developer settings → Payout and tax profile on SQLite and PostgreSQL:
//! validated (IBAN, ABA), versioned, masked after saving (the full number
//! never leaves the server), the Owners emailed, for the billing roles.

use crate::common::{count, events, member, sign_up};
use partner_portal::db::Db;
use partner_portal::domain::{payout, programs};
use partner_portal::model::payout::PayoutForm;
use partner_portal::model::validation::Problem;
use partner_portal::model::{AppError, FromLatest, Program, Role};

const IBAN: &str = "FR14 2004 1010 0505 0001 3M02 606";
const FULL: &str = "FR1420041010050500013M02606";

fn form() -> PayoutForm {
    PayoutForm {
        account_holder: "Fabrikam Apps SAS".into(),
        bank_country: "FR".into(),
        iban: IBAN.into(),
        tax_residence: "FR".into(),
        tax_id: "FR40303265045".into(),
        ..Default::default()
    }
}

/// A developer account (a pending Developer program opens its pages).
async fn developer(db: &Db, email: &str) -> (String, i64) {
    let owner = sign_up(db, email).await;
    programs::enroll(db, &owner.user_id, owner.partner_id, Program::OfficeStore)
        .await
        .expect("enroll");
    (owner.user_id, owner.partner_id)
}

async fn after_saving_only_the_last_four_characters_leave_the_server(db: Db) {
    let (me, pid) = developer(&db, "owner@fabrikam.example").await;
    let finance = member(&db, pid, "f@fabrikam.example", &[Role::FinanceContributor]).await;
    let version = payout::save_payout_profile(&db, &finance, pid, &form(), 0)
        .await
        .expect("a Finance contributor may");
    let seen = payout::payout_profile(&db, &me, pid).await.expect("read");
    assert_eq!(
        (
            seen.account_last4.as_str(),
            seen.tax_id_last4.as_str(),
            seen.version
        ),
        ("2606", "5045", version)
    );
    let json = serde_json::to_string(&seen).expect("json");
    assert!(
        !json.contains("3M02606") && !json.contains("303265045"),
        "{json}"
    );
    // The Owner is told, without the number.
    let told = count(
        &db,
        "SELECT COUNT(*) FROM outbox WHERE recipient = $1 AND subject LIKE 'Payout account changed%'
           AND body LIKE '%2606%'",
        "owner@fabrikam.example",
    )
    .await;
    assert_eq!(told, 1);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM outbox WHERE body LIKE $1",
            "%3M02606%"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM activity_events WHERE new_value LIKE $1",
            "%3M02606%"
        )
        .await,
        0,
        "the event is masked too"
    );
    assert_eq!(events(&db, "account.payout_profile_updated").await, 1);
    // A refused save answers with the latest profile, masked as well.
    match payout::save_payout_profile(&db, &me, pid, &form(), 0).await {
        Err(AppError::EditedMeanwhile(Some(latest))) => {
            match partner_portal::model::payout::PayoutView::from_latest(*latest) {
                Some(now) => {
                    assert_eq!(now.account_last4, "2606");
                    let json = serde_json::to_string(&now).expect("json");
                    assert!(!json.contains(FULL));
                }
                None => panic!("another record"),
            }
        }
        other => panic!("{other:?}"),
    }
}

async fn bad_numbers_are_named_and_change_nothing(db: Db) {
    let (me, pid) = developer(&db, "owner@fabrikam.example").await;
    let mut bad = form();
    bad.iban = "FR15 2004 1010 0505 0001 3M02 606".into();
    bad.tax_id = String::new();
    let err = payout::save_payout_profile(&db, &me, pid, &bad, 0)
        .await
        .unwrap_err();
    let fields: Vec<_> = err
        .field_errors()
        .iter()
        .map(|e| (e.field.as_str(), e.problem))
        .collect();
    assert_eq!(
        fields,
        [
            ("iban", Problem::InvalidIban),
            ("tax_id", Problem::Required)
        ]
    );
    let mut us = form();
    us.bank_country = "US".into();
    us.account_number = "000123456789".into();
    us.routing_code = "021000022".into();
    let err = payout::save_payout_profile(&db, &me, pid, &us, 0)
        .await
        .unwrap_err();
    assert_eq!(err.field_errors()[0].problem, Problem::InvalidRoutingCode);
    assert!(
        !payout::payout_profile(&db, &me, pid)
            .await
            .expect("read")
            .saved
    );
    us.routing_code = "021000021".into();
    payout::save_payout_profile(&db, &me, pid, &us, 0)
        .await
        .expect("a US account with its ABA routing number");
    assert_eq!(
        payout::payout_profile(&db, &me, pid)
            .await
            .expect("read")
            .account_last4,
        "6789"
    );
}

async fn only_the_billing_roles_change_it(db: Db) {
    let (_, pid) = developer(&db, "owner@fabrikam.example").await;
    let dev = member(&db, pid, "d@fabrikam.example", &[Role::Developer]).await;
    let dee = member(&db, pid, "x@fabrikam.example", &[Role::DefaultUser]).await;
    assert_eq!(
        payout::save_payout_profile(&db, &dev, pid, &form(), 0).await,
        Err(AppError::Forbidden)
    );
    assert!(payout::payout_profile(&db, &dev, pid).await.is_ok());
    assert_eq!(
        payout::payout_profile(&db, &dee, pid).await.err(),
        Some(AppError::Forbidden)
    );
}

on_both_databases!(
    after_saving_only_the_last_four_characters_leave_the_server,
    bad_numbers_are_named_and_change_nothing,
    only_the_billing_roles_change_it,
);
