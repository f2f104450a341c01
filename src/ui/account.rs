//! The account home and "Create another account".

use crate::ui::action_form::{ActionForm, FormAction};
use crate::ui::common::loaded;
use leptos::prelude::*;

use crate::model::page::Page;

use crate::api::auth::CreateAccount;
use crate::i18n::*;
use crate::model::{AccountType, AppError};
use crate::ui::auth::AccountFields;
use crate::ui::common::Loading;
use crate::ui::context::use_shell;
use crate::ui::errors::{error_text, field_problem, ErrorView};
use crate::ui::names::{program_name, status_name};

#[component]
pub fn AccountHome() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match loaded(shell.shell).await {
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                    Ok(data) => {
                        let account = data.account;
                        let kind = match account.account_type {
                            AccountType::Company => t_string!(i18n, auth.company).to_string(),
                            AccountType::Individual => t_string!(i18n, auth.individual).to_string(),
                        };
                        let enrollments = data.enrollments;
                        let none = enrollments.is_empty();
                        // SPEC §5: a Default user sees only their own profile.
                        let sees_account = account.can(crate::model::Permission::ViewAccount);
                        view! {
                            <h1 class="text-2xl font-semibold">{account.legal_name.clone()}</h1>
                            <dl class="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                                <dt class="text-slate-600">{tr!(account.partner_id)}</dt>
                                <dd>{account.partner_id}</dd>
                                <dt class="text-slate-600">{tr!(auth.account_type)}</dt>
                                <dd>{kind}</dd>
                            </dl>
                            {(!sees_account).then(|| view! {
                                <p class="mt-6 max-w-2xl">
                                    {tr!(shell.own_profile_only)} " "
                                    <a class="text-blue-700 underline" href=shell.href(Page::MyProfile)>{tr!(shell.open_my_profile)}</a>
                                </p>
                            })}
                            <h2 class="mt-8 text-lg font-semibold" class:hidden=!sees_account>{tr!(shell.your_programs)}</h2>
                            {(none && sees_account).then(|| view! {
                                <p class="mt-2">
                                    {tr!(shell.settings_empty)} " "
                                    <a class="text-blue-700 underline" href=shell.href(Page::Programs)>{tr!(shell.see_programs)}</a>
                                </p>
                            })}
                            <ul class="mt-2 flex flex-col gap-1">
                                {enrollments.into_iter().map(|e| view! {
                                    <li>
                                        <a class="text-blue-700 underline" href=shell.href(Page::Program(e.program))>
                                            {program_name(i18n, e.program)}
                                        </a>
                                        " · " {status_name(i18n, Some(e.status))}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn NewAccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = FormAction::<CreateAccount>::new();
    action.redirect_after_save(String::clone);
    let error = move || action.value().get().and_then(Result::err);
    let problem = move |field: &'static str| Signal::derive(move || field_problem(error(), field));
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    view! {
        <div class="max-w-md">
            <h1 class="text-2xl font-semibold">{tr!(account.new_title)}</h1>
            <p class="mt-2 text-slate-700">{tr!(account.new_text)}</p>
            <ActionForm action attr:class="mt-6 flex flex-col gap-4">
                <AccountFields prefix="account" problem />
                <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
                <button type="submit" class="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60" disabled=move || action.pending().get()>
                    {tr!(auth.create_account)}
                </button>
            </ActionForm>
        </div>
    }
}

/// "/new-account": for a signed-in user who belongs to no account (any more).
#[component]
pub fn FirstAccountPage() -> impl IntoView {
    view! {
        <crate::ui::auth::VisitorFrame>
            <NewAccountPage />
        </crate::ui::auth::VisitorFrame>
    }
}
