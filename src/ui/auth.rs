//! Signing in and up (SPEC §8).

use crate::ui::action_form::{ActionForm, FormAction};
use leptos::prelude::*;

use crate::api::auth::{SignIn, SignUp, SignedIn};
use crate::i18n::*;
use crate::model::AppError;
use crate::ui::errors::{error_text, field_problem, problem_text};
use crate::ui::forms::TextField;
use crate::ui::i18n::from_locale;
use crate::ui::option_lists::OptionList;
use crate::ui::shell::LanguageSwitch;

/// The frame of the signed-out pages: product name and language switch.
#[component]
pub fn VisitorFrame(
    children: Children,
    /// For listings (the partner directory) rather than a single form.
    #[prop(optional)]
    wide: bool,
) -> impl IntoView {
    view! {
        <header class="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-200 bg-white px-4 py-2">
            <a href="/" class="font-semibold text-blue-900">{tr!(app.name)}</a>
            <a href="/partners" class="text-blue-700 underline">{tr!(directory.title)}</a>
            <div class="ml-auto"><LanguageSwitch /></div>
        </header>
        <main
            id="main"
            class=if wide { "mx-auto w-full max-w-5xl p-4 md:p-8" } else { "mx-auto w-full max-w-md p-4 md:p-8" }
        >
            {children()}
        </main>
    }
}

/// After signing in or up: open the user's home.
fn on_signed_in(
    action: FormAction<
        impl leptos::server_fn::ServerFn<Output = SignedIn, Error = AppError> + 'static,
    >,
) {
    action.redirect_after_save(|signed_in| signed_in.home.clone());
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = FormAction::<SignIn>::new();
    on_signed_in(action);
    let error = move || action.value().get().and_then(Result::err);
    view! {
        <VisitorFrame>
            <h1 class="text-2xl font-semibold">{tr!(auth.sign_in_title)}</h1>
            <ActionForm action attr:class="mt-6 flex flex-col gap-4">
                <TextField label=tr_attr!(auth.work_email) name="form[email]" kind="email" autocomplete="username" problem=Signal::derive(|| None) />
                <TextField label=tr_attr!(auth.password) name="form[password]" kind="password" autocomplete="current-password" problem=Signal::derive(|| None) />
                <p role="alert" class="text-sm text-red-700">{move || error().map(|e| error_text(i18n, &e))}</p>
                <button type="submit" class="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60" disabled=move || action.pending().get()>
                    {tr!(auth.sign_in)}
                </button>
            </ActionForm>
            <p class="mt-6 text-sm">
                <a href="/forgot-password" class="text-blue-700 underline">{tr!(reset.forgot_link)}</a>
            </p>
            <p class="mt-2 text-sm">
                {tr!(auth.no_account)} " "
                <a href="/signup" class="text-blue-700 underline">{tr!(auth.create_one)}</a>
            </p>
        </VisitorFrame>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = FormAction::<SignUp>::new();
    on_signed_in(action);
    let error = move || action.value().get().and_then(Result::err);
    let problem = move |field: &'static str| Signal::derive(move || field_problem(error(), field));
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    view! {
        <VisitorFrame>
            <h1 class="text-2xl font-semibold">{tr!(auth.sign_up_title)}</h1>
            <ActionForm action attr:class="mt-6 flex flex-col gap-4">
                <input type="hidden" name="language" value=move || from_locale(i18n.get_locale()).code() />
                <TextField label=tr_attr!(auth.work_email) name="form[email]" kind="email" autocomplete="username" problem=problem("email") />
                <TextField label=tr_attr!(auth.password) name="form[password]" kind="password" autocomplete="new-password" problem=problem("password") />
                <TextField label=tr_attr!(auth.your_name) name="form[display_name]" autocomplete="name" problem=problem("display_name") />
                <AccountFields prefix="form[account]" problem />
                <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
                <button type="submit" class="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60" disabled=move || action.pending().get()>
                    {tr!(auth.create_account)}
                </button>
            </ActionForm>
            <p class="mt-6 text-sm">
                {tr!(auth.have_account)} " "
                <a href="/signin" class="text-blue-700 underline">{tr!(auth.sign_in)}</a>
            </p>
        </VisitorFrame>
    }
}

/// The business information of a new account: legal name, country, type.
#[component]
pub fn AccountFields(
    /// The form struct's field these inputs fill (`NewAccount`).
    prefix: &'static str,
    problem: impl Fn(&'static str) -> Signal<Option<crate::model::validation::Problem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let country_problem = problem("country");
    let type_problem = problem("account_type");
    view! {
        <TextField label=tr_attr!(auth.legal_name) name=format!("{prefix}[legal_name]") autocomplete="organization" problem=problem("legal_name") />
        <div class="flex flex-col gap-1">
            <label for="field-country" class="text-sm font-medium">{tr!(auth.country)}</label>
            <select
                id="field-country"
                name=format!("{prefix}[country]")
                class="rounded border border-slate-400 bg-white px-3 py-2"
                aria-describedby="field-country-error"
                aria-invalid=move || country_problem.get().is_some().to_string()
            >
                {leptos::tachys::html::InertElement::new(OptionList::CountriesToChoose.html(i18n.get_locale_untracked(), ""))}
            </select>
            <p id="field-country-error" class="text-sm text-red-700">{move || country_problem.get().map(|p| problem_text(i18n, p))}</p>
        </div>
        <fieldset class="flex flex-col gap-1" aria-describedby="field-account_type-error">
            <legend class="text-sm font-medium">{tr!(auth.account_type)}</legend>
            <label class="flex items-center gap-2">
                <input type="radio" name=format!("{prefix}[account_type]") value="company" checked />
                {tr!(auth.company)}
            </label>
            <label class="flex items-center gap-2">
                <input type="radio" name=format!("{prefix}[account_type]") value="individual" />
                {tr!(auth.individual)}
            </label>
            <p id="field-account_type-error" class="text-sm text-red-700">{move || type_problem.get().map(|p| problem_text(i18n, p))}</p>
        </fieldset>
    }
}

/// "Sign out", as a plain form: no code of its own in the browser. The
/// server answers with the sign-in page, loaded in full, so nothing of the
/// signed-in state stays in memory (the account menu, the operator console).
#[component]
pub fn SignOutButton(
    class: &'static str,
    /// An item of the account menu (role `menuitem`).
    #[prop(optional)]
    menuitem: bool,
) -> impl IntoView {
    use leptos::server_fn::ServerFn;
    let action = crate::api::auth::SignOut::PATH;
    view! {
        <form method="post" action=action role=menuitem.then_some("none")>
            <input type="hidden" name="leave" value="true" />
            <button type="submit" class=class role=menuitem.then_some("menuitem")>
                {tr!(shell.sign_out)}
            </button>
        </form>
    }
}
