//! Enrollments in the program catalog, and the settings areas they open.

use super::access;
use super::activity::{self, Action, Event};
use super::enrollment;
use crate::db::{now, Db};
use crate::model::page::Page;
use crate::model::requirement;
use crate::model::{AppError, Conflict, Enrollment, EnrollmentStatus, Program, SettingsArea};

/// The account's enrollments, sorted by program (the Programs page).
pub async fn enrollments(
    db: &Db,
    user_id: &str,
    partner_id: i64,
) -> Result<Vec<Enrollment>, AppError> {
    Ok(access::open(db, user_id, partner_id, Page::Programs)
        .await?
        .enrollments)
}

/// Enrolls the account in `program`: active at once when every requirement
/// is met, rejected when one never can be, pending otherwise (see
/// `enrollment::reevaluate` for what moves it on later).
pub async fn enroll(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    program: Program,
) -> Result<(), AppError> {
    let (mut tx, member) =
        access::begin_edit(db, user_id, partner_id, Page::Program(program)).await?;
    let facts = enrollment::facts(&mut tx, &member.account_id).await?;
    let status = requirement::outcome(program, &facts);
    let inserted = sqlx::query(
        "INSERT INTO enrollments (account_id, program, status, updated_at, version)
         VALUES ($1, $2, $3, $4, 1)
         ON CONFLICT (account_id, program) DO NOTHING",
    )
    .bind(&member.account_id)
    .bind(program.code())
    .bind(status.code())
    .bind(now())
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(AppError::Conflict(Conflict::AlreadyEnrolled));
    }
    activity::record(
        &mut tx,
        Event {
            action: Action::ProgramEnrolled,
            actor_user_id: user_id,
            account_id: Some(&member.account_id),
            subject: Some(program.code()),
            old_value: None,
            new_value: Some(status.code()),
        },
    )
    .await?;
    if status == EnrollmentStatus::Active {
        // An active MPN can complete a pending CSP or Referrals enrollment.
        enrollment::reevaluate(&mut tx, &member.account_id, user_id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Withdraws the account's enrollment in `program`.
pub async fn withdraw(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    program: Program,
) -> Result<(), AppError> {
    let (mut tx, member) =
        access::begin_edit(db, user_id, partner_id, Page::Program(program)).await?;
    let old: Option<(String,)> =
        sqlx::query_as("SELECT status FROM enrollments WHERE account_id = $1 AND program = $2")
            .bind(&member.account_id)
            .bind(program.code())
            .fetch_optional(&mut *tx)
            .await?;
    let Some((old,)) = old else {
        return Err(AppError::Conflict(Conflict::NotEnrolled));
    };
    sqlx::query("DELETE FROM enrollments WHERE account_id = $1 AND program = $2")
        .bind(&member.account_id)
        .bind(program.code())
        .execute(&mut *tx)
        .await?;
    activity::record(
        &mut tx,
        Event {
            action: Action::ProgramWithdrawn,
            actor_user_id: user_id,
            account_id: Some(&member.account_id),
            subject: Some(program.code()),
            old_value: Some(&old),
            new_value: None,
        },
    )
    .await?;
    enrollment::after_withdrawal(&mut tx, &member.account_id, program, user_id).await?;
    tx.commit().await?;
    Ok(())
}

/// The enrollments of one settings area's programs (the area's landing and
/// Programs pages). The area exists for an account only while it has an
/// active program in it: otherwise `NotFound`, whatever link was followed.
pub async fn area(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    area: SettingsArea,
) -> Result<Vec<Enrollment>, AppError> {
    let member = access::open(db, user_id, partner_id, Page::Area(area)).await?;
    Ok(member
        .enrollments
        .into_iter()
        .filter(|e| e.program.area() == area)
        .collect())
}
