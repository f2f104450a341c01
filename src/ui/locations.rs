//! Partner settings → Locations (SPEC §6): the list with search and pages,
//! adding a location, and one location's page (edit, make headquarters,
//! remove). Every member sees them; the server refuses changes to those
//! without ManageLocations whatever the page shows.

use crate::ui::action_form::{ActionForm, FormAction};
use crate::ui::common::load;
use crate::ui::common::loaded;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::locations::{
    get_location, list_locations, load_new_location, AddLocation, MakeHeadquarters, RemoveLocation,
    SaveLocation,
};
use crate::i18n::*;
use crate::model::address::region_name;
use crate::model::country;
use crate::model::dates::number;
use crate::model::location::{Location, LocationForm, LocationPage};
use crate::model::page::Page;
use crate::model::validation::Problem;
use crate::model::{AppError, Permission, SettingsArea, Versioned};
use crate::ui::common::{searched, use_param, KeysetPager, Loading, SearchBox, Show};
use crate::ui::context::{use_shell, WithPage};
use crate::ui::errors::{error_text, field_problem, ErrorView};
use crate::ui::forms::{
    address_values, track_version, AddressFields, AddressValues, Confirmed, FormVersion,
    SavedMeanwhile, TextField, BUTTON,
};
use crate::ui::i18n::from_locale;
use crate::ui::sections::AreaSections;

/// Whether the signed-in member may change locations (read reactively; the
/// server decides regardless).
fn may_edit() -> bool {
    use_shell().may(Permission::ManageLocations)
}

#[component]
pub fn LocationsPage() -> impl IntoView {
    let shell = use_shell();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let param = move |name: &str| query.read().get(name).unwrap_or_default();
    let found = load(
        move || (shell.partner_id(), q(), param("after"), param("before")),
        |(partner_id, q, after, before)| async move {
            list_locations(partner_id.ok_or(AppError::NotFound)?, q, after, before).await
        },
    );
    view! {
        <p class="text-sm text-slate-600">{tr!(settings.partner)}</p>
        <h1 class="text-2xl font-semibold">{tr!(locations.title)}</h1>
        <p class="mt-2 max-w-2xl text-slate-700">{tr!(locations.intro)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match loaded(found).await {
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                    Ok(found) => view! {
                        <AreaSections area=SettingsArea::Partner />
                        <div class="mt-4" class:hidden=move || !may_edit()>
                            <a class=BUTTON href=move || shell.href(Page::AddLocation)>{tr!(locations.add)}</a>
                        </div>
                        <p class="mt-2 text-sm text-slate-700" class:hidden=may_edit>{tr!(locations.read_only)}</p>
                        <LocationList found query=q() />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// "10 quai Saint-Antoine, 69002 Lyon, France": a location's address on one line.
fn one_line(language: crate::model::Language, f: &LocationForm) -> String {
    let town = format!("{} {}", f.postal_code, f.city);
    let region = region_name(&f.country, &f.region, language);
    let country = country::find(&f.country).map_or(f.country.as_str(), |c| c.name(language));
    [
        f.address_line1.as_str(),
        f.address_line2.as_str(),
        town.trim(),
        region.as_str(),
        country,
    ]
    .into_iter()
    .filter(|p| !p.is_empty())
    .collect::<Vec<_>>()
    .join(", ")
}

#[component]
fn LocationList(found: LocationPage, query: String) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let (previous, next) = (found.previous.clone(), found.next.clone());
    let total = found.total;
    let empty = found.locations.is_empty();
    view! {
        <section class="mt-6" aria-labelledby="locations-title">
            <h2 id="locations-title" class="text-lg font-semibold">{tr!(locations.list)}</h2>
            <SearchBox action=shell.href(Page::Locations) id="location-search" label=tr_attr!(locations.search_label) query=query.clone() />
            <p class="mt-2 text-sm text-slate-600" role="status">{move || t_string!(i18n, locations.count, count = number(total, from_locale(i18n.get_locale()))).to_string()}</p>
            {empty.then(|| view! { <p class="mt-2">{tr!(locations.none)}</p> })}
            <ul class="mt-2 divide-y divide-slate-200 rounded border border-slate-200 bg-white" aria-labelledby="locations-title">
                {found.locations.into_iter().map(|l| {
                    let href = Page::location_href(shell.partner_id.get_untracked().unwrap_or_default(), &l.id);
                    let form = l.form.clone();
                    let address = move || one_line(from_locale(i18n.get_locale()), &form);
                    view! {
                        <li class="flex flex-col gap-0.5 p-3">
                            <div class="flex flex-wrap items-center gap-2">
                                <a class="font-medium text-blue-700 underline" href=href>{l.form.name.clone()}</a>
                                {l.is_hq.then(|| view! {
                                    <span class="rounded bg-blue-100 px-2 py-0.5 text-xs font-semibold text-blue-900">{tr!(locations.headquarters)}</span>
                                })}
                            </div>
                            <span class="text-sm text-slate-700">{address}</span>
                            <span class="text-xs text-slate-600">{tr!(locations.location_id)} ": " <span class="font-mono">{l.id.clone()}</span></span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <KeysetPager address=searched(&shell.href(Page::Locations), &query) previous next />
        </section>
    }
    .into_any()
}

/// The location form's fields, sent as `location[…]`.
#[component]
fn LocationFields(
    saved: LocationForm,
    problem: impl Fn(&'static str) -> Signal<Option<Problem>> + Copy + 'static,
) -> impl IntoView {
    let address = AddressValues::from(saved.address());
    view! {
        <TextField label=tr_attr!(locations.name) name="location[name]" value=saved.name problem=problem("name") />
        <AddressFields legend=tr!(locations.address) saved=address problem prefix="location" />
        <fieldset class="flex flex-col gap-4">
            <legend class="font-semibold">{tr!(locations.contact)}</legend>
            <TextField label=tr_attr!(locations.contact_name) name="location[contact_name]" autocomplete="name" value=saved.contact_name problem=problem("contact_name") />
            <TextField label=tr_attr!(locations.contact_email) name="location[contact_email]" kind="email" autocomplete="email" value=saved.contact_email problem=problem("contact_email") />
            <TextField label=tr_attr!(locations.contact_phone) name="location[contact_phone]" kind="tel" autocomplete="tel" value=saved.contact_phone problem=problem("contact_phone") />
        </fieldset>
    }
}

#[component]
pub fn AddLocationPage() -> impl IntoView {
    let shell = use_shell();
    let start = load(
        move || shell.partner_id(),
        |partner_id| async move { load_new_location(partner_id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <p><a class="text-sm text-blue-700 underline" href=move || shell.href(Page::Locations)>{tr!(locations.back)}</a></p>
        <h1 class="mt-2 text-2xl font-semibold">{tr!(locations.add_title)}</h1>
        <WithPage page=Page::AddLocation>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match loaded(start).await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(start) => view! {
                            {start.first.then(|| view! { <p class="mt-2 max-w-2xl text-slate-700">{tr!(locations.first_is_hq)}</p> })}
                            <AddLocationForm saved=start.form />
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </WithPage>
    }
}

#[component]
fn AddLocationForm(saved: LocationForm) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let add = FormAction::<AddLocation>::new();
    let error = move || add.value().get().and_then(Result::err);
    let problem = move |field: &'static str| Signal::derive(move || field_problem(error(), field));
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    view! {
        <ActionForm action=add attr:class="mt-6 flex max-w-md flex-col gap-4">
            <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
            <LocationFields saved problem />
            <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
            <div>
                <button type="submit" class=BUTTON disabled=move || add.pending().get()>{tr!(locations.add)}</button>
            </div>
        </ActionForm>
    }
}

#[component]
pub fn LocationPage() -> impl IntoView {
    let shell = use_shell();
    let location_id = use_param("location_id");
    let location = load(
        move || (shell.partner_id(), location_id.get()),
        |(partner_id, location_id)| async move {
            get_location(
                partner_id.ok_or(AppError::NotFound)?,
                location_id.ok_or(AppError::NotFound)?,
            )
            .await
        },
    );
    view! {
        <p><a class="text-sm text-blue-700 underline" href=move || shell.href(Page::Locations)>{tr!(locations.back)}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match loaded(location).await {
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                    Ok(saved) => view! { <LocationDetails saved /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LocationDetails(saved: Versioned<Location>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let query = use_query_map();
    let save = FormAction::<SaveLocation>::new();
    let FormVersion { version, latest } = track_version(saved.version, move || save.value().get());
    let Location { id, is_hq, form } = saved.value;
    let error = move || save.value().get().and_then(Result::err);
    let problem = move |field: &'static str| Signal::derive(move || field_problem(error(), field));
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    let done = move || matches!(save.value().get(), Some(Ok(_)));
    let added = move || query.read().get("added").is_some() && save.value().get().is_none();
    let name = form.name.clone();
    let location_id = id.clone();
    view! {
        <div class="max-w-2xl">
            <h1 class="mt-2 text-2xl font-semibold">{name}</h1>
            <p class="text-sm text-slate-700">{tr!(locations.location_id)} ": " <span class="font-mono">{id.clone()}</span></p>
            {is_hq.then(|| view! {
                <p class="mt-2 flex flex-wrap items-center gap-2">
                    <span class="rounded bg-blue-100 px-2 py-0.5 text-xs font-semibold text-blue-900">{tr!(locations.headquarters)}</span>
                    <span class="text-sm text-slate-700">{tr!(locations.hq_note)}</span>
                </p>
            })}
            <p class="mt-2 text-sm text-slate-700" class:hidden=may_edit>{tr!(locations.read_only)}</p>
            <ActionForm action=save attr:class="mt-6 flex max-w-md flex-col gap-4">
                <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
                <input type="hidden" name="location_id" value=location_id.clone() />
                <input type="hidden" name="version" value=move || version.get() />
                <fieldset class="flex flex-col gap-4" disabled=move || !may_edit()>
                    <LocationFields saved=form problem />
                </fieldset>
                <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
                {move || latest.get().map(|l| view! { <SavedMeanwhile values=latest_values(i18n, &l) /> })}
                <p role="status" class="text-sm">
                    {move || {
                        if done() {
                            Some(t_string!(i18n, locations.saved).to_string())
                        } else if added() {
                            Some(t_string!(i18n, locations.added).to_string())
                        } else {
                            None
                        }
                    }}
                </p>
                <div class:hidden=move || !may_edit()>
                    <button type="submit" class=BUTTON disabled=move || save.pending().get()>{tr!(locations.save)}</button>
                </div>
            </ActionForm>
            <Show when=move || may_edit() && !is_hq>
                <MakeHeadquartersControl location_id=id.clone() />
                <RemoveControl location_id=id.clone() />
            </Show>
        </div>
    }
    .into_any()
}

/// The location's values as the "saved meanwhile" notice lists them.
fn latest_values(
    i18n: leptos_i18n::I18nContext<Locale>,
    l: &LocationForm,
) -> Vec<(String, String)> {
    let text = |label: &str, value: &str| (label.to_string(), value.to_string());
    let mut values = vec![text(t_string!(i18n, locations.name), &l.name)];
    values.extend(address_values(i18n, l.address()));
    values.extend([
        text(t_string!(i18n, locations.contact_name), &l.contact_name),
        text(t_string!(i18n, locations.contact_email), &l.contact_email),
        text(t_string!(i18n, locations.contact_phone), &l.contact_phone),
    ]);
    values
}

#[component]
fn MakeHeadquartersControl(location_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let make = FormAction::<MakeHeadquarters>::new();
    let failed = move || make.value().get().and_then(Result::err);
    view! {
        <section class="mt-8 border-t border-slate-200 pt-4" aria-labelledby="hq-title">
            <h2 id="hq-title" class="text-lg font-semibold">{tr!(locations.make_hq)}</h2>
            <div class="mt-2">
                <Confirmed
                    label=Signal::derive(tr_attr!(locations.make_hq))
                    question=Signal::derive(tr_attr!(locations.make_hq_confirm))
                    confirm=Signal::derive(tr_attr!(locations.confirm_make_hq))
                    action=make
                >
                    <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
                    <input type="hidden" name="location_id" value=location_id.clone() />
                </Confirmed>
            </div>
            <p role="alert" class="text-sm text-red-700">{move || failed().map(|e| error_text(i18n, &e))}</p>
        </section>
    }
}

#[component]
fn RemoveControl(location_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let remove = FormAction::<RemoveLocation>::new();
    let failed = move || remove.value().get().and_then(Result::err);
    view! {
        <section class="mt-8 border-t border-slate-200 pt-4" aria-labelledby="remove-title">
            <h2 id="remove-title" class="text-lg font-semibold">{tr!(locations.remove)}</h2>
            <div class="mt-2">
                <Confirmed
                    label=Signal::derive(tr_attr!(locations.remove))
                    question=Signal::derive(tr_attr!(locations.remove_confirm))
                    confirm=Signal::derive(tr_attr!(locations.confirm_remove))
                    action=remove
                >
                    <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
                    <input type="hidden" name="location_id" value=location_id.clone() />
                </Confirmed>
            </div>
            <p role="alert" class="text-sm text-red-700">{move || failed().map(|e| error_text(i18n, &e))}</p>
        </section>
    }
}
