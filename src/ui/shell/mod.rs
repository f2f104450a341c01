//! The navigation shell around every account page (SPEC §2): top bar, left
//! navigation with the account picker, and the page itself.

mod account_picker;
mod behaviour;
#[cfg(feature = "hydrate")]
mod keys;
mod left_nav;
mod menu;
mod top_bar;

use crate::ui::common::load;
use leptos::prelude::*;
use leptos::tachys::html::InertElement;
use leptos_router::components::Outlet;

pub use behaviour::ShellBehaviour;
pub use top_bar::LanguageSwitch;

pub use crate::ui::context::{use_shell, ShellContext};

use crate::api::shell::load_shell;
use crate::model::AppError;
use crate::ui::common::use_partner_id;

#[component]
pub fn AccountLayout() -> impl IntoView {
    let partner_id = use_partner_id();
    let shell = load(
        move || partner_id.get(),
        |partner_id| async move {
            match partner_id {
                Some(id) => load_shell(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    provide_context(ShellContext { partner_id, shell });
    // The shell's data first, then its parts (`shell_parts`), made once per
    // request however often the boundary runs its children. The page
    // (<Outlet>) stays outside: inside, the boundary would run it again too.
    let parts = std::sync::Arc::new(std::sync::OnceLock::<String>::new());

    view! {
        <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:z-50 focus:bg-white focus:p-2">
            {tr!(shell.skip_to_content)}
        </a>
        // On wide screens a grid puts the notices above the page, beside the
        // navigation (their negative margin takes back the page's top padding).
        <div class="min-h-screen md:grid md:grid-cols-[16rem_minmax(0,1fr)] md:grid-rows-[auto_auto_1fr]">
            <Transition>{move || {
                let parts = parts.clone();
                Suspend::new(async move {
                    let _ = shell.await;
                    InertElement::new(parts.get_or_init(shell_parts).clone())
                })
            }}</Transition>
            <main id="main" class="min-w-0 p-4 md:col-start-2 md:p-8">
                <Outlet />
            </main>
        </div>
    }
}

/// The top bar, the left navigation and the notices, as HTML, written in
/// one synchronous pass once the shell's data has loaded, once per request.
/// The boundary runs its children again to check for data still loading
/// (uncached, this function ran 49 times for 20 requests); as views inside
/// it, the shell cost half of an account home's server instructions (0.9 M
/// of 1.8 M), made once 0.34 M (callgrind, stop 52). Nothing in it
/// waits for data of its own, and the browser never renders it (islands:
/// only `ShellBehaviour` runs there).
fn shell_parts() -> String {
    view! {
        <top_bar::TopBar />
        <left_nav::LeftNav />
        <div class="-mb-4 px-4 pt-4 empty:hidden md:col-start-2 md:-mb-8 md:px-8 md:pt-8">
            <SuspendedBanner />
            <crate::ui::agreements::AgreementBanner />
        </div>
    }
    .to_html()
}

/// SPEC §10: while an operator has suspended the account, every page says
/// so and why (the forms are read-only; the server refuses changes).
#[component]
fn SuspendedBanner() -> impl IntoView {
    let shell = crate::ui::context::use_shell();
    move || {
        shell.with(|d| d.account.suspended.clone()).flatten().map(|reason| {
            view! {
                <section class="mb-4 rounded border border-amber-500 bg-amber-50 p-3" aria-labelledby="suspended-title">
                    <h2 id="suspended-title" class="font-semibold">{tr!(shell.suspended_title)}</h2>
                    <p class="text-sm">{tr!(shell.suspended_text)}</p>
                    <p class="text-sm"><span class="font-medium">{tr!(shell.suspended_reason)} ": "</span>{reason}</p>
                </section>
            }
        })
    }
}
