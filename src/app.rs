//! The HTML shell and the routes.

use leptos::prelude::*;
use leptos::tachys::view::iterators::StaticVec;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::any_nested_route::AnyNestedRoute;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::i18n::*;
use crate::ui::account::{AccountHome, FirstAccountPage, NewAccountPage};
use crate::ui::activity::{ActivityLogPage, OperatorActivityPage};
use crate::ui::agreements::AgreementsPage;
use crate::ui::auth::{SignInPage, SignUpPage};
use crate::ui::billing::BillingProfilePage;
use crate::ui::business::BusinessProfilePage;
use crate::ui::catalog::CatalogPage;
use crate::ui::cpv::CpvApplicationsPage;
use crate::ui::developer::{AccountSettingsPage, ContactInfoPage};
use crate::ui::directory::{DirectoryPage, PartnerPage};
use crate::ui::errors::NotFoundPage;
use crate::ui::invitation::InvitationPage;
use crate::ui::locations::{AddLocationPage, LocationPage, LocationsPage};
use crate::ui::my_profile::{PasswordPage, ProfilePage};
use crate::ui::operator::OperatorLayout;
use crate::ui::operator::{ExemptionQueuePage, OperatorAccountsPage, VerificationQueuePage};
use crate::ui::organization::OrganizationProfilePage;
use crate::ui::partner_profile::PartnerProfilePage;
use crate::ui::password_reset::{ForgotPasswordPage, ResetPasswordPage};
use crate::ui::payout::PayoutProfilePage;
use crate::ui::pricing::{OperatorPricesPage, PricingPage};
use crate::ui::programs::{ProgramPage, ProgramsPage};
use crate::ui::roles::RolesPage;
use crate::ui::settings::{AreaProgramsPage, SettingsAreaPage};
use crate::ui::shell::{AccountLayout, ShellBehaviour};
use crate::ui::support::SupportProfilePage;
use crate::ui::tax_exemptions::TaxExemptionsPage;
use crate::ui::users::{AddUserPage, InvitePage, MemberPage, UsersPage};
use crate::ui::verify_email::VerifyEmailPage;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::send_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                {head_start(options.clone())}
                <AutoReload options />
                <MetaTags />
            </head>
            <body class="bg-slate-50 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

/// The head's fixed part (meta tags, icon, manifest, early input), then
/// Leptos's hydration scripts: the bundle's JS and wasm fetched ahead, and
/// the loader that hydrates the page's islands.
#[cfg(feature = "ssr")]
fn head_start(options: LeptosOptions) -> impl IntoView {
    view! {
        {crate::server::head::fixed_head()}
        <HydrationScripts options islands=true root=crate::server::assets::prefix() />
    }
}

#[cfg(not(feature = "ssr"))]
fn head_start(_: LeptosOptions) -> impl IntoView {}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    provide_server_language_context();
    view! {
        <I18nContextProvider ssr_lang_header_getter=language_source()>
            <Stylesheet id="leptos" href=stylesheet_href() />
            <AppTitle />
            <ShellBehaviour />
            <Router>
                // Async SSR: the page is sent once its data is known, so
                // redirects and 404 statuses reach the browser as real HTTP.
                <Routes fallback=|| view! { <NotFoundPage /> } children=ToChildren::to_children(route_table) />
            </Router>
        </I18nContextProvider>
    }
}

/// The routes, made once per server thread. Leptos makes the table anew in
/// every request's render and copies it once more to match the address:
/// with 47 routes, each boxed with its own set of methods, that was a
/// seventh of the sign-in page's server instructions (482,751 -> 412,553 a
/// request; callgrind, stop 38). On the
/// server, `Routes` gets `RouteTable` instead: a handle to this thread's
/// table, which copies nothing. The browser makes its table once anyway.
#[cfg(feature = "ssr")]
fn route_table() -> RouteTable {
    RouteTable
}

#[cfg(not(feature = "ssr"))]
fn route_table() -> StaticVec<AnyNestedRoute> {
    routes()
}

/// This thread's routes (see `route_table`).
#[cfg(feature = "ssr")]
#[derive(Clone, Copy)]
struct RouteTable;

#[cfg(feature = "ssr")]
impl RouteTable {
    fn get() -> &'static StaticVec<AnyNestedRoute> {
        thread_local! {
            // Made once per thread that renders (tokio's worker threads,
            // which live as long as the server) and never freed. One per
            // thread: leptos' routes can move between threads, not be shared.
            static TABLE: &'static StaticVec<AnyNestedRoute> = Box::leak(Box::new(routes()));
        }
        TABLE.with(|table| *table)
    }
}

#[cfg(feature = "ssr")]
impl leptos_router::MatchNestedRoutes for RouteTable {
    type Data = <StaticVec<AnyNestedRoute> as leptos_router::MatchNestedRoutes>::Data;
    type Match = <StaticVec<AnyNestedRoute> as leptos_router::MatchNestedRoutes>::Match;

    fn match_nested<'a>(
        &'a self,
        path: &'a str,
    ) -> (Option<(leptos_router::RouteMatchId, Self::Match)>, &'a str) {
        Self::get().match_nested(path)
    }

    fn generate_routes(&self) -> impl IntoIterator<Item = leptos_router::GeneratedRouteData> + '_ {
        Self::get().generate_routes()
    }

    fn optional(&self) -> bool {
        Self::get().optional()
    }
}

fn routes() -> StaticVec<AnyNestedRoute> {
    view! {
        <Route path=path!("/signin") view=SignInPage />
        <Route path=path!("/signup") view=SignUpPage />
        <Route path=path!("/password") view=PasswordPage />
        <Route path=path!("/new-account") view=FirstAccountPage />
        <Route path=path!("/invitations/:token") view=InvitationPage ssr=SsrMode::Async />
        <Route path=path!("/verify-email/:token") view=VerifyEmailPage />
        <Route path=path!("/forgot-password") view=ForgotPasswordPage />
        <Route path=path!("/reset-password/:token") view=ResetPasswordPage />
        <Route path=path!("/partners") view=DirectoryPage ssr=SsrMode::Async />
        <Route path=path!("/partners/:pid") view=PartnerPage ssr=SsrMode::Async />
        <ParentRoute path=path!("/operator") view=OperatorLayout ssr=SsrMode::Async>
            <Route path=path!("") view=VerificationQueuePage ssr=SsrMode::Async />
            <Route path=path!("tax-exemptions") view=ExemptionQueuePage ssr=SsrMode::Async />
            <Route path=path!("accounts") view=OperatorAccountsPage ssr=SsrMode::Async />
            <Route path=path!("accounts/:pid/activity") view=OperatorActivityPage ssr=SsrMode::Async />
            <Route path=path!("prices") view=OperatorPricesPage ssr=SsrMode::Async />
        </ParentRoute>
        <ParentRoute path=path!("/a/:pid") view=AccountLayout ssr=SsrMode::Async>
            <Route path=path!("") view=AccountHome ssr=SsrMode::Async />
            <Route path=path!("programs") view=ProgramsPage ssr=SsrMode::Async />
            <Route path=path!("programs/:program") view=ProgramPage ssr=SsrMode::Async />
            <Route path=path!("settings/:area") view=SettingsAreaPage ssr=SsrMode::Async />
            <Route
                path=path!("settings/:area/programs")
                view=AreaProgramsPage
                ssr=SsrMode::Async
            />
            <Route path=path!("settings/partner/profile") view=PartnerProfilePage ssr=SsrMode::Async />
            <Route path=path!("settings/partner/billing") view=BillingProfilePage ssr=SsrMode::Async />
            <Route path=path!("settings/partner/business") view=BusinessProfilePage ssr=SsrMode::Async />
            <Route path=path!("settings/partner/organization") view=OrganizationProfilePage ssr=SsrMode::Async />
            <Route path=path!("settings/partner/support") view=SupportProfilePage ssr=SsrMode::Async />
            <Route path=path!("settings/partner/tax-exemptions") view=TaxExemptionsPage ssr=SsrMode::Async />
            <Route path=path!("settings/partner/cpv-applications") view=CpvApplicationsPage ssr=SsrMode::Async />
            <Route path=path!("settings/partner/locations") view=LocationsPage ssr=SsrMode::Async />
            <Route path=path!("settings/partner/locations/add") view=AddLocationPage ssr=SsrMode::Async />
            <Route path=path!("settings/partner/locations/:location_id") view=LocationPage ssr=SsrMode::Async />
            <Route path=path!("settings/developer/payout") view=PayoutProfilePage ssr=SsrMode::Async />
            <Route path=path!("settings/developer/contact") view=ContactInfoPage ssr=SsrMode::Async />
            <Route path=path!("settings/developer/account") view=AccountSettingsPage ssr=SsrMode::Async />
            <Route path=path!("settings/:area/activity") view=ActivityLogPage ssr=SsrMode::Async />
            <Route path=path!("settings/:area/agreements") view=AgreementsPage ssr=SsrMode::Async />
            <Route path=path!("new-account") view=NewAccountPage ssr=SsrMode::Async />
            <Route path=path!("profile") view=ProfilePage ssr=SsrMode::Async />
            <Route path=path!("roles") view=RolesPage ssr=SsrMode::Async />
            <Route path=path!("catalog") view=CatalogPage ssr=SsrMode::Async />
            <Route path=path!("pricing") view=PricingPage ssr=SsrMode::Async />
            <Route path=path!("users") view=UsersPage ssr=SsrMode::Async />
            <Route path=path!("users/add") view=AddUserPage ssr=SsrMode::Async />
            <Route path=path!("users/invite") view=InvitePage ssr=SsrMode::Async />
            <Route path=path!("users/:user_id") view=MemberPage ssr=SsrMode::Async />
        </ParentRoute>
    }
    .into_inner()
}

/// The CSS's address (under the assets' prefix: see `server::assets`).
fn stylesheet_href() -> &'static str {
    #[cfg(feature = "ssr")]
    return crate::server::assets::stylesheet();
    #[cfg(not(feature = "ssr"))]
    "/pkg/partner_portal.css"
}

#[component]
fn AppTitle() -> impl IntoView {
    let text = crate::ui::i18n::tr_attr(|l| td_string!(l, app.name));
    // The server reads the title after the page has rendered, outside the
    // request's reactive arena: reading the language signal there panicked
    // now and then under concurrent requests. The server gets a plain string;
    // the browser keeps the title following the language.
    #[cfg(feature = "ssr")]
    let text = text();
    view! { <Title text /> }
}

/// The cookie that remembers the chosen language between page loads.
/// Written here rather than by leptos_i18n's `cookie` feature, which brings a
/// cookie library and a date library into the browser bundle.
pub const LANGUAGE_COOKIE: &str = "pp_lang";

/// What the server renders in: the language cookie if set, else the browser's
/// Accept-Language. (The browser then hydrates in the `<html lang>` the server chose.)
fn language_source() -> leptos_i18n::context::UseLocalesOptions {
    #[cfg(feature = "ssr")]
    {
        leptos_i18n::context::UseLocalesOptions::default().ssr_lang_header_getter(|| {
            // Read in place: `use_context` would copy the request's every header.
            with_context::<axum::http::request::Parts, _>(|parts| language_header(&parts.headers))
                .flatten()
        })
    }
    #[cfg(not(feature = "ssr"))]
    Default::default()
}

/// The language cookie's value, else the Accept-Language header.
#[cfg(feature = "ssr")]
fn language_header(headers: &axum::http::HeaderMap) -> Option<String> {
    let cookie = headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(LANGUAGE_COOKIE)?.strip_prefix('='))
        .map(str::to_string);
    cookie.or_else(|| {
        headers
            .get(axum::http::header::ACCEPT_LANGUAGE)?
            .to_str()
            .ok()
            .map(str::to_string)
    })
}

/// Server only: the language context; `I18nContextProvider` below finds it
/// and makes no other. leptos_i18n's context starts an isomorphic effect (to
/// write its cookie, which we don't use): on the server that effect is a
/// task that could run after the response was sent and its page's signals
/// disposed, and then panicked ("already disposed"). Pausing its owner
/// (until stop 30) left a window: another worker thread could start the
/// task before the pause, and it still panicked once in an integration-test
/// run. Now the task is dropped as it is spawned, so it never runs; the page
/// reads the language from the context's signal as before, and the browser
/// makes its own context.
#[cfg(feature = "ssr")]
fn provide_server_language_context() {
    let context = crate::server::request_tasks::without_tasks(|| {
        leptos_i18n::context::init_i18n_context_with_options::<Locale>(
            leptos_i18n::context::I18nContextOptions::default()
                .ssr_lang_header_getter(language_source()),
        )
    });
    provide_context(context);
}

/// Writes the language cookie (browser only: the shell island's language
/// switch).
#[cfg(feature = "hydrate")]
pub(crate) fn remember_language(code: &str) {
    use leptos::wasm_bindgen::JsCast;
    if let Ok(doc) = document().dyn_into::<leptos::web_sys::HtmlDocument>() {
        let _ = doc.set_cookie(&format!(
            "{LANGUAGE_COOKIE}={code}; Path=/; Max-Age=31536000; SameSite=Lax"
        ));
    }
}
