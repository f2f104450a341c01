//! The public "Find a partner" directory (SPEC §7): published business
//! profiles, searched and filtered, and each partner's page. No sign-in.

use crate::ui::common::load;
use crate::ui::common::loaded;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::business::{load_public_profile, search_directory};
use crate::i18n::*;
use crate::model::business::{
    logo_path, DirectoryEntry, DirectoryPage as Found, DirectoryQuery, PublicProfile,
    CUSTOMER_SIZES, INDUSTRIES, PRODUCTS, SERVICES,
};
use crate::model::country;
use crate::model::AppError;
use crate::ui::auth::VisitorFrame;
use crate::ui::business::{industry_name, product_name, service_name, size_name};
use crate::ui::common::{searched, use_param, KeysetPager, Loading};
use crate::ui::errors::ErrorView;
use crate::ui::i18n::from_locale;
use crate::ui::option_lists::OptionList;

type I18n = leptos_i18n::I18nContext<Locale>;

const INPUT: &str = "rounded border border-slate-400 bg-white px-3 py-2";
const BUTTON: &str =
    "rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60";

fn country_name(i18n: I18n, code: &str) -> String {
    country::find(code).map_or_else(
        || code.to_string(),
        |c| c.name(from_locale(i18n.get_locale())).to_string(),
    )
}

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let query = use_query_map();
    let asked = move || {
        let q = query.read();
        let get = |key: &str| q.get(key).unwrap_or_default();
        DirectoryQuery {
            words: get("q"),
            industry: get("industry"),
            product: get("product"),
            country: get("country"),
            after: get("after"),
            before: get("before"),
        }
    };
    let found = load(asked, search_directory);
    let initial = asked();
    view! {
        <VisitorFrame wide=true>
            <h1 class="text-2xl font-semibold">{tr!(directory.title)}</h1>
            <p class="mt-2 max-w-2xl text-slate-700">{tr!(directory.intro)}</p>
            <SearchForm asked=initial />
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match loaded(found).await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(found) => view! { <Results found asked=asked() /> }.into_any(),
                    }
                })}
            </Suspense>
        </VisitorFrame>
    }
}

/// Words and filters, sent in the address (a search can be shared).
#[component]
fn SearchForm(asked: DirectoryQuery) -> impl IntoView {
    let i18n = use_i18n();
    let filter = move |name: &'static str, label: fn(I18n) -> &'static str, options: AnyView| {
        let id = format!("directory-{name}");
        view! {
            <div class="flex flex-col gap-1">
                <label for=id.clone() class="text-sm font-medium">{move || label(i18n)}</label>
                <select id=id name=name class=INPUT>{options}</select>
            </div>
        }
    };
    let each = move |codes: &[&'static str], namer: fn(I18n, &str) -> String, selected: String| {
        view! {
            <option value="" selected=selected.is_empty()>{tr!(directory.any)}</option>
            {codes.iter().map(|&code| view! {
                <option value=code selected=selected == code>{move || namer(i18n, code)}</option>
            }).collect_view()}
        }
        .into_any()
    };
    // The country list, 250 options, is made once (`OptionList`).
    let countries = OptionList::CountriesOrAny.html(i18n.get_locale_untracked(), &asked.country);
    let countries = leptos::tachys::html::InertElement::new(countries).into_any();
    view! {
        <Form method="GET" action="/partners" attr:role="search" attr:class="mt-4 grid grid-cols-1 gap-3 rounded border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4">
            <div class="flex flex-col gap-1 sm:col-span-2 lg:col-span-4">
                <label for="directory-q" class="text-sm font-medium">{tr!(directory.search)}</label>
                <input id="directory-q" type="search" name="q" value=asked.words class=INPUT />
            </div>
            {filter("industry", |i| t_string!(i, directory.industry), each(&INDUSTRIES, industry_name, asked.industry))}
            {filter("product", |i| t_string!(i, directory.product), each(&PRODUCTS, product_name, asked.product))}
            {filter("country", |i| t_string!(i, directory.country), countries)}
            <div class="flex items-end">
                <button type="submit" class=BUTTON>{tr!(directory.apply)}</button>
            </div>
        </Form>
    }
}

#[component]
fn Results(found: Found, asked: DirectoryQuery) -> impl IntoView {
    let i18n = use_i18n();
    let (total, more) = (found.total, found.more);
    // The search and filters, without the page (the pager adds it).
    let address = {
        let escape = |s: &str| leptos_router::location::Url::escape(s).to_string();
        format!(
            "{}&industry={}&product={}&country={}",
            searched("/partners", &asked.words),
            escape(&asked.industry),
            escape(&asked.product),
            escape(&asked.country),
        )
    };
    let (previous, next) = (found.previous, found.next);
    let empty = found.entries.is_empty();
    view! {
        <section class="mt-6" aria-labelledby="results-title">
            <h2 id="results-title" class="sr-only">{tr!(directory.results)}</h2>
            <p role="status" class="text-sm text-slate-600">
                {move || if more {
                    t_string!(i18n, directory.count_more, count = total).to_string()
                } else {
                    t_string!(i18n, directory.count, count = total).to_string()
                }}
            </p>
            {empty.then(|| view! { <p class="mt-2">{tr!(directory.none)}</p> })}
            <ul class="mt-2 grid grid-cols-1 gap-3 lg:grid-cols-2" aria-labelledby="results-title">
                {found.entries.into_iter().map(|entry| view! { <li><PartnerCard entry /></li> }).collect_view()}
            </ul>
            <KeysetPager address previous next />
        </section>
    }
    .into_any()
}

fn place(i18n: I18n, city: &str, country: &str) -> String {
    let country = country_name(i18n, country);
    if city.is_empty() {
        country
    } else {
        format!("{city}, {country}")
    }
}

#[component]
fn PartnerCard(entry: DirectoryEntry) -> impl IntoView {
    let i18n = use_i18n();
    let title_id = format!("partner-{}", entry.partner_id);
    let labelled_by = title_id.clone();
    let (city, country) = (entry.city, entry.country);
    let industries = entry.industries;
    // Beside the name, the logo says nothing more: no alternative text.
    let logo = entry
        .logo_at
        .map(|at| view! { <img class="float-right ml-2 max-h-12 max-w-24" src=logo_path(entry.partner_id, at) alt="" loading="lazy" /> });
    view! {
        <article class="h-full rounded border border-slate-200 bg-white p-4" aria-labelledby=labelled_by>
            {logo}
            <h3 id=title_id class="text-lg font-semibold">
                <a class="text-blue-700 underline" href=format!("/partners/{}", entry.partner_id)>{entry.name}</a>
            </h3>
            <p class="text-sm text-slate-600">{move || place(i18n, &city, &country)}</p>
            <p class="mt-2 break-words">{entry.excerpt}</p>
            <p class="mt-2 text-sm text-slate-700">
                {move || industries.iter().map(|c| industry_name(i18n, c)).collect::<Vec<_>>().join(" · ")}
            </p>
        </article>
    }
}

#[component]
pub fn PartnerPage() -> impl IntoView {
    let pid = use_param("pid");
    let profile = load(
        move || pid.get(),
        |pid| async move {
            let pid = pid
                .and_then(|p| p.parse::<i64>().ok())
                .ok_or(AppError::NotFound)?;
            load_public_profile(pid).await
        },
    );
    view! {
        <VisitorFrame wide=true>
            <a class="text-blue-700 underline" href="/partners">{tr!(directory.back)}</a>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match loaded(profile).await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(partner) => view! { <PartnerDetails partner /> }.into_any(),
                    }
                })}
            </Suspense>
        </VisitorFrame>
    }
}

#[component]
fn PartnerDetails(partner: PublicProfile) -> impl IntoView {
    let i18n = use_i18n();
    let PublicProfile {
        partner_id,
        name,
        country,
        city,
        profile,
        locations,
        support,
    } = partner;
    let tags = |title: fn(I18n) -> &'static str,
                codes: Vec<String>,
                all: &'static [&'static str],
                namer: fn(I18n, &str) -> String| {
        // In list order, whatever order they were stored in.
        let codes: Vec<&'static str> = all
            .iter()
            .copied()
            .filter(|c| codes.iter().any(|x| x == c))
            .collect();
        (!codes.is_empty()).then(|| {
            view! {
                <div>
                    <dt class="font-medium">{move || title(i18n)}</dt>
                    <dd class="text-slate-700">{move || codes.iter().map(|c| namer(i18n, c)).collect::<Vec<_>>().join(" · ")}</dd>
                </div>
            }
        })
    };
    let website = profile.website;
    let linkedin = profile.linkedin;
    let has_links = !website.is_empty() || !linkedin.is_empty();
    let logo = profile.logo_at.map(|at| {
        let alt_name = name.clone();
        view! {
            <img
                class="mt-4 max-h-24 max-w-full"
                src=logo_path(partner_id, at)
                alt=move || t_string!(i18n, business.logo_alt, name = alt_name.clone()).to_string()
            />
        }
    });
    view! {
        {logo}
        <h1 class="mt-4 text-2xl font-semibold">{name}</h1>
        <p class="text-slate-600">
            {move || place(i18n, &city, &country)} " · " {tr!(directory.partner_id)} " " {partner_id}
        </p>
        <section class="mt-6" aria-labelledby="about-title">
            <h2 id="about-title" class="text-lg font-semibold">{tr!(directory.about)}</h2>
            <p class="mt-2 max-w-3xl whitespace-pre-line break-words">{profile.description}</p>
        </section>
        {support.map(|s| view! {
            <section class="mt-6" aria-labelledby="support-title">
                <h2 id="support-title" class="text-lg font-semibold">{tr!(support.title)}</h2>
                <ul class="mt-2 flex flex-col gap-1">
                    <li><a class="break-all text-blue-700 underline" href=format!("mailto:{}", s.email)>{tr!(support.email)} ": " {s.email.clone()}</a></li>
                    {(!s.phone.is_empty()).then(|| view! {
                        <li><a class="text-blue-700 underline" href=format!("tel:{}", s.phone)>{tr!(support.phone)} ": " {s.phone.clone()}</a></li>
                    })}
                    {(!s.website.is_empty()).then(|| view! {
                        <li><a class="break-all text-blue-700 underline" rel="nofollow noopener" href=s.website.clone()>{tr!(support.website)} ": " {s.website.clone()}</a></li>
                    })}
                </ul>
            </section>
        })}
        {(!locations.is_empty()).then(|| view! {
            <section class="mt-6" aria-labelledby="locations-title">
                <h2 id="locations-title" class="text-lg font-semibold">{tr!(locations.title)}</h2>
                <ul class="mt-2 flex flex-col gap-1">
                    {locations.into_iter().map(|l| view! {
                        <li>
                            <span class="font-medium">{l.name}</span> " · "
                            <span class="text-slate-700">{move || place(i18n, &l.city, &l.country)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <dl class="mt-6 flex flex-col gap-3">
            {tags(|i| t_string!(i, business.industries), profile.industries, &INDUSTRIES, industry_name)}
            {tags(|i| t_string!(i, business.products), profile.products, &PRODUCTS, product_name)}
            {tags(|i| t_string!(i, business.services), profile.services, &SERVICES, service_name)}
            {tags(|i| t_string!(i, business.customer_sizes), profile.customer_sizes, &CUSTOMER_SIZES, size_name)}
        </dl>
        {has_links.then(|| view! {
            <section class="mt-6" aria-labelledby="links-title">
                <h2 id="links-title" class="text-lg font-semibold">{tr!(directory.links)}</h2>
                <ul class="mt-2 flex flex-col gap-1">
                    {(!website.is_empty()).then(|| view! {
                        <li><a class="break-all text-blue-700 underline" rel="nofollow noopener" href=website.clone()>{tr!(business.website)} ": " {website.clone()}</a></li>
                    })}
                    {(!linkedin.is_empty()).then(|| view! {
                        <li><a class="break-all text-blue-700 underline" rel="nofollow noopener" href=linkedin.clone()>{tr!(business.linkedin)} ": " {linkedin.clone()}</a></li>
                    })}
                </ul>
            </section>
        })}
    }
    .into_any()
}
