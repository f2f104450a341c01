//! My profile: name and language, password, sessions; and the forced
//! password change after signing in with a temporary password.

use crate::ui::action_form::{ActionForm, FormAction};
use crate::ui::common::loaded;
use crate::ui::common::{load, Loaded};
use leptos::prelude::*;

use crate::api::learning::{load_learning, LinkLearning, RemoveLearning};
use crate::api::my_profile::{list_sessions, ChangePassword, EndSessions, UpdateProfile};
use crate::i18n::*;
use crate::model::account::ProfileChange;
use crate::model::dates::{date_time, long_date};
use crate::model::learning::LearningStatus;
use crate::model::member::SessionRow;
use crate::model::{AppError, Language};
use crate::ui::auth::VisitorFrame;
use crate::ui::common::Loading;
use crate::ui::context::{use_shell, WithShell};
use crate::ui::errors::{error_text, field_problem, ErrorView};
use crate::ui::forms::{track_version, FormVersion, SavedMeanwhile, TextField};
use crate::ui::i18n::from_locale;

const BUTTON: &str =
    "rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60";
const SECONDARY: &str = "rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-60";

#[component]
pub fn ProfilePage() -> impl IntoView {
    let shell = use_shell();
    // Made here, outside WithShell: the server runs WithShell's children
    // once per rendering pass, and a resource made there loads once per pass.
    let learning = load(
        move || shell.partner_id(),
        |partner_id| async move { load_learning(partner_id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <h1 class="text-2xl font-semibold">{tr!(shell.my_profile)}</h1>
        <WithShell>
            <ProfileDetails />
            <LearningAccount status=learning />
        </WithShell>
        <section class="mt-8 max-w-md border-t border-slate-200 pt-4" aria-labelledby="password-title">
            <h2 id="password-title" class="text-lg font-semibold">{tr!(profile.password_title)}</h2>
            <p class="mt-1 text-sm text-slate-700">{tr!(profile.password_note)}</p>
            <PasswordForm />
        </section>
        <Sessions />
    }
}

#[component]
fn ProfileDetails() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let user = shell.with(|d| d.user.clone());
    let (name, email, language, loaded_version) = user
        .map(|u| (u.display_name, u.email, u.language, u.profile_version))
        .unwrap_or_default();
    let save = FormAction::<UpdateProfile>::new();
    let FormVersion { version, latest } =
        track_version::<ProfileChange>(loaded_version, move || save.value().get());
    let error = move || save.value().get().and_then(Result::err);
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    let saved = move || matches!(save.value().get(), Some(Ok(_)));
    view! {
        <section class="mt-4 max-w-md" aria-labelledby="details-title">
            <h2 id="details-title" class="text-lg font-semibold">{tr!(profile.details)}</h2>
            <dl class="mt-2 grid grid-cols-[auto_1fr] gap-x-4 text-sm">
                <dt class="text-slate-600">{tr!(auth.work_email)}</dt>
                <dd class="break-all">{email}</dd>
            </dl>
            <ActionForm action=save attr:class="mt-4 flex flex-col gap-4">
                // The version the next save names (SPEC §9): another tab may have saved.
                <input type="hidden" name="version" value=move || version.get() />
                <TextField label=tr_attr!(auth.your_name) name="profile[display_name]" autocomplete="name" value=name problem=Signal::derive(move || field_problem(error(), "display_name")) />
                <div class="flex flex-col gap-1">
                    <label for="field-language" class="text-sm font-medium">{tr!(shell.language)}</label>
                    <select
                        id="field-language"
                        name="profile[language]"
                        class="rounded border border-slate-400 bg-white px-3 py-2"
                    >
                        {Language::ALL.into_iter().map(|l| view! {
                            <option value=l.code() lang=l.code() selected=l == language>{l.native_name()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
                {move || latest.get().map(|now| view! {
                    <SavedMeanwhile values=vec![(t_string!(i18n, auth.your_name).to_string(), now.display_name)] />
                })}
                <p role="status" class="text-sm">{move || saved().then(|| t_string!(i18n, profile.saved).to_string())}</p>
                <div><button type="submit" class=BUTTON disabled=move || save.pending().get()>{tr!(profile.save)}</button></div>
            </ActionForm>
        </section>
    }
    .into_any()
}

/// Current and new password. `then` is where to go after a change (the
/// forced change continues to the user's home).
#[component]
fn PasswordForm(#[prop(optional)] continue_after: bool) -> impl IntoView {
    let i18n = use_i18n();
    let action = FormAction::<ChangePassword>::new();
    if continue_after {
        action.redirect_after_save(String::clone);
    }
    let error = move || action.value().get().and_then(Result::err);
    let problem = move |field: &'static str| Signal::derive(move || field_problem(error(), field));
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    let changed = move || matches!(action.value().get(), Some(Ok(_)));
    view! {
        <ActionForm action attr:class="mt-4 flex flex-col gap-4">
            <TextField label=tr_attr!(profile.current_password) name="form[current_password]" kind="password" autocomplete="current-password" problem=problem("current_password") />
            <TextField label=tr_attr!(profile.new_password) name="form[new_password]" kind="password" autocomplete="new-password" problem=problem("new_password") />
            <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
            <p role="status" class="text-sm">{move || changed().then(|| t_string!(i18n, profile.password_changed).to_string())}</p>
            <div><button type="submit" class=BUTTON disabled=move || action.pending().get()>{tr!(profile.change_password)}</button></div>
        </ActionForm>
    }
}

/// "/password": the only page open with a temporary password.
#[component]
pub fn PasswordPage() -> impl IntoView {
    view! {
        <VisitorFrame>
            <h1 class="text-2xl font-semibold">{tr!(profile.forced_title)}</h1>
            <p class="mt-2 text-slate-700">{tr!(profile.forced_text)}</p>
            <PasswordForm continue_after=true />
        </VisitorFrame>
    }
}

#[component]
fn Sessions() -> impl IntoView {
    let i18n = use_i18n();
    let end = FormAction::<EndSessions>::new();
    let sessions = load(move || end.version().get(), |_| list_sessions());
    let ended = move || matches!(end.value().get(), Some(Ok(_)));
    view! {
        <section class="mt-8 border-t border-slate-200 pt-4" aria-labelledby="sessions-title">
            <h2 id="sessions-title" class="text-lg font-semibold">{tr!(profile.sessions_title)}</h2>
            <p role="status" class="text-sm">{move || ended().then(|| t_string!(i18n, profile.sessions_ended).to_string())}</p>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match loaded(sessions).await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(list) => {
                            let others = list.iter().any(|s| !s.current);
                            view! {
                                <ul class="mt-2 divide-y divide-slate-200 rounded border border-slate-200 bg-white">
                                    {list.into_iter().map(|s| view! { <SessionItem s end /> }).collect_view()}
                                </ul>
                                {others.then(|| view! {
                                    <ActionForm action=end>
                                        <button type="submit" class=format!("mt-3 {SECONDARY}") disabled=move || end.pending().get()>
                                            {tr!(profile.sign_out_others)}
                                        </button>
                                    </ActionForm>
                                })}
                            }
                            .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SessionItem(s: SessionRow, end: FormAction<EndSessions>) -> impl IntoView {
    let i18n = use_i18n();
    let device = if s.device.is_empty() {
        t_string!(i18n, profile.unknown_device).to_string()
    } else {
        s.device.clone()
    };
    let handle = s.handle.clone();
    let label = format!(
        "{} ({})",
        t_string!(i18n, profile.sign_out_session),
        date_time(s.last_active_at, from_locale(i18n.get_locale()))
    );
    view! {
        <li class="flex flex-col gap-1 p-3 sm:flex-row sm:items-center sm:gap-4">
            <span class="min-w-0 flex-1 text-sm">
                <span class="block break-words font-medium">{device}</span>
                <span class="block text-slate-600">{move || t_string!(i18n, profile.signed_in, when = date_time(s.signed_in_at, from_locale(i18n.get_locale()))).to_string()} " · " {move || t_string!(i18n, profile.last_active, when = date_time(s.last_active_at, from_locale(i18n.get_locale()))).to_string()}</span>
            </span>
            {if s.current {
                view! { <span class="text-sm font-medium text-green-800">{tr!(profile.this_session)}</span> }.into_any()
            } else {
                view! {
                    <ActionForm action=end>
                        <input type="hidden" name="handle" value=handle.clone() />
                        <button type="submit" class=SECONDARY aria-label=label disabled=move || end.pending().get()>
                            {tr!(profile.sign_out_session)}
                        </button>
                    </ActionForm>
                }.into_any()
            }}
        </li>
    }
}

/// Learning account (SPEC §7): the person's learning ID, linked to this
/// account or not; link it here (moving it from another account) or remove
/// the access. A refused link keeps what was typed and says when the next
/// one is allowed.
#[component]
fn LearningAccount(status: Loaded<LearningStatus>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let link = FormAction::<LinkLearning>::new();
    let remove = FormAction::<RemoveLearning>::new();
    // The last change's outcome (a page rendered with a save's answer).
    let message = match (link.value().get_untracked(), remove.value().get_untracked()) {
        (Some(Ok(())), _) => Some(t_string!(i18n, learning.linked_message).to_string()),
        (_, Some(Ok(()))) => Some(t_string!(i18n, learning.removed_message).to_string()),
        (_, Some(Err(error))) => Some(error_text(i18n, &error)),
        _ => None,
    };
    let error = move || link.value().get().and_then(Result::err);
    let problem = Signal::derive(move || field_problem(error(), "learning_id"));
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    let language = move || from_locale(i18n.get_locale());
    view! {
        <section class="mt-8 max-w-md border-t border-slate-200 pt-4" aria-labelledby="learning-title">
            <h2 id="learning-title" class="text-lg font-semibold">{tr!(learning.title)}</h2>
            <p class="mt-1 text-sm text-slate-700">{tr!(learning.intro)}</p>
            <p role="status" class="mt-2 text-sm">{message}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match loaded(status).await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(s) => {
                            let id = s.learning_id.clone().unwrap_or_default();
                            match s.linked_here_since {
                                Some(since) => view! {
                                    <p class="mt-2">{move || t_string!(i18n, learning.linked_here, id = id.clone(), date = long_date(since, language())).to_string()}</p>
                                    <ActionForm action=remove>
                                        <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
                                        <button
                                            type="submit"
                                            class=format!("mt-2 {SECONDARY}")
                                            disabled=move || remove.pending().get()
                                        >
                                            {tr!(learning.remove)}
                                        </button>
                                    </ActionForm>
                                }
                                .into_any(),
                                None => {
                                    let elsewhere = s.linked_elsewhere.clone().map(|account| {
                                        let id = id.clone();
                                        view! { <p class="mt-2">{move || t_string!(i18n, learning.linked_elsewhere, id = id.clone(), account = account.clone()).to_string()}</p> }
                                    });
                                    view! {
                                        {elsewhere}
                                        <ActionForm action=link attr:class="mt-3 flex flex-col gap-4">
                                            <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
                                            <TextField label=tr_attr!(learning.learning_id) name="learning_id" value=s.learning_id.clone().unwrap_or_default() problem />
                                            <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
                                            <div>
                                                <button type="submit" class=BUTTON disabled=move || link.pending().get()>{tr!(learning.link)}</button>
                                            </div>
                                        </ActionForm>
                                    }
                                    .into_any()
                                }
                            }
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
