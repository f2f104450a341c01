//! The offer catalog (SPEC §7): the account's pinned offers on top, in its
//! order, then the offers by customer segment with a search. Those who may
//! customize the catalog pin up to 5 offers and reorder them by dragging,
//! by the Move up / Move down buttons, or by the arrow keys on a pinned
//! offer; each change is saved at once and announced to screen readers.

use crate::ui::common::load;
use crate::ui::common::loaded;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;
use leptos_router::hooks::use_query_map;

use crate::ui::action_form::{answer_in_page, answered_field};

use crate::api::catalog::{load_catalog, SaveCatalogPins};
use crate::i18n::*;
use crate::model::catalog::{moved, CatalogPage, Offer, Segment, SegmentOffers, PIN_MAX};
use crate::model::page::Page;
use crate::model::{AppError, Permission};
use crate::ui::common::{Loading, SearchBox, Show};
use crate::ui::context::{use_shell, WithPage};
use crate::ui::errors::{error_text, ErrorView};

const SMALL_BUTTON: &str = "rounded border border-slate-300 bg-white px-3 py-1 text-sm font-medium hover:bg-slate-50 disabled:opacity-50";

pub fn segment_name(i18n: leptos_i18n::I18nContext<Locale>, segment: Segment) -> String {
    match segment {
        Segment::Commercial => t_string!(i18n, catalog.segment_commercial),
        Segment::Education => t_string!(i18n, catalog.segment_education),
        Segment::Government => t_string!(i18n, catalog.segment_government),
        Segment::Nonprofit => t_string!(i18n, catalog.segment_nonprofit),
    }
    .to_string()
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let shell = use_shell();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    // Bumped when the saved order must be read again (someone else saved).
    let reload = RwSignal::new(0u32);
    let catalog = load(
        move || (shell.partner_id(), q(), reload.get()),
        |(partner_id, q, _)| async move { load_catalog(partner_id.ok_or(AppError::NotFound)?, q).await },
    );
    let i18n = use_i18n();
    // On the server, a page rendered with a change's answer (the islands
    // build's forms) says what it did, as the browser does after a save.
    let answered = answer_in_page::<SaveCatalogPins>().and_then(|answer| match answer {
        Ok(_) => answered_field::<SaveCatalogPins>("said"),
        Err(AppError::EditedMeanwhile(_)) => {
            Some(t_string!(i18n, catalog.edited_meanwhile).to_string())
        }
        Err(error) => Some(error_text(i18n, &error)),
    });
    let announce = RwSignal::new(answered);
    view! {
        <h1 class="text-2xl font-semibold">{tr!(catalog.title)}</h1>
        <WithPage page=Page::Catalog>
            <p class="mt-2 max-w-2xl text-slate-700">{tr!(catalog.intro)}</p>
            // Announces moves, pins and refusals.
            <p role="status" aria-live="polite" class="mt-2 text-sm">{move || announce.get()}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match loaded(catalog).await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(page) => view! { <Catalog page reload announce query=q() /> }.into_any(),
                    }
                })}
            </Suspense>
        </WithPage>
    }
}

#[component]
fn Catalog(
    page: CatalogPage,
    reload: RwSignal<u32>,
    announce: RwSignal<Option<String>>,
    query: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let pinned = RwSignal::new(page.pinned);
    let version = RwSignal::new(page.version);
    let save = ServerAction::<SaveCatalogPins>::new();
    let may_edit = Signal::derive(move || shell.may(Permission::CustomizeCatalog));
    // A change made while the previous one is being saved is sent once
    // that save answers (with the version it returned): quick keyboard
    // moves all count, in order.
    let unsent = StoredValue::new(false);
    let send = move || {
        save.dispatch(SaveCatalogPins {
            partner_id: shell.partner_id.get_untracked().unwrap_or_default(),
            offer_ids: pinned.with_untracked(|p| p.iter().map(|o| o.offer_id.clone()).collect()),
            version: version.get_untracked(),
        });
    };
    Effect::new(move |_| match save.value().get() {
        Some(Ok(next)) => {
            version.set(next);
            if unsent.get_value() {
                unsent.set_value(false);
                send();
            }
        }
        Some(Err(error)) => {
            unsent.set_value(false);
            let text = match error {
                AppError::EditedMeanwhile(_) => {
                    t_string!(i18n, catalog.edited_meanwhile).to_string()
                }
                error => error_text(i18n, &error),
            };
            announce.set(Some(text));
            reload.update(|n| *n += 1);
        }
        None => {}
    });
    // Shows the new order at once, saves it, and says what happened.
    let commit = move |list: Vec<Offer>, message: String| {
        pinned.set(list);
        announce.set(Some(message));
        if save.pending().get_untracked() {
            unsent.set_value(true);
        } else {
            send();
        }
    };
    let search_action = shell.href(Page::Catalog);
    view! {
        <PinnedOffers pinned version may_edit commit />
        <SearchBox action=search_action id="catalog-search" label=tr_attr!(catalog.search_label) query />
        {page.segments.into_iter().map(|group| view! { <SegmentList group pinned version may_edit commit /> }).collect_view()}
    }
}

/// The pinned offers, in the account's order, with the ways to reorder.
#[component]
fn PinnedOffers(
    pinned: RwSignal<Vec<Offer>>,
    version: RwSignal<i64>,
    may_edit: Signal<bool>,
    commit: impl Fn(Vec<Offer>, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let dragging = RwSignal::new(None::<usize>);
    let moved_message = move |name: String, to: usize, count: usize| {
        t_string!(
            i18n,
            catalog.moved,
            name = name,
            position = to + 1,
            count = count
        )
        .to_string()
    };
    // Moves the offer at `from` to `to`, keeps the keyboard on it.
    let move_to = move |from: usize, to: usize| {
        let list = pinned.get_untracked();
        if to >= list.len() || from == to {
            return;
        }
        let name = list[from].name.clone();
        let id = list[from].offer_id.clone();
        let list = moved(&list, from, to);
        let count = list.len();
        commit(list, moved_message(name, to, count));
        focus_later(format!("pinned-{id}"));
    };
    view! {
        <section class="mt-4 max-w-3xl" aria-labelledby="pinned-title">
            <h2 id="pinned-title" class="text-lg font-semibold">{tr!(catalog.pinned)}</h2>
            <Show when=move || may_edit.get() && pinned.with(|p| p.len() > 1)>
                <p class="mt-1 text-sm text-slate-600">{tr!(catalog.drag_hint)}</p>
            </Show>
            <Show when=move || !may_edit.get()>
                <p class="mt-1 text-sm text-slate-600">{tr!(catalog.read_only)}</p>
            </Show>
            <Show when=move || pinned.with(Vec::is_empty)>
                <p class="mt-2">{tr!(catalog.no_pins)}</p>
            </Show>
            <ol class="mt-2 flex flex-col gap-2" aria-labelledby="pinned-title">
                <For each=move || pinned.get().into_iter().enumerate() key=|(i, o)| (*i, o.offer_id.clone()) let((index, offer))>
                    {
                        let count = move || pinned.with(Vec::len);
                        let name = offer.name.clone();
                        let unpin_name = offer.name.clone();
                        let id = offer.offer_id.clone();
                        let element_id = format!("pinned-{id}");
                        let (form_name, form_id) = (offer.name.clone(), offer.offer_id.clone());
                        view! {
                            <li
                                id=element_id
                                tabindex="0"
                                data-pin=""
                                class="flex flex-col gap-2 rounded border border-slate-300 bg-white p-3 focus:outline-2 focus:outline-blue-700 sm:flex-row sm:items-center sm:justify-between"
                                aria-label=offer.name.clone()
                                draggable=move || may_edit.get().then_some("true")
                                on:dragstart=move |_| dragging.set(Some(index))
                                on:dragover=move |ev| ev.prevent_default()
                                on:drop=move |ev| {
                                    ev.prevent_default();
                                    if let Some(from) = dragging.get_untracked() {
                                        move_to(from, index);
                                    }
                                    dragging.set(None);
                                }
                                on:keydown=move |ev| {
                                    if !may_edit.get_untracked() || ev.target() != ev.current_target() {
                                        return;
                                    }
                                    match ev.key().as_str() {
                                        "ArrowUp" if index > 0 => {
                                            ev.prevent_default();
                                            move_to(index, index - 1);
                                        }
                                        "ArrowDown" => {
                                            ev.prevent_default();
                                            move_to(index, index + 1);
                                        }
                                        _ => {}
                                    }
                                }
                            >
                                <div class="min-w-0 break-words">
                                    <span class="font-medium">{index + 1} ". " {name}</span>
                                    <span class="block text-sm text-slate-600">{move || t_string!(i18n, catalog.offer_id, id = offer.offer_id.clone()).to_string()}</span>
                                </div>
                                <Show when=move || may_edit.get() && cfg!(feature = "islands")>
                                    {
                                        // The islands build: each change is a form with the order it saves.
                                        let (name, unpin_name, id) = (form_name.clone(), form_name.clone(), form_id.clone());
                                        let ids = pinned.with_untracked(|p| p.iter().map(|o| o.offer_id.clone()).collect::<Vec<_>>());
                                        let count = ids.len();
                                        let (up, down) = (index.saturating_sub(1), (index + 1).min(count.saturating_sub(1)));
                                        let unpinned = ids.iter().filter(|o| **o != id).cloned().collect::<Vec<_>>();
                                        let version = version.get_untracked();
                                        view! {
                                            <div class="flex flex-wrap gap-2">
                                                <PinChange order=moved(&ids, index, up) said=moved_message(name.clone(), up, count) version disabled=index == 0 data_move="up">
                                                    {tr!(catalog.move_up)}
                                                </PinChange>
                                                <PinChange order=moved(&ids, index, down) said=moved_message(name.clone(), down, count) version disabled={index + 1 >= count} data_move="down">
                                                    {tr!(catalog.move_down)}
                                                </PinChange>
                                                <PinChange order=unpinned said=t_string!(i18n, catalog.unpinned_message, name = unpin_name.clone()).to_string() version>
                                                    {tr!(catalog.unpin)}
                                                    <span class="sr-only">" " {unpin_name.clone()}</span>
                                                </PinChange>
                                            </div>
                                        }
                                    }
                                </Show>
                                <Show when=move || may_edit.get() && !cfg!(feature = "islands")>
                                    <div class="flex flex-wrap gap-2">
                                        <button type="button" class=SMALL_BUTTON disabled=move || index == 0 on:click=move |_| move_to(index, index - 1)>
                                            {tr!(catalog.move_up)}
                                        </button>
                                        <button type="button" class=SMALL_BUTTON disabled=move || { index + 1 >= count() } on:click=move |_| move_to(index, index + 1)>
                                            {tr!(catalog.move_down)}
                                        </button>
                                        <button
                                            type="button"
                                            class=SMALL_BUTTON
                                            on:click={
                                                let (unpin_name, id) = (unpin_name.clone(), id.clone());
                                                move |_| {
                                                    let list: Vec<Offer> = pinned.get_untracked().into_iter().filter(|o| o.offer_id != id).collect();
                                                    commit(list, t_string!(i18n, catalog.unpinned_message, name = unpin_name.clone()).to_string());
                                                }
                                            }
                                        >
                                            {tr!(catalog.unpin)}
                                            <span class="sr-only">" " {unpin_name.clone()}</span>
                                        </button>
                                    </div>
                                </Show>
                            </li>
                        }
                    }
                </For>
            </ol>
        </section>
    }
}

/// Puts the keyboard focus on element `id` once the list has been redrawn
/// (the moved offer is a new element there).
fn focus_later(id: String) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(element) = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}

/// One segment's offers matching the search, each with Pin.
#[component]
fn SegmentList(
    group: SegmentOffers,
    pinned: RwSignal<Vec<Offer>>,
    version: RwSignal<i64>,
    may_edit: Signal<bool>,
    commit: impl Fn(Vec<Offer>, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let segment = group.segment;
    let heading_id = format!("segment-{}", segment.code());
    let labelled = heading_id.clone();
    let list_labelled = heading_id.clone();
    let (shown, total) = (group.offers.len(), group.total);
    let full = move || pinned.with(|p| p.len() >= PIN_MAX);
    view! {
        <section class="mt-6 max-w-3xl" aria-labelledby=labelled>
            <h2 id=heading_id class="text-lg font-semibold">{move || segment_name(i18n, segment)}</h2>
            <p class="text-sm text-slate-600">{move || t_string!(i18n, catalog.segment_count, shown = shown, total = total).to_string()}</p>
            {(shown == 0).then(|| view! { <p class="mt-1">{tr!(catalog.none)}</p> })}
            <ul class="mt-2 divide-y divide-slate-200 rounded border border-slate-200 bg-white" aria-labelledby=list_labelled>
                {group.offers.into_iter().map(|offer| {
                    let offer = StoredValue::new(offer);
                    let is_pinned = move || {
                        let id = offer.with_value(|o| o.offer_id.clone());
                        pinned.with(|p| p.iter().any(|o| o.offer_id == id))
                    };
                    let pin = move |_| {
                        let mut list = pinned.get_untracked();
                        if list.len() < PIN_MAX && !is_pinned() {
                            let offer = offer.get_value();
                            let message = t_string!(i18n, catalog.pinned_message, name = offer.name.clone()).to_string();
                            list.push(offer);
                            commit(list, message);
                        }
                    };
                    let action = move || {
                        if is_pinned() {
                            view! { <span class="rounded bg-slate-100 px-2 py-0.5 text-xs font-semibold">{tr!(catalog.pinned_badge)}</span> }.into_any()
                        } else if may_edit.get() && cfg!(feature = "islands") {
                            // The islands build: a form with the order it saves.
                            let offer = offer.get_value();
                            let mut order = pinned.with_untracked(|p| p.iter().map(|o| o.offer_id.clone()).collect::<Vec<_>>());
                            order.push(offer.offer_id.clone());
                            let said = t_string!(i18n, catalog.pinned_message, name = offer.name.clone()).to_string();
                            let title = full().then(|| t_string!(i18n, catalog.pin_limit).to_string());
                            view! {
                                <PinChange order said version=version.get_untracked() disabled=full() title>
                                    {tr!(catalog.pin)}
                                    <span class="sr-only">" " {offer.name.clone()}</span>
                                </PinChange>
                            }
                            .into_any()
                        } else if may_edit.get() {
                            view! {
                                <button
                                    type="button"
                                    class=SMALL_BUTTON
                                    disabled=full
                                    title=move || full().then(|| t_string!(i18n, catalog.pin_limit).to_string())
                                    on:click=pin
                                >
                                    {tr!(catalog.pin)}
                                    <span class="sr-only">" " {offer.with_value(|o| o.name.clone())}</span>
                                </button>
                            }
                            .into_any()
                        } else {
                            ().into_any()
                        }
                    };
                    let (name, id, family, description) = offer.with_value(|o| {
                        (o.name.clone(), o.offer_id.clone(), o.family.clone(), o.description.clone())
                    });
                    view! {
                        <li class="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:justify-between">
                            <div class="min-w-0 break-words">
                                <span class="font-medium">{name}</span>
                                <span class="block text-sm text-slate-600">{move || t_string!(i18n, catalog.offer_id, id = id.clone()).to_string()} " · " {family}</span>
                                <span class="block text-sm text-slate-700">{description}</span>
                            </div>
                            {action}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The islands build's change of the pins: a form saving the new `order`
/// (the offers' ids), with what to announce once saved (`said`, which
/// `CatalogPage` reads back from the answered form). The full-hydration
/// build changes the list in the page and saves it from there.
#[component]
fn PinChange(
    order: Vec<String>,
    said: String,
    version: i64,
    #[prop(optional)] disabled: bool,
    #[prop(default = None)] title: Option<String>,
    /// "up" or "down": the button the arrow keys press on a pinned offer.
    #[prop(optional)]
    data_move: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let shell = use_shell();
    view! {
        <form action=SaveCatalogPins::url() method="post">
            <input type="hidden" name="partner_id" value=shell.partner_id().unwrap_or_default() />
            <input type="hidden" name="version" value=version />
            {order.into_iter().map(|id| view! { <input type="hidden" name="offer_ids[]" value=id /> }).collect_view()}
            <input type="hidden" name="said" value=said />
            <button type="submit" class=SMALL_BUTTON disabled=disabled title=title data-move=data_move>
                {children()}
            </button>
        </form>
    }
}
