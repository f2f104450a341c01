//! The Agreements page of a settings area, and the "Action needed" banner
//! shown when a newer version of an accepted agreement awaits.

use crate::ui::common::load;
use crate::ui::common::loaded;
use leptos::prelude::*;

use crate::ui::action_form::{ActionForm, FormAction};

use crate::model::page::Page;

use crate::api::agreements::{load_agreements, AcceptAgreement};
use crate::i18n::*;
use crate::model::dates::long_date;
use crate::model::{AgreementStatus, AppError, Permission, SettingsArea};
use crate::ui::common::{use_param, Loading};
use crate::ui::context::use_shell;
use crate::ui::errors::{error_text, ErrorView};
use crate::ui::i18n::from_locale;
use crate::ui::names::agreement_name;
use crate::ui::names::area_name;

#[component]
pub fn AgreementsPage() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let code = use_param("area");
    let accept = FormAction::<AcceptAgreement>::new();
    let list = load(
        move || {
            (
                shell.partner_id(),
                code.get(),
                from_locale(i18n.get_locale()).code(),
            )
        },
        |(partner_id, code, language)| async move {
            let partner_id = partner_id.ok_or(AppError::NotFound)?;
            let code = code.ok_or(AppError::NotFound)?;
            let area = SettingsArea::from_code(&code).ok_or(AppError::NotFound)?;
            let list = load_agreements(partner_id, code, language.to_string()).await?;
            Ok::<_, AppError>((area, list))
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match loaded(list).await {
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                    Ok((area, items)) => {
                        let empty = items.is_empty();
                        let may_accept = shell.may(Permission::ManagePrograms);
                        view! {
                            <p class="text-sm text-slate-600">{move || area_name(i18n, area)}</p>
                            <h1 class="text-2xl font-semibold">{tr!(agreements.title)}</h1>
                            <crate::ui::sections::AreaSections area />
                            <p class="mt-2 max-w-2xl text-slate-700">{tr!(agreements.intro)}</p>
                            {(!may_accept).then(|| view! { <p class="mt-2 text-sm text-slate-700">{tr!(agreements.read_only)}</p> })}
                            <p role="status" class="mt-2 text-sm">{move || matches!(accept.value().get(), Some(Ok(()))).then(|| t_string!(i18n, agreements.accepted_message).to_string())}</p>
                            <p role="alert" class="text-sm text-red-700">{move || accept.value().get().and_then(Result::err).map(|e| error_text(i18n, &e))}</p>
                            {empty.then(|| view! { <p class="mt-4">{tr!(agreements.none)}</p> })}
                            <div class="mt-4 flex flex-col gap-3">
                                {items.into_iter().map(|s| {
                                    let may_accept = shell.may(s.agreement.permission());
                                    view! { <AgreementCard s accept may_accept /> }
                                }).collect_view()}
                            </div>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn AgreementCard(
    s: AgreementStatus,
    accept: FormAction<AcceptAgreement>,
    may_accept: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let name = agreement_name(i18n, s.agreement);
    let heading_id = format!("agreement-{}", s.agreement.code());
    let labelled_by = heading_id.clone();
    let version = s.latest_version;
    let state = match &s.accepted {
        Some(a) if !s.action_needed() => t_string!(
            i18n,
            agreements.accepted,
            version = a.version,
            date = long_date(a.accepted_at, from_locale(i18n.get_locale())),
            name = a.accepted_by.clone()
        )
        .to_string(),
        Some(a) => format!(
            "{} {}",
            t_string!(
                i18n,
                agreements.accepted,
                version = a.version,
                date = long_date(a.accepted_at, from_locale(i18n.get_locale())),
                name = a.accepted_by.clone()
            ),
            t_string!(i18n, agreements.new_version, version = version)
        ),
        None => t_string!(i18n, agreements.not_accepted).to_string(),
    };
    let published = t_string!(
        i18n,
        agreements.version,
        version = version,
        date = long_date(s.latest_published_at, from_locale(i18n.get_locale()))
    )
    .to_string();
    let code = s.agreement.code();
    let show_button = may_accept && s.action_needed();
    view! {
        <section class="rounded-lg border border-slate-200 bg-white p-4" aria-labelledby=labelled_by>
            <h2 id=heading_id class="font-semibold">{name}</h2>
            <p class="text-sm text-slate-600">{published}</p>
            <p class="mt-1 text-sm">{state}</p>
            <details class="mt-2">
                <summary class="cursor-pointer text-sm text-blue-700 underline">{tr!(agreements.read)}</summary>
                <p class="mt-2 max-w-2xl text-sm text-slate-800">{s.text}</p>
            </details>
            {show_button.then(|| view! {
                <ActionForm action=accept>
                    <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
                    <input type="hidden" name="agreement_code" value=code />
                    <input type="hidden" name="version" value=version />
                    <button
                        type="submit"
                        class="mt-3 rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
                        disabled=move || accept.pending().get()
                    >
                        {t_string!(i18n, agreements.accept, version = version).to_string()}
                    </button>
                </ActionForm>
            })}
        </section>
    }
    .into_any()
}

/// "Action needed" above every account page while a newer version of an
/// accepted agreement awaits (shown only to those who may accept).
#[component]
pub fn AgreementBanner() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    move || {
        let notices = shell.with(|d| d.notices.clone()).unwrap_or_default();
        (!notices.is_empty()).then(|| {
            view! {
                <aside class="mb-4 rounded border border-amber-300 bg-amber-50 p-3" aria-label=tr_attr!(agreements.action_needed)>
                    <p class="font-semibold">{tr!(agreements.action_needed)}</p>
                    <ul>
                        {notices.into_iter().map(|n| {
                            let text = t_string!(i18n, agreements.notice, name = agreement_name(i18n, n.agreement), version = n.version).to_string();
                            let href = shell.href(Page::Agreements(n.agreement.area()));
                            view! {
                                <li class="text-sm">
                                    {text} " "
                                    <a class="text-blue-700 underline" href=href>{tr!(agreements.review)}</a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </aside>
            }
        })
    }
}

/// "Program information": each enrolled program of the area with its status
/// and the state of the agreement it requires (SPEC §3, Partner profile).
/// Takes loaded data: it renders inside its page's one Suspense.
#[component]
pub fn ProgramInformation(
    enrollments: Vec<crate::model::Enrollment>,
    agreements: Vec<AgreementStatus>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="mt-8" aria-labelledby="program-info-title">
            <h2 id="program-info-title" class="text-lg font-semibold">{tr!(agreements.program_information)}</h2>
            <ul class="mt-2 divide-y divide-slate-200 rounded border border-slate-200 bg-white">
                {enrollments.into_iter().map(|e| {
                    let agreement = e.program.agreement().map(|a| {
                        let status = agreements.iter().find(|s| s.agreement == a);
                        let state = match status {
                            Some(s) if !s.action_needed() => t_string!(i18n, agreements.accepted_short, version = s.latest_version).to_string(),
                            Some(s) if s.accepted.is_some() => t_string!(i18n, agreements.new_version, version = s.latest_version).to_string(),
                            _ => t_string!(i18n, agreements.not_accepted).to_string(),
                        };
                        format!("{}: {}", agreement_name(i18n, a), state)
                    });
                    view! {
                        <li class="flex flex-col gap-0.5 p-3 sm:flex-row sm:gap-4">
                            <span class="font-medium sm:w-64">{crate::ui::names::program_name(i18n, e.program)}</span>
                            <span class="text-sm sm:w-32">{crate::ui::names::status_name(i18n, Some(e.status))}</span>
                            <span class="text-sm text-slate-700">{agreement}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
