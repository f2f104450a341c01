//! A button that opens a popup (menu or list), keyboard-operable as WCAG
//! expects: Enter/Space/ArrowDown open it and focus the first item, arrow
//! keys, Home and End move between items, Escape closes it and returns focus
//! to the button, and focus leaving it closes it.

use leptos::html;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{FocusEvent, HtmlElement, KeyboardEvent, Node};

/// What may take focus inside a popup, in DOM order.
const ITEMS: &str = "[role=menuitem], a[href], input:not([type=hidden]), button";

fn items(popup: &HtmlElement) -> Vec<HtmlElement> {
    let Ok(list) = popup.query_selector_all(ITEMS) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
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
                focus_item(&popup, |len, _| Some(if first { 0 } else { len - 1 }));
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

    let on_button_key = move |ev: KeyboardEvent| match ev.key().as_str() {
        // Pressed before the first item took focus.
        "Escape" if open.get_untracked() => {
            ev.prevent_default();
            close(true);
        }
        "ArrowDown" => {
            ev.prevent_default();
            open_and_focus(true);
        }
        "ArrowUp" => {
            ev.prevent_default();
            open_and_focus(false);
        }
        _ => {}
    };
    let on_popup_key = move |ev: KeyboardEvent| {
        let Some(element) = popup.get_untracked() else {
            return;
        };
        let popup: &HtmlElement = &element;
        // Arrow keys inside a text box move the caret, not the focus.
        let in_text_box = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
            .is_some();
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                close(true);
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
    };
    let on_focus_out = move |ev: FocusEvent| {
        let inside = match (wrapper.get_untracked(), ev.related_target()) {
            (Some(wrapper), Some(target)) => target
                .dyn_ref::<Node>()
                .is_some_and(|node| wrapper.contains(Some(node))),
            _ => false,
        };
        if !inside {
            open.set(false);
        }
    };

    view! {
        <div class="relative" node_ref=wrapper on:focusout=on_focus_out>
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
                on:keydown=on_popup_key
                on:click=move |ev| {
                    // Choosing a link closes the popup.
                    let on_link = ev
                        .target()
                        .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
                        .and_then(|el| el.closest("a[href]").ok().flatten())
                        .is_some();
                    if on_link {
                        open.set(false);
                    }
                }
            >
                {move || open.get().then(|| children())}
            </div>
        </div>
    }
}
