//! Partner settings → Organization profile.

use crate::ui::action_form::{ActionForm, FormAction};
use crate::ui::common::load;
use crate::ui::common::loaded;
use leptos::prelude::*;

use crate::api::organization::{load_organization_profile, SaveOrganizationProfile};
use crate::i18n::*;
use crate::model::organization::{OrganizationPage, OrganizationProfile};
use crate::model::{AppError, Permission, SettingsArea};
use crate::ui::common::Loading;
use crate::ui::context::use_shell;
use crate::ui::errors::{error_text, field_problem, ErrorView};
use crate::ui::forms::{
    address_values, track_version, AddressFields, AddressValues, FormVersion, SavedMeanwhile,
    TextField, BUTTON,
};
use crate::ui::sections::AreaSections;

#[component]
pub fn OrganizationProfilePage() -> impl IntoView {
    let shell = use_shell();
    let page = load(
        move || shell.partner_id(),
        |partner_id| async move {
            load_organization_profile(partner_id.ok_or(AppError::NotFound)?).await
        },
    );
    view! {
        <p class="text-sm text-slate-600">{tr!(settings.partner)}</p>
        <h1 class="text-2xl font-semibold">{tr!(organization.title)}</h1>
        <p class="mt-2 max-w-2xl text-slate-700">{tr!(organization.intro)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match loaded(page).await {
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                    Ok(page) => view! { <AreaSections area=SettingsArea::Partner /> <OrganizationForm page /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrganizationForm(page: OrganizationPage) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let save = FormAction::<SaveOrganizationProfile>::new();
    let FormVersion { version, latest } =
        track_version(page.saved.version, move || save.value().get());
    let saved = page.saved.value;
    let address = AddressValues::from(saved.address());
    let error = move || save.value().get().and_then(Result::err);
    let problem = move |field: &'static str| Signal::derive(move || field_problem(error(), field));
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    let done = move || matches!(save.value().get(), Some(Ok(_)));
    let may_edit = move || shell.may(Permission::EditLegalProfile);
    view! {
        <dl class="mt-4 grid max-w-md grid-cols-1 gap-x-4 text-sm sm:grid-cols-[auto_1fr]">
            <dt class="text-slate-600">{tr!(account.partner_id)}</dt>
            <dd class="mb-1 font-mono">{page.partner_id}</dd>
            <dt class="text-slate-600">{tr!(organization.account_id)}</dt>
            <dd class="mb-1 break-all font-mono">{page.account_id}</dd>
        </dl>
        <p class="mt-2 text-sm text-slate-700" class:hidden=may_edit>{tr!(organization.read_only)}</p>
        <ActionForm action=save attr:class="mt-6 flex max-w-md flex-col gap-4">
            <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
            <input type="hidden" name="version" value=move || version.get() />
            <fieldset class="flex flex-col gap-4" disabled=move || !may_edit()>
                <TextField label=tr_attr!(organization.name) name="profile[name]" autocomplete="organization" value=saved.name problem=problem("name") />
                <AddressFields legend=tr!(organization.address) saved=address problem />
            </fieldset>
            <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
            {move || latest.get().map(|l: OrganizationProfile| {
                let mut values = vec![(t_string!(i18n, organization.name).to_string(), l.name.clone())];
                values.extend(address_values(i18n, l.address()));
                view! { <SavedMeanwhile values /> }
            })}
            <p role="status" class="text-sm">{move || done().then(|| t_string!(i18n, organization.saved).to_string())}</p>
            <div class:hidden=move || !may_edit()>
                <button type="submit" class=BUTTON disabled=move || save.pending().get()>{tr!(organization.save)}</button>
            </div>
        </ActionForm>
    }
    .into_any()
}
