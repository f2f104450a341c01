//! The menus' key and focus rules (`super::menu::MenuButton`'s popups, the
//! account picker, the language list), as WCAG expects of a menu button:
//! plain functions over the DOM, used by the shell island (`super::behaviour`).

use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Element, Event, FocusEvent, HtmlElement, KeyboardEvent, Node};

/// What may take focus inside a popup, in DOM order.
const ITEMS: &str = "[role=menuitem], a[href], input:not([type=hidden]), button";

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
pub(crate) fn focus_first(popup: &HtmlElement, first: bool) {
    focus_item(popup, |len, _| Some(if first { 0 } else { len - 1 }));
}

/// What a key pressed on the (closed or open) popup's button asks for.
pub(crate) enum ButtonKey {
    Close,
    OpenAt { first: bool },
}

pub(crate) fn button_key(ev: &KeyboardEvent, open: bool) -> Option<ButtonKey> {
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
pub(crate) fn popup_key(popup: &HtmlElement, ev: &KeyboardEvent) -> bool {
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
pub(crate) fn focus_leaves(wrapper: &Element, ev: &FocusEvent) -> bool {
    !ev.related_target()
        .and_then(|target| target.dyn_into::<Node>().ok())
        .is_some_and(|node| wrapper.contains(Some(&node)))
}

/// Whether the event comes from a link (choosing one closes a popup or the
/// drawer at once, before the next page loads).
pub(crate) fn on_link(ev: &Event) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest("a[href]").ok().flatten())
        .is_some()
}
