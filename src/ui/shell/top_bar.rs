//! The top bar: product name, Settings menu, language switch, account menu.

use leptos::prelude::*;

use crate::model::page::Page;

use super::menu::MenuButton;
use crate::i18n::*;
use crate::model::{Language, SettingsArea};
use crate::ui::context::use_shell;
use crate::ui::i18n::from_locale;
use crate::ui::names::area_name;

#[component]
pub fn TopBar() -> impl IntoView {
    let shell = use_shell();
    let home = move || shell.href(Page::Home);
    view! {
        <header class="sticky top-0 z-20 flex items-center gap-2 border-b border-slate-200 bg-white px-2 py-2 md:col-span-2 md:px-4">
            <button
                type="button"
                class="rounded p-2 hover:bg-slate-100 md:hidden"
                aria-label=tr_attr!(shell.open_navigation)
                aria-expanded="false"
                aria-controls="main-nav"
            >
                <MenuIcon />
            </button>
            <a href=home class="truncate font-semibold text-blue-900">{tr!(app.name)}</a>
            // Reads the shell, so that the top bar, in the layout's
            // <Transition>, shows once the shell has loaded.
            <div class="ml-auto flex items-center gap-1" aria-busy=move || (!shell.is_loaded()).then_some("true")>
                <SettingsMenu />
                <LanguageSwitch />
                <UserMenu />
            </div>
        </header>
    }
}

/// Settings appear per area only when the current account has an active
/// program there (the server enforces the same rule on the area pages).
#[component]
fn SettingsMenu() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let areas = move || shell.with(|s| s.areas()).unwrap_or_default();
    view! {
        <MenuButton
            id="settings-menu"
            label=Signal::derive(tr_attr!(shell.settings))
            button=|| view! { <GearIcon /> }
        >
            {move || {
                let areas = areas();
                let empty = areas.is_empty();
                view! {
                    {empty.then(|| view! {
                        <p id="settings-empty" class="p-2 text-sm text-slate-700">{tr!(shell.settings_empty)}</p>
                    })}
                    <ul
                        role="menu"
                        aria-label=tr_attr!(shell.settings)
                        aria-describedby=empty.then_some("settings-empty")
                    >
                        {areas
                            .into_iter()
                            .map(|area: SettingsArea| {
                                view! {
                                    <li role="none">
                                        <a
                                            role="menuitem"
                                            class="block rounded p-2 hover:bg-slate-100 focus:bg-slate-100"
                                            href=shell.href(Page::Area(area))
                                        >
                                            {area_name(i18n, area)}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                        {empty.then(|| view! {
                            <li role="none">
                                <a role="menuitem" class="block rounded p-2 text-blue-700 underline hover:bg-slate-100 focus:bg-slate-100" href=shell.href(Page::Programs)>
                                    {tr!(shell.see_programs)}
                                </a>
                            </li>
                        })}
                    </ul>
                }
            }}
        </MenuButton>
    }
}

/// The language switch. The shell island saves the choice (the cookie and,
/// signed in, the user's preference for their next sign-in), then reloads
/// the page in that language.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let current = move || from_locale(i18n.get_locale());
    view! {
        <label for="language-switch" class="sr-only">{tr!(shell.language)}</label>
        <select
            id="language-switch"
            class="rounded border border-slate-300 bg-white px-1 py-1 text-sm"
        >
            {Language::ALL
                .into_iter()
                .map(|language| {
                    view! {
                        <option
                            value=language.code()
                            lang=language.code()
                            selected=move || current() == language
                        >
                            {language.native_name()}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

#[component]
fn UserMenu() -> impl IntoView {
    let shell = use_shell();
    let name = move || {
        shell
            .with(|s| s.user.display_name.clone())
            .unwrap_or_default()
    };
    view! {
        <MenuButton
            id="account-menu"
            role="menu"
            label=Signal::derive(tr_attr!(shell.account_menu))
            button=|| view! { <UserIcon /> }
        >
            <p class="truncate px-2 py-1 text-sm text-slate-600" role="none">{name}</p>
            <a role="menuitem" class="block rounded p-2 hover:bg-slate-100 focus:bg-slate-100" href=move || shell.href(Page::MyProfile)>
                {tr!(shell.my_profile)}
            </a>
            <a role="menuitem" class="block rounded p-2 hover:bg-slate-100 focus:bg-slate-100" href=move || shell.href(Page::NewAccount)>
                {tr!(shell.create_account)}
            </a>
            <crate::ui::auth::SignOutButton menuitem=true class="block w-full rounded p-2 text-left hover:bg-slate-100 focus:bg-slate-100" />
        </MenuButton>
    }
}

#[component]
fn GearIcon() -> impl IntoView {
    view! {
        <svg aria-hidden="true" class="h-6 w-6" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8">
            <path d="M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6Z" />
            <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1Z" />
        </svg>
    }
}

#[component]
fn UserIcon() -> impl IntoView {
    view! {
        <svg aria-hidden="true" class="h-6 w-6" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8">
            <circle cx="12" cy="8" r="4" />
            <path d="M4 21a8 8 0 0 1 16 0" />
        </svg>
    }
}

#[component]
pub fn MenuIcon() -> impl IntoView {
    view! {
        <svg aria-hidden="true" class="h-6 w-6" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8">
            <path d="M4 6h16M4 12h16M4 18h16" />
        </svg>
    }
}
