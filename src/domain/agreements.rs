//! Agreements: which apply to an account, and who accepted which version.

use super::access::{self, Member};
use super::activity::{self, Action, Event};
use crate::db::{now, Db};
use crate::model::page::Page;
use crate::model::{
    Acceptance, Agreement, AgreementNotice, AgreementStatus, AppError, Conflict, Language,
    SettingsArea,
};

/// The agreements that concern an account: those of the programs it is
/// enrolled in (any status), those it has accepted, and those offered to
/// every account (CPV), in catalog order.
/// One query whatever the number of agreements.
pub(crate) async fn statuses(
    db: &Db,
    member: &Member,
    language: Language,
) -> Result<Vec<AgreementStatus>, AppError> {
    let account_id = &member.account_id;
    let enrolled: Vec<Agreement> = member
        .enrollments
        .iter()
        .filter_map(|e| e.program.agreement())
        .collect();
    // Each agreement's latest version (its text in the reader's language)
    // with the most recent version this account accepted, if any.
    let rows: Vec<LatestVersion> = sqlx::query_as(
        "SELECT v.agreement, v.version, v.published_at,
                CASE WHEN $2 = 'fr' THEN v.text_fr ELSE v.text_en END AS text,
                a.version AS accepted_version, a.accepted_at, u.display_name AS accepted_by
         FROM agreement_versions v
         LEFT JOIN agreement_acceptances a
           ON a.account_id = $1 AND a.agreement = v.agreement
          AND a.version = (SELECT MAX(b.version) FROM agreement_acceptances b
                           WHERE b.account_id = $1 AND b.agreement = v.agreement)
         LEFT JOIN users u ON u.id = a.accepted_by
         WHERE v.version = (SELECT MAX(w.version) FROM agreement_versions w WHERE w.agreement = v.agreement)",
    )
    .bind(account_id)
    .bind(language.code())
    .fetch_all(db)
    .await?;
    let mut list: Vec<AgreementStatus> = rows
        .into_iter()
        .filter_map(|v| {
            let agreement = Agreement::from_code(&v.agreement)?;
            let accepted = match (v.accepted_version, v.accepted_at) {
                (Some(version), Some(accepted_at)) => Some(Acceptance {
                    version,
                    accepted_at,
                    accepted_by: v.accepted_by.unwrap_or_default(),
                }),
                _ => None,
            };
            let concerned =
                enrolled.contains(&agreement) || accepted.is_some() || agreement.always_offered();
            concerned.then_some(AgreementStatus {
                agreement,
                latest_version: v.version,
                latest_published_at: v.published_at,
                text: v.text,
                accepted,
            })
        })
        .collect();
    list.sort_by_key(|s| s.agreement);
    Ok(list)
}

/// The shell's "Action needed" banner: each agreement the account accepted,
/// as (code, version accepted, latest version); `account` is the SQL of the
/// account's id (a parameter or a subquery: the shell runs it beside its
/// other reads, see `accounts::gate_and_shell`). No texts: it runs on every
/// account page.
pub(crate) fn notices(account: &str) -> String {
    format!(
        "SELECT a.agreement AS agreement, MAX(a.version) AS accepted,
            (SELECT MAX(v.version) FROM agreement_versions v WHERE v.agreement = a.agreement) AS latest
         FROM agreement_acceptances a WHERE a.account_id = {account}
         GROUP BY a.agreement"
    )
}

/// The agreements with a newer version than the one accepted, by agreement.
pub(crate) fn pending(
    rows: impl IntoIterator<Item = (String, i64, Option<i64>)>,
) -> Vec<AgreementNotice> {
    let mut list: Vec<AgreementNotice> = rows
        .into_iter()
        .filter_map(|(code, accepted, latest)| {
            let latest = latest?;
            (accepted < latest).then_some(AgreementNotice {
                agreement: Agreement::from_code(&code)?,
                version: latest,
            })
        })
        .collect();
    list.sort_by_key(|n| n.agreement);
    list
}

/// The Agreements page of a settings area (it opens once the account has
/// enrolled in a program of the area, see `Page::opening`).
pub async fn for_area(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    area: SettingsArea,
    language: Language,
) -> Result<Vec<AgreementStatus>, AppError> {
    let member = access::open(db, user_id, partner_id, Page::Agreements(area)).await?;
    Ok(statuses(db, &member, language)
        .await?
        .into_iter()
        .filter(|s| s.agreement.area() == area)
        .collect())
}

/// Accepts `version` of `agreement` for the account: who and when are
/// recorded. Only the latest version can be accepted; accepting twice is a
/// An agreement's most recent version.
#[derive(sqlx::FromRow)]
struct LatestVersion {
    agreement: String,
    version: i64,
    published_at: i64,
    text: String,
    accepted_version: Option<i64>,
    accepted_at: Option<i64>,
    accepted_by: Option<String>,
}

/// no-op.
pub async fn accept(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    agreement: Agreement,
    version: i64,
) -> Result<(), AppError> {
    let (mut tx, member) = access::begin_edit_with(
        db,
        user_id,
        partner_id,
        Page::Agreements(agreement.area()),
        agreement.permission(),
    )
    .await?;
    let (latest,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(version) FROM agreement_versions WHERE agreement = $1")
            .bind(agreement.code())
            .fetch_one(&mut *tx)
            .await?;
    match latest {
        None => return Err(AppError::NotFound),
        Some(latest) if latest != version => {
            return Err(AppError::Conflict(Conflict::OutdatedVersion))
        }
        Some(_) => {}
    }
    let inserted = sqlx::query(
        "INSERT INTO agreement_acceptances (account_id, agreement, version, accepted_by, accepted_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (account_id, agreement, version) DO NOTHING",
    )
    .bind(&member.account_id)
    .bind(agreement.code())
    .bind(version)
    .bind(user_id)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(());
    }
    activity::record(
        &mut tx,
        Event {
            action: Action::AgreementAccepted,
            actor_user_id: user_id,
            account_id: Some(&member.account_id),
            subject: Some(agreement.code()),
            old_value: None,
            new_value: Some(&version.to_string()),
        },
    )
    .await?;
    super::enrollment::reevaluate(&mut tx, &member.account_id, user_id).await?;
    tx.commit().await?;
    Ok(())
}
