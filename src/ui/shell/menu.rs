//! A button that opens a popup (menu or list), keyboard-operable as WCAG
//! expects: Enter/Space/ArrowDown open it and focus the first item, arrow
//! keys, Home and End move between items, Escape closes it and returns focus
//! to the button, and focus leaving it closes it.
//!
//! The server renders the button and its popup, closed; the key and focus
//! rules are plain functions over the DOM, used by the shell island
//! (`super::behaviour`), which drives that HTML.

use leptos::prelude::*;
#[cfg(feature = "hydrate")]
use leptos::wasm_bindgen::JsCast;
#[cfg(feature = "hydrate")]
use leptos::web_sys::{Element, Event, FocusEvent, HtmlElement, KeyboardEvent, Node};

/// What may take focus inside a popup, in DOM order.
#[cfg(feature = "hydrate")]
const ITEMS: &str = "[role=menuitem], a[href], input:not([type=hidden]), button";

#[cfg(feature = "hydrate")]
fn items(popup: &HtmlElement) -> Vec<HtmlElement> {
    let Ok(list) = popup.query_selector_all(ITEMS) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
        // Skips items a search has hidden.
        .filter(|item| item.closest("[hidden]").ok().flatten().is_none())
        .collect()
}

#[cfg(feature = "hydrate")]
fn focus_item(popup: &HtmlElement, pick: impl FnOnce(usize, Option<usize>) -> Option<usize>) {
    let items = items(popup);
    if items.is_empty() {
        return;
    }
    let current = leptos::prelude::document()
        .active_element()
        .and_then(|active| items.iter().position(|item| **item == active));
    if let Some(index) = pick(items.len(), current) {
        if let Some(item) = items.get(index) {
            let _ = item.focus();
        }
    }
}

/// Focuses the popup's first item, or its last.
#[cfg(feature = "hydrate")]
pub(super) fn focus_first(popup: &HtmlElement, first: bool) {
    focus_item(popup, |len, _| Some(if first { 0 } else { len - 1 }));
}

/// What a key pressed on the (closed or open) popup's button asks for.
#[cfg(feature = "hydrate")]
pub(super) enum ButtonKey {
    Close,
    OpenAt { first: bool },
}

#[cfg(feature = "hydrate")]
pub(super) fn button_key(ev: &KeyboardEvent, open: bool) -> Option<ButtonKey> {
    let key = match ev.key().as_str() {
        // Pressed before the first item took focus.
        "Escape" if open => ButtonKey::Close,
        "ArrowDown" => ButtonKey::OpenAt { first: true },
        "ArrowUp" => ButtonKey::OpenAt { first: false },
        _ => return None,
    };
    ev.prevent_default();
    Some(key)
}

/// A key pressed inside the open popup: arrow keys, Home and End move the
/// focus among its items. True for Escape, which closes it.
#[cfg(feature = "hydrate")]
pub(super) fn popup_key(popup: &HtmlElement, ev: &KeyboardEvent) -> bool {
    // Arrow keys inside a text box move the caret, not the focus.
    let in_text_box = ev
        .target()
        .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
        .is_some();
    match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            return true;
        }
        "ArrowDown" => {
            ev.prevent_default();
            focus_item(popup, |len, cur| Some(cur.map_or(0, |i| (i + 1) % len)));
        }
        "ArrowUp" => {
            ev.prevent_default();
            focus_item(popup, |len, cur| {
                Some(cur.map_or(len - 1, |i| (i + len - 1) % len))
            });
        }
        "Home" if !in_text_box => {
            ev.prevent_default();
            focus_item(popup, |_, _| Some(0));
        }
        "End" if !in_text_box => {
            ev.prevent_default();
            focus_item(popup, |len, _| Some(len - 1));
        }
        _ => {}
    }
    false
}

/// Whether the focus leaves `wrapper` (it closes the popup then).
#[cfg(feature = "hydrate")]
pub(super) fn focus_leaves(wrapper: &Element, ev: &FocusEvent) -> bool {
    !ev.related_target()
        .and_then(|target| target.dyn_into::<Node>().ok())
        .is_some_and(|node| wrapper.contains(Some(&node)))
}

/// Whether the event comes from a link (choosing one closes a popup or the
/// drawer at once, before the next page loads).
#[cfg(feature = "hydrate")]
pub(super) fn on_link(ev: &Event) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest("a[href]").ok().flatten())
        .is_some()
}

#[component]
pub fn MenuButton(
    /// The button's accessible name.
    #[prop(into)]
    label: Signal<String>,
    /// Unique id for the popup.
    id: &'static str,
    /// What the button shows.
    #[prop(into)]
    button: ViewFn,
    #[prop(default = "rounded p-2 hover:bg-slate-100")] button_class: &'static str,
    /// The popup's ARIA role, "menu" for menus of actions or links.
    #[prop(optional)]
    role: Option<&'static str>,
    #[prop(default = "right-0")] popup_class: &'static str,
    /// The popup's content.
    children: Children,
) -> impl IntoView {
    view! {
        <div class="relative" data-menu="">
            <button
                type="button"
                class=button_class
                aria-label=label
                aria-haspopup=role.unwrap_or("true")
                aria-expanded="false"
                aria-controls=id
            >
                {button.run()}
            </button>
            <div
                id=id
                role=role
                aria-label=move || role.map(|_| label.get())
                class=format!(
                    "absolute z-30 mt-1 w-72 max-w-[90vw] rounded-md border border-slate-200 bg-white p-1 shadow-lg {popup_class}",
                )
                class:hidden=true
                data-popup=""
            >
                // The server writes the popup's content; the shell island shows
                // and hides it.
                {children()}
            </div>
        </div>
    }
}
