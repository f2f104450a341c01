//! User management inside one account: the member list, adding a user with a
//! temporary password, changing roles, removing, resetting a password.
//!
//! Every change goes through the access gate, which locks the account's row
//! first (`access::begin_edit`); only then does it read what it checks. Concurrent changes
//! therefore run one after the other, and "never zero Global admins or
//! Owners" is checked against committed state: no read-then-write race.

use sqlx::Any;

use super::access::{self, Member};
use super::activity::{self, Action, Event};
use super::versions::{self, Record};
use crate::auth::password;
use crate::db::{keyset, like_pattern, new_id, now, Db, Tx};
use crate::model::listing::{self, PageAt};
use crate::model::member::NewUser;
use crate::model::member::{MemberPage, MemberRow, TemporaryPassword, PAGE_SIZE};
use crate::model::page::Page;
use crate::model::role::{can_grant, can_reset_password};
use crate::model::validation::{normalize_email, Problem};
use crate::model::{AppError, Conflict, Latest, Permission, Role, Versioned};

/// The roles `user_id` holds in the account; `None` when not a member (which
/// includes users of other accounts: they are "not found" here).
pub(crate) async fn roles_of<'e, E>(
    db: E,
    account_id: &str,
    user_id: &str,
) -> Result<Option<Vec<Role>>, AppError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let rows: Vec<(Option<String>,)> = sqlx::query_as(
        "SELECT r.role FROM memberships m
         LEFT JOIN membership_roles r ON r.account_id = m.account_id AND r.user_id = m.user_id
         WHERE m.account_id = $1 AND m.user_id = $2",
    )
    .bind(account_id)
    .bind(user_id)
    .fetch_all(db)
    .await?;
    if rows.is_empty() {
        return Ok(None);
    }
    let mut roles: Vec<Role> = rows
        .iter()
        .filter_map(|(r,)| r.as_deref().and_then(Role::from_code))
        .collect();
    roles.sort();
    Ok(Some(roles))
}

/// Every account keeps at least one Global admin and one Owner.
async fn check_invariants(tx: &mut Tx<'_>, account_id: &str) -> Result<(), AppError> {
    let (admins, owners): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(CASE WHEN role = $2 THEN 1 END), COUNT(CASE WHEN role = $3 THEN 1 END)
         FROM membership_roles WHERE account_id = $1",
    )
    .bind(account_id)
    .bind(Role::GlobalAdmin.code())
    .bind(Role::Owner.code())
    .fetch_one(&mut **tx)
    .await?;
    if admins == 0 {
        return Err(AppError::Conflict(Conflict::LastGlobalAdmin));
    }
    if owners == 0 {
        return Err(AppError::Conflict(Conflict::LastOwner));
    }
    Ok(())
}

fn require_grant(actor: &Member, roles: &[Role]) -> Result<(), AppError> {
    if roles.iter().all(|r| can_grant(&actor.view.roles, *r)) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// One page of the account's members whose name or email contains `query`,
/// sorted by name, starting where `at` says (keyset: after or before a
/// member of the page the user came from). One query whatever the page: the
/// page's members, each with their roles (a row per role) and the count of
/// all matches (a second only when the member the address starts from is
/// gone or nobody follows them any more: the first page instead).
pub async fn list(
    db: &Db,
    actor_id: &str,
    partner_id: i64,
    query: &str,
    at: &PageAt,
) -> Result<MemberPage, AppError> {
    let actor = access::open(db, actor_id, partner_id, Page::Users).await?;
    let pattern = like_pattern(query);
    let (account_id, pattern) = (&actor.account_id, &pattern);
    let (at, rows) = listing::read_or_first(at, |at| async move {
        members_page(db, account_id, pattern, &at).await
    })
    .await?;
    let total = rows.first().map_or(0, |r| r.4);
    let mut members: Vec<MemberRow> = Vec::new();
    for (user_id, display_name, email, version, _, role) in rows {
        let role = role.as_deref().and_then(Role::from_code);
        match members.last_mut() {
            Some(last) if last.user_id == user_id => last.roles.extend(role),
            _ => members.push(MemberRow {
                is_you: user_id == actor_id,
                user_id,
                display_name,
                email,
                roles: role.into_iter().collect(),
                version,
            }),
        }
    }
    for member in &mut members {
        member.roles.sort();
    }
    let (previous, next) =
        listing::trim_page(&mut members, &at, PAGE_SIZE as usize, |m| m.user_id.clone());
    Ok(MemberPage {
        members,
        total,
        previous,
        next,
    })
}

/// The account's members whose name or email matches, from the
/// memberships alone (they carry both: migration 0033), as `alias`.
fn matching(alias: &str) -> String {
    format!(
        "FROM memberships {alias}
         WHERE {alias}.account_id = $1
           AND ({alias}.name_key LIKE $2 ESCAPE '\\' OR {alias}.email LIKE $2 ESCAPE '\\')"
    )
}

type MemberRole = (String, String, String, i64, i64, Option<String>);

/// Up to a page and one of the matching members from `at`, in name order, a
/// row per role (one with no role for a member without any), each with how
/// many match in all. A keyset page reads the name index from its edge
/// member on (`memberships_name_idx`), whatever its depth.
async fn members_page(
    db: &Db,
    account_id: &str,
    pattern: &str,
    at: &PageAt,
) -> Result<Vec<MemberRole>, AppError> {
    let edge = "(SELECT e.name_key, e.email FROM memberships e
                 WHERE e.account_id = $1 AND e.user_id = $4)";
    let (from, order, cursor) = keyset(
        at,
        "(m.name_key, m.email)",
        edge,
        "m.name_key, m.email",
        "m.name_key DESC, m.email DESC",
    );
    let sql = format!(
        "SELECT p.user_id, u.display_name, u.email, p.version, p.total, r.role FROM (
             SELECT m.user_id, m.version, m.name_key, m.email,
                    (SELECT COUNT(*) {all}) AS total
             {matching} {from}
             ORDER BY {order} LIMIT $3
         ) p
         JOIN users u ON u.id = p.user_id
         LEFT JOIN membership_roles r ON r.account_id = $1 AND r.user_id = p.user_id
         ORDER BY p.name_key, p.email, p.user_id, r.role",
        all = matching("a"),
        matching = matching("m"),
    );
    let mut query = sqlx::query_as(&sql)
        .bind(account_id)
        .bind(pattern)
        .bind(PAGE_SIZE + 1);
    if let Some(id) = cursor {
        query = query.bind(id);
    }
    Ok(query.fetch_all(db).await?)
}

/// One member, for the page that edits them.
pub async fn get(
    db: &Db,
    actor_id: &str,
    partner_id: i64,
    user_id: &str,
) -> Result<MemberRow, AppError> {
    let actor = access::open(db, actor_id, partner_id, Page::Member).await?;
    let roles = roles_of(db, &actor.account_id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (display_name, email, version): (String, String, i64) = sqlx::query_as(
        "SELECT u.display_name, u.email, m.version FROM users u
         JOIN memberships m ON m.user_id = u.id AND m.account_id = $2 WHERE u.id = $1",
    )
    .bind(user_id)
    .bind(&actor.account_id)
    .fetch_one(db)
    .await?;
    Ok(MemberRow {
        user_id: user_id.to_string(),
        display_name,
        email,
        roles,
        is_you: user_id == actor_id,
        version,
    })
}

/// "Add user": creates the user with a temporary password (shown once, to be
/// changed at first sign-in) and makes them a member with `input.roles`.
pub async fn add_user(
    db: &Db,
    actor_id: &str,
    partner_id: i64,
    input: &NewUser,
) -> Result<TemporaryPassword, AppError> {
    // Refuse before the slow hashing; checked again under the lock below.
    // Permission first: someone without it learns nothing from field errors.
    let actor = access::open(db, actor_id, partner_id, Page::AddUser).await?;
    input.validate().map_err(AppError::Invalid)?;
    require_grant(&actor, &input.roles)?;
    let temporary = password::temporary();
    let hash = password::hash(temporary.clone()).await?;
    let email = normalize_email(&input.email);

    let (mut tx, actor) = access::begin_edit(db, actor_id, partner_id, Page::AddUser).await?;
    require_grant(&actor, &input.roles)?;
    let user_id = new_id();
    let language: (String,) = sqlx::query_as("SELECT language FROM users WHERE id = $1")
        .bind(actor_id)
        .fetch_one(&mut *tx)
        .await?;
    let row = super::users::NewUserRow {
        id: &user_id,
        email: &email,
        display_name: input.display_name.trim(),
        password_hash: &hash,
        language: crate::model::Language::from_code(&language.0).unwrap_or_default(),
        must_change_password: true,
    };
    if !super::users::insert(&mut tx, &row).await? {
        return Err(AppError::invalid("email", Problem::UserExists));
    }
    insert_membership(&mut tx, &actor.account_id, &user_id, &input.roles).await?;
    activity::record(
        &mut tx,
        Event {
            action: Action::UserAdded,
            actor_user_id: actor_id,
            account_id: Some(&actor.account_id),
            subject: Some(&user_id),
            old_value: None,
            new_value: Some(&Role::join_codes(&input.roles)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(TemporaryPassword {
        email,
        password: temporary,
    })
}

/// Adds `user_id` to the account with `roles`; joining twice keeps one membership.
pub(crate) async fn insert_membership(
    tx: &mut Tx<'_>,
    account_id: &str,
    user_id: &str,
    roles: &[Role],
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO memberships (account_id, user_id, created_at, name_key, email)
         SELECT $1, $2, $3, LOWER(display_name), email FROM users WHERE id = $2
         ON CONFLICT (account_id, user_id) DO NOTHING",
    )
    .bind(account_id)
    .bind(user_id)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    for role in roles {
        sqlx::query(
            "INSERT INTO membership_roles (account_id, user_id, role) VALUES ($1, $2, $3)
             ON CONFLICT (account_id, user_id, role) DO NOTHING",
        )
        .bind(account_id)
        .bind(user_id)
        .bind(role.code())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Replaces a member's roles if they are still at `version` (the one the
/// page was loaded at; else `EditedMeanwhile`). Every role given or taken
/// away must be one the actor may grant; nobody adds roles to themselves;
/// the account keeps a Global admin and an Owner. Returns the new version.
pub async fn change_roles(
    db: &Db,
    actor_id: &str,
    partner_id: i64,
    user_id: &str,
    roles: &[Role],
    version: i64,
) -> Result<i64, AppError> {
    let result = write_roles(db, actor_id, partner_id, user_id, roles, version).await;
    versions::with_latest(result, || async {
        let now = get(db, actor_id, partner_id, user_id).await?;
        Latest::of(&Versioned {
            version: now.version,
            value: now.roles,
        })
    })
    .await
}

/// [`change_roles`] without completing a refusal with the latest record.
async fn write_roles(
    db: &Db,
    actor_id: &str,
    partner_id: i64,
    user_id: &str,
    roles: &[Role],
    version: i64,
) -> Result<i64, AppError> {
    let (mut tx, actor) = access::begin_edit(db, actor_id, partner_id, Page::Member).await?;
    if roles.is_empty() {
        return Err(AppError::invalid("roles", Problem::NoRole));
    }
    let old = roles_of(&mut *tx, &actor.account_id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let record = Record::Membership {
        account_id: &actor.account_id,
        user_id,
    };
    let added: Vec<Role> = roles.iter().filter(|r| !old.contains(r)).copied().collect();
    let removed: Vec<Role> = old.iter().filter(|r| !roles.contains(r)).copied().collect();
    if user_id == actor_id && !added.is_empty() {
        return Err(AppError::Conflict(Conflict::OwnMembership));
    }
    require_grant(&actor, &added)?;
    require_grant(&actor, &removed)?;
    if added.is_empty() && removed.is_empty() {
        let current = versions::current(&mut tx, record).await?;
        return if current == version {
            Ok(current)
        } else {
            Err(AppError::EditedMeanwhile(None))
        };
    }
    let new_version = versions::bump(&mut tx, record, version).await?;
    for role in &removed {
        sqlx::query(
            "DELETE FROM membership_roles WHERE account_id = $1 AND user_id = $2 AND role = $3",
        )
        .bind(&actor.account_id)
        .bind(user_id)
        .bind(role.code())
        .execute(&mut *tx)
        .await?;
    }
    insert_membership(&mut tx, &actor.account_id, user_id, &added).await?;
    check_invariants(&mut tx, &actor.account_id).await?;
    let mut new = roles.to_vec();
    new.sort();
    activity::record(
        &mut tx,
        Event {
            action: Action::RolesChanged,
            actor_user_id: actor_id,
            account_id: Some(&actor.account_id),
            subject: Some(user_id),
            old_value: Some(&Role::join_codes(&old)),
            new_value: Some(&Role::join_codes(&new)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(new_version)
}

/// Removes a member from the account; their user and other memberships stay.
pub async fn remove(
    db: &Db,
    actor_id: &str,
    partner_id: i64,
    user_id: &str,
) -> Result<(), AppError> {
    let (mut tx, actor) = access::begin_edit(db, actor_id, partner_id, Page::Member).await?;
    let old = roles_of(&mut *tx, &actor.account_id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if user_id == actor_id {
        return Err(AppError::Conflict(Conflict::OwnMembership));
    }
    require_grant(&actor, &old)?;
    sqlx::query("DELETE FROM membership_roles WHERE account_id = $1 AND user_id = $2")
        .bind(&actor.account_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM memberships WHERE account_id = $1 AND user_id = $2")
        .bind(&actor.account_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    check_invariants(&mut tx, &actor.account_id).await?;
    activity::record(
        &mut tx,
        Event {
            action: Action::MemberRemoved,
            actor_user_id: actor_id,
            account_id: Some(&actor.account_id),
            subject: Some(user_id),
            old_value: Some(&Role::join_codes(&old)),
            new_value: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Gives a member a new temporary password (shown once) and ends all their
/// sessions; they must change it at their next sign-in.
pub async fn reset_password(
    db: &Db,
    actor_id: &str,
    partner_id: i64,
    user_id: &str,
) -> Result<TemporaryPassword, AppError> {
    async fn check(
        db: &mut sqlx::AnyConnection,
        actor: &Member,
        user_id: &str,
    ) -> Result<(), AppError> {
        actor.require(Permission::ResetPasswords)?;
        let target = roles_of(&mut *db, &actor.account_id, user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if user_id == actor.user_id {
            return Err(AppError::Conflict(Conflict::OwnMembership));
        }
        if !can_reset_password(&actor.view.roles, &target) {
            return Err(AppError::Forbidden);
        }
        // The password is the user's, not the account's: an admin here must
        // not get a way into the other accounts this person belongs to.
        let (elsewhere,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND account_id <> $2",
        )
        .bind(user_id)
        .bind(&actor.account_id)
        .fetch_one(&mut *db)
        .await?;
        if elsewhere > 0 {
            return Err(AppError::Conflict(Conflict::MemberElsewhere));
        }
        Ok(())
    }
    // Refuse before the slow hashing; checked again under the lock below.
    {
        let actor = access::open(db, actor_id, partner_id, Page::Member).await?;
        let mut conn = db.acquire().await?;
        check(&mut conn, &actor, user_id).await?;
    }
    let temporary = password::temporary();
    let hash = password::hash(temporary.clone()).await?;
    let (mut tx, actor) = access::begin_edit_with(
        db,
        actor_id,
        partner_id,
        Page::Member,
        Permission::ResetPasswords,
    )
    .await?;
    check(&mut tx, &actor, user_id).await?;
    let (email,): (String,) = sqlx::query_as(
        "UPDATE users SET password_hash = $1, must_change_password = 1,
                          session_generation = session_generation + 1
         WHERE id = $2 RETURNING email",
    )
    .bind(&hash)
    .bind(user_id)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    activity::record(
        &mut tx,
        Event {
            action: Action::PasswordReset,
            actor_user_id: actor_id,
            account_id: Some(&actor.account_id),
            subject: Some(user_id),
            old_value: None,
            new_value: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(TemporaryPassword {
        email,
        password: temporary,
    })
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn search_text_is_matched_literally() {
        assert_eq!(like_pattern(" Ana "), "%ana%");
        assert_eq!(like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
