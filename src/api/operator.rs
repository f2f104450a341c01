//! The operator console (SPEC §10). Each function first checks that the
//! signed-in user is an operator (`domain::operators::require`); to anyone
//! else the console doesn't exist (NotFound).

use leptos::prelude::*;

use crate::model::activity::{ActivityFilter, ActivityPage};
use crate::model::operator::{Decision, ExemptionRequest, OperatorAccount, VerificationRequest};
use crate::model::AppError;

#[cfg(feature = "ssr")]
async fn operator() -> Result<(crate::db::Db, crate::domain::operators::Operator), AppError> {
    use super::server::{db, user_id};
    let db = db()?;
    let operator = crate::domain::operators::require(&db, &user_id().await?).await?;
    Ok((db, operator))
}

#[server(endpoint = "operator_verifications", output = leptos::server_fn::codec::Postcard)]
pub async fn verification_queue(
    #[server(default)] query: String,
) -> Result<Vec<VerificationRequest>, AppError> {
    let (db, operator) = operator().await?;
    crate::domain::verification::queue(&db, &operator, &query).await
}

#[server(endpoint = "operator_decide_verification", output = leptos::server_fn::codec::Postcard)]
pub async fn decide_verification(
    partner_id: i64,
    decision: Decision,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let (db, operator) = operator().await?;
    crate::domain::verification::decide(&db, &operator, partner_id, decision, &reason).await
}

#[server(endpoint = "operator_tax_exemptions", output = leptos::server_fn::codec::Postcard)]
pub async fn exemption_queue(
    #[server(default)] query: String,
) -> Result<Vec<ExemptionRequest>, AppError> {
    let (db, operator) = operator().await?;
    crate::domain::tax_exemptions::queue(&db, &operator, &query).await
}

#[server(endpoint = "operator_decide_tax_exemption", output = leptos::server_fn::codec::Postcard)]
pub async fn decide_tax_exemption(
    exemption_id: String,
    decision: Decision,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let (db, operator) = operator().await?;
    crate::domain::tax_exemptions::decide(&db, &operator, &exemption_id, decision, &reason).await
}

#[server(endpoint = "operator_accounts", output = leptos::server_fn::codec::Postcard)]
pub async fn search_accounts(
    #[server(default)] query: String,
) -> Result<Vec<OperatorAccount>, AppError> {
    let (db, operator) = operator().await?;
    crate::domain::operators::search_accounts(&db, &operator, &query).await
}

/// Suspends the account with `reason`, or (`suspend` false) reactivates it.
#[server(endpoint = "operator_account_status", output = leptos::server_fn::codec::Postcard)]
pub async fn set_account_status(
    partner_id: i64,
    suspend: bool,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let (db, operator) = operator().await?;
    let suspension = suspend.then_some(reason.as_str());
    crate::domain::operators::set_account_status(&db, &operator, partner_id, suspension).await
}

/// Any account's activity log.
#[server(endpoint = "operator_activity", output = leptos::server_fn::codec::Postcard)]
pub async fn account_activity(
    partner_id: i64,
    filter: ActivityFilter,
    #[server(default)] after: String,
) -> Result<ActivityPage, AppError> {
    let (db, operator) = operator().await?;
    crate::domain::activity::page_for_operator(&db, &operator, partner_id, &filter, Some(&after))
        .await
}
