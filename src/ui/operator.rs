//! The operator console (SPEC §10): the verification queue, the tax
//! exemption queue and the accounts, for the vendor's reviewers. Nothing
//! here is an account's page; the server answers NotFound to anyone who
//! isn't an operator.

use crate::ui::common::load;
use crate::ui::common::loaded;
use leptos::prelude::*;
use leptos::server_fn::codec::{PostUrl, Postcard};
use leptos::server_fn::{Http, ServerFn};
use leptos_router::components::Outlet;
use leptos_router::hooks::use_query_map;

use crate::ui::action_form::{answer_in_page, ActionForm, FormAction};

use crate::api::operator::{
    exemption_queue, search_accounts, verification_queue, DecideTaxExemption, DecideVerification,
    SetAccountStatus,
};
use crate::i18n::*;
use crate::model::country;
use crate::model::dates::date_time;
use crate::model::operator::{Change, OperatorAccount};
use crate::model::tax_exemption::certificate_href;
use crate::model::AppError;
use crate::ui::common::{Loading, SearchBox};
use crate::ui::errors::{error_text, field_problem, problem_text, ErrorView};
use crate::ui::i18n::from_locale;
use crate::ui::names::verification_name;
use crate::ui::shell::LanguageSwitch;
use crate::ui::tax_exemptions::{exemption_type_name, file_size, validity};

pub const VERIFICATION_PATH: &str = "/operator";
pub const EXEMPTIONS_PATH: &str = "/operator/tax-exemptions";
pub const ACCOUNTS_PATH: &str = "/operator/accounts";
pub const PRICES_PATH: &str = "/operator/prices";

/// The console's frame: its own header and navigation (operators have no
/// account, so none of the account shell).
#[component]
pub fn OperatorLayout() -> impl IntoView {
    let pathname = crate::ui::common::use_path();
    let link = move |href: &'static str, label: Signal<String>| {
        // `try_get`: see `ShellContext` (a request abandoned mid-render).
        let current = move || {
            pathname
                .try_with(|here| crate::ui::common::is_current(here, href, true))?
                .then_some("page")
        };
        view! {
            <li>
                <a
                    class="inline-block rounded px-3 py-2 hover:bg-slate-100 aria-[current=page]:bg-blue-50 aria-[current=page]:font-semibold"
                    href=href
                    aria-current=current
                >
                    {label}
                </a>
            </li>
        }
    };
    let i18n = use_i18n();
    view! {
        <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:z-50 focus:bg-white focus:p-2">
            {tr!(shell.skip_to_content)}
        </a>
        <header class="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 bg-white px-4 py-2">
            <span class="font-semibold text-blue-900">{tr!(operator.console)}</span>
            <nav aria-label=tr_attr!(operator.navigation)>
                <ul class="flex flex-wrap gap-1">
                    {link(VERIFICATION_PATH, Signal::derive(move || t_string!(i18n, operator.verification).to_string()))}
                    {link(EXEMPTIONS_PATH, Signal::derive(move || t_string!(i18n, operator.exemptions).to_string()))}
                    {link(ACCOUNTS_PATH, Signal::derive(move || t_string!(i18n, operator.accounts).to_string()))}
                    {link(PRICES_PATH, Signal::derive(move || t_string!(i18n, operator.prices).to_string()))}
                </ul>
            </nav>
            <div class="ml-auto flex items-center gap-2">
                <LanguageSwitch />
                <crate::ui::auth::SignOutButton class="rounded border border-slate-300 px-3 py-1 hover:bg-slate-50" />
            </div>
        </header>
        <main id="main" class="mx-auto w-full max-w-4xl p-4 md:p-8">
            <Outlet />
        </main>
    }
}

/// A decision's form: an optional reason (required to reject), Approve and
/// Reject, posted to `action`'s server function with `children` (the hidden
/// field naming the item; the action is the item's own,
/// `FormAction::for_form`). The page's status line says when it is done
/// (`answered_message`).
#[component]
fn DecisionForm<S>(
    /// Unique on the page: the reason field's id.
    id: String,
    action: FormAction<S>,
    children: Children,
) -> impl IntoView
where
    S: ServerFn<Protocol = Http<PostUrl, Postcard>, Output = (), Error = AppError> + 'static,
{
    let i18n = use_i18n();
    let field_id = format!("reason-{id}");
    let error_id = format!("{field_id}-error");
    let error = move || action.value().get().and_then(Result::err);
    let problem = move || field_problem(error(), "reason").map(|p| problem_text(i18n, p));
    let other = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    let pending = move || action.pending().get();
    view! {
        <ActionForm action attr:class="mt-2 flex flex-col gap-2">
            {children()}
            <label for=field_id.clone() class="text-sm font-medium">{tr!(operator.reason)}</label>
            <textarea
                id=field_id
                name="reason"
                rows="2"
                class="rounded border border-slate-400 px-3 py-2"
                aria-invalid=move || problem().is_some().to_string()
                aria-describedby=error_id.clone()
            ></textarea>
            <p id=error_id class="text-sm text-red-700">{problem}</p>
            <p role="alert" class="text-sm text-red-700">{move || other().map(|e| error_text(i18n, &e))}</p>
            <div class="flex flex-wrap gap-2">
                <button type="submit" name="decision" value="approve" class="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60" disabled=pending>
                    {tr!(operator.approve)}
                </button>
                <button type="submit" name="decision" value="reject" class="rounded border border-red-700 bg-white px-4 py-2 font-medium text-red-800 hover:bg-red-50 disabled:opacity-60" disabled=pending>
                    {tr!(operator.reject)}
                </button>
            </div>
        </ActionForm>
    }
}

/// The page's status line after an item's decision: a page rendered with
/// its answer.
fn answered_message<S>(done: impl FnOnce() -> String) -> Option<String>
where
    S: ServerFn<Output = (), Error = AppError>,
{
    matches!(answer_in_page::<S>(), Some(Ok(()))).then(done)
}

fn change_name(i18n: leptos_i18n::I18nContext<Locale>, action: &str) -> String {
    match action {
        "account.legal_profile_updated" => t_string!(i18n, operator.change_legal_profile),
        "account.contact_info_updated" => t_string!(i18n, operator.change_contact_info),
        _ => t_string!(i18n, operator.change_headquarters),
    }
    .to_string()
}

/// The verification queue: oldest first, with what changed.
#[component]
pub fn VerificationQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let message =
        answered_message::<DecideVerification>(|| t_string!(i18n, operator.decided).to_string());
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let queue = load(q, verification_queue);
    view! {
        <h1 class="text-2xl font-semibold">{tr!(operator.verification_title)}</h1>
        <p class="mt-2 text-slate-700">{tr!(operator.verification_intro)}</p>
        <SearchBox action=VERIFICATION_PATH.to_string() id="verification-search" label=tr_attr!(operator.search_label) query=q() />
        <p role="status" class="mt-2 text-sm">{message}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match loaded(queue).await {
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="mt-4">{tr!(operator.queue_empty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="mt-4 flex flex-col gap-4">
                            {list.into_iter().map(|request| {
                                let partner_id = request.partner_id;
                                let language = move || from_locale(i18n.get_locale());
                                let at = request.requested_at;
                                let decide = FormAction::<DecideVerification>::for_form("partner_id", partner_id.to_string());
                                let title_id = format!("verification-{partner_id}");
                                let label_id = title_id.clone();
                                let country_code = request.country.clone();
                                view! {
                                    <li class="rounded border border-slate-200 bg-white p-4">
                                        <article aria-labelledby=label_id>
                                            <h2 id=title_id class="font-semibold">{request.legal_name.clone()}</h2>
                                            <p class="text-sm text-slate-700">
                                                {move || t_string!(i18n, operator.partner_id, id = partner_id).to_string()} " · "
                                                {move || country::find(&country_code).map_or(String::new(), |c| c.name(language()).to_string())} " · "
                                                {move || t_string!(i18n, operator.waiting_since, at = date_time(at, language())).to_string()}
                                            </p>
                                            <Changes changes=request.changes />
                                            <DecisionForm id=partner_id.to_string() action=decide>
                                                <input type="hidden" name="partner_id" value=partner_id />
                                            </DecisionForm>
                                        </article>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Changes(changes: Vec<Change>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h3 class="mt-2 text-sm font-semibold">{tr!(operator.changes)}</h3>
        <ul class="text-sm">
            {changes.into_iter().map(|c| {
                let at = c.at;
                let action = c.action.clone();
                view! {
                    <li class="break-words">
                        {move || change_name(i18n, &action)} " (" {move || date_time(at, from_locale(i18n.get_locale()))} "): "
                        <span class="text-slate-600">{c.old_value.unwrap_or_else(|| "—".into())}</span>
                        " → "
                        <span class="font-medium">{c.new_value.unwrap_or_else(|| "—".into())}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The tax exemption queue: oldest first, each with its certificate.
#[component]
pub fn ExemptionQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let message =
        answered_message::<DecideTaxExemption>(|| t_string!(i18n, operator.decided).to_string());
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let queue = load(q, exemption_queue);
    view! {
        <h1 class="text-2xl font-semibold">{tr!(operator.exemptions_title)}</h1>
        <SearchBox action=EXEMPTIONS_PATH.to_string() id="exemption-search" label=tr_attr!(operator.search_label) query=q() />
        <p role="status" class="mt-2 text-sm">{message}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match loaded(queue).await {
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="mt-4">{tr!(operator.queue_empty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="mt-4 flex flex-col gap-4">
                            {list.into_iter().map(|request| {
                                let e = request.exemption;
                                let id = e.id.clone();
                                let language = move || from_locale(i18n.get_locale());
                                let title_id = format!("exemption-{id}");
                                let label_id = title_id.clone();
                                let kind = e.exemption_type.clone();
                                let country_code = e.country.clone();
                                let (from, until) = (e.valid_from.clone(), e.valid_until.clone());
                                let at = e.submitted_at;
                                let size = e.file_size;
                                let (file_name, download_name) = (e.file_name.clone(), e.file_name.clone());
                                let href = certificate_href(request.partner_id, &id);
                                let partner_id = request.partner_id;
                                let decide = FormAction::<DecideTaxExemption>::for_form("exemption_id", id.clone());
                                view! {
                                    <li class="rounded border border-slate-200 bg-white p-4">
                                        <article aria-labelledby=label_id>
                                            <h2 id=title_id class="font-semibold">{request.legal_name.clone()}</h2>
                                            <p class="text-sm text-slate-700">
                                                {move || t_string!(i18n, operator.partner_id, id = partner_id).to_string()} " · "
                                                {move || t_string!(i18n, operator.submitted_at, at = date_time(at, language())).to_string()}
                                            </p>
                                            <p class="text-sm">
                                                {move || exemption_type_name(i18n, &kind)} " · "
                                                {move || country::find(&country_code).map_or(String::new(), |c| c.name(language()).to_string())} " · "
                                                <span class="font-mono">{e.certificate_number.clone()}</span>
                                            </p>
                                            <p class="text-sm text-slate-700">{move || validity(language(), &from, &until)}</p>
                                            <a class="text-sm text-blue-700 underline" href=href download=download_name>
                                                {move || t_string!(i18n, exemptions.download, name = file_name.clone(), size = file_size(language(), size)).to_string()}
                                            </a>
                                            <DecisionForm id=id.clone() action=decide>
                                                <input type="hidden" name="exemption_id" value=id.clone() />
                                            </DecisionForm>
                                        </article>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// Accounts: search by name or Partner ID; suspend with a reason, or
/// reactivate.
#[component]
pub fn OperatorAccountsPage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let accounts = load(q, search_accounts);
    let i18n = use_i18n();
    let message = answered_message::<SetAccountStatus>(|| {
        t_string!(i18n, operator.status_changed).to_string()
    });
    view! {
        <h1 class="text-2xl font-semibold">{tr!(operator.accounts_title)}</h1>
        <SearchBox action=ACCOUNTS_PATH.to_string() id="account-search" label=tr_attr!(operator.search_label) query=q() />
        <p role="status" class="mt-2 text-sm">{message}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match loaded(accounts).await {
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="mt-4">{tr!(operator.no_accounts)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="mt-4 flex flex-col gap-4">
                            {list.into_iter().map(|account| view! { <AccountItem account /> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountItem(account: OperatorAccount) -> impl IntoView {
    let i18n = use_i18n();
    let partner_id = account.partner_id;
    let change = FormAction::<SetAccountStatus>::for_form("partner_id", partner_id.to_string());
    let title_id = format!("account-{partner_id}");
    let label_id = title_id.clone();
    let field_id = format!("suspend-reason-{partner_id}");
    let error_id = format!("{field_id}-error");
    let problem = move || {
        field_problem(change.value().get().and_then(Result::err), "reason")
            .map(|p| problem_text(i18n, p))
    };
    let verification = account.verification;
    let country_code = account.country.clone();
    view! {
        <li class="rounded border border-slate-200 bg-white p-4">
            <article aria-labelledby=label_id>
                <h2 id=title_id class="font-semibold">{account.legal_name.clone()}</h2>
                <p class="text-sm text-slate-700">
                    {move || t_string!(i18n, operator.partner_id, id = partner_id).to_string()} " · "
                    {move || country::find(&country_code).map_or(String::new(), |c| c.name(from_locale(i18n.get_locale())).to_string())} " · "
                    {tr!(developer.verification_status)} ": " {move || verification_name(i18n, verification)}
                </p>
                <a class="text-sm text-blue-700 underline" href=format!("{ACCOUNTS_PATH}/{partner_id}/activity")>{tr!(activity.link)}</a>
                {match account.suspended {
                    Some(why) => view! {
                        <p class="mt-1 text-sm"><span class="font-semibold">{tr!(developer.suspended)}</span> ": " {why}</p>
                        <ActionForm action=change>
                            <input type="hidden" name="partner_id" value=partner_id />
                            <input type="hidden" name="suspend" value="false" />
                            <button
                                type="submit"
                                class="mt-2 rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50 disabled:opacity-60"
                                disabled=move || change.pending().get()
                            >
                                {tr!(operator.reactivate)}
                            </button>
                        </ActionForm>
                    }
                    .into_any(),
                    None => view! {
                        <p class="mt-1 text-sm">{tr!(developer.active)}</p>
                        <ActionForm action=change attr:class="mt-2 flex flex-col gap-2">
                            <input type="hidden" name="partner_id" value=partner_id />
                            <input type="hidden" name="suspend" value="true" />
                            <label for=field_id.clone() class="text-sm font-medium">{tr!(operator.suspend_reason)}</label>
                            <input
                                id=field_id
                                name="reason"
                                type="text"
                                class="rounded border border-slate-400 px-3 py-2"
                                aria-invalid=move || problem().is_some().to_string()
                                aria-describedby=error_id.clone()
                            />
                            <p id=error_id class="text-sm text-red-700">{problem}</p>
                            <button
                                type="submit"
                                class="self-start rounded border border-red-700 bg-white px-4 py-2 font-medium text-red-800 hover:bg-red-50 disabled:opacity-60"
                                disabled=move || change.pending().get()
                            >
                                {tr!(operator.suspend)}
                            </button>
                        </ActionForm>
                    }
                    .into_any(),
                }}
            </article>
        </li>
    }
}
