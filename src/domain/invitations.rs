//! Invitations: up to ten emails at once, each a single-use link valid for
//! seven days that only the invited email can accept: a new person sets a
//! password, someone with a user joins the account.

use super::access::{self, Member};
use super::activity::{self, Action, Event};
use super::members::{insert_membership, roles_of};
use super::outbox::{self, Email};
use super::quotas::{self, Quota};
use crate::auth::password;
use crate::db::{is_unique_violation, new_id, new_token, now, token_hash, utc_date, Db, Tx};
use crate::model::member::{InvitationLink, InvitationState, InvitationView, PendingInvitation};
use crate::model::page::Page;
use crate::model::role::can_grant;
use crate::model::validation::{
    check_new_password, check_roles, normalize_email, parse_invite_emails, Errors, Problem,
    NAME_MAX,
};
use crate::model::{AppError, Conflict, Role};

pub const VALID_FOR_SECS: i64 = 7 * 24 * 3600;

/// The path of an invitation link; the caller prefixes the site's address.
pub fn link_path(token: &str) -> String {
    format!("/invitations/{token}")
}

fn require_grant(roles_held: &[Role], roles: &[Role]) -> Result<(), AppError> {
    if roles.iter().all(|r| can_grant(roles_held, *r)) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

async fn queue_email(
    tx: &mut Tx<'_>,
    to: &str,
    account_name: &str,
    link: &str,
) -> Result<(), AppError> {
    let body = format!(
        "You are invited to join {account_name} in Partner Portal.\n\n\
         Accept within 7 days: {link}\n\n\
         Vous êtes invité(e) à rejoindre {account_name} dans Partner Portal.\n\
         Acceptez dans les 7 jours : {link}\n"
    );
    outbox::queue(
        tx,
        Email {
            to,
            subject: &format!("Invitation: {account_name}"),
            body: &body,
        },
    )
    .await
}

/// Invites every email of `emails_raw` with `roles`. All or nothing: one bad,
/// already-member or already-invited email refuses the lot, naming it.
/// Returns the links, shown once to the inviter (and emailed).
pub async fn invite(
    db: &Db,
    actor_id: &str,
    partner_id: i64,
    emails_raw: &str,
    roles: &[Role],
    base_url: &str,
) -> Result<Vec<InvitationLink>, AppError> {
    // Permission first: someone without it learns nothing from field errors.
    // (Checked again under the lock below.)
    access::open(db, actor_id, partner_id, Page::InviteUsers).await?;
    let mut errors = Errors::default();
    let emails = match parse_invite_emails(emails_raw) {
        Ok(emails) => emails,
        Err(found) => {
            for e in found {
                match e.value {
                    Some(v) => errors.add_value(&e.field, e.problem, &v),
                    None => errors.add(&e.field, e.problem),
                }
            }
            Vec::new()
        }
    };
    check_roles(roles, &mut errors);
    errors.into_result().map_err(AppError::Invalid)?;

    let (mut tx, actor) = access::begin_edit(db, actor_id, partner_id, Page::InviteUsers).await?;
    require_grant(&actor.view.roles, roles)?;
    quotas::check(
        &mut tx,
        &actor.account_id,
        Quota::Invitations,
        emails.len() as i64,
    )
    .await?;
    let at = now();
    let mut errors = Errors::default();
    let mut links = Vec::new();
    for email in &emails {
        let member: Option<(String,)> = sqlx::query_as(
            "SELECT u.id FROM memberships m JOIN users u ON u.id = m.user_id
             WHERE m.account_id = $1 AND u.email = $2",
        )
        .bind(&actor.account_id)
        .bind(email)
        .fetch_optional(&mut *tx)
        .await?;
        if member.is_some() {
            errors.add_value("emails", Problem::AlreadyMember, email);
            continue;
        }
        // An expired invitation doesn't block a new one: it is closed as
        // expired (its link keeps saying so), with its event.
        let expired = sqlx::query(
            "UPDATE invitations SET status = $4, updated_at = $1
             WHERE account_id = $2 AND email = $3 AND status = $5 AND expires_at <= $1",
        )
        .bind(at)
        .bind(&actor.account_id)
        .bind(email)
        .bind(InvitationState::Expired.code())
        .bind(InvitationState::Pending.code())
        .execute(&mut *tx)
        .await?;
        if expired.rows_affected() > 0 {
            activity::record(
                &mut tx,
                Event {
                    action: Action::InvitationExpired,
                    actor_user_id: actor_id,
                    account_id: Some(&actor.account_id),
                    subject: Some(email),
                    old_value: Some("pending"),
                    new_value: Some("expired"),
                },
            )
            .await?;
        }
        let token = new_token();
        let inserted = sqlx::query(
            "INSERT INTO invitations
                 (id, account_id, email, roles, token_hash, invited_by, created_at, expires_at, status, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $7)",
        )
        .bind(new_id())
        .bind(&actor.account_id)
        .bind(email)
        .bind(Role::join_codes(roles))
        .bind(token_hash(&token))
        .bind(actor_id)
        .bind(at)
        .bind(at + VALID_FOR_SECS)
        .bind(InvitationState::Pending.code())
        .execute(&mut *tx)
        .await;
        match inserted {
            Err(error) if is_unique_violation(&error, "invitations_pending_key") => {
                // The transaction is unusable on Postgres after an error, and
                // the lot is refused anyway: report what is known so far.
                errors.add_value("emails", Problem::AlreadyInvited, email);
                break;
            }
            other => other?,
        };
        let link = format!("{base_url}{}", link_path(&token));
        queue_email(&mut tx, email, &actor.view.legal_name, &link).await?;
        activity::record(
            &mut tx,
            Event {
                action: Action::InvitationSent,
                actor_user_id: actor_id,
                account_id: Some(&actor.account_id),
                subject: Some(email),
                old_value: None,
                new_value: Some(&Role::join_codes(roles)),
            },
        )
        .await?;
        links.push(InvitationLink {
            email: email.clone(),
            link,
        });
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(
            errors.into_result().err().unwrap_or_default(),
        ));
    }
    tx.commit().await?;
    Ok(links)
}

/// The account's pending invitations, oldest first (expired ones included,
/// marked, so they can be resent).
pub async fn pending(
    db: &Db,
    actor_id: &str,
    partner_id: i64,
) -> Result<Vec<PendingInvitation>, AppError> {
    let actor = access::open(db, actor_id, partner_id, Page::Users).await?;
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT id, email, roles, expires_at FROM invitations
         WHERE account_id = $1 AND status = $2 ORDER BY created_at, email",
    )
    .bind(&actor.account_id)
    .bind(InvitationState::Pending.code())
    .fetch_all(db)
    .await?;
    let at = now();
    Ok(rows
        .into_iter()
        .map(|(id, email, roles, expires_at)| PendingInvitation {
            id,
            email,
            roles: Role::split_codes(&roles),
            expires_at,
            expired: expires_at <= at,
        })
        .collect())
}

/// A pending invitation of the actor's account that they may manage: its
/// email and roles. Another account's invitation is `NotFound`.
async fn managed(
    tx: &mut Tx<'_>,
    actor: &Member,
    invitation_id: &str,
) -> Result<(String, Vec<Role>), AppError> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT email, roles FROM invitations WHERE id = $1 AND account_id = $2 AND status = $3",
    )
    .bind(invitation_id)
    .bind(&actor.account_id)
    .bind(InvitationState::Pending.code())
    .fetch_optional(&mut **tx)
    .await?;
    let (email, roles) = row.ok_or(AppError::NotFound)?;
    let roles = Role::split_codes(&roles);
    require_grant(&actor.view.roles, &roles)?;
    Ok((email, roles))
}

/// Sends a fresh link valid for another 7 days; the old link stops working.
pub async fn resend(
    db: &Db,
    actor_id: &str,
    partner_id: i64,
    invitation_id: &str,
    base_url: &str,
) -> Result<InvitationLink, AppError> {
    let (mut tx, actor) = access::begin_edit(db, actor_id, partner_id, Page::Users).await?;
    let (email, _) = managed(&mut tx, &actor, invitation_id).await?;
    quotas::check(&mut tx, &actor.account_id, Quota::Invitations, 1).await?;
    let token = new_token();
    let at = now();
    let (old_expiry,): (i64,) = sqlx::query_as("SELECT expires_at FROM invitations WHERE id = $1")
        .bind(invitation_id)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE invitations SET token_hash = $1, expires_at = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(token_hash(&token))
    .bind(at + VALID_FOR_SECS)
    .bind(at)
    .bind(invitation_id)
    .execute(&mut *tx)
    .await?;
    let link = format!("{base_url}{}", link_path(&token));
    queue_email(&mut tx, &email, &actor.view.legal_name, &link).await?;
    activity::record(
        &mut tx,
        Event {
            action: Action::InvitationResent,
            actor_user_id: actor_id,
            account_id: Some(&actor.account_id),
            subject: Some(&email),
            old_value: Some(&utc_date(old_expiry)),
            new_value: Some(&utc_date(at + VALID_FOR_SECS)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(InvitationLink { email, link })
}

pub async fn revoke(
    db: &Db,
    actor_id: &str,
    partner_id: i64,
    invitation_id: &str,
) -> Result<(), AppError> {
    let (mut tx, actor) = access::begin_edit(db, actor_id, partner_id, Page::Users).await?;
    let (email, roles) = managed(&mut tx, &actor, invitation_id).await?;
    sqlx::query("UPDATE invitations SET status = $3, updated_at = $1 WHERE id = $2")
        .bind(now())
        .bind(invitation_id)
        .bind(InvitationState::Revoked.code())
        .execute(&mut *tx)
        .await?;
    activity::record(
        &mut tx,
        Event {
            action: Action::InvitationRevoked,
            actor_user_id: actor_id,
            account_id: Some(&actor.account_id),
            subject: Some(&email),
            old_value: Some(&Role::join_codes(&roles)),
            new_value: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

struct Found {
    account_id: String,
    partner_id: i64,
    account_name: String,
    email: String,
    roles: Vec<Role>,
    state: InvitationState,
}

#[derive(sqlx::FromRow)]
struct InvitationRow {
    account_id: String,
    partner_id: i64,
    account_name: String,
    email: String,
    roles: String,
    status: String,
    expires_at: i64,
}

async fn find<'e, E>(db: E, token: &str) -> Result<Found, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row: Option<InvitationRow> = sqlx::query_as(
        "SELECT i.account_id, a.partner_id, a.legal_name AS account_name, i.email, i.roles, i.status, i.expires_at
         FROM invitations i JOIN accounts a ON a.id = i.account_id
         WHERE i.token_hash = $1",
    )
    .bind(token_hash(token))
    .fetch_optional(db)
    .await?;
    let row = row.ok_or(AppError::NotFound)?;
    let state = match InvitationState::from_code(&row.status) {
        Some(InvitationState::Pending) if row.expires_at <= now() => InvitationState::Expired,
        Some(state) => state,
        None => return Err(AppError::Internal),
    };
    Ok(Found {
        account_id: row.account_id,
        partner_id: row.partner_id,
        account_name: row.account_name,
        email: row.email,
        roles: Role::split_codes(&row.roles),
        state,
    })
}

/// What the link's page shows. `signed_in` is the browser's user, if any.
pub async fn view(
    db: &Db,
    token: &str,
    signed_in: Option<&str>,
) -> Result<InvitationView, AppError> {
    let found = find(db, token).await?;
    let existing: Option<(String,)> = sqlx::query_as("SELECT id FROM users WHERE email = $1")
        .bind(&found.email)
        .fetch_optional(db)
        .await?;
    let signed_in_as = match signed_in {
        Some(user_id) => super::users::by_id(db, user_id).await?.map(|u| u.email),
        None => None,
    };
    Ok(InvitationView {
        account_name: found.account_name,
        email: found.email,
        state: found.state,
        existing_user: existing.is_some(),
        signed_in_as,
    })
}

/// Marks the invitation used by `user_id` and makes them a member; `None`
/// when it can't be used by them (closed, expired, or another email). The
/// conditional update is the single-use guarantee: of two simultaneous
/// acceptances only one changes the row. The account's member lock comes
/// first, in the same order as every other member change (revoke, resend…),
/// so PostgreSQL never sees two transactions waiting on each other.
async fn claim(tx: &mut Tx<'_>, token: &str, user_id: &str) -> Result<Option<Found>, AppError> {
    let at = now();
    sqlx::query(
        "UPDATE accounts SET write_lock = write_lock + 1
         WHERE id = (SELECT account_id FROM invitations WHERE token_hash = $1)",
    )
    .bind(token_hash(token))
    .execute(&mut **tx)
    .await?;
    let claimed = sqlx::query(
        "UPDATE invitations SET status = $4, accepted_by = $1, updated_at = $2
         WHERE token_hash = $3 AND status = $5 AND expires_at > $2
           AND email = (SELECT email FROM users WHERE id = $1)",
    )
    .bind(user_id)
    .bind(at)
    .bind(token_hash(token))
    .bind(InvitationState::Accepted.code())
    .bind(InvitationState::Pending.code())
    .execute(&mut **tx)
    .await?;
    if claimed.rows_affected() != 1 {
        return Ok(None);
    }
    let found = find(&mut **tx, token).await?;
    let before = roles_of(&mut **tx, &found.account_id, user_id).await?;
    insert_membership(tx, &found.account_id, user_id, &found.roles).await?;
    activity::record(
        tx,
        Event {
            action: Action::InvitationAccepted,
            actor_user_id: user_id,
            account_id: Some(&found.account_id),
            subject: Some(&found.email),
            old_value: before.map(|r| Role::join_codes(&r)).as_deref(),
            new_value: Some(&Role::join_codes(&found.roles)),
        },
    )
    .await?;
    Ok(Some(found))
}

/// An existing user accepts: they must be the invited email. Returns the
/// account's Partner ID.
pub async fn accept_as_user(db: &Db, token: &str, user_id: &str) -> Result<i64, AppError> {
    // SPEC §10: operators are nobody's members.
    if super::operators::is_operator(db, user_id).await? {
        return Err(AppError::Forbidden);
    }
    let mut tx = crate::db::begin(db).await?;
    if let Some(found) = claim(&mut tx, token, user_id).await? {
        tx.commit().await?;
        return Ok(found.partner_id);
    }
    tx.rollback().await?;
    // Say why: unknown link, closed, or meant for someone else.
    let found = find(db, token).await?;
    if found.state != InvitationState::Pending {
        return Err(AppError::Conflict(Conflict::InvitationClosed));
    }
    Err(AppError::Conflict(Conflict::WrongInvitee))
}

/// A new person accepts: creates their user with the invited email. Returns
/// the new user's id and the account's Partner ID.
pub async fn accept_as_new(
    db: &Db,
    token: &str,
    display_name: &str,
    new_password: &str,
) -> Result<(String, i64), AppError> {
    let mut errors = Errors::default();
    errors.required_text("display_name", display_name, NAME_MAX);
    check_new_password(new_password, "password", &mut errors);
    errors.into_result().map_err(AppError::Invalid)?;
    let found = find(db, token).await?;
    if found.state != InvitationState::Pending {
        return Err(AppError::Conflict(Conflict::InvitationClosed));
    }
    let hash = password::hash(new_password.to_string()).await?;
    let mut tx = crate::db::begin(db).await?;
    let user_id = new_id();
    let email = normalize_email(&found.email);
    let row = super::users::NewUserRow {
        id: &user_id,
        email: &email,
        display_name: display_name.trim(),
        password_hash: &hash,
        language: crate::model::Language::default(),
        must_change_password: false,
    };
    // Someone created a user with this email meanwhile: they sign in instead.
    if !super::users::insert(&mut tx, &row).await? {
        return Err(AppError::invalid("email", Problem::UserExists));
    }
    activity::record(
        &mut tx,
        Event {
            action: Action::UserSignedUp,
            actor_user_id: &user_id,
            account_id: None,
            subject: Some(&user_id),
            old_value: None,
            new_value: Some(&found.email),
        },
    )
    .await?;
    let found = claim(&mut tx, token, &user_id)
        .await?
        .ok_or(AppError::Conflict(Conflict::InvitationClosed))?;
    tx.commit().await?;
    Ok((user_id, found.partner_id))
}
