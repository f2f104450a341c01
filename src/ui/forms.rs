//! Form pieces: the labelled field with its error, and the record version a
//! form saves against (SPEC §9) with the "saved meanwhile" notice.

use leptos::prelude::*;
use leptos::server_fn::codec::{PostUrl, Postcard};
use leptos::server_fn::error::FromServerFnError;
use leptos::server_fn::{Http, ServerFn};

use crate::ui::action_form::{ActionForm, FormAction};

use crate::i18n::*;
use crate::model::address::{self, postal_code_example};
use crate::model::validation::{Address, Problem};
use crate::model::{AppError, FromLatest};
use crate::ui::errors::problem_text;
use crate::ui::option_lists::OptionList;

/// A form's main button.
pub(crate) const BUTTON: &str =
    "inline-block rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60";
/// A secondary button or button-like link.
pub(crate) const SECONDARY: &str =
    "inline-block rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50 disabled:opacity-60";

/// A labelled text input with its error underneath, tied by aria-describedby.
#[component]
pub fn TextField(
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into)] name: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(into)] problem: Signal<Option<Problem>>,
    /// Initial value (kept by the browser while editing).
    #[prop(optional, into)]
    value: Option<String>,
    #[prop(optional)] required: bool,
    /// A line under the label (an example of the expected format).
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// Shown but not editable (a value the rules fix).
    #[prop(optional, into)]
    readonly: MaybeProp<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    view! {
        <div class="flex flex-col gap-1">
            <label for=id.clone() class="text-sm font-medium">{label}</label>
            {hint.map(|hint| view! { <p id=hint_id class="text-sm text-slate-600">{hint}</p> })}
            <input
                id=id
                name=name
                type=kind
                value=value
                required=required
                readonly=move || readonly.get().unwrap_or(false)
                autocomplete=autocomplete
                class="rounded border border-slate-400 px-3 py-2 focus:outline-2 focus:outline-blue-700"
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=described_by
            />
            <p id=error_id class="text-sm text-red-700">
                {move || problem.get().map(|p| problem_text(i18n, p))}
            </p>
        </div>
    }
}

/// A `<select>`'s options: a few, each a view, or a long fixed list as
/// ready HTML (`OptionList`).
pub enum Options {
    Each(Vec<(&'static str, Signal<String>)>),
    List(OptionList),
}

impl From<Vec<(&'static str, Signal<String>)>> for Options {
    fn from(each: Vec<(&'static str, Signal<String>)>) -> Self {
        Options::Each(each)
    }
}

impl From<OptionList> for Options {
    fn from(list: OptionList) -> Self {
        Options::List(list)
    }
}

/// A labelled `<select>` with its error line.
#[component]
pub fn SelectField(
    label: impl IntoView + 'static,
    #[prop(into)] name: String,
    #[prop(into)] options: Options,
    selected: String,
    problem: Signal<Option<Problem>>,
    /// The address forms' country list: the sentence that shows a postal
    /// code example, with `{}` where the chosen country's goes, for the
    /// shell island to show when the country changes (each option carries
    /// its example: `OptionList::AddressCountries`).
    #[prop(optional)]
    example_text: Option<String>,
    /// The fields this choice switches, by the name of their place in the
    /// form (`[data-switched]`, with a template for each value:
    /// `SwitchedTemplates`).
    #[prop(optional)]
    switches: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{name}");
    let error_id = format!("field-{name}-error");
    let (each, list) = match options {
        Options::Each(each) => (each, None),
        Options::List(list) => (
            Vec::new(),
            Some(list.html(i18n.get_locale_untracked(), &selected)),
        ),
    };
    view! {
        <div class="flex flex-col gap-1">
            <label for=id.clone() class="text-sm font-medium">{label}</label>
            <select
                id=id
                name=name
                class="rounded border border-slate-400 bg-white px-3 py-2"
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=error_id.clone()
                data-switches=switches
                data-example-text=example_text
            >
                {list.map(leptos::tachys::html::InertElement::new)}
                {each.into_iter().map(|(value, text)| {
                    view! { <option value=value selected=value == selected>{text}</option> }
                }).collect_view()}
            </select>
            <p id=error_id class="text-sm text-red-700">{move || problem.get().map(|p| problem_text(i18n, p))}</p>
        </div>
    }
    .into_any()
}

/// A postal address's values, as a form shows them at first.
#[derive(Clone, Debug, Default)]
pub struct AddressValues {
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
}

impl From<Address<'_>> for AddressValues {
    fn from(a: Address<'_>) -> Self {
        AddressValues {
            line1: a.line1.into(),
            line2: a.line2.into(),
            city: a.city.into(),
            region: a.region.into(),
            postal_code: a.postal_code.into(),
            country: a.country.into(),
        }
    }
}

/// The postal address fields of a form (Partner and Billing profile,
/// Locations): its form struct is sent as `prefix` (`profile[city]`, …) and
/// has the fields `address_line1` … `country` that `Errors::address`
/// checks. The state or province is a list where the chosen country has
/// one, and the postal code shows an example of the country's format.
#[component]
pub fn AddressFields(
    legend: impl IntoView + 'static,
    saved: AddressValues,
    problem: impl Fn(&'static str) -> Signal<Option<Problem>>,
    #[prop(default = "profile")] prefix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let country = saved.country.clone();
    let example = Signal::derive(move || {
        postal_code_example(&country)
            .map(|example| t_string!(i18n, partner.postal_example, example).to_string())
            .unwrap_or_default()
    });
    let field = move |name: &str| format!("{prefix}[{name}]");
    // The shell island changes the region field and the example in the
    // page when the country changes: the server writes what it needs.
    let example_text = t_string!(i18n, partner.postal_example, example = "{}").to_string();
    let region_templates = {
        let name = field("region");
        let fields = move |country: String| {
            view! { <RegionField name=name.clone() country saved=String::new() problem=Signal::derive(|| None) /> }.into_any()
        };
        view! { <SwitchedTemplates values=&address::COUNTRIES_WITH_REGIONS fields /> }
    };
    view! {
        <fieldset class="flex flex-col gap-4">
            <legend class="font-semibold">{legend}</legend>
            <TextField label=tr_attr!(partner.address_line1) name=field("address_line1") autocomplete="address-line1" value=saved.line1 problem=problem("address_line1") />
            <TextField label=tr_attr!(partner.address_line2) name=field("address_line2") autocomplete="address-line2" value=saved.line2 problem=problem("address_line2") />
            <TextField label=tr_attr!(partner.city) name=field("city") autocomplete="address-level2" value=saved.city problem=problem("city") />
            <div data-switched="region" class="flex flex-col">
                <RegionField name=field("region") country=saved.country.clone() saved=saved.region problem=problem("region") />
                {region_templates}
            </div>
            <TextField label=tr_attr!(partner.postal_code) name=field("postal_code") autocomplete="postal-code" value=saved.postal_code problem=problem("postal_code") hint=example />
            <SelectField
                label=tr!(auth.country)
                name=field("country")
                options=OptionList::AddressCountries
                selected=saved.country
                problem=problem("country")
                example_text
                switches="region"
            />
        </fieldset>
    }
}

/// The fields a choice switches (`data-switches`, see `SelectField`), one
/// `<template>` per value in `values` and one for every other value, for
/// the shell island to put in place when the choice changes.
#[component]
pub fn SwitchedTemplates(
    values: &'static [&'static str],
    fields: impl Fn(String) -> AnyView + 'static,
) -> impl IntoView {
    view! {
        {values.iter().map(|value| view! { <template data-when=*value>{fields(value.to_string())}</template> }).collect_view()}
        <template data-when="">{fields(String::new())}</template>
    }
}

/// The state or province: chosen from the country's list where it has one
/// (then required), else free text.
#[component]
fn RegionField(
    name: String,
    country: String,
    saved: String,
    problem: Signal<Option<Problem>>,
) -> impl IntoView {
    let Some(&country) = address::COUNTRIES_WITH_REGIONS
        .iter()
        .find(|c| **c == country)
    else {
        return view! {
            <TextField label=tr_attr!(partner.region) name autocomplete="address-level1" value=saved problem />
        }
        .into_any();
    };
    view! {
        <SelectField label=tr!(partner.region_required) name options=OptionList::Regions(country) selected=saved problem />
    }
    .into_any()
}

/// A form's record version (SPEC §9): the version its next save names, and
/// the values someone else saved if a save was refused for that reason.
pub struct FormVersion<T: Send + Sync + 'static> {
    pub version: RwSignal<i64>,
    pub latest: RwSignal<Option<T>>,
}

/// Follows a form's saves: after one, the new version; after one refused
/// because someone else saved first, their version and values, which the
/// refusal carries (the form keeps what this user typed, so saving again
/// replaces theirs knowingly). `outcome` is the last save's result as the
/// new version.
pub fn track_version<T>(
    initial: i64,
    outcome: impl Fn() -> Option<Result<i64, AppError>> + 'static,
) -> FormVersion<T>
where
    T: FromLatest + Send + Sync + 'static,
{
    let version = RwSignal::new(initial);
    let latest = RwSignal::new(None);
    let follow = move |outcome: Option<Result<i64, AppError>>| match outcome {
        Some(Ok(saved)) => {
            version.set(saved);
            latest.set(None);
        }
        Some(Err(AppError::EditedMeanwhile(Some(now)))) => {
            if let Some(now) = T::from_latest(*now) {
                version.set(now.version);
                latest.set(Some(now.value));
            }
        }
        _ => {}
    };
    // A page rendered with a save's answer
    // (`crate::ui::action_form::ANSWER_HEADER`) follows it.
    follow(untrack(&outcome));
    FormVersion { version, latest }
}

/// A postal address as lines of the "saved meanwhile" notice, the country
/// by its name (Partner and Billing profile share the address fields).
pub fn address_values(
    i18n: leptos_i18n::I18nContext<Locale>,
    a: Address<'_>,
) -> Vec<(String, String)> {
    let language = crate::ui::i18n::from_locale(i18n.get_locale_untracked());
    let country = crate::model::country::find(a.country).map_or(a.country, |c| c.name(language));
    let region = address::region_name(a.country, a.region, language);
    [
        (t_string!(i18n, partner.address_line1), a.line1),
        (t_string!(i18n, partner.address_line2), a.line2),
        (t_string!(i18n, partner.city), a.city),
        (t_string!(i18n, partner.region), region.as_str()),
        (t_string!(i18n, partner.postal_code), a.postal_code),
        (t_string!(i18n, auth.country), country),
    ]
    .into_iter()
    .map(|(label, value)| (label.to_string(), value.to_string()))
    .collect()
}

/// After a save was refused because someone else saved first: the values
/// now saved, under the form (which keeps what this user typed).
#[component]
pub fn SavedMeanwhile(values: Vec<(String, String)>) -> impl IntoView {
    view! {
        <section class="mt-4 max-w-md rounded border border-amber-300 bg-amber-50 p-3" aria-labelledby="saved-meanwhile">
            <h2 id="saved-meanwhile" class="font-semibold">{tr!(common.saved_meanwhile)}</h2>
            <dl class="mt-2 grid grid-cols-1 gap-x-4 text-sm sm:grid-cols-[auto_1fr]">
                {values.into_iter().map(|(label, value)| view! {
                    <dt class="text-slate-600">{label}</dt>
                    <dd class="mb-1 break-words">{value}</dd>
                }).collect_view()}
            </dl>
        </section>
    }
}

/// A destructive action behind a confirmation step: a form posting to
/// `action`'s server function with `children` (its hidden fields), whose
/// button asks first. Both steps are in the page, one hidden: the shell
/// island switches them (by the `data-confirm-*` marks), and without it the
/// form still posts.
#[component]
pub fn Confirmed<S>(
    label: Signal<&'static str>,
    question: Signal<&'static str>,
    confirm: Signal<&'static str>,
    action: FormAction<S>,
    children: Children,
) -> impl IntoView
where
    S: ServerFn<Protocol = Http<PostUrl, Postcard>> + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: FromServerFnError + Send + Sync + 'static,
{
    view! {
        <div data-confirm="">
            <button type="button" class=SECONDARY data-confirm-ask="">
                {label}
            </button>
            <div data-confirm-step="" hidden>
                <p class="text-sm">{question}</p>
                <ActionForm action attr:class="mt-2 flex flex-wrap gap-2">
                    {children()}
                    <button type="submit" class="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:opacity-60" disabled=move || action.pending().get()>
                        {confirm}
                    </button>
                    <button type="button" class=SECONDARY data-confirm-cancel="">{tr!(common.cancel)}</button>
                </ActionForm>
            </div>
        </div>
    }
}
