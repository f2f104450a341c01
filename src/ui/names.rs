//! The names the user reads for the model's codes: programs, areas,
//! statuses, agreements, roles, in the chosen language.

use crate::i18n::*;
use crate::model::{Agreement, EnrollmentStatus, Program, Role, SettingsArea};

pub fn program_name(i18n: leptos_i18n::I18nContext<Locale>, program: Program) -> String {
    match program {
        Program::Mpn => t_string!(i18n, programs.names.mpn),
        Program::Csp => t_string!(i18n, programs.names.csp),
        Program::Referrals => t_string!(i18n, programs.names.referrals),
        Program::CommercialMarketplace => t_string!(i18n, programs.names.commercial_marketplace),
        Program::WindowsXbox => t_string!(i18n, programs.names.windows_xbox),
        Program::OfficeStore => t_string!(i18n, programs.names.office_store),
        Program::EdgeExtensions => t_string!(i18n, programs.names.edge_extensions),
    }
    .to_string()
}

pub fn area_name(i18n: leptos_i18n::I18nContext<Locale>, area: SettingsArea) -> String {
    match area {
        SettingsArea::Partner => t_string!(i18n, settings.partner),
        SettingsArea::Developer => t_string!(i18n, settings.developer),
    }
    .to_string()
}

pub fn status_name(
    i18n: leptos_i18n::I18nContext<Locale>,
    status: Option<EnrollmentStatus>,
) -> String {
    match status {
        None => t_string!(i18n, programs.status.not_enrolled),
        Some(EnrollmentStatus::Pending) => t_string!(i18n, programs.status.pending),
        Some(EnrollmentStatus::Active) => t_string!(i18n, programs.status.active),
        Some(EnrollmentStatus::Rejected) => t_string!(i18n, programs.status.rejected),
    }
    .to_string()
}

pub fn verification_name(
    i18n: leptos_i18n::I18nContext<Locale>,
    status: crate::model::VerificationStatus,
) -> String {
    use crate::model::VerificationStatus as V;
    match status {
        V::None => t_string!(i18n, developer.verification_none),
        V::Pending => t_string!(i18n, developer.verification_pending),
        V::Authorized => t_string!(i18n, developer.verification_authorized),
        V::Rejected => t_string!(i18n, developer.verification_rejected),
    }
    .to_string()
}

pub fn agreement_name(i18n: leptos_i18n::I18nContext<Locale>, agreement: Agreement) -> String {
    match agreement {
        Agreement::Mpn => t_string!(i18n, agreements.names.mpn),
        Agreement::Reseller => t_string!(i18n, agreements.names.reseller),
        Agreement::Publisher => t_string!(i18n, agreements.names.publisher),
        Agreement::AppDeveloper => t_string!(i18n, agreements.names.app_developer),
        Agreement::Cpv => t_string!(i18n, agreements.names.cpv),
    }
    .to_string()
}

pub fn role_name(i18n: leptos_i18n::I18nContext<Locale>, role: Role) -> String {
    match role {
        Role::GlobalAdmin => t_string!(i18n, roles.global_admin),
        Role::AccountAdmin => t_string!(i18n, roles.account_admin),
        Role::UserManagementAdmin => t_string!(i18n, roles.user_management_admin),
        Role::BillingAdmin => t_string!(i18n, roles.billing_admin),
        Role::AdminAgent => t_string!(i18n, roles.admin_agent),
        Role::SalesAgent => t_string!(i18n, roles.sales_agent),
        Role::HelpdeskAgent => t_string!(i18n, roles.helpdesk_agent),
        Role::ReferralsAdmin => t_string!(i18n, roles.referrals_admin),
        Role::BusinessProfileAdmin => t_string!(i18n, roles.business_profile_admin),
        Role::IncentiveAdmin => t_string!(i18n, roles.incentive_admin),
        Role::MpnPartnerAdmin => t_string!(i18n, roles.mpn_partner_admin),
        Role::DefaultUser => t_string!(i18n, roles.default_user),
        Role::Owner => t_string!(i18n, roles.owner),
        Role::Manager => t_string!(i18n, roles.manager),
        Role::Developer => t_string!(i18n, roles.developer),
        Role::BusinessContributor => t_string!(i18n, roles.business_contributor),
        Role::FinanceContributor => t_string!(i18n, roles.finance_contributor),
        Role::Marketer => t_string!(i18n, roles.marketer),
    }
    .to_string()
}
