//! Partner settings → Control Panel Vendor applications: the registered
//! applications and the form to register one, for Global admins once the
//! account accepted the CPV agreement.

use crate::ui::action_form::{ActionForm, FormAction};
use crate::ui::common::load;
use crate::ui::common::loaded;
use leptos::prelude::*;

use crate::api::cpv::{load_cpv_applications, RegisterCpvApplication, UnregisterCpvApplication};
use crate::i18n::*;
use crate::model::cpv::CpvApplication;
use crate::model::dates::long_date;
use crate::model::page::Page;
use crate::model::{AppError, SettingsArea};
use crate::ui::common::Loading;
use crate::ui::context::{use_shell, WithPage};
use crate::ui::errors::{error_text, field_problem, ErrorView};
use crate::ui::forms::{TextField, BUTTON};
use crate::ui::i18n::from_locale;
use crate::ui::sections::AreaSections;

#[component]
pub fn CpvApplicationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let register = FormAction::<RegisterCpvApplication>::new();
    let unregister = FormAction::<UnregisterCpvApplication>::new();
    // The last change's outcome (a page rendered with a save's answer).
    let message = match (
        unregister.value().get_untracked(),
        register.value().get_untracked(),
    ) {
        (Some(Ok(())), _) => Some(t_string!(i18n, cpv.unregistered_message).to_string()),
        (Some(Err(error)), _) => Some(error_text(i18n, &error)),
        (None, Some(Ok(_))) => Some(t_string!(i18n, cpv.registered_message).to_string()),
        _ => None,
    };
    let list = load(
        move || shell.partner_id(),
        |partner_id| async move { load_cpv_applications(partner_id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <p class="text-sm text-slate-600">{tr!(settings.partner)}</p>
        <h1 class="text-2xl font-semibold">{tr!(cpv.title)}</h1>
        <WithPage page=Page::CpvApplications>
            <AreaSections area=SettingsArea::Partner />
            <p class="mt-4 max-w-2xl text-slate-700">{tr!(cpv.intro)}</p>
            <p role="status" class="mt-2 text-sm">{message.clone()}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match loaded(list).await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(page) if !page.agreement_accepted => view! {
                            <p class="mt-4">{tr!(cpv.agreement_needed)}</p>
                            <a class="text-blue-700 underline" href=move || shell.href(Page::Agreements(SettingsArea::Partner))>
                                {tr!(cpv.to_agreements)}
                            </a>
                        }
                        .into_any(),
                        Ok(page) => view! {
                            <ApplicationList applications=page.applications unregister />
                            <RegisterForm register />
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </WithPage>
    }
}

#[component]
fn ApplicationList(
    applications: Vec<CpvApplication>,
    unregister: FormAction<UnregisterCpvApplication>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let empty = applications.is_empty();
    view! {
        <section class="mt-6 max-w-3xl" aria-labelledby="cpv-list">
            <h2 id="cpv-list" class="text-lg font-semibold">{tr!(cpv.list)}</h2>
            {empty.then(|| view! { <p class="mt-2">{tr!(cpv.none)}</p> })}
            <ul class="mt-2 divide-y divide-slate-200 rounded border border-slate-200 bg-white" aria-labelledby="cpv-list">
                {applications.into_iter().map(|app| {
                    let title_id = format!("cpv-{}", app.id);
                    let label_id = title_id.clone();
                    let (who, at) = (app.registered_by.clone(), app.registered_at);
                    let id = app.id.clone();
                    view! {
                        <li class="flex flex-col gap-1 p-3 break-words" aria-labelledby=label_id>
                            <h3 id=title_id class="font-medium">{app.name.clone()}</h3>
                            <span class="text-sm">{tr!(cpv.application_id)} ": " <span class="font-mono">{app.application_id.clone()}</span></span>
                            <span class="text-sm">{tr!(cpv.reply_url)} ": " <span class="font-mono">{app.reply_url.clone()}</span></span>
                            <span class="text-sm text-slate-700">
                                {move || t_string!(i18n, cpv.registered, who = who.clone(), date = long_date(at, from_locale(i18n.get_locale()))).to_string()}
                            </span>
                            <ActionForm action=unregister>
                                <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
                                <input type="hidden" name="id" value=id />
                                <button
                                    type="submit"
                                    class="rounded border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-50 disabled:opacity-60"
                                    disabled=move || unregister.pending().get()
                                >
                                    {tr!(cpv.unregister)}
                                    <span class="sr-only">" " {app.name.clone()}</span>
                                </button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The registration form; what was typed stays when the server refuses it.
#[component]
fn RegisterForm(register: FormAction<RegisterCpvApplication>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let error = move || register.value().get().and_then(Result::err);
    let problem = move |field: &'static str| Signal::derive(move || field_problem(error(), field));
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    view! {
        <section class="mt-8 max-w-md" aria-labelledby="cpv-register">
            <h2 id="cpv-register" class="text-lg font-semibold">{tr!(cpv.register_title)}</h2>
            <ActionForm action=register attr:class="mt-3 flex flex-col gap-4">
                <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
                <TextField label=tr_attr!(cpv.name) name="application[name]" problem=problem("name") />
                <TextField
                    label=tr_attr!(cpv.application_id)
                    name="application[application_id]"
                    problem=problem("application_id")
                    hint=Signal::derive(move || t_string!(i18n, cpv.id_hint).to_string())
                />
                <TextField
                    label=tr_attr!(cpv.reply_url)
                    name="application[reply_url]"
                    kind="url"
                    problem=problem("reply_url")
                    hint=Signal::derive(move || t_string!(i18n, cpv.url_hint).to_string())
                />
                <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
                <div>
                    <button type="submit" class=BUTTON disabled=move || register.pending().get()>{tr!(cpv.register)}</button>
                </div>
            </ActionForm>
        </section>
    }
}
