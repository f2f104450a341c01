//! The islands build's shell island (Cargo feature `islands`): the menus,
//! the account picker's search, the phone drawer and the language switch,
//! driving the HTML the server wrote. It listens on the window for the events
//! those raise, so it takes no props and no children, and it is the only code
//! of the shell in the browser: labels and items are the server's, in the
//! page's language. The full-hydration build drives the same HTML with its
//! components (`super::menu::MenuButton`, `super::top_bar`), sharing the key
//! rules of `super::menu`.

use leptos::prelude::*;

#[island]
pub fn ShellBehaviour() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    browser::listen();
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::ev;
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{Element, Event, FocusEvent, HtmlElement, KeyboardEvent};

    use crate::ui::shell::menu::ButtonKey;
    use crate::ui::shell::menu::{button_key, focus_first, focus_leaves, on_link, popup_key};

    /// A popup's button, as `MenuButton` renders it.
    const MENU_BUTTON: &str = "[data-menu] > button[aria-haspopup]";

    pub fn listen() {
        // The shell lives as long as the page: the listeners are never removed.
        std::mem::forget(window_event_listener(ev::click, |ev| click(&ev)));
        std::mem::forget(window_event_listener(ev::keydown, |ev| key(&ev)));
        std::mem::forget(window_event_listener(ev::focusout, |ev| focus_out(&ev)));
        std::mem::forget(window_event_listener(ev::change, |ev| change(&ev)));
        std::mem::forget(window_event_listener(ev::input, |ev| input(&ev)));
    }

    fn target(ev: &Event) -> Option<Element> {
        ev.target()?.dyn_into::<Element>().ok()
    }

    fn closest(ev: &Event, selector: &str) -> Option<Element> {
        target(ev)?.closest(selector).ok().flatten()
    }

    fn child(parent: &Element, selector: &str) -> Option<HtmlElement> {
        parent
            .query_selector(&format!(":scope > {selector}"))
            .ok()
            .flatten()?
            .dyn_into::<HtmlElement>()
            .ok()
    }

    /// The menu (`[data-menu]`) around an element, its button and its popup.
    fn menu(inside: &Element) -> Option<(Element, HtmlElement, HtmlElement)> {
        let menu = inside.closest("[data-menu]").ok().flatten()?;
        let button = child(&menu, "button[aria-haspopup]")?;
        let popup = child(&menu, "[data-popup]")?;
        Some((menu, button, popup))
    }

    fn is_open(button: &Element) -> bool {
        button.get_attribute("aria-expanded").as_deref() == Some("true")
    }

    fn show(menu: &Element, open: bool) {
        if let Some((_, button, popup)) = self::menu(menu) {
            let _ = popup.class_list().toggle_with_force("hidden", !open);
            let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
        }
    }

    fn open_at(menu: &Element, first: bool) {
        show(menu, true);
        if let Some((_, _, popup)) = self::menu(menu) {
            focus_first(&popup, first);
        }
    }

    fn close(menu: &Element, refocus: bool) {
        show(menu, false);
        if let (true, Some((_, button, _))) = (refocus, self::menu(menu)) {
            let _ = button.focus();
        }
    }

    /// The phone drawer: the navigation and the dimmed page behind it.
    fn drawer(open: bool) {
        let document = document();
        for id in ["main-nav", "nav-backdrop"] {
            if let Some(element) = document.get_element_by_id(id) {
                let _ = element.class_list().toggle_with_force("hidden", !open);
            }
        }
        if let Ok(Some(opener)) = document.query_selector("[aria-controls=main-nav]") {
            let _ = opener.set_attribute("aria-expanded", if open { "true" } else { "false" });
        }
    }

    fn click(ev: &Event) {
        if let Some(button) = closest(ev, MENU_BUTTON) {
            if is_open(&button) {
                close(&button, false);
            } else {
                open_at(&button, true);
            }
        } else if let (true, Some(popup)) = (on_link(ev), closest(ev, "[data-popup]")) {
            close(&popup, false);
        }
        if closest(ev, "[aria-controls=main-nav]").is_some() {
            drawer(true);
        } else if closest(ev, "#nav-backdrop, [data-close-nav]").is_some()
            || (on_link(ev) && closest(ev, "#main-nav").is_some())
        {
            drawer(false);
        }
    }

    fn key(ev: &Event) {
        let Some(ev) = ev.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        if let Some(button) = closest(ev, MENU_BUTTON) {
            match button_key(ev, is_open(&button)) {
                Some(ButtonKey::Close) => close(&button, true),
                Some(ButtonKey::OpenAt { first }) => open_at(&button, first),
                None => {}
            }
        } else if let Some(popup) = closest(ev, "[data-popup]") {
            if let Ok(popup_element) = popup.clone().dyn_into::<HtmlElement>() {
                if popup_key(&popup_element, ev) {
                    close(&popup, true);
                }
            }
        }
    }

    fn focus_out(ev: &Event) {
        let Some(ev) = ev.dyn_ref::<FocusEvent>() else {
            return;
        };
        if let Some(menu) = closest(ev, "[data-menu]") {
            if focus_leaves(&menu, ev) {
                close(&menu, false);
            }
        }
    }

    /// The language switch: the choice goes in the cookie (and, signed in,
    /// to the user's preference), then the page comes back in that language.
    fn change(ev: &Event) {
        let Some(select) = closest(ev, "#language-switch") else {
            return;
        };
        let Some(code) = select
            .dyn_ref::<leptos::web_sys::HtmlSelectElement>()
            .map(|s| s.value())
        else {
            return;
        };
        crate::app::remember_language(&code);
        leptos::task::spawn_local(async move {
            let _ = crate::api::shell::set_language(code).await;
            let _ = window().location().reload();
        });
    }

    /// The account picker's search: hides the accounts that don't match.
    fn input(ev: &Event) {
        let Some(search) = closest(ev, "#account-picker input[type=search]") else {
            return;
        };
        let Some(query) = search
            .dyn_ref::<leptos::web_sys::HtmlInputElement>()
            .map(|i| i.value().to_lowercase())
        else {
            return;
        };
        let Ok(accounts) = document().query_selector_all("#account-picker li[data-search]") else {
            return;
        };
        for i in 0..accounts.length() {
            if let Some(li) = accounts
                .item(i)
                .and_then(|n| n.dyn_into::<HtmlElement>().ok())
            {
                let text = li.get_attribute("data-search").unwrap_or_default();
                li.set_hidden(!text.contains(&query));
            }
        }
    }
}
