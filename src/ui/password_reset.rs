//! "Forgot password?" (ask for a link) and the page the emailed link opens
//! (choose a new password). Both are signed-out pages.

use crate::ui::action_form::{ActionForm, FormAction};
use leptos::prelude::*;

use crate::api::auth::{RequestPasswordReset, ResetForgottenPassword};
use crate::i18n::*;
use crate::model::{AppError, Conflict};
use crate::ui::auth::VisitorFrame;
use crate::ui::common::{use_param, Show};
use crate::ui::errors::{error_text, field_problem};
use crate::ui::forms::{TextField, BUTTON};

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = FormAction::<RequestPasswordReset>::new();
    let error = move || action.value().get().and_then(Result::err);
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <VisitorFrame>
            <h1 class="text-2xl font-semibold">{tr!(reset.forgot_title)}</h1>
            <p class="mt-2 text-slate-700">{tr!(reset.forgot_text)}</p>
            <ActionForm action attr:class="mt-6 flex flex-col gap-4">
                <TextField label=tr_attr!(auth.work_email) name="form[email]" kind="email" autocomplete="username" problem=Signal::derive(|| None) />
                <p role="alert" class="text-sm text-red-700">{move || error().map(|e| error_text(i18n, &e))}</p>
                <p role="status" class="text-sm">{move || sent().then(|| t_string!(i18n, reset.sent).to_string())}</p>
                <button type="submit" class=BUTTON disabled=move || action.pending().get()>{tr!(reset.send)}</button>
            </ActionForm>
            <p class="mt-6 text-sm"><a href="/signin" class="text-blue-700 underline">{tr!(reset.back_to_sign_in)}</a></p>
        </VisitorFrame>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_param("token");
    let action = FormAction::<ResetForgottenPassword>::new();
    let error = move || action.value().get().and_then(Result::err);
    let problem = move |field: &'static str| Signal::derive(move || field_problem(error(), field));
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    let done = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <VisitorFrame>
            <h1 class="text-2xl font-semibold">{tr!(reset.reset_title)}</h1>
            <Show
                when=done
                fallback=move || view! {
                    <ActionForm action attr:class="mt-6 flex flex-col gap-4">
                        <input type="hidden" name="token" value=move || token.get().unwrap_or_default() />
                        <TextField label=tr_attr!(profile.new_password) name="form[password]" kind="password" autocomplete="new-password" problem=problem("password") />
                        <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| match e {
                            AppError::Conflict(Conflict::LinkClosed) => t_string!(i18n, reset.link_closed).to_string(),
                            e => error_text(i18n, &e),
                        })}</p>
                        <button type="submit" class=BUTTON disabled=move || action.pending().get()>{tr!(reset.set)}</button>
                    </ActionForm>
                    <p class="mt-6 text-sm"><a href="/forgot-password" class="text-blue-700 underline">{tr!(reset.ask_again)}</a></p>
                }
            >
                <p role="status" class="mt-4">{tr!(reset.done)}</p>
                <p class="mt-4"><a href="/signin" class="text-blue-700 underline">{tr!(reset.back_to_sign_in)}</a></p>
            </Show>
        </VisitorFrame>
    }
}
