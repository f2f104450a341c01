//! The left navigation ("Main"): account picker, enrolled programs, workspace
//! links. A drawer behind "Open navigation" on narrow screens.

use leptos::prelude::*;

use crate::model::page::Page;

use super::account_picker::AccountPicker;
use crate::i18n::*;
use crate::model::{EnrollmentStatus, Shell};
use crate::ui::common::{is_current, use_path};
use crate::ui::context::use_shell;
use crate::ui::names::{program_name, status_name};

#[component]
pub fn LeftNav() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let path = use_path();
    view! {
        // Dim the page behind the open drawer; a tap outside closes it.
        <div
            id="nav-backdrop"
            class="fixed inset-0 z-30 bg-black/30 md:hidden"
            class:hidden=true
        ></div>
        <nav
            id="main-nav"
            aria-label=tr_attr!(shell.main_navigation)
            class="fixed inset-y-0 left-0 z-40 w-72 max-w-[85vw] overflow-y-auto border-r border-slate-200 bg-white p-3 md:static md:z-auto md:row-span-2 md:block md:w-64"
            class:hidden=true
        >
            <div class="mb-2 flex justify-end md:hidden">
                <button
                    type="button"
                    class="rounded px-3 py-2 hover:bg-slate-100"
                    data-close-nav=""
                >
                    {tr!(shell.close_navigation)}
                </button>
            </div>
            {move || {
                let data = shell.with(Shell::clone)?;
                let picker = (data.accounts.len() >= 2)
                    .then(|| view! { <AccountPicker accounts=data.accounts.clone() current=data.account.partner_id /> });
                let programs = data
                    .enrollments
                    .iter()
                    .map(|e| {
                        let program = e.program;
                        let href = shell.href(Page::Program(e.program));
                        let pending = e.status != EnrollmentStatus::Active;
                        let status = pending.then(|| status_name(i18n, Some(e.status)));
                        view! {
                            <li>
                                <NavLink path href=href exact=true>
                                    {program_name(i18n, program)}
                                    {status.map(|s| view! { <span class="ml-1 text-xs text-slate-600">"(" {s} ")"</span> })}
                                </NavLink>
                            </li>
                        }
                    })
                    .collect_view();
                let has_programs = !data.enrollments.is_empty();
                // The page catalog's rules: who sees which page.
                let sees = |page: Page| page.visible_to(&data.account);
                let (sees_programs, sees_catalog) = (sees(Page::Programs), sees(Page::Catalog));
                let (sees_pricing, sees_users) = (sees(Page::Pricing), sees(Page::Users));
                Some(view! {
                    {picker}
                    <p class="mt-3 px-3 text-xs font-semibold uppercase tracking-wide text-slate-600">{data.account.legal_name.clone()}</p>
                    <ul class="mt-1">
                        <li><NavLink path href=shell.href(Page::Home) exact=true>{tr!(shell.home)}</NavLink></li>
                    </ul>
                    {sees_programs.then(|| view! {
                        <h2 class="mt-4 px-3 text-xs font-semibold uppercase tracking-wide text-slate-600">{tr!(shell.your_programs)}</h2>
                        <ul class="mt-1">
                            {programs}
                            {(!has_programs).then(|| view! { <li class="px-3 py-2 text-sm text-slate-600">{tr!(shell.no_programs)}</li> })}
                        </ul>
                    })}
                    <h2 class="mt-4 px-3 text-xs font-semibold uppercase tracking-wide text-slate-600">{tr!(shell.workspace)}</h2>
                    <ul class="mt-1">
                        {sees_programs.then(|| view! {
                            <li><NavLink path href=shell.href(Page::Programs) exact=true>{tr!(shell.all_programs)}</NavLink></li>
                        })}
                        {sees_catalog.then(|| view! {
                            <li><NavLink path href=shell.href(Page::Catalog) exact=true>{tr!(catalog.title)}</NavLink></li>
                        })}
                        {sees_pricing.then(|| view! {
                            <li><NavLink path href=shell.href(Page::Pricing) exact=true>{tr!(pricing.title)}</NavLink></li>
                        })}
                        {sees_users.then(|| view! {
                            <li><NavLink path href=shell.href(Page::Users)>{tr!(users.title)}</NavLink></li>
                        })}
                        <li><NavLink path href=shell.href(Page::Roles) exact=true>{tr!(roles.title)}</NavLink></li>
                    </ul>
                })
            }}
        </nav>
    }
}

/// A link of the navigation, marked `aria-current="page"` while its page is
/// shown (or a page under it, unless `exact`). Leptos's `<A>` does the same
/// but resolves its address through the router each time it renders (and
/// under Suspense the server renders this menu two or three times a page):
/// 4 % of a signed-in page's server instructions (callgrind, stop 30).
#[component]
fn NavLink(
    path: Signal<String>,
    href: String,
    #[prop(optional)] exact: bool,
    children: Children,
) -> impl IntoView {
    let current = {
        let href = href.clone();
        // `try_with`: see `ShellContext` (a request abandoned mid-render).
        move || {
            path.try_with(|path| is_current(path, &href, exact))?
                .then_some("page")
        }
    };
    view! {
        <a
            href=href
            aria-current=current
            class="block rounded px-3 py-2 hover:bg-slate-100 aria-[current=page]:bg-blue-50 aria-[current=page]:font-semibold"
        >
            {children()}
        </a>
    }
}
