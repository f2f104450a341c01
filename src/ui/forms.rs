//! Form pieces: the labelled field with its error, and the record version a
//! form saves against (SPEC §9) with the "saved meanwhile" notice.

use leptos::prelude::*;

use crate::i18n::*;
use crate::model::country::COUNTRIES;
use crate::model::validation::{Address, Problem};
use crate::model::{AppError, FromLatest};
use crate::ui::errors::problem_text;
use crate::ui::i18n::from_locale;

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
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    view! {
        <div class="flex flex-col gap-1">
            <label for=id.clone() class="text-sm font-medium">{label}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                required=required
                autocomplete=autocomplete
                class="rounded border border-slate-400 px-3 py-2 focus:outline-2 focus:outline-blue-700"
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=error_id.clone()
            />
            <p id=error_id class="text-sm text-red-700">
                {move || problem.get().map(|p| problem_text(i18n, p))}
            </p>
        </div>
    }
}

/// A labelled `<select>` with its error line.
#[component]
pub fn SelectField(
    label: impl IntoView + 'static,
    name: &'static str,
    options: Vec<(&'static str, Signal<String>)>,
    selected: String,
    problem: Signal<Option<Problem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{name}");
    let error_id = format!("field-{name}-error");
    view! {
        <div class="flex flex-col gap-1">
            <label for=id.clone() class="text-sm font-medium">{label}</label>
            <select id=id name=name class="rounded border border-slate-400 bg-white px-3 py-2" aria-describedby=error_id.clone()>
                {options.into_iter().map(|(value, text)| {
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

/// The postal address fields of a profile form (Partner and Billing
/// profile): its form struct is sent as `profile` and has the fields
/// `address_line1` … `country` that `Errors::address` checks.
#[component]
pub fn AddressFields(
    legend: impl IntoView + 'static,
    saved: AddressValues,
    problem: impl Fn(&'static str) -> Signal<Option<Problem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let countries = COUNTRIES
        .iter()
        .map(|c| {
            let name = Signal::derive(move || c.name(from_locale(i18n.get_locale())).to_string());
            (c.code, name)
        })
        .collect();
    view! {
        <fieldset class="flex flex-col gap-4">
            <legend class="font-semibold">{legend}</legend>
            <TextField label=tr_attr!(partner.address_line1) name="profile[address_line1]" autocomplete="address-line1" value=saved.line1 problem=problem("address_line1") />
            <TextField label=tr_attr!(partner.address_line2) name="profile[address_line2]" autocomplete="address-line2" value=saved.line2 problem=problem("address_line2") />
            <TextField label=tr_attr!(partner.city) name="profile[city]" autocomplete="address-level2" value=saved.city problem=problem("city") />
            <TextField label=tr_attr!(partner.region) name="profile[region]" autocomplete="address-level1" value=saved.region problem=problem("region") />
            <TextField label=tr_attr!(partner.postal_code) name="profile[postal_code]" autocomplete="postal-code" value=saved.postal_code problem=problem("postal_code") />
            <SelectField label=tr!(auth.country) name="profile[country]" options=countries selected=saved.country problem=problem("country") />
        </fieldset>
    }
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
    Effect::new(move |_| match outcome() {
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
    });
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
    [
        (t_string!(i18n, partner.address_line1), a.line1),
        (t_string!(i18n, partner.address_line2), a.line2),
        (t_string!(i18n, partner.city), a.city),
        (t_string!(i18n, partner.region), a.region),
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
