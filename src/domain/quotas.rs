//! Daily limits on the emails an account's members make the server send
//! (invitations, confirmation links), so that signing up doesn't buy an
//! open mail relay. Counted from the activity events each email writes in
//! its own transaction, under the account's lock (`access::begin_edit`),
//! so parallel requests can't overshoot; shared by every app instance.

use super::activity::Action;
use crate::db::{now, Tx};
use crate::model::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quota {
    /// Invitations sent and resent.
    Invitations,
    /// Links confirming the primary contact's email.
    Confirmations,
}

impl Quota {
    /// How many a day, per account.
    pub const fn per_day(self) -> i64 {
        match self {
            Quota::Invitations => 200,
            Quota::Confirmations => 20,
        }
    }

    fn actions(self) -> [Action; 2] {
        match self {
            Quota::Invitations => [Action::InvitationSent, Action::InvitationResent],
            Quota::Confirmations => [Action::VerificationSent, Action::VerificationSent],
        }
    }
}

/// Refuses (`DailyLimit`) when sending `more` emails would pass the
/// account's limit for the last 24 hours.
pub async fn check(
    tx: &mut Tx<'_>,
    account_id: &str,
    quota: Quota,
    more: i64,
) -> Result<(), AppError> {
    let [first, second] = quota.actions();
    let (sent,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM activity_events
         WHERE account_id = $1 AND occurred_at > $2 AND action IN ($3, $4)",
    )
    .bind(account_id)
    .bind(now() - 24 * 3600)
    .bind(first.code())
    .bind(second.code())
    .fetch_one(&mut **tx)
    .await?;
    if sent + more > quota.per_day() {
        return Err(AppError::DailyLimit);
    }
    Ok(())
}
