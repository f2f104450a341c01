//! The HTML shell and the routes.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::i18n::*;
use crate::ui::account::{AccountHome, NewAccountPage, ProfilePage};
use crate::ui::auth::{RootRedirect, SignInPage, SignUpPage};
use crate::ui::common::NotFoundPage;
use crate::ui::programs::{ProgramPage, ProgramsPage};
use crate::ui::roles::RolesPage;
use crate::ui::settings::{AreaProgramsPage, SettingsAreaPage};
use crate::ui::shell::AccountLayout;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body class="bg-slate-50 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider>
            <Stylesheet id="leptos" href="/pkg/partner_portal.css" />
            <AppTitle />
            <Router>
                // Async SSR: the page is sent once its data is known, so
                // redirects and 404 statuses reach the browser as real HTTP.
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view=RootRedirect ssr=SsrMode::Async />
                    <Route path=path!("/signin") view=SignInPage />
                    <Route path=path!("/signup") view=SignUpPage />
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
                        <Route path=path!("new-account") view=NewAccountPage ssr=SsrMode::Async />
                        <Route path=path!("profile") view=ProfilePage ssr=SsrMode::Async />
                        <Route path=path!("roles") view=RolesPage ssr=SsrMode::Async />
                    </ParentRoute>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

#[component]
fn AppTitle() -> impl IntoView {
    let i18n = use_i18n();
    view! { <Title text=move || t_string!(i18n, app.name).to_string() /> }
}
