//! Partner settings → Partner profile: the legal business profile.

use crate::ui::action_form::{ActionForm, FormAction};
use crate::ui::common::load;
use crate::ui::common::loaded;
use leptos::prelude::*;

use crate::api::agreements::load_agreements;
use crate::api::partner_profile::{load_legal_profile, SaveLegalProfile};
use crate::i18n::*;
use crate::model::partner_profile::LegalProfile;
use crate::model::{AppError, Permission, SettingsArea, VerificationStatus, Versioned};
use crate::ui::agreements::ProgramInformation;
use crate::ui::common::Loading;
use crate::ui::context::use_shell;
use crate::ui::errors::{error_text, field_problem, ErrorView};
use crate::ui::forms::{
    address_values, track_version, AddressFields, AddressValues, FormVersion, SavedMeanwhile,
    TextField,
};
use crate::ui::i18n::from_locale;
use crate::ui::names::verification_name;
use crate::ui::sections::AreaSections;

/// The legal profile form, the verification status and the program
/// information (each Partner-area enrollment with its agreement).
#[component]
pub fn PartnerProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let data = load(
        move || shell.partner_id(),
        move |partner_id| async move {
            let partner_id = partner_id.ok_or(AppError::NotFound)?;
            let profile = load_legal_profile(partner_id).await?;
            // Untracked: switching the language must not reload the form
            // (and lose what was typed); agreement names follow it anyway.
            let language = from_locale(i18n.get_locale_untracked()).code();
            let agreements =
                load_agreements(partner_id, "partner".into(), language.to_string()).await?;
            Ok::<_, AppError>((profile, agreements))
        },
    );
    view! {
        <p class="text-sm text-slate-600">{tr!(settings.partner)}</p>
        <h1 class="text-2xl font-semibold">{tr!(partner.profile)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match loaded(data).await {
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                    Ok((saved, agreements)) => view! {
                        <AreaSections area=SettingsArea::Partner />
                        <p class="mt-4 max-w-2xl text-slate-700">{tr!(partner.intro)}</p>
                        <p class="mt-2 text-sm">
                            <span class="text-slate-600">{tr!(developer.verification_status)} ": "</span>
                            <span class="font-medium">{move || shell.with(|d| verification_name(i18n, d.account.verification))}</span>
                        </p>
                        // SPEC §10: the reviewer's reason for a rejection.
                        {move || shell.with(|d| d.account.verification_reason.clone()).flatten().map(|reason| view! {
                            <p class="mt-1 max-w-2xl rounded border border-red-300 bg-red-50 p-2 text-sm">
                                <span class="font-medium">{tr!(partner.rejection_reason)} ": "</span>{reason}
                            </p>
                        })}
                        <ProfileForm saved />
                        // The account's programs, from the shell.
                        {move || {
                            let enrollments: Vec<_> = shell
                                .with(|d| {
                                    d.enrollments
                                        .iter()
                                        .filter(|e| e.program.area() == SettingsArea::Partner)
                                        .cloned()
                                        .collect()
                                })
                                .unwrap_or_default();
                            view! { <ProgramInformation enrollments agreements=agreements.clone() /> }
                        }}
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProfileForm(saved: Versioned<LegalProfile>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let save = FormAction::<SaveLegalProfile>::new();
    let FormVersion { version, latest } = track_version(saved.version, move || {
        save.value().get().map(|r| r.map(|(_, version)| version))
    });
    let saved = saved.value;
    let error = move || save.value().get().and_then(Result::err);
    let problem = move |field: &'static str| Signal::derive(move || field_problem(error(), field));
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    // Saved, and where a confirmation link went (a new or unconfirmed email).
    let saved_message = move || match save.value().get() {
        Some(Ok((None, _))) => Some(t_string!(i18n, partner.saved).to_string()),
        Some(Ok((Some(email), _))) => Some(format!(
            "{} {}",
            t_string!(i18n, partner.saved),
            t_string!(i18n, partner.link_sent, email = email)
        )),
        _ => None,
    };
    let address = AddressValues::from(saved.address());
    // Read from the shell, and shown or hidden by attributes only.
    let may_edit = move || shell.may(Permission::EditLegalProfile);
    // SPEC §7: fixed once an operator has verified the account.
    let name_locked = Signal::derive(move || {
        shell
            .with(|d| d.account.verification == VerificationStatus::Authorized)
            .unwrap_or(false)
    });
    view! {
        <p class="mt-2 text-sm text-slate-700" class:hidden=may_edit>{tr!(partner.read_only)}</p>
        <ActionForm action=save attr:class="mt-6 flex max-w-md flex-col gap-4">
            <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
            <input type="hidden" name="version" value=move || version.get() />
            <fieldset class="flex flex-col gap-4" disabled=move || !may_edit()>
                <TextField
                    label=tr_attr!(auth.legal_name)
                    name="profile[legal_name]"
                    autocomplete="organization"
                    value=saved.legal_name
                    problem=problem("legal_name")
                    readonly=name_locked
                    hint=Signal::derive(move || if name_locked.get() { t_string!(i18n, partner.legal_name_locked).to_string() } else { String::new() })
                />
                <AddressFields legend=tr!(partner.legal_address) saved=address problem />
                <fieldset class="flex flex-col gap-4">
                    <legend class="font-semibold">{tr!(partner.primary_contact)}</legend>
                    <TextField label=tr_attr!(partner.first_name) name="profile[contact_first_name]" autocomplete="given-name" value=saved.contact_first_name problem=problem("contact_first_name") />
                    <TextField label=tr_attr!(partner.last_name) name="profile[contact_last_name]" autocomplete="family-name" value=saved.contact_last_name problem=problem("contact_last_name") />
                    <TextField label=tr_attr!(partner.contact_email) name="profile[contact_email]" kind="email" autocomplete="email" value=saved.contact_email problem=problem("contact_email") />
                    <TextField label=tr_attr!(partner.contact_phone) name="profile[contact_phone]" kind="tel" autocomplete="tel" value=saved.contact_phone problem=problem("contact_phone") />
                </fieldset>
            </fieldset>
            <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
            {move || latest.get().map(|l| view! { <SavedMeanwhile values=latest_values(i18n, &l) /> })}
            <p role="status" class="text-sm">{saved_message}</p>
            <div class:hidden=move || !may_edit()>
                <button type="submit" class="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60" disabled=move || save.pending().get()>
                    {tr!(partner.save)}
                </button>
            </div>
        </ActionForm>
    }
    .into_any()
}

/// The profile's values as the "saved meanwhile" notice lists them.
fn latest_values(
    i18n: leptos_i18n::I18nContext<Locale>,
    p: &LegalProfile,
) -> Vec<(String, String)> {
    let text = |label: &str, value: &str| (label.to_string(), value.to_string());
    let mut values = vec![text(t_string!(i18n, auth.legal_name), &p.legal_name)];
    values.extend(address_values(i18n, p.address()));
    values.extend([
        text(t_string!(i18n, partner.first_name), &p.contact_first_name),
        text(t_string!(i18n, partner.last_name), &p.contact_last_name),
        text(t_string!(i18n, partner.contact_email), &p.contact_email),
        text(t_string!(i18n, partner.contact_phone), &p.contact_phone),
    ]);
    values
}
