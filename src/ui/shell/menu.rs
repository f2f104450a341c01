//! A button that opens a popup (menu or list), keyboard-operable as WCAG
//! expects: Enter/Space/ArrowDown open it and focus the first item, arrow
//! keys, Home and End move between items, Escape closes it and returns focus
//! to the button, and focus leaving it closes it.
//!
//! The server renders the button and its popup, closed; the shell island
//! (`super::behaviour`) opens and closes it, by the rules of `super::keys`.

use leptos::prelude::*;

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
