//! Developer settings: Account settings (the account's type, fixed at
//! creation, status and publisher identifiers, all read-only) and Contact info.

use crate::ui::common::load;
use crate::ui::common::loaded;
use leptos::prelude::*;

use crate::ui::action_form::{ActionForm, FormAction};

use crate::api::developer::{load_contact_info, load_developer_account, SaveContactInfo};
use crate::i18n::*;
use crate::model::contact_info::ContactInfo;
use crate::model::{AccountType, AppError, Permission, SettingsArea, Versioned};
use crate::ui::common::Loading;
use crate::ui::context::use_shell;
use crate::ui::errors::{error_text, field_problem, ErrorView};
use crate::ui::forms::{track_version, FormVersion, SavedMeanwhile, TextField};
use crate::ui::sections::AreaSections;

#[component]
pub fn AccountSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let account = load(
        move || shell.partner_id(),
        |partner_id| async move { load_developer_account(partner_id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match loaded(account).await {
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                    Ok(a) => {
                        let kind = match a.account_type {
                            AccountType::Company => t_string!(i18n, auth.company),
                            AccountType::Individual => t_string!(i18n, auth.individual),
                        };
                        let verification = crate::ui::names::verification_name(i18n, a.verification);
                        view! {
                            <p class="text-sm text-slate-600">{tr!(settings.developer)}</p>
                            <h1 class="text-2xl font-semibold">{tr!(developer.account_settings)}</h1>
                            <AreaSections area=SettingsArea::Developer />
                            <dl class="mt-4 grid max-w-xl grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                                <dt class="text-slate-600">{tr!(auth.legal_name)}</dt>
                                <dd class="mb-2 sm:mb-0">{a.legal_name}</dd>
                                <dt class="text-slate-600">{tr!(auth.account_type)}</dt>
                                <dd class="mb-2 sm:mb-0"><span>{kind}</span> <span class="block text-slate-600">{tr!(developer.type_fixed)}</span></dd>
                                <dt class="text-slate-600">{tr!(developer.account_status)}</dt>
                                <dd class="mb-2 sm:mb-0">{move || match shell.with(|d| d.account.suspended.clone()).flatten() {
                                    Some(reason) => format!("{} ({reason})", t_string!(i18n, developer.suspended)),
                                    None => t_string!(i18n, developer.active).to_string(),
                                }}</dd>
                                <dt class="text-slate-600">{tr!(developer.verification_status)}</dt>
                                <dd class="mb-2 sm:mb-0">{verification}</dd>
                                <dt class="text-slate-600">{tr!(developer.seller_id)}</dt>
                                <dd class="mb-2 font-mono sm:mb-0">{a.seller_id}</dd>
                                <dt class="text-slate-600">{tr!(developer.publisher_id)}</dt>
                                <dd class="mb-2 break-all font-mono sm:mb-0">{a.publisher_id}</dd>
                            </dl>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Developer settings → Contact info: publisher display name and seller contact.
#[component]
pub fn ContactInfoPage() -> impl IntoView {
    let shell = use_shell();
    let info = load(
        move || shell.partner_id(),
        |partner_id| async move { load_contact_info(partner_id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <p class="text-sm text-slate-600">{tr!(settings.developer)}</p>
        <h1 class="text-2xl font-semibold">{tr!(developer.contact_info)}</h1>
        <p class="mt-2 max-w-2xl text-slate-700">{tr!(developer.contact_intro)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let shell_data = loaded(shell.shell).await;
                match info.await {
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                    Ok(saved) => {
                        let may_edit = shell_data.is_ok_and(|d| d.account.may(Permission::EditLegalProfile));
                        view! { <AreaSections area=SettingsArea::Developer /> <ContactForm saved may_edit /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn ContactForm(saved: Versioned<ContactInfo>, may_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let save = FormAction::<SaveContactInfo>::new();
    let FormVersion { version, latest } = track_version(saved.version, move || save.value().get());
    let saved = saved.value;
    let error = move || save.value().get().and_then(Result::err);
    let problem = move |field: &'static str| Signal::derive(move || field_problem(error(), field));
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    let done = move || matches!(save.value().get(), Some(Ok(_)));
    let latest_values = move |c: &ContactInfo| {
        [
            (
                t_string!(i18n, developer.publisher_display_name),
                c.publisher_display_name.clone(),
            ),
            (
                t_string!(i18n, developer.contact_name),
                c.contact_name.clone(),
            ),
            (
                t_string!(i18n, developer.contact_email),
                c.contact_email.clone(),
            ),
            (
                t_string!(i18n, developer.contact_phone),
                c.contact_phone.clone(),
            ),
        ]
        .into_iter()
        .map(|(label, value)| (label.to_string(), value))
        .collect::<Vec<_>>()
    };
    view! {
        {(!may_edit).then(|| view! { <p class="mt-2 text-sm text-slate-700">{tr!(developer.read_only)}</p> })}
        <ActionForm action=save attr:class="mt-6 flex max-w-md flex-col gap-4">
            <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
            <input type="hidden" name="version" value=move || version.get() />
            <fieldset class="flex flex-col gap-4" disabled=!may_edit>
                <TextField label=tr_attr!(developer.publisher_display_name) name="info[publisher_display_name]" autocomplete="off" value=saved.publisher_display_name problem=problem("publisher_display_name") />
                <TextField label=tr_attr!(developer.contact_name) name="info[contact_name]" autocomplete="name" value=saved.contact_name problem=problem("contact_name") />
                <TextField label=tr_attr!(developer.contact_email) name="info[contact_email]" kind="email" autocomplete="email" value=saved.contact_email problem=problem("contact_email") />
                <TextField label=tr_attr!(developer.contact_phone) name="info[contact_phone]" kind="tel" autocomplete="tel" value=saved.contact_phone problem=problem("contact_phone") />
            </fieldset>
            <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
            {move || latest.get().map(|l| view! { <SavedMeanwhile values=latest_values(&l) /> })}
            <p role="status" class="text-sm">{move || done().then(|| t_string!(i18n, developer.saved).to_string())}</p>
            {may_edit.then(|| view! {
                <div>
                    <button type="submit" class="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60" disabled=move || save.pending().get()>
                        {tr!(developer.save)}
                    </button>
                </div>
            })}
        </ActionForm>
    }
    .into_any()
}
