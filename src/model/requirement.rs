//! What each program's enrollment requires (SPEC §4), as data: the one place
//! the rules live. The domain layer gathers an account's [`AccountFacts`]
//! and [`outcome`] decides the enrollment's status; the program page shows
//! the same [`checklist`].

use serde::{Deserialize, Serialize};

use super::account::AccountType;
use super::agreement::Agreement;
use super::page::Page;
use super::program::{Enrollment, EnrollmentStatus, Program};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Requirement {
    /// Legal name, full legal address and primary contact.
    LegalProfileComplete,
    /// The primary contact's email confirmed through its link.
    PrimaryEmailVerified,
    /// Full legal address (line 1, city, postal code, country).
    BusinessAddressComplete,
    /// An active Partner Network (MPN) enrollment.
    ActiveMpn,
    /// A billing profile with a company tax ID.
    BillingTaxId,
    /// At least one admin (Global admin) in the account.
    AdminPresent,
    /// The latest version of this agreement accepted.
    AgreementAccepted(Agreement),
    /// A published business profile.
    BusinessProfilePublished,
    /// A Company (not Individual) account; can't change after creation.
    CompanyAccount,
    /// The account type (Individual or Company) chosen. It is chosen at
    /// sign-up and fixed, so it is always met; listed so the checklist says
    /// which one it is and that it can't change.
    AccountTypeChosen,
    /// A publisher display name (Developer settings → Contact info).
    PublisherDisplayName,
    /// The registration fee acknowledged.
    RegistrationFeeAcknowledged,
}

impl Requirement {
    /// The account page where a missing requirement is met, if any (the
    /// program page's checklist links to it).
    pub fn fixed_on(self) -> Option<Page> {
        use Requirement as R;
        Some(match self {
            R::LegalProfileComplete | R::PrimaryEmailVerified | R::BusinessAddressComplete => {
                Page::PartnerProfile
            }
            R::ActiveMpn => Page::Program(Program::Mpn),
            R::AdminPresent => Page::Users,
            R::AgreementAccepted(agreement) => Page::Agreements(agreement.area()),
            R::PublisherDisplayName => Page::ContactInfo,
            R::BillingTaxId => Page::BillingProfile,
            R::BusinessProfilePublished => Page::BusinessProfile,
            // The fee is acknowledged on the program page itself; the
            // account type is fixed at sign-up.
            R::CompanyAccount | R::AccountTypeChosen | R::RegistrationFeeAcknowledged => {
                return None
            }
        })
    }
}

impl Program {
    /// The normative requirements of each program.
    pub fn requirements(self) -> Vec<Requirement> {
        use Requirement as R;
        let agreement = self.agreement().map(R::AgreementAccepted);
        let mut list = match self {
            Program::Mpn => vec![R::LegalProfileComplete, R::PrimaryEmailVerified],
            Program::Csp => vec![
                R::ActiveMpn,
                R::BusinessAddressComplete,
                R::BillingTaxId,
                R::AdminPresent,
            ],
            Program::Referrals => vec![R::ActiveMpn, R::BusinessProfilePublished],
            Program::CommercialMarketplace => vec![R::CompanyAccount, R::PublisherDisplayName],
            Program::WindowsXbox => vec![
                R::AccountTypeChosen,
                R::PublisherDisplayName,
                R::RegistrationFeeAcknowledged,
            ],
            Program::OfficeStore | Program::EdgeExtensions => vec![R::PublisherDisplayName],
        };
        list.extend(agreement);
        list
    }
}

/// What is known about an account when its requirements are checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AccountFacts {
    pub account_type: AccountType,
    pub legal_profile_complete: bool,
    pub business_address_complete: bool,
    /// A confirmation link was sent and not used yet.
    pub primary_email_pending: bool,
    pub primary_email_verified: bool,
    pub active_programs: Vec<Program>,
    pub billing_tax_id: bool,
    pub global_admins: i64,
    /// Agreements whose latest version is accepted.
    pub accepted_agreements: Vec<Agreement>,
    pub business_profile_published: bool,
    pub publisher_display_name: bool,
    pub fee_acknowledged: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Check {
    Met,
    Missing,
    /// Done on the account's side, waiting for a confirmation (the email link).
    Waiting,
    /// Can never be met by this account (an Individual account for a
    /// Company-only program): the enrollment is rejected with this reason.
    Impossible,
}

pub fn check(requirement: Requirement, facts: &AccountFacts) -> Check {
    use Requirement as R;
    let met = |ok: bool| if ok { Check::Met } else { Check::Missing };
    match requirement {
        R::LegalProfileComplete => met(facts.legal_profile_complete),
        R::PrimaryEmailVerified if facts.primary_email_verified => Check::Met,
        R::PrimaryEmailVerified if facts.primary_email_pending => Check::Waiting,
        R::PrimaryEmailVerified => Check::Missing,
        R::BusinessAddressComplete => met(facts.business_address_complete),
        R::ActiveMpn => met(facts.active_programs.contains(&Program::Mpn)),
        R::BillingTaxId => met(facts.billing_tax_id),
        R::AdminPresent => met(facts.global_admins > 0),
        R::AgreementAccepted(a) => met(facts.accepted_agreements.contains(&a)),
        R::BusinessProfilePublished => met(facts.business_profile_published),
        R::CompanyAccount if facts.account_type == AccountType::Company => Check::Met,
        R::CompanyAccount => Check::Impossible,
        R::AccountTypeChosen => Check::Met,
        R::PublisherDisplayName => met(facts.publisher_display_name),
        R::RegistrationFeeAcknowledged => met(facts.fee_acknowledged),
    }
}

/// A program's page: the account's enrollment and the checklist.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgramDetail {
    pub program: Program,
    /// `None`: not enrolled.
    pub status: Option<EnrollmentStatus>,
    pub checklist: Vec<(Requirement, Check)>,
    /// The primary contact's email, where a confirmation link goes.
    pub contact_email: String,
    /// The account's type and enrollments, read with the checklist: the
    /// page labels and links from these, never from the shell (which may
    /// load later than the checklist on the server and sooner in the
    /// browser: the hydrated page must match the one rendered).
    pub account_type: AccountType,
    pub enrollments: Vec<Enrollment>,
}

/// Each requirement of `program` with its state, in order: the checklist.
pub fn checklist(program: Program, facts: &AccountFacts) -> Vec<(Requirement, Check)> {
    program
        .requirements()
        .into_iter()
        .map(|r| (r, check(r, facts)))
        .collect()
}

/// The enrollment's status: rejected when a requirement can never be met,
/// active when all are met, pending otherwise.
pub fn outcome(program: Program, facts: &AccountFacts) -> EnrollmentStatus {
    let checks = checklist(program, facts);
    if checks.iter().any(|(_, c)| *c == Check::Impossible) {
        EnrollmentStatus::Rejected
    } else if checks.iter().all(|(_, c)| *c == Check::Met) {
        EnrollmentStatus::Active
    } else {
        EnrollmentStatus::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn everything() -> AccountFacts {
        AccountFacts {
            account_type: AccountType::Company,
            legal_profile_complete: true,
            business_address_complete: true,
            primary_email_pending: false,
            primary_email_verified: true,
            active_programs: vec![Program::Mpn],
            billing_tax_id: true,
            global_admins: 1,
            accepted_agreements: Agreement::ALL.to_vec(),
            business_profile_published: true,
            publisher_display_name: true,
            fee_acknowledged: true,
        }
    }

    #[test]
    fn every_program_is_active_once_everything_is_met() {
        for program in Program::ALL {
            assert_eq!(
                outcome(program, &everything()),
                EnrollmentStatus::Active,
                "{program:?}"
            );
        }
    }

    #[test]
    fn mpn_waits_for_the_email_link_and_lists_what_is_missing() {
        let mut facts = everything();
        facts.primary_email_verified = false;
        facts.primary_email_pending = true;
        assert_eq!(outcome(Program::Mpn, &facts), EnrollmentStatus::Pending);
        assert_eq!(
            checklist(Program::Mpn, &facts),
            [
                (Requirement::LegalProfileComplete, Check::Met),
                (Requirement::PrimaryEmailVerified, Check::Waiting),
                (Requirement::AgreementAccepted(Agreement::Mpn), Check::Met),
            ]
        );
    }

    #[test]
    fn csp_and_referrals_need_an_active_mpn() {
        let mut facts = everything();
        facts.active_programs.clear();
        assert_eq!(outcome(Program::Csp, &facts), EnrollmentStatus::Pending);
        assert_eq!(
            outcome(Program::Referrals, &facts),
            EnrollmentStatus::Pending
        );
        assert_eq!(
            outcome(Program::OfficeStore, &facts),
            EnrollmentStatus::Active
        );
    }

    #[test]
    fn an_individual_account_is_rejected_from_the_commercial_marketplace_only() {
        let mut facts = everything();
        facts.account_type = AccountType::Individual;
        assert_eq!(
            outcome(Program::CommercialMarketplace, &facts),
            EnrollmentStatus::Rejected
        );
        assert_eq!(
            outcome(Program::WindowsXbox, &facts),
            EnrollmentStatus::Active
        );
    }

    #[test]
    fn windows_and_xbox_need_the_fee_acknowledged_and_store_programs_a_display_name() {
        let mut facts = everything();
        facts.fee_acknowledged = false;
        assert_eq!(
            outcome(Program::WindowsXbox, &facts),
            EnrollmentStatus::Pending
        );
        facts.publisher_display_name = false;
        for program in [
            Program::OfficeStore,
            Program::EdgeExtensions,
            Program::CommercialMarketplace,
        ] {
            assert_eq!(
                outcome(program, &facts),
                EnrollmentStatus::Pending,
                "{program:?}"
            );
        }
    }

    #[test]
    fn a_missing_agreement_keeps_the_enrollment_pending() {
        let mut facts = everything();
        facts
            .accepted_agreements
            .retain(|a| *a != Agreement::Publisher);
        assert_eq!(
            outcome(Program::CommercialMarketplace, &facts),
            EnrollmentStatus::Pending
        );
    }
}
