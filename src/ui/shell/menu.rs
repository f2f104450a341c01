//! A button that opens a popup (menu or list), keyboard-operable as WCAG
//! expects: Enter/Space/ArrowDown open it and focus the first item, arrow
//! keys, Home and End move between items, Escape closes it and returns focus
//! to the button, and focus leaving it closes it.
//!
//! The key and focus rules are plain functions over the DOM, used by the
//! component here (full hydration) and by the islands build's one shell
//! island (`super::behaviour`), which drives the server's HTML.

use leptos::html;
use leptos::prelude::*;
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
pub(super) fn focus_first(popup: &HtmlElement, first: bool) {
    focus_item(popup, |len, _| Some(if first { 0 } else { len - 1 }));
}

/// What a key pressed on the (closed or open) popup's button asks for.
pub(super) enum ButtonKey {
    Close,
    OpenAt { first: bool },
}

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
pub(super) fn focus_leaves(wrapper: &Element, ev: &FocusEvent) -> bool {
    !ev.related_target()
        .and_then(|target| target.dyn_into::<Node>().ok())
        .is_some_and(|node| wrapper.contains(Some(&node)))
}

/// Whether the event comes from a link (choosing one closes a popup or the
/// drawer at once, before the next page loads).
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
    /// The popup's content, made only while it is open: a closed menu costs
    /// the server nothing to render and the browser nothing to hydrate (the
    /// account picker of someone in 500 accounts is 2,000 elements).
    children: ChildrenFn,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let wrapper = NodeRef::<html::Div>::new();
    let toggle = NodeRef::<html::Button>::new();
    let popup = NodeRef::<html::Div>::new();

    // The popup is shown, and its items made, after this tick: focus then.
    let open_and_focus = move |first: bool| {
        open.set(true);
        request_animation_frame(move || {
            if let Some(popup) = popup.get_untracked() {
                focus_first(&popup, first);
            }
        });
    };
    let close = move |refocus: bool| {
        open.set(false);
        if refocus {
            if let Some(button) = toggle.get_untracked() {
                let _ = button.focus();
            }
        }
    };

    let on_button_key = move |ev: KeyboardEvent| match button_key(&ev, open.get_untracked()) {
        Some(ButtonKey::Close) => close(true),
        Some(ButtonKey::OpenAt { first }) => open_and_focus(first),
        None => {}
    };
    let on_popup_key = move |ev: KeyboardEvent| {
        if let Some(popup) = popup.get_untracked() {
            if popup_key(&popup, &ev) {
                close(true);
            }
        }
    };
    let on_focus_out = move |ev: FocusEvent| {
        if wrapper
            .get_untracked()
            .is_none_or(|w| focus_leaves(&w, &ev))
        {
            open.set(false);
        }
    };

    view! {
        <div class="relative" data-menu="" node_ref=wrapper on:focusout=on_focus_out>
            <button
                type="button"
                node_ref=toggle
                class=button_class
                aria-label=label
                aria-haspopup=role.unwrap_or("true")
                aria-expanded=move || open.get().to_string()
                aria-controls=id
                on:click=move |_| if open.get_untracked() { close(false) } else { open_and_focus(true) }
                on:keydown=on_button_key
            >
                {button.run()}
            </button>
            <div
                id=id
                node_ref=popup
                role=role
                aria-label=move || role.map(|_| label.get())
                class=format!(
                    "absolute z-30 mt-1 w-72 max-w-[90vw] rounded-md border border-slate-200 bg-white p-1 shadow-lg {popup_class}",
                )
                class:hidden=move || !open.get()
                data-popup=""
                on:keydown=on_popup_key
                on:click=move |ev| {
                    if on_link(&ev) {
                        open.set(false);
                    }
                }
            >
                // The server writes the popup's content; the shell island shows
                // and hides it.
                {children()}
            </div>
        </div>
    }
}
