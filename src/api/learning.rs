//! My profile → Learning account.

use leptos::prelude::*;

use crate::model::learning::LearningStatus;
use crate::model::AppError;

#[server(endpoint = "learning", output = leptos::server_fn::codec::Postcard)]
pub async fn load_learning(partner_id: i64) -> Result<LearningStatus, AppError> {
    use super::server::{db, user_id};
    let now = crate::db::now();
    crate::domain::learning::status(&db()?, &user_id().await?, partner_id, now).await
}

#[server(endpoint = "link_learning", output = leptos::server_fn::codec::Postcard)]
pub async fn link_learning(partner_id: i64, learning_id: String) -> Result<(), AppError> {
    use super::server::{db, user_id};
    let now = crate::db::now();
    crate::domain::learning::link(&db()?, &user_id().await?, partner_id, &learning_id, now).await
}

#[server(endpoint = "remove_learning", output = leptos::server_fn::codec::Postcard)]
pub async fn remove_learning(partner_id: i64) -> Result<(), AppError> {
    use super::server::{db, user_id};
    crate::domain::learning::remove(&db()?, &user_id().await?, partner_id).await
}
