//! Accounts and memberships: sign-up, creating another account, and what a
//! member may see of an account.

use std::collections::BTreeMap;

use rand::Rng;
use sqlx::Acquire;

use super::access;
use super::activity::{self, Action, Event};
use crate::auth::password;
use crate::db::{is_unique_violation, new_id, now, Db, Tx};
use crate::model::account::{CurrentUser, NewAccount, SignUp};
use crate::model::page::Page;
use crate::model::validation::{normalize_email, Errors, Problem};
use crate::model::{
    AccountSummary, AppError, DeveloperAccount, Enrollment, EnrollmentStatus, Language, Permission,
    Program, Role, Shell,
};

pub struct SignedUp {
    pub user_id: String,
    pub partner_id: i64,
}

/// Creates the user, their account and their membership (Global admin and
/// Owner) in one transaction.
pub async fn sign_up(db: &Db, input: &SignUp, language: Language) -> Result<SignedUp, AppError> {
    input.validate().map_err(AppError::Invalid)?;
    let email = normalize_email(&input.email);
    let hash = password::hash(input.password.clone()).await?;
    let mut tx = crate::db::begin(db).await?;
    let user_id = new_id();
    let row = super::users::NewUserRow {
        id: &user_id,
        email: &email,
        display_name: input.display_name.trim(),
        password_hash: &hash,
        language,
        must_change_password: false,
    };
    if !super::users::insert(&mut tx, &row).await? {
        return Err(AppError::invalid("email", Problem::EmailTaken));
    }
    activity::record(
        &mut tx,
        Event {
            action: Action::UserSignedUp,
            actor_user_id: &user_id,
            account_id: None,
            subject: Some(&user_id),
            old_value: None,
            new_value: Some(&email),
        },
    )
    .await?;
    let partner_id = insert_account(&mut tx, &user_id, &input.account).await?;
    tx.commit().await?;
    Ok(SignedUp {
        user_id,
        partner_id,
    })
}

/// "Create another account": the signed-in user becomes its Global admin and Owner.
pub async fn create_account(db: &Db, user_id: &str, input: &NewAccount) -> Result<i64, AppError> {
    // SPEC §10: operators are nobody's members.
    if super::operators::is_operator(db, user_id).await? {
        return Err(AppError::Forbidden);
    }
    let email: Option<(String,)> = sqlx::query_as("SELECT email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    let Some((email,)) = email else {
        return Err(AppError::NotSignedIn);
    };
    let mut errors = Errors::default();
    // The email isn't a field of this form: a free-mail owner may only create
    // an Individual account, so the error goes on the account type.
    input.check(&email, "account_type", &mut errors);
    errors.into_result().map_err(AppError::Invalid)?;
    let mut tx = crate::db::begin(db).await?;
    let partner_id = insert_account(&mut tx, user_id, input).await?;
    tx.commit().await?;
    Ok(partner_id)
}

/// Inserts an account with its creator as Global admin and Owner; returns its
/// Partner ID. Partner IDs are random 7-digit numbers (short, not guessable in
/// sequence); the unique index settles the rare clash, retried in a savepoint
/// so the surrounding transaction survives it (Postgres aborts on any error).
async fn insert_account(
    tx: &mut Tx<'_>,
    user_id: &str,
    input: &NewAccount,
) -> Result<i64, AppError> {
    let account_id = new_id();
    let at = now();
    let mut partner_id = None;
    for _ in 0..5 {
        let candidate: i64 = rand::thread_rng().gen_range(1_000_000..10_000_000);
        let mut savepoint = tx.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO accounts (id, partner_id, legal_name, country, account_type, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&account_id)
        .bind(candidate)
        .bind(input.legal_name.trim())
        .bind(&input.country)
        .bind(input.account_type.code())
        .bind(at)
        .execute(&mut *savepoint)
        .await;
        match inserted {
            Ok(_) => {
                savepoint.commit().await?;
                partner_id = Some(candidate);
                break;
            }
            Err(error) if is_unique_violation(&error, "accounts_partner_id_key") => {
                savepoint.rollback().await?;
            }
            Err(error) => return Err(error.into()),
        }
    }
    let Some(partner_id) = partner_id else {
        tracing::error!("no free Partner ID after 5 attempts");
        return Err(AppError::Internal);
    };
    sqlx::query(
        "INSERT INTO memberships (account_id, user_id, created_at, name_key, email)
         SELECT $1, $2, $3, LOWER(display_name), email FROM users WHERE id = $2",
    )
    .bind(&account_id)
    .bind(user_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    for role in [Role::GlobalAdmin, Role::Owner] {
        sqlx::query("INSERT INTO membership_roles (account_id, user_id, role) VALUES ($1, $2, $3)")
            .bind(&account_id)
            .bind(user_id)
            .bind(role.code())
            .execute(&mut **tx)
            .await?;
    }
    activity::record(
        tx,
        Event {
            action: Action::AccountCreated,
            actor_user_id: user_id,
            account_id: Some(&account_id),
            subject: Some(&account_id),
            old_value: None,
            new_value: Some(input.legal_name.trim()),
        },
    )
    .await?;
    Ok(partner_id)
}

/// The user's accounts with their enrollments, for the picker, sorted by
/// name: one query.
pub async fn accounts_of(db: &Db, user_id: &str) -> Result<Vec<AccountSummary>, AppError> {
    let rows: Vec<(i64, String, Option<String>, Option<String>)> =
        sqlx::query_as(&format!("{PICKER} ORDER BY a.legal_name, a.partner_id"))
            .bind(user_id)
            .fetch_all(db)
            .await?;
    Ok(group_accounts(rows))
}

/// The user's accounts with their enrollments (a row per enrollment).
const PICKER: &str = "SELECT a.partner_id, a.legal_name, e.program, e.status
     FROM memberships m
     JOIN accounts a ON a.id = m.account_id
     LEFT JOIN enrollments e ON e.account_id = a.id
     WHERE m.user_id = $1";

/// Groups the picker's rows by account, keeping their order.
fn group_accounts(
    rows: impl IntoIterator<Item = (i64, String, Option<String>, Option<String>)>,
) -> Vec<AccountSummary> {
    let mut order = Vec::new();
    let mut grouped: BTreeMap<i64, (String, Vec<Enrollment>)> = BTreeMap::new();
    for (partner_id, legal_name, program, status) in rows {
        let entry = grouped.entry(partner_id).or_insert_with(|| {
            order.push(partner_id);
            (legal_name, Vec::new())
        });
        let program = program.as_deref().and_then(Program::from_code);
        let status = status.as_deref().and_then(EnrollmentStatus::from_code);
        if let (Some(program), Some(status)) = (program, status) {
            entry.1.push(Enrollment { program, status });
        }
    }
    order
        .into_iter()
        .filter_map(|partner_id| {
            let (legal_name, mut enrollments) = grouped.remove(&partner_id)?;
            enrollments.sort_by_key(|e| e.program);
            Some(AccountSummary {
                partner_id,
                legal_name,
                enrollments,
            })
        })
        .collect()
}

/// The navigation shell's lists: the picker's accounts and the agreement
/// notices of the current account.
#[derive(Clone)]
struct ShellLists {
    accounts: Vec<AccountSummary>,
    notices: Vec<crate::model::AgreementNotice>,
}

/// The picker's list and, for the account `notices_of` (its id), the
/// agreements with a newer version than the one it accepted: the shell's
/// lists in one query, the two told apart by the first column. (Inside a
/// page's rendering, [`gate_and_shell`] reads them with the membership.)
async fn picker_and_notices(
    db: &Db,
    user_id: &str,
    notices_of: Option<&str>,
) -> Result<ShellLists, AppError> {
    type Row = (
        i64,
        i64,
        String,
        Option<String>,
        Option<String>,
        i64,
        Option<i64>,
    );
    let notices = super::agreements::notices("$2");
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT 0, p.*, CAST(0 AS BIGINT), CAST(NULL AS BIGINT) FROM ({PICKER}) p
         UNION ALL
         SELECT 1, CAST(0 AS BIGINT), n.agreement, CAST(NULL AS TEXT), CAST(NULL AS TEXT),
                n.accepted, n.latest
         FROM ({notices}) n
         ORDER BY 1, 3, 2"
    ))
    .bind(user_id)
    .bind(notices_of.unwrap_or_default())
    .fetch_all(db)
    .await?;
    let (accounts, notices): (Vec<Row>, Vec<Row>) = rows.into_iter().partition(|r| r.0 == 0);
    Ok(ShellLists {
        accounts: group_accounts(accounts.into_iter().map(|r| (r.1, r.2, r.3, r.4))),
        notices: super::agreements::pending(notices.into_iter().map(|r| (r.2, r.5, r.6))),
    })
}

/// The access gate's membership of `user_id` in `partner_id` and the
/// shell's lists, in one query: what every account page reads first (its
/// budget is four queries). The server makes it the loader of each page's
/// gate cache (`access::request_cache`), so whichever of the page's reads
/// comes first reads all three: the membership's rows (kind 0), the
/// picker's (1) and the notices' (2), told apart by the first column, the
/// others' columns riding in the membership's.
pub async fn gate_and_shell(
    db: &Db,
    user_id: &str,
    partner_id: i64,
) -> Result<(access::Member, access::request_cache::Extra), AppError> {
    type Row = (
        i64,
        i64,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let notices = super::agreements::notices(
        "(SELECT a2.id FROM accounts a2 JOIN memberships m2 ON m2.account_id = a2.id
          WHERE a2.partner_id = $1 AND m2.user_id = $2)",
    );
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT 0 AS kind, CAST(0 AS BIGINT) AS n1, CAST(NULL AS BIGINT) AS n2,
                a.id, a.legal_name, a.country, a.account_type, a.verification_status,
                a.verification_reason, a.status, a.status_reason, r.role, e.program, e.status
         FROM accounts a
         JOIN memberships m ON m.account_id = a.id
         LEFT JOIN membership_roles r ON r.account_id = m.account_id AND r.user_id = m.user_id
         LEFT JOIN enrollments e ON e.account_id = a.id
         WHERE a.partner_id = $1 AND m.user_id = $2
         UNION ALL
         SELECT 1, p.partner_id, CAST(NULL AS BIGINT), CAST(NULL AS TEXT), p.legal_name,
                CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT),
                CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), p.program, p.status
         FROM ({picker}) p
         UNION ALL
         SELECT 2, n.accepted, n.latest, n.agreement, CAST(NULL AS TEXT), CAST(NULL AS TEXT),
                CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT),
                CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT)
         FROM ({notices}) n
         ORDER BY 1, 5, 2",
        picker = PICKER.replace("$1", "$2"),
    ))
    .bind(partner_id)
    .bind(user_id)
    .fetch_all(db)
    .await?;
    let mut members = Vec::new();
    let mut accounts = Vec::new();
    let mut notices = Vec::new();
    for row in rows {
        match row.0 {
            0 => members.push(access::MemberRow {
                account_id: row.3.unwrap_or_default(),
                legal_name: row.4.unwrap_or_default(),
                country: row.5.unwrap_or_default(),
                account_type: row.6.unwrap_or_default(),
                verification_status: row.7.unwrap_or_default(),
                verification_reason: row.8,
                status: row.9.unwrap_or_default(),
                status_reason: row.10,
                role: row.11,
                program: row.12,
                enrollment_status: row.13,
            }),
            1 => accounts.push((row.1, row.4.unwrap_or_default(), row.12, row.13)),
            _ => notices.push((row.3.unwrap_or_default(), row.1, row.2)),
        }
    }
    let member = access::member_from_rows(user_id, partner_id, members)?;
    let lists = ShellLists {
        accounts: group_accounts(accounts),
        notices: super::agreements::pending(notices),
    };
    Ok((member, std::sync::Arc::new(lists)))
}

/// [`gate_and_shell`] as the loader of a page's gate cache.
pub fn gate_and_shell_loader() -> access::request_cache::Loader {
    std::sync::Arc::new(|db, user_id, partner_id| {
        Box::pin(async move { gate_and_shell(&db, &user_id, partner_id).await })
    })
}

/// Everything the navigation shell needs for one account page.
pub async fn shell(db: &Db, user_id: &str, partner_id: i64) -> Result<Shell, AppError> {
    let user = super::users::current(db, user_id).await?;
    shell_of(db, user_id, user, partner_id).await
}

/// [`shell`] for a user already read (with the session, by the server).
pub async fn shell_of(
    db: &Db,
    user_id: &str,
    user: CurrentUser,
    partner_id: i64,
) -> Result<Shell, AppError> {
    let (member, read) = access::open_with(db, user_id, partner_id, Page::Home).await?;
    // Only those who may accept are told a newer version awaits.
    let may_accept =
        member.view.can(Permission::ManagePrograms) || member.view.can(Permission::EnrollCpv);
    // Read with the membership when a page's rendering asked (the cache's
    // loader is `gate_and_shell`); else now.
    let read = read.and_then(|extra| extra.downcast_ref::<ShellLists>().cloned());
    let ShellLists {
        accounts,
        mut notices,
    } = match read {
        Some(lists) => lists,
        None => {
            picker_and_notices(
                db,
                user_id,
                may_accept.then_some(member.account_id.as_str()),
            )
            .await?
        }
    };
    if !may_accept {
        notices.clear();
    }
    // A Default user sees only their own profile (SPEC §5): no programs,
    // so no Settings areas either.
    let enrollments = if member.view.can(Permission::ViewAccount) {
        accounts
            .iter()
            .find(|a| a.partner_id == partner_id)
            .map(|a| a.enrollments.clone())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    // Only for agreements of programs the account is still enrolled in
    // (after a withdrawal the banner would point at a page that no longer
    // opens).
    notices.retain(|n| {
        member.view.can(n.agreement.permission())
            && (n.agreement.always_offered()
                || enrollments.iter().any(|e| {
                    e.program.agreement() == Some(n.agreement)
                        && e.status != crate::model::EnrollmentStatus::Rejected
                }))
    });
    Ok(Shell {
        user,
        account: member.view,
        enrollments,
        accounts,
        notices,
    })
}

/// Developer settings → Account settings (read-only).
pub async fn developer_account(
    db: &Db,
    user_id: &str,
    partner_id: i64,
) -> Result<DeveloperAccount, AppError> {
    let member = access::open(db, user_id, partner_id, Page::AccountSettings).await?;
    Ok(DeveloperAccount {
        seller_id: crate::model::account::seller_id(partner_id),
        publisher_id: crate::model::account::publisher_id(&member.account_id),
        legal_name: member.view.legal_name,
        account_type: member.view.account_type,
        verification: member.view.verification,
    })
}
