//! tower-sessions store on our `AnyPool`. Written here because the published
//! sqlx stores are typed per engine (SqliteStore, PostgresStore) and we run one
//! code path on both; it also copies the user id out of the session data into
//! a column, so a user's sessions can be listed and ended.

use async_trait::async_trait;
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use crate::db::Db;
use crate::domain::users;

/// Where axum-login keeps its data inside the session.
pub const AUTH_DATA_KEY: &str = "axum-login.data";

#[derive(Clone, Debug)]
pub struct SqlSessionStore {
    db: Db,
}

impl SqlSessionStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// Removes sessions past their expiry; run periodically.
    pub async fn delete_expired(&self) -> Result<u64, sqlx::Error> {
        let done = sqlx::query("DELETE FROM sessions WHERE expiry_date <= $1")
            .bind(OffsetDateTime::now_utc().unix_timestamp())
            .execute(&self.db)
            .await?;
        Ok(done.rows_affected())
    }
}

fn backend(error: sqlx::Error) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

fn user_id_of(record: &Record) -> Option<String> {
    record
        .data
        .get(AUTH_DATA_KEY)?
        .get("user_id")?
        .as_str()
        .map(str::to_string)
}

fn encode(record: &Record) -> session_store::Result<String> {
    serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))
}

#[async_trait]
impl SessionStore for SqlSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A clash of random 128-bit ids is practically impossible, but the
        // primary key makes it safe: draw another id and try again.
        for _ in 0..3 {
            let inserted = sqlx::query(
                "INSERT INTO sessions (id, user_id, data, expiry_date) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(record.id.to_string())
            .bind(user_id_of(record))
            .bind(encode(record)?)
            .bind(record.expiry_date.unix_timestamp())
            .execute(&self.db)
            .await
            .map_err(backend)?;
            if inserted.rows_affected() == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
        Err(session_store::Error::Backend("no free session id".into()))
    }

    /// Updates only: a session ended meanwhile (sign-out elsewhere, password
    /// reset) stays ended even if a request that was already running saves
    /// it afterwards. New sessions go through `create`.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        sqlx::query("UPDATE sessions SET user_id = $2, data = $3, expiry_date = $4 WHERE id = $1")
            .bind(record.id.to_string())
            .bind(user_id_of(record))
            .bind(encode(record)?)
            .bind(record.expiry_date.unix_timestamp())
            .execute(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    /// Reads the session and, in the same query, its user's row, which the
    /// request's `Backend::get_user` then takes instead of a second query
    /// (see `super::loaded_user`).
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        type Joined = (
            String,
            i64,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
        );
        let row: Option<Joined> = sqlx::query_as(&format!(
            "SELECT s.data, s.expiry_date, {}
             FROM sessions s LEFT JOIN users u ON u.id = s.user_id
             WHERE s.id = $1 AND s.expiry_date > $2",
            users::COLUMNS
        ))
        .bind(id.to_string())
        .bind(OffsetDateTime::now_utc().unix_timestamp())
        .fetch_optional(&self.db)
        .await
        .map_err(backend)?;
        let Some((data, expiry, uid, email, name, hash, language, must, generation, version)) = row
        else {
            return Ok(None);
        };
        if let (Some(id), Some(email), Some(name), Some(hash), Some(language)) =
            (uid, email, name, hash, language)
        {
            let row = (
                id,
                email,
                name,
                hash,
                language,
                must.unwrap_or_default(),
                generation.unwrap_or_default(),
                version.unwrap_or_default(),
            );
            super::loaded_user::keep(users::from_row(row));
        }
        Ok(Some(Record {
            id: *id,
            data: serde_json::from_str(&data)
                .map_err(|e| session_store::Error::Decode(e.to_string()))?,
            expiry_date: OffsetDateTime::from_unix_timestamp(expiry)
                .map_err(|e| session_store::Error::Decode(e.to_string()))?,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
