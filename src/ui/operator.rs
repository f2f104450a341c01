//! The operator console (SPEC §10): the verification queue, the tax
//! exemption queue and the accounts, for the vendor's reviewers. Nothing
//! here is an account's page; the server answers NotFound to anyone who
//! isn't an operator.

use crate::ui::common::load;
use crate::ui::common::loaded;
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_query_map;

use crate::api::operator::{
    exemption_queue, search_accounts, verification_queue, DecideTaxExemption, DecideVerification,
    SetAccountStatus,
};
use crate::i18n::*;
use crate::model::country;
use crate::model::dates::date_time;
use crate::model::operator::{Change, Decision, OperatorAccount};
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
/// Reject. `on_decide` sends it; the result comes back in `result`.
#[component]
fn DecisionForm(
    /// Unique on the page: the reason field's id.
    id: String,
    pending: Signal<bool>,
    result: Signal<Option<Result<(), AppError>>>,
    on_decide: Callback<(Decision, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let field_id = format!("reason-{id}");
    let error_id = format!("{field_id}-error");
    let error = move || result.get().and_then(Result::err);
    let problem = move || field_problem(error(), "reason").map(|p| problem_text(i18n, p));
    let other = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    let decide = move |decision| on_decide.run((decision, reason.get_untracked()));
    view! {
        <div class="mt-2 flex flex-col gap-2">
            <label for=field_id.clone() class="text-sm font-medium">{tr!(operator.reason)}</label>
            <textarea
                id=field_id
                rows="2"
                class="rounded border border-slate-400 px-3 py-2"
                prop:value=move || reason.get()
                on:input=move |ev| reason.set(event_target_value(&ev))
                aria-invalid=move || problem().is_some().to_string()
                aria-describedby=error_id.clone()
            ></textarea>
            <p id=error_id class="text-sm text-red-700">{problem}</p>
            <p role="alert" class="text-sm text-red-700">{move || other().map(|e| error_text(i18n, &e))}</p>
            <div class="flex flex-wrap gap-2">
                <button type="button" class="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60" disabled=move || pending.get() on:click=move |_| decide(Decision::Approve)>
                    {tr!(operator.approve)}
                </button>
                <button type="button" class="rounded border border-red-700 bg-white px-4 py-2 font-medium text-red-800 hover:bg-red-50 disabled:opacity-60" disabled=move || pending.get() on:click=move |_| decide(Decision::Reject)>
                    {tr!(operator.reject)}
                </button>
            </div>
        </div>
    }
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
    let reload = RwSignal::new(0u32);
    let message = RwSignal::new(None::<String>);
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let queue = load(move || (q(), reload.get()), |(q, _)| verification_queue(q));
    let decide = ServerAction::<DecideVerification>::new();
    confirm_each(*decide, message, reload, move || {
        t_string!(i18n, operator.decided).to_string()
    });
    view! {
        <h1 class="text-2xl font-semibold">{tr!(operator.verification_title)}</h1>
        <p class="mt-2 text-slate-700">{tr!(operator.verification_intro)}</p>
        <SearchBox action=VERIFICATION_PATH.to_string() id="verification-search" label=tr_attr!(operator.search_label) query=q() />
        <p role="status" class="mt-2 text-sm">{move || message.get()}</p>
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
                                            <DecisionForm
                                                id=partner_id.to_string()
                                                pending=decide.pending().into()
                                                result=Signal::derive(move || decide.value().get().filter(|_| decide.input().get().is_none_or(|i| i.partner_id == partner_id)))
                                                on_decide=Callback::new(move |(decision, reason)| {
                                                    decide.dispatch(DecideVerification { partner_id, decision, reason });
                                                })
                                            />
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
    let reload = RwSignal::new(0u32);
    let message = RwSignal::new(None::<String>);
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let queue = load(move || (q(), reload.get()), |(q, _)| exemption_queue(q));
    let decide = ServerAction::<DecideTaxExemption>::new();
    confirm_each(*decide, message, reload, move || {
        t_string!(i18n, operator.decided).to_string()
    });
    view! {
        <h1 class="text-2xl font-semibold">{tr!(operator.exemptions_title)}</h1>
        <SearchBox action=EXEMPTIONS_PATH.to_string() id="exemption-search" label=tr_attr!(operator.search_label) query=q() />
        <p role="status" class="mt-2 text-sm">{move || message.get()}</p>
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
                                let decided_id = id.clone();
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
                                            <DecisionForm
                                                id=id.clone()
                                                pending=decide.pending().into()
                                                result=Signal::derive(move || decide.value().get().filter(|_| decide.input().get().is_none_or(|i| i.exemption_id == decided_id)))
                                                on_decide=Callback::new(move |(decision, reason)| {
                                                    decide.dispatch(DecideTaxExemption { exemption_id: id.clone(), decision, reason });
                                                })
                                            />
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
    let reload = RwSignal::new(0u32);
    let accounts = load(move || (q(), reload.get()), |(q, _)| search_accounts(q));
    let i18n = use_i18n();
    let message = RwSignal::new(None::<String>);
    let change = ServerAction::<SetAccountStatus>::new();
    confirm_each(*change, message, reload, move || {
        t_string!(i18n, operator.status_changed).to_string()
    });
    view! {
        <h1 class="text-2xl font-semibold">{tr!(operator.accounts_title)}</h1>
        <SearchBox action=ACCOUNTS_PATH.to_string() id="account-search" label=tr_attr!(operator.search_label) query=q() />
        <p role="status" class="mt-2 text-sm">{move || message.get()}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match loaded(accounts).await {
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="mt-4">{tr!(operator.no_accounts)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="mt-4 flex flex-col gap-4">
                            {list.into_iter().map(|account| view! { <AccountItem account change /> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountItem(account: OperatorAccount, change: ServerAction<SetAccountStatus>) -> impl IntoView {
    let i18n = use_i18n();
    let partner_id = account.partner_id;
    let title_id = format!("account-{partner_id}");
    let label_id = title_id.clone();
    let reason = RwSignal::new(String::new());
    let field_id = format!("suspend-reason-{partner_id}");
    let error_id = format!("{field_id}-error");
    let result = move || {
        change.value().get().filter(|_| {
            change
                .input()
                .get()
                .is_none_or(|i| i.partner_id == partner_id)
        })
    };
    let problem = move || {
        field_problem(result().and_then(Result::err), "reason").map(|p| problem_text(i18n, p))
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
                        <button
                            type="button"
                            class="mt-2 rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50 disabled:opacity-60"
                            disabled=move || change.pending().get()
                            on:click=move |_| { change.dispatch(SetAccountStatus { partner_id, suspend: false, reason: String::new() }); }
                        >
                            {tr!(operator.reactivate)}
                        </button>
                    }
                    .into_any(),
                    None => view! {
                        <p class="mt-1 text-sm">{tr!(developer.active)}</p>
                        <div class="mt-2 flex flex-col gap-2">
                            <label for=field_id.clone() class="text-sm font-medium">{tr!(operator.suspend_reason)}</label>
                            <input
                                id=field_id
                                type="text"
                                class="rounded border border-slate-400 px-3 py-2"
                                prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))
                                aria-invalid=move || problem().is_some().to_string()
                                aria-describedby=error_id.clone()
                            />
                            <p id=error_id class="text-sm text-red-700">{problem}</p>
                            <button
                                type="button"
                                class="self-start rounded border border-red-700 bg-white px-4 py-2 font-medium text-red-800 hover:bg-red-50 disabled:opacity-60"
                                disabled=move || change.pending().get()
                                on:click=move |_| {
                                    change.dispatch(SetAccountStatus { partner_id, suspend: true, reason: reason.get_untracked() });
                                }
                            >
                                {tr!(operator.suspend)}
                            </button>
                        </div>
                    }
                    .into_any(),
                }}
            </article>
        </li>
    }
}

/// The console's status line for an action on a list: cleared when a new
/// one starts (it never vouches for a change still on its way, or one that
/// failed), `done` after each success, with the list reloaded.
fn confirm_each<I: 'static>(
    action: Action<I, Result<(), AppError>>,
    message: RwSignal<Option<String>>,
    reload: RwSignal<u32>,
    done: impl Fn() -> String + 'static,
) {
    Effect::new(move |_| {
        if action.pending().get() {
            message.set(None);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            message.set(Some(done()));
            reload.update(|n| *n += 1);
        }
    });
}
