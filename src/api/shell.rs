//! The navigation shell's data and the language preference.

use leptos::prelude::*;

use crate::model::{AppError, Shell};

#[server(endpoint = "shell", output = leptos::server_fn::codec::Postcard)]
pub async fn load_shell(partner_id: i64) -> Result<Shell, AppError> {
    use super::server::{db, user};
    let user = user().await?;
    crate::domain::accounts::shell_of(&db()?, &user.id, user.current, partner_id).await
}

/// Stores the signed-in user's language. Visitors' choice lives in a cookie only.
#[server(endpoint = "set_language", output = leptos::server_fn::codec::Postcard)]
pub async fn set_language(language: String) -> Result<(), AppError> {
    use super::server::{db, user_id};
    let language = crate::model::Language::from_code(&language).ok_or(AppError::NotFound)?;
    match user_id().await {
        Ok(user_id) => crate::domain::users::set_language(&db()?, &user_id, language).await,
        Err(AppError::NotSignedIn) => Ok(()),
        Err(error) => Err(error),
    }
}
