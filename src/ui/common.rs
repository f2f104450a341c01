//! Route parameters and the loading placeholder, which every page uses.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// Reads a route parameter.
pub fn use_param(name: &'static str) -> Memo<Option<String>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get(name))
}

/// The Partner ID in the URL (`/a/{pid}/…`); `None` when malformed.
pub fn use_partner_id() -> Memo<Option<i64>> {
    let raw = use_param("pid");
    Memo::new(move |_| {
        raw.get()
            .and_then(|s| s.parse::<i64>().ok())
            .filter(|id| *id > 0)
    })
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="p-4 text-slate-600" role="status">{tr!(common.loading)}</p> }
}
