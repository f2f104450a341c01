//! One member: their roles, password reset, removal.

use crate::ui::action_form::{ActionForm, FormAction};
use crate::ui::common::load;
use crate::ui::common::loaded;
use leptos::prelude::*;

use crate::model::page::Page;

use super::add::TemporaryPasswordNotice;
use super::role_picker::RolePicker;
use super::BUTTON;
use crate::api::users::{get_member, ChangeRoles, RemoveMember, ResetPassword};
use crate::i18n::*;
use crate::model::member::MemberRow;
use crate::model::role::can_reset_password;
use crate::model::AppError;
use crate::model::Role;
use crate::ui::common::{use_param, Loading, Show};
use crate::ui::context::{use_shell, WithShell};
use crate::ui::errors::{error_text, field_problem, ErrorView};
use crate::ui::forms::{track_version, Confirmed, FormVersion, SavedMeanwhile};
use crate::ui::names::role_name;

#[component]
pub fn MemberPage() -> impl IntoView {
    let shell = use_shell();
    let user_id = use_param("user_id");
    let member = load(
        move || (shell.partner_id(), user_id.get()),
        |(partner_id, user_id)| async move {
            get_member(
                partner_id.ok_or(AppError::NotFound)?,
                user_id.ok_or(AppError::NotFound)?,
            )
            .await
        },
    );
    view! {
        <p><a class="text-sm text-blue-700 underline" href=move || shell.href(Page::Users)>{tr!(users.back)}</a></p>
        <WithShell>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match loaded(member).await {
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                        Ok(m) => view! { <MemberDetails m /> }.into_any(),
                    }
                })}
            </Suspense>
        </WithShell>
    }
}

#[component]
fn MemberDetails(m: MemberRow) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let change = FormAction::<ChangeRoles>::new();
    let FormVersion { version, latest } =
        track_version::<Vec<Role>>(m.version, move || change.value().get());
    let error = move || change.value().get().and_then(Result::err);
    let other_error = move || error().filter(|e| !matches!(e, AppError::Invalid(_)));
    let saved = move || matches!(change.value().get(), Some(Ok(_)));
    let mine = shell.with(|d| d.account.roles.clone()).unwrap_or_default();
    // The model's rule, the one the server applies (which also needs the
    // person to belong to no other account, checked there).
    let may_reset = can_reset_password(&mine, &m.roles) && !m.is_you;
    let user_id = m.user_id.clone();
    let (id_reset, id_remove) = (user_id.clone(), user_id.clone());
    view! {
        <div class="max-w-2xl">
            <h1 class="mt-2 text-2xl font-semibold">{m.display_name.clone()}</h1>
            <p class="break-all text-slate-700">{m.email.clone()}</p>
            <ActionForm action=change attr:class="mt-6 flex flex-col gap-4">
                <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
                <input type="hidden" name="user_id" value=user_id.clone() />
                // The version the next save names (SPEC §9).
                <input type="hidden" name="version" value=move || version.get() />
                <RolePicker checked=m.roles.clone() problem=Signal::derive(move || field_problem(error(), "roles")) />
                <p role="alert" class="text-sm text-red-700">{move || other_error().map(|e| error_text(i18n, &e))}</p>
                {move || latest.get().map(|roles| {
                    let names = roles.iter().map(|r| role_name(i18n, *r)).collect::<Vec<_>>().join(", ");
                    view! { <SavedMeanwhile values=vec![(t_string!(i18n, users.roles).to_string(), names)] /> }
                })}
                <p role="status" class="text-sm">{move || saved().then(|| t_string!(i18n, users.roles_saved).to_string())}</p>
                <div><button type="submit" class=BUTTON disabled=move || change.pending().get()>{tr!(users.save_roles)}</button></div>
            </ActionForm>
            {may_reset.then(|| view! { <ResetPasswordControl user_id=id_reset /> })}
            {(!m.is_you).then(|| view! { <RemoveControl user_id=id_remove /> })}
        </div>
    }
    .into_any()
}

#[component]
fn ResetPasswordControl(user_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let reset = FormAction::<ResetPassword>::new();
    let user_id = StoredValue::new(user_id);
    let failed = move || reset.value().get().and_then(Result::err);
    let done = move || reset.value().get().and_then(Result::ok);
    view! {
        <section class="mt-8 border-t border-slate-200 pt-4" aria-labelledby="reset-title">
            <h2 id="reset-title" class="text-lg font-semibold">{tr!(users.reset_password)}</h2>
            <Show when=move || done().is_none() fallback=move || done().map(|temp| view! { <TemporaryPasswordNotice temp /> })>
                <div class="mt-2">
                    <Confirmed
                        label=Signal::derive(tr_attr!(users.reset_password))
                        question=Signal::derive(tr_attr!(users.reset_confirm))
                        confirm=Signal::derive(tr_attr!(users.confirm_reset))
                        action=reset
                    >
                        <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
                        <input type="hidden" name="user_id" value=user_id.get_value() />
                    </Confirmed>
                </div>
            </Show>
            <p role="alert" class="text-sm text-red-700">{move || failed().map(|e| error_text(i18n, &e))}</p>
        </section>
    }
}

#[component]
fn RemoveControl(user_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let remove = FormAction::<RemoveMember>::new();
    let failed = move || remove.value().get().and_then(Result::err);
    view! {
        <section class="mt-8 border-t border-slate-200 pt-4" aria-labelledby="remove-title">
            <h2 id="remove-title" class="text-lg font-semibold">{tr!(users.remove)}</h2>
            <div class="mt-2">
                <Confirmed
                    label=Signal::derive(tr_attr!(users.remove))
                    question=Signal::derive(tr_attr!(users.remove_confirm))
                    confirm=Signal::derive(tr_attr!(users.confirm_remove))
                    action=remove
                >
                    <input type="hidden" name="partner_id" value=move || shell.partner_id().unwrap_or_default() />
                    <input type="hidden" name="user_id" value=user_id.clone() />
                </Confirmed>
            </div>
            <p role="alert" class="text-sm text-red-700">{move || failed().map(|e| error_text(i18n, &e))}</p>
        </section>
    }
}
