//! The access gate: the one place that answers "who is asking, and may
//! they?" for an account's data. Every account-scoped domain function starts
//! with [`open`] (reads) or [`begin_edit`] (writes), naming the page of the
//! catalog (`model::page`) the data belongs to; the page says which settings
//! area must be open and which permission is needed.
//!
//! An account the user isn't a member of answers `NotFound`, exactly like one
//! that doesn't exist. A refused caller takes no lock on the account's rows
//! and writes nothing.

use sqlx::Any;

use crate::db::{Db, Tx};
use crate::model::page::Page;
use crate::model::{
    AccountType, AccountView, AppError, Conflict, Enrollment, EnrollmentStatus, Permission,
    Program, Role, VerificationStatus,
};

/// The acting user's membership of one account: the account, and their roles there.
#[derive(Clone, Debug)]
pub struct Member {
    pub user_id: String,
    pub account_id: String,
    pub view: AccountView,
    /// The account's enrollments, sorted by program: read with the
    /// membership (pages open on them, several pages list them).
    pub enrollments: Vec<Enrollment>,
}

impl Member {
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.view.can(permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// What the caller is about to do with the page's data.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Intent {
    View,
    Edit,
}

/// For reading a page's data: the membership, once the page opens for the
/// account and the user may view it.
pub async fn open(db: &Db, user_id: &str, partner_id: i64, page: Page) -> Result<Member, AppError> {
    Ok(open_with(db, user_id, partner_id, page).await?.0)
}

/// [`open`], with what the page's cache read along with the membership
/// (see [`request_cache::Loader`]), if it did.
pub async fn open_with(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    page: Page,
) -> Result<(Member, Option<request_cache::Extra>), AppError> {
    let (member, extra) = match request_cache::current() {
        Some(cache) => cache.member(db, user_id, partner_id).await?,
        None => (member(db, user_id, partner_id).await?, None),
    };
    admit(&member, page, Intent::View)?;
    Ok((member, extra))
}

/// For changing a page's data: starts the transaction, takes the account's
/// write lock (only when the user is a member: a stranger locks nothing),
/// then checks membership, the page's opening rule and its edit permission.
/// The caller writes, records the activity event and commits.
///
/// The lock serialises every change to one account, so a check made after
/// it (the last Global admin, a record's version) holds until the commit.
/// On SQLite the first statement being a write also means the transaction
/// never works on a stale snapshot.
pub async fn begin_edit<'a>(
    db: &'a Db,
    user_id: &str,
    partner_id: i64,
    page: Page,
) -> Result<(Tx<'a>, Member), AppError> {
    begin(db, user_id, partner_id, page, None).await
}

/// [`begin_edit`] for a change that needs another permission than the
/// page's own (accepting the CPV agreement is the Global admin's alone).
pub async fn begin_edit_with<'a>(
    db: &'a Db,
    user_id: &str,
    partner_id: i64,
    page: Page,
    permission: Permission,
) -> Result<(Tx<'a>, Member), AppError> {
    begin(db, user_id, partner_id, page, Some(permission)).await
}

async fn begin<'a>(
    db: &'a Db,
    user_id: &str,
    partner_id: i64,
    page: Page,
    permission: Option<Permission>,
) -> Result<(Tx<'a>, Member), AppError> {
    let mut tx = crate::db::begin(db).await?;
    let locked = sqlx::query(
        "UPDATE accounts SET write_lock = write_lock + 1
         WHERE partner_id = $1
           AND id IN (SELECT account_id FROM memberships WHERE user_id = $2)",
    )
    .bind(partner_id)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    if locked.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    let member = member(&mut *tx, user_id, partner_id).await?;
    admit(&member, page, Intent::Edit)?;
    if let Some(permission) = permission {
        member.require(permission)?;
    }
    // SPEC §10: a suspended account's members read; nothing changes.
    if member.view.suspended.is_some() {
        return Err(AppError::Conflict(Conflict::AccountSuspended));
    }
    Ok((tx, member))
}

/// The page's opening rule and the permission it needs.
fn admit(member: &Member, page: Page, intent: Intent) -> Result<(), AppError> {
    // A page that doesn't open here doesn't exist here: NotFound, as for a
    // settings page of an area the account has no program in.
    if page.opening().needs_enrollments() && !page.opens(&member.enrollments) {
        return Err(AppError::NotFound);
    }
    let needed = match intent {
        Intent::View => page.view_permission(),
        Intent::Edit => page.edit_permission().or(page.view_permission()),
    };
    match needed {
        Some(permission) => member.require(permission),
        None => Ok(()),
    }
}

/// The account `partner_id` as seen by `user_id`, its roles and enrollments
/// in one query (a row per role × enrollment: a handful). An account the
/// user is not a member of answers `NotFound`, exactly like one that does
/// not exist.
pub async fn member<'e, E>(db: E, user_id: &str, partner_id: i64) -> Result<Member, AppError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let rows: Vec<MemberRow> = sqlx::query_as(
        "SELECT a.id AS account_id, a.legal_name, a.country, a.account_type,
                a.verification_status, a.verification_reason, a.status, a.status_reason, r.role,
                e.program, e.status AS enrollment_status
         FROM accounts a
         JOIN memberships m ON m.account_id = a.id
         LEFT JOIN membership_roles r ON r.account_id = m.account_id AND r.user_id = m.user_id
         LEFT JOIN enrollments e ON e.account_id = a.id
         WHERE a.partner_id = $1 AND m.user_id = $2",
    )
    .bind(partner_id)
    .bind(user_id)
    .fetch_all(db)
    .await?;
    member_from_rows(user_id, partner_id, rows)
}

/// [`member`]'s rows as the membership (`NotFound` when there are none), for
/// a query that reads them along with others (`accounts::gate_and_shell`).
pub(crate) fn member_from_rows(
    user_id: &str,
    partner_id: i64,
    rows: Vec<MemberRow>,
) -> Result<Member, AppError> {
    let Some(first) = rows.first().cloned() else {
        return Err(AppError::NotFound);
    };
    let mut roles: Vec<Role> = rows
        .iter()
        .filter_map(|row| row.role.as_deref().and_then(Role::from_code))
        .collect();
    roles.sort();
    roles.dedup();
    let mut enrollments: Vec<Enrollment> = rows
        .iter()
        .filter_map(|row| {
            Some(Enrollment {
                program: Program::from_code(row.program.as_deref()?)?,
                status: EnrollmentStatus::from_code(row.enrollment_status.as_deref()?)?,
            })
        })
        .collect();
    enrollments.sort_by_key(|e| e.program);
    enrollments.dedup_by_key(|e| e.program);
    let permissions = crate::model::role::permissions_of(&roles);
    Ok(Member {
        user_id: user_id.to_string(),
        account_id: first.account_id,
        view: AccountView {
            partner_id,
            legal_name: first.legal_name,
            country: first.country,
            account_type: AccountType::from_code(&first.account_type).unwrap_or_default(),
            verification: VerificationStatus::from_code(&first.verification_status),
            roles,
            permissions,
            suspended: (first.status == "suspended")
                .then(|| first.status_reason.clone().unwrap_or_default()),
            verification_reason: first.verification_reason.clone(),
        },
        enrollments,
    })
}

/// One page's reads of the gate, shared: rendering a page opens the same
/// account for the same person several times (the shell, then each of the
/// page's lists), one query serves them all, even when they ask at once.
/// Only [`open`] (reading) uses it, and only inside a [`request_cache::scope`]
/// (the server sets one around each page it renders, never around a
/// change); [`begin_edit`] always reads afresh in its transaction.
///
/// The scope may name a [`request_cache::Loader`]: a query that reads the
/// membership along with more (the server's: the navigation shell's lists),
/// so the page's first reader, whichever it is, reads both at once.
pub mod request_cache {
    use std::any::Any;
    use std::collections::HashMap;
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::{Arc, Mutex};

    use tokio::sync::OnceCell;

    use super::Member;
    use crate::db::Db;
    use crate::model::AppError;

    type Key = (String, i64);

    /// What a loader read besides the membership; its reader downcasts it.
    pub type Extra = Arc<dyn Any + Send + Sync>;

    type Loaded = Result<(Member, Extra), AppError>;

    /// Reads the membership of (user, Partner ID) and more, in one query.
    pub type Loader =
        Arc<dyn Fn(Db, String, i64) -> Pin<Box<dyn Future<Output = Loaded> + Send>> + Send + Sync>;

    type Cell = Arc<OnceCell<(Member, Option<Extra>)>>;

    #[derive(Clone, Default)]
    pub struct Cache {
        cells: Arc<Mutex<HashMap<Key, Cell>>>,
        loader: Option<Loader>,
    }

    tokio::task_local! {
        static CACHE: Cache;
    }

    /// Runs `work` (one page's rendering) with a cache of its own, filled
    /// by `loader` when given (else by the gate's own query).
    pub async fn scope<F: Future>(loader: Option<Loader>, work: F) -> F::Output {
        let cache = Cache {
            cells: Arc::default(),
            loader,
        };
        CACHE.scope(cache, work).await
    }

    /// The cache of the work under way, if any: a task the work spawns
    /// takes it along (see `within`).
    pub fn current() -> Option<Cache> {
        CACHE.try_with(Cache::clone).ok()
    }

    /// Runs `work` with `cache` (a task spawned by the page's rendering).
    pub async fn within<F: Future>(cache: Option<Cache>, work: F) -> F::Output {
        match cache {
            Some(cache) => CACHE.scope(cache, work).await,
            None => work.await,
        }
    }

    impl Cache {
        pub(super) async fn member(
            &self,
            db: &Db,
            user_id: &str,
            partner_id: i64,
        ) -> Result<(Member, Option<Extra>), AppError> {
            let cell = {
                // Held only to find the cell, never across an await.
                let mut cells = self
                    .cells
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                cells
                    .entry((user_id.to_string(), partner_id))
                    .or_default()
                    .clone()
            };
            cell.get_or_try_init(|| async {
                match &self.loader {
                    Some(load) => {
                        let (member, extra) =
                            load(db.clone(), user_id.to_string(), partner_id).await?;
                        Ok((member, Some(extra)))
                    }
                    None => Ok((super::member(db, user_id, partner_id).await?, None)),
                }
            })
            .await
            .cloned()
        }
    }
}

/// One row of [`member`]'s query: the account, one of the user's roles
/// there and one of its enrollments.
#[derive(Clone, sqlx::FromRow)]
pub(crate) struct MemberRow {
    pub account_id: String,
    pub legal_name: String,
    pub country: String,
    pub account_type: String,
    pub verification_status: String,
    pub verification_reason: Option<String>,
    pub status: String,
    pub status_reason: Option<String>,
    pub role: Option<String>,
    pub program: Option<String>,
    pub enrollment_status: Option<String>,
}
