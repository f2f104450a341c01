//! The navigation shell around every account page (SPEC §2): top bar, left
//! navigation with the account picker, and the page itself.

mod account_picker;
mod left_nav;
mod menu;
mod top_bar;

use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

pub use top_bar::{from_locale, to_locale, LanguageSwitch};

use crate::api::shell::load_shell;
use crate::model::page::Page;
use crate::model::{AppError, Shell};
use crate::ui::common::use_partner_id;

/// The current account page's shell data, shared by the shell and the pages.
#[derive(Clone, Copy)]
pub struct ShellContext {
    pub partner_id: Memo<Option<i64>>,
    pub shell: Resource<Result<Shell, AppError>>,
    version: RwSignal<u32>,
}

impl ShellContext {
    /// Reloads the shell, after a change that affects it (an enrollment…).
    pub fn refresh(&self) {
        self.version.update(|v| *v += 1);
    }

    /// Changes whenever the shell reloads; a key for data that depends on it.
    pub fn version(&self) -> u32 {
        self.version.get()
    }

    /// The loaded shell, if any (tracks it).
    pub fn data(&self) -> Option<Shell> {
        self.shell.get().and_then(Result::ok)
    }

    /// A page of the current account (tracks the account).
    pub fn href(&self, page: Page) -> String {
        page.href(self.partner_id.get().unwrap_or_default())
    }

    /// One member's page in the current account.
    pub fn member_href(&self, user_id: &str) -> String {
        Page::member_href(self.partner_id.get().unwrap_or_default(), user_id)
    }
}

pub fn use_shell() -> ShellContext {
    expect_context::<ShellContext>()
}

#[component]
pub fn AccountLayout() -> impl IntoView {
    let partner_id = use_partner_id();
    let version = RwSignal::new(0);
    let shell = Resource::new(
        move || (partner_id.get(), version.get()),
        |(partner_id, _)| async move {
            match partner_id {
                Some(id) => load_shell(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    provide_context(ShellContext {
        partner_id,
        shell,
        version,
    });

    // The drawer closes whenever the page changes.
    let nav_open = RwSignal::new(false);
    let location = use_location();
    // Only on changes: a first run could close a drawer opened meanwhile.
    Effect::watch(
        move || location.pathname.get(),
        move |_, _, _| nav_open.set(false),
        false,
    );

    view! {
        <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:z-50 focus:bg-white focus:p-2">
            {tr!(shell.skip_to_content)}
        </a>
        <div class="flex min-h-screen flex-col">
            <Transition>
                <top_bar::TopBar nav_open />
            </Transition>
            <div class="flex flex-1">
                <Transition>
                    <left_nav::LeftNav nav_open />
                </Transition>
                <main id="main" class="min-w-0 flex-1 p-4 md:p-8">
                    <Transition>
                        <crate::ui::agreements::AgreementBanner />
                    </Transition>
                    <Outlet />
                </main>
            </div>
        </div>
    }
}
