//! Developer settings → Payout and tax profile. The saved numbers are shown
//! by their last four characters only (the server never sends more); to
//! change the profile, the person types the numbers again.

use crate::ui::action_form::{ActionForm, FormAction};
use crate::ui::common::load;
use crate::ui::common::loaded;
use leptos::prelude::*;

use crate::api::payout::{load_payout_profile, SavePayoutProfile};
use crate::i18n::*;
use crate::model::payout::{bank_scheme, BankScheme, PayoutView, LOCAL_BANK_COUNTRIES};
use crate::model::{AppError, Permission, SettingsArea, Versioned};
use crate::ui::common::Loading;
use crate::ui::context::use_shell;
use crate::ui::errors::{error_text, field_problem, ErrorView};
use crate::ui::forms::{
    track_version, FormVersion, SavedMeanwhile, SelectField, SwitchedTemplates, TextField, BUTTON,
};
use crate::ui::option_lists::OptionList;
use crate::ui::sections::AreaSections;

#[component]
pub fn PayoutProfilePage() -> impl IntoView {
    let shell = use_shell();
    // A page rendered with a save's answer says it was saved.
    let just_saved = matches!(
        crate::ui::action_form::answer_in_page::<SavePayoutProfile>(),
        Some(Ok(_))
    );
    let profile = load(
        move || shell.partner_id(),
        |partner_id| async move { load_payout_profile(partner_id.ok_or(AppError::NotFound)?).await },
    );
    let i18n = use_i18n();
    view! {
        <p class="text-sm text-slate-600">{tr!(settings.developer)}</p>
        <h1 class="text-2xl font-semibold">{tr!(payout.title)}</h1>
        <p class="mt-2 max-w-2xl text-slate-700">{tr!(payout.intro)}</p>
        <p role="status" class="mt-2 text-sm">{just_saved.then(|| t_string!(i18n, payout.saved).to_string())}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match loaded(profile).await {
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                    Ok(saved) => view! {
                        <AreaSections area=SettingsArea::Developer />
                        <SavedSummary view=saved.value.clone() />
                        <PayoutForm saved />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// What is saved, by the last four characters.
#[component]
fn SavedSummary(view: PayoutView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="mt-4 max-w-md rounded border border-slate-200 bg-white p-3" aria-labelledby="payout-saved">
            <h2 id="payout-saved" class="font-semibold">{tr!(payout.saved_title)}</h2>
            {if view.saved {
                let (account, tax_id) = (view.account_last4.clone(), view.tax_id_last4.clone());
                view! {
                    <p class="mt-1 text-sm">{view.account_holder.clone()}</p>
                    <p class="text-sm">{move || t_string!(i18n, payout.saved_account, last4 = account.clone()).to_string()}</p>
                    <p class="text-sm">{move || t_string!(i18n, payout.saved_tax_id, last4 = tax_id.clone()).to_string()}</p>
                }
                .into_any()
            } else {
                view! { <p class="mt-1 text-sm">{tr!(payout.none)}</p> }.into_any()
            }}
        </section>
    }
}

fn routing_hint(i18n: leptos_i18n::I18nContext<Locale>, country: &str) -> String {
    match country {
        "US" => t_string!(i18n, payout.routing_US),
        "GB" => t_string!(i18n, payout.routing_GB),
        "AU" => t_string!(i18n, payout.routing_AU),
        "CA" => t_string!(i18n, payout.routing_CA),
        "IN" => t_string!(i18n, payout.routing_IN),
        "JP" => t_string!(i18n, payout.routing_JP),
        _ => "",
    }
    .to_string()
}

#[component]
fn PayoutForm(saved: Versioned<PayoutView>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let save = FormAction::<SavePayoutProfile>::new();
    let FormVersion { version, latest } =
        track_version::<PayoutView>(saved.version, move || save.value().get());
    let saved = saved.value;
    let error = move || save.value().get().and_then(Result::err);
    let problem = move |field: &'static str| Signal::derive(move || field_problem(error(), field));
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    let may_edit = move || shell.may(Permission::ManageBilling);
    // The bank account's fields for a bank of `country`.
    let bank_fields = move |country: String| {
        match bank_scheme(&country) {
        Some(BankScheme::Local) => {
            let hint = routing_hint(i18n, &country);
            view! {
                <TextField label=tr_attr!(payout.account_number) name="payout[account_number]" autocomplete="off" problem=problem("account_number") />
                <TextField label=tr_attr!(payout.routing_code) name="payout[routing_code]" autocomplete="off" problem=problem("routing_code") hint=Signal::derive(move || hint.clone()) />
            }
            .into_any()
        }
        _ => view! {
            <TextField label=tr_attr!(payout.iban) name="payout[iban]" autocomplete="off" problem=problem("iban") />
        }
        .into_any(),
    }
    };
    view! {
        <p class="mt-2 text-sm text-slate-700" class:hidden=may_edit>{tr!(payout.read_only)}</p>
        <ActionForm action=save attr:class="mt-6 flex max-w-md flex-col gap-4">
            <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
            <input type="hidden" name="version" value=move || version.get() />
            <fieldset class="flex flex-col gap-4" disabled=move || !may_edit()>
                <TextField label=tr_attr!(payout.holder) name="payout[account_holder]" autocomplete="name" value=saved.account_holder.clone() problem=problem("account_holder") />
                <SelectField
                    label=tr!(payout.bank_country)
                    name="payout[bank_country]"
                    options=OptionList::BankCountries
                    selected=saved.bank_country.clone()
                    problem=problem("bank_country")
                    switches="bank"
                />
                <div data-switched="bank" class="flex flex-col gap-4">
                    {bank_fields(saved.bank_country.clone())}
                    // Each country's fields, for the shell island to put in
                    // place when the bank's country changes.
                    <SwitchedTemplates values=&LOCAL_BANK_COUNTRIES fields=bank_fields />
                </div>
                <SelectField label=tr!(payout.tax_residence) name="payout[tax_residence]" options=OptionList::Countries selected=saved.tax_residence.clone() problem=problem("tax_residence") />
                <TextField label=tr_attr!(payout.tax_id) name="payout[tax_id]" autocomplete="off" problem=problem("tax_id") />
            </fieldset>
            <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
            {move || latest.get().map(|l: PayoutView| {
                let values = vec![
                    (t_string!(i18n, payout.holder).to_string(), l.account_holder.clone()),
                    (t_string!(i18n, payout.account_number).to_string(), format!("•••• {}", l.account_last4)),
                    (t_string!(i18n, payout.tax_id).to_string(), format!("•••• {}", l.tax_id_last4)),
                ];
                view! { <SavedMeanwhile values /> }
            })}
            <div class:hidden=move || !may_edit()>
                <button type="submit" class=BUTTON disabled=move || save.pending().get()>{tr!(payout.save)}</button>
            </div>
        </ActionForm>
    }
    .into_any()
}
