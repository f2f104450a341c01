//! Partner settings → Support profile.

use crate::ui::action_form::{ActionForm, FormAction};
use crate::ui::common::load;
use crate::ui::common::loaded;
use leptos::prelude::*;

use crate::api::support::{load_support_profile, SaveSupportProfile};
use crate::i18n::*;
use crate::model::support::SupportProfile;
use crate::model::{AppError, Permission, SettingsArea, Versioned};
use crate::ui::common::Loading;
use crate::ui::context::use_shell;
use crate::ui::errors::{error_text, field_problem, ErrorView};
use crate::ui::forms::{track_version, FormVersion, SavedMeanwhile, TextField, BUTTON};
use crate::ui::sections::AreaSections;

#[component]
pub fn SupportProfilePage() -> impl IntoView {
    let shell = use_shell();
    let profile = load(
        move || shell.partner_id(),
        |partner_id| async move { load_support_profile(partner_id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <p class="text-sm text-slate-600">{tr!(settings.partner)}</p>
        <h1 class="text-2xl font-semibold">{tr!(support.title)}</h1>
        <p class="mt-2 max-w-2xl text-slate-700">{tr!(support.intro)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match loaded(profile).await {
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                    Ok(saved) => view! { <AreaSections area=SettingsArea::Partner /> <SupportForm saved /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SupportForm(saved: Versioned<SupportProfile>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let save = FormAction::<SaveSupportProfile>::new();
    let FormVersion { version, latest } = track_version(saved.version, move || save.value().get());
    let saved = saved.value;
    let error = move || save.value().get().and_then(Result::err);
    let problem = move |field: &'static str| Signal::derive(move || field_problem(error(), field));
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    let done = move || matches!(save.value().get(), Some(Ok(_)));
    let may_edit = move || shell.may(Permission::ManageBusinessProfile);
    view! {
        <p class="mt-2 text-sm text-slate-700" class:hidden=may_edit>{tr!(support.read_only)}</p>
        // The server checks the addresses and says why next to the field.
        <ActionForm action=save attr:class="mt-6 flex max-w-md flex-col gap-4" attr:novalidate=true>
            <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
            <input type="hidden" name="version" value=move || version.get() />
            <fieldset class="flex flex-col gap-4" disabled=move || !may_edit()>
                <TextField label=tr_attr!(support.email) name="profile[email]" kind="email" autocomplete="email" value=saved.email problem=problem("email") />
                <TextField label=tr_attr!(support.phone) name="profile[phone]" kind="tel" autocomplete="tel" value=saved.phone problem=problem("phone") />
                <TextField label=tr_attr!(support.website) name="profile[website]" kind="url" autocomplete="url" value=saved.website problem=problem("website") />
            </fieldset>
            <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
            {move || latest.get().map(|l: SupportProfile| {
                let values = vec![
                    (t_string!(i18n, support.email).to_string(), l.email),
                    (t_string!(i18n, support.phone).to_string(), l.phone),
                    (t_string!(i18n, support.website).to_string(), l.website),
                ];
                view! { <SavedMeanwhile values /> }
            })}
            <p role="status" class="text-sm">{move || done().then(|| t_string!(i18n, support.saved).to_string())}</p>
            <div class:hidden=move || !may_edit()>
                <button type="submit" class=BUTTON disabled=move || save.pending().get()>{tr!(support.save)}</button>
            </div>
        </ActionForm>
    }
    .into_any()
}
