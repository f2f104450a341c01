//! The current account page's context: its Partner ID and shell data,
//! shared by the shell and the pages, and the wrappers that wait for it.

use crate::ui::common::{Loaded, Show};
use leptos::prelude::*;

use crate::model::page::Page;
use crate::model::{AppError, Permission, Shell};
use crate::ui::common::Loading;
use crate::ui::errors::ErrorView;

/// The current account page's shell data, shared by the shell and the pages.
#[derive(Clone, Copy)]
pub struct ShellContext {
    pub partner_id: Signal<Option<i64>>,
    pub shell: Loaded<Shell>,
}

impl ShellContext {
    // The accessors read with `try_get`: on the server, a request the
    // client abandons has its reactive owner disposed while its rendering may
    // still be resolving on another thread, and `get` on a disposed value
    // panics (seen under load: scripts/soak.sh). Reading nothing there is
    // harmless: that response is never sent.

    /// Reads the loaded shell in place (tracks it); `None` until it has
    /// loaded. In place: pages read it many times (each permission check),
    /// and a copy of the shell holds the user's accounts (500 for some).
    pub fn with<R>(&self, f: impl FnOnce(&Shell) -> R) -> Option<R> {
        // A read guard, not `try_with`: the reading is then one function, not
        // one copy per caller in the browser's bundle.
        let guard = self.shell.try_read()?;
        match &*guard {
            Some(Ok(shell)) => Some(f(shell)),
            _ => None,
        }
    }

    /// Whether the signed-in member may make the changes `permission`
    /// guards in the current account now (tracks the shell). The UI's
    /// reading only: the server decides regardless.
    pub fn may(&self, permission: Permission) -> bool {
        self.with(|d| d.account.may(permission)).unwrap_or(false)
    }

    /// Whether the signed-in member may see `page` in the current account
    /// (the page catalog's rule; tracks the shell).
    pub fn sees(&self, page: Page) -> bool {
        self.with(|d| page.visible_to(&d.account)).unwrap_or(false)
    }

    /// Whether the shell has loaded (tracks it).
    pub fn is_loaded(&self) -> bool {
        self.with(|_| ()).is_some()
    }

    /// The current account's Partner ID, if any (tracks it).
    pub fn partner_id(&self) -> Option<i64> {
        self.partner_id.try_get().flatten()
    }

    /// A page of the current account (tracks the account).
    pub fn href(&self, page: Page) -> String {
        page.href(self.partner_id().unwrap_or_default())
    }

    /// One member's page in the current account.
    pub fn member_href(&self, user_id: &str) -> String {
        Page::member_href(self.partner_id().unwrap_or_default(), user_id)
    }
}

pub fn use_shell() -> ShellContext {
    expect_context::<ShellContext>()
}

/// Renders `children` once the shell is loaded, or the shell's error.
#[component]
pub fn WithShell(children: ChildrenFn) -> impl IntoView {
    let shell = use_shell();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=Loading>
            <Show
                when=move || shell.is_loaded()
                fallback=move || {
                    shell.shell.get().and_then(Result::err).map(|error| view! { <ErrorView error /> })
                }
            >
                {children.read_value()()}
            </Show>
        </Suspense>
    }
}

/// Like [`WithShell`], for a page only some roles may see (the page
/// catalog's view permission): others get the 403 page, rendered by the
/// server with that status. The server functions behind the page check the
/// same rule regardless.
#[component]
pub fn WithPage(page: Page, children: ChildrenFn) -> impl IntoView {
    let shell = use_shell();
    let children = StoredValue::new(children);
    view! {
        <WithShell>
            <Show
                when=move || shell.sees(page)
                fallback=|| view! { <ErrorView error=AppError::Forbidden /> }
            >
                {children.read_value()()}
            </Show>
        </WithShell>
    }
}
