//! Demo data for a first look at the product: created through the same domain
//! functions as real use (so activity events exist too), only on an empty database.

use super::{accounts, agreements, members, profile, programs};
use crate::db::Db;
use crate::model::validation::{NewAccount, NewUser, SignUp};
use crate::model::{AccountType, Agreement, AppError, Language, Program, Role};

pub const PASSWORD: &str = "Demo-Password-1";

/// A demo sign-in and what it shows.
pub struct DemoUser {
    pub email: &'static str,
    pub shows: &'static str,
}

pub const USERS: [DemoUser; 3] = [
    DemoUser {
        email: "ana@contoso.example",
        shows: "three accounts: Partner programs only, Developer programs only, both (with an agreement to re-accept)",
    },
    DemoUser {
        email: "ben@tailspin.example",
        shows: "one account, enrolled in no program",
    },
    DemoUser {
        email: "sam@contoso.example",
        shows: "a Sales agent at Contoso Partners: no user management",
    },
];

/// Creates the demo users and accounts unless the database already has users.
/// Returns whether it did.
pub async fn seed_if_empty(db: &Db) -> Result<bool, AppError> {
    let (users,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
        .fetch_one(db)
        .await?;
    if users > 0 {
        return Ok(false);
    }
    let company = |legal_name: &str, country: &str| NewAccount {
        legal_name: legal_name.into(),
        country: country.into(),
        account_type: AccountType::Company,
    };
    let ana = accounts::sign_up(
        db,
        &SignUp {
            email: USERS[0].email.into(),
            password: PASSWORD.into(),
            display_name: "Ana Martin".into(),
            account: company("Contoso Partners", "FR"),
        },
        Language::En,
    )
    .await?;
    for program in [Program::Mpn, Program::Referrals] {
        programs::enroll(db, &ana.user_id, ana.partner_id, program).await?;
    }
    agreements::accept(db, &ana.user_id, ana.partner_id, Agreement::Mpn, 1).await?;
    let fabrikam =
        accounts::create_account(db, &ana.user_id, &company("Fabrikam Apps", "US")).await?;
    for program in [Program::OfficeStore, Program::EdgeExtensions] {
        programs::enroll(db, &ana.user_id, fabrikam, program).await?;
    }
    let northwind =
        accounts::create_account(db, &ana.user_id, &company("Northwind Traders", "GB")).await?;
    for program in [Program::Mpn, Program::CommercialMarketplace] {
        programs::enroll(db, &ana.user_id, northwind, program).await?;
    }
    agreements::accept(db, &ana.user_id, northwind, Agreement::Mpn, 1).await?;
    // Northwind accepted the Publisher agreement in March 2025, before its
    // version 2: the "Action needed" banner shows there. (Recorded as history:
    // today only the latest version can be accepted.)
    sqlx::query(
        "INSERT INTO agreement_acceptances (account_id, agreement, version, accepted_by, accepted_at)
         SELECT id, 'publisher', 1, $1, 1740787200 FROM accounts WHERE partner_id = $2",
    )
    .bind(&ana.user_id)
    .bind(northwind)
    .execute(db)
    .await?;
    // Colleagues at Contoso, added as an admin would (then given the demo
    // password, as they would at first sign-in).
    for (name, email, roles) in [
        ("Sam Lee", USERS[2].email, vec![Role::SalesAgent]),
        (
            "Chloé Bernard",
            "chloe@contoso.example",
            vec![Role::BillingAdmin],
        ),
        (
            "David Kim",
            "david@contoso.example",
            vec![Role::Developer, Role::Marketer],
        ),
    ] {
        let input = NewUser {
            display_name: name.into(),
            email: email.into(),
            roles,
        };
        let temp = members::add_user(db, &ana.user_id, ana.partner_id, &input).await?;
        let user = super::users::authenticate(db, email, &temp.password).await?;
        profile::change_password(db, &user.id, &temp.password, PASSWORD, None).await?;
    }
    accounts::sign_up(
        db,
        &SignUp {
            email: USERS[1].email.into(),
            password: PASSWORD.into(),
            display_name: "Ben Dupont".into(),
            account: company("Tailspin Toys", "FR"),
        },
        Language::En,
    )
    .await?;
    Ok(true)
}
