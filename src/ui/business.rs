//! Partner settings → Business profile: what the public directory shows.

use crate::ui::action_form::{answer_in_page, ActionForm, FormAction};
use crate::ui::common::load;
use crate::ui::common::loaded;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::api::business::{load_business_profile, RemoveLogo, SaveBusinessProfile, UploadLogo};
use crate::i18n::*;
use crate::model::business::{
    logo_path, BusinessProfile, LocationChoice, CUSTOMER_SIZES, DESCRIPTION_MAX, INDUSTRIES,
    LOCATIONS_MAX, PRODUCTS, SERVICES,
};
use crate::model::page::Page;
use crate::model::validation::Problem;
use crate::model::{AppError, Permission, SettingsArea, Versioned};
use crate::ui::common::Loading;
use crate::ui::context::use_shell;
use crate::ui::errors::{error_text, field_problem, problem_text, ErrorView};
use crate::ui::forms::{track_version, FormVersion, SavedMeanwhile, TextField};
use crate::ui::i18n::from_locale;
use crate::ui::sections::AreaSections;

type I18n = leptos_i18n::I18nContext<Locale>;

#[component]
pub fn BusinessProfilePage() -> impl IntoView {
    let shell = use_shell();
    let profile = load(
        move || shell.partner_id(),
        |partner_id| async move { load_business_profile(partner_id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <p class="text-sm text-slate-600">{tr!(settings.partner)}</p>
        <h1 class="text-2xl font-semibold">{tr!(business.title)}</h1>
        <p class="mt-2 max-w-2xl text-slate-700">{tr!(business.intro)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match loaded(profile).await {
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                    Ok(page) => view! { <AreaSections area=SettingsArea::Partner /> <BusinessForm saved=page.saved choices=page.choices /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BusinessForm(saved: Versioned<BusinessProfile>, choices: Vec<LocationChoice>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let save = FormAction::<SaveBusinessProfile>::new();
    let FormVersion { version, latest } = track_version(saved.version, move || save.value().get());
    let saved = saved.value;
    // Whether the saved profile is published: the status message and the
    // public page link follow it.
    let published = saved.published;
    let error = move || save.value().get().and_then(Result::err);
    let problem = move |field: &'static str| Signal::derive(move || field_problem(error(), field));
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    let done = move || matches!(save.value().get(), Some(Ok(_)));
    let may_edit = move || shell.may(Permission::ManageBusinessProfile);
    let status = move || {
        done().then(|| {
            if published {
                t_string!(i18n, business.saved_published).to_string()
            } else {
                t_string!(i18n, business.saved_draft).to_string()
            }
        })
    };
    let public_href = move || format!("/partners/{}", shell.partner_id().unwrap_or_default());
    view! {
        <p class="mt-2 text-sm text-slate-700" class:hidden=may_edit>{tr!(business.read_only)}</p>
        <p class="mt-2" class:hidden=!published>
            <a class="text-blue-700 underline" href=public_href>{tr!(business.view_public)}</a>
        </p>
        <LogoSection saved=saved.logo_at published may_edit=Signal::derive(may_edit) />
        // The server checks the addresses and says why next to the field;
        // the browser's own URL check would speak first, in its own words.
        <ActionForm action=save attr:class="mt-6 flex max-w-2xl flex-col gap-4" attr:novalidate=true>
            <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
            <input type="hidden" name="version" value=move || version.get() />
            <fieldset class="flex flex-col gap-4" disabled=move || !may_edit()>
                <Description value=saved.description problem=problem("description") />
                <TextField label=tr_attr!(business.website) name="profile[website]" kind="url" autocomplete="url" value=saved.website problem=problem("website") />
                <TextField label=tr_attr!(business.linkedin) name="profile[linkedin]" kind="url" value=saved.linkedin problem=problem("linkedin") />
                <Choices legend=tr_attr!(business.industries) name="profile[industries]" codes=&INDUSTRIES chosen=saved.industries namer=industry_name problem=problem("industries") />
                <Choices legend=tr_attr!(business.products) name="profile[products]" codes=&PRODUCTS chosen=saved.products namer=product_name problem=problem("products") />
                <Choices legend=tr_attr!(business.services) name="profile[services]" codes=&SERVICES chosen=saved.services namer=service_name problem=problem("services") />
                <Choices legend=tr_attr!(business.customer_sizes) name="profile[customer_sizes]" codes=&CUSTOMER_SIZES chosen=saved.customer_sizes namer=size_name problem=problem("customer_sizes") />
                <ShownLocations choices chosen=saved.locations problem=problem("locations") />
                <label class="flex items-center gap-2 font-medium">
                    <input type="checkbox" name="profile[published]" checked=published class="h-4 w-4" />
                    {tr!(business.published)}
                </label>
            </fieldset>
            <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
            {move || latest.get().map(|l| view! { <SavedMeanwhile values=latest_values(i18n, &l) /> })}
            <p role="status" class="text-sm">{status}</p>
            <div class:hidden=move || !may_edit()>
                <button type="submit" class="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60" disabled=move || save.pending().get()>
                    {tr!(business.save)}
                </button>
            </div>
        </ActionForm>
    }
    .into_any()
}

/// The last logo change, for the section's messages.
#[derive(Clone, PartialEq)]
enum LogoChange {
    Saved,
    Removed,
    Failed(AppError),
}

/// The logo has its own form: a file goes up as multipart form data, which
/// the business profile's ActionForm doesn't send.
#[component]
fn LogoSection(saved: Option<i64>, published: bool, may_edit: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let remove = FormAction::<RemoveLogo>::new();
    // A page rendered with a change's answer says what it did.
    let answered = match (
        answer_in_page::<UploadLogo>(),
        remove.value().get_untracked(),
    ) {
        (Some(Ok(_)), _) => Some(LogoChange::Saved),
        (_, Some(Ok(()))) => Some(LogoChange::Removed),
        (Some(Err(error)), _) | (_, Some(Err(error))) => Some(LogoChange::Failed(error)),
        (None, None) => None,
    };
    let error = match &answered {
        Some(LogoChange::Failed(error)) => Some(error.clone()),
        _ => None,
    };
    let problem = field_problem(error.clone(), "logo").map(|p| problem_text(i18n, p));
    let other_error = error.filter(|e| !matches!(e, AppError::Invalid(_)));
    let status = match answered {
        Some(LogoChange::Saved) => Some(t_string!(i18n, business.logo_saved).to_string()),
        Some(LogoChange::Removed) => Some(t_string!(i18n, business.logo_removed).to_string()),
        _ => None,
    };
    let pid = move || shell.partner_id().unwrap_or_default();
    let company = move || {
        shell
            .with(|d| d.account.legal_name.clone())
            .unwrap_or_default()
    };
    let busy = move || remove.pending().get();
    view! {
        <section class="mt-6 max-w-2xl rounded border border-slate-200 bg-white p-4" aria-labelledby="logo-title">
            <h2 id="logo-title" class="font-semibold">{tr!(business.logo_current)}</h2>
            {match (saved, published) {
                (Some(at), true) => view! {
                    <img class="mt-2 max-h-24 max-w-full" src=logo_path(pid(), at) alt=move || t_string!(i18n, business.logo_alt, name = company()).to_string() />
                }.into_any(),
                (Some(_), false) => view! { <p class="mt-2 text-sm text-slate-700">{tr!(business.logo_draft)}</p> }.into_any(),
                (None, _) => view! { <p class="mt-2 text-sm text-slate-700">{tr!(business.logo_none)}</p> }.into_any(),
            }}
            <form action=UploadLogo::url() method="post" enctype="multipart/form-data" class="mt-3 flex flex-col gap-2">
                <input type="hidden" name="partner_id" value=pid />
                <fieldset class="flex flex-col gap-1" disabled=move || !may_edit.get()>
                    <label for="field-logo" class="text-sm font-medium">{tr!(business.logo)}</label>
                    <input
                        id="field-logo"
                        type="file"
                        name="logo"
                        accept="image/png,image/jpeg,image/gif"
                        class="max-w-full text-sm"
                        aria-invalid=problem.is_some().to_string()
                        aria-describedby="field-logo-error"
                    />
                    <p id="field-logo-error" class="text-sm text-red-700">{problem}</p>
                </fieldset>
                <p role="alert" class="text-sm text-red-700">{other_error.map(|e| error_text(i18n, &e))}</p>
                <p role="status" class="text-sm">{status}</p>
                <div class="flex flex-wrap gap-2" class:hidden=move || !may_edit.get()>
                    <button type="submit" class="rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50 disabled:opacity-60" disabled=busy>
                        {tr!(business.logo_upload)}
                    </button>
                    // Submits the form below (a form can't hold another).
                    <button
                        type="submit"
                        form="remove-logo"
                        class="rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50 disabled:opacity-60"
                        class:hidden=saved.is_none()
                        disabled=busy
                    >
                        {tr!(business.logo_remove)}
                    </button>
                </div>
            </form>
            <ActionForm action=remove attr:id="remove-logo">
                <input type="hidden" name="partner_id" value=pid />
            </ActionForm>
        </section>
    }
}

#[component]
fn Description(value: String, problem: Signal<Option<Problem>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="flex flex-col gap-1">
            <label for="field-description" class="text-sm font-medium">{tr!(business.description)}</label>
            <p id="field-description-hint" class="text-sm text-slate-600">{tr!(business.description_hint)}</p>
            <textarea
                id="field-description"
                name="profile[description]"
                rows="8"
                maxlength=DESCRIPTION_MAX
                class="rounded border border-slate-400 px-3 py-2 focus:outline-2 focus:outline-blue-700"
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby="field-description-hint field-description-error"
            >
                {value}
            </textarea>
            <p id="field-description-error" class="text-sm text-red-700">
                {move || problem.get().map(|p| problem_text(i18n, p))}
            </p>
        </div>
    }
}

/// A group of checkboxes sending `{name}[]`, with its error line.
#[component]
fn Choices(
    #[prop(into)] legend: Signal<&'static str>,
    name: &'static str,
    codes: &'static [&'static str],
    chosen: Vec<String>,
    namer: fn(I18n, &str) -> String,
    problem: Signal<Option<Problem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_id = format!("field-{name}-error");
    let described_by = error_id.clone();
    view! {
        <fieldset aria-describedby=described_by>
            <legend class="text-sm font-medium">{legend}</legend>
            <div class="mt-1 grid grid-cols-1 gap-1 sm:grid-cols-2">
                {codes.iter().map(|code| {
                    let on = chosen.iter().any(|c| c == code);
                    view! {
                        <label class="flex items-center gap-2">
                            <input type="checkbox" name=format!("{name}[]") value=*code checked=on class="h-4 w-4" />
                            {move || namer(i18n, code)}
                        </label>
                    }
                }).collect_view()}
            </div>
            <p id=error_id class="text-sm text-red-700">{move || problem.get().map(|p| problem_text(i18n, p))}</p>
        </fieldset>
    }
}

/// Up to five of the account's locations, shown with the profile (the
/// directory's country filter finds the partner by them too).
#[component]
fn ShownLocations(
    choices: Vec<LocationChoice>,
    chosen: Vec<String>,
    problem: Signal<Option<Problem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let empty = choices.is_empty();
    view! {
        <fieldset aria-describedby="field-profile[locations]-error">
            <legend class="text-sm font-medium">{move || t_string!(i18n, business.locations, max = LOCATIONS_MAX)}</legend>
            {empty.then(|| view! {
                <p class="mt-1 text-sm text-slate-700">
                    {tr!(business.no_locations)} " "
                    <a class="text-blue-700 underline" href=move || shell.href(Page::Locations)>{tr!(locations.title)}</a>
                </p>
            })}
            <div class="mt-1 grid grid-cols-1 gap-1 sm:grid-cols-2">
                {choices.into_iter().map(|l| {
                    let on = chosen.contains(&l.id);
                    let language = move || from_locale(i18n.get_locale());
                    let (city, country) = (l.city.clone(), l.country.clone());
                    let place = move || {
                        let country = crate::model::country::find(&country)
                            .map_or(country.clone(), |c| c.name(language()).to_string());
                        format!("{city}, {country}")
                    };
                    view! {
                        <label class="flex items-center gap-2">
                            <input type="checkbox" name="profile[locations][]" value=l.id checked=on class="h-4 w-4" />
                            <span>{l.name} " · " {place}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            <p id="field-profile[locations]-error" class="text-sm text-red-700">{move || problem.get().map(|p| problem_text(i18n, p))}</p>
        </fieldset>
    }
}

pub fn industry_name(i18n: I18n, code: &str) -> String {
    match code {
        "agriculture" => t_string!(i18n, industry.agriculture),
        "automotive" => t_string!(i18n, industry.automotive),
        "education" => t_string!(i18n, industry.education),
        "energy" => t_string!(i18n, industry.energy),
        "financial_services" => t_string!(i18n, industry.financial_services),
        "government" => t_string!(i18n, industry.government),
        "healthcare" => t_string!(i18n, industry.healthcare),
        "hospitality" => t_string!(i18n, industry.hospitality),
        "manufacturing" => t_string!(i18n, industry.manufacturing),
        "media" => t_string!(i18n, industry.media),
        "nonprofit" => t_string!(i18n, industry.nonprofit),
        "professional_services" => t_string!(i18n, industry.professional_services),
        "retail" => t_string!(i18n, industry.retail),
        "telecommunications" => t_string!(i18n, industry.telecommunications),
        "transportation" => t_string!(i18n, industry.transportation),
        other => return other.to_string(),
    }
    .to_string()
}

pub fn product_name(i18n: I18n, code: &str) -> String {
    match code {
        "cloud_infrastructure" => t_string!(i18n, product.cloud_infrastructure),
        "productivity" => t_string!(i18n, product.productivity),
        "business_applications" => t_string!(i18n, product.business_applications),
        "low_code" => t_string!(i18n, product.low_code),
        "security" => t_string!(i18n, product.security),
        "data_ai" => t_string!(i18n, product.data_ai),
        "collaboration" => t_string!(i18n, product.collaboration),
        "devices" => t_string!(i18n, product.devices),
        other => return other.to_string(),
    }
    .to_string()
}

pub fn service_name(i18n: I18n, code: &str) -> String {
    match code {
        "consulting" => t_string!(i18n, service.consulting),
        "implementation" => t_string!(i18n, service.implementation),
        "managed_services" => t_string!(i18n, service.managed_services),
        "migration" => t_string!(i18n, service.migration),
        "custom_development" => t_string!(i18n, service.custom_development),
        "training" => t_string!(i18n, service.training),
        "support" => t_string!(i18n, service.support),
        "licensing" => t_string!(i18n, service.licensing),
        other => return other.to_string(),
    }
    .to_string()
}

pub fn size_name(i18n: I18n, code: &str) -> String {
    match code {
        "small" => t_string!(i18n, size.small),
        "medium" => t_string!(i18n, size.medium),
        "large" => t_string!(i18n, size.large),
        "enterprise" => t_string!(i18n, size.enterprise),
        other => return other.to_string(),
    }
    .to_string()
}

/// The profile's values as the "saved meanwhile" notice lists them.
fn latest_values(i18n: I18n, p: &BusinessProfile) -> Vec<(String, String)> {
    let names = |codes: &[String], namer: fn(I18n, &str) -> String| {
        codes
            .iter()
            .map(|c| namer(i18n, c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let published = if p.published {
        t_string!(i18n, business.saved_published)
    } else {
        t_string!(i18n, business.saved_draft)
    };
    vec![
        (
            t_string!(i18n, business.description).to_string(),
            p.description.clone(),
        ),
        (
            t_string!(i18n, business.website).to_string(),
            p.website.clone(),
        ),
        (
            t_string!(i18n, business.linkedin).to_string(),
            p.linkedin.clone(),
        ),
        (
            t_string!(i18n, business.industries).to_string(),
            names(&p.industries, industry_name),
        ),
        (
            t_string!(i18n, business.products).to_string(),
            names(&p.products, product_name),
        ),
        (
            t_string!(i18n, business.services).to_string(),
            names(&p.services, service_name),
        ),
        (
            t_string!(i18n, business.customer_sizes).to_string(),
            names(&p.customer_sizes, size_name),
        ),
        (
            t_string!(i18n, business.published).to_string(),
            published.to_string(),
        ),
    ]
}
