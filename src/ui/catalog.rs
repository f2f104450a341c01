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
use crate::ui::common::{Loading, SearchBox};
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
    let catalog = load(
        move || (shell.partner_id(), q()),
        |(partner_id, q)| async move { load_catalog(partner_id.ok_or(AppError::NotFound)?, q).await },
    );
    let i18n = use_i18n();
    // A page rendered with a change's answer says what it did.
    let answered = answer_in_page::<SaveCatalogPins>().and_then(|answer| match answer {
        Ok(_) => answered_field::<SaveCatalogPins>("said"),
        Err(AppError::EditedMeanwhile(_)) => {
            Some(t_string!(i18n, catalog.edited_meanwhile).to_string())
        }
        Err(error) => Some(error_text(i18n, &error)),
    });
    view! {
        <h1 class="text-2xl font-semibold">{tr!(catalog.title)}</h1>
        <WithPage page=Page::Catalog>
            <p class="mt-2 max-w-2xl text-slate-700">{tr!(catalog.intro)}</p>
            // Announces moves, pins and refusals.
            <p role="status" aria-live="polite" class="mt-2 text-sm">{answered.clone()}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match loaded(catalog).await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(page) => view! { <Catalog page query=q() /> }.into_any(),
                    }
                })}
            </Suspense>
        </WithPage>
    }
}

#[component]
fn Catalog(page: CatalogPage, query: String) -> impl IntoView {
    let shell = use_shell();
    let may_edit = shell.may(Permission::CustomizeCatalog);
    let pinned: Vec<String> = page.pinned.iter().map(|o| o.offer_id.clone()).collect();
    let version = page.version;
    let search_action = shell.href(Page::Catalog);
    view! {
        <PinnedOffers pinned=page.pinned version may_edit />
        <SearchBox action=search_action id="catalog-search" label=tr_attr!(catalog.search_label) query />
        {page
            .segments
            .into_iter()
            .map(|group| view! { <SegmentList group pinned=pinned.clone() version may_edit /> })
            .collect_view()}
    }
}

/// The pinned offers, in the account's order, with the ways to reorder:
/// each a form saving the new order. The shell island presses Move up or
/// Move down for the arrow keys, and sends a dropped offer's form for the
/// place it was dropped on (`data-move-to`).
#[component]
fn PinnedOffers(pinned: Vec<Offer>, version: i64, may_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let ids: Vec<String> = pinned.iter().map(|o| o.offer_id.clone()).collect();
    let count = ids.len();
    let moved_message = move |name: &str, to: usize| {
        t_string!(
            i18n,
            catalog.moved,
            name = name.to_string(),
            position = to + 1,
            count = count
        )
        .to_string()
    };
    let offers = pinned
        .into_iter()
        .enumerate()
        .map(|(index, offer)| {
            let Offer { name, offer_id, .. } = offer;
            let (element_id, shown_id, label) = (format!("pinned-{offer_id}"), offer_id.clone(), name.clone());
            let changes = may_edit.then(|| {
                let (up, down) = (index.saturating_sub(1), (index + 1).min(count - 1));
                let unpinned: Vec<String> = ids.iter().filter(|o| **o != offer_id).cloned().collect();
                // Dropped on another place (see `PinnedOffers`).
                let drops = (0..count)
                    .filter(|to| *to != index)
                    .map(|to| view! {
                        <PinChange order=moved(&ids, index, to) said=moved_message(&name, to) version move_to=to>
                            {to + 1}
                        </PinChange>
                    })
                    .collect_view();
                view! {
                    <div class="flex flex-wrap gap-2">
                        <PinChange order=moved(&ids, index, up) said=moved_message(&name, up) version disabled=index == 0 data_move="up">
                            {tr!(catalog.move_up)}
                        </PinChange>
                        <PinChange order=moved(&ids, index, down) said=moved_message(&name, down) version disabled={index + 1 >= count} data_move="down">
                            {tr!(catalog.move_down)}
                        </PinChange>
                        <PinChange order=unpinned said=t_string!(i18n, catalog.unpinned_message, name = name.clone()).to_string() version>
                            {tr!(catalog.unpin)}
                            <span class="sr-only">" " {name.clone()}</span>
                        </PinChange>
                        <div hidden data-drops="">{drops}</div>
                    </div>
                }
            });
            view! {
                <li
                    id=element_id
                    tabindex="0"
                    data-pin=""
                    class="flex flex-col gap-2 rounded border border-slate-300 bg-white p-3 focus:outline-2 focus:outline-blue-700 sm:flex-row sm:items-center sm:justify-between"
                    aria-label=label.clone()
                    draggable=may_edit.then_some("true")
                >
                    <div class="min-w-0 break-words">
                        <span class="font-medium">{index + 1} ". " {label.clone()}</span>
                        <span class="block text-sm text-slate-600">{move || t_string!(i18n, catalog.offer_id, id = shown_id.clone()).to_string()}</span>
                    </div>
                    {changes}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="mt-4 max-w-3xl" aria-labelledby="pinned-title">
            <h2 id="pinned-title" class="text-lg font-semibold">{tr!(catalog.pinned)}</h2>
            {(may_edit && count > 1).then(|| view! { <p class="mt-1 text-sm text-slate-600">{tr!(catalog.drag_hint)}</p> })}
            {(!may_edit).then(|| view! { <p class="mt-1 text-sm text-slate-600">{tr!(catalog.read_only)}</p> })}
            {(count == 0).then(|| view! { <p class="mt-2">{tr!(catalog.no_pins)}</p> })}
            <ol class="mt-2 flex flex-col gap-2" aria-labelledby="pinned-title">{offers}</ol>
        </section>
    }
}

/// One segment's offers matching the search, each with Pin.
#[component]
fn SegmentList(
    group: SegmentOffers,
    pinned: Vec<String>,
    version: i64,
    may_edit: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let segment = group.segment;
    let heading_id = format!("segment-{}", segment.code());
    let labelled = heading_id.clone();
    let list_labelled = heading_id.clone();
    let (shown, total) = (group.offers.len(), group.total);
    let full = pinned.len() >= PIN_MAX;
    view! {
        <section class="mt-6 max-w-3xl" aria-labelledby=labelled>
            <h2 id=heading_id class="text-lg font-semibold">{move || segment_name(i18n, segment)}</h2>
            <p class="text-sm text-slate-600">{move || t_string!(i18n, catalog.segment_count, shown = shown, total = total).to_string()}</p>
            {(shown == 0).then(|| view! { <p class="mt-1">{tr!(catalog.none)}</p> })}
            <ul class="mt-2 divide-y divide-slate-200 rounded border border-slate-200 bg-white" aria-labelledby=list_labelled>
                {group.offers.into_iter().map(|offer| {
                    let action = if pinned.contains(&offer.offer_id) {
                        view! { <span class="rounded bg-slate-100 px-2 py-0.5 text-xs font-semibold">{tr!(catalog.pinned_badge)}</span> }.into_any()
                    } else if may_edit {
                        let mut order = pinned.clone();
                        order.push(offer.offer_id.clone());
                        let said = t_string!(i18n, catalog.pinned_message, name = offer.name.clone()).to_string();
                        let title = full.then(|| t_string!(i18n, catalog.pin_limit).to_string());
                        let name = offer.name.clone();
                        view! {
                            <PinChange order said version disabled=full title>
                                {tr!(catalog.pin)}
                                <span class="sr-only">" " {name}</span>
                            </PinChange>
                        }
                        .into_any()
                    } else {
                        ().into_any()
                    };
                    let Offer { name, offer_id, family, description, .. } = offer;
                    view! {
                        <li class="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:justify-between">
                            <div class="min-w-0 break-words">
                                <span class="font-medium">{name}</span>
                                <span class="block text-sm text-slate-600">{move || t_string!(i18n, catalog.offer_id, id = offer_id.clone()).to_string()} " · " {family}</span>
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

/// A change of the pins: a form saving the new `order` (the offers' ids),
/// with what to announce once saved (`said`, which `CatalogPage` reads back
/// from the answered form).
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
    /// The place a dropped offer goes to (see `PinnedOffers`).
    #[prop(optional)]
    move_to: Option<usize>,
    children: Children,
) -> impl IntoView {
    let shell = use_shell();
    view! {
        <form action=SaveCatalogPins::url() method="post">
            <input type="hidden" name="partner_id" value=shell.partner_id().unwrap_or_default() />
            <input type="hidden" name="version" value=version />
            {order.into_iter().map(|id| view! { <input type="hidden" name="offer_ids[]" value=id /> }).collect_view()}
            <input type="hidden" name="said" value=said />
            <button type="submit" class=SMALL_BUTTON disabled=disabled title=title data-move=data_move data-move-to=move_to>
                {children()}
            </button>
        </form>
    }
}
