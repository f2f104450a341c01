//! The activity log: its pages (server functions) and its CSV export (a
//! plain GET, streamed).

use leptos::prelude::*;

use crate::model::activity::{ActivityFilter, ActivityPage};
use crate::model::{AppError, SettingsArea};

#[server(endpoint = "activity", output = leptos::server_fn::codec::Postcard)]
pub async fn load_activity(
    partner_id: i64,
    area: SettingsArea,
    filter: ActivityFilter,
    #[server(default)] after: String,
) -> Result<ActivityPage, AppError> {
    use super::server::{db, user_id};
    use crate::model::page::Page;
    let page = Page::ActivityLog(area);
    crate::domain::activity::page(
        &db()?,
        &user_id().await?,
        partner_id,
        page,
        &filter,
        Some(&after),
    )
    .await
}

/// `GET /a/{partner_id}/activity.csv?from=…&until=…&user=…&action=…`: the
/// filtered log as a CSV attachment, for those who may view the log and for
/// operators. Refusals answer before the first byte, with the same status
/// and body as an account that doesn't exist.
#[cfg(feature = "ssr")]
pub async fn csv_response(
    db: crate::db::Db,
    mut auth: crate::auth::AuthSession,
    partner_id: String,
    filter: ActivityFilter,
) -> axum::response::Response {
    use crate::domain::{activity, operators};
    let checked = async {
        let user = super::server::download_user(&mut auth).await?;
        let partner_id: i64 = partner_id.parse().map_err(|_| AppError::NotFound)?;
        let operator = operators::is_operator(&db, &user.id).await?;
        let account = activity::export_account(&db, &user.id, partner_id, operator).await?;
        let bounds = filter.check().map_err(AppError::Invalid)?;
        Ok((partner_id, account, bounds))
    };
    match checked.await {
        Ok((partner_id, account, bounds)) => super::server::csv_stream(
            &format!("activity-{partner_id}.csv"),
            activity::export_csv(db, account, bounds),
        ),
        Err(error) => super::server::error_response(error),
    }
}
