//! The audit trail. Every change calls [`record`] inside its own transaction,
//! so a change and its event commit or roll back together.

use crate::db::{new_id, now, Tx};
use crate::model::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    UserSignedUp,
    AccountCreated,
    ProgramEnrolled,
    ProgramWithdrawn,
    LanguageChanged,
    UserAdded,
    RolesChanged,
    MemberRemoved,
    PasswordReset,
    InvitationSent,
    InvitationResent,
    InvitationRevoked,
    InvitationExpired,
    InvitationAccepted,
    ProfileUpdated,
    PasswordChanged,
    SessionsEnded,
    AgreementAccepted,
    ContactInfoUpdated,
    LegalProfileUpdated,
    EnrollmentStatusChanged,
    VerificationSent,
    EmailVerified,
    FeeAcknowledged,
    BillingProfileUpdated,
    BusinessProfileUpdated,
    LocationAdded,
    LocationUpdated,
    LocationRemoved,
    HeadquartersChanged,
    SupportProfileUpdated,
    OrganizationProfileUpdated,
    PayoutProfileUpdated,
    VerificationApproved,
    VerificationRejected,
    AccountSuspended,
    AccountReactivated,
    TaxExemptionSubmitted,
    TaxExemptionWithdrawn,
    TaxExemptionApproved,
    TaxExemptionRejected,
    PasswordResetByEmail,
}

impl Action {
    pub fn code(self) -> &'static str {
        match self {
            Action::UserSignedUp => "user.signed_up",
            Action::AccountCreated => "account.created",
            Action::ProgramEnrolled => "program.enrolled",
            Action::ProgramWithdrawn => "program.withdrawn",
            Action::LanguageChanged => "user.language_changed",
            Action::UserAdded => "member.added",
            Action::RolesChanged => "member.roles_changed",
            Action::MemberRemoved => "member.removed",
            Action::PasswordReset => "member.password_reset",
            Action::InvitationSent => "invitation.sent",
            Action::InvitationResent => "invitation.resent",
            Action::InvitationRevoked => "invitation.revoked",
            Action::InvitationExpired => "invitation.expired",
            Action::InvitationAccepted => "invitation.accepted",
            Action::ProfileUpdated => "user.profile_updated",
            Action::PasswordChanged => "user.password_changed",
            Action::SessionsEnded => "user.sessions_ended",
            Action::AgreementAccepted => "agreement.accepted",
            Action::ContactInfoUpdated => "account.contact_info_updated",
            Action::LegalProfileUpdated => "account.legal_profile_updated",
            Action::EnrollmentStatusChanged => "program.status_changed",
            Action::VerificationSent => "account.verification_sent",
            Action::EmailVerified => "account.email_verified",
            Action::FeeAcknowledged => "program.fee_acknowledged",
            Action::BillingProfileUpdated => "account.billing_profile_updated",
            Action::BusinessProfileUpdated => "account.business_profile_updated",
            Action::LocationAdded => "location.added",
            Action::LocationUpdated => "location.updated",
            Action::LocationRemoved => "location.removed",
            Action::HeadquartersChanged => "location.headquarters_changed",
            Action::SupportProfileUpdated => "account.support_profile_updated",
            Action::OrganizationProfileUpdated => "account.organization_profile_updated",
            Action::PayoutProfileUpdated => "account.payout_profile_updated",
            Action::VerificationApproved => "account.verification_approved",
            Action::VerificationRejected => "account.verification_rejected",
            Action::AccountSuspended => "account.suspended",
            Action::AccountReactivated => "account.reactivated",
            Action::TaxExemptionSubmitted => "tax_exemption.submitted",
            Action::TaxExemptionWithdrawn => "tax_exemption.withdrawn",
            Action::TaxExemptionApproved => "tax_exemption.approved",
            Action::TaxExemptionRejected => "tax_exemption.rejected",
            Action::PasswordResetByEmail => "user.password_reset_by_email",
        }
    }
}

/// One change: who did what to which account, with old and new values.
pub struct Event<'a> {
    pub action: Action,
    pub actor_user_id: &'a str,
    /// `None` for changes that belong to the user rather than an account.
    pub account_id: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub old_value: Option<&'a str>,
    pub new_value: Option<&'a str>,
}

pub async fn record(tx: &mut Tx<'_>, event: Event<'_>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO activity_events
             (id, occurred_at, account_id, actor_user_id, action, subject, old_value, new_value)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(now())
    .bind(event.account_id)
    .bind(event.actor_user_id)
    .bind(event.action.code())
    .bind(event.subject)
    .bind(event.old_value)
    .bind(event.new_value)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
