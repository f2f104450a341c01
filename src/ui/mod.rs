//! Components, named for what the user sees.

/// `tr!(users.title)`: a translated text node (see `i18n::tr`).
macro_rules! tr {
    ($($key:ident).+) => {
        $crate::ui::i18n::tr(|locale| $crate::i18n::td_string!(locale, $($key).+))
    };
}

/// `tr_attr!(users.title)`: a translated attribute value (see `i18n::tr_attr`).
macro_rules! tr_attr {
    ($($key:ident).+) => {
        $crate::ui::i18n::tr_attr(|locale| $crate::i18n::td_string!(locale, $($key).+))
    };
}

/// Declares a route whose page the browser downloads only when it is first
/// shown (`cargo leptos --split` cuts each into its own wasm file): the first
/// download holds the framework, the shell and the sign-in pages only.
macro_rules! lazy_page {
    ($route:ident, $page:path) => {
        #[derive(Debug)]
        pub struct $route;

        #[cfg(not(feature = "islands"))]
        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> leptos::prelude::AnyView {
                use leptos::prelude::IntoAny;
                leptos::prelude::untrack(|| $page().into_any())
            }
        }

        // The islands build renders pages on the server only: nothing to
        // split off (a lazy route would keep the page's code in the browser).
        #[cfg(feature = "islands")]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> leptos::prelude::AnyView {
                use leptos::prelude::IntoAny;
                leptos::prelude::untrack(|| $page().into_any())
            }
        }
    };
}

pub mod account;
pub mod action_form;
pub mod activity;
pub mod agreements;
pub mod auth;
pub mod billing;
pub mod business;
pub mod catalog;
pub mod common;
pub mod context;
pub mod cpv;
pub mod developer;
pub mod directory;
pub mod download;
pub mod errors;
pub mod forms;
pub mod i18n;
pub mod invitation;
pub mod locations;
pub mod my_profile;
pub mod names;
pub mod operator;
pub mod organization;
pub mod partner_profile;
pub mod password_reset;
pub mod payout;
pub mod pricing;
pub mod programs;
pub mod roles;
pub mod sections;
pub mod settings;
pub mod shell;
pub mod support;
pub mod tax_exemptions;
pub mod users;
pub mod verify_email;

/// The pages loaded on demand (see `lazy_page!`).
pub mod routes {
    lazy_page!(SignInRoute, crate::ui::auth::SignInPage);
    lazy_page!(SignUpRoute, crate::ui::auth::SignUpPage);
    lazy_page!(HomeRoute, crate::ui::account::AccountHome);
    lazy_page!(NewAccountRoute, crate::ui::account::NewAccountPage);
    lazy_page!(FirstAccountRoute, crate::ui::account::FirstAccountPage);
    lazy_page!(ProgramsRoute, crate::ui::programs::ProgramsPage);
    lazy_page!(ProgramRoute, crate::ui::programs::ProgramPage);
    lazy_page!(SettingsAreaRoute, crate::ui::settings::SettingsAreaPage);
    lazy_page!(AreaProgramsRoute, crate::ui::settings::AreaProgramsPage);
    lazy_page!(RolesRoute, crate::ui::roles::RolesPage);
    lazy_page!(CatalogRoute, crate::ui::catalog::CatalogPage);
    lazy_page!(PricingRoute, crate::ui::pricing::PricingPage);
    lazy_page!(OperatorPricesRoute, crate::ui::pricing::OperatorPricesPage);
    lazy_page!(AgreementsRoute, crate::ui::agreements::AgreementsPage);
    lazy_page!(CpvApplicationsRoute, crate::ui::cpv::CpvApplicationsPage);
    lazy_page!(ActivityLogRoute, crate::ui::activity::ActivityLogPage);
    lazy_page!(
        OperatorActivityRoute,
        crate::ui::activity::OperatorActivityPage
    );
    lazy_page!(ContactInfoRoute, crate::ui::developer::ContactInfoPage);
    lazy_page!(
        PartnerProfileRoute,
        crate::ui::partner_profile::PartnerProfilePage
    );
    lazy_page!(BillingProfileRoute, crate::ui::billing::BillingProfilePage);
    lazy_page!(
        BusinessProfileRoute,
        crate::ui::business::BusinessProfilePage
    );
    lazy_page!(
        OrganizationProfileRoute,
        crate::ui::organization::OrganizationProfilePage
    );
    lazy_page!(PayoutProfileRoute, crate::ui::payout::PayoutProfilePage);
    lazy_page!(SupportProfileRoute, crate::ui::support::SupportProfilePage);
    lazy_page!(LocationsRoute, crate::ui::locations::LocationsPage);
    lazy_page!(
        TaxExemptionsRoute,
        crate::ui::tax_exemptions::TaxExemptionsPage
    );
    lazy_page!(
        VerificationQueueRoute,
        crate::ui::operator::VerificationQueuePage
    );
    lazy_page!(ExemptionQueueRoute, crate::ui::operator::ExemptionQueuePage);
    lazy_page!(
        OperatorAccountsRoute,
        crate::ui::operator::OperatorAccountsPage
    );
    lazy_page!(AddLocationRoute, crate::ui::locations::AddLocationPage);
    lazy_page!(LocationRoute, crate::ui::locations::LocationPage);
    lazy_page!(DirectoryRoute, crate::ui::directory::DirectoryPage);
    lazy_page!(PartnerRoute, crate::ui::directory::PartnerPage);
    lazy_page!(
        AccountSettingsRoute,
        crate::ui::developer::AccountSettingsPage
    );
    lazy_page!(UsersRoute, crate::ui::users::UsersPage);
    lazy_page!(AddUserRoute, crate::ui::users::AddUserPage);
    lazy_page!(InviteRoute, crate::ui::users::InvitePage);
    lazy_page!(MemberRoute, crate::ui::users::MemberPage);
    lazy_page!(ProfileRoute, crate::ui::my_profile::ProfilePage);
    lazy_page!(PasswordRoute, crate::ui::my_profile::PasswordPage);
    lazy_page!(InvitationRoute, crate::ui::invitation::InvitationPage);
    lazy_page!(VerifyEmailRoute, crate::ui::verify_email::VerifyEmailPage);
    lazy_page!(
        ForgotPasswordRoute,
        crate::ui::password_reset::ForgotPasswordPage
    );
    lazy_page!(
        ResetPasswordRoute,
        crate::ui::password_reset::ResetPasswordPage
    );
}
