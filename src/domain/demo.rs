//! Demo data for a first look at the product: created through the same domain
//! functions as real use (so activity events exist too), only on an empty database.

use super::{accounts, programs};
use crate::db::Db;
use crate::model::validation::{NewAccount, SignUp};
use crate::model::{AccountType, AppError, Language, Program};

pub const PASSWORD: &str = "Demo-Password-1";

/// A demo sign-in and what it shows.
pub struct DemoUser {
    pub email: &'static str,
    pub shows: &'static str,
}

pub const USERS: [DemoUser; 2] = [
    DemoUser {
        email: "ana@contoso.example",
        shows: "three accounts: Partner programs only, Developer programs only, both",
    },
    DemoUser {
        email: "ben@tailspin.example",
        shows: "one account, enrolled in no program",
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
