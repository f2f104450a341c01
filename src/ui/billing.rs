//! Partner settings → Billing profile.

use crate::ui::action_form::{ActionForm, FormAction};
use crate::ui::common::load;
use crate::ui::common::loaded;
use leptos::prelude::*;

use crate::api::billing::{load_billing_profile, SaveBillingProfile};
use crate::i18n::*;
use crate::model::billing::{BillingProfile, CURRENCIES};
use crate::model::{AppError, Permission, SettingsArea, Versioned};
use crate::ui::common::Loading;
use crate::ui::context::use_shell;
use crate::ui::errors::{error_text, field_problem, ErrorView};
use crate::ui::forms::{
    address_values, track_version, AddressFields, AddressValues, FormVersion, SavedMeanwhile,
    SelectField, TextField,
};
use crate::ui::sections::AreaSections;

#[component]
pub fn BillingProfilePage() -> impl IntoView {
    let shell = use_shell();
    let profile = load(
        move || shell.partner_id(),
        |partner_id| async move { load_billing_profile(partner_id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <p class="text-sm text-slate-600">{tr!(settings.partner)}</p>
        <h1 class="text-2xl font-semibold">{tr!(billing.title)}</h1>
        <p class="mt-2 max-w-2xl text-slate-700">{tr!(billing.intro)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match loaded(profile).await {
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                    Ok(saved) => view! { <AreaSections area=SettingsArea::Partner /> <BillingForm saved /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BillingForm(saved: Versioned<BillingProfile>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let save = FormAction::<SaveBillingProfile>::new();
    let FormVersion { version, latest } = track_version(saved.version, move || save.value().get());
    let saved = saved.value;
    let address = AddressValues::from(saved.address());
    let error = move || save.value().get().and_then(Result::err);
    let problem = move |field: &'static str| Signal::derive(move || field_problem(error(), field));
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    let done = move || matches!(save.value().get(), Some(Ok(_)));
    // As on the Partner profile: read reactively, shown by attributes only.
    let may_edit = move || shell.may(Permission::ManageBilling);
    let currencies = CURRENCIES
        .iter()
        .map(|c| (*c, Signal::derive(move || c.to_string())))
        .collect::<Vec<_>>();
    view! {
        <p class="mt-2 text-sm text-slate-700" class:hidden=may_edit>{tr!(billing.read_only)}</p>
        <ActionForm action=save attr:class="mt-6 flex max-w-md flex-col gap-4">
            <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
            <input type="hidden" name="version" value=move || version.get() />
            <fieldset class="flex flex-col gap-4" disabled=move || !may_edit()>
                <AddressFields legend=tr!(billing.invoice_address) saved=address problem />
                <SelectField label=tr!(billing.currency) name="profile[currency]" options=currencies selected=saved.currency problem=problem("currency") />
                <TextField label=tr_attr!(billing.po_number) name="profile[po_number]" value=saved.po_number problem=problem("po_number") />
                <TextField label=tr_attr!(billing.tax_id) name="profile[tax_id]" value=saved.tax_id problem=problem("tax_id") />
                <fieldset class="flex flex-col gap-4">
                    <legend class="font-semibold">{tr!(billing.contact)}</legend>
                    <TextField label=tr_attr!(billing.contact_name) name="profile[contact_name]" autocomplete="name" value=saved.contact_name problem=problem("contact_name") />
                    <TextField label=tr_attr!(billing.contact_email) name="profile[contact_email]" kind="email" autocomplete="email" value=saved.contact_email problem=problem("contact_email") />
                    <TextField label=tr_attr!(partner.contact_phone) name="profile[contact_phone]" kind="tel" autocomplete="tel" value=saved.contact_phone problem=problem("contact_phone") />
                </fieldset>
            </fieldset>
            <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
            {move || latest.get().map(|l| view! { <SavedMeanwhile values=latest_values(i18n, &l) /> })}
            <p role="status" class="text-sm">{move || done().then(|| t_string!(i18n, billing.saved).to_string())}</p>
            <div class:hidden=move || !may_edit()>
                <button type="submit" class="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60" disabled=move || save.pending().get()>
                    {tr!(billing.save)}
                </button>
            </div>
        </ActionForm>
    }
    .into_any()
}

/// The profile's values as the "saved meanwhile" notice lists them.
fn latest_values(
    i18n: leptos_i18n::I18nContext<Locale>,
    p: &BillingProfile,
) -> Vec<(String, String)> {
    let text = |label: &str, value: &str| (label.to_string(), value.to_string());
    let mut values = address_values(i18n, p.address());
    values.extend([
        text(t_string!(i18n, billing.currency), &p.currency),
        text(t_string!(i18n, billing.po_number), &p.po_number),
        text(t_string!(i18n, billing.tax_id), &p.tax_id),
        text(t_string!(i18n, billing.contact_name), &p.contact_name),
        text(t_string!(i18n, billing.contact_email), &p.contact_email),
        text(t_string!(i18n, partner.contact_phone), &p.contact_phone),
    ]);
    values
}
