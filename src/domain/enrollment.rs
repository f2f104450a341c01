//! Enrollment as a process (SPEC §4). The requirements themselves are data in
//! `model::requirement`; this module gathers an account's facts from the
//! database, moves pending enrollments on when a change meets their last
//! requirement, and runs the primary contact's email confirmation and the
//! registration-fee acknowledgement.

use sqlx::AnyConnection;

use super::access;
use super::activity::{self, Action, Event};
use super::outbox::{self, Email};
use crate::db::{new_token, now, token_hash, Db, Tx};
use crate::model::page::Page;
use crate::model::partner_profile::LegalProfile;
use crate::model::requirement::{checklist, outcome, AccountFacts, ProgramDetail};
use crate::model::{AccountType, Agreement, AppError, Conflict, EnrollmentStatus, Program, Role};

/// How long a confirmation link works.
const LINK_LIFETIME_SECS: i64 = 48 * 3600;

pub fn link_path(token: &str) -> String {
    format!("/verify-email/{token}")
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    account_type: String,
    legal_name: String,
    country: String,
    address_line1: Option<String>,
    address_line2: Option<String>,
    address_city: Option<String>,
    address_region: Option<String>,
    address_postal_code: Option<String>,
    contact_first_name: Option<String>,
    contact_last_name: Option<String>,
    contact_email: Option<String>,
    contact_phone: Option<String>,
    contact_email_verified_at: Option<i64>,
    publisher_display_name: Option<String>,
    fee_acknowledged_at: Option<i64>,
    global_admins: i64,
    tax_ids: i64,
    published_profiles: i64,
    live_links: i64,
}

/// What the database knows about the account, in two queries.
pub(crate) async fn facts(
    conn: &mut AnyConnection,
    account_id: &str,
) -> Result<AccountFacts, AppError> {
    Ok(facts_and_contact(conn, account_id).await?.0)
}

/// [`facts`], and the primary contact's email (where a confirmation link
/// goes).
async fn facts_and_contact(
    conn: &mut AnyConnection,
    account_id: &str,
) -> Result<(AccountFacts, String), AppError> {
    let row: AccountRow = sqlx::query_as(
        "SELECT a.account_type, a.legal_name, a.country, a.address_line1, a.address_line2,
                a.address_city, a.address_region, a.address_postal_code, a.contact_first_name,
                a.contact_last_name, a.contact_email, a.contact_phone, a.contact_email_verified_at,
                a.publisher_display_name, a.fee_acknowledged_at,
                (SELECT COUNT(*) FROM membership_roles r
                  WHERE r.account_id = a.id AND r.role = $2) AS global_admins,
                (SELECT COUNT(*) FROM billing_profiles b
                  WHERE b.account_id = a.id AND b.tax_id <> '') AS tax_ids,
                (SELECT COUNT(*) FROM business_profiles p
                  WHERE p.account_id = a.id AND p.published_at IS NOT NULL) AS published_profiles,
                (SELECT COUNT(*) FROM email_verifications v
                  WHERE v.account_id = a.id AND v.email = a.contact_email AND a.contact_email <> ''
                    AND v.used_at IS NULL AND v.expires_at > $3) AS live_links
         FROM accounts a WHERE a.id = $1",
    )
    .bind(account_id)
    .bind(Role::GlobalAdmin.code())
    .bind(now())
    .fetch_one(&mut *conn)
    .await?;
    // The active programs (kind 0) and the agreements accepted in their
    // latest version (1: only that counts).
    let listed: Vec<(i64, String)> = sqlx::query_as(
        "SELECT 0, program FROM enrollments WHERE account_id = $1 AND status = $2
         UNION ALL
         SELECT 1, a.agreement FROM agreement_acceptances a
         WHERE a.account_id = $1
           AND a.version = (SELECT MAX(v.version) FROM agreement_versions v WHERE v.agreement = a.agreement)",
    )
    .bind(account_id)
    .bind(EnrollmentStatus::Active.code())
    .fetch_all(&mut *conn)
    .await?;
    let (active, accepted): (Vec<_>, Vec<_>) = listed.into_iter().partition(|(kind, _)| *kind == 0);
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let profile = LegalProfile {
        legal_name: row.legal_name.clone(),
        country: row.country.clone(),
        address_line1: text(&row.address_line1),
        address_line2: text(&row.address_line2),
        city: text(&row.address_city),
        region: text(&row.address_region),
        postal_code: text(&row.address_postal_code),
        contact_first_name: text(&row.contact_first_name),
        contact_last_name: text(&row.contact_last_name),
        contact_email: text(&row.contact_email),
        contact_phone: text(&row.contact_phone),
    };
    let filled = |s: &str| !s.trim().is_empty();
    let facts = AccountFacts {
        account_type: AccountType::from_code(&row.account_type).unwrap_or_default(),
        legal_profile_complete: profile.is_complete(),
        business_address_complete: profile.address().is_complete(),
        primary_email_pending: row.live_links > 0,
        primary_email_verified: row.contact_email_verified_at.is_some()
            && filled(&profile.contact_email),
        active_programs: active
            .iter()
            .filter_map(|(_, p)| Program::from_code(p))
            .collect(),
        billing_tax_id: row.tax_ids > 0,
        global_admins: row.global_admins,
        accepted_agreements: accepted
            .iter()
            .filter_map(|(_, a)| Agreement::from_code(a))
            .collect(),
        business_profile_published: row.published_profiles > 0,
        publisher_display_name: row.publisher_display_name.as_deref().is_some_and(filled),
        fee_acknowledged: row.fee_acknowledged_at.is_some(),
    };
    Ok((facts, profile.contact_email))
}

/// Whether a confirmation link sent to `email` still works (not used, not
/// expired). The one statement of that rule.
pub(crate) async fn has_live_link(
    conn: &mut AnyConnection,
    account_id: &str,
    email: &str,
) -> Result<bool, AppError> {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM email_verifications
         WHERE account_id = $1 AND email = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(account_id)
    .bind(email)
    .bind(now())
    .fetch_one(&mut *conn)
    .await?;
    Ok(count > 0)
}

/// Moves the account's pending enrollments to active (every requirement met)
/// or rejected (one can never be met), with an event each. Called in the
/// transaction of every change that can meet a requirement. Active
/// enrollments stay active: a newer agreement version is announced by the
/// banner instead.
pub(crate) async fn reevaluate(
    tx: &mut Tx<'_>,
    account_id: &str,
    actor_user_id: &str,
) -> Result<(), AppError> {
    // An MPN enrollment becoming active can meet CSP's and Referrals' "active
    // MPN": a second round sees it.
    for _ in 0..2 {
        let facts = facts(tx, account_id).await?;
        let pending: Vec<(String,)> =
            sqlx::query_as("SELECT program FROM enrollments WHERE account_id = $1 AND status = $2")
                .bind(account_id)
                .bind(EnrollmentStatus::Pending.code())
                .fetch_all(&mut **tx)
                .await?;
        let mut changed = false;
        for program in pending.iter().filter_map(|(p,)| Program::from_code(p)) {
            let status = outcome(program, &facts);
            if status == EnrollmentStatus::Pending {
                continue;
            }
            set_status(tx, account_id, program, status, actor_user_id).await?;
            changed = true;
        }
        if !changed {
            break;
        }
    }
    Ok(())
}

/// After the account withdrew from `withdrawn`: its active enrollments that
/// required an active `withdrawn` (CSP and Referrals need MPN) go back to
/// pending, with an event each; they become active again by themselves
/// once it is re-enrolled and active.
pub(crate) async fn after_withdrawal(
    tx: &mut Tx<'_>,
    account_id: &str,
    withdrawn: Program,
    actor_user_id: &str,
) -> Result<(), AppError> {
    use crate::model::requirement::Requirement;
    if withdrawn != Program::Mpn {
        return Ok(());
    }
    let active: Vec<(String,)> =
        sqlx::query_as("SELECT program FROM enrollments WHERE account_id = $1 AND status = $2")
            .bind(account_id)
            .bind(EnrollmentStatus::Active.code())
            .fetch_all(&mut **tx)
            .await?;
    for program in active.iter().filter_map(|(p,)| Program::from_code(p)) {
        if program.requirements().contains(&Requirement::ActiveMpn) {
            set_status_from(
                tx,
                account_id,
                program,
                EnrollmentStatus::Active,
                EnrollmentStatus::Pending,
                actor_user_id,
            )
            .await?;
        }
    }
    Ok(())
}

async fn set_status(
    tx: &mut Tx<'_>,
    account_id: &str,
    program: Program,
    status: EnrollmentStatus,
    actor_user_id: &str,
) -> Result<(), AppError> {
    set_status_from(
        tx,
        account_id,
        program,
        EnrollmentStatus::Pending,
        status,
        actor_user_id,
    )
    .await
}

async fn set_status_from(
    tx: &mut Tx<'_>,
    account_id: &str,
    program: Program,
    old: EnrollmentStatus,
    status: EnrollmentStatus,
    actor_user_id: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE enrollments SET status = $1, updated_at = $2, version = version + 1
         WHERE account_id = $3 AND program = $4",
    )
    .bind(status.code())
    .bind(now())
    .bind(account_id)
    .bind(program.code())
    .execute(&mut **tx)
    .await?;
    activity::record(
        tx,
        Event {
            action: Action::EnrollmentStatusChanged,
            actor_user_id,
            account_id: Some(account_id),
            subject: Some(program.code()),
            old_value: Some(old.code()),
            new_value: Some(status.code()),
        },
    )
    .await
}

/// A program's page: the account's status in it and the checklist of its
/// requirements. Any member may read it.
pub async fn program_detail(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    program: Program,
) -> Result<ProgramDetail, AppError> {
    let member = access::open(db, user_id, partner_id, Page::Program(program)).await?;
    let mut conn = db.acquire().await?;
    let (facts, contact_email) = facts_and_contact(&mut conn, &member.account_id).await?;
    // The enrollment as the gate read it, with the membership.
    let status = member
        .enrollments
        .iter()
        .find(|e| e.program == program)
        .map(|e| e.status);
    Ok(ProgramDetail {
        program,
        status,
        checklist: checklist(program, &facts),
        // Shown only while enrolled (a confirmation link waits).
        contact_email: if status.is_some() {
            contact_email
        } else {
            String::new()
        },
        account_type: facts.account_type,
        enrollments: member.enrollments,
    })
}

/// Sends a new confirmation link to `email`, the account's primary contact;
/// earlier unused links of the account stop working.
pub(crate) async fn send_link(
    tx: &mut Tx<'_>,
    account_id: &str,
    email: &str,
    actor_user_id: &str,
    base_url: &str,
) -> Result<(), AppError> {
    super::quotas::check(tx, account_id, super::quotas::Quota::Confirmations, 1).await?;
    sqlx::query("DELETE FROM email_verifications WHERE account_id = $1 AND used_at IS NULL")
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    let token = new_token();
    let created = now();
    sqlx::query(
        "INSERT INTO email_verifications (token_hash, account_id, email, requested_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash(&token))
    .bind(account_id)
    .bind(email)
    .bind(actor_user_id)
    .bind(created)
    .bind(created + LINK_LIFETIME_SECS)
    .execute(&mut **tx)
    .await?;
    let link = format!("{base_url}{}", link_path(&token));
    // The recipient's language isn't known: both languages, like invitations.
    let body = format!(
        "Please confirm that {email} is the primary contact of your partner account:\n{link}\n\
         The link works once, for 48 hours.\n\n\
         Merci de confirmer que {email} est le contact principal de votre compte partenaire :\n{link}\n\
         Le lien fonctionne une fois, pendant 48 heures.\n"
    );
    outbox::queue(
        tx,
        Email {
            to: email,
            subject: "Confirm your email / Confirmez votre e-mail",
            body: &body,
        },
    )
    .await?;
    activity::record(
        tx,
        Event {
            action: Action::VerificationSent,
            actor_user_id,
            account_id: Some(account_id),
            subject: Some("contact_email"),
            old_value: None,
            new_value: Some(email),
        },
    )
    .await
}

/// "Send the link again" from the program page.
pub async fn resend_link(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    base_url: &str,
) -> Result<(), AppError> {
    // The link confirms the Partner profile's contact email: its editors send it.
    let (mut tx, member) =
        access::begin_edit(db, user_id, partner_id, Page::PartnerProfile).await?;
    let row: (Option<String>, Option<i64>) = sqlx::query_as(
        "SELECT contact_email, contact_email_verified_at FROM accounts WHERE id = $1",
    )
    .bind(&member.account_id)
    .fetch_one(&mut *tx)
    .await?;
    let (Some(email), None) = row else {
        // No contact email yet, or it is already confirmed.
        return Err(AppError::Conflict(Conflict::NothingToVerify));
    };
    send_link(&mut tx, &member.account_id, &email, user_id, base_url).await?;
    tx.commit().await?;
    Ok(())
}

/// Opens a confirmation link: no sign-in needed, the secret is the proof.
/// Returns the account's Partner ID. The link works once, before it expires,
/// and only while the email it was sent to is still the primary contact's.
pub async fn verify_email(db: &Db, token: &str) -> Result<i64, AppError> {
    let at = now();
    let mut tx = crate::db::begin(db).await?;
    let claimed: Option<(String, String, String)> = sqlx::query_as(
        "UPDATE email_verifications SET used_at = $1
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
         RETURNING account_id, email, requested_by",
    )
    .bind(at)
    .bind(token_hash(token))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((account_id, email, requested_by)) = claimed else {
        return Err(AppError::Conflict(Conflict::LinkClosed));
    };
    let verified: Option<(i64,)> = sqlx::query_as(
        "UPDATE accounts SET contact_email_verified_at = $1
         WHERE id = $2 AND contact_email = $3 RETURNING partner_id",
    )
    .bind(at)
    .bind(&account_id)
    .bind(&email)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((partner_id,)) = verified else {
        return Err(AppError::Conflict(Conflict::LinkClosed));
    };
    activity::record(
        &mut tx,
        Event {
            action: Action::EmailVerified,
            actor_user_id: &requested_by,
            account_id: Some(&account_id),
            subject: Some("contact_email"),
            old_value: None,
            new_value: Some(&email),
        },
    )
    .await?;
    reevaluate(&mut tx, &account_id, &requested_by).await?;
    tx.commit().await?;
    Ok(partner_id)
}

/// Windows and Xbox: the registration fee acknowledged (once).
pub async fn acknowledge_fee(db: &Db, user_id: &str, partner_id: i64) -> Result<(), AppError> {
    let (mut tx, member) =
        access::begin_edit(db, user_id, partner_id, Page::Program(Program::WindowsXbox)).await?;
    let enrolled: Option<(String,)> =
        sqlx::query_as("SELECT status FROM enrollments WHERE account_id = $1 AND program = $2")
            .bind(&member.account_id)
            .bind(Program::WindowsXbox.code())
            .fetch_optional(&mut *tx)
            .await?;
    if enrolled.is_none() {
        return Err(AppError::Conflict(Conflict::NotEnrolled));
    }
    let updated = sqlx::query(
        "UPDATE accounts SET fee_acknowledged_at = $1
         WHERE id = $2 AND fee_acknowledged_at IS NULL",
    )
    .bind(now())
    .bind(&member.account_id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(());
    }
    activity::record(
        &mut tx,
        Event {
            action: Action::FeeAcknowledged,
            actor_user_id: user_id,
            account_id: Some(&member.account_id),
            subject: Some(Program::WindowsXbox.code()),
            old_value: None,
            new_value: None,
        },
    )
    .await?;
    reevaluate(&mut tx, &member.account_id, user_id).await?;
    tx.commit().await?;
    Ok(())
}
