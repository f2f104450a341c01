//! "Add user": name, work email, roles; then the temporary password, once.

use crate::ui::action_form::{ActionForm, FormAction};
use crate::ui::common::Show;
use leptos::prelude::*;

use crate::model::page::Page;

use super::role_picker::RolePicker;
use super::BUTTON;
use crate::api::users::AddUser;
use crate::i18n::*;
use crate::model::member::TemporaryPassword;
use crate::model::AppError;
use crate::ui::context::{use_shell, WithPage};
use crate::ui::errors::{error_text, field_problem};
use crate::ui::forms::TextField;

#[component]
pub fn AddUserPage() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let action = FormAction::<AddUser>::new();
    let error = move || action.value().get().and_then(Result::err);
    let problem = move |field: &'static str| Signal::derive(move || field_problem(error(), field));
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    let created = move || action.value().get().and_then(Result::ok);
    view! {
        <div class="max-w-2xl">
            <p><a class="text-sm text-blue-700 underline" href=move || shell.href(Page::Users)>{tr!(users.back)}</a></p>
            <h1 class="mt-2 text-2xl font-semibold">{tr!(users.add_title)}</h1>
            <p class="mt-2 text-slate-700">{tr!(users.add_text)}</p>
            <WithPage page=Page::AddUser>
                <Show
                    when=move || created().is_none()
                    fallback=move || created().map(|temp| view! { <TemporaryPasswordNotice temp /> })
                >
                    <ActionForm action attr:class="mt-6 flex flex-col gap-4">
                        <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
                        <TextField label=tr_attr!(users.name) name="user[display_name]" autocomplete="off" problem=problem("display_name") />
                        <TextField label=tr_attr!(users.email) name="user[email]" kind="email" autocomplete="off" problem=problem("email") />
                        <RolePicker name="user[roles][]" problem=problem("roles") />
                        <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
                        <div>
                            <button type="submit" class=BUTTON disabled=move || action.pending().get()>{tr!(users.add_user)}</button>
                        </div>
                    </ActionForm>
                </Show>
            </WithPage>
        </div>
    }
}

/// A temporary password, shown once, with how to hand it over.
#[component]
pub fn TemporaryPasswordNotice(temp: TemporaryPassword) -> impl IntoView {
    let i18n = use_i18n();
    let email = temp.email.clone();
    view! {
        <section class="mt-6 rounded border border-green-300 bg-green-50 p-4" role="status" aria-labelledby="temp-title">
            <h2 id="temp-title" class="font-semibold">{tr!(users.temp_password_title)}</h2>
            <p class="mt-1 text-sm">{t!(i18n, users.temp_password_text, email = email.clone())}</p>
            <p class="mt-3">
                <code class="select-all rounded bg-white px-2 py-1 font-mono text-lg" aria-label=tr_attr!(users.temp_password_title)>
                    {temp.password}
                </code>
            </p>
        </section>
    }
}
