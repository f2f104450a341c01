//! Enrollments in the program catalog, and the settings areas they open.

use super::accounts::member;
use super::activity::{self, Action, Event};
use super::enrollment;
use crate::db::{now, Db};
use crate::model::requirement;
use crate::model::{
    AppError, Conflict, Enrollment, EnrollmentStatus, Permission, Program, SettingsArea,
};

/// The account's enrollments, sorted by program.
pub async fn enrollments(
    db: &Db,
    user_id: &str,
    partner_id: i64,
) -> Result<Vec<Enrollment>, AppError> {
    let member = member(db, user_id, partner_id).await?;
    enrollments_of(db, &member.account_id).await
}

pub(crate) async fn enrollments_of(db: &Db, account_id: &str) -> Result<Vec<Enrollment>, AppError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT program, status FROM enrollments WHERE account_id = $1")
            .bind(account_id)
            .fetch_all(db)
            .await?;
    let mut list: Vec<Enrollment> = rows
        .into_iter()
        .filter_map(|(program, status)| {
            Some(Enrollment {
                program: Program::from_code(&program)?,
                status: EnrollmentStatus::from_code(&status)?,
            })
        })
        .collect();
    list.sort_by_key(|e| e.program);
    Ok(list)
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
    let mut tx = db.begin().await?;
    let member = member(&mut *tx, user_id, partner_id).await?;
    member.require(Permission::ManagePrograms)?;
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
    let mut tx = db.begin().await?;
    let member = member(&mut *tx, user_id, partner_id).await?;
    member.require(Permission::ManagePrograms)?;
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

/// The enrollments of one settings area's programs. The area exists for an
/// account only while it has an active program in it: otherwise `NotFound`,
/// whatever link the browser followed.
pub async fn area(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    area: SettingsArea,
) -> Result<Vec<Enrollment>, AppError> {
    let all = enrollments(db, user_id, partner_id).await?;
    if !area.is_available(&all) {
        return Err(AppError::NotFound);
    }
    Ok(all
        .into_iter()
        .filter(|e| e.program.area() == area)
        .collect())
}

/// The pages of an area that complete an enrollment (its agreements, the
/// profile or contact info a requirement needs) open as soon as the account
/// enrolls in one of the area's programs, before the area itself appears.
pub async fn area_or_enrolling(
    db: &Db,
    user_id: &str,
    partner_id: i64,
    area: SettingsArea,
) -> Result<Vec<Enrollment>, AppError> {
    let all = enrollments(db, user_id, partner_id).await?;
    let list: Vec<Enrollment> = all
        .into_iter()
        .filter(|e| e.program.area() == area && e.status != EnrollmentStatus::Rejected)
        .collect();
    if list.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(list)
}
